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
 * `x` rounded to the nearest float16 as numpy.float16(x) rounds it (Node 20 has no Math.f16round): 11
 * significant bits, ties to even (1 + 2^-11 -> 1, 2049 -> 2048, 2051 -> 2052); from 65520 on, infinity.
 */
export function f16round(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1; // log2 rounded up just below a power of two
  else if (2 ** (e + 1) <= a) e += 1;
  const step = 2 ** (Math.max(e, -14) - 10); // subnormals below 2^-14 keep the step 2^-24
  const q = a / step; // exact: a power of two
  const f = Math.floor(q);
  const n = q - f > 0.5 || (q - f === 0.5 && f % 2 === 1) ? f + 1 : f;
  const r = Math.sign(x) * n * step;
  return Math.abs(r) > 65504 ? Math.sign(x) * Infinity : r;
}

const ROUND = { float32: Math.fround, float16: f16round } as const;

/**
 * The right frequencies on every frequency case of `suite`, and `loss(case, expected loss)` on every
 * loss case: returned as a Python float, or with `dtype` as that numpy scalar (the value rounded to the dtype).
 */
export function lossRun(suite: Suite, loss: (c: Case, expected: number) => number, dtype?: keyof typeof ROUND): RunOutcome {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    const value: EncodedValue =
      e.fn === 'weighted_loss'
        ? dtype
          ? { kind: 'number', pytype: `numpy.${dtype}`, dtype, value: ROUND[dtype](loss(c, e.loss)) }
          : { kind: 'number', pytype: 'float', value: loss(c, e.loss) }
        : { kind: 'sequence', pytype: 'tuple', items: [e.freqs.pos, e.freqs.neg].map(arr) };
    calls[c.id] = { status: 'ok', value, mutated: [], ms: 1 };
  }
  return runWith(calls);
}
