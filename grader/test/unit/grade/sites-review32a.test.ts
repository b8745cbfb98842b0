/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), review 32a: loss-terms-averaged
 * took any division by a literal or any mean of no axis for the averaging, and so pointed at a
 * right `return -np.mean(L) * C` or an unused `pct = np.mean(y_pred) / 100`; only a mean of exactly
 * the two terms or a division by 2 of their sum is it. loss-sign's loop fix ("Negate each class's
 * term in your loop: loss += ...") was given to logs in any loop: a generator with no `loss +=`, a
 * loop over the examples.
 */
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf, shownLines } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\nimport torch\n\n\n';
const loss = (body: string[]) =>
  `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

const WHOLE = ['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)'];
const LOOP = [
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    pos = -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))',
  '    neg = -np.mean(neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
];

describe('loss-terms-averaged: only the averaging of the two terms is pointed at', () => {
  it.each([
    ['a right -np.mean(L) * C, no halving', loss(['C = y_true.shape[1]', ...WHOLE, 'L = pos + neg', 'return -np.mean(L) * C'])],
    ['a division by 2 of the predictions only', loss([...WHOLE, 'L = pos + neg', 'scale = np.mean(y_pred) / 2', 'return -np.sum(np.mean(L, axis=0))'])],
    ['a mean of three values', loss([...WHOLE, 'return -np.mean([np.sum(np.mean(pos, axis=0)), np.sum(np.mean(neg, axis=0)), 0.0])'])],
    ['a mean of a stack over its second axis', loss([...WHOLE, 'return -np.sum(np.mean(np.stack([pos, neg]), axis=1))'])],
  ])('%s: no line', async (name, src) => {
    expect(await shownLines([[name, 'loss-terms-averaged', src]])).toEqual([[name, undefined]]);
  });

  it.each([
    // review 32a's repros: the mean of every entry times C is right, an unused / 100 and a / 2 of the predictions
    // only are no averaging; the halving is the `0.5 * (...)` (the "halved" site), and only it is shown.
    ['0.5 * (pos + neg), then a right -np.mean(L) * C', loss(['C = y_true.shape[1]', ...WHOLE, 'L = 0.5 * (pos + neg)', 'return -np.mean(L) * C']), 'L = 0.5 * (pos + neg)'],
    ['an unused np.mean(y_pred) / 100 beside 0.5 * (pos + neg)', loss([...LOOP, '    loss += 0.5 * (pos + neg)', 'pct = np.mean(y_pred) / 100', 'return loss']), 'loss += 0.5 * (pos + neg)'],
    ['a division by 2 of the predictions only, beside 0.5 * (pos + neg)', loss([...WHOLE, 'L = 0.5 * (pos + neg)', 'scale = np.mean(y_pred) / 2', 'return -np.sum(np.mean(L, axis=0))']), 'L = 0.5 * (pos + neg)'],
    ['np.mean([pos, neg]) in a class loop', loss([...LOOP, '    loss += np.mean([pos, neg])', 'return loss']), 'loss += np.mean([pos, neg])'],
    ['(pos + neg) / 2 on whole arrays', loss([...WHOLE, 'return -np.sum(np.mean((pos + neg) / 2, axis=0))']), 'return -np.sum(np.mean((pos + neg) / 2, axis=0))'],
    ['the sum in a name, its mean halved', loss([
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    terms = pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)',
      '    loss += -np.mean(terms) / 2',
      'return loss',
    ]), 'loss += -np.mean(terms) / 2'],
    ['half = 1 / 2 multiplying the sum', loss(['half = 1 / 2', ...WHOLE, 'L = (pos + neg) * half', 'return -np.sum(np.mean(L, axis=0))']), 'half = 1 / 2'],
    ['the list kept in a name', loss([...WHOLE, 'parts = [np.sum(np.mean(pos, axis=0)), np.sum(np.mean(neg, axis=0))]', 'return -np.mean(parts)']), 'return -np.mean(parts)'],
    ['torch.stack([pos, neg]).mean(0)', loss(['pos = pos_weights * y_true * torch.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)', 'return -torch.stack([pos, neg]).mean(0).mean(0).sum()']),
      'return -torch.stack([pos, neg]).mean(0).mean(0).sum()'],
  ])('%s: that line', async (name, src, line) => {
    expect(await shownLines([[name, 'loss-terms-averaged', src]])).toEqual([[name, [line]]]);
  });
});

describe("loss-sign: the loop's fix only for a class loop that adds into a name", () => {
  const TERM = (r: string, c: string) =>
    `pos_weights${c} * y_true${r} * np.log(y_pred${r} + epsilon) + neg_weights${c} * (1 - y_true${r}) * np.log(1 - y_pred${r} + epsilon)`;
  const fixOf = async (src: string) => {
    const [fs] = await functionsOf([src]);
    const at = siteOf('loss-sign', fs);
    expect(at).toBeDefined(); // the terms are pointed at: the fix is the rule's (or the catalogue's when undefined)
    return at?.fix ?? MISTAKES['loss-sign'].fix;
  };
  const LOOP_FIX = /^Negate each class's term in your loop: loss \+= -\(pos term \+ neg term\)/;

  it('a class loop with loss += keeps the loop fix', async () => {
    expect(await fixOf(loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += np.mean(${TERM('[:, i]', '[i]')})`, 'return loss']))).toMatch(LOOP_FIX);
  });
  it('a generator summed over the classes (no loss +=): negate the terms it sums', async () => {
    const fix = await fixOf(loss([`return sum(np.mean(${TERM('[:, i]', '[i]')})`, '           for i in range(len(pos_weights)))']));
    expect(fix).toMatch(/^Negate the terms your comprehension sums: sum\(-\(pos term \+ neg term\) for \.\.\.\)/);
    expect(fix).not.toMatch(/loss \+=|each class's term/);
  });
  it.each([
    ['a loop over the examples with loss +=', loss(['N = y_true.shape[0]', 'loss = 0.0', 'for n in range(N):', `    loss += np.sum(${TERM('[n]', '')})`, 'return loss / N'])],
    ['a class loop appending to a list', loss(['losses = []', 'for i in range(len(pos_weights)):', `    losses.append(np.mean(${TERM('[:, i]', '[i]')}))`, 'return np.sum(losses)'])],
  ])("%s: the catalogue's fix, which says both forms", async (_, src) => {
    expect(await fixOf(src)).toBe(MISTAKES['loss-sign'].fix);
  });
});
