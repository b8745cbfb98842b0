/**
 * A report of a source whose loss raises, on every loss case, the IndexError of a class index at C
 * (its frequencies right): the off-by-one line tests (lines 35a, lines 35d) grade it on three loss
 * cases (every model and pair is tried on each error).
 */
import { gradeSuite, type GradeContext } from '../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../src/paths.js';
import type { CallOutcome } from '../../src/sandbox/run-submission.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { freqsRun } from './run-outcome.js';
import { functionsOf } from './runner.js';

const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

export async function raisingAtC(source: string) {
  const all = await loadSuite([PUBLIC_SUITE]);
  const suite = { ...all, cases: all.cases.filter((c) => c.function !== 'weighted_loss' || ['loss-course-preds-0.7', 'loss-fewer-examples-than-classes', 'loss-five-classes'].includes(c.id)) };
  const run = freqsRun(suite, (pos, neg) => [pos, neg]);
  for (const c of suite.cases) {
    if (c.inputs.fn !== 'weighted_loss') continue;
    const size = c.inputs.yTrue[0]!.length;
    const error = { type: 'IndexError', message: `index ${size} is out of bounds for axis 1 with size ${size}`, line: 11, traceback: '' };
    run.calls[c.id] = { status: 'error', error, mutated: [], ms: 1 } satisfies CallOutcome;
  }
  const [functions] = await functionsOf([source]);
  if (!run.load.ok) throw new Error('unreachable');
  return gradeSuite(suite, { ...run, load: { ...run.load, functions: { ...run.load.functions, ...functions } } }, ctx);
}
