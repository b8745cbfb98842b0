/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), learner 31's corpus: a loss
 * negated twice, `loss += -np.mean(...)` in the class loop and `return -loss`, has the values of a
 * missing minus sign; the fix is to drop one of the two, at the return, not to add one to terms
 * that already have it.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf, shownLines } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\n\n\n';
const loss = (body: string[]) =>
  `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

const twice = loss([
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
  'return -loss',
]);

describe('loss-sign: a loss negated twice', () => {
  it('points at the negated return, not at the terms that already carry the minus', async () => {
    expect(await shownLines([['twice', 'loss-sign', twice]])).toEqual([['twice', ['return -loss']]]);
  });

  it('says to drop one of the two minus signs', async () => {
    const [fs] = await functionsOf([twice]);
    expect(siteOf('loss-sign', fs)?.fix).toMatch(/twice/);
  });

  it('a loss without a minus on its terms and none at its return still points at the terms', async () => {
    const src = loss([
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      'return loss',
    ]);
    expect(await shownLines([['none', 'loss-sign', src]])).toEqual([
      ['none', ['loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']],
    ]);
  });
});

describe('loss-divided-by-n-minus-one: the count one short', () => {
  const terms = 'pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const table: [string, string, string[] | undefined][] = [
    ['vectorised, N = y_true.shape[0]', loss(['N = y_true.shape[0]', `L = ${terms}`, 'return -np.sum(np.sum(L, axis=0) / (N - 1))']), ['return -np.sum(np.sum(L, axis=0) / (N - 1))']],
    ['a class loop, / (len(y_true) - 1)', loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss -= np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)) / (len(y_true) - 1)', 'return loss']),
      ['loss -= np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)) / (len(y_true) - 1)']],
    ['the count kept in a name, n = len(y_true) - 1', loss(['n = len(y_true) - 1', `return -np.sum(np.sum(${terms}, axis=0) / n)`]), ['n = len(y_true) - 1']],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-divided-by-n-minus-one', src]])).toEqual([[name, want]]);
  });
});

describe('loss-thresholded-predictions: the threshold or rounding', () => {
  const hard = 'pos_weights * y_true * np.log(h + epsilon) + neg_weights * (1 - y_true) * np.log(1 - h + epsilon)';
  const table: [string, string, string[] | undefined][] = [
    ['y_pred > 0.5', loss(['h = (y_pred > 0.5).astype(float)', `return -np.sum(np.mean(${hard}, axis=0))`]), ['h = (y_pred > 0.5).astype(float)']],
    ['np.where(y_pred >= 0.5, 1.0, 0.0)', loss(['h = np.where(y_pred >= 0.5, 1.0, 0.0)', `return -np.sum(np.mean(${hard}, axis=0))`]), ['h = np.where(y_pred >= 0.5, 1.0, 0.0)']],
    ['np.round(y_pred)', loss(['h = np.round(y_pred)', `return -np.sum(np.mean(${hard}, axis=0))`]), ['h = np.round(y_pred)']],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-thresholded-predictions', src]])).toEqual([[name, want]]);
  });
});

describe('loss-skips-class: a class loop that starts at 1', () => {
  it('range(1, len(pos_weights)) is the loop one short, as range(len(pos_weights) - 1) is', async () => {
    const src = loss([
      'loss = 0.0',
      'for i in range(1, len(pos_weights)):',
      '    loss -= np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      'return loss',
    ]);
    expect(await shownLines([['from 1', 'loss-skips-class', src]])).toEqual([['from 1', ['for i in range(1, len(pos_weights)):']]]);
  });

  it('range(0, len(pos_weights)) is every class: no line', async () => {
    const src = loss([
      'loss = 0.0',
      'for i in range(0, len(pos_weights)):',
      '    loss -= np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))',
      'return loss',
    ]);
    expect(await shownLines([['from 0', 'loss-skips-class', src]])).toEqual([['from 0', undefined]]);
  });
});
