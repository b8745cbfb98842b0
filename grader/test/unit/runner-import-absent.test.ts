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
import json, os, shutil, sys, tempfile
sys.path.insert(0, sys.argv[1])
import runner
import numpy as np
runner.remember_numpy(np)
root = tempfile.mkdtemp()
runner.Sub.filename = os.path.join(root, "hw.py")
def load(source):
    with open(runner.Sub.filename, "w") as fh:  # the traceback's lines are read from the file, as a run's are
        fh.write(source)
    try:
        exec(compile(source, runner.Sub.filename, "exec"), {"__name__": "submission"})
    except BaseException as exc:
        info = runner.failed_import_info(exc)
        return {k: info[k] for k in ("module", "absent", "close", "message", "relative", "submodule") if k in info}
print(json.dumps({name: load("from numpy import %s\\n" % name) for name in ("arrray", "arary", "lnspace", "Array", "flot", "float", "asscalar", "loads", "float_", "wlgrade_madeup")}))
print(json.dumps([load(line + "\\n") for line in ("from .utils import x", "from . import x", "from ..pkg.mod import (x,\\n    y)", "from .módulo_ayuda import x", "from " + "." * 21 + "pkg import x", "from ." + ".".join(["m"] * 17) + " import x")]))
print(json.dumps([load(line + "\\n") for line in ("import numpy.wlgrade_madeupx", "from numpy.random import wlgrade_madeupx", "import numpy.linalgg", "import numpy.linalg.wlgrade_madeupx", "import wlgrade_nopkg.sub")]))
print(np.__version__)
shutil.rmtree(root)
`;

describe('runner.failed_import_info: a name an installed module lacks', () => {
  it('names the one name it is a slip of, and never one for a name another version had', async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const out = JSON.parse(stdout.split('\n')[0]!) as Record<string, { module: string; absent: string; close?: string; message: string }>;
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
      loads: null,
      float_: null,
      wlgrade_madeup: null,
    });
    expect(out.float!.message).toMatch(/has no float \(`np\.float` was removed in the NumPy 1\.24 release\. `np\.float` was a deprecated alias for the builtin `float`\./);
    expect(out.asscalar!.message).toMatch(/has no asscalar \(`np\.asscalar` was removed in the NumPy 1\.23 release\. Use `a\.item\(\)` instead\.\)$/);
    expect(out.float_!.message).toContain('`np.float_` was removed in the NumPy 2.0 release.');
    // NumPy 1.22 removed loads (its release notes), not 1.24 as this table said.
    expect(out.loads!.message).toMatch(/has no loads \(`np\.loads` was removed in the NumPy 1\.22 release\. Use `pickle\.loads` instead\.\)$/);
  });

  it('names the module of a relative import (from .utils import x), which a file loaded alone cannot make', async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    expect(JSON.parse(stdout.split('\n')[1]!)).toEqual([
      { message: 'attempted relative import with no known parent package', relative: '.utils' },
      { message: 'attempted relative import with no known parent package', relative: '.' },
      { message: 'attempted relative import with no known parent package', relative: '..pkg.mod' },
      // Python's identifiers, not ASCII alone (an ASCII-only schema refused the load record: 0 points).
      { message: 'attempted relative import with no known parent package', relative: '.módulo_ayuda' },
      // Past what ErrorInfoSchema's `relative` takes (20 dots, 16 names): left out, not sent to be refused.
      { message: 'attempted relative import with no known parent package' },
      { message: 'attempted relative import with no known parent package' },
    ]);
  });

  it('tells a submodule an installed package lacks (import numpy.madeupx) as a name it lacks, with its version: not a package to install', async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const [line, version] = stdout.split('\n').slice(2);
    expect(JSON.parse(line!)).toEqual([
      { module: 'numpy', absent: 'wlgrade_madeupx', submodule: true, message: `numpy ${version} has no submodule wlgrade_madeupx` },
      // A submodule's version is its package's.
      { module: 'numpy.random', absent: 'wlgrade_madeupx', message: `numpy.random (numpy ${version}) has no wlgrade_madeupx` },
      // A slip of a submodule it has: the file's, told the name.
      { module: 'numpy', absent: 'linalgg', close: 'linalg', submodule: true, message: `numpy ${version} has no submodule linalgg` },
      { module: 'numpy.linalg', absent: 'wlgrade_madeupx', submodule: true, message: `numpy.linalg (numpy ${version}) has no submodule wlgrade_madeupx` },
      // No installed package: still a module to install (or a made-up one).
      { module: 'wlgrade_nopkg', message: "No module named 'wlgrade_nopkg'" },
    ]);
  });
});
