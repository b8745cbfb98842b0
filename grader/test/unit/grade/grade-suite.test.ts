/**
 * gradeSuite on hand-made outcomes: report-level notes that come from a pattern across cases.
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const arr = (values: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [values.length], values });
const fn = { defined: true, callable: true, params: null };

/** A submission whose loss is `loss(expected)` on every case and whose frequencies are right. */
function outcome(loss: (expected: number) => number): RunOutcome {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    const value: EncodedValue =
      e.fn === 'weighted_loss'
        ? { kind: 'number', pytype: 'float', value: loss(e.loss) }
        : { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] };
    calls[c.id] = { status: 'ok', value, mutated: [], ms: 1 };
  }
  return {
    load: { ok: true, functions: { compute_class_freqs: fn, get_weighted_loss: fn }, imports: ['numpy'], notes: [], weights: [] },
    calls,
    stdout: '',
    stderr: '',
    outputTruncated: false,
    ms: 10,
    sandbox: 'process',
    python: { version: '3.11.7', numpy: '2.4.6' },
  };
}
const ctx = { submission: { path: '/x/hw.py', kind: 'py' as const, displayName: 'hw.py' }, version: '0.0.0', python: 'python3' };

describe('gradeSuite: the constant-factor note', () => {
  it('says so when every failed loss case is off by the same factor and no mistake explains it', () => {
    const r = gradeSuite(suite, outcome((e) => 2 * e), ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toEqual([
      'Every failed loss case is 2× the expected value: your formula is right up to a constant factor. Look for a term counted twice, a division by a fixed number, or a weight applied twice.',
    ]);
  });

  it('stays silent when a catalogued mistake explains the failures, or the factor varies', () => {
    expect(gradeSuite(suite, outcome((e) => -e), ctx).notes).toEqual([]); // loss-sign
    let i = 0;
    expect(gradeSuite(suite, outcome((e) => e * (1.5 + 0.1 * i++)), ctx).notes).toEqual([]);
    expect(gradeSuite(suite, outcome((e) => e), ctx).notes).toEqual([]); // correct
  });
});
