/**
 * Proves reference/loss.ts and the mistake catalogue right against independent oracles:
 * numpy (float64, float32 in four summation orders), PyTorch, TensorFlow and Keras, computed by
 * reference/oracles/make_oracles.py (see reference/oracles/README.md). The JSON is a copy kept in
 * the repository because CI clones only the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  computeClassFreqs,
  CORRECT_FREQS,
  CORRECT_LOSS,
  freqsWithSpec,
  isModelError,
  lossWithSpec,
  weightedLoss,
  type ClassFreqs,
  type FreqSpec,
  type LossInputs,
  type LossSpec,
  type Matrix,
} from '../../../../reference/loss.js';
import { MISTAKES, type MistakeId } from '../../../../reference/mistakes/index.js';
import { isClose } from '../../../src/grade/grade-case.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { weightedLossF32 } from '../../../src/validate/reference-f32.js';

const ORACLES = join(PACKAGE_ROOT, 'reference', 'oracles', 'oracles.json');

// Strict JSON: a value that is not finite is the string "NaN", "Infinity" or "-Infinity".
const Num = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).transform((v) => (typeof v === 'number' ? v : Number(v)));
const Diff = z.object({ value: Num, rel_diff: Num.nullable(), abs_diff: Num.nullable() });
const CoreCaseSchema = z.object({
  id: z.string(),
  N: z.number().int(),
  C: z.number().int(),
  dtype: z.enum(['float32', 'float64']),
  epsilon: z.number(),
  preds_kind: z.string(),
  grading_eligible: z.boolean(),
  float32_exact_inputs: z.boolean(),
  inputs: z.object({
    labels: z.array(z.array(z.number())),
    y_pred: z.array(z.array(Num)),
    pos_weights: z.array(Num),
    neg_weights: z.array(Num),
  }),
  expected: z.object({ freq_pos: z.array(Num), freq_neg: z.array(Num), loss: Num }),
  oracles: z.record(z.string(), Num.nullable()),
  disagreement: z.object({ convention_rel: z.record(z.string(), Num), torch_bce_affine_f32_rel: Num }),
  mistakes: z.record(z.string(), Diff),
  freq_checks: z.object({
    mistake_counts_instead_of_freq_max_abs: z.number(),
    mistake_swapped_max_abs: z.number(),
    mistake_axis1_shape: z.array(z.number().int()),
  }),
});
const OraclesSchema = z.object({ schema_version: z.literal(1), core_cases: z.array(CoreCaseSchema).min(1) });
type CoreCase = z.infer<typeof CoreCaseSchema>;

function loadOracles() {
  // Missing oracles must fail the run, never skip it: the proof would silently disappear.
  if (!existsSync(ORACLES)) {
    throw new Error(
      `${ORACLES} is missing. It is the copy of ../shared/oracles/oracles.json that proves the reference; restore it from git or copy it from the course's shared folder (see reference/oracles/README.md).`,
    );
  }
  return OraclesSchema.parse(JSON.parse(readFileSync(ORACLES, 'utf8')));
}

const oracles = loadOracles();
const eligible = oracles.core_cases.filter((c) => c.grading_eligible);
const DEFAULT_TOL = { rtol: 1e-5, atol: 1e-6 };

const inputsOf = (c: CoreCase): LossInputs => ({
  yTrue: c.inputs.labels,
  yPred: c.inputs.y_pred,
  posWeights: c.inputs.pos_weights,
  negWeights: c.inputs.neg_weights,
  epsilon: c.epsilon,
});

/** The oracle generator's rel_diff: |a − ref| / |ref|, with its conventions for 0 and non-finite values. */
function relDiff(a: number, ref: number): number {
  if (!Number.isFinite(ref)) return (Number.isNaN(ref) && Number.isNaN(a)) || a === ref ? 0 : Infinity;
  if (!Number.isFinite(a)) return Infinity;
  if (ref === 0) return a === 0 ? 0 : Infinity;
  return Math.abs(a - ref) / Math.abs(ref);
}

/** Equal to ~1e-12 relative; non-finite values must be the same non-finite value. */
/** The model's frequencies: a model that raises here is a failure of the oracle's inputs. */
function freqsOf(labels: Matrix, spec: FreqSpec): ClassFreqs {
  const f = freqsWithSpec(labels, spec);
  if (isModelError(f)) throw new Error(`the model raised ${f.detail}`);
  return f;
}

function expectSame(actual: number, expected: number, what: string) {
  if (!Number.isFinite(expected)) {
    expect(String(actual), what).toBe(String(expected));
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.abs(expected) + 1e-15);
}

// Independent implementations that compute the assignment's formula.
const F64_ORACLES = ['numpy_f64', 'numpy_f64_loop', 'torch_f64', 'torch_bce_affine_f64', 'tf_f64'];
const F32_ORACLES = ['numpy_f32', 'numpy_f32_loop', 'numpy_f32_sum_then_mean', 'numpy_f32_sequential', 'torch_f32', 'tf_f32'];
/**
 * Library conventions that are not the formula, or lose accuracy by construction (oracle_legend):
 * their documented distance (disagreement.convention_rel) is asserted instead of the tolerance.
 */
const CONVENTIONS = ['numpy_f64_xlogy', 'numpy_f32_one_plus_eps_minus_p', 'torch_bce_raw_f64', 'torch_bce_raw_f32', 'keras_bce_clip_f64', 'keras_bce_clip_f32'];
/** BCELoss on (p+ε)/(1+2ε) in float32 "loses accuracy near p=1": documented as disagreement.torch_bce_affine_f32_rel. */
const AFFINE_F32 = 'torch_bce_affine_f32';

describe('oracles.json', () => {
  it('holds the 61 core cases, each oracle accounted for', () => {
    expect(oracles.core_cases).toHaveLength(61);
    expect(eligible.length).toBe(58);
    const names = new Set(oracles.core_cases.flatMap((c) => Object.keys(c.oracles)));
    expect([...names].sort()).toEqual([...F64_ORACLES, ...F32_ORACLES, ...CONVENTIONS, AFFINE_F32].sort());
  });
});

describe('reference/loss.ts against the oracles', () => {
  it.each(eligible.map((c) => [c.id, c] as const))('%s: weightedLoss and computeClassFreqs equal expected', (_, c) => {
    expectSame(weightedLoss(inputsOf(c)), c.expected.loss, 'loss');
    const f = computeClassFreqs(c.inputs.labels);
    f.pos.forEach((x, i) => expectSame(x, c.expected.freq_pos[i]!, `freq_pos[${i}]`));
    f.neg.forEach((x, i) => expectSame(x, c.expected.freq_neg[i]!, `freq_neg[${i}]`));
  });

  it.each(oracles.core_cases.filter((c) => !c.grading_eligible).map((c) => [c.id, c] as const))(
    '%s (not eligible, ε = 0 at p ∈ {0, 1}): the reference is non-finite as numpy is',
    (_, c) => expectSame(lossWithSpec(inputsOf(c), CORRECT_LOSS) as number, c.expected.loss, 'loss'),
  );

  it.each(eligible.map((c) => [c.id, c] as const))('%s: every implementation of the formula is within rtol 1e-5, atol 1e-6', (_, c) => {
    const ref = weightedLoss(inputsOf(c));
    for (const k of F64_ORACLES) expect(isClose(c.oracles[k]!, ref, DEFAULT_TOL), `${k}: ${c.oracles[k]} vs ${ref}`).toBe(true);
    // float32 implementations see exactly the stored inputs only in float32 cases (the summary's
    // definition of "correct"); on float64 inputs they first round them, so they are compared
    // with the reference on the rounded inputs, which is what the grader expects of a float32 case.
    const f32Ref = c.dtype === 'float32' ? ref : weightedLoss(rounded(inputsOf(c)));
    for (const k of F32_ORACLES) expect(isClose(c.oracles[k]!, f32Ref, DEFAULT_TOL), `${k}: ${c.oracles[k]} vs ${f32Ref}`).toBe(true);
  });

  it.each(oracles.core_cases.map((c) => [c.id, c] as const))('%s: each library convention is at its documented distance from the reference', (_, c) => {
    const ref = lossWithSpec(inputsOf(c), CORRECT_LOSS) as number;
    const documentedRel: Record<string, number | undefined> = { ...c.disagreement.convention_rel, [AFFINE_F32]: c.disagreement.torch_bce_affine_f32_rel };
    for (const k of [...CONVENTIONS, AFFINE_F32]) {
      const documented = documentedRel[k];
      if (documented === undefined) continue;
      const got = relDiff(c.oracles[k]!, ref);
      if (!Number.isFinite(documented)) expect(got, k).toBe(documented);
      else expect(Math.abs(got - documented), `${k}: rel ${got} vs documented ${documented}`).toBeLessThanOrEqual(1e-9 + 1e-6 * documented);
    }
  });

  it('the conventions are what the default tolerance rejects: raw BCE and Keras clipping fail where predictions hit 0 or 1', () => {
    const outside = (k: string) =>
      eligible.filter((c) => !isClose(c.oracles[k]!, c.dtype === 'float32' ? weightedLoss(inputsOf(c)) : weightedLoss(rounded(inputsOf(c))), DEFAULT_TOL)).map((c) => c.id);
    // Raw BCE ignores ε: wrong wherever ε matters (exact 0/1, near 0/1, or ε ≥ 1e-3).
    expect(outside('torch_bce_raw_f32')).toContain('core-12');
    expect(outside('torch_bce_raw_f32')).toContain('core-44');
    // Keras clips to [1e-7, 1 − 1e-7] and ignores ε: rejected once ε ≥ 1e-3.
    expect(outside('keras_bce_clip_f64')).toEqual(expect.arrayContaining(['core-36', 'core-43', 'core-52']));
    // …but at ε = 1e-7 with uniform predictions both agree with the formula.
    expect(outside('keras_bce_clip_f64')).not.toContain('core-21');
    expect(outside('torch_bce_raw_f64')).not.toContain('core-21');
  });

  it.each(eligible.filter((c) => c.dtype === 'float32').map((c) => [c.id, c] as const))(
    '%s: the float32 reference (validate) agrees with numpy float32 within the default tolerance',
    (_, c) => {
      const v = weightedLossF32(inputsOf(c));
      expect(isClose(v, c.oracles.numpy_f32_sequential!, DEFAULT_TOL), `${v} vs ${c.oracles.numpy_f32_sequential}`).toBe(true);
      expect(isClose(v, c.expected.loss, DEFAULT_TOL), `${v} vs ${c.expected.loss}`).toBe(true);
    },
  );
});

const rounded = (i: LossInputs): LossInputs => ({
  ...i,
  yPred: i.yPred.map((r) => r.map(Math.fround)),
  posWeights: i.posWeights.map(Math.fround),
  negWeights: i.negWeights.map(Math.fround),
});

/** Oracle mistake name -> the catalogue's mistake, and which of its variants the oracle computes. */
const CORRESPONDENCE: Record<string, { id: MistakeId; variant: (s: LossSpec) => boolean }> = {
  sum_over_examples: { id: 'loss-sum-not-mean', variant: () => true },
  divide_by_C: { id: 'loss-mean-over-classes', variant: () => true },
  swapped_weights: { id: 'loss-swapped-weights', variant: () => true },
  missing_epsilon: { id: 'loss-no-epsilon', variant: (s) => s.eps === 'none' },
  epsilon_outside_log: { id: 'loss-epsilon-outside-log', variant: (s) => s.eps === 'outside' },
  log10: { id: 'loss-log-base', variant: (s) => s.logBase === '10' },
  no_negation: { id: 'loss-sign', variant: () => true },
  first_class_weights_only: { id: 'loss-first-class-weights', variant: () => true },
};

describe('the mistake catalogue against the oracles', () => {
  it('every oracle mistake has a catalogue model', () => {
    const names = new Set(oracles.core_cases.flatMap((c) => Object.keys(c.mistakes)));
    expect([...names].filter((n) => !(n in CORRESPONDENCE))).toEqual([]);
  });

  it.each(Object.entries(CORRESPONDENCE).flatMap(([name, m]) => oracles.core_cases.map((c) => [name, m.id, c.id, c, m] as const)))(
    '%s = %s on %s',
    (name, id, _, c, m) => {
      const specs = MISTAKES[id].loss!(CORRECT_LOSS, { n: c.N, c: c.C }).filter(m.variant);
      expect(specs).toHaveLength(1);
      const v = lossWithSpec(inputsOf(c), specs[0]!);
      if (isModelError(v)) throw new Error(`${id} raised ${v.detail}`);
      expectSame(v, c.mistakes[name]!.value, `${name} vs ${id}`);
    },
  );

  it.each(oracles.core_cases.map((c) => [c.id, c] as const))('%s: compute_class_freqs mistakes match the oracle checks', (_, c) => {
    const ref = computeClassFreqs(c.inputs.labels);
    const maxAbs = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
    const counts = freqsOf(c.inputs.labels, MISTAKES['freqs-counts'].freqs!(CORRECT_FREQS)[0]!);
    expectSame(maxAbs(counts.pos, ref.pos), c.freq_checks.mistake_counts_instead_of_freq_max_abs, 'counts');
    const swapped = freqsOf(c.inputs.labels, MISTAKES['freqs-swapped'].freqs!(CORRECT_FREQS)[0]!);
    expectSame(maxAbs(swapped.pos, ref.pos), c.freq_checks.mistake_swapped_max_abs, 'swapped');
    for (const s of MISTAKES['freqs-wrong-axis'].freqs!(CORRECT_FREQS)) {
      const f = freqsOf(c.inputs.labels, s);
      if (s.only === 'both') expect([f.pos.length]).toEqual(c.freq_checks.mistake_axis1_shape);
      else {
        // On the negative side only: the positives are the reference's, the negatives one per example.
        expect(maxAbs(f.pos, ref.pos)).toBe(0);
        expect([f.neg.length]).toEqual(c.freq_checks.mistake_axis1_shape);
      }
    }
  });
});
