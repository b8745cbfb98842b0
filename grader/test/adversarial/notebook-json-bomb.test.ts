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

/** A one-cell notebook of `src` whose cell metadata holds `n` empty lists (3 bytes each in the file). */
function notebook(src: string, n: number): string {
  const nb = { cells: [{ cell_type: 'code', execution_count: null, metadata: { x: '@@BOMB@@' }, outputs: [], source: src.split(/(?<=\n)/) }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  return JSON.stringify(nb).replace('"@@BOMB@@"', `[${'[],'.repeat(n)}[]]`);
}

describe('a notebook of millions of values outside its sources', () => {
  it("names a located mistake's line without building the whole document in the grader's heap", async () => {
    const src = await readFile(join(ROOT, 'submissions/mistakes/loss-sum-not-mean.py'), 'utf8');
    const file = join(dir, 'metadata-bomb.ipynb');
    await writeFile(file, notebook(src, 8_000_000)); // 24 MB: ~300 MB of JSON.parse's objects
    // 64 MiB of heap grades the plain notebook; JSON.parse of this one ran out of it (the grader
    // stopped with "JavaScript heap out of memory", exit 134).
    const r = await runCli(['check', '--json', '--sandbox', 'process', file], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(r.stderr).not.toContain('heap out of memory');
    expect(r.exitCode).toBe(1);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    const m = report.mistakes.find((x) => x.id === 'loss-sum-not-mean');
    expect(m?.location).toMatchObject({ cell: 1, line: 14, text: 'loss += -np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)' });
  });
});
