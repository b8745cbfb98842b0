/**
 * Batch 35: every step done for one learner is inside that learner's error boundary. siblingsOf and
 * siblingsFromFiles (the modules beside the file), the hash and the earlier report's read ran before
 * the grading's try: a throw there ended the whole batch for everyone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchItem } from '../../../src/batch/discover.js';
import { runBatch, type BatchOptions, type GradeOne } from '../../../src/batch/run-batch.js';
import { BatchStore } from '../../../src/batch/store.js';
import { makeReport } from '../report/factories.js';

// The modules' readers, made to throw for a file whose text says so (as a learner's odd files or a bug in them would).
vi.mock('../../../src/siblings.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/siblings.js')>();
  const boom = (bytes: Buffer) => {
    if (bytes.toString().includes('THROW-RANGE')) throw new RangeError('Maximum call stack size exceeded');
  };
  return {
    ...real,
    siblingsOf: (file: string, bytes: Buffer) => (boom(bytes), real.siblingsOf(file, bytes)),
    siblingsFromFiles: (given: ReadonlyArray<{ name: string; path: string }>, bytes: Buffer) => (boom(bytes), real.siblingsFromFiles(given, bytes)),
  };
});

let dir: string;
let store: BatchStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-batch35-'));
  store = new BatchStore(join(dir, 'out'));
  await store.init();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function item(learner: string, body: string, extra: Partial<BatchItem> = {}): Promise<BatchItem & { file: string }> {
  const file = join(dir, `${learner}.py`);
  await writeFile(file, body);
  return { learner, source: `${learner}.py`, file, displayName: `${learner}.py`, ...extra };
}
const opts = (over: Partial<BatchOptions> = {}): BatchOptions => ({ jobs: 1, suiteHash: 's1', version: '0.1.0', settings: 'py3+bwrap', force: false, watchdogMs: 5_000, ...over });
const grade: GradeOne = async () => makeReport();

describe('runBatch: one learner whose per-learner steps throw', () => {
  it.each([
    ['siblingsOf (a learner folder of its own)', { ownFolder: true }],
    ['siblingsOf (a file named directly)', { named: true }],
    ['siblingsFromFiles (an LMS learner\'s flat files)', { siblingFiles: [{ name: 'utils.py', path: '/nonexistent/utils.py' }] }],
  ] as const)('%s: that learner gets an error row with the stack given to onBug, the learners after it are graded', async (_what, extra) => {
    const items = [await item('alice', 'import numpy\n'), await item('bob', '# THROW-RANGE\nimport utils\n', extra as Partial<BatchItem>), await item('carol', 'import numpy\n')];
    const bugs: Array<[string, string]> = [];
    const rows = await runBatch(items, grade, store, 1, opts({ onBug: (l, t) => bugs.push([l, t]) }));
    expect(rows.map((r) => [r.learner, r.status])).toEqual([
      ['alice', 'passed'],
      ['bob', 'error'],
      ['carol', 'passed'],
    ]);
    expect(rows[1]!.error).toBe("wlgrade failed on this submission (Maximum call stack size exceeded); please report it with the file (the whole error is on grade's standard error).");
    expect(bugs.map(([l]) => l)).toEqual(['bob']);
    expect(bugs[0]![1]).toContain('RangeError: Maximum call stack size exceeded\n    at ');
  });

  it("an earlier report that cannot be read (the store throws) is that learner's row; the next run grades it again", async () => {
    const items = [await item('alice', 'import numpy\n'), await item('bob', 'import numpy\n')];
    await runBatch(items, grade, store, 1, opts());
    const broken = new BatchStore(join(dir, 'out'));
    const real = broken.readResult.bind(broken);
    broken.readResult = (async (file: string, hash: string) => {
      if (file.includes('alice')) throw new Error('EIO: i/o error, read');
      return real(file, hash);
    }) as typeof broken.readResult;
    const rows = await runBatch(items, grade, broken, 1, opts());
    expect(rows.map((r) => [r.learner, r.status, r.reused])).toEqual([
      ['alice', 'error', false],
      ['bob', 'passed', true],
    ]);
    expect(rows[0]!.error).toContain('wlgrade failed on this submission (EIO: i/o error, read)');
    // Its entry is gone: a run with a working store grades it again rather than reusing a report it could not check.
    const again = await runBatch(items, grade, store, 1, opts());
    expect(again.map((r) => [r.learner, r.status, r.reused])).toEqual([
      ['alice', 'passed', false],
      ['bob', 'passed', true],
    ]);
  });
});
