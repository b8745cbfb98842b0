import { describe, expect, it } from 'vitest';
import { checkSameBuild, checkShardSet, mergeShards, rowFromShardReport, saysTooLarge, withSourcePath } from '../../../src/commands/merge.js';
import { cohortOf } from '../../../src/pool/shard.js';
import { rowWorth } from '../../../src/report/row-worth.js';
import { BatchSummarySchema, type BatchRow, type BatchState, type BatchSummary } from '../../../src/schema/batch.js';
import { makeCase, makeMistake, makeReport } from '../report/factories.js';

function makeRow(over: Partial<BatchRow> = {}): BatchRow {
  return { learner: 'ana', source: 'subs/ana.py', status: 'passed', score: 3, maxScore: 3, cases: { b: 1, a: 2 }, mistakes: [], reused: false, resultFile: `results/${over.learner ?? 'ana'}.json`, ...over };
}

function makeSummary(rows: BatchRow[], over: Partial<BatchSummary> = {}): BatchSummary {
  return {
    schemaVersion: 1,
    tool: { name: 'wlgrade', version: 't' },
    suites: ['public'],
    suiteHash: 'h1',
    maxScore: 3,
    learners: rows.length,
    graded: rows.length,
    reused: 0,
    errors: 0,
    score: { mean: null, median: null, min: null, max: null },
    distribution: [],
    mistakes: [],
    cases: [
      { id: 'a', maxPoints: 2, failedBy: 0 },
      { id: 'b', maxPoints: 1, failedBy: 0 },
    ],
    rows,
    ...over,
  };
}

describe('mergeShards', () => {
  it('joins the rows of every shard, sorted by learner, with columns in suite order', () => {
    const merged = mergeShards([
      { name: 's2', summary: makeSummary([makeRow({ learner: 'zoe', resultFile: 'results/zoe.json' })]) },
      { name: 's1', summary: makeSummary([makeRow(), makeRow({ learner: 'bo', status: 'error', cases: {}, score: 0 })]) },
    ]);
    expect(merged.rows.map((r) => [r.learner, r.shard])).toEqual([
      ['ana', 's1'],
      ['bo', 's1'],
      ['zoe', 's2'],
    ]);
    expect(merged.columns).toEqual([
      { id: 'b', maxPoints: 1 },
      { id: 'a', maxPoints: 2 },
    ]);
  });

  it("names a learner's id with its invisible characters spelled out (\\u200b), so staff see which id it is (batch 36)", () => {
    const id = 'ana\u200b\u00a0x';
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow({ learner: id }), makeRow({ learner: id })]) }])).toThrow('x/summary.json lists learner "ana\\u200b\\u00a0x" twice; grade that shard again.');
    const shard = (index: number) => ({ shard: { index, count: 2, cohort: cohortOf([id]) } });
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow({ learner: id })], shard(1)) }, { name: 'y', summary: makeSummary([makeRow({ learner: id })], shard(2)) }])).toThrow(/^Learner "ana\\u200b\\u00a0x" was graded in both x and y/);
  });

  it('refuses shards graded against different cases', () => {
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([]) }, { name: 'y', summary: makeSummary([], { suiteHash: 'h2' }) }])).toThrow(/graded against different cases/);
  });

  it('refuses a learner graded by two shards', () => {
    const shard = (index: number) => ({ shard: { index, count: 2, cohort: cohortOf(['ana']) } });
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow()], shard(1)) }, { name: 'y', summary: makeSummary([makeRow()], shard(2)) }])).toThrow(
      /^Learner "ana" was graded in both x and y; each shard must use the same N \(--shard K\/N\) and each K once\.$/,
    );
  });

  it('tells a regrade merged into the first run (no --shard) how to grade learners again, not of shards nobody made', () => {
    expect(() => mergeShards([{ name: 'res', summary: makeSummary([makeRow()]) }, { name: 'late', summary: makeSummary([makeRow()]) }])).toThrow(
      /^Learner "ana" was graded in both res and late, and merge takes each learner from one folder only: to grade some learners again, put their new files where the others are and run the same grade command \(same --out\) again, which regrades only new or changed files\.$/,
    );
  });

  it.each([
    ['../s2/results/zoe.json', /the result file \.\.\/s2\/results\/zoe\.json, which is not in x\/results\/; grade that shard again\./],
    ['results/../../elsewhere.json', /which is not in x\/results\//],
    ['/tmp/report.json', /which is not in x\/results\//],
    ['results/sub/ana.json', /which is not in x\/results\//],
    ['results/.hidden.json', /which is not in x\/results\//],
    ['summary.json', /which is not in x\/results\//],
  ])('refuses a result file outside the shard\'s results/ folder: %s', (resultFile, message) => {
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow({ resultFile })]) }])).toThrow(message);
  });

  it('refuses two learners with the same result file, in two shards or one, letter case ignored', () => {
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow()]) }, { name: 'y', summary: makeSummary([makeRow({ learner: 'bo', resultFile: 'results/ana.json' })]) }])).toThrow(
      'Learners "ana" (x) and "bo" (y) have the same result file results/ana.json, so one copy would overwrite the other; grade every shard from the same submissions (wlgrade refuses such a pair there) and merge again.',
    );
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow(), makeRow({ learner: 'Ana', resultFile: 'results/Ana.json' })]) }])).toThrow(
      /Learners "ana" \(x\) and "Ana" \(x\) have the same result file results\/ana\.json \/ results\/Ana\.json \(one file where letter case or Unicode form is ignored, as on macOS and Windows\)/,
    );
    // shards graded by older builds: names a folding disk (NTFS: ı is I; a full fold: ß is ss) takes for one
    for (const [a, b] of [['results/ırmak.json', 'results/Irmak.json'], ['results/straße.json', 'results/STRASSE.json']]) {
      expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow({ resultFile: a })]) }, { name: 'y', summary: makeSummary([makeRow({ learner: 'bo', resultFile: b })]) }])).toThrow(
        `have the same result file ${a} / ${b} (one file where letter case or Unicode form is ignored`,
      );
    }
  });

  // Red team 35b: sections graded apart, "alice" in one and "alice\u200b" in the other (grade refuses
  // such a pair in one folder: one learner), merged into two rows of "alice", one with the other's marks.
  it('refuses two ids of one learner from folders graded apart (a zero-width space, a direction mark, another Unicode form)', () => {
    const pair = (a: string, b: string) => () =>
      mergeShards([
        { name: 'secA', summary: makeSummary([makeRow({ learner: a, resultFile: 'results/alice.json' })]) },
        { name: 'secB', summary: makeSummary([makeRow({ learner: b, resultFile: 'results/alice_-7346bb7e.json' })]) },
      ]);
    expect(pair('alice', 'alice\u200b')).toThrow(
      'Learners "alice" (secA) and "alice\\u200b" (secB) are one learner (ids that differ only in how an accent is encoded or in characters no one sees, such as a zero-width space or a direction mark), and merge would give them two rows no one could tell apart; rename or remove one of their submissions, grade that folder again and merge again.',
    );
    expect(pair('alice', '\u200ealice')).toThrow(/^Learners "alice" \(secA\) and "\\u200ealice" \(secB\) are one learner/);
    expect(pair('jos\u00e9', 'jose\u0301')).toThrow(/are one learner/);
    expect(pair('alice', 'alice\u00a0')).toThrow(/are one learner/);
    // Letter case tells Brightspace's learners apart (their result files differ by a hash): both kept.
    expect(pair('Jane Doe', 'jane doe')().rows.map((r) => r.learner)).toEqual(['Jane Doe', 'jane doe']);
    expect(pair('alice', 'alicia')().rows).toHaveLength(2);
  });

  it('refuses a learner listed twice by one shard', () => {
    expect(() => mergeShards([{ name: 'x', summary: makeSummary([makeRow(), makeRow()]) }])).toThrow('x/summary.json lists learner "ana" twice; grade that shard again.');
  });
});

describe('rowFromShardReport', () => {
  const cases = [makeCase({ id: 'b', points: 1, maxPoints: 1 }), makeCase({ id: 'a', status: 'failed', points: 0, maxPoints: 2, mistakes: ['loss-no-epsilon'] })];
  const report = makeReport({ learner: 'ana', cases, status: 'failed', mistakes: [makeMistake()] });

  it('takes status, score, points and mistakes from the report, not from the summary row', () => {
    const forged = makeRow({ status: 'passed', score: 3, cases: { b: 1, a: 2 }, mistakes: [], note: 'newest of 2 files' });
    expect(rowFromShardReport(forged, report, 'x', makeSummary([forged]))).toEqual({
      learner: 'ana',
      source: 'subs/ana.py',
      status: 'failed',
      score: 1,
      maxScore: 3,
      cases: { b: 1, a: 0 },
      mistakes: ['loss-no-epsilon'],
      resultFile: 'results/ana.json',
      reused: false,
      note: 'newest of 2 files',
    });
  });

  it("writes a shard's source recorded with a doubled '/' (grade run in '/' by an older build) as one, in the row and the report", () => {
    const old = makeRow({ source: '//ana.py' });
    expect(rowFromShardReport(old, report, 'x', makeSummary([old])).source).toBe('/ana.py');
    const errorRowOld = makeRow({ source: '//x//ana.docx', error: 'not Python' });
    delete errorRowOld.resultFile;
    expect(rowFromShardReport(errorRowOld, null, 'x', makeSummary([errorRowOld])).source).toBe('/x/ana.docx');
    const oldReport = { ...report, submission: { ...report.submission, path: '//ana.py' } };
    expect(withSourcePath(oldReport).submission.path).toBe('/ana.py');
    expect(withSourcePath(report)).toBe(report);
  });

  it('makes a row without a report an error row worth nothing', () => {
    const forged = makeRow({ resultFile: undefined, error: 'no .py file' });
    delete forged.resultFile;
    expect(rowFromShardReport(forged, null, 'x', makeSummary([forged]))).toEqual({ learner: 'ana', source: 'subs/ana.py', status: 'error', score: 0, maxScore: 3, cases: {}, mistakes: [], error: 'no .py file', reused: false });
  });

  // grade gave a file over the size limit 0 (FILE_TOO_LARGE, a row with no report); merge kept only
  // INTERNAL_ERROR of such a row, so the merged grades.csv and export lms left the learner blank.
  it.each([
    [['FILE_TOO_LARGE'], 'zero'],
    [['INTERNAL_ERROR'], 'ungraded'],
  ] as const)("keeps a report-less row's own code %j, and so its worth (%s)", (codes, worth) => {
    const row = makeRow({ error: 'hw.py is 11 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.', problems: [...codes] });
    delete row.resultFile;
    const merged = rowFromShardReport(row, null, 'x', makeSummary([row]));
    expect([merged.problems, rowWorth(merged)]).toEqual([codes, worth]);
  });

  // Batch 33: any report-less row claiming FILE_TOO_LARGE counted 0, whatever its sentence said: a
  // shard of a build with another limit (or an edited summary.json) won over this build's rule.
  it.each([
    ['no sentence at all', 'no .py file'],
    ['another limit', 'hw.py is 6 MiB; wlgrade grades .py files up to 5 MiB: remove the pasted data from the file and submit it again.'],
    ['a size within the limit', 'hw.py is 9 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.'],
  ])("refuses a FILE_TOO_LARGE row whose error names %s", (_what, error) => {
    const row = makeRow({ error, problems: ['FILE_TOO_LARGE'] });
    delete row.resultFile;
    expect(() => rowFromShardReport(row, null, 'x', makeSummary([row]))).toThrow(
      'x/summary.json counts learner "ana" 0 for a file over the size limit (FILE_TOO_LARGE), but its error names no file over this wlgrade\'s limit (10 MiB for a .py, 50 MiB for a .ipynb): that shard was graded by another wlgrade or its summary.json was changed; grade that shard again.',
    );
  });

  it.each([
    ['hw.py is 10.1 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.', true],
    ['Learner "al" handed in 2 entries and none can be graded: in/al holds a.txt, but no .py or .ipynb file; … in/al.py: al.py is 11 MiB; wlgrade grades .py files up to 10 MiB: remove …', true],
    ['hw.ipynb is 50.1 MiB; wlgrade grades .ipynb files up to 50 MiB: clear the notebook\'s outputs …', true],
    ['hw.ipynb is 12 MiB; wlgrade grades .ipynb files up to 10 MiB: clear …', false],
    ['hw.py is 11 MiB; wlgrade grades .py files up to 50 MiB: …', false],
  ])('reads %j as over the size limit: %s', (error, want) => {
    expect(saysTooLarge(error)).toBe(want);
  });

  it("refuses another learner's report", () => {
    expect(() => rowFromShardReport(makeRow(), { ...report, learner: 'zoe' }, 'x', makeSummary([]))).toThrow(
      'x/results/ana.json is the report of learner "zoe", but x/summary.json gives it to learner "ana"; grade that shard again.',
    );
    const { learner: _, ...anonymous } = report;
    expect(() => rowFromShardReport(makeRow(), anonymous, 'x', makeSummary([]))).toThrow(/is the report of no learner, but/);
  });

  it('refuses a report graded against other cases than the shard', () => {
    const message = 'x/results/ana.json (learner "ana") was graded against other cases than x/summary.json lists; grade that shard again.';
    expect(() => rowFromShardReport(makeRow(), { ...report, suites: ['public', 'hidden'] }, 'x', makeSummary([]))).toThrow(message);
    expect(() => rowFromShardReport(makeRow(), { ...report, cases: [cases[0]!] }, 'x', makeSummary([]))).toThrow(message);
    expect(() => rowFromShardReport(makeRow(), { ...report, cases: [cases[0]!, { ...cases[1]!, maxPoints: 5 }] }, 'x', makeSummary([]))).toThrow(message);
  });
});

describe('checkSameBuild', () => {
  // Batch 33: shards of two wlgrade builds (the code updated between two shards' runs, version
  // 0.1.0 both times; or two versions) merged into one gradebook without a word.
  const state = (entries: Array<[string, string]>): BatchState => ({ schemaVersion: 1, entries: new Map(entries.map(([learner, version]) => [learner, { submissionHash: 's', suiteHash: 'h1', version, resultFile: `results/${learner}.json` }])) });
  const shard = (name: string, learners: string[], build: string, version = 't') => ({
    name,
    summary: makeSummary(learners.map((learner) => makeRow({ learner })), { tool: { name: 'wlgrade', version } }),
    state: state(learners.map((l) => [l, build])),
  });

  it('passes shards of one build, and a shard that graded nobody', () => {
    expect(() => checkSameBuild([shard('s1', ['ana'], '0.1.0+aa'), shard('s2', ['bo', 'cy'], '0.1.0+aa'), shard('s3', [], '0.1.0+bb')])).not.toThrow();
  });

  it('refuses two builds of one version, two versions, and a shard of two builds', () => {
    const two = [shard('s1', ['ana'], '0.1.0+aa'), shard('s2', ['bo'], '0.1.0+bb'), shard('s3', ['cy'], '0.1.0+aa')];
    const differ = 's2 and s1 were graded by different builds of wlgrade t (0.1.0+bb and 0.1.0+aa: its code was updated between them); ';
    expect(() => checkSameBuild(two, '0.1.0+bb')).toThrow(`${differ}run the grade command of s1 and s3 again with this wlgrade (0.1.0+bb; it regrades the reports another build wrote), and merge again.`);
    expect(() => checkSameBuild(two, '0.1.0+cc')).toThrow(`${differ}run every shard's grade command again with this wlgrade (it regrades the reports another build wrote), and merge again.`);
    expect(() => checkSameBuild([shard('s1', ['ana'], '0.1.0+aa'), shard('s2', ['bo'], '0.2.0+aa', '0.2.0')])).toThrow('s2 was graded by wlgrade 0.2.0 but s1 by wlgrade t; grade every shard with the same wlgrade and merge again.');
    const mixed = shard('s1', ['ana', 'bo'], '0.1.0+aa');
    mixed.state.entries.set('bo', { ...mixed.state.entries.get('bo')!, version: '0.1.0+bb' });
    expect(() => checkSameBuild([mixed])).toThrow("s1 holds reports of 2 builds of wlgrade (0.1.0+aa, 0.1.0+bb); run that shard's grade command again with this wlgrade (it regrades the reports another build wrote) and merge again.");
  });

  it("reads only the entries of the rows' own reports (a stale entry of another learner is no build of this shard)", () => {
    const s1 = shard('s1', ['ana'], '0.1.0+aa');
    s1.state.entries.set('gone', { submissionHash: 's', suiteHash: 'h1', version: '0.0.9+zz', resultFile: 'results/gone.json' });
    expect(() => checkSameBuild([s1, shard('s2', ['bo'], '0.1.0+aa')])).not.toThrow();
  });
});

describe('checkShardSet', () => {
  const cohort = cohortOf(['ana', 'bo', 'cy']);
  const cut = (index: number, count: number, rows: BatchRow[], over: Partial<NonNullable<BatchSummary['shard']>> = {}) => makeSummary(rows, { shard: { index, count, cohort, ...over } });
  const ana = [makeRow()];
  const boCy = [makeRow({ learner: 'bo' }), makeRow({ learner: 'cy' })];

  it('passes a complete split, and folders graded without --shard', () => {
    expect(checkShardSet([{ name: 'x', summary: cut(2, 2, boCy) }, { name: 'y', summary: cut(1, 2, ana) }], false)).toBeNull();
    expect(checkShardSet([{ name: 'x', summary: makeSummary(ana) }, { name: 'y', summary: makeSummary(boCy) }], false)).toBeNull();
  });

  it('refuses a missing shard, or names it with partial', () => {
    const shards = [{ name: 'x', summary: cut(1, 3, ana) }];
    expect(() => checkShardSet(shards, false)).toThrow('Shards 2/3, 3/3 are missing (2 of 3 learners); pass their --out folders too, or --partial to merge the shards given.');
    expect(checkShardSet(shards, true)).toBe('Shards 2/3, 3/3 are missing: 2 of 3 learners are not in this gradebook.');
  });

  it('refuses shards of two splits, of two cohorts, a shard given twice, a plain folder among shards', () => {
    expect(() => checkShardSet([{ name: 'x', summary: cut(1, 2, ana) }, { name: 'y', summary: cut(2, 3, boCy) }], false)).toThrow('x is shard 1/2 but y is shard 2/3; grade every shard with the same N (--shard K/N).');
    expect(() => checkShardSet([{ name: 'x', summary: cut(1, 2, ana) }, { name: 'y', summary: cut(2, 2, boCy, { cohort: { learners: 3, hash: 'c2' } }) }], false)).toThrow(
      'x and y were cut from different submissions (3 and 3 learners, or other names); grade every shard from the same folders or exports.',
    );
    expect(() => checkShardSet([{ name: 'x', summary: cut(1, 2, ana) }, { name: 'y', summary: cut(1, 2, boCy) }], false)).toThrow('x and y are both shard 1/2; pass each shard\'s folder once.');
    expect(() => checkShardSet([{ name: 'x', summary: makeSummary(ana) }, { name: 'y', summary: cut(2, 2, boCy) }], false)).toThrow('x was graded without --shard, but y is shard 2/2; merge the shards of one split only.');
  });

  it('refuses a complete split whose rows do not add up to the cohort', () => {
    expect(() => checkShardSet([{ name: 'x', summary: cut(1, 2, ana) }, { name: 'y', summary: cut(2, 2, [makeRow({ learner: 'bo' })]) }], false)).toThrow(
      "The 2 shards list 2 learners but were cut from 3; a shard's summary.json has lost or gained rows: grade the shards again.",
    );
  });

  it('refuses a complete split that lists as many learners as the cohort, but other ones (a row swapped for another)', () => {
    const swapped = [makeRow({ learner: 'bo' }), makeRow({ learner: 'zed' })];
    expect(() => checkShardSet([{ name: 'x', summary: cut(1, 2, ana) }, { name: 'y', summary: cut(2, 2, swapped) }], false)).toThrow(
      "The 2 shards list 3 learners, but not the 3 they were cut from; a shard's summary.json was changed or comes from other submissions: grade the shards again.",
    );
  });

  it('takes no shard record --shard could not have written: a count past 100 000 (merge built an array that long and crashed) or an index above it', () => {
    for (const shard of [{ index: 1, count: 1e12 }, { index: 7, count: 2 }]) {
      expect(BatchSummarySchema.safeParse(makeSummary(ana, { shard: { ...shard, cohort } })).success).toBe(false);
    }
    expect(BatchSummarySchema.safeParse(makeSummary(ana, { shard: { index: 2, count: 2, cohort } })).success).toBe(true);
  });
});
