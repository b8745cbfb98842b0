/** check's suite cache: the same Suite as a parse, read back only for the same files and build. */
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { loadSuiteCached } from '../../../src/suite/suite-cache.js';

let dir: string;
let cache: string;
let cases: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-suite-cache-'));
  cache = join(dir, 'cache');
  cases = join(dir, 'public.yaml');
  await copyFile(PUBLIC_SUITE, cases);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('loadSuiteCached', () => {
  it('returns what loadSuite returns, and stores it', async () => {
    const parsed = await loadSuite([cases], dir);
    const first = await loadSuiteCached([cases], cache, dir);
    expect(first).toEqual(JSON.parse(JSON.stringify(parsed)));
    expect((await readdir(cache)).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('reads the stored copy back for the same files, and parses again when a file changes', async () => {
    await loadSuiteCached([cases], cache, dir);
    const [name] = await readdir(cache);
    const stored = JSON.parse(await readFile(join(cache, name!), 'utf8'));
    stored.cases[0].description = 'from the cache';
    await writeFile(join(cache, name!), JSON.stringify(stored));
    expect((await loadSuiteCached([cases], cache, dir)).cases[0]!.description).toBe('from the cache');

    await writeFile(cases, (await readFile(cases, 'utf8')) + '\n# edited\n');
    expect((await loadSuiteCached([cases], cache, dir)).cases[0]!.description).not.toBe('from the cache');
    expect(await readdir(cache)).toHaveLength(2);
  });

  it('caches nothing for an invalid file, and works without a writable cache folder', async () => {
    await writeFile(cases, 'not: [valid');
    await expect(loadSuiteCached([cases], cache, dir)).rejects.toThrow(/public\.yaml/);
    await expect(readdir(cache)).rejects.toThrow();

    await copyFile(PUBLIC_SUITE, cases);
    await writeFile(join(dir, 'file-not-dir'), '');
    const suite = await loadSuiteCached([cases], join(dir, 'file-not-dir', 'cache'), dir);
    expect(suite.cases.length).toBeGreaterThan(0);
  });

  it('ignores a damaged cache file', async () => {
    await loadSuiteCached([cases], cache, dir);
    const [name] = await readdir(cache);
    await writeFile(join(cache, name!), '{"half":');
    expect((await loadSuiteCached([cases], cache, dir)).cases.length).toBeGreaterThan(0);
  });
});
