/** package-history.ts: submodules and names earlier releases of well-known packages had (package-history.json), and packageHad. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { packageHad, PackageHistorySchema } from '../../src/package-history.js';

describe('package-history.json', () => {
  it('parses, and each entry says where its removal is recorded', () => {
    const table = PackageHistorySchema.parse(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'grader', 'src', 'package-history.json'), 'utf8')));
    expect(Object.keys(table)).toEqual(expect.arrayContaining(['tensorflow.contrib', 'sklearn.cross_validation', 'sklearn.externals.joblib', 'keras.wrappers.scikit_learn', 'torch.utils.ffi', 'scipy.misc.imread']));
    expect(PackageHistorySchema.safeParse({ 'tensorflow.contrib': { kind: 'submodule', last: '1.15', source: 'x' } }).success).toBe(false);
    expect(PackageHistorySchema.safeParse({ tensorflow: { kind: 'submodule', last: '1.15', source: 'release notes' } }).success).toBe(false);
  });
});

describe('packageHad', () => {
  it.each([
    ['tensorflow', 'contrib', true, { path: 'tensorflow.contrib', last: '1.15' }],
    ['tensorflow.contrib', 'layers', true, { path: 'tensorflow.contrib', last: '1.15' }],
    ['tensorflow.keras.layers', 'experimental', true, { path: 'tensorflow.keras.layers.experimental', last: '2.15' }],
    ['sklearn', 'cross_validation', false, { path: 'sklearn.cross_validation', last: '0.19' }],
    ['sklearn.externals', 'joblib', true, { path: 'sklearn.externals.joblib', last: '0.22' }],
    ['scipy.misc', 'imread', false, { path: 'scipy.misc.imread', last: '1.1' }],
    ['scipy.misc', 'imread', true, undefined],
    ['scipy.misc.imread', 'x', false, undefined],
    ['torch', 'madeup', true, undefined],
    ['scipy', 'misc', true, undefined],
  ])('%s . %s (submodule %s)', (module, name, submodule, want) => {
    const got = packageHad(module, name, submodule);
    expect(got === undefined ? undefined : { path: got.path, last: got.last }).toEqual(want);
  });
});
