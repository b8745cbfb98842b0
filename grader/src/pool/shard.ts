/**
 * `--shard K/N`: which learners one machine grades. A learner belongs to shard
 * 1 + (first 48 bits of sha256(learner id)) mod N, so every machine computes the same split from
 * the id alone, without talking to the others, and a learner stays in the same shard when the
 * class grows. Pure.
 */
import { createHash } from 'node:crypto';
import { GraderError } from '../errors.js';

/** Shard `index` of `count`, 1-based as in `--shard 2/4` (CI matrices count from 1 too). */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 100_000) {
    throw new GraderError('USAGE', `--shard must be K/N with 1 <= K <= N (e.g. --shard 2/4 for the second of four machines), got "${text}".`);
  }
  return { index, count };
}

/** The shard (1..count) a learner id belongs to. */
export function shardOf(learner: string, count: number): number {
  const digest = createHash('sha256').update(learner, 'utf8').digest();
  return 1 + (digest.readUIntBE(0, 6) % count);
}

export function inShard(learner: string, shard: Shard): boolean {
  return shardOf(learner, shard.count) === shard.index;
}

/** The whole cohort a shard is cut from, as `merge` compares it: its size and a hash of its sorted ids. */
export function cohortOf(learners: string[]): { learners: number; hash: string } {
  const sorted = [...learners].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { learners: sorted.length, hash: createHash('sha256').update(JSON.stringify(sorted), 'utf8').digest('hex') };
}
