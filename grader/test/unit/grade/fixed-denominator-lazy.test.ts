/**
 * fixedExampleCount reads each mistake model case by case and stops once no way of it can fit one
 * k (waysThatMayFit), instead of evaluating every model on every loss case (~120 ms of a check).
 * That must change what is found nowhere: on learners built from every model, way and k, every way
 * that lossFit fits (the search over every way) is a way the pruning keeps, and fixedExampleCount
 * answers what a brute-force search answers, trying each way of each model in order with lossFit.
 * And it must save what it is for: a submission no fixed k explains asks for a few cases per
 * model, under a quarter of what the brute-force search evaluates.
 */
import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../../../../reference/loss.js';
import { LOSS_MODELS } from '../../../src/grade/diagnose.js';
import { fixedExampleCount, lossFit, waysThatMayFit, type Observed } from '../../../src/grade/fixed-denominator.js';
import { fmt } from '../../../src/grade/grade-case.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { join } from 'node:path';
import { CASES_DIR, PUBLIC_SUITE } from '../../../src/paths.js';
import { loadSuite, type Case } from '../../../src/suite/load-suite.js';

const suite = await loadSuite([PUBLIC_SUITE, join(CASES_DIR, 'hidden.yaml')]);
const lossCases = suite.cases.filter((c) => c.function === 'weighted_loss');
const nOf = (c: Case) => (c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue.length : 0);

/** The ways of a model that lossFit fits, searching every way (of a model whose ways are as many on every case). */
const fittingWays = (mine: Observed[], values: (c: Case) => readonly unknown[]): number[] => {
  const count = values(mine[0]!.c).length;
  if (!mine.every((a) => values(a.c).length === count)) return [];
  const ways = Array.from({ length: count }, (_, w) => w);
  return ways.filter((w) => lossFit(mine, (a) => {
    const v = values(a.c)[w];
    return typeof v === 'number' ? v : null;
  }) !== null);
};

type Models = readonly { id: string; values: (c: Case) => readonly unknown[] }[];
/** What a search finds: the mistakes named, the k, and the case its evidence shows. */
type Found = { ids: string[]; k: string; shown: string } | null;

/**
 * The search before pruning, by brute force: the expected loss alone, then each way of each model
 * (of a model whose ways are as many on every case), in order, each judged by lossFit, the first
 * whole k from 2 up winning. It evaluates every model on every loss case (counted in `evaluated`).
 */
function bruteForce(mine: Observed[], models: Models): { found: Found; evaluated: number } {
  let evaluated = 0;
  if (mine.every((a) => a.passed)) return { found: null, evaluated };
  const alone = lossFit(mine, (a) => (a.expected.fn === 'weighted_loss' ? a.expected.loss : null));
  if (alone) return { found: { ids: ['loss-hardcoded-examples'], k: fmt(alone.k), shown: alone.off[0]!.a.c.id }, evaluated };
  for (const m of models) {
    if (m.id === 'loss-hardcoded-examples') continue;
    const ways = mine.map((a) => (evaluated++, m.values(a.c)));
    const count = ways[0]!.length;
    if (!ways.every((vs) => vs.length === count)) continue;
    for (let w = 0; w < count; w++) {
      const fit = lossFit(mine, (a) => {
        const v = ways[mine.indexOf(a)]![w];
        return typeof v === 'number' ? v : null;
      });
      if (fit && Number.isInteger(fit.k) && fit.k >= 2) return { found: { ids: ['loss-hardcoded-examples', m.id], k: fmt(fit.k), shown: fit.off[0]!.a.c.id }, evaluated };
    }
  }
  return { found: null, evaluated };
}

/** fixedExampleCount's answer as Found: its mistakes, and the k and case its evidence names. */
function pruned(mine: Observed[]): Found {
  const reports = fixedExampleCount(mine, LOSS_MODELS);
  if (reports.length === 0) return null;
  const said = /N \/ (\S+)(?: times the loss where .*?)?, whatever the number of examples N \(case (\S+) has N = /.exec(reports[0]!.message);
  return { ids: reports.map((r) => r.id), k: said?.[1] ?? '?', shown: said?.[2] ?? '?' };
}

/** A learner whose loss on case c is `value(c)`, graded against the reference. */
function learner(value: (c: Case) => number): Observed[] {
  return lossCases.map((c) => {
    const e = expectedFor(c);
    const v = value(c);
    const passed = e.fn === 'weighted_loss' && Math.abs(v - e.loss) <= 1e-9 * Math.abs(e.loss);
    return { c, expected: e, observation: { kind: 'scalar', value: v }, passed };
  });
}

const num = (v: ModelValue | unknown): number => (typeof v === 'number' ? v : NaN);

/** Learners made from each model's each way: divided by a fixed k (4, 7), as it is, doubled, and one case off. */
function learners(): { name: string; obs: Observed[] }[] {
  const out: { name: string; obs: Observed[] }[] = [];
  for (const m of LOSS_MODELS) {
    const count = m.values(lossCases[0]!).length;
    for (let w = 0; w < count; w++) {
      const v = (c: Case) => num(m.values(c)[w]);
      out.push({ name: `${m.id}:${w} / 4`, obs: learner((c) => (v(c) * nOf(c)) / 4) });
      out.push({ name: `${m.id}:${w} / 7`, obs: learner((c) => (v(c) * nOf(c)) / 7) });
      out.push({ name: `${m.id}:${w}`, obs: learner(v) });
      out.push({ name: `${m.id}:${w} × 2`, obs: learner((c) => 2 * v(c)) });
      out.push({ name: `${m.id}:${w} / 4, last case off`, obs: learner((c) => ((v(c) * nOf(c)) / 4) * (c === lossCases.at(-1) ? 1.01 : 1)) });
    }
  }
  return out;
}

describe('fixedExampleCount: the pruned search', () => {
  it('keeps every way the search over every way fits, on learners made from every model and way', () => {
    const all = learners();
    let found = 0;
    let fitted = 0;
    for (const { name, obs } of all) {
      for (const m of LOSS_MODELS) {
        const fits = fittingWays(obs, m.values);
        fitted += fits.length;
        expect({ name, model: m.id, kept: waysThatMayFit(obs, m.values) }).toEqual({ name, model: m.id, kept: expect.arrayContaining(fits) });
      }
      // The same answer as trying every way of every model in order.
      const answer = pruned(obs);
      expect({ name, answer }).toEqual({ name, answer: bruteForce(obs, LOSS_MODELS).found });
      if (answer !== null) found++;
    }
    expect(fitted).toBeGreaterThan(0);
    // The learners do exercise both answers: many fixed ks are found, and many are not.
    expect(found).toBeGreaterThan(all.length / 5);
    expect(found).toBeLessThan(all.length);
  });

  it('asks for a few cases per model when no fixed k explains the loss (a mean over the classes too)', () => {
    let asked = 0;
    const counted = LOSS_MODELS.map((m) => ({ id: m.id, values: (c: Case) => (asked++, m.values(c)) }));
    const obs = learner((c) => {
      const e = expectedFor(c);
      return e.fn === 'weighted_loss' ? e.loss / 3 : NaN; // the mean over 3 classes: no k follows N
    });
    expect(fixedExampleCount(obs, counted)).toEqual([]);
    // The brute-force search evaluates every model on every loss case, and finds nothing either.
    const eager = bruteForce(obs, LOSS_MODELS);
    expect(eager.found).toBeNull();
    expect(eager.evaluated).toBeGreaterThanOrEqual((LOSS_MODELS.length - 1) * lossCases.length);
    expect(asked).toBeLessThan(eager.evaluated / 4);
  });
});
