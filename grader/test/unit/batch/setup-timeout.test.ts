/**
 * A set-up time-out on a later attempt (the runner started again after a call that stopped the
 * process, and the frameworks' import outran its limit): the cases it left were never run, for the
 * machine's reason. The report says so (SETUP_TIMEOUT), the next `grade` run grades it again
 * (mayBeTransient) and `export lms` gives it no score yet (rowWorth), as for a first attempt's.
 */
import { describe, expect, it } from 'vitest';
import { mayBeTransient, rowFromReport } from '../../../src/batch/run-batch.js';
import { gradeSuite } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { withFeedback } from '../../../src/report/feedback.js';
import { rowWorth } from '../../../src/report/row-worth.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { runWith } from '../../helpers/run-outcome.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
const item = { learner: 'ada', source: 'hw.py', file: '/x/hw.py' };
const setup = {
  ok: false as const,
  fatal: 'setup-timeout' as const,
  detail: "importing torch (the grader's set-up, before any of the submission's code runs) took longer than 15 s on this machine",
  frameworks: ['torch'],
  limitMs: 15_000,
};

/** The first case raised, the second crashed the process, and the attempt for the rest timed out in its set-up. */
function laterAttempt(): RunOutcome {
  const calls: Record<string, CallOutcome> = {};
  suite.cases.forEach((c, i) => {
    calls[c.id] =
      i === 0
        ? { status: 'error', error: { type: 'ValueError', message: 'no', traceback: '' }, mutated: [], ms: 1 }
        : i === 1
          ? { status: 'crash', detail: 'killed by signal SIGSEGV' }
          : { status: 'not-run', reason: `when the grader started again for this case, ${setup.detail}` };
  });
  return { ...runWith(calls), setupTimeout: setup };
}

describe('a set-up time-out on a later attempt', () => {
  const report = withFeedback(gradeSuite(suite, laterAttempt(), ctx), 'full');

  it('is the report problem SETUP_TIMEOUT, naming the framework, for the cases it left', () => {
    expect([report.status, report.problems.map((p) => p.code)]).toEqual(['error', ['SETUP_TIMEOUT']]);
    expect(report.problems[0]!.message).toMatch(/^Part of hw\.py was not graded: when the grader started Python again for the rest of its cases, importing torch .* took longer than 15 s on this machine\. Nothing in the file caused this/);
  });

  it('is graded again by the next grade run, and has no score in export lms, as a first attempt\'s is', () => {
    expect(mayBeTransient(report)).toBe(true);
    const row = rowFromReport(report, item, 'results/ada.json', false);
    expect(Object.keys(row.cases).length).toBeGreaterThan(0);
    expect(rowWorth(row)).toBe('ungraded');
    // The first attempt's, for comparison: the same on both counts.
    const first = withFeedback(gradeSuite(suite, { ...runWith({}), load: setup }, ctx), 'full');
    expect([mayBeTransient(first), rowWorth(rowFromReport(first, item, 'results/ada.json', false))]).toEqual([true, 'ungraded']);
  });

  it('leaves a run without it as it was: the crash is the learner\'s, the score stands', () => {
    const { setupTimeout: _, ...plain } = laterAttempt();
    const calls = Object.fromEntries(Object.entries(plain.calls).map(([id, o]): [string, CallOutcome] => [id, o.status === 'not-run' ? { status: 'error', error: { type: 'ValueError', message: 'no', traceback: '' }, mutated: [], ms: 1 } : o]));
    const r = withFeedback(gradeSuite(suite, { ...plain, calls }, ctx), 'full');
    expect([r.problems, mayBeTransient(r), rowWorth(rowFromReport(r, item, 'results/ada.json', false))]).toEqual([[], false, 'score']);
  });
});
