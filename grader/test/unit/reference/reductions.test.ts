/**
 * The reductions that scale each class's value (APART_REDUCTIONS) mean the same for the loss
 * summed term by term and for weightsApart's mean(w) · mean(bce): one table (loss.ts reduceClass).
 * Pinned on the independent oracles (reference/oracles/oracles.json): the plain loss against
 * numpy's value and its sum-over-examples and divide-by-C mistakes, the weights-apart loss against
 * mean(w) · mean(bce) written out here, each scaled alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APART_REDUCTIONS, CORRECT_LOSS, lossWithSpec, type LossInputs, type LossSpec } from '../../../../reference/loss.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

interface OracleCase {
  id: string;
  N: number;
  C: number;
  epsilon: number;
  finite: boolean;
  inputs: { labels: number[][]; y_pred: (number | string)[][]; pos_weights: (number | string)[]; neg_weights: (number | string)[] };
  expected: { loss: number | string };
  mistakes: Record<string, { value: number | string }>;
}
const oracles = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'reference', 'oracles', 'oracles.json'), 'utf8')) as { core_cases: OracleCase[] };
const num = (v: number | string) => (typeof v === 'number' ? v : Number(v));
const CASES = oracles.core_cases.filter((c) => c.finite && Number.isFinite(num(c.expected.loss)));

const inputsOf = (c: OracleCase): LossInputs => ({
  yTrue: c.inputs.labels,
  yPred: c.inputs.y_pred.map((r) => r.map(num)),
  posWeights: c.inputs.pos_weights.map(num),
  negWeights: c.inputs.neg_weights.map(num),
  epsilon: c.epsilon,
});

/** What each reduction does to a class's mean over its N examples (C classes), as the docs of LossSpec.reduction say. */
const SCALE: Record<string, (n: number, c: number) => number> = {
  mean: () => 1,
  sum: (n) => n,
  'mean-all': (_, c) => 1 / c,
  'mean-over-n': (n) => 1 / n,
  'sum-mean-classes': (n, c) => n / c,
};

/** mean(w) · mean(bce) per class, summed: Keras's binary_crossentropy on a column times the averaged weights. */
function apartByHand(x: LossInputs, scale: number): number {
  const n = x.yTrue.length;
  let total = 0;
  for (let k = 0; k < x.posWeights.length; k++) {
    let w = 0;
    let bce = 0;
    for (let i = 0; i < n; i++) {
      const y = x.yTrue[i]![k]!;
      const p = x.yPred[i]![k]!;
      w += x.posWeights[k]! * y + x.negWeights[k]! * (1 - y);
      bce += -(y * Math.log(p + x.epsilon) + (1 - y) * Math.log(1 - p + x.epsilon));
    }
    total += scale * (w / n) * (bce / n);
  }
  return total;
}

const close = (got: unknown, want: number) => expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));

describe('the reductions that scale a class (APART_REDUCTIONS): one meaning for both ways of computing the loss', () => {
  it('covers every reduction the table knows', () => {
    expect([...APART_REDUCTIONS].sort()).toEqual(Object.keys(SCALE).sort());
  });

  it.each([...APART_REDUCTIONS])('%s: the plain loss is the oracle loss so scaled, and mean(w) · mean(bce) is scaled the same', (reduction) => {
    expect(CASES.length).toBeGreaterThan(40);
    for (const c of CASES) {
      const x = inputsOf(c);
      const scale = SCALE[reduction]!(c.N, c.C);
      const spec: LossSpec = { ...CORRECT_LOSS, reduction };
      close(lossWithSpec(x, spec), scale * num(c.expected.loss));
      close(lossWithSpec(x, { ...spec, weightsApart: true }), apartByHand(x, scale));
    }
  });

  it("agrees with the oracles' own mistakes: the sum over the examples, and the mean divided by C", () => {
    for (const c of CASES) {
      const x = inputsOf(c);
      close(lossWithSpec(x, { ...CORRECT_LOSS, reduction: 'sum' }), num(c.mistakes.sum_over_examples!.value));
      close(lossWithSpec(x, { ...CORRECT_LOSS, reduction: 'mean-all' }), num(c.mistakes.divide_by_C!.value));
    }
  });
});
