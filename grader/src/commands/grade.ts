/** `wlgrade grade <path…> --out DIR`: a whole class, for course staff. See docs/staff.md. */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { mkdtemp, readdir, readFile, realpath, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { makeDirs } from '../make-dirs.js';
import { hostname } from 'node:os';
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { discoverSubmissions, DOWNLOAD_LAYOUTS, holdsGradable } from '../batch/discover.js';
import { SKIPPED_DIRS } from '../batch/pick.js';
import { hashSuite, settingsHash } from '../batch/hash.js';
import { runBatch } from '../batch/run-batch.js';
import { BatchStore, type StaleReport } from '../batch/store.js';
import { lockOut } from '../batch/out-lock.js';
import { progressTokens } from '../batch/progress.js';
import { gradedGroups, identicalLines } from '../batch/identical.js';
import { regradeLines } from '../batch/regrade-reason.js';
import { fsReason, GraderError } from '../errors.js';
import { counted, joinSome, joinWords } from '../join-words.js';
import { gradeSubmission, namedOnly, submissionOf } from '../grade-submission.js';
import { CASES_DIR, leavesBase, PACKAGE_ROOT, PUBLIC_SUITE } from '../paths.js';
import { renderGradesCsv } from '../report/csv.js';
import { withFeedback } from '../report/feedback.js';
import { escapeTerminal, quoteShell, terminalLine } from '../report/escape.js';
import { renderSummaryJson, renderSummaryTerminal, summarize } from '../report/summary.js';
import type { BatchRow } from '../schema/batch.js';
import { rowWorth } from '../report/row-worth.js';
import { loadSuite } from '../suite/load-suite.js';
import { loadModels, saveModels } from '../suite/models-cache.js';
import { suiteCacheDir } from './check.js';
import { refuseUngradable } from '../suite/refuse-ungradable.js';
import { createPool, defaultJobs } from '../pool/create-pool.js';
import { cohortOf, inShard, parseShard, type Shard } from '../pool/shard.js';
import { hideFromSandboxes } from '../sandbox/launch.js';
import { buildVersion, VERSION } from '../version.js';
import { bomOption, gradeOptionsFrom, SANDBOX_HELP, withCommon, withExamples, warnZeroPoints, type CommonOpts } from './common.js';
import { round } from '../grade/grade-suite.js';

export const HIDDEN_SUITE = join(CASES_DIR, 'hidden.yaml');

/**
 * Staff commands grade against public + hidden cases unless --cases says otherwise. The release
 * tarball learners install has no hidden suite: say so, rather than blame a --cases not given.
 */
export function staffCasePaths(o: CommonOpts, hidden = HIDDEN_SUITE): string[] {
  if (!o.cases && !existsSync(hidden)) {
    throw new GraderError('CASES_NOT_FOUND', `This install of wlgrade (${PACKAGE_ROOT}) has no hidden suite (cases/hidden.yaml: the release tarball leaves it out); pass the suites to grade with, e.g. --cases ${PUBLIC_SUITE} --cases my-hidden.yaml, or run from a clone of wlgrade.`);
  }
  return (o.cases ?? [PUBLIC_SUITE, hidden]).map((p) => resolve(p));
}

function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new GraderError('USAGE', `--jobs must be a whole number of at least 1, got "${v}".`);
  return n;
}

/**
 * Refuses an --out folder whose name holds a line break (a script's folder name with its trailing
 * newline): the reports' paths are printed in a command to paste and listed one per line
 * (STALE_LIST), and it would cut every one of them. grade and merge call it first: later messages
 * print --out as given.
 */
export function refuseLineBreakOut(shown: string): void {
  if (/[\r\n\u0085\u2028\u2029]/.test(shown)) {
    throw new GraderError('USAGE', `--out ${terminalLine(shown)} holds a line break, which would cut the reports' paths that wlgrade prints and lists one per line; choose a folder name without one.`);
  }
}

/** Creates --out and proves it is writable before any grading starts. */
export async function prepareOut(out: string, shown: string): Promise<void> {
  try {
    await makeDirs(out);
    const probe = join(out, `.wlgrade-probe-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (e) {
    throw new GraderError('OUTPUT_UNWRITABLE', `Cannot write to the output folder ${shown} (${fsReason(e)}); choose another --out or fix its permissions.`);
  }
}

/** `p` with its symlinks resolved, for the part of it that exists (the rest appended as given). */
async function realOrResolved(p: string): Promise<string> {
  const abs = resolve(p);
  const real = await realpath(abs).catch(() => null);
  if (real !== null) return real;
  const parent = dirname(abs);
  return parent === abs ? abs : join(await realOrResolved(parent), basename(abs));
}

/**
 * Refuses an --out among the submissions it grades: a folder given to grade, or inside one in a
 * learner's folder (one holding a .py, .ipynb or .zip). The reports, grades.csv and summary.json
 * were written among the learners' files, and that folder was graded as a learner ("results",
 * or on the next run an error row "results holds no .py or .ipynb file"). A new or output-only
 * folder inside (`grade . --out results`) is fine: discovery leaves it out (docs/staff.md). Nor
 * may a path graded be (or be inside) --out's results/ (`grade results --out .`).
 */
export async function refuseOutAmongSubmissions(out: string, paths: readonly string[], shown: string): Promise<void> {
  const realOut = await realOrResolved(out);
  // The other way round: a path graded that is (or is inside) --out's results/, where the reports
  // go (`grade results --out .`): the reports land among the files graded, and the next run reads
  // them as learners'. Said first, whichever path is wrong the other way.
  const reports = join(realOut, 'results');
  let among: GraderError | undefined;
  for (const p of paths) {
    const real = await realOrResolved(p);
    const inReports = inside(reports, real);
    if (inReports !== null) {
      throw new GraderError('USAGE', `${p} is ${inReports === '' ? '' : 'inside '}${join(shown, 'results')}, where --out ${shown} puts its reports, so they would be written among the files graded; choose another --out (e.g. --out wlgrade-results).`);
    }
    if (among !== undefined || !(await stat(p).then((st) => st.isDirectory(), () => false))) continue;
    const rel = inside(real, realOut);
    if (rel === '') {
      among = new GraderError('USAGE', `--out ${shown} is the folder being graded (${p}), so the results would be written among the learners' files; choose a folder outside it, or a new folder inside it (e.g. --out ${join(p, 'wlgrade-results')}).`);
      continue;
    }
    if (rel === null) continue;
    const top = rel.split(sep)[0]!;
    if (top.startsWith('.') || SKIPPED_DIRS.has(top)) continue;
    if (await holdsGradable(join(real, top))) {
      const where = rel === top ? 'is a learner\'s folder' : `is inside ${join(p, top)}, a learner's folder`;
      among = new GraderError('USAGE', `--out ${shown} ${where} in ${p} (it holds a .py, .ipynb or .zip): it would be graded as a learner and the results written among its files; choose a folder outside ${p}, or a new folder in it (e.g. --out ${join(p, 'wlgrade-results')}).`);
    }
  }
  if (among !== undefined) throw among;
}

/** `child`'s path relative to `parent` when it is `parent` ('') or inside it; null when it is not. */
function inside(parent: string, child: string): string | null {
  const rel = relative(parent, child);
  return leavesBase(rel) ? null : rel;
}

/** The outermost folder of `dir` that does not exist yet (`dir` itself, or one of its parents), or null. */
function firstMissing(dir: string): string | null {
  let missing: string | null = null;
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing = d;
    if (dirname(d) === d) break;
  }
  return missing;
}

/** Removes `dir` and its parents up to `top`, each only if empty: what this run made and left unused. */
async function removeEmpty(dir: string, top: string | null): Promise<void> {
  if (top === null) return;
  for (let d = dir; ; d = dirname(d)) {
    if (!(await rmdir(d).then(() => true, () => false)) || d === top || dirname(d) === d) return;
  }
}

/** Names the batch that made a scratch folder, so a later batch can tell one whose batch is gone. */
const SCRATCH_OWNER = 'owner';

/**
 * Removes the scratch folders (`.wlgrade-tmp-*`, the files a batch unpacked from zips) that batches
 * killed outright (SIGKILL, out of memory, a power cut) left in `out`: those whose owner, a process
 * of this machine, has ended. A folder of a batch still running, of another machine (an --out on a
 * shared disk) or without an owner file is left alone. Returns how many were removed.
 */
export async function removeStaleScratch(out: string): Promise<number> {
  let removed = 0;
  const names = await readdir(out).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith('.wlgrade-tmp-'))) {
    const owner = await readFile(join(out, name, SCRATCH_OWNER), 'utf8').catch(() => '');
    const m = /^(\d+) (.+)$/.exec(owner.trim());
    if (!m || m[2] !== hostname() || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    await rm(join(out, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: a process of another user has that id, so it is running.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface GradeOpts extends CommonOpts {
  out: string;
  jobs?: number;
  force?: boolean;
  /** false with --no-pool: one cold process per submission. */
  pool?: boolean;
  preload?: string[];
  shard?: Shard;
  bom?: boolean;
}

export function registerGrade(program: Command, setExit: (code: number) => void): void {
  withExamples(withCommon(program.command('grade <paths...>'), 'the bundled public and hidden suites', SANDBOX_HELP.marks), [
    ['wlgrade grade submissions.zip --out results/', `public + hidden cases; a folder of files or folders, or a ${joinWords(DOWNLOAD_LAYOUTS, 'or')} download`],
    ['wlgrade grade learners/ --out results/ --jobs 8 --cases cases/public.yaml --cases my-hidden.yaml'],
    ['wlgrade grade learners/ --out results/ --bom', 'grades.csv for Excel'],
    ['wlgrade grade learners/ --out shard-1 --shard 1/2', 'one half of a large cohort; then: wlgrade merge shard-1 shard-2 --out results/'],
  ], [
    'Writes results/<learner>.json, grades.csv and summary.json in --out. Running the same command again grades only new or changed submissions (also after Ctrl-C). Then: wlgrade export lms (see its --help).',
    'Exit codes: 0 the batch finished, whatever the learners scored; 2 a usage error, or an --out that cannot be written or that another grade or merge run is writing into; 130 or 143 interrupted (Ctrl-C, a cancelled CI job: run it again to go on); 3 a bug in wlgrade.',
  ])
    .description('grade every submission in folders, .zip exports or files; writes results, grades.csv and summary.json to --out')
    .requiredOption('--out <dir>', 'folder for the results (re-running with the same folder skips unchanged submissions)')
    .option('-j, --jobs <n>', 'submissions graded in parallel (default: CPU cores + 1)', parseJobs)
    .option('--force', 'grade everything again, even results that could be reused')
    .option('--no-pool', 'start a fresh Python per submission instead of forking warm workers (slower; same isolation and results)')
    .option('--preload <modules>', 'modules each warm worker imports once, comma-separated (e.g. torch,keras): faster when most submissions use them', (v: string) => v.split(',').map((m) => m.trim()).filter(Boolean))
    .addOption(bomOption())
    .option('--shard <K/N>', 'grade only the learners of shard K of N (hash of the learner id); combine the shards with "wlgrade merge"', parseShard)
    .action(async (paths: string[], o: GradeOpts) => {
      refuseLineBreakOut(o.out);
      const out = resolve(o.out);
      const suitePaths = staffCasePaths(o);
      hideFromSandboxes([out, ...paths, ...suitePaths]);
      // The suite, the Python and the sandbox are checked before --out is made: a refused suite
      // left an empty --out behind. What discovery refuses (a path that does not exist) comes
      // after, so the folders this run made are removed again if it stops before grading.
      const suite = await loadSuite(suitePaths);
      refuseUngradable(suite);
      warnZeroPoints(suite);
      const suiteHash = hashSuite(suite);
      const columns = suite.cases.map((c) => ({ id: c.id, maxPoints: c.points }));
      const maxScore = round(columns.reduce((t, c) => t + c.maxPoints, 0));
      const gradeOpts = await gradeOptionsFrom(o, 'refuse');
      // The mistake models' values an earlier batch of these cases and this build computed
      // (models-cache.ts), only when the learners run in bwrap, where they cannot reach the folder.
      const modelsDir = gradeOpts.sandbox === 'bwrap' ? suiteCacheDir(process.env) : null;
      if (modelsDir) hideFromSandboxes([modelsDir]);
      const models = modelsDir ? loadModels(modelsDir, suite) : null;
      await refuseOutAmongSubmissions(out, paths, o.out);
      const made = firstMissing(out);
      await prepareOut(out, o.out);
      // One run at a time into --out (a second one is refused, naming the first).
      const lock = lockOut(out, o.out, 'wlgrade grade');
      // Made now, its real path may differ (a symlinked parent): hidden under that too.
      hideFromSandboxes([out]);

      // Zips are unpacked inside --out so the batch writes nowhere else; removed at the end.
      const stale = await removeStaleScratch(out);
      if (stale > 0) process.stderr.write(`Removed ${counted(stale, 'temporary folder')} (.wlgrade-tmp-*) that an earlier batch, killed before it could, left in ${escapeTerminal(o.out)}.\n`);
      const scratch = await mkdtemp(join(out, '.wlgrade-tmp-'));
      await writeFile(join(scratch, SCRATCH_OWNER), `${process.pid} ${hostname()}\n`);
      // Ctrl-C, or a CI job cancelled (SIGTERM): the reports written stay and the next run reuses
      // them, but the finally below never runs, so the files unpacked from zips stayed in --out
      // for good, and the run ended on a progress line with nothing said.
      let done = 0;
      let total = 0;
      let stopProgress = () => undefined as void;
      let flushState = async () => undefined as void;
      let stopping = false;
      const interrupted = async (signal: NodeJS.Signals) => {
        stopping = true;
        stopProgress();
        const graded = done;
        // The state lists what a re-run reuses; it is otherwise written at most once a second. The
        // scratch folder goes after it: learners still running read their files from there.
        await flushState().catch(() => undefined);
        rmSync(scratch, { recursive: true, force: true });
        process.stderr.write(
          escapeTerminal(
            `wlgrade: interrupted (${signal}) ${total > 0 ? `after ${graded} of ${total} learners; their reports in ${o.out} are kept, so running the same command again grades only the rest` : 'before any learner was graded; run the command again'} (grades.csv and summary.json are written when a run finishes).`,
          ) + '\n',
        );
        process.exit(signal === 'SIGINT' ? 130 : 143);
      };
      const onSignal = (signal: NodeJS.Signals) => void interrupted(signal);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const shard = o.shard;
        // Another shard's learners are listed (the cohort record needs them) but not unpacked or read.
        const found = await discoverSubmissions(paths, { scratch, out, onBug: (learner, text) => process.stderr.write(`wlgrade bug while reading ${terminalLine(learner)}'s files (please report it with the file):\n${escapeTerminal(text)}\n`), ...(shard ? { wanted: (learner: string) => inShard(learner, shard) } : {}) }).catch(async (e: unknown) => {
          await rm(scratch, { recursive: true, force: true });
          lock.release();
          await removeEmpty(out, made);
          throw e;
        });
        const items = shard ? found.filter((it) => !it.skipped && inShard(it.learner, shard)) : found;
        // Warm workers (grader/src/pool/): same sandbox and reports, without a cold Python per learner.
        const pool = o.pool === false ? null : createPool({ size: o.jobs ?? defaultJobs(), preload: o.preload ?? [] });
        const store = new BatchStore(out);
        await store.init();
        // Read once: why learners are graded again (below) and what runBatch starts from.
        const before = await store.loadState();
        if (!o.force) {
          const now = { suiteHash, version: buildVersion(), settings: settingsHash(gradeOpts) };
          for (const line of regradeLines(before, items.map((it) => it.learner), now, o.out)) process.stdout.write(terminalLine(line) + '\n');
        }
        const progress = makeProgress(items.length);
        total = items.length;
        stopProgress = progress.stop;
        let rows: BatchRow[];
        try {
          rows = await runBatch(
            items,
            // Staff's reports: everything (--feedback is for what learners are shown).
            async (item) => withFeedback(await gradeSubmission(namedOnly(item, submissionOf(item.file, item.kind, item.bytes, item.displayName, item.siblings)), suite, { ...gradeOpts, learner: item.learner, loadFailedBefore: item.loadFailedBefore, ...(item.learnerNote ? { choiceNote: item.learnerNote } : {}) }, pool?.run), 'full'),
            store,
            maxScore,
            {
              jobs: o.jobs ?? defaultJobs(),
              suiteHash,
              sources: new Map(suite.cases.map((c) => [c.id, c.source])),
              version: buildVersion(),
              settings: settingsHash(gradeOpts),
              force: o.force ?? false,
              state: before,
              watchdogMs: gradeOpts.limits.runMs * 2 + 30_000,
              onFlush: (flush) => {
                flushState = flush;
              },
              onRow: (row, n) => {
                if (stopping) return;
                done = n;
                progress.update(row, n);
              },
              // A bug in wlgrade: its stack on stderr, said as one (the row holds its first line).
              onBug: (learner, text) => process.stderr.write(`wlgrade bug while grading ${terminalLine(learner)} (please report it with the file):\n${escapeTerminal(text)}\n`),
            },
          );
        } finally {
          progress.stop();
          await pool?.close();
        }
        if (modelsDir && models && !(await saveModels(modelsDir, suite, models)))
          process.stderr.write(escapeTerminal(`wlgrade: could not write the mistake models' cache in ${modelsDir}, so the next batch computes them again; set XDG_CACHE_HOME to a folder you can write, or WLGRADE_NO_CACHE=1 to skip it.`) + '\n');
        const cut = shard ? { shard: { ...shard, cohort: cohortOf(found.map((it) => it.learner)) } } : {};
        const summary = summarize(rows, { version: VERSION, suites: suite.names, suiteHash, columns, ...cut });
        await store.writeText('grades.csv', renderGradesCsv(rows, columns, { bom: o.bom ?? false }));
        await store.writeText('summary.json', renderSummaryJson(summary));
        process.stdout.write(renderSummaryTerminal(summary));
        // Graded: a score, as summary.json and export lms count it (a syntax error's 0 too).
        const reused = summary.reused ? ` (${summary.reused} reused from an earlier run)` : '';
        process.stdout.write(`\nGraded ${summary.graded} of ${rows.length} learners${reused}; results/, grades.csv and summary.json are in ${escapeTerminal(o.out)}\n`);
        // Ids read from entry names that also read as another learner's: said where staff look, not only in summary.json's notes.
        const doubts = items.flatMap((it) => (it.doubt ? [it.doubt] : []));
        if (doubts.length > 0) {
          process.stdout.write(escapeTerminal(`Check ${doubts.length === 1 ? 'this learner id' : `these ${doubts.length} learner ids`} before importing grades:`) + '\n');
          for (const d of doubts) process.stdout.write(terminalLine(`  ${d}.`) + '\n');
        }
        // Learners of this run whose graded files are byte-identical (their sha256 in batch-state.json).
        const state = await store.loadState();
        const same = identicalLines(gradedGroups(rows, state.entries), shard ? { shard } : {});
        for (const line of same) process.stdout.write(terminalLine(line) + '\n');
        const staleLine = await staleReportsNotice(store, out, rows);
        if (staleLine !== null) process.stdout.write(staleLine + '\n');
        setExit(0);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await rm(scratch, { recursive: true, force: true });
        lock.release();
      }
    });
}

/**
 * What grade and merge say of the reports in `out`'s results/ that none of `rows` points at
 * (store.staleReports): the line to print (staleReportsLine, escaped for the terminal), or null for
 * none. Past a few, the reports to delete are listed in STALE_LIST (one path per line), which the
 * line's command reads, and an earlier list is removed otherwise. Both name `out` absolute: as
 * typed (out/), the command deleted nothing once pasted in another folder.
 */
export async function staleReportsNotice(store: BatchStore, out: string, rows: ReadonlyArray<{ learner: string; resultFile?: string | undefined }>): Promise<string | null> {
  const stale = await store.staleReports(rows);
  if (stale.length > STALE_INLINE) await store.writeText(STALE_LIST, staleReportsList(out, stale));
  else await rm(join(out, STALE_LIST), { force: true });
  return stale.length > 0 ? terminalLine(staleReportsLine(out, stale)) : null;
}

/**
 * The sentence on the reports an earlier run left in results/ (a learner no longer in the batch, or
 * a report an upgrade renamed: staff 22's hash suffix for ids a case-insensitive disk would merge):
 * which they are, that nothing reads them, and the command that deletes them. grade never deletes
 * them itself: staff may keep them, and only reports are listed (StaleReport), never a file of
 * another kind.
 */
export function staleReportsLine(out: string, stale: readonly StaleReport[]): string {
  const n = stale.length;
  const what = (r: StaleReport) =>
    r.learner === undefined ? `${r.name} (of a learner not in this run)` : r.now !== undefined ? `${r.name} (${r.learner}'s, whose report is now ${r.now})` : `${r.name} (${r.learner}'s, from before this run)`;
  const shown = joinSome(stale.map(what), 3);
  // One rm with every path grew with each learner who left (a MOOC's thousands: one line of
  // megabytes); past STALE_INLINE the paths are in STALE_LIST, which a POSIX read loop deletes. The
  // command ends the line, so staff can paste all that follows "with: ".
  if (n <= STALE_INLINE)
    return `${lead(out, n)}: ${shown}; delete ${n === 1 ? 'it' : 'them'} with: rm -- ${stale.map((r) => quoteShell(join(out, 'results', r.name))).join(' ')}`;
  const unlisted = stale.filter((r) => !listable(r)).length;
  const left = unlisted === 0 ? '' : ` (all but ${unlisted} whose name holds a line break: delete ${unlisted === 1 ? 'that one' : 'those'} by hand)`;
  return `${lead(out, n)}: ${shown}; their paths are listed in ${join(out, STALE_LIST)}${left}; delete them with: while IFS= read -r f; do rm -- "$f"; done < ${quoteShell(join(out, STALE_LIST))}`;
}

function lead(out: string, n: number): string {
  const results = join(out, 'results');
  return `${counted(n, `report in ${results}`, `reports in ${results}`, ['is', 'are'])} from an earlier run and read by nothing now (not grades.csv, summary.json or export lms)`;
}

/** A report STALE_LIST can name: one whose name holds no line break (a line of the list is a whole path). */
function listable(r: StaleReport): boolean {
  return !/[\r\n]/.test(r.name);
}

/** How many stale reports staleReportsLine's rm names on the line; more are listed in STALE_LIST. */
export const STALE_INLINE = 5;
/** The file in --out listing the stale reports' paths, one per line, when there are more than STALE_INLINE. */
export const STALE_LIST = 'stale-reports.txt';

/**
 * STALE_LIST's text: each stale report's path under `out` (grade gives it absolute), one per line. The
 * reports wlgrade writes have file-safe names (learnerSlug); a name holding a line break, which
 * only a hand could give a report, is left out, so no line of the list is part of a path.
 */
export function staleReportsList(out: string, stale: readonly StaleReport[]): string {
  return stale.filter(listable).map((r) => `${join(out, 'results', r.name)}\n`).join('');
}

/**
 * What a plain progress line says of a row: its score, or its error when it has none. A set-up
 * time-out after some cases ran had points so far, which grades.csv, summary.json and export lms
 * give no score (rowWorth): printed as "12/43 error", it read as that learner's grade.
 */
export function progressWhat(row: BatchRow): string {
  const reused = row.reused ? ' (reused)' : '';
  const noScore = row.status === 'error' && (Object.keys(row.cases).length === 0 || rowWorth(row) === 'ungraded');
  // "score": "12/43 failed" read as 12 of 43 cases failed.
  return noScore ? `error${reused}: ${(row.error ?? '').split('\n')[0]}` : `score ${row.score}/${row.maxScore}, ${row.status}${reused}`;
}

/**
 * grade's plain progress line of a learner (CI logs, pipes), terminal-safe: a learner id holding a
 * line break must not print a fake row, nor a tab shift the line's columns.
 */
export function progressLine(row: BatchRow, done: number, total: number): string {
  return terminalLine(`[${done}/${total}] ${row.learner}: ${progressWhat(row)}`);
}

/** A progress bar on a terminal; one plain line per learner otherwise (CI logs, pipes). */
function makeProgress(total: number) {
  const started = Date.now();
  let errors = 0;
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        // `{eta}` is cli-progress's own token (it wins over a payload's): ours is `{left}`.
        format: 'grading [{bar}] {value}/{total} | {rate} | ETA {left} | errors {errors} | {learner}',
        stream: process.stderr,
        hideCursor: true,
        barCompleteChar: '█',
        barIncompleteChar: '░',
      },
    );
    // Rate and ETA over the learners graded in this run (progressTokens), redrawn every second so a
    // learner running into its time-out shows as a falling rate, not a frozen ETA.
    const finished: number[] = [];
    let done = 0;
    let learner = '';
    const tokens = () => {
      const { rate, eta } = progressTokens({ total, done, started, finished, now: Date.now() });
      return { rate, left: eta, errors, learner };
    };
    bar.start(total, 0, tokens());
    const tick = setInterval(() => bar.update(done, tokens()), 1000);
    tick.unref();
    return {
      update: (row: BatchRow, n: number) => {
        if (row.status === 'error') errors++;
        if (!row.reused) finished.push(Date.now());
        done = n;
        learner = terminalLine(row.learner);
        bar.update(done, tokens());
      },
      stop: () => {
        clearInterval(tick);
        bar.stop();
      },
    };
  }
  return {
    update: (row: BatchRow, done: number) => {
      process.stderr.write(progressLine(row, done, total) + '\n');
    },
    stop: () => undefined,
  };
}
