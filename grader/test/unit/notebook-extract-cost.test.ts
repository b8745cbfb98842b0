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

  it("400 defs whose body imports (def fN(): import sol, and the multi-line form): whether a cell calls or names each is read in one pass over the notebook's code, not one per def (notebooks 32)", async () => {
    // Characters handed to the re module's functions (re.findall(pattern, text) ...), counted, not
    // timed: asking of each def whether its name is used scanned the notebook's whole code twice
    // per def (8,000 such defs took minutes).
    const script = `
import json, re, sys
sys.path.insert(0, sys.argv[1])
import notebook
scanned = [0]
class Counting(object):
    def __getattr__(self, name):
        f = getattr(re, name)
        if name not in ("findall", "finditer", "search", "match", "fullmatch", "sub", "split"):
            return f
        def counted(pattern, string, *args, **kwargs):
            scanned[0] += len(string)
            return f(pattern, string, *args, **kwargs)
        return counted
notebook.re = Counting()
out = []
for path in sys.argv[2:]:
    scanned[0] = 0
    src, _, _ = notebook.extract(path)
    out.append({"written": "def compute_class_freqs" in src, "scanned": scanned[0], "size": len(open(path).read())})
print(json.dumps(out))
`;
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nbcost-'));
    try {
      const write = '%%writefile sol.py\ndef compute_class_freqs(labels):\n    return labels, labels\n';
      const paths = [];
      for (const form of [(i: number) => `def f${i}(): import sol\n`, (i: number) => `def f${i}():\n    import sol\n`]) {
        const path = join(dir, `defs${paths.length}.ipynb`);
        // The last def is called: the file is loaded there.
        await writeFile(path, notebook(write, Array.from({ length: 400 }, (_, i) => form(i)).join('') + 'f399()\n'));
        paths.push(path);
      }
      const r = await execa('python3', ['-c', script, PYTHON_DIR, ...paths], { timeout: 60_000, reject: false });
      expect(r.timedOut, 'notebook.extract did not return within 60 s').toBe(false);
      expect(r.exitCode, r.stderr).toBe(0);
      for (const out of JSON.parse(r.stdout) as { written: boolean; scanned: number; size: number }[]) {
        expect(out.written).toBe(true);
        // ~3 times the notebook's size; once per def it was ~800 times.
        expect(out.scanned).toBeLessThan(20 * out.size);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
