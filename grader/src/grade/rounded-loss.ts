/**
 * A loss rounded before it is returned (`return round(float(loss), 3)`, `np.round(loss, 2)`), read
 * across cases (loss-rounded). It fails every case whose tolerance is finer than half its last
 * decimal, by less than that, with a value no model gives: the values show it. Every loss case
 * returned a finite number with at most d decimals (d from 1 to MAX_DIGITS, the fewest that fit
 * them all; float32's precision allowed), and each failed one is within half a step of the expected
 * value (and its tolerance). A rounding within tolerance passes its cases, so a right loss, rounded
 * or not, is never named; whole numbers (d = 0: `round(loss)`, a constant) are too coarse a grid to
 * tell a rounding from another mistake. Rounded in pieces (each class's value or term rounded,
 * then added up: roundedLoss's `pieces`) each failed case is within 2·C half steps instead; a
 * rounding on top of another mistake is that mistake's model rounded (grade-suite.ts
 * roundedLossDiagnosis). Pure.
 */
import { MISTAKES } from '../../../reference/mistakes/index.js';
import { counted } from '../join-words.js';
import type { MistakeReport } from '../schema/report.js';
import type { Observed } from './fixed-denominator.js';
import { caseShape, fmt } from './grade-case.js';

/** The most decimals read as a rounding: more is finer than any suite's tolerance on a loss of order 1. */
const MAX_DIGITS = 6;

/** Whether `value` has at most `digits` decimals: a multiple of 10^-digits, as float64 or widened from float32. */
function onGrid(value: number, digits: number, float32: boolean): boolean {
  const scaled = value * 10 ** digits;
  // float64: the rounding's own error (an ulp or so); float32: its 24 bits, widened (0.975 is 0.97500002).
  const slack = Math.max(1, Math.abs(scaled)) * (float32 ? 2 ** -22 : 1e-9);
  return Math.abs(scaled - Math.round(scaled)) <= slack;
}

/** loss-rounded's story and fix when the pieces the loss adds up are rounded, not the loss returned. */
const PIECES_DID =
  "each class's value, or each of its two terms, is rounded to a few decimals before they are added up (loss += round(float(...), 2)), so the loss misses the expected value by up to half a decimal for each value rounded";
const PIECES_FIX =
  "Add up each class's value unrounded (no np.round or round in the loss; round only what you print): the grader compares the loss to far more digits than a few decimals, and in training a rounded loss gives no gradient.";

/** The fewest decimals (1 to MAX_DIGITS) that every loss value returned has, or null: not all finite numbers, whole numbers, or no such grid. */
export function lossDigits(observed: Observed[]): number | null {
  const mine = observed.filter((o) => o.c.function === 'weighted_loss' && o.expected.fn === 'weighted_loss');
  const values = mine.map((o) => (o.observation.kind === 'scalar' ? o.observation.value : NaN));
  if (mine.length === 0 || !values.every(Number.isFinite)) return null;
  const float32 = mine.map((o) => o.observation.kind === 'scalar' && o.observation.dtype === 'float32');
  const fits = (d: number) => values.every((v, i) => onGrid(v, d, float32[i]!));
  if (fits(0)) return null;
  return Array.from({ length: MAX_DIGITS }, (_, i) => i + 1).find(fits) ?? null;
}

/**
 * The loss rounded as a whole (each failed case within half a step of the expected value), or,
 * with `pieces`, each class's value or each of its two terms rounded before they are added up
 * (`loss += round(float(-K.mean(...)), 2)`): each failed case within 2·C half steps, C its classes.
 */
export function roundedLoss(observed: Observed[], pieces = false): MistakeReport | null {
  const mine = observed.filter((o) => o.c.function === 'weighted_loss' && o.expected.fn === 'weighted_loss');
  const failed = mine.filter((o) => !o.passed);
  if (failed.length === 0) return null;
  const digits = lossDigits(observed);
  if (digits === null) return null;
  const half = 10 ** -digits / 2;
  const value = (o: Observed) => (o.observation.kind === 'scalar' ? o.observation.value : NaN);
  const expected = (o: Observed) => (o.expected.fn === 'weighted_loss' ? o.expected.loss : NaN);
  // Half a step off at most, and the case's tolerance: the expected value and the learner's float
  // arithmetic may round a tie either way. Rounded in pieces, half a step for each of the 2·C terms.
  const steps = (o: Observed) => (pieces ? 2 * caseShape(o.c).c : 1);
  const near = (o: Observed) =>
    Math.abs(value(o) - expected(o)) <= steps(o) * half * (1 + 1e-9) + o.c.tolerance.atol + o.c.tolerance.rtol * Math.abs(expected(o));
  if (!failed.every(near)) return null;
  const m = MISTAKES['loss-rounded'];
  const first = failed[0]!;
  const places = counted(digits, 'decimal');
  const evidence = pieces
    ? `on case ${first.c.id} your loss is ${fmt(value(first))} where ${fmt(expected(first))} is expected, off by more than a rounding of the whole loss, within what rounding its ${counted(caseShape(first.c).c, 'class', 'classes')}' terms one by one can add up to, and every loss your function returned (${counted(mine.length, 'case')}) has at most ${places}`
    : `on case ${first.c.id} your loss is ${fmt(value(first))} where ${fmt(expected(first))} is expected: that value rounded to ${places}, and every loss your function returned (${counted(mine.length, 'case')}) has at most ${places}`;
  return {
    id: m.id,
    message: `It looks like ${pieces ? PIECES_DID : m.did} (here: to ${places}): ${evidence}.`,
    evidence,
    fix: pieces ? PIECES_FIX : m.fix,
    cases: failed.map((o) => o.c.id),
    confidence: 'full',
  };
}
