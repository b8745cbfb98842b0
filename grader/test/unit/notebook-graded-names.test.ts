/**
 * notebook.py: the graded defs in cells that never run (Markdown, Raw, a cell magic that stops the
 * cell, a %%bash cell) and in a cell left out for a SyntaxError were found by their written names,
 * while Python binds names NFKC-normalized (PEP 3131): `def ｃompute_class_freqs` (a fullwidth c)
 * defines compute_class_freqs, as the runner reads it since red team 33 (runner._py_name). Such a
 * def went unnamed, and the report said "check the spelling" (red team 34).
 */
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import notebook
notebook.extract(sys.argv[2])
print(json.dumps({"elsewhere": {k: [list(x) for x in v] for k, v in notebook.ELSEWHERE.items()},
                  "syntax": {k: list(v[:2]) for k, v in notebook.SYNTAX.items()},
                  "raw": sorted(notebook.RAW_DEFS),
                  "commented": {k: [list(x) for x in v] for k, v in notebook.COMMENTED.items()}}))
`;

async function read(cells: [string, string][]): Promise<{ elsewhere: Record<string, unknown[]>; syntax: Record<string, unknown[]>; raw: string[]; commented: Record<string, unknown[]> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nbnames-'));
  try {
    const path = join(dir, 'nb.ipynb');
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map(([cell_type, source]) => ({ cell_type, metadata: {}, source, ...(cell_type === 'code' ? { outputs: [], execution_count: null } : {}) })) };
    await writeFile(path, JSON.stringify(nb));
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, path]);
    return JSON.parse(r.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('notebook: graded defs in cells that do not run, by the names Python binds', () => {
  it('finds a def spelt with a fullwidth letter in a Markdown cell, a Raw cell and a %%bash cell as the graded function', async () => {
    const r = await read([
      ['code', 'import numpy as np'],
      ['markdown', '```python\ndef ｃompute_class_freqs(labels):\n    return 1, 2\n```'],
      ['raw', 'def get_weighted_ｌoss(pos_weights, neg_weights, epsilon=1e-7):\n    pass'],
      ['code', '%%bash\necho hi\ndef 𝐜ompute_class_freqs(labels):\n    pass'],
    ]);
    expect(r.elsewhere).toEqual({
      compute_class_freqs: [[2, 2, 'markdown'], [4, 3, 'magic bash']],
      get_weighted_loss: [[3, 1, 'raw']],
    });
    expect(r.raw).toEqual(['compute_class_freqs', 'get_weighted_loss']);
  });

  it("names a SyntaxError cell's def so spelt as the graded function's cell", async () => {
    const r = await read([['code', 'import numpy as np'], ['code', 'x = 1\ndef ｃompute_class_freqs(labels)\n    return 1, 2']]);
    expect(r.syntax).toEqual({ compute_class_freqs: [2, 2] });
  });

  it('names a def so spelt and commented out as the graded function commented out', async () => {
    const r = await read([['code', 'import numpy as np\n# Häufigkeiten\n# def ｃompute_class_freqs(labels):\n#     return 1, 2']]);
    expect(r.commented).toEqual({ compute_class_freqs: [[1, 3, 'def']] });
  });

  it('reads ASCII names as before, and a name Python does not fold (a Cyrillic с) as another', async () => {
    const r = await read([
      ['markdown', 'def compute_class_freqs(labels):\n    pass'],
      ['markdown', 'def сompute_class_freqs(labels):\n    pass'],
      ['code', 'import numpy as np'],
    ]);
    expect(r.elsewhere).toEqual({ compute_class_freqs: [[1, 1, 'markdown']] });
  });
});
