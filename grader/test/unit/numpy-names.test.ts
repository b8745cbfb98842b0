/** numpy-names.ts: the names and submodules NumPy releases had (numpy-names.json), and numpyHad. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { NUMPY_RANGE, numpyDecides, numpyHad, NumpyNamesSchema, numpyReleases } from '../../src/numpy-names.js';

describe('numpy-names.json', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'grader', 'src', 'numpy-names.json'), 'utf8');

  it('parses, and covers NumPy 1.21 to 2.4', () => {
    const table = NumpyNamesSchema.parse(JSON.parse(text));
    expect([table.releases[0], table.releases.at(-1)]).toEqual(['1.21', '2.4']);
    expect(NUMPY_RANGE).toEqual({ oldest: '1.21', newest: '2.4' });
  });

  const good = {
    releases: ['1.21', '1.23', '2.4'],
    names: { array: '2.4', in1d: '1.21' },
    submodules: { linalg: '2.4' },
    replacements: { in1d: 'Use `np.isin` instead.' },
    modulesOldest: '1.23',
    modules: { linalg: { names: { norm: '2.4' }, submodules: { linalg: '1.23' } } },
  };
  it.each<[table: unknown, why: string]>([
    [{ ...good, releases: ['2.4', '1.21'] }, 'releases out of order'],
    [{ ...good, names: { array: '2.5' } }, 'a release the table did not read'],
    [{ ...good, replacements: { madeup: 'Use x.' } }, 'a replacement for a name no release had'],
    [{ ...good, names: { 'numpy.array': '2.4' } }, 'a dotted name'],
    [{ ...good, extra: 1 }, 'an unknown key'],
    [{ ...good, modules: { linalg: { names: { norm: '2.5' }, submodules: {} } } }, "a submodule's name of a release the table did not read"],
    [{ ...good, modules: { linalg: { names: { norm: '1.21' }, submodules: {} } } }, "a submodule's name older than the releases read for them"],
    [{ ...good, modules: { madeup: { names: {}, submodules: {} } } }, 'names of a submodule no release had'],
    [{ ...good, modules: { linalg: { names: {} } } }, "a submodule's table without its submodules"],
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

describe("numpyHad: numpy's public submodules' own names (numpy.random, numpy.linalg ...)", () => {
  it.each([
    ['numpy.linalg', 'norm', false, { last: '2.4', replacement: undefined }],
    ['numpy.fft', 'helper', false, { last: '2.3', replacement: undefined }],
    ['numpy.random', 'default_rng', false, { last: '2.4', replacement: undefined }],
    ['numpy.testing', 'utils', true, { last: '1.24', replacement: undefined }],
    ['numpy.ma', 'masked_array', false, { last: '2.4', replacement: undefined }],
    ['numpy.polynomial', 'Polynomial', false, { last: '2.4', replacement: undefined }],
    ['numpy.random', 'madeup', false, undefined],
    ['numpy.linalg', 'nrom', false, undefined],
    // import numpy.linalg.norm: a function, no submodule.
    ['numpy.linalg', 'norm', true, undefined],
    // A top-level name is not a submodule's (in1d's replacement is numpy's).
    ['numpy.random', 'in1d', false, undefined],
    // Deeper packages, and submodules not read, are in no list.
    ['numpy.lib', 'function_base', true, undefined],
    ['numpy.random.mtrand', 'madeup', false, undefined],
    ['numpy.__proto__', 'x', false, undefined],
    // Only numpy's (numpyDecides): another package's submodule of the same name, or another
    // package, is no numpy table's (scipy.linalg is not numpy.linalg).
    ['scipy.linalg', 'norm', false, undefined],
    ['pandas', 'in1d', false, undefined],
  ])('%s: %s (submodule: %s): %j', (module, name, submodule, had) => {
    expect(numpyHad(name, submodule, module)).toEqual(had);
  });

  it.each([
    ['numpy', true],
    ['numpy.random', true],
    ['numpy.linalg', true],
    ['numpy.fft', true],
    ['numpy.ma', true],
    ['numpy.polynomial', true],
    ['numpy.testing', true],
    ['numpy.lib', false],
    ['numpy.random.mtrand', false],
    ['numpy.constructor', false],
    ['scipy.linalg', false],
  ])('numpyDecides(%s): %s', (module, decides) => {
    expect(numpyDecides(module)).toBe(decides);
  });

  it("reads submodules' names from the wheels only: 1.23 to 2.4", () => {
    expect(numpyReleases('numpy.random')).toEqual({ oldest: '1.23', newest: '2.4' });
    expect(numpyReleases('numpy')).toEqual({ oldest: '1.21', newest: '2.4' });
  });
});
