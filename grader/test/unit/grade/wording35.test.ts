/**
 * Wording 35: a mistake's evidence says what the grader saw, and its words fit the learner's code.
 * An input changed in place is named, with how it was seen; a fixed 1e-7 reads the same in numpy
 * and Keras files, in each one's own log; a product of means or a log of a mean in vectorised code
 * is told in whole-array words, not a class loop's pos_weights[i].
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { arr, runWith } from '../../helpers/run-outcome.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** Right values everywhere; the loss cases' calls changed `loss`, the frequency cases' `freqs` (runner.run_call's `mutated`). */
function mutatedRun(loss: string[], freqs: string[], imports: string[] = ['numpy']) {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    calls[c.id] =
      e.fn === 'weighted_loss'
        ? { status: 'ok', value: { kind: 'number', pytype: 'float', value: e.loss }, mutated: loss, ms: 1 }
        : { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] }, mutated: freqs, ms: 1 };
  }
  const run = runWith(calls);
  if (run.load.ok) run.load.imports = imports;
  return gradeSuite(suite, run, ctx);
}

describe('*-mutates-input: the evidence names the input changed and how it was seen', () => {
  it('y_pred changed by the loss: named in the evidence, the fix says what to write instead', () => {
    const m = mutatedRun(['y_pred'], []).mistakes.find((x) => x.id === 'loss-mutates-input');
    expect(m?.evidence).toMatch(/^on case \S+ and \d+ other cases, y_pred held other values after the call than before it \(the grader compares each array it passes with a copy taken before the call\)$/);
    expect(m?.fix).toMatch(/^Compute on a new array instead of changing y_pred in place: p = y_pred \+ epsilon makes one, where y_pred \+= epsilon, or p \+= epsilon after p = y_pred \(the same array under a second name\), writes into the caller's\.$/);
  });
  it('the weights changed: both named, the fix speaks of a copy of the first', () => {
    const m = mutatedRun(['pos_weights', 'neg_weights'], []).mistakes.find((x) => x.id === 'loss-mutates-input');
    expect(m?.evidence).toMatch(/, pos_weights and neg_weights held other values after the call/);
    expect(m?.fix).toMatch(/^Compute on new arrays instead of changing pos_weights and neg_weights in place: take a copy first \(x = pos_weights\.copy\(\)\)/);
  });
  it('labels changed by compute_class_freqs: named, with its own example', () => {
    const m = mutatedRun([], ['labels']).mistakes.find((x) => x.id === 'freqs-mutates-input');
    expect(m?.evidence).toMatch(/^on case \S+ and \d+ other cases, labels held other values after the call than before it/);
    expect(m?.fix).toMatch(/x = labels \/ N makes one, where labels \/= N/);
  });
  it('PyTorch code keeps its own fix (tensors, add_, the conversions that share data), with the evidence naming the input', () => {
    const m = mutatedRun(['y_pred'], [], ['torch']).mistakes.find((x) => x.id === 'loss-mutates-input');
    expect(m?.evidence).toMatch(/, y_pred held other values after the call/);
    expect(m?.fix).toMatch(/^Compute on new tensors .*add_/);
  });
});
