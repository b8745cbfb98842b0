/**
 * An epsilon default of the learner's own, whatever its value (loss-epsilon-default), read across
 * cases. The catalogue's model tries the usual literals (1e-8, 1e-5 …); a learner who typed
 * `epsilon=3e-7` fails only the cases that leave epsilon out, with a value no literal of the list
 * gives. Here the default is solved for: on each such case the correct loss is strictly monotonic
 * in ε (every log's argument grows with it), so one ε gives the learner's value; when every failing
 * case gives the same ε, and it is a number a learner types (one or two significant digits, or 0),
 * that default is the story. Pure.
 */
import { lossWithSpec, CORRECT_LOSS, DEFAULT_EPSILON, isModelError, type LossInputs } from '../../../reference/loss.js';
import { MISTAKES } from '../../../reference/mistakes/index.js';
import type { MistakeReport } from '../schema/report.js';
import type { Case } from '../suite/load-suite.js';
import { fmt, isClose } from './grade-case.js';
import type { Observed } from './fixed-denominator.js';

type Order = 'as-written' | 'epsilon-first';

/** The correct loss of `inputs` with epsilon `eps` (NaN where the model raises), its second log grouped as `order` says. */
function lossAt(inputs: LossInputs, eps: number, order: Order): number {
  const v = lossWithSpec({ ...inputs, epsilon: eps }, CORRECT_LOSS, order);
  return isModelError(v) ? NaN : v;
}

/**
 * The ε at which the correct loss of `inputs` is `value`, by bisection of log10(ε) over
 * [1e-30, 10] ([2^-23, 10] in the graph's order) (the suite's own range of epsilon); null when the value is outside what any ε gives
 * or the loss is NaN there. A loss not monotonic there (weights of mixed signs) gives an ε that the
 * caller's check of every failed case then refuses.
 */
function solveEpsilon(inputs: LossInputs, value: number, order: Order): number | null {
  // In the graph's order, float32's 1 + ε is 1 below 2^-23 (a log of 0 times a label of 0: NaN),
  // so the range starts there.
  let lo = order === 'epsilon-first' ? Math.log10(2 ** -23) : -30;
  let hi = 1;
  const fLo = lossAt(inputs, 10 ** lo, order);
  const fHi = lossAt(inputs, 10 ** hi, order);
  // At the smallest ε a log of 0 may be infinite (float32's 1 + 1e-30 is 1): it is still the far end.
  if (Number.isNaN(fLo) || !Number.isFinite(fHi) || fLo === fHi) return null;
  const decreasing = fLo > fHi;
  if (decreasing ? value > fLo || value < fHi : value < fLo || value > fHi) return null;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    const f = lossAt(inputs, 10 ** mid, order);
    if (Number.isNaN(f)) return null;
    if (f > value === decreasing) lo = mid;
    else hi = mid;
  }
  return 10 ** ((lo + hi) / 2);
}

/** How a default is written in the hint: 3e-7, 0.25 as 2.5e-1 is not how anyone types it. */
const written = (e: number) => (e === 0 || (e >= 1e-3 && e <= 10) ? String(e) : e.toExponential());

/**
 * loss-epsilon-default, when every failed loss case leaves epsilon out and returned a finite
 * number, a case that passes epsilon where it shows (a large one, or predictions of exactly 0 or
 * 1) passed, and one default typed with one or two significant digits (or 0) gives the learner's
 * value on every failed case within its tolerance. Null otherwise.
 */
export function epsilonDefault(observed: Observed[]): MistakeReport | null {
  const mine = observed.filter((o) => o.c.function === 'weighted_loss' && o.c.inputs.fn === 'weighted_loss');
  const failed = mine.filter((o) => !o.passed);
  if (failed.length === 0 || !failed.every((o) => o.c.epsilonArg === 'omitted' && o.observation.kind === 'scalar' && Number.isFinite(o.observation.value))) return null;
  // The loss handles the epsilon it is given: a case that passes one where it changes the value passed.
  const shows = (c: Case) =>
    c.inputs.fn === 'weighted_loss' && (c.inputs.epsilon >= 1e-3 || c.inputs.yPred.some((row) => row.some((p) => p === 0 || p === 1)));
  if (!mine.some((o) => o.passed && o.c.epsilonArg !== 'omitted' && shows(o.c))) return null;
  const value = (o: Observed) => (o.observation.kind === 'scalar' ? o.observation.value : NaN);
  const first = failed[0]!;
  const inputsOf = (o: Observed) => o.c.inputs as LossInputs;
  // A loss computed in float32 (the diagnosis's float32 view) may have run in TensorFlow's graph,
  // which folds 1 + ε in the second log: solved and checked in either order, one order throughout.
  const orders: Order[] = inputsOf(first).float32 ? ['as-written', 'epsilon-first'] : ['as-written'];
  let eps: number | undefined;
  for (const order of orders) {
    const solved = solveEpsilon(inputsOf(first), value(first), order);
    if (solved === null) continue;
    // The simplest default that gives every failed case: one significant digit, then two, or 0.
    const candidates = [0, Number(solved.toPrecision(1)), Number(solved.toPrecision(2))];
    eps = candidates.find((e) => e !== DEFAULT_EPSILON && failed.every((o) => isClose(value(o), lossAt(inputsOf(o), e, order), o.c.tolerance)));
    if (eps !== undefined) break;
  }
  if (eps === undefined) return null;
  const m = MISTAKES['loss-epsilon-default'];
  const expected = first.expected.fn === 'weighted_loss' ? first.expected.loss : NaN;
  const evidence = `on case ${first.c.id}, which calls get_weighted_loss(pos_weights, neg_weights) without epsilon, your loss is ${fmt(value(first))} where ${fmt(expected)} is expected, and the loss with epsilon=${written(eps)} gives exactly your value; every case that passes epsilon passes`;
  return {
    id: m.id,
    message: `It looks like ${m.did} (here: epsilon=${written(eps)} as the default): ${evidence}.`,
    evidence,
    fix: m.fix,
    cases: failed.map((o) => o.c.id),
    confidence: 'full',
  };
}
