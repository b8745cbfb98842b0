/**
 * notebook.extract, called directly, on cells whose statements share lines (`a = 1; b = 2`): each
 * such statement is quoted from its cell's text, and ast.get_source_segment split the whole cell
 * in Python at each call, so a cell of 1,000 such lines took 30 s and the load ran out of its time
 * (red team 23: correct functions, 0 points, "its top-level code did not finish").
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
calls = [0]
def count(frame, event, arg):
    if event in ('call', 'c_call'):
        calls[0] += 1
sys.setprofile(count)
src, where, notes = notebook.extract(sys.argv[2])
sys.setprofile(None)
print(json.dumps({"source": src, "calls": calls[0]}))
`;

const notebook = (...cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
  });

describe('notebook.extract costs little for statements that share lines', () => {
  it('a cell of 1,500 lines of three statements each: extracted whole, at a cost in calls linear in its size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nbcost-'));
    try {
      const lines = Array.from({ length: 1500 }, (_, i) => `a${i} = ${i}; b${i} = (${i},\r\n  ${i + 1}); c${i} = "é"`);
      const path = join(dir, 'semi.ipynb');
      await writeFile(path, notebook('import numpy as np', `${lines.join('\n')}\n`));
      const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, path], { timeout: 60_000, reject: false });
      expect(r.timedOut, 'notebook.extract did not return within 60 s').toBe(false);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { source: string; calls: number };
      // Every statement is kept, each as its own text.
      for (const i of [0, 777, 1499]) {
        expect(out.source).toContain(`a${i} = ${i}`);
        expect(out.source).toMatch(new RegExp(`b${i} = \\(${i},\\s+${i + 1}\\)`));
        expect(out.source).toContain(`c${i} = "é"`);
      }
      // Counted, not timed: ~2 million calls for the whole extract; quoting each of the 4,500
      // statements by splitting the whole cell in Python (ast.get_source_segment) is ~100 times that.
      expect(out.calls).toBeLessThan(6_000_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('300 %%writefile cells each loaded by the next (import, %run, a sys.path change): what each cell loads is read once, not once per file written above (notebooks 29)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nbcost-'));
    try {
      const cells = Array.from({ length: 300 }, (_, i) => [
        `%%writefile ../m${i}.py\ndef f${i}():\n    return ${i}\n`,
        `import sys\nsys.path.append(p${i})\nimport m${i}\n%run m${i}.py\n`,
      ]).flat();
      const path = join(dir, 'written.ipynb');
      await writeFile(path, notebook(...cells));
      const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, path], { timeout: 60_000, reject: false });
      expect(r.timedOut, 'notebook.extract did not return within 60 s').toBe(false);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { source: string; calls: number };
      expect(out.source).toContain('def f299():');
      // Counted, not timed: ~340,000 calls; matching each cell against every file written above
      // (four patterns compiled per file, more than re's cache holds) did not end within the 60 s.
      expect(out.calls).toBeLessThan(1_000_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
