/**
 * runner.failed_import_info for `from <installed module> import <name it lacks>`: `close`, the one
 * name the module has that the import is a typing slip of (`arrray`: array), which makes the
 * import the file's (grade-suite.ts importCode); numpy's own words, and no `close`, for a name
 * another numpy had (np.float, removed in 1.24; np.asscalar, 1.23; np.float_, 2.0), however near
 * it is to a name this numpy has (float: floor, asscalar: isscalar).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, os, sys, tempfile
sys.path.insert(0, sys.argv[1])
import runner
import numpy as np
runner.remember_numpy(np)
runner.Sub.filename = os.path.join(tempfile.gettempdir(), "hw.py")
def load(source):
    try:
        exec(compile(source, runner.Sub.filename, "exec"), {})
    except BaseException as exc:
        info = runner.failed_import_info(exc)
        return {k: info[k] for k in ("module", "absent", "close", "message") if k in info}
print(json.dumps({name: load("from numpy import %s\\n" % name) for name in ("arrray", "arary", "lnspace", "Array", "flot", "float", "asscalar", "float_", "wlgrade_madeup")}))
`;

describe('runner.failed_import_info: a name an installed module lacks', () => {
  it('names the one name it is a slip of, and never one for a name another version had', async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const out = JSON.parse(stdout) as Record<string, { module: string; absent: string; close?: string; message: string }>;
    const close = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.close ?? null]));
    expect(close).toEqual({
      arrray: 'array',
      arary: 'array',
      lnspace: 'linspace',
      // Letter case alone: another version's spelling as often as a slip (Keras 2's adam beside Adam).
      Array: null,
      // Two names one letter away (float, flat): no guess.
      flot: null,
      float: null,
      asscalar: null,
      float_: null,
      wlgrade_madeup: null,
    });
    expect(out.float!.message).toMatch(/has no float \(`np\.float` was removed in the NumPy 1\.24 release\. `np\.float` was a deprecated alias for the builtin `float`\./);
    expect(out.asscalar!.message).toMatch(/has no asscalar \(`np\.asscalar` was removed in the NumPy 1\.23 release\. Use `a\.item\(\)` instead\.\)$/);
    expect(out.float_!.message).toContain('`np.float_` was removed in the NumPy 2.0 release.');
  });
});
