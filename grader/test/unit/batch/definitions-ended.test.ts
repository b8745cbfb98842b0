/**
 * A file whose definitions alone end Python with an exit code or write over the record channel (a
 * default argument, decorator or class body calling os._exit(), a notebook's or a .py loaded
 * again without its top level): the learner's doing, the same on every run. Its report's problem
 * is DEFINITIONS_ENDED, one sentence with the fix; the row is a 0 in `export lms` (rowWorth) and
 * the next `grade` run keeps it (mayBeTransient). A crash by signal stays LOAD_CRASH: an OOM kill
 * or a kill from outside looks the same, and a re-run grades it again (red team 27).
 */
import { describe, expect, it } from 'vitest';
import { mayBeTransient, rowFromReport } from '../../../src/batch/run-batch.js';
import { gradeSuite } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { withFeedback } from '../../../src/report/feedback.js';
import { rowWorth } from '../../../src/report/row-worth.js';
import type { LoadOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { runWith } from '../../helpers/run-outcome.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const item = { learner: 'ada', source: 'hw', file: '/x/hw' };

function graded(kind: 'py' | 'ipynb', load: LoadOutcome) {
  const ctx = { submission: { path: `/x/hw.${kind}`, kind, displayName: `hw.${kind}`, bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
  const report = withFeedback(gradeSuite(suite, { ...runWith({}), load }, ctx), 'full');
  return { report, row: rowFromReport(report, item, 'results/ada.json', false) };
}

describe('definitions that end Python or write over the channel', () => {
  it.each([
    ['py', 'exit', /^hw\.py: its definitions alone \(loaded again without its top-level code\) ended the Python process \(exit code 0\), so none of its cases could be graded: find the default argument, decorator or class body that calls os\._exit\(\) .*delete that call\.$/],
    ['ipynb', 'exit', /^hw\.ipynb: its definitions ended the Python process \(exit code 0\), so none of its cases could be graded: find the default argument/],
    ['py', 'channel', /^hw\.py: its definitions alone \(loaded again without its top-level code\) wrote over the channel the grader reads its answers on, so none of its cases could be graded: .*\(os\.write\) and delete that code\.$/],
    ['ipynb', 'channel', /^hw\.ipynb: its definitions wrote over the channel the grader reads its answers on, so/],
  ] as const)('%s, %s: one problem of the learner\'s, a 0 in export lms, kept by the next grade run', (kind, how, message) => {
    const load: LoadOutcome = how === 'exit'
      ? { ok: false, fatal: 'definitions', how, detail: "the file's definitions ended the Python process (exit code 0) while it loaded", status: 'exit code 0' }
      : { ok: false, fatal: 'definitions', how, detail: "the file's definitions wrote over the channel the grader reads its answers on while it loaded" };
    const { report, row } = graded(kind, load);
    expect(report.problems.map((p) => p.code)).toEqual(['DEFINITIONS_ENDED']);
    expect(report.problems[0]!.message).toMatch(message);
    expect(report.score).toBe(0);
    expect(mayBeTransient(report)).toBe(false);
    expect(row.cases).toEqual({});
    expect(rowWorth(row)).toBe('zero');
  });

  it('leaves a crash by signal (an OOM kill looks the same) to be graded again, with no score yet', () => {
    const { report, row } = graded('py', { ok: false, fatal: 'crash', detail: 'the Python process ended while loading the submission (killed by signal SIGKILL)' });
    expect(report.problems.map((p) => p.code)).toEqual(['LOAD_CRASH']);
    expect([mayBeTransient(report), rowWorth(row)]).toEqual([true, 'ungraded']);
  });
});
