/**
 * A learner's helper module of 200,000 `import` names (806 KB, within the 2 MiB the siblings may
 * take) ended `check` and the whole `grade` batch, every other learner with it: the names were
 * queued with `queue.push(...names)`, past what a call takes (RangeError: Maximum call stack size
 * exceeded), in siblings.ts (check, a learner's folder) and in discover.ts (a learner's zip, an LMS
 * download's flat files). Only names of files that are there are queued now (red team 34).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverSubmissions } from '../../src/batch/discover.js';
import { siblingsFromFiles, siblingsOf } from '../../src/siblings.js';
import { makeZip } from './batch/zip-helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-many-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const MAIN = 'from helpers import f\ndef compute_class_freqs(labels):\n    return f(labels)\n';
/** 200,000 distinct module names, 1,000 to an import line, then the one module of the learner's it does import. */
function manyImports(): string {
  const names = Array.from({ length: 200_000 }, (_, i) => `m${i.toString(36)}`);
  const lines = [];
  for (let i = 0; i < names.length; i += 1000) lines.push(`import ${names.slice(i, i + 1000).join(', ')}`);
  return `${lines.join('\n')}\nfrom logs import f\n`;
}

describe('a helper that imports 200,000 names', () => {
  it('check (siblingsOf, siblingsFromFiles): the learner\'s modules are read, nothing ends', async () => {
    const helpers = manyImports();
    await writeFile(join(dir, 'hw.py'), MAIN);
    await writeFile(join(dir, 'helpers.py'), helpers);
    await writeFile(join(dir, 'logs.py'), 'f = len\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from(MAIN)).map((s) => s.name)).toEqual(['helpers.py', 'logs.py']);
    const given = ['helpers.py', 'logs.py'].map((name) => ({ name, path: join(dir, name) }));
    expect(siblingsFromFiles(given, Buffer.from(MAIN)).map((s) => s.name)).toEqual(['helpers.py', 'logs.py']);
  });

  it("grade of a learner's zip and of an LMS download's flat files: the batch goes on, the modules are unpacked beside the file", async () => {
    const helpers = manyImports();
    const scratch = join(dir, 'scratch');
    await mkdir(scratch);
    await mkdir(join(dir, 'subs'));
    await writeFile(join(dir, 'subs', 'alice.zip'), await makeZip({ 'hw.py': MAIN, 'helpers.py': helpers, 'logs.py': 'f = len\n' }));
    await writeFile(join(dir, 'subs', 'bob.py'), MAIN);
    const items = await discoverSubmissions(['subs'], { scratch, cwd: dir });
    expect(items.map((i) => [i.learner, i.error ?? null])).toEqual([['alice', null], ['bob', null]]);
    const unpacked = await readdir(dirname(items[0]!.file!));
    expect(unpacked.sort()).toEqual(['helpers.py', 'hw.py', 'logs.py']);
    const canvas = join(dir, 'canvas');
    await mkdir(canvas);
    await writeFile(join(canvas, 'smithjohn_12345_678901_hw.py'), MAIN);
    await writeFile(join(canvas, 'smithjohn_12345_678902_helpers.py'), helpers);
    await writeFile(join(canvas, 'smithjohn_12345_678903_logs.py'), 'f = len\n');
    const lms = await discoverSubmissions(['canvas'], { scratch, cwd: dir });
    expect(lms.map((i) => [i.learner, (i.siblingFiles ?? []).map((f) => f.name)])).toEqual([['12345', ['helpers.py', 'logs.py']]]);
  });
});
