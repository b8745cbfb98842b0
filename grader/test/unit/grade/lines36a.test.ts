/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), lines 36a: forms learners write that
 * got no line (or a wrong one): a class loop bounded by the examples' count spelled through int(),
 * get_shape() or shape[-2]; and code that looks alike but is right, which gets no line.
 */
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

/** One class's two terms, accumulated on column i. */
const TERM_I = 'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))';
const classLoop = (range: string, before: string[] = []) => loss([...before, 'loss = 0.0', `for i in ${range}:`, `    ${TERM_I}`, 'return loss']);

describe('loss-loops-over-examples: the class loop bounded by the examples, however the count is spelled', () => {
  const wrong = [
    'range(int(y_true.shape[0]))',
    'range(int(tf.shape(y_true)[0]))',
    'range(tf.shape(y_true)[0].numpy())',
    'range(y_true.get_shape()[0])',
    'range(y_true.shape[-2])',
    'range(int(K.shape(y_true)[0]))',
    'range(y_pred.size(0))',
  ];
  const right = ['range(int(y_true.shape[1]))', 'range(y_true.get_shape()[1])', 'range(y_true.shape[-1])', 'range(int(tf.shape(y_true)[1]))', 'range(len(pos_weights))'];
  const rows: SiteRow[] = [
    ...wrong.map((r): SiteRow => [r, 'loss-loops-over-examples', classLoop(r), [`for i in ${r}:`]]),
    // Through a name bound once to the count.
    ['n = int(y_true.shape[0]); range(n)', 'loss-loops-over-examples', classLoop('range(n)', ['n = int(y_true.shape[0])']), ['for i in range(n):']],
    ...right.map((r): SiteRow => [`${r} (right)`, 'loss-loops-over-examples', classLoop(r), undefined]),
  ];
  it('names the loop, and no class loop', async () => {
    await expectSiteLines(rows);
  });

  it('says the fix: range(len(pos_weights))', async () => {
    const [functions] = await functionsOf([classLoop('range(int(y_true.shape[0]))')]);
    const at = siteOf('loss-loops-over-examples', functions);
    expect(at?.line).toBe(10);
    // No fix of its own: the catalogue's, which says the class loop's bound, is said at that line.
    expect(at?.fix).toBeUndefined();
    expect(MISTAKES['loss-loops-over-examples'].fix).toMatch(/range\(len\(pos_weights\)\)/);
  });
});
