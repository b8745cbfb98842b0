/**
 * The grade report: what `wlgrade check --json` prints and what every other format is rendered
 * from. Documented in README.md, "JSON report".
 */
import { z } from 'zod';
import { MISTAKE_IDS } from '../../../reference/mistakes/ids.js';
import { fastParser } from './fast-parse.js';
import { SIBLING_FILE } from './protocol.js';
import { GradedFunctionSchema, VisibilitySchema } from './suite.js';

export const MistakeIdSchema = z.enum(MISTAKE_IDS);

/** JSON has no NaN or infinities: those are written as strings. */
export const JsonNumberSchema = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
export type JsonNumber = z.infer<typeof JsonNumberSchema>;

export function toJsonNumber(x: number): JsonNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  return x;
}

export const CaseStatusSchema = z.enum(['passed', 'failed', 'error', 'timeout']);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

/** A value as shown in reports: a number, or per-class vectors for compute_class_freqs. */
export const ShownValueSchema = z.union([
  // A number, or a string ('NaN', 'Infinity', a description): JsonNumberSchema is not listed on
  // its own, as every string it allows is a string, and a union that fails (an object tried
  // against it first) words an error for each of its options, ~half the report's validation.
  z.number(),
  z.string(),
  z.strictObject({ pos: z.array(JsonNumberSchema), neg: z.array(JsonNumberSchema) }),
]);

export const CaseResultSchema = z.strictObject({
  id: z.string(),
  function: GradedFunctionSchema,
  suite: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  visibility: VisibilitySchema,
  status: CaseStatusSchema,
  points: z.number(),
  maxPoints: z.number(),
  /** One paragraph for the learner: what went wrong on this case, with the numbers. */
  message: z.string(),
  expected: ShownValueSchema.optional(),
  /** What the learner returned; a vector longer than 100 values keeps its first 100. */
  actual: ShownValueSchema.optional(),
  /** Mistakes whose model reproduces the learner's value on this case. */
  mistakes: z.array(MistakeIdSchema),
  notes: z.array(z.string()),
  /** Where the learner's code raised, when it did. */
  location: z.strictObject({ line: z.number().int().optional(), cell: z.number().int().optional() }).optional(),
  ms: z.number().optional(),
  source: z.strictObject({ file: z.string(), line: z.number().int() }),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

export const MistakeReportSchema = z.strictObject({
  id: MistakeIdSchema,
  /** What the learner did and the evidence, in one paragraph. */
  message: z.string(),
  evidence: z.string(),
  fix: z.string(),
  cases: z.array(z.string()),
  /** "full": explains every case of its function; "partial": explains some failures only. */
  confidence: z.enum(['full', 'partial']),
  /**
   * Where in the source: for a mistake read from the code (weights-not-inverted), or the line a
   * named mistake's fix changes when the source pins it (grade/sites.ts), with that line's text;
   * `lines`, when the fix changes 2-3 lines (both logs without epsilon), every one with its text,
   * in order, the first being `line` (all in `cell`).
   */
  location: z
    .strictObject({
      line: z.number().int().optional(),
      cell: z.number().int().optional(),
      text: z.string().optional(),
      /** A notebook saved as .py: the cell its markers put the line in ("cell In [3]", "cell 4"). */
      cellMark: z.string().regex(/^cell (?:In \[\d+\]|\d+)$/).optional(),
      /** A line of one of the learner's modules beside the file (a graded function it defines), by its file name (`helpers.py`); absent: the graded file's. */
      file: z.string().regex(SIBLING_FILE).optional(),
      lines: z.array(z.strictObject({ line: z.number().int(), text: z.string().optional() })).min(2).max(3).optional(),
    })
    .optional(),
});
export type MistakeReport = z.infer<typeof MistakeReportSchema>;

export const PROBLEM_CODES = [
  'SYNTAX_ERROR',
  /** A module the file imports is not on this machine but a course machine can have it (a package wlgrade knows, a course helper module the case files declare (`helpers:`), Python's own): the machine's. */
  'IMPORT_ERROR',
  /** A module the file imports that no course machine has (no package wlgrade knows, an undeclared course helper module (not in the case files' `helpers:`), a file of the learner's not handed in): the learner's doing. */
  'IMPORT_UNRESOLVABLE',
  'LOAD_ERROR',
  'LOAD_TIMEOUT',
  'LOAD_CRASH',
  /** The frameworks' import (the grader's set-up) ran past its own limit before any learner code ran: the machine's problem. */
  'SETUP_TIMEOUT',
  'MISSING_FUNCTION',
  'WRONG_SIGNATURE',
  'NOTEBOOK_INVALID',
  'KERAS_UNSUPPORTED',
  /** The file's definitions alone ended Python with an exit code or wrote over the record channel: the learner's doing. */
  'DEFINITIONS_ENDED',
  /** The file did not load in time on two `grade` runs, unchanged and under the same options: the learner's doing. */
  'LOAD_TIMEOUT_AGAIN',
  /** The file's load ended its process (or timed out, then crashed) on two `grade` runs, unchanged and under the same options: the learner's doing. */
  'LOAD_CRASH_AGAIN',
  /**
   * `grade`'s row only (no report): wlgrade's runner reported an internal error grading the file, a
   * bug in wlgrade or learner code that sent the runner's record itself: not graded, graded again.
   */
  'INTERNAL_ERROR',
  /** The runner reported an internal error again on a second `grade` run of the unchanged file (after one, a crash or a time-out): the learner's doing. */
  'INTERNAL_ERROR_AGAIN',
  /**
   * `grade`'s row only (no report): the learner's file is over the size limit (10 MiB .py, 50 MiB
   * .ipynb), unread: the learner's doing, 0 (padding a failing file kept its row blank).
   */
  'FILE_TOO_LARGE',
] as const;

/** Which program wrote a JSON output, and its version: the head of every one (reports, summaries, validate's). */
export const ToolSchema = z.strictObject({ name: z.literal('wlgrade'), version: z.string() });

/** A problem with the submission as a whole (it could not be graded as handed in). */
export const ProblemSchema = z.strictObject({
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  line: z.number().int().optional(),
  cell: z.number().int().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const GradeReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: ToolSchema,
  submission: z.strictObject({ path: z.string(), displayName: z.string(), kind: z.enum(['py', 'ipynb']) }),
  learner: z.string().optional(),
  sandbox: z.enum(['bwrap', 'process']),
  python: z.strictObject({ version: z.string(), numpy: z.string() }).nullable(),
  suites: z.array(z.string()),
  score: z.number(),
  maxScore: z.number(),
  /** passed: every case passed; failed: some did not; error: the submission could not be graded as handed in. */
  status: z.enum(['passed', 'failed', 'error']),
  problems: z.array(ProblemSchema),
  /** What was run and what was left out (notebook cells, magics, unused imports). */
  notes: z.array(z.string()),
  cases: z.array(CaseResultSchema),
  mistakes: z.array(MistakeReportSchema),
  output: z.strictObject({ stdout: z.string(), stderr: z.string(), truncated: z.boolean() }),
  durationMs: z.number(),
});
export type GradeReport = z.infer<typeof GradeReportSchema>;

/**
 * GradeReportSchema.parse compiled (fast-parse.ts): the same report, or zod's own error. A batch
 * checks each report it writes, and each it reads back (a re-run's reuse, merge's shards), ~3x
 * cheaper than zod's parse (~0.17 ms a report).
 */
export const parseGradeReport = fastParser(GradeReportSchema);

/**
 * A report note that says what the code should be (the formula, epsilon's default or place): that
 * part kept apart, as a mistake's `fix` is, so `--feedback mistakes` withholds it
 * (report/feedback.ts). Shown whole, the note reads `text + fix + tail`.
 */
export interface FixedNote {
  /** The evidence: what the values show. */
  text: string;
  /** What the code should be, one or more sentences, each with its leading space. */
  fix: string;
  /** What follows the fix and is shown at every level that shows the note (how to see the case). */
  tail: string;
}

/** A note as gradeSuite words it: a sentence, or one carrying a fix apart. */
export type ReportNote = string | FixedNote;

/**
 * The report as graded, before `--feedback` chooses what is shown (report/feedback.ts withFeedback,
 * which turns it into the GradeReport every format renders): its notes may carry a fix apart.
 */
export type GradedReport = Omit<GradeReport, 'notes'> & { notes: ReportNote[] };

/**
 * What `check --json` prints when it stops before any case runs (no submission file, a bad case
 * file, no Python or numpy, no sandbox): the stderr sentence and its code, so a script piping it
 * into jq reads a reason, not an empty input. `score`/`maxScore` are 0 of the suite's points for
 * the learner's own problem (no file, not a .py or .ipynb) and null for the job's (nothing graded).
 */
export const StoppedReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: ToolSchema,
  status: z.literal('error'),
  error: z.strictObject({ code: z.string(), message: z.string() }),
  /** The submission as given on the command line ("submission" when none was). */
  file: z.string(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
});
export type StoppedReport = z.infer<typeof StoppedReportSchema>;

/**
 * What a `--json` command other than check prints when it stops with a user's error (`cases show`
 * given an id no suite has, a case file that does not parse): the stderr sentence and its code,
 * so `wlgrade cases show x --json | jq` reads the reason, not an empty input.
 */
export const CommandStoppedSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: ToolSchema,
  status: z.literal('error'),
  error: z.strictObject({ code: z.string(), message: z.string() }),
});
export type CommandStopped = z.infer<typeof CommandStoppedSchema>;
