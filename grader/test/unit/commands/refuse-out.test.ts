/**
 * refuseOutAmongSubmissions refuses two ways of mixing --out with the files graded: a path graded
 * inside --out's results/ (the reports land among them), and --out inside a folder graded (the
 * folder itself, or a learner's folder in it). With paths wrong in both ways, the results/ sentence
 * is the one said, whichever path comes first.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseOutAmongSubmissions } from '../../../src/commands/grade.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-refuse-out-'));
  await mkdir(join(tmp, 'class', 'out', 'results'), { recursive: true });
  await writeFile(join(tmp, 'class', 'alice.py'), '');
  await writeFile(join(tmp, 'class', 'out', 'results', 'bob.py'), '');
  await mkdir(join(tmp, 'other'), { recursive: true });
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** The sentence refuseOutAmongSubmissions throws for these paths and --out, or null. */
async function said(paths: string[], out: string): Promise<string | null> {
  return refuseOutAmongSubmissions(join(tmp, out), paths.map((p) => join(tmp, p)), out).then(
    () => null,
    (e: Error) => e.message.replaceAll(tmp, '<tmp>'),
  );
}

const REPORTS = "<tmp>/class/out/results/bob.py is inside class/out/results, where --out class/out puts its reports, so they would be written among the files graded; choose another --out (e.g. --out wlgrade-results).";
const LEARNER = "--out class/out is a learner's folder in <tmp>/class (it holds a .py, .ipynb or .zip): it would be graded as a learner and the results written among its files; choose a folder outside <tmp>/class, or a new folder in it (e.g. --out <tmp>/class/wlgrade-results).";
const GRADED = "--out class is the folder being graded (<tmp>/class), so the results would be written among the learners' files; choose a folder outside it, or a new folder inside it (e.g. --out <tmp>/class/wlgrade-results).";

describe('refuseOutAmongSubmissions', () => {
  it.each([
    ['a path inside results/ alone', ['class/out/results/bob.py'], 'class/out', REPORTS],
    ['--out in a learner\'s folder alone', ['class'], 'class/out', LEARNER],
    ['--out the folder graded', ['other', 'class'], 'class', GRADED],
    ['both ways wrong, the folder first: the results/ sentence', ['class', 'class/out/results/bob.py'], 'class/out', REPORTS],
    ['both ways wrong, the file first: the results/ sentence', ['class/out/results/bob.py', 'class'], 'class/out', REPORTS],
    ['neither', ['class'], 'other/out', null],
  ])('%s', async (_, paths, out, sentence) => {
    expect(await said(paths, out)).toBe(sentence);
  });
});
