/**
 * import_facts.py: the facts that make a missing module the machine's, read again in a Python that
 * runs no learner code (sandbox/import-facts.ts), for a run's load record the file may have forged.
 */
import { execa } from 'execa';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import { removeTree } from '../../src/sandbox/remove-tree.js';

describe('import_facts.py', () => {
  it('reads a module this Python has, a dependency an installed package really lacks, and nothing for claims that do not hold', async () => {
    // An installed package whose own import needs a module that is not there, in the user site of
    // a HOME of the test's own (one of the folders the runner's "within" takes as installed).
    const home = await mkdtemp(join(tmpdir(), 'wlgrade-facts-test-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
      const site = (await execa('python3', ['-c', 'import site; print(site.getusersitepackages())'], { env, extendEnv: false })).stdout.trim();
      await mkdir(join(site, 'wlgrade_brokenpkg'), { recursive: true });
      // It greets as it is imported (pygame prints a line; a C extension may write to fd 1): the
      // greeting must not come between the check's two lines, or the whole answer goes unread.
      await writeFile(join(site, 'wlgrade_brokenpkg', '__init__.py'), 'import os\nprint("Hello from wlgrade_brokenpkg")\nos.write(1, b"a notice from C\\n")\nimport wlgrade_missing_dependency\n');
      // One whose import waits (on the network, say) before it asks for the module: past the time given, no dependency.
      await mkdir(join(site, 'wlgrade_slowpkg'), { recursive: true });
      await writeFile(join(site, 'wlgrade_slowpkg', '__init__.py'), 'import time\ntime.sleep(30)\nimport wlgrade_missing_dependency\n');
      const claims = [
        { module: 'wlgrade_missing_dependency', within: 'wlgrade_brokenpkg' },
        { module: 'wlgrade_madeup_x', within: 'numpy' },
        { module: 'wlgrade_madeup_x', within: 'json' },
        { module: 'numpy' },
        { module: 'winreg' },
        { module: 'wlgrade_madeup_x' },
        { module: 'wlgrade_missing_dependency', within: 'wlgrade_slowpkg' },
      ];
      const r = await execa('python3', [join(PYTHON_DIR, 'import_facts.py')], { env, extendEnv: false, cwd: home, input: JSON.stringify({ claims, seconds: 1 }) });
      expect(r.stdout.split('\n')).toHaveLength(2);
      const [early, whole] = r.stdout.split('\n');
      // First, what it reads before importing anything (kept when an import ends the check).
      expect(JSON.parse(early!)).toEqual(claims.map((c) => ({ present: c.module === 'numpy', stdlib: false })));
      expect(JSON.parse(whole!)).toEqual([
        // The first claim is read before any package's import; every later one after (not alone).
        { present: false, stdlib: false, within: true, alone: true },
        // numpy imports: it asks for no such module.
        { present: false, stdlib: false, within: false, alone: false },
        // json is no installed package (Python's own library).
        { present: false, stdlib: false, within: false, alone: false },
        { present: true, stdlib: false, within: false, alone: false },
        // Only Windows' Python has winreg.
        { present: false, stdlib: false, within: false, alone: false },
        { present: false, stdlib: false, within: false, alone: false },
        { present: false, stdlib: false, within: false, alone: false },
      ]);
    } finally {
      await removeTree(home);
    }
  });

  it("shares its time between the packages it imports: three slow ones cannot each take the whole of it and outlast the grader's wait", async () => {
    // The time was each claim's (60 s each), the grader's wait 180 s for all: a record naming three
    // packages whose import waits made the check time out, and then the run's claims stood.
    const home = await mkdtemp(join(tmpdir(), 'wlgrade-facts-test-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
      const site = (await execa('python3', ['-c', 'import site; print(site.getusersitepackages())'], { env, extendEnv: false })).stdout.trim();
      const slow = ['wlgrade_slow_a', 'wlgrade_slow_b', 'wlgrade_slow_c'];
      for (const p of slow) {
        await mkdir(join(site, p), { recursive: true });
        // Each import ends within the time given, but not all three together (3 s of 2).
        await writeFile(join(site, p, '__init__.py'), 'import time\ntime.sleep(1)\nimport wlgrade_missing_dependency\n');
      }
      const claims = slow.map((p) => ({ module: 'wlgrade_missing_dependency', within: p }));
      const r = await execa('python3', [join(PYTHON_DIR, 'import_facts.py')], { env, extendEnv: false, cwd: home, input: JSON.stringify({ claims, seconds: 2 }) });
      const facts = JSON.parse(r.stdout.split('\n').at(-1)!) as Array<{ within: boolean }>;
      expect(facts).toHaveLength(3);
      // The last one asked had less than its second left: no dependency.
      expect(facts[2]!.within).toBe(false);
    } finally {
      await removeTree(home);
    }
  });

  it("lists an installed package's submodules as its folders hold them, without running its code (a claim with package: true)", async () => {
    // `import torch.madeup` / `from scipy import linalgg`: what the package has decides, not what the run had loaded.
    const home = await mkdtemp(join(tmpdir(), 'wlgrade-facts-test-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
      const site = (await execa('python3', ['-c', 'import site; print(site.getusersitepackages())'], { env, extendEnv: false })).stdout.trim();
      const pkg = join(site, 'wlgrade_subpkg');
      for (const dir of ['nn', 'ns_dir', '__pycache__', 'not-a-name']) await mkdir(join(pkg, dir), { recursive: true });
      // Its __init__ would fail if run: the listing must not import it.
      await writeFile(join(pkg, '__init__.py'), 'raise RuntimeError("ran")\n');
      await writeFile(join(pkg, 'nn', '__init__.py'), '');
      await writeFile(join(pkg, 'nn', 'functional.py'), '');
      await writeFile(join(pkg, 'ops.py'), '');
      // A package whose __init__ extends its __path__ at import (TensorFlow: keras, math, nn are not
      // files in its folder): its folder is not what it has, so it is not listed (review31a).
      const extending = join(site, 'wlgrade_pathpkg');
      await mkdir(join(extending, 'own'), { recursive: true });
      await writeFile(join(extending, '__init__.py'), 'import sys\n_m = sys.modules[__name__]\n_m.__path__ = [__path__[0], "/elsewhere"]\n');
      const claims = [
        { module: 'wlgrade_subpkg', package: true },
        { module: 'wlgrade_subpkg.nn', package: true },
        { module: 'wlgrade_subpkg.ops', package: true },
        { module: 'json', package: true },
        { module: 'wlgrade_pathpkg', package: true },
        { module: 'wlgrade_pathpkg.own', package: true },
      ];
      const r = await execa('python3', [join(PYTHON_DIR, 'import_facts.py')], { env, extendEnv: false, cwd: home, input: JSON.stringify({ claims, seconds: 1 }) });
      expect((JSON.parse(r.stdout.split('\n').at(-1)!) as Array<{ submodules?: unknown }>).map((f) => f.submodules)).toEqual([
        ['nn', 'ns_dir', 'ops'],
        ['functional'],
        // A module, no package; json is Python's own library, no installed package.
        null,
        null,
        // Its __init__ names __path__: what it has is read from no folder.
        null,
        null,
      ]);
    } finally {
      await removeTree(home);
    }
  });

  it('says whether a package claim its folders do not hold may still be a submodule, where an installed package above extends __path__ (opaque)', async () => {
    // tensorflow.keras.backend has no folder (TensorFlow adds keras at import): it was read as no
    // module at all, and `import tensorflow.keras.backend.madeup` told "pip install tensorflow-cpu".
    const home = await mkdtemp(join(tmpdir(), 'wlgrade-facts-test-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
      const site = (await execa('python3', ['-c', 'import site; print(site.getusersitepackages())'], { env, extendEnv: false })).stdout.trim();
      await mkdir(join(site, 'wlgrade_extpkg', 'own'), { recursive: true });
      await writeFile(join(site, 'wlgrade_extpkg', '__init__.py'), 'raise RuntimeError("ran")\n__path__ = __path__ + ["/elsewhere"]\n');
      await writeFile(join(site, 'wlgrade_extpkg', 'own', '__init__.py'), '');
      await mkdir(join(site, 'wlgrade_plainpkg', 'own'), { recursive: true });
      await writeFile(join(site, 'wlgrade_plainpkg', '__init__.py'), '');
      const claims = ['wlgrade_extpkg.keras.backend', 'wlgrade_extpkg.own.madeup', 'wlgrade_plainpkg.keras', 'wlgrade_plainpkg.own.madeup', 'wlgrade_nopkg.keras', 'json.madeup', 'wlgrade_extpkg.own'].map((module) => ({ module, package: true }));
      const r = await execa('python3', [join(PYTHON_DIR, 'import_facts.py')], { env, extendEnv: false, cwd: home, input: JSON.stringify({ claims, seconds: 1 }) });
      const facts = JSON.parse(r.stdout.split('\n').at(-1)!) as Array<{ present: boolean; opaque?: boolean }>;
      expect(facts.map((f) => [f.present, f.opaque])).toEqual([
        // Below a package that extends __path__: its folders cannot say.
        [false, true],
        [false, true],
        // A plain installed package's folders can; no package, and Python's own library, are no installed package.
        [false, false],
        [false, false],
        [false, false],
        [false, false],
        // One its folders hold is present (opaque is not asked).
        [true, undefined],
      ]);
    } finally {
      await removeTree(home);
    }
  });

  it("reads the parent's submodules and version for a missing dotted module whose parent an installed package's folders hold (parent)", async () => {
    // `import keras.engine` under the Keras shim's stand-in, which has only the backend, was told
    // "keras.engine is not installed, pip install keras" where keras is.
    const home = await mkdtemp(join(tmpdir(), 'wlgrade-facts-test-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
      const site = (await execa('python3', ['-c', 'import site; print(site.getusersitepackages())'], { env, extendEnv: false })).stdout.trim();
      await mkdir(join(site, 'wlgrade_lackpkg', 'layers'), { recursive: true });
      await writeFile(join(site, 'wlgrade_lackpkg', '__init__.py'), 'raise RuntimeError("ran")\n');
      await writeFile(join(site, 'wlgrade_lackpkg', 'layers', '__init__.py'), '');
      await mkdir(join(site, 'wlgrade_lackpkg-3.1.0.dist-info'));
      await writeFile(join(site, 'wlgrade_lackpkg-3.1.0.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: wlgrade_lackpkg\nVersion: 3.1.0\n');
      const claims = [{ module: 'wlgrade_lackpkg.engine' }, { module: 'wlgrade_lackpkg.layers.madeup' }, { module: 'wlgrade_lackpkg.layers' }, { module: 'wlgrade_lackpkg.engine', within: 'wlgrade_lackpkg' }, { module: 'wlgrade_nopkg.engine' }, { module: 'json.wlgrade_madeup' }];
      const r = await execa('python3', [join(PYTHON_DIR, 'import_facts.py')], { env, extendEnv: false, cwd: home, input: JSON.stringify({ claims, seconds: 1 }) });
      const facts = JSON.parse(r.stdout.split('\n').at(-1)!) as Array<{ present: boolean; parent?: unknown }>;
      expect(facts.map((f) => [f.present, f.parent])).toEqual([
        [false, { submodules: ['layers'], version: '3.1.0' }],
        [false, { submodules: [], version: '3.1.0' }],
        // Present: the file's doing, no parent asked.
        [true, undefined],
        // A dependency claim is read by `within`; no installed parent; Python's own library: none.
        [false, undefined],
        [false, undefined],
        [false, undefined],
      ]);
    } finally {
      await removeTree(home);
    }
  });
});
