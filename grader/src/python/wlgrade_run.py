"""Entry of a cold run (sandbox/launch.ts): `python -B wlgrade_run.py [--status-fd 4]`.

A script named on the command line is compiled from source at every start, never read from a .pyc:
runner.py (~8,000 lines) took ~77 ms of each cold run to compile. Imported as a module, it is read
from __pycache__/runner.cpython-XY.pyc, which `npm run build` writes for its python3
(scripts/postbuild.mjs; -B stops writing .pyc, not reading them). Another Python, or a runner.py
edited since the build, finds no valid .pyc and compiles the source, as before.

Under the guard: a learner's `import wlgrade_run` (this folder is on sys.path) runs nothing.
"""
if __name__ == "__main__":
    import sys

    import runner

    # As in a pool job (pool_server.child): no module is named runner while learner code runs (its
    # `import runner` loads a fresh copy, as when runner.py was the script), and this one is reached
    # as __main__.runner, as the pool's is through pool_server's global of that name. runner.py
    # compares classes' __module__ to "__main__" only for the learner's classes, never its own.
    del sys.modules["runner"]
    (lambda finish: finish(runner.main()))(runner.exit_now)  # bound before learner code could replace the name
