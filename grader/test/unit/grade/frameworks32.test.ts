/**
 * Frameworks 32's cohort: a PyTorch or numpy loss that types 1e-7 into its logs where the epsilon
 * parameter belongs (`torch.log(y_pred + 1e-7)`) was told "a fixed value inside its logs (a number,
 * K.epsilon())" and "(here: a fixed 1e-7, the value of K.epsilon())": a Keras function the learner
 * never imported. Keras and TensorFlow code, which has K.epsilon(), keeps those words.
 */
import { describe, expect, it } from 'vitest';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { withFeedback } from '../../../src/report/feedback.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossFactory, modelRun } from '../../helpers/model-run.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;


const factory = lossFactory;

const whole = (imports: string, log: string, eps: string) =>
  factory(imports, [
    `per = pos_weights * y_true * ${log}(y_pred + ${eps}) + neg_weights * (1 - y_true) * ${log}(1 - y_pred + ${eps})`,
    'return -(per.mean(0).sum())',
  ]);

async function ignored(source: string, imports: string[]) {
  const report = withFeedback(gradeSuite(suite, await modelRun(suite, { eps: 'fixed', fixedEpsilon: 1e-7 }, source, imports), ctx), 'full');
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
    expect(m?.message).toMatch(/^It looks like your loss adds a fixed value inside its logs \(a number, or a constant of your own bound to one\) instead of the epsilon argument of get_weighted_loss \(here: a fixed 1e-7\): /);
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
