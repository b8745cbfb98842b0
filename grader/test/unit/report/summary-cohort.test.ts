/**
 * summary.ts: the score's min and max were Math.min(...scores) and Math.max(...scores), one
 * argument per graded learner, past ~120,000 of them a RangeError ("a bug in wlgrade") after the
 * whole cohort was graded, and in `merge` of its shards (red team 34; export lms had the same,
 * round 9). Reduces now.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/report/summary.js';
import type { BatchRow } from '../../../src/schema/batch.js';

describe('summarize: a MOOC cohort', () => {
  it('summarises 200,000 graded learners', () => {
    const rows: BatchRow[] = Array.from({ length: 200_000 }, (_, i) => ({
      learner: `l${i}`, source: `in/l${i}.py`, status: 'failed', score: i % 3, maxScore: 2, cases: { a: i % 3 === 0 ? 0 : 1, b: i % 3 === 2 ? 1 : 0 }, mistakes: [], reused: false,
    }));
    const s = summarize(rows, { version: '0.1.0', suites: ['public'], suiteHash: 'h', columns: [{ id: 'a', maxPoints: 1 }, { id: 'b', maxPoints: 1 }] });
    expect([s.learners, s.graded, s.score.min, s.score.max, s.score.median]).toEqual([200_000, 200_000, 0, 2, 1]);
  });
});
