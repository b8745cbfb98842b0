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
import json, sys, time
sys.path.insert(0, sys.argv[1])
import notebook
start = time.monotonic()
src, where, notes = notebook.extract(sys.argv[2])
print(json.dumps({"source": src, "seconds": time.monotonic() - start}))
`;

const notebook = (...cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
  });

describe('notebook.extract costs little for statements that share lines', () => {
  it('a cell of 1,500 lines of three statements each: extracted whole, in seconds at most', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nbcost-'));
    try {
      const lines = Array.from({ length: 1500 }, (_, i) => `a${i} = ${i}; b${i} = (${i},\r\n  ${i + 1}); c${i} = "é"`);
      const path = join(dir, 'semi.ipynb');
      await writeFile(path, notebook('import numpy as np', `${lines.join('\n')}\n`));
      const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, path], { timeout: 20_000, reject: false });
      expect(r.timedOut, 'notebook.extract did not return within 20 s').toBe(false);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { source: string; seconds: number };
      // Every statement is kept, each as its own text.
      for (const i of [0, 777, 1499]) {
        expect(out.source).toContain(`a${i} = ${i}`);
        expect(out.source).toMatch(new RegExp(`b${i} = \\(${i},\\s+${i + 1}\\)`));
        expect(out.source).toContain(`c${i} = "é"`);
      }
      expect(out.seconds).toBeLessThan(8);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
