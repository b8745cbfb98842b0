/**
 * The run protocol between the grader and the Python side (grader/src/python/runner.py).
 *
 * The grader writes one Plan (JSON) to the runner's stdin: the submission and the calls with
 * their inputs, never the expected values. The runner answers with JSON lines on file
 * descriptor 3, a channel of its own, apart from the learner's stdout/stderr. Everything the
 * runner says is untrusted (learner code runs in that process): every line is parsed with
 * these schemas, and a line that does not parse marks the channel corrupt.
 */
import { z } from 'zod';
import { escapeLineBreaks } from '../report/escape.js';
import { GradedFunctionSchema } from './suite.js';
import { LoadNoteSchema, mergeShadowed, wordNote, type LoadNote } from './load-note.js';
import { runnerWorded } from './runner-error.js';

export const ArrayDTypeSchema = z.enum(['float32', 'float64', 'int64', 'int32']);
export type ArrayDType = z.infer<typeof ArrayDTypeSchema>;

/** An input array, flattened row-major. */
export const WireArraySchema = z.strictObject({
  dtype: ArrayDTypeSchema,
  shape: z.array(z.number().int().min(0)),
  data: z.array(z.number()),
});
export type WireArray = z.infer<typeof WireArraySchema>;

/** What the learner's function receives: numpy arrays, or tensors; 'auto' is resolved by the runner from the submission's imports. */
export const FrameworkSchema = z.enum(['numpy', 'tensorflow', 'torch', 'auto']);
export type Framework = z.infer<typeof FrameworkSchema>;

export const CallSchema = z.discriminatedUnion('fn', [
  z.strictObject({
    id: z.string(),
    fn: z.literal('compute_class_freqs'),
    framework: FrameworkSchema,
    tensorFallback: z.literal(true).optional(),
    args: z.strictObject({ labels: WireArraySchema }),
  }),
  z.strictObject({
    id: z.string(),
    fn: z.literal('weighted_loss'),
    framework: FrameworkSchema,
    /** The suite did not choose numpy: code written for PyTorch or TensorFlow that raises on the arrays is run again with its tensors. */
    tensorFallback: z.literal(true).optional(),
    args: z.strictObject({
      pos_weights: WireArraySchema,
      neg_weights: WireArraySchema,
      epsilon: z.number(),
      epsilon_arg: z.enum(['positional', 'keyword', 'omitted']),
      y_true: WireArraySchema,
      y_pred: WireArraySchema,
    }),
  }),
]);
export type Call = z.infer<typeof CallSchema>;

export const SubmissionKindSchema = z.enum(['py', 'ipynb']);
export type SubmissionKind = z.infer<typeof SubmissionKindSchema>;

/** A learner's module's name as siblings.ts sends it: `utils`, or in a package, `pkg.utils` (ASCII names). */
export const DOTTED_MODULE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){0,7}$/;

export const PlanSchema = z.strictObject({
  /** Path of the submission as the runner sees it (inside the sandbox, when there is one). */
  submission: z.string(),
  kind: SubmissionKindSchema,
  /** The file name shown to the learner in errors and tracebacks. */
  displayName: z.string(),
  functions: z.array(GradedFunctionSchema),
  calls: z.array(CallSchema),
  /** Largest number of elements of a returned array that is sent back with its values. */
  maxResultElements: z.number().int().positive(),
  /** Which Keras backend API the grader supplies: the numpy shim, or the real one when installed. */
  keras: z.enum(['shim', 'real']),
  /** Resource limits the runner applies to itself before any learner code runs (limits.py). */
  limits: z.lazy(() => PlanLimitsSchema).optional(),
  /**
   * Seconds a .py's top-level code may run before the runner stops it and loads the file again
   * with only its definitions (runner.py arm_load_watchdog): half the time left, so a training
   * loop at the top level leaves time for the graded calls instead of using up the whole run.
   */
  loadSeconds: z.number().positive().optional(),
  /**
   * Set for the attempts after one whose load stopped the top level and graded the definitions
   * (its load record's `topLevelStopped`), or whose top level printed past the output limit: the
   * runner loads the definitions at once instead of running the top level again.
   */
  topLevelStopped: z.lazy(() => TopLevelStoppedSchema).optional(),
  /**
   * A random per-run prefix of every record line. Learner code runs in the same process and can
   * find it in memory, so it is no authentication: it makes stray or blind writes to the
   * channel (a JSON line to some inherited fd) a corrupt channel instead of a record.
   */
  token: z.string().regex(/^[0-9a-f]{16,64}$/).optional(),
  /** Made-up class frequencies on which the submission's own weight assignments are evaluated (WeightAssignmentSchema). */
  weightProbe: z.strictObject({ pos: z.array(z.number()), neg: z.array(z.number()) }).optional(),
  /**
   * The learner's own modules beside the graded file that it imports (siblings.ts): each module's
   * name, its file's name (for tracebacks) and its source, which the runner imports from memory
   * inside the sandbox, after every module the machine has.
   */
  siblings: z
    .array(z.strictObject({ module: z.string().regex(DOTTED_MODULE), name: z.string(), source: z.string(), /** A package's `__init__.py`. */ package: z.literal(true).optional() }))
    .max(32)
    .optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

/**
 * A .py's top level that was stopped: by the load watchdog (after `seconds`, at `line`), by the
 * grader when it printed more than `printed` bytes (the output limit) before the file was loaded, or
 * that ended the process or wrote over the channel itself (`ended`).
 */
export const TopLevelStoppedSchema = z.strictObject({
  seconds: z.number().positive().optional(),
  line: z.number().int().positive().optional(),
  printed: z.number().int().positive().optional(),
  /**
   * Before the file was loaded, the top level ended the process (`exit`: os._exit(), a crash in
   * what it ran) or wrote over the record channel (`channel`: bytes sprayed on descriptors it did
   * not open).
   */
  ended: z.enum(['exit', 'channel']).optional(),
});
export type TopLevelStopped = z.infer<typeof TopLevelStoppedSchema>;

export const PlanLimitsSchema = z.strictObject({
  cpuSeconds: z.number().int().positive(),
  memoryMb: z.number().int().positive(),
  processes: z.number().int().positive(),
  fileSizeMb: z.number().int().positive(),
  openFiles: z.number().int().positive(),
  /** Switch to this uid (and gid) before learner code runs; only used when the runner starts as root. */
  uid: z.number().int().positive().nullable(),
  /** RLIMIT_NPROC counts every process of the uid: add the ones already running (process mode, not root). */
  countExisting: z.boolean(),
});
export type PlanLimits = z.infer<typeof PlanLimitsSchema>;

/** A number on the wire: JSON has no NaN or infinities, so those travel as strings. */
export const WireNumberSchema = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
export type WireNumber = z.infer<typeof WireNumberSchema>;

export function fromWire(x: WireNumber): number {
  if (typeof x === 'number') return x;
  return x === 'NaN' ? Number.NaN : x === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

const short = z.string().max(2_000);
/**
 * A name the learner's code chooses (a class's `__name__`, a parameter's name), or a sentence the
 * runner builds around one: one line by nature, reports quote it in one-line places ("raised X",
 * a note). A line break in it is shown as `\n`, not obeyed (escape.ts escapeLineBreaks).
 */
const name = short.transform(escapeLineBreaks);
/** A class name from the learner's code, checked by typeName (declared below; read when parsed). */
const pyType = short.transform((s) => typeName(s, UNNAMED_TYPE));
const exceptionName = short.transform((s) => typeName(s, UNNAMED_EXCEPTION));

/** A value returned by learner code, described by the runner. */
export type EncodedValue =
  | { kind: 'number'; pytype: string; dtype?: string | undefined; value: WireNumber }
  | { kind: 'array'; pytype: string; dtype: string; shape: number[]; values: WireNumber[] | null; origin?: string | undefined }
  | { kind: 'sequence'; pytype: string; items: EncodedValue[]; truncated?: boolean | undefined }
  | { kind: 'other'; pytype: string; repr: string };

/**
 * How deep lists and tuples nest in a value the runner sends: runner.encode describes those at
 * depth 0 to 3 item by item and deeper ones as `other`. A deeper value is no runner's, and one
 * thousands deep (a forged record) overflowed the grader's stack: zod's parse at ~1,000 levels (a
 * corrupt channel), but the compiled check (fast-parse.ts) accepted up to ~6,000, and grading it
 * (sameResult's JSON.stringify) threw, a bug in wlgrade's row, blank and graded again (red team 29).
 */
export const MAX_SEQUENCE_NESTING = 4;

/** A value nested at most `levels` sequences deep (no z.lazy: each level is a schema of its own). */
function encodedValue(levels: number): z.ZodType<EncodedValue> {
  return z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('number'), pytype: pyType, dtype: name.optional(), value: WireNumberSchema }),
    z.strictObject({
      kind: z.literal('array'),
      pytype: pyType,
      dtype: name,
      shape: z.array(z.number().int().min(0)).max(32),
      values: z.array(WireNumberSchema).nullable(),
      origin: pyType.optional(),
    }),
    ...(levels > 0
      ? [
          z.strictObject({
            kind: z.literal('sequence'),
            pytype: pyType,
            items: z.array(encodedValue(levels - 1)).max(64),
            truncated: z.boolean().optional(),
          }),
        ]
      : []),
    z.strictObject({ kind: z.literal('other'), pytype: pyType, repr: short }),
  ]);
}

/** A value returned by learner code, described by the runner. */
export const EncodedValueSchema: z.ZodType<EncodedValue> = encodedValue(MAX_SEQUENCE_NESTING);

/** A Python identifier (PEP 3131: XID_Start or `_`, then XID_Continue), as a parameter is named. */
const IDENTIFIER = String.raw`[\p{XID_Start}_]\p{XID_Continue}{0,199}`;
const DOTTED = String.raw`${IDENTIFIER}(?:\.${IDENTIFIER}){0,15}`;
const DOTTED_NAME = new RegExp(`^${DOTTED}$`, 'u');
const IDENTIFIER_NAME = new RegExp(`^${IDENTIFIER}$`, 'u');
/** A class's dotted name as the runner writes it: module and qualname, a local class's `<locals>` included. */
const TYPE_NAME = new RegExp(String.raw`^${IDENTIFIER}(?:\.(?:${IDENTIFIER}|<locals>)){0,15}$`, 'u');

/** What an exception whose class name is not a name is called: "Your loss raised <this> (line 12)". */
export const UNNAMED_EXCEPTION = 'an exception whose class name is not a Python identifier';
/** What a value of a class whose name is not a name is called: "Your loss returned an <this>". */
export const UNNAMED_TYPE = 'object';

/**
 * A load note with the exception class it says was raised (a top level's, a skipped decorator's)
 * held to typeName, as a case's error is: the class is the learner's, and an honest
 * `type("Staff note: verified by hand", (OSError,), {})` raised there was quoted as the grader's words.
 */
function namedRaise(n: LoadNote): LoadNote {
  if ((n.id === 'retry' || n.id === 'decorator-skipped' || n.id === 'decorator-kept-previous') && n.type !== undefined) return { ...n, type: typeName(n.type, UNNAMED_EXCEPTION) };
  return n;
}

/**
 * A class name the learner's code chooses (an exception's `__name__`, a returned object's type),
 * which the reports quote as a name ("raised X", "returned a X"): held to a dotted identifier's
 * shape, else `fallback`. `type("Boom <b>x</b> Score: 23/23", (ValueError,), {})` is a valid
 * class: its name put markup, spaces and a fake score into every format's sentence.
 */
export function typeName(s: string, fallback: string): string {
  return TYPE_NAME.test(s) ? s : fallback;
}

/**
 * An import problem's names as Python gives them: the module a dotted name, the name it lacks an
 * identifier, the use it was found at a dotted name (`tf.reduce_mean`). They go into the grader's
 * sentences ("imports <absent> from "<module>", but ..."; "compute_class_freqs uses <absent> from
 * <module>, which this <module> does not have"): a forged record (red team 18's wrapped emit) put
 * "Staff note: ..." there, and a learner's `raise ImportError("cannot import name '<words>' from
 * 'numpy'")` its words. One that is not a name is dropped, with the names that go with it: the
 * error is then shown as what the learner's code raised.
 */
function importNames<E extends { module?: string | undefined; absent?: string | undefined; close?: string | undefined; usage?: string | undefined; ownImport?: { module: string } | undefined }>(e: E): E {
  if (e.module === undefined && e.absent === undefined && e.close === undefined && e.usage === undefined && e.ownImport === undefined) return e;
  const out = { ...e };
  if (out.module !== undefined && !DOTTED_NAME.test(out.module)) {
    delete out.module;
    delete out.absent;
    delete out.usage;
  }
  if (out.absent !== undefined && !IDENTIFIER_NAME.test(out.absent)) delete out.absent;
  if (out.close !== undefined && (out.absent === undefined || !IDENTIFIER_NAME.test(out.close))) delete out.close;
  if (out.usage !== undefined && !DOTTED_NAME.test(out.usage)) delete out.usage;
  if (out.ownImport !== undefined && !DOTTED_NAME.test(out.ownImport.module)) delete out.ownImport;
  return out;
}

/** The error a loss raised before its float32 re-run (runner.run_call_as_keras). */
export const Float32RerunSchema = z.strictObject({ type: exceptionName, message: z.string().max(4_000) });
export type Float32Rerun = z.infer<typeof Float32RerunSchema>;

export const ErrorInfoSchema = z.strictObject({
  type: exceptionName,
  message: z.string().max(4_000),
  /** Where the learner's code raised: its file (display name) and line, or notebook cell and line. */
  line: z.number().int().optional(),
  cell: z.number().int().optional(),
  /** The learner-side frames of the traceback, innermost last. */
  traceback: z.string().max(8_000).default(''),
  /** For ModuleNotFoundError: the module that is missing; with `absent`, the installed module that lacks a name. */
  module: name.optional(),
  /** For an ImportError of `from module import absent`: the name the installed module does not have. */
  absent: name.optional(),
  /** With `absent`: the one name that module has which `absent` is a typing slip of (arrray: array), when none of its own tables says `absent` was removed (runner.close_name). */
  close: name.optional(),
  /** With `absent`: the name is a submodule, imported as `import module.absent` (or `from module.absent import ...`), not `from module import absent` (runner.failed_import_info). */
  submodule: z.literal(true).optional(),
  /**
   * For an ImportError of a relative import (`from .utils import x`, attempted relative import with no known parent package): the module as written, dots first (runner.failed_import_info).
   * Its names are Python identifiers, non-ASCII ones included: `from .módulo_ayuda import x` was refused as ASCII-only, the load record
   * was a corrupt channel and the file scored 0 (DEFINITIONS_ENDED) instead of its import problem (records 30).
   */
  relative: z.string().regex(new RegExp(String.raw`^\.{1,20}(?:${DOTTED})?$`, 'u')).max(200).optional(),
  /** For ModuleNotFoundError: the module is one of this Python's own library that it lacks (tkinter without Tk): the machine's (runner._import_origin). */
  stdlib: z.literal(true).optional(),
  /** For ModuleNotFoundError: the installed package whose own code imported the missing module (a dependency not installed): the machine's (runner._import_origin). */
  within: z.string().regex(/^[A-Za-z_]\w{0,199}$/).optional(),
  /** Set by the grader, never the runner (sandbox/import-facts.ts): this Python has the module the run says is missing, so the file made its import fail (or forged the record): its own doing. A record that sends it counts only itself 0. */
  here: z.literal(true).optional(),
  /**
   * Set by the grader, never the runner (sandbox/import-facts.ts): with `absent`, the installed package's own folders, read apart from the run,
   * hold no submodule `absent` (`import torch.madeup`), or `close` is one of its submodules (`from scipy import linalgg`: linalg). A record that
   * sends it counts only itself 0.
   */
  lacks: z.literal(true).optional(),
  /** For ModuleNotFoundError at `import module as alias` (`import nump as np`): the alias, so that the import to write keeps it (runner._import_alias). */
  alias: z.string().regex(/^[\p{L}_][\p{L}\p{N}_]{0,199}$/u).optional(),
  /** Where an import problem is reported at a use rather than at the import: the expression (`tf.reduce_mean`). */
  usage: name.optional(),
  /** For a module whose import failed: the graded functions that use it, when every one defined does (runner.missing_module_error). */
  usedBy: z.array(z.enum(['compute_class_freqs', 'get_weighted_loss'])).min(1).max(2).optional(),
  /** A SyntaxError the file's top level raised (ast.literal_eval, eval of a bad string) after Python had parsed the file. */
  raised: z.literal(true).optional(),
  /**
   * A file Python cannot read for its encoding (runner.load_submission), whose message says what to do: "line", at the line
   * that holds the bad bytes (a lone surrogate, a NUL, a PEP 263 declaration); "file", the whole file's (UTF-16 with no
   * byte-order mark), with no line.
   */
  encoding: z.enum(['line', 'file']).optional(),
  /** Raised by get_weighted_loss itself, before it returned the loss function. */
  during: z.literal('get_weighted_loss').optional(),
  /** Raised in a module of the learner's beside the file (runner._error_info): its file as sent in the plan (SIBLING_FILE; lazy: declared below) and the line that raised; `line` stays the graded file's. */
  sibling: z.lazy(() => z.strictObject({ file: z.string().regex(SIBLING_FILE), line: sourceLine })).optional(),
  /** A load that failed at `from module import *` (star) or an import of graded functions by name: what it was to bring (runner.own_import). */
  ownImport: z
    .strictObject({
      module: name,
      star: z.boolean(),
      names: z.array(z.enum(['compute_class_freqs', 'get_weighted_loss'])).min(1).max(2),
      /**
       * The module is the file a notebook's %%writefile cell writes outside the notebook's folder, where the import does not look (notebook.OUTSIDE).
       * Its name as notebook._WRITEFILE reads it (Python's Unicode \w, dots, slashes, dashes): an ASCII-only pattern refused `../ayuda_ñ.py`
       * and with it the whole load record, 0 points (records 30).
       */
      outside: z.strictObject({ file: z.string().regex(/^[\p{L}\p{N}_./-]{1,200}$/u), cell: z.number().int().min(1) }).optional(),
      /** The module is the file a %%writefile line below its cell's first line was to write: the cell stops there and never writes it (notebook.STOPPED_WRITES). */
      stopped: z.strictObject({ cell: z.number().int().min(1), line: z.number().int().min(1) }).optional(),
    })
    .optional(),
}).transform((e) => {
  const message = runnerWorded(e.type, e.message);
  return importNames(message === e.message ? e : { ...e, message });
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

const identifier = z.string().regex(new RegExp(`^${IDENTIFIER}$`, 'u'));
/**
 * A callee as the runner names it in a mistake's sentence (runner._written): a dotted name, a loss
 * object's name with what made it (`crit (nn.BCEWithLogitsLoss)`, `bce
 * (tf.keras.losses.BinaryCrossentropy(..., from_logits=True))`), or a call with
 * `(..., from_logits=True)`. Anything else makes the record corrupt: red team 17's wrapped emit
 * sent "Staff note: ..." as the callee, which the reports showed in the grader's sentence.
 */
const LOGITS_KW = String.raw`\(\.\.\., from_logits=True\)`;
export const CALLEE = new RegExp(String.raw`^${DOTTED}(?: \(${DOTTED}(?:${LOGITS_KW})?\)|${LOGITS_KW})?$`, 'u');
const callee = z.string().regex(CALLEE);

/**
 * An input of a graded call, as the plan names it: what `mutated` may list. Red team 17's wrapped
 * emit sent "Staff note: ..." there, and each case said "your code changed its input in place (<its words>)".
 */
export const INPUT_NAMES = ['labels', 'pos_weights', 'neg_weights', 'y_true', 'y_pred'] as const;
export const InputNameSchema = z.enum(INPUT_NAMES);
export type InputName = z.infer<typeof InputNameSchema>;

export const ParamSchema = z.strictObject({
  name,
  kind: z.enum(['POSITIONAL_ONLY', 'POSITIONAL_OR_KEYWORD', 'VAR_POSITIONAL', 'KEYWORD_ONLY', 'VAR_KEYWORD']),
  hasDefault: z.boolean(),
});
export type Param = z.infer<typeof ParamSchema>;

/**
 * The most lines a graded file can have: a .py is refused over 10 MiB (grade-submission.ts
 * MAX_FILE_BYTES), a notebook over 50 MiB. A site's line past the file's own line count is
 * dropped where the line is read (grade/sites.ts); a line past this one is a corrupt record.
 */
export const MAX_SOURCE_LINE = 50 * 2 ** 20;
/** A learner's module's file name as siblings.ts sends it: `helpers.py`, or in a package, `pkg/utils.py` (ASCII names). */
export const SIBLING_FILE = /^(?:[A-Za-z_][A-Za-z0-9_]*\/){0,8}[A-Za-z_][A-Za-z0-9_]*\.py$/;
const sourceLine = z.number().int().min(1).max(MAX_SOURCE_LINE);

/**
 * A construct a mistake's fix touches, in a graded function (runner.fix_sites): its kind and line
 * (a notebook's cell and line), with what tells candidates apart. Learner-controlled data, as
 * every record: enums and small integers only, no text (Node reads the line's text from the file).
 */
export const SiteSchema = z.strictObject({
  /**
   * Besides those named below:
   * "short", a class loop or slice one short (`range(len(pos_weights) - 1)`, `w[:-1]`, `y[:, :-1]`);
   * "overwrite", a plain `=` in a loop to a name started at zero before it, not read in the loop;
   * "epsilon", the epsilon parameter assigned in the loss, a name bound to a fixed epsilon that a log adds
   * (`eps = K.epsilon()`), a call leaving a helper's own epsilon default (`partial(_wbce, ...)`) or giving it a
   * fixed one, or the returned loss's own default (`def weighted_loss(y_true, y_pred, epsilon=1e-7)`);
   * "threshold", in the loss, a comparison with 0.5 (`y_pred > 0.5`) or a rounding call (`np.round(y_pred)`, `K.round`);
   * "count", a count of examples (or classes) minus one as N or a divisor in the frequencies (`N = len(labels) - 1`, `labels.shape[1] - 1`), or of examples in the loss (`/ (N - 1)`, `n = len(y_true) - 1`);
   * "swapped", where a weight meets the other term's labels and log (`neg_weights[i] * y_true[:, i] * log(...)`),
   * or the names that first say the other weight (the signature, `w_pos, w_neg = neg_weights, pos_weights`);
   * "rows", a class taken as a row (`y_true[i]` in a class loop, `pos_weights[n]` in a loop over the
   * examples, `pos_weights[:, None]`);
   * "undivided", where compute_class_freqs makes a frequency it returns as a count (`pos = np.sum(labels, axis=0)`);
   * "clip", a clip of the predictions in the loss (`np.clip(y_pred, epsilon, 1 - epsilon)`), or a cross-entropy call that clips (`K.binary_crossentropy(y_true, y_pred)`);
   * "bound", a loop over `range(len(y_true))` whose variable takes columns (`y_true[:, i]`): a class loop with the examples' bound;
   * "default", get_weighted_loss's epsilon parameter's default value (`epsilon=1e-5`);
   * "integer", an integer cast of a fraction compute_class_freqs computes (`(np.sum(labels, axis=0) / N).astype(int)`);
   * "hardcoded", a class loop over a fixed count (`range(14)`, a global `range(N_CLASSES)`), or a number the loss binds that count to
   *   (in the frequencies: such a loop over the labels' columns, and each `np.zeros` of that same count);
   * "mutates", a write into a parameter of the graded function or the loss (`labels /= N`, `labels[:] = ...`, `out=labels`, `y_pred.add_(eps)`);
   * "sigmoid", a sigmoid in the loss (`tf.sigmoid(y_pred)`, `expit`, a helper that returns `1 / (1 + np.exp(-x))`, or that expression in the loss or a longer helper of its);
   * "mismatched", a term whose label factor is the other term's (`y_true[:, i] * np.log(1 - y_pred[:, i] + eps)`), at its log;
   * "unlabelled", a weighted log with no label factor (`neg_weights[i] * np.log(1 - y_pred[:, i] + eps)`), at its log;
   * "whole", one weight times both terms (`pos_weights[i] * bce`, `F.binary_cross_entropy(p, y, weight=pos_weights[i])`);
   * "unindexed", in a class loop, a term with the class's weight and the whole labels or predictions (`pos_weights[i] * y_true * np.log(y_pred + eps)`);
   * "order", the def of a loss whose inputs are named in the other order (`def forward(self, y_pred, y_true)`: the labels, passed first, land in y_pred);
   * "crossed", there, a term whose label factor is the other term's by the names (`y_true * log(1 - y_pred + eps)`), at its log;
   * "squared", a square in the loss (`(1 - y_pred) ** 2`, `np.square(y_true - y_pred)`, `torch.pow(x, 2)`);
   * "mixed", in a class loop, a term with class i's column and a weight taken whole or a row i (`pos_weights * y_true[:, i] * ...`, `np.log(y_pred[i] + eps)`), at the weight or row;
   * "skips", a slice of the labels or predictions that drops the first or last example (`y_true[1:]`, `labels[:-1]`), or a loop over `range(1, N)` or `range(N - 1)` of the examples;
   * "rounded", the rounding a loss's return goes through (`return round(float(loss), 3)`, `np.round(loss * 1000) / 1000`, `float(f"{loss:.3f}")`, a name bound once to one), at the rounding;
   * "bitwise", a bitwise NOT in the frequencies of what may be integers (`~labels`, `np.invert(labels)`; not `~(labels == 1)` or `~labels.astype(bool)`);
   * "complement", a weight taken from one in the loss (`1 - pos_weights[i]`, `pos_weights = 1 - pos_weights`); in the frequencies, a fraction
   *   taken from the count of examples (`N - positive_frequencies` with `positive_frequencies = np.sum(labels, axis=0) / N`);
   * "predicted", a term's label factor that is the predictions (`(1 - y_pred[:, i])` times `np.log(1 - y_pred[:, i] + eps)`, or a name bound to them, `q = 1 - y_pred`), at that factor;
   * "lone", the loss's terms when every log it takes is in one of them and all are one term's (`pos_weights[i] * y_true[:, i] * np.log(...)` alone), at its log;
   * "apart", the one line where the loss reduces its two terms apart (`-(np.mean(pos_term) + np.sum(neg_term))`);
   * "halved", a written 0.5 times what holds both terms' logs (`-0.5 * np.mean(pos ... + neg ...)`);
   * "roundedPart", any rounding in a loss of other than the predictions (`loss += round(float(-np.mean(...)), 2)`), at the call;
   * "oneminus", a name bound once to a log, taken away from one (`1 - log_p` with `log_p = np.log(y_pred + eps)`), at that `1 -`;
   * "absolute", an absolute value in a loss (`np.abs(loss)`, `abs(np.mean(...))`), at the call; not one in a log's argument, a print or an assert, nor of what holds the predictions outside a log or of epsilon alone (runner._abs_aside);
   * "fixedDtype", a cast in the loss to a fixed float dtype other than float32 (`tf.cast(y_true, tf.float64)`, `w.double()`, `torch.tensor(w, dtype=torch.float64)`), at the call;
   * "classMean", a mean over the classes of the loss's sums over the examples (`L.sum(0).mean()`, `np.mean(np.sum(L, axis=0))`), at the mean and at the sums;
   * "recomputed", a weight of the loss's terms made from the labels it is given (`pw = 1 - np.mean(y_true, axis=0)`, `nw, pw = compute_class_freqs(y_true)`), at that binding (or the factor written in place);
   * "weightsApart", a product of the per-example weights reduced (or not) and the cross-entropy reduced apart, or averaged by a library (`np.mean(w) * np.mean(bce)`, `w * keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i])`), at the product;
   * "intCast", a cast in the loss of its labels, predictions or weights to an integer or bool dtype (`tf.cast(y_true, tf.int32)`, `y_true.astype(int)`, `y_true.long()`), at the call;
   * "float64", what makes them float64 without naming a width: numpy's and PyTorch's `float` (`y_true.astype(float)`, `torch.tensor(w, dtype=float)`), or a TensorFlow tensor of the (float64) weights with no dtype (`tf.constant(pos_weights)`), at the call;
   * "copied", in the frequencies, the two returned names (maybe converted, `neg.numpy()`) bound once each to one same expression (a copied line): both bindings; one bound to the other (`neg = pos`): that binding; or one name returned twice: the return;
   * "meanProduct", a product in the loss with two means or more among its factors (`pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + eps))`), at the product;
   * "unweightedBce", a library's cross-entropy given no weight= (or sample_weight=) in a loss no product of which reads a weight (`nn.BCELoss()(p, y)`, `F.binary_cross_entropy(p, y, reduction="none")`), at the call;
   * "flipped", in a loss whose weights are read in the classes' order, each read of the labels' and the predictions' classes reversed, both of them (`K.reverse(y_true, axes=1)`, `y_pred[:, ::-1]`, `y_true[:, C - 1 - i]`), at that read.
   */
  kind: z.enum(['reduction', 'log', 'return', 'division', 'weight', 'loop', 'short', 'overwrite', 'epsilon', 'count', 'swapped', 'rows', 'undivided', 'clip', 'bound', 'default', 'integer', 'hardcoded', 'mutates', 'sigmoid', 'mismatched', 'unlabelled', 'whole', 'unindexed', 'order', 'crossed', 'threshold', 'squared', 'bitwise', 'complement', 'predicted', 'lone', 'mixed', 'skips', 'apart', 'rounded', 'halved', 'roundedPart', 'oneminus', 'absolute', 'fixedDtype', 'classMean', 'recomputed', 'weightsApart', 'intCast', 'float64', 'copied', 'meanProduct', 'shifted', 'unweightedBce', 'intStore', 'flipped', 'typed', 'rowMean']),
  line: sourceLine,
  cell: z.number().int().min(1).max(1_000_000).optional(),
  /**
   * In a graded function one of the learner's modules beside the file defines (runner.sibling_sites):
   * that module's file name as sent in the plan (`helpers.py`, a package's `pkg/utils.py`), `line`
   * being its line. Absent: the graded file's.
   */
  file: z.string().regex(SIBLING_FILE).optional(),
  /** A reduction's "sum" or "mean", a log's name, a division's "/" or "//". */
  op: z.enum(['sum', 'mean', 'log', 'log10', 'log2', 'log1p', '/', '//']).optional(),
  /** A reduction's axis when written as a literal int, or "none" when no axis is given. */
  axis: z.union([z.number().int().min(-8).max(8), z.literal('none')]).optional(),
  /** A reduction of one class's column (`np.mean(y_true[:, i] * ...)`, a name bound to one): over the examples, whatever its axis says (the loss's, and the frequencies' `np.mean(labels[:, i])`). */
  column: z.literal(true).optional(),
  /** A sum written as a dot product of one class's two columns in the loss (`np.dot(y_true[:, i], np.log(...))`, `@`, `torch.dot`, `tf.tensordot(a, b, 1)`). */
  dot: z.literal(true).optional(),
  /** A mean given weights in the loss (`np.average(terms, weights=w)`): divided by the weights' sum, not the number of examples. */
  weighted: z.literal(true).optional(),
  /** A reduction of a weight vector itself in the loss (`np.mean(pos_weights)`, `torch.sum(pw)`): one number for every class's weight. */
  ofWeights: z.literal(true).optional(),
  /** A weight divided by the weights' own sum in the loss (`pos_weights[i] / (pos_weights[i] + neg_weights[i])`, `pos_weights / np.sum(pos_weights)`). */
  normalises: z.literal(true).optional(),
  /** A mean in the frequencies (or of the labels in the loss, `K.mean(y_true[:, i])`) that keeps integer labels integers (`tf.reduce_mean`, `K.mean`, `statistics.mean`), of labels not cast to floats. */
  integer: z.literal(true).optional(),
  /** How many `+` a log's argument adds up (`y_pred + epsilon`: 1). */
  adds: z.number().int().min(0).max(8).optional(),
  /** A log whose added epsilon is a fixed one, not the parameter: a number, `K.epsilon()`, `np.finfo(float).eps`. */
  fixed: z.literal(true).optional(),
  /**
   * An "epsilon" site's form: a name bound to a fixed epsilon that a log adds (`eps = K.epsilon()`), or the parameter overwritten (`epsilon = 1e-7`).
   * On a loss's log in a loop, that loop's form (runner._loop_forms): a comprehension, or a for loop over the classes adding into a name (`loss += ...`); else none.
   */
  form: z.enum(['bound', 'overwritten', 'accumulated', 'comprehension']).optional(),
  /** A "default" that is the assignment's own, a number equal to 1e-7 (`epsilon=1e-7`, `epsilon=0.0000001`). */
  standard: z.literal(true).optional(),
  /** A loss's log whose argument subtracts an epsilon (`np.log(1 - (y_pred + epsilon))`, `np.log(1 - y_pred - epsilon)`). */
  subtracts: z.literal(true).optional(),
  /** A loss's log with a weight inside its argument (`np.log(pos_weights[i] * y_pred[:, i] + epsilon)`). */
  weightInside: z.literal(true).optional(),
  /** A loss's log whose argument takes a mean (`np.log(np.mean(y_pred[:, i]) + epsilon)`): loss-log-of-mean's. */
  meanInside: z.literal(true).optional(),
  /** A loss's log of the labels where the predictions belong (`np.log(y_true[:, i] + epsilon)`, `np.log(1 - y_true + epsilon)`, through a name bound once to them). */
  ofLabels: z.literal(true).optional(),
  /** An "intStore" array made like the labels with no dtype given (`np.zeros_like(labels[0])`): integers when the labels are; absent, one made with an integer dtype (`np.zeros(C, dtype=int)`). */
  likeLabels: z.literal(true).optional(),
  /** A "flipped" site in one term whose weight is read in order against its columns read from the end, beside a term whose weights are reversed with them: that weight (review 36b). */
  inOrder: z.enum(['pos_weights', 'neg_weights']).optional(),
  /** A loss's log taken away from one (`1 - np.log(y_pred + epsilon)`, `np.log(1) - np.log(...)`, `torch.sub(1, torch.log(...))`). */
  complemented: z.literal(true).optional(),
  /** A division by 2 of the loss's two terms' sum, a `1 / 2` (in place or in a name bound once to it) multiplying that sum (`(pos + neg) * half`), or a mean of a list or stack of exactly the two, over no axis or the one they are stacked along (`np.mean([pos_loss, neg_loss])`, `np.stack([pos, neg], axis=-1).mean(axis=-1)`): the terms averaged (runner._averaged_terms). */
  averages: z.literal(true).optional(),
  /** On a loss's log, in a function the loss calls (a helper of the file's, a def or lambda of the loss's own), not the loss's own body: whether that call is in a loop is not read. */
  inner: z.literal(true).optional(),
  /** A return inside a loop; on a loss's log, `true` when it is inside one (a for, a comprehension): a term of a loop, not vectorised code. */
  loop: z.boolean().optional(),
  /** A shifted column or weight read one class forward (`y_true[:, i + 1]`, `pos_weights[i + 1]`): its last class raises IndexError. */
  forward: z.literal(true).optional(),
  /** A return of a helper the graded function calls, not the function's own, or the frequencies' own return of such a helper's call (`return _freqs(labels.T)`): not-scalar's and freqs-swapped's line is where the graded function makes its value. */
  helper: z.literal(true).optional(),
  /** A return inside a loop, under an `if` (or an except) within it: a deliberate early exit. */
  guarded: z.literal(true).optional(),
  /** The loss's return negated, `return -loss`: with the values of a missing minus, a second minus (the loss negated twice). */
  negated: z.literal(true).optional(),
  /** compute_class_freqs's return of two names that say positive, then negative (`return pos, neg`): frequencies returned in the wrong order were computed into the other names. */
  named: z.literal(true).optional(),
  /**
   * A loop's kind: "examples", a loop over the rows of the inputs (the loss's only); on a "rows"
   * site, a weight indexed by such a loop's variable (`pos_weights[n]`).
   */
  over: z.literal('examples').optional(),
  /** On a "mismatched" site of a loss whose inputs are named in the other order: the names of its labels (`y_pred`) and its predictions (`y_true`), for its fix to say. */
  labels: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/).optional(),
  preds: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/).optional(),
  /**
   * On a "rows" site over the examples, the loop's variable (`n` of `for n in range(len(y_true))`); on a "shifted" site, or a
   * "weight" one class off, the class variable it shifts or loops over (`c` of `y_true[:, c + 1]`): for its fix to say.
   */
  var: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/).optional(),
  /**
   * What a division divides by: a weight parameter, a literal, a number of classes (in the
   * loss: `len(pos_weights)`, `y_true.shape[1]`, a name bound to one; in the frequencies, `labels.shape[1]`
   * or C of `N, C = labels.shape`), or something else.
   */
  by: z.enum(['weight', 'literal', 'classes', 'other']).optional(),
  /**
   * A division that takes a reciprocal of the frequencies or counts: a literal over anything but a
   * count of examples (`1 / pos`, `1 / np.mean(labels, axis=0)`, not `1 / len(labels)`), or anything
   * over a sum or mean, maybe times a number (`N / np.sum(labels, axis=0)`, `N / (2 * np.sum(...))`).
   */
  inverts: z.literal(true).optional(),
  /**
   * A division in the loss by a count of the labels' ones or zeros (`/ np.sum(y)`, `/ np.sum(1 - y_true, axis=0)`,
   * `/ n_pos` with `n_pos = np.maximum(np.sum(y), 1)`): loss-per-term-mean's and loss-divided-by-positives's, not a `/ N`.
   */
  labelCount: z.literal(true).optional(),
  /**
   * A mean in the loss of the predictions selected by a mask of the labels (`np.mean(np.log(y_pred[y_true[:, i] == 1, i] + eps))`,
   * a mask named once, `~mask`, `tf.boolean_mask(y_pred, y_true == 1)`): a term averaged over its own examples, loss-per-term-mean's.
   */
  masked: z.literal(true).optional(),
  /** A reduction in the frequencies given keepdims=True (keepdim=True in PyTorch): freqs-keepdims' (1, C) rows. */
  keepdims: z.literal(true).optional(),
  /** A division in the frequencies by every entry of the labels, N·C (`/ labels.size`, `/ np.size(labels)`): freqs-wrong-denominator's. */
  entries: z.literal(true).optional(),
  /**
   * A division in the loss by the number of examples (`/ N` with `N = y_true.shape[0]`, `/ len(y_true)`,
   * `/ K.cast(K.shape(y_true)[0], 'float32')`); `ofMean` when what it divides holds a mean (`np.mean(...) / N`):
   * loss-divided-twice's.
   */
  examples: z.literal(true).optional(),
  ofMean: z.literal(true).optional(),
  /** A division in the loss by a number written into the code (`/ 4`, `/ N_EXAMPLES` with `N_EXAMPLES = 4`): loss-hardcoded-examples'. */
  fixedCount: z.literal(true).optional(),
  /** A weight parameter's subscript: by a literal (`pos_weights[0]`), by a name one class off (`pos_weights[i - 1]`, `[i + 1]`), from the end (`pos_weights[::-1]`, `[C - 1 - i]`, `np.flip(pos_weights)`) or otherwise. */
  index: z.enum(['literal', 'shifted', 'reversed', 'other']).optional(),
});
export type Site = z.infer<typeof SiteSchema>;

export const FunctionInfoSchema = z.strictObject({
  defined: z.boolean(),
  callable: z.boolean(),
  /** null when the signature cannot be inspected (builtins, some C callables). */
  params: z.array(ParamSchema).max(64).nullable(),
  line: z.number().int().optional(),
  cell: z.number().int().optional(),
  /** The array modules the function computes with, as its code names them (runner.function_modules): its mistakes' fixes are written in their terms. */
  modules: z.array(name).max(16).optional(),
  /**
   * Where the exercise template's `None` placeholders are still in the function (runner.template_placeholders),
   * and, with `name`, a None outside the template's markers bound to that name, which the function then
   * computes with (runner.unused_none_placeholders).
   */
  placeholders: z
    .array(z.strictObject({ line: z.number().int(), cell: z.number().int().optional(), name: identifier.optional() }))
    .max(20)
    .optional(),
  /** With placeholders: a complete def of the function in a notebook's Raw (or, with kind, Markdown) cell, which Jupyter never runs (runner.complete_def); fenced: between Markdown's ``` fences. */
  rawDef: z.strictObject({ cell: z.number().int(), line: z.number().int(), kind: z.literal('markdown').optional(), fenced: z.literal(true).optional() }).optional(),
  /** Calls in get_weighted_loss that take logits, made on y_pred (runner.logits_calls): the callee as written, and where. */
  logits: z
    .array(z.strictObject({ call: callee, line: z.number().int(), cell: z.number().int().optional() }))
    .max(5)
    .optional(),
  /** The weight parameters whose values get_weighted_loss never reads (only len(pos_weights), or no use at all; runner.unread_weights), and where it is defined. */
  unreadWeights: z
    .strictObject({ names: z.array(identifier).min(1).max(2), line: z.number().int(), cell: z.number().int().optional() })
    .optional(),
  /** Whether get_weighted_loss clips the predictions, or calls a binary cross-entropy that clips (runner.clips_predictions): which of two mistakes the cases cannot tell apart (a clip, or a fixed or second epsilon) the code makes. */
  clips: z.boolean().optional(),
  /** With clips true: whether that loss calls a framework's binary cross-entropy that clips or floors its logs itself (runner.calls_clipping_bce); false when every clip is its own code's (a plain K.clip), whose hint names no library. */
  crossentropy: z.boolean().optional(),
  /** Whether get_weighted_loss adds anything that keeps a log finite anywhere (runner.adds_epsilon: a number, a fixed epsilon, a name for one, the parameter); absent when a helper of the file's own could add one unseen. With the log sites, which of loss-no-epsilon and loss-epsilon-ignored, which float32 cases cannot tell apart, the code makes. */
  addsEpsilon: z.boolean().optional(),
  /** Calls in get_weighted_loss to a binary cross-entropy with y_true and y_pred in the other framework's order (runner.bce_order_calls): the callee as written, what it takes first, and where. */
  argumentOrder: z
    .array(z.strictObject({ call: callee, first: z.enum(['labels', 'predictions']), line: z.number().int(), cell: z.number().int().optional() }))
    .max(5)
    .optional(),
  /** Where the constructs a mistake's fix touches are (runner.fix_sites): reductions, logs, returns, divisions, weight uses. */
  sites: z.array(SiteSchema).max(200).optional(),
  /** For a function that uses a module that could not be imported, when the other graded function does not (runner.missing_module_error): its cases are not graded. */
  missing: ErrorInfoSchema.optional(),
  /** For a function the module does not define because its default or decorator reads a name not defined yet there (notebook.UNREADY): the name, and where the notebook defines it later. */
  unready: z
    .strictObject({
      /** The name the def reads (a NameError's): an identifier (red team 17 sent words of its own, shown as "the def of X reads <name>"). */
      name: identifier,
      line: z.number().int(),
      cell: z.number().int().optional(),
      later: z.strictObject({ line: z.number().int(), cell: z.number().int().optional() }).optional(),
    })
    .optional(),
  /**
   * For a function taken out of the module because a default or annotation raised an error of the
   * learner's own when the def was made (epsilon=1/0, a helper's TypeError: runner.raised_defaults):
   * which parameter's ("epsilon", "labels's annotation", "the return annotation"), the error, where.
   */
  raisedDefault: z
    .strictObject({
      param: z.string().regex(new RegExp(`^(?:${IDENTIFIER}(?:'s annotation)?|the return annotation|the decorator)$`, 'u')),
      type: exceptionName,
      message: name,
      line: z.number().int(),
      cell: z.number().int().optional(),
    })
    .optional(),
  /** For a function the module does not define because its notebook cell has a SyntaxError (notebook.SYNTAX): where, Python's message, the line's text. */
  /** Defined where a SyntaxError left its code out: a notebook cell, or a piece of a .py (no cell; the file's line). */
  syntax: z
    .strictObject({
      cell: z.number().int().optional(),
      line: z.number().int(),
      message: name,
      text: name.optional(),
      /** The cell's text runs as plain Python, where a magic or `!` line is no Python: the file a %%writefile cell writes, or a %%memit cell's exec (notebook.RAW_CELLS). */
      raw: z.enum(['writefile', 'memit']).optional(),
    })
    .optional(),
  /** For a function the module does not define: defs of that name below the top level, and top-level functions with a close name. */
  near: z
    .array(
      z.strictObject({
        /** The function defined elsewhere or named alike: a Python identifier (red team 17 sent words of its own, shown as "did you mean <name>"). */
        name: identifier,
        /**
         * 'main-guard', 'if', 'class X', 'function Y', 'cell-magic time' (a .py export of a %%time cell), 'notebook-magic time'
         * (a notebook cell under a magic), 'notebook-outside ../sol.py' (a %%writefile of a file outside the notebook's folder, which its import does not find; 'notebook-outside-run' and 'notebook-outside-exec' where a %run or exec(open(...)) of its path does not find it), 'notebook-stopped writefile' (below a cell magic that is not its cell's first line, where the cell stops), 'notebook-unloaded memit' (a cell magic whose extension no cell above loads), 'markdown-cell' or 'raw-cell', 'similar' (a close name at the top level), 'placeholder' (name = None at the top level), 'commented-out' (# def name(...)), 'todo-comment' (a comment naming it, in a cell of comments alone or saying TODO), 'module-getattr' (the line of the file's own module-level def __getattr__, which may hand the name out on request but defines nothing), 'module-replaced' (the file put another object in its place in sys.modules; the line of that assignment when found), 'class-attribute X' (name = ... in class X's body), or
         * 'empty-file' (a .py with no code at all). Reports put it in a sentence ("is defined inside function Y"): one of
         * these, with X, Y or the magic one token, or the record is corrupt (red team 16 sent words of its own).
         */
        scope: z.string().regex(/^(main-guard|if|similar|empty-file|placeholder|commented-out|todo-comment|module-getattr|module-replaced|[a-z]{1,40}-cell|(class|class-attribute|function|cell-magic|notebook-magic|notebook-outside(?:-run|-exec)?|notebook-stopped|notebook-unloaded) [^\s\p{C}]{1,200})$/u),
        line: z.number().int().optional(),
        cell: z.number().int().optional(),
      }),
    )
    .max(5)
    .optional(),
});
export type FunctionInfo = z.infer<typeof FunctionInfoSchema>;

/**
 * A class weight the notebook or script derives from compute_class_freqs' result (`pos_weights =
 * freq_neg`), evaluated with the frequency names bound to the plan's `weightProbe`.
 */
export const WeightAssignmentSchema = z.strictObject({
  role: z.enum(['pos', 'neg']),
  name,
  text: short,
  line: z.number().int(),
  cell: z.number().int().optional(),
  value: z.array(z.number()).max(64),
});
export type WeightAssignment = z.infer<typeof WeightAssignmentSchema>;

const siblingModule = z.string().regex(DOTTED_MODULE).max(200);

/**
 * What became of the learner's modules beside the file (the plan's siblings): `ran`, those the
 * runner's loader executed; `shadowed`, those the code imports that another module of that name
 * stood in for (the finder is last): Python's own (`code`), the grader's (`limits`), an installed package's.
 */
export const SiblingFactsSchema = z.strictObject({
  ran: z.array(siblingModule).max(32),
  shadowed: z.array(z.strictObject({ module: siblingModule, by: z.enum(['python', 'grader', 'installed']) })).max(32),
  /** The graded functions a sibling defines (runner.sibling_defs): their hints read from the graded file (sites, lines) are left out. */
  defines: z.array(z.strictObject({ function: z.enum(['compute_class_freqs', 'get_weighted_loss']), module: siblingModule })).max(2).optional(),
});
export type SiblingFacts = z.infer<typeof SiblingFactsSchema>;

export const RecordSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('hello'), python: name, numpy: name }),
  /** Sent before the runner imports the frameworks the calls need (runner.import_frameworks), and only then: that import has its own time limit (watchAttempt). */
  z.strictObject({ t: z.literal('setup'), frameworks: z.array(z.enum(['torch', 'tensorflow'])).min(1).max(2) }),
  /** Sent just before the learner's top level runs: what it imports, so a load that times out can say a framework import was under way. */
  z.strictObject({
    t: z.literal('loading'),
    imports: z.array(name).max(256),
    /** How long the runner took to import the frameworks the calls need (runner.import_frameworks): set-up the run's time limit does not count. */
    setupMs: z.number().min(0).optional(),
  }),
  z.strictObject({
    t: z.literal('fatal'),
    code: z.enum(['NUMPY_MISSING', 'BAD_PLAN', 'NOTEBOOK_INVALID', 'FRAMEWORK_MISSING']),
    message: short,
    /** FRAMEWORK_MISSING: the framework whose tensors the plan's calls need and that did not import (runner.import_frameworks). */
    framework: z.enum(['torch', 'tensorflow']).optional(),
  }),
  z.strictObject({
    t: z.literal('load'),
    ok: z.boolean(),
    error: ErrorInfoSchema.optional(),
    functions: z.record(z.string(), FunctionInfoSchema).optional(),
    /** The top-level modules the code imports, as written (Keras code served by the shim's stand-ins still lists keras). */
    imports: z.array(name).max(256).default([]),
    /** How the file was loaded, as facts the grader words (load-note.ts): sentences once a record is parsed. */
    notes: z.array(LoadNoteSchema).max(64).default([]).transform((notes) => mergeShadowed(notes).map((n) => wordNote(namedRaise(n)))),
    weights: z.array(WeightAssignmentSchema).max(4).default([]),
    /** A .py Python could not parse, graded from the top-level pieces that parse (runner.retry_parseable_pieces): the error. */
    syntaxError: ErrorInfoSchema.optional(),
    /** The top level was stopped (still running after `seconds`) and the file graded from its definitions (PlanSchema.topLevelStopped). */
    topLevelStopped: TopLevelStoppedSchema.optional(),
    /** With the plan's siblings (runner.sibling_facts). */
    siblings: SiblingFactsSchema.optional(),
  }),
  z.strictObject({
    t: z.literal('result'),
    id: short,
    ok: z.boolean(),
    value: EncodedValueSchema.optional(),
    error: ErrorInfoSchema.optional(),
    /** The learner's modules beside the file first imported during this call (`import helpers` inside the function): they ran with it too (SiblingFactsSchema.ran). */
    ran: z.array(siblingModule).max(32).optional(),
    /** The inputs the call changed in place: the plan's argument names (runner.run_call), shown in the case's message. */
    mutated: z.array(InputNameSchema).max(8).default([]),
    ms: z.number().min(0),
    /**
     * Set when the call ran again with torch or TensorFlow tensors because the code needed them (runner.run_call_or_tensors),
     * or, "numpy", when compute_class_freqs under `framework: auto` raised on the tensors and ran again with numpy arrays (runner._freqs_or_arrays).
     */
    framework: z.enum(['torch', 'tensorflow', 'numpy']).optional(),
    /**
     * Set when the loss raised a dtype clash on the suite's inputs and ran again with y_true and
     * y_pred as float32, as Keras hands them (runner.run_call_as_keras): the first error. The value
     * or error of the record is the re-run's.
     */
    float32: Float32RerunSchema.optional(),
    /** The loss function called a second time on the same inputs returned this other number: it keeps something between calls (runner._called_again). */
    again: z.number().finite().optional(),
  }),
  z.strictObject({ t: z.literal('done') }),
  /**
   * Sent while a definitions-only load runs (a notebook's; a .py's without its top level), before
   * each top-level statement that can run the file's own code (runner._marked_steps): where it is.
   * A load that ends the process there names it (DEFINITIONS_ENDED).
   */
  z.strictObject({ t: z.literal('mark'), line: z.number().int().min(1).optional(), cell: z.number().int().min(1).optional() }),
  /**
   * The runner's own failure (runner.serve_reporting: an exception its handlers did not catch, a
   * bug in wlgrade), sent after `hello` in place of the records it could not send: reported as a
   * bug for this submission (runner-error.ts RUNNER_INTERNAL_ERROR), never as the file's doing.
   */
  z.strictObject({ t: z.literal('internal'), message: short, traceback: z.string().max(8_000) }),
]);
export type RunnerRecord = z.infer<typeof RecordSchema>;
