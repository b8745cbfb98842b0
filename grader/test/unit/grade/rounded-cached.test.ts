/**
 * Model values depend only on the case, and the diagnosis caches them per case object, so a batch
 * computes each once. The diagnosis of rounded frequencies (diagnoseRounded) worked on new copies
 * of the cases for each submission: every submission rounded so computed every frequency model
 * again (~40% of gradeSuite's time in a batch of the bench's cohort). There is one copy per case
 * and digits now, its values cached as the case's are. Checked by what is computed: a second
 * submission rounded the same way evaluates no frequency model, and is graded as the first.
 */
import { describe, expect, it, vi } from 'vitest';
import * as diagnosis from '../../../src/grade/diagnose.js';
import { gradeSuite } from '../../../src/grade/grade-suite.js';
import type { RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { freqsRun } from '../../helpers/run-outcome.js';
import * as loss from '../../../../reference/loss.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';

vi.mock('../../../../reference/loss.js', async (original) => {
  const real = await original<typeof import('../../../../reference/loss.js')>();
  return { ...real, freqsWithSpec: vi.fn(real.freqsWithSpec) };
});
vi.mock('../../../src/grade/diagnose.js', async (original) => {
  const real = await original<typeof import('../../../src/grade/diagnose.js')>();
  return { ...real, diagnoseRounded: vi.fn(real.diagnoseRounded) };
});

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
const run = (freqs: (pos: number[], neg: number[]) => [number[], number[]]): RunOutcome => freqsRun(suite, freqs);

describe('diagnoseRounded: one copy of a case per digits, its model values computed once', () => {
  it('evaluates no frequency model for a second submission rounded the same way, and grades it as the first', () => {
    const models = vi.mocked(loss.freqsWithSpec);
    const again = vi.mocked(diagnosis.diagnoseRounded);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const swapped = run((pos, neg) => [neg.map(r2), pos.map(r2)]);
    again.mockClear();
    models.mockClear();
    const first = gradeSuite(suite, swapped, ctx);
    expect(first.mistakes.map((m) => m.id)).toContain('freqs-swapped');
    expect(again).toHaveBeenCalledTimes(1); // the rounded diagnosis ran
    expect(models.mock.calls.length).toBeGreaterThan(0);
    models.mockClear();
    const second = gradeSuite(suite, run((pos, neg) => [neg.map(r2), pos.map(r2)]), ctx);
    expect(again).toHaveBeenCalledTimes(2);
    expect(models).not.toHaveBeenCalled();
    expect(second).toEqual(first);
  });
});
