/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), lines 35a: the forms of stop 34's
 * mistakes the readers did not point at (a log, a mean or a reversal kept in a name first, a
 * reduction of each term on its own line, the columns shifted rather than the weights), and code
 * that looks alike but is right, which gets no line.
 */
import { describe, expect, it } from 'vitest';
import { lossOnWholeArrays } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, type SiteRow } from '../../helpers/runner.js';
import { raisingAtC } from '../../helpers/raising.js';

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
        'the logs taken once for every class, a column of them read by both terms',
        'loss-same-log-both-terms',
        loss(['lp = np.log(y_pred + epsilon)', 'loss = 0.0', 'for i in range(len(pos_weights)):', `    pos = pos_weights[i] * ${yt('i')} * lp[:, i]`,
          `    neg = neg_weights[i] * (1 - ${yt('i')}) * lp[:, i]`, '    loss += -np.mean(pos + neg)', 'return loss']),
        [`neg = neg_weights[i] * (1 - ${yt('i')}) * lp[:, i]`],
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
        'right: each term a column of its own log',
        'loss-same-log-both-terms',
        loss(['lp = np.log(y_pred + epsilon)', 'ln = np.log(1 - y_pred + epsilon)', 'loss = 0.0', 'for i in range(len(pos_weights)):',
          `    loss += -np.mean(pos_weights[i] * ${yt('i')} * lp[:, i] + neg_weights[i] * (1 - ${yt('i')}) * ln[:, i])`, 'return loss']),
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

  it('a reversal keeps a whole-array loss told in whole arrays (another mistake beside it says pos_weights, not pos_weights[i]); in a loop, a loop', async () => {
    const fs = await functionsOf([
      vec('np.asarray(pos_weights)[::-1]', 'np.flip(neg_weights)'),
      vec('pos_weights', 'neg_weights'),
      loss(['loss = 0.0', 'C = len(pos_weights)', 'for i in range(C):',
        `    loss += -np.mean(pos_weights[C - 1 - i] * ${yt('i')} * np.log(${yp('i')} + epsilon) + neg_weights[C - 1 - i] * (1 - ${yt('i')}) * np.log(1 - ${yp('i')} + epsilon))`, 'return loss']),
    ]);
    expect(fs.map((f) => lossOnWholeArrays(f))).toEqual([true, true, false]);
  });
});

/** A class loop over `range` whose term is `term` (its weights and columns as written). */
const classLoop = (range: string, term: string, before: string[] = []) =>
  loss([...before, 'loss = 0.0', `for i in ${range}:`, `    loss += -np.mean(${term})`, 'return loss']);
/** One class's terms with the weights at `w` and the columns at `c`. */
const term = (w: string, c: string) =>
  `pos_weights[${w}] * ${yt(c)} * np.log(${yp(c)} + epsilon) + neg_weights[${w}] * (1 - ${yt(c)}) * np.log(1 - ${yp(c)} + epsilon)`;

describe('loss-class-index-off-by-one: the columns shifted, or a loop over range(1, C + 1)', () => {
  it('names each column one class off, and the loop with the lines it indexes', async () => {
    const rows: SiteRow[] = [
      ['y_true[:, i - 1] and y_pred[:, i - 1] next to pos_weights[i]', 'loss-class-index-off-by-one', classLoop('range(len(pos_weights))', term('i', 'i - 1')),
        [`loss += -np.mean(${term('i', 'i - 1')})`]],
      [
        'the shifted columns kept in names first',
        'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    y = ${yt('i - 1')}`, `    p = ${yp('i - 1')}`,
          '    loss += -np.mean(pos_weights[i] * y * np.log(p + epsilon) + neg_weights[i] * (1 - y) * np.log(1 - p + epsilon))', 'return loss']),
        [`y = ${yt('i - 1')}`, `p = ${yp('i - 1')}`],
      ],
      ['range(1, C + 1), the weights at i - 1: the loop and the weights', 'loss-class-index-off-by-one', classLoop('range(1, C + 1)', term('i - 1', 'i'), ['C = len(pos_weights)']),
        ['for i in range(1, C + 1):', `loss += -np.mean(${term('i - 1', 'i')})`]],
      ['range(1, len(pos_weights) + 1), the columns at i - 1', 'loss-class-index-off-by-one', classLoop('range(1, len(pos_weights) + 1)', term('i', 'i - 1')),
        ['for i in range(1, len(pos_weights) + 1):', `loss += -np.mean(${term('i', 'i - 1')})`]],
      ['range(1, y_true.shape[1] + 1), everything at i: the loop', 'loss-class-index-off-by-one', classLoop('range(1, y_true.shape[1] + 1)', term('i', 'i')),
        ['for i in range(1, y_true.shape[1] + 1):']],
      ['a sum over a comprehension of range(1, C + 1)', 'loss-class-index-off-by-one',
        loss(['C = len(pos_weights)', `return sum(-np.mean(${term('i - 1', 'i')}) for i in range(1, C + 1))`]),
        [`return sum(-np.mean(${term('i - 1', 'i')}) for i in range(1, C + 1))`]],
      ['right: a comprehension of range(1, C + 1) reading every class at i - 1', 'loss-class-index-off-by-one',
        loss(['C = len(pos_weights)', `return sum(-np.mean(${term('i - 1', 'i - 1')}) for i in range(1, C + 1))`]), undefined],
      ['right: the weights and the columns both at i - 1 (each class read one off throughout)', 'loss-class-index-off-by-one',
        classLoop('range(len(pos_weights))', term('i - 1', 'i - 1')), undefined],
      // Bounded: the loop's body is read up to 2,000 nodes for a class at i (nested such loops read theirs again).
      ['range(1, C + 1) whose read at i comes past 2,000 nodes of its body: no loop line', 'loss-class-index-off-by-one',
        classLoop('range(1, len(pos_weights) + 1)', `${term('i', 'i')}${' + 0.0'.repeat(1500)}`), undefined],
      ['right: every index at i', 'loss-class-index-off-by-one', classLoop('range(len(pos_weights))', term('i', 'i')), undefined],
      ['right: range(1, C + 1) reading every class at i - 1 (the loop alone is no line)', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for i in range(1, len(pos_weights) + 1):', '    k = i - 1', `    loss += -np.mean(${term('k', 'k')})`, 'return loss']), undefined],
      ['a column two classes off is no off-by-one', 'loss-class-index-off-by-one', classLoop('range(len(pos_weights))', term('i', 'i - 2')), undefined],
      ['range(1, C) leaves a class out (loss-skips-class), no off-by-one', 'loss-class-index-off-by-one', classLoop('range(1, len(pos_weights))', term('i', 'i')), undefined],
      ['range(1, N + 1) of the examples is no class loop', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'N = y_true.shape[0]', 'for n in range(1, N + 1):', `    loss += -np.sum(${term('i', 'i')}[n - 1])`, 'return loss / N']), undefined],
    ];
    await expectSiteLines(rows);
  });


  it('range(1, C + 1) raising at column C is told the off-by-one, with the loop\'s fix and lines, not hard-coded classes', async () => {
    const r = await raisingAtC(classLoop('range(1, C + 1)', term('i - 1', 'i'), ['C = len(pos_weights)']));
    expect(r.mistakes.map((m) => [m.id, m.confidence, m.location?.line, m.location?.lines?.map((l) => l.line)])).toEqual([['loss-class-index-off-by-one', 'full', 11, [11, 12]]]);
    const [m] = r.mistakes;
    expect(m!.message).toMatch(/your class loop runs over range\(1, C \+ 1\) where the classes are numbered from 0 to C - 1/);
    expect(m!.fix).toMatch(/^Loop over range\(len\(pos_weights\)\), which starts at 0/);
    expect(new Set(r.cases.filter((c) => c.function === 'weighted_loss').flatMap((c) => c.mistakes))).toEqual(new Set(['loss-class-index-off-by-one']));
  });

  it('the same errors from range(14) stay loss-hardcoded-classes, at the loop', async () => {
    const r = await raisingAtC(classLoop('range(14)', term('i', 'i')));
    expect(r.mistakes.map((m) => [m.id, m.location?.line])).toEqual([['loss-hardcoded-classes', 10]]);
  });
});

describe('loss-product-of-means and loss-log-of-mean: the means bound to names first', () => {
  it('names the product of the named means, and each log of a named mean', async () => {
    const rows: SiteRow[] = [
      [
        'four means in names, multiplied on one line',
        'loss-product-of-means',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    mean_y = np.mean(${yt('i')})`, `    mean_lp = np.mean(np.log(${yp('i')} + epsilon))`,
          `    mean_ny = np.mean(1 - ${yt('i')})`, `    mean_ln = np.mean(np.log(1 - ${yp('i')} + epsilon))`,
          '    loss += -(pos_weights[i] * mean_y * mean_lp + neg_weights[i] * mean_ny * mean_ln)', 'return loss']),
        ['loss += -(pos_weights[i] * mean_y * mean_lp + neg_weights[i] * mean_ny * mean_ln)'],
      ],
      [
        'vectorised, K.mean methods in names, each term on its line',
        'loss-product-of-means',
        loss(['frac = K.mean(y_true, axis=0)', 'log_p = K.mean(K.log(y_pred + epsilon), axis=0)', 'log_n = K.mean(K.log(1 - y_pred + epsilon), axis=0)',
          'pos = pos_weights * frac * log_p', 'neg = neg_weights * (1 - frac) * log_n', 'return -K.sum(pos + neg)']),
        ['pos = pos_weights * frac * log_p', 'neg = neg_weights * (1 - frac) * log_n'],
      ],
      [
        'right: the per-class means of the products, added',
        'loss-product-of-means',
        loss(['pos = np.mean(pos_weights * y_true * np.log(y_pred + epsilon), axis=0)', 'neg = np.mean(neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0)',
          'return -np.sum(pos + neg)']),
        undefined,
      ],
      [
        'right: a mean times a sum is no product of means',
        'loss-product-of-means',
        loss(['scale = np.mean(pos_weights)', 'total = np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))',
          'return -total * scale / scale']),
        undefined,
      ],
      [
        'the mean prediction in a name, inside both logs',
        'loss-log-of-mean',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    p_mean = np.mean(${yp('i')})`,
          `    pos = pos_weights[i] * ${yt('i')} * np.log(p_mean + epsilon)`, `    neg = neg_weights[i] * (1 - ${yt('i')}) * np.log(1 - p_mean + epsilon)`,
          '    loss += -np.mean(pos + neg)', 'return loss']),
        [`pos = pos_weights[i] * ${yt('i')} * np.log(p_mean + epsilon)`, `neg = neg_weights[i] * (1 - ${yt('i')}) * np.log(1 - p_mean + epsilon)`],
      ],
      [
        'torch: the mean of the labels times the predictions in a name, .mean() method',
        'loss-log-of-mean',
        loss(['yp = (y_true * y_pred).mean(dim=0)', 'pos = pos_weights * torch.log(yp + epsilon)', 'neg = neg_weights * torch.log(((1 - y_true) * (1 - y_pred)).mean(dim=0) + epsilon)',
          'return -torch.sum(pos + neg)']),
        ['pos = pos_weights * torch.log(yp + epsilon)', 'neg = neg_weights * torch.log(((1 - y_true) * (1 - y_pred)).mean(dim=0) + epsilon)'],
      ],
      [
        'right: the predictions clipped in a name, the mean around the logs',
        'loss-log-of-mean',
        loss(['p = np.clip(y_pred, epsilon, 1 - epsilon)', 'L = pos_weights * y_true * np.log(p + epsilon) + neg_weights * (1 - y_true) * np.log(1 - p + epsilon)',
          'return -np.sum(np.mean(L, axis=0))']),
        undefined,
      ],
      [
        'right: a sum in a name inside the log is no mean',
        'loss-log-of-mean',
        loss(['s = np.sum(y_pred, axis=0)', 'L = pos_weights * y_true * np.log(y_pred / s * s + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
          'return -np.sum(np.mean(L, axis=0))']),
        undefined,
      ],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-mixed-reduction spread over two lines', () => {
  const P = 'pos_weights * y_true * np.log(y_pred + epsilon)';
  const N = 'neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const Pi = `pos_weights[i] * ${yt('i')} * np.log(${yp('i')} + epsilon)`;
  const Ni = `neg_weights[i] * (1 - ${yt('i')}) * np.log(1 - ${yp('i')} + epsilon)`;
  it('names the term that is not averaged over the examples, when the other one is', async () => {
    const rows: SiteRow[] = [
      ['a sum over axis 0 in a name, then a mean of the other term', 'loss-mixed-reduction',
        loss([`pos_loss = np.sum(${P}, axis=0)`, `neg_loss = np.mean(${N}, axis=0)`, 'return -np.sum(pos_loss + neg_loss)']), [`pos_loss = np.sum(${P}, axis=0)`]],
      ['in a class loop: the column summed, the other averaged', 'loss-mixed-reduction',
        loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    pos = np.sum(${Pi})`, `    neg = np.mean(${Ni})`, '    loss += -(pos + neg)', 'return loss']),
        [`pos = np.sum(${Pi})`]],
      ['torch, the negative term averaged over the classes and both summed at the return: the wrong term on two lines, none', 'loss-mixed-reduction',
        loss([`pos_loss = torch.mean(${P.replace('np.', 'torch.')}, dim=0)`, `neg_loss = torch.mean(${N.replace('np.', 'torch.')}, dim=1)`, 'return -(torch.sum(pos_loss) + torch.sum(neg_loss))']),
        undefined],
      ['right: both averaged over the examples, each on its line', 'loss-mixed-reduction',
        loss([`pos_loss = np.mean(${P}, axis=0)`, `neg_loss = np.mean(${N}, axis=0)`, 'return -np.sum(pos_loss + neg_loss)']), undefined],
      ['right: the sum divided by N is a mean', 'loss-mixed-reduction',
        loss(['N = y_true.shape[0]', `pos_loss = np.sum(${P}, axis=0) / N`, `neg_loss = np.mean(${N}, axis=0)`, 'return -np.sum(pos_loss + neg_loss)']), undefined],
      ['right: the sum divided by N later, in place', 'loss-mixed-reduction',
        loss(['N = y_true.shape[0]', `pos_loss = np.sum(${P}, axis=0)`, 'pos_loss /= N', `neg_loss = np.mean(${N}, axis=0)`, 'return -np.sum(pos_loss + neg_loss)']), undefined],
    ];
    await expectSiteLines(rows);
  });
});
