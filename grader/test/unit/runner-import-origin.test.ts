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
sys.path.insert(0, site)
runner.Sub.filename = os.path.join(root, "hw.py")
def load(source):
    for name in [m for m in sys.modules if m.startswith("brokenpkg")]:
        del sys.modules[name]
    try:
        exec(compile(source, runner.Sub.filename, "exec"), {})
    except BaseException as exc:
        info = runner.error_info(exc)
        return {k: info[k] for k in ("module", "stdlib", "within") if k in info}
out = {
    "madeup": load("import wlgrade_madeup_pkg\\n"),
    "stdlib": load("raise ModuleNotFoundError(\\"No module named 'winreg'\\", name='winreg')\\n"),
    "hidden": load("import sys\\nsys.modules['json'] = None\\nimport json\\n"),
    "own-site": load("import brokenpkg\\n"),
}
runner._SITE_DIRS = (os.path.join(os.path.realpath(site), ""),)
out["installed"] = load("import brokenpkg\\n")
shutil.rmtree(root)
print(json.dumps(out))
`;

describe('runner._import_origin', () => {
  it("names the installed package whose code imported a missing module, and a module of Python's library, and nothing for the file's own import", async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    expect(JSON.parse(stdout)).toEqual({
      madeup: { module: 'wlgrade_madeup_pkg' },
      // A module of Python's library this Python lacks (Windows-only winreg; tkinter without Tk is _tkinter).
      stdlib: { module: 'winreg', stdlib: true },
      // One this Python has, hidden by the file (None in sys.modules): no missing module, the file's own error.
      hidden: {},
      // A package folder the learner's code made (and named site-packages) is not this Python's: the file's.
      'own-site': { module: 'wlgrade_missing_dependency' },
      installed: { module: 'wlgrade_missing_dependency', within: 'brokenpkg' },
    });
  });
});
