/**
 * How a learner's file is read once, by `check` and `gradescope` (resolveSubmission) and by a batch
 * (runBatch): one read, one size limit by kind, the same refusals worded for each.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch, type BatchOptions } from '../../src/batch/run-batch.js';
import { BatchStore } from '../../src/batch/store.js';
import { isGraderError } from '../../src/errors.js';
import { resolveSubmission } from '../../src/grade-submission.js';
import { makeReport } from './report/factories.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-read-'));
  await writeFile(join(dir, 'hw.py'), 'x = 1\n');
  await writeFile(join(dir, 'nb.IPYNB'), '{}');
  await writeFile(join(dir, 'notes.txt'), 'x');
  await mkdir(join(dir, 'folder'));
  await mkdir(join(dir, 'folder.py'));
  for (const name of ['pipe.py', 'pipe.txt']) expect(spawnSync('mkfifo', [join(dir, name)]).status).toBe(0);
  // Sparse: sizes over the limits, read as fast as an empty file.
  for (const [name, size] of [['big.py', 10 * 2 ** 20 + 1], ['big.ipynb', 51 * 2 ** 20], ['big.txt', 11 * 2 ** 20], ['edge.py', 10 * 2 ** 20]] as const) {
    await writeFile(join(dir, name), '');
    await truncate(join(dir, name), size);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** resolveSubmission's answer: the kind and bytes read, or the error's code and sentence (the folder shown as <DIR>). */
async function resolved(name: string): Promise<unknown> {
  try {
    const sub = await resolveSubmission(join(dir, name));
    return { kind: sub.kind, displayName: sub.displayName, size: sub.bytes.length };
  } catch (e) {
    if (!isGraderError(e)) throw e;
    return [e.code, e.message.split(dir).join('<DIR>')];
  }
}

describe('resolveSubmission', () => {
  it.each([
    ['hw.py', { kind: 'py', displayName: 'hw.py', size: 6 }],
    ['nb.IPYNB', { kind: 'ipynb', displayName: 'nb.IPYNB', size: 2 }],
    ['edge.py', { kind: 'py', displayName: 'edge.py', size: 10 * 2 ** 20 }],
    ['gone.py', ['SUBMISSION_NOT_FOUND', 'Submission <DIR>/gone.py does not exist. Check the path (run wlgrade from the folder that holds it, or give the full path).']],
    ['folder', ['SUBMISSION_INVALID', '<DIR>/folder is a directory; pass the .py or .ipynb file to grade (or use "wlgrade grade <DIR>/folder" for a whole folder).']],
    ['folder.py', ['SUBMISSION_INVALID', '<DIR>/folder.py is a directory; pass the .py or .ipynb file to grade (or use "wlgrade grade <DIR>/folder.py" for a whole folder).']],
    ['notes.txt', ['SUBMISSION_INVALID', '<DIR>/notes.txt is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.']],
    ['big.txt', ['SUBMISSION_INVALID', '<DIR>/big.txt is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.']],
    ['pipe.txt', ['SUBMISSION_INVALID', '<DIR>/pipe.txt is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.']],
    ['pipe.py', ['SUBMISSION_INVALID', '<DIR>/pipe.py is a FIFO, not a regular file; pass the .py or .ipynb file itself.']],
    ['big.py', ['SUBMISSION_INVALID', 'big.py is 10.1 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.']],
    ['big.ipynb', ['SUBMISSION_INVALID', "big.ipynb is 51 MiB; wlgrade grades .ipynb files up to 50 MiB: clear the notebook's outputs (Kernel → Restart & Clear Output), save, and submit it again."]],
  ])('%s', async (name, want) => {
    expect(await resolved(name)).toEqual(want);
  });
});

describe("runBatch's read of a learner's file", () => {
  it('reads it as resolveSubmission does, and words each refusal as a row', async () => {
    const store = new BatchStore(join(dir, 'out'));
    await store.init();
    const opts: BatchOptions = { jobs: 1, suiteHash: 's', version: 'v', settings: 'x', force: false, watchdogMs: 5_000 };
    const given: Array<[string, number]> = [];
    const names = ['hw.py', 'nb.IPYNB', 'gone.py', 'folder.py', 'pipe.py', 'big.py', 'big.ipynb', 'notes.txt'];
    const rows = await runBatch(
      names.map((n) => ({ learner: n, source: `x.zip:${n}`, file: join(dir, n), displayName: `shown-${n}` })),
      async (it) => (given.push([it.learner, it.bytes.length]), makeReport()),
      store,
      1,
      opts,
    );
    expect(given).toEqual([
      ['hw.py', 6],
      ['nb.IPYNB', 2],
    ]);
    expect(rows.map((r) => [r.learner, r.error ?? ''])).toEqual([
      ['hw.py', ''],
      ['nb.IPYNB', ''],
      ['gone.py', 'Cannot read x.zip:gone.py (ENOENT: no such file or folder).'],
      ['folder.py', "Cannot read x.zip:folder.py: it is no longer a regular file (replaced since the batch started); put the learner's file back and grade again."],
      ['pipe.py', "Cannot read x.zip:pipe.py: it is no longer a regular file (replaced since the batch started); put the learner's file back and grade again."],
      ['big.py', 'shown-big.py is 10.1 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.'],
      ['big.ipynb', "shown-big.ipynb is 51 MiB; wlgrade grades .ipynb files up to 50 MiB: clear the notebook's outputs (Kernel → Restart & Clear Output), save, and submit it again."],
      // Discovery gives only .py and .ipynb files; another is refused unread as resolveSubmission refuses it.
      ['notes.txt', 'x.zip:notes.txt is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.'],
    ]);
  });
});
