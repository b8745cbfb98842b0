/**
 * runner.run_call_as_keras, called directly on a stand-in for a TensorFlow loss that casts only
 * y_pred to float32: it raises TensorFlow's dtype clash unless y_true and y_pred are both float32,
 * as Keras passes them. No TensorFlow needed (grader/test/e2e/frameworks.test.ts runs the real one).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const CLASH = 'cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a float tensor [Op:Mul] name: ';

async function python(body: string): Promise<unknown[]> {
  const script = `import sys, json, types\nsys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})\nimport runner\nimport numpy as np
class InvalidArgumentError(Exception): pass
def call(y_dtype="float64", p_dtype="float64", fn="weighted_loss"):
    m = lambda d, rows: {"dtype": d, "shape": [len(rows), len(rows[0])], "data": [x for r in rows for x in r]}
    v = lambda xs: {"dtype": "float64", "shape": [len(xs)], "data": xs}
    return {"id": "c", "fn": fn, "framework": "numpy", "args": {"pos_weights": v([0.5, 0.5]), "neg_weights": v([0.5, 0.5]),
            "epsilon": 1e-7, "epsilon_arg": "positional", "y_true": m(y_dtype, [[1, 0], [0, 1]]), "y_pred": m(p_dtype, [[0.7, 0.2], [0.3, 0.6]])}}
def module(loss):
    mod = types.ModuleType("submission")
    mod.get_weighted_loss = lambda pw, nw, eps=1e-7: loss
    return mod
def run(mod, c):
    try:
        value, mutated, fw, first = runner.run_call_as_keras(np, mod, c, ["tensorflow"])
        print(json.dumps({"value": value, "mutated": mutated, "first": first}))
    except runner._Float32Error as e:
        print(json.dumps({"raised": type(e.exc).__name__, "message": str(e.exc), "first": e.first}))
    except BaseException as e:
        print(json.dumps({"raised": type(e).__name__, "message": str(e)}))
CLASH = ${JSON.stringify(CLASH)}
${body}`;
  const r = await execa('python3', ['-c', script]);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
}

describe('runner.run_call_as_keras', () => {
  it('runs a loss that clashes on float64 inputs or integer labels again with float32 y_true and y_pred, and says what it raised first', async () => {
    const records = await python(`
def loss(y_true, y_pred):
    if str(y_true.dtype) != "float32" or str(y_pred.dtype) != "float32":
        raise InvalidArgumentError(CLASH)
    y_true[0, 0] = 1  # the same value: no mutation
    return "%s %s %.4f" % (y_true.dtype, y_pred.dtype, float(np.sum(y_pred)))
run(module(loss), call())
run(module(loss), call(y_dtype="int64", p_dtype="float32"))
`);
    const first = { type: 'InvalidArgumentError', message: CLASH };
    expect(records).toEqual([
      { value: 'float32 float32 1.8000', mutated: [], first },
      { value: 'float32 float32 1.8000', mutated: [], first },
    ]);
  });

  it('leaves everything else as it was: a clash on float32 inputs, another error, a clash again on float32 inputs', async () => {
    const records = await python(`
def always(y_true, y_pred):
    raise InvalidArgumentError(CLASH)
def other(y_true, y_pred):
    raise ValueError("not a dtype clash")
run(module(always), call("float32", "float32"))
run(module(other), call())
run(module(always), call())
`);
    expect(records).toEqual([
      { raised: 'InvalidArgumentError', message: CLASH },
      { raised: 'ValueError', message: 'not a dtype clash' },
      { raised: 'InvalidArgumentError', message: CLASH },
    ]);
  });

  it('a re-run that raises another error stands, with the clash it replaces', async () => {
    const [rec] = await python(`
def loss(y_true, y_pred):
    if str(y_true.dtype) != "float32":
        raise InvalidArgumentError(CLASH)
    return y_pred[:, 5]
run(module(loss), call())
`);
    expect(rec).toEqual({ raised: 'IndexError', message: 'index 5 is out of bounds for axis 1 with size 2', first: { type: 'InvalidArgumentError', message: CLASH } });
  });
});
