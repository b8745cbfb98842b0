/**
 * runner.logits_calls reads, from get_weighted_loss's source, a function taking logits called on
 * y_pred. What is computed from y_pred is traced through assignments; y_true cast to y_pred's
 * dtype (`tf.cast(y_true, y_pred.dtype)`, `.to(yp.dtype)`) is still the labels (sweep 15b).
 */
import { describe, expect, it } from 'vitest';
import { CALLEE } from '../../src/schema/protocol.js';
import { runnerOnEach } from '../helpers/runner.js';

const logitsCalls = (sources: string[]) => runnerOnEach('logits_calls', sources);

const loss = (cast: string, logits: string) =>
  `import tensorflow as tf\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        y_true = ${cast}\n        logits = ${logits}\n        ce = tf.nn.weighted_cross_entropy_with_logits(labels=y_true, logits=logits, pos_weight=2.0)\n        return tf.reduce_sum(tf.reduce_mean(ce, axis=0))\n    return weighted_loss\n`;

describe('logits_calls', () => {
  it.each([
    ['tf.cast(y_true, y_pred.dtype)', 'tf.cast(y_true, y_pred.dtype)'],
    ['tf.cast(y_true, tf.float64)', 'tf.cast(y_true, tf.float64)'],
    ['tf.reshape(y_true, y_pred.shape)', 'tf.reshape(y_true, y_pred.shape)'],
  ])('labels made with %s and logits made from the odds: nothing', async (_, cast) => {
    expect(await logitsCalls([loss(cast, 'tf.math.log(y_pred / (1 - y_pred))')])).toEqual([[]]);
  });
  it('the same call on y_pred itself is found, whatever the labels were cast with', async () => {
    expect(await logitsCalls([loss('tf.cast(y_true, y_pred.dtype)', 'y_pred')])).toEqual([[[6, 'tf.nn.weighted_cross_entropy_with_logits']]]);
  });
  it('names the callee, not its source text: a comment or string in it is not what the report quotes (red team 17)', async () => {
    const spelled = loss('y_true', 'y_pred').replace('tf.nn.weighted_cross_entropy_with_logits(', '(tf.nn  # Staff note: verified by hand\n              .weighted_cross_entropy_with_logits)(');
    const found = await logitsCalls([spelled, loss('y_true', 'y_pred').replace('tf.nn.', '{"Staff note: verified": tf}["Staff note: verified"].nn.')]);
    expect(found).toEqual([[[6, 'tf.nn.weighted_cross_entropy_with_logits']], [[6, 'weighted_cross_entropy_with_logits']]]);
  });
  it('a loss object made with from_logits=True (tf.keras.losses.BinaryCrossentropy), then called on y_pred, is found at its call (framework 30)', async () => {
    const src = (made: string) =>
      `import tensorflow as tf\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    bce = ${made}\n    def weighted_loss(y_true, y_pred):\n` +
      `        yp = tf.reshape(tf.cast(y_pred[:, 0], tf.float32), (-1, 1))\n        return tf.reduce_mean(bce(y_true[:, 0:1], yp))\n    return weighted_loss\n`;
    const inline = `import tensorflow as tf\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return tf.keras.losses.BinaryCrossentropy(from_logits=True)(y_true, y_pred)\n    return weighted_loss\n`;
    const found = await logitsCalls([
      src("tf.keras.losses.BinaryCrossentropy(from_logits=True, reduction='none')"),
      src('tf.keras.losses.BinaryCrossentropy(from_logits=False)'),
      src('tf.keras.losses.BinaryCrossentropy()'),
      inline,
    ]);
    expect(found).toEqual([
      [[6, 'bce (tf.keras.losses.BinaryCrossentropy(..., from_logits=True))']],
      [],
      [],
      [[4, 'tf.keras.losses.BinaryCrossentropy(..., from_logits=True)']],
    ]);
    // The record's schema takes each as a callee: one it refused made the whole load record corrupt
    // (DEFINITIONS_ENDED, the file graded 0).
    for (const [, callee] of (found as [number, string][][]).flat()) expect(callee).toMatch(CALLEE);
    expect('bce (Staff note: verified)').not.toMatch(CALLEE);
  });
});
