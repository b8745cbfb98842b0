/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), lines 35c: the framework forms
 * of mistakes the frameworks35 cohort was told rightly but without a line (a torch loop's
 * overwrite, a Keras loss object's sample_weight, TensorFlow's N - 1, a reversal of a weight kept
 * in a name, labels in TensorFlow's logs, PyTorch's unweighted BCE, a Keras cross-entropy that
 * averages the classes, weights taken by the example), and right code that looks alike, which gets no line.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource, type SiteRow } from '../../helpers/runner.js';

const TORCH = 'import torch.nn as nn\nimport torch.nn.functional as F\n\n\n';
const loss = (body: string[], before = '') => lossSource(body, { before });
const yt = (c: string) => `y_true[:, ${c}]`;
const yp = (c: string) => `y_pred[:, ${c}]`;
/** One class's weighted cross-entropy in `m` (np, torch, tf.math / K). */
const classTerm = (log: string, i = 'i') =>
  `pos_weights[${i}] * ${yt(i)} * ${log}(${yp(i)} + epsilon) + neg_weights[${i}] * (1 - ${yt(i)}) * ${log}(1 - ${yp(i)} + epsilon)`;

describe('loss-overwrites-accumulator in a torch loop', () => {
  it('names the assignment that replaces the sum, and not a sum written out', async () => {
    const rows: SiteRow[] = [
      ['torch.mean, loss started at 0.0', 'loss-overwrites-accumulator',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss = -torch.mean(${classTerm('torch.log')})`, 'return loss']),
        [`loss = -torch.mean(${classTerm('torch.log')})`]],
      ['torch.mean, loss started as a tensor', 'loss-overwrites-accumulator',
        loss(['loss = torch.tensor(0.0)', 'for i in range(len(pos_weights)):', `    loss = -torch.mean(${classTerm('torch.log')})`, 'return loss']),
        [`loss = -torch.mean(${classTerm('torch.log')})`]],
      ['torch.zeros(1), the mean as a method', 'loss-overwrites-accumulator',
        loss(['loss = torch.zeros(1)', 'for i in range(y_true.shape[1]):', `    loss = -(${classTerm('torch.log')}).mean()`, 'return loss']),
        [`loss = -(${classTerm('torch.log')}).mean()`]],
      ['no start before the loop, the last class returned', 'loss-overwrites-accumulator',
        loss(['for i in range(len(pos_weights)):', `    loss = -torch.mean(${classTerm('torch.log')})`, 'return loss']),
        [`loss = -torch.mean(${classTerm('torch.log')})`]],
      ['no start, the terms in names first, a tensor returned', 'loss-overwrites-accumulator',
        loss(['for c in range(y_true.shape[1]):', `    pos = pos_weights[c] * ${yt('c')} * torch.log(${yp('c')} + epsilon)`,
          `    neg = neg_weights[c] * (1 - ${yt('c')}) * torch.log(1 - ${yp('c')} + epsilon)`, '    loss = torch.mean(-(pos + neg))', 'return loss.sum()']),
        ['loss = torch.mean(-(pos + neg))']],
      ['right: each class kept in a list, then summed', 'loss-overwrites-accumulator',
        loss(['losses = []', 'for i in range(len(pos_weights)):', `    l = -torch.mean(${classTerm('torch.log')})`, '    losses.append(l)', 'return torch.stack(losses).sum()']), undefined],
      ['right: a term named in the loop, added to a total', 'loss-overwrites-accumulator',
        loss(['total = 0.0', 'for i in range(len(pos_weights)):', `    term = -torch.mean(${classTerm('torch.log')})`, '    total = total + term', 'return total']), undefined],
      ['a loop that breaks is a search, no accumulator', 'loss-overwrites-accumulator',
        loss(['for i in range(len(pos_weights)):', `    loss = -torch.mean(${classTerm('torch.log')})`, '    if loss > 0:', '        break', 'return loss']), undefined],
      ['right: loss = loss - torch.mean(...)', 'loss-overwrites-accumulator',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss = loss - torch.mean(${classTerm('torch.log')})`, 'return loss']), undefined],
      ['right: loss += -torch.mean(...)', 'loss-overwrites-accumulator',
        loss(['loss = torch.tensor(0.0)', 'for i in range(len(pos_weights)):', `    loss += -torch.mean(${classTerm('torch.log')})`, 'return loss']), undefined],
      ['right: torch.add(loss, ...)', 'loss-overwrites-accumulator',
        loss(['loss = torch.tensor(0.0)', 'for i in range(len(pos_weights)):', `    loss = torch.add(loss, -torch.mean(${classTerm('torch.log')}))`, 'return loss']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-weights-averaged-apart with a Keras BinaryCrossentropy object and sample_weight', () => {
  const perClass = (call: string, before: string[] = []) =>
    loss(['bce = tf.keras.losses.BinaryCrossentropy()', ...before, 'loss = 0.0', 'for i in range(len(pos_weights)):',
      `    w = pos_weights[i] * ${yt('i')} + neg_weights[i] * (1 - ${yt('i')})`, `    loss += ${call}`, 'return loss']);
  it('names the call on a column, whose cross-entropy is already averaged', async () => {
    const rows: SiteRow[] = [
      ['bce(y_true[:, i], y_pred[:, i], sample_weight=w)', 'loss-weights-averaged-apart',
        perClass(`bce(${yt('i')}, ${yp('i')}, sample_weight=w)`), [`loss += bce(${yt('i')}, ${yp('i')}, sample_weight=w)`]],
      ['made inline', 'loss-weights-averaged-apart',
        perClass(`tf.keras.losses.BinaryCrossentropy()(${yt('i')}, ${yp('i')}, sample_weight=w)`),
        [`loss += tf.keras.losses.BinaryCrossentropy()(${yt('i')}, ${yp('i')}, sample_weight=w)`]],
      ['right: a column kept 2-D (i:i + 1), one cross-entropy per example', 'loss-weights-averaged-apart',
        perClass('bce(y_true[:, i:i + 1], y_pred[:, i:i + 1], sample_weight=w)'), undefined],
      ['right: expand_dims of the columns', 'loss-weights-averaged-apart',
        perClass(`bce(tf.expand_dims(${yt('i')}, -1), tf.expand_dims(${yp('i')}, -1), sample_weight=w)`), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-divided-by-n-minus-one in TensorFlow', () => {
  const L = `L = pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon)`;
  it('names the count one short, in a name or inline', async () => {
    const rows: SiteRow[] = [
      ['n = tf.cast(tf.shape(y_true)[0] - 1, ...)', 'loss-divided-by-n-minus-one',
        loss(['n = tf.cast(tf.shape(y_true)[0] - 1, y_pred.dtype)', L, 'return -tf.reduce_sum(tf.reduce_sum(L, axis=0) / n)']),
        ['n = tf.cast(tf.shape(y_true)[0] - 1, y_pred.dtype)']],
      ['inline', 'loss-divided-by-n-minus-one',
        loss([L, 'return -tf.reduce_sum(tf.reduce_sum(L, axis=0) / tf.cast(tf.shape(y_true)[0] - 1, tf.float32))']),
        ['return -tf.reduce_sum(tf.reduce_sum(L, axis=0) / tf.cast(tf.shape(y_true)[0] - 1, tf.float32))']],
      ['the count first, then one less', 'loss-divided-by-n-minus-one',
        loss(['n = tf.cast(tf.shape(y_true)[0], tf.float32)', L, 'return -tf.reduce_sum(tf.reduce_sum(L, axis=0) / (n - 1))']),
        ['return -tf.reduce_sum(tf.reduce_sum(L, axis=0) / (n - 1))']],
      ['right: the count itself', 'loss-divided-by-n-minus-one',
        loss(['n = tf.cast(tf.shape(y_true)[0], y_pred.dtype)', L, 'return -tf.reduce_sum(tf.reduce_sum(L, axis=0) / n)']), undefined],
      ['right: one less than the classes is no count of examples', 'loss-divided-by-n-minus-one',
        loss(['c = tf.cast(tf.shape(y_true)[1] - 1, tf.float32)', L, 'return -tf.reduce_sum(tf.reduce_mean(L, axis=0)) + 0 * c']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-weights-reversed: a weight in a name, reversed by tf.reverse or torch.flip', () => {
  const vec = (lines: string[], m: string) =>
    loss([...lines, `L = pw * y_true * ${m}(y_pred + epsilon) + nw * (1 - y_true) * ${m}(1 - y_pred + epsilon)`, `return -${m === 'torch.log' ? 'torch.sum(torch.mean(L, dim=0))' : 'tf.reduce_sum(tf.reduce_mean(L, axis=0))'}`]);
  it('names the reversal of the name', async () => {
    const rows: SiteRow[] = [
      ['tf.reverse(pw, [0])', 'loss-weights-reversed',
        vec(['pw = tf.constant(pos_weights, dtype=y_pred.dtype)', 'nw = tf.constant(neg_weights, dtype=y_pred.dtype)', 'pw = tf.reverse(pw, [0])', 'nw = tf.reverse(nw, [0])'], 'tf.math.log'),
        ['pw = tf.reverse(pw, [0])', 'nw = tf.reverse(nw, [0])']],
      ['torch.flip(pw, [0]) into a new name', 'loss-weights-reversed',
        vec(['w = torch.as_tensor(pos_weights)', 'pw = torch.flip(w, [0])', 'nw = torch.as_tensor(neg_weights)'], 'torch.log'),
        ['pw = torch.flip(w, [0])']],
      ['torch.flip(pw, dims=(0,)), the parameter itself', 'loss-weights-reversed',
        vec(['pw = torch.flip(pos_weights, dims=(0,))', 'nw = neg_weights'], 'torch.log'), ['pw = torch.flip(pos_weights, dims=(0,))']],
      ['right: the names as converted', 'loss-weights-reversed',
        vec(['pw = tf.constant(pos_weights, dtype=y_pred.dtype)', 'nw = tf.constant(neg_weights, dtype=y_pred.dtype)'], 'tf.math.log'), undefined],
      ['right: the predictions converted, then reversed in place, are no weights', 'loss-weights-reversed',
        loss(['p = tf.constant(y_pred)', 'p = tf.reverse(p, [0])', 'L = pos_weights * y_true * tf.math.log(p + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - p + epsilon)', 'return -tf.reduce_sum(tf.reduce_mean(L, axis=0))']),
        undefined],
      ['right: the predictions reversed are no weights', 'loss-weights-reversed',
        loss(['p = torch.flip(y_pred, [0])', 'pw = torch.as_tensor(pos_weights)', 'L = pw * y_true * torch.log(p + epsilon) + neg_weights * (1 - y_true) * torch.log(1 - p + epsilon)', 'return -torch.sum(torch.mean(L, dim=0))']),
        undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-swapped-arguments: the labels in the logs, whole-matrix TensorFlow', () => {
  it('names the formula that reads y_true as the predictions', async () => {
    const rows: SiteRow[] = [
      ['tf.math.log(y_true + eps), y_pred as the labels', 'loss-swapped-arguments',
        loss(['L = pos_weights * y_pred * tf.math.log(y_true + epsilon) + neg_weights * (1 - y_pred) * tf.math.log(1 - y_true + epsilon)', 'return -tf.reduce_sum(tf.reduce_mean(L, axis=0))']),
        ['L = pos_weights * y_pred * tf.math.log(y_true + epsilon) + neg_weights * (1 - y_pred) * tf.math.log(1 - y_true + epsilon)']],
      ['each term on its line', 'loss-swapped-arguments',
        loss(['pos = pos_weights * y_pred * tf.math.log(y_true + epsilon)', 'neg = neg_weights * (1 - y_pred) * tf.math.log(1 - y_true + epsilon)', 'return -tf.reduce_sum(tf.reduce_mean(pos + neg, axis=0))']),
        ['pos = pos_weights * y_pred * tf.math.log(y_true + epsilon)', 'neg = neg_weights * (1 - y_pred) * tf.math.log(1 - y_true + epsilon)']],
      ['right: y_true outside, y_pred inside', 'loss-swapped-arguments',
        loss(['L = pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon)', 'return -tf.reduce_sum(tf.reduce_mean(L, axis=0))']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-unweighted: PyTorch\'s BCE without weight=', () => {
  it('names the cross-entropy the weights should go in, not one given them', async () => {
    const rows: SiteRow[] = [
      ['nn.BCELoss() in a class loop', 'loss-unweighted',
        loss(['bce = nn.BCELoss()', 'loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += bce(${yp('i')}, ${yt('i')})`, 'return loss'], TORCH),
        [`loss += bce(${yp('i')}, ${yt('i')})`]],
      ['F.binary_cross_entropy, reduction none, whole matrix', 'loss-unweighted',
        loss(['L = F.binary_cross_entropy(y_pred, y_true, reduction="none")', 'return torch.sum(torch.mean(L, dim=0))'], TORCH),
        ['L = F.binary_cross_entropy(y_pred, y_true, reduction="none")']],
      ['F.binary_cross_entropy on a column', 'loss-unweighted',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss = loss + F.binary_cross_entropy(${yp('i')}, ${yt('i')})`, 'return loss'], TORCH),
        [`loss = loss + F.binary_cross_entropy(${yp('i')}, ${yt('i')})`]],
      ['Keras: a BinaryCrossentropy object with no sample_weight', 'loss-unweighted',
        loss(['bce = tf.keras.losses.BinaryCrossentropy()', 'return tf.add_n([bce(y_true[:, i:i + 1], y_pred[:, i:i + 1]) for i in range(len(pos_weights))])']),
        ['return tf.add_n([bce(y_true[:, i:i + 1], y_pred[:, i:i + 1]) for i in range(len(pos_weights))])']],
      ['right: the weights times an element-wise cross-entropy', 'loss-unweighted',
        loss(['w = torch.where(y_true == 1, torch.as_tensor(pos_weights), torch.as_tensor(neg_weights))', 'L = w * F.binary_cross_entropy(y_pred, y_true, reduction="none")', 'return torch.sum(torch.mean(L, dim=0))'], TORCH), undefined],
      ['right: sample_weight given, on 2-D columns', 'loss-unweighted',
        loss(['bce = tf.keras.losses.BinaryCrossentropy()', 'loss = 0.0', 'for i in range(len(pos_weights)):',
          `    w = pos_weights[i] * ${yt('i')} + neg_weights[i] * (1 - ${yt('i')})`, '    loss += bce(y_true[:, i:i + 1], y_pred[:, i:i + 1], sample_weight=w)', 'return loss']), undefined],
      ['right: weight= each example\'s weight', 'loss-unweighted',
        loss(['w = pos_weights * y_true + neg_weights * (1 - y_true)', 'L = F.binary_cross_entropy(y_pred, y_true, weight=w, reduction="none")', 'return torch.sum(torch.mean(L, dim=0))'], TORCH), undefined],
      ['right: nn.BCELoss(weight=w) in a class loop', 'loss-unweighted',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    w = pos_weights[i] * ${yt('i')} + neg_weights[i] * (1 - ${yt('i')})`, `    loss += nn.BCELoss(weight=w)(${yp('i')}, ${yt('i')})`, 'return loss'], TORCH), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-mixed-indexing: a Keras cross-entropy that averages the classes, times the per-class weights', () => {
  it('names the product of the weights and the averaged cross-entropy', async () => {
    const rows: SiteRow[] = [
      ['w * tf.keras.losses.binary_crossentropy(y_true, y_pred)', 'loss-mixed-indexing',
        loss(['w = pos_weights * y_true + neg_weights * (1 - y_true)', 'L = w * tf.keras.losses.binary_crossentropy(y_true, y_pred)', 'return tf.reduce_sum(tf.reduce_mean(L, axis=0))']),
        ['L = w * tf.keras.losses.binary_crossentropy(y_true, y_pred)']],
      ['inline in the return', 'loss-mixed-indexing',
        loss(['w = pos_weights * y_true + neg_weights * (1 - y_true)', 'return tf.reduce_sum(tf.reduce_mean(w * tf.keras.losses.binary_crossentropy(y_true, y_pred), axis=0))']),
        ['return tf.reduce_sum(tf.reduce_mean(w * tf.keras.losses.binary_crossentropy(y_true, y_pred), axis=0))']],
      ['right: the backend\'s element-wise cross-entropy', 'loss-mixed-indexing',
        loss(['w = pos_weights * y_true + neg_weights * (1 - y_true)', 'L = w * K.binary_crossentropy(y_true, y_pred)', 'return tf.reduce_sum(tf.reduce_mean(L, axis=0))']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-loops-over-examples: the weights indexed by the example', () => {
  it('names the loop over the examples', async () => {
    const rows: SiteRow[] = [
      ['for i in range(len(y_true)), everything at i', 'loss-loops-over-examples',
        loss(['loss = 0.0', 'for i in range(len(y_true)):', `    loss += -np.mean(${classTerm('np.log')})`, 'return loss']),
        ['for i in range(len(y_true)):']],
      ['for i in range(y_true.shape[0]), torch', 'loss-loops-over-examples',
        loss(['loss = 0.0', 'for i in range(y_true.shape[0]):', `    loss += -torch.mean(${classTerm('torch.log')})`, 'return loss']),
        ['for i in range(y_true.shape[0]):']],
      ['N = len(y_true) first', 'loss-loops-over-examples',
        loss(['N = len(y_true)', 'loss = 0.0', 'for i in range(N):', `    loss += -np.mean(${classTerm('np.log')})`, 'return loss']),
        ['for i in range(N):']],
      ['the weights by the example, each class\'s column through names', 'loss-loops-over-examples',
        loss(['loss = 0.0', 'for i in range(len(y_true)):', '    wp = pos_weights[i]', '    wn = neg_weights[i]', `    loss += -np.mean(wp * ${yt('i')} * np.log(${yp('i')} + epsilon) + wn * (1 - ${yt('i')}) * np.log(1 - ${yp('i')} + epsilon))`, 'return loss']),
        ['for i in range(len(y_true)):']],
      ['right: a loop over the classes', 'loss-loops-over-examples',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(${classTerm('np.log')})`, 'return loss']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-loops-over-examples named beside loss-rows-not-columns (pos_weights[n] * y_true[n] in a loop over the examples)', () => {
  const named = new Set(['loss-loops-over-examples', 'loss-rows-not-columns'] as const);
  const rows = (head: string, m: string) =>
    loss(['loss = 0.0', head, `    loss += -${m}.mean(pos_weights[n] * y_true[n] * ${m}.log(y_pred[n] + epsilon) + neg_weights[n] * (1 - y_true[n]) * ${m}.log(1 - y_pred[n] + epsilon))`, 'return loss']);
  it('names the loop over the examples, with the catalogue\'s fix (loop over the classes); a class loop over the columns gets none', async () => {
    const srcs = [rows('for n in range(y_true.shape[0]):', 'torch'), rows('for n in range(len(y_true)):', 'np'), loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(${classTerm('np.log')})`, 'return loss'])];
    const fs = await functionsOf(srcs);
    const shown = fs.map((f, i) => {
      const at = siteOf('loss-loops-over-examples', f, new Set(named));
      return at ? [srcs[i]!.split('\n')[at.line - 1]!.trim(), at.lines, at.fix] : undefined;
    });
    expect(shown).toEqual([['for n in range(y_true.shape[0]):', undefined, undefined], ['for n in range(len(y_true)):', undefined, undefined], undefined]);
  });
});
