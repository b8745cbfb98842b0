/**
 * Learners 36b: framework code of the kind real learners hand in.
 *
 * - K.binary_crossentropy(y_true, y_pred + epsilon): epsilon added to the predictions up front, then
 *   Keras's own clip to [1e-7, 1 - 1e-7] and its 1e-7 inside both logs. It got only the "no mistake
 *   explains" note (learners 36 b01): loss-clip-and-epsilon models Keras's clip and 1e-7 on the
 *   predictions as given, not on p + epsilon. Per class and on the whole matrix, Keras 2's backend
 *   (the shim) and tf.keras.backend's on float32 tensors.
 */
import { describe, expect, it } from 'vitest';
import { batchSubmissions } from '../helpers/cli.js';

const FREQS =
  'import numpy as np\n\n' +
  'def compute_class_freqs(labels):\n' +
  '    N = labels.shape[0]\n' +
  '    positive_frequencies = np.sum(labels, axis=0) / N\n' +
  '    return positive_frequencies, 1 - positive_frequencies\n\n';

const graded = batchSubmissions('learners36b');

const kbce = {
  perClass: graded(
    'kbce_per_class.py',
    'from keras import backend as K\n' +
      FREQS +
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
      '    def weighted_loss(y_true, y_pred):\n' +
      '        loss = 0.0\n' +
      '        for i in range(len(pos_weights)):\n' +
      '            w = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])\n' +
      '            loss += K.mean(w * K.binary_crossentropy(y_true[:, i], y_pred[:, i] + epsilon))\n' +
      '        return loss\n' +
      '    return weighted_loss\n',
  ),
  matrix: graded(
    'kbce_matrix.py',
    'import tensorflow as tf\n' +
      FREQS +
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
      '    def weighted_loss(y_true, y_pred):\n' +
      '        y_true = tf.cast(y_true, tf.float32)\n' +
      '        y_pred = tf.cast(y_pred, tf.float32) + epsilon\n' +
      '        w = pos_weights * y_true + neg_weights * (1 - y_true)\n' +
      '        bce = tf.keras.backend.binary_crossentropy(y_true, y_pred)\n' +
      '        return tf.reduce_sum(tf.reduce_mean(w * bce, axis=0))\n' +
      '    return weighted_loss\n',
  ),
};

describe('K.binary_crossentropy on y_pred + epsilon', () => {
  it.each([
    ['per class, Keras 2 backend', 'perClass'],
    ['whole matrix, tf.keras.backend on float32', 'matrix'],
  ] as const)('is loss-clip-and-epsilon, told as epsilon added before Keras clips and adds its own 1e-7 (%s)', async (_, key) => {
    const { report } = await kbce[key]();
    expect(report.status).toBe('failed');
    expect(report.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-clip-and-epsilon', 'full']]);
    const m = report.mistakes[0]!;
    expect(m.message).toContain('epsilon added to the predictions before K.binary_crossentropy');
    expect(m.fix).toContain('add nothing to y_pred up front');
    expect(report.notes.join(' ')).not.toContain('No mistake in');
  });
});
