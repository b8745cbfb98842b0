/**
 * A submission written for TensorFlow eager tensors calls `.numpy()` on its inputs, which numpy
 * arrays lack: the runner runs that call again with numpy arrays that have the method (no
 * TensorFlow needed) and grades the value, and the report says so (also for code that imports only
 * Keras). A mistake is still named, and code that calls `.numpy()` without importing TensorFlow or
 * Keras keeps its AttributeError.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const source = (imports: string, term: string) => `import numpy as np
${imports}


def compute_class_freqs(labels):
    p = np.mean(labels, axis=0)
    return p, 1 - p


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = y_true.numpy()
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += ${term}
        return loss
    return weighted_loss
`;
// y_pred keeps its .numpy()-able type: the value returned is built from it.
const P = 'pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)';
const N = 'neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';
const note = (notes: string[]) => notes.filter((n) => n.includes('TensorFlow eager tensors'));
const scratch = scratchSubmissions('eager-inputs');

describe('TensorFlow eager code (.numpy() on the inputs) on numpy inputs', () => {
  it('a correct loss passes, with a note naming the function', async () => {
    const { exitCode, report } = await scratch('ok.py', source('import tensorflow as tf', `-np.mean(${P} + ${N})`));
    expect(report.status).toBe('passed');
    expect(exitCode).toBe(0);
    expect(note(report.notes)).toEqual([expect.stringMatching(/^get_weighted_loss needs TensorFlow eager tensors .* ran again with numpy inputs given that \.numpy\(\) method/)]);
  });

  it.each(['from keras import backend as K', 'import keras', 'from tensorflow.keras import backend as K'])('with only Keras imported (%s) too: the course\'s Keras gives TensorFlow tensors', async (imports) => {
    const { report } = await scratch('keras.py', source(imports, `-np.mean(${P} + ${N})`));
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(note(report.notes)).toHaveLength(1);
  });

  it('a mistake is named as for numpy code', async () => {
    const { report } = await scratch('sum.py', source('import tensorflow as tf', `-np.sum(${P} + ${N})`));
    expect(report.mistakes.map((m) => m.id)).toEqual(['loss-sum-not-mean']);
  });

  it('without a TensorFlow or Keras import, .numpy() on an array stays the learner\'s AttributeError', async () => {
    const { report } = await scratch('no-tf.py', source('', `-np.mean(${P} + ${N})`));
    const loss = report.cases.filter((c) => c.function === 'weighted_loss');
    expect(loss.every((c) => c.status === 'error')).toBe(true);
    expect(loss[0]!.message).toContain("'numpy.ndarray' object has no attribute 'numpy'");
    expect(note(report.notes)).toEqual([]);
  });
});
