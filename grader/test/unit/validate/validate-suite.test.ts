import { describe, expect, it } from 'vitest';
import { weightedLoss } from '../../../../reference/loss.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import type { CaseResult, GradeReport } from '../../../src/schema/report.js';
import { ValidateReportSchema } from '../../../src/schema/validate.js';
import { parseSuite, type Case, type Suite } from '../../../src/suite/load-suite.js';
import { checkCase, checkSamples, mergeFiles, publicInputs, validateSuite, type LoadedFile } from '../../../src/validate/validate-suite.js';

function suite(yamlCases: string, file = 'a.yaml'): Suite {
  const { name, cases } = parseSuite(`cases:\n${yamlCases}`, file);
  return { files: [file], names: [name], cases };
}
const only = (s: Suite): Case => s.cases[0]!;

function makeCaseResult(over: Partial<CaseResult> = {}): CaseResult {
  return {
    id: 'c1', function: 'weighted_loss', suite: 'public', description: '', tags: [], visibility: 'public', status: 'passed',
    points: 1, maxPoints: 1, message: 'ok', mistakes: [], notes: [], source: { file: 'cases/public.yaml', line: 3 }, ...over,
  };
}
function makeReport(over: Partial<GradeReport> = {}): GradeReport {
  return {
    schemaVersion: 1, tool: { name: 'wlgrade', version: 't' }, submission: { path: '/x.py', displayName: 'x.py', kind: 'py' },
    sandbox: 'process', python: null, suites: ['public'], score: 1, maxScore: 1, status: 'passed', problems: [], notes: [],
    cases: [makeCaseResult()], mistakes: [], output: { stdout: '', stderr: '', truncated: false }, durationMs: 0, ...over,
  };
}

describe('checkCase', () => {
  it('flags a case that gives points for a non-finite expected value', () => {
    const c = only(suite('  - {id: nan, function: weighted_loss, epsilon: 0, y_true: [[1], [0]], y_pred: [[0], [0]]}\n'));
    const r = checkCase(c);
    expect(r.expected).toBe('NaN');
    expect(r.findings).toEqual([
      expect.objectContaining({ kind: 'non-finite-expected', caseId: 'nan', file: 'a.yaml', line: 2 }),
    ]);
  });

  it('accepts the same case with no points', () => {
    const c = only(suite('  - {id: nan, function: weighted_loss, points: 0, epsilon: 0, y_true: [[1], [0]], y_pred: [[0], [0]]}\n'));
    expect(checkCase(c).findings).toEqual([]);
  });

  it('flags a float64 case whose inputs change when rounded to float32', () => {
    // 1 − 1e-8 rounds to 1 in float32, where log(1 − p + 1e-9) moves from log(1.1e-8) to log(1e-9).
    const c = only(suite('  - {id: near1, function: weighted_loss, epsilon: 1.0e-9, y_true: [[0]], y_pred: [[0.99999999]], pos_weights: [1], neg_weights: [1]}\n'));
    const r = checkCase(c);
    expect(r.float32Drift).toBeGreaterThan(1);
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'float32-drift', caseId: 'near1' })]);
  });

  it('finds no drift on the course example', () => {
    const c = only(suite('  - {id: toy, function: weighted_loss, y_true: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]], y_pred: {constant: 0.7}, pos_weights: [0.25, 0.25, 0.5], neg_weights: [0.75, 0.75, 0.5]}\n'));
    const r = checkCase(c);
    expect(r.expected).toBeCloseTo(0.9754045, 7);
    expect(r.float32Drift).toBeLessThan(0.01);
    expect(r.findings).toEqual([]);
  });
});

describe('mergeFiles', () => {
  it('reports a case id used in two files, with both places', () => {
    const a = suite('  - {id: x, function: compute_class_freqs, labels: [[1]]}\n', 'a.yaml');
    const b = suite('\n  - {id: x, function: compute_class_freqs, labels: [[0]]}\n', 'b.yaml');
    const m = mergeFiles([{ file: 'a.yaml', ok: true, suite: a }, { file: 'b.yaml', ok: true, suite: b }]);
    expect(m.suite.cases).toHaveLength(1);
    expect(m.findings).toEqual([
      {
        kind: 'duplicate-id', caseId: 'x', file: 'b.yaml', line: 3,
        message: 'b.yaml:3: case "x" has the same id as a.yaml:2. Case ids must be unique across all case files: rename one.',
      },
    ]);
  });

  it('reports two files of one suite name, as check and grade refuse them', () => {
    const a = suite('  - {id: x, function: compute_class_freqs, labels: [[1]]}\n', 'hidden.yaml');
    const b = suite('  - {id: y, function: compute_class_freqs, labels: [[0]]}\n', 'copy/hidden.yaml');
    const m = mergeFiles([{ file: 'hidden.yaml', ok: true, suite: a }, { file: 'copy/hidden.yaml', ok: true, suite: b }]);
    expect(m.suite.cases.map((c) => c.id)).toEqual(['x', 'y']);
    expect(m.findings).toEqual([
      {
        kind: 'invalid-file', file: 'copy/hidden.yaml',
        message: 'copy/hidden.yaml: the suite name "hidden" is also that of hidden.yaml, and reports group cases by suite name. Give this file a "suite:" name of its own.',
      },
    ]);
  });

  it('turns an invalid file into a finding that keeps its file:line message', () => {
    const m = mergeFiles([{ file: 'bad.yaml', ok: false, message: 'bad.yaml:4: case "a", field "tolerance.rtol": too big.' }]);
    expect(m.findings).toEqual([{ kind: 'invalid-file', file: 'bad.yaml', message: 'bad.yaml:4: case "a", field "tolerance.rtol": too big.' }]);
  });
});

describe('publicInputs', () => {
  const LOSS = 'y_true: [[1, 0], [0, 1]], y_pred: [[0.8, 0.3], [0.4, 0.6]], pos_weights: [0.5, 0.5], neg_weights: [0.5, 0.5]';
  const merged = (pub: string, hidden: string) =>
    mergeFiles([
      { file: 'public.yaml', ok: true, suite: suite(pub, 'public.yaml') },
      { file: 'hidden.yaml', ok: true, suite: { ...suite(hidden, 'hidden.yaml'), names: ['hidden'] } },
    ]).suite;

  it("flags a hidden case with points on a public case's inputs (labels as integers or floats alike, epsilon passed or left to its default)", () => {
    const s = merged(
      `  - {id: p-freqs, function: compute_class_freqs, labels: [[1, 0], [0, 0], [1, 1]]}\n  - {id: p-loss, function: weighted_loss, epsilon_arg: omitted, ${LOSS}}\n`,
      `  - {id: h-freqs, function: compute_class_freqs, visibility: hidden, label_dtype: int32, labels: [[1, 0], [0, 0], [1, 1]]}\n  - {id: h-loss, function: weighted_loss, visibility: hidden, ${LOSS}}\n`,
    );
    expect(publicInputs(s)).toEqual([
      expect.objectContaining({ kind: 'public-inputs', caseId: 'h-freqs', file: 'hidden.yaml', line: 2 }),
      expect.objectContaining({ kind: 'public-inputs', caseId: 'h-loss', file: 'hidden.yaml', line: 3 }),
    ]);
    expect(publicInputs(s)[0]!.message).toBe(
      'hidden.yaml:2: hidden case "h-freqs" has the inputs of public case "p-freqs" (public.yaml:2), whose expected value learners see: code that returns the public answers from a table passes it without computing anything. Change its inputs (another seed, shape or values).',
    );
  });

  it('passes other inputs (another epsilon), a hidden case with no points, and two public or two hidden cases alike', () => {
    const s = merged(
      `  - {id: p1, function: weighted_loss, ${LOSS}}\n  - {id: p2, function: weighted_loss, ${LOSS}}\n`,
      `  - {id: h1, function: weighted_loss, visibility: hidden, epsilon: 0.1, ${LOSS}}\n  - {id: h3, function: weighted_loss, visibility: hidden, points: 0, ${LOSS}}\n  - {id: h4, function: weighted_loss, visibility: hidden, epsilon: 0.1, ${LOSS}}\n`,
    );
    expect(publicInputs(s)).toEqual([]);
  });

  it("flags a public case's float32 copy: its expected value is the public one's within the tolerance", () => {
    const s = merged(`  - {id: p1, function: weighted_loss, ${LOSS}}\n`, `  - {id: h2, function: weighted_loss, visibility: hidden, dtype: float32, ${LOSS}}\n`);
    const [p1, h2] = s.cases.map((c) => (c.inputs.fn === 'weighted_loss' ? weightedLoss(c.inputs) : NaN));
    expect(Math.abs(h2! - p1!)).toBeLessThan(1e-5 * Math.abs(p1!)); // the public answer passes it
    expect(publicInputs(s).map((f) => f.caseId)).toEqual(['h2']);
    expect(publicInputs(s)[0]!.message).toContain('or the values rounded (float32)');
    // With a tolerance tighter than float32's rounding, the public answer fails it: not flagged.
    const tight = merged(`  - {id: p1, function: weighted_loss, ${LOSS}}\n`, `  - {id: h2, function: weighted_loss, visibility: hidden, dtype: float32, tolerance: {rtol: 1.0e-12, atol: 0}, ${LOSS}}\n`);
    expect(publicInputs(tight)).toEqual([]);
  });

  it("flags a hidden case whose expected value follows from a public case's: rows or classes reordered, a class complemented, the weights scaled", () => {
    const s = merged(
      `  - {id: p-freqs, function: compute_class_freqs, labels: [[1, 0], [0, 0], [1, 1]]}\n  - {id: p-loss, function: weighted_loss, ${LOSS}}\n`,
      [
        '  - {id: h-rows, function: compute_class_freqs, visibility: hidden, labels: [[1, 1], [1, 0], [0, 0]]}',
        '  - {id: h-complement, function: compute_class_freqs, visibility: hidden, labels: [[0, 1], [1, 1], [0, 0]]}',
        // The rows swapped, then the classes swapped with their weights, then every weight doubled.
        '  - {id: h-shuffled, function: weighted_loss, visibility: hidden, y_true: [[0, 1], [1, 0]], y_pred: [[0.3, 0.8], [0.6, 0.4]], pos_weights: [1, 1], neg_weights: [1, 1]}',
        // The first class complemented (1 - y, 1 - p) with its weights swapped.
        '  - {id: h-flipped, function: weighted_loss, visibility: hidden, y_true: [[0, 0], [1, 1]], y_pred: [[0.2, 0.3], [0.6, 0.6]], pos_weights: [0.5, 0.5], neg_weights: [0.5, 0.5]}',
      ].join('\n') + '\n',
    );
    // What makes them leak: each expected value is the public one's times the weights' factor.
    const loss = (id: string) => {
      const i = s.cases.find((c) => c.id === id)!.inputs;
      return i.fn === 'weighted_loss' ? weightedLoss(i) : NaN;
    };
    expect(loss('h-shuffled')).toBeCloseTo(2 * loss('p-loss'), 12);
    expect(loss('h-flipped')).toBeCloseTo(loss('p-loss'), 12);
    expect(publicInputs(s).map((f) => [f.caseId, f.kind])).toEqual([
      ['h-rows', 'public-inputs'],
      ['h-complement', 'public-inputs'],
      ['h-shuffled', 'public-inputs'],
      ['h-flipped', 'public-inputs'],
    ]);
    expect(publicInputs(s)[2]!.message).toBe(
      'hidden.yaml:4: hidden case "h-shuffled" has the inputs of public case "p-loss" (public.yaml:3) with rows or classes reordered, a class\'s labels and predictions complemented, the weights scaled or the values rounded (float32), so its expected value follows from the public one, which learners see: code that returns the public answers from a table passes it without computing anything. Change its inputs (another seed, shape or values).',
    );
  });

  it('passes inputs whose expected value does not follow from a public one: one weight changed, a prediction moved, only the labels complemented', () => {
    const s = merged(
      `  - {id: p-freqs, function: compute_class_freqs, labels: [[1, 0], [0, 0], [1, 1]]}\n  - {id: p-loss, function: weighted_loss, ${LOSS}}\n`,
      [
        '  - {id: h-cols, function: compute_class_freqs, visibility: hidden, labels: [[0, 1], [0, 0], [0, 1]]}',
        '  - {id: h-weight, function: weighted_loss, visibility: hidden, y_true: [[1, 0], [0, 1]], y_pred: [[0.8, 0.3], [0.4, 0.6]], pos_weights: [0.5, 0.6], neg_weights: [0.5, 0.5]}',
        '  - {id: h-pred, function: weighted_loss, visibility: hidden, y_true: [[1, 0], [0, 1]], y_pred: [[0.8, 0.3], [0.4, 0.7]], pos_weights: [0.5, 0.5], neg_weights: [0.5, 0.5]}',
        '  - {id: h-labels, function: weighted_loss, visibility: hidden, y_true: [[0, 1], [1, 0]], y_pred: [[0.8, 0.3], [0.4, 0.6]], pos_weights: [0.5, 0.5], neg_weights: [0.5, 0.5]}',
      ].join('\n') + '\n',
    );
    expect(publicInputs(s)).toEqual([]);
  });

  it("flags a hidden compute_class_freqs case whose classes are a public case's columns reordered (rows shuffled, labels complemented or not)", () => {
    const s = merged(
      '  - {id: p-freqs, function: compute_class_freqs, labels: [[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 0, 0]]}\n',
      [
        // columns (2, 0, 1) of the public labels, rows in another order
        '  - {id: h-cols, function: compute_class_freqs, visibility: hidden, labels: [[0, 1, 1], [1, 0, 0], [0, 0, 0], [1, 1, 0]]}',
        // the same, every label complemented
        '  - {id: h-cols-flipped, function: compute_class_freqs, visibility: hidden, labels: [[1, 0, 0], [0, 1, 1], [1, 1, 1], [0, 0, 1]]}',
      ].join('\n') + '\n',
    );
    expect(publicInputs(s).map((f) => [f.caseId, f.kind, f.file, f.line])).toEqual([
      ['h-cols', 'public-inputs', 'hidden.yaml', 2],
      ['h-cols-flipped', 'public-inputs', 'hidden.yaml', 3],
    ]);
    expect(publicInputs(s)[0]!.message).toBe(
      'hidden.yaml:2: hidden case "h-cols" has the labels of public case "p-freqs" (public.yaml:2) with its classes (columns) reordered, and maybe its rows or its labels complemented, so its expected frequencies are the public ones in another order, which learners see: code that returns the public answers from a table passes it without computing anything. Change its inputs (another seed, shape or values).',
    );
  });

  it('flags a hidden case that stacks the rows of several public cases (its answer is theirs averaged by their numbers of examples)', () => {
    const LOSS2 = 'y_true: [[1, 1], [0, 0], [1, 0]], y_pred: [[0.9, 0.2], [0.1, 0.5], [0.7, 0.4]], pos_weights: [0.5, 0.5], neg_weights: [0.5, 0.5]';
    const s = merged(
      [
        '  - {id: p-f1, function: compute_class_freqs, labels: [[1, 0], [0, 0], [1, 1]]}',
        '  - {id: p-f2, function: compute_class_freqs, labels: [[0, 1], [1, 1]]}',
        `  - {id: p-l1, function: weighted_loss, ${LOSS}}`,
        `  - {id: p-l2, function: weighted_loss, ${LOSS2}}`,
      ].join('\n') + '\n',
      [
        // p-f2's rows, then p-f1's, shuffled
        '  - {id: h-f, function: compute_class_freqs, visibility: hidden, labels: [[1, 1], [1, 0], [0, 1], [0, 0], [1, 1]]}',
        // p-l1's rows and p-l2's, interleaved
        '  - {id: h-l, function: weighted_loss, visibility: hidden, y_true: [[1, 1], [1, 0], [0, 0], [0, 1], [1, 0]], y_pred: [[0.9, 0.2], [0.8, 0.3], [0.1, 0.5], [0.4, 0.6], [0.7, 0.4]], pos_weights: [0.5, 0.5], neg_weights: [0.5, 0.5]}',
        // p-l1 stacked on itself: the same answer
        '  - {id: h-twice, function: weighted_loss, visibility: hidden, y_true: [[1, 0], [0, 1], [1, 0], [0, 1]], y_pred: [[0.8, 0.3], [0.4, 0.6], [0.8, 0.3], [0.4, 0.6]], pos_weights: [0.5, 0.5], neg_weights: [0.5, 0.5]}',
      ].join('\n') + '\n',
    );
    // What makes them leak: the stacked case's loss is the parts' losses averaged by their sizes.
    const loss = (id: string) => {
      const i = s.cases.find((c) => c.id === id)!.inputs;
      return i.fn === 'weighted_loss' ? weightedLoss(i) : NaN;
    };
    expect(loss('h-l')).toBeCloseTo((2 * loss('p-l1') + 3 * loss('p-l2')) / 5, 12);
    expect(publicInputs(s).map((f) => [f.caseId, f.line])).toEqual([
      ['h-f', 2],
      ['h-l', 3],
      ['h-twice', 4],
    ]);
    expect(publicInputs(s)[0]!.message).toBe(
      'hidden.yaml:2: hidden case "h-f" stacks the rows of public cases "p-f1" (public.yaml:2) and "p-f2" (public.yaml:3), in some order, so its expected value follows from theirs (their answers averaged, each weighted by its number of examples), which learners see: code that returns the public answers from a table passes it without computing anything. Change its inputs (another seed, shape or values).',
    );
    expect(publicInputs(s)[2]!.message).toContain('stacks the rows of public case "p-l1" (public.yaml:4) twice, in some order');
  });

  it('passes stacks and reorderings whose answer does not follow: a row more, other weights, columns whose rows differ jointly', () => {
    const s = merged(
      [
        '  - {id: p-f1, function: compute_class_freqs, labels: [[1, 1], [0, 0], [1, 0], [0, 1]]}',
        '  - {id: p-f2, function: compute_class_freqs, labels: [[0, 1], [1, 1]]}',
        `  - {id: p-l1, function: weighted_loss, ${LOSS}}`,
      ].join('\n') + '\n',
      [
        // p-f1's and p-f2's rows and one more
        '  - {id: h-extra, function: compute_class_freqs, visibility: hidden, labels: [[1, 1], [0, 0], [1, 0], [0, 1], [0, 1], [1, 1], [0, 0]]}',
        // each column has p-f1's number of positives, but no order of them gives its rows
        '  - {id: h-joint, function: compute_class_freqs, visibility: hidden, labels: [[1, 0], [0, 1], [1, 0], [0, 1]]}',
        // p-l1 twice with other weights
        '  - {id: h-weights, function: weighted_loss, visibility: hidden, y_true: [[1, 0], [0, 1], [1, 0], [0, 1]], y_pred: [[0.8, 0.3], [0.4, 0.6], [0.8, 0.3], [0.4, 0.6]], pos_weights: [0.5, 0.7], neg_weights: [0.5, 0.5]}',
      ].join('\n') + '\n',
    );
    expect(publicInputs(s)).toEqual([]);
  });

  it('the bundled suites share no inputs', async () => {
    const { loadSuite } = await import('../../../src/suite/load-suite.js');
    expect(publicInputs(await loadSuite(['cases/public.yaml', 'cases/hidden.yaml'], PACKAGE_ROOT))).toEqual([]);
  });
});

describe('checkSamples', () => {
  it('passes a correct sample that passes every case', () => {
    expect(checkSamples([{ file: 'correct/a.py', report: makeReport() }])).toEqual({
      checks: [{ file: 'correct/a.py', status: 'passed', passed: 1, total: 1, failedCases: [] }],
      findings: [],
    });
  });

  it('reports each case a correct sample fails, and samples that cannot be graded', () => {
    const failed = makeReport({ status: 'failed', cases: [makeCaseResult({ id: 'c9', status: 'failed', message: 'Your loss is 2; expected 1.' })] });
    const r = checkSamples([{ file: 'correct/a.py', report: failed }, { file: 'correct/b.py', error: 'it does not exist' }]);
    expect(r.checks.map((c) => [c.file, c.status, c.failedCases])).toEqual([['correct/a.py', 'failed', ['c9']], ['correct/b.py', 'error', []]]);
    expect(r.findings.map((f) => f.kind)).toEqual(['sample-failed', 'sample-failed']);
    expect(r.findings[0]!.message).toContain('fails case "c9" (cases/public.yaml:3): Your loss is 2; expected 1.');
  });
});

describe('validateSuite', () => {
  it('produces a report that matches its schema, ok only without findings', () => {
    const files: LoadedFile[] = [{ file: 'a.yaml', ok: true, suite: suite('  - {id: x, function: compute_class_freqs, labels: [[1, 0], [0, 0], [1, 1]]}\n') }];
    const r = validateSuite({ files, version: 't' });
    expect(ValidateReportSchema.parse(r)).toEqual(r);
    expect(r.samples).toBeNull();
    expect(r.ok).toBe(r.findings.length === 0);
    expect(r.cases[0]).toMatchObject({ id: 'x', expected: { pos: [2 / 3, 1 / 3], neg: [expect.closeTo(1 / 3, 15), expect.closeTo(2 / 3, 15)] }, float32Drift: expect.any(Number) });
  });
});
