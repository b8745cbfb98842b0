/**
 * `wlgrade grade` as course staff run it: a whole folder of the bundled samples, every output
 * parsed back, resume and --force, and one sentence for each bad input.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { GradeReportSchema } from '../../src/schema/report.js';
import { execa } from 'execa';
import { cacheEnv, CLI, runCli, ROOT } from '../helpers/cli.js';
import { parseCsv } from '../unit/report/csv-parse.js';
import { makeBombZip, makeZip, renameEntries } from '../unit/batch/zip-helpers.js';
import { STAFF_POINTS } from '../helpers/suites.js';

let tmp: string;
const SAMPLES = ['correct/loop.py', 'correct/vectorised.py', 'mistakes/loss-sum-not-mean.py', 'mistakes/loss-no-epsilon.py', 'mistakes/loss-hardcoded-classes.py'];
const grade = (args: string[]) => runCli(['grade', ...args, '--sandbox', 'process', '--jobs', '2'], { cwd: tmp });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-grade-e2e-'));
  await mkdir(join(tmp, 'class'));
  for (const s of SAMPLES) await cp(join(ROOT, 'submissions', s), join(tmp, 'class', s.split('/')[1]!));
  await mkdir(join(tmp, 'class', 'nobody'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('wlgrade grade', () => {
  it('grade . --out results, run in the learners\' folder, takes neither its own --out nor an earlier run\'s for a learner', async () => {
    await mkdir(join(tmp, 'here'));
    for (const s of SAMPLES.slice(0, 2)) await cp(join(ROOT, 'submissions', s), join(tmp, 'here', s.split('/')[1]!));
    const inHere = (args: string[]) => runCli(['grade', ...args, '--sandbox', 'process', '--jobs', '2'], { cwd: join(tmp, 'here') });
    for (const out of ['results', 'results', 'results2']) {
      const r = await inHere(['.', '--out', out]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('Graded 2 of 2 learners');
      const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'here', out, 'summary.json'), 'utf8')));
      expect(summary.rows.map((x) => [x.learner, x.error])).toEqual([['loop', undefined], ['vectorised', undefined]]);
    }
  });

  it('grades a folder of samples with public + hidden cases and writes every output', async () => {
    const r = await grade(['class', '--out', 'out']);
    expect(r.stderr).toContain('[6/6]');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('6 learners · suites: public, hidden');
    expect(r.stdout).toMatch(/loss-sum-not-mean\s+1 {2}e\.g\. loss-sum-not-mean/);
    expect(r.stdout).toContain('nobody: class/nobody holds no .py or .ipynb file');
    expect(r.stdout).toContain('Graded 5 of 6 learners');

    const files = (await readdir(join(tmp, 'out', 'results'))).sort();
    expect(files).toEqual(['loop.json', 'loss-hardcoded-classes.json', 'loss-no-epsilon.json', 'loss-sum-not-mean.json', 'vectorised.json']);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'out', 'summary.json'), 'utf8')));
    expect(summary).toMatchObject({ learners: 6, graded: 5, errors: 1, reused: 0 });

    const csv = parseCsv(await readFile(join(tmp, 'out', 'grades.csv'), 'utf8'));
    const header = csv[0]!;
    for (const row of csv.slice(1)) {
      const learner = row[0]!;
      if (learner === 'nobody') continue;
      const report = GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, 'out', 'results', `${learner}.json`), 'utf8')));
      expect(report.learner).toBe(learner);
      expect(report.suites).toEqual(['public', 'hidden']);
      // One score everywhere: CSV total, CSV case columns and the JSON report agree.
      expect(Number(row[2])).toBe(report.score);
      for (const c of report.cases) expect(Number(row[header.indexOf(c.id)]), `${learner} ${c.id}`).toBe(c.points);
      expect(summary.rows.find((x) => x.learner === learner)!.score).toBe(report.score);
    }
    expect(existsSync(join(tmp, 'out'))).toBe(true);
    expect((await readdir(join(tmp, 'out'))).filter((f) => f.startsWith('.wlgrade-tmp'))).toEqual([]);
  });

  it('reuses unchanged results on a re-run, regrades an edited file, and --force regrades all', async () => {
    await rm(join(tmp, 'class', 'nobody'), { recursive: true });
    await writeFile(join(tmp, 'class', 'loop.py'), (await readFile(join(tmp, 'class', 'loop.py'), 'utf8')) + '\n# edited\n');
    const again = await grade(['class', '--out', 'out']);
    expect(again.exitCode).toBe(0);
    expect(again.stderr.match(/\(reused\)/g)).toHaveLength(4);
    expect(again.stderr).toMatch(new RegExp(`\\] loop: score ${STAFF_POINTS}/${STAFF_POINTS}, passed$`, 'm'));
    expect(again.stdout).toContain('Graded 5 of 5 learners (4 reused from an earlier run)');
    const forced = await grade(['class', '--out', 'out', '--force']);
    expect(forced.stderr).not.toContain('(reused)');
    expect(forced.stdout).not.toContain('graded again');
    expect(forced.stdout).toContain('5 learners');
  });

  it("a comment added to a case file regrades no one (the reports get the cases' new lines); a changed case regrades everyone", async () => {
    const cases = join(tmp, 'comment-cases.yaml');
    const text = await readFile(join(ROOT, 'cases', 'public.yaml'), 'utf8');
    await writeFile(cases, text);
    expect((await grade(['class', '--out', 'out-comment', '--cases', cases])).exitCode).toBe(0);
    const before = GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, 'out-comment', 'results', 'loop.json'), 'utf8')));
    await writeFile(cases, `# Reviewed by the TAs, week 3.\n\n${text}`);
    const commented = await grade(['class', '--out', 'out-comment', '--cases', cases]);
    // (nobody/, a folder with no file, is no report to reuse: there when this test runs alone.)
    expect(commented.stderr.split('\n').filter((l) => /^\[\d+\/\d+\] /.test(l) && !l.includes('(reused)') && !l.includes('] nobody: '))).toEqual([]);
    const after = GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, 'out-comment', 'results', 'loop.json'), 'utf8')));
    expect(after.cases.map((c) => c.source.line)).toEqual(before.cases.map((c) => c.source.line + 2));
    // A real change: one case's points.
    await writeFile(cases, `# Reviewed by the TAs, week 3.\n\n${text.replace(/^(\s+- id: [^\n]+\n)/m, '$1    points: 5\n')}`);
    const changed = await grade(['class', '--out', 'out-comment', '--cases', cases]);
    expect(changed.exitCode).toBe(0);
    expect(changed.stderr).toMatch(/\] loop: score \d+\/\d+, passed$/m);
    expect(changed.stderr).not.toContain('(reused)');
    // Said, so a TA who fixed one case can tell this from a reuse that broke (staff 29); a comment is no change.
    expect(changed.stdout).toMatch(/^All \d+ learners graded before into out-comment were graded against other cases \(a case added, removed or changed since\): they are graded again\.$/m);
    expect(commented.stdout).not.toContain('graded again');
  });

  it('an interrupted batch (Ctrl-C, a cancelled CI job) removes what it unpacked, says so and how to resume, and the next run reuses what it graded', async () => {
    // Each learner's file sleeps a little as it loads, so the batch is still running when it is interrupted.
    const slow = (await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8')) + '\nimport time\ntime.sleep(0.4)\n';
    const files = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((l) => [`${l}.py`, slow]));
    await writeFile(join(tmp, 'slow.zip'), await makeZip(files));
    const child = execa(process.execPath, [CLI, 'grade', 'slow.zip', '--out', 'out-intr', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process', '--jobs', '1'], { cwd: tmp, env: { NO_COLOR: '1', ...cacheEnv() }, reject: false, timeout: 100_000 });
    child.stderr!.on('data', (d: Buffer) => {
      if (/^\[1\/6\]/m.test(String(d))) child.kill('SIGINT');
    });
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(130);
    const said = /wlgrade: interrupted \(SIGINT\) after (\d) of 6 learners; their reports in out-intr are kept, so running the same command again grades only the rest \(grades\.csv and summary\.json are written when a run finishes\)\./.exec(String(r.stderr));
    expect(said, String(r.stderr)).not.toBeNull();
    const graded = Number(said![1]);
    expect(graded).toBeLessThan(6);
    expect((await readdir(join(tmp, 'out-intr'))).filter((n) => n.startsWith('.wlgrade-tmp-'))).toEqual([]);
    const again = await runCli(['grade', 'slow.zip', '--out', 'out-intr', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process', '--jobs', '2'], { cwd: tmp });
    expect(again.exitCode, again.stderr).toBe(0);
    // Every learner graded before the interrupt is reused (one that finished while it was handled may be too).
    const reused = /Graded 6 of 6 learners \((\d) reused from an earlier run\)/.exec(again.stdout);
    expect(reused, again.stdout).not.toBeNull();
    expect(Number(reused![1])).toBeGreaterThanOrEqual(graded);
    expect(again.stderr.match(/\(reused\)$/gm) ?? []).toHaveLength(Number(reused![1]));
  });

  it('a batch killed outright (SIGKILL) leaves its unpacked files, which the next batch into that --out removes; a folder of a running batch stays', async () => {
    const slow = (await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8')) + '\nimport time\ntime.sleep(0.4)\n';
    await writeFile(join(tmp, 'slow9.zip'), await makeZip(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((l) => [`${l}.py`, slow]))));
    const args = ['grade', 'slow9.zip', '--out', 'out-kill', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process', '--jobs', '1'];
    const child = execa(process.execPath, [CLI, ...args], { cwd: tmp, env: { NO_COLOR: '1', ...cacheEnv() }, reject: false, timeout: 100_000 });
    child.stderr!.on('data', (d: Buffer) => {
      if (/^\[1\/6\]/m.test(String(d))) child.kill('SIGKILL');
    });
    await child;
    const leftover = (await readdir(join(tmp, 'out-kill'))).filter((n) => n.startsWith('.wlgrade-tmp-'));
    expect(leftover).toHaveLength(1);
    // A scratch folder of a batch still running (this test's process), and one without an owner: kept.
    await mkdir(join(tmp, 'out-kill', '.wlgrade-tmp-running'));
    await writeFile(join(tmp, 'out-kill', '.wlgrade-tmp-running', 'owner'), `${process.pid} ${hostname()}\n`);
    await mkdir(join(tmp, 'out-kill', '.wlgrade-tmp-unknown'));
    const again = await runCli(args, { cwd: tmp });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('Removed 1 temporary folder (.wlgrade-tmp-*) that an earlier batch, killed before it could, left in out-kill.');
    expect((await readdir(join(tmp, 'out-kill'))).filter((n) => n.startsWith('.wlgrade-tmp-')).sort()).toEqual(['.wlgrade-tmp-running', '.wlgrade-tmp-unknown']);
  });

  it("a file that does not load in time on a second run, unchanged, under the same options, is the file's: LOAD_TIMEOUT_AGAIN, 0 in export lms, kept by the next run; a larger --timeout grades it again", async () => {
    // Red team 27: a default argument that loops for ever was LOAD_TIMEOUT on every run, graded
    // again each time and blank in export lms, for functions that earn nothing.
    const dir = join(tmp, 'loops');
    await mkdir(join(dir, 'class'), { recursive: true });
    await writeFile(join(dir, 'class', 'ada.py'), 'import numpy as np\n\n\ndef compute_class_freqs(labels, _=[0 for _ in iter(int, 1)]):\n    return np.zeros(3), np.zeros(3)\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    return lambda y_true, y_pred: 0.0\n');
    const run = (timeout: string) =>
      runCli(['grade', 'class', '--out', 'out', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process', '--jobs', '1', '--timeout', timeout], { cwd: dir });
    const problems = async () => BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'))).rows[0]!;
    await run('2');
    expect((await problems()).problems).toEqual(['LOAD_TIMEOUT']);
    const second = await run('2');
    const row = await problems();
    expect([row.problems, row.reused]).toEqual([['LOAD_TIMEOUT_AGAIN'], false]);
    expect(second.stdout).toContain('ada.py: loading the submission (its top-level code) did not finish within 2 s, on two grade runs of this unchanged file');
    await run('2');
    expect([(await problems()).problems, (await problems()).reused]).toEqual([['LOAD_TIMEOUT_AGAIN'], true]);
    await writeFile(join(dir, 'roster.csv'), 'id,Weighted loss\nada,\n');
    const lms = await runCli(['export', 'lms', '--results', 'out', '--roster', 'roster.csv', '--column', 'Weighted loss', '--out', 'lms.csv'], { cwd: dir });
    expect(lms.exitCode).toBe(0);
    expect((await readFile(join(dir, 'lms.csv'), 'utf8')).split(/\r?\n/)).toEqual(['id,Weighted loss', 'ada,0', '']);
    // Other options: a first time-out again, graded afresh.
    await run('3');
    expect([(await problems()).problems, (await problems()).reused]).toEqual([['LOAD_TIMEOUT'], false]);
  });

  it("a file whose load kills its own process on a second run, unchanged, is the file's: LOAD_CRASH_AGAIN, 0 in export lms, kept by the next run", async () => {
    // Red team 28: a default argument calling os.kill(os.getpid(), SIGKILL) was LOAD_CRASH (an OOM
    // kill looks the same) on every run, graded again each time and blank in export lms.
    const dir = join(tmp, 'kills');
    await mkdir(join(dir, 'class'), { recursive: true });
    await cp(join(ROOT, 'grader', 'test', 'adversarial', 'fixtures', 'kill-in-default.py'), join(dir, 'class', 'kai.py'));
    const run = () => runCli(['grade', 'class', '--out', 'out', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process', '--jobs', '1'], { cwd: dir });
    const row = async () => BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'))).rows[0]!;
    await run();
    expect((await row()).problems).toEqual(['LOAD_CRASH']);
    const second = await run();
    expect([(await row()).problems, (await row()).reused]).toEqual([['LOAD_CRASH_AGAIN'], false]);
    expect(second.stdout).toContain('kai.py: the Python process ended while loading the submission (killed by signal SIGKILL), on two grade runs of this unchanged file, so it counts as not loading at all');
    expect(second.stdout).toContain("1 learner's file did not load on two grade runs, the second time ending the Python process (LOAD_CRASH_AGAIN), and counts 0");
    await run();
    expect([(await row()).problems, (await row()).reused]).toEqual([['LOAD_CRASH_AGAIN'], true]);
    await writeFile(join(dir, 'roster.csv'), 'id,Weighted loss\nkai,\n');
    const lms = await runCli(['export', 'lms', '--results', 'out', '--roster', 'roster.csv', '--column', 'Weighted loss', '--out', 'lms.csv'], { cwd: dir });
    expect(lms.exitCode).toBe(0);
    expect((await readFile(join(dir, 'lms.csv'), 'utf8')).split(/\r?\n/)).toEqual(['id,Weighted loss', 'kai,0', '']);
  });

  it("a file whose code sends the runner's internal-error record on every run (a new message each time) counts 0 on the second run: INTERNAL_ERROR, then INTERNAL_ERROR_AGAIN, 0 in export lms, kept", async () => {
    // Red team 28 / rows 29: learner code reads the run's token in memory and sends the runner's own
    // "internal" record: a blank "wlgrade failed" row, graded again on every run, never a 0.
    const dir = join(tmp, 'forges');
    await mkdir(join(dir, 'class'), { recursive: true });
    await cp(join(ROOT, 'grader', 'test', 'adversarial', 'fixtures', 'forge-internal.py'), join(dir, 'class', 'fay.py'));
    const run = () => runCli(['grade', 'class', '--out', 'out', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process', '--jobs', '1'], { cwd: dir });
    const row = async () => BatchSummarySchema.parse(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'))).rows[0]!;
    const first = await run();
    expect([(await row()).problems, (await row()).score]).toEqual([['INTERNAL_ERROR'], null]);
    expect(first.stdout).toContain("1 learner's file was not graded because wlgrade's runner reported an internal error grading it (INTERNAL_ERROR)");
    expect(first.stderr).toContain("wlgrade's runner failed (RecursionError: ");
    const second = await run();
    expect([(await row()).problems, (await row()).score, (await row()).reused]).toEqual([['INTERNAL_ERROR_AGAIN'], 0, false]);
    expect(second.stdout).toContain("fay.py: wlgrade's runner reported an internal error on two grade runs of this unchanged file, so it counts 0: ");
    expect(second.stdout).toContain("1 learner's file met an internal error of wlgrade's runner on two grade runs, unchanged (INTERNAL_ERROR_AGAIN), and counts 0");
    await run();
    expect([(await row()).problems, (await row()).reused]).toEqual([['INTERNAL_ERROR_AGAIN'], true]);
    await writeFile(join(dir, 'roster.csv'), 'id,Weighted loss\nfay,\n');
    const lms = await runCli(['export', 'lms', '--results', 'out', '--roster', 'roster.csv', '--column', 'Weighted loss', '--out', 'lms.csv'], { cwd: dir });
    expect(lms.exitCode).toBe(0);
    expect((await readFile(join(dir, 'lms.csv'), 'utf8')).split(/\r?\n/)).toEqual(['id,Weighted loss', 'fay,0', '']);
  });

  it('lists learners who handed in byte-identical files, after the summary', async () => {
    await mkdir(join(tmp, 'same'));
    for (const l of ['zed', 'amy']) await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'same', `${l}.py`));
    await cp(join(ROOT, 'submissions', 'correct', 'vectorised.py'), join(tmp, 'same', 'bob.py'));
    const r = await grade(['same', '--out', 'out-same']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('\n2 learners handed in byte-identical files, in 1 group (copied work, or the template unchanged): check them before the grades go out.\n  amy, zed');
    const distinct = await grade(['class', '--out', 'out']);
    expect(distinct.stdout).not.toContain('byte-identical');
  });

  it('says which reports in results/ are left from an earlier run of other learners', async () => {
    await mkdir(join(tmp, 'cohort-a'));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'cohort-a', 'ana.py'));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'cohort-a', 'bo.py'));
    const pub = ['--cases', join(ROOT, 'cases', 'public.yaml')];
    expect((await grade(['cohort-a', '--out', 'out-stale', ...pub])).exitCode).toBe(0);
    await rm(join(tmp, 'cohort-a', 'bo.py'));
    const again = await grade(['cohort-a', '--out', 'out-stale', ...pub]);
    expect(again.exitCode).toBe(0);
    const results = join(tmp, 'out-stale', 'results');
    expect(again.stdout.split('\n')).toContain(`1 report in ${results} is from an earlier run and read by nothing now (not grades.csv, summary.json or export lms): bo.json (of a learner not in this run); delete it with: rm -- '${results}/bo.json'`);
  });

  it('says which reports an upgrade renamed, or a learner who left, left in results/, with the command that deletes them and nothing else', async () => {
    await mkdir(join(tmp, 'cohort-b'));
    for (const l of ['ana', 'bo', "d'arcy"]) await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'cohort-b', `${l}.py`));
    const pub = ['--cases', join(ROOT, 'cases', 'public.yaml')];
    expect((await grade(['cohort-b', '--out', "out re'named $HOME", ...pub])).exitCode).toBe(0);
    const results = join(tmp, "out re'named $HOME", 'results');
    // An --out whose name the shell would split or end a quote at; ana's report under the name an older wlgrade gave it; d'arcy gone from the batch; a file that is no report, which grade did not write.
    await cp(join(results, 'ana.json'), join(results, 'ANA.json'));
    await rm(join(tmp, 'cohort-b', "d'arcy.py"));
    await writeFile(join(results, 'notes.json'), '{"mine": true}\n');
    const again = await grade(['cohort-b', '--out', "out re'named $HOME", ...pub]);
    expect(again.exitCode, again.stderr).toBe(0);
    const line = again.stdout.split('\n').find((l) => /^\d+ reports? in /.test(l))!;
    const q = (p: string) => `'${join(tmp, p).replace(/'/g, "'\\''")}'`;
    expect(line).toBe(
      `2 reports in ${results} are from an earlier run and read by nothing now (not grades.csv, summary.json or export lms): ANA.json (ana's, whose report is now ana.json), d_arcy.json (of a learner not in this run); delete them with: rm -- ${q("out re'named $HOME/results/ANA.json")} ${q("out re'named $HOME/results/d_arcy.json")}`,
    );
    // The command does what it says, pasted in any folder (--out is named absolute): those two go, this run's reports and the other file stay.
    execFileSync('sh', ['-c', line.slice(line.indexOf('rm -- '))], { cwd: tmpdir() });
    expect((await readdir(results)).sort()).toEqual(['ana.json', 'bo.json', 'notes.json']);
  });

  it('lists many stale reports in a file its command reads, not on one ever-growing line; the list goes once they are gone', async () => {
    // One `rm -- 'a' 'b' …` named every learner who left: a MOOC's thousands made a line of megabytes.
    await mkdir(join(tmp, 'cohort-c'));
    const left = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'];
    for (const l of ['stays', ...left]) await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'cohort-c', `${l}.py`));
    const pub = ['--cases', join(ROOT, 'cases', 'public.yaml')];
    expect((await grade(['cohort-c', '--out', 'out many $HOME', ...pub])).exitCode).toBe(0);
    for (const l of left) await rm(join(tmp, 'cohort-c', `${l}.py`));
    const again = await grade(['cohort-c', '--out', 'out many $HOME', ...pub]);
    expect(again.exitCode, again.stderr).toBe(0);
    const line = again.stdout.split('\n').find((l) => /^\d+ reports? in /.test(l))!;
    const many = join(tmp, 'out many $HOME');
    expect(line).toBe(
      `7 reports in ${many}/results are from an earlier run and read by nothing now (not grades.csv, summary.json or export lms): l1.json (of a learner not in this run), l2.json (of a learner not in this run), l3.json (of a learner not in this run) and 4 more; their paths are listed in ${many}/stale-reports.txt; delete them with: while IFS= read -r f; do rm -- "$f"; done < '${many}/stale-reports.txt'`,
    );
    expect(await readFile(join(tmp, 'out many $HOME', 'stale-reports.txt'), 'utf8')).toBe(left.map((l) => `${many}/results/${l}.json\n`).join(''));
    // All that follows "with: " is the command, pasted whole, in any folder.
    execFileSync('sh', ['-c', line.slice(line.indexOf('delete them with: ') + 18)], { cwd: tmpdir() });
    expect(await readdir(join(tmp, 'out many $HOME', 'results'))).toEqual(['stays.json']);
    const third = await grade(['cohort-c', '--out', 'out many $HOME', ...pub]);
    expect(third.stdout).not.toMatch(/reports? in .* from an earlier run/);
    expect(existsSync(join(tmp, 'out many $HOME', 'stale-reports.txt'))).toBe(false);
  });

  it("tells the learner, in their report, which of their files was graded", async () => {
    await mkdir(join(tmp, 'several', 'ana', 'old'), { recursive: true });
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'several', 'ana', 'final.py'));
    await writeFile(join(tmp, 'several', 'ana', 'old', 'draft.py'), 'def compute_class_freqs(labels):\n    return None\n');
    const r = await grade(['several', '--out', 'out-several', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, 'out-several', 'results', 'ana.json'), 'utf8')));
    expect(report.notes[0]).toBe('Your submission holds 2 Python files: this grades final.py (it defines both graded functions), not old/draft.py. To have another file graded, submit that file alone.');
  });

  it('grades a Gradescope-style export zip', async () => {
    const body = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    await writeFile(join(tmp, 'export.zip'), await makeZip({ 'export/submission_1/hw.py': body, 'export/submission_metadata.yml': 'x: 1' }));
    const r = await grade(['export.zip', '--out', 'out-zip', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('[1/1] submission_1: score 23/23, passed');
    expect(await readFile(join(tmp, 'out-zip', 'grades.csv'), 'utf8')).toContain('export.zip:submission_1/hw.py');
    // The report names the archive's entry, not the folder it was unpacked into (removed by now).
    const report = JSON.parse(await readFile(join(tmp, 'out-zip', 'results', 'submission_1.json'), 'utf8')) as { submission: { path: string } };
    expect(report.submission.path).toBe('export.zip:submission_1/hw.py');
  });

  it('a file that never reached a case through its own syntax error is an error row with blank case cells and a 0 in the statistics, as export lms gives it; one graded in part keeps its points', async () => {
    const loop = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    await mkdir(join(tmp, 'unloaded'));
    await writeFile(join(tmp, 'unloaded', 'alice.py'), loop);
    await writeFile(join(tmp, 'unloaded', 'erin.py'), 'def compute_class_freqs(labels)\n    pass\n');
    await writeFile(join(tmp, 'unloaded', 'fay.py'), loop.slice(0, loop.indexOf('def get_weighted_loss')));
    const r = await grade(['unloaded', '--out', 'out-unloaded', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Graded 3 of 3 learners');
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'out-unloaded', 'summary.json'), 'utf8')));
    expect(summary).toMatchObject({ learners: 3, graded: 3, errors: 2 });
    expect(summary.score.min).toBe(0); // erin's 0: her file ran and earned nothing
    expect(summary.distribution.find((d) => d.score === 6)?.learners).toBe(1); // fay's six compute_class_freqs cases
    const csv = parseCsv(await readFile(join(tmp, 'out-unloaded', 'grades.csv'), 'utf8'));
    const at = csv[0]!.indexOf('freqs-course-example');
    const row = (learner: string) => csv.find((x) => x[0] === learner)!;
    expect(row('erin').slice(1, 4)).toEqual(['error', '0', '23']);
    expect(row('erin')[at]).toBe('');
    expect(row('fay')[at]).toBe('1');
    expect(row('fay')[csv[0]!.indexOf('loss-two-classes')]).toBe('0');
    // Run again: erin's report is reused like the others, and her progress line says so (it read
    // as graded again, the only line of three without "(reused)").
    const again = await grade(['unloaded', '--out', 'out-unloaded', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(again.stdout).toContain('Graded 3 of 3 learners (3 reused from an earlier run)');
    expect(again.stderr).toMatch(/^\[\d\/3\] erin: error \(reused\): unloaded\/erin\.py:1: SyntaxError/m);
    expect(again.stderr.trimEnd().split('\n').filter((l) => !l.includes('(reused)'))).toEqual([]);
  });
});

describe('wlgrade grade: a Canvas download with an id that reads two ways', () => {
  it('says, after the summary, which learner ids to check before importing', async () => {
    await mkdir(join(tmp, 'canvas-doubt'));
    // A tab in the file's name is written \t, as on the progress lines (it was printed raw here).
    await cp(join(ROOT, 'submissions', 'correct/loop.py'), join(tmp, 'canvas-doubt', 'roejohn_99_555_7001_h\tw.py'));
    await cp(join(ROOT, 'submissions', 'correct/loop.py'), join(tmp, 'canvas-doubt', 'smithann_101_7002_hw.py'));
    const r = await grade(['canvas-doubt', '--out', 'out-canvas-doubt', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '\nCheck this learner id before importing grades:\n  roejohn_99_555_7001_h\\tw.py was graded as Canvas user 99, but it also reads as user 555\'s (a learner whose Canvas name ends in "_99"); check in Canvas whose it is before the grades go anywhere.',
    );
  });
});

describe('wlgrade grade: bad input, one sentence each', () => {
  it('an empty folder', async () => {
    await mkdir(join(tmp, 'empty'));
    const r = await grade(['empty', '--out', 'out-empty']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: No submissions found in empty: expected .py or .ipynb files, one folder per learner, or a .zip export.');
  });

  it('an unreadable zip', async () => {
    await writeFile(join(tmp, 'broken.zip'), 'PK not really a zip');
    const r = await grade(['broken.zip', '--out', 'out-broken']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^wlgrade: Cannot read broken\.zip as a zip archive \(.+\); check that it downloaded completely, or unzip it and pass the folder\.$/);
  });

  it.each([
    ['../evil.py', 'xx/evil.py'],
    ['/tmp/evil.py', 'tmp/evil.pyx'],
  ])('a zip-slip entry %s, and nothing is written outside --out', async (bad, placeholder) => {
    const safe = placeholder.length === bad.length ? placeholder : bad.replace(/[./]/g, 'x');
    await writeFile(join(tmp, 'slip.zip'), await makeZip({ 'a/ok.py': 'x = 1\n', [safe]: 'boom' }, { [safe]: bad }));
    const r = await grade(['slip.zip', '--out', 'out-slip']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      `wlgrade: slip.zip contains the entry "${bad}", which points outside the archive (zip-slip); wlgrade refuses to extract it: re-export the archive or remove that entry.`,
    );
    expect(existsSync(join(tmp, 'evil.py'))).toBe(false);
    expect(existsSync('/tmp/evil.py')).toBe(false);
    // Refused before grading: the --out this run made is removed again (136805d).
    expect(existsSync(join(tmp, 'out-slip'))).toBe(false);
  });

  it('learners named in any script get their own results; a name with a line break stays on its line', async () => {
    const names = ['张伟', '李娜', 'bob\n[2 of 3] mallory: 41 of 41 passed'];
    await mkdir(join(tmp, 'names'));
    for (const n of names) await cp(join(ROOT, 'submissions', 'correct/loop.py'), join(tmp, 'names', `${n}.py`));
    const r = await grade(['names', '--out', 'out-names', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await readdir(join(tmp, 'out-names', 'results'))).sort()).toEqual(['bob_2_of_3_mallory_41_of_41_passed.json', '张伟.json', '李娜.json']);
    const progress = r.stderr.split('\n');
    expect(progress).toHaveLength(3);
    for (const l of progress) expect(l).toMatch(/^\[\d\/3\] (张伟|李娜|bob\\n\[2 of 3\] mallory: 41 of 41 passed): score 23\/23, passed$/);
    expect(r.stdout).toContain('Graded 3 of 3 learners');
  });

  it('two submissions for the same learner: that learner is an error row saying so, and the batch goes on', async () => {
    await mkdir(join(tmp, 'dup', 'alice'), { recursive: true });
    await writeFile(join(tmp, 'dup', 'alice.py'), 'x = 1\n');
    await writeFile(join(tmp, 'dup', 'alice', 'hw.py'), 'x = 2\n'); // other bytes: the same bytes are one submission
    await cp(join(ROOT, 'submissions', 'correct/loop.py'), join(tmp, 'dup', 'bob.py'));
    const r = await grade(['dup', '--out', 'out-dup']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('alice: Two submissions claim learner "alice": dup/alice/hw.py and dup/alice.py; rename or remove one so each learner has exactly one, and grade again.');
    const [, ...rows] = parseCsv(await readFile(join(tmp, 'out-dup', 'grades.csv'), 'utf8'));
    expect(rows.map((row) => row.slice(0, 3))).toEqual([['alice', 'error', ''], ['bob', 'passed', String(STAFF_POINTS)]]); // grade runs the hidden cases too
  });

  it('one download handed in twice, as a folder and as its zip: each learner graded once, a note naming both sources', async () => {
    const loop = await readFile(join(ROOT, 'submissions', 'correct/loop.py'), 'utf8');
    await mkdir(join(tmp, 'dl'));
    await writeFile(join(tmp, 'dl', 'alice.py'), loop);
    await writeFile(join(tmp, 'dl', 'bob.py'), 'x = 1\n');
    await writeFile(join(tmp, 'dl.zip'), await makeZip({ 'alice.py': loop, 'bob.py': 'x = 1\n' }));
    const r = await grade(['dl', 'dl.zip', '--out', 'out-dl']);
    expect(r.stdout).not.toContain('Two submissions claim');
    expect(r.stdout).toContain('Graded 2 of 2 learners');
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'out-dl', 'summary.json'), 'utf8')));
    expect(summary.rows.map((row) => [row.learner, row.status, row.note])).toEqual([
      ['alice', 'passed', 'Handed in 2 times with byte-identical files (dl/alice.py, dl.zip:alice.py): graded once'],
      ['bob', 'error', 'Handed in 2 times with byte-identical files (dl/bob.py, dl.zip:bob.py): graded once'],
    ]);
  });

  it('a file far larger than any solution is that learner\'s error row, and the batch goes on', async () => {
    await mkdir(join(tmp, 'big'));
    await cp(join(ROOT, 'submissions', 'correct/loop.py'), join(tmp, 'big', 'alice.py'));
    // A correct solution padded with 11 MB of comments: past the 10 MB .py limit.
    const pad = `# ${'x'.repeat(1022)}\n`.repeat(11 * 1024);
    await writeFile(join(tmp, 'big', 'mallory.py'), (await readFile(join(ROOT, 'submissions', 'correct/loop.py'), 'utf8')) + pad);
    const r = await grade(['big', '--out', 'out-big']);
    expect(r.exitCode).toBe(0); // a learner's unusable file is that learner's row, not a failed run
    expect(r.stdout).toContain('mallory: mallory.py is 11 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.');
    const [header, ...rows] = parseCsv(await readFile(join(tmp, 'out-big', 'grades.csv'), 'utf8'));
    expect(header!.slice(0, 2)).toEqual(['learner', 'status']);
    expect(rows.map((row) => row.slice(0, 2))).toEqual([['alice', 'passed'], ['mallory', 'error']]);
    // The learner handed it in so: 0 in grades.csv (and export lms), not blank (red team 32b).
    expect(rows[1]![header!.indexOf('score')]).toBe('0');
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'out-big', 'summary.json'), 'utf8')));
    expect([summary.graded, summary.rows[1]!.score, summary.rows[1]!.problems]).toEqual([2, 0, ['FILE_TOO_LARGE']]);
  });

  it("an export zip where one learner uploaded a 513 MiB file and another's folder holds one name twice: those learners' rows say why, the others are graded", async () => {
    const body = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    const zip = await makeBombZip({ 'export/submission_1/hw.py': body, 'export/submission_2/loss.py': body, 'export/submission_2/losz.py': body }, 'export/submission_3/data.py', 513 * 2 ** 20);
    await writeFile(join(tmp, 'veto.zip'), renameEntries(zip, { 'submission_2/losz.py': 'submission_2/loss.py' }));
    const r = await grade(['veto.zip', '--out', 'out-veto', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('submission_2: veto.zip:submission_2 holds more than one entry named loss.py, so which one the learner meant is unclear; unzip the archive yourself, keep one, and pass the folder.');
    expect(r.stdout).toContain('submission_3: data.py is 513 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.');
    expect(r.stderr).toContain('submission_1: score 23/23, passed');
    // submission_3's file over the size limit counts 0 (FILE_TOO_LARGE), as a file that earned nothing does; submission_2's unclear folder stays blank.
    expect(r.stdout).toContain('Graded 2 of 3 learners');
  });

  it("a learner's zip that inflates 1000:1 into a file nothing grades is graded: that file is never unpacked", async () => {
    await mkdir(join(tmp, 'bombs'));
    const body = await readFile(join(ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');
    await writeFile(join(tmp, 'bombs', 'mallory.zip'), await makeBombZip({ 'loss.py': body }, 'pad.bin', 600 * 2 ** 20));
    const r = await grade(['bombs', '--out', 'out-bombs', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('[1/1] mallory: score 23/23, passed');
  });

  it('a symlink and a FIFO among the learners: each gets an error row saying so (never followed or opened), and the batch goes on', async () => {
    await mkdir(join(tmp, 'odd'));
    await cp(join(ROOT, 'submissions', 'correct/loop.py'), join(tmp, 'odd', 'alice.py'));
    await symlink('/etc/passwd', join(tmp, 'odd', 'linky.py'));
    execFileSync('mkfifo', [join(tmp, 'odd', 'fifo.py')]);
    const r = await grade(['odd', '--out', 'out-odd', '--cases', join(ROOT, 'cases', 'public.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("fifo: odd/fifo.py is not a regular file (a FIFO); wlgrade does not follow or open it: put the learner's file itself there.");
    expect(r.stdout).toContain("linky: odd/linky.py is not a regular file (a symlink); wlgrade does not follow or open it: put the learner's file itself there.");
    expect(r.stdout).toContain('Graded 1 of 3 learners');
  });

  it('an output folder that cannot be written', async () => {
    await writeFile(join(tmp, 'a-file'), '');
    const r = await grade(['class', '--out', 'a-file/out']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: Cannot write to the output folder a-file/out (ENOTDIR: a file stands where a folder must be); choose another --out or fix its permissions.');
  });

  it('an output folder whose name holds a line break (a script\'s name with its newline): refused in one line, nothing made', async () => {
    for (const [cmd, args] of [['grade', ['class']], ['merge', []]] as const) {
      const r = await runCli([cmd, ...args, '--out', 'res\nults', ...(cmd === 'grade' ? ['--sandbox', 'process'] : ['out'])], { cwd: tmp });
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toBe("wlgrade: --out res\\nults holds a line break, which would cut the reports' paths that wlgrade prints and lists one per line; choose a folder name without one.");
      expect(existsSync(join(tmp, 'res\nults'))).toBe(false);
    }
  });

  it("an output folder that is the folder graded, or a learner's folder in it: refused, nothing written there", async () => {
    // The reports, grades.csv and summary.json went among the learners' files, and that folder was
    // graded as a learner ("results", or on the next run an error row "results holds no .py").
    await mkdir(join(tmp, 'among', 'results'), { recursive: true });
    await cp(join(ROOT, 'submissions', SAMPLES[0]!), join(tmp, 'among', 'alice.py'));
    await cp(join(ROOT, 'submissions', SAMPLES[1]!), join(tmp, 'among', 'results', 'zed.py'));
    const said = {
      among: "wlgrade: --out among is the folder being graded (among), so the results would be written among the learners' files; choose a folder outside it, or a new folder inside it (e.g. --out among/wlgrade-results).",
      'among/': "wlgrade: --out among/ is the folder being graded (among), so the results would be written among the learners' files; choose a folder outside it, or a new folder inside it (e.g. --out among/wlgrade-results).",
      'among/results': "wlgrade: --out among/results is a learner's folder in among (it holds a .py, .ipynb or .zip): it would be graded as a learner and the results written among its files; choose a folder outside among, or a new folder in it (e.g. --out among/wlgrade-results).",
      'among/results/run1': "wlgrade: --out among/results/run1 is inside among/results, a learner's folder in among (it holds a .py, .ipynb or .zip): it would be graded as a learner and the results written among its files; choose a folder outside among, or a new folder in it (e.g. --out among/wlgrade-results).",
    };
    for (const [out, sentence] of Object.entries(said)) {
      const r = await grade(['among', '--out', out, '--cases', join(ROOT, 'cases', 'public.yaml')]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(sentence);
    }
    expect((await readdir(join(tmp, 'among'), { recursive: true })).sort()).toEqual(['alice.py', 'results', join('results', 'zed.py')]);
  });

  it("a folder or file graded that is --out's results/ or inside it (grade results --out .): refused, nothing written", async () => {
    // The reports went among the files graded, and the next run graded them as learners'.
    await mkdir(join(tmp, 'inout', 'results', 'deep'), { recursive: true });
    await cp(join(ROOT, 'submissions', SAMPLES[0]!), join(tmp, 'inout', 'results', 'alice.py'));
    await cp(join(ROOT, 'submissions', SAMPLES[1]!), join(tmp, 'inout', 'results', 'deep', 'bob.py'));
    const pub = ['--cases', join(ROOT, 'cases', 'public.yaml')];
    const said: Array<[string[], string]> = [
      [['inout/results', '--out', 'inout'], "wlgrade: inout/results is inout/results, where --out inout puts its reports, so they would be written among the files graded; choose another --out (e.g. --out wlgrade-results)."],
      [['inout/results/deep/bob.py', '--out', 'inout/'], "wlgrade: inout/results/deep/bob.py is inside inout/results, where --out inout/ puts its reports, so they would be written among the files graded; choose another --out (e.g. --out wlgrade-results)."],
    ];
    for (const [args, sentence] of said) {
      const r = await grade([...args, ...pub]);
      expect([r.exitCode, r.stderr]).toEqual([2, sentence]);
    }
    expect((await readdir(join(tmp, 'inout'), { recursive: true })).sort()).toEqual(['results', join('results', 'alice.py'), join('results', 'deep'), join('results', 'deep', 'bob.py')]);
    // A folder beside results/ in --out is no such folder: graded as ever.
    await mkdir(join(tmp, 'inout2', 'class'), { recursive: true });
    await cp(join(ROOT, 'submissions', SAMPLES[0]!), join(tmp, 'inout2', 'class', 'alice.py'));
    const ok = await grade(['inout2/class', '--out', 'inout2', ...pub]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(existsSync(join(tmp, 'inout2', 'results', 'alice.json'))).toBe(true);
  });

  it.runIf(existsSync('/proc/self'))('an output folder that cannot be made (under /proc): one sentence, not a hang', async () => {
    // node's mkdir({ recursive: true }) never settles there: mkdir says ENOENT, its parent EEXIST.
    const r = await runCli(['grade', 'class', '--out', '/proc/wlgrade-out', '--sandbox', 'process'], { cwd: tmp, timeoutMs: 20_000 });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: Cannot write to the output folder /proc/wlgrade-out (ENOENT: no such file or folder); choose another --out or fix its permissions.');
  });

  it('a path that does not exist', async () => {
    const r = await grade(['nowhere', '--out', 'out-nowhere']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: nowhere does not exist; pass folders, .zip exports or .py/.ipynb files to grade.');
    // The --out this run made is removed again, with no scratch folder left in it.
    expect(existsSync(join(tmp, 'out-nowhere'))).toBe(false);
  });

  it.each([
    ['a suite it refuses (a case no submission can pass)', ['--cases', join(ROOT, 'grader/test/fixtures/check/unpassable-case.yaml')], /^wlgrade: .*unpassable-case\.yaml:\d+: case "log-of-zero" is worth 1 point/],
    ['a case file that does not exist', ['--cases', 'no-such-cases.yaml'], /^wlgrade: Cannot read the case file .*no-such-cases\.yaml/],
    ['a learner path that does not exist', [], /^wlgrade: nowhere does not exist/],
  ])('stopped by %s, leaves no --out behind (nor the parents it made); an --out already there stays', async (_, args, said) => {
    const r = await grade([args.length ? 'class' : 'nowhere', '--out', 'refused/deep/out', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(said);
    expect(existsSync(join(tmp, 'refused'))).toBe(false);
    await mkdir(join(tmp, 'kept-out'));
    const again = await grade([args.length ? 'class' : 'nowhere', '--out', 'kept-out', ...args]);
    expect(again.exitCode).toBe(2);
    expect(await readdir(join(tmp, 'kept-out'))).toEqual([]);
    await rm(join(tmp, 'kept-out'), { recursive: true });
  });
});

describe('where bwrap does not work', () => {
  // A PATH that holds node and python3 only: no bwrap.
  let bin: string;
  let python: string;
  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), 'wlgrade-nobwrap-'));
    const { execa } = await import('execa');
    python = (await execa('python3', ['-c', 'import sys; print(sys.executable)'])).stdout.trim();
    const { symlink } = await import('node:fs/promises');
    await symlink(process.execPath, join(bin, 'node'));
    await symlink(python, join(bin, 'python3'));
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));
  const sub = join(ROOT, 'submissions', 'correct', 'loop.py');

  it('grade, gradescope and check --format classroom refuse a plain process unless --sandbox process is given; check falls back with a warning', async () => {
    const out = await mkdtemp(join(tmpdir(), 'wlgrade-nobwrap-out-'));
    const env = { PATH: bin };
    const refused = await runCli(['grade', sub, '--out', join(out, 'a'), '--python', python], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('the bwrap sandbox cannot be used here (bwrap is not installed (apt-get install bubblewrap)), and grading for marks does not fall back to a plain process');
    expect(existsSync(join(out, 'a', 'grades.csv'))).toBe(false);
    const gs = await runCli(['gradescope', '--submission-dir', join(ROOT, 'submissions', 'correct'), '--results', join(out, 'results.json'), '--python', python], { env });
    expect(gs.stderr).toContain('grading for marks does not fall back to a plain process');
    const asked = await runCli(['grade', sub, '--out', join(out, 'b'), '--python', python, '--sandbox', 'process'], { env });
    expect(asked.exitCode).toBe(0);
    expect(asked.stdout).toContain('Graded 1 of 1 learners');
    const check = await runCli(['check', sub, '--python', python], { env });
    expect(check.exitCode).toBe(0);
    expect(check.stderr).toContain('grading in a plain process (weaker isolation');
    // Classroom's points are marks: a submission in a plain process could rewrite what later runs read.
    const classroom = await runCli(['check', sub, '--python', python, '--format', 'classroom'], { env });
    expect(classroom.exitCode).toBe(2);
    expect(classroom.stderr).toContain('grading for marks does not fall back to a plain process');
    // The reporter still gets a result: the reason, and no points (the job's problem, not the learner's).
    expect(JSON.parse(classroom.stdout)).toMatchObject({ status: 'error', max_score: 0, tests: [{ name: 'SANDBOX_UNAVAILABLE (problem, 0 points)', score: 0 }] });
    // So with the Classroom result in a file (the workflow template's one check, staff 30).
    const file = join(out, 'classroom.json');
    const one = await runCli(['check', sub, '--python', python, '--format', 'github', '--out', `classroom=${file}`], { env });
    expect(one.exitCode).toBe(2);
    expect(one.stderr).toContain('grading for marks does not fall back to a plain process');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ status: 'error', max_score: 0, tests: [{ name: 'SANDBOX_UNAVAILABLE (problem, 0 points)', score: 0 }] });
    await rm(out, { recursive: true, force: true });
  });
});

describe.skipIf(!existsSync('/usr/bin/bwrap'))('a course folder on the Python path (bwrap)', () => {
  it('is not shown to submissions when it holds --out or the learners\' files: an earlier learner\'s results cannot be read', async () => {
    const course = await mkdtemp(join(tmpdir(), 'wlgrade-course-'));
    await chmod(course, 0o755); // readable by the sandbox's uid, as a course folder is
    try {
      await mkdir(join(course, 'subs'));
      await cp(join(ROOT, 'submissions', 'correct', 'vectorised.py'), join(course, 'subs', 'alice.py'));
      // Looks for the results folder (and alice's file) through every folder on sys.path.
      const thief = [
        'import os, sys',
        'def names(d):',
        '    try:',
        '        return os.listdir(d)',
        '    except OSError:',
        '        return []',
        'FOUND = sorted(p for d in sys.path for p in names(d) if p in ("out", "subs"))',
        'def compute_class_freqs(labels):',
        '    raise RuntimeError("FOUND %s" % FOUND)',
        'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
        '    return lambda y_true, y_pred: 0.0',
        '',
      ].join('\n');
      await writeFile(join(course, 'subs', 'zed.py'), thief);
      const r = await runCli(['grade', join(course, 'subs'), '--out', join(course, 'out'), '--jobs', '1'], { cwd: tmpdir(), env: { PYTHONPATH: course } });
      expect(r.exitCode, r.stderr).toBe(0);
      const zed = GradeReportSchema.parse(JSON.parse(await readFile(join(course, 'out', 'results', 'zed.json'), 'utf8')));
      const messages = zed.cases.filter((c) => c.function === 'compute_class_freqs').map((c) => c.message);
      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) expect(m).toContain('FOUND []');
    } finally {
      await rm(course, { recursive: true, force: true });
    }
  });
});
