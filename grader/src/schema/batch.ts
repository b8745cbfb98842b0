/**
 * What `wlgrade grade --out DIR` writes besides the per-learner GradeReports: the batch state
 * used to skip unchanged submissions on a re-run, and summary.json. Documented in docs/staff.md.
 */
import { z } from 'zod';
import { fastParser } from './fast-parse.js';
import { MistakeIdSchema, PROBLEM_CODES, ToolSchema } from './report.js';

/** One learner's line in the gradebook. `error` rows could not be graded (see `error`). */
export const BatchRowSchema = z.strictObject({
  learner: z.string().min(1),
  /** Where the graded file came from, as given on the command line (zip:entry for archives). */
  source: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  /**
   * Points of the cases passed; null for a file the machine never graded (no Python file, a
   * time-out or crash, a set-up time-out even after some cases ran: report/row-worth.ts), which
   * grades.csv and `export lms` leave blank and the statistics skip, so a script summing the
   * scores adds none for it. Summaries written before it gave those rows 0; readers still read them.
   */
  score: z.number().nullable(),
  maxScore: z.number(),
  /** Points per case id; empty for rows that never reached grading. */
  cases: z.record(z.string(), z.number()),
  mistakes: z.array(MistakeIdSchema),
  /** The one-sentence reason when the submission could not be graded (or a problem list). */
  error: z.string().optional(),
  /**
   * The codes of the report's problems (`SYNTAX_ERROR` …), when it has any: with no case graded,
   * they tell a file that ran and earned nothing (a 0 for `export lms`) from one the machine could
   * not grade. Absent for rows without a report (no Python file) and in summaries written before it.
   */
  problems: z.array(z.enum(PROBLEM_CODES)).optional(),
  /** Result file, relative to --out. */
  resultFile: z.string().optional(),
  /** True when the result was reused from an earlier run (same file, suite and wlgrade). */
  reused: z.boolean(),
  /** Why this file was picked when the learner handed in several. */
  note: z.string().optional(),
});
export type BatchRow = z.infer<typeof BatchRowSchema>;

/** summary.json: the whole batch at a glance. */
export const BatchSummarySchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: ToolSchema,
  suites: z.array(z.string()),
  suiteHash: z.string(),
  maxScore: z.number(),
  learners: z.number().int(),
  graded: z.number().int(),
  reused: z.number().int(),
  errors: z.number().int(),
  /**
   * Scores of the `graded` learners: those with cases graded, and those whose file ran and earned
   * 0 through their own doing (a syntax error, a misspelt function); not those never graded.
   */
  score: z.strictObject({ mean: z.number().nullable(), median: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() }),
  /** The `graded` learners per score, highest score first. */
  distribution: z.array(z.strictObject({ score: z.number(), learners: z.number().int() })),
  /** How many learners made each mistake, most common first, with one example learner. */
  mistakes: z.array(z.strictObject({ id: MistakeIdSchema, learners: z.number().int(), sample: z.string() })),
  /** Cases by how many learners lost points on them, most failed first. */
  cases: z.array(z.strictObject({ id: z.string(), maxPoints: z.number(), failedBy: z.number().int() })),
  /**
   * Written by `grade --shard K/N`: which slice this is, and the whole cohort it was cut from (how
   * many learners, and a hash of their sorted ids), so `merge` can tell a missing shard or a shard
   * cut from other submissions.
   */
  shard: z
    .strictObject({
      index: z.number().int().min(1),
      // As --shard takes them (pool/shard.ts parseShard): a count of 10^12 made merge build an array that long.
      count: z.number().int().min(1).max(100_000),
      cohort: z.strictObject({ learners: z.number().int().min(0), hash: z.string() }),
    })
    .refine((s) => s.index <= s.count, { message: 'shard index above the count' })
    .optional(),
  rows: z.array(BatchRowSchema),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

/** One cache entry: a result is reused only when all of these still match. */
export const BatchStateEntrySchema = z.strictObject({
  submissionHash: z.string(),
  suiteHash: z.string(),
  version: z.string(),
  /** How it was graded (Python, sandbox, limits, Keras mode), hashed; absent in states written before it existed. */
  settings: z.string().optional(),
  /** Absent for an entry of `failed`: a file whose grading met an internal error has no result. */
  resultFile: z.string().optional(),
  /**
   * The file's grading met an internal error the runner reported (a bug in wlgrade, or learner code
   * that sent the runner's record): a second one of the same file under the same options is the
   * file's (INTERNAL_ERROR_AGAIN, run-batch.ts). Absent for an entry with a result.
   */
  failed: z.literal('INTERNAL_ERROR').optional(),
  /**
   * sha256 of the result file's bytes as written for this entry: the file is reused only while it
   * still holds them. The state is written at most once a second, so a run stopped between a
   * learner's new result and its next state write left the old entry pointing at the new report.
   * Absent in states written before it existed: those results are graded again.
   */
  resultHash: z.string().optional(),
});

/**
 * Learner id -> entry, read into a Map. A learner id is whatever name a learner's file has,
 * `__proto__` and `constructor` included: an object keyed by it would set its prototype or find
 * Object.prototype's members, and z.record drops a `__proto__` key.
 */
const StateEntriesSchema = z
  .preprocess((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : v), z.array(z.tuple([z.string(), BatchStateEntrySchema])))
  .transform((pairs) => new Map(pairs));

/** `<out>/batch-state.json`, rewritten after every graded submission so an interrupted run resumes. */
export const BatchStateSchema = z.strictObject({
  schemaVersion: z.literal(1),
  entries: StateEntriesSchema,
});
export type BatchState = z.infer<typeof BatchStateSchema>;

/** BatchStateSchema.parse compiled (fast-parse.ts): the state is checked each time it is written, once a second in a batch. */
export const parseBatchState = fastParser(BatchStateSchema);
