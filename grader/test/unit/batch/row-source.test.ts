/**
 * A row's problems name the file by its source, as the row's other errors do: the summary's "Not
 * graded" list read `plain/x.txt is not a .py …` beside `bad.py:1: SyntaxError …` (staff 31).
 */
import { describe, expect, it } from 'vitest';
import { namedBySource, rowFromReport } from '../../../src/batch/run-batch.js';
import { gradeSuite } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { withFeedback } from '../../../src/report/feedback.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { runWith } from '../../helpers/run-outcome.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';

const suite = await loadSuite([PUBLIC_SUITE]);

describe("a row's problems name the file as the row's other errors do", () => {
  it('names a syntax error by the source, where the learner report names the file the learner knows', () => {
    const ctx = { submission: { path: '/x/smith_12_34_hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
    const load = { ok: false as const, error: { type: 'SyntaxError', message: "'(' was never closed", line: 1, traceback: '' }, imports: [] };
    const report = withFeedback(gradeSuite(suite, { ...runWith({}), load }, ctx), 'full');
    expect(report.problems.map((p) => p.message)).toEqual(["hw.py:1: SyntaxError: '(' was never closed. Fix that line so the file runs."]);
    const row = rowFromReport(report, { learner: '12', source: 'canvas/smith_12_34_hw.py', file: '/x/smith_12_34_hw.py' }, 'results/12.json', false);
    expect(row.error).toBe("canvas/smith_12_34_hw.py:1: SyntaxError: '(' was never closed. Fix that line so the file runs.");
  });

  it.each([
    ['hw.py, cell 3, line 2: SyntaxError: x.', 'hw.ipynb', 'hw.py, cell 3, line 2: SyntaxError: x.'],
    ['hw.ipynb, cell 3, line 2: SyntaxError: x.', 'hw.ipynb', 'subs/ada/hw.ipynb, cell 3, line 2: SyntaxError: x.'],
    ['Part of hw.py was not graded: a.', 'hw.py', 'Part of subs/ada/hw.py was not graded: a.'],
    ['get_weighted_loss calls f on y_pred (hw.py, line 3), which', 'hw.py', 'get_weighted_loss calls f on y_pred (subs/ada/hw.py, line 3), which'],
    ['old_hw.py and x/hw.py and hw.pyc stay; hw.py.', 'hw.py', 'old_hw.py and x/hw.py and hw.pyc stay; subs/ada/hw.py.'],
    ['a $& b (hw.py)', 'hw.py', 'a $& b (subs/ada/hw.py)'],
    ['a.py: a.py a.py a.py a.py', 'a.py', 'subs/ada/hw.py: subs/ada/hw.py a.py a.py a.py'],
  ])('%j, the file %j, reads %j', (message, displayName, want) => {
    expect(namedBySource(message, displayName, displayName.endsWith('.ipynb') ? 'subs/ada/hw.ipynb' : 'subs/ada/hw.py')).toBe(want);
  });

  it("grows a message the learner's text fills with the file's name by two sources at most", () => {
    const message = `a.py:3: ValueError: ${'a.py '.repeat(800)}`;
    const source = `canvas/${'x'.repeat(120)}_12_34_a.py`;
    expect(namedBySource(message, 'a.py', source).length).toBe(message.length + 2 * (source.length - 'a.py'.length));
  });
});
