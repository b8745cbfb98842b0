import { describe, expect, it } from 'vitest';
import { mergeShards } from '../../../src/commands/merge.js';
import type { BatchRow, BatchSummary } from '../../../src/schema/batch.js';

function makeRow(over: Partial<BatchRow> = {}): BatchRow {
  return { learner: 'ana', source: 'subs/ana.py', status: 'passed', score: 3, maxScore: 3, cases: { b: 1, a: 2 }, mistakes: [], reused: false, resultFile: 'results/ana.json', ...over };
}

function makeSummary(rows: BatchRow[], over: Partial<BatchSummary> = {}): BatchSummary {
  return {
    schemaVersion: 1,
    tool: { name: 'wlgrade', version: 't' },
    suites: ['public'],
    suiteHash: 'h1',
    maxScore: 3,
    learners: rows.length,
    graded: rows.length,
    reused: 0,
    errors: 0,
    score: { mean: null, median: null, min: null, max: null },
    distribution: [],
    mistakes: [],
    cases: [
      { id: 'a', maxPoints: 2, failedBy: 0 },
      { id: 'b', maxPoints: 1, failedBy: 0 },
    ],
    rows,
    ...over,
  };
}

describe('mergeShards', () => {
  it('joins the rows of every shard, sorted by learner, with columns in suite order', () => {
    const merged = mergeShards([
      { name: 's2', summary: makeSummary([makeRow({ learner: 'zoe', resultFile: 'results/zoe.json' })]) },
      { name: 's1', summary: makeSummary([makeRow(), makeRow({ learner: 'bo', status: 'error', cases: {}, score: 0 })]) },
    ]);
    expect(merged.rows.map((r) => [r.learner, r.shard])).toEqual([
      ['ana', 's1'],
      ['bo', 's1'],
      ['zoe', 's2'],
    ]);
    expect(merged.columns).toEqual([
      { id: 'b', maxPoints: 1 },
      { id: 'a', maxPoints: 2 },
    ]);
  });

  it('refuses shards graded against different cases', () => {
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([]) }, { name: 'y', summary: makeSummary([], { suiteHash: 'h2' }) }])).toThrow(/graded against different cases/);
  });

  it('refuses a learner graded by two shards', () => {
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow()]) }, { name: 'y', summary: makeSummary([makeRow()]) }])).toThrow(/"ana" was graded in both x and y/);
  });
});
