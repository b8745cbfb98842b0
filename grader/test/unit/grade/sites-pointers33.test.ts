/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 33: a written 0.5 and a
 * `/ 2` of the two terms are read alike (runner._log_sides).
 */
import { describe, expect, it } from 'vitest';
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
