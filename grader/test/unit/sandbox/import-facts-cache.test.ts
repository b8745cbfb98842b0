/**
 * vetImportClaims (sandbox/import-facts.ts) reads each claim's facts once per Python and sandbox: a
 * cohort where 200 learners import the same missing package pays one Python start (and one import
 * of a claimed dependency's package), not 200. Starts are counted by a wrapper that logs each one.
 */
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../src/schema/protocol.js';
import { vetImportClaims } from '../../../src/sandbox/import-facts.js';

/** The graded functions' Python names (grade-suite.ts PYTHON_NAME). */
const GRADED = ['compute_class_freqs', 'get_weighted_loss'];
import { removeTree } from '../../../src/sandbox/remove-tree.js';
import type { RunOutcome } from '../../../src/sandbox/run-submission.js';

const missing = (module: string): ErrorInfo => ({ type: 'ModuleNotFoundError', message: `No module named '${module}'`, traceback: '', module });
const outcome = (load: RunOutcome['load']): RunOutcome => ({ load, calls: {}, stdout: '', stderr: '', outputTruncated: false, ms: 0, sandbox: 'process', python: null });
const loadError = (module: string) => outcome({ ok: false, error: missing(module), imports: [] });
const fn = (m?: ErrorInfo) => ({ ...(m ? { missing: m } : {}) }) as unknown as Extract<RunOutcome['load'], { ok: true }>['functions'][string];

describe('vetImportClaims', () => {
  it('starts Python once for the same claims under the same Python and sandbox, at once or one after the other, and again for a new claim', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-facts-cache-'));
    try {
      const log = join(dir, 'starts');
      const python = join(dir, 'python-logged');
      await writeFile(python, `#!/bin/sh\necho start >> '${log}'\nexec python3 "$@"\n`);
      await chmod(python, 0o755);
      const starts = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

      // Two learners graded at the same time (--jobs 2), then a third: the same missing module.
      const [a, b] = await Promise.all([vetImportClaims(loadError('wlgrade_madeup_y'), python, 'process', GRADED), vetImportClaims(loadError('wlgrade_madeup_y'), python, 'process', GRADED)]);
      const c = await vetImportClaims(loadError('wlgrade_madeup_y'), python, 'process', GRADED);
      expect(await starts()).toBe(1);
      // numpy is here: the file's own doing (`here`), read once and told to all three.
      const [d, e] = await Promise.all([vetImportClaims(loadError('numpy'), python, 'process', GRADED), vetImportClaims(loadError('numpy'), python, 'process', GRADED)]);
      expect(await starts()).toBe(2);
      expect([a.load, b.load, c.load]).toEqual([loadError('wlgrade_madeup_y').load, loadError('wlgrade_madeup_y').load, loadError('wlgrade_madeup_y').load]);
      expect([d.load, e.load]).toEqual([0, 1].map(() => ({ ok: false, error: { ...missing('numpy'), here: true }, imports: [] })));

      // A file whose graded functions miss the same module, and one already read: no new start.
      const both = outcome({ ok: true, functions: { compute_class_freqs: fn(missing('wlgrade_madeup_y')), get_weighted_loss: fn(missing('numpy')), h: fn() }, imports: [], notes: [], weights: [] });
      const vetted = await vetImportClaims(both, python, 'process', GRADED);
      expect(await starts()).toBe(2);
      expect(vetted.load).toEqual({ ...both.load, functions: { compute_class_freqs: fn(missing('wlgrade_madeup_y')), get_weighted_loss: fn({ ...missing('numpy'), here: true }), h: fn() } });
    } finally {
      await removeTree(dir);
    }
  });
});
