/**
 * Batch 35: yauzl reading two entries of one archive at once (one stream destroyed while another
 * waits) can throw an uncaught TypeError inside yauzl. ZipArchive opens one entry's stream at a
 * time: each waits for the one before it to end or be closed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZipArchive } from '../../../src/batch/zip.js';
import { makeZip } from './zip-helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-zip1-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Bodies of different sizes and bytes, each entry's own (so a mix-up shows). */
const bodies = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}/hw.py`, `# learner ${i}\n${'x = 1\n'.repeat(2000 + 997 * i)}`]));

/** The archive, with the number of its entries' streams open at once counted (the most seen). */
async function counted(files: Record<string, string>): Promise<{ zip: ZipArchive; peak: () => number }> {
  const path = join(dir, 'export.zip');
  await writeFile(path, await makeZip(files));
  const zip = await ZipArchive.open(path, 'export.zip');
  const inner = (zip as unknown as { zip: { openReadStreamPromise: (e: unknown) => Promise<Readable> } }).zip;
  const open = inner.openReadStreamPromise.bind(inner);
  let now = 0;
  let peak = 0;
  inner.openReadStreamPromise = async (e) => {
    peak = Math.max(peak, ++now);
    const s = await open(e);
    let gone = false;
    const down = () => {
      if (!gone) now--;
      gone = true;
    };
    s.once('close', down);
    s.once('end', down);
    s.once('error', down);
    return s;
  };
  return { zip, peak: () => peak };
}

describe('ZipArchive: one entry stream at a time', () => {
  it('heads and whole reads asked for at once are read one after another, each its own bytes', async () => {
    const files = bodies(6);
    const { zip, peak } = await counted(files);
    try {
      const names = Object.keys(files);
      const got = await Promise.all(names.flatMap((n) => [zip.head(zip.entries.find((e) => e.name === n)!, 100), zip.head(zip.entries.find((e) => e.name === n)!, 1e9)]));
      expect(got.map((b) => b.toString())).toEqual(names.flatMap((n) => [files[n]!.slice(0, 100), files[n]]));
      expect(peak()).toBe(1);
    } finally {
      zip.close();
    }
  });

  it('extracts asked for at once write one after another, each its own bytes', async () => {
    const files = bodies(5);
    const { zip, peak } = await counted(files);
    try {
      const names = Object.keys(files);
      await Promise.all(names.map((n, i) => zip.extract(zip.entries.find((e) => e.name === n)!, dir, join(dir, 'out', `${i}.py`))));
      for (const [i, n] of names.entries()) expect(await readFile(join(dir, 'out', `${i}.py`), 'utf8')).toBe(files[n]);
      expect(peak()).toBe(1);
    } finally {
      zip.close();
    }
  });

  it('a reader part-read holds the archive until closed: an entry asked for meanwhile is read after, and a reader closed while it waits opens nothing', async () => {
    const files = bodies(3);
    const { zip, peak } = await counted(files);
    try {
      const [a, b, c] = Object.keys(files).map((n) => zip.entries.find((e) => e.name === n)!);
      const ra = zip.reader(a!);
      expect((await ra.read(10)).toString()).toBe(files[a!.name]!.slice(0, 10));
      const rc = zip.reader(c!);
      const waiting = rc.read(10);
      const hb = zip.head(b!, 50);
      rc.close();
      ra.close();
      await expect(waiting).rejects.toThrow('the entry reader is closed');
      expect((await hb).toString()).toBe(files[b!.name]!.slice(0, 50));
      expect(peak()).toBe(1);
      // The turn passed on: the archive still reads.
      expect((await zip.head(c!, 20)).toString()).toBe(files[c!.name]!.slice(0, 20));
    } finally {
      zip.close();
    }
  });
});
