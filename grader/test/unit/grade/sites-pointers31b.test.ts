/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 31b: catalogue mistakes
 * that were named with no line. Each row a spelling; the lines the fix changes, or none when the
 * source cannot say.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, lossSource, SITES_HEAD as HEAD, type SiteRow } from '../../helpers/runner.js';

/** get_weighted_loss with its inner loss's body (lines indented by 8). */
const loss = (body: string[], head?: string, inner?: string) => lossSource(body, { head, inner });

type Row = SiteRow;
const check = expectSiteLines;

describe('loss-epsilon-subtracted: the log whose epsilon is subtracted', () => {
  const pos = (m = 'np', log = `${m}.log`) => `pos_weights[i] * y_true[:, i] * ${log}(y_pred[:, i] + epsilon)`;
  const rows: Row[] = [
    ['numpy loop, log(1 - (p + eps))', 'loss-epsilon-subtracted',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    pos = ${pos()}`, '    neg = neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - (y_pred[:, i] + epsilon))', '    loss += -np.mean(pos + neg)', 'return loss']),
      ['neg = neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - (y_pred[:, i] + epsilon))']],
    ['vectorised, log(1 - p - eps)', 'loss-epsilon-subtracted',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred - epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      ['neg = neg_weights * (1 - y_true) * np.log(1 - y_pred - epsilon)']],
    ['Keras K.log(1 - (p + K.epsilon()))', 'loss-epsilon-subtracted',
      loss(['pos = pos_weights * y_true * K.log(y_pred + K.epsilon())', 'neg = neg_weights * (1 - y_true) * K.log(1 - (y_pred + K.epsilon()))', 'return -K.sum(K.mean(pos + neg, axis=0))']),
      ['neg = neg_weights * (1 - y_true) * K.log(1 - (y_pred + K.epsilon()))']],
    ['torch, 1 - y_pred.add(eps)', 'loss-epsilon-subtracted',
      loss(['pos = pos_weights * y_true * torch.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * torch.log(1 - y_pred.add(epsilon))', 'return -torch.sum(torch.mean(pos + neg, dim=0))']),
      ['neg = neg_weights * (1 - y_true) * torch.log(1 - y_pred.add(epsilon))']],
    ['epsilon added to y_pred up front: none (no log subtracts it)', 'loss-epsilon-subtracted',
      loss(['y_pred = y_pred + epsilon', 'pos = pos_weights * y_true * np.log(y_pred)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      undefined],
    ['a subtraction of something else (1 - y_pred): none', 'loss-epsilon-subtracted',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      undefined],
  ];
  it('names the log that subtracts epsilon, and only it', async () => {
    await check(rows);
  });
});

describe('loss-weights-in-log: each log that takes a weight inside', () => {
  const rows: Row[] = [
    ['numpy loop, weights by the class', 'loss-weights-in-log',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    pos = y_true[:, i] * np.log(pos_weights[i] * y_pred[:, i] + epsilon)', '    neg = (1 - y_true[:, i]) * np.log(neg_weights[i] * (1 - y_pred[:, i]) + epsilon)', '    loss += -np.mean(pos + neg)', 'return loss']),
      ['pos = y_true[:, i] * np.log(pos_weights[i] * y_pred[:, i] + epsilon)', 'neg = (1 - y_true[:, i]) * np.log(neg_weights[i] * (1 - y_pred[:, i]) + epsilon)']],
    ['vectorised, the weight after the prediction', 'loss-weights-in-log',
      loss(['loss = -(y_true * np.log(y_pred * pos_weights + epsilon) + (1 - y_true) * np.log((1 - y_pred) * neg_weights + epsilon))', 'return np.sum(np.mean(loss, axis=0))']),
      ['loss = -(y_true * np.log(y_pred * pos_weights + epsilon) + (1 - y_true) * np.log((1 - y_pred) * neg_weights + epsilon))']],
    ['Keras K.log', 'loss-weights-in-log',
      loss(['pos = y_true * K.log(pos_weights * y_pred + K.epsilon())', 'neg = (1 - y_true) * K.log(neg_weights * (1 - y_pred) + K.epsilon())', 'return -K.sum(K.mean(pos + neg, axis=0))']),
      ['pos = y_true * K.log(pos_weights * y_pred + K.epsilon())', 'neg = (1 - y_true) * K.log(neg_weights * (1 - y_pred) + K.epsilon())']],
    ['torch, the weights converted in the factory', 'loss-weights-in-log',
      `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    pw = torch.as_tensor(pos_weights)\n    nw = torch.as_tensor(neg_weights)\n    def weighted_loss(y_true, y_pred):\n        pos = y_true * torch.log(pw * y_pred + epsilon)\n        neg = (1 - y_true) * torch.log(nw * (1 - y_pred) + epsilon)\n        return -torch.sum(torch.mean(pos + neg, dim=0))\n    return weighted_loss\n`,
      ['pos = y_true * torch.log(pw * y_pred + epsilon)', 'neg = (1 - y_true) * torch.log(nw * (1 - y_pred) + epsilon)']],
    ['the weights in front of the logs: none', 'loss-weights-in-log',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      undefined],
  ];
  it('names the logs a weight is inside of, and only them', async () => {
    await check(rows);
  });
});

describe('loss-one-minus-log: the log taken away from one', () => {
  const rows: Row[] = [
    ['numpy loop, 1 - np.log(p + eps)', 'loss-one-minus-log',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    pos = pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', '    neg = neg_weights[i] * (1 - y_true[:, i]) * (1 - np.log(y_pred[:, i] + epsilon))', '    loss += -np.mean(pos + neg)', 'return loss']),
      ['neg = neg_weights[i] * (1 - y_true[:, i]) * (1 - np.log(y_pred[:, i] + epsilon))']],
    ['vectorised, np.log(1) - np.log(p + eps)', 'loss-one-minus-log',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * (np.log(1) - np.log(y_pred + epsilon))', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      ['neg = neg_weights * (1 - y_true) * (np.log(1) - np.log(y_pred + epsilon))']],
    ['Keras, 1.0 - K.log(...)', 'loss-one-minus-log',
      loss(['pos = pos_weights * y_true * K.log(y_pred + K.epsilon())', 'neg = neg_weights * (1 - y_true) * (1.0 - K.log(y_pred + K.epsilon()))', 'return -K.sum(K.mean(pos + neg, axis=0))']),
      ['neg = neg_weights * (1 - y_true) * (1.0 - K.log(y_pred + K.epsilon()))']],
    ['torch, torch.sub(1, torch.log(...))', 'loss-one-minus-log',
      loss(['pos = pos_weights * y_true * torch.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * torch.sub(1, torch.log(y_pred + epsilon))', 'return -torch.sum(torch.mean(pos + neg, dim=0))']),
      ['neg = neg_weights * (1 - y_true) * torch.sub(1, torch.log(y_pred + epsilon))']],
    ['the log of one minus the prediction: none', 'loss-one-minus-log',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      undefined],
  ];
  it('names the log one takes away from, and only it', async () => {
    await check(rows);
  });
});

describe('loss-squared-error: where the loss squares instead of taking logs', () => {
  const rows: Row[] = [
    ['numpy loop, (1 - p) ** 2 and p ** 2', 'loss-squared-error',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    pos = pos_weights[i] * y_true[:, i] * (1 - y_pred[:, i]) ** 2', '    neg = neg_weights[i] * (1 - y_true[:, i]) * y_pred[:, i] ** 2', '    loss += np.mean(pos + neg)', 'return loss']),
      ['pos = pos_weights[i] * y_true[:, i] * (1 - y_pred[:, i]) ** 2', 'neg = neg_weights[i] * (1 - y_true[:, i]) * y_pred[:, i] ** 2']],
    ['vectorised np.square of the difference', 'loss-squared-error',
      loss(['w = pos_weights * y_true + neg_weights * (1 - y_true)', 'err = w * np.square(y_true - y_pred)', 'return np.sum(np.mean(err, axis=0))']),
      ['err = w * np.square(y_true - y_pred)']],
    ['Keras K.square', 'loss-squared-error',
      loss(['pos = pos_weights * y_true * K.square(1 - y_pred)', 'neg = neg_weights * (1 - y_true) * K.square(y_pred)', 'return K.sum(K.mean(pos + neg, axis=0))']),
      ['pos = pos_weights * y_true * K.square(1 - y_pred)', 'neg = neg_weights * (1 - y_true) * K.square(y_pred)']],
    ['torch.pow(..., 2)', 'loss-squared-error',
      loss(['w = pos_weights * y_true + neg_weights * (1 - y_true)', 'return torch.sum(torch.mean(w * torch.pow(y_true - y_pred, 2), dim=0))']),
      ['return torch.sum(torch.mean(w * torch.pow(y_true - y_pred, 2), dim=0))']],
    ['the logs, no square: none', 'loss-squared-error',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      undefined],
  ];
  it('names each squaring, and only them', async () => {
    await check(rows);
  });
});

describe('loss-per-term-mean: each term divided by its own count of examples', () => {
  const rows: Row[] = [
    ['numpy loop, a term a line', 'loss-per-term-mean',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    y = y_true[:, i]', '    p = y_pred[:, i]', '    pos_part = np.sum(pos_weights[i] * y * np.log(p + epsilon)) / np.sum(y)', '    neg_part = np.sum(neg_weights[i] * (1 - y) * np.log(1 - p + epsilon)) / np.sum(1 - y)', '    loss += -(pos_part + neg_part)', 'return loss']),
      ['pos_part = np.sum(pos_weights[i] * y * np.log(p + epsilon)) / np.sum(y)', 'neg_part = np.sum(neg_weights[i] * (1 - y) * np.log(1 - p + epsilon)) / np.sum(1 - y)']],
    ['vectorised, counts in names', 'loss-per-term-mean',
      loss(['n_pos = np.sum(y_true, axis=0)', 'n_neg = np.sum(1 - y_true, axis=0)', 'pos = np.sum(pos_weights * y_true * np.log(y_pred + epsilon), axis=0) / n_pos', 'neg = np.sum(neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0) / n_neg', 'return -np.sum(pos + neg)']),
      ['pos = np.sum(pos_weights * y_true * np.log(y_pred + epsilon), axis=0) / n_pos', 'neg = np.sum(neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0) / n_neg']],
    ['Keras K.sum over K.sum', 'loss-per-term-mean',
      loss(['pos = K.sum(pos_weights * y_true * K.log(y_pred + epsilon), axis=0) / K.sum(y_true, axis=0)', 'neg = K.sum(neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon), axis=0) / K.sum(1 - y_true, axis=0)', 'return -K.sum(pos + neg)']),
      ['pos = K.sum(pos_weights * y_true * K.log(y_pred + epsilon), axis=0) / K.sum(y_true, axis=0)', 'neg = K.sum(neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon), axis=0) / K.sum(1 - y_true, axis=0)']],
    ['torch .sum(dim=0)', 'loss-per-term-mean',
      loss(['pos = (pos_weights * y_true * torch.log(y_pred + epsilon)).sum(dim=0) / y_true.sum(dim=0)', 'neg = (neg_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).sum(dim=0) / (1 - y_true).sum(dim=0)', 'return -(pos + neg).sum()']),
      ['pos = (pos_weights * y_true * torch.log(y_pred + epsilon)).sum(dim=0) / y_true.sum(dim=0)', 'neg = (neg_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).sum(dim=0) / (1 - y_true).sum(dim=0)']],
    // learners 34: a mean over a mask of the labels is a term averaged over its own examples too (it was none).
    ['means over a mask, no division: the line of the masked means', 'loss-per-term-mean',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    y = y_true[:, i]', '    p = y_pred[:, i]', '    loss += -np.mean(pos_weights[i] * np.log(p[y == 1] + epsilon)) - np.mean(neg_weights[i] * np.log(1 - p[y == 0] + epsilon))', 'return loss']),
      ['loss += -np.mean(pos_weights[i] * np.log(p[y == 1] + epsilon)) - np.mean(neg_weights[i] * np.log(1 - p[y == 0] + epsilon))']],
    ['masks in names (pos_mask, ~pos_mask), a mean a line', 'loss-per-term-mean',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    pos_mask = y_true[:, i] == 1', '    neg_mask = ~pos_mask', '    if pos_mask.any():', '        loss += -pos_weights[i] * np.mean(np.log(y_pred[pos_mask, i] + epsilon))', '    if neg_mask.any():', '        loss += -neg_weights[i] * np.mean(np.log(1 - y_pred[neg_mask, i] + epsilon))', 'return loss']),
      ['loss += -pos_weights[i] * np.mean(np.log(y_pred[pos_mask, i] + epsilon))', 'loss += -neg_weights[i] * np.mean(np.log(1 - y_pred[neg_mask, i] + epsilon))']],
    ['.mean() of a masked log', 'loss-per-term-mean',
      loss(['loss = 0.0', 'for c in range(y_true.shape[1]):', '    p, y = y_pred[:, c], y_true[:, c]', '    loss -= pos_weights[c] * np.log(p[y > 0.5] + epsilon).mean()', '    loss -= neg_weights[c] * np.log(1 - p[y < 0.5] + epsilon).mean()', 'return loss']),
      ['loss -= pos_weights[c] * np.log(p[y > 0.5] + epsilon).mean()', 'loss -= neg_weights[c] * np.log(1 - p[y < 0.5] + epsilon).mean()']],
    ['TensorFlow boolean_mask', 'loss-per-term-mean',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    pos = tf.reduce_mean(tf.math.log(tf.boolean_mask(y_pred[:, i], y_true[:, i] == 1) + epsilon))', '    neg = tf.reduce_mean(tf.math.log(1 - tf.boolean_mask(y_pred[:, i], y_true[:, i] == 0) + epsilon))', '    loss += -(pos_weights[i] * pos + neg_weights[i] * neg)', 'return loss']),
      ['pos = tf.reduce_mean(tf.math.log(tf.boolean_mask(y_pred[:, i], y_true[:, i] == 1) + epsilon))', 'neg = tf.reduce_mean(tf.math.log(1 - tf.boolean_mask(y_pred[:, i], y_true[:, i] == 0) + epsilon))']],
    ['masked sums divided by N (right): none', 'loss-per-term-mean',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    p, y = y_pred[:, i], y_true[:, i]', '    s = pos_weights[i] * np.log(p[y == 1] + epsilon).sum() + neg_weights[i] * np.log(1 - p[y == 0] + epsilon).sum()', '    loss += -s / len(y)', 'return loss']),
      undefined],
    ['a mask of the predictions, not the labels: none', 'loss-per-term-mean',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    p, y = y_pred[:, i], y_true[:, i]', '    loss += -np.mean(pos_weights[i] * y[p > 0] * np.log(p[p > 0] + epsilon))', 'return loss']),
      undefined],
  ];
  it('names each division by a count of one kind of example', async () => {
    await check(rows);
  });
});

describe('freqs-n-minus-positive: a fraction taken from the count of examples (learners 34)', () => {
  const freqs = (body: string[]) => [HEAD, 'def compute_class_freqs(labels):', ...body.map((l) => `    ${l}`), ''].join('\n');
  const rows: Row[] = [
    ['labels.shape[0] written out, the positives a division', 'freqs-n-minus-positive',
      freqs(['positive_frequencies = labels.sum(axis=0) / labels.shape[0]', 'negative_frequencies = labels.shape[0] - positive_frequencies', 'return positive_frequencies, negative_frequencies']),
      ['negative_frequencies = labels.shape[0] - positive_frequencies']],
    ['N = len(labels), the positives a mean', 'freqs-n-minus-positive',
      freqs(['N = len(labels)', 'pos = np.mean(labels, axis=0)', 'neg = N - pos', 'return pos, neg']),
      ['neg = N - pos']],
    ['in the return', 'freqs-n-minus-positive',
      freqs(['N = labels.shape[0]', 'pos = np.sum(labels, axis=0) / N', 'return pos, N - pos']),
      ['return pos, N - pos']],
    ['a count less a count (freqs-counts): none', 'freqs-n-minus-positive',
      freqs(['N = labels.shape[0]', 'pos = np.sum(labels, axis=0)', 'neg = N - pos', 'return pos / N, neg']),
      undefined],
    ['one less a fraction (right): none', 'freqs-n-minus-positive',
      freqs(['N = labels.shape[0]', 'pos = np.sum(labels, axis=0) / N', 'neg = 1 - pos', 'return pos, neg']),
      undefined],
  ];
  it('names each subtraction of a fraction from N, and only those', async () => {
    await check(rows);
  });
});

describe('freqs-keepdims: the reduction that keeps the axis of length 1 (learners 34)', () => {
  const freqs = (body: string[]) => [HEAD, 'def compute_class_freqs(labels):', ...body.map((l) => `    ${l}`), ''].join('\n');
  const rows: Row[] = [
    ['torch keepdim=True', 'freqs-keepdims',
      freqs(['t = torch.as_tensor(labels, dtype=torch.float64)', 'pos = t.mean(dim=0, keepdim=True)', 'return pos.numpy(), (1 - pos).numpy()']),
      ['pos = t.mean(dim=0, keepdim=True)']],
    ['both sides, np.sum(..., keepdims=True) / N', 'freqs-keepdims',
      freqs(['N = labels.shape[0]', 'pos = np.sum(labels, axis=0, keepdims=True) / N', 'neg = np.sum(1 - labels, axis=0, keepdims=True) / N', 'return pos, neg']),
      ['pos = np.sum(labels, axis=0, keepdims=True) / N', 'neg = np.sum(1 - labels, axis=0, keepdims=True) / N']],
    ['keepdims=False, a reshape instead: none', 'freqs-keepdims',
      freqs(['pos = np.mean(labels, axis=0, keepdims=False).reshape(1, -1)', 'return pos, 1 - pos']),
      undefined],
  ];
  it('names each reduction given keepdims=True, and only those', async () => {
    await check(rows);
  });
});

describe('freqs-same-both-sides: both frequencies made by one expression (learners 34)', () => {
  const freqs = (body: string[]) => [HEAD, 'def compute_class_freqs(labels):', ...body.map((l) => `    ${l}`), ''].join('\n');
  const rows: Row[] = [
    ['a mean copied', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = np.mean(labels, axis=0)', 'return pos, neg']),
      ['pos = np.mean(labels, axis=0)', 'neg = np.mean(labels, axis=0)']],
    ['one name returned twice', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = 1 - pos', 'return pos, pos']),
      ['return pos, pos']],
    ['two different expressions: none', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels == 1, axis=0)', 'neg = np.mean(labels == 0, axis=0)', 'return pos, neg']),
      undefined],
    // Frameworks 34's forms: the values returned converted, a name bound to the other, and right code.
    ['copied line, tf.reduce_mean, returned .numpy()', 'freqs-same-both-sides',
      freqs(['labels = tf.cast(labels, tf.float64)', 'pos = tf.reduce_mean(labels, axis=0)', 'neg = tf.reduce_mean(labels, axis=0)', 'return pos.numpy(), neg.numpy()']),
      ['pos = tf.reduce_mean(labels, axis=0)', 'neg = tf.reduce_mean(labels, axis=0)']],
    ['copied line, returned np.asarray', 'freqs-same-both-sides',
      freqs(['N = labels.shape[0]', 'pos = np.sum(labels, axis=0) / N', 'neg = np.sum(labels, axis=0) / N', 'return np.asarray(pos), np.asarray(neg)']),
      ['pos = np.sum(labels, axis=0) / N', 'neg = np.sum(labels, axis=0) / N']],
    ['neg = pos', 'freqs-same-both-sides', freqs(['pos = labels.mean(0)', 'neg = pos', 'return pos, neg']), ['neg = pos']],
    ['pos = neg (both the negatives)', 'freqs-same-both-sides',
      freqs(['neg = np.mean(labels == 0, axis=0)', 'pos = neg', 'return pos, neg']), ['pos = neg']],
    ['neg = pos.copy()', 'freqs-same-both-sides', freqs(['pos = np.mean(labels, axis=0)', 'neg = pos.copy()', 'return pos, neg']), ['neg = pos.copy()']],
    ['neg = t.clone(), returned .numpy()', 'freqs-same-both-sides',
      freqs(['t = torch.as_tensor(labels, dtype=torch.float64)', 'pos = t.mean(dim=0)', 'neg = pos.clone()', 'return pos.numpy(), neg.numpy()']), ['neg = pos.clone()']],
    ['one name returned twice, converted', 'freqs-same-both-sides',
      freqs(['pos = tf.reduce_mean(tf.cast(labels, tf.float64), axis=0)', 'return pos.numpy(), pos.numpy()']), ['return pos.numpy(), pos.numpy()']],
    ['right: the other side from labels flipped, two lines', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = np.mean(1 - labels, axis=0)', 'return pos, neg']), undefined],
    ['right: neg = pos, then neg = 1 - neg: none', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = pos', 'neg = 1 - neg', 'return pos, neg']), undefined],
    ['right: the copy changed in place after (neg *= -1; neg += 1): none', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = np.mean(labels, axis=0)', 'neg *= -1', 'neg += 1', 'return pos, neg']), undefined],
    ['right: converted differently, return pos.numpy(), (1 - pos).numpy(): none', 'freqs-same-both-sides',
      freqs(['pos = tf.reduce_mean(tf.cast(labels, tf.float64), axis=0)', 'return pos.numpy(), (1 - pos).numpy()']), undefined],
    ['a name bound twice: none (frameworks 34)', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = np.mean(labels, axis=0)', 'neg = neg * 1', 'return pos, neg']), undefined],
    // One expression, but what it reads is rebound between the two lines: two values, right code.
    ['right: labels flipped between the two lines: none', 'freqs-same-both-sides',
      freqs(['pos = np.mean(labels, axis=0)', 'labels = 1 - labels', 'neg = np.mean(labels, axis=0)', 'return pos, neg']), undefined],
    ['right: labels flipped in place between: none', 'freqs-same-both-sides',
      freqs(['N = labels.shape[0]', 'pos = np.sum(labels, axis=0) / N', 'labels -= 1', 'labels *= -1', 'neg = np.sum(labels, axis=0) / N', 'return pos, neg']), undefined],
    // Both made alike, then filled (by subscript, a method, np.copyto): the bindings are not the values.
    ['np.zeros twice, then filled by subscript in a class loop: none', 'freqs-same-both-sides',
      freqs(['N, C = labels.shape', 'pos = np.zeros(C)', 'neg = np.zeros(C)', 'for i in range(C):',
        '    pos[i] = np.sum(labels[:, i] == 1) / N', '    neg[i] = np.sum(labels[:, i] == 1) / N', 'return pos, neg']), undefined],
    ['two empty lists, then appended to: none', 'freqs-same-both-sides',
      freqs(['N, C = labels.shape', 'pos = []', 'neg = []', 'for i in range(C):',
        '    pos.append(np.sum(labels[:, i] == 1) / N)', '    neg.append(np.sum(labels[:, i] == 0) / N)', 'return np.array(pos), np.array(neg)']), undefined],
    ['two empty lists, extended: none', 'freqs-same-both-sides',
      freqs(['pos = []', 'neg = []', 'pos.extend(np.mean(labels, axis=0))', 'neg.extend(np.mean(1 - labels, axis=0))', 'return np.array(pos), np.array(neg)']), undefined],
    ['np.zeros twice, then np.copyto: none', 'freqs-same-both-sides',
      freqs(['C = labels.shape[1]', 'pos = np.zeros(C)', 'neg = np.zeros(C)', 'np.copyto(pos, np.mean(labels, axis=0))', 'np.copyto(neg, np.mean(1 - labels, axis=0))', 'return pos, neg']), undefined],
  ];
  it('names the copied lines, and none where the two differ', async () => {
    await check(rows);
  });
});

describe('loss-mutates-input: a write through conversions nested in one another', () => {
  const body = (conv: string, write: string) => loss([`p = ${conv}`, write, 'y = torch.as_tensor(y_true)',
    'pos = torch.as_tensor(pos_weights) * y * torch.log(p)', 'neg = torch.as_tensor(neg_weights) * (1 - y) * torch.log(1 - p + 2 * epsilon)', 'return -torch.sum(torch.mean(pos + neg, dim=0))']);
  const rows: Row[] = [
    ['torch.from_numpy(np.asarray(y_pred)), add_', 'loss-mutates-input', body('torch.from_numpy(np.asarray(y_pred))', 'p.add_(epsilon)'), ['p.add_(epsilon)']],
    ['torch.as_tensor(np.asarray(y_pred, dtype=np.float64)), +=', 'loss-mutates-input', body('torch.as_tensor(np.asarray(y_pred, dtype=np.float64))', 'p += epsilon'), ['p += epsilon']],
    ['a copy inside (np.array): none', 'loss-mutates-input', body('torch.from_numpy(np.array(y_pred))', 'p.add_(epsilon)'), undefined],
    ['a copy outside (torch.tensor): none', 'loss-mutates-input', body('torch.tensor(np.asarray(y_pred))', 'p.add_(epsilon)'), undefined],
  ];
  it('follows the conversions that share memory, and stops at a copy', async () => {
    await check(rows);
  });
});
