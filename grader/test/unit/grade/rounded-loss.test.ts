/**
 * loss-rounded (wording 32): `return round(float(loss), 3)` or `np.round(loss, 2)` misses the
 * tolerance by up to half its last decimal. Named from the values across cases: every loss returned
 * has at most d decimals and each failed one is within half a step of the expected. A rounded value
 * within tolerance of the truth stays correct; a loss that is right, or wrong in another way, is no
 * rounding.
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossRun } from '../../helpers/run-outcome.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** Python's round(x, d) for the values here (no ties at these inputs). */
const round = (x: number, d: number) => Number(x.toFixed(d));

/** The report of a loss that returns `value(expected)` on every loss case, the frequencies right. */
const graded = (value: (e: number) => number, dtype?: 'float32') => gradeSuite(suite, lossRun(suite, (_, e) => value(e), dtype), ctx);

describe('loss-rounded', () => {
  it.each([1, 2, 3, 4])('round(loss, %i) is named, with the decimals and a case\'s numbers', (d) => {
    const r = graded((e) => round(e, d));
    const m = r.mistakes.find((x) => x.id === 'loss-rounded');
    expect(r.mistakes.map((x) => x.id)).toEqual(['loss-rounded']);
    expect(m?.confidence).toBe('full');
    expect(m?.message).toMatch(new RegExp(`^It looks like your loss is rounded to a few decimals before it is returned .*\\(here: to ${d} decimal${d > 1 ? 's' : ''}\\): on case \\S+ your loss is \\S+ where \\S+ is expected: that value rounded to ${d} decimal`));
    expect(m?.fix).toMatch(/^Return the loss unrounded/);
    // Only the cases it failed, and no note that the arithmetic is too coarse.
    expect(m?.cases).toEqual(r.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'failed').map((c) => c.id));
    expect(r.notes.filter((n) => /too coarse/.test(typeof n === 'string' ? n : n.text))).toEqual([]);
  });

  it('np.round of a float32 loss (the value widened from float32) is named too', () => {
    expect(graded((e) => round(e, 3), 'float32').mistakes.map((x) => x.id)).toEqual(['loss-rounded']);
  });

  it('a loss rounded within tolerance stays correct: round(loss, 8) passes every case, no mistake', () => {
    const r = graded((e) => round(e, 8));
    expect(r.status).toBe('passed');
    expect(r.mistakes).toEqual([]);
  });

  it('is not named for a right loss, nor for one off by another small error, nor for a loss of whole numbers', () => {
    expect(graded((e) => e).mistakes).toEqual([]);
    // Off by 0.1%: coarse arithmetic, not on a grid of decimals.
    expect(graded((e) => e * 1.001).mistakes.map((x) => x.id)).not.toContain('loss-rounded');
    // Whole numbers (round(loss) or a constant): too coarse a grid to say it is a rounding.
    expect(graded((e) => Math.round(e)).mistakes.map((x) => x.id)).not.toContain('loss-rounded');
    // Rounded to 3 decimals but also off by far more than half a step: another mistake, not this one.
    expect(graded((e) => round(2 * e, 3)).mistakes.map((x) => x.id)).not.toContain('loss-rounded');
  });
});
