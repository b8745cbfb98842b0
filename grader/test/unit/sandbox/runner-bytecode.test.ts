/**
 * A cold run's Python reads the runner from the bytecode `npm run build` compiled
 * (scripts/postbuild.mjs), in both sandboxes: it starts wlgrade_run.py, which imports runner.py as
 * a module. runner.py, started as the script, was compiled from source at every start (~77 ms; a
 * script is never read from a .pyc). A stale or missing .pyc must still give a working run, from
 * the source; a .pyc copied with new file times (git checkout, npm pack) must still be used.
 * `python -v` says where each module's code came from.
 */
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON_DIR, RUNNER_ENTRY_NAME } from '../../../src/paths.js';
import { probeBwrap } from '../../../src/sandbox/detect.js';
import { buildLaunch } from '../../../src/sandbox/launch.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';
const TOKEN = 'ab'.repeat(16);
const bwrap = await probeBwrap();
let dir = '';
let tag = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-bytecode-'));
  tag = (await execa(PY, ['-c', 'import sys; print(sys.implementation.cache_tag)'])).stdout.trim();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const plan = (submission: string) => JSON.stringify({ submission, kind: 'py', displayName: 'x.py', functions: [], calls: [], maxResultElements: 10, token: TOKEN });

/** The records a run sent on fd 3 (their kinds) and the lines of `python -v` about runner.py. */
async function run(file: string, args: string[], opts: { cwd: string; env: Record<string, string>; submission: string }) {
  const r = await execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    input: plan(opts.submission),
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    reject: false,
    buffer: true,
  });
  const records = String(r.stdio[3] ?? '').split('\n').filter(Boolean).map((l) => (JSON.parse(l.slice(TOKEN.length + 1)) as { t: string }).t);
  const runner = r.stderr.split('\n').filter((l) => /runner\.(py|cpython)|'runner'/.test(l));
  return { code: r.exitCode, records, runner };
}

describe.each([
  { mode: 'process' as const, skip: false },
  { mode: 'bwrap' as const, skip: bwrap.ok ? false : `bwrap unavailable: ${bwrap.reason}` },
])('a cold run under --sandbox $mode', ({ mode, skip }) => {
  it.skipIf(skip)("loads runner.py from the build's .pyc, and runs", async () => {
    const run_dir = await mkdtemp(join(dir, `${mode}-`));
    await mkdir(join(run_dir, 'home'));
    await mkdir(join(run_dir, 'sub'));
    await writeFile(join(run_dir, 'sub', 'x.py'), 'x = 1\n');
    const spec = await buildLaunch(mode, { python: PY, dir: run_dir, submission: join(run_dir, 'sub', 'x.py'), limits: DEFAULT_LIMITS });
    // python -v, at the command's -B (process mode: the arguments; bwrap: the command after --).
    const args = [...spec.args];
    args.splice(args.lastIndexOf('-B') + 1, 0, '-v');
    const r = await run(spec.file, args, { cwd: spec.cwd, env: spec.env, submission: spec.submissionPath });
    const shown = mode === 'bwrap' ? '/wlgrade/python' : PYTHON_DIR;
    expect(r.runner).toContain(`# code object from '${shown}/__pycache__/runner.${tag}.pyc'`);
    expect(r.records).toEqual(['hello', 'loading', 'load', 'done']);
    expect(r.code).toBe(0);
  });
});

describe("the runner's .pyc, copied", () => {
  /** A copy of the runner's folder, with the build's __pycache__, changed by `change`; runs its entry as process mode does. */
  async function copyRun(name: string, change: (py: string) => Promise<void>) {
    const py = join(dir, name);
    await cp(PYTHON_DIR, py, { recursive: true });
    await change(py);
    await writeFile(join(dir, `${name}.py`), 'x = 1\n');
    return run(PY, ['-B', '-v', join(py, RUNNER_ENTRY_NAME)], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, submission: join(dir, `${name}.py`) });
  }
  const fromPyc = (py: string) => `# code object from '${join(dir, py)}/__pycache__/runner.${tag}.pyc'`;

  it('with new file times (git checkout, npm pack): still used (checked by hash, not by time)', async () => {
    const r = await copyRun('touched', async (py) => {
      const later = new Date(Date.now() + 3_600_000);
      await utimes(join(py, 'runner.py'), later, later);
    });
    expect(r.runner).toContain(fromPyc('touched'));
    expect(r.records).toEqual(['hello', 'loading', 'load', 'done']);
  });

  it('with runner.py edited after the build: not used, the edited source runs', async () => {
    const r = await copyRun('edited', async (py) => {
      const source = await readFile(join(py, 'runner.py'), 'utf8');
      // One word changed, same length: the source hash tells the .pyc is stale.
      await writeFile(join(py, 'runner.py'), source.replace('"hello", "python"', '"hullo", "python"'));
    });
    expect(r.runner).not.toContain(fromPyc('edited'));
    expect(r.records).toEqual(['hullo', 'loading', 'load', 'done']);
  });

  it('missing (a fresh clone before `npm run build`, another Python version): compiled from source, the run the same', async () => {
    const r = await copyRun('missing', async (py) => rm(join(py, '__pycache__'), { recursive: true, force: true }));
    expect(r.runner.filter((l) => l.startsWith('# code object from'))).toEqual([`# code object from ${join(dir, 'missing', 'runner.py')}`]);
    expect(r.records).toEqual(['hello', 'loading', 'load', 'done']);
    expect(r.code).toBe(0);
  });
});
