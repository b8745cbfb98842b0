/**
 * Mutation adequacy of a case suite: for every known mistake (reference/mistakes/), which cases
 * catch it and which hints name it. Pure.
 *
 * A mistake model is run on every case as if a learner had written it: its value is graded like
 * a learner's (caught = differs from the reference beyond the case's tolerance, is not finite, or
 * raises), then the diagnosis (grade/diagnose.ts) is run on those outputs to see whether the hint
 * names the mistake. Signature mistakes (recognised from the form of the answer, not its value)
 * are graded from the obvious synthetic outcome: a per-class array for loss-not-scalar, the
 * right value with a mutated input for the *-mutates-input ones.
 *
 * A mistake with several variants (several ways of making it) is judged per variant: a learner
 * makes one of them. Variants that depend on the case's shape (a hard-coded class count) are
 * collected over every case's shape and each is evaluated on every case.
 */
import {
  CORRECT_FREQS,
  CORRECT_LOSS,
  freqsWithSpec,
  isModelError,
  lossWithSpec,
  weightedLoss,
  type ClassFreqs,
  type FreqSpec,
  type LossSpec,
} from '../../../reference/loss.js';
import { MISTAKES, type Evidence, type Mistake, type MistakeId } from '../../../reference/mistakes/index.js';
import { diagnose, type DiagnosisInput } from '../grade/diagnose.js';
import { fixedDenominators, type Observed } from '../grade/fixed-denominator.js';
import { caseShape, gradeCase, hasExactZeroOne, isClose, type Expected, type Observation } from '../grade/grade-case.js';
import { expectedFor } from '../grade/grade-suite.js';
import { sameResult, type Answered } from '../grade/same-result.js';
import { roundedLoss } from '../grade/rounded-loss.js';
import type { CallOutcome } from '../sandbox/run-submission.js';
import type { CaseAdequacy, Finding, MistakeAdequacy } from '../schema/validate.js';
import type { Case, Suite } from '../suite/load-suite.js';

/** What a mistake model produces on one case. */
type ModelOutcome = { kind: 'loss'; value: number } | { kind: 'freqs'; value: ClassFreqs } | { kind: 'error'; detail: string };

interface Variant {
  label: string;
  run: (c: Case) => ModelOutcome;
}

export interface Adequacy {
  mistakes: MistakeAdequacy[];
  /** Per case id: the mistakes it catches, names, and its closest caught mistake. */
  perCase: Map<string, Pick<CaseAdequacy, 'catches' | 'names' | 'margin'>>;
  findings: Finding[];
  notes: string[];
}

/** "eps: pos-only, classes: first 3": how a spec differs from the correct one. */
function labelOf<T extends object>(spec: T, correct: T): string {
  const parts: string[] = [];
  for (const k of Object.keys(correct) as (keyof T)[]) {
    const a = spec[k];
    if (JSON.stringify(a) === JSON.stringify(correct[k])) continue;
    const shown = typeof a === 'object' && a !== null ? Object.values(a).join(' ') : String(a);
    parts.push(`${String(k)}: ${shown}`);
  }
  return parts.join(', ');
}

function lossVariants(m: Mistake, cases: Case[]): Variant[] {
  const specs = new Map<string, LossSpec>();
  for (const c of cases) if (c.inputs.fn === 'weighted_loss') for (const s of m.loss!(CORRECT_LOSS, caseShape(c))) specs.set(JSON.stringify(s), s);
  return [...specs.values()].map((s) => ({
    label: labelOf(s, CORRECT_LOSS),
    run: (c) => {
      if (c.inputs.fn !== 'weighted_loss') throw new Error('loss model on a compute_class_freqs case');
      const v = lossWithSpec(c.inputs, s);
      return isModelError(v) ? { kind: 'error', detail: v.detail } : { kind: 'loss', value: v };
    },
  }));
}

function freqVariants(m: Mistake, cases: Case[]): Variant[] {
  const specs = new Map<string, FreqSpec>();
  for (const c of cases) if (c.inputs.fn === 'compute_class_freqs') for (const s of m.freqs!(CORRECT_FREQS, caseShape(c))) specs.set(JSON.stringify(s), s);
  return [...specs.values()].map((s) => ({
    label: labelOf(s, CORRECT_FREQS),
    run: (c) => {
      if (c.inputs.fn !== 'compute_class_freqs') throw new Error('freqs model on a weighted_loss case');
      const v = freqsWithSpec(c.inputs.labels, s);
      return isModelError(v) ? { kind: 'error', detail: v.detail } : { kind: 'freqs', value: v };
    },
  }));
}

/** The distance of `actual` from `expected` in units of the case's tolerance. */
export function toleranceUnits(actual: number, expected: number, c: Case): number {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected ? 0 : Infinity;
  return Math.abs(actual - expected) / (c.tolerance.atol + c.tolerance.rtol * Math.abs(expected));
}

/** Worst element's distance; Infinity when the lengths differ. */
export function vectorUnits(actual: ClassFreqs, expected: ClassFreqs, c: Case): number {
  if (actual.pos.length !== expected.pos.length || actual.neg.length !== expected.neg.length) return Infinity;
  const d = (a: number[], b: number[]) => a.map((x, i) => toleranceUnits(x, b[i]!, c));
  return Math.max(0, ...d(actual.pos, expected.pos), ...d(actual.neg, expected.neg));
}

function isCaught(o: ModelOutcome, expected: Expected, c: Case): boolean {
  if (o.kind === 'error') return true;
  if (o.kind === 'loss' && expected.fn === 'weighted_loss') return !isClose(o.value, expected.loss, c.tolerance);
  if (o.kind === 'freqs' && expected.fn === 'compute_class_freqs') {
    const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => isClose(x, b[i]!, c.tolerance));
    return !(same(o.value.pos, expected.freqs.pos) && same(o.value.neg, expected.freqs.neg));
  }
  return true;
}

/** A finite distance in tolerance units, for the margin; null for errors and non-finite values. */
function gapOf(o: ModelOutcome, expected: Expected, c: Case): number | null {
  let u: number | null = null;
  if (o.kind === 'loss' && expected.fn === 'weighted_loss') u = toleranceUnits(o.value, expected.loss, c);
  if (o.kind === 'freqs' && expected.fn === 'compute_class_freqs') u = vectorUnits(o.value, expected.freqs, c);
  return u !== null && Number.isFinite(u) ? u : null;
}

function observationOf(o: ModelOutcome): Observation {
  if (o.kind === 'error') return { kind: 'error', type: 'IndexError', message: o.detail };
  if (o.kind === 'loss') return { kind: 'scalar', value: o.value };
  return { kind: 'freqs', pos: o.value.pos, neg: o.value.neg };
}

const num = (x: number) => ({ kind: 'number' as const, pytype: 'float', value: Number.isFinite(x) ? x : String(x) === 'NaN' ? ('NaN' as const) : x > 0 ? ('Infinity' as const) : ('-Infinity' as const) });
const arr = (v: number[]) => ({ kind: 'array' as const, pytype: 'ndarray', dtype: 'float64', shape: [v.length], values: v.map((x) => num(x).value) });

/** The synthetic outcome of a signature mistake on a case, or undefined when there is none. */
const SIGNATURES: Partial<Record<MistakeId, (c: Case, e: Expected) => CallOutcome>> = {
  'loss-not-scalar': (c) => {
    if (c.inputs.fn !== 'weighted_loss') throw new Error('loss-not-scalar on a freqs case');
    const inputs = c.inputs;
    // The per-class losses, unsummed: np.mean(..., axis=0) without the np.sum.
    const perClass = inputs.posWeights.map((_, k) =>
      weightedLoss({
        yTrue: inputs.yTrue.map((r) => [r[k]!]),
        yPred: inputs.yPred.map((r) => [r[k]!]),
        posWeights: [inputs.posWeights[k]!],
        negWeights: [inputs.negWeights[k]!],
        epsilon: inputs.epsilon,
      }),
    );
    return { status: 'ok', value: arr(perClass), mutated: [], ms: 0 };
  },
  // The common way to make it: y_pred[i] (a row, C values) next to y_true[:, i] (N values), as numpy runs it.
  'loss-mixed-indexing': (c) => {
    if (c.inputs.fn !== 'weighted_loss') throw new Error('loss-mixed-indexing on a freqs case');
    const { yTrue, yPred, posWeights, negWeights, epsilon } = c.inputs;
    const n = yTrue.length;
    const k = posWeights.length;
    const error = (type: string, message: string): CallOutcome => ({ status: 'error', error: { type, message, traceback: '' }, mutated: [], ms: 0 });
    if (n !== k && n > 1 && k > 1) return error('ValueError', `operands could not be broadcast together with shapes (${n},) (${k},) `);
    let loss = 0;
    for (let i = 0; i < k; i++) {
      if (i >= n) return error('IndexError', `index ${i} is out of bounds for axis 0 with size ${n}`);
      const row = yPred[i]!;
      const len = Math.max(n, row.length);
      let sum = 0;
      for (let j = 0; j < len; j++) {
        const y = yTrue[n === 1 ? 0 : j]![i]!;
        const p = row[row.length === 1 ? 0 : j]!;
        sum += -(posWeights[i]! * y * Math.log(p + epsilon) + negWeights[i]! * (1 - y) * Math.log(1 - p + epsilon));
      }
      loss += sum / len;
    }
    return { status: 'ok', value: num(loss), mutated: [], ms: 0 };
  },
  // y_true cast to float64 next to y_pred as given: TensorFlow refuses the float32 cases (as it
  // would the float32 tensors Keras passes) and computes the float64 ones. (One input cast to
  // float32 is no mistake: the float64 cases run again as float32, runner.run_call_as_keras.)
  'loss-mixed-dtypes': (c, e) =>
    c.dtype === 'float64'
      ? { status: 'ok', value: num(e.fn === 'weighted_loss' ? e.loss : NaN), mutated: [], ms: 0 }
      : {
          status: 'error',
          error: { type: 'InvalidArgumentError', message: 'cannot compute Mul as input #1(zero-based) was expected to be a float tensor but is a double tensor [Op:Mul] name: ', traceback: '' },
          mutated: [],
          ms: 0,
        },
  // The mean over the examples written as a division by 4, the course example's N: the expected loss times N / 4.
  'loss-hardcoded-examples': (c, e) => {
    const n = c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue.length : 0;
    return { status: 'ok', value: num(e.fn === 'weighted_loss' ? (e.loss * n) / 4 : NaN), mutated: [], ms: 0 };
  },
  // The same answer on every case: the course notebook's expected loss, and frequencies worked out once.
  'loss-ignores-inputs': () => ({ status: 'ok', value: num(-0.4956203), mutated: [], ms: 0 }),
  'freqs-ignores-inputs': () => ({ status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr([0.25, 0.5, 0.75]), arr([0.75, 0.5, 0.25])] }, mutated: [], ms: 0 }),
  // return round(float(loss), 3): the expected loss to 3 decimals (Python's round, correctly rounded).
  'loss-rounded': (_, e) => ({ status: 'ok', value: num(e.fn === 'weighted_loss' ? Number(e.loss.toFixed(3)) : NaN), mutated: [], ms: 0 }),
  'loss-mutates-input': (_, e) => ({ status: 'ok', value: num(e.fn === 'weighted_loss' ? e.loss : NaN), mutated: ['y_pred'], ms: 0 }),
  // np.mean(labels, axis=0, keepdims=True): the right values, each side shaped (1, C).
  'freqs-keepdims': (_, e) => {
    const f = e.fn === 'compute_class_freqs' ? e.freqs : { pos: [], neg: [] };
    const row = (v: number[]) => ({ ...arr(v), shape: [1, v.length] });
    return { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [row(f.pos), row(f.neg)] }, mutated: [], ms: 0 };
  },
  'freqs-mutates-input': (_, e) => {
    const f = e.fn === 'compute_class_freqs' ? e.freqs : { pos: [], neg: [] };
    return { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(f.pos), arr(f.neg)] }, mutated: ['labels'], ms: 0 };
  },
};

/** What a case needs for a mistake's explain() to apply, for the finding's message. */
const SYMPTOMS: Partial<Record<MistakeId, string>> = {
  'loss-no-epsilon': 'predictions of exactly 0 or 1 at epsilon = 1e-7, where a missing epsilon makes the loss inf or NaN',
  'loss-epsilon-ignored': 'epsilon other than 1e-7',
  'loss-clip-instead-of-epsilon': 'epsilon of 1e-3 or more',
  'loss-sum-not-mean': 'a non-zero loss, so the ratio N shows',
  'loss-mean-over-classes': 'a non-zero loss, so the ratio 1/C shows',
  'loss-sign': 'a non-zero loss, so the ratio -1 shows',
  'loss-log-base': 'a non-zero loss, so the ratio 1/ln(10) or 1/ln(2) shows',
};

/** Below this many tolerances a caught mistake is noted as caught by a thin margin. */
export const THIN_MARGIN = 2;

export function analyseAdequacy(suite: Suite): Adequacy {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const expected = new Map(suite.cases.map((c) => [c.id, expectedFor(c)]));
  const perCase = new Map(suite.cases.map((c) => [c.id, { catches: [] as MistakeId[], names: [] as MistakeId[], margin: null as CaseAdequacy['margin'] }]));
  const add = (list: MistakeId[], id: MistakeId) => {
    if (!list.includes(id)) list.push(id);
  };
  const mistakes: MistakeAdequacy[] = [];

  for (const m of Object.values(MISTAKES)) {
    // Read from the submission's own weight assignments, not from cases: no suite catches it.
    if (m.fn === 'class-weights') continue;
    const fn = m.fn;
    const cases = suite.cases.filter((c) => c.function === fn);
    if (cases.length === 0) {
      if (suite.cases.length > 0) notes.push(`${m.id}: the suite has no ${m.fn} case, so this mistake is not checked.`);
      continue;
    }
    const publicCases = cases.filter((c) => c.visibility === 'public');
    // Learners see only public cases: a mistake must be caught there. A suite of hidden cases
    // only (validated on its own) is held to being caught by any of its cases.
    const pool = new Set((publicCases.length > 0 ? publicCases : cases).map((c) => c.id));
    const where = publicCases.length > 0 ? 'public case' : 'case';

    if (!m.loss && !m.freqs) {
      const build = SIGNATURES[m.id];
      if (!build) {
        notes.push(`${m.id}: a signature mistake with no synthetic outcome in validate/adequacy.ts, so it is not checked; add one there.`);
        continue;
      }
      const caughtBy: string[] = [];
      const namedBy: string[] = [];
      const answered: Answered[] = [];
      const observed: Observed[] = [];
      for (const c of cases) {
        const outcome = build(c, expected.get(c.id)!);
        const e = expected.get(c.id)!;
        const v = gradeCase(c, outcome, e);
        answered.push({ c, outcome, expected: e, passed: v.status === 'passed' });
        observed.push({ c, observation: v.observation, expected: e, passed: v.status === 'passed' });
        if (v.status !== 'passed') {
          caughtBy.push(c.id);
          add(perCase.get(c.id)!.catches, m.id);
        }
        if (v.signatures.includes(m.id)) namedBy.push(c.id);
      }
      // Some signatures show only across cases (the same answer on every case, a fixed denominator).
      const rounded = roundedLoss(observed);
      for (const found of [...sameResult(answered), ...fixedDenominators(observed), ...(rounded ? [rounded] : [])])
        if (found.id === m.id) namedBy.push(...found.cases.filter((id) => !namedBy.includes(id)));
      for (const id of namedBy) add(perCase.get(id)!.names, m.id);
      mistakes.push({ id: m.id, function: fn, kind: 'signature', variants: [{ label: '', caughtBy, diagnosed: namedBy.length ? [m.id] : [], namedBy }] });
      judge(m, '', caughtBy, namedBy.length ? [m.id] : [], pool, where, findings);
      continue;
    }

    const variants = m.loss ? lossVariants(m, cases) : freqVariants(m, cases);
    const out: MistakeAdequacy = { id: m.id, function: fn, kind: 'model', variants: [] };
    for (const variant of variants) {
      const caughtBy: string[] = [];
      const inputs: DiagnosisInput[] = [];
      const explainedBy: string[] = [];
      for (const c of cases) {
        const e = expected.get(c.id)!;
        const o = variant.run(c);
        const caught = isCaught(o, e, c);
        inputs.push({ case: c, expected: e, passed: !caught, observation: observationOf(o) });
        if (!caught) continue;
        caughtBy.push(c.id);
        if (m.explain && o.kind === 'loss' && e.fn === 'weighted_loss' && c.inputs.fn === 'weighted_loss') {
          const ev: Evidence = { caseId: c.id, actual: o.value, expected: e.loss, ...caseShape(c), epsilon: c.inputs.epsilon, exactZeroOne: hasExactZeroOne(c) };
          if (m.explain(ev)) explainedBy.push(c.id);
        }
        const row = perCase.get(c.id)!;
        add(row.catches, m.id);
        const gap = gapOf(o, e, c);
        if (gap !== null && (row.margin === null || gap < row.margin.units)) row.margin = { units: gap, mistake: m.id };
      }
      const d = diagnose(inputs);
      const diagnosed = d.mistakes.map((r) => r.id);
      const namedBy = cases.filter((c) => d.perCase.get(c.id)?.includes(m.id)).map((c) => c.id);
      for (const id of namedBy) add(perCase.get(id)!.names, m.id);
      out.variants.push({ label: variants.length > 1 ? variant.label : '', caughtBy, diagnosed, namedBy });
      const label = variants.length > 1 ? variant.label : '';
      judge(m, label, caughtBy, diagnosed, pool, where, findings);
      // The catalogue's explanation ties the learner's numbers to the mistake ("on case X, which
      // has predictions of exactly 0 or 1, your loss is inf"): a suite that catches the mistake
      // must show it somewhere (independently of other findings, such as an ambiguity).
      if (caughtBy.some((id) => pool.has(id)) && m.explain && !explainedBy.some((id) => pool.has(id))) {
        findings.push({
          kind: 'unexplained',
          mistake: m.id,
          message: `${label ? `${m.id} (${label})` : m.id} is caught, but no ${where} shows its telltale symptom, so the hint cannot tie the learner's numbers to it. Add a ${where} where its explanation applies: ${SYMPTOMS[m.id] ?? 'see explain() in reference/mistakes/catalogue.ts'}.`,
        });
      }
    }
    mistakes.push(out);
  }

  for (const c of suite.cases) {
    const margin = perCase.get(c.id)!.margin;
    // Caught, but barely: a slightly looser tolerance (or float32 rounding) would let it pass.
    if (margin && margin.units < THIN_MARGIN) {
      notes.push(`case ${c.id} catches ${margin.mistake} by only ${margin.units.toPrecision(3)}× its tolerance; if another case also catches it, fine, otherwise tighten the tolerance or change the inputs.`);
    }
    if (perCase.get(c.id)!.catches.every((id) => !MISTAKES[id].loss && !MISTAKES[id].freqs)) {
      notes.push(`case ${c.id} catches no mistake model (only the signature ones every case catches); keep it if it checks something else, such as a dtype.`);
    }
  }
  return { mistakes, perCase, findings, notes };
}

/** The findings for one variant: uncaught by the pool, unnamed, or named only with others. */
function judge(m: Mistake, label: string, caughtBy: string[], diagnosed: MistakeId[], pool: Set<string>, where: string, findings: Finding[]) {
  const which = label ? `${m.id} (${label})` : m.id;
  if (!caughtBy.some((id) => pool.has(id))) {
    findings.push({
      kind: 'uncaught',
      mistake: m.id,
      message: `${which} passes every ${where}: a learner whose code does this (${m.did}) gets full marks. Add a ${where} on which its value differs from the reference by more than the tolerance.`,
    });
    return;
  }
  if (!diagnosed.includes(m.id)) {
    const instead = diagnosed.length ? `names ${diagnosed.join(', ')} instead` : 'names no mistake';
    findings.push({
      kind: 'unnamed',
      mistake: m.id,
      message: `${which} is caught (by ${caughtBy.slice(0, 3).join(', ')}${caughtBy.length > 3 ? ', …' : ''}) but the diagnosis ${instead}, so the learner gets no hint for it. Add a case where it differs from the other mistakes, or fix its model.`,
    });
    return;
  }
  const others = diagnosed.filter((id) => id !== m.id);
  if (others.length > 0) {
    findings.push({
      kind: 'ambiguous',
      mistake: m.id,
      message: `${which} is always named together with ${others.join(', ')}: no case tells them apart, so the hint gives two explanations. Add a case on which their values differ by more than the tolerance.`,
    });
  }
}
