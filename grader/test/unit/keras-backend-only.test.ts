/**
 * Which submissions get the Keras shim's stand-ins even where real Keras is installed: those that
 * use Keras/TensorFlow only through the backend API (runner.keras_backend_only).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

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
];

describe('keras_backend_only', () => {
  it('tells backend-only Keras code from code that needs real TensorFlow/Keras', async () => {
    const script = `import sys, json\nsys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})\nimport runner\nprint(json.dumps([runner.keras_backend_only(s) for s in json.load(sys.stdin)]))`;
    const r = await execa('python3', ['-c', script], { input: JSON.stringify(TABLE.map(([s]) => s)) });
    expect(JSON.parse(r.stdout)).toEqual(TABLE.map(([, v]) => v));
  });
});
