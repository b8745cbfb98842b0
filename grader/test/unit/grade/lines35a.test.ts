/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), lines 35a: the forms of stop 34's
 * mistakes the readers did not point at (a log, a mean or a reversal kept in a name first, a
 * reduction of each term on its own line, the columns shifted rather than the weights), and code
 * that looks alike but is right, which gets no line.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

/** One class's labels and predictions, on column `c`. */
const yt = (c: string) => `y_true[:, ${c}]`;
const yp = (c: string) => `y_pred[:, ${c}]`;

describe('loss-same-log-both-terms: one log kept in a name, read by both terms', () => {
  it('names the term that reads the wrong log, at its use', async () => {
    const rows: SiteRow[] = [
      [
        'in a class loop, both terms on one line',
        'loss-same-log-both-terms',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    lp = np.log(${yp('i')} + epsilon)`,
          `    loss += -np.mean(pos_weights[i] * ${yt('i')} * lp + neg_weights[i] * (1 - ${yt('i')}) * lp)`, 'return loss']),
        [`loss += -np.mean(pos_weights[i] * ${yt('i')} * lp + neg_weights[i] * (1 - ${yt('i')}) * lp)`],
      ],
      [
        'vectorised, each term on its line',
        'loss-same-log-both-terms',
        loss(['lp = np.log(y_pred + epsilon)', 'pos = pos_weights * y_true * lp', 'neg = neg_weights * (1 - y_true) * lp', 'return -np.sum(np.mean(pos + neg, axis=0))']),
        ['neg = neg_weights * (1 - y_true) * lp'],
      ],
      [
        'log(1 - p) in both, in K',
        'loss-same-log-both-terms',
        loss(['log_neg = K.log(1 - y_pred + epsilon)', 'pos = pos_weights * y_true * log_neg', 'neg = neg_weights * (1 - y_true) * log_neg', 'return -K.sum(K.mean(pos + neg, axis=0))']),
        ['pos = pos_weights * y_true * log_neg'],
      ],
      [
        'loss-swapped-terms through two names: both terms',
        'loss-swapped-terms',
        loss(['lp = np.log(y_pred + epsilon)', 'ln = np.log(1 - y_pred + epsilon)', 'pos = pos_weights * y_true * ln', 'neg = neg_weights * (1 - y_true) * lp', 'return -np.sum(np.mean(pos + neg, axis=0))']),
        ['pos = pos_weights * y_true * ln', 'neg = neg_weights * (1 - y_true) * lp'],
      ],
      [
        'right: each term its own log through names',
        'loss-same-log-both-terms',
        loss(['lp = np.log(y_pred + epsilon)', 'ln = np.log(1 - y_pred + epsilon)', 'pos = pos_weights * y_true * lp', 'neg = neg_weights * (1 - y_true) * ln', 'return -np.sum(np.mean(pos + neg, axis=0))']),
        undefined,
      ],
      [
        'right: a name bound twice is no one log',
        'loss-same-log-both-terms',
        loss(['lg = np.log(y_pred + epsilon)', 'pos = pos_weights * y_true * lg', 'lg = np.log(1 - y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * lg', 'return -np.sum(np.mean(pos + neg, axis=0))']),
        undefined,
      ],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-weights-reversed: the reversal of a converted weight, or a flip by another name', () => {
  const vec = (wp: string, wn: string) =>
    loss([`wp = ${wp}`, `wn = ${wn}`, 'L = wp * y_true * np.log(y_pred + epsilon) + wn * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(L, axis=0))']);
  it('names each reversal, where it is written', async () => {
    const rows: SiteRow[] = [
      ['np.asarray(pos_weights)[::-1]', 'loss-weights-reversed', vec('np.asarray(pos_weights)[::-1]', 'np.asarray(neg_weights)[::-1]'),
        ['wp = np.asarray(pos_weights)[::-1]', 'wn = np.asarray(neg_weights)[::-1]']],
      ['pos_weights[::-1] in a name, used whole', 'loss-weights-reversed', vec('pos_weights[::-1]', 'neg_weights'), ['wp = pos_weights[::-1]']],
      ['torch: .flip(0) of a tensor, torch.flip of one', 'loss-weights-reversed', vec('torch.tensor(pos_weights).flip(0)', 'torch.flip(torch.as_tensor(neg_weights), dims=[0])'),
        ['wp = torch.tensor(pos_weights).flip(0)', 'wn = torch.flip(torch.as_tensor(neg_weights), dims=[0])']],
      ['tf.reverse, neg only', 'loss-weights-reversed', vec('tf.constant(pos_weights)', 'tf.reverse(tf.constant(neg_weights), axis=[0])'),
        ['wn = tf.reverse(tf.constant(neg_weights), axis=[0])']],
      [
        'builtin reversed() in a zip',
        'loss-weights-reversed',
        loss(['loss = 0.0', 'for i, (wp, wn) in enumerate(zip(reversed(pos_weights), reversed(neg_weights))):',
          `    loss += -np.mean(wp * ${yt('i')} * np.log(${yp('i')} + epsilon) + wn * (1 - ${yt('i')}) * np.log(1 - ${yp('i')} + epsilon))`, 'return loss']),
        ['for i, (wp, wn) in enumerate(zip(reversed(pos_weights), reversed(neg_weights))):'],
      ],
      ['right: the conversions as they are', 'loss-weights-reversed', vec('np.asarray(pos_weights)', 'torch.tensor(neg_weights)'), undefined],
      ['a conversion\'s stride is no reversal', 'loss-weights-reversed', vec('np.asarray(pos_weights)[::2]', 'neg_weights'), undefined],
      [
        'the predictions flipped are no weights',
        'loss-weights-reversed',
        loss(['p = np.flip(y_pred, axis=0)', 'L = pos_weights * y_true * np.log(p + epsilon) + neg_weights * (1 - y_true) * np.log(1 - p + epsilon)', 'return -np.sum(np.mean(L, axis=0))']),
        undefined,
      ],
      ['a conversion\'s i - 1 is the off-by-one, not this', 'loss-weights-reversed', vec('np.asarray(pos_weights)[i - 1]', 'neg_weights'), undefined],
      ['a conversion\'s i - 1: loss-class-index-off-by-one\'s line', 'loss-class-index-off-by-one', vec('np.asarray(pos_weights)[i - 1]', 'neg_weights'),
        ['wp = np.asarray(pos_weights)[i - 1]']],
    ];
    await expectSiteLines(rows);
  });
});
