/**
 * Which submissions get the Keras shim's stand-ins even where real Keras is installed: those that
 * use Keras/TensorFlow only through the backend API (runner.keras_backend_only).
 */
import { describe, expect, it } from 'vitest';
import { runnerOnEach } from '../helpers/runner.js';

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
];

describe('keras_backend_only', () => {
  it('tells backend-only Keras code from code that needs real TensorFlow/Keras', async () => {
    expect(await runnerOnEach('keras_backend_only', TABLE.map(([s]) => s))).toEqual(TABLE.map(([, v]) => v));
  });
});
