/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), mend 35a: stop 35's new readers
 * marked lines in right code. A class loop's `x = ...` with no start is an overwritten loss only when
 * it is a class's term; a sum divided later in a name (`pos = pos / N`) is averaged; a column at
 * i - 1 is one class off only when i counts from 0.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

/** One class's labels and predictions, on column `c`. */
const yt = (c: string) => `y_true[:, ${c}]`;
const yp = (c: string) => `y_pred[:, ${c}]`;
/** One class's weighted cross-entropy, the weights at `w`, the columns at `c`. */
const term = (w: string, c = w) =>
  `pos_weights[${w}] * ${yt(c)} * np.log(${yp(c)} + epsilon) + neg_weights[${w}] * (1 - ${yt(c)}) * np.log(1 - ${yp(c)} + epsilon)`;

describe('loss-overwrites-accumulator with no start: only a class term overwritten is a line', () => {
  it('names the term, not a count or a sum set in the same loop', async () => {
    const rows: SiteRow[] = [
      ['a count set in the loop beside the overwritten loss: the loss line alone', 'loss-overwrites-accumulator',
        loss(['for i in range(len(pos_weights)):', '    n = y_true.shape[0]', `    loss = -np.sum(${term('i')})`, 'return loss / n']),
        [`loss = -np.sum(${term('i')})`]],
      ['the terms in names bound from the loop, then the loss overwritten', 'loss-overwrites-accumulator',
        loss(['for i in range(len(pos_weights)):', `    y = ${yt('i')}`, `    p = ${yp('i')}`, '    n = len(y)',
          '    pos = pos_weights[i] * y * np.log(p + epsilon)', '    neg = neg_weights[i] * (1 - y) * np.log(1 - p + epsilon)',
          '    loss = -np.sum(pos + neg) / n', 'return loss']),
        ['loss = -np.sum(pos + neg) / n']],
      ['zip of the weights and the columns, a log of the loop\'s columns', 'loss-overwrites-accumulator',
        loss(['for pw, nw, y, p in zip(pos_weights, neg_weights, y_true.T, y_pred.T):',
          '    loss = -np.mean(pw * y * np.log(p + epsilon) + nw * (1 - y) * np.log(1 - p + epsilon))', 'return loss']),
        ['loss = -np.mean(pw * y * np.log(p + epsilon) + nw * (1 - y) * np.log(1 - p + epsilon))']],
      ['right: a count set in the loop, the loss summed with +=', 'loss-overwrites-accumulator',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    n = y_true.shape[0]', `    loss += -np.sum(${term('i')})`, 'return loss / n']), undefined],
      ['right: the number of classes read in the loop, C = i + 1', 'loss-overwrites-accumulator',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.sum(${term('i')})`, '    C = i + 1', 'return loss / (C * y_true.shape[0]) * C']), undefined],
      ['right: a total summed with +=, copied to loss in the loop', 'loss-overwrites-accumulator',
        loss(['total = 0.0', 'for i in range(len(pos_weights)):', `    total += -np.mean(${term('i')})`, '    loss = total', 'return loss']), undefined],
      ['right: the predictions\' size kept in the loop, no class in it', 'loss-overwrites-accumulator',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.sum(${term('i')})`, '    size = y_pred.size', 'return loss * len(pos_weights) / size']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-mixed-reduction: a sum divided in a name is averaged too', () => {
  const P = 'pos_weights * y_true * np.log(y_pred + epsilon)';
  const N = 'neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  it('names the sum never divided, not one divided through its name', async () => {
    const rows: SiteRow[] = [
      ['a sum and a mean over the examples, the sum never divided', 'loss-mixed-reduction',
        loss([`pos = np.sum(${P}, axis=0)`, `neg = np.mean(${N}, axis=0)`, 'return -np.sum(pos + neg)']), [`pos = np.sum(${P}, axis=0)`]],
      ['the sum divided, but the other name (a count) divided', 'loss-mixed-reduction',
        loss([`pos = np.sum(${P}, axis=0)`, `neg = np.mean(${N}, axis=0)`, 'n = len(y_true)', 'half = n / 2', 'return -np.sum(pos + neg)']),
        [`pos = np.sum(${P}, axis=0)`]],
      ['right: pos = pos / len(y_true) after the sum', 'loss-mixed-reduction',
        loss([`pos = np.sum(${P}, axis=0)`, `neg = np.mean(${N}, axis=0)`, 'pos = pos / len(y_true)', 'return -np.sum(pos + neg)']), undefined],
      ['right: the sum divided in the return, neg / len(y_true)', 'loss-mixed-reduction',
        loss([`pos = np.mean(${P}, axis=0)`, `neg = np.sum(${N}, axis=0)`, 'return -np.sum(pos + neg / len(y_true))']), undefined],
      ['right: a minus sum divided in a name, -neg / N', 'loss-mixed-reduction',
        loss(['N = y_true.shape[0]', `pos = -np.mean(${P}, axis=0)`, `neg = np.sum(${N}, axis=0)`, 'return np.sum(pos - neg / N)']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-class-index-off-by-one: a column at i - 1 where i counts from 1 is the class itself', () => {
  const accumulate = (head: string, body: string, before: string[] = []) =>
    loss([...before, 'loss = 0.0', head, `    loss += -np.mean(${body})`, 'return loss']);
  const named = `pw * ${yt('i - 1')} * np.log(${yp('i - 1')} + epsilon) + nw * (1 - ${yt('i - 1')}) * np.log(1 - ${yp('i - 1')} + epsilon)`;
  it('names a column one off from a loop that counts from 0, not one that counts from 1', async () => {
    const rows: SiteRow[] = [
      ['range(len(pos_weights)), the columns at i - 1', 'loss-class-index-off-by-one',
        accumulate('for i in range(len(pos_weights)):', term('i', 'i - 1')), [`loss += -np.mean(${term('i', 'i - 1')})`]],
      ['range(0, C), the columns at i - 1', 'loss-class-index-off-by-one',
        accumulate('for i in range(0, C):', term('i', 'i - 1'), ['C = len(pos_weights)']), [`loss += -np.mean(${term('i', 'i - 1')})`]],
      ['enumerate of the weights (from 0), the columns at i - 1', 'loss-class-index-off-by-one',
        accumulate('for i, (pw, nw) in enumerate(zip(pos_weights, neg_weights)):', named), [`loss += -np.mean(${named})`]],
      ['zip of range(C) and the weights, the columns at i - 1', 'loss-class-index-off-by-one',
        accumulate('for i, pw, nw in zip(range(len(pos_weights)), pos_weights, neg_weights):', named), [`loss += -np.mean(${named})`]],
      ['right: enumerate(..., start=1), the columns at i - 1', 'loss-class-index-off-by-one',
        accumulate('for i, (pw, nw) in enumerate(zip(pos_weights, neg_weights), start=1):', named), undefined],
      ['right: zip of range(1, C + 1) and the weights, the columns at i - 1', 'loss-class-index-off-by-one',
        accumulate('for i, pw, nw in zip(range(1, len(pos_weights) + 1), pos_weights, neg_weights):', named), undefined],
      ['right: i = c + 1, every index at i - 1', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for c in range(len(pos_weights)):', '    i = c + 1', '    pw, nw = pos_weights[c], neg_weights[c]', `    loss += -np.mean(${named})`, 'return loss']), undefined],
      ['right: range(1, C + 1), the weights by name at i - 1', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for i in range(1, len(pos_weights) + 1):', '    pw, nw = pos_weights[i - 1], neg_weights[i - 1]', `    loss += -np.mean(${named})`, 'return loss']),
        undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-weights-reversed: the weights reversed with both inputs\' columns is right', () => {
  const rev = 'C - 1 - i';
  const flipped = (y: string, p: string, w = 'np.flip(pos_weights)') =>
    loss([`pw = ${w}`, 'nw = np.flip(neg_weights)', `yt = ${y}`, `yp = ${p}`,
      'return -np.sum(np.mean(pw * yt * np.log(yp + epsilon) + nw * (1 - yt) * np.log(1 - yp + epsilon), axis=0))']);
  it('names the reversal only when the columns are read in the classes\' order', async () => {
    const rows: SiteRow[] = [
      ['the weights at C - 1 - i, the columns at i', 'loss-weights-reversed',
        loss(['C = len(pos_weights)', 'loss = 0.0', 'for i in range(C):', `    loss += -np.mean(${term(rev, 'i')})`, 'return loss']),
        [`loss += -np.mean(${term(rev, 'i')})`]],
      ['the weights and the labels reversed, the predictions not', 'loss-weights-reversed',
        loss(['C = len(pos_weights)', 'loss = 0.0', 'for i in range(C):', `    y = ${yt(rev)}`, `    p = ${yp('i')}`,
          `    loss += -np.mean(pos_weights[${rev}] * y * np.log(p + epsilon) + neg_weights[${rev}] * (1 - y) * np.log(1 - p + epsilon))`, 'return loss']),
        [`loss += -np.mean(pos_weights[${rev}] * y * np.log(p + epsilon) + neg_weights[${rev}] * (1 - y) * np.log(1 - p + epsilon))`]],
      ['np.flip of the weights, the inputs flipped over the rows only (flipud)', 'loss-weights-reversed',
        flipped('np.flipud(y_true)', 'np.flipud(y_pred)'), ['pw = np.flip(pos_weights)', 'nw = np.flip(neg_weights)']],
      ['np.flip of the weights, the inputs flipped over axis 0', 'loss-weights-reversed',
        flipped('np.flip(y_true, axis=0)', 'np.flip(y_pred, 0)'), ['pw = np.flip(pos_weights)', 'nw = np.flip(neg_weights)']],
      ['right: weights and both columns at C - 1 - i', 'loss-weights-reversed',
        loss(['C = len(pos_weights)', 'loss = 0.0', 'for i in range(C):', `    loss += -np.mean(${term(rev)})`, 'return loss']), undefined],
      ['right: np.flip of the weights and of both inputs over axis 1', 'loss-weights-reversed',
        flipped('np.flip(y_true, axis=1)', 'np.flip(y_pred, axis=1)'), undefined],
      ['right: np.flip of converted weights, both inputs sliced [:, ::-1]', 'loss-weights-reversed',
        flipped('y_true[:, ::-1]', 'y_pred[:, ::-1]', 'np.flip(np.asarray(pos_weights))'), undefined],
      ['right: np.fliplr of both inputs', 'loss-weights-reversed', flipped('np.fliplr(y_true)', 'np.fliplr(y_pred)'), undefined],
    ];
    await expectSiteLines(rows);
  });
});
