/**
 * The YAML case-suite format (cases/*.yaml). Keys are snake_case, as the Python side of the
 * assignment spells its arguments. Documented in README.md, "Case format".
 */
import { z } from 'zod';

export const GRADED_FUNCTIONS = ['compute_class_freqs', 'weighted_loss'] as const;
export const GradedFunctionSchema = z.enum(GRADED_FUNCTIONS);

export const FloatDTypeSchema = z.enum(['float32', 'float64']);
export const LabelDTypeSchema = z.enum(['int64', 'int32', 'float32', 'float64']);
export type FloatDType = z.infer<typeof FloatDTypeSchema>;
export type LabelDType = z.infer<typeof LabelDTypeSchema>;

/** get_weighted_loss's own default epsilon, and a case's when it gives none. */
export const DEFAULT_EPSILON = 1e-7;

export const VisibilitySchema = z.enum(['public', 'hidden']);

/**
 * What the learner's functions receive: numpy arrays (the default), TensorFlow or PyTorch tensors, or
 * `auto`: tensors of the framework the submission imports (torch, then tensorflow) when it is installed,
 * numpy otherwise (Keras backend code takes numpy arrays). Beside TensorFlow tensors the weights stay
 * numpy arrays, as the course hands them; beside torch tensors they are tensors (runner.weights_framework).
 */
export const InputFrameworkSchema = z.enum(['numpy', 'tensorflow', 'torch', 'auto']);
export type InputFramework = z.infer<typeof InputFrameworkSchema>;

export const ToleranceSchema = z.strictObject({
  /** Relative tolerance, as numpy.isclose: |actual − expected| ≤ atol + rtol·|expected|. */
  rtol: z.number().min(0).max(1).default(1e-5),
  atol: z.number().min(0).max(1).default(1e-6),
});
export type Tolerance = z.infer<typeof ToleranceSchema>;

const Finite = z.number().refine(Number.isFinite, 'expected a finite number');
const MatrixSchema = z.array(z.array(Finite).min(1)).min(1);
const VectorSchema = z.array(Finite).min(1);

/** How predictions are drawn by a generator. */
export const PREDICTION_KINDS = [
  'uniform', // U(0.01, 0.99)
  'near-0-1', // within 1e-4 of 0 or 1, never exactly
  'exact-0-1', // uniform, with about a third exactly 0 or 1
  'perfect', // p = y exactly
  'worst', // p = 1 − y exactly
  'half', // 0.5 everywhere
  'confident', // 0.9–0.999 on the right side
] as const;
export const PredictionKindSchema = z.enum(PREDICTION_KINDS);

export const PredictionsSchema = z.union([
  PredictionKindSchema,
  z.strictObject({ constant: z.number().min(0).max(1) }),
]);

export const WeightsSpecSchema = z.union([
  /** The course convention: pos_weights = negative frequencies, neg_weights = positive ones. */
  z.literal('frequencies'),
  /** Hand-chosen-looking weights drawn from the seed, unrelated to the frequencies. */
  z.literal('random'),
  z.strictObject({ pos: VectorSchema, neg: VectorSchema }),
]);

export const GenerateSchema = z.strictObject({
  seed: z.number().int().min(0),
  /** [N, C]: examples × classes. */
  shape: z.tuple([z.number().int().min(1).max(100_000), z.number().int().min(1).max(1_000)]),
  /** Probability that a label is 1: one number for all classes, or one per class. */
  positive_rate: z.union([z.number().min(0).max(1), z.array(z.number().min(0).max(1)).min(1)]).default(0.5),
  predictions: PredictionsSchema.default('uniform'),
  weights: WeightsSpecSchema.default('frequencies'),
});
export type Generate = z.infer<typeof GenerateSchema>;

export const CaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"'),
  function: GradedFunctionSchema,
  description: z.string().optional(),
  tags: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
  points: z.number().min(0).optional(),
  visibility: VisibilitySchema.optional(),
  /** dtype of predictions and weights (and of labels unless label_dtype says otherwise). */
  dtype: FloatDTypeSchema.optional(),
  label_dtype: LabelDTypeSchema.optional(),
  epsilon: z.number().min(0).max(10).default(DEFAULT_EPSILON),
  /** How epsilon reaches get_weighted_loss: third positional argument, keyword, or left to its default. */
  epsilon_arg: z.enum(['positional', 'keyword', 'omitted']).default('positional'),
  labels: MatrixSchema.optional(),
  y_true: MatrixSchema.optional(),
  y_pred: z.union([MatrixSchema, z.strictObject({ constant: z.number().min(0).max(1) })]).optional(),
  pos_weights: VectorSchema.optional(),
  neg_weights: VectorSchema.optional(),
  generate: GenerateSchema.optional(),
  tolerance: ToleranceSchema.partial().optional(),
  /** Shown to the learner when the case fails, before the numbers. */
  message: z.string().optional(),
  /** Overrides the suite's `framework` for this case. */
  framework: InputFrameworkSchema.optional(),
});
export type CaseSpec = z.infer<typeof CaseSchema>;

export const SuiteSchema = z.strictObject({
  /** Names the suite in reports; defaults to the file name. */
  suite: z.string().optional(),
  description: z.string().optional(),
  visibility: VisibilitySchema.default('public'),
  /** What every case's inputs are (numpy arrays unless a case says otherwise; left unset, code
   * written for PyTorch gets torch tensors when numpy arrays make it raise). */
  framework: InputFrameworkSchema.optional(),
  /**
   * The course's helper modules that learners' files import from the course's workspace (util,
   * public_tests, w1_unittest), by import name. One a graded function needs that the grading Python
   * lacks leaves the file blank (IMPORT_ERROR: staff install it, then grade with --force) instead of
   * counting 0 as a module no grading machine has.
   */
  helpers: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'expected a module name such as util or public_tests (letters, digits and _, not starting with a digit)')).max(100).optional(),
  defaults: z
    .strictObject({
      points: z.number().min(0).default(1),
      dtype: FloatDTypeSchema.default('float64'),
      tolerance: ToleranceSchema.prefault({}),
    })
    .prefault({}),
  cases: z.array(CaseSchema).min(1),
});
export type SuiteFile = z.infer<typeof SuiteSchema>;
