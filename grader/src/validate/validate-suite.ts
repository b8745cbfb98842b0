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
  const num = (x: number) => Number(Number(x).toPrecision(6));
  const i = c.inputs;
  if (i.fn === 'compute_class_freqs') {
    // The labels complemented (1 - y) give the two frequencies swapped.
    const rows = (flip: boolean) => JSON.stringify(i.labels.map((row) => JSON.stringify(row.map((y) => num(flip ? 1 - y : y)))).sort());
    const [a, b] = [rows(false), rows(true)];
    return `freqs:${a < b ? a : b}`;
  }
  const scale = [...i.posWeights, ...i.negWeights].reduce((a, w) => a + Math.abs(w), 0) || 1;
  const classes = i.yTrue[0]!.map((_, j) => {
    const column = (flip: boolean) => {
      const pairs = i.yTrue.map((row, k) => (flip ? [num(1 - row[j]!), num(1 - i.yPred[k]![j]!)] : [num(row[j]!), num(i.yPred[k]![j]!)]));
      pairs.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      const w = flip ? [i.negWeights[j]!, i.posWeights[j]!] : [i.posWeights[j]!, i.negWeights[j]!];
      return JSON.stringify([w.map((x) => num(x / scale)), pairs]);
    };
    const [a, b] = [column(false), column(true)];
    return a < b ? a : b;
  });
  return `loss:${num(i.epsilon)}:${JSON.stringify(classes.sort())}`;
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
  for (const c of suite.cases) {
    if (c.visibility !== 'public') continue;
    if (!pub.has(key(c))) pub.set(key(c), c);
    if (!related.has(relatedKey(c))) related.set(relatedKey(c), c);
  }
  return suite.cases.flatMap((c) => {
    if (c.visibility !== 'hidden' || c.points <= 0) return [];
    const same = pub.get(key(c));
    const like = same ? undefined : passedBy(c, related.get(relatedKey(c)));
    const p = same ?? like;
    if (!p) return [];
    const what = same
      ? `has the inputs of public case "${p.id}" (${p.source.file}:${p.source.line}), whose expected value learners see`
      : `has the inputs of public case "${p.id}" (${p.source.file}:${p.source.line}) ${c.inputs.fn === 'compute_class_freqs' ? 'with its rows reordered or its labels complemented' : 'with rows or classes reordered, a class\'s labels and predictions complemented, the weights scaled or the values rounded (float32)'}, so its expected value follows from the public one, which learners see`;
    return [
      {
        kind: 'public-inputs' as const,
        caseId: c.id,
        file: c.source.file,
        line: c.source.line,
        message: `${c.source.file}:${c.source.line}: hidden case "${c.id}" ${what}: code that returns the public answers from a table passes it without computing anything. Change its inputs (another seed, shape or values).`,
      },
    ];
  });
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
