/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 33: a written 0.5 and a
 * `/ 2` of the two terms are read alike (runner._log_sides); the predictions as a label factor
 * through a name bound to 1 - y_pred; a mean of the two terms stacked along another axis than the first;
 * the labels in the logs; a log taken from one through a name; a helper's terms (a def of the loss's
 * own, a lambda, a helper of the file's given columns) read with what its one call gives it.
 */
import { describe, expect, it } from 'vitest';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { shownLines } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\nimport torch\n\n\n';
const loss = (body: string[]) =>
  `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

const NEG = 'neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
/** pos bound through `depth` names before the last (a = ..., b = a, ...), the name the loss reads. */
const chain = (depth: number): [string[], string] => {
  const names = 'abcdefgh'.slice(0, depth + 1).split('');
  return [[`a = pos_weights * y_true * np.log(y_pred + epsilon)`, ...names.slice(1).map((n, k) => `${n} = ${names[k]}`)], names[depth]!];
};

describe('loss-terms-averaged: a written 0.5 reads the terms as a / 2 does', () => {
  const [deep, last] = chain(5);
  const [near, lastNear] = chain(3);
  const rows: [string, string[], string, boolean][] = [
    // log1p(y_pred) is log(1 + y_pred), no term's log: neither halving holds both terms.
    ['log1p(y_pred) beside the negative term', [], `-0.5 * np.mean(pos_weights * y_true * np.log1p(y_pred) + ${NEG})`, false],
    ['the positive term five names deep', deep, `-0.5 * np.mean(${last} + ${NEG})`, false],
    ['the positive term three names deep', near, `-0.5 * np.mean(${lastNear} + ${NEG})`, true],
  ];
  it.each(rows)('%s: 0.5 * (...) and (...) / 2 give the same line', async (name, before, halved, shown) => {
    const byTwo = halved.replace('-0.5 * np.mean(', '-np.mean(').replace(/\)$/, ') / 2');
    const got = await shownLines([
      [`${name} (0.5)`, 'loss-terms-averaged', loss([...before, `return ${halved}`])],
      [`${name} (/ 2)`, 'loss-terms-averaged', loss([...before, `return ${byTwo}`])],
    ]);
    expect(got).toEqual([
      [`${name} (0.5)`, shown ? [`return ${halved}`] : undefined],
      [`${name} (/ 2)`, shown ? [`return ${byTwo}`] : undefined],
    ]);
  });
});

describe('loss-prediction-as-label: the predictions as a label factor, through a name', () => {
  const rows: [string, MistakeId, string[], string | undefined][] = [
    ['q = 1 - y_pred, a class loop', 'loss-prediction-as-label',
      ['q = 1 - y_pred', 'loss = 0.0', 'for i in range(len(pos_weights)):',
        '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * q[:, i] * np.log(q[:, i] + epsilon))',
        'return loss'],
      'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * q[:, i] * np.log(q[:, i] + epsilon))'],
    ['q = 1 - y_pred, whole arrays', 'loss-prediction-as-label',
      ['q = 1 - y_pred', 'pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * q * np.log(q + epsilon)',
        'return -np.sum(np.mean(pos + neg, axis=0))'],
      'neg = neg_weights * q * np.log(q + epsilon)'],
    ['a column, then 1.0 minus it, in torch', 'loss-prediction-as-label',
      ['total = 0', 'for c in range(len(pos_weights)):', '    yp = y_pred[:, c]', '    not_yp = 1.0 - yp',
        '    total = total - torch.mean(pos_weights[c] * y_true[:, c] * torch.log(yp + epsilon) + neg_weights[c] * not_yp * torch.log(not_yp + epsilon))',
        'return total'],
      'total = total - torch.mean(pos_weights[c] * y_true[:, c] * torch.log(yp + epsilon) + neg_weights[c] * not_yp * torch.log(not_yp + epsilon))'],
    // A right loss that keeps 1 - y_pred in a name for its log only: no label factor of it.
    ['q = 1 - y_pred inside the log only (right)', 'loss-prediction-as-label',
      ['q = 1 - y_pred', 'return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(q + epsilon), axis=0))'],
      undefined],
  ];
  it.each(rows)('%s', async (name, id, body, line) => {
    expect(await shownLines([[name, id, loss(body)]])).toEqual([[name, line === undefined ? undefined : [line]]]);
  });
});

describe('loss-terms-averaged: a mean of the two terms stacked, over the axis they are stacked along', () => {
  const POS = 'pos = pos_weights * y_true * np.log(y_pred + epsilon)';
  const NEG_T = 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const rows: [string, string[], string | undefined][] = [
    ['np.stack(..., axis=-1).mean(axis=-1)', [POS, NEG_T, 'avg = np.stack([pos, neg], axis=-1).mean(axis=-1)', 'return -np.sum(np.mean(avg, axis=0))'],
      'avg = np.stack([pos, neg], axis=-1).mean(axis=-1)'],
    ['torch.mean(torch.stack(..., dim=2), dim=2)', [POS.replaceAll('np.', 'torch.'), NEG_T.replaceAll('np.', 'torch.'),
      'avg = torch.mean(torch.stack((pos, neg), dim=2), dim=2)', 'return -torch.sum(torch.mean(avg, dim=0))'],
    'avg = torch.mean(torch.stack((pos, neg), dim=2), dim=2)'],
    ['a stack bound to a name, its axis given second', [POS, NEG_T, 'both = np.stack([pos, neg], 1)', 'return -np.sum(np.mean(both, axis=1))'],
      'return -np.sum(np.mean(both, axis=1))'],
    // Stacked along axis 1, averaged over axis 0: each term's mean over the examples, then summed: no averaging of the two.
    ['stacked along axis 1, a mean over axis 0', [POS, NEG_T, 'return -np.sum(np.mean(np.stack([pos, neg], axis=1), axis=0))'], undefined],
  ];
  it.each(rows)('%s', async (name, body, line) => {
    expect(await shownLines([[name, 'loss-terms-averaged', loss(body)]])).toEqual([[name, line === undefined ? undefined : [line]]]);
  });
});

describe('loss-labels-in-log: each log of the labels, where y_pred goes', () => {
  const rows: [string, string[], string[] | undefined][] = [
    ['a class loop, one line', ['loss = 0.0', 'for i in range(len(pos_weights)):',
      '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_true[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_true[:, i] + epsilon))',
      'return loss'],
    ['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_true[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_true[:, i] + epsilon))']],
    ['torch, the labels converted and named, two lines', ['t = torch.as_tensor(y_true)', 'pos = pos_weights * t * torch.log(t + epsilon)',
      'neg = neg_weights * (1 - t) * torch.log(1 - t + epsilon)', 'return -torch.sum(torch.mean(pos + neg, dim=0))'],
    ['pos = pos_weights * t * torch.log(t + epsilon)', 'neg = neg_weights * (1 - t) * torch.log(1 - t + epsilon)']],
    // The inputs named in the other order (y_pred first holds the labels): no telling which is which.
    ['forward-style order, y_pred first', [], undefined],
  ];
  it.each(rows)('%s', async (name, body, lines) => {
    const src = body.length ? loss(body) : loss(['return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))'])
      .replace('def weighted_loss(y_true, y_pred)', 'def weighted_loss(y_pred, y_true)');
    expect(await shownLines([[name, 'loss-labels-in-log', src]])).toEqual([[name, lines]]);
  });
});

describe('loss-one-minus-log: a log taken away from one through a name, at that 1 -', () => {
  const rows: [string, string[], string[] | undefined][] = [
    ['a class loop, log_p on the positive term too', ['loss = 0.0', 'for i in range(len(pos_weights)):', '    log_p = np.log(y_pred[:, i] + epsilon)',
      '    loss += -np.mean(pos_weights[i] * y_true[:, i] * log_p + neg_weights[i] * (1 - y_true[:, i]) * (1 - log_p))', 'return loss'],
    ['loss += -np.mean(pos_weights[i] * y_true[:, i] * log_p + neg_weights[i] * (1 - y_true[:, i]) * (1 - log_p))']],
    ['torch, torch.sub(1, lp) on its own line', ['lp = torch.log(y_pred + epsilon)', 'pos = pos_weights * y_true * lp', 'neg = neg_weights * (1 - y_true) * torch.sub(1, lp)',
      'return -torch.sum(torch.mean(pos + neg, dim=0))'],
    ['neg = neg_weights * (1 - y_true) * torch.sub(1, lp)']],
    // 1 - p with p a name for the predictions: no log taken from one.
    ['1 - p inside the log (right)', ['p = y_pred', 'return -np.sum(np.mean(pos_weights * y_true * np.log(p + epsilon) + neg_weights * (1 - y_true) * np.log(1 - p + epsilon), axis=0))'], undefined],
  ];
  it.each(rows)('%s', async (name, body, lines) => {
    expect(await shownLines([[name, 'loss-one-minus-log', loss(body)]])).toEqual([[name, lines]]);
  });
});

describe('a helper called once with the weights, labels and predictions: its terms read as the loss\'s', () => {
  const BCE = 'def bce(y, p, wp, wn):\n    return -np.mean(wp * y * np.log(p + epsilon) + wn * (1 - y) * np.log(1 - p + epsilon))';
  const rows: [string, MistakeId, string, string[] | undefined][] = [
    ['a def of the loss\'s own, given columns in the other order', 'loss-swapped-weights',
      loss([...BCE.split('\n'), 'loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += bce(y_true[:, i], y_pred[:, i], neg_weights[i], pos_weights[i])', 'return loss']),
      ['loss += bce(y_true[:, i], y_pred[:, i], neg_weights[i], pos_weights[i])']],
    ['a lambda in a comprehension, given columns in the other order', 'loss-swapped-weights',
      loss(['term = lambda y, p, wp, wn: wp * y * np.log(p + epsilon) + wn * (1 - y) * np.log(1 - p + epsilon)',
        'return -sum(np.mean(term(y_true[:, i], y_pred[:, i], neg_weights[i], pos_weights[i])) for i in range(len(pos_weights)))']),
      ['return -sum(np.mean(term(y_true[:, i], y_pred[:, i], neg_weights[i], pos_weights[i])) for i in range(len(pos_weights)))']],
    ['a helper of the file\'s, given columns in the other order', 'loss-swapped-weights',
      `${HEAD}def _bce(y, p, wp, wn, eps):\n    return -np.mean(wp * y * np.log(p + eps) + wn * (1 - y) * np.log(1 - p + eps))\n\n\n` +
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += _bce(y_true[:, i], y_pred[:, i], neg_weights[i], pos_weights[i], epsilon)', 'return loss']).slice(HEAD.length),
      ['loss += _bce(y_true[:, i], y_pred[:, i], neg_weights[i], pos_weights[i], epsilon)']],
    ['a def of the loss\'s own with its logs swapped', 'loss-swapped-terms',
      loss(['def term(y, p, wp, wn):', '    return wp * y * np.log(1 - p + epsilon) + wn * (1 - y) * np.log(p + epsilon)',
        'return -np.sum(np.mean(term(y_true, y_pred, pos_weights, neg_weights), axis=0))']),
      ['return wp * y * np.log(1 - p + epsilon) + wn * (1 - y) * np.log(p + epsilon)']],
    // Called twice: what each parameter holds is no one thing.
    ['a def of the loss\'s own called twice', 'loss-swapped-weights',
      loss([...BCE.split('\n'), 'print(bce(y_true, y_pred, pos_weights, neg_weights))', 'loss = 0.0', 'for i in range(len(pos_weights)):',
        '    loss += bce(y_true[:, i], y_pred[:, i], neg_weights[i], pos_weights[i])', 'return loss']),
      undefined],
  ];
  it.each(rows)('%s', async (name, id, src, lines) => {
    expect(await shownLines([[name, id, src]])).toEqual([[name, lines]]);
  });
});

describe('loss-absolute-value: the one absolute value where the minus belongs', () => {
  const L = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const RET = 'return np.abs(np.sum(np.mean(L, axis=0)))';
  const rows: [string, string[], string[] | undefined, string?][] = [
    ['torch.abs around the total', [L.replaceAll('np.', 'torch.'), 'return torch.abs(torch.sum(torch.mean(L, dim=0)))'], ['return torch.abs(torch.sum(torch.mean(L, dim=0)))']],
    ['abs() of each class\'s mean in a loop', ['loss = 0.0', 'for i in range(len(pos_weights)):',
      '    loss += abs(np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))', 'return loss'],
    ['loss += abs(np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))']],
    ...(['K.abs', 'tf.abs', 'tf.math.abs', 'np.fabs', 'math.fabs', 'np.absolute'] as const).map((f): [string, string[], string[]] =>
      [f, [L, `return ${f}(np.sum(np.mean(L, axis=0)))`], [`return ${f}(np.sum(np.mean(L, axis=0)))`]]),
    ['x.abs()', [L.replaceAll('np.', 'torch.'), 'return torch.sum(torch.mean(L, dim=0)).abs()'], ['return torch.sum(torch.mean(L, dim=0)).abs()']],
    // Absolute values that are no loss's sign: inside a log's argument, printed, asserted, of the
    // predictions' error, of epsilon alone; each beside the returned abs leaves that one.
    ['an abs inside a log beside it', [L.replace('np.log(1 - y_pred + epsilon)', 'np.log(np.abs(1 - y_pred) + epsilon)'), RET], [RET]],
    ['a helper safe_log of an abs beside it', ['def safe_log(x):', '    return np.log(np.abs(x) + epsilon)', L.replaceAll('np.log(', 'safe_log('), RET], [RET]],
    ['a printed abs of the loss beside it', [L, 'loss = np.sum(np.mean(L, axis=0))', 'print(abs(loss))', 'return np.abs(loss)'], ['return np.abs(loss)']],
    ['an asserted abs beside it', [L, 'loss = np.sum(np.mean(L, axis=0))', 'assert np.abs(loss) < 1e9', 'return np.abs(loss)'], ['return np.abs(loss)']],
    ['the mean absolute error beside it', [L, 'mae = np.mean(np.abs(y_true - y_pred))', RET], [RET]],
    ['abs of epsilon beside it', ['e = np.abs(epsilon)', L.replaceAll('epsilon', 'e'), RET], [RET]],
    ['the mean absolute error alone: none', [L, 'mae = np.mean(np.abs(y_true - y_pred))', 'return -np.sum(np.mean(L, axis=0)) + 0 * mae'], undefined],
    ['a second abs, printed: only the returned one', [L, 'print(np.abs(y_true - y_pred).max())', RET], [RET]],
    // Two of the loss's own, one maybe for something else: no telling which.
    ['two absolute values of the loss: none', [L, 'total = np.abs(np.sum(np.mean(L, axis=0)))', 'return abs(total)'], undefined],
  ];
  it.each(rows)('%s', async (name, body, lines) => {
    const src = `import math\nfrom keras import backend as K\nimport tensorflow as tf\n${loss(body)}`;
    expect(await shownLines([[name, 'loss-absolute-value', src]])).toEqual([[name, lines]]);
  });
});
