/**
 * Learner 35's cohort (numpy and the course notebook): forms of the known mistakes that the grader
 * named right but told in words that did not fit the learner's code.
 */
import { describe, expect, it } from 'vitest';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { arr, freqsRun } from '../../helpers/run-outcome.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import type { Case } from '../../../src/suite/load-suite.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** `run` as a file importing `imports` whose compute_class_freqs names the array modules `modules`. */
function importing(run: RunOutcome, imports: string[], modules: string[]): RunOutcome {
  if (!run.load.ok) throw new Error('unreachable');
  const fn = { defined: true, callable: true, params: null };
  return { ...run, load: { ...run.load, imports, functions: { compute_class_freqs: { ...fn, modules }, get_weighted_loss: { ...fn, modules: ['keras'] } } } };
}

/** Frequencies averaged over axis 1, each example's labels (freqs-wrong-axis), on every frequency case. */
function wrongAxisRun(): RunOutcome {
  const run = freqsRun(suite, (p, n) => [p, n]);
  for (const c of suite.cases) {
    if (c.inputs.fn !== 'compute_class_freqs') continue;
    const rows = c.inputs.labels.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
    run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(rows), arr(rows.map((x) => 1 - x))] }, mutated: [], ms: 1 } satisfies CallOutcome;
  }
  return run;
}

describe('learner 35: a function that names no array module, in a course file importing numpy and Keras', () => {
  // labels.mean(1) in compute_class_freqs, the loss in K: the frequencies are numpy arrays (the
  // course's train_generator.labels, the grader's cases), so the fix is numpy's, not K.mean.
  it.each([
    [['numpy', 'keras'], 'np.mean(labels, axis=1)', 'np.mean(labels, axis=0)'],
    [['numpy', 'tensorflow'], 'np.mean(labels, axis=1)', 'np.mean(labels, axis=0)'],
    [['numpy', 'keras', 'tensorflow'], 'np.mean(labels, axis=1)', 'np.mean(labels, axis=0)'],
  ])('imports %j: told in numpy terms (%s), fixed with %s', (imports, here, fix) => {
    const r = gradeSuite(suite, importing(wrongAxisRun(), imports, []), ctx);
    const m = r.mistakes.find((x) => x.id === 'freqs-wrong-axis');
    expect(m?.message).toContain(`(here: ${here})`);
    expect(m?.fix).toContain(fix);
    expect(`${m?.message} ${m?.fix}`).not.toMatch(/\b(K|tf)\./);
  });

  it('a function that names K keeps K; a file without numpy keeps its framework', () => {
    const k = gradeSuite(suite, importing(wrongAxisRun(), ['numpy', 'keras'], ['keras']), ctx).mistakes.find((x) => x.id === 'freqs-wrong-axis');
    expect(k?.fix).toContain('K.mean(labels, axis=0)');
    const noNumpy = gradeSuite(suite, importing(wrongAxisRun(), ['keras'], []), ctx).mistakes.find((x) => x.id === 'freqs-wrong-axis');
    expect(noNumpy?.fix).toContain('K.mean(labels, axis=0)');
    const torch = gradeSuite(suite, importing(wrongAxisRun(), ['numpy', 'torch'], []), ctx).mistakes.find((x) => x.id === 'freqs-wrong-axis');
    expect(torch?.fix).toContain('torch.');
  });
});

/** A numpy vector of `dtype` as the runner encodes it. */
const typed = (values: number[], dtype: string): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype, shape: [values.length], values });

describe('learner 35: one side of the pair told as integers, the other wrong too', () => {
  // df.sum().values of float labels and (df == 0).sum().values: float counts beside int64 counts.
  // The case said only that the negatives are integers; the positives, counts as well, went unsaid.
  const counts = (c: Case, side: 0 | 1) => {
    if (c.inputs.fn !== 'compute_class_freqs') throw new Error('unreachable');
    const labels = c.inputs.labels;
    return labels[0]!.map((_, j) => labels.filter((r) => (side === 0 ? r[j] === 1 : r[j] === 0)).length);
  };
  const run = (posDtype: string, negDtype: string) => {
    const r = freqsRun(suite, (p, n) => [p, n]);
    for (const c of suite.cases)
      if (c.inputs.fn === 'compute_class_freqs')
        r.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [typed(counts(c, 0), posDtype), typed(counts(c, 1), negDtype)] }, mutated: [], ms: 1 };
    return r;
  };
  const message = (r: RunOutcome) => gradeSuite(suite, r, ctx).cases.find((c) => c.id === 'freqs-course-example')!.message;

  it('float counts beside integer counts: both sides quoted', () => {
    expect(message(run('float64', 'int64'))).toBe(
      'Your negative frequencies are integers (int64) outside [0, 1], so not fractions of the examples; your positive frequencies are [3, 3, 2]; expected positive [0.75, 0.75, 0.5] and negative [0.25, 0.25, 0.5].',
    );
    expect(message(run('int64', 'float64'))).toBe(
      'Your positive frequencies are integers (int64) outside [0, 1], so not fractions of the examples; your negative frequencies are [1, 1, 2]; expected positive [0.75, 0.75, 0.5] and negative [0.25, 0.25, 0.5].',
    );
  });

  it('both integers of one dtype: said once, as before', () => {
    expect(message(run('int64', 'int64'))).toBe('Your positive and negative frequencies are integers (int64) outside [0, 1], so not fractions of the examples; expected positive [0.75, 0.75, 0.5] and negative [0.25, 0.25, 0.5].');
  });
});

describe('learner 35: a numpy function name mistyped by one letter', () => {
  // np.logg, numpy.mena: numpy's AttributeError names the attribute, and Python 3.11 keeps its own
  // "Did you mean" out of the message the grader reads.
  const raised = (message: string, line: string) => {
    const r = freqsRun(suite, (p, n) => [p, n]);
    for (const c of suite.cases)
      if (c.inputs.fn === 'weighted_loss') r.calls[c.id] = { status: 'error', error: { type: 'AttributeError', message, line: 5, traceback: `hw.py, line 5, in weighted_loss\n    ${line}` }, mutated: [], ms: 1 };
    return gradeSuite(suite, r, ctx).cases.find((c) => c.function === 'weighted_loss')!.message;
  };
  it.each([
    ['logg', 'loss += -np.mean(w * y * np.logg(p + epsilon))', 'np.log'],
    ['mena', 'loss += -numpy.mena(w * y * numpy.log(p + epsilon))', 'numpy.mean'],
    ['Sum', 'loss = -np.Sum(terms)', 'np.sum'],
  ])('%s, in `%s`: did you mean %s', (name, line, want) => {
    expect(raised(`module 'numpy' has no attribute '${name}'`, line)).toContain(`module 'numpy' has no attribute '${name}'. Did you mean ${want}?`);
  });
  it('a name two letters away, or one numpy had in another release, gets no guess', () => {
    expect(raised("module 'numpy' has no attribute 'lgo_x'", 'np.lgo_x(p)')).not.toMatch(/Did you mean/);
    expect(raised("module 'numpy' has no attribute 'msort'", 'np.msort(p)')).not.toMatch(/Did you mean/);
  });
});

describe('learner 35: a slip of a Keras backend name (the shim says which was meant)', () => {
  const raised = (message: string) => {
    const r = freqsRun(suite, (p, n) => [p, n]);
    for (const c of suite.cases)
      if (c.inputs.fn === 'weighted_loss') r.calls[c.id] = { status: 'error', error: { type: 'AttributeError', message, line: 5, traceback: 'hw.py, line 5, in weighted_loss\n    loss += -K.maen(x)' }, mutated: [], ms: 1 };
    return gradeSuite(suite, r, ctx).cases.find((c) => c.function === 'weighted_loss')!.message;
  };
  it('K.maen: the name meant, no Keras 3 story', () => {
    const m = raised("module 'keras.backend' has no attribute 'maen'; did you mean K.mean?");
    expect(m).toMatch(/has no attribute 'maen'; did you mean K\.mean\?$/);
    expect(m).not.toMatch(/Keras 3/);
  });
  it('Keras 3 without K.mean keeps its story', () => {
    expect(raised("module 'keras.backend' has no attribute 'mean'")).toMatch(/Keras 3 has no K\.mean/);
  });
});
