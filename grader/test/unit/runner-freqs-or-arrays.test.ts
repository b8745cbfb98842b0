/**
 * runner._freqs_or_arrays: under `framework: auto`, compute_class_freqs is handed the tensors of the
 * framework the file imports, and runs again on numpy arrays (the course hands it numpy labels from
 * its data generator) when it raises on them. Only TypeError, AttributeError and RuntimeError were
 * retried, so TensorFlow code that works on the course's labels,
 * `tf.convert_to_tensor(labels, dtype=tf.float64)` (a ValueError on an int64 or float32 tensor:
 * "Tensor conversion requested dtype float64 for Tensor with dtype int64"), lost its frequency cases
 * (framework 30, tf08). Called directly on the eager stand-in's tensors: no TensorFlow needed.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

async function python(body: string): Promise<unknown[]> {
  const script = `import sys, json, types\nsys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})\nimport runner\nimport numpy as np
runner._AUTO_FRAMEWORK[0] = "eager"
class InvalidArgumentError(Exception): pass
CALL = {"id": "c", "fn": "compute_class_freqs", "framework": "auto",
        "args": {"labels": {"dtype": "int64", "shape": [2, 2], "data": [1, 0, 1, 1]}}}
def module(freqs):
    mod = types.ModuleType("submission")
    mod.compute_class_freqs = freqs
    return mod
def run(freqs):
    del runner._ARRAYS_FOR[:]
    try:
        value, mutated, fw = runner._freqs_or_arrays(np, module(freqs), CALL)
        print(json.dumps({"value": [list(map(float, v)) for v in value], "arrays": fw}))
    except BaseException as e:
        print(json.dumps({"raised": type(e).__name__, "message": str(e)}))
${body}`;
  const r = await execa('python3', ['-c', script]);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
}

describe('runner._freqs_or_arrays', () => {
  it('runs again on numpy arrays whatever error the tensors raised, when the arrays run', async () => {
    const records = await python(`
def refuses(exc):
    def freqs(labels):
        if type(labels) is not np.ndarray:
            raise exc
        pos = labels.mean(axis=0)
        return pos, 1 - pos
    return freqs
run(refuses(ValueError("Tensor conversion requested dtype float64 for Tensor with dtype int64")))
run(refuses(InvalidArgumentError("cannot compute Mul as input #1(zero-based) was expected to be a int64 tensor but is a double tensor")))
run(refuses(TypeError("mean() got an unexpected keyword argument 'axis'")))
`);
    const right = { value: [[1, 0.5], [0, 0.5]], arrays: 'numpy' };
    expect(records).toEqual([right, right, right]);
  });

  it("keeps the tensors' error when the arrays raise too (the learner's own), and lets the run's limits through", async () => {
    const records = await python(`
def always(labels):
    raise ValueError("operands could not be broadcast together")
run(always)
def limit(labels):
    raise runner.TopLevelTimeout()
run(limit)
`);
    expect(records).toEqual([
      { raised: 'ValueError', message: 'operands could not be broadcast together' },
      { raised: 'TopLevelTimeout', message: '' },
    ]);
  });
});
