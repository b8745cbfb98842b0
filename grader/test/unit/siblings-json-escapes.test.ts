/**
 * A notebook's raw JSON may spell a character as a `\uXXXX` escape (json.dump's ensure_ascii, as
 * some tools save notebooks): `from \uff48elpers import f` in the file is the cell's
 * `from ｈelpers import f`, which Python binds as helpers (NFKC). siblings.ts importedModules read
 * the escape's letters as written, so helpers.py was never sent (siblings 35).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importedModules, siblingsOf } from '../../src/siblings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-escapes-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A notebook of one code cell, its JSON written with every non-ASCII character escaped, as Python's json.dump does by default. */
const notebook = (cell: string) =>
  JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: cell.split(/(?<=\n)/), outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)
    // Each UTF-16 unit apart (no u flag): a character past U+FFFF is its surrogate pair's two escapes.
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe("a notebook's \\u escapes in its imports", () => {
  it.each([
    ['from ｈelpers import f\n', ['helpers', 'helpers.f', 'f']],
    // Past U+FFFF: a surrogate pair (𝐩, mathematical bold p).
    ['import 𝐩kg.ｕtils\n', ['pkg', 'pkg.utils']],
    ['from numpy import mean\nimport ｕtils as u\n', ['numpy', 'numpy.mean', 'mean', 'utils']],
  ])('%j, escaped in the JSON, names %j', (cell, names) => {
    const json = notebook(cell);
    expect(json).not.toMatch(/[^\x00-\x7f]/);
    expect([...importedModules(json)].sort()).toEqual([...names].sort());
  });

  it('sends the module an escaped import names, and a package module', async () => {
    const json = notebook('import numpy as np\nfrom ｈelpers import f\nimport 𝐩kg.utils\n');
    await writeFile(join(dir, 'hw.ipynb'), json);
    await writeFile(join(dir, 'helpers.py'), 'f = len\n');
    await writeFile(join(dir, 'h.py'), 'f = len\n');
    await mkdir(join(dir, 'pkg'));
    await writeFile(join(dir, 'pkg', 'utils.py'), 'g = len\n');
    expect(siblingsOf(join(dir, 'hw.ipynb'), Buffer.from(json)).map((s) => s.name).sort()).toEqual(['helpers.py', 'pkg/utils.py']);
  });
});
