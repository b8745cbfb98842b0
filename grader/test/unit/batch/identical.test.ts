import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { EMPTY_FILE_SHA256, GROUPS_SHOWN, gradedGroups, identicalGroups, identicalLines } from '../../../src/batch/identical.js';

describe('identicalGroups', () => {
  it('groups learners by their file hash, largest group first, and leaves out files handed in once', () => {
    const groups = identicalGroups([
      ['cy', 'h1'],
      ['ana', 'h2'],
      ['bo', 'h1'],
      ['di', 'h3'],
      ['ed', 'h2'],
      ['flo', 'h1'],
    ]);
    expect(groups).toEqual([
      ['bo', 'cy', 'flo'],
      ['ana', 'ed'],
    ]);
  });

  it('puts empty files in no group: they are alike without copying, and each is an error row already', () => {
    expect(createHash('sha256').update(Buffer.alloc(0)).digest('hex')).toBe(EMPTY_FILE_SHA256);
    expect(identicalGroups([['a', EMPTY_FILE_SHA256], ['b', EMPTY_FILE_SHA256], ['c', 'h1'], ['d', 'h1']])).toEqual([['c', 'd']]);
  });

  it('groups a whole cohort of one file in linear time (red-team round 20: 40,000 alike took 14 s)', () => {
    const n = 60_000;
    const started = Date.now();
    const groups = identicalGroups(Array.from({ length: n }, (_, i) => [`learner${String(i).padStart(5, '0')}`, 'a'.repeat(64)] as const));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(n);
    expect(identicalLines(groups)[1]).toBe(`  ${Array.from({ length: 8 }, (_, i) => `learner0000${i}`).join(', ')} and ${n - 8} more`);
  });

  it('finds nothing when every file differs', () => {
    expect(identicalGroups([['a', 'x'], ['b', 'y']])).toEqual([]);
    expect(identicalLines([])).toEqual([]);
    // An id with a character no one sees is spelled out (batch 36): "bob" and "bob\u200b" look alike.
    expect(identicalLines([['bob', 'bob\u200b', 'carl\u2060']])[1]).toBe('  bob, bob\\u200b, carl\\u2060');
  });
});

describe('identicalLines', () => {
  it(`names the first ${GROUPS_SHOWN} groups (8 learners each at most) and counts the rest`, () => {
    const groups = Array.from({ length: GROUPS_SHOWN + 2 }, (_, g) => Array.from({ length: g === 0 ? 10 : 2 }, (_, k) => `l${g}-${k}`));
    const lines = identicalLines(groups);
    expect(lines[0]).toBe(`${10 + 2 * (GROUPS_SHOWN + 1)} learners handed in byte-identical files, in ${GROUPS_SHOWN + 2} groups (copied work, or the template unchanged): check them before the grades go out.`);
    expect(lines[1]).toBe('  l0-0, l0-1, l0-2, l0-3, l0-4, l0-5, l0-6, l0-7 and 2 more');
    expect(lines).toHaveLength(1 + GROUPS_SHOWN + 1);
    expect(lines.at(-1)).toBe("  and 2 more groups (batch-state.json gives each learner's file's sha256)");
  });
});

describe('gradedGroups', () => {
  it('groups the learners with a report by their file hash: a row without one (not graded) is in no group', () => {
    const entries = new Map([['ana', { submissionHash: 'h1' }], ['bo', { submissionHash: 'h1' }], ['cy', { submissionHash: 'h1' }], ['di', { submissionHash: 'h2' }]]);
    const rows = [{ learner: 'ana', resultFile: 'results/ana.json' }, { learner: 'bo' }, { learner: 'cy', resultFile: 'results/cy.json' }, { learner: 'di', resultFile: 'results/di.json' }, { learner: 'ed', resultFile: 'results/ed.json' }];
    expect(gradedGroups(rows, entries)).toEqual([['ana', 'cy']]);
  });
});

describe("identicalLines of one shard's grade", () => {
  it('says the groups are the shard\'s own, and that merge lists them across the shards (staff 29)', () => {
    expect(identicalLines([['ana', 'cy']], { shard: { index: 2, count: 3 } })[0]).toBe(
      '2 learners of shard 2/3 handed in byte-identical files, in 1 group (copied work, or the template unchanged): check them before the grades go out; wlgrade merge lists them across all the shards.',
    );
  });
});
