/**
 * `wlgrade merge <dir…> --out DIR`: one gradebook from the --out folders of `wlgrade grade
 * --shard K/N` runs. Takes each shard's summary.json rows and results/, checks that every shard
 * graded against the same cases and that no learner was graded twice, and writes results/,
 * grades.csv, summary.json and batch-state.json as a single run would. See docs/performance.md.
 */
import type { Command } from 'commander';
import { copyFile, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BatchStore, RESULTS_DIR, STATE_FILE } from '../batch/store.js';
import { GraderError } from '../errors.js';
import { renderGradesCsv, type CsvColumn } from '../report/csv.js';
import { escapeLineBreaks as oneLine } from '../report/escape.js';
import { renderSummaryJson, renderSummaryTerminal, summarize } from '../report/summary.js';
import { BatchStateSchema, BatchSummarySchema, type BatchRow, type BatchState, type BatchSummary } from '../schema/batch.js';
import { GradeReportSchema } from '../schema/report.js';
import { VERSION } from '../version.js';
import { prepareOut } from './grade.js';

export interface ShardOutput {
  dir: string;
  summary: BatchSummary;
  state: BatchState;
}

async function readShard(dir: string, shown: string): Promise<ShardOutput> {
  let text: string;
  try {
    text = await readFile(join(dir, 'summary.json'), 'utf8');
  } catch {
    throw new GraderError('BATCH_INVALID', `${shown} has no summary.json: pass the --out folders of finished "wlgrade grade --shard K/N" runs.`);
  }
  let parsed;
  try {
    parsed = BatchSummarySchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new GraderError('BATCH_INVALID', `${shown}/summary.json is not a wlgrade summary (or was written by another version); grade that shard again.`);
  let state: BatchState = { schemaVersion: 1, entries: new Map() };
  try {
    const s = BatchStateSchema.safeParse(JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')));
    if (s.success) state = s.data;
  } catch {
    // no reuse information: the merged folder just grades everything again next time
  }
  return { dir, summary: parsed.data, state };
}

/**
 * The merged rows and columns, pure. Columns keep the suite's case order, taken from the first
 * row that was graded (rows list cases in suite order); shards that graded nobody add none.
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
  const seen = new Map<string, string>();
  const rows: Array<BatchRow & { shard: string }> = [];
  for (const s of shards) {
    for (const r of s.summary.rows) {
      const other = seen.get(r.learner);
      if (other !== undefined) {
        throw new GraderError('BATCH_INVALID', `Learner "${oneLine(r.learner)}" was graded in both ${other} and ${s.name}; each shard must use the same N (--shard K/N) and each K once.`);
      }
      seen.set(r.learner, s.name);
      rows.push({ ...r, shard: s.name });
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

export function registerMerge(program: Command, setExit: (code: number) => void): void {
  program
    .command('merge <dirs...>')
    .description('combine the --out folders of "wlgrade grade --shard K/N" runs into one gradebook')
    .requiredOption('--out <dir>', 'folder for the merged results/, grades.csv and summary.json')
    .action(async (dirs: string[], o: { out: string }) => {
      const out = resolve(o.out);
      const shards = await Promise.all(dirs.map((d) => readShard(resolve(d), d)));
      if (shards.some((s) => s.dir === out)) throw new GraderError('USAGE', `--out ${o.out} is one of the folders being merged; choose a new folder.`);
      const { rows, columns } = mergeShards(shards.map((s, i) => ({ name: dirs[i]!, summary: s.summary })));
      await prepareOut(out, o.out);
      const store = new BatchStore(out);
      await store.init();
      const byDir = new Map(dirs.map((d, i) => [d, shards[i]!]));
      const merged: BatchRow[] = [];
      for (const { shard, ...row } of rows) {
        const from = byDir.get(shard)!;
        if (row.resultFile) {
          const rel = `${RESULTS_DIR}/${basename(row.resultFile)}`;
          const src = join(from.dir, row.resultFile);
          // Results are re-validated: a merged gradebook holds only reports wlgrade wrote.
          try {
            GradeReportSchema.parse(JSON.parse(await readFile(src, 'utf8')));
          } catch {
            throw new GraderError('BATCH_INVALID', `${join(shard, row.resultFile)} is missing or not a wlgrade report; grade that shard again.`);
          }
          await copyFile(src, join(out, rel));
          row.resultFile = rel;
        }
        merged.push(row);
      }
      const state: BatchState = { schemaVersion: 1, entries: new Map() };
      for (const s of shards) for (const [learner, entry] of s.state.entries) state.entries.set(learner, entry);
      const first = shards[0]!.summary;
      const summary = summarize(merged, { version: VERSION, suites: first.suites, suiteHash: first.suiteHash, columns });
      await store.saveState(state);
      await store.writeText('grades.csv', renderGradesCsv(merged, columns));
      await store.writeText('summary.json', renderSummaryJson(summary));
      process.stdout.write(renderSummaryTerminal(summary));
      process.stdout.write(`\nMerged ${dirs.length} shard${dirs.length === 1 ? '' : 's'} (${merged.length} learners); results/, grades.csv and summary.json are in ${o.out}\n`);
      setExit(0);
    });
}
