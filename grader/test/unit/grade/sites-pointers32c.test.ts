/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), pointers 32c: the divisions that
 * make loss-divided-twice, loss-wrong-axis and loss-hardcoded-examples, and no other division of the
 * loss beside them (a legitimate `/ N`, a helper's). Each row a spelling; the lines the fix changes,
 * or none when the source cannot say.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, lossSource, type SiteRow } from '../../helpers/runner.js';

/** get_weighted_loss with its inner loss's body (lines indented by 8), after `before` (top-level code). */
const loss = (body: string[], before = '') => lossSource(body, { before });

type Row = SiteRow;
const check = expectSiteLines;

const SMOOTH = 'def _smooth(p, eps):\n    return (p + eps) / (1 + 2 * eps)\n\n\n';
const TERMS = 'pos_weights * y_true * np.log(p + epsilon) + neg_weights * (1 - y_true) * np.log(1 - p + epsilon)';

describe('loss-divided-twice: the division by the number of examples of a mean', () => {
  const rows: Row[] = [
    ['a positive rate divided by N beside the mean divided by N', 'loss-divided-twice',
      loss(['N = y_true.shape[0]', 'p = y_pred', 'rate = np.sum(y_true) / N', 'print("positive rate", rate)', `return -np.sum(np.mean(${TERMS}, axis=0)) / N`]),
      [`return -np.sum(np.mean(${TERMS}, axis=0)) / N`]],
    ['a smoothing helper dividing, len(y_true)', 'loss-divided-twice',
      loss(['p = _smooth(y_pred, epsilon)', `per_class = np.mean(${TERMS}, axis=0) / len(y_true)`, 'return -np.sum(per_class)'], SMOOTH),
      [`per_class = np.mean(${TERMS}, axis=0) / len(y_true)`]],
    ['Keras, the batch size cast, a rate printed', 'loss-divided-twice',
      loss(['n = K.cast(K.shape(y_true)[0], "float32")', 'tf.print("positive rate", K.sum(y_true) / n)', 'p = y_pred',
        `return -K.sum(K.mean(${TERMS.replaceAll('np.', 'K.')}, axis=0) / n)`]),
      [`return -K.sum(K.mean(${TERMS.replaceAll('np.', 'K.')}, axis=0) / n)`]],
    ['class means added up, the total divided by N, a smoothing helper dividing', 'loss-divided-twice',
      loss(['p = _smooth(y_pred, epsilon)', 'loss = 0.0', 'for i in range(len(pos_weights)):',
        '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(p[:, i]) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - p[:, i]))',
        'return loss / float(len(y_true))'], SMOOTH),
      ['return loss / float(len(y_true))']],
    ['a rate by N beside a total by N: which is no sure thing, none', 'loss-divided-twice',
      loss(['N = y_true.shape[0]', 'loss = 0.0', 'for i in range(len(pos_weights)):', '    print(np.sum(y_true[:, i]) / N)',
        '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
        'return loss / N']),
      undefined],
  ];
  it('names the division of a mean by N, not a rate\'s / N or a helper\'s', async () => {
    await check(rows);
  });
});

describe('loss-wrong-axis: a mean over the classes, or a division by the number of classes', () => {
  const rows: Row[] = [
    ['a sum divided by the classes, a rate by N beside it', 'loss-wrong-axis',
      loss(['N = y_true.shape[0]', 'p = y_pred', 'rate = np.sum(y_true) / N', 'print(rate)', `return -np.sum(${TERMS}) / y_true.shape[1]`]),
      [`return -np.sum(${TERMS}) / y_true.shape[1]`]],
    ['the sample\'s mean over axis 1, a smoothing helper dividing', 'loss-wrong-axis',
      loss(['p = _smooth(y_pred, epsilon)', `losses = -(${TERMS})`, 'return np.sum(np.mean(losses, axis=1))'], SMOOTH),
      ['return np.sum(np.mean(losses, axis=1))']],
    ['torch, a division by len(pos_weights), a / N beside it', 'loss-wrong-axis',
      loss(['n = y_true.shape[0]', 'p = y_pred', `total = -torch.sum(${TERMS.replaceAll('np.', 'torch.')})`, 'print(total / n)', 'return total / len(pos_weights)']),
      ['return total / len(pos_weights)']],
  ];
  it('names the class axis or the class count, not a / N', async () => {
    await check(rows);
  });
});

describe('loss-hardcoded-examples: the division by a number written into the code', () => {
  const rows: Row[] = [
    ['a module constant, a rate by len(y_true) beside it', 'loss-hardcoded-examples',
      loss(['p = y_pred', 'rate = np.sum(y_true) / len(y_true)', 'print(rate)', `return -np.sum(np.sum(${TERMS}, axis=0) / N_EXAMPLES)`], 'N_EXAMPLES = 4\n\n\n'),
      [`return -np.sum(np.sum(${TERMS}, axis=0) / N_EXAMPLES)`]],
    ['a literal, a smoothing helper dividing', 'loss-hardcoded-examples',
      loss(['p = _smooth(y_pred, epsilon)', `per_class = np.sum(${TERMS}, axis=0) / 4`, 'return -np.sum(per_class)'], SMOOTH),
      [`per_class = np.sum(${TERMS}, axis=0) / 4`]],
    ['a name bound to a number in the loss, a / N beside it', 'loss-hardcoded-examples',
      loss(['n_examples = 4.0', 'N = y_true.shape[0]', 'p = y_pred', 'print(np.sum(y_true) / N)', `return -np.sum(np.sum(${TERMS}, axis=0) / n_examples)`]),
      [`return -np.sum(np.sum(${TERMS}, axis=0) / n_examples)`]],
    ['only a / N: none', 'loss-hardcoded-examples',
      loss(['N = y_true.shape[0]', 'p = y_pred', `return -np.sum(np.sum(${TERMS}, axis=0) / N)`]),
      undefined],
  ];
  it('names the fixed divisor, not a / N or a helper\'s', async () => {
    await check(rows);
  });
});
