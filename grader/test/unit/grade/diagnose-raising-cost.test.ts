/**
 * What the diagnosis computes for a loss that raised IndexError on every case (a class loop over
 * range(1, C + 1), a column index written as a number): a performance property, checked by what is
 * computed, not by time. Every candidate with a mistake that raises (a hard-coded class count, a
 * loop over the examples) reproduced the first error, so thousands of pairs and triples were
 * computed on every case, ~9 s of CPU in `wlgrade check`, to compare none of their values: an
 * IndexError is reproduced by a way that raises, which lossError tells without the arithmetic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as loss from '../../../../reference/loss.js';
import { diagnose, type DiagnosisInput } from '../../../src/grade/diagnose.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite } from '../../../src/suite/load-suite.js';

// The diagnosis's own calls of the loss model and of its IndexError, counted.
vi.mock('../../../../reference/loss.js', async (original) => {
  const real = await original<typeof import('../../../../reference/loss.js')>();
  return { ...real, lossWithSpec: vi.fn(real.lossWithSpec), lossError: vi.fn(real.lossError) };
});

// Parsed again for each test: model values are kept per case object for a whole batch.
const freshCases = () => parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases;

/** The correct frequencies, and on each loss case what `observe` says the loss did. */
function answers(observe: (c: loss.LossInputs) => DiagnosisInput['observation']): DiagnosisInput[] {
  return freshCases().map((c) => {
    const expected = expectedFor(c);
    if (expected.fn === 'weighted_loss' && c.inputs.fn === 'weighted_loss') return { case: c, expected, passed: false, observation: observe(c.inputs) };
    return { case: c, expected, passed: true, observation: { kind: 'freqs', ...(expected as { freqs: loss.ClassFreqs }).freqs } };
  });
}

const raised = (message: (i: loss.LossInputs) => string) => (i: loss.LossInputs) => ({ kind: 'error' as const, type: 'IndexError', message: message(i) });

describe('diagnose: a loss that raised IndexError on every case', () => {
  it.each([
    ['a loop over range(1, C + 1) reading the weights', raised((i) => `index ${i.posWeights.length} is out of bounds for axis 0 with size ${i.posWeights.length}`)],
    ['a column index past every case', raised((i) => `index 99 is out of bounds for axis 1 with size ${i.yTrue[0]!.length}`)],
  ])('computes model values on the first error only, and each candidate on few cases (%s)', (_, observe) => {
    const inputs = answers(observe);
    const lossCases = inputs.filter((d) => d.case.function === 'weighted_loss');
    const anchor = lossCases[0]!;
    const values = vi.mocked(loss.lossWithSpec);
    const errors = vi.mocked(loss.lossError);
    values.mockClear();
    errors.mockClear();
    const found = diagnose(inputs).mistakes;
    // A diagnosis is still made: a mistake that raises on most of these cases, as a partial match.
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.confidence === 'partial')).toBe(true);
    // Values (the arithmetic over the examples) only where a value is compared: the correct
    // values, and the pool's mistakes on the error a seed reproduces first (what completes a seed
    // must leave that case as it is). Before, every way of every candidate that raised on the
    // first error was computed on every case (~900,000 values).
    const models = values.mock.calls.filter(([, spec]) => spec !== loss.CORRECT_LOSS);
    expect(models.length).toBeLessThan(errors.mock.calls.length / 100);
    // Which ways raise, asked of each candidate on the first error and then on the cases in turn:
    // the case that ruled the last candidate out is tried first, so a candidate that reproduced
    // the first error is mostly ruled out on the next case it is tried on, not the thirteenth.
    const onAnchor = errors.mock.calls.filter(([i]) => i === anchor.case.inputs).length;
    const elsewhere = errors.mock.calls.length - onAnchor;
    expect(onAnchor).toBeGreaterThan(0);
    expect(elsewhere).toBeLessThan(2 * onAnchor);
  });
});
