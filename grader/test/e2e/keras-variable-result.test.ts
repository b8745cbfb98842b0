/**
 * Keras 3's keras.Variable is no tf.Variable (nor a torch tensor): frequencies returned as
 * keras.Variable(ops.mean(labels, axis=0)) were read as an unknown object, "compute_class_freqs
 * returned a pair whose first item is a keras.src.backend.Variable; each item must be an array of
 * frequencies", 0 of 6 for right values (correct 31). They are read through the variable's value
 * (the backend's tensor), as a tf.Variable is. Needs Keras 3 with TensorFlow; skipped without.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const scratch = scratchSubmissions('keras-variable');
const HAS_KERAS = hasModule('keras') && hasModule('tensorflow');

const SRC = `import numpy as np
import keras
from keras import ops


def compute_class_freqs(labels):
    p = keras.Variable(ops.mean(ops.cast(labels, "float32"), axis=0))
    return p, keras.Variable(1 - ops.convert_to_tensor(p))


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        t = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return keras.Variable(-np.sum(np.mean(t, axis=0)))
    return weighted_loss
`;

describe.skipIf(!HAS_KERAS)('results that are Keras 3 variables', () => {
  it('are read as the arrays they hold: full marks, no note', async () => {
    const { exitCode, report } = await scratch('keras_variable.py', SRC);
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.message])).toEqual([]);
    expect([exitCode, report.score]).toEqual([0, report.maxScore]);
    expect(report.cases.flatMap((c) => c.notes)).toEqual([]);
  });
});
