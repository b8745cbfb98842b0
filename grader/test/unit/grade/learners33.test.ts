/**
 * Learner 33's cohort: a loss rounded on top of another mistake (`return round(float(loss), 4)` of
 * a loss summed over the examples), and a loss whose each class's value (or each term) is rounded
 * before the classes are added up (`loss += round(float(-K.mean(...)), 2)`). Both were told only
 * half the story: a partial match of the other mistake with no word of the rounding, or a note
 * that the arithmetic is too coarse near predictions of 0 or 1.
 */
import { describe, expect, it } from 'vitest';
import { weightedLoss } from '../../../../reference/loss.js';
import { expectedFor, gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { caseShape } from '../../../src/grade/grade-case.js';
import { loadSuite, type Case } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossRun } from '../../helpers/run-outcome.js';
import { functionsOf } from '../../helpers/runner.js';
import { siteOf } from '../../../src/grade/sites.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** Python's round(x, d) for the values here. */
const round = (x: number, d: number) => Number(x.toFixed(d));

/** The report of a loss that returns `value(case, expected)` on every loss case, the frequencies right. */
const graded = (value: (c: Case, e: number) => number, dtype?: 'float32') => gradeSuite(suite, lossRun(suite, value, dtype), ctx);

/** Each class's loss (or, with `terms`, each of its two terms) rounded to `d` decimals, then added up. */
function piecesRounded(c: Case, d: number, terms: boolean): number {
  if (c.inputs.fn !== 'weighted_loss') throw new Error('unreachable');
  const x = c.inputs;
  let total = 0;
  for (let j = 0; j < caseShape(c).c; j++) {
    const one = { ...x, yTrue: x.yTrue.map((r) => [r[j]!]), yPred: x.yPred.map((r) => [r[j]!]) };
    const pos = weightedLoss({ ...one, posWeights: [x.posWeights[j]!], negWeights: [0] });
    const neg = weightedLoss({ ...one, posWeights: [0], negWeights: [x.negWeights[j]!] });
    total += terms ? round(pos, d) + round(neg, d) : round(pos + neg, d);
  }
  return total;
}

describe('learner 33: a loss rounded on top of another mistake', () => {
  it.each([3, 4])('round(loss summed over the examples, %i): loss-sum-not-mean and loss-rounded, both in full', (d) => {
    const r = graded((c, e) => round(caseShape(c).n * e, d));
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([
      ['loss-sum-not-mean', 'full'],
      ['loss-rounded', 'full'],
    ]);
    const rounded = r.mistakes.find((m) => m.id === 'loss-rounded')!;
    expect(rounded.message).toMatch(new RegExp(`\\(here: to ${d} decimals, on top of loss-sum-not-mean\\): on case \\S+ your loss is \\S+ where \\S+ is expected; loss-sum-not-mean gives your value there once rounded to ${d} decimals`));
    // The other mistake's evidence says the rounding, not "exactly your value".
    expect(r.mistakes[0]!.message).not.toMatch(/exactly your value/);
  });

  it('a loss rounded within tolerance on top of nothing stays loss-rounded alone', () => {
    expect(graded((_, e) => round(e, 3)).mistakes.map((m) => m.id)).toEqual(['loss-rounded']);
  });
});

describe('learner 33: each class\'s value, or each term, rounded before they are added up', () => {
  it.each([
    [2, false],
    [3, true],
  ])('to %i decimals (each term: %s): loss-rounded, told so, no coarse-arithmetic note', (d, terms) => {
    const r = graded((c) => piecesRounded(c, d, terms));
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-rounded', 'full']]);
    expect(r.mistakes[0]!.message).toMatch(new RegExp(`^It looks like each class's value, or each of its two terms, is rounded to a few decimals before they are added up .*\\(here: to ${d} decimals\\): on case \\S+ your loss is`));
    expect(r.mistakes[0]!.fix).toMatch(/^Add up each class's value unrounded/);
    expect(r.notes.filter((n) => /too coarse/.test(typeof n === 'string' ? n : n.text))).toEqual([]);
  });

  it('a float32 loss a little off, whose values fit 5 or 6 decimals by float32\'s precision alone, is no rounding', () => {
    // float32 keeps ~7 significant digits: a loss of 14.75 widened fits a grid of 6 decimals whatever it is.
    expect(graded((_, e) => e * (1 + 2e-5), 'float32').mistakes.map((m) => m.id)).not.toContain('loss-rounded');
    expect(graded((c, e) => caseShape(c).n * e * (1 + 2e-5), 'float32').mistakes.map((m) => m.id)).not.toContain('loss-rounded');
  });

  it('a loss on a grid of decimals but off by more than its pieces\' rounding is not named so', () => {
    // Twice each class's rounded value: another mistake (or none), not a rounding.
    expect(graded((c) => round(2 * piecesRounded(c, 2, false), 2)).mistakes.map((m) => m.id)).not.toContain('loss-rounded');
  });
});

describe('learner 33: the line of a loss rounded in pieces', () => {
  const factory = (body: string[]) =>
    `import numpy as np\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;
  const pos = 'pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)';
  const neg = 'neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';
  async function lines(source: string) {
    const [functions] = await functionsOf([source]);
    return siteOf('loss-rounded', functions, new Set(['loss-rounded']));
  }

  it('each class\'s value rounded in the loop: at that rounding', async () => {
    const src = factory(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += round(float(-np.mean(${pos} + ${neg})), 2)`, 'return loss']);
    expect(await lines(src)).toEqual({ line: 3 + 5 });
  });

  it('each term rounded on its own line: both lines', async () => {
    const src = factory([
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      `    p = np.round(-np.mean(${pos}), 3)`,
      `    n = np.round(-np.mean(${neg}), 3)`,
      '    loss += p + n',
      'return loss',
    ]);
    expect(await lines(src)).toEqual({ line: 3 + 5, lines: [{ line: 3 + 5 }, { line: 4 + 5 }] });
  });

  it('the returned rounding still wins over a rounding elsewhere; the predictions\' rounding is none', async () => {
    const src = factory(['p = np.round(y_pred, 3)', 'loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(${pos} + ${neg})`, 'print(np.round(loss, 3))', 'return np.round(loss, 4)']);
    expect(await lines(src)).toEqual({ line: 6 + 5 });
    const preds = factory(['p = np.round(y_pred, 3)', 'loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(${pos} + ${neg})`, 'return loss']);
    expect(await lines(preds)).toBeUndefined();
  });
});

describe('learner 33: a sum divided by len(y_true[0]), the length of a row', () => {
  const factory = (body: string[]) =>
    `import numpy as np\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;
  const whole = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  async function at(source: string, id: 'loss-wrong-axis' | 'loss-hardcoded-examples' = 'loss-wrong-axis') {
    const [functions] = await functionsOf([source]);
    return siteOf(id, functions, new Set([id]))?.line;
  }

  it.each([
    ['each class\'s sum in a loop', factory([
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    s = np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      '    loss -= s / len(y_true[0])',
      'return loss',
    ]), 4],
    ['the whole sum', factory([whole, 'return -np.sum(L) / len(y_true[0])']), 2],
    ['a name bound to it', factory([whole, 'n = len(y_pred[0])', 'return -np.sum(L) / n']), 3],
  ])('%s: loss-wrong-axis at the division', async (_, src, line) => {
    expect(await at(src)).toBe(line + 5);
  });

  it('len(y_true), the number of examples, is no class count', async () => {
    expect(await at(factory([whole, 'return -np.sum(L) / len(y_true)']))).toBeUndefined();
  });
});

describe('learner 33: weights made to add up to 1 through a conversion', () => {
  const loss = (prelude: string[]) =>
    `import numpy as np\nimport torch\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n${prelude.map((l) => `    ${l}`).join('\n')}\n\n    def weighted_loss(y_true, y_pred):\n        L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)\n        return -np.sum(np.mean(L, axis=0))\n    return weighted_loss\n`;
  async function lines(source: string) {
    const [functions] = await functionsOf([source]);
    const at = siteOf('loss-normalised-weights', functions, new Set(['loss-normalised-weights']));
    return at ? (at.lines ?? [at]).map((l) => l.line) : undefined;
  }

  it.each([
    ['np.asarray', ['pos_weights = np.asarray(pos_weights) / np.sum(pos_weights)', 'neg_weights = np.asarray(neg_weights) / np.sum(neg_weights)']],
    ['torch.tensor', ['pos_weights = torch.tensor(pos_weights) / torch.sum(torch.tensor(pos_weights))', 'neg_weights = np.array(neg_weights) / np.sum(neg_weights)']],
  ])('%s(w) / np.sum(w): at both lines', async (_, prelude) => {
    expect(await lines(loss(prelude))).toEqual([6, 7]);
  });

  it('a conversion of something else over the weights\' sum is none', async () => {
    expect(await lines(loss(['scale = np.asarray(epsilon) / np.sum(pos_weights)']))).toBeUndefined();
  });
});

describe('learner 33: frequencies divided by labels.size, every entry of the matrix', () => {
  const freqs = (body: string[]) => `import numpy as np\n\n\ndef compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  async function lines(source: string) {
    const [functions] = await functionsOf([source]);
    const at = siteOf('freqs-wrong-denominator', functions, new Set(['freqs-wrong-denominator']));
    return at ? (at.lines ?? [at]).map((l) => l.line) : undefined;
  }

  it.each([
    ['labels.size', 'labels.size'],
    ['np.size(labels)', 'np.size(labels)'],
  ])('%s on both sides: both divisions', async (_, den) => {
    const src = freqs([`pos = np.sum(labels == 1, axis=0) / ${den}`, `neg = np.sum(labels == 0, axis=0) / ${den}`, 'return pos, neg']);
    expect(await lines(src)).toEqual([5, 6]);
  });

  it('np.size(labels, 0), the examples, is no such division', async () => {
    const src = freqs(['pos = np.sum(labels == 1, axis=0) / np.size(labels, 0)', 'neg = np.sum(labels == 0, axis=0) / np.size(labels, 1)', 'return pos, neg']);
    // Only the division by the class count (np.size(labels, 1)) is shown.
    expect(await lines(src)).toEqual([6]);
  });
});

describe('learner 33: the sum divided by N·C, every entry', () => {
  const factory = (body: string[]) =>
    `import numpy as np\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;
  const whole = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  async function at(source: string) {
    const [functions] = await functionsOf([source]);
    return siteOf('loss-mean-over-classes', functions, new Set(['loss-mean-over-classes']))?.line;
  }

  it.each([
    ['shapes multiplied', factory([whole, 'return -np.sum(L) / (y_true.shape[0] * y_true.shape[1])']), 2],
    ['names of both counts', factory(['n = len(y_true)', 'c = len(y_true[0])', whole, 'return -np.sum(L) / (n * c)']), 4],
    ['both counts unpacked from the shape', factory(['N, C = y_true.shape', whole, 'return -np.sum(L) / (N * C)']), 3],
    ['the labels\' size', factory([whole, 'return -np.sum(L) / y_true.size']), 2],
    ['np.size of the labels', factory([whole, 'return -np.sum(L) / np.size(y_true)']), 2],
  ])('%s: loss-mean-over-classes at the division', async (_, src, line) => {
    expect(await at(src)).toBe(line + 5);
  });

  it('N times a number that is no class count is none', async () => {
    expect(await at(factory([whole, 'return -np.sum(L) / (y_true.shape[0] * 2)']))).toBeUndefined();
  });
});

describe('learner 33: the absolute value where the minus belongs, at its call', () => {
  const factory = (body: string[]) =>
    `import numpy as np\nimport torch\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;
  const whole = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  async function lines(source: string) {
    const [functions] = await functionsOf([source]);
    const at = siteOf('loss-absolute-value', functions, new Set(['loss-absolute-value']));
    return at ? (at.lines ?? [at]).map((l) => l.line) : undefined;
  }

  it.each([
    ['np.abs of the loss', factory([whole, 'return np.abs(np.sum(np.mean(L, axis=0)))']), [8]],
    ['abs of each class\'s mean', factory(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += abs(np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))', 'return loss']), [9]],
    ['torch.abs bound to a name', factory([whole, 'total = torch.abs(torch.as_tensor(np.sum(np.mean(L, axis=0))))', 'return total']), [8]],
  ])('%s', async (_, src, want) => {
    expect(await lines(src)).toEqual(want);
  });

  // _counts_classes reads a product's factors to a depth of 4: 1,500 of them once raised RecursionError, which dropped every site of the loss.
  it('beside a divisor of 1,500 factors, the abs is still found', async () => {
    const factors = Array.from({ length: 1500 }, () => 'y_true.shape[0]').join(' * ');
    expect(await lines(factory([whole, `return np.abs(np.sum(L) / (${factors}))`]))).toEqual([8]);
  });

  it('an absolute value of the predictions is none', async () => {
    expect(await lines(factory(['p = np.abs(y_pred)', whole.replaceAll('y_pred', 'p'), 'return np.sum(np.mean(L, axis=0))']))).toBeUndefined();
  });
});
