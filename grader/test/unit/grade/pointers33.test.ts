/**
 * Pointers 33, as the learner reads them (gradeSuite over a run of a catalogue model, its sites read
 * from a source): the fix of a mistake made on whole arrays says whole arrays, not a class loop's
 * y_true[:, i] (sites.ts inLossShape); a missing minus in a helper or lambda the loss calls is not told
 * the loss is vectorised.
 */
import { describe, expect, it } from 'vitest';
import type { LossSpec } from '../../../../reference/loss.js';
import { MISTAKES, type MistakeId } from '../../../../reference/mistakes/index.js';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossFactory, modelRun } from '../../helpers/model-run.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** A loss on whole arrays: L, then its mean over the examples summed (the terms `pos` and `neg` as given). */
const whole = (pos: string, neg: string) =>
  lossFactory('import numpy as np', [`L = ${[pos, neg].filter(Boolean).join(' + ')}`, 'return -np.sum(np.mean(L, axis=0))']);
const POS = 'pos_weights * y_true * np.log(y_pred + epsilon)';
const NEG = 'neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)';

describe('a mistake made on whole arrays: its fix in whole arrays', () => {
  const rows: [MistakeId, Partial<LossSpec>, string][] = [
    ['loss-prediction-as-label', { labels: 'p-neg' }, whole(POS, 'neg_weights * (1 - y_pred) * np.log(1 - y_pred + epsilon)')],
    ['loss-same-label-both-terms', { labels: 'y-both' }, whole(POS, 'neg_weights * y_true * np.log(1 - y_pred + epsilon)')],
    ['loss-missing-label-factor', { labels: 'no-neg-factor' }, whole(POS, 'neg_weights * np.log(1 - y_pred + epsilon)')],
    ['loss-missing-term', { terms: 'pos' }, whole(POS, '')],
    ['loss-labels-in-log', { logArgs: 'labels' }, whole('pos_weights * y_true * np.log(y_true + epsilon)', 'neg_weights * (1 - y_true) * np.log(1 - y_true + epsilon)')],
    ['loss-squared-error', { logArgs: 'squared' }, whole('-pos_weights * y_true * (1 - y_pred) ** 2', '-neg_weights * (1 - y_true) * y_pred ** 2')],
    ['loss-skips-example', { examples: 'skip-first' }, whole('pos_weights * y_true[1:] * np.log(y_pred[1:] + epsilon)', 'neg_weights * (1 - y_true[1:]) * np.log(1 - y_pred[1:] + epsilon)')],
  ];
  it.each(rows)('%s', async (id, spec, source) => {
    const named = gradeSuite(suite, await modelRun(suite, spec, source), ctx).mistakes;
    expect(named.map((m) => m.id)).toContain(id);
    const m = named.find((x) => x.id === id)!;
    expect(m.fix).not.toMatch(/\[:, i\]|_weights\[i\]/);
    expect(m.fix).toMatch(/\by_true\b/);
  });
});

describe('loss-sign with its logs in a function the loss calls: no form told', () => {
  const TERM = 'wp * y * np.log(p + epsilon) + wn * (1 - y) * np.log(1 - p + epsilon)';
  const rows: [string, string][] = [
    ['a lambda called in a comprehension over the classes', lossFactory('import numpy as np', [
      `term = lambda y, p, wp, wn: ${TERM}`,
      'return np.sum([np.mean(term(y_true[:, i], y_pred[:, i], pos_weights[i], neg_weights[i])) for i in range(len(pos_weights))])'])],
    ['a helper of the file\'s called in a class loop', `import numpy as np\n\n\ndef _term(y, p, wp, wn, epsilon):\n    return np.mean(${TERM})\n\n\n` +
      lossFactory('', ['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += _term(y_true[:, i], y_pred[:, i], pos_weights[i], neg_weights[i], epsilon)', 'return loss']).trimStart()],
  ];
  it.each(rows)('%s: the catalogue\'s fix, which says both forms', async (_, source) => {
    const named = gradeSuite(suite, await modelRun(suite, { sign: 1 }, source), ctx).mistakes;
    const m = named.find((x) => x.id === 'loss-sign');
    expect(m?.location?.line).toBeDefined();
    expect(m?.fix).not.toMatch(/^Your loss is vectorised/);
    expect(m?.fix).toBe(MISTAKES['loss-sign'].fix);
  });
});
