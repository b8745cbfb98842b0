/**
 * A .py saved from a notebook (a `# %%` marker) whose every case raises on its last line, after
 * millions of lines (red team 31): the grader found each error's cell by walking every line above
 * it, once per error, in its own process (2 s an error in a 10 MiB file of 10 million lines: 50 s
 * of the grading process for 23 cases, every other learner's run waiting). The markers are read once
 * per file now. Counted in the work done (the markers' pattern tests), not in time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gradeSubmission, submissionOf } from '../../src/grade-submission.js';
import { PUBLIC_SUITE } from '../../src/paths.js';
import type { CallOutcome, RunSubmission } from '../../src/sandbox/run-submission.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/policy.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { runWith } from '../helpers/run-outcome.js';

afterEach(() => vi.restoreAllMocks());

describe("an exported notebook's cells, for errors far down a long file", () => {
  it('reads the file\'s markers once, not once per error', async () => {
    const suite = await loadSuite([PUBLIC_SUITE]);
    const lines = 20_000;
    const source = `# %%\nimport numpy as np\n${'\n'.repeat(lines)}def compute_class_freqs(labels):\n    raise ValueError('late')\n`;
    const last = source.split('\n').length - 1;
    const error = (id: string): [string, CallOutcome] => [id, { status: 'error', error: { type: 'ValueError', message: 'late', line: last, traceback: '' }, mutated: [], ms: 1 }];
    const run: RunSubmission = async () => runWith(Object.fromEntries(suite.cases.map((c) => error(c.id))));
    const tests = vi.spyOn(RegExp.prototype, 'test');
    const report = await gradeSubmission(submissionOf('/x/exported.py', 'py', Buffer.from(source)), suite, { python: 'python3', sandbox: 'process', limits: DEFAULT_LIMITS, keras: 'shim', version: 'test' }, run);
    // Each error says its cell: the one cell the marker opens.
    expect(report.cases.filter((c) => c.status === 'error').length).toBe(suite.cases.length);
    expect(JSON.stringify(report)).toContain('cell 1');
    // Once per line of the file and a little more; once per line per error was suite.cases.length times that.
    expect(suite.cases.length).toBeGreaterThan(10);
    expect(tests.mock.calls.length).toBeLessThan(3 * lines);
  });
});
