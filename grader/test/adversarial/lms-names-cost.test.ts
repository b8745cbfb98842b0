/**
 * `grade` reads a download's entry names as each LMS writes them (discover.ts, lmsLayout), every
 * layout's pattern on every entry, in the grader's own thread before any learner is graded. Each
 * pattern ran to the end of the name from every place a reading could start, and a name with a
 * line break (`\n`, `\r`, U+2028, U+2029: `.` matches none) failed only there: quadratic in one
 * name (red team 36: a 64 KB entry `x_1_1_1…_1\u2028.py` took 9 s in Canvas's pattern, `1 - a -
 * Jan 1, 2024 1 - …` 12 s in Brightspace's; red team 35b had fixed canvasReadings' own scan of such
 * names, not the layouts'). Each pattern now reads the name as one line first.
 *
 * The CLI grades a zip of such names (the built dist/, in a child process, warm pool and --no-pool):
 * with the old patterns it does not finish before its watchdog (minutes of work), with the new ones
 * the learner beside them is graded. The readings themselves are checked against the old patterns
 * on random names.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lmsLayout } from '../../src/batch/discover.js';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { rng } from '../helpers/rng.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { makeZip } from '../unit/batch/zip-helpers.js';

/** Names of about 64 KB (a zip entry's most) with a line break after many places a reading could start. */
const HOSTILE = [
  (k: number) => `x${'_1'.repeat(31_990)}_${k}\u2028.py`, // Canvas
  (k: number) => `anon_Ab3xZ${'_1'.repeat(31_990)}_${k}\n.py`, // Canvas anonymous, then Canvas
  (k: number) => `1 - a${' - Jan 1, 2024 1'.repeat(3_990)}${k}\u2029.py`, // Brightspace
  (k: number) => `x${'_1_assignsubmission_a'.repeat(2_990)}_${k}\r.py`, // Moodle
  (k: number) => `x${'_attempt_2024-01-01-01-01-01'.repeat(2_280)}_${k}\n.py`, // Blackboard
];

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe.each([
  { via: 'warm pool', args: [] as string[] },
  { via: 'cold', args: ['--no-pool'] },
])('grade, $via: a download whose entry names hold a line break after many would-be readings', ({ args }) => {
  it('is read at once: the learner beside 60 such 64 KB names is graded, each of them an error row of its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-lms-names-'));
    dirs.push(dir);
    const files: Record<string, string> = { 'alice.py': await readFile(join(ROOT, 'submissions', 'correct', 'exact-fractions.py'), 'utf8') };
    for (let k = 0; k < 60; k++) files[HOSTILE[k % HOSTILE.length]!(k)] = 'x = 1\n';
    await writeFile(join(dir, 'export.zip'), await makeZip(files));
    // The watchdog only keeps the old patterns from holding the suite (minutes): the new ones read
    // these names in milliseconds, and the run's time is Python's.
    const r = await runCli(['grade', join(dir, 'export.zip'), '--out', join(dir, 'out'), '--sandbox', 'process', '--jobs', '1', ...args], { timeoutMs: 100_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8')));
    expect(summary.rows).toHaveLength(61);
    const alice = summary.rows.find((row) => row.learner === 'alice')!;
    expect(alice.score).toBe(alice.maxScore);
    expect(summary.rows.filter((row) => row.learner !== 'alice').every((row) => row.error !== undefined)).toBe(true);
  }, 120_000);
});

/** The layouts' patterns as they stood, without the one-line lookahead: the oracle for what they read. */
const OLD: Record<string, RegExp> = {
  'Brightspace submission': /^(\d+)(?:-(\d+))? - (.+?) - ((?:\p{L}+\.? \d{1,2}|\d{1,2}\.? \p{L}+\.?),? \d{4},? \d{1,4}(?::\d{2})?(?: ?[AaPp]\.?[Mm]\.?)?)(?: - (.+))?$/u,
  'Canvas anonymous submission': /^(?:LATE_)?anon_([1-9A-HJ-NP-Za-km-z]{5})_(\d+)_(.+)$/,
  'Canvas user': /^.+?_(?:LATE_)?(\d+)_(\d+)_(.+)$/,
  'Moodle participant': /^(.+?)_(\d+)_assign(?:submission|feedback)_[a-z]+_(.*)$/,
  'Blackboard user': /^(.+?)_attempt_(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_?(.*)$/,
};

describe('lmsLayout: the one-line lookahead reads every name as the patterns did', () => {
  it('finds the same layout, learners and files as the old patterns on random names with and without line breaks', () => {
    const pieces = ['_', '_', '_7_', '1', '99', '12345', 'LATE_', 'anon_Ab3xZ', '_assignsubmission_file_', '_attempt_2024-01-31-10-00-00', ' - ', 'Jan 5, 2024 10:03 AM', 'a', 'john', '\n', '\r', '\u2028', '\u2029', 'é', '.py'];
    const { next } = rng(36);
    let matched = 0;
    for (let k = 0; k < 20_000; k++) {
      const n = 1 + Math.floor(next() * 10);
      let name = '';
      for (let j = 0; j < n; j++) name += pieces[Math.floor(next() * pieces.length)]!;
      name += '.py';
      const old = Object.entries(OLD).find(([, re]) => re.test(name))?.[0];
      const layout = lmsLayout([{ name, kind: 'file' }]);
      if (old === undefined) {
        expect(layout, JSON.stringify(name)).toBeNull();
        continue;
      }
      matched++;
      expect(layout, JSON.stringify(name)).not.toBeNull();
      expect(layout!.who(name).startsWith(`${old} `), JSON.stringify([name, old, layout!.who(name)])).toBe(true);
    }
    expect(matched).toBeGreaterThan(1_000);
  });
});
