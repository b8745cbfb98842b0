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

/**
 * mean(w) · mean(bce) per class with the cross-entropy written the way `bce` says (one example's
 * value from y, p and ε), each class's product through `perClass`, the sum through `total`: the
 * numpy a learner writes, np.mean(w) * np.mean(bce) per column, spelled out.
 */
function apartWith(x: LossInputs, bce: (y: number, p: number, e: number) => number, perClass = (v: number) => v, total = (v: number) => v): number {
  const n = x.yTrue.length;
  let sum = 0;
  for (let k = 0; k < x.posWeights.length; k++) {
    let w = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const y = x.yTrue[i]![k]!;
      w += x.posWeights[k]! * y + x.negWeights[k]! * (1 - y);
      b += bce(y, x.yPred[i]![k]!, x.epsilon);
    }
    sum += perClass((w / n) * (b / n));
  }
  return total(sum);
}

const BCE = (y: number, p: number, e: number) => -(y * Math.log(p + e) + (1 - y) * Math.log(1 - p + e));

describe('weightsApart composes with the fields that change the cross-entropy or its sign (depth 26: abs was ignored)', () => {
  // ε = 0.5 makes a log positive, so the log-likelihood changes sign between classes and examples:
  // where an abs goes shows.
  const depth26: LossInputs = { yTrue: [[1, 0], [0, 1], [1, 1]], yPred: [[0.9, 0.2], [0.4, 0.7], [0.95, 0.99]], posWeights: [0.7, 1.3], negWeights: [0.3, 2.1], epsilon: 0.5 };
  const ALL = [depth26, ...CASES.map(inputsOf), ...CASES.map((c) => ({ ...inputsOf(c), epsilon: 0.5 }))];

  it.each([
    ["abs around each class's product", { abs: 'class' }, (x: LossInputs) => apartWith(x, BCE, Math.abs)],
    ["abs around each example's cross-entropy", { abs: 'example' }, (x: LossInputs) => apartWith(x, (y, p, e) => Math.abs(BCE(y, p, e)))],
    ['abs around the loss', { abs: 'total' }, (x: LossInputs) => apartWith(x, BCE, undefined, Math.abs)],
    ['the minus on the positive term only', { signOn: 'pos' }, (x: LossInputs) => apartWith(x, (y, p, e) => -y * Math.log(p + e) + (1 - y) * Math.log(1 - p + e))],
    ['the minus on the negative term only', { signOn: 'neg' }, (x: LossInputs) => apartWith(x, (y, p, e) => y * Math.log(p + e) - (1 - y) * Math.log(1 - p + e))],
    ['ε after each term, outside its log', { eps: 'after-term' }, (x: LossInputs) => apartWith(x, (y, p, e) => -(y * Math.log(p) + e + ((1 - y) * Math.log(1 - p) + e)))],
    ['no y factor on the positive term', { labels: 'no-pos-factor' }, (x: LossInputs) => apartWith(x, (y, p, e) => -(Math.log(p + e) + (1 - y) * Math.log(1 - p + e)))],
  ] as const)('%s', (_, change, byHand) => {
    for (const x of ALL) {
      const want = byHand(x);
      if (Number.isFinite(want)) close(lossWithSpec(x, { ...CORRECT_LOSS, weightsApart: true, ...(change as Partial<LossSpec>) }), want);
    }
    // On the depth-26 inputs the field changes the value: it is not ignored.
    expect(Math.abs(byHand(depth26) - apartWith(depth26, BCE))).toBeGreaterThan(1e-3);
  });
});

describe('weightsApart composes with the fields that change which examples its means count', () => {
  const masked: LossInputs = { yTrue: [[1, 0], [0, 1], [1, 1]], yPred: [[1, 0.2], [0.4, 0.7], [0.95, 1]], posWeights: [0.7, 1.3], negWeights: [0.3, 2.1], epsilon: 0.5 };

  it('np.ma.log without ε: np.mean(w) over every example, np.ma.mean(bce) over those the mask kept (numpy 2.4.6 gives 0.6134581814249748)', () => {
    // Per column: w = pw*y + nw*(1-y); bce = -(y*np.ma.log(p) + (1-y)*np.ma.log(1-p)); np.mean(w) * np.ma.mean(bce), summed.
    close(lossWithSpec(masked, { ...CORRECT_LOSS, eps: 'masked', weightsApart: true }), 0.6134581814249748);
    // Every example masked (all predictions 0 or 1): np.ma's mean is masked, and so is the loss.
    expect(lossWithSpec({ ...masked, yPred: [[1, 0], [0, 1], [1, 1]] }, { ...CORRECT_LOSS, eps: 'masked', weightsApart: true })).toBeNaN();
    // Over the whole matrix, w = pw*y + nw*(1-y) and bce as above: np.mean(w) * np.ma.mean(bce), np.sum(w) * np.ma.sum(bce) (numpy 2.4.6).
    close(lossWithSpec(masked, { ...CORRECT_LOSS, eps: 'masked', weightsApart: true, apartOver: 'matrix-mean' }), 0.30451664357506225);
    close(lossWithSpec(masked, { ...CORRECT_LOSS, eps: 'masked', weightsApart: true, apartOver: 'matrix-sum' }), 7.308399445801494);
  });

  it.each([
    ['skip-first-over-n', 1, undefined],
    ['skip-last-over-n', 0, -1],
  ] as const)('%s: each factor summed over the examples left and divided by N', (examples, from, to) => {
    for (const x of [masked, ...CASES.map(inputsOf)]) {
      const n = x.yTrue.length;
      const kept = { ...x, yTrue: x.yTrue.slice(from, to), yPred: x.yPred.slice(from, to) };
      // apartWith divides each factor by the rows it is given; times (N - 1) / N for each of the two.
      const want = apartWith(kept, BCE) * ((n - 1) / n) ** 2;
      if (n > 1 && Number.isFinite(want)) close(lossWithSpec(x, { ...CORRECT_LOSS, weightsApart: true, examples }), want);
    }
  });
});
