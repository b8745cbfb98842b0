import { describe, expect, it } from 'vitest';
import { CORRECT_LOSS, computeClassFreqs, freqsWithSpec, CORRECT_FREQS, lossWithSpec, weightedLoss } from '../../../../reference/loss.js';

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
});
