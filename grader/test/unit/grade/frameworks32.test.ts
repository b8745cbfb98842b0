/**
 * Frameworks 32's cohort: a PyTorch or numpy loss that types 1e-7 into its logs where the epsilon
 * parameter belongs (`torch.log(y_pred + 1e-7)`) was told "a fixed value inside its logs (a number,
 * K.epsilon())" and "(here: a fixed 1e-7, the value of K.epsilon())": a Keras function the learner
 * never imported. Keras and TensorFlow code, which has K.epsilon(), keeps those words.
 */
import { describe, expect, it } from 'vitest';
import { CORRECT_LOSS, isModelError, lossWithSpec, type LossSpec } from '../../../../reference/loss.js';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { expectedFor, gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { withFeedback } from '../../../src/report/feedback.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { arr, runWith } from '../../helpers/run-outcome.js';
import { functionsOf } from '../../helpers/runner.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** A run whose loss is the catalogue's model `spec` on every case (right frequencies), its sites read from `source`. */
async function runOf(spec: Partial<LossSpec>, source: string, imports: string[]): Promise<RunOutcome> {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    if (c.inputs.fn === 'weighted_loss' && e.fn === 'weighted_loss') {
      const v = lossWithSpec(c.inputs, { ...CORRECT_LOSS, ...spec });
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

const factory = (imports: string, body: string[]) =>
  `${imports}\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

const whole = (imports: string, log: string, eps: string) =>
  factory(imports, [
    `per = pos_weights * y_true * ${log}(y_pred + ${eps}) + neg_weights * (1 - y_true) * ${log}(1 - y_pred + ${eps})`,
    'return -(per.mean(0).sum())',
  ]);

async function ignored(source: string, imports: string[]) {
  const report = withFeedback(gradeSuite(suite, await runOf({ eps: 'fixed', fixedEpsilon: 1e-7 }, source, imports), ctx), 'full');
  return report.mistakes;
}

describe('frameworks 32: a fixed 1e-7 in the logs is told in the learner\'s framework', () => {
  it.each([
    ['PyTorch', whole('import torch', 'torch.log', '1e-7'), ['torch']],
    ['numpy', whole('import numpy as np', 'np.log', '1e-7'), ['numpy']],
  ])('%s: no K.epsilon() in the story or the evidence', async (_, src, imports) => {
    const [m, ...rest] = await ignored(src, imports);
    expect(rest).toEqual([]);
    expect(m?.id).toBe('loss-epsilon-ignored');
    expect(m?.location?.line).toBe(6);
    expect(m?.message).toMatch(/^It looks like your loss adds a fixed value inside its logs \(a number such as 1e-7\) instead of the epsilon argument of get_weighted_loss \(here: a fixed 1e-7\): /);
    expect(`${m?.message} ${m?.evidence} ${m?.fix}`).not.toMatch(/K\.epsilon|Keras/);
  });

  it.each([
    ['Keras backend', whole('from keras import backend as K', 'K.log', 'K.epsilon()'), ['keras.backend']],
    ['TensorFlow', whole('import tensorflow as tf', 'tf.math.log', 'tf.keras.backend.epsilon()'), ['tensorflow']],
  ])('%s: K.epsilon() is named, it is the learner\'s own', async (_, src, imports) => {
    const [m] = await ignored(src, imports);
    expect(m?.id).toBe('loss-epsilon-ignored');
    expect(m?.message).toMatch(/^It looks like your loss adds a fixed value inside its logs \(a number, K\.epsilon\(\)\) instead of the epsilon argument of get_weighted_loss \(here: a fixed 1e-7, the value of K\.epsilon\(\)\): /);
  });
});

describe('frameworks 32: the one-log variant and loss-extra-epsilon\'s, outside Keras', () => {
  it.each([
    ['a fixed 1e-7 (K.epsilon()) in log(y_pred + 1e-7) only, the epsilon argument in the other log', 'a fixed 1e-7 in log(y_pred + 1e-7) only, the epsilon argument in the other log'],
    ['epsilon + 1e-7, the value of K.epsilon()', 'epsilon + 1e-7'],
  ])('%s', (label, torch) => {
    expect([fixInFramework(label, 'torch'), fixInFramework(label, 'numpy'), fixInFramework(label, 'keras')]).toEqual([torch, torch, label]);
  });
});
