/**
 * A suite the reference itself cannot pass is refused by the commands that give marks (check,
 * grade, gradescope, export gradescope), instead of grading with it: a case with points whose
 * expected value is not a number (epsilon 0 with predictions of exactly 0 or 1: a log of 0) fails
 * every submission and blames the learner's epsilon; a tolerance tighter than float32 rounding
 * (rtol 0 and atol 0, or a huge case) fails correct code that sums in another order or in float32,
 * as Keras does. `validate` reports both as findings (non-finite-expected, float32-drift).
 */
import { weightedLoss } from '../../../reference/loss.js';
import { GraderError } from '../errors.js';
import { checkCase } from '../validate/validate-suite.js';
import type { Suite } from './load-suite.js';

/** Throws CASES_INVALID naming every case (file:line) that correct code cannot pass. Pure. */
export function refuseUngradable(suite: Suite): void {
  const problems: string[] = [];
  for (const c of suite.cases) {
    if (c.points <= 0) continue;
    // Frequencies are always finite (a case has at least one row); only the loss can be NaN or inf.
    if (c.inputs.fn === 'weighted_loss') {
      const v = weightedLoss(c.inputs);
      if (!Number.isFinite(v)) {
        problems.push(
          `${c.source.file}:${c.source.line}: case "${c.id}" is worth ${c.points} point(s), but its expected loss is ${String(v)} (epsilon ${c.inputs.epsilon} with predictions of exactly 0 or 1 takes a log of 0), so no submission can pass it. Set epsilon > 0 for this case, or points: 0 (wlgrade validate checks a suite before grading).`,
        );
        continue;
      }
    }
    for (const f of checkCase(c).findings) if (f.kind === 'float32-drift') problems.push(f.message);
  }
  if (problems.length > 0) throw new GraderError('CASES_INVALID', problems.slice(0, 8).join('\n'));
}
