/**
 * Where a named mistake is in the learner's file: the line its fix changes, from the sites the
 * runner reads in the graded functions (runner.fix_sites: reductions, logs, returns, divisions,
 * weight uses, with their helpers'). Each mistake model maps to the constructs its fix touches;
 * a site is shown only when they pin one line (one candidate line, or a rule that picks one for
 * sure: of several sums, the one over axis 0 is the sum over the examples), or, for a mistake whose
 * fix changes every one of its constructs (both logs without epsilon), when they sit on 2 or 3
 * lines of one cell: then the site names them all. Unsure, no line: a wrong line sends the learner
 * to change code that is right. Pure.
 */
import { MISSING_MINUS_STORY, MISTAKES, type MistakeId } from '../../../reference/mistakes/index.js';
import { joinWords } from '../join-words.js';
import { LIBRARY_BCE_UNWEIGHTED, NO_K_EPSILON } from './fix-in-framework.js';
import { cellsOf, scanNotebook } from '../notebook-json.js';
import { escapeLineBreaks } from '../report/escape.js';
import type { FunctionInfo, Site } from '../schema/protocol.js';

/** Where in the source a mistake is: a .py's line, or a notebook's cell and line. */
export interface SiteLocation {
  line: number;
  cell?: number;
  /** A line of one of the learner's modules beside the file (Site.file: a graded function it defines), by its file name. */
  file?: string;
  /** A fix over several lines: every one, in order (the first is `line`), in `cell`. */
  lines?: { line: number }[];
  /** The fix for the construct found there, when it is not the one the catalogue's fix describes (Rule.fix). */
  fix?: string;
  /** What the learner did, for the construct found there, when the catalogue's `did` says otherwise (Rule.fixWhen.did). */
  did?: string;
  /** With `did`: the catalogue's words in the evidence that tell its story (`from`), and this construct's (`to`). */
  evidence?: { from: string; to: string };
}

/** The most lines a site names; a fix spread wider is no one place to look at. */
export const SITE_MAX_LINES = 3;

interface Rule {
  /** The graded function whose sites (its own and its helpers') hold the construct. */
  fn: 'get_weighted_loss' | 'compute_class_freqs';
  /** The constructs the fix touches. */
  candidate: (s: Site) => boolean;
  /** Of several candidate lines, the one that is the mistake for sure, when exactly one is. */
  prefer?: (s: Site) => boolean;
  /** The fix changes every candidate (each log without epsilon gets one): 2-3 lines are named together. */
  every?: true;
  /** The fix changes every preferred candidate (each sum over the examples becomes a mean): 2-3 of them are named together. */
  preferEvery?: true;
  /** Sites that make any candidate a guess: then no line. */
  unsure?: (s: Site) => boolean;
  /** The rule read instead when no site is a candidate of this one. */
  otherwise?: Rule;
  /**
   * Mistakes that, named beside this one, read the same lines their own way: then this rule gives
   * no line (nor its fix), and the catalogue's fix stands, so the two fixes shown agree.
   */
  notWith?: readonly MistakeId[];
  /** Named beside one of these mistakes, the rule read instead (the two mistakes together read the lines their own way). */
  beside?: Partial<Record<MistakeId, Rule>>;
  /**
   * The fix for the construct this rule finds, said instead of the catalogue's: a mistake told from
   * its cases can be written as a construct other than the one the catalogue's fix describes.
   */
  fix?: Fix;
  /**
   * A fix said instead of the catalogue's when every site named is of one construct (`when`); its
   * story too (`did`, the evidence's words). Several: the first whose construct every site is.
   */
  fixWhen?: FixWhen | readonly FixWhen[];
}

/** A rule's fix: its text, or its text for the sites shown (in the learner's loop variable). */
type Fix = string | ((shown: readonly Site[]) => string);
/** `any`: said when any site shown is of the construct (a loop line named beside the lines it indexes), not every one. */
type FixWhen = { when: (s: Site) => boolean; any?: true; fix: Fix; did?: string; evidence?: { from: string; to: string } };

/**
 * The loop variable the sites shown share (Site.var: `n` of `for n in range(len(y_true))`), or
 * `n`: the name a fix over the examples says its row by.
 */
const rowVariable = (shown: readonly Site[]): string => {
  const vars = new Set(shown.map((s) => s.var));
  const [only] = vars;
  return vars.size === 1 && only !== undefined ? only : 'n';
};

/**
 * An off-by-one fix (its class variable `i`: pos_weights[i], y_true[:, i], no i - 1) in the learner's class
 * variable, when the sites shown share one that is not `i` (`for c in range(...)`: pos_weights[c], no c + 1).
 */
const inClassVariable = (fix: string, shown: readonly Site[]): string => {
  const vars = new Set(shown.map((s) => s.var));
  const [only] = vars;
  if (vars.size !== 1 || only === undefined || only === 'i') return fix;
  return fix
    .replace(/\[(:, )?i\]/g, `[$1${only}]`)
    .replace(/\bno i - 1 or i \+ 1\b/g, `no ${only} - 1 or ${only} + 1`)
    .replace(/\bno i ([-+]) 1\b/g, `no ${only} $1 1`)
    .replace('that same i:', `that same ${only}:`);
};

/** The catalogue's loss-weights-by-example fix, its row n said as the learner's loop variable. */
const weightsByExampleFix = (shown: readonly Site[]): string => {
  const n = rowVariable(shown);
  return MISTAKES['loss-weights-by-example'].fix.replace('for row n,', `for row ${n},`).replaceAll('[n]', `[${n}]`);
};

const isSum = (s: Site) => s.kind === 'reduction' && s.op === 'sum';
const isMean = (s: Site) => s.kind === 'reduction' && s.op === 'mean';
const classAxis = (s: Site) => s.axis === 1 || s.axis === -1;
const isDivision = (s: Site) => s.kind === 'division';
const logWithout = (s: Site) => s.kind === 'log' && s.adds === 0;
const logWithTerm = (s: Site) => s.kind === 'log';
const negatedReturn = (s: Site) => s.kind === 'return' && s.loop !== true && s.negated === true;

/** Mistake -> the constructs its fix touches. Mistakes not listed get no site. */
export const SITE_RULES: Partial<Record<MistakeId, Rule>> = {
  // A sum over the examples where the mean belongs; a class sum (axis 1) is not one.
  // A loop over the examples does that summing itself (`loss += np.sum(per_class)` sums one
  // example's classes): pointing at a reduction would have the learner average the classes.
  // Of several sums, those over the examples for sure (axis 0, a class's column): one, or each of 2-3.
  'loss-sum-not-mean': {
    fn: 'get_weighted_loss',
    candidate: (s) => isSum(s) && !classAxis(s),
    prefer: (s) => isSum(s) && (s.axis === 0 || s.column === true),
    preferEvery: true,
    unsure: (s) => s.kind === 'loop' && s.over === 'examples',
    // np.dot(y_true[:, i], np.log(...)), `@`, torch.dot: a dot product is the sum (lines 36a).
    fixWhen: {
      when: (s) => s.dot === true,
      fix: 'A dot product of a class\'s columns sums its terms over the examples: divide it by their number, len(y_true), or take np.mean(y_true[:, i] * np.log(y_pred[:, i] + epsilon)) instead, then add the classes up.',
    },
  },
  // One mean over the whole matrix or over the per-class losses (np.mean(losses)), or the class sum
  // divided by the number of classes (loss / len(pos_weights), / y_true.shape[1], / 3); a mean of one
  // class's column (in a class loop) is over the examples, right, and a division by anything else
  // (/ N, a helper's sigmoid) is none of it.
  'loss-mean-over-classes': {
    fn: 'get_weighted_loss',
    candidate: (s) => (isMean(s) && s.axis === 'none' && s.column !== true) || (isDivision(s) && (s.by === 'classes' || s.by === 'literal')),
  },
  // np.mean(...) / N: the division by the number of examples; of several, the one of a mean (a rate's / N beside it is none).
  'loss-divided-twice': { fn: 'get_weighted_loss', candidate: (s) => isDivision(s) && s.examples === true, prefer: (s) => s.ofMean === true },
  // The division by a count of positives (`class_sum / n_pos`, `/ np.maximum(np.sum(y_true, axis=0), 1)`):
  // every such division, the two terms' when each has its own; a division by N, or a helper's, beside it is none.
  'loss-divided-by-positives': { fn: 'get_weighted_loss', candidate: (s) => isDivision(s) && s.labelCount === true, every: true },
  // A mean over axis 1, or a sum divided by the number of classes.
  // pos_sum / np.sum(y), neg_sum / np.sum(1 - y): each term's division by its own count of examples (a count of
  // the labels' ones or zeros; a division by N, or a helper's, beside them is none).
  // Or each mean of the predictions a mask of the labels selects (np.mean(np.log(p[y == 1] + eps))).
  'loss-per-term-mean': { fn: 'get_weighted_loss', candidate: (s) => (isDivision(s) && s.labelCount === true) || (s.kind === 'reduction' && s.masked === true), every: true },
  // A mean over axis 1, or a division by the number of classes (a / N or a helper's beside it is none); a sum
  // over axis 1 is each example's loss, right (np.mean(np.sum(L, axis=1))), never the line.
  // Without either, the mean over the classes of the sums over the examples (L.sum(0).mean()): the mean and the sums.
  'loss-wrong-axis': {
    fn: 'get_weighted_loss',
    candidate: (s) => (s.kind === 'reduction' && s.op === 'mean' && classAxis(s)) || (isDivision(s) && s.by === 'classes'),
    otherwise: {
      fn: 'get_weighted_loss',
      candidate: (s) => s.kind === 'classMean',
      every: true,
      fixWhen: {
        when: (s) => s.kind === 'classMean',
        fix: 'Swap the two reductions: the mean over the examples (axis 0) first, then the sum over the classes, np.sum(np.mean(L, axis=0)), where your code sums over the examples and then averages over the classes.',
        did: 'you sum each class\'s terms over the examples and then average those sums over the classes (L.sum(0).mean()), which divides the summed loss by the number of classes where each class needs its mean over the examples',
      },
      // A loop over the examples averaging each example's row (np.mean(pos_weights * y_true[n] * ...)): each such mean, in loop words (lines 36c).
      otherwise: {
        fn: 'get_weighted_loss',
        candidate: (s) => s.kind === 'rowMean',
        every: true,
        fixWhen: {
          when: (s) => s.kind === 'rowMean',
          fix: "Your loop runs over the examples, and this mean of example n's row averages its classes: take the row's sum there instead (the sum over the classes of that example's terms), add those sums up in the loop, and divide the total by the number of examples once, after the loop.",
          did: "your loop over the examples takes the mean of each example's row (its classes' terms averaged), which divides the loss by the number of classes where the classes' terms are summed",
        },
      },
    },
  },
  // The division by a number written into the code (/ 4, / N_EXAMPLES), not a / N of the batch or a helper's.
  'loss-hardcoded-examples': { fn: 'get_weighted_loss', candidate: (s) => isDivision(s) && s.fixedCount === true },
  // (pos + neg) / 2, np.mean([pos_loss, neg_loss]), 0.5 * (pos + neg): the division by 2 of the two terms'
  // sum, the mean of a list of exactly the two (runner._averaged_terms), or a written 0.5 (signed or not)
  // times what holds both terms' logs ("halved", read by runner._log_sides as the / 2 is); any other division or mean (np.mean(y_pred) / 100, a correct -np.mean(L) * C) is none
  // of it: no line rather than a wrong one (review 32a).
  'loss-terms-averaged': { fn: 'get_weighted_loss', candidate: (s) => s.averages === true || s.kind === 'halved' },
  // np.abs(loss), abs(np.mean(...)), torch.abs(total): the one absolute value taken where the minus belongs (runner._abs_aside
  // leaves out one in a log, a print or an assert, of the predictions' error or of epsilon); two or more: none.
  'loss-absolute-value': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'absolute' },
  // tf.cast(y_true, tf.float64), w.double(), torch.tensor(w, dtype=torch.float64): each cast to a fixed dtype other
  // than Keras's float32, where the cast to y_pred.dtype goes (a float32 cast is right with float32 inputs).
  // Without one, each cast of an input to an integer dtype (tf.cast(y_true, tf.int32), y_true.long()); without
  // those, each float64 made without naming it (y_true.astype(float), tf.constant(pos_weights)): a fix for each.
  'loss-mixed-dtypes': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'fixedDtype',
    every: true,
    otherwise: {
      fn: 'get_weighted_loss',
      candidate: (s) => s.kind === 'intCast',
      every: true,
      fixWhen: {
        when: (s) => s.kind === 'intCast',
        fix: "Cast the labels to the predictions' dtype, not to an integer one: y_true = tf.cast(y_true, y_pred.dtype) (PyTorch: y_true.to(y_pred.dtype)); they stay 0 and 1, as floats, and the terms can multiply them.",
        // PyTorch promotes an integer tensor times a float one; its cross-entropies refuse integer targets.
        did: "your loss casts its labels (or another input) to an integer dtype (tf.cast(y_true, tf.int32), y_true.long()) where they meet float predictions, a mix TensorFlow refuses, as PyTorch's cross-entropies refuse integer targets",
      },
      otherwise: {
        fn: 'get_weighted_loss',
        candidate: (s) => s.kind === 'float64',
        every: true,
        fixWhen: {
          when: (s) => s.kind === 'float64',
          fix: "Give every tensor the predictions' dtype: y_true = tf.cast(y_true, y_pred.dtype) (PyTorch: y_true.to(y_pred.dtype)), and the weights likewise (a tensor made from them without a dtype keeps the float64 of the numpy arrays they arrive as); never float, which is float64 in numpy and PyTorch.",
          did: 'your loss makes float64 tensors without naming the width (tf.constant(pos_weights) of the numpy float64 weights, .astype(float), dtype=float) next to float32 predictions, a mix the framework refuses',
        },
      },
    },
  },
  // return round(float(loss), 3), np.round(loss * 1000) / 1000: the rounding the loss is returned through;
  // with none, each rounding of a class's value or term (loss += round(float(-np.mean(...)), 2)).
  'loss-rounded': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'rounded',
    otherwise: { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'roundedPart', every: true },
  },
  // N - 1 for N: the division by a count of examples one short, or the name that keeps it (n = len(y_true) - 1).
  'loss-divided-by-n-minus-one': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'count' },
  // y_pred > 0.5, np.round(y_pred): where the predictions are made 0 or 1.
  'loss-thresholded-predictions': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'threshold' },
  'loss-no-epsilon': { fn: 'get_weighted_loss', candidate: logWithout, every: true },
  'loss-epsilon-one-term': { fn: 'get_weighted_loss', candidate: logWithout },
  'loss-epsilon-outside-log': { fn: 'get_weighted_loss', candidate: logWithout, every: true },
  // The clip goes; with no epsilon in the logs (clip instead of it), each such log gains one too.
  'loss-clip-and-epsilon': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'clip', every: true },
  'loss-clip-instead-of-epsilon': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'clip' || logWithout(s), every: true },
  'loss-extra-epsilon': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && (s.adds ?? 0) >= 2, every: true },
  // log(1 - (y_pred + epsilon)), log(1 - y_pred - epsilon): each log that subtracts epsilon.
  'loss-epsilon-subtracted': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && s.subtracts === true, every: true },
  // np.log(pos_weights[i] * y_pred[:, i] + epsilon): each log with a weight inside, where it comes out in front.
  'loss-weights-in-log': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && s.weightInside === true, every: true },
  // np.log(y_true[:, i] + epsilon), np.log(1 - y_true + epsilon): each log of the labels, where y_pred goes.
  'loss-labels-in-log': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && s.ofLabels === true, every: true },
  // 1 - np.log(y_pred + epsilon), np.log(1) - np.log(...): each log taken away from one, where the 1 - goes inside.
  // Through a name (log_p = np.log(...), then 1 - log_p): that `1 -`, not the name's log, which may be a right term's too.
  'loss-one-minus-log': { fn: 'get_weighted_loss', candidate: (s) => (s.kind === 'log' && s.complemented === true) || s.kind === 'oneminus', every: true },
  // (1 - y_pred) ** 2, np.square(y_true - y_pred), K.square, torch.pow(x, 2): each square, where the log goes.
  'loss-squared-error': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'squared', every: true },
  'loss-log-base': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && (s.op === 'log10' || s.op === 'log2'), every: true },
  // A return under an if in a loop (a helper's search: `if v == target: return k`) is meant.
  // A fixed epsilon where the parameter belongs: each log adding one, or the parameter reassigned.
  // Only logs that add a fixed value (np.log(y_pred + 1e-7), + K.epsilon()): the fix is the parameter
  // there, not the catalogue's list of every way, helpers' defaults and partials (learner 32).
  'loss-epsilon-ignored': {
    fn: 'get_weighted_loss',
    candidate: (s) => (s.kind === 'log' && s.fixed === true) || s.kind === 'epsilon',
    prefer: (s) => s.kind === 'epsilon',
    every: true,
    // A name bound to a fixed value (eps = K.epsilon()) or the parameter overwritten (epsilon = 1e-7):
    // a sentence of its own each, as the logs' (learner 32); both at once keep the catalogue's.
    fixWhen: [
      {
        when: (s) => s.kind === 'log',
        fix: 'Write the epsilon parameter that get_weighted_loss receives in both logs, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), where the fixed value is now; the inner function sees it through the closure.',
        did: 'your loss adds a fixed value inside its logs (a number, K.epsilon()) instead of the epsilon argument of get_weighted_loss',
      },
      {
        when: (s) => s.kind === 'epsilon' && s.form === 'bound',
        fix: 'Write the epsilon parameter that get_weighted_loss receives in both logs, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), in place of the name bound to a fixed value, and delete that binding; the inner function sees epsilon through the closure.',
        did: 'your loss adds a name bound to a fixed value (eps = K.epsilon(), a number) inside its logs instead of the epsilon argument of get_weighted_loss',
      },
      {
        when: (s) => s.kind === 'epsilon' && s.form === 'overwritten',
        fix: 'Delete the line that assigns epsilon: use the epsilon parameter that get_weighted_loss receives as it is; the inner function sees it through the closure.',
        did: 'your code overwrites the epsilon argument of get_weighted_loss with a fixed value (epsilon = 1e-7), so the epsilon the caller passes is never used',
      },
    ],
  },
  // epsilon=1e-5 in get_weighted_loss's signature: the default to put back (1e-7).
  'loss-epsilon-default': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'default' },
  // y_true[1:], y_pred[:-1, i], range(1, N), range(N - 1) of the examples: each slice or loop that leaves an example out.
  'loss-skips-example': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'skips', every: true },
  'freqs-skips-example': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'skips', every: true },
  // range(len(pos_weights) - 1), w[:-1], y_true[:, :-1]: the loop or slice that stops one class short.
  'loss-skips-class': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'short' },
  // loss = ... in the class loop, loss started at zero before it and read nowhere in the loop.
  'loss-overwrites-accumulator': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'overwrite' },
  // A weight on the other term (neg_weights[i] * y_true[:, i] * log(y_pred)), or where the names first
  // say the other weight: the signature, an unpacking, `wp = neg_weights[i]` (runner._swapped_weights).
  'loss-swapped-weights': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'swapped', every: true },
  // y_true[i] in a class loop, pos_weights[n] in a loop over the examples, pos_weights[:, None]. At
  // weights taken by the example only, the fix speaks of that loop (the catalogue's, y_true[:, i],
  // is a class loop's), alone or beside loss-loops-over-examples, whose fix (loop over the classes) it agrees with.
  'loss-rows-not-columns': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'rows',
    every: true,
    fixWhen: {
      when: (s) => s.over === 'examples',
      fix: (shown) => {
        const n = rowVariable(shown);
        return `Your loop runs over the examples (row ${n}: y_true[${n}], y_pred[${n}]), so pos_weights[${n}] and neg_weights[${n}] pair each example with one class's weights: loop over the classes instead, for i in range(len(pos_weights)), and select class i with y_true[:, i] and y_pred[:, i] next to pos_weights[i] and neg_weights[i].`;
      },
    },
  },
  // pos_weights[n] and neg_weights[n] in a loop over the examples: the weights indexed by the example.
  'loss-weights-by-example': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'rows', every: true },
  // for i in range(len(y_true)) taking y_true[:, i]: that loop's line (two such loops: none). A loop
  // over the examples that takes the weights by the example (pos_weights[n]) raises the same
  // IndexError; when its cases tell this mistake rather than loss-weights-by-example: its weight
  // lines, with the fix that fits.
  'loss-loops-over-examples': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'bound',
    otherwise: {
      fn: 'get_weighted_loss',
      candidate: (s) => s.kind === 'rows' && s.over === 'examples',
      every: true,
      // Named with loss-rows-not-columns (a row mean of pos_weights[n] * y_true[n]: both models
      // raise its IndexError), the pair reads the loop as a class loop: rows-not-columns says
      // y_true[:, i] there, and this rule's "weight each row" would contradict it on the same lines.
      // This mistake's line is then the loop over the examples itself, with the catalogue's fix
      // (loop over the classes), which agrees with rows-not-columns' (lines 35c: it had none).
      beside: { 'loss-rows-not-columns': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'loop' && s.over === 'examples' } },
      // The fix of the mistake this construct is (catalogue: loss-weights-by-example), one text for both.
      fix: weightsByExampleFix,
    },
  },
  // range(14), range(N_CLASSES) of the notebook's global, or `num_classes = 3`: where the count is fixed.
  'loss-hardcoded-classes': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'hardcoded' },
  // range(14) over the labels' columns and the zeros it fills (np.zeros(14)), or `num_classes = 14`: each (runner._freqs_fixed_counts).
  // np.average(terms, weights=w): the mean divided by the weights' sum, each such call; or each
  // weight divided by the weights' sum (pos_weights[i] / (pos_weights[i] + neg_weights[i]), pos_weights / np.sum(pos_weights)).
  'loss-normalised-weights': {
    fn: 'get_weighted_loss',
    candidate: (s) => (s.kind === 'reduction' && s.weighted === true) || (isDivision(s) && s.normalises === true),
    every: true,
  },
  'freqs-hardcoded-classes': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'hardcoded', every: true },
  'loss-return-in-loop': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'return' && s.loop === true && s.guarded !== true },
  'loss-not-scalar': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'return' && s.helper !== true },
  // np.mean(w) * np.mean(bce), np.sum(w) * np.sum(bce), w * keras.losses.binary_crossentropy(...): each product of the two reduced apart.
  'loss-weights-averaged-apart': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'weightsApart', every: true },
  // pw = 1 - np.mean(y_true, axis=0), nw, pw = compute_class_freqs(y_true): each binding (or factor) that makes a weight from the labels.
  'loss-recomputes-weights': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'recomputed', every: true },
  'loss-first-class-weights': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'weight' && s.index === 'literal', every: true },
  // y_pred += epsilon, y_pred.clamp_(...), y_true[y_true == 0] = ...: each write into an input.
  'loss-mutates-input': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'mutates', every: true },
  // tf.sigmoid(y_pred), expit, a helper sigmoid: the call (or 1 / (1 + np.exp(-y_pred)) written out).
  'loss-sigmoid-on-probabilities': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'sigmoid', every: true },
  // The weights left out (or one term's weighted by the other's complement): each log term, where
  // its weight goes. Its unread-weights line (runner.unread_weights), when there is one, comes first.
  // A weight taken from one (`neg_weights = 1 - pos_weights` in the factory, `(1 - w)` on the negative
  // term): that `1 -`, where the fix goes; the loss's line reads neg_weights as it should (learners 34).
  'loss-unweighted': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'complement',
    every: true,
    fix: 'Weight the negative term by neg_weights as it is given, not by 1 - pos_weights: the two agree only where each class\'s weights add up to 1, as the course\'s frequencies do, and the weights passed in need not.',
    // No log written: a library's cross-entropy given no weight (nn.BCELoss()(p, y)), each call (lines 35c),
    // whose fix weights in the library's own words (fix-in-framework.ts: PyTorch's weight=, Keras's terms).
    otherwise: {
      fn: 'get_weighted_loss',
      candidate: (s) => logWithTerm(s) || s.kind === 'unweightedBce',
      every: true,
      fixWhen: { when: (s) => s.kind === 'unweightedBce', fix: LIBRARY_BCE_UNWEIGHTED },
    },
  },
  // The minus sign missing, on both terms or one: the terms it goes in front of (each log's line),
  // or, with the logs out of sight (a library's cross-entropy), the loss's one return.
  // A negated return (`return -loss`) where the values say the sign is missing: the loss is negated
  // twice (`loss += -np.mean(...)` too), and the fix drops the return's minus (learner 31).
  'loss-sign': {
    fn: 'get_weighted_loss',
    candidate: (s) => logWithTerm(s) || negatedReturn(s),
    prefer: negatedReturn,
    every: true,
    fixWhen: [
      {
        when: negatedReturn,
        fix: "Your loss is negated twice: this return's minus cancels one already in what it returns (on the terms, loss += -(...), or inside a library's cross-entropy, which is the negative log-likelihood already); drop one of the two, here by returning the loss without this minus.",
        did: 'your loss is negated twice (a minus already in what the loss function returns, and another in front of it at the return), so the two cancel and it is the log-likelihood rather than the loss',
        // Its factor of -1 is no missing minus: the evidence says what it is (wording 32).
        evidence: { from: MISSING_MINUS_STORY, to: 'what a second minus gives, cancelling the first' },
      },
      // The terms' logs in a class loop that adds into a name, in a comprehension, or out of any loop
      // (vectorised): the fix in that form; in any other loop (over the examples, a while) or of both
      // kinds, the catalogue's, which says both (wording 32, review 32a).
      {
        when: (s) => logWithTerm(s) && s.loop === true && s.form === 'accumulated',
        fix: "Negate each class's term in your loop: loss += -(pos term + neg term), the minus in front of the sum of the two terms.",
      },
      {
        when: (s) => logWithTerm(s) && s.loop === true && s.form === 'comprehension',
        fix: 'Negate the terms your comprehension sums: sum(-(pos term + neg term) for ...), the minus in front of the sum of the two terms (or in front of the whole sum, -sum(...)).',
      },
      // A helper's or lambda's log (inner) may be called in a loop: no form told for it (pointers 33).
      {
        when: (s) => logWithTerm(s) && s.loop !== true && s.inner !== true,
        fix: 'Your loss is vectorised: put the minus in front of its reduction, -np.sum(np.mean(L, axis=0)) with L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), or in front of L itself.',
      },
    ],
    otherwise: { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'return' && s.loop !== true },
  },
  // The fix in the form of the logs shown (pointers 32c, as loss-sign's): a class loop adding into a name
  // (`loss += ...`), or whole arrays; a comprehension, a loop over the examples, logs of both kinds, or none
  // shown, the catalogue's.
  'loss-sign-one-term': {
    fn: 'get_weighted_loss',
    candidate: logWithTerm,
    every: true,
    fixWhen: [
      {
        when: (s) => logWithTerm(s) && s.loop === true && s.form === 'accumulated',
        fix: "Negate class i's two terms together, not one of them: loss += -(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)).",
      },
      {
        when: (s) => logWithTerm(s) && s.loop !== true && s.inner !== true,
        fix: 'Your loss is vectorised: negate the two terms together, not one of them, before the mean over the examples and the sum over the classes: -(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)).',
      },
    ],
  },
  'loss-reciprocal-weights': { fn: 'get_weighted_loss', candidate: (s) => isDivision(s) && s.by === 'weight', every: true },
  // The return; where it returns two names in the right order (`return pos, neg`), the values were
  // computed into the other names, and the fix says so (framework sweep 31: torch's
  // `negative_frequencies = labels.mean(dim=0)` was told to return them "in that order", as it did).
  // With that return, the assignments that compute each into the other's name (positive_frequencies =
  // np.mean(labels == 0, axis=0)), where the fix goes (lines 36a): the return is right there.
  'freqs-swapped': {
    fn: 'compute_class_freqs',
    candidate: (s) => s.kind === 'swapped',
    every: true,
    // The catalogue's words say the return's order; here the return is right and the values are each other's.
    fixWhen: {
      when: (s) => s.kind === 'swapped',
      did: "you compute positive_frequencies and negative_frequencies into each other's names (the fraction of 0s where the fraction of 1s belongs), then return them in order",
      fix: (shown) =>
        `${shown.length > 1 ? 'These lines compute each frequency' : 'This line computes a frequency'} into the other's name: positive_frequencies must be the fraction of 1s in each column (the mean of labels over the examples) and negative_frequencies the fraction of 0s, 1 minus it; the return's order is right.`,
    },
    otherwise: {
      fn: 'compute_class_freqs',
      candidate: (s) => s.kind === 'return' && s.helper !== true,
      fixWhen: {
        when: (s) => s.named === true,
        fix: 'This return names them in the right order, but the values are each other\'s: positive_frequencies must be the fraction of 1s in each column (the mean of labels over the examples) and negative_frequencies 1 minus it; compute each into its own name.',
      },
    },
  },
  // Each `//` (np.floor_divide, tf.math.floordiv, torch.div(..., rounding_mode='floor') too); without
  // one, each mean that keeps integer labels integers (tf.reduce_mean, K.mean of labels not cast to
  // floats); without those, each integer cast of a fraction ((... / N).astype(int)).
  'freqs-integer-division': {
    fn: 'compute_class_freqs',
    candidate: (s) => isDivision(s) && s.op === '//',
    every: true,
    otherwise: {
      fn: 'compute_class_freqs',
      candidate: (s) => s.kind === 'reduction' && s.integer === true,
      every: true,
      // Each integer cast of a fraction; without one, an integer array the fractions are stored into by
      // index (pos = np.zeros_like(labels[0]), pos[c] = np.mean(labels[:, c])): the code divides already,
      // the storage rounds down (learners 35b). A cast comes first: counts stored into an integer array,
      // then (counts / N).astype(int), are rounded by the cast, not the storage (review 35b).
      otherwise: {
        fn: 'compute_class_freqs',
        candidate: (s) => s.kind === 'integer',
        every: true,
        otherwise: {
          fn: 'compute_class_freqs',
          candidate: (s) => s.kind === 'intStore',
          every: true,
          // Worded by how the array was made: like the labels with no dtype, or with an integer dtype (review 36).
          fixWhen: [
            {
              when: (s) => s.kind === 'intStore' && s.likeLabels === true,
              did: 'you store the fractions into an integer array (one made like the labels, np.zeros_like(labels[0]), holds integers when the labels are integers), so every fraction is rounded down to 0 or 1 as it is stored',
              fix: 'The fractions you compute are right; the array they are stored into is not: make it a float array, np.zeros(labels.shape[1]) or np.zeros_like(labels[0], dtype=float), so each stored fraction keeps its value.',
            },
            {
              when: (s) => s.kind === 'intStore' && s.likeLabels !== true,
              did: 'you store the fractions into an array made with an integer dtype (dtype=int), so every fraction is rounded down to 0 or 1 as it is stored',
              fix: 'The fractions you compute are right; the array they are stored into is not: make it a float array (dtype=float, or no dtype: np.zeros(labels.shape[1])), so each stored fraction keeps its value.',
            },
            {
              when: (s) => s.kind === 'intStore',
              did: 'you store the fractions into integer arrays (made like the labels, or with an integer dtype), so every fraction is rounded down to 0 or 1 as it is stored',
              fix: 'The fractions you compute are right; the arrays they are stored into are not: make them float arrays, np.zeros(labels.shape[1]) or np.zeros_like(labels[0], dtype=float), so each stored fraction keeps its value.',
            },
          ],
        },
      },
    },
  },
  // ~labels on integer labels (-label - 1): each bitwise NOT of what is not boolean, where 1 - labels goes.
  'freqs-bitwise-not': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'bitwise', every: true },
  // Each reduction with no axis: both sides so reduced (np.mean(labels), np.mean(1 - labels)) are each fixed.
  // One class's column reduced (np.mean(labels[:, i]) in a class loop or comprehension) is right: not one.
  'freqs-no-axis': {
    fn: 'compute_class_freqs',
    candidate: (s) => s.kind === 'reduction' && s.axis === 'none' && s.column !== true,
    every: true,
  },
  // A reduction over the classes (axis=1, or axis=0 of labels.T), else the division; of a class
  // reduction and a division by N on other lines, the reduction (the division is right once it is fixed).
  // Both sides so reduced (pos and neg each over axis 1): each of them.
  'freqs-wrong-axis': {
    fn: 'compute_class_freqs',
    candidate: (s) => (s.kind === 'reduction' && classAxis(s)) || isDivision(s),
    prefer: (s) => s.kind === 'reduction' && classAxis(s),
    preferEvery: true,
  },
  // N = len(labels) - 1 before two divisions by N: that line, not the divisions. Divisions by the
  // class count (C of `N, C = labels.shape`, labels.shape[1]) or by every entry (labels.size): each of them (2-3).
  // N = labels.shape[1] read only as a divisor: its line too, where N is bound (lines 36c), as N = labels.shape[0] - 1's.
  'freqs-wrong-denominator': {
    fn: 'compute_class_freqs',
    candidate: (s) => s.kind === 'count',
    every: true,
    otherwise: {
      fn: 'compute_class_freqs',
      candidate: (s) => isDivision(s) && s.op === '/',
      prefer: (s) => isDivision(s) && s.op === '/' && (s.by === 'classes' || s.entries === true),
      preferEvery: true,
    },
  },
  // range(C - 1), range(1, labels.shape[1]), labels[:, 1:]: each loop or slice that leaves a class out (lines 36c).
  'freqs-skips-class': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'short', every: true },
  // return np.array([0.2, 0.4, 0.6]): each list of numbers typed in where the labels' means go (lines 36c).
  'freqs-ignores-inputs': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'typed', every: true },
  // The line that writes into the argument (labels /= N, out=labels): each of them.
  'freqs-mutates-input': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'mutates', every: true },
  // Weights (1 / freq, N / count) where the frequencies belong: each reciprocal is undone; a division
  // by N (np.sum(labels, axis=0) / N, 1 / len(labels)) gives a frequency and is none.
  'freqs-class-weights': { fn: 'compute_class_freqs', candidate: (s) => isDivision(s) && s.op === '/' && s.inverts === true, every: true },
  // y_true with log(1 - y_pred), (1 - y_true) with log(y_pred): each such term's log (runner._term_labels).
  // A loss whose inputs are named in the other order (forward(self, y_pred, y_true)) gets the labels
  // in y_pred: the fix in its names. Beside loss-swapped-arguments (that order, and the terms swapped
  // by the names), the terms the names swap: the catalogue's fix is right once the order is.
  'loss-swapped-terms': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'mismatched',
    every: true,
    fixWhen: {
      when: (s) => s.labels !== undefined && s.preds !== undefined,
      fix: (shown) => {
        const { labels: y, preds: p } = shown[0]!;
        return `Your loss is called with the labels first, weighted_loss(y_true, y_pred), so your ${y} holds the labels and ${p} the predictions: the positive term is ${y} * np.log(${p} + epsilon) and the negative term (1 - ${y}) * np.log(1 - ${p} + epsilon). Clearer: name the parameters (y_true, y_pred), labels first, and write y_true * np.log(y_pred + epsilon) and (1 - y_true) * np.log(1 - y_pred + epsilon).`;
      },
    },
    beside: { 'loss-swapped-arguments': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'crossed', every: true } },
  },
  // pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(...)): each product of two means (runner._mean_products).
  'loss-product-of-means': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'meanProduct', every: true },
  // np.log(np.mean(y_pred[:, i]) + epsilon): each log that takes a mean (runner._mean_inside).
  'loss-log-of-mean': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && s.meanInside === true, every: true },
  // pos_weights[i - 1], neg_weights[i + 1]: each weight indexed one class off (runner._weight_index);
  // y_true[:, i - 1], y_pred[:, i - 1]: each column one class off; for i in range(1, C + 1): the loop
  // one past the last class (its IndexError at column C), with the lines it indexes off by one.
  // Each fix in the learner's class variable (Site.var: `c` of `pos_weights[c + 1]`), when the lines shown share one.
  'loss-class-index-off-by-one': {
    fn: 'get_weighted_loss',
    candidate: (s) => (s.kind === 'weight' && s.index === 'shifted') || s.kind === 'shifted',
    every: true,
    fix: (shown) => inClassVariable(MISTAKES['loss-class-index-off-by-one'].fix, shown),
    fixWhen: [
      {
        when: (s) => s.kind === 'shifted' && s.loop === true,
        any: true,
        fix: (shown) =>
          inClassVariable(
            'Loop over range(len(pos_weights)), which starts at 0 and stops at the last class, and index the weights and the columns with that same i: pos_weights[i], neg_weights[i], y_true[:, i] and y_pred[:, i], no i - 1.',
            shown,
          ),
        did: 'your class loop runs over range(1, C + 1) where the classes are numbered from 0 to C - 1, so its index is off by one and its last i reads column (or weight) C, which does not exist (an IndexError)',
      },
      {
        // y_true[:, i + 1], pos_weights[i + 1]: one class forward, the last class past the end.
        when: (s) => s.forward === true,
        fix: (shown) => inClassVariable('Index the weights and the columns with the class itself: pos_weights[i], neg_weights[i], y_true[:, i] and y_pred[:, i], no i + 1.', shown),
        did: 'your class index reads one class forward (i + 1), so each class gets its neighbour\'s column (or weight) and the last class reads column (or weight) C, which does not exist (an IndexError)',
      },
    ],
  },
  // pos_weights[::-1], np.flip(neg_weights), pos_weights[C - 1 - i]: each weight read from the end (runner._reversed_index).
  // Or the classes of both inputs reversed against weights in order (K.reverse(y_true, axes=1), y_pred[:, ::-1]): each such flip.
  'loss-weights-reversed': {
    fn: 'get_weighted_loss',
    candidate: (s) => (s.kind === 'weight' && s.index === 'reversed') || s.kind === 'flipped',
    every: true,
    fixWhen: [
      {
        // One term's weight in order against its columns from the end, the other term's reversed with them (review 36b).
        when: (s) => s.kind === 'flipped' && s.inOrder !== undefined,
        fix: (shown) => {
          const [w, other] = shown.some((s) => s.inOrder === 'neg_weights') ? ['neg_weights', 'pos_weights'] : ['pos_weights', 'neg_weights'];
          return `Read ${w} at the same class as the columns of y_true and y_pred in its term (the index those columns use, as ${other} is read), or read that term's columns at the class itself, so that each column meets its own class's weight.`;
        },
        did: "your loss reads the columns of y_true and y_pred from the end (C - 1 - i) in both terms but one term's weight in the classes' order, so in that term class C - 1 - i's column gets class i's weight",
        evidence: { from: ` (here: ${MISTAKES['loss-weights-reversed'].variants?.[0] ?? ''})`, to: '' },
      },
      {
        when: (s) => s.kind === 'flipped',
        fix: "Read y_true and y_pred in the classes' order, as given (no flip, reverse or [:, ::-1] of their classes, no C - 1 - i), so that class i's column meets pos_weights[i] and neg_weights[i].",
        did: "your loss reverses the classes (the columns) of y_true and y_pred but not the weights, so class i's column gets the weights of class C - 1 - i (the first class the last one's)",
        // The model that matches reverses both weights, the same values: its variant's words are not this code's.
        evidence: { from: ` (here: ${MISTAKES['loss-weights-reversed'].variants?.[0] ?? ''})`, to: '' },
      },
    ],
  },
  // (1 - y_true) with log(y_pred), y_true with log(1 - y_pred), each weight with its own log: each such
  // term's log, as for loss-swapped-terms (the label factors to exchange are on those lines).
  'loss-swapped-labels': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'mismatched', every: true },
  // def forward(self, y_pred, y_true), weighted_loss(y_pred, y_true): the def whose inputs are in the other order.
  // Inputs in the right order, y_true and y_pred exchanged in the formula (pos_weights * y_pred *
  // tf.math.log(y_true + eps)): each term whose label factor is the predictions (lines 35c).
  'loss-swapped-arguments': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'order',
    otherwise: { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'predicted', every: true },
  },
  // y_true (or log(y_pred)) on both terms: the term that took the other's (runner._term_labels).
  'loss-same-label-both-terms': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'mismatched', every: true },
  'loss-same-log-both-terms': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'mismatched', every: true },
  // neg_weights[i] * np.log(1 - y_pred[:, i] + epsilon) with no (1 - y_true[:, i]): that term's log.
  // pos_weights[i] * bce (both terms), F.binary_cross_entropy(..., weight=pos_weights[i]): each such product or call (runner._whole_terms).
  // Or the one term written with the other's weight (pos_weights * (1 - y_true) * log(1 - y_pred + eps)
  // beside pos_weights * y_true * ...): that term, where the weight meets the other term's labels and log.
  'loss-same-weight-both-terms': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'whole',
    every: true,
    otherwise: { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'swapped' },
  },
  // pos_weights[i] * y_true * np.log(y_pred + eps) in a class loop: each such term, where [:, i] goes (runner._unindexed_terms);
  // without a loop, each weight vector reduced to one number (np.mean(pos_weights), torch.sum(pw)).
  'loss-missing-class-index': {
    fn: 'get_weighted_loss',
    candidate: (s) => s.kind === 'unindexed',
    every: true,
    otherwise: { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'reduction' && s.ofWeights === true, every: true },
  },
  // In a class loop, a term that mixes column i (y_true[:, i]) with a weight vector taken whole or a row i
  // (pos_weights * y_true[:, i], np.log(y_pred[i] + eps)): each weight or row, where its [i] or [:, i] goes;
  // or the whole labels or predictions beside the class's weight (runner._unindexed_terms' lines).
  'loss-mixed-indexing': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'mixed' || s.kind === 'unindexed', every: true },
  'loss-missing-label-factor': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'unlabelled', every: true },
  // 1 - pos_weights[i], 1 - neg_weights[i], pos_weights = 1 - pos_weights: each weight taken from one (runner._complemented_weights).
  'loss-complement-weights': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'complement', every: true },
  // (1 - y_pred[:, i]) or y_pred[:, i] as a term's label factor: each such factor (runner._predicted_labels).
  'loss-prediction-as-label': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'predicted', every: true },
  // The loss's one term (every log it and its helpers take in a term of one side): where the other goes beside it.
  'loss-missing-term': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'lone', every: true },
  // -(np.mean(pos_term) + np.sum(neg_term)): the one line where the terms are reduced apart (on several, one may be right: none).
  'loss-mixed-reduction': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'apart' },
  // negative_frequencies = 1 / positive_frequencies: the one reciprocal (two are class weights, or no telling which).
  'freqs-negative-reciprocal': { fn: 'compute_class_freqs', candidate: (s) => isDivision(s) && s.op === '/' && s.inverts === true },
  // Both frequencies made by one expression (a copied line): both lines, one of which changes (the values say which).
  'freqs-same-both-sides': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'copied', every: true },
  // np.mean(labels, axis=0, keepdims=True), t.mean(dim=0, keepdim=True): each reduction that keeps the axis (a
  // reshape or an np.matrix: none).
  'freqs-keepdims': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'reduction' && s.keepdims === true, every: true },
  // N - positive_frequencies: each fraction taken from the count of examples (a "complement" site of the frequencies).
  'freqs-n-minus-positive': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'complement', every: true },
  // Counts where the fractions belong: each returned value made as a count, never divided (both
  // frequencies on two lines: both). When fix_sites reads none (a helper's sum), the one line of
  // the sums, if they share one, and none when anything divides (`np.array([...]) / N` is a fraction).
  'freqs-counts': {
    fn: 'compute_class_freqs',
    candidate: (s) => s.kind === 'undivided',
    every: true,
    otherwise: { fn: 'compute_class_freqs', candidate: isSum, unsure: isDivision },
  },
};

const key = (s: SiteLocation) => `${s.file ?? ''}:${s.cell ?? 0}:${s.line}`;

/**
 * The one line of `sites` that `rule` picks, or, for a rule whose fix changes every candidate, the
 * 2-3 lines of one cell they are on; undefined when none, or when several and the rule cannot say.
 */
function pinned(sites: readonly Site[], rule: Rule, named: ReadonlySet<MistakeId>): SiteLocation | undefined {
  if (rule.unsure && sites.some(rule.unsure)) return undefined;
  if (rule.notWith?.some((id) => named.has(id))) return undefined;
  const instead = Object.entries(rule.beside ?? {}).find(([id]) => named.has(id as MistakeId));
  if (instead) return pinned(sites, instead[1]!, named);
  const candidates = sites.filter(rule.candidate);
  if (candidates.length === 0 && rule.otherwise) return pinned(sites, rule.otherwise, named);
  const found = pinnedLines(candidates, rule);
  if (!found) return found;
  const shown = shownSites(candidates, found);
  const when = [rule.fixWhen ?? []].flat().find((w) => (w.any ? shown.some(w.when) : shown.every(w.when)));
  const fix = when ? when.fix : rule.fix;
  const did = when?.did;
  const evidence = did ? when?.evidence : undefined;
  return { ...found, ...(fix ? { fix: typeof fix === 'string' ? fix : fix(shown) } : {}), ...(did ? { did } : {}), ...(evidence ? { evidence } : {}) };
}

/** The candidates on the lines a location names. */
function shownSites(candidates: readonly Site[], at: SiteLocation): Site[] {
  const lines = new Set((at.lines ?? [at]).map((l) => key({ ...at, line: l.line })));
  return candidates.filter((s) => lines.has(key(s)));
}

/** pinned's choice among a rule's candidates. */
function pinnedLines(candidates: readonly Site[], rule: Rule): SiteLocation | undefined {
  const distinct = (list: readonly Site[]) => [...new Map(list.map((s) => [key(s), s])).values()].sort((a, b) => a.line - b.line);
  const at = (s: Site): SiteLocation => ({ line: s.line, ...(s.cell !== undefined ? { cell: s.cell } : {}), ...(s.file !== undefined ? { file: s.file } : {}) });
  const one = (list: readonly Site[]): SiteLocation | undefined => {
    const lines = distinct(list);
    return lines.length === 1 ? at(lines[0]!) : undefined;
  };
  const single = one(candidates) ?? (rule.prefer ? one(candidates.filter(rule.prefer)) : undefined);
  if (single || !(rule.every || rule.preferEvery)) return single;
  const lines = distinct(rule.every ? candidates : candidates.filter(rule.prefer!));
  // Lines in two cells (a helper's log in another cell), or two files, are no one place to show: none.
  if (lines.length < 2 || lines.length > SITE_MAX_LINES || lines.some((s) => s.cell !== lines[0]!.cell || s.file !== lines[0]!.file)) return undefined;
  return { ...at(lines[0]!), lines: lines.map((s) => ({ line: s.line })) };
}

/**
 * Mistakes named from the error their model raises whose fix is at the line that raised
 * (np.unique's counts[1]): gradeSuite places them there, and withSiteText reads that line as a
 * site's (learners 34: freqs-unique-counts had no line).
 */
export const RAISED_AT: ReadonlySet<MistakeId> = new Set<MistakeId>(['freqs-unique-counts']);

/** The line `id`'s fix changes, when the graded functions' sites pin it; `named`: the mistakes named with it (Rule.notWith). */
export function siteOf(id: MistakeId, functions: Readonly<Record<string, FunctionInfo>> | undefined, named: ReadonlySet<MistakeId> = new Set()): SiteLocation | undefined {
  const rule = SITE_RULES[id];
  const sites = rule ? functions?.[rule.fn]?.sites : undefined;
  return rule && sites ? pinned(sites, rule, named) : undefined;
}

/**
 * Loss mistakes whose catalogue words are a loop over the classes' (pos_weights[i], y_true[:, i],
 * `loss += -(...)`) though the mistake is made as often on whole arrays (learner 32: a missing minus
 * in `np.sum(np.mean(pos_weights * y_true * np.log(...) + ..., axis=0))`, swapped weights in
 * PyTorch). Mistakes only a loop makes (a row for a column, the first class's weights, `loss =`)
 * keep their words.
 */
const WHOLE_ARRAY_WORDED: ReadonlySet<MistakeId> = new Set<MistakeId>([
  'loss-sign',
  'loss-sign-one-term',
  'loss-absolute-value',
  'loss-swapped-weights',
  'loss-swapped-labels',
  'loss-unweighted',
  'loss-reciprocal-weights',
  'loss-complement-weights',
  'loss-same-weight-both-terms',
  'loss-weights-in-log',
  // The terms' label factors and logs, said with y_true[:, i] (pointers 33: a vectorised learner was told a column).
  'loss-prediction-as-label',
  'loss-same-label-both-terms',
  'loss-missing-label-factor',
  'loss-missing-term',
  'loss-labels-in-log',
  'loss-squared-error',
  'loss-skips-example',
]);

/** A site that says the loss loops over the classes (or the examples), or indexes the weights: no whole-array loss. */
const loopsOrIndexes = (s: Site) =>
  // A weight read from the end is whole-array code too (pos_weights[::-1], np.flip); in a loop (pos_weights[C - 1 - i]) its logs say so.
  (s.kind === 'weight' && s.index !== 'reversed') ||
  s.kind === 'loop' ||
  s.kind === 'rows' ||
  s.kind === 'bound' ||
  s.kind === 'unindexed' ||
  s.kind === 'short' ||
  s.kind === 'overwrite' ||
  s.kind === 'hardcoded' ||
  s.kind === 'shifted' ||
  (s.kind === 'reduction' && s.column === true) ||
  (s.kind === 'return' && s.loop === true) ||
  (s.kind === 'log' && s.loop === true);

/**
 * Whether get_weighted_loss computes on whole arrays: its logs (or squares) are read (the loss was seen) and no
 * site says a loop or an indexed weight (pos_weights[i], a class's column reduced, a return or `=`
 * in a loop). Unsure (no sites, a helper the reader could not follow) is no.
 */
export function lossOnWholeArrays(functions: Readonly<Record<string, FunctionInfo>> | undefined): boolean {
  const sites = functions?.get_weighted_loss?.sites;
  // A squared error's terms are its squares (loss-squared-error's loss has no log).
  return sites !== undefined && sites.some((s) => s.kind === 'log' || s.kind === 'squared') && !sites.some(loopsOrIndexes);
}

/** The class-loop phrases of WHOLE_ARRAY_WORDED's texts, said on whole arrays. */
const WHOLE_ARRAY_WORDS: Array<[RegExp, string]> = [
  [/negate the sum instead: loss \+= -np\.mean\(pos term \+ neg term\)/g, 'negate the terms instead: -np.sum(np.mean(pos term + neg term, axis=0))'],
  [/\b(pos_weights|neg_weights)\[i\]/g, '$1'],
  [/\b(y_true|y_pred)\[:, i\]/g, '$1'],
];

/** The whole loss on whole arrays, as a fix says it: one mean of the products over the examples, then the sum. */
const WHOLE_LOSS = '-np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))';
/** A class loop's loss, as those fixes say it: the mean over the examples of each class's terms. */
const CLASS_LOSS = /each class's loss is the mean over the examples of -\(pos_weights\[i\] \* y_true\[:, i\] \* np\.log\(y_pred\[:, i\] \+ epsilon\) \+ neg_weights\[i\] \* \(1 - y_true\[:, i\]\) \* np\.log\(1 - y_pred\[:, i\] \+ epsilon\)\)/g;

/**
 * Loss mistakes whose class-loop words take a reduction of one class's column (np.mean(y_true[:, i])):
 * on whole arrays that reduction is over axis 0, which WHOLE_ARRAY_WORDS' `y_true` for y_true[:, i]
 * would lose (np.mean(y_true) is the mean of the whole matrix). A vectorised product of means or log
 * of a mean was told pos_weights[i] and "each class's loss" (wording 35).
 */
const WHOLE_ARRAY_MEANS: Partial<Record<MistakeId, Array<[RegExp, string]>>> = {
  'loss-product-of-means': [
    [
      /pos_weights\[i\] \* np\.mean\(y_true\[:, i\]\) \* np\.mean\(np\.log\(y_pred\[:, i\] \+ epsilon\)\)/g,
      'pos_weights * np.mean(y_true, axis=0) * np.mean(np.log(y_pred + epsilon), axis=0)',
    ],
    [CLASS_LOSS, `the loss is ${WHOLE_LOSS}`],
    [/, one mean of the products, not a product of means; then the sum over the classes\./g, ', one mean of the products over the examples (axis 0), not a product of means.'],
  ],
  'loss-log-of-mean': [
    [/np\.mean\(y_pred\[:, i\]\)/g, 'np.mean(y_pred, axis=0)'],
    [/np\.mean\(y_true\[:, i\] \* y_pred\[:, i\]\)/g, 'np.mean(y_true * y_pred, axis=0)'],
    [/np\.mean\(\(1 - y_true\[:, i\]\) \* \(1 - y_pred\[:, i\]\)\)/g, 'np.mean((1 - y_true) * (1 - y_pred), axis=0)'],
    [CLASS_LOSS, `the loss is ${WHOLE_LOSS}`],
  ],
};

/**
 * `text` (a mistake's did, variant or fix) for a loss on whole arrays (lossOnWholeArrays): the
 * catalogue's class-loop words for that code, `pos_weights` for pos_weights[i] and the terms
 * negated for `loss += -(...)`, a column's mean over axis 0 (WHOLE_ARRAY_MEANS); any other
 * mistake's, or a loop's, as it is.
 */
export function inLossShape(id: MistakeId, text: string, wholeArrays: boolean): string {
  if (!wholeArrays) return text;
  const means = WHOLE_ARRAY_MEANS[id];
  if (means) return means.reduce((t, [re, to]) => t.replace(re, to), text);
  if (!WHOLE_ARRAY_WORDED.has(id)) return text;
  return WHOLE_ARRAY_WORDS.reduce((t, [re, to]) => t.replace(re, to), text);
}

/** The longest site text shown; a longer line is cut with "…". */
export const SITE_TEXT_MAX = 120;

/**
 * The source's lines, for `located`: a .py's lines, or a notebook's cells' (cells numbered from 1
 * among all cells, as the runner's notebook.py numbers them; nbformat 3's worksheets flattened).
 * Null when the notebook cannot be read as one.
 */
export function sourceLines(text: string, kind: 'py' | 'ipynb'): { file?: string[]; cells?: (string[] | null)[] } | null {
  const split = (s: string) => s.split(/\r\n|\r|\n/);
  if (kind === 'py') return { file: split(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  // Scanned, not JSON.parse'd: a notebook's outputs and metadata can hold millions of values.
  const root = scanNotebook(text);
  if (root?.t !== 'obj' || !['cells', 'worksheets'].some((k) => root.keys.get(k)?.t === 'arr')) return null;
  const cells = cellsOf(root).map((cell) => {
    if (cell.t !== 'obj') return null;
    const type = cell.keys.get('cell_type');
    if (type?.t !== 'str' || type.text !== 'code') return null;
    const source = cell.keys.get('source');
    const src = source === undefined || (source.t === 'lit' && text.startsWith('null', source.at)) ? cell.keys.get('input') : source; // source ?? input
    const joined = src?.t === 'str' ? src.text : src?.t === 'arr' && src.items.every((x) => x.t === 'str') ? src.items.map((x) => (x.t === 'str' ? x.text : '')).join('') : null;
    return joined === null || joined === undefined ? null : split(joined);
  });
  return { cells };
}

/** The mistakes whose words name K.epsilon() for a fixed 1e-7 (epsilonAsWritten). */
const FIXED_EPSILON_IDS: ReadonlySet<string> = new Set(['loss-epsilon-ignored', 'loss-extra-epsilon']);
/** A call of a backend's epsilon as written (`K.epsilon()`, `tf.keras.backend.epsilon()`, `keras.config.epsilon()`). */
const EPSILON_CALL = /\b(?:[A-Za-z_]\w{0,30}\.){1,4}epsilon\(\)/;
/** A number added in the quoted lines (`np.log(y_pred + 1e-7)`, `+ 0.0000001`), as written. */
const ADDED_LITERAL = /\+\s*(\d+(?:\.\d*)?[eE]-?\d+|0?\.0+[1-9]\d*)(?![\w.])/;
/**
 * A log called in the quoted lines, by the name it is called (`np.log`, `K.log`, `tf.math.log`,
 * `torch.log`); a base-10 or base-2 one (`np.log10`, `torch.log2`) by its module's natural log.
 */
const LOG_CALL = /(?<![\w.])((?:[A-Za-z_]\w{0,30}\.){1,3}log)(?:10|2)?\(/g;
/** A log of the fix, in fixInFramework's words for the framework (`np.log(`, `K.log(`, ... or loss-log-base's `np.log.`). */
const FIX_LOG = /(?<![\w.])(?:np|K|torch|tf\.math|ops|math)\.log(?=\(|\.$)/g;
/**
 * Whether `id`'s fix is written in the file's own log: every loss mistake's, whose fix writes the
 * two logs as np.log(y_pred + epsilon) (in the framework's log by fixInFramework), in the quoted
 * lines' own log too, as epsilonAsWritten's: a bare log(...) was no call of any file's (wording
 * 35b, 36b); loss-log-base's natural log is the module's whose log10 or log2 the lines call
 * (wording 36).
 */
const inOwnLogWords = (id: string): boolean => MISTAKES[id as MistakeId]?.fn === 'weighted_loss';

/** The logs `texts` call (LOG_CALL), each by the name it is called. */
const logsCalled = (texts: readonly string[]): Set<string> => new Set(texts.flatMap((t) => [...t.matchAll(LOG_CALL)].map((x) => x[1]!)));

/** The one log `texts` call (LOG_CALL), when they call one kind. */
function oneLogCalled(texts: readonly string[]): string | undefined {
  const called = logsCalled(texts);
  const [log] = called;
  return called.size === 1 ? log : undefined;
}

/** `fix` with its logs in the log the quoted lines call (`np.log` in a file that imports Keras too), when they call one kind. */
function inOwnLog(fix: string, texts: readonly string[]): string {
  const called = logsCalled(texts);
  // Lines that clip and take no log (np.clip(y_pred, epsilon, 1 - epsilon)): the clip's module's log.
  const logs = called.size > 0 ? called : new Set(texts.flatMap((t) => [...t.matchAll(CLIP_CALL)].map((x) => (x[1] === 'tf' ? 'tf.math.log' : `${x[1]}.log`))));
  const [log] = logs;
  return logs.size === 1 && log !== undefined ? fix.replace(FIX_LOG, () => log) : fix;
}

/**
 * The log get_weighted_loss calls, read on the lines of its log sites (runner.fix_sites: its own,
 * its helpers', a module's beside the file), when they call one kind (`np.log` in a Keras notebook
 * whose loss takes numpy's logs); undefined when none is read or several. `lines` the file's
 * (sourceLines), `fileLines` a module's beside it.
 */
export function lossLogOf(
  functions: Readonly<Record<string, FunctionInfo>> | undefined,
  lines: ReturnType<typeof sourceLines>,
  fileLines: (file: string) => string[] | undefined = () => undefined,
): string | undefined {
  const texts = (functions?.get_weighted_loss?.sites ?? []).flatMap((s) => {
    if (s.kind !== 'log') return [];
    const rows = s.file !== undefined ? fileLines(s.file) : s.cell !== undefined ? lines?.cells?.[s.cell - 1] : lines?.file;
    const row = rows && Number.isInteger(s.line) && s.line >= 1 && s.line <= rows.length ? rows[s.line - 1] : undefined;
    return row === undefined || row === null ? [] : [row];
  });
  return oneLogCalled(texts);
}

/**
 * A loss's fix or note (np.log(y_pred + epsilon) in its framework's log, fixInFramework's) in the
 * log its loss calls (lossLogOf, asked only when the text writes a log): a Keras notebook whose
 * loss takes np.log was told K.log (wording 36b).
 */
export function inLossLog(text: string, lossLog: () => string | undefined): string {
  if (text.search(FIX_LOG) < 0) return text;
  const log = lossLog();
  return log === undefined ? text : text.replace(FIX_LOG, () => log);
}

/** A clip by a module the fix's logs know (`np.clip(`, `K.clip(`, `torch.clamp(`, `tf.clip_by_value(`), not a method of an array. */
const CLIP_CALL = /(?<![\w.])(np|numpy|K|torch|tf|ops)\.(?:clip|clamp|clip_by_value)\(/g;

/** NO_K_EPSILON's words for a fixed value that may be a number or a name (fix-in-framework.ts). */
const OWN_NUMBER = '(a number, or a constant of your own bound to one)';

/**
 * loss-epsilon-ignored's and loss-extra-epsilon's words for a fixed 1e-7 ("the value of K.epsilon()",
 * "eps = K.epsilon()") as the quoted lines write it: a file calling tf.keras.backend.epsilon() is
 * quoted its own spelling, and one adding its own constant (`EPS = 1e-7`) or a literal is not told
 * of K.epsilon() at all (wording 34). A quote cut short (…) may hide the call: the words stay.
 * The call or the number the lines add is named as written, "(K.epsilon())", "(the number 1e-7)",
 * in a numpy file as in a Keras one, and the fix's logs are the lines' own (`np.log` in a file
 * that also imports Keras), when they call one kind (wording 35).
 */
function epsilonAsWritten<M extends { id: string; message?: string; evidence?: string; fix?: string }>(m: M, texts: readonly string[]): M {
  if (!FIXED_EPSILON_IDS.has(m.id) || texts.length === 0) return inOwnLogWords(m.id) && texts.length > 0 && m.fix !== undefined ? { ...m, fix: inOwnLog(m.fix, texts) } : m;
  const call = texts.map((t) => EPSILON_CALL.exec(t)?.[0]).find((c) => c !== undefined);
  // The number the quoted lines add (`+ 1e-7`), named in place of "a number, or a constant of your own".
  const literal = call === undefined ? texts.map((t) => ADDED_LITERAL.exec(t)?.[1]).find((c) => c !== undefined) : undefined;
  if (call === undefined && literal === undefined && texts.some((t) => t === '' || t.endsWith('…'))) return m;
  const ownLog = (s: string) => inOwnLog(s, texts);
  const retell = (s: string) => {
    if (call !== undefined) return s.replace(/\(a number, K\.epsilon\(\)\)/g, '(K.epsilon())').replace(/\bK\.epsilon\(\)/g, () => call);
    const plain = NO_K_EPSILON.reduce((t, [re, to]) => t.replace(re, to), s);
    return literal === undefined ? plain : plain.replaceAll(OWN_NUMBER, () => `(the number ${literal})`);
  };
  return {
    ...m,
    // "(the number 1e-7) ... (here: a fixed 1e-7)" says the number twice: once.
    ...(m.message !== undefined ? { message: literal === undefined ? retell(m.message) : retell(m.message).replace(` (here: a fixed ${literal})`, '') } : {}),
    ...(m.evidence !== undefined ? { evidence: retell(m.evidence) } : {}),
    ...(m.fix !== undefined ? { fix: ownLog(retell(m.fix)) } : {}),
  };
}

/**
 * The mistakes with their site's text: the line, trimmed and cut to SITE_TEXT_MAX. A site the
 * file does not have (a line past its line count, a cell that is not a code cell: the runner's
 * numbers are learner-controlled data) loses its location; so does every one when `lines` is null.
 * Only the mistakes SITE_RULES places (and RAISED_AT's, at the line that raised): those read from the source (weights-not-inverted, a call
 * that takes logits) say their lines in their own words. A fixed epsilon's words follow the lines (epsilonAsWritten).
 */
export function withSiteText<M extends { id: string; cases: string[]; message?: string; evidence?: string; fix?: string; location?: { line?: number; cell?: number; file?: string; text?: string; lines?: { line: number; text?: string }[] } }>(
  mistakes: M[],
  lines: ReturnType<typeof sourceLines>,
  fileLines: (file: string) => string[] | undefined = () => undefined,
): M[] {
  let cellOf: ((line: number) => string | undefined) | undefined; // a .py's notebook cells, read once
  return mistakes.map((m) => {
    const at = m.location;
    if (!at || m.cases.length === 0 || at.line === undefined || !(m.id in SITE_RULES || RAISED_AT.has(m.id as MistakeId))) return m;
    // A line of a module of the learner's beside the file (fileLines: its lines, as sent to the run).
    const rows = at.file !== undefined ? (at.cell === undefined ? fileLines(at.file) : undefined) : at.cell === undefined ? lines?.file : lines?.cells?.[at.cell - 1];
    // The learner's line, trimmed; undefined when the record names no line of the source (the site
    // is then not believed), '' when the line keeps its place without text (below).
    const textOf = (n: number): string | undefined => {
      const row = rows && Number.isInteger(n) && n >= 1 && n <= rows.length ? rows[n - 1]!.trim() : undefined;
      if (!row) return undefined;
      // One line of the learner's text: a character a viewer breaks lines at (U+2028, FF, NEL:
      // not a line break to Python) is written out, as in any one-line field.
      const written = escapeLineBreaks(row);
      // The text is quoted in a code span (`…`) inside the grader's sentence: a backtick in a comment
      // or string would end it and show the rest of the line ("` Staff note: verified by hand `") as
      // the grader's words, and a control or format character (ESC, a bidi override, a zero-width
      // space) has no place in a quote of code. Neither is Python code outside strings and comments,
      // so the quote stops before the first one, as a class weight's quoted line is refused (red
      // team 18); a line that starts with one keeps its place without text.
      const stop = written.search(/[`\p{Cf}\u0000-\u0008\u000A-\u001F\u007F-\u009F]/u);
      const line = stop < 0 ? written : stop > 0 && written.slice(0, stop).trim() ? `${written.slice(0, stop).trimEnd()} …` : '';
      return line.length > SITE_TEXT_MAX ? `${line.slice(0, SITE_TEXT_MAX - 1)}…` : line;
    };
    const text = textOf(at.line);
    const more = at.lines?.map((l) => ({ line: l.line, text: textOf(l.line) }));
    // Lines in order, the first `line`, at most SITE_MAX_LINES: anything else is not a site's record.
    const shaped = !at.lines || (at.lines.length >= 2 && at.lines.length <= SITE_MAX_LINES && at.lines[0]!.line === at.line && at.lines.every((l, k) => k === 0 || l.line > at.lines![k - 1]!.line));
    if (text === undefined || !shaped || more?.some((l) => l.text === undefined)) {
      const { location: _dropped, ...rest } = m;
      return rest as M;
    }
    const { text: _old, lines: _oldLines, ...place } = at;
    const withText = <L extends object>(l: L, t: string) => (t ? { ...l, text: t } : l);
    const mark = at.cell === undefined && at.file === undefined && lines?.file ? (cellOf ??= exportedCellOf(lines.file))(at.line) : undefined;
    return {
      ...epsilonAsWritten(m, more ? more.map((l) => l.text!) : [text]),
      location: {
        ...withText(place, text),
        ...(more ? { lines: more.map((l) => withText({ line: l.line }, l.text!)) } : {}),
        ...(mark ? { cellMark: mark } : {}),
      },
    };
  });
}

const JUPYTEXT_CELL = /^# %%(?:[ \t]|$)/;
const NBCONVERT_CELL = /^# In\[([0-9]{1,6})\]:[ \t]*$/;

/**
 * The notebook cell holding `line` of a notebook saved as .py, when its markers say: nbconvert's
 * `# In[3]:` (the execution count Jupyter shows by the cell: "cell In [3]"; `# In[ ]:`, never run,
 * says nothing), or Jupytext's percent format `# %%` ("cell 4": cells counted from 1 among all
 * cells, Markdown ones too, as a notebook's cells are here). Undefined for a plain .py.
 */
export function exportedCell(file: readonly string[], line: number): string | undefined {
  return exportedCellOf(file)(line);
}

/**
 * exportedCell for every line of one file: its markers are read once, and each line's cell is found
 * among them. Walking the lines above each place, as exportedCell did, took the grader 2 s per error
 * in a 10 MiB file of 10 million lines (red team 31: 23 cases' errors on its last line, 50 s of the
 * grading process, every other learner's run waiting).
 */
export function exportedCellOf(file: readonly string[]): (line: number) => string | undefined {
  const inAt: number[] = []; // lines (0-based) that start with "# In["
  let firstNb = -1; // the first line nbconvert's marker or "# In[" starts
  const jupytext: number[] = [];
  file.forEach((l, k) => {
    const nb = l.startsWith('# In[');
    if (nb) inAt.push(k);
    if (firstNb < 0 && (nb || NBCONVERT_CELL.test(l))) firstNb = k;
    if (JUPYTEXT_CELL.test(l)) jupytext.push(k);
  });
  /** How many of `at` (sorted) are below `line` (lines 0 to line - 1). */
  const below = (at: number[], line: number) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Code before the first Jupytext marker (past a YAML header) is a cell of its own.
  let lead = false;
  if (jupytext.length > 0) {
    let k = 0;
    if (file[0]?.trim() === '# ---') {
      const end = file.findIndex((l, j) => j > 0 && l.trim() === '# ---');
      k = end === -1 ? 0 : end + 1;
    }
    lead = file.slice(k, jupytext[0]).some((l) => l.trim() !== '');
  }
  return (line) => {
    if (firstNb >= 0 && firstNb < line) {
      const n = below(inAt, line);
      if (n > 0) {
        const m = NBCONVERT_CELL.exec(file[inAt[n - 1]!]!);
        return m ? `cell In [${Number(m[1])}]` : undefined;
      }
    }
    const markers = below(jupytext, line);
    return markers === 0 ? undefined : `cell ${markers + (lead ? 1 : 0)}`;
  };
}

type SiteAt = { line?: number; cell?: number; file?: string; text?: string; cellMark?: string; lines?: { line: number; text?: string }[] } | undefined;

/** How the learner's text in a site is written: its lines of code, and a notebook export's cell marker. */
export interface SiteWriting {
  code: (text: string) => string;
  text: (text: string) => string;
}
const PLAIN_SITE: SiteWriting = { code: (t) => `\`${t}\``, text: (t) => t };

/**
 * Each line of a mistake's site with its text: ["line 14: `…`"], or ["cell 7, line 5: `…`",
 * "line 6: `…`"] for a fix over two lines of a cell (the cell said once); [] without a site's text.
 */
export function siteParts(at: SiteAt, write: SiteWriting = PLAIN_SITE): string[] {
  if (at?.line === undefined || at.text === undefined) return [];
  const rows = at.lines ?? [{ line: at.line, text: at.text }];
  if (rows.some((l) => l.text === undefined)) return [];
  // A notebook saved as .py: the file's line, and the cell it is in when the export's markers say.
  const mark = at.cell === undefined && at.cellMark ? ` (${write.text(at.cellMark)})` : '';
  // A line of the learner's module beside the file: "helpers.py, line 14", as an error raised there is said.
  const file = at.file !== undefined ? `${write.text(at.file)}, ` : '';
  return rows.map((l, k) => `${k === 0 ? file : ''}${k === 0 && at.cell !== undefined ? `cell ${at.cell}, ` : ''}line ${l.line}${k === 0 ? mark : ''}: ${write.code(l.text!)}`);
}

/**
 * "line 14: `return np.sum(loss)`", "cell 7, line 5: `…`", "line 14: `…` and line 15: `…`", for a
 * mistake with a site's text; `write` for other than plain text (the job summary's Markdown).
 */
export function siteText(at: SiteAt, write?: SiteWriting): string | undefined {
  const parts = siteParts(at, write);
  if (parts.length === 0) return undefined;
  return joinWords(parts);
}
