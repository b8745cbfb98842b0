/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 32: catalogue mistakes
 * that were named with no line (loss-complement-weights, loss-prediction-as-label,
 * loss-missing-term). Each row a spelling; the lines the fix changes, or none when the source
 * cannot say.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, type SiteRow } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\nimport torch\nfrom keras import backend as K\n\n\n';

/** get_weighted_loss with its inner loss's body (lines indented by 8), and lines of the factory's own before it. */
const loss = (body: string[], factory: string[] = [], inner = 'y_true, y_pred') =>
  `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n${factory.map((l) => `    ${l}\n`).join('')}    def weighted_loss(${inner}):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

type Row = SiteRow;
const check = expectSiteLines;

const loop = (pos: string, neg: string, m = 'np') => ['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -${m}.mean(${pos}`, `                     + ${neg})`, 'return loss'];

describe('loss-complement-weights: each weight taken from one', () => {
  const rows: Row[] = [
    ['numpy loop', 'loss-complement-weights',
      loss(loop('(1 - pos_weights[i]) * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', '(1 - neg_weights[i]) * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)')),
      ['loss += -np.mean((1 - pos_weights[i]) * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', '+ (1 - neg_weights[i]) * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']],
    ['vectorised, the complements kept in names', 'loss-complement-weights',
      loss(['w_pos = 1 - pos_weights', 'w_neg = 1.0 - neg_weights', 'loss = -(w_pos * y_true * np.log(y_pred + epsilon) + w_neg * (1 - y_true) * np.log(1 - y_pred + epsilon))', 'return np.sum(np.mean(loss, axis=0))']),
      ['w_pos = 1 - pos_weights', 'w_neg = 1.0 - neg_weights']],
    ['Keras backend, a converted weight', 'loss-complement-weights',
      loss(['pw = K.constant(pos_weights)', 'nw = K.constant(neg_weights)', 'loss = -((1 - pw) * y_true * K.log(y_pred + epsilon) + (1 - nw) * (1 - y_true) * K.log(1 - y_pred + epsilon))', 'return K.sum(K.mean(loss, axis=0))']),
      ['loss = -((1 - pw) * y_true * K.log(y_pred + epsilon) + (1 - nw) * (1 - y_true) * K.log(1 - y_pred + epsilon))']],
    ['the parameters rebound to their complements in the factory', 'loss-complement-weights',
      loss(loop('pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', 'neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)'), ['pos_weights = 1 - pos_weights', 'neg_weights = 1 - neg_weights']),
      ['pos_weights = 1 - pos_weights', 'neg_weights = 1 - neg_weights']],
    ['no weight taken from one (1 - y_true, 1 - y_pred only): none', 'loss-complement-weights',
      loss(loop('pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', 'neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)')),
      undefined],
    ['a weight rebound to something else too: none', 'loss-complement-weights',
      loss(['w = 1 - pos_weights', 'loss = -(w * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))', 'return np.sum(np.mean(loss, axis=0))'], ['pos_weights = pos_weights * 2', 'pos_weights = 1 - pos_weights']),
      undefined],
  ];
  it('names the lines where a weight is taken from one, and only them', async () => {
    await check(rows);
  });
});

describe('loss-prediction-as-label: each label factor that is the predictions', () => {
  const rows: Row[] = [
    ['numpy loop, (1 - y_pred) on the negative term', 'loss-prediction-as-label',
      loss(loop('pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', 'neg_weights[i] * (1 - y_pred[:, i]) * np.log(1 - y_pred[:, i] + epsilon)')),
      ['+ neg_weights[i] * (1 - y_pred[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']],
    ['vectorised, terms in names', 'loss-prediction-as-label',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_pred) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      ['neg = neg_weights * (1 - y_pred) * np.log(1 - y_pred + epsilon)']],
    ['Keras backend, y_pred on the positive term', 'loss-prediction-as-label',
      loss(loop('pos_weights[i] * y_pred[:, i] * K.log(y_pred[:, i] + epsilon)', 'neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)', 'K')),
      ['loss += -K.mean(pos_weights[i] * y_pred[:, i] * K.log(y_pred[:, i] + epsilon)']],
    ['torch, both label factors, a column kept in a name', 'loss-prediction-as-label',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    p = y_pred[:, i]', '    pos = pos_weights[i] * p * torch.log(p + epsilon)', '    neg = neg_weights[i] * (1 - p) * torch.log(1 - p + epsilon)', '    loss += -torch.mean(pos + neg)', 'return loss']),
      ['pos = pos_weights[i] * p * torch.log(p + epsilon)', 'neg = neg_weights[i] * (1 - p) * torch.log(1 - p + epsilon)']],
    ['the right label factors: none', 'loss-prediction-as-label',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      undefined],
    ['inputs named in the other order (which one holds the predictions is no sure thing): none', 'loss-prediction-as-label',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_pred) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))'], [], 'y_pred, y_true'),
      undefined],
  ];
  it('names the factor where y_true belongs, and only it', async () => {
    await check(rows);
  });
});

describe('loss-missing-term: the one term, where the other goes beside it', () => {
  const crowded = loss([`t = ${Array<string>(196).fill('np.sum(y_true)').join(' + ')}`, 'return -np.sum(pos_weights * y_true * np.log(y_pred + epsilon)) + 0 * t']);
  const rows: Row[] = [
    ['numpy loop, only the positive term', 'loss-missing-term',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))', 'return loss']),
      ['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))']],
    ['vectorised, only the negative term', 'loss-missing-term',
      loss(['neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(neg, axis=0))']),
      ['neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)']],
    ['Keras backend, only the positive term', 'loss-missing-term',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -K.mean(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon))', 'return loss']),
      ['loss += -K.mean(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon))']],
    ['both terms (the negative one left out of the sum): none', 'loss-missing-term',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos, axis=0))']),
      undefined],
    ["a helper's log the loss calls (it may be the other term): none", 'loss-missing-term',
      `${HEAD}def neg_log(p, eps):\n    return np.log(1 - p + eps)\n\n\n` + loss(['t = neg_log(y_pred, epsilon)', 'loss = -(pos_weights * y_true * np.log(y_pred + epsilon))', 'return np.sum(np.mean(loss, axis=0))']).slice(HEAD.length),
      undefined],
    ['the other log three helpers deep, where the reader stops: none', 'loss-missing-term',
      `${HEAD}def h1(p, e):\n    return h2(p, e)\n\n\ndef h2(p, e):\n    return h3(p, e)\n\n\ndef h3(p, e):\n    return np.log(1 - p + e)\n\n\n` +
        loss(['loss = -(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * h1(y_pred, epsilon))', 'return np.sum(np.mean(loss, axis=0))']).slice(HEAD.length),
      undefined],
    ['the other log in a helper too long to read: none', 'loss-missing-term',
      `${HEAD}def neg_log(p, e):\n    t = (${'1,'.repeat(30_000)})\n    return np.log(1 - p + e)\n\n\n` +
        loss(['loss = -(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * neg_log(y_pred, epsilon))', 'return np.sum(np.mean(loss, axis=0))']).slice(HEAD.length),
      undefined],
    ['the term with 200 sites already read (its line would be a 201st, past the 200 a function may send): none', 'loss-missing-term', crowded, undefined],
    // The terms read are no sites of the visit: they do not push the loss past its 200, nor cost it its other lines.
    ['the same file, its log line still read (loss-sign)', 'loss-sign', crowded, ['return -np.sum(pos_weights * y_true * np.log(y_pred + epsilon)) + 0 * t']],
    ['a log in no term (its side unknown): none', 'loss-missing-term',
      loss(['loss = -(pos_weights * y_true * np.log(y_pred + epsilon)) - np.log(np.mean(y_pred))', 'return np.sum(np.mean(loss, axis=0))']),
      undefined],
  ];
  it("names the loss's one term, and none when a log elsewhere may be the other", async () => {
    await check(rows);
  });
});

describe('loss-mixed-reduction: the one line where the two terms are reduced apart', () => {
  const rows: Row[] = [
    ['numpy loop, a mean and a sum on one line', 'loss-mixed-reduction',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -(np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)) + np.sum(neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))', 'return loss']),
      ['loss += -(np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)) + np.sum(neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)))']],
    ['vectorised, the terms in names, reduced at the return', 'loss-mixed-reduction',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -(np.sum(np.mean(pos, axis=0)) + np.sum(neg))']),
      ['return -(np.sum(np.mean(pos, axis=0)) + np.sum(neg))']],
    ['Keras backend, a mean over the classes', 'loss-mixed-reduction',
      loss(['pos = pos_weights * y_true * K.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon)', 'return -K.sum(K.mean(pos, axis=0) + K.mean(neg, axis=1))']),
      ['return -K.sum(K.mean(pos, axis=0) + K.mean(neg, axis=1))']],
    ['the sample: a term reduced on its own line, the other at the return (the first one right): none', 'loss-mixed-reduction',
      loss(['pos_term = np.mean(pos_weights * y_true * np.log(y_pred + epsilon), axis=0)', 'neg_term = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -(np.sum(pos_term) + np.sum(neg_term))']),
      undefined],
    ['both terms reduced together: none', 'loss-mixed-reduction',
      loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))']),
      undefined],
  ];
  it('names that line, and none when the reductions are spread', async () => {
    await check(rows);
  });
});
