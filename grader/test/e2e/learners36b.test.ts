/**
 * Learners 36b: framework code of the kind real learners hand in.
 *
 * - K.binary_crossentropy(y_true, y_pred + epsilon): epsilon added to the predictions up front, then
 *   Keras's own clip to [1e-7, 1 - 1e-7] and its 1e-7 inside both logs. It got only the "no mistake
 *   explains" note (learners 36 b01): loss-clip-and-epsilon models Keras's clip and 1e-7 on the
 *   predictions as given, not on p + epsilon. Per class and on the whole matrix, Keras 2's backend
 *   (the shim) and tf.keras.backend's on float32 tensors.
 * - A tf.keras.losses.Loss subclass whose call reads `epsilon = self.epsilon` (the constructor's
 *   argument) and adds no epsilon to its float32 logs was told loss-epsilon-ignored, at that line, as
 *   if it overwrote the parameter with a fixed value: on float32 the cases cannot tell no epsilon from
 *   a fixed 1e-7, and the source's "epsilon" site decided. `epsilon = 1e-7` in call stays a fixed one.
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

const lossClass = (read: string, logs: readonly [string, string]) =>
  'import numpy as np\nimport tensorflow as tf\n' +
  FREQS +
  'class WeightedLoss(tf.keras.losses.Loss):\n' +
  '    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):\n' +
  '        super().__init__(name="weighted_loss")\n' +
  '        self.pos_weights = tf.constant(pos_weights, dtype=tf.float32)\n' +
  '        self.neg_weights = tf.constant(neg_weights, dtype=tf.float32)\n' +
  '        self.epsilon = epsilon\n\n' +
  '    def call(self, y_true, y_pred):\n' +
  '        y_true = tf.cast(y_true, tf.float32)\n' +
  '        y_pred = tf.cast(y_pred, tf.float32)\n' +
  `        epsilon = ${read}\n` +
  `        per = -(self.pos_weights * y_true * tf.math.log(${logs[0]}) + self.neg_weights * (1 - y_true) * tf.math.log(${logs[1]}))\n` +
  '        return tf.reduce_sum(tf.reduce_mean(per, axis=0))\n\n\n' +
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
  '    return WeightedLoss(pos_weights, neg_weights, epsilon)\n';

const lossClasses = {
  fromSelf: graded('loss_class_no_eps.py', lossClass('self.epsilon', ['y_pred', '1 - y_pred'])),
  fixed: graded('loss_class_fixed_eps.py', lossClass('1e-7', ['y_pred + epsilon', '1 - y_pred + epsilon'])),
};

describe("a Keras Loss subclass's call that reads epsilon = self.epsilon", () => {
  it('with no epsilon in its logs is loss-no-epsilon, not a fixed epsilon at that line', async () => {
    const { report } = await lossClasses.fromSelf();
    expect(report.mistakes.map((m) => m.id)).toEqual(['loss-no-epsilon']);
    expect(report.mistakes[0]!.location?.line).toBe(21);
  });

  it('epsilon = 1e-7 in call is still a fixed epsilon (loss-epsilon-ignored) at that line', async () => {
    const { report } = await lossClasses.fixed();
    expect(report.mistakes.map((m) => m.id)).toEqual(['loss-epsilon-ignored']);
    expect(report.mistakes[0]!.location?.line).toBe(20);
  });
});

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
