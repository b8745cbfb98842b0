/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), review 31b: a guard's
 * `return -1.0` is no loss negated twice; a rounding or comparison points at a threshold only when
 * it is of the predictions (`round(float(loss), 6)` is none, `y_pred.round()` and `y_pred > THRESH`
 * are); `len(X) - 1` counts the examples only when X holds them (not a helper's parameter), and
 * `N - 1.0` is one short as `N - 1` is.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf, shownLines } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\n\n\n';
const loss = (body: string[], before = '', after = '') =>
  `${HEAD}${before}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n${after}`;

const TERMS = [
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
];
const TERM_LINES = [
  'loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
];

describe('loss-sign: a guard returning a negative number is no second minus', () => {
  const guarded = loss(['if y_true.size == 0:', '    return -1.0', ...TERMS, 'return loss']);

  it('points at the terms, not at the guard `return -1.0`', async () => {
    expect(await shownLines([['guard', 'loss-sign', guarded]])).toEqual([['guard', TERM_LINES]]);
  });

  it('gives the catalogue\'s fix (add the minus), not "negated twice"', async () => {
    const [fs] = await functionsOf([guarded]);
    const at = siteOf('loss-sign', fs);
    expect(at).toBeDefined();
    // The fix that adds the minus, in the loop's form (wording 32), not the negated return's.
    expect(at?.fix).toMatch(/^Negate each class's term in your loop: loss \+= -\(pos term \+ neg term\)/);
    expect(at?.did).toBeUndefined();
  });

  it.each([
    ['a guard returning -np.inf early', ['if y_true.size == 0:', '    return -np.inf', ...TERMS, 'return loss'], TERM_LINES],
    ['a final return of a negated number', [...TERMS, 'return -(0.0)'], TERM_LINES],
    ['the final return, under a last if/else, is still read', [...TERMS.map((l) => l.replace('np.mean(', '-np.mean(')), 'if loss is None:', '    return 0.0', 'else:', '    return -loss'], ['return -loss']],
  ])('%s', async (name, body, want) => {
    expect(await shownLines([[name, 'loss-sign', loss(body)]])).toEqual([[name, want]]);
  });
});

describe('loss-thresholded-predictions: only the predictions rounded or compared', () => {
  const hard = 'pos_weights * y_true * np.log(h + epsilon) + neg_weights * (1 - y_true) * np.log(1 - h + epsilon)';
  const soft = 'pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const table: [string, string, string[] | undefined][] = [
    ['y_pred.round(), the method form', loss(['h = y_pred.round()', `return -np.sum(np.mean(${hard}, axis=0))`]), ['h = y_pred.round()']],
    ['a threshold named at module level', loss(['h = np.where(y_pred > THRESH, 1.0, 0.0)', `return -np.sum(np.mean(${hard}, axis=0))`], '', '\nTHRESH = 0.5\n'),
      ['h = np.where(y_pred > THRESH, 1.0, 0.0)']],
    ['a threshold named in the loss', loss(['cut = 0.5', 'h = (y_pred >= cut).astype(float)', `return -np.sum(np.mean(${hard}, axis=0))`]),
      ['h = (y_pred >= cut).astype(float)']],
    ['a rounding of a name made from the predictions', loss(['p = np.asarray(y_pred)', 'h = np.round(p)', `return -np.sum(np.mean(${hard}, axis=0))`]),
      ['h = np.round(p)']],
    ['round(float(loss), 6) rounds the loss, no prediction', loss(['h = y_pred.round()', `loss = -np.sum(np.mean(${hard}, axis=0))`, 'return round(float(loss), 6)']),
      ['h = y_pred.round()']],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-thresholded-predictions', src]])).toEqual([[name, want]]);
  });

  it.each([
    ['a rounded loss', 'return round(float(loss), 3)'],
    ['the predictions rounded to decimals, still probabilities', 'print(np.round(y_pred, 3))\nreturn loss'],
    ['the labels against 0.5', 'print(np.mean(y_true > 0.5))\nreturn loss'],
  ])('%s gives no threshold site', async (_name, tail) => {
    const src = loss([`loss = -np.sum(np.mean(${soft}, axis=0))`, ...tail.split('\n')]);
    const [fs] = await functionsOf([src]);
    expect(fs?.get_weighted_loss?.sites?.filter((s) => s.kind === 'threshold')).toEqual([]);
  });
});

describe('loss-divided-by-n-minus-one: only a count of the examples, 1 or 1.0 short', () => {
  const per = 'pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)';
  const helper = 'def sample_var(v):\n    return np.sum((v - np.mean(v)) ** 2) / (len(v) - 1)\n\n\n';
  const table: [string, string, string[] | undefined][] = [
    ['N - 1.0, a float one', loss(['N = y_true.shape[0]', 'loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.sum(${per}) / (N - 1.0)`,
      'print("spread:", sample_var(y_pred))', 'return loss'], helper), [`loss += -np.sum(${per}) / (N - 1.0)`]],
    ["a helper's count of its labels", loss(['return -_wbce(y_true, y_pred, pos_weights, neg_weights, epsilon)'],
      'def _wbce(y_true, y_pred, pw, nw, eps):\n    L = pw * y_true * np.log(y_pred + eps) + nw * (1 - y_true) * np.log(1 - y_pred + eps)\n    return np.sum(np.sum(L, axis=0) / (len(y_true) - 1.0))\n\n\n'),
      ['return np.sum(np.sum(L, axis=0) / (len(y_true) - 1.0))']],
    ['len(y_pred) - 1', loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss -= np.sum(${per}) / (len(y_pred) - 1)`, 'return loss']),
      [`loss -= np.sum(${per}) / (len(y_pred) - 1)`]],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-divided-by-n-minus-one', src]])).toEqual([[name, want]]);
  });

  it("a helper's len(v) - 1 (a sample variance) is no count of the examples", async () => {
    const src = loss(['N = y_true.shape[0]', 'loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.sum(${per}) / N`,
      'print("spread:", sample_var(y_pred))', 'return loss'], helper);
    const [fs] = await functionsOf([src]);
    expect(fs?.get_weighted_loss?.sites?.filter((s) => s.kind === 'count')).toEqual([]);
  });
});
