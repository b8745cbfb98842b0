/**
 * A mistake's fix is worded in the framework the mistaken function is written in, which the
 * runner reads from the function's code (runner.frameworks_used), not from the file's imports
 * alone: a file that imports Keras or PyTorch for its data but writes the loss in numpy gets
 * np.mean, and a loss written with K (or through a helper of the file) gets K.mean.
 */
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { batchSubmissions } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const HAS_TORCH = hasModule('torch');
/** Keras 3 with a backend it can import (keras.ops needs TensorFlow, JAX or PyTorch). */
const HAS_KERAS_OPS = execaSync('python3', ['-c', 'from keras import ops; ops.mean(ops.ones((2,)))'], { reject: false, env: { TF_CPP_MIN_LOG_LEVEL: '3' } }).exitCode === 0;

/** A submission whose loss sums over the examples (loss-sum-not-mean), written with `lib` (np, K or torch). */
const summing = (imports: string, lib: string, viaHelper = false) => `${imports}

def compute_class_freqs(labels):
    n = labels.shape[0]
    p = np.sum(labels, axis=0) / n
    return p, 1 - p
${viaHelper ? `

def class_terms(y, p, wp, wn, eps):
    return -(wp * y * ${lib}.log(p + eps) + wn * (1 - y) * ${lib}.log(1 - p + eps))
` : ''}

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            ${viaHelper
              ? 'loss += class_terms(y_true[:, i], y_pred[:, i], pos_weights[i], neg_weights[i], epsilon).sum()'
              : `loss += -${lib}.sum(pos_weights[i] * y_true[:, i] * ${lib}.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * ${lib}.log(1 - y_pred[:, i] + epsilon))`}
        return loss
    return weighted_loss
`;

// Every file is graded in one batch before the tests (batchSubmissions); a skipped test's files are not added.
const batch = batchSubmissions('fix-wording');
const fixOf = (report: { mistakes: Array<{ id: string; fix: string }> }) => report.mistakes.find((m) => m.id === 'loss-sum-not-mean')?.fix;

describe('fixes in the framework the function is written in', () => {
  const numpyLoss = batch('numpy-loss.py', summing('import numpy as np\nfrom keras import backend as K', 'np'));
  const kerasLoss = batch('keras-loss.py', summing('import numpy as np\nfrom keras import backend as K', 'K'));
  it('a numpy loss in a file that imports Keras gets np.mean, a K loss gets K.mean', async () => {
    const numpy = await numpyLoss();
    expect(fixOf(numpy.report)).toContain('np.mean');
    const keras = await kerasLoss();
    expect(fixOf(keras.report)).toContain('K.mean');
    expect(fixOf(keras.report)).not.toContain('np.');
  });

  const helperLoss = batch('helper-loss.py', summing('import numpy as np\nfrom keras import backend as K', 'K', true));
  const helperNumpy = batch('helper-numpy.py', summing('import numpy as np\nfrom keras import backend as K', 'np', true));
  it("reads through the file's own helper functions", async () => {
    const { report } = await helperLoss();
    expect(fixOf(report)).toContain('K.mean');
    expect(fixOf(report)).not.toContain('np.');
    const numpy = await helperNumpy();
    expect(fixOf(numpy.report)).toContain('np.mean');
  });

  const torchData = HAS_TORCH ? batch('torch-data.py', summing('import numpy as np\nimport torch', 'np')) : null;
  it.skipIf(!HAS_TORCH)(`a numpy loss in a file that imports torch gets np.mean${HAS_TORCH ? '' : ' (skipped: PyTorch is not installed)'}`, async () => {
    const { report } = await torchData!();
    expect(fixOf(report)).toContain('np.mean');
    expect(fixOf(report)).not.toContain('torch.');
  });

  const kerasOpsLoss = HAS_KERAS_OPS ? batch('keras-ops-loss.py', summing('import numpy as np\nfrom keras import ops', 'ops')) : null;
  it.skipIf(!HAS_KERAS_OPS)(`a loss written with Keras 3's ops gets ops.mean, not K.mean, which Keras 3 lacks (sweep 13b)${HAS_KERAS_OPS ? '' : ' (skipped: keras.ops cannot be imported)'}`, async () => {
    const { report } = await kerasOpsLoss!();
    expect(fixOf(report)).toBe('Take the mean over the examples (ops.mean over axis 0), then add the classes up.');
  });

  // The runner saw the module keras and no ops module: K.mean, which Keras 3 lacks, for ops code.
  const kerasDotOps = HAS_KERAS_OPS ? batch('keras-dot-ops-loss.py', summing('import numpy as np\nimport keras', 'keras.ops')) : null;
  // keras.backend reached the same way stays K.
  const kerasDotBackend = HAS_KERAS_OPS ? batch('keras-dot-backend-loss.py', summing('import numpy as np\nimport keras', 'keras.backend')) : null;
  it.skipIf(!HAS_KERAS_OPS)(`a loss written as keras.ops.sum after import keras gets ops.mean, not K.mean (learner 27)${HAS_KERAS_OPS ? '' : ' (skipped: keras.ops cannot be imported)'}`, async () => {
    const { report } = await kerasDotOps!();
    expect(fixOf(report)).toBe('Take the mean over the examples (ops.mean over axis 0), then add the classes up.');
    const backend = await kerasDotBackend!();
    expect(fixOf(backend.report)).toContain('K.mean');
  });

  // function_modules caught Exception only: the runner died while describing the functions, and a correct file got 0/23.
  const evilModule = batch('evil-module.py', `import numpy as np


class Evil(str):
    def __eq__(self, other):
        raise KeyboardInterrupt("boom")
    __hash__ = str.__hash__


class Helper:
    pass


Helper.__module__ = Evil("submission")


def compute_class_freqs(labels):
    Helper
    p = np.mean(labels, axis=0)
    return p, 1 - p


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
`);
  it('a helper class whose __module__ raises KeyboardInterrupt when compared does not stop grading (red-team round 11)', async () => {
    const { report } = await evilModule();
    expect(report.problems).toEqual([]);
    expect([report.status, report.score]).toEqual(['passed', 23]);
  });
});
