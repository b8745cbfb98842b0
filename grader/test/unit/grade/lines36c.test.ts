/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), lines 36c: frequencies forms that got
 * no line or a wrong one: a class loop (or slice) one class short, frequencies typed in, a count of the
 * classes bound to a name and divided by, swapped frequencies filled into arrays by a class loop, a
 * fraction rounded down by hand; and code that looks alike but is right, which gets no line.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, SITES_HEAD, type SiteRow } from '../../helpers/runner.js';

/** compute_class_freqs with this body (lines indented by 4). */
const freqs = (body: string[]) => `${SITES_HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
/** A loop filling pos over `range`, neg as 1 minus it. */
const filled = (before: string[], range: string, fill = 'pos[c] = np.mean(labels[:, c])') =>
  freqs([...before, `for c in ${range}:`, `    ${fill}`, 'return pos, 1 - pos']);

describe('freqs-skips-class: the loop or slice that leaves a class out', () => {
  const rows: SiteRow[] = [
    ['range(C - 1), C of labels.shape', 'freqs-skips-class', filled(['N, C = labels.shape', 'pos = np.zeros(C)'], 'range(C - 1)'), ['for c in range(C - 1):']],
    ['range(labels.shape[1] - 1)', 'freqs-skips-class', filled(['pos = np.zeros(labels.shape[1])'], 'range(labels.shape[1] - 1)'), ['for c in range(labels.shape[1] - 1):']],
    ['range(1, C), C = len(labels[0])', 'freqs-skips-class', filled(['C = len(labels[0])', 'pos = np.zeros(C)'], 'range(1, C)'), ['for c in range(1, C):']],
    ['torch, range(labels.size(1) - 1)', 'freqs-skips-class',
      filled(['labels = torch.as_tensor(labels, dtype=torch.float32)', 'pos = torch.zeros(labels.shape[1])'], 'range(labels.size(1) - 1)', 'pos[c] = labels[:, c].mean()'),
      ['for c in range(labels.size(1) - 1):']],
    ['tf, range(tf.shape(labels)[1] - 1)', 'freqs-skips-class',
      filled(['pos = np.zeros(labels.shape[1])'], 'range(tf.shape(labels)[1] - 1)', 'pos[c] = tf.reduce_mean(tf.cast(labels[:, c], tf.float32))'),
      ['for c in range(tf.shape(labels)[1] - 1):']],
    ['a comprehension over range(C - 1)', 'freqs-skips-class',
      freqs(['C = labels.shape[1]', 'pos = np.array([K.mean(labels[:, c]) for c in range(C - 1)])', 'return pos, 1 - pos']),
      ['pos = np.array([K.mean(labels[:, c]) for c in range(C - 1)])']],
    ['labels[:, :-1]', 'freqs-skips-class', freqs(['pos = np.mean(labels[:, :-1], axis=0)', 'return pos, 1 - pos']), ['pos = np.mean(labels[:, :-1], axis=0)']],
    ['labels[:, 1:]', 'freqs-skips-class', freqs(['pos = np.mean(labels[:, 1:], axis=0)', 'return pos, 1 - pos']), ['pos = np.mean(labels[:, 1:], axis=0)']],
    // Right: every class.
    ['range(C) (right)', 'freqs-skips-class', filled(['N, C = labels.shape', 'pos = np.zeros(C)'], 'range(C)'), undefined],
    ['range(labels.shape[1]) (right)', 'freqs-skips-class', filled(['pos = np.zeros(labels.shape[1])'], 'range(labels.shape[1])'), undefined],
    ['range(N - 1) over the examples is no class (right here)', 'freqs-skips-class',
      freqs(['N = labels.shape[0]', 'pos = np.zeros(labels.shape[1])', 'for n in range(N):', '    pos += labels[n]', 'return pos / N, 1 - pos / N']), undefined],
    ['labels[:, c] whole (right)', 'freqs-skips-class', freqs(['pos = np.mean(labels[:, :], axis=0)', 'return pos, 1 - pos']), undefined],
  ];
  it('names each such loop or slice, and none in right code', async () => {
    await expectSiteLines(rows);
  });
});

describe('freqs-ignores-inputs: the frequencies typed in', () => {
  const rows: SiteRow[] = [
    ['np.array of numbers assigned', 'freqs-ignores-inputs',
      freqs(['positive_frequencies = np.array([0.2, 0.4, 0.6])', 'negative_frequencies = 1 - positive_frequencies', 'return positive_frequencies, negative_frequencies']),
      ['positive_frequencies = np.array([0.2, 0.4, 0.6])']],
    ['two lists returned', 'freqs-ignores-inputs', freqs(['return [0.25, 0.5, 0.75], [0.75, 0.5, 0.25]']), ['return [0.25, 0.5, 0.75], [0.75, 0.5, 0.25]']],
    ['torch.tensor and tf.constant on two lines', 'freqs-ignores-inputs',
      freqs(['pos = torch.tensor([0.1, 0.3])', 'neg = tf.constant([0.9, 0.7])', 'return pos, neg']), ['pos = torch.tensor([0.1, 0.3])', 'neg = tf.constant([0.9, 0.7])']],
    ['a tuple of numbers', 'freqs-ignores-inputs', freqs(['pos = np.asarray((0.5, 0.25, 0.125))', 'return pos, 1 - pos']), ['pos = np.asarray((0.5, 0.25, 0.125))']],
    // Right: from the labels; whole numbers (a shape, a start) are no frequencies.
    ['from the labels (right)', 'freqs-ignores-inputs', freqs(['pos = np.mean(labels, axis=0)', 'return pos, 1 - pos']), undefined],
    ['np.array of the labels, a list of whole numbers (right)', 'freqs-ignores-inputs',
      freqs(['y = np.array(labels, dtype=float)', 'axes = [0, 1]', 'pos = np.mean(y, axis=axes[0])', 'return pos, 1 - pos']), undefined],
  ];
  it('names each list of numbers, and none in right code', async () => {
    await expectSiteLines(rows);
  });
});

describe('freqs-wrong-denominator: where the count is bound', () => {
  const rows: SiteRow[] = [
    ['N = labels.shape[1]', 'freqs-wrong-denominator', freqs(['N = labels.shape[1]', 'pos = np.sum(labels, axis=0) / N', 'return pos, 1 - pos']), ['N = labels.shape[1]']],
    ['N = labels.shape[0] - 1', 'freqs-wrong-denominator', freqs(['N = labels.shape[0] - 1', 'pos = np.sum(labels, axis=0) / N', 'return pos, 1 - pos']), ['N = labels.shape[0] - 1']],
    ['n = len(labels[0]), two divisions', 'freqs-wrong-denominator',
      freqs(['n = len(labels[0])', 'pos = np.sum(labels, axis=0) / n', 'neg = np.sum(1 - labels, axis=0) / n', 'return pos, neg']), ['n = len(labels[0])']],
    ['torch: n = labels.shape[-1], /= n', 'freqs-wrong-denominator',
      freqs(['y = torch.as_tensor(labels).float()', 'n = y.shape[-1]', 'pos = y.sum(dim=0)', 'pos /= n', 'return pos, 1 - pos']), ['n = y.shape[-1]']],
    // C also bounds a loop: the division by it, not the name that the loop needs.
    ['C bounds the loop too: the division', 'freqs-wrong-denominator',
      freqs(['C = labels.shape[1]', 'pos = np.zeros(C)', 'for c in range(C):', '    pos[c] = np.sum(labels[:, c]) / C', 'return pos, 1 - pos']), ['pos[c] = np.sum(labels[:, c]) / C']],
  ];
  it('names the N = line where N counts the classes and only divides', async () => {
    await expectSiteLines(rows);
  });
});

describe('freqs-swapped: arrays filled by a class loop', () => {
  const loop = (pos: string, neg: string, ret = 'return pos, neg') =>
    freqs(['C = labels.shape[1]', 'pos = np.zeros(C)', 'neg = np.zeros(C)', 'for c in range(C):', `    ${pos}`, `    ${neg}`, ret]);
  const rows: SiteRow[] = [
    ['== 0 into pos, == 1 into neg', 'freqs-swapped', loop('pos[c] = np.mean(labels[:, c] == 0)', 'neg[c] = np.mean(labels[:, c] == 1)'),
      ['pos[c] = np.mean(labels[:, c] == 0)', 'neg[c] = np.mean(labels[:, c] == 1)']],
    ['the mean into neg, pos = 1 - neg[c]', 'freqs-swapped', loop('neg[c] = np.mean(labels[:, c])', 'pos[c] = 1 - neg[c]'), ['neg[c] = np.mean(labels[:, c])']],
    ['torch eq(0)', 'freqs-swapped', loop('pos[c] = labels[:, c].eq(0).double().mean()', 'neg[c] = 1 - pos[c]'), ['pos[c] = labels[:, c].eq(0).double().mean()']],
    ['tf cast of == 0', 'freqs-swapped', loop('pos[c] = tf.reduce_mean(tf.cast(labels[:, c] == 0, tf.float32))', 'neg[c] = 1 - pos[c]'),
      ['pos[c] = tf.reduce_mean(tf.cast(labels[:, c] == 0, tf.float32))']],
    ['K.equal(labels[:, c], 1) into neg', 'freqs-swapped', loop("neg[c] = K.mean(K.cast(K.equal(labels[:, c], 1), 'float32'))", 'pos[c] = 1 - neg[c]'),
      ["neg[c] = K.mean(K.cast(K.equal(labels[:, c], 1), 'float32'))"]],
    // Right (each in its own name), or not read for sure (filled twice): no filling line, the return only (the rule's fallback, as before).
    ['right: == 1 into pos', 'freqs-swapped', loop('pos[c] = np.mean(labels[:, c] == 1)', 'neg[c] = np.mean(labels[:, c] == 0)'), ['return pos, neg']],
    ['right: the mean into pos', 'freqs-swapped', loop('pos[c] = np.mean(labels[:, c])', 'neg[c] = 1 - pos[c]'), ['return pos, neg']],
    ['filled twice: not sure', 'freqs-swapped',
      freqs(['C = labels.shape[1]', 'pos = np.zeros(C)', 'for c in range(C):', '    pos[c] = np.mean(labels[:, c] == 0)', '    pos[c] = 1 - pos[c]', 'return pos, 1 - pos']), ['return pos, 1 - pos']],
  ];
  it('names the filling lines, and none in right code', async () => {
    await expectSiteLines(rows);
  });
});

describe('freqs-integer-division: a fraction rounded down by hand', () => {
  const rows: SiteRow[] = [
    ['x - x % 1', 'freqs-integer-division', freqs(['N = labels.shape[0]', 'counts = np.sum(labels, axis=0)', 'pos = counts / N - (counts / N) % 1', 'return pos, 1 - pos']),
      ['pos = counts / N - (counts / N) % 1']],
    ['x - np.mod(x, 1)', 'freqs-integer-division', freqs(['f = np.sum(labels, axis=0) / len(labels)', 'pos = f - np.mod(f, 1)', 'return pos, 1 - pos']), ['pos = f - np.mod(f, 1)']],
    ['torch.remainder', 'freqs-integer-division',
      freqs(['f = torch.as_tensor(labels).float().mean(0)', 'pos = f - torch.remainder(f, 1)', 'return pos, 1 - pos']), ['pos = f - torch.remainder(f, 1)']],
    ['np.floor', 'freqs-integer-division', freqs(['N = labels.shape[0]', 'pos = np.floor(np.sum(labels, axis=0) / N)', 'return pos, 1 - pos']), ['pos = np.floor(np.sum(labels, axis=0) / N)']],
    ['torch.div trunc', 'freqs-integer-division',
      freqs(['y = torch.as_tensor(labels)', "pos = torch.div(y.sum(dim=0), y.shape[0], rounding_mode='trunc')", 'return pos, 1 - pos']),
      ["pos = torch.div(y.sum(dim=0), y.shape[0], rounding_mode='trunc')"]],
    ['//', 'freqs-integer-division', freqs(['pos = np.sum(labels, axis=0) // labels.shape[0]', 'return pos, 1 - pos']), ['pos = np.sum(labels, axis=0) // labels.shape[0]']],
    ['right: x % 1 not taken away', 'freqs-integer-division', freqs(['pos = np.mean(labels, axis=0)', 'frac = pos % 1', 'return pos, 1 - pos']), undefined],
  ];
  it('names the rounding, and none in right code', async () => {
    await expectSiteLines(rows);
  });
});

describe('loss-recomputes-weights: compute_class_freqs called inside the loss, its weights renamed', () => {
  const FREQS_OK = 'def compute_class_freqs(labels):\n    N = labels.shape[0]\n    positive_frequencies = np.sum(labels, axis=0) / N\n    negative_frequencies = 1 - positive_frequencies\n    return positive_frequencies, negative_frequencies\n\n\n';
  const TERMS = (pw: string, nw: string, log = 'np.log', mean = 'np.mean') =>
    `return -${mean}(${pw} * y_true * ${log}(y_pred + epsilon) + ${nw} * (1 - y_true) * ${log}(1 - y_pred + epsilon))`;
  const CALL = 'freq_pos, freq_neg = compute_class_freqs(y_true)';
  const rows: SiteRow[] = [
    ['unpacked, then pos_weights = freq_neg', 'loss-recomputes-weights', loss([CALL, 'pos_weights = freq_neg', 'neg_weights = freq_pos', TERMS('pos_weights', 'neg_weights')], { before: FREQS_OK }), [CALL]],
    ['unpacked, renamed twice (K)', 'loss-recomputes-weights',
      loss([CALL, 'w = freq_neg', 'pw = w', 'nw = 1 - w', TERMS('pw', 'nw', 'K.log', 'K.mean')], { before: FREQS_OK }), [CALL]],
    ['one name, indexed (torch)', 'loss-recomputes-weights',
      loss(['freqs = compute_class_freqs(y_true)', 'pw = freqs[1]', 'nw = freqs[0]', TERMS('pw', 'nw', 'torch.log', 'torch.mean')], { before: FREQS_OK }), ['freqs = compute_class_freqs(y_true)']],
    ['in place, one line each (tf)', 'loss-recomputes-weights',
      loss(['pw = compute_class_freqs(y_true)[1]', 'nw = compute_class_freqs(y_true)[0]', TERMS('pw', 'nw', 'tf.math.log', 'tf.reduce_mean')], { before: FREQS_OK }),
      ['pw = compute_class_freqs(y_true)[1]', 'nw = compute_class_freqs(y_true)[0]']],
    // A statistic written out keeps each binding's line, as before (lines 36a).
    ['a statistic written out: its lines', 'loss-recomputes-weights', loss(['pw = 1 - np.mean(y_true, axis=0)', 'nw = 1 - pw', TERMS('pw', 'nw')]),
      ['pw = 1 - np.mean(y_true, axis=0)', 'nw = 1 - pw']],
    ['right: the weights given', 'loss-recomputes-weights', loss([TERMS('pos_weights', 'neg_weights')], { before: FREQS_OK }), undefined],
  ];
  it('names the call, not the names it is renamed into', async () => {
    await expectSiteLines(rows);
  });
});

describe('loss-wrong-axis: a loop over the examples that averages each example\'s row', () => {
  const row = (mean: (t: string) => string, log = 'np.log', n = 'n', r = (y: string) => `${y}[${n}]`) =>
    loss(['loss = 0.0', `for ${n} in range(y_true.shape[0]):`,
      `    loss += -${mean(`pos_weights * ${r('y_true')} * ${log}(${r('y_pred')} + epsilon) + neg_weights * (1 - ${r('y_true')}) * ${log}(1 - ${r('y_pred')} + epsilon)`)}`,
      'return loss / y_true.shape[0]']);
  const rows: Array<[string, string]> = [
    ['np.mean of y_true[n]', row((t) => `np.mean(${t})`)],
    ['K.mean of y_true[n, :]', row((t) => `K.mean(${t})`, 'K.log', 'n', (y) => `${y}[n, :]`)],
    ['tf.reduce_mean, row k', row((t) => `tf.reduce_mean(${t})`, 'tf.math.log', 'k', (y) => `${y}[k]`)],
    ['torch: (...).mean()', row((t) => `(${t}).mean()`, 'torch.log')],
  ];
  it('names each row mean, with a fix in loop words', async () => {
    const want = (src: string) => [src.split('\n').find((l) => l.includes('loss += -'))!.trim()];
    await expectSiteLines([
      ...rows.map(([name, src]): SiteRow => [name, 'loss-wrong-axis', src, want(src)]),
      // Right: the row's sum; a class loop's column mean.
      ['np.sum of the row (right)', 'loss-wrong-axis', row((t) => `np.sum(${t})`), undefined],
      ['a class loop (right)', 'loss-wrong-axis', loss(['loss = 0.0', 'for i in range(len(pos_weights)):',
        '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss']), undefined],
    ]);
    const [fs] = await functionsOf([rows[0]![1]]);
    const at = siteOf('loss-wrong-axis', fs!);
    expect(at?.fix).toMatch(/^Your loop runs over the examples, .*divide the total by the number of examples once, after the loop\.$/);
    expect(at?.did).toMatch(/^your loop over the examples takes the mean of each example's row/);
  });
});
