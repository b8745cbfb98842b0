/**
 * Keras / TensorFlow / PyTorch submissions through the built CLI (issue #3). The Keras shim is
 * tested both ways: with whatever this machine has installed, and on a Python where TensorFlow,
 * Keras and PyTorch are hidden (grader/test/fixtures/hide-frameworks/python), so its stand-ins run.
 * Tests that need a framework are skipped by name when it is missing, never passed silently.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { checkJson, ROOT, scratchSubmissions } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';
import { STAFF_POINTS } from '../helpers/suites.js';

const HIDDEN_PY = join(ROOT, 'grader', 'test', 'fixtures', 'hide-frameworks', 'python');
const fx = (name: string) => join('grader', 'test', 'fixtures', 'frameworks', name);

const HAS_TORCH = hasModule('torch');
const HAS_TF = hasModule('tensorflow');

const KERAS_STYLES = [
  'keras-from-keras-import-backend.py',
  'keras-import-keras-backend.py',
  'keras-from-tensorflow-keras.py',
  'keras-import-tensorflow-keras-backend.py',
  'keras-tf-keras-backend.py',
];

describe('Keras backend code without TensorFlow or Keras (the shim stand-ins)', () => {
  it.each(KERAS_STYLES)('%s passes every case', async (file) => {
    const { exitCode, report } = await checkJson(join('submissions', 'frameworks', file), ['--python', HIDDEN_PY, '--sandbox', 'process']);
    expect(report.problems).toEqual([]);
    expect([exitCode, report.score]).toEqual([0, 23]);
  });

  it("K.binary_crossentropy(y_pred, y_true): PyTorch's argument order in Keras's loss is named from the call (sweep 14b)", async () => {
    const src = (args: string) =>
      'import numpy as np\nfrom keras import backend as K\n\n' +
      'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n' +
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
      `        w = pos_weights * y_true + neg_weights * (1 - y_true)\n        return K.sum(K.mean(w * K.binary_crossentropy(${args}), axis=0))\n    return weighted_loss\n`;
    const { report } = await hidden('k-bce-order.py', src('y_pred, y_true'), ['--python', HIDDEN_PY]);
    expect(report.mistakes.map((m) => [m.id, m.confidence, m.location])).toEqual([['loss-swapped-arguments', 'full', { line: 11, text: 'return K.sum(K.mean(w * K.binary_crossentropy(y_pred, y_true), axis=0))' }]]);
    expect(report.mistakes[0]!.fix).toBe("Swap the two arguments: K.binary_crossentropy(y_true, y_pred), the labels first (Keras's order; PyTorch's binary_cross_entropy takes the predictions first).");
    const right = await hidden('k-bce-right.py', src('y_true, y_pred'), ['--python', HIDDEN_PY]);
    expect(right.report.mistakes.map((m) => m.id)).toEqual(['loss-clip-and-epsilon']);
  });

  it('tf ops without TensorFlow: the use that needs it, "tensorflow is not installed, pip install tensorflow-cpu"', async () => {
    const { report } = await checkJson('submissions/frameworks/tensorflow-ops.py', ['--python', HIDDEN_PY, '--sandbox', 'process']);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.code).toBe('IMPORT_ERROR');
    // Line 6 is a use (tf.cast), not the import (line 2): the message says which.
    expect(report.problems[0]!.message).toMatch(/^tensorflow-ops\.py:6: tf\.cast needs "tensorflow", which is not installed for .*, and your graded functions use it\. Install it with ".*-m pip install tensorflow-cpu"/);
  });

  const NP_FREQS = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n';
  const loss = (ns: string) =>
    'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
    `        return ${ns}.sum(${ns}.mean(-(pos_weights * y_true * ${ns}.log(y_pred + epsilon) + neg_weights * (1 - y_true) * ${ns}.log(1 - y_pred + epsilon)), axis=0))\n` +
    '    return weighted_loss\n';
  const hidden = scratchSubmissions('frameworks-hidden');

  it('tf ops in the loss only: names the use and its line, grades compute_class_freqs', async () => {
    const { report } = await hidden('tf-loss.py', 'import tensorflow as tf\n' + NP_FREQS + loss('tf.math').replace('tf.math.sum(tf.math.mean', 'tf.reduce_sum(tf.reduce_mean'), ['--python', HIDDEN_PY]);
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^tf-loss\.py:10: get_weighted_loss uses tf\.reduce_sum, which needs "tensorflow", and "tensorflow" is not installed for .*, so get_weighted_loss's cases were not graded \(compute_class_freqs's were\)\. Install it with ".* -m pip install tensorflow-cpu", or write get_weighted_loss without it \(numpy is enough\)\.$/),
    ]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });

  it("gives Keras-backend code its fix in K terms (the stand-ins served it; the learner wrote K)", async () => {
    const src = 'from keras import backend as K\n' + NP_FREQS + loss('K').replace('axis=0', 'axis=1');
    const { report } = await hidden('k-axis.py', src, ['--python', HIDDEN_PY]);
    expect(report.mistakes.map((m) => [m.id, m.fix])).toEqual([['loss-wrong-axis', 'Average over the examples first, K.mean(L, axis=0), then sum the per-class values: K.sum(K.mean(L, axis=0)).']]);
  });

  it("writes each fix in the terms of its own function: a Keras notebook's numpy frequencies get np.mean, not K.mean", async () => {
    // The course notebook imports Keras but computes the frequencies with numpy, through a helper here.
    const freqs = 'import numpy as np\n\ndef _per_example(labels):\n    return np.mean(labels, axis=1)\n\ndef compute_class_freqs(labels):\n    p = _per_example(labels)\n    return p, 1 - p\n\n';
    const src = 'from keras import backend as K\n' + freqs + loss('K').replace('axis=0', 'axis=1');
    const { report } = await hidden('k-np-freqs.py', src, ['--python', HIDDEN_PY]);
    expect(report.mistakes.map((m) => [m.id, m.fix])).toEqual([
      ['loss-wrong-axis', 'Average over the examples first, K.mean(L, axis=0), then sum the per-class values: K.sum(K.mean(L, axis=0)).'],
      ['freqs-wrong-axis', 'Use np.mean(labels, axis=0) or np.sum(labels, axis=0) / labels.shape[0]: one value per class.'],
    ]);
  });

  it('keras.ops without Keras: "keras.ops is not installed, pip install keras", not an error in every case', async () => {
    const { report } = await hidden('keras-ops.py', 'from keras import ops\n' + NP_FREQS + loss('ops'), ['--python', HIDDEN_PY]);
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^keras-ops\.py:1: imports "keras\.ops", which is not installed for .*, and get_weighted_loss uses it, so get_weighted_loss's cases were not graded \(compute_class_freqs's were\)\. Install it with ".* -m pip install keras", or write get_weighted_loss without it \(numpy is enough\)\.$/),
    ]);
    expect(report.notes.filter((n) => n.startsWith('Its top-level code raised'))).toEqual([]);
    expect(new Set(report.cases.filter((c) => c.function === 'weighted_loss').map((c) => c.message))).toEqual(new Set(['Not graded: get_weighted_loss uses keras.ops, which could not be imported (see the problem above).']));
  });

  it('torch without PyTorch: "imports torch, which is not installed"', async () => {
    const { report } = await checkJson('submissions/frameworks/pytorch.py', ['--python', HIDDEN_PY, '--sandbox', 'process']);
    expect(report.problems[0]!.message).toMatch(/^pytorch\.py:2: imports "torch", which is not installed for .*-m pip install torch"/);
  });
});

describe(`Keras backend code with this machine's Keras (${HAS_TF ? 'TensorFlow installed: real modules, patched' : 'no TensorFlow: shim'})`, () => {
  it.each(KERAS_STYLES)('%s passes every case', async (file) => {
    const { report } = await checkJson(join('submissions', 'frameworks', file));
    expect([report.status, report.score]).toEqual(['passed', 23]);
  });
});

describe('the shim K functions against numpy float32 reference values', () => {
  const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import wlgrade_keras_shim as s
K = s.backend
y = np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32)
p = np.array([[0.9, 0.2], [0.3, 0.6], [0.7, 0.99]], dtype=np.float32)
f32 = lambda a: np.asarray(a, dtype=np.float32)
cases = {
  "mean": (K.mean(p), np.mean(p)),
  "mean_axis0": (K.mean(p, axis=0), np.mean(p, axis=0)),
  "mean_keepdims": (K.mean(p, axis=[0], keepdims=True), np.mean(p, axis=0, keepdims=True)),
  "mean_int_truncates": (K.mean(np.array([1, 2], dtype=np.int64)), np.int64(1)),
  "sum_axis1": (K.sum(p, axis=1), np.sum(p, axis=1)),
  "log": (K.log(p + K.epsilon()), np.log(p + np.float32(1e-7))),
  "exp": (K.exp(p), np.exp(p)),
  "clip": (K.clip(p, 0.25, 0.75), np.clip(p, 0.25, 0.75)),
  "sqrt_neg_is_0": (K.sqrt(f32([-1e-9, 4])), f32([0, 2])),
  "square_abs": (K.abs(K.square(p - 1)), np.abs(np.square(p - 1))),
  "maximum": (K.maximum(p, 0.5), np.maximum(p, np.float32(0.5))),
  "pow": (K.pow(p, 2), p ** 2),
  "round": (K.round(f32([0.5, 1.5, 2.5])), f32([0, 2, 2])),
  "sigmoid": (K.sigmoid(f32([0.0, 2.0])), f32(1 / (1 + np.exp(-np.array([0.0, 2.0]))))),
  "bce": (K.binary_crossentropy(y, p), -(y * np.log(np.clip(p, 1e-7, 1 - 1e-7) + np.float32(1e-7)) + (1 - y) * np.log(1 - np.clip(p, 1e-7, 1 - 1e-7) + np.float32(1e-7)))),
  "dot_transpose": (K.dot(K.transpose(p), y), p.T @ y),
  "constant_f32": (K.constant([[1, 2]]), f32([[1, 2]])),
  "cast": (K.cast(y, "int32"), y.astype(np.int32)),
  "ones_like": (K.ones_like(p), np.ones_like(p)),
  "concat_stack": (K.concatenate([K.stack([p[:, 0], p[:, 1]], axis=1), p]), np.concatenate([p, p], axis=-1)),
  "gather": (K.gather(K.transpose(p), 1), p[:, 1]),
  "gather_many": (K.gather(p, K.constant([2, 0], dtype="int32")), p[[2, 0]]),
  "equal": (K.cast(K.equal(y, 1), "float32"), (y == 1).astype(np.float32)),
  # Booleans reduced as counts and fractions, where TensorFlow raises (docs/keras-shim.md).
  "sum_bool": (K.sum(y == 1, axis=0), np.sum(y == 1, axis=0)),
  "mean_bool": (K.mean(y == 1, axis=0), np.mean(y == 1, axis=0).astype(np.float32)),
}
out = {}
for k, (got, want) in cases.items():
    got, want = np.asarray(got), np.asarray(want)
    out[k] = {"dtype": [str(got.dtype), str(want.dtype)], "shape": [list(got.shape), list(want.shape)], "close": bool(np.allclose(got, want, rtol=1e-6, atol=1e-7))}
out["scalars"] = [K.epsilon(), K.floatx(), K.int_shape(p), K.ndim(p), K.dtype(p), float(K.mean(p).eval())]
try:
    K.foo
except Exception as e:
    out["missing"] = [type(e).__name__, str(e)]
print(json.dumps(out))
`;

  it('match numpy in value, dtype and shape; K.epsilon() is 1e-7 and floatx float32', async () => {
    const r = await execa('python3', ['-c', SCRIPT, join(PYTHON_DIR, 'shim')]);
    const out = JSON.parse(r.stdout) as Record<string, { dtype: [string, string]; shape: [number[], number[]]; close: boolean }> & {
      scalars: unknown[];
      missing: [string, string];
    };
    const { scalars: _s, missing: _m, ...compared } = out;
    for (const [name, v] of Object.entries(compared)) {
      expect({ name, ...v }).toEqual({ name, dtype: [v.dtype[1], v.dtype[1]], shape: [v.shape[1], v.shape[1]], close: true });
    }
    expect(out.scalars.slice(0, 5)).toEqual([1e-7, 'float32', [3, 2], 2, 'float32']);
    expect(out.missing).toEqual([
      'KerasFunctionMissing',
      "K.foo is not supported by wlgrade's Keras backend shim; use one of the supported K functions (docs/keras-shim.md) or numpy, or grade with --keras real where TensorFlow is installed.",
    ]);
  });

  it('give a Python number the dtype of the float tensor it meets, as TensorFlow does (sweep 13b: K.minimum(y_pred, 1 - epsilon) on float64)', async () => {
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import wlgrade_keras_shim as s
K = s.backend
p = np.array([0.0, 0.5, 1.0])
p32 = p.astype(np.float32)
out = {}
for name, got, want in [
    ("minimum", K.minimum(p, 1 - 1e-7), np.minimum(p, 1 - 1e-7)),
    ("maximum", K.maximum(1e-7, p), np.maximum(p, 1e-7)),
    ("switch", K.switch(p > 0.5, p, 1e-7), np.where(p > 0.5, p, 1e-7)),
    ("less", K.less(p, 0.1 + 0.2), p < 0.1 + 0.2),
    ("minimum_f32", K.minimum(p32, 1 - 1e-7), np.minimum(p32, np.float32(1 - 1e-7))),
    ("maximum_int", K.maximum(np.array([0, 2]), 1), np.array([1, 2])),
]:
    got = np.asarray(got)
    out[name] = [str(got.dtype), str(np.asarray(want).dtype), bool(np.array_equal(got, want))]
print(json.dumps(out))
`;
    const r = await execa('python3', ['-c', script, join(PYTHON_DIR, 'shim')]);
    expect(JSON.parse(r.stdout)).toEqual({
      minimum: ['float64', 'float64', true],
      maximum: ['float64', 'float64', true],
      switch: ['float64', 'float64', true],
      less: ['bool', 'bool', true],
      minimum_f32: ['float32', 'float32', true],
      maximum_int: ['int64', 'int64', true],
    });
  });

  it('K.binary_crossentropy is named: it clips to [1e-7, 1 - 1e-7] and adds 1e-7 whatever epsilon is given (one mistake, not two partial ones)', async () => {
    const { report } = await checkJson(fx('keras-binary-crossentropy.py'), ['--python', HIDDEN_PY, '--sandbox', 'process']);
    expect(report.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-clip-and-epsilon', 'full']]);
    expect(report.mistakes[0]!.message).toContain("K.binary_crossentropy does that (Keras 2's, and tf.keras.backend's in Keras 3)");
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });

  it('a missing K function fails the case with a message naming it', async () => {
    const { report } = await checkJson(fx('keras-missing-function.py'), ['--python', HIDDEN_PY, '--sandbox', 'process']);
    const c = report.cases.find((x) => x.function === 'weighted_loss')!;
    expect(c.status).toBe('error');
    expect(c.message).toContain("raised KerasFunctionMissing (line 12) on 4 examples × 3 classes: K.logsumexp is not supported by wlgrade's Keras backend shim");
  });
});

const torchCheck = scratchSubmissions('frameworks-torch');

describe.skipIf(!HAS_TORCH)(`PyTorch${HAS_TORCH ? '' : ' — SKIPPED: torch not installed (pip install -r .ci/requirements-frameworks.txt)'}`, () => {
  it('grades the PyTorch sample on numpy inputs (a 0-d tensor result is converted)', async () => {
    const { report } = await checkJson('submissions/frameworks/pytorch.py');
    expect([report.status, report.score]).toEqual(['passed', 23]);
  });

  it('framework: auto hands torch tensors to a submission that imports torch; a case can force numpy', async () => {
    const { report } = await checkJson(fx('torch-only.py'), ['--cases', fx('auto.yaml')]);
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([
      ['freqs-toy', 'passed'],
      ['loss-toy', 'passed'],
      ['loss-float32', 'passed'],
      ['loss-numpy-inputs', 'error'],
    ]);
  });

  it('gives PyTorch code its fix in torch terms (torch.mean over dim 0, not np.mean)', async () => {
    const src = [
      'import numpy as np',
      'import torch',
      '',
      'def compute_class_freqs(labels):',
      '    p = np.mean(labels, axis=0)',
      '    return p, 1 - p',
      '',
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
      '    def weighted_loss(y_true, y_pred):',
      '        y_true, y_pred = torch.as_tensor(y_true), torch.as_tensor(y_pred)',
      '        wp, wn = torch.as_tensor(pos_weights), torch.as_tensor(neg_weights)',
      '        return torch.sum(-(wp * y_true * torch.log(y_pred + epsilon) + wn * (1 - y_true) * torch.log(1 - y_pred + epsilon)))',
      '    return weighted_loss',
      '',
    ].join('\n');
    const { report } = await torchCheck('torch-sum.py', src);
    expect(report.mistakes.map((m) => [m.id, m.fix])).toEqual([['loss-sum-not-mean', 'Take the mean over the examples (torch.mean over dim 0), then add the classes up.']]);
  });

  // Keras's argument order (y_true, y_pred) in PyTorch's binary_cross_entropy(input, target): the
  // logs of the 0/1 labels, floored at -100, which no model gives; named from the call (sweep 14b).
  const bceLoss = (args: string) =>
    'import numpy as np\nimport torch\nimport torch.nn.functional as F\n\n' +
    'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n' +
    'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
    '        yt = torch.as_tensor(y_true, dtype=torch.float64)\n        yp = torch.as_tensor(y_pred, dtype=torch.float64)\n        loss = 0\n' +
    '        for i in range(yt.shape[1]):\n            w = pos_weights[i] * yt[:, i] + neg_weights[i] * (1 - yt[:, i])\n' +
    `            loss = loss + F.binary_cross_entropy(${args}, weight=w)\n        return loss\n    return weighted_loss\n`;
  it('F.binary_cross_entropy(yt, yp): the arguments in Keras\'s order are named from the call, with its line and the fix in PyTorch\'s order', async () => {
    const { report } = await torchCheck('bce-order.py', bceLoss('yt[:, i], yp[:, i]'));
    const failed = report.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'failed').map((c) => c.id);
    expect(failed.length).toBeGreaterThan(0);
    expect(report.mistakes.map((m) => [m.id, m.confidence, m.cases, m.location])).toEqual([['loss-swapped-arguments', 'full', failed, { line: 16, text: 'loss = loss + F.binary_cross_entropy(yt[:, i], yp[:, i], weight=w)' }]]);
    expect(report.mistakes[0]!.message).toBe(
      'It looks like you pass the labels and the predictions to F.binary_cross_entropy in the wrong order: get_weighted_loss calls F.binary_cross_entropy with y_true first (bce-order.py, line 16), but it takes the predictions first, so the logs are taken of the labels and the predictions only weight them.',
    );
    expect(report.mistakes[0]!.fix).toBe("Swap the two arguments: F.binary_cross_entropy(y_pred, y_true), the predictions first (PyTorch's order; Keras's binary_crossentropy takes y_true first).");
    // In PyTorch's own order the call is no mistake of order (its -100 log floor is named as a clip).
    const right = await torchCheck('bce-right-order.py', bceLoss('yp[:, i], yt[:, i]'));
    expect(right.report.mistakes.map((m) => m.id)).toEqual(['loss-clip-instead-of-epsilon']);
  });

  it('detects y_pred += epsilon on a torch tensor (loss-mutates-input)', async () => {
    const { report } = await checkJson(fx('torch-mutates.py'), ['--cases', fx('auto.yaml')]);
    expect(report.mistakes.map((m) => m.id)).toEqual(['loss-mutates-input']);
    expect(report.cases.find((c) => c.id === 'loss-toy')!.message).toContain('your code changed its input in place (y_pred)');
  });
});

describe.skipIf(!HAS_TF)(`TensorFlow${HAS_TF ? '' : ' — SKIPPED: tensorflow not installed (pip install -r .ci/requirements-frameworks.txt)'}`, () => {
  it('grades the TensorFlow-ops sample (tf.Tensor results are converted)', async () => {
    const { report } = await checkJson('submissions/frameworks/tensorflow-ops.py');
    expect([report.status, report.score]).toEqual(['passed', 23]);
  });

  it('framework: auto hands tf tensors to a submission that imports tensorflow', async () => {
    const { report } = await checkJson(fx('tensorflow-only.py'), ['--cases', fx('auto.yaml')]);
    expect(report.cases.map((c) => c.status)).toEqual(['passed', 'passed', 'passed', 'error']);
  });

  const tfNotebook = scratchSubmissions('tf-function-nb');
  it('an error inside a @tf.function in a notebook names its cell and line, not a line of the cells joined (red-team round 11)', async () => {
    const code = (n: number, src: string) => ({ cell_type: 'code', metadata: {}, execution_count: n, outputs: [], source: src });
    const nb = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '# Weighted loss' },
        code(1, 'import numpy as np\nimport tensorflow as tf\n\nx = 1\ny = 2\nz = 3\n'),
        code(2, 'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n'),
        // y_pred cast to float64: a clash that float32 inputs, as Keras passes them, do not resolve either.
        code(3, 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    @tf.function\n    def weighted_loss(y_true, y_pred):\n        a = y_true * tf.cast(y_pred, tf.float64)\n        return tf.reduce_sum(a)\n    return weighted_loss\n'),
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const { report } = await tfNotebook('tf-function.ipynb', JSON.stringify(nb));
    const ints = report.cases.find((c) => c.id === 'loss-int-labels')!;
    expect(ints.status).toBe('error');
    expect(ints.message).toContain("raised TypeError (cell 4, line 4) on 7 examples × 3 classes: Input 'y' of 'Mul' Op has type float64");
    expect(ints.location).toEqual({ cell: 4, line: 4 });
  });

  // Keras passes a loss float32 y_true and y_pred: casting only y_pred to float32 is right in the
  // course, and TensorFlow refuses only the suite's float64 cases, which run again as float32.
  const castPred = readFileSync(join(ROOT, 'submissions', 'frameworks', 'tensorflow-cast-pred-only.py'), 'utf8');
  // Every loss case whose y_true and y_pred are not both float32 raises once, then runs as float32.
  const floatNote = async () => {
    const both = await loadSuite([join(ROOT, 'cases', 'public.yaml'), join(ROOT, 'cases', 'hidden.yaml')]);
    const rerun = both.cases.filter((c) => c.function === 'weighted_loss' && (c.dtype !== 'float32' || c.labelDtype !== 'float32')).length;
    return new RegExp(
      `^Your loss mixes dtypes: on the suite's float64 inputs and integer labels it raised InvalidArgumentError \\(cannot compute Mul as input #1\\(zero-based\\) was expected to be a double tensor but is a float tensor\\)\\. In the course it works, because Keras passes a loss y_true and y_pred as float32 tensors .* so the ${rerun} cases that raised it \\(loss-course-preds-0\\.7, .*\\) ran again with float32 y_true and y_pred and are graded on that run, .* y_true = tf\\.cast\\(y_true, y_pred\\.dtype\\)`,
    );
  };

  it('a loss casting only y_pred to float32 gets full marks, and a note on the cases that ran again as float32', async () => {
    const { exitCode, report } = await checkJson('submissions/frameworks/tensorflow-cast-pred-only.py', ['--cases', 'cases/public.yaml', '--cases', 'cases/hidden.yaml']);
    expect([exitCode, report.status, report.score, report.maxScore, report.mistakes]).toEqual([0, 'passed', STAFF_POINTS, STAFF_POINTS, []]);
    expect(report.notes.filter((n) => n.startsWith('Your loss mixes dtypes'))).toEqual([expect.stringMatching(await floatNote())]);
  });

  // The sum divided by the batch size cast to float32 (tf.cast(tf.shape(y_true)[0], tf.float32)),
  // right with Keras's float32 tensors: TensorFlow's division of the float64 sums by it raises
  // "`x` and `y` must have the same dtype", a clash the float32 re-run resolves (learner 26).
  const countScratch = scratchSubmissions('tf-count-f32');
  it('a loss dividing by the batch size cast to float32 gets full marks, from the float32 re-runs', async () => {
    const src =
      'import numpy as np\nimport tensorflow as tf\n\n' +
      'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n' +
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
      '        n = tf.cast(tf.shape(y_true)[0], tf.float32)\n' +
      '        s = tf.reduce_sum(pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0)\n' +
      '        return -tf.reduce_sum(s / n)\n    return weighted_loss\n';
    const { report } = await countScratch('count-f32.py', src, ['--cases', 'cases/public.yaml', '--cases', 'cases/hidden.yaml']);
    expect([report.status, report.score, report.maxScore, report.mistakes]).toEqual(['passed', STAFF_POINTS, STAFF_POINTS, []]);
    expect(report.notes.filter((n) => n.startsWith('Your loss mixes dtypes'))).toEqual([expect.stringContaining('must have the same dtype, got tf.float64 != tf.float32')]);
  });

  // Keras 3's keras.losses.binary_crossentropy averages over the last axis: on a column
  // y_true[:, i] that is the examples, so weighting its result weights one number (sweep 14b).
  const kerasLosses = scratchSubmissions('keras3-losses');
  it('keras.losses.binary_crossentropy on a column, times the per-example weights: the averaging apart and its clip are named on every failed case', async () => {
    const src =
      'import numpy as np\nimport keras\n\n' +
      'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n' +
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        loss = 0.0\n' +
      '        for i in range(len(pos_weights)):\n            w = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])\n' +
      '            loss += keras.ops.mean(w * keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i]))\n        return loss\n    return weighted_loss\n';
    const { report } = await kerasLosses('bce-column.py', src, ['--cases', 'cases/public.yaml', '--cases', 'cases/hidden.yaml']);
    const failed = report.cases.filter((c) => c.status !== 'passed').map((c) => c.id);
    expect(failed.length).toBeGreaterThan(0);
    expect(report.mistakes.map((m) => [m.id, m.confidence, m.cases])).toEqual([
      ['loss-clip-instead-of-epsilon', 'full', failed],
      ['loss-weights-averaged-apart', 'full', failed],
    ]);
  });

  const tfScratch = scratchSubmissions('tf-cast-pred');
  it('the same loss summing over the examples is still told loss-sum-not-mean, from the float32 re-runs', async () => {
    expect(castPred).toContain('loss += -tf.reduce_mean(');
    const { report } = await tfScratch('cast-pred-sum.py', castPred.replace('loss += -tf.reduce_mean(', 'loss += -tf.reduce_sum('), ['--cases', 'cases/public.yaml', '--cases', 'cases/hidden.yaml']);
    expect(report.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-sum-not-mean', 'full']]);
    expect(report.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'error')).toEqual([]);
    expect(report.notes.filter((n) => n.startsWith('Your loss mixes dtypes'))).toEqual([expect.stringMatching(await floatNote())]);
  });
});
