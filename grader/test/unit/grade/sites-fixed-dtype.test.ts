/**
 * loss-mixed-dtypes's line: a cast to a fixed float dtype other than Keras's float32
 * (`tf.cast(y_true, tf.float64)`, `.double()`, `torch.tensor(w, dtype=torch.float64)`), where the
 * fix casts to the predictions' dtype instead. Before the "fixedDtype" site the mistake got no line.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf } from '../../helpers/runner.js';

const factory = (head: string, body: string[]) =>
  `${head}\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;
const tf = (body: string[]) => factory('import tensorflow as tf', body);
const torch = (body: string[]) => factory('import numpy as np\nimport torch', body);
const tfLoss = 'return -tf.reduce_sum(tf.reduce_mean(pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0))';
const torchLoss = 'return -torch.sum(torch.mean(pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon), dim=0))';

async function lines(source: string) {
  const [functions] = await functionsOf([source]);
  const at = siteOf('loss-mixed-dtypes', functions ?? {}, new Set(['loss-mixed-dtypes']));
  return at ? (at.lines ?? [at]).map((l) => l.line) : undefined;
}

describe('loss-mixed-dtypes: the cast to a fixed dtype', () => {
  it.each([
    // The framework's case (m-tf-float64-mix): a float64 labels cast beside float32 ones; the float32 casts are right.
    ['tf.cast(y_true, tf.float64)', tf(['y_true = tf.cast(y_true, tf.float64)', 'y_pred = tf.cast(y_pred, tf.float32)', 'pos_weights = tf.constant(pos_weights, dtype=tf.float32)', tfLoss]), [6]],
    ['tf.cast with dtype="float64"', tf(['y_true = tf.cast(y_true, dtype="float64")', tfLoss]), [6]],
    ['a weight constant of float64', tf(['pos_weights = tf.constant(pos_weights, dtype=tf.float64)', tfLoss]), [6]],
    ['torch .double() and torch.tensor(..., dtype=torch.float64)', torch(['y_true = y_true.double()', 'pw = torch.tensor(pos_weights, dtype=torch.float64)', 'nw = torch.as_tensor(neg_weights).to(y_pred.dtype)', torchLoss]), [7, 8]],
    ['.to(torch.double)', torch(['y_true = y_true.to(torch.double)', 'pw, nw = torch.as_tensor(pos_weights), torch.as_tensor(neg_weights)', torchLoss]), [7]],
  ])('%s', async (_, src, want) => {
    expect(await lines(src)).toEqual(want);
  });

  it.each([
    ['casts to the predictions\' dtype', tf(['y_true = tf.cast(y_true, y_pred.dtype)', tfLoss])],
    ['casts to float32 only', tf(['y_true = tf.cast(y_true, tf.float32)', 'y_pred = tf.cast(y_pred, "float32")', tfLoss])],
    ['a reduction\'s dtype=', torch(['pw, nw = torch.as_tensor(pos_weights), torch.as_tensor(neg_weights)', 'n = torch.sum(y_true, dtype=torch.float64)', torchLoss])],
  ])('%s: none', async (_, src) => {
    expect(await lines(src)).toBeUndefined();
  });
});

/** freqs-counts's lines in a compute_class_freqs with this body. */
async function countLines(body: string[]) {
  const src = `import numpy as np\n\n\ndef compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const [functions] = await functionsOf([src]);
  const at = siteOf('freqs-counts', functions ?? {}, new Set(['freqs-counts']));
  return at ? (at.lines ?? [at]).map((l) => l.line) : undefined;
}

describe('freqs-counts: counts appended in a class loop', () => {
  const loop = 'for c in range(labels.shape[1]):';
  it.each([
    ['pos.append(np.sum(labels[:, c])), each list started empty', ['N = labels.shape[0]', 'pos, neg = [], []', loop, '    pos.append(np.sum(labels[:, c]))', '    neg.append(N - np.sum(labels[:, c]))', 'return np.array(pos), np.array(neg)'], [8, 9]],
    ['started with list(), returned as lists', ['N = len(labels)', 'pos = list()', 'neg = []', loop, '    pos.append(labels[:, c].sum())', '    neg.append(N - labels[:, c].sum())', 'return pos, neg'], [9, 10]],
  ])('%s', async (_, body, want) => {
    expect(await countLines(body)).toEqual(want);
  });

  it.each([
    ['divided when returned', ['N = labels.shape[0]', 'pos, neg = [], []', loop, '    pos.append(np.sum(labels[:, c]))', '    neg.append(N - np.sum(labels[:, c]))', 'return np.array(pos) / N, np.array(neg) / N']],
    ['divided when appended', ['N = labels.shape[0]', 'pos, neg = [], []', loop, '    pos.append(np.sum(labels[:, c]) / N)', '    neg.append(np.sum(1 - labels[:, c]) / N)', 'return np.array(pos), np.array(neg)']],
    ['the list divided in place', ['N = labels.shape[0]', 'pos, neg = [], []', loop, '    pos.append(np.sum(labels[:, c]))', '    neg.append(N - np.sum(labels[:, c]))', 'pos = np.array(pos) / N', 'neg = np.array(neg) / N', 'return pos, neg']],
    ['a sum scaled by the loop variable', ['pos, neg = [], []', loop, '    pos.append(np.sum(labels[:, c] * c))', '    neg.append(np.sum(labels[:, c] * c))', 'return pos, neg']],
  ])('%s: none', async (_, body) => {
    expect(await countLines(body)).toBeUndefined();
  });
});
