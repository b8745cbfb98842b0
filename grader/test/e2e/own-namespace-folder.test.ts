/**
 * A learner's folder without __init__.py imported by itself (`import data`, data/ holding their
 * loader.py): Python makes it a namespace package, so `python hw.py` runs, while the grader sent
 * nothing for it (siblings.ts skipped a folder of no code) and the import failed: "No module named
 * 'data'", and a graded function using it was not graded (siblings 35). It is now sent as a
 * namespace package, from a folder and from a learner's zip.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { siblingsOf } from '../../src/siblings.js';
import { checkJson, ROOT, runCli } from '../helpers/cli.js';
import { correctWith } from '../helpers/correct-source.js';

const MAIN = correctWith('import numpy as np\nimport data', ["assert data.__name__ == 'data'", 'p = np.mean(labels, axis=0)', 'return p, 1 - p']);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-namespace-'));
  await mkdir(join(dir, 'one', 'data'), { recursive: true });
  await writeFile(join(dir, 'one', 'hw.py'), MAIN);
  await writeFile(join(dir, 'one', 'data', 'loader.py'), 'raise SystemExit("data/loader.py is never imported")\n');
  await writeFile(join(dir, 'one', 'data', 'train.csv'), 'a,b\n1,0\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a folder of the learner\'s without __init__.py, imported by itself', () => {
  it('is sent as a namespace package: its name, no code', () => {
    const sent = siblingsOf(join(dir, 'one', 'hw.py'), Buffer.from(MAIN));
    expect(sent.map((s) => [s.module, s.name, s.bytes.length, s.package])).toEqual([['data', 'data/', 0, true]]);
  });

  it('is imported by check as Python imports it, and nothing of the folder runs', async () => {
    const { exitCode, report } = await checkJson(join(dir, 'one', 'hw.py'), ['--sandbox', 'process']);
    expect([exitCode, report.score, report.maxScore, report.problems, report.notes]).toEqual([0, 23, 23, [], []]);
  });

  it("is imported by grade from a learner's zip", async () => {
    await mkdir(join(dir, 'subs'));
    execFileSync('zip', ['-qr', join(dir, 'subs', 'ann.zip'), 'hw.py', 'data'], { cwd: join(dir, 'one') });
    const r = await runCli(['grade', 'subs', '--out', 'out', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8')));
    expect(summary.rows.map((x) => [x.learner, x.score, x.problems ?? []])).toEqual([['ann', summary.maxScore, []]]);
  });

  it("named as Python's own module (a data folder csv/ beside `import csv`) is left to Python, and nothing is said of it", async () => {
    // Python's csv comes first, as beside `python hw.py`; the folder is no module the learner wrote, and was told "rename it".
    await mkdir(join(dir, 'std', 'csv'), { recursive: true });
    await writeFile(join(dir, 'std', 'csv', 'train.csv'), 'a,b\n1,0\n');
    await writeFile(join(dir, 'std', 'hw.py'), MAIN.replace('import data', 'import csv').replace("assert data.__name__ == 'data'", 'assert csv.reader'));
    const { exitCode, report } = await checkJson(join(dir, 'std', 'hw.py'), ['--sandbox', 'process']);
    expect([exitCode, report.score, report.problems, report.notes]).toEqual([0, 23, [], []]);
  });
});
