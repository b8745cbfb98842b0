/**
 * The sentences for a learner's package folder (pkg/utils.py) said a file: `check` of alice.py
 * importing pkg.utils beside pkg/ and bob.py told "(your pkg.py beside alice.py) ... with pkg.py",
 * and pkg/ handed in without its utils.py "If pkg is a file of yours (pkg.py)" (red team 34). They now say the
 * package folder pkg/; a plain module is still its .py.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson } from '../helpers/cli.js';

const MAIN = `import numpy as np
from pkg.utils import safe_log
from pkg.logs import unused


def compute_class_freqs(labels):
    p = np.mean(labels, axis=0)
    return p, 1 - p


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        t = pos_weights * y_true * safe_log(y_pred, epsilon) + neg_weights * (1 - y_true) * safe_log(1 - y_pred, epsilon)
        return -np.sum(np.mean(t, axis=0))
    return weighted_loss
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-own-package-'));
  await mkdir(join(dir, 'many', 'pkg'), { recursive: true });
  await writeFile(join(dir, 'many', 'alice.py'), MAIN);
  await writeFile(join(dir, 'many', 'bob.py'), MAIN);
  await writeFile(join(dir, 'many', 'pkg', 'utils.py'), 'import numpy as np\n\n\ndef safe_log(x, eps):\n    return np.log(x + eps)\n');
  await writeFile(join(dir, 'many', 'pkg', 'logs.py'), 'unused = 1\n');
  // pkg/ handed in without its utils.py.
  await mkdir(join(dir, 'alone', 'pkg'), { recursive: true });
  await writeFile(join(dir, 'alone', 'hw.py'), MAIN);
  await writeFile(join(dir, 'alone', 'pkg', 'logs.py'), 'unused = 1\n');
  // No pkg/ at all: Python's ModuleNotFoundError names only pkg (siblings 35).
  await mkdir(join(dir, 'none'), { recursive: true });
  await writeFile(join(dir, 'none', 'hw.py'), MAIN);
  await mkdir(join(dir, 'from'), { recursive: true });
  await writeFile(join(dir, 'from', 'hw.py'), 'from pkg.solution import compute_class_freqs, get_weighted_loss\n');
  await mkdir(join(dir, 'from-sub', 'pkg'), { recursive: true });
  await writeFile(join(dir, 'from-sub', 'pkg', '__init__.py'), '');
  await writeFile(join(dir, 'from-sub', 'hw.py'), 'from pkg.work.solution import *\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a learner's package folder in the report's sentences", () => {
  it('is told as the package folder pkg/ when not imported from a folder of many learners\' files', async () => {
    const { report } = await checkJson(join(dir, 'many', 'alice.py'), ['--sandbox', 'process']);
    const message = report.problems[0]?.message ?? '';
    expect(message).toContain('(your package folder pkg/ beside alice.py)');
    expect(message).toMatch(/Check alice\.py in a folder of its own with its package folder pkg\/\.$/);
    expect(message).not.toContain('pkg.py');
  });

  it('is told as a package folder when a module of it is not there', async () => {
    const { report } = await checkJson(join(dir, 'alone', 'hw.py'), ['--sandbox', 'process']);
    const message = report.problems[0]?.message ?? '';
    expect(message).toContain('If pkg is a package of yours (a folder pkg/), hand it in beside hw.py');
    expect(message).not.toContain('pkg.py');
  });

  it('is told as a package folder when no folder of it is there at all (Python names only pkg)', async () => {
    const { report } = await checkJson(join(dir, 'none', 'hw.py'), ['--sandbox', 'process']);
    const message = report.problems[0]?.message ?? '';
    expect(message).toContain('If pkg is a package of yours (a folder pkg/), hand it in beside hw.py');
    expect(message).not.toContain('pkg.py');
  });

  it('names the package module the graded functions were imported from, as its file in the package folder', async () => {
    // No pkg/: the error names pkg, the import pkg.solution; once "Remove the import if the graded functions do not need it".
    const none = (await checkJson(join(dir, 'from', 'hw.py'), ['--sandbox', 'process'])).report.problems[0]?.message ?? '';
    expect(none).toBe('hw.py:1: imports compute_class_freqs and get_weighted_loss from "pkg.solution", a file of yours that was not handed in: hand your package folder pkg/ with its solution.py in beside hw.py (in the same folder or zip), or put the definitions of compute_class_freqs and get_weighted_loss in hw.py instead of importing them.');
    // pkg/ there without work/solution.py: once "hand pkg.py in".
    const sub = (await checkJson(join(dir, 'from-sub', 'hw.py'), ['--sandbox', 'process'])).report.problems[0]?.message ?? '';
    expect(sub).toContain('everything from "pkg.work.solution" (from pkg.work.solution import *), a file of yours that was not handed in: hand your package folder pkg/ with its work/solution.py in beside hw.py');
    expect(sub).not.toContain('pkg.py');
  });
});
