import { describe, expect, it } from 'vitest';
import { counted, joinSome, joinWords } from '../../src/join-words.js';

describe('joinWords', () => {
  it.each([
    [[], 'and', ''],
    [['a'], 'and', 'a'],
    [['a', 'b'], 'and', 'a and b'],
    [['a', 'b', 'c'], 'and', 'a, b and c'],
    [['a', 'b', 'c', 'd'], 'or', 'a, b, c or d'],
  ] as const)('%j with %s', (items, word, want) => {
    expect(joinWords(items, word)).toBe(want);
  });
});

describe('joinSome', () => {
  it.each([
    [[], 3, ', ', ''],
    [['a', 'b', 'c'], 3, ', ', 'a, b, c'],
    [['a', 'b', 'c', 'd', 'e'], 3, ', ', 'a, b, c and 2 more'],
    [['a', 'b', 'c'], 2, '; ', 'a; b and 1 more'],
  ] as const)('%j, at most %i, joined with %j', (items, most, sep, want) => {
    expect(joinSome(items, most, sep)).toBe(want);
  });
  it('says ", and" before the count when asked (batch/pick.ts\'s list of files)', () => {
    expect(joinSome(['a.py', 'b.py', 'c.py', 'd.py', 'e.py'], 3, ', ', ', and')).toBe('a.py, b.py, c.py, and 2 more');
    expect(joinSome(['a.py', 'b.py', 'c.py'], 3, ', ', ', and')).toBe('a.py, b.py, c.py');
  });
});

describe('counted', () => {
  it.each([
    [1, 'class', undefined, undefined, '1 class'],
    [3, 'class', 'classes', undefined, '3 classes'],
    [0, 'report', undefined, ['is', 'are'], '0 reports are'],
    [1, 'report in out/results', 'reports in out/results', ['is', 'are'], '1 report in out/results is'],
    [2, 'learner of the results', 'learners of the results', ['is a Canvas id', 'are Canvas ids'], '2 learners of the results are Canvas ids'],
  ] as const)('%i %s (many %s, verb %j): %j', (n, noun, many, verb, want) => {
    expect(counted(n, noun, many, verb)).toBe(want);
  });
});
