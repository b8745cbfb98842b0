/**
 * `wlgrade grade`'s cache of the mistake models' values (suite/models-cache.ts) as staff meet it:
 * written by a bwrap batch and read back by the next with the same reports, never by a
 * `--sandbox process` batch, and one sentence on stderr when it cannot be written.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBwrap } from '../../src/sandbox/detect.js';
import { GradeReportSchema } from '../../src/schema/report.js';
import { ROOT, runCli } from '../helpers/cli.js';

const bwrap = await probeBwrap();
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-models-e2e-'));
  await mkdir(join(tmp, 'class'));
  for (const s of ['mistakes/loss-sum-not-mean.py', 'mistakes/freqs-swapped.py']) await cp(join(ROOT, 'submissions', s), join(tmp, 'class', s.split('/')[1]!));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const grade = (out: string, cacheHome: string, sandbox = 'bwrap') =>
  runCli(['grade', 'class', '--out', out, '--sandbox', sandbox, '--jobs', '1', '--force'], { cwd: tmp, env: { XDG_CACHE_HOME: cacheHome, WLGRADE_NO_CACHE: '' } });
const mistakes = async (out: string) =>
  Promise.all(['freqs-swapped', 'loss-sum-not-mean'].map(async (l) => GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, out, 'results', `${l}.json`), 'utf8'))).mistakes));
const modelFiles = async (cacheHome: string) => (await readdir(join(cacheHome, 'wlgrade')).catch(() => [])).filter((f) => f.startsWith('models-'));

describe.skipIf(!bwrap.ok)(`grade's models cache${bwrap.ok ? '' : ` (skipped: bwrap unavailable: ${bwrap.reason})`}`, () => {
  it('is written by a bwrap batch and read back by the next, with the same reports', async () => {
    const home = join(tmp, 'home');
    const first = await grade('out1', home);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).not.toContain('models');
    expect(await modelFiles(home)).toHaveLength(1);
    const second = await grade('out2', home);
    expect(second.exitCode).toBe(0);
    expect(await mistakes('out2')).toEqual(await mistakes('out1'));
    expect((await mistakes('out1')).map((ms) => ms.map((m) => m.id))).toEqual([['freqs-swapped'], ['loss-sum-not-mean']]);
  });

  it('is neither written nor read by a --sandbox process batch', async () => {
    const home = join(tmp, 'home-process');
    const r = await grade('out3', home, 'process');
    expect(r.exitCode).toBe(0);
    expect(await modelFiles(home)).toEqual([]);
  });

  it('says in one sentence when it cannot be written, and the batch is graded all the same', async () => {
    const notADir = join(tmp, 'not-a-folder');
    await writeFile(notADir, 'x');
    const r = await grade('out4', notADir);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      `wlgrade: could not write the mistake models' cache in ${join(notADir, 'wlgrade')}, so the next batch computes them again; set XDG_CACHE_HOME to a folder you can write, or WLGRADE_NO_CACHE=1 to skip it.`,
    );
    expect(await mistakes('out4')).toEqual(await mistakes('out1'));
  });
});
