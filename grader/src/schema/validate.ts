/**
 * What `wlgrade validate --json` prints: whether a case suite is right (files parse, expected
 * values are finite and agree in float32 and float64, correct samples pass) and strong enough
 * (every known mistake is caught by a public case and named by the diagnosis). Documented in
 * docs/authoring.md, "Reading the validate table".
 */
import { z } from 'zod';
import { JsonNumberSchema, MistakeIdSchema, ToolSchema } from './report.js';
import { GradedFunctionSchema, VisibilitySchema } from './suite.js';

export const FINDING_KINDS = [
  /** A case file does not parse or a case is malformed (file:line messages). */
  'invalid-file',
  /** Two case files use the same case id. */
  'duplicate-id',
  /** A case file's cases are worth 0 points in all (points: 0 on every case). */
  'no-points',
  /** A hidden case that gives points has a public case's inputs: its expected value is one learners see. */
  'public-inputs',
  /** A case that gives points has a non-finite expected value. */
  'non-finite-expected',
  /** The reference in float32 and in float64 differ by more than the case's tolerance. */
  'float32-drift',
  /** A correct sample (manifest status "passed") fails a case, or cannot be graded. */
  'sample-failed',
  /** Some way of making a known mistake passes every public case. */
  'uncaught',
  /** A mistake is caught, but the diagnosis does not name it. */
  'unnamed',
  /** A mistake is caught and named, but no public case shows the symptom its explanation cites. */
  'unexplained',
  /** A mistake is named, but always together with another mistake the cases cannot tell apart. */
  'ambiguous',
] as const;
export const FindingKindSchema = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKindSchema>;

/** One reason the suite is not right or not strong enough; any finding makes validate exit 1. */
export const FindingSchema = z.strictObject({
  kind: FindingKindSchema,
  /** What is wrong and what to do, in one or two sentences. */
  message: z.string(),
  caseId: z.string().optional(),
  mistake: MistakeIdSchema.optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** A distance in units of a case's tolerance (atol + rtol·|expected|): below 1 passes, above fails. */
const Units = JsonNumberSchema;

export const CaseAdequacySchema = z.strictObject({
  id: z.string(),
  function: GradedFunctionSchema,
  visibility: VisibilitySchema,
  points: z.number(),
  source: z.strictObject({ file: z.string(), line: z.number().int() }),
  tolerance: z.strictObject({ rtol: z.number(), atol: z.number() }),
  /** The reference's value (float64); per-class vectors for compute_class_freqs. */
  expected: z.union([JsonNumberSchema, z.strictObject({ pos: z.array(JsonNumberSchema), neg: z.array(JsonNumberSchema) })]),
  /** |float32 reference − float64 reference| in tolerance units (worst element for vectors). */
  float32Drift: Units,
  /** Mistakes with at least one variant this case fails. */
  catches: z.array(MistakeIdSchema),
  /** Mistakes the hint names on this case, when a learner makes them. */
  names: z.array(MistakeIdSchema),
  /** The closest caught mistake: its finite value's distance from the reference, in tolerance units. */
  margin: z.strictObject({ units: z.number(), mistake: MistakeIdSchema }).nullable(),
});
export type CaseAdequacy = z.infer<typeof CaseAdequacySchema>;

export const VariantAdequacySchema = z.strictObject({
  /** How this variant differs from the correct computation, e.g. "eps: pos-only"; "" for the only variant. */
  label: z.string(),
  caughtBy: z.array(z.string()),
  /** What the diagnosis names when a learner's outputs are this variant's on every case. */
  diagnosed: z.array(MistakeIdSchema),
  /** Cases whose hint names this mistake. */
  namedBy: z.array(z.string()),
});

export const MistakeAdequacySchema = z.strictObject({
  id: MistakeIdSchema,
  function: GradedFunctionSchema,
  /** model: a computed wrong value; signature: recognised from the form of the answer. */
  kind: z.enum(['model', 'signature']),
  variants: z.array(VariantAdequacySchema),
});
export type MistakeAdequacy = z.infer<typeof MistakeAdequacySchema>;

export const SampleCheckSchema = z.strictObject({
  file: z.string(),
  /** The report's status: passed, failed, or error (could not be graded). */
  status: z.enum(['passed', 'failed', 'error']),
  passed: z.number().int(),
  total: z.number().int(),
  failedCases: z.array(z.string()),
});
export type SampleCheck = z.infer<typeof SampleCheckSchema>;

export const ValidateReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: ToolSchema,
  /** True when there is no finding. */
  ok: z.boolean(),
  files: z.array(z.strictObject({ file: z.string(), cases: z.number().int(), valid: z.boolean() })),
  findings: z.array(FindingSchema),
  /** Worth a look, but not wrong: a case that catches no mistake, a check that could not run. */
  notes: z.array(z.string()),
  cases: z.array(CaseAdequacySchema),
  mistakes: z.array(MistakeAdequacySchema),
  /** null with --no-samples. */
  samples: z.array(SampleCheckSchema).nullable(),
});
export type ValidateReport = z.infer<typeof ValidateReportSchema>;

/**
 * What `validate --json` prints when it stops before judging anything (a case file that does not
 * exist, --cases given twice, no samples in this install): the stderr sentence and its code, so a
 * script piping it into jq reads a reason (`.ok` is false), not an empty input.
 */
export const ValidateStoppedSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: ToolSchema,
  ok: z.literal(false),
  error: z.strictObject({ code: z.string(), message: z.string() }),
});
