/**
 * Stop 36: a diagnosis bounded. A candidate explains a submission only if one key of its ways (one
 * hard-coded class count, one labelled variant) reproduces every case, and the diagnosis now carries
 * the keys still in the running from case to case, reading which ways raise before computing any
 * value. Counted (model sets computed, modelsComputed), not timed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORRECT_LOSS, type LossSpec } from '../../../../reference/loss.js';
import { diagnose, modelsComputed, type DiagnosisInput } from '../../../src/grade/diagnose.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite, type Case } from '../../../src/suite/load-suite.js';
import { specLearner } from '../../helpers/spec-learner.js';

// Parsed here, not shared with another file: the diagnosis keeps model values per case object, so
// these cases have none computed before this file's diagnoses.
const cases = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases;
const classesOf = (c: Case) => (c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue[0]!.length : 0);

/** What a learner whose loss computes `spec` on each case hands in (right frequencies). */
const learner = (lossSpec: (c: Case) => LossSpec): DiagnosisInput[] => specLearner(cases, lossSpec);

describe('a class count hard-coded here and another there', () => {
  it('is no story, found without computing every way of every triple on every case', () => {
    // Right on the float32 cases (a count that is theirs), IndexError (a count of 14) on the
    // others with fewer classes: no one count raises on the ones and is right on the others.
    const is32 = (c: Case) => c.dtype === 'float32';
    const inputs = learner((c) => ({ ...CORRECT_LOSS, classes: { kind: 'first', k: is32(c) ? classesOf(c) : 14 } }));
    expect(inputs.some((d) => d.observation.kind === 'error')).toBe(true);
    expect(inputs.some((d) => d.case.function === 'weighted_loss' && is32(d.case) && d.passed)).toBe(true);
    const before = modelsComputed();
    const found = diagnose(inputs).mistakes;
    const computed = modelsComputed() - before;
    expect(found.filter((m) => m.confidence === 'full')).toEqual([]);
    // Tried case by case with any way, every triple with a hard-coded count reproduced every case
    // (one count here, another there) and had every way computed on every float32 case: 1,363
    // model sets. With the keys carried from case to case, ~200 (the pairs' partial scoring, the
    // triples' first value case).
    expect(computed).toBeLessThan(500);
  });

  it('one count throughout is still found, and told as one', () => {
    // The count raises on every case with fewer classes, and is right on the one with as many.
    const found = diagnose(learner(() => ({ ...CORRECT_LOSS, classes: { kind: 'first', k: 14 } }))).mistakes;
    expect(found.map((m) => [m.id, m.confidence])).toEqual([['loss-hardcoded-classes', 'full']]);
  });
});
