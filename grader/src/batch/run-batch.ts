/**
 * Grades BatchItems with at most `jobs` at a time. The per-submission grading function is
 * injected (today gradeSubmission in a fresh process; later the warm pool in grader/src/pool/).
 * Each submission is isolated: a GraderError, a bug or a hang in one becomes that learner's
 * error row; the others carry on. Results whose file, suite and wlgrade version are unchanged
 * are reused from an earlier run in the same --out unless `force` is set, or the file, the cases,
 * the wlgrade version or the grading settings (Python, sandbox, limits, Keras mode) changed.
 */
import { basename } from 'node:path';
import { fsReason, isGraderError, isMachineError, isSetupError, machineStop, undecodedName, type GraderError } from '../errors.js';
import { otherKindMessage, readSubmissionFile, type SubmissionFile } from '../grade-submission.js';
import { notGraded } from '../grade/grade-case.js';
import { escapeLineBreaks as oneLine } from '../report/escape.js';
import type { BatchRow, BatchState } from '../schema/batch.js';
import type { SubmissionKind } from '../schema/protocol.js';
import type { GradeReport } from '../schema/report.js';
import { fileKey, learnerSlug, type BatchItem } from './discover.js';
import { siblingsFromFiles, siblingsOf, type Sibling } from '../siblings.js';
import { hashBytes } from './hash.js';
import { RESULTS_DIR, type BatchStore } from './store.js';
import { RunnerBugError, type LoadFailure } from '../grade/grade-suite.js';

/**
 * Grades one submission, from `bytes`, its file's bytes as read and hashed (the file is not read
 * again), of `kind` (by its name). Must not write outside its own temp dirs. `loadFailedBefore`: how
 * the same file under the same options did not load on the run before (a time-out or a crash), so
 * a second failure is the file's (LOAD_TIMEOUT_AGAIN / LOAD_CRASH_AGAIN, worded by gradeSuite:
 * GradeOptions.loadFailedBefore).
 */
export type GradeOne = (item: BatchItem & { file: string; kind: SubmissionKind; bytes: Buffer; siblings: Sibling[]; loadFailedBefore: LoadFailure | null }) => Promise<GradeReport>;

export interface BatchOptions {
  jobs: number;
  suiteHash: string;
  /**
   * Where each case is written now (file:line), by case id. suiteHash leaves it out (a comment in a
   * case file regrades no one), so a reused report whose cases moved is rewritten with these.
   */
  sources?: ReadonlyMap<string, { file: string; line: number }>;
  version: string;
  /** How submissions are graded (Python, sandbox, limits, Keras mode), hashed: a change regrades everyone. */
  settings: string;
  force: boolean;
  /** Backstop for a grading call that never settles (the sandbox has its own, shorter limits). */
  watchdogMs: number;
  /** Called as each learner finishes, in completion order. */
  onRow?: (row: BatchRow, done: number, total: number) => void;
  /** Given a bug in wlgrade met grading one learner, whole (its traceback, stack): the row holds its first line only. */
  onBug?: (learner: string, text: string) => void;
  /** Given the batch state's flush once the batch starts: a caller interrupted (Ctrl-C) writes the state with it before it exits. */
  onFlush?: (flush: () => Promise<void>) => void;
  /** How often, at most, the state file is written during the batch (default STATE_EVERY_MS). */
  stateEveryMs?: number;
  /** The batch state as the caller already read it (store.loadState), so it is not read twice. */
  state?: BatchState;
}

/** A simple promise pool: runs `fn` over `items`, `jobs` at a time, results in input order. */
export async function pool<T, R>(items: T[], jobs: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

export function withWatchdog<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const dog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WatchdogError(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, dog]).finally(() => clearTimeout(timer));
}

class WatchdogError extends Error {}

export function rowFromReport(report: GradeReport, item: BatchItem, resultFile: string, reused: boolean): BatchRow {
  // A file that never reached a case (a syntax error, no graded function) has no per-case points,
  // like a learner with no file: blank case cells in grades.csv. Its 0 still counts in the score
  // statistics and in export lms (summarize, rowWorth): the file ran and earned nothing.
  const reachedACase = report.status !== 'error' || report.cases.some((c) => !notGraded(c));
  const row: BatchRow = {
    learner: item.learner,
    source: item.source,
    status: report.status,
    score: report.score,
    maxScore: report.maxScore,
    cases: reachedACase ? Object.fromEntries(report.cases.map((c) => [c.id, c.points])) : {},
    mistakes: report.mistakes.map((m) => m.id),
    resultFile,
    reused,
  };
  if (report.problems.length) {
    row.error = report.problems.map((p) => namedBySource(p.message, report.submission.displayName, item.source)).join(' ');
    row.problems = report.problems.map((p) => p.code);
  }
  if (item.note) row.note = item.note;
  return row;
}

/**
 * A problem's message as a row gives it to staff: the learner's report names the file as the learner
 * knows it (`hw.py:1: SyntaxError …`, "Part of hw.py was not graded"), the row by its source, as the
 * row's other errors do (`canvas/smith_12345_678_hw.py is not a .py or .ipynb file`), so the summary's
 * list of problems, grades.csv's error column and summary.json read one form (staff 31).
 */
export function namedBySource(message: string, displayName: string, source: string): string {
  if (!displayName || displayName === source) return message;
  const name = displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The name as a word of its own: not the end of another name (`old_hw.py`, `x/hw.py`), and
  // followed by what follows a file name in a sentence (`:1`, `, cell 2`, `)`, a space, a full stop).
  // The first two only, as many as wlgrade's own sentences give ("typo.py:2: … put it in typo.py"):
  // an exception message the learner wrote can spell the name hundreds of times, and each one made
  // the row's error a source's length longer (`a.py` 800 times in 4,000 characters, from a
  // 130-character Canvas source, made a 100 kB cell in grades.csv and a 100 kB line in the summary).
  let left = 2;
  return message.replace(new RegExp(`(?<![\\p{L}\\p{N}_./-])${name}(?=[:,)\\s]|\\.(?:\\s|$)|$)`, 'gu'), (m) => (left-- > 0 ? oneLine(source) : m));
}

export function errorRow(item: BatchItem, message: string, maxScore: number): BatchRow {
  const row: BatchRow = { learner: item.learner, source: item.source, status: 'error', score: 0, maxScore, cases: {}, mistakes: [], error: message, reused: false };
  if (item.note) row.note = item.note;
  return row;
}

/** A report whose outcome the machine may have caused: a load that timed out or crashed, or a case that timed out. */
export function mayBeTransient(report: GradeReport): boolean {
  return report.problems.some((p) => p.code === 'LOAD_TIMEOUT' || p.code === 'LOAD_CRASH' || p.code === 'SETUP_TIMEOUT') || report.cases.some((c) => c.status === 'timeout');
}

/**
 * How a report's file failed to load, when it reached no case: it did not finish in time
 * (LOAD_TIMEOUT) or its process ended (LOAD_CRASH: a signal, an end before the file's own code
 * ran, printing past the limit; the runner's own bug is a record, not a crash). Else null.
 */
function loadFailure(report: GradeReport): LoadFailure | null {
  if (!report.cases.every(notGraded)) return null;
  for (const p of report.problems) if (p.code === 'LOAD_TIMEOUT' || p.code === 'LOAD_CRASH') return p.code;
  return null;
}

/** The report with its cases' `source` as given (the same object when none moved). */
export function withSources(report: GradeReport, sources: BatchOptions['sources']): GradeReport {
  if (!sources) return report;
  const at = (c: GradeReport['cases'][number]) => sources.get(c.id) ?? c.source;
  if (report.cases.every((c) => at(c).file === c.source.file && at(c).line === c.source.line)) return report;
  return { ...report, cases: report.cases.map((c) => ({ ...c, source: { ...at(c) } })) };
}

export async function runBatch(items: BatchItem[], grade: GradeOne, store: BatchStore, maxScore: number, opts: BatchOptions): Promise<BatchRow[]> {
  const state: BatchState = opts.state ?? (await store.loadState());
  const saver = throttledSave(() => store.saveState(state), opts.stateEveryMs ?? STATE_EVERY_MS);
  opts.onFlush?.(saver.flush);
  let done = 0;

  // The result files this batch's gradable items write (discover gives each its own). An item
  // that is an error row removes its own stale report, never one of these: a Brightspace account
  // named "Jane Doe-<hash>" whose zip did not open removed case-distinct Jane Doe's report, as its
  // plain file name is her hashed one (red-team round 20). Compared as a disk that folds case and
  // Unicode forms would (fileKey): removing STRASSE.json there could remove straße.json.
  const written = new Set(items.filter((x) => x.error === undefined && x.file !== undefined).map((x) => fileKey(x.slug ?? learnerSlug(x.learner))));
  // A problem of the grader's set-up, not of one learner (the case file asks for tensors of a
  // framework this Python lacks): every learner would get the same error row, so the batch stops
  // and the command exits 2 with the sentence; no learner is graded after it. So does the machine's
  // own error (isMachineError: too many open files spawning Python, a failing disk), in one sentence.
  let setupError: GraderError | undefined;
  /**
   * Removes the learner's report (an earlier run's, or this run's written before a later step
   * threw): no file of results/ may hold a grade their row does not give. A removal that fails
   * (permissions, a read-only --out) is said on the row after its own error, never instead of it:
   * it went up raw and ended the batch as a bug, the learner's error lost (batch 36).
   */
  const removeOwn = async (slug: string): Promise<string> =>
    store.removeResult(slug).then(
      () => '',
      (e: unknown) => ` Its earlier report ${RESULTS_DIR}/${oneLine(slug)}.json could not be deleted (${oneLine(fsReason(e))}): delete it yourself, as it is not this run's grade.`,
    );
  const one = async (item: BatchItem): Promise<BatchRow> => {
    if (setupError) throw setupError;
    const slug = item.slug ?? learnerSlug(item.learner);
    // Everything done for this learner is inside this boundary: reading the modules beside the file
    // (siblingsOf, siblingsFromFiles), hashing, reading an earlier report, grading, writing. A throw
    // in any of them (a learner's odd files, a bug) is this learner's row, and the batch goes on:
    // siblingsOf ran before the grading's try, and one learner's throw there ended the batch for all (batch 35).
    let submissionHash: string | undefined;
    try {
      if (item.error !== undefined || item.file === undefined) {
        state.entries.delete(item.learner);
        const left = written.has(fileKey(slug)) ? '' : await removeOwn(slug);
        const row = errorRow(item, (item.error ?? 'no file to grade') + left, maxScore);
        return item.problem ? { ...row, problems: [item.problem] } : row;
      }
      const file = item.file;
      let read: SubmissionFile;
      try {
        // One direct read (no thread-pool round trips per learner), the size checked on the open file
        // first: hashing reads the whole file, before the watchdog, so a file over the limit is refused
        // unread, as grading would. A file swapped for a FIFO since discovery is not read (it would
        // wait for a writer for ever). These bytes are hashed and graded: the file is not read again.
        read = readSubmissionFile(file, item.displayName ?? basename(file));
      } catch (e) {
        return errorRow(item, undecodedName(oneLine(item.source), e) ?? `Cannot read ${oneLine(item.source)} (${fsReason(e)}).`, maxScore);
      }
      if (!read.ok && read.why === 'special') return errorRow(item, `Cannot read ${oneLine(item.source)}: it is no longer a regular file (replaced since the batch started); put the learner's file back and grade again.`, maxScore);
      if (!read.ok) {
        // The learner's file as handed in (discovery gives only .py and .ipynb files): it will not be graded, and no earlier report of it stays.
        state.entries.delete(item.learner);
        const left = await removeOwn(slug);
        if (read.why === 'too-large') return { ...errorRow(item, read.message + left, maxScore), problems: ['FILE_TOO_LARGE'] };
        return errorRow(item, otherKindMessage(item.source) + left, maxScore);
      }
      const { kind, bytes } = read;
      // The learner's modules beside the file that it imports, when the folder is the learner's own
      // (discover's ownFolder): part of what is graded, so of the hash too (a changed utils.py regrades).
      // A file named directly: as check reads its folder (the grader drops them, with a note, in a folder of many learners' files).
      const siblings = item.siblingFiles ? siblingsFromFiles(item.siblingFiles, bytes) : item.ownFolder || item.named ? siblingsOf(file, bytes) : [];
      submissionHash = siblings.length === 0 ? hashBytes(bytes) : hashBytes(Buffer.concat([bytes, ...siblings.flatMap((s) => [Buffer.from(`\0${s.name}\0${s.bytes.length}\0`), s.bytes])]));
      const prev = state.entries.get(item.learner);
      // How the same file's earlier report under the same options did not load: a second failure is the file's.
      let loadFailedBefore: LoadFailure | null = null;
      if (!opts.force && prev && prev.submissionHash === submissionHash && prev.suiteHash === opts.suiteHash && prev.version === opts.version && prev.settings === opts.settings) {
        // It must also hold the bytes written for this entry (resultHash): the state is saved at most
        // once a second, so a run stopped just after grading this learner's other file left the
        // entry of the file before pointing at that other file's report.
        const old = prev.resultHash === undefined || prev.resultFile === undefined ? null : await store.readResult(prev.resultFile, prev.resultHash);
        // The file must still hold this learner's report: another id may have been given the same
        // file name since ("a b" and "a_b" both write results/a_b.json, in different runs).
        // A time-out or crash may have been the machine's (a busy host, a worker lost), not the
        // learner's: such a result is graded again rather than kept.
        // Or its grading met a bug the runner reported (no result): learner code can send that record.
        loadFailedBefore = prev.failed ?? (old !== null && old.learner === item.learner ? loadFailure(old) : null);
        if (old && old.learner === item.learner && !mayBeTransient(old) && prev.resultFile !== undefined) {
          // The same file reached by another name (the export renamed, or a report graded before
          // submission.path was the source): the report names it as the row does.
          const cased = withSources(old, opts.sources);
          const moved = cased.submission.path === item.source ? cased : { ...cased, submission: { ...cased.submission, path: item.source } };
          if (moved === old) return rowFromReport(old, item, prev.resultFile, true);
          const { file: resultFile, hash: resultHash } = await store.writeResult(slug, moved);
          state.entries.set(item.learner, { ...prev, resultFile, resultHash });
          saver.request();
          return rowFromReport(moved, item, resultFile, true);
        }
      }
      const graded = await withWatchdog(grade({ ...item, file, kind, bytes, siblings, loadFailedBefore }), opts.watchdogMs, `Grading ${oneLine(item.source)}`);
      // The report names the file as the gradebook's source does (the export's name and the entry's
      // path in it): a file unpacked from a zip lives in a folder the batch removes, and shards of
      // one export given by other paths must agree (merge).
      const submission = { ...graded.submission, path: item.source };
      const report = { ...graded, submission, learner: item.learner };
      const { file: resultFile, hash: resultHash } = await store.writeResult(slug, report);
      state.entries.set(item.learner, { submissionHash, suiteHash: opts.suiteHash, version: opts.version, settings: opts.settings, resultFile, resultHash });
      saver.request();
      return rowFromReport(report, item, resultFile, false);
    } catch (e) {
      state.entries.delete(item.learner);
      const left = await removeOwn(slug);
      if (isSetupError(e)) throw (setupError ??= e as GraderError);
      if (isMachineError(e)) throw (setupError ??= machineStop(e, `working on ${oneLine(item.source)}`));
      if (isGraderError(e)) return errorRow(item, e.message + left, maxScore);
      if (e instanceof WatchdogError) return errorRow(item, `${e.message}; it was stopped. Grade it alone with "wlgrade check --sandbox bwrap" to see why (never in a plain process: it is not your code).${left}`, maxScore);
      // A bug in wlgrade on this one submission: recorded, and the batch goes on. The row (grades.csv's
      // error column, the summary's list) takes its first line; the runner's traceback or the stack,
      // up to 8,000 characters with line breaks, went there whole before (review 28): given to onBug.
      const message = e instanceof Error ? e.message : String(e);
      const stack = e instanceof Error ? e.stack : undefined;
      opts.onBug?.(item.learner, !stack || stack.includes(message) ? (stack ?? message) : `${message}\n${stack}`);
      const first = message.split('\n', 1)[0];
      if (e instanceof RunnerBugError) {
        // The runner's bug record: learner code can send it (it reads the run's token in memory), and
        // did so on every run to keep its row blank (red team 28). Remembered for this file under
        // these options: a second one, or a crash or time-out after it, is the file's (gradeSuite).
        if (submissionHash !== undefined) state.entries.set(item.learner, { submissionHash, suiteHash: opts.suiteHash, version: opts.version, settings: opts.settings, failed: 'INTERNAL_ERROR' });
        saver.request();
        const row = errorRow(item, `wlgrade's runner reported an internal error on this submission (${first}): a bug in wlgrade, or code in the file that sent that report itself; not graded: if it is a bug, please report it with the file (the whole error is on grade's standard error); a second one of the unchanged file counts 0 (INTERNAL_ERROR_AGAIN).${left}`, maxScore);
        return { ...row, problems: ['INTERNAL_ERROR'] };
      }
      return errorRow(item, `wlgrade failed on this submission (${first}); please report it with the file (the whole error is on grade's standard error).${left}`, maxScore);
    }
  };

  const rows = await pool(items, opts.jobs, async (item) => {
    const row = await one(item);
    opts.onRow?.(row, ++done, items.length);
    return row;
  });
  await saver.flush();
  return rows;
}

/**
 * How often, at most, the batch state is written while a batch runs. The file lists every learner
 * graded so far: written after each submission, a cohort's writes (and their validation) grew with
 * the square of its size. A grader killed mid-batch loses at most this much of what a re-run skips.
 */
export const STATE_EVERY_MS = 1_000;

/**
 * `request()` asks for a write without waiting for it: writes never overlap (two finishing workers
 * never interleave a rename) and start at most every `everyMs`; `flush()` writes now what is
 * pending and rethrows a failed write.
 */
export function throttledSave(write: () => Promise<void>, everyMs: number): { request: () => void; flush: () => Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let failure: unknown;
  const run = () => {
    timer = undefined;
    last = Date.now();
    chain = chain.then(write).catch((e: unknown) => {
      failure ??= e;
    });
  };
  return {
    request: () => {
      if (timer !== undefined) return;
      timer = setTimeout(run, Math.max(0, last + everyMs - Date.now()));
    },
    flush: async () => {
      if (timer !== undefined) clearTimeout(timer);
      run();
      await chain;
      if (failure !== undefined) throw failure;
    },
  };
}
