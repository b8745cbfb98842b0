/**
 * One submission, end to end: resolve the file, run it in the sandbox, grade the outcome.
 * Shared by `check`, `grade` and `gradescope`.
 */
import { statSync, type Stats } from 'node:fs';
import { readRegularFileSync } from './read-regular.js';
import { basename, extname, resolve } from 'node:path';
import { fsReason, GraderError, isGraderError } from './errors.js';
import { escapeLineBreaks as oneLine } from './report/escape.js';
import { callsFor, gradeSuite, PYTHON_NAME, runnerBug, runnerBugError, type LoadFailure } from './grade/grade-suite.js';
import { exportedCellOf, lossLogOf, RAISED_AT, SITE_RULES, sourceLines, withSiteText } from './grade/sites.js';
import type { SubmissionKind } from './schema/protocol.js';
import type { GradedReport } from './schema/report.js';
import { vetImportClaims } from './sandbox/import-facts.js';
import { runSubmission as defaultRun, type LoadOutcome, type RunOptions, type RunOutcome, type RunSubmission, type Submission } from './sandbox/run-submission.js';
import { isSetupTimeout } from './sandbox/setup-timeout-load.js';
import type { Suite } from './suite/load-suite.js';
import { otherSubmissionBeside, siblingNotes, siblingsOf, type Sibling } from './siblings.js';
import { joinWords } from './join-words.js';
import { decodeText } from './batch/pick.js';

/** How to grade one submission: how to run it (all of the run's options but the functions, which the suite names), and what the report says. */
export interface GradeOptions extends Omit<RunOptions, 'functions'> {
  version: string;
  learner?: string;
  /** The name the learner knows the file by (defaults to its base name). */
  displayName?: string;
  /** Which of the learner's files this is and which were passed over, when they handed in several. */
  choiceNote?: string;
  /** `grade`: how the same file under the same options did not load on the run before (GradeContext.loadFailedBefore). */
  loadFailedBefore?: LoadFailure | null;
}

/**
 * The largest file graded. A learner's Python is kilobytes; a notebook with its outputs (plots,
 * X-ray images) a few megabytes. Past these sizes a file is not a solution but an accident or an
 * attack: reading, hashing and sending hundreds of megabytes to the sandbox would cost a batch
 * minutes and gigabytes of memory for one learner.
 */
export const MAX_FILE_BYTES = { py: 10 * 2 ** 20, ipynb: 50 * 2 ** 20 } as const;

/**
 * Checks the path, tells a .py file from a notebook, and reads the file: its one read, whose bytes
 * are what is run and what the report's lines are read from. User errors become GraderErrors.
 */
export async function resolveSubmission(path: string, displayName?: string): Promise<Submission> {
  const abs = resolve(path);
  // The file's name is quoted in one-line places (the report's header, problems, the gradebook's
  // error column, Python's tracebacks): a line break in it is shown as \n, not obeyed.
  const name = oneLine(displayName ?? basename(abs));
  const shown = oneLine(path);
  let file: SubmissionFile;
  try {
    file = readSubmissionFile(abs, name);
  } catch (e) {
    // Not opened: gone, or what cannot be opened (a socket), told apart by a stat.
    let stats;
    try {
      stats = statSync(abs);
    } catch {
      throw new GraderError('SUBMISSION_NOT_FOUND', `Submission ${shown} does not exist. Check the path (run wlgrade from the folder that holds it, or give the full path).`);
    }
    if (stats.isFile()) throw new GraderError('SUBMISSION_INVALID', `Cannot read ${shown} (${fsReason(e)}); make the file readable and run wlgrade again.`);
    file = unreadSubmission(stats, submissionKind(abs), name);
  }
  if (file.ok) {
    // The learner's modules beside it that it imports: `check` and Gradescope are given the learner's own folder.
    const siblings = siblingsOf(abs, file.bytes);
    return { path: abs, kind: file.kind, displayName: name, bytes: file.bytes, ...(siblings.length > 0 ? { siblings } : {}) };
  }
  if (file.why === 'other-kind') throw new GraderError('SUBMISSION_INVALID', otherKindMessage(shown));
  if (file.why === 'too-large') throw new GraderError('SUBMISSION_INVALID', file.message);
  const s = file.stats;
  if (s.isDirectory()) {
    throw new GraderError('SUBMISSION_INVALID', `${shown} is a directory; pass the .py or .ipynb file to grade (or use "wlgrade grade ${shown}" for a whole folder).`);
  }
  // A FIFO or a device (or a symlink to one) is read forever: /dev/zero filled memory, a FIFO waited for a writer.
  const what = s.isFIFO() ? 'a FIFO' : s.isSocket() ? 'a socket' : 'a device';
  throw new GraderError('SUBMISSION_INVALID', `${shown} is ${what}, not a regular file; pass the .py or .ipynb file itself.`);
}

/**
 * For `check`, given any file of any folder: a folder of many learners' files (subs/alice.py beside
 * subs/bob.py, which defines a graded function) is no learner's own, so, as `grade subs/` does, the
 * modules beside the file are not sent, and the report says why (Gradescope's upload is the learner's own).
 */
export function ownFolderOnly(sub: Submission, verb: 'check' | 'grade' = 'check'): Submission {
  const other = sub.siblings?.length ? otherSubmissionBeside(sub.path, sub.siblings) : undefined;
  if (other === undefined || !sub.siblings) return sub;
  const mods = joinWords(sub.siblings.map((s) => oneLine(s.name)));
  const { siblings, ...rest } = sub;
  const siblingsLeft = `${sub.displayName} imports ${mods}, beside it, but its folder holds another learner's file too (${oneLine(other)} defines a graded function), so ${mods} ${siblings.length === 1 ? 'was' : 'were'} not imported, as wlgrade grade does for a folder of many learners' files: ${verb} ${sub.displayName} in a folder of its own with ${mods}.`;
  // Each top-level module once, and those that are package folders (pkg/utils.py: pkg/), as the learner is told them.
  const top = (s: Sibling) => s.module.split('.')[0]!;
  const packages = [...new Set(siblings.filter((s) => s.package || s.module.includes('.')).map(top))];
  return { ...rest, siblingsLeft, siblingsNotSent: { modules: [...new Set(siblings.map(top))], packages, other: oneLine(other), verb } };
}

/** `grade path/to/hw.py`, a file named directly (discover's `named`): its folder read as check reads it (ownFolderOnly). */
export function namedOnly(item: { named?: true }, sub: Submission): Submission {
  return item.named ? ownFolderOnly(sub, 'grade') : sub;
}

/**
 * A Submission of bytes already read (a batch reads each learner's file once, to hash it and to
 * grade it, with readSubmissionFile, which gave `kind`).
 */
export function submissionOf(path: string, kind: SubmissionKind, bytes: Buffer, displayName?: string, siblings: Sibling[] = []): Submission {
  const abs = resolve(path);
  return { path: abs, kind, displayName: oneLine(displayName ?? basename(abs)), bytes, ...(siblings.length > 0 ? { siblings } : {}) };
}

/** A learner's file's kind by its extension, in any letter case; null for a file of another kind. */
export function submissionKind(path: string): SubmissionKind | null {
  const ext = extname(path).toLowerCase();
  return ext === '.py' ? 'py' : ext === '.ipynb' ? 'ipynb' : null;
}

/**
 * A learner's file read once (readSubmissionFile), or why it was not read: `special`, not a regular
 * file (a directory whatever its name, a FIFO, a device, or a link to one); `other-kind`, neither
 * .py nor .ipynb by its name; `too-large`, over MAX_FILE_BYTES for its kind, `message` saying so to
 * the learner. A file not read is never read in part either.
 */
export type SubmissionFile =
  | { ok: true; kind: SubmissionKind; bytes: Buffer }
  | { ok: false; why: 'special'; stats: Stats }
  | { ok: false; why: 'other-kind' }
  | { ok: false; why: 'too-large'; message: string };

/**
 * The read of a learner's file shared by `check`/`gradescope` (resolveSubmission) and a batch
 * (runBatch): its kind by its name, and its bytes when it is a regular file within that kind's
 * limit (readRegularFileSync), else why not; `name` is the file as the learner knows it, for the
 * size message. Throws what opening it throws (gone, unreadable, a socket).
 */
export function readSubmissionFile(path: string, name: string): SubmissionFile {
  const kind = submissionKind(path);
  // A file of another kind is refused unread: its stat only (a limit no file is under).
  const read = readRegularFileSync(path, kind ? MAX_FILE_BYTES[kind] : -1);
  if (!read.ok) return unreadSubmission(read.stats, kind, name);
  return kind ? { ok: true, kind, bytes: read.bytes } : { ok: false, why: 'other-kind' };
}

/** Why a file of `kind` whose stat is `stats` was not read: a directory first, then a file of another kind, then what is not a regular file, then its size. */
function unreadSubmission(stats: Stats, kind: SubmissionKind | null, name: string): Exclude<SubmissionFile, { ok: true }> {
  if (stats.isDirectory()) return { ok: false, why: 'special', stats };
  if (!kind) return { ok: false, why: 'other-kind' };
  if (!stats.isFile()) return { ok: false, why: 'special', stats };
  return { ok: false, why: 'too-large', message: tooLargeMessage(name, stats.size, kind) };
}

/** Why a file of `size` bytes is not graded (over MAX_FILE_BYTES for its kind, by its extension; discover asks only of .py and .ipynb files), or null. */
export function sizeProblem(name: string, path: string, size: number): string | null {
  const kind = submissionKind(path) ?? 'py';
  return size > MAX_FILE_BYTES[kind] ? tooLargeMessage(name, size, kind) : null;
}

/** Why a file that is neither .py nor .ipynb by its name (`shown`: the path or source as the user knows it) is not graded. */
export function otherKindMessage(shown: string): string {
  return `${oneLine(shown)} is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.`;
}

/** Why a file over MAX_FILE_BYTES is not graded, and what the learner can do. */
export function tooLargeMessage(name: string, size: number, kind: keyof typeof MAX_FILE_BYTES): string {
  // MiB (2^20 bytes), the unit of MAX_FILE_BYTES and of README: "10 MB" read as 10,000,000 bytes,
  // and a file of 10.2 million bytes, under the limit, looked over it.
  const todo = kind === 'ipynb' ? "clear the notebook's outputs (Kernel → Restart & Clear Output), save, and submit it again" : 'remove the pasted data from the file and submit it again';
  return `${oneLine(name)} is ${overSize(size, kind)}; wlgrade grades .${kind} files up to ${mib(MAX_FILE_BYTES[kind])}: ${todo}.`;
}

const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;

/** The size of a file over MAX_FILE_BYTES[kind], in MiB, as tooLargeMessage says it ("51 MiB", "10.1 MiB"). */
export function overSize(size: number, kind: keyof typeof MAX_FILE_BYTES): string {
  // Rounded to whole MiB, a file just over the limit read 'is 10 MiB; ... up to 10 MiB': such a size
  // is rounded up to a tenth instead, so it always reads as more than the limit.
  return Math.round(size / 2 ** 20) * 2 ** 20 > MAX_FILE_BYTES[kind] ? mib(size) : `${Math.ceil((size / 2 ** 20) * 10) / 10} MiB`;
}

/** The run's options: every one of GradeOptions but those of the report, and the functions the suite names. */
const runOptions = (suite: Suite, opts: GradeOptions): RunOptions => {
  const { version: _version, learner: _learner, displayName: _displayName, choiceNote: _choiceNote, loadFailedBefore: _loadFailedBefore, ...run } = opts;
  return { ...run, functions: [...new Set(suite.cases.map((c) => c.function))] };
};

/**
 * The submission's text, decoded once when first asked for and shared by what reads it after the
 * run (an exported notebook's cells, the mistakes' lines): the bytes read before the run, so the
 * lines shown are those of the file that ran, even if it changed since.
 */
function sourceReader(sub: Submission): () => string {
  let text: string | undefined;
  return () => (text ??= sub.bytes.toString('utf8'));
}

async function graded(suite: Suite, outcome: RunOutcome, sub: Submission, opts: GradeOptions, source = sourceReader(sub)): Promise<GradedReport> {
  const cellMark = exportedCells(outcome, sub, source);
  // The log the loss calls, read from the file only when a fix or note of the loss writes one.
  const lossLog = () => lossLogOf(outcome.load.ok ? outcome.load.functions : undefined, sourceLines(source(), sub.kind === 'ipynb' ? 'ipynb' : 'py'), siblingLines(sub));
  const ctx = { submission: sub, version: opts.version, python: opts.python, keras: opts.keras, lossLog, ...(opts.learner !== undefined ? { learner: opts.learner } : {}), ...(cellMark ? { cellMark } : {}), ...(opts.loadFailedBefore ? { loadFailedBefore: opts.loadFailedBefore } : {}) };
  const report = withSites(gradeSuite(suite, outcome, ctx), source, sub);
  // The learner's modules it imported ran with it: said, since a choice note names them as files "not" graded;
  // those the runner's loader executed only (a name in a comment was sent, and never imported).
  if (sub.siblingsLeft) report.notes.unshift(sub.siblingsLeft);
  if (sub.siblings?.length) report.notes.unshift(...siblingNotes(sub.displayName, sub.siblings, 'siblings' in outcome.load ? outcome.load.siblings : undefined));
  if (opts.choiceNote) report.notes.unshift(opts.choiceNote);
  return report;
}

/**
 * For a notebook saved as .py (nbconvert's `# In[3]:`, Jupytext's `# %%`), the cell holding a line
 * of the file (sites.exportedCell), so an error's "line 12" says "(cell In [3])" as a mistake's
 * site does. Undefined for a notebook, a plain .py, or a run with no error on a line of the file
 * (the file's bytes are then not decoded).
 */
function exportedCells(outcome: RunOutcome, sub: Submission, source: () => string): ((line: number) => string | undefined) | undefined {
  if (sub.kind !== 'py') return undefined;
  const lined = (e: { line?: number | undefined; cell?: number | undefined }) => e.line !== undefined && e.cell === undefined;
  // A load that went on past a SyntaxError, or with a function missing or failed (their problems
  // have lines), is ok with errors of its own.
  const errors = 'error' in outcome.load ? lined(outcome.load.error) : outcome.load.ok && (outcome.load.syntaxError !== undefined || Object.values(outcome.load.functions).some((f) => !f.defined || f.syntax || f.raisedDefault) || Object.values(outcome.calls).some((o) => o.status === 'error' && lined(o.error)));
  if (!errors) return undefined;
  const file = sourceLines(source(), 'py')?.file;
  if (!file || !file.some((l) => l.startsWith('# In[') || l.startsWith('# %%'))) return undefined;
  const cellOf = exportedCellOf(file);
  return (line) => (line >= 1 && line <= file.length ? cellOf(line) : undefined);
}

/**
 * The report with each located mistake's line read from the file (grade/sites.ts withSiteText):
 * the line numbers came from the sandbox, so one the file does not have loses its location. The
 * file's bytes are decoded only when a mistake has a line.
 */
function withSites(report: GradedReport, source: () => string, sub: Submission): GradedReport {
  const located = report.mistakes.filter((m) => m.cases.length > 0 && m.location?.line !== undefined && (m.id in SITE_RULES || RAISED_AT.has(m.id)));
  if (located.length === 0) return report;
  const own = located.filter((m) => m.location!.file === undefined);
  const lines = own.length === 0 ? null : sourceLines(source(), own.some((m) => m.location!.cell !== undefined) ? 'ipynb' : 'py');
  return { ...report, mistakes: withSiteText(report.mistakes, lines, siblingLines(sub)) };
}

/** A line of a module of the learner's beside the file (a graded function it defines): from the bytes sent to the run. */
const siblingLines = (sub: Submission) => (file: string) => {
  const s = sub.siblings?.find((x) => x.name === file);
  return s ? sourceLines(decodeText(s.bytes), 'py')?.file : undefined;
};

/**
 * `run` with its load's missing modules read again in a process that runs no learner code
 * (sandbox/import-facts.ts): the records come from the process that ran the file, which can forge
 * one that keeps its row blank (IMPORT_ERROR) on every run.
 */
const vetting = (run: RunSubmission): RunSubmission => async (sub, calls, opts) =>
  await vetImportClaims(await run(sub, calls, opts), opts.python, opts.sandbox, opts.functions.map((f) => PYTHON_NAME[f]));

export async function gradeSubmission(sub: Submission, suite: Suite, opts: GradeOptions, run: RunSubmission = defaultRun): Promise<GradedReport> {
  return await graded(suite, await vetting(run)(sub, callsFor(suite), runOptions(suite, opts)), sub, opts);
}

/**
 * For a platform that shows the public cases and the overall output at once and the hidden cases
 * later (Gradescope): the whole `report` (the score, the hidden cases), and `atOnce`, what may be
 * shown at once, graded from the public cases alone (null when the suite has no hidden case).
 *
 * Learner code can read the inputs of every call of its run and quote them in an exception
 * message, so the hidden cases run in a sandbox of their own, after the public ones. And what the
 * hidden cases returned must not reach what is shown at once either: graded together, a note or a
 * mistake drawn from every case ("every failed loss case is 1.0630180× the expected value", from
 * losses the hidden run scaled by a factor spelling out the hidden weights) carried them there.
 * `atOnce` is graded from the public run and cases only, as if the hidden cases did not exist.
 */
export async function gradeHiddenApart(
  sub: Submission,
  suite: Suite,
  opts: GradeOptions,
  run: RunSubmission = defaultRun,
): Promise<{ report: GradedReport; atOnce: GradedReport | null; hiddenBug?: Error }> {
  const runOpts = runOptions(suite, opts);
  const calls = callsFor(suite);
  const vetted = vetting(run);
  const hidden = new Set(suite.cases.filter((c) => c.visibility === 'hidden').map((c) => c.id));
  if (hidden.size === 0) return { report: await graded(suite, await vetted(sub, calls, runOpts), sub, opts), atOnce: null };
  const publicSuite: Suite = { ...suite, cases: suite.cases.filter((c) => !hidden.has(c.id)) };
  // No public case at all: a run without calls still loads the file, for the problems shown at once.
  const shown = await vetted(sub, calls.filter((c) => !hidden.has(c.id)), runOpts);
  // Not vetted: of the hidden run only its calls (and set-up time-out) are used, never its load's claims.
  const later = await run(sub, calls.filter((c) => hidden.has(c.id)), runOpts);
  const source = sourceReader(sub);
  // Graded first: a bug met here is the public run's (or wlgrade's), with nothing hidden in it.
  const atOnce = await graded(publicSuite, shown, sub, opts, source);
  // The public run's time only: Gradescope shows it at once as execution_time, and code in the
  // hidden run could sleep a chosen number of seconds to spell out the hidden inputs there.
  // The hidden run's set-up time-out (on its first attempt or a later one) left its cases not run
  // for the machine's reason: the whole report says so (SETUP_TIMEOUT), as a single run's would.
  const hiddenSetup = later.setupTimeout ?? (isSetupTimeout(later.load) ? later.load : undefined);
  const setupTimeout = shown.setupTimeout ?? (shown.load.ok ? hiddenSetup : undefined);
  // The learner's modules a hidden call imported first (`import helpers` in the loss) ran with the
  // file too: said with the hidden cases, never at once (which modules ran hangs on the hidden inputs).
  const load = withHiddenRan(shown.load, later.load);
  const merged = (hiddenCalls: RunOutcome['calls']) => graded(suite, { ...shown, load, calls: { ...shown.calls, ...hiddenCalls }, ...(setupTimeout ? { setupTimeout } : {}) }, sub, opts, source);
  // A bug met on the hidden run is thrown, and the learner told at once that grading failed:
  // learner code can send the runner's "could not encode" record itself (or return what trips a
  // bug of wlgrade's), so from the hidden run that told, at once, one bit of the hidden inputs per
  // upload (sent or not, as they read). Here it is the hidden cases' outcome instead, shown with
  // them, and the bug goes to staff apart (hiddenBug).
  const bug = runnerBug(later);
  let hiddenBug: Error | undefined = bug ? runnerBugError(bug, sub) : undefined;
  if (!hiddenBug) {
    try {
      return { report: await merged(later.calls), atOnce };
    } catch (e) {
      if (isGraderError(e)) throw e;
      hiddenBug = e instanceof Error ? e : new Error(String(e));
    }
  }
  const notGraded = Object.fromEntries([...hidden].map((id) => [id, { status: 'not-run' as const, reason: HIDDEN_BUG_REASON }]));
  return { report: await merged(notGraded), atOnce, hiddenBug };
}

/**
 * The shown run's load, with the learner's modules the hidden run says ran (its calls' imports) among
 * those that ran: only the shown run's load facts, which name modules sent with the file, are kept
 * otherwise (siblingNotes names only those).
 */
function withHiddenRan(shown: LoadOutcome, later: LoadOutcome): LoadOutcome {
  const facts = 'siblings' in shown ? shown.siblings : undefined;
  const more = 'siblings' in later ? (later.siblings?.ran ?? []) : [];
  if (facts === undefined || more.every((m) => facts.ran.includes(m))) return shown;
  const ran = [...new Set([...facts.ran, ...more])];
  return { ...shown, siblings: { ...facts, ran, shadowed: facts.shadowed.filter((s) => !ran.includes(s.module)) } };
}

/** A hidden case's reason when grading its run met a bug: a record the runner could not encode, or one of the grader's (gradeHiddenApart). */
export const HIDDEN_BUG_REASON = 'grading the hidden cases hit a bug in wlgrade (or code that forged one); the course staff are told and must grade this submission again';
