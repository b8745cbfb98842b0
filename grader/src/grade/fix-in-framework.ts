/**
 * A mistake's story and fix in the learner's own framework, pure. The catalogue writes what the
 * learner did, its labelled variants and its fixes in numpy and Keras backend terms
 * (`np.mean(L, axis=0)`, `K.mean`, "over axis 1"); a learner who imports Keras, PyTorch or
 * TensorFlow gets the same text in those terms (`K.mean(L, axis=0)`, `torch.mean(L, dim=0)`,
 * `tf.reduce_mean(L, axis=0)`). Only calls are rewritten (`np.log(` but not a list of log
 * functions that already names every framework), then a fix that now says the same thing twice
 * ("A or A", "A / A") says it once.
 */
export type FixFramework = 'numpy' | 'keras' | 'keras-ops' | 'torch' | 'tensorflow';

/** The framework a submission's fixes are written in, from the modules it imports. */
export function fixFramework(imports: readonly string[]): FixFramework {
  const top = new Set(imports.map((m) => m.split('.')[0]));
  if (top.has('torch')) return 'torch';
  // Keras 3's ops alone (`from keras import ops`: ops.mean; it has no K.mean), as the runner names it.
  if (top.has('keras')) return imports.every((m) => m.split('.')[0] !== 'keras' || m === 'keras.ops') ? 'keras-ops' : 'keras';
  if (top.has('tensorflow')) return 'tensorflow';
  return 'numpy';
}

/** np.average(L, weights=w), which the framework has no call for, as the division it is. */
function weightedAverage(sum: string, axis: 'axis' | 'dim'): Array<[RegExp, string]> {
  return [
    [/\bnp\.average\(L, weights=w, axis=0\)/g, `${sum}(w * L, ${axis}=0) / ${sum}(w, ${axis}=0)`],
    [/\bnp\.average\(L, weights=w\)/g, `${sum}(w * L) / ${sum}(w)`],
  ];
}

const RULES: Record<Exclude<FixFramework, 'numpy'>, Array<[RegExp, string]>> = {
  keras: [
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'K.$1'],
    [/\bnp\.(mean|sum|log)\(/g, 'K.$1('],
    [/\bnp\.(mean|sum) (over|divided)/g, 'K.$1 $2'],
    ...weightedAverage('K.sum', 'axis'),
    [/\bnp\.abs\b/g, 'K.abs'],
    [/\bnp\.(mean|sum), /g, 'K.$1, '],
  ],
  'keras-ops': [
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'ops.$1'],
    [/\b(?:np|K)\.(mean|sum|log)\(/g, 'ops.$1('],
    [/\b(?:np|K)\.(mean|sum) (over|divided)/g, 'ops.$1 $2'],
    [/\bK\.cast\(/g, 'ops.cast('],
    ...weightedAverage('ops.sum', 'axis'),
    [/\bnp\.abs\b/g, 'ops.abs'],
    [/\bnp\.(mean|sum), /g, 'ops.$1, '],
  ],
  torch: [
    [/y_true = tf\.cast\(y_true, y_pred\.dtype\) \(PyTorch: (y_true\.to\(y_pred\.dtype\))\)/g, 'y_true = $1'],
    [/with TensorFlow or Keras, cast the labels first: tf\.cast\(labels, tf\.float32\) or K\.cast\(labels, 'float32'\)/g, 'with PyTorch, make the labels floats first: labels.float()'],
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'torch.$1'],
    [/\b(?:np|K)\.(mean|sum|log)\(([^()]*), axis=(\d)\)/g, 'torch.$1($2, dim=$3)'],
    [/\bnp\.(log10|log2|maximum|nan_to_num|nansum|nanmean)\b/g, 'torch.$1'],
    [/\b(?:np|K)\.(mean|sum|log)\(/g, 'torch.$1('],
    [/\b(?:np|K)\.(mean|sum) (over|divided)/g, 'torch.$1 $2'],
    ...weightedAverage('torch.sum', 'dim'),
    [/\bnp\.abs\b/g, 'torch.abs'],
    [/\bnp\.finfo\(float\)\.eps\b/g, 'torch.finfo(torch.float64).eps'],
    [/\bnp\.finfo\(np\.float32\)\.eps\b/g, 'torch.finfo(torch.float32).eps'],
    [/\bnp\.(mean|sum), axis (\d)/g, 'torch.$1, dim $2'],
    [/\bnp\.(mean|sum), /g, 'torch.$1, '],
    [/\(axis=(\d)\)/g, '(dim=$1)'],
    // "over axis 1, each example's labels, instead of axis 0": PyTorch's reductions take dim.
    [/\baxis (\d)\b/g, 'dim $1'],
  ],
  tensorflow: [
    [/ \(PyTorch: y_true\.to\(y_pred\.dtype\)\)/g, ''],
    [/or K\.cast\(labels, 'float32'\)/g, ''],
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'tf.reduce_$1'],
    [/\b(?:np|K)\.(mean|sum)\(/g, 'tf.reduce_$1('],
    [/\b(?:np|K)\.log\(/g, 'tf.math.log('],
    [/\bnp\.maximum\b/g, 'tf.maximum'],
    [/\b(?:np|K)\.(mean|sum) (over|divided)/g, 'tf.reduce_$1 $2'],
    ...weightedAverage('tf.reduce_sum', 'axis'),
    [/\bnp\.abs\b/g, 'tf.abs'],
    [/\bnp\.(mean|sum), /g, 'tf.reduce_$1, '],
  ],
};

export function fixInFramework(fix: string, framework: FixFramework): string {
  if (framework === 'numpy') return fix;
  let text = fix;
  for (const [pattern, replacement] of RULES[framework]) text = text.replace(pattern, replacement);
  // "torch.mean / torch.mean over dim 0", "A or A": once.
  return text.replace(/(\S+(?:\([^()]*(?:\([^()]*\))?[^()]*\))?) (?:\/|or) \1(?=[\s.,;:)]|$)/g, '$1').replace(/ +([.,;:)])/g, '$1');
}
