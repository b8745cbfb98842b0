/**
 * A case with points whose expected value is not a number (epsilon 0 with predictions of exactly
 * 0 or 1: a log of 0) fails every submission, the reference's own value included, and blames the
 * learner's epsilon for it. `validate` reports such a case as a finding; the commands that give
 * marks (check, grade, gradescope, export gradescope) refuse the suite instead of grading with it.
 */
import { weightedLoss } from '../../../reference/loss.js';
import { GraderError } from '../errors.js';
import type { Suite } from './load-suite.js';

/** Throws CASES_INVALID naming every case (file:line) no submission can pass. Pure. */
export function refuseUngradable(suite: Suite): void {
  const problems: string[] = [];
  for (const c of suite.cases) {
    // Frequencies are always finite (a case has at least one row); only the loss can be NaN or inf.
    if (c.inputs.fn !== 'weighted_loss' || c.points <= 0) continue;
    const v = weightedLoss(c.inputs);
    if (Number.isFinite(v)) continue;
    problems.push(
      `${c.source.file}:${c.source.line}: case "${c.id}" is worth ${c.points} point(s), but its expected loss is ${String(v)} (epsilon ${c.inputs.epsilon} with predictions of exactly 0 or 1 takes a log of 0), so no submission can pass it. Set epsilon > 0 for this case, or points: 0 (wlgrade validate checks a suite before grading).`,
    );
  }
  if (problems.length > 0) throw new GraderError('CASES_INVALID', problems.slice(0, 8).join('\n'));
}
