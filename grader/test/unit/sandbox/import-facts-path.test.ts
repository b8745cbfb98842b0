/**
 * The recheck of a claimed missing module (sandbox/import-facts.ts) runs outside the sandbox: behind
 * bwrap it must read the path the sandbox shows, not the grader's. A PYTHONPATH folder that holds a
 * folder every sandbox hides (the course folder with the submissions or --out in it) is not bound
 * (bwrap.ts), so a module there is missing in the run; read on the grader's path it was "here", the
 * file's own doing (IMPORT_UNRESOLVABLE, a 0) instead of the machine's.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../src/schema/protocol.js';
import { vetImportClaims } from '../../../src/sandbox/import-facts.js';

/** The graded functions' Python names (grade-suite.ts PYTHON_NAME). */
const GRADED = ['compute_class_freqs', 'get_weighted_loss'];
import { hideFromSandboxes } from '../../../src/sandbox/launch.js';
import { removeTree } from '../../../src/sandbox/remove-tree.js';
import type { RunOutcome } from '../../../src/sandbox/run-submission.js';

const missing = (module: string): ErrorInfo => ({ type: 'ModuleNotFoundError', message: `No module named '${module}'`, traceback: '', module });
const loadError = (module: string): RunOutcome => ({ load: { ok: false, error: missing(module), imports: [] }, calls: {}, stdout: '', stderr: '', outputTruncated: false, ms: 0, sandbox: 'bwrap', python: null });

const before = process.env.PYTHONPATH;
afterEach(() => {
  if (before === undefined) delete process.env.PYTHONPATH;
  else process.env.PYTHONPATH = before;
});

describe('vetImportClaims behind bwrap', () => {
  it('does not read a module on a PYTHONPATH folder the sandbox leaves out as here; one the sandbox shows, and process mode, still are', async () => {
    const root = await mkdtemp(join(tmpdir(), 'wlgrade-facts-path-'));
    try {
      // The course folder, on PYTHONPATH, with a helper module and the grade run's --out in it.
      const course = join(root, 'course');
      const shown = join(root, 'libs');
      await mkdir(join(course, 'out'), { recursive: true });
      await mkdir(shown);
      await writeFile(join(course, 'wlgrade_course_helper_p.py'), 'X = 1\n');
      await writeFile(join(shown, 'wlgrade_shown_helper_p.py'), 'X = 1\n');
      hideFromSandboxes([join(course, 'out')]);
      process.env.PYTHONPATH = [course, shown].join(':');

      const hidden = await vetImportClaims(loadError('wlgrade_course_helper_p'), 'python3', 'bwrap', GRADED);
      expect(hidden.load).toEqual({ ok: false, error: missing('wlgrade_course_helper_p'), imports: [] });
      const bound = await vetImportClaims(loadError('wlgrade_shown_helper_p'), 'python3', 'bwrap', GRADED);
      expect(bound.load).toEqual({ ok: false, error: { ...missing('wlgrade_shown_helper_p'), here: true }, imports: [] });
      // Process mode has no mounts: the run itself saw the course folder.
      const plain = await vetImportClaims({ ...loadError('wlgrade_course_helper_p'), sandbox: 'process' }, 'python3', 'process', GRADED);
      expect(plain.load).toEqual({ ok: false, error: { ...missing('wlgrade_course_helper_p'), here: true }, imports: [] });
    } finally {
      await removeTree(root);
    }
  });
});
