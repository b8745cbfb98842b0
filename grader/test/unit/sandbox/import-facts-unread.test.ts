/**
 * vetImportClaims (sandbox/import-facts.ts) when the check cannot answer: a claim left unchecked
 * must not stand, or a forger who makes the check fail keeps its row blank (IMPORT_ERROR).
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../src/schema/protocol.js';
import { vetImportClaims } from '../../../src/sandbox/import-facts.js';
import { removeTree } from '../../../src/sandbox/remove-tree.js';
import type { RunOutcome } from '../../../src/sandbox/run-submission.js';

const GRADED = ['compute_class_freqs', 'get_weighted_loss'];
const missing = (module: string, facts: Partial<ErrorInfo> = {}): ErrorInfo => ({ type: 'ModuleNotFoundError', message: `No module named '${module.slice(0, 40)}'`, traceback: '', module, ...facts });
const outcome = (load: RunOutcome['load']): RunOutcome => ({ load, calls: {}, stdout: '', stderr: '', outputTruncated: false, ms: 0, sandbox: 'process', python: null });
type FunctionInfo = Extract<RunOutcome['load'], { ok: true }>['functions'][string];
const fn = (m: ErrorInfo) => ({ defined: false, callable: false, params: null, missing: m }) as FunctionInfo;

describe('vetImportClaims with no answer', () => {
  it('a record padded with functions no suite grades, each naming a long module, is read for its graded functions only: the forged "within" does not stand', async () => {
    // All claims went to the checker as one argument: 80 of 2,000 characters are past Linux's
    // 128 KiB limit on one, the checker could not start, and the run's claims were kept.
    const functions: Record<string, FunctionInfo> = {
      compute_class_freqs: fn(missing('wlgrade_madeup_flood', { within: 'numpy' })),
      get_weighted_loss: fn(missing('wlgrade_madeup_flood', { within: 'numpy' })),
    };
    for (let i = 0; i < 80; i++) functions[`pad${i}`] = fn(missing(`wlgrade_pad${i}_${'x'.repeat(2000)}`.slice(0, 2000), { within: 'numpy' }));
    const vetted = await vetImportClaims(outcome({ ok: true, functions, imports: [], notes: [], weights: [] }), 'python3', 'process', GRADED);
    const load = vetted.load as Extract<RunOutcome['load'], { ok: true }>;
    expect(load.functions.compute_class_freqs!.missing).toEqual(missing('wlgrade_madeup_flood'));
    expect(load.functions.get_weighted_loss!.missing).toEqual(missing('wlgrade_madeup_flood'));
  });

  it('a check that gives no answer drops the run\'s "stdlib" and "within": an unchecked claim never makes a missing module the machine\'s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-facts-unread-'));
    try {
      // A Python whose check ends in failure (as one that cannot start, or runs out of time, does).
      const python = join(dir, 'python-failing');
      await writeFile(python, '#!/bin/sh\nexit 1\n');
      await chmod(python, 0o755);
      const load = (e: ErrorInfo) => outcome({ ok: false, error: e, imports: [] });
      const within = await vetImportClaims(load(missing('wlgrade_madeup_u', { within: 'numpy' })), python, 'process', GRADED);
      expect(within.load).toEqual(load(missing('wlgrade_madeup_u')).load);
      const stdlib = await vetImportClaims(load(missing('wlgrade_madeup_v', { stdlib: true })), python, 'process', GRADED);
      expect(stdlib.load).toEqual(load(missing('wlgrade_madeup_v')).load);
    } finally {
      await removeTree(dir);
    }
  });

  it("a check that dies in a claimed package's import still says which modules this Python has: a forged \"numpy is missing\" beside it is the file's", async () => {
    // A package whose import ends its process (TensorFlow built for a CPU with AVX on one without
    // dies of SIGILL; a broken binary wheel, of SIGSEGV): the check printed nothing, every claim
    // was unread, and "numpy, not installed" (which numpy is) read as the machine's, IMPORT_ERROR,
    // blank on every run (red team 31). Here the check's every package import ends it so.
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-facts-dies-'));
    try {
      const python = join(dir, 'python-dying-import');
      const patch = 'import importlib, os, runpy, sys; importlib.import_module = lambda name, package=None: os._exit(132); sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")';
      await writeFile(python, `#!/bin/sh\nexec python3 -c '${patch}' "$@"\n`);
      await chmod(python, 0o755);
      const functions = { compute_class_freqs: fn(missing('numpy')), get_weighted_loss: fn(missing('wlgrade_madeup_dies', { within: 'numpy' })) };
      const vetted = await vetImportClaims(outcome({ ok: true, functions, imports: [], notes: [], weights: [] }), python, 'process', GRADED);
      const load = vetted.load as Extract<RunOutcome['load'], { ok: true }>;
      expect(load.functions.compute_class_freqs!.missing).toEqual(missing('numpy', { here: true }));
      expect(load.functions.get_weighted_loss!.missing).toEqual(missing('wlgrade_madeup_dies'));
    } finally {
      await removeTree(dir);
    }
  });
});
