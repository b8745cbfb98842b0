/**
 * A submodule Keras or TensorFlow lacks, where both are installed (imports 32). Under the default
 * Keras shim, a file that used the backend through `keras.` or `tensorflow.keras.` got the shim's
 * stand-ins, which have only the backend: `import keras.engine` was told "keras.engine is not
 * installed, pip install keras" (keras 3 is installed; the blank was right, the sentence wrong), and
 * `import keras.layers`, which Keras has, failed in the stand-in: "keras is not installed", a 0 for
 * the loss. Under both shim and real, `import tensorflow.keras.backend.madeup` was told "not
 * installed, pip install tensorflow-cpu": tensorflow.keras.backend has no folder (TensorFlow adds it
 * at import), so the recheck outside the sandbox read it as no module at all.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const HAS_TF = hasModule('tensorflow') && hasModule('keras');

const file = (imported: string, backend: string) =>
  `import numpy as np\nimport ${imported}\n\n` +
  'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n' +
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
  `        return -${backend}.mean(pos_weights * y_true * ${backend}.log(y_pred + epsilon) + neg_weights * (1 - y_true) * ${backend}.log(1 - y_pred + epsilon)) * y_true.shape[1]\n` +
  '    return weighted_loss\n';

describe.skipIf(!HAS_TF)(`Keras and TensorFlow submodules, both installed${HAS_TF ? '' : ' — SKIPPED: tensorflow or keras not installed'}`, () => {
  const check = scratchSubmissions('keras-submodules');

  it.each(['shim', 'real'])('import keras.engine (--keras %s): keras is installed and lacks it, told the release that had it, not "pip install keras"', async (keras) => {
    const { report } = await check(`engine-${keras}.py`, file('keras.engine', 'keras.backend'), ['--keras', keras]);
    expect(report.problems.map((p) => p.code)).toEqual(['IMPORT_ERROR']);
    expect(report.problems[0]!.message).toMatch(/^engine-\w+\.py:2: imports "keras\.engine", but keras 3[.\d]* has no submodule engine, and get_weighted_loss uses it, .*: keras releases up to 2\.12 had keras\.engine, so this is code for another keras\. Import the classes from keras/);
    expect(report.problems[0]!.message).not.toMatch(/not installed|pip install/);
  });

  it.each(['shim', 'real'])('import tensorflow.keras.backend.madeup (--keras %s): tensorflow is installed and lacks it, not "pip install tensorflow-cpu"', async (keras) => {
    const { report } = await check(`madeup-${keras}.py`, file('tensorflow.keras.backend.madeup', 'tensorflow.keras.backend'), ['--keras', keras]);
    expect(report.problems.map((p) => p.code)).toEqual(['IMPORT_ERROR']);
    expect(report.problems[0]!.message).toMatch(
      /^madeup-\w+\.py:2: imports "tensorflow\.keras\.backend\.madeup", but tensorflow\.keras\.backend \(tensorflow [.\d]+\) has no submodule madeup, and get_weighted_loss uses it, .*Change that import \(and the code using it\) to what this tensorflow has; a name that is not there is a typo or belongs to another version\.$/,
    );
  });

  it('import keras.layers, the backend used through keras. (default shim): real Keras has it, every case graded', async () => {
    const { report } = await check('layers.py', file('keras.layers', 'keras.backend'));
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });
});
