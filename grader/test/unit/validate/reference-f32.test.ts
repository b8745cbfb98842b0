import { describe, expect, it } from 'vitest';
import { computeClassFreqs, weightedLoss, type LossInputs } from '../../../../reference/loss.js';
import { classFreqsF32, weightedLossF32 } from '../../../src/validate/reference-f32.js';

const toy: LossInputs = {
  yTrue: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]],
  yPred: Array.from({ length: 4 }, () => [0.7, 0.7, 0.7]),
  posWeights: [0.25, 0.25, 0.5],
  negWeights: [0.75, 0.75, 0.5],
  epsilon: 1e-7,
};

describe('weightedLossF32', () => {
  it('gives the course value to float32 precision, and a float32 number', () => {
    const v = weightedLossF32(toy);
    expect(v).toBe(Math.fround(v));
    expect(Math.abs(v - 0.9754045450464113)).toBeLessThan(1e-6);
    expect(v).not.toBe(weightedLoss(toy));
  });

  it('rounds ε like numpy: 1 − p + ε at p = 1 is float32(1e-7)', () => {
    const one: LossInputs = { yTrue: [[0]], yPred: [[1]], posWeights: [1], negWeights: [1], epsilon: 1e-7 };
    expect(weightedLossF32(one)).toBe(Math.fround(-Math.fround(Math.log(Math.fround(1e-7)))));
  });

  it('computes sevenths in float32', () => {
    const labels = [[1, 0], [0, 0], [1, 0], [0, 1], [0, 0], [1, 0], [0, 0]];
    expect(classFreqsF32(labels)).toEqual({ pos: [Math.fround(3 / 7), Math.fround(1 / 7)], neg: [Math.fround(1 - Math.fround(3 / 7)), Math.fround(1 - Math.fround(1 / 7))] });
    expect(classFreqsF32(labels).pos[0]).toBeCloseTo(computeClassFreqs(labels).pos[0]!, 7);
  });
});
