/**
 * A graded function the file does not define: the report says why when the runner can tell (a
 * def under `if __name__ == "__main__":`, inside another function or a class, a close name).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchSubmissions } from '../helpers/cli.js';

const FREQS = 'def compute_class_freqs(labels):\n    p = labels.mean(axis=0)\n    return p, 1 - p\n';
const LOSS =
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
  '    def weighted_loss(y_true, y_pred):\n' +
  '        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n' +
  '    return weighted_loss\n';
const indent = (s: string) => s.split('\n').map((l) => (l ? '    ' + l : l)).join('\n');

const check = scratchSubmissions('missing');

async function problems(name: string, source: string) {
  const { exitCode, report } = await check(name, source);
  expect(exitCode).toBe(2);
  return report.problems;
}

describe('a missing graded function', () => {
  it('in a file with no code at all says the file is empty, not to check the spelling', async () => {
    for (const [name, source] of [['empty.py', ''], ['comments.py', '# Week 1 assignment\n\n#   TODO: compute_class_freqs\n\r\n']] as const) {
      const p = await problems(name, source);
      // One sentence for the file, not one per function.
      expect(p.map((x) => x.message)).toEqual([
        `${name} has no code (only blank lines and comments), so it defines neither compute_class_freqs nor get_weighted_loss: save your work into it, or hand in the file that holds def compute_class_freqs(labels) and def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).`,
      ]);
    }
    // One line of code, and the usual sentence.
    const typo = await problems('typo.py', 'import numpy as np\n# nothing else\n');
    expect(typo[0]!.message).toContain('check the spelling');
  });

  it('defined under if __name__ == "__main__": says so, with the line', async () => {
    const p = await problems('guard.py', `import numpy as np\n${LOSS}\nif __name__ == "__main__":\n${indent(FREQS)}`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'MISSING_FUNCTION', line: 8 });
    expect(p[0]!.message).toBe(
      'guard.py:8: compute_class_freqs is defined inside if __name__ == "__main__":, which the grader does not run (it imports your file), so the file does not define it; move def compute_class_freqs(labels) to the top level (no indentation).',
    );
  });

  it('defined inside another function or as a method says where', async () => {
    const nested = await problems('nested.py', `import numpy as np\n${FREQS}\ndef helpers():\n${indent(LOSS)}`);
    expect(nested[0]!.message).toMatch(/^nested\.py:7: get_weighted_loss is defined inside function helpers, so the file does not define it; move def get_weighted_loss/);
    const method = await problems('method.py', `import numpy as np\n${FREQS}\nclass Solution:\n${indent(LOSS)}`);
    expect(method[0]!.message).toMatch(/^method\.py:7: get_weighted_loss is defined as a method of class Solution/);
  });

  it('left as a placeholder, name = None, says so with the line, not to check the spelling (sweep 20)', async () => {
    const p = await problems('stub.py', `import numpy as np\n\ncompute_class_freqs = None  # TODO\n\n${LOSS}`);
    expect(p).toEqual([
      {
        code: 'MISSING_FUNCTION',
        line: 3,
        message: 'stub.py:3: compute_class_freqs = None is a placeholder, not a function: replace that line with def compute_class_freqs(labels): and its code.',
      },
    ]);
  });

  it('commented out in a .py says so with the line (sweep 20)', async () => {
    const commented = LOSS.split('\n').map((l) => (l ? `# ${l}` : l)).join('\n');
    const p = await problems('commented.py', `import numpy as np\n${FREQS}\n# not working yet\n${commented}`);
    expect(p).toEqual([
      {
        code: 'MISSING_FUNCTION',
        line: 7,
        message:
          'commented.py:7: def get_weighted_loss is commented out (#), so it never runs and the file does not define it: remove the # in front of its lines, then fix what it raised, if anything (a function that runs but fails still earns the cases it passes).',
      },
    ]);
  });

  const notebook = (...cells: string[]) =>
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })) });
  const commentOut = (code: string) => code.split('\n').map((l) => (l ? `# ${l}` : l)).join('\n');

  it('commented out in a notebook cell says so with the cell and line, whatever else the cell holds (sweep 20 v14, v15)', async () => {
    for (const [name, cell, line] of [
      ['alone.ipynb', commentOut(LOSS), 1],
      ['after-code.ipynb', `x = 1\n${commentOut(LOSS)}`, 2],
      ['indented.ipynb', `#    def compute_stuff():\n#    pass\n${commentOut(LOSS).replace(/^# /gm, '#')}`, 3],
    ] as const) {
      const p = await problems(name, notebook('import numpy as np\n', FREQS, cell));
      expect(p).toEqual([
        {
          code: 'MISSING_FUNCTION',
          cell: 3,
          line,
          message: `${name}, cell 3, line ${line}: def get_weighted_loss is commented out (#), so it never runs and the notebook does not define it: remove the # in front of its lines, then fix what it raised, if anything (a function that runs but fails still earns the cases it passes).`,
        },
      ]);
    }
  });

  it('commented out in a .py whose top level fails (graded from its definitions) still says so, at the file line', async () => {
    const commented = commentOut(LOSS);
    const p = await problems('retried.py', `import numpy as np\n${FREQS}\nprint(undefined_name)\n${commented}`);
    expect(p).toEqual([
      {
        code: 'MISSING_FUNCTION',
        line: 7,
        message:
          'retried.py:7: def get_weighted_loss is commented out (#), so it never runs and the file does not define it: remove the # in front of its lines, then fix what it raised, if anything (a function that runs but fails still earns the cases it passes).',
      },
    ]);
  });

  it('a to-do comment where the function belongs says it is not written yet, not to check the spelling (sweep 20 n16)', async () => {
    const todo = (where: string, kind: string) =>
      `${where}: get_weighted_loss is not written yet: that line is a comment naming it as still to do, and no def of get_weighted_loss runs in the ${kind}: write def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7): in its place, with its code.`;
    // A cell of comments alone, the template's cell with its work not begun.
    const cell = await problems('cell.ipynb', notebook('import numpy as np\n', FREQS, '# UNQ_C3 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)\n# get_weighted_loss: TODO\n'));
    expect(cell).toEqual([{ code: 'MISSING_FUNCTION', cell: 3, line: 2, message: todo('cell.ipynb, cell 3, line 2', 'notebook') }]);
    // Beside code, a comment naming it says it is still to do.
    const py = await problems('todo.py', `import numpy as np\n${FREQS}\nEPS = 1e-7\n# FIXME: get_weighted_loss not written yet\n`);
    expect(py).toEqual([{ code: 'MISSING_FUNCTION', line: 7, message: todo('todo.py:7', 'file') }]);
    // A comment that only names it, beside code, is no to-do: the plain sentence.
    const named = await problems('named.py', `import numpy as np\n${FREQS}\n# get_weighted_loss uses the frequencies above\nEPS = 1e-7\n`);
    expect(named.map((x) => x.message)).toEqual([
      'named.py does not define get_weighted_loss: define get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7) at the top level (check the spelling).',
    ]);
  });

  it('with a close name at the top level asks "did you mean"', async () => {
    const p = await problems('typo.py', `import numpy as np\n${FREQS.replace('compute_class_freqs', 'compute_class_frequencies')}\n${LOSS.replace('get_weighted_loss', 'Get_Weighted_Loss')}`);
    expect(p.map((x) => x.message)).toEqual([
      'typo.py does not define compute_class_freqs; did you mean compute_class_frequencies (typo.py:2)? The grader calls it by this exact name: define compute_class_freqs(labels).',
      'typo.py does not define get_weighted_loss; did you mean Get_Weighted_Loss (typo.py:6)? The grader calls it by this exact name: define get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).',
    ]);
  });

  it('with nothing close keeps the plain sentence', async () => {
    const p = await problems('empty.py', 'import numpy as np\ndef unrelated(x):\n    return x\n');
    expect(p.map((x) => x.message)).toEqual([
      'empty.py does not define compute_class_freqs: define compute_class_freqs(labels) at the top level (check the spelling).',
      'empty.py does not define get_weighted_loss: define get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7) at the top level (check the spelling).',
    ]);
  });

  it('a get_weighted_loss without `return weighted_loss` is told to add it; one that calls it, what it returned', async () => {
    const none = await check('noreturn.py', `import numpy as np\n${FREQS}\n${LOSS.replace('    return weighted_loss\n', '    pass\n')}`);
    const lossCases = none.report.cases.filter((c) => c.function === 'weighted_loss');
    expect(lossCases.length).toBeGreaterThan(0);
    for (const c of lossCases) expect(c.message).toContain('get_weighted_loss returned None, not a function: it must end with `return weighted_loss`');
    const called = await check('called.py', `import numpy as np\n${FREQS}\n${LOSS.replace('    return weighted_loss\n', '    return weighted_loss(pos_weights, neg_weights)\n')}`);
    expect(called.report.cases.find((c) => c.function === 'weighted_loss')!.message).toContain('get_weighted_loss returned a float64, not a function');
  });
});

describe('a .py exported from a notebook cell under %%time', () => {
  it('says the function is in a cell-magic string that never runs, at its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-magic-'));
    const file = join(dir, 'exported.py');
    const loss = 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n';
    const cellCode = 'def compute_class_freqs(labels):\\n    p = np.mean(labels, axis=0)\\n    return p, 1 - p\\n';
    await writeFile(file, `#!/usr/bin/env python\n# coding: utf-8\n\n# In[1]:\n\n\nimport numpy as np\n\n\n# In[2]:\n\n\nget_ipython().run_cell_magic('time', '', '${cellCode}')\n\n\n# In[3]:\n\n\n${loss}`);
    const r = await runCli(['check', file]);
    // The file's line, and the cell its # In[2]: marker names (load 20).
    expect(r.stdout).toContain(
      "exported.py:13 (cell In [2]): compute_class_freqs is defined in a notebook cell that starts with %%time, which the export turned into a string (get_ipython().run_cell_magic(...)) that never runs; remove the %%time line from that cell and export again, or copy def compute_class_freqs(labels) out of the string.",
    );
    await rm(dir, { recursive: true, force: true });
  });
});
