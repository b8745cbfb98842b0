/**
 * Wording 36b: the catalogue's fixes that wrote a bare log(...) write the file's own log (the
 * framework's, and the one its loss calls in a file of two frameworks); notes said once a report;
 * an integer numerator's cast; TensorFlow's tf.nn cross-entropies read as library cross-entropies.
 * Graded through gradeSubmission (the report as `grade` and `check` give it, its lines read from
 * the file), each loss the catalogue's model of the mistake, its sites read from the source by the
 * runner.
 */
import { describe, expect, it } from 'vitest';
import { gradeSubmission, type GradeOptions } from '../../../src/grade-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';
import type { Submission } from '../../../src/sandbox/run-submission.js';
import type { LossSpec } from '../../../../reference/loss.js';
import { lossFactory, modelRun } from '../../helpers/model-run.js';
import type { FixedNote } from '../../../src/schema/report.js';

const suiteP = loadSuite([PUBLIC_SUITE]);
const opts: GradeOptions = { python: 'python3', sandbox: 'process', limits: DEFAULT_LIMITS, keras: 'shim', version: 'test' };

/** The report `grade` gives hw.py holding `source`, whose loss returns the model `spec`'s values. */
async function report(spec: Partial<LossSpec> | ((expected: number) => number), source: string, imports: readonly string[]) {
  const suite = await suiteP;
  const run = await modelRun(suite, spec, source, [...imports]);
  const sub: Submission = { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.from(source) };
  return await gradeSubmission(sub, suite, opts, async () => run);
}
const fixOf = async (id: string, spec: Partial<LossSpec>, source: string, imports: readonly string[]) => {
  const r = await report(spec, source, imports);
  const m = r.mistakes.find((x) => x.id === id);
  expect(m, `${id} named (named: ${r.mistakes.map((x) => x.id).join(', ')})`).toBeDefined();
  return m!.fix ?? '';
};

/**
 * Each framework's file: its imports line, the log its loss calls, its mean, its mean over axis 0
 * (`X` the argument), its sigmoid and rounding (`X`), the runner's module names.
 */
const FILES = [
  ['numpy', 'import numpy as np', 'np.log', 'np.mean', 'np.mean(X, axis=0)', '1 / (1 + np.exp(-X))', 'np.round(X)', ['numpy']],
  ['Keras', 'from tensorflow.keras import backend as K', 'K.log', 'K.mean', 'K.mean(X, axis=0)', 'K.sigmoid(X)', 'K.round(X)', ['keras.backend']],
  ['PyTorch', 'import torch', 'torch.log', 'torch.mean', 'torch.mean(X, dim=0)', 'torch.sigmoid(X)', 'torch.round(X)', ['torch']],
  ['TensorFlow', 'import tensorflow as tf', 'tf.math.log', 'tf.reduce_mean', 'tf.reduce_mean(X, axis=0)', 'tf.sigmoid(X)', 'tf.round(X)', ['tensorflow']],
  // A Keras notebook whose loss takes numpy's logs: told np.log, the log it calls, not K.log.
  ['numpy logs in a Keras file', 'import numpy as np\nfrom tensorflow.keras import backend as K', 'np.log', 'K.mean', 'K.mean(X, axis=0)', 'K.sigmoid(X)', 'K.round(X)', ['numpy', 'keras.backend']],
] as const;

/** A class loop adding class i's `-mean(pos + neg)` into loss; `pos`/`neg` written with the file's log. */
const classLoop = (head: string, mean: string, pos: string, neg: string, pre: string[] = []) =>
  lossFactory(head, ['loss = 0.0', 'for i in range(len(pos_weights)):', ...pre.map((l) => `    ${l}`), `    loss += -${mean}(${pos}`, `                     + ${neg})`, 'return loss']);

/** Every log call the text writes, as called (`np.log(`, `K.log(`; a bare `log(` too). */
const LOGS = /(?<![\w.])(?:[A-Za-z_][\w.]*\.)?log\(/g;
const logsOf = (text: string) => [...new Set(text.match(LOGS) ?? [])];

describe("the catalogue's fixes that wrote a bare log(...): the file's own log", () => {
  type Row = readonly [id: string, spec: Partial<LossSpec>, src: (f: (typeof FILES)[number]) => string];
  const ROWS: Row[] = [
    [
      'loss-epsilon-subtracted',
      { eps: 'subtracted' },
      ([, head, L, M]) => classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(y_pred[:, i] + epsilon)`, `neg_weights[i] * (1 - y_true[:, i]) * ${L}(1 - (y_pred[:, i] + epsilon))`),
    ],
    [
      'loss-swapped-weights',
      { weights: 'swapped' },
      ([, head, L, M]) => classLoop(head, M, `neg_weights[i] * y_true[:, i] * ${L}(y_pred[:, i] + epsilon)`, `pos_weights[i] * (1 - y_true[:, i]) * ${L}(1 - y_pred[:, i] + epsilon)`),
    ],
    [
      'loss-same-weight-both-terms',
      { weights: 'pos-both' },
      ([, head, L, M]) => classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(y_pred[:, i] + epsilon)`, `pos_weights[i] * (1 - y_true[:, i]) * ${L}(1 - y_pred[:, i] + epsilon)`),
    ],
    [
      'loss-sign-one-term',
      { signOn: 'pos' },
      ([, head, L, M]) =>
        lossFactory(head, [
          'loss = 0.0',
          'for i in range(len(pos_weights)):',
          `    loss += -${M}(pos_weights[i] * y_true[:, i] * ${L}(y_pred[:, i] + epsilon)) + ${M}(neg_weights[i] * (1 - y_true[:, i]) * ${L}(1 - y_pred[:, i] + epsilon))`,
          'return loss',
        ]),
    ],
    [
      'loss-same-log-both-terms',
      { logArgs: 'p-both' },
      ([, head, L, M]) => classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(y_pred[:, i] + epsilon)`, `neg_weights[i] * (1 - y_true[:, i]) * ${L}(y_pred[:, i] + epsilon)`),
    ],
    [
      'loss-labels-in-log',
      { logArgs: 'labels' },
      ([, head, L, M]) => classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(y_true[:, i] + epsilon)`, `neg_weights[i] * (1 - y_true[:, i]) * ${L}(1 - y_true[:, i] + epsilon)`),
    ],
    // The site's line holds the sigmoid or the threshold, no log: the fix's log is the loss's.
    [
      'loss-sigmoid-on-probabilities',
      { sigmoid: true },
      ([, head, L, M, , sig]) =>
        classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(p + epsilon)`, `neg_weights[i] * (1 - y_true[:, i]) * ${L}(1 - p + epsilon)`, [`p = ${sig.replace('X', 'y_pred[:, i]')}`]),
    ],
    [
      'loss-thresholded-predictions',
      { threshold: 'gt' },
      ([, head, L, M, , , round]) =>
        classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(p + epsilon)`, `neg_weights[i] * (1 - y_true[:, i]) * ${L}(1 - p + epsilon)`, [`p = ${round.replace('X', 'y_pred[:, i]')}`]),
    ],
    // The def's line (its inputs in the other order) holds no log either.
    [
      'loss-swapped-arguments',
      { swapArgs: true },
      ([, head, L, M]) =>
        classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(y_pred[:, i] + epsilon)`, `neg_weights[i] * (1 - y_true[:, i]) * ${L}(1 - y_pred[:, i] + epsilon)`).replace(
          'def weighted_loss(y_true, y_pred):',
          'def weighted_loss(y_pred, y_true):',
        ),
    ],
  ];
  const table = ROWS.flatMap(([id, spec, src]) => FILES.map((f) => [id, f[0], spec, src(f), f[2], f[7]] as const));
  it.each(table)('%s (%s)', async (id, _, spec, src, log, imports) => {
    const fix = await fixOf(id, spec, src, imports);
    expect(logsOf(fix)).toEqual([`${log}(`]);
  });

  // Whole arrays: the vectorised fix of a minus on one term (sites.ts) in the file's log too.
  it.each(FILES)('loss-sign-one-term on whole arrays (%s)', async (...f) => {
    const [, head, L, , M0, , , imports] = f;
    const terms = `-(pos_weights * y_true * ${L}(y_pred + epsilon)) + neg_weights * (1 - y_true) * ${L}(1 - y_pred + epsilon)`;
    const sum = head.includes('torch') ? 'torch.sum' : head.includes('tensorflow as tf') ? 'tf.reduce_sum' : L.startsWith('np') ? 'np.sum' : 'K.sum';
    const src = lossFactory(head, [`return ${sum}(${M0.replace('X', terms)})`]);
    const fix = await fixOf('loss-sign-one-term', { signOn: 'pos' }, src, imports);
    expect(fix).toContain('vectorised');
    expect(logsOf(fix)).toEqual([`${L}(`]);
  });

  it("plain Python (math.log): math.log, each element y_pred[n][i]", async () => {
    const src = lossFactory('import math', [
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    for n in range(len(y_true)):',
      '        loss += -(pos_weights[i] * y_true[n][i] * math.log(y_pred[n][i] + epsilon) + neg_weights[i] * (1 - y_true[n][i]) * math.log(y_pred[n][i] + epsilon)) / len(y_true)',
      'return loss',
    ]);
    const fix = await fixOf('loss-same-log-both-terms', { logArgs: 'p-both' }, src, ['math']);
    expect(fix).toBe('The positive term takes math.log(y_pred[n][i] + epsilon); the negative term takes math.log(1 - y_pred[n][i] + epsilon).');
  });
});

describe("the note on values no mistake explains, epsilon's place: the log the file's loss calls", () => {
  it.each(FILES)('%s', async (...f) => {
    const [, head, L, M, , , , imports] = f;
    const suite = await suiteP;
    const src = classLoop(head, M, `pos_weights[i] * y_true[:, i] * ${L}(y_pred[:, i] + epsilon)`, `neg_weights[i] * (1 - y_true[:, i]) * ${L}(1 - y_pred[:, i] + epsilon)`);
    // Right away from 0 and 1 and with a small epsilon, wrong where epsilon shows: a loss no model gives.
    const shows = new Set(suite.cases.filter((c) => c.inputs.fn === 'weighted_loss' && (c.inputs.epsilon >= 1e-3 || c.inputs.yPred.some((r) => r.some((p) => p < 1e-3 || p > 1 - 1e-3)))).map((c) => c.id));
    const run = await modelRun(suite, {}, src, [...imports]);
    for (const id of shows) {
      const o = run.calls[id];
      if (o?.status === 'ok' && o.value.kind === 'number') run.calls[id] = { ...o, value: { ...o.value, value: Number(o.value.value) * 1.37 + 0.11 } };
    }
    const sub: Submission = { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.from(src) };
    const r = await gradeSubmission(sub, suite, opts, async () => run);
    const note = r.notes.find((n): n is FixedNote => typeof n !== 'string' && n.fix.includes('belongs inside both logs'));
    expect(note?.fix).toBe(` It belongs inside both logs, ${L}(y_pred + epsilon) and ${L}(1 - y_pred + epsilon), and nowhere else, with no clipping.`);
  });

  it("a loss calling two modules' logs: the framework's", async () => {
    const suite = await suiteP;
    const src = classLoop('import numpy as np\nfrom tensorflow.keras import backend as K', 'K.mean', 'pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', 'neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)');
    const fix = await fixOf('loss-swapped-weights', { weights: 'swapped' }, src.replace('pos_weights[i] * y_true', 'neg_weights[i] * y_true').replace('neg_weights[i] * (1 -', 'pos_weights[i] * (1 -'), ['numpy', 'keras.backend']);
    expect(logsOf(fix)).toEqual(['K.log(']);
    expect(suite.cases.length).toBeGreaterThan(0);
  });
});

// A guard (passes before and after): the runner reads no log site at a tensor's method, so the loss's log is the framework's.
describe("a tensor's log method is no log to quote", () => {
  it.each([
    ['y_pred.log() on whole tensors', ['L = -(pos_weights * y_true * y_pred.log() + neg_weights * (1 - y_true) * (1 - y_pred).log())', 'return torch.sum(torch.mean(L, dim=0))']],
    ['p.log() in a class loop', ['loss = 0.0', 'for i in range(len(pos_weights)):', '    p = y_pred[:, i]', '    loss += -torch.mean(pos_weights[i] * y_true[:, i] * p.log() + neg_weights[i] * (1 - y_true[:, i]) * (1 - p).log())', 'return loss']],
  ])('loss-no-epsilon, %s: torch.log', async (_, body) => {
    const fix = await fixOf('loss-no-epsilon', { eps: 'none' }, lossFactory('import torch', body), ['torch']);
    expect(logsOf(fix)).toEqual(['torch.log(']);
  });
});

describe('a note on the form of a returned value accepted (a (1,) tensor, [loss], lists): once a report', () => {
  it.each([
    ['a (1,) torch tensor, every loss case wrong', 'torch.Tensor', 1.1, 'Your loss returned a tensor of shape (1,) holding one value; it was accepted, but a plain number is expected.'],
    ['a (1,) numpy array, every loss case right', undefined, 1, 'Your loss returned an array of shape (1,) holding one value; it was accepted, but a plain number is expected.'],
  ] as const)('%s', async (_, origin, factor, note) => {
    const suite = await suiteP;
    const src = lossFactory('import torch', ['return torch.sum(torch.mean(-(pos_weights * y_true * torch.log(y_pred + epsilon) + neg_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)), dim=0)).reshape(1)']);
    const run = await modelRun(suite, {}, src, ['torch']);
    for (const c of suite.cases) {
      const o = run.calls[c.id];
      if (c.function !== 'weighted_loss' || o?.status !== 'ok' || o.value.kind !== 'number') continue;
      run.calls[c.id] = { ...o, value: { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [1], values: [Number(o.value.value) * factor], ...(origin ? { origin } : {}) } };
    }
    const sub: Submission = { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.from(src) };
    const r = await gradeSubmission(sub, suite, opts, async () => run);
    expect(r.cases.filter((c) => c.function === 'weighted_loss').length).toBeGreaterThan(2);
    expect(r.cases.flatMap((c) => c.notes)).toEqual([]);
    expect(r.notes.filter((n) => n === note)).toEqual([note]);
  });
});
