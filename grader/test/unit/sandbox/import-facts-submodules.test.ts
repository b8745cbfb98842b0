/**
 * withSubmodules: a name an installed package lacks, told apart with the submodules its own folders
 * hold (import_facts.py): `import torch.madeup` with no such submodule there, and `from scipy import
 * linalgg` before scipy.linalg was loaded (the run found no slip among what it had), were
 * IMPORT_ERROR, blank, though no submodule of this install is named so.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../src/schema/protocol.js';
import { vetted, withSubmodules } from '../../../src/sandbox/import-facts.js';

const lacked = (module: string, absent: string, more: Partial<ErrorInfo> = {}): ErrorInfo => ({ type: 'ImportError', message: `${module} has no ${absent}`, traceback: '', module, absent, ...more });
const SCIPY = ['cluster', 'integrate', 'linalg', 'optimize', 'signal', 'sparse', 'special', 'stats', '_lib'];

describe('withSubmodules', () => {
  it.each([
    ['import scipy.madeupx: no such submodule, none a letter away', lacked('scipy', 'madeupx', { submodule: true }), { lacks: true }],
    ['import scipy.linalgg: a slip of linalg', lacked('scipy', 'linalgg', { submodule: true }), { lacks: true, close: 'linalg' }],
    ['from scipy import linalgg: a slip of a submodule not yet loaded', lacked('scipy', 'linalgg'), { lacks: true, close: 'linalg' }],
    // A from-import's name may be an attribute another version had (binom_test): left as it was.
    ['from scipy import madeupx: no submodule close, maybe an attribute', lacked('scipy', 'madeupx'), {}],
    ['from scipy.stats import binom_test: the run found a slip of an attribute (maybe another version\'s name)', lacked('scipy.stats', 'binom_test', { close: 'binomtest' }), {}],
    // The run found a slip of a loaded submodule (from scipy import lnalg: linalg): a submodule, as above, not an attribute another version may have.
    ['from scipy import lnalg: the run found a slip of a submodule', lacked('scipy', 'lnalg', { close: 'linalg' }), { lacks: true }],
    ['import scipy.signall: a slip of signal', lacked('scipy', 'signall', { submodule: true }), { lacks: true, close: 'signal' }],
    ['import scipy.stats: this install has it (the file made its import fail): left as it was', lacked('scipy', 'stats', { submodule: true }), {}],
    ["numpy's names: numpy-names.json decides", lacked('numpy', 'madeupx', { submodule: true }), {}],
    // Deeper numpy packages: older releases had submodules this install's folders lack (numpy.lib.function_base, numpy.testing.utils).
    ['import numpy.lib.function_base: another release had it, not this install\'s folders to decide', lacked('numpy.lib', 'function_base', { submodule: true }), {}],
    ['from numpy.core.umath_tests import ...: the same', lacked('numpy.core', 'umath_tests', { submodule: true }), {}],
  ])('%s', (_what, e, added) => {
    expect(withSubmodules(e, SCIPY)).toEqual({ ...e, ...added });
  });

  it('changes nothing when the check read no folders (no answer, or no package)', () => {
    const e = lacked('scipy', 'madeupx', { submodule: true });
    expect(withSubmodules(e, null)).toEqual(e);
    expect(withSubmodules(e, undefined)).toEqual(e);
    expect(withSubmodules(lacked('scipy', 'linalgg', { submodule: true }), ['linalg', 'linalgx'])).toEqual({ ...lacked('scipy', 'linalgg', { submodule: true }), lacks: true });
  });
});

describe('vetted: a name a package lacks, that package not in its folders', () => {
  const facts = (opaque: boolean) => ({ present: false, stdlib: false, within: false, alone: true, submodules: null, opaque });
  const e = lacked('tensorflow.keras.backend', 'madeup', { submodule: true });

  it('keeps the claim where an installed package above it extends __path__ (tensorflow.keras.backend: TensorFlow adds it at import)', () => {
    expect(vetted(e, facts(true))).toEqual(e);
  });

  it('reads it as a module missing where the folders say it is not there', () => {
    expect(vetted(e, facts(false))).toEqual({ type: 'ImportError', message: e.message, traceback: '', module: 'tensorflow.keras.backend' });
  });
});

describe('vetted: a dotted module named missing, whose installed parent lacks it (parent)', () => {
  const missing = (module: string, more: Partial<ErrorInfo> = {}): ErrorInfo => ({ type: 'ModuleNotFoundError', message: `No module named '${module}' (keras is not installed: wlgrade's stand-in has only its backend)`, traceback: '', module, line: 2, ...more });
  const facts = (version: string | null) => ({ present: false, stdlib: false, within: false, alone: true, parent: { submodules: ['backend', 'layers', 'src'], version } });

  it.each([
    ['import keras.engine: keras is installed and lacks it, read from its folders', missing('keras.engine'), facts('3.15.1'), { module: 'keras', absent: 'engine', submodule: true, lacks: true, message: 'keras 3.15.1 has no submodule engine' }],
    ['import keras.layrs: a slip of layers', missing('keras.layrs'), facts('3.15.1'), { module: 'keras', absent: 'layrs', submodule: true, lacks: true, close: 'layers', message: 'keras 3.15.1 has no submodule layrs' }],
    ['import keras.src.madeup, no version read', missing('keras.src.madeup'), facts(null), { module: 'keras.src', absent: 'madeup', submodule: true, lacks: true, message: 'keras.src has no submodule madeup' }],
  ])('%s', (_what, e, f, changed) => {
    expect(vetted(e, f)).toEqual({ ...e, ...changed });
  });

  it('leaves a dependency claim as its within fact says', () => {
    const e = missing('keras.engine', { within: 'keras' });
    const { within: _within, ...plain } = e;
    expect(vetted(e, facts('3.15.1'))).toEqual(plain);
  });
});
