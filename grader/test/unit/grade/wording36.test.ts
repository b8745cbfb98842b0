/**
 * Wording 36: the learner-facing words of fixes and notes in the file's own terms: the log of the
 * file (loss-log-base, the epsilon fixes, swapped terms, the unexplained notes), a tensor called
 * a tensor, a library's cross-entropy weighted in its own words, an int count's division and a
 * mean of integer labels told for what they are.
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite, unexplainedNotes, UNEXPLAINED_FIXES, type GradeContext } from '../../../src/grade/grade-suite.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossFactory, modelRun } from '../../helpers/model-run.js';
import { sourceLines, withSiteText } from '../../../src/grade/sites.js';
import type { LossSpec } from '../../../../reference/loss.js';
import { gradeCase } from '../../../src/grade/grade-case.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { tinyCases } from '../../helpers/suites.js';
import { functionsOf } from '../../helpers/runner.js';

const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
const suiteP = loadSuite([PUBLIC_SUITE]);

async function graded(spec: Partial<LossSpec> | ((expected: number) => number), source: string, imports: string[]) {
  const suite = await suiteP;
  const report = gradeSuite(suite, await modelRun(suite, spec, source, imports), ctx);
  return { ...report, mistakes: withSiteText(report.mistakes, sourceLines(source, 'py')) };
}
const fixOf = async (id: string, spec: Partial<LossSpec>, source: string, imports: string[]) => (await graded(spec, source, imports)).mistakes.find((m) => m.id === id)?.fix;

/** A class loop whose two terms are `pos` and `neg` (each written with `L` for the file's log). */
const classLoop = (head: string, mean: string, pos: string, neg: string) =>
  lossFactory(head, ['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -${mean}(pos_weights[i] * ${pos}`, `                     + neg_weights[i] * ${neg})`, 'return loss']);

/** Each framework's file: its imports line, its natural log, its mean, the runner's module names. */
const FILES = [
  ['numpy', 'import numpy as np', 'np.log', 'np.mean', ['numpy']],
  ['Keras', 'from tensorflow.keras import backend as K', 'K.log', 'K.mean', ['keras.backend']],
  ['PyTorch', 'import torch', 'torch.log', 'torch.mean', ['torch']],
  ['TensorFlow', 'import tensorflow as tf', 'tf.math.log', 'tf.reduce_mean', ['tensorflow']],
  ['numpy logs in a Keras file', 'import numpy as np\nfrom tensorflow.keras import backend as K', 'np.log', 'np.mean', ['numpy', 'keras.backend']],
] as const;
const EVERY_LOG = /np\.log, K\.log, tf\.math\.log or torch\.log/;

describe('loss-log-base: the natural log of the file, not every framework\'s', () => {
  it.each(FILES)('%s', async (_, head, log, mean, imports) => {
    // A base-10 log by the file's own module where it has one (np.log10, torch.log10), else log(x) / log(10).
    const log10 = (x: string) => (log === 'np.log' || log === 'torch.log' ? `${log}10(${x})` : `${log}(${x}) / ${log}(10.0)`);
    const src = classLoop(head, mean, `y_true[:, i] * ${log10('y_pred[:, i] + epsilon')}`, `(1 - y_true[:, i]) * ${log10('1 - y_pred[:, i] + epsilon')}`);
    const fix = await fixOf('loss-log-base', { logBase: '10' }, src, [...imports]);
    expect(fix).toBe(`Use the natural logarithm: ${log}.`);
    expect(fix).not.toMatch(EVERY_LOG);
  });
  it('plain Python with math.log10: math.log', async () => {
    const src = lossFactory('import math', [
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      '    for n in range(len(y_true)):',
      '        loss += -(pos_weights[i] * y_true[n][i] * math.log10(y_pred[n][i] + epsilon) + neg_weights[i] * (1 - y_true[n][i]) * math.log10(1 - y_pred[n][i] + epsilon)) / len(y_true)',
      'return loss',
    ]);
    expect(await fixOf('loss-log-base', { logBase: '10' }, src, ['math'])).toBe('Use the natural logarithm: math.log.');
  });
});

describe('the epsilon and swapped-terms fixes: the file\'s own log, not a bare log(...)', () => {
  const BARE = /(?<![\w.])log\(/;
  it.each(FILES)('loss-epsilon-outside-log (%s)', async (_, head, log, mean, imports) => {
    const src = classLoop(head, mean, `y_true[:, i] * (${log}(y_pred[:, i]) + epsilon)`, `(1 - y_true[:, i]) * (${log}(1 - y_pred[:, i]) + epsilon)`);
    const fix = await fixOf('loss-epsilon-outside-log', { eps: 'outside' }, src, [...imports]);
    expect(fix).toBe(`Move epsilon inside the log: ${log}(y_pred + epsilon) and ${log}(1 - y_pred + epsilon).`);
  });
  it.each(FILES)('loss-epsilon-one-term (%s)', async (_, head, log, mean, imports) => {
    const src = classLoop(head, mean, `y_true[:, i] * ${log}(y_pred[:, i] + epsilon)`, `(1 - y_true[:, i]) * ${log}(1 - y_pred[:, i])`);
    const fix = await fixOf('loss-epsilon-one-term', { eps: 'pos-only' }, src, [...imports]);
    expect(fix).toBe(`Add epsilon inside both logs: ${log}(y_pred + epsilon) and ${log}(1 - y_pred + epsilon).`);
  });
  it.each(FILES)('loss-swapped-terms (%s)', async (_, head, log, mean, imports) => {
    const src = classLoop(head, mean, `y_true[:, i] * ${log}(1 - y_pred[:, i] + epsilon)`, `(1 - y_true[:, i]) * ${log}(y_pred[:, i] + epsilon)`);
    const fix = await fixOf('loss-swapped-terms', { swapTerms: true }, src, [...imports]);
    expect(fix).toContain(`y_true * ${log}(y_pred + epsilon)`);
    expect(fix).toContain(`(1 - y_true) * ${log}(1 - y_pred + epsilon)`);
    expect(fix).not.toMatch(BARE);
  });
  it.each(FILES)("loss-swapped-terms with the inputs named the other way round: its names' fix in the file's log (%s)", async (_, head, log, mean, imports) => {
    const src = classLoop(head, mean, `y_true[:, i] * ${log}(1 - y_pred[:, i] + epsilon)`, `(1 - y_true[:, i]) * ${log}(y_pred[:, i] + epsilon)`).replace(
      'def weighted_loss(y_true, y_pred):',
      'def weighted_loss(y_pred, y_true):',
    );
    const report = await graded({ swapTerms: true }, src, [...imports]);
    const fix = report.mistakes.find((m) => m.id === 'loss-swapped-terms' || m.id === 'loss-swapped-arguments')?.fix;
    expect(fix).toBeDefined();
    expect(fix).not.toMatch(BARE);
  });
  // The note quotes no line: its log is the loss's framework's (a Keras file's K.log, whatever log it calls).
  it.each(FILES.slice(0, 4))("the note on values no mistake explains, epsilon's place: the file's log (%s)", async (_, head, log, mean, imports) => {
    // Right away from 0 and 1 and with a small epsilon, wrong where epsilon shows: a loss no model gives.
    const suite = await suiteP;
    const src = classLoop(head, mean, `y_true[:, i] * ${log}(y_pred[:, i] + epsilon)`, `(1 - y_true[:, i]) * ${log}(1 - y_pred[:, i] + epsilon)`);
    const run = await modelRun(suite, {}, src, [...imports]);
    for (const c of suite.cases) {
      const shows = c.inputs.fn === 'weighted_loss' && (c.inputs.epsilon >= 1e-3 || c.inputs.yPred.some((r) => r.some((p) => p < 1e-3 || p > 1 - 1e-3)));
      const o = run.calls[c.id];
      if (shows && o?.status === 'ok' && o.value.kind === 'number') run.calls[c.id] = { ...o, value: { ...o.value, value: Number(o.value.value) * 1.37 + 0.11 } };
    }
    const note = gradeSuite(suite, run, ctx).notes.find((n) => typeof n !== 'string' && n.fix.includes('belongs inside both logs'));
    expect(note).toBeDefined();
    expect(typeof note !== 'string' && note?.fix).toBe(` It belongs inside both logs, ${log}(y_pred + epsilon) and ${log}(1 - y_pred + epsilon), and nowhere else, with no clipping.`);
  });
  it('unexplainedNotes without a framework keeps the catalogue\'s numpy words', () => {
    expect(UNEXPLAINED_FIXES.epsilonPlace).toContain('np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon)');
    expect(unexplainedNotes([], [], { weighted_loss: [], compute_class_freqs: [] })).toEqual([]);
  });
});

describe('a (1,) or (C,) result of a tensor is called a tensor', () => {
  const [lossCase] = tinyCases();
  const L = (expectedFor(lossCase!) as { loss: number }).loss;
  const C = lossCase!.inputs.fn === 'weighted_loss' ? lossCase!.inputs.yTrue[0]!.length : 0;
  const returned = (origin: string | undefined, values: number[]): CallOutcome => ({
    status: 'ok',
    value: { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [values.length], values, ...(origin ? { origin } : {}) },
    mutated: [],
    ms: 1,
  });
  it.each([
    ['torch.Tensor', 'a tensor'],
    ['tensorflow.Tensor', 'a tensor'],
    [undefined, 'an array'],
    ['jax.Array', 'an array'],
  ] as const)('%s of shape (1,): "%s" in the note', (origin, what) => {
    const v = gradeCase(lossCase!, returned(origin, [L]), expectedFor(lossCase!));
    expect(v.status).toBe('passed');
    expect(v.notes).toEqual([`Your loss returned ${what} of shape (1,) holding one value; it was accepted, but a plain number is expected.`]);
  });
  it.each([
    ['torch.Tensor', 'a tensor'],
    ['tensorflow.Tensor', 'a tensor'],
    [undefined, 'an array'],
  ] as const)('%s of one value per class: "%s" in the message and the evidence', (origin, what) => {
    const v = gradeCase(lossCase!, returned(origin, Array.from({ length: C }, () => L / C)), expectedFor(lossCase!));
    expect(v.message.startsWith(`Your loss returned ${what} of shape (${C},), one value per class, instead of one number`)).toBe(true);
    expect(v.formEvidence?.startsWith(`your loss returned ${what} of shape (${C},)`)).toBe(true);
  });
});

describe('loss-mixed-dtypes from a division by an integer count: what the file did and the one cast', () => {
  const [lossCase] = tinyCases();
  const raised = (message: string, line: string): CallOutcome => ({
    status: 'error',
    error: { type: 'TypeError', message, traceback: `Traceback (most recent call last):\n  File "hw.py", line 9, in weighted_loss\n    ${line}`, line: 9 },
    mutated: [],
    ms: 1,
  });
  const EAGER = '`x` and `y` must have the same dtype, got tf.float32 != tf.int32.';
  const GRAPH = "Input 'y' of 'RealDiv' Op has type int64 that does not match type float32 of argument 'x'.";
  it.each([
    [EAGER, 'return tf.reduce_sum(tf.reduce_sum(L, axis=0) / n)', 'n', 'int32'],
    [EAGER, 'return tf.reduce_sum(L) / tf.shape(y_true)[0]', 'tf.shape(y_true)[0]', 'int32'],
    [GRAPH, 'loss = tf.reduce_sum(L, axis=0) / tf.math.count_nonzero(y_true >= 0, axis=0)', 'tf.math.count_nonzero(y_true >= 0, axis=0)', 'int64'],
  ])('%s at `%s`', (message, line, count, dtype) => {
    const v = gradeCase(lossCase!, raised(message, line), expectedFor(lossCase!));
    expect(v.signatures).toEqual(['loss-mixed-dtypes']);
    expect(v.message).toContain(`You divide a float tensor by ${count}, an ${dtype} tensor, and TensorFlow does not convert between dtypes: cast the count first, tf.cast(${count}, y_pred.dtype).`);
    expect(v.formWords?.did).toBe(`you divide a float tensor by ${count}, an integer count (${dtype}), and TensorFlow refuses to divide tensors of two dtypes, so the loss fails on every input, in training as on these cases`);
    expect(v.formWords?.fix).toContain(`tf.cast(${count}, y_pred.dtype)`);
    expect(v.formLocation).toEqual({ line: 9 });
  });
  it('a line dividing twice: the count unnamed, tf.shape\'s cast', () => {
    const v = gradeCase(lossCase!, raised(EAGER, 'return tf.reduce_sum(L / n, axis=0) / m'), expectedFor(lossCase!));
    expect(v.message).toContain('You divide a float tensor by a count, an int32 tensor, and TensorFlow does not convert between dtypes: cast the count first, tf.cast(tf.shape(y_true)[0], y_pred.dtype).');
  });
  it('an integer numerator (integer labels summed) keeps the labels\' sentence, and no words of its own', () => {
    const v = gradeCase(lossCase!, raised('`x` and `y` must have the same dtype, got tf.int32 != tf.float32.', 'return tf.reduce_sum(y_true) / w'), expectedFor(lossCase!));
    expect(v.message).toContain('A float32 tensor met an int32 one in a division');
    expect(v.message).not.toContain('You divide');
    expect(v.formWords).toBeUndefined();
  });
  it('the mistake tells the division, at its line, with the cast in the fix', async () => {
    const suite = await suiteP;
    const src = lossFactory('import tensorflow as tf', ['L = -(pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon))', 'n = tf.shape(y_true)[0]', 'return tf.reduce_sum(tf.reduce_sum(L, axis=0) / n)']);
    const run = await modelRun(suite, {}, src, ['tensorflow']);
    for (const c of suite.cases) if (c.function === 'weighted_loss') run.calls[c.id] = raised(EAGER, 'return tf.reduce_sum(tf.reduce_sum(L, axis=0) / n)');
    const m = gradeSuite(suite, run, ctx).mistakes.find((x) => x.id === 'loss-mixed-dtypes');
    expect(m?.message).toContain('you divide a float tensor by n, an integer count (int32)');
    expect(m?.message).not.toContain('tf.float64');
    expect(m?.fix).toBe("Cast the count to the predictions' dtype before dividing: tf.cast(n, y_pred.dtype); or take the mean over the examples (tf.reduce_mean over axis 0), which needs no count.");
    expect(m?.location).toEqual({ line: 9 });
  });
});

describe("loss-unweighted at a library's cross-entropy: weighted in that library's words", () => {
  const UNWEIGHTED = [
    [
      'PyTorch F.binary_cross_entropy',
      'import torch\nimport torch.nn.functional as F',
      ['y_true = torch.as_tensor(y_true)', 'y_pred = torch.as_tensor(y_pred)', 'per_element = F.binary_cross_entropy(y_pred, y_true, reduction="none")', 'return per_element.mean(dim=0).sum()'],
      ['torch'],
      /^PyTorch's binary_cross_entropy \(F\.binary_cross_entropy, nn\.BCELoss\) takes the weights as weight=, one per element: pass weight=pos_weights \* y_true \+ neg_weights \* \(1 - y_true\) with reduction='none'/,
    ],
    [
      'PyTorch nn.BCELoss bound to a name',
      'import torch\nfrom torch import nn',
      ['bce = nn.BCELoss(reduction="none")', 'y_true = torch.as_tensor(y_true)', 'y_pred = torch.as_tensor(y_pred)', 'return bce(y_pred, y_true).mean(dim=0).sum()'],
      ['torch'],
      /takes the weights as weight=, one per element/,
    ],
    [
      'tf.keras BinaryCrossentropy per column',
      'import tensorflow as tf',
      ['bce = tf.keras.losses.BinaryCrossentropy()', 'loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += bce(y_true[:, i:i + 1], y_pred[:, i:i + 1])', 'return loss'],
      ['tensorflow'],
      /^Keras's cross-entropies take no weight per class \(BinaryCrossentropy and keras\.losses\.binary_crossentropy average over the classes before any sample_weight is applied\): write the weighted terms yourself, -\(pos_weights \* y_true \* tf\.math\.log\(y_pred \+ epsilon\)/,
    ],
    [
      'Keras backend binary_crossentropy',
      'from tensorflow.keras import backend as K',
      ['return K.sum(K.mean(K.binary_crossentropy(y_true, y_pred), axis=0))'],
      ['keras.backend'],
      /^Keras's cross-entropies take no weight per class .*K\.log\(y_pred \+ epsilon\)/,
    ],
  ] as const;
  it.each(UNWEIGHTED)('%s', async (_, head, body, imports, want) => {
    const fix = await fixOf('loss-unweighted', { weights: 'unit' }, lossFactory(head, [...body]), [...imports]);
    expect(fix).toMatch(want);
    expect(fix).not.toContain('Multiply the positive term');
  });
  it('a loss that writes its own logs keeps the catalogue\'s fix', async () => {
    const src = classLoop('import numpy as np', 'np.mean', 'y_true[:, i] * np.log(y_pred[:, i] + epsilon)', '(1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)').replace(/pos_weights\[i\] \* |neg_weights\[i\] \* /g, '');
    expect(await fixOf('loss-unweighted', { weights: 'unit' }, src, ['numpy'])).toBe('Multiply the positive term by pos_weights[i] and the negative term by neg_weights[i].');
  });
});

describe('a mean of integer labels in the loss (K.mean, tf.reduce_mean): the int-label case tells the cause, at its line', () => {
  const TERMS = (mean: string, log: string, y: (i: string) => string) => [
    'loss = 0.0',
    'for i in range(len(pos_weights)):',
    `    loss += -(pos_weights[i] * ${mean}(${y('y_true[:, i]')}) * ${log}(${mean}(y_pred[:, i]) + epsilon)`,
    `              + neg_weights[i] * ${mean}(1 - ${y('y_true[:, i]')}) * ${log}(1 - ${mean}(y_pred[:, i]) + epsilon))`,
    'return loss',
  ];
  const KERAS = 'from tensorflow.keras import backend as K';
  const TF = 'import tensorflow as tf';
  const integerLines = async (src: string) =>
    ((await functionsOf([src]))[0]!.get_weighted_loss?.sites ?? []).filter((s) => s.kind === 'reduction' && s.integer === true).map((s) => s.line);
  it.each([
    ['K.mean of the labels', lossFactory(KERAS, TERMS('K.mean', 'K.log', (y) => y)), [8, 9]],
    ['tf.reduce_mean of the labels', lossFactory(TF, TERMS('tf.reduce_mean', 'tf.math.log', (y) => y)), [8, 9]],
    ['tf.reduce_mean over axis 0, whole arrays', lossFactory(TF, ['p = tf.reduce_mean(y_true, axis=0)', 'return -tf.reduce_sum(pos_weights * p * tf.math.log(tf.reduce_mean(y_pred, axis=0) + epsilon))']), [6]],
    ['labels cast to floats in the call', lossFactory(KERAS, TERMS('K.mean', 'K.log', (y) => `K.cast(${y}, 'float32')`)), []],
    ['y_true cast to floats first', lossFactory(KERAS, ["y_true = K.cast(y_true, 'float32')", ...TERMS('K.mean', 'K.log', (y) => y)]), []],
    ["numpy's mean, which gives floats", lossFactory('import numpy as np', TERMS('np.mean', 'np.log', (y) => y)), []],
    // A mean of a whole term that holds the labels averages floats (the sample notebooks' K.mean(w * y_true * K.log(p))).
    ['K.mean of a term', lossFactory(KERAS, ['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -K.mean(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon))', 'return loss']), []],
  ] as const)('the runner marks %s', async (_, src, lines) => {
    expect(await integerLines(src)).toEqual(lines);
  });

  it.each([
    ['Keras', KERAS, TERMS('K.mean', 'K.log', (y) => y), ['keras.backend'], "K.mean of integer labels (lines 8 and 9) keeps them integers, rounding each mean down to 0 unless a class's labels are all 1: cast the labels to floats first, y_true = K.cast(y_true, 'float32')."],
    ['TensorFlow', TF, TERMS('tf.reduce_mean', 'tf.math.log', (y) => y), ['tensorflow'], "tf.reduce_mean of integer labels (lines 8 and 9) keeps them integers, rounding each mean down to 0 unless a class's labels are all 1: cast the labels to floats first, y_true = tf.cast(y_true, y_pred.dtype)."],
  ] as const)('%s: the integer-label cases say why the loss is 0; a float case does not', async (_, head, body, imports, said) => {
    const suite = await suiteP;
    const run = await modelRun(suite, { meansApart: 'log-of-mean' }, lossFactory(head, [...body]), [...imports]);
    const ints = suite.cases.filter((c) => c.function === 'weighted_loss' && /int/.test(c.labelDtype));
    expect(ints.length).toBeGreaterThan(0);
    for (const c of ints) run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: 0 }, mutated: [], ms: 1 };
    const cases = gradeSuite(suite, run, ctx).cases;
    for (const c of ints) expect(cases.find((x) => x.id === c.id)?.message).toContain(`This case's labels are integers, and ${said}`);
    const floats = cases.filter((x) => x.function === 'weighted_loss' && !ints.some((c) => c.id === x.id) && x.status === 'failed');
    expect(floats.length).toBeGreaterThan(0);
    for (const x of floats) expect(x.message).not.toContain('labels are integers');
  });

  it("torch.mean refusing y_true's integers in the loss names y_true and the predictions' dtype, not the frequencies' labels", () => {
    const [lossCase] = tinyCases();
    const e = { type: 'RuntimeError', message: 'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long', traceback: '' };
    const v = gradeCase(lossCase!, { status: 'error', error: e, mutated: [], ms: 1 }, expectedFor(lossCase!));
    expect(v.message).toContain('torch.mean averages floats only and y_true holds integer labels: make them floats first, y_true = y_true.to(y_pred.dtype)');
    expect(v.message).not.toContain('labels.float().mean(dim=0)');
  });
});
