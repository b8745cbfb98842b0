/**
 * A graded function that returns the very same answer on every case, although the cases' expected
 * answers differ: its result does not come from its inputs. A number copied from the notebook's
 * expected output, a result cached from the first call, a `loss = 0` that is never added to.
 * Recognised across cases (no one case can show it). Pure.
 */
import type { MistakeId } from '../../../reference/mistakes/index.js';
import type { EncodedValue } from '../schema/protocol.js';
import type { MistakeReport } from '../schema/report.js';
import type { CallOutcome } from '../sandbox/run-submission.js';
import type { Case } from '../suite/load-suite.js';
import { signatureReport } from './diagnose.js';
import { fmt, fmtVec, isClose, vecClose, type Expected } from './grade-case.js';

/** One case as the learner answered it. */
export interface Answered {
  c: Case;
  outcome: CallOutcome;
  expected: Expected;
  passed: boolean;
}

const ID: Record<Case['function'], MistakeId> = {
  weighted_loss: 'loss-ignores-inputs',
  compute_class_freqs: 'freqs-ignores-inputs',
};

/** Fewer cases than this agreeing is too little to say the answer never changes. */
const MIN_CASES = 3;

/** Numbers only: None on every case, or a string, is another story (and has its own message). */
function numeric(v: EncodedValue): boolean {
  if (v.kind === 'number') return typeof v.value === 'number' && Number.isFinite(v.value);
  if (v.kind === 'array') return !!v.values && v.values.length > 0 && v.values.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (v.kind === 'sequence') return v.items.length > 0 && v.items.every(numeric);
  return false;
}

/** The value as a learner would read it: a number, or up to 8 numbers per vector. */
function shown(v: EncodedValue): string {
  if (v.kind === 'number') return fmt(v.value as number);
  if (v.kind === 'array') return fmtVec((v.values ?? []) as number[]);
  if (v.kind === 'sequence') return `(${v.items.map(shown).join(', ')})`;
  return '?';
}

/** Whether two cases' expected answers differ, so that one answer cannot be right for both. */
function differ(a: Answered, b: Answered): boolean {
  if (a.expected.fn === 'weighted_loss' && b.expected.fn === 'weighted_loss') return !isClose(a.expected.loss, b.expected.loss, b.c.tolerance);
  if (a.expected.fn === 'compute_class_freqs' && b.expected.fn === 'compute_class_freqs') {
    const [x, y] = [a.expected.freqs, b.expected.freqs];
    return !vecClose(x.pos, y.pos, b.c.tolerance) || !vecClose(x.neg, y.neg, b.c.tolerance);
  }
  return false;
}

export function sameResult(answers: Answered[]): MistakeReport[] {
  const out: MistakeReport[] = [];
  for (const fn of ['weighted_loss', 'compute_class_freqs'] as const) {
    const mine = answers.filter((a) => a.c.function === fn);
    const values = mine.flatMap((a) => (a.outcome.status === 'ok' && numeric(a.outcome.value) ? [a.outcome.value] : []));
    // Every case of the function returned a number, the same one each time.
    if (values.length < MIN_CASES || values.length !== mine.length) continue;
    const key = JSON.stringify(values[0]);
    if (!values.every((v) => JSON.stringify(v) === key)) continue;
    if (mine.every((a) => a.passed) || !mine.some((a) => differ(mine[0]!, a))) continue;
    const evidence = `it returned ${shown(values[0]!)} on all ${mine.length} ${fn} cases, whose expected answers differ`;
    out.push(signatureReport(ID[fn], evidence, mine.filter((a) => !a.passed).map((a) => a.c.id)));
  }
  return out;
}
