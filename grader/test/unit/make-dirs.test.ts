import { mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsReason } from '../../src/errors.js';
import { makeDirs } from '../../src/make-dirs.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-mkdirs-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Settles within 5 s or says it hung: node's mkdir({ recursive: true }) never settles on these. */
function settled(p: Promise<void>): Promise<string> {
  return Promise.race([
    p.then(() => 'made', (e: NodeJS.ErrnoException) => e.code ?? String(e)),
    new Promise<string>((done) => setTimeout(() => done('hung'), 5_000).unref()),
  ]);
}

describe('makeDirs', () => {
  it('makes every missing folder of a path, with the mode asked', async () => {
    const dir = join(tmp, 'a', 'b', 'c');
    expect(await settled(makeDirs(dir, 0o700))).toBe('made');
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect((await stat(join(tmp, 'a'))).mode & 0o777).toBe(0o700);
    expect(await settled(makeDirs(dir))).toBe('made'); // already there
  });

  it('says ENOTDIR where a file stands in the way, also where the folder itself would be', async () => {
    await writeFile(join(tmp, 'file'), '');
    expect(await settled(makeDirs(join(tmp, 'file')))).toBe('ENOTDIR');
    expect(await settled(makeDirs(join(tmp, 'file', 'x', 'y')))).toBe('ENOTDIR');
  });

  it('fails, rather than loop for ever, under a dangling symlink', async () => {
    await symlink(join(tmp, 'gone'), join(tmp, 'dangling'));
    expect(await settled(makeDirs(join(tmp, 'dangling', 'out')))).toBe('ENOENT');
    expect(await settled(makeDirs(join(tmp, 'dangling', 'out', 'results')))).toBe('ENOENT');
  });

  it.runIf(existsSync('/proc/self'))('fails, rather than loop for ever, under /proc', async () => {
    expect(await settled(makeDirs('/proc/wlgrade-no-such-folder'))).toBe('ENOENT');
    expect(await settled(makeDirs('/proc/wlgrade-no-such-folder/results'))).toBe('ENOENT');
  });
});

describe('fsReason', () => {
  it('gives the system code and what it means, the code alone when it has no words, and a message without a code', async () => {
    const e = await makeDirs(join(tmp, 'file', 'x')).then(() => null, (x: unknown) => x);
    expect(fsReason(e)).toBe('ENOTDIR: a file stands where a folder must be');
    expect(fsReason(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('EACCES: permission denied');
    expect(fsReason(Object.assign(new Error('x'), { code: 'EWHATEVER' }))).toBe('EWHATEVER');
    expect(fsReason(new Error('zip too large'))).toBe('zip too large');
  });
});
