/**
 * runner.clips_predictions reads, from get_weighted_loss's source, whether the loss clips its
 * predictions (or calls a binary cross-entropy, which clips): where the cases cannot tell a
 * clipping mistake from a fixed or second epsilon, this tells which one the code makes (sweep 16b).
 */
import { describe, expect, it } from 'vitest';
import { runnerOnEach } from '../helpers/runner.js';

const clips = (sources: string[]) => runnerOnEach('clips_predictions', sources);

const loss = (imports: string, body: string) =>
  `${imports}\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n')}\n    return weighted_loss\n`;

const K = 'from keras import backend as K';
const TERMS = 'pos_weights * y_true * K.log(y_pred + epsilon) + neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon)';

describe('clips_predictions', () => {
  it.each([
    ['K.clip to K.epsilon()', K, `y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())\nreturn -K.sum(K.mean(${TERMS}, axis=0))`],
    ['tf.clip_by_value', 'import tensorflow as tf', 'p = tf.clip_by_value(y_pred, 1e-7, 1 - 1e-7)\nreturn -tf.reduce_sum(tf.reduce_mean(y_true * tf.math.log(p), axis=0))'],
    ['torch.clamp', 'import torch', 'p = torch.clamp(y_pred, epsilon, 1 - epsilon)\nreturn -(y_true * torch.log(p)).mean(0).sum()'],
    ['a method clamp with a keyword bound', 'import torch', 'p = y_pred.clamp(min=epsilon)\nreturn -(y_true * torch.log(p)).mean(0).sum()'],
    ['np.maximum', 'import numpy as np', 'p = np.maximum(y_pred, epsilon)\nreturn -np.sum(np.mean(y_true * np.log(p), axis=0))'],
    ['PyTorch binary_cross_entropy (its logs floored)', 'import torch.nn.functional as F', 'return F.binary_cross_entropy(y_pred, y_true, reduction="none").mean(0).sum()'],
    ['K.binary_crossentropy, from_logits=False said', K, 'return K.sum(K.mean(K.binary_crossentropy(y_true, y_pred, from_logits=False), axis=0))'],
  ])('%s: clips', async (_, imports, body) => {
    expect(await clips([loss(imports, body)])).toEqual([true]);
  });
  it.each([
    ['K.epsilon() in place of the argument', K, `return -K.sum(K.mean(${TERMS.replaceAll('epsilon', 'K.epsilon()')}, axis=0))`],
    ['a clip to [0, 1], which bounds nothing the logs need', K, `y_pred = K.clip(y_pred, 0, 1)\nreturn -K.sum(K.mean(${TERMS}, axis=0))`],
    ['a reduction named max', K, `loss = -K.sum(K.mean(${TERMS}, axis=0))\nreturn K.max(loss, axis=0)`],
    // As fix_sites reads them (_CLIPPING_BCE): a cross-entropy from logits clips nothing (a sigmoid
    // is its story), nor does a def of the file's own under a library's name.
    ['K.binary_crossentropy from_logits=True', K, 'return K.sum(K.mean(K.binary_crossentropy(y_true, y_pred, from_logits=True), axis=0))'],
    ['a BinaryCrossentropy object from logits', 'import tensorflow as tf', "bce = tf.keras.losses.BinaryCrossentropy(from_logits=True, reduction='none')\nreturn tf.reduce_sum(bce(y_true, y_pred))"],
    ['a def of the file\'s own named binary_crossentropy', `import numpy as np\ndef binary_crossentropy(y, p, eps=1e-7):\n    return -(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))\n`, 'return np.sum(np.mean(binary_crossentropy(y_true, y_pred, epsilon), axis=0))'],
    // Spelt with a fullwidth b, which Python reads as binary_crossentropy (NFKC; red team 33).
    ['a def of the file\'s own named ｂinary_crossentropy', `import numpy as np\ndef ｂinary_crossentropy(y, p, eps=1e-7):\n    return -(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))\n`, 'return np.sum(np.mean(binary_crossentropy(y_true, y_pred, epsilon), axis=0))'],
  ])('%s: does not clip', async (_, imports, body) => {
    expect(await clips([loss(imports, body)])).toEqual([false]);
  });
  // A module's function takes the value first, whichever array module: TensorFlow's NumPy (tnp), CuPy,
  // JAX, or one the file imports under a name of its own. Read as a method, K.clip(y_pred, 0, 1)'s
  // value counted as a bound (stop 30).
  it.each([
    ['tnp.clip to [0, 1]', 'import tensorflow.experimental.numpy as tnp', 'p = tnp.clip(y_pred, 0, 1)\nreturn -tnp.sum(tnp.mean(y_true * tnp.log(p + epsilon), axis=0))', false],
    ['cp.maximum with 0', 'import cupy as cp', 'p = cp.maximum(y_pred, 0)\nreturn -cp.sum(cp.mean(y_true * cp.log(p + epsilon), axis=0))', false],
    ['jax.numpy.clip to [0, 1]', 'import jax', 'p = jax.numpy.clip(y_pred, 0, 1)\nreturn -(y_true * jax.numpy.log(p + epsilon)).mean(0).sum()', false],
    ['a module under a name of its own, clip to [0, 1]', 'import tensorflow.experimental.numpy as xnp', 'p = xnp.clip(y_pred, 0, 1)\nreturn -xnp.sum(xnp.mean(y_true * xnp.log(p + epsilon), axis=0))', false],
    ['tnp.clip to epsilon', 'import tensorflow.experimental.numpy as tnp', 'p = tnp.clip(y_pred, epsilon, 1 - epsilon)\nreturn -tnp.sum(tnp.mean(y_true * tnp.log(p), axis=0))', true],
    ['a module under a name of its own, clip to epsilon', 'import cupy as xp', 'p = xp.clip(y_pred, epsilon, 1 - epsilon)\nreturn -xp.sum(xp.mean(y_true * xp.log(p), axis=0))', true],
  ])('%s', async (_, imports, body, want) => {
    expect(await clips([loss(imports, body)])).toEqual([want]);
  });
  it('no get_weighted_loss: nothing to say', async () => {
    expect(await clips(['def compute_class_freqs(labels):\n    return labels.mean(0), 1 - labels.mean(0)\n'])).toEqual([null]);
  });
});

/**
 * runner.calls_clipping_bce: with clips_predictions true, whether the clip is a library
 * cross-entropy's (Keras 3's binary_crossentropy) or the loss's own code's (a plain K.clip), whose
 * hint then names no library (tidy 34).
 */
describe('calls_clipping_bce', () => {
  const bce = (sources: string[]) => runnerOnEach('calls_clipping_bce', sources);
  it.each([
    ['a plain K.clip', K, `y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())\nreturn -K.sum(K.mean(${TERMS}, axis=0))`, false],
    ['np.clip to 1e-7', 'import numpy as np', 'p = np.clip(y_pred, 1e-7, 1 - 1e-7)\nreturn -np.sum(np.mean(y_true * np.log(p), axis=0))', false],
    ['K.binary_crossentropy', K, 'return K.sum(K.mean(K.binary_crossentropy(y_true, y_pred), axis=0))', true],
    ['keras.losses.binary_crossentropy beside a K.clip', `${K}\nimport keras`, 'y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())\nreturn K.sum(keras.losses.binary_crossentropy(y_true, y_pred))', true],
    ['a BinaryCrossentropy object', 'import tensorflow as tf', "bce = tf.keras.losses.BinaryCrossentropy(reduction='none')\nreturn tf.reduce_sum(bce(y_true, y_pred))", true],
    ['F.binary_cross_entropy (its logs floored)', 'import torch.nn.functional as F', 'return F.binary_cross_entropy(y_pred, y_true, reduction="none").mean(0).sum()', true],
    ['from logits, beside a clip', K, 'p = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())\nreturn K.sum(K.binary_crossentropy(y_true, p, from_logits=True))', false],
    ["a def of the file's own named binary_crossentropy", `import numpy as np\ndef binary_crossentropy(y, p):\n    p = np.clip(p, 1e-7, 1 - 1e-7)\n    return -(y * np.log(p) + (1 - y) * np.log(1 - p))\n`, 'return np.sum(np.mean(binary_crossentropy(y_true, y_pred), axis=0))', false],
  ])('%s', async (_, imports, body, want) => {
    expect(await bce([loss(imports, body)])).toEqual([want]);
  });
  it('no get_weighted_loss: nothing to say', async () => {
    expect(await bce(['def compute_class_freqs(labels):\n    return labels.mean(0), 1 - labels.mean(0)\n'])).toEqual([null]);
  });
});
