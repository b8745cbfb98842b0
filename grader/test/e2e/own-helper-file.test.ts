/**
 * A learner whose assignment.py imports their own helpers.py, lying next to it (and handed in with
 * it), was told only `imports "helpers", which is not installed for python3 ...` (correct 31), then
 * that the grader grades each file alone, and counted 0 in a batch for a two-file solution that
 * runs with `python assignment.py` (batch 33). The learner's modules beside the graded file that it
 * imports are now imported inside the sandbox, from the learner's own folder only: `check`'s file's
 * folder, a learner's folder or zip in `grade`; never a folder of many learners' files.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { checkJson, ROOT, runCli } from '../helpers/cli.js';

const HELPERS = 'import numpy as np\n\n\ndef safe_log(x, eps):\n    return np.log(x + eps)\n';
const MAIN = `import numpy as np
from helpers import safe_log


def compute_class_freqs(labels):
    p = np.mean(labels, axis=0)
    return p, 1 - p


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        t = pos_weights * y_true * safe_log(y_pred, epsilon) + neg_weights * (1 - y_true) * safe_log(1 - y_pred, epsilon)
        return -np.sum(np.mean(t, axis=0))
    return weighted_loss
`;
const cases = ['--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-own-helper-'));
  await mkdir(join(dir, 'two'));
  await writeFile(join(dir, 'two', 'helpers.py'), HELPERS);
  await writeFile(join(dir, 'two', 'assignment.py'), MAIN);
  await mkdir(join(dir, 'alone'));
  await writeFile(join(dir, 'alone', 'assignment.py'), MAIN);
  // A helper that imports another of the learner's files, and one named like numpy, which must not stand in for it.
  await mkdir(join(dir, 'chain'));
  await writeFile(join(dir, 'chain', 'assignment.py'), MAIN.replace('from helpers import safe_log', 'from helpers import safe_log\nimport numpy'));
  await writeFile(join(dir, 'chain', 'helpers.py'), 'from logs import safe_log\n');
  await writeFile(join(dir, 'chain', 'logs.py'), HELPERS);
  await writeFile(join(dir, 'chain', 'numpy.py'), 'raise SystemExit("the learner\'s numpy.py was imported")\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a learner's own module beside the graded file", () => {
  it('is imported by check, through another of their modules too, never in place of a module the machine has', async () => {
    for (const [folder, names] of [['two', 'helpers.py, a file'], ['chain', 'helpers.py and logs.py, files']]) {
      const { exitCode, report } = await checkJson(join(dir, folder!, 'assignment.py'), ['--sandbox', 'process']);
      expect([folder, exitCode, report.problems, report.score, report.maxScore]).toEqual([folder, 0, [], 23, 23]);
      expect(report.notes).toContain(`assignment.py imports ${names} of yours beside it, which ran with it.`);
    }
  });

  it('is imported by a notebook too (batch 33: a cell source held as one JSON string hid the import)', async () => {
    await mkdir(join(dir, 'nb'));
    await writeFile(join(dir, 'nb', 'helpers.py'), HELPERS);
    await writeFile(join(dir, 'nb', 'hw.ipynb'), JSON.stringify({ cells: [{ cell_type: 'code', source: MAIN, outputs: [], metadata: {}, execution_count: 1 }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    const { exitCode, report } = await checkJson(join(dir, 'nb', 'hw.ipynb'), ['--sandbox', 'process']);
    expect([exitCode, report.problems, report.score, report.notes]).toEqual([0, [], 23, ['hw.ipynb imports helpers.py, a file of yours beside it, which ran with it.']]);
  });

  it('is said to have run only when it did: an import in a comment loads nothing, a name Python or the grader has is told to rename (review t1, t2, t5)', async () => {
    // The note read the graded file's text: `# from helpers import ...` said helpers.py ran; and
    // code.py or limits.py beside it never loaded (the finder is last), the error naming the grader's own path.
    const uses = MAIN.replace('from helpers import safe_log', 'from NAME import mean_cols').replace('p = np.mean(labels, axis=0)', 'p = mean_cols(labels)');
    const runs: Array<[string, string, string, string[]]> = [
      ['comment', '# an older try: from helpers import safe_log\n' + MAIN.replace('from helpers import safe_log', '').replace(/safe_log\((\w+ ?-? ?\w*), epsilon\)/g, 'np.log($1 + epsilon)'), 'helpers', []],
      ['stdlib', uses.replace('NAME', 'code'), 'code', ["Your code.py is not imported: Python's own module code has that name; rename it (and the imports of it)."]],
      ['grader', uses.replace('NAME', 'limits'), 'limits', ['Your limits.py is not imported: the grader has a module of its own named limits; rename it (and the imports of it).']],
    ];
    for (const [folder, main, module, notes] of runs) {
      await mkdir(join(dir, folder));
      await writeFile(join(dir, folder, 'hw.py'), main);
      await writeFile(join(dir, folder, `${module}.py`), module === 'helpers' ? HELPERS : 'import numpy as np\n\n\ndef mean_cols(a):\n    return np.mean(a, axis=0)\n');
      const { report } = await checkJson(join(dir, folder, 'hw.py'), ['--sandbox', 'process']);
      expect([folder, report.notes]).toEqual([folder, notes]);
      expect(JSON.stringify(report)).not.toContain(join(ROOT, 'grader'));
    }
  });

  it("defining the graded functions is named as their source, and the graded file's lines are not pointed at (review t4)", async () => {
    // hw.py's own, correct loss is replaced by solution.py's (no minus) through `from solution import *`:
    // the pointers read hw.py's def and called its right minus a second one ("negated twice", at hw.py's return).
    await mkdir(join(dir, 'star'));
    await writeFile(join(dir, 'star', 'hw.py'), `${MAIN.replace('from helpers import safe_log', '').replace(/safe_log\((\w+ ?-? ?\w*), epsilon\)/g, 'np.log($1 + epsilon)')}\n\nfrom solution import *\n`);
    await writeFile(join(dir, 'star', 'solution.py'), MAIN.replace('from helpers import safe_log', '').replace('return -np.sum(', 'return np.sum(').replace(/safe_log\((\w+ ?-? ?\w*), epsilon\)/g, 'np.log($1 + epsilon)'));
    const { report } = await checkJson(join(dir, 'star', 'hw.py'), ['--sandbox', 'process']);
    expect(report.notes).toEqual([
      'hw.py imports solution.py, a file of yours beside it, which ran with it.',
      "compute_class_freqs and get_weighted_loss come from solution.py, which hw.py imports: what this report says of them is about solution.py's code, and a line it points at in them is solution.py's.",
    ]);
    // The mistake's line is solution.py's own (stop 33 showed none: Site had no file).
    expect(report.mistakes.map((m) => [m.id, m.location, /twice/.test(m.message)])).toEqual([
      ['loss-sign', { file: 'solution.py', line: 12, text: 't = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)' }, false],
    ]);
  });

  it("is not imported by check from a folder of many learners' files, as grade does not (review 4)", async () => {
    // check subs/alice.py read subs/helpers.py, another learner's, where `grade subs/` reads none.
    await mkdir(join(dir, 'many'));
    await writeFile(join(dir, 'many', 'alice.py'), MAIN);
    await writeFile(join(dir, 'many', 'bob.py'), MAIN);
    await writeFile(join(dir, 'many', 'helpers.py'), HELPERS);
    const { report } = await checkJson(join(dir, 'many', 'alice.py'), ['--sandbox', 'process']);
    expect([report.problems.map((p) => p.code), report.notes]).toEqual([
      ['IMPORT_UNRESOLVABLE'],
      ["alice.py imports helpers.py, beside it, but its folder holds another learner's file too (bob.py defines a graded function), so helpers.py was not imported, as wlgrade grade does for a folder of many learners' files: check alice.py in a folder of its own with helpers.py."],
    ]);
    // The problem said "hand helpers.py in beside alice.py", where it already is (stop 33's gap 6).
    expect(report.problems[0]?.message).toBe(
      "alice.py:2: imports \"helpers\" (your helpers.py beside alice.py), and get_weighted_loss uses it, so get_weighted_loss's cases were not graded (compute_class_freqs's were). It was not imported: alice.py's folder holds another learner's file too (bob.py defines a graded function), and wlgrade imports no module from a folder of many learners' files. Check alice.py in a folder of its own with helpers.py.",
    );
  });

  it('imported only inside a function, during a call, is said to have run (stop 33\'s gap 5)', async () => {
    // The load record listed the modules run by then only: one a call imported first went unnamed.
    await mkdir(join(dir, 'late'));
    await writeFile(join(dir, 'late', 'hw.py'), MAIN.replace('from helpers import safe_log\n', '').replace('    def weighted_loss(y_true, y_pred):\n', '    def weighted_loss(y_true, y_pred):\n        from helpers import safe_log\n'));
    await writeFile(join(dir, 'late', 'helpers.py'), HELPERS);
    const { report } = await checkJson(join(dir, 'late', 'hw.py'), ['--sandbox', 'process']);
    expect([report.score, report.problems, report.notes]).toEqual([23, [], ['hw.py imports helpers.py, a file of yours beside it, which ran with it.']]);
  });

  it('importing the graded file back works as when the file is imported as a module, and failing is told as a circular import (stop 33\'s gap 3)', async () => {
    // helpers.py's `from hw import EPS` was told as a missing module: "hand hw.py in beside hw.py".
    const back = 'import numpy as np\nfrom hw import EPS\n\n\ndef safe_log(x, eps=EPS):\n    return np.log(x + eps)\n';
    await mkdir(join(dir, 'back'));
    await writeFile(join(dir, 'back', 'hw.py'), MAIN.replace('from helpers import safe_log', 'EPS = 1e-7\nfrom helpers import safe_log'));
    await writeFile(join(dir, 'back', 'helpers.py'), back);
    const works = await checkJson(join(dir, 'back', 'hw.py'), ['--sandbox', 'process']);
    expect([works.report.score, works.report.problems]).toEqual([23, []]);
    // EPS bound after hw.py's import of helpers: not there yet when helpers.py asks for it, as Python would say, in words.
    await writeFile(join(dir, 'back', 'hw.py'), MAIN.replace('from helpers import safe_log', 'from helpers import safe_log\nEPS = 1e-7'));
    const { report } = await checkJson(join(dir, 'back', 'hw.py'), ['--sandbox', 'process']);
    const text = JSON.stringify(report);
    expect(text).toContain("cannot import name 'EPS' from hw.py: helpers.py imports hw.py back (a circular import), and hw.py has not defined EPS by then (its top level is still running, importing helpers.py); define EPS above that import in hw.py, or in helpers.py itself");
    expect(text).not.toMatch(/hand hw\.py in|not installed/);
  });

  it('in a package folder beside the file is imported too, with or without __init__.py (stop 33\'s gap 2)', async () => {
    // `from pkg.utils import safe_log` with pkg/utils.py beside hw.py was told as a missing module.
    await mkdir(join(dir, 'pk', 'pkg', 'sub'), { recursive: true });
    await writeFile(join(dir, 'pk', 'hw.py'), MAIN.replace('from helpers import safe_log', 'from pkg.utils import safe_log\nimport pkg.sub.deep as deep').replace('p = np.mean(labels, axis=0)', 'p = deep.mean_cols(labels)'));
    await writeFile(join(dir, 'pk', 'pkg', 'utils.py'), 'from .logs import safe_log\n');
    await writeFile(join(dir, 'pk', 'pkg', 'logs.py'), HELPERS);
    await writeFile(join(dir, 'pk', 'pkg', 'sub', 'deep.py'), 'import numpy as np\n\n\ndef mean_cols(a):\n    return np.mean(a, axis=0)\n');
    const bare = await checkJson(join(dir, 'pk', 'hw.py'), ['--sandbox', 'process']);
    expect([bare.report.score, bare.report.problems, bare.report.notes]).toEqual([23, [], ['hw.py imports pkg/utils.py, pkg/logs.py and pkg/sub/deep.py, files of yours beside it, which ran with it.']]);
    await writeFile(join(dir, 'pk', 'pkg', '__init__.py'), 'SCALE = 1\n');
    const { report } = await checkJson(join(dir, 'pk', 'hw.py'), ['--sandbox', 'process']);
    expect([report.score, report.problems, report.notes]).toEqual([23, [], ['hw.py imports pkg/__init__.py, pkg/utils.py, pkg/logs.py and pkg/sub/deep.py, files of yours beside it, which ran with it.']]);
    // A folder named as Python's own package (json/, no __init__.py): Python's json wins, as beside `python hw.py`, and the learner's file is never its submodule.
    await mkdir(join(dir, 'pkj', 'json'), { recursive: true });
    await writeFile(join(dir, 'pkj', 'json', 'helpers.py'), HELPERS);
    await writeFile(join(dir, 'pkj', 'hw.py'), MAIN.replace('from helpers import safe_log', 'from json.helpers import safe_log'));
    const stdlib = await checkJson(join(dir, 'pkj', 'hw.py'), ['--sandbox', 'process']);
    expect([stdlib.report.score < 23, stdlib.report.notes.filter((n) => n.includes('json'))]).toEqual([true, []]);
    // From a learner's zip too, and in grade given a learner's folder: the package's modules are unpacked or read beside the file.
    await mkdir(join(dir, 'pksubs', 'fay'), { recursive: true });
    execFileSync('cp', ['-r', join(dir, 'pk', 'hw.py'), join(dir, 'pk', 'pkg'), join(dir, 'pksubs', 'fay')]);
    execFileSync('zip', ['-qr', join(dir, 'pksubs', 'gus.zip'), 'hw.py', 'pkg'], { cwd: join(dir, 'pk') });
    const r = await runCli(['grade', 'pksubs', '--out', 'out-pk', ...cases], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out-pk', 'summary.json'), 'utf8')));
    expect(summary.rows.map((x) => [x.learner, x.score, x.problems ?? []])).toEqual([
      ['fay', summary.maxScore, []],
      ['gus', summary.maxScore, []],
    ]);
  });

  it('raising names its own file and line, not only the graded file\'s calling line (review t3)', async () => {
    await mkdir(join(dir, 'raises'));
    await writeFile(join(dir, 'raises', 'hw.py'), MAIN);
    await writeFile(join(dir, 'raises', 'helpers.py'), 'def safe_log(x, eps):\n    return 1 / 0\n');
    const { report } = await checkJson(join(dir, 'raises', 'hw.py'), ['--sandbox', 'process']);
    const loss = report.cases.find((c) => c.function === 'weighted_loss' && c.status === 'error');
    expect(loss?.message).toMatch(/raised ZeroDivisionError \(line \d+\)[^]*: division by zero \(raised in helpers\.py, line 2\)/);
  });

  it('not handed in is told as a file of theirs to hand in beside the graded one, with what to do', async () => {
    const { report } = await checkJson(join(dir, 'alone', 'assignment.py'), ['--sandbox', 'process']);
    expect(report.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'IMPORT_UNRESOLVABLE',
        'assignment.py:2: imports "helpers", which is not installed for python3, and get_weighted_loss uses it, so get_weighted_loss\'s cases were not graded (compute_class_freqs\'s were). Write get_weighted_loss without it: numpy is enough (it is not a package wlgrade knows, so wlgrade does not suggest installing it). If helpers is a file of yours (helpers.py), hand it in beside assignment.py (in the same folder or zip), or put what you use from it in assignment.py: the grader imports a file of yours only from beside the file it grades.',
      ],
    ]);
  });

  it("is imported in grade from a learner's folder or zip, never from a folder of many learners' files", async () => {
    const subs = join(dir, 'subs');
    await mkdir(join(subs, 'ann'), { recursive: true });
    await writeFile(join(subs, 'ann', 'assignment.py'), MAIN);
    await writeFile(join(subs, 'ann', 'helpers.py'), HELPERS);
    execFileSync('zip', ['-q', join(subs, 'bo.zip'), 'assignment.py', 'helpers.py'], { cwd: join(dir, 'two') });
    // From a zip too, a module is unpacked when another of the learner's modules imports it (logs.py through helpers.py).
    execFileSync('zip', ['-q', join(subs, 'di.zip'), 'assignment.py', 'helpers.py', 'logs.py', 'numpy.py'], { cwd: join(dir, 'chain') });
    // Learners' files side by side: cy's helpers.py there is another learner ("helpers"), not cy's module.
    await writeFile(join(subs, 'cy.py'), MAIN);
    await writeFile(join(subs, 'helpers.py'), HELPERS);
    const r = await runCli(['grade', 'subs', '--out', 'out', ...cases], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8')));
    expect(summary.rows.map((x) => [x.learner, x.score, x.problems ?? []])).toEqual([
      ['ann', summary.maxScore, []],
      ['bo', summary.maxScore, []],
      ['cy', expect.any(Number), ['IMPORT_UNRESOLVABLE']],
      ['di', summary.maxScore, []],
      ['helpers', 0, ['MISSING_FUNCTION', 'MISSING_FUNCTION']],
    ]);
    // A changed helper is a changed submission: graded again, not reused.
    await writeFile(join(subs, 'ann', 'helpers.py'), HELPERS.replace('np.log(x + eps)', 'np.log(x + eps) * 2'));
    const again = await runCli(['grade', 'subs', '--out', 'out', ...cases], { cwd: dir });
    expect(again.exitCode, again.stderr).toBe(0);
    const ann = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'))).rows.find((x) => x.learner === 'ann')!;
    expect([ann.reused, (ann.score ?? Infinity) < summary.maxScore]).toEqual([false, true]);
  });

  it('is imported by grade given the file by name, as check does, and not from a folder of many learners\' files (stop 33\'s gap 4)', async () => {
    // `grade two/assignment.py` graded the file alone (IMPORT_UNRESOLVABLE) where `check` imported its helpers.py.
    await mkdir(join(dir, 'named'));
    await writeFile(join(dir, 'named', 'alice.py'), MAIN);
    await writeFile(join(dir, 'named', 'bob.py'), MAIN);
    await writeFile(join(dir, 'named', 'helpers.py'), HELPERS);
    const r = await runCli(['grade', join('two', 'assignment.py'), join('named', 'alice.py'), '--out', 'out-named', ...cases], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out-named', 'summary.json'), 'utf8')));
    expect(summary.rows.map((x) => [x.learner, x.score === summary.maxScore, x.problems ?? []])).toEqual([
      ['alice', false, ['IMPORT_UNRESOLVABLE']],
      ['assignment', true, []],
    ]);
    const alice = JSON.parse(await readFile(join(dir, 'out-named', 'results', 'alice.json'), 'utf8')) as { notes: string[]; problems: Array<{ message: string }> };
    expect(alice.notes).toContain("alice.py imports helpers.py, beside it, but its folder holds another learner's file too (bob.py defines a graded function), so helpers.py was not imported, as wlgrade grade does for a folder of many learners' files: grade alice.py in a folder of its own with helpers.py.");
    expect(alice.problems[0]?.message).toMatch(/It was not imported: alice\.py's folder holds another learner's file too \(bob\.py defines a graded function\), and wlgrade imports no module from a folder of many learners' files\. Grade alice\.py in a folder of its own with helpers\.py\.$/);
  });

  it("is imported from an LMS download's flat files by the learner's own name for it, never from another learner's", async () => {
    // Canvas renames a learner's utils.py smithjohn_12345_678902_utils.py: john's hw.py imports it;
    // ann's, which imports helpers too, handed in none, and john's is not hers.
    const canvas = join(dir, 'canvas');
    await mkdir(canvas);
    await writeFile(join(canvas, 'smithjohn_12345_678901_hw.py'), MAIN);
    // john's helpers.py takes safe_log from his logs.py: the other module is found through the first.
    await writeFile(join(canvas, 'smithjohn_12345_678902_helpers.py'), 'from logs import safe_log\n');
    await writeFile(join(canvas, 'smithjohn_12345_678904_logs.py'), HELPERS);
    await writeFile(join(canvas, 'roeann_23456_678903_hw.py'), MAIN);
    execFileSync('zip', ['-qr', '../canvas.zip', '.'], { cwd: canvas });
    for (const given of ['canvas', 'canvas.zip']) {
      const r = await runCli(['grade', given, '--out', `out-${given}`, ...cases], { cwd: dir });
      expect(r.exitCode, r.stderr).toBe(0);
      const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, `out-${given}`, 'summary.json'), 'utf8')));
      expect(summary.rows.map((x) => [given, x.learner, x.score === summary.maxScore, x.problems ?? []])).toEqual([
        [given, '12345', true, []],
        [given, '23456', false, ['IMPORT_UNRESOLVABLE']],
      ]);
    }
  });
});
