/**
 * check's cache files (the suite, the remembered Python) live where learner code run in process
 * mode can write: whatever it puts at their paths is read as no cache, never waited on or read
 * whole. A FIFO held every later check for ever; here a writer feeds each FIFO a valid entry, so
 * the old read returns it instead of hanging the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCacheFile, writeCacheFile } from '../../src/cache-file.js';
import { PUBLIC_SUITE } from '../../src/paths.js';
import type { PythonInfo } from '../../src/sandbox/detect.js';
import { readPythonInfo } from '../../src/sandbox/python-info-cache.js';
import { loadSuiteCached } from '../../src/suite/suite-cache.js';

const INFO: PythonInfo = { executable: '/usr/bin/python3', prefix: '/usr', basePrefix: '/usr', execPrefix: '/usr', paths: ['/usr/lib/python3'] };

let dir: string;
const writers: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-cache-file-'));
});
afterEach(async () => {
  for (const w of writers.splice(0)) w.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** A FIFO at `path` whose writer (another process) sends `text` to the first reader. */
async function fedFifo(path: string, text: string): Promise<void> {
  await writeFile(join(dir, 'feed'), text);
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  writers.push(spawn('sh', ['-c', 'cat "$0" > "$1"', join(dir, 'feed'), path], { stdio: 'ignore' }));
}

describe('readPythonInfo', () => {
  it('reads a stored description', async () => {
    await writeFile(join(dir, 'py.json'), JSON.stringify(INFO));
    expect(readPythonInfo(join(dir, 'py.json'))).toEqual(INFO);
  });

  it.each([
    ['a FIFO', (f: string) => fedFifo(f, JSON.stringify(INFO))],
    ['a file over 1 MiB', (f: string) => writeFile(f, JSON.stringify(INFO) + ' '.repeat(2 ** 20))],
    ['a symlink to /dev/zero', (f: string) => symlink('/dev/zero', f)],
    ['a folder', (f: string) => mkdir(f)],
  ])('is no description for %s', async (_, plant) => {
    const file = join(dir, 'py.json');
    await plant(file);
    expect(readPythonInfo(file)).toBeUndefined();
  });
});

describe('readCacheFile', () => {
  it('never reads past its limit, whatever the stat said: a symlink to a /proc file (a regular file of size 0) is no cache (review 28)', async () => {
    const file = join(dir, 'py.json');
    await symlink('/proc/self/status', file);
    // ~1.4 KB behind a size of 0: read whole by readFileSync before.
    expect(readCacheFile(file, 100)).toBeUndefined();
    expect(readCacheFile(file, 1 << 20)).toContain('Name:');
    // Gigabytes behind a size of 0: read until memory ran out before.
    await rm(file);
    await symlink('/proc/self/pagemap', file);
    expect(readCacheFile(file, 1 << 20)).toBeUndefined();
  });
});

describe('writeCacheFile', () => {
  it('writes through no file planted at a temporary name (red team 28: file.<pid>.tmp, a symlink to another file)', async () => {
    const cache = join(dir, 'cache');
    await mkdir(cache);
    const target = join(dir, 'victim.txt');
    await writeFile(target, 'keep me');
    const file = join(cache, 'python-x.json');
    await symlink(target, `${file}.${process.pid}.tmp`);
    await writeCacheFile(cache, file, JSON.stringify(INFO));
    expect(await readFile(target, 'utf8')).toBe('keep me');
    expect(readPythonInfo(file)).toEqual(INFO);
    expect((await readdir(cache)).filter((n) => n.endsWith('.tmp'))).toEqual([`python-x.json.${process.pid}.tmp`]);
  });
});

describe('loadSuiteCached', () => {
  it('parses the case files when the cache entry is a FIFO', async () => {
    const cases = join(dir, 'public.yaml');
    const cache = join(dir, 'cache');
    await copyFile(PUBLIC_SUITE, cases);
    await loadSuiteCached([cases], cache, dir);
    const [name] = await readdir(cache);
    const stored = JSON.parse(await readFile(join(cache, name!), 'utf8'));
    stored.cases[0].description = 'from the FIFO';
    await rm(join(cache, name!));
    await fedFifo(join(cache, name!), JSON.stringify(stored));
    const suite = await loadSuiteCached([cases], cache, dir);
    expect(suite.cases[0]!.description).not.toBe('from the FIFO');
    expect(suite.cases.length).toBe(stored.cases.length);
  });
});
