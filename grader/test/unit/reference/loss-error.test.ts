/**
 * lossError is what lossWithSpec returns when it raises, found without its arithmetic: the same
 * IndexError (index, axis, size) for every way of every single mistake and pair of them on every
 * public case, and on random shapes, and undefined exactly where lossWithSpec gives a number.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORRECT_LOSS, isModelError, lossError, lossWithSpec, type LossInputs, type LossSpec } from '../../../../reference/loss.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite } from '../../../src/suite/load-suite.js';
import { caseShape } from '../../../src/grade/grade-case.js';
import { rng } from '../../helpers/rng.js';

const LOSS = Object.values(MISTAKES).filter((m) => m.loss);

function randomInputs(next: () => number): LossInputs {
  const n = 1 + Math.floor(next() * 6);
  const c = 1 + Math.floor(next() * 6);
  const matrix = (f: () => number) => Array.from({ length: n }, () => Array.from({ length: c }, f));
  // Weights of another length than the classes now and then: an index past them raises too.
  const k = next() < 0.7 ? c : 1 + Math.floor(next() * 6);
  const w = () => Array.from({ length: k }, () => next());
  return { fn: 'weighted_loss', yTrue: matrix(() => (next() < 0.5 ? 0 : 1)), yPred: matrix(next), posWeights: w(), negWeights: w(), epsilon: 1e-7 } as LossInputs;
}

function specsOn(shape: { n: number; c: number }): LossSpec[] {
  const singles = LOSS.flatMap((m) => m.loss!(CORRECT_LOSS, shape));
  // Every mistake after each one of a few (the ones that pick the classes or the weights among them).
  const firsts = LOSS.filter((m) => /classes|examples|rows|index|weights-(by|rev)/.test(m.id));
  const pairs = firsts.flatMap((a) => LOSS.filter((b) => b !== a).flatMap((b) => a.loss!(CORRECT_LOSS, shape).flatMap((s) => b.loss!(s, shape))));
  return [CORRECT_LOSS, ...singles, ...pairs];
}

function agree(inputs: LossInputs, specs: LossSpec[]): number {
  let raised = 0;
  for (const spec of specs) {
    const v = lossWithSpec(inputs, spec);
    const e = lossError(inputs, spec);
    if (isModelError(v)) {
      raised++;
      expect(e).toEqual(v);
    } else expect(e).toBeUndefined();
  }
  return raised;
}

describe('lossError', () => {
  it('is the IndexError lossWithSpec returns, on the public cases', () => {
    let raised = 0;
    // One case of each shape: which ways raise depends on the shape alone.
    const shapes = new Set<string>();
    for (const c of parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases) {
      if (c.inputs.fn !== 'weighted_loss' || shapes.has(JSON.stringify(caseShape(c)))) continue;
      shapes.add(JSON.stringify(caseShape(c)));
      raised += agree(c.inputs, specsOn(caseShape(c)));
    }
    expect(raised).toBeGreaterThan(0);
  });

  it('is the IndexError lossWithSpec returns, on random shapes', () => {
    const { next } = rng(35);
    let raised = 0;
    for (let t = 0; t < 8; t++) {
      const inputs = randomInputs(next);
      raised += agree(inputs, specsOn({ n: inputs.yTrue.length, c: inputs.yTrue[0]!.length }));
    }
    expect(raised).toBeGreaterThan(0);
  });
});
