/** numpy-names.ts: the names and submodules NumPy releases had (numpy-names.json), and numpyHad. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { NUMPY_RANGE, numpyHad, NumpyNamesSchema } from '../../src/numpy-names.js';

describe('numpy-names.json', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'grader', 'src', 'numpy-names.json'), 'utf8');

  it('parses, and covers NumPy 1.21 to 2.4', () => {
    const table = NumpyNamesSchema.parse(JSON.parse(text));
    expect([table.releases[0], table.releases.at(-1)]).toEqual(['1.21', '2.4']);
    expect(NUMPY_RANGE).toEqual({ oldest: '1.21', newest: '2.4' });
  });

  const good = { releases: ['1.21', '2.4'], names: { array: '2.4', in1d: '1.21' }, submodules: { linalg: '2.4' }, replacements: { in1d: 'Use `np.isin` instead.' } };
  it.each<[table: unknown, why: string]>([
    [{ ...good, releases: ['2.4', '1.21'] }, 'releases out of order'],
    [{ ...good, names: { array: '2.5' } }, 'a release the table did not read'],
    [{ ...good, replacements: { madeup: 'Use x.' } }, 'a replacement for a name no release had'],
    [{ ...good, names: { 'numpy.array': '2.4' } }, 'a dotted name'],
    [{ ...good, extra: 1 }, 'an unknown key'],
  ])('rejects %j (%s)', (table) => {
    expect(NumpyNamesSchema.safeParse(good).success).toBe(true);
    expect(NumpyNamesSchema.safeParse(table).success).toBe(false);
  });
});

describe('numpyHad', () => {
  it.each([
    ['in1d', false, { last: '2.3', replacement: 'Use `np.isin` instead.' }],
    ['trapz', false, { last: '2.3', replacement: 'Use `np.trapezoid` instead.' }],
    ['msort', false, { last: '1.26', replacement: 'Use `np.sort(a, axis=0)` instead.' }],
    ['float', false, { last: '1.23', replacement: undefined }],
    ['asscalar', false, { last: '1.22', replacement: 'Use `a.item()` instead.' }],
    ['vecdot', false, { last: '2.4', replacement: undefined }],
    ['array_api', true, { last: '1.26', replacement: undefined }],
    // from numpy import typing: a submodule, which a from-import takes too.
    ['typing', false, { last: '2.4', replacement: undefined }],
    ['madeupx', false, undefined],
    ['arrray', false, undefined],
    // import numpy.in1d: a function, no submodule of any release.
    ['in1d', true, undefined],
    ['__proto__', false, undefined],
  ])('%s (submodule: %s): %j', (name, submodule, had) => {
    expect(numpyHad(name, submodule)).toEqual(had);
  });
});
