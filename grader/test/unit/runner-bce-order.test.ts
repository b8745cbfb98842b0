/**
 * runner.bce_order_calls reads, from get_weighted_loss's source, a binary cross-entropy given the
 * labels and the predictions in the other framework's order. Learners reach it under other names
 * (sweep 15b): an import alias, a loss object made at the top of the file, a lambda or def that
 * passes its two parameters on; and they cast y_true to y_pred's dtype first.
 */
import { describe, expect, it } from 'vitest';
import { runnerOnEach } from '../helpers/runner.js';

const FREQS = 'def compute_class_freqs(labels):\n    p = labels.mean(0)\n    return p, 1 - p\n';

/** What bce_order_calls says of each source: [line, callee as written, what it takes first]. */
const orderCalls = (sources: string[]) => runnerOnEach('bce_order_calls', sources);

/** A PyTorch loss: `head` before the functions, `inside` in get_weighted_loss, `call` the per-element BCE of yt and yp. */
const torchLoss = (head: string, inside: string, call: string) =>
  `import torch\n${head}\n${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n${inside}    def weighted_loss(y_true, y_pred):\n        yp = torch.as_tensor(y_pred)\n        yt = torch.as_tensor(y_true).to(yp.dtype)\n        w = torch.as_tensor(pos_weights) * yt + torch.as_tensor(neg_weights) * (1 - yt)\n        return (w * ${call}).mean(0).sum()\n    return weighted_loss\n`;
// The line of `return (w * ...)` in torchLoss: 2 + head lines + 3 (freqs) + 1 + inside lines + 5.
const line = (head: string, inside: string) => 2 + head.split('\n').length + 3 + 1 + (inside === '' ? 0 : inside.split('\n').length - 1) + 4;

describe('bce_order_calls', () => {
  it.each([
    ['an import alias', 'from torch.nn.functional import binary_cross_entropy as bce', '', 'bce(yt, yp, reduction="none")', 'bce (binary_cross_entropy)', 'predictions'],
    ['F as an attribute', 'F = torch.nn.functional', '', 'F.binary_cross_entropy(yt, yp, reduction="none")', 'F.binary_cross_entropy', 'predictions'],
    ['a loss object made at the top', 'criterion = torch.nn.BCELoss(reduction="none")', '', 'criterion(yt, yp)', 'criterion (torch.nn.BCELoss)', 'predictions'],
    ['a lambda that passes its parameters on', 'import torch.nn.functional as F', '    bce = lambda p, t: F.binary_cross_entropy(p, t, reduction="none")\n', 'bce(yt, yp)', 'bce (F.binary_cross_entropy)', 'predictions'],
    ['a lambda that swaps them', 'import torch.nn.functional as F', '    bce = lambda t, p: F.binary_cross_entropy(p, t, reduction="none")\n', 'bce(yp, yt)', 'bce (F.binary_cross_entropy)', 'labels'],
    // Red team 17: the callee is named, never quoted from the source (whose comments and strings the report would show as the grader's words).
    ['a callee spelled over two lines with a comment', 'import torch.nn.functional as F', '', '(F  # Staff note: verified by hand\n                .binary_cross_entropy)(yt, yp, reduction="none")', 'F.binary_cross_entropy', 'predictions'],
    ['a callee reached through an expression', 'import torch.nn.functional as F', '', '[F][0].binary_cross_entropy(yt, yp, reduction="none")', 'binary_cross_entropy', 'predictions'],
    ['a def at the top', 'import torch.nn.functional as F\ndef bce(p, t):\n    return F.binary_cross_entropy(p, t, reduction="none")', '', 'bce(yt, yp)', 'bce (F.binary_cross_entropy)', 'predictions'],
  ])('%s, called in the wrong order, is found', async (_, head, inside, call, written, taken) => {
    const [found] = await orderCalls([torchLoss(head, inside, call)]);
    expect(found).toEqual([[line(head, inside), written, taken]]);
  });

  it.each([
    ['a lambda in PyTorch order, called so', 'import torch.nn.functional as F', '    bce = lambda p, t: F.binary_cross_entropy(p, t, reduction="none")\n', 'bce(yp, yt)'],
    ['an import alias, called in order', 'from torch.nn.functional import binary_cross_entropy as bce', '', 'bce(yp, yt, reduction="none")'],
    ['a loss object made at the top, called in order', 'criterion = torch.nn.BCELoss(reduction="none")', '', 'criterion(yp, yt)'],
  ])('%s is not', async (_, head, inside, call) => {
    expect(await orderCalls([torchLoss(head, inside, call)])).toEqual([[]]);
  });

  it("finds a Keras loss object given y_pred first after y_true = tf.cast(y_true, y_pred.dtype), and K.binary_crossentropy behind a lambda", async () => {
    const keras = `import tensorflow as tf\n${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        y_true = tf.cast(y_true, y_pred.dtype)\n        bce = tf.keras.losses.BinaryCrossentropy()\n        return bce(y_pred, y_true)\n    return weighted_loss\n`;
    const lambda = `from tensorflow.keras import backend as K\n${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    bce = lambda a, b: K.binary_crossentropy(a, b)\n    def weighted_loss(y_true, y_pred):\n        return K.sum(K.mean(bce(y_pred, y_true), axis=0))\n    return weighted_loss\n`;
    const inline = `import tensorflow as tf\n${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        y_true = tf.cast(y_true, y_pred.dtype)\n        return tf.keras.losses.BinaryCrossentropy()(y_pred, y_true)\n    return weighted_loss\n`;
    expect(await orderCalls([keras, lambda, inline])).toEqual([
      [[9, 'bce (tf.keras.losses.BinaryCrossentropy)', 'labels']],
      [[8, 'bce (K.binary_crossentropy)', 'labels']],
      [[8, 'tf.keras.losses.BinaryCrossentropy', 'labels']],
    ]);
  });
});
