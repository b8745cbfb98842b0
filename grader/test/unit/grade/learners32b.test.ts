/**
 * Learner 32's cohort, follow-ups: a case message about a default that was right (m17).
 */
import { describe, expect, it } from 'vitest';
import type { LossSpec } from '../../../../reference/loss.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { gradeSuite as gradeSuiteApart, type GradeContext } from '../../../src/grade/grade-suite.js';
import { withFeedback } from '../../../src/report/feedback.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossFactory, modelRun } from '../../helpers/model-run.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;


const factory = lossFactory;

async function report(spec: Partial<LossSpec> | ((expected: number) => number), source: string, imports?: string[]) {
  return withFeedback(gradeSuiteApart(suite, await modelRun(suite, spec, source, imports), ctx), 'full');
}

// m17 of the cohort: K.binary_crossentropy(y_true[:, i], y_pred[:, i] + epsilon) under
// def get_weighted_loss(..., epsilon=1e-7), no mistake named, and loss-epsilon-default's case led
// with "... so the default must be epsilon=1e-7.", a default that was right.
const DEFAULT_MESSAGE = /^This case calls get_weighted_loss\(pos_weights, neg_weights\) without epsilon/;
describe('learner 32: the default case message, where the default is the assignment\'s', () => {
  const keras = (epsilonDefault: string) =>
    factory('import numpy as np\nfrom keras import backend as K', [
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    bce = K.binary_crossentropy(y_true[:, i], y_pred[:, i] + epsilon)',
      '    w = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])',
      '    loss += K.mean(w * bce)',
      'return loss',
    ], epsilonDefault);
  // Right everywhere but the case that leaves epsilon out, there negated: no mistake the catalogue knows.
  async function defaultCase(epsilonDefault: string) {
    const run = await modelRun(suite, (e) => e, keras(epsilonDefault), ['keras']);
    const off = run.calls['loss-epsilon-default'];
    if (off?.status !== 'ok' || off.value.kind !== 'number' || typeof off.value.value !== 'number') throw new Error('unreachable');
    run.calls['loss-epsilon-default'] = { ...off, value: { ...off.value, value: -off.value.value } };
    const graded = withFeedback(gradeSuiteApart(suite, run, ctx), 'full');
    return { message: graded.cases.find((c) => c.id === 'loss-epsilon-default')?.message, mistakes: graded.mistakes.map((m) => m.id) };
  }

  it.each(['1e-7', '0.0000001'])('epsilon=%s: the case does not say the default must be 1e-7', async (d) => {
    const { message, mistakes } = await defaultCase(d);
    expect(mistakes).toEqual([]);
    expect(message).not.toMatch(DEFAULT_MESSAGE);
    expect(message).toMatch(/^Your loss is /);
  });

  it.each(['1e-5', 'K.epsilon()'])('epsilon=%s: the message still leads', async (d) => {
    const { message } = await defaultCase(d);
    expect(message).toMatch(DEFAULT_MESSAGE);
  });
});

// loss-epsilon-ignored through a name bound to a fixed value (eps = K.epsilon()) or the parameter
// overwritten (epsilon = 1e-7) was told the catalogue's every way of ignoring epsilon, helpers'
// defaults and functools.partial included; 770bcc3 gave only the value typed into the logs its own.
describe('learner 32: a fixed epsilon through a name, or the parameter overwritten', () => {
  const loop = (eps: string, first: string[]) =>
    factory('import numpy as np\nfrom keras import backend as K', [
      ...first,
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      `    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + ${eps})`,
      `                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + ${eps}))`,
      'return loss',
    ]);
  async function named(source: string) {
    const r = await report({ eps: 'fixed', fixedEpsilon: 1e-7 }, source, ['numpy', 'keras']);
    return r.mistakes.map((m) => ({ id: m.id, fix: m.fix, message: m.message, line: m.location?.line }));
  }

  it.each([
    ['eps = K.epsilon()', loop('eps', ['eps = K.epsilon()'])],
    ['eps = 1e-7', loop('eps', ['eps = 1e-7'])],
  ])('%s in the loss: the name in place of the parameter', async (_, src) => {
    const [m, ...rest] = await named(src);
    expect(rest).toEqual([]);
    expect([m?.id, m?.line]).toEqual(['loss-epsilon-ignored', 7]);
    expect(m?.fix).toBe('Write the epsilon parameter that get_weighted_loss receives in both logs, K.log(y_pred + epsilon) and K.log(1 - y_pred + epsilon), in place of the name bound to a fixed value, and delete that binding; the inner function sees epsilon through the closure.');
    expect(m?.message).toMatch(/^It looks like your loss adds a name bound to a fixed value \(eps = K\.epsilon\(\), a number\) inside its logs/);
    expect(m?.message).not.toMatch(/partial|helper/);
  });

  // Read-through 32: numpy or PyTorch code with no Keras was told "(eps = K.epsilon(), a number)", a Keras
  // function it never imported (frameworks 32 took K.epsilon() out of the logs' own words, not this one).
  it.each([
    ['numpy', 'import numpy as np', 'np'],
    ['torch', 'import torch', 'torch'],
  ])('eps = 1e-7 in a %s loss with no Keras: no K.epsilon() in the words', async (fw, imports, mod) => {
    const src = factory(imports, [
      'eps = 1e-7',
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      `    loss += -${mod}.mean(pos_weights[i] * y_true[:, i] * ${mod}.log(y_pred[:, i] + eps)`,
      `                     + neg_weights[i] * (1 - y_true[:, i]) * ${mod}.log(1 - y_pred[:, i] + eps))`,
      'return loss',
    ]);
    const r = await report({ eps: 'fixed', fixedEpsilon: 1e-7 }, src, [fw]);
    const m = r.mistakes.find((x) => x.id === 'loss-epsilon-ignored');
    expect(m?.message).toMatch(/a name bound to a fixed value \(eps = 1e-7, a number\)/);
    expect(m?.message).not.toMatch(/K\.epsilon/);
  });

  it('epsilon = 1e-7 in the loss: delete that line', async () => {
    const [m, ...rest] = await named(loop('epsilon', ['epsilon = 1e-7']));
    expect(rest).toEqual([]);
    expect([m?.id, m?.line]).toEqual(['loss-epsilon-ignored', 7]);
    expect(m?.fix).toBe('Delete the line that assigns epsilon: use the epsilon parameter that get_weighted_loss receives as it is; the inner function sees it through the closure.');
    expect(m?.message).toMatch(/^It looks like your code overwrites the epsilon argument of get_weighted_loss with a fixed value/);
    expect(m?.message).not.toMatch(/partial|helper/);
  });

  it('both at once (a name bound and the parameter overwritten): the catalogue words', async () => {
    const src = loop('eps', ['epsilon = 1e-7', 'eps = K.epsilon()']);
    const [m] = await named(src);
    expect(m?.id).toBe('loss-epsilon-ignored');
    expect(m?.fix).toBe(MISTAKES['loss-epsilon-ignored'].fix);
  });
});

// loss-terms-averaged written as -0.5 * np.mean(...) of both terms (q13 of the cohort) was named with
// no line: the mean is class i's column and no division is written, so no site of the rule's.
describe('learner 32: the two terms halved by a written 0.5', () => {
  const q13 = factory('import numpy as np', [
    'loss = 0.0',
    'for i in range(len(pos_weights)):',
    '    loss += -0.5 * np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
    '                           + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
    'return loss',
  ]);
  const whole = factory('import numpy as np', [
    'pos = pos_weights * y_true * np.log(y_pred + epsilon)',
    'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
    'return np.sum(np.mean(-(pos + neg), axis=0)) * 0.5',
  ]);
  it.each([
    ['-0.5 * np.mean(pos ... + neg ...) in a class loop (q13)', q13, 8],
    ['np.sum(...) * 0.5 of both terms on whole arrays', whole, 8],
  ])('%s: named at that line', async (_, src, line) => {
    const r = await report((e) => e / 2, src);
    expect(r.mistakes.map((m) => [m.id, m.location?.line])).toEqual([['loss-terms-averaged', line]]);
  });

  it('a 0.5 on one term only, or a threshold, is no site of it', async () => {
    const oneTerm = q13.replace('-0.5 * np.mean(pos_weights[i]', '-np.mean(0.5 * pos_weights[i]');
    const threshold = factory('import numpy as np', [
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    sure = np.mean(y_pred[:, i] > 0.5)',
      '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      '                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      'return loss',
    ]);
    const r = await report((e) => e / 2, oneTerm);
    expect(r.mistakes.map((m) => [m.id, m.location?.line])).toEqual([['loss-terms-averaged', undefined]]);
    const correct = await report((e) => e, threshold);
    expect(correct.mistakes).toEqual([]);
    for (const src of [oneTerm, threshold]) {
      const run = await modelRun(suite, (e) => e, src);
      const sites = run.load.ok ? (run.load.functions.get_weighted_loss?.sites ?? []) : [];
      expect(sites.length).toBeGreaterThan(0);
      expect(sites.filter((s) => s.kind === 'halved')).toEqual([]);
    }
  });
});
