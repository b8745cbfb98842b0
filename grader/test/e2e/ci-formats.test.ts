/**
 * CI formats from `wlgrade check --format …`, parsed back, and the one-score rule: every bundled
 * sample gets the same points in the terminal, JSON, JUnit, GitHub, Classroom, Gradescope and
 * gradebook CSV outputs.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { round } from '../../src/grade/grade-suite.js';
import { ClassroomResultSchema } from '../../src/schema/classroom.js';
import { GradescopeResultSchema } from '../../src/schema/gradescope.js';
import { renderClassroom } from '../../src/report/classroom.js';
import { renderGithub } from '../../src/report/github.js';
import { renderJunit } from '../../src/report/junit.js';
import { notebookFileLines, withNotebookFileLines } from '../../src/report/notebook-lines.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/policy.js';
import { GradeReportSchema, StoppedReportSchema } from '../../src/schema/report.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { parseCsv } from '../unit/report/csv-parse.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-ci-e2e-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const check = (file: string, ...args: string[]) => runCli(['check', file, '--sandbox', 'process', ...args]);
const samples = (parseYaml(await readFile(join(ROOT, 'submissions', 'manifest.yaml'), 'utf8')) as { samples: { file: string; requires?: string[] }[] }).samples.filter(
  // The pure-numpy samples: notebooks and Keras variants have their own e2e tests and are slow.
  (s) => !s.requires?.length && /^(correct|mistakes)\//.test(s.file),
);
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase', 'property'].includes(n) });

describe('check --format', () => {
  it('junit: well-formed, one testcase per case, hints inside <failure>', async () => {
    const r = await check('submissions/mistakes/loss-no-epsilon.py', '--format', 'junit');
    expect(r.exitCode).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = xml.parse(r.stdout);
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase);
    expect(cases).toHaveLength(23);
    const failed = cases.filter((c: { failure?: unknown }) => c.failure);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].failure['#text']).toContain('Hint (loss-no-epsilon)');
  });

  it.each([
    ['from the repository root, $GITHUB_WORKSPACE set', ROOT, 'submissions/mistakes/loss-no-epsilon.py', { GITHUB_WORKSPACE: ROOT }],
    ['from a subfolder, $GITHUB_WORKSPACE set', join(ROOT, 'submissions'), 'mistakes/loss-no-epsilon.py', { GITHUB_WORKSPACE: ROOT }],
    ['from the repository root, no $GITHUB_WORKSPACE (GitLab, Jenkins)', ROOT, 'submissions/mistakes/loss-no-epsilon.py', {}],
  ])('junit file= is the path from the repository root, as the GitHub annotation gives it (%s)', async (_, cwd, file, env) => {
    const run = (format: string) => runCli(['check', file, '--sandbox', 'process', '--format', format], { cwd, env });
    const doc = xml.parse((await run('junit')).stdout);
    const files = new Set(doc.testsuites.testsuite.flatMap((s: { testcase: { file: string }[] }) => s.testcase.map((c) => c.file)));
    expect([...files]).toEqual(['submissions/mistakes/loss-no-epsilon.py']);
    expect((await run('github')).stdout).toMatch(/^::error file=submissions\/mistakes\/loss-no-epsilon\.py,/);
    // A file that is not there: the stopped document names it the same way.
    const gone = await runCli(['check', file.replace('loss-no-epsilon', 'gone'), '--sandbox', 'process', '--format', 'junit'], { cwd, env });
    expect(xml.parse(gone.stdout).testsuites.testsuite[0].testcase[0].file).toBe('submissions/mistakes/gone.py');
  });

  it('github: escaped annotations on the learner file, summary appended to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(tmp, 'step-summary.md');
    await writeFile(summary, '# before\n');
    const r = await runCli(['check', 'submissions/mistakes/loss-no-epsilon.py', '--sandbox', 'process', '--format', 'github'], {
      env: { GITHUB_WORKSPACE: ROOT, GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^::error file=submissions\/mistakes\/loss-no-epsilon\.py,(line=\d+,(endLine=\d+,)?)?title=Mistake%3A [^,\n]* \(loss-no-epsilon\)::/);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) [^:]*::[^\r\n]*$/);
    expect(lines.at(-1)).toBe('::warning title=wlgrade score::Score: 16/23');
    const md = await readFile(summary, 'utf8');
    expect(md.startsWith('# before\n## wlgrade: loss-no-epsilon.py — 16/23')).toBe(true);
  });

  it('github: a $GITHUB_STEP_SUMMARY that cannot be written is one sentence on stderr; the annotations and the exit code stand', async () => {
    const missing = join(tmp, 'no-such-folder', 'summary.md');
    const r = await runCli(['check', 'submissions/mistakes/loss-no-epsilon.py', '--sandbox', 'process', '--format', 'github'], {
      env: { GITHUB_WORKSPACE: ROOT, GITHUB_STEP_SUMMARY: missing },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout.split('\n').at(-1)).toBe('::warning title=wlgrade score::Score: 16/23');
    expect(r.stderr).toBe(
      `wlgrade: cannot append the job summary to $GITHUB_STEP_SUMMARY (${missing}: ENOENT); the annotations above are complete. Run the step where that file can be written (as the runner's user, or with sudo -E), or unset GITHUB_STEP_SUMMARY.`,
    );
  });

  it('classroom: the autograding-grading-reporter shape; points add up', async () => {
    const r = await check('submissions/mistakes/loss-no-epsilon.py', '--format', 'classroom');
    const c = ClassroomResultSchema.parse(JSON.parse(r.stdout));
    expect(c).toMatchObject({ version: 1, status: 'fail', max_score: 23 });
    expect(c.tests.reduce((s, t) => s + t.score, 0)).toBe(16);
  });

  describe('a check that stops before any case runs still gives each CI format a document with the reason (exit 2)', () => {
    // The template writes `> classroom.json` and `> junit.xml`: an empty file failed the reporter
    // ("Unexpected end of JSON input") and the JUnit readers, with no points and no reason shown.
    const stops = [
      // The learner's own problem scores 0 of the suite; the job's (no Python) scores nothing.
      { what: 'no submission file', args: ['check', 'no-such-folder/assignment.ipynb'], code: 'SUBMISSION_NOT_FOUND', max: 23 },
      { what: 'no Python', args: ['check', 'submissions/correct/loop.py', '--python', '/nonexistent/python3'], code: 'PYTHON_NOT_FOUND', max: 0 },
      { what: 'a case file with a syntax error', args: ['check', 'submissions/correct/loop.py', '--cases', 'grader/test/fixtures/check/bad-yaml.yaml'], code: 'CASES_INVALID', max: 0 },
    ];
    it.each(stops)('$what: json (a script piping it into jq read an empty input)', async ({ args, code, max }) => {
      const r = await runCli([...args, '--sandbox', 'process', '--format', 'json']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/^wlgrade: \S/);
      const doc = StoppedReportSchema.parse(JSON.parse(r.stdout));
      expect(doc).toMatchObject({ status: 'error', error: { code, message: r.stderr.trimEnd().replace(/^wlgrade: /, '') }, score: max ? 0 : null, maxScore: max || null });
      // --json is the same output.
      expect((await runCli([...args, '--sandbox', 'process', '--json'])).stdout).toBe(r.stdout);
    });
    it.each(stops)('$what: classroom', async ({ args, code, max }) => {
      const r = await runCli([...args, '--sandbox', 'process', '--format', 'classroom']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/^wlgrade: \S/);
      const c = ClassroomResultSchema.parse(JSON.parse(r.stdout));
      expect(c).toMatchObject({ version: 1, status: 'error', max_score: max });
      expect(c.tests).toHaveLength(1);
      expect(c.tests[0]).toMatchObject({ name: `${code} (problem, 0 points)`, status: 'error', score: 0, message: r.stderr.replace(/^wlgrade: /, '') });
    });
    it.each(stops)('$what: junit', async ({ args, code }) => {
      const r = await runCli([...args, '--sandbox', 'process', '--format', 'junit']);
      expect(r.exitCode).toBe(2);
      expect(XMLValidator.validate(r.stdout)).toBe(true);
      const doc = xml.parse(r.stdout);
      expect(doc.testsuites).toMatchObject({ tests: '1', failures: '0', errors: '1' });
      const [c] = doc.testsuites.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase);
      expect(c.error).toMatchObject({ type: code, message: r.stderr.replace(/^wlgrade: /, '') });
    });
    it.each(stops)('$what: github', async ({ args, code, max }) => {
      const summary = join(tmp, `stop-${code}.md`);
      const r = await runCli([...args, '--sandbox', 'process', '--format', 'github'], { env: { GITHUB_WORKSPACE: ROOT, GITHUB_STEP_SUMMARY: summary } });
      expect(r.exitCode).toBe(2);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(new RegExp(`^::error title=Cannot grade \\(${code}\\)::\\S`));
      for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) [^:]*::[^\r\n]*$/);
      expect(lines.slice(1)).toEqual(max ? [`::warning title=wlgrade score::Score: 0/${max}`] : []);
      expect(await readFile(summary, 'utf8')).toMatch(new RegExp(`^## wlgrade: .* — ${max ? `0/${max}` : 'not graded'}\n\n> \\*\\*Cannot grade \\(${code}\\):\\*\\* \\S`));
    });
  });

  it('--out FORMAT=FILE writes the same check in other formats, as separate runs print them (one run for the workflow template, staff 30)', async () => {
    const file = 'submissions/mistakes/loss-no-epsilon.py';
    const env = { GITHUB_WORKSPACE: ROOT, GITHUB_STEP_SUMMARY: join(tmp, 'out-summary.md') };
    const [classroom, junit, json] = [join(tmp, 'out-classroom.json'), join(tmp, 'out-junit.xml'), join(tmp, 'out-report.json')];
    const r = await runCli(['check', file, '--sandbox', 'process', '--format', 'github', '--out', `classroom=${classroom}`, '--out', `junit=${junit}`, '--out', `json=${json}`], { env });
    expect(r.exitCode).toBe(1);
    const alone = async (format: string) => (await runCli(['check', file, '--sandbox', 'process', '--format', format], { env })).stdout;
    expect(r.stdout).toBe(await alone('github'));
    // (runCli's stdout lacks the final newline the file keeps)
    const secs = (x: string) => x.replace(/"duration":[\d.e-]+/g, '"duration":0').trimEnd();
    expect(secs(await readFile(classroom, 'utf8'))).toBe(secs(await alone('classroom')));
    const times = (x: string) => x.replace(/ time="[\d.]+"/g, '').trimEnd();
    expect(times(await readFile(junit, 'utf8'))).toBe(times(await alone('junit')));
    const noMs = (x: string) => GradeReportSchema.parse(JSON.parse(x.replace(/"(ms|durationMs)": *[\d.e-]+/g, '"$1": 0')));
    expect(noMs(await readFile(json, 'utf8'))).toEqual(noMs(await alone('json')));
  });

  it('--out on a check that stops before any case: every file gets the stopped document, as stdout does', async () => {
    const [classroom, junit] = [join(tmp, 'stop-out-classroom.json'), join(tmp, 'stop-out-junit.xml')];
    const r = await runCli(['check', 'no-such-folder/assignment.ipynb', '--sandbox', 'process', '--format', 'github', '--out', `classroom=${classroom}`, '--out', `junit=${junit}`]);
    expect(r.exitCode).toBe(2);
    expect(ClassroomResultSchema.parse(JSON.parse(await readFile(classroom, 'utf8')))).toMatchObject({ status: 'error', max_score: 23 });
    expect(xml.parse(await readFile(junit, 'utf8')).testsuites).toMatchObject({ errors: '1' });
  });

  it("--out on a check that stops on a bug (exit 3; a file can send the runner's INTERNAL_ERROR report itself): every file is written, a classroom.json the learner committed with full points replaced by one that gives none", async () => {
    // Review of c92f6fa: nothing was written on exit 3, so a committed classroom.json was what the
    // workflow template handed Classroom.
    const dir = await mkdtemp(join(tmp, 'bug-out-'));
    const [classroom, junit, json, text] = [join(dir, 'classroom.json'), join(dir, 'junit.xml'), join(dir, 'report.json'), join(dir, 'report.txt')];
    await writeFile(classroom, '{"version":1,"status":"pass","max_score":23,"tests":[{"name":"all","status":"pass","score":23}]}');
    await writeFile(junit, '<testsuites tests="1" failures="0" errors="0"/>');
    const r = await runCli(['check', join('grader', 'test', 'fixtures', 'check', 'forged-internal-error.py'), '--sandbox', 'process', '--format', 'github', '--out', `classroom=${classroom}`, '--out', `junit=${junit}`, '--out', `json=${json}`, '--out', `terminal=${text}`]);
    expect(r.exitCode).toBe(3);
    const result = ClassroomResultSchema.parse(JSON.parse(await readFile(classroom, 'utf8')));
    expect(result).toMatchObject({ status: 'error', max_score: 0 });
    expect(result.tests.map((t) => [t.name, t.score])).toEqual([['INTERNAL_ERROR (problem, 0 points)', 0]]);
    expect(xml.parse(await readFile(junit, 'utf8')).testsuites).toMatchObject({ errors: '1' });
    expect(StoppedReportSchema.parse(JSON.parse(await readFile(json, 'utf8')))).toMatchObject({ status: 'error', error: { code: 'INTERNAL_ERROR' }, score: null });
    expect(await readFile(text, 'utf8')).toMatch(/^wlgrade: not graded \(INTERNAL_ERROR\): wlgrade's runner reported an internal error .*[^\u001b\u0007]*\n$/);
  });

  it("a check that stops on a bug (exit 3) writes the stopped document on stdout too, for --format json and classroom: a pipe read an empty input", async () => {
    const file = join('grader', 'test', 'fixtures', 'check', 'forged-internal-error.py');
    const [json, classroom] = await Promise.all(['json', 'classroom'].map((f) => runCli(['check', file, '--sandbox', 'process', '--format', f])));
    expect([json!.exitCode, classroom!.exitCode]).toEqual([3, 3]);
    expect(StoppedReportSchema.parse(JSON.parse(json!.stdout))).toMatchObject({ status: 'error', error: { code: 'INTERNAL_ERROR' }, score: null });
    expect(ClassroomResultSchema.parse(JSON.parse(classroom!.stdout))).toMatchObject({ status: 'error', max_score: 0 });
  });

  it('--out terminal=FILE on a check that stops before any case: the file has the sentence', async () => {
    const text = join(tmp, 'stop-out-report.txt');
    const r = await runCli(['check', 'no-such-folder/assignment.ipynb', '--sandbox', 'process', '--out', `terminal=${text}`]);
    expect(r.exitCode).toBe(2);
    expect(await readFile(text, 'utf8')).toMatch(/^wlgrade: not graded \(SUBMISSION_NOT_FOUND\): \S/);
  });

  it.each([
    [['--out', 'junit'], 'wlgrade: --out junit: expected FORMAT=FILE, e.g. --out junit=junit.xml (formats: json, junit, classroom, terminal).'],
    [['--out', 'github=a.txt'], "wlgrade: --out github=a.txt: GitHub reads annotations only from the step's output; pass --format github for stdout and --out for the other formats."],
    [['--out', 'xml=a.xml'], 'wlgrade: --out xml=a.xml: unknown format "xml"; use one of json, junit, classroom, terminal.'],
    [['--out', 'junit=a.xml', '--out', 'json=./a.xml'], 'wlgrade: --out names ./a.xml twice; give each format its own file.'],
  ])('--out %j: one sentence, exit 2', async (args, sentence) => {
    const r = await check('submissions/correct/loop.py', ...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd()).toBe(sentence);
  });

  it('--out to a file that cannot be written: a sentence, exit 2, stdout\'s report complete', async () => {
    const r = await check('submissions/correct/loop.py', '--format', 'classroom', '--out', `junit=${join(tmp, 'no', 'such', 'dir', 'junit.xml')}`);
    expect(r.exitCode).toBe(2);
    expect(ClassroomResultSchema.parse(JSON.parse(r.stdout)).status).toBe('pass');
    expect(r.stderr).toMatch(/^wlgrade: cannot write the junit report to .*junit\.xml \(ENOENT\); the other outputs are complete\./);
  });

  it('--out naming the file being checked (or a link to it): one sentence, exit 2, the file untouched and the other --out files get the stopped document', async () => {
    // check wrote the report over the learner's own code (red team 31): `--out json=assignment.py`,
    // a slip of the workflow's $SUBMISSION, or a link committed at the --out path.
    const dir = await mkdtemp(join(tmp, 'over-sub-'));
    const sub = join(dir, 'assignment.py');
    const code = await readFile(join(ROOT, 'submissions/correct/loop.py'), 'utf8');
    await writeFile(sub, code);
    await symlink(sub, join(dir, 'link.json'));
    for (const out of ['./assignment.py', 'link.json']) {
      const r = await runCli(['check', 'assignment.py', '--sandbox', 'process', '--out', 'junit=junit.xml', '--out', `json=${out}`], { cwd: dir });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trimEnd()).toBe(`wlgrade: --out json=${out} is the file being checked (assignment.py): the report would be written over it. Give the report a file of its own, e.g. --out json=wlgrade-report.json.`);
      expect(await readFile(sub, 'utf8')).toBe(code);
      expect(xml.parse(await readFile(join(dir, 'junit.xml'), 'utf8')).testsuites).toMatchObject({ errors: '1' });
    }
  });

  it('--out naming the checked file is refused before the file is read, and with no file given an existing .py or .ipynb is never written (review31a)', async () => {
    // The guard ran after the file was read: a file too large to grade (11 MiB), or no file given and
    // a folder whose assignment.py defines nothing, stopped first, and the stop's document went to
    // every --out, the learner's file included.
    const dir = await mkdtemp(join(tmp, 'over-early-'));
    const big = join(dir, 'big.py');
    const bigText = `x = 1\n${'#'.repeat(11 * 1024 * 1024)}\n`;
    await writeFile(big, bigText);
    const r = await runCli(['check', 'big.py', '--sandbox', 'process', '--out', 'json=big.py', '--out', 'junit=junit.xml'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd()).toBe('wlgrade: --out json=big.py is the file being checked (big.py): the report would be written over it. Give the report a file of its own, e.g. --out json=wlgrade-report.json.');
    expect((await readFile(big, 'utf8')) === bigText).toBe(true);
    expect(xml.parse(await readFile(join(dir, 'junit.xml'), 'utf8')).testsuites).toMatchObject({ errors: '1' });
    const own = await mkdtemp(join(tmp, 'over-none-'));
    await writeFile(join(own, 'assignment.py'), 'x = 1\n');
    const none = await runCli(['check', '--sandbox', 'process', '--out', 'json=assignment.py'], { cwd: own });
    expect(none.exitCode).toBe(2);
    expect(none.stderr.trimEnd()).toBe('wlgrade: --out json=assignment.py is a Python file that exists, and check was given no file, so it may be the one checked: the report would be written over it. Give the report a file of its own, e.g. --out json=wlgrade-report.json.');
    expect(await readFile(join(own, 'assignment.py'), 'utf8')).toBe('x = 1\n');
    // Two --out naming it (the path, and a link to it; or two existing .py with no file given): only
    // the first was dropped, and the stop's document went over the file through the second (review 31c).
    await symlink(big, join(dir, 'link.py'));
    const two = await runCli(['check', 'big.py', '--sandbox', 'process', '--out', 'json=big.py', '--out', 'junit=link.py'], { cwd: dir });
    expect(two.exitCode).toBe(2);
    expect((await readFile(big, 'utf8')) === bigText).toBe(true);
    await writeFile(join(own, 'notes.py'), 'y = 2\n');
    const twoNone = await runCli(['check', '--sandbox', 'process', '--out', 'json=notes.py', '--out', 'junit=assignment.py'], { cwd: own });
    expect(twoNone.exitCode).toBe(2);
    expect(await readFile(join(own, 'assignment.py'), 'utf8')).toBe('x = 1\n');
    expect(await readFile(join(own, 'notes.py'), 'utf8')).toBe('y = 2\n');
  });

  it('--json is --format json, and the two cannot disagree', async () => {
    const r = await check('submissions/correct/loop.py', '--json', '--format', 'junit');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: --json and --format junit ask for two different outputs; pass one of them.');
  });
});

describe('one score formula across every output', () => {
  let csv: string[][];
  beforeAll(async () => {
    // The gradebook: every sample in one batch, public cases only (as check uses).
    const args = ['grade', ...samples.map((s) => join('submissions', s.file)), '--out', join(tmp, 'batch'), '--cases', 'cases/public.yaml', '--sandbox', 'process'];
    expect((await runCli(args)).exitCode).toBe(0);
    csv = parseCsv(await readFile(join(tmp, 'batch', 'grades.csv'), 'utf8'));
  });

  it.each(samples.map((s) => s.file))('%s gets the same points in terminal, JSON, JUnit, GitHub, Classroom, Gradescope and CSV', async (sample) => {
    const file = join('submissions', sample);
    const name = sample.split('/').pop()!;
    const learner = name.replace(/\.(py|ipynb)$/, '');
    // check --json and gradescope, the two runs a sample costs, side by side.
    const dir = join(tmp, 'gs', learner);
    await mkdir(join(dir, 'submission'), { recursive: true });
    await cp(join(ROOT, file), join(dir, 'submission', name));
    const [checked] = await Promise.all([
      check(file, '--json'),
      runCli(['gradescope', '--submission-dir', join(dir, 'submission'), '--results', join(dir, 'results.json'), '--cases', 'cases/public.yaml', '--sandbox', 'process']),
    ]);
    const json = GradeReportSchema.parse(JSON.parse(checked.stdout));
    const expected = round(json.cases.reduce((t, c) => t + c.points, 0));
    expect(json.score).toBe(expected);

    // The other check formats are rendered from that report, by the calls check makes for each
    // --format (commands/check.ts): a check per format graded the file four more times (~3 s a
    // sample at load, most of the file's 4-5 minutes), for the same report. The CLI's own path for
    // each format is the tests above.
    const terminal = renderTerminal(json, { colorLevel: 0, verbose: false, runLimitS: DEFAULT_LIMITS.runMs / 1000 }).match(/Score: ([\d.]+)\//)![1];
    const ci = json.submission.kind === 'ipynb' ? withNotebookFileLines(json, notebookFileLines(await readFile(join(ROOT, file), 'utf8'))) : json;
    const github = renderGithub(ci, { file }).match(/title=wlgrade score::Score: ([\d.]+)\//)![1];
    const classroom = ClassroomResultSchema.parse(JSON.parse(renderClassroom(ci)));
    type Props = { properties?: { property: { name: string; value: string }[] } };
    const prop = (x: Props, n: string) => Number(x.properties?.property.find((p) => p.name === n)?.value ?? 0);
    const junit = xml.parse(renderJunit(ci, { file })) as { testsuites: { testsuite: (Props & { name: string; testcase: Props[] })[] } };
    const graded = junit.testsuites.testsuite.filter((x) => x.name !== 'submission');

    const gs = GradescopeResultSchema.parse(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));

    expect({
      terminal: Number(terminal),
      github: Number(github),
      classroom: round(classroom.tests.reduce((t, x) => t + x.score, 0)),
      junit: prop(graded[0]!, 'score'),
      junitCases: round(graded.flatMap((x) => x.testcase).reduce((t, c) => t + prop(c, 'points'), 0)),
      gradescope: gs.score,
      gradescopeTests: round(gs.tests.reduce((t, x) => t + x.score, 0)),
      csv: Number(csv.find((r) => r[0] === learner)![2]),
    }).toEqual({ terminal: expected, github: expected, classroom: expected, junit: expected, junitCases: expected, gradescope: expected, gradescopeTests: expected, csv: expected });
  });
});
