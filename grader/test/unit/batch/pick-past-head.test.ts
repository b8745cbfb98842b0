/**
 * The batch picker read a file's first 2 MiB only: a notebook whose image outputs come before its
 * code (2.4 MB of plots in its first cell) "defined" neither graded function, and a draft.py
 * beside it that defines one was graded instead, 0 for a notebook of full marks (red team 34).
 * Now a file whose head defines fewer than both is read whole, within its kind's size limit.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Readable } from 'node:stream';
import { discoverSubmissions } from '../../../src/batch/discover.js';
import { pastHeadBytes, pastHeads, pickSubmissionFile, rankedText, SCAN_BYTES } from '../../../src/batch/pick.js';
import { makeZip } from './zip-helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-pick-head-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const BOTH = 'def compute_class_freqs(labels):\n    pass\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    pass\n';
const NOTEBOOK = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'code', metadata: {}, execution_count: 1, source: 'plt.imshow(x)', outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': randomBytes(1_800_000).toString('base64') } }] },
    { cell_type: 'code', metadata: {}, execution_count: 2, outputs: [], source: BOTH },
  ],
});
const DRAFT = 'def compute_class_freqs(labels):\n    return 0, 0\n';

describe('the picker reads past the first 2 MiB', () => {
  it("grades the notebook whose defs follow 2.4 MB of outputs, not a draft beside it (a learner's folder)", async () => {
    expect(NOTEBOOK.length).toBeGreaterThan(2 * 2 ** 20);
    await writeFile(join(dir, 'assignment.ipynb'), NOTEBOOK);
    await writeFile(join(dir, 'draft.py'), DRAFT);
    const picked = await pickSubmissionFile(dir);
    expect(picked?.file).toBe(join(dir, 'assignment.ipynb'));
    expect(picked?.note).toMatch(/^picked assignment\.ipynb \(defines 2 of the 2 graded functions\) over draft\.py/);
  });

  it("the same in a learner's zip", async () => {
    const scratch = join(dir, 'scratch');
    await mkdir(scratch);
    await mkdir(join(dir, 'subs'));
    await writeFile(join(dir, 'subs', 'alice.zip'), await makeZip({ 'assignment.ipynb': NOTEBOOK, 'draft.py': DRAFT }));
    const [item] = await discoverSubmissions(['subs'], { scratch, cwd: dir });
    expect(item?.source).toBe('subs/alice.zip:assignment.ipynb');
  });
});

/** A reader of a file of `size` bytes (no defs in it) that counts the bytes asked of it. */
function counted(size: number) {
  const asked: number[] = [];
  const read = async (bytes: number) => {
    asked.push(Math.min(bytes, size));
    return Buffer.alloc(Math.min(bytes, size), 0x20);
  };
  return { asked, read };
}

describe("what the ranking reads past the heads, all told (review 34b)", () => {
  it("charges each whole read to the learner's allowance, and reads only heads once it is spent", async () => {
    const past = pastHeads();
    const size = 10 * 2 ** 20; // a .py at its size limit, defining nothing
    const files = Array.from({ length: 20 }, () => counted(size));
    for (const [i, f] of files.entries()) await rankedText(`f${i}.py`, size, f.read, past);
    const beyond = files.flatMap((f) => f.asked.filter((n) => n > SCAN_BYTES)).reduce((a, b) => a + b, 0);
    // Before: 20 files read whole, 200 MiB past the heads.
    expect(beyond).toBeLessThanOrEqual(pastHeadBytes());
    expect(beyond).toBe(pastHeadBytes() - past.left);
    expect(files.at(-1)!.asked).toEqual([SCAN_BYTES]);
  });

  it("reads a Blackboard details .txt's head alone, however long", async () => {
    const f = counted(8 * 2 ** 20);
    await rankedText('details.txt', 8 * 2 ** 20, f.read, pastHeads());
    expect(f.asked).toEqual([SCAN_BYTES]); // before: [SCAN_BYTES, 8 MiB]
  });
});

describe("a zip entry read past its head (siblings 35)", () => {
  it('is inflated once to rank it, going on from its head, not again from its start', async () => {
    // rankedText read the head, then the whole entry: a second stream inflated the first 2 MiB again.
    const { default: yauzl } = await import('yauzl');
    const scratch = join(dir, 'scratch');
    await mkdir(scratch);
    await mkdir(join(dir, 'subs'));
    await writeFile(join(dir, 'subs', 'alice.zip'), await makeZip({ 'assignment.ipynb': NOTEBOOK, 'draft.py': DRAFT }));
    const opened: string[] = [];
    const open = yauzl.ZipFile.prototype.openReadStreamPromise;
    const spy = vi.spyOn(yauzl.ZipFile.prototype, 'openReadStreamPromise').mockImplementation(function (this: unknown, entry: { fileName: unknown }, ...rest: unknown[]) {
      opened.push(String(entry.fileName)); // a Buffer: the archive is opened with decodeStrings off
      return (open as (...a: unknown[]) => Promise<Readable>).call(this, entry, ...rest);
    });
    try {
      const [item] = await discoverSubmissions(['subs'], { scratch, cwd: dir });
      expect(item?.source).toBe('subs/alice.zip:assignment.ipynb');
    } finally {
      spy.mockRestore();
    }
    // Once to rank it, once to unpack it (the file graded); the draft's head once.
    expect(opened.filter((n) => n === 'assignment.ipynb')).toHaveLength(2);
    expect(opened.filter((n) => n === 'draft.py')).toHaveLength(1);
  });
});

describe('ZipArchive.reader', () => {
  it("gives an entry's first n bytes as head() and the entry itself do, read after read, and past its end the whole of it", async () => {
    const { ZipArchive } = await import('../../../src/batch/zip.js');
    const body = randomBytes(3 * 2 ** 20 + 12345);
    const path = join(dir, 'one.zip');
    await writeFile(path, await makeZip({ 'big.bin': body, 'empty.py': '' }));
    const zip = await ZipArchive.open(path, 'one.zip');
    try {
      const big = zip.entries.find((e) => e.name === 'big.bin')!;
      for (const steps of [[SCAN_BYTES, body.length], [1, 2, 65_536, 65_535, SCAN_BYTES + 1, body.length + 10], [body.length + 1]]) {
        const r = zip.reader(big);
        const gots: Buffer[] = [];
        try {
          for (const n of steps) gots.push(Buffer.from(await r.read(n)));
        } finally {
          r.close();
        }
        // One stream of the archive at a time, as discovery reads (yauzl's reads of one file queue: a stream destroyed while its read waits in that queue throws).
        for (const [i, n] of steps.entries()) {
          expect(gots[i]!.equals(body.subarray(0, n))).toBe(true);
          expect((await zip.head(big, n)).equals(gots[i]!)).toBe(true);
        }
      }
      const empty = zip.reader(zip.entries.find((e) => e.name === 'empty.py')!);
      expect((await empty.read(SCAN_BYTES)).length).toBe(0);
      empty.close();
    } finally {
      zip.close();
    }
  });
});
