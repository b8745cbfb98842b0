/**
 * A claim that the installed numpy lacks a name is read again outside the sandbox (import-facts.ts,
 * import_facts.py has_name). The run's record is the learner's process's word, and numpy's names are
 * decided by numpy-names.json: a forged "numpy 2.4.6 has no array" (some release had array) was
 * IMPORT_ERROR, blank on every run, whatever staff install, as red team 30's forged "within" was.
 */
import { describe, expect, it } from 'vitest';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import type { ErrorInfo } from '../../../src/schema/protocol.js';
import { vetImportClaims } from '../../../src/sandbox/import-facts.js';
import type { RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';

const GRADED = ['compute_class_freqs', 'get_weighted_loss'];
const lacks = (module: string, absent: string, more: Partial<ErrorInfo> = {}): ErrorInfo => ({ type: 'ImportError', message: `${module} (numpy 2.4.6) has no ${absent}`, line: 2, traceback: '', module, absent, ...more });
const outcome = (error: ErrorInfo): RunOutcome => ({ load: { ok: false, error, imports: [] }, calls: {}, stdout: '', stderr: '', outputTruncated: false, ms: 0, sandbox: 'process', python: null });
const vet = async (e: ErrorInfo) => {
  const load = (await vetImportClaims(outcome(e), 'python3', 'process', GRADED)).load;
  return 'error' in load ? load.error : undefined;
};

describe("vetImportClaims: a name the run says numpy lacks, read again", () => {
  it.each([
    ['from numpy import array', lacks('numpy', 'array')],
    ['from numpy.linalg import norm', lacks('numpy.linalg', 'norm')],
    ['import numpy.linalg (a submodule)', lacks('numpy', 'linalg', { submodule: true })],
    ['from numpy import typing (a submodule not yet imported)', lacks('numpy', 'typing')],
  ])('%s, which numpy has: the file\'s doing (here)', async (_what, e) => {
    expect(await vet(e)).toEqual({ ...e, here: true });
  });

  it.each([
    ['from numpy import wlgrade_madeupx', lacks('numpy', 'wlgrade_madeupx')],
    ['from numpy.random import wlgrade_madeupx', lacks('numpy.random', 'wlgrade_madeupx')],
    ['import numpy.wlgrade_madeupx', lacks('numpy', 'wlgrade_madeupx', { submodule: true })],
    // numpy.array is a function, no submodule: `import numpy.array` fails in any numpy.
    ['import numpy.array', lacks('numpy', 'array', { submodule: true })],
    ['import numpy.linalg.norm', lacks('numpy.linalg', 'norm', { submodule: true })],
  ])('%s, which numpy lacks: as the run said', async (_what, e) => {
    expect(await vet(e)).toEqual(e);
  });

  it('grades the forged claim a 0, told numpy has the name, where it was blank', async () => {
    const suite = await loadSuite([PUBLIC_SUITE]);
    const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
    const e = await vet(lacks('numpy', 'array'));
    const problems = gradeSuite(suite, outcome(e!), ctx).problems;
    expect(problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
    expect(problems[0]!.message).toBe("hw.py:2: imports array from \"numpy\", which numpy as installed for python3 has (read apart from the run): the file's own code made that import fail (a change to numpy, sys.modules or the import system). Import it as it is installed: remove what replaces or hides it.");
  });
});
