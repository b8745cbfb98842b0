/**
 * siblings.ts importedModules read module names as written, ASCII only, while Python binds them
 * NFKC-normalized (PEP 3131): `from ｈelpers import f` (a fullwidth h) imports helpers.py, which
 * was never sent, and the learner was told of a file not handed in (red team 34).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importedModules, siblingsOf } from '../../src/siblings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-nfkc-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('module names as Python binds them', () => {
  it.each([
    ['from ｈelpers import f', ['helpers', 'helpers.f', 'f']],
    ['from 𝐩kg import ｕtils', ['pkg', 'pkg.utils', 'utils']],
    ['import numpy as np, ｕtils as u, 𝐥ogs.ｓub', ['numpy', 'utils', 'logs', 'logs.sub']],
    ['import сalc', []], // a Cyrillic с: no file name of a module (MODULE_FILE is ASCII) can be it
  ])('%j names %j', (text, names) => {
    expect([...importedModules(text)].sort()).toEqual([...names].sort());
  });

  it('sends the module a fullwidth import names', async () => {
    const main = 'from ｈelpers import f\n';
    await writeFile(join(dir, 'hw.py'), main);
    await writeFile(join(dir, 'helpers.py'), 'f = len\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from(main)).map((s) => s.name)).toEqual(['helpers.py']);
  });

  it('sends a package module a fullwidth import names', async () => {
    const main = 'import ｐkg.ｕtils\n';
    await mkdir(join(dir, 'pkg'));
    await writeFile(join(dir, 'hw.py'), main);
    await writeFile(join(dir, 'pkg', 'utils.py'), 'f = len\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from(main)).map((s) => s.name)).toEqual(['pkg/utils.py']);
  });
});
