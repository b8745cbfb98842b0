/**
 * discover.ts: the learners of a folder (or a zip) were added with items.push(...learners), one
 * argument per learner, a RangeError ("a bug in wlgrade") past ~120,000 of them, a MOOC's cohort,
 * before any was graded (red team 34). Shown with 20,000 learners and a 100 KB stack (default
 * ~1 MB); uses dist/ (npm run build first).
 */
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-cohort-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('discoverSubmissions: a cohort past what one call takes as arguments', () => {
  it('lists 20,000 learners under a 100 KB stack', async () => {
    await mkdir(join(dir, 'subs'));
    await mkdir(join(dir, 'scratch'));
    for (let i = 0; i < 20_000; i += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, k) => writeFile(join(dir, 'subs', `l${String(i + k).padStart(5, '0')}.py`), 'x = 1\n')));
    }
    const discover = pathToFileURL(join(import.meta.dirname, '../../../../dist/grader/src/batch/discover.js')).href;
    const script = `const { discoverSubmissions } = await import(${JSON.stringify(discover)});
const items = await discoverSubmissions(['subs'], { scratch: 'scratch', cwd: process.cwd() });
console.log(items.length, items.filter((i) => i.error).length);`;
    const r = await execa(process.execPath, ['--stack-size=100', '--input-type=module', '-e', script], { cwd: dir, reject: false });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('20000 0');
  }, 60_000);
});
