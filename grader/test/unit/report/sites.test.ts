/**
 * A named mistake's site (grade/sites.ts) in every format: the terminal says "at line 14: `…`",
 * GitHub annotations and JUnit testcases sit on that line of a .py (never on a notebook's, whose
 * lines are a cell's), Gradescope's and the JSON report carry it; a mistake without one is as before.
 */
import { describe, expect, it } from 'vitest';
import { renderGithub, renderGithubSummary } from '../../../src/report/github.js';
import { renderGradescope } from '../../../src/report/gradescope.js';
import { renderJson } from '../../../src/report/json.js';
import { renderJunit } from '../../../src/report/junit.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { siteOf } from '../../../src/grade/sites.js';
import { toClassroom } from '../../../src/report/classroom.js';
import { withNotebookFileLines } from '../../../src/report/notebook-lines.js';
import { makeCase, makeMistake, makeReport } from './factories.js';

const sited = (kind: 'py' | 'ipynb', location?: { line: number; cell?: number; text: string }) =>
  makeReport({
    submission: { path: `/work/sub/assignment.${kind}`, displayName: `assignment.${kind}`, kind },
    status: 'failed',
    cases: [makeCase({ id: 'loss-toy', status: 'failed', points: 0, message: 'Your loss is 4× the expected value.', mistakes: ['loss-sum-not-mean'] })],
    mistakes: [makeMistake({ id: 'loss-sum-not-mean', message: 'It looks like you sum: on case loss-toy.', fix: 'Take the mean.', cases: ['loss-toy'], ...(location ? { location } : {}) })],
  });

describe('a mistake with a site', () => {
  const py = sited('py', { line: 14, text: 'return np.sum(loss)' });
  it('terminal: the line and its text under the message', () => {
    expect(renderTerminal(py, { colorLevel: 0 })).toContain('    It looks like you sum: on case loss-toy.\n    at line 14: `return np.sum(loss)`\n    Fix: Take the mean.');
  });
  it('GitHub: the mistake and its case annotated at the line; the summary says it', () => {
    const out = renderGithub(py, { file: 'assignment.py' });
    expect(out).toContain('::error file=assignment.py,line=14,title=Mistake%3A You sum each class\'s terms over the examples instead of averaging them (loss-sum-not-mean)::It looks like you sum: on case loss-toy. At line 14: `return np.sum(loss)`.');
    // The learner's line as a code span: shown as written, not as text between escaped backquotes (staff 29).
    expect(renderGithubSummary(py)).toContain('It looks like you sum: on case loss-toy. At line 14: `return np.sum(loss)`.<br>**Fix:** Take the mean.');
  });
  it('GitHub summary: learner code that Markdown or HTML would read stays code, and a cell marker is text around it (staff 29)', () => {
    const md = renderGithubSummary(sited('py', { line: 3, text: 'x = `a` | y_pred[i] * <b>w</b>  # see https://x.io' }));
    expect(md).toContain('At line 3: ``x = `a` | y_pred[i] * <b>w</b>  # see https://x.io``.');
    const marked = makeReport({ ...sited('py'), mistakes: [makeMistake({ id: 'loss-sum-not-mean', message: 'm.', cases: ['loss-toy'], location: { line: 5, text: 'return s', cellMark: 'cell In [7]' } })] });
    expect(renderGithubSummary(marked)).toContain('At line 5 (cell In \\[7\\]): `return s`.');
  });
  it("GitHub summary: a fix said in the learner's loop variable (Site.var, `__x__`) is text, never bold (review 30)", () => {
    const rows = [{ kind: 'rows' as const, line: 14, over: 'examples' as const, var: '__x__' }];
    const fix = siteOf('loss-rows-not-columns', { get_weighted_loss: { defined: true, callable: true, params: null, sites: rows } })!.fix!;
    expect(fix).toContain('(row __x__: y_true[__x__]');
    const report = makeReport({ ...sited('py'), mistakes: [makeMistake({ id: 'loss-rows-not-columns', message: 'm.', fix, cases: ['loss-toy'], location: { line: 14, text: 'w = pos_weights[__x__]' } })] });
    const md = renderGithubSummary(report);
    expect(md).toContain('(row \\_\\_x\\_\\_: y\\_true\\[\\_\\_x\\_\\_\\]');
    expect(md.split('**Fix:**')[1]!.split('\n')[0]).not.toMatch(/(?<!\\)_/); // every underscore of the fix escaped
    expect(md).toContain('At line 14: `w = pos_weights[__x__]`.'); // the line itself: a code span, as written
  });
  it('JUnit: the testcase at the line, the hint with it', () => {
    const xml = renderJunit(py);
    expect(xml).toMatch(/<testcase [^>]*name="loss-toy"[^>]*line="14"/);
    expect(xml).toContain('Hint (loss-sum-not-mean): It looks like you sum: on case loss-toy. At line 14: `return np.sum(loss)`.');
  });
  it('Gradescope and JSON carry it', () => {
    expect(renderGradescope(py, { hiddenVisibility: 'visible' })).toContain('At line 14: `return np.sum(loss)`.');
    expect(JSON.parse(renderJson(py)).mistakes[0].location).toEqual({ line: 14, text: 'return np.sum(loss)' });
  });
  it('a notebook: cell and line in the text, no line= (a cell\'s line is not the .ipynb\'s)', () => {
    const nb = sited('ipynb', { line: 5, cell: 7, text: 'loss = K.sum(x)' });
    expect(renderTerminal(nb, { colorLevel: 0 })).toContain('at cell 7, line 5: `loss = K.sum(x)`');
    const out = renderGithub(nb, { file: 'assignment.ipynb' });
    expect(out).toContain('::error file=assignment.ipynb,title=Mistake%3A You sum each class\'s terms over the examples instead of averaging them (loss-sum-not-mean)::It looks like you sum: on case loss-toy. At cell 7, line 5: `loss = K.sum(x)`.');
    expect(renderJunit(nb)).not.toMatch(/line="/);
  });
  it("the line's text is the learner's: escape sequences are written out in the terminal", () => {
    const hostile = sited('py', { line: 3, text: 'x = 1  # \u001b[2J\u202e' });
    const out = renderTerminal(hostile, { colorLevel: 0 });
    expect(out).not.toContain('\u001b[2J');
    expect(out).toContain('at line 3: `x = 1  # \\x1b[2J\\u202e`');
  });
});

describe('a mistake without a site', () => {
  it('reads as before: no "at line", no line= on a wrong value', () => {
    const plain = sited('py');
    expect(renderTerminal(plain, { colorLevel: 0 })).not.toContain('at line');
    expect(renderGithub(plain, { file: 'assignment.py' })).toContain('::error file=assignment.py,title=Mistake%3A You sum each class\'s terms over the examples instead of averaging them (loss-sum-not-mean)::It looks like you sum: on case loss-toy.%0AFix');
  });
});

describe("a mistake whose fix is in a module of the learner's beside the file (stop 33's gap: Site had no file)", () => {
  // hw.py ends with `from solution import *`: the loss graded is solution.py's, and its line is solution.py's.
  const beside = (kind: 'py' | 'ipynb') =>
    makeReport({
      ...sited(kind),
      mistakes: [makeMistake({ id: 'loss-sum-not-mean', message: 'It looks like you sum: on case loss-toy.', fix: 'Take the mean.', cases: ['loss-toy'], location: { line: 11, text: 'return np.sum(loss)', file: 'solution.py' } })],
    });
  it('terminal, Gradescope and JUnit say the file and its line; JSON carries the file', () => {
    const py = beside('py');
    expect(renderTerminal(py, { colorLevel: 0 })).toContain('    at solution.py, line 11: `return np.sum(loss)`\n');
    expect(renderGradescope(py, { hiddenVisibility: 'visible' })).toContain('At solution.py, line 11: `return np.sum(loss)`.');
    expect(renderJunit(py)).toContain('At solution.py, line 11: `return np.sum(loss)`.');
    expect(JSON.parse(renderJson(py)).mistakes[0].location).toEqual({ line: 11, text: 'return np.sum(loss)', file: 'solution.py' });
  });
  it('GitHub annotations, JUnit testcases and Classroom point at that file beside the graded one, never at that line of the graded file', () => {
    const py = beside('py');
    const out = renderGithub(py, { file: 'src/hw.py' });
    expect(out).toContain('::error file=src/solution.py,line=11,title=Mistake%3A You sum each class\'s terms over the examples instead of averaging them (loss-sum-not-mean)::It looks like you sum: on case loss-toy. At solution.py, line 11: `return np.sum(loss)`.');
    expect(out).not.toMatch(/file=src\/hw\.py,line=11/);
    expect(renderJunit(py, { file: 'src/hw.py' })).toMatch(/<testcase [^>]*name="loss-toy"[^>]*file="src\/solution\.py" line="11"/);
    const classroom = toClassroom(py);
    expect(classroom.tests.map((t) => [t.filename, t.line_no])).toEqual([['solution.py', 11]]);
  });
  it('a notebook importing it: the line stays the module\'s, annotated there', () => {
    const out = renderGithub(withNotebookFileLines(beside('ipynb'), () => 40), { file: 'hw.ipynb' });
    expect(out).toContain('::error file=solution.py,line=11,title=Mistake%3A You sum each class\'s terms over the examples instead of averaging them (loss-sum-not-mean)::It looks like you sum: on case loss-toy. At solution.py, line 11: `return np.sum(loss)`.');
    expect(out).not.toMatch(/line=40/);
  });
});
