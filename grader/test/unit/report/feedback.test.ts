/**
 * `--feedback`: what a graded learner is told. Scores and problems stay at every level; fixes go
 * at `mistakes`; mistake names, hints, notes and expected values go at `scores`, in every format.
 */
import { describe, expect, it } from 'vitest';
import { withFeedback } from '../../../src/report/feedback.js';
import { renderClassroom } from '../../../src/report/classroom.js';
import { renderGithub, renderGithubSummary } from '../../../src/report/github.js';
import { renderGradescope } from '../../../src/report/gradescope.js';
import { renderJunit } from '../../../src/report/junit.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { makeFailingReport, makeMistake } from './factories.js';

const report = () => {
  const r = makeFailingReport();
  r.mistakes.push(makeMistake({ id: 'weights-not-inverted', message: 'Your class weights are the frequencies.', fix: 'Invert them.', cases: [] }));
  r.notes = ['Your submission holds 2 Python files: this grades a.py.', 'Every failed loss case is 2× the expected value.'];
  r.cases[1]!.expected = 3.2;
  return r;
};
const everything = (r: ReturnType<typeof report>) =>
  [
    renderTerminal(r, { colorLevel: 0, verbose: true }),
    renderJunit(r),
    renderGithub(r, { file: 'a.py' }),
    renderGithubSummary(r),
    renderClassroom(r),
    renderGradescope(r, { hiddenVisibility: 'visible' }),
  ].join('\n');

describe('withFeedback', () => {
  it('full: the report as it is', () => {
    const r = report();
    expect(withFeedback(r, 'full')).toEqual(r);
    expect(everything(r)).toContain('Use np.log(y_pred + epsilon).');
  });

  it('mistakes: names and evidence stay, no format prints a fix or an empty "Fix:"', () => {
    const text = everything(withFeedback(report(), 'mistakes'));
    expect(text).toContain('loss-no-epsilon');
    expect(text).toContain('You left epsilon out of the log.');
    expect(text).not.toContain('Use np.log(y_pred + epsilon).');
    expect(text).not.toContain('Invert them.');
    expect(text).not.toMatch(/Fix:?\**\s*($|\n|<|")/);
  });

  it('mistakes: the line a named mistake\'s fix changes goes with the fix, in every format; the class weights\' lines (the evidence) stay', () => {
    const r = report();
    r.mistakes[0] = { ...r.mistakes[0]!, location: { line: 97, text: 'loss += -np.sum(y_true * np.log(y_pred))' } };
    r.mistakes[1] = { ...r.mistakes[1]!, location: { line: 30 } };
    expect(everything(r)).toContain('line 97: `loss += -np.sum');
    const told = withFeedback(r, 'mistakes');
    expect(told.mistakes.map((m) => m.location)).toEqual([undefined, { line: 30 }]);
    const text = everything(told);
    for (const gone of ['line 97', 'line=97', 'line="97"', '"line_no": 97', 'np.sum(y_true']) expect(text, gone).not.toContain(gone);
  });

  it('scores: points, problems and the notes kept; no mistake, hint, note or expected value', () => {
    const r = report();
    r.problems.push({ code: 'MISSING_FUNCTION', message: 'compute_class_freqs is not defined.' });
    const told = withFeedback(r, 'scores', ['Your submission holds 2 Python files: this grades a.py.']);
    expect(told.cases.map((c) => [c.id, c.points, c.status])).toEqual(r.cases.map((c) => [c.id, c.points, c.status]));
    expect([told.score, told.problems]).toEqual([r.score, r.problems]);
    expect(told.notes).toEqual(['Your submission holds 2 Python files: this grades a.py.']);
    expect(told.cases.every((c) => c.expected === undefined && c.mistakes.length === 0)).toBe(true);
    const text = everything(told);
    for (const gone of ['loss-no-epsilon', 'weights-not-inverted', 'left epsilon', 'expected 3.2', '2× the expected', 'ValueError', 'Timed out']) expect(text, gone).not.toContain(gone);
    expect(text).toContain('Wrong answer. (The course staff withhold details for this assignment.)');
    expect(text).toContain('compute_class_freqs is not defined.');
  });
});
