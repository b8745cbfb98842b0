/** grader/src/python/notebook.py, called directly: what runs, where each line came from, which notebooks are refused. */
import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, PYTHON_DIR } from '../../src/paths.js';
import { LoadNoteSchema, wordNote } from '../../src/schema/load-note.js';

/** The notes as the grader words them: the extractor sends facts (schema/load-note.ts). */
function worded<T extends object>(r: T): T {
  return 'notes' in r && Array.isArray(r.notes) ? { ...r, notes: r.notes.map((n) => wordNote(LoadNoteSchema.parse(n))) } : r;
}

interface Extracted {
  source: string;
  cells: ([number, number] | null)[];
  notes: string[];
}

// One Python for a batch of notebooks: notebook.extract resets what the last extraction recorded
// (_extract_cells_split), so each result is what a Python of its own gives.
const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import notebook
out = []
for path in json.loads(sys.stdin.read()):
    try:
        src, where, notes = notebook.extract(path)
    except ValueError as e:
        out.append({"error": str(e)})
    else:
        lines = src.splitlines()
        out.append({"source": src, "cells": [where(i + 1) for i in range(len(lines))], "notes": notes})
print(json.dumps(out))
`;

type Cell = ['md' | 'code', string];

function notebookText(cells: Cell[] | string): string {
  return typeof cells === 'string'
    ? cells
    : JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: cells.map(([kind, src]) =>
          kind === 'md'
            ? { cell_type: 'markdown', metadata: {}, source: src }
            : { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: src.split(/(?<=\n)/) },
        ),
      });
}

/** notebook.extract on each notebook, in one Python start. */
async function extractAll(notebooks: (Cell[] | string)[]): Promise<(Extracted | { error: string })[]> {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-'));
  const paths = await Promise.all(
    notebooks.map(async (cells, i) => {
      const path = join(dir, `nb${i}.ipynb`);
      await writeFile(path, notebookText(cells));
      return path;
    }),
  );
  const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR], { input: JSON.stringify(paths) });
  return (JSON.parse(r.stdout) as (Extracted | { error: string })[]).map(worded);
}

async function extract(cells: Cell[] | string): Promise<Extracted | { error: string }> {
  return (await extractAll([cells]))[0]!;
}

/** Code cells by name, each notebook extracted (one Python for all): name -> what extract gave. */
async function okEach<K extends string>(named: Record<K, string[]>): Promise<Record<K, Extracted>> {
  const keys = Object.keys(named) as K[];
  const all = await extractAll(keys.map((k) => named[k].map((c): Cell => ['code', c])));
  return Object.fromEntries(
    keys.map((k, i) => {
      const r = all[i]!;
      if ('error' in r) throw new Error(`${k}: ${r.error}`);
      return [k, r];
    }),
  ) as Record<K, Extracted>;
}

async function ok(cells: Cell[]): Promise<Extracted> {
  const r = await extract(cells);
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('notebook.extract', () => {
  it('keeps imports, definitions and constants; leaves out training, plotting and calls', async () => {
    const r = await ok([
      ['code', 'import numpy as np\nEPS = 1e-7\nHALF = EPS / 2\nfreq_pos = compute(labels)\nW = freq_pos * 2'],
      ['code', 'history = model.fit(x)\nplt.plot(history)'],
      ['code', 'def f(x):\n    return x'],
    ]);
    expect(r.source).toContain('EPS = 1e-7');
    expect(r.source).toContain('HALF = EPS / 2');
    expect(r.source).toContain('def f(x):');
    expect(r.source).not.toContain('model.fit');
    expect(r.source).not.toContain('compute(labels)');
    // W reads freq_pos, which a left-out statement computed: left out too, not a NameError.
    expect(r.source).not.toContain('W = freq_pos');
    expect(r.notes.join(' ')).toMatch(/other top-level code .* left out: cells 1, 2\./);
  });

  it('never keeps magics or shell escapes, and skips %% cells whole', async () => {
    const r = await ok([
      ['code', '!pip install seaborn\n%matplotlib inline\nimport numpy as np'],
      ['code', '%%bash\ntouch marker'],
      ['code', 'files = !ls\nnp.mean?'],
    ]);
    expect(r.source).not.toMatch(/pip|matplotlib|touch|ls/);
    expect(r.notes[0]).toBe('Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was: cells 1, 3.');
    expect(r.notes[1]).toBe("Cells a cell magic does not run as the notebook's Python were not run: cell 2 (%%bash: a shell script).");
    // The `pass` standing for a magic line is not "other top-level code" left out.
    expect(r.notes.join(' ')).not.toMatch(/left out: cells? 1\b/);
  });

  it("says where a cell left out for a SyntaxError broke: an exercise that is not graded has no problem to say it", async () => {
    const r = await ok([
      ['md', '### Exercise 1 - Check for Leakage'],
      ['code', 'def check_for_leakage(df1, df2, patient_col):\n    leakage = \n    return leakage'],
      ['code', 'def compute_class_freqs(labels):\n    return 1, 2'],
      ['code', 'print("a"'],
    ]);
    expect(r.notes).toContain('Left out because of a SyntaxError: cells 2, 4 (cell 2, line 2: invalid syntax).');
    // A graded function's cell has its own problem to say where: the note names the line of the other one.
    const graded = await ok([
      ['code', 'def compute_class_freqs(labels):\n    return 1 \u2212 labels'],
      ['code', 'x = ('],
      ['code', 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return None'],
    ]);
    expect(graded.notes).toContain('Left out because of a SyntaxError: cells 1, 2 (cell 2, line 1: \'(\' was never closed).');
    const alone = await ok([['code', 'def compute_class_freqs(labels):\n    return 1 \u2212 labels'], ['code', 'x = 1']]);
    expect(alone.notes).toContain('Left out because of a SyntaxError: cell 1.');
  });

  it("takes a cell of one magic typed without its % (pip install, ls, cd), which IPython's automagic runs, for a magic, not a SyntaxError; in a longer cell such a line is one, as in Jupyter (notebooks 28)", async () => {
    const r = await ok([
      ['code', 'pip install -q seaborn\n'],
      ['code', 'import numpy as np\ncd data/'],
      ['code', '\nls data/train'],
      ['code', 'pwd'], // Python: a name, left out as any expression
      ['code', 'pip install -q tqdm\n\n'], // two lines to IPython, which prefilters one-line cells only
    ]);
    expect(r.notes).toContain('Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was: cells 1, 3.');
    expect(r.notes).toContain('Left out because of a SyntaxError: cells 2, 5 (cell 2, line 2: invalid syntax).');
  });

  it("takes IPython's help lines written either way (?K.mean, ??np.log, K.mean?) for magics, not SyntaxErrors", async () => {
    const r = await ok([
      ['code', 'import numpy as np'],
      ['code', '?np.mean'],
      ['code', '??np.log\nnp.sum?'],
    ]);
    expect(r.notes.filter((n) => n.includes('SyntaxError'))).toEqual([]);
    expect(r.notes[0]).toBe('Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was: cells 2, 3.');
  });

  it('maps every line to its cell (1-based among all cells, markdown included) and line', async () => {
    const r = await ok([
      ['md', '# Title'],
      ['code', 'import numpy as np'],
      ['md', 'text'],
      ['code', 'x = compute()\n\ndef compute_class_freqs(labels):\n    return np.ones(1)'],
    ]);
    const lines = r.source.split('\n');
    const at = (text: string) => r.cells[lines.findIndex((l) => l.trim() === text)];
    expect(at('import numpy as np')).toEqual([2, 1]);
    expect(at('def compute_class_freqs(labels):')).toEqual([4, 3]);
    expect(at('return np.ones(1)')).toEqual([4, 4]);
  });

  it('wraps imports so a missing module binds a placeholder', async () => {
    const r = await ok([['code', 'import util\nfrom keras.preprocessing.image import ImageDataGenerator\ndef compute_class_freqs(labels):\n    return util, ImageDataGenerator']]);
    expect(r.source).toContain("util = __import__('wlgrade_notebook').placeholder(__wlgrade_exc, 'util')");
    expect(r.source).toContain("ImageDataGenerator = __import__('wlgrade_notebook')");
    expect(r.cells.every((c) => c !== null && c[0] === 1)).toBe(true);
  });

  it("binds display() for `from IPython.display import display` on a Python without IPython, which Jupyter always has (notebooks 28)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-'));
    const path = join(dir, 'nb.ipynb');
    const cells = ['from IPython.display import display, Markdown\nimport IPython.display as ipd', 'def compute_class_freqs(labels):\n    display(labels)\n    return Markdown, ipd'];
    await writeFile(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((src) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: src })) }));
    // None in sys.modules: the import fails as on a Python without IPython (ModuleNotFoundError, name 'IPython').
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nsys.modules["IPython"] = None\nimport notebook\nsrc, _, _ = notebook.extract(sys.argv[2])\nns = {}\nexec(compile(src, "nb", "exec"), ns)\nout = ns["compute_class_freqs"]("shown")\nprint(json.dumps([type(o).__name__ for o in out]))`;
    const r = await execa('python3', ['-c', script, PYTHON_DIR, path], { cwd: dir });
    // display printed the value's repr; the other names stay placeholders that say the import failed.
    expect(r.stdout).toBe("'shown'\n[\"MissingModule\", \"MissingModule\"]");
  });

  it('wraps a star import too: the course\'s `from public_tests import *` binds a placeholder of its own', async () => {
    const r = await ok([['code', 'import numpy as np'], ['code', 'from public_tests import *\ndef f():\n    return np.ones(1)']]);
    expect(r.source).toContain('try:\n    from public_tests import *\nexcept ImportError as __wlgrade_exc:\n');
    expect(r.source).toContain("__wlgrade_star_2_1 = __import__('wlgrade_notebook').placeholder(__wlgrade_exc, '__wlgrade_star_2_1')");
  });

  it('remembers where left-out code assigns a name (notebook.DROPPED), unless kept code binds it later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-'));
    const path = join(dir, 'nb.ipynb');
    const cells = [
      'import pandas as pd\ndf = pd.read_csv("x.csv")',
      'N_CLASSES = len(df.columns)\nlabels, counts = df.shape',
      'THRESHOLD = df.mean()\nTHRESHOLD = 0.5',
      // Names a left-out with block or for loop binds, at their own lines.
      'with open("meta.json") as f:\n    meta = json.load(f)\nfor c in meta:\n    print(c)',
    ];
    await writeFile(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((src) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: src })) }));
    const r = await execa('python3', ['-c', `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\nnotebook.extract(sys.argv[2])\nprint(json.dumps(notebook.DROPPED))`, PYTHON_DIR, path]);
    expect(JSON.parse(r.stdout)).toEqual({ df: [1, 2], N_CLASSES: [2, 1], labels: [2, 2], counts: [2, 2], f: [4, 1], meta: [4, 2], c: [4, 3] });
  });

  it('runs a left-out assignment only when the graded functions need its name, guarded, in notebook order', async () => {
    const r = await ok([
      ['code', 'import numpy as np\nimport pandas as pd\nEPS = np.float64(1e-7)\ndf = pd.read_csv("train.csv")\nHALF = EPS / 2'],
      ['code', 'def get_weighted_loss(pos_weights, neg_weights, epsilon=EPS):\n    return lambda y_true, y_pred: scale(y_pred) * HALF'],
      ['code', 'def scale(x):\n    return x * SCALE\nSCALE = float(np.sqrt(4))'],
      // Read by a helper no graded function uses: not run.
      ['code', 'def show():\n    print(df.head(), BIG)\nBIG = np.zeros((10**5, 10**5))\nmodel = build_model()'],
      // A string over several lines cannot be indented into a try block: never run.
      ['code', 'NOTE = str("""two\nlines""")\ndef compute_class_freqs(labels):\n    return NOTE'],
    ]);
    const lines = r.source.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.trim() === text);
    expect(r.source).toContain("try:\n    EPS = np.float64(1e-7)\nexcept Exception as __wlgrade_exc:\n    __import__('wlgrade_notebook').assign_failed(__wlgrade_exc, ['EPS'])\n");
    expect(r.source).toContain('    HALF = EPS / 2\n'); // a constant that waited for EPS
    expect(r.source).toContain('    SCALE = float(np.sqrt(4))\n'); // defined after its reader: fine, read at call time
    // The default reads what a guarded assignment may fail to compute: it is deferred (its value if that runs).
    expect(at('EPS = np.float64(1e-7)')).toBeLessThan(at("def get_weighted_loss(pos_weights, neg_weights, epsilon=__import__('wlgrade_notebook').deferred(lambda: (EPS), 'epsilon', True)):"));
    expect(r.cells[at('SCALE = float(np.sqrt(4))')]).toEqual([3, 3]);
    expect(r.source).not.toMatch(/read_csv|BIG = |build_model|NOTE = /);
    expect(r.source).not.toContain('import pandas'); // only the left-out read_csv used it
    expect(r.notes).toContain('Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out: cells 1, 4, 5.');
  });

  it('a guarded assignment that raises leaves its name undefined, with the reason; one built from it gives the first reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-'));
    const path = join(dir, 'nb.ipynb');
    const cells = ['import numpy as np\nlabels = np.load("train.npy")\nN = labels.shape[1]\nK = int("x")', 'def compute_class_freqs(y):\n    return N, K'];
    await writeFile(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((src) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: src })) }));
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\nsrc, _, _ = notebook.extract(sys.argv[2])\nns = {}\nexec(compile(src, "nb", "exec"), ns)\nprint(json.dumps({"failed": notebook.FAILED, "defined": sorted(k for k in ("labels", "N", "K") if k in ns)}))`;
    const r = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, path], { cwd: dir })).stdout) as { failed: Record<string, string>; defined: string[] };
    expect(r.defined).toEqual([]);
    expect(r.failed.labels).toMatch(/^FileNotFoundError: .*train\.npy/);
    expect(r.failed.N).toBe(r.failed.labels);
    expect(r.failed.K).toBe("ValueError: invalid literal for int() with base 10: 'x'");
  });

  it('keeps lines as Python counts them (not at U+2028 or a form feed) and a statement ending in a backslash apart from what follows', async () => {
    const r = await ok([
      ['code', 'import numpy as np \\\n\nEPS = np.float64(1e-7) \\\n\n# a pasted comment\u2028def not_code(): pass\n\fdef compute_class_freqs(labels):\n    return np.asarray(labels) * EPS'],
    ]);
    const lines = r.source.split('\n');
    // Valid Python, with the backslashes gone from the statements' last lines.
    expect(r.source).toContain('    import numpy as np\nexcept ImportError');
    expect(r.source).toContain('    EPS = np.float64(1e-7)\nexcept Exception');
    // The comment holding U+2028 is one line (not run), and the def keeps its line number.
    expect(r.source).not.toMatch(/^def not_code/m);
    expect(r.cells[lines.findIndex((l) => l.startsWith('\fdef compute_class_freqs'))]).toEqual([1, 6]);
  });

  it('runs the Python body of %%time/%%capture cells, not of %%bash/%%writefile ones', async () => {
    const r = await ok([
      ['code', '%%time\nimport numpy as np\ndef f(x):\n    return np.mean(x)'],
      ['code', '%%writefile helper.py\ndef g():\n    return 1'],
    ]);
    expect(r.source).toContain('def f(x):');
    expect(r.source).not.toContain('def g():');
    const lines = r.source.split('\n');
    expect(r.cells[lines.findIndex((l) => l.trim() === 'def f(x):')]).toEqual([1, 3]);
  });

  it("does not run a %%timeit cell, which IPython runs inside a timing function: what it defines never reaches the notebook (notebooks 28)", async () => {
    const r = await ok([
      ['code', 'import numpy as np'],
      ['code', '%%timeit -n 3\nimport pandas as pd\ndef compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)'],
      ['code', '%%time\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    return lambda y, q: 0.0'],
      // Timing a call defines nothing: not named.
      ['code', '%%timeit\nget_weighted_loss([1], [1])'],
    ]);
    expect(r.source).not.toMatch(/compute_class_freqs|pandas/);
    expect(r.source).toMatch(/^def get_weighted_loss/m);
    expect(r.notes).toContain(
      'Cells that start with %%timeit were not run: %%timeit runs its cell inside a timing function, so what the cell defines (functions, imports, names) stays in that function and never reaches the notebook; define it in a cell of its own and time only the call: cell 2.',
    );
    expect(r.notes).toContain('Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was: cell 3.');
    expect(r.notes).toContain('Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out: cell 4.');
  });

  it('runs a stack of cell magics as IPython does: the innermost one runs the body (%%capture over %%timeit times it in a function; %%time over %%capture runs it; %%capture over %%bash or %%writefile is not Python) (notebooks 29)', async () => {
    const freqs = 'def compute_class_freqs(labels):\n    return labels, labels';
    const r = await ok([
      ['code', `%%capture\n%%timeit -n 1\n${freqs}`],
      ['code', `%%time\n\n%%capture out\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    return p`],
      ['code', '%%capture\n%%bash\nEPS=1\necho $EPS'],
      ['code', `%%time\n%%writefile notes.py\nimport os\n!ls\n${freqs}`],
      // %%timeit over %%capture: capture's run_cell runs the body in the notebook, not in timeit's function.
      ['code', '%%timeit\n%%capture\ndef h():\n    return 1'],
    ]);
    expect(r.source).not.toMatch(/compute_class_freqs|EPS|import os/);
    expect(r.source).toMatch(/^def get_weighted_loss/m);
    expect(r.source).toMatch(/^def h/m);
    const lines = r.source.split('\n');
    expect(r.cells[lines.findIndex((l) => l.startsWith('def get_weighted_loss'))]).toEqual([2, 4]);
    // The note names the cell's first magic and the one that runs it (notebooks 30: "Cells that start with %%timeit").
    expect(r.notes).toContain(
      'Cells run by %%timeit (cell 1 starts with %%capture, over %%timeit at line 2) were not run: %%timeit runs its cell inside a timing function, so what the cell defines (functions, imports, names) stays in that function and never reaches the notebook; define it in a cell of its own and time only the call: cell 1.',
    );
    expect(r.notes).toContain(
      "Cells a cell magic does not run as the notebook's Python were not run: cell 3 (%%capture over %%bash (line 2): a shell script); cell 4 (%%time over %%writefile (line 2): a file no cell below loads).",
    );
    expect(r.notes.join(' ')).not.toMatch(/SyntaxError/);
  });

  it('names each cell magic that does not run its cell as the notebook\'s Python, with what it does; runs a %%cython cell of plain Python as Python once Cython is loaded (notebooks 30)', async () => {
    const freqs = 'def compute_class_freqs(labels):\n    return labels, labels';
    const r = await ok([
      ['code', `%%script python3\n${freqs}\nprint(compute_class_freqs(1))`],
      ['code', '%%html\n<b>done</b>'],
      ['code', '%%javascript\nconsole.log(1)'],
      ['code', '%%capture\n%%script --bg /usr/bin/env bash\nls'],
      ['code', '%%R\nx <- 1'],
    ]);
    expect(r.source).not.toMatch(/compute_class_freqs/);
    expect(r.notes).toContain(
      "Cells a cell magic does not run as the notebook's Python were not run: cell 1 (%%script python3: a separate Python process); cell 2 (%%html: shown as HTML); cell 3 (%%javascript: shown as JavaScript); cell 4 (%%capture over %%script bash (line 2): a shell script); cell 5 (%%R: R code).",
    );
    const cython = await ok([
      ['code', '%load_ext Cython'],
      ['code', `%%cython\nimport numpy as np\n${freqs}`],
      ['code', '%%cython -a\ncdef double EPS = 1e-7\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    return p'],
    ]);
    expect(cython.source).toMatch(/^def compute_class_freqs/m);
    expect(cython.source).not.toMatch(/get_weighted_loss/);
    const lines = cython.source.split('\n');
    expect(cython.cells[lines.findIndex((l) => l.startsWith('def compute_class_freqs'))]).toEqual([2, 3]);
    expect(cython.notes).toContain('%%cython cells of plain Python were run as Python (the grader has no Cython compiler; Cython compiles plain Python to the same results): cell 2.');
    expect(cython.notes).toContain("Cells a cell magic does not run as the notebook's Python were not run: cell 3 (%%cython: Cython's own syntax, which the grader cannot compile).");
    expect(cython.notes).toContain('Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was: cell 1.');
    // Without %load_ext Cython, IPython stops the cell (UsageError: Cell magic `%%cython` not found).
    const unloaded = await ok([['code', `%%capture\n%%cython\n${freqs}`], ['code', '%%memit\ndef h():\n    return 1']]);
    expect(unloaded.source).not.toMatch(/compute_class_freqs|def h/);
    expect(unloaded.notes).toContain(
      'Cell magics that exist only once their IPython extension is loaded, and no cell above loads it: cell 1 (%%capture over %%cython (line 2), which needs %load_ext Cython); cell 2 (%%memit, which needs %load_ext memory_profiler). Jupyter stops those cells there (UsageError: Cell magic not found), and the grader did not run them either; add a cell with the %load_ext above.',
    );
  });

  it("reads a %%writefile cell's text as the file it writes: its magic and shell lines are no Python a later import could run (a SyntaxError there), and %%capture over it still writes the file (notebooks 29)", async () => {
    const freqs = 'def compute_class_freqs(labels):\n    return labels, labels';
    const r = await ok([
      ['code', `%%writefile sol.py\n%matplotlib inline\n!pip install -q seaborn\n${freqs}`],
      ['code', 'from sol import compute_class_freqs'],
      ['code', `%%capture\n%%writefile helpers.py\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    return p`],
      ['code', 'import helpers\nget_weighted_loss = helpers.get_weighted_loss'],
    ]);
    expect(r.source).not.toMatch(/def compute_class_freqs/);
    expect(r.notes).toContain('Left out because of a SyntaxError: cell 1.');
    expect(r.source).toMatch(/^def get_weighted_loss/m);
    expect(r.notes).toContain(
      '%%writefile cells whose file a later cell imports (or %runs) were run as Python in place of that import, as the import would run the file (the grader has no such file): cell 3 (helpers.py, loaded in cell 4).',
    );
    expect(r.notes.join(' ')).not.toMatch(/^Magic and shell-command lines/m);
  });

  it("runs a %%memit cell's setup and body in the notebook, as memory_profiler exec()s them in the kernel's namespace, and as plain Python: a magic or shell line in it is a SyntaxError (notebooks 29)", async () => {
    const r = await ok([
      ['code', '%load_ext memory_profiler'],
      // The setup statement on the %%memit line runs first, in the notebook too.
      ['code', '%%memit -r 2 import numpy as np\ndef compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)'],
      ['code', '%%memit\n!nvidia-smi\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    return p'],
      ['code', '%%memit\n%%capture\ndef h():\n    return 1'],
    ]);
    expect(r.source).toMatch(/^def compute_class_freqs/m);
    const lines = r.source.split('\n');
    expect(r.cells[lines.findIndex((l) => l.trim() === 'import numpy as np')]).toEqual([2, 1]);
    expect(r.source).not.toMatch(/def get_weighted_loss|def h/);
    expect(r.notes).toContain('Left out because of a SyntaxError: cells 3, 4 (cell 4, line 2: invalid syntax).');
  });

  it("stops a cell at a %% line below its first line, as IPython does (UsageError: Line magic function `%%time` not found): the lines above it run, the ones below do not (notebooks 29)", async () => {
    const r = await ok([
      ['code', 'import numpy as np\nEPS = 1e-7\n%%time\ndef compute_class_freqs(labels):\n    return labels, labels'],
      ['code', '# save the solution\n%%writefile sol.py\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    return p'],
      ['code', 'from sol import get_weighted_loss'],
      // In a string, a %% line is text; indented, it is in a block that may never run: left as it was.
      ['code', 'HELP = """\n%%time\n"""\ndef h():\n    return 1'],
    ]);
    expect(r.source).toMatch(/^EPS = 1e-7$/m);
    expect(r.source).not.toMatch(/def compute_class_freqs|def get_weighted_loss/);
    expect(r.source).toMatch(/^def h/m);
    expect(r.notes).toContain(
      'A cell magic works only on its cell\'s first line; below it IPython stops the cell with a UsageError (Line magic function `%%time` not found), and the lines below never run, in Jupyter and here: %%time at cell 1, line 3; %%writefile at cell 2, line 2. Move each to the first line of their cell, or delete them.',
    );
  });

  it("does not run a %%memit cell when no cell above loads memory_profiler, as Jupyter stops it (UsageError: Cell magic `%%memit` not found) (notebooks 29)", async () => {
    const memit = '%%memit\ndef compute_class_freqs(labels):\n    return labels, labels';
    const r = await ok([['code', 'import numpy as np'], ['code', memit], ['code', '%load_ext memory_profiler'], ['code', memit.replace('compute_class_freqs', 'h')]]);
    expect(r.source).not.toMatch(/def compute_class_freqs/);
    expect(r.source).toMatch(/^def h/m);
    expect(r.notes).toContain(
      'Cell 2 starts with %%memit, which exists only once %load_ext memory_profiler has run, and no cell above loads it: Jupyter stops that cell there (UsageError: Cell magic `%%memit` not found), and the grader did not run it either; add a cell with %load_ext memory_profiler above.',
    );
  });

  it('keeps what a try block defines when its handler is left-out code (try: def ... except Exception as e: print(e)), as Jupyter runs the try (notebooks 27)', async () => {
    const r = await ok([
      ['code', 'import numpy as np'],
      ['code', 'try:\n    def compute_class_freqs(labels):\n        return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)\n    EPS = 1e-7\nexcept Exception as e:\n    def g():\n        return 0\n    print(e)\nelse:\n    def h():\n        return 1\nfinally:\n    print("done")'],
      ['code', 'try:\n    import wlgrade_not_installed_mod\nexcept ImportError:\n    pass'],
    ]);
    const lines = r.source.split('\n');
    expect(r.cells[lines.findIndex((l) => l.startsWith('def compute_class_freqs'))]).toEqual([2, 2]);
    expect(r.cells[lines.findIndex((l) => l.startsWith('def h'))]).toEqual([2, 10]);
    expect(r.source).toMatch(/^EPS = 1e-7$/m);
    // The handler's code is not run (it runs only on an error); a try of imports alone stays whole.
    expect(r.source).not.toMatch(/def g|print\(/);
    expect(r.source).toMatch(/try:\n    import wlgrade_not_installed_mod\nexcept ImportError:\n    pass/);
    expect(r.notes).toContain('Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out: cell 2.');
  });

  it('keeps a top-level if whose test reads only kept names and whose branches only import, define and set constants (if USE_TORCH: ... else: def ...), as Python runs its test (correct30)', async () => {
    const r = await ok([
      ['code', 'import numpy as np\nUSE_TORCH = False'],
      ['code', 'if USE_TORCH:\n    import torch\n    def compute_class_freqs(labels):\n        t = torch.as_tensor(labels)\n        return t.mean(0), 1 - t.mean(0)\nelif not USE_TORCH and True:\n    def compute_class_freqs(labels):\n        return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)\nelse:\n    pass'],
      ['code', 'train = np.load("train.npy")\nif len(train) > 3:\n    def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n        return None'],
    ]);
    const lines = r.source.split('\n');
    // Wrapped in try: / except ImportError, as a top-level import is (torch may be missing).
    expect(r.source).toMatch(/^try:\n    if USE_TORCH:\n        import torch\n        def compute_class_freqs\(labels\):/m);
    expect(r.source).toMatch(/^    elif not USE_TORCH and True:\n        def compute_class_freqs\(labels\):/m);
    expect(r.cells[lines.findIndex((l) => l.startsWith('    if USE_TORCH:'))]).toEqual([2, 1]);
    // A test that reads the data (or calls anything) cannot be run: that if stays left out.
    expect(r.source).not.toMatch(/len\(train\)|def get_weighted_loss/);
    expect(r.notes).toContain('Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out: cell 3.');
    const run = await execa('python3', ['-c', `import numpy as np\nns = {}\nexec(compile(${JSON.stringify(r.source.replace(/^( *).*wlgrade_notebook.*$/gm, '$1pass'))}, "nb", "exec"), ns)\nprint(ns["compute_class_freqs"](np.eye(2))[0].tolist())`]);
    expect(run.stdout.trim()).toBe('[0.5, 0.5]');
  });

  it("a kept if's branch may use what it imports (if BACKEND == 'torch': import torch; xp = torch), and a module the grader lacks under it leaves the if's names as placeholders instead of stopping the load (correct30)", async () => {
    const r = await ok([
      ['code', 'import numpy as np\nBACKEND = "numpy"\nUSE_MISSING = True'],
      ['code', 'if BACKEND == "torch":\n    import torch\n    xp = torch\nelse:\n    import numpy\n    xp = numpy\nif USE_MISSING:\n    import wlgrade_not_installed_mod as wm\n    EPS = 1e-7'],
      ['code', 'def compute_class_freqs(labels, eps=EPS):\n    return xp.mean(labels, axis=0), 1 - xp.mean(labels, axis=0)'],
      ['code', 'train = np.load("train.npy")'],
    ]);
    expect(r.source).toMatch(/^try:\n    if BACKEND == "torch":\n/m);
    const run = await execa('python3', ['-c', `import sys, numpy as np\nsys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})\nimport notebook\nsys.modules["wlgrade_notebook"] = notebook\nns = {}\nexec(compile(${JSON.stringify(r.source)}, "nb", "exec"), ns)\nprint(ns["xp"].__name__, type(ns["wm"]).__name__, ns["compute_class_freqs"](np.eye(2))[0].tolist())`]);
    expect(run.stdout.trim()).toBe('numpy MissingModule [0.5, 0.5]');
    // What each placeholder says when used: wm is the import that failed; EPS was set beside it, never imported.
    const said = await execa('python3', ['-c', `import sys, numpy as np\nsys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})\nimport notebook\nsys.modules["wlgrade_notebook"] = notebook\nns = {}\nexec(compile(${JSON.stringify(r.source)}, "nb", "exec"), ns)\nfor n in ("wm", "EPS"):\n    try:\n        ns[n] + 1\n    except ModuleNotFoundError as x:\n        print(x)`]);
    expect(said.stdout.trim().split('\n')).toEqual([
      "No module named 'wlgrade_not_installed_mod' (the import of wm failed: it is not installed for this Python; install it, or stop using wm in the graded functions)",
      "No module named 'wlgrade_not_installed_mod' (EPS was never set: it is set in the same if block as that import, which failed; install wlgrade_not_installed_mod, or set EPS outside that block)",
    ]);
  });

  it("names the missing module when a name a kept if binds beside it is used as a number (epsilon=EPS; y_pred + EPS), not the placeholder's class (learners 30)", async () => {
    // It said "unsupported operand type(s) for +: 'float' and 'MissingModule'".
    const script = [
      'import json, sys, numpy as np',
      `sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})`,
      'import notebook',
      'try:\n    import wlgrade_not_installed_mod\nexcept ImportError as e:\n    EPS = notebook.placeholder(e, "EPS")',
      'out = []',
      'for f in (lambda: np.log(np.array([0.5]) + EPS), lambda: 0.5 + EPS, lambda: EPS * 2, lambda: 1 - EPS, lambda: -EPS, lambda: EPS > 0, lambda: float(EPS), lambda: np.array([1.0]) / EPS):',
      '    try:\n        f()\n        out.append("no error")\n    except Exception as x:\n        out.append("%s: %s" % (type(x).__name__, getattr(x, "name", None)))',
      'print(json.dumps(out))',
    ].join('\n');
    const run = await execa('python3', ['-c', script]);
    expect(JSON.parse(run.stdout)).toEqual(Array(8).fill('ModuleNotFoundError: wlgrade_not_installed_mod'));
  });

  it('keeps an augmented assignment of a simple value to a kept constant (EPS = 1e-8; EPS *= 10), so the constant has the value Python gives it (correct30)', async () => {
    const r = await ok([
      ['code', 'import numpy as np\nEPS = 1e-8\nEPS *= 10\nSCALE: float = 2.0\nSCALE /= 2\ntrain = np.load("train.npy")\nN = len(train)\nN += 1\nUNSET += 1'],
      ['code', 'def compute_class_freqs(labels, eps=EPS):\n    return np.mean(labels, axis=0) * SCALE, 1 - np.mean(labels, axis=0) * SCALE'],
    ]);
    expect(r.source).toMatch(/^EPS = 1e-8\nEPS \*= 10\n/m);
    expect(r.source).toMatch(/^SCALE \/= 2$/m);
    // One of a name left out (the data's N) or never bound stays left out, as before.
    expect(r.source).not.toMatch(/N \+= 1/);
    const run = await execa('python3', ['-c', `import numpy as np\nns = {}\nexec(compile(${JSON.stringify(r.source.replace(/^( *).*wlgrade_notebook.*$/gm, '$1pass'))}, "nb", "exec"), ns)\nprint(ns["EPS"], ns["SCALE"])`]);
    expect(run.stdout.trim()).toBe('1e-07 1.0');
  });

  it('runs a %%writefile cell whose module a later cell imports or %runs, in place of that import (notebooks 27)', async () => {
    const r = await ok([
      ['code', 'import numpy as np'],
      ['code', '%%writefile solution.py\nimport numpy as np\ndef compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)'],
      ['code', 'from solution import *\ncompute_class_freqs(np.eye(2))'],
      ['code', '%%writefile -a "helpers.py"\ndef h():\n    return 2'],
      ['code', '%run ./helpers.py'],
      // Imported before it is written, or never imported: not run, as before.
      ['code', 'from later import k'],
      ['code', '%%writefile later.py\ndef k():\n    return 3'],
      ['code', '%%writefile unused.py\ndef u():\n    return 4'],
    ]);
    const lines = r.source.split('\n');
    expect(r.cells[lines.findIndex((l) => l.startsWith('def compute_class_freqs'))]).toEqual([2, 3]);
    expect(r.cells[lines.findIndex((l) => l.startsWith('def h'))]).toEqual([4, 2]);
    expect(r.source).not.toMatch(/import solution|from solution/);
    expect(r.source).not.toMatch(/^def k|^def u/m);
    // The %%writefile cells are named as run in place of their import, not as magic lines (notebooks 28).
    expect(r.notes[0]).toBe('Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was: cell 5.');
    expect(r.notes[1]).toBe("Cells a cell magic does not run as the notebook's Python were not run: cell 7 (%%writefile: a file no cell below loads); cell 8 (%%writefile: a file no cell below loads).");
    expect(r.notes[2]).toBe(
      '%%writefile cells whose file a later cell imports (or %runs) were run as Python in place of that import, as the import would run the file (the grader has no such file): cell 2 (solution.py, loaded in cell 3); cell 4 (helpers.py, loaded in cell 5).',
    );
  });

  it('does not run the `if __name__ == "__main__":` block of a %%writefile module a later cell imports, as the import would not; %run (without -n) and exec run it as __main__ (notebooks 29)', async () => {
    const module = (file: string) =>
      `%%writefile ${file}\nimport numpy as np\ndef compute_class_freqs(labels):\n    return SCALE * np.mean(labels, axis=0), helper()\nif __name__ == "__main__":\n    SCALE = 2\n    def helper():\n        return 0\n    print(compute_class_freqs(np.eye(2)))`;
    const imported = await ok([['code', module('sol.py')], ['code', 'from sol import compute_class_freqs']]);
    expect(imported.source).toMatch(/^def compute_class_freqs/m);
    expect(imported.source).not.toMatch(/SCALE = 2|def helper/);
    expect(imported.notes).toContain('Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out: cell 1.');
    const runN = await ok([['code', module('sol.py')], ['code', '%run -n sol.py']]);
    expect(runN.source).not.toMatch(/SCALE = 2|def helper/);
    // Loaded as a script, before or after an import of it: the block runs.
    for (const loader of [['%run sol.py'], ["exec(open('sol.py').read())"], ['import sol', '%run -i sol.py']]) {
      const r = await ok([['code', module('sol.py')], ...loader.map((l): Cell => ['code', l])]);
      expect(r.source, loader.join(' / ')).toMatch(/^SCALE = 2$/m);
      expect(r.source, loader.join(' / ')).toMatch(/^def helper/m);
    }
  });

  it('leaves out `from sol import f` of a %%writefile cell with a SyntaxError, whose error is the problem, not a missing file (notebooks 28)', async () => {
    const r = await ok([
      ['code', '%%writefile sol.py\ndef compute_class_freqs(labels):\n    return labels)'],
      ['code', 'from sol import compute_class_freqs'],
    ]);
    expect(r.source).not.toMatch(/from sol import/);
    expect(r.notes).toContain('Left out because of a SyntaxError: cell 1.');
    // Not run, so not said to be run in place of the import.
    expect(r.notes.join(' ')).not.toMatch(/^%%writefile cells/m);
  });

  it('takes `import sol` after sys.path.append(<folder>) for the %%writefile /content/drive/MyDrive/hw/sol.py it wrote, and names a path longer than a note holds by its end (notebooks 28)', async () => {
    const long = '/' + 'd'.repeat(300) + '/helpers.py';
    const r = await ok([
      ['code', '%%writefile /content/drive/MyDrive/hw/sol.py\ndef compute_class_freqs(labels):\n    return labels, labels'],
      ['code', `%%writefile ${long}\ndef h():\n    return 2`],
      ['code', "import sys\nsys.path.append('/content/drive/MyDrive/hw')\nimport sol, helpers\ncompute_class_freqs = sol.compute_class_freqs\nH = helpers.h"],
    ]);
    expect(r.source).toMatch(/^def compute_class_freqs/m);
    expect(r.source).toContain("compute_class_freqs = sol.compute_class_freqs");
    // helpers.py's folder is not on sys.path: found only if it is the notebook's own, which the grader does not know (notebooks 30).
    expect(r.notes[0]).toBe(
      `%%writefile cells whose file a later cell imports (or %runs) were run as Python in place of that import, as the import would run the file (the grader has no such file): cell 1 (/content/drive/MyDrive/hw/sol.py, loaded in cell 3); cell 2 (...${long.slice(-197)}, loaded in cell 3; the notebook was written for Google Colab, where a fresh kernel starts in /content, not in that file's folder, so there the import finds it only once its folder is on sys.path: add its folder to sys.path above the import; the grader, which has no /content, ran the cell in place; staff: run it in Colab to check).`,
    );
  });

  it('takes a %%writefile ../x.py to be imported only when a cell above puts its folder on sys.path (or makes it the working folder), as a fresh kernel in the notebook\'s folder would; says so when it is not, and when the grader cannot tell (notebooks 29)', async () => {
    const write = (file: string) => `%%writefile ${file}\ndef compute_class_freqs(labels):\n    return labels, labels`;
    const alone = await ok([['code', write('../x.py')], ['code', 'from x import compute_class_freqs']]);
    expect(alone.source).not.toMatch(/^def compute_class_freqs/m);
    expect(alone.notes).toEqual([
      "%%writefile cells whose file is not where the later import looks (a fresh kernel looks in its working folder, the notebook's until a %cd or os.chdir above moves it, and in sys.path's folders) were not run in place of that import, which fails in a fresh run of the notebook (ModuleNotFoundError): cell 1 (../x.py, imported as x in cell 2). Write the file in the notebook's folder (%%writefile x.py), or put its folder on sys.path above the import (sys.path.append('..')).",
    ]);
    // Reached: by sys.path, named as a string; %run and exec name the file's path. (A %cd .. above
    // the %%writefile ../x.py writes it one folder further up: notebooks 30's test below.)
    for (const reach of ["import sys, os\nsys.path.append(os.path.abspath('..'))", "sys.path.insert(0, '../')", "import sys, os\nsys.path.append(os.path.join('..'))"]) {
      const r = await ok([['code', reach], ['code', write('../x.py')], ['code', 'import x\ncompute_class_freqs = x.compute_class_freqs']]);
      expect(r.source, reach).toMatch(/^def compute_class_freqs/m);
      expect(r.notes.join(' '), reach).toContain('cell 2 (../x.py, loaded in cell 3).');
    }
    // In the importing cell itself, above the import.
    expect((await ok([['code', write('../x.py')], ['code', "import sys\nsys.path.append('..')\nfrom x import compute_class_freqs"]])).source).toMatch(/^def compute_class_freqs/m);
    for (const load of ['%run ../x.py', "exec(open('../x.py').read())"]) {
      expect((await ok([['code', write('../x.py')], ['code', load]])).source, load).toMatch(/^def compute_class_freqs/m);
    }
    expect((await ok([['code', write('/content/drive/MyDrive/x.py')], ['code', '%run /content/drive/MyDrive/x.py']])).source).toMatch(/^def compute_class_freqs/m);
    // A path that stays in the folder, and a package from a folder put on sys.path.
    expect((await ok([['code', write('./sub/../x.py')], ['code', 'from x import compute_class_freqs']])).source).toMatch(/^def compute_class_freqs/m);
    const pkg = await ok([['code', "import sys\nsys.path.insert(0, '../lib')"], ['code', write('../lib/pkg/x.py')], ['code', 'import pkg.x']]);
    expect(pkg.source).toMatch(/^def compute_class_freqs/m);
    // A sys.path change whose folder the grader cannot read: run in place, and said so.
    const unsure = await ok([['code', 'import sys\nfrom pathlib import Path\nsys.path.append(str(Path.cwd().parent))'], ['code', write('../x.py')], ['code', 'from x import compute_class_freqs']]);
    expect(unsure.source).toMatch(/^def compute_class_freqs/m);
    expect(unsure.notes).toContain(
      "%%writefile cells whose file a later cell imports (or %runs) were run as Python in place of that import, as the import would run the file (the grader has no such file): cell 2 (../x.py, loaded in cell 3; whether the sys.path or working-folder change above cell 3 lets that import find the file the grader cannot tell: if your import of it fails in a fresh run (Restart & Run All), write the file in the notebook's folder).",
    );
    // A change below the import does not reach it.
    expect((await ok([['code', write('../x.py')], ['code', 'from x import compute_class_freqs'], ['code', "sys.path.append('..')"]])).source).not.toMatch(/^def compute_class_freqs/m);
  });

  it('follows the working folder through %cd, %pushd, %popd, `cd` alone in a cell and os.chdir, in order: a %%writefile writes in it, an import looks in it and in sys.path as it was then (notebooks 30)', async () => {
    const write = (file: string) => `%%writefile ${file}\ndef compute_class_freqs(labels):\n    return labels, labels`;
    const load = 'from x import compute_class_freqs';
    const up = "import sys\nsys.path.append('..')\n";
    // Each notebook's code cells, in order, and whether the %%writefile cell runs in place of the import.
    const runs: [string, string[], boolean][] = [
      // Written one folder up from the new working folder: ../../x.py, where `import x` does not look.
      ['cd up, write ../x.py', ['%cd ..', write('../x.py'), load], false],
      ['chdir up, write ../x.py', ["import os\nos.chdir('..')", write('../x.py'), load], false],
      // Written in the working folder the import then looks in.
      ['cd up, write x.py', ['%cd ..', write('x.py'), load], true],
      ['automagic cd', ['cd ..', write('x.py'), load], true],
      ['cd -q', ['%cd -q ../work', write('x.py'), 'import sys\nx = 1', load], true],
      // The working folder moved away after the file was written: the import no longer finds it.
      ['cd after write', [write('x.py'), '%cd data', load], false],
      ['pushd, popd', ['%pushd ..', write('x.py'), '%popd', load], false],
      ['pushd, popd, sys.path', ['%pushd ..', write('x.py'), '%popd', up + load], true],
      ['cd -', [write('x.py'), '%cd data', '%cd -', load], true],
      // A relative sys.path entry is taken from the working folder of its moment: '..' from '..' is '../..'.
      ['sys.path from cd', ['%cd ..', write('../x.py'), up + load], true],
      // In one cell, in order: a change below the import comes too late.
      ['sys.path below', [write('../x.py'), `${load}\nimport sys\nsys.path.append('..')`], false],
      // %run names the file from the working folder.
      ['run back', ['%cd ..', write('x.py'), '%cd -', '%run ../x.py'], true],
      ['run up', [write('x.py'), '%cd data', '%run ../x.py'], true],
      // A %%bash cell's cd is another process's.
      ['bash cd', ['%%bash\ncd ..', write('x.py'), load], true],
      // A change in a def or class body never called, or in a string, moves nothing (review 30: 0/23 IMPORT_UNRESOLVABLE).
      ['def body', [write('x.py'), "import os\ndef list_data():\n    os.chdir('data')\n    return os.listdir('.')", load], true],
      ['method body', [write('x.py'), "import os\nclass Data:\n    def load(self):\n        if True:\n            os.chdir('data')", load], true],
      // A class's own body runs when the class statement does, named or not (imports 33).
      ['class body', [write('x.py'), "import os\nclass Paths:\n    os.chdir('data')", load], false],
      ['string', [write('x.py'), "HELP = '''\nTo load the data:\n%cd data\n'''", load], true],
      ['string in def', [write('x.py'), "def f():\n    s = '''\n%cd data\n'''\n    return s\n%cd data", load], false],
      // A with's or try's body runs once, as the top level does.
      ['try', [write('x.py'), "import os\ntry:\n    os.chdir('data')\nexcept OSError:\n    pass", load], false],
      ['with', [write('x.py'), "with open('log') as f:\n    %cd data", load], false],
      // Written and imported under the same folder the grader cannot read (an if's): found, with no note.
      ['if, then write', ["import os\nif IN_COLAB:\n    os.chdir('data')", write('x.py'), load], true],
    ];
    // %run and exec find no file of that name written in another folder, as an import would not (review 30).
    const opens = ['%run x.py', "exec(open('x.py').read())"];
    // Under an if, for or except, the grader cannot tell where the kernel is after it.
    const branches = ["import os\nif IN_COLAB:\n    os.chdir('data')", "for d in ['a']:\n    %cd {d}", "try:\n    pass\nexcept Exception:\n    %cd data"];
    const r = await okEach<string>({
      ...Object.fromEntries(runs.map(([name, cells]) => [name, cells])),
      ...Object.fromEntries(opens.map((open) => [open, [write('x.py'), '%cd data', open]])),
      ...Object.fromEntries(branches.map((branch) => [branch, [write('x.py'), branch, load]])),
      importUnread: ['%cd ~', write('x.py'), '%cd -', load],
      runUnread: ['%cd ~', write('x.py'), '%cd -', '%run x.py'],
      unread: ['import os\nos.chdir(ROOT)', write('x.py'), load],
    });
    const defined = (name: string) => /^def compute_class_freqs/m.test(r[name]!.source);
    expect(runs.map(([name]) => [name, defined(name)])).toEqual(runs.map(([name, , want]) => [name, want]));
    for (const open of opens) {
      expect(defined(open), open).toBe(false);
      // Worded for %run and exec, which open a path: no import, no sys.path (notebooks 31).
      expect(r[open]!.notes.join(' '), open).toContain(`were not run in place of that load, which fails in a fresh run of the notebook (%run: File not found; exec(open(...)): FileNotFoundError; an import: ModuleNotFoundError): cell 1 (x.py, opened by ${open.startsWith('%') ? '%run' : 'exec(open(...))'} in cell 3).`);
      expect(r[open]!.notes.join(' '), open).not.toContain('imported as');
    }
    // A file written in a folder the grader cannot read (%cd ~) is not taken for the notebook's: imported after %cd -, run in place with the note (review 30).
    expect(defined('importUnread')).toBe(true);
    expect(r.importUnread!.notes.join(' ')).toContain('cell 2 (x.py, loaded in cell 4; whether the sys.path or working-folder change above cell 4 lets that import find the file the grader cannot tell');
    // A folder the grader cannot read on either side: run in place, and said so.
    expect(defined('runUnread')).toBe(true);
    expect(r.runUnread!.notes.join(' ')).toContain('cell 2 (x.py, loaded in cell 4; whether the sys.path or working-folder change above cell 4 lets that import find the file the grader cannot tell');
    // Written and imported in a working folder the grader cannot read (os.chdir(ROOT)): the same folder, found, with no note (cohort 30).
    expect(defined('unread')).toBe(true);
    expect(r.unread!.notes).toContain('%%writefile cells whose file a later cell imports (or %runs) were run as Python in place of that import, as the import would run the file (the grader has no such file): cell 2 (x.py, loaded in cell 3).');
    // Under an if, for or except, the grader cannot tell where the kernel is after it: run in place, and said so.
    for (const branch of branches) {
      expect(defined(branch), branch).toBe(true);
      expect(r[branch]!.notes.join(' '), branch).toContain('cell 1 (x.py, loaded in cell 3; whether the sys.path or working-folder change above cell 3 lets that import find the file the grader cannot tell');
    }
    // A file written without a folder, found no more after a %cd: the fix is no sys.path.append('x.p') (cohort 30).
    expect(r['cd after write']!.notes).toContain(
      "%%writefile cells whose file is not where the later import looks (a fresh kernel looks in its working folder, the notebook's until a %cd or os.chdir above moves it, and in sys.path's folders) were not run in place of that import, which fails in a fresh run of the notebook (ModuleNotFoundError): cell 1 (x.py, imported as x in cell 3). Write the file and import it from the same working folder (a %cd, %pushd, %popd or os.chdir between them moved the kernel to another one: import it before that line, or %cd back first), or put the folder it is written in on sys.path above the import.",
    );
    expect(r['cd up, write ../x.py']!.notes).toContain(
      "%%writefile cells whose file is not where the later import looks (a fresh kernel looks in its working folder, the notebook's until a %cd or os.chdir above moves it, and in sys.path's folders) were not run in place of that import, which fails in a fresh run of the notebook (ModuleNotFoundError): cell 2 (../x.py, imported as x in cell 3). Write the file in the notebook's folder (%%writefile x.py), or put its folder on sys.path above the import (sys.path.append('..')).",
    );
  });

  it("counts only the imports that run: one in a string or in the body of a def no cell calls or names loads no %%writefile file; one in a graded def, in a def a cell calls, or under an if does (notebooks 31)", async () => {
    const write = '%%writefile sol.py\nimport numpy as np\ndef compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)';
    const runs = async (...cells: string[]) => /^def compute_class_freqs/m.test((await ok(cells.map((c): Cell => ['code', c]))).source);
    // Text, never run: a help string, a def nothing calls.
    expect(await runs(write, 'HELP = """\nTo test your file:\nfrom sol import compute_class_freqs\n"""')).toBe(false);
    expect(await runs(write, "USAGE = '''\nimport sol\n'''")).toBe(false);
    expect(await runs(write, 'def check_solution():\n    from sol import compute_class_freqs\n    return compute_class_freqs')).toBe(false);
    expect(await runs(write, 'class Checker:\n    def run(self):\n        import sol\n        return sol')).toBe(false);
    const never = await ok([['code', write], ['code', 'def check_solution():\n    import sol\n    return sol']]);
    expect(never.notes).toContain("Cells a cell magic does not run as the notebook's Python were not run: cell 1 (%%writefile: a file no cell below loads).");
    // Run: the def is called (or named) in a cell, or is a graded function; an import under an if may run.
    expect(await runs(write, 'def load():\n    import sol\n    return sol', 'sol = load()')).toBe(true);
    expect(await runs(write, 'class Checker:\n    def run(self):\n        import sol\n        return sol', 'Checker().run()')).toBe(true);
    expect(await runs(write, 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    from sol import compute_class_freqs\n    return compute_class_freqs')).toBe(true);
    expect(await runs(write, 'if True:\n    from sol import compute_class_freqs')).toBe(true);
  });

  it("reads a change of folder after a one-line block's colon or a `;` as the multi-line form: under if or for the folder after it is one the grader cannot read, after `;` or a one-line try it moves the kernel, after a def or in a string nothing (notebooks 31)", async () => {
    const write = '%%writefile x.py\ndef compute_class_freqs(labels):\n    return labels, labels';
    const load = 'from x import compute_class_freqs';
    const extracted = async (...cells: string[]) => ok(cells.map((c): Cell => ['code', c]));
    for (const branch of ["import os\nif IN_COLAB: os.chdir('data')", "import os\nfor d in ['a']: os.chdir(d)", "import os\nwhile False: os.chdir('data')"]) {
      const r = await extracted(write, branch, load);
      expect(r.source, branch).toMatch(/^def compute_class_freqs/m);
      expect(r.notes.join(' '), branch).toContain('cell 1 (x.py, loaded in cell 3; whether the sys.path or working-folder change above cell 3 lets that import find the file the grader cannot tell');
    }
    const parent = await extracted(write.replace('x.py', '../x.py'), "import sys\nif IN_COLAB: sys.path.append('..')", load);
    expect(parent.source).toMatch(/^def compute_class_freqs/m);
    expect(parent.notes.join(' ')).toContain('cell 1 (../x.py, loaded in cell 3; whether the sys.path or working-folder change above cell 3');
    // Run as its line runs: the kernel moved, and the import no longer finds the file.
    for (const moved of ["import os; os.chdir('data')", "import os\ntry: os.chdir('data')\nexcept OSError: pass"]) {
      const r = await extracted(write, moved, load);
      expect(r.source, moved).not.toMatch(/^def compute_class_freqs/m);
      expect(r.notes.join(' '), moved).toContain('cell 1 (x.py, imported as x in cell 3)');
    }
    // Moves nothing: a def's body, a lambda, a string, a comment.
    for (const still of ["import os\ndef go(): os.chdir('data')", "import os\ngo = lambda: os.chdir('data')", "print('then: os.chdir(\"data\")')", "x = 1  # or: os.chdir('data')"]) {
      const r = await extracted(write, still, load);
      expect(r.source, still).toMatch(/^def compute_class_freqs/m);
      expect(r.notes.join(' '), still).toContain('cell 1 (x.py, loaded in cell 3).');
    }
  });

  it("reads an import after a one-line block's colon or a `;` as the multi-line form: it loads the %%writefile file where it may run, not after a def or in a string (notebooks 31)", async () => {
    const write = '%%writefile sol.py\nimport numpy as np\ndef compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)';
    const runs = async (...cells: string[]) => /^def compute_class_freqs/m.test((await ok(cells.map((c): Cell => ['code', c]))).source);
    for (const load of ['import numpy as np; from sol import *', 'if True: from sol import compute_class_freqs', "try: import sol\nexcept ImportError: print('write sol.py first')\ncompute_class_freqs = sol.compute_class_freqs", '%run -n sol.py']) {
      expect(await runs(write, load), load).toBe(true);
    }
    for (const text of ['def f(): import sol', "print('then: import sol')", 'x = 1  # or: from sol import *']) {
      expect(await runs(write, text), text).toBe(false);
    }
  });

  it("counts an import in a one-line def's (or class's) body as the multi-line form's: when a cell calls or names that def, or it is a graded function; and an import on the line after a one-line def as any other (notebooks 32)", async () => {
    const write = '%%writefile sol.py\nimport numpy as np\ndef compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)';
    const rows: [string, boolean][] = [
      ['def load(): import sol; return sol\nsol = load()\ncompute_class_freqs = sol.compute_class_freqs', true],
      ['def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7): from sol import compute_class_freqs; return compute_class_freqs', true],
      ['class Solution: import sol\ncompute_class_freqs = Solution.sol.compute_class_freqs', true],
      // A class's body runs when the class statement does, whether or not a cell names the class (imports 33).
      ['class Config: import sol', true],
      ['class Config:\n    import sol', true],
      ['class Config:\n    x = 1; import sol', true],
      ['if True:\n    class Config: import sol', true],
      ['def f():\n    class Config: import sol', false],
      ['if True:\n    def load(): import sol; return sol\ncompute_class_freqs = load().compute_class_freqs', true],
      // After a `;` in a multi-line def's body: as on a line of its own there.
      ['def load():\n    x = 1; import sol\n    return sol\ncompute_class_freqs = load().compute_class_freqs', true],
      ['def load():\n    x = 1; import sol\n    return sol', false],
      // Never called or named: its body never runs.
      ['def check(): from sol import compute_class_freqs; return compute_class_freqs', false],
      ['def f(x): return x; import sol', false],
      // After a one-line def, on a line of its own: runs as the cell does.
      ['def f(x): return x\nimport numpy as np\nfrom sol import compute_class_freqs', true],
      ['def f(x): return x\nimport numpy as np, sol\ncompute_class_freqs = sol.compute_class_freqs', true],
    ];
    const r = await okEach<string>(Object.fromEntries(rows.map(([cell]) => [cell, [write, cell]])));
    expect(rows.map(([cell]) => [cell, /^def compute_class_freqs/m.test(r[cell]!.source)])).toEqual(rows);
  });

  it("reads os.chdir's folder (and sys.path's entry) only as far as its argument can be read: dirname(abspath('__file__')) is the working folder itself, a join with a name or an f-string one the grader cannot read (notebooks 31)", async () => {
    const write = '%%writefile x.py\ndef compute_class_freqs(labels):\n    return labels, labels';
    const load = 'from x import compute_class_freqs';
    const extracted = async (...cells: string[]) => ok(cells.map((c): Cell => ['code', c]));
    // Stays where it is: found, with no note of a doubt.
    for (const stay of ["import os\nos.chdir(os.path.dirname(os.path.abspath('__file__')))", 'import os\nos.chdir(os.getcwd())']) {
      const r = await extracted(write, stay, load);
      expect(r.notes.join(' '), stay).toContain('cell 1 (x.py, loaded in cell 3).');
    }
    // A folder read from a name: the grader cannot tell, so the cell runs in place with the note (not a 0 for a file 'not where the import looks').
    for (const unread of ["import os\nos.chdir(os.path.join(BASE_DIR, 'work'))", "import os\nos.chdir(f'{BASE}/work')"]) {
      const r = await extracted(write, unread, load);
      expect(r.source, unread).toMatch(/^def compute_class_freqs/m);
      expect(r.notes.join(' '), unread).toContain('cell 1 (x.py, loaded in cell 3; whether the sys.path or working-folder change above cell 3 lets that import find the file the grader cannot tell');
    }
    // sys.path's entry read the same way: ROOT's 'lib' is no 'lib' of the notebook's folder, so the grader cannot tell.
    const lib = await extracted(write.replace('x.py', 'lib/x.py'), "import sys, os\nsys.path.append(os.path.join(ROOT, 'lib'))", load);
    expect(lib.source).toMatch(/^def compute_class_freqs/m);
    expect(lib.notes.join(' ')).toContain('cell 1 (lib/x.py, loaded in cell 3; whether the sys.path or working-folder change above cell 3 lets that import find the file the grader cannot tell');
    const libRead = await extracted(write.replace('x.py', 'lib/x.py'), "import sys, os\nsys.path.insert(0, os.path.join(os.getcwd(), 'lib'))", load);
    expect(libRead.notes.join(' ')).toContain('cell 1 (lib/x.py, loaded in cell 3).');
    // Read in full: moved away, as before.
    expect((await extracted(write, "import os\nos.chdir(os.path.join('..', 'data'))", load)).source).not.toMatch(/^def compute_class_freqs/m);
    expect((await extracted(write, "from pathlib import Path\nimport os\nos.chdir(Path('..') / 'data')", load)).source).not.toMatch(/^def compute_class_freqs/m);
  });

  it("reads sys.path += [...], extend, a slice assignment (sys.path[:0] = [...]) and sys.path = [...] + sys.path as append and insert are read: each entry a folder as far as it can be read, no other string on the line (notebooks 32)", async () => {
    const write = '%%writefile ../x.py\ndef compute_class_freqs(labels):\n    return labels, labels';
    const load = 'import x\ncompute_class_freqs = x.compute_class_freqs';
    // The cell above the %%writefile ../x.py, and what becomes of the file: found (run in place),
    // unsure (run in place, with the note that the grader cannot tell), missed (not where the import looks).
    const rows: [string, 'found' | 'unsure' | 'missed'][] = [
      ["import sys\nsys.path.append('..')", 'found'],
      ["import sys\nsys.path += ['..']", 'found'],
      ["import sys\nsys.path.extend(['..'])", 'found'],
      ["import sys\nsys.path.extend(('lib', '..'))", 'found'],
      ["import sys\nsys.path[:0] = ['..']", 'found'],
      ["import sys, os\nsys.path[0:0] = [os.path.abspath('..')]", 'found'],
      ["import sys\nsys.path = ['..'] + sys.path", 'found'],
      ["import sys, os\nsys.path = sys.path + [os.path.join('..')]", 'found'],
      // A slice of sys.path is sys.path's own folders, adding none (tidy 32: read as a folder it cannot read).
      ["import sys\nsys.path = ['..'] + sys.path[1:]", 'found'],
      ["import sys\nsys.path = sys.path[:] + ['..']", 'found'],
      ["import sys; sys.path += ['..']", 'found'],
      ["import sys, os\nsys.path += [os.path.abspath('..')]  # the parent", 'found'],
      // A folder read from a name, or chosen at run time: the grader cannot tell.
      ["import sys, os\nsys.path.append(os.path.join(ROOT, '..'))", 'unsure'],
      ["import sys, os\nsys.path += [os.path.join(ROOT, '..')]", 'unsure'],
      ["import sys, os\nsys.path.extend([os.path.join(ROOT, '..')])", 'unsure'],
      ["import sys, os\nsys.path[:0] = [os.path.join(ROOT, '..')]", 'unsure'],
      ["import sys\nsys.path += ['..'] if IN_COLAB else []", 'unsure'],
      ["import sys\nsys.path += EXTRA_DIRS", 'unsure'],
      // A crafted sum of 1,500 lists: read no further than a few dozen (it raised RecursionError).
      [`import sys\nsys.path = ${Array(1500).fill("['..']").join(' + ')}`, 'unsure'],
      // Another string on the line is no folder on sys.path; a comparison changes nothing.
      ["import sys\nsys.path += ['lib']; print('..')", 'missed'],
      ["import sys\nsys.path == ['..']", 'missed'],
      // A string is a list of its characters: extend('..') adds '.' twice, the working folder.
      ["import sys\nsys.path.extend('..')", 'missed'],
      [`import sys\nsys.path += '${'../'.repeat(700)}'`, 'unsure'],
    ];
    const r = await okEach<string>(Object.fromEntries(rows.map(([cell]) => [cell, [cell, write, load]])));
    const kind = (cell: string) => {
      const got = r[cell]!;
      const notes = got.notes.join(' ');
      if (!/^def compute_class_freqs/m.test(got.source)) return notes.includes('cell 2 (../x.py, imported as x in cell 3)') ? 'missed' : `missed, without the note: ${notes}`;
      if (notes.includes('cell 2 (../x.py, loaded in cell 3).')) return 'found';
      return notes.includes('cell 2 (../x.py, loaded in cell 3; whether the sys.path or working-folder change above cell 3 lets that import find the file the grader cannot tell') ? 'unsure' : `run, with other notes: ${notes}`;
    };
    expect(rows.map(([cell]) => [cell, kind(cell)])).toEqual(rows);
  });

  it('reads dirname of the working folder (os.getcwd(), abspath(\'.\')) as its parent, as os.chdir(\'..\') is (review 31b: it was read as the working folder itself, and the notebook got every case a fresh run fails)', async () => {
    const write = (file: string) => `%%writefile ${file}\ndef compute_class_freqs(labels):\n    return labels, labels`;
    const load = 'from x import compute_class_freqs';
    const at = async (...cells: string[]) => ok(cells.map((c): Cell => ['code', c]));
    for (const up of ['os.path.dirname(os.getcwd())', "os.path.dirname(os.path.abspath('.'))", "os.path.dirname(os.path.abspath(os.getcwd()))"]) {
      // Written in the notebook's folder, imported from its parent: not found, as with os.chdir('..').
      expect((await at(write('x.py'), `import os\nos.chdir(${up})`, load)).source, up).not.toMatch(/^def compute_class_freqs/m);
      // Written in the parent (moved there first, or written as ../x.py): found.
      expect((await at(`import os\nos.chdir(${up})`, write('x.py'), load)).source, up).toMatch(/^def compute_class_freqs/m);
      expect((await at(write('../x.py'), `import os\nos.chdir(${up})`, load)).source, up).toMatch(/^def compute_class_freqs/m);
    }
    // Two levels up: the parent's parent, not the parent.
    expect((await at(write('../x.py'), 'import os\nos.chdir(os.path.dirname(os.path.dirname(os.getcwd())))', load)).source).not.toMatch(/^def compute_class_freqs/m);
    expect((await at(write('../../x.py'), 'import os\nos.chdir(os.path.dirname(os.path.dirname(os.getcwd())))', load)).source).toMatch(/^def compute_class_freqs/m);
  });

  it('takes a %%writefile /abs/path.py to be imported only from where the import looks: its folder on sys.path or the working folder; else run in place with a note, as the notebook\'s own folder is unknown (notebooks 30)', async () => {
    const write = (file: string) => `%%writefile ${file}\ndef compute_class_freqs(labels):\n    return labels, labels`;
    const at = async (...cells: string[]) => ok(cells.map((c): Cell => ['code', c]));
    const reached = await at('%cd /content/drive/MyDrive', write('/content/drive/MyDrive/sol.py'), 'import sol\ncompute_class_freqs = sol.compute_class_freqs');
    expect(reached.source).toMatch(/^def compute_class_freqs/m);
    expect(reached.notes.join(' ')).toContain('cell 2 (/content/drive/MyDrive/sol.py, loaded in cell 3).');
    const unknown = await at(write('/home/me/hw/sol.py'), 'from sol import compute_class_freqs');
    expect(unknown.source).toMatch(/^def compute_class_freqs/m);
    expect(unknown.notes).toContain(
      "%%writefile cells whose file a later cell imports (or %runs) were run as Python in place of that import, as the import would run the file (the grader has no such file): cell 1 (/home/me/hw/sol.py, loaded in cell 2; the import finds that file only if its folder is the working folder (the notebook's, unless a %cd moved it) or on sys.path, and the grader, which does not know your notebook's folder, cannot tell: if your import of it fails in a fresh run (Restart & Run All), add sys.path.append('/home/me/hw') above it).",
    );
    // Written for Colab, where a fresh kernel starts in /content: the note says so, and what to do there (notebooks 31).
    const mount = "from google.colab import drive\ndrive.mount('/content/drive')";
    const colab = async (...cells: string[]) => (await at(...cells)).notes.find((n) => n.startsWith('%%writefile cells whose file a later cell imports'));
    const ran = 'the grader, which has no /content, ran the cell in place; staff: run it in Colab to check).';
    expect(await colab(mount, write('/content/drive/MyDrive/sol.py'), 'from sol import compute_class_freqs')).toContain(
      `cell 2 (/content/drive/MyDrive/sol.py, loaded in cell 3; the notebook was written for Google Colab, where a fresh kernel starts in /content, not in that file's folder, so there the import finds it only once its folder is on sys.path: add sys.path.append('/content/drive/MyDrive') above the import; ${ran}`,
    );
    expect(await colab(write('/content/sol.py'), 'from sol import compute_class_freqs')).toContain(
      `cell 1 (/content/sol.py, loaded in cell 2; the notebook was written for Google Colab, where a fresh kernel starts in /content, that file's folder, so the import finds it there; ${ran}`,
    );
    // Kaggle, where a fresh kernel starts in /kaggle/working.
    expect(await colab(write('/kaggle/working/sol.py'), 'from sol import compute_class_freqs')).toContain(
      "cell 1 (/kaggle/working/sol.py, loaded in cell 2; the notebook was written for Kaggle, where a fresh kernel starts in /kaggle/working, that file's folder, so the import finds it there; the grader, which has no /kaggle/working, ran the cell in place; staff: run it in Kaggle to check).",
    );
    expect(await colab(mount, write('sol.py'), '%cd /content/drive/MyDrive/hw', 'from sol import compute_class_freqs')).toContain(
      `cell 2 (sol.py, loaded in cell 4; the notebook was written for Google Colab, where a fresh kernel starts in /content, and whether the %cd or sys.path change above cell 4 leaves that import where the file is the grader, which has no /content, cannot tell, so it ran the cell in place: write the file and import it in the same working folder (the %%writefile below the %cd, or the import above it); staff: run it in Colab to check).`,
    );
    // Another absolute working folder, and no sys.path entry: never there.
    expect((await at(write('/content/drive/MyDrive/sol.py'), '%cd /tmp', 'from sol import compute_class_freqs')).source).not.toMatch(/^def compute_class_freqs/m);
    // The dotted name from / is no import anyone writes: `import content.drive.MyDrive.sol` looks in the working folder.
    expect((await at('%cd /content', write('/content/drive/MyDrive/sol.py'), 'from drive.MyDrive.sol import compute_class_freqs')).source).toMatch(/^def compute_class_freqs/m);
  });

  it("runs a %%writefile cell that a later cell runs with exec(open('sol.py').read()), as %run does (notebooks 28)", async () => {
    const r = await ok([
      ['code', '%%writefile sol.py\ndef compute_class_freqs(labels):\n    return labels, labels'],
      ['code', "exec(open('sol.py').read())"],
    ]);
    expect(r.source).toMatch(/^def compute_class_freqs/m);
    expect(r.notes[0]).toMatch(/: cell 1 \(sol\.py, loaded in cell 2\)\.$/);
  });

  it('finds `import sol` and `%run sol.py` in cells saved with Windows line endings (notebooks 28)', async () => {
    const r = await ok([
      ['code', '%%writefile sol.py\r\ndef compute_class_freqs(labels):\r\n    return labels, labels\r\n'],
      ['code', 'import sol\r\ncompute_class_freqs = sol.compute_class_freqs\r\n'],
      ['code', '%%writefile helpers.py\r\ndef h():\r\n    return 2\r\n'],
      ['code', '%run helpers.py\r\n'],
    ]);
    expect(r.source).toMatch(/^def compute_class_freqs/m);
    expect(r.source).toMatch(/^def h/m);
  });

  it('takes %%file, IPython\'s other name for %%writefile, as %%writefile (notebooks 28)', async () => {
    const r = await ok([
      ['code', '%%file sol.py\ndef compute_class_freqs(labels):\n    return labels, labels'],
      ['code', 'import sol\ncompute_class_freqs = sol.compute_class_freqs'],
    ]);
    expect(r.source).toMatch(/^def compute_class_freqs/m);
    expect(r.notes[0]).toMatch(/: cell 1 \(sol\.py, loaded in cell 2\)\.$/);
  });

  it('makes the module a %%writefile cell wrote for `import sol`, `import sol as s`, `from sol import f as g` and a dotted `import pkg.helpers`, of what that cell bound (notebooks 28)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-'));
    const path = join(dir, 'nb.ipynb');
    const cells = [
      '%%writefile sol.py\nimport json\ndef compute_class_freqs(labels):\n    return "module"\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    return "module"',
      // Redefined in the notebook after the file was written: the module keeps what the file holds.
      'def get_weighted_loss(p, n, epsilon=1e-7):\n    return "cell"',
      '%%writefile pkg/helpers.py\ndef h():\n    return 2',
      // json is a module the kernel has imported already: Jupyter's import finds that one, not the file.
      '%%writefile json.py\ndef dumps(x):\n    return "file"',
      'import sol as s\nimport numpy as np, sol\nfrom sol import compute_class_freqs as ccf\nimport pkg.helpers\nimport json',
      'def get_weighted_loss(p, n, epsilon=1e-7):\n    return [sol.get_weighted_loss(p, n), s.compute_class_freqs(0), ccf(0), pkg.helpers.h(), json.dumps([1]), type(s).__name__]',
    ];
    await writeFile(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((src) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: src })) }));
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\nsrc, _, _ = notebook.extract(sys.argv[2])\nns = {}\nexec(compile(src, "nb", "exec"), ns)\nprint(json.dumps(ns["get_weighted_loss"](0, 0)))`;
    const r = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, path], { cwd: dir })).stdout) as unknown;
    expect(r).toEqual(['module', 'module', 'module', 2, '[1]', 'module']);
  });

  it("counts an import in a def's or class's body among the notebook's imports (the framework it is written for) only when a graded function reaches that def or class, as its top-level imports are kept (notebooks 32)", async () => {
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import notebook, runner
out = []
for path in sys.argv[2:]:
    src, _, _ = notebook.extract(path)
    out.append([runner.imported_modules(src, notebook.NEEDED), runner.imported_modules(src)])
print(json.dumps(out))
`;
    const graded = 'def compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)';
    const rows: [string, string[]][] = [
      ['def train(model):\n    import torch\n    return torch.optim.Adam(model.parameters())', ['numpy']],
      ['class Trainer:\n    def fit(self):\n        import tensorflow as tf\n        return tf.keras.Model()', ['numpy']],
      ['async def fetch():\n    import jax\n    return jax', ['numpy']],
      // No framework named anywhere (imported_modules' line reading, not the parse): the same rule (imports 33).
      ['def plot(history):\n    import matplotlib.pyplot as plt\n    return plt.plot(history)', ['numpy']],
      ['class Loader:\n    def read(self):\n        from pandas import read_csv\n        return read_csv("x.csv")', ['numpy']],
      ['@cache\nasync def fetch():\n    import requests\n    return requests', ['numpy']],
      // A training cell's own import is left out all the same.
      ['import torch\nmodel = torch.nn.Linear(3, 3)', ['numpy']],
      // Reached: called by a graded function, or named by it.
      ['def to_numpy(x):\n    import torch\n    return x.numpy() if torch.is_tensor(x) else x', ['numpy', 'torch']],
    ];
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-'));
    const paths = await Promise.all(
      rows.map(async ([cell], i) => {
        const path = join(dir, `nb${i}.ipynb`);
        const reach = i === rows.length - 1 ? graded.replace('np.mean(labels', 'np.mean(to_numpy(labels)') : graded;
        await writeFile(path, notebookText([['code', 'import numpy as np'], ['code', cell], ['code', reach]]));
        return path;
      }),
    );
    const got = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, ...paths])).stdout) as [string[], string[]][];
    expect(rows.map(([cell], i) => [cell, got[i]![0]])).toEqual(rows);
    // Without the notebook's reach (a .py, which runs its whole top level): every import counts, as before.
    expect(got[0]![1]).toEqual(['numpy', 'torch']);
  });

  it('leaves out imports that no graded function needs, directly or through what it calls (plotting, training-only Keras layers, a data helper the graded code never calls)', async () => {
    const r = await ok([
      ['code', 'import pandas as pd\nimport numpy as np\nfrom keras.layers import Dense\nfrom keras import backend as K\nfrom keras.preprocessing.image import ImageDataGenerator'],
      ['code', 'df = pd.read_csv("train.csv")\nmodel = Dense(3)'],
      ['code', 'def get_train_generator(df):\n    return ImageDataGenerator().flow_from_dataframe(df)'],
      ['code', 'def mean(x):\n    return K.mean(np.asarray(x))'],
      // pos_weights is get_weighted_loss's own parameter, not the notebook's global of that name.
      ['code', 'freq_pos, freq_neg = compute_class_freqs(get_train_generator(df).labels)\npos_weights = freq_neg'],
      ['code', 'def compute_class_freqs(labels):\n    p = mean(labels)\n    return p, 1 - p\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return lambda y, p: pos_weights'],
    ]);
    expect(r.source).toContain('import numpy as np');
    expect(r.source).toContain('from keras import backend as K');
    expect(r.source).not.toMatch(/pandas|Dense|ImageDataGenerator import|import ImageDataGenerator/);
    expect(r.source).toContain('def get_train_generator(df):'); // still defined, its import not run
    // The imports left out, by name: the cell also holds the ones that were run.
    expect(r.notes.join(' ')).toContain('Imports that no graded function needs (directly or through what it calls) were not run: pandas, keras.layers, keras.preprocessing.image (cell 1).');
  });

  it('runs only the names of one import statement that graded code needs: `import numpy as np, pandas as pd, util` imports numpy alone, `from numpy import mean, madeupname` mean alone (imports 33)', async () => {
    // Jupyter binds np before pandas fails; run whole, pandas' failure was read as the graded functions' (IMPORT_ERROR, a blank).
    const r = await okEach<string>({
      plain: ['import numpy as np, pandas as pd, util', 'def compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)'],
      from: ['from numpy import mean, madeupname as mm\nimport numpy as np', 'def compute_class_freqs(labels):\n    return mean(labels, axis=0), 1 - np.mean(labels, axis=0)'],
      dotted: ['import os.path, numpy.linalg, json', 'def compute_class_freqs(labels):\n    return numpy.linalg.norm(labels), os.sep'],
    });
    const imports = (src: string) => src.split('\n').filter((l) => /^\s*(?:import|from) /.test(l)).map((l) => l.trim());
    expect(imports(r.plain!.source)).toEqual(['import numpy as np']);
    expect(r.plain!.notes.join(' ')).toContain('were not run: pandas, util (cell 1).');
    expect(imports(r.from!.source)).toEqual(['from numpy import mean', 'import numpy as np']);
    // The name left out of a from-import is listed too, by its module (tidy 34: it was not).
    expect(r.from!.notes.join(' ')).toContain('were not run: numpy.madeupname (cell 1).');
    expect(imports(r.dotted!.source)).toEqual(['import os.path, numpy.linalg']);
    expect(r.dotted!.notes.join(' ')).toContain('were not run: json (cell 1).');
  });

  it('keeps only the statement of a `;` line that is kept', async () => {
    const r = await ok([['code', 'import numpy as np; train()\ndef compute_class_freqs(labels):\n    return np']]);
    expect(r.source).toContain('import numpy as np');
    expect(r.source).not.toContain('train()');
  });

  it('reads an nbformat 3 notebook (IPython 1-3) as Jupyter upgrades it: worksheets in order, input as source, prompt_number as the run, headings as markdown', async () => {
    const v3 = {
      nbformat: 3,
      nbformat_minor: 0,
      metadata: { name: '' },
      worksheets: [
        { cells: [
          { cell_type: 'heading', level: 1, source: ['def compute_class_freqs(labels): not code'], metadata: {} },
          { cell_type: 'code', language: 'python', input: ['x = 1\n', 'y = 2'], prompt_number: 3, outputs: [], metadata: {} },
        ] },
        { cells: [{ cell_type: 'code', language: 'python', input: 'def f():\n    return 2', prompt_number: 1, outputs: [], metadata: {} }] },
      ],
    };
    const r = await extract(JSON.stringify(v3));
    expect(r).not.toHaveProperty('error');
    const x = r as Extracted;
    expect(x.source).toContain('x = 1\ny = 2');
    expect(x.source).toContain('def f():\n    return 2');
    expect(x.source).not.toContain('not code');
    // Cells are numbered as Jupyter shows them: the heading is cell 1.
    expect(x.cells[x.source.split('\n').indexOf('def f():')]).toEqual([3, 1]);
  });

  it.each([
    ['not JSON', '{"cells": [', /^not a valid Jupyter notebook: its JSON is broken at line 1, column 12 .*resubmit\.$/],
    ['a web page saved as .ipynb', '<!DOCTYPE html>\n<html><head><title>C1W1_Assignment</title></head><body></body></html>\n', /^not a Jupyter notebook: it is a web page \(HTML\), as a browser saves the notebook's page; in Jupyter use File > Download .* resubmit that file\.$/],
    ['a web page with a BOM and no doctype', '\ufeff\n  <HTML lang="en"><body>{"cells": []}</body></HTML>', /^not a Jupyter notebook: it is a web page \(HTML\)/],
    // A comma left by a hand edit: Jupyter cannot open it, so the comma itself is named.
    ['a trailing comma before the last }', '{\n "cells": [],\n "nbformat": 4,\n "nbformat_minor": 5,\n}', /^not a valid Jupyter notebook: its JSON has a comma before a closing \} at line 4, column 21, which JSON does not allow .*delete that comma in a text editor and resubmit\.$/],
    ['a trailing comma in a list, CRLF', '{"cells": [{"cell_type": "code", "source": []},\r\n\t],\r\n "nbformat": 4}', /comma before a closing \] at line 1, column 47,/],
    ['a truncated notebook stays a broken JSON', '{"cells": [{"cell_type": "code", "source": "import numpy', /^not a valid Jupyter notebook: its JSON is broken at line 1, column/],
    ['empty (0 bytes)', '', /^the notebook file is empty \(0 bytes, nothing in it\): open the notebook in Jupyter/],
    ['blank', '\n  \n', /^the notebook file is empty \(4 bytes, nothing in it\)/],
    ['nbformat 2', JSON.stringify({ nbformat: 2, worksheets: [] }), /^this is an nbformat 2 notebook, and wlgrade reads nbformat 3 and 4/],
    ['nbformat 3 with no code cells', JSON.stringify({ nbformat: 3, worksheets: [] }), /^the notebook has no code cells, so there is nothing to grade/],
    ['no nbformat', JSON.stringify({ cells: [] }), /^not a Jupyter notebook: it has no nbformat version/],
    ['no code cells', JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'markdown', source: 'x' }] }), /^the notebook has no code cells, so there is nothing to grade/],
    ['JSON nested 100,000 deep (crafted)', '['.repeat(100_000) + ']'.repeat(100_000), /^not a Jupyter notebook: its JSON is nested far deeper than any notebook/],
    // Red team 34: JSON spells a lone surrogate ("\ud800"), which no Python source holds; the
    // notebook failed with Python's "'utf-8' codec can't encode character '\ud800' in position 10".
    ['holding a lone surrogate in a code cell (crafted)', notebookText([['md', 'intro \udfff'], ['code', 'import numpy as np'], ['code', 'x = 1\n# note \ud800\ny = 2']]), /^not a valid Jupyter notebook: cell 3, line 2, holds a lone surrogate \(\\ud800\), half of a UTF-16 pair and no character, which Python cannot run \(nor can Jupyter\); delete it or retype the character there, and resubmit the \.ipynb file\.$/],
  ])('refuses a notebook that is %s, in one sentence', async (_what, text, message) => {
    const r = await extract(text);
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toMatch(message);
  });
});

describe('notebook: a function made by an assignment (lambda, functools.partial)', () => {
  const CELLS: Cell[] = [
    ['code', 'import numpy as np\nimport functools\nfrom functools import partial\nmodel = load_model("m.h5")'],
    ['code', 'compute_class_freqs = lambda labels: (pos_of(labels), 1 - pos_of(labels))\npos_of = lambda m: np.mean(m, axis=0)'],
    ['code', 'def _loss(pos_weights, neg_weights, epsilon):\n    return lambda y_true, y_pred: 0.0\nget_weighted_loss = functools.partial(_loss, epsilon=1e-7)'],
    // Not graded, not used, or running left-out code when made: left out as before.
    ['code', 'predict = lambda x: model.predict(x)\nscaled = lambda x, m=model: x\nloss = partial(_loss, model.weights, 1)'],
  ];

  it('keeps it under a graded name or a name kept code reads, and what it reads in turn', async () => {
    const r = await ok(CELLS);
    expect(r.source).toContain('compute_class_freqs = lambda labels: (pos_of(labels), 1 - pos_of(labels))\n');
    expect(r.source).toContain('pos_of = lambda m: np.mean(m, axis=0)\n');
    expect(r.source).toContain('get_weighted_loss = functools.partial(_loss, epsilon=1e-7)\n');
    expect(r.source).toContain('    import functools\n');
    expect(r.source).not.toMatch(/load_model|predict|scaled|loss = partial|from functools import partial/);
    expect(r.notes).toContain('Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out: cells 1, 4.');
  });

  it('does the same for a .py graded from its definitions only (extract_py), and DROPPED names what it left out', async () => {
    const source = CELLS.map(([, text]) => text).join('\n');
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\ntext, line_of, notes = notebook.extract_py(sys.argv[2])\nprint(json.dumps({"source": text, "dropped": notebook.DROPPED}))`;
    const r = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, source])).stdout) as { source: string; dropped: Record<string, [number, number]> };
    expect(r.source).toContain('compute_class_freqs = lambda labels:');
    expect(r.source).toContain('get_weighted_loss = functools.partial(_loss, epsilon=1e-7)');
    expect(r.dropped).toEqual({ model: [1, 4], predict: [1, 10], scaled: [1, 11], loss: [1, 12] });
  });

  it('cuts a .py Python cannot parse into top-level pieces (split_py): a decorator with its def, a call spread over column-0 lines, else/except with their statement; the piece with the error alone', async () => {
    const source = [
      '"""Notes,', // 1: a docstring's unindented lines start nothing
      'written at column 0', // 2
      '"""', // 3
      'import numpy as np', // 4
      '@staticmethod', // 5
      'def f(x):', // 6
      '    return x', // 7
      'ITEMS = [1,', // 8
      '2]', // 9
      'try:', // 10
      '    f(0)', // 11
      'except Exception:', // 12
      '    pass', // 13
      'f(1)', // 14
      'print("broken"', // 15
      'def g(y):', // 16
      '    return y', // 17
      '',
    ].join('\n');
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\nps = notebook.split_py(sys.argv[2])\ntext, line_of, notes = notebook.extract_py(sys.argv[2], ps)\nprint(json.dumps({"pieces": [[first, ok] for first, _, ok in ps], "source": text, "lines": [line_of(i + 1) for i in range(len(text.splitlines()))], "notes": notes}))`;
    const r = worded(JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, source])).stdout) as { pieces: [number, boolean][]; source: string; lines: (number | null)[]; notes: string[] });
    expect(r.pieces).toEqual([[1, true], [4, true], [5, true], [8, true], [10, true], [14, true], [15, false], [16, true]]);
    expect(r.source).toContain('def g(y):');
    expect(r.source).not.toContain('broken');
    // Each line of what is run maps back to its line in the file.
    const text = r.source.split('\n');
    expect(r.lines[text.indexOf('def g(y):')]).toBe(16);
    expect(r.notes).toContain('Left out because of a SyntaxError: line 15.');
    // Neighbouring pieces left out are one span of lines.
    expect(r.notes).toContain('Only imports, definitions and constants were run; other top-level code (training, data loading, plotting, prints) was left out: lines 10-14.');
    // A docstring longer than the pieces tried together is still one piece: the tokenizer says where strings run.
    const long = ['"""Notes', ...Array.from({ length: 60 }, (_, i) => `line ${i} at column 0`), '"""', 'print((1)', 'def g(y):', '    return y', ''].join('\n');
    const l = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, long])).stdout) as { pieces: [number, boolean][] };
    expect(l.pieces).toEqual([[1, true], [63, false], [64, true]]);
  });

  it('keeps a string after an indentation the tokenizer cannot match one piece: a def written inside it is text, not a graded function', async () => {
    // The tokenizer stopped at line 4's unindent, so the string's unindented lines started
    // pieces, and a def kept inside a string longer than the pieces tried together was graded.
    const source = [
      'import numpy as np', // 1
      'if True:', // 2
      '        x = 1', // 3
      '    y = 2', // 4: unindent does not match
      'OLD = """', // 5
      ...Array.from({ length: 45 }, (_, i) => `note ${i}`), // 6-50
      'def compute_class_freqs(labels):', // 51
      '    return labels.mean(0), 1 - labels.mean(0)', // 52
      '"""', // 53
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):', // 54
      '    return None', // 55
      '',
    ].join('\n');
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\nps = notebook.split_py(sys.argv[2])\ntext, line_of, notes = notebook.extract_py(sys.argv[2], ps)\nimport ast\nprint(json.dumps({"pieces": [[first, ok] for first, _, ok in ps], "defs": [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]}))`;
    const r = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, source])).stdout) as { pieces: [number, boolean][]; defs: string[] };
    expect(r.pieces).toEqual([[1, true], [2, false], [5, true], [54, true]]);
    expect(r.defs).toEqual(['get_weighted_loss']);
  });

  it('grades the pieces of a .py with many blank lines before its SyntaxError in seconds: the left-out piece, padded to its line, is not read from each blank line again', async () => {
    // A piece is a cell padded with blank lines to where it starts; a pattern with \s* at each
    // line start read every blank line after it for each one: 300,000 of them stalled the load.
    const source = 'def compute_class_freqs(labels):\n    return labels\n' + '\n'.repeat(300_000) + 'print(1\n';
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\nsource = open(sys.argv[2]).read()\nps = notebook.split_py(source)\ntext, line_of, notes = notebook.extract_py(source, ps)\nprint(json.dumps({"source": text, "notes": notes}))`;
    const dir = await mkdtemp(join(tmpdir(), 'wl-split-'));
    const path = join(dir, 'blank.py');
    await writeFile(path, source);
    const r = worded(JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, path], { timeout: 20_000 })).stdout) as { source: string; notes: string[] });
    expect(r.source).toContain('def compute_class_freqs(labels):');
    expect(r.notes).toContain('Left out because of a SyntaxError: line 300003.');
  }, 30_000);

  it('does not cut into pieces a .py whose many pieces stand after many blank lines (the padding would come to pieces times lines), and still cuts the same pieces without them', async () => {
    const pieces = Array.from({ length: 1500 }, (_, i) => `a${i} = ${i}\n`).join('') + 'print(1\n';
    const script = `import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notebook\nps = notebook.split_py(open(sys.argv[2]).read())\nprint(json.dumps(None if ps is None else len(ps)))`;
    const dir = await mkdtemp(join(tmpdir(), 'wl-split-'));
    const run = async (text: string): Promise<number | null> => {
      const path = join(dir, 'pad.py');
      await writeFile(path, text);
      return JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, path], { timeout: 20_000 })).stdout) as number | null;
    };
    expect(await run(pieces)).toBe(1501);
    expect(await run('\n'.repeat(400_000) + pieces)).toBeNull();
  }, 30_000);

  it('joins a piece that does not parse to the next ones only while more lines could end its error: 1,000 lines of prose pasted at column 0 still leave the functions graded', async () => {
    // Each prose line is a piece whose error no later line ends; joined to the 39 after it, every
    // one of them cost the parser 40 tries, ran out of the budget and the file was told its
    // SyntaxError alone. A bracket left open still takes the lines that close it.
    const prose = Array.from({ length: 1000 }, (_, i) => `Step ${i} weighs the positives by freq_neg.\n`).join('');
    const source =
      'import numpy as np\nITEMS = [1,\n2]\ndef compute_class_freqs(labels):\n    return labels.mean(0), 1 - labels.mean(0)\n' + prose + 'def g(y):\n    return y\n';
    const script = `import json, sys, codeop\nsys.path.insert(0, sys.argv[1])\nimport notebook\nps = notebook.split_py(open(sys.argv[2]).read())\nprint(json.dumps({"flag": hasattr(codeop, "PyCF_ALLOW_INCOMPLETE_INPUT"), "pieces": None if ps is None else [[first, ok] for first, _, ok in ps]}))`;
    const dir = await mkdtemp(join(tmpdir(), 'wl-split-'));
    const path = join(dir, 'prose.py');
    await writeFile(path, source);
    const r = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, path], { timeout: 20_000 })).stdout) as { flag: boolean; pieces: [number, boolean][] | null };
    if (!r.flag) {
      // On Python 3.9 and older (no PyCF_ALLOW_INCOMPLETE_INPUT) no error is known to be final: every piece is joined on, as before.
      expect(r.pieces).toBeNull();
      return;
    }
    const prosePieces = Array.from({ length: 1000 }, (_, i): [number, boolean] => [6 + i, false]);
    expect(r.pieces).toEqual([[1, true], [2, true], [4, true], ...prosePieces, [1006, true]]);
  }, 30_000);

  it('reads where strings run in a crafted 2 MB .py in well under a second of CPU, not the ~6-12 s of a Python object per token', async () => {
    // _string_lines used the tokenize module (pure Python on 3.11): 1,000,000 one-character
    // tokens on one line took ~12 s, 333,000 short lines ~6.6 s, before split_py even started.
    const script = `import json, sys, time\nsys.path.insert(0, sys.argv[1])\nimport notebook\nout = []\nfor src in ("x = " + "1+" * 1000000 + "1\\nprint(1\\n", "x = 1\\n" * 333333 + "print(1\\n"):\n    t = time.process_time()\n    n = len(notebook._string_lines(src))\n    out.append([n, time.process_time() - t])\nprint(json.dumps(out))`;
    const r = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR], { timeout: 60_000 })).stdout) as [number, number][];
    expect(r.map(([n]) => n)).toEqual([0, 0]);
    expect(r[0]![1] + r[1]![1]).toBeLessThan(2);
  }, 70_000);

  it("finds the same lines inside strings as Python 3.11's tokenize module did, on this repository's sources and on them mangled with stray quotes, brackets, backslashes and indents", async () => {
    // The reference is the former reading (a tokenizer restarted after an indentation it cannot
    // match), which needs tokenize's own pure-Python reading: Python 3.11 and older.
    const script = String.raw`
import glob, io, json, os, random, sys, tokenize
sys.path.insert(0, sys.argv[1])
import notebook
if sys.version_info >= (3, 12):
    print(json.dumps({"skipped": True}))
    sys.exit(0)

def reference(source):
    inside = set()
    reader = io.StringIO(source)
    read = [0]
    def readline():
        line = reader.readline()
        if line:
            read[0] += 1
        return line
    while True:
        offset = read[0]
        try:
            for tok in tokenize.generate_tokens(readline):
                if tok.type == tokenize.STRING and tok.end[0] > tok.start[0]:
                    inside.update(range(offset + tok.start[0] + 1, offset + tok.end[0] + 1))
        except IndentationError:
            if read[0] > offset:
                continue
        except (tokenize.TokenError, SyntaxError, ValueError, MemoryError, RecursionError):
            pass
        return inside

sources = []
for pattern in ("grader/**/*.py", "submissions/**/*.py", "reference/**/*.py"):
    for path in sorted(glob.glob(os.path.join(sys.argv[2], pattern), recursive=True)):
        with open(path, encoding="utf-8") as fh:
            sources.append(fh.read())
Q1, Q2 = chr(39), chr(34)
bits = [Q2 * 3, Q1 * 3, Q2, Q1, chr(92) + chr(10), "#", "(", ")", "[", "]", "{", "}", chr(10), chr(10) + "  ",
        chr(10) + "    ", chr(10) + chr(9), chr(10) + " ", "x", "r" + Q1, "f" + Q2, chr(92), chr(13) + chr(10), chr(12), " ",
        "def f():" + chr(10), "    return 1" + chr(10)]
rng = random.Random(15)
cases = list(sources)
for _ in range(6000):
    lines = rng.choice(sources).split(chr(10))
    start = rng.randrange(max(1, len(lines) - 40))
    text = chr(10).join(lines[start:start + 40])
    for _ in range(rng.randrange(1, 8)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(bits) + text[at:]
    cases.append(text)
    cases.append("".join(rng.choice(bits) for _ in range(rng.randrange(1, 40))))
differ = [text for text in cases if notebook._string_lines(text) != reference(text)]
print(json.dumps({"skipped": False, "cases": len(cases), "sources": len(sources), "differ": differ[:3]}))
`;
    const r = JSON.parse((await execa('python3', ['-c', script, PYTHON_DIR, PACKAGE_ROOT], { timeout: 120_000 })).stdout) as { skipped: boolean; sources?: number; differ?: string[] };
    if (r.skipped) return;
    expect(r.sources).toBeGreaterThan(50);
    expect(r.differ).toEqual([]);
  }, 130_000);
});

describe('a notebook saved with another language\'s kernel', () => {
  const CODE = 'def compute_class_freqs(labels):\n    return labels.mean(0), 1 - labels.mean(0)\n';
  const saved = (metadata: object) =>
    extract(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: CODE }] }));
  const notes = async (metadata: object) => {
    const r = await saved(metadata);
    if ('error' in r) throw new Error(r.error);
    return r.notes;
  };
  const R_NOTE = 'This notebook was saved with the R kernel; it is graded as Python, so its code must be Python: pick a Python kernel (Kernel > Change kernel) and save it again.';

  it.each([
    ['kernelspec.language R', { kernelspec: { name: 'ir', display_name: 'R', language: 'R' } }, R_NOTE],
    ['language_info.name R', { language_info: { name: 'R' } }, R_NOTE],
    ['kernelspec.name ir alone', { kernelspec: { name: 'ir', display_name: 'R' } }, R_NOTE],
    ['Julia, by its name julia-1.10', { kernelspec: { name: 'julia-1.10', display_name: 'Julia 1.10' } }, R_NOTE.replace('R kernel', 'Julia kernel')],
    ['a language not shown as written', { kernelspec: { name: 'x', language: 'weird lang; rm -rf' } }, R_NOTE.replace('the R kernel', 'a kernel of another language than Python')],
  ])('%s: a note', async (_label, metadata, note) => {
    expect(await notes(metadata)).toEqual([note]);
  });

  it.each([
    ['python3', { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }],
    ['an environment kernel named anything', { kernelspec: { name: 'myenv', display_name: 'My env' } }],
    ['Colab (no language)', { kernelspec: { name: 'python3', display_name: 'Python 3' }, language_info: { name: 'python' } }],
    ['no metadata', {}],
  ])('%s: no note', async (_label, metadata) => {
    expect(await notes(metadata)).toEqual([]);
  });
});
