/**
 * runner.emit and runner.encode, called directly. A record that is not JSON (a NaN or an object
 * the runner put in by mistake) goes out as a failed record of the same kind, typed as the
 * runner's own error, which the grader reports as a bug in wlgrade (gradeSuite) instead of a
 * crash blamed on the submission. Tuple subclasses are pairs; no value makes encode raise.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import { EncodedValueSchema, ErrorInfoSchema, RecordSchema } from '../../src/schema/protocol.js';
import { hasModule } from '../helpers/python.js';

const HAS_TORCH = hasModule('torch');
const HAS_TF = hasModule('tensorflow');

async function python(body: string): Promise<unknown[]> {
  const script = `import sys, os, json\nsys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})\nimport runner\nimport numpy as np\n${body}`;
  const r = await execa('python3', ['-c', script]);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
}

describe('runner.emit: a record that is not JSON', () => {
  it('goes out as a failed load or result record naming the runner, which the grader parses', async () => {
    const records = await python(`
runner._chan = 1
runner.emit({"t": "load", "ok": True, "functions": {}, "imports": [], "notes": [], "weights": [{"value": [float("inf")]}]})
runner.emit({"t": "result", "id": "c1", "ok": True, "value": object(), "mutated": [], "ms": 2.5})
`);
    const [load, result] = records.map((r) => RecordSchema.parse(r));
    expect(load).toMatchObject({ t: 'load', ok: false, error: { type: 'WlgradeInternalError', message: "wlgrade's runner could not encode its load record (ValueError: Out of range float values are not JSON compliant)" } });
    expect(result).toMatchObject({ t: 'result', id: 'c1', ok: false, ms: 2.5, error: { type: 'WlgradeInternalError', message: "wlgrade's runner could not encode its result record (TypeError: Object of type object is not JSON serializable)" } });
    // The traceback shows where the runner emitted the record: this is for whoever fixes wlgrade.
    expect((load as { error: { traceback: string } }).error.traceback).toContain('ValueError: Out of range float values are not JSON compliant');
  });

  it('a learner exception class of the same name is not mistaken for the runner’s', async () => {
    const [info] = await python(`
class WlgradeInternalError(Exception): pass
print(json.dumps(runner.error_info(WlgradeInternalError("mine"))))
`);
    expect(info).toMatchObject({ type: 'submission.WlgradeInternalError', message: 'mine' });
  });

  it('numpy\'s MemoryError (a subclass under the built-in\'s name) is a MemoryError; a learner\'s own class of that name is not', async () => {
    const [numpys, learners] = await python(`
try:
    np.empty((1 << 22, 1 << 22))
except MemoryError as exc:
    print(json.dumps(runner.error_info(exc)))
ns = {"__name__": "submission"}
exec("class MemoryError(MemoryError): pass", ns)
print(json.dumps(runner.error_info(ns["MemoryError"]("mine"))))
`);
    expect(numpys).toMatchObject({ type: 'MemoryError' });
    expect(learners).toMatchObject({ type: 'submission.MemoryError', message: 'mine' });
  });
});

describe('runner.encode: odd values', () => {
  it('reads a namedtuple and any tuple subclass as a tuple, without running its methods', async () => {
    const [named, hostile] = await python(`
from collections import namedtuple
Freqs = namedtuple("Freqs", ["positive", "negative"])
class Odd(tuple):
    def __getitem__(self, i): raise RuntimeError("no")
    def __len__(self): raise RuntimeError("no")
for v in [Freqs(np.array([0.5]), np.array([0.5])), Odd((1.0, 2.0))]:
    print(json.dumps(runner.encode(v, np, [100])))
`);
    const arr = { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [1], values: [0.5] };
    expect(named).toEqual({ kind: 'sequence', pytype: 'tuple', items: [arr, arr] });
    expect(hostile).toEqual({ kind: 'sequence', pytype: 'tuple', items: [{ kind: 'number', pytype: 'float', value: 1 }, { kind: 'number', pytype: 'float', value: 2 }] });
  });

  it('describes an int no float holds, a non-numeric array and an array of more axes than the protocol carries', async () => {
    const values = await python(`
for v in [10 ** 400, 2 ** 1024 - 1, np.array(0.5 + 1j), np.array([b"x"]), np.zeros([1] * 40)]:
    print(json.dumps(runner.encode(v, np, [100])))
`);
    for (const v of values) EncodedValueSchema.parse(v);
    expect(values).toEqual([
      { kind: 'other', pytype: 'int', repr: '' },
      { kind: 'other', pytype: 'int', repr: '' },
      { kind: 'array', pytype: 'numpy.ndarray', dtype: 'complex128', shape: [], values: null },
      { kind: 'array', pytype: 'numpy.ndarray', dtype: '|S1', shape: [1], values: null },
      { kind: 'other', pytype: 'numpy.ndarray with 40 axes', repr: '' },
    ]);
  });
});

describe('runner.encode: a result of nested lists stays within a record line', () => {
  it('sends 64**4 nested floats, or 64**3 strings of 200 characters, as a few MB at most, its outer items all there and its deepest lists truncated', async () => {
    const [deep, strings, honest] = await python(`
x = [0.5] * 64
for _ in range(3):
    x = [x] * 64
s = ["x" * 200] * 64
for _ in range(2):
    s = [s] * 64
for v in [(x, x), s, ([0.25, 0.5, 0.75], [0.75, 0.5, 0.25])]:
    print(json.dumps(runner.encode(v, np, [100000])))
`);
    // The channel takes a line of 8 MiB: the whole of 64**4 floats was 67 MB, and every case read
    // "the grader could not read the Python side's answers".
    for (const v of [deep, strings]) expect(JSON.stringify(v).length).toBeLessThan(4 * 2 ** 20);
    for (const v of [deep, strings, honest]) EncodedValueSchema.parse(v);
    type Seq = { kind: string; items: Seq[]; truncated?: boolean };
    const d = deep as Seq;
    expect(d.items).toHaveLength(2); // a pair is still a pair
    expect(d.items[0]!.items).toHaveLength(64);
    expect(d.items[0]!.items[0]!.items).toHaveLength(64);
    expect(d.items[0]!.items[0]!.items[0]!.truncated).toBe(true);
    expect((strings as Seq).items).toHaveLength(64);
    expect(honest).toEqual({
      kind: 'sequence',
      pytype: 'tuple',
      items: [[0.25, 0.5, 0.75], [0.75, 0.5, 0.25]].map((xs) => ({ kind: 'sequence', pytype: 'list', items: xs.map((value) => ({ kind: 'number', pytype: 'float', value })) })),
    });
  });
});

describe('runner.encode: a returned string', () => {
  it('is quoted within the protocol\'s limit however repr spells its characters', async () => {
    const values = await python(`
for v in ["\\U000e0000" * 300, "\\x00" * 300, "x" * 300, "ok"]:
    print(json.dumps(runner.encode(v, np, [100])))
`);
    // 200 characters repr writes as \\U000e0000 made a 2,002-character repr: a corrupt channel.
    for (const v of values) EncodedValueSchema.parse(v);
    const reprs = values.map((v) => (v as { repr: string }).repr);
    expect(reprs[0]!.startsWith("'\\U000e0000")).toBe(true);
    expect(reprs[0]!.endsWith('…')).toBe(true);
    expect(reprs[2]).toBe(`'${'x'.repeat(200)}'`);
    expect(reprs[3]).toBe("'ok'");
  });
});

describe('runner.error_info and run_call: messages within the protocol\'s 4,000 characters', () => {
  it('cuts a long message with the hint added after it, and names a long class of what get_weighted_loss returned in 200', async () => {
    const [hinted, notAFunction] = await python(`
e = NameError("name '%s' is not defined" % ("x" * 5000), name="x" * 5000)
e._wlgrade_default = "pos_weights"  # a deferred default (notebook.deferred) that reads the name
print(json.dumps(runner.error_info(e)))
import types
Odd = type("N" * 5000, (), {})
mod = types.ModuleType("m")
mod.get_weighted_loss = lambda p, n, epsilon=1e-7: Odd()
call = {"fn": "weighted_loss", "args": {k: {"data": [[0.5]], "dtype": "float64", "shape": [1, 1]} for k in ("y_true", "y_pred")}}
call["args"].update({k: {"data": [0.5], "dtype": "float64", "shape": [1]} for k in ("pos_weights", "neg_weights")}, epsilon_arg="omitted")
try:
    runner.run_call(np, mod, call)
except runner.GraderCallError as exc:
    print(json.dumps({"type": "NotAFunction", "message": str(exc), "traceback": ""}))
`);
    // A long name in a NameError, with the hint added after the learner's 4,000 characters, and
    // the class name in NotAFunction's sentence, made records the schema refused: a corrupt channel.
    for (const info of [hinted, notAFunction]) ErrorInfoSchema.parse(info);
    expect((hinted as { message: string }).message.endsWith('…')).toBe(true);
    expect((notAFunction as { message: string }).message).toBe(`get_weighted_loss returned ${'N'.repeat(200)}, not a function: it must return the inner weighted_loss function`);
  });
});

describe('runner.encode: a framework tensor whose conversion lies', () => {
  it('reads what detach().cpu().numpy() returns only as a plain ndarray, else names the tensor type', async () => {
    // torch.Tensor subclasses can override detach, cpu and numpy (or __torch_function__): one
    // returned an object claiming shape (10 ** 100,), the record failed the schema, and every
    // case read "the grader could not read the Python side's answers" instead of failing.
    const [liar, sub] = await python(`
import types
class Claims:
    ndim = 1
    shape = (10 ** 100,)
    size = 1
    class dtype:
        kind = "f"
    def astype(self, t):
        return np.array([0.25])
class Tensor:
    def __init__(self, out): self.out = out
    def detach(self): return self
    def cpu(self): return self
    def numpy(self): return self.out
sys.modules["torch"] = types.SimpleNamespace(Tensor=Tensor)
class Sub(np.ndarray):
    def tolist(self): return [99.0]
for v in [Tensor(Claims()), Tensor(np.array([0.5, 0.25]).view(Sub))]:
    print(json.dumps(runner.encode(v, np, [100])))
`);
    for (const v of [liar, sub]) EncodedValueSchema.parse(v);
    expect(liar).toEqual({ kind: 'other', pytype: 'torch.Tensor', repr: '' });
    expect(sub).toEqual({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [2], values: [0.5, 0.25], origin: 'torch.Tensor' });
  });
});

describe('runner.encode: a bfloat16 result (framework28)', () => {
  // torch's numpy() refuses bfloat16 ("Got unsupported ScalarType BFloat16") and TensorFlow's gives
  // an ml_dtypes array numpy holds as raw bytes: a loss computed in bfloat16 failed every case
  // with "the returned Tensor could not be read", where a float16 one is graded on its value.
  it.skipIf(!HAS_TORCH)(`reads a torch bfloat16 tensor (requires_grad or not) as float32 values${HAS_TORCH ? '' : ' (skipped: PyTorch is not installed)'}`, async () => {
    const out = await python(`
import torch
for t in [torch.tensor(0.4567, dtype=torch.bfloat16), torch.tensor([0.5, 0.25], dtype=torch.bfloat16, requires_grad=True) * 1]:
    print(json.dumps(runner.encode(t, np, [100])))
`);
    expect(out).toEqual([
      { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float32', shape: [], values: [0.45703125], origin: 'torch.Tensor' },
      { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float32', shape: [2], values: [0.5, 0.25], origin: 'torch.Tensor' },
    ]);
  });
  it.skipIf(!HAS_TF)(`reads a TensorFlow bfloat16 tensor as float32 values${HAS_TF ? '' : ' (skipped: TensorFlow is not installed)'}`, async () => {
    const out = await python(`
import tensorflow as tf
print(json.dumps(runner.encode(tf.constant([0.4567, 0.5], dtype=tf.bfloat16), np, [100])))
`);
    expect(out).toEqual([{ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float32', shape: [2], values: [0.45703125, 0.5], origin: 'tensorflow.Tensor' }]);
  });
});

describe('runner.encode: a TensorFlow 1 graph-mode result (framework28)', () => {
  // tf.compat.v1.disable_eager_execution() at the top of the file, as older course code has it: the
  // loss returns a symbolic tensor, and a correct submission failed every loss case with "the
  // returned SymbolicTensor could not be read: 'SymbolicTensor' object has no attribute 'numpy'".
  it.skipIf(!HAS_TF)(`runs it in a session of its graph, variables initialised${HAS_TF ? '' : ' (skipped: TensorFlow is not installed)'}`, async () => {
    const out = await python(`
import tensorflow as tf
tf.compat.v1.disable_eager_execution()
from tensorflow.keras import backend as K
loss = -K.mean(K.log(np.array([0.5, 0.25])))
w = tf.Variable([1.0, 2.0], dtype=tf.float64)
print(json.dumps(runner.encode(loss, np, [100])))
print(json.dumps(runner.encode((w * 2, w), np, [100])))
`);
    expect(out).toEqual([
      { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [], values: [-(Math.log(0.5) + Math.log(0.25)) / 2], origin: 'tensorflow.Tensor' },
      {
        kind: 'sequence',
        pytype: 'tuple',
        items: [
          { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [2], values: [2, 4], origin: 'tensorflow.Tensor' },
          { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [2], values: [1, 2], origin: 'tensorflow.Tensor' },
        ],
      },
    ]);
  });
});

describe('runner.quiet_retracing: TensorFlow\'s retracing warning, which the grader\'s calls cause (framework28)', () => {
  // A correct @tf.function loss, called on each case's arrays (a new shape each time), made
  // TensorFlow warn "5 out of the last 6 calls to <function …> triggered tf.function retracing"
  // twice, and the report showed it as the learner's own warnings. Keras's batches of one shape
  // never retrace. TensorFlow's other warnings stay.
  it.skipIf(!HAS_TF)(`drops that message and no other${HAS_TF ? '' : ' (skipped: TensorFlow is not installed)'}`, async () => {
    const script = `import sys
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
import numpy as np
import tensorflow as tf
runner.quiet_retracing()
f = tf.function(lambda x: tf.reduce_sum(x))
for n in range(1, 10):
    f(np.ones((n, 3)))
tf.get_logger().warning("another TensorFlow warning")
`;
    const r = await execa('python3', ['-c', script], { env: { TF_CPP_MIN_LOG_LEVEL: '3' } });
    expect(r.stderr).not.toContain('retracing');
    expect(r.stderr).toContain('another TensorFlow warning');
  });
});

describe('runner.quiet_retracing: learner code that replaced logging', () => {
  it('never stops grading: a logging module with no Filter (put in sys.modules by a default argument) is left as it is (red team 29)', async () => {
    // It raised AttributeError in the runner's own frames before each call: a bug in wlgrade for the file.
    const [out] = await python(`
import types
sys.modules["logging"] = types.ModuleType("logging")
sys.modules.setdefault("tensorflow", types.ModuleType("tensorflow"))
runner.quiet_retracing()
print(json.dumps("returned"))
`);
    expect(out).toBe('returned');
  });
});

describe('runner._called_again: the loss function called a second time on the same inputs', () => {
  it('returns the second value of a loss that keeps a total in its closure, and nothing for one that does not, or whose second call fails', async () => {
    const [out] = await python(`
args = {"y_true": {"data": [[1.0, 0.0], [0.0, 1.0]], "dtype": "float64", "shape": [2, 2]},
        "y_pred": {"data": [[0.7, 0.2], [0.4, 0.9]], "dtype": "float64", "shape": [2, 2]}}
def plain(y_true, y_pred):
    return float(-np.mean(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)))
total = [0.0]
def kept(y_true, y_pred):
    total[0] += plain(y_true, y_pred)
    return total[0]
calls = [0]
def fails_second(y_true, y_pred):
    calls[0] += 1
    if calls[0] > 1:
        raise RuntimeError("second")
    return plain(y_true, y_pred)
def per_class(y_true, y_pred):
    total[0] += 1
    return np.ones(2) * total[0]
again = lambda f: runner._called_again(np, f, f(*(runner.to_framework(np, runner.make_array(np, args[k])[0], "numpy") for k in ("y_true", "y_pred"))), args, "numpy", False)
one = plain(*(runner.make_array(np, args[k])[0] for k in ("y_true", "y_pred")))
print(json.dumps({"one": one, "plain": again(plain), "kept": again(kept), "fails": again(fails_second), "array": again(per_class)}))
`);
    const r = out as { one: number; plain: number | null; kept: number | null; fails: number | null; array: number | null };
    expect(r.plain).toBeNull();
    expect(r.fails).toBeNull();
    expect(r.array).toBeNull(); // not one number: the case reports the array itself
    expect(r.kept).toBeCloseTo(2 * r.one, 12); // the first call's loss, added twice
  });
});
