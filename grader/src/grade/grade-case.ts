/**
 * One case: the learner's outcome + the reference -> a verdict, and an observation for the
 * diagnosis. Pure.
 */
import type { ClassFreqs } from '../../../reference/loss.js';
import type { MistakeId } from '../../../reference/mistakes/index.js';
import { fromWire, type EncodedValue, type ErrorInfo } from '../schema/protocol.js';
import { toJsonNumber, type CaseStatus } from '../schema/report.js';
import type { Tolerance } from '../schema/suite.js';
import type { CallOutcome } from '../sandbox/run-submission.js';
import type { Case } from '../suite/load-suite.js';
import { lineSpot } from '../line-spot.js';
import { counted } from '../join-words.js';
import { TF1_RENAMED } from '../tf1-names.js';
import { NUMPY_ALIASES } from '../numpy-aliases.js';
import { KERAS_SUPPLIED, kerasSlipOf } from '../keras-names.js';
import { NUMPY_RANGE, arraySlipOf, numpyHad, numpySlipOf } from '../numpy-names.js';

export type Expected = { fn: 'weighted_loss'; loss: number } | { fn: 'compute_class_freqs'; freqs: ClassFreqs };

/** What the learner produced, reduced to what the mistake models can be compared with. */
export type Observation =
  | { kind: 'scalar'; value: number; /** The numpy dtype of the value returned (float32 …), when it had one. */ dtype?: string }
  | {
      kind: 'freqs';
      pos: number[];
      neg: number[];
      /** Which side the learner returned as one number (a Python float, a 0-d array), not a sequence: quoted as that number. */
      scalar?: { pos: boolean; neg: boolean };
    }
  | { kind: 'error'; type: string; message: string }
  | { kind: 'none' };

export interface CaseVerdict {
  status: CaseStatus;
  message: string;
  actual?: number | { pos: number[]; neg: number[] } | string;
  notes: string[];
  /** Mistakes recognised from the form of the answer alone (not from its value). */
  signatures: MistakeId[];
  observation: Observation;
  /** The returned value was right, even if the case failed for another reason (mutated inputs). */
  valueCorrect?: boolean;
  /**
   * For a loss returned as one value per class (or per example): those values added up (or
   * averaged), the number the learner's formula gives once reduced. The failure to reduce is
   * named from the form (loss-not-scalar); a mistake in the formula itself (no epsilon) is
   * diagnosed on this, so it is named too, not only after the learner fixes the first.
   */
  reduced?: number;
  location?: { line?: number; cell?: number };
  ms?: number;
  /**
   * Its notes say only that the returned value's form was accepted ("a tensor of shape (1,) holding
   * one value; it was accepted, but ...", lists for the frequencies): a report says each once, not
   * under every case (gradeSuite, wording 36b).
   */
  notesOnForm?: true;
  /** The sentence appended to an error's message that reads the shapes as mixed indexing (mixedLengths), which the suite can withdraw (fixedLengthVector). */
  lengthsSentence?: string;
  /**
   * For a mistake named from the form of the answer (`signatures`): what this case shows of it,
   * as the mistake's evidence quotes it ("an array of shape (3,), one value per class, where one
   * number, 0.95, is expected"; the error and the shapes that did not broadcast).
   */
  formEvidence?: string;
  /** Where the form shows, when that is the line the fix changes (torch.mean of integer labels: the call that raised). */
  formLocation?: { line?: number; cell?: number };
  /** The mistake's story and fix for the form this case shows, when the catalogue's say another (a (C, 1) column, not freqs-keepdims' (1, C) row). */
  formWords?: { did: string; fix: string };
}

/** A case's N (examples) and C (classes). */
export function caseShape(c: Case): { n: number; c: number } {
  const m = c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue : c.inputs.labels;
  return { n: m.length, c: m[0]!.length };
}

export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** Two vectors of the same length that agree value by value within the tolerance. */
export const vecClose = (got: number[], want: number[], tol: Tolerance): boolean => got.length === want.length && got.every((x, i) => isClose(x, want[i]!, tol));

export const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x).replace('Infinity', 'inf');
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-4 && a < 1e6 ? String(Number(x.toPrecision(8))) : x.toExponential(6);
};
/** A vector in a mistake's evidence: up to 6 numbers. */
export const evidenceVec = (v: number[]): string => `[${v.slice(0, 6).map(fmt).join(', ')}${v.length > 6 ? ', …' : ''}]`;
/** A vector as the learner reads it: up to 8 numbers. */
export const fmtVec = (v: number[]): string => `[${v.slice(0, 8).map(fmt).join(', ')}${v.length > 8 ? ', …' : ''}]`;

/**
 * An item of a list or tuple that is one number: a number, or a 0-d array with its value (a 0-d
 * tensor: `[torch.mean(labels[:, i]) for i in …]` or `tf.reduce_mean` of each column holds those,
 * and np.array of the list is the vector). Null otherwise.
 */
function scalarItem(i: EncodedValue): { value: number; dtype: string } | null {
  if (i.kind === 'number') return { value: fromWire(i.value), dtype: i.dtype ?? i.pytype };
  if (i.kind === 'array' && i.shape.length === 0 && i.values && i.values.length === 1) return { value: fromWire(i.values[0]!), dtype: i.dtype };
  return null;
}

/** Values of an encoded array or number; null when the value is not numeric or too large to read. */
function numbers(v: EncodedValue): { values: number[]; shape: number[]; dtype: string } | null {
  if (v.kind === 'number') return { values: [fromWire(v.value)], shape: [], dtype: v.dtype ?? v.pytype };
  if (v.kind === 'array' && v.values) return { values: v.values.map(fromWire), shape: v.shape, dtype: v.dtype };
  if (v.kind === 'sequence') {
    const items = v.items.map(scalarItem);
    if (items.every((i) => i !== null)) return { values: items.map((i) => i!.value), shape: [v.items.length], dtype: v.pytype };
  }
  return null;
}

const isNone = (v: EncodedValue) => v.kind === 'other' && v.pytype === 'NoneType';
/** What a None result almost always means. */
const NO_RETURN = ' A function that ends without a `return` gives None: check that it ends with `return` and the value.';
/** A def with `yield` in it returns a generator, not the values it yields (sweep 20). */
const YIELDS = ' A function with yield in it returns a generator, not the values: use return instead of yield.';
/** An `async def` called returns a coroutine, which nothing here awaits (red team 33). */
const ASYNC = ' A function defined with async def returns a coroutine when called, not its value: define it with def.';
/** What to add when a graded function returned None, a generator or a coroutine. */
const returnHint = (v: EncodedValue) =>
  isNone(v) ? NO_RETURN : v.kind === 'other' && v.pytype === 'generator' ? YIELDS : v.kind === 'other' && v.pytype === 'coroutine' ? ASYNC : '';

/** What the learner's array is called: a tensor when it was one (runner.framework_array's origin), an array otherwise. */
const arrayNoun = (v: EncodedValue): 'tensor' | 'array' => (v.kind === 'array' && (v.origin === 'torch.Tensor' || v.origin === 'tensorflow.Tensor') ? 'tensor' : 'array');

/** "a" or "an", by the sound of the word's first letter (an int, a numpy array). */
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * What an array of a dtype that holds no plain numbers holds, in words; null for numbers (bool,
 * int, uint, float), whose values the runner sends unless the array is too large. The dtype is
 * numpy's str(dtype): complex128, |S1, <U3, object, [('a', '<f8'), ('b', '<f8')], datetime64[D].
 */
function dtypeContents(dtype: string): string | null {
  if (/^(bool|u?int\d*|float\d*)$/.test(dtype)) return null;
  if (/^complex/.test(dtype)) return 'complex numbers';
  if (/^[|<>=]?S\d*$/.test(dtype)) return 'bytes';
  if (/^[|<>=]?U\d*$/.test(dtype)) return 'strings';
  if (dtype === 'object') return 'Python objects';
  if (/^[[({]/.test(dtype)) return 'records';
  if (/^datetime64/.test(dtype)) return 'dates';
  if (/^timedelta64/.test(dtype)) return 'time spans';
  if (/^[|<>=]?V\d*$/.test(dtype)) return 'raw bytes';
  return 'values that are not numbers';
}

/** A value that is not what was asked for, as the learner would name it: "a 0-d complex128 array", "a bytes value", "a list of 3 items". */
function describeType(v: EncodedValue): string {
  if (v.kind === 'array') {
    const what = v.origin ?? 'numpy array';
    const contents = dtypeContents(v.dtype);
    const dtype = v.dtype.length > 60 ? `${v.dtype.slice(0, 60)}…` : v.dtype;
    if (contents === null) return `${article(what)} ${what} of shape ${pyShape(v.shape)} and dtype ${dtype}${v.values ? '' : ', too large to read'}`;
    const kind = `${contents === 'records' ? 'structured ' : ''}dtype ${dtype}`;
    if (v.shape.length === 0) return contents === 'complex numbers' ? `a 0-d ${dtype} array` : `a 0-d array of ${contents} (${kind})`;
    return `${article(what)} ${what} of shape ${pyShape(v.shape)} holding ${contents} (${kind})`;
  }
  if (v.kind === 'sequence') return `${article(v.pytype)} ${v.pytype} of ${counted(v.items.length, 'item')}`;
  if (v.kind === 'number') return `${article(v.pytype)} ${v.pytype}`;
  switch (v.pytype) {
    case 'NoneType':
      return 'None';
    case 'bool':
      return `a bool (${v.repr})`;
    case 'str':
      return `a str (${v.repr})`;
    case 'bytes':
      return 'a bytes value';
    case 'int':
      return 'an int too large for a float'; // the runner sends every other int as a number
    case 'complex':
      return 'a complex number';
  }
  if (/^numpy\.c(omplex|longdouble)/.test(v.pytype)) return `a complex number (${v.pytype})`;
  return `${article(v.pytype)} ${v.pytype}`;
}

/** How the message of a case that did not run begins. */
export const NOT_GRADED = 'Not graded: ';

/**
 * Whether a case of a report did not run: its message says NOT_GRADED and it has no time. The
 * text alone is not enough: a case that ran quotes what the learner's code raised or returned, and
 * a loss raising RuntimeError("Not graded: …") made a graded 0 pass for a file that never ran (its
 * row blank in grades.csv and export lms, the report grouping it under that sentence). Every
 * case that ran and can quote the learner has its `ms`; one that did not run has none.
 */
export const notGraded = (c: { status: string; message: string; ms?: number | undefined }): boolean =>
  c.status === 'error' && c.ms === undefined && c.message.includes(NOT_GRADED);

/**
 * Rewrites a sentence the grader wrote in numpy terms (np.mean(labels), axis=0) in the terms of
 * the learner's framework (fixInFramework, bound by gradeSuite to the graded function's imports).
 * Only the grader's own advice goes through it, never the learner's text (an error's message).
 */
export type Say = (text: string) => string;

/**
 * A case's verdict on its own. The case's authored message is not in it: whether it applies
 * depends on the other cases (gradeSuite, withCaseMessage).
 * `opts.classRows`: the submission returned one row per class on a case of more (or fewer) than
 * two classes (classRows), so a two-class case's (2, 2) array is read that way too, not as the
 * pair its rows would unpack to. `opts.cellMark`: the cell of a line of a notebook saved as .py
 * (sites.exportedCell), for an error's place.
 */
export function gradeCase(
  c: Case,
  outcome: CallOutcome,
  expected: Expected,
  say: Say = (text) => text,
  opts: { classRows?: boolean; cellMark?: ((line: number) => string | undefined) | undefined } = {},
): CaseVerdict {
  switch (outcome.status) {
    case 'timeout':
      return {
        status: 'timeout',
        message: outcome.run
          ? `Grading stopped your ${c.function} during this case: the whole submission may take ${outcome.run.limitMs / 1000} s for all its cases together, and that time ran out here${
              outcome.run.meanMs !== undefined && outcome.run.meanMs >= 100 ? ` (the cases before it took ${(outcome.run.meanMs / 1000).toFixed(1)} s each on average)` : ''
            }: make the code faster, e.g. numpy on whole arrays instead of Python loops over every value.`
          : `Your ${c.function} did not return within ${(outcome.ms / 1000).toFixed(0)} s: look for a loop that never ends or work that grows with the data.`,
        notes: [],
        signatures: [],
        observation: { kind: 'none' },
      };
    case 'crash':
      return {
        status: 'error',
        message: crashMessage(outcome.detail, outcome.cause),
        notes: [],
        signatures: [],
        observation: { kind: 'none' },
      };
    case 'output-limit':
      return {
        status: 'error',
        // The limit counts what every call so far printed: a loss that prints 2 MB per call trips it
        // on its fourth case, which alone printed no more than the others.
        message: `Your code printed so much, added up over the calls so far, that grading stopped it during this case: remove the print calls from ${c.function === 'weighted_loss' ? 'get_weighted_loss and the loss it returns' : 'compute_class_freqs'}.`,
        notes: [],
        signatures: [],
        observation: { kind: 'none' },
      };
    case 'not-run':
      return { status: 'error', message: `${NOT_GRADED}${outcome.reason}.`, notes: [], signatures: [], observation: { kind: 'none' } };
    case 'error':
      return errorVerdict(c, outcome.error, outcome.ms, say, opts.cellMark);
    case 'ok':
      break;
  }
  const verdict = expected.fn === 'weighted_loss' ? gradeLoss(c, outcome.value, expected.loss) : gradeFreqs(c, outcome.value, expected.freqs, say, opts.classRows === true);
  verdict.ms = outcome.ms;
  // A value's notes are those on its form (gradeLoss's and gradeFreqs' only notes).
  if (verdict.notes.length > 0) verdict.notesOnForm = true;
  if (outcome.mutated.length > 0) {
    const names = outcome.mutated.join(', ');
    verdict.signatures.push(c.function === 'weighted_loss' ? 'loss-mutates-input' : 'freqs-mutates-input');
    verdict.valueCorrect = verdict.status === 'passed';
    // A right value says so once ("Loss 0.975 matches the expected 0.975. The value is right, but…"
    // said it twice, and the terminal showed only the second half): one sentence in every output.
    const said = verdict.status === 'passed' ? RIGHT_BUT_MUTATED : `${verdict.message} Also, your`;
    verdict.status = 'failed';
    verdict.message = `${said} code changed its input in place (${names}): the caller's arrays must stay as they were.`.trim();
  }
  return verdict;
}

/**
 * What a message saying the function returned the wrong kind of thing (None, a dict, a 3-tuple, a
 * generator, a list or a vector for the loss) says whatever the case: without the case's
 * expected values, sizes or sums. terminal.ts shows one entry for the cases that say the same
 * (every case of a function, as a rule), not the sentence per case. null for any other message.
 */
export function returnedKindGist(message: string): string | null {
  if (!/^(?:compute_class_freqs returned |Your loss returned )/.test(message)) return null;
  return message
    .replace(/^((?:compute_class_freqs|Your loss) returned an? (?:str|bool)) \(.*?\); it must/s, '$1; it must')
    .replace(/, expected positive \[[^\]]*\] and negative \[[^\]]*\]\./, '.')
    .replace(/ \(expected \S+\)\./, '.')
    .replace(/; expected \S+\./, '.')
    .replace(/ Its sum, \S+, is the expected loss/, ' Its sum is the expected loss')
    .replace(/ Their mean, \S+, is the expected loss/, ' Their mean is the expected loss')
    .replace(/ Its first item, \S+, is (the expected loss: return it alone|not the expected loss either)\./, ' Its first item is $1.')
    .replace(/an array of \d+ frequencies/, 'an array of frequencies, one per class')
    .replace(/^(Your loss returned an? \w+) of (\d+) items/, (all, head: string, n: string) => (Number(n) >= 2 ? `${head} of several items` : all))
    .replace(/an array of shape \([\d, ]*\), (one value per (?:class|example)[^,]*),/, 'an array, $1,');
}

/** How a case that returned the right value but changed its inputs says so (terminal.ts groups them). */
export const RIGHT_BUT_MUTATED = 'The value is right, but your';
/** freqs-keepdims made a (C, 1) column (a reshape, `[:, None]`, a transposed keepdims): its story and fix (pointers 32c). */
const COLUMN_DID = "your compute_class_freqs returns its frequencies with an extra axis of length 1, as a column of shape (C, 1) (a reshape(-1, 1), [:, None], or a keepdims row transposed), where one value per class, shape (C,), belongs: the course's own test refuses that shape";
// No `.T` or np.ravel in it: fixInFramework would glue the first to the word before and leave the second numpy in plain Python.
const COLUMN_FIX = 'Return each frequency 1-D, shape (C,): np.mean(labels, axis=0) as it is, with no reshape(-1, 1), [:, None] or transpose after it.';

/** How a case whose frequencies are right but shaped (1, C) says so (terminal.ts groups them). */
export const RIGHT_BUT_EXTRA_AXIS = 'the values themselves are right, but ';

/** A case that passes epsilon by keyword, to a get_weighted_loss whose parameter has another name (eps, eps_). */
function keywordHint(c: Case, e: ErrorInfo): string {
  if (c.epsilonArg !== 'keyword' || e.type !== 'TypeError' || !/unexpected keyword argument 'epsilon'/.test(e.message)) return '';
  return ". This case calls get_weighted_loss(pos_weights, neg_weights, epsilon=...), as the assignment's signature allows: name the third parameter epsilon";
}

/**
 * Keras 2 backend functions that keras.ops has under another name, checked on Keras 3.15.1 (the
 * others, K.mean, K.log ..., keep theirs), and graph functions it has none of (framework 29).
 */
const KERAS3_OPS: Record<string, string> = {
  pow: 'keras.ops.power',
  flatten: 'keras.ops.ravel',
  gather: 'keras.ops.take',
  constant: 'keras.ops.convert_to_tensor',
  variable: 'keras.Variable',
  get_value: 'keras.ops.convert_to_numpy',
  eval: 'keras.ops.convert_to_numpy',
  int_shape: 'x.shape',
  cast_to_floatx: "keras.ops.cast(x, keras.config.floatx())",
  switch: 'keras.ops.where', // keras.ops.switch picks a branch by index, not element-wise
};
const KERAS2_GRAPH = new Set(['placeholder', 'function', 'gradients', 'learning_phase', 'batch_get_value', 'batch_set_value', 'set_value']);

/** Keras 3's backend (graded with --keras real) has none of Keras 2's math functions (K.mean, K.log). */
function kerasHint(e: ErrorInfo): string {
  if (e.type !== 'AttributeError') return '';
  // Keras 2's session functions and losses.Reduction enum, which Keras 3 dropped (framework 29).
  if (/^module 'keras[\w.]*\.backend' has no attribute '(?:get_session|set_session|get_graph)'/.test(e.message))
    return '. Keras 3 (like TensorFlow 2) has no sessions: it computes as each line runs, so return the tensor the loss computes (the grader reads its value)';
  if (/^module 'keras[\w.]*\.losses' has no attribute 'Reduction'/.test(e.message))
    return ". Keras 3 has no losses.Reduction (Keras 2's enum): pass the reduction as a string, reduction='none' (or 'sum', 'sum_over_batch_size')";
  const m = /module 'keras(?:\.src)?\.backend' has no attribute '(\w+)'/.exec(e.message);
  // The shim's slip of a name it supplies (K.maen: "; did you mean K.mean?"), no Keras 3 matter (learners 35).
  if (!m || /'; did you mean K\.\w+\?$/.test(e.message)) return '';
  // The same slip under --keras real, whose Keras says no more than the name: a typo, no Keras 3 matter (learners 35b).
  const slip = kerasSlipOf(m[1]!);
  // Keras 3 lacks the slip's target too when it is a Keras 2 function the shim supplies (review 35b).
  if (slip) return KERAS_SUPPLIED.includes(slip)
    ? `. Did you mean K.${slip}? If your Keras is 3, it has no K.${slip} either: write ${KERAS3_OPS[slip] ?? `keras.ops.${slip}`} (or numpy), or grade with --keras shim (the default)`
    : `. Did you mean K.${slip}?`;
  if (KERAS2_GRAPH.has(m[1]!)) return `. Keras 3 has no K.${m[1]}, a Keras 2 graph function: compute on the tensors the loss is given and return the result`;
  return `. Keras 3 has no K.${m[1]} or the other Keras 2 backend math functions: write ${KERAS3_OPS[m[1]!] ?? `keras.ops.${m[1]}`} (or numpy); graded with --keras shim (the default), the Keras 2 backend functions docs/keras-shim.md lists work as in the course`;
}

/** The returned loss function asks for more than (y_true, y_pred): Keras calls it with those two only. */
function lossArityHint(c: Case, e: ErrorInfo): string {
  if (c.function !== 'weighted_loss' || e.during || e.type !== 'TypeError') return '';
  if (!/missing \d+ required (?:positional|keyword-only) arguments?/.test(e.message)) return '';
  return '. The function get_weighted_loss returns is called as weighted_loss(y_true, y_pred), as Keras calls a loss: give it those two parameters only, and let it use pos_weights, neg_weights and epsilon from get_weighted_loss (the enclosing function)';
}

/**
 * An attribute NumPy removed (np.float, np.msort), with what replaces it. The runner puts back the
 * names that only named what NumPy or Python still has (numpy-aliases.ts), so one of those fails
 * only where that did not happen, and is worded from the same table; any other name a NumPy release
 * had (numpy-names.json: np.msort, np.pmt), whose message here names no replacement, is told the
 * last release with it and what NumPy says replaces it, if anything.
 */
function removedNumpyHint(e: ErrorInfo): string {
  const m = e.type === 'AttributeError' ? /module 'numpy' has no attribute '(\w+)'/.exec(e.message) : null;
  if (!m) return '';
  const name = m[1]!;
  if (Object.hasOwn(NUMPY_ALIASES, name)) {
    const [instead, release] = NUMPY_ALIASES[name as keyof typeof NUMPY_ALIASES];
    const was = release === '1.24' ? `only another name for Python's ${instead}, and NumPy ${release} removed it` : `removed in NumPy ${release}`;
    return `. np.${name} was ${was}: write ${instead} instead`;
  }
  const had = numpyHad(name, false);
  if (!had) {
    // No release had it: a slip of one letter (np.logg, numpy.mena), as the learner wrote the
    // module on the line that raised (learners 35: Python 3.11 keeps its own "Did you mean" out
    // of the message).
    const slip = numpySlipOf(name);
    if (!slip) return '';
    const alias = new RegExp(`\\b([A-Za-z_]\\w*)\\s*\\.\\s*${name}\\b`).exec(e.traceback.split('\n').at(-1) ?? '')?.[1] ?? 'np';
    return `. Did you mean ${alias}.${slip}?`;
  }
  // The newest release read has it: this machine's NumPy is older (np.trapezoid on 1.26), or a platform's type.
  if (had.last === NUMPY_RANGE.newest) return '';
  const instead = had.replacement && /^Use (.+) instead\.$/.exec(had.replacement)?.[1]?.replaceAll('`', '');
  const last = `NumPy ${had.last} was the last release with np.${name}`;
  return instead ? `. ${last}: write ${instead} instead` : `. ${last}, and NumPy names nothing in its place: compute it without np.${name}`;
}

/** TensorFlow 1's graph machinery: TensorFlow 2 computes eagerly and needs none of it. */
const TF1_GRAPH = new Set(['Session', 'InteractiveSession', 'placeholder', 'global_variables_initializer', 'local_variables_initializer', 'get_variable', 'variable_scope', 'get_default_session']);

/** A TensorFlow 1 name (tf.log) or keyword (keep_dims) that TensorFlow 2 removed, with what TensorFlow 2 writes. */
function tf1Hint(e: ErrorInfo): string {
  const kw = e.type === 'TypeError' ? /unexpected keyword argument '(keep_dims|reduction_indices)'/.exec(e.message) : null;
  if (kw) return `. ${kw[1]} is TensorFlow 1's name for it: TensorFlow 2's reductions (tf.reduce_sum, tf.reduce_mean) take ${kw[1] === 'keep_dims' ? 'keepdims' : 'axis'}`;
  const m = e.type === 'AttributeError' ? /^module 'tensorflow' has no attribute '(\w+)'/.exec(e.message) : null;
  if (!m) return '';
  const name = m[1]!;
  if (Object.hasOwn(TF1_RENAMED, name)) return `. tf.${name} is TensorFlow 1's name, which TensorFlow 2 removed: write ${TF1_RENAMED[name]}`;
  if (TF1_GRAPH.has(name))
    return `. tf.${name} is TensorFlow 1's, which TensorFlow 2 removed: TensorFlow 2 computes as each line runs (eager execution), so no session, placeholder or initializer is needed: return the tensor the loss computes (the grader reads its value)`;
  return '';
}

/**
 * .item() or float() of a loss that is still an array (torch's "a Tensor with 3 elements cannot be
 * converted to Scalar", numpy's "can only convert an array of size 1"): the error names the
 * conversion, not the reduction missing before it. torch says how many elements: by the case's
 * shape, one per class, per example, or per example and class.
 */
function toScalarHint(c: Case, e: ErrorInfo): string {
  if (c.function !== 'weighted_loss' || e.during) return '';
  const torch = /^a Tensor with (\d+) elements cannot be converted to Scalar/.exec(e.message);
  const other = /^(?:can only convert an array of size 1 to a Python scalar|only one element tensors can be converted to Python scalars|only (?:0-dimensional|length-1|size-1) arrays can be converted to Python scalars)/.test(e.message);
  if (!torch && !other) return '';
  // math.log(column) raises numpy's TypeError too: scalarMathHint says that one.
  if (/\bmath\.\w+\s*\(/.test(e.traceback.split('\n').at(-1) ?? '')) return '';
  const { n, c: k } = caseShape(c);
  const count = torch ? Number(torch[1]) : NaN;
  // With as many examples as classes, a count cannot say which axis is left: 'an array'.
  const what = count === n * k && n > 1 && k > 1 ? 'one value per example and class' : count === k && n !== k ? 'one value per class' : count === n && n !== k ? 'one value per example' : 'an array';
  return `. .item() and float() take a single value, and the loss here is still ${what}: reduce it to one number first (the mean over the examples, axis 0, then the sum over the classes), then convert`;
}

/**
 * torch.mean on integer labels (a LongTensor: the 0/1 labels as handed over): PyTorch refuses to
 * average integers, and the error names dtypes, not the fix.
 */
/**
 * torch.from_numpy given the tensors a suite with framework: torch or auto passes (as a PyTorch
 * training loop does): PyTorch says only "expected np.ndarray (got Tensor)" (framework28).
 */
function fromNumpyHint(c: Case, e: ErrorInfo): string {
  if (c.framework === 'numpy' || e.type !== 'TypeError' || !/^expected np\.ndarray \(got Tensor\)/.test(e.message)) return '';
  return '. torch.from_numpy takes numpy arrays only, and this case passes torch tensors, as a PyTorch training loop does: torch.as_tensor(x) takes either';
}

/**
 * np.sum(x, axis=0) of the torch tensors a suite with framework: torch or auto passes: numpy hands
 * a tensor to its own sum(), which takes dim, and PyTorch says only "sum() got an unexpected
 * keyword argument 'axis'" (framework 29). Read from the source line that raised.
 */
function numpyOnTorchHint(c: Case, e: ErrorInfo): string {
  const m = c.framework !== 'numpy' && e.type === 'TypeError' ? /^(\w+)\(\) got an unexpected keyword argument 'axis'/.exec(e.message) : null;
  if (!m || !new RegExp(`\\bnp\\.${m[1]}\\s*\\(`).test(e.traceback.split('\n').at(-1) ?? '')) return '';
  return `. This case passes torch tensors, as a PyTorch training loop does, and np.${m[1]} hands a tensor to the tensor's own ${m[1]}(), which takes dim, not axis: write torch.${m[1]}(x, dim=0), or make it a numpy array first (np.asarray(x))`;
}

/**
 * tf.convert_to_tensor(x, dtype=tf.float32) of a tensor of another dtype (the tensors a suite with
 * framework: tensorflow or auto passes, float64 or int labels): TensorFlow refuses, and the message
 * goes on with the tensor's printout, which errorVerdict leaves out (tfConversion).
 */
const TF_CONVERSION = /^Tensor conversion requested dtype (\w+) for Tensor with dtype \w+/;
/**
 * tf.constant(x, dtype=tf.float64) of such a tensor raises TypeError instead, with the tensor's
 * printout, many lines, inside the sentence: "Expected tensor [[0. 1.] ...] with dtype tf.float64,
 * but got dtype tf.float32." A printout past the runner's 4,000 characters loses the dtypes.
 */
const TF_CONSTANT = /^Expected tensor [\s\S]*? with dtype tf\.(\w+), but got dtype tf\.(\w+)/;
function tfConstant(e: ErrorInfo): { first: string; dtype: string } | null {
  if (e.type !== 'TypeError' || !e.message.startsWith('Expected tensor ')) return null;
  const m = TF_CONSTANT.exec(e.message);
  return m ? { first: `Expected tensor with dtype tf.${m[1]}, but got dtype tf.${m[2]}`, dtype: `tf.${m[1]}` } : { first: 'Expected tensor with another dtype', dtype: 'dtype' };
}
function tfConversionHint(e: ErrorInfo): string {
  const m = e.type === 'ValueError' ? TF_CONVERSION.exec(e.message) : null;
  const dtype = m ? `tf.${m[1]}` : tfConstant(e)?.dtype;
  if (!dtype) return '';
  return `. tf.convert_to_tensor (and tf.constant) give a tensor they are handed back as it is and refuse to change its dtype: write tf.cast(x, ${dtype}), which converts tensors and arrays alike`;
}

/**
 * pos_weight= given to F.binary_cross_entropy or nn.BCELoss (whose base class _WeightedLoss says
 * it): it is binary_cross_entropy_with_logits's, for logits, and PyTorch names only the keyword.
 */
function bcePosWeightHint(e: ErrorInfo): string {
  if (e.type !== 'TypeError' || !/^(?:binary_cross_entropy|_WeightedLoss\.__init__|BCELoss\.__init__)\(\) got an unexpected keyword argument 'pos_weight'/.test(e.message)) return '';
  return ". pos_weight is binary_cross_entropy_with_logits's (BCEWithLogitsLoss's), which takes logits, scores before a sigmoid, and y_pred holds probabilities: write the two logs yourself, pos_weights * y_true * log(y_pred + epsilon) and neg_weights * (1 - y_true) * log(1 - y_pred + epsilon) (binary_cross_entropy's weight= takes a weight per element, but floors each log at -100 in place of epsilon)";
}

function torchIntMeanHint(e: ErrorInfo, c?: Case): string {
  if (e.type !== 'RuntimeError' || !/could not infer output dtype\. Input dtype must be either a floating point or complex dtype\. Got: (Long|Int|Short|Byte|Bool|Char)/.test(e.message)) return '';
  // In the loss, the labels are y_true, and the predictions' dtype is the one to take (wording 36).
  if (c?.function === 'weighted_loss') return '. torch.mean averages floats only and y_true holds integer labels: make them floats first, y_true = y_true.to(y_pred.dtype)';
  return '. torch.mean averages floats only and the labels are integers: labels.float().mean(dim=0), or torch.sum(labels, dim=0) / labels.shape[0]';
}

/**
 * The weights made a column, (C, 1) (`np.array(pos_weights).reshape(-1, 1)`, keepdims), meeting
 * the (N, C) labels: numpy lines the column up with the examples, not the classes, and refuses.
 */
function columnWeightsHint(c: Case, e: ErrorInfo): string {
  const m = e.type === 'ValueError' ? /operands could not be broadcast together with shapes \((\d+),(\d+)\) \((\d+),(\d+)\)/.exec(e.message) : null;
  if (!m || c.function !== 'weighted_loss') return '';
  const { n, c: k } = caseShape(c);
  const shapes = [[Number(m[1]), Number(m[2])], [Number(m[3]), Number(m[4])]];
  const column = shapes.some(([a, b]) => a === k && b === 1);
  const labels = shapes.some(([a, b]) => a === n && b === k);
  if (!column || !labels || n === k) return '';
  return `. The (${k}, 1) array is one value per class made a column (a reshape(-1, 1) or keepdims on the weights), and numpy lines it up with the ${n} examples of the (${n}, ${k}) labels: keep the weights 1-D, shape (${k},), so each multiplies its class's column`;
}

/**
 * `.numpy()` inside a @tf.function (or a Keras graph): the tensors there are symbolic, with no
 * value yet, and TensorFlow's AttributeError says only that the method is missing.
 */
function graphNumpyHint(e: ErrorInfo): string {
  // numpy called on such a tensor (np.log(y_pred + epsilon) under @tf.function): TensorFlow raises NotImplementedError.
  if (e.type === 'NotImplementedError' && SYMBOLIC_TO_NUMPY.test(e.message)) {
    return ". Inside a @tf.function (a compiled graph) or TensorFlow 1's graph mode, a tensor has no values yet, so numpy cannot compute on it: use TensorFlow's functions (tf.math.log, tf.reduce_mean, or K.log, K.mean) in place of numpy's, or remove @tf.function";
  }
  if (e.type !== 'AttributeError' || !/^'(?:Symbolic)?Tensor' object has no attribute 'numpy'/.test(e.message)) return '';
  return '. Inside a @tf.function (a compiled graph) a tensor has no value yet, so it has no .numpy(): return the tensor itself (the grader converts it), or remove @tf.function';
}

/** TensorFlow's NotImplementedError for a numpy function given a graph tensor. */
const SYMBOLIC_TO_NUMPY = /^Cannot convert a symbolic (?:tf\.)?Tensor \(.*\) to a numpy array/;

/**
 * Code written for a pandas DataFrame (`labels.values`, `df.iloc`, `train_df[cols].mean()`) given
 * the numpy arrays the course passes (train_generator.labels; Keras's tensors in a loss): numpy's
 * AttributeError names the attribute, not that the input is another type than the code expects.
 */
const PANDAS_ONLY = new Set(['values', 'to_numpy', 'iloc', 'loc', 'columns', 'index', 'iterrows', 'itertuples', 'value_counts', 'apply', 'dropna', 'fillna', 'head', 'describe']);
function pandasHint(c: Case, e: ErrorInfo): string {
  const m = e.type === 'AttributeError' ? /^'numpy\.ndarray' object has no attribute '(\w+)'/.exec(e.message) : null;
  if (!m || !PANDAS_ONLY.has(m[1]!)) return '';
  const what = c.function === 'weighted_loss' ? 'y_true and y_pred are arrays (Keras passes tensors)' : 'labels is a numpy array, N × C, as the course\'s train_generator.labels is';
  return `. .${m[1]} is a pandas DataFrame's, and ${what}, not a DataFrame: use the array as it is (np.asarray(x) takes either)`;
}

/**
 * `.numpy()` on the numpy arrays the grader passes a file that imports no TensorFlow (wording 34):
 * numpy's AttributeError says only that an ndarray (or a numpy scalar of it) has no such attribute.
 * A file that imports TensorFlow gets arrays with that method (the runner's numpy-method retry).
 */
function ndarrayNumpyHint(c: Case, e: ErrorInfo): string {
  if (e.type !== 'AttributeError' || !/^'numpy\.(?:ndarray|float\d+|int\d+|bool_?)' object has no attribute 'numpy'/.test(e.message)) return '';
  const what = c.function === 'weighted_loss' ? 'y_true and y_pred' : 'labels';
  return `. .numpy() is a TensorFlow or PyTorch tensor's method, and the grader passes ${what} as numpy arrays, which have none: drop .numpy(), or write np.asarray(x), which takes an array or a tensor`;
}

/**
 * A slip of an array's method or attribute (labels.mena(), y.sum(axis=0).lenght, y_pred.shpae) on
 * a numpy array or scalar or a tensor: the AttributeError names the slip, not what was meant, as
 * removedNumpyHint's np.mena does (learners 35b). Arrays have no length: len(x) or x.shape.
 */
const ARRAY_TYPES = /^'(?:numpy\.\w+|Tensor|(?:tensorflow\.[\w.]*\.)?(EagerTensor|SymbolicTensor|KerasTensor|ResourceVariable|Variable))' object has no attribute '(\w+)'/;
/**
 * A TensorFlow tensor has few of numpy's methods (review 35b: "did you mean .mean?" sent a TF
 * learner to a second AttributeError): the ones it has, and TensorFlow's function for the others.
 */
const TF_TENSOR_HAS = new Set(['shape', 'dtype', 'ndim', 'numpy', 'device', 'name', 'get_shape', 'set_shape']);
const TF_FUNCTION_FOR: Record<string, string> = {
  mean: 'tf.reduce_mean(x)', sum: 'tf.reduce_sum(x)', max: 'tf.reduce_max(x)', min: 'tf.reduce_min(x)', prod: 'tf.reduce_prod(x)',
  std: 'tf.math.reduce_std(x)', all: 'tf.reduce_all(x)', any: 'tf.reduce_any(x)', reshape: 'tf.reshape(x, shape)',
  astype: 'tf.cast(x, dtype)', clip: 'tf.clip_by_value(x, low, high)', transpose: 'tf.transpose(x)', flatten: 'tf.reshape(x, [-1])',
};
function arraySlipHint(e: ErrorInfo): string {
  const m = e.type === 'AttributeError' ? ARRAY_TYPES.exec(e.message) : null;
  if (!m) return '';
  const name = m[2]!;
  if (/^(?:len|length|lenght|lentgh|lenth|lengh|legnth)$/i.test(name))
    return `. Arrays have no .${name}: the number of examples is len(x) or x.shape[0], of classes x.shape[1]`;
  const slip = arraySlipOf(name);
  if (!slip) return '';
  if (m[1] === undefined || TF_TENSOR_HAS.has(slip)) return `. Did you mean .${slip}?`;
  const instead = TF_FUNCTION_FOR[slip];
  return instead ? `. Did you mean .${slip}? A TensorFlow tensor has no .${slip} method either: write ${instead}` : '';
}

/**
 * `y_pred[: i]` for `y_pred[:, i]` (a comma left out, learners 35b): the first i rows, not column i,
 * so numpy names only shapes that cannot broadcast. Said on a shape error whose line slices up to
 * a name: that slice, with the column it likely meant.
 */
function missingCommaHint(e: ErrorInfo): string {
  if (e.type !== 'ValueError' || !/^operands could not be broadcast together|^Incompatible shapes|^Dimensions must be equal/.test(e.message)) return '';
  const m = /\b([A-Za-z_]\w*)\[\s*:\s*([A-Za-z_]\w*)\s*\]/.exec(e.traceback.split('\n').at(-1) ?? '');
  // Only where a matrix is in play: pos_weights[:i] of a 1-D vector has no column i (review 35b).
  if (!m || !/\(\d+,\s*\d+/.test(e.message)) return '';
  return `. ${m[0]} takes the first ${m[2]} rows of ${m[1]}: if you meant column ${m[2]}, a comma is missing, ${m[1]}[:, ${m[2]}]`;
}

/** `~labels` on float labels: numpy has no bitwise NOT for floats (on integers it is -x - 1, not 1 - x). */
function invertHint(e: ErrorInfo): string {
  if (e.type !== 'TypeError' || !/ufunc 'invert' not supported/.test(e.message)) return '';
  return '. ~ is the bitwise NOT, which numpy refuses on floats (and on integers gives -x - 1, not 1 - x): for the negatives use 1 - labels or labels == 0';
}

/**
 * np.bincount(labels[:, j]) of float labels (learners 34): numpy's TypeError names two dtypes and
 * a casting rule, not that bincount counts integers only. Read from the source line that raised.
 */
function bincountHint(e: ErrorInfo): string {
  const m = e.type === 'TypeError' ? /^Cannot cast array data from dtype\('(float\d+)'\) to dtype\('int64'\) according to the rule 'safe'/.exec(e.message) : null;
  if (!m || !/\bbincount\s*\(/.test(e.traceback.split('\n').at(-1) ?? '')) return '';
  return `. np.bincount counts non-negative integers, and these labels are floats (${m[1]}): cast them first, np.bincount(labels[:, j].astype(int), minlength=2), or count the ones directly, np.sum(labels, axis=0)`;
}

/**
 * get_weighted_loss that calls the loss it defines instead of returning it: `return
 * weighted_loss(y_true, y_pred)` (y_true is no name there: NameError) or `return weighted_loss()`
 * (TypeError: its arguments are missing). Python's message names neither the cause nor the fix.
 */
function callsLossHint(e: ErrorInfo): string {
  if (e.during !== 'get_weighted_loss') return '';
  const inner = e.type === 'TypeError' ? /^get_weighted_loss\.<locals>\.(\w+)\(\) missing \d+ required positional arguments?/.exec(e.message) : null;
  if (inner) {
    return `. get_weighted_loss calls ${inner[1]} instead of returning it: end get_weighted_loss with return ${inner[1]} (the function itself, no parentheses); Keras calls it later with (y_true, y_pred)`;
  }
  if (e.type === 'NameError' && /^name '(y_true|y_pred)' is not defined/.test(e.message)) {
    return '. y_true and y_pred exist only inside the loss function that get_weighted_loss defines: use them there, and end get_weighted_loss with return weighted_loss (the function itself, not a call of it); Keras calls it later with (y_true, y_pred)';
  }
  return '';
}

/**
 * Tensors sent to a GPU (`.cuda()`, `.to('cuda')`), as a learner on Colab writes: the grader has
 * no CUDA, and PyTorch's "Torch not compiled with CUDA enabled" does not say what to write.
 */
function cudaHint(e: ErrorInfo): string {
  if (/Torch not compiled with CUDA enabled|Found no NVIDIA driver|No CUDA GPUs are available|no CUDA-capable device/i.test(e.message))
    return ". Your code is graded on a CPU, without CUDA: keep the tensors where they come (no .cuda() or .to('cuda') in the graded functions), or pick the device as torch.device('cuda' if torch.cuda.is_available() else 'cpu').";
  // A Mac's Apple GPU (mps) and Intel's (xpu), in PyTorch's words for each (framework 29).
  const other = /not linked with support for mps devices|MPS backend is not available/i.test(e.message)
    ? (['mps', "Apple's MPS", 'torch.backends.mps.is_available()'] as const)
    : /Torch not compiled with XPU enabled/i.test(e.message)
      ? (['xpu', "Intel's XPU", 'torch.xpu.is_available()'] as const)
      : null;
  if (!other) return '';
  const [device, what, available] = other;
  return `. Your code is graded on a CPU, without ${what}: keep the tensors where they come (no .to('${device}') in the graded functions), or pick the device as torch.device('${device}' if ${available} else 'cpu').`;
}

/**
 * get_weighted_loss that returned something other than a function, as the runner words it ("get_weighted_loss
 * returned float, not a function: ..."): with its article, and what a number or a tuple in its place
 * means (sweep 20: the loss computed on data of its own and returned, `return weighted_loss, epsilon`).
 */
function notAFunction(message: string): string {
  const m = /^get_weighted_loss returned (\S+), not a function: it must return the inner weighted_loss function$/.exec(message);
  if (!m) return `${message}.`;
  const type = m[1]!;
  const head = `get_weighted_loss returned ${article(type)} ${type}, not a function`;
  if (/^(float|int|(numpy\.)?(float|int|uint)\d*|double|Tensor|EagerTensor|SymbolicTensor|KerasTensor|ResourceVariable|Variable|ndarray)$/.test(type)) {
    return `${head}: a value it computed, where it must return the loss function itself. Define def weighted_loss(y_true, y_pred): inside get_weighted_loss and end with return weighted_loss (the function, not a call of it); Keras calls that function on each batch.`;
  }
  if (type === 'tuple' || type === 'list') return `${head}: return the inner weighted_loss function alone (return weighted_loss), not together with other values.`;
  if (type === 'coroutine') return `${head}: get_weighted_loss is an async def, which returns a coroutine when called; define it with def and end it with return weighted_loss.`;
  return `${head}: it must return the inner weighted_loss function.`;
}

/**
 * `raise NotImplementedError`, as an exercise's template stands before it is done. The learner's
 * own message, when there is one, already says so in their words ("get_weighted_loss is not
 * written yet", "TODO"): the hint then does not say it again (sweep 20).
 */
function notImplementedHint(who: string, e: ErrorInfo): string {
  if (e.type !== 'NotImplementedError') return '';
  // Raised by a library at the learner's line (TensorFlow's for np.log of a symbolic tensor), not
  // by a raise of the learner's: no template to finish (framework28).
  const line = raisingLine(e);
  if (SYMBOLIC_TO_NUMPY.test(e.message) || (line !== '' && !/\braise\b/.test(line))) return '';
  if (firstLine(e.message).trim() !== '') return `. It still raises NotImplementedError, as an unfinished template does: replace that raise with ${who}'s code`;
  return `. ${who} is not written yet (it still raises NotImplementedError, as a template does): replace that raise with the function's code`;
}

/**
 * @tf.function on get_weighted_loss itself: a compiled function may return only tensors, and this
 * one returns the Python function weighted_loss, which TensorFlow refuses in a long sentence that
 * does not say where the decorator belongs (sweep 20).
 */
function tfFunctionFactoryHint(e: ErrorInfo): string {
  if (e.during !== 'get_weighted_loss' || !/tf\.function.*found return value of type function/s.test(e.message)) return '';
  return '. @tf.function compiles get_weighted_loss, which returns a Python function, and a compiled function may return only tensors: put @tf.function on the inner weighted_loss instead, or leave it out';
}

/**
 * exit(), quit() or sys.exit() left in a graded function (a debugging stop): Python's SystemExit
 * says only its code, "None" (sweep 20), and input(), which has no keyboard to read when graded.
 */
function stopHint(who: string, e: ErrorInfo): string {
  if (e.type === 'SystemExit') return `. ${who} called exit(), quit() or sys.exit(), which ends the program where a graded function must return its result: remove that call`;
  if (e.type === 'EOFError' && /^EOF when reading a line/.test(e.message)) {
    return `. ${who} calls input(), which waits for someone to type, and nobody does when it is graded: compute the value from the function's arguments instead`;
  }
  return '';
}

/** Names of the math functions a learner's own function of the same name hides (def log(x): return log(x + epsilon)). */
const MATH_NAMES = new Set(['log', 'mean', 'sum', 'exp', 'clip', 'cast', 'abs', 'maximum', 'minimum', 'reduce_mean', 'reduce_sum', 'sqrt', 'square']);

/**
 * A RecursionError: the learner's function that calls itself, from the traceback's frames
 * (innermost last). A helper named like the function it wraps (def log(x): return log(x + eps))
 * calls itself, not K.log.
 */
function recursionHint(e: ErrorInfo): string {
  if (e.type !== 'RecursionError') return '';
  const frames = [...e.traceback.matchAll(/line (\d+), in (\w+)/g)].map((m) => ({ line: Number(m[1]), name: m[2]! }));
  const last = frames.at(-1);
  if (!last || frames.filter((f) => f.name === last.name && f.line === last.line).length < 2) return '';
  const at = lineSpot({ line: last.line, cell: e.cell });
  if (MATH_NAMES.has(last.name)) {
    return `. Your function ${last.name} calls itself (${at}), again and again: inside it, ${last.name} is your own function, not the ${last.name} you meant (K.${last.name}, np.${last.name}); call that one by its full name, or give yours another name`;
  }
  return `. ${last.name} calls itself (${at}) again and again, with nothing that stops it: compute the result there instead of calling ${last.name} again`;
}

/**
 * An in-place operation (x /= N, y_pred -= ...) whose result is a float and whose array is of
 * integers: numpy cannot store the fractions back, and says so in terms of casting rules.
 */
function inPlaceCastHint(e: ErrorInfo): string {
  const m = /Cannot cast ufunc '(\w+)' output from dtype\('(float\d*|complex\d*)'\) to dtype\('((?:u?int|bool)\w*)'\)/.exec(e.message);
  if (!m) return '';
  const op = ({ divide: '/=', true_divide: '/=', multiply: '*=', subtract: '-=', add: '+=', power: '**=' } as Record<string, string>)[m[1]!] ?? 'in-place';
  return `. An in-place ${op} writes its result back into the array, which holds integers (${m[3]}) and cannot store fractions: write x = x ${op === 'in-place' ? 'op y' : op.slice(0, -1) + ' y'} (a new float array) instead of x ${op} y`;
}

/** The math module's functions on one number that numpy has element by element, under the same name (math.fabs: np.abs). */
const MATH_TO_NUMPY: Record<string, string> = { log: 'np.log', log10: 'np.log10', log2: 'np.log2', log1p: 'np.log1p', exp: 'np.exp', sqrt: 'np.sqrt', fabs: 'np.abs', pow: 'np.power' };

/**
 * math.log (Python's math module) handed an array, a column such as y_pred[:, i]: numpy can turn
 * only a single value into the one number math.log takes, and says so without naming math.log.
 * Read from the source line of the innermost frame, the one that raised.
 */
function scalarMathHint(e: ErrorInfo): string {
  if (e.type !== 'TypeError' || !/^only (?:0-dimensional|length-1|size-1) arrays can be converted to Python scalars/.test(e.message)) return '';
  const source = e.traceback.split('\n').at(-1) ?? '';
  const fn = [...source.matchAll(/\bmath\.(\w+)\s*\(/g)].map((m) => m[1]!).find((f) => Object.hasOwn(MATH_TO_NUMPY, f));
  if (!fn) return '';
  return `. math.${fn} takes a single number, and here it is given an array (a whole column): use ${MATH_TO_NUMPY[fn]}, which works on every element of an array`;
}

/**
 * math.log (or math.log10, log2) given 0 or a negative number raises "math domain error", a
 * message that names neither the function nor the argument; np.log would return -inf or NaN.
 */
function mathDomainHint(e: ErrorInfo): string {
  if (e.type !== 'ValueError' || !/^math domain error/.test(e.message)) return '';
  const source = e.traceback.split('\n').at(-1) ?? '';
  const fn = /\b(?:math\.)?(log(?:10|2)?)\s*\(/.exec(source)?.[1];
  if (!fn) return '';
  return `. math.${fn} raises this for the log of 0 or of a negative number: one of the logs here took 0 or less (a prediction of exactly 0 or 1 with no epsilon inside that log, or epsilon subtracted), which the formula's math.${fn}(p + epsilon) and math.${fn}(1 - p + epsilon) never do`;
}

/**
 * A class sliced off the labels or predictions (y_true[:, 1:], y_pred[:, :-1]) but not off the
 * weights: numpy cannot line up C weights with C - 1 columns, and says so in shapes alone.
 */
function slicedClassHint(c: Case, e: ErrorInfo): string {
  const shapes = broadcastShapes(e.message);
  if (c.inputs.fn !== 'weighted_loss' || !shapes) return '';
  const { n, c: k } = caseShape(c);
  const has = (dims: number[]) => shapes.some((s) => s.length === dims.length && s.every((d, i) => d === dims[i]));
  if (k < 2 || n === k || !has([k]) || !has([n, k - 1])) return '';
  return `. The weights have ${k} values, one per class, and the array next to them ${k - 1} columns: a class was sliced off y_true or y_pred ([:, 1:] or [:, :-1]) but not off the weights. Every class counts: use y_true and y_pred whole`;
}

/** The part of an error's sentence that names the case's shape, which is all that differs when every case raises alike. */
export const SHAPE_PHRASE = / on \d+ examples? × \d+ classe?s?/;

/**
 * An error raised inside a tf.function (a @tf.function loss, or Keras running the loss in a graph):
 * TensorFlow's message starts "in user code:" and puts the learner's file, line and the real error
 * on its later lines, while the runner finds no frame of the learner's file in the traceback.
 * Returns the error's own sentence and the learner's line, or null for any other message.
 */
export function tfUserCode(message: string): { said: string; line?: number } | null {
  if (!/^in user code:/.test(message)) return null;
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines.at(-1) ?? '';
  if (last === 'in user code:') return null;
  // The learner's frames name the file as the grader shows it (no folder); TensorFlow's own have paths.
  // The digits are the learner's to write (any exception's message can start "in user code:"): a
  // line of 400 nines is Infinity, which no report may hold (the learner's row became "wlgrade failed").
  const frames = [...message.matchAll(/File "([^"/\\]+)", line (\d{1,7}), in /g)];
  const line = frames.length ? Number(frames.at(-1)![2]) : undefined;
  return { said: last.replace(/^[A-Za-z_][\w.]*(?:Error|Exception): /, ''), ...(line !== undefined ? { line } : {}) };
}

function errorVerdict(c: Case, e0: ErrorInfo, ms: number, say: Say, cellMark?: (line: number) => string | undefined): Omit<CaseVerdict, 'message'> & { message: string } {
  const tf = tfUserCode(e0.message);
  const e: ErrorInfo = tf ? { ...e0, message: tf.said, ...(e0.line === undefined && tf.line !== undefined ? { line: tf.line } : {}) } : e0;
  // A notebook saved as .py: the file's line, and the cell it is in when the export's markers say.
  const mark = e.cell === undefined && e.line !== undefined ? cellMark?.(e.line) : undefined;
  const where = e.line !== undefined ? ` (${lineSpot({ line: e.line, cell: e.cell, mark }, true)})` : '';
  const { n, c: k } = caseShape(c);
  const shape = ` on ${counted(n, 'example')} × ${counted(k, 'class', 'classes')}`;
  // Raised by get_weighted_loss itself (the runner marks it), or by the function graded.
  const [who, when] = e.during === 'get_weighted_loss' ? ['get_weighted_loss', ', before it returned the loss function'] : [c.function, ''];
  // Each hint is empty or one sentence of its own; at most a few apply to one error.
  const hints = [
    notImplementedHint(who, e),
    stopHint(who, e),
    tfFunctionFactoryHint(e),
    limitHint(e),
    keywordHint(c, e),
    kerasHint(e),
    removedNumpyHint(e),
    tf1Hint(e),
    toScalarHint(c, e),
    numpyOnTorchHint(c, e),
    tfConversionHint(e),
    bcePosWeightHint(e),
    torchIntMeanHint(e, c),
    fromNumpyHint(c, e),
    columnWeightsHint(c, e),
    invertHint(e),
    bincountHint(e),
    pandasHint(c, e),
    ndarrayNumpyHint(c, e),
    arraySlipHint(e),
    missingCommaHint(e),
    lossArityHint(c, e),
    callsLossHint(e),
    recursionHint(e),
    inPlaceCastHint(e),
    graphNumpyHint(e),
    scalarMathHint(e),
    mathDomainHint(e),
    slicedClassHint(c, e),
    cudaHint(e),
  ].join('');
  // A hint's own '. ' follows the error's sentence, which may already end with one (numpy's do).
  // SystemExit's text is its exit code: None (exit()), 0 or 1 say nothing to the learner.
  const first =
    e.type === 'SystemExit' && /^(None|-?\d+)?$/.test(firstLine(e.message).trim())
      ? ''
      : e.type === 'ValueError' && TF_CONVERSION.test(e.message)
        ? TF_CONVERSION.exec(e.message)![0] // not the tensor's printout after it
        : (tfConstant(e)?.first ?? firstLine(e.message).trimEnd()); // nor inside it
  // An error with no message of its own (raise NotImplementedError) is followed by its hint alone.
  const said = first === '' ? hints.replace(/^\.? /, '') : /[.!?]$/.test(first) && hints.startsWith('. ') ? `${first}${hints.slice(1)}` : `${first}${hints}`;
  const msg =
    e.type === 'NotAFunction'
      ? notAFunction(e.message)
      : e.type === 'UnreadableResult'
      ? `${e.message}.`
      : `Your ${who} raised ${e.type}${where}${shape}${when}${said ? `: ${said}` : '.'}`;
  const weighted = libraryWeightsShape(c, e);
  const lengths = weighted ? '' : say(mixedLengths(c, e));
  const dtypes = mixedDtypes(c, e);
  const countDivision = dtypes ? intCountDivision(c, e) : null;
  const mix = weighted || lengths || dtypes;
  // Named as mistakes of the loss; compute_class_freqs gets the sentence only, but for torch.mean
  // of integer labels, which is freqs-integer-division in PyTorch: numpy and TensorFlow round such
  // a mean down, PyTorch refuses it (its line is the one to change).
  const intMean = c.function === 'compute_class_freqs' && torchIntMeanHint(e) !== '';
  const signature = c.function !== 'weighted_loss' ? (intMean ? 'freqs-integer-division' : null) : lengths ? 'loss-mixed-indexing' : dtypes ? 'loss-mixed-dtypes' : null;
  const location: { line?: number; cell?: number } = {};
  if (e.line !== undefined) location.line = e.line;
  if (e.cell !== undefined) location.cell = e.cell;
  return {
    status: 'error',
    message: mix ? `${msg.trimEnd()}${/[.!?]$/.test(msg.trimEnd()) ? '' : '.'} ${mix}` : msg,
    notes: e.traceback ? [e.traceback] : [],
    signatures: signature ? [signature] : [],
    observation: { kind: 'error', type: e.type, message: e.message },
    location,
    ms,
    ...(lengths ? { lengthsSentence: lengths } : {}),
    ...(intMean
      ? { formEvidence: `torch.mean raised ${e.type} on the integer labels: "${clipped(first)}"`, formLocation: location }
      : signature
        ? { formEvidence: `with ${counted(n, 'example')} × ${counted(k, 'class', 'classes')}, your loss raised ${e.type}: ${clipped(first)}` }
        : {}),
    // loss-mixed-dtypes told for what the file did, at the division (wording 36): not the catalogue's fixed-dtype cast.
    ...(signature === 'loss-mixed-dtypes' && countDivision ? { formLocation: location, formWords: countDivisionWords(countDivision) } : {}),
  };
}

/**
 * An error's sentence quoted as evidence: without TensorFlow's wrapping ("{{function_node
 * __wrapped__Mul_device_/job:localhost/...}} " before it, " [Op:Mul] name:" after), which filled
 * the room before the shapes; then its first 160 characters.
 */
const clipped = (text: string) => {
  const core = text.replace(/^\{\{function_node [^}]*\}\}\s*/, '').replace(/\s*\[Op:\w+\](?: name:.*)?$/, '').trim();
  return core.length > 160 ? `${core.slice(0, 159)}…` : core;
};

/** Why the interpreter died, in the learner's terms (causes from sandbox/launch.ts describeExit). */
function crashMessage(detail: string, cause: string | undefined): string {
  switch (cause) {
    case 'cpu':
      return `Your code used up its CPU time limit during this case (${detail}): look for a loop that never ends or work that grows much faster than the data.`;
    case 'file-size':
      return `Your code wrote a file larger than the grader allows during this case (${detail}); the loss should not write files.`;
    case 'killed':
    case 'lost':
      return `The Python process was killed during this case (${detail}), most often for using too much memory or starting too many processes: keep to arrays the size of the inputs.`;
    default:
      return `The Python process ended during this case (${detail}): the code called os._exit or sys.exit from another thread, sent itself a signal, or crashed the interpreter.`;
  }
}

/**
 * The array shapes a broadcasting error names: numpy ("could not be broadcast together with shapes
 * (4,) (3,)"), TensorFlow ("Incompatible shapes: [4] vs. [3]") and PyTorch ("The size of tensor a
 * (4) must match the size of tensor b (3)", which names one dimension each).
 */
export function broadcastShapes(message: string): number[][] | null {
  const dims = (s: string) => s.split(',').map((t) => t.trim()).filter(Boolean).map(Number);
  const np = /could not be broadcast together with (?:remapped )?shapes((?:\s*\([\d,\s]*\))+)/.exec(message);
  if (np) return [...np[1]!.matchAll(/\(([\d,\s]*)\)/g)].map((m) => dims(m[1]!));
  const tf = /Incompatible shapes: \[([\d,\s]*)\] vs\. \[([\d,\s]*)\]/.exec(message);
  if (tf) return [dims(tf[1]!), dims(tf[2]!)];
  const torch = /size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\)/.exec(message);
  if (torch) return [[Number(torch[1])], [Number(torch[2])]];
  return null;
}

/**
 * A loss that raised because, in one class's term, an array indexed for that class met one that is
 * not: y_true[:, i] (N values, one per example) next to pos_weights or y_pred[i] (C values, one
 * per class), or next to the whole N×C matrix. The sentence names the lengths the error shows;
 * '' for any other error, and when N = C (the lengths cannot tell examples from classes).
 */
/** The learner's source line the error was raised on: the last line of the traceback the runner gives. */
function raisingLine(e: ErrorInfo): string {
  return (e.traceback ?? '').trimEnd().split('\n').at(-1)?.trim() ?? '';
}

/**
 * A per-element weight matrix handed to a Keras loss as sample_weight (BinaryCrossentropy()(y_true,
 * y_pred, sample_weight=w), binary_crossentropy): the loss first averages over the classes, so its
 * N values meet the N×C weights inside Keras. No indexing of the learner's is at fault, so the
 * index-for-class-i sentence (and loss-mixed-indexing) would send them looking for a loop they do
 * not have. '' for any other error.
 */
function libraryWeightsShape(c: Case, e: ErrorInfo): string {
  if (c.function !== 'weighted_loss' || !/\bsample_weight\s*=/.test(raisingLine(e))) return '';
  const { n, c: k } = caseShape(c);
  const shapes = broadcastShapes(e.message);
  const is = (s: number[], ...want: number[]) => s.length === want.length && s.every((d, i) => d === want[i]);
  if (!shapes || n === k || !shapes.some((s) => is(s, n)) || !shapes.some((s) => is(s, n, k))) return '';
  return `A Keras loss (BinaryCrossentropy, binary_crossentropy) first averages over the last axis, the classes, to one value per example (${n} values), and only then applies sample_weight, so a weight per example and class (${n}×${k}) cannot line up; that average also mixes the classes the weights are for: write the weighted formula yourself, -(pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon)), then the mean over axis 0 and the sum over the classes.`;
}

function mixedLengths(c: Case, e: ErrorInfo): string {
  if (c.function !== 'weighted_loss' || e.type === 'NotAFunction' || e.type === 'UnreadableResult') return '';
  const { n, c: k } = caseShape(c);
  const shapes = broadcastShapes(e.message);
  if (!shapes || n === k) return '';
  const is = (s: number[], ...want: number[]) => s.length === want.length && s.every((d, i) => d === want[i]);
  const perExample = shapes.some((s) => is(s, n));
  if (perExample && n > 1 && k > 1 && shapes.some((s) => is(s, k))) {
    // A line that indexes nothing (return -np.sum(pos_weights * pos + neg_weights * neg)) may be
    // vectorised code whose per-example vector is a mean over axis 1, not a column of a loop.
    const line = raisingLine(e);
    if (line !== '' && !line.includes('['))
      return `A vector of ${n} values (one per example: a column like y_true[:, i], or a mean or sum over axis 1) met one of ${k} values (one per class, like pos_weights, y_pred[i] or a mean over axis 0): in a loop over classes, index every array for class i (y_true[:, i], y_pred[:, i], pos_weights[i]); without a loop, reduce over axis 0 (the examples) only, so that every vector has one value per class.`;
    return `A vector of ${n} values (one per example, like y_true[:, i]) met one of ${k} values (one per class, like pos_weights, or y_pred[i]): index every array for class i (y_true[:, i], y_pred[:, i], pos_weights[i]).`;
  }
  if (perExample && shapes.some((s) => is(s, n, k))) {
    // The same for a line indexing nothing (np.mean(weights * bce), bce a mean over axis -1 as
    // Keras's binary_crossentropy takes it): the N values are the classes averaged away.
    const line = raisingLine(e);
    if (line !== '' && !line.includes('['))
      return `A vector of ${n} values (one per example: a column like y_true[:, i], or a mean or sum over the classes, axis 1 or -1) met a whole ${n}×${k} matrix (like y_pred, or weights per example and class): in a loop over classes, index every array for class i (y_true[:, i], y_pred[:, i], pos_weights[i]); without a loop, keep the classes apart until the weights are applied, then take the mean over axis 0 (the examples) and the sum over the classes.`;
    return `A column of ${n} values (one per example, like y_true[:, i]) met the whole ${n}×${k} matrix (like y_pred without [:, i]): index every array for class i (y_true[:, i], y_pred[:, i], pos_weights[i]).`;
  }
  return '';
}

/**
 * The two dtypes of a framework's refusal to mix tensor types: TensorFlow ("cannot compute Mul as
 * input #1(zero-based) was expected to be a double tensor but is a float tensor", and its division's
 * "`x` and `y` must have the same dtype, got tf.float64 != tf.float32") and PyTorch ("expected
 * scalar type Double but found Float"). numpy converts; these do not.
 */
export function dtypeClash(message: string): [string, string] | null {
  const m = /expected to be an? (\w+) tensor but is an? (\w+) tensor/.exec(message) ?? /expected scalar type (\w+) but found (\w+)/.exec(message);
  if (m) return [m[1]!.toLowerCase(), m[2]!.toLowerCase()];
  // TensorFlow in a graph (a tf.function): "Input 'y' of 'Mul' Op has type float64 that does not match type int64 of argument 'x'".
  const op = /has type (\w+) that does not match type (\w+) of argument/.exec(message);
  if (op) return [op[2]!.toLowerCase(), op[1]!.toLowerCase()];
  // TensorFlow's Python division (x / n, truediv): "`x` and `y` must have the same dtype, got tf.float64 != tf.float32".
  const div = /must have the same dtype, got tf\.(\w+) != tf\.(\w+)/.exec(message);
  return div ? [div[1]!.toLowerCase(), div[2]!.toLowerCase()] : null;
}

/**
 * A loss's float tensor divided by an integer count (`L / tf.shape(y_true)[0]`, `/ tf.size(...)`,
 * `/ n` with n = tf.math.count_nonzero(...)): TensorFlow's division refusing an integer divisor,
 * eagerly ("`x` and `y` must have the same dtype, got tf.float32 != tf.int32") or in a graph
 * ("Input 'y' of 'RealDiv' Op has type int32 ..."). The count as the line that raised writes it
 * when it divides once (`n`, `tf.shape(y_true)[0]`), else null; the integer dtype.
 */
export function intCountDivision(c: Case, e: ErrorInfo): { count: string | null; dtype: string } | null {
  if (c.function !== 'weighted_loss') return null;
  const eager = /must have the same dtype, got tf\.(float\d+|bfloat16) != tf\.(u?int\d+)/.exec(e.message);
  const graph = /Input 'y' of '(?:RealDiv|TrueDiv|Div|DivNoNan)' Op has type (u?int\d+) that does not match type (?:b?float\d+) of argument 'x'/.exec(e.message);
  const dtype = eager?.[2] ?? graph?.[1];
  if (dtype === undefined) return null;
  // The line that raised, as the traceback quotes it last: its one division's divisor, a name, a call or a subscript of one.
  const line = e.traceback.split('\n').at(-1)?.trim() ?? '';
  const divisors = [...line.matchAll(/(?<![/*])\/(?![/=])\s*((?:[A-Za-z_][\w.]*)(?:\([^()]*\))?(?:\[[^\]]*\])?)/g)].map((m) => m[1]!);
  return { count: divisors.length === 1 ? divisors[0]! : null, dtype };
}

/** loss-mixed-dtypes' story and fix for a division by an integer count. */
function countDivisionWords(d: { count: string | null; dtype: string }): { did: string; fix: string } {
  const what = d.count === null ? `an integer count (${d.dtype})` : `${d.count}, an integer count (${d.dtype})`;
  return {
    did: `you divide a float tensor by ${what}, and TensorFlow refuses to divide tensors of two dtypes, so the loss fails on every input, in training as on these cases`,
    fix: `Cast the count to the predictions' dtype before dividing: ${castCount(d.count)}; or take the mean over the examples (np.mean over axis 0), which needs no count.`,
  };
}

/** The cast that makes intCountDivision's count a float of the predictions' dtype. */
const castCount = (count: string | null) => `tf.cast(${count ?? 'tf.shape(y_true)[0]'}, y_pred.dtype)`;

/** The sentence for a dtype clash; '' for any other error. */
function mixedDtypes(c: Case, e: ErrorInfo): string {
  const clash = dtypeClash(e.message);
  if (!clash) return '';
  const name = (t: string) => ({ double: 'float64', float: 'float32', half: 'float16', int: 'int32', long: 'int64' })[t] ?? t;
  const [want, got] = [name(clash[0]), name(clash[1])];
  const a = (t: string) => (/^[aeiou]/.test(t) ? 'an' : 'a');
  const met = `${a(got) === 'an' ? 'An' : 'A'} ${got} tensor met ${a(want)} ${want} one, and the framework does not convert between them`;
  // The cast in the framework that raised (PyTorch says "expected scalar type"): a TensorFlow
  // learner told PyTorch's .to() too, or a PyTorch one tf.cast first, reads of a call it never
  // makes (frameworks 35).
  const torch = /expected scalar type/.test(e.message);
  const labels = torch ? 'y_true.to(y_pred.dtype)' : 'tf.cast(y_true, y_pred.dtype)';
  // compute_class_freqs has no predictions: its clash is integer labels or a count (tf.math.count_nonzero's
  // int64) met by a number of examples (tf.shape's int32) or a float of another dtype.
  if (c.function === 'compute_class_freqs' && [want, got].some((t) => /int|bool/.test(t))) {
    return `${met}: cast both sides to one float dtype first (${torch ? 'x.double()' : 'tf.cast(x, tf.float64)'} for each), so the frequencies are fractions.`;
  }
  // A loss divided by an integer count: what the line divides by, and its one cast (wording 36).
  const counted = intCountDivision(c, e);
  if (counted) {
    return `You divide a float tensor by ${counted.count ?? 'a count'}, ${a(counted.dtype)} ${counted.dtype} tensor, and TensorFlow does not convert between dtypes: cast the count first, ${castCount(counted.count)}.`;
  }
  // TensorFlow's Python division with an integer side: most often a count of examples, tf.shape's
  // int32 (L / tf.shape(y_true)[0]), not the labels (frameworks 35).
  if (/must have the same dtype/.test(e.message) && [want, got].some((t) => /int/.test(t))) {
    return `${met.replace(/ one, and/, ' one in a division, and')}: cast a count you divide by to the predictions' dtype first (tf.cast(tf.shape(y_true)[0], y_pred.dtype)), and integer labels likewise (${labels}).`;
  }
  // Integer labels (y_true as given) next to float predictions, not two float widths.
  if ([want, got].some((t) => /int|bool/.test(t))) {
    return `${met}: integer labels must be cast to the predictions' float dtype first (${labels}).`;
  }
  return `${met}: cast every input to one float dtype first (${labels}, and the weights likewise), or cast none.`;
}

/** A sandbox limit behind an exception, as a hint; '' when the error is an ordinary one. */
function limitHint(e: ErrorInfo): string {
  if (e.type === 'MemoryError') return '. Your code ran out of memory (the grader limits it): avoid building arrays much larger than the inputs.';
  if (/File too large|EFBIG/.test(e.message)) return '. The grader limits the size of files your code writes; the loss should not write files.';
  if (/Too many open files|EMFILE/.test(e.message)) return '. The grader limits how many files your code keeps open: close them (use "with open(...)").';
  if (e.type === 'BlockingIOError' && /Resource temporarily unavailable/.test(e.message)) return '. The grader limits how many processes or threads your code starts.';
  return '';
}

/** A shape as Python prints it: (3,) for one axis, (2, 3) for two, () for none. */
export const pyShape = (shape: number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}

const exactZeroOne = new WeakMap<Case, boolean>();

/** Whether some prediction of the case is exactly 0 or 1, where a log without epsilon is infinite. Once per case (a batch asks on every submission). */
export function hasExactZeroOne(c: Case): boolean {
  let v = exactZeroOne.get(c);
  if (v === undefined) {
    v = c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((r) => r.some((p) => p === 0 || p === 1));
    exactZeroOne.set(c, v);
  }
  return v;
}

/** The standard library's exact numbers, which the runner sends as their float (runner._stdlib_number). */
const EXACT_NUMBERS: ReadonlySet<string> = new Set(['fractions.Fraction', 'decimal.Decimal']);

function gradeLoss(c: Case, v: EncodedValue, expected: number): Omit<CaseVerdict, 'message'> & { message: string } {
  const notes: string[] = [];
  const nums = numbers(v);
  const exp = fmt(expected);
  // A list or tuple of one number ([loss]) is what a (1,) array is: Keras takes both as the loss.
  const single = v.kind === 'sequence' && nums !== null && nums.values.length === 1;
  // A tuple or list of one number followed by arrays or lists ((loss, per_class), a training
  // step's (loss, metrics)): that number is the loss the learner computed. Its form is
  // loss-not-scalar, and the number is diagnosed (reduced), as a per-class array's sum is. A list
  // of plain numbers ([l0, l1, l2], one per class) has no such first item.
  const head = v.kind === 'sequence' && v.items.length >= 2 && !nums ? numbers(v.items[0]!) : null;
  if (head && head.values.length === 1) {
    const first = head.values[0]!;
    const what = describeType(v);
    const right = isClose(first, expected, c.tolerance);
    return {
      status: 'failed',
      message: `Your loss returned ${what}; it must return one number (expected ${exp}). Its first item, ${fmt(first)}, ${right ? 'is the expected loss: return it alone' : 'is not the expected loss either'}.`,
      actual: what,
      notes,
      signatures: ['loss-not-scalar'],
      observation: { kind: 'none' },
      reduced: first,
      formEvidence: `your loss returned ${what} where one number, ${exp}, is expected`,
    };
  }
  // A list or tuple of several numbers ([l0, l1, l2], one per class) is several values, as a (C,)
  // array is: told by its length the same way (one per class or per example), and its sum diagnosed.
  // An empty one is no value at all.
  if (!nums || (v.kind === 'sequence' && nums.values.length === 0)) {
    const what = describeType(v);
    return {
      status: 'failed',
      message: `Your loss returned ${what}; it must return one number (expected ${exp}).${returnHint(v)}`,
      actual: what,
      notes,
      // An array of numbers too large to send is many values; a 0-d complex or bytes array is not.
      signatures: v.kind === 'array' && dtypeContents(v.dtype) === null ? ['loss-not-scalar'] : [],
      observation: { kind: 'none' },
      formEvidence: `your loss returned ${what} where one number, ${exp}, is expected`,
    };
  }
  if (nums.values.length !== 1) {
    const n = c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue.length : 0;
    const k = c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue[0]!.length : 0;
    const shape = pyShape(nums.shape);
    const returned = v.kind === 'sequence' ? describeType(v) : `${article(arrayNoun(v))} ${arrayNoun(v)} of shape ${shape}`;
    // What the shape is, when it says (N = C cannot tell examples from classes), and what is left
    // to reduce: one value per example is averaged, one per class summed, the matrix both.
    const perExample = nums.shape.length === 1 && nums.shape[0] === n && n !== k;
    const perClass = nums.shape.length === 1 && nums.shape[0] === k && n !== k;
    const perBoth = nums.shape.length === 2 && nums.shape[0] === n && nums.shape[1] === k;
    const [per, missing] = perExample
      ? ['one value per example', 'the mean over the examples is missing: average those values']
      : perClass
        ? ['one value per class', 'the sum over the classes is missing: add those values up']
        : perBoth
          ? ['one value per example and class', "the reduction is missing: the mean over the examples (axis 0) of each class's terms, then the sum over the classes"]
          : ['', ''];
    const sum = nums.values.reduce((s, x) => s + x, 0);
    const sumNote = isClose(sum, expected, c.tolerance)
      ? ` Its sum, ${fmt(sum)}, is the expected loss: add the values up before returning.`
      : perExample && isClose(sum / n, expected, c.tolerance)
        ? ` Their mean, ${fmt(sum / n)}, is the expected loss: average the values before returning.`
        : '';
    const reduced = perClass ? sum : perExample ? sum / n : undefined;
    const told = per ? `, ${per},` : '';
    return {
      status: 'failed',
      // The sum says it when it is the loss; otherwise what the shape leaves to reduce.
      message: `Your loss returned ${returned}${told} instead of one number; expected ${exp}.${sumNote || (missing ? ` ${missing[0]!.toUpperCase()}${missing.slice(1)}.` : '')}`,
      actual: v.kind === 'sequence' ? describeType(v) : `${arrayNoun(v)} of shape ${shape}`,
      notes,
      signatures: ['loss-not-scalar'],
      observation: { kind: 'none' },
      ...(reduced !== undefined ? { reduced } : {}),
      formEvidence: `your loss returned ${returned}${told} where one number, ${exp}, is expected${missing ? `: ${missing.replace(/:.*/, '')}` : ''}`,
    };
  }
  const actual = nums.values[0]!;
  if (v.kind === 'array' && nums.shape.length > 0) {
    notes.push(`Your loss returned ${article(arrayNoun(v))} ${arrayNoun(v)} of shape ${pyShape(nums.shape)} holding one value; it was accepted, but a plain number is expected.`);
  } else if (v.kind === 'sequence') {
    notes.push(`Your loss returned ${article(v.pytype)} ${v.pytype} holding one number; it was accepted, but a plain number is expected (return the number itself, not [loss]).`);
  } else if (v.kind === 'number' && EXACT_NUMBERS.has(v.pytype)) {
    notes.push(`Your loss returned ${article(v.pytype)} ${v.pytype}; it was accepted, but a plain number (a float) is expected.`);
  }
  const dtype = v.kind === 'array' || v.kind === 'number' ? v.dtype : undefined;
  const observation: Observation = { kind: 'scalar', value: actual, ...(dtype !== undefined ? { dtype } : {}) };
  if (isClose(actual, expected, c.tolerance)) {
    return { status: 'passed', message: `Loss ${fmt(actual)} matches the expected ${exp}.`, actual, notes, signatures: [], observation };
  }
  if (!Number.isFinite(actual)) {
    const why = hasExactZeroOne(c)
      ? ' This case has predictions of exactly 0 and 1, where log(0) = -inf unless epsilon is added inside the log.'
      : '';
    return { status: 'failed', message: `Your loss is ${fmt(actual)}; expected ${exp}.${why}`, actual, notes, signatures: [], observation };
  }
  const rel = expected !== 0 ? ` (${fmt(actual / expected)}× the expected value)` : '';
  return {
    status: 'failed',
    message: `Your loss is ${fmt(actual)}; expected ${exp}${rel}, tolerance ±${fmt(c.tolerance.atol + c.tolerance.rtol * Math.abs(expected))}.`,
    actual,
    notes,
    signatures: [],
    observation,
  };
}

const expectedTexts = new WeakMap<ClassFreqs, string>();

/** The expected frequencies as the messages quote them: formatted once per expected value (a batch grades every submission against the same ones). */
function expectedText(expected: ClassFreqs): string {
  let text = expectedTexts.get(expected);
  if (text === undefined) {
    text = `expected positive ${fmtVec(expected.pos)} and negative ${fmtVec(expected.neg)}`;
    expectedTexts.set(expected, text);
  }
  return text;
}

/**
 * A result of one row per class holding that class's positive and negative frequency side by side
 * (np.stack([pos, neg], axis=1), np.column_stack, a list of (pos, neg) tuples): its two columns,
 * or null for any other form. On a two-class case the rows unpack as a pair, so the same code
 * "returns" (pos[0], neg[0]) and (pos[1], neg[1]) there.
 */
export function classRows(v: EncodedValue, k: number): { pos: number[]; neg: number[] } | null {
  let rows: number[][] | null = null;
  if (v.kind === 'array' && v.values && v.shape.length === 2 && v.shape[0] === k && v.shape[1] === 2) {
    rows = Array.from({ length: k }, (_, i) => [fromWire(v.values![2 * i]!), fromWire(v.values![2 * i + 1]!)]);
  } else if (v.kind === 'sequence' && v.items.length === k) {
    const each = v.items.map(numbers);
    if (each.every((x) => x !== null && x.shape.length === 1 && x.values.length === 2)) rows = each.map((x) => x!.values);
  }
  return rows && { pos: rows.map((r) => r[0]!), neg: rows.map((r) => r[1]!) };
}

/** How to turn one row per class into the pair, in the learner's terms. */
const CLASS_ROWS_FIX =
  'one row per class, its positive and negative frequency side by side (what stacking them along axis 1 gives: np.stack([pos, neg], axis=1), np.column_stack, or a list of (pos, neg) per class); return the pair instead: return pos, neg, or the columns arr[:, 0], arr[:, 1] (arr.T unpacks as the pair)';

function gradeFreqs(c: Case, v: EncodedValue, expected: ClassFreqs, say: Say, rowsElsewhere = false): Omit<CaseVerdict, 'message'> & { message: string } {
  const notes: string[] = [];
  const k = expected.pos.length;
  const expText = expectedText(expected);
  const rows = classRows(v, k);
  if (rows) {
    const right = vecClose(rows.pos, expected.pos, c.tolerance) && vecClose(rows.neg, expected.neg, c.tolerance);
    // Two classes: the two rows read as a pair as well. Right that way, it is the (2, C) form below;
    // wrong both ways, it is read per class when the other cases show that form (rowsElsewhere).
    const asPair = k === 2 && vecClose([rows.pos[0]!, rows.neg[0]!], expected.pos, c.tolerance) && vecClose([rows.pos[1]!, rows.neg[1]!], expected.neg, c.tolerance);
    if (!asPair && (k !== 2 || right || rowsElsewhere)) {
      const what = describeType(v);
      return {
        status: 'failed',
        message: `compute_class_freqs returned ${what}: ${CLASS_ROWS_FIX}. ${right ? `Its columns are the expected frequencies (${expText})` : `Its columns are positive ${fmtVec(rows.pos)} and negative ${fmtVec(rows.neg)}; ${expText}`}.`,
        actual: what,
        notes,
        signatures: [],
        // Right values in the wrong form are no formula mistake; wrong ones are diagnosed as returned.
        observation: right ? { kind: 'none' } : { kind: 'freqs', ...rows },
        ...(right ? { valueCorrect: true } : {}),
      };
    }
  }
  let items: EncodedValue[] | null = null;
  if (v.kind === 'sequence' && v.items.length === 2) items = v.items;
  else if (v.kind === 'array' && v.shape.length === 2 && v.shape[0] === 2 && v.values) {
    // np.array([pos, neg]) unpacks like a pair; accept it, but say so.
    const half = v.values.length / 2;
    const row = (vals: typeof v.values): EncodedValue => ({ kind: 'array', pytype: v.pytype, dtype: v.dtype, shape: [half], values: vals });
    items = [row(v.values.slice(0, half)), row(v.values.slice(half))];
    notes.push('You returned one array of shape (2, C); it was accepted, but a tuple (positive_frequencies, negative_frequencies) is expected.');
  }
  // The pair, right, with more after it (return pos, neg, counts): the extra items are the mistake.
  const head = v.kind === 'sequence' && v.items.length > 2 ? v.items.slice(0, 2).map(numbers) : null;
  if (head?.[0] && head[1] && vecClose(head[0].values, expected.pos, c.tolerance) && vecClose(head[1].values, expected.neg, c.tolerance)) {
    const what = describeType(v);
    const extra = v.kind === 'sequence' && v.items.length === 3 ? 'the third' : `the other ${(v.kind === 'sequence' ? v.items.length : 0) - 2}`;
    return {
      status: 'failed',
      message: `compute_class_freqs returned ${what} whose first two are the expected frequencies: return only those two, return positive_frequencies, negative_frequencies (a pair), without ${extra}.`,
      actual: what,
      notes,
      signatures: [],
      observation: { kind: 'none' },
      valueCorrect: true,
    };
  }
  if (!items) {
    const what = describeType(v);
    return {
      status: 'failed',
      message: `compute_class_freqs returned ${what}; it must return a pair (positive_frequencies, negative_frequencies), ${expText}.${returnHint(v)}`,
      actual: what,
      notes,
      signatures: [],
      observation: { kind: 'none' },
    };
  }
  const got = items.map(numbers);
  if (got.some((g) => g === null)) {
    const at = got.findIndex((g) => g === null);
    const bad = items[at]!;
    return {
      status: 'failed',
      message: `compute_class_freqs returned a pair whose ${at === 0 ? 'first' : 'second'} item is ${describeType(bad)}; each item must be an array of ${k} frequencies, ${expText}.`,
      actual: describeType(bad),
      notes,
      signatures: [],
      observation: { kind: 'none' },
    };
  }
  const [pos, neg] = got as [NonNullable<(typeof got)[0]>, NonNullable<(typeof got)[0]>];
  const scalar = { pos: pos.shape.length === 0, neg: neg.shape.length === 0 };
  const observation: Observation = { kind: 'freqs', pos: pos.values, neg: neg.values, ...(scalar.pos || scalar.neg ? { scalar } : {}) };
  const actual = { pos: pos.values, neg: neg.values };
  const problems: string[] = [];
  const signatures: MistakeId[] = [];
  const integer = (g: { dtype: string }) => /int|bool/.test(g.dtype);
  // Both integers of one dtype and the right shape (the usual case: integer labels averaged): said once, under the positives.
  const oneShape = (g: { shape: number[] }) => g.shape.length === 1 && g.shape[0] === k;
  const bothInteger = integer(pos) && integer(neg) && pos.dtype === neg.dtype && oneShape(pos) && oneShape(neg);
  let extraAxis = false;
  const told = new Set<'positive' | 'negative'>();
  for (const [name, g] of [
    ['positive', pos],
    ['negative', neg],
  ] as const) {
    if (!oneShape(g)) {
      problems.push(`your ${name} frequencies have shape ${pyShape(g.shape)}; expected (${k},), one value per class`);
      extraAxis ||= g.shape.length === 2 && g.shape.includes(1) && g.shape[0]! * g.shape[1]! === k;
      told.add(name);
    } else if (integer(g) && !(bothInteger && name === 'negative')) {
      // Integers outside [0, 1] are no fractions in any dtype (np.sum without / N, 1 - a count):
      // "fractions need a float dtype" told a learner who divides by nothing to cast.
      const outside = (bothInteger ? [pos, neg] : [g]).some((h) => h.values.some((x) => x < 0 || x > 1));
      problems.push(`your ${bothInteger ? 'positive and negative' : name} frequencies are integers (${g.dtype})${outside ? ' outside [0, 1], so not fractions of the examples' : '; fractions need a float dtype'}`);
      told.add(name);
      if (bothInteger) told.add('negative');
    }
  }
  // One side told (integers, a shape), the other of the right shape but wrong as well: its values
  // too, which the message left unsaid (learners 35: float counts from a DataFrame's .sum() beside
  // (df == 0).sum()'s int64 ones were told only "your negative frequencies are integers").
  if (told.size === 1) {
    const [name, g, want] = told.has('positive') ? (['negative', neg, expected.neg] as const) : (['positive', pos, expected.pos] as const);
    if (oneShape(g) && !integer(g) && !vecClose(g.values, want, c.tolerance)) problems.push(`your ${name} frequencies are ${fmtVec(g.values)}`);
  }
  // Integer frequencies that are the expected ones rounded down: the mean or the division of
  // integer labels kept their integer type (tf.reduce_mean of int labels, a // …). The models see
  // float labels on the other cases, where the same code is right: this case alone shows it.
  // The negatives either floored the same way or taken as 1 - the floored positives (the course's
  // negative_frequencies = 1 - positive_frequencies), as the mistake's two models compute them.
  // A list of integers is that too: statistics.mean of a column of numpy int64 labels is an int64
  // (it converts its result to the data's type), as is a count // N kept in a list.
  const floored = (got: number[], want: number[]) => got.length === want.length && got.every((x, i) => x === Math.floor(want[i]! + 1e-12));
  const oneMinusFloored = neg.values.length === expected.pos.length && neg.values.every((x, i) => x === 1 - Math.floor(expected.pos[i]! + 1e-12));
  const integerList = (v: EncodedValue) =>
    v.kind === 'sequence' &&
    v.items.length > 0 &&
    v.items.every((i) => {
      const x = scalarItem(i);
      return x !== null && integer(x);
    });
  let formEvidence: string | undefined;
  let formWords: CaseVerdict['formWords'];
  if (([pos, neg].some(integer) || items.some(integerList)) && floored(pos.values, expected.pos) && (floored(neg.values, expected.neg) || oneMinusFloored) && !vecClose(pos.values, expected.pos, c.tolerance)) {
    signatures.push('freqs-integer-division');
    // The values, as a model's evidence quotes them: the case's name alone showed nothing to check.
    formEvidence = `you returned positive ${evidenceVec(pos.values)}${pos.dtype ? ` (${pos.dtype})` : ''} where ${evidenceVec(expected.pos)} is expected, each fraction rounded down`;
  } else if (
    (integer(neg) || integerList(items[1]!)) &&
    vecClose(pos.values, expected.pos, c.tolerance) &&
    floored(neg.values, expected.neg) &&
    !vecClose(neg.values, expected.neg, c.tolerance)
  ) {
    // The negatives alone rounded down, the positives right: statistics.mean(1 - col) of numpy
    // integers beside sum(labels) / len(labels), or a count // N on that side only (correct 33).
    signatures.push('freqs-integer-division');
    formEvidence = `you returned negative ${evidenceVec(neg.values)}${neg.dtype ? ` (${neg.dtype})` : ''} where ${evidenceVec(expected.neg)} is expected, each fraction rounded down`;
  }
  // One value per example where one per class belongs: a reduction over the other axis. Said when
  // the length is the case's N and not its C, which the shape alone leaves to the learner to see.
  const { n: examples } = caseShape(c);
  if (examples !== k && [pos, neg].some((g) => g.shape.length === 1 && g.shape[0] === examples)) {
    problems.push(say(`${counted(examples, 'value')} is one per example (this case has ${counted(examples, 'example')} and ${counted(k, 'class', 'classes')}): a mean or sum over axis 1, each example's labels, where axis 0, the examples of each class, belongs`));
  }
  if (pos.shape.length === 0 && neg.shape.length === 0) {
    const { n } = caseShape(c);
    // One row (or one column): a mean over axis 0 of labels made 1-D (np.squeeze, labels[0],
    // .flatten()) is a single number too, and the advice to reduce over axis 0 would be what the
    // code already does.
    const plain = 'a single number each is what a mean or sum over the whole matrix gives (np.mean(labels) without an axis): reduce over the examples only, axis=0, to get one value per class';
    problems.push(
      say(
        n === 1
          ? `${plain}; on this case's single example, a mean over axis 0 of labels made 1-D gives one too (a squeeze, a flatten or labels[0] drops the axis of length 1): keep labels 2-D, (N, C)`
          : k === 1
            ? // The (1,) result squeezed too (learners 34: a keepdims=True mean, then .squeeze(), labels 2-D throughout).
              `${plain}; on this case's single class, a mean over axis 0 of labels made 1-D gives one too (a squeeze, a flatten or labels[0] drops the axis of length 1), and so does a .squeeze() or .item() of the result, (1,) here: keep labels 2-D, (N, C), and return the result of the mean over axis 0 as it is, 1-D`
            : plain,
      ),
    );
  }
  if (extraAxis) {
    const right = vecClose(pos.values, expected.pos, c.tolerance) && vecClose(neg.values, expected.neg, c.tolerance);
    // A (1, C) row, keepdims=True on axis 0 or an np.matrix's mean: freqs-keepdims.
    const row = (['positive', 'negative'] as const).map((name, i) => ({ name, g: i === 0 ? pos : neg })).find(({ g }) => g.shape.length === 2 && g.shape[0] === 1 && g.shape[1] === k);
    // A (C, 1) column of the expected values (pointers 32c): the same extra axis, made by a reshape, told its own fix.
    const column = row || !right ? undefined : (['positive', 'negative'] as const).map((name, i) => ({ name, g: i === 0 ? pos : neg })).find(({ g }) => g.shape.length === 2 && g.shape[0] === k && g.shape[1] === 1);
    if (row) {
      signatures.push('freqs-keepdims');
      formEvidence ??= `you returned ${row.name} frequencies of shape ${pyShape(row.g.shape)} where (${k},) is expected, ${right ? 'whose values are the expected ones' : 'and values other than the expected ones too'}`;
    } else if (column) {
      signatures.push('freqs-keepdims');
      formEvidence ??= `you returned ${column.name} frequencies of shape ${pyShape(column.g.shape)}, a column, where (${k},) is expected, whose values are the expected ones`;
      formWords = { did: COLUMN_DID, fix: COLUMN_FIX };
    }
    problems.push(`${right ? RIGHT_BUT_EXTRA_AXIS : ''}${say('the extra axis of length 1 (what keepdims=True, np.matrix or a reshape give) must go: return 1-D arrays, e.g. np.mean(labels, axis=0) on a plain array, or np.ravel(...)')}`);
  }
  if (items.some((i) => i.kind === 'sequence')) notes.push('Your frequencies are Python lists; they were accepted, but numpy arrays are expected.');
  else if (items.some((i) => i.kind === 'array' && i.origin === 'array.array')) notes.push('Your frequencies are array.array values; they were accepted, but numpy arrays are expected.');
  else if (items.some((i) => i.kind === 'array' && i.dtype === 'object')) notes.push('Your frequencies are numpy arrays of Python objects (dtype object); they were accepted, but float arrays are expected.');
  if (problems.length === 0) {
    const posOk = vecClose(pos.values, expected.pos, c.tolerance);
    const negOk = vecClose(neg.values, expected.neg, c.tolerance);
    if (posOk && negOk) return { status: 'passed', message: 'Frequencies match.', actual, notes, signatures: [], observation };
    const wrong: string[] = [];
    if (!posOk) wrong.push(`positive frequencies ${fmtVec(pos.values)}`);
    if (!negOk) wrong.push(`negative frequencies ${fmtVec(neg.values)}`);
    problems.push(`you returned ${wrong.join(' and ')}`);
  }
  const msg = problems.join('; ');
  return { status: 'failed', message: `${msg[0]!.toUpperCase()}${msg.slice(1)}; ${expText}.`, actual, notes, signatures, observation, ...(formEvidence ? { formEvidence } : {}), ...(formWords ? { formWords } : {}) };
}

export function shownExpected(e: Expected) {
  return e.fn === 'weighted_loss' ? toJsonNumber(e.loss) : { pos: e.freqs.pos.map(toJsonNumber), neg: e.freqs.neg.map(toJsonNumber) };
}
