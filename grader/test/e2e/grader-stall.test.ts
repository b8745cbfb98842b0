/**
 * A grader that stalls (a huge report being built, a long GC) must not turn a call that answered
 * during the stall into a timeout: Node runs expired timers before it reads the pipes, so the
 * call timer acts only after the pipes have been read (run-submission.ts, afterReads).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { gradeSubmission, resolveSubmission } from '../../src/grade-submission.js';
import { PACKAGE_ROOT, PUBLIC_SUITE } from '../../src/paths.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/policy.js';
import { loadSuite } from '../../src/suite/load-suite.js';

it('a call that answered while the grader was stalled is not a timeout', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-stall-'));
  const correct = await readFile(join(PACKAGE_ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
  // Every call takes 0.3 s, so some call is always running (its timer armed) when the stall starts.
  const path = join(dir, 'slow.py');
  await writeFile(
    path,
    `${correct}\nimport time\n_f, _g = compute_class_freqs, get_weighted_loss\ndef compute_class_freqs(labels):\n    time.sleep(0.3)\n    return _f(labels)\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    inner = _g(pos_weights, neg_weights, epsilon)\n    def weighted_loss(y_true, y_pred):\n        time.sleep(0.3)\n        return inner(y_true, y_pred)\n    return weighted_loss\n`,
  );
  const suite = await loadSuite([PUBLIC_SUITE]);
  const limits = { ...DEFAULT_LIMITS, callMs: 1_500 };
  const graded = gradeSubmission(await resolveSubmission(path), suite, { python: process.env.WLGRADE_PYTHON ?? 'python3', sandbox: 'process', limits, keras: 'shim', version: 'test' });
  // The stall: 3 s of a busy event loop, longer than a call's limit, while calls answer. It runs
  // from a setImmediate, as a stall in an I/O callback would: the next turn of the loop then
  // starts with the timers (a stall inside a timer callback is not seen by the timers of that
  // same turn, which use the turn's start time).
  await new Promise((r) => setTimeout(r, 2_500));
  await new Promise((r) => setImmediate(r));
  const end = Date.now() + 3_000;
  while (Date.now() < end) {
    // busy
  }
  const report = await graded;
  expect(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  await rm(dir, { recursive: true, force: true });
}, 60_000);
