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
import { PACKAGE_ROOT, PYTHON_DIR } from '../../../src/paths.js';

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
