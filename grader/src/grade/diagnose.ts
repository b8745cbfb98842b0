/**
 * Names the mistake(s) behind a learner's wrong answers. Pure.
 *
 * Every mistake model (reference/mistakes/) is evaluated on the same inputs as the learner's
 * code. A candidate (one mistake, or two or three combined) explains the submission when its value
 * matches the learner's on every case of that function that returned a number or raised an
 * IndexError, and at least one of those cases failed on its value. Singles are preferred to
 * pairs, pairs to triples. When nothing explains every case, a single mistake (else a pair) that reproduces at
 * least half of the failures (value failures and other errors) and contradicts no passed case is
 * reported as partial. No candidate is named when errors no model raises (ValueError, TypeError) outnumber
 * the value failures. A correct submission has no failures, so it can never be given a hint.
 *
 * Only a failure on the value counts as evidence: a case that failed although its values are the
 * correct ones (a (1, C) shape, a wrong container, a mutated input) says nothing about which
 * formula the learner used, and a mistake that happens to agree with the reference on that case
 * would "reproduce" it without explaining anything.
 */
import {
  APART_REDUCTIONS,
  CORRECT_FREQS,
  CORRECT_LOSS,
  freqsWithSpec,
  isModelError,
  lossError,
  lossWithSpec,
  meansApartWritable,
  type ClassFreqs,
  type FreqSpec,
  type LossSpec,
  type ModelValue,
} from '../../../reference/loss.js';
import { MISTAKES, type Evidence, type Mistake, type MistakeId } from '../../../reference/mistakes/index.js';
import type { FunctionInfo } from '../schema/protocol.js';
import type { MistakeReport } from '../schema/report.js';
import type { Case } from '../suite/load-suite.js';
import { broadcastShapes, caseShape, evidenceVec as vec, fmt, hasExactZeroOne, isClose, vecClose, type Expected, type Observation } from './grade-case.js';
import { counted } from '../join-words.js';
import { togetherWith } from './mistake-title.js';
import { roundings } from './rounded-weights.js';

export interface DiagnosisInput {
  case: Case;
  expected: Expected;
  passed: boolean;
  observation: Observation;
}

interface Candidate {
  key: string;
  ids: MistakeId[];
  /** The candidate's values on a case: one per way of making the mistake(s). */
  values: (c: Case) => (ModelValue | ClassFreqs)[];
  /**
   * Which code each value stands for, parallel to `values`: the indices of the labelled variants
   * (the same list on every case) of the candidate's mistakes. A learner writes one of those
   * ways throughout, so one key must explain every case. A mistake whose ways depend on the
   * case's shape (a hard-coded class count) adds nothing to the key: any of them may explain a case.
   */
  ways: (c: Case) => string[];
  /**
   * Which of `values` are a model's IndexError, parallel to them, without computing the others:
   * all a case where the learner's code raised IndexError asks of a candidate (reproducedBy).
   */
  raises: (c: Case) => boolean[];
}

/**
 * The specs of `ms` applied in turn to `correct`, each with the key of the learner's code it
 * stands for: the index of a labelled variant, or what `wayOf` says (the class count a loop
 * hard-codes is one number in the code, whatever the case's shape).
 */
function combine<S extends object>(ms: Mistake[], correct: S, apply: (m: Mistake, s: S) => S[], valid: (s: S) => boolean = () => true): { spec: S; way: string }[] {
  let out = [{ spec: correct, way: '' }];
  for (const m of ms)
    out = out.flatMap(({ spec, way }) =>
      apply(m, spec).flatMap((next, i) =>
        // A way of this mistake that changes what an earlier one changed (a sum in place of
        // np.average's division) is not both made: only ways that change different fields combine.
        // Nor is a combination no code writes (weights averaged apart, each term over its own examples).
        overwrites(correct, spec, next) || !valid(next)
          ? []
          : [{ spec: next, way: m.variants ? `${way}${m.id}:${i};` : m.wayOf ? `${way}${m.id}:${m.wayOf(next as LossSpec | FreqSpec)};` : way }],
      ),
    );
  return out;
}

/** Whether `next` changes a field that `spec` already changed from `correct`. */
function overwrites<S extends object>(correct: S, spec: S, next: S): boolean {
  return (Object.keys(correct) as (keyof S)[]).some((k) => !same(spec[k], correct[k]) && !same(next[k], spec[k]));
}
// Two strings (a reduction's name) that differ are different: only objects (a weight variant) are compared by their JSON.
const same = (a: unknown, b: unknown) => a === b || (typeof a !== 'string' && typeof b !== 'string' && JSON.stringify(a) === JSON.stringify(b));

const LOSS_MISTAKES = Object.values(MISTAKES).filter((m): m is Mistake & { loss: NonNullable<Mistake['loss']> } => !!m.loss);
const FREQ_MISTAKES = Object.values(MISTAKES).filter((m): m is Mistake & { freqs: NonNullable<Mistake['freqs']> } => !!m.freqs);

/**
 * The LossSpec fields each way of a mistake changes: two mistakes combine if some way of the one
 * and some way of the other change different fields (np.average's weights-normalising way changes
 * the reduction, and its w / (wp + wn) way the weights: the latter combines with a sum).
 */
function changedFields<T extends object>(variants: T[], correct: T): Set<string>[] {
  const ways = new Map<string, Set<string>>();
  for (const v of variants) {
    const set = new Set((Object.keys(correct) as (keyof T)[]).filter((k) => !same(v[k], correct[k])).map(String));
    ways.set([...set].sort().join(','), set);
  }
  return [...ways.values()];
}

/**
 * The frequencies' mistakes as one set each: their ways differ mostly in how the negatives are
 * derived (neg, only), and combining by way would double the pairs with stories no learner tells
 * (a denominator of C on counts left undivided).
 */
const allFields = (ways: Set<string>[]): Set<string>[] => [new Set(ways.flatMap((w) => [...w]))];

/** Whether some way of the one and some way of the other change different fields. */
const combinable = (a: Set<string>[], b: Set<string>[]) => a.some((x) => b.some((y) => ![...y].some((f) => x.has(f))));

/**
 * A candidate's model on one case: the key of the labelled ways each value stands for, the values,
 * and which of them raise, each computed the first time it is asked for. A case where the learner's
 * code raised IndexError asks only which ways raise: a submission that raised on every case
 * computed every way of every candidate that reproduced its first error (thousands of triples
 * with a hard-coded class count, ~9 s of CPU on the public suite) to compare none of the values.
 */
interface Modelled {
  ways: string[];
  values: () => (ModelValue | ClassFreqs)[];
  raises: () => boolean[];
  /** The values when they are known (computed or seeded), without computing them. */
  known: () => (ModelValue | ClassFreqs)[] | undefined;
}

/** Model values depend only on the case, so a batch computes each once (cases are shared objects). */
const cache = new WeakMap<Case, Map<string, Modelled>>();

/**
 * Model values kept from one batch to the next (suite/models-cache.ts), per case of a suite (the
 * index in its cases) and candidate key: every way's value, in the order of the candidate's ways.
 * They depend only on the case's inputs and the grader's code, which the cache's key holds.
 */
export type ModelStore = Map<string, (ModelValue | ClassFreqs)[]>[];
const seeds = new WeakMap<Case, Map<string, (ModelValue | ClassFreqs)[]>>();
let computedSets = 0;

/** How many candidates' values (all ways of one candidate on one case) were computed in this process, not read from a seed. */
export const modelsComputed = (): number => computedSets;

/**
 * Hands values stored by an earlier batch to the diagnosis: `store[i]` is `cases[i]`'s. Only
 * candidates the diagnosis can build for the case's function are kept (isCandidateKey): anything
 * else in a file (a forged key holding millions of values) would be copied back by every later
 * write and never read. Returns how many sets were kept.
 */
export function seedModels(cases: readonly Case[], store: ModelStore): number {
  let kept = 0;
  cases.forEach((c, i) => {
    const s = new Map([...(store[i] ?? [])].filter(([key]) => isCandidateKey(c.function, key)));
    kept += s.size;
    if (s.size > 0) seeds.set(c, s);
  });
  return kept;
}

/** Every candidate's values known on each of `cases` (seeded or computed), for the cache. */
export function storedModels(cases: readonly Case[]): ModelStore {
  return cases.map((c) => {
    const out = new Map(seeds.get(c));
    for (const [key, m] of cache.get(c) ?? []) {
      const v = m.known();
      if (v) out.set(key, v);
    }
    return out;
  });
}
function cached(c: Case, key: string, compute: () => Modelled): Modelled {
  let m = cache.get(c);
  if (!m) cache.set(c, (m = new Map()));
  let v = m.get(key);
  if (!v) m.set(key, (v = compute()));
  return v;
}

const NOT_THIS_FUNCTION: Modelled = Object.freeze({ ways: [], values: () => [], raises: () => [], known: () => undefined });

/**
 * A Modelled whose values and raises are each computed once, when first asked for. Which ways
 * raise is read off the values when they are known, or when `raises` is not given.
 */
function lazily(ways: string[], values: () => (ModelValue | ClassFreqs)[], raises?: () => boolean[]): Modelled {
  let v: (ModelValue | ClassFreqs)[] | undefined;
  let r: boolean[] | undefined;
  const valuesOnce = () => {
    if (!v) {
      v = values();
      computedSets++;
    }
    return v;
  };
  return { ways, values: valuesOnce, raises: () => (r ??= v || !raises ? valuesOnce().map(isModelError) : raises()), known: () => v };
}

/** A Modelled whose values an earlier batch computed (seedModels). */
function seeded(ways: string[], v: (ModelValue | ClassFreqs)[]): Modelled {
  let r: boolean[] | undefined;
  return { ways, values: () => v, raises: () => (r ??= v.map(isModelError)), known: () => v };
}

/** A candidate's key: its mistakes' ids, in order. */
const candidateKey = (ms: Mistake[]) => ms.map((m) => m.id).join('+');

/**
 * The candidate of mistakes `ms`; `model` gives a case's values and ways (null: another function's
 * case). Its specs (combine) are built again for each case it is modelled on: they depend only on
 * the case's shape, but a cache of them per candidate and shape (stop 34) was hit for 390 of the
 * 6,626 cases modelled over the bench's cohort (each case's values are kept, `cache`, so a case is
 * modelled once a batch), and kept for a whole batch for 903 (stop 35).
 */
function candidate(ms: Mistake[], model: (c: Case) => Modelled | null): Candidate {
  const key = candidateKey(ms);
  const modelled = (c: Case) =>
    cached(c, key, () => {
      const m = model(c);
      if (!m) return NOT_THIS_FUNCTION;
      // Values an earlier batch computed for this case: one per way, or they are not these.
      const stored = seeds.get(c)?.get(key);
      return stored && stored.length === m.ways.length ? seeded(m.ways, stored) : m;
    });
  return { key, ids: ms.map((m) => m.id), values: (c) => modelled(c).values(), ways: (c) => modelled(c).ways, raises: (c) => modelled(c).raises() };
}

/** Weights averaged apart from the cross-entropy go with a reduction that scales each class's product, no other; over the whole matrix, with the mean alone (there is no class to scale). A product of means, as meansApartWritable says. */
const writable = (s: LossSpec) => (!s.weightsApart || (s.apartOver === 'class' ? APART_REDUCTIONS.has(s.reduction) : s.reduction === 'mean')) && meansApartWritable(s);

function lossCandidate(ms: (Mistake & { loss: NonNullable<Mistake['loss']> })[]): Candidate {
  return candidate(ms, (c) => {
    const inputs = c.inputs;
    if (inputs.fn !== 'weighted_loss') return null;
    const specs = combine(ms, CORRECT_LOSS, (m, s) => m.loss!(s, caseShape(c)), writable);
    const ways = specs.map((x) => x.way);
    // A loss computed in float32 may have run in TensorFlow's graph, which folds 1 + ε: each way
    // is also evaluated so (the same key: one piece of code, whichever order ran it). Either order
    // raises where the other does: an index past the end is no matter of arithmetic.
    const twice = <T>(xs: T[], order: () => T[]) => (inputs.float32 ? [...xs, ...order()] : xs);
    return lazily(
      twice(ways, () => ways),
      () => twice(specs.map((x) => lossWithSpec(inputs, x.spec)), () => specs.map((x) => lossWithSpec(inputs, x.spec, 'epsilon-first'))),
      () => {
        const raised = specs.map((x) => lossError(inputs, x.spec) !== undefined);
        return twice(raised, () => raised);
      },
    );
  });
}

function freqCandidate(ms: (Mistake & { freqs: NonNullable<Mistake['freqs']> })[]): Candidate {
  return candidate(ms, (c) => {
    const inputs = c.inputs;
    if (inputs.fn !== 'compute_class_freqs') return null;
    const specs = combine(ms, CORRECT_FREQS, (m, s) => m.freqs!(s, caseShape(c)));
    // Which frequencies raise may depend on the labels' values (np.unique's counts[1] on a column of
    // zeros): read off the values, which are cheap.
    return lazily(
      specs.map((x) => x.way),
      () => specs.map((x) => freqsWithSpec(inputs.labels, x.spec)),
    );
  });
}

function pairs<M extends Mistake>(list: M[], fields: (m: M) => Set<string>[]): [M, M][] {
  const out: [M, M][] = [];
  const f = list.map(fields);
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) if (combinable(f[i]!, f[j]!)) out.push([list[i]!, list[j]!]);
  return out;
}

/** Three mistakes that change three different fields, each pair of them combinable. */
function triples<M extends Mistake>(list: M[], fields: (m: M) => Set<string>[]): [M, M, M][] {
  const f = list.map(fields);
  const apart = (i: number, j: number) => combinable(f[i]!, f[j]!);
  const out: [M, M, M][] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      if (!apart(i, j)) continue;
      for (let k = j + 1; k < list.length; k++) if (apart(i, k) && apart(j, k)) out.push([list[i]!, list[j]!, list[k]!]);
    }
  return out;
}

/**
 * Three mistakes at once (sum instead of mean, swapped weights and no minus sign): built the first
 * time a submission needs them, which is only when no single mistake or pair explains every case.
 * Every combinable triple of all the mistakes cost ~0.6 s of CPU per unexplained submission, so
 * the triples are drawn from a pool: the catalogue's first TRIPLE_POOL of each function (in its
 * order of how often learners make them), and the mistakes that explain part of this
 * submission's failures on their own or in a pair (the seeds below). A weight on the whole binary
 * cross-entropy, PyTorch's BCELoss(weight=pos_weights), is far down the catalogue, but with
 * reduction='mean' it is one of three: a pair of it and the mean over the classes reproduces
 * every case whose predictions are never exactly 0 or 1, where BCELoss's -100 floor changes nothing.
 */
const TRIPLE_POOL = 20;
/** Each mistake's place among its function's mistakes. */
const ORDER_IN_FN = new Map<MistakeId, number>([LOSS_MISTAKES, FREQ_MISTAKES].flatMap((ms) => ms.map((m, i) => [m.id, i] as const)));
const SAMPLE_SHAPE = { n: 5, c: 4 };
function triplesOf<M extends Mistake>(all: M[], fields: (m: M) => Set<string>[], build: (t: M[]) => Candidate) {
  const made = new Map<string, Candidate>();
  const order = new Map(all.map((m, i) => [m.id, i]));
  const get = (t: Mistake[]) => {
    const sorted = [...t].sort((x, y) => order.get(x.id)! - order.get(y.id)!);
    const key = sorted.map((m) => m.id).join('+');
    let cand = made.get(key);
    if (!cand) made.set(key, (cand = build(sorted as M[])));
    return cand;
  };
  const f = new Map(all.map((m) => [m.id, fields(m)]));
  const apart = (x: Mistake, y: Mistake) => x.id !== y.id && combinable(f.get(x.id)!, f.get(y.id)!);
  let common: Candidate[] | undefined;
  /**
   * Without `seeds`, the triples of the pool. With them, the triples that complete a seed with a
   * rare mistake (past the pool) from the pool's mistakes: a seed is one or two mistakes that
   * reproduce a failure, and what completes it must leave that case as it is, which `quiet` says
   * of a pool mistake (-100 floors change nothing where no prediction is 0 or 1).
   */
  return (seeds?: { ms: Mistake[]; quiet: (m: Mistake) => boolean }[]): Candidate[] => {
    if (!seeds) return (common ??= triples(all.slice(0, TRIPLE_POOL), fields).map(get));
    const out = new Set<Candidate>();
    for (const { ms, quiet } of seeds) {
      if (!ms.some((m) => order.get(m.id)! >= TRIPLE_POOL)) continue;
      const pool = all.slice(0, TRIPLE_POOL).filter((x) => ms.every((m) => apart(m, x)) && quiet(x));
      if (ms.length === 2) for (const x of pool) out.add(get([...ms, x]));
      else for (const [x, y] of pairs(pool, (m) => f.get(m.id)!)) out.add(get([ms[0]!, x, y]));
    }
    return [...out];
  };
}
/** The fields each mistake's ways change, worked out once for its pairs and its triples. */
const LOSS_FIELDS = new Map(LOSS_MISTAKES.map((m) => [m.id, changedFields(m.loss(CORRECT_LOSS, SAMPLE_SHAPE), CORRECT_LOSS)]));
const FREQ_FIELDS = new Map(FREQ_MISTAKES.map((m) => [m.id, m.pairsBy ? [new Set<string>(m.pairsBy)] : allFields(changedFields(m.freqs(CORRECT_FREQS, SAMPLE_SHAPE), CORRECT_FREQS))]));
const lossFields = (m: Mistake) => LOSS_FIELDS.get(m.id)!;
const freqFields = (m: Mistake) => FREQ_FIELDS.get(m.id)!;
const LOSS_TRIPLES = triplesOf(LOSS_MISTAKES, lossFields, (t) => lossCandidate(t));
const FREQ_TRIPLES = triplesOf(FREQ_MISTAKES, freqFields, (t) => freqCandidate(t));

const LOSS_CORRECT = lossCandidate([]);
const FREQ_CORRECT = freqCandidate([]);
const LOSS_SINGLES = LOSS_MISTAKES.map((m) => lossCandidate([m]));
const LOSS_PAIRS = pairs(LOSS_MISTAKES, lossFields).map((p) => lossCandidate(p));
const FREQ_SINGLES = FREQ_MISTAKES.map((m) => freqCandidate([m]));
const FREQ_PAIRS = pairs(FREQ_MISTAKES, freqFields).map((p) => freqCandidate(p));

/**
 * Whether the diagnosis may build a candidate of key `key` for a function's cases: the correct one
 * (''), or one to three of its mistakes in catalogue order, each two of them combinable (pairs, and
 * triplesOf, which draws its triples from those). Checked key by key: listing every triple took
 * ~230 ms, more than reading the whole cache.
 */
const KEY_ORDER = new Map<Case['function'], Map<string, number>>([
  ['weighted_loss', new Map(LOSS_MISTAKES.map((m, i) => [m.id, i]))],
  ['compute_class_freqs', new Map(FREQ_MISTAKES.map((m, i) => [m.id, i]))],
]);
const KEY_SEEN = new Map<string, boolean>();
export function isCandidateKey(fn: Case['function'], key: string): boolean {
  const seen = KEY_SEEN.get(`${fn}:${key}`);
  if (seen !== undefined) return seen;
  const known = candidateKeyOf(fn, key);
  KEY_SEEN.set(`${fn}:${key}`, known);
  return known;
}
function candidateKeyOf(fn: Case['function'], key: string): boolean {
  if (key === '') return true;
  const order = KEY_ORDER.get(fn)!;
  const fields = fn === 'weighted_loss' ? LOSS_FIELDS : FREQ_FIELDS;
  const ids = key.split('+');
  if (ids.length > 3 || !ids.every((id) => order.has(id))) return false;
  for (let a = 0; a < ids.length; a++)
    for (let b = a + 1; b < ids.length; b++)
      if (order.get(ids[a]!)! >= order.get(ids[b]!)! || !combinable(fields.get(ids[a] as MistakeId)!, fields.get(ids[b] as MistakeId)!)) return false;
  return true;
}

/**
 * The single loss mistakes a hard-coded number of examples combines with (it changes what they
 * leave alone: not the mean's denominator or the reduction, where the two would be one change,
 * and a sum divided by 2 could read as a mean divided twice by N = 2), for the pattern read across
 * cases (fixed-denominator.ts): each one's values on a case, one per way of making it, in the
 * same order on every case of one shape. Cached per case as the diagnosis's.
 */
const EXAMPLE_COUNT_FIELDS = [new Set(['reduction', 'termReductions', 'examples', 'weightsApart', 'apartOver'])];
export const LOSS_MODELS: readonly { id: MistakeId; values: (c: Case) => (ModelValue | ClassFreqs)[] }[] = LOSS_SINGLES.filter((cand) =>
  lossFields(MISTAKES[cand.ids[0]!]).every((way) => combinable([way], EXAMPLE_COUNT_FIELDS)),
).map((cand) => ({ id: cand.ids[0]!, values: cand.values }));

/** More candidates than this fitting a partial match equally well are no diagnosis. */
const MAX_PARTIAL = 2;

/** Candidates in catalogue order: by their commonest mistake, then by their other one. */
const ORDER = new Map(Object.keys(MISTAKES).map((id, i) => [id, i]));
const rank = (cand: Candidate) => cand.ids.map((id) => ORDER.get(id)!).sort((a, b) => a - b);
function byCatalogue(a: Candidate, b: Candidate): number {
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * An index out of range (numpy, TensorFlow): what a model raises. TensorFlow's
 * InvalidArgumentError is one only when it says so ("slice index 3 of dimension 1 out of
 * bounds"): it also reports shapes that do not broadcast and dtypes it will not mix, which no
 * model raises.
 */
const isIndexError = (o: Observation) =>
  o.kind === 'error' &&
  // An index past the end (a class the batch does not have), not any IndexError: "too many
  // indices for array" (y_true[:, i, 0]) is a bug of its own, which no model explains.
  (/OutOfRange/.test(o.type) || (/IndexError|InvalidArgument/.test(o.type) && /out of (bounds|range)/i.test(o.message))) &&
  !broadcastShapes(o.message);

/**
 * Python's math.log given 0 or a negative number: it raises ValueError ("math domain error") where
 * np.log returns -inf or NaN, so a loss written with math.log shows a log without epsilon this
 * way. It is judged as the non-finite value numpy's model gives (a loop over math.log that never
 * reaches log(0) is otherwise indistinguishable from a fixed epsilon or clipping).
 */
export const isLogDomainError = (o: Observation) => o.kind === 'error' && o.type === 'ValueError' && /^math domain error/.test(o.message);

/** An observation that tells models apart: a finite number, a pair of vectors, an IndexError (not NaN, inf or a log-domain error, which every non-finite model shares). */
const informative = (d: DiagnosisInput) => (d.observation.kind === 'scalar' ? Number.isFinite(d.observation.value) : !isLogDomainError(d.observation));

/**
 * Frequencies that agree value by value, a NaN where the model has a NaN included: dividing by
 * N - 1 on a single example gives 0/0 = NaN in numpy and in the model alike, at the same classes
 * (and an inf where the model has the same inf: N / count on a class with no positives).
 */
const sameVector = (got: number[], want: number[], tol: Case['tolerance']): boolean =>
  got.length === want.length && got.every((x, i) => (Number.isNaN(x) && Number.isNaN(want[i]!)) || x === want[i] || isClose(x, want[i]!, tol));

/**
 * The cases of a diagnosis of frequencies rounded to d decimals (diagnoseRounded): on them a
 * model's frequencies are compared rounded so, at the case's own tolerance. Half a step added to
 * the tolerance instead took a value on the far side of the rounding boundary (0.24 for 0.2349 at
 * 2 decimals, with a staff atol of 0.001) for rounding, which it is not.
 */
const ROUNDED_TO = new WeakMap<Case, number>();

/** Frequencies that are the model's rounded to `digits` decimals (either neighbour at a tie), value by value. */
const sameRounded = (got: number[], want: number[], tol: Case['tolerance'], digits: number): boolean =>
  got.length === want.length &&
  got.every((x, i) => {
    const w = want[i]!;
    if (Number.isNaN(x) || !Number.isFinite(w)) return (Number.isNaN(x) && Number.isNaN(w)) || x === w;
    return roundings(w, digits).some((r) => x === r || isClose(x, r, tol));
  });

/**
 * The frequencies' (or the loss's) diagnosis when every value the learner returned is a multiple of
 * 10^-digits: each model's values rounded so are compared with them (ROUNDED_TO).
 */
export function diagnoseRounded(inputs: DiagnosisInput[], digits: number, word?: (id: MistakeId, label: string) => string): Diagnosis {
  return diagnose(inputs.map((d) => ({ ...d, case: roundedCopy(d.case, digits) })), word);
}

/**
 * Each case's copy for a diagnosis rounded to `digits`, one object per case and digits, whose
 * model values are the case's own (cached per case object, they depend only on its inputs): a new
 * copy for each submission computed every frequency model again for every submission rounded so
 * (~40% of gradeSuite's time in a batch of the bench's cohort).
 */
const ROUNDED_COPIES = new WeakMap<Case, Map<number, Case>>();
function roundedCopy(c: Case, digits: number): Case {
  let copies = ROUNDED_COPIES.get(c);
  if (!copies) ROUNDED_COPIES.set(c, (copies = new Map()));
  let copy = copies.get(digits);
  if (!copy) {
    copy = { ...c };
    ROUNDED_TO.set(copy, digits);
    const stored = seeds.get(c);
    if (stored) seeds.set(copy, stored);
    let modelled = cache.get(c);
    if (!modelled) cache.set(c, (modelled = new Map()));
    cache.set(copy, modelled);
    copies.set(digits, copy);
  }
  return copy;
}

/**
 * Whether candidate `cand` reproduces what the learner's code gave on case `d` (with its ways of
 * key `key` only, when given), as `reproduces` says of its values. An error other than a log of 0
 * is reproduced only by an IndexError that some way raises: which ways raise is all it reads.
 */
function reproducedBy(d: DiagnosisInput, cand: Candidate, key?: string): boolean {
  const o = d.observation;
  const ways = key === undefined ? undefined : cand.ways(d.case);
  const own = (_: unknown, i: number) => ways === undefined || ways[i] === key;
  if (o.kind === 'error' && !isLogDomainError(o)) return isIndexError(o) && cand.raises(d.case).some((r, i) => r && own(r, i));
  return reproduces(o, ways === undefined ? cand.values(d.case) : cand.values(d.case).filter(own), d.case);
}

/**
 * The keys of `cand`'s ways (of those in `alive`, when given) of which some way reproduces case
 * `d`, as reproducedBy says of each key. A raising way reproduces only an IndexError, and a way that
 * does not raise only a value: which ways raise is read first, and the values are computed only
 * when some way of a key in the running does not raise.
 */
function keysReproducing(d: DiagnosisInput, cand: Candidate, alive?: Set<string>): Set<string> {
  const o = d.observation;
  const ways = cand.ways(d.case);
  const out = new Set<string>();
  const raises = cand.raises(d.case);
  const open = (i: number) => alive === undefined || alive.has(ways[i]!);
  if (o.kind === 'error' && !isLogDomainError(o)) {
    if (isIndexError(o)) ways.forEach((way, i) => raises[i] && open(i) && out.add(way));
    return out;
  }
  if (!ways.some((_, i) => !raises[i] && open(i))) return out;
  const values = cand.values(d.case);
  ways.forEach((way, i) => !raises[i] && open(i) && !out.has(way) && reproduces(o, [values[i]!], d.case) && out.add(way));
  return out;
}

/** Whether one of the model's values reproduces what the learner produced. */
function reproduces(obs: Observation, values: (ModelValue | ClassFreqs)[], c: Case): boolean {
  return values.some((v) => {
    if (obs.kind === 'error') return isLogDomainError(obs) ? typeof v === 'number' && !Number.isFinite(v) : isModelError(v) && isIndexError(obs);
    if (obs.kind === 'scalar') {
      if (typeof v !== 'number') return false;
      // A non-finite answer matches a non-finite model: NaN vs inf depends on evaluation order.
      if (!Number.isFinite(v) || !Number.isFinite(obs.value)) return !Number.isFinite(v) && !Number.isFinite(obs.value);
      // A loss rounded to d decimals (diagnoseRounded): the model's value rounded so.
      const digits = ROUNDED_TO.get(c);
      if (digits !== undefined) return sameRounded([obs.value], [v], c.tolerance, digits);
      return isClose(obs.value, v, c.tolerance);
    }
    if (obs.kind === 'freqs') {
      if (typeof v !== 'object' || isModelError(v)) return false;
      const digits = ROUNDED_TO.get(c);
      if (digits !== undefined) return sameRounded(obs.pos, v.pos, c.tolerance, digits) && sameRounded(obs.neg, v.neg, c.tolerance, digits);
      return sameVector(obs.pos, v.pos, c.tolerance) && sameVector(obs.neg, v.neg, c.tolerance);
    }
    return false;
  });
}


/** Which observations a candidate is judged on: numbers, pairs of vectors, and IndexErrors. */
const judged = (d: DiagnosisInput) =>
  d.observation.kind === 'scalar' || d.observation.kind === 'freqs' || isIndexError(d.observation) || isLogDomainError(d.observation);

export interface Diagnosis {
  mistakes: MistakeReport[];
  /** Per case id: the mistakes named for the submission that reproduce that case. */
  perCase: Map<string, MistakeId[]>;
}

/**
 * `word` rewrites a variant label, which is code of the model (`np.mean(labels, axis=1)`), in the
 * learner's framework (`torch.mean(labels, dim=1)`); the labels are written in numpy terms.
 */
/** Mistakes that keep the logs finite by clipping the predictions (or a framework's binary cross-entropy, which clips). */
const CLIPPING: ReadonlySet<MistakeId> = new Set<MistakeId>(['loss-clip-instead-of-epsilon', 'loss-clip-and-epsilon']);

/** The two epsilon mistakes a float32 loss's cases cannot tell apart: 1 + 1e-7 is 1 there, so a fixed 1e-7 gives the inf or NaN no epsilon gives. */
const NO_EPSILON: MistakeId = 'loss-no-epsilon';
const FIXED_EPSILON: MistakeId = 'loss-epsilon-ignored';

/**
 * What get_weighted_loss's source says of its epsilon: 'fixed' when a log adds a fixed one (a
 * number, K.epsilon(), a name bound to one: the sites' `fixed` log or "epsilon" site), 'none' when
 * the loss adds nothing that keeps a log finite anywhere (runner.adds_epsilon is false) and no log
 * adds anything to its argument; undefined when the source does not say (no sites read, a helper of
 * the file's own, a log of `p + something`).
 */
export function lossEpsilonFrom(info: Pick<FunctionInfo, 'addsEpsilon' | 'sites'> | undefined): 'none' | 'fixed' | undefined {
  const sites = info?.sites;
  if (!sites) return undefined;
  if (sites.some((s) => (s.kind === 'log' && s.fixed === true) || s.kind === 'epsilon')) return 'fixed';
  const logs = sites.filter((s) => s.kind === 'log');
  if (info.addsEpsilon === false && logs.length > 0 && logs.every((s) => s.adds === 0)) return 'none';
  return undefined;
}

/**
 * `lossClips` is what the loss's source says (runner.clips_predictions): whether it clips its
 * predictions. Where the cases cannot tell a clipping mistake from one that is not (a clip to
 * [1e-7, 1 − 1e-7] or K.epsilon() in place of the argument; a clip plus ε or a second ε), the
 * source tells which one the code makes. `lossEpsilon` (lossEpsilonFrom) likewise tells no epsilon
 * from a fixed one where float32 cases cannot. `lossClipsByHand`: the loss clips by its own code and
 * calls no binary cross-entropy that clips, so a variant a library makes is told as the learner's (byHand).
 */
export function diagnose(
  inputs: DiagnosisInput[],
  word: (id: MistakeId, label: string) => string = (_, label) => label,
  source: { lossClips?: boolean; lossClipsByHand?: boolean; lossEpsilon?: 'none' | 'fixed' } = {},
): Diagnosis {
  return diagnoseSuite(inputs, word, source);
}

function diagnoseSuite(
  inputs: DiagnosisInput[],
  word: (id: MistakeId, label: string) => string,
  source: { lossClips?: boolean; lossClipsByHand?: boolean; lossEpsilon?: 'none' | 'fixed' },
): Diagnosis {
  const out: Diagnosis = { mistakes: [], perCase: new Map() };
  for (const [fn, singles, doubles, threes, correct] of [
    ['weighted_loss', LOSS_SINGLES, LOSS_PAIRS, LOSS_TRIPLES, LOSS_CORRECT],
    ['compute_class_freqs', FREQ_SINGLES, FREQ_PAIRS, FREQ_TRIPLES, FREQ_CORRECT],
  ] as const) {
    const obs = inputs.filter((d) => d.case.function === fn && judged(d));
    // Failed on the value: what the learner computed is not what the reference computes.
    const wrong = new Set(obs.filter((d) => !d.passed && !reproducedBy(d, correct)));
    if (wrong.size === 0) continue;
    // Failures the models cannot judge (a ValueError, a TypeError): when they outnumber the value
    // failures, the code mostly raised something no model raises, and the few cases a model
    // shares (one IndexError) say nothing about it.
    const unjudged = inputs.filter((d) => d.case.function === fn && !d.passed && d.observation.kind === 'error' && !judged(d)).length;
    if (unjudged > wrong.size) continue;
    // The first failure with a number (in suite order, the plainest case): every candidate that
    // explains the submission reproduces it, and it is where the pairs are tried for a partial
    // match and the triples for a full one (their "anchor" below).
    const anchor = [...wrong].find(informative);
    // Every case, the anchor first. Most candidates fail on the first case they are tried on
    // whatever the way, so that check is cheap; tried on the anchor, a pair that fails leaves
    // no value computed that the rest of the diagnosis would not compute anyway. Tried on the
    // first case instead, as before, each pair was computed on two cases whenever the first one
    // passed (an unexplained submission's check computed every pair twice). Which cases are
    // tried first changes what is computed, never what is found: a candidate explains only if
    // it reproduces all of them.
    const screen = anchor ? [anchor, ...obs.filter((d) => d !== anchor)] : [...obs];
    const first = anchor ? 1 : 0;
    // The learner wrote one way of the mistake(s), not a different one on each case: one key of
    // labelled variants must reproduce them all (a fixed 1e-5 on one case and 1e-9 on the next
    // is no story).
    //
    // Some one key must reproduce every case, so the keys still in the running are carried from
    // case to case (stop 36): a case is tried only with the ways of those keys, and which ways
    // raise (an index past the end, read without computing a value) rules out a case before its
    // values are computed. Tried as before (any way on each case, then the keys that fit), a loss
    // right on its float32 cases and raising IndexError (a class count of 14) on the others had
    // every triple with a hard-coded count reproduce every case, one count here and another there:
    // every way of ~1,000 triples was computed on every case (~25 s of the main thread).
    const explains = (cand: Candidate) => {
      let alive: Set<string> | undefined;
      for (let i = 0; i < screen.length; i++) {
        const d = screen[i]!;
        alive = keysReproducing(d, cand, alive);
        if (alive.size > 0) continue;
        // The case that ruled this candidate out is tried next after the anchor: the candidates
        // that follow share its mistakes (one seed's triples, a pair's completions) and mostly fail
        // on it too. An all-IndexError submission's triples with a class count hard-coded up to
        // 14 raise on every case but the 14-class one, 13th in the suite's order.
        if (i > first) screen.splice(first, 0, ...screen.splice(i, 1));
        return false;
      }
      return true;
    };
    let chosen = singles.filter(explains);
    // Alternatives that the cases cannot tell apart, one that clips and one that does not: the
    // loss's source says whether it clips.
    if (fn === 'weighted_loss' && chosen.length > 1 && source.lossClips !== undefined) {
      const told = chosen.filter((cand) => cand.ids.every((id) => CLIPPING.has(id) === source.lossClips));
      if (told.length > 0) chosen = told;
    }
    // No epsilon, or a fixed one, where the cases cannot tell them apart (float32): the source says
    // which. Only between these two; any other alternative left keeps the cases' ambiguity.
    if (fn === 'weighted_loss' && source.lossEpsilon !== undefined && chosen.length === 2) {
      const ids = chosen.map((cand) => cand.ids.join('+'));
      if (ids.includes(NO_EPSILON) && ids.includes(FIXED_EPSILON)) chosen = chosen.filter((cand) => cand.ids[0] === (source.lossEpsilon === 'none' ? NO_EPSILON : FIXED_EPSILON));
    }
    let confidence: 'full' | 'partial' = 'full';
    // Several pairs that explain every case are alternatives, not mistakes made at once (a
    // sigmoid on the predictions hides where ε was): the one of the commonest mistakes is told,
    // the catalogue's order being roughly how often learners make them.
    if (chosen.length === 0) chosen = doubles.filter(explains).sort(byCatalogue).slice(0, 1);
    // The pairs that reproduce the first failure with a number (in suite order, the plainest case):
    // what triples of rarer mistakes grow from, and the only pairs a partial match scores.
    let anchorPairs: Candidate[] | undefined;
    const pairsOn = (anchor: DiagnosisInput) => (anchorPairs ??= doubles.filter((cand) => reproducedBy(anchor, cand)));
    if (chosen.length === 0) {
      // Three, on every case only (a partial match of three is too loose a story). One model
      // evaluation on the first failure with a number rules out almost every triple.
      const finiteWrong = [...wrong].filter(informative);
      const fit = (cands: Candidate[]) => (anchor ? cands.filter((cand) => reproducedBy(anchor, cand) && explains(cand)).sort(byCatalogue).slice(0, 1) : []);
      chosen = fit(threes());
      if (chosen.length === 0 && anchor) {
        // Then the rarer mistakes that reproduce a failure alone or with one other (the pairs on the
        // anchor are what the partial match below evaluates anyway). A mistake is quiet on a case when its model gives the correct value there.
        const quietOn = (d: DiagnosisInput) => {
          const right = correct.values(d.case)[0]!;
          if (isModelError(right)) return () => false;
          const asObserved: Observation = typeof right === 'number' ? { kind: 'scalar', value: right } : { kind: 'freqs', ...right };
          return (m: Mistake) => reproduces(asObserved, singles.find((cand) => cand.ids[0] === m.id)!.values(d.case), d.case);
        };
        const seeds = [
          ...singles.filter((cand) => ORDER_IN_FN.get(cand.ids[0]!)! >= TRIPLE_POOL).flatMap((cand) => {
            const d = finiteWrong.find((x) => reproducedBy(x, cand));
            return d ? [{ ms: [MISTAKES[cand.ids[0]!]], quiet: quietOn(d) }] : [];
          }),
          ...pairsOn(anchor).map((cand) => ({ ms: cand.ids.map((id) => MISTAKES[id]), quiet: quietOn(anchor) })),
        ];
        chosen = fit(threes(seeds));
      }
    }
    if (chosen.length === 0) {
      // Partial: reproduces at least one failure and contradicts no passed case. A single mistake
      // first; then two made together, when the learner made a third the models do not combine
      // (no ε on top of sum + swapped weights): the pair still explains most cases.
      // A partial match must account for at least half of the failures: one case out of many
      // that happens to agree (a loss 2× too large everywhere matches "sum instead of mean" on
      // the one case with two examples) is a coincidence, not a diagnosis. Failures the models
      // cannot judge count too.
      const needed = Math.max(1, Math.ceil((wrong.size + unjudged) / 2));
      const failures = [...wrong]; // in suite order, as `obs`
      const hitsOf = (cand: Candidate): number => {
        let hits = 0;
        let misses = 0;
        for (const d of failures) {
          if (reproducedBy(d, cand)) hits++;
          else if (++misses > failures.length - needed) return 0; // can no longer reach `needed`
        }
        return hits;
      };
      // A NaN matches every model that gives NaN or inf: a partial match must also reproduce a
      // failure with a number (or an IndexError), or it rests on coincidences alone.
      const finite = failures.filter(informative);
      // One piece of code, as for a full match: the failures a candidate reproduces and the passed
      // cases must all come from one way of making the mistake. A loop over range(4) cannot raise
      // IndexError on one 3-class case and pass the next (np.unique's counts[1] on a column of
      // zeros can): each case having some class count that fits is no story.
      const oneWay = (cand: Candidate) => {
        const told = obs.filter((d) => d.passed || (wrong.has(d) && reproducedBy(d, cand)));
        return new Set(told.flatMap((d) => cand.ways(d.case))).size <= 1 || fittingWays(cand, told).length > 0;
      };
      const partial = (cands: Candidate[]) => {
        const scored = cands
          .map((cand) => ({ cand, hits: hitsOf(cand) }))
          .filter((s) => s.hits >= needed && finite.some((d) => reproducedBy(d, s.cand)))
          .filter((s) => obs.every((d) => !d.passed || reproducedBy(d, s.cand)))
          .filter((s) => oneWay(s.cand));
        const best = Math.max(0, ...scored.map((s) => s.hits));
        return scored.filter((s) => s.hits === best).map((s) => s.cand);
      };
      // Several single mistakes that fit equally well are several stories: none is told.
      chosen = partial(singles);
      if (chosen.length > MAX_PARTIAL) chosen = [];
      // Two that reproduce the very same failures are two readings of one story, not two mistakes
      // made at once (no ε in the logs and ε after them, agreeing on the NaNs and at a tiny ε): as
      // for a full match, the commoner is told.
      if (chosen.length > 1) {
        const told = (cand: Candidate) => failures.map((d) => reproducedBy(d, cand)).join();
        if (new Set(chosen.map(told)).size === 1) chosen = [...chosen].sort(byCatalogue).slice(0, 1);
      }
      if (chosen.length === 0) {
        // A pair must at least reproduce the first failure with a finite answer (in suite order,
        // the plainest case): one model evaluation rules out almost every pair, where scoring
        // them all would evaluate hundreds of models on every case.
        const pairsFound = anchor ? partial(pairsOn(anchor)) : [];
        // Several pairs that fit equally well are several stories: none is told.
        chosen = pairsFound.length <= MAX_PARTIAL ? pairsFound : [];
      }
      confidence = 'partial';
    }
    const seen = new Set<MistakeId>();
    const told = out.mistakes.length;
    for (const cand of chosen) {
      const matched = obs.filter((d) => wrong.has(d) && reproducedBy(d, cand));
      for (const d of matched) {
        const list = out.perCase.get(d.case.id) ?? [];
        for (const id of cand.ids) if (!list.includes(id)) list.push(id);
        out.perCase.set(d.case.id, list);
      }
      for (const id of cand.ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        const m = MISTAKES[id];
        const label = variantOf(m, cand, confidence === 'full' ? obs : matched);
        const at = label === undefined ? -1 : m.variants!.indexOf(label);
        // A library's way (Keras 3's clip) made by the loss's own code: told without the library.
        const hand = source.lossClipsByHand === true && at >= 0 ? m.byHand?.[at] : undefined;
        const variant = label === undefined ? undefined : word(id, hand?.label ?? label);
        // The variant's own fix, when it has one (a library function: write the logs instead of it).
        const fix = at < 0 ? undefined : hand ? hand.fix : m.variantFixes?.[at];
        out.mistakes.push(report(m, cand, matched, confidence, variant, fix));
      }
    }
    // Several single mistakes that each reproduce every case are alternatives, not mistakes made
    // together (two made at once would be a pair): these cases cannot tell them apart (a clip and
    // a second epsilon both shift the log of an exact 0 by 1e-7 on a suite with no other sign).
    // Each says so, or the learner reads two stories that contradict each other.
    const alternatives = out.mistakes.slice(told);
    if (confidence === 'full' && chosen.length > 1 && chosen.every((cand) => cand.ids.length === 1)) {
      for (const m of alternatives) {
        const others = alternatives.filter((o) => o !== m).map((o) => o.id);
        m.message = `These cases cannot tell this mistake from ${others.join(' or ')}: your code makes one of them. ${m.message}`;
      }
    }
  }
  return out;
}

/**
 * Which way of making mistake `m` the learner took, when its variants are labelled and exactly one
 * of them is in every way of the candidate (alone, or in a pair or triple) that reproduces every
 * case it must explain: in a pair too, the way decides the fix (K.binary_crossentropy's own
 * clip, then a mean over the whole matrix, is told to write the logs, not to "drop the clipping").
 */
function variantOf(m: Mistake, cand: Candidate, explained: DiagnosisInput[]): string | undefined {
  const labels = m.variants;
  if (!labels || explained.length === 0) return undefined;
  // A way's key names the variant of each labelled mistake in it, `${id}:${index};` (combine).
  const own = new RegExp(`(?:^|;)${m.id}:(\\d+);`);
  // Variants that differ only in what the hint need not say (how the negative frequencies were
  // derived) share a label: one label among the fits is enough.
  const named = new Set(fittingWays(cand, explained).map((way) => labels[Number(own.exec(way)?.[1] ?? NaN)]));
  if (named.size !== 1) return undefined;
  const label = [...named][0];
  if (label === undefined) return undefined;
  // A way the story already tells (the logs as they are) is not said again.
  return m.toldByDid?.some((i) => labels[i] === label) ? undefined : label;
}

/** The ways of the candidate (keys of `ways`) that reproduce every one of `ds` on their own. */
function fittingWays(cand: Candidate, ds: DiagnosisInput[]): string[] {
  const keys = new Set(ds.flatMap((d) => cand.ways(d.case)));
  return [...keys].filter((key) =>
    ds.every((d) => reproducedBy(d, cand, key)),
  );
}

/**
 * A mistake named without a model (from the form of an answer, across cases, or from the source),
 * as every report shows it: what the learner did, the evidence, the fix.
 */
export function signatureReport(id: MistakeId, evidence: string, cases: string[], location?: MistakeReport['location']): MistakeReport {
  const m = MISTAKES[id];
  return { id, message: `It looks like ${m.did}: ${evidence}.`, evidence, fix: m.fix, cases, confidence: 'full', ...(location ? { location } : {}) };
}

function report(m: Mistake, cand: Candidate, matched: DiagnosisInput[], confidence: 'full' | 'partial', variant?: string, fix?: string): MistakeReport {
  const evidence = evidenceFor(m, cand, matched);
  const also = togetherWith(cand.ids.filter((i) => i !== m.id));
  const lead = confidence === 'partial' ? 'Some of your results suggest that ' : 'It looks like ';
  const which = variant ? ` (here: ${variant})` : '';
  return {
    id: m.id,
    message: `${lead}${m.did}${which}${also}: ${evidence}.`,
    evidence,
    fix: fix ?? m.fix,
    cases: matched.map((d) => d.case.id),
    confidence,
  };
}

function evidenceFor(m: Mistake, cand: Candidate, matched: DiagnosisInput[]): string {
  // A story of this mistake alone (a ratio to the expected loss) is evidence of it in a pair or a
  // triple only on a case where the others change nothing: where this mistake's own model gives
  // the learner's value. Elsewhere the ratio is the mistakes' together, and may be near this
  // one's factor by chance (0.9992× read as "1 is the number of examples").
  const alone = cand.ids.length > 1 ? LOSS_SINGLES.find((x) => x.ids[0] === m.id) : undefined;
  for (const d of matched) {
    if (d.observation.kind !== 'scalar' || d.expected.fn !== 'weighted_loss' || d.case.inputs.fn !== 'weighted_loss') continue;
    if (cand.ids.length > 1 && !(alone && reproducedBy(d, alone))) continue;
    const { n, c } = caseShape(d.case);
    const e: Evidence = { caseId: d.case.id, actual: d.observation.value, expected: d.expected.loss, n, c, epsilon: d.case.inputs.epsilon, exactZeroOne: hasExactZeroOne(d.case) };
    const story = m.explain?.(e);
    if (story) return story;
  }
  // A log of 0 that math.log refused says more than a value that merely agrees. In a pair or a
  // triple, a case this mistake changes: one it leaves right (an epsilon default on a case that
  // passes epsilon) shows only the others.
  const shows = (x: DiagnosisInput) =>
    !alone || x.expected.fn !== 'weighted_loss' || !alone.values(x.case).some((v) => typeof v === 'number' && isClose(v, (x.expected as { loss: number }).loss, x.case.tolerance));
  const d = matched.find((x) => isLogDomainError(x.observation)) ?? matched.find(shows) ?? matched[0];
  if (!d) return 'the grader recognised the pattern across your cases';
  const o = d.observation;
  if (isLogDomainError(o)) {
    const names = cand.ids.length > 1 ? 'these mistakes take' : 'this mistake takes';
    return `on case ${d.case.id}${hasExactZeroOne(d.case) ? ', which has predictions of exactly 0 or 1,' : ''} math.log raised ValueError (math domain error), its error for the log of 0 or of a negative number, which ${names} there`;
  }
  if (o.kind === 'error') {
    const { n, c } = caseShape(d.case);
    return `on case ${d.case.id} (${c} classes, ${n} examples) your code raised ${o.type}, as this mistake does`;
  }
  if (o.kind === 'scalar' && d.expected.fn === 'weighted_loss') {
    const names = cand.ids.length > 1 ? 'these mistakes' : 'this mistake';
    if (!Number.isFinite(o.value))
      return `on case ${d.case.id} your loss is ${fmt(o.value)} where ${fmt(d.expected.loss)} is expected, and computing it with ${names} is not finite either`;
    const digits = ROUNDED_TO.get(d.case);
    if (digits !== undefined)
      return `on case ${d.case.id} your loss is ${fmt(o.value)} where ${fmt(d.expected.loss)} is expected, and computing it with ${names} gives your value once rounded to ${counted(digits, 'decimal')}`;
    return `on case ${d.case.id} your loss is ${fmt(o.value)} where ${fmt(d.expected.loss)} is expected, and computing it with ${names} gives exactly your value`;
  }
  if (o.kind === 'freqs' && d.expected.fn === 'compute_class_freqs') {
    // Quote the side that is wrong: the positive one, unless only the negative one is.
    const want = d.expected.freqs;
    // In a pair, the side this mistake changes: 1 / positive is told by the negatives it gives,
    // not by the positives that the other one (a mean over axis 1) made wrong.
    const own = cand.ids.length > 1 ? FREQ_SINGLES.find((x) => x.ids[0] === m.id)?.values(d.case) : undefined;
    const negOnly = !!own && own.length > 0 && own.every((v) => typeof v === 'object' && !isModelError(v) && vecClose(v.pos, want.pos, d.case.tolerance));
    // Right up to the rounding, on a diagnosis of rounded frequencies: what rounding the expected values gives.
    const right = (got: number[], w: number[]) => {
      const digits = ROUNDED_TO.get(d.case);
      return digits === undefined ? vecClose(got, w, d.case.tolerance) : sameRounded(got, w, d.case.tolerance, digits);
    };
    const side = negOnly || (right(o.pos, want.pos) && !right(o.neg, want.neg)) ? 'neg' : 'pos';
    const label = side === 'pos' ? 'positive' : 'negative';
    // A side returned as one number (float(np.mean(labels))) is quoted as that number, not as [x].
    const got = o.scalar?.[side] ? fmt(o[side][0]!) : vec(o[side]);
    return `on case ${d.case.id} you returned ${label} ${got} where ${vec(want[side])} is expected, which is what this mistake gives`;
  }
  return `case ${d.case.id}`;
}
