/**
 * The assignment's model: compute_class_freqs and the class-weighted loss, in float64.
 *
 * Everything here is pure and works on plain JS numbers (IEEE float64, the same semantics
 * as numpy: 0 * -inf is NaN, log(0) is -inf), so a model's non-finite result matches what a
 * learner's numpy code returns. Float32 cases are handled by the caller: their inputs are
 * rounded to float32 (Math.fround) before they reach these functions, and the result stays
 * float64 on those rounded inputs (the oracles' convention).
 *
 * The loss is written once, parameterised by a LossSpec: the correct computation is
 * CORRECT_LOSS, and each known mistake (reference/mistakes/) is a change to that spec, so two
 * mistakes combine by applying both changes.
 */

/** A row-major matrix of numbers: rows are examples, columns are classes. */
export type Matrix = readonly (readonly number[])[];

export interface LossInputs {
  yTrue: Matrix;
  yPred: Matrix;
  posWeights: readonly number[];
  negWeights: readonly number[];
  epsilon: number;
  /** The case calls get_weighted_loss(pos_weights, neg_weights) without epsilon: `epsilon` is the
   * assignment's default, and a learner's own default is what their loss uses (`eps: 'default'`). */
  epsilonOmitted?: boolean;
  /** The learner's loss computed in float32 (it returned float32, or ran again on float32 y_true
   * and y_pred): the diagnosis evaluates each model also in TensorFlow's graph order
   * (lossWithSpec's `order`), and `yPred` is already rounded to float32. */
  float32?: boolean;
}

/** The value of the epsilon parameter's default in the assignment's signature. */
export const DEFAULT_EPSILON = 1e-7;

/** How one term of the loss is reduced over the examples (see LossSpec.termReductions). */
export type TermReduction = 'mean' | 'sum' | 'classes' | 'own' | 'own-guarded';

/** How a (possibly wrong) loss is computed. */
export interface LossSpec {
  /** Where ε goes: inside both logs (correct), nowhere (the logs as they are, or with -inf made finite by np.nan_to_num), added after the log, in one log only, subtracted in the second log (log(1 − (p + ε))) or added to p up front and again in both logs (log(p + 2ε), log(1 − p)), a fixed value (`fixedEpsilon`) instead of the argument (in both logs, or in the first or the second only, the argument in the other), the argument where the case passes one and a default of the learner's (`fixedEpsilon`) where it leaves it out, clipping p to [ε, 1−ε] (or [1e-7, 1−1e-7]) with or without adding ε (Keras's binary_crossentropy: [1e-7, 1−1e-7] and 1e-7, in float64 or float32, on p or on p + ε added up front), each log's argument floored at ε (log(max(p, ε))), each log floored at −100 (PyTorch's binary_cross_entropy), np.ma.log without ε (a log of 0 masked: filled with 0, or the example left out of its class's mean), or ε added after a whole weighted term, outside the log and its factors (`w * y * log(p) + epsilon`: no brackets), to both terms, or to one while the other log is right. */
  eps:
    | 'inside'
    | 'none'
    | 'nan-to-num'
    | 'masked-zero'
    | 'masked'
    | 'outside'
    | 'outside-pos'
    | 'outside-neg'
    | 'pos-only'
    | 'neg-only'
    | 'fixed'
    | 'fixed-pos'
    | 'fixed-neg'
    | 'default'
    | 'subtracted'
    | 'added-twice'
    | 'clip'
    | 'clip-default'
    | 'clip-default-f32'
    | 'clip-add'
    | 'clip-default-add'
    | 'keras-bce'
    | 'keras-bce-f32'
    | 'keras-bce-shifted'
    | 'keras-bce-shifted-f32'
    | 'floor'
    | 'log-floor'
    | 'after-term'
    | 'after-term-pos'
    | 'after-term-neg'
    | 'after-sum'
    | 'extra'
    | 'doubled';
  /** The ε that `eps: 'fixed'` uses in place of the argument, that `eps: 'default'` uses where the
   * case leaves epsilon out (a default other than 1e-7 in the learner's signature; the argument where
   * the case passes one) (1e-7, K.epsilon(), or a literal the learner typed), and that `eps: 'extra'` adds next to it (log(p + ε + K.epsilon())); `eps: 'doubled'` adds the argument twice. */
  fixedEpsilon: number;
  /** Per-class reduction over examples: mean (correct), sum, mean over examples and classes, or
   * sum over examples and mean over classes (np.sum(np.mean(L, axis=1)): the axes swapped), or
   * the mean divided by N once more (np.mean(...) / N), or each term averaged over its own
   * examples only: the positive term's sum divided by the number of positives, the negative
   * term's by the number of negatives (a "balanced" reading; 0/0 = NaN for a class without one,
   * or, guarded with max(count, 1) or count + ε, a term of 0); 'mixed' reduces the two terms
   * differently (`termReductions`); 'weighted-average' and 'weighted-average-all' are
   * np.average(L, weights=w) with w the weight on each example's term: the weighted sum divided by
   * the sum of the weights instead of N, per class (axis=0) and summed, or over the whole matrix;
   * 'sum-over-n' sums what is taken for a class and divides by the case's N, which is the mean for a
   * column and, with `rowsNotColumns`, a row's sum over the classes divided by N (a loop over the
   * examples that sums each row and divides by N at the end); 'positives-mean' divides both
   * terms' sum by the class's number of positive examples (x/0 = ±inf, 0/0 = NaN for a class
   * without one), 'positives-mean-guarded' by max(count, 1), 'positives-mean-eps' by count + ε,
   * and 'positives-all' the whole matrix's sum by its number of positive labels: a detection
   * loss's normalisation by the positives, in place of N; 'over-n-minus-1' divides each class's sum by
   * N − 1 (the "unbiased" count of a sample variance: ±inf, or NaN for a sum of 0, on one example). */
  reduction: 'mean' | 'sum' | 'mean-all' | 'sum-mean-classes' | 'mean-over-n' | 'sum-over-n' | 'over-n-minus-1' | 'per-term-mean' | 'per-term-mean-guarded' | 'mixed' | 'weighted-average' | 'weighted-average-all' | 'positives-mean' | 'positives-mean-guarded' | 'positives-mean-eps' | 'positives-all';
  /** The weights and the cross-entropy averaged over the examples apart and then multiplied,
   * mean(w) · mean(bce) (a loss that reduces first: Keras's binary_crossentropy on a column
   * averages over the examples). A field of its own, so that it combines with a reduction that
   * scales each class's value (APART_REDUCTIONS): mean(w) · sum(bce) with 'sum' (the Keras mean
   * times N, or K.sum of the cross-entropy), ÷ C with 'mean-all', ÷ N with 'mean-over-n', × N / C
   * with 'sum-mean-classes'; with another reduction it is no loss anyone writes. */
  weightsApart: boolean;
  /** With `weightsApart`, what the two are reduced over: each class's examples (that class's
   * mean(w) · mean(bce), the classes' products added up), or the whole matrix at once, every
   * example and class: the weights and the cross-entropy each averaged (np.mean(w) *
   * np.mean(bce)) or each summed (np.sum(w) * np.sum(bce)), one product for the loss. A whole-matrix
   * product has no class to scale, so it goes with the reduction 'mean' only (an abs around a
   * class's value is then around that product). */
  apartOver: 'class' | 'matrix-mean' | 'matrix-sum';
  /** With `reduction: 'mixed'`, how each term is reduced on its own (the two written as separate
   * expressions): its mean over the examples, its sum, its mean over the classes (axis 1) summed,
   * or its sum over its own examples' count (÷ the positives, ÷ the negatives; 0/0 is NaN, or
   * guarded with max(count, 1)). */
  termReductions: { pos: TermReduction; neg: TermReduction };
  /** Which weights multiply the terms: pos-both / neg-both put one of the two on both terms;
   * pos-only / neg-only weight one term and leave the other unweighted (its weight left out);
   * reciprocal divides by them (1 / pos_weights[i]: "inverse frequency" applied once more);
   * complement uses 1 − pos_weights[i] and 1 − neg_weights[i] (the course's inversion applied once more);
   * pos-complement / neg-complement take one weight and its complement, 1 − pos_weights[i] on the
   * negative term (or 1 − neg_weights[i] on the positive one): the other parameter left unread,
   * right only where the two add up to 1, as the course's frequencies do. */
  weights: 'given' | 'swapped' | 'unit' | 'pos-only' | 'neg-only' | 'first' | 'recomputed' | 'recomputed-raw' | 'recomputed-inverse' | 'pos-both' | 'neg-both' | 'reciprocal' | 'complement' | 'pos-complement' | 'neg-complement';
  /** The weights `weights` picks made to add up to 1: each divided by the two's sum, wp / (wp + wn)
   * ('pair'), or each vector divided by its own sum over the classes, wp / Σ wp and wn / Σ wn
   * ('classes'); a field of its own, so that it combines with another weight mistake (swapped
   * weights normalised: nw / (pw + nw)). */
  normaliseWeights: 'no' | 'pair' | 'classes';
  /** What the logs take: log(p) and log(1−p) (correct), the same one in both terms, or the labels
   * instead of the predictions, log(y) and log(1−y) (y_true where y_pred belongs), or a negative
   * term with the complement taken of the log instead of inside it: 1 − log(p + ε), or
   * log(1) − log(p + ε) = −log(p + ε); or no logs at all, the squared errors (1 − p)² and p²
   * (negated, as the logs are). */
  logArgs: 'correct' | 'p-both' | '1mp-both' | 'labels' | 'one-minus-log' | 'log-one-minus-log' | 'squared';
  /** The weights inside the logs instead of in front of them: log(wp·p + ε) and log(wn·(1−p) + ε),
   * or log(wp·(p + ε)) and log(wn·(1−p + ε)); the terms then have no weight factor. */
  weightsInLog: 'no' | 'times-p' | 'times-p-eps';
  /** The label factors: y and (1−y) (correct), one of them left out, the same one on both terms,
   * the two exchanged ((1−y) on the positive term, y on the negative one, the weights and logs in
   * place: the same value as the weights and the logs both swapped), or the prediction where the
   * label belongs: (1−p) on the negative term, p on the positive one, or both. */
  labels: 'correct' | 'no-pos-factor' | 'no-neg-factor' | 'y-both' | '1my-both' | 'swapped' | 'p-neg' | 'p-pos' | 'p-both';
  /** -1 is correct (the loss is the negative log-likelihood). */
  sign: 1 | -1;
  /** An absolute value taken where the minus sign belongs (np.abs / abs): around the whole loss,
   * around each class's mean, or around each example's term. The log-likelihood is never positive
   * unless ε ≥ 1 or a weight is negative, so it hides a missing minus on every other case. */
  abs: 'none' | 'total' | 'class' | 'example';
  /** Which terms `sign` applies to: both (correct), or only the positive or only the negative one
   * (`-w·y·log(p) + w·(1−y)·log(1−p)`: the minus written on one term instead of around both). */
  signOn: 'both' | 'pos' | 'neg';
  logBase: 'e' | '10' | '2';
  /** y·log(1−p) and (1−y)·log(p) instead of y·log(p) and (1−y)·log(1−p). */
  swapTerms: boolean;
  /** weighted_loss(y_pred, y_true): labels and predictions exchanged. */
  swapArgs: boolean;
  /** Which classes are added up: all, only the last (`loss =` instead of `loss +=`), the first k (a
   * hard-coded class count), as many as there are examples (`range(len(y_true))`), or all but one
   * (an off-by-one loop: `range(len(pos_weights) - 1)` skips the last, `range(1, len(pos_weights))`
   * the first). */
  classes: { kind: 'all' } | { kind: 'last' } | { kind: 'first'; k: number } | { kind: 'examples' } | { kind: 'skip-last' } | { kind: 'skip-first' };
  /** Which terms the loss has: both (correct), or only the positive or only the negative one (the other left out entirely). */
  terms: 'both' | 'pos' | 'neg';
  /** y_true[i] (row i) instead of y_true[:, i] (column i) for class i. */
  rowsNotColumns: boolean;
  /** Which examples count: all, or all but the first (y_true[1:], a loop over range(1, N)) or
   * the last (y_true[:-1], a loop over range(N - 1)), averaged over the N − 1 left or divided by N. */
  examples: 'all' | 'skip-first' | 'skip-first-over-n' | 'skip-last' | 'skip-last-over-n';
  /** The whole y_true and y_pred (every class) in each class's term, weighted by that class's weights: the column index left out. */
  wholeMatrix: boolean;
  /** A sigmoid applied to the predictions, as if they were logits: log(sigmoid(p) + ε). */
  sigmoid: boolean;
  /** The predictions made hard labels before the logs, as if the loss scored the decisions: 1 where
   * p > 0.5 (`y_pred > 0.5`, or np.round / K.round / torch.round, which round 0.5 down to 0 as
   * round-half-to-even does) or p ≥ 0.5 (`y_pred >= 0.5`), else 0. */
  threshold: 'none' | 'gt' | 'ge';
  /** The two terms averaged instead of added, `np.mean([pos_loss, neg_loss])`, `(pos + neg) / 2` or
   * `0.5 * (...)`: half the loss, whatever else the learner did (each class's value, so the total, halved). */
  termsAveraged: boolean;
  /** Each term's factors averaged over the examples apart and then multiplied: 'product' is
   * w · mean(y) · mean(log(p + ε)) and w · mean(1 − y) · mean(log(1 − p + ε)), a product of means
   * where the mean of the products belongs (`pos_weights[i] * np.mean(y_true[:, i]) *
   * np.mean(np.log(y_pred[:, i] + epsilon))`); 'log-of-mean' is the log of the mean prediction
   * where the mean of the logs belongs, w · mean(y) · log(mean(p) + ε) and w · mean(1 − y) ·
   * log(1 − mean(p) + ε) (`np.log(np.mean(y_pred[:, i]) + epsilon)` inside the mean, or times the
   * labels' mean: the same value); 'log-of-mean-product' takes each term's mean of the label times
   * the prediction inside the log, w · log(mean(y · p) + ε) and w · log(mean((1 − y)(1 − p)) + ε).
   * Each class's value is then its mean (÷ C with 'mean-all'); with another reduction, an
   * example's own abs or a term after the log's ε it is no loss anyone writes (meansApartWritable). */
  meansApart: 'no' | 'product' | 'log-of-mean' | 'log-of-mean-product';
  /** The class index off by one between the weights and the columns: 'before' gives class k the
   * weights of class k − 1 (pos_weights[i - 1] and neg_weights[i - 1] in a loop over range(C); the
   * first class takes the last one's, Python's index −1), 'pos' and 'neg' one of the two only;
   * 'after' gives it class k + 1's (y_true[:, i - 1] and y_pred[:, i - 1] next to pos_weights[i]:
   * the classes paired the other way round, the last column with the first weights).
   * 'reversed' gives class k the weights of class C − 1 − k (pos_weights[::-1], np.flip, or
   * pos_weights[C - 1 - i] / pos_weights[-1 - i] in a loop), 'reversed-pos' and 'reversed-neg'
   * one of the two only. On weights the same read both ways (a palindrome) it is the right loss. */
  weightsShifted: 'no' | 'before' | 'pos' | 'neg' | 'after' | 'reversed' | 'reversed-pos' | 'reversed-neg';
}

/**
 * Whether a spec with meansApart is code a learner writes: each class's product of means, kept
 * (the loss) or divided by C (a mean over the classes); not with weightsApart (the weights are already apart), a reduction of each term or example of its
 * own, an abs around each example's term, ε added after a term, a masked log, or a loop over the
 * examples that divides by N whatever it summed.
 */
export function meansApartWritable(s: LossSpec): boolean {
  if (s.meansApart === 'no') return true;
  // A log of a mean is the log itself, with ε as in both logs (log(mean(p) + ε)): not a squared
  // error, a complement taken of the log, or weights inside it; a mean of products inside the log
  // takes the labels and predictions as they are, ε the same way in both logs.
  if (s.meansApart !== 'product' && (s.weightsInLog !== 'no' || !['correct', 'p-both', '1mp-both', 'labels'].includes(s.logArgs))) return false;
  if (s.meansApart === 'log-of-mean-product' && (s.logArgs !== 'correct' || s.swapTerms || s.labels !== 'correct' || ONE_LOG_EPSILONS.has(s.eps))) return false;
  return (
    (s.reduction === 'mean' || s.reduction === 'mean-all') &&
    !s.weightsApart &&
    s.abs !== 'example' &&
    !s.eps.startsWith('after-') &&
    s.eps !== 'masked' &&
    (s.examples === 'all' || s.examples === 'skip-first' || s.examples === 'skip-last')
  );
}

/** The ways of ε that treat the two logs differently. */
const ONE_LOG_EPSILONS: ReadonlySet<LossSpec['eps']> = new Set<LossSpec['eps']>(['fixed-pos', 'fixed-neg', 'outside-pos', 'outside-neg', 'pos-only', 'neg-only', 'subtracted', 'added-twice', 'after-term-pos', 'after-term-neg', 'after-sum']);

/** The reductions that weightsApart combines with: each scales a class's mean(w) · mean(bce). */
export const APART_REDUCTIONS: ReadonlySet<LossSpec['reduction']> = new Set<LossSpec['reduction']>(['mean', 'sum', 'mean-all', 'mean-over-n', 'sum-mean-classes']);

export const CORRECT_LOSS: LossSpec = Object.freeze<LossSpec>({
  eps: 'inside',
  fixedEpsilon: DEFAULT_EPSILON,
  reduction: 'mean',
  weightsApart: false,
  apartOver: 'class',
  termReductions: { pos: 'mean', neg: 'mean' },
  weights: 'given',
  normaliseWeights: 'no',
  logArgs: 'correct',
  weightsInLog: 'no',
  labels: 'correct',
  sign: -1,
  abs: 'none',
  signOn: 'both',
  logBase: 'e',
  swapTerms: false,
  swapArgs: false,
  classes: { kind: 'all' },
  terms: 'both',
  rowsNotColumns: false,
  examples: 'all',
  wholeMatrix: false,
  sigmoid: false,
  threshold: 'none',
  termsAveraged: false,
  meansApart: 'no',
  weightsShifted: 'no',
});

/** A model that cannot produce a value on these inputs raises, as the learner's Python would. */
export interface ModelError {
  error: 'IndexError';
  detail: string;
}

export type ModelValue = number | ModelError;

export function isModelError(v: unknown): v is ModelError {
  return typeof v === 'object' && v !== null && 'error' in v;
}

export interface ClassFreqs {
  pos: number[];
  neg: number[];
}

/**
 * Made-up class frequencies on which a submission's own weight assignments (`pos_weights =
 * freq_neg` in the notebook) are evaluated; all different, none 1/2, so each way of writing the
 * weights gives its own values.
 */
export const WEIGHT_PROBE: Readonly<ClassFreqs> = Object.freeze({ pos: [0.125, 0.75, 0.3], neg: [0.875, 0.25, 0.7] });

/**
 * The course's class weights: pos_weights = the negative frequencies, neg_weights = the positive
 * ones, so freq_pos · pos_weights = freq_neg · neg_weights and each class's positive and negative
 * examples contribute equally.
 */
export function courseWeights(f: ClassFreqs): { pos: number[]; neg: number[] } {
  return { pos: [...f.neg], neg: [...f.pos] };
}

/** Per-class fraction of positive and negative examples (column means of an N×C 0/1 matrix). */
export function computeClassFreqs(labels: Matrix): ClassFreqs {
  const n = labels.length;
  const c = labels[0]?.length ?? 0;
  const pos = new Array<number>(c).fill(0);
  for (const row of labels) for (let j = 0; j < c; j++) pos[j]! += row[j]!;
  const freqPos = pos.map((count) => count / n);
  return { pos: freqPos, neg: freqPos.map((f) => 1 - f) };
}

/** The correct loss: Σ_c mean_n −(wp_c·y·log(p+ε) + wn_c·(1−y)·log(1−p+ε)). */
export function weightedLoss(inputs: LossInputs): number {
  const v = lossWithSpec(inputs, CORRECT_LOSS);
  // The correct spec never indexes out of range.
  if (isModelError(v)) throw new Error(`reference loss raised ${v.detail}`);
  return v;
}

/**
 * The correct loss as a float32 program computes it: inputs, every product, sum and logarithm
 * rounded to float32 (Math.fround), the examples summed in order. `order` is how the second log's
 * argument is grouped: (1 − p) + ε as written, or (1 + ε) − p, as TensorFlow's graph (model.fit,
 * @tf.function) folds the constants; in float32, 1 + 1e-7 is 1.00000012, so at a prediction of
 * exactly 1 the two differ by ~1% in that log. A float32 loss is right when it is one of these
 * within the case's tolerance: float32's rounding, not a looser bound that a wrong ε would fit.
 */
export function weightedLossFloat32(inputs: LossInputs, order: 'as-written' | 'epsilon-first'): number {
  const f = Math.fround;
  const { yTrue, yPred, posWeights, negWeights } = inputs;
  const eps = f(inputs.epsilon);
  const n = yTrue.length;
  let loss = 0;
  for (let k = 0; k < (yTrue[0]?.length ?? 0); k++) {
    const wp = f(posWeights[k]!);
    const wn = f(negWeights[k]!);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const y = f(yTrue[i]![k]!);
      const p = f(yPred[i]![k]!);
      const pos = f(Math.log(f(p + eps)));
      const neg = f(Math.log(order === 'as-written' ? f(f(1 - p) + eps) : f(f(1 + eps) - p)));
      sum = f(sum - f(f(f(wp * y) * pos) + f(f(wn * f(1 - y)) * neg)));
    }
    loss = f(loss + f(sum / n));
  }
  return loss;
}

const LN = { e: 1, '10': Math.LN10, '2': Math.LN2 } as const;

/**
 * The loss computed the way `spec` says, on float64 inputs. With `order` 'epsilon-first', a log of
 * 1 − p + ε takes (1 + ε) − p in float32, as TensorFlow's graph (model.fit, @tf.function) folds
 * the constants (weightedLossFloat32): at a prediction of exactly 1 that log is log(1.19e-7), not
 * log(1e-7), which a float32 graph loss shows on every case with such a prediction, mistake or not.
 * Every other operation stays float64: float32's own rounding elsewhere is within a case's tolerance.
 */
export function lossWithSpec(inputs: LossInputs, spec: LossSpec, order: 'as-written' | 'epsilon-first' = 'as-written'): ModelValue {
  const [y, p] = spec.swapArgs ? [inputs.yPred, inputs.yTrue] : [inputs.yTrue, inputs.yPred];
  const n = y.length;
  const c = y[0]?.length ?? 0;
  const eps =
    spec.eps === 'fixed' || (spec.eps === 'default' && inputs.epsilonOmitted === true) ? spec.fixedEpsilon : spec.eps === 'extra' ? inputs.epsilon + spec.fixedEpsilon : spec.eps === 'doubled' ? 2 * inputs.epsilon : inputs.epsilon;
  const weights = pickWeights(spec, spec.weightsShifted === 'no' ? inputs : shifted(inputs, spec.weightsShifted), y);
  const classes = classIndices(spec, n, c);
  if (isModelError(classes)) return classes;
  const raised = indexPastEnd(spec, classes, n, weights.wp.length);
  if (raised) return raised;
  const lnBase = LN[spec.logBase];
  // The spec's choices, read once: the loop over the examples below runs for every example of
  // every class of every model the diagnosis evaluates, and comparing the spec's strings there
  // was most of its work. The arithmetic is unchanged.
  const epsMode = spec.eps;
  const sign = spec.sign;
  const sigmoid = spec.sigmoid;
  const threshold = spec.threshold;
  const swapTerms = spec.swapTerms;
  const posLabelIsP = spec.labels === 'p-pos' || spec.labels === 'p-both';
  const posLabelIs1my = spec.labels === '1my-both' || spec.labels === 'swapped';
  const negLabelIsP = spec.labels === 'p-neg' || spec.labels === 'p-both';
  const negLabelIsY = spec.labels === 'y-both' || spec.labels === 'swapped';
  const noPosFactor = spec.labels === 'no-pos-factor';
  const noNegFactor = spec.labels === 'no-neg-factor';
  const logOfLabels = spec.logArgs === 'labels';
  const pBoth = spec.logArgs === 'p-both';
  const oneMinusBoth = spec.logArgs === '1mp-both';
  const squared = spec.logArgs === 'squared';
  const oneMinusLog = spec.logArgs === 'one-minus-log';
  const logOneMinusLog = spec.logArgs === 'log-one-minus-log';
  const weightsTimesP = spec.weightsInLog === 'times-p';
  const weightsTimesPEps = spec.weightsInLog === 'times-p-eps';
  const fold = order === 'epsilon-first';
  const fixedEps = spec.fixedEpsilon;
  // Same operation order as the literal numpy formula, so IEEE NaN/inf propagate alike
  // (a left-out label factor leaves w·log, as `pos_weights[i] * np.log(...)` computes it).
  // 'after-sum': ε once after the two terms, w·y·log(p) + w·(1−y)·log(1−p) + ε: as after the first one.
  const posAfter = spec.eps === 'after-term' || spec.eps === 'after-term-pos' || spec.eps === 'after-sum' ? eps : 0;
  const negAfter = spec.eps === 'after-term' || spec.eps === 'after-term-neg' ? eps : 0;
  const onlyNeg = spec.terms === 'neg';
  const onlyPos = spec.terms === 'pos';
  const weightsApart = spec.weightsApart;
  const byPositives = spec.reduction === 'positives-mean' || spec.reduction === 'positives-mean-guarded' || spec.reduction === 'positives-mean-eps' || spec.reduction === 'positives-all';
  const perTerm = !weightsApart && (spec.reduction === 'per-term-mean' || spec.reduction === 'per-term-mean-guarded' || spec.reduction === 'mixed' || byPositives);
  const signOnBoth = spec.signOn === 'both';
  const signOnPos = spec.signOn === 'pos';
  const signOnNeg = spec.signOn === 'neg';
  const absExample = spec.abs === 'example';
  const masked = spec.eps === 'masked';
  const meansApart = spec.meansApart !== 'no';

  let total = 0;
  // For 'weighted-average-all': the weighted terms and the weights, over every class (for
  // 'positives-all': the terms and the positive labels).
  let accAll = 0;
  let wsumAll = 0;
  // For 'masked': whether some class had an example left; np.ma.sum of nothing but masked means is masked (NaN).
  let anyCounted = false;
  // The skipped example's sum divided by N whatever was summed: each class's mean is over N.
  const overN = spec.examples === 'skip-first-over-n' || spec.examples === 'skip-last-over-n';
  const classAbs = (x: number) => (spec.abs === 'class' ? Math.abs(x) : x);
  // For weightsApart over the whole matrix: the weights, the cross-entropy and the entries, over every class.
  const apartMatrix = weightsApart && spec.apartOver !== 'class';
  let matW = 0;
  let matB = 0;
  let matCount = 0;
  let matCounted = 0;
  for (const k of classes) {
    // Column k (correct) or row k (y_true[k]): the examples that class k is averaged over.
    // As Float64Arrays, like the weights (pickWeights): the inputs' arrays hold small integers or
    // doubles, which V8 stores apart, and meeting each kind here (and each in the weights' object)
    // sent this function's optimised code back to be compiled again ~10 times per batch, ~25% of
    // the compiler's work in a batch. The values are the same numbers.
    // Made once per matrix and shared by every model evaluated on it (matrixViews).
    let ys: Float64Array;
    let ps: Float64Array;
    if (spec.wholeMatrix) {
      ys = flatOf(y);
      ps = flatOf(p);
    } else if (spec.rowsNotColumns) {
      ys = rowOf(y, k);
      ps = rowOf(p, k);
    } else {
      ys = columnOf(y, k);
      ps = columnOf(p, k);
    }
    if (spec.examples !== 'all') {
      // The first (or last) example left out: an empty mean is 0/0 = NaN, as np.mean of y_true[1:] on one example.
      const [from, to] = spec.examples === 'skip-last' || spec.examples === 'skip-last-over-n' ? [0, -1] : [1, undefined];
      ys = ys.slice(from, to);
      ps = ps.slice(from, to);
    }
    // Weights written inside the logs multiply nothing outside them.
    const [wpIn, wnIn] = [weights.wp[k]!, weights.wn[k]!];
    const wp = spec.weightsInLog === 'no' ? wpIn : 1;
    const wn = spec.weightsInLog === 'no' ? wnIn : 1;
    // The weight on each example's terms: with the weights written apart, the cross-entropy is the
    // term without its weight, 1 (exact: 1 · x is x, NaN and -0 included).
    const termWp = weightsApart ? 1 : wp;
    const termWn = weightsApart ? 1 : wn;
    // Each example's loss summed; with weightsApart, its unweighted term (the cross-entropy).
    let acc = 0;
    let wsum = 0;
    // For 'per-term-mean': each term's signed sum and its own count of examples.
    let accPos = 0;
    let accNeg = 0;
    let nPos = 0;
    let nNeg = 0;
    // For 'weights-apart': each example's weight (w_p·y + w_n·(1−y)), summed apart from its term.
    let accW = 0;
    // For 'masked': the examples np.ma.log masked (a log of 0 or less), which a masked mean leaves out.
    let dropped = 0;
    // For meansApart: each term's label factor and its log, summed over the examples apart.
    let sumPosLabel = 0;
    let sumNegLabel = 0;
    let sumPosLog = 0;
    let sumNegLog = 0;
    let sumInLog = 0;
    let sumPosInLog = 0;
    let sumNegInLog = 0;
    for (let i = 0; i < ys.length; i++) {
      const yi = ys[i]!;
      // The label factors: y and 1 − y, or the prediction written where the label belongs.
      const posLabel = posLabelIsP ? ps[i]! : posLabelIs1my ? 1 - yi : yi;
      const negLabel = negLabelIsP ? 1 - ps[i]! : negLabelIsY ? yi : 1 - yi;
      // Weights written apart are no masked array: np.mean(w) counts an example the mask drops.
      if (weightsApart) accW += (onlyNeg ? 0 : wp * posLabel) + (onlyPos ? 0 : wn * negLabel);
      if (masked && !(ps[i]! > 0 && ps[i]! < 1)) {
        // The mask spreads to the whole term (y · masked is masked), so the example is not counted.
        dropped++;
        continue;
      }
      wsum += wp * yi + wn * (1 - yi);
      const pi = sigmoid ? 1 / (1 + Math.exp(-ps[i]!)) : threshold === 'none' ? ps[i]! : (threshold === 'gt' ? ps[i]! > 0.5 : ps[i]! >= 0.5) ? 1 : 0;
      const inLog = logOfLabels ? yi : pi;
      let [logP, log1mP] = logs(inLog, eps, epsMode, fold, fixedEps);
      if (weightsTimesP) {
        // log(w·p + ε): the weight scales what each log takes, however ε is added to it.
        logP = logs(wpIn * inLog, eps, epsMode, fold, fixedEps)[0];
        log1mP = logs(1 - wnIn * (1 - inLog), eps, epsMode, fold, fixedEps)[1];
      } else if (weightsTimesPEps) {
        logP = Math.log(wpIn) + logP;
        log1mP = Math.log(wnIn) + log1mP;
      }
      const posArg = oneMinusBoth ? log1mP : pBoth || !swapTerms ? logP : log1mP;
      const negArg = pBoth ? logP : oneMinusBoth || !swapTerms ? log1mP : logP;
      const posLog = squared ? -((1 - pi) ** 2) : posArg / lnBase;
      const negLog =
        squared ? -(pi ** 2) : oneMinusLog ? 1 - logP / lnBase : logOneMinusLog ? -logP / lnBase : negArg / lnBase;
      // A term left out entirely is 0, whatever its log is (no 0 · inf = NaN: the learner never computed it).
      // Written apart from the weights, the cross-entropy has the same label factors (or none), ε
      // after it, minus sign on one term or both and abs around each example's value.
      const posTerm = onlyNeg ? 0 : (noPosFactor ? termWp * posLog : termWp * posLabel * posLog) + posAfter;
      const negTerm = onlyPos ? 0 : (noNegFactor ? termWn * negLog : termWn * negLabel * negLog) + negAfter;
      // A minus on one term only is `-posTerm + negTerm`: the sign goes on that term and the
      // other keeps the opposite one, as the learner's literal expression computes it.
      if (perTerm) {
        // Negation is exact in IEEE arithmetic, so -(a + b) and (-a) + (-b) agree.
        accPos += (signOnNeg ? -sign : sign) * posTerm;
        accNeg += (signOnPos ? -sign : sign) * negTerm;
        nPos += yi;
        nNeg += 1 - yi;
        continue;
      }
      const term = signOnBoth ? sign * (posTerm + negTerm) : signOnPos ? sign * posTerm - sign * negTerm : -sign * posTerm + sign * negTerm;
      acc += absExample ? Math.abs(term) : term;
      if (meansApart) {
        sumPosLabel += posLabel;
        sumNegLabel += negLabel;
        sumPosLog += posLog;
        sumNegLog += negLog;
        sumInLog += inLog;
        sumPosInLog += posLabel * inLog;
        sumNegInLog += negLabel * (1 - inLog);
      }
    }
    if (meansApart) {
      // w · mean(label) · mean(log) for each term (or the log of a mean), then the sign as on one example's terms.
      const m = ys.length;
      let posLogMean = sumPosLog / m;
      let negLogMean = sumNegLog / m;
      if (spec.meansApart === 'log-of-mean') {
        // The logs of the mean prediction, each term's as the spec picks them for one example.
        const [lp, l1mp] = logs(sumInLog / m, eps, epsMode, fold, fixedEps);
        posLogMean = (oneMinusBoth ? l1mp : pBoth || !swapTerms ? lp : l1mp) / lnBase;
        negLogMean = (pBoth ? lp : oneMinusBoth || !swapTerms ? l1mp : lp) / lnBase;
      }
      const productInLog = spec.meansApart === 'log-of-mean-product';
      // log(mean(y · p) + ε), log(mean((1 − y)(1 − p)) + ε): each the first log's form, with no label factor outside it.
      const posMean = onlyNeg ? 0 : productInLog ? wp * (logs(sumPosInLog / m, eps, epsMode, fold, fixedEps)[0] / lnBase) : (noPosFactor ? wp : wp * (sumPosLabel / m)) * posLogMean;
      const negMean = onlyPos ? 0 : productInLog ? wn * (logs(sumNegInLog / m, eps, epsMode, fold, fixedEps)[0] / lnBase) : (noNegFactor ? wn : wn * (sumNegLabel / m)) * negLogMean;
      const value = signOnBoth ? sign * (posMean + negMean) : signOnPos ? sign * posMean - sign * negMean : -sign * posMean + sign * negMean;
      total += classAbs(reduceClass(spec.reduction, value * m, value, n, c));
      continue;
    }
    if (spec.reduction === 'mixed') {
      const reduce = (how: TermReduction, sum: number, count: number) =>
        how === 'mean' ? sum / ys.length : how === 'sum' ? sum : how === 'classes' ? sum / c : how === 'own' ? sum / count : sum / Math.max(count, 1);
      const { pos, neg } = spec.termReductions;
      total += (spec.terms === 'neg' ? 0 : reduce(pos, accPos, nPos)) + (spec.terms === 'pos' ? 0 : reduce(neg, accNeg, nNeg));
      continue;
    }
    if (spec.reduction === 'per-term-mean') {
      total += (spec.terms === 'neg' ? 0 : accPos / nPos) + (spec.terms === 'pos' ? 0 : accNeg / nNeg);
      continue;
    }
    if (perTerm && byPositives) {
      // Both terms' sum over the class's positives, as -(np.sum(Lp) + np.sum(Ln)) / n_pos computes it.
      const both = accPos + accNeg;
      if (spec.reduction === 'positives-all') {
        accAll += both;
        wsumAll += nPos;
      } else {
        total += both / (spec.reduction === 'positives-mean-guarded' ? Math.max(nPos, 1) : spec.reduction === 'positives-mean-eps' ? nPos + eps : nPos);
      }
      continue;
    }
    // What weightsApart's means divide by: the examples summed, or N whatever was summed (the
    // skipped example's sum over N); the cross-entropy's masked mean, by the examples np.ma kept.
    const apartDen = overN ? n : ys.length;
    const bceDen = masked ? ys.length - dropped : apartDen;
    if (apartMatrix) {
      matW += accW;
      matB += acc;
      matCount += apartDen;
      matCounted += bceDen;
      if (bceDen > 0) anyCounted = true;
      continue;
    }
    if (weightsApart) {
      // mean(w) · mean(bce) is this class's mean; mean(w) · sum(bce), its sum. A class whose every
      // example is masked has a masked product, which np.ma.sum leaves out.
      if (bceDen === 0 && masked) continue;
      anyCounted = true;
      const meanW = accW / apartDen;
      const classLoss = reduceClass(spec.reduction, meanW * acc, meanW * (acc / bceDen), n, c);
      total += classAbs(classLoss);
      continue;
    }
    if (spec.reduction === 'per-term-mean-guarded') {
      total += accPos / Math.max(nPos, 1) + accNeg / Math.max(nNeg, 1);
      continue;
    }
    if (spec.reduction === 'weighted-average-all') {
      accAll += acc;
      wsumAll += wsum;
      continue;
    }
    if (spec.reduction === 'weighted-average') {
      total += acc / wsum;
      continue;
    }
    // A class whose every example is masked has a masked mean, which np.ma.sum leaves out: 0.
    const counted = ys.length - dropped;
    if (counted > 0) anyCounted = true;
    // The class's mean over its examples: over all N where the learner divides by N whatever it
    // summed (the skipped example's sum over N), over those counted where np.ma left some out.
    const mean = overN ? acc / n : masked && counted === 0 ? 0 : acc / counted;
    const classLoss = reduceClass(spec.reduction, acc, mean, n, c);
    total += classAbs(classLoss);
  }
  if (spec.reduction === 'weighted-average-all' || (perTerm && spec.reduction === 'positives-all')) total = accAll / wsumAll;
  if (apartMatrix) {
    const product = spec.apartOver === 'matrix-mean' ? (matW / matCount) * (matB / matCounted) : matW * matB;
    total = classAbs(product);
  }
  if (masked && !anyCounted) return NaN;
  const loss = spec.abs === 'total' ? Math.abs(total) : total;
  // Halving is exact in binary floating point: the same value as numpy's (pos + neg) / 2 summed.
  return spec.termsAveraged ? loss / 2 : loss;
}

/**
 * One class's value under a reduction that scales it (APART_REDUCTIONS), from its sum over the
 * examples and its mean: the one table for the loss term by term and for weightsApart's
 * mean(w) · mean(bce) alike. Any other reduction (a loss weightsApart makes no one writes) is the mean.
 */
function reduceClass(reduction: LossSpec['reduction'], sum: number, mean: number, n: number, c: number): number {
  switch (reduction) {
    case 'sum':
      return sum;
    case 'sum-mean-classes':
      return sum / c;
    case 'mean-all':
      return mean / c;
    case 'mean-over-n':
      return mean / n;
    case 'sum-over-n':
      return sum / n;
    case 'over-n-minus-1':
      return sum / (n - 1);
    default:
      return mean;
  }
}

/** log(1 − p + ε), or with `fold` as TensorFlow's float32 graph computes it: log((1 + ε) − p) in float32. */
const logOneMinus = (p: number, eps: number, fold: boolean) => (fold ? Math.log(Math.fround(Math.fround(1 + eps) - p)) : Math.log(1 - p + eps));

function logs(p: number, eps: number, mode: LossSpec['eps'], fold = false, fixed = DEFAULT_EPSILON): [number, number] {
  switch (mode) {
    // A fixed value (K.epsilon()) in one log, the argument in the other.
    case 'fixed-pos':
      return [Math.log(p + fixed), logOneMinus(p, eps, fold)];
    case 'fixed-neg':
      return [Math.log(p + eps), logOneMinus(p, fixed, fold)];
    case 'inside':
    case 'fixed':
    case 'default':
    case 'extra':
    case 'doubled':
      return [Math.log(p + eps), logOneMinus(p, eps, fold)];
    case 'none':
    case 'after-term':
    case 'after-sum':
      return [Math.log(p), Math.log(1 - p)];
    case 'masked-zero':
    case 'masked':
      // np.ma.log masks a log of 0 or less; .filled(0), or np.ma.sum, makes it 0 ('masked' drops
      // the example in lossWithSpec before its logs are used).
      return [p > 0 ? Math.log(p) : 0, 1 - p > 0 ? Math.log(1 - p) : 0];
    case 'nan-to-num':
      // np.nan_to_num(np.log(p)): log(0) = -inf becomes the most negative float, so a label factor
      // of 0 makes the term -0 instead of NaN, and a factor of 1 makes it huge (inf once summed).
      return [Math.max(Math.log(p), -Number.MAX_VALUE), Math.max(Math.log(1 - p), -Number.MAX_VALUE)];
    case 'after-term-pos': // the other log is right
      return [Math.log(p), logOneMinus(p, eps, fold)];
    case 'after-term-neg':
      return [Math.log(p + eps), Math.log(1 - p)];
    case 'outside':
      return [Math.log(p) + eps, Math.log(1 - p) + eps];
    case 'outside-pos':
      return [Math.log(p) + eps, logOneMinus(p, eps, fold)];
    case 'outside-neg':
      return [Math.log(p + eps), Math.log(1 - p) + eps];
    case 'pos-only':
      return [Math.log(p + eps), Math.log(1 - p)];
    case 'neg-only':
      return [Math.log(p), logOneMinus(p, eps, fold)];
    case 'subtracted':
      // log(1 - (p + ε)): ε added to p before the subtraction, so it is subtracted.
      return [Math.log(p + eps), Math.log(1 - (p + eps))];
    case 'added-twice':
      // y_pred = y_pred + ε up front, then the formula's own + ε inside each log: log(p + 2ε), and
      // in the second log the two cancel, log(1 - p) (in numpy's order, (1 - (p + ε)) + ε).
      return [Math.log(p + eps + eps), Math.log(1 - (p + eps) + eps)];
    case 'clip':
    case 'clip-default':
    case 'clip-add':
    case 'clip-default-add': {
      // np.clip(p, lo, 1 - lo), with lo = epsilon or K.epsilon() = 1e-7; when lo > 1/2 the bounds
      // cross and numpy returns the upper one. The -add modes also add epsilon inside the logs.
      // In the float32 pass (`fold`: a loss computed in float32, eager or graph) a clip to the
      // epsilon argument has float32 bounds, as on a float32 tensor (torch.clamp, np.clip,
      // tf.clip_by_value): 1 - 1e-7 is 0.99999988 there, so a prediction of 1 gives log(1.19e-7),
      // ~1% off log(1e-7). (K.epsilon()'s clip in float32 is its own way, 'clip-default-f32'.)
      const own = mode === 'clip' || mode === 'clip-add';
      const lo = own ? eps : DEFAULT_EPSILON;
      const q = fold && own ? Math.min(Math.max(p, Math.fround(lo)), Math.fround(1 - lo)) : Math.min(Math.max(p, lo), 1 - lo);
      const add = mode === 'clip-add' || mode === 'clip-default-add' ? eps : 0;
      return [Math.log(q + add), Math.log(1 - q + add)];
    }
    case 'clip-default-f32': {
      // Keras 3's binary_crossentropy (and its BinaryCrossentropy loss, which casts to float32):
      // clipped to [1e-7, 1 - 1e-7] in float32, where 1 - 1e-7 is 0.99999988, so a prediction of
      // 1 gives log(1.19e-7), not log(1e-7); no epsilon added. The predictions are float32 too
      // (the loss casts them, or the learner did): a prediction 1e-4 from 1 moves by up to 6e-8,
      // 6e-4 of 1 - p, which log(1 - p) keeps.
      const lo = Math.fround(DEFAULT_EPSILON);
      const q = Math.min(Math.max(Math.fround(p), lo), Math.fround(1 - DEFAULT_EPSILON));
      return [Math.log(q), Math.log(1 - q)];
    }
    case 'keras-bce': {
      // Keras 2's K.binary_crossentropy: clipped to [1e-7, 1 - 1e-7] and 1e-7 added inside both
      // logs, K.epsilon() both times, whatever epsilon get_weighted_loss was given.
      const q = Math.min(Math.max(p, DEFAULT_EPSILON), 1 - DEFAULT_EPSILON);
      return [Math.log(q + DEFAULT_EPSILON), Math.log(1 - q + DEFAULT_EPSILON)];
    }
    case 'keras-bce-f32': {
      // The same on float32 tensors (Keras passes them; a loss that casts its inputs): the clip,
      // the +1e-7 and the logs in float32. 1 - 1e-7 is 0.99999988, so a prediction of 1 gives
      // log(1.19e-7 + 1e-7) = log(2.19e-7), ~0.09 above the float64 log(2e-7).
      const f = Math.fround;
      const e = f(DEFAULT_EPSILON);
      const q = Math.min(Math.max(f(p), e), f(1 - DEFAULT_EPSILON));
      return [f(Math.log(f(q + e))), f(Math.log(f(f(1 - q) + e)))];
    }
    case 'keras-bce-shifted':
    case 'keras-bce-shifted-f32': {
      // K.binary_crossentropy(y_true, y_pred + epsilon): epsilon added to the predictions up front,
      // then Keras's own clip to [1e-7, 1 - 1e-7] and 1e-7 inside both logs (in float32 on float32
      // tensors, the sum p + ε too). A prediction of 0 gives log(ε + 1e-7), one of 1 log(2e-7).
      const f = mode === 'keras-bce-shifted-f32' ? Math.fround : (x: number) => x;
      const e = f(DEFAULT_EPSILON);
      const q = Math.min(Math.max(f(f(p) + f(eps)), e), f(1 - DEFAULT_EPSILON));
      return [f(Math.log(f(q + e))), f(Math.log(f(f(1 - q) + e)))];
    }
    case 'floor':
      // np.log(np.maximum(p, epsilon)): unlike clipping, a prediction of 1 keeps log(1) = 0.
      return [Math.log(Math.max(p, eps)), Math.log(Math.max(1 - p, eps))];
    case 'log-floor':
      // torch.nn.functional.binary_cross_entropy clamps each log at -100 and takes no epsilon.
      return [Math.max(Math.log(p), -100), Math.max(Math.log(1 - p), -100)];
  }
}

/**
 * A matrix's columns, rows and flattening as Float64Arrays, each made the first time a model
 * reads it. The diagnosis evaluates thousands of models on the same few dozen cases at the start
 * of a batch, and making them anew for each model (two typed arrays per class) was most of what
 * those evaluations allocated. Keyed by the matrix, which nothing changes once a case is loaded
 * (`Matrix` is read-only); the arrays are only read.
 */
interface MatrixViews {
  columns: (Float64Array | undefined)[];
  rows: (Float64Array | undefined)[];
  flat: Float64Array | undefined;
}
const matrixViews = new WeakMap<Matrix, MatrixViews>();
function viewsOf(m: Matrix): MatrixViews {
  let v = matrixViews.get(m);
  if (!v) matrixViews.set(m, (v = { columns: [], rows: [], flat: undefined }));
  return v;
}
const columnOf = (m: Matrix, k: number): Float64Array => (viewsOf(m).columns[k] ??= Float64Array.from(m, (row) => row[k]!));
const rowOf = (m: Matrix, k: number): Float64Array => (viewsOf(m).rows[k] ??= Float64Array.from(m[k]!));
const flatOf = (m: Matrix): Float64Array => (viewsOf(m).flat ??= Float64Array.from(m.flat()));

/** The inputs with each class given another class's weights, as LossSpec.weightsShifted says. */
function shifted(inputs: LossInputs, how: Exclude<LossSpec['weightsShifted'], 'no'>): LossInputs {
  if (how === 'reversed' || how === 'reversed-pos' || how === 'reversed-neg') {
    return {
      ...inputs,
      posWeights: how === 'reversed-neg' ? inputs.posWeights : [...inputs.posWeights].reverse(),
      negWeights: how === 'reversed-pos' ? inputs.negWeights : [...inputs.negWeights].reverse(),
    };
  }
  const by = how === 'after' ? 1 : -1;
  const move = (w: readonly number[]) => w.map((_, k) => w[(k + by + w.length) % w.length]!);
  return {
    ...inputs,
    posWeights: how === 'neg' ? inputs.posWeights : move(inputs.posWeights),
    negWeights: how === 'pos' ? inputs.negWeights : move(inputs.negWeights),
  };
}

/** A pair of class weights, as Float64Arrays made at one place (see lossWithSpec). */
const weightPair = (wp: readonly number[], wn: readonly number[]): { wp: Float64Array; wn: Float64Array } => ({ wp: Float64Array.from(wp), wn: Float64Array.from(wn) });

function pickWeights(spec: LossSpec, inputs: LossInputs, y: Matrix): { wp: Float64Array; wn: Float64Array } {
  const w = pickedWeights(spec, inputs, y);
  if (spec.normaliseWeights === 'no') return w;
  // Each divided by the two's sum: wp / (wp + wn), wn / (wp + wn).
  if (spec.normaliseWeights === 'pair') return { wp: w.wp.map((x, i) => x / (x + w.wn[i]!)), wn: w.wn.map((x, i) => x / (w.wp[i]! + x)) };
  // Each vector over its own sum (pos_weights / np.sum(pos_weights)), summed in order: numpy's own
  // order below 8 classes only; from 8 on its pairwise sum keeps 8 partial sums and adds them at the
  // end, which can differ in the last bits, well within the tolerance the results are compared with.
  const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
  const sp = sum(w.wp);
  const sn = sum(w.wn);
  return { wp: w.wp.map((x) => x / sp), wn: w.wn.map((x) => x / sn) };
}

function pickedWeights(spec: LossSpec, inputs: LossInputs, y: Matrix): { wp: Float64Array; wn: Float64Array } {
  switch (spec.weights) {
    case 'given':
      return weightPair(inputs.posWeights, inputs.negWeights);
    case 'swapped':
      return weightPair(inputs.negWeights, inputs.posWeights);
    case 'pos-both':
      return weightPair(inputs.posWeights, inputs.posWeights);
    case 'neg-both':
      return weightPair(inputs.negWeights, inputs.negWeights);
    case 'reciprocal':
      return weightPair(inputs.posWeights.map((w) => 1 / w), inputs.negWeights.map((w) => 1 / w));
    case 'complement':
      return weightPair(inputs.posWeights.map((w) => 1 - w), inputs.negWeights.map((w) => 1 - w));
    case 'unit': {
      const ones = inputs.posWeights.map(() => 1);
      return weightPair(ones, ones);
    }
    case 'pos-only':
      return weightPair(inputs.posWeights, inputs.negWeights.map(() => 1));
    case 'neg-only':
      return weightPair(inputs.posWeights.map(() => 1), inputs.negWeights);
    case 'pos-complement':
      return weightPair(inputs.posWeights, inputs.posWeights.map((w) => 1 - w));
    case 'neg-complement':
      return weightPair(inputs.negWeights.map((w) => 1 - w), inputs.negWeights);
    case 'first':
      return weightPair(inputs.posWeights.map(() => inputs.posWeights[0]!), inputs.negWeights.map(() => inputs.negWeights[0]!));
    case 'recomputed':
    case 'recomputed-raw': {
      // The batch's frequencies, with the course's inversion, or used as they are (positive
      // frequency on the positive term): the weights taken without inverting them.
      const f = computeClassFreqs(y);
      const w = spec.weights === 'recomputed' ? courseWeights(f) : f;
      return weightPair(w.pos, w.neg);
    }
    case 'recomputed-inverse': {
      // The batch's inverse frequencies, n / count, as class-weight recipes give them. A class
      // with no positives (or no negatives) divides by zero: inf · 0 is NaN, as in numpy.
      // scikit-learn's "balanced" n / (2 · count) is not a model: on a case whose weights are the
      // course's, it equals the given weights normalised by their sum (np.average(bce,
      // weights=w)), another mistake, and a partial match could not tell the two apart.
      const f = computeClassFreqs(y);
      return weightPair(f.pos.map((x) => 1 / x), f.neg.map((x) => 1 / x));
    }
  }
}

function classIndices(spec: LossSpec, n: number, c: number): number[] | ModelError {
  const all = Array.from({ length: c }, (_, i) => i);
  switch (spec.classes.kind) {
    case 'all':
      return all;
    case 'last':
      return c > 0 ? [c - 1] : [];
    case 'first':
      return spec.classes.k > c ? indexError(c, 1, c) : all.slice(0, spec.classes.k);
    case 'examples':
      // y_true[:, i] for i up to N − 1: out of range as soon as there are more examples than classes.
      return n > c ? indexError(c, 1, c) : all.slice(0, n);
    case 'skip-last':
      return all.slice(0, -1);
    case 'skip-first':
      return all.slice(1);
  }
}

/**
 * The IndexError the loss of `spec` raises on these inputs, or undefined: what lossWithSpec returns
 * in place of a value, found without its arithmetic over the examples (which classes the loop
 * reads, and whether a row or a weight it indexes is past the end). The diagnosis asks it of every
 * way of a candidate on a case where the learner's code raised IndexError, where a value would tell
 * nothing more.
 */
export function lossError(inputs: LossInputs, spec: LossSpec): ModelError | undefined {
  const y = spec.swapArgs ? inputs.yPred : inputs.yTrue;
  const n = y.length;
  const c = y[0]?.length ?? 0;
  const classes = classIndices(spec, n, c);
  if (isModelError(classes)) return classes;
  return indexPastEnd(spec, classes, n, pickWeights(spec, spec.weightsShifted === 'no' ? inputs : shifted(inputs, spec.weightsShifted), y).wp.length);
}

/**
 * The first class of the loop (in its order) that indexes past the end: a row y_true[k] of a loss
 * that reads rows, or a weight pos_weights[k]. As numpy, at the first such k of the loop.
 */
function indexPastEnd(spec: LossSpec, classes: number[], n: number, weightCount: number): ModelError | undefined {
  for (const k of classes) {
    if (!spec.wholeMatrix && spec.rowsNotColumns && k >= n) return indexError(k, 0, n);
    if (k >= weightCount) return indexError(k, 0, weightCount);
  }
  return undefined;
}

function indexError(index: number, axis: number, size: number): ModelError {
  return { error: 'IndexError', detail: `index ${index} is out of bounds for axis ${axis} with size ${size}` };
}

/** How a (possibly wrong) compute_class_freqs is computed. */
export interface FreqSpec {
  /** 0 is correct (per class); 1 averages each example's labels instead; 'all' reduces the whole
   * matrix to one number (np.mean(labels) without an axis). */
  axis: 0 | 1 | 'all';
  /** What the counts are divided by: N (correct), N − 1, C, N·C, nothing (raw counts), or the
   * sum of the side's counts over every class ('share': each class's share of all the positive
   * labels, `labels.sum(axis=0) / labels.sum()`, and of all the negative ones). */
  denominator: 'N' | 'N-1' | 'C' | 'NC' | 'none' | 'share';
  /** `//` instead of `/`: floors the fractions. */
  floor: boolean;
  /** Returns (negative, positive) instead of (positive, negative). */
  swapped: boolean;
  /** How the negative frequencies are derived: from the negative counts, as 1 − positive, as
   * 1 / positive (the reciprocal where the complement belongs), as N − positive (the complement
   * taken of the count N), or from ~labels on integers (bitwise NOT: −label − 1, so −1 − positive). */
  neg: 'count' | 'one-minus' | 'reciprocal' | 'n-minus' | 'bitwise-not';
  /** One side left as counts while the other is divided: `N - np.sum(labels, axis=0)` for the negatives. */
  undivided: 'neither' | 'pos' | 'neg';
  /** Both sides computed the same way (a copy-paste slip): both the positive ones, or both the negative ones. */
  copied: 'none' | 'pos' | 'neg';
  /** Which side the axis, denominator and floor above are used for: both, or the negatives only
   * (`np.mean(1 - labels)` under a right `np.mean(labels, axis=0)`), the positives being right. */
  only: 'both' | 'neg';
  /** Which classes are computed: all (correct), or the first k (`np.zeros(14)` and a loop over
   * range(14)): an IndexError when the labels have fewer than k columns, k values when more; or
   * all but the first or the last (labels[:, 1:], labels[:, :-1], an off-by-one range): C − 1 values;
   * or that class left as np.zeros(C) had it, an off-by-one loop filling an array of C values: its
   * positive frequency 0, its negative one 0 too, or 1 where the negatives are 1 − positive; or
   * 'padded', np.zeros(k) filled by a loop over the columns: the C values, then k − C zeros (ones
   * for the negatives where they are 1 − positive), an IndexError when the labels have more than k. */
  classes: { kind: 'all' } | { kind: 'first'; k: number } | { kind: 'padded'; k: number } | { kind: 'skip-first' } | { kind: 'skip-last' } | { kind: 'zero-first' } | { kind: 'zero-last' };
  /** The first example (row) left out: np.mean(labels[1:], axis=0), over the N − 1 rows left, or
   * a loop over range(1, N) divided by N. */
  skipFirst: 'no' | 'mean' | 'over-n';
  /** Which row `skipFirst` leaves out: the first (labels[1:], range(1, N)) or the last (labels[:-1], range(N - 1)). */
  skipRow: 'first' | 'last';
  /** Each class counted with np.unique(labels[:, i], return_counts=True), its counts taken as
   * [negatives, positives]: right while a column holds both labels, an IndexError (counts[1] of
   * one count) on a column of only 0s or only 1s. 'bincount': np.bincount(labels[:, i]) without
   * minlength=2, whose counts are as long as the column's largest label plus one: an IndexError on
   * a column of only 0s alone. */
  unique: boolean | 'bincount';
  /** Class weights returned where the frequencies belong: 'no' (correct), 'inverse' (N / count,
   * 1 / each fraction) or 'balanced' (N / (2 · count), scikit-learn's compute_class_weight
   * 'balanced' with two label values); a count of 0 gives inf, as numpy's division does. */
  inverted: 'no' | 'inverse' | 'balanced';
}

export const CORRECT_FREQS: FreqSpec = Object.freeze<FreqSpec>({
  axis: 0,
  denominator: 'N',
  floor: false,
  swapped: false,
  neg: 'count',
  undivided: 'neither',
  copied: 'none',
  only: 'both',
  classes: { kind: 'all' },
  skipFirst: 'no',
  skipRow: 'first',
  unique: false,
  inverted: 'no',
});

/**
 * compute_class_freqs computed the way `spec` says. Vectors have length C (axis 0), N (axis 1) or
 * 1 (no axis: one number each); k for a fixed class count k ≤ C, an IndexError above C.
 */
export function freqsWithSpec(labels: Matrix, spec: FreqSpec): ClassFreqs | ModelError {
  if (spec.unique) {
    const c = labels[0]?.length ?? 0;
    const single = spec.unique === 'bincount' ? (j: number) => labels.every((row) => row[j] === 0) : (j: number) => labels.every((row) => row[j] === labels[0]![j]);
    const constant = Array.from({ length: c }, (_, j) => single(j)).some(Boolean);
    return constant ? indexError(1, 0, 1) : freqsWithSpec(labels, { ...spec, unique: false });
  }
  if (spec.inverted !== 'no') {
    const f = freqsWithSpec(labels, { ...spec, inverted: 'no' });
    const k = spec.inverted === 'balanced' ? 2 : 1;
    const weight = (x: number) => (x === 0 ? Infinity : 1 / (k * x));
    return isModelError(f) ? f : { pos: f.pos.map(weight), neg: f.neg.map(weight) };
  }
  if (spec.classes.kind === 'skip-first' || spec.classes.kind === 'skip-last') {
    const all = freqsWithSpec(labels, { ...spec, classes: { kind: 'all' } });
    const [from, to] = spec.classes.kind === 'skip-first' ? [1, undefined] : [0, -1];
    return isModelError(all) ? all : { pos: all.pos.slice(from, to), neg: all.neg.slice(from, to) };
  }
  if (spec.classes.kind === 'zero-first' || spec.classes.kind === 'zero-last') {
    const all = freqsWithSpec(labels, { ...spec, classes: { kind: 'all' } });
    if (isModelError(all) || all.pos.length === 0) return all;
    const at = spec.classes.kind === 'zero-first' ? 0 : all.pos.length - 1;
    const negLeft = spec.neg === 'one-minus' ? 1 : 0;
    const put = (v: number[], x: number) => v.map((y, j) => (j === at ? x : y));
    // Only the plain form: swapped or copied sides would put the 0 elsewhere, which no variant asks.
    return { pos: put(all.pos, 0), neg: put(all.neg, negLeft) };
  }
  if (spec.classes.kind === 'padded') {
    const c = labels[0]?.length ?? 0;
    const { k } = spec.classes;
    if (c > k) return indexError(k, 0, k);
    const all = freqsWithSpec(labels, { ...spec, classes: { kind: 'all' } });
    if (isModelError(all)) return all;
    const pad = (v: number[], x: number) => [...v, ...new Array<number>(k - c).fill(x)];
    return { pos: pad(all.pos, 0), neg: pad(all.neg, spec.neg === 'one-minus' ? 1 : 0) };
  }
  if (spec.classes.kind === 'first') {
    const c = labels[0]?.length ?? 0;
    const { k } = spec.classes;
    if (k > c) return indexError(c, 1, c);
    const all = freqsWithSpec(labels, { ...spec, classes: { kind: 'all' } });
    return isModelError(all) ? all : { pos: all.pos.slice(0, k), neg: all.neg.slice(0, k) };
  }
  if (spec.skipFirst !== 'no') {
    const n = labels.length;
    const c = labels[0]?.length ?? 0;
    const rest = spec.skipRow === 'last' ? labels.slice(0, -1) : labels.slice(1);
    const { swapped, copied } = spec;
    let pos: number[];
    let neg: number[];
    if (rest.length === 0) {
      // One example: np.mean over no rows is NaN; a loop that never runs leaves zeros.
      pos = new Array<number>(c).fill(spec.skipFirst === 'mean' ? NaN : 0);
      neg = spec.skipFirst === 'over-n' && spec.neg === 'one-minus' ? pos.map((x) => 1 - x) : [...pos];
    } else {
      const f = freqsWithSpec(rest, { ...spec, skipFirst: 'no', swapped: false, copied: 'none' });
      if (isModelError(f)) return f;
      // Divided by N instead of the N - 1 rows counted; 1 - that for the negatives written so.
      const scale = spec.skipFirst === 'over-n' ? (n - 1) / n : 1;
      pos = f.pos.map((x) => x * scale);
      neg = spec.skipFirst === 'over-n' && spec.neg === 'one-minus' ? pos.map((x) => 1 - x) : f.neg.map((x) => x * scale);
    }
    const [a, b] = copied === 'pos' ? [pos, pos] : copied === 'neg' ? [neg, neg] : [pos, neg];
    return swapped ? { pos: b, neg: a } : { pos: a, neg: b };
  }
  if (spec.only === 'neg') {
    // The positives as the assignment has them; the negatives the way the spec says.
    const { swapped, copied, ...negative } = spec;
    const right = (freqsWithSpec(labels, { ...CORRECT_FREQS, copied: 'none' }) as ClassFreqs).pos; // all classes: no error
    const wrong = (freqsWithSpec(labels, { ...negative, swapped: false, copied: 'none', only: 'both', classes: { kind: 'all' } }) as ClassFreqs).neg;
    const [p, q] = copied === 'pos' ? [right, right] : copied === 'neg' ? [wrong, wrong] : [right, wrong];
    return swapped ? { pos: q, neg: p } : { pos: p, neg: q };
  }
  const n = labels.length;
  const c = labels[0]?.length ?? 0;
  const counts =
    spec.axis === 0
      ? Array.from({ length: c }, (_, j) => labels.reduce((s, row) => s + row[j]!, 0))
      : spec.axis === 1
        ? labels.map((row) => row.reduce((s, v) => s + v, 0))
        : [labels.reduce((s, row) => row.reduce((t, v) => t + v, s), 0)];
  // The number of entries each count was taken over: negatives are that minus the positives.
  const span = spec.axis === 0 ? n : spec.axis === 1 ? c : n * c;
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  // A share is each count over the side's total (0 / 0 = NaN where that total is 0, as numpy gives).
  const denom = spec.denominator === 'share' ? total(counts) : { N: n, 'N-1': n - 1, C: c, NC: n * c, none: 1 }[spec.denominator];
  const div = (x: number) => (spec.floor ? Math.floor(x / denom) : x / denom);
  const pos = spec.undivided === 'pos' ? counts : counts.map(div);
  const negCounts = counts.map((k) => span - k);
  const neg =
    spec.undivided === 'neg'
      ? negCounts
      : spec.denominator === 'share' && spec.neg === 'count'
        ? negCounts.map((k) => k / total(negCounts))
      : spec.neg === 'one-minus'
        ? pos.map((f) => 1 - f)
        : spec.neg === 'reciprocal'
          ? pos.map((f) => 1 / f)
          : spec.neg === 'n-minus'
            ? pos.map((f) => span - f)
            : spec.neg === 'bitwise-not'
              ? counts.map((k) => div(-k - span))
              : counts.map((k) => div(span - k));
  const [p, q] = spec.copied === 'pos' ? [pos, pos] : spec.copied === 'neg' ? [neg, neg] : [pos, neg];
  return spec.swapped ? { pos: q, neg: p } : { pos: p, neg: q };
}
