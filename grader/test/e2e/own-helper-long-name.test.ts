/**
 * A correct submission that imports its own helper inside compute_class_freqs scored 0/23 when the
 * helper's name was longer than protocol.ts's 200 characters for a sibling module: the call's
 * record sent the name in `ran` unfiltered (runner.py; sibling_facts filters them), and the record
 * was refused as corrupted (red team 34). Such a name is left out of the record, as of the facts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson } from '../helpers/cli.js';
import { correctWith } from '../helpers/correct-source.js';

const LONG = 'h'.repeat(240);
const MAIN = correctWith('import numpy as np', [`from ${LONG} import mean0`, 'p = mean0(labels)', 'return p, 1 - p']);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-long-helper-'));
  await writeFile(join(dir, 'hw.py'), MAIN);
  await writeFile(join(dir, `${LONG}.py`), 'import numpy as np\n\n\ndef mean0(x):\n    return np.mean(x, axis=0)\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a helper with a name past 200 characters, imported inside a graded function', () => {
  it('leaves the name out of the call\'s record: the correct submission scores full marks', async () => {
    const { exitCode, report } = await checkJson(join(dir, 'hw.py'), ['--sandbox', 'process']);
    expect([exitCode, report.problems, report.score, report.maxScore]).toEqual([0, [], 23, 23]);
  });
});
