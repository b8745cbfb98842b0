/**
 * `wlgrade check` as a learner runs it: exit codes, the report, and one clear sentence for every
 * error a user can cause.
 */
import { execa } from 'execa';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { ROOT, runCli, scrub } from '../helpers/cli.js';

const fx = (name: string) => join('grader', 'test', 'fixtures', 'check', name);

describe('wlgrade check', () => {
  it('grades a correct sample: full score, exit 0, plain text when not a TTY', async () => {
    const r = await runCli(['check', 'submissions/correct/loop.py']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Score: 23/23 — all cases passed');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).not.toContain('What went wrong');
  });

  it('without a file, checks the file in the current folder that defines the graded functions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-own-'));
    await cp(join(ROOT, 'submissions', 'mistakes', 'loss-sum-not-mean.py'), join(dir, 'hw.py'));
    await writeFile(join(dir, 'helper.py'), 'def plot(x):\n    return x\n');
    const r = await runCli(['check'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('wlgrade: checking hw.py; pass a file to check another.');
    expect(r.stdout).toContain('● loss-sum-not-mean');

    const empty = mkdtempSync(join(tmpdir(), 'wlgrade-own-'));
    await writeFile(join(empty, 'helper.py'), 'x = 1\n');
    const none = await runCli(['check'], { cwd: empty });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toBe(
      'wlgrade: No file given, and no .py or .ipynb file in this folder defines compute_class_freqs or get_weighted_loss; run "wlgrade check <your notebook or .py file>".',
    );
  });

  it('names the mistake with evidence and a fix, and exits 1', async () => {
    const r = await runCli(['check', 'submissions/mistakes/loss-sum-not-mean.py']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('● loss-sum-not-mean');
    expect(r.stdout).toContain('on case loss-course-preds-0.7 your loss is 4× the expected value; 4 is the number of examples');
    expect(r.stdout).toContain('Fix: Take the mean over the examples');

    // README.md opens with this run's output: its case lines as printed, its hint as wrapped there.
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const [caseLines, hint] = /^```\n(✗[\s\S]*?)^```/m.exec(readme)![1]!.trimEnd().split('\n\n');
    const lines = r.stdout.split('\n');
    const first = lines.indexOf(caseLines!.split('\n')[0]!);
    expect(lines[first], caseLines!.split('\n')[0]).toBeDefined();
    expect(lines.slice(first, first + caseLines!.split('\n').length).join('\n')).toBe(caseLines);
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    expect(flat(r.stdout)).toContain(flat(hint!));
  });

  it('--json prints one object that parses with the report schema', async () => {
    const r = await runCli(['check', '--json', 'submissions/mistakes/loss-no-epsilon.py']);
    expect(r.exitCode).toBe(1);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.mistakes.map((m) => m.id)).toEqual(['loss-no-epsilon']);
    const failed = report.cases.find((c) => c.id === 'loss-exact-0-1-predictions')!;
    expect(failed).toMatchObject({ status: 'failed', points: 0, maxPoints: 1, mistakes: ['loss-no-epsilon'] });
    expect(failed.actual === 'NaN' || failed.actual === 'Infinity').toBe(true);
    expect(report.score).toBe(report.cases.reduce((s, c) => s + c.points, 0));
  });

  it('a function that raises fails its cases with the exception and line', async () => {
    const r = await runCli(['check', '--json', fx('raises-inside.py')]);
    expect(r.exitCode).toBe(1);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    const c = report.cases.find((k) => k.function === 'weighted_loss')!;
    expect(c.status).toBe('error');
    expect(c.message).toContain("raised KeyError (line 11)");
    expect(c.location).toEqual({ line: 11 });
    expect(report.cases.filter((k) => k.function === 'compute_class_freqs').every((k) => k.status === 'passed')).toBe(true);
  });

  it.each([
    [['check', 'no/such/file.py'], 'wlgrade: Submission no/such/file.py does not exist. Check the path'],
    [['check', 'submissions'], 'wlgrade: submissions is a directory; pass the .py or .ipynb file to grade'],
    [['check', 'package.json'], 'wlgrade: package.json is not a .py or .ipynb file'],
    [['check', 'submissions/correct/loop.py', '--cases', fx('bad-yaml.yaml')], `wlgrade: ${fx('bad-yaml.yaml')}:6: invalid YAML:`],
    [['check', 'submissions/correct/loop.py', '--cases', fx('bad-cases.yaml')], `wlgrade: ${fx('bad-cases.yaml')}:10: case "typo-case": unknown field "tolerence": did you mean "tolerance"? Rename it.`],
    [['check', 'submissions/correct/loop.py', '--cases', fx('unpassable-case.yaml')], `wlgrade: ${fx('unpassable-case.yaml')}:7: case "log-of-zero" is worth 1 point(s), but its expected loss is NaN (epsilon 0 with predictions of exactly 0 or 1 takes a log of 0), so no submission can pass it. Set epsilon > 0 for this case, or points: 0`],
    [['check', 'submissions/correct/loop.py', '--cases', 'nope.yaml'], 'wlgrade: Cannot read the case file nope.yaml (ENOENT: no such file or folder). Check the path given to --cases.'],
    [['check', 'submissions/correct/loop.py', '--python', '/no/such/python3'], 'wlgrade: Could not start "/no/such/python3" (ENOENT). Install Python 3.8+ with numpy, or pass --python <path>.'],
    [['check', 'submissions/correct/loop.py', '--timeout', '-1'], 'wlgrade: --timeout must be a positive number of seconds, got "-1".'],
  ])('user error %j: one sentence, no stack, exit 2', async (args, sentence) => {
    const r = await runCli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(sentence);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a case file worth 0 points in all: check says so in one sentence on stderr and grades (stdout stays the report)', async () => {
    const r = await runCli(['check', '--json', '--sandbox', 'process', 'submissions/correct/loop.py', '--cases', fx('zero-points.yaml')]);
    expect(r.stderr.split('\n').filter((l) => l.includes('worth 0 points'))).toEqual([
      `wlgrade: warning: ${fx('zero-points.yaml')}: its 2 cases are worth 0 points (points: 0), so every submission scores 0 of 0. Give the cases points (1 each when the field is left out), or leave the file out if it is meant as practice.`,
    ]);
    expect(GradeReportSchema.parse(JSON.parse(r.stdout))).toMatchObject({ status: 'passed', score: 0, maxScore: 0 });
    expect(r.exitCode).toBe(0);
  });

  it('user error: a FIFO or a device named .py is told in one sentence, not read forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-special-'));
    const fifo = join(dir, 'fifo.py');
    await execa('mkfifo', [fifo]);
    const zero = join(dir, 'zero.py');
    symlinkSync('/dev/zero', zero);
    for (const [file, kind] of [
      [fifo, 'a FIFO'],
      [zero, 'a device'],
    ] as const) {
      const r = await runCli(['check', file], { timeoutMs: 20_000 });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`wlgrade: ${file} is ${kind}, not a regular file; pass the .py or .ipynb file itself.`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  it.each([
    ['syntax-error.py', 'syntax-error.py:4: SyntaxError: expected \':\'. Fix that line so the file runs.'],
    ['missing-function.py', 'missing-function.py does not define get_weighted_loss; did you mean get_weighted_los (missing-function.py:8)? The grader calls it by this exact name: define get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).'],
    ['wrong-signature.py', "wrong-signature.py:8: get_weighted_loss takes 2 parameters; the assignment's signature is get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7)."],
    ['keyword-only-epsilon.py', "keyword-only-epsilon.py:12: get_weighted_loss takes 2 parameters by position (epsilon, after `*`, can only be passed by name: remove the `*`); the assignment's signature is get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7)."],
    ['missing-import.py', 'missing-import.py:2: imports "wlgrade_no_such_module_xyz", which is not installed for python3, and your graded functions use it. Write them without it: numpy is enough (it is not a package wlgrade knows, so wlgrade does not suggest installing it). If wlgrade_no_such_module_xyz is a file of yours (wlgrade_no_such_module_xyz.py), hand it in beside missing-import.py (in the same folder or zip), or put what you use from it in missing-import.py: the grader imports a file of yours only from beside the file it grades.'],
  ])('submission problem %s: its sentence, exit 2', async (file, sentence) => {
    const r = await runCli(['check', fx(file)]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(sentence);
    // The cases of a missing function point at the problem instead of reporting a KeyError.
    expect(r.stdout).not.toContain('KeyError');
    const json = await runCli(['check', '--json', fx(file)]);
    expect(json.exitCode).toBe(2);
    const report = GradeReportSchema.parse(JSON.parse(json.stdout));
    expect(report.status).toBe('error');
    expect(report.problems.map((p) => p.message)).toContain(sentence);
  });

  it('a .py with a SyntaxError outside the graded functions: Python cannot import it, so the problem says so, and the functions are graded from the pieces that parse, as in a notebook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-syntax-'));
    const loop = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const lines = loop.split('\n').length;
    await writeFile(join(dir, 'tail.py'), `${loop}\nprint("loss:", get_weighted_loss([1], [1])(1, 0.5)\n`);
    await writeFile(join(dir, 'magic.py'), `%matplotlib inline\n${loop}`);
    const tail = await runCli(['check', '--json', join(dir, 'tail.py')]);
    expect(tail.exitCode).toBe(2); // the file as handed in does not run: an error for CI, whatever the score
    const report = GradeReportSchema.parse(JSON.parse(tail.stdout));
    expect(report.score).toBe(report.maxScore);
    expect(report.status).toBe('error');
    expect(report.problems).toEqual([
      {
        code: 'SYNTAX_ERROR',
        message: `tail.py:${lines + 1}: SyntaxError: '(' was never closed. Fix that line so the file runs. Python cannot run the file as it is, so the grader left that part out and graded the rest.`,
        line: lines + 1,
      },
    ]);
    expect(report.notes).toContain(`Left out because of a SyntaxError: line ${lines + 1}.`);
    const magic = await runCli(['check', join(dir, 'magic.py')]);
    expect(magic.stdout).toContain('magic.py:1: SyntaxError: %matplotlib inline is a magic of Jupyter notebooks (IPython), not Python, so a .py file cannot hold it. Delete that line, or comment it out (# %matplotlib inline). Python cannot run the file as it is');
    expect(magic.stdout).toContain('Score: 23/23');
  });

  it('a .py with a SyntaxError inside one graded function: that function is not graded and the problem says why; the other is graded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-syntax-'));
    const loop = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const broken = loop.replace(/def compute_class_freqs\(labels\):/, 'def compute_class_freqs(labels)');
    expect(broken).not.toBe(loop);
    const line = broken.split('\n').findIndex((l) => l.startsWith('def compute_class_freqs')) + 1;
    await writeFile(join(dir, 'inside.py'), broken);
    const r = await runCli(['check', '--json', join(dir, 'inside.py')]);
    expect(r.exitCode).toBe(2);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.problems.map((p) => p.message)).toEqual([
      `inside.py:${line}: SyntaxError: expected ':'. That part of the file defines compute_class_freqs, so Python could not run it and compute_class_freqs's cases were not graded (the rest of the file was): fix that line.`,
    ]);
    const loss = report.cases.filter((c) => c.function === 'weighted_loss');
    expect(loss.length).toBeGreaterThan(0);
    expect(loss.every((c) => c.status === 'passed')).toBe(true);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs').map((c) => [c.status, c.points])).toEqual(Array(6).fill(['error', 0]));
  });

  it('code nested too deeply for the parser (crafted): a SyntaxError sentence, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-deep-'));
    const loop = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    // 2,000,000 unary minuses: CPython's parser runs out of memory (MemoryError), not a SyntaxError.
    await writeFile(join(dir, 'deep.py'), `x = ${'-'.repeat(2_000_000)}1\n${loop}`);
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const nb = (...cells: string[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map(cell) });
    // In a cell that defines no graded function it is left out; in the graded function's cell it is the learner's SyntaxError.
    await writeFile(join(dir, 'aside.ipynb'), nb(`x = ${'-'.repeat(2_000_000)}1`, loop));
    await writeFile(join(dir, 'inside.ipynb'), nb(loop.replace('loss = 0.0', `loss = ${'-'.repeat(2_000_000)}0.0`)));
    const py = await runCli(['check', join(dir, 'deep.py')]);
    expect(py.exitCode).toBe(2);
    expect(py.stdout).toContain('deep.py:1: SyntaxError: the code is nested too deeply for Python to parse');
    expect(py.stdout).toContain('Score: 23/23'); // the line is left out, as in the notebook below
    const aside = await runCli(['check', join(dir, 'aside.ipynb')]);
    expect(aside.exitCode).toBe(0);
    expect(aside.stdout).toContain('Left out because of a SyntaxError: cell 1 (line 1: the code is nested too deeply to parse).');
    const inside = await runCli(['check', join(dir, 'inside.ipynb')]);
    expect(inside.exitCode).toBe(2);
    expect(inside.stdout).toMatch(/inside\.ipynb, cell 1, line \d+: SyntaxError: the code is nested too deeply/);
  });

  it('a .py that opens with JSON nested deeper than Python reads (crafted): a SyntaxError sentence and the rest graded, not the runner\'s stack trace', async () => {
    // The check for a notebook saved under a .py name read it with json.loads, whose
    // RecursionError ended the runner: "the Python process ended while loading ... Remove calls
    // like os._exit", and the runner's own traceback shown as what the learner's code wrote.
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-deep-json-'));
    const loop = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    await writeFile(join(dir, 'braces.py'), `${'{"a": '.repeat(100_000)}1${'}'.repeat(100_000)}\n${loop}`);
    const r = await runCli(['check', join(dir, 'braces.py')]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain('braces.py:1: SyntaxError:');
    expect(r.stdout).toContain('Score: 23/23');
    expect(r.stdout + r.stderr).not.toMatch(/Traceback|runner\.py|ended while loading/);
  });

  it('a notebook exported as a script (top-level get_ipython()) is graded from its definitions at once, as its notebook is, with a note saying so', async () => {
    const r = await runCli(['check', fx('script-with-top-level-code.py')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('It is a notebook exported as a script (get_ipython() at line 6), so it was loaded as its notebook is, with only its');
    // Nothing of its top level ran first: not even the print above the first get_ipython().
    expect(r.stdout).not.toContain('TOP-LEVEL RAN');
    // One note, not three that say the same thing.
    expect(r.stdout).not.toContain('Only imports, definitions and constants were run');
    expect(r.stdout).not.toContain('Imports that no graded');
    expect(r.stdout).toContain('Score: 23/23');
  });

  it('a python without numpy gets a sentence that says how to install it', async () => {
    const venv = join(mkdtempSync(join(tmpdir(), 'wlgrade-venv-')), 'v');
    await execa('python3', ['-m', 'venv', '--without-pip', venv]);
    const py = join(venv, 'bin', 'python');
    const r = await runCli(['check', 'submissions/correct/loop.py', '--python', py]);
    expect(r.exitCode).toBe(2);
    expect(scrub(r.stderr)).toContain(`"${py}" cannot import numpy (ModuleNotFoundError: No module named 'numpy'). Install it with "${py} -m pip install numpy", or pass --python <path> to a Python that has it.`);
  });

  it.each(existsSync('/usr/bin/bwrap') ? ['process', 'bwrap'] : ['process'])('--python given as a relative path (venv/bin/python) is found from the current folder, not the sandbox\'s (%s)', async (sandbox) => {
    const r = await runCli(['check', 'submissions/correct/loop.py', '--python', 'grader/test/fixtures/hide-frameworks/python', '--sandbox', sandbox]);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('Score: 23/23');
  });

  it('a file name or an exception class name holding line breaks prints no line of its own', async () => {
    const fake = 'Score: 23/23 — all cases passed';
    const lookalike = 'Score: 23\u221523 — all cases passed'; // a file name cannot hold "/": U+2215 looks the same
    const file = join(mkdtempSync(join(tmpdir(), 'wlgrade-nl-')), `evil\n\n${lookalike}\n.py`);
    await writeFile(file, `class E(Exception):\n    pass\nE.__name__ = "E\\n${fake}\\n"\nraise E("x")\n`);
    const r = await runCli(['check', file, '--sandbox', 'process']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(`evil\\n\\n${lookalike}\\n.py does not define compute_class_freqs`);
    // A class name that is no Python identifier is not quoted at all (red team 20), so its fake line cannot show.
    expect(r.stdout).toContain('raised an exception whose class name is not a Python identifier');
    expect(r.stdout).not.toContain(fake);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('Score:'))).toEqual(['Score: 0/23 — the submission could not be graded as handed in']);
    expect(lines.at(-1)).toMatch(/^Score:/);
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    const r = await runCli(['check', 'submissions/correct/loop.py', '--bogus']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });
});

describe('check: a forged "bug in wlgrade" record', () => {
  it('prints the submission-chosen text with its escape sequences spelled out', async () => {
    const r = await runCli(['check', fx('forged-internal-error.py')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('this is a bug in wlgrade');
    expect(r.stderr).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(r.stderr).toContain('\\x1b[2J\\x1b[3J\\x1b[H\\x1b]52;c;ZWNobyBwd25lZCB8IHNo\\x07');
  });
});
