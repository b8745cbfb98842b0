/**
 * `wlgrade merge` opened every row's report at once: past the open-file limit (here 1,000
 * learners under `ulimit -n 256`; a MOOC's under a hard 65,536) the reads failed with EMFILE and
 * merge told staff that a sound report "is not a wlgrade report; grade that shard again" (red
 * team 34). A shard of one graded learner is copied to 1,000 learners, then merged under that limit.
 */
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { cacheEnv, CLI, ROOT, runCli } from '../helpers/cli.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-merge-cohort-'));
  await mkdir(join(tmp, 'a'));
  await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'a', 'ana.py'));
  const r = await runCli(['grade', 'a', '--out', 's-a', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('wlgrade merge: a cohort past the open-file limit', () => {
  it('merges 1,000 learners under ulimit -n 256', async () => {
    const shard = join(tmp, 's-a');
    const summary = JSON.parse(await readFile(join(shard, 'summary.json'), 'utf8'));
    const state = JSON.parse(await readFile(join(shard, 'batch-state.json'), 'utf8'));
    const report = JSON.parse(await readFile(join(shard, 'results', 'ana.json'), 'utf8'));
    const [row] = summary.rows;
    for (let i = 0; i < 1000; i++) {
      const learner = `ana${String(i).padStart(4, '0')}`;
      const resultFile = `results/${learner}.json`;
      await writeFile(join(shard, resultFile), JSON.stringify({ ...report, learner }));
      summary.rows.push({ ...row, learner, source: `a/${learner}.py`, resultFile });
      state.entries[learner] = { ...state.entries.ana, resultFile };
    }
    summary.learners = summary.graded = summary.rows.length;
    await writeFile(join(shard, 'summary.json'), JSON.stringify(summary));
    await writeFile(join(shard, 'batch-state.json'), JSON.stringify(state));
    const r = await execa('bash', ['-c', 'ulimit -n 256 && exec "$0" "$1" merge s-a --out merged', process.execPath, CLI], {
      cwd: tmp, env: { NO_COLOR: '1', ...cacheEnv() }, reject: false, timeout: 110_000,
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const merged = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'merged', 'summary.json'), 'utf8')));
    expect([merged.learners, merged.score.min, (await readdir(join(tmp, 'merged', 'results'))).length]).toEqual([1001, merged.maxScore, 1001]);
  }, 120_000);
});
