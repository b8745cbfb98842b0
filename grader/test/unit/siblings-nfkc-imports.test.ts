/**
 * siblings.ts importedNames read module names as written, ASCII only, while Python binds them
 * NFKC-normalized (PEP 3131): `from ｈelpers import f` (a fullwidth h) imports helpers.py, which
 * was never sent, and the learner was told of a file not handed in (red team 34).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importedNames, siblingsOf } from '../../src/siblings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-nfkc-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('module names as Python binds them', () => {
  it.each([
    ['from ｈelpers import f', ['helpers', 'f']],
    ['import numpy as np, ｕtils as u, 𝐥ogs.sub', ['numpy', 'utils', 'logs']],
    ['import сalc', []], // a Cyrillic с: no file name of a module (MODULE_FILE is ASCII) can be it
  ])('%j names %j', (text, names) => {
    expect([...importedNames(text)].sort()).toEqual([...names].sort());
  });

  it('sends the module a fullwidth import names', async () => {
    const main = 'from ｈelpers import f\n';
    await writeFile(join(dir, 'hw.py'), main);
    await writeFile(join(dir, 'helpers.py'), 'f = len\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from(main)).map((s) => s.name)).toEqual(['helpers.py']);
  });
});
