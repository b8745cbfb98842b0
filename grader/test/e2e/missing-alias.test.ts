/**
 * `import numpy` (or `import numpy as NP`, or no import at all) above functions that use `np.`:
 * every case raises NameError: name 'np' is not defined. The case says which import to write and,
 * when the file or notebook imports numpy under another name, where.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const FREQS = 'def compute_class_freqs(labels):\n    p = np.sum(labels, axis=0) / labels.shape[0]\n    return p, 1 - p\n';
const LOSS =
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
  '    def weighted_loss(y_true, y_pred):\n' +
  '        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon)\n' +
  '                               + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n' +
  '    return weighted_loss\n';

const notebook = (...cells: string[]) =>
  JSON.stringify({
    cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });

const check = scratchSubmissions('missing-alias');

/** The distinct messages of the cases that did not pass. */
async function messages(name: string, contents: string): Promise<string[]> {
  const { report } = await check(name, contents);
  expect(report.cases.every((c) => c.status !== 'passed')).toBe(true);
  return [...new Set(report.cases.map((c) => c.message.replace(/ on \d+ examples? × \d+ classe?s?/, '')))];
}

describe('np used but not imported as np', () => {
  it('a .py with `import numpy`: names the line and the import to write', async () => {
    const m = await messages('plain.py', 'import numpy\n\n' + FREQS + '\n' + LOSS);
    expect(m).toEqual([
      "Your compute_class_freqs raised NameError (line 4): name 'np' is not defined; np is the usual name for numpy, which your file imports as numpy (plain.py, line 1): write `import numpy as np` there",
      "Your weighted_loss raised NameError (line 9): name 'np' is not defined; np is the usual name for numpy, which your file imports as numpy (plain.py, line 1): write `import numpy as np` there",
    ]);
  });

  it('a notebook with `import numpy as NP` in its first cell: names the cell', async () => {
    const m = await messages('nb.ipynb', notebook('import numpy as NP', FREQS, LOSS));
    expect(m[0]).toContain("name 'np' is not defined; np is the usual name for numpy, which your notebook imports as NP (cell 1, line 1): write `import numpy as np` there");
  });

  it('no numpy import at all: says to add it', async () => {
    const m = await messages('none.py', FREQS + '\n' + LOSS);
    expect(m[0]).toContain("name 'np' is not defined; np is the usual name for numpy, and your file never imports it under that name: add `import numpy as np` above your functions");
  });

  // Imported under that very name where it binds nothing the graded functions see (imports 33): the
  // hint said "which your file imports as np (line 12): write `import numpy as np` there", the line that says so.
  it.each([
    ['main.py', 'if __name__ == "__main__":\n    import numpy as np\n    print(compute_class_freqs(np.eye(3)))\n',
      "which your file imports only under `if __name__ == '__main__':` (main.py, line 12), which does not run when the grader imports your file: move `import numpy as np` to the top of your file"],
    ['indef.py', 'def demo():\n    import numpy as np\n    return compute_class_freqs(np.eye(3))\n',
      'which your file imports only inside demo() (indef.py, line 12), where the name is that function\'s own: move `import numpy as np` to the top of your file'],
    ['inclass.py', 'class Config:\n    import numpy as np\n',
      'which your file imports only in the body of class Config (inclass.py, line 12), where the name is Config.np: move `import numpy as np` to the top of your file'],
  ])('%s: imports np where it binds nothing the functions see, said where and why', async (name, tail, hint) => {
    const m = await messages(name, FREQS + '\n' + LOSS + '\n' + tail);
    expect(m.length).toBe(2);
    expect(m.every((text) => text.endsWith(`name 'np' is not defined; np is the usual name for numpy, ${hint}`))).toBe(true);
  });

  it('a notebook whose import sits in a cell left out for its SyntaxError: names that cell', async () => {
    const m = await messages('syntax.ipynb', notebook('import numpy as np\nprint("ready"', FREQS, LOSS));
    expect(m[0]).toContain(
      "name 'np' is not defined; np is the usual name for numpy, which your notebook imports in cell 1, a cell left out for its SyntaxError (see the note): fix that cell, or add `import numpy as np` to a cell above your functions",
    );
  });

  it('import nump as np: the import to write keeps the alias (imports 33)', async () => {
    const { report } = await check('typo_alias.py', 'import nump as np\n\n' + FREQS + '\n' + LOSS);
    expect(report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
    expect(report.problems[0]!.message).toContain('if you meant numpy, correct the import (import numpy as np);');
  });

  it('import np as npy: the import to write binds npy, not np (aliases 33)', async () => {
    const { report } = await check('np_alias.py', 'import np as npy\n\n' + (FREQS + '\n' + LOSS).replace(/\bnp\./g, 'npy.'));
    expect(report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
    expect(report.problems[0]!.message).toContain('Correct the import: "np" is the usual name for numpy, not a module (import numpy as npy).');
  });

  it('another undefined name gets no such hint', async () => {
    const m = await messages('typo.py', 'import numpy as np\n\n' + FREQS.replace('np.sum', 'nump.sum') + '\n' + LOSS.replace(/np\./g, 'nump.'));
    expect(m.join(' ')).not.toContain('usual name');
  });
});

describe('a framework name used but not imported (sweep 15b)', () => {
  it.each([
    ['torch', 'import torch'],
    ['F', 'import torch.nn.functional as F'],
    ['ops', 'from keras import ops'],
  ])('%s: says which import to add', async (name, fix) => {
    const loss = LOSS.replace('-np.sum(', `-${name}.sum(`);
    const { report } = await check(`no_${name}.py`, 'import numpy as np\n\n' + FREQS + '\n' + loss);
    const m = report.cases.filter((c) => c.function === 'weighted_loss').map((c) => c.message);
    const usual = name === 'torch' ? "torch is the module's own name" : `${name} is the usual name for ${fix.includes(' as ') ? fix.split(' ')[1] : 'keras.ops'}`;
    expect(m.join(' ')).toContain(`name '${name}' is not defined; ${usual}, and your file never imports it`);
    expect(m.every((text) => text.includes(`add \`${fix}\` above your functions`))).toBe(true);
  });
});
