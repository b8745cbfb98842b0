/**
 * TensorFlow 1 names that TensorFlow 2 removed from its top level, as older course code and forum
 * answers write them (tf.log, tf.to_float, tf.Session): TensorFlow 2's AttributeError names the
 * attribute only. Name: what TensorFlow 2 writes (checked against tf.compat.v1 on TensorFlow 2.21).
 * grade-case.ts' hint for that AttributeError reads it, and load-note.ts' note on the ones the
 * runner puts back (runner._TF1_MATH and _TF1_CASTS) words each replacement from it.
 */
const TF1_MATH = ['log', 'log1p', 'log_sigmoid', 'count_nonzero', 'reciprocal', 'squared_difference', 'mod', 'floordiv', 'expm1', 'rsqrt', 'rint', 'ceil', 'is_nan', 'is_inf', 'is_finite', 'cumprod', 'bincount', 'erf', 'lgamma', 'digamma', 'segment_sum', 'segment_mean', 'unsorted_segment_sum'];
export const TF1_RENAMED: Readonly<Record<string, string>> = {
  ...Object.fromEntries(TF1_MATH.map((n) => [n, `tf.math.${n}`])),
  to_float: 'tf.cast(x, tf.float32)',
  to_double: 'tf.cast(x, tf.float64)',
  to_int32: 'tf.cast(x, tf.int32)',
  to_int64: 'tf.cast(x, tf.int64)',
  to_bfloat16: 'tf.cast(x, tf.bfloat16)',
  div: 'tf.math.divide (or /)',
  div_no_nan: 'tf.math.divide_no_nan',
  Print: 'tf.print',
};
