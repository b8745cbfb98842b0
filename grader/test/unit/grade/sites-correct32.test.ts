/**
 * Correct 32's near-misses: the two terms averaged by a multiplication by 0.5
 * (`loss += -np.mean(0.5 * (pos + neg))`, `np.mean(L * 0.5, axis=0)`) were named
 * loss-terms-averaged with no line, as the site rule read only a division by a literal or a mean
 * of no axis. A halving of the loss's terms is a "halved" site now (learners 32b's, which took the place of this file's "halves"); a 0.5 in a correct loss beside
 * the averaging division, or a correct loss's 0.5 * 2, never gets named. And loss-rounded was
 * named with no line at all (return round(float(loss), 3), np.round(loss * 1000) / 1000,
 * float(f"{loss:.3f}")): the rounding the loss is returned through is a "rounded" site now.
 * A running sum started from row 0 (`acc = labels[0].copy()`, then `range(1, N)`) was read as a
 * loop that skips the first example, a right line shown beside the real skip.
 */
import { describe, expect, it } from 'vitest';
import { CORRECT_LOSS, isModelError, lossWithSpec } from '../../../../reference/loss.js';
import { expectedFor, gradeSuite as gradeSuiteApart, type GradeContext } from '../../../src/grade/grade-suite.js';
import { withFeedback } from '../../../src/report/feedback.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { arr, runWith } from '../../helpers/run-outcome.js';
import { functionsOf, shownLines } from '../../helpers/runner.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** A run whose loss is `scale` times the expected loss (or `scale(expected)`) on every case (right frequencies), its sites read from `source`. */
async function runOf(scale: number | ((expected: number) => number), source: string): Promise<RunOutcome> {
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    if (c.inputs.fn === 'weighted_loss' && e.fn === 'weighted_loss') {
      const v = lossWithSpec(c.inputs, CORRECT_LOSS);
      if (isModelError(v)) throw new Error(v.detail);
      calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: typeof scale === 'number' ? v * scale : scale(v) }, mutated: [], ms: 1 };
    } else if (e.fn === 'compute_class_freqs') {
      calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] }, mutated: [], ms: 1 };
    }
  }
  const run = runWith(calls);
  const [functions] = await functionsOf([source]);
  if (!run.load.ok) throw new Error('unreachable');
  return { ...run, load: { ...run.load, imports: ['numpy'], functions: { ...run.load.functions, ...functions } } };
}

async function named(scale: number | ((expected: number) => number), source: string) {
  const report = withFeedback(gradeSuiteApart(suite, await runOf(scale, source), ctx), 'full');
  return report.mistakes.map((m) => ({ id: m.id, line: m.location?.line }));
}

const factory = (body: string[]) =>
  `import numpy as np\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

const loopHalf = factory([
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    pos = pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '    neg = neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)',
  '    loss += -np.mean(0.5 * (pos + neg))',
  'return loss',
]);
const wholeHalf = factory([
  'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
  'return -np.sum(np.mean(L * .5, axis=0))',
]);
const halfOfSum = factory([
  'pos = -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon), axis=0))',
  'neg = -np.sum(np.mean(neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))',
  'return (pos + neg) * 0.5',
]);

describe('correct 32: the two terms halved by a multiplication', () => {
  it.each([
    ['0.5 * (pos + neg) in a class loop', loopHalf, 5],
    ['L * .5 on whole arrays', wholeHalf, 2],
    ['(pos + neg) * 0.5 of the reduced terms', halfOfSum, 3],
  ])('%s: loss-terms-averaged at its line', async (_, src, line) => {
    expect(await named(0.5, src)).toEqual([{ id: 'loss-terms-averaged', line: line + 5 }]);
  });

  it('a correct loss written with 0.5 * 2 is named nothing, its terms averaged or not', async () => {
    const doubled = factory([
      'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
      'return -np.sum(np.mean(2 * (0.5 * L), axis=0))',
    ]);
    expect(await named(1, doubled)).toEqual([]);
  });

  it('a 0.5 that halves no term (a constant, an epsilon) is no site: the division by 2 keeps its line', async () => {
    const overTwo = factory([
      'eps = 0.5 * 1e-6 + epsilon * 0.5 * 2',
      'pos = -pos_weights * y_true * np.log(y_pred + epsilon)',
      'neg = -neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)',
      'return np.sum(np.mean((pos + neg) / 2, axis=0))',
    ]);
    expect(await named(0.5, overTwo)).toEqual([{ id: 'loss-terms-averaged', line: 4 + 5 }]);
  });
});

const whole = 'L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';
const toThree = (e: number) => Math.round(e * 1000) / 1000;

describe('correct 32: a loss returned rounded, at the rounding', () => {
  it.each([
    ['return round(float(loss), 3)', factory([whole, 'loss = -np.sum(np.mean(L, axis=0))', 'return round(float(loss), 3)']), 3],
    ['np.round(loss * 1000) / 1000', factory([whole, 'loss = -np.sum(np.mean(L, axis=0))', 'return np.round(loss * 1000) / 1000']), 3],
    ['float of an f-string', factory([whole, 'loss = -np.sum(np.mean(L, axis=0))', 'return float(f"{loss:.3f}")']), 3],
    ['a name bound to the rounding, returned negated', factory([whole, 'r = np.around(np.sum(np.mean(L, axis=0)), decimals=3)', 'return -r']), 2],
    ['a printed rounding beside the returned one', factory([whole, 'loss = -np.sum(np.mean(L, axis=0))', 'print(np.round(loss, 3))', 'return np.round(loss, 3)']), 4],
  ])('%s: loss-rounded at its line', async (_, src, line) => {
    expect(await named(toThree, src)).toEqual([{ id: 'loss-rounded', line: line + 5 }]);
  });

  it('a rounding of the predictions (thresholded) is no rounding of the loss', async () => {
    const src = factory(['p = np.round(y_pred, 3)', whole.replaceAll('y_pred', 'p'), 'return round(-np.sum(np.mean(L, axis=0)), 3)']);
    expect(await named(toThree, src)).toEqual([{ id: 'loss-rounded', line: 3 + 5 }]);
  });
});

describe('correct 32: a running sum started from the row the loop leaves out is no skip', () => {
  const freqs = (body: string[]) => `import numpy as np\n\n\ndef compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;
  it('range(1, N) after acc = labels[0]: only the real skip beside it is shown', async () => {
    const first = freqs(['N = labels.shape[0]', 'acc = labels[0].astype(float)', 'for n in range(1, N):', '    acc += labels[n]', 'neg = np.mean(1 - labels[1:], axis=0)', 'return acc / N, neg']);
    const last = freqs(['N, C = labels.shape', 'acc = np.zeros(C) + labels[-1]', 'for n in range(N - 1):', '    acc += labels[n]', 'return acc / N, 1 - np.mean(labels[:-1], axis=0)']);
    const skips = freqs(['N, C = labels.shape', 'acc = np.zeros(C)', 'for n in range(1, N):', '    acc += labels[n]', 'return acc / N, 1 - acc / N']);
    expect(await shownLines([
      ['from row 0', 'freqs-skips-example', first],
      ['from the last row', 'freqs-skips-example', last],
      ['no row read apart', 'freqs-skips-example', skips],
    ])).toEqual([
      ['from row 0', ['neg = np.mean(1 - labels[1:], axis=0)']],
      ['from the last row', ['return acc / N, 1 - np.mean(labels[:-1], axis=0)']],
      ['no row read apart', ['for n in range(1, N):']],
    ]);
  });
});
