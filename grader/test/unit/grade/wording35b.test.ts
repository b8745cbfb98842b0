/**
 * Wording leftovers of wording 35 (wording 35b): a right value from code that changed its inputs
 * says so once, the same in every output.
 */
import { describe, expect, it } from 'vitest';
import { gradeCase } from '../../../src/grade/grade-case.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { renderJunit } from '../../../src/report/junit.js';
import { caseText } from '../../../src/report/case-text.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { parseSuite, type Case } from '../../../src/suite/load-suite.js';
import { makeCase, makeReport } from '../report/factories.js';

const [lossCase, freqCase] = parseSuite(
  `suite: t
cases:
  - id: l
    function: weighted_loss
    y_true: [[1, 0, 1], [0, 1, 1]]
    y_pred: [[0.8, 0.3, 0.6], [0.2, 0.7, 0.9]]
    pos_weights: [1, 2, 3]
    neg_weights: [0.5, 0.25, 1]
  - id: f
    function: compute_class_freqs
    labels: [[1, 0, 1], [0, 0, 1]]
`,
  't.yaml',
).cases as [Case, Case];
const ok = (value: EncodedValue, mutated: string[]): CallOutcome => ({ status: 'ok', value, mutated, ms: 1 });

describe('a right value from code that changed its inputs', () => {
  const L = (expectedFor(lossCase) as { loss: number }).loss;
  const loss = gradeCase(lossCase, ok({ kind: 'number', pytype: 'float', value: L }, ['y_pred']), expectedFor(lossCase));
  const f = expectedFor(freqCase) as { freqs: { pos: number[]; neg: number[] } };
  const arr = (v: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [v.length], values: v });
  const freqs = gradeCase(freqCase, ok({ kind: 'sequence', pytype: 'tuple', items: [arr(f.freqs.pos), arr(f.freqs.neg)] } as EncodedValue, ['labels']), expectedFor(freqCase));

  it.each([
    ['the loss', loss, 'y_pred'],
    ['the frequencies', freqs, 'labels'],
  ])('%s: one sentence, not the match and then the value being right again', (_, v, name) => {
    expect(v).toMatchObject({ status: 'failed', valueCorrect: true });
    expect(v.message).toBe(`The value is right, but your code changed its input in place (${name}): the caller's arrays must stay as they were.`);
  });

  it('the terminal, JUnit and the LMS text say the same sentence for one such case', () => {
    const k = makeCase({ id: 'a', status: 'failed', points: 0, message: loss.message });
    const report = makeReport({ status: 'failed', score: 0, cases: [k] });
    expect(renderTerminal(report, { colorLevel: 0 })).toContain(`    ${loss.message}`);
    expect(renderJunit(report)).toContain(`message="${loss.message.replace(/'/g, '&apos;')}"`);
    expect(caseText(report, k).startsWith(loss.message)).toBe(true);
  });
});
