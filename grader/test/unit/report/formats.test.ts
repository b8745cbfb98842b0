import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toClassroom, renderClassroom } from '../../../src/report/classroom.js';
import { renderGradesCsv } from '../../../src/report/csv.js';
import { fillRoster } from '../../../src/report/lms-csv.js';
import { annotation, MAX_ERROR_ANNOTATIONS, renderGithub, renderGithubSummary, SUMMARY_BUDGET } from '../../../src/report/github.js';
import { renderGradescope, renderGradescopeError } from '../../../src/report/gradescope.js';
import { renderJson } from '../../../src/report/json.js';
import { renderJunit } from '../../../src/report/junit.js';
import { mistakeTitle } from '../../../src/grade/mistake-title.js';
import { renderSummaryJson, renderSummaryTerminal, summarize } from '../../../src/report/summary.js';
import { ClassroomResultSchema } from '../../../src/schema/classroom.js';
import { GradescopeResultSchema } from '../../../src/schema/gradescope.js';
import { BatchSummarySchema, type BatchRow } from '../../../src/schema/batch.js';
import { parseCsv } from './csv-parse.js';
import { makeCase, makeFailingReport, makeMistake, makeReport } from './factories.js';

/** A passing report (a .py) with the one mistake no case scores: the class weights, at line 1. */
const weightsReport = () =>
  makeReport({
    mistakes: [makeMistake({ id: 'weights-not-inverted', message: 'Weights <not> inverted.', fix: 'Swap them.', cases: [], location: { line: 1 } })],
  });

describe('renderJunit', () => {
  const xml = renderJunit(makeFailingReport());
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase', 'property'].includes(n) }).parse(xml);

  it('is well-formed XML', () => expect(XMLValidator.validate(xml)).toBe(true));

  it("gives each testsuite its own cases' points, which add up to the report's score", () => {
    const prop = (x: { properties: { property: { name: string; value: string }[] } }, n: string) => Number(x.properties.property.find((p) => p.name === n)!.value);
    const suites = doc.testsuites.testsuite as { name: string; properties: { property: { name: string; value: string }[] } }[];
    const report = makeFailingReport();
    for (const s of suites) {
      const cs = report.cases.filter((c) => c.suite === s.name);
      expect([prop(s, 'score'), prop(s, 'max_score')]).toEqual([cs.reduce((t, c) => t + c.points, 0), cs.reduce((t, c) => t + c.maxPoints, 0)]);
    }
    expect(suites.reduce((t, s) => t + prop(s, 'max_score'), 0)).toBe(report.cases.reduce((t, c) => t + c.maxPoints, 0));
  });

  it('gives a testcase the line its code raised on, as the annotations do (test reporters annotate there), and none otherwise', () => {
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase: { name: string; line?: string }[] }) => s.testcase);
    const lines = Object.fromEntries(cases.map((c: { name: string; line?: string }) => [c.name, c.line]));
    expect(lines).toEqual({ 'freqs-toy': undefined, 'loss-zero': undefined, 'loss-raise': '14', 'hidden-loss': undefined });
    // A notebook's lines are a cell's, not the .ipynb's: none there.
    const base = makeFailingReport();
    const nb = { ...base, submission: { path: '/w/a.ipynb', displayName: 'a.ipynb', kind: 'ipynb' as const }, cases: base.cases.map((c) => (c.location ? { ...c, location: { cell: 3, line: 14 } } : c)) };
    expect(renderJunit(nb)).not.toMatch(/<testcase[^>]* line=/);
  });

  it('counts tests, failures and errors', () => {
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '1', errors: '2' });
    expect(doc.testsuites.testsuite.map((s: { name: string }) => s.name)).toEqual(['public', 'hidden']);
  });

  it('puts the message and the hint inside <failure>, escaped and parsed back intact', () => {
    const tc = doc.testsuites.testsuite[0].testcase.find((t: { name: string }) => t.name === 'loss-zero');
    expect(tc.failure.type).toBe('failed');
    expect(tc.failure['#text']).toContain('Hint (loss-no-epsilon)');
    expect(tc.failure['#text']).toContain('Fix: Use np.log(y_pred + epsilon).');
    const err = doc.testsuites.testsuite[0].testcase.find((t: { name: string }) => t.name === 'loss-raise');
    expect(err.error.message).toBe('Your code raised ValueError: bad, shapes <3,2> & "x"');
  });

  it('puts a mistake no case scores in <system-out>, failing no test', () => {
    const out = renderJunit(weightsReport());
    expect(XMLValidator.validate(out)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(out);
    expect(parsed.testsuites).toMatchObject({ failures: '0', errors: '0' });
    expect(parsed.testsuites.testsuite['system-out']).toBe('weights-not-inverted: Weights <not> inverted.\nFix: Swap them.');
    expect(renderJunit(makeFailingReport())).not.toContain('<system-out>');
  });

  it("puts the report's notes in <system-out> too, so a passing submission shows them (a loss that ran again as float32)", () => {
    const note = 'Your loss mixes dtypes: … so case loss-a ran again with float32 y_true and y_pred & is graded on that run.';
    const passing = { ...makeFailingReport(), cases: makeFailingReport().cases.filter((c) => c.status === 'passed'), mistakes: [], notes: [note] };
    expect(passing.cases.length).toBeGreaterThan(0);
    const out = renderJunit(passing);
    expect(XMLValidator.validate(out)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(out);
    expect(parsed.testsuites).toMatchObject({ failures: '0', errors: '0' });
    expect(parsed.testsuites.testsuite['system-out']).toBe(`Note: ${note}`);
  });

  it('writes learner text that a terminal or a CI log would obey as character references: no C1, bidi, ##[ or line-leading :: raw', () => {
    // `wlgrade check --format junit` printed to a GitHub Actions log, or `cat junit.xml` in xterm:
    // CSI/OSC cleared the screen or set the title, "##[error]" annotated the job, U+202E reordered text.
    const evil = '\u009d0;pwned\u009c\u009b2J Score: 41/41 \u202eevil\u2066 ##[error]forged';
    const r = makeReport({
      status: 'error',
      problems: [{ code: 'IMPORT_ERROR', message: `assignment.py:3: imports "${evil}"\n  ::error::forged`, line: 3 }],
      cases: [makeCase({ status: 'error', points: 0, message: `Your code raised ValueError: ${evil}` })],
    });
    const xml = renderJunit(r);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|##\[|^\s*::/m);
    // The same text once parsed.
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: true }).parse(xml);
    expect(JSON.stringify(parsed)).toContain(JSON.stringify(evil).slice(1, -1));
  });

  it('adds a "submission" testcase when the file cannot be graded', () => {
    const r = makeReport({ status: 'error', problems: [{ code: 'SYNTAX_ERROR', message: 'assignment.py:3: SyntaxError <here>', line: 3 }] });
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(r));
    expect(XMLValidator.validate(renderJunit(r))).toBe(true);
    expect(parsed.testsuites.errors).toBe('1');
    expect(parsed.testsuites.testsuite[0].testcase.error.type).toBe('SYNTAX_ERROR');
  });
});

describe('renderGithub', () => {
  it('builds one escaped annotation', () => {
    expect(annotation('error', { file: 'a,b.py', line: 3, title: 'x: y' }, '50%\nnext')).toBe('::error file=a%2Cb.py,line=3,title=x%3A y::50%25%0Anext');
  });

  it('annotates mistakes and unexplained failures at the learner’s lines', () => {
    const lines = renderGithub(makeFailingReport(), { file: 'src/assignment.py' }).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^::error file=src\/assignment.py,title=Mistake%3A You take log\(y_pred\) and log\(1 - y_pred\) without adding epsilon%2C so .* \(loss-no-epsilon\)::You left epsilon/);
    expect(lines[1]).toMatch(/^::error file=src\/assignment.py,line=14,title=loss-raise \(0\/1\)::Your code raised/);
    expect(lines[2]).toMatch(/^::error file=src\/assignment.py,title=hidden-loss \(0\/1.5\)::Timed out/);
    expect(lines[3]).toBe('::warning title=wlgrade score::Score: 2/5.5');
    for (const l of lines) expect(l).not.toMatch(/[\r\n]/);
  });

  it('makes a mistake no case scores a warning at its line, and the score a notice', () => {
    const lines = renderGithub(weightsReport(), { file: 'a.py' }).trimEnd().split('\n');
    expect(lines).toEqual([`::warning file=a.py,line=1,title=Mistake%3A ${mistakeTitle('weights-not-inverted').replace(/,/g, '%2C')} (weights-not-inverted)::Weights <not> inverted.%0AFix: Swap them.`, '::notice title=wlgrade score::Score: 1/1']);
  });

  it('puts no line on a notebook\'s annotations (a cell\'s line is not a line of the .ipynb), in GitHub and Classroom alike', () => {
    const base = makeFailingReport();
    const nb = {
      ...base,
      submission: { path: '/work/sub/a.ipynb', displayName: 'a.ipynb', kind: 'ipynb' as const },
      problems: [{ code: 'SYNTAX_ERROR' as const, message: 'a.ipynb, cell 26, line 28: SyntaxError', cell: 26, line: 28 }],
      cases: base.cases.map((c) => (c.location ? { ...c, location: { cell: 26, line: 14 } } : c)),
      mistakes: [...base.mistakes, makeMistake({ id: 'weights-not-inverted', cases: [], location: { cell: 30, line: 2 } })],
    };
    const lines = renderGithub(nb, { file: 'a.ipynb' }).trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('file=a.ipynb')).length).toBeGreaterThan(2);
    for (const l of lines) expect(l).not.toMatch(/line=/);
    const classroom = ClassroomResultSchema.parse(JSON.parse(renderClassroom(nb)));
    expect(classroom.tests.map((t) => t.line_no)).toEqual(classroom.tests.map(() => 0));
  });

  it('puts no line on the annotations of a notebook saved under a .py name, graded as the notebook it is (red-team round 12)', () => {
    // The runner reads it as a notebook (its note says so) and gives cell lines; the report's kind
    // comes from the name. Line 3 of cell 2 was annotated as line 3 of the .py, a line of its JSON.
    const base = makeFailingReport();
    const nb = {
      ...base,
      submission: { path: '/work/sub/nb.py', displayName: 'nb.py', kind: 'py' as const },
      problems: [{ code: 'LOAD_ERROR' as const, message: 'nb.py, cell 4, line 2: running the file raised ValueError', cell: 4, line: 2 }],
      cases: base.cases.map((c) => (c.location ? { ...c, location: { cell: 2, line: 3 } } : c)),
      mistakes: [...base.mistakes, makeMistake({ id: 'weights-not-inverted', cases: [], location: { cell: 30, line: 2 } })],
    };
    const lines = renderGithub(nb, { file: 'nb.py' }).trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('file=nb.py')).length).toBeGreaterThan(2);
    for (const l of lines) expect(l).not.toMatch(/line=/);
    const classroom = ClassroomResultSchema.parse(JSON.parse(renderClassroom(nb)));
    expect(classroom.tests.map((t) => t.line_no)).toEqual(classroom.tests.map(() => 0));
  });

  it('puts a problem\'s line only on the cases it kept from running, not on cases that ran (a .py graded from its parseable pieces)', () => {
    // A stray unclosed print( at line 19 below correct or mistaken functions: the cases ran, and
    // every passed case's line_no and the named mistake's annotation pointed at line 19.
    const base = makeFailingReport();
    const problems = [{ code: 'SYNTAX_ERROR' as const, message: 'a.py:19: SyntaxError: \'(\' was never closed.', line: 19 }];
    const partial = { ...base, status: 'error' as const, problems };
    const lines = renderGithub(partial, { file: 'a.py' }).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error file=a.py,line=19,title=Problem in the file \(SYNTAX_ERROR\)::/);
    expect(renderGithubSummary(partial)).toContain('> **Problem in the file:** a.py:19: SyntaxError');
    expect(lines.find((l) => l.includes('(loss-no-epsilon)::'))).toMatch(/^::error file=a.py,title=/);
    expect(lines.find((l) => l.includes('title=loss-raise'))).toMatch(/,line=14,/);
    const classroom = ClassroomResultSchema.parse(JSON.parse(renderClassroom(partial)));
    const byName = Object.fromEntries(classroom.tests.map((t) => [t.name, t.line_no]));
    expect(byName).toMatchObject({ 'freqs-toy': 0, 'loss-zero': 0, 'loss-raise': 14, 'hidden-loss': 0, 'SYNTAX_ERROR (problem, 0 points)': 19 });
    // A case the problem stopped still points at it.
    const stopped = makeReport({ status: 'error', score: 0, problems, cases: [makeCase({ id: 'loss-toy', status: 'error', points: 0, message: 'Not graded: the file has a SyntaxError.', ms: undefined })] });
    expect(ClassroomResultSchema.parse(JSON.parse(renderClassroom(stopped))).tests[0]!.line_no).toBe(19);
    expect(renderGithub(stopped, { file: 'a.py' })).toMatch(/line=19,title=loss-toy \(0\/1\)/);
    expect(renderGithub(stopped, { file: 'a.py' })).toMatch(/^::error file=a.py,line=19,title=Cannot grade \(SYNTAX_ERROR\)::/);
    expect(renderGithubSummary(stopped)).toContain('> **Cannot grade:** a.py:19');
  });

  it('makes cases that fail alike at one line (the same exception, shapes aside) one annotation', () => {
    const raised = (id: string, n: number) =>
      makeCase({ id, status: 'error', points: 0, message: `Your compute_class_freqs raised KeyError (line 5) on ${n} examples × 3 classes: 'labels'`, location: { line: 5 } });
    const lines = renderGithub(makeReport({ status: 'error', score: 0, cases: ['a', 'b', 'c', 'd', 'e'].map((id, i) => raised(id, i + 2)) }), { file: 'a.py' }).trimEnd().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error'));
    expect(errors).toEqual(["::error file=a.py,line=5,title=5 cases (0/5)::Your compute_class_freqs raised KeyError (line 5): 'labels'%0A(a, b, c and 2 more)"]);
  });

  it(`caps error annotations at ${MAX_ERROR_ANNOTATIONS}`, () => {
    const cases = Array.from({ length: 15 }, (_, i) => makeCase({ id: `c${i}`, status: 'failed', points: 0, message: `Your loss is ${i}; expected 3.` }));
    const lines = renderGithub(makeReport({ cases }), { file: 'a.py' }).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(MAX_ERROR_ANNOTATIONS);
    expect(lines).toContain('::notice title=More failures::5 more failures are listed in the job summary.');
  });

  it('keeps the job summary within its budget of GitHub\'s 1 MiB per step: failed cases first, the rest counted (staff 29)', () => {
    const long = 'x'.repeat(600);
    const cases = Array.from({ length: 4500 }, (_, i) =>
      makeCase({ id: `c${String(i).padStart(4, '0')}`, status: i % 3 === 0 ? 'failed' : 'passed', points: i % 3 === 0 ? 0 : 1, message: `Your loss is ${i}; expected 3. ${long}` }),
    );
    const md = renderGithubSummary(makeReport({ cases }));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    const rows = md.trimEnd().split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| ✅'));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((l) => l.startsWith('| ❌'))).toBe(true);
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      `| | ${4500 - rows.length} more cases |  |  | Not listed: GitHub keeps a job summary under 1 MiB. The JUnit report (\`--format junit\`) lists every case. |`,
    );
    // Under the budget, every case has its row, as before.
    expect(renderGithubSummary(makeReport({ cases: cases.slice(0, 50) })).split('\n').filter((l) => /^\| (❌|✅)/.test(l))).toHaveLength(50);
  });

  it('writes a Markdown summary with a row per case', () => {
    const md = renderGithubSummary(makeFailingReport());
    expect(md).toContain('## wlgrade: assignment.py — 2/5.5');
    expect(md).toContain('| ❌ | loss-zero | weighted_loss | 0/1 | For p = 0 you returned inf, expected 3.2. |');
    expect(md).toContain('&lt;3,2&gt;');
    expect(renderGithubSummary({ ...makeFailingReport(), notes: ['Only imports, definitions and constants were run.'] })).toContain(
      '> ℹ Only imports, definitions and constants were run.',
    );
  });
});

describe('renderGradescope', () => {
  it("writes only fields of Gradescope's results.json specification, with values it allows (staff 31)", () => {
    // gradescope-autograders.readthedocs.io/en/latest/specs/, "Output format" (read 2026-11-26):
    // the top level's and a test's optional fields; status passed or failed; visibility one of four.
    const TOP = ['score', 'execution_time', 'output', 'output_format', 'test_output_format', 'test_name_format', 'visibility', 'stdout_visibility', 'extra_data', 'tests', 'leaderboard'];
    const TEST = ['score', 'max_score', 'status', 'name', 'name_format', 'number', 'output', 'output_format', 'tags', 'visibility', 'extra_data'];
    const FORMATS = ['text', 'html', 'simple_format', 'md', 'ansi'];
    const VISIBILITY = ['hidden', 'after_due_date', 'after_published', 'visible'];
    expect(Object.keys(GradescopeResultSchema.shape).filter((k) => !TOP.includes(k))).toEqual([]);
    expect(Object.keys(GradescopeResultSchema.shape.tests.element.shape).filter((k) => !TEST.includes(k))).toEqual([]);
    expect(GradescopeResultSchema.shape.stdout_visibility.options.filter((v) => !VISIBILITY.includes(v))).toEqual([]);
    expect(GradescopeResultSchema.shape.tests.element.shape.status.options).toEqual(['passed', 'failed']);
    expect(FORMATS).toContain(GradescopeResultSchema.shape.output_format.value);
  });

  it('matches the results.json schema, with hidden cases after publishing', () => {
    const r = GradescopeResultSchema.parse(JSON.parse(renderGradescope(makeFailingReport(), { hiddenVisibility: 'after_published' })));
    expect(r.score).toBe(2);
    expect(r.execution_time).toBe(1);
    expect(r.tests.map((t) => [t.score, t.max_score, t.status, t.visibility])).toEqual([
      [2, 2, 'passed', 'visible'],
      [0, 1, 'failed', 'visible'],
      [0, 1, 'failed', 'visible'],
      [0, 1.5, 'failed', 'after_published'],
    ]);
    expect(r.tests[1]!.output).toContain('Fix: Use np.log(y_pred + epsilon).');
    expect(r.output).toContain('Public cases: 2/4 (1 of 3 passed). 1 hidden case is graded too; its result is shown when grades are published.');
  });

  it('carries the report\'s notes (a left-out cell, template placeholders) in the overall output', () => {
    const note = 'compute_class_freqs still holds the exercise template\'s None placeholders (a.py, lines 5, 6).';
    const r = GradescopeResultSchema.parse(JSON.parse(renderGradescope({ ...makeFailingReport(), notes: [note] }, { hiddenVisibility: 'hidden' })));
    expect(r.output).toContain(`Note: ${note}`);
  });

  it('keeps hidden cases out of what learners see at once: the overall output counts public cases only, and evidence naming a hidden case is cut', () => {
    const base = makeFailingReport();
    const report = {
      ...base,
      mistakes: [
        // Seen on a public and a hidden case, the evidence quoting the hidden one.
        makeMistake({ message: 'You left epsilon out of the log: on case hidden-loss your loss is 9.5 where 3.25 is expected.', evidence: 'on case hidden-loss your loss is 9.5 where 3.25 is expected', cases: ['loss-zero', 'hidden-loss'] }),
        // Seen on the hidden case only.
        makeMistake({ id: 'loss-sign', message: 'You dropped the minus sign: the grader recognised the pattern.', evidence: 'the grader recognised the pattern', cases: ['hidden-loss'] }),
      ],
      notes: ['Case hidden-loss ran again with tensors.', 'A note about nothing hidden.'],
    };
    const r = GradescopeResultSchema.parse(JSON.parse(renderGradescope(report, { hiddenVisibility: 'after_published' })));
    expect(r.output).toBe(
      [
        'loss-no-epsilon: You left epsilon out of the log.\nFix: Use np.log(y_pred + epsilon).',
        'Note: A note about nothing hidden.',
        'Public cases: 2/4 (1 of 3 passed). 1 hidden case is graded too; its result is shown when grades are published.',
      ].join('\n\n'),
    );
    expect(r.output).not.toMatch(/hidden-loss|9\.5|3\.25|loss-sign/);
    // A public case's hint is cut the same way; the hidden case's own output keeps everything.
    expect(r.tests[1]!.output).toBe('For p = 0 you returned inf, expected 3.2.\n\nHint (loss-no-epsilon): You left epsilon out of the log. Fix: Use np.log(y_pred + epsilon).');
    expect(r.tests[3]!.output).toContain('on case hidden-loss your loss is 9.5');
    expect(r.tests[3]!.output).toContain('Hint (loss-sign)');
    // Shown at once, nothing is concealed.
    const open = GradescopeResultSchema.parse(JSON.parse(renderGradescope(report, { hiddenVisibility: 'visible' })));
    expect(open.output).toContain('on case hidden-loss your loss is 9.5');
    expect(open.output).toContain('loss-sign: You dropped the minus sign');
    expect(open.output).toContain('Score: 2/5.5 (1 of 4 cases passed).');
  });

  it('counts public cases only in a mistake\'s "and N other cases" while hidden ones are concealed', () => {
    const base = makeFailingReport();
    const counted = (n: number, cases: string[]) =>
      makeMistake({ id: 'loss-mixed-dtypes', message: `It mixes dtypes: on case loss-zero and ${n} other cases.`, evidence: `on case loss-zero and ${n} other cases`, cases });
    const shown = (cases: string[]) => GradescopeResultSchema.parse(JSON.parse(renderGradescope({ ...base, mistakes: [counted(cases.length - 1, cases)] }, { hiddenVisibility: 'after_published' }))).output;
    // loss-zero and loss-raise are public (makeFailingReport), hidden-loss is not.
    expect(shown(['loss-zero', 'loss-raise', 'hidden-loss'])).toContain('It mixes dtypes: on case loss-zero and 1 other case.');
    expect(shown(['loss-zero', 'hidden-loss'])).toContain('It mixes dtypes: on case loss-zero.');
    expect(GradescopeResultSchema.parse(JSON.parse(renderGradescope({ ...base, mistakes: [counted(2, ['loss-zero', 'loss-raise', 'hidden-loss'])] }, { hiddenVisibility: 'visible' }))).output).toContain('on case loss-zero and 2 other cases.');
  });

  it('honours another hidden visibility', () => {
    const r = GradescopeResultSchema.parse(JSON.parse(renderGradescope(makeFailingReport(), { hiddenVisibility: 'hidden' })));
    expect(r.tests[3]!.visibility).toBe('hidden');
  });

  it('keeps the total hidden until grades are published when hidden cases are hidden for good (red-team round 21)', () => {
    // Gradescope's specification: tests yet to be shown (after_due_date, after_published) hide the
    // learner's total, but `hidden` tests do not (they are meant to carry no points). With only
    // `hidden` tests held back, the total (hidden points included) showed at once on every upload.
    const report = makeFailingReport();
    const hiddenMax = report.cases.filter((c) => c.visibility === 'hidden').reduce((t, c) => t + c.maxPoints, 0);
    expect(hiddenMax).toBeGreaterThan(0);
    const r = GradescopeResultSchema.parse(JSON.parse(renderGradescope(report, { hiddenVisibility: 'hidden' })));
    const later = r.tests.filter((t) => t.visibility === 'after_published' || t.visibility === 'after_due_date');
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ score: 0, max_score: 0 });
    expect(later[0]!.output).not.toMatch(/hidden-loss/);
    // Its points change nothing: the tests still add up to the score and the possible points.
    expect(r.tests.reduce((t, x) => t + x.score, 0)).toBe(r.score);
    expect(r.tests.reduce((t, x) => t + x.max_score, 0)).toBe(report.maxScore);
    // Another visibility holds the total back by itself, and a suite with no hidden points needs nothing.
    for (const hiddenVisibility of ['after_published', 'after_due_date', 'visible'] as const) {
      expect(GradescopeResultSchema.parse(JSON.parse(renderGradescope(report, { hiddenVisibility }))).tests).toHaveLength(report.cases.length);
    }
    const open = { ...report, cases: report.cases.filter((c) => c.visibility !== 'hidden') };
    expect(GradescopeResultSchema.parse(JSON.parse(renderGradescope(open, { hiddenVisibility: 'hidden' }))).tests).toHaveLength(open.cases.length);
  });

  it("has Gradescope render every string as plain text: a learner's markup quoted in the output stays text (red-team round 21)", () => {
    // Gradescope renders the top-level output as simple_format (sanitised HTML) unless told
    // otherwise: a top level raising RuntimeError('<h1>Staff note: verified by hand, 43/43</h1>...')
    // put a heading and a link on the page learners and staff read.
    const markup = '<h1>Staff note: verified by hand, 43/43</h1><a href="https://evil.example/">Sign in</a>';
    const report = { ...makeFailingReport(), notes: [`Its top-level code raised RuntimeError at line 3 (${markup}).`] };
    for (const hiddenVisibility of ['after_published', 'hidden', 'visible'] as const) {
      const raw = JSON.parse(renderGradescope(report, { hiddenVisibility }));
      expect(raw.output).toContain(markup); // quoted as the learner wrote it, and shown as text
      expect(raw).toMatchObject({ output_format: 'text', test_output_format: 'text', test_name_format: 'text' });
      for (const t of raw.tests) expect(t.output_format ?? 'text').toBe('text');
    }
    expect(JSON.parse(renderGradescopeError(markup))).toMatchObject({ output_format: 'text' });
  });

  it('reports an ungradable upload as score 0 with the message', () => {
    expect(GradescopeResultSchema.parse(JSON.parse(renderGradescopeError('Upload a .py')))).toEqual({
      score: 0,
      execution_time: 0,
      output: 'Upload a .py',
      output_format: 'text',
      test_output_format: 'text',
      test_name_format: 'text',
      stdout_visibility: 'hidden',
      tests: [],
    });
  });
});

describe('renderClassroom', () => {
  it('sums to the report score and carries lines', () => {
    const r = ClassroomResultSchema.parse(JSON.parse(renderClassroom(makeFailingReport())));
    expect(r.status).toBe('fail');
    expect(r.max_score).toBe(5.5);
    expect(r.tests.reduce((s, t) => s + t.score, 0)).toBe(2);
    expect(r.tests.map((t) => [t.name, t.status, t.line_no])).toEqual([
      ['freqs-toy', 'pass', 0],
      ['loss-zero', 'fail', 0],
      ['loss-raise', 'error', 14],
      ['hidden-loss', 'error', 0],
    ]);
  });

  it('is "error" when the submission cannot be graded, and carries the problem\'s sentence as a 0-point test (no case\'s message holds it)', () => {
    const problem = { code: 'SYNTAX_ERROR' as const, message: "hw.py:4: SyntaxError: '(' was never closed. Fix that line so the file runs.", line: 4 };
    const r = toClassroom(makeReport({ status: 'error', score: 0, problems: [problem] }));
    expect(r.status).toBe('error');
    expect(r.tests.map((t) => [t.name, t.status, t.score, t.line_no])).toContainEqual(['SYNTAX_ERROR (problem, 0 points)', 'error', 0, 4]);
    expect(r.tests.find((t) => t.name.startsWith('SYNTAX_ERROR'))!.message).toBe(problem.message);
  });

  it('shows a mistake read from the code, which no case carries, as a failing 0-point test', () => {
    const advice = makeMistake({ id: 'weights-not-inverted', message: 'pos_weights = freq_pos (line 1).', fix: 'Swap them.', cases: [], location: { line: 1 } });
    const r = toClassroom(makeReport({ mistakes: [advice] }));
    expect(r.status).toBe('pass');
    expect(r.tests.reduce((s, t) => s + t.score, 0)).toBe(1);
    expect(r.tests.map((t) => [t.name, t.status, t.score, t.line_no])).toEqual([
      ['loss-toy', 'pass', 1, 0],
      ['weights-not-inverted (advice, 0 points)', 'fail', 0, 1],
    ]);
    expect(r.tests[1]!.message).toBe('pos_weights = freq_pos (line 1).\n\nFix: Swap them.');
    // A mistake that cases carry is in those cases' messages, not a test of its own.
    expect(toClassroom(makeFailingReport()).tests.map((t) => t.name)).not.toContain('loss-no-epsilon (advice, 0 points)');
  });
});

describe('gradebook CSV and summary', () => {
  const rows: BatchRow[] = [
    { learner: '=cmd|evil', source: 'in/x.py', status: 'failed', score: 1, maxScore: 2, cases: { a: 1, b: 0 }, mistakes: ['loss-no-epsilon', 'loss-sign'], reused: false },
    { learner: 'bob, jr', source: 'in/bob.py', status: 'passed', score: 2, maxScore: 2, cases: { a: 1, b: 1 }, mistakes: [], reused: true },
    { learner: 'carl', source: 'in/carl.docx', status: 'error', score: 0, maxScore: 2, cases: {}, mistakes: [], error: 'not a "py"\nfile', reused: false },
  ];
  const columns = [
    { id: 'a', maxPoints: 1 },
    { id: 'b', maxPoints: 1 },
  ];

  it('parses back to the same cells, formula-safe', () => {
    const parsed = parseCsv(renderGradesCsv(rows, columns));
    expect(parsed).toEqual([
      ['learner', 'status', 'score', 'max_score', 'a', 'b', 'mistakes', 'error', 'source'],
      ["'=cmd|evil", 'failed', '1', '2', '1', '0', 'loss-no-epsilon loss-sign', '', 'in/x.py'],
      ['bob, jr', 'passed', '2', '2', '1', '1', '', '', 'in/bob.py'],
      ['carl', 'error', '', '2', '', '', '', 'not a "py"\\nfile', 'in/carl.docx'],
    ]);
  });

  it('writes each learner on one line: a line break in any text cell is spelled out (\\n), so line tools count rows (batch 36)', () => {
    const breaks = ['\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c'];
    const odd: BatchRow[] = breaks.map((br, i) => ({
      learner: `l${i}${br}=x`,
      source: `in/a${br}b.py`,
      status: 'error',
      score: 0,
      maxScore: 2,
      cases: {},
      mistakes: [],
      error: `first${br}+second`,
      reused: false,
    }));
    const text = renderGradesCsv(odd, columns);
    expect(text.split('\n')).toHaveLength(odd.length + 2); // the header, a line per learner, the last CRLF
    expect(text).not.toMatch(/[\u2028\u2029\u0085\u000b\u000c]|\r(?!\n)/);
    const parsed = parseCsv(text);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(['\\n', '\\r\\n', '\\r', '\\u2028', '\\u2029', '\\x85', '\\x0b', '\\x0c'].map((shown, i) => `l${i}${shown}=x`));
    expect(parsed[1]).toEqual(['l0\\n=x', 'error', '', '2', '', '', '', 'first\\n+second', 'in/a\\nb.py']);
  });

  it('gives each row the score export lms writes for it: blank for a file never graded (a set-up time-out with points so far too), 0 for one that ran and earned nothing', () => {
    const kinds: BatchRow[] = [
      rows[0]!,
      rows[2]!, // not a Python file
      { ...rows[2]!, learner: 'dan', resultFile: 'results/dan.json', problems: ['SYNTAX_ERROR'], error: 'dan.py:3: SyntaxError' },
      { ...rows[2]!, learner: 'fay', resultFile: 'results/fay.json', problems: ['LOAD_TIMEOUT'], error: 'fay.py: time-out' },
      // A set-up time-out on a later attempt: the cases run before it have points, the rest 0, none a grade.
      { ...rows[2]!, learner: 'gus', resultFile: 'results/gus.json', score: 1, cases: { a: 1, b: 0 }, problems: ['SETUP_TIMEOUT'], error: 'Part of gus.py was not graded' },
      // A problem beside graded cases (a .py graded from its parseable pieces): its points count.
      { ...rows[2]!, learner: 'hal', resultFile: 'results/hal.json', score: 2, cases: { a: 1, b: 1 }, problems: ['SYNTAX_ERROR'], error: 'hal.py:9: SyntaxError' },
    ];
    const csv = parseCsv(renderGradesCsv(kinds, columns)).slice(1);
    const roster = [['id', 'Weighted loss'], ...kinds.map((r) => [r.learner, ''])];
    const lms = fillRoster(roster, kinds, 2, { column: 'Weighted loss', match: 'id', missing: 'blank', shown: 'roster.csv' }).table.slice(1);
    expect(csv.map((r) => r[2])).toEqual(lms.map((r) => r[1]));
    expect(csv.map((r) => [r[0], r[2], r[4], r[5]])).toEqual([
      ["'=cmd|evil", '1', '1', '0'],
      ['carl', '', '', ''],
      ['dan', '0', '', ''],
      ['fay', '', '', ''],
      ['gus', '', '', ''],
      ['hal', '2', '1', '1'],
    ]);
  });

  it("writes summary.json's rows with grades.csv's scores: null where grades.csv and export lms leave the score blank, and reads them back alike", () => {
    const kinds: BatchRow[] = [
      rows[0]!,
      rows[2]!, // not a Python file
      { ...rows[2]!, learner: 'dan', resultFile: 'results/dan.json', problems: ['SYNTAX_ERROR'], error: 'dan.py:3: SyntaxError' },
      { ...rows[2]!, learner: 'fay', resultFile: 'results/fay.json', problems: ['LOAD_CRASH'], error: 'fay.py: crashed' },
      { ...rows[2]!, learner: 'gus', resultFile: 'results/gus.json', score: 1, cases: { a: 1, b: 0 }, problems: ['SETUP_TIMEOUT'], error: 'Part of gus.py was not graded' },
    ];
    const ctx = { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns };
    const summary = BatchSummarySchema.parse(JSON.parse(renderSummaryJson(summarize(kinds, ctx))));
    const csv = parseCsv(renderGradesCsv(kinds, columns)).slice(1);
    expect(summary.rows.map((r) => [r.learner, r.score])).toEqual([
      ['=cmd|evil', 1],
      ['carl', null],
      ['dan', 0],
      ['fay', null],
      ['gus', null],
    ]);
    expect(summary.rows.map((r) => (r.score === null ? '' : String(r.score)))).toEqual(csv.map((r) => r[2]));
    // A script's sum over the rows is the sum over the learners the statistics count.
    expect(summary.rows.reduce((t, r) => t + (r.score ?? 0), 0)).toBe(summary.score.mean! * summary.graded);
    // Read back (merge, export lms, a summary of a summary), the rows are worth what they were.
    expect(parseCsv(renderGradesCsv(summary.rows, columns))).toEqual(parseCsv(renderGradesCsv(kinds, columns)));
    expect(summarize(summary.rows, ctx)).toEqual(summary);
  });

  it("the terminal's list of problems and mistakes' examples spell out characters no one sees in an id (\\u200b): the two ids of a duplicate look alike otherwise (batch 36)", () => {
    const dup: BatchRow[] = [
      { learner: 'alice\u200b', source: 'subs/alice\u200b.py', status: 'error', score: 0, maxScore: 2, cases: {}, mistakes: [], error: 'Two submissions claim learner "alice\\u200b"', reused: false },
      { learner: 'bo\u2060b', source: 'in/b.py', status: 'failed', score: 1, maxScore: 2, cases: { a: 1, b: 0 }, mistakes: ['loss-sign'], reused: false },
    ];
    const text = renderSummaryTerminal(summarize(dup, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(text).toContain('\n  alice\\u200b: Two submissions claim learner "alice\\u200b"\n');
    expect(text).toMatch(/e\.g\. bo\\u2060b\n/);
    expect(text).not.toMatch(/[\u200b\u2060]/);
  });

  it('opens with a UTF-8 byte-order mark only when asked (--bom, for Excel)', () => {
    const plain = renderGradesCsv(rows, columns);
    const marked = renderGradesCsv(rows, columns, { bom: true });
    expect(plain.startsWith('learner,')).toBe(true);
    expect(marked).toBe('\ufeff' + plain);
    expect(Buffer.from(marked, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('summarises scores and mistakes', () => {
    const s = summarize(rows, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns });
    expect(s).toMatchObject({
      learners: 3,
      graded: 2,
      reused: 1,
      errors: 1,
      maxScore: 2,
      score: { mean: 1.5, median: 1.5, min: 1, max: 2 },
      distribution: [
        { score: 2, learners: 1 },
        { score: 1, learners: 1 },
      ],
      mistakes: [
        { id: 'loss-no-epsilon', learners: 1, sample: '=cmd|evil' },
        { id: 'loss-sign', learners: 1, sample: '=cmd|evil' },
      ],
      cases: [
        { id: 'b', maxPoints: 1, failedBy: 1 },
        { id: 'a', maxPoints: 1, failedBy: 0 },
      ],
    });
    const text = renderSummaryTerminal(s);
    expect(text).toContain('loss-no-epsilon    1  e.g. =cmd|evil');
    expect(text).toContain('carl: not a "py"');
  });

  it('lists learners with a problem under a heading that also fits those graded in part, and shows the mean to two decimals', () => {
    const part: BatchRow[] = [
      { ...rows[2]!, learner: 'dora', cases: { a: 1 }, score: 1, error: 'dora.py:2: imports "pandas", and compute_class_freqs uses it' },
      rows[2]!,
      { ...rows[1]!, score: 2 },
      { ...rows[1]!, learner: 'eve', score: 1 },
    ];
    const text = renderSummaryTerminal(summarize(part, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(text).toContain('\nNot graded, or graded in part or in full despite a problem (2)\n  dora: dora.py:2: imports "pandas", and compute_class_freqs uses it\n  carl: not a "py"\n');
    expect(text).toMatch(/Score out of 2 \(over 3 of 4 learners; the other was not graded\): mean 1\.33, median 1,/);
  });

  it('counts a file that ran and earned nothing through its own doing as a 0, as export lms does, and a time-out as not graded', () => {
    const own: BatchRow = { ...rows[2]!, learner: 'dan', source: 'in/dan.py', resultFile: 'results/dan.json', problems: ['SYNTAX_ERROR'], error: 'dan.py:3: SyntaxError' };
    const slow: BatchRow = { ...rows[2]!, learner: 'fay', source: 'in/fay.py', resultFile: 'results/fay.json', problems: ['LOAD_TIMEOUT'], error: 'fay.py: time-out' };
    const s = summarize([rows[1]!, own, slow], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns });
    expect(s.graded).toBe(2);
    expect(s.score).toEqual({ mean: 1, median: 1, min: 0, max: 2 });
    expect(s.distribution).toEqual([{ score: 2, learners: 1 }, { score: 0, learners: 1 }]);
    expect(s.cases.map((c) => c.failedBy)).toEqual([1, 1]);
    expect(renderSummaryTerminal(s)).toMatch(/Score out of 2 \(over 2 of 3 learners; the other was not graded\): mean 1, median 1, min 0, max 2/);
    const two = summarize([rows[1]!, own, slow, { ...slow, learner: 'gil' }], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns });
    expect(renderSummaryTerminal(two)).toMatch(/Score out of 2 \(over 2 of 4 learners; the other 2 were not graded\): mean 1,/);
  });

  it("gives staff SETUP_TIMEOUT's advice (grade again; a faster machine, fewer --jobs, a longer --timeout), which the learners' reports leave out", () => {
    const setup = (learner: string, cases: Record<string, number>): BatchRow => ({ ...rows[2]!, learner, source: `in/${learner}.py`, resultFile: `results/${learner}.json`, cases, problems: ['SETUP_TIMEOUT'], error: `${learner}.py was not graded: importing torch took longer than 60 s on this machine.` });
    const one = renderSummaryTerminal(summarize([rows[1]!, setup('gus', {})], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(one).toContain(
      "\n1 learner was not graded in full because the grader's import of TensorFlow or PyTorch (its set-up, before any learner code runs) outran its limit on this machine (SETUP_TIMEOUT), which nothing in the learner's file causes: " +
        'running the same grade command again grades that learner again, best when the machine is less busy; if it keeps happening, the machine is too slow for that import: grade on a faster or less loaded machine, with fewer --jobs, or with a longer --timeout.\n',
    );
    // A later attempt's (some cases ran) counts too; a summary without one says nothing of it.
    expect(renderSummaryTerminal(summarize([setup('gus', {}), setup('hal', { a: 1 })], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }))).toContain('\n2 learners were not graded in full because');
    expect(renderSummaryTerminal(summarize(rows, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }))).not.toContain('SETUP_TIMEOUT');
  });

  it("gives staff LOAD_TIMEOUT's advice (grade again, a longer --timeout), which the learners' reports leave to them", () => {
    const slow = (learner: string): BatchRow => ({ ...rows[2]!, learner, source: `in/${learner}.py`, resultFile: `results/${learner}.json`, problems: ['LOAD_TIMEOUT'], error: `${learner}.py: loading the submission (its top-level code) did not finish within 60 s. It imports torch` });
    const one = renderSummaryTerminal(summarize([rows[1]!, slow('ivy')], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(one).toContain(
      "\n1 learner's file was not graded because its top level did not finish loading within the limit (LOAD_TIMEOUT). Where the problem says the file imports TensorFlow or PyTorch and nothing else at its top level takes long, that import outran the limit on a busy or slow machine, which is not the learner's doing: " +
        'running the same grade command again grades it again (a second time-out of an unchanged file then counts 0, LOAD_TIMEOUT_AGAIN, so on a machine still busy grade with a longer --timeout instead), best when the machine is less busy; if it keeps happening, grade with a longer --timeout.\n',
    );
    // A second time-out counts 0: staff hear how many, and that a longer --timeout grades them again.
    const again: BatchRow = { ...slow('kim'), status: 'error', score: 0, problems: ['LOAD_TIMEOUT_AGAIN'] };
    expect(renderSummaryTerminal(summarize([rows[1]!, again], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }))).toContain(
      "\n1 learner's file did not load on two grade runs, the second time not within the limit (LOAD_TIMEOUT_AGAIN), and counts 0: if the machine was busy (a file that imports TensorFlow or PyTorch), grade with a longer --timeout, which grades it again.\n",
    );
    // A first crash while loading: staff hear that a second one counts 0.
    const crash: BatchRow = { ...slow('ned'), problems: ['LOAD_CRASH'], error: 'ned.py: the Python process ended while loading the submission (killed by signal SIGKILL).' };
    expect(renderSummaryTerminal(summarize([rows[1]!, crash], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }))).toContain(
      "\n1 learner's file was not graded because it ended the Python process while loading (LOAD_CRASH): running the same grade command again grades it again, and a second crash of an unchanged file then counts 0 (LOAD_CRASH_AGAIN), so if the machine ran out of memory (the problem says killed by signal SIGKILL), grade with fewer --jobs or on a machine with more memory.\n",
    );
    // A second crash while loading counts 0 as well: staff hear how many, and that --force grades them again.
    const crashed: BatchRow = { ...slow('lee'), status: 'error', score: 0, problems: ['LOAD_CRASH_AGAIN'] };
    expect(renderSummaryTerminal(summarize([rows[1]!, crashed, { ...crashed, learner: 'max' }], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }))).toContain(
      "\n2 learners' files did not load on two grade runs, the second time ending the Python process (LOAD_CRASH_AGAIN), and count 0: if the machine ran out of memory, or a package crashes on it (a TensorFlow or PyTorch build its processor cannot run: every file that imports it), fix that and grade with --force, which grades them again.\n",
    );
    expect(renderSummaryTerminal(summarize([slow('ivy'), slow('jo')], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }))).toContain("\n2 learners' files were not graded because their top levels did not finish loading within the limit (LOAD_TIMEOUT). Where");
    expect(renderSummaryTerminal(summarize(rows, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }))).not.toContain('LOAD_TIMEOUT');
  });

  it('tells staff how many files count 0 for an import no grading machine has (IMPORT_UNRESOLVABLE), in the singular and plural, and nothing for IMPORT_ERROR alone', () => {
    const unresolvable = (learner: string): BatchRow => ({ ...rows[2]!, learner, source: `in/${learner}.py`, resultFile: `results/${learner}.json`, status: 'error', score: 0, cases: {}, problems: ['IMPORT_UNRESOLVABLE'], error: `${learner}.py:2: imports "nump", which is not installed for python3` });
    const say = (r: BatchRow[]) => renderSummaryTerminal(summarize(r, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    const tail = "a module or name no grading machine has (no package wlgrade knows, such as a misspelt or made-up name, a slip of a name or submodule an installed module has, such as from numpy import arrray or import scipy.linalgg, a helper module of the course's workspace the case files do not declare (helpers:), or a file of the learner's own not handed in: IMPORT_UNRESOLVABLE), and";
    expect(say([rows[1]!, unresolvable('pat')])).toContain(`\n1 learner's file imports ${tail} counts 0 where every graded function needs it: if the course's machines do have that package (or a version of it with that submodule), install it here and grade with --force, which grades it again.\n`);
    expect(say([unresolvable('pat'), unresolvable('quinn')])).toContain(`\n2 learners' files import ${tail} count 0 where every graded function needs it: if the course's machines do have that package (or a version of it with that submodule), install it here and grade with --force, which grades them again.\n`);
    expect(say([rows[1]!, { ...unresolvable('pat'), score: null, problems: ['IMPORT_ERROR'] }])).not.toContain('IMPORT_UNRESOLVABLE');
  });

  it("tells staff of wlgrade's internal errors: a first one is maybe a bug to report, and a second of an unchanged file counts 0 (red team 28: a forged internal record kept a row blank on every run)", () => {
    const bug: BatchRow = { ...rows[2]!, learner: 'ora', source: 'in/ora.py', resultFile: undefined, score: 0, problems: ['INTERNAL_ERROR'], error: "wlgrade's runner reported an internal error on this submission (x)" };
    const first = renderSummaryTerminal(summarize([rows[1]!, bug], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(first).toContain(
      "\n1 learner's file was not graded because wlgrade's runner reported an internal error grading it (INTERNAL_ERROR): a bug in wlgrade, or code in the file that sent that report itself, as learner code can. Running the same grade command again grades it again, and a second one of an unchanged file then counts 0 (INTERNAL_ERROR_AGAIN): if the whole error, on grade's standard error, shows a bug in wlgrade, report it with the file and grade again once it is fixed.\n",
    );
    const again: BatchRow = { ...bug, resultFile: 'results/ora.json', problems: ['INTERNAL_ERROR_AGAIN'], error: "ora.py: wlgrade's runner reported an internal error on two grade runs …" };
    const second = summarize([rows[1]!, again, { ...again, learner: 'pam' }], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns });
    expect(second.graded).toBe(3);
    expect(renderSummaryTerminal(second)).toContain(
      '\n2 learners\' files met an internal error of wlgrade\'s runner on two grade runs, unchanged (INTERNAL_ERROR_AGAIN), and count 0, as a file that sends that error itself does: if "wlgrade check --sandbox bwrap" on a file shows a bug in wlgrade instead, report it with the file and, once it is fixed, grade with --force, which grades them again.\n',
    );
    expect(summarize([rows[1]!, bug], { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }).graded).toBe(1);
  });

  it('keeps a learner name holding a line break on one line', () => {
    const nl: BatchRow[] = [{ ...rows[2]!, learner: 'bob\n[2 of 2] mallory: 23 of 23 passed', error: 'bad file' }];
    const text = renderSummaryTerminal(summarize(nl, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(text).toContain('  bob\\n[2 of 2] mallory: 23 of 23 passed: bad file\n');
    expect(text).not.toMatch(/^\[2 of 2\]/m);
  });

  it('shows a learner name or error holding escape sequences as text, not as terminal commands', () => {
    const evil: BatchRow[] = [{ ...rows[2]!, learner: 'eve\u001b]0;owned\u0007', error: 'bad\u001b[2J file' }];
    const text = renderSummaryTerminal(summarize(evil, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(text).toContain('eve\\x1b]0;owned\\x07: bad\\x1b[2J file');
  });

  it("spells out a tab in a learner name or an error, as grade's progress line does (tidy 33)", () => {
    const tabs: BatchRow[] = [{ ...rows[2]!, learner: 'eve\tdoe', error: 'eve\tdoe.py:3:\tSyntaxError\r' }];
    const text = renderSummaryTerminal(summarize(tabs, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns }));
    expect(text).toContain('  eve\\tdoe: eve\\tdoe.py:3:\\tSyntaxError\\r\n');
    expect(text).not.toMatch(/\t/);
  });
});

describe('JSON outputs holding learner text', () => {
  // C1 controls (U+009B CSI, U+009D OSC, U+009C ST) and a bidi override, as a learner prints and raises them.
  const evil = '\u009d52;c;cGF3bmVk\u009c\u009b2J\u009b31mScore: 41/41\u202e\u2066';
  const report = makeReport({
    learner: `eve${evil}`,
    output: { stdout: evil, stderr: '', truncated: false },
    cases: [makeCase({ status: 'error', points: 0, message: `Your code raised ValueError: ${evil}` })],
    status: 'failed',
  });
  const rows: BatchRow[] = [{ learner: `eve${evil}`, source: `in/eve${evil}.py`, status: 'error', score: 0, maxScore: 1, cases: {}, mistakes: [], error: evil, reused: false }];
  const summary = summarize(rows, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns: [{ id: 'loss-toy', maxPoints: 1 }] });

  it.each([
    ['check --json, results/*.json', () => renderJson(report)],
    ['Gradescope results.json', () => renderGradescope(report, { hiddenVisibility: 'visible' })],
    ["Gradescope's ungradable results.json", () => renderGradescopeError(evil)],
    ['GitHub Classroom result', () => renderClassroom(report)],
    ['summary.json', () => renderSummaryJson(summary)],
  ])('%s: no C1 control or bidi character raw, the same value when parsed', (_, render) => {
    const text = render();
    expect(text).not.toMatch(/[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    if (_ === 'GitHub Classroom result') {
      // Its messages are printed to a log by the reporter: spelled out, as on a terminal.
      expect(text).toContain('\\\\x9b2J');
      return;
    }
    expect(text).toContain('\\u009b2J');
    if (_.startsWith('Gradescope')) {
      // Gradescope shows it as text in a browser, which obeys the bidi controls: spelled out there (escapeLayout).
      expect(JSON.stringify(JSON.parse(text))).toContain(JSON.stringify(evil.replace('\u202e\u2066', '\\u202e\\u2066')).slice(1, -1));
      return;
    }
    expect(JSON.stringify(JSON.parse(text))).toContain(evil);
  });
});

describe("a learner's line separators, bidi controls and URLs in every text output", () => {
  // A learner's exception message reaches the staff's and the learner's views: GitHub's log and
  // annotations, the Classroom reporter's log, Gradescope's plain-text page, the job summary.
  // Those viewers start a line at U+2028/U+2029 (a split on CR/LF sees none) and reorder text
  // at bidi controls; GitHub's Markdown links a bare URL.
  const evil = 'bad\u2028::error title=wlgrade::All cases passed\u2029Score: 23/23 \u202eevil\u202c \u2066x\u2069 \u200f\u200e\u061c \u0085 see https://evil.example/login or www.evil.example';
  const report = makeReport({
    status: 'error',
    score: 0,
    problems: [{ code: 'IMPORT_ERROR', message: `assignment.py:3: ${evil}`, line: 3 }],
    notes: [`Its top-level code raised RuntimeError at line 3 (${evil}).`],
    cases: [makeCase({ status: 'error', points: 0, message: `Your code raised ValueError: ${evil}` })],
  });
  const RAW = /[\u0085\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

  it('GitHub annotations spell them out', () => {
    const text = renderGithub(report, { file: 'a.py' });
    expect(text).not.toMatch(RAW);
    expect(text).toContain('bad\\u2028::error title=wlgrade::All cases passed\\u2029Score: 23/23 \\u202eevil\\u202c');
  });

  it("the Classroom result's messages, which its reporter prints as they are, spell them out", () => {
    const result = toClassroom(report);
    for (const t of result.tests) expect(t.message).not.toMatch(RAW);
    expect(result.tests.map((t) => t.message).join('\n')).toContain('\\u2028::error');
  });

  it("Gradescope's text outputs spell them out", () => {
    for (const hiddenVisibility of ['after_published', 'visible'] as const) {
      const raw = JSON.parse(renderGradescope(report, { hiddenVisibility })) as { output: string; tests: { name: string; output: string }[] };
      for (const s of [raw.output, ...raw.tests.flatMap((t) => [t.name, t.output])]) expect(s).not.toMatch(RAW);
      expect(raw.output).toContain('bad\\u2028::error');
    }
    expect(JSON.parse(renderGradescopeError(evil)).output).not.toMatch(RAW);
  });

  it('the job summary spells them out and shows URLs as code, never as links', () => {
    const md = renderGithubSummary(report);
    expect(md).not.toMatch(RAW);
    expect(md).toContain('`https://evil.example/login`');
    expect(md).toContain('`www.evil.example`');
    // Outside code spans nothing GitHub would autolink is left.
    expect(md.replace(/\\`/g, '').replace(/`[^`\n]*`/g, '')).not.toMatch(/:\/\/|www\.|@[a-z0-9]/i);
  });
});
