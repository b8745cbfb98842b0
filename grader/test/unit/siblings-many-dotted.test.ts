/**
 * siblingsOf took a dotted name as maybe there whenever its first folder was (`pkg.mN` beside a
 * pkg/ folder) and looked for each with lstat calls: 200,000 `import pkg.mN` names (a 2.5 MB
 * hw.py, an empty pkg/) froze check and the whole grade batch for 86 s (red team 34). Each package
 * folder is now listed once and the names are looked up in the listing; the work is counted here
 * in file-system calls, not in time.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const counted = <F extends (...args: never[]) => unknown>(f: F) => ((...args: Parameters<F>) => ((calls.n += 1), f(...args))) as F;
  return { ...fs, lstatSync: counted(fs.lstatSync), statSync: counted(fs.statSync), readdirSync: counted(fs.readdirSync), openSync: counted(fs.openSync) };
});

const { siblingsOf } = await import('../../src/siblings.js');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-dotted-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('many dotted names beside a package folder', () => {
  it.each([
    ['pkg.m', 'import pkg.m', ['pkg/real.py']],
    // pkg/sub/, a folder of no __init__.py with no module sent, is a namespace package Python imports on the way (siblings 35).
    ['pkg.sub.m', 'import pkg.sub.m', ['pkg/sub/', 'pkg/real.py']],
    ['from pkg import m', 'from pkg import m', ['pkg/real.py']],
  ])('%s: each folder is listed once, and the module that is there is still found', async (_, prefix, sent) => {
    await mkdir(join(dir, 'pkg', 'sub'), { recursive: true });
    await writeFile(join(dir, 'pkg', 'real.py'), 'x = 1\n');
    const lines = Array.from({ length: 5000 }, (_, i) => `${prefix}${i}\n`).join('');
    const main = Buffer.from(`${lines}import pkg.real\n`);
    calls.n = 0;
    expect(siblingsOf(join(dir, 'hw.py'), main).map((s) => s.name)).toEqual(sent);
    // The folder, pkg/, pkg/sub/ listed, a few lstats for the first names, pkg/real.py opened: not one call per name.
    expect(calls.n).toBeLessThan(20);
  });
});
