/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), lines 36a: forms learners write that
 * got no line (or a wrong one): a class loop bounded by the examples' count spelled through int(),
 * get_shape() or shape[-2]; frequencies computed into each other's names (the assignments, not the
 * return); a class's terms summed by a dot product; and code that looks alike but is right, which
 * gets no line.
 */
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, SITES_HEAD, type SiteRow } from '../../helpers/runner.js';

/** One class's two terms, accumulated on column i. */
const TERM_I = 'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))';
const classLoop = (range: string, before: string[] = []) => loss([...before, 'loss = 0.0', `for i in ${range}:`, `    ${TERM_I}`, 'return loss']);

describe('loss-loops-over-examples: the class loop bounded by the examples, however the count is spelled', () => {
  const wrong = [
    'range(int(y_true.shape[0]))',
    'range(int(tf.shape(y_true)[0]))',
    'range(tf.shape(y_true)[0].numpy())',
    'range(y_true.get_shape()[0])',
    'range(y_true.shape[-2])',
    'range(int(K.shape(y_true)[0]))',
    'range(y_pred.size(0))',
  ];
  const right = ['range(int(y_true.shape[1]))', 'range(y_true.get_shape()[1])', 'range(y_true.shape[-1])', 'range(int(tf.shape(y_true)[1]))', 'range(len(pos_weights))'];
  const rows: SiteRow[] = [
    ...wrong.map((r): SiteRow => [r, 'loss-loops-over-examples', classLoop(r), [`for i in ${r}:`]]),
    // Through a name bound once to the count.
    ['n = int(y_true.shape[0]); range(n)', 'loss-loops-over-examples', classLoop('range(n)', ['n = int(y_true.shape[0])']), ['for i in range(n):']],
    ...right.map((r): SiteRow => [`${r} (right)`, 'loss-loops-over-examples', classLoop(r), undefined]),
  ];
  it('names the loop, and no class loop', async () => {
    await expectSiteLines(rows);
  });

  it('says the fix: range(len(pos_weights))', async () => {
    const [functions] = await functionsOf([classLoop('range(int(y_true.shape[0]))')]);
    const at = siteOf('loss-loops-over-examples', functions);
    expect(at?.line).toBe(10);
    // No fix of its own: the catalogue's, which says the class loop's bound, is said at that line.
    expect(at?.fix).toBeUndefined();
    expect(MISTAKES['loss-loops-over-examples'].fix).toMatch(/range\(len\(pos_weights\)\)/);
  });
});

/** compute_class_freqs with this body (lines indented by 4). */
const freqs = (body: string[]) =>
  `import numpy as np\nimport tensorflow as tf\nimport torch\nfrom keras import backend as K\n\n\ndef compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;

describe('freqs-swapped: the assignments that compute each frequency into the other\'s name', () => {
  const RET = 'return positive_frequencies, negative_frequencies';
  const P = 'positive_frequencies';
  const N = 'negative_frequencies';
  const rows: SiteRow[] = [
    ['labels == 0 and labels == 1', 'freqs-swapped', freqs([`${P} = np.mean(labels == 0, axis=0)`, `${N} = np.mean(labels == 1, axis=0)`, RET]),
      [`${P} = np.mean(labels == 0, axis=0)`, `${N} = np.mean(labels == 1, axis=0)`]],
    ['sums of 1 - labels and labels over N', 'freqs-swapped',
      freqs(['N = labels.shape[0]', `${P} = np.sum(1 - labels, axis=0) / N`, `${N} = np.sum(labels, axis=0) / N`, RET]),
      [`${P} = np.sum(1 - labels, axis=0) / N`, `${N} = np.sum(labels, axis=0) / N`]],
    // The other made from it: the one line that reads the labels.
    ['the mean into neg, pos = 1 - neg (short names)', 'freqs-swapped', freqs(['neg = np.mean(labels, axis=0)', 'pos = 1 - neg', 'return pos, neg']),
      ['neg = np.mean(labels, axis=0)']],
    ['torch, the labels converted first', 'freqs-swapped',
      freqs(['labels = torch.as_tensor(labels, dtype=torch.float64)', `${N} = labels.mean(dim=0)`, `${P} = 1 - ${N}`, RET]), [`${N} = labels.mean(dim=0)`]],
    ['K.equal cast and averaged', 'freqs-swapped',
      freqs([`${P} = K.mean(K.cast(K.equal(labels, 0), 'float32'), axis=0)`, `${N} = 1 - ${P}`, RET]), [`${P} = K.mean(K.cast(K.equal(labels, 0), 'float32'), axis=0)`]],
    ['tf.cast(labels == 0) in tf.reduce_mean', 'freqs-swapped',
      freqs([`${P} = tf.reduce_mean(tf.cast(labels == 0, tf.float32), axis=0)`, `${N} = tf.reduce_mean(tf.cast(labels == 1, tf.float32), axis=0)`, RET]),
      [`${P} = tf.reduce_mean(tf.cast(labels == 0, tf.float32), axis=0)`, `${N} = tf.reduce_mean(tf.cast(labels == 1, tf.float32), axis=0)`]],
    ['a count of the 0s in a name, then divided', 'freqs-swapped',
      freqs(['n = len(labels)', 'pos_count = np.count_nonzero(labels == 0, axis=0)', `${P} = pos_count / n`, `${N} = 1 - ${P}`, RET]),
      ['pos_count = np.count_nonzero(labels == 0, axis=0)']],
    ['N minus the count of 1s as the positives', 'freqs-swapped',
      freqs(['N = labels.shape[0]', `${P} = (N - np.sum(labels, axis=0)) / N`, `${N} = np.sum(labels, axis=0) / N`, RET]),
      [`${P} = (N - np.sum(labels, axis=0)) / N`, `${N} = np.sum(labels, axis=0) / N`]],
    ['~labels.astype(bool) and torch.eq', 'freqs-swapped',
      freqs([`${P} = np.mean(~labels.astype(bool), axis=0)`, `${N} = torch.eq(torch.as_tensor(labels), 1).double().mean(0)`, RET]),
      [`${P} = np.mean(~labels.astype(bool), axis=0)`, `${N} = torch.eq(torch.as_tensor(labels), 1).double().mean(0)`]],
    // The return in the wrong order: the return is the line.
    ['right values, returned in the wrong order', 'freqs-swapped',
      freqs([`${P} = np.mean(labels, axis=0)`, `${N} = 1 - ${P}`, `return ${N}, ${P}`]), [`return ${N}, ${P}`]],
    // Sides not sure: the labels flipped first: the return, as before.
    ['the labels flipped first: the return', 'freqs-swapped',
      freqs(['labels = 1 - labels', `${N} = np.mean(labels, axis=0)`, `${P} = 1 - ${N}`, RET]), [RET]],
    // A class loop filling the arrays, each once: the filling lines (lines 36c).
    ['filled in a class loop: the fills', 'freqs-swapped',
      freqs([`${P} = np.zeros(labels.shape[1])`, `${N} = np.zeros(labels.shape[1])`, 'for c in range(labels.shape[1]):',
        `    ${P}[c] = np.mean(labels[:, c] == 0)`, `    ${N}[c] = np.mean(labels[:, c] == 1)`, RET]), [`${P}[c] = np.mean(labels[:, c] == 0)`, `${N}[c] = np.mean(labels[:, c] == 1)`]],
  ];
  const right: [string, string[]][] = [
    ['np.mean and 1 - it', [`${P} = np.mean(labels, axis=0)`, `${N} = 1 - ${P}`, RET]],
    ['labels == 1 and labels == 0', [`${P} = np.mean(labels == 1, axis=0)`, `${N} = np.mean(labels == 0, axis=0)`, RET]],
    ['counts over N', ['N = labels.shape[0]', `${P} = np.sum(labels, axis=0) / N`, `${N} = (N - np.sum(labels, axis=0)) / N`, RET]],
    ['K.equal', [`${P} = K.mean(K.cast(K.equal(labels, 1), 'float32'), axis=0)`, `${N} = K.mean(K.cast(K.not_equal(labels, 1), 'float32'), axis=0)`, RET]],
    ['torch, converted', ['labels = torch.as_tensor(labels, dtype=torch.float64)', `${P} = labels.mean(dim=0)`, `${N} = 1 - ${P}`, RET]],
  ];
  it('names each assignment that computes the other side, and the return when the order is wrong', async () => {
    await expectSiteLines(rows);
  });
  it('says the return is right there, and gives no assignment line in right code', async () => {
    const fs = await functionsOf([
      freqs([`${P} = np.mean(labels == 0, axis=0)`, `${N} = np.mean(labels == 1, axis=0)`, RET]),
      ...right.map(([, body]) => freqs(body)),
    ]);
    expect(siteOf('freqs-swapped', fs[0])?.fix).toMatch(/^These lines compute each frequency into the other's name: .*the return's order is right\.$/);
    // Said so too, where the catalogue's words say the return's order is wrong.
    expect(siteOf('freqs-swapped', fs[0])?.did).toMatch(/^you compute positive_frequencies and negative_frequencies into each other's names/);
    // Right code: no assignment is a site (its return only, which the rule names only when the values say so).
    expect(right.map(([name], i) => [name, fs[i + 1]!['compute_class_freqs']!.sites!.filter((s) => s.kind === 'swapped')])).toEqual(right.map(([name]) => [name, []]));
  });
});

describe('loss-sum-not-mean: a dot product over the examples, never divided', () => {
  const col = (y: string, logArg: string, dot: (a: string, b: string) => string, log = 'np.log') => dot(y, `${log}(${logArg} + epsilon)`);
  const pair = (dot: (a: string, b: string) => string, log = 'np.log', after = '') => {
    const pos = `pos = pos_weights[i] * ${col('y_true[:, i]', 'y_pred[:, i]', dot, log)}${after}`;
    const neg = `neg = neg_weights[i] * ${col('(1 - y_true[:, i])', '1 - y_pred[:, i]', dot, log)}${after}`;
    return { src: loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    ${pos}`, `    ${neg}`, '    loss += -(pos + neg)', 'return loss']), lines: [pos, neg] };
  };
  const forms: [string, (a: string, b: string) => string, string][] = [
    ['np.dot', (a, b) => `np.dot(${a}, ${b})`, 'np.log'],
    ['@', (a, b) => `${a} @ ${b}`, 'np.log'],
    ['np.inner', (a, b) => `np.inner(${a}, ${b})`, 'np.log'],
    ['a.dot(b)', (a, b) => `${a}.dot(${b})`, 'np.log'],
    ['tf.tensordot(a, b, 1)', (a, b) => `tf.tensordot(${a}, ${b}, 1)`, 'tf.math.log'],
    ['tf.tensordot(a, b, axes=1)', (a, b) => `tf.tensordot(${a}, ${b}, axes=1)`, 'tf.math.log'],
    ['torch.dot', (a, b) => `torch.dot(${a}, ${b})`, 'torch.log'],
  ];
  const rows: SiteRow[] = [
    ...forms.map(([name, dot, log]): SiteRow => { const { src, lines } = pair(dot, log); return [name, 'loss-sum-not-mean', src, lines]; }),
    // The log's column kept in a name first.
    ['np.dot of a name bound to the column\'s log', 'loss-sum-not-mean',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    lp = np.log(y_pred[:, i] + epsilon)', '    ln = np.log(1 - y_pred[:, i] + epsilon)',
        '    loss -= pos_weights[i] * np.dot(y_true[:, i], lp) + neg_weights[i] * np.dot(1 - y_true[:, i], ln)', 'return loss']),
      ['loss -= pos_weights[i] * np.dot(y_true[:, i], lp) + neg_weights[i] * np.dot(1 - y_true[:, i], ln)']],
    // Right: each dot divided by the number of examples.
    ['np.dot(...) / len(y_true) (right)', 'loss-sum-not-mean', pair(forms[0]![1], 'np.log', ' / len(y_true)').src, undefined],
    ['y @ log / N (right)', 'loss-sum-not-mean', pair(forms[1]![1], 'np.log', ' / y_true.shape[0]').src, undefined],
    ['torch.dot(...) / N (right)', 'loss-sum-not-mean', pair(forms[6]![1], 'torch.log', ' / len(y_true)').src, undefined],
  ];
  it('names each dot product, and none divided', async () => {
    await expectSiteLines(rows);
  });
  it('says a dot product is the sum; a product of whole matrices is no dot of a class', async () => {
    const [functions, matrix] = await functionsOf([pair(forms[0]![1]).src,
      loss(['M = y_true.T @ np.log(y_pred + epsilon) + (1 - y_true).T @ np.log(1 - y_pred + epsilon)', 'return -np.sum(np.diag(M)) / len(y_true)'])]);
    expect(siteOf('loss-sum-not-mean', functions)?.fix).toMatch(/^A dot product of a class's columns sums its terms over the examples: divide it by their number/);
    expect(matrix!['get_weighted_loss']!.sites!.filter((s) => s.dot === true)).toEqual([]);
  });
});

describe('loss-recomputes-weights: a helper that makes the weights from the labels, at its own lines', () => {
  const T = 'return -np.sum(np.mean(pw * y_true * np.log(y_pred + epsilon) + nw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))';
  const helper = (body: string[], name = '_weights', param = 'y') => `def ${name}(${param}):\n${body.map((l) => `    ${l}`).join('\n')}\n\n\n`;
  const rows: SiteRow[] = [
    ['frequencies returned un-inverted', 'loss-recomputes-weights',
      loss(['pw, nw = _weights(y_true)', T], { before: helper(['pos = np.mean(y, axis=0)', 'neg = 1 - pos', 'return pos, neg']) }), ['pos = np.mean(y, axis=0)']],
    ['sums over N, returned swapped', 'loss-recomputes-weights',
      loss(['pw, nw = _weights(y_true)', T], { before: helper(['n = y.shape[0]', 'pos_freq = np.sum(y, axis=0) / n', 'return 1 - pos_freq, pos_freq']) }),
      ['pos_freq = np.sum(y, axis=0) / n']],
    ['both sides counted, K.sum', 'loss-recomputes-weights',
      loss(['pw, nw = _weights(y_true)', T.replaceAll('np.', 'K.')],
        { before: helper(['pos = K.sum(y, axis=0) / K.cast(K.shape(y)[0], "float32")', 'neg = K.sum(1 - y, axis=0) / K.cast(K.shape(y)[0], "float32")', 'return neg, pos']) }),
      ['pos = K.sum(y, axis=0) / K.cast(K.shape(y)[0], "float32")', 'neg = K.sum(1 - y, axis=0) / K.cast(K.shape(y)[0], "float32")']],
    ['torch .mean(dim=0), the result indexed', 'loss-recomputes-weights',
      loss(['w = _weights(y_true)', 'return -torch.sum(torch.mean(w[0] * y_true * torch.log(y_pred + epsilon) + w[1] * (1 - y_true) * torch.log(1 - y_pred + epsilon), dim=0))'],
        { before: helper(['f = y.float().mean(dim=0)', 'return 1 - f, f']) }), ['f = y.float().mean(dim=0)']],
    ['in a class loop', 'loss-recomputes-weights',
      loss(['loss = 0.0', 'wp, wn = _weights(y_true)', 'for i in range(len(pos_weights)):',
        '    loss += -np.mean(wp[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + wn[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss'],
      { before: helper(['f = np.mean(y, axis=0)', 'return f, 1 - f']) }), ['f = np.mean(y, axis=0)']],
    // A helper the loss defines itself, in get_weighted_loss.
    ['a def of the loss\'s own', 'loss-recomputes-weights',
      `${SITES_HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def _weights(y):\n        freq_pos = K.mean(y, axis=0)\n        return freq_pos, 1 - freq_pos\n\n`
      + `    def weighted_loss(y_true, y_pred):\n        pw, nw = _weights(y_true)\n        ${T.replaceAll('np.', 'K.')}\n    return weighted_loss\n`,
      ['freq_pos = K.mean(y, axis=0)']],
    // compute_class_freqs calls the helper too: its statistics are right there, the loss's call is the line.
    ['a helper compute_class_freqs shares: the call', 'loss-recomputes-weights',
      loss(['pw, nw = _weights(y_true)', T], { before: `${helper(['pos = np.mean(y, axis=0)', 'return pos, 1 - pos'])}def compute_class_freqs(labels):\n    return _weights(labels)\n\n\n` }),
      ['pw, nw = _weights(y_true)']],
    // A helper of the terms, given the labels and predictions and no weight, that makes them itself: its lines.
    ['a term helper making its own weights, torch', 'loss-recomputes-weights',
      loss(['return -torch.sum(torch.mean(_term(y_true, y_pred, epsilon), dim=0))'], {
        before: 'def _term(y, p, eps):\n    w_pos = 1 - y.float().mean(dim=0)\n    return w_pos * y * torch.log(p + eps) + (1 - w_pos) * (1 - y) * torch.log(1 - p + eps)\n\n\n' }),
      // The name's binding, and its 1 - w_pos written in place on the negative term.
      ['w_pos = 1 - y.float().mean(dim=0)', 'return w_pos * y * torch.log(p + eps) + (1 - w_pos) * (1 - y) * torch.log(1 - p + eps)']],
    ['a term helper making its own weights in place, numpy', 'loss-recomputes-weights',
      loss(['return -np.sum(np.mean(_term(y_true, y_pred, epsilon), axis=0))'], {
        before: 'def _term(y, p, eps):\n    return (1 - np.mean(y, axis=0)) * y * np.log(p + eps) + np.mean(y, axis=0) * (1 - y) * np.log(1 - p + eps)\n\n\n' }),
      ['return (1 - np.mean(y, axis=0)) * y * np.log(p + eps) + np.mean(y, axis=0) * (1 - y) * np.log(1 - p + eps)']],
    ['a term helper the weights multiply outside (right)', 'loss-recomputes-weights',
      loss(['return -np.sum(np.mean(pos_weights * _pos(y_true, y_pred, epsilon) + neg_weights * _neg(y_true, y_pred, epsilon), axis=0))'], {
        before: 'def _pos(y, p, eps):\n    return y * np.log(p + eps)\n\n\ndef _neg(y, p, eps):\n    return (1 - y) * np.log(1 - p + eps)\n\n\n' }), undefined],
    ['a term helper averaging over its own positives (not a weight)', 'loss-recomputes-weights',
      loss(['return -np.sum(pos_weights * _pos(y_true, y_pred, epsilon) + neg_weights * np.mean((1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))'], {
        before: 'def _pos(y, p, eps):\n    return np.sum(y * np.log(p + eps), axis=0) / np.sum(y, axis=0)\n\n\n' }), undefined],
    // Right: the weights given, a helper of the labels that only counts for a division.
    ['the weights given, a helper beside (right)', 'loss-recomputes-weights',
      loss([T.replace('pw', 'pos_weights').replace('nw', 'neg_weights')], { before: helper(['pos = np.mean(y, axis=0)', 'return pos, 1 - pos']) }), undefined],
  ];
  it('names the helper\'s lines that make the statistics', async () => {
    await expectSiteLines(rows);
  });
});

describe("each term on its own line (pos = -K.mean(...), neg = -K.mean(...)), then summed: a term's mistake at that term's line", () => {
  const yt = 'y_true[:, i]';
  const yp = 'y_pred[:, i]';
  const looped = (pos: string, neg: string, add = 'loss += pos + neg') => loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    pos = ${pos}`, `    neg = ${neg}`, `    ${add}`, 'return loss']);
  const whole = (pos: string, neg: string, ret: string) => loss([`pos = ${pos}`, `neg = ${neg}`, ret]);
  const P = `-K.mean(pos_weights[i] * ${yt} * K.log(${yp} + epsilon))`;
  const N = `-K.mean(neg_weights[i] * (1 - ${yt}) * K.log(1 - ${yp} + epsilon))`;
  const rows: SiteRow[] = [
    ['swapped weights, K, a class loop', 'loss-swapped-weights', looped(P.replace('pos_weights', 'neg_weights'), N.replace('neg_weights', 'pos_weights')),
      [`pos = ${P.replace('pos_weights', 'neg_weights')}`, `neg = ${N.replace('neg_weights', 'pos_weights')}`]],
    ['no epsilon in the positive term, K', 'loss-epsilon-one-term', looped(P.replace(' + epsilon', ''), N), [`pos = ${P.replace(' + epsilon', '')}`]],
    ['no epsilon in the negative term, loss = loss + ...', 'loss-epsilon-one-term', looped(P, N.replace(' + epsilon', ''), 'loss = loss + pos + neg'),
      [`neg = ${N.replace(' + epsilon', '')}`]],
    ['log(p) in the negative term', 'loss-same-log-both-terms', looped(P, N.replace(`K.log(1 - ${yp} + epsilon)`, `K.log(${yp} + epsilon)`)),
      [`neg = ${N.replace(`K.log(1 - ${yp} + epsilon)`, `K.log(${yp} + epsilon)`)}`]],
    ['the labels in the positive log, torch', 'loss-labels-in-log',
      looped(P.replaceAll('K.', 'torch.').replace(`log(${yp}`, `log(${yt}`), N.replaceAll('K.', 'torch.')), [`pos = ${P.replaceAll('K.', 'torch.').replace(`log(${yp}`, `log(${yt}`)}`]],
    ['swapped weights, torch .mean(dim=0), whole arrays', 'loss-swapped-weights',
      whole('-(neg_weights * y_true * torch.log(y_pred + epsilon)).mean(dim=0)', '-(pos_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=0)', 'return (pos + neg).sum()'),
      ['pos = -(neg_weights * y_true * torch.log(y_pred + epsilon)).mean(dim=0)', 'neg = -(pos_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=0)']],
    ['no epsilon in the positive term, tf, whole arrays', 'loss-epsilon-one-term',
      whole('-tf.reduce_mean(pos_weights * y_true * tf.math.log(y_pred), axis=0)', '-tf.reduce_mean(neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0)',
        'return tf.reduce_sum(pos) + tf.reduce_sum(neg)'),
      ['pos = -tf.reduce_mean(pos_weights * y_true * tf.math.log(y_pred), axis=0)']],
    ['epsilon subtracted in the negative term, K, whole arrays', 'loss-epsilon-subtracted',
      whole('-K.mean(pos_weights * y_true * K.log(y_pred + epsilon), axis=0)', '-K.mean(neg_weights * (1 - y_true) * K.log(1 - y_pred - epsilon), axis=0)', 'return K.sum(pos + neg)'),
      ['neg = -K.mean(neg_weights * (1 - y_true) * K.log(1 - y_pred - epsilon), axis=0)']],
    // Right: each term its own weight, ε and log: no term's line for any of them.
    ['right terms: swapped weights', 'loss-swapped-weights', looped(P, N), undefined],
    ['right terms: same log', 'loss-same-log-both-terms', looped(P, N), undefined],
    ['right terms: labels in a log', 'loss-labels-in-log', looped(P, N), undefined],
  ];
  it('names the term that holds the mistake', async () => {
    await expectSiteLines(rows);
  });
});
