/**
 * Wording 32: a mistake's evidence and fix follow what the learner wrote. A loss negated twice is
 * not told "-1 is what a missing minus sign gives"; a missing minus in vectorised code is not told
 * to write `loss +=` in a loop; loss-swapped-arguments' fix names Keras only to Keras code.
 */
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite } from '../../../src/grade/grade-suite.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { runWith } from '../../helpers/run-outcome.js';
import { functionsOf } from '../../helpers/runner.js';
import type { FunctionInfo } from '../../../src/schema/protocol.js';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

const HEAD = 'import numpy as np\n\n\n';
const loss = (body: string[]) =>
  `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

/** The report of a file whose loss is `value(expected)` on every case, its sites and imports those of `src`. */
async function graded(src: string, value: (expected: number) => number, imports: string[] = ['numpy']) {
  const [functions] = await functionsOf([src]);
  const calls: Record<string, CallOutcome> = {};
  for (const c of suite.cases) {
    const e = expectedFor(c);
    if (e.fn !== 'weighted_loss') continue;
    calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: value(e.loss) }, mutated: [], ms: 1 };
  }
  const run = runWith(calls);
  if (run.load.ok) {
    run.load.functions.get_weighted_loss = { ...(functions!.get_weighted_loss as FunctionInfo), defined: true, callable: true, params: null };
    run.load.imports = imports;
  }
  return gradeSuite(suite, run, ctx);
}
const signFlipped = async (src: string) => (await graded(src, (e) => -e)).mistakes.find((m) => m.id === 'loss-sign');

const NEGATED_TWICE = loss([
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '                     + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
  'return -loss',
]);
const LOOP_NO_MINUS = loss([
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '                    + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
  'return loss',
]);

describe('loss-sign negated twice: the evidence says what a second minus gives', () => {
  it('does not end "-1 is what a missing minus sign gives"', async () => {
    const m = await signFlipped(NEGATED_TWICE);
    expect(m?.evidence).toMatch(/-1 is what a second minus gives, cancelling the first$/);
    expect(m?.evidence).not.toMatch(/missing minus/);
    expect(m?.message).not.toMatch(/missing minus/);
    expect(m?.message).toMatch(/^It looks like your loss is negated twice .*: on case \S+ your loss is -1× the expected value; -1 is what a second minus gives, cancelling the first\.$/);
  });
  it('a missing minus keeps its own evidence', async () => {
    const m = await signFlipped(LOOP_NO_MINUS);
    expect(m?.evidence).toMatch(/-1 is what a missing minus sign gives$/);
  });
});

describe('loss-sign: the fix follows the form of the code', () => {
  it('vectorised code is told where the minus goes in its reduction, not to write loss += in a loop', async () => {
    const m = await signFlipped(
      loss([
        'return np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon)',
        '                      + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))',
      ]),
    );
    expect(m?.location?.line).toBe(6);
    expect(m?.fix).not.toMatch(/loss \+=|loop/);
    expect(m?.fix).toMatch(/-np\.sum\(np\.mean\(L, axis=0\)\)/);
  });
  it('vectorised PyTorch code gets it in torch calls', async () => {
    const src = `import torch\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        L = pos_weights * y_true * torch.log(y_pred + epsilon) + neg_weights * (1 - y_true) * torch.log(1 - y_pred + epsilon)\n        return torch.sum(torch.mean(L, dim=0))\n    return weighted_loss\n`;
    const m = (await graded(src, (e) => -e, ['torch'])).mistakes.find((x) => x.id === 'loss-sign');
    expect(m?.fix).toMatch(/-torch\.sum\(torch\.mean\(L, dim=0\)\)/);
    expect(m?.fix).not.toMatch(/np\.|loss \+=/);
  });
  it('a loop over the classes is told to negate each class\'s term in it', async () => {
    const m = await signFlipped(LOOP_NO_MINUS);
    expect(m?.fix).toMatch(/loss \+= -\(pos term \+ neg term\)/);
    expect(m?.fix).not.toMatch(/np\.sum\(np\.mean/);
  });
  it('a loop over the classes as a generator (sum(... for i in ...)) is told to negate the terms it sums', async () => {
    const m = await signFlipped(
      loss([
        'return sum(np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '                   + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)) for i in range(len(pos_weights)))',
      ]),
    );
    // Review 32a: a comprehension has no loss += to write; its fix says the minus inside the sum.
    expect(m?.fix).toMatch(/^Negate the terms your comprehension sums: sum\(-\(pos term \+ neg term\) for \.\.\.\)/);
    expect(m?.fix).not.toMatch(/loss \+=/);
  });
});

describe('loss-swapped-arguments: the fix says who calls the loss in what the learner wrote', () => {
  const fix = MISTAKES['loss-swapped-arguments'].fix;
  it.each(['numpy', 'python'] as const)('%s code is not told that Keras calls it', (fw) => {
    const said = fixInFramework(fix, fw);
    expect(said).not.toMatch(/^Keras calls/);
    expect(said).toMatch(/^The grader calls your loss as the assignment does, weighted_loss\(y_true, y_pred\): labels first, predictions second/);
    expect(said).toContain(fw === 'numpy' ? 'y_true * np.log(y_pred + epsilon)' : 'y_true[n][i] * math.log(y_pred[n][i] + epsilon)');
  });
  it.each(['keras', 'keras-ops', 'tensorflow'] as const)('%s code is: Keras calls its loss', (fw) => {
    expect(fixInFramework(fix, fw)).toMatch(/^Keras calls the loss as weighted_loss\(y_true, y_pred\)/);
  });
});
