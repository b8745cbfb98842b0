import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../../src/pool/shard.js';

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    [' 4/4 ', { index: 4, count: 4 }],
  ])('parses %s', (text, want) => expect(parseShard(text)).toEqual(want));

  it.each(['0/4', '5/4', '1/0', '1', 'a/b', '1/2/3', '-1/2'])('rejects %s with a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard must be K\/N/);
  });
});

describe('shardOf', () => {
  const learners = Array.from({ length: 2_000 }, (_, i) => `learner-${i}`);

  it('is deterministic and in range', () => {
    for (const l of learners.slice(0, 50)) {
      const s = shardOf(l, 7);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(7);
      expect(shardOf(l, 7)).toBe(s);
    }
    // Pinned: a change of the hash would move learners between machines mid-course.
    expect([shardOf('alice', 4), shardOf('bob', 4), shardOf('carol', 4)]).toEqual([3, 3, 4]);
  });

  it('splits a class into disjoint shards that cover everyone, roughly evenly', () => {
    const n = 4;
    const counts = new Array<number>(n).fill(0);
    for (const l of learners) {
      const owners = [1, 2, 3, 4].filter((k) => inShard(l, { index: k, count: n }));
      expect(owners).toHaveLength(1);
      counts[owners[0]! - 1]!++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(learners.length / n / 1.3);
  });

  it('puts everyone in the only shard of one', () => {
    expect(learners.every((l) => inShard(l, { index: 1, count: 1 }))).toBe(true);
  });
});
