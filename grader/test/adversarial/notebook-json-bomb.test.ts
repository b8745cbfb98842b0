/**
 * A notebook whose JSON holds millions of small values outside its cells' sources (red team 31):
 * the grader reads the cells' lines for a located mistake's site, and JSON.parse built every value
 * of the whole document in the grader's own heap (a 50 MiB notebook of 16 million empty lists in a
 * cell's metadata: 740 MB and 15 s of the grading process, per file, where `grade` grades several at
 * once). The sandbox's Python reads it within its own memory limit; the grader must not pay for it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { ROOT, runCli } from '../helpers/cli.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-nb-bomb-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A notebook of `src`'s cell whose metadata holds `lists` empty lists, then `cells` empty cells (3 bytes each in the file). */
function notebook(src: string, lists: number, cells: number): string {
  const nb = { cells: [{ cell_type: 'code', execution_count: null, metadata: { x: '@@BOMB@@' }, outputs: [], source: src.split(/(?<=\n)/) }, '@@CELLS@@'], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  return JSON.stringify(nb).replace('"@@BOMB@@"', `[${'[],'.repeat(lists)}[]]`).replace(',"@@CELLS@@"', ',{}'.repeat(cells));
}

describe('a notebook of millions of values outside its sources', () => {
  // 128 MiB of heap grades the plain notebook. JSON.parse of the first ran out of it (the grader
  // stopped with "JavaScript heap out of memory", exit 134), and so did a reader that built a node
  // for each of the second's cells.
  it.each([
    { what: '8 million empty lists in its metadata', lists: 8_000_000, cells: 0, located: true },
    { what: '3 million empty cells', lists: 0, cells: 3_000_000, located: false },
  ])("$what: the mistake is named without building the whole document in the grader's heap", async ({ lists, cells, located }) => {
    const src = await readFile(join(ROOT, 'submissions/mistakes/loss-sum-not-mean.py'), 'utf8');
    const file = join(dir, 'bomb.ipynb');
    await writeFile(file, notebook(src, lists, cells));
    const r = await runCli(['check', '--json', '--sandbox', 'process', file], { env: { NODE_OPTIONS: '--max-old-space-size=128' } });
    expect(r.stderr).not.toContain('heap out of memory');
    expect(r.exitCode).toBe(1);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    const m = report.mistakes.find((x) => x.id === 'loss-sum-not-mean');
    expect(m).toBeDefined();
    // Past MAX_BUILT cells the notebook's lines are not read (notebook-json.ts): the mistake is named, not placed.
    if (located) expect(m?.location).toMatchObject({ cell: 1, line: 14, text: 'loss += -np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)' });
    else expect(m?.location).toBeUndefined();
  });

  it("40 million newlines after its cells: check --format github places the mistake's annotation without a list of every line", async () => {
    // notebookFileLines kept each newline's place (8 bytes a line): out of 128 MiB of heap.
    const src = await readFile(join(ROOT, 'submissions/mistakes/loss-sum-not-mean.py'), 'utf8');
    const file = join(dir, 'newlines.ipynb');
    const text = notebook(src, 0, 0);
    await writeFile(file, `${text.slice(0, -1)}${'\n'.repeat(40_000_000)}}`);
    const r = await runCli(['check', '--format', 'github', '--sandbox', 'process', file], { env: { NODE_OPTIONS: '--max-old-space-size=128', GITHUB_STEP_SUMMARY: '' } });
    expect(r.stderr).not.toContain('heap out of memory');
    expect(r.exitCode).toBe(1);
    // The notebook's JSON is one line: the cell's lines are all on line 1 of the file.
    expect(r.stdout).toMatch(/^::error file=.*newlines\.ipynb,line=1,.*loss-sum-not-mean/m);
  });
});
