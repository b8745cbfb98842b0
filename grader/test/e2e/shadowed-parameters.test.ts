/**
 * A graded function that reads one of the assignment's parameter names (epsilon, pos_weights …)
 * from the file's globals uses the file's value, not what the grader passes. The course notebook's
 * test cell sets `epsilon = 1`: a loss whose parameter is named eps but whose body says epsilon
 * used 1 on every case. The report says which name, its value, and the fix.
 */
import { describe, expect, it } from 'vitest';
import { batchSubmissions } from '../helpers/cli.js';

// Every file is graded in one batch before the tests (batchSubmissions).
const batch = batchSubmissions('shadowed');
const FREQS = 'import numpy as np\n\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n\n';
const LOSS = (param: string) => `def get_weighted_loss(pos_weights, neg_weights, ${param}=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
`;
const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
const notebook = (...cells: string[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map(cell) });

describe('a graded function reading an assignment parameter name from the globals', () => {
  const shadowNb = batch('shadow.ipynb', notebook(FREQS, LOSS('eps'), '# In order to pass the tests, set epsilon = 1\nepsilon = 1\nget_weighted_loss_test(get_weighted_loss, epsilon)'));
  const shadowPy = batch('shadow.py', `${FREQS}epsilon = 1e-3\n\n\n${LOSS('eps')}`);
  const ownParam = batch('own.py', `${FREQS}epsilon = 1\n\n\n${LOSS('epsilon')}`);
  const otherName = batch('other.py', `${FREQS}EPS = 1e-7\n\n\n${LOSS('eps').replace(/\+ epsilon/g, '+ EPS')}`);
  it('a notebook: the loss names its parameter eps and reads the test cell\'s epsilon = 1', async () => {
    const { report } = await shadowNb();
    expect(report.notes).toContain(
      "get_weighted_loss's code reads epsilon from your notebook's globals (epsilon = 1 there), not from its own parameters (pos_weights, neg_weights, eps): whatever epsilon the grader passes, that value is used. Use the parameter's name in the body, or name the parameter epsilon.",
    );
    expect(report.score).toBeLessThan(report.maxScore);
  });

  it('a .py file: the same, from a module constant', async () => {
    const { report } = await shadowPy();
    expect(report.notes.filter((n) => n.includes('reads epsilon from your file\'s globals (epsilon = 0.001 there)'))).toHaveLength(1);
  });

  it('says nothing when the name is the function\'s own parameter (a closure), or a constant of another name', async () => {
    const own = await ownParam();
    expect(own.report.notes.filter((n) => n.includes('globals'))).toEqual([]);
    expect(own.report.score).toBe(own.report.maxScore);
    const other = await otherName();
    expect(other.report.notes.filter((n) => n.includes('globals'))).toEqual([]);
  });
});

describe("compute_class_freqs that never reads its labels and reads the file's data instead (learner 29)", () => {
  const LOSS_OK = LOSS('epsilon');
  const freqs = (param: string, body: string) => `import numpy as np\n\ntrain_labels = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]])\nCLASSES = ['a', 'b', 'c']\n\n\ndef compute_class_freqs(${param}):\n${body}\n\n\n`;
  const globalData = batch('global.py', `${freqs('labels', '    N = train_labels.shape[0]\n    p = np.sum(train_labels, axis=0) / N\n    return p, 1 - p')}${LOSS_OK}`);
  const readPy = batch('read.py', `${freqs('labels', '    assert len(CLASSES) == labels.shape[1]\n    p = np.mean(labels, axis=0)\n    return p, 1 - p')}${LOSS_OK}`);
  const innerPy = batch('inner.py', `${freqs('y', '    f = lambda: np.mean(y, axis=0) + 0 * len(train_labels)\n    p = f()\n    return p, 1 - p')}${LOSS_OK}`);
  // A global whose name has a combining mark (legal in Python, not a plain name): no note, and the file is graded.
  const markedPy = batch('marked.py', `${freqs('labels', '    p = np.mean(train_labels, axis=0)\n    return p, 1 - p').replace(/train_labels/g, 'lab\u0301els')}${LOSS_OK}`);
  const constantPy = batch('constant.py', `${freqs('labels', '    p = np.array([0.75, 0.5, 0.75])\n    return p, 1 - p')}${LOSS_OK}`);
  it('names the globals read, and says to compute from the parameter', async () => {
    const { report } = await globalData();
    expect(report.notes).toContain(
      "compute_class_freqs never reads labels, its parameter, and reads train_labels from your file's globals instead: every case runs with your file's train_labels, not with the labels the case passes. Compute the frequencies from labels.",
    );
    expect(report.mistakes.map((m) => m.id)).toEqual(['freqs-ignores-inputs']);
  });
  it('says nothing when the parameter is read (directly, or by an inner function), or when no global array is read', async () => {
    const read = await readPy();
    expect(read.report.notes.filter((n) => n.includes('never reads'))).toEqual([]);
    const inner = await innerPy();
    expect(inner.report.notes.filter((n) => n.includes('never reads'))).toEqual([]);
    const marked = await markedPy();
    expect(marked.report.notes.filter((n) => n.includes('never reads'))).toEqual([]);
    expect(marked.report.cases.filter((c) => c.function === 'weighted_loss').every((c) => c.status === 'passed')).toBe(true);
    const constant = await constantPy();
    expect(constant.report.notes.filter((n) => n.includes('never reads'))).toEqual([]);
  });
});
