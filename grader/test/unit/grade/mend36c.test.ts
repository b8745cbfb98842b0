/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), mend 36c (review 36b): (6) a whole
 * number stored into an integer array (N - np.sum(labels[:, c] == 0), N - pos[c], N from labels.shape)
 * is no fraction; (7) a literal None in a library cross-entropy's weight slot is no weight; (8) a helper's
 * fixed class loop guarded by `if i >= y.shape[1]: break` runs over the columns; (9) a stray NUL byte's
 * fix is to delete it, not to save the file again.
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { expectSiteLines, functionsOf, lossSource as loss, SITES_HEAD, type SiteRow } from '../../helpers/runner.js';

const RIGHT_LOSS = `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))
    return weighted_loss
`;
const freqs = (body: string[]) => `${SITES_HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n\n\n${RIGHT_LOSS}`;

describe('freqs-integer-division: a whole number stored into an integer array is no fraction', () => {
  it('names only the array that is stored a fraction', async () => {
    const rows: SiteRow[] = [
      ['N - a count of zeros (right), beside a mean (wrong)', 'freqs-integer-division',
        freqs(['N, C = labels.shape', 'pos_count = np.zeros(C, dtype=int)', 'neg = np.zeros(C, dtype=int)', 'for c in range(C):',
          '    pos_count[c] = N - np.sum(labels[:, c] == 0)', '    neg[c] = np.mean(labels[:, c] == 0)', 'return pos_count / N, neg']),
        ['neg = np.zeros(C, dtype=int)']],
      ['right: N - pos[c], N, C = labels.shape', 'freqs-integer-division',
        freqs(['N, C = labels.shape', 'pos = np.zeros(C, dtype=int)', 'for n in range(N):', '    for c in range(C):', '        pos[c] += labels[n, c] == 1',
          'neg = np.zeros(C, dtype=int)', 'for c in range(C):', '    neg[c] = N - pos[c]', 'return pos / N, neg / N']), undefined],
      ['right: pos[c] * -1 + N', 'freqs-integer-division',
        freqs(['N, C = labels.shape', 'pos = np.zeros(C, dtype=int)', 'for n in range(N):', '    for c in range(C):', '        pos[c] += int(labels[n, c])',
          'neg = np.zeros(C, dtype=int)', 'for c in range(C):', '    neg[c] = pos[c] * -1 + N', 'return pos / N, neg / N']), undefined],
      ['right: len(labels) - labels[:, c].sum(), N = len(labels)', 'freqs-integer-division',
        freqs(['N = len(labels)', 'neg = np.zeros(labels.shape[1], dtype=int)', 'for c in range(labels.shape[1]):', '    neg[c] = N - labels[:, c].sum()',
          'return 1 - neg / N, neg / N']), undefined],
      ['right: labels.shape[0] - np.count_nonzero(labels[:, c])', 'freqs-integer-division',
        freqs(['neg = np.zeros(labels.shape[1], dtype=int)', 'for c in range(labels.shape[1]):', '    neg[c] = labels.shape[0] - np.count_nonzero(labels[:, c])',
          'return 1 - neg / labels.shape[0], neg / labels.shape[0]']), undefined],
      ['N rebound to a fraction: still a fraction', 'freqs-integer-division',
        freqs(['N, C = labels.shape', 'N = N / 2', 'neg = np.zeros(C, dtype=int)', 'for c in range(C):', '    neg[c] = N - np.sum(labels[:, c])',
          'return 1 - neg / N, neg / N']), ['neg = np.zeros(C, dtype=int)']],
    ];
    await expectSiteLines(rows);
  });
});

describe('loss-unweighted: a literal None in the weight slot is no weight', () => {
  const bce = (args: string) => loss(['y_true = torch.as_tensor(y_true, dtype=torch.float64)', 'y_pred = torch.as_tensor(y_pred, dtype=torch.float64)',
    `loss = torch.nn.functional.binary_cross_entropy(${args})`, 'return float(loss.mean())']);
  it('names the call given None by position or keyword, not one given a weight', async () => {
    const rows: SiteRow[] = [
      ['None by position', 'loss-unweighted', bce("y_pred, y_true, None, reduction='none'"), ["loss = torch.nn.functional.binary_cross_entropy(y_pred, y_true, None, reduction='none')"]],
      ['weight=None', 'loss-unweighted', bce("y_pred, y_true, weight=None, reduction='none'"), ["loss = torch.nn.functional.binary_cross_entropy(y_pred, y_true, weight=None, reduction='none')"]],
      ['nn.BCELoss(None)', 'loss-unweighted', loss(['y_true = torch.as_tensor(y_true, dtype=torch.float64)', 'y_pred = torch.as_tensor(y_pred, dtype=torch.float64)',
        "return float(torch.nn.BCELoss(None, reduction='mean')(y_pred, y_true))"]), ["return float(torch.nn.BCELoss(None, reduction='mean')(y_pred, y_true))"]],
      ['a weight by position: none', 'loss-unweighted', bce("y_pred, y_true, torch.as_tensor(pos_weights) * y_true + torch.as_tensor(neg_weights) * (1 - y_true), reduction='none'"), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe("loss-hardcoded-classes: a helper's fixed loop that breaks at the columns' count", () => {
  const helper = (guard: string, count = 'MAX_CLASSES') => `${SITES_HEAD}MAX_CLASSES = 64


def _class_loss(y, p, pw, nw, eps):
    total = 0.0
    C = y.shape[1]
    for i in range(${count}):
${guard}        total += -np.mean(pw[i] * y[:, i] * np.log(p[:, i] + eps) + nw[i] * (1 - y[:, i]) * np.log(1 - p[:, i] + eps))
    return total


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return _class_loss(y_true, y_pred, pos_weights, neg_weights, epsilon)
    return weighted_loss
`;
  it('names no line for a guard at y.shape[1], len(...), a C bound from the shape; the loop without one, or one at a literal', async () => {
    const rows: SiteRow[] = [
      ['right: if i >= y.shape[1]: break', 'loss-hardcoded-classes', helper('        if i >= y.shape[1]:\n            break\n'), undefined],
      ['right: if len(pw) <= i: return total', 'loss-hardcoded-classes', helper('        if len(pw) <= i:\n            return total\n'), undefined],
      ['right: if i >= C: break', 'loss-hardcoded-classes', helper('        if i >= C:\n            break\n'), undefined],
      ['no guard', 'loss-hardcoded-classes', helper(''), ['for i in range(MAX_CLASSES):']],
      ['a guard at a literal 14', 'loss-hardcoded-classes', helper('        if i >= 14:\n            break\n', '3'), ['for i in range(3):']],
    ];
    await expectSiteLines(rows);
  });
});

describe("loss-weights-reversed: each term read on its own, a weight's index followed through a name", () => {
  const C = 'C - 1 - i';
  const loop = (pw: string, nw: string) => loss(['loss = 0.0', 'C = len(pos_weights)', 'for i in range(C):', `    j = ${C}`,
    `    loss += -np.mean(pos_weights[${pw}] * y_true[:, ${C}] * np.log(y_pred[:, ${C}] + epsilon)`,
    `                     + neg_weights[${nw}] * (1 - y_true[:, ${C}]) * np.log(1 - y_pred[:, ${C}] + epsilon))`, 'return loss']);
  const negLine = `+ neg_weights[i] * (1 - y_true[:, ${C}]) * np.log(1 - y_pred[:, ${C}] + epsilon))`;
  const posLine = `loss += -np.mean(pos_weights[i] * y_true[:, ${C}] * np.log(y_pred[:, ${C}] + epsilon)`;
  it('names only the term whose weight is in order against its columns from the end', async () => {
    const rows: SiteRow[] = [
      ['pos_weights[j], j = C - 1 - i; neg_weights[i]', 'loss-weights-reversed', loop('j', 'i'), [negLine]],
      ['pos_weights[C - 1 - i]; neg_weights[i]', 'loss-weights-reversed', loop(C, 'i'), [negLine]],
      ['pos_weights[i]; neg_weights[j]', 'loss-weights-reversed', loop('i', 'j'), [posLine]],
      ['right: both at j', 'loss-weights-reversed', loop('j', 'j'), undefined],
      ['right: both at C - 1 - i', 'loss-weights-reversed', loop(C, C), undefined],
      ['right: pw = np.asarray(pos_weights)[order], order = list(range(C))[::-1], columns [:, ::-1]', 'loss-weights-reversed',
        loss(['order = list(range(len(pos_weights)))[::-1]', 'yt = y_true[:, ::-1]', 'yp = y_pred[:, ::-1]', 'pw = np.asarray(pos_weights)[order]',
          'nw = np.asarray(neg_weights)[order]', 'return -np.sum(np.mean(pw * yt * np.log(yp + epsilon) + nw * (1 - yt) * np.log(1 - yp + epsilon), axis=0))']), undefined],
      ['weights at j, columns in order: both weights', 'loss-weights-reversed',
        loss(['loss = 0.0', 'C = len(pos_weights)', 'for i in range(C):', `    j = ${C}`, `    loss += -np.mean(${'pos_weights[j] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[j] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)'})`, 'return loss']),
        ['loss += -np.mean(pos_weights[j] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[j] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))']],
    ];
    await expectSiteLines(rows);
  });
  it("words the fix from the term out of step, which the other term's reading keeps right", async () => {
    const [fs] = await functionsOf([loop('j', 'i')]);
    const at = siteOf('loss-weights-reversed', fs!);
    expect(at?.fix).toContain('Read neg_weights at the same class as the columns of y_true and y_pred in its term');
    expect(at?.fix).not.toContain('Index the weights with the class itself');
  });
});

describe("an integer mean of the labels is the loss's only when its value is read", () => {
  const body = (read: string) => loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    share = K.mean(y_true[:, i])',
    `    loss += ${read}-K.sum(pos_weights[i] * K.cast(y_true[:, i], 'float32') * K.log(y_pred[:, i] + epsilon)`,
    "                   + neg_weights[i] * (1 - K.cast(y_true[:, i], 'float32')) * K.log(1 - y_pred[:, i] + epsilon))", 'return loss']);
  it('marks K.mean(y_true[:, i]) bound to a name read in the loss, not one never read', async () => {
    const fs = await functionsOf([body(''), body('share * 0 ')]);
    const integer = (i: number) => (fs[i]!.get_weighted_loss?.sites ?? []).filter((s) => s.kind === 'reduction' && s.integer === true).map((s) => s.line);
    expect([integer(0), integer(1)]).toEqual([[], [body('').split('\n').findIndex((l) => l.includes('share = K.mean')) + 1]]);
  });
});
