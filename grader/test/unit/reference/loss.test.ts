import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { CORRECT_LOSS, computeClassFreqs, freqsWithSpec, CORRECT_FREQS, isModelError, lossWithSpec, weightedLoss, type FreqSpec } from '../../../../reference/loss.js';

const course = {
  yTrue: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]],
  posWeights: [0.25, 0.25, 0.5],
  negWeights: [0.75, 0.75, 0.5],
};
const preds = (p: number) => course.yTrue.map((r) => r.map(() => p));

describe('reference loss', () => {
  it.each([
    [0.7, 1e-7, 0.9754045450464113],
    [0.3, 1e-7, 0.9754045450464114],
    [0.7, 1, -0.4956203],
  ])('the course toy example, p=%s ε=%s', (p, epsilon, expected) => {
    const L = weightedLoss({ ...course, yPred: preds(p), epsilon });
    expect(L).toBeCloseTo(expected, 7);
  });

  it('is IEEE like numpy: log(0) without ε gives inf, 0·log(0) gives NaN', () => {
    const noEps = { ...CORRECT_LOSS, eps: 'none' as const };
    expect(lossWithSpec({ yTrue: [[1]], yPred: [[0]], posWeights: [1], negWeights: [1], epsilon: 1e-7 }, noEps)).toBe(Infinity);
    expect(lossWithSpec({ yTrue: [[0]], yPred: [[0]], posWeights: [1], negWeights: [1], epsilon: 1e-7 }, noEps)).toBeNaN();
  });

  it('a hard-coded class count beyond C raises IndexError, below C sums the first k classes', () => {
    const inputs = { ...course, yPred: preds(0.7), epsilon: 1e-7 };
    expect(lossWithSpec(inputs, { ...CORRECT_LOSS, classes: { kind: 'first', k: 4 } })).toEqual({ error: 'IndexError', detail: 'index 3 is out of bounds for axis 1 with size 3' });
    const first2 = lossWithSpec(inputs, { ...CORRECT_LOSS, classes: { kind: 'first', k: 2 } }) as number;
    const last = lossWithSpec(inputs, { ...CORRECT_LOSS, classes: { kind: 'last' } }) as number;
    expect(first2 + last).toBeCloseTo(weightedLoss(inputs), 14);
  });

  it('frequencies are column means; the negative ones their complement', () => {
    expect(computeClassFreqs(course.yTrue)).toEqual({ pos: [0.75, 0.75, 0.5], neg: [0.25, 0.25, 0.5] });
    expect(freqsWithSpec(course.yTrue, CORRECT_FREQS)).toEqual(computeClassFreqs(course.yTrue));
    expect(freqsWithSpec(course.yTrue, { ...CORRECT_FREQS, denominator: 'none' })).toEqual({ pos: [3, 3, 2], neg: [1, 1, 2] });
    expect(freqsWithSpec(course.yTrue, { ...CORRECT_FREQS, floor: true })).toEqual({ pos: [0, 0, 0], neg: [0, 0, 0] });
  });

  it('the frequency slips match the learner\'s numpy code: no axis, 1 / pos, N - pos or ~labels for the negatives, N - 1, one line copied', async () => {
    const labels = [
      [1, 0, 1, 0],
      [1, 1, 0, 0],
      [0, 1, 1, 0],
    ];
    const SLIPS: [Partial<FreqSpec>, string, string][] = [
      [{ axis: 'all', denominator: 'NC' }, 'np.mean(L)', 'np.mean(1 - L)'],
      [{ axis: 'all', denominator: 'NC', neg: 'one-minus' }, 'np.mean(L)', '1 - np.mean(L)'],
      [{ axis: 'all', denominator: 'N' }, 'np.sum(L) / L.shape[0]', 'np.sum(1 - L) / L.shape[0]'],
      [{ neg: 'reciprocal' }, 'np.sum(L, axis=0) / L.shape[0]', '1 / (np.sum(L, axis=0) / L.shape[0])'],
      [{ neg: 'n-minus' }, 'np.sum(L, axis=0) / L.shape[0]', 'L.shape[0] - np.sum(L, axis=0) / L.shape[0]'],
      [{ neg: 'bitwise-not' }, 'np.sum(L, axis=0) / L.shape[0]', 'np.sum(~L.astype(int), axis=0) / L.shape[0]'],
      [{ denominator: 'N-1' }, 'np.sum(L, axis=0) / (L.shape[0] - 1)', 'np.sum(1 - L, axis=0) / (L.shape[0] - 1)'],
      [{ denominator: 'N-1', neg: 'one-minus' }, 'np.sum(L, axis=0) / (L.shape[0] - 1)', '1 - np.sum(L, axis=0) / (L.shape[0] - 1)'],
      [{ copied: 'pos' }, 'np.sum(L == 1, axis=0) / L.shape[0]', 'np.sum(L == 1, axis=0) / L.shape[0]'],
      [{ copied: 'neg' }, 'np.sum(L == 0, axis=0) / L.shape[0]', 'np.sum(L == 0, axis=0) / L.shape[0]'],
    ];
    const script = `
import json, sys
import numpy as np
L = np.array(json.loads(sys.argv[1]), dtype=float)
with np.errstate(divide='ignore'):
    out = [[np.atleast_1d(eval(p)).tolist(), np.atleast_1d(eval(n)).tolist()] for p, n in json.loads(sys.argv[2])]
print(json.dumps(out).replace('Infinity', '1e999'))`;
    const r = await execa('python3', ['-c', script, JSON.stringify(labels), JSON.stringify(SLIPS.map((x) => [x[1], x[2]]))]);
    const numpy = JSON.parse(r.stdout) as [number[], number[]][];
    SLIPS.forEach(([change, pos, neg], i) => {
      const model = freqsWithSpec(labels, { ...CORRECT_FREQS, ...change });
      if (isModelError(model)) throw new Error(`${pos}: the model raised ${model.detail}`);
      model.pos.forEach((x, j) => expect(x, `${pos} [${j}]`).toBeCloseTo(numpy[i]![0][j]!, 14));
      expect(model.neg.length, neg).toBe(numpy[i]![1].length);
      model.neg.forEach((x, j) => (Number.isFinite(x) ? expect(x, `${neg} [${j}]`).toBeCloseTo(numpy[i]![1][j]!, 14) : expect(x).toBe(numpy[i]![1][j])));
      // Every slip differs from the correct frequencies.
      expect(model, JSON.stringify(change)).not.toEqual(computeClassFreqs(labels));
    });
  });
});

describe("Keras 3's binary_crossentropy in float32 (clip-default-f32, sweep 19)", () => {
  it('rounds the predictions to float32 before clipping, as the cast to float32 does: log(1 - p) of a prediction 1e-4 from 1 moves by ~6e-4', () => {
    const p = 1 - 1e-4;
    const inputs = { yTrue: [[0]], yPred: [[p]], posWeights: [1], negWeights: [1], epsilon: 0.001 };
    const loss = lossWithSpec(inputs, { ...CORRECT_LOSS, eps: 'clip-default-f32' }) as number;
    expect(loss).toBeCloseTo(-Math.log(1 - Math.fround(p)), 9);
    // Not the float64 prediction's log: the two differ by far more than a case's tolerance.
    expect(Math.abs(loss + Math.log(1 - p))).toBeGreaterThan(1e-4);
  });
});
