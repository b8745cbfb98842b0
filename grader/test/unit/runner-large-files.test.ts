/**
 * runner.py's readers on large files (red team 23): a 2.7 MB file of 4,000 pasted copies of the
 * solution, or 7.2 MB of pasted list literals, timed out at load (0/23) because the readers after
 * the load redid work in proportion to the file for each thing they found. Checked by what is
 * computed (characters scanned, nodes visited, parses), never by wall-clock time.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SOLUTION = [
  'import numpy as np',
  'def compute_class_freqs(labels):',
  '    N = labels.shape[0]',
  '    return np.sum(labels, axis=0) / N, 1 - np.sum(labels, axis=0) / N',
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
  '    def weighted_loss(y_true, y_pred):',
  '        return -np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))',
  '    return weighted_loss',
  '',
].join('\n');

async function python(script: string, ...args: string[]): Promise<unknown> {
  const r = await execa('python3', ['-c', script, PYTHON_DIR, ...args], { timeout: 120_000, reject: false });
  expect(r.timedOut, 'did not return within 120 s').toBe(false);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const REDEFINED = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
scanned = [0]
class Text(str):
    def count(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        scanned[0] += max(0, end - start)
        return str.count(self, sub, start, end)
source = Text(sys.argv[2] * int(sys.argv[3]))
notes = runner.redefinition_notes({"kind": "py"}, source)
print(json.dumps({"scanned": scanned[0], "size": len(source), "spots": [n["spots"] for n in notes]}))
`;

describe('redefinition_notes on a file of many copies', () => {
  it('counts each line once, whatever the number of defs, and finds every def at its line', async () => {
    const copies = 2000;
    const got = (await python(REDEFINED, SOLUTION, String(copies))) as { scanned: number; size: number; spots: [null, number][][] };
    const lines = SOLUTION.split('\n').length - 1;
    expect(got.spots).toEqual([
      Array.from({ length: copies }, (_, i) => [null, i * lines + 2]),
      Array.from({ length: copies }, (_, i) => [null, i * lines + 5]),
    ]);
    // The old code counted from the text's start at every def: ~copies × size characters.
    expect(got.scanned).toBeLessThanOrEqual(got.size);
  });
});

const SAME = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
parses = [0]
parse = ast.parse
def counted(*args, **kwargs):
    parses[0] += 1
    return parse(*args, **kwargs)
ast.parse = counted
out = []
for copies in (2, int(sys.argv[3])):
    parses[0] = 0
    notes = runner.redefinition_notes({"kind": "py"}, sys.argv[2] * copies)
    out.append([[n.get("same") for n in notes], parses[0]])
print(json.dumps(out))
`;

describe('redefinition_notes: copies of the same code (tidy 34)', () => {
  it('reads two copies as the same code with one parse, and a file of 2,000 copies with none (a parse of megabytes costs seconds of the load)', async () => {
    expect(await python(SAME, SOLUTION, '2000')).toEqual([
      [[true, true], 1],
      [[null, null], 0],
    ]);
  });
});

const DEF_STARTS = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
out = []
for size in (1000, 100000):
    # The graded defs, then (inside a def and an if, as a pasted cell would be) a literal of \`size\` rows.
    source = sys.argv[2] + "if True:\\n    def data():\\n        return [" + "[0, 1, 0.5], " * size + "]\\n"
    tree = ast.parse(source)
    del runner._STARTS[:]
    calls = [0]
    def count(frame, event, arg):
        if event in ("call", "c_call"):
            calls[0] += 1
    sys.setprofile(count)
    starts = runner._def_starts(tree)
    sys.setprofile(None)
    out.append({"calls": calls[0], "defs": sorted((line, n.name) for line, n in starts.items())})
print(json.dumps(out))
`;

describe('_def_starts on a file with a pasted literal', () => {
  it('finds every def without visiting the literal: the same work for 1,000 rows as for 100,000', async () => {
    const [small, big] = (await python(DEF_STARTS, SOLUTION)) as { calls: number; defs: [number, string][] }[];
    const defs = [[2, 'compute_class_freqs'], [5, 'get_weighted_loss'], [6, 'weighted_loss'], [10, 'data']];
    expect(small!.defs).toEqual(defs);
    expect(big!.defs).toEqual(defs);
    // The old code walked every node: ~100 times the calls for 100 times the rows.
    expect(big!.calls).toBe(small!.calls);
  });
});

const CLASS_WEIGHTS = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import runner, notebook
source = sys.argv[2] + "freq_pos, freq_neg = compute_class_freqs(labels)\\npos_weights = freq_neg\\nneg_weights = freq_pos\\n"
probe = {"pos": [0.25, 0.5], "neg": [0.75, 0.5]}
fresh = notebook.weight_assignments([(None, source, ast.parse(source))], probe, np)
runner._PARSED.clear()
del runner._STARTS[:]
parses = [0]
real = ast.parse
def parse(text, *args, **kwargs):
    if text == source:
        parses[0] += 1  # the whole file (weight_assignments compiles its small expressions too)
    return real(text, *args, **kwargs)
ast.parse = parse
runner.unread_weights(source, [5])
got = runner.class_weights({"kind": "py", "weightProbe": probe}, np, source)
ast.parse = real
print(json.dumps({"parses": parses[0], "same": repr(got) == repr(fresh), "names": [w["name"] for w in got]}))
`;

describe('class_weights after the readers', () => {
  it('reads the tree the readers parsed, with the weights a parse of its own gives', async () => {
    const got = (await python(CLASS_WEIGHTS, SOLUTION)) as { parses: number; same: boolean; names: string[] };
    expect(got.names).toEqual(['pos_weights', 'neg_weights']);
    expect(got.same).toBe(true);
    expect(got.parses).toBe(1); // the old code parsed the whole file a second time
  });
});

const IMPORTS = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
out = []
for size in (1000, 100000):
    source = "import tensorflow as tf\\nif True:\\n    from keras import backend as K\\ntry:\\n    import torch.nn\\nexcept ImportError:\\n    pass\\n" + sys.argv[2] + "labels = [" + "[0, 1, 0.5], " * size + "]\\n"
    calls = [0]
    def count(frame, event, arg):
        if event in ("call", "c_call"):
            calls[0] += 1
    sys.setprofile(count)
    names = runner.imported_modules(source)
    sys.setprofile(None)
    out.append({"calls": calls[0], "names": names})
print(json.dumps(out))
`;

describe('imported_modules on a file with a pasted literal that imports a framework', () => {
  it('lists every import without visiting the literal: the same work for 1,000 rows as for 100,000', async () => {
    const [small, big] = (await python(IMPORTS, SOLUTION)) as { calls: number; names: string[] }[];
    expect(small!.names).toEqual(['keras', 'numpy', 'tensorflow', 'torch']);
    expect(big!.names).toEqual(small!.names);
    expect(big!.calls).toBe(small!.calls); // the old code walked every node of the literal
  });
});
