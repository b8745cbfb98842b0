/**
 * A loaded suite (+ the correct samples' grade reports) -> the ValidateReport. Pure: the command
 * loads the files and runs the samples, this module only judges.
 *
 * "Right": every case that gives points has a finite expected value, and the reference computed
 * in float32 lands within the case's tolerance of the float64 one (so a correct float32
 * implementation passes); every correct sample passes every case. "Strong enough": see
 * adequacy.ts.
 */
import { computeClassFreqs, weightedLoss } from '../../../reference/loss.js';
import { joinWords } from '../join-words.js';
import { toJsonNumber, type GradeReport } from '../schema/report.js';
import type { CaseAdequacy, Finding, SampleCheck, ValidateReport } from '../schema/validate.js';
import type { Case, Suite } from '../suite/load-suite.js';
import { zeroPointFiles } from '../suite/zero-points.js';
import { analyseAdequacy, toleranceUnits, vectorUnits } from './adequacy.js';
import { classFreqsF32, weightedLossF32 } from './reference-f32.js';

/** One case file as the command found it: its cases, or the loader's file:line messages. */
export type LoadedFile = { file: string; ok: true; suite: Suite } | { file: string; ok: false; message: string };

/** A correct sample's outcome: its grade report, or why it could not be run at all. */
export type SampleOutcome = { file: string; report: GradeReport } | { file: string; error: string };

export interface ValidateInput {
  files: LoadedFile[];
  /** undefined when samples were not run (--no-samples). */
  samples?: SampleOutcome[];
  version: string;
}

/** Merges the valid files' cases; a case id used twice is a finding and the later case is dropped. */
export function mergeFiles(files: LoadedFile[]): { suite: Suite; findings: Finding[] } {
  const suite: Suite = { files: [], names: [], cases: [] };
  const findings: Finding[] = [];
  const seen = new Map<string, Case>();
  for (const f of files) {
    if (!f.ok) {
      findings.push({ kind: 'invalid-file', file: f.file, message: f.message });
      continue;
    }
    // check and grade refuse two files of one suite name (reports group cases by it): so does validate.
    for (const name of f.suite.names) {
      const other = suite.names.indexOf(name);
      if (other >= 0) {
        findings.push({
          kind: 'invalid-file',
          file: f.file,
          message: `${f.suite.files[0] ?? f.file}: the suite name "${name}" is also that of ${suite.files[other]}, and reports group cases by suite name. Give this file a "suite:" name of its own.`,
        });
      }
    }
    suite.files.push(...f.suite.files);
    suite.names.push(...f.suite.names);
    for (const c of f.suite.cases) {
      const prev = seen.get(c.id);
      if (prev) {
        findings.push({
          kind: 'duplicate-id',
          caseId: c.id,
          file: c.source.file,
          line: c.source.line,
          message: `${c.source.file}:${c.source.line}: case "${c.id}" has the same id as ${prev.source.file}:${prev.source.line}. Case ids must be unique across all case files: rename one.`,
        });
        continue;
      }
      seen.set(c.id, c);
      suite.cases.push(c);
    }
  }
  return { suite, findings };
}

/** Expected value, float32 drift and the findings about them, for one case. */
export function checkCase(c: Case): { expected: CaseAdequacy['expected']; float32Drift: number; findings: Finding[] } {
  const findings: Finding[] = [];
  const at = { caseId: c.id, file: c.source.file, line: c.source.line };
  let expected: CaseAdequacy['expected'];
  let finite: boolean;
  let drift: number;
  if (c.inputs.fn === 'weighted_loss') {
    const v = weightedLoss(c.inputs);
    expected = toJsonNumber(v);
    finite = Number.isFinite(v);
    drift = toleranceUnits(weightedLossF32(c.inputs), v, c);
  } else {
    const f = computeClassFreqs(c.inputs.labels);
    expected = { pos: f.pos.map(toJsonNumber), neg: f.neg.map(toJsonNumber) };
    finite = [...f.pos, ...f.neg].every(Number.isFinite);
    drift = vectorUnits(classFreqsF32(c.inputs.labels), f, c);
  }
  if (!finite && c.points > 0) {
    findings.push({
      ...at,
      kind: 'non-finite-expected',
      message: `${c.source.file}:${c.source.line}: case "${c.id}" gives ${c.points} point(s) but the reference's value is ${String(expected)}. Use epsilon > 0 when predictions are exactly 0 or 1, or set points: 0.`,
    });
  } else if (finite && !(drift <= 1)) {
    findings.push({
      ...at,
      kind: 'float32-drift',
      message: `${c.source.file}:${c.source.line}: case "${c.id}": the reference computed in float32 is ${fmtUnits(drift)}× the tolerance away from float64, so a correct float32 implementation fails. Loosen "tolerance" (rtol ${c.tolerance.rtol}, atol ${c.tolerance.atol}) or change the inputs (predictions within ~1e-7 of 1 change when rounded to float32).`,
    });
  }
  return { expected, float32Drift: drift, findings };
}

export function checkSamples(samples: SampleOutcome[]): { checks: SampleCheck[]; findings: Finding[] } {
  const checks: SampleCheck[] = [];
  const findings: Finding[] = [];
  for (const s of samples) {
    if ('error' in s) {
      checks.push({ file: s.file, status: 'error', passed: 0, total: 0, failedCases: [] });
      findings.push({ kind: 'sample-failed', file: s.file, message: `The correct sample ${s.file} could not be graded: ${s.error}` });
      continue;
    }
    const r = s.report;
    const failed = r.cases.filter((c) => c.status !== 'passed');
    checks.push({ file: s.file, status: r.status, passed: r.cases.length - failed.length, total: r.cases.length, failedCases: failed.map((c) => c.id) });
    for (const p of r.problems) findings.push({ kind: 'sample-failed', file: s.file, message: `The correct sample ${s.file} could not be graded: ${p.message}` });
    for (const c of failed) {
      findings.push({
        kind: 'sample-failed',
        file: s.file,
        caseId: c.id,
        line: c.source.line,
        message: `The correct sample ${s.file} fails case "${c.id}" (${c.source.file}:${c.source.line}): ${c.message} Fix the case (its tolerance or inputs) or, if the sample is wrong, its status in submissions/manifest.yaml.`,
      });
    }
  }
  return { checks, findings };
}

/** A value at 6 significant digits, as relatedKey and rowsOf compare cases' values. */
const digits6 = (x: number) => Number(Number(x).toPrecision(6));

/**
 * A case's inputs up to the changes that leave its expected value known from another's: the rows
 * of labels in any order, or the labels complemented (compute_class_freqs's means, or the two
 * swapped); for the loss, each class's (y_true, y_pred)
 * pairs in any order (each class's term is a mean over its own column), the classes in any order
 * with their weights, a class's labels and predictions complemented with its two weights swapped
 * (the term reads the same), and every weight times one factor (the loss times that factor).
 * Values compared at 6 significant digits, so 1 − 0.7 is 0.3 and a case's float32 copy (its
 * values rounded to float32, about 7 digits) is the case: its expected value moves by about 1e-7
 * of itself, well within any tolerance a case may have (rtol 1e-5 by default), so the public
 * answer passes it.
 */
function relatedKey(c: Case): string {
  const i = c.inputs;
  if (i.fn === 'compute_class_freqs') {
    // The labels complemented (1 - y) give the two frequencies swapped.
    const rows = (flip: boolean) => JSON.stringify(i.labels.map((row) => JSON.stringify(row.map((y) => digits6(flip ? 1 - y : y)))).sort());
    const [a, b] = [rows(false), rows(true)];
    return `freqs:${a < b ? a : b}`;
  }
  const scale = [...i.posWeights, ...i.negWeights].reduce((a, w) => a + Math.abs(w), 0) || 1;
  const classes = i.yTrue[0]!.map((_, j) => {
    const column = (flip: boolean) => {
      const pairs = i.yTrue.map((row, k) => (flip ? [digits6(1 - row[j]!), digits6(1 - i.yPred[k]![j]!)] : [digits6(row[j]!), digits6(i.yPred[k]![j]!)]));
      pairs.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      const w = flip ? [i.negWeights[j]!, i.posWeights[j]!] : [i.posWeights[j]!, i.negWeights[j]!];
      return JSON.stringify([w.map((x) => digits6(x / scale)), pairs]);
    };
    const [a, b] = [column(false), column(true)];
    return a < b ? a : b;
  });
  return `loss:${digits6(i.epsilon)}:${JSON.stringify(classes.sort())}`;
}

/**
 * `p` when the public answer, times the weights' factor, is within `c`'s tolerance of `c`'s
 * expected value (relatedKey compares at 6 digits: a case with a tight tolerance may tell a
 * float32 copy apart); labels are 0 or 1, so compute_class_freqs's related cases are the same.
 */
function passedBy(c: Case, p: Case | undefined): Case | undefined {
  if (!p || c.inputs.fn !== 'weighted_loss' || p.inputs.fn !== 'weighted_loss') return p;
  const scale = (i: typeof c.inputs & { fn: 'weighted_loss' }) => [...i.posWeights, ...i.negWeights].reduce((a, w) => a + Math.abs(w), 0) || 1;
  const want = weightedLoss(c.inputs);
  const answer = (weightedLoss(p.inputs) * scale(c.inputs)) / scale(p.inputs);
  return Math.abs(want - answer) <= c.tolerance.atol + c.tolerance.rtol * Math.abs(want) ? p : undefined;
}

/**
 * Hidden cases that give points on a public case's inputs (the same function, labels, or y_true,
 * y_pred, weights and epsilon), or on inputs whose expected value follows from a public case's
 * (relatedKey: rows or classes reordered, a class complemented, the weights scaled). Learners see
 * the public cases' expected values (`check`, `wlgrade cases show`), and a submission sees every
 * call's inputs: one that returns the public answers from a table, and nothing of its own, passes
 * such a hidden case too (red team 18: the bundled suites share no inputs, but nothing checked a
 * suite staff write; red team 19: nor a copy with its rows shuffled or its weights doubled, which a
 * table reaches by sorting the columns and dividing the weights).
 */
export function publicInputs(suite: Suite): Finding[] {
  const key = (c: Case) => JSON.stringify(c.inputs);
  const pub = new Map<string, Case>();
  const related = new Map<string, Case>();
  const publics: Case[] = [];
  for (const c of suite.cases) {
    if (c.visibility !== 'public') continue;
    publics.push(c);
    if (!pub.has(key(c))) pub.set(key(c), c);
    if (!related.has(relatedKey(c))) related.set(relatedKey(c), c);
  }
  const at = (p: Case) => `"${p.id}" (${p.source.file}:${p.source.line})`;
  const finding = (c: Case, what: string): Finding => ({
    kind: 'public-inputs' as const,
    caseId: c.id,
    file: c.source.file,
    line: c.source.line,
    message: `${c.source.file}:${c.source.line}: hidden case "${c.id}" ${what}: code that returns the public answers from a table passes it without computing anything. Change its inputs (another seed, shape or values).`,
  });
  return suite.cases.flatMap((c) => {
    if (c.visibility !== 'hidden' || c.points <= 0) return [];
    const same = pub.get(key(c));
    const like = same ? undefined : passedBy(c, related.get(relatedKey(c)));
    const p = same ?? like;
    if (!p) {
      const reordered = c.inputs.fn === 'compute_class_freqs' ? publics.find((q) => columnsReordered(c, q)) : undefined;
      if (reordered) {
        return [finding(c, `has the labels of public case ${at(reordered)} with its classes (columns) reordered, and maybe its rows or its labels complemented, so its expected frequencies are the public ones in another order, which learners see`)];
      }
      const parts = stackedFrom(c, publics);
      if (parts) {
        // Each public case once, with how many times it is stacked: "p" (a.yaml:4) twice.
        const times = new Map<Case, number>();
        for (const q of parts) times.set(q, (times.get(q) ?? 0) + 1);
        const names = [...times].map(([q, n]) => `${at(q)}${n === 1 ? '' : n === 2 ? ' twice' : ` ${n} times`}`);
        const list = joinWords(names);
        return [finding(c, `stacks the rows of public case${names.length === 1 ? '' : 's'} ${list}, in some order, so its expected value follows from theirs (their answers averaged, each weighted by its number of examples), which learners see`)];
      }
      return [];
    }
    const what = same
      ? `has the inputs of public case ${at(p)}, whose expected value learners see`
      : `has the inputs of public case ${at(p)} ${c.inputs.fn === 'compute_class_freqs' ? 'with its rows reordered or its labels complemented' : 'with rows or classes reordered, a class\'s labels and predictions complemented, the weights scaled or the values rounded (float32)'}, so its expected value follows from the public one, which learners see`;
    return [finding(c, what)];
  });
}

/**
 * A case's rows as strings (labels; or y_true's and y_pred's row together) and what rows must share
 * to be stacked into one case whose answer follows from the parts' (the function and number of
 * classes; for the loss, epsilon and the weights): the loss is a sum over classes of means over
 * the examples, so stacked cases' loss is their losses averaged by their numbers of examples, as
 * the frequencies are.
 */
function rowsOf(c: Case): { group: string; rows: string[] } {
  const i = c.inputs;
  if (i.fn === 'compute_class_freqs') return { group: `freqs:${i.labels[0]?.length ?? 0}`, rows: i.labels.map((r) => JSON.stringify(r.map(digits6))) };
  return {
    group: `loss:${digits6(i.epsilon)}:${JSON.stringify([i.posWeights.map(digits6), i.negWeights.map(digits6)])}`,
    rows: i.yTrue.map((r, k) => JSON.stringify([r.map(digits6), i.yPred[k]!.map(digits6)])),
  };
}

const countOf = (rows: string[]) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
};

/**
 * The public cases (two or more, one possibly twice; at most 6) whose rows, stacked in some
 * order, are `c`'s rows, or null. Only parts of `c`'s function, class count (and, for the loss,
 * epsilon and weights) qualify; exact cover of the row multiset, searched depth first.
 */
function stackedFrom(c: Case, publics: Case[]): Case[] | null {
  const mine = rowsOf(c);
  const parts = publics
    .filter((p) => p.inputs.fn === c.inputs.fn)
    .map((p) => ({ p, ...rowsOf(p) }))
    .filter((x) => x.group === mine.group && x.rows.length > 0 && x.rows.length < mine.rows.length);
  if (parts.length === 0) return null;
  const counts = parts.map((x) => countOf(x.rows));
  const left = countOf(mine.rows);
  let remaining = mine.rows.length;
  const chosen: Case[] = [];
  const fits = (k: number) => [...counts[k]!].every(([r, n]) => (left.get(r) ?? 0) >= n);
  const take = (k: number, sign: 1 | -1) => {
    for (const [r, n] of counts[k]!) left.set(r, (left.get(r) ?? 0) - sign * n);
    remaining -= sign * parts[k]!.rows.length;
  };
  const search = (from: number): boolean => {
    if (remaining === 0) return chosen.length >= 2;
    if (chosen.length === 6) return false;
    for (let k = from; k < parts.length; k++) {
      if (!fits(k)) continue;
      take(k, 1);
      chosen.push(parts[k]!.p);
      if (search(k)) return true;
      chosen.pop();
      take(k, -1);
    }
    return false;
  };
  return search(0) ? chosen : null;
}

/**
 * Whether hidden compute_class_freqs case `c` has public case `p`'s labels with the classes
 * (columns) in another order, the rows in any order and the labels maybe complemented: its
 * frequencies are then p's, reordered (or swapped). Columns are matched one at a time, each to a
 * column of p with as many positives, keeping the rows of the columns matched so far equal as
 * multisets. relatedKey already finds the columns in p's own order.
 */
function columnsReordered(c: Case, p: Case): boolean {
  if (c.inputs.fn !== 'compute_class_freqs' || p.inputs.fn !== 'compute_class_freqs') return false;
  const [a, b] = [c.inputs.labels, p.inputs.labels];
  const cols = a[0]?.length ?? 0;
  if (a.length !== b.length || a.length === 0 || cols !== (b[0]?.length ?? 0) || cols < 2) return false;
  for (const flip of [false, true]) {
    const x = a.map((r) => r.map((v) => digits6(flip ? 1 - v : v)));
    const y = b.map((r) => r.map(digits6));
    const sum = (m: number[][], j: number) => digits6(m.reduce((t, r) => t + r[j]!, 0));
    const used = new Set<number>();
    const map: number[] = [];
    const rowsMatch = () => {
      const proj = (m: number[][], js: number[]) => m.map((r) => JSON.stringify(js.map((j) => r[j]))).sort().join('|');
      return proj(x, map.map((_, i) => i)) === proj(y, map);
    };
    const search = (j: number): boolean => {
      if (j === cols) return true;
      for (let k = 0; k < cols; k++) {
        if (used.has(k) || sum(x, j) !== sum(y, k)) continue;
        used.add(k);
        map.push(k);
        if (rowsMatch() && search(j + 1)) return true;
        map.pop();
        used.delete(k);
      }
      return false;
    };
    if (search(0)) return true;
  }
  return false;
}

export function validateSuite(input: ValidateInput): ValidateReport {
  const merged = mergeFiles(input.files);
  const { suite } = merged;
  const findings: Finding[] = [...merged.findings, ...publicInputs(suite)];
  for (const z of zeroPointFiles(suite)) findings.push({ kind: 'no-points', file: z.file, line: z.line, message: z.message });
  const adequacy = analyseAdequacy(suite);
  const cases: CaseAdequacy[] = suite.cases.map((c) => {
    const checked = checkCase(c);
    findings.push(...checked.findings);
    const a = adequacy.perCase.get(c.id)!;
    return {
      id: c.id,
      function: c.function,
      visibility: c.visibility,
      points: c.points,
      source: c.source,
      tolerance: c.tolerance,
      expected: checked.expected,
      float32Drift: toJsonNumber(checked.float32Drift),
      catches: a.catches,
      names: a.names,
      margin: a.margin,
    };
  });
  findings.push(...adequacy.findings);
  const samples = input.samples ? checkSamples(input.samples) : undefined;
  if (samples) findings.push(...samples.findings);
  const files = input.files.map((f) => ({ file: f.file, cases: f.ok ? f.suite.cases.length : 0, valid: f.ok }));
  return {
    schemaVersion: 1,
    tool: { name: 'wlgrade', version: input.version },
    ok: findings.length === 0,
    files,
    findings,
    notes: adequacy.notes,
    cases,
    mistakes: adequacy.mistakes,
    samples: samples ? samples.checks : null,
  };
}

export const fmtUnits = (u: number): string => {
  if (!Number.isFinite(u)) return String(u).replace('Infinity', 'inf');
  if (u === 0) return '0';
  return u >= 1e4 || u < 1e-2 ? u.toExponential(1) : String(Number(u.toPrecision(3)));
};

/** The findings of how strong a suite is (not of whether it is right). */
const ADEQUACY_KINDS = new Set<Finding['kind']>(['uncaught', 'unnamed', 'ambiguous', 'unexplained']);

/**
 * The findings of a suite of hidden cases validated alone (`alone`) that the public suite answers:
 * those of a mistake for which, validated together with the public suite (`together`), no finding
 * of the same kind remains. A hidden suite alone is held to catching and naming every mistake by
 * itself; graded beside the public one (grade's and Gradescope's default), it need not.
 */
export function answeredByPublic(alone: ValidateReport, together: ValidateReport): Finding[] {
  const left = new Set(together.findings.filter((f) => ADEQUACY_KINDS.has(f.kind)).map((f) => `${f.kind} ${f.mistake}`));
  return alone.findings.filter((f) => ADEQUACY_KINDS.has(f.kind) && f.mistake !== undefined && !left.has(`${f.kind} ${f.mistake}`));
}
