/**
 * A denominator written into the code instead of the batch's N, for either graded function.
 *
 * compute_class_freqs dividing by a number written into the code (`np.sum(labels, axis=0) / 1000`,
 * the training set's size copied from the notebook) instead of this batch's N. No one case can
 * show it, since any one case's counts over some k fit: across cases with different N, the
 * positive frequencies are the counts over one and the same k. Pure.
 */
import type { MistakeReport } from '../schema/report.js';
import type { Case } from '../suite/load-suite.js';
import { signatureReport } from './diagnose.js';
import { caseShape, fmt, type Observation } from './grade-case.js';

export interface FreqsAnswer {
  c: Case;
  observation: Observation;
  passed: boolean;
}

/** Two cases' k agree to this relative difference (float32 results carry about 7 digits). */
const SAME_K = 1e-5;

function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** Per class: how many of the case's examples are positive. */
function counts(c: Case): number[] {
  if (c.inputs.fn !== 'compute_class_freqs') return [];
  const labels = c.inputs.labels;
  return labels[0]!.map((_, j) => labels.reduce((s, row) => s + row[j]!, 0));
}

/** The k with pos = counts / k on this case, or null when the answer is not of that form. */
function denominatorOf(counts: number[], pos: number[]): number | null {
  if (pos.length !== counts.length) return null;
  const total = counts.reduce((s, x) => s + x, 0);
  const sum = pos.reduce((s, x) => s + x, 0);
  if (!(total > 0) || !(sum > 0) || !Number.isFinite(sum)) return null;
  const k = total / sum;
  return counts.every((x, j) => close(pos[j]!, x / k, SAME_K) || Math.abs(pos[j]! - x / k) < 1e-12) ? k : null;
}

/**
 * The freqs-wrong-denominator report for a fixed k, or null. Every compute_class_freqs case that
 * returned frequencies must fit one k; at least two of them must have an N other than k (and two
 * different Ns), and at least one must have failed.
 */
export function fixedDenominator(answers: FreqsAnswer[]): MistakeReport | null {
  const mine = answers.filter((a) => a.c.function === 'compute_class_freqs');
  if (mine.length < 2 || mine.every((a) => a.passed)) return null;
  let k: number | null = null;
  const fitted: { a: FreqsAnswer; n: number; counts: number[] }[] = [];
  for (const a of mine) {
    const o = a.observation;
    if (o.kind !== 'freqs') return null;
    const cs = counts(a.c);
    if (cs.every((x) => x === 0)) continue; // no positives: any k fits
    const ki = denominatorOf(cs, o.pos);
    if (ki === null || (k !== null && !close(k, ki, SAME_K))) return null;
    k ??= ki;
    fitted.push({ a, n: caseShape(a.c).n, counts: cs });
  }
  if (k === null) return null;
  const kk = Math.round(k) > 0 && close(Math.round(k), k, SAME_K) ? Math.round(k) : k;
  const off = fitted.filter((f) => !close(f.n, kk, SAME_K));
  if (off.length < 2 || new Set(fitted.map((f) => f.n)).size < 2) return null;
  const shown = off[0]!;
  const negative = negativeForm(shown, kk);
  const evidence =
    `on all ${fitted.length} compute_class_freqs cases with positive labels your positive frequencies are the counts divided by ${fmt(kk)}, ` +
    `whatever the number of examples (case ${shown.a.c.id} has N = ${shown.n})${negative}: a number written into the code (the training set's size?) instead of labels.shape[0]`;
  return signatureReport('freqs-wrong-denominator', evidence, mine.filter((a) => !a.passed).map((a) => a.c.id));
}

/** How the negatives were made from the same k, when it is one of the two usual forms. */
function negativeForm(f: { a: FreqsAnswer; n: number; counts: number[] }, k: number): string {
  const o = f.a.observation;
  if (o.kind !== 'freqs' || o.neg.length !== f.counts.length) return '';
  const fits = (want: number[]) => want.every((w, j) => close(o.neg[j]!, w, SAME_K) || Math.abs(o.neg[j]! - w) < 1e-12);
  if (fits(f.counts.map((x) => (f.n - x) / k))) return `, and the negative ones (N − count) / ${fmt(k)}`;
  return '';
}

export interface LossAnswer {
  c: Case;
  observation: Observation;
  expected: number;
  passed: boolean;
}

/**
 * The loss averaged with a fixed k instead of the batch's N (`loss += np.sum(...) / 4`): on every
 * loss case your loss is the expected one times N / k, for one k. Needs three cases that fit, two
 * Ns, and two cases whose N is not k; null otherwise.
 */
export function fixedExampleCount(answers: LossAnswer[]): MistakeReport | null {
  const mine = answers.filter((a) => a.c.function === 'weighted_loss');
  if (mine.every((a) => a.passed)) return null;
  let k: number | null = null;
  const fitted: { a: LossAnswer; n: number }[] = [];
  for (const a of mine) {
    if (a.observation.kind !== 'scalar') return null;
    const obs = a.observation.value;
    if (!Number.isFinite(obs) || !Number.isFinite(a.expected) || a.expected === 0) continue;
    if (obs === 0) return null;
    const n = caseShape(a.c).n;
    const ki = (n * a.expected) / obs;
    if (!(ki > 0) || (k !== null && !close(k, ki, SAME_K))) return null;
    k ??= ki;
    fitted.push({ a, n });
  }
  if (k === null || fitted.length < 3) return null;
  const kk = close(Math.round(k), k, SAME_K) ? Math.round(k) : k;
  const off = fitted.filter((f) => !close(f.n, kk, SAME_K));
  if (off.length < 2 || new Set(fitted.map((f) => f.n)).size < 2) return null;
  const shown = off[0]!;
  const evidence = `on every loss case your loss is the expected one times N / ${fmt(kk)}, whatever the number of examples N (case ${shown.a.c.id} has N = ${shown.n}): a mean taken as a division by ${fmt(kk)}`;
  return signatureReport('loss-hardcoded-examples', evidence, mine.filter((a) => !a.passed).map((a) => a.c.id));
}
