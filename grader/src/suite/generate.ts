/**
 * Seeded, reproducible case inputs. The same seed and settings give the same arrays on every
 * machine (a 32-bit PRNG and plain float64 arithmetic, no platform math beyond +,−,×,÷).
 */
import { computeClassFreqs, type Matrix } from '../../../reference/loss.js';
import type { Generate } from '../schema/suite.js';

/** mulberry32: small, fast, well-distributed for test data; not for cryptography. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedInputs {
  labels: number[][];
  yPred: number[][];
  posWeights: number[];
  negWeights: number[];
}

export function generateInputs(g: Generate): GeneratedInputs {
  const rand = prng(g.seed);
  const [n, c] = g.shape;
  const rates = Array.isArray(g.positive_rate) ? g.positive_rate : new Array<number>(c).fill(g.positive_rate);
  const labels = Array.from({ length: n }, () => Array.from({ length: c }, (_, j) => (rand() < rates[j]! ? 1 : 0)));
  const yPred = predictions(labels, g.predictions, rand);
  const { posWeights, negWeights } = weights(labels, g.weights, rand);
  return { labels, yPred, posWeights, negWeights };
}

function predictions(labels: Matrix, kind: Generate['predictions'], rand: () => number): number[][] {
  const map = (f: (y: number) => number) => labels.map((row) => row.map(f));
  if (typeof kind === 'object') return map(() => kind.constant);
  switch (kind) {
    case 'uniform':
      return map(() => 0.01 + 0.98 * rand());
    case 'near-0-1':
      // Within 1e-4 of 0 or 1 but never exactly: ε matters little here, clipping not at all.
      return map(() => (rand() < 0.5 ? 1e-6 + 1e-4 * rand() : 1 - 1e-6 - 1e-4 * rand()));
    case 'exact-0-1': {
      const p = map(() => {
        const r = rand();
        return r < 1 / 6 ? 0 : r < 1 / 3 ? 1 : 0.01 + 0.98 * rand();
      });
      // At least one exact 0 and one exact 1, whatever the size: the point of the case.
      p[0]![0] = 0;
      const last = p[p.length - 1]!;
      if (p.length > 1 || last.length > 1) last[last.length - 1] = 1;
      return p;
    }
    case 'perfect':
      return map((y) => y);
    case 'worst':
      return map((y) => 1 - y);
    case 'half':
      return map(() => 0.5);
    case 'confident':
      return map((y) => {
        const conf = 0.9 + 0.099 * rand();
        return y === 1 ? conf : 1 - conf;
      });
  }
}

function weights(labels: Matrix, spec: Generate['weights'], rand: () => number): { posWeights: number[]; negWeights: number[] } {
  if (spec === 'frequencies') {
    const f = computeClassFreqs(labels);
    return { posWeights: f.neg, negWeights: f.pos };
  }
  if (spec === 'random') {
    const c = labels[0]!.length;
    // Two decimals, like weights a person would write, and never equal to the frequencies.
    const w = () => Math.round((0.05 + 2.95 * rand()) * 100) / 100;
    return { posWeights: Array.from({ length: c }, w), negWeights: Array.from({ length: c }, w) };
  }
  return { posWeights: [...spec.pos], negWeights: [...spec.neg] };
}
