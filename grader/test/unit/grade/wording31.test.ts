/**
 * Wording 31: a mistake's story agrees with the fix its site gives. A loss negated twice
 * (`loss += -np.mean(...)` then `return -loss`) has the values of a missing minus sign, and its site's
 * fix says to drop one of the two: the message above that fix says the loss is negated twice, not
 * that it is missing its minus.
 */
import { describe, expect, it } from 'vitest';
import { gradeCase } from '../../../src/grade/grade-case.js';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { runWith } from '../../helpers/run-outcome.js';
import { functionsOf } from '../../helpers/runner.js';
import type { FunctionInfo } from '../../../src/schema/protocol.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

const HEAD = 'import numpy as np\n\n\n';
const loss = (body: string[]) =>
  `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

/** The report of a file whose loss is the expected one negated on every case, its sites those of `src`. */
async function signFlipped(src: string) {
  const [functions] = await functionsOf([src]);
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    if (e.fn !== 'weighted_loss') continue;
    calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: -e.loss }, mutated: [], ms: 1 };
  }
  const run = runWith(calls);
  if (run.load.ok) run.load.functions.get_weighted_loss = { ...(functions!.get_weighted_loss as FunctionInfo), defined: true, callable: true, params: null };
  return gradeSuite(suite, run, ctx).mistakes.find((m) => m.id === 'loss-sign');
}

describe('loss-sign: the message agrees with the fix', () => {
  it('a loss negated twice is told as negated twice, not as missing its minus', async () => {
    const m = await signFlipped(
      loss([
        'loss = 0.0',
        'for i in range(len(pos_weights)):',
        '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
        'return -loss',
      ]),
    );
    expect(m?.fix).toMatch(/negated twice/);
    expect(m?.message).toMatch(/^It looks like your loss is negated twice/);
    expect(m?.message).not.toMatch(/missing the minus sign/);
  });

  it('a loss with no minus anywhere is still told as missing its minus', async () => {
    const m = await signFlipped(
      loss([
        'loss = 0.0',
        'for i in range(len(pos_weights)):',
        '    loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
        'return loss',
      ]),
    );
    expect(m?.message).toMatch(/missing the minus sign/);
    expect(m?.fix).not.toMatch(/negated twice/);
  });
});

describe('loss-swapped-arguments: the fix says who calls the loss in the learner\'s framework', () => {
  const fix = MISTAKES['loss-swapped-arguments'].fix;
  it('a PyTorch loss is not told that Keras calls it, and is told its order differs from PyTorch\'s own losses', () => {
    const said = fixInFramework(fix, 'torch');
    expect(said).not.toMatch(/Keras/);
    expect(said).toMatch(/^The grader calls your loss as the assignment does, labels first and predictions second/);
    expect(said).toMatch(/forward\(self, y_true, y_pred\)/);
    expect(said).toMatch(/PyTorch's own losses/);
  });
  // numpy (and plain Python) code is told the grader calls it (wording 32: wording32.test.ts).
  it.each(['keras', 'keras-ops', 'tensorflow'] as const)('%s: Keras calls it, as the course trains with Keras', (fw) => {
    expect(fixInFramework(fix, fw)).toMatch(/^Keras calls the loss as weighted_loss\(y_true, y_pred\)/);
  });
});

describe('compute_class_freqs: the right pair with more items after it', () => {
  const freqCase = suite.cases.find((c) => c.function === 'compute_class_freqs')!;
  const e = expectedFor(freqCase);
  if (e.fn !== 'compute_class_freqs') throw new Error('not a frequency case');
  const vec = (values: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [values.length], values });
  const returned = (pytype: 'tuple' | 'list', items: EncodedValue[]) =>
    gradeCase(freqCase, { status: 'ok', value: { kind: 'sequence', pytype, items }, mutated: [], ms: 1 }, e);
  const k = e.freqs.pos.length;

  it.each(['tuple', 'list'] as const)('a %s of 3 whose first two are the frequencies: return only those two', (pytype) => {
    const v = returned(pytype, [vec(e.freqs.pos), vec(e.freqs.neg), vec(Array(k).fill(1))]);
    expect(v.status).toBe('failed');
    expect(v.message).toBe(
      `compute_class_freqs returned a ${pytype} of 3 items whose first two are the expected frequencies: return only those two, return positive_frequencies, negative_frequencies (a pair), without the third.`,
    );
  });

  it('four items: "without the other 2"', () => {
    const v = returned('tuple', [vec(e.freqs.pos), vec(e.freqs.neg), vec(Array(k).fill(1)), vec(Array(k).fill(2))]);
    expect(v.message).toMatch(/of 4 items whose first two are the expected frequencies: .*without the other 2\.$/);
  });

  it('three items whose first two are wrong keep the generic message', () => {
    const v = returned('tuple', [vec(e.freqs.neg), vec(e.freqs.pos.map((x) => x + 0.5)), vec(Array(k).fill(1))]);
    expect(v.message).toMatch(/^compute_class_freqs returned a tuple of 3 items; it must return a pair \(positive_frequencies, negative_frequencies\)/);
  });
});
