/**
 * Loss mistakes modelled at stop 34, loss-weights-reversed among them (each told before with an
 * honest "no known mistake" note, or as two mistakes for one slip). Each learner's loss is computed
 * here on its own, straight from the formula the learner wrote, not through reference/loss.ts's
 * LossSpec: the diagnosis must name it from the values alone, on the public suite.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EPSILON } from '../../../../reference/loss.js';
import { expectedFor, gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite, type Case } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { runWith } from '../../helpers/run-outcome.js';
import { functionsOf } from '../../helpers/runner.js';
import { siteOf } from '../../../src/grade/sites.js';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { MISTAKES, type MistakeId } from '../../../../reference/mistakes/index.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** One class's value as the learner's code computes it: its labels and predictions (a column), its weights, epsilon. */
type ClassLoss = (y: number[], p: number[], wp: number, wn: number, eps: number) => number;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The learner's loss on a case: `perClass` of class k's column with pos_weights[pos(k, C)] and neg_weights[neg(k, C)], added up over the classes. */
function learnerLoss(c: Case, perClass: ClassLoss, pos = (k: number, _c: number) => k, neg = pos): number {
  if (c.inputs.fn !== 'weighted_loss') throw new Error('not a loss case');
  const x = c.inputs;
  const eps = x.epsilon ?? DEFAULT_EPSILON;
  const classes = x.yTrue[0]!.length;
  let total = 0;
  for (let k = 0; k < classes; k++) {
    total += perClass(x.yTrue.map((r) => r[k]!), x.yPred.map((r) => r[k]!), x.posWeights[pos(k, classes)]!, x.negWeights[neg(k, classes)]!, eps);
  }
  return total;
}

/** The report of a submission whose loss is `loss` on every loss case, its frequencies right. */
function graded(loss: (c: Case) => number) {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    const v =
      e.fn === 'weighted_loss'
        ? { kind: 'number' as const, pytype: 'float', value: loss(c) }
        : { kind: 'sequence' as const, pytype: 'tuple', items: [e.freqs.pos, e.freqs.neg].map((values) => ({ kind: 'array' as const, pytype: 'numpy.ndarray', dtype: 'float64', shape: [values.length], values })) };
    calls[c.id] = { status: 'ok', value: v, mutated: [], ms: 1 };
  }
  return gradeSuite(suite, runWith(calls), ctx);
}
const told = (r: ReturnType<typeof graded>) => r.mistakes.map((m) => [m.id, m.confidence]);

describe('y and 1 - y exchanged, the weights and logs in place: one slip, told as one', () => {
  // pos_weights[i] * (1 - y) * log(p + eps) + neg_weights[i] * y * log(1 - p + eps)
  const exchanged: ClassLoss = (y, p, wp, wn, eps) => -mean(y.map((yi, i) => wp * (1 - yi) * Math.log(p[i]! + eps) + wn * yi * Math.log(1 - p[i]! + eps)));

  it('is loss-swapped-labels alone, with its one fix, not swapped weights together with swapped terms', () => {
    const r = graded((c) => learnerLoss(c, exchanged));
    expect(told(r)).toEqual([['loss-swapped-labels', 'full']]);
    expect(r.mistakes[0]!.message).toMatch(/^It looks like you exchange the label factors/);
    expect(r.mistakes[0]!.fix).toMatch(/y_true\[:, i\] \* np\.log\(y_pred\[:, i\] \+ epsilon\)/);
  });

  it('the weights on the other terms with the labels and logs together stays loss-swapped-weights (the brief\'s form: one slip already)', () => {
    // pos_weights[i] * (1 - y) * log(1 - p + eps) + neg_weights[i] * y * log(p + eps)
    const weightsOnly: ClassLoss = (y, p, wp, wn, eps) => -mean(y.map((yi, i) => wp * (1 - yi) * Math.log(1 - p[i]! + eps) + wn * yi * Math.log(p[i]! + eps)));
    expect(told(graded((c) => learnerLoss(c, weightsOnly)))).toEqual([['loss-swapped-weights', 'full']]);
  });
});

describe('a product of means: w · mean(y) · mean(log p) where the mean of the products belongs', () => {
  // pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + epsilon)) + the negative term likewise
  const productOfMeans: ClassLoss = (y, p, wp, wn, eps) =>
    -(wp * mean(y) * mean(p.map((pi) => Math.log(pi + eps))) + wn * mean(y.map((yi) => 1 - yi)) * mean(p.map((pi) => Math.log(1 - pi + eps))));

  it('is loss-product-of-means, in full', () => {
    const r = graded((c) => learnerLoss(c, productOfMeans));
    expect(told(r)).toEqual([['loss-product-of-means', 'full']]);
    expect(r.mistakes[0]!.message).toMatch(/^It looks like you multiply the mean of the labels by the mean of the logs/);
  });

  it('vectorised and averaged over the classes too (np.mean of the per-class products): with loss-mean-over-classes', () => {
    const r = graded((c) => learnerLoss(c, productOfMeans) / (c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue[0]!.length : 1));
    expect(told(r)).toEqual([
      ['loss-mean-over-classes', 'full'],
      ['loss-product-of-means', 'full'],
    ]);
  });
});

describe('the log of a mean where the mean of the logs belongs', () => {
  it('np.log(np.mean(y_pred[:, i]) + epsilon) in each term: loss-log-of-mean, told which', () => {
    // np.mean(pos_weights[i] * y_true[:, i] * np.log(np.mean(y_pred[:, i]) + epsilon)) + the negative term with 1 - np.mean(y_pred[:, i])
    const logOfMeanPrediction: ClassLoss = (y, p, wp, wn, eps) =>
      -mean(y.map((yi) => wp * yi * Math.log(mean(p) + eps) + wn * (1 - yi) * Math.log(1 - mean(p) + eps)));
    const r = graded((c) => learnerLoss(c, logOfMeanPrediction));
    expect(told(r)).toEqual([['loss-log-of-mean', 'full']]);
    expect(r.mistakes[0]!.message).toMatch(/\(here: the log of the mean prediction, np\.log\(np\.mean\(y_pred\[:, i\]\) \+ epsilon\)/);
  });

  it('the labels\' product with the predictions averaged inside the log: loss-log-of-mean, told which', () => {
    // pos_weights[i] * np.log(np.mean(y_true[:, i] * y_pred[:, i]) + epsilon) + neg_weights[i] * np.log(np.mean((1 - y_true[:, i]) * (1 - y_pred[:, i])) + epsilon)
    const logOfMeanProduct: ClassLoss = (y, p, wp, wn, eps) =>
      -(wp * Math.log(mean(y.map((yi, i) => yi * p[i]!)) + eps) + wn * Math.log(mean(y.map((yi, i) => (1 - yi) * (1 - p[i]!))) + eps));
    const r = graded((c) => learnerLoss(c, logOfMeanProduct));
    expect(told(r)).toEqual([['loss-log-of-mean', 'full']]);
    expect(r.mistakes[0]!.message).toMatch(/\(here: the mean of the labels times the predictions inside the log/);
  });
});

describe('the class index off by one', () => {
  const right: ClassLoss = (y, p, wp, wn, eps) => -mean(y.map((yi, i) => wp * yi * Math.log(p[i]! + eps) + wn * (1 - yi) * Math.log(1 - p[i]! + eps)));
  const picked = (c: Case, pos: (k: number, n: number) => number, neg: (k: number, n: number) => number) => learnerLoss(c, right, pos, neg);
  const before = (k: number, n: number) => (k - 1 + n) % n; // Python's w[i - 1]: w[-1] is the last class's
  const own = (k: number) => k;

  it.each([
    ['pos_weights[i - 1] and neg_weights[i - 1]', before, before, "the weights of the class before, pos_weights[i - 1] and neg_weights[i - 1]"],
    ['pos_weights[i - 1] only', before, own, 'pos_weights[i - 1] only'],
    ['neg_weights[i - 1] only', own, before, 'neg_weights[i - 1] only'],
  ] as const)('%s: loss-class-index-off-by-one, told which', (_, pos, neg, label) => {
    const r = graded((c) => picked(c, pos, neg));
    expect(told(r)).toEqual([['loss-class-index-off-by-one', 'full']]);
    expect(r.mistakes[0]!.message).toContain(`(here: ${label}`);
  });

  it('y_true[:, i - 1] and y_pred[:, i - 1] with pos_weights[i]: each class with the next one\'s weights, told which', () => {
    const after = (k: number, n: number) => (k + 1) % n;
    const r = graded((c) => picked(c, after, after));
    expect(told(r)).toEqual([['loss-class-index-off-by-one', 'full']]);
    expect(r.mistakes[0]!.message).toContain('(here: the columns of the class before, y_true[:, i - 1] and y_pred[:, i - 1], next to pos_weights[i] and neg_weights[i]');
  });
});

/** A class loop's loss with its weights as written (`wp = ${pos}`, `wn = ${neg}`): the off-by-one's and the reversal's lines. */
const weightLoop = (pos: string, neg: string) => `import numpy as np


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        C = len(pos_weights)
        loss = 0.0
        for i in range(C):
            wp = ${pos}
            wn = ${neg}
            loss += -np.mean(wp * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + wn * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
`;

/** The trimmed lines fix_sites' site for `id` points at in `src`, or undefined. */
async function siteLines(id: MistakeId, src: string): Promise<string[] | undefined> {
  const [fns] = await functionsOf([src]);
  const at = siteOf(id, fns);
  const lines = src.split('\n');
  return at ? (at.lines ?? [at]).map((l) => lines[l.line - 1]!.trim()) : undefined;
}

describe('the class index off by one: the line', () => {
  it.each([
    ['both at i - 1', 'pos_weights[i - 1]', 'neg_weights[i - 1]', ['wp = pos_weights[i - 1]', 'wn = neg_weights[i - 1]']],
    ['pos_weights at i - 1 only', 'pos_weights[i - 1]', 'neg_weights[i]', ['wp = pos_weights[i - 1]']],
    ['neg_weights at i+1 (written without spaces)', 'pos_weights[i]', 'neg_weights[i+1]', ['wn = neg_weights[i+1]']],
    ['right: each at i', 'pos_weights[i]', 'neg_weights[i]', undefined],
    ['the first class\'s weights (loss-first-class-weights\' line, not this one)', 'pos_weights[0]', 'neg_weights[0]', undefined],
    ['i - 2: no off-by-one', 'pos_weights[i - 2]', 'neg_weights[i - 2]', undefined],
  ] as const)('%s', async (_, pos, neg, want) => {
    expect(await siteLines('loss-class-index-off-by-one', weightLoop(pos, neg))).toEqual(want);
  });
});

describe('the log of a mean: the line', () => {
  const loss = (pos: string, neg: string) => `import numpy as np


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            pos = pos_weights[i] * y_true[:, i] * ${pos}
            neg = neg_weights[i] * (1 - y_true[:, i]) * ${neg}
            loss += -np.mean(pos + neg)
        return loss
    return weighted_loss
`;
  it.each([
    ['np.mean in both logs', 'np.log(np.mean(y_pred[:, i]) + epsilon)', 'np.log(1 - np.mean(y_pred[:, i]) + epsilon)', ['pos = pos_weights[i] * y_true[:, i] * np.log(np.mean(y_pred[:, i]) + epsilon)', 'neg = neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - np.mean(y_pred[:, i]) + epsilon)']],
    ['a method\'s mean, the labels\' product inside', 'np.log((y_true[:, i] * y_pred[:, i]).mean() + epsilon)', 'np.log(1 - y_pred[:, i] + epsilon)', ['pos = pos_weights[i] * y_true[:, i] * np.log((y_true[:, i] * y_pred[:, i]).mean() + epsilon)']],
    ['right: the mean around the logs', 'np.log(y_pred[:, i] + epsilon)', 'np.log(1 - y_pred[:, i] + epsilon)', undefined],
    ['a sum inside the log is no mean', 'np.log(np.sum(y_pred[:, i]) + epsilon)', 'np.log(1 - y_pred[:, i] + epsilon)', undefined],
  ] as const)('%s', async (_, pos, neg, want) => {
    expect(await siteLines('loss-log-of-mean', loss(pos, neg))).toEqual(want);
  });
});

describe('a product of means: the line', () => {
  const loss = (body: string) => `import numpy as np


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
${body}
    return weighted_loss
`;
  it.each([
    [
      'in a loop, each term on its line',
      '        loss = 0.0\n        for i in range(len(pos_weights)):\n            pos = pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + epsilon))\n            neg = neg_weights[i] * np.mean(1 - y_true[:, i]) * np.mean(np.log(1 - y_pred[:, i] + epsilon))\n            loss += -(pos + neg)\n        return loss',
      ['pos = pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + epsilon))', 'neg = neg_weights[i] * np.mean(1 - y_true[:, i]) * np.mean(np.log(1 - y_pred[:, i] + epsilon))'],
    ],
    [
      'vectorised, K.mean-style methods over axis 0',
      '        pos = pos_weights * y_true.mean(axis=0) * np.log(y_pred + epsilon).mean(axis=0)\n        neg = neg_weights * (1 - y_true).mean(axis=0) * np.log(1 - y_pred + epsilon).mean(axis=0)\n        return -np.sum(pos + neg)',
      ['pos = pos_weights * y_true.mean(axis=0) * np.log(y_pred + epsilon).mean(axis=0)', 'neg = neg_weights * (1 - y_true).mean(axis=0) * np.log(1 - y_pred + epsilon).mean(axis=0)'],
    ],
    [
      'right: one mean of the products',
      '        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))',
      undefined,
    ],
  ] as const)('%s', async (_, body, want) => {
    expect(await siteLines('loss-product-of-means', loss(body))).toEqual(want);
  });
});

describe('the class weights in reverse order', () => {
  const right: ClassLoss = (y, p, wp, wn, eps) => -mean(y.map((yi, i) => wp * yi * Math.log(p[i]! + eps) + wn * (1 - yi) * Math.log(1 - p[i]! + eps)));
  const picked = (c: Case, pos: (k: number, n: number) => number, neg: (k: number, n: number) => number) => learnerLoss(c, right, pos, neg);
  const reversed = (k: number, n: number) => n - 1 - k; // pos_weights[C - 1 - i], pos_weights[-1 - i], pos_weights[::-1][i]
  const own = (k: number) => k;

  it.each([
    ['pos_weights[::-1] and neg_weights[::-1]', reversed, reversed, 'both weights reversed'],
    ['pos_weights[C - 1 - i] only', reversed, own, 'pos_weights reversed only'],
    ['np.flip(neg_weights) only', own, reversed, 'neg_weights reversed only'],
  ] as const)('%s: loss-weights-reversed, told which', (_, pos, neg, label) => {
    const r = graded((c) => picked(c, pos, neg));
    expect(told(r)).toEqual([['loss-weights-reversed', 'full']]);
    expect(r.mistakes[0]!.message).toContain(`(here: ${label}`);
  });

  it('is not taken for the weights swapped between the terms, nor for the class index off by one', () => {
    const swapped = graded((c) => {
      if (c.inputs.fn !== 'weighted_loss') return 0;
      return picked({ ...c, inputs: { ...c.inputs, posWeights: c.inputs.negWeights, negWeights: c.inputs.posWeights } }, own, own);
    });
    expect(told(swapped)).toEqual([['loss-swapped-weights', 'full']]);
    const before = (k: number, n: number) => (k - 1 + n) % n;
    expect(told(graded((c) => picked(c, before, before)))).toEqual([['loss-class-index-off-by-one', 'full']]);
  });
});

describe('the class weights in reverse order: the line', () => {
  it.each([
    ['both [::-1]', 'pos_weights[::-1][i]', 'neg_weights[::-1][i]', ['wp = pos_weights[::-1][i]', 'wn = neg_weights[::-1][i]']],
    ['C - 1 - i, pos only', 'pos_weights[C - 1 - i]', 'neg_weights[i]', ['wp = pos_weights[C - 1 - i]']],
    ['-1 - i and len(...) - i - 1', 'pos_weights[-1 - i]', 'neg_weights[len(neg_weights) - i - 1]', ['wp = pos_weights[-1 - i]', 'wn = neg_weights[len(neg_weights) - i - 1]']],
    ['-(i + 1) and C - (i + 1)', 'pos_weights[-(i + 1)]', 'neg_weights[C - (i + 1)]', ['wp = pos_weights[-(i + 1)]', 'wn = neg_weights[C - (i + 1)]']],
    ['np.flip, neg only', 'pos_weights[i]', 'np.flip(neg_weights)[i]', ['wn = np.flip(neg_weights)[i]']],
    ['right: each at i', 'pos_weights[i]', 'neg_weights[i]', undefined],
    ['i - 1 is the off-by-one, not this', 'pos_weights[i - 1]', 'neg_weights[i - 1]', undefined],
    ['a slice that is no reversal', 'pos_weights[::2][0]', 'neg_weights[1:][0]', undefined],
  ] as const)('%s', async (_, pos, neg, want) => {
    expect(await siteLines('loss-weights-reversed', weightLoop(pos, neg))).toEqual(want);
  });
});

describe('the new mistakes\' fixes, said in each framework', () => {
  it.each(['loss-swapped-labels', 'loss-product-of-means', 'loss-log-of-mean', 'loss-class-index-off-by-one', 'loss-weights-reversed'] as const)('%s: no numpy name left for PyTorch, TensorFlow or Keras', (id) => {
    for (const fw of ['torch', 'tensorflow', 'keras'] as const) expect([fw, fixInFramework(MISTAKES[id].fix, fw)]).not.toEqual([fw, expect.stringContaining('np.')]);
  });
});
