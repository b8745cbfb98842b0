"""What this Python says of the modules a run reported missing, asked in a process of its own that
runs no learner code (grader/src/sandbox/import-facts.ts).

A run's records come from the process that ran the learner's file, which can read the run's token
and send any record: a forged load error "ModuleNotFoundError: madeup, within numpy" read as a
dependency an installed package lacks (IMPORT_ERROR, the machine's: blank on every run, whatever
staff install; red team 30). So the facts that make a missing module the machine's are read again
here, with the runner's own readers:

- present: this Python has the module (runner._on_start_path): the file's own doing, whatever it says;
- stdlib: a module of this platform's Python library (runner._ELSEWHERE left out) that it lacks,
  its top-level module itself (json.madeup, with json here, is not);
- submodules (a claim with "package": true, a name an installed package lacks): that package's
  submodules as its folders hold them (submodules above), or null; and, when its folders do not
  hold that package, `opaque`: whether an installed package above it extends its __path__ at
  import, so that its folders cannot say (tensorflow.keras.backend: opaque above); for a claim
  about numpy's names (with "name"), `has`: whether numpy, imported here, has that name after all
  (a forged "numpy has no array" was blank: numpy-names.json says a release had it);
- parent (a dotted module missing here, no dependency claim): when its parent package is installed
  and its folders do not hold it, their submodules and the package's version (parent_lacks);
- within: importing the installed package the run named (a folder of site-packages) fails here too,
  for want of that very module. Only the package's top level is imported: a dependency only one of
  its submodules asks for is not told apart from a claim. `seconds` is the whole check's time,
  shared by the packages it imports: an import still running when it is spent (a package chosen
  because its import waits on the network) is no dependency either, so however many a record
  names, the answer comes back before the grader gives up waiting.

Stdin: JSON {"claims": [{"module": dotted name, "within": name or absent, "package": true or absent,
"name": a name numpy lacks or absent, "submodule": true or absent}], "seconds": n} (not an
argument: one has a size limit past which this would not start). Prints JSON [{present, stdlib}]
first, read before any import (what the grader keeps when a package's import ends this process),
then JSON [{present, stdlib, within, alone, and as above submodules, opaque, has, parent when they
apply}], one per claim: `alone` when no claimed package had been imported in this process before that
claim was read. A package's import can change what the next one's does (a stub put in
sys.modules, the shared time spent), so only such an answer is what any other run's same claim
would read (the grader keeps only those for the batch).
"""
import contextlib
import json
import os
import signal
import sys
import time

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
import runner  # noqa: E402  its start path leaves this folder out


class _Late(BaseException):
    pass


def _late(_signum, _frame):
    raise _Late()


def within(package, module, deadline):
    """Whether `package`, a folder or file of this Python's installed packages (as the runner's own
    `within` requires), fails to import here for want of `module`."""
    try:
        import importlib

        with _in_time(package, deadline) as ok:
            if ok:
                importlib.import_module(package)
    except ModuleNotFoundError as exc:
        return exc.name == module
    except BaseException:
        return False
    return False


@contextlib.contextmanager
def _in_time(top, deadline):
    """Whether `top` (a top-level name) is an installed package, a folder or file of this Python's
    site folders found with no code of it run, and time is left before the shared `deadline`: the
    claimed packages' imports (within, has_name) run inside, and past the deadline SIGALRM raises _Late
    there."""
    import importlib.util

    spec = importlib.util.find_spec(top)  # a top-level name: no code of the package runs
    origin = runner._realpath(spec.origin) if spec is not None and spec.origin else ""
    left = deadline - time.monotonic()
    if not any(origin.startswith(d) for d in runner._SITE_DIRS) or left <= 0:
        yield False
        return
    _imported[0] = True
    signal.signal(signal.SIGALRM, _late)
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


_imported = [False]  # a claimed package's import has run in this process


def _extends_path(folders):
    """Whether a package's __init__.py names __path__: one that extends it at import (TensorFlow adds
    keras, math, nn from elsewhere) has submodules its folders do not hold, so they cannot say what
    it lacks. Its text only (its first MiB), never run."""
    for f in folders:
        try:
            with open(os.path.join(f, "__init__.py"), "rb") as init:
                if b"__path__" in init.read(1 << 20):
                    return True
        except OSError:
            pass
    return False


def _descend(module):
    """The folders that hold `module` (dotted), reached from its top-level package, a folder of this
    Python's installed packages, part by part without running its code, and whether a package on the
    way there (not `module` itself) names __path__ in its __init__.py: (folders, False); (None, True)
    at such a package, whose folders cannot say what it holds; (None, False) when the top-level name
    is no installed package or a part has no folder."""
    import importlib.util

    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)  # a top-level name: no code of the package runs
    origin = runner._realpath(spec.origin) if spec is not None and spec.origin else ""
    if not spec or not spec.submodule_search_locations or not any(origin.startswith(d) for d in runner._SITE_DIRS):
        return None, False
    folders = list(spec.submodule_search_locations)
    for part in rest:
        if _extends_path(folders):
            return None, True
        folders = [os.path.join(f, part) for f in folders if os.path.isdir(os.path.join(f, part))]
        if not folders:
            return None, False
    return folders, False


def submodules(package):
    """The submodule names of `package`, an installed package (a folder of this Python's installed
    packages, as `within` requires), as its folders hold them, or None: pkgutil on the package's own
    folders, reached by name without running its code (`import torch.madeup`, `from scipy import
    linalgg` before scipy.linalg is loaded). Folders with no __init__.py count too (namespace packages).
    None too when the package, or one on the way to it, names __path__ (_extends_path)."""
    try:
        import pkgutil

        folders, _ = _descend(package)
        if folders is None or _extends_path(folders):
            return None
        names = {m.name for m in pkgutil.iter_modules(folders)}
        for f in folders:
            names.update(n for n in os.listdir(f) if n.isidentifier() and n != "__pycache__" and os.path.isdir(os.path.join(f, n)))
        return sorted(names)[:10000]
    except BaseException:
        return None


def opaque(module):
    """Whether `module`, which this Python's folders do not hold, may still be a submodule of an
    installed package: its top-level package, a folder of this Python's installed packages, or a
    package below it on the way, names __path__ in its __init__.py (TensorFlow adds keras, math and
    nn from elsewhere at import: tensorflow.keras.backend has no folder of its own). Read from the
    folders, no code of the package run (_descend)."""
    try:
        return _descend(module)[1]
    except BaseException:
        return False


def has_name(module, name, submodule, deadline):
    """Whether numpy (or its submodule `module`), an installed package, imported here, has `name`,
    which the run said it lacks: an attribute (from numpy import array) or a submodule (import
    numpy.linalg, from numpy import typing); only a submodule for `import numpy.name` (`submodule`:
    import numpy.array fails, numpy.array being a function). None when it could not be read (not an
    installed package, its import failed or ran past the shared time)."""
    try:
        import importlib
        import importlib.util

        with _in_time(module.split(".")[0], deadline) as ok:
            if not ok:
                return None
            mod = importlib.import_module(module)
            if not submodule:
                try:
                    getattr(mod, name)
                    return True
                except Exception:
                    pass
            try:
                return importlib.util.find_spec(module + "." + name) is not None
            except ImportError:  # `module` is no package: it has no submodule at all
                return False
    except BaseException:
        return None


def _version(top):
    """The installed distribution's version of a top-level package, from its metadata (no code of it runs), or None."""
    try:
        import importlib.metadata

        v = importlib.metadata.version(top)
        return v if runner._VERSION.match(v) else None
    except BaseException:
        return None


def parent_lacks(module):
    """For a missing dotted module whose parent package this Python's installed-package folders hold
    (keras.engine, with keras installed): the parent's submodules as its folders hold them and its
    version, when the last part is not among them; else None. The run can name such a module as not
    installed (the Keras shim's stand-in has only the backend: "keras is not installed" where it is)."""
    parent, _, last = module.rpartition(".")
    if not parent or not runner._on_start_path(parent):
        return None
    subs = submodules(parent)
    if subs is None or last in subs:
        return None
    return {"submodules": subs, "version": _version(parent.split(".")[0])}


def facts(claim, deadline):
    module = claim["module"]
    top = module.split(".")[0]
    alone = not _imported[0]
    present = runner._on_start_path(module)
    out = {
        "alone": alone,
        "present": present,
        "stdlib": not present and runner._stdlib_lacked(module),
        "within": not present and top not in runner._ELSEWHERE and bool(claim.get("within")) and within(claim["within"], module, deadline),
    }
    if not present and not claim.get("package") and not claim.get("within") and not out["stdlib"]:
        lacking = parent_lacks(module)
        if lacking is not None:
            out["parent"] = lacking
    if claim.get("package"):
        out["submodules"] = submodules(module) if present else None
        if not present:
            out["opaque"] = opaque(module)
        elif claim.get("name"):
            out["has"] = has_name(module, claim["name"], bool(claim.get("submodule")), deadline)
    return out


def main():
    ask = json.loads(sys.stdin.read())
    # What holds without importing anything first, on a line of its own: a claimed package whose
    # import ends this process (SIGILL, SIGSEGV, os._exit) left no answer at all, and a module this
    # Python has, claimed missing beside it, read as the machine's (red team 31).
    early = [{"present": runner._on_start_path(c["module"]), "stdlib": False} for c in ask["claims"]]
    for e, c in zip(early, ask["claims"]):
        e["stdlib"] = not e["present"] and runner._stdlib_lacked(c["module"])
    sys.stdout.write(json.dumps(early) + "\n")
    sys.stdout.flush()
    # The answer keeps a descriptor of its own: what a claimed package prints as it is imported (a
    # greeting, a deprecation notice, from Python or C) goes to stderr, not between the two lines.
    answer = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    deadline = time.monotonic() + max(1, int(ask["seconds"]))
    out = [facts(c, deadline) for c in ask["claims"]]
    answer.write(json.dumps(out) + "\n")
    answer.flush()
    os._exit(0)  # a package imported for `within` may leave threads behind


if __name__ == "__main__":
    main()
