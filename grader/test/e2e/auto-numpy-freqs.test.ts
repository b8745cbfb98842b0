/**
 * Under a suite's `framework: auto`, compute_class_freqs gets the tensors of the framework the file
 * imports; a numpy compute_class_freqs beside a torch loss (the course hands the frequencies numpy
 * labels from its data generator) raised on them and failed every frequency case. It now runs again
 * with numpy arrays, with a note naming it (runner._freqs_or_arrays); an explicit `framework: torch`
 * stays strict. Skipped by name where PyTorch is not installed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, ROOT } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const HAS_TORCH = hasModule('torch');
const AUTO = join(ROOT, 'grader', 'test', 'fixtures', 'frameworks', 'auto.yaml');

const SRC =
  'import numpy as np\nimport torch\n\n' +
  'def compute_class_freqs(labels):\n    N = labels.shape[0]\n    positive_frequencies = np.sum(labels, axis=0) / N\n    negative_frequencies = np.sum(labels == 0, axis=0) / N\n    return positive_frequencies, negative_frequencies\n\n' +
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
  '        y_true = torch.as_tensor(y_true)\n        y_pred = torch.as_tensor(y_pred)\n        pw = torch.as_tensor(pos_weights).to(y_pred.dtype)\n        nw = torch.as_tensor(neg_weights).to(y_pred.dtype)\n' +
  '        return torch.sum(torch.mean(-(pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon)), dim=0))\n' +
  '    return weighted_loss\n';

describe.skipIf(!HAS_TORCH)('framework: auto, a numpy compute_class_freqs beside a torch loss', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wlgrade-auto-numpy-'));
    await writeFile(join(dir, 'np_freqs_torch_loss.py'), SRC);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs its frequency cases again with numpy arrays and says so', async () => {
    const { exitCode, report } = await checkJson(join(dir, 'np_freqs_torch_loss.py'), ['--sandbox', 'process', '--cases', AUTO]);
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([
      ['freqs-toy', 'passed'],
      ['loss-toy', 'passed'],
      ['loss-float32', 'passed'],
      ['loss-numpy-inputs', 'passed'],
    ]);
    expect(exitCode).toBe(0);
    expect(report.notes).toContain(
      "compute_class_freqs is written for numpy arrays (on this suite's tensors it raised an error), so its cases ran again with numpy arrays, as the course's data generator hands it the labels; the values are graded as usual.",
    );
  });

  it('an explicit framework: torch stays strict: the frequency case fails on the tensors', async () => {
    const yaml = join(dir, 'torch.yaml');
    await writeFile(yaml, 'suite: torch-strict\nframework: torch\ncases:\n  - id: freqs-toy\n    function: compute_class_freqs\n    labels: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]]\n');
    const { report } = await checkJson(join(dir, 'np_freqs_torch_loss.py'), ['--sandbox', 'process', '--cases', yaml]);
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([['freqs-toy', 'error']]);
    expect(report.notes.filter((m) => m.includes('numpy arrays'))).toEqual([]);
  });
});
