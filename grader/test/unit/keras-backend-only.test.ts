/**
 * Which submissions get the Keras shim's stand-ins even where real Keras is installed: those that
 * use Keras/TensorFlow only through the backend API (runner.keras_backend_only).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import { hasModule } from '../helpers/python.js';
import { runnerOnEach } from '../helpers/runner.js';

const TRAIN = 'import tensorflow as tf\nfrom keras import backend as K\ndef train(x):\n    return tf.reduce_mean(x)\nK.mean(1)';
const TABLE: [string, boolean][] = [
  ['from keras import backend as K\nK.mean(x)', true],
  ['import keras.backend as K', true],
  ['from tensorflow.keras import backend as K', true],
  ['import tensorflow.keras.backend as K', true],
  ['import tensorflow as tf\nK = tf.keras.backend\nK.log(x)', true],
  ['from keras.backend import mean, log', true],
  ['import keras\nkeras.backend.mean(1)', true],
  ['import tensorflow as tf\ntf.math.log(x)', false],
  ['import tensorflow as tf\nK = tf.keras.backend\ntf.reduce_mean(x)', false],
  ['from keras.layers import Dense', false],
  ['import keras\nkeras.losses.binary_crossentropy', false],
  ['import numpy as np', false],
  // A submodule the stand-ins lack, imported with the backend used through the same name: real Keras
  // has keras.layers (the stand-in said "keras is not installed", a 0), and tells keras.engine apart.
  // (With the shim loaded, which this process does not, an unused one the installed Keras holds gets
  // a placeholder: keras-unused-imports.test.ts.)
  ['import keras.layers\nkeras.backend.mean(1)', false],
  ['import keras.engine\nkeras.backend.mean(1)', false],
  ['import tensorflow.keras.layers\ntensorflow.keras.backend.mean(1)', false],
  ['import tensorflow.keras.backend.madeup\ntensorflow.keras.backend.mean(1)', false],
  ['import tensorflow.keras\ntensorflow.keras.backend.mean(1)', true],
  // A .py's top-level def nothing names never runs (imports 33): its tf.reduce_mean needs no TensorFlow.
  [`${TRAIN}`, true],
  [`${TRAIN.replace('def train(', 'def fit():\n    return train(1)\ndef train(')}`, true],
  [`${TRAIN}\ntrain(1)`, false],
  [`${TRAIN}\nif __name__ == "__main__":\n    train(1)`, false],
  [`${TRAIN.replace('def train(', '@tf.function\ndef train(')}`, false],
  [`${TRAIN}\nSTEPS = ["train"]`, false],
  [`${TRAIN}\nimport sys\nsys.modules[__name__].train(1)`, false],
  [`${TRAIN.replace('def train(', 'def get_weighted_loss(p, n):\n    return train\ndef train(')}`, false],
];

describe('keras_backend_only', () => {
  it('tells backend-only Keras code from code that needs real TensorFlow/Keras', async () => {
    expect(await runnerOnEach('keras_backend_only', TABLE.map(([s]) => s))).toEqual(TABLE.map(([, v]) => v));
  });
});

// A notebook's kept training helper nothing graded reaches (imports 33): its body never runs, yet its
// tf.reduce_mean made the whole notebook need real TensorFlow (seconds), though the graded functions
// use only K. The stand-ins now read what the graded functions reach (notebook.NEEDED).
const HAS_TF = hasModule('tensorflow');
describe.skipIf(!HAS_TF)(`a notebook's unreached def${HAS_TF ? '' : ' — SKIPPED: tensorflow not installed'}`, () => {
  it('does not keep the stand-ins from serving its backend-only graded functions; a reached one does', async () => {
    const graded = (helper: string) =>
      'def compute_class_freqs(labels):\n    p = K.mean(labels, axis=0)\n    return p, 1 - p\n\n' +
      `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return ${helper}(-K.mean(pos_weights * y_true * K.log(y_pred + epsilon)))\n    return weighted_loss`;
    const cells = (helper: string) => [
      'import numpy as np\nimport tensorflow as tf\nK = tf.keras.backend',
      'def train_step(x):\n    return tf.reduce_mean(x)',
      graded(helper),
    ];
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-kbo-'));
    const paths = await Promise.all(
      [cells('float'), cells('train_step')].map(async (c, i) => {
        const path = join(dir, `nb${i}.ipynb`);
        const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: c.map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source })) };
        await writeFile(path, JSON.stringify(nb));
        return path;
      }),
    );
    const script = `
import json, subprocess, sys
if len(sys.argv) == 3:  # one notebook per process: the stand-ins, once chosen, stay
    sys.path[:0] = [sys.argv[1], sys.argv[1] + "/shim"]
    import wlgrade_keras_shim, notebook, runner
    src, _, _ = notebook.extract(sys.argv[2])
    out = [runner.use_stand_ins(src, notebook.NEEDED)]
    if out[0]:  # served: its load imports no TensorFlow (real TensorFlow's import would take seconds)
        exec(compile(src, "nb", "exec"), {})
        out.append("tensorflow.python" in sys.modules)
    print(json.dumps(out))
else:
    print(json.dumps([json.loads(subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2], p], capture_output=True, text=True).stdout) for p in sys.argv[3:]]))
`;
    const { stdout } = await execa('python3', ['-c', script, script, PYTHON_DIR, ...paths]);
    // The helper unreached: stand-ins, no TensorFlow. Reached (the loss calls it): real TensorFlow, as before.
    expect(JSON.parse(stdout)).toEqual([[true, false], [false]]);
  });
});
