/** Content hashes for the batch's skip logic: same file + same suite + same wlgrade + same settings = same result. */
import { createHash } from 'node:crypto';
import type { RunOptions } from '../sandbox/run-submission.js';
import type { Suite } from '../suite/load-suite.js';

/** The hash of a learner's file, from its bytes (read once: readRegularFileSync). */
export function hashBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * One hash over the parsed suite: its names and cases, in order (order decides case order), each
 * case with its concrete inputs, points, tolerance and wording, but not where it is written
 * (`source`: file name and line). A comment or a blank line added to a case file, or the same files
 * given from another folder, no longer regrades every learner; a change to anything a case grades
 * with does. The lines that moved are put right in the reports reused (runBatch's `sources`).
 */
export function hashSuite(suite: Suite): string {
  const cases = suite.cases.map(({ source: _source, ...graded }) => graded);
  return createHash('sha256').update(JSON.stringify({ names: suite.names, cases })).digest('hex');
}

/**
 * The grading settings that can change a report (the run's options: the Python, the sandbox, the
 * limits, the Keras mode), hashed. Only these: a GradeOptions passed here also holds the report's
 * (the version, hashed apart). Named one by one, in the order hashed (the same input, the same
 * hash, or every learner is graded again): an option RunOptions gains is a compile error here
 * until it is hashed too.
 */
export function settingsHash(o: Omit<RunOptions, 'functions'>): string {
  const limits = Object.fromEntries(Object.entries(o.limits).sort(([a], [b]) => (a < b ? -1 : 1)));
  // Not the Python's remembered description (pythonGuess): a run built from it counts only when this run's probe agrees.
  const hashed: Record<keyof Omit<RunOptions, 'functions' | 'pythonGuess'>, unknown> = { python: o.python, sandbox: o.sandbox, limits, keras: o.keras };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
}
