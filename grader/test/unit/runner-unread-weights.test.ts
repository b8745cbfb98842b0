/**
 * runner.unread_weights reads, from get_weighted_loss's source, the weight parameters whose values
 * it never reads (only len(pos_weights), or no use at all): a loss over weights typed into the
 * code gives one loss whatever weights it is passed (sweep 16b, from public course solutions).
 */
import { describe, expect, it } from 'vitest';
import { runnerOnEach } from '../helpers/runner.js';

const unread = (sources: string[]) => runnerOnEach('unread_weights', sources);

const loss = (params: string, before: string, term: string) =>
  `import numpy as np\n\ndef get_weighted_loss(${params}):\n${before}    def weighted_loss(y_true, y_pred):\n        loss = 0.0\n        for i in range(len(pos_weights)):\n            loss += -np.mean(${term})\n        return loss\n    return weighted_loss\n`;

const RIGHT = 'pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';
const TYPED = 'pw[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + nw[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';

describe('unread_weights', () => {
  it('weights typed into the code, the parameters only measured with len(): both named, with the def line', async () => {
    const typed = '    pw = [0.98, 0.987, 0.872]\n    nw = [0.02, 0.013, 0.128]\n';
    expect(await unread([loss('pos_weights, neg_weights, epsilon=1e-7', typed, TYPED)])).toEqual([[3, ['pos_weights', 'neg_weights']]]);
  });
  it('a parameter named neg_weight whose body reads a global neg_weights: that parameter', async () => {
    expect(await unread([loss('pos_weights, neg_weight, epsilon=1e-7', '', RIGHT)])).toEqual([[3, ['neg_weight']]]);
  });
  it.each([
    ['the weights read in the terms', '', RIGHT],
    ['the weights converted first (tf.constant(pos_weights))', '    pw = np.asarray(pos_weights)\n    nw = np.asarray(neg_weights)\n', TYPED],
  ])('%s: nothing', async (_, before, term) => {
    expect(await unread([loss('pos_weights, neg_weights, epsilon=1e-7', before, term)])).toEqual([null]);
  });
});
