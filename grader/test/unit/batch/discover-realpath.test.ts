/**
 * discoverSubmissions drops a file one learner id reaches twice (the folder's alice.py and the file
 * given). It took the real path of every learner's file for that, one after another (1,000
 * learners: 1,000 realpaths before the first job); only a learner with two files can have one of
 * them twice. Checked by what is computed: no realpath of a learner's file that learner alone has,
 * and the same items as before.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const real = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  return {
    ...fs,
    realpath: vi.fn((p: Parameters<typeof fs.realpath>[0], ...rest: unknown[]) => {
      real.calls.push(String(p));
      return (fs.realpath as (...a: unknown[]) => Promise<string>)(p, ...rest);
    }),
  };
});
const { discoverSubmissions } = await import('../../../src/batch/discover.js');

const BOTH = 'def compute_class_freqs(labels):\n    pass\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    pass\n';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-realpath-'));
  await mkdir(join(dir, 'scratch'));
  await mkdir(join(dir, 'subs'));
  for (const who of ['alice', 'bob', 'carol', 'dave']) await writeFile(join(dir, 'subs', `${who}.py`), BOTH);
  real.calls = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));
const discover = (...paths: string[]) => discoverSubmissions(paths, { scratch: join(dir, 'scratch'), cwd: dir });
const learnerFiles = () => real.calls.filter((p) => /(alice|bob|carol|dave)\.py$/.test(p));

describe('discoverSubmissions: real paths only where one learner has two files', () => {
  it('takes no real path of a file its learner alone has', async () => {
    const items = await discover('subs');
    expect(items.map((i) => [i.learner, i.source, i.error])).toEqual([
      ['alice', 'subs/alice.py', undefined],
      ['bob', 'subs/bob.py', undefined],
      ['carol', 'subs/carol.py', undefined],
      ['dave', 'subs/dave.py', undefined],
    ]);
    expect(learnerFiles()).toEqual([]);
  });

  it('still keeps one of a file a learner reaches twice, by its real path', async () => {
    const items = await discover('subs', 'subs/alice.py', './subs//bob.py');
    expect(items.map((i) => [i.learner, i.source, i.error])).toEqual([
      ['alice', 'subs/alice.py', undefined],
      ['bob', 'subs/bob.py', undefined],
      ['carol', 'subs/carol.py', undefined],
      ['dave', 'subs/dave.py', undefined],
    ]);
    expect(learnerFiles().filter((p) => /(carol|dave)\.py$/.test(p))).toEqual([]);
    expect(learnerFiles().filter((p) => /alice\.py$/.test(p)).length).toBeGreaterThanOrEqual(2);
  });
});
