/**
 * Code written for the NumPy 1.x of a course's environment (correct 33): np.float, np.int, np.float_,
 * np.NaN, np.product, `from numpy import float_`. Each only named what NumPy or Python still has,
 * and NumPy 1.24 or 2.0 removed the name. A correct file scored 0 on a grading machine with NumPy 2
 * (AttributeError in every case) and full marks on one with NumPy 1.23; the runner now puts those
 * names back as they were (runner.install_numpy_aliases), and a note names each one used with what
 * to write instead. A removed name that named nothing NumPy keeps (np.safe_eval) stays missing:
 * course-imports.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const scratch = scratchSubmissions('numpy-aliases');

const FREQS = `import numpy as np


def compute_class_freqs(labels):
    labels = labels.astype(np.float)
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies
`;
const LOSS = `

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = np.float_(0.0)
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return np.float_(loss)
    return weighted_loss
`;

describe('NumPy 1.x names that NumPy 2 removed', () => {
  it('grades np.float and np.float_ as float and np.float64, and says what to write', async () => {
    const { exitCode, report } = await scratch('np-float.py', FREQS + LOSS);
    expect([exitCode, report.status, report.score, report.maxScore]).toEqual([0, 'passed', report.maxScore, report.maxScore]);
    expect(report.notes).toEqual([
      'Your code uses np.float (removed in NumPy 1.24: write float); np.float_ (removed in NumPy 2.0: write np.float64), first at line 5: names NumPy 1.x had (the NumPy a course may run) and this machine\'s NumPy no longer has. They were graded as what they stood for, as that NumPy runs them; write the replacement so your file runs on current NumPy too.',
    ]);
  });

  it("makes the functions it puts back (np.asfarray, np.in1d, np.asscalar) with globals of their own, not the runner's", async () => {
    const freqs = FREQS.replace(
      'labels = labels.astype(np.float)',
      "labels = np.asfarray(labels)\n    assert np.asscalar(np.array(2.0)) == 2.0 and np.in1d([[1, 2]], [2]).tolist() == [False, True]\n    assert not any('emit' in f.__globals__ for f in (np.asfarray, np.in1d, np.asscalar))",
    );
    const { report } = await scratch('np-functions.py', freqs + LOSS);
    const freqCases = report.cases.filter((c) => c.function === 'compute_class_freqs');
    expect(freqCases.length).toBeGreaterThan(0);
    expect(freqCases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.message])).toEqual([]);
  });

  it("grades np.math (Python's math module, which NumPy 2.0 removed) and np.bool8 as they were", async () => {
    const source = `import numpy as np


def compute_class_freqs(labels):
    positive = labels.astype(np.bool8).mean(axis=0)
    return positive, 1 - positive


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        total = 0.0
        for j in range(y_true.shape[1]):
            s = 0.0
            for n in range(y_true.shape[0]):
                s += pos_weights[j] * y_true[n, j] * np.math.log(y_pred[n, j] + epsilon) + neg_weights[j] * (1 - y_true[n, j]) * np.math.log(1 - y_pred[n, j] + epsilon)
            total -= s / y_true.shape[0]
        return total
    return weighted_loss
`;
    const { exitCode, report } = await scratch('np-math.py', source);
    expect([exitCode, report.status, report.score]).toEqual([0, 'passed', report.maxScore]);
    expect(report.notes).toEqual([
      "Your code uses np.bool8 (removed in NumPy 2.0: write np.bool_); np.math (removed in NumPy 2.0: write math, after import math), first at line 5: names NumPy 1.x had (the NumPy a course may run) and this machine's NumPy no longer has. They were graded as what they stood for, as that NumPy runs them; write the replacement so your file runs on current NumPy too.",
    ]);
  });

  it('also in a notebook, a from-import and top-level constants (np.NaN, np.product, np.int)', async () => {
    const cells = [
      'import numpy as np\nfrom numpy import float_\nEPS = float_(1e-7)\nMISSING = np.NaN',
      'def compute_class_freqs(labels):\n    n = np.product(labels.shape[:1])\n    p = np.sum(labels.astype(np.int), axis=0) / n\n    return p, 1 - p',
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=EPS):\n    def weighted_loss(y_true, y_pred):\n        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n    return weighted_loss',
    ];
    const nb = {
      cells: cells.map((c) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: c })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const { exitCode, report } = await scratch('np-names.ipynb', JSON.stringify(nb));
    expect([exitCode, report.status, report.score]).toEqual([0, 'passed', report.maxScore]);
    expect(report.notes).toEqual([
      'Your code uses np.float_ (removed in NumPy 2.0: write np.float64); np.NaN (removed in NumPy 2.0: write np.nan); np.product (removed in NumPy 2.0: write np.prod); np.int (removed in NumPy 1.24: write int), first at cell 1, line 2: names NumPy 1.x had (the NumPy a course may run) and this machine\'s NumPy no longer has. They were graded as what they stood for, as that NumPy runs them; write the replacement so your file runs on current NumPy too.',
    ]);
  });
});
