/** pip-names.ts: the packages wlgrade knows (pip-names.json), and meantImport, the import a module that is no package wlgrade knows was meant to be. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { meantImport, pipName, PipNamesSchema } from '../../src/pip-names.js';

describe('pip-names.json', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'grader', 'src', 'pip-names.json'), 'utf8');

  it('parses: import names to PyPI project names, each import name once', () => {
    const table = PipNamesSchema.parse(JSON.parse(text));
    // JSON.parse keeps the last of two equal keys: a repeated one would be an entry silently lost.
    const keys = [...text.matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]);
    expect(keys.length).toBe(Object.keys(table).length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    ['{"numpy": "numpy; rm -rf /"}', 'a project name with more than a name'],
    ['{"numpy": "--index-url=https://evil.example/simple numpy"}', 'an option'],
    ['{"os.path": "x"}', 'a dotted import name'],
    ['{}', 'an empty table'],
  ])('rejects %s (%s)', (json) => {
    expect(PipNamesSchema.safeParse(JSON.parse(json)).success).toBe(false);
  });

  it.each([
    ['numpy', 'numpy'],
    ['sklearn', 'scikit-learn'],
    ['tensorflow', 'tensorflow-cpu'],
    ['numba', 'numba'],
    ['statsmodels', 'statsmodels'],
    ['plotly', 'plotly'],
    ['imblearn', 'imbalanced-learn'],
    ['skopt', 'scikit-optimize'],
    ['xgboost', 'xgboost'],
    ['cupy', 'cupy-cuda12x'],
  ])('knows %s, installed by pip as %s', (module, pip) => {
    expect(pipName(module)).toBe(pip);
  });

  it.each(['wlgrade_madeup_pkg', 'util', 'dataset', 'hasOwnProperty', '__proto__'])('does not know %s', (module) => {
    expect(pipName(module)).toBeUndefined();
  });
});

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

  // A learner's own module not handed in, named with a common word, is no misspelt package (`dataset`: datasets is left out of the table).
  it.each(['numpy', 'numba', 'torchaudio', 'cv', 'wlgrade_madeup_pkg', 'util', 'hasOwnProperty', 'constructor', 'dataset', 'model', 'models', 'helpers', 'losses', 'train'])('has no guess for %s', (module) => {
    expect(meantImport(module)).toBeUndefined();
  });
});
