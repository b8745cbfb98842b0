/**
 * One submission, end to end: resolve the file, run it in the sandbox, grade the outcome.
 * Shared by `check`, `grade` and `gradescope`.
 */
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { GraderError } from './errors.js';
import { escapeLineBreaks as oneLine } from './report/escape.js';
import { callsFor, gradeSuite } from './grade/grade-suite.js';
import type { GradeReport } from './schema/report.js';
import type { Limits, SandboxMode } from './sandbox/policy.js';
import { runSubmission as defaultRun, type RunSubmission, type Submission } from './sandbox/run-submission.js';
import type { Suite } from './suite/load-suite.js';

export interface GradeOptions {
  python: string;
  sandbox: SandboxMode;
  limits: Limits;
  keras: 'shim' | 'real';
  version: string;
  learner?: string;
  /** The name the learner knows the file by (defaults to its base name). */
  displayName?: string;
  /**
   * Run the hidden cases in a sandbox of their own, after the public ones: for a platform that
   * shows the public cases and the overall output at once and the hidden cases later
   * (Gradescope). Learner code can read the inputs of every call of its run and quote them in an
   * exception message; with this, what the learner sees at once comes from a run that never had
   * the hidden inputs. The load's problems and notes are the public run's.
   */
  separateHidden?: boolean;
  /** Which of the learner's files this is and which were passed over, when they handed in several. */
  choiceNote?: string;
}

/**
 * The largest file graded. A learner's Python is kilobytes; a notebook with its outputs (plots,
 * X-ray images) a few megabytes. Past these sizes a file is not a solution but an accident or an
 * attack: reading, hashing and sending hundreds of megabytes to the sandbox would cost a batch
 * minutes and gigabytes of memory for one learner.
 */
export const MAX_FILE_BYTES = { py: 10 * 2 ** 20, ipynb: 50 * 2 ** 20 } as const;

/** Checks the path and tells a .py file from a notebook. User errors become GraderErrors. */
export async function resolveSubmission(path: string, displayName?: string): Promise<Submission> {
  const abs = resolve(path);
  // The file's name is quoted in one-line places (the report's header, problems, the gradebook's
  // error column, Python's tracebacks): a line break in it is shown as \n, not obeyed.
  const name = oneLine(displayName ?? basename(abs));
  const shown = oneLine(path);
  let s;
  try {
    s = await stat(abs);
  } catch {
    throw new GraderError('SUBMISSION_NOT_FOUND', `Submission ${shown} does not exist. Check the path (run wlgrade from the folder that holds it, or give the full path).`);
  }
  if (s.isDirectory()) {
    throw new GraderError('SUBMISSION_INVALID', `${shown} is a directory; pass the .py or .ipynb file to grade (or use "wlgrade grade ${shown}" for a whole folder).`);
  }
  const ext = extname(abs).toLowerCase();
  if (ext !== '.py' && ext !== '.ipynb') {
    throw new GraderError('SUBMISSION_INVALID', `${shown} is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.`);
  }
  const kind = ext === '.py' ? 'py' : 'ipynb';
  if (s.size > MAX_FILE_BYTES[kind]) throw new GraderError('SUBMISSION_INVALID', tooLargeMessage(name, s.size, kind));
  return { path: abs, kind, displayName: name };
}

/** Why a file over MAX_FILE_BYTES is not graded, and what the learner can do. */
export function tooLargeMessage(name: string, size: number, kind: keyof typeof MAX_FILE_BYTES): string {
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
  const todo = kind === 'ipynb' ? "clear the notebook's outputs (Kernel → Restart & Clear Output), save, and submit it again" : 'remove the pasted data from the file and submit it again';
  return `${oneLine(name)} is ${mb(size)}; wlgrade grades .${kind} files up to ${mb(MAX_FILE_BYTES[kind])}: ${todo}.`;
}

export async function gradeSubmission(sub: Submission, suite: Suite, opts: GradeOptions, run: RunSubmission = defaultRun): Promise<GradeReport> {
  const functions = [...new Set(suite.cases.map((c) => c.function))];
  const runOpts = { python: opts.python, sandbox: opts.sandbox, limits: opts.limits, keras: opts.keras, functions };
  const calls = callsFor(suite);
  const hidden = new Set(suite.cases.filter((c) => c.visibility === 'hidden').map((c) => c.id));
  let outcome;
  if (opts.separateHidden && hidden.size > 0 && hidden.size < calls.length) {
    outcome = await run(sub, calls.filter((c) => !hidden.has(c.id)), runOpts);
    const later = await run(sub, calls.filter((c) => hidden.has(c.id)), runOpts);
    // The public run's time only: Gradescope shows it at once as execution_time, and code in the
    // hidden run could sleep a chosen number of seconds to spell out the hidden inputs there.
    outcome = { ...outcome, calls: { ...outcome.calls, ...later.calls } };
  } else {
    outcome = await run(sub, calls, runOpts);
  }
  const ctx = { submission: sub, version: opts.version, python: opts.python, ...(opts.learner !== undefined ? { learner: opts.learner } : {}) };
  const report = gradeSuite(suite, outcome, ctx);
  if (opts.choiceNote) report.notes.unshift(opts.choiceNote);
  return report;
}
