/**
 * loss-weights-reversed: the class weights taken in reverse order (pos_weights[::-1], np.flip,
 * pos_weights[C - 1 - i] in a class loop), both or one. Each learner's loss is computed here from the
 * formula the learner wrote, not through reference/loss.ts's LossSpec: the diagnosis must name it from
 * the values alone, on the public suite, apart from loss-swapped-weights and the off-by-one.
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
import { MISTAKES } from '../../../../reference/mistakes/index.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The learner's loop loss on a case, class k weighted with pos_weights[pos(k, C)] and neg_weights[neg(k, C)]. */
function learnerLoss(c: Case, pos: (k: number, n: number) => number, neg: (k: number, n: number) => number): number {
  if (c.inputs.fn !== 'weighted_loss') throw new Error('not a loss case');
  const x = c.inputs;
  const eps = x.epsilon ?? DEFAULT_EPSILON;
  const classes = x.yTrue[0]!.length;
  let total = 0;
  for (let k = 0; k < classes; k++) {
    const y = x.yTrue.map((r) => r[k]!);
    const p = x.yPred.map((r) => r[k]!);
    const wp = x.posWeights[pos(k, classes)]!;
    const wn = x.negWeights[neg(k, classes)]!;
    total += -mean(y.map((yi, i) => wp * yi * Math.log(p[i]! + eps) + wn * (1 - yi) * Math.log(1 - p[i]! + eps)));
  }
  return total;
}

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

describe('the class weights in reverse order', () => {
  const reversed = (k: number, n: number) => n - 1 - k; // pos_weights[C - 1 - i], pos_weights[-1 - i], pos_weights[::-1][i]
  const own = (k: number) => k;

  it.each([
    ['pos_weights[::-1] and neg_weights[::-1]', reversed, reversed, 'both weights reversed'],
    ['pos_weights[C - 1 - i] only', reversed, own, 'pos_weights reversed only'],
    ['np.flip(neg_weights) only', own, reversed, 'neg_weights reversed only'],
  ] as const)('%s: loss-weights-reversed, told which', (_, pos, neg, label) => {
    const r = graded((c) => learnerLoss(c, pos, neg));
    expect(told(r)).toEqual([['loss-weights-reversed', 'full']]);
    expect(r.mistakes[0]!.message).toContain(`(here: ${label}`);
  });

  it('is not taken for the weights swapped between the terms, nor for the class index off by one', () => {
    const swapped = graded((c) => {
      if (c.inputs.fn !== 'weighted_loss') return 0;
      return learnerLoss({ ...c, inputs: { ...c.inputs, posWeights: c.inputs.negWeights, negWeights: c.inputs.posWeights } }, own, own);
    });
    expect(told(swapped)).toEqual([['loss-swapped-weights', 'full']]);
    const before = (k: number, n: number) => (k - 1 + n) % n;
    expect(told(graded((c) => learnerLoss(c, before, before)))).toEqual([['loss-class-index-off-by-one', 'full']]);
  });

  it('its fix names no numpy call for PyTorch, TensorFlow or Keras', () => {
    for (const fw of ['torch', 'tensorflow', 'keras'] as const) expect([fw, fixInFramework(MISTAKES['loss-weights-reversed'].fix, fw)]).not.toEqual([fw, expect.stringContaining('np.')]);
  });
});

describe('the class weights in reverse order: the line', () => {
  const loss = (pos: string, neg: string) => `import numpy as np


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
    const src = loss(pos, neg);
    const [fns] = await functionsOf([src]);
    const at = siteOf('loss-weights-reversed', fns);
    const lines = src.split('\n');
    expect(at ? (at.lines ?? [at]).map((l) => lines[l.line - 1]!.trim()) : undefined).toEqual(want);
  });
});
