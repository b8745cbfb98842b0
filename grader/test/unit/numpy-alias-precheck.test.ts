/**
 * numpy_alias_notes' cheap pre-check (runner._ALIAS_USE): `np.math` (a removed NumPy name) passes it,
 * `tf.math.*`, `K.math`, `keras.math` do not, so a TensorFlow file takes no second AST walk; the notes are the same.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';
const DIR = fileURLToPath(new URL('../../src/python/', import.meta.url));

function check(source: string): { pre: boolean; notes: unknown } {
  const code = 'import json, sys, runner\ns = sys.stdin.read()\nprint(json.dumps({"pre": runner._ALIAS_USE.search(s) is not None, "notes": runner.numpy_alias_notes(s)}))';
  return JSON.parse(execFileSync(PY, ['-c', code], { cwd: DIR, input: source, encoding: 'utf8' })) as { pre: boolean; notes: unknown };
}

describe('numpy_alias_notes: the pre-check passes numpy-looking receivers only', () => {
  it.each([
    ['tf.math.log', 'import tensorflow as tf\nx = tf.math.log(2.0)\n'],
    ['K.math and keras.math', 'x = K.math.log(2.0)\ny = keras.math.abs(x)\n'],
  ])('%s: no walk, no note', (_, src) => {
    expect(check(src)).toEqual({ pre: false, notes: [] });
  });

  it('np.math still passes it', () => {
    expect(check('import numpy as np\nx = np.math.log(2.0)\n').pre).toBe(true);
  });
});
