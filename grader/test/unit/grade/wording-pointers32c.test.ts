/**
 * Pointers 32c: loss-sign-one-term's fix in the learner's form. A loss on whole arrays is not told a
 * loop's `pos_weights[i]`; a loop over the classes keeps its class's terms.
 */
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { CORRECT_LOSS, isModelError, lossWithSpec, type LossSpec } from '../../../../reference/loss.js';
import { expectedFor, gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { withFeedback } from '../../../src/report/feedback.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { runWith } from '../../helpers/run-outcome.js';
import { functionsOf } from '../../helpers/runner.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** A run whose loss is the catalogue's model `spec` on every loss case, its sites read from `source`. */
async function runOf(spec: Partial<LossSpec>, source: string, imports: string[]): Promise<RunOutcome> {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    if (c.inputs.fn !== 'weighted_loss' || expectedFor(c).fn !== 'weighted_loss') continue;
    const v = lossWithSpec(c.inputs, { ...CORRECT_LOSS, ...spec });
    if (isModelError(v)) throw new Error(v.detail);
    calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: v }, mutated: [], ms: 1 };
  }
  const run = runWith(calls);
  const [functions] = await functionsOf([source]);
  if (!run.load.ok) throw new Error('unreachable');
  return { ...run, load: { ...run.load, imports, functions: { ...run.load.functions, ...functions } } };
}

const factory = (imports: string, body: string[]) =>
  `${imports}\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

async function oneTerm(source: string, imports = ['numpy']) {
  const report = withFeedback(gradeSuite(suite, await runOf({ signOn: 'pos' }, source, imports), ctx), 'full');
  return report.mistakes.find((m) => m.id === 'loss-sign-one-term');
}

describe('loss-sign-one-term: the fix in the form of the code', () => {
  it.each([
    ['numpy, the terms in names', 'numpy', factory('import numpy as np', [
      'loss_pos = -pos_weights * y_true * np.log(y_pred + epsilon)',
      'loss_neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
      'return np.sum(np.mean(loss_pos + loss_neg, axis=0))'])],
    ['numpy, N counted, one expression', 'numpy', factory('import numpy as np', [
      'N = y_true.shape[0]',
      'L = -pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
      'return np.sum(np.sum(L, axis=0) / N)'])],
    ['PyTorch on whole tensors', 'torch', factory('import torch', [
      'L = -pos_weights * y_true * torch.log(y_pred + epsilon) + neg_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)',
      'return torch.sum(torch.mean(L, dim=0))'])],
  ])('on whole arrays (%s): the whole arrays negated, no [i]', async (_, fw, src) => {
    const m = await oneTerm(src, [fw]);
    expect(m?.fix).toBeDefined();
    expect(m?.fix).not.toMatch(/\[i\]|\[:, i\]|loss \+=/);
    expect(m?.fix).toMatch(/-\(pos_weights \* y_true \* \S*log\(y_pred \+ epsilon\) \+ neg_weights \* \(1 - y_true\) \* \S*log\(1 - y_pred \+ epsilon\)\)/);
  });

  it('in a loop over the classes: class i\'s two terms negated together', async () => {
    const m = await oneTerm(factory('import numpy as np', [
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    loss += np.mean(-pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      'return loss']));
    expect(m?.fix).toMatch(/loss \+= -\S*\(?.*pos_weights\[i\] \* y_true\[:, i\]/);
    expect(m?.fix).not.toMatch(/np\.sum\(np\.mean/);
  });

  // Read-through 32: a comprehension's logs are in a loop, but no `loss +=` adds them: neither the loop's
  // words nor the whole arrays' (no [i] stripped), the catalogue's fix, as loss-sign does (mend 32).
  it('in a comprehension over the classes: the catalogue\'s fix, no loss += and no whole arrays', async () => {
    const m = await oneTerm(factory('import numpy as np', [
      'return sum(np.mean(-pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      '                   + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      '           for i in range(len(pos_weights)))']));
    expect(m?.fix).toBe(MISTAKES['loss-sign-one-term'].fix);
  });
});
