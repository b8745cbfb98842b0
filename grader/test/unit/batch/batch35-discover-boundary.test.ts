/**
 * Batch 35: discovery's per-learner work (an LMS learner's files, a folder, file or zip of one
 * learner) is inside that learner's boundary: a throw there (a bug met on one learner's files) is
 * that learner's row, its stack given to onBug, and the other learners are read.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { discoverSubmissions } from '../../../src/batch/discover.js';
import { makeZip } from './zip-helpers.js';

// The reading of a file's imports, made to throw on a file whose text says so (a bug met on one learner's files).
vi.mock('../../../src/siblings.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/siblings.js')>();
  return {
    ...real,
    importedModules: (source: string, ...rest: [string?, boolean?]) => {
      if (source.includes('THROW-RANGE')) throw new RangeError('Maximum call stack size exceeded');
      return real.importedModules(source, ...rest);
    },
  };
});

let dir: string;
let scratch: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-disc35-'));
  scratch = join(dir, 'scratch');
  await mkdir(scratch);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const BOTH = (head: string) => `${head}\nimport utils\n\ndef compute_class_freqs(labels):\n    pass\n\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    pass\n`;

describe('discoverSubmissions: one learner whose files meet a bug', () => {
  it('a Canvas download (folder and zip): that learner is an error row, the bug told to onBug, the others read', async () => {
    const files = {
      'adams_11111_1_hw.py': BOTH('# fine'),
      'adams_11111_2_utils.py': 'X = 1\n',
      'baker_22222_3_hw.py': BOTH('# THROW-RANGE'),
      'baker_22222_4_utils.py': 'X = 1\n',
      'clark_33333_5_hw.py': BOTH('# fine'),
      'clark_33333_6_utils.py': 'X = 1\n',
    };
    await mkdir(join(dir, 'canvas'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'canvas', name), text);
    await writeFile(join(dir, 'canvas.zip'), await makeZip(files));
    for (const given of ['canvas', 'canvas.zip']) {
      const bugs: Array<[string, string]> = [];
      const items = await discoverSubmissions([given], { scratch, cwd: dir, onBug: (l, t) => bugs.push([l, t]) });
      expect(items.map((i) => [i.learner, i.error === undefined, i.file !== undefined])).toEqual([
        ['11111', true, true],
        ['22222', false, false],
        ['33333', true, true],
      ]);
      expect(items[1]!.error).toBe("wlgrade failed reading this submission (Maximum call stack size exceeded); please report it with the file (the whole error is on grade's standard error).");
      expect(bugs.map(([l]) => l)).toEqual(['22222']);
      expect(bugs[0]![1]).toContain('RangeError: Maximum call stack size exceeded\n    at ');
    }
  });

});
