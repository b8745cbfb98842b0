/**
 * Learner 31's decisions on three losses the catalogue had no model for: predictions thresholded at
 * 0.5 before the logs, a sum divided by N - 1, and terms chosen by the prediction with np.where.
 * Each learner is computed here by hand (not from the catalogue's own model) on every public case.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORRECT_LOSS, isModelError, lossWithSpec, type LossInputs } from '../../../../reference/loss.js';
import { diagnose, type DiagnosisInput } from '../../../src/grade/diagnose.js';
import { gradeCase, isClose, type Observation } from '../../../src/grade/grade-case.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite } from '../../../src/suite/load-suite.js';

const cases = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases;

/** A learner whose loss is `loss` and whose frequencies are right. */
function learner(loss: (inputs: LossInputs) => number): DiagnosisInput[] {
  return cases.map((c) => {
    const expected = expectedFor(c);
    if (c.inputs.fn === 'weighted_loss' && expected.fn === 'weighted_loss') {
      const value = loss(c.inputs);
      const observation: Observation = { kind: 'scalar', value };
      return { case: c, expected, passed: isClose(value, expected.loss, c.tolerance), observation };
    }
    return { case: c, expected, passed: true, observation: { kind: 'none' } };
  });
}

const correct = (inputs: LossInputs): number => {
  const v = lossWithSpec(inputs, CORRECT_LOSS);
  if (isModelError(v)) throw new Error(v.detail);
  return v;
};

/** -Σ_c mean_n of the weighted terms, each example's term chosen by `term`. */
function byTerm(inputs: LossInputs, term: (y: number, p: number, wp: number, wn: number, eps: number) => number, over: (n: number) => number = (n) => n): number {
  const { yTrue, yPred, posWeights, negWeights, epsilon } = inputs;
  let total = 0;
  for (let j = 0; j < posWeights.length; j++) {
    let sum = 0;
    for (let n = 0; n < yTrue.length; n++) sum += term(yTrue[n]![j]!, yPred[n]![j]!, posWeights[j]!, negWeights[j]!, epsilon);
    total += -(sum / over(yTrue.length));
  }
  return total;
}
const bce = (y: number, p: number, wp: number, wn: number, eps: number) => wp * y * Math.log(p + eps) + wn * (1 - y) * Math.log(1 - p + eps);

describe('learner 31: predictions thresholded at 0.5 before the logs', () => {
  it.each([
    ['y_pred > 0.5 (or np.round(y_pred), which rounds 0.5 to 0)', (p: number) => (p > 0.5 ? 1 : 0)],
    ['y_pred >= 0.5', (p: number) => (p >= 0.5 ? 1 : 0)],
  ] as const)('%s: loss-thresholded-predictions, in full', (_label, hard) => {
    const d = diagnose(learner((inputs) => byTerm(inputs, (y, p, wp, wn, eps) => bce(y, hard(p), wp, wn, eps))));
    expect(d.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-thresholded-predictions', 'full']]);
  });
});

describe('learner 31: the sum over the examples divided by N - 1', () => {
  it('is loss-divided-by-n-minus-one, in full (infinite on a single example, as numpy gives)', () => {
    const d = diagnose(learner((inputs) => byTerm(inputs, bce, (n) => n - 1)));
    expect(d.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-divided-by-n-minus-one', 'full']]);
    expect(d.mistakes[0]!.message).toMatch(/N - 1/);
  });

  it('a correct loss is not taken for it', () => {
    expect(diagnose(learner(correct)).mistakes).toEqual([]);
  });
});

describe('learner 31: terms chosen by the prediction (np.where(y_pred >= 0.5, pos_term, neg_term))', () => {
  it('names no mistake: it is none of the catalogue, thresholding included', () => {
    const where = (y: number, p: number, wp: number, wn: number, eps: number) => (p >= 0.5 ? wp * y * Math.log(p + eps) : wn * (1 - y) * Math.log(1 - p + eps));
    const d = diagnose(learner((inputs) => byTerm(inputs, where)));
    expect(d.mistakes).toEqual([]);
  });
});

describe('learner 31: frequencies returned as Python floats are quoted as the learner returned them', () => {
  it('float(np.mean(labels)): the evidence quotes 0.66666667, not [0.66666667]', () => {
    const freqCases = cases.filter((c) => c.inputs.fn === 'compute_class_freqs');
    const inputs: DiagnosisInput[] = freqCases.map((c) => {
      if (c.inputs.fn !== 'compute_class_freqs') throw new Error('unreachable');
      const labels = c.inputs.labels;
      const all = labels.flat();
      const mean = all.reduce((a, b) => a + b, 0) / all.length;
      const value: EncodedValue = { kind: 'sequence', pytype: 'tuple', items: [{ kind: 'number', pytype: 'float', value: mean }, { kind: 'number', pytype: 'float', value: 1 - mean }] };
      const expected = expectedFor(c);
      const v = gradeCase(c, { status: 'ok', value, mutated: [], ms: 1 }, expected);
      return { case: c, expected, passed: v.status === 'passed', observation: v.observation };
    });
    const d = diagnose(inputs);
    expect(d.mistakes.map((m) => m.id)).toEqual(['freqs-no-axis']);
    expect(d.mistakes[0]!.message).toContain('you returned positive 0.66666667 where [0.75, 0.75, 0.5] is expected');
  });
});
