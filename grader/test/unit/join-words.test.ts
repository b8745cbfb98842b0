import { describe, expect, it } from 'vitest';
import { joinSome, joinWords } from '../../src/join-words.js';

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
