/**
 * `wlgrade merge <dir…> --out DIR`: one gradebook from the --out folders of `wlgrade grade
 * --shard K/N` runs. Checks that every shard graded against the same cases and that no learner
 * was graded twice, copies each shard's results/ and rebuilds every gradebook row from the report
 * it copies (a shard's summary.json only says which learner's report is which file), then writes
 * results/, grades.csv, summary.json and batch-state.json as a single run would. See
 * docs/performance.md.
 */
import type { Command } from 'commander';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { newerWriterMessage, readWritten } from '../batch/newer-writer.js';
import { lockOut } from '../batch/out-lock.js';
import { BatchStore, readSummary, resultHash, RESULTS_DIR, STATE_FILE } from '../batch/store.js';
import { errorRow, rowFromReport, withSources } from '../batch/run-batch.js';
import { caseKeptKey, fileKey, normalSource, unseen } from '../batch/discover.js';
import { GraderError } from '../errors.js';
import { MAX_FILE_BYTES } from '../grade-submission.js';
import { renderGradesCsv, type CsvColumn } from '../report/csv.js';
import { escapeLineBreaks as oneLine, escapeTerminal, terminalLine } from '../report/escape.js';
import { renderJson } from '../report/json.js';
import { renderSummaryJson, renderSummaryTerminal, summarize } from '../report/summary.js';
import { BatchStateSchema, type BatchRow, type BatchState, type BatchSummary } from '../schema/batch.js';
import { GradeReportSchema, type GradeReport, type Problem } from '../schema/report.js';
import { buildVersion, VERSION } from '../version.js';
import { prepareOut, refuseLineBreakOut, staleReportsNotice } from './grade.js';
import { bomOption, warnIfBusy, withExamples } from './common.js';
import { cohortOf } from '../pool/shard.js';
import { gradedGroups, identicalLines } from '../batch/identical.js';
import { counted, joinWords } from '../join-words.js';

export interface ShardOutput {
  dir: string;
  summary: BatchSummary;
  state: BatchState;
}

async function readShard(dir: string, shown: string): Promise<ShardOutput> {
  const summary = await readSummary(dir, shown, { code: 'BATCH_INVALID', missing: 'pass the --out folders of finished "wlgrade grade --shard K/N" runs', again: 'grade that shard again' });
  let state: BatchState = { schemaVersion: 1, entries: new Map() };
  try {
    const s = BatchStateSchema.safeParse(JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')));
    if (s.success) state = s.data;
  } catch {
    // no reuse information: the merged folder just grades everything again next time
  }
  return { dir, summary, state };
}

/**
 * A result file as `wlgrade grade` names it: `results/<name>.json`, directly in the shard's
 * results/ folder (no `..`, no subfolder, no hidden file), so a row can only point at a report of
 * its own shard and its copy keeps its name.
 */
const RESULT_FILE = new RegExp(`^${RESULTS_DIR}/(?!\\.)[^/\\\\]+\\.json$`);

/** A learner id as staff read it: on one line, characters no one sees spelled out ("ana\u200b"). */
const quoted = (learner: string) => `"${oneLine(unseen(learner))}"`;
const sameFile = (a: string, b: string) => (a === b ? oneLine(a) : `${oneLine(a)} / ${oneLine(b)} (one file where letter case or Unicode form is ignored, as on macOS and Windows)`);

/**
 * The merged rows and columns, pure. Columns keep the suite's case order, taken from the first
 * row that was graded (rows list cases in suite order); shards that graded nobody add none.
 * Rows are still the shards' own: the action rebuilds each from its report (rowFromShardReport).
 */
export function mergeShards(shards: Array<{ name: string; summary: BatchSummary }>): { rows: Array<BatchRow & { shard: string }>; columns: CsvColumn[] } {
  const first = shards[0]!.summary;
  for (const s of shards) {
    if (s.summary.suiteHash !== first.suiteHash) {
      throw new GraderError(
        'BATCH_INVALID',
        `${s.name} was graded against different cases than ${shards[0]!.name} (suite hash ${s.summary.suiteHash.slice(0, 12)} vs ${first.suiteHash.slice(0, 12)}); grade every shard with the same --cases and wlgrade version.`,
      );
    }
  }
  // Learner, as grade tells one learner (caseKeptKey: Unicode form and characters no one sees
  // ignored, letter case kept, which a result file's name folds below) -> the index of the shard
  // that lists it, and the id as written there (one folder may be passed twice).
  const seen = new Map<string, { at: number; learner: string }>();
  // Result file name, lower-cased (a case-insensitive file system holds one of A.json and a.json) -> its row.
  const files = new Map<string, BatchRow & { shard: string }>();
  const rows: Array<BatchRow & { shard: string }> = [];
  for (const [i, s] of shards.entries()) {
    for (const r of s.summary.rows) {
      const met = seen.get(caseKeptKey(r.learner));
      // Sections graded apart: "alice" in one and "alice\u200b" (a zero-width space) in another
      // were two rows of "alice" in grades.csv, one with the other's marks, a pair grade refuses.
      if (met !== undefined && met.learner !== r.learner) {
        const shown = (id: string) => `"${oneLine(unseen(id))}"`;
        throw new GraderError(
          'BATCH_INVALID',
          `Learners ${shown(met.learner)} (${shards[met.at]!.name}) and ${shown(r.learner)} (${s.name}) are one learner (ids that differ only in how an accent is encoded or in characters no one sees, such as a zero-width space or a direction mark), and merge would give them two rows no one could tell apart; rename or remove one of their submissions, grade that folder again and merge again.`,
        );
      }
      const other = met?.at;
      if (other === i) throw new GraderError('BATCH_INVALID', `${s.name}/summary.json lists learner ${quoted(r.learner)} twice; grade that shard again.`);
      if (other !== undefined) {
        // Folders graded without --shard (sections graded apart, or a regrade of some learners into
        // a folder of its own): "each K once" told staff of shards they never made.
        if (!shards[other]!.summary.shard && !s.summary.shard) {
          throw new GraderError(
            'BATCH_INVALID',
            `Learner ${quoted(r.learner)} was graded in both ${shards[other]!.name} and ${s.name}, and merge takes each learner from one folder only: to grade some learners again, put their new files where the others are and run the same grade command (same --out) again, which regrades only new or changed files.`,
          );
        }
        throw new GraderError('BATCH_INVALID', `Learner ${quoted(r.learner)} was graded in both ${shards[other]!.name} and ${s.name}; each shard must use the same N (--shard K/N) and each K once.`);
      }
      seen.set(caseKeptKey(r.learner), { at: i, learner: r.learner });
      const row = { ...r, shard: s.name };
      if (r.resultFile !== undefined) {
        if (!RESULT_FILE.test(r.resultFile)) {
          throw new GraderError('BATCH_INVALID', `${s.name}/summary.json gives learner ${quoted(r.learner)} the result file ${oneLine(r.resultFile)}, which is not in ${s.name}/${RESULTS_DIR}/; grade that shard again.`);
        }
        // as a disk that folds letter case and Unicode forms would read the names (fileKey)
        const key = fileKey(r.resultFile);
        const clash = files.get(key);
        if (clash) {
          throw new GraderError(
            'BATCH_INVALID',
            `Learners ${quoted(clash.learner)} (${clash.shard}) and ${quoted(r.learner)} (${s.name}) have the same result file ${sameFile(clash.resultFile!, r.resultFile)}, so one copy would overwrite the other; grade every shard from the same submissions (wlgrade refuses such a pair there) and merge again.`,
          );
        }
        files.set(key, row);
      }
      rows.push(row);
    }
  }
  rows.sort((a, b) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0));
  const maxPoints = new Map<string, number>();
  for (const s of shards) for (const c of s.summary.cases) maxPoints.set(c.id, c.maxPoints);
  const ordered = rows.find((r) => Object.keys(r.cases).length > 0);
  const ids = ordered ? Object.keys(ordered.cases) : [...maxPoints.keys()];
  for (const id of maxPoints.keys()) if (!ids.includes(id)) ids.push(id);
  return { rows, columns: ids.map((id) => ({ id, maxPoints: maxPoints.get(id) ?? 0 })) };
}

/**
 * The shards given, checked as one split of one cohort, pure. Folders graded without --shard carry
 * no record and are merged as given (null). Shards must all come from one `--shard K/N` split
 * (same N, each K once) of the same learners; a missing K stops the merge, unless `partial`, when
 * the returned sentence says who is left out. A complete split's rows add up to the cohort (a
 * learner in two shards is mergeShards' error).
 */
export function checkShardSet(shards: Array<{ name: string; summary: BatchSummary }>, partial: boolean): string | null {
  const split = shards.filter((s) => s.summary.shard);
  if (split.length === 0) return null;
  const plain = shards.find((s) => !s.summary.shard);
  const first = split[0]!;
  const cut = first.summary.shard!;
  const as = (s: { summary: BatchSummary }) => `${s.summary.shard!.index}/${s.summary.shard!.count}`;
  if (plain) throw new GraderError('BATCH_INVALID', `${plain.name} was graded without --shard, but ${first.name} is shard ${as(first)}; merge the shards of one split only.`);
  const byIndex = new Map<number, string>();
  for (const s of split) {
    const own = s.summary.shard!;
    if (own.count !== cut.count) throw new GraderError('BATCH_INVALID', `${first.name} is shard ${as(first)} but ${s.name} is shard ${as(s)}; grade every shard with the same N (--shard K/N).`);
    if (own.cohort.hash !== cut.cohort.hash) {
      throw new GraderError(
        'BATCH_INVALID',
        `${first.name} and ${s.name} were cut from different submissions (${cut.cohort.learners} and ${own.cohort.learners} learners, or other names); grade every shard from the same folders or exports.`,
      );
    }
    const twin = byIndex.get(own.index);
    if (twin !== undefined) throw new GraderError('BATCH_INVALID', `${twin} and ${s.name} are both shard ${as(s)}; pass each shard's folder once.`);
    byIndex.set(own.index, s.name);
  }
  const missing = Array.from({ length: cut.count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  const rows = shards.reduce((n, s) => n + s.summary.rows.length, 0);
  if (missing.length === 0) {
    if (rows !== cut.cohort.learners) {
      throw new GraderError('BATCH_INVALID', `The ${cut.count} shards list ${rows} learners but were cut from ${cut.cohort.learners}; a shard's summary.json has lost or gained rows: grade the shards again.`);
    }
    // As many rows, but are they the cohort's learners? A row swapped for another (a shard's
    // summary.json edited, or copied from another class of the same size) gave a mixed gradebook.
    if (cohortOf(shards.flatMap((s) => s.summary.rows.map((r) => r.learner))).hash !== cut.cohort.hash) {
      throw new GraderError('BATCH_INVALID', `The ${cut.count} shards list ${rows} learners, but not the ${cut.cohort.learners} they were cut from; a shard's summary.json was changed or comes from other submissions: grade the shards again.`);
    }
    return null;
  }
  const names = missing.map((k) => `${k}/${cut.count}`).join(', ');
  const one = missing.length === 1;
  if (!partial) {
    throw new GraderError(
      'BATCH_INVALID',
      `Shard${one ? '' : 's'} ${names} ${one ? 'is' : 'are'} missing (${cut.cohort.learners - rows} of ${cut.cohort.learners} learners); pass ${one ? 'its' : 'their'} --out folder${one ? '' : 's'} too, or --partial to merge the shards given.`,
    );
  }
  return `Shard${one ? '' : 's'} ${names} ${one ? 'is' : 'are'} missing: ${cut.cohort.learners - rows} of ${cut.cohort.learners} learners are not in this gradebook.`;
}

/**
 * The problem codes grade gives a row that has no report, which only the row can carry through a
 * merge: the runner's internal error (its code tells staff, in the summary, what a second one does)
 * and a file over the size limit (the learner's, 0 in grades.csv and export lms: merged without it,
 * the row was blank again, review 32b).
 */
const ROW_ONLY: ReadonlySet<Problem['code']> = new Set<Problem['code']>(['INTERNAL_ERROR', 'FILE_TOO_LARGE']);

/**
 * Whether a row's error says a file is over this build's size limit, as tooLargeMessage words it
 * ("hw.py is 11 MiB; wlgrade grades .py files up to 10 MiB: …"; a learner's combined row holds
 * one per entry). A FILE_TOO_LARGE row has no report to check, and it counts 0: merge keeps the
 * code only from a row that says so of this build's limit.
 */
export function saysTooLarge(error: string | undefined): boolean {
  for (const m of (error ?? '').matchAll(/ is ([\d.]+) MiB; wlgrade grades \.(py|ipynb) files up to (\d+) MiB: /g)) {
    const limit = MAX_FILE_BYTES[m[2] as keyof typeof MAX_FILE_BYTES];
    if (Number(m[3]) * 2 ** 20 === limit && Number(m[1]) * 2 ** 20 > limit) return true;
  }
  return false;
}

/**
 * The build of wlgrade each shard graded with, checked to be one, pure: the version its summary
 * records and, for an in-place update that keeps the version (a git pull and build), the build
 * fingerprint its batch-state.json entries record for the rows it graded. Reports of two builds
 * would mix two gradings in one gradebook, as two suites would (mergeShards refuses those).
 */
export function checkSameBuild(shards: Array<{ name: string; summary: BatchSummary; state: BatchState }>, current?: string): void {
  const builds = shards.map((s) => {
    const versions = new Set<string>();
    for (const r of s.summary.rows) {
      const entry = r.resultFile === undefined ? undefined : s.state.entries.get(r.learner);
      if (entry !== undefined && entry.resultFile === r.resultFile) versions.add(entry.version);
    }
    return { name: s.name, version: s.summary.tool.version, builds: [...versions].sort() };
  });
  const first = builds[0]!;
  for (const b of builds) {
    if (b.builds.length > 1) throw new GraderError('BATCH_INVALID', `${b.name} holds reports of ${b.builds.length} builds of wlgrade (${b.builds.join(', ')}); run that shard's grade command again with this wlgrade (it regrades the reports another build wrote) and merge again.`);
  }
  const built = builds.find((b) => b.builds.length > 0);
  for (const b of builds) {
    if (b.version !== first.version) {
      throw new GraderError('BATCH_INVALID', `${b.name} was graded by wlgrade ${oneLine(b.version)} but ${first.name} by wlgrade ${oneLine(first.version)}; grade every shard with the same wlgrade and merge again.`);
    }
    if (built && b.builds.length > 0 && b.builds[0] !== built.builds[0]) {
      // Which to grade again: the shards of another build than this wlgrade's, when one is this one's.
      const stale = builds.filter((x) => x.builds.length > 0 && x.builds[0] !== current).map((x) => x.name);
      const todo =
        current !== undefined && stale.length < builds.filter((x) => x.builds.length > 0).length
          ? `run the grade command of ${joinWords(stale)} again with this wlgrade (${oneLine(current)}; it regrades the reports another build wrote)`
          : 'run every shard\'s grade command again with this wlgrade (it regrades the reports another build wrote)';
      throw new GraderError(
        'BATCH_INVALID',
        `${b.name} and ${built.name} were graded by different builds of wlgrade ${oneLine(b.version)} (${oneLine(b.builds[0]!)} and ${oneLine(built.builds[0]!)}: its code was updated between them); ${todo}, and merge again.`,
      );
    }
  }
}

/**
 * A gradebook row rebuilt from the report it points at, pure: status, score, points per case and
 * mistakes are the report's (what the merged results/ holds), never the summary row's. Only the
 * source and note, which no report carries, come from the row. The report must be this learner's
 * and graded against the shard's cases. A row without a report is an error row (0 points), with the
 * codes grade gives such a row (ROW_ONLY).
 */
export function rowFromShardReport(row: BatchRow, report: GradeReport | null, shard: string, summary: BatchSummary): BatchRow {
  // A shard graded by an older build may name a source '//alice.py' (grade run in '/').
  const item = { learner: row.learner, source: normalSource(row.source), ...(row.note !== undefined ? { note: row.note } : {}) };
  if (row.resultFile === undefined || report === null) {
    const bare = errorRow(item, row.error ?? 'no file to grade', summary.maxScore);
    const kept = row.resultFile === undefined ? (row.problems ?? []).filter((c) => ROW_ONLY.has(c)) : [];
    if (kept.includes('FILE_TOO_LARGE') && !saysTooLarge(row.error)) {
      throw new GraderError(
        'BATCH_INVALID',
        `${shard}/summary.json counts learner ${quoted(row.learner)} 0 for a file over the size limit (FILE_TOO_LARGE), but its error names no file over this wlgrade's limit (${MAX_FILE_BYTES.py / 2 ** 20} MiB for a .py, ${MAX_FILE_BYTES.ipynb / 2 ** 20} MiB for a .ipynb): that shard was graded by another wlgrade or its summary.json was changed; grade that shard again.`,
      );
    }
    return kept.length > 0 ? { ...bare, problems: kept } : bare;
  }
  const where = `${shard}/${oneLine(row.resultFile)}`;
  if (report.learner !== row.learner) {
    const whose = report.learner === undefined ? 'no learner' : `learner ${quoted(report.learner)}`;
    throw new GraderError('BATCH_INVALID', `${where} is the report of ${whose}, but ${shard}/summary.json gives it to learner ${quoted(row.learner)}; grade that shard again.`);
  }
  const key = (cases: Array<{ id: string; maxPoints: number }>) => JSON.stringify(cases.map((c) => [c.id, c.maxPoints]).sort());
  if (JSON.stringify(report.suites) !== JSON.stringify(summary.suites) || key(report.cases) !== key(summary.cases)) {
    throw new GraderError('BATCH_INVALID', `${where} (learner ${quoted(row.learner)}) was graded against other cases than ${shard}/summary.json lists; grade that shard again.`);
  }
  return rowFromReport(report, item, row.resultFile, row.reused);
}

/**
 * One place per case for the whole gradebook, pure. A report names each case's file as the shard's
 * `grade` was given it, relative to where it ran (`cases/hidden.yaml`, `../cases/hidden.yaml`,
 * `/data/cases/hidden.yaml`): shards graded on two machines or from two folders hash alike (the
 * cases are the same) but named one case two ways in one gradebook. Of the places the reports
 * give a case, the shortest file name wins (then the first file, then the lowest line), whatever
 * order the shards are passed in.
 */
export function caseSources(reports: ReadonlyArray<GradeReport | null>): Map<string, { file: string; line: number }> {
  const out = new Map<string, { file: string; line: number }>();
  const better = (a: { file: string; line: number }, b: { file: string; line: number }) =>
    a.file.length - b.file.length || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line;
  for (const r of reports) {
    for (const c of r?.cases ?? []) {
      const had = out.get(c.id);
      if (!had || better(c.source, had) < 0) out.set(c.id, { file: c.source.file, line: c.source.line });
    }
  }
  return out;
}

/** The report with its submission.path written as its row's source is (normalSource): the same object when it already is. */
export function withSourcePath(report: GradeReport): GradeReport {
  const path = normalSource(report.submission.path);
  return path === report.submission.path ? report : { ...report, submission: { ...report.submission, path } };
}

/**
 * Reports read at once. Every row's was opened at once: past the open-file limit (1,000 learners
 * under `ulimit -n 256`, a MOOC's under a hard 65,536) the reads failed with EMFILE, and merge told
 * staff a sound report "is not a wlgrade report; grade that shard again" (red team 34).
 */
const READS_AT_ONCE = 32;

/** `f` over `xs`, at most `n` at a time; the results in the order of `xs`, or the first rejection. */
async function mapLimited<T, R>(xs: readonly T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, xs.length) }, worker));
  return out;
}

/** The report a row points at, read only from inside the shard's results/ folder (a symlink there may lead elsewhere). */
async function readShardReport(dir: string, shard: string, row: BatchRow & { resultFile: string }): Promise<GradeReport> {
  const where = `${shard}/${oneLine(row.resultFile)}`;
  let real: string;
  try {
    real = await realpath(join(dir, row.resultFile));
  } catch {
    throw new GraderError('BATCH_INVALID', `${where} (learner ${quoted(row.learner)}) is missing; grade that shard again.`);
  }
  if (dirname(real) !== (await realpath(join(dir, RESULTS_DIR)))) {
    throw new GraderError('BATCH_INVALID', `${where} (learner ${quoted(row.learner)}) leads outside ${shard}/${RESULTS_DIR}/; grade that shard again.`);
  }
  const read = readWritten(GradeReportSchema, await readFile(real, 'utf8').catch(() => null));
  if (read.ok) return read.data;
  if (read.newer !== null) throw new GraderError('BATCH_INVALID', newerWriterMessage(`${where} (learner ${quoted(row.learner)})`, read.newer));
  throw new GraderError('BATCH_INVALID', `${where} (learner ${quoted(row.learner)}) is not a wlgrade report; grade that shard again.`);
}

export function registerMerge(program: Command, setExit: (code: number) => void): void {
  withExamples(program.command('merge <dirs...>'), [
    ['wlgrade merge shard-1 shard-2 --out results/', 'the --out folders of "wlgrade grade --shard 1/2" and "--shard 2/2"'],
  ])
    .description('combine the --out folders of "wlgrade grade --shard K/N" runs into one gradebook')
    .requiredOption('--out <dir>', 'folder for the merged results/, grades.csv and summary.json')
    .addOption(bomOption())
    .option('--partial', 'merge even when shards of the split are missing (their learners are left out, and said so)')
    .action(async (dirs: string[], o: { out: string; partial?: boolean; bom?: boolean }) => {
      refuseLineBreakOut(o.out);
      const out = resolve(o.out);
      const shards = await Promise.all(dirs.map((d) => readShard(resolve(d), d)));
      // A grade still writing into a shard folder: what is merged may be its previous run's.
      for (const [i, s] of shards.entries()) warnIfBusy(s.dir, `shard folder ${dirs[i]!}`);
      if (shards.some((s) => s.dir === out)) throw new GraderError('USAGE', `--out ${o.out} is one of the folders being merged; choose a new folder.`);
      // One folder given twice (outA outA, or outA ./outA/ or a symlink to it) would read as two
      // shards that both graded every learner, and be told as a split of the wrong N.
      const real = await Promise.all(shards.map((s) => realpath(s.dir)));
      const twice = real.findIndex((r, i) => real.indexOf(r) !== i);
      if (twice !== -1) throw new GraderError('USAGE', `${oneLine(dirs[real.indexOf(real[twice]!)]!)} and ${oneLine(dirs[twice]!)} are the same folder; pass each shard's folder once.`);
      const named = shards.map((s, i) => ({ name: dirs[i]!, summary: s.summary }));
      const left = checkShardSet(named, o.partial ?? false);
      const { rows, columns } = mergeShards(named);
      checkSameBuild(shards.map((s, i) => ({ ...named[i]!, state: s.state })), buildVersion());
      // Every report is read and checked before anything is written.
      const byDir = new Map(dirs.map((d, i) => [d, shards[i]!]));
      const read = await mapLimited(rows, READS_AT_ONCE, (r) => (r.resultFile === undefined ? Promise.resolve(null) : readShardReport(byDir.get(r.shard)!.dir, r.shard, { ...r, resultFile: r.resultFile })));
      const sources = caseSources(read);
      const reports = read.map((r) => (r ? withSourcePath(withSources(r, sources)) : r));
      const merged = rows.map(({ shard, ...row }, i) => rowFromShardReport(row, reports[i]!, shard, byDir.get(shard)!.summary));
      await prepareOut(out, o.out);
      // One run at a time into --out: a grade or another merge writing there is named and this one refused.
      const lock = lockOut(out, o.out, 'wlgrade merge');
      try {
        const store = new BatchStore(out);
        await store.init();
        // Reuse information only for the rows kept, each from its own shard and pointing at its copy.
        const state: BatchState = { schemaVersion: 1, entries: new Map() };
        for (const [i, row] of merged.entries()) {
          const from = byDir.get(rows[i]!.shard)!;
          const report = reports[i];
          if (row.resultFile === undefined || !report) {
            // A file whose grading met the runner's internal error: its entry (no report) is what a second one is counted against (run-batch).
            const entry = from.state.entries.get(row.learner);
            if (entry?.failed !== undefined && row.problems?.includes('INTERNAL_ERROR')) state.entries.set(row.learner, entry);
            continue;
          }
          // The report as checked, written again (the bytes wlgrade wrote for it), not a second read.
          const text = renderJson(report);
          await store.writeText(row.resultFile, text);
          const entry = from.state.entries.get(row.learner);
          if (entry) state.entries.set(row.learner, { ...entry, resultFile: row.resultFile, resultHash: resultHash(text) });
        }
        const first = shards[0]!.summary;
        const summary = summarize(merged, { version: VERSION, suites: first.suites, suiteHash: first.suiteHash, columns });
        await store.saveState(state);
        await store.writeText('grades.csv', renderGradesCsv(merged, columns, { bom: o.bom ?? false }));
        await store.writeText('summary.json', renderSummaryJson(summary));
        process.stdout.write(renderSummaryTerminal(summary));
        process.stdout.write(`\nMerged ${counted(dirs.length, 'shard')} (${merged.length} learners); results/, grades.csv and summary.json are in ${escapeTerminal(o.out)}\n`);
        if (left) process.stdout.write(`${left}\n`);
        // Learners of different shards who handed in one file: no shard's grade could list them.
        for (const line of identicalLines(gradedGroups(merged, state.entries))) process.stdout.write(terminalLine(line) + '\n');
        // A merge into a folder that already held a gradebook (a merge of more shards, an earlier
        // run) keeps its other reports, read by nothing now: said with the command that deletes them, as grade does.
        const staleLine = await staleReportsNotice(store, out, merged);
        if (staleLine !== null) process.stdout.write(staleLine + '\n');
        setExit(0);
      } finally {
        lock.release();
      }
    });
}
