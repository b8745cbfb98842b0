/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), mend 34: right code two rules
 * pointed at (a sum over the classes then averaged, for loss-wrong-axis; a sum divided on its line,
 * for freqs-counts' fallback), and counts made by map(), which got no line.
 */
import { describe, it } from 'vitest';
import { expectSiteLines, lossSource as loss, type SiteRow } from '../../helpers/runner.js';

const L = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
const freqs = (body: string[], before = '') => `import numpy as np\nimport torch\n\n\n${before}def compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;

describe('loss-wrong-axis: a sum over the classes is right, never its line', () => {
  const rows: SiteRow[] = [
    ['np.mean(np.sum(L, axis=1)) (right)', 'loss-wrong-axis', loss([L, 'return -np.mean(np.sum(L, axis=1))']), undefined],
    ['L.sum(axis=-1).mean() (right)', 'loss-wrong-axis', loss([L, 'return -L.sum(axis=-1).mean()']), undefined],
    ['the row sums in a name, then averaged (right)', 'loss-wrong-axis', loss([L, 'per_example = np.sum(L, axis=1)', 'return -np.mean(per_example)']), undefined],
    ['torch.sum(L, dim=1).mean() (right)', 'loss-wrong-axis', loss([L.replaceAll('np.', 'torch.'), 'return -torch.sum(L, dim=1).mean()']), undefined],
    // The mistake's own forms keep their line: a mean over the classes, a division by their number.
    ['np.sum(np.mean(L, axis=1))', 'loss-wrong-axis', loss([L, 'return -np.sum(np.mean(L, axis=1))']), ['return -np.sum(np.mean(L, axis=1))']],
    ['row sums divided by the classes', 'loss-wrong-axis', loss([L, 'rows = np.sum(L, axis=1)', 'return -np.sum(rows / len(pos_weights))']),
      ['return -np.sum(rows / len(pos_weights))']],
  ];
  it('names the mean or the division over the classes, not a sum over them', async () => {
    await expectSiteLines(rows);
  });
});

describe("freqs-counts' fallback: a line that sums and divides is a fraction", () => {
  const helper = 'def _count(x):\n    return np.sum(x, axis=0)\n\n\n';
  const R = 'range(labels.shape[1])';
  const rows: SiteRow[] = [
    ['np.array([...]) / N (right)', 'freqs-counts',
      freqs(['N = labels.shape[0]', `pos = np.array([np.sum(labels[:, c]) for c in ${R}]) / N`, 'return pos, 1 - pos']), undefined],
    ['np.sum(...) / len(labels) in the return (right)', 'freqs-counts',
      freqs(['return np.sum(labels, axis=0) / len(labels), np.sum(1 - labels, axis=0) / len(labels)']), undefined],
    // The fallback's own case stays: a helper's sum, nothing divided.
    ["a helper's sums, never divided", 'freqs-counts', freqs(['return _count(labels), _count(1 - labels)'], helper), ['return np.sum(x, axis=0)']],
  ];
  it('names no line holding a division', async () => {
    await expectSiteLines(rows);
  });
});

describe('freqs-counts: counts made by map()', () => {
  const rows: SiteRow[] = [
    ['list(map(np.sum, labels.T))', 'freqs-counts',
      freqs(['pos = list(map(np.sum, labels.T))', 'neg = [len(labels) - p for p in pos]', 'return pos, neg']),
      ['pos = list(map(np.sum, labels.T))', 'neg = [len(labels) - p for p in pos]']],
    ['np.array(list(map(np.sum, labels.T)))', 'freqs-counts',
      freqs(['pos = np.array(list(map(np.sum, labels.T)))', 'neg = labels.shape[0] - pos', 'return pos, neg']),
      ['pos = np.array(list(map(np.sum, labels.T)))', 'neg = labels.shape[0] - pos']],
    ['map(sum, zip(*labels)), tupled', 'freqs-counts',
      freqs(['pos = tuple(map(sum, zip(*labels)))', 'neg = [len(labels) - p for p in pos]', 'return pos, neg']),
      ['pos = tuple(map(sum, zip(*labels)))', 'neg = [len(labels) - p for p in pos]']],
    ['map of a lambda over the class index', 'freqs-counts',
      freqs(['pos = np.array(list(map(lambda c: np.sum(labels[:, c]), range(labels.shape[1]))))', 'neg = labels.shape[0] - pos', 'return pos, neg']),
      ['pos = np.array(list(map(lambda c: np.sum(labels[:, c]), range(labels.shape[1]))))', 'neg = labels.shape[0] - pos']],
    // Right: map of a mean, or the counts divided.
    ['map(np.mean, labels.T) (right)', 'freqs-counts', freqs(['pos = np.array(list(map(np.mean, labels.T)))', 'return pos, 1 - pos']), undefined],
    ['the mapped counts divided (right)', 'freqs-counts',
      freqs(['pos = np.array(list(map(np.sum, labels.T))) / len(labels)', 'return pos, 1 - pos']), undefined],
    ['a map of two iterables (not one column each): none', 'freqs-counts',
      freqs(['pos = list(map(np.add, labels.T, labels.T))', 'neg = [len(labels) - p for p in pos]', 'return pos, neg']), undefined],
  ];
  it('names each map of counts, and nothing when divided', async () => {
    await expectSiteLines(rows);
  });
});
