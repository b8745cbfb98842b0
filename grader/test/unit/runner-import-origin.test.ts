/**
 * runner._import_origin: the facts that make a missing module the machine's rather than the file's
 * (grade-suite.ts importCode). "within": an installed package's own code imported it (a dependency
 * not installed), read from this Python's installed-package folders as they were when the runner
 * started, so a folder the learner's code makes and names site-packages is not one. "stdlib": a
 * module of Python's own library.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, os, shutil, sys, tempfile
sys.path.insert(0, sys.argv[1])
import runner
root = tempfile.mkdtemp()
site = os.path.join(root, "site-packages")
os.makedirs(os.path.join(site, "brokenpkg"))
with open(os.path.join(site, "brokenpkg", "__init__.py"), "w") as f:
    f.write("import wlgrade_missing_dependency\\n")
os.makedirs(os.path.join(site, "loaderpkg"))
with open(os.path.join(site, "loaderpkg", "__init__.py"), "w") as f:
    f.write("import importlib\\ndef load(name):\\n    return importlib.import_module(name)\\ndef plugin():\\n    return importlib.import_module('wlgrade_missing_plugin')\\n")
# A dependency imported in a comma-separated list, after a module this Python has.
for pkg, line in (("listpkg", "import os, wlgrade_missing_listed\\n"), ("aliaspkg", "import string as s, os.path as p,wlgrade_missing_aliased\\n")):
    os.makedirs(os.path.join(site, pkg))
    with open(os.path.join(site, pkg, "__init__.py"), "w") as f:
        f.write(line)
sys.path.insert(0, site)
runner.Sub.filename = os.path.join(root, "hw.py")
def load(source):
    for name in [m for m in sys.modules if m.startswith(("brokenpkg", "loaderpkg"))]:
        del sys.modules[name]
    try:
        exec(compile(source, runner.Sub.filename, "exec"), {})
    except BaseException as exc:
        info = runner.error_info(exc)
        return {k: info[k] for k in ("module", "stdlib", "within") if k in info}
out = {
    "madeup": load("import wlgrade_madeup_pkg\\n"),
    "elsewhere": load("raise ModuleNotFoundError(\\"No module named 'winreg'\\", name='winreg')\\n"),
    "hidden": load("import sys\\nsys.modules['json'] = None\\nimport json\\n"),
    "own-site": load("import brokenpkg\\n"),
}
# A module of this platform's library this Python lacks, where there is one (an optional part of the build).
import importlib.util
lacks = [m for m in ("_gdbm", "_dbm", "_tkinter", "_curses", "readline", "_lzma", "_bz2", "_sqlite3", "_uuid") if importlib.util.find_spec(m) is None]
if lacks:
    out["stdlib"] = load("raise ModuleNotFoundError(\\"No module named '%s'\\", name='%s')\\n" % (lacks[0], lacks[0]))
    out["stdlib"]["module"] = "lacked"
runner._SITE_DIRS = (os.path.join(os.path.realpath(site), ""),)
out["installed"] = load("import brokenpkg\\n")
# An installed package's function importing the name its caller passes: the caller's name, not a dependency it lacks.
out["passed"] = load("import loaderpkg\\nloaderpkg.load('wlgrade_madeup_pkg')\\n")
out["named"] = load("import loaderpkg\\nloaderpkg.plugin()\\n")
out["listed"] = load("import listpkg\\n")
out["aliased"] = load("import aliaspkg\\n")
shutil.rmtree(root)
print(json.dumps(out))
`;

describe('runner._import_origin', () => {
  it("names the installed package whose code imported a missing module, and a module of Python's library, and nothing for the file's own import", async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const out = JSON.parse(stdout);
    // A module of Python's library this Python lacks (_gdbm without gdbm; tkinter without Tk is _tkinter), when it lacks one.
    if ('stdlib' in out) expect(out.stdlib).toEqual({ module: 'lacked', stdlib: true });
    delete out.stdlib;
    expect(out).toEqual({
      madeup: { module: 'wlgrade_madeup_pkg' },
      // Only Windows' Python has winreg: no machine of this kind can, so nothing makes it the machine's (red team 30).
      elsewhere: { module: 'winreg' },
      // One this Python has, hidden by the file (None in sys.modules): no missing module, the file's own error.
      hidden: {},
      // A package folder the learner's code made (and named site-packages) is not this Python's: the file's.
      'own-site': { module: 'wlgrade_missing_dependency' },
      installed: { module: 'wlgrade_missing_dependency', within: 'brokenpkg' },
      passed: { module: 'wlgrade_madeup_pkg' },
      named: { module: 'wlgrade_missing_plugin', within: 'loaderpkg' },
      // import os, dep (and import numpy as np, dep): the package's own import of it, in a list.
      listed: { module: 'wlgrade_missing_listed', within: 'listpkg' },
      aliased: { module: 'wlgrade_missing_aliased', within: 'aliaspkg' },
    });
  });
});
