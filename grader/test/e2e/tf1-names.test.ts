/**
 * Code written for the TensorFlow 1.x a course ran with Keras 2 (correct 33; the course notebook's
 * own test takes K.get_session(), TensorFlow 1's graph mode): tf.log, tf.to_float. TensorFlow 2
 * moved them to tf.math or removed them, and a correct loss scored 0 on every loss case here
 * (AttributeError). The runner puts those names back on the tensorflow module the file imported
 * (runner.install_tf1_aliases), and a note names each one used with what TensorFlow 2 writes.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const HAS_TF = hasModule('tensorflow');
const scratch = scratchSubmissions('tf1-names');

const SOURCE = `import numpy as np
import tensorflow as tf
from keras import backend as K


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    return positive_frequencies, 1 - positive_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -K.mean(pos_weights[i] * y_true[:, i] * tf.log(y_pred[:, i] + epsilon)
                            + neg_weights[i] * (1 - y_true[:, i]) * tf.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
`;

describe.skipIf(!HAS_TF)(`TensorFlow 1 names${HAS_TF ? '' : ' — SKIPPED: tensorflow not installed (pip install -r .ci/requirements-frameworks.txt)'}`, () => {
  it('grades tf.log as tf.math.log, and says what to write', async () => {
    const { exitCode, report } = await scratch('tf1-log.py', SOURCE);
    expect([exitCode, report.status, report.score]).toEqual([0, 'passed', report.maxScore]);
    expect(report.notes).toEqual([
      "Your code uses tf.log (write tf.math.log), first at line 16: TensorFlow 1's name (the TensorFlow a course may run with Keras 2), which TensorFlow 2 removed. It was graded as what it stood for, as TensorFlow 1 runs it; write the replacement so your file runs on TensorFlow 2 too.",
    ]);
  });
});
