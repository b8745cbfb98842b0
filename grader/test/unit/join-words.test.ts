import { describe, expect, it } from 'vitest';
import { joinWords } from '../../src/join-words.js';

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
