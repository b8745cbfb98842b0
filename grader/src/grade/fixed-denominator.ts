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
import type { ClassFreqs, ModelValue } from '../../../reference/loss.js';
import { MISTAKES, type MistakeId } from '../../../reference/mistakes/index.js';
import { LOSS_MODELS, signatureReport } from './diagnose.js';
import { togetherWith } from './mistake-title.js';
import { caseShape, fmt, type Expected, type Observation } from './grade-case.js';

/** One case as the learner answered it, as the grader saw it. */
export interface Observed {
  c: Case;
  observation: Observation;
  expected: Expected;
  passed: boolean;
}

/** Two cases' k agree to this relative difference (float32 results carry about 7 digits). */
const SAME_K = 1e-5;

function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** How far one case's k may be from another's: float32 rounding, or the case's own rtol where it is looser. */
const relOf = (f: { rel?: number }) => Math.max(SAME_K, f.rel ?? 0);

/** Equal up to float32 rounding, or both (nearly) zero. */
const near = (a: number, b: number) => close(a, b, SAME_K) || Math.abs(a - b) < 1e-12;

/** Per class: how many of the case's examples are positive. */
function counts(c: Case): number[] {
  if (c.inputs.fn !== 'compute_class_freqs') return [];
  const labels = c.inputs.labels;
  return labels[0]!.map((_, j) => labels.reduce((s, row) => s + row[j]!, 0));
}

/**
 * The one k every fitted case agrees on (rounded to a whole number when it is one), and the
 * cases whose N is not k; null unless two such cases and two different Ns show it is no N.
 */
function commonK<T extends { n: number; k: number; rel?: number }>(fitted: T[]): { k: number; off: T[] } | null {
  // Read against the case held tightest; a case whose own tolerance allows more drift (a float32
  // loss on predictions within 1e-4 of 1: rtol 2e-4) agrees within it (frameworks 35).
  const ref = fitted.reduce<T | undefined>((best, f) => (best === undefined || relOf(f) < relOf(best) ? f : best), undefined);
  const k = ref?.k;
  if (k === undefined || !fitted.every((f) => close(k, f.k, Math.max(relOf(f), relOf(ref!))))) return null;
  const whole = Math.round(k) > 0 && close(Math.round(k), k, SAME_K) ? Math.round(k) : k;
  const off = fitted.filter((f) => !close(f.n, whole, SAME_K));
  if (off.length < 2 || new Set(fitted.map((f) => f.n)).size < 2) return null;
  return { k: whole, off };
}

/** The k with pos = counts / k on this case, or null when the answer is not of that form. */
function denominatorOf(counts: number[], pos: number[]): number | null {
  if (pos.length !== counts.length) return null;
  const total = counts.reduce((s, x) => s + x, 0);
  const sum = pos.reduce((s, x) => s + x, 0);
  if (!(total > 0) || !(sum > 0) || !Number.isFinite(sum)) return null;
  const k = total / sum;
  return counts.every((x, j) => near(pos[j]!, x / k)) ? k : null;
}

/**
 * The freqs-wrong-denominator report for a fixed k, or null. Every compute_class_freqs case that
 * returned frequencies must fit one k; at least two of them must have an N other than k (and two
 * different Ns), and at least one must have failed.
 */
export function fixedDenominator(answers: Observed[]): MistakeReport | null {
  const mine = answers.filter((a) => a.c.function === 'compute_class_freqs');
  if (mine.length < 2 || mine.every((a) => a.passed)) return null;
  const fitted: { a: Observed; n: number; k: number; counts: number[] }[] = [];
  for (const a of mine) {
    const o = a.observation;
    if (o.kind !== 'freqs') return null;
    const cs = counts(a.c);
    if (cs.every((x) => x === 0)) continue; // no positives: any k fits
    const k = denominatorOf(cs, o.pos);
    if (k === null) return null;
    fitted.push({ a, n: caseShape(a.c).n, k, counts: cs });
  }
  const fit = commonK(fitted);
  if (!fit) return null;
  const shown = fit.off[0]!;
  const negative = negativeForm(shown, fit.k);
  const evidence =
    `on all ${fitted.length} compute_class_freqs cases with positive labels your positive frequencies are the counts divided by ${fmt(fit.k)}, ` +
    `whatever the number of examples (case ${shown.a.c.id} has N = ${shown.n})${negative}: a number written into the code (the training set's size?) instead of labels.shape[0]`;
  return signatureReport('freqs-wrong-denominator', evidence, mine.filter((a) => !a.passed).map((a) => a.c.id));
}

/** How the negatives were made from the same k, when it is one of the two usual forms. */
function negativeForm(f: { a: Observed; n: number; counts: number[] }, k: number): string {
  const o = f.a.observation;
  if (o.kind !== 'freqs' || o.neg.length !== f.counts.length) return '';
  if (f.counts.every((x, j) => near(o.neg[j]!, (f.n - x) / k))) return `, and the negative ones (N − count) / ${fmt(k)}`;
  return '';
}

/**
 * The loss averaged with a fixed k instead of the batch's N (`loss += np.sum(...) / 4`): on every
 * loss case your loss is the expected one times N / k, for one k. Needs three cases that fit, two
 * Ns, and two cases whose N is not k; null otherwise. When the loss makes a second mistake too
 * (swapped weights, no minus sign, ...), it is that mistake's model times N / k: each single
 * model of `models` is tried, one way of it throughout, when the correct loss fits no k; the
 * report then names both.
 */
export function fixedExampleCount(answers: Observed[], models: readonly { id: MistakeId; values: (c: Case) => (ModelValue | ClassFreqs)[] }[] = []): MistakeReport[] {
  const mine = answers.filter((a) => a.c.function === 'weighted_loss');
  if (mine.length === 0 || mine.every((a) => a.passed)) return [];
  const failed = mine.filter((a) => !a.passed).map((a) => a.c.id);
  const alone = lossFit(mine, (a) => (a.expected.fn === 'weighted_loss' ? a.expected.loss : null));
  if (alone) {
    const shown = alone.off[0]!;
    const evidence = `on every loss case your loss is the expected one times N / ${fmt(alone.k)}, whatever the number of examples N (case ${shown.a.c.id} has N = ${shown.n}): a mean taken as a division by ${fmt(alone.k)}`;
    return [signatureReport('loss-hardcoded-examples', evidence, failed)];
  }
  for (const m of models) {
    if (m.id === 'loss-hardcoded-examples') continue;
    const live = waysThatMayFit(mine, m.values);
    if (live.length === 0) continue;
    const ways = mine.map((a) => m.values(a.c));
    for (const w of live) {
      const fit = lossFit(mine, (a) => {
        const v = ways[mine.indexOf(a)]![w];
        return typeof v === 'number' ? v : null;
      });
      // A count of examples written into the code is a whole number (4, the course example's N).
      if (!fit || !Number.isInteger(fit.k) || fit.k < 2) continue;
      const shown = fit.off[0]!;
      // The other mistake in its own words, not its id (wording 35b).
      const evidence = `on every loss case your loss is N / ${fmt(fit.k)} times the loss where ${MISTAKES[m.id].did}, whatever the number of examples N (case ${shown.a.c.id} has N = ${shown.n}): a mean taken as a division by ${fmt(fit.k)}, on top of that mistake`;
      const other = signatureReport(m.id, evidence, failed);
      return [
        signatureReport('loss-hardcoded-examples', evidence, failed),
        // Worded as a modelled pair is: the story, with whom, then the evidence.
        { ...other, message: `It looks like ${MISTAKES[m.id].did}${togetherWith(['loss-hardcoded-examples'])}: ${evidence}.` },
      ];
    }
  }
  return [];
}

/**
 * What one loss case says of k when the code computes `expected` before its division by k: k
 * (N · expected / answer); 'any' when the case cannot tell (a value that is not finite, or 0
 * expected); null when no k gives its answer (no number, an answer of 0, a k that is not positive).
 */
function kOf(a: Observed, expected: number | null): number | 'any' | null {
  if (a.observation.kind !== 'scalar' || a.expected.fn !== 'weighted_loss' || expected === null) return null;
  const obs = a.observation.value;
  if (!Number.isFinite(obs) || !Number.isFinite(expected) || expected === 0) return 'any';
  if (obs === 0) return null;
  const k = (caseShape(a.c).n * expected) / obs;
  return k > 0 ? k : null;
}

/** The common k with which `base` (the loss the code computes before its division) gives every loss case's answer in `mine`, or null. */
export function lossFit(mine: Observed[], base: (a: Observed) => number | null): { k: number; off: { a: Observed; n: number; k: number }[] } | null {
  const fitted: { a: Observed; n: number; k: number; rel: number }[] = [];
  for (const a of mine) {
    const k = kOf(a, base(a));
    if (k === null) return null;
    if (k !== 'any') fitted.push({ a, n: caseShape(a.c).n, k, rel: a.c.tolerance.rtol });
  }
  return fitted.length >= 3 ? commonK(fitted) : null;
}

/**
 * The ways of a model (indices into its values on each case) that may still fit one k on every
 * loss case, read case by case: a way is out once a case rules it out as lossFit would (kOf's
 * null, or a k other than its first case's, which commonK refuses), and the model is out when a
 * case has another number of ways. Most models are out after two or three cases, so the rest are
 * never evaluated (each model on every loss case was ~120 ms of a check, and most of this
 * function's time in a batch). A way kept here is then judged by lossFit itself: this only skips
 * ways whose fit would be null.
 */
export function waysThatMayFit(mine: Observed[], values: (c: Case) => readonly (ModelValue | ClassFreqs)[]): number[] {
  if (mine.length === 0) return [];
  const count = values(mine[0]!.c).length;
  let live = Array.from({ length: count }, (_, w) => w);
  const firstK: ({ k: number; rel: number } | undefined)[] = [];
  for (const a of mine) {
    if (live.length === 0) return live;
    const vs = values(a.c);
    if (vs.length !== count) return [];
    const rel = relOf({ rel: a.c.tolerance.rtol });
    live = live.filter((w) => {
      const v = vs[w];
      const k = kOf(a, typeof v === 'number' ? v : null);
      if (k === null) return false;
      if (k === 'any') return true;
      if (firstK[w] === undefined) firstK[w] = { k, rel };
      // commonK reads each case against the tightest within its own tolerance, so two cases may
      // differ by both of theirs: never prune a way lossFit would fit.
      return close(firstK[w]!.k, k, firstK[w]!.rel + rel);
    });
  }
  return live;
}

/** Both: what a hard-coded denominator explains across the cases, for each graded function. */
export function fixedDenominators(answers: Observed[]): MistakeReport[] {
  return [fixedDenominator(answers), ...fixedExampleCount(answers, LOSS_MODELS)].filter((m): m is MistakeReport => m !== null);
}
