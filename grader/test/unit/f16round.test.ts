/**
 * The test helper's float16 rounding (run-outcome.ts f16round) against numpy.float16: its ties went
 * away from zero (1 + 2^-11 gave 1.001953125, numpy 1.0), numpy's go to the even neighbour (review 34b).
 */
import { describe, expect, it } from 'vitest';
import { f16round } from '../helpers/run-outcome.js';

// [x, float(numpy.float16(x))], as numpy 2.4 printed them.
const NUMPY: [number, number][] = [
  [1 + 2 ** -11, 1],
  [1 + 3 * 2 ** -11, 1.001953125],
  [2049, 2048],
  [2051, 2052],
  [-(1 + 2 ** -11), -1],
  [65520, Infinity],
  [65519, 65504],
  [2 ** -25, 0],
  [3 * 2 ** -25, 1.1920928955078125e-7],
  [0.1, 0.0999755859375],
  [1 / 3, 0.333251953125],
  [1 - 2 ** -12, 1],
];

describe('f16round', () => {
  it.each(NUMPY)('rounds %s as numpy.float16 does (%s)', (x, want) => {
    expect(f16round(x)).toBe(want);
  });
});
