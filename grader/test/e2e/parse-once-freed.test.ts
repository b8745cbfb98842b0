/**
 * The runner's readers of the graded definitions share one parse of the source (runner._parse_once),
 * and that tree is dropped before the calls: kept, a large file's tree would be memory the learner's
 * code no longer has, and the code could see it. A loss that adds 1000 for every ast.Module alive
 * during its calls scores full marks only if none is (the runner parses nothing during the calls).
 * Nor are the file's lines that quoting its class-weight lines split (notebook.source_segment keeps
 * the last text split: 22 MB for a file of 8 MB).
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const check = scratchSubmissions('parse-once');

const SOURCE = `import ast
import gc
import numpy as np


def compute_class_freqs(labels):
    pos = np.mean(labels, axis=0)
    return pos, 1 - pos


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        trees = [o for o in gc.get_objects() if type(o) is ast.Module]
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss + 1000.0 * len(trees)
    return weighted_loss
`;

describe('the source readers\' shared tree', () => {
  it('is not alive while the learner\'s functions run', async () => {
    const { report } = await check('trees.py', SOURCE);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });

  it('nor the file\'s lines split to quote its class-weight lines', async () => {
    // The loss adds 1000 for every list of the file's lines alive during its calls: the one
    // notebook.source_segment split to quote the weight lines under the main guard was kept.
    const marker = '# the first line of the split-lines test';
    const source = `${marker}\n${SOURCE.replace(
      "trees = [o for o in gc.get_objects() if type(o) is ast.Module]",
      // linecache's copy (the file's lines for tracebacks, kept by Python itself) is not counted.
      `cached = [id(v[2]) for v in __import__('linecache').cache.values() if len(v) > 2]\n        trees = [o for o in gc.get_objects() if type(o) is list and o and type(o[0]) is str and o[0].startswith(${JSON.stringify(marker)}) and id(o) not in cached]`,
    )}
if __name__ == '__main__':
    freq_pos, freq_neg = compute_class_freqs(np.array([[1, 0], [0, 1]]))
    pos_weights = freq_neg
    neg_weights = freq_pos
`;
    expect(source).toContain('o[0].startswith');
    const { report } = await check('lines.py', source);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });
});
