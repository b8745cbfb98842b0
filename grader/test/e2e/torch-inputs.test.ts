/**
 * A submission written for PyTorch (`torch.log(y_pred)`) fails on the suite's numpy inputs with a
 * TypeError; the runner runs that call again with torch tensors and grades the value, and the
 * report says which function was graded that way. A real bug still shows its first error.
 * Skipped by name where PyTorch is not installed.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const HAS_TORCH = hasModule('torch');

const FREQS = `import numpy as np
import torch


def compute_class_freqs(labels):
    p = np.mean(labels, axis=0)
    return p, 1 - p
`;
const torchLoss = (term: string) => `${FREQS}

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += ${term}
        return loss
    return weighted_loss
`;
const P = 'pos_weights[i] * y_true[:, i] * torch.log(y_pred[:, i] + epsilon)';
const N = 'neg_weights[i] * (1 - y_true[:, i]) * torch.log(1 - y_pred[:, i] + epsilon)';
const note = (notes: string[]) => notes.filter((n) => n.includes('PyTorch tensors'));

const scratch = scratchSubmissions('torch-inputs');

describe.skipIf(!HAS_TORCH)(`torch code on numpy inputs${HAS_TORCH ? '' : ' (skipped: PyTorch is not installed)'}`, () => {
  it('a correct torch loss passes, and the note names only the function that needed tensors', async () => {
    const { exitCode, report } = await scratch('ok.py', torchLoss(`-torch.mean(${P} + ${N})`));
    expect(report.status).toBe('passed');
    expect(exitCode).toBe(0);
    expect(note(report.notes)).toEqual([expect.stringMatching(/^get_weighted_loss needs PyTorch tensors/)]);
  });

  it('the note does not name an error the code did not raise (y_true.float() on an ndarray is an AttributeError)', async () => {
    const { report } = await scratch('method.py', torchLoss(`-torch.mean(${P} + ${N})`).replace('def weighted_loss(y_true, y_pred):', 'def weighted_loss(y_true, y_pred):\n        y_true = y_true.float()'));
    expect(report.status).toBe('passed');
    expect(note(report.notes)).toEqual([
      'get_weighted_loss needs PyTorch tensors (on numpy arrays its torch calls or tensor methods raised an error), so its cases ran again with torch.from_numpy inputs; the values are graded as usual.',
    ]);
  });

  it("a loss returned with requires_grad=True leaves no warning of the grader's own conversion on the learner's stderr (sweep 20)", async () => {
    const { report } = await scratch('grad.py', torchLoss(`-torch.mean(${P} + ${N})`).replace('        return loss\n', '        return loss.requires_grad_()\n'));
    expect(report.status).toBe('passed');
    expect(report.output.stderr).not.toMatch(/requires_grad|runner\.py/);
  });

  it('a torch loss with a mistake gets the mistake named, as numpy code would', async () => {
    const { report } = await scratch('sign.py', torchLoss(`torch.mean(-${P} + ${N})`));
    expect(report.mistakes.map((m) => m.id)).toEqual(['loss-sign-one-term']);
  });

  it("a loss that takes torch tensors and computes in numpy (y_true.cpu().numpy()) gets the weights as numpy arrays, as its own compute_class_freqs returns them (frameworks 35)", async () => {
    // With torch weights, pos_weights[i] * y_true[:, i] is a tensor again and np.mean(tensor, axis=...) raises.
    const src = `${FREQS}

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = y_true.cpu().numpy()
        y_pred = y_pred.detach().cpu().numpy()
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
`;
    const { report } = await scratch('to-numpy.py', src);
    expect([report.status, report.cases.filter((c) => c.status !== 'passed').map((c) => c.message)]).toEqual(['passed', []]);
    expect(note(report.notes)).toEqual([expect.stringMatching(/^get_weighted_loss needs PyTorch tensors/)]);
  });

  it('a bug that fails with tensors too keeps its first error and gets no note', async () => {
    // AttributeError on the ndarray, so the retry is tried; the tensor has no such method either.
    const { report } = await scratch('bug.py', torchLoss('-torch.mean(y_pred[:, i].no_such_method())'));
    const failed = report.cases.filter((c) => c.function === 'weighted_loss');
    expect(failed.every((c) => c.status === 'error')).toBe(true);
    expect(failed[0]!.message).toContain("'numpy.ndarray' object has no attribute 'no_such_method'");
    expect(note(report.notes)).toEqual([]);
  });
});
