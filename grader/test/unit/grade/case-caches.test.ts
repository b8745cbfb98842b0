/**
 * What grading computes from a case alone is computed once per case: a batch grades every
 * submission against the same Case objects (the float32 reference losses, whether a prediction is
 * exactly 0 or 1, the expected frequencies as messages quote them).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import { gradeCase, hasExactZeroOne } from '../../../src/grade/grade-case.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import { parseSuite, type Case, type Suite } from '../../../src/suite/load-suite.js';
import * as loss from '../../../../reference/loss.js';
import { runWith } from '../../helpers/run-outcome.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';

vi.mock('../../../../reference/loss.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../reference/loss.js')>();
  return { ...real, weightedLossFloat32: vi.fn(real.weightedLossFloat32) };
});

afterEach(() => vi.restoreAllMocks());

const SUITE_TEXT = [
  'suite: caches',
  'cases:',
  '  - id: loss-exact',
  '    function: weighted_loss',
  '    y_true: [[0, 1], [1, 0], [1, 1]]',
  '    y_pred: [[1, 0.3], [0, 0.6], [1, 0.9]]',
  '  - id: loss-plain',
  '    function: weighted_loss',
  '    y_true: [[0, 1], [1, 0]]',
  '    y_pred: [[0.8, 0.3], [0.1, 0.6]]',
  '  - id: freqs-plain',
  '    function: compute_class_freqs',
  '    labels: [[0, 1, 1], [1, 0, 1], [1, 1, 1]]',
].join('\n');

const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** A loss returned as float32 and 1% off on every case (float32 arithmetic does not explain it: each case is checked against it). */
function float32Run(suite: Suite): RunOutcome {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    calls[c.id] =
      e.fn === 'weighted_loss'
        ? { status: 'ok', value: { kind: 'number', pytype: 'numpy.float32', dtype: 'float32', value: e.loss * 1.01 }, mutated: [], ms: 1 }
        : { status: 'not-run', reason: 'not in this test' };
  }
  return runWith(calls);
}

describe('per-case computations in a batch', () => {
  it('computes the float32 reference losses of a case once, whatever the number of submissions', () => {
    const suite: Suite = { files: ['c.yaml'], names: ['caches'], cases: parseSuite(SUITE_TEXT, 'c.yaml').cases };
    const f32 = vi.mocked(loss.weightedLossFloat32);
    f32.mockClear();
    const first = gradeSuite(suite, float32Run(suite), ctx);
    const once = f32.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    const second = gradeSuite(suite, float32Run(suite), ctx);
    expect(f32.mock.calls.length).toBe(once);
    expect(second.cases).toEqual(first.cases);
  });

  it('looks for predictions of exactly 0 or 1 once per case', () => {
    const c = parseSuite(SUITE_TEXT, 'c.yaml').cases[0]!;
    let reads = 0;
    const inputs = c.inputs as Extract<Case['inputs'], { fn: 'weighted_loss' }>;
    const yPred = inputs.yPred;
    const counted: Case = { ...c, inputs: { ...inputs, get yPred() { reads++; return yPred; } } };
    expect([hasExactZeroOne(counted), hasExactZeroOne(counted)]).toEqual([true, true]);
    expect(reads).toBe(1);
  });

  it('formats the expected frequencies once per expected value', () => {
    const c = parseSuite(SUITE_TEXT, 'c.yaml').cases[2]!;
    const expected = expectedFor(c);
    if (expected.fn !== 'compute_class_freqs') throw new Error('a frequencies case');
    const wrong: CallOutcome = {
      status: 'ok',
      value: { kind: 'sequence', pytype: 'tuple', items: [0, 1].map(() => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [3], values: [0.5, 0.5, 0.5] })) },
      mutated: [],
      ms: 1,
    };
    const first = gradeCase(c, wrong, expected).message;
    const toPrecision = vi.spyOn(Number.prototype, 'toPrecision');
    const again = gradeCase(c, wrong, expected).message;
    expect(again).toBe(first);
    expect(first).toContain('expected positive [0.66666667, 0.66666667, 1] and negative [0.33333333, 0.33333333, 0]');
    // The learner's values are formatted again (3 + 3); the expected ones are not.
    expect(toPrecision.mock.calls.length).toBe(6);
  });
});
