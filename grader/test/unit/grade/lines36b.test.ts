/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), lines 36b: forms that got no
 * pointer, or a wrong one. (1) Every class read at i + 1 together, weights and columns: each read
 * is a line of loss-class-index-off-by-one (read at i - 1 together they are right: index -1 is the
 * last class). (2) A row of the transposed inputs (y_true.T[i - 1]) is a column. (3) Both inputs'
 * classes reversed (K.reverse(y_true, axes=1), y_pred[:, ::-1]) against weights in order:
 * loss-weights-reversed at the flips. (4) A `lambda i:`, a `while` loop's `i = 0`, a comprehension's
 * own i elsewhere in the loss leave a class loop's y_true[:, i - 1] its line.
 */
import { describe, expect, it } from 'vitest';
import { raisingAtC } from '../../helpers/raising.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, foreignSiteLines, functionsOf, lossSource as loss, type ForeignJob, type SiteRow } from '../../helpers/runner.js';

/** One class's weighted cross-entropy in the framework's log, the weights at `w`, the columns at `c`. */
const term = (w: string, c: string, log = 'np.log') =>
  `pos_weights[${w}] * y_true[:, ${c}] * ${log}(y_pred[:, ${c}] + epsilon) + neg_weights[${w}] * (1 - y_true[:, ${c}]) * ${log}(1 - y_pred[:, ${c}] + epsilon)`;
const lineOf = (src: string, text: string) => src.split('\n').findIndex((l) => l.trim() === text) + 1;

describe('loss-class-index-off-by-one: the weights and the columns read at i + 1 together', () => {
  const split = (w: string, c: string, log = 'np.log', mean = 'np.mean') => [
    'loss = 0.0',
    'for i in range(len(pos_weights)):',
    `    loss += -${mean}(pos_weights[${w}] * y_true[:, ${c}] * ${log}(y_pred[:, ${c}] + epsilon)`,
    `                     + neg_weights[${w}] * (1 - y_true[:, ${c}]) * ${log}(1 - y_pred[:, ${c}] + epsilon))`,
    'return loss',
  ];
  it('names every shifted read, in numpy, Keras, TensorFlow and PyTorch', async () => {
    const rows: SiteRow[] = [
      ['numpy, one statement over two lines', 'loss-class-index-off-by-one', loss(split('i + 1', 'i + 1')), split('i + 1', 'i + 1').slice(2, 4).map((l) => l.trim())],
      ['Keras, K.log and K.mean', 'loss-class-index-off-by-one', loss(split('i + 1', 'i + 1', 'K.log', 'K.mean')), split('i + 1', 'i + 1', 'K.log', 'K.mean').slice(2, 4).map((l) => l.trim())],
      ['TensorFlow, the weights and the columns in names, loop over c', 'loss-class-index-off-by-one',
        loss(['total = 0.0', 'for c in range(len(pos_weights)):', '    w_p, w_n = pos_weights[c + 1], neg_weights[c + 1]', '    t, p = y_true[:, c + 1], y_pred[:, c + 1]',
          '    total -= tf.reduce_mean(w_p * t * tf.math.log(p + epsilon) + w_n * (1 - t) * tf.math.log(1 - p + epsilon))', 'return total']),
        ['w_p, w_n = pos_weights[c + 1], neg_weights[c + 1]', 't, p = y_true[:, c + 1], y_pred[:, c + 1]']],
      ['PyTorch, a list of terms', 'loss-class-index-off-by-one',
        loss(['losses = []', 'for i in range(len(pos_weights)):', '    term = pos_weights[i + 1] * y_true[:, i + 1] * torch.log(y_pred[:, i + 1] + epsilon)',
          '    term = term + neg_weights[i + 1] * (1 - y_true[:, i + 1]) * torch.log(1 - y_pred[:, i + 1] + epsilon)', '    losses.append(-torch.mean(term))', 'return sum(losses)']),
        ['term = pos_weights[i + 1] * y_true[:, i + 1] * torch.log(y_pred[:, i + 1] + epsilon)', 'term = term + neg_weights[i + 1] * (1 - y_true[:, i + 1]) * torch.log(1 - y_pred[:, i + 1] + epsilon)']],
      ['the weights at i + 1, the columns at i - 1', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(${term('i + 1', 'i - 1')})`, 'return loss']), [`loss += -np.mean(${term('i + 1', 'i - 1')})`]],
      ['right: every read at i - 1 (index -1 is the last class: each class once)', 'loss-class-index-off-by-one', loss(split('i - 1', 'i - 1')), undefined],
      ['right: range(1, C + 1), every read at i - 1', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for i in range(1, len(pos_weights) + 1):', `    loss += -np.mean(${term('i - 1', 'i - 1')})`, 'return loss']), undefined],
      ['right: every read at i', 'loss-class-index-off-by-one', loss(split('i', 'i')), undefined],
    ];
    await expectSiteLines(rows);
  });

  it('graded: the IndexError at C is told as the index one class forward, at those lines, not as hard-coded classes', async () => {
    const src = loss(split('i + 1', 'i + 1'));
    const r = await raisingAtC(src);
    const [first, second] = split('i + 1', 'i + 1').slice(2, 4).map((l) => lineOf(src, l.trim()));
    expect(r.mistakes.map((m) => [m.id, m.location?.line, m.location?.lines?.map((l) => l.line)])).toEqual([['loss-class-index-off-by-one', first, [first, second]]]);
    expect(r.mistakes[0]!.fix).toMatch(/no i \+ 1\.$/);
  });
});

describe('loss-class-index-off-by-one: a row of the transposed inputs is a column', () => {
  const body = (y: string, p: string, w = 'i', loop = 'for i in range(len(pos_weights)):') => [
    'loss = 0.0', loop, `    y = ${y}`, `    p = ${p}`,
    `    loss -= np.mean(pos_weights[${w}] * y * np.log(p + epsilon) + neg_weights[${w}] * (1 - y) * np.log(1 - p + epsilon))`, 'return loss'];
  it('names y_true.T[i - 1], np.transpose, tf.transpose and .t() rows, not right ones', async () => {
    const rows: SiteRow[] = [
      ['y_true.T[i - 1] and y_pred.T[i - 1]', 'loss-class-index-off-by-one', loss(body('y_true.T[i - 1]', 'y_pred.T[i - 1]')), ['y = y_true.T[i - 1]', 'p = y_pred.T[i - 1]']],
      ['.T rows at i+1 (one class forward)', 'loss-class-index-off-by-one', loss(body('y_true.T[i + 1]', 'y_pred.T[i+1]')), ['y = y_true.T[i + 1]', 'p = y_pred.T[i+1]']],
      ['np.transpose(y_true)[i - 1]', 'loss-class-index-off-by-one', loss(body('np.transpose(y_true)[i - 1]', 'np.transpose(y_pred)[i - 1]')),
        ['y = np.transpose(y_true)[i - 1]', 'p = np.transpose(y_pred)[i - 1]']],
      ['tf.transpose(y_true)[c - 1], loop over c', 'loss-class-index-off-by-one', loss(body('tf.transpose(y_true)[c - 1]', 'tf.transpose(y_pred)[c - 1]', 'c', 'for c in range(len(pos_weights)):')),
        ['y = tf.transpose(y_true)[c - 1]', 'p = tf.transpose(y_pred)[c - 1]']],
      ['y_true.t()[i - 1] in PyTorch', 'loss-class-index-off-by-one', loss(body('y_true.t()[i - 1]', 'y_pred.t()[i - 1]')), ['y = y_true.t()[i - 1]', 'p = y_pred.t()[i - 1]']],
      ['y_true.transpose(0, 1)[i + 1], y_pred.permute(1, 0)[i + 1]', 'loss-class-index-off-by-one', loss(body('y_true.transpose(0, 1)[i + 1]', 'y_pred.permute(1, 0)[i + 1]')),
        ['y = y_true.transpose(0, 1)[i + 1]', 'p = y_pred.permute(1, 0)[i + 1]']],
      ['a transpose of other axes (y_true.transpose(1, 2)[i - 1]) is no column: none', 'loss-class-index-off-by-one', loss(body('y_true.transpose(1, 2)[i - 1]', 'y_pred.transpose(1, 2)[i - 1]')), undefined],
      ['right: range(1, C + 1), rows and weights at i - 1', 'loss-class-index-off-by-one',
        loss(body('y_true.T[i - 1]', 'y_pred.T[i - 1]', 'i - 1', 'for i in range(1, len(pos_weights) + 1):')), undefined],
      ['right: rows and weights at i - 1 together', 'loss-class-index-off-by-one', loss(body('y_true.T[i - 1]', 'y_pred.T[i - 1]', 'i - 1')), undefined],
      ['right: rows at i', 'loss-class-index-off-by-one', loss(body('y_true.T[i]', 'y_pred.T[i]')), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe("loss-weights-reversed: both inputs' classes reversed against weights in order", () => {
  const whole = (y: string, p: string, w = ['pw = pos_weights', 'nw = neg_weights'], log = 'np.log', sum = 'np.sum(np.mean(', axis = 'axis=0') => [
    `yt = ${y}`, `yp = ${p}`, ...w,
    `return -${sum}pw * yt * ${log}(yp + epsilon) + nw * (1 - yt) * ${log}(1 - yp + epsilon), ${axis}))`];
  it('names each flip of the inputs, in numpy, Keras, TensorFlow and PyTorch', async () => {
    const rows: SiteRow[] = [
      ['K.reverse(y_true, axes=1) in place', 'loss-weights-reversed',
        loss(['y_true = K.reverse(y_true, axes=1)', 'y_pred = K.reverse(y_pred, axes=1)', 'loss = 0.0', 'for i in range(len(pos_weights)):',
          `    loss += -K.mean(${term('i', 'i', 'K.log')})`, 'return loss']),
        ['y_true = K.reverse(y_true, axes=1)', 'y_pred = K.reverse(y_pred, axes=1)']],
      ['tf.reverse(..., axis=[1])', 'loss-weights-reversed', loss(whole('tf.reverse(y_true, axis=[1])', 'tf.reverse(y_pred, axis=[1])', undefined, 'tf.math.log', 'tf.reduce_sum(tf.reduce_mean(')),
        ['yt = tf.reverse(y_true, axis=[1])', 'yp = tf.reverse(y_pred, axis=[1])']],
      ['torch.flip(x, dims=[1])', 'loss-weights-reversed', loss(whole('torch.flip(y_true, dims=[1])', 'torch.flip(y_pred, dims=[1])', undefined, 'torch.log', 'torch.sum(torch.mean(', 'dim=0')),
        ['yt = torch.flip(y_true, dims=[1])', 'yp = torch.flip(y_pred, dims=[1])']],
      ['x[:, ::-1] of both, one line', 'loss-weights-reversed',
        loss(['y_true, y_pred = y_true[:, ::-1], y_pred[:, ::-1]', 'return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']),
        ['y_true, y_pred = y_true[:, ::-1], y_pred[:, ::-1]']],
      ['a class loop reading both columns at C - 1 - i', 'loss-weights-reversed',
        loss(['C = len(pos_weights)', 'loss = 0.0', 'for i in range(C):', '    y = y_true[:, C - 1 - i]', '    p = y_pred[:, C - 1 - i]',
          '    loss += -np.mean(pos_weights[i] * y * np.log(p + epsilon) + neg_weights[i] * (1 - y) * np.log(1 - p + epsilon))', 'return loss']),
        ['y = y_true[:, C - 1 - i]', 'p = y_pred[:, C - 1 - i]']],
      ['right: K.reverse of both inputs in place and of both weights', 'loss-weights-reversed',
        loss(['y_true = K.reverse(y_true, axes=1)', 'y_pred = K.reverse(y_pred, axes=1)', 'pw = K.reverse(K.constant(pos_weights), axes=0)', 'nw = K.reverse(K.constant(neg_weights), axes=0)',
          'return -K.sum(K.mean(pw * y_true * K.log(y_pred + epsilon) + nw * (1 - y_true) * K.log(1 - y_pred + epsilon), axis=0))']), undefined],
      ['right: the rows flipped (the examples), not the classes', 'loss-weights-reversed', loss(whole('y_true[::-1]', 'np.flipud(y_pred)')), undefined],
      ['only the labels reversed: not the weights\' mistake', 'loss-weights-reversed', loss(whole('np.flip(y_true, axis=1)', 'y_pred')), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-class-index-off-by-one: i bound elsewhere in the loss leaves the class loop\'s line', () => {
  const loop = (head: string, c = 'i - 1') => [head, `    loss += -np.mean(${term('i', c)})`];
  const line = `loss += -np.mean(${term('i', 'i - 1')})`;
  it('reads the binding of i where the column is read', async () => {
    const rows: SiteRow[] = [
      ['a lambda i: before the loop', 'loss-class-index-off-by-one',
        loss(['log = lambda i: np.log(i + epsilon)', 'loss = 0.0', ...loop('for i in range(len(pos_weights)):'), 'return loss + 0 * log(1.0)']), [line]],
      ['a while loop counting i from 0 before it', 'loss-class-index-off-by-one',
        loss(['i = 0', 'while i < 1:', '    i += 1', 'loss = 0.0', ...loop('for i in range(len(pos_weights)):'), 'return loss']), [line]],
      ['a comprehension of its own i from 1', 'loss-class-index-off-by-one',
        loss(['names = [f"class {i}" for i in range(1, len(pos_weights) + 1)]', 'loss = 0.0', ...loop('for i, name in enumerate(names):'), 'return loss']), [line]],
      ['a nested def with a parameter i (PyTorch)', 'loss-class-index-off-by-one',
        loss(['def col(x, i):', '    return x[:, i]', 'loss = 0.0', ...loop('for i in range(len(pos_weights)):'), 'return loss']), [line]],
      ['right: enumerate(..., start=1) beside a lambda i:', 'loss-class-index-off-by-one',
        loss(['log = lambda i: np.log(i + epsilon)', 'loss = 0.0', 'for i, (pw, nw) in enumerate(zip(pos_weights, neg_weights), start=1):',
          '    loss += -np.mean(pw * y_true[:, i - 1] * log(y_pred[:, i - 1]) + nw * (1 - y_true[:, i - 1]) * log(1 - y_pred[:, i - 1]))', 'return loss']), undefined],
      ['right: i = c + 1 in the loop, a comprehension from 0 after it', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for c in range(len(pos_weights)):', '    i = c + 1', `    loss += -np.mean(${term('c', 'i - 1')})`, '_ = [i for i in range(3)]', 'return loss']), undefined],
      ['right: i bound again in the class loop, i = i + 1', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    w_p, w_n = pos_weights[i], neg_weights[i]', '    i = i + 1',
          '    loss += -np.mean(w_p * y_true[:, i - 1] * np.log(y_pred[:, i - 1] + epsilon) + w_n * (1 - y_true[:, i - 1]) * np.log(1 - y_pred[:, i - 1] + epsilon))', 'return loss']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe("a helper in the learner's module beside the file reads that module's constants", () => {
  /** hw.py: a class loop whose terms are helpers.py's class_term; `own`: hw.py's top-level code before it. */
  const hw = (own = '') => `import numpy as np
from helpers import class_term
${own}

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += class_term(y_true[:, i], y_pred[:, i], pos_weights[i], neg_weights[i])
        return loss
    return weighted_loss
`;
  /** helpers.py: `constants` at its top, then class_term (its def on line 6) with `body`. */
  const helpers = (constants: string, body: string[]) =>
    `import numpy as np\n\n${constants}\n\n\ndef class_term(y_true, y_pred, w_pos, w_neg):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const job = (helpersPy: string, own = ''): ForeignJob => ({ source: hw(own), sources: { 'helpers.py': helpersPy }, foreign: { '': { class_term: ['helpers.py', 'class_term', 6] } } });
  const term = (eps: string) => `return -np.mean(w_pos * y_true * np.log(y_pred + ${eps}) + w_neg * (1 - y_true) * np.log(1 - y_pred + ${eps}))`;
  it('names the lines its own constants make wrong, and none for the graded file\'s constants of the same name', async () => {
    expect(await foreignSiteLines([
      ['EPS = 1e-7 in helpers.py, added in its logs', 'loss-epsilon-ignored', job(helpers('EPS = 1e-7', [term('EPS')]))],
      ['N_EXAMPLES = 4 in helpers.py, divided by', 'loss-hardcoded-examples',
        job(helpers('N_EXAMPLES = 4', ['t = w_pos * y_true * np.log(y_pred + 1e-7) + w_neg * (1 - y_true) * np.log(1 - y_pred + 1e-7)', 'return -np.sum(t) / N_EXAMPLES']))],
      ['THRESH = 0.5 in helpers.py, the predictions compared with it', 'loss-thresholded-predictions',
        job(helpers('THRESH = 0.5', ['y_pred = np.where(y_pred > THRESH, 0.999, 0.001)', term('1e-7')]))],
      ["hw.py's own EPS = 1e-7, helpers.py's EPS = 0.5 (no epsilon): none", 'loss-epsilon-ignored', job(helpers('EPS = 0.5', [term('EPS')]), 'EPS = 1e-7\n')],
      ["hw.py's own CUT = 0.5, helpers.py's CUT = 1e-7 (a floor, no threshold): none", 'loss-thresholded-predictions',
        job(helpers('CUT = 1e-7', ['y_pred = np.where(y_pred > CUT, y_pred, CUT)', term('1e-7')]), 'CUT = 0.5\n')],
      ["hw.py's own N = 4, helpers.py's N = 1: none", 'loss-hardcoded-examples',
        job(helpers('N = 1', ['t = w_pos * y_true * np.log(y_pred + 1e-7) + w_neg * (1 - y_true) * np.log(1 - y_pred + 1e-7)', 'return -np.sum(t) / N']), 'N = 4\n')],
    ])).toEqual([
      ['EPS = 1e-7 in helpers.py, added in its logs', [`helpers.py:7: ${term('EPS')}`]],
      ['N_EXAMPLES = 4 in helpers.py, divided by', ['helpers.py:8: return -np.sum(t) / N_EXAMPLES']],
      ['THRESH = 0.5 in helpers.py, the predictions compared with it', ['helpers.py:7: y_pred = np.where(y_pred > THRESH, 0.999, 0.001)']],
      ["hw.py's own EPS = 1e-7, helpers.py's EPS = 0.5 (no epsilon): none", undefined],
      ["hw.py's own CUT = 0.5, helpers.py's CUT = 1e-7 (a floor, no threshold): none", undefined],
      ["hw.py's own N = 4, helpers.py's N = 1: none", undefined],
    ]);
  });
});

describe("loss-class-index-off-by-one's fix says the learner's class variable", () => {
  it('c for a loop over c, i (the catalogue\'s words) for i', async () => {
    const srcs = [
      loss(['total = 0.0', 'for c in range(len(pos_weights)):', '    w_p, w_n = pos_weights[c + 1], neg_weights[c + 1]', '    t, p = y_true[:, c + 1], y_pred[:, c + 1]',
        '    total -= tf.reduce_mean(w_p * t * tf.math.log(p + epsilon) + w_n * (1 - t) * tf.math.log(1 - p + epsilon))', 'return total']),
      loss(['loss = 0.0', 'for k in range(len(pos_weights)):', `    loss += -np.mean(${term('k - 1', 'k')})`, 'return loss']),
      loss(['loss = 0.0', 'for c in range(1, len(pos_weights) + 1):', `    loss += -np.mean(${term('c', 'c')})`, 'return loss']),
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(${term('i - 1', 'i')})`, 'return loss']),
    ];
    const fixes = (await functionsOf(srcs)).map((fs) => siteOf('loss-class-index-off-by-one', fs)?.fix);
    expect(fixes).toEqual([
      'Index the weights and the columns with the class itself: pos_weights[c], neg_weights[c], y_true[:, c] and y_pred[:, c], no c + 1.',
      'Index the weights and the columns with the same class: pos_weights[k], neg_weights[k], y_true[:, k] and y_pred[:, k] in a loop over range(len(pos_weights)), which already starts at 0: no k - 1 or k + 1.',
      'Loop over range(len(pos_weights)), which starts at 0 and stops at the last class, and index the weights and the columns with that same c: pos_weights[c], neg_weights[c], y_true[:, c] and y_pred[:, c], no c - 1.',
      MISTAKES['loss-class-index-off-by-one'].fix,
    ]);
  });
});

describe("loss-hardcoded-classes: a helper's class loop over a fixed count, its module's constant", () => {
  const hw = (imported: string, own = '') => `import numpy as np
${imported}
${own}

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return class_loss(y_true, y_pred, pos_weights, neg_weights)
    return weighted_loss
`;
  const classLoss = (count: string) => `def class_loss(y_true, y_pred, w_pos, w_neg):
    total = 0.0
    for i in range(${count}):
        y, p = y_true[:, i], y_pred[:, i]
        total -= np.mean(w_pos[i] * y * np.log(p + 1e-7) + w_neg[i] * (1 - y) * np.log(1 - p + 1e-7))
    return total
`;
  const beside = (constants: string, count: string, own = ''): ForeignJob => ({
    source: hw('from helpers import class_loss', own),
    sources: { 'helpers.py': `import numpy as np\n\n${constants}\n\n\n${classLoss(count)}` },
    foreign: { '': { class_loss: ['helpers.py', 'class_loss', 6] } },
  });
  it('names the loop, reading the constant in the module that defines the helper', async () => {
    expect(await foreignSiteLines([
      ['N_CLASSES = 14 in helpers.py', 'loss-hardcoded-classes', beside('N_CLASSES = 14', 'N_CLASSES')],
      ['range(3) in a helper of hw.py', 'loss-hardcoded-classes', { source: hw('', `\n\n${classLoss('3')}`) }],
      ['right: range(y_true.shape[1]) in helpers.py', 'loss-hardcoded-classes', beside('N_CLASSES = 14', 'y_true.shape[1]')],
      ["hw.py's own N_CLASSES = 14, helpers.py's imported (not known): none", 'loss-hardcoded-classes', beside('from config import N_CLASSES', 'N_CLASSES', 'N_CLASSES = 14\n')],
    ])).toEqual([
      ['N_CLASSES = 14 in helpers.py', ['helpers.py:8: for i in range(N_CLASSES):']],
      ['range(3) in a helper of hw.py', ['hw.py:7: for i in range(3):']],
      ['right: range(y_true.shape[1]) in helpers.py', undefined],
      ["hw.py's own N_CLASSES = 14, helpers.py's imported (not known): none", undefined],
    ]);
  });
});
