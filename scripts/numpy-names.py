"""Builds grader/src/numpy-names.json: the top-level names and submodules NumPy releases had.

Usage: python3 scripts/numpy-names.py DIR... > grader/src/numpy-names.json
Each DIR holds one numpy release (pip install --no-deps --target DIR numpy==X.Y.Z); "-" is the
numpy of the Python running this. Each release is read in a Python of its own: every name
`getattr(numpy, name)` answers (its `dir()`, the names its module `__getattr__` serves, such as
NumPy 1.24's deprecated `bool8`, and every other release's names tried), and its submodules
(pkgutil on numpy's folder: `from numpy import typing` imports one that is not yet an attribute),
and the same for the public submodules in MODULES (numpy.random, numpy.linalg ...: "modules",
from the DIRs only, "modulesOldest" the oldest of them). Names only releases older than the oldest
DIR had come from the release notes (OLDER below; numpy's own names only).
"""
import json
import os
import subprocess
import sys

PROBE = r"""
import importlib, json, pkgutil, sys, warnings
warnings.simplefilter("ignore")
import numpy as np
ask = json.loads(sys.stdin.read())


# The names `getattr(mod, name)` answers, of those tried, its dir(), its submodules (pkgutil on its
# folders) and its deprecation tables' (what its module __getattr__ serves); and the submodules.
def present(mod, tried):
    subs = sorted(x.name for x in pkgutil.iter_modules(getattr(mod, "__path__", None) or []))
    tried = set(tried) | set(dir(mod)) | set(subs)
    for table in ("__deprecated_attrs__", "__expired_functions__", "__former_attrs__", "__expired_attributes__"):
        tried |= set(getattr(mod, table, ()) or ())
    names = []
    for n in sorted(tried):
        try:
            getattr(mod, n)
            names.append(n)
        except Exception:
            pass
    return names, subs


names, subs = present(np, ask["names"])
modules = {}
for m in ask["wanted"]:
    try:
        mod = importlib.import_module("numpy." + m)
    except Exception:
        continue
    mnames, msubs = present(mod, ask["modules"].get(m, ()))
    modules[m] = {"names": mnames, "submodules": msubs}
print(json.dumps({"version": np.__version__, "names": names, "submodules": subs, "modules": modules}))
"""

# NumPy 1.21 and 1.22 names no later release has (release notes 1.22.0 and 1.23.0, "Expired deprecations").
OLDER = {"loads": "1.21", "ndfromtxt": "1.21", "mafromtxt": "1.21", "alen": "1.22", "asscalar": "1.22"}
# What replaces a removed name that neither of the installed numpy's own tables (__former_attrs__,
# numpy._expired_attrs_2_0) words: the release notes of the release that removed it (1.22, 1.23,
# 2.0, 2.4) and the NumPy 2.0 migration guide.
REPLACEMENTS = {
    "in1d": "Use `np.isin` instead.",
    "trapz": "Use `np.trapezoid` instead.",
    "msort": "Use `np.sort(a, axis=0)` instead.",
    "product": "Use `np.prod` instead.",
    "cumproduct": "Use `np.cumprod` instead.",
    "alltrue": "Use `np.all` instead.",
    "sometrue": "Use `np.any` instead.",
    "round_": "Use `np.round` instead.",
    "alen": "Use `len(a)` or `a.shape[0]` instead.",
    "asscalar": "Use `a.item()` instead.",
    "loads": "Use `pickle.loads` instead.",
    "ndfromtxt": "Use `np.genfromtxt` instead.",
    "mafromtxt": "Use `np.genfromtxt(..., usemask=True)` instead.",
    "typeDict": "Use `np.sctypeDict` instead.",
    "bool8": "Use `np.bool_` instead.",
    "int0": "Use `np.intp` instead.",
    "uint0": "Use `np.uintp` instead.",
    "str0": "Use `np.str_` instead.",
    "bytes0": "Use `np.bytes_` instead.",
    "void0": "Use `np.void` instead.",
    "object0": "Use `np.object_` instead.",
    "AxisError": "Use `np.exceptions.AxisError` instead.",
    "ComplexWarning": "Use `np.exceptions.ComplexWarning` instead.",
    "VisibleDeprecationWarning": "Use `np.exceptions.VisibleDeprecationWarning` instead.",
    "RankWarning": "Use `np.exceptions.RankWarning` instead.",
    "TooHardError": "Use `np.exceptions.TooHardError` instead.",
}
# numpy's public submodules whose own names are read too (`from numpy.random import madeup`, `from
# numpy.linalg import nrom`): what course code imports names from. Only the releases whose wheels are
# read: 1.21 and 1.22 have no wheel for the Python this runs on (their names here are the notes').
MODULES = ["random", "linalg", "fft", "ma", "polynomial", "testing"]
# Types only other platforms' numpy has (float96 on 32-bit x86; float128 and complex256 on x86-64 Linux).
PLATFORM = ["float96", "complex192", "float128", "complex256"]


def probe(folder, tried, tried_modules):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if folder != "-":
        env["PYTHONPATH"] = os.path.abspath(folder)
    out = subprocess.run([sys.executable, "-s", "-c", PROBE], input=json.dumps({"names": sorted(tried), "wanted": MODULES, "modules": {m: sorted(v) for m, v in tried_modules.items()}}), env=env,
                         capture_output=True, text=True, check=True, cwd="/")
    return json.loads(out.stdout)


def minor(version):
    return ".".join(version.split(".")[:2])


def main():
    folders = sys.argv[1:]
    first = [probe(f, set(), {}) for f in folders]
    tried = set().union(*(set(r["names"]) | set(r["submodules"]) for r in first))
    tried_modules = {m: set().union(*(set(r["modules"].get(m, {}).get("names", ())) for r in first)) for m in MODULES}
    releases = sorted((probe(f, tried, tried_modules) for f in folders), key=lambda r: tuple(int(p) for p in minor(r["version"]).split(".")))
    names, submodules = dict(OLDER), {}
    modules = {m: {"names": {}, "submodules": {}} for m in MODULES}
    for r in releases:  # oldest first: each name keeps the newest release that had it
        for n in r["names"]:
            names[n] = minor(r["version"])
        for n in r["submodules"]:
            submodules[n] = minor(r["version"])
        for m, got in r["modules"].items():
            for kind in ("names", "submodules"):
                for n in got[kind]:
                    modules[m][kind][n] = minor(r["version"])
    for n in PLATFORM:
        names.setdefault(n, minor(releases[-1]["version"]))
    json.dump({"releases": ["1.21", "1.22"] + [minor(r["version"]) for r in releases],
               "names": dict(sorted(names.items())), "submodules": dict(sorted(submodules.items())),
               "replacements": REPLACEMENTS,
               "modulesOldest": minor(releases[0]["version"]),
               "modules": {m: {k: dict(sorted(v.items())) for k, v in t.items()} for m, t in modules.items()}},
              sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
