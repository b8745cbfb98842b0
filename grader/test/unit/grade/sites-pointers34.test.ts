/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 34: mistakes named with
 * no line before, on the ways learners write them in numpy, the Keras backend, TensorFlow and
 * PyTorch; and code that looks alike but is right, which gets no line.
 */
import { describe, expect, it } from 'vitest';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

const L = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
const inK = (s: string) => s.replaceAll('np.', 'K.');
const inTorch = (s: string) => s.replaceAll('np.', 'torch.');
const inTf = (s: string) => s.replaceAll('np.log', 'tf.math.log');
/** One class's terms, on its column i. */
const TERM_COL = 'pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';

describe('loss-wrong-axis: the sums over the examples averaged over the classes (L.sum(0).mean())', () => {
  const rows: SiteRow[] = [
    ['L.sum(0).mean()', 'loss-wrong-axis', loss([L, 'return -L.sum(0).mean()']), ['return -L.sum(0).mean()']],
    ['np.mean(np.sum(L, axis=0))', 'loss-wrong-axis', loss([L, 'return -np.mean(np.sum(L, axis=0))']), ['return -np.mean(np.sum(L, axis=0))']],
    ['K.mean(K.sum(L, axis=0))', 'loss-wrong-axis', loss([inK(L), 'return -K.mean(K.sum(L, axis=0))']), ['return -K.mean(K.sum(L, axis=0))']],
    ['tf.reduce_mean(tf.reduce_sum(L, axis=0))', 'loss-wrong-axis', loss([inTf(L), 'return -tf.reduce_mean(tf.reduce_sum(L, axis=0))']),
      ['return -tf.reduce_mean(tf.reduce_sum(L, axis=0))']],
    ['torch.sum(L, dim=0).mean()', 'loss-wrong-axis', loss([inTorch(L), 'return -torch.sum(L, dim=0).mean()']), ['return -torch.sum(L, dim=0).mean()']],
    // The sums in a name: both lines change (the mean over axis 0 there, the sum here).
    ['the sums in a name, then .mean()', 'loss-wrong-axis', loss([L, 'per_class = -np.sum(L, axis=0)', 'return per_class.mean()']),
      ['per_class = -np.sum(L, axis=0)', 'return per_class.mean()']],
    // Each class's sum in a comprehension, averaged: the mean and the sums (one line here).
    ['np.mean of a list comprehension of column sums', 'loss-wrong-axis', loss([L, 'return -np.mean([np.sum(L[:, i]) for i in range(L.shape[1])])']),
      ['return -np.mean([np.sum(L[:, i]) for i in range(L.shape[1])])']],
    ['torch.stack([...]).mean()', 'loss-wrong-axis', loss([inTorch(L), 'return -torch.stack([L[:, i].sum() for i in range(L.shape[1])]).mean()']),
      ['return -torch.stack([L[:, i].sum() for i in range(L.shape[1])]).mean()']],
    // A list the class loop appends each class's sum to, then averaged: each append and the mean.
    ['losses.append(-np.sum(column terms)), then np.mean(losses)', 'loss-wrong-axis',
      loss(['losses = []', 'for i in range(len(pos_weights)):', `    losses.append(-np.sum(${TERM_COL}))`, 'return np.mean(losses)']),
      [`losses.append(-np.sum(${TERM_COL}))`, 'return np.mean(losses)']],
    ['column means appended and summed (right)', 'loss-wrong-axis',
      loss(['losses = []', 'for i in range(len(pos_weights)):', `    losses.append(-np.mean(${TERM_COL}))`, 'return np.sum(losses)']), undefined],
    ['row sums appended and averaged (right)', 'loss-wrong-axis',
      loss(['losses = []', 'for n in range(len(y_true)):', '    losses.append(-np.sum(pos_weights * y_true[n] * np.log(y_pred[n] + epsilon) + neg_weights * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon)))',
        'return np.mean(losses)']), undefined],
    ['a list also extended: not the sums alone', 'loss-wrong-axis',
      loss(['losses = []', 'for i in range(len(pos_weights)):', `    losses.append(-np.sum(${TERM_COL}))`, 'losses.extend([0.0])', 'return np.mean(losses)']), undefined],
    ['column means summed in a comprehension (right)', 'loss-wrong-axis', loss([L, 'return -np.sum([np.mean(L[:, i]) for i in range(L.shape[1])])']), undefined],
    ['a comprehension of row sums averaged (right)', 'loss-wrong-axis', loss([L, 'return -np.mean([np.sum(L[n]) for n in range(L.shape[0])])']), undefined],
    // Right: the mean over the examples, then the sum; a mean over the classes' axis is another mistake's form.
    ['L.mean(0).sum() (right)', 'loss-wrong-axis', loss([L, 'return -L.mean(0).sum()']), undefined],
    ['np.sum(np.mean(L, axis=0)) (right)', 'loss-wrong-axis', loss([L, 'return -np.sum(np.mean(L, axis=0))']), undefined],
    // A mean of sums of something else than the terms (a count of the labels) says nothing of the loss.
    ['a mean of the labels\' sums beside a right loss', 'loss-wrong-axis',
      loss([L, 'n_pos = np.mean(np.sum(y_true, axis=0))', 'print(n_pos)', 'return -np.sum(np.mean(L, axis=0))']), undefined],
  ];
  it('names the mean and the sums, and nothing in right code', async () => {
    await expectSiteLines(rows);
  });

  it('says the construct found: the sums averaged over the classes', async () => {
    const [functions] = await functionsOf([loss([L, 'return -L.sum(0).mean()'])]);
    const at = siteOf('loss-wrong-axis', functions, new Set(['loss-wrong-axis']));
    expect(at?.did).toMatch(/sum each class's terms over the examples and then average those sums over the classes/);
    expect(at?.fix).toMatch(/^Swap the two reductions/);
    // Said in the learner's framework as the catalogue's fix is: no numpy-only or method spelling left in Keras terms.
    expect(fixInFramework(at!.fix!, 'keras')).toBe(
      'Swap the two reductions: the mean over the examples (axis 0) first, then the sum over the classes, K.sum(K.mean(L, axis=0)), where your code sums over the examples and then averages over the classes.',
    );
  });
});

/** compute_class_freqs with this body (lines indented by 4). */
const freqs = (body: string[]) => `import numpy as np\nimport torch\n\n\ndef compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;

describe('freqs-counts: counts made by a comprehension, never divided', () => {
  const R = 'range(labels.shape[1])';
  const rows: SiteRow[] = [
    ['np.array of a list comprehension over the class index', 'freqs-counts',
      freqs([`pos = np.array([np.sum(labels[:, c]) for c in ${R}])`, `neg = np.array([labels.shape[0] - np.sum(labels[:, c]) for c in ${R}])`, 'return pos, neg']),
      [`pos = np.array([np.sum(labels[:, c]) for c in ${R}])`, `neg = np.array([labels.shape[0] - np.sum(labels[:, c]) for c in ${R}])`]],
    ['over the columns of labels.T', 'freqs-counts',
      freqs(['pos = np.array([col.sum() for col in labels.T])', 'neg = np.array([len(col) - col.sum() for col in labels.T])', 'return pos, neg']),
      ['pos = np.array([col.sum() for col in labels.T])', 'neg = np.array([len(col) - col.sum() for col in labels.T])']],
    ['zip(*labels), then N - p over the counts', 'freqs-counts',
      freqs(['pos = [sum(col) for col in zip(*labels)]', 'neg = [len(labels) - p for p in pos]', 'return pos, neg']),
      ['pos = [sum(col) for col in zip(*labels)]', 'neg = [len(labels) - p for p in pos]']],
    ['a generator in np.fromiter', 'freqs-counts',
      freqs([`pos = np.fromiter((labels[:, c].sum() for c in ${R}), dtype=float)`, 'neg = labels.shape[0] - pos', 'return pos, neg']),
      [`pos = np.fromiter((labels[:, c].sum() for c in ${R}), dtype=float)`, 'neg = labels.shape[0] - pos']],
    ['torch.stack of a list comprehension', 'freqs-counts',
      freqs([`pos = torch.stack([labels[:, c].sum() for c in ${R}])`, `neg = torch.stack([(1 - labels[:, c]).sum() for c in ${R}])`, 'return pos, neg']),
      [`pos = torch.stack([labels[:, c].sum() for c in ${R}])`, `neg = torch.stack([(1 - labels[:, c]).sum() for c in ${R}])`]],
    ['N = len(labels) and a list of the counts', 'freqs-counts',
      freqs(['N = len(labels)', 'pos = [sum(labels[:, j]) for j in range(labels.shape[1])]', 'neg = [N - p for p in pos]', 'return np.array(pos), np.array(neg)']),
      ['pos = [sum(labels[:, j]) for j in range(labels.shape[1])]', 'neg = [N - p for p in pos]']],
    // Right: fractions in the comprehension, or the counts divided after it.
    ['means in the comprehension (right)', 'freqs-counts', freqs([`pos = np.array([np.mean(labels[:, c]) for c in ${R}])`, 'neg = 1 - pos', 'return pos, neg']), undefined],
    ['each sum divided by N (right)', 'freqs-counts',
      freqs(['N = labels.shape[0]', `pos = np.array([np.sum(labels[:, c]) / N for c in ${R}])`, `neg = np.array([np.sum(1 - labels[:, c]) / N for c in ${R}])`, 'return pos, neg']), undefined],
    ['the lists divided when returned (right)', 'freqs-counts',
      freqs(['N = labels.shape[0]', `pos = [np.sum(labels[:, c]) for c in ${R}]`, 'neg = [N - p for p in pos]', 'return np.array(pos) / N, np.array(neg) / N']), undefined],
    ['sums of the labels scaled first (right)', 'freqs-counts',
      freqs(['N = labels.shape[0]', 'scaled = labels / N', 'pos = [col.sum() for col in scaled.T]', 'neg = [1 - p for p in pos]', 'return pos, neg']), undefined],
  ];
  it('names each comprehension of counts, and nothing when they are divided', async () => {
    await expectSiteLines(rows);
  });
});

describe('loss-recomputes-weights: the weights made from the labels', () => {
  const T = 'return -np.sum(np.mean(pw * y_true * np.log(y_pred + epsilon) + nw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))';
  const TERM_I = 'loss += -np.mean(wp * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + wn * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))';
  const rows: SiteRow[] = [
    ['1 - np.mean(y_true, axis=0) and np.mean(y_true, axis=0)', 'loss-recomputes-weights',
      loss(['pw = 1 - np.mean(y_true, axis=0)', 'nw = np.mean(y_true, axis=0)', T]), ['pw = 1 - np.mean(y_true, axis=0)', 'nw = np.mean(y_true, axis=0)']],
    ['through a name: freq, then 1 - freq', 'loss-recomputes-weights',
      loss(['freq = np.mean(y_true, axis=0)', 'pw = 1 - freq', 'nw = freq', T]), ['pw = 1 - freq', 'nw = freq']],
    ['the parameters overwritten', 'loss-recomputes-weights',
      loss(['pos_weights = np.sum(1 - y_true, axis=0) / len(y_true)', 'neg_weights = np.sum(y_true, axis=0) / len(y_true)',
        'return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']),
      ['pos_weights = np.sum(1 - y_true, axis=0) / len(y_true)', 'neg_weights = np.sum(y_true, axis=0) / len(y_true)']],
    ['compute_class_freqs(y_true) unpacked', 'loss-recomputes-weights', loss(['nw, pw = compute_class_freqs(y_true)', T]), ['nw, pw = compute_class_freqs(y_true)']],
    ['K.mean', 'loss-recomputes-weights', loss(['pw = 1 - K.mean(y_true, axis=0)', 'nw = K.mean(y_true, axis=0)', inK(T)]),
      ['pw = 1 - K.mean(y_true, axis=0)', 'nw = K.mean(y_true, axis=0)']],
    ['torch .float().mean(0)', 'loss-recomputes-weights',
      loss(['pw = 1 - y_true.float().mean(0)', 'nw = y_true.float().mean(dim=0)', inTorch(T).replace('axis=0', 'dim=0')]),
      ['pw = 1 - y_true.float().mean(0)', 'nw = y_true.float().mean(dim=0)']],
    ['inverse frequencies, tf.reduce_sum', 'loss-recomputes-weights',
      loss(['N = y_true.shape[0]', 'pw = N / (2 * tf.reduce_sum(y_true, axis=0))', 'nw = N / (2 * tf.reduce_sum(1 - y_true, axis=0))', inTf(T)]),
      ['pw = N / (2 * tf.reduce_sum(y_true, axis=0))', 'nw = N / (2 * tf.reduce_sum(1 - y_true, axis=0))']],
    ['a class loop: the mean of a column', 'loss-recomputes-weights',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    wp = np.mean(1 - y_true[:, i])', '    wn = np.mean(y_true[:, i])', `    ${TERM_I}`, 'return loss']),
      ['wp = np.mean(1 - y_true[:, i])', 'wn = np.mean(y_true[:, i])']],
    ['written in place', 'loss-recomputes-weights',
      loss(['return -np.sum(np.mean((1 - np.mean(y_true, axis=0)) * y_true * np.log(y_pred + epsilon) + np.mean(y_true, axis=0) * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']),
      ['return -np.sum(np.mean((1 - np.mean(y_true, axis=0)) * y_true * np.log(y_pred + epsilon) + np.mean(y_true, axis=0) * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']],
    // Given to a library's cross-entropy as its weight (no product of the loss's own holds it).
    ['weight= of F.binary_cross_entropy', 'loss-recomputes-weights',
      `import torch.nn.functional as F\n${loss(['w = 1 - y_true.mean(0)', 'return F.binary_cross_entropy(y_pred, y_true, weight=w, reduction="none").mean(0).sum()'])}`,
      ['w = 1 - y_true.mean(0)']],
    // A long chain of such factors: each read once however many of the chain's products hold it (within the reader's bound).
    ['sixty factors written in place', 'loss-recomputes-weights',
      loss([`return -np.sum(np.mean(${Array(60).fill('(1 - np.mean(y_true, axis=0))').join(' * ')} * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))`]),
      [`return -np.sum(np.mean(${Array(60).fill('(1 - np.mean(y_true, axis=0))').join(' * ')} * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))`]],
    // Right: the weights given; the labels' counts that only divide (loss-per-term-mean's form); a count of ones.
    ['the weights given (right)', 'loss-recomputes-weights', loss([T.replace('pw', 'pos_weights').replace('nw', 'neg_weights')]), undefined],
    ['counts of the labels that divide', 'loss-recomputes-weights',
      loss(['n_pos = np.sum(y_true, axis=0)', 'pos = np.sum(pos_weights * y_true * np.log(y_pred + epsilon), axis=0) / n_pos',
        'neg = np.sum(neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0) / np.sum(1 - y_true, axis=0)', 'return -np.sum(pos + neg)']), undefined],
    ['terms kept in names (right)', 'loss-recomputes-weights',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']), undefined],
    ['a count of ones_like(y_true) as a factor', 'loss-recomputes-weights',
      loss(['n = np.sum(np.ones_like(y_true), axis=0)', 'return -np.sum(np.sum(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0) * (1 / n))']), undefined],
    ['a row mean of the labels as a factor (the classes\' axis)', 'loss-recomputes-weights',
      loss(['r = np.mean(y_true, axis=1, keepdims=True)', 'return -np.sum(np.mean(r * (pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))']), undefined],
  ];
  it('names each weight made from the labels, and nothing in right code', async () => {
    await expectSiteLines(rows);
  });
});

describe('loss-weights-averaged-apart: the weights and the cross-entropy reduced apart, then multiplied', () => {
  const LOOP = ['loss = 0', 'for i in range(len(pos_weights)):', '    w = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])'];
  const BCE_I = '    bce = -(y_true[:, i] * np.log(y_pred[:, i] + epsilon) + (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))';
  const W = 'w = pos_weights * y_true + neg_weights * (1 - y_true)';
  const BCE = 'bce = -(y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon))';
  const looped = (...body: string[]): string => loss([...LOOP, ...body, 'return loss']);
  const rows: SiteRow[] = [
    ['each class\'s np.mean(w) * np.mean(bce)', 'loss-weights-averaged-apart', looped(BCE_I, '    loss += np.mean(w) * np.mean(bce)'), ['loss += np.mean(w) * np.mean(bce)']],
    ['np.mean(w) * np.mean(bce) over the matrix', 'loss-weights-averaged-apart', loss([W, BCE, 'return np.mean(w) * np.mean(bce)']), ['return np.mean(w) * np.mean(bce)']],
    ['np.sum(w) * np.sum(bce) over the matrix', 'loss-weights-averaged-apart', loss([W, BCE, 'return np.sum(w) * np.sum(bce)']), ['return np.sum(w) * np.sum(bce)']],
    ['w times Keras\'s binary_crossentropy of a column', 'loss-weights-averaged-apart',
      looped('    loss += K.mean(w * tf.keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i]))'),
      ['loss += K.mean(w * tf.keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i]))']],
    ['K.mean(w) * K.mean(K.binary_crossentropy(...))', 'loss-weights-averaged-apart',
      looped('    loss += K.mean(w) * K.mean(K.binary_crossentropy(y_true[:, i], y_pred[:, i]))'),
      ['loss += K.mean(w) * K.mean(K.binary_crossentropy(y_true[:, i], y_pred[:, i]))']],
    ['torch.mean(w) * F.binary_cross_entropy(...)', 'loss-weights-averaged-apart',
      `import torch.nn.functional as F\n${looped('    loss = loss + torch.mean(w) * F.binary_cross_entropy(y_pred[:, i], y_true[:, i])')}`,
      ['loss = loss + torch.mean(w) * F.binary_cross_entropy(y_pred[:, i], y_true[:, i])']],
    ['nn.BCELoss()(...) * w.mean()', 'loss-weights-averaged-apart', looped('    loss = loss + torch.nn.BCELoss()(y_pred[:, i], y_true[:, i]) * w.mean()'),
      ['loss = loss + torch.nn.BCELoss()(y_pred[:, i], y_true[:, i]) * w.mean()']],
    // The cross-entropy averaged in its name, then weighted inside a mean: the mean there and the product.
    ['bce = -np.mean(...), then np.mean(w * bce)', 'loss-weights-averaged-apart',
      looped('    bce = -np.mean(y_true[:, i] * np.log(y_pred[:, i] + epsilon) + (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', '    loss += np.mean(w * bce)'),
      ['bce = -np.mean(y_true[:, i] * np.log(y_pred[:, i] + epsilon) + (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'loss += np.mean(w * bce)']],
    ['the weights summed in their name, times Keras\'s mean cross-entropy', 'loss-weights-averaged-apart',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    w = tf.reduce_sum(pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i]))',
        '    loss += w * tf.keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i])', 'return loss']),
      ['w = tf.reduce_sum(pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i]))', 'loss += w * tf.keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i])']],
    // Right: the weights inside the mean; a class's weight times a term's mean; a cross-entropy that does not reduce.
    ['np.mean(w * bce) (right)', 'loss-weights-averaged-apart', looped(BCE_I, '    loss += np.mean(w * bce)'), undefined],
    ['a class\'s weight times each term\'s mean (right)', 'loss-weights-averaged-apart',
      loss(['loss = 0', 'for i in range(len(pos_weights)):',
        '    loss += -(pos_weights[i] * np.mean(y_true[:, i] * np.log(y_pred[:, i] + epsilon)) + neg_weights[i] * np.mean((1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))',
        'return loss']), undefined],
    ['F.binary_cross_entropy(..., reduction="none") inside the mean (right)', 'loss-weights-averaged-apart',
      `import torch.nn.functional as F\n${looped('    loss = loss + torch.mean(w * F.binary_cross_entropy(y_pred[:, i], y_true[:, i], reduction="none"))')}`, undefined],
    ['F.binary_cross_entropy(..., weight=w) (right)', 'loss-weights-averaged-apart',
      `import torch.nn.functional as F\n${looped('    loss = loss + F.binary_cross_entropy(y_pred[:, i], y_true[:, i], weight=w)')}`, undefined],
    ['K.binary_crossentropy, element-wise, inside the mean (right)', 'loss-weights-averaged-apart',
      looped('    loss += K.mean(w * K.binary_crossentropy(y_true[:, i], y_pred[:, i]))'), undefined],
  ];
  it('names the product of the two reduced apart, and nothing in right code', async () => {
    await expectSiteLines(rows);
  });
});

describe('loss-mixed-dtypes: integer casts and float64 made without naming it', () => {
  const TF = 'return -tf.reduce_sum(tf.reduce_mean(pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0))';
  const TF_PW = TF.replace('pos_weights', 'pw').replace('neg_weights', 'nw');
  const TORCH = 'return -torch.sum(torch.mean(pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon), dim=0))';
  const AS_TENSOR = 'pw, nw = torch.as_tensor(pos_weights), torch.as_tensor(neg_weights)';
  const NP = 'return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))';
  const rows: SiteRow[] = [
    ['tf.cast(y_true, tf.int32)', 'loss-mixed-dtypes', loss(['y_true = tf.cast(y_true, tf.int32)', TF]), ['y_true = tf.cast(y_true, tf.int32)']],
    ['K.cast(y_true, "int64")', 'loss-mixed-dtypes', loss(['y_true = K.cast(y_true, "int64")', TF]), ['y_true = K.cast(y_true, "int64")']],
    ['tf.cast(y_true, tf.bool)', 'loss-mixed-dtypes', loss(['y_true = tf.cast(y_true, tf.bool)', TF]), ['y_true = tf.cast(y_true, tf.bool)']],
    ['y_true.astype(int)', 'loss-mixed-dtypes', loss(['y_true = y_true.astype(int)', NP]), ['y_true = y_true.astype(int)']],
    ['y_true.astype(np.int32)', 'loss-mixed-dtypes', loss(['y_true = y_true.astype(np.int32)', NP]), ['y_true = y_true.astype(np.int32)']],
    ['y_true.long()', 'loss-mixed-dtypes', loss(['y_true = y_true.long()', AS_TENSOR, TORCH]), ['y_true = y_true.long()']],
    ['y_true.to(torch.int64)', 'loss-mixed-dtypes', loss(['y_true = y_true.to(torch.int64)', AS_TENSOR, TORCH]), ['y_true = y_true.to(torch.int64)']],
    ['y_true.astype(float)', 'loss-mixed-dtypes', loss(['y_true = y_true.astype(float)', NP]), ['y_true = y_true.astype(float)']],
    ['torch.tensor(w, dtype=float)', 'loss-mixed-dtypes', loss(['pw = torch.tensor(pos_weights, dtype=float)', 'nw = torch.tensor(neg_weights, dtype=float)', TORCH]),
      ['pw = torch.tensor(pos_weights, dtype=float)', 'nw = torch.tensor(neg_weights, dtype=float)']],
    ['tf.constant of the float64 weights', 'loss-mixed-dtypes', loss(['pw = tf.constant(pos_weights)', 'nw = tf.constant(neg_weights)', TF_PW]),
      ['pw = tf.constant(pos_weights)', 'nw = tf.constant(neg_weights)']],
    ['tf.convert_to_tensor of a weight', 'loss-mixed-dtypes', loss(['pw = tf.convert_to_tensor(pos_weights)', 'nw = neg_weights', TF_PW]), ['pw = tf.convert_to_tensor(pos_weights)']],
    // A cast to a fixed float width beside them: that one (its rule's), not the others.
    ['tf.cast to float64 beside tf.constant(w)', 'loss-mixed-dtypes', loss(['y_true = tf.cast(y_true, tf.float64)', 'pw = tf.constant(pos_weights)', 'nw = neg_weights', TF_PW]),
      ['y_true = tf.cast(y_true, tf.float64)']],
    // Right, or no dtype of the inputs: TensorFlow's float is float32, Keras's constant its floatx, PyTorch promotes, a count or an index.
    ['tf.cast(y_true, float) (float32)', 'loss-mixed-dtypes', loss(['y_true = tf.cast(y_true, float)', TF]), undefined],
    ['tf.constant(w, dtype=y_pred.dtype)', 'loss-mixed-dtypes', loss(['pw = tf.constant(pos_weights, dtype=y_pred.dtype)', 'nw = tf.constant(neg_weights, dtype=y_pred.dtype)', TF_PW]), undefined],
    ['K.constant(w)', 'loss-mixed-dtypes', loss(['pw = K.constant(pos_weights)', 'nw = K.constant(neg_weights)', TF_PW]), undefined],
    ['an integer count of the examples', 'loss-mixed-dtypes', loss(['n = tf.cast(tf.shape(y_true)[0], tf.int32)', TF]), undefined],
    ['an index made long', 'loss-mixed-dtypes', loss(['idx = torch.arange(3).long()', AS_TENSOR, TORCH]), undefined],
    ['torch.tensor(w) (PyTorch promotes)', 'loss-mixed-dtypes', loss(['pw, nw = torch.tensor(pos_weights), torch.tensor(neg_weights)', TORCH]), undefined],
    ['tf.convert_to_tensor(y_pred)', 'loss-mixed-dtypes', loss(['y_pred = tf.convert_to_tensor(y_pred)', TF]), undefined],
  ];
  it('names each such cast, and nothing in right code', async () => {
    await expectSiteLines(rows);
  });

  it('says the construct found: an integer cast, or a float64 made unnamed', async () => {
    const [ints, f64] = await functionsOf([loss(['y_true = tf.cast(y_true, tf.int32)', TF]), loss(['pw = tf.constant(pos_weights)', 'nw = neg_weights', TF_PW])]);
    const named = new Set(['loss-mixed-dtypes'] as const);
    expect(siteOf('loss-mixed-dtypes', ints, named)?.fix).toMatch(/^Cast the labels to the predictions' dtype, not to an integer one/);
    // PyTorch multiplies an integer tensor by a float one (it promotes): only its cross-entropies refuse integer targets.
    expect(siteOf('loss-mixed-dtypes', ints, named)?.did).toMatch(/a mix TensorFlow refuses, as PyTorch's cross-entropies refuse integer targets$/);
    expect(siteOf('loss-mixed-dtypes', f64, named)?.fix).toMatch(/^Give every tensor the predictions' dtype: y_true = tf\.cast\(y_true, y_pred\.dtype\)/);
    // Said in each framework's terms, as the catalogue's fix is (PyTorch's cast alone for PyTorch code).
    expect(fixInFramework(siteOf('loss-mixed-dtypes', f64, named)!.fix!, 'torch')).toBe(
      "Give every tensor the predictions' dtype: y_true = y_true.to(y_pred.dtype), and the weights likewise (a tensor made from them without a dtype keeps the float64 of the numpy arrays they arrive as); never float, which is float64 in numpy and PyTorch.",
    );
    expect(siteOf('loss-mixed-dtypes', f64, named)?.did).toMatch(/float64 tensors without naming the width/);
  });
});
