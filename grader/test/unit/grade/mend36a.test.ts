/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), mend 36a: the review of stop 36's
 * readers. A weight read one class off keeps its line when a column at i - 1 is read only outside the
 * loss's terms (an assert of its shape), and such a column is no line of its own.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

/** One class's labels and predictions, on column `c`. */
const yt = (c: string) => `y_true[:, ${c}]`;
const yp = (c: string) => `y_pred[:, ${c}]`;
/** One class's weighted cross-entropy, the weights at `w`, the columns at `c`. */
const term = (w: string, c = w) =>
  `pos_weights[${w}] * ${yt(c)} * np.log(${yp(c)} + epsilon) + neg_weights[${w}] * (1 - ${yt(c)}) * np.log(1 - ${yp(c)} + epsilon)`;
/** A class loop over range(len(pos_weights)) adding `body`'s mean, `extra` lines first in the loop. */
const classLoop = (body: string, extra: string[] = []) =>
  loss(['loss = 0.0', 'for i in range(len(pos_weights)):', ...extra.map((l) => `    ${l}`), `    loss += -np.mean(${body})`, 'return loss']);

describe('loss-class-index-off-by-one: a column at i - 1 outside the terms neither hides nor is a line', () => {
  it('names the weights read one off beside a previous column read apart, and no right code', async () => {
    const assertPrev = ['if i > 0:', `    assert ${yt('i - 1')}.shape == ${yt('i')}.shape`];
    const rows: SiteRow[] = [
      ['the weights at i - 1, an assert of the previous column\'s shape under if i > 0', 'loss-class-index-off-by-one',
        classLoop(term('i - 1', 'i'), assertPrev), [`loss += -np.mean(${term('i - 1', 'i')})`]],
      ['the weights at i - 1, the previous column kept in a name never read', 'loss-class-index-off-by-one',
        classLoop(term('i - 1', 'i'), [`prev = ${yt('i - 1')} if i > 0 else None`]), [`loss += -np.mean(${term('i - 1', 'i')})`]],
      ['the weights at i - 1, the previous column\'s length printed', 'loss-class-index-off-by-one',
        classLoop(term('i - 1', 'i'), [`print(len(${yt('i - 1')}))`]), [`loss += -np.mean(${term('i - 1', 'i')})`]],
      ['the columns at i - 1 in the term, an assert of another column\'s shape', 'loss-class-index-off-by-one',
        classLoop(term('i', 'i - 1'), assertPrev), [`loss += -np.mean(${term('i', 'i - 1')})`]],
      ['right: the previous column\'s shape asserted under if i > 0', 'loss-class-index-off-by-one', classLoop(term('i'), assertPrev), undefined],
      ['right: the previous column kept in a name never read', 'loss-class-index-off-by-one',
        classLoop(term('i'), [`prev = ${yt('i - 1')} if i > 0 else None`]), undefined],
      ['right: the previous column\'s .shape read into a name', 'loss-class-index-off-by-one',
        classLoop(term('i'), ['if i > 0:', `    _ = ${yt('i - 1')}.shape`]), undefined],
      ['right: weights and columns all at i - 1 in one term (every class read)', 'loss-class-index-off-by-one', classLoop(term('i - 1')), undefined],
      ['right: weights and columns at i - 1 through names the term reads', 'loss-class-index-off-by-one',
        classLoop('pw * y * np.log(p + epsilon) + nw * (1 - y) * np.log(1 - p + epsilon)',
          ['pw, nw = pos_weights[i - 1], neg_weights[i - 1]', `y = ${yt('i - 1')}`, `p = ${yp('i - 1')}`]), undefined],
    ];
    await expectSiteLines(rows);
  });
});
