/**
 * Jupyter notebooks through the built CLI (issue #3): what runs and what never does, errors at the
 * cell and line the learner sees, and one sentence for a notebook that cannot be read.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, ROOT, runCli } from '../helpers/cli.js';

const fx = (name: string) => join('grader', 'test', 'fixtures', 'notebooks', name);

describe('notebooks', () => {
  it('grades the course notebook: magics, a missing `util`, data loading and training cells do not stop it', async () => {
    const r = await runCli(['check', 'submissions/notebooks/course-keras.ipynb']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Score: 23/23 — all cases passed');
  });

  it('never runs magics, shell escapes or training cells (their marker files are not created)', async () => {
    // The process sandbox lets the learner write anywhere: only the notebook extraction stops these.
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-magics-'));
    const nb = join(dir, 'magics.ipynb');
    writeFileSync(nb, readFileSync(fx('magics.ipynb'), 'utf8').replaceAll('MARKER_DIR', dir));
    const r = await runCli(['check', '--sandbox', 'process', nb]);
    expect(r.stdout).toContain('Score: 23/23');
    expect(readdirSync(dir)).toEqual(['magics.ipynb']);

    // Control: the same write from a .py top level does create its marker in this sandbox mode.
    const py = join(dir, 'control.py');
    writeFileSync(py, `open(${JSON.stringify(join(dir, 'control-marker'))}, 'w').write('ran')\n`);
    await runCli(['check', '--sandbox', 'process', py]);
    expect(existsSync(join(dir, 'control-marker'))).toBe(true);
  });

  it('points an error raised by a graded function at "cell 5, line 4"', async () => {
    const { exitCode, report } = await checkJson(fx('error-in-cell.ipynb'));
    expect(exitCode).toBe(1);
    const c = report.cases.find((x) => x.id === 'loss-course-preds-0.7')!;
    expect(c.status).toBe('error');
    expect(c.message).toContain('raised AttributeError (cell 5, line 4)');
    expect(c.location).toEqual({ cell: 5, line: 4 });
    expect(c.notes[0]).toContain('cell 5, line 4, in weighted_loss\n    total += y_pred.no_such_method()');
  });

  it('gives GitHub, JUnit and Classroom the line of the .ipynb that holds cell 5, line 4 (the JSON report keeps the cell)', async () => {
    const text = readFileSync(fx('error-in-cell.ipynb'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('total += y_pred.no_such_method()')) + 1;
    // One run writes all three: GitHub's annotations on stdout, JUnit and Classroom to files (--out).
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-formats-'));
    const github = (await runCli(['check', '--sandbox', 'process', '--format', 'github', '--out', `junit=${join(dir, 'junit.xml')}`, '--out', `classroom=${join(dir, 'classroom.json')}`, fx('error-in-cell.ipynb')])).stdout;
    expect(github).toMatch(new RegExp(`^::error file=[^,]*error-in-cell\\.ipynb,line=${line},`, 'm'));
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(new RegExp(`<testcase[^>]* name="loss-course-preds-0\\.7"[^>]* line="${line}"`));
    const classroom = JSON.parse(readFileSync(join(dir, 'classroom.json'), 'utf8')) as { tests: { name: string; line_no?: number }[] };
    expect(classroom.tests.find((t) => t.name === 'loss-course-preds-0.7')?.line_no).toBe(line);
  });

  it("says nothing of a decorator skipped on a helper no graded function reaches (an @interact plot, ipywidgets missing), and still names one skipped on a helper a graded function calls (notebooks 30)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-interact-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const cells = [
      "import numpy as np\nfrom ipywidgets import interact\ntrain_df = np.load('train.npy')",
      // Reached by compute_class_freqs: its decorator reads the notebook's data (train_df, never loaded here).
      'def timed(df):\n    return lambda f: f\n\n@timed(train_df)\ndef column_means(labels):\n    return np.mean(labels, axis=0)',
      'def compute_class_freqs(labels):\n    p = column_means(labels)\n    return p, 1 - p',
      '@interact(i=(0, 13))\ndef show_class(i=0):\n    print(i)',
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))\n    return weighted_loss',
    ];
    const nb = join(dir, 'interact.ipynb');
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map(cell) }));
    const { exitCode, report } = await checkJson(nb, ['--sandbox', 'process']);
    expect(exitCode).toBe(0);
    const notes = report.notes.join('\n');
    expect(notes).toContain('The decorator of column_means at cell 2, line 4 needs what the grader does not have');
    expect(notes).not.toMatch(/show_class/);
  });

  it('points numpy\'s warnings at the cell and line too, and labels them as warnings, not prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-warn-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const freqs = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
    // No epsilon: log(0) on the cases with predictions of exactly 0 or 1 warns at cell 3, line 4.
    const loss = 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return np.sum(np.mean(\n            -(pos_weights * y_true * np.log(y_pred) + neg_weights * (1 - y_true) * np.log(1 - y_pred)), axis=0))\n    return weighted_loss\n';
    const nb = join(dir, 'warns.ipynb');
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(freqs), { cell_type: 'markdown', metadata: {}, source: '# Loss' }, cell('x = 1\n'), cell(loss)] }));
    const r = await runCli(['check', nb]);
    expect(r.stdout).toContain('What your code wrote to stderr (warnings, errors, logging):');
    expect(r.stdout).toMatch(/warns\.ipynb, cell 4, line 4: RuntimeWarning: divide by zero encountered in log/);
    expect(r.stdout).not.toMatch(/warns\.ipynb:\d+: RuntimeWarning/);
    expect(r.stdout).not.toContain('Your code printed');
  });

  it('does not grade a def that only a %%timeit cell holds, as a Run All would not define it, and says why at its cell and line (notebooks 28)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-timeit-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const freqs = '%%timeit\nimport numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
    const loss = 'import numpy as np\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))\n    return weighted_loss\n';
    const nb = join(dir, 'timed.ipynb');
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(freqs), cell(loss)] }));
    const r = await runCli(['check', nb]);
    expect(r.stdout).toContain(
      'timed.ipynb, cell 1, line 4: def compute_class_freqs is in a cell that starts with %%timeit, which runs the cell inside a timing function, so compute_class_freqs is defined only inside that function and never in your notebook (a fresh Run All does not define it either): remove the %%timeit line, and time the call in a cell of its own (%%timeit compute_class_freqs(...)).',
    );
    expect(r.stdout).toContain('Score: 17/23');
  });

  it("runs display() in a graded function, as Jupyter's kernel makes it a builtin: printed as the notebook's text output, not a NameError (notebooks 28)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-display-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const freqs = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    display(p)\n    return p, 1 - p\n';
    const loss = 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))\n    return weighted_loss\n';
    const nb = join(dir, 'shows.ipynb');
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(freqs), cell(loss)] }));
    const r = await runCli(['check', nb]);
    expect(r.stdout).toContain('Score: 23/23');
    expect(r.stdout).toContain('│ array([0.75, 0.75, 0.5 ])');
  });

  it("grades the %%writefile module's def that `get_weighted_loss = sol.get_weighted_loss` binds after a draft cell, without a note calling the draft the one graded (notebooks 28)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-module-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const loss = (reduce: string) =>
      `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return np.sum(np.${reduce}(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))\n    return weighted_loss\n`;
    const freqs = 'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
    const nb = join(dir, 'module.ipynb');
    const cells = [cell(`%%writefile sol.py\nimport numpy as np\n${freqs}${loss('mean')}`), cell(`import numpy as np\n${loss('sum')}`), cell('import sol\nget_weighted_loss = sol.get_weighted_loss\ncompute_class_freqs = sol.compute_class_freqs\n')];
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    const r = await runCli(['check', nb]);
    expect(r.stdout).toContain('Score: 23/23');
    expect(r.stdout).not.toContain('is defined 2 times');
  });

  it('says a name a %%writefile module binds only under if __name__ == "__main__": is not bound by the notebook\'s import of it (notebooks 29)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-main-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8').replace('np.sum(labels, axis=0) / N', 'np.sum(labels, axis=0) / N * SCALE');
    const nb = join(dir, 'main-guard.ipynb');
    const cells = [cell(`%%writefile sol.py\n${good}\nif __name__ == "__main__":\n    SCALE = 1.0\n`), cell('from sol import compute_class_freqs, get_weighted_loss\n')];
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    const { report } = await checkJson(nb);
    const c = report.cases.find((x) => x.function === 'compute_class_freqs')!;
    expect(c.status).toBe('error');
    expect(c.message).toContain(
      'SCALE is assigned at cell 1, line 23 under if __name__ == "__main__":, which runs when you run the file, not when it is imported, as your notebook imports the file that cell writes',
    );
    expect(report.cases.filter((x) => x.function !== 'compute_class_freqs').every((x) => x.status === 'passed')).toBe(true);
  });

  it("says a magic line in a %%writefile cell a later cell imports is no Python in the file it writes, not only 'invalid syntax' (notebooks 29)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-rawfile-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const nb = join(dir, 'rawfile.ipynb');
    const cells = [cell(`%%writefile sol.py\n%matplotlib inline\n${good}`), cell('from sol import compute_class_freqs, get_weighted_loss\n')];
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    const { report } = await checkJson(nb);
    expect(report.problems.map((p) => p.message)).toContain(
      "rawfile.ipynb, cell 1, line 2: SyntaxError: %matplotlib inline is a magic, which IPython runs in a notebook cell, but this cell's text is the file %%writefile writes, and importing that file reads it as plain Python. That cell defines compute_class_freqs, so it did not run and compute_class_freqs's cases were not graded (the other cells were): move that line to a cell of its own, above the %%writefile cell.",
    );
    // %%memit exec()s its cell as it is, too.
    cells.splice(0, 2, cell('%load_ext memory_profiler'), cell(`%%memit\n!nvidia-smi\n${good}`));
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    expect((await checkJson(nb)).report.problems.map((p) => p.message)).toContain(
      "rawfile.ipynb, cell 2, line 2: SyntaxError: !nvidia-smi is a shell command, which IPython runs in a notebook cell, but %%memit runs its cell with exec() as plain Python. That cell defines get_weighted_loss, so it did not run and get_weighted_loss's cases were not graded (the other cells were): move that line to a cell of its own, above the %%memit cell.",
    );
    // Without %load_ext memory_profiler above it, Jupyter stops a %%memit cell before it runs.
    cells.splice(0, 2, cell(`%%memit\n${good}`));
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    expect((await checkJson(nb)).report.problems.map((p) => p.message)).toContain(
      'rawfile.ipynb, cell 1, line 6: def compute_class_freqs is in a cell that starts with %%memit, which exists only once %load_ext memory_profiler has run, and no cell above loads it: Jupyter stops that cell (UsageError: Cell magic `%%memit` not found), so compute_class_freqs is never defined: add a cell with %load_ext memory_profiler above it, or remove the %%memit line.',
    );
  });

  it("says a %%writefile ../sol.py that the notebook imports is outside the notebook's folder, where the import does not look (notebooks 29)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-outside-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const nb = join(dir, 'outside.ipynb');
    const problems = async (load: string) => {
      writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(`%%writefile ../sol.py\n${good}`), cell(load)] }));
      return (await checkJson(nb)).report.problems.map((p) => p.message);
    };
    expect(await problems('from sol import compute_class_freqs, get_weighted_loss\n')).toEqual([
      `outside.ipynb, cell 2, line 1: imports compute_class_freqs and get_weighted_loss from "sol", the file ../sol.py that the %%writefile cell (cell 1) writes, in a folder the import does not look in (a fresh kernel looks in its working folder, the notebook's until a %cd or os.chdir above moves it, and in sys.path's folders), so in a fresh run of the notebook (Restart & Run All) it raises ModuleNotFoundError: write the file in the notebook's folder (%%writefile sol.py), or add sys.path.append('..') above the import.`,
    ]);
    expect(await problems('import sol\ncompute_class_freqs = sol.compute_class_freqs\nget_weighted_loss = sol.get_weighted_loss\n')).toContain(
      `outside.ipynb, cell 1, line 6: def compute_class_freqs is in the file ../sol.py that the %%writefile cell (cell 1) writes, in a folder the import does not look in, so a fresh run of the notebook (Restart & Run All) does not define compute_class_freqs: write the file in the notebook's folder (%%writefile sol.py), or add sys.path.append('..') above the import.`,
    );
  });

  it("says a %%writefile sol.py imported after a %cd moved the kernel away is not where the import looks, and what to do: no sys.path.append('sol.p') (notebooks 30)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-cd-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const nb = join(dir, 'moved.ipynb');
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(`%%writefile sol.py\n${good}`), cell('%cd data'), cell('from sol import compute_class_freqs, get_weighted_loss\n')] }));
    expect((await checkJson(nb)).report.problems.map((p) => p.message)).toEqual([
      `moved.ipynb, cell 3, line 1: imports compute_class_freqs and get_weighted_loss from "sol", the file sol.py that the %%writefile cell (cell 1) writes, in a folder the import does not look in (a fresh kernel looks in its working folder, the notebook's until a %cd or os.chdir above moves it, and in sys.path's folders), so in a fresh run of the notebook (Restart & Run All) it raises ModuleNotFoundError: write the file and import it from the same working folder (a %cd, %pushd, %popd or os.chdir between them moved the kernel to another one: import it before that line, or %cd back first), or put the folder it is written in on sys.path above the import.`,
    ]);
  });

  it("says a %run sol.py after a %cd moved the kernel away opens a path that is not there, worded for %run, not as an import (notebooks 31)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-run-cd-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const nb = join(dir, 'moved-run.ipynb');
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(`%%writefile sol.py\n${good}`), cell('%cd data'), cell('%run sol.py\n')] }));
    const { report } = await checkJson(nb);
    expect(report.problems.map((p) => p.message)).toContain(
      "moved-run.ipynb, cell 1, line 6: def compute_class_freqs is in the file sol.py that the %%writefile cell (cell 1) writes, and the %run below it opens that path from another working folder (a %cd, %pushd, %popd or os.chdir between them moved the kernel), so in a fresh run of the notebook (Restart & Run All) it does not find the file and compute_class_freqs is never defined: run the file from the folder it is written in (before that line, or %cd back first), or give %run the file's path from where the kernel is then.",
    );
    expect(report.notes.join(' ')).not.toContain('imported as');
  });

  it("says a def below a %% line that is not its cell's first line is never defined, and a file such a %%writefile was to write is never written (notebooks 29)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-below-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const nb = join(dir, 'below.ipynb');
    const problems = async (...cells: string[]) => {
      writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map(cell) }));
      return (await checkJson(nb)).report.problems.map((p) => p.message);
    };
    expect(await problems(`# my solution\n%%time\n${good}`)).toContain(
      "below.ipynb, cell 1, line 7: def compute_class_freqs is below a %%time line that is not its cell's first line, where IPython stops the cell with a UsageError (Line magic function `%%time` not found), so compute_class_freqs is never defined: delete that line, or move it to the cell's first line.",
    );
    expect(await problems(`# my solution\n%%writefile sol.py\n${good}`, 'from sol import compute_class_freqs, get_weighted_loss')).toEqual([
      "below.ipynb, cell 2, line 1: imports compute_class_freqs and get_weighted_loss from \"sol\", the file the %%writefile line at cell 1, line 2 was to write; that line is not its cell's first line, where IPython stops the cell with a UsageError (Line magic function `%%writefile` not found), so the file is never written and this import raises ModuleNotFoundError in a fresh run of the notebook: move the %%writefile line to the first line of its cell.",
    ]);
  });

  it('reports a syntax error in the cell that defines a graded function at its cell and line, and grades the other cells', async () => {
    const r = await runCli(['check', fx('syntax-error.ipynb')]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(
      "syntax-error.ipynb, cell 3, line 2: SyntaxError: expected ':'. That cell defines get_weighted_loss, so it did not run and get_weighted_loss's cases were not graded (the other cells were): fix that line.",
    );
    // As in Jupyter, where each cell runs on its own: compute_class_freqs (cell 2) is graded.
    const { report } = await checkJson(fx('syntax-error.ipynb'));
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status === 'passed')).toBe(true);
    expect(report.score).toBe(6);
    expect(report.problems.map((p) => [p.code, p.cell, p.line])).toEqual([['SYNTAX_ERROR', 3, 2]]);
  });

  it('says a Markdown code fence or a sentence pasted with the code (a chat answer) is one, in the cell that defines a graded function', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-pasted-'));
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const check = async (first: string) => {
      const nb = join(dir, 'pasted.ipynb');
      writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(`${first}\n${good}\n\`\`\`\n`)] }));
      return (await runCli(['check', nb])).stdout;
    };
    expect(await check('```python')).toContain(
      'pasted.ipynb, cell 1, line 1: SyntaxError: ```python is a Markdown code fence, copied with the code from a chat answer or a web page, not Python. That cell defines ',
    );
    expect(await check('```python')).toContain("cases were not graded (the other cells were): delete the fence lines (the ``` line above the code and the one below it).");
    expect(await check('Here is the fixed code:')).toContain(
      'pasted.ipynb, cell 1, line 1: SyntaxError: "Here is the fixed code:" is a sentence, not Python (text copied with the code?). That cell defines ',
    );
  });

  it('grades the definition of another cell when the one with a SyntaxError is a later draft, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-nb-syntax-'));
    const nb = join(dir, 'draft.ipynb');
    const good = readFileSync(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const draft = 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return lambda y_true, y_pred: (\n';
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(good), cell(draft)] }));
    const { report } = await checkJson(nb);
    expect(report.score).toBe(23);
    expect(report.notes).toContain("Cell 2, which defines get_weighted_loss, has a SyntaxError at line 2 ('(' was never closed): the get_weighted_loss graded is the one another cell defines.");
  });

  it('uses the last definition of a function, as running the notebook top to bottom does', async () => {
    const { exitCode, report } = await checkJson(fx('last-definition-wins.ipynb'));
    expect(exitCode).toBe(0);
    expect(report.score).toBe(23);
  });

  it('says a missing module is missing, at its import, when a graded function uses it (a course helper: no "pip install"); the other function is graded', async () => {
    const r = await runCli(['check', fx('uses-missing-module.ipynb')]);
    expect(r.exitCode).toBe(2); // part of it could not be graded as handed in
    expect(r.stdout).toContain(
      'uses-missing-module.ipynb, cell 1, line 2: imports "util", a helper module of the course\'s workspace, which is not part of your submission, and get_weighted_loss uses it, so get_weighted_loss\'s cases were not graded (compute_class_freqs\'s were). Copy what get_weighted_loss needs from util into your file.',
    );
    const { report } = await checkJson(fx('uses-missing-module.ipynb'));
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs' && c.status !== 'passed')).toEqual([]);
    expect(report.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'passed')).toEqual([]);
  });

  it.each([
    [
      'invalid-json.ipynb',
      "invalid-json.ipynb: not a valid Jupyter notebook: its JSON is broken at line 3, column 1 (Expecting ',' delimiter); open it in Jupyter, save it again (or download it again) and resubmit.",
    ],
    [
      'markdown-only.ipynb',
      'markdown-only.ipynb: the notebook has no code cells, so there is nothing to grade; write your functions in code cells (not markdown) and save the notebook.',
    ],
  ])('refuses %s with one sentence (NOTEBOOK_INVALID, exit 2)', async (file, sentence) => {
    const { exitCode, report } = await checkJson(fx(file));
    expect(exitCode).toBe(2);
    expect(report.problems).toEqual([{ code: 'NOTEBOOK_INVALID', message: sentence }]);
    // Each case points at that problem rather than at nothing in particular.
    expect(new Set(report.cases.map((c) => c.message))).toEqual(new Set(['Not graded: the file could not be loaded (see the problem above).']));
  });

  it('grades an nbformat 3 notebook (IPython 1-3, which Jupyter still opens) as the notebook it is (sweep 17: refused before)', async () => {
    const { exitCode, report } = await checkJson(fx('nbformat3.ipynb'));
    expect([exitCode, report.problems, report.score]).toEqual([0, [], report.maxScore]);
  });
});
