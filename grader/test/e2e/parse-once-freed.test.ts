/**
 * The runner's readers of the graded definitions share one parse of the source (runner._parse_once),
 * and that tree is dropped before the calls: kept, a large file's tree would be memory the learner's
 * code no longer has, and the code could see it. A loss that adds 1000 for every ast.Module alive
 * during its calls scores full marks only if none is (the runner parses nothing during the calls).
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
});
