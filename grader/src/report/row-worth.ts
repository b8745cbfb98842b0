/** What one gradebook row is worth: the one rule the batch summary and `export lms` share. */
import type { BatchRow } from '../schema/batch.js';
import type { Problem } from '../schema/report.js';

/**
 * Problems that are the learner's own doing, whoever grades the file and wherever: a file that ran
 * with only these and reached no case earned 0 (DEFINITIONS_ENDED: its definitions alone ended
 * Python with an exit code or wrote over the record channel, as they do on every run;
 * LOAD_TIMEOUT_AGAIN, LOAD_CRASH_AGAIN: it did not load on two grade runs, unchanged;
 * INTERNAL_ERROR_AGAIN: the runner reported an internal error, which learner code can send, on the
 * second of two such runs; IMPORT_UNRESOLVABLE: an import no course machine can satisfy, a made-up
 * or misspelt module, a course helper module, a file of the learner's not handed in). Not here:
 * INTERNAL_ERROR (the first: maybe a bug in wlgrade), a time-out or a crash by signal (a busy machine
 * can cause one, an OOM kill, and a re-run grades it again), a package not installed on this machine
 * (PyTorch: IMPORT_ERROR), Keras code wlgrade's shim does not cover.
 */
const LEARNERS_OWN = new Set<Problem['code']>(['SYNTAX_ERROR', 'IMPORT_UNRESOLVABLE', 'MISSING_FUNCTION', 'WRONG_SIGNATURE', 'NOTEBOOK_INVALID', 'LOAD_ERROR', 'DEFINITIONS_ENDED', 'LOAD_TIMEOUT_AGAIN', 'LOAD_CRASH_AGAIN', 'INTERNAL_ERROR_AGAIN']);

/**
 * A row's worth: `score` when cases were graded, `zero` for a file of the learner's that ran and
 * earned nothing through their own doing (a syntax error in every graded function, a misspelt
 * name or module), `ungraded` when the machine never graded it (no Python file, a time-out, a missing package).
 */
export function rowWorth(row: BatchRow): 'score' | 'zero' | 'ungraded' {
  // SETUP_TIMEOUT: the grader's import of a framework outran its limit, on the first attempt (no
  // case reached) or on one that started again after a crash (the cases left were never run): the
  // machine's doing, so the score so far is no grade, and the next \`grade\` run grades it again.
  if (row.problems?.includes('SETUP_TIMEOUT')) return 'ungraded';
  // summary.json writes a never-graded row's score as null (summarize): read back, still one.
  if (row.score === null) return 'ungraded';
  if (Object.keys(row.cases).length > 0) return 'score';
  // A file over the size limit (FILE_TOO_LARGE, a row of no report: the file is never read) is
  // handed in so on every run and on any machine: 0, as a syntax error in every graded function. Left
  // blank, a learner padded a failing file past 10 MiB to keep the LMS's grade (red team 32b).
  if (row.problems?.length === 1 && row.problems[0] === 'FILE_TOO_LARGE') return 'zero';
  const own = row.resultFile !== undefined && row.problems !== undefined && row.problems.length > 0 && row.problems.every((c) => LEARNERS_OWN.has(c));
  return own ? 'zero' : 'ungraded';
}
