/**
 * A learner whose assignment.py imports their own helpers.py, lying next to it (and handed in with
 * it), was told only `imports "helpers", which is not installed for python3 ... Write
 * get_weighted_loss without it: numpy is enough (it is not a package wlgrade knows ...)`, though
 * the file is right there (correct 31): the grader grades each file alone, as docs/learners.md
 * says, and the sentence now says that too, with what to do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson } from '../helpers/cli.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-own-helper-'));
  await writeFile(join(dir, 'helpers.py'), 'import numpy as np\n\n\ndef safe_log(x, eps):\n    return np.log(x + eps)\n');
  await writeFile(
    join(dir, 'assignment.py'),
    `import numpy as np
from helpers import safe_log


def compute_class_freqs(labels):
    p = np.mean(labels, axis=0)
    return p, 1 - p


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        t = pos_weights * y_true * safe_log(y_pred, epsilon) + neg_weights * (1 - y_true) * safe_log(1 - y_pred, epsilon)
        return -np.sum(np.mean(t, axis=0))
    return weighted_loss
`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('an import of the learner\'s own file next to the graded one', () => {
  it('is told as a file of theirs the grader does not import, with what to do', async () => {
    const { report } = await checkJson(join(dir, 'assignment.py'), ['--sandbox', 'process']);
    expect(report.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'IMPORT_UNRESOLVABLE',
        'assignment.py:2: imports "helpers", which is not installed for python3, and get_weighted_loss uses it, so get_weighted_loss\'s cases were not graded (compute_class_freqs\'s were). Write get_weighted_loss without it: numpy is enough (it is not a package wlgrade knows, so wlgrade does not suggest installing it). If helpers is a file of yours (helpers.py), put what you use from it in assignment.py: the grader grades that file alone, so it imports no other file of yours.',
      ],
    ]);
  });
});
