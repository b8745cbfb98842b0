/**
 * Submissions from a red-team sweep that graded wrongly: a correct one whose class-weight line
 * (never run) is infinite on the grader's made-up frequencies, odd return values, a namedtuple
 * pair, functions made by assignment in a notebook or a script graded from its definitions,
 * and a function name with a Cyrillic letter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { batchSubmissions, scratchSubmissions } from '../helpers/cli.js';

const CORRECT = readFileSync(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8');
// Each test's files are graded in one batch before the tests (batchSubmissions); those whose
// verdict hangs on a time limit or that pass other options keep a check of their own.
const scratch = scratchSubmissions('odd');
const batch = batchSubmissions('odd-batch');
const LOSS = `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return float(np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0)))
    return weighted_loss
`;
const notebook = (...cells: string[]) =>
  JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })) });

describe('class weights that are not finite on the made-up frequencies', () => {
  // (0.125, 0.75, 0.3) and (0.875, 0.25, 0.7) sum to 1: the denominator is 0.
  const guard = `\nif __name__ == "__main__":\n    freq_pos, freq_neg = compute_class_freqs(train_labels)\n    pos_weights = freq_neg / (1 - freq_pos - freq_neg)\n    neg_weights = freq_neg\n    w_pos = (freq_neg - freq_neg) / (freq_pos - freq_pos)\n`;
  const weightsInf = batch('weights_inf.py', CORRECT + guard);
  it('are not judged, do not break the load, and their numpy warnings are not the learner’s output', async () => {
    const { exitCode, report } = await weightsInf();
    expect(report.problems).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.score).toBe(report.maxScore);
    expect(report.output.stderr).toBe('');
    // The finite one of the two is still judged.
    const line = (CORRECT + guard).split('\n').indexOf('    neg_weights = freq_neg') + 1;
    expect(report.mistakes.map((m) => [m.id, m.evidence])).toEqual([['weights-not-inverted', `\`neg_weights = freq_neg\` (line ${line}) in weights_inf.py`]]);
  });
});

describe('odd return values', () => {
  const values = 'np.array(0.5 + 1j)', more = 'np.array([b"x"])';
  const oddValues = batch('odd_values.py', `import numpy as np, itertools\n_it = itertools.cycle([${values}, ${more}, 10 ** 400, b"0.5"])\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return lambda y_true, y_pred: next(_it)\n`);
  it('are described as what they are and fail their case, not the run', async () => {
    const { report } = await oddValues();
    const losses = report.cases.filter((c) => c.function === 'weighted_loss');
    expect(losses.every((c) => c.status === 'failed')).toBe(true);
    expect(losses.slice(0, 4).map((c) => c.message.split(';')[0])).toEqual([
      'Your loss returned a 0-d complex128 array',
      'Your loss returned a numpy array of shape (1,) holding bytes (dtype |S1)',
      'Your loss returned an int too large for a float',
      'Your loss returned a bytes value',
    ]);
    // None of them is an array of many values.
    expect(report.mistakes.map((m) => m.id)).not.toContain('loss-not-scalar');
  });

  // Red team 33: Python's "coroutine ... was never awaited" warning, at the runner's own lines, was
  // the report's "what your code wrote to stderr"; the cases said only "returned a coroutine".
  const asyncDefs = batch('async_defs.py', `import numpy as np\nasync def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    async def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n`);
  const asyncFactory = batch('async_factory.py', `import numpy as np\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\nasync def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return None\n`);
  it('async defs: each case says to define it with def, and no warning of the runner reads as the learner\'s output', async () => {
    const { report } = await asyncDefs();
    expect(report.output.stderr).toBe('');
    expect(report.cases.every((c) => c.status === 'failed' && c.message.includes('A function defined with async def returns a coroutine when called, not its value: define it with def.'))).toBe(true);
    const factory = (await asyncFactory()).report;
    expect(factory.output.stderr).toBe('');
    const losses = factory.cases.filter((c) => c.function === 'weighted_loss');
    expect(losses.map((c) => c.message)).toEqual(losses.map(() => expect.stringContaining('get_weighted_loss is an async def, which returns a coroutine when called; define it with def and end it with return weighted_loss.')));
  });

  const namedtupleFreqs = batch('namedtuple_freqs.py', `from collections import namedtuple\nimport numpy as np\nFreqs = namedtuple("Freqs", ["positive", "negative"])\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return Freqs(p, 1 - p)\n${LOSS}`);
  it('a namedtuple of the two frequencies is a pair, with no note', async () => {
    const { exitCode, report } = await namedtupleFreqs();
    expect(exitCode).toBe(0);
    expect(report.score).toBe(report.maxScore);
    expect(report.cases.flatMap((c) => c.notes)).toEqual([]);
  });
});

describe('a graded function made by an assignment', () => {
  const FREQS = 'compute_class_freqs = lambda labels: (np.mean(labels, axis=0), 1 - np.mean(labels, axis=0))';
  // partial(_loss, epsilon=1e-7) would make epsilon keyword-only: the cases pass it by position too.
  const LOSS_BY_PARTIAL = `${LOSS.replace('get_weighted_loss(', '_loss(scale, ').replace('return float(', 'return scale * float(')}get_weighted_loss = partial(_loss, 1.0)\n`;

  const nbLambda = batch('nb_lambda.ipynb', notebook('import numpy as np\nfrom functools import partial', FREQS, LOSS_BY_PARTIAL, 'history = model.fit(train_generator)'));
  it('in a notebook: a lambda and functools.partial are kept and graded', async () => {
    const { exitCode, report } = await nbLambda();
    expect(report.problems).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.score).toBe(report.maxScore);
  });

  const pyLambda = batch('py_lambda.py', `import numpy as np\nfrom functools import partial\n${FREQS}\n${LOSS_BY_PARTIAL}history = model.fit(train_generator)\n`);
  it('in a script whose top level fails: the same, from its definitions only', async () => {
    const { exitCode, report } = await pyLambda();
    expect(report.problems).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes[0]).toMatch(/^Its top-level code raised NameError \(.*\) at line 9, so/);
  });
});

describe('a function name with a letter of another script', () => {
  const homoglyph = batch('homoglyph.py', CORRECT.replace('def compute_class_freqs(', 'def compute_class_freqѕ('));
  it('says which letter is not ASCII, with its code point and name', async () => {
    const { exitCode, report } = await homoglyph();
    expect(exitCode).toBe(2);
    expect(report.problems.map((p) => p.message)).toEqual([
      "homoglyph.py does not define compute_class_freqs; did you mean compute_class_freqѕ (homoglyph.py:5)? Its name contains the non-ASCII character 'ѕ' (U+0455 CYRILLIC SMALL LETTER DZE) where 's' belongs: it may look the same, but to Python it is another name. The grader calls it by this exact name: define compute_class_freqs(labels).",
    ]);
  });
});

describe('an error inside get_weighted_loss itself', () => {
  // The loss is called inside the factory on the file's own 3-class data.
  const factoryError = batch('factory_error.py', CORRECT.replace(/def get_weighted_loss[\s\S]*$/, '') + `
y_demo = np.array([[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]])

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return float(np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0)))
    return weighted_loss(y_demo, 0.7 * np.ones(y_demo.shape))
`);
  it('is said to be get_weighted_loss’s, before it returned the loss function, not the loss’s', async () => {
    const { report } = await factoryError();
    const five = report.cases.find((c) => c.id === 'loss-five-classes')!;
    expect(five.message).toMatch(/^Your get_weighted_loss raised ValueError \(line \d+\) on 9 examples × 5 classes, before it returned the loss function: operands could not be broadcast/);
    const three = report.cases.find((c) => c.id === 'loss-course-preds-0.7')!;
    expect(three.message).toMatch(/^get_weighted_loss returned a float, not a function: a value it computed, where it must return the loss function itself\. Define def weighted_loss\(y_true, y_pred\): inside get_weighted_loss/);
  });
});

describe('a huge returned array', () => {
  const returning = (value: string) => CORRECT.replace(/def compute_class_freqs\(labels\):\n(    .*\n)+/, `def compute_class_freqs(labels):\n    return ${value}\n`);

  const huge = batch('huge_result.py', returning('np.zeros(10**6), np.ones(3)'));
  const twice = batch('twice_result.py', returning('(lambda a: (a, a))(np.zeros(60_000))'));
  const big = batch('big_result.py', returning('np.zeros(5000), np.ones(5000)'));
  it('past 100,000 values comes back as its shape only', async () => {
    const { report } = await huge();
    const c = report.cases.find((x) => x.function === 'compute_class_freqs')!;
    expect(c.message).toContain('a numpy array of shape (1000000,) and dtype float64, too large to read');
    expect(JSON.stringify(report).length).toBeLessThan(100_000);
  });

  it('the bound counts the whole result: a pair of one 60,000-value array twice sends the second as its shape', async () => {
    const { report } = await twice();
    const c = report.cases.find((x) => x.function === 'compute_class_freqs')!;
    expect(c.message).toContain('second item is a numpy array of shape (60000,) and dtype float64, too large to read');
  });

  it('under that, the report keeps its first 100 values', async () => {
    const { report } = await big();
    const c = report.cases.find((x) => x.function === 'compute_class_freqs')!;
    expect(c.status).toBe('failed');
    expect(c.actual).toEqual({ pos: Array(100).fill(0), neg: Array(100).fill(1) });
    expect(JSON.stringify(report).length).toBeLessThan(100_000);
  });
});

describe('a loss function that keeps a total in its closure', () => {
  const printing = LOSS.replace('    def weighted_loss(y_true, y_pred):\n', (d) => `${d}        print("loss called")\n`);
  const prints = batch('prints.py', `import numpy as np\n${CORRECT.split('def get_weighted_loss')[0]}${printing}`);
  const kept = LOSS.replace('    def weighted_loss(y_true, y_pred):\n        return float(', '    total = [0.0]\n    def weighted_loss(y_true, y_pred):\n        total[0] += float(').replace('axis=0)))\n', 'axis=0)))\n        return total[0]\n');
  const closureKept = batch('closure.py', `import numpy as np\n${CORRECT.split('def get_weighted_loss')[0]}${kept}`);
  it('is told by one second call per run, whatever the number of loss cases: a plain loss runs once per case plus once', async () => {
    const { report } = await prints();
    expect(report.score).toBe(report.maxScore);
    const lossCases = report.cases.filter((c) => c.function === 'weighted_loss').length;
    expect(lossCases).toBeGreaterThan(3);
    expect(report.output.stdout.match(/loss called/g)).toHaveLength(lossCases + 1);
    const closure = await closureKept();
    expect(closure.report.score).toBe(closure.report.maxScore);
    expect(closure.report.notes).toContainEqual(expect.stringMatching(/^Your loss function keeps something between calls: called a second time on the same inputs, it returned \S+ instead of \S+ \(case [^,)]+\)\. /));
  });
});

describe('a hard-coded example count', () => {
  it('is named: the frequencies are the counts over one number (the training set size) whatever N, in public and hidden cases', async () => {
    const freqs = 'import numpy as np\n\nN = 1000  # training examples\n\ndef compute_class_freqs(labels):\n    positive_frequencies = np.sum(labels, axis=0) / N\n    return positive_frequencies, 1 - positive_frequencies\n\n';
    const { report } = await scratch('fixed_n.py', freqs + LOSS, ['--cases', join(PACKAGE_ROOT, 'cases/public.yaml'), '--cases', join(PACKAGE_ROOT, 'cases/hidden.yaml')]);
    expect(report.mistakes.map((m) => m.id)).toEqual(['freqs-wrong-denominator']);
    expect(report.mistakes[0]!.evidence).toContain('the counts divided by 1000, whatever the number of examples');
    const failedFreqs = report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed');
    expect(failedFreqs.length).toBeGreaterThan(6);
    for (const c of failedFreqs) expect(c.mistakes).toEqual(['freqs-wrong-denominator']);
  });
});

describe('a frequency mistake made on the negative side only', () => {
  const freqs = (neg: string) =>
    `import numpy as np\n\ndef compute_class_freqs(labels):\n    positive_frequencies = np.mean(labels, axis=0)\n    negative_frequencies = ${neg}\n    return positive_frequencies, negative_frequencies\n\n`;
  const rows: [string, string, string][] = [
    ['np.mean(1 - labels)', 'freqs-no-axis', 'the negative frequencies only, np.mean(1 - labels) or 1 - np.mean(labels)'],
    ['1 - np.mean(labels)', 'freqs-no-axis', 'the negative frequencies only, np.mean(1 - labels) or 1 - np.mean(labels)'],
    ['np.mean(1 - labels, axis=1)', 'freqs-wrong-axis', 'the negative frequencies only, np.mean(1 - labels, axis=1)'],
    ['np.sum(1 - labels, axis=0) / labels.shape[1]', 'freqs-wrong-denominator', 'the negative frequencies only, negative counts divided by labels.shape[1]'],
  ];
  it.each(rows.map(([neg, id, variant]) => [neg, id, variant, batch('neg_only.py', freqs(neg) + LOSS)] as const))('%s is named as %s, on that side', async (_neg, id, variant, graded) => {
    const { report } = await graded();
    expect(report.mistakes.map((m) => [m.id, m.confidence])).toEqual([[id, 'full']]);
    expect(report.mistakes[0]!.message).toContain(`(here: ${variant}`);
    expect(report.mistakes[0]!.message).toContain('the positive ones are right');
  });
});

describe('a file whose name says the other kind', () => {
  const savedAs = batch('saved_as.py', notebook(CORRECT));
  const code = batch('code.ipynb', CORRECT);
  const cutNotebook = batch('cut.ipynb', notebook(CORRECT).slice(0, 120));
  it('a notebook saved under a .py name is graded as the notebook it is, with a note, not "does not define"', async () => {
    const { report } = await savedAs();
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes[0]).toBe('It is a Jupyter notebook saved under a .py name, so it was graded as the notebook it is: keep the .ipynb name when you hand it in (or use File > Download as > Python (.py) for a script).');
  });

  it('Python code saved under a .ipynb name is graded as the .py it is; a broken notebook is still one', async () => {
    const { report } = await code();
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes).toContain('It is Python code saved under a .ipynb name (not a notebook), so it was graded as the Python file it is: name it .py when you hand it in.');
    const { report: cut } = await cutNotebook();
    expect(cut.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^cut\.ipynb: not a valid Jupyter notebook: its JSON is broken/)]);
  });
});

describe('graded functions imported from a file of the learner\'s own that was not handed in', () => {
  it.each(([
    ['from solution import *', 'everything from "solution" (from solution import *)'],
    ['from solution import compute_class_freqs, get_weighted_loss', 'compute_class_freqs and get_weighted_loss from "solution"'],
  ] as const).map(([line, what]) => [line, what, batch('imports_own.py', `import numpy as np\n${line}\n`)] as const))('%s: the problem says to hand the file in beside it or put the definitions in it, not "check the spelling" or "not installed"', async (_line, what, graded) => {
    const { report } = await graded();
    expect(report.problems.map((p) => p.message)).toEqual([
      `imports_own.py:2: imports ${what}, a file of yours that was not handed in: hand solution.py in beside imports_own.py (in the same folder or zip), or put the definitions of compute_class_freqs and get_weighted_loss in imports_own.py instead of importing them.`,
    ]);
  });

  const helpersStar = batch('helpers_star.py', `from my_helpers_not_handed_in import *\n${CORRECT}`);
  it('a file that defines them itself and imports helpers with * is graded from its definitions', async () => {
    const { report } = await helpersStar();
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });
});

describe('a load that prints too much', () => {
  it('is graded from its definitions, as a top level that fails or runs too long is, with a note (red-team round 12)', async () => {
    // A training loop printing every step got 0 ("printed too much while loading"), while the same
    // loop printing less was stopped after half the run's time and graded from its definitions.
    // Each step prints its batch losses too (~600 bytes), so the 8 MiB arrive well before the
    // watchdog's 30 s even on a loaded machine (25-byte lines took 27 s there).
    const { report } = await scratch('chatty.py', CORRECT + "\nfor epoch in range(10 ** 9):\n    print('epoch', epoch, 'loss', 0.25, 'batches', [0.25] * 100)\n");
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes).toContainEqual(expect.stringMatching(/^Its top-level code printed more than the grader allows \(8 MiB, a loop printing every row or epoch\), so it was stopped and the file loaded again with only its /));
    expect(report.output.stdout).toMatch(/^epoch 0 loss 0\.25 batches \[0\.25, 0\.25, /);
  });
  const chattyDefault = batch('chatty_default.py', CORRECT + "\ndef banner(text=print('loss ' * 2_500_000)):\n    return text\n");
  it('is told to remove the prints, not os._exit, when its definitions print too much as well', async () => {
    const { report } = await chattyDefault();
    expect(report.problems.map((p) => p.message)).toEqual([
      'chatty_default.py: the submission printed too much while loading. Remove the print calls from the top level (a loop printing every row or epoch), or put that code under if __name__ == "__main__": so loading the file does not run it.',
    ]);
  });
});

describe('calls that each return in time but together outlast the run', () => {
  it('the case running when the run\'s time ran out is not said to have exceeded its own 10 s, and the slowness is measured', async () => {
    const slowLoss = LOSS.replace('    def weighted_loss(y_true, y_pred):\n', '    def weighted_loss(y_true, y_pred):\n        time.sleep(1)\n');
    const source = `import time\nimport numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n${slowLoss}`;
    const { report } = await scratch('slowish.py', source, ['--timeout', '6']);
    const messages = report.cases.filter((c) => c.status !== 'passed').map((c) => c.message);
    expect(messages.some((m) => m.includes('did not return within'))).toBe(false);
    const stoppedRe = /^Grading stopped your weighted_loss during this case: the whole submission may take 6 s for all its cases together, and that time ran out here \(the cases before it took (\d+\.\d) s each on average\): make the code faster/;
    const notRunRe = /^Not graded: the submission used up its 6 s time limit, for all its cases together, before this case ran \(the cases before it took (\d+\.\d) s each on average: make the code faster\)\.$/;
    expect(messages).toContainEqual(expect.stringMatching(stoppedRe));
    expect(messages).toContainEqual(expect.stringMatching(notRunRe));
    // Measured: each call sleeps 1 s, so the mean is at least 1 s (1.x s on a quiet machine; a
    // loaded one adds to it, and 2.x s would be no error), and under the 6 s the run had.
    const means = messages.flatMap((m) => [stoppedRe.exec(m)?.[1], notRunRe.exec(m)?.[1]]).filter((x) => x !== undefined).map(Number);
    expect(means.every((ms) => ms >= 1 && ms < 6), String(means)).toBe(true);
  });
});

describe('a load that does not finish in time', () => {
  // One long call into C: the runner's stop between Python lines cannot end it, so the load runs
  // to the limit whether or not torch is installed, and however fast it imports (a warm torch
  // imports within the limit, and a time.sleep after it is stopped and the file graded from its
  // definitions: the outcome then depended on the machine's cache).
  const slow = 'import numpy as np\ntotal = sum(range(10 ** 12))\n\n';
  it('says a framework import was under way when the code imports one (a cold TensorFlow on a busy machine), with the limit', async () => {
    // 8 s, not 1.5 or 4: the imports are known from the runner's loading record, and a full test
    // run on 2 cores at load 16 once took longer than 1.5 s to send it (the message then named no
    // import); 4 s left a load of 20-22 little room. The load runs to the limit whatever it is.
    const { report } = await scratch('slow_tf.py', 'try:\n    import torch\nexcept ImportError:\n    torch = None\n' + slow + LOSS, ['--timeout', '8']);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.code).toBe('LOAD_TIMEOUT');
    expect(report.problems[0]!.message).toBe(
      'slow_tf.py: loading the submission (its top-level code) did not finish within 8 s. It imports torch, whose import alone takes seconds, longer on a busy machine: if the top level does nothing else that takes long, have it graded again when the machine is less busy (submit it again, or run the check again); if this keeps happening, tell the course staff. Otherwise move training, data loading and other long work out of the top level (under if __name__ == "__main__":).',
    );
  });

  it('blames the top-level work when nothing heavy is imported', async () => {
    // One long call into C, which the runner's own stop (raised between Python lines) cannot end:
    // a Python loop or time.sleep is stopped, and the file graded from its definitions.
    const busy = 'import numpy as np\ntotal = sum(range(10 ** 12))\n\n';
    // 4 s, not 1.5: a Python and numpy that start past the run's set-up credit (runMs) are the
    // machine's problem (a set-up time-out), not this load's, and at load 20 they took seconds.
    const { report } = await scratch('slow.py', busy + LOSS, ['--timeout', '4']);
    expect(report.problems.map((p) => p.message)).toEqual([
      'slow.py: loading the submission (its top-level code) did not finish within 4 s. Move training, data loading and other long work out of the top level (under if __name__ == "__main__":).',
    ]);
  });
});

describe('epsilon with no default value', () => {
  const source = readFileSync(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8').replace(/epsilon=1e-7\)/, 'epsilon)');
  const noDefault = batch('no_default.py', source);
  it('is a note on the graded work, not a problem: every case ran, only the ones without epsilon fail (status failed, exit 1)', async () => {
    expect(source).toContain('def get_weighted_loss(pos_weights, neg_weights, epsilon)');
    const { exitCode, report } = await noDefault();
    expect(report.problems).toEqual([]);
    expect(report.status).toBe('failed');
    expect(exitCode).toBe(1);
    const failed = report.cases.filter((c) => c.status !== 'passed').map((c) => c.id);
    expect(failed).toEqual(['loss-epsilon-default']);
    expect(report.notes).toContainEqual(expect.stringMatching(/^no_default\.py:\d+: get_weighted_loss gives epsilon no default value, so the case that calls it without epsilon \(loss-epsilon-default\) fails; the assignment's signature is get_weighted_loss\(pos_weights, neg_weights, epsilon=1e-7\)\.$/));
  });
});

describe('a name read before the notebook defines it', () => {
  const FREQS_OK = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
  const lossWith = (eps: string) => LOSS.replace('epsilon=1e-7', `epsilon=${eps}`);
  const laterNb = batch('later.ipynb', notebook(FREQS_OK, lossWith('EPS'), 'EPS = 1e-7\n'));
  it('a default defined only in a later cell: that function is not graded, the other is, and the problem says where the name is defined', async () => {
    const { report } = await laterNb();
    expect(report.problems).toEqual([
      {
        code: 'MISSING_FUNCTION',
        cell: 2,
        line: 1,
        message:
          "later.ipynb, cell 2, line 1: the def of get_weighted_loss reads EPS (a default value or decorator), which the notebook defines only further down (cell 3, line 1); run top to bottom, that def raises NameError, so get_weighted_loss is not defined and its cases were not graded (compute_class_freqs's were): move the line that defines EPS above it.",
      },
    ]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });

  const laterPy = batch('later.py', `${FREQS_OK}\n${lossWith('EPS')}\nEPS = 1e-7\n`);
  it('the same in a .py graded from its definitions, with no "costs no points" note', async () => {
    const { report } = await laterPy();
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^later\.py:\d+: the def of get_weighted_loss reads EPS \(a default value or decorator\), which the file defines only further down \(line \d+\);/)]);
    expect(report.notes.filter((n) => n.startsWith('Its top-level code raised'))).toEqual([]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });

  // The course notebook computes freq_pos and freq_neg from its training data (a CSV read with
  // pandas, which the grader has neither of); a learner then gives get_weighted_loss those weights
  // as defaults. Jupyter runs it; every case passes the weights, so the defaults never matter.
  const DATA_CELLS = ['import pandas as pd\ntrain_df = pd.read_csv("nih/train-small.csv")\n', 'freq_pos, freq_neg = compute_class_freqs(train_df.values)\n'];
  const dataLoss = LOSS.replace('def get_weighted_loss(pos_weights, neg_weights,', 'def get_weighted_loss(pos_weights=freq_neg, neg_weights=freq_pos,');
  const dataDefault = batch('data_default.ipynb', notebook(DATA_CELLS[0]!, FREQS_OK, DATA_CELLS[1]!, dataLoss));
  it('a default that reads what the notebook computes from its data: the function is graded with the arguments each case passes', async () => {
    expect(dataLoss).toContain('pos_weights=freq_neg');
    const { exitCode, report } = await dataDefault();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
  });

  const dataDefaultPy = batch('data_default.py', `${DATA_CELLS[0]}${FREQS_OK.replace('def compute_class_freqs(labels):', 'def compute_class_freqs(labels: type(train_df) = train_df.values, *, n=train_df.shape[0]):')}
${DATA_CELLS[1]}
${LOSS}`);
  it('the same for an annotation and a keyword-only default, and in a .py graded from its definitions', async () => {
    const { report } = await dataDefaultPy();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });

  const annotatedFreqs = FREQS_OK.replace('def compute_class_freqs(labels):', 'def compute_class_freqs(labels: pd.DataFrame) -> "tuple":');
  const annotated = batch('annotated.ipynb', notebook(DATA_CELLS[0]!, annotatedFreqs, LOSS));
  // Its body using the module is still a function that cannot be graded.
  const annotatedUses = batch('annotated_uses.ipynb', notebook(DATA_CELLS[0]!, annotatedFreqs.replace('p = np.mean(labels, axis=0)', 'p = pd.DataFrame(labels).mean().values'), LOSS));
  it('an annotation that names a module the grader lacks: the function is graded, as its body does not use it', async () => {
    const { report } = await annotated();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    const { report: used } = await annotatedUses();
    expect(used.problems.map((p) => p.message)).toEqual([expect.stringContaining('and compute_class_freqs uses it, so compute_class_freqs\'s cases were not graded')]);
  });

  const unfinishedLoss = `def get_weighted_loss(pos_weights=freq_neg, neg_weights=freq_pos, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        ### START CODE HERE ###\n        loss = None\n        ### END CODE HERE ###\n        return loss\n    return weighted_loss\n`;
  const dataDefaultUnfinished = batch('data_default_unfinished.ipynb', notebook(DATA_CELLS[0]!, FREQS_OK, DATA_CELLS[1]!, unfinishedLoss));
  it('a def whose defaults are deferred is still read as the file\'s own: an unfinished template gets its placeholder note', async () => {
    const { report } = await dataDefaultUnfinished();
    expect(report.problems).toEqual([]);
    expect(report.notes.filter((n) => n.includes('placeholder'))).toEqual([expect.stringContaining('cell 4, line 4')]);
  });

  // Any expression a default reads the data with, not only a name or an attribute of it: len(),
  // a call, arithmetic, a name bound by a `with` block or a `for` loop left out with the data cells.
  const COMPUTED_CELLS = [
    'import numpy as np\nimport pandas as pd\nimport json\ntrain_df = pd.read_csv("nih/train-small.csv")\nwith open("nih/meta.json") as f:\n    meta = json.load(f)\nfor c in meta["classes"]:\n    print(c)\n',
    FREQS_OK.replace('def compute_class_freqs(labels):', 'def compute_class_freqs(labels, n=len(train_df), w=np.array(train_df.values).mean(0) * 2):'),
    LOSS.replace('epsilon=1e-7)', 'epsilon=1e-7, C=len(meta["classes"]), last=c)'),
  ];
  const computedDefault = batch('computed_default.ipynb', notebook(...COMPUTED_CELLS));
  const computedDefaultPy = batch('computed_default.py', COMPUTED_CELLS.join('\n'));
  it('a default computed from the data by any expression (len, a call, a name a with block or a for loop binds): both functions graded', async () => {
    expect(COMPUTED_CELLS[2]).toContain('last=c)');
    const { exitCode, report } = await computedDefault();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    // A .py: its top level fails (no pandas data), and its definitions alone are graded.
    const { report: py } = await computedDefaultPy();
    expect(py.problems).toEqual([]);
    expect(py.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });

  const usedDefault = batch('used_default.ipynb', notebook(COMPUTED_CELLS[0]!, COMPUTED_CELLS[1]!.replace('p = np.mean(labels, axis=0)', 'p = np.sum(labels, axis=0) / n'), COMPUTED_CELLS[2]!));
  it('a computed default the function does use: its cases fail with the NameError, which says which default reads the name and where it is assigned; the other function is graded', async () => {
    const { report } = await usedDefault();
    expect(report.problems).toEqual([]);
    const failed = report.cases.filter((c) => c.status !== 'passed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => c.function === 'compute_class_freqs')).toBe(true);
    expect(failed[0]!.message).toContain("name 'train_df' is not defined (the default value of n reads it, and the cases do not pass n); train_df is assigned at cell 1, line 4 from what the grader does not have");
  });

  const weightsLoss = LOSS.replace('def get_weighted_loss(pos_weights, neg_weights,', 'def get_weighted_loss(pos_weights=load_weights()[0], neg_weights=load_weights()[1],');
  const helperDefault = batch('helper_default.ipynb', notebook('import numpy as np\n\ndef load_weights():\n    return np.load("nih/weights.npy")\n', FREQS_OK, weightsLoss));
  it('a default that calls a helper reading the data (pos_weights=load_weights()[0]): the def is made, and only what uses the default fails', async () => {
    expect(weightsLoss).toContain('load_weights()[0]');
    const { exitCode, report } = await helperDefault();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
  });

  const configItem = batch('config_item.ipynb', notebook("import numpy as np\nconfig = {}\nconfig['eps'] = 1e-7\n", FREQS_OK, lossWith("config['eps']")));
  const configEnv = batch('config_env.ipynb', notebook("import numpy as np\nimport os\nconfig = {}\nconfig['eps'] = float(os.environ.get('EPS', '1e-7'))\n", FREQS_OK, lossWith("config['eps']")));
  it('a default read from a dict or object that top-level lines fill: a constant put in is kept, anything else costs only the case that uses the default', async () => {
    const { exitCode, report } = await configItem();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    // Set by a call the grader does not run: the def is still made, and only the case that uses the default fails, saying why.
    const { report: env } = await configEnv();
    expect(env.problems).toEqual([]);
    const failed = env.cases.filter((c) => c.status !== 'passed');
    expect(failed.map((c) => c.id)).toEqual(['loss-epsilon-default']);
    expect(failed[0]!.message).toContain("KeyError (cell 3, line 3) on 6 examples × 3 classes: 'eps' (computing the default value of epsilon, which the cases do not pass, from what the grader does not run: only imports, definitions and constants are)");
  });

  // Data absent is the grader's doing (deferred); a ZeroDivisionError or a TypeError on names
  // that are all there is the learner's: run top to bottom, the def raises and does not exist.
  const raising = ([
    ['zero.ipynb', '', '1/0'],
    ['helper.py', 'def eps_of(x):\n    return x + "1e-7"\n\n', 'eps_of(0)'],
    ['annotated.ipynb', '', '1e-7, labels_hint: int("x") = 3'],
  ] as const).map(([file, helper, expr]) => {
    const loss = helper + lossWith(expr);
    return { file, expr, loss, graded: batch(file, file.endsWith('.py') ? `${FREQS_OK}\n${loss}` : notebook(FREQS_OK, loss)) };
  });
  it('a default that raises an error of its own (1/0, a helper\'s TypeError): that def fails, as in Jupyter; the other function is graded', async () => {
    for (const { file, expr, loss, graded } of raising) {
      const { report } = await graded();
      const line = (file.endsWith('.py') ? `${FREQS_OK}\n${loss}` : loss).split('\n').findIndex((l) => l.startsWith('def get_weighted_loss')) + 1;
      const spot = file.endsWith('.py') ? `${file}:${line}` : `${file}, cell 2, line ${line}`;
      const what = expr.includes('int(') ? "the annotation of labels_hint" : 'the default value of epsilon';
      const error = expr === '1/0' ? 'ZeroDivisionError (division by zero)' : expr.includes('int(') ? "ValueError (invalid literal for int() with base 10: 'x')" : "TypeError (unsupported operand type(s) for +: 'int' and 'str')";
      expect(report.problems.map((p) => p.message), file).toEqual([
        `${spot}: ${what} in the def of get_weighted_loss raised ${error}; run top to bottom, that def raises there, so get_weighted_loss is not defined and its cases were not graded (compute_class_freqs's were): fix that ${what.startsWith('the annotation') ? 'annotation' : 'default'} (the assignment's signature is def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7)).`,
      ]);
      expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed'), file).toEqual([]);
      expect(report.notes.filter((n) => n.startsWith('Its top-level code raised')), file).toEqual([]);
    }
  });

  const longParam = batch('long_param.py', `${FREQS_OK}\n${LOSS.replace('epsilon=1e-7)', `epsilon=1e-7, ${'e'.repeat(250)}=1/0)`)}`);
  it('a raising default of a parameter named past the record\'s 200 letters does not corrupt the load record: that default stays deferred', async () => {
    const { report } = await longParam();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });

  const longHelper = batch('long_helper.py', `${DATA_CELLS[0]}def timed(df):\n    return lambda f: f\n\n@timed(train_df)\ndef ${'f'.repeat(250)}():\n    return 1\n\n${FREQS_OK}\n${LOSS}`);
  it('a skipped decorator on a function named past the record\'s 200 letters does not corrupt the load record', async () => {
    const { report } = await longHelper();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });

  const guardedArgs = batch('guarded_args.py', `${FREQS_OK}import argparse\nif __name__ == '__main__':\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--eps', type=float, default=1e-7)\n    args = parser.parse_args()\n\n${lossWith('args.eps')}`);
  it('a default read from what only the .py\'s main guard binds: the message says the block runs when the file is run, not imported', async () => {
    const { report } = await guardedArgs();
    expect(report.problems).toEqual([]);
    const failed = report.cases.filter((c) => c.status !== 'passed');
    expect(failed.map((c) => c.id)).toEqual(['loss-epsilon-default']);
    expect(failed[0]!.message).toContain('args is assigned at guarded_args.py, line 10 under if __name__ == "__main__":, which runs when you run the file, not when it is imported, as the grader imports it');
  });

  const envDefault = batch('env_default.py', `import os\n${FREQS_OK}\n${lossWith("float(os.environ['WLGRADE_NO_SUCH_EPS'])")}`);
  it('a default whose call fails for want of a file or an environment variable is still deferred, not the learner\'s error', async () => {
    const { report } = await envDefault();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual(['loss-epsilon-default']);
  });

  const timer = 'import functools\ndef my_timer(df):\n    def deco(f):\n        @functools.wraps(f)\n        def inner(*a, **k):\n            return f(*a, **k)\n        return inner\n    return deco\n';
  const registry = 'REG = {}\ndef register(names):\n    def deco(f):\n        REG[f.__name__] = (f, len(names))\n        return f\n    return deco\nCLASSES = open("nih/classes.txt").read().split()\n';
  const decoratedSrc = `${DATA_CELLS[0]}${timer}${registry}${FREQS_OK.replace('def compute_class_freqs', '@my_timer(train_df)\ndef compute_class_freqs')}\n${LOSS.replace('def get_weighted_loss', '@register(CLASSES)\ndef get_weighted_loss')}`;
  const decorated = batch('decorated.py', decoratedSrc);
  // A notebook, and a decorator of a module the grader lacks.
  const decoratedNb = batch('decorated.ipynb', notebook(DATA_CELLS[0]!, 'import numpy as np\nimport wlgrade_no_such_tf as tf\n', FREQS_OK.replace('def compute_class_freqs', '@tf.function(input_signature=[tf.TensorSpec(shape=(None, len(train_df.columns)))])\ndef compute_class_freqs'), LOSS));
  // What the decorator raised is the learner's class, named with a space: the note still words it, and the load record holds.
  const oddDeco = 'import json\nimport numpy as np\nOdd = type("No Data Here", (Exception,), {})\nconfig = {}\nconfig.update(json.load(open("cfg.json")))\ndef needs(cfg):\n    def d(f):\n        raise Odd("no data")\n    return d\n\n';
  const oddDecorator = batch('odd_decorator.py', `${oddDeco}${FREQS_OK.replace('import numpy as np\n', '').replace('def compute_class_freqs', '@needs(config)\ndef compute_class_freqs')}\n${LOSS}`);
  // A decorator that changes the result and can run is applied: its doubled frequencies fail.
  const scaledDeco = 'import numpy as np\ndef scaled(k):\n    def deco(f):\n        def inner(labels):\n            p, n = f(labels)\n            return p * k, n * k\n        return inner\n    return deco\n';
  const scaled = batch('scaled.py', `${DATA_CELLS[0]}${scaledDeco}${FREQS_OK.replace('def compute_class_freqs', '@scaled(2)\ndef compute_class_freqs')}\n${LOSS}`);
  it('a decorator that reads the data (@my_timer(train_df), @register(CLASSES)) or a missing module: graded undecorated, with a note; one that can run keeps running', async () => {
    const { exitCode, report } = await decorated();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    const at = (text: string) => decoratedSrc.split('\n').indexOf(text) + 1;
    expect(report.notes).toEqual(expect.arrayContaining([
      `The decorator of compute_class_freqs at line ${at('@my_timer(train_df)')} needs what the grader does not have (your data, a file or a module: it raised NameError), so compute_class_freqs was graded without it, as written below the decorator.`,
      `The decorator of get_weighted_loss at line ${at('@register(CLASSES)')} needs what the grader does not have (your data, a file or a module: it raised NameError), so get_weighted_loss was graded without it, as written below the decorator.`,
    ]));
    const { report: nb } = await decoratedNb();
    expect(nb.problems).toEqual([]);
    expect(nb.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(nb.notes).toContain('The decorator of compute_class_freqs at cell 3, line 3 needs what the grader does not have (your data, a file or a module: it raised ModuleNotFoundError), so compute_class_freqs was graded without it, as written below the decorator.');
    const { report: spaced } = await oddDecorator();
    expect(spaced.problems).toEqual([]);
    expect(spaced.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(spaced.notes).toContainEqual(expect.stringMatching(/^The decorator of compute_class_freqs at line 12 needs what the grader does not have \(your data, a file or a module: it raised Exception\)/));
    const { report: sc } = await scaled();
    expect(sc.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status === 'failed')).toBe(true);
    expect(sc.notes.filter((n) => n.startsWith('The decorator'))).toEqual([]);
  });

  const parser = "import argparse\nimport numpy as np\nparser = argparse.ArgumentParser()\nparser.add_argument('--data', required=True)\nparser.add_argument('--eps', type=float, default='1e-7')\nargs = parser.parse_args()\n";
  const cliArgs = batch('cli_args.py', `${parser}${FREQS_OK}\n${lossWith('args.eps')}`);
  // A top level that fails before the parser: its add_argument lines are not code the grader
  // leaves out when the default reads what they fill; parse_args succeeds with the defaults.
  const cliArgsLate = batch('cli_args_late.py', `${DATA_CELLS[0]}${parser.replace("parser.add_argument('--data', required=True)\n", '')}${FREQS_OK}\n${lossWith('args.eps')}`);
  // A notebook, parse_known_args with its rest.
  const cliArgsNb = batch('cli_args.ipynb', notebook(parser.replace('args = parser.parse_args()', 'args, rest = parser.parse_known_args()'), FREQS_OK, lossWith('args.eps')));
  it('argparse at the top level: a parse_args that exits on the grader\'s empty command line is worded for a learner, and its arguments\' defaults stand (a .py, a .py whose top level fails before, a notebook)', async () => {
    const { exitCode, report } = await cliArgs();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.notes).toEqual([
      'Its top-level code parsed the command line with argparse at line 6, which exited (SystemExit 2): the grader imports your file with no command-line arguments, not the ones you run it with, so a required or unknown argument ends it. It was loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points. Parse the arguments only under if __name__ == "__main__": so importing the file does not run it (parser.parse_known_args() skips arguments that are not yours, not a missing required one).',
      "argparse's parsing of the command line at line 6 exited on the grader's empty command line (a required argument is missing there), so the grader used your arguments' default values in its place.",
    ]);
    const { report: early } = await cliArgsLate();
    expect(early.problems).toEqual([]);
    expect(early.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    const { report: nb } = await cliArgsNb();
    expect(nb.problems).toEqual([]);
    expect(nb.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(nb.notes).toContain("argparse's parsing of the command line at cell 1, line 6 exited on the grader's empty command line (a required argument is missing there), so the grader used your arguments' default values in its place.");
  });

  const epsParser = "import argparse\nimport numpy as np\nparser = argparse.ArgumentParser()\nparser.add_argument('--eps', type=float, default=1e-7)\n";
  const ownArgvSpread = batch('own_argv_spread.py', `${epsParser}args = parser.parse_args(\n    ['--bad'],\n)\n${FREQS_OK}\n${lossWith('args.eps')}`);
  // parse_args(sys.argv[1:]) reads the grader's command line: a required argument missing there is the grader's.
  const argvSlice = batch('argv_slice.py', `import sys\n${epsParser}parser.add_argument('--data', required=True)\nargs = parser.parse_args(\n    sys.argv[1:]\n)\n${FREQS_OK}\n${lossWith('args.eps')}`);
  it("an argparse exit on the learner's own list is told as theirs when the call spans several lines, and sys.argv[1:] is the command line (load 21)", async () => {
    const { report } = await ownArgvSpread();
    expect(report.notes.filter((n) => n.includes('argparse'))).toEqual([
      'Its top-level code exited in argparse (argparse: unrecognized arguments: --bad (the arguments your code gives parse_args; exit status 2)) at line 5, so it was loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points.',
    ]);
    const { report: cli } = await argvSlice();
    expect(cli.notes.filter((n) => n.includes('argparse'))[0]).toMatch(/^Its top-level code parsed the command line with argparse at line 7, which exited \(SystemExit 2\): the grader imports your file with no command-line arguments/);
    // ... and its arguments' defaults stand, as for parse_args() (the default epsilon reads args.eps).
    expect(cli.notes).toContain("argparse's parsing of the command line at line 7 exited on the grader's empty command line (a required argument is missing there), so the grader used your arguments' default values in its place.");
    expect(cli.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
  });

  // parse_args given a list of the learner's own: the file fails at an import first, then the
  // definitions-only load runs the parse (the default reads args). It exits: args is undefined.
  const badListParser = "import argparse\nimport numpy as np\nimport wlgrade_absent_module\nparser = argparse.ArgumentParser()\nparser.add_argument('--eps', type=float, default=1e-7)\nargs = parser.parse_args(['--bad'])\n";
  const ownArgv = batch('own_argv.py', `${badListParser}${FREQS_OK}\n${lossWith('args.eps')}`);
  // With no import failing first, the note says argparse rejected the learner's list, not the grader's command line.
  const ownArgvAlone = batch('own_argv_alone.py', `${badListParser.replace('import wlgrade_absent_module\n', '')}${FREQS_OK}\n${lossWith('args.eps')}`);
  // KeyboardInterrupt raised by hand in a constant, GeneratorExit in one: the same.
  const stop = 'import wlgrade_absent_module\ndef stop():\n    raise KeyboardInterrupt\n\nEPS = stop()\n';
  const ownInterrupt = batch('own_interrupt.py', `${FREQS_OK}${stop}\n${lossWith('EPS')}`);
  const ownGeneratorExit = batch('own_generator_exit.py', `${FREQS_OK}${stop.replace('raise KeyboardInterrupt', 'yield 1').replace('EPS = stop()', 'EPS = stop().throw(GeneratorExit)')}\n${lossWith('EPS')}`);
  // args = parser.parse_args() on a parser of the learner's own class (not argparse's) that exits:
  // no defaults to give, so args is undefined with that exit as the reason; the load goes on.
  const ownParserClass = batch('own_parser_class.py', `${FREQS_OK}import wlgrade_absent_module\nclass Parser:\n    def parse_args(self):\n        raise SystemExit(2)\n\nparser = Parser()\nargs = parser.parse_args()\n\n${lossWith('args')}`);
  // A default calling a helper that exits: that def fails, as in Jupyter; the other function is graded.
  const exitDefaultSrc = `${FREQS_OK}import wlgrade_absent_module\ndef get_eps():\n    raise SystemExit(3)\n\n${lossWith('get_eps()')}`;
  const ownExitDefault = batch('own_exit_default.py', exitDefaultSrc);
  it("a SystemExit, KeyboardInterrupt or GeneratorExit the learner's own top level raises (parse_args(['--bad']), a helper's sys.exit) is told as theirs in the definitions-only load, not the first error's import (load 19)", async () => {
    const { report } = await ownArgv();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
    const failed = report.cases.filter((c) => c.status !== 'passed');
    expect(failed.map((c) => c.id)).toEqual(['loss-epsilon-default']);
    expect(failed[0]!.message).toContain('args is assigned at own_argv.py, line 6, which raised SystemExit: 2 (argparse: unrecognized arguments: --bad): fix that line so it runs');
    const { report: alone } = await ownArgvAlone();
    expect(alone.notes.filter((n) => n.includes('argparse'))).toEqual([
      'Its top-level code exited in argparse (argparse: unrecognized arguments: --bad (the arguments your code gives parse_args; exit status 2)) at line 5, so it was loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points.',
    ]);
    const { report: kb } = await ownInterrupt();
    expect(kb.problems).toEqual([]);
    expect(kb.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.message.includes('which raised KeyboardInterrupt: fix that line so it runs')])).toEqual([['loss-epsilon-default', true]]);
    const { report: ge } = await ownGeneratorExit();
    expect(ge.problems).toEqual([]);
    expect(ge.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual(['loss-epsilon-default']);
    const { report: custom } = await ownParserClass();
    expect(custom.problems).toEqual([]);
    expect(custom.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.message.includes('(SystemExit: parse_args() exited (2))')])).toEqual([['loss-epsilon-default', true]]);
    const { report: helper } = await ownExitDefault();
    expect(helper.problems.map((p) => p.message)).toEqual([
      `own_exit_default.py:${exitDefaultSrc.split('\n').findIndex((l) => l.startsWith('def get_weighted_loss')) + 1}: the default value of epsilon in the def of get_weighted_loss raised SystemExit (3); run top to bottom, that def raises there, so get_weighted_loss is not defined and its cases were not graded (compute_class_freqs's were): fix that default (the assignment's signature is def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7)).`,
    ]);
    expect(helper.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });

  const raisingDeco = 'def deco(n):\n    def d(f):\n        return f\n    return d\n\ndef broken(f):\n    raise ValueError("not ready")\n\n';
  const ownDecoratorSrc = `${raisingDeco}${FREQS_OK.replace('def compute_class_freqs', '@deco(1, 2)\ndef compute_class_freqs')}\n${LOSS}`;
  const ownDecorator = batch('own_decorator.py', ownDecoratorSrc);
  const ownDecoratorNb = batch('own_decorator.ipynb', notebook(raisingDeco, FREQS_OK, LOSS.replace('def get_weighted_loss', '@broken\ndef get_weighted_loss')));
  it('a decorator of a graded def that raises an error of its own (@deco(1, 2), a decorator whose call raises): that def fails, as in Jupyter; the other function is graded', async () => {
    const { report } = await ownDecorator();
    const line = ownDecoratorSrc.split('\n').indexOf('@deco(1, 2)') + 1;
    expect(report.problems.map((p) => p.message)).toEqual([
      `own_decorator.py:${line}: the decorator in the def of compute_class_freqs raised TypeError (deco() takes 1 positional argument but 2 were given); run top to bottom, that def raises there, so compute_class_freqs is not defined and its cases were not graded (get_weighted_loss's were): fix that decorator.`,
    ]);
    expect(report.cases.filter((c) => c.function === 'weighted_loss' && c.status !== 'passed')).toEqual([]);
    expect(report.notes.filter((n) => n.startsWith('Its top-level code raised'))).toEqual([]);
    const { report: nb } = await ownDecoratorNb();
    expect(nb.problems.map((p) => p.message)).toEqual([
      "own_decorator.ipynb, cell 3, line 1: the decorator in the def of get_weighted_loss raised ValueError (not ready); run top to bottom, that def raises there, so get_weighted_loss is not defined and its cases were not graded (compute_class_freqs's were): fix that decorator.",
    ]);
    expect(nb.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });

  const brokenRedef = 'def broken(f):\n    raise ValueError("not ready")\n\n@broken\ndef compute_class_freqs(labels):\n    return 1, 2\n';
  const keptPreviousNb = batch('kept_previous.ipynb', notebook(FREQS_OK, LOSS, brokenRedef));
  // A .py: Python stops at that def; the definitions around it are kept, the earlier def graded.
  const keptPreviousSrc = `${FREQS_OK}\n${LOSS}\n${brokenRedef}`;
  const keptPrevious = batch('kept_previous.py', keptPreviousSrc);
  it('a def whose decorator raises, redefining a correct earlier def: the earlier one stands and is graded, as in Jupyter, with a note (load 21)', async () => {
    const { exitCode, report: nb } = await keptPreviousNb();
    expect(nb.problems).toEqual([]);
    expect(exitCode).toBe(0);
    expect(nb.score).toBe(nb.maxScore);
    expect(nb.notes).toEqual([
      'The decorator of compute_class_freqs at cell 3, line 4 raised ValueError (not ready), so that def never binds compute_class_freqs (in Jupyter its cell fails there) and the compute_class_freqs defined before it (cell 1, line 3) is the one graded: fix that decorator, or delete the def you do not want.',
    ]);
    const { report } = await keptPrevious();
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes).toEqual([
      `The decorator of compute_class_freqs at line ${keptPreviousSrc.split('\n').indexOf('@broken') + 1} raised ValueError (not ready), so that def never binds compute_class_freqs (run as a script, the file stops there; the grader kept the definitions around it) and the compute_class_freqs defined before it (line 3) is the one graded: fix that decorator, or delete the def you do not want.`,
    ]);
  });

  const exportedCells = [
    'import numpy as np\nimport argparse\nimport wlgrade_absent_pandas as pd\n',
    'parser = argparse.ArgumentParser()\nparser.add_argument("--data", required=True)\nparser.add_argument("--eps", type=float, default=1e-7)\nargs = parser.parse_args()\n',
    'train_df = pd.read_csv("train.csv")\n\ndef timer(df):\n    return lambda f: f\n\n@timer(train_df)\n' + FREQS_OK.replace('import numpy as np\n\n', ''),
    lossWith('args.eps'),
  ];
  const nbconvert = '#!/usr/bin/env python\n# coding: utf-8\n\n' + exportedCells.map((c, i) => `# In[${i + 1}]:\n\n\n${c}\n\n`).join('');
  const exportedNotes = batch('exported_notes.py', nbconvert);
  // A message the runner writes into a case's error: the line of args, with its cell.
  const jupytext = '# %%\n' + exportedCells.map((c) => c.replace('args = parser.parse_args()', "args = parser.parse_args(['--bad'])")).join('\n# %%\n');
  const exportedArgs = batch('exported_args.py', jupytext);
  // A plain .py: no cell.
  const plainArgs = batch('plain_args.py', exportedCells.join('\n').replace('args = parser.parse_args()', "args = parser.parse_args(['--bad'])"));
  it('a notebook saved as .py (nbconvert, Jupytext): the load notes and the runner\'s messages name the cell of their line, as the problems do (load 21)', async () => {
    const at = (src: string, text: string) => src.split('\n').indexOf(text) + 1;
    const { report } = await exportedNotes();
    expect(report.notes).toEqual([
      `Its top-level code raised ModuleNotFoundError (No module named 'wlgrade_absent_pandas') at line ${at(nbconvert, 'import wlgrade_absent_pandas as pd')} (cell In [1]), so it was loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points.`,
      `The decorator of compute_class_freqs at line ${at(nbconvert, '@timer(train_df)')} (cell In [3]) needs what the grader does not have (your data, a file or a module: it raised NameError), so compute_class_freqs was graded without it, as written below the decorator.`,
      `argparse's parsing of the command line at line ${at(nbconvert, 'args = parser.parse_args()')} (cell In [2]) exited on the grader's empty command line (a required argument is missing there), so the grader used your arguments' default values in its place.`,
    ]);
    const { report: jt } = await exportedArgs();
    const failed = jt.cases.find((c) => c.id === 'loss-epsilon-default')!;
    expect(failed.message).toContain(`args is assigned at exported_args.py, line ${at(jupytext, "args = parser.parse_args(['--bad'])")}, cell 2, which raised SystemExit: 2 (argparse: `);
    const { report: plain } = await plainArgs();
    expect(plain.cases.find((c) => c.id === 'loss-epsilon-default')!.message).toMatch(/args is assigned at plain_args\.py, line \d+, which raised SystemExit/);
  });

  const all = 'imports, definitions and constants', used = 'definitions, constants and the imports they use';
  const topExits = ([
    ['top_exit.py', 'exit()', 'exit() at line 7', all],
    ['top_sys_exit.py', 'import sys\nsys.exit("done")', 'sys.exit() at line 8 (with done)', used],
    ['top_raise_exit.py', 'raise SystemExit(3)', 'raise SystemExit at line 7 (with 3)', all],
  ] as const).map(([name, stmt, call, what]) => ({ name, call, what, graded: batch(name, `${FREQS_OK}\n${stmt}\n\n${LOSS}`) }));
  it('exit(), sys.exit(..) or raise SystemExit at the top level: the note names the call and its line, and what is graded below it (load 21)', async () => {
    for (const { name, call, what, graded } of topExits) {
      const { exitCode, report } = await graded();
      expect(exitCode, name).toBe(0);
      expect(report.score, name).toBe(report.maxScore);
      expect(report.notes, name).toEqual([
        `The file calls ${call}, which ends the program there, when it is run and when it is imported, as the grader imports it. The grader loaded it again with only its ${what}, above and below that line, and graded those: the rest (training, data loading, plotting, prints) was left out, which costs no points. get_weighted_loss is defined below that line, which running your file never reaches, and was graded all the same. Delete that call, or put it under if __name__ == "__main__": so importing the file does not run it.`,
      ]);
    }
  });

  const cls = (raise: string) => `class Config:\n    eps = 1e-7\n    if eps < 1:\n        ${raise}\n\n`;
  const configLoss = LOSS.replace('np.log(y_pred + epsilon)', 'np.log(y_pred + Config.eps)');
  // Unused: the load goes on (before, the file's first error, a missing import, was blamed: 0/23).
  const classRaises = batch('class_raises.py', `import wlgrade_absent_module\n${FREQS_OK}\nclass Config:\n    eps = 1e-7\n    raise ValueError("bad config")\n\n${LOSS}`);
  const classUsed = ([
    ['class_raises_used.py', 'raise ValueError("bad config")', 'ValueError: bad config'],
    ['class_exits_used.py', 'raise SystemExit(4)', 'SystemExit: 4 (sys.exit)'],
  ] as const).map(([name, raise, told]) => {
    const src = `import wlgrade_absent_module\n${FREQS_OK}\n${cls(raise)}${configLoss}`;
    return { name, raise, told, src, graded: batch(name, src) };
  });
  const classRaisesNb = batch('class_raises.ipynb', notebook(FREQS_OK, cls('raise ValueError("bad config")'), configLoss));
  it("a class whose body raises the learner's own error: only what uses the class fails, told the line that raised (load 21)", async () => {
    const { report: unused } = await classRaises();
    expect(unused.problems).toEqual([]);
    expect(unused.score).toBe(unused.maxScore);
    for (const { name, raise, told, src, graded } of classUsed) {
      const { report } = await graded();
      expect(report.problems, name).toEqual([]);
      const losses = report.cases.filter((c) => c.function === 'weighted_loss' && c.message.includes('Config'));
      expect(losses.length, name).toBeGreaterThan(0);
      expect(losses[0]!.message, name).toContain(`Config is a class whose body stops at ${name}, line ${src.split('\n').indexOf(`        ${raise}`) + 1}, which raised ${told}: fix that line so it runs`);
      expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed'), name).toEqual([]);
    }
    const { report: nb } = await classRaisesNb();
    expect(nb.problems).toEqual([]);
    expect(nb.cases.find((c) => c.function === 'weighted_loss' && c.status !== 'passed')?.message).toContain('Config is a class whose body stops at cell 2, line 4, which raised ValueError: bad config: fix that line so it runs');
  });

  const configure = 'import numpy as np\nCONFIG = {"eps": 0.5}\n\ndef configure(**settings):\n    CONFIG.update(settings)\n    return lambda f: f\n';
  const configuredLoss = LOSS.replace('def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7)', '@configure(eps=1e-7)\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=CONFIG["eps"])');
  const configuredNb = batch('configured.ipynb', notebook(configure, FREQS_OK.replace('import numpy as np\n', ''), configuredLoss));
  // A .py graded from its definitions (its top level fails first) the same.
  const configuredPy = batch('configured.py', `import wlgrade_absent_module\n${configure}\n${FREQS_OK.replace('import numpy as np\n', '')}\n${configuredLoss}`);
  it('decorators are evaluated before the defaults, as Python does: @configure(eps=1e-7) over epsilon=CONFIG["eps"] gives 1e-7 (load 21)', async () => {
    const { report: nb } = await configuredNb();
    expect(nb.problems).toEqual([]);
    expect(nb.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
    const { report: py } = await configuredPy();
    expect(py.problems).toEqual([]);
    expect(py.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
  });

  const logEpsLoss = LOSS.replace('np.log(y_pred + epsilon)', 'log_eps(y_pred, epsilon)').replace('np.log(1 - y_pred + epsilon)', 'log_eps(1 - y_pred, epsilon)');
  const logEpsDefault = 'def log_eps(x, eps=1 / 0):\n    return np.log(x + eps)\n\n';
  const logEpsDeco = 'def deco(n):\n    def d(f):\n        return f\n    return d\n\n@deco(1, 2)\ndef log_eps(x, eps):\n    return np.log(x + eps)\n\n';
  const helperFiles = ([
    // A .py whose top level fails first (graded from its definitions), and one whose only error is the helper's.
    ['helper_default.py', `import wlgrade_absent_module\n${FREQS_OK}\n${logEpsDefault}${logEpsLoss}`, 'ZeroDivisionError (division by zero) in the default value of eps: run top to bottom, that def raises there, so log_eps is not defined: fix that default'],
    ['helper_default_alone.py', `${FREQS_OK}\n${logEpsDefault}${logEpsLoss}`, 'ZeroDivisionError (division by zero) in the default value of eps: run top to bottom, that def raises there, so log_eps is not defined: fix that default'],
    ['helper_decorator.py', `import wlgrade_absent_module\n${FREQS_OK}\n${logEpsDeco}${logEpsLoss}`, 'TypeError (deco() takes 1 positional argument but 2 were given) in the decorator: run top to bottom, that def raises there, so log_eps is not defined: fix that decorator'],
    ['helper_decorator_alone.py', `${FREQS_OK}\n${logEpsDeco}${logEpsLoss}`, 'TypeError (deco() takes 1 positional argument but 2 were given) in the decorator: run top to bottom, that def raises there, so log_eps is not defined: fix that decorator'],
  ] as const).map(([name, src, told]) => ({ name, src, told, graded: batch(name, src) }));
  // A default calling a function that exits: the file's first error is in that function's body,
  // a line apart from the def; the retry's note does not call it left-out code either.
  const helperCallsExit = batch('helper_calls_exit.py', `${FREQS_OK}\nimport sys\ndef get_eps():\n    sys.exit("set EPS first")\n\ndef log_eps(x, eps=get_eps()):\n    return np.log(x + eps)\n\n${logEpsLoss}`);
  // A notebook: the same, with the cell.
  const helperDecoratorNb = batch('helper_decorator.ipynb', notebook(FREQS_OK, logEpsDeco, logEpsLoss));
  it("a helper (not graded) whose default or decorator raises an error of the learner's own: the helper is not defined, as in Jupyter; the graded function calling it fails saying why, the other is graded (load 19)", async () => {
    const at = (src: string, text: string) => src.split('\n').indexOf(text) + 1;
    for (const { name, src, told, graded } of helperFiles) {
      const { report } = await graded();
      expect(report.problems, name).toEqual([]);
      expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed'), name).toEqual([]);
      const losses = report.cases.filter((c) => c.function === 'weighted_loss');
      const line = at(src, src.includes('@deco(1, 2)') ? '@deco(1, 2)' : 'def log_eps(x, eps=1 / 0):');
      expect(losses.every((c) => c.status !== 'passed' && c.message.includes(`name 'log_eps' is not defined; the def of log_eps at ${name}, line ${line} raised ${told}`)), name).toBe(true);
      // Not 'left-out code, which costs no points': the helper's def is what failed.
      expect(report.notes.filter((n) => n.includes('costs no points') && !n.includes('wlgrade_absent_module')), name).toEqual([]);
    }
    const { report: exits } = await helperCallsExit();
    expect(exits.cases.filter((c) => c.status !== 'passed').every((c) => c.function === 'weighted_loss' && c.message.includes('raised SystemExit (set EPS first) in the default value of eps'))).toBe(true);
    expect(exits.notes.filter((n) => n.includes('costs no points'))).toEqual([]);
    const { report: nb } = await helperDecoratorNb();
    expect(nb.problems).toEqual([]);
    expect(nb.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
    expect(nb.cases.filter((c) => c.function === 'weighted_loss').every((c) => c.message.includes('the def of log_eps at cell 2, line 6 raised TypeError'))).toBe(true);
  });

  const forgedDefault = batch('forged_default.py', `import numpy as np\n\nclass S(str):\n    def isidentifier(self):\n        return True\n\ndef compute_class_freqs(labels):\n    e = NameError("name 'x' is not defined")\n    e._wlgrade_default = S("FORGED words")\n    raise e\n\n${LOSS}`);
  it("a str subclass posing as the deferred default's name is not worded into the message", async () => {
    const { report } = await forgedDefault();
    const failed = report.cases.filter((c) => c.function === 'compute_class_freqs');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) expect(c.message).not.toContain('FORGED');
  });

  const early = batch('early.ipynb', notebook(FREQS_OK + 'LOG = math.log\nimport math\n', LOSS.replace(/np\.log\(/g, 'LOG(').replace('return float(', 'return float(0 * LOG(1.0) + ')));
  it('an assignment above the import it reads: the NameError says the import comes only further down', async () => {
    const { report } = await early();
    const failed = report.cases.filter((c) => c.function === 'weighted_loss' && c.status !== 'passed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toContain('LOG is assigned at cell 1, line 6 from math, which the notebook binds only further down (cell 1, line 7): run top to bottom, that line fails, so move it below (or the import above)');
  });
});

describe('a constant read from a module the grader lacks', () => {
  const FREQS_OK = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
  const head = "import wandb\nwandb.init(project='chexnet')\nconfig = wandb.config\n";
  const wandbConfig = batch('wandb_config.py', `${head}${FREQS_OK}\n${LOSS}`);
  const wandbConfigNb = batch('wandb_config.ipynb', notebook(head, FREQS_OK, LOSS.replace('epsilon=1e-7', 'epsilon=config.eps')));
  it('config = wandb.config at the top level: both functions graded; a function that reads it fails saying why', async () => {
    const { exitCode, report } = await wandbConfig();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    const { report: nb } = await wandbConfigNb();
    expect(nb.problems).toEqual([]);
    const failed = nb.cases.filter((c) => c.status !== 'passed');
    expect(failed.map((c) => c.id)).toEqual(['loss-epsilon-default']);
    expect(failed[0]!.message).toContain("config is assigned at cell 1, line 3 from what the grader does not have (ModuleNotFoundError: No module named 'wandb')");
  });
});

describe('a class whose body needs what the grader does not have', () => {
  const FREQS_OK = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
  // A Kaggle-style dataset class: its body calls a module the grader lacks. Jupyter makes it; no
  // graded function uses it, so it cannot cost the functions their cases.
  const DATASET = 'import wlgrade_no_such_augment as A\n\nclass XrayDS:\n    tfm = A.Compose([A.HorizontalFlip()])\n    def __init__(self, df):\n        self.df = df\n';
  const datasetClassNb = batch('dataset_class.ipynb', notebook(DATASET, FREQS_OK, LOSS));
  const datasetClass = batch('dataset_class.py', `${DATASET}\n${FREQS_OK}\n${LOSS}`);
  it('a class no graded function uses: both functions graded, in a notebook and in a .py graded from its definitions', async () => {
    const { exitCode, report } = await datasetClassNb();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    const { report: py } = await datasetClass();
    expect(py.problems).toEqual([]);
    expect(py.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });

  const cfg = 'import numpy as np\nimport pandas as pd\n\nclass CFG:\n    train = pd.read_csv("nih/train-small.csv")\n    n = len(train)\n    eps = 1e-7\n';
  const configClass = batch('config_class.ipynb', notebook(cfg, FREQS_OK, LOSS.replace('epsilon=1e-7', 'epsilon=CFG.eps')));
  // A default that reads the data attribute: only the case that uses it fails, with pandas' error.
  const configData = batch('config_data.ipynb', notebook(cfg, FREQS_OK, LOSS.replace('epsilon=1e-7', 'epsilon=CFG.n * 0 + 1e-7')));
  it('a config class that reads the data: made with what can be, so a default or a body reading its constant works, and one reading its data fails with the data\'s error', async () => {
    const { exitCode, report } = await configClass();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    const { report: data } = await configData();
    expect(data.problems).toEqual([]);
    const failed = data.cases.filter((c) => c.status !== 'passed');
    expect(failed.map((c) => c.id)).toEqual(['loss-epsilon-default']);
    expect(failed[0]!.message).toContain("No module named 'pandas'");
  });

  const trainer = 'import numpy as np\nimport pandas as pd\n\nclass Trainer:\n    df = pd.read_csv("nih/train-small.csv")\n    labels = list(df.columns[1:])\n\n    @staticmethod\n    def compute_class_freqs(labels):\n        p = np.mean(labels, axis=0)\n        return p, 1 - p\n\ncompute_class_freqs = Trainer.compute_class_freqs\n';
  const trainerPy = batch('trainer.py', `${trainer}\n${LOSS}`);
  const trainerNb = batch('trainer.ipynb', notebook(trainer, LOSS));
  it('a graded function written as a staticmethod of a class whose body reads the data, bound at the top level: graded, in a .py and a notebook', async () => {
    const { exitCode, report } = await trainerPy();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(exitCode).toBe(0);
    const { report: nb } = await trainerNb();
    expect(nb.problems).toEqual([]);
    expect(nb.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });
});

describe('a graded function defined inside a top-level with block', () => {
  // with strategy.scope(): (TPU and multi-GPU notebooks) makes its defs module-level functions, as
  // any top-level block does; the block's other code is left out as top-level code is.
  const indent = (code: string) => code.replace(/^(?=.)/gm, '    ');
  const setup = 'import numpy as np\nimport tensorflow as tf\nstrategy = tf.distribute.MirroredStrategy()\n';
  const scopeFreqs = 'def compute_class_freqs(labels):\n    """Frequencies.\n\n    Per class.\n    """\n    p = np.mean(labels, axis=0) * SCALE\n    return p, 1 - p\n';
  const scopeCell = `with strategy.scope():\n${indent(scopeFreqs)}\n${indent(LOSS)}    model = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n`;
  const withScope = batch('with_scope.ipynb', notebook(setup, scopeCell));
  const withScopeOk = batch('with_scope_ok.ipynb', notebook(setup, scopeCell.replace(' * SCALE', '')));
  it('is graded, and an error in it points at its cell and line', async () => {
    const { report } = await withScope();
    expect(report.problems).toEqual([]);
    const failed = report.cases.filter((c) => c.status !== 'passed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => c.function === 'compute_class_freqs')).toBe(true);
    expect(failed[0]!.message).toContain('NameError (cell 2, line 7)');
    const { report: fixed } = await withScopeOk();
    expect(fixed.problems).toEqual([]);
    expect(fixed.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });

  const guardCell = `if __name__ == "__main__":\n${indent('def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n')}\n${indent(LOSS)}    print(compute_class_freqs(np.eye(3)))\n`;
  const mainGuardNb = batch('main_guard.ipynb', notebook('import numpy as np\n', guardCell));
  const mainGuardPy = batch('main_guard.py', `import numpy as np\n\n${guardCell}`);
  it('the same for if __name__ == "__main__": in a notebook, which Jupyter runs (its module is __main__); a .py, imported, is still told to move the def', async () => {
    const { report } = await mainGuardNb();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    const { report: py } = await mainGuardPy();
    expect(py.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('compute_class_freqs is defined inside if __name__ == "__main__":'));
  });

  const blockLoss = LOSS.replace('epsilon=1e-7', 'epsilon=EPS').replace('np.sum', 'xp.sum');
  const blockFreqs = 'def compute_class_freqs(labels, n=len(train)):\n    p = xp.mean(labels, axis=0)\n    return p, 1 - p\n';
  const withBlockNames = batch('with_block_names.ipynb', notebook(`import numpy as np\nwith open("train.npy", "rb") as f:\n    import numpy as xp\n    EPS = 1e-7\n    train = np.load(f)\n${indent(blockFreqs)}\n${indent(blockLoss)}`));
  it("the block's imports and constants count as the top level's too: a default reading them, or the data the block loads", async () => {
    const { report } = await withBlockNames();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
  });

  const withPieces = batch('with_pieces.py', `%pip install -q seaborn\nimport numpy as np\nprint("loading")\nwith open("config.json") as fh:\n    EPS = 1e-7\n${indent(LOSS.replace('epsilon=1e-7', 'epsilon=EPS'))}\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n`);
  it("a .py graded from its pieces does not name a with block's lines as left out when all its statements were kept", async () => {
    const { report } = await withPieces();
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report.notes.filter((n) => n.startsWith('Only imports, definitions and constants were run'))).toEqual([expect.stringMatching(/was left out: line 3\.$/)]);
  });
});

describe('a graded function written where it never runs', () => {
  const cellsOf = (cells: [string, string][]) =>
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map(([cell_type, source]) => ({ cell_type, metadata: {}, source, ...(cell_type === 'code' ? { execution_count: null, outputs: [] } : {}) })) });
  const FREQS_OK = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
  it.each(([
    ['markdown', 'Markdown'],
    ['raw', 'Raw'],
  ] as const).map(([type, kind]) => [type, kind, batch(`${type}.ipynb`, cellsOf([['code', FREQS_OK], [type, `# my loss\n${LOSS}`]]))] as const))('a %s cell: the problem says to change the cell type, not to check the spelling', async (type, kind, graded) => {
    const { report } = await graded();
    expect(report.problems.map((p) => p.message)).toEqual([
      `${type}.ipynb, cell 2, line 2: def get_weighted_loss is in a ${kind} cell, which Jupyter shows as text and never runs: change that cell's type to Code (in Jupyter: Esc, then Y), run it, save and hand the notebook in again.`,
    ]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });

  const writefile = batch('writefile.ipynb', cellsOf([['code', FREQS_OK], ['code', `%%writefile loss_mod.py\n${LOSS}`], ['code', 'from loss_mod import get_weighted_loss']]));
  const writefileAbove = batch('writefile.ipynb', cellsOf([['code', FREQS_OK], ['code', 'from loss_mod import get_weighted_loss'], ['code', `%%writefile loss_mod.py\n${LOSS}`]]));
  it('a %%writefile cell whose file a later cell imports from: graded as the code that import binds (notebooks 27: it was 0 for the function)', async () => {
    const { report } = await writefile();
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });

  it('a %%writefile cell imported above it: that function is an import problem naming the cell, not a crash of the load', async () => {
    const { report } = await writefileAbove();
    expect(report.problems.map((p) => p.message)).toEqual([
      'writefile.ipynb, cell 2, line 1: imports get_weighted_loss from "loss_mod", the file the %%writefile cell (cell 3) writes, which the grader does not run (it grades the notebook alone): remove the %%writefile line so that cell defines get_weighted_loss itself, and the import.',
    ]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
  });
});

describe('a script whose top-level code fails (not a notebook export)', () => {
  const script = batch('script.py', CORRECT + '\nimport wlgrade_plotting_lib_not_installed as plt\nplt.plot([1])\n');
  // The file parses; its SyntaxError was taken for one in the file: status error, exit 2, "Fix that line".
  const literal = batch('literal.py', `import ast\n${CORRECT}\nCONFIG = ast.literal_eval('{"lr": 0.1,')\n`);
  it('runs as a script first, then is graded from its definitions, with a note naming the error', async () => {
    const { report } = await script();
    expect(report.score).toBe(report.maxScore);
    expect(report.notes).toContainEqual(expect.stringMatching(/^Its top-level code raised ModuleNotFoundError \(No module named 'wlgrade_plotting_lib_not_installed'\) at line \d+, so it was loaded again with only its/));
  });

  it('whose top level raises SyntaxError itself (ast.literal_eval of a bad string): a crash like any other, not a file Python cannot parse (red-team round 14)', async () => {
    const { exitCode, report } = await literal();
    expect(report.problems).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes).toContainEqual(expect.stringMatching(/^Its top-level code raised SyntaxError \('\{' was never closed .*\) at line \d+, so it was loaded again with only its/));
  });

  it('whose top level never ends (a training loop) is stopped after half the run\'s time and graded from its definitions, not given 0', async () => {
    // The learner's `except Exception` around the loop does not keep it running.
    const source = CORRECT + '\nepoch = 0\nwhile True:\n    try:\n        epoch += 1\n    except Exception:\n        pass\n';
    const line = source.split('\n').indexOf('        epoch += 1') + 1;
    // 16 s: the loop takes half (8 s), and the load from the definitions and all the cases the
    // other half. With 8 s they had 4 s, which a load of 20 can use up (cases then not graded).
    const { report } = await scratch('loops.py', source, ['--timeout', '16']);
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes).toContainEqual(
      expect.stringMatching(new RegExp(`^Its top-level code was still running after 8 s \\(at line (${line}|${line - 1}|${line - 2})\\), so it was stopped and the file loaded again with only its .*Put such code under if __name__ == "__main__":`)),
    );
  });
  it('whose top level never ends does not run again after a call that crashes: the cases after it are graded (red-team round 12)', async () => {
    // A call that crashes (or hangs) sends the rest of the calls to a fresh process. That process
    // ran the training loop again for half the time left, at every restart: a file with one slow
    // case scored 21/23 without the loop and 11/23 with it, the last cases "not graded" for lack of time.
    const crashOn = (shapes: string, name: string) => `    if ${name}.shape in ${shapes}:\n        import os\n        os._exit(3)\n`;
    const source = CORRECT
      .replace('def compute_class_freqs(labels):\n', (d) => d + crashOn('[(7, 5), (30, 14)]', 'labels'))
      .replace('    def weighted_loss(y_true, y_pred):\n', (d) => d + crashOn('[(2, 4), (12, 4)]', 'y_true').replace(/^(?=.)/gm, '    '))
      + '\nepoch = 0\nwhile True:\n    epoch += 1\n';
    // 30 s: the loop takes half (15 s), and the four restarts that follow (a Python and numpy
    // each, counted in the run's time) the rest. With 20 s they had 10 s, and at load 22 the cases
    // after the fourth crash were "Not graded: the submission used up its 20 s time limit".
    const { report } = await scratch('loop_and_crashes.py', source, ['--timeout', '30']);
    expect(report.problems).toEqual([]);
    const crashed = ['freqs-7x5-sevenths', 'freqs-float32-wide', 'loss-fewer-examples-than-classes', 'loss-exact-0-1-predictions'];
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.status, c.message.includes('Not graded: ') ? c.message : ''])).toEqual(crashed.map((id) => [id, 'error', '']));
    // The note gives the first stop (15 s: half of 30), not a later attempt's shorter limit.
    expect(report.notes).toContainEqual(expect.stringMatching(/^Its top-level code was still running after 15 s \(at line \d+\), so it was stopped/));
  });
  it('whose top-level loop swallows the stop with a bare except: is stopped all the same (red-team round 11)', async () => {
    // The stop was raised once: `except:` caught it, and the loop ran on to the whole run's limit (0 points).
    const source = CORRECT + '\nimport time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except:\n        pass\n';
    const { report } = await scratch('swallows.py', source, ['--timeout', '16']); // 16 s: as loops.py's
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes).toContainEqual(expect.stringMatching(/^Its top-level code was still running after 8 s \(at line \d+\), so it was stopped/));
  });
});

describe('a decorator or default that binds a name with := (red-team round 20)', () => {
  // Graded from its definitions (the data line fails), a decorator or default that may raise is
  // wrapped in a lambda (decorate, deferred): a := in it bound the name in the lambda's scope,
  // and a correct file reading that name scored 6/23 with "name 'd' is not defined".
  const FAILS = "import numpy as np\ndata = open('/nonexistent/train.csv').read()\ndef deco(f):\n    return f\n";
  const FREQS = 'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0) + 0 * EPS\n    return p, 1 - p\n';
  const walrus = batch('walrus.py', `${FAILS}@(d := deco)\n${FREQS}\n${LOSS.replace('return float(', 'return d(1.0) * float(').replace('epsilon=1e-7', 'epsilon=(EPS := 1e-7)')}`);
  it('binds it in the module, as Python does, for a graded def\'s decorator and a default', async () => {
    const { report } = await walrus();
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });
});
