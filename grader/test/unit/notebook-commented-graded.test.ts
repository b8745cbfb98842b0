/**
 * notebook.commented_graded finds the graded functions a cell holds only in comments (a def
 * commented out, a "TODO get_weighted_loss"). It ran its regexes over every line of every cell that
 * held a `#`, most of a notebook's; both kinds name a graded function on their line, so a cell that
 * names none is answered at once now. Checked by what is computed (no regex for such a cell) and
 * by the answers of the regexes run over every line, as before, on the sample notebooks' cells and
 * on lines written to meet each rule.
 */
import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import notebook

def every_line(lines):  # the rule, its regexes run over every line of a cell with a '#'
    if not any("#" in l for l in lines):
        return []
    only_comments = all(not l.strip() or l.lstrip().startswith("#") for l in lines)
    defs, todos = [], []
    for number, line in enumerate(lines, start=1):
        m = notebook._COMMENTED_DEF.match(line)
        if m is not None:
            defs.append((number, m.group(1), "def"))
        elif line.lstrip().startswith("#") and (only_comments or notebook._TO_DO.search(line)):
            todos.extend((number, name, "todo") for name in sorted(set(notebook._NAMES_GRADED.findall(line))))
    return defs + todos

class Counted:
    def __init__(self, pattern):
        self.pattern, self.calls = pattern, 0
    def __getattr__(self, name):
        self.calls += 1
        return getattr(self.pattern, name)

cells = json.loads(sys.argv[2])
expected = [every_line(lines) for lines in cells]
counted = [Counted(notebook._COMMENTED_DEF), Counted(notebook._TO_DO), Counted(notebook._NAMES_GRADED)]
notebook._COMMENTED_DEF, notebook._TO_DO, notebook._NAMES_GRADED = counted
got, regex_calls = [], []
for lines in cells:
    before = sum(c.calls for c in counted)
    got.append(notebook.commented_graded(lines))
    regex_calls.append(sum(c.calls for c in counted) - before)
print(json.dumps({"same": got == expected, "found": [len(g) for g in got], "regexCalls": regex_calls}))
`;

/** Every code cell of the sample notebooks, as lines. */
function sampleCells(): string[][] {
  const dir = join(PACKAGE_ROOT, 'submissions', 'notebooks');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] }).cells)
    .filter((c) => c.cell_type === 'code')
    .map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source).split('\n'));
}

const WRITTEN = [
  ['# def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):', '#     return None'],
  ['# TODO compute_class_freqs', 'y = 2'],
  ['x = 1  # TODO compute_class_freqs (after code: not a to-do of its own)'],
  ['# compute_class_freqs and get_weighted_loss: not written yet'],
  ['#def compute_class_freqs (labels):', 'pass'],
  ['import numpy as np', '# a comment', 'z = np.mean(x)  # axis=0'],
  ['# get_weighted_losses is another name', 'w = 1'],
  ['print("#", "compute_class_freqs")'],
];

describe('notebook.commented_graded: only cells that name a graded function are read', () => {
  it('answers as the regexes over every line do, and runs none for a cell naming no graded function', async () => {
    const cells = [...WRITTEN, ...sampleCells()];
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(cells)]);
    const got = JSON.parse(r.stdout) as { same: boolean; found: number[]; regexCalls: number[] };
    expect(got.same).toBe(true);
    expect(got.found.slice(0, 5)).toEqual([1, 1, 0, 2, 1]); // the written cells that meet a rule were found
    const namesNone = cells.map((lines) => !lines.some((l) => l.includes('#') && /compute_class_freqs|get_weighted_loss/.test(l)));
    expect(namesNone.filter(Boolean).length).toBeGreaterThan(10);
    expect(got.regexCalls.filter((n, i) => namesNone[i] && n > 0)).toEqual([]);
  });
});
