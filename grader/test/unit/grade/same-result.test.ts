import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeCase } from '../../../src/grade/grade-case.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { sameResult, type Answered } from '../../../src/grade/same-result.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { parseSuite, type Case } from '../../../src/suite/load-suite.js';
import { arr } from '../../helpers/run-outcome.js';

const cases = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases;
const num = (v: number): EncodedValue => ({ kind: 'number', pytype: 'float', value: v });

/** A learner answering every loss case with `loss(c)` and every freqs case with `freqs(c)`. */
function answers(loss: (c: Case) => EncodedValue, freqs: (c: Case) => EncodedValue): Answered[] {
  return cases.map((c) => {
    const value = c.function === 'weighted_loss' ? loss(c) : freqs(c);
    const outcome: CallOutcome = { status: 'ok', value, mutated: [], ms: 0 };
    const expected = expectedFor(c);
    return { c, outcome, expected, passed: gradeCase(c, outcome, expected).status === 'passed' };
  });
}
const right = (c: Case): EncodedValue => {
  const e = expectedFor(c);
  if (e.fn === 'weighted_loss') return num(e.loss);
  return { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] };
};

describe('sameResult', () => {
  it('names a loss that returns one number on every case, with the number and the failed cases', () => {
    const found = sameResult(answers(() => num(-0.4956203), right));
    expect(found.map((m) => m.id)).toEqual(['loss-ignores-inputs']);
    expect(found[0]!.evidence).toMatch(/^it returned -0\.4956203 on all \d+ weighted_loss cases, whose expected answers differ$/);
    // The course case whose expected loss is -0.4956203 passed: it is not among the evidence.
    const passed = cases.filter((c) => c.function === 'weighted_loss' && Math.abs((expectedFor(c) as { loss: number }).loss + 0.4956203) < 1e-6);
    expect(passed.length).toBeGreaterThan(0);
    for (const c of passed) expect(found[0]!.cases).not.toContain(c.id);
  });

  it('names frequencies typed in once, even when their length never fits', () => {
    const typed: EncodedValue = { kind: 'sequence', pytype: 'tuple', items: [arr([0.02, 0.013]), arr([0.98, 0.987])] };
    const found = sameResult(answers(right, () => typed));
    expect(found.map((m) => m.id)).toEqual(['freqs-ignores-inputs']);
    expect(found[0]!.evidence).toContain('([0.02, 0.013], [0.98, 0.987])');
  });

  it('says nothing for correct answers, answers that vary, NaN or None everywhere, or too few cases', () => {
    expect(sameResult(answers(right, right))).toEqual([]);
    expect(sameResult(answers((c) => num((expectedFor(c) as { loss: number }).loss * 2), right))).toEqual([]);
    expect(sameResult(answers(() => num(NaN), right))).toEqual([]);
    expect(sameResult(answers(() => ({ kind: 'other', pytype: 'NoneType', repr: 'None' }), right))).toEqual([]);
    const two = answers(() => num(1), right).filter((a) => a.c.function === 'compute_class_freqs' || a.c.id === cases.find((c) => c.function === 'weighted_loss')!.id);
    expect(sameResult(two)).toEqual([]);
  });

  it('says nothing when one case raised: the answer is not the same on every case', () => {
    const all = answers(() => num(0), right);
    const first = all.find((a) => a.c.function === 'weighted_loss')!;
    first.outcome = { status: 'error', error: { type: 'ValueError', message: 'x', traceback: '' }, mutated: [], ms: 0 };
    expect(sameResult(all)).toEqual([]);
  });
});
