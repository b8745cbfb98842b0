/**
 * What a learner whose code computes the mistake models' specs hands in on every case of a suite:
 * the loss by `lossSpec(case)` (a model error as the IndexError it raises), the frequencies by
 * `freqs`, each case passed or not as the grader would judge it. Shared by the diagnosis tests.
 */
import { CORRECT_FREQS, CORRECT_LOSS, freqsWithSpec, isModelError, lossWithSpec, type FreqSpec, type LossSpec } from '../../../reference/loss.js';
import type { DiagnosisInput } from '../../src/grade/diagnose.js';
import { isClose, type Observation } from '../../src/grade/grade-case.js';
import { expectedFor } from '../../src/grade/grade-suite.js';
import type { Case } from '../../src/suite/load-suite.js';

export function specLearner(suite: readonly Case[], lossSpec: (c: Case) => LossSpec = () => CORRECT_LOSS, freqs: FreqSpec = CORRECT_FREQS): DiagnosisInput[] {
  return suite.map((c) => {
    const expected = expectedFor(c);
    let observation: Observation;
    let passed: boolean;
    if (c.inputs.fn === 'weighted_loss' && expected.fn === 'weighted_loss') {
      const v = lossWithSpec(c.inputs, lossSpec(c));
      observation = isModelError(v) ? { kind: 'error', type: 'IndexError', message: v.detail } : { kind: 'scalar', value: v };
      passed = typeof v === 'number' && isClose(v, expected.loss, c.tolerance);
    } else if (c.inputs.fn === 'compute_class_freqs' && expected.fn === 'compute_class_freqs') {
      const f = freqsWithSpec(c.inputs.labels, freqs);
      if (isModelError(f)) {
        observation = { kind: 'error', type: 'IndexError', message: f.detail };
        passed = false;
      } else {
        observation = { kind: 'freqs', ...f };
        passed = f.pos.length === expected.freqs.pos.length && f.pos.every((x, i) => isClose(x, expected.freqs.pos[i]!, c.tolerance)) && f.neg.every((x, i) => isClose(x, expected.freqs.neg[i]!, c.tolerance));
      }
    } else throw new Error('unreachable');
    return { case: c, expected, passed, observation };
  });
}
