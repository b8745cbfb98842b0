/**
 * freqs-keepdims (wording 32): compute_class_freqs returning (1, C) arrays (np.mean(labels, axis=0,
 * keepdims=True), an np.matrix's mean) stays a failure, now named. The course's own test refuses
 * that shape ("Wrong shape.": its shape_check compares each array's .shape, and
 * np.testing.assert_array_almost_equal refuses (1, C) against (C,)), and a loss that loops over
 * range(len(pos_weights)) sees one row instead of C classes. The mistake says the shape and the fix
 * (axis=0 without keepdims); it is not named for (C,) arrays. A (C, 1) column of the right values is
 * named too, with its own story and fix (no reshape(-1, 1)); of other values, not (pointers 32c).
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { runWith } from '../../helpers/run-outcome.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** The report of frequencies `freqs(pos, neg)` shaped by `shape(k)`, the loss right. */
function graded(shape: (k: number) => number[], freqs: (pos: number[], neg: number[]) => [number[], number[]] = (p, n) => [p, n]) {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    const value: EncodedValue =
      e.fn === 'weighted_loss'
        ? { kind: 'number', pytype: 'float', value: e.loss }
        : { kind: 'sequence', pytype: 'tuple', items: freqs(e.freqs.pos, e.freqs.neg).map((values) => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: shape(values.length), values })) };
    calls[c.id] = { status: 'ok', value, mutated: [], ms: 1 };
  }
  return gradeSuite(suite, runWith(calls), ctx);
}
const freqCases = suite.cases.filter((c) => c.function === 'compute_class_freqs').map((c) => c.id);

describe('freqs-keepdims', () => {
  it('(1, C) arrays of the right values fail and are named, with the shape on a case and the fix', () => {
    const r = graded((k) => [1, k]);
    expect(r.mistakes.map((m) => m.id)).toEqual(['freqs-keepdims']);
    const m = r.mistakes[0]!;
    expect(m.cases).toEqual(freqCases);
    expect(m.evidence).toMatch(/^on case \S+, you returned positive frequencies of shape \(1, \d+\) where \(\d+,\) is expected, whose values are the expected ones/);
    expect(m.fix).toMatch(/axis=0\) without keepdims/);
    expect(r.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status === 'failed')).toBe(true);
  });

  it('named beside a value mistake made in the same (1, C) arrays (counts)', () => {
    const counts = (x: number[]) => x.map((v) => Math.round(v * 1000));
    const r = graded((k) => [1, k], (p, n) => [counts(p), counts(n)]);
    expect(r.mistakes.map((m) => m.id)).toContain('freqs-keepdims');
  });

  it('is not named for (C,) arrays', () => {
    expect(graded((k) => [k]).mistakes).toEqual([]);
  });

  // Pointers 32c: a (C, 1) column of the expected values is the same extra axis (a reshape(-1, 1),
  // [:, None], a keepdims row transposed), told its own story and fix; of other values, only the case's message.
  it('(C, 1) columns of the right values are named, as a column, with the fix that drops the reshape', () => {
    const r = graded((k) => [k, 1]);
    expect(r.mistakes.map((m) => m.id)).toEqual(['freqs-keepdims']);
    const m = r.mistakes[0]!;
    expect(m.cases).toEqual(freqCases.filter((id) => r.cases.find((c) => c.id === id)?.status === 'failed'));
    expect(m.evidence).toMatch(/^on case \S+, you returned positive frequencies of shape \(\d+, 1\), a column, where \(\d+,\) is expected, whose values are the expected ones/);
    expect(m.message).toMatch(/as a column of shape \(C, 1\)/);
    expect(m.message).not.toMatch(/shape \(1, C\)/);
    expect(m.fix).toMatch(/no reshape\(-1, 1\), \[:, None\] or transpose after it/);
    // In PyTorch and plain Python, the framework's words, no numpy left and no word glued to another.
    expect(fixInFramework(m.fix, 'torch')).toBe('Return each frequency 1-D, shape (C,): torch.mean(labels, dim=0) as it is, with no reshape(-1, 1), [:, None] or transpose after it.');
    expect(fixInFramework(m.fix, 'python')).not.toMatch(/np\./);
    expect(m.fix).not.toMatch(/keepdims/);
  });

  it('(C, 1) columns of other values are not named (the values do not say it)', () => {
    const counts = (x: number[]) => x.map((v) => Math.round(v * 1000));
    expect(graded((k) => [k, 1], (p, n) => [counts(p), counts(n)]).mistakes.map((m) => m.id)).not.toContain('freqs-keepdims');
  });

  it('its fix in PyTorch says dim=0 without keepdim', () => {
    expect(fixInFramework(MISTAKES['freqs-keepdims'].fix, 'torch')).toMatch(/torch\.mean\(labels, dim=0\) without keepdim\b/);
  });
});
