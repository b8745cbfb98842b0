/**
 * templates/github-workflow.yml grades for marks (GitHub Classroom points) on a runner where learner
 * code in a plain process could rewrite what the later steps read: every run of wlgrade in it must
 * ask for the bwrap sandbox (which fails instead of falling back) on a runner that has it.
 * Gradescope's setup.sh must end with a Node that package.json's engines accept.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';

const workflow = parse(readFileSync(join(PACKAGE_ROOT, 'templates', 'github-workflow.yml'), 'utf8')) as {
  name: string;
  jobs: Record<string, { name?: string; steps: Array<{ name?: string; id?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> }> }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const runs = steps.flatMap((s) => (s.run ?? '').split('\n')).map((l) => l.trim());

describe('the GitHub Classroom workflow template', () => {
  it("runs no Python module from the learner's checkout: `python -m` puts the current folder (the repository, after actions/checkout) first on sys.path, so each is isolated (-I) (red team 32)", async () => {
    const modules = runs.filter((l) => /\bpython3?\b.*\s-m\s/.test(l));
    expect(modules.length).toBeGreaterThan(0);
    for (const l of modules) expect(l, l).toMatch(/\bpython3? -I -m /);
    // What -I does there: a pip package committed at the repository's root is not the one that runs.
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-checkout-'));
    await mkdir(join(dir, 'pip'));
    await writeFile(join(dir, 'pip', '__init__.py'), '');
    await writeFile(join(dir, 'pip', '__main__.py'), 'print("the learner\'s pip")\n');
    const asWritten = async (l: string) => (await execa('python3', [...l.split(/\s+/).slice(1, l.split(/\s+/).indexOf('pip') + 1), '--version'], { cwd: dir, reject: false })).stdout;
    for (const l of modules.filter((x) => /-m pip\b/.test(x))) expect(await asWritten(l)).toMatch(/^pip \d/);
  });

  it('installs bubblewrap before the first wlgrade check', () => {
    const install = runs.findIndex((l) => /apt-get install .*bubblewrap/.test(l));
    const firstCheck = runs.findIndex((l) => /\bcheck\b/.test(l) && l.includes('$SUBMISSION'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(firstCheck).toBeGreaterThan(install);
  });

  it('runs the learner\'s code once: one check, with --sandbox bwrap (no plain-process fall-back), gives the github, classroom and junit reports (staff 30)', () => {
    const checks = runs.filter((l) => /\bcheck\b/.test(l) && l.includes('$SUBMISSION'));
    expect(checks).toHaveLength(1);
    const [only] = checks;
    expect(only).toContain('--sandbox bwrap');
    expect(only!.match(/--format (\w+)/)?.[1]).toBe('github');
    expect([...only!.matchAll(/--out (\w+)=(\S+)/g)].map((m) => [m[1], m[2]])).toEqual([
      ['classroom', 'classroom.json'],
      ['junit', 'junit.xml'],
    ]);
  });

  it('hands Classroom the points whatever the check exited with (a file graded in part exits 2 with its points), and fails the step only above 1', () => {
    const graded = steps.find((s) => /--out classroom=classroom\.json/.test(s.run ?? ''))!;
    const lines = graded.run!.split('\n').map((l) => l.trim());
    const check = lines.findIndex((l) => /\bcheck\b/.test(l));
    expect(lines[check]).toMatch(/\|\| code=\$\?$/);
    expect(lines.findIndex((l) => l.startsWith('echo "result='))).toBeGreaterThan(check);
    expect(lines.filter(Boolean).at(-1)).toBe('[ "$code" -le 1 ]');
    const reporter = steps.find((s) => s.uses?.startsWith('classroom-resources/autograding-grading-reporter@')) as { if?: string };
    expect(reporter.if).toBe(`always() && steps.${graded.id}.outputs.result != ''`);
  });

  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
  ])('its grade step, run as GitHub runs it (bash -e) on a check that exits %i, hands the result on and exits %i', async (exit, stepExit) => {
    const graded = steps.find((s) => s.id === 'wlgrade')!;
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-step-'));
    // A check that writes its --out files, then exits as told.
    await writeFile(join(dir, 'fake'), `#!/bin/sh\nprintf '{"version":1}' > classroom.json\nprintf '<testsuites/>' > junit.xml\nexit ${exit}\n`);
    await chmod(join(dir, 'fake'), 0o755);
    const r = await execa('bash', ['-e', '-c', graded.run!], { cwd: dir, reject: false, env: { WLGRADE_RUN: join(dir, 'fake'), SUBMISSION: 'a.py', PYTHON: 'python3', GITHUB_OUTPUT: join(dir, 'out') } });
    expect(r.exitCode).toBe(stepExit);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(`result=${Buffer.from('{"version":1}').toString('base64')}\n`);
  });

  it("hands on no points from a classroom.json the learner committed, when the check writes none (review of c92f6fa: one check with --out replaced the shell's `> classroom.json`, which emptied the file first)", async () => {
    const graded = steps.find((s) => s.id === 'wlgrade')!;
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-step-'));
    const committed = '{"version":1,"status":"pass","max_score":23,"tests":[{"name":"all","status":"pass","score":23}]}';
    await writeFile(join(dir, 'classroom.json'), committed);
    await writeFile(join(dir, 'junit.xml'), '<testsuites tests="1" failures="0"/>');
    // A check that stops (exit 3, a bug or a forged INTERNAL_ERROR report) before writing its files.
    await writeFile(join(dir, 'fake'), '#!/bin/sh\nexit 3\n');
    await chmod(join(dir, 'fake'), 0o755);
    const r = await execa('bash', ['-e', '-c', graded.run!], { cwd: dir, reject: false, env: { WLGRADE_RUN: join(dir, 'fake'), SUBMISSION: 'a.py', PYTHON: 'python3', GITHUB_OUTPUT: join(dir, 'out') } });
    expect(r.exitCode).toBe(1);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('result=\n');
    expect(existsSync(join(dir, 'junit.xml'))).toBe(false);
  });

  it('keeps junit.xml past the job: a later step uploads it, whatever the checks before it did (staff 29)', () => {
    // Written to the runner's workspace and nothing else, it went with the runner.
    const junit = steps.findIndex((s) => /--out junit=junit\.xml/.test(s.run ?? ''));
    const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === 'junit.xml');
    expect(junit).toBeGreaterThanOrEqual(0);
    expect(upload).toBeGreaterThan(junit);
    expect((steps[upload] as { if?: string }).if).toBe('always()');
    // After the reporter, and allowed to fail: a failed upload before it would skip the reporter, and Classroom's points.
    const reporter = steps.findIndex((s) => s.uses?.startsWith('classroom-resources/autograding-grading-reporter@'));
    expect(upload).toBeGreaterThan(reporter);
    expect((steps[upload] as { 'continue-on-error'?: boolean })['continue-on-error']).toBe(true);
  });
});

describe('the GitHub Classroom workflow template, as Classroom reads it', () => {
  // classroom-resources/autograding-grading-reporter@v1 posts the points as two notice annotations
  // ("Autograding complete": Points X/Y, "Autograding report": {totalPoints, maxPoints}) on the job's
  // check run, and Classroom finds that run by its names: its README says the workflow must be
  // called "Autograding Tests" and have one job, called run-autograding-tests, or no score is
  // uploaded. A job's check run is named by the job's name: when given, not the id.
  it('is the workflow "Autograding Tests" with one job, run-autograding-tests, not renamed', () => {
    expect(workflow.name).toBe('Autograding Tests');
    expect(Object.keys(workflow.jobs)).toEqual(['run-autograding-tests']);
    expect(workflow.jobs['run-autograding-tests']!.name).toBeUndefined();
  });

  it("hands the reporter the classroom result under the env name it reads for each runner (<RUNNER>_RESULTS)", () => {
    const reporter = steps.find((s) => s.uses?.startsWith('classroom-resources/autograding-grading-reporter@'))!;
    expect(reporter).toBeDefined();
    const runners = reporter.with!.runners!.split(',').map((r) => r.trim());
    expect(runners.length).toBeGreaterThan(0);
    const graded = steps.find((s) => /--out classroom=classroom\.json/.test(s.run ?? ''))!;
    for (const r of runners) expect(reporter.env?.[`${r.toUpperCase()}_RESULTS`]).toBe(`\${{ steps.${graded.id}.outputs.result }}`);
    expect(graded.run).toMatch(/echo "result=\$\(base64 -w0 classroom\.json\)" >> "\$GITHUB_OUTPUT"/);
  });
});

describe("Gradescope's setup.sh", () => {
  it('installs Node from NodeSource unless the node there meets package.json engines (>= 20.10: pip-names.ts imports its JSON table `with { type: \'json\' }`)', async () => {
    const setup = readFileSync(join(PACKAGE_ROOT, 'templates', 'gradescope', 'setup.sh'), 'utf8');
    const check = setup.split('\n').find((l) => l.startsWith('if ! command -v node'))!;
    expect(check).toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-setup-'));
    // A `node` that reports FAKE_NODE as its version.
    await writeFile(join(dir, 'ver.cjs'), 'Object.defineProperty(process, "versions", { value: { ...process.versions, node: process.env.FAKE_NODE } });');
    await writeFile(join(dir, 'node'), `#!/bin/sh\nexec "${process.execPath}" -r "${join(dir, 'ver.cjs')}" "$@"\n`);
    await chmod(join(dir, 'node'), 0o755);
    const installs = async (version: string) =>
      (await execa('bash', ['-c', `${check} echo install; else echo keep; fi`], { env: { PATH: `${dir}:/usr/bin:/bin`, FAKE_NODE: version } })).stdout;
    expect(await installs('18.19.0')).toBe('install');
    expect(await installs('20.4.1')).toBe('install');
    expect(await installs('20.9.0')).toBe('install');
    expect(await installs('20.10.0')).toBe('keep');
    expect(await installs('22.1.0')).toBe('keep');
  });
});
