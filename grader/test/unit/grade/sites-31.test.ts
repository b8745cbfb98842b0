/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), stop 31's gaps: each row a
 * spelling that gave no line before, or the wrong one; the lines the fix changes now, or none when
 * the source cannot say.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { PYTHON_DIR } from '../../../src/paths.js';
import { expectSiteLines, functionsOf, lossSource, SITES_HEAD as HEAD, type SiteRow } from '../../helpers/runner.js';

/** get_weighted_loss with its inner loss's body (lines indented by 8). */
const loss = (body: string[], head?: string, inner?: string) => lossSource(body, { head, inner });
const freqs = (body: string[]) => `${HEAD}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;

type Row = SiteRow;
const check = expectSiteLines;

describe('loss-missing-class-index: each weight vector reduced to one number (no class loop)', () => {
  const terms = (wp: string, wn: string, m = 'np') => `${wp} * y_true * ${m}.log(y_pred + epsilon) + ${wn} * (1 - y_true) * ${m}.log(1 - y_pred + epsilon)`;
  const rows: Row[] = [
    ['np.mean of each, in names', 'loss-missing-class-index', loss(['wp = np.mean(pos_weights)', 'wn = np.mean(neg_weights)', `return -np.sum(np.mean(${terms('wp', 'wn')}, axis=0))`]),
      ['wp = np.mean(pos_weights)', 'wn = np.mean(neg_weights)']],
    ['torch.mean of converted weights, inline', 'loss-missing-class-index',
      `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    pw = torch.as_tensor(pos_weights)\n    nw = torch.as_tensor(neg_weights)\n    def weighted_loss(y_true, y_pred):\n        loss = -(${terms('torch.mean(pw)', 'torch.mean(nw)', 'torch')})\n        return torch.sum(torch.mean(loss, dim=0))\n    return weighted_loss\n`,
      [`loss = -(${terms('torch.mean(pw)', 'torch.mean(nw)', 'torch')})`]],
    ['tf.reduce_mean, a term a line', 'loss-missing-class-index',
      loss(['pos = tf.reduce_mean(pos_weights) * y_true * tf.math.log(y_pred + epsilon)', 'neg = tf.reduce_mean(neg_weights) * (1 - y_true) * tf.math.log(1 - y_pred + epsilon)', 'return -tf.reduce_sum(tf.reduce_mean(pos + neg, axis=0))']),
      ['pos = tf.reduce_mean(pos_weights) * y_true * tf.math.log(y_pred + epsilon)', 'neg = tf.reduce_mean(neg_weights) * (1 - y_true) * tf.math.log(1 - y_pred + epsilon)']],
    ['K.mean and a method .mean()', 'loss-missing-class-index', loss(['wp = K.mean(pos_weights)', 'wn = neg_weights.mean()', `return -K.sum(K.mean(${terms('wp', 'wn', 'K')}, axis=0))`]),
      ['wp = K.mean(pos_weights)', 'wn = neg_weights.mean()']],
    ['np.sum of the weights times a mean over every class', 'loss-missing-class-index',
      loss(['pos = np.sum(pos_weights) * np.mean(y_true * np.log(y_pred + epsilon))', 'neg = np.sum(neg_weights) * np.mean((1 - y_true) * np.log(1 - y_pred + epsilon))', 'return -(pos + neg)']),
      ['pos = np.sum(pos_weights) * np.mean(y_true * np.log(y_pred + epsilon))', 'neg = np.sum(neg_weights) * np.mean((1 - y_true) * np.log(1 - y_pred + epsilon))']],
    ['a mean of one weight, not the vector: none', 'loss-missing-class-index', loss(['wp = np.mean(pos_weights[0])', 'wn = np.mean(neg_weights[0])', `return -np.sum(np.mean(${terms('wp', 'wn')}, axis=0))`]), undefined],
    ['the weights kept whole: none', 'loss-missing-class-index', loss([`return -np.sum(np.mean(${terms('pos_weights', 'neg_weights')}, axis=0))`]), undefined],
  ];
  it('names each reduction of a weight vector', async () => {
    await check(rows);
  });
});

describe("loss-normalised-weights: each weight divided by the weights' sum", () => {
  const classLoop = (lines: string[], wp = 'wp', wn = 'wn') => loss(['loss = 0.0', 'for i in range(len(pos_weights)):', ...lines.map((l) => `    ${l}`),
    `    loss += -np.mean(${wp} * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + ${wn} * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))`, 'return loss']);
  const rows: Row[] = [
    ['by (pos_weights[i] + neg_weights[i]) written out', 'loss-normalised-weights', classLoop(['wp = pos_weights[i] / (pos_weights[i] + neg_weights[i])', 'wn = neg_weights[i] / (pos_weights[i] + neg_weights[i])']),
      ['wp = pos_weights[i] / (pos_weights[i] + neg_weights[i])', 'wn = neg_weights[i] / (pos_weights[i] + neg_weights[i])']],
    ['by a name bound to the sum', 'loss-normalised-weights', classLoop(['total = pos_weights[i] + neg_weights[i]', 'wp = pos_weights[i] / total', 'wn = neg_weights[i] / total']),
      ['wp = pos_weights[i] / total', 'wn = neg_weights[i] / total']],
    ['whole vectors', 'loss-normalised-weights',
      loss(['pw = pos_weights / (pos_weights + neg_weights)', 'nw = neg_weights / (pos_weights + neg_weights)', 'return -np.sum(np.mean(pw * y_true * np.log(y_pred + epsilon) + nw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']),
      ['pw = pos_weights / (pos_weights + neg_weights)', 'nw = neg_weights / (pos_weights + neg_weights)']],
    ['each vector by its sum over the classes', 'loss-normalised-weights',
      loss(['pw = pos_weights / np.sum(pos_weights)', 'nw = neg_weights / neg_weights.sum()', 'return -np.sum(np.mean(pw * y_true * np.log(y_pred + epsilon) + nw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']),
      ['pw = pos_weights / np.sum(pos_weights)', 'nw = neg_weights / neg_weights.sum()']],
    ['a division by the number of examples: none', 'loss-normalised-weights', classLoop(['wp = pos_weights[i] / len(y_true)', 'wn = neg_weights[i] / len(y_true)']), undefined],
  ];
  it('names each such division', async () => {
    await check(rows);
  });
});

describe('freqs-hardcoded-classes: np.zeros(14) filled by a loop over labels.shape[1]', () => {
  const fill = (zeros: string, bound: string) => [`pos = ${zeros}`, `neg = ${zeros}`, `for c in range(${bound}):`, '    pos[c] = np.mean(labels[:, c])', '    neg[c] = 1 - pos[c]', 'return pos, neg'];
  const rows: Row[] = [
    ['np.zeros(14), range(labels.shape[1])', 'freqs-hardcoded-classes', freqs(fill('np.zeros(14)', 'labels.shape[1]')), ['pos = np.zeros(14)', 'neg = np.zeros(14)']],
    ['np.zeros((14,)), range(len(labels[0]))', 'freqs-hardcoded-classes', freqs(fill('np.zeros((14,))', 'len(labels[0])')), ['pos = np.zeros((14,))', 'neg = np.zeros((14,))']],
    ["the notebook's global, torch.zeros", 'freqs-hardcoded-classes', `N_CLASSES = 14\n${freqs(fill('torch.zeros(N_CLASSES)', 'labels.shape[1]'))}`, ['pos = torch.zeros(N_CLASSES)', 'neg = torch.zeros(N_CLASSES)']],
    ['zeros of the labels\' count: none', 'freqs-hardcoded-classes', freqs(fill('np.zeros(labels.shape[1])', 'labels.shape[1]')), undefined],
    ['np.zeros(14) not filled by the loop: none', 'freqs-hardcoded-classes', freqs(['spare = np.zeros(14)', 'pos = np.mean(labels, axis=0)', 'for c in range(labels.shape[1]):', '    print(labels[:, c])', 'return pos, 1 - pos']), undefined],
  ];
  it('names each array of the fixed count', async () => {
    await check(rows);
  });
});

describe('an attribute changed in place (self.pw *= 0, self.pw += ...) holds nothing the readers know, as a plain name does', () => {
  const terms = (pw: string, nw: string, eps: string) => `return -np.sum(np.mean(${pw} * y_true * np.log(y_pred + ${eps}) + ${nw} * (1 - y_true) * np.log(1 - y_pred + ${eps}), axis=0))`;
  const asClass = (init: string[]) =>
    `${HEAD}class WeightedLoss:\n    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):\n${init.map((l) => `        ${l}`).join('\n')}\n        self.eps = epsilon\n\n    def __call__(self, y_true, y_pred):\n        ${terms('self.pw', 'self.nw', 'self.eps')}\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return WeightedLoss(pos_weights, neg_weights, epsilon)\n`;
  const asNames = (init: string[]) =>
    `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n${init.map((l) => `    ${l.replaceAll('self.', '')}`).join('\n')}\n\n    def weighted_loss(y_true, y_pred):\n        ${terms('pw', 'nw', 'epsilon')}\n    return weighted_loss\n`;
  // pw made from neg_weights, then zeroed and given pos_weights: the positive weight after all.
  const refilled = ['self.pw = np.array(neg_weights, dtype=float)', 'self.nw = np.array(neg_weights, dtype=float)', 'self.pw *= 0', 'self.pw += pos_weights'];
  const kept = ['self.pw = np.array(neg_weights, dtype=float)', 'self.nw = np.array(pos_weights, dtype=float)'];
  const rows: Row[] = [
    ['attributes refilled in place: none', 'loss-swapped-weights', asClass(refilled), undefined],
    ['plain names refilled in place: none', 'loss-swapped-weights', asNames(refilled), undefined],
    ['attributes item-assigned (self.pw[:] = pos_weights): none', 'loss-swapped-weights', asClass([...refilled.slice(0, 2), 'self.pw[:] = pos_weights']), undefined],
    ['attributes set once, swapped: the lines', 'loss-swapped-weights', asClass(kept), ['self.pw = np.array(neg_weights, dtype=float)', 'self.nw = np.array(pos_weights, dtype=float)']],
  ];
  it('gives no line through an attribute whose value changed after its `=`', async () => {
    await check(rows);
  });
});

describe("a loss whose inputs are named in PyTorch's order, forward(self, y_pred, y_true): the grader passes the labels first", () => {
  /** An nn.Module loss with its forward's two terms as given. */
  const module = (params: string, pos: string, neg: string) =>
    `${HEAD}import torch.nn as nn\n\n\nclass WeightedLoss(nn.Module):\n    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):\n        super().__init__()\n        self.pw = torch.as_tensor(pos_weights)\n        self.nw = torch.as_tensor(neg_weights)\n        self.eps = epsilon\n\n    def forward(self, ${params}):\n        pos = ${pos}\n        neg = ${neg}\n        return -torch.sum(torch.mean(pos + neg, dim=0))\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return WeightedLoss(pos_weights, neg_weights, epsilon)\n`;
  // Swapped terms by value (y_pred holds the labels): y_pred * log(1 - y_true).
  const byValue = module('y_pred, y_true', 'self.pw * y_pred * torch.log(1 - y_true + self.eps)', 'self.nw * (1 - y_pred) * torch.log(y_true + self.eps)');
  // Swapped terms by the names, the names in the other order: both mistakes at once.
  const byName = module('y_pred, y_true', 'self.pw * y_true * torch.log(1 - y_pred + self.eps)', 'self.nw * (1 - y_true) * torch.log(y_pred + self.eps)');
  // Right by the names, the names in the other order: loss-swapped-arguments alone.
  const rightByName = module('y_pred, y_true', 'self.pw * y_true * torch.log(y_pred + self.eps)', 'self.nw * (1 - y_true) * torch.log(1 - y_pred + self.eps)');
  const input = module('input, target', 'self.pw * target * torch.log(input + self.eps)', 'self.nw * (1 - target) * torch.log(1 - input + self.eps)');
  const keras = module('y_true, y_pred', 'self.pw * y_true * torch.log(1 - y_pred + self.eps)', 'self.nw * (1 - y_true) * torch.log(y_pred + self.eps)');

  it('points at the terms, with the fix in its names, and at the def for the order', async () => {
    const [v, n, r, i, k] = await functionsOf([byValue, byName, rightByName, input, keras]);
    const swappedTerms = new Set<MistakeId>(['loss-swapped-terms']);
    const both = new Set<MistakeId>(['loss-swapped-terms', 'loss-swapped-arguments']);
    // The terms swapped by value: their lines, and the fix says the learner's names.
    expect(siteOf('loss-swapped-terms', v, swappedTerms)).toEqual({
      line: 18,
      lines: [{ line: 18 }, { line: 19 }],
      fix: 'Your loss is called with the labels first, weighted_loss(y_true, y_pred), so your y_pred holds the labels and y_true the predictions: the positive term is y_pred * np.log(y_true + epsilon) and the negative term (1 - y_pred) * np.log(1 - y_true + epsilon). Clearer: name the parameters (y_true, y_pred), labels first, and write y_true * np.log(y_pred + epsilon) and (1 - y_true) * np.log(1 - y_pred + epsilon).',
    });
    // Both mistakes: the terms the names swap (the catalogue's fix, right once the order is), and the def.
    expect(siteOf('loss-swapped-terms', n, both)).toEqual({ line: 18, lines: [{ line: 18 }, { line: 19 }] });
    expect(siteOf('loss-swapped-arguments', n, both)).toEqual({ line: 17 });
    // The order alone: the def; forward(self, input, target) too.
    expect(siteOf('loss-swapped-arguments', r, new Set(['loss-swapped-arguments']))).toEqual({ line: 17 });
    expect(siteOf('loss-swapped-arguments', i, new Set(['loss-swapped-arguments']))).toEqual({ line: 17 });
    // Keras's order: the terms, the catalogue's fix; no line for an order that is right.
    expect(siteOf('loss-swapped-terms', k, swappedTerms)).toEqual({ line: 18, lines: [{ line: 18 }, { line: 19 }] });
    expect(siteOf('loss-swapped-arguments', k, new Set(['loss-swapped-arguments']))).toBeUndefined();
  });

  it("the factory's own inner loss, weighted_loss(y_pred, y_true): its def", async () => {
    await check([
      ['weighted_loss(y_pred, y_true)', 'loss-swapped-arguments', loss(['return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))'], undefined, 'y_pred, y_true'),
        ['def weighted_loss(y_pred, y_true):']],
      ['weighted_loss(y, p): names that say no order, none', 'loss-swapped-arguments', loss(['return -np.sum(np.mean(pos_weights * y * np.log(p + epsilon) + neg_weights * (1 - y) * np.log(1 - p + epsilon), axis=0))'], undefined, 'y, p'),
        undefined],
    ]);
  });
});

describe("loss-same-weight-both-terms: one term written with the other's weight", () => {
  const rows: Row[] = [
    ['vectorised, a term a line', 'loss-same-weight-both-terms',
      loss(['pos_term = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg_term = pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos_term + neg_term, axis=0))']),
      ['neg_term = pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)']],
    ['a class loop, neg_weights[i] on both', 'loss-same-weight-both-terms',
      loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    pos = neg_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)', '    neg = neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)', '    loss += -np.mean(pos + neg)', 'return loss']),
      ['pos = neg_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)']],
    ['both terms swapped (loss-swapped-weights\' code): none', 'loss-same-weight-both-terms',
      loss(['pos_term = neg_weights * y_true * np.log(y_pred + epsilon)', 'neg_term = pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos_term + neg_term, axis=0))']),
      undefined],
  ];
  it("names the term that took the other's weight", async () => {
    await check(rows);
  });
});

describe("a notebook's loss class that the extraction guards (try: / class ... / except BaseException): read as a top-level class", () => {
  it('gives its lines, the order and the terms, as in a .py', async () => {
    const cells = [
      'import numpy as np\nimport torch\nimport torch.nn as nn',
      'class WeightedLoss(nn.Module):\n    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):\n        super().__init__()\n        self.pw = torch.as_tensor(pos_weights)\n        self.nw = torch.as_tensor(neg_weights)\n        self.eps = epsilon\n\n    def forward(self, y_pred, y_true):\n        pos = self.pw * y_pred * torch.log(1 - y_true + self.eps)\n        neg = self.nw * (1 - y_pred) * torch.log(y_true + self.eps)\n        return -torch.sum(torch.mean(pos + neg, dim=0))',
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return WeightedLoss(pos_weights, neg_weights, epsilon)',
    ];
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })) };
    const dir = mkdtempSync(join(tmpdir(), 'sites31-'));
    const path = join(dir, 'a.ipynb');
    writeFileSync(path, JSON.stringify(nb));
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import notebook, runner
src, cells, notes = notebook.extract(sys.argv[2])
lines = src.split("\\n")
print(json.dumps([[s["kind"], lines[s["line"] - 1].strip()] for s in runner.fix_sites(src) if s["kind"] in ("order", "mismatched")]))
`;
    const { stdout } = await execa('python3', ['-c', script, PYTHON_DIR, path]);
    rmSync(dir, { recursive: true });
    expect(JSON.parse(stdout)).toEqual([
      ['order', 'def forward(self, y_pred, y_true):'],
      ['mismatched', 'pos = self.pw * y_pred * torch.log(1 - y_true + self.eps)'],
      ['mismatched', 'neg = self.nw * (1 - y_pred) * torch.log(y_true + self.eps)'],
    ]);
  });
});

describe('compute_class_freqs handing its whole work to a helper (return _freqs(labels)): the helper read as its own definition', () => {
  const delegated = (body: string[], call = 'return _freqs(labels)') => `${HEAD}def _freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n\n\ndef compute_class_freqs(labels):\n    ${call}\n`;
  const rows: Row[] = [
    ['counts', 'freqs-counts', delegated(['pos = np.sum(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0)', 'return pos, neg']), ['pos = np.sum(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0)']],
    ['swapped', 'freqs-swapped', delegated(['pos = np.mean(labels, axis=0)', 'return 1 - pos, pos']), ['return 1 - pos, pos']],
    ['np.zeros(14)', 'freqs-hardcoded-classes', delegated(['pos = np.zeros(14)', 'for c in range(labels.shape[1]):', '    pos[c] = np.mean(labels[:, c])', 'return pos, 1 - pos']), ['pos = np.zeros(14)']],
    ['a helper given something else (labels.T): not its definition, none', 'freqs-swapped', delegated(['pos = np.mean(labels, axis=1)', 'return 1 - pos, pos'], 'return _freqs(labels.T)'), undefined],
  ];
  it('names the lines in the helper', async () => {
    await check(rows);
  });
});

describe("a helper the loss calls once with its weights, labels and predictions: the helper's terms read as the loss's", () => {
  const withHelper = (params: string, ret: string, args = 'y_true, y_pred, pos_weights, neg_weights, epsilon') =>
    `${HEAD}def _terms(${params}):\n    ${ret}\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        t = _terms(${args})\n        return -np.sum(np.mean(t, axis=0))\n    return weighted_loss\n`;
  const rows: Row[] = [
    ['swapped terms', 'loss-swapped-terms', withHelper('y, p, wp, wn, eps', 'return wp * y * np.log(1 - p + eps) + wn * (1 - y) * np.log(p + eps)'), ['return wp * y * np.log(1 - p + eps) + wn * (1 - y) * np.log(p + eps)']],
    ['swapped weights', 'loss-swapped-weights', withHelper('y, p, wp, wn, eps', 'return wn * y * np.log(p + eps) + wp * (1 - y) * np.log(1 - p + eps)'), ['return wn * y * np.log(p + eps) + wp * (1 - y) * np.log(1 - p + eps)']],
    ['the weights passed the other way: the call', 'loss-swapped-weights',
      withHelper('y, p, wp, wn, eps', 'return wp * y * np.log(p + eps) + wn * (1 - y) * np.log(1 - p + eps)', 'y_true, y_pred, neg_weights, pos_weights, epsilon'),
      ['t = _terms(y_true, y_pred, neg_weights, pos_weights, epsilon)']],
    ['no label factor on the negative term', 'loss-missing-label-factor', withHelper('y, p, wp, wn, eps', 'return wp * y * np.log(p + eps) + wn * np.log(1 - p + eps)'), ['return wp * y * np.log(p + eps) + wn * np.log(1 - p + eps)']],
    ['one weight on both terms', 'loss-same-weight-both-terms', withHelper('y, p, wp, wn, eps', 'return wp * y * np.log(p + eps) + wp * (1 - y) * np.log(1 - p + eps)'), ['return wp * y * np.log(p + eps) + wp * (1 - y) * np.log(1 - p + eps)']],
    // A column is still the labels, a weight's element still that weight (pointers 33: helper_read).
    ['called with columns: the helper\'s line', 'loss-swapped-terms',
      withHelper('y, p, wp, wn, eps', 'return wp * y * np.log(1 - p + eps) + wn * (1 - y) * np.log(p + eps)', 'y_true[:, 0], y_pred[:, 0], pos_weights[0], neg_weights[0], epsilon'),
      ['return wp * y * np.log(1 - p + eps) + wn * (1 - y) * np.log(p + eps)']],
    ['called with 1 - y_pred (not the predictions): none', 'loss-swapped-terms',
      withHelper('y, p, wp, wn, eps', 'return wp * y * np.log(1 - p + eps) + wn * (1 - y) * np.log(p + eps)', 'y_true, 1 - y_pred, pos_weights, neg_weights, epsilon'), undefined],
  ];
  it('names the lines in the helper', async () => {
    await check(rows);
  });
});
