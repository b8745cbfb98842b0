/** pip-names.ts meantImport: the import a module that is no package wlgrade knows was meant to be. */
import { describe, expect, it } from 'vitest';
import { meantImport } from '../../src/pip-names.js';

describe('meantImport', () => {
  it.each([
    ['nump', 'numpy'],
    ['numpyy', 'numpy'],
    ['tensorflw', 'tensorflow'],
    ['tdqm', 'tqdm'],
    ['pil', 'PIL'],
    ['Sklearn', 'sklearn'],
  ])('takes %s for a misspelling of %s', (module, name) => {
    expect(meantImport(module)).toEqual({ name, line: `import ${name}` });
  });

  it('takes an alias for the import that binds it', () => {
    expect(meantImport('np')).toEqual({ name: 'numpy', line: 'import numpy as np' });
    expect(meantImport('plt')).toEqual({ name: 'matplotlib.pyplot', line: 'import matplotlib.pyplot as plt' });
  });

  it.each(['numpy', 'numba', 'torchaudio', 'cv', 'wlgrade_madeup_pkg', 'util', 'hasOwnProperty', 'constructor'])('has no guess for %s', (module) => {
    expect(meantImport(module)).toBeUndefined();
  });
});
