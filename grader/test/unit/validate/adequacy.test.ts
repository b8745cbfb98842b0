import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite, type Case, type Suite } from '../../../src/suite/load-suite.js';
import { analyseAdequacy, toleranceUnits, vectorUnits } from '../../../src/validate/adequacy.js';

const publicCases = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases;
const suiteOf = (cases: Case[]): Suite => ({ files: ['x.yaml'], names: ['x'], cases });
const hasExactZeroOne = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((r) => r.some((p) => p === 0 || p === 1));

/** A one-case suite from YAML case fields (under `cases:`). */
function oneCase(yaml: string): Case {
  return parseSuite(`cases:\n  - ${yaml.trim().split('\n').join('\n    ')}\n`, 'test.yaml').cases[0]!;
}

describe('toleranceUnits', () => {
  const c = oneCase('id: a\nfunction: compute_class_freqs\nlabels: [[1]]');
  it.each([
    [1, 1, 0],
    [1 + 11e-6, 1, 1],
    [2, 1, 1 / 11e-6],
    [Infinity, 1, Infinity],
    [Infinity, Infinity, 0],
    [NaN, 1, Infinity],
  ])('|%d − %d| is %d tolerances (rtol 1e-5, atol 1e-6)', (a, e, u) => {
    expect(toleranceUnits(a, e, c)).toBeCloseTo(u, 6);
  });
  it('a vector of another length is infinitely far', () => {
    expect(vectorUnits({ pos: [1, 2], neg: [0, 0] }, { pos: [1], neg: [0] }, c)).toBe(Infinity);
  });
});

describe('analyseAdequacy on the public suite', () => {
  const a = analyseAdequacy(suiteOf(publicCases));

  it('every value mistake is caught by a public case', () => {
    expect(a.findings.filter((f) => f.kind === 'uncaught')).toEqual([]);
  });

  it('lists every catalogue mistake, models and signatures', () => {
    // weights-not-inverted is read from the source, not from cases: no suite can check it.
    expect(a.mistakes.map((m) => m.id).sort()).toEqual(Object.values(MISTAKES).filter((m) => m.fn !== 'class-weights').map((m) => m.id).sort());
    expect(a.mistakes.find((m) => m.id === 'loss-not-scalar')!.kind).toBe('signature');
  });

  it('names each signature mistake on every case of its function', () => {
    const m = a.mistakes.find((x) => x.id === 'freqs-mutates-input')!;
    const freqCases = publicCases.filter((c) => c.function === 'compute_class_freqs').map((c) => c.id);
    expect(m.variants).toEqual([{ label: '', caughtBy: freqCases, diagnosed: ['freqs-mutates-input'], namedBy: freqCases }]);
  });

  it('the exact-0/1 cases are the only public cases where a missing epsilon gives a non-finite loss', () => {
    const row = a.perCase.get('loss-exact-0-1-predictions')!;
    expect(row.catches).toContain('loss-no-epsilon');
    expect(row.names).toContain('loss-no-epsilon');
  });

  it('reports the closest caught mistake per case, in tolerances', () => {
    const row = a.perCase.get('loss-exact-0-1-float32')!;
    // rtol 3e-2 (accepting clipping in float32) leaves swapped terms caught by a thin margin.
    expect(row.margin!.units).toBeGreaterThan(1);
    expect(row.margin!.units).toBeLessThan(2);
    expect(a.notes.some((n) => n.startsWith('case loss-exact-0-1-float32 catches'))).toBe(true);
  });
});

describe('analyseAdequacy on weakened suites', () => {
  it('without exact 0/1 predictions, nothing shows a missing epsilon making the loss non-finite', () => {
    const a = analyseAdequacy(suiteOf(publicCases.filter((c) => !hasExactZeroOne(c))));
    expect(a.findings).toContainEqual(expect.objectContaining({ kind: 'unexplained', mistake: 'loss-no-epsilon' }));
    // Clipping with K.epsilon() and then adding epsilon only differs from the formula there.
    expect(a.findings).toContainEqual(expect.objectContaining({ kind: 'uncaught', mistake: 'loss-clip-and-epsilon' }));
  });

  it('without epsilon ≠ 1e-7, ignoring the epsilon argument is uncaught and the epsilon mistakes are confused', () => {
    const a = analyseAdequacy(suiteOf(publicCases.filter((c) => c.inputs.fn !== 'weighted_loss' || c.inputs.epsilon === 1e-7)));
    expect(a.findings).toContainEqual(expect.objectContaining({ kind: 'uncaught', mistake: 'loss-epsilon-ignored' }));
    expect(a.findings).toContainEqual(expect.objectContaining({ kind: 'ambiguous', mistake: 'loss-no-epsilon' }));
  });

  it('a suite of hidden cases only is held to being caught by any of its cases', () => {
    const hidden = publicCases.map((c) => ({ ...c, visibility: 'hidden' as const }));
    const a = analyseAdequacy(suiteOf(hidden));
    expect(a.findings.filter((f) => f.kind === 'uncaught')).toEqual([]);
  });

  it('a one-example case with zero weights catches little: the sum over examples goes unnoticed', () => {
    const c = oneCase('id: zero\nfunction: weighted_loss\ny_true: [[1]]\ny_pred: [[1]]\npos_weights: [0]\nneg_weights: [0]');
    const a = analyseAdequacy(suiteOf([c]));
    expect(a.findings).toContainEqual(expect.objectContaining({ kind: 'uncaught', mistake: 'loss-sum-not-mean' }));
    expect(a.perCase.get('zero')!.catches).not.toContain('loss-sum-not-mean');
  });

  it('notes a function with no case instead of failing its mistakes', () => {
    const a = analyseAdequacy(suiteOf(publicCases.filter((c) => c.function === 'compute_class_freqs')));
    expect(a.notes).toContain('loss-sign: the suite has no weighted_loss case, so this mistake is not checked.');
    expect(a.findings).toEqual([]);
  });
});
