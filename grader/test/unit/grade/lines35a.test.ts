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
