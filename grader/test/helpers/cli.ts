/** Runs the built CLI (dist/) the way a user does, for e2e tests. `npm test` builds first. */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { GradeReportSchema, type GradeReport } from '../../src/schema/report.js';

export const ROOT = PACKAGE_ROOT;
export const CLI = join(ROOT, 'dist', 'grader', 'src', 'cli.js');

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
    env: { NO_COLOR: '1', ...opts.env },
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
