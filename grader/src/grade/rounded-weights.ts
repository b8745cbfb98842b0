/**
 * Class weights made from rounded frequencies: np.round(1 / np.round(np.mean(labels, axis=0), 3), 3).
 * Rounding the frequency before the reciprocal moves the weight by about w² times half a step
 * (1 / 0.429 = 2.331 where 1 / 0.428571 = 2.333), far past the half step that rounding the weight
 * alone moves it, so neither the models (freqs-class-weights) nor the rounding re-diagnosis
 * (roundedFreqsDiagnosis: half a step of tolerance) reproduce it. This reads it directly: every
 * value the learner returned is one over k times an expected frequency rounded to d decimals
 * (k = 1: N / count; k = 2: N / (2 count), scikit-learn's 'balanced'), rounded to d decimals
 * again or not at all. The rounding is told only when it is what tells the values apart: a value
 * that is one over an unrounded frequency, rounded, is the rounding re-diagnosis's. Pure.
 */
import { MISTAKES, type MistakeId } from '../../../reference/mistakes/index.js';
import type { MistakeReport } from '../schema/report.js';
import type { Case } from '../suite/load-suite.js';
import type { DiagnosisInput } from './diagnose.js';
import { evidenceVec as vec, fmt, isClose } from './grade-case.js';
import { counted } from '../join-words.js';
import { togetherWith } from './mistake-title.js';

export interface RoundedWeights {
  /** The decimals the frequencies were rounded to before the reciprocal. */
  digits: number;
  /** Whether the weights were rounded again after the reciprocal. */
  roundedAfter: boolean;
  /** freqs-class-weights, and freqs-swapped with it when each side holds the other's weights (pos_weights = 1 / freq_neg). */
  reports: MistakeReport[];
}

const ID: MistakeId = 'freqs-class-weights';

/** What rounding x to d decimals can give: the nearest multiple of 10^-d, both neighbours at a tie (numpy rounds halves to even, and a float32 fraction is a hair off its decimal). */
export function roundings(x: number, d: number): number[] {
  const s = 10 ** d;
  const y = x * s;
  const lo = Math.floor(y);
  const tie = Math.abs(y - lo - 0.5) <= 1e-6 * Math.max(1, Math.abs(y));
  return tie ? [lo / s, (lo + 1) / s] : [Math.round(y) / s];
}

/** The weights 1 / (k · round(f, d)), each rounded again when `after`, that `got` may be. */
function weightsOf(f: number, k: number, d: number, after: boolean): number[] {
  return roundings(f, d).flatMap((r) => {
    const w = r === 0 ? Infinity : 1 / (k * r);
    return after && Number.isFinite(w) ? roundings(w, d) : [w];
  });
}

/**
 * The freqs-class-weights report when every frequency case's values are the class weights of the
 * expected frequencies rounded first; null when some case is not, or when rounding the frequencies
 * changes nothing the cases show (the weights of the unrounded ones fit as well).
 */
export function roundedWeights(inputs: DiagnosisInput[], word: (id: MistakeId, label: string) => string): RoundedWeights | null {
  const freqs = inputs.filter((d) => d.case.function === 'compute_class_freqs');
  if (freqs.length === 0 || !freqs.some((d) => !d.passed)) return null;
  const pairs = freqs.map((d) => (d.observation.kind === 'freqs' && d.expected.fn === 'compute_class_freqs' ? { d, got: d.observation, want: d.expected.freqs } : null));
  if (pairs.some((p) => p === null || p.got.pos.length !== p.want.pos.length || p.got.neg.length !== p.want.neg.length)) return null;
  const given = pairs as NonNullable<(typeof pairs)[number]>[];
  // Each side's weights from its own frequency, or from the other side's (swapped).
  for (const swap of [false, true])
  for (const k of [1, 2])
    for (const digits of [1, 2, 3, 4])
      for (const roundedAfter of [true, false]) {
        const cases = given.map((x) => (swap ? { ...x, want: { pos: x.want.neg, neg: x.want.pos } } : x));
        const fits = (got: number, f: number, tol: Case['tolerance'], d: number) => weightsOf(f, k, d, roundedAfter).some((w) => isClose(got, w, tol));
        const all = (d: number) => cases.every(({ d: x, got, want }) => ['pos', 'neg'].every((side) => got[side as 'pos'].every((g, i) => fits(g, want[side as 'pos'][i]!, x.case.tolerance, d))));
        if (!all(digits)) continue;
        // Rounded before the reciprocal only if the cases show it: some value that one over the
        // unrounded frequency (rounded as the weight is, or not) does not give.
        const plain = (got: number, f: number, tol: Case['tolerance']) => {
          const w = f === 0 ? Infinity : 1 / (k * f);
          return isClose(got, w, tol) || (roundedAfter && Number.isFinite(w) && roundings(w, digits).some((r) => isClose(got, r, tol)));
        };
        let shown: { caseId: string; side: 'pos' | 'neg'; got: number[]; want: number[]; expected: number[]; i: number } | undefined;
        for (const [n, { d, got, want }] of cases.entries())
          for (const side of ['pos', 'neg'] as const) {
            const i = got[side].findIndex((g, j) => !plain(g, want[side][j]!, d.case.tolerance));
            if (i >= 0 && !shown) shown = { caseId: d.case.id, side, got: got[side], want: want[side], expected: given[n]!.want[side], i };
          }
        if (!shown) return null;
        const m = MISTAKES[ID];
        const label = word(ID, m.variants![k === 2 ? 0 : 1]!);
        const f = shown.want[shown.i]!;
        const got = shown.got[shown.i]!;
        const tol = cases.find((x) => x.d.case.id === shown!.caseId)!.d.case.tolerance;
        // The rounding that gives the value shown: at a tie (0.75 to 1 decimal) either neighbour
        // may be numpy's (0.8, by halves to even), and only one gives the learner's weight.
        const rs = roundings(f, digits);
        const r = rs.find((x) => weightsOf(x, k, digits, roundedAfter).some((w) => isClose(got, w, tol))) ?? rs[0]!;
        const one = k === 2 ? `1 / (2 × ${fmt(r)})` : `1 / ${fmt(r)}`;
        const unrounded = k === 2 ? 1 / (2 * f) : 1 / f;
        const other = shown.side === 'pos' ? 'negative' : 'positive';
        const evidence =
          `on case ${shown.caseId} you returned ${shown.side === 'pos' ? 'positive' : 'negative'} ${vec(shown.got)} where ${vec(shown.expected)} is expected: ` +
          `${fmt(shown.got[shown.i]!)} is ${one}, the ${swap ? `${other} ` : ''}frequency ${fmt(f)} rounded to ${counted(digits, 'decimal')}${roundedAfter ? ', and rounded again' : ''}; one over the ${swap ? `${other} ` : ''}frequency itself is ${fmt(unrounded)}`;
        const cases_ = freqs.filter((d) => !d.passed).map((d) => d.case.id);
        const swapped = MISTAKES['freqs-swapped'];
        const also = (id: MistakeId) => (swap ? togetherWith([id]) : '');
        return {
          digits,
          roundedAfter,
          reports: [
            { id: ID, message: `It looks like ${m.did} (here: ${label})${also(swapped.id)}: ${evidence}.`, evidence, fix: m.fix, cases: cases_, confidence: 'full' },
            ...(swap ? [{ id: swapped.id, message: `It looks like ${swapped.did}${also(ID)}: ${evidence}.`, evidence, fix: swapped.fix, cases: cases_, confidence: 'full' as const }] : []),
          ],
        };
      }
  return null;
}
