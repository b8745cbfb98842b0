/**
 * Learner 32's cohort: a loss written on whole arrays (pos_weights * y_true * np.log(...), no loop
 * over the classes) was told the catalogue's class-loop fix, "Negate the sum: loss += -(pos term +
 * neg term)" or "pos_weights[i] multiplies ...", words for code the learner never wrote. The same
 * mistakes in a class loop keep the catalogue's words.
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

const numpyWhole = (sign: string) =>
  factory('import numpy as np', [
    `loss_pos = ${sign}pos_weights * y_true * np.log(y_pred + epsilon)`,
    `loss_neg = ${sign}neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)`,
    'return np.sum(np.mean(loss_pos + loss_neg, axis=0))',
  ]);
const einsumWhole = factory('import numpy as np', [
  'N = y_true.shape[0]',
  "pos = np.einsum('j,ij->', pos_weights, y_true * np.log(y_pred + epsilon))",
  "neg = np.einsum('j,ij->', neg_weights, (1 - y_true) * np.log(1 - y_pred + epsilon))",
  'return (pos + neg) / N',
]);
const torchSwapped = factory('import torch', [
  'y_true = torch.tensor(y_true)',
  'y_pred = torch.tensor(y_pred)',
  'pos_loss = neg_weights * y_true * torch.log(y_pred + epsilon)',
  'neg_loss = pos_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)',
  'return -torch.mean(pos_loss + neg_loss, 0).sum().item()',
]);
const torchUnweighted = factory('import torch', [
  'pw = torch.as_tensor(pos_weights)',
  'l = -(pw * y_true * torch.log(y_pred + epsilon) + (1 - y_true) * torch.log(1 - y_pred + epsilon))',
  'return l.mean(0).sum()',
]);
const loopSign = factory('import numpy as np', [
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
  'return loss',
]);
const loopSwapped = factory('import numpy as np', [
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    loss += -np.mean(neg_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '                     + pos_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
  'return loss',
]);

/** The report's message for case `id`. */
async function caseMessage(spec: Partial<LossSpec>, source: string, id: string) {
  const report = withFeedback(gradeSuiteApart(suite, await modelRun(suite, spec, source), ctx), 'full');
  return { message: report.cases.find((c) => c.id === id)?.message, mistakes: report.mistakes.map((m) => m.id) };
}

async function named(spec: Partial<LossSpec> | ((expected: number) => number), source: string, imports?: string[]) {
  const report = withFeedback(gradeSuiteApart(suite, await modelRun(suite, spec, source, imports), ctx), 'full');
  return report.mistakes.map((m) => ({ id: m.id, fix: m.fix, message: m.message, location: m.location, confidence: m.confidence }));
}

describe('learner 32: a loss on whole arrays is told fixes in whole-array words', () => {
  it.each([
    ['numpy, the terms in names', numpyWhole('')],
    ['numpy, np.einsum over the weights', einsumWhole],
  ])('loss-sign (%s): negate the terms, no loss += of a loop', async (_, src) => {
    const [m] = await named({ sign: 1 }, src);
    expect(m?.id).toBe('loss-sign');
    // wording 32's site-read fix (the logs outside any loop): the minus in front of the reduction.
    expect(m?.fix).toMatch(/^Your loss is vectorised: put the minus in front of its reduction, -np\.sum\(np\.mean\(L, axis=0\)\)/);
    expect(m?.fix).not.toMatch(/loss \+=|\[i\]/);
  });

  it('loss-swapped-weights in PyTorch on whole tensors: the weights as they are, no [i]', async () => {
    const [m] = await named({ weights: 'swapped' }, torchSwapped, ['torch']);
    expect(m?.id).toBe('loss-swapped-weights');
    expect(m?.fix).toBe('pos_weights multiplies y_true * torch.log(y_pred + epsilon); neg_weights multiplies (1 - y_true) * torch.log(1 - y_pred + epsilon).');
  });

  it('loss-unweighted in PyTorch on whole tensors: the weights as they are, in the fix and the variant', async () => {
    const [m] = await named({ weights: 'pos-only' }, torchUnweighted, ['torch']);
    expect(m?.id).toBe('loss-unweighted');
    expect(m?.fix).toBe('Multiply the positive term by pos_weights and the negative term by neg_weights.');
    expect(m?.message).not.toMatch(/\[i\]/);
  });

  it('the same mistakes in a loop over the classes keep the loop words', async () => {
    // loss-sign in a class loop: wording 32's loop fix, the accumulator negated.
    expect((await named({ sign: 1 }, loopSign))[0]?.fix).toMatch(/in your loop: loss \+= -\(pos term \+ neg term\)/);
    expect((await named({ weights: 'swapped' }, loopSwapped))[0]?.fix).toBe(MISTAKES['loss-swapped-weights'].fix);
  });
});

// The two terms averaged instead of added: every loss case half the expected value, which the
// grader told only as "0.5× ... a term counted twice, a division by a fixed number ..." (n01, p07).
const averagedInList = factory('import numpy as np', [
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    pos_loss = -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))',
  '    neg_loss = -np.mean(neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
  '    loss += np.mean([pos_loss, neg_loss])',
  'return loss',
]);
const averagedOverTwo = factory('import numpy as np', [
  'pos = -pos_weights * y_true * np.log(y_pred + epsilon)',
  'neg = -neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
  'return np.sum(np.mean((pos + neg) / 2, axis=0))',
]);

describe('learner 32: the two terms averaged instead of added', () => {
  it.each([
    ['np.mean([pos_loss, neg_loss]) in a class loop', averagedInList, 5],
    ['(pos + neg) / 2 on whole arrays', averagedOverTwo, 3],
  ])('%s: loss-terms-averaged, in full, at its line', async (_, src, line) => {
    const [m, ...rest] = await named((e) => e / 2, src);
    expect(rest).toEqual([]);
    expect([m?.id, m?.confidence]).toEqual(['loss-terms-averaged', 'full']);
    expect(m?.location?.line).toBe(line + 5);
    expect(m?.message).toMatch(/0\.5 is/);
  });

  it('a loss twice too large is not taken for it', async () => {
    expect((await named((e) => e * 2, averagedOverTwo)).map((m) => m.id)).toEqual([]);
  });
});

// loss-epsilon-default's authored message, "This case calls get_weighted_loss(pos_weights,
// neg_weights) without epsilon, so the default must be epsilon=1e-7.", led that case's failure for
// a learner whose default is 1e-7 and whose logs have no epsilon (n20, nb02): the most common
// mistake sent the learner to a signature that was right.
const DEFAULT_MESSAGE = /^This case calls get_weighted_loss\(pos_weights, neg_weights\) without epsilon/;
describe('learner 32: a case message about what the case tests, where a mistake named elsewhere explains the failure', () => {
  it('no epsilon in the logs: the loss-epsilon-default case does not lead with the default', async () => {
    const { message, mistakes } = await caseMessage({ eps: 'none' }, loopSign, 'loss-epsilon-default');
    expect(mistakes).toEqual(['loss-no-epsilon']);
    expect(message).not.toMatch(DEFAULT_MESSAGE);
    expect(message).toMatch(/Your loss is NaN/);
  });

  it('a default of 1e-5: the message still leads', async () => {
    const { message, mistakes } = await caseMessage({ eps: 'default', fixedEpsilon: 1e-5 }, loopSign, 'loss-epsilon-default');
    expect(mistakes).toEqual(['loss-epsilon-default']);
    expect(message).toMatch(DEFAULT_MESSAGE);
  });
});

// loss-epsilon-ignored with the fixed value typed into the logs (np.log(y_pred[:, i] + 1e-7), q10 of
// the cohort; K.epsilon() there too) was told every way of ignoring epsilon, a helper's default and
// functools.partial included, and a fix about helpers the learner never wrote.
describe('learner 32: a fixed epsilon written inside the logs', () => {
  const inLogs = (eps: string) =>
    factory('import numpy as np\nfrom keras import backend as K', [
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      `    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + ${eps})`,
      `                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + ${eps}))`,
      'return loss',
    ]);
  it.each(['1e-7', 'K.epsilon()'])('np.log(y_pred[:, i] + %s): told to put the parameter in its place, no helper or partial', async (eps) => {
    // The source's imports: Keras words for a file that has K.epsilon() (frameworks 32: not for numpy or PyTorch alone).
    const [m, ...rest] = await named({ eps: 'fixed', fixedEpsilon: 1e-7 }, inLogs(eps), ['numpy', 'keras.backend']);
    expect(rest).toEqual([]);
    expect(m?.id).toBe('loss-epsilon-ignored');
    expect(m?.fix).toBe('Write the epsilon parameter that get_weighted_loss receives in both logs, K.log(y_pred + epsilon) and K.log(1 - y_pred + epsilon), where the fixed value is now; the inner function sees it through the closure.');
    expect(m?.message).toMatch(/^It looks like your loss adds a fixed value inside its logs \(a number, K\.epsilon\(\)\) instead of the epsilon argument of get_weighted_loss/);
    expect(m?.message).not.toMatch(/partial|helper/);
  });

  it('the parameter overwritten (epsilon = 1e-7 in the loss) is told its own words (learners32b.test.ts), not the logs\'', async () => {
    const src = factory('import numpy as np', [
      'epsilon = 1e-7',
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      '                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      'return loss',
    ]);
    const [m] = await named({ eps: 'fixed', fixedEpsilon: 1e-7 }, src);
    expect(m?.fix).toMatch(/^Delete the line that assigns epsilon/);
  });
});
