/**
 * Where a named mistake is, on the many ways learners write it (grade/sites.ts over
 * runner.fix_sites): each row a spelling seen with no line, or the wrong one, before; the lines the
 * fix changes, or none when the source cannot say.
 */
import { describe, expect, it } from 'vitest';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf, shownLines } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\nimport tensorflow as tf\nimport torch\nimport torch.nn.functional as F\nfrom keras import backend as K\n\n\n';

/** get_weighted_loss with its inner loss's body (lines indented by 8) and the factory's signature. */
const loss = (body: string[], head = 'pos_weights, neg_weights, epsilon=1e-7', inner = 'y_true, y_pred') =>
  `${HEAD}def get_weighted_loss(${head}):\n    def weighted_loss(${inner}):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

describe('loss-swapped-weights', () => {
  it.each([
    // A term reduced by a method with its axis as a positional argument reads as the term, as with axis=.
    ['.mean(0) of each term, weighted outside', ['return -(neg_weights * (y_true * np.log(y_pred + epsilon)).mean(0) + pos_weights * ((1 - y_true) * np.log(1 - y_pred + epsilon)).mean(0)).sum()'], 0],
    ['.mean(axis=0) of each term, weighted outside', ['return -(neg_weights * (y_true * np.log(y_pred + epsilon)).mean(axis=0) + pos_weights * ((1 - y_true) * np.log(1 - y_pred + epsilon)).mean(axis=0)).sum()'], 0],
    ['torch .sum(0) of each term', ['return -(neg_weights * (y_true * torch.log(y_pred + epsilon)).sum(0) / len(y_true) + pos_weights * ((1 - y_true) * torch.log(1 - y_pred + epsilon)).sum(0) / len(y_true)).sum()'], 0],
    // tf.math.log(x) still reads its argument (a function of a module's module, not a method).
    ['tf.math.log', ['return -tf.reduce_sum(tf.reduce_mean(neg_weights * y_true * tf.math.log(y_pred + epsilon) + pos_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0))'], 0],
  ] as [string, string[], number][])('%s', async (name, body, k) => {
    expect(await shownLines([[name, 'loss-swapped-weights', loss(body)]])).toEqual([[name, [body[k]!]]]);
  });

  const term = (wp: string, wn: string, i = 'i') =>
    `${wp} * y_true[:, ${i}] * np.log(y_pred[:, ${i}] + epsilon) + ${wn} * (1 - y_true[:, ${i}]) * np.log(1 - y_pred[:, ${i}] + epsilon)`;
  const table: [string, string, string[] | undefined][] = [
    // The loop's target names the weights the other way round: its line.
    ['enumerate(zip(neg_weights, pos_weights))', loss(['loss = 0.0', 'for i, (wp, wn) in enumerate(zip(neg_weights, pos_weights)):', `    loss += -np.mean(${term('wp', 'wn')})`, 'return loss']),
      ['for i, (wp, wn) in enumerate(zip(neg_weights, pos_weights)):']],
    ['zip with the class index', loss(['loss = 0.0', 'for wp, wn, i in zip(neg_weights, pos_weights, range(y_true.shape[1])):', `    loss += -np.mean(${term('wp', 'wn')})`, 'return loss']),
      ['for wp, wn, i in zip(neg_weights, pos_weights, range(y_true.shape[1])):']],
    ['zip of renamed parameters', loss(['loss = 0.0', 'for wp, wn, yt, yp in zip(w_neg, w_pos, y_true.T, y_pred.T):', '    loss += -np.mean(wp * yt * np.log(yp + epsilon) + wn * (1 - yt) * np.log(1 - yp + epsilon))', 'return loss'], 'w_pos, w_neg, epsilon=1e-7'),
      ['for wp, wn, yt, yp in zip(w_neg, w_pos, y_true.T, y_pred.T):']],
    // An element of one weight by enumerate: the use.
    ['enumerate(neg_weights), tf', loss(['loss = 0.0', 'for i, w in enumerate(neg_weights):', '    loss += -tf.reduce_mean(w * y_true[:, i] * tf.math.log(y_pred[:, i] + epsilon) + pos_weights[i] * (1 - y_true[:, i]) * tf.math.log(1 - y_pred[:, i] + epsilon))', 'return loss']),
      ['loss += -tf.reduce_mean(w * y_true[:, i] * tf.math.log(y_pred[:, i] + epsilon) + pos_weights[i] * (1 - y_true[:, i]) * tf.math.log(1 - y_pred[:, i] + epsilon))']],
    // tf.math.multiply, a function of a path into a module, multiplies its two arguments.
    ['tf.constant and tf.math.multiply', loss(['pw = tf.constant(neg_weights, dtype=tf.float32)', 'nw = tf.convert_to_tensor(pos_weights, dtype=tf.float32)', 'pos = tf.math.multiply(pw, y_true * tf.math.log(y_pred + epsilon))', 'neg = tf.math.multiply(nw, (1 - y_true) * tf.math.log(1 - y_pred + epsilon))', 'return -tf.reduce_sum(tf.reduce_mean(pos + neg, axis=0))']),
      ['pw = tf.constant(neg_weights, dtype=tf.float32)', 'nw = tf.convert_to_tensor(pos_weights, dtype=tf.float32)']],
    ['torch.mul, weights converted', loss(['pw = torch.from_numpy(neg_weights).float()', 'nw = torch.from_numpy(pos_weights).float()', 'pos = torch.mul(y_true, torch.log(y_pred + epsilon)) * pw', 'neg = torch.mul(1 - y_true, torch.log(1 - y_pred + epsilon)) * nw', 'return -(pos + neg).mean(dim=0).sum()']),
      ['pw = torch.from_numpy(neg_weights).float()', 'nw = torch.from_numpy(pos_weights).float()']],
    // Renamed parameters, renamed inner parameters: the uses.
    ['renamed parameters, torch', loss(['loss = 0', 'for c in range(len(w_p)):', '    loss += -torch.mean(w_n[c] * target[:, c] * torch.log(output[:, c] + eps) + w_p[c] * (1 - target[:, c]) * torch.log(1 - output[:, c] + eps))', 'return loss'], 'w_p, w_n, eps=1e-7', 'target, output'),
      ['loss += -torch.mean(w_n[c] * target[:, c] * torch.log(output[:, c] + eps) + w_p[c] * (1 - target[:, c]) * torch.log(1 - output[:, c] + eps))']],
    ['renamed parameters, K, each term weighted outside its mean', loss(['loss = 0.0', 'for i in range(len(positive_weights)):', '    pos_loss = negative_weights[i] * K.mean(y_true[:, i] * K.log(y_pred[:, i] + epsilon))', '    neg_loss = positive_weights[i] * K.mean((1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon))', '    loss -= pos_loss + neg_loss', 'return loss'], 'positive_weights, negative_weights, epsilon=1e-7'),
      ['pos_loss = negative_weights[i] * K.mean(y_true[:, i] * K.log(y_pred[:, i] + epsilon))', 'neg_loss = positive_weights[i] * K.mean((1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon))']],
    // Right code, the same spellings: none.
    ['enumerate(zip(pos_weights, neg_weights))', loss(['loss = 0.0', 'for i, (wp, wn) in enumerate(zip(pos_weights, neg_weights)):', `    loss += -np.mean(${term('wp', 'wn')})`, 'return loss']), undefined],
    ['tf.math.multiply, right', loss(['pos = tf.math.multiply(pos_weights, y_true * tf.math.log(y_pred + epsilon))', 'neg = tf.math.multiply(neg_weights, (1 - y_true) * tf.math.log(1 - y_pred + epsilon))', 'return -tf.reduce_sum(tf.reduce_mean(pos + neg, axis=0))']), undefined],
  ];
  it('loops over zip and enumerate, TF and torch spellings, renamed parameters; right code: none', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-swapped-weights', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('loss-mean-over-classes', () => {
  const col = (mean: string, log = 'np.log', i = 'i') =>
    `${mean}(pos_weights[${i}] * y_true[:, ${i}] * ${log}(y_pred[:, ${i}] + epsilon) + neg_weights[${i}] * (1 - y_true[:, ${i}]) * ${log}(1 - y_pred[:, ${i}] + epsilon))`;
  const table: [string, string, string[] | undefined][] = [
    // The per-class losses added up, then divided by the number of classes: the division (each
    // class's column mean is over the examples, right).
    ['/ len(pos_weights)', loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -${col('np.mean')}`, 'return loss / len(pos_weights)']), ['return loss / len(pos_weights)']],
    ['/ y_true.shape[1]', loss(['loss = 0.0', 'for i in range(y_true.shape[1]):', `    loss += -${col('np.mean')}`, 'return loss / y_true.shape[1]']), ['return loss / y_true.shape[1]']],
    ['/= a name bound to the class count, K', loss(['C = len(pos_weights)', 'loss = 0.0', 'for i in range(C):', `    loss += -${col('K.mean', 'K.log')}`, 'loss /= C', 'return loss']), ['loss /= C']],
    ['/ tf.cast(tf.shape(y_true)[1])', loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -${col('tf.reduce_mean', 'tf.math.log')}`, 'return loss / tf.cast(tf.shape(y_true)[1], tf.float32)']), ['return loss / tf.cast(tf.shape(y_true)[1], tf.float32)']],
    // The per-class losses averaged: that mean, not the column means.
    ['np.mean(losses)', loss(['losses = []', 'for i in range(len(pos_weights)):', `    losses.append(-${col('np.mean')})`, 'return np.mean(losses)']), ['return np.mean(losses)']],
    ['tf.reduce_mean(tf.stack(losses))', loss(['losses = []', 'for i in range(len(pos_weights)):', `    losses.append(-${col('tf.reduce_mean', 'tf.math.log')})`, 'return tf.reduce_mean(tf.stack(losses))']), ['return tf.reduce_mean(tf.stack(losses))']],
    ['torch.stack(l).mean()', loss(['l = []', 'for i in range(len(pos_weights)):', `    l.append(-${col('torch.mean', 'torch.log')})`, 'return torch.stack(l).mean()']), ['return torch.stack(l).mean()']],
    ['a comprehension averaged', loss([`return np.mean([-${col('np.mean')} for i in range(len(pos_weights))])`]), [`return np.mean([-${col('np.mean')} for i in range(len(pos_weights))])`]],
    // Columns kept in names (one computed from another), or a zip over the transposed matrices: still columns.
    ['columns in names', loss(['losses = []', 'for i in range(len(pos_weights)):', '    y, p = y_true[:, i], y_pred[:, i]', '    w = pos_weights[i] * y + neg_weights[i] * (1 - y)', '    losses.append(-np.mean(w * (y * np.log(p + epsilon) + (1 - y) * np.log(1 - p + epsilon))))', 'return np.mean(losses)']), ['return np.mean(losses)']],
    ['zip over y_true.T', loss(['losses = []', 'for wp, wn, yt, yp in zip(pos_weights, neg_weights, y_true.T, y_pred.T):', '    losses.append(-np.mean(wp * yt * np.log(yp + epsilon) + wn * (1 - yt) * np.log(1 - yp + epsilon)))', 'return np.mean(losses)']), ['return np.mean(losses)']],
    // One mean of the whole matrix.
    ['K.mean(..., axis=None)', loss(['terms = pos_weights * y_true * K.log(y_pred + epsilon) + neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon)', 'return -K.mean(terms, axis=None)']), ['return -K.mean(terms, axis=None)']],
    // Right code: the per-class losses added up; a division by the examples or in a helper's sigmoid is none.
    ['right: added up', loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -${col('np.mean')}`, 'return loss']), undefined],
    ['right: np.sum(losses)', loss(['losses = []', 'for i in range(len(pos_weights)):', `    losses.append(-${col('np.mean')})`, 'return np.sum(losses)']), undefined],
    ['a division by N and a sigmoid: none', `${loss(['p = 1 / (1 + np.exp(-y_pred))', 'loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -np.sum(pos_weights[i] * y_true[:, i] * np.log(p[:, i] + epsilon)) / len(y_true)', 'return loss'])}`, undefined],
  ];
  it('a division by the class count, a mean of the per-class losses or of the whole matrix; never a class column\'s mean', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-mean-over-classes', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('loss-sum-not-mean', () => {
  const cls = (base: string, method: string, reduce: string) => `${HEAD}class WeightedLoss${base}:
    def __init__(self, pos_weights, neg_weights, epsilon):
        self.pw, self.nw, self.eps = pos_weights, neg_weights, epsilon

    def ${method}(self, y_true, y_pred):
        terms = self.pw * y_true * np.log(y_pred + self.eps) + self.nw * (1 - y_true) * np.log(1 - y_pred + self.eps)
        return ${reduce}


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    return WeightedLoss(pos_weights, neg_weights, epsilon)
`;
  const terms = 'terms = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const table: [string, string, string[] | undefined][] = [
    // The loss as a class the factory returns: its __call__, a torch module's forward, a Keras Loss's call.
    ['a class __call__', cls('', '__call__', '-np.sum(terms)'), ['return -np.sum(terms)']],
    ['a torch.nn.Module forward', cls('(torch.nn.Module)', 'forward', '-torch.sum(terms)'), ['return -torch.sum(terms)']],
    ['a Keras Loss call, two sums', cls('(tf.keras.losses.Loss)', 'call', '-tf.reduce_sum(tf.reduce_sum(terms, axis=0))'), ['return -tf.reduce_sum(tf.reduce_sum(terms, axis=0))']],
    // einsum's contractions: over axis 0 (of several sums, that one), or of everything.
    ["np.einsum('ij->j')", loss([terms, 'per_class = np.einsum("ij->j", terms)', 'return -np.sum(per_class)']), ['per_class = np.einsum("ij->j", terms)']],
    ["torch.einsum('ij,ij->j'), a product summed", loss(['pos = torch.einsum("ij,ij->j", pos_weights * y_true, torch.log(y_pred + epsilon))', 'neg = torch.einsum("ij,ij->j", neg_weights * (1 - y_true), torch.log(1 - y_pred + epsilon))', 'return -(pos + neg).sum()']),
      ['pos = torch.einsum("ij,ij->j", pos_weights * y_true, torch.log(y_pred + epsilon))', 'neg = torch.einsum("ij,ij->j", neg_weights * (1 - y_true), torch.log(1 - y_pred + epsilon))']],
    ["np.einsum('ij->')", loss([terms, "return -np.einsum('ij->', terms)"]), ["return -np.einsum('ij->', terms)"]],
    // Each term summed over axis 0 on its own line, then the classes added: both lines.
    ['tf.reduce_sum(..., axis=0) on two lines', loss(['pos = pos_weights * tf.reduce_sum(y_true * tf.math.log(y_pred + epsilon), axis=0)', 'neg = neg_weights * tf.reduce_sum((1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0)', 'return -tf.reduce_sum(pos + neg)']),
      ['pos = pos_weights * tf.reduce_sum(y_true * tf.math.log(y_pred + epsilon), axis=0)', 'neg = neg_weights * tf.reduce_sum((1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0)']],
    ['K.sum of each class column, then of the classes', loss(['per_class = []', 'for i in range(len(pos_weights)):', '    per_class.append(-K.sum(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon)))', 'return K.sum(K.stack(per_class))']),
      ['per_class.append(-K.sum(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon)))']],
    // Not a sum over the examples: a matrix product, a transpose; right code in a class; a class named as the graded function.
    ["np.einsum('ij,j->i'), a matrix product", loss(['return -np.mean(np.einsum("ij,j->i", y_true * np.log(y_pred + epsilon), pos_weights))']), undefined],
    ["np.einsum('ij->ji')", loss([terms, 'return -np.einsum("ij->ji", terms).mean()']), undefined],
    ['a class, its sum and mean on one line', cls('', '__call__', '-np.sum(np.mean(terms, axis=0))'), ['return -np.sum(np.mean(terms, axis=0))']],
    ['a class named get_weighted_loss', `${HEAD}class get_weighted_loss:\n    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):\n        self.w = pos_weights\n\n    def __call__(self, y_true, y_pred):\n        return np.sum(y_true)\n`, undefined],
  ];
  it('a class\'s __call__ / forward / call, einsum, each sum over axis 0 or of a class\'s column; not a matrix product', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-sum-not-mean', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('loss-loops-over-examples', () => {
  const rowTerm = (w: string, v = 'n') => `${w === '' ? 'pos_weights' : `pos_weights[${w}]`} * y_true[${v}] * np.log(y_pred[${v}] + epsilon) + ${w === '' ? 'neg_weights' : `neg_weights[${w}]`} * (1 - y_true[${v}]) * np.log(1 - y_pred[${v}] + epsilon)`;
  // The catalogue's loss-weights-by-example fix: the mistake this construct is.
  const FIX = /^Index the weights by the class, not by the example: for row n, pos_weights \* y_true\[n\]/;
  const table: [string, string, string[] | undefined, boolean][] = [
    // The bound of a class loop: that loop's line, the catalogue's fix.
    ['a class loop over range(len(y_true))', loss(['loss = 0.0', 'for i in range(len(y_true)):', `    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))`, 'return loss']), ['for i in range(len(y_true)):'], false],
    // A loop over the examples taking the weights by the example (the same IndexError): the weights' lines, with their own fix.
    ['pos_weights[n] over the examples', loss(['loss = 0.0', 'for n in range(len(y_true)):', `    loss += -np.sum(${rowTerm('n')})`, 'return loss / len(y_true)']), [`loss += -np.sum(${rowTerm('n')})`], true],
    ['each weight in a name, over zip-less rows', loss(['loss = 0.0', 'for n in range(y_true.shape[0]):', '    wp = pos_weights[n]', '    wn = neg_weights[n]', '    loss += -np.sum(wp * y_true[n] * np.log(y_pred[n] + epsilon) + wn * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon))', 'return loss / y_true.shape[0]']),
      ['wp = pos_weights[n]', 'wn = neg_weights[n]'], true],
    // Right: the whole weights over the examples: none.
    ['the whole weights over the examples', loss(['loss = 0.0', 'for n in range(len(y_true)):', `    loss += -np.sum(${rowTerm('')})`, 'return loss / len(y_true)']), undefined, false],
  ];
  it('the class loop\'s bound; or, in a loop over the examples, the weights taken by the example, with the fix that fits them', async () => {
    const fs = await functionsOf(table.map(([, src]) => src));
    const shown = table.map(([name, src], i) => {
      const at = siteOf('loss-loops-over-examples', fs[i]);
      const lines = src.split('\n');
      return [name, at ? (at.lines ?? [at]).map((l) => lines[l.line - 1]!.trim()) : undefined, at?.fix !== undefined && FIX.test(at.fix)];
    });
    expect(shown).toEqual(table.map(([name, , want, fix]) => [name, want, fix]));
  });
  it('named with loss-rows-not-columns (a row mean of pos_weights[n] * y_true[n]): the loop\'s line and the catalogue\'s fix (loop over the classes), not the weights\' lines and fix, so the pair\'s two fixes do not contradict each other on the same lines (review 28; the loop\'s line: lines 35c)', async () => {
    const [f] = await functionsOf([table[1]![1]]);
    const pair = siteOf('loss-loops-over-examples', f, new Set(['loss-loops-over-examples', 'loss-rows-not-columns']));
    expect([pair?.line, pair?.lines, pair?.fix]).toEqual([11, undefined, undefined]);
    expect(table[1]![1].split('\n')[10]!.trim()).toBe('for n in range(len(y_true)):');
    expect(siteOf('loss-loops-over-examples', f, new Set(['loss-loops-over-examples', 'loss-sum-not-mean']))?.fix).toMatch(FIX);
    expect(siteOf('loss-rows-not-columns', f, new Set(['loss-loops-over-examples', 'loss-rows-not-columns']))).toBeDefined();
  });
});

describe('loss-epsilon-ignored', () => {
  const WBCE = 'def _wbce(y_true, y_pred, pos_weights, neg_weights, epsilon=1e-7):\n    return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n\n\n';
  const factory = (body: string[], pre = '') => `${HEAD}import functools\nfrom functools import partial\n${pre}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const table: [string, string, string[] | undefined][] = [
    // A helper's own epsilon default, left to it: where the helper is given its other arguments.
    ['functools.partial without epsilon', factory(['return functools.partial(_wbce, pos_weights=pos_weights, neg_weights=neg_weights)'], WBCE),
      ['return functools.partial(_wbce, pos_weights=pos_weights, neg_weights=neg_weights)']],
    ['partial over several lines, bound to a name', factory(['loss_fn = partial(', '    _wbce,', '    pos_weights=pos_weights,', '    neg_weights=neg_weights,', ')', 'return loss_fn'], WBCE), ['loss_fn = partial(']],
    ['partial with a fixed epsilon', factory(['return partial(_wbce, pos_weights=pos_weights, neg_weights=neg_weights, epsilon=1e-7)'], WBCE),
      ['return partial(_wbce, pos_weights=pos_weights, neg_weights=neg_weights, epsilon=1e-7)']],
    ['a lambda helper with eps=1e-7, called without it', factory(['term = lambda y, p, w_p, w_n, eps=1e-7: -(w_p * y * np.log(p + eps) + w_n * (1 - y) * np.log(1 - p + eps))', 'def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for c in range(len(pos_weights)):', '        loss += np.mean(term(y_true[:, c], y_pred[:, c], pos_weights[c], neg_weights[c]))', '    return loss', 'return weighted_loss']),
      ['loss += np.mean(term(y_true[:, c], y_pred[:, c], pos_weights[c], neg_weights[c]))']],
    ['a nested torch helper with eps=1e-7, called twice on one line', factory(['def bce(p, y, w, eps=1e-7):', '    return -w * y * torch.log(p + eps)', 'def weighted_loss(y_true, y_pred):', '    return torch.sum(torch.mean(bce(y_pred, y_true, pos_weights) + bce(1 - y_pred, 1 - y_true, neg_weights), dim=0))', 'return weighted_loss']),
      ['return torch.sum(torch.mean(bce(y_pred, y_true, pos_weights) + bce(1 - y_pred, 1 - y_true, neg_weights), dim=0))']],
    ['a top-level helper given eps=K.epsilon()', factory(['def weighted_loss(y_true, y_pred):', '    return K.sum(K.mean(_term(y_true, y_pred, pos_weights, eps=K.epsilon()) + _term(1 - y_true, 1 - y_pred, neg_weights, eps=K.epsilon()), axis=0))', 'return weighted_loss'],
      'def _term(y, p, w, eps):\n    return -w * y * K.log(p + eps)\n\n\n'),
      ['return K.sum(K.mean(_term(y_true, y_pred, pos_weights, eps=K.epsilon()) + _term(1 - y_true, 1 - y_pred, neg_weights, eps=K.epsilon()), axis=0))']],
    // The returned loss's own default: Keras calls it with two arguments, so the default is what it uses.
    ['the inner loss\'s own epsilon=1e-7, shadowing the parameter', factory(['def weighted_loss(y_true, y_pred, epsilon=1e-7):', '    terms = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', '    return -np.sum(np.mean(terms, axis=0))', 'return weighted_loss']),
      ['def weighted_loss(y_true, y_pred, epsilon=1e-7):']],
    ['a returned lambda with eps=K.epsilon()', factory(['return lambda y_true, y_pred, eps=K.epsilon(): -K.sum(K.mean(pos_weights * y_true * K.log(y_pred + eps) + neg_weights * (1 - y_true) * K.log(1 - y_pred + eps), axis=0))']),
      ['return lambda y_true, y_pred, eps=K.epsilon(): -K.sum(K.mean(pos_weights * y_true * K.log(y_pred + eps) + neg_weights * (1 - y_true) * K.log(1 - y_pred + eps), axis=0))']],
    // Keras 3's ops with the backend's epsilon: kept in a name (that line), added before the prediction, or a constant of the file's.
    ['eps = keras.backend.epsilon() in keras.ops code', factory(['def weighted_loss(y_true, y_pred):', '    eps = keras.backend.epsilon()', '    pos = pos_weights * y_true * keras.ops.log(y_pred + eps)', '    neg = neg_weights * (1 - y_true) * keras.ops.log(1 - y_pred + eps)', '    return -keras.ops.sum(keras.ops.mean(pos + neg, axis=0))', 'return weighted_loss'], 'import keras\n'),
      ['eps = keras.backend.epsilon()']],
    ['keras.config.epsilon() added before the prediction', factory(['def weighted_loss(y_true, y_pred):', '    pos = pos_weights * y_true * ops.log(keras.config.epsilon() + y_pred)', '    neg = neg_weights * (1 - y_true) * ops.log(keras.config.epsilon() + 1 - y_pred)', '    return -ops.sum(ops.mean(pos + neg, axis=0))', 'return weighted_loss'], 'import keras\nfrom keras import ops\n'),
      ['pos = pos_weights * y_true * ops.log(keras.config.epsilon() + y_pred)', 'neg = neg_weights * (1 - y_true) * ops.log(keras.config.epsilon() + 1 - y_pred)']],
    ['a module constant EPS = 1e-7', factory(['def weighted_loss(y_true, y_pred):', '    terms = pos_weights * y_true * np.log(y_pred + EPS) + neg_weights * (1 - y_true) * np.log(1 - y_pred + EPS)', '    return -np.sum(np.mean(terms, axis=0))', 'return weighted_loss'], 'EPS = 1e-7  # small\n\n\n'),
      ['terms = pos_weights * y_true * np.log(y_pred + EPS) + neg_weights * (1 - y_true) * np.log(1 - y_pred + EPS)']],
    // Right code: the parameter passed on, or the default read from it.
    ['right: partial with epsilon=epsilon', factory(['return partial(_wbce, pos_weights=pos_weights, neg_weights=neg_weights, epsilon=epsilon)'], WBCE), undefined],
    ['right: the lambda helper given epsilon', factory(['term = lambda y, p, w_p, w_n, eps=1e-7: -(w_p * y * np.log(p + eps) + w_n * (1 - y) * np.log(1 - p + eps))', 'def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for c in range(len(pos_weights)):', '        loss += np.mean(term(y_true[:, c], y_pred[:, c], pos_weights[c], neg_weights[c], epsilon))', '    return loss', 'return weighted_loss']), undefined],
    ['right: the inner loss\'s default is the parameter', factory(['def weighted_loss(y_true, y_pred, eps=epsilon):', '    terms = pos_weights * y_true * np.log(y_pred + eps) + neg_weights * (1 - y_true) * np.log(1 - y_pred + eps)', '    return -np.sum(np.mean(terms, axis=0))', 'return weighted_loss']), undefined],
    ['right: eps = epsilon in keras.ops code', factory(['def weighted_loss(y_true, y_pred):', '    eps = epsilon', '    pos = pos_weights * y_true * keras.ops.log(y_pred + eps)', '    neg = neg_weights * (1 - y_true) * keras.ops.log(1 - y_pred + eps)', '    return -keras.ops.sum(keras.ops.mean(pos + neg, axis=0))', 'return weighted_loss'], 'import keras\n'), undefined],
    ['right: a local EPS that is the parameter, a module EPS unread', factory(['def weighted_loss(y_true, y_pred):', '    EPS = epsilon', '    terms = pos_weights * y_true * np.log(y_pred + EPS) + neg_weights * (1 - y_true) * np.log(1 - y_pred + EPS)', '    return -np.sum(np.mean(terms, axis=0))', 'return weighted_loss'], 'EPS = 1e-7\n\n\n'), undefined],
  ];
  it('a helper\'s or the loss\'s own default (partial, lambda, nested def), a fixed epsilon given as an argument or kept in a name; right code: none', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-epsilon-ignored', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('weights converted under another name (framework 29)', () => {
  // pw = torch.as_tensor(pos_weights), as torch and TF learners convert the course's numpy weights
  // first: a loop over range(len(pw)) is a class loop (not one over the examples), len(pw) is the
  // number of classes, pw[0] is a weight taken by a literal. Before, none of these had a line.
  const conv = (to: string) => [`pw = ${to.replace('W', 'pos_weights')}`, `nw = ${to.replace('W', 'neg_weights')}`];
  const col = (reduce: string, wi: string, log = 'torch.log') =>
    `${reduce}(pw[${wi}] * y_true[:, i] * ${log}(y_pred[:, i] + epsilon) + nw[${wi}] * (1 - y_true[:, i]) * ${log}(1 - y_pred[:, i] + epsilon))`;
  const looped = (head: string[], range: string, reduce: string, wi = 'i', ret = 'return loss', log = 'torch.log') =>
    loss([...head, 'loss = 0', `for i in ${range}:`, `    loss += -${col(reduce, wi, log)}`, ret]);
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['torch.sum in a loop over range(len(pw))', 'loss-sum-not-mean', looped(conv('torch.as_tensor(W)'), 'range(len(pw))', 'torch.sum'), [`loss += -${col('torch.sum', 'i')}`]],
    ['np.sum, np.asarray(W, dtype=np.float32)', 'loss-sum-not-mean', looped(conv('np.asarray(W, dtype=np.float32)'), 'range(len(pw))', 'np.sum', 'i', 'return loss', 'np.log'), [`loss += -${col('np.sum', 'i', 'np.log')}`]],
    ['tf.reduce_sum, tf.cast(W, tf.float32), unpacked on one line', 'loss-sum-not-mean',
      looped(['pw, nw = tf.cast(pos_weights, tf.float32), tf.cast(neg_weights, tf.float32)'], 'range(pw.shape[0])', 'tf.reduce_sum', 'i', 'return loss', 'tf.math.log'), [`loss += -${col('tf.reduce_sum', 'i', 'tf.math.log')}`]],
    ['pw[0] for every class', 'loss-first-class-weights', looped(conv('torch.as_tensor(W).float()'), 'range(len(pw))', 'torch.mean', '0'), [`loss += -${col('torch.mean', '0')}`]],
    ['range(len(pw) - 1)', 'loss-skips-class', looped(conv('torch.as_tensor(W)'), 'range(len(pw) - 1)', 'torch.mean'), ['for i in range(len(pw) - 1):']],
    ['/ len(pw)', 'loss-mean-over-classes', looped(conv('torch.from_numpy(W)'), 'range(len(pw))', 'torch.mean', 'i', 'return loss / len(pw)'), ['return loss / len(pw)']],
    // Right code, or a name bound twice (it may hold anything): none.
    ['right: torch.mean over range(len(pw))', 'loss-sum-not-mean', looped(conv('torch.as_tensor(W)'), 'range(len(pw))', 'torch.mean'), undefined],
    ['a loop over the examples still is one', 'loss-sum-not-mean', loss([...conv('torch.as_tensor(W)'), 'loss = 0', 'for n in range(len(y_true)):', '    loss += -torch.sum(pw * y_true[n] * torch.log(y_pred[n] + epsilon) + nw * (1 - y_true[n]) * torch.log(1 - y_pred[n] + epsilon))', 'return loss']), undefined],
  ];
  it('a class loop over a converted weight, len() of it, its element 0', async () => {
    expect(await shownLines(table.map(([name, id, src]) => [name, id, src]))).toEqual(table.map(([name, , , want]) => [name, want]));
  });
});

describe('freqs-counts with the labels converted first (framework 29)', () => {
  // labels = torch.as_tensor(labels) (tf.cast, np.array ...) keeps the counts counts; before, a
  // rebinding of the labels hid every count's line (it may divide them, as labels = labels / N does).
  const freqs = (...body: string[]) => `${HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const table: [string, string, string[] | undefined][] = [
    ['torch.as_tensor, torch.sum(dim=0)', freqs('labels = torch.as_tensor(labels)', 'pos = torch.sum(labels, dim=0)', 'neg = torch.sum(1 - labels, dim=0)', 'return pos, neg'),
      ['pos = torch.sum(labels, dim=0)', 'neg = torch.sum(1 - labels, dim=0)']],
    ['tf.cast(labels, tf.float32), a name of its own', freqs('y = tf.cast(labels, tf.float32)', 'pos = tf.reduce_sum(y, axis=0)', 'return pos, tf.reduce_sum(1 - y, axis=0)'),
      ['pos = tf.reduce_sum(y, axis=0)', 'return pos, tf.reduce_sum(1 - y, axis=0)']],
    ['torch.tensor(...).float() then .sum(0)', freqs('labels = torch.tensor(labels).float()', 'return labels.sum(0), (1 - labels).sum(0)'), ['return labels.sum(0), (1 - labels).sum(0)']],
    // Returned converted (learner 30: `return pos.numpy(), neg.numpy()`): where each count is made, as returned plain.
    ['counts returned as .numpy()', freqs('labels = tf.constant(labels, dtype=tf.float32)', 'pos = tf.reduce_sum(labels, axis=0)', 'neg = tf.reduce_sum(1 - labels, axis=0)', 'return pos.numpy(), neg.numpy()'),
      ['pos = tf.reduce_sum(labels, axis=0)', 'neg = tf.reduce_sum(1 - labels, axis=0)']],
    ['counts returned through np.asarray and .astype', freqs('pos = np.sum(labels, axis=0)', 'neg = np.sum(labels == 0, axis=0)', 'return np.asarray(pos), neg.astype(float)'),
      ['pos = np.sum(labels, axis=0)', 'neg = np.sum(labels == 0, axis=0)']],
    // Divided (on the way in, in place, or after): none.
    ['converted then divided', freqs('labels = torch.as_tensor(labels)', 'N = labels.shape[0]', 'pos = torch.sum(labels, dim=0) / N', 'neg = torch.sum(1 - labels, dim=0) / N', 'return pos, neg'), undefined],
    ['labels divided when converted', freqs('labels = torch.as_tensor(labels) / len(labels)', 'pos = torch.sum(labels, dim=0)', 'return pos, 1 - pos'), undefined],
    ['converted, then divided in place', freqs('labels = torch.as_tensor(labels, dtype=torch.float64)', 'labels /= labels.shape[0]', 'pos = torch.sum(labels, dim=0)', 'return pos, 1 - pos'), undefined],
  ];
  it('a count of the converted labels is named where it is made; a division anywhere: none', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'freqs-counts', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('freqs-integer-division', () => {
  const freqs = (body: string[], pre = '') => `${HEAD}import statistics\n${pre}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const table: [string, string, string[] | undefined][] = [
    // A mean that keeps the labels' integer dtype (TensorFlow's, the Keras backend's, statistics'): that mean.
    ['tf.reduce_mean of converted labels', freqs(['labels = tf.convert_to_tensor(labels)', 'positive_frequencies = tf.reduce_mean(labels, axis=0)', 'negative_frequencies = 1 - positive_frequencies', 'return positive_frequencies.numpy(), negative_frequencies.numpy()']),
      ['positive_frequencies = tf.reduce_mean(labels, axis=0)']],
    ['K.mean of each side', freqs(['positive_frequencies = K.mean(labels, axis=0)', 'negative_frequencies = K.mean(1 - labels, axis=0)', 'return positive_frequencies, negative_frequencies']),
      ['positive_frequencies = K.mean(labels, axis=0)', 'negative_frequencies = K.mean(1 - labels, axis=0)']],
    ['tf.math.reduce_mean over two lines, axis by place', freqs(['pos = tf.math.reduce_mean(', '    tf.constant(labels), 0)', 'return pos, 1 - pos']), ['pos = tf.math.reduce_mean(']],
    ['tf.keras.backend.mean', freqs(['pos = tf.keras.backend.mean(labels, axis=0)', 'return pos, 1 - pos']), ['pos = tf.keras.backend.mean(labels, axis=0)']],
    ['statistics.mean of each column', freqs(['pos = np.array([statistics.mean(labels[:, j]) for j in range(labels.shape[1])])', 'return pos, 1 - pos']),
      ['pos = np.array([statistics.mean(labels[:, j]) for j in range(labels.shape[1])])']],
    // Floor division written as a call: numpy's, TensorFlow's, PyTorch's rounding_mode.
    ['np.floor_divide', freqs(['N = labels.shape[0]', 'pos = np.floor_divide(np.sum(labels, axis=0), N)', 'return pos, 1 - pos']), ['pos = np.floor_divide(np.sum(labels, axis=0), N)']],
    ['tf.math.floordiv', freqs(['n = tf.shape(labels)[0]', 'pos = tf.math.floordiv(tf.reduce_sum(labels, axis=0), n)', 'return pos, 1 - pos']), ['pos = tf.math.floordiv(tf.reduce_sum(labels, axis=0), n)']],
    ["torch.div(..., rounding_mode='floor') twice", freqs(['t = torch.as_tensor(labels)', 'n = t.shape[0]', "pos = torch.div(t.sum(dim=0), n, rounding_mode='floor')", "neg = torch.div((1 - t).sum(dim=0), n, rounding_mode='floor')", 'return pos, neg']),
      ["pos = torch.div(t.sum(dim=0), n, rounding_mode='floor')", "neg = torch.div((1 - t).sum(dim=0), n, rounding_mode='floor')"]],
    // The frequencies made integers after a true division.
    ['(... / N).astype(int)', freqs(['N = labels.shape[0]', 'pos = (np.sum(labels, axis=0) / N).astype(int)', 'return pos, 1 - pos']), ['pos = (np.sum(labels, axis=0) / N).astype(int)']],
    // Right code: the labels made floats first, numpy's mean, a true division; a // elsewhere stays the line.
    ['right: tf.reduce_mean of a float cast', freqs(['pos = tf.reduce_mean(tf.cast(labels, tf.float32), axis=0)', 'return pos, 1 - pos']), undefined],
    ['right: K.mean of labels cast on an earlier line', freqs(["labels = K.cast(labels, 'float32')", 'pos = K.mean(labels, axis=0)', 'return pos, 1 - pos']), undefined],
    ['right: K.mean of labels cast to K.floatx()', freqs(['labels = K.cast(labels, K.floatx())', 'pos = K.mean(labels, axis=0)', 'return pos, 1 - pos']), undefined],
    ['right: np.mean', freqs(['pos = np.mean(labels, axis=0)', 'return pos, 1 - pos']), undefined],
    ["right: torch.div without rounding_mode", freqs(['t = torch.as_tensor(labels)', 'pos = torch.div(t.sum(dim=0), t.shape[0])', 'return pos, 1 - pos']), undefined],
    ['right: the labels made ints, then a true division', freqs(['labels = labels.astype(int)', 'pos = np.sum(labels, axis=0) / labels.shape[0]', 'return pos, 1 - pos']), undefined],
    ['// beside a K.mean: the //', freqs(['pos = K.mean(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0) // labels.shape[0]', 'return pos, neg']), ['neg = np.sum(1 - labels, axis=0) // labels.shape[0]']],
  ];
  it('a mean that keeps integers (tf.reduce_mean, K.mean, statistics.mean), a floor division called by name, an integer cast of the fractions; right code: none', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'freqs-integer-division', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('loss-weights-by-example and loss-rows-not-columns over the examples', () => {
  const table: [string, string, string[] | undefined][] = [
    // Plain Python: the shape unpacked, a loop over the examples and one over the classes inside it.
    ['nested loops, n_examples, n_classes = y_true.shape', `import math\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        n_examples, n_classes = y_true.shape\n        loss = 0.0\n        for i in range(n_examples):\n            for j in range(n_classes):\n                loss -= pos_weights[i] * y_true[i][j] * math.log(y_pred[i][j] + epsilon)\n                loss -= neg_weights[i] * (1 - y_true[i][j]) * math.log(1 - y_pred[i][j] + epsilon)\n        return loss / n_examples\n    return weighted_loss\n`,
      ['loss -= pos_weights[i] * y_true[i][j] * math.log(y_pred[i][j] + epsilon)', 'loss -= neg_weights[i] * (1 - y_true[i][j]) * math.log(1 - y_pred[i][j] + epsilon)']],
    ['nested loops, y_true[n, c], len(pos_weights) inside', loss(['loss = 0.0', 'for n in range(len(y_true)):', '    for c in range(len(pos_weights)):', '        loss += -(pos_weights[n] * y_true[n, c] * np.log(y_pred[n, c] + epsilon) + neg_weights[n] * (1 - y_true[n, c]) * np.log(1 - y_pred[n, c] + epsilon))', 'return loss / len(y_true)']),
      ['loss += -(pos_weights[n] * y_true[n, c] * np.log(y_pred[n, c] + epsilon) + neg_weights[n] * (1 - y_true[n, c]) * np.log(1 - y_pred[n, c] + epsilon))']],
    ['enumerate(zip(y_true, y_pred)) rows', loss(['loss = 0.0', 'for n, (yt, yp) in enumerate(zip(y_true, y_pred)):', '    loss += -np.sum(pos_weights[n] * yt * np.log(yp + epsilon) + neg_weights[n] * (1 - yt) * np.log(1 - yp + epsilon))', 'return loss / len(y_true)']),
      ['loss += -np.sum(pos_weights[n] * yt * np.log(yp + epsilon) + neg_weights[n] * (1 - yt) * np.log(1 - yp + epsilon))']],
    ['torch y_true.size(0), N, C = y_true.shape', loss(['N, C = y_true.shape', 'loss = 0.0', 'for n in range(y_true.size(0)):', '    wp, wn = pos_weights[n], neg_weights[n]', '    loss = loss - torch.sum(wp * y_true[n] * torch.log(y_pred[n] + epsilon) + wn * (1 - y_true[n]) * torch.log(1 - y_pred[n] + epsilon))', 'return loss / N']),
      ['wp, wn = pos_weights[n], neg_weights[n]']],
    // Right: each class with its own weight inside the loop over the examples.
    ['right: nested loops with pos_weights[j]', `import math\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        n_examples, n_classes = y_true.shape\n        loss = 0.0\n        for i in range(n_examples):\n            for j in range(n_classes):\n                loss -= pos_weights[j] * y_true[i][j] * math.log(y_pred[i][j] + epsilon)\n                loss -= neg_weights[j] * (1 - y_true[i][j]) * math.log(1 - y_pred[i][j] + epsilon)\n        return loss / n_examples\n    return weighted_loss\n`, undefined],
    ['right: enumerate(zip(y_true, y_pred)), whole weights', loss(['loss = 0.0', 'for n, (yt, yp) in enumerate(zip(y_true, y_pred)):', '    loss += -np.sum(pos_weights * yt * np.log(yp + epsilon) + neg_weights * (1 - yt) * np.log(1 - yp + epsilon))', 'return loss / len(y_true)']), undefined],
  ];
  it('the weights taken by the example in loops over the rows: the shape unpacked, nested loops, enumerate(zip(y_true, y_pred)), .size(0); right code: none', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-weights-by-example', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });

  it('loss-rows-not-columns at weights taken by the example says the loop written (over the examples), alone or beside loss-loops-over-examples; a class loop\'s rows keep the catalogue\'s fix', async () => {
    const overExamples = loss(['loss = 0.0', 'for n in range(len(y_true)):', '    loss += -np.mean(pos_weights[n] * y_true[n] * np.log(y_pred[n] + epsilon) + neg_weights[n] * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon))', 'return loss']);
    const classLoop = loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -np.mean(pos_weights[i] * y_true[i] * np.log(y_pred[i] + epsilon) + neg_weights[i] * (1 - y_true[i]) * np.log(1 - y_pred[i] + epsilon))', 'return loss']);
    const [ex, cl] = await functionsOf([overExamples, classLoop]);
    const alone = siteOf('loss-rows-not-columns', ex);
    const pair = siteOf('loss-rows-not-columns', ex, new Set(['loss-rows-not-columns', 'loss-loops-over-examples']));
    const lineOf = (src: string, text: string) => src.split('\n').findIndex((l) => l.includes(text)) + 1;
    expect(alone?.line).toBe(lineOf(overExamples, 'loss += -np.mean(pos_weights[n]'));
    expect(alone?.fix).toMatch(/^Your loop runs over the examples/);
    expect(pair?.fix).toBe(alone?.fix);
    expect(siteOf('loss-rows-not-columns', cl)).toEqual({ line: lineOf(classLoop, 'loss += -np.mean(pos_weights[i]') });
  });
});

describe('loss-clip-and-epsilon and loss-clip-instead-of-epsilon at a framework cross-entropy that clips', () => {
  const W = 'w = pos_weights * y_true + neg_weights * (1 - y_true)';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    // The Keras backend's binary_crossentropy clips to [1e-7, 1 - 1e-7] and adds 1e-7 itself.
    ['K.binary_crossentropy', 'loss-clip-and-epsilon', loss([W, 'bce = K.binary_crossentropy(y_true, y_pred)', 'return K.sum(K.mean(w * bce, axis=0))']), ['bce = K.binary_crossentropy(y_true, y_pred)']],
    ['tf.keras.backend.binary_crossentropy over two lines', 'loss-clip-and-epsilon', loss([W, 'bce = tf.keras.backend.binary_crossentropy(', '    y_true, y_pred)', 'return tf.reduce_sum(tf.reduce_mean(w * bce, axis=0))']), ['bce = tf.keras.backend.binary_crossentropy(']],
    ['K.binary_crossentropy of each column in a class loop', 'loss-clip-and-epsilon', loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    w = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])', '    loss += K.mean(w * K.binary_crossentropy(y_true[:, i], y_pred[:, i]))', 'return loss']),
      ['loss += K.mean(w * K.binary_crossentropy(y_true[:, i], y_pred[:, i]))']],
    ['a clip, then K.binary_crossentropy: both', 'loss-clip-and-epsilon', loss([W, 'y_pred = K.clip(y_pred, epsilon, 1 - epsilon)', 'bce = K.binary_crossentropy(y_true, y_pred)', 'return K.sum(K.mean(w * bce, axis=0))']),
      ['y_pred = K.clip(y_pred, epsilon, 1 - epsilon)', 'bce = K.binary_crossentropy(y_true, y_pred)']],
    // Keras's loss object (it clips), made in the factory; PyTorch's, which floors each log at -100.
    ['tf.keras.losses.BinaryCrossentropy made in the factory', 'loss-clip-instead-of-epsilon', `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    bce = tf.keras.losses.BinaryCrossentropy(reduction="none")\n    def weighted_loss(y_true, y_pred):\n        w = pos_weights * y_true + neg_weights * (1 - y_true)\n        return tf.reduce_sum(w * bce(y_true[..., None], y_pred[..., None])) / len(y_true)\n    return weighted_loss\n`,
      ['bce = tf.keras.losses.BinaryCrossentropy(reduction="none")']],
    ['F.binary_cross_entropy', 'loss-clip-instead-of-epsilon', loss([W, "return (w * torch.nn.functional.binary_cross_entropy(y_pred, y_true, reduction='none')).mean(dim=0).sum()"]),
      ["return (w * torch.nn.functional.binary_cross_entropy(y_pred, y_true, reduction='none')).mean(dim=0).sum()"]],
    // From logits, or the logs written out: none.
    ['from_logits=True', 'loss-clip-and-epsilon', loss([W, 'bce = K.binary_crossentropy(y_true, y_pred, from_logits=True)', 'return K.sum(K.mean(w * bce, axis=0))']), undefined],
    ['right: the logs written out', 'loss-clip-and-epsilon', loss([W, 'bce = -(y_true * K.log(y_pred + epsilon) + (1 - y_true) * K.log(1 - y_pred + epsilon))', 'return K.sum(K.mean(w * bce, axis=0))']), undefined],
  ];
  it('the call of the cross-entropy that clips (the backend\'s, Keras\'s loss object, PyTorch\'s), with any clip of the learner\'s; none from logits', async () => {
  });
});

describe("PyTorch's binary cross-entropy reduced by its reduction= (framework 29)", () => {
  // F.binary_cross_entropy / nn.BCELoss average over every element unless reduction='none' (and sum
  // with 'sum'): that call is the mean over the classes too, or the sum over the examples.
  const W = 'w = y_true * pos_weights + (1 - y_true) * neg_weights';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['F.binary_cross_entropy, weight=, its default mean', 'loss-mean-over-classes', loss([W, 'return F.binary_cross_entropy(y_pred, y_true, weight=w)']), ['return F.binary_cross_entropy(y_pred, y_true, weight=w)']],
    ["nn.BCELoss(reduction='mean') made, then called", 'loss-mean-over-classes', loss([W, "crit = torch.nn.BCELoss(weight=w, reduction='mean')", 'return crit(y_pred, y_true)']), ["crit = torch.nn.BCELoss(weight=w, reduction='mean')"]],
    ["reduction='sum'", 'loss-sum-not-mean', loss([W, "return F.binary_cross_entropy(y_pred, y_true, weight=w, reduction='sum')"]), ["return F.binary_cross_entropy(y_pred, y_true, weight=w, reduction='sum')"]],
    // One class's column averaged by the call is over the examples: the division by the classes is the mistake.
    ['a column per call, / len(pos_weights)', 'loss-mean-over-classes',
      loss(['loss = 0', 'for i in range(len(pos_weights)):', '    w = y_true[:, i] * pos_weights[i] + (1 - y_true[:, i]) * neg_weights[i]', '    loss += F.binary_cross_entropy(y_pred[:, i], y_true[:, i], weight=w)', 'return loss / len(pos_weights)']),
      ['return loss / len(pos_weights)']],
    // Right: reduction='none', then the mean over the examples and the sum over the classes.
    ["right: reduction='none', .mean(0).sum()", 'loss-mean-over-classes', loss([W, "return F.binary_cross_entropy(y_pred, y_true, weight=w, reduction='none').mean(0).sum()"]), undefined],
    ["right: reduction='none' as a name", 'loss-mean-over-classes', loss([W, "r = 'none'", 'return F.binary_cross_entropy(y_pred, y_true, weight=w, reduction=r).mean(0).sum()']), undefined],
  ];
  it('the call (or the loss object made) is the reduction', async () => {
    expect(await shownLines(table.map(([name, id, src]) => [name, id, src]))).toEqual(table.map(([name, , , want]) => [name, want]));
  });
});

describe("Keras's BinaryCrossentropy loss object reduced by its reduction= (framework 30)", () => {
  // A Keras loss object averages over the batch ('sum_over_batch_size', its default) or sums over it
  // ('sum'), after the mean over the last axis: on one class's column (N, 1) the sum is over the examples.
  const W = 'w = y_true * pos_weights + (1 - y_true) * neg_weights';
  const column = (made: string) =>
    loss([`bce = ${made}`, 'total = 0.0', 'for i in range(y_true.shape[1]):', '    wi = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])', '    total += bce(y_true[:, i:i + 1], y_pred[:, i:i + 1], sample_weight=wi)', 'return total']);
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ["reduction='sum' on each column", 'loss-sum-not-mean', column("tf.keras.losses.BinaryCrossentropy(reduction='sum')"), ["bce = tf.keras.losses.BinaryCrossentropy(reduction='sum')"]],
    ['keras.losses, reduction="sum"', 'loss-sum-not-mean', column('keras.losses.BinaryCrossentropy(reduction="sum")'), ['bce = keras.losses.BinaryCrossentropy(reduction="sum")']],
    ['its default mean over the whole matrix', 'loss-mean-over-classes', loss([W, 'return tf.keras.losses.BinaryCrossentropy()(y_true, y_pred, sample_weight=w)']), ['return tf.keras.losses.BinaryCrossentropy()(y_true, y_pred, sample_weight=w)']],
    ["reduction='sum_over_batch_size' over the whole matrix", 'loss-mean-over-classes', loss([W, "bce = tf.keras.losses.BinaryCrossentropy(reduction='sum_over_batch_size')", 'return bce(y_true, y_pred, sample_weight=w)']), ["bce = tf.keras.losses.BinaryCrossentropy(reduction='sum_over_batch_size')"]],
    // reduction='none' (or one the source does not spell out): the learner's own reductions are read.
    ["reduction='none' on each column: no sum there", 'loss-sum-not-mean', column("tf.keras.losses.BinaryCrossentropy(reduction='none')"), undefined],
    // Called only on one class's column (y[:, i:i + 1], an N×1 matrix), its mean is over the examples,
    // right: the division by the classes is the mistake, also with the object made in the factory.
    ['its mean on each column, / len(pos_weights)', 'loss-mean-over-classes', loss(['bce = tf.keras.losses.BinaryCrossentropy()', 'total = 0.0', 'for i in range(len(pos_weights)):',
      '    wi = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])', '    total += bce(y_true[:, i:i + 1], y_pred[:, i:i + 1], sample_weight=wi)', 'return total / len(pos_weights)']), ['return total / len(pos_weights)']],
    ['made in the factory, its mean on each column, / len(pos_weights)', 'loss-mean-over-classes', `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    bce = tf.keras.losses.BinaryCrossentropy()\n    def weighted_loss(y_true, y_pred):\n        total = 0.0\n        for i in range(len(pos_weights)):\n            total += bce(y_true[:, i:i + 1], y_pred[:, i:i + 1])\n        return total / len(pos_weights)\n    return weighted_loss\n`,
      ['return total / len(pos_weights)']],
  ];
  it('the loss object made is the reduction', async () => {
    expect(await shownLines(table.map(([name, id, src]) => [name, id, src]))).toEqual(table.map(([name, , , want]) => [name, want]));
  });
});

describe('a loss written as a class: the same analysis as a function', () => {
  /** A class the factory returns an instance of: its constructor keeps the weights, `method` computes the loss. */
  const cls = (base: string, method: string, body: string[], init = ['self.pos_weights, self.neg_weights, self.epsilon = pos_weights, neg_weights, epsilon']) => `${HEAD}class WeightedLoss${base}:
    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):
${init.map((l) => `        ${l}`).join('\n')}

    def ${method}(self, y_true, y_pred):
${body.map((l) => `        ${l}`).join('\n')}


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    return WeightedLoss(pos_weights, neg_weights, epsilon)
`;
  const swappedTerms = 'terms = self.neg_weights * y_true * np.log(y_pred + self.epsilon) + self.pos_weights * (1 - y_true) * np.log(1 - y_pred + self.epsilon)';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['__call__, weights on the other terms', 'loss-swapped-weights', cls('', '__call__', [swappedTerms, 'return -np.sum(np.mean(terms, axis=0))']), [swappedTerms]],
    ['__init__ keeps each weight under the other\'s name', 'loss-swapped-weights', cls('', '__call__', ['terms = self.pw * y_true * np.log(y_pred + self.eps) + self.nw * (1 - y_true) * np.log(1 - y_pred + self.eps)', 'return -np.sum(np.mean(terms, axis=0))'], ['self.pw = neg_weights', 'self.nw = pos_weights', 'self.eps = epsilon']),
      ['self.pw = neg_weights', 'self.nw = pos_weights']],
    ['nn.Module forward, a class loop taking rows', 'loss-rows-not-columns', cls('(torch.nn.Module)', 'forward', ['loss = 0.0', 'for i in range(len(self.pos_weights)):', '    loss += -torch.mean(self.pos_weights[i] * y_true[i] * torch.log(y_pred[i] + self.epsilon) + self.neg_weights[i] * (1 - y_true[i]) * torch.log(1 - y_pred[i] + self.epsilon))', 'return loss'], ['super().__init__()', 'self.pos_weights, self.neg_weights, self.epsilon = pos_weights, neg_weights, epsilon']),
      ['loss += -torch.mean(self.pos_weights[i] * y_true[i] * torch.log(y_pred[i] + self.epsilon) + self.neg_weights[i] * (1 - y_true[i]) * torch.log(1 - y_pred[i] + self.epsilon))']],
    ['Keras Loss call, the predictions clipped', 'loss-clip-and-epsilon', cls('(tf.keras.losses.Loss)', 'call', ['y_pred = tf.clip_by_value(y_pred, self.epsilon, 1 - self.epsilon)', 'terms = self.pos_weights * y_true * tf.math.log(y_pred + self.epsilon) + self.neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + self.epsilon)', 'return -tf.reduce_sum(tf.reduce_mean(terms, axis=0))'], ['super().__init__()', 'self.pos_weights = tf.constant(pos_weights, dtype=tf.float32)', 'self.neg_weights = tf.constant(neg_weights, dtype=tf.float32)', 'self.epsilon = epsilon']),
      ['y_pred = tf.clip_by_value(y_pred, self.epsilon, 1 - self.epsilon)']],
    ['weights kept as tensors, moved with .cuda() when there is a GPU; keyword construction', 'loss-swapped-weights', cls('(torch.nn.Module)', 'forward', ['terms = self.neg * y_true * torch.log(y_pred + self.eps) + self.pos * (1 - y_true) * torch.log(1 - y_pred + self.eps)', 'return -terms.mean(dim=0).sum()'],
      ['super().__init__()', 'self.pos = torch.as_tensor(pos_weights)', 'self.neg = torch.as_tensor(neg_weights)', 'self.eps = epsilon', 'if torch.cuda.is_available():', '    self.pos, self.neg = self.pos.cuda(), self.neg.cuda()']).replace('WeightedLoss(pos_weights, neg_weights, epsilon)', 'WeightedLoss(neg_weights=neg_weights, pos_weights=pos_weights, epsilon=epsilon)'),
      ['terms = self.neg * y_true * torch.log(y_pred + self.eps) + self.pos * (1 - y_true) * torch.log(1 - y_pred + self.eps)']],
    ['a class in the factory, closing over the weights', 'loss-swapped-weights', `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    class _Loss(torch.nn.Module):\n        def forward(self, y_true, y_pred):\n            return -(neg_weights * y_true * torch.log(y_pred + epsilon) + pos_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=0).sum()\n    return _Loss()\n`,
      ['return -(neg_weights * y_true * torch.log(y_pred + epsilon) + pos_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=0).sum()']],
    // The instance bound to a name, then returned, reads as `return WL(...)`.
    ['a class in the factory, its instance bound to a name and returned', 'loss-swapped-weights', `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    class WL:\n        def __init__(self, pw, nw):\n            self.pw, self.nw = pw, nw\n\n        def __call__(self, y_true, y_pred):\n            return -np.sum(np.mean(self.nw * y_true * np.log(y_pred + epsilon) + self.pw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n    fn = WL(pos_weights, neg_weights)\n    return fn\n`,
      ['return -np.sum(np.mean(self.nw * y_true * np.log(y_pred + epsilon) + self.pw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']],
    ['a class in the factory, closing over the weights, its instance bound to a name', 'loss-swapped-weights', `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    class _Loss(torch.nn.Module):\n        def forward(self, y_true, y_pred):\n            return -(neg_weights * y_true * torch.log(y_pred + epsilon) + pos_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=0).sum()\n    loss_fn = _Loss()\n    return loss_fn\n`,
      ['return -(neg_weights * y_true * torch.log(y_pred + epsilon) + pos_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=0).sum()']],
    // A name bound twice holds nothing: no guess, no site.
    ['a class in the factory, its name bound twice', 'loss-swapped-weights', `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    class WL:\n        def __init__(self, pw, nw):\n            self.pw, self.nw = pw, nw\n\n        def __call__(self, y_true, y_pred):\n            return -np.sum(np.mean(self.nw * y_true * np.log(y_pred + epsilon) + self.pw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n    fn = WL(pos_weights, neg_weights)\n    fn = WL(neg_weights, pos_weights)\n    return fn\n`,
      undefined],
    // Right code: none.
    ['right: __call__', 'loss-swapped-weights', cls('', '__call__', ['terms = self.pos_weights * y_true * np.log(y_pred + self.epsilon) + self.neg_weights * (1 - y_true) * np.log(1 - y_pred + self.epsilon)', 'return -np.sum(np.mean(terms, axis=0))']), undefined],
    ['right: forward\'s class loop on columns', 'loss-rows-not-columns', cls('(torch.nn.Module)', 'forward', ['loss = 0.0', 'for i in range(len(self.pos_weights)):', '    loss += -torch.mean(self.pos_weights[i] * y_true[:, i] * torch.log(y_pred[:, i] + self.epsilon) + self.neg_weights[i] * (1 - y_true[:, i]) * torch.log(1 - y_pred[:, i] + self.epsilon))', 'return loss']), undefined],
    ['right: a class in the factory, its instance bound to a name and returned', 'loss-swapped-weights', `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    class WL:\n        def __init__(self, pw, nw):\n            self.pw, self.nw = pw, nw\n\n        def __call__(self, y_true, y_pred):\n            return -np.sum(np.mean(self.pw * y_true * np.log(y_pred + epsilon) + self.nw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n    fn = WL(pos_weights, neg_weights)\n    return fn\n`, undefined],
    ['right: the weights passed the other way round and named so', 'loss-swapped-weights', `${HEAD}class WeightedLoss:\n    def __init__(self, neg_weights, pos_weights):\n        self.neg_weights, self.pos_weights = neg_weights, pos_weights\n\n    def __call__(self, y_true, y_pred):\n        return -np.sum(np.mean(self.pos_weights * y_true * np.log(y_pred + 1e-7) + self.neg_weights * (1 - y_true) * np.log(1 - y_pred + 1e-7), axis=0))\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return WeightedLoss(neg_weights, pos_weights)\n`, undefined],
  ];
  it('weights on the other term, rows for classes, a clip: in __call__, nn.Module.forward, keras.losses.Loss.call, a class in the factory; right code: none', async () => {
    expect(await shownLines(table.map(([name, id, src]) => [name, id, src]))).toEqual(table.map(([name, , , want]) => [name, want]));
  });
});

describe('loss-hardcoded-classes', () => {
  const col = (i = 'i') => `pos_weights[${i}] * y_true[:, ${i}] * np.log(y_pred[:, ${i}] + epsilon) + neg_weights[${i}] * (1 - y_true[:, ${i}]) * np.log(1 - y_pred[:, ${i}] + epsilon)`;
  const table: [string, string, string[] | undefined][] = [
    ['range(14)', loss(['loss = 0.0', 'for i in range(14):', `    loss += -np.mean(${col()})`, 'return loss']), ['for i in range(14):']],
    ['a module\'s N_CLASSES', `N_CLASSES = 14\n${loss(['loss = 0.0', 'for i in range(N_CLASSES):', `    loss += -np.mean(${col()})`, 'return loss'])}`, ['for i in range(N_CLASSES):']],
    ['a count bound to a number in the loss: that binding', loss(['num_classes = 3', 'loss = 0.0', 'for c in range(0, num_classes):', `    loss += -np.mean(${col('c')})`, 'return loss']), ['num_classes = 3']],
    ['a comprehension over range(3), TF', loss(['return -tf.add_n([tf.reduce_mean(pos_weights[i] * y_true[:, i] * tf.math.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * tf.math.log(1 - y_pred[:, i] + epsilon)) for i in range(3)])']),
      ['return -tf.add_n([tf.reduce_mean(pos_weights[i] * y_true[:, i] * tf.math.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * tf.math.log(1 - y_pred[:, i] + epsilon)) for i in range(3)])']],
    // The class count read from the arguments, however written: none.
    ['right: K.int_shape(y_true)[-1]', loss(['loss = 0.0', 'for i in range(K.int_shape(y_true)[-1]):', `    loss += -K.mean(${col()})`, 'return loss']), undefined],
    ['right: y_true.shape[1]', loss(['loss = 0.0', 'for i in range(y_true.shape[1]):', `    loss += -np.mean(${col()})`, 'return loss']), undefined],
    ['right: C = y_true.shape[-1]', loss(['C = y_true.shape[-1]', 'loss = 0.0', 'for i in range(C):', `    loss += -np.mean(${col()})`, 'return loss']), undefined],
    ['right: len(pos_weights)', loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(${col()})`, 'return loss']), undefined],
    ['right: a loop over 2 that is no class loop', loss(['terms = [y_true * np.log(y_pred + epsilon), (1 - y_true) * np.log(1 - y_pred + epsilon)]', 'w = [pos_weights, neg_weights]', 'loss = 0.0', 'for k in range(2):', '    loss += -np.sum(np.mean(w[k] * terms[k], axis=0))', 'return loss']), undefined],
  ];
  it('a class loop bounded by a number or a module\'s name (or the number\'s binding); never a count read from the arguments (K.int_shape(y_true)[-1], y_true.shape[1])', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-hardcoded-classes', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('a class loop bounded by K.int_shape(y_true)[-1]', () => {
  it('is a class loop: y_true[i] there takes a row (loss-rows-not-columns)', async () => {
    const body = ['loss = 0.0', 'for i in range(K.int_shape(y_true)[-1]):', '    loss += -K.mean(pos_weights[i] * y_true[i] * K.log(y_pred[i] + epsilon) + neg_weights[i] * (1 - y_true[i]) * K.log(1 - y_pred[i] + epsilon))', 'return loss'];
    expect(await shownLines([['K.int_shape', 'loss-rows-not-columns', loss(body)]])).toEqual([['K.int_shape', [body[2]!.trim()]]]);
  });
});

describe('a log whose argument adds by a call (ops.add, tf.add, torch.add, np.add)', () => {
  const body = (pos: string, neg: string) => loss([`pos = pos_weights * y_true * ${pos}`, `neg = neg_weights * (1 - y_true) * ${neg}`, 'return -ops.sum(ops.mean(pos + neg, axis=0))'], 'pos_weights, neg_weights, epsilon=1e-7').replace('import torch\n', 'import torch\nfrom keras import ops\nimport keras\n');
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['keras.backend.epsilon() added by ops.add', 'loss-epsilon-ignored', body('ops.log(ops.add(y_pred, keras.backend.epsilon()))', 'ops.log(ops.add(1 - y_pred, keras.backend.epsilon()))'),
      ['pos = pos_weights * y_true * ops.log(ops.add(y_pred, keras.backend.epsilon()))', 'neg = neg_weights * (1 - y_true) * ops.log(ops.add(1 - y_pred, keras.backend.epsilon()))']],
    ['epsilon added by tf.add in one log only', 'loss-epsilon-one-term', body('tf.math.log(tf.add(y_pred, epsilon))', 'tf.math.log(1 - y_pred)'), ['neg = neg_weights * (1 - y_true) * tf.math.log(1 - y_pred)']],
    ['torch.add in both logs: no log without epsilon', 'loss-no-epsilon', body('torch.log(torch.add(y_pred, epsilon))', 'torch.log(torch.add(1 - y_pred, epsilon))'), undefined],
  ];
  it('reads the call as the `+` it is', async () => {
    expect(await shownLines(table.map(([name, id, src]) => [name, id, src]))).toEqual(table.map(([name, , , want]) => [name, want]));
  });
});

describe('loss-epsilon-ignored in a loss written as a class', () => {
  const cls = (init: string, call: string, make: string) => `${HEAD}class WeightedLoss:
    def __init__(self, ${init}):
        self.pos_weights, self.neg_weights = pos_weights, neg_weights
        self.epsilon = epsilon

    def __call__(self, ${call}):
        eps = self.epsilon if epsilon is None else epsilon
        terms = self.pos_weights * y_true * np.log(y_pred + eps) + self.neg_weights * (1 - y_true) * np.log(1 - y_pred + eps)
        return -np.sum(np.mean(terms, axis=0))


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    return ${make}
`;
  const table: [string, string, string[] | undefined][] = [
    // The constructor's own default, left to it by the factory's call: that call.
    ['WeightedLoss(pos_weights, neg_weights) without epsilon', cls('pos_weights, neg_weights, epsilon=1e-7', 'y_true, y_pred, epsilon=None', 'WeightedLoss(pos_weights, neg_weights)'), ['return WeightedLoss(pos_weights, neg_weights)']],
    ['a keyword construction without epsilon', cls('pos_weights, neg_weights, epsilon=K.epsilon()', 'y_true, y_pred, epsilon=None', 'WeightedLoss(neg_weights=neg_weights, pos_weights=pos_weights)'), ['return WeightedLoss(neg_weights=neg_weights, pos_weights=pos_weights)']],
    // __call__'s own default: Keras calls it with two arguments.
    ['__call__(self, y_true, y_pred, epsilon=1e-7)', cls('pos_weights, neg_weights, epsilon', 'y_true, y_pred, epsilon=1e-7', 'WeightedLoss(pos_weights, neg_weights, epsilon)'), ['def __call__(self, y_true, y_pred, epsilon=1e-7):']],
    ['right: epsilon passed on', cls('pos_weights, neg_weights, epsilon=1e-7', 'y_true, y_pred, epsilon=None', 'WeightedLoss(pos_weights, neg_weights, epsilon)'), undefined],
    ['right: epsilon passed by keyword', cls('pos_weights, neg_weights, epsilon=1e-7', 'y_true, y_pred, epsilon=None', 'WeightedLoss(pos_weights, neg_weights, epsilon=epsilon)'), undefined],
  ];
  it('the construction that leaves __init__\'s epsilon default, or the loss method\'s own default; right code: none', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-epsilon-ignored', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('loss-epsilon-ignored: a fixed epsilon given to partial by its place', () => {
  it('partial(_wbce, 1e-7, pos_weights, neg_weights) fills _wbce\'s first parameter, eps: that line', async () => {
    const src = `${HEAD}from functools import partial\n\n\ndef _wbce(eps, pos_weights, neg_weights, y_true, y_pred):\n    return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + eps) + neg_weights * (1 - y_true) * np.log(1 - y_pred + eps), axis=0))\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return partial(_wbce, 1e-7, pos_weights, neg_weights)\n`;
    expect(await shownLines([['partial by place', 'loss-epsilon-ignored', src]])).toEqual([['partial by place', ['return partial(_wbce, 1e-7, pos_weights, neg_weights)']]]);
  });
});

describe('loss-epsilon-ignored: the machine epsilon by the standard library', () => {
  it('sys.float_info.epsilon in both logs (np.finfo(float).eps\'s value): both lines', async () => {
    const body = ['pos = pos_weights * y_true * np.log(y_pred + sys.float_info.epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + sys.float_info.epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))'];
    expect(await shownLines([['sys.float_info', 'loss-epsilon-ignored', loss(body).replace('import numpy as np\n', 'import sys\nimport numpy as np\n')]])).toEqual([['sys.float_info', body.slice(0, 2)]]);
  });
});
describe("PyTorch's x.size(k) for x.shape[k] (framework 29)", () => {
  // torch learners write y_true.size(1) and labels.size(0) where numpy's write .shape[1] / .shape[0].
  const terms = 'per_class = -(pos_weights * y_true * torch.log(y_pred + epsilon) + neg_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(0)';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['/ y_true.size(1)', 'loss-mean-over-classes', loss([terms, 'return per_class.sum() / y_true.size(1)']), ['return per_class.sum() / y_true.size(1)']],
    ['a class loop over range(y_true.size(1) - 1)', 'loss-skips-class',
      loss(['loss = 0', 'for i in range(y_true.size(1) - 1):', '    loss += -torch.mean(pos_weights[i] * y_true[:, i] * torch.log(y_pred[:, i] + epsilon))', 'return loss']), ['for i in range(y_true.size(1) - 1):']],
    // A loop over range(y_true.size(0)) is over the examples: a sum inside it is no sum over them to change.
    ['over range(y_true.size(0))', 'loss-sum-not-mean',
      loss(['loss = 0', 'for n in range(y_true.size(0)):', '    loss += -torch.sum(pos_weights * y_true[n] * torch.log(y_pred[n] + epsilon))', 'return loss']), undefined],
    // N one short, as labels.size(0) - 1: that line, not the division by N (which is right).
    ['N = labels.size(0) - 1', 'freqs-wrong-denominator', `${HEAD}def compute_class_freqs(labels):\n    N = labels.size(0) - 1\n    pos = labels.sum(dim=0) / N\n    return pos, 1 - pos\n`, ['N = labels.size(0) - 1']],
    // The shape read whole, then indexed: torch's labels.size()[0], numpy's np.shape(labels)[0].
    ['N = labels.size()[0] - 1', 'freqs-wrong-denominator', `${HEAD}def compute_class_freqs(labels):\n    N = labels.size()[0] - 1\n    pos = labels.sum(dim=0) / N\n    return pos, 1 - pos\n`, ['N = labels.size()[0] - 1']],
    ['N = np.shape(labels)[0] - 1', 'freqs-wrong-denominator', `${HEAD}def compute_class_freqs(labels):\n    N = np.shape(labels)[0] - 1\n    pos = np.sum(labels, axis=0) / N\n    return pos, 1 - pos\n`, ['N = np.shape(labels)[0] - 1']],
    // labels.shape[1] - 1, a count of the classes one short, is the wrong count too: N's line, where it is fixed (stop 30).
    ['N = labels.shape[1] - 1', 'freqs-wrong-denominator', `${HEAD}def compute_class_freqs(labels):\n    N = labels.shape[1] - 1\n    pos = np.sum(labels, axis=0) / N\n    return pos, 1 - pos\n`, ['N = labels.shape[1] - 1']],
    // A class count kept in a name is no count of examples: the division by it is the mean over the classes.
    ['C = y_true.shape[1], / C', 'loss-mean-over-classes', loss([terms, 'C = y_true.shape[1]', 'return per_class.sum() / C']), ['return per_class.sum() / C']],
    ['C = y_true.size()[-1], / C', 'loss-mean-over-classes', loss([terms, 'C = y_true.size()[-1]', 'return per_class.sum() / C']), ['return per_class.sum() / C']],
    // / y_true.size(0) divides by the examples: no class count.
    ['right: / y_true.size(0)', 'loss-mean-over-classes', loss(['s = -(pos_weights * y_true * torch.log(y_pred + epsilon)).sum(0)', 'return s.sum() / y_true.size(0)']), undefined],
  ];
  it('reads as the shape it gives', async () => {
    expect(await shownLines(table.map(([name, id, src]) => [name, id, src]))).toEqual(table.map(([name, , , want]) => [name, want]));
  });
});

describe("a library's binary cross-entropy is where its clip is (framework 29)", () => {
  // PyTorch's binary_cross_entropy floors each log at -100, Keras's binary_crossentropy clips the
  // predictions (the backend's also adds 1e-7): the call is the clip the fix removes.
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ["F.binary_cross_entropy, reduction='none'", 'loss-clip-instead-of-epsilon', loss(["return F.binary_cross_entropy(y_pred, y_true, reduction='none').mean(0).sum()"]), ["return F.binary_cross_entropy(y_pred, y_true, reduction='none').mean(0).sum()"]],
    ['torch.nn.BCELoss made', 'loss-clip-instead-of-epsilon', loss(["bce = torch.nn.BCELoss(reduction='none')", 'w = y_true * pos_weights + (1 - y_true) * neg_weights', 'return (w * bce(y_pred, y_true)).mean(0).sum()']), ["bce = torch.nn.BCELoss(reduction='none')"]],
    ['K.binary_crossentropy', 'loss-clip-and-epsilon', loss(['w = y_true * pos_weights + (1 - y_true) * neg_weights', 'return K.sum(K.mean(w * K.binary_crossentropy(y_true, y_pred), axis=0))']), ['return K.sum(K.mean(w * K.binary_crossentropy(y_true, y_pred), axis=0))']],
    ['tf.keras.losses.BinaryCrossentropy made', 'loss-clip-instead-of-epsilon', loss(["bce = tf.keras.losses.BinaryCrossentropy(reduction='none')", 'return tf.reduce_sum(bce(y_true, y_pred))']), ["bce = tf.keras.losses.BinaryCrossentropy(reduction='none')"]],
    // The logits functions clip nothing (a sigmoid is their story).
    ['F.binary_cross_entropy_with_logits: none', 'loss-clip-instead-of-epsilon', loss(["return F.binary_cross_entropy_with_logits(y_pred, y_true, reduction='none').mean(0).sum()"]), undefined],
  ];
  it('the call, or the loss object made', async () => {
    expect(await shownLines(table.map(([name, id, src]) => [name, id, src]))).toEqual(table.map(([name, , , want]) => [name, want]));
  });
});


describe('freqs-integer-division: fractions rounded down after a division by a call, or by floor', () => {
  const freqs = (body: string[]) => `${HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const table: [string, string, string[] | undefined][] = [
    ['np.true_divide(...).astype(np.int64)', freqs(['pos = np.true_divide(np.sum(labels, axis=0), labels.shape[0]).astype(np.int64)', 'return pos, 1 - pos']), ['pos = np.true_divide(np.sum(labels, axis=0), labels.shape[0]).astype(np.int64)']],
    ['np.floor of the fractions', freqs(['N = len(labels)', 'pos = np.floor(np.sum(labels, axis=0) / N)', 'neg = np.floor(np.sum(1 - labels, axis=0) / N)', 'return pos, neg']), ['pos = np.floor(np.sum(labels, axis=0) / N)', 'neg = np.floor(np.sum(1 - labels, axis=0) / N)']],
    ['right: np.floor of something else, a float cast of the fractions', freqs(['pos = (np.sum(labels, axis=0) / labels.shape[0]).astype(np.float32)', 'n = np.floor(len(labels))', 'return pos, 1 - pos']), undefined],
  ];
  it('an integer cast of np.true_divide, np.floor of a fraction; right code: none', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'freqs-integer-division', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('loss-hardcoded-classes in a loss written as a class', () => {
  it('self.num_classes = 14 in __init__, range(self.num_classes) in __call__: the attribute\'s line; self.num_classes = len(pos_weights): none', async () => {
    const src = (count: string) => `${HEAD}class WeightedLoss:\n    def __init__(self, pos_weights, neg_weights, epsilon):\n        self.pw, self.nw, self.eps = pos_weights, neg_weights, epsilon\n        self.num_classes = ${count}\n\n    def __call__(self, y_true, y_pred):\n        loss = 0.0\n        for c in range(self.num_classes):\n            loss += -np.mean(self.pw[c] * y_true[:, c] * np.log(y_pred[:, c] + self.eps) + self.nw[c] * (1 - y_true[:, c]) * np.log(1 - y_pred[:, c] + self.eps))\n        return loss\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return WeightedLoss(pos_weights, neg_weights, epsilon)\n`;
    expect(await shownLines([['14', 'loss-hardcoded-classes', src('14')], ['len', 'loss-hardcoded-classes', src('len(pos_weights)')]])).toEqual([['14', ['self.num_classes = 14']], ['len', undefined]]);
  });
});

describe('a loss written as a class: weights kept by register_buffer, register_parameter or setattr', () => {
  const mod = (keep: string[], terms: string) => `${HEAD}class WeightedBCELoss(torch.nn.Module):\n    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):\n        super().__init__()\n${keep.map((l) => `        ${l}`).join('\n')}\n        self.epsilon = epsilon\n\n    def forward(self, y_true, y_pred):\n        loss = -(${terms})\n        return loss.mean(dim=0).sum()\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return WeightedBCELoss(pos_weights, neg_weights, epsilon)\n`;
  const swapped = 'self.neg_weights * y_true * torch.log(y_pred + self.epsilon) + self.pos_weights * (1 - y_true) * torch.log(1 - y_pred + self.epsilon)';
  const right = 'self.pos_weights * y_true * torch.log(y_pred + self.epsilon) + self.neg_weights * (1 - y_true) * torch.log(1 - y_pred + self.epsilon)';
  const buffers = ['self.register_buffer("pos_weights", torch.as_tensor(pos_weights, dtype=torch.float32))', 'self.register_buffer("neg_weights", torch.as_tensor(neg_weights, dtype=torch.float32))'];
  const params = ["self.register_parameter('pos_weights', torch.nn.Parameter(torch.as_tensor(pos_weights), requires_grad=False))", "setattr(self, 'neg_weights', torch.as_tensor(neg_weights))"];
  const table: [string, string, string[] | undefined][] = [
    ['register_buffer, the terms swapped', mod(buffers, swapped), [`loss = -(${swapped})`]],
    ['register_parameter and setattr, the terms swapped', mod(params, swapped), [`loss = -(${swapped})`]],
    ['right: register_buffer', mod(buffers, right), undefined],
  ];
  it('reads the attribute each call sets as a weight', async () => {
    expect(await shownLines(table.map(([name, src]) => [name, 'loss-swapped-weights', src]))).toEqual(table.map(([name, , want]) => [name, want]));
  });
});

describe('sites 29b: writes into an argument, a division by the class count, a sigmoid, labels.T', () => {
  const freqs = (body: string[]) => `${HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const helper = `${HEAD}def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n\n\n`;
  const terms = 'pos_weights * y_true * np.log(p + epsilon) + neg_weights * (1 - y_true) * np.log(1 - p + epsilon)';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    // The line that writes into the argument (its fix: compute on a new array).
    ['labels[:] = ...', 'freqs-mutates-input', freqs(['N = labels.shape[0]', 'labels[:] = labels / N', 'pos = np.sum(labels, axis=0)', 'return pos, 1 - pos']), ['labels[:] = labels / N']],
    ['labels /= N', 'freqs-mutates-input', freqs(['N = labels.shape[0]', 'labels /= N', 'pos = np.sum(labels, axis=0)', 'return pos, 1 - pos']), ['labels /= N']],
    ['labels *= 1.0 through an alias', 'freqs-mutates-input', freqs(['y = labels', 'y *= 1.0', 'pos = np.mean(y, axis=0)', 'return pos, 1 - pos']), ['y *= 1.0']],
    ['np.divide(..., out=labels)', 'freqs-mutates-input', freqs(['np.divide(labels, len(labels), out=labels)', 'pos = np.sum(labels, axis=0)', 'return pos, 1 - pos']), ['np.divide(labels, len(labels), out=labels)']],
    ['right: labels rebound to a copy first', 'freqs-mutates-input', freqs(['labels = labels.astype(float)', 'labels /= len(labels)', 'pos = np.sum(labels, axis=0)', 'return pos, 1 - pos']), undefined],
    ['y_pred += eps', 'loss-mutates-input', loss(['y_pred += epsilon', `return -np.sum(np.mean(${terms.replaceAll('p + epsilon', 'y_pred').replaceAll('1 - y_pred', '1 - y_pred')}, axis=0))`]), ['y_pred += epsilon']],
    ['y_pred.clip(..., out=y_pred)', 'loss-mutates-input', loss(['y_pred.clip(epsilon, 1 - epsilon, out=y_pred)', 'p = y_pred', `return -np.sum(np.mean(${terms}, axis=0))`]), ['y_pred.clip(epsilon, 1 - epsilon, out=y_pred)']],
    ['y_true[y_true == 0] = ...', 'loss-mutates-input', loss(['y_true[y_true == 0] = 0.0', 'p = y_pred', `return -np.sum(np.mean(${terms}, axis=0))`]), ['y_true[y_true == 0] = 0.0']],
    ['torch y_pred.add_(eps)', 'loss-mutates-input', loss(['y_pred.add_(epsilon)', 'p = y_pred', `return -torch.sum(torch.mean(${terms.replaceAll('np.', 'torch.')}, dim=0))`]), ['y_pred.add_(epsilon)']],
    ['torch .clamp_', 'loss-mutates-input', loss(['y_pred.clamp_(epsilon, 1 - epsilon)', 'p = y_pred', `return -torch.sum(torch.mean(${terms.replaceAll('np.', 'torch.')}, dim=0))`]), ['y_pred.clamp_(epsilon, 1 - epsilon)']],
    ['right: y_pred rebound, then added to', 'loss-mutates-input', loss(['y_pred = y_pred + 0.0', 'y_pred += epsilon', 'p = y_pred', `return -np.sum(np.mean(${terms}, axis=0))`]), undefined],
    // Through a conversion that hands back the array it is given when none is needed (framework 30):
    // torch.as_tensor of the suite's float64 array, np.asarray, .double() are the caller's array.
    ['torch.as_tensor, then .add_(eps).log_()', 'loss-mutates-input', loss(['y_pred = torch.as_tensor(y_pred, dtype=torch.float64)', 'log_neg = (1 - y_pred).add_(epsilon).log_()', 'log_pos = y_pred.add_(epsilon).log_()', 'return -(pos_weights * y_true * log_pos + neg_weights * (1 - y_true) * log_neg).mean(0).sum()']),
      ['log_pos = y_pred.add_(epsilon).log_()']],
    ['np.asarray, then /=', 'freqs-mutates-input', freqs(['labels = np.asarray(labels, dtype=np.float64)', 'labels /= len(labels)', 'pos = labels.sum(axis=0)', 'return pos, 1 - pos']), ['labels /= len(labels)']],
    ['.double() of an alias, then .clamp_', 'loss-mutates-input', loss(['p = y_pred', 'p = p.double()', 'p.clamp_(epsilon, 1 - epsilon)', `return -torch.sum(torch.mean(${terms.replaceAll('np.', 'torch.')}, dim=0))`]), ['p.clamp_(epsilon, 1 - epsilon)']],
    ['right: torch.tensor copies, then .add_', 'loss-mutates-input', loss(['y_pred = torch.tensor(y_pred)', 'y_pred.add_(epsilon)', 'p = y_pred', `return -torch.sum(torch.mean(${terms.replaceAll('np.', 'torch.')}, dim=0))`]), undefined],
    ['right: .clone(), then .add_', 'loss-mutates-input', loss(['p = torch.as_tensor(y_pred).clone()', 'p.add_(epsilon)', `return -torch.sum(torch.mean(${terms.replaceAll('np.', 'torch.')}, dim=0))`]), undefined],
    // N, C = labels.shape: the division by C (and by n_classes).
    ['/ C of N, C = labels.shape', 'freqs-wrong-denominator', freqs(['N, C = labels.shape', 'pos = np.sum(labels, axis=0) / C', 'neg = np.sum(1 - labels, axis=0) / C', 'return pos, neg']), ['pos = np.sum(labels, axis=0) / C', 'neg = np.sum(1 - labels, axis=0) / C']],
    ['/ n_classes', 'freqs-wrong-denominator', freqs(['n_examples, n_classes = labels.shape', 'pos = np.sum(labels, axis=0) / n_classes', 'neg = np.sum(labels == 0, axis=0) / n_classes', 'return pos, neg']), ['pos = np.sum(labels, axis=0) / n_classes', 'neg = np.sum(labels == 0, axis=0) / n_classes']],
    ['right: / N', 'freqs-wrong-denominator', freqs(['N, C = labels.shape', 'pos = np.sum(labels, axis=0) / N', 'neg = np.sum(1 - labels, axis=0) / N', 'return pos, neg']), undefined],
    // A sigmoid on y_pred: the call's line.
    ['a helper sigmoid', 'loss-sigmoid-on-probabilities', helper + loss(['p = sigmoid(y_pred)', `return -np.sum(np.mean(${terms}, axis=0))`]).slice(HEAD.length), ['p = sigmoid(y_pred)']],
    ['tf.sigmoid', 'loss-sigmoid-on-probabilities', loss(['p = tf.sigmoid(y_pred)', `return -tf.reduce_sum(tf.reduce_mean(${terms.replaceAll('np.log', 'tf.math.log')}, axis=0))`]), ['p = tf.sigmoid(y_pred)']],
    ['torch.sigmoid', 'loss-sigmoid-on-probabilities', loss(['p = torch.sigmoid(y_pred)', `return -(${terms.replaceAll('np.', 'torch.')}).mean(0).sum()`]), ['p = torch.sigmoid(y_pred)']],
    ['K.sigmoid', 'loss-sigmoid-on-probabilities', loss(['p = K.sigmoid(y_pred)', `return -K.sum(K.mean(${terms.replaceAll('np.', 'K.')}, axis=0))`]), ['p = K.sigmoid(y_pred)']],
    ['scipy.special.expit', 'loss-sigmoid-on-probabilities', loss(['import scipy.special', 'p = scipy.special.expit(y_pred)', `return -np.sum(np.mean(${terms}, axis=0))`]), ['p = scipy.special.expit(y_pred)']],
    ['right: no sigmoid', 'loss-sigmoid-on-probabilities', loss(['p = y_pred', `return -np.sum(np.mean(${terms}, axis=0))`]), undefined],
    // labels.T reduced over axis 0 is a reduction over the classes.
    ['np.mean(labels.T, axis=0)', 'freqs-wrong-axis', freqs(['pos = np.mean(labels.T, axis=0)', 'return pos, 1 - pos']), ['pos = np.mean(labels.T, axis=0)']],
    ['labels.T.sum(axis=0) / N', 'freqs-wrong-axis', freqs(['N = labels.shape[0]', 'pos = labels.T.sum(axis=0)', 'pos = pos / N', 'return pos, 1 - pos']), ['pos = labels.T.sum(axis=0)']],
    ['right: np.mean(labels.T, axis=1)', 'freqs-wrong-axis', freqs(['pos = np.mean(labels.T, axis=1)', 'return pos, 1 - pos']), undefined],
    // Both sides reduced over the classes (frameworks 34): each of the two lines, in numpy, TF and torch.
    ['both sides np.mean(..., axis=1)', 'freqs-wrong-axis', freqs(['pos = np.mean(labels, axis=1)', 'neg = np.mean(1 - labels, axis=1)', 'return pos, neg']), ['pos = np.mean(labels, axis=1)', 'neg = np.mean(1 - labels, axis=1)']],
    ['both sides tf.reduce_mean(..., axis=1)', 'freqs-wrong-axis', freqs(['labels = tf.cast(labels, tf.float64)', 'pos = tf.reduce_mean(labels, axis=1)', 'neg = tf.reduce_mean(1 - labels, axis=1)', 'return pos.numpy(), neg.numpy()']), ['pos = tf.reduce_mean(labels, axis=1)', 'neg = tf.reduce_mean(1 - labels, axis=1)']],
    ['both sides torch .mean(dim=1)', 'freqs-wrong-axis', freqs(['t = torch.as_tensor(labels, dtype=torch.float64)', 'pos = t.mean(dim=1)', 'neg = (1 - t).mean(dim=1)', 'return pos, neg']), ['pos = t.mean(dim=1)', 'neg = (1 - t).mean(dim=1)']],
    ['both sides np.sum(..., axis=1) / N', 'freqs-wrong-axis', freqs(['N = labels.shape[0]', 'pos = np.sum(labels, axis=1) / N', 'neg = np.sum(1 - labels, axis=1) / N', 'return pos, neg']), ['pos = np.sum(labels, axis=1) / N', 'neg = np.sum(1 - labels, axis=1) / N']],
    // freqs-no-axis on each side (frameworks 34): both lines; one side reduced, the other 1 - it: that line.
    ['both sides torch .mean() with no dim', 'freqs-no-axis', freqs(['t = torch.as_tensor(labels, dtype=torch.float64)', 'pos = t.mean()', 'neg = 1 - t.mean()', 'return pos, neg']), ['pos = t.mean()', 'neg = 1 - t.mean()']],
    ['both sides np.mean with no axis', 'freqs-no-axis', freqs(['pos = np.mean(labels)', 'neg = np.mean(1 - labels)', 'return pos, neg']), ['pos = np.mean(labels)', 'neg = np.mean(1 - labels)']],
    ['both sides tf.reduce_sum with no axis / N', 'freqs-no-axis', freqs(['labels = tf.cast(labels, tf.float64)', 'N = labels.shape[0]', 'pos = tf.reduce_sum(labels) / N', 'neg = tf.reduce_sum(1 - labels) / N', 'return pos, neg']), ['pos = tf.reduce_sum(labels) / N', 'neg = tf.reduce_sum(1 - labels) / N']],
    ['one side np.mean with no axis, the other 1 - it', 'freqs-no-axis', freqs(['pos = np.mean(labels)', 'neg = 1 - pos', 'return pos, neg']), ['pos = np.mean(labels)']],
    // The positives per column, right (review 34b): the negatives' reduction of the whole matrix only.
    ['positives per column in a class loop, negatives of the whole matrix', 'freqs-no-axis',
      freqs(['N, C = labels.shape', 'pos = np.zeros(C)', 'for i in range(C):', '    pos[i] = np.mean(labels[:, i])', 'neg = 1 - np.mean(labels)', 'return pos, neg']),
      ['neg = 1 - np.mean(labels)']],
    ['positives per column in a comprehension, negatives of the whole matrix', 'freqs-no-axis',
      freqs(['pos = np.array([np.mean(labels[:, c]) for c in range(labels.shape[1])])', 'neg = np.mean(1 - labels)', 'return pos, neg']),
      ['neg = np.mean(1 - labels)']],
    ['positives of each column of labels.T, negatives of the whole matrix', 'freqs-no-axis',
      freqs(['pos = np.array([np.mean(col) for col in labels.T])', 'neg = np.mean(1 - labels)', 'return pos, neg']),
      ['neg = np.mean(1 - labels)']],
    // The negatives only: that line, not the right one.
    ['negatives only, axis=1', 'freqs-wrong-axis', freqs(['pos = np.mean(labels, axis=0)', 'neg = np.mean(1 - labels, axis=1)', 'return pos, neg']), ['neg = np.mean(1 - labels, axis=1)']],
  ];
  it.each(table)('%s', async (name, id, src, want) => {
    expect(await shownLines([[name, id, src]])).toEqual([[name, want]]);
  });
});
