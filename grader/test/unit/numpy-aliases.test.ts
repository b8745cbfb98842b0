/**
 * The runner puts back the removed NumPy names of runner._NUMPY_ALIASES, and the grader's notes word
 * each name a file uses from NUMPY_ALIASES (numpy-aliases.ts): a name only one side knows is put back
 * without a note, or told to the learner without being put back. The two tables list the same names.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NUMPY_ALIASES } from '../../src/numpy-aliases.js';
import { PYTHON_DIR } from '../../src/paths.js';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';

describe('NUMPY_ALIASES and runner._NUMPY_ALIASES', () => {
  it('list the same names', () => {
    const code = 'import json, runner\nprint(json.dumps(sorted(runner._NUMPY_ALIASES)))';
    const runner = JSON.parse(execFileSync(PY, ['-c', code], { cwd: PYTHON_DIR, encoding: 'utf8' })) as string[];
    expect(runner.length).toBeGreaterThan(0);
    expect(Object.keys(NUMPY_ALIASES).sort()).toEqual(runner);
  });
});
