/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 34: mistakes named with
 * no line before, on the ways learners write them in numpy, the Keras backend, TensorFlow and
 * PyTorch; and code that looks alike but is right, which gets no line.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

const L = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
const inK = (s: string) => s.replaceAll('np.', 'K.');
const inTorch = (s: string) => s.replaceAll('np.', 'torch.');
const inTf = (s: string) => s.replaceAll('np.log', 'tf.math.log');

describe('loss-wrong-axis: the sums over the examples averaged over the classes (L.sum(0).mean())', () => {
  const rows: SiteRow[] = [
    ['L.sum(0).mean()', 'loss-wrong-axis', loss([L, 'return -L.sum(0).mean()']), ['return -L.sum(0).mean()']],
    ['np.mean(np.sum(L, axis=0))', 'loss-wrong-axis', loss([L, 'return -np.mean(np.sum(L, axis=0))']), ['return -np.mean(np.sum(L, axis=0))']],
    ['K.mean(K.sum(L, axis=0))', 'loss-wrong-axis', loss([inK(L), 'return -K.mean(K.sum(L, axis=0))']), ['return -K.mean(K.sum(L, axis=0))']],
    ['tf.reduce_mean(tf.reduce_sum(L, axis=0))', 'loss-wrong-axis', loss([inTf(L), 'return -tf.reduce_mean(tf.reduce_sum(L, axis=0))']),
      ['return -tf.reduce_mean(tf.reduce_sum(L, axis=0))']],
    ['torch.sum(L, dim=0).mean()', 'loss-wrong-axis', loss([inTorch(L), 'return -torch.sum(L, dim=0).mean()']), ['return -torch.sum(L, dim=0).mean()']],
    // The sums in a name: both lines change (the mean over axis 0 there, the sum here).
    ['the sums in a name, then .mean()', 'loss-wrong-axis', loss([L, 'per_class = -np.sum(L, axis=0)', 'return per_class.mean()']),
      ['per_class = -np.sum(L, axis=0)', 'return per_class.mean()']],
    // Right: the mean over the examples, then the sum; a mean over the classes' axis is another mistake's form.
    ['L.mean(0).sum() (right)', 'loss-wrong-axis', loss([L, 'return -L.mean(0).sum()']), undefined],
    ['np.sum(np.mean(L, axis=0)) (right)', 'loss-wrong-axis', loss([L, 'return -np.sum(np.mean(L, axis=0))']), undefined],
    // A mean of sums of something else than the terms (a count of the labels) says nothing of the loss.
    ['a mean of the labels\' sums beside a right loss', 'loss-wrong-axis',
      loss([L, 'n_pos = np.mean(np.sum(y_true, axis=0))', 'print(n_pos)', 'return -np.sum(np.mean(L, axis=0))']), undefined],
  ];
  it('names the mean and the sums, and nothing in right code', async () => {
    await expectSiteLines(rows);
  });

  it('says the construct found: the sums averaged over the classes', async () => {
    const [functions] = await functionsOf([loss([L, 'return -L.sum(0).mean()'])]);
    const at = siteOf('loss-wrong-axis', functions, new Set(['loss-wrong-axis']));
    expect(at?.did).toMatch(/sum each class's terms over the examples and then average those sums over the classes/);
    expect(at?.fix).toMatch(/^Swap the two reductions/);
  });
});
