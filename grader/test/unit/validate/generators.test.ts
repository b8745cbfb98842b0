/**
 * The case generators cover what the oracles say a strong suite needs (shape, positive rate per
 * class, predictions uniform / near 0–1 / exactly 0–1 / perfect / worst), reproducibly.
 */
import { describe, expect, it } from 'vitest';
import { GenerateSchema } from '../../../src/schema/suite.js';
import { generateInputs } from '../../../src/suite/generate.js';

const gen = (g: object) => generateInputs(GenerateSchema.parse({ seed: 7, shape: [40, 5], ...g }));
const all = (m: number[][], f: (x: number, i: number, j: number) => boolean) => m.every((r, i) => r.every((x, j) => f(x, i, j)));

describe('generateInputs', () => {
  it('is reproducible from the seed, and the seed matters', () => {
    expect(gen({})).toEqual(gen({}));
    expect(gen({ seed: 8 })).not.toEqual(gen({}));
  });

  it('has the asked shape', () => {
    const g = gen({ shape: [3, 14] });
    expect([g.labels.length, g.labels[0]!.length, g.yPred.length, g.posWeights.length]).toEqual([3, 14, 3, 14]);
  });

  it('draws each class at its own positive rate (0 and 1 give degenerate columns)', () => {
    const g = gen({ shape: [200, 3], positive_rate: [0, 1, 0.5] });
    const col = (j: number) => g.labels.reduce((s, r) => s + r[j]!, 0) / 200;
    expect([col(0), col(1)]).toEqual([0, 1]);
    expect(col(2)).toBeGreaterThan(0.35);
    expect(col(2)).toBeLessThan(0.65);
  });

  it.each([
    ['uniform', (p: number) => p >= 0.01 && p <= 0.99],
    ['near-0-1', (p: number) => p > 0 && p < 1 && (p < 2e-4 || p > 1 - 2e-4)],
    ['half', (p: number) => p === 0.5],
  ])('predictions "%s" stay in their range', (kind, ok) => {
    expect(all(gen({ predictions: kind }).yPred, ok)).toBe(true);
  });

  it('exact-0-1 has at least one exact 0 and one exact 1, even at 1×2', () => {
    for (const shape of [[40, 5], [1, 2], [2, 1]]) {
      const p = gen({ shape, predictions: 'exact-0-1' }).yPred.flat();
      expect(p).toContain(0);
      expect(p).toContain(1);
    }
  });

  it('perfect is p = y, worst is p = 1 − y, confident is on the right side', () => {
    const perfect = gen({ predictions: 'perfect' });
    expect(all(perfect.yPred, (p, i, j) => p === perfect.labels[i]![j])).toBe(true);
    const worst = gen({ predictions: 'worst' });
    expect(all(worst.yPred, (p, i, j) => p === 1 - worst.labels[i]![j]!)).toBe(true);
    const conf = gen({ predictions: 'confident' });
    expect(all(conf.yPred, (p, i, j) => Math.abs(p - conf.labels[i]![j]!) <= 0.1)).toBe(true);
    expect(all(gen({ predictions: { constant: 0.3 } }).yPred, (p) => p === 0.3)).toBe(true);
  });

  it('weights: frequencies (the course convention), random two-decimal ones, or explicit', () => {
    const f = gen({ shape: [4, 2], positive_rate: [0, 1] });
    expect(f).toMatchObject({ posWeights: [1, 0], negWeights: [0, 1] });
    const r = gen({ weights: 'random' });
    expect([...r.posWeights, ...r.negWeights].every((w) => w >= 0.05 && w <= 3 && Math.abs(w * 100 - Math.round(w * 100)) < 1e-9)).toBe(true);
    expect(gen({ shape: [2, 2], weights: { pos: [1, 2], neg: [3, 4] } })).toMatchObject({ posWeights: [1, 2], negWeights: [3, 4] });
  });
});
