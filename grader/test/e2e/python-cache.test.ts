/**
 * `check` under bwrap starts the sandbox from the Python's description of the last check
 * (sandbox/python-info-cache.ts) while its probe asks the Python again: a description that went
 * stale (the learner switched Pythons, or a process-mode submission rewrote the file) never
 * decides a result. The run made from it is made again from the probe's answer, which replaces it.
 */
import { readdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBwrap, PythonInfoSchema, type PythonInfo } from '../../src/sandbox/detect.js';
import { GradeReportSchema } from '../../src/schema/report.js';
import { ROOT, runCli } from '../helpers/cli.js';

let cacheHome: string;
beforeAll(async () => {
  cacheHome = await mkdtemp(join(tmpdir(), 'wlgrade-pycache-'));
});
afterAll(() => rm(cacheHome, { recursive: true, force: true }));

const env = () => ({ XDG_CACHE_HOME: cacheHome, WLGRADE_NO_CACHE: '' });
const pythonFiles = async () => (await readdir(join(cacheHome, 'wlgrade'))).filter((f) => f.startsWith('python-'));
const stored = async (): Promise<PythonInfo> => PythonInfoSchema.parse(JSON.parse(await readFile(join(cacheHome, 'wlgrade', (await pythonFiles())[0]!), 'utf8')));

const bwrap = await probeBwrap();

describe.skipIf(!bwrap.ok)('check: the remembered Python', () => {
  const samples = ['submissions/correct/vectorised.py', 'submissions/mistakes/loss-sum-not-mean.py'];
  const fresh = new Map<string, { exitCode: number; stdout: string }>();

  it('is stored after a check under bwrap, and a check that starts from it reports the same', async () => {
    for (const s of samples) {
      const nocache = await runCli(['check', '--sandbox', 'bwrap', s], { env: { WLGRADE_NO_CACHE: '1' } });
      fresh.set(s, { exitCode: nocache.exitCode, stdout: nocache.stdout });
      const first = await runCli(['check', '--sandbox', 'bwrap', s], { env: env() });
      const second = await runCli(['check', '--sandbox', 'bwrap', s], { env: env() });
      for (const r of [first, second]) expect({ exitCode: r.exitCode, stdout: r.stdout }).toEqual(fresh.get(s));
    }
    expect(await pythonFiles()).toHaveLength(1);
    const info = await stored();
    expect(info.executable).toMatch(/python/);
    expect(info.paths.length).toBeGreaterThan(0);
  });

  // A Python that is gone, a program that is no Python, and one whose standard library is not shown:
  // each run made from such a description fails in its own way, and none of that may show.
  it.each([
    ['an interpreter that is gone', (i: PythonInfo) => ({ ...i, executable: '/nonexistent/bin/python3' })],
    ['a program that exits at once', (i: PythonInfo) => ({ ...i, executable: '/bin/true' })],
    ['an interpreter whose library is elsewhere', (i: PythonInfo) => ({ ...i, prefix: '/nonexistent', basePrefix: '/nonexistent', execPrefix: '/nonexistent', paths: [] })],
  ])('that went stale (%s) gives the same report, and is replaced by the probe\'s', async (_, stale) => {
    const good = await stored();
    const file = join(cacheHome, 'wlgrade', (await pythonFiles())[0]!);
    for (const s of samples) {
      await writeFile(file, JSON.stringify(stale(good)));
      const r = await runCli(['check', '--sandbox', 'bwrap', s], { env: env() });
      expect({ exitCode: r.exitCode, stdout: r.stdout }).toEqual(fresh.get(s));
      expect(await stored()).toEqual(good);
    }
  });

  // Red team 28: learner code run by check in a plain process (it runs as the cache's owner) put a
  // FIFO in place of every cache file, and every later check waited for a writer for ever.
  it('that learner code replaced with FIFOs is no cache: the next check runs as without one', { timeout: 90_000 }, async () => {
    const s = samples[1]!;
    const poisoned = await runCli(['check', '--sandbox', 'process', '--json', join(ROOT, 'grader', 'test', 'adversarial', 'fixtures', 'poison-cache-fifo.py')], { env: env() });
    expect(GradeReportSchema.parse(JSON.parse(poisoned.stdout)).output.stdout).toMatch(/PLANTED \[.*'python-[0-9a-f]+\.json'.*'suite-[0-9a-f]+\.json'/);
    const r = await runCli(['check', '--sandbox', 'bwrap', s], { env: env(), timeoutMs: 60_000 });
    expect({ exitCode: r.exitCode, stdout: r.stdout }).toEqual(fresh.get(s));
  });

  // Were the run from the stale description waited for, this check would take its whole time
  // limit (--timeout 600, past the test's own limit): the probe's other answer stops it.
  it('that went stale (a program that never ends) is stopped by the probe\'s answer, not waited for', { timeout: 90_000 }, async () => {
    const good = await stored();
    const hang = join(cacheHome, 'hang');
    await writeFile(hang, '#!/bin/sh\nexec sleep 3600\n', { mode: 0o755 });
    await writeFile(join(cacheHome, 'wlgrade', (await pythonFiles())[0]!), JSON.stringify({ ...good, executable: hang }));
    const s = samples[1]!;
    const r = await runCli(['check', '--sandbox', 'bwrap', '--timeout', '600', s], { env: env(), timeoutMs: 85_000 });
    expect({ exitCode: r.exitCode, stdout: r.stdout }).toEqual(fresh.get(s));
    expect(await stored()).toEqual(good);
  });
});
