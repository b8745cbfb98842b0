/**
 * vetImportClaims (sandbox/import-facts.ts) keeps each claim's facts for the whole batch: a fact one
 * learner's record made the checker read must be what any other learner's same claim would read.
 * import_facts.py reads a record's claims one after the other in one process, importing each
 * claimed dependency's package: a forger could put first a claim whose package's import changes
 * what the next one's does (puts a stub in sys.modules, or spends the shared time), then another
 * learner's honest claim, and the answer read so was kept for that learner too (red team b30).
 */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../src/schema/protocol.js';
import { vetImportClaims } from '../../../src/sandbox/import-facts.js';
import { removeTree } from '../../../src/sandbox/remove-tree.js';
import type { RunOutcome } from '../../../src/sandbox/run-submission.js';

const GRADED = ['compute_class_freqs', 'get_weighted_loss'];
const missing = (module: string, facts: Partial<ErrorInfo> = {}): ErrorInfo => ({ type: 'ModuleNotFoundError', message: `No module named '${module}'`, traceback: '', module, ...facts });
const outcome = (load: RunOutcome['load']): RunOutcome => ({ load, calls: {}, stdout: '', stderr: '', outputTruncated: false, ms: 0, sandbox: 'process', python: null });
type FunctionInfo = Extract<RunOutcome['load'], { ok: true }>['functions'][string];
const fn = (m: ErrorInfo) => ({ defined: false, callable: false, params: null, missing: m }) as FunctionInfo;

describe('vetImportClaims across learners', () => {
  it("a forger's claims read before an honest learner's same claim do not change that learner's answer", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-facts-poison-'));
    try {
      // Installed packages (a user site the wrapper points Python at): wlgrade_needsdep's import
      // really lacks wlgrade_dep_b; wlgrade_stubber's import puts a stub of it in sys.modules.
      const base = join(dir, 'userbase');
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, PYTHONUSERBASE: base };
      const site = (await execa('python3', ['-c', 'import site; print(site.getusersitepackages())'], { env, extendEnv: false })).stdout.trim();
      await mkdir(join(site, 'wlgrade_needsdep'), { recursive: true });
      await writeFile(join(site, 'wlgrade_needsdep', '__init__.py'), 'import wlgrade_dep_b\n');
      await mkdir(join(site, 'wlgrade_stubber'), { recursive: true });
      await writeFile(join(site, 'wlgrade_stubber', '__init__.py'), "import sys, types\nsys.modules['wlgrade_dep_b'] = types.ModuleType('wlgrade_dep_b')\n");
      const python = join(dir, 'python-site');
      await writeFile(python, `#!/bin/sh\nPYTHONUSERBASE='${base}' exec python3 "$@"\n`);
      await chmod(python, 0o755);

      const honest = outcome({ ok: false, error: missing('wlgrade_dep_b', { within: 'wlgrade_needsdep' }), imports: [] });
      // The forger: a load error naming the stubbing package first, then the honest claim.
      const forged = outcome({
        ok: true,
        functions: {
          compute_class_freqs: fn(missing('wlgrade_madeup_q', { within: 'wlgrade_stubber' })),
          get_weighted_loss: fn(missing('wlgrade_dep_b', { within: 'wlgrade_needsdep' })),
        },
        imports: [],
        notes: [],
        weights: [],
      });
      // Graded side by side (--jobs 2), and the honest one again after.
      const [, during] = await Promise.all([vetImportClaims(forged, python, 'process', GRADED), vetImportClaims(honest, python, 'process', GRADED)]);
      const after = await vetImportClaims(honest, python, 'process', GRADED);
      // The dependency the installed package really lacks: the machine's (within kept), both times.
      expect(during.load).toEqual(honest.load);
      expect(after.load).toEqual(honest.load);
    } finally {
      await removeTree(dir);
    }
  });
});
