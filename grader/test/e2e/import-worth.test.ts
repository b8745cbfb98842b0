/**
 * What a file whose graded functions both need a module that failed to import is worth in `grade`:
 * a module no course machine has (a made-up or misspelt name, the course's workspace helper) is the
 * learner's doing, counted 0 with IMPORT_UNRESOLVABLE; a package wlgrade knows, missing on this
 * machine, is the machine's: a blank row with IMPORT_ERROR, for staff to install. Before, both were
 * blank, and a file that imported a name of its own choosing could never be scored.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { runCli, ROOT, scratchSubmissions } from '../helpers/cli.js';
import { parseCsv } from '../unit/report/csv-parse.js';

/** Both graded functions written with `alias`, a module `import line` brings. */
const BOTH = (importLine: string, alias: string) =>
  [
    'import numpy as np',
    importLine,
    '',
    'def compute_class_freqs(labels):',
    `    p = ${alias}.mean(labels, axis=0)`,
    '    return p, 1 - p',
    '',
    'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
    '    def weighted_loss(y_true, y_pred):',
    '        loss = 0.0',
    '        for i in range(len(pos_weights)):',
    `            loss += -${alias}.mean(pos_weights[i] * y_true[:, i] * ${alias}.log(y_pred[:, i] + epsilon)`,
    `                               + neg_weights[i] * (1 - y_true[:, i]) * ${alias}.log(1 - y_pred[:, i] + epsilon))`,
    '        return loss',
    '    return weighted_loss',
    '',
  ].join('\n');

/** `import seaborn as sns` failing as a package not installed here, whatever is installed (a finder raises it). */
const SEABORN_MISSING = [
  'import sys',
  'class Finder:',
  '    def find_spec(self, fullname, path=None, target=None):',
  '        if fullname == "seaborn":',
  '            raise ModuleNotFoundError("No module named \'seaborn\'", name="seaborn")',
  'sys.meta_path.insert(0, Finder())',
  'import seaborn as sns',
].join('\n');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-import-worth-'));
  await mkdir(join(tmp, 'class'));
  await writeFile(join(tmp, 'class', 'madeup.py'), BOTH('import wlgrade_madeup_pkg as xp', 'xp'));
  await writeFile(join(tmp, 'class', 'typo.py'), BOTH('import nump', 'nump'));
  await writeFile(join(tmp, 'class', 'helper.py'), BOTH('import util', 'util'));
  await writeFile(join(tmp, 'class', 'notinstalled.py'), BOTH(SEABORN_MISSING, 'sns'));
  // A slip of a name numpy has (no numpy has arrray), and a name an older numpy had (np.lookfor, removed in 2.0;
  // not np.float, which the runner puts back as Python's float: runner.install_numpy_aliases).
  await writeFile(join(tmp, 'class', 'slip.py'), BOTH('from numpy import arrray', 'arrray'));
  await writeFile(join(tmp, 'class', 'removed.py'), BOTH('from numpy import lookfor', 'lookfor'));
  // A name no NumPy release had, and one only older ones had that numpy's own tables do not list (numpy-names.json;
  // not in1d, which the runner puts back: runner.install_numpy_aliases).
  await writeFile(join(tmp, 'class', 'npmadeup.py'), BOTH('from numpy import wlgrade_madeupx', 'wlgrade_madeupx'));
  await writeFile(join(tmp, 'class', 'older.py'), BOTH('from numpy import msort', 'msort'));
  // A package ML courses use that this machine lacks (numba): the machine's, whatever its name's length or fame.
  await writeFile(join(tmp, 'class', 'jit.py'), BOTH('import numba', 'numba'));
  // A submodule this scipy's folders lack, none a letter away (another version may have it), a slip of
  // one they hold, and a submodule an older numpy had in a deeper package (review31a).
  await writeFile(join(tmp, 'class', 'subother.py'), BOTH('import scipy.wlgrade_madeupx', 'scipy'));
  await writeFile(join(tmp, 'class', 'subslip.py'), BOTH('import scipy.linalgg', 'scipy'));
  await writeFile(join(tmp, 'class', 'npdeep.py'), BOTH('from numpy.lib.function_base import average', 'average'));
  // A relative import: the file is graded alone, a module of no package.
  await writeFile(join(tmp, 'class', 'relative.py'), BOTH('from .mylib import xp', 'xp'));
  // A submodule an earlier scipy had (weave, until 0.14: package-history.json), which this scipy's folders do not hold.
  await writeFile(join(tmp, 'class', 'weave.py'), BOTH('import scipy.weave as xp', 'xp'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('grade: a failed import both graded functions need', () => {
  it('counts a module no course machine has 0 (IMPORT_UNRESOLVABLE), and leaves a known package missing here blank (IMPORT_ERROR)', async () => {
    const r = await runCli(['grade', 'class', '--out', 'out', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process', '--jobs', '1'], { cwd: tmp });
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'out', 'summary.json'), 'utf8')));
    const rows = Object.fromEntries(summary.rows.map((row) => [row.learner, row]));
    expect(Object.fromEntries(Object.entries(rows).map(([l, row]) => [l, [row.problems, row.score]]))).toEqual({
      madeup: [['IMPORT_UNRESOLVABLE'], 0],
      typo: [['IMPORT_UNRESOLVABLE'], 0],
      helper: [['IMPORT_UNRESOLVABLE'], 0],
      notinstalled: [['IMPORT_ERROR'], null],
      slip: [['IMPORT_UNRESOLVABLE'], 0],
      removed: [['IMPORT_ERROR'], null],
      npmadeup: [['IMPORT_UNRESOLVABLE'], 0],
      older: [['IMPORT_ERROR'], null],
      relative: [['IMPORT_UNRESOLVABLE'], 0],
      jit: [['IMPORT_ERROR'], null],
      weave: [['IMPORT_ERROR'], null],
      subother: [['IMPORT_ERROR'], null],
      subslip: [['IMPORT_UNRESOLVABLE'], 0],
      npdeep: [['IMPORT_ERROR'], null],
    });
    const csv = parseCsv(await readFile(join(tmp, 'out', 'grades.csv'), 'utf8'));
    const score = Object.fromEntries(csv.slice(1).map((row) => [row[0], row[2]]));
    expect(score).toEqual({ helper: '0', madeup: '0', notinstalled: '', typo: '0', slip: '0', removed: '', npmadeup: '0', older: '', relative: '0', jit: '', weave: '', subother: '', subslip: '0', npdeep: '' });
    // The learner is told the fix; staff are told which rows count and what they can do. The rows
    // name the file by its source, as a row's other errors do (staff 31).
    expect(rows.typo!.error).toBe('class/typo.py:2: imports "nump", which is not installed for python3, and your graded functions use it. "nump" is no package wlgrade knows: if you meant numpy, correct the import (import numpy); if nump is a file of yours, hand it in beside class/typo.py (in the same folder or zip), or put what you use from it in typo.py.');
    expect(rows.madeup!.error).toContain('Write them without it: numpy is enough (it is not a package wlgrade knows, so wlgrade does not suggest installing it).');
    expect(rows.notinstalled!.error).toContain('Install it with "python3 -m pip install seaborn"');
    expect(rows.slip!.error).toMatch(/^class\/slip\.py:2: imports arrray from "numpy", but numpy [\d.]+ has no arrray: "arrray" looks like a misspelling of "array", which it has\. Correct the import \(from numpy import array\) and the code using arrray\.$/);
    expect(rows.jit!.error).toBe('class/jit.py:2: imports "numba", which is not installed for python3, and your graded functions use it. Install it with "python3 -m pip install numba", or write them without it (numpy is enough).');
    expect(rows.removed!.error).toContain('`np.lookfor` was removed in the NumPy 2.0 release.');
    expect(rows.relative!.error).toBe('class/relative.py:2: "from .mylib import" is a relative import (the leading dot) of "mylib", a file of yours, which works only inside a package; the grader loads class/relative.py alone, so Python raises ImportError (attempted relative import with no known parent package), and your graded functions use it. Put what you use from it in this file and remove the import.');
    expect(rows.npmadeup!.error).toMatch(/^class\/npmadeup\.py:2: imports wlgrade_madeupx from "numpy", but numpy [\d.]+ has no wlgrade_madeupx, and no NumPy release from 1\.21 to 2\.4 has wlgrade_madeupx: a typo, or a name from another library\./);
    expect(rows.weave!.error).toMatch(/^class\/weave\.py:2: imports "scipy\.weave", but .*: scipy releases up to 0\.14 had scipy\.weave, so this is code for another scipy\. weave is a separate package now/);
    expect(rows.older!.error).toContain('NumPy releases up to 1.26 had msort, so this is code for another NumPy. Use `np.sort(a, axis=0)` instead.');
    expect(r.stdout).toMatch(/^7 learners' files import a module or name no grading machine has .*: IMPORT_UNRESOLVABLE\), and count 0/m);
  });
});

describe("grade: a helper module the case files declare (helpers:)", () => {
  it('leaves a file that needs it blank for staff (IMPORT_ERROR), and grades it once staff put the helper on the Python path (PYTHONPATH)', async () => {
    const dir = join(tmp, 'declared');
    await mkdir(join(dir, 'class'), { recursive: true });
    await mkdir(join(dir, 'course'), { recursive: true });
    await writeFile(join(dir, 'class', 'helper.py'), BOTH('import util', 'util'));
    await writeFile(join(dir, 'helpers.yaml'), 'suite: course-helpers\nhelpers: [util, public_tests]\ncases:\n  - id: freqs-helpers-one\n    function: compute_class_freqs\n    labels: [[1, 0], [0, 1]]\n');
    const grade = (out: string, env: Record<string, string> = {}) =>
      runCli(['grade', 'class', '--out', out, '--cases', join(ROOT, 'cases', 'public.yaml'), '--cases', 'helpers.yaml', '--sandbox', 'process', '--jobs', '1'], { cwd: dir, env });
    await grade('out');
    const row = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'))).rows[0]!;
    expect([row.problems, row.score]).toEqual([['IMPORT_ERROR'], null]);
    expect(row.error).toContain('imports "util", a helper module the course provides (the case files list it under helpers:), which is not installed for python3');
    // The course's util.py, in a folder on PYTHONPATH (bound read-only behind bwrap, as every sys.path entry is).
    await writeFile(join(dir, 'course', 'util.py'), 'import numpy as _np\nmean = _np.mean\nlog = _np.log\n');
    await grade('out2', { PYTHONPATH: join(dir, 'course') });
    const graded = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out2', 'summary.json'), 'utf8'))).rows[0]!;
    expect([graded.problems ?? [], graded.score]).toEqual([[], 24]);
  });
});

describe('check: a graded function imported from a file the notebook cannot import', () => {
  const check = scratchSubmissions('import-worth');
  const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
  const FREQS = 'import numpy as np\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
  const LOSS = BOTH('', 'np').slice(BOTH('', 'np').indexOf('def get_weighted_loss'));

  it("is the learner's (IMPORT_UNRESOLVABLE) when only one function comes from a %%writefile outside the notebook's folder", async () => {
    const notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(`%%writefile ../sol.py\n${FREQS}`), cell('from sol import compute_class_freqs\n'), cell(`import numpy as np\n${LOSS}`)] };
    const { report } = await check('outside.ipynb', JSON.stringify(notebook));
    expect(report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
    expect(report.problems[0]!.message).toMatch(/^outside\.ipynb, cell 2, line 1: imports compute_class_freqs from "sol", the file \.\.\/sol\.py that the %%writefile cell \(cell 1\) writes, in a folder the import does not look in/);
  });

  it('names a relative import only one graded function uses, whose cases alone are not graded', async () => {
    const source = `from .helpers import smooth\n${FREQS.replace('np.mean(labels, axis=0)', 'smooth(np.mean(labels, axis=0))')}\n${LOSS}`;
    const { report } = await check('onefn.py', source);
    expect(report.problems).toEqual([
      {
        code: 'IMPORT_UNRESOLVABLE',
        message: 'onefn.py:1: "from .helpers import" is a relative import (the leading dot) of "helpers", a file of yours, which works only inside a package; the grader loads onefn.py alone, so Python raises ImportError (attempted relative import with no known parent package), and compute_class_freqs uses it, so compute_class_freqs\'s cases were not graded (get_weighted_loss\'s were). Put what you use from it in this file and remove the import.',
        line: 1,
      },
    ]);
  });
});
