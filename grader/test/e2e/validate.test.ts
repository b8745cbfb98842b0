/**
 * `wlgrade validate` and `wlgrade cases show`, run as a user runs them. The weakened suites are
 * derived from cases/public.yaml here, by dropping cases, so they follow the public suite.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSeq, parse, parseDocument } from 'yaml';
import { PUBLIC_SUITE } from '../../src/paths.js';
import { ValidateReportSchema, ValidateStoppedSchema, type ValidateReport } from '../../src/schema/validate.js';
import { CommandStoppedSchema } from '../../src/schema/report.js';
import { parseSuite, type Case } from '../../src/suite/load-suite.js';
import { ROOT, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wlgrade-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const publicText = readFileSync(PUBLIC_SUITE, 'utf8');
const publicCases = parseSuite(publicText, 'cases/public.yaml').cases;

/** cases/public.yaml without the cases `drop` selects, written to a temporary file. */
function publicWithout(name: string, drop: (c: Case) => boolean): string {
  const dropped = new Set(publicCases.filter(drop).map((c) => c.id));
  const doc = parseDocument(publicText);
  const cases = doc.get('cases');
  if (!isSeq(cases)) throw new Error('cases/public.yaml has no cases list');
  cases.items = cases.items.filter((item) => !dropped.has(String((item as { get(k: string): unknown }).get('id'))));
  const path = join(tmp, `${name}.yaml`);
  writeFileSync(path, doc.toString());
  return path;
}

async function validateJson(args: string[]): Promise<{ exitCode: number; report: ValidateReport }> {
  const r = await runCli(['validate', '--json', ...args]);
  return { exitCode: r.exitCode, report: ValidateReportSchema.parse(JSON.parse(r.stdout)) };
}

const exactZeroOne = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((row) => row.some((p) => p === 0 || p === 1));

describe('wlgrade validate', () => {
  it('passes on the shipped suites, correct samples included', async () => {
    const r = await runCli(['validate']);
    expect(r.stdout, r.stdout).toContain('✓ No findings');
    expect(r.stdout).toMatch(/✓ cases\/public\.yaml \(\d+ cases\)/);
    expect(r.stdout).toMatch(/✓ correct\/loop\.py {2}\d+\/\d+ cases passed/);
    expect(r.exitCode).toBe(0);
  });

  it('passes on the hidden suite alone: staff grading with cases/hidden.yaml only still catch and name every mistake', async () => {
    const { exitCode, report } = await validateJson(['--cases', 'cases/hidden.yaml', '--no-samples']);
    expect(report.findings, JSON.stringify(report.findings, null, 1)).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('a hidden suite validated alone that leans on the public suite: one paragraph saying so and what to run, not a line per variant (staff 30)', async () => {
    // Four cases of cases/hidden.yaml: alone, ~60 findings (one per variant of 14 mistakes) that the public cases answer.
    const hidden = parseDocument(readFileSync(join(ROOT, 'cases', 'hidden.yaml'), 'utf8'));
    hidden.set('suite', 'my-hidden');
    const keep = new Set(['hidden-freqs-5x2', 'hidden-loss-toy-preds-0.6', 'hidden-loss-hand-weights', 'hidden-loss-seven-classes']);
    const cases = hidden.get('cases');
    if (!isSeq(cases)) throw new Error('cases/hidden.yaml has no cases list');
    cases.items = cases.items.filter((item) => keep.has(String((item as { get(k: string): unknown }).get('id'))));
    const path = join(tmp, 'my-hidden.yaml');
    writeFileSync(path, hidden.toString());
    const r = await runCli(['validate', '--cases', path, '--no-samples'], { cwd: tmp });
    expect(r.exitCode).toBe(1);
    const findings = r.stdout.slice(r.stdout.indexOf('\nFindings ('));
    const { report } = await validateJson(['--cases', path, '--no-samples']);
    const n = report.findings.length;
    expect(n).toBeGreaterThan(20);
    expect(findings.split('\n').filter((l) => l.startsWith('  ✗')).length).toBe(1);
    expect(findings).toContain(`  ✗ All ${n} findings (`);
    expect(findings).toContain(`go away with ${join(ROOT, 'cases', 'public.yaml')} beside my-hidden.yaml: my-hidden.yaml holds no public case, so alone it is held to catching and naming every mistake by itself.`);
    expect(findings).toContain(`validate them together, wlgrade validate --cases ${join(ROOT, 'cases', 'public.yaml')} --cases my-hidden.yaml.`);
    expect(findings).toMatch(/Graded with my-hidden\.yaml alone: add cases that catch and name loss-no-epsilon, .*\(--format json lists each finding\)\./);
    // The JSON keeps every finding, and says the same in a note.
    expect(report.notes.at(-1)).toMatch(new RegExp(`^${n} of the findings go away with cases/public\\.yaml beside `));
    // Together, as the paragraph says to run them: no finding.
    const together = await validateJson(['--cases', 'cases/public.yaml', '--cases', path, '--no-samples']);
    expect(together.report.findings).toEqual([]);
  });

  it('--json matches its schema and lists every case and mistake', async () => {
    const { exitCode, report } = await validateJson(['--cases', 'cases/public.yaml', '--no-samples']);
    expect(report.findings, JSON.stringify(report.findings, null, 1)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.samples).toBeNull();
    expect(report.cases.map((c) => c.id)).toEqual(publicCases.map((c) => c.id));
    expect(report.cases.every((c) => typeof c.float32Drift === 'number' && c.float32Drift < 1)).toBe(true);
  });

  it('fails when the exact 0/1 prediction cases are removed: nothing shows a missing epsilon', async () => {
    const path = publicWithout('no-exact-0-1', exactZeroOne);
    const { exitCode, report } = await validateJson(['--cases', path, '--no-samples']);
    expect(exitCode).toBe(1);
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'unexplained', mistake: 'loss-no-epsilon' }));
    const text = await runCli(['validate', '--cases', path, '--no-samples']);
    // Named with the way when the mistake has several (the logs as they are, or NaN suppressed).
    expect(text.stdout).toMatch(/✗ \[unexplained\] loss-no-epsilon( \(.*\))? is caught, but no public case shows its telltale symptom/);
    expect(text.stdout).toContain('predictions of exactly 0 or 1 at epsilon = 1e-7');
  });

  it('fails when the epsilon ≠ 1e-7 cases are removed: ignoring the epsilon argument passes', async () => {
    const path = publicWithout('default-epsilon-only', (c) => c.inputs.fn === 'weighted_loss' && c.inputs.epsilon !== 1e-7);
    const { exitCode, report } = await validateJson(['--cases', path, '--no-samples']);
    expect(exitCode).toBe(1);
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'uncaught', mistake: 'loss-epsilon-ignored' }));
  });

  it('reports every malformed case with file:line, and exits 1', async () => {
    const r = await runCli(['validate', '--cases', 'grader/test/fixtures/suites/invalid.yaml', '--no-samples']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('✗ grader/test/fixtures/suites/invalid.yaml (invalid: see findings)');
    expect(r.stdout).toContain('grader/test/fixtures/suites/invalid.yaml:12: case "typo-case": unknown field "tolerence"');
    expect(r.stdout).toContain('grader/test/fixtures/suites/invalid.yaml:18: case "negative-atol", field "tolerance.atol"');
    // Nothing else to say about a suite with no valid case.
    expect(r.stdout).not.toContain('Notes');
  });

  it('names a case file outside the working folder one way in the Files list and in its findings', async () => {
    const path = join(tmp, 'typo.yaml');
    writeFileSync(path, 'suite: typo\ncases:\n  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    pionts: 2\n');
    const r = await runCli(['validate', '--cases', path, '--no-samples']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`  ✗ ${path} (invalid: see findings)`);
    expect(r.stdout).toContain(`  ✗ [invalid-file] ${path}:6: case "a": unknown field "pionts": did you mean "points"? Rename it.`);
  });

  it('a case file given twice is a usage error (exit 2), not a duplicate id per case', async () => {
    const r = await runCli(['validate', '--cases', 'cases/public.yaml', '--cases', './cases/public.yaml', '--no-samples']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: cases/public.yaml is given twice to --cases. Pass each case file once.');
  });

  it('a missing case file is a usage error (exit 2)', async () => {
    const r = await runCli(['validate', '--cases', 'cases/nope.yaml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Cannot read the case file cases/nope.yaml (ENOENT: no such file or folder). Check the path given to --cases.');
  });

  it.each([
    ['a missing case file', ['--cases', 'cases/nope.yaml'], 'CASES_NOT_FOUND'],
    ['a case file given twice', ['--cases', 'cases/public.yaml', '--cases', './cases/public.yaml'], 'USAGE'],
  ])('%s: --json and --format github still print the reason (a script piping --json into jq read an empty input)', async (_, args, code) => {
    const json = await runCli(['validate', ...args, '--no-samples', '--json']);
    expect(json.exitCode).toBe(2);
    const sentence = json.stderr.trimEnd().replace(/^wlgrade: /, '');
    expect(ValidateStoppedSchema.parse(JSON.parse(json.stdout))).toMatchObject({ ok: false, error: { code, message: sentence } });
    const gh = await runCli(['validate', ...args, '--no-samples', '--format', 'github']);
    expect(gh.exitCode).toBe(2);
    expect(gh.stdout.trimEnd()).toBe(`::error title=wlgrade validate%3A cannot validate (${code})::${sentence}`);
  });
});

describe('wlgrade cases show', () => {
  it('prints a generated case as YAML: concrete arrays and the expected value', async () => {
    const r = await runCli(['cases', 'show', 'loss-two-classes', '--cases', 'cases/public.yaml']);
    expect(r.exitCode).toBe(0);
    const shown = parse(r.stdout) as Record<string, unknown>;
    const c = publicCases.find((k) => k.id === 'loss-two-classes')!;
    if (c.inputs.fn !== 'weighted_loss') throw new Error('unreachable');
    expect(shown).toMatchObject({ id: 'loss-two-classes', function: 'weighted_loss', shape: [5, 2], y_true: c.inputs.yTrue, y_pred: c.inputs.yPred });
    expect(typeof shown.expected).toBe('number');
    expect(r.stdout).toMatch(/^ {2}- \[[01], [01]\]$/m); // one matrix row per line
  });

  it('--json prints the same data', async () => {
    const r = await runCli(['cases', 'show', 'freqs-course-example', '--json', '--cases', 'cases/public.yaml']);
    expect(JSON.parse(r.stdout)).toMatchObject({ labels: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]], expected: { pos: [0.75, 0.75, 0.5], neg: [0.25, 0.25, 0.5] } });
  });

  it('an unknown id is a usage error that suggests near ids', async () => {
    const r = await runCli(['cases', 'show', 'two-classes', '--cases', 'cases/public.yaml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('No case "two-classes" in cases/public.yaml. Did you mean loss-two-classes?');
  });

  it('with --json, an unknown id or a broken case file is an error document on stdout (exit 2, the sentence on stderr too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-show-'));
    writeFileSync(join(dir, 'bad.yaml'), 'cases:\n  - id: x\n    function: nope\n');
    for (const [args, said] of [
      [['cases', 'show', 'nosuch', '--json', '--cases', 'cases/public.yaml'], /^No case "nosuch" in cases\/public\.yaml\. The cases are: freqs-course-example, .*loss-perfect-predictions\.$/],
      [['cases', 'show', 'two-classes', '--json', '--cases', 'cases/public.yaml'], /^No case "two-classes" in cases\/public\.yaml\. Did you mean loss-two-classes\?$/],
      [['cases', 'show', 'x', '--json', '--cases', join(dir, 'bad.yaml')], /bad\.yaml/],
    ] as [string[], RegExp][]) {
      const r = await runCli(args);
      expect(r.exitCode).toBe(2);
      const doc = CommandStoppedSchema.parse(JSON.parse(r.stdout));
      expect(doc.error.message).toMatch(said);
      expect(r.stderr).toContain(doc.error.message);
    }
  });
});

void ROOT;
