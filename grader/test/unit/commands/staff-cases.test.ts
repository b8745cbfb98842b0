/**
 * `grade`, `gradescope` and `export gradescope` default to the public + hidden suites. The release
 * tarball has no cases/hidden.yaml, and `grade` there said "Cannot read the case file
 * cases/hidden.yaml (ENOENT). Check the path given to --cases." to someone who gave no --cases.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staffCasePaths } from '../../../src/commands/grade.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

describe('the staff commands\' default suites', () => {
  it('are public + hidden in a clone', () => {
    expect(staffCasePaths({}).map((p) => p.slice(PACKAGE_ROOT.length + 1))).toEqual([join('cases', 'public.yaml'), join('cases', 'hidden.yaml')]);
  });

  it('say the install has no hidden suite, and to pass --cases, when it is missing', () => {
    expect(() => staffCasePaths({}, join(PACKAGE_ROOT, 'no-such-dir', 'hidden.yaml'))).toThrow(/has no hidden suite .*pass the suites to grade with, e\.g\. --cases/);
  });

  it('are exactly the --cases given, hidden suite or not', () => {
    expect(staffCasePaths({ cases: ['a.yaml'] }, '/nowhere/hidden.yaml')).toEqual([join(process.cwd(), 'a.yaml')]);
  });
});
