import { CORRECT_LOSS, isModelError, lossWithSpec, type LossSpec } from '../../../reference/loss.js';
import { expectedFor } from '../../src/grade/grade-suite.js';
import type { CallOutcome, RunOutcome } from '../../src/sandbox/run-submission.js';
import type { Suite } from '../../src/suite/load-suite.js';
import { arr, runWith } from './run-outcome.js';
import { functionsOf } from './runner.js';

/**
 * A run of `suite` whose loss is the catalogue's model `spec` (or `spec(expected loss)`) on every
 * case and whose frequencies are right, its sites read from `source` by the runner (fix_sites) and
 * its imports `imports`: what a learner's file with that mistake, written as `source`, gives.
 */
export async function modelRun(suite: Suite, spec: Partial<LossSpec> | ((expected: number) => number), source: string, imports = ['numpy']): Promise<RunOutcome> {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    if (c.inputs.fn === 'weighted_loss' && e.fn === 'weighted_loss') {
      const v = typeof spec === 'function' ? spec(e.loss) : lossWithSpec(c.inputs, { ...CORRECT_LOSS, ...spec });
      if (isModelError(v)) throw new Error(v.detail);
      const wire = Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
      calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: wire }, mutated: [], ms: 1 };
    } else if (e.fn === 'compute_class_freqs') {
      calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] }, mutated: [], ms: 1 };
    }
  }
  const run = runWith(calls);
  const [functions] = await functionsOf([source]);
  if (!run.load.ok) throw new Error('unreachable');
  return { ...run, load: { ...run.load, imports, functions: { ...run.load.functions, ...functions } } };
}

/** A learner's get_weighted_loss whose inner loss is `body` (one statement a line), under `imports`. */
export const lossFactory = (imports: string, body: string[], epsilonDefault = '1e-7') =>
  `${imports}\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=${epsilonDefault}):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;
