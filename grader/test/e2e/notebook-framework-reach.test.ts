/**
 * The framework a notebook is written for is read from what its graded functions reach, as its
 * imports are: a training helper no graded function calls, importing torch in its body, made a
 * numpy notebook a torch one (notebooks 32), so under a suite's `framework: auto` its numpy loss
 * was handed torch tensors and raised on them, and PyTorch was imported for the run. Skipped by
 * name where PyTorch is not installed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, ROOT } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const HAS_TORCH = hasModule('torch');
const AUTO = join(ROOT, 'grader', 'test', 'fixtures', 'frameworks', 'auto.yaml');

const code = (source: string) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source });
const notebook = (cells: string[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map(code) });

const NUMPY_CELLS = [
  'import numpy as np',
  'def compute_class_freqs(labels):\n    N = labels.shape[0]\n    return np.sum(labels, axis=0) / N, np.sum(labels == 0, axis=0) / N',
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        loss = 0.0\n        for i in range(len(pos_weights)):\n' +
    '            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))\n' +
    '        return loss\n    return weighted_loss',
];
// A helper of the notebook's training part: never called by a graded function.
const TRAIN = 'def train(model, loader):\n    import torch\n    opt = torch.optim.Adam(model.parameters())\n    for x, y in loader:\n        opt.zero_grad()\n        torch.nn.functional.binary_cross_entropy(model(x), y).backward()\n        opt.step()';

describe.skipIf(!HAS_TORCH)('framework: auto, a numpy notebook with a torch training helper', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-reach-'));
    await writeFile(join(dir, 'uncalled.ipynb'), notebook([...NUMPY_CELLS, TRAIN]));
    // The same helper called by the loss: the notebook does use torch there.
    await writeFile(join(dir, 'called.ipynb'), notebook([...NUMPY_CELLS.slice(0, 2), TRAIN, NUMPY_CELLS[2]!.replace('        return loss', '        if False:\n            train(None, [])\n        return loss')]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('grades the numpy functions on numpy arrays, as a notebook whose torch import is only in that helper', async () => {
    const { exitCode, report } = await checkJson(join(dir, 'uncalled.ipynb'), ['--sandbox', 'process', '--cases', AUTO]);
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([
      ['freqs-toy', 'passed'],
      ['loss-toy', 'passed'],
      ['loss-float32', 'passed'],
      ['loss-numpy-inputs', 'passed'],
    ]);
    expect(report.notes.filter((n) => n.includes('tensors'))).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('still hands torch tensors when a graded function reaches the helper that imports torch', async () => {
    const { report } = await checkJson(join(dir, 'called.ipynb'), ['--sandbox', 'process', '--cases', AUTO]);
    expect(report.cases.find((c) => c.id === 'loss-toy')?.message).toContain('This case passes torch tensors');
  });
});
