/**
 * Two runs into one --out (staff 32): while a `wlgrade grade` run holds the folder, a second
 * `grade` or a `merge` into it is refused in one sentence naming the first run (exit 2, nothing
 * written); once that run is killed outright (SIGKILL: it removes nothing), the next run grades.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheEnv, CLI, runCli, ROOT } from '../helpers/cli.js';
import { waitFor, within } from '../helpers/wait.js';

let tmp: string;
const PUBLIC = join(ROOT, 'cases', 'public.yaml');
const grade = (from: string, out: string) => runCli(['grade', from, '--out', out, '--cases', PUBLIC, '--sandbox', 'process', '--jobs', '1'], { cwd: tmp });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-out-lock-e2e-'));
  await mkdir(join(tmp, 'slow'));
  // Loads for minutes: the first run is still grading it when the others start, however loaded the
  // machine. It says where it is, so the test can end it (its own session outlives the run's kill).
  const loop = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
  await writeFile(join(tmp, 'slow', 'sleepy.py'), `${loop}\nimport os, time\nopen(${JSON.stringify(join(tmp, 'sleepy.pid'))}, 'w').write(str(os.getpid()))\ntime.sleep(240)\n`);
  await mkdir(join(tmp, 'fast'));
  await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'fast', 'ada.py'));
});
afterAll(async () => {
  const pid = Number(await readFile(join(tmp, 'sleepy.pid'), 'utf8').catch(() => ''));
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await rm(tmp, { recursive: true, force: true });
});

describe('one run at a time into --out', () => {
  it('a second grade or a merge into the folder a running grade holds is refused naming it; after that run is killed (SIGKILL), the next grade proceeds', async () => {
    const shard = await grade('fast', 'shard');
    expect(shard.exitCode, shard.stderr).toBe(0);

    const first = execa(process.execPath, [CLI, 'grade', 'slow', '--out', 'out', '--cases', PUBLIC, '--sandbox', 'process', '--jobs', '1', '--no-pool', '--timeout', '300'], {
      cwd: tmp,
      env: { NO_COLOR: '1', ...cacheEnv() },
      reject: false,
      timeout: 100_000,
    });
    const pid = first.pid!;
    await waitFor('the first run to be grading sleepy.py', () => existsSync(join(tmp, 'sleepy.pid')), { limitMs: 100_000 });

    const second = await grade('fast', 'out');
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(
        `^wlgrade: --out out is in use by a wlgrade grade run \\(pid ${pid} on this machine since [-0-9]+ [:0-9]+ UTC\\), and two runs writing into one --out would mix their reports, grades\\.csv and batch-state\\.json; wait for it to end \\(or stop it: kill ${pid}\\) and run this command again, or choose another --out\\.$`,
      ),
    );
    const merged = await runCli(['merge', 'shard', '--out', 'out'], { cwd: tmp });
    expect(merged.exitCode).toBe(2);
    expect(merged.stderr).toContain(`--out out is in use by a wlgrade grade run (pid ${pid} on this machine since `);
    // Neither wrote anything there.
    expect((await readdir(join(tmp, 'out'))).filter((n) => !n.startsWith('.'))).toEqual(['results']);
    expect(await readdir(join(tmp, 'out', 'results'))).toEqual([]);

    first.kill('SIGKILL');
    await within('the first run to die', first);
    const third = await grade('fast', 'out');
    expect(third.exitCode, third.stderr).toBe(0);
    expect(third.stdout).toContain('Graded 1 of 1 learners');
    // It removed the killed run's lock, and its own on the way out.
    expect((await readdir(join(tmp, 'out'))).filter((n) => n.startsWith('.wlgrade-lock'))).toEqual([]);
  });
});
