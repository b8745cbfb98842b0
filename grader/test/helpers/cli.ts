/** Runs the built CLI (dist/) the way a user does, for e2e tests. `npm test` builds first. */
import { execa } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PACKAGE_ROOT, PUBLIC_SUITE } from '../../src/paths.js';
import { GradeReportSchema, type GradeReport } from '../../src/schema/report.js';

export const ROOT = PACKAGE_ROOT;
export const CLI = join(ROOT, 'dist', 'grader', 'src', 'cli.js');

/**
 * The cache folder (XDG_CACHE_HOME: check's parsed suites and Python descriptions) of this test
 * file's CLI runs: made on first use under the temp dir, removed after the file's tests. Runs had
 * the runner's own HOME, so check read and wrote ~/.cache/wlgrade, shared with every other run on
 * the machine (a stale or foreign entry there could change what a test sees). A test about the
 * default location passes its own HOME and XDG_CACHE_HOME: '' in `env`, which wins. Import this
 * module at a test file's top level: the removal is an afterAll of the importing file.
 */
let cacheHome: string | undefined;
afterAll(() => {
  if (cacheHome) rmSync(cacheHome, { recursive: true, force: true });
  cacheHome = undefined;
});
export function cacheEnv(): { XDG_CACHE_HOME: string } {
  cacheHome ??= mkdtempSync(join(tmpdir(), 'wlgrade-e2e-cache-'));
  return { XDG_CACHE_HOME: cacheHome };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `wlgrade …args`. A run still going after `timeoutMs` (110 s: under the tests' 120 s) is
 * killed and throws, naming the command and what it had written: it was an exit code of -1 and
 * empty output, which the test then failed on as "expected -1 to be 0" or a JSON parse error.
 */
export async function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  const timeoutMs = opts.timeoutMs ?? 110_000;
  const r = await execa(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { NO_COLOR: '1', ...cacheEnv(), ...opts.env },
    reject: false,
    timeout: timeoutMs,
  });
  if (r.timedOut) {
    const tail = (text: unknown) => JSON.stringify(String(text).slice(-500));
    throw new Error(`wlgrade ${args.join(' ')} did not finish within ${timeoutMs / 1000} s and was killed (a loaded machine, or a hang); stderr so far: ${tail(r.stderr)}, stdout: ${tail(r.stdout)}`);
  }
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** `wlgrade check --json [extra…] file`: its exit code and its report, parsed. */
export async function checkJson(file: string, extra: string[] = []): Promise<{ exitCode: number; report: GradeReport }> {
  const r = await runCli(['check', '--json', ...extra, file]);
  return { exitCode: r.exitCode, report: GradeReportSchema.parse(JSON.parse(r.stdout)) };
}

/** Replaces machine-specific paths so snapshots hold on any checkout. */
export function scrub(text: string): string {
  return text.split(ROOT).join('<ROOT>');
}

/**
 * For a test file that writes submissions of its own: a temp folder made before its tests and
 * removed after, and `check(name, contents)`, which writes the file there and returns
 * `wlgrade check --json` (process sandbox: these tests are about grading, not isolation).
 */
export function scratchSubmissions(prefix: string): (name: string, contents: string | Buffer, args?: string[]) => Promise<{ exitCode: number; report: GradeReport }> {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `wlgrade-${prefix}-`));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return async (name, contents, args = []) => {
    const file = join(dir, name);
    await writeFile(file, contents);
    return checkJson(file, ['--sandbox', 'process', ...args]);
  };
}

/** A submission's report from a batch (batchSubmissions), and the exit code `wlgrade check` gives that report. */
export type BatchGraded = () => Promise<{ exitCode: number; report: GradeReport }>;

/**
 * For a test file that grades many submissions of its own: one `wlgrade grade` run for all of them
 * instead of a `check` each (a Node, the suite and a cold Python per file were most of each test's
 * time: odd-submissions.test.ts's 112 checks took 145 s on their own, 340-490 s in a full run). The
 * function returned registers a file and gives its getter; call it where a describe is collected,
 * not in a test. Before the file's tests, one `grade --sandbox process --cases cases/public.yaml`
 * (check's suite) grades them all, each in a learner folder of its own so the file keeps its name
 * (messages quote it). A report is check's (the same gradeSubmission, feedback full) but for its
 * `learner` and a relative `submission.path`; `exitCode` is the one check gives it (check.ts's
 * exitCode of its status). A test whose verdict hangs on a time limit (--timeout, a load stopped
 * midway) keeps a check of its own: the batch grades two submissions at a time.
 */
export function batchSubmissions(prefix: string): (name: string, contents: string | Buffer) => BatchGraded {
  const files: { name: string; contents: string | Buffer }[] = [];
  const learner = (i: number) => `f${String(i).padStart(3, '0')}`;
  let dir = '';
  let started = false;
  beforeAll(async () => {
    started = true;
    if (files.length === 0) return;
    dir = await mkdtemp(join(tmpdir(), `wlgrade-${prefix}-`));
    for (const [i, f] of files.entries()) {
      await mkdir(join(dir, 'in', learner(i)), { recursive: true });
      await writeFile(join(dir, 'in', learner(i), f.name), f.contents);
    }
    // 2 jobs: vitest's other worker runs too. Killed under the hook's limit, so the error names the run.
    const r = await runCli(['grade', join(dir, 'in'), '--out', join(dir, 'out'), '--sandbox', 'process', '--cases', PUBLIC_SUITE, '--jobs', '2'], { timeoutMs: 580_000 });
    if (r.exitCode !== 0) throw new Error(`wlgrade grade of this file's ${files.length} submissions exited ${r.exitCode}; stderr: ${r.stderr.slice(-3000)}`);
  }, 600_000);
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));
  return (name, contents) => {
    if (started) throw new Error(`${name} was added to the batch inside a test, after the batch ran: add it where its describe is collected.`);
    const i = files.push({ name, contents }) - 1;
    return async () => {
      const text = await readFile(join(dir, 'out', 'results', `${learner(i)}.json`), 'utf8').catch(async () => {
        const csv = await readFile(join(dir, 'out', 'grades.csv'), 'utf8').catch(() => '(no grades.csv)');
        throw new Error(`${name} (learner ${learner(i)}) has no report from the batch; its grades.csv row: ${csv.split('\n').find((l) => l.startsWith(`${learner(i)},`)) ?? '(none)'}`);
      });
      const report = GradeReportSchema.parse(JSON.parse(text));
      // Imported here: commands/check.ts loads much that the other tests of helpers/cli.ts never use.
      const { exitCode } = await import('../../src/commands/check.js');
      return { exitCode: exitCode(report), report };
    };
  };
}

/** What one check wrote in each format (checkFormats). */
export interface CheckFormats {
  exitCode: number;
  /** `--format github` (stdout). */
  github: string;
  terminal: string;
  junit: string;
  report: GradeReport;
}

/**
 * `wlgrade check [extra…] file` once for the terminal, GitHub, JUnit and JSON formats: github on
 * stdout, the others through --out, which renders the same report (a test asking for each format
 * started a Node, the suite and a Python per format). GITHUB_STEP_SUMMARY is emptied so a test run
 * inside GitHub Actions does not append to the job's summary.
 */
export async function checkFormats(file: string, extra: string[] = []): Promise<CheckFormats> {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-formats-'));
  try {
    const at = (name: string) => join(dir, name);
    const r = await runCli(['check', ...extra, '--format', 'github', '--out', `terminal=${at('terminal.txt')}`, '--out', `junit=${at('junit.xml')}`, '--out', `json=${at('report.json')}`, file], { env: { GITHUB_STEP_SUMMARY: '' } });
    const read = (name: string) => readFile(at(name), 'utf8').catch(() => {
      throw new Error(`wlgrade check ${file} wrote no ${name} (exit ${r.exitCode}); stderr: ${r.stderr.slice(-2000)}`);
    });
    return { exitCode: r.exitCode, github: r.stdout, terminal: await read('terminal.txt'), junit: await read('junit.xml'), report: GradeReportSchema.parse(JSON.parse(await read('report.json'))) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
