/**
 * How many diagnoses a submission costs (a performance property, checked by what is computed, not by
 * time): frequencies rounded on top of a mistake are diagnosed a second time with a looser tolerance
 * (roundedFreqsDiagnosis), but one answer returned for every case (the inputs ignored) is no
 * formula's, rounded or not, and that second diagnosis (~50 ms of Node per submission in a batch)
 * is not run for it.
 */
import { describe, expect, it, vi } from 'vitest';
import * as diagnosis from '../../../src/grade/diagnose.js';
import { gradeSuite } from '../../../src/grade/grade-suite.js';
import type { RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { freqsRun } from '../../helpers/run-outcome.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';

vi.mock('../../../src/grade/diagnose.js', async (original) => {
  const real = await original<typeof import('../../../src/grade/diagnose.js')>();
  return { ...real, diagnose: vi.fn(real.diagnose), diagnoseRounded: vi.fn(real.diagnoseRounded) };
});

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
const run = (freqs: (pos: number[], neg: number[]) => [number[], number[]]): RunOutcome => freqsRun(suite, freqs);

describe('gradeSuite: a second diagnosis only where rounding can explain the frequencies', () => {
  it('diagnoses rounded, swapped frequencies twice (the second names freqs-swapped in full)', () => {
    const spy = vi.mocked(diagnosis.diagnose);
    const again = vi.mocked(diagnosis.diagnoseRounded);
    spy.mockClear();
    again.mockClear();
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const r = gradeSuite(suite, run((pos, neg) => [neg.map(r2), pos.map(r2)]), ctx);
    expect(r.mistakes.map((m) => m.id)).toContain('freqs-swapped');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('diagnoses the same rounded answer on every case once', () => {
    const spy = vi.mocked(diagnosis.diagnose);
    const again = vi.mocked(diagnosis.diagnoseRounded);
    spy.mockClear();
    again.mockClear();
    const r = gradeSuite(suite, run(() => [[0.1, 0.2, 0.3], [0.9, 0.8, 0.7]]), ctx);
    expect(r.score).toBeLessThan(r.maxScore);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(again).not.toHaveBeenCalled();
  });
});
