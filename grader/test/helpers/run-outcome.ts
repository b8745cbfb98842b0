/** A run of a submission as the sandbox reports it, for unit tests of grading: the calls' outcomes given, the rest ordinary. */
import { expectedFor } from '../../src/grade/grade-suite.js';
import type { EncodedValue } from '../../src/schema/protocol.js';
import type { CallOutcome, RunOutcome } from '../../src/sandbox/run-submission.js';
import type { Case, Suite } from '../../src/suite/load-suite.js';

/** Both graded functions defined and callable, numpy imported, no output: a run whose calls ended as `calls` say. */
export function runWith(calls: Record<string, CallOutcome>): RunOutcome {
  const fn = { defined: true, callable: true, params: null };
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

/** A float64 numpy vector as the runner encodes it. */
export const arr = (values: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [values.length], values });

/** The right loss on every loss case of `suite`, and frequencies `freqs(expected pos, expected neg)` on every frequency case. */
export function freqsRun(suite: Suite, freqs: (pos: number[], neg: number[]) => [number[], number[]]): RunOutcome {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    const value: EncodedValue =
      e.fn === 'weighted_loss' ? { kind: 'number', pytype: 'float', value: e.loss } : { kind: 'sequence', pytype: 'tuple', items: freqs(e.freqs.pos, e.freqs.neg).map(arr) };
    calls[c.id] = { status: 'ok', value, mutated: [], ms: 1 };
  }
  return runWith(calls);
}

/**
 * The right frequencies on every frequency case of `suite`, and `loss(case, expected loss)` on every
 * loss case: returned as a Python float, or with `dtype` as a numpy.float32 (the value rounded to float32).
 */
export function lossRun(suite: Suite, loss: (c: Case, expected: number) => number, dtype?: 'float32'): RunOutcome {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    const value: EncodedValue =
      e.fn === 'weighted_loss'
        ? dtype
          ? { kind: 'number', pytype: 'numpy.float32', dtype, value: Math.fround(loss(c, e.loss)) }
          : { kind: 'number', pytype: 'float', value: loss(c, e.loss) }
        : { kind: 'sequence', pytype: 'tuple', items: [e.freqs.pos, e.freqs.neg].map(arr) };
    calls[c.id] = { status: 'ok', value, mutated: [], ms: 1 };
  }
  return runWith(calls);
}
