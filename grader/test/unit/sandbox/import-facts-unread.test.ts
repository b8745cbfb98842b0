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
});
