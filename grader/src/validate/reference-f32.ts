/**
 * The reference evaluated in float32 arithmetic, as a learner's numpy code does on float32
 * arrays: every input, every intermediate and the result are rounded to float32 (Math.fround
 * after each operation). `validate` compares it with the float64 reference to prove that a
 * case's tolerance accepts a correct float32 implementation. Pure.
 *
 * Sums run left to right (numpy's per-class loop / a Python accumulator): the worst common
 * order, so a case that passes here passes with numpy's pairwise sums too.
 */
import type { ClassFreqs, LossInputs, Matrix } from '../../../reference/loss.js';

const f = Math.fround;

/** Σ_c mean_n −(wp_c·y·log(p+ε) + wn_c·(1−y)·log(1−p+ε)), in float32. */
export function weightedLossF32(inputs: LossInputs): number {
  const y = inputs.yTrue;
  const p = inputs.yPred;
  const n = y.length;
  const c = y[0]?.length ?? 0;
  const eps = f(inputs.epsilon);
  let total = f(0);
  for (let k = 0; k < c; k++) {
    const wp = f(inputs.posWeights[k]!);
    const wn = f(inputs.negWeights[k]!);
    let acc = f(0);
    for (let i = 0; i < n; i++) {
      const yi = f(y[i]![k]!);
      const pi = f(p[i]![k]!);
      const logP = f(Math.log(f(pi + eps)));
      const log1mP = f(Math.log(f(f(1 - pi) + eps)));
      const pos = f(f(wp * yi) * logP);
      const neg = f(f(wn * f(1 - yi)) * log1mP);
      acc = f(acc + f(-f(pos + neg)));
    }
    total = f(total + f(acc / f(n)));
  }
  return total;
}

/** compute_class_freqs in float32: column means of the labels, and 1 − those. */
export function classFreqsF32(labels: Matrix): ClassFreqs {
  const n = labels.length;
  const c = labels[0]?.length ?? 0;
  const pos: number[] = [];
  for (let k = 0; k < c; k++) {
    let s = f(0);
    for (const row of labels) s = f(s + f(row[k]!));
    pos.push(f(s / f(n)));
  }
  return { pos, neg: pos.map((x) => f(1 - x)) };
}
