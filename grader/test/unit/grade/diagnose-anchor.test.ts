/**
 * Which cases the diagnosis computes its models on (a performance property, checked by what is
 * computed, not by time): a candidate is first tried on the first failure with a number, which
 * every explaining candidate reproduces, so one that does not is computed on no passed case.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as loss from '../../../../reference/loss.js';
import { diagnose, type DiagnosisInput } from '../../../src/grade/diagnose.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite } from '../../../src/suite/load-suite.js';

// The diagnosis's own calls of the loss model, counted: no other seam shows which case a model
// value was computed on.
vi.mock('../../../../reference/loss.js', async (original) => {
  const real = await original<typeof import('../../../../reference/loss.js')>();
  return { ...real, lossWithSpec: vi.fn(real.lossWithSpec) };
});

// Parsed again for each test: the diagnosis keeps model values per case object for a whole batch,
// and what one test computed would not be computed again in the next.
const freshCases = () => parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases;

/** The correct answer on every case but the loss cases at `failed` (indices among the loss cases), where the learner's value is `value(expected)`. */
function answers(failed: number[], value: (expected: number) => number): DiagnosisInput[] {
  let k = -1;
  return freshCases().map((c) => {
    const expected = expectedFor(c);
    if (expected.fn === 'weighted_loss') {
      k++;
      const wrong = failed.includes(k);
      return { case: c, expected, passed: !wrong, observation: { kind: 'scalar', value: wrong ? value(expected.loss) : expected.loss } };
    }
    return { case: c, expected, passed: true, observation: { kind: 'freqs', ...expected.freqs } };
  });
}

describe('diagnose: where candidates are computed', () => {
  it.each([
    ['the first loss case passed, the second failed', [1]],
    ['the first two passed, the third and the fifth failed', [2, 4]],
  ])('computes no candidate on a passed case unless it reproduces the first failure (%s)', (_, failed) => {
    // A value no mistake model gives, alone or combined: every single, pair and triple is tried.
    const inputs = answers(failed, (x) => 1000 * x + 12345.678);
    const anchor = inputs.filter((d) => d.case.function === 'weighted_loss')[failed[0]!]!;
    const passed = new Set<unknown>(inputs.filter((d) => d.passed).map((d) => d.case.inputs));
    const spy = vi.mocked(loss.lossWithSpec);
    spy.mockClear();
    expect(diagnose(inputs).mistakes).toEqual([]);
    const models = spy.mock.calls.filter(([, spec]) => spec !== loss.CORRECT_LOSS);
    expect(models.filter(([i]) => i === anchor.case.inputs).length).toBeGreaterThan(1000); // the pairs, at least
    // On the passed cases, only the correct spec (which tells a value failure from the others).
    expect(models.filter(([i]) => passed.has(i)).length).toBe(0);
  });

  it('still names a mistake on every case, the passed ones included, when the first case passed', () => {
    // loss-sum-not-mean changes nothing on a case with one example; a suite order with such a
    // case first is the one the anchor changes.
    const cases = freshCases();
    const one = cases.filter((c) => c.function === 'weighted_loss' && c.inputs.fn === 'weighted_loss' && c.inputs.yTrue.length === 1);
    const rest = cases.filter((c) => !one.includes(c));
    const inputs = [...one, ...rest].map((c): DiagnosisInput => {
      const expected = expectedFor(c);
      if (expected.fn !== 'weighted_loss' || c.inputs.fn !== 'weighted_loss') return { case: c, expected, passed: true, observation: { kind: 'freqs', ...(expected as { freqs: loss.ClassFreqs }).freqs } };
      const n = c.inputs.yTrue.length;
      return { case: c, expected, passed: n === 1, observation: { kind: 'scalar', value: expected.loss * n } };
    });
    expect(one.length).toBeGreaterThan(0);
    expect(diagnose(inputs).mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-sum-not-mean', 'full']]);
  });
});
