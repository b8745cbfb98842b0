/**
 * Line pointers, lines 35d: a guard over the pointer readers. read_source drops every site of a file
 * whose fix_sites raises (a hint must never stop grading), and fix_sites itself gives no site for a
 * function one of its readers fails on (ValueError, RecursionError, its budget's TimeoutError), so a
 * reader's bug is invisible in a grade. Here fix_sites runs directly, exceptions surfaced, with what it
 * left unread reported in `spent["unread"]`, on every Python file and notebook under submissions/ and
 * grader/test/fixtures/.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { PACKAGE_ROOT, PUBLIC_SUITE, PYTHON_DIR } from '../../../src/paths.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { lossRun } from '../../helpers/run-outcome.js';
import { expectSiteLines, functionsOf, lossSource as loss, type SiteRow } from '../../helpers/runner.js';
import { raisingAtC } from '../../helpers/raising.js';

type Scan = { path: string; parses: boolean; raised: string | null; unread: string[]; steps: number };

/** fix_sites on each file (a notebook: its extracted code), with the file's parse, the exception it raised, what it left unread. */
async function scanAll(): Promise<Scan[]> {
  const script = `
import sys, json, glob, ast, os, traceback
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner, notebook
os.chdir(${JSON.stringify(PACKAGE_ROOT)})
out = []
paths = sorted(glob.glob("submissions/**/*.py", recursive=True) + glob.glob("grader/test/fixtures/**/*.py", recursive=True)
               + glob.glob("submissions/**/*.ipynb", recursive=True) + glob.glob("grader/test/fixtures/**/*.ipynb", recursive=True))
for p in paths:
    if p.endswith(".ipynb"):
        try:
            src = notebook.extract(p)[0]
        except ValueError:
            continue  # not a notebook the grader reads (broken JSON, no code): nothing to point at
    else:
        with open(p, encoding="utf-8", errors="replace") as fh:
            src = fh.read()
    try:
        ast.parse(src)
        parses = True
    except (SyntaxError, ValueError):
        parses = False
    spent, raised = {}, None
    try:
        runner.fix_sites(src, spent=spent)
    except BaseException as e:
        raised = "%s: %s (%s)" % (type(e).__name__, e, traceback.format_exc(limit=-2).strip().splitlines()[-3:])
    out.append(dict(path=p, parses=parses, raised=raised, unread=spent.get("unread", []), steps=spent.get("steps", 0)))
print(json.dumps(out))`;
  const { stdout } = await execa('python3', ['-c', script], { maxBuffer: 1 << 26 });
  return JSON.parse(stdout) as Scan[];
}

describe('fix_sites guard: every sample read to the end, no reader raising or over its budget', () => {
  it('reads every .py and notebook under submissions/ and grader/test/fixtures/', async () => {
    const all = await scanAll();
    expect(all.filter((s) => s.path.endsWith('.py')).length).toBeGreaterThan(100);
    expect(all.filter((s) => s.path.endsWith('.ipynb')).length).toBeGreaterThan(10);
    // No exception out of fix_sites, on any file.
    expect(all.filter((s) => s.raised !== null).map((s) => [s.path, s.raised])).toEqual([]);
    // Every function of a file that parses read within its budget, and the file within the file's (max_steps).
    expect(all.filter((s) => s.parses && s.unread.length > 0).map((s) => [s.path, s.unread])).toEqual([]);
    expect(all.filter((s) => s.steps > 150000).map((s) => [s.path, s.steps])).toEqual([]);
    // The report is live: a file that does not parse has its graded functions reported unread, as SyntaxError.
    const broken = all.filter((s) => !s.parses && s.path.endsWith('.py'));
    expect(broken.length).toBeGreaterThan(0);
    for (const s of broken) expect([s.path, s.unread.length > 0 && s.unread.every((u) => u === 'SyntaxError')]).toEqual([s.path, true]);
  });

  it('reports a helper over its node budget as unread, and the other functions are still read', async () => {
    const helper = ['def term(y, p):', '    s = 0', ...Array.from({ length: 40 }, (_, i) => `    s = s + y * p * ${i} + (y - p) * ${i}`), '    return s', ''];
    const src = ['import numpy as np', '', ...helper, 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
      '    def weighted_loss(y_true, y_pred):', '        return -np.sum(np.mean(term(y_true, y_pred), axis=0))', '    return weighted_loss', ''].join('\n');
    const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
spent = {}
sites = runner.fix_sites(sys.stdin.read(), max_nodes=200, spent=spent)
print(json.dumps(dict(unread=spent.get("unread", []), lines=sorted({s["line"] for s in sites}))))`;
    const { stdout } = await execa('python3', ['-c', script], { input: src });
    const got = JSON.parse(stdout) as { unread: string[]; lines: number[] };
    expect(got.unread.length).toBeGreaterThan(0);
    expect(new Set(got.unread)).toEqual(new Set(['TimeoutError']));
    const lossLine = src.split('\n').findIndex((l) => l.includes('return -np.sum')) + 1;
    expect(got.lines).toContain(lossLine);
  });
});

/** One class's labels and predictions, on column `c`. */
const yt = (c: string) => `y_true[:, ${c}]`;
const yp = (c: string) => `y_pred[:, ${c}]`;
/** One class's terms with the weights at `w` and the columns at `c`. */
const term = (w: string, c: string) =>
  `pos_weights[${w}] * ${yt(c)} * np.log(${yp(c)} + epsilon) + neg_weights[${w}] * (1 - ${yt(c)}) * np.log(1 - ${yp(c)} + epsilon)`;
const classLoop = (range: string, body: string, before: string[] = []) =>
  loss([...before, 'loss = 0.0', `for i in ${range}:`, `    loss += -np.mean(${body})`, 'return loss']);
/** A helper of the file's with one class's terms (`w`, `c` as in term), the loss's loop calling it. */
const helperLoop = (w: string, c: string) =>
  loss(['loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += one(y_true, y_pred, pos_weights, neg_weights, i, epsilon)', 'return loss'], {
    before: ['def one(y_true, y_pred, pos_weights, neg_weights, i, epsilon):', `    return -np.mean(${term(w, c)})`, '', ''].join('\n'),
  });

describe('loss-class-index-off-by-one: one class forward (i + 1) raising IndexError', () => {
  const lineOf = (src: string, text: string) => src.split('\n').findIndex((l) => l.trim() === text) + 1;

  it('columns at i + 1 in the loss: the off-by-one at that line, with the i + 1 fix', async () => {
    const src = classLoop('range(len(pos_weights))', term('i', 'i + 1'));
    const r = await raisingAtC(src);
    expect(r.mistakes.map((m) => [m.id, m.location?.line])).toEqual([['loss-class-index-off-by-one', lineOf(src, `loss += -np.mean(${term('i', 'i + 1')})`)]]);
    expect(r.mistakes[0]!.message).toMatch(/reads one class forward \(i \+ 1\)/);
    expect(r.mistakes[0]!.fix).toMatch(/no i \+ 1\.$/);
  });

  it('weights at i + 1 in the loss, and columns at i + 1 in a helper: the off-by-one at their lines', async () => {
    const w = classLoop('range(len(pos_weights))', term('i + 1', 'i'));
    const rw = await raisingAtC(w);
    expect(rw.mistakes.map((m) => [m.id, m.location?.line])).toEqual([['loss-class-index-off-by-one', lineOf(w, `loss += -np.mean(${term('i + 1', 'i')})`)]]);
    const h = helperLoop('i', 'i + 1');
    const rh = await raisingAtC(h);
    expect(rh.mistakes.map((m) => [m.id, m.location?.line])).toEqual([['loss-class-index-off-by-one', lineOf(h, `return -np.mean(${term('i', 'i + 1')})`)]]);
  });

  it('look-alikes: i - 1 (no IndexError form) is not retold, nor a fixed class count, nor the right code', async () => {
    const back = await raisingAtC(classLoop('range(len(pos_weights))', term('i', 'i - 1')));
    expect(back.mistakes.map((m) => m.id)).not.toContain('loss-class-index-off-by-one');
    const fixed = await raisingAtC(classLoop('range(14)', term('i', 'i')));
    expect(fixed.mistakes.map((m) => m.id)).toEqual(['loss-hardcoded-classes']);
    const rows: SiteRow[] = [
      ['right: every class at i', 'loss-class-index-off-by-one', classLoop('range(len(pos_weights))', term('i', 'i')), undefined],
      ['right: a helper reading every class at i', 'loss-class-index-off-by-one', helperLoop('i', 'i'), undefined],
      ['right: i + 1 of the examples, not a class', 'loss-class-index-off-by-one',
        loss(['loss = 0.0', 'for n in range(y_true.shape[0] - 1):', '    loss += np.sum(y_true[n + 1] - y_true[n])', 'return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']), undefined],
    ];
    await expectSiteLines(rows);
  });
});

describe('a correct file with same-file helpers: their reductions and returns, read as the graded functions\' sites, make no mistake', () => {
  const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
  const freqs = (body: string[]) => ['def compute_class_freqs(labels):', ...body.map((l) => `    ${l}`), '', ''].join('\n');
  const files = [
    // a frequency helper (np.mean and its return), a term helper (log and return)
    loss(['loss = 0.0', 'for i in range(len(pos_weights)):', `    loss += -np.mean(term(${yt('i')}, ${yp('i')}, pos_weights[i], epsilon) + term(1 - ${yt('i')}, 1 - ${yp('i')}, neg_weights[i], epsilon))`, 'return loss'], {
      before: 'def frac(labels):\n    return np.mean(labels, axis=0)\n\n\ndef term(y, p, w, epsilon):\n    return w * y * np.log(p + epsilon)\n\n\n'
        + freqs(['positive_frequencies = frac(labels)', 'negative_frequencies = 1 - positive_frequencies', 'return positive_frequencies, negative_frequencies']),
    }),
    // a helper with a loop and an early return (a search), and a helper summing over axis 1 of its own
    loss(['pos = pos_weights * y_true * np.log(y_pred + epsilon)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', 'return -np.sum(np.mean(pos + neg, axis=0))'], {
      before: 'def first_positive(col):\n    for n in range(len(col)):\n        if col[n] == 1:\n            return n\n    return -1\n\n\ndef row_sum(a):\n    return np.sum(a, axis=1)\n\n\n'
        + freqs(['N = labels.shape[0]', 'positive_frequencies = np.sum(labels, axis=0) / N', 'negative_frequencies = np.sum(labels == 0, axis=0) / N', 'return positive_frequencies, negative_frequencies']),
    }),
  ];

  it('the right values with those sites: no mistake, no line', async () => {
    const suite = await loadSuite([PUBLIC_SUITE]);
    const fs = await functionsOf(files);
    for (const [k, functions] of fs.entries()) {
      const run = lossRun(suite, (_c, e) => e);
      if (!run.load.ok) throw new Error('unreachable');
      const r = await gradeSuite(suite, { ...run, load: { ...run.load, functions: { ...run.load.functions, ...functions } } }, ctx);
      expect([k, r.mistakes.map((m) => m.id)]).toEqual([k, []]);
    }
  });
});

describe('a helper\'s return is not the graded function\'s line', () => {
  it('loss-not-scalar and freqs-swapped name the graded function\'s return, not its helper\'s', async () => {
    const before = 'def frac(labels):\n    return np.mean(labels, axis=0)\n\n\ndef term(y, p, w, epsilon):\n    return w * y * np.log(p + epsilon)\n\n\n'
      + 'def compute_class_freqs(labels):\n    negative_frequencies = frac(labels)\n    positive_frequencies = 1 - negative_frequencies\n    return positive_frequencies, negative_frequencies\n\n\n';
    const src = loss(['return -np.mean(term(y_true, y_pred, pos_weights, epsilon) + term(1 - y_true, 1 - y_pred, neg_weights, epsilon), axis=0)'], { before });
    await expectSiteLines([
      ['loss-not-scalar: the loss\'s return', 'loss-not-scalar', src, ['return -np.mean(term(y_true, y_pred, pos_weights, epsilon) + term(1 - y_true, 1 - y_pred, neg_weights, epsilon), axis=0)']],
      ['freqs-swapped: compute_class_freqs\'s return', 'freqs-swapped', src, ['return positive_frequencies, negative_frequencies']],
    ]);
  });
});
