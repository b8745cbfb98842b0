/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), mend 36a: the review of stop 36's
 * readers. A weight read one class off keeps its line when a column at i - 1 is read only outside the
 * loss's terms (an assert of its shape), and such a column is no line of its own. An integer array
 * that holds whole numbers (`counts[c] += 1`) is no storage line, and one that holds fractions is
 * worded by how it was made.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

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

/** A source whose compute_class_freqs has `body` (lines indented by 4), and a right loss. */
const freqs = (body: string[]) => `import numpy as np


def compute_class_freqs(labels):
${body.map((l) => `    ${l}`).join('\n')}


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))
    return weighted_loss
`;

/** Each source's pointer for freqs-integer-division: its lines' text, and what it says was done. */
async function intPointers(sources: string[]): Promise<Array<{ lines: string[]; did?: string | undefined; fix?: string | undefined } | undefined>> {
  const all = await functionsOf(sources);
  return sources.map((source, i) => {
    const at = siteOf('freqs-integer-division', all[i]!);
    return at && { lines: (at.lines ?? [at]).map((l) => source.split('\n')[l.line - 1]!.trim()), did: at.did, fix: at.fix };
  });
}

describe('freqs-integer-division: whole numbers stored into an integer array are counts, not fractions', () => {
  const counted = (store: string, after: string[]) => freqs(['N, C = labels.shape', 'counts = np.zeros(C, dtype=int)', 'for row in labels:', '    for c in range(C):',
    '        if row[c] == 1:', `            ${store}`, ...after]);
  it('points at no integer array that holds counts, and at the array that holds fractions', async () => {
    const [plusOne, rounded, plusLabel, byIndex, prevPlus, fraction] = await intPointers([
      counted('counts[c] += 1', ['pos = counts / N - (counts / N) % 1', 'return pos, 1 - pos']),
      counted('counts[c] += 1', ['pos = np.floor(counts / N)', 'return pos, 1 - pos']),
      freqs(['N, C = labels.shape', 'pos = np.zeros_like(labels[0])', 'for n in range(N):', '    for c in range(C):', '        pos[c] += labels[n, c]',
        'return np.floor(pos / N), 1 - np.floor(pos / N)']),
      counted('counts[c] = counts[c] + row[c]', ['pos = counts // N', 'return pos, 1 - pos']),
      counted('counts[c] = counts[c] + 1', ['return counts / N, 1 - counts / N']),
      counted('counts[c] += 1 / N', ['return counts, 1 - counts']),
    ]);
    // Rounded down by hand (x - x % 1): that line (lines 36c), never the counts' array.
    expect(plusOne?.lines).toEqual(['pos = counts / N - (counts / N) % 1']);
    expect(rounded?.lines).toEqual(['pos = np.floor(counts / N)']);
    expect(plusLabel?.lines).toEqual(['return np.floor(pos / N), 1 - np.floor(pos / N)']);
    expect(byIndex?.lines).toEqual(['pos = counts // N']);
    expect(prevPlus).toBeUndefined();
    expect(fraction?.lines).toEqual(['counts = np.zeros(C, dtype=int)']);
  });

  it('says how the array was made: like the labels, or with an integer dtype', async () => {
    const store = (made: string) => freqs([`pos = ${made}`, 'for c in range(labels.shape[1]):', '    pos[c] = labels[:, c].mean()', 'return pos, 1 - pos']);
    const [like, dtype, likeInt] = await intPointers([store('np.zeros_like(labels[0])'), store('np.zeros(labels.shape[1], dtype=int)'), store('np.zeros_like(labels[0], dtype=int)')]);
    expect(like?.did).toMatch(/one made like the labels, np\.zeros_like\(labels\[0\]\)/);
    expect(dtype?.lines).toEqual(['pos = np.zeros(labels.shape[1], dtype=int)']);
    expect(dtype?.did).toMatch(/made with an integer dtype/);
    expect(dtype?.did).not.toMatch(/like the labels/);
    expect(likeInt?.did).toMatch(/made with an integer dtype/);
  });
});

describe('loss-mixed-reduction: a sum divided by the examples some other way than `/` is averaged too', () => {
  const P = 'pos_weights * y_true * np.log(y_pred + epsilon)';
  const N = 'neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
  const apart = (ret: string[]) => loss(['N = len(y_true)', `pos_loss = np.sum(${P}, axis=0)`, `neg_loss = np.mean(${N}, axis=0)`, ...ret]);
  const SUM = `pos_loss = np.sum(${P}, axis=0)`;
  it('names the sum never divided by the examples, not one divided by a reciprocal, a library\'s division or in a larger sum', async () => {
    const rows: SiteRow[] = [
      ['right: pos_loss * (1 / N)', 'loss-mixed-reduction', apart(['return -np.sum(pos_loss * (1 / N) + neg_loss)']), undefined],
      ['right: (1.0 / N) * pos_loss', 'loss-mixed-reduction', apart(['return -np.sum((1.0 / N) * pos_loss + neg_loss)']), undefined],
      ['right: pos_loss * N ** -1', 'loss-mixed-reduction', apart(['return -np.sum(pos_loss * N ** -1 + neg_loss)']), undefined],
      ['right: np.divide(pos_loss, N)', 'loss-mixed-reduction', apart(['return -np.sum(np.divide(pos_loss, N) + neg_loss)']), undefined],
      ['right: tf.math.divide(pos_loss, N)', 'loss-mixed-reduction', apart(['return -np.sum(tf.math.divide(pos_loss, N) + neg_loss)']), undefined],
      ['right: torch.div(pos_loss, N)', 'loss-mixed-reduction', apart(['return -np.sum(torch.div(pos_loss, N) + neg_loss)']), undefined],
      ['right: total = pos_loss + neg_loss * N, total / N', 'loss-mixed-reduction', apart(['total = (pos_loss + neg_loss * N)', 'return -np.sum(total / N)']), undefined],
      ['right: (pos_loss + neg_loss * N) / N in place', 'loss-mixed-reduction', apart(['return -np.sum((pos_loss + neg_loss * N) / N)']), undefined],
      ['the mean times 1 / N, the sum never divided', 'loss-mixed-reduction', apart(['return -np.sum(pos_loss + neg_loss * (1 / N))']), [SUM]],
      ['np.divide of the mean, the sum never divided', 'loss-mixed-reduction', apart(['return -np.sum(pos_loss + np.divide(neg_loss, N))']), [SUM]],
      ['both divided by the classes, the sum never by the examples', 'loss-mixed-reduction', apart(['return -np.sum((pos_loss + neg_loss) / len(pos_weights))']), [SUM]],
      ['the sum times 1 / C (the classes)', 'loss-mixed-reduction', apart(['return -np.sum(pos_loss * (1 / len(pos_weights)) + neg_loss)']), [SUM]],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-unweighted: a library\'s cross-entropy given its weight by position is weighted', () => {
  const TORCH = 'import torch.nn as nn\nimport torch.nn.functional as F\n\n\n';
  const torchLoss = (body: string[]) => loss(body, { before: TORCH });
  const W = 'w = torch.where(y_true == 1, torch.as_tensor(pos_weights), torch.as_tensor(neg_weights))';
  const perClass = (call: string) => ['loss = 0.0', 'for i in range(len(pos_weights)):', `    w = np.where(${yt('i:i + 1')} == 1, pos_weights[i], neg_weights[i])`, `    loss += ${call}`, 'return loss'];
  it('reads each API\'s signature: F.binary_cross_entropy\'s third, nn.BCELoss\'s first, a Keras loss object\'s third', async () => {
    const rows: SiteRow[] = [
      ['right: F.binary_cross_entropy(y_pred, y_true, w, reduction="none")', 'loss-unweighted',
        torchLoss([W, 'L = F.binary_cross_entropy(y_pred, y_true, w, reduction="none")', 'return torch.sum(torch.mean(L, dim=0))']), undefined],
      ['right: nn.BCELoss(w)(p, y) in a class loop', 'loss-unweighted', torchLoss(perClass(`nn.BCELoss(w)(${yp('i')}, ${yt('i')})`)), undefined],
      ['right: bce = nn.BCELoss(w) bound, then bce(p, y)', 'loss-unweighted',
        torchLoss([W, 'bce = nn.BCELoss(w, reduction="mean")', 'return bce(y_pred, y_true) * y_true.shape[1]']), undefined],
      ['right: a Keras BinaryCrossentropy object given w third', 'loss-unweighted',
        loss(['bce = tf.keras.losses.BinaryCrossentropy()', ...perClass(`bce(${yt('i:i + 1')}, ${yp('i:i + 1')}, w)`)]), undefined],
      ['F.binary_cross_entropy(y_pred, y_true) with two arguments', 'loss-unweighted',
        torchLoss(['L = F.binary_cross_entropy(y_pred, y_true, reduction="none")', 'return torch.sum(torch.mean(L, dim=0))']),
        ['L = F.binary_cross_entropy(y_pred, y_true, reduction="none")']],
      ['nn.BCELoss() given nothing, called with two', 'loss-unweighted',
        torchLoss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += nn.BCELoss()(${yp('i')}, ${yt('i')})`, 'return loss']),
        [`loss += nn.BCELoss()(${yp('i')}, ${yt('i')})`]],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-weights-averaged-apart: a Keras column kept 2-D by a list index or a new axis is right', () => {
  const perClass = (y: string, p: string) =>
    loss(['bce = tf.keras.losses.BinaryCrossentropy()', 'loss = 0.0', 'for i in range(len(pos_weights)):',
      `    w = pos_weights[i] * ${yt('i')} + neg_weights[i] * (1 - ${yt('i')})`, `    loss += bce(${y}, ${p}, sample_weight=w)`, 'return loss']);
  it('names only a column read 1-D by a class number', async () => {
    const rows: SiteRow[] = [
      ['right: y_true[:, [i]], y_pred[:, [i]]', 'loss-weights-averaged-apart', perClass('y_true[:, [i]]', 'y_pred[:, [i]]'), undefined],
      ['right: y_true[:, i, None] is no 2-index column', 'loss-weights-averaged-apart', perClass('y_true[:, i, None]', 'y_pred[:, i, None]'), undefined],
      ['right: a list of one class number in a name, y_true[:, cols]', 'loss-weights-averaged-apart', perClass('y_true[:, [i, ]]', 'y_pred[:, [i, ]]'), undefined],
      ['y_true[:, i - 1 + 1], a class number read 1-D', 'loss-weights-averaged-apart', perClass('y_true[:, i - 1 + 1]', 'y_pred[:, i - 1 + 1]'),
        ['loss += bce(y_true[:, i - 1 + 1], y_pred[:, i - 1 + 1], sample_weight=w)']],
      ['y_true[:, i], y_pred[:, i]', 'loss-weights-averaged-apart', perClass(yt('i'), yp('i')), [`loss += bce(${yt('i')}, ${yp('i')}, sample_weight=w)`]],
    ];
    await expectSiteLines(rows);
  });
});

describe('freqs-swapped: frequencies handed to a pair-maker in the other order', () => {
  const PAIR = 'def as_pair(a, b):\n    return np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n\n\n';
  const handed = (body: string[]) => freqs(body).replace('def compute_class_freqs', `${PAIR}def compute_class_freqs`);
  const computed = ['N = labels.shape[0]', 'positive = np.sum(labels, axis=0) / N', 'negative = 1 - positive'];
  it('names the return whose own arguments show the swap, not one that hands the work on', async () => {
    const rows: SiteRow[] = [
      ['as_pair(negative, positive), negative = 1 - positive', 'freqs-swapped', handed([...computed, 'return as_pair(negative, positive)']), ['return as_pair(negative, positive)']],
      ['as_pair(1 - p, p) written in place', 'freqs-swapped', handed(['p = np.mean(labels, axis=0)', 'return as_pair(1 - p, p)']), ['return as_pair(1 - p, p)']],
      ['as_pair(neg_freq, pos_freq), by their names', 'freqs-swapped',
        handed(['pos_freq = np.mean(labels, axis=0)', 'neg_freq = np.mean(1 - labels, axis=0)', 'return as_pair(neg_freq, pos_freq)']), ['return as_pair(neg_freq, pos_freq)']],
      ['as_pair(positive, negative): the order right here, none', 'freqs-swapped', handed([...computed, 'return as_pair(positive, negative)']), undefined],
      ['as_pair(labels.T, N): no frequencies in its arguments, none', 'freqs-swapped', handed(['N = labels.shape[0]', 'return as_pair(labels.T, N)']), undefined],
    ];
    await expectSiteLines(rows);
  });
});
