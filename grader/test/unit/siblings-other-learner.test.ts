/**
 * siblings.ts otherSubmissionBeside: `check subs/alice.py` sends no module beside it when the folder
 * holds another learner's file, one that defines a graded function (then subs/helpers.py is no more
 * alice's than bob's, as `grade subs/` reads it). It read the defs by their written names: a
 * carol.py with `def ｃompute_class_freqs` (a fullwidth c, Python's compute_class_freqs) was no
 * learner's file, and helpers.py ran in alice's check (red team 34). Now read as Python binds the
 * names (batch/pick.ts countDefinitions).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otherSubmissionBeside, siblingsOf } from '../../src/siblings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-other-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('otherSubmissionBeside', () => {
  const ALICE = 'from helpers import f\n';

  it.each([
    ['def ｃompute_class_freqs(labels):\n    return 1, 2\n', 'carol.py'],
    ['def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    pass\n', 'carol.py'],
    ['def сompute_class_freqs(labels):\n    pass\n', undefined], // a Cyrillic с: another name to Python, no graded function
  ])("a file beside it defining %j is another learner's: %s", async (carol, other) => {
    await writeFile(join(dir, 'alice.py'), ALICE);
    await writeFile(join(dir, 'helpers.py'), 'f = 1\n');
    await writeFile(join(dir, 'carol.py'), carol);
    const siblings = siblingsOf(join(dir, 'alice.py'), Buffer.from(ALICE));
    expect(siblings.map((s) => s.name)).toEqual(['helpers.py']);
    expect(otherSubmissionBeside(join(dir, 'alice.py'), siblings)).toBe(other);
  });
});
