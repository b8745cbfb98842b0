/**
 * siblings.ts importedModules read an import's list with unbounded regexp repeats, whose
 * backtracking stack V8 grows with each repeat: a crafted 9 MB `import a, a, a, ...` (or
 * `import a.a.a...`) threw RangeError (Maximum call stack size exceeded) out of siblingsOf, which
 * `check` and a batch call before grading (in `grade`, before the learner's own try), and grade-suite's
 * wording of a missing package read the file with the same kind of regexp (siblings 35).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importedModules, siblingsOf } from '../../src/siblings.js';
import { gradeSuite } from '../../src/grade/grade-suite.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../src/paths.js';
import { lossRun } from '../helpers/run-outcome.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-long-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const CRAFTED: Array<[string, string]> = [
  ['a list of 3 million names', `import pkg.utils, ${'a, '.repeat(3_000_000)}b\n`],
  ['a name of 4 million parts', `import pkg.utils\nimport ${'a.'.repeat(4_000_000)}b\n`],
  ['a from-import of 3 million names', `import pkg.utils\nfrom helpers import ${'a, '.repeat(3_000_000)}b\n`],
];

describe('a crafted import of millions of names', () => {
  it.each(CRAFTED)('%s: read without a RangeError, the modules before it still found', async (_what, text) => {
    const names = importedModules(text);
    expect(names.has('pkg.utils')).toBe(true);
    await writeFile(join(dir, 'hw.py'), text);
    await writeFile(join(dir, 'helpers.py'), 'x = 1\n');
    expect(() => siblingsOf(join(dir, 'hw.py'), Buffer.from(text))).not.toThrow();
  });

  it.each(CRAFTED)("%s: a missing package's sentence is worded without a RangeError", async (_what, text) => {
    const suite = await loadSuite([PUBLIC_SUITE]);
    const error = { type: 'ModuleNotFoundError', message: "No module named 'pkg'", line: 1, traceback: '', module: 'pkg', usedBy: ['compute_class_freqs' as const, 'get_weighted_loss' as const] };
    const run = { ...lossRun(suite, (_, e) => e), load: { ok: false as const, error, imports: [] } };
    const ctx = { submission: { path: join(dir, 'hw.py'), kind: 'py' as const, displayName: 'hw.py', bytes: Buffer.from(text) }, version: '0.0.0', python: 'python3' };
    expect(gradeSuite(suite, run, ctx).problems[0]?.message).toContain('If pkg is a package of yours (a folder pkg/)');
  });

  it('reads the first 256 names of one import, as a file would write them', () => {
    const list = Array.from({ length: 256 }, (_, i) => `m${i}`).join(', ');
    expect(importedModules(`import ${list}\n`).has('m255')).toBe(true);
    expect(importedModules(`from pkg import ${list}\n`).has('pkg.m255')).toBe(true);
  });
});
