/**
 * runner.fix_sites reads each function (the graded ones, their helpers, a class the factory
 * returns) on a budget of its own: a loss whose terms are too tangled for the readers' 50,000
 * steps gave no site for the whole file before, compute_class_freqs's mistake included; now that
 * one function gives none and the others keep theirs. The file as a whole stops past `max_steps`
 * steps (nodes met and readers' steps), counted here, never timed.
 */
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, PYTHON_DIR } from '../../src/paths.js';
import { shownLines } from '../helpers/runner.js';

/** A loss whose one product reads a name of names of names (each a product of 8): past the readers' 50,000 steps. */
const tangledLoss = [
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
  '    def weighted_loss(y_true, y_pred):',
  '        t0 = y_true * y_true',
  ...[1, 2, 3, 4].map((j) => `        t${j} = ${Array<string>(8).fill(`t${j - 1}`).join(' * ')}`),
  '        return -np.sum(pos_weights * t4 * np.log(y_pred + epsilon))',
  '    return weighted_loss',
  '',
].join('\n');

const noAxis = 'import numpy as np\n\n\ndef compute_class_freqs(labels):\n    N = labels.shape[0]\n    pos = np.sum(labels) / N\n    return pos, 1 - pos\n\n\n';

describe('runner.fix_sites: a budget per function', () => {
  it("keeps compute_class_freqs's line when the loss is too tangled to read", async () => {
    expect(await shownLines([['tangled loss', 'freqs-no-axis', noAxis + tangledLoss]])).toEqual([['tangled loss', ['pos = np.sum(labels) / N']]]);
  });

  it("keeps the loss's line when a helper of its is too long to parse (its tokens over the cap)", async () => {
    const src = `import numpy as np\n\n\ndef table():\n    return (${'1,'.repeat(30_000)})\n\n\n${noAxis}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        t = table()\n        return -np.sum(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))\n    return weighted_loss\n`;
    expect(await shownLines([['huge helper', 'loss-sum-not-mean', src]])).toEqual([
      ['huge helper', ['return -np.sum(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))']],
    ]);
  });

  it('stops reading a file past its steps: many costly helpers, each within its own budget, count towards one bound', async () => {
    // 12 helpers the loss calls, each of about 1,500 nodes (one sum each): every one is read with
    // the default bound; with max_steps=5,000 the reading stops after a few, their sites kept.
    const helper = (k: number) => `def h${k}(x):\n    v = [${Array.from({ length: 300 }, (_, j) => `x + ${j}`).join(', ')}]\n    return np.sum(x)\n\n\n`;
    const calls = Array.from({ length: 12 }, (_, k) => `h${k}(y_pred)`).join(' + ');
    const src = `import numpy as np\n\n\n${Array.from({ length: 12 }, (_, k) => helper(k)).join('')}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return ${calls}\n    return weighted_loss\n`;
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
src = sys.stdin.read()
out = []
for cap in (150000, 5000):
    spent = {}
    sites = runner.fix_sites(src, max_steps=cap, spent=spent)
    out.append({"steps": spent["steps"], "sums": len([s for s in sites if s["kind"] == "reduction"])})
print(json.dumps(out))
`;
    const { stdout } = await execa('python3', ['-c', script, PYTHON_DIR], { input: src });
    const [all, capped] = JSON.parse(stdout) as { steps: number; sums: number }[];
    expect(all!.sums).toBe(12);
    expect(capped!.sums).toBeGreaterThan(0);
    expect(capped!.sums).toBeLessThan(12);
    // Past the cap by at most one function's own bound (its nodes: max_nodes, 20,000).
    expect(capped!.steps).toBeLessThanOrEqual(5000 + 20_000);
    expect(all!.steps).toBeGreaterThan(12 * 1000);
  });

  it('gives the same sites on a slow clock: its budget counts steps, never time (a loaded machine once cost a TensorFlow file its line)', async () => {
    // Every clock Python offers jumps a second each time it is read, as on a machine so loaded that
    // each function's reading outlasts any time limit: the sites of every sample and test file are
    // those a normal clock gives (the old 50 ms per function and 150 ms per file left none). So are
    // those of files read to their bounds: the tangled loss (past a function's 50,000 reader steps)
    // and twelve helpers the loss hands its terms to, each tangled (past the file's 150,000 steps).
    const tangledHelper = (k: number) =>
      [
        `def h${k}(y_true, y_pred, pos_weights, neg_weights):`,
        '    t0 = y_true * y_true',
        ...[1, 2, 3, 4].map((j) => `    t${j} = ${Array<string>(8).fill(`t${j - 1}`).join(' * ')}`),
        '    return -np.sum(pos_weights * t4 * np.log(y_pred) + neg_weights * (1 - y_true) * np.log(1 - y_pred))',
        '',
        '',
      ].join('\n');
    const helpers = Array.from({ length: 12 }, (_, k) => k);
    const atBounds = `import numpy as np\n\n\n${helpers.map(tangledHelper).join('\n')}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return ${helpers.map((k) => `h${k}(y_true, y_pred, pos_weights, neg_weights)`).join(' + ')}\n    return weighted_loss\n`;
    const script = `
import glob, json, sys, time
sys.path.insert(0, sys.argv[1])
import runner
sources = {f: open(f, encoding="utf-8").read() for root in sys.argv[2:] for f in sorted(glob.glob(root + "/**/*.py", recursive=True))}
sources.update(json.loads(sys.stdin.read()))
def read_all():
    out = {}
    for name, src in sources.items():
        spent = {}
        out[name] = (runner.fix_sites(src, spent=spent), spent.get("steps"))
    return out
normal = read_all()
now = [0.0]
def slow(*_):
    now[0] += 1.0
    return now[0]
runner._perf = time.perf_counter = time.monotonic = time.time = time.process_time = slow
loaded = read_all()
print(json.dumps({"files": len(sources), "sites": sum(len(v[0]) for v in normal.values()),
                  "steps": {k: normal[k][1] for k in ("tangled", "at bounds")}, "differ": [k for k in sources if normal[k] != loaded[k]]}))
`;
    const roots = [join(PACKAGE_ROOT, 'submissions'), join(PACKAGE_ROOT, 'grader', 'test')];
    const { stdout } = await execa('python3', ['-c', script, PYTHON_DIR, ...roots], { input: JSON.stringify({ tangled: noAxis + tangledLoss, 'at bounds': atBounds }) });
    const { files, sites, steps, differ } = JSON.parse(stdout) as { files: number; sites: number; steps: Record<string, number>; differ: string[] };
    expect(files).toBeGreaterThan(150);
    expect(sites).toBeGreaterThan(1000); // the samples do have sites to lose
    expect(differ.map((f) => (f.startsWith('/') ? relative(PACKAGE_ROOT, f) : f))).toEqual([]);
    // Read to their bounds, no further: a function's 50,000 reader steps (and its nodes), the file's
    // 150,000 steps past by at most one function's own (20,000 nodes, 50,000 reader steps).
    expect(steps.tangled).toBeGreaterThan(50_000);
    expect(steps.tangled).toBeLessThan(50_000 + 20_000);
    expect(steps['at bounds']).toBeGreaterThan(150_000);
    expect(steps['at bounds']).toBeLessThanOrEqual(150_000 + 20_000 + 50_001);
  });
});
