/**
 * The errors the runner itself words (a loss factory that returned no function, a value it could
 * not read, a Keras function the shim lacks, a top level it stopped): the reports show their
 * message as the grader's sentence, not as something the learner's code raised. Learner code runs
 * in the runner's process and can send records of its own wording (red-team round 16: a wrapped
 * `emit`), so only the runner's own sentences are kept, with their one fact (a type name, a
 * Keras function, a number of seconds) checked to be one token; any other message under these
 * types is replaced by the sentence without the fact. Exceptions the learner's code raised are
 * renamed by the runner when they borrow these names (runner.py, _RUNNER_TYPES).
 */
/**
 * The error type of the runner's own failure: a record it could not encode (runner.py,
 * INTERNAL_ERROR), or an exception its handlers did not catch (an 'internal' record).
 */
export const RUNNER_INTERNAL_ERROR = 'WlgradeInternalError';

const TOKEN = String.raw`[^\s\p{C}]{1,200}`;
const KERAS_TAIL = " is not supported by wlgrade's Keras backend shim; use one of the supported K functions (docs/keras-shim.md) or numpy, or grade with --keras real where TensorFlow is installed.";

const WORDED: Record<string, { ok: RegExp[]; otherwise: string }> = {
  NotAFunction: {
    ok: [
      /^get_weighted_loss returned None, not a function: it must end with `return weighted_loss` \(the inner function, not called\)$/u,
      new RegExp(String.raw`^get_weighted_loss returned ${TOKEN}, not a function: it must return the inner weighted_loss function$`, 'u'),
    ],
    otherwise: 'get_weighted_loss did not return a function: it must return the inner weighted_loss function',
  },
  UnreadableResult: {
    // The reason after the colon is the returned object's own exception message, as `raised X: ...` quotes one.
    ok: [new RegExp(String.raw`^the returned ${TOKEN} could not be read: `, 'u')],
    otherwise: 'the returned value could not be read',
  },
  KerasFunctionMissing: {
    ok: [new RegExp(`^${TOKEN}${KERAS_TAIL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'u')],
    otherwise: `A Keras backend function${KERAS_TAIL}`,
  },
  TopLevelTimeout: {
    ok: [/^its top-level code was still running after \d+(\.\d+)?(e[+-]\d+)? s$/],
    otherwise: 'its top-level code was still running when the grader stopped it',
  },
};

/** The message an error of `type` may show: its own when it is one of the runner's sentences for that type. */
export function runnerWorded(type: string, message: string): string {
  const w = WORDED[type];
  return !w || w.ok.some((r) => r.test(message)) ? message : w.otherwise;
}

/**
 * A traceback as the runner writes it (runner._error_info): per frame, where (`<file>, line N`
 * or `cell C, line N`, then `, in <name>`) and the source line indented by four; a SyntaxError's
 * place without the name. The reports show it as a note under the case. Anything else is not one
 * (red team 16: a wrapped emit sent "Staff note: ..." as a traceback) and is dropped. `siblings`:
 * the file names of the learner's modules beside the file sent with it, whose frames are shown too.
 */
export function learnerTraceback(tb: string, displayName: string, siblings: readonly string[] = []): string {
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const file = escape(displayName);
  const others = siblings.map((name) => `|${escape(name)}, line \\d+`).join('');
  const place = new RegExp(String.raw`^(cell \d+, line \d+|${file}, line \d+|${file}${others})(, in [^\s\p{C}]{1,200})?$`, 'u');
  return tb.split('\n').every((l) => l.startsWith('    ') || place.test(l)) ? tb : '';
}
