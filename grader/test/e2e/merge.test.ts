/**
 * `wlgrade merge` on shard folders someone edited after grading: the gradebook follows the
 * reports it copies, and a row can only name a report of its own learner in its own shard.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema, type BatchSummary } from '../../src/schema/batch.js';
import { GradeReportSchema } from '../../src/schema/report.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { inShard } from '../../src/pool/shard.js';
import { parseCsv } from '../unit/report/csv-parse.js';

let tmp: string;
const COHORTS = { a: { ana: 'correct/loop.py', bo: 'mistakes/loss-sum-not-mean.py' }, b: { cy: 'mistakes/loss-no-epsilon.py' } };
const cases = ['--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'];
const merge = (...args: string[]) => runCli(['merge', ...args], { cwd: tmp });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-merge-e2e-'));
  // Two disjoint cohorts graded into two folders merge as two shards would.
  for (const [name, subs] of Object.entries(COHORTS)) {
    await mkdir(join(tmp, name));
    for (const [learner, s] of Object.entries(subs)) await cp(join(ROOT, 'submissions', s), join(tmp, name, `${learner}.py`));
    const r = await runCli(['grade', name, '--out', `s-${name}`, ...cases], { cwd: tmp });
    expect(r.exitCode, r.stderr).toBe(0);
  }
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** A copy of shard `s-a` with its summary.json passed through `edit`. */
async function tampered(name: string, edit: (s: BatchSummary) => void): Promise<string> {
  await cp(join(tmp, 's-a'), join(tmp, name), { recursive: true });
  const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, name, 'summary.json'), 'utf8')));
  edit(summary);
  await writeFile(join(tmp, name, 'summary.json'), JSON.stringify(summary));
  return name;
}

describe('wlgrade merge', () => {
  it("keeps what a runner's internal error left (the row's INTERNAL_ERROR, the file's batch-state entry): a grade into the merged folder counts a second one 0, as in the shard", async () => {
    // Rows 29: merge made such a row a bare error row and dropped its entry, so the file's next run was a first one again.
    await mkdir(join(tmp, 'forger'));
    await cp(join(ROOT, 'grader', 'test', 'adversarial', 'fixtures', 'forge-internal.py'), join(tmp, 'forger', 'fay.py'));
    const shard = await runCli(['grade', 'forger', '--out', 's-forger', ...cases, '--jobs', '1'], { cwd: tmp });
    expect(shard.exitCode, shard.stderr).toBe(0);
    const r = await merge('s-forger', 's-b', '--out', 'merged-forger');
    expect(r.exitCode, r.stderr).toBe(0);
    const row = async () => BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'merged-forger', 'summary.json'), 'utf8'))).rows.find((x) => x.learner === 'fay')!;
    expect((await row()).problems).toEqual(['INTERNAL_ERROR']);
    expect(r.stdout).toContain("1 learner's file was not graded because wlgrade's runner reported an internal error grading it (INTERNAL_ERROR)");
    const again = await runCli(['grade', 'forger', '--out', 'merged-forger', ...cases, '--jobs', '1'], { cwd: tmp });
    expect(again.exitCode, again.stderr).toBe(0);
    expect([(await row()).problems, (await row()).score]).toEqual([['INTERNAL_ERROR_AGAIN'], 0]);
  });

  it("takes every score from the copied reports, not from the shards' summary rows", async () => {
    const shard = await tampered('full-marks', (s) => {
      for (const r of s.rows) Object.assign(r, { status: 'passed', score: r.maxScore, mistakes: [], cases: Object.fromEntries(Object.keys(r.cases).map((k) => [k, 1])) });
    });
    const r = await merge(shard, 's-b', '--out', 'merged');
    expect(r.exitCode, r.stderr).toBe(0);
    const csv = parseCsv(await readFile(join(tmp, 'merged', 'grades.csv'), 'utf8'));
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'merged', 'summary.json'), 'utf8')));
    const header = csv[0]!;
    const scores: Record<string, number> = {};
    for (const row of csv.slice(1)) {
      const report = GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, 'merged', 'results', `${row[0]}.json`), 'utf8')));
      expect(report.learner).toBe(row[0]);
      expect([row[1], Number(row[2])]).toEqual([report.status, report.score]);
      for (const c of report.cases) expect(Number(row[header.indexOf(c.id)]), `${row[0]} ${c.id}`).toBe(c.points);
      expect(summary.rows.find((x) => x.learner === row[0])).toMatchObject({ status: report.status, score: report.score, mistakes: report.mistakes.map((m) => m.id) });
      scores[row[0]!] = report.score;
    }
    expect(scores.ana).toBe(23);
    expect(scores.bo).toBeLessThan(23);
  });

  it("writes a never-graded learner's score as null, and merges a folder of an earlier version that wrote it as 0 the same way", async () => {
    await mkdir(join(tmp, 'c'));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'c', 'eli.py'));
    await writeFile(join(tmp, 'c', 'dee.txt'), 'my answers are in the notebook\n');
    const g = await runCli(['grade', 'c', '--out', 's-c', ...cases], { cwd: tmp });
    expect(g.exitCode, g.stderr).toBe(0);
    const read = async (dir: string) => BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, dir, 'summary.json'), 'utf8')));
    const scores = (s: BatchSummary) => Object.fromEntries(s.rows.map((r) => [r.learner, r.score]));
    expect(scores(await read('s-c'))).toEqual({ dee: null, eli: 23 });
    // As the version before nullable scores wrote it: the never-graded row's score 0.
    await cp(join(tmp, 's-c'), join(tmp, 's-c-old'), { recursive: true });
    const old = JSON.parse(await readFile(join(tmp, 's-c-old', 'summary.json'), 'utf8')) as { rows: Array<{ learner: string; score: number | null }> };
    for (const r of old.rows) if (r.score === null) r.score = 0;
    await writeFile(join(tmp, 's-c-old', 'summary.json'), JSON.stringify(old));
    for (const [dir, out] of [['s-c', 'merged-c'], ['s-c-old', 'merged-c-old']] as const) {
      const r = await merge(dir, 's-b', '--out', out);
      expect(r.exitCode, r.stderr).toBe(0);
      const merged = await read(out);
      expect(scores(merged)).toMatchObject({ dee: null, eli: 23 });
      expect(merged.score.mean).toBe(merged.rows.reduce((t, x) => t + (x.score ?? 0), 0) / merged.graded);
      const csv = parseCsv(await readFile(join(tmp, out, 'grades.csv'), 'utf8'));
      expect(csv.find((x) => x[0] === 'dee')![2]).toBe('');
    }
    // export lms reads either shape alike: the never-graded learner's cell is left blank.
    await writeFile(join(tmp, 'roster-c.csv'), 'id,Weighted loss\r\ndee,7\r\neli,\r\n');
    for (const dir of ['s-c', 's-c-old']) {
      const e = await runCli(['export', 'lms', '--results', dir, '--roster', 'roster-c.csv', '--column', 'Weighted loss', '--out', `${dir}.csv`], { cwd: tmp });
      expect(e.exitCode, e.stderr).toBe(0);
      expect(parseCsv(await readFile(join(tmp, `${dir}.csv`), 'utf8'))).toEqual([['id', 'Weighted loss'], ['dee', '7'], ['eli', '23']]);
    }
  });

  it('says which reports a merge into a folder that held a gradebook left there, with the command that deletes them from any folder', async () => {
    expect((await merge('s-a', 's-b', '--out', 'merged again')).exitCode).toBe(0);
    const r = await merge('s-a', '--out', 'merged again');
    expect(r.exitCode, r.stderr).toBe(0);
    const results = join(tmp, 'merged again', 'results');
    const line = r.stdout.split('\n').find((l) => /^\d+ reports? in /.test(l));
    expect(line).toBe(
      `1 report in ${results} is from an earlier run and read by nothing now (not grades.csv, summary.json or export lms): cy.json (of a learner not in this run); delete it with: rm -- '${results}/cy.json'`,
    );
    execFileSync('sh', ['-c', line!.slice(line!.indexOf('rm -- '))], { cwd: tmpdir() });
    expect((await readdir(results)).sort()).toEqual(['ana.json', 'bo.json']);
  });

  it('lists the learners of two shards who handed in one file, which neither shard\'s grade could see (staff 29)', async () => {
    // Two names the split puts in different shards, each with the same file; a third learner's differs.
    const names = ['gil', 'hal', 'ivy', 'jo', 'kim', 'lou', 'max', 'ned'];
    const one = names.find((n) => inShard(n, { index: 1, count: 2 }))!;
    const two = names.find((n) => inShard(n, { index: 2, count: 2 }))!;
    const other = names.find((n) => n !== one && n !== two)!;
    await mkdir(join(tmp, 'twins'));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'twins', `${one}.py`));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'twins', `${two}.py`));
    await cp(join(ROOT, 'submissions', 'mistakes', 'loss-no-epsilon.py'), join(tmp, 'twins', `${other}.py`));
    for (const k of [1, 2]) {
      const g = await runCli(['grade', 'twins', '--out', `twins-${k}`, '--shard', `${k}/2`, ...cases], { cwd: tmp });
      expect(g.exitCode, g.stderr).toBe(0);
      expect(g.stdout).not.toContain('byte-identical');
    }
    const r = await merge('twins-1', 'twins-2', '--out', 'twins-merged');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`\n2 learners handed in byte-identical files, in 1 group (copied work, or the template unchanged): check them before the grades go out.\n  ${[one, two].sort().join(', ')}`);
  });

  it("refuses a row whose result file is outside its shard's results/ folder", async () => {
    const shard = await tampered('outside', (s) => {
      s.rows.find((r) => r.learner === 'bo')!.resultFile = 'results/../../s-b/results/cy.json';
    });
    const r = await merge(shard, '--out', 'merged-outside');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: outside/summary.json gives learner "bo" the result file results/../../s-b/results/cy.json, which is not in outside/results/; grade that shard again.');
  });

  it('refuses a result file that is a symlink out of the results/ folder', async () => {
    const shard = await tampered('linked', () => undefined);
    await rm(join(tmp, shard, 'results', 'bo.json'));
    await symlink(join(tmp, 's-a', 'results', 'ana.json'), join(tmp, shard, 'results', 'bo.json'));
    const r = await merge(shard, '--out', 'merged-linked');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: linked/results/bo.json (learner "bo") leads outside linked/results/; grade that shard again.');
  });

  it("refuses a row that names another learner's report", async () => {
    const shard = await tampered('swapped', (s) => {
      s.rows.find((r) => r.learner === 'bo')!.resultFile = 'results/ana.json';
    });
    const r = await merge(shard, '--out', 'merged-swapped');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: Learners "ana" (swapped) and "bo" (swapped) have the same result file results/ana.json, so one copy would overwrite the other; grade every shard from the same submissions (wlgrade refuses such a pair there) and merge again.');
    const copied = await tampered('copied', () => undefined);
    await cp(join(tmp, 's-a', 'results', 'ana.json'), join(tmp, copied, 'results', 'bo.json'));
    const c = await merge(copied, '--out', 'merged-copied');
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toBe('wlgrade: copied/results/bo.json is the report of learner "ana", but copied/summary.json gives it to learner "bo"; grade that shard again.');
  });

  it('refuses shards of two wlgrade builds, and a FILE_TOO_LARGE row that names no file over the limit (batch 33)', async () => {
    // Both merged without a word: a shard graded before the code was updated (still 0.1.0) beside
    // one graded after, and a report-less row claiming FILE_TOO_LARGE, which counted 0.
    const old = await tampered('old-build', () => undefined);
    const statePath = join(tmp, old, 'batch-state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { entries: Record<string, { version: string }> };
    for (const e of Object.values(state.entries)) e.version = `${e.version.split('+')[0]}+0ldbu1ld`;
    await writeFile(statePath, JSON.stringify(state));
    const r = await merge(old, 's-b', '--out', 'merged-old-build');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^wlgrade: s-b and old-build were graded by different builds of wlgrade \S+ \(\S+ and \S+\+0ldbu1ld: its code was updated between them\); run the grade command of old-build again with this wlgrade \(\S+; it regrades the reports another build wrote\), and merge again\.$/);
    const zero = await tampered('zeroed', (s) => {
      const bo = s.rows.find((x) => x.learner === 'bo')!;
      delete bo.resultFile;
      Object.assign(bo, { status: 'error', score: 0, cases: {}, error: 'bo.py could not be read.', problems: ['FILE_TOO_LARGE'] });
    });
    const z = await merge(zero, 's-b', '--out', 'merged-zeroed');
    expect(z.exitCode).toBe(2);
    expect(z.stderr).toBe(
      'wlgrade: zeroed/summary.json counts learner "bo" 0 for a file over the size limit (FILE_TOO_LARGE), but its error names no file over this wlgrade\'s limit (10 MiB for a .py, 50 MiB for a .ipynb): that shard was graded by another wlgrade or its summary.json was changed; grade that shard again.',
    );
  });

  it('names each case file one way in the merged reports when the shards were graded from different folders', async () => {
    // Shard 1 run from tmp with a relative --cases, shard 2 from a folder beside it with the absolute
    // path: the cases hash alike, but shard 2's reports named the file /…/own-cases/public.yaml.
    await mkdir(join(tmp, 'own-cases'), { recursive: true });
    await cp(join(ROOT, 'cases', 'public.yaml'), join(tmp, 'own-cases', 'public.yaml'));
    await mkdir(join(tmp, 'cohort'), { recursive: true });
    await mkdir(join(tmp, 'elsewhere'), { recursive: true });
    for (const l of ['ana', 'bo', 'cy', 'di', 'ed', 'flo']) await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'cohort', `${l}.py`));
    const one = await runCli(['grade', 'cohort', '--shard', '1/2', '--out', 'sh-1', '--cases', 'own-cases/public.yaml', '--sandbox', 'process'], { cwd: tmp });
    const two = await runCli(['grade', '../cohort', '--shard', '2/2', '--out', '../sh-2', '--cases', join(tmp, 'own-cases', 'public.yaml'), '--sandbox', 'process'], { cwd: join(tmp, 'elsewhere') });
    expect([one.exitCode, two.exitCode], one.stderr + two.stderr).toEqual([0, 0]);
    const filesIn = async (dir: string) => {
      const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, dir, 'summary.json'), 'utf8')));
      const files = new Set<string>();
      for (const r of summary.rows) {
        const report = GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, dir, r.resultFile!), 'utf8')));
        for (const c of report.cases) files.add(c.source.file);
      }
      return [...files];
    };
    expect(await filesIn('sh-1')).toEqual(['own-cases/public.yaml']);
    expect(await filesIn('sh-2')).toEqual([join(tmp, 'own-cases', 'public.yaml')]);
    for (const order of [['sh-1', 'sh-2'], ['sh-2', 'sh-1']]) {
      const out = `merged-${order[0]}`;
      const m = await merge(...order, '--out', out);
      expect(m.exitCode, m.stderr).toBe(0);
      expect(await filesIn(out)).toEqual(['own-cases/public.yaml']);
      // The submissions likewise (staff 20): each row's source and each report's submission.path
      // name the export given (cohort) and the file in it, not the path each shard was given.
      const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, out, 'summary.json'), 'utf8')));
      const named = [];
      for (const r of summary.rows) {
        const report = GradeReportSchema.parse(JSON.parse(await readFile(join(tmp, out, r.resultFile!), 'utf8')));
        named.push([r.source, report.submission.path]);
      }
      expect(named).toEqual(['ana', 'bo', 'cy', 'di', 'ed', 'flo'].map((l) => [`cohort/${l}.py`, `cohort/${l}.py`]));
      const csv = await readFile(join(tmp, out, 'grades.csv'), 'utf8');
      expect(csv.trim().split(/\r?\n/).slice(1).map((line) => line.slice(line.lastIndexOf(',') + 1))).toEqual(['ana', 'bo', 'cy', 'di', 'ed', 'flo'].map((l) => `cohort/${l}.py`));
    }
  });

  it('says a folder given twice is one folder, not two shards of the wrong N (staff 17)', async () => {
    await symlink(join(tmp, 's-a'), join(tmp, 's-a-link'));
    for (const again of ['s-a', './s-a/', 's-a-link']) {
      const r = await merge('s-a', 's-b', again, '--out', 'merged-twice');
      expect([r.exitCode, r.stderr]).toEqual([2, `wlgrade: s-a and ${again} are the same folder; pass each shard's folder once.`]);
    }
  });

  it('says what to pass for a folder without a summary.json, or with one that is not a wlgrade summary', async () => {
    await mkdir(join(tmp, 'empty-shard'), { recursive: true });
    const none = await merge('empty-shard', '--out', 'merged-none');
    expect([none.exitCode, none.stderr]).toEqual([2, 'wlgrade: empty-shard has no summary.json: pass the --out folders of finished "wlgrade grade --shard K/N" runs.']);
    await writeFile(join(tmp, 'empty-shard', 'summary.json'), '{"rows": 3}');
    const bad = await merge('empty-shard', '--out', 'merged-bad');
    expect([bad.exitCode, bad.stderr]).toEqual([2, 'wlgrade: empty-shard/summary.json is not a wlgrade summary (or was written by another version); grade that shard again.']);
  });

  it('says to upgrade for a summary or a report a newer wlgrade wrote in a format this one cannot read', async () => {
    const version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const summaryNewer = await tampered('newer-summary', () => undefined);
    const doc = JSON.parse(await readFile(join(tmp, summaryNewer, 'summary.json'), 'utf8')) as BatchSummary;
    await writeFile(join(tmp, summaryNewer, 'summary.json'), JSON.stringify({ ...doc, tool: { name: 'wlgrade', version: '99.0.0' }, rows: doc.rows.map((r) => ({ ...r, attempts: 1 })) }));
    const s = await merge(summaryNewer, '--out', 'merged-newer-summary');
    expect([s.exitCode, s.stderr]).toEqual([2, `wlgrade: newer-summary/summary.json was written by wlgrade 99.0.0, in a format this wlgrade (${version}) cannot read: upgrade wlgrade to 99.0.0 or later and run the command again.`]);
    const reportNewer = await tampered('newer-report', () => undefined);
    const report = JSON.parse(await readFile(join(tmp, reportNewer, 'results', 'ana.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(tmp, reportNewer, 'results', 'ana.json'), JSON.stringify({ ...report, schemaVersion: 2, tool: { name: 'wlgrade', version: '99.0.0' } }));
    const r = await merge(reportNewer, '--out', 'merged-newer-report');
    expect([r.exitCode, r.stderr]).toEqual([2, `wlgrade: newer-report/results/ana.json (learner "ana") was written by wlgrade 99.0.0, in a format this wlgrade (${version}) cannot read: upgrade wlgrade to 99.0.0 or later and run the command again.`]);
  });
});

describe('grades.csv for Excel (--bom)', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const head = async (file: string) => (await readFile(join(tmp, file))).subarray(0, 3);

  it('grade and merge write the byte-order mark only when asked, and the cells are the same', async () => {
    const plain = await readFile(join(tmp, 's-a', 'grades.csv'));
    expect(plain.subarray(0, 3)).not.toEqual(BOM);
    const g = await runCli(['grade', 'a', '--out', 's-a-bom', '--bom', ...cases], { cwd: tmp });
    expect(g.exitCode, g.stderr).toBe(0);
    expect(await head('s-a-bom/grades.csv')).toEqual(BOM);
    const cells = (text: string) => parseCsv(text.replace(/^\ufeff/, ''));
    expect(cells(await readFile(join(tmp, 's-a-bom', 'grades.csv'), 'utf8'))).toEqual(cells(plain.toString('utf8')));
    const m = await merge('s-a', 's-b', '--out', 'merged-bom', '--bom');
    expect(m.exitCode, m.stderr).toBe(0);
    expect(await head('merged-bom/grades.csv')).toEqual(BOM);
    const n = await merge('s-a', 's-b', '--out', 'merged-plain');
    expect(n.exitCode, n.stderr).toBe(0);
    expect(await head('merged-plain/grades.csv')).not.toEqual(BOM);
  });
});
