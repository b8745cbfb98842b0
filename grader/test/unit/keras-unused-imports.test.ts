/**
 * Keras imports a file never uses, beside numpy or backend-only code (imports 33): `import
 * keras.layers` or `from tensorflow.keras import layers` left over from a training script made
 * keras_backend_only say no, so `check` imported real Keras and TensorFlow (seconds) for a name
 * nothing reads. Such an import now gets a placeholder from the shim when the installed Keras holds
 * it (real_has, read from its folders); a module it surely lacks (keras.engine under Keras 3, a typo:
 * real_lacks_module) fails as written on the stand-ins, without TensorFlow (tidy 34); a name a
 * module may lack is still imported for real and fails as written.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import { hasModule } from '../helpers/python.js';

async function python(script: string, input: unknown): Promise<unknown> {
  const head = `import sys, json\nsys.path[:0] = [${JSON.stringify(PYTHON_DIR)}, ${JSON.stringify(PYTHON_DIR + '/shim')}]\n`;
  const { stdout } = await execa('python3', ['-c', head + script], { input: JSON.stringify(input) });
  return JSON.parse(stdout.trim().split('\n').pop()!) as unknown;
}

// What the installed Keras holds, as a fixed set: the reading alone, whatever is installed.
const HAS = ['keras.preprocessing.image.ImageDataGenerator', 'keras.layers', 'keras.layers.Dense', 'keras.models.Model', 'tensorflow.keras.layers', 'tensorflow.keras.layers.Dense', 'tensorflow.keras.backend'];
const READINGS: [string, string[] | null][] = [
  ['import numpy as np\nimport keras.layers', ['keras.layers']],
  ['import keras.layers as L\nimport numpy as np', ['keras.layers']],
  ['from tensorflow.keras import layers', ['tensorflow.keras.layers']],
  ['from keras.layers import Dense\nfrom keras import backend as K\nK.mean(x)', ['keras.layers.Dense']],
  ['from keras.models import Model\nimport keras.layers\nkeras.backend.mean(1)', ['keras.layers', 'keras.models.Model']],
  // Used only in a def nothing names (a .py's training helper, never called): unused too.
  ['from keras.preprocessing.image import ImageDataGenerator\ndef get_train_generator(df):\n    return ImageDataGenerator().flow(df)', ['keras.preprocessing.image.ImageDataGenerator']],
  ['from keras.preprocessing.image import ImageDataGenerator\ndef get_train_generator(df):\n    return ImageDataGenerator().flow(df)\ngen = get_train_generator(1)', null],
  // Used, even once, or bound where a use cannot be seen: real Keras, as before.
  ['from tensorflow.keras import layers\nlayers.Dense(3)', null],
  ['import keras.layers\nkeras.layers.Dense(3)', null],
  ['import keras.layers as L\nL.Dense(3)', null],
  ['import keras.layers\nm = keras', null],
  ['from keras.models import Model\nclass M(Model):\n    pass', null],
  ['from keras.layers import *', null],
  ['from tensorflow import math', null],
  // A module the installed Keras surely lacks (no folder or file of it: keras.engine under Keras 3, a
  // typo): the stand-ins fail its import as real Keras does, without TensorFlow's seconds (tidy 34),
  // an existing module on the way served, so that the error names the missing one.
  ['import keras.engine', []],
  ['import numpy as np\nfrom keras.layer import Dense', []],
  ['from keras.layers.core2 import Dense', ['keras.layers']],
  ['from tensorflow.keras.layer import Dense', []],
  // Below the stand-ins' own backend module: the real import, as before.
  ['import tensorflow.keras.backend.madeup', null],
  // A name a module may lack (read from its __init__'s words, which may miss one): the real import, as before.
  ['from keras.layers import Densee', null],
  // Used: real Keras, as before.
  ['from keras.layer import Dense\nDense(3)', null],
  ['import numpy as np', null],
];
// Modules the installed Keras surely lacks, as a fixed set.
const LACKS = ['keras.engine', 'keras.layer', 'keras.layers.core2', 'tensorflow.keras.layer', 'tensorflow.keras.backend.madeup'];

describe('runner._backend_reading: Keras imports the code never uses', () => {
  it('lists them, or says the code needs real Keras', async () => {
    const out = await python(
      'import runner\nargs = json.loads(sys.stdin.read())\nhas = set(args["has"])\n' +
        'lacks = set(args["lacks"])\nprint(json.dumps([runner._backend_reading(s, has.__contains__, lacks=lacks.__contains__) for s in args["sources"]]))',
      { has: HAS, lacks: LACKS, sources: READINGS.map(([s]) => s) },
    );
    expect(out).toEqual(READINGS.map(([, v]) => v));
  });
});

const HAS_KERAS = hasModule('keras') && hasModule('tensorflow');

describe.skipIf(!HAS_KERAS)(`with Keras and TensorFlow installed${HAS_KERAS ? '' : ' — SKIPPED: keras or tensorflow not installed'}`, () => {
  it('real_has reads what the installed Keras holds, no code of it run', async () => {
    const names = ['keras.layers', 'keras.layers.Dense', 'keras.models.Model', 'keras.applications.densenet.DenseNet121',
      'tensorflow.keras.layers', 'tensorflow.keras.preprocessing.image.ImageDataGenerator',
      'keras.engine', 'keras.layers.Densee', 'tensorflow.keras.backend.madeup', 'tensorflow.math', 'numpy.linalg'];
    const out = await python(
      'import wlgrade_keras_shim as shim\nnames = json.loads(sys.stdin.read())\n' +
        'print(json.dumps([[shim.real_has(n) for n in names], "keras" in sys.modules, "tensorflow" in sys.modules]))',
      names,
    );
    expect(out).toEqual([[true, true, true, true, true, true, false, false, false, false, false], false, false]);
  });

  // The file's own top level runs under the stand-ins: its unused imports get placeholders and
  // TensorFlow is never imported (before: use_stand_ins said no, and the real import ran).
  it.each([
    'import numpy as np\nimport keras.layers\n',
    'import numpy as np\nfrom tensorflow.keras import layers\n',
    'from keras.layers import Dense, GlobalAveragePooling2D\nfrom keras.models import Model\nfrom keras import backend as K\nx = K.mean(K.log([1.0, 2.0]))\n',
    'import tensorflow.keras.layers as L\nimport tensorflow as tf\nx = tf.keras.backend.sum([1.0])\n',
  ])('%j runs on the stand-ins, TensorFlow not imported', async (source) => {
    const out = await python(
      'import wlgrade_keras_shim as shim, runner\nsource = json.loads(sys.stdin.read())\nserved = runner.use_stand_ins(source)\n' +
        'exec(compile(source, "submission.py", "exec"), {})\n' +
        'print(json.dumps([served, shim.is_stand_in(sys.modules.get("keras") or sys.modules["tensorflow"]), "tensorflow.python" in sys.modules]))',
      source,
    );
    expect(out).toEqual([true, true, false]);
  });

  it('real_lacks_module: a module of no folder or file of the installed Keras, no code of it run', async () => {
    const names = ['keras.layer', 'keras.engine', 'tensorflow.keras.layer', 'keras.layers', 'keras.layers.core2', 'tensorflow.keras.layers', 'keras.backend', 'numpy.linalg', 'tensorflow.math'];
    const out = await python(
      'import wlgrade_keras_shim as shim\nnames = json.loads(sys.stdin.read())\n' +
        'print(json.dumps([[shim.real_lacks_module(n) for n in names], "keras" in sys.modules, "tensorflow" in sys.modules]))',
      names,
    );
    expect(out).toEqual([[true, true, true, false, true, false, false, false, false], false, false]);
  });

  // A typo in an unused import fails as written, on the stand-ins: no TensorFlow imported for it (tidy 34).
  it.each([
    ['from keras.layer import Dense', "No module named 'keras.layer'"],
    ['import keras.engine', "No module named 'keras.engine'"],
    ['from keras.layers.core2 import Dense', "No module named 'keras.layers.core2'"],
  ])('%s fails as real Keras fails it, TensorFlow not imported', async (line, message) => {
    const out = await python(
      'import wlgrade_keras_shim as shim, runner\nsource = json.loads(sys.stdin.read())\nserved = runner.use_stand_ins(source)\n' +
        'try:\n    exec(compile(source, "submission.py", "exec"), {})\n    raised = None\nexcept ImportError as e:\n    raised = [type(e).__name__, str(e)]\n' +
        'print(json.dumps([served, raised, "tensorflow.python" in sys.modules]))',
      `import numpy as np\n${line}\nx = np.mean([1.0])\n`,
    );
    expect(out).toEqual([true, ['ModuleNotFoundError', message], false]);
  });

  it('a placeholder reached another way says to grade with real Keras', async () => {
    const out = await python(
      'import wlgrade_keras_shim as shim, runner\nsource = "import keras.layers\\n"\nrunner.use_stand_ins(source)\n' +
        'g = {}\nexec(source, g)\ntry:\n    g["keras"].layers.Dense\nexcept AttributeError as e:\n    print(json.dumps([type(e).__name__, str(e)]))',
      null,
    );
    expect(out).toEqual(['KerasFunctionMissing', expect.stringMatching(/^keras\.layers\.Dense is not supported by wlgrade's Keras backend shim; .*--keras real/)]);
  });
});
