/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 32b: the divisions that
 * make loss-per-term-mean and loss-divided-by-positives, and no other division of the loss beside
 * them. Each row a spelling; the lines the fix changes, or none when the source cannot say.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, lossSource, SITES_HEAD as HEAD, type SiteRow } from '../../helpers/runner.js';

/** get_weighted_loss with its inner loss's body (lines indented by 8), after `before` (top-level helpers). */
const loss = (body: string[], before = '') => lossSource(body, { before });

type Row = SiteRow;
const check = expectSiteLines;

describe('loss-per-term-mean and loss-divided-by-positives: only the divisions by a count of the labels', () => {
  const POS = 'pos_part = np.sum(pos_weights[i] * y * np.log(p + epsilon)) / np.sum(y)';
  const NEG = 'neg_part = np.sum(neg_weights[i] * (1 - y) * np.log(1 - p + epsilon)) / np.sum(1 - y)';
  const rows: Row[] = [
    ['per-term, a class positive rate divided by N beside it', 'loss-per-term-mean',
      loss(['N = y_true.shape[0]', 'loss = 0.0', 'for i in range(len(pos_weights)):', '    y = y_true[:, i]', '    p = y_pred[:, i]',
        '    rate = np.sum(y) / N', '    print(f"class {i}: {rate:.2f} positive")', `    ${POS}`, `    ${NEG}`, '    loss += -(pos_part + neg_part)', 'return loss']),
      [POS, NEG]],
    ['per-term guarded, counts in names, a smoothing helper dividing', 'loss-per-term-mean',
      loss(['p = _smooth(y_pred, epsilon)', 'n_pos = np.maximum(np.sum(y_true, axis=0), 1)', 'n_neg = np.maximum(np.sum(1 - y_true, axis=0), 1)',
        'pos = np.sum(pos_weights * y_true * np.log(p), axis=0) / n_pos', 'neg = np.sum(neg_weights * (1 - y_true) * np.log(1 - p), axis=0) / n_neg', 'return -np.sum(pos + neg)'],
      'def _smooth(p, eps):\n    return (p + eps) / (1 + 2 * eps)\n\n\n'),
      ['pos = np.sum(pos_weights * y_true * np.log(p), axis=0) / n_pos', 'neg = np.sum(neg_weights * (1 - y_true) * np.log(1 - p), axis=0) / n_neg']],
    ['per-term Keras, the batch size divided into a rate beside it', 'loss-per-term-mean',
      loss(['n = K.cast(K.shape(y_true)[0], "float32")', 'tf.print("positive rate", K.sum(y_true) / n)',
        'pos = K.sum(pos_weights * y_true * K.log(y_pred + epsilon), axis=0) / K.sum(y_true, axis=0)', 'neg = K.sum(neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon), axis=0) / K.sum(1 - y_true, axis=0)', 'return -K.sum(pos + neg)']),
      ['pos = K.sum(pos_weights * y_true * K.log(y_pred + epsilon), axis=0) / K.sum(y_true, axis=0)', 'neg = K.sum(neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon), axis=0) / K.sum(1 - y_true, axis=0)']],
    ['per-term: only divisions by N, none', 'loss-per-term-mean',
      loss(['N = y_true.shape[0]', 'pos = np.sum(pos_weights * y_true * np.log(y_pred + epsilon), axis=0) / N', 'neg = np.sum(neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0) / N', 'return -np.sum(pos + neg)']),
      undefined],
    ['positives, the sample\'s n_pos, a rate by N beside it', 'loss-divided-by-positives',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    y = y_true[:, i]', '    p = y_pred[:, i]', '    n_pos = np.sum(y)', '    share = n_pos / len(y)',
        '    class_sum = np.sum(pos_weights[i] * y * np.log(p + epsilon) + neg_weights[i] * (1 - y) * np.log(1 - p + epsilon))', '    loss += -class_sum / n_pos', 'return loss']),
      ['loss += -class_sum / n_pos']],
    ['positives + epsilon, torch, a smoothing helper dividing', 'loss-divided-by-positives',
      loss(['p = _smooth(y_pred, epsilon)', 'terms = pos_weights * y_true * torch.log(p) + neg_weights * (1 - y_true) * torch.log(1 - p)', 'return -torch.sum(terms.sum(dim=0) / (y_true.sum(dim=0) + epsilon))'],
        'def _smooth(p, eps):\n    return (p + eps) / (1 + 2 * eps)\n\n\n'),
      ['return -torch.sum(terms.sum(dim=0) / (y_true.sum(dim=0) + epsilon))']],
    ['positives of the whole matrix, np.count_nonzero', 'loss-divided-by-positives',
      loss(['terms = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(terms) / np.count_nonzero(y_true == 1)']),
      ['return -np.sum(terms) / np.count_nonzero(y_true == 1)']],
  ];
  it('names the divisions by a count of positives or negatives, not a division by N or a helper\'s', async () => {
    await check(rows);
  });
});

/** compute_class_freqs with its body (lines indented by 4), and a correct loss after it. */
const freqs = (body: string[]) =>
  `${HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n\n\n` +
  loss(['return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']);

describe('freqs-bitwise-not: the ~ taken of integer labels', () => {
  const rows: Row[] = [
    ['the sample: np.sum(~labels.astype(int), axis=0) / N', 'freqs-bitwise-not',
      freqs(['N = labels.shape[0]', 'positive_frequencies = np.sum(labels, axis=0) / N', 'negative_frequencies = np.sum(~labels.astype(int), axis=0) / N', 'return positive_frequencies, negative_frequencies']),
      ['negative_frequencies = np.sum(~labels.astype(int), axis=0) / N']],
    ['vectorised np.mean(~labels, axis=0)', 'freqs-bitwise-not',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = np.mean(~labels, axis=0)', 'return pos, neg']),
      ['neg = np.mean(~labels, axis=0)']],
    ['a loop over the classes, ~ of a column', 'freqs-bitwise-not',
      freqs(['N, C = labels.shape', 'pos, neg = np.zeros(C), np.zeros(C)', 'for c in range(C):', '    pos[c] = np.sum(labels[:, c]) / N', '    neg[c] = np.sum(~labels[:, c]) / N', 'return pos, neg']),
      ['neg[c] = np.sum(~labels[:, c]) / N']],
    ['torch.bitwise_not', 'freqs-bitwise-not',
      freqs(['y = torch.as_tensor(labels)', 'pos = y.float().mean(dim=0)', 'neg = torch.bitwise_not(y).float().mean(dim=0)', 'return pos.numpy(), neg.numpy()']),
      ['neg = torch.bitwise_not(y).float().mean(dim=0)']],
    ['np.invert, a mask of ones beside it', 'freqs-bitwise-not',
      freqs(['ones = labels == 1', 'pos = np.mean(ones, axis=0)', 'unused = ~ones', 'neg = np.mean(np.invert(labels), axis=0)', 'return pos, neg']),
      ['neg = np.mean(np.invert(labels), axis=0)']],
    ['~ of a comparison: none', 'freqs-bitwise-not',
      freqs(['pos = np.mean(labels == 1, axis=0)', 'neg = np.mean(~(labels == 1), axis=0)', 'return pos, neg']),
      undefined],
    ['~ of a cast to bool: none', 'freqs-bitwise-not',
      freqs(['pos = np.mean(labels, axis=0)', 'neg = np.mean(~labels.astype(bool), axis=0)', 'return pos, neg']),
      undefined],
  ];
  it('names each bitwise NOT of what may be integers, not one of booleans', async () => {
    await check(rows);
  });
});

describe('loss-mixed-indexing: what a class loop\'s term leaves unindexed beside column i', () => {
  const POS = 'loss += -np.mean(pos_weights * y_true[:, i] * np.log(y_pred[:, i] + epsilon)';
  const NEG = '+ neg_weights * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))';
  const loop = (lines: string[]) => loss(['loss = 0.0', 'for i in range(len(pos_weights)):', ...lines.map((l) => `    ${l}`), 'return loss']);
  const rows: Row[] = [
    ['the sample: the weights whole', 'loss-mixed-indexing', loop([POS, `                 ${NEG}`]), [POS, NEG]],
    ['one weight whole, in names', 'loss-mixed-indexing',
      loop(['y = y_true[:, i]', 'p = y_pred[:, i]', 'pos = pos_weights * y * np.log(p + epsilon)', 'neg = neg_weights[i] * (1 - y) * np.log(1 - p + epsilon)', 'loss += -np.mean(pos + neg)']),
      ['pos = pos_weights * y * np.log(p + epsilon)']],
    ['a row of the predictions beside the column, Keras', 'loss-mixed-indexing',
      loop(['pos = pos_weights[i] * y_true[:, i] * K.log(y_pred[i] + epsilon)', 'neg = neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[i] + epsilon)', 'loss += -K.mean(pos + neg)']),
      ['pos = pos_weights[i] * y_true[:, i] * K.log(y_pred[i] + epsilon)', 'neg = neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[i] + epsilon)']],
    ['a row kept in a name, torch', 'loss-mixed-indexing',
      loop(['y = y_true[:, i]', 'p = y_pred[i]', 'loss += -torch.mean(pos_weights[i] * y * torch.log(p + epsilon) + neg_weights[i] * (1 - y) * torch.log(1 - p + epsilon))']),
      ['p = y_pred[i]']],
    ['the whole predictions beside the column', 'loss-mixed-indexing',
      loop(['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred + epsilon))']),
      ['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred + epsilon))']],
    ['the weights taken by the loop: none', 'loss-mixed-indexing',
      loss(['loss = 0.0', 'for i, (pw, nw) in enumerate(zip(pos_weights, neg_weights)):', '    loss += -np.mean(pw * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + nw * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss']),
      undefined],
    ['a weight indexed into a name: none', 'loss-mixed-indexing',
      loop(['w = pos_weights[i]', 'v = neg_weights[i]', 'loss += -np.mean(w * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + v * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']),
      undefined],
  ];
  it('names the weights or rows left unindexed for class i, not an indexed one', async () => {
    await check(rows);
  });
});

describe('loss-skips-example and freqs-skips-example: the slice or loop that leaves an example out', () => {
  const TERMS = (y: string, p: string) => `pos_weights * ${y} * np.log(${p} + epsilon) + neg_weights * (1 - ${y}) * np.log(1 - ${p} + epsilon)`;
  const rows: Row[] = [
    ['the sample: y_true[1:, i], y_pred[1:, i]', 'loss-skips-example',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    y, p = y_true[1:, i], y_pred[1:, i]', '    loss += -np.mean(pos_weights[i] * y * np.log(p + epsilon) + neg_weights[i] * (1 - y) * np.log(1 - p + epsilon))', 'return loss']),
      ['y, p = y_true[1:, i], y_pred[1:, i]']],
    ['vectorised, [:-1] on two lines', 'loss-skips-example',
      loss(['y = y_true[:-1]', 'p = y_pred[:-1]', `return -np.sum(np.mean(${TERMS('y', 'p')}, axis=0))`]),
      ['y = y_true[:-1]', 'p = y_pred[:-1]']],
    ['a loop over range(1, N) of the examples', 'loss-skips-example',
      loss(['N = len(y_true)', 'loss = 0.0', 'for n in range(1, N):', `    loss += -np.sum(${TERMS('y_true[n]', 'y_pred[n]')})`, 'return loss / N']),
      ['for n in range(1, N):']],
    ['torch, range(N - 1) with N, C = y_true.shape', 'loss-skips-example',
      loss(['N, C = y_true.shape', 'total = 0.0', 'for n in range(N - 1):', '    total = total - torch.sum(pos_weights * y_true[n] * torch.log(y_pred[n] + epsilon) + neg_weights * (1 - y_true[n]) * torch.log(1 - y_pred[n] + epsilon))', 'return total / N']),
      ['for n in range(N - 1):']],
    ['a class slice y_true[:, 1:] and a row\'s classes: none', 'loss-skips-example',
      loss(['N = len(y_true)', 'loss = 0.0', 'for n in range(N):', '    row = y_true[n]', '    loss += -np.sum(pos_weights[1:] * row[1:] * np.log(y_pred[n, 1:] + epsilon))', 'return loss / N + 0 * np.sum(y_true[:, 1:])']),
      undefined],
    ['freqs sample: range(1, N) with N, C = labels.shape', 'freqs-skips-example',
      freqs(['N, C = labels.shape', 'positive_counts = np.zeros(C)', 'for n in range(1, N):', '    positive_counts += labels[n]', 'positive_frequencies = positive_counts / N', 'return positive_frequencies, 1 - positive_frequencies']),
      ['for n in range(1, N):']],
    ['freqs np.mean(labels[1:], axis=0)', 'freqs-skips-example',
      freqs(['pos = np.mean(labels[1:], axis=0)', 'return pos, 1 - pos']),
      ['pos = np.mean(labels[1:], axis=0)']],
    ['freqs torch y[:-1]', 'freqs-skips-example',
      freqs(['y = torch.as_tensor(labels, dtype=torch.float64)', 'pos = y[:-1].mean(dim=0)', 'return pos.numpy(), (1 - pos).numpy()']),
      ['pos = y[:-1].mean(dim=0)']],
    ['freqs range(len(labels) - 1) in a comprehension', 'freqs-skips-example',
      freqs(['N = len(labels)', 'pos = sum(labels[n] for n in range(len(labels) - 1)) / N', 'return pos, 1 - pos']),
      ['pos = sum(labels[n] for n in range(len(labels) - 1)) / N']],
    ['freqs: every row, a class slice: none', 'freqs-skips-example',
      freqs(['N, C = labels.shape', 'pos = np.zeros(C)', 'for n in range(N):', '    pos += labels[n]', 'pos[1:] = pos[1:] + 0 * labels[:, 1:].sum(axis=0)', 'return pos / N, 1 - pos / N']),
      undefined],
  ];
  it('names each slice or range that drops the first or last example, not a class slice', async () => {
    await check(rows);
  });
});

describe('loss-mixed-indexing without a loop: a reduction over the classes that meets the weights', () => {
  const rows: Row[] = [
    ['numpy, np.mean(..., axis=1) in the product', 'loss-mixed-indexing',
      loss(['return -np.sum(pos_weights * np.mean(y_true * np.log(y_pred + epsilon), axis=1) + neg_weights * np.mean((1 - y_true) * np.log(1 - y_pred + epsilon), axis=1))']),
      ['return -np.sum(pos_weights * np.mean(y_true * np.log(y_pred + epsilon), axis=1) + neg_weights * np.mean((1 - y_true) * np.log(1 - y_pred + epsilon), axis=1))']],
    ['Keras, K.mean(..., axis=-1) kept in names', 'loss-mixed-indexing',
      loss(['pos_rows = K.mean(y_true * K.log(y_pred + epsilon), axis=-1)', 'neg_rows = K.mean((1 - y_true) * K.log(1 - y_pred + epsilon), axis=-1)', 'return -K.sum(pos_weights * pos_rows + neg_weights * neg_rows)']),
      ['pos_rows = K.mean(y_true * K.log(y_pred + epsilon), axis=-1)', 'neg_rows = K.mean((1 - y_true) * K.log(1 - y_pred + epsilon), axis=-1)']],
    ['torch, .mean(dim=1)', 'loss-mixed-indexing',
      loss(['pos = (y_true * torch.log(y_pred + epsilon)).mean(dim=1)', 'neg = ((1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=1)', 'return -(pos_weights * pos + neg_weights * neg).sum()']),
      ['pos = (y_true * torch.log(y_pred + epsilon)).mean(dim=1)', 'neg = ((1 - y_true) * torch.log(1 - y_pred + epsilon)).mean(dim=1)']],
    ['the mean over the examples: none', 'loss-mixed-indexing',
      loss(['return -np.sum(pos_weights * np.mean(y_true * np.log(y_pred + epsilon), axis=0) + neg_weights * np.mean((1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']),
      undefined],
    ['a class sum after the weights: none', 'loss-mixed-indexing',
      loss(['terms = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.mean(np.sum(terms, axis=1))']),
      undefined],
  ];
  it('names each reduction over axis 1 that a weight vector multiplies', async () => {
    await check(rows);
  });
});
