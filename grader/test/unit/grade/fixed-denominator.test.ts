import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeClassFreqs } from '../../../../reference/loss.js';
import { fixedDenominator, fixedExampleCount, type Observed } from '../../../src/grade/fixed-denominator.js';
import { LOSS_MODELS } from '../../../src/grade/diagnose.js';
import { CORRECT_LOSS, lossWithSpec, type LossInputs } from '../../../../reference/loss.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite, type Case } from '../../../src/suite/load-suite.js';

const freqsCases = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases.filter((c) => c.function === 'compute_class_freqs');

function labelsOf(c: Case): readonly (readonly number[])[] {
  if (c.inputs.fn !== 'compute_class_freqs') throw new Error('not a freqs case');
  return c.inputs.labels;
}

/** A learner whose positives are counts / k(c) and negatives `neg(counts, n, k)`. */
function answers(k: (c: Case) => number, neg: (count: number, n: number, k: number) => number = (x, _n, kk) => 1 - x / kk): Observed[] {
  return freqsCases.map((c) => {
    const labels = labelsOf(c);
    const n = labels.length;
    const counts = labels[0]!.map((_, j) => labels.reduce((s, row) => s + row[j]!, 0));
    const pos = counts.map((x) => x / k(c));
    const right = computeClassFreqs(labels);
    const passed = pos.every((p, j) => Math.abs(p - right.pos[j]!) < 1e-9);
    return { c, observation: { kind: 'freqs', pos, neg: counts.map((x) => neg(x, n, k(c))) }, expected: expectedFor(c), passed };
  });
}

describe('fixedDenominator', () => {
  it('names counts divided by one number whatever N (a hard-coded training set size), with k and a case whose N differs', () => {
    const found = fixedDenominator(answers(() => 1000));
    expect(found?.id).toBe('freqs-wrong-denominator');
    expect(found!.evidence).toMatch(/your positive frequencies are the counts divided by 1000, whatever the number of examples \(case [\w.-]+ has N = \d+\): a number written into the code/);
    expect(found!.cases.length).toBe(freqsCases.length);
  });

  it('says how the negatives were made when they are (N − count) / k', () => {
    const found = fixedDenominator(answers(() => 1000, (x, n, k) => (n - x) / k));
    expect(found!.evidence).toContain('and the negative ones (N − count) / 1000');
  });

  it('names a k that equals one case\'s N (that case passes and is not evidence)', () => {
    const n0 = labelsOf(freqsCases[0]!).length;
    const found = fixedDenominator(answers(() => n0));
    expect(found?.id).toBe('freqs-wrong-denominator');
    expect(found!.cases).not.toContain(freqsCases[0]!.id);
    expect(found!.evidence).toContain(`divided by ${n0},`);
  });

  it('says nothing when the denominator follows each case (right, or N − 1), or when nothing failed', () => {
    expect(fixedDenominator(answers((c) => labelsOf(c).length))).toBeNull();
    expect(fixedDenominator(answers((c) => labelsOf(c).length - 1 || 1))).toBeNull();
    expect(fixedDenominator(answers((c) => labelsOf(c)[0]!.length))).toBeNull(); // C: modelled elsewhere, varies
  });

  it('needs two cases whose N is not k: one case alone fits any k', () => {
    expect(fixedDenominator(answers(() => 1000).slice(0, 1))).toBeNull();
  });

  it('says nothing when one case does not fit the common k', () => {
    const list = answers(() => 1000);
    const first = list[0]!;
    if (first.observation.kind !== 'freqs') throw new Error('freqs expected');
    list[0] = { ...first, observation: { ...first.observation, pos: first.observation.pos.map((p) => p * 2) } };
    expect(fixedDenominator(list)).toBeNull();
  });
});

describe('fixedExampleCount', () => {
  const lossCases = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases.filter((c) => c.function === 'weighted_loss');
  const nOf = (c: Case) => (c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue.length : 0);
  /** A learner whose loss is the expected one scaled by `factor(c)`. */
  const answers = (factor: (c: Case) => number): Observed[] =>
    lossCases.map((c) => {
      const e = expectedFor(c);
      const expected = e.fn === 'weighted_loss' ? e.loss : NaN;
      const value = expected * factor(c);
      return { c, expected: e, observation: { kind: 'scalar', value }, passed: Math.abs(value - expected) <= 1e-9 * Math.abs(expected) };
    });

  it('names a mean written as a division by a fixed number: the loss is the expected one times N / k on every case', () => {
    const [found, ...more] = fixedExampleCount(answers((c) => nOf(c) / 4), LOSS_MODELS);
    expect(more).toEqual([]);
    expect(found?.id).toBe('loss-hardcoded-examples');
    expect(found!.evidence).toMatch(/your loss is the expected one times N \/ 4, whatever the number of examples N \(case [\w.-]+ has N = \d+\)/);
    // The cases whose N is 4 passed and are not evidence.
    for (const c of lossCases.filter((x) => nOf(x) === 4)) expect(found!.cases).not.toContain(c.id);
  });

  it('says nothing for a right loss, a constant factor, a sum over examples (k = 1 is N / 1 only where N = 1) or a factor that follows N', () => {
    expect(fixedExampleCount(answers(() => 1), LOSS_MODELS)).toEqual([]);
    expect(fixedExampleCount(answers(() => 2), LOSS_MODELS)).toEqual([]);
    expect(fixedExampleCount(answers((c) => 1 / nOf(c)), LOSS_MODELS)).toEqual([]); // divided twice: N varies, so no one k
    expect(fixedExampleCount(answers((c) => nOf(c) / 4).slice(0, 2), LOSS_MODELS)).toEqual([]); // too few cases
  });

  it('names a division by a fixed number made together with another mistake (swapped weights, no minus sign): that model times N / k on every case (sweep 19)', () => {
    for (const [id, sign] of [
      ['loss-swapped-weights', 1],
      ['loss-sign', 1],
    ] as const) {
      const spec = MISTAKES[id].loss!(CORRECT_LOSS, { n: 4, c: 3 })[0]!;
      const learner: Observed[] = lossCases.map((c) => {
        const e = expectedFor(c);
        const value = (sign * (lossWithSpec(c.inputs as LossInputs, spec) as number) * nOf(c)) / 4;
        return { c, expected: e, observation: { kind: 'scalar', value }, passed: e.fn === 'weighted_loss' && Math.abs(value - e.loss) <= 1e-9 * Math.abs(e.loss) };
      });
      const found = fixedExampleCount(learner, LOSS_MODELS);
      expect(found.map((m) => m.id)).toEqual(['loss-hardcoded-examples', id]);
      // The other mistake in its words, not its id (wording 35b).
      expect(found[0]!.evidence).toContain(`your loss is N / 4 times the loss where ${MISTAKES[id].did}, whatever the number of examples N`);
      expect(found[0]!.evidence).not.toContain(id);
      expect(found[1]!.message).toContain(`(together with another mistake: ${MISTAKES['loss-hardcoded-examples'].did}): on every loss case your loss is N / 4 times the loss where`);
      // Without the models, the pair is not found (the correct loss fits no k).
      expect(fixedExampleCount(learner)).toEqual([]);
    }
  });
});
