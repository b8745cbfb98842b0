/**
 * Wording 35: a mistake's evidence says what the grader saw, and its words fit the learner's code.
 * An input changed in place is named, with how it was seen; a fixed 1e-7 reads the same in numpy
 * and Keras files, in each one's own log; a product of means or a log of a mean in vectorised code
 * is told in whole-array words, not a class loop's pos_weights[i].
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { arr, runWith } from '../../helpers/run-outcome.js';
import { lossFactory, modelRun } from '../../helpers/model-run.js';
import { sourceLines, withSiteText } from '../../../src/grade/sites.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** Right values everywhere; the loss cases' calls changed `loss`, the frequency cases' `freqs` (runner.run_call's `mutated`). */
function mutatedRun(loss: string[], freqs: string[], imports: string[] = ['numpy']) {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    calls[c.id] =
      e.fn === 'weighted_loss'
        ? { status: 'ok', value: { kind: 'number', pytype: 'float', value: e.loss }, mutated: loss, ms: 1 }
        : { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] }, mutated: freqs, ms: 1 };
  }
  const run = runWith(calls);
  if (run.load.ok) run.load.imports = imports;
  return gradeSuite(suite, run, ctx);
}

describe('*-mutates-input: the evidence names the input changed and how it was seen', () => {
  it('y_pred changed by the loss: named in the evidence, the fix says what to write instead', () => {
    const m = mutatedRun(['y_pred'], []).mistakes.find((x) => x.id === 'loss-mutates-input');
    expect(m?.evidence).toMatch(/^on case \S+ and \d+ other cases, y_pred held other values after the call than before it \(the grader compares each array it passes with a copy taken before the call\)$/);
    expect(m?.fix).toMatch(/^Compute on a new array instead of changing y_pred in place: p = y_pred \+ epsilon makes one, where y_pred \+= epsilon, or p \+= epsilon after p = y_pred \(the same array under a second name\), writes into the caller's\.$/);
  });
  it('the weights changed: both named, the fix speaks of a copy of the first', () => {
    const m = mutatedRun(['pos_weights', 'neg_weights'], []).mistakes.find((x) => x.id === 'loss-mutates-input');
    expect(m?.evidence).toMatch(/, pos_weights and neg_weights held other values after the call/);
    expect(m?.fix).toMatch(/^Compute on new arrays instead of changing pos_weights and neg_weights in place: take a copy first \(x = pos_weights\.copy\(\)\)/);
  });
  it('labels changed by compute_class_freqs: named, with its own example', () => {
    const m = mutatedRun([], ['labels']).mistakes.find((x) => x.id === 'freqs-mutates-input');
    expect(m?.evidence).toMatch(/^on case \S+ and \d+ other cases, labels held other values after the call than before it/);
    expect(m?.fix).toMatch(/x = labels \/ N makes one, where labels \/= N/);
  });
  it('PyTorch code keeps its own fix (tensors, add_, the conversions that share data), with the evidence naming the input', () => {
    const m = mutatedRun(['y_pred'], [], ['torch']).mistakes.find((x) => x.id === 'loss-mutates-input');
    expect(m?.evidence).toMatch(/, y_pred held other values after the call/);
    expect(m?.fix).toMatch(/^Compute on new tensors .*add_/);
  });
});

/** loss-epsilon-ignored as the learner reads it: graded, then its lines quoted (grade-submission.ts withSiteText). */
async function fixedEpsilon(source: string, imports: string[]) {
  const report = gradeSuite(suite, await modelRun(suite, { eps: 'fixed', fixedEpsilon: 1e-7 }, source, imports), ctx);
  return withSiteText(report.mistakes, sourceLines(source, 'py')).find((m) => m.id === 'loss-epsilon-ignored');
}
const logsAdding = (head: string, log: string, mean: string, eps: string) =>
  lossFactory(head, [
    'loss = 0.0',
    'for i in range(len(pos_weights)):',
    `    loss += -${mean}(pos_weights[i] * y_true[:, i] * ${log}(y_pred[:, i] + ${eps})`,
    `                     + neg_weights[i] * (1 - y_true[:, i]) * ${log}(1 - y_pred[:, i] + ${eps}))`,
    'return loss',
  ]);

describe('loss-epsilon-ignored: one message for a fixed 1e-7, in the code words of the file', () => {
  const NP = logsAdding('import numpy as np', 'np.log', 'np.mean', '1e-7');
  const KERAS = logsAdding('from tensorflow.keras import backend as K', 'K.log', 'K.mean', '1e-7');
  it('1e-7 typed into the logs: numpy and Keras read the same story, naming the number as written', async () => {
    const [np, keras] = [await fixedEpsilon(NP, ['numpy']), await fixedEpsilon(KERAS, ['keras.backend'])];
    expect(np?.message).toMatch(/^It looks like your loss adds a fixed value inside its logs \(the number 1e-7\) instead of the epsilon argument of get_weighted_loss: case /);
    expect(keras?.message).toBe(np?.message);
  });
  it("the fix writes the parameter in the file's own log", async () => {
    const [np, keras, torch] = [
      await fixedEpsilon(NP, ['numpy']),
      await fixedEpsilon(KERAS, ['keras.backend']),
      await fixedEpsilon(logsAdding('import torch', 'torch.log', 'torch.mean', '1e-7'), ['torch']),
    ];
    expect(np?.fix).toMatch(/in both logs, np\.log\(y_pred \+ epsilon\) and np\.log\(1 - y_pred \+ epsilon\), where the fixed value is now/);
    expect(keras?.fix).toMatch(/in both logs, K\.log\(y_pred \+ epsilon\) and K\.log\(1 - y_pred \+ epsilon\), where the fixed value is now/);
    expect(torch?.fix).toMatch(/in both logs, torch\.log\(y_pred \+ epsilon\) and torch\.log\(1 - y_pred \+ epsilon\), where the fixed value is now/);
    expect(torch?.message).toBe(np?.message);
  });
  it('np.log in a file that imports Keras too: the fix writes np.log, as the lines quoted do', async () => {
    const m = await fixedEpsilon(logsAdding('import numpy as np\nfrom keras import backend as K', 'np.log', 'np.mean', '1e-7'), ['numpy', 'keras.backend']);
    expect(m?.fix).toMatch(/in both logs, np\.log\(y_pred \+ epsilon\) and np\.log\(1 - y_pred \+ epsilon\), where/);
  });
  it('K.epsilon() in the logs is named as the call, not "a number, K.epsilon()"', async () => {
    const m = await fixedEpsilon(logsAdding('from tensorflow.keras import backend as K', 'K.log', 'K.mean', 'K.epsilon()'), ['keras.backend']);
    expect(m?.message).toMatch(/^It looks like your loss adds a fixed value inside its logs \(K\.epsilon\(\)\) instead of the epsilon argument/);
  });
});

/** The mistake `id` named for a loss that is its model `spec` on every case, its sites read from `source`. */
async function namedFor(id: string, spec: Parameters<typeof modelRun>[1], source: string, imports = ['numpy']) {
  return gradeSuite(suite, await modelRun(suite, spec, source, imports), ctx).mistakes.find((m) => m.id === id);
}
const meansLoop = (pos: string, neg: string) =>
  lossFactory('import numpy as np', ['loss = 0.0', 'for i in range(len(pos_weights)):', `    pos = ${pos}`, `    neg = ${neg}`, '    loss += -(pos + neg)', 'return loss']);

describe('loss-product-of-means and loss-log-of-mean: worded by the shape of the code', () => {
  const PRODUCT_WHOLE = lossFactory('import numpy as np', [
    'pos = pos_weights * np.mean(y_true, axis=0) * np.mean(np.log(y_pred + epsilon), axis=0)',
    'neg = neg_weights * np.mean(1 - y_true, axis=0) * np.mean(np.log(1 - y_pred + epsilon), axis=0)',
    'return -np.sum(pos + neg)',
  ]);
  const LOG_OF_MEAN_WHOLE = lossFactory('import numpy as np', [
    'p = np.mean(y_pred, axis=0)',
    'L = pos_weights * y_true * np.log(p + epsilon) + neg_weights * (1 - y_true) * np.log(1 - p + epsilon)',
    'return -np.sum(np.mean(L, axis=0))',
  ]);
  it('a vectorised product of means: told in whole-array words, no pos_weights[i] or "each class\'s loss"', async () => {
    const m = await namedFor('loss-product-of-means', { meansApart: 'product' }, PRODUCT_WHOLE);
    expect(m?.message).toContain('pos_weights * np.mean(y_true, axis=0) * np.mean(np.log(y_pred + epsilon), axis=0) (and the negative term likewise)');
    expect(m?.fix).toBe(
      'Multiply first, then average: the loss is -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0)), one mean of the products over the examples (axis 0), not a product of means.',
    );
    expect(`${m?.message} ${m?.fix}`).not.toMatch(/\[i\]|\[:, i\]|each class's loss/);
  });
  it('a vectorised log of the mean prediction: the variant and the fix in whole-array words', async () => {
    const m = await namedFor('loss-log-of-mean', { meansApart: 'log-of-mean' }, LOG_OF_MEAN_WHOLE);
    expect(m?.message).toContain('(here: the log of the mean prediction, np.log(np.mean(y_pred, axis=0) + epsilon) and np.log(1 - np.mean(y_pred, axis=0) + epsilon))');
    expect(m?.fix).toMatch(/^Take the log of each example's prediction and average afterwards: the loss is -np\.sum\(np\.mean\(pos_weights \* y_true \* np\.log\(y_pred \+ epsilon\)/);
    expect(`${m?.message} ${m?.fix}`).not.toMatch(/\[i\]|\[:, i\]|each class's loss/);
  });
  it('in a class loop, both keep the class-loop words', async () => {
    const m = await namedFor(
      'loss-product-of-means',
      { meansApart: 'product' },
      meansLoop('pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + epsilon))', 'neg_weights[i] * np.mean(1 - y_true[:, i]) * np.mean(np.log(1 - y_pred[:, i] + epsilon))'),
    );
    expect(m?.fix).toMatch(/each class's loss is the mean over the examples of -\(pos_weights\[i\] \* y_true\[:, i\]/);
    const l = await namedFor(
      'loss-log-of-mean',
      { meansApart: 'log-of-mean' },
      meansLoop('pos_weights[i] * y_true[:, i] * np.log(np.mean(y_pred[:, i]) + epsilon)', 'neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - np.mean(y_pred[:, i]) + epsilon)'),
    );
    expect(l?.message).toContain('np.log(np.mean(y_pred[:, i]) + epsilon)');
  });
});
