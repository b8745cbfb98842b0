/**
 * Pointers 33, as the learner reads them (gradeSuite over a run of a catalogue model, its sites read
 * from a source): the fix of a mistake made on whole arrays says whole arrays, not a class loop's
 * y_true[:, i] (sites.ts inLossShape).
 */
import { describe, expect, it } from 'vitest';
import type { LossSpec } from '../../../../reference/loss.js';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
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
