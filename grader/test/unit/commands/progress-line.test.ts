/**
 * grade's plain progress line (CI logs, pipes): a score where grades.csv, summary.json and export
 * lms give one, the error where they give none.
 */
import { describe, expect, it } from 'vitest';
import { progressLine, progressWhat } from '../../../src/commands/grade.js';
import { rowWorth } from '../../../src/report/row-worth.js';
import type { BatchRow } from '../../../src/schema/batch.js';

const row = (over: Partial<BatchRow>): BatchRow => ({
  learner: 'ada',
  source: 'in/ada.py',
  status: 'failed',
  score: 12,
  maxScore: 43,
  cases: { a: 1, b: 0 },
  mistakes: [],
  resultFile: 'results/ada.json',
  reused: false,
  ...over,
});

describe('progressWhat', () => {
  it.each([
    // "12/43 failed" read as 12 of 43 cases failed, where it was a score of 12 (staff 30)
    ['graded', row({}), 'score 12/43, failed'],
    ['graded, reused', row({ reused: true }), 'score 12/43, failed (reused)'],
    ['passed', row({ status: 'passed', score: 43 }), 'score 43/43, passed'],
    // a .py graded from its parseable pieces: a problem, and a score that counts
    ['graded despite a problem', row({ status: 'error', problems: ['SYNTAX_ERROR'], error: 'ada.py:9: SyntaxError' }), 'score 12/43, error'],
    ['no case reached', row({ status: 'error', score: 0, cases: {}, problems: ['SYNTAX_ERROR'], error: 'ada.py:3: SyntaxError' }), 'error: ada.py:3: SyntaxError'],
    // the points so far of a set-up time-out are no grade
    ['a set-up time-out after some cases ran', row({ status: 'error', problems: ['SETUP_TIMEOUT'], error: 'Part of ada.py was not graded: importing torch took longer than 60 s.\nmore' }), 'error: Part of ada.py was not graded: importing torch took longer than 60 s.'],
  ])('%s', (_, r, want) => {
    expect(progressWhat(r)).toBe(want);
    // A score on the line exactly where the other outputs give one.
    expect(/^score \d/.test(progressWhat(r))).toBe(rowWorth(r) === 'score');
  });
});

describe('progressLine', () => {
  it("spells out a learner's tabs, line breaks and control characters, and its error's, on one line (tidy 33)", () => {
    // The tab went out raw: a CI log's columns shifted, a terminal's bar wrapped.
    const r = row({ learner: 'eve\tx\u001b]0;owned\u0007', status: 'error', score: 0, cases: {}, problems: ['SYNTAX_ERROR'], error: 'eve\tx.py:3:\tSyntaxError\r\u202e\nsecond line' });
    expect(progressLine(r, 2, 40)).toBe('[2/40] eve\\tx\\x1b]0;owned\\x07: error: eve\\tx.py:3:\\tSyntaxError\\r\\u202e');
    expect(progressLine(row({}), 1, 3)).toBe('[1/3] ada: score 12/43, failed');
  });
});
