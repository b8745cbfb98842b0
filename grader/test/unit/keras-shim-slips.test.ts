/**
 * A one-letter slip of a Keras backend function under the shim (K.maen, K.lgo): the shim said "K.maen
 * is not supported by wlgrade's Keras backend shim ... or grade with --keras real", sending the
 * learner to the docs and to TensorFlow for a typo (learners 35). It now raises the AttributeError
 * Keras's own backend module raises, with the name meant; a real Keras 2 function the shim lacks
 * (K.logsumexp, K.sin, one letter from K.sign) stays unsupported.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import wlgrade_keras_shim as s
out = {}
for name in sys.argv[2:]:
    try:
        getattr(s.backend, name)
        out[name] = None
    except Exception as e:
        out[name] = [type(e).__name__, str(e)]
print(json.dumps(out))
`;

const raised = async (...names: string[]) => JSON.parse((await execa('python3', ['-c', SCRIPT, join(PYTHON_DIR, 'shim'), ...names])).stdout) as Record<string, [string, string] | null>;

describe('the Keras shim: a slip of a backend function name', () => {
  it('is the AttributeError Keras raises, with the function meant', async () => {
    expect(await raised('maen', 'lgo', 'sqaure', 'epsilom', 'Mean')).toEqual({
      maen: ['AttributeError', "module 'keras.backend' has no attribute 'maen'; did you mean K.mean?"],
      lgo: ['AttributeError', "module 'keras.backend' has no attribute 'lgo'; did you mean K.log?"],
      sqaure: ['AttributeError', "module 'keras.backend' has no attribute 'sqaure'; did you mean K.square?"],
      epsilom: ['AttributeError', "module 'keras.backend' has no attribute 'epsilom'; did you mean K.epsilon?"],
      Mean: ['AttributeError', "module 'keras.backend' has no attribute 'Mean'; did you mean K.mean?"],
    });
  });

  it("a Keras 2 function the shim lacks, or a name near none, stays unsupported", async () => {
    const out = await raised('sin', 'elu', 'logsumexp', 'foo');
    for (const name of ['sin', 'elu', 'logsumexp', 'foo']) expect(out[name]).toEqual(['KerasFunctionMissing', `K.${name} is not supported by wlgrade's Keras backend shim; use one of the supported K functions (docs/keras-shim.md) or numpy, or grade with --keras real where TensorFlow is installed.`]);
  });
});
