/** A run of a submission as the sandbox reports it, for unit tests of grading: the calls' outcomes given, the rest ordinary. */
import type { CallOutcome, RunOutcome } from '../../src/sandbox/run-submission.js';

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
