/**
 * Wording 31: a mistake's story agrees with the fix its site gives. A loss negated twice
 * (`loss += -np.mean(...)` then `return -loss`) has the values of a missing minus sign, and its site's
 * fix says to drop one of the two: the message above that fix says the loss is negated twice, not
 * that it is missing its minus.
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { runWith } from '../../helpers/run-outcome.js';
import { functionsOf } from '../../helpers/runner.js';
import type { FunctionInfo } from '../../../src/schema/protocol.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

const HEAD = 'import numpy as np\n\n\n';
const loss = (body: string[]) =>
  `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

/** The report of a file whose loss is the expected one negated on every case, its sites those of `src`. */
async function signFlipped(src: string) {
  const [functions] = await functionsOf([src]);
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    if (e.fn !== 'weighted_loss') continue;
    calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: -e.loss }, mutated: [], ms: 1 };
  }
  const run = runWith(calls);
  if (run.load.ok) run.load.functions.get_weighted_loss = { ...(functions!.get_weighted_loss as FunctionInfo), defined: true, callable: true, params: null };
  return gradeSuite(suite, run, ctx).mistakes.find((m) => m.id === 'loss-sign');
}

describe('loss-sign: the message agrees with the fix', () => {
  it('a loss negated twice is told as negated twice, not as missing its minus', async () => {
    const m = await signFlipped(
      loss([
        'loss = 0.0',
        'for i in range(len(pos_weights)):',
        '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
        'return -loss',
      ]),
    );
    expect(m?.fix).toMatch(/negated twice/);
    expect(m?.message).toMatch(/^It looks like your loss is negated twice/);
    expect(m?.message).not.toMatch(/missing the minus sign/);
  });

  it('a loss with no minus anywhere is still told as missing its minus', async () => {
    const m = await signFlipped(
      loss([
        'loss = 0.0',
        'for i in range(len(pos_weights)):',
        '    loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
        'return loss',
      ]),
    );
    expect(m?.message).toMatch(/missing the minus sign/);
    expect(m?.fix).not.toMatch(/negated twice/);
  });
});

describe('loss-swapped-arguments: the fix says who calls the loss in the learner\'s framework', () => {
  const fix = MISTAKES['loss-swapped-arguments'].fix;
  it('a PyTorch loss is not told that Keras calls it, and is told its order differs from PyTorch\'s own losses', () => {
    const said = fixInFramework(fix, 'torch');
    expect(said).not.toMatch(/Keras/);
    expect(said).toMatch(/^The grader calls your loss as the assignment does, labels first and predictions second/);
    expect(said).toMatch(/forward\(self, y_true, y_pred\)/);
    expect(said).toMatch(/PyTorch's own losses/);
  });
  it.each(['numpy', 'keras', 'keras-ops', 'tensorflow'] as const)('%s: Keras calls it, as the course trains with Keras', (fw) => {
    expect(fixInFramework(fix, fw)).toMatch(/^Keras calls the loss as weighted_loss\(y_true, y_pred\)/);
  });
});
