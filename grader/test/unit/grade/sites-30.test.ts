/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), stop 30's gaps: each row a
 * spelling that gave no line, the wrong one, or a site twice before; the lines the fix changes
 * now, or none when the source cannot say.
 */
import { describe, expect, it } from 'vitest';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf, shownLines } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\nimport tensorflow as tf\nimport torch\nfrom keras import backend as K\n\n\n';

/** get_weighted_loss with its inner loss's body (lines indented by 8). */
const loss = (body: string[], head = 'pos_weights, neg_weights, epsilon=1e-7', inner = 'y_true, y_pred') =>
  `${HEAD}def get_weighted_loss(${head}):\n    def weighted_loss(${inner}):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

describe('loss-swapped-weights: both terms on one line', () => {
  it('is one site, not one per term', async () => {
    const src = loss(['return -np.mean(neg_weights * y_true * np.log(y_pred + epsilon) + pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))']);
    const [fs] = await functionsOf([src]);
    expect(fs!.get_weighted_loss!.sites!.filter((s) => s.kind === 'swapped')).toEqual([{ kind: 'swapped', line: 9 }]);
  });
});

describe('a clip by a function of CuPy, JAX or TensorFlow\'s NumPy (runner._SITE_MODULES)', () => {
  const terms = (m: string) => `pos_weights * y_true * ${m}.log(p + epsilon) + neg_weights * (1 - y_true) * ${m}.log(1 - p + epsilon)`;
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['cp.clip', 'loss-clip-and-epsilon', `import cupy as cp\n${loss(['p = cp.clip(y_pred, epsilon, 1 - epsilon)', `return -cp.sum(cp.mean(${terms('cp')}, axis=0))`])}`, ['p = cp.clip(y_pred, epsilon, 1 - epsilon)']],
    ['tnp.clip', 'loss-clip-and-epsilon', `import tensorflow.experimental.numpy as tnp\n${loss(['p = tnp.clip(y_pred, epsilon, 1 - epsilon)', `return -tnp.sum(tnp.mean(${terms('tnp')}, axis=0))`])}`, ['p = tnp.clip(y_pred, epsilon, 1 - epsilon)']],
    ['right: cp.clip to [0, 1]', 'loss-clip-and-epsilon', `import cupy as cp\n${loss(['p = cp.clip(y_pred, 0, 1)', `return -cp.sum(cp.mean(${terms('cp')}, axis=0))`])}`, undefined],
  ];
  it.each(table)('%s', async (name, id, src, want) => {
    expect(await shownLines([[name, id, src]])).toEqual([[name, want]]);
  });
});

describe('loss-unweighted and loss-sign: the log terms, or the return', () => {
  const bce = 'y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['unweighted, vectorised', 'loss-unweighted', loss([`return -np.sum(np.mean(${bce}, axis=0))`]), [`return -np.sum(np.mean(${bce}, axis=0))`]],
    ['unweighted, each term in a name', 'loss-unweighted', loss(['pos = y_true * np.log(y_pred + epsilon)', 'neg = (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      ['pos = y_true * np.log(y_pred + epsilon)', 'neg = (1 - y_true) * np.log(1 - y_pred + epsilon)']],
    // learners 34: the negative term's weight taken as 1 - pos_weights in the factory was shown at the
    // loss's line, which reads neg_weights as it should; the `1 -` is where the fix goes.
    ['neg_weights = 1 - pos_weights in the factory: that line', 'loss-unweighted',
      loss(['return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']).replace(
        'epsilon=1e-7):\n', 'epsilon=1e-7):\n    neg_weights = 1 - pos_weights\n'),
      ['neg_weights = 1 - pos_weights']],
    ['(1 - w) on the negative term of a class loop: that line', 'loss-unweighted',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    w = pos_weights[i]', '    loss += -np.mean(w * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', '                     + (1 - w) * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss']),
      ['+ (1 - w) * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']],
    ['sign, vectorised', 'loss-sign', loss([`return np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))`]),
      ['return np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']],
    ['sign, a library\'s cross-entropy: the return', 'loss-sign', loss(['terms = pos_weights * y_true * K.binary_crossentropy(y_true, y_pred)', 'return -K.sum(K.mean(terms, axis=0))']), ['return -K.sum(K.mean(terms, axis=0))']],
    ['sign, logs on four lines: none', 'loss-sign', loss(['a = np.log(y_pred + epsilon)', 'b = np.log(1 - y_pred + epsilon)', 'c = np.log(y_pred[:, 0] + epsilon)', 'd = np.log(1 - y_pred[:, 0] + epsilon)', 'return np.sum(np.mean(pos_weights * y_true * a + neg_weights * (1 - y_true) * b, axis=0))']), undefined],
  ];
  it.each(table)('%s', async (name, id, src, want) => {
    expect(await shownLines([[name, id, src]])).toEqual([[name, want]]);
  });
});

describe('sites 30: a count one short of the classes, a sigmoid in a longer helper, a transposed matrix in the loss', () => {
  const freqs = (body: string[]) => `${HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const terms = 'pos_weights * y_true * np.log(p + epsilon) + neg_weights * (1 - y_true) * np.log(1 - p + epsilon)';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    // N bound one short of a shape's dimension: that line, not the division by N.
    ['N = labels.shape[1] - 1', 'freqs-wrong-denominator', freqs(['N = labels.shape[1] - 1', 'pos = np.sum(labels, axis=0) / N', 'return pos, 1 - pos']), ['N = labels.shape[1] - 1']],
    ['N = len(labels[0]) - 1', 'freqs-wrong-denominator', freqs(['N = len(labels[0]) - 1', 'pos = np.sum(labels, axis=0) / N', 'neg = np.sum(1 - labels, axis=0) / N', 'return pos, neg']), ['N = len(labels[0]) - 1']],
    // A sigmoid written out in a helper of more than one line, or in a helper that computes the terms.
    ['a four-line sigmoid helper', 'loss-sigmoid-on-probabilities',
      `${HEAD}def probs(x):\n    x = np.asarray(x)\n    z = x * 1.0\n    s = 1 / (1 + np.exp(-z))\n    return s\n\n\n${loss(['p = probs(y_pred)', `return -np.sum(np.mean(${terms}, axis=0))`]).slice(HEAD.length)}`, ['s = 1 / (1 + np.exp(-z))']],
    ['a sigmoid in the terms helper', 'loss-sigmoid-on-probabilities',
      `${HEAD}def terms(y_true, y_pred, pos_weights, neg_weights, epsilon):\n    p = 1 / (1 + np.exp(-y_pred))\n    return ${terms}\n\n\n${loss(['return -np.sum(np.mean(terms(y_true, y_pred, pos_weights, neg_weights, epsilon), axis=0))']).slice(HEAD.length)}`,
      ['p = 1 / (1 + np.exp(-y_pred))']],
    // The one-line helper: its call, as before (not its def too).
    ['a one-line sigmoid helper: the call', 'loss-sigmoid-on-probabilities',
      `${HEAD}def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n\n\n${loss(['p = sigmoid(y_pred)', `return -np.sum(np.mean(${terms}, axis=0))`]).slice(HEAD.length)}`, ['p = sigmoid(y_pred)']],
    // The loss's terms transposed: a sum over axis 1 of terms.T is over the examples.
    ['np.sum(terms.T, axis=1)', 'loss-sum-not-mean', loss([`t = ${terms.replaceAll('p + ', 'y_pred + ').replaceAll('- p', '- y_pred')}`, 'per_class = np.sum(t.T, axis=1)', 'return -np.sum(per_class)']), ['per_class = np.sum(t.T, axis=1)']],
    ['right: np.mean(terms.T, axis=1)', 'loss-wrong-axis', loss([`t = ${terms.replaceAll('p + ', 'y_pred + ').replaceAll('- p', '- y_pred')}`, 'per_class = np.mean(t.T, axis=1)', 'return -np.sum(per_class) / len(pos_weights)']), ['return -np.sum(per_class) / len(pos_weights)']],
  ];
  it.each(table)('%s', async (name, id, src, want) => {
    expect(await shownLines([[name, id, src]])).toEqual([[name, want]]);
  });
});

describe('a loss written as a class the factory returns, wherever the class is defined', () => {
  // __init__ keeps the weights; __call__ puts each on the other term (loss-swapped-weights: its line).
  const swapped = 'return -np.mean(self.nw * y_true * np.log(y_pred + self.eps) + self.pw * (1 - y_true) * np.log(1 - y_pred + self.eps))';
  const right = 'return -np.mean(self.pw * y_true * np.log(y_pred + self.eps) + self.nw * (1 - y_true) * np.log(1 - y_pred + self.eps))';
  const cls = (name: string, ret: string, pad = '') =>
    [`class ${name}:`, '    def __init__(self, pos_weights, neg_weights, epsilon):', '        self.pw, self.nw, self.eps = pos_weights, neg_weights, epsilon', '', '    def __call__(self, y_true, y_pred):', `        ${ret}`]
      .map((l) => (l ? pad + l : l))
      .join('\n');
  const factory = (body: string[]) => `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const table: [string, string, string[] | undefined][] = [
    ['a class at the top level (as before)', `${HEAD}${cls('WeightedLoss', swapped)}\n\n\n${factory(['return WeightedLoss(pos_weights, neg_weights, epsilon)'])}`, [swapped]],
    ['a class nested in a class', `${HEAD}class Losses:\n${cls('Weighted', swapped, '    ')}\n\n\n${factory(['return Losses.Weighted(pos_weights, neg_weights, epsilon)'])}`, [swapped]],
    ['a class under another name at the top level', `${HEAD}${cls('WeightedLoss', swapped)}\n\n\nLoss = WeightedLoss\n\n\n${factory(['return Loss(pos_weights, neg_weights, epsilon)'])}`, [swapped]],
    ['a class under another name in the factory', `${HEAD}${cls('WeightedLoss', swapped)}\n\n\n${factory(['make = WeightedLoss', 'return make(pos_weights, neg_weights, epsilon)'])}`, [swapped]],
    ['a class a helper function defines and returns', `${HEAD}def loss_class():\n${cls('Weighted', swapped, '    ')}\n    return Weighted\n\n\n${factory(['return loss_class()(pos_weights, neg_weights, epsilon)'])}`, [swapped]],
    // A name bound to two constructions (an if rebinds it): each class is read, as either may run.
    ['a name rebound in an if: the class there is read too', `${HEAD}${cls('Plain', right)}\n\n\n${cls('Other', swapped)}\n\n\n${factory(['fn = Plain(pos_weights, neg_weights, epsilon)', 'if epsilon < 1e-6:', '    fn = Other(pos_weights, neg_weights, epsilon)', 'return fn'])}`, [swapped]],
    // A name bound to a construction and to something else: no class is the loss for sure.
    // Bound to more than four constructions: a bound on the work (each is resolved on its own), no line.
    ['a name bound to five constructions: none', `${HEAD}${cls('Other', swapped)}\n\n\n${factory(['fn = Other(pos_weights, neg_weights, epsilon)', ...[1, 2, 3, 4].flatMap((k) => [`if epsilon < 1e-${k}:`, '    fn = Other(pos_weights, neg_weights, epsilon)']), 'return fn'])}`, undefined],
    ['a name bound to a class and to a function: none', `${HEAD}${cls('Other', swapped)}\n\n\n${factory(['fn = Other(pos_weights, neg_weights, epsilon)', 'if epsilon < 1e-6:', '    fn = lambda y_true, y_pred: 0.0', 'return fn'])}`, undefined],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-swapped-weights', src]])).toEqual([[name, want]]);
  });
});

describe('shapes and transposes read as _shape_of and _call_subject read them', () => {
  const freqs = (body: string[]) => `${HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const table: [string, MistakeId, string, string[] | undefined][] = [
    // K.int_shape(labels) unpacked as N, C: C counts the classes, as with labels.shape.
    ['/ C of N, C = K.int_shape(labels)', 'freqs-wrong-denominator', freqs(['N, C = K.int_shape(labels)', 'pos = K.sum(labels, axis=0) / C', 'neg = K.sum(1 - labels, axis=0) / C', 'return pos, neg']),
      ['pos = K.sum(labels, axis=0) / C', 'neg = K.sum(1 - labels, axis=0) / C']],
    // A transpose by a function of a path into a module takes its array first (tnp = tf.experimental.numpy).
    ['np.mean(tf.experimental.numpy.transpose(labels), axis=0)', 'freqs-wrong-axis', freqs(['pos = np.mean(tf.experimental.numpy.transpose(labels), axis=0)', 'return pos, 1 - pos']),
      ['pos = np.mean(tf.experimental.numpy.transpose(labels), axis=0)']],
  ];
  it.each(table)('%s', async (name, id, src, want) => {
    expect(await shownLines([[name, id, src]])).toEqual([[name, want]]);
  });
});

describe('a weight attribute set twice in __init__: the last one, which the loss reads', () => {
  const klass = (init: string[], extra: string[] = []) => `${HEAD}class WeightedLoss:
    def __init__(self, pos_weights, neg_weights, epsilon):
${init.map((l) => `        ${l}`).join('\n')}
        self.eps = epsilon
${extra.map((l) => `    ${l}`).join('\n')}

    def __call__(self, y_true, y_pred):
        return -np.mean(self.pw * y_true * np.log(y_pred + self.eps) + self.nw * (1 - y_true) * np.log(1 - y_pred + self.eps))


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    return WeightedLoss(pos_weights, neg_weights, epsilon)
`;
  const table: [string, string, string[] | undefined][] = [
    ['set, then converted from the other parameter', klass(['self.pw = pos_weights', 'self.nw = neg_weights', 'self.pw = np.asarray(neg_weights, dtype=float)', 'self.nw = np.asarray(pos_weights, dtype=float)']),
      ['self.pw = np.asarray(neg_weights, dtype=float)', 'self.nw = np.asarray(pos_weights, dtype=float)']],
    ['set to None first', klass(['self.pw = None', 'self.nw = None', 'self.pw, self.nw = neg_weights, pos_weights']), ['self.pw, self.nw = neg_weights, pos_weights']],
    // Set again in another method, or under an if: which one the loss reads is no one's to say.
    ['set again in another method: none', klass(['self.pw, self.nw = neg_weights, pos_weights'], ['', 'def build(self, pos_weights, neg_weights):', '    self.pw, self.nw = pos_weights, neg_weights']), undefined],
    ['set again under an if: none', klass(['self.pw, self.nw = neg_weights, pos_weights', 'if epsilon < 0:', '    self.pw, self.nw = pos_weights, neg_weights']), undefined],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-swapped-weights', src]])).toEqual([[name, want]]);
  });
});

describe("loss-rows-not-columns at weights taken by the example: the fix in the learner's loop variable", () => {
  const overExamples = (v: string) =>
    loss(['loss = 0.0', `for ${v} in range(len(y_true)):`, `    loss += -np.mean(pos_weights[${v}] * y_true[${v}] * np.log(y_pred[${v}] + epsilon) + neg_weights[${v}] * (1 - y_true[${v}]) * np.log(1 - y_pred[${v}] + epsilon))`, 'return loss']);
  it('says row idx, pos_weights[idx] for a loop over idx; n when the loop has no plain name', async () => {
    const [idx, n, other] = await functionsOf([overExamples('idx'), overExamples('n'), overExamples('ñ')]);
    const fix = siteOf('loss-rows-not-columns', idx)?.fix;
    expect(fix).toMatch(/^Your loop runs over the examples \(row idx: y_true\[idx\], y_pred\[idx\]\), so pos_weights\[idx\] and neg_weights\[idx\] pair each example/);
    expect(fix).not.toMatch(/\[n\]/);
    expect(siteOf('loss-rows-not-columns', n)?.fix).toMatch(/\(row n: y_true\[n\], y_pred\[n\]\), so pos_weights\[n\]/);
    // A name the report would not quote as is (not ASCII): the fix's own n.
    expect(siteOf('loss-rows-not-columns', other)?.fix).toMatch(/\(row n: y_true\[n\], y_pred\[n\]\)/);
  });
  it("loss-loops-over-examples there: the weights-by-example fix in the loop's variable too", async () => {
    const [idx] = await functionsOf([overExamples('idx')]);
    const fix = siteOf('loss-loops-over-examples', idx)?.fix;
    expect(fix).toMatch(/^Index the weights by the class, not by the example: for row idx, pos_weights \* y_true\[idx\]/);
    expect(fix).not.toMatch(/\[n\]/);
  });
});

describe('a weighted log kept in a name: its label factor is read where the name is used (review 30)', () => {
  const pos = 'pos = pos_weights * np.log(y_pred + epsilon)';
  const neg = 'neg = neg_weights * np.log(1 - y_pred + epsilon)';
  const table: [string, MistakeId, string, string[] | undefined][] = [
    ['neg added as it is: the sum, not the names', 'loss-missing-label-factor', loss([pos, neg, 'return -np.sum(np.mean(y_true * pos\n            + neg, axis=0))']), ['+ neg, axis=0))']],
    ['loss += neg', 'loss-missing-label-factor', loss([pos, neg, 'loss = y_true * pos', 'loss += neg', 'return -np.sum(np.mean(loss, axis=0))']), ['loss += neg']],
    ['both labelled where used: none', 'loss-missing-label-factor', loss([pos, neg, 'return -np.sum(np.mean(y_true * pos + (1 - y_true) * neg, axis=0))']), undefined],
    ['neg times y_true: swapped there', 'loss-swapped-terms', loss([pos, neg, 'terms = (1 - y_true) * pos\n        terms = terms + y_true * neg', 'return -np.sum(np.mean(terms, axis=0))']), ['terms = (1 - y_true) * pos', 'terms = terms + y_true * neg']],
    ['neg passed to a reduction: no telling', 'loss-missing-label-factor', loss([pos, neg, 'return -np.sum(np.mean(y_true * pos, axis=0)) - np.sum(np.mean(neg, axis=0))']), undefined],
    ['neg bound twice: no telling', 'loss-missing-label-factor', loss([pos, neg, 'neg = neg * (1 - y_true)', 'return -np.sum(np.mean(y_true * pos + neg, axis=0))']), undefined],
    ['the log in the sum itself: its line, as before', 'loss-missing-label-factor', loss(['return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon)\n            + neg_weights * np.log(1 - y_pred + epsilon), axis=0))']), ['+ neg_weights * np.log(1 - y_pred + epsilon), axis=0))']],
  ];
  it.each(table)('%s', async (name, id, src, want) => {
    expect(await shownLines([[name, id, src]])).toEqual([[name, want]]);
  });
});

describe('a loss object called on columns and, under another name, on the whole matrix (review 30)', () => {
  const body = (use: string[]) => loss(["bce = tf.keras.losses.BinaryCrossentropy(reduction='sum')", ...use, 'return total']);
  const table: [string, string, boolean][] = [
    ['only on columns: over the examples', body(['total = 0.0', 'for i in range(len(pos_weights)):', '    total += bce(y_true[:, i:i + 1], y_pred[:, i:i + 1])']), true],
    ['f = bce, f on the matrix', body(['f = bce', 'total = bce(y_true[:, 0:0 + 1], y_pred[:, 0:0 + 1])', 'total += f(y_true, y_pred)']), false],
    ['passed to a helper', body(['total = sum(map(bce, [y_true], [y_pred]))', 'total += bce(y_true[:, 0:0 + 1], y_pred[:, 0:0 + 1])']), false],
  ];
  it.each(table)('%s', async (_name, src, column) => {
    const [fs] = await functionsOf([src]);
    const at = fs!.get_weighted_loss!.sites!.filter((s) => s.kind === 'reduction' && s.line === 9);
    expect(at).toEqual([{ kind: 'reduction', line: 9, op: 'sum', axis: 'none', ...(column ? { column: true } : {}) }]);
  });
});

describe('freqs-hardcoded-classes: where the frequencies fix their count of classes (review 30)', () => {
  const freqs = (body: string[], head = '') => `${HEAD}${head}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  const fill = (k: string) => [`pos = np.zeros(${k})`, `for c in range(${k}):`, '    pos[c] = np.mean(labels[:, c])', 'return pos, 1 - pos'];
  const table: [string, string, string[] | undefined][] = [
    ['np.zeros(14) and range(14)', freqs(fill('14')), ['pos = np.zeros(14)', 'for c in range(14):']],
    ["the notebook's global", freqs(fill('N_CLASSES'), 'N_CLASSES = 14\n\n\n'), ['pos = np.zeros(N_CLASSES)', 'for c in range(N_CLASSES):']],
    ['a count bound in the function: that line', freqs(['num_classes = 14', ...fill('num_classes')]), ['num_classes = 14']],
    ["labels.shape[1]: none", freqs(fill('labels.shape[1]')), undefined],
    ['a count bound from the labels: none', freqs(['num_classes = labels.shape[1]', ...fill('num_classes')]), undefined],
    ['range(14) over no column of the labels: none', freqs(['pos = np.mean(labels, axis=0)', 'for c in range(14):', '    print(c)', 'return pos, 1 - pos']), undefined],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'freqs-hardcoded-classes', src]])).toEqual([[name, want]]);
  });
});

describe("loss-normalised-weights: the mean that divides by the weights' sum (review 30)", () => {
  const bce = 'bce = -(y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon))';
  const w = 'w = pos_weights * y_true + neg_weights * (1 - y_true)';
  const table: [string, string, string[] | undefined][] = [
    ['np.average(..., weights=w)', loss([bce, w, 'return np.sum(np.average(bce, weights=w, axis=0))']), ['return np.sum(np.average(bce, weights=w, axis=0))']],
    ['weights third', loss([bce, w, 'per_class = np.average(bce, 0, w)', 'return np.sum(per_class)']), ['per_class = np.average(bce, 0, w)']],
    ['np.average with no weights: none', loss([bce, w, 'return np.sum(np.average(w * bce, axis=0))']), undefined],
    ['weights=None: none', loss([bce, w, 'return np.sum(np.average(w * bce, axis=0, weights=None))']), undefined],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-normalised-weights', src]])).toEqual([[name, want]]);
  });
});

describe('loss-same-weight-both-terms: one weight times both terms (review 30)', () => {
  const bce = 'bce = y_true[:, i] * np.log(y_pred[:, i] + epsilon) + (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';
  const each = (body: string[]) => loss(['loss = 0.0', 'for i in range(len(pos_weights)):', ...body.map((l) => `    ${l}`), 'return loss']);
  const table: [string, string, string[] | undefined][] = [
    ['pos_weights[i] * bce', each([bce, 'loss += -np.mean(pos_weights[i] * bce)']), ['loss += -np.mean(pos_weights[i] * bce)']],
    ['the sum written in the product', each(['loss -= np.mean(neg_weights[i] * (y_true[:, i] * np.log(y_pred[:, i] + epsilon) + (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))']),
      ['loss -= np.mean(neg_weights[i] * (y_true[:, i] * np.log(y_pred[:, i] + epsilon) + (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))']],
    ['F.binary_cross_entropy(weight=pos_weights[i])', each(['loss += torch.nn.functional.binary_cross_entropy(y_pred[:, i], y_true[:, i], weight=pos_weights[i])']),
      ['loss += torch.nn.functional.binary_cross_entropy(y_pred[:, i], y_true[:, i], weight=pos_weights[i])']],
    ['a weight made of both: none', loss(['w = pos_weights * y_true + neg_weights * (1 - y_true)', 'return torch.nn.functional.binary_cross_entropy(y_pred, y_true, weight=w)']), undefined],
    ['the right loss: none', each(['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']), undefined],
    ['a weight times one term in a name: none', each(['t = y_true[:, i] * np.log(y_pred[:, i] + epsilon)', 'loss += -np.mean(pos_weights[i] * t + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']), undefined],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-same-weight-both-terms', src]])).toEqual([[name, want]]);
  });
});

describe('loss-missing-class-index: a class loop term with the whole matrices (review 30)', () => {
  const each = (body: string[]) => loss(['loss = 0.0', 'for i in range(len(pos_weights)):', ...body.map((l) => `    ${l}`), 'return loss']);
  const table: [string, string, string[] | undefined][] = [
    ['only the predictions whole', each(['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred + epsilon)', '                 + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']),
      ['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred + epsilon)']],
    ['a column in a name: none', each(['y, p = y_true[:, i], y_pred[:, i]', 'loss += -np.mean(pos_weights[i] * y * np.log(p + epsilon) + neg_weights[i] * (1 - y) * np.log(1 - p + epsilon))']), undefined],
    ['the right loss: none', each(['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']), undefined],
    ['vectorised, no loop: none', loss(['return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']), undefined],
  ];
  it.each(table)('%s', async (name, src, want) => {
    expect(await shownLines([[name, 'loss-missing-class-index', src]])).toEqual([[name, want]]);
  });
});
