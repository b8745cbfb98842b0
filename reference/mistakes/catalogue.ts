/**
 * The catalogue of known learner mistakes. Each entry is data plus the wrong computation as a
 * change to the correct spec (reference/loss.ts): adding a mistake is adding one entry here and
 * one sample in submissions/mistakes/.
 *
 * Entries without a spec change are "signature" mistakes, recognised from the shape of what the
 * learner returned or raised (see grader/src/grade/diagnose.ts).
 */
import { DEFAULT_EPSILON, type FreqSpec, type LossSpec, type TermReduction } from '../loss.js';
import { MISTAKE_IDS, type MistakeId } from './ids.js';

/** What a hint can cite: the case, the learner's value, the expected one and the case's shape. */
export interface Evidence {
  caseId: string;
  actual: number;
  expected: number;
  n: number;
  c: number;
  epsilon: number;
  /** Whether some prediction of the case is exactly 0 or 1 (where a log without ε is infinite). */
  exactZeroOne: boolean;
}

export type GradedFunction = 'compute_class_freqs' | 'weighted_loss';

export interface Mistake {
  id: MistakeId;
  /** What the mistake is in: a graded function, or the submission's own class-weight assignments (read from its source, no case runs them). */
  fn: GradedFunction | 'class-weights';
  /** What the learner did, as a clause: "you left ε out of the logs". */
  did: string;
  /** How to fix it, one or two sentences. */
  fix: string;
  /** The wrong loss, as variants of the given spec (several ways to make the same mistake). */
  loss?: (spec: LossSpec, shape: { n: number; c: number }) => LossSpec[];
  /** The wrong class frequencies, as variants of the given spec (the shape: see `loss`). */
  freqs?: (spec: FreqSpec, shape?: { n: number; c: number }) => FreqSpec[];
  /** A sentence tying the numbers to the mistake, when the numbers tell a clear story. */
  explain?: (e: Evidence) => string | undefined;
  /**
   * What each variant is, in the order `loss` / `freqs` return them ("ε only in log(y_pred)"):
   * when exactly one variant explains the learner's values, the hint says which.
   */
  variants?: readonly string[];
  /**
   * The variants (indices into `variants`) that `did` already tells as it is: validate names them,
   * but the learner's hint adds no "(here: …)" that would say the same thing twice.
   */
  toldByDid?: readonly number[];
  /**
   * A fix for a variant, parallel to `variants`, in place of `fix` when the hint names that variant:
   * a library function that makes the mistake (PyTorch's binary_cross_entropy) is fixed by writing
   * the logs instead of it, not by dropping a clip the learner never wrote. One entry per variant;
   * variants sharing a label share a fix (it is found by the label: docs/authoring.md).
   */
  variantFixes?: readonly (string | undefined)[];
  /**
   * For a variant that names the library function making it (Keras 3's binary_crossentropy clips
   * to [1e-7, 1 - 1e-7]), parallel to `variants`: its label, and its fix in place of `variantFixes`'
   * (`fix` when none), when the source shows the loss clips by its own code and calls no such
   * function (a plain K.clip), where the library's story is beside the point.
   */
  byHand?: readonly ({ label: string; fix?: string } | undefined)[];
  /**
   * For a mistake whose variants depend on the case's shape (a hard-coded class count): which
   * code a variant stands for, so that one piece of code must explain every case (a loop over
   * range(14) everywhere, not 3 classes on one case and 14 on the next).
   */
  wayOf?: (spec: Pick<LossSpec | FreqSpec, 'classes'>) => string;
  /**
   * The FreqSpec fields that make this mistake, when they are fewer than its ways change: which
   * mistakes it pairs with. A mean over axis 1 is written with a denominator and a way of taking
   * the negatives, fields the counts and 1 / positive change too; paired on its axis alone, it
   * combines with them, and a way of each that changes the same field is still no pair (diagnose's
   * combine keeps only ways that change different fields). Without it, every field its ways change.
   */
  pairsBy?: readonly (keyof FreqSpec)[];
}

/** The fix for a clip to Keras's [1e-7, 1 - 1e-7] in place of the epsilon: the learner's own, or Keras 3's binary_crossentropy's. */
const KERAS_CLIP_FIX =
  "Follow the formula with the epsilon argument, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), and no clip to [1e-7, 1 - 1e-7]; where that clip is Keras's binary_crossentropy (or BinaryCrossentropy), write the two logs yourself instead of calling it.";
/**
 * Keras's backend binary_crossentropy (Keras 2's K, and tf.keras.backend's in Keras 3, checked on
 * TensorFlow 2.21 with Keras 3.15.1): its own clip and epsilon, whatever epsilon is given. Keras 3's
 * keras.ops and keras.losses binary_crossentropy clip only (loss-clip-instead-of-epsilon), and
 * keras.backend has none.
 */
const KERAS_BCE =
  "clipped to [1e-7, 1 - 1e-7] and 1e-7 added, whatever epsilon is given: K.binary_crossentropy does that (Keras 2's, and tf.keras.backend's in Keras 3), so write the two logs yourself with the epsilon argument";
/**
 * KERAS_BCE on the predictions with epsilon added up front (K.binary_crossentropy(y_true, y_pred +
 * epsilon)): the learner's epsilon and Keras's clip and 1e-7 together (learners 36 b01).
 */
const KERAS_BCE_SHIFTED =
  "epsilon added to the predictions before K.binary_crossentropy, which then clips them to [1e-7, 1 - 1e-7] and adds its own 1e-7 inside both logs: K.binary_crossentropy(y_true, y_pred + epsilon)";
/** KERAS_BCE_SHIFTED written by the learner's own code: epsilon added, then a clip and a fixed 1e-7. */
const KERAS_BCE_SHIFTED_BY_HAND = 'epsilon added to the predictions, then clipped to [1e-7, 1 - 1e-7] (K.epsilon()) and 1e-7 added inside the log';
/** The fix for KERAS_BCE_SHIFTED: the two logs with the epsilon argument, on the predictions as given. */
const KERAS_BCE_SHIFTED_FIX =
  "Follow the formula with the epsilon argument inside each log, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), on the predictions as given: add nothing to y_pred up front, and where Keras's backend binary_crossentropy is called (it clips the predictions and adds its own 1e-7 whatever epsilon is), write the two logs yourself instead of calling it.";
/** The fix for weights and cross-entropy reduced apart over the whole matrix: multiply first, then the loss's own reductions. */
const MATRIX_APART_FIX =
  "Multiply the weights and the cross-entropy element by element before any mean or sum, then average over the examples and add the classes up: np.sum(np.mean(w * bce, axis=0)) with w = pos_weights * y_true + neg_weights * (1 - y_true) and bce = -(y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon)).";
/** KERAS_BCE's clip and fixed 1e-7 written by the learner's own code: no K.binary_crossentropy to blame. */
const KERAS_BCE_BY_HAND = 'clipped to [1e-7, 1 - 1e-7] (K.epsilon()) and 1e-7 added inside the log, whatever epsilon is given';
/** The fix for KERAS_BCE's clip and fixed 1e-7: the learner's own, or K.binary_crossentropy's. */
const KERAS_BCE_FIX =
  "Follow the formula with the epsilon argument, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), with no clip and no fixed 1e-7; where those come from Keras's backend binary_crossentropy (it clips the predictions and adds its own 1e-7 whatever epsilon is), write the two logs yourself instead of calling it.";
/**
 * The fixed epsilons learners write instead of the argument: K.epsilon() and the usual literals.
 * Cases with predictions of exactly 0 or 1 tell them apart (the loss there is ~ -log(ε)).
 */
// 1: the course notebook's test cell sets `epsilon = 1`, which a loss whose parameter is named
// otherwise (eps) reads as a global on every case.
const FIXED_EPSILONS = [DEFAULT_EPSILON, 1e-8, 1e-6, 1e-5, 1e-4, 1e-3, 1e-9, 1e-10, 1e-12, 1e-15, 2 ** -52, 2 ** -23, 1];
/** How a hint names a fixed epsilon: the machine epsilons by the numpy expression that gives them. */
function epsilonName(e: number): string {
  if (e === 2 ** -52) return 'np.finfo(float).eps (2.2e-16)';
  if (e === 2 ** -23) return 'np.finfo(np.float32).eps (1.19e-7)';
  if (e === 1) return '1, the epsilon = 1 of the course notebook\'s test cell, read as a global';
  return e.toExponential();
}
/**
 * The fixed epsilons a learner adds next to the argument: K.epsilon()'s 1e-7 (or the literal),
 * 1e-8 and float32's machine epsilon. Few, since each is evaluated with every other mistake's
 * variants when pairs are tried; 1e-9 on top of 1e-7 is within a case's tolerance anyway.
 */
const EXTRA_EPSILONS = [DEFAULT_EPSILON, 1e-8, 2 ** -23];
/**
 * The defaults learners give epsilon in place of the assignment's 1e-7 (get_weighted_loss(pos_weights,
 * neg_weights, epsilon=1e-5)): the usual literals, 0, and the course notebook's test value 1 left in
 * the signature. Only a case that leaves epsilon out (the
 * course's model.compile(loss=get_weighted_loss(pos_weights, neg_weights))) uses it, and its exact
 * 0 or 1 predictions tell them apart; a case that passes epsilon is right.
 */
const DEFAULT_EPSILONS = [1e-8, 1e-6, 1e-5, 1e-4, 1e-3, 1e-9, 1e-10, 1e-12, 0, 1];

/**
 * The two terms reduced differently (each written as its own expression): one averaged over the
 * examples and the other summed or averaged over axis 1, or one over its own examples only and the
 * other averaged or summed, either way round. Not the rarer pairs (a sum next to an axis-1 mean):
 * each variant is evaluated with every other mistake's when pairs are tried.
 */
const TERM_REDUCTIONS: { pos: TermReduction; neg: TermReduction }[] = (
  [
    ['mean', 'sum'],
    ['mean', 'classes'],
    ['own', 'sum'],
    ['own-guarded', 'sum'],
    ['own', 'mean'],
    ['own-guarded', 'mean'],
  ] as const
).flatMap(([a, b]) => [
  { pos: a, neg: b },
  { pos: b, neg: a },
]);
const TERM_REDUCTION_WORDS: Record<TermReduction, (term: 'positive' | 'negative') => string> = {
  mean: () => 'averaged over the examples (np.mean, axis 0)',
  sum: () => 'summed over the examples (np.sum, no mean)',
  classes: () => 'averaged over the classes (axis=1) and then summed',
  own: (term) => `averaged over the ${term} examples only`,
  'own-guarded': (term) => `averaged over the ${term} examples only`,
};

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(4)).toString());
const ratio = (e: Evidence) => e.actual / e.expected;
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(b));

function ratioStory(e: Evidence, factor: number, what: string): string | undefined {
  if (!Number.isFinite(e.expected) || e.expected === 0 || !near(ratio(e), factor)) return undefined;
  return `on case ${e.caseId} your loss is ${fmt(ratio(e))}× the expected value; ${fmt(factor)} is ${what}`;
}

/** The variants' labels for the same mistake made on the negative frequencies only (withNegativesOnly). */
function negativesOnly(forms: string[]): string[] {
  return forms.map((f) => `the negative frequencies only, ${f}; the positive ones are right`);
}

/** The specs, then each again on the negative side only (the positives right): labels come from negativesOnly, in this order. */
function withNegativesOnly(specs: FreqSpec[]): FreqSpec[] {
  return [...specs, ...specs.map((x) => ({ ...x, only: 'neg' as const }))];
}

/** loss-sign's evidence: what its factor of -1 is (a loss negated twice says otherwise: grade/sites.ts). */
export const MISSING_MINUS_STORY = 'what a missing minus sign gives';

const entries: Mistake[] = [
  {
    id: 'loss-no-epsilon',
    fn: 'weighted_loss',
    did: 'you take log(y_pred) and log(1 - y_pred) without adding epsilon, so a prediction of exactly 0 or 1 gives log(0) = -inf',
    fix: 'Compute np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon).',
    toldByDid: [0],
    variants: ['log(y_pred) and log(1 - y_pred) as they are', 'each example given only its own term (if y == 1 ... else ..., np.where on y_true), or the NaN of 0 * log(0) suppressed (np.nan_to_num, np.nansum, np.nanmean): a log(0) then counts only where the label asks for it, and there the loss is infinite',
      "np.ma.log, whose masked log(0) is filled with 0 (.filled(0)) or skipped by a sum: a prediction of exactly 0 or 1 then costs nothing",
      "np.ma.log with a masked mean: an example with a prediction of exactly 0 or 1 is left out of its class's mean",
    ],
    loss: (s) => [
      { ...s, eps: 'none' },
      { ...s, eps: 'nan-to-num' },
      { ...s, eps: 'masked-zero' },
      { ...s, eps: 'masked' },
    ],
    explain: (e) =>
      // A case without such predictions (the labels' zeros in the log: the arguments swapped too) tells another story.
      !e.exactZeroOne
        ? undefined
        : Number.isFinite(e.actual)
          ? // np.ma.log: the masked log(0) counts nothing where the formula's log(epsilon) is large.
            e.actual < e.expected && Number.isFinite(e.expected)
            ? `on case ${e.caseId}, which has predictions of exactly 0 or 1, your loss is ${fmt(e.actual)} where ${fmt(e.expected)} is expected: the log of 0 there counted nothing, where log(epsilon) is large`
            : undefined
          : `on case ${e.caseId}, which has predictions of exactly 0 or 1, your loss is ${e.actual}`,
  },
  {
    id: 'loss-epsilon-outside-log',
    fn: 'weighted_loss',
    did: 'you add epsilon after taking the log (log(p) + epsilon) instead of inside it',
    fix: 'Move epsilon inside the log: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon).',
    variants: [
      'in both logs',
      'in log(y_pred) only, log(1 - y_pred + epsilon) is right',
      'in log(1 - y_pred) only, log(y_pred + epsilon) is right',
      'after each whole term, w * y * log(y_pred) + epsilon, with no brackets',
      'after the first whole term, w * y * log(y_pred) + epsilon, with no brackets; log(1 - y_pred + epsilon) is right',
      'after the second whole term, w * (1 - y) * log(1 - y_pred) + epsilon, with no brackets; log(y_pred + epsilon) is right',
      'once after the two terms, w * y * log(y_pred) + w * (1 - y) * log(1 - y_pred) + epsilon, with no epsilon inside either log',
    ],
    loss: (s) => [
      { ...s, eps: 'outside' },
      { ...s, eps: 'outside-pos' },
      { ...s, eps: 'outside-neg' },
      { ...s, eps: 'after-term' },
      { ...s, eps: 'after-term-pos' },
      { ...s, eps: 'after-term-neg' },
      { ...s, eps: 'after-sum' },
    ],
  },
  {
    id: 'loss-epsilon-one-term',
    fn: 'weighted_loss',
    did: 'you add epsilon inside only one of the two logs',
    fix: 'Add epsilon inside both logs: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon).',
    variants: ['epsilon only in log(y_pred + epsilon), not in log(1 - y_pred)', 'epsilon only in log(1 - y_pred + epsilon), not in log(y_pred)'],
    loss: (s) => [
      { ...s, eps: 'pos-only' },
      { ...s, eps: 'neg-only' },
    ],
  },
  {
    id: 'loss-epsilon-ignored',
    fn: 'weighted_loss',
    did: "your loss ignores the epsilon argument of get_weighted_loss and uses a fixed value instead: K.epsilon(), a literal, a constant of your own (EPSILON = 1e-7, np.finfo(float).eps), the parameter overwritten by epsilon = 1e-7 inside get_weighted_loss, or the default of a helper's own epsilon parameter (a def's or a lambda's eps=1e-7, a functools.partial without epsilon) that your loss calls without passing epsilon on",
    fix: "Use the epsilon parameter that get_weighted_loss receives, as it is (no epsilon = ... of your own); the inner function sees it through the closure. A helper or lambda with an epsilon parameter of its own must be given it: helper(y_true, y_pred, epsilon=epsilon), or functools.partial(helper, pos_weights=pos_weights, neg_weights=neg_weights, epsilon=epsilon).",
    // Also K.epsilon() (or 1e-7) typed into one log only, the argument in the other.
    variants: [
      ...FIXED_EPSILONS.map((e) => (e === DEFAULT_EPSILON ? 'a fixed 1e-7, the value of K.epsilon()' : `a fixed ${epsilonName(e)}`)),
      'a fixed 1e-7 (K.epsilon()) in log(y_pred + 1e-7) only, the epsilon argument in the other log',
      'a fixed 1e-7 (K.epsilon()) in log(1 - y_pred + 1e-7) only, the epsilon argument in the other log',
    ],
    loss: (s) => [
      ...FIXED_EPSILONS.map((fixedEpsilon) => ({ ...s, eps: 'fixed' as const, fixedEpsilon })),
      { ...s, eps: 'fixed-pos' as const, fixedEpsilon: DEFAULT_EPSILON },
      { ...s, eps: 'fixed-neg' as const, fixedEpsilon: DEFAULT_EPSILON },
    ],
    explain: (e) =>
      e.epsilon === DEFAULT_EPSILON ? undefined : `case ${e.caseId} passes epsilon=${e.epsilon} and your value is what a fixed epsilon gives instead`,
  },
  {
    id: 'loss-epsilon-subtracted',
    fn: 'weighted_loss',
    did: 'your second log is log(1 - (y_pred + epsilon)), which subtracts epsilon instead of adding it, so a prediction of exactly 1 gives the log of a negative number (NaN); adding epsilon to y_pred once, up front (y_pred = y_pred + epsilon, or y_pred += epsilon), does that too',
    fix: 'Add epsilon inside each log, to what that log takes: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), not to y_pred once for both.',
    variants: [
      'log(1 - (y_pred + epsilon)) in the second log',
      'epsilon added to y_pred up front and again inside both logs: log(y_pred + 2 * epsilon), and log(1 - y_pred) with no epsilon left, since the two cancel',
    ],
    loss: (s) => [
      { ...s, eps: 'subtracted' },
      { ...s, eps: 'added-twice' },
    ],
  },
  {
    id: 'loss-clip-instead-of-epsilon',
    fn: 'weighted_loss',
    did: 'you keep the logs finite by clipping instead of adding epsilon inside the log; the two agree only while epsilon is tiny',
    fix: 'Follow the formula: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), with no clipping.',
    variants: [
      'predictions clipped to [epsilon, 1 - epsilon]',
      "predictions clipped to [1e-7, 1 - 1e-7] (K.epsilon()), as Keras 3's keras.ops.binary_crossentropy and keras.losses.binary_crossentropy (tf.keras.losses') do",
      "predictions clipped to [1e-7, 1 - 1e-7] (K.epsilon()) in float32, as Keras 3's BinaryCrossentropy loss does (it computes in float32)",
      "each log's argument floored at epsilon: log(max(y_pred, epsilon)), as np.maximum does",
      "each log floored at -100 and no epsilon: PyTorch's binary_cross_entropy does that",
    ],
    variantFixes: [
      undefined,
      KERAS_CLIP_FIX,
      KERAS_CLIP_FIX,
      undefined,
      "Follow the formula with the epsilon argument, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), each term times its weight, and no floor at -100; where that floor is PyTorch's binary_cross_entropy (F.binary_cross_entropy, nn.BCELoss), which floors each log at -100 and adds no epsilon, write the two logs yourself instead of calling it.",
    ],
    byHand: [undefined, { label: 'predictions clipped to [1e-7, 1 - 1e-7] (K.epsilon())' }, { label: 'predictions clipped to [1e-7, 1 - 1e-7] (K.epsilon()) in float32' }, undefined, undefined],
    loss: (s) => [
      { ...s, eps: 'clip' },
      { ...s, eps: 'clip-default' },
      { ...s, eps: 'clip-default-f32' },
      { ...s, eps: 'floor' },
      { ...s, eps: 'log-floor' },
    ],
    explain: (e) =>
      e.epsilon >= 1e-3 ? `case ${e.caseId} passes epsilon=${e.epsilon}, where clipping and adding epsilon give different losses` : undefined,
  },
  {
    id: 'loss-clip-and-epsilon',
    fn: 'weighted_loss',
    did: 'you clip the predictions (to [epsilon, 1 - epsilon] or with K.epsilon()) and then also add epsilon inside the log, which changes the loss wherever a prediction is within epsilon of 0 or 1',
    fix: 'Drop the clipping: the formula is np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon) on the predictions as given.',
    variants: [
      'clipped to [epsilon, 1 - epsilon]',
      'clipped to [1e-7, 1 - 1e-7] (K.epsilon())',
      KERAS_BCE,
      // On float32 tensors (the learner's casts, or Keras's own): one piece of code, one label.
      KERAS_BCE,
      KERAS_BCE_SHIFTED,
      KERAS_BCE_SHIFTED,
    ],
    variantFixes: [
      undefined,
      undefined,
      KERAS_BCE_FIX,
      KERAS_BCE_FIX,
      KERAS_BCE_SHIFTED_FIX,
      KERAS_BCE_SHIFTED_FIX,
    ],
    byHand: [undefined, undefined, { label: KERAS_BCE_BY_HAND }, { label: KERAS_BCE_BY_HAND }, { label: KERAS_BCE_SHIFTED_BY_HAND }, { label: KERAS_BCE_SHIFTED_BY_HAND }],
    loss: (s) => [
      { ...s, eps: 'clip-add' },
      { ...s, eps: 'clip-default-add' },
      { ...s, eps: 'keras-bce' },
      { ...s, eps: 'keras-bce-f32' },
      { ...s, eps: 'keras-bce-shifted' },
      { ...s, eps: 'keras-bce-shifted-f32' },
    ],
  },
  {
    id: 'loss-sum-not-mean',
    fn: 'weighted_loss',
    did: 'you sum each class\'s terms over the examples instead of averaging them',
    fix: 'Take the mean over the examples (np.mean / K.mean over axis 0), then add the classes up.',
    loss: (s) => [{ ...s, reduction: 'sum' }],
    explain: (e) => ratioStory(e, e.n, 'the number of examples'),
  },
  {
    id: 'loss-mean-over-classes',
    fn: 'weighted_loss',
    did: 'you average over the classes as well as the examples (one mean over the whole matrix, or the per-class losses added up and then divided by the number of classes, as loss / len(pos_weights) does), which divides the loss by the number of classes',
    fix: 'Average over the examples only (axis 0) and then sum the per-class losses, without dividing by the number of classes.',
    loss: (s) => [{ ...s, reduction: 'mean-all' }],
    explain: (e) => ratioStory(e, 1 / e.c, `1/${e.c}, one over the number of classes`),
  },
  {
    id: 'loss-divided-twice',
    fn: 'weighted_loss',
    did: 'you divide by the number of examples twice: the mean already divides by N, and you divide by N again',
    fix: 'Use either np.mean over the examples or np.sum divided by N, not both.',
    loss: (s) => [{ ...s, reduction: 'mean-over-n' }],
    explain: (e) => (e.n === 1 ? undefined : ratioStory(e, 1 / e.n, `1/${e.n}, one over the number of examples`)),
  },
  {
    id: 'loss-wrong-axis',
    fn: 'weighted_loss',
    did: 'you divide the summed loss by the number of classes where each class needs its mean over the examples (averaging over axis 1, the classes of each example, then summing over the examples does that; so does dividing the sum by len(y_true[0]) or y_true.shape[1])',
    fix: 'Average over the examples first, np.mean(L, axis=0), then sum the per-class values: np.sum(np.mean(L, axis=0)).',
    loss: (s) => [{ ...s, reduction: 'sum-mean-classes' }],
    explain: (e) => (e.n === e.c ? undefined : ratioStory(e, e.n / e.c, `${e.n}/${e.c}, the number of examples over the number of classes`)),
  },
  {
    id: 'loss-per-term-mean',
    fn: 'weighted_loss',
    did: 'you average each term over its own examples only (the positive term divided by the number of positive examples, the negative term by the number of negative ones) instead of over all N examples',
    fix: 'Average both terms over all the examples: np.mean over axis 0 (or divide both sums by N = y_true.shape[0]); the weights already balance the positives and negatives.',
    loss: (s) => [
      { ...s, reduction: 'per-term-mean' },
      { ...s, reduction: 'per-term-mean-guarded' },
    ],
  },
  {
    id: 'loss-weights-averaged-apart',
    fn: 'weighted_loss',
    did: "you reduce the weights and the cross-entropy apart (a mean or a sum of each) and multiply the results, so an example's weight no longer goes with its own term; a library's binary cross-entropy does that reduction for you (keras.losses.binary_crossentropy averages over the last axis, the examples of a column y_true[:, i]; PyTorch's F.binary_cross_entropy and BCELoss average by default), so w * binary_crossentropy(y_true[:, i], y_pred[:, i]) weights one number",
    fix: "Weight each example's term before averaging: np.mean(w * bce, axis=0) with w = pos_weights * y_true + neg_weights * (1 - y_true) and bce the element-wise cross-entropy, -(y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon)); a cross-entropy that averages for you cannot give that (keras.losses.binary_crossentropy averages over the last axis; in PyTorch pass reduction='none').",
    // The whole-matrix ways (np.mean(w) * np.mean(bce), np.sum(w) * np.sum(bce): learner 26) reduce
    // over the classes too, so their fix also says to sum the classes' means.
    variants: [
      "each class's mean(w) · mean(bce), added up over the classes",
      'np.mean(w) * np.mean(bce): the weights and the cross-entropy each averaged over the whole matrix, examples and classes, then multiplied',
      'np.sum(w) * np.sum(bce): the weights and the cross-entropy each summed over the whole matrix, examples and classes, then multiplied',
    ],
    variantFixes: [undefined, MATRIX_APART_FIX, MATRIX_APART_FIX],
    loss: (s) => [
      { ...s, weightsApart: true },
      { ...s, weightsApart: true, apartOver: 'matrix-mean' },
      { ...s, weightsApart: true, apartOver: 'matrix-sum' },
    ],
  },
  {
    id: 'loss-swapped-weights',
    fn: 'weighted_loss',
    did: 'you multiply the positive term by neg_weights and the negative term by pos_weights',
    fix: 'pos_weights[i] multiplies y_true * np.log(y_pred + epsilon); neg_weights[i] multiplies (1 - y_true) * np.log(1 - y_pred + epsilon).',
    loss: (s) => [{ ...s, weights: 'swapped' }],
  },
  {
    id: 'loss-unweighted',
    fn: 'weighted_loss',
    did: 'your loss leaves out pos_weights, neg_weights or both (without both it is the plain, unweighted cross-entropy)',
    fix: 'Multiply the positive term by pos_weights[i] and the negative term by neg_weights[i].',
    variants: [
      'neither term weighted',
      'the negative term not weighted: neg_weights[i] left out',
      'the positive term not weighted: pos_weights[i] left out',
      'the negative term weighted by 1 - pos_weights[i] instead of neg_weights[i], which equals it only when the two weights add up to 1, as the course\'s frequencies do',
      'the positive term weighted by 1 - neg_weights[i] instead of pos_weights[i], which equals it only when the two weights add up to 1, as the course\'s frequencies do',
    ],
    loss: (s) => [
      { ...s, weights: 'unit' },
      { ...s, weights: 'pos-only' },
      { ...s, weights: 'neg-only' },
      { ...s, weights: 'pos-complement' },
      { ...s, weights: 'neg-complement' },
    ],
  },
  {
    id: 'loss-first-class-weights',
    fn: 'weighted_loss',
    did: 'you use the first class\'s weights (pos_weights[0], neg_weights[0]) for every class',
    fix: 'Index the weights with the class: pos_weights[i] and neg_weights[i] inside the loop over classes i.',
    loss: (s) => [{ ...s, weights: 'first' }],
  },
  {
    id: 'loss-recomputes-weights',
    fn: 'weighted_loss',
    did: 'your loss recomputes the weights from the y_true batch instead of using the pos_weights and neg_weights it was given',
    fix: 'Use the pos_weights and neg_weights passed to get_weighted_loss; do not derive them from y_true inside the loss.',
    variants: [
      "the batch's negative frequencies on the positive term, the course's convention",
      "the batch's frequencies not inverted: the positive frequency on the positive term",
      "the batch's inverse frequencies, N / count",
    ],
    loss: (s) => [
      { ...s, weights: 'recomputed' },
      { ...s, weights: 'recomputed-raw' },
      { ...s, weights: 'recomputed-inverse' },
    ],
  },
  {
    id: 'loss-reciprocal-weights',
    fn: 'weighted_loss',
    did: 'you divide by the weights (1 / pos_weights[i], 1 / neg_weights[i]) instead of multiplying by them',
    fix: 'The weights are already the balancing factors: multiply the positive term by pos_weights[i] and the negative term by neg_weights[i].',
    loss: (s) => [{ ...s, weights: 'reciprocal' }],
  },
  {
    id: 'loss-complement-weights',
    fn: 'weighted_loss',
    did: 'you use 1 - pos_weights[i] and 1 - neg_weights[i], inverting weights that are already inverted (the course passes pos_weights = freq_neg and neg_weights = freq_pos)',
    fix: 'Use the weights as given: multiply the positive term by pos_weights[i] and the negative term by neg_weights[i].',
    loss: (s) => [{ ...s, weights: 'complement' }],
  },
  {
    id: 'loss-sign',
    fn: 'weighted_loss',
    did: 'your loss is missing the minus sign, so it is the log-likelihood rather than the loss',
    // Said in the form of the learner's code where its logs show it (grade/sites.ts): a loop's or vectorised.
    fix: 'Negate the sum of the two terms, -(pos term + neg term): in a loop over the classes, loss += -(pos term + neg term); in vectorised code, -np.sum(np.mean(L, axis=0)) with L the weighted sum of the two terms.',
    loss: (s) => [{ ...s, sign: -s.sign as 1 | -1 }],
    explain: (e) => ratioStory(e, -1, MISSING_MINUS_STORY),
  },
  {
    id: 'loss-sign-one-term',
    fn: 'weighted_loss',
    did: 'the minus sign covers only one of the two terms (-w·y·log(p) + w·(1 - y)·log(1 - p)), so the other term is added with the wrong sign',
    fix: 'Negate the whole sum: -(pos_weights[i] * y * np.log(y_pred + epsilon) + neg_weights[i] * (1 - y) * np.log(1 - y_pred + epsilon)).',
    variants: ['the minus on the positive term only', 'the minus on the negative term only'],
    loss: (s) => [
      { ...s, signOn: 'pos' },
      { ...s, signOn: 'neg' },
    ],
  },
  {
    id: 'loss-absolute-value',
    fn: 'weighted_loss',
    did: 'you take the absolute value (np.abs or abs) where the minus sign belongs: the sum of the log terms is negative on most inputs, so the absolute value hides the missing minus there, but where a log takes more than 1 (y_pred + epsilon > 1) the loss is negative and yours is not',
    fix: 'Drop the np.abs / abs and negate the sum instead: loss += -np.mean(pos term + neg term).',
    // Around the sum or around each class's mean differ only where one class's mean is positive and another's negative.
    variants: ["np.abs (or abs) around the loss or each class's mean", "np.abs (or abs) around the loss or each class's mean", "np.abs (or abs) around each example's term"],
    loss: (s) => [
      { ...s, abs: 'total' },
      { ...s, abs: 'class' },
      { ...s, abs: 'example' },
    ],
    explain: (e) =>
      e.expected < 0 && near(ratio(e), -1) ? `on case ${e.caseId} (epsilon=${e.epsilon}) the loss is negative, ${fmt(e.expected)}, and yours is ${fmt(e.actual)}, its absolute value` : undefined,
  },
  {
    id: 'loss-normalised-weights',
    fn: 'weighted_loss',
    did: 'you normalise by the weights: the weighted terms divided by the sum of their weights instead of the number of examples (np.average(L, weights=w)), each weight divided by pos_weights[i] + neg_weights[i], or the weights made to add up to 1 over the classes',
    fix: 'Use the weights as given and divide by the number of examples, not by the sum of the weights: with L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), the loss is -np.sum(np.mean(L, axis=0)).',
    variants: [
      'np.average(L, weights=w, axis=0) per class, then the sum',
      'np.average(L, weights=w) over the whole matrix',
      'each weight divided by pos_weights[i] + neg_weights[i]',
      'each weight vector divided by its sum over the classes, pos_weights / np.sum(pos_weights), so that it adds up to 1',
    ],
    loss: (s) => [
      { ...s, reduction: 'weighted-average' },
      { ...s, reduction: 'weighted-average-all' },
      { ...s, normaliseWeights: 'pair' },
      { ...s, normaliseWeights: 'classes' },
    ],
  },
  {
    id: 'loss-extra-epsilon',
    fn: 'weighted_loss',
    did: 'you add a second epsilon inside the logs next to the epsilon argument (log(y_pred + epsilon + K.epsilon()), a literal such as 1e-7, or epsilon written twice), so each log takes more than epsilon on top of its prediction',
    fix: 'Add the epsilon argument once and nothing else: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon).',
    variants: [...EXTRA_EPSILONS.map((e) => (e === DEFAULT_EPSILON ? 'epsilon + 1e-7, the value of K.epsilon()' : `epsilon + ${epsilonName(e)}`)), 'epsilon added twice'],
    loss: (s) => [...EXTRA_EPSILONS.map((fixedEpsilon) => ({ ...s, eps: 'extra' as const, fixedEpsilon })), { ...s, eps: 'doubled' }],
  },
  {
    id: 'loss-log-base',
    fn: 'weighted_loss',
    did: 'you use a base-10 or base-2 logarithm instead of the natural log',
    fix: 'Use the natural logarithm: np.log, K.log, tf.math.log or torch.log.',
    variants: ['a base-10 log (np.log10)', 'a base-2 log (np.log2)'],
    loss: (s) => [
      { ...s, logBase: '10' },
      { ...s, logBase: '2' },
    ],
    explain: (e) =>
      ratioStory(e, 1 / Math.LN10, '1/ln(10), the factor a base-10 log gives') ??
      ratioStory(e, 1 / Math.LN2, '1/ln(2), the factor a base-2 log gives'),
  },
  {
    id: 'loss-swapped-terms',
    fn: 'weighted_loss',
    did: 'you pair y_true with log(1 - y_pred) and (1 - y_true) with log(y_pred)',
    fix: 'The positive term is y_true * np.log(y_pred + epsilon); the negative term is (1 - y_true) * np.log(1 - y_pred + epsilon).',
    loss: (s) => [{ ...s, swapTerms: true }],
  },
  {
    // One slip, y_true and (1 - y_true) written in each other's place: the same value as the weights
    // swapped and the terms swapped together (wn·y·log(1−p) + wp·(1−y)·log(p) is this sum in
    // another order), which was told as those two mistakes with two fixes. Any code with this value
    // keeps each weight with its own log, so the label factors are the one thing to change; as a
    // single, it is told before that pair.
    id: 'loss-swapped-labels',
    fn: 'weighted_loss',
    did: 'you exchange the label factors: (1 - y_true) multiplies the positive term, pos_weights[i] * log(y_pred + epsilon), and y_true the negative one, neg_weights[i] * log(1 - y_pred + epsilon), so each weight and log count on the other label\'s examples',
    fix: 'Exchange the two label factors back, keeping each weight with its log: pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon).',
    loss: (s) => [{ ...s, labels: 'swapped' }],
  },
  {
    id: 'loss-same-weight-both-terms',
    fn: 'weighted_loss',
    did: 'you multiply both terms by the same weight: pos_weights[i] on both, or neg_weights[i] on both, as a weight times the whole binary cross-entropy does',
    fix: 'pos_weights[i] multiplies only the positive term y_true * np.log(y_pred + epsilon); neg_weights[i] multiplies only the negative term (1 - y_true) * np.log(1 - y_pred + epsilon).',
    variants: ['pos_weights[i] on both terms', 'neg_weights[i] on both terms'],
    loss: (s) => [
      { ...s, weights: 'pos-both' },
      { ...s, weights: 'neg-both' },
    ],
  },
  {
    id: 'loss-weights-in-log',
    fn: 'weighted_loss',
    did: 'you put the weights inside the logs, log(pos_weights[i] * y_pred + epsilon) and log(neg_weights[i] * (1 - y_pred) + epsilon), where they belong in front of them: inside a log a weight only adds a constant to it instead of scaling the term',
    fix: 'Multiply each term by its weight outside the log: pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon).',
    variants: ['log(w * y_pred + epsilon)', 'log(w * (y_pred + epsilon))'],
    loss: (s) => [
      { ...s, weightsInLog: 'times-p' },
      { ...s, weightsInLog: 'times-p-eps' },
    ],
  },
  {
    id: 'loss-same-log-both-terms',
    fn: 'weighted_loss',
    did: 'both terms take the log of the same thing: log(y_pred + epsilon) in both, or log(1 - y_pred + epsilon) in both',
    fix: 'The positive term takes np.log(y_pred + epsilon); the negative term takes np.log(1 - y_pred + epsilon).',
    variants: ['log(y_pred + epsilon) in both terms', 'log(1 - y_pred + epsilon) in both terms'],
    loss: (s) => [
      { ...s, logArgs: 'p-both' },
      { ...s, logArgs: '1mp-both' },
    ],
  },
  {
    id: 'loss-one-minus-log',
    fn: 'weighted_loss',
    did: 'your negative term takes one minus the log, 1 - log(y_pred + epsilon) (or log(1) - log(y_pred + epsilon)), where the log of one minus the prediction belongs, log(1 - y_pred + epsilon)',
    fix: 'Subtract inside the log: the negative term is (1 - y_true) * np.log(1 - y_pred + epsilon).',
    variants: ['1 - log(y_pred + epsilon) in the negative term', 'log(1) - log(y_pred + epsilon) in the negative term'],
    loss: (s) => [
      { ...s, logArgs: 'one-minus-log' },
      { ...s, logArgs: 'log-one-minus-log' },
    ],
  },
  {
    id: 'loss-missing-label-factor',
    fn: 'weighted_loss',
    did: 'one of the two terms lacks its label factor, so it counts for every example instead of only the positive (y_true) or only the negative (1 - y_true) ones',
    fix: 'Multiply the positive term by y_true[:, i] and the negative term by (1 - y_true[:, i]).',
    variants: ['the negative term lacks (1 - y_true)', 'the positive term lacks y_true'],
    loss: (s) => [
      { ...s, labels: 'no-neg-factor' },
      { ...s, labels: 'no-pos-factor' },
    ],
  },
  {
    id: 'loss-missing-term',
    fn: 'weighted_loss',
    did: 'your loss has only one of its two terms, so only the positive or only the negative examples count',
    fix: 'Add both terms for every class: -(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)), then its mean over the examples.',
    variants: ['only the positive term: the negative term is missing', 'only the negative term: the positive term is missing'],
    loss: (s) => [
      { ...s, terms: 'pos' },
      { ...s, terms: 'neg' },
    ],
  },
  {
    id: 'loss-same-label-both-terms',
    fn: 'weighted_loss',
    did: 'both terms use the same label factor: y_true in both, or (1 - y_true) in both',
    fix: 'The positive term is multiplied by y_true[:, i], the negative term by (1 - y_true[:, i]).',
    variants: ['y_true on both terms', '(1 - y_true) on both terms'],
    loss: (s) => [
      { ...s, labels: 'y-both' },
      { ...s, labels: '1my-both' },
    ],
  },
  {
    id: 'loss-prediction-as-label',
    fn: 'weighted_loss',
    did: 'a label factor uses the prediction where the label belongs, (1 - y_pred) for (1 - y_true) or y_pred for y_true',
    fix: 'The label factors come from y_true: y_true[:, i] on the positive term and (1 - y_true[:, i]) on the negative term; y_pred appears only inside the logs.',
    variants: ['(1 - y_pred) as the negative term\'s label factor', 'y_pred as the positive term\'s label factor', 'y_pred in both label factors'],
    loss: (s) => [
      { ...s, labels: 'p-neg' },
      { ...s, labels: 'p-pos' },
      { ...s, labels: 'p-both' },
    ],
  },
  {
    id: 'loss-labels-in-log',
    fn: 'weighted_loss',
    did: 'the logs take the labels instead of the predictions, log(y_true + epsilon) and log(1 - y_true + epsilon), so the loss is about 0 whatever the predictions are',
    fix: 'The logs take the predictions: np.log(y_pred[:, i] + epsilon) and np.log(1 - y_pred[:, i] + epsilon); y_true[:, i] and (1 - y_true[:, i]) only multiply the terms.',
    loss: (s) => [{ ...s, logArgs: 'labels' }],
  },
  {
    id: 'loss-sigmoid-on-probabilities',
    fn: 'weighted_loss',
    did: 'you apply a sigmoid to y_pred as if it were logits, but the model\'s outputs are already probabilities',
    fix: 'Use y_pred as it is: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), with no sigmoid.',
    loss: (s) => [{ ...s, sigmoid: true }],
  },
  {
    id: 'loss-squared-error',
    fn: 'weighted_loss',
    did: 'you compute a squared error, (1 - y_pred)² for the positive examples and y_pred² for the negative ones (or (y_true - y_pred)²), where the assignment asks for the cross-entropy, with logs',
    fix: 'Use the logs of the weighted cross-entropy: -(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)), averaged over the examples.',
    loss: (s) => [{ ...s, logArgs: 'squared' }],
  },
  {
    id: 'loss-mixed-reduction',
    fn: 'weighted_loss',
    did: 'you reduce the two terms differently (one averaged over the examples, the other summed, averaged over the classes, or over its own examples only), so they are no longer on the same scale and the weights do not balance them',
    fix: 'Reduce both terms the same way, over the examples of each class: np.mean(pos_term + neg_term, axis=0), then the sum over the classes.',
    variants: TERM_REDUCTIONS.map(({ pos, neg }) => `the positive term ${TERM_REDUCTION_WORDS[pos]('positive')}, the negative term ${TERM_REDUCTION_WORDS[neg]('negative')}`),
    loss: (s) => TERM_REDUCTIONS.map((termReductions) => ({ ...s, reduction: 'mixed' as const, termReductions })),
  },
  {
    // Learner 30: the normalisation of a detection loss (a sum over the positives' count), written
    // for both terms. A class without positives gives x/0 = inf unless the count is guarded.
    id: 'loss-divided-by-positives',
    fn: 'weighted_loss',
    did: "you divide each class's summed terms, the negative term's too, by the number of positive examples instead of the number of examples N, so a class's loss grows as its positives get rarer (and is infinite, or huge with the count + epsilon, for a class without any)",
    fix: 'Average both terms over all the examples, not over the positives: np.mean over axis 0 (or divide both sums by N = y_true.shape[0]), then sum over the classes; the weights already balance the positives and negatives.',
    variants: [
      "each class's sum divided by its number of positives, np.sum(y_true[:, i])",
      "each class's sum divided by max(its number of positives, 1)",
      "each class's sum divided by its number of positives + epsilon",
      'the sum over every example and class divided by the number of positive labels, np.sum(y_true)',
    ],
    toldByDid: [0],
    loss: (s) => [
      { ...s, reduction: 'positives-mean' },
      { ...s, reduction: 'positives-mean-guarded' },
      { ...s, reduction: 'positives-mean-eps' },
      { ...s, reduction: 'positives-all' },
    ],
  },
  {
    id: 'loss-swapped-arguments',
    fn: 'weighted_loss',
    did: 'your weighted_loss treats its first argument as the predictions and its second as the labels (its parameters in the wrong order, weighted_loss(y_pred, y_true), or y_true and y_pred exchanged throughout the formula)',
    fix: 'Keras calls the loss as weighted_loss(y_true, y_pred): labels first, predictions second. The labels only multiply the terms and the predictions go inside the logs: y_true * np.log(y_pred + epsilon) and (1 - y_true) * np.log(1 - y_pred + epsilon).',
    loss: (s) => [{ ...s, swapArgs: true }],
  },
  {
    id: 'loss-hardcoded-classes',
    fn: 'weighted_loss',
    did: 'your loss loops over a fixed number of classes (a number, or a global such as N_CLASSES = len(labels) from the notebook) instead of len(pos_weights)',
    fix: 'Loop over range(len(pos_weights)) (or y_true.shape[1]): take the class count from the arguments, never from a number or a global.',
    // Every count from 2 up to 14 (or C) on every case: above the case's class count they raise
    // IndexError, and the one count a learner wrote has a variant on each case. k = C is the
    // correct value there: a learner who hard-coded C passes those cases. k = 1 is
    // loss-return-in-loop: one class only is what a return inside the loop gives, far more often
    // than a hard-coded 1.
    loss: (s, { c }) => Array.from({ length: Math.max(c, 14) - 1 }, (_, i) => ({ ...s, classes: { kind: 'first' as const, k: i + 2 } })),
    wayOf: (s) => (s.classes.kind === 'first' ? `k=${s.classes.k}` : s.classes.kind),
  },
  {
    id: 'loss-loops-over-examples',
    fn: 'weighted_loss',
    did: 'your loop over classes runs over range(len(y_true)), the number of examples, instead of the number of classes',
    fix: 'Loop over the classes: range(len(pos_weights)) or range(y_true.shape[1]); len(y_true) is the number of examples (rows).',
    loss: (s) => [{ ...s, classes: { kind: 'examples' } }],
    explain: (e) =>
      e.n > e.c
        ? undefined
        : `on case ${e.caseId} (${e.n} examples, ${e.c} classes) your loss adds up only the first ${e.n} classes, as a loop over range(len(y_true)) does`,
  },
  {
    id: 'loss-overwrites-accumulator',
    fn: 'weighted_loss',
    did: 'inside the loop over classes you assign the loss (loss = ...) instead of adding to it (loss += ...), so only the last class counts',
    fix: 'Start with loss = 0 and add each class: loss += ....',
    loss: (s) => [{ ...s, classes: { kind: 'last' } }],
  },
  {
    id: 'loss-return-in-loop',
    fn: 'weighted_loss',
    did: 'your loss returns from inside the loop over classes (the return is indented one level too far), so only the first class counts',
    fix: 'Dedent the return so it runs after the loop: add every class to the loss first, then return it.',
    loss: (s) => [{ ...s, classes: { kind: 'first', k: 1 } }],
  },
  {
    id: 'loss-skips-class',
    fn: 'weighted_loss',
    did: 'your loop over classes leaves one class out (an off-by-one range)',
    fix: 'Loop over every class with range(len(pos_weights)): range already stops before its end, so no - 1 is needed, and it starts at 0.',
    variants: ['the last class left out, as range(len(pos_weights) - 1) does', 'the first class left out, as range(1, len(pos_weights)) does'],
    loss: (s) => [
      { ...s, classes: { kind: 'skip-last' } },
      { ...s, classes: { kind: 'skip-first' } },
    ],
  },
  {
    id: 'loss-skips-example',
    fn: 'weighted_loss',
    did: 'your loss leaves out the first or the last example (y_true[1:] or y_true[:-1], or a loop over range(1, N) or range(N - 1)), so that row never counts',
    fix: 'Use every example: y_true[:, i] and y_pred[:, i] (no [1:] or [:-1]), or loop over range(N), which runs from 0 to N - 1; then the mean over all N.',
    variants: [
      'y_true[1:] and y_pred[1:]: the first example left out, the mean over the other N - 1',
      'a loop over range(1, N): the first example left out, divided by N',
      'y_true[:-1] and y_pred[:-1]: the last example left out, the mean over the other N - 1',
      'a loop over range(N - 1): the last example left out, divided by N',
    ],
    loss: (s) => [
      { ...s, examples: 'skip-first' },
      { ...s, examples: 'skip-first-over-n' },
      { ...s, examples: 'skip-last' },
      { ...s, examples: 'skip-last-over-n' },
    ],
  },
  {
    id: 'loss-rows-not-columns',
    fn: 'weighted_loss',
    did: 'you index y_true[i] and y_pred[i] (row i, one example) for class i, instead of y_true[:, i] (column i, one class)',
    fix: 'Select class i with y_true[:, i] and y_pred[:, i].',
    loss: (s) => [{ ...s, rowsNotColumns: true }],
  },
  {
    id: 'loss-missing-class-index',
    fn: 'weighted_loss',
    // The same value as the weights averaged into one number each (np.mean(pos_weights)) in front
    // of the classes' summed terms: mean(w) · Σ_c mean_n = Σ_c w_c · (Σ_c mean_n) / C.
    did: 'each class\'s weights multiply all the classes\' terms: in a loop over classes, the whole y_true and y_pred instead of column i (or, without a loop, a mean over every class times the sum of the weights, or each weight vector averaged into one number, np.mean(pos_weights), in front of the classes\' summed terms: these give the same value)',
    fix: 'Pair each class\'s weights with that class\'s column only: y_true[:, i] and y_pred[:, i] next to pos_weights[i] and neg_weights[i] in a loop, or pos_weights * y_true * np.log(y_pred + epsilon) + … on the whole arrays, then the mean over axis 0 and the sum; never one number for all the classes\' weights.',
    loss: (s) => [{ ...s, wholeMatrix: true }],
  },
  {
    // The weights and the columns indexed one class apart, in the forms that run: pos_weights[i - 1]
    // (index -1 is the last class in Python), y_true[:, i - 1] next to pos_weights[i]. Not a loop
    // over range(1, C + 1): it raises IndexError at column C (or weight C) on every case, as a loop
    // over a hard-coded count above every case's classes does, which no value tells apart.
    id: 'loss-class-index-off-by-one',
    fn: 'weighted_loss',
    did: "your class index is off by one between the weights and the columns, so each class gets its neighbour's weights (pos_weights[i - 1] runs without an error: index -1 is the last class in Python)",
    fix: 'Index the weights and the columns with the same class: pos_weights[i], neg_weights[i], y_true[:, i] and y_pred[:, i] in a loop over range(len(pos_weights)), which already starts at 0: no i - 1 or i + 1.',
    variants: [
      'the weights of the class before, pos_weights[i - 1] and neg_weights[i - 1]',
      'pos_weights[i - 1] only',
      'neg_weights[i - 1] only',
      'the columns of the class before, y_true[:, i - 1] and y_pred[:, i - 1], next to pos_weights[i] and neg_weights[i]',
    ],
    loss: (s) => [
      { ...s, weightsShifted: 'before' },
      { ...s, weightsShifted: 'pos' },
      { ...s, weightsShifted: 'neg' },
      { ...s, weightsShifted: 'after' },
    ],
  },
  {
    // The class weights read in reverse order: pos_weights[::-1], np.flip(pos_weights), or
    // pos_weights[C - 1 - i] / pos_weights[-1 - i] in a class loop. Weights that read the same both
    // ways (symmetric, or one class) give the right loss: no case with them can tell.
    id: 'loss-weights-reversed',
    fn: 'weighted_loss',
    did: 'your class weights are taken in reverse order, so class i gets the weights of class C - 1 - i (the first class the last one\'s)',
    fix: 'Index the weights with the class itself: pos_weights[i] and neg_weights[i] next to y_true[:, i] and y_pred[:, i], or the whole arrays as given; no [::-1], flip or C - 1 - i / -1 - i.',
    variants: [
      'both weights reversed, pos_weights[::-1] and neg_weights[::-1] (or pos_weights[C - 1 - i] and neg_weights[C - 1 - i])',
      'pos_weights reversed only',
      'neg_weights reversed only',
    ],
    loss: (s) => [
      { ...s, weightsShifted: 'reversed' },
      { ...s, weightsShifted: 'reversed-pos' },
      { ...s, weightsShifted: 'reversed-neg' },
    ],
  },
  {
    // After the commonest (diagnose's triples are drawn from the catalogue's first 20 loss mistakes).
    id: 'loss-epsilon-default',
    fn: 'weighted_loss',
    did: "your get_weighted_loss gives epsilon a default other than the assignment's 1e-7, so the loss is right where epsilon is passed and wrong where it is left out, as the course's model.compile(loss=get_weighted_loss(pos_weights, neg_weights)) leaves it",
    fix: 'Give epsilon the default the assignment asks for: def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).',
    variants: DEFAULT_EPSILONS.map((e) => `epsilon=${e === 0 || e === 1 ? e : e.toExponential()} as the default`),
    loss: (s) => DEFAULT_EPSILONS.map((fixedEpsilon) => ({ ...s, eps: 'default' as const, fixedEpsilon })),
  },
  {
    // A loop over the examples, as a learner who thinks per example writes it, with the weights
    // indexed by the example: pos_weights[n] is class n's weight, so the loop raises IndexError
    // once n reaches the number of classes (N > C) and mixes classes up where it does not. Ways that
    // a pair or a triple of loops-over-examples, rows-not-columns and a reduction also give
    // (K.mean of the row, no division) stay with those: their fixes fit that code.
    id: 'loss-weights-by-example',
    fn: 'weighted_loss',
    did: 'you loop over the examples (row n: y_true[n], y_pred[n]) and index the weights by the example, pos_weights[n] and neg_weights[n], but the weights are per class: pos_weights[n] is the weight of class n, so past the number of classes it raises IndexError, and below it each row gets one class\'s weight on all its classes',
    fix: 'Index the weights by the class, not by the example: for row n, pos_weights * y_true[n] * np.log(y_pred[n] + epsilon) + neg_weights * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon), each class with its own weight, summed over the classes, and the total divided by N; or loop over the classes instead, with y_true[:, i], y_pred[:, i], pos_weights[i] and neg_weights[i].',
    variants: ['each row summed over the classes, the total divided by N', 'each row summed over the classes, with no division by N', 'each row averaged over the classes, the total divided by N'],
    loss: (s) => (['sum-over-n', 'sum', 'mean-over-n'] as const).map((reduction) => ({ ...s, classes: { kind: 'examples' as const }, rowsNotColumns: true, reduction })),
  },
  {
    id: 'loss-thresholded-predictions',
    fn: 'weighted_loss',
    did: 'you turn the predictions into hard 0/1 decisions (y_pred > 0.5 or y_pred >= 0.5, or a rounding of y_pred) before the logs, so each log is of 0 + ε or 1 + ε: the loss then scores the decisions, not the probabilities, and has no gradient to train on',
    fix: 'Use the probabilities as they are, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), with no threshold or rounding: a threshold belongs to the accuracy, never to the loss.',
    variants: ['y_pred > 0.5 (or a rounding of y_pred, which rounds 0.5 down to 0)', 'y_pred >= 0.5'],
    // The story names both ways: only a prediction of exactly 0.5 tells them apart.
    toldByDid: [0, 1],
    loss: (s) => [
      { ...s, threshold: 'gt' },
      { ...s, threshold: 'ge' },
    ],
  },
  {
    id: 'loss-divided-by-n-minus-one',
    fn: 'weighted_loss',
    did: "you divide each class's sum over the examples by N - 1 instead of N (the \"unbiased\" count of a sample variance, which a mean of losses does not use), so the loss is N/(N - 1) times too large, and infinite on a batch of one example",
    fix: "Divide each class's sum by the number of examples itself, N = y_true.shape[0], not N - 1: that is the mean over the examples (axis 0).",
    loss: (s) => [{ ...s, reduction: 'over-n-minus-1' }],
    explain: (e) => (e.n < 2 ? undefined : ratioStory(e, e.n / (e.n - 1), `${e.n}/${e.n - 1}, the number of examples over one less`)),
  },
  {
    id: 'loss-terms-averaged',
    fn: 'weighted_loss',
    did: 'you average the positive and the negative term (np.mean([pos_loss, neg_loss]), (pos + neg) / 2 or 0.5 * (pos + neg)) where the loss adds them, so every loss is half the expected value',
    fix: 'Add the two terms, -(pos term + neg term), without dividing by 2: each example has one of the two (its label is 1 or 0), so their sum is already that example\'s loss.',
    loss: (s) => [{ ...s, termsAveraged: true }],
    explain: (e) => ratioStory(e, 0.5, 'what averaging the two terms instead of adding them gives'),
  },
  {
    // Each term's label factor and log averaged apart, then multiplied: mean(y) · mean(log p) is the
    // mean of y · log(p) only where a class's labels are all equal (then both are y · mean(log p)).
    id: 'loss-product-of-means',
    fn: 'weighted_loss',
    did: "you multiply the mean of the labels by the mean of the logs, pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + epsilon)) (and the negative term likewise), where the loss is the mean of their products: a product of means lets every example's log count, the negative examples' too, scaled by the fraction of positives",
    fix: "Multiply first, then average: each class's loss is the mean over the examples of -(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)), one mean of the products, not a product of means; then the sum over the classes.",
    loss: (s) => [{ ...s, meansApart: 'product' }],
  },
  {
    // The mean taken before the log, so no example's own prediction is scored. Both ways: the mean
    // prediction in the log (with the labels' mean in front, or inside the mean: the same value),
    // or each term's mean of the label times the prediction.
    id: 'loss-log-of-mean',
    fn: 'weighted_loss',
    did: "you take the log of a mean where the mean of the logs belongs: the mean over the examples is taken inside the log instead of around the term, so each log scores one averaged number rather than every example's own prediction",
    fix: "Take the log of each example's prediction and average afterwards: each class's loss is the mean over the examples of -(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)); no mean taken inside the log.",
    variants: [
      'the log of the mean prediction, np.log(np.mean(y_pred[:, i]) + epsilon) and np.log(1 - np.mean(y_pred[:, i]) + epsilon)',
      'the mean of the labels times the predictions inside the log, np.log(np.mean(y_true[:, i] * y_pred[:, i]) + epsilon) and np.log(np.mean((1 - y_true[:, i]) * (1 - y_pred[:, i])) + epsilon)',
    ],
    loss: (s) => [
      { ...s, meansApart: 'log-of-mean' },
      { ...s, meansApart: 'log-of-mean-product' },
    ],
  },
  {
    id: 'loss-mixed-indexing',
    fn: 'weighted_loss',
    did: 'a class\'s term mixes an array indexed for that class (y_true[:, i], one value per example) with one that is not (pos_weights or y_pred[i], one value per class, or the whole y_pred), or, without a loop, a mean or sum over axis 1 (one value per example) meets the per-class weights, so the lengths do not line up',
    fix: 'Inside the loop over classes, index every array for class i: y_true[:, i], y_pred[:, i], pos_weights[i], neg_weights[i]. Vectorised code indexes none of them: pos_weights * y_true * np.log(y_pred + epsilon), then the mean over axis 0 and the sum.',
  },
  {
    id: 'loss-mixed-dtypes',
    fn: 'weighted_loss',
    // A loss that works once y_true and y_pred are both float32, as Keras passes them (one input
    // cast to tf.float32), is graded on that re-run with a note, not named (runner.run_call_as_keras).
    did: 'your loss combines tensors of two dtypes even when y_true and y_pred are both float32, as Keras passes them, which TensorFlow and PyTorch refuse to do: an input or a weight cast to a fixed dtype (y_true = tf.cast(y_true, tf.float64)) next to float32 predictions, so it fails in training as it does on these cases',
    fix: 'Cast to the predictions\' dtype, never to a fixed one: y_true = tf.cast(y_true, y_pred.dtype) (PyTorch: y_true.to(y_pred.dtype)), and the weights likewise: Keras passes y_pred as float32, and the loss must work with that dtype as well as any other.',
  },
  {
    id: 'loss-not-scalar',
    fn: 'weighted_loss',
    did: 'your loss returns an array (or several values) instead of a single number',
    fix: 'Return one number, not a tuple or an array: the mean over the examples (axis 0) of each class\'s terms, then the sum over the classes, np.sum(np.mean(L, axis=0)) or K.sum(K.mean(L, axis=0)).',
  },
  {
    // Recognised across cases (grader/src/grade/fixed-denominator.ts): no one case shows it.
    id: 'loss-hardcoded-examples',
    fn: 'weighted_loss',
    did: 'you divide by a number of examples written into the code instead of averaging over the examples of the batch you are given',
    fix: 'Take the mean over the examples (np.mean / K.mean over axis 0), or divide by y_true.shape[0]: never write the number of examples as a number.',
  },
  {
    // Recognised across cases (grader/src/grade/same-result.ts): no one case shows it.
    id: 'loss-ignores-inputs',
    fn: 'weighted_loss',
    did: 'your loss returns the same number whatever y_true, y_pred and the weights: a value copied from an expected output, a result kept from an earlier call, or a loss that is never added to',
    fix: "Compute the loss from y_true and y_pred on every call: no number copied from an expected output, nothing kept between calls, and each class's term added to the result (loss += ...).",
  },
  {
    // Recognised across cases (grade/rounded-loss.ts): every loss returned has at most a few decimals
    // and each failed one is the expected value rounded so; a rounding within tolerance passes.
    id: 'loss-rounded',
    fn: 'weighted_loss',
    did: 'your loss is rounded to a few decimals before it is returned (return round(float(loss), 3), or a rounding call with decimals), so it misses the expected value by up to half of its last decimal',
    fix: 'Return the loss unrounded (no np.round or round on it; round only what you print): the grader compares it to far more digits than a few decimals, and in training a rounded loss gives no gradient.',
  },
  {
    id: 'loss-mutates-input',
    fn: 'weighted_loss',
    did: 'your code changes its input arrays in place (for example y_pred += epsilon)',
    fix: 'Compute on new arrays (y_pred + epsilon) instead of modifying y_true, y_pred or the weights in place.',
  },
  {
    id: 'freqs-wrong-axis',
    fn: 'compute_class_freqs',
    did: 'you average over axis 1, each example\'s labels, instead of axis 0, each class over the examples',
    fix: 'Use np.mean(labels, axis=0) or np.sum(labels, axis=0) / labels.shape[0]: one value per class.',
    // np.mean(labels, axis=1) divides by C; np.sum(labels, axis=1) / N by N.
    variants: [
      'np.mean(labels, axis=1)',
      'np.mean(labels, axis=1)',
      'np.sum(labels, axis=1) / N',
      'np.sum(labels, axis=1) / N',
      // The first two are equal: (C - count) / C = 1 - count / C.
      ...negativesOnly(['np.mean(1 - labels, axis=1)', 'np.mean(1 - labels, axis=1)', 'np.sum(1 - labels, axis=1) / N', '1 - np.sum(labels, axis=1) / N']),
      // Summed over the wrong axis and not divided at all: counts per example, both sides. The
      // counts mistake's other ways (one side left a count) pair with this one (pairsBy).
      'summed there, not even averaged: np.sum(labels, axis=1) and np.sum(1 - labels, axis=1), each example\'s counts',
    ],
    pairsBy: ['axis'],
    freqs: (s) => [
      ...withNegativesOnly(
        (['C', 'N'] as const).flatMap((denominator) => [
          { ...s, axis: 1 as const, denominator },
          { ...s, axis: 1 as const, denominator, neg: 'one-minus' as const },
        ]),
      ),
      { ...s, axis: 1 as const, denominator: 'none' as const },
    ],
  },
  {
    id: 'freqs-no-axis',
    fn: 'compute_class_freqs',
    did: 'you reduce the whole label matrix without an axis (np.mean(labels) or np.sum(labels) / N), so you return one number each instead of one value per class',
    fix: 'Reduce over the examples only: np.mean(labels, axis=0) or np.sum(labels, axis=0) / labels.shape[0], one value per class.',
    variants: [
      'np.mean(labels)',
      'np.mean(labels)',
      'np.sum(labels) / N',
      'np.sum(labels) / N',
      // The first two are equal: (NC - count) / NC = 1 - count / NC.
      ...negativesOnly(['np.mean(1 - labels) or 1 - np.mean(labels)', 'np.mean(1 - labels) or 1 - np.mean(labels)', 'np.sum(1 - labels) / N', '1 - np.sum(labels) / N']),
    ],
    freqs: (s) =>
      withNegativesOnly(
        (['NC', 'N'] as const).flatMap((denominator) => [
          { ...s, axis: 'all' as const, denominator },
          { ...s, axis: 'all' as const, denominator, neg: 'one-minus' as const },
        ]),
      ),
    // As freqs-wrong-axis: the mean without an axis pairs with 1 / positive and the counts.
    pairsBy: ['axis'],
  },
  {
    id: 'freqs-wrong-denominator',
    fn: 'compute_class_freqs',
    did: 'you divide the per-class counts by something other than the number of examples N',
    fix: 'Divide by N = labels.shape[0], the number of examples (rows).',
    variants: [
      'divided by labels.shape[1], the number of classes',
      'divided by labels.shape[1], the number of classes',
      'divided by labels.size, examples × classes',
      'divided by labels.size, examples × classes',
      'divided by N - 1, as a sample variance is',
      'divided by N - 1, as a sample variance is',
      ...negativesOnly(
        ['labels.shape[1], the number of classes', 'labels.size, examples × classes', 'N - 1'].flatMap((d) => [`negative counts divided by ${d}`, `1 - the positive counts divided by ${d}`]),
      ),
      // Each class's share of all the positive labels, as a multi-label recipe's class weights
      // take it (label_weights = 1 - labels.sum(axis=0) / labels.sum(), in many public notebooks).
      "divided by np.sum(labels), all the positive labels: each class's share of them, not the fraction of its examples that are positive",
      "divided by np.sum(labels), all the positive labels (each class's share of them, not the fraction of its examples that are positive), the negatives 1 - that",
    ],
    freqs: (s) => [
      ...withNegativesOnly(
        (['C', 'NC', 'N-1'] as const).flatMap((denominator) => [
          { ...s, denominator },
          { ...s, denominator, neg: 'one-minus' as const },
        ]),
      ),
      { ...s, denominator: 'share' as const },
      { ...s, denominator: 'share' as const, neg: 'one-minus' as const },
    ],
  },
  {
    id: 'freqs-hardcoded-classes',
    fn: 'compute_class_freqs',
    did: 'your compute_class_freqs works on a fixed number of classes (a number such as 14, or a global such as N_CLASSES = len(labels) from the notebook) instead of the columns of labels, or returns arrays of that length (zeros made for 14 classes) with only the first columns filled',
    fix: 'Compute every class at once, np.mean(labels, axis=0), or take the count from labels.shape[1], both for the loop and for the arrays it fills (zeros of labels.shape[1] values, not of 14); never from a number or a global.',
    // As loss-hardcoded-classes: every count from 2 up to 14 (or C); above the case's class count
    // an IndexError, below it that many values. k = C is the correct value on that case. Or
    // np.zeros(k) filled by a loop over labels.shape[1] (learner 26): the C values, then zeros (or
    // the ones 1 - positive makes), an IndexError on more than k columns.
    freqs: (s, shape) => {
      const ks = Array.from({ length: Math.max(shape?.c ?? 0, 14) - 1 }, (_, i) => i + 2);
      return [
        ...ks.map((k) => ({ ...s, classes: { kind: 'first' as const, k } })),
        ...ks.map((k) => ({ ...s, classes: { kind: 'padded' as const, k } })),
        ...ks.map((k) => ({ ...s, classes: { kind: 'padded' as const, k }, neg: 'one-minus' as const })),
      ];
    },
    wayOf: (s) => (s.classes.kind === 'first' ? `k=${s.classes.k}` : s.classes.kind === 'padded' ? `padded k=${s.classes.k}` : s.classes.kind),
  },
  {
    id: 'freqs-counts',
    fn: 'compute_class_freqs',
    did: 'you return counts of positive or negative examples instead of fractions',
    fix: 'Divide the counts by the number of examples N = labels.shape[0]: both frequencies are fractions between 0 and 1.',
    variants: [
      'both as counts',
      'the negative ones as counts, N - np.sum(labels, axis=0) without dividing by N',
      'the positive ones as counts',
      'the positive ones as counts, np.sum(labels, axis=0) without dividing by N, and the negative ones as 1 - those counts',
    ],
    freqs: (s) => [
      { ...s, denominator: 'none' },
      { ...s, undivided: 'neg' },
      { ...s, undivided: 'pos' },
      // The template's negative_frequencies = 1 - positive_frequencies under undivided counts: no `//` anywhere.
      { ...s, denominator: 'none', neg: 'one-minus' },
    ],
  },
  {
    id: 'freqs-integer-division',
    fn: 'compute_class_freqs',
    // In numpy terms; fix-in-framework names the mean of the learner's library (K.mean, tf.reduce_mean, PyTorch's refusal).
    did: 'you use integer division (//) or integer arrays, so every fraction is rounded down to 0 or 1 (statistics.mean of a column of numpy integers rounds down the same way)',
    fix: 'Use true division on floats, np.sum(labels, axis=0) / labels.shape[0], so the result is a float array; with TensorFlow or Keras, cast the labels first: tf.cast(labels, tf.float32) or K.cast(labels, \'float32\').',
    freqs: (s) => [
      { ...s, floor: true },
      { ...s, floor: true, neg: 'one-minus' },
    ],
  },
  {
    id: 'freqs-swapped',
    fn: 'compute_class_freqs',
    did: 'you return (negative_frequencies, positive_frequencies) in the wrong order',
    fix: 'Return (positive_frequencies, negative_frequencies), in that order.',
    freqs: (s) => [{ ...s, swapped: true }],
  },
  {
    id: 'freqs-negative-reciprocal',
    fn: 'compute_class_freqs',
    did: 'you compute the negative frequencies as 1 / positive_frequencies instead of 1 - positive_frequencies',
    fix: 'The negative fraction is the complement: negative_frequencies = 1 - positive_frequencies (every value between 0 and 1).',
    freqs: (s) => [{ ...s, neg: 'reciprocal' }],
  },
  {
    id: 'freqs-class-weights',
    fn: 'compute_class_freqs',
    did: 'you return class weights (the inverse of each frequency) instead of the frequencies themselves',
    fix: 'Return the fractions: positive_frequencies = np.sum(labels, axis=0) / N and negative_frequencies = 1 - positive_frequencies; the weights (pos_weights = freq_neg) are made from them later.',
    variants: ["N / (2 * count), scikit-learn's compute_class_weight('balanced')", 'N / count, one over each frequency'],
    freqs: (s) => [
      { ...s, inverted: 'balanced' },
      { ...s, inverted: 'inverse' },
    ],
  },
  {
    id: 'freqs-n-minus-positive',
    fn: 'compute_class_freqs',
    did: 'you compute the negative frequencies as N - positive_frequencies, the complement taken of the count N rather than of 1, so they come out near N instead of between 0 and 1',
    fix: 'The positive frequencies are fractions already: negative_frequencies = 1 - positive_frequencies (or the negative count divided by N).',
    freqs: (s) => [{ ...s, neg: 'n-minus' }],
  },
  {
    id: 'freqs-bitwise-not',
    fn: 'compute_class_freqs',
    did: 'you count the negatives with ~labels on an integer array: ~ is the bitwise NOT, -label - 1, not 1 - label (it flips only booleans), so every negative frequency is -1 - the positive one',
    fix: 'Count the negatives with 1 - labels or labels == 0 (or ~ on a boolean array: ~labels.astype(bool)).',
    freqs: (s) => [{ ...s, neg: 'bitwise-not' }],
  },
  {
    id: 'freqs-same-both-sides',
    fn: 'compute_class_freqs',
    did: 'you compute both frequencies the same way (a copied line not changed), so the positive and negative frequencies are equal',
    fix: 'The positive frequencies count labels == 1, the negative ones labels == 0: negative_frequencies = 1 - positive_frequencies.',
    variants: ['both are the positive frequencies', 'both are the negative frequencies'],
    freqs: (s) => [
      { ...s, copied: 'pos' },
      { ...s, copied: 'neg' },
    ],
  },
  {
    id: 'freqs-skips-example',
    fn: 'compute_class_freqs',
    did: 'you leave out the first or the last example (labels[1:] or labels[:-1], or a loop over range(1, N) or range(N - 1)), so that row is never counted',
    fix: 'Count every row: np.mean(labels, axis=0), or loop over range(N), which runs from 0 to N - 1, and divide by N = labels.shape[0].',
    variants: [
      'labels[1:]: the first row left out, the mean over the other N - 1',
      'a loop over range(1, N): the first row left out, divided by N',
      'a loop over range(1, N): the first row left out, divided by N',
      'labels[:-1]: the last row left out, the mean over the other N - 1',
      'a loop over range(N - 1): the last row left out, divided by N',
      'a loop over range(N - 1): the last row left out, divided by N',
    ],
    freqs: (s) =>
      (['first', 'last'] as const).flatMap((skipRow) => [
        { ...s, skipFirst: 'mean' as const, skipRow },
        { ...s, skipFirst: 'over-n' as const, skipRow },
        { ...s, skipFirst: 'over-n' as const, neg: 'one-minus' as const, skipRow },
      ]),
  },
  {
    id: 'freqs-skips-class',
    fn: 'compute_class_freqs',
    did: 'you leave out the first or the last class (labels[:, 1:] or labels[:, :-1], or an off-by-one range over the columns), so you return one value fewer than there are classes, or that class keeps the 0 it started with in an array of zeros',
    fix: 'Compute every class: np.mean(labels, axis=0) on the whole labels, or loop over range(labels.shape[1]), which runs from 0 to C - 1.',
    variants: [
      'the first class left out, as labels[:, 1:] or range(1, C) does',
      'the last class left out, as labels[:, :-1] or range(C - 1) does',
      'the first class left at 0, as a loop over range(1, C) filling an array of C zeros does',
      'the first class left at 0, as a loop over range(1, C) filling an array of C zeros does',
      'the last class left at 0, as a loop over range(C - 1) filling an array of C zeros does',
      'the last class left at 0, as a loop over range(C - 1) filling an array of C zeros does',
    ],
    freqs: (s) => [
      { ...s, classes: { kind: 'skip-first' } },
      { ...s, classes: { kind: 'skip-last' } },
      { ...s, classes: { kind: 'zero-first' } },
      { ...s, classes: { kind: 'zero-first' }, neg: 'one-minus' },
      { ...s, classes: { kind: 'zero-last' } },
      { ...s, classes: { kind: 'zero-last' }, neg: 'one-minus' },
    ],
  },
  {
    // Sweep 16a: np.unique(labels[:, i], return_counts=True)[1][1], a public multi-label idiom for
    // a column's positives, assumes both labels occur in every column.
    id: 'freqs-unique-counts',
    fn: 'compute_class_freqs',
    did: 'you count each class with np.unique(labels[:, i], return_counts=True) or np.bincount(labels[:, i]) and take counts[1] as its positives (and counts[0] as its negatives), which assumes both labels occur in every column: counts[1] raises IndexError where a column gives a single count (np.unique\'s for a column of only 0s or only 1s, np.bincount\'s without minlength=2 for a column of only 0s)',
    fix: 'Count the positives directly, np.sum(labels, axis=0) (or np.sum(labels[:, i] == 1)), divide by N = labels.shape[0], and take 1 minus that for the negatives: a count of 0 needs no special case.',
    variants: [
      'np.unique: counts[1] of a column of only 0s or only 1s',
      'np.bincount(labels[:, i]) without minlength=2, which has no counts[1] for a column of only 0s',
    ],
    // The public cases cannot tell the two apart (only a column of only 1s does); the story names both.
    toldByDid: [0, 1],
    freqs: (s) => [{ ...s, unique: true }, { ...s, unique: 'bincount' as const }],
  },
  {
    id: 'freqs-ignores-inputs',
    fn: 'compute_class_freqs',
    did: 'your compute_class_freqs returns the same frequencies whatever the labels: values copied from an expected output or worked out from the course data, or kept from an earlier call',
    fix: 'Compute the frequencies from the labels argument on every call: np.sum(labels, axis=0) / labels.shape[0], and 1 minus that.',
  },
  {
    id: 'freqs-mutates-input',
    fn: 'compute_class_freqs',
    did: 'your compute_class_freqs changes the labels array in place',
    fix: 'Compute on new arrays instead of modifying labels in place.',
  },
  {
    // Named from the form (grade-case.ts): a (1, C) array, keepdims=True on axis 0 or an np.matrix's
    // mean. Kept a failure, not accepted with a note: the course's own test refuses that shape
    // ("Wrong shape.", and its np.testing.assert_array_almost_equal refuses (1, C) against (C,)), and
    // the course's loss, a loop over range(len(pos_weights)), sees one row for C classes (wording 32).
    id: 'freqs-keepdims',
    fn: 'compute_class_freqs',
    did: "your compute_class_freqs returns its frequencies with an extra axis of length 1, shape (1, C) (np.mean(labels, axis=0, keepdims=True), or labels as an np.matrix), where one value per class, shape (C,), belongs: the course's own test refuses that shape, and a loss that loops over range(len(pos_weights)) sees one row instead of C classes",
    fix: 'Reduce over the examples with np.mean(labels, axis=0) without keepdims (or np.sum(labels, axis=0) / labels.shape[0]), which gives shape (C,); with labels as an np.matrix, take np.asarray(labels) first (or return np.ravel(...) of each).',
  },
  {
    // Read from the notebook's or script's weight assignments (grade-suite.ts weightMistake): no
    // case can run that code, since it reads the training labels.
    id: 'weights-not-inverted',
    fn: 'class-weights',
    did: 'you take the class weights from the frequencies without inverting them (pos_weights = freq_pos), so the frequent label keeps its larger weight instead of being balanced',
    fix: 'Set pos_weights = freq_neg and neg_weights = freq_pos: each class\'s positive and negative examples then contribute equally to the loss.',
  },
];

/** Every mistake, keyed by id; the Record type makes a missing entry a compile error. */
export const MISTAKES: Record<MistakeId, Mistake> = Object.fromEntries(entries.map((m) => [m.id, m])) as Record<
  MistakeId,
  Mistake
>;

// A typo in an entry's id, or an id listed twice, would leave a hole the Record type cannot see.
if (entries.length !== MISTAKE_IDS.length || MISTAKE_IDS.some((id) => MISTAKES[id]?.id !== id)) {
  throw new Error('reference/mistakes/catalogue.ts does not list each id of ids.ts exactly once');
}
