/**
 * Which file in a learner's folder is their submission. The rule (docs/staff.md):
 *   1. candidates are the .py and .ipynb files anywhere in the folder (hidden folders,
 *      __MACOSX, __pycache__ and .ipynb_checkpoints skipped); a file over the size limit
 *      (MAX_FILE_BYTES) loses to any within it, as it would never be graded;
 *   2. the file that defines more of compute_class_freqs / get_weighted_loss wins; then, among an
 *      LMS download's attempts of one learner (Blackboard, Brightspace), the file of the latest attempt;
 *   3. then the one nearest the top of the folder; then a notebook over a .py (the assignment
 *      is handed out as a notebook; a .py next to it is usually a helper or an export);
 *   4. then the alphabetically first path.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { escapeLineBreaks as oneLine } from '../report/escape.js';
import { GraderError, isUnreadable } from '../errors.js';
import { MAX_FILE_BYTES, overSize } from '../grade-submission.js';
import { counted, joinSome, joinWords } from '../join-words.js';

export const SKIPPED_DIRS = new Set(['__MACOSX', '__pycache__', '.ipynb_checkpoints', 'node_modules']);
export const SUBMISSION_EXTS = new Set(['.py', '.ipynb']);
export const MAX_FILES = 5_000;
export const MAX_DEPTH = 6;
/** Candidate files opened at once. */
const READ_AT_ONCE = 16;
/** Only the start of each file is searched for the function definitions. */
export const SCAN_BYTES = 2 * 1024 * 1024;

export interface Candidate {
  /** Path relative to the learner's folder, with / separators. */
  rel: string;
  depth: number;
  defines: number;
  notebook: boolean;
  /**
   * The LMS attempt the file belongs to, as a key that sorts by time (Blackboard's
   * `2026-11-03-11-00-00`): of two files that define as many graded functions, the later attempt's
   * wins, as the LMS grades the last attempt. Unset outside such downloads.
   */
  attempt?: string;
  /**
   * The name the staff note gives this file when it wins, if not `rel`: a file told apart by its
   * attempt ("hw.py of attempt …") whose note already starts with that attempt (the LMS entry's).
   */
  staffRel?: string;
  /**
   * The name both notes give this file, if not `rel`: a file of one of a learner's submission
   * folders (Brightspace), named as inside the folder, and by its submission when another folder's
   * file has its name, as a file of the flat form is; `rel`, which names the folder too, still
   * breaks ties.
   */
  shown?: string;
  /** The file's size in bytes, when known: a file over MAX_FILE_BYTES for its kind ranks last. */
  size?: number;
}

/** The kind whose size limit (MAX_FILE_BYTES) a candidate is held to. */
const kindOf = (c: Candidate): keyof typeof MAX_FILE_BYTES => (c.notebook ? 'ipynb' : 'py');

/** Whether a candidate is over the size limit of its kind: such a file is never graded (FILE_TOO_LARGE). */
const overLimit = (c: Candidate): boolean => c.size !== undefined && c.size > MAX_FILE_BYTES[kindOf(c)];

/** Orders candidates by the rule above: best first. Pure, so the rule is tested on its own. */
export function rankCandidates(cs: Candidate[]): Candidate[] {
  // Within the size limit first: a notebook made 51 MiB by an image output beside the same code as
  // a .py won as the notebook, and the learner who handed in gradable code got FILE_TOO_LARGE, 0.
  return [...cs].sort(
    (a, b) => Number(overLimit(a)) - Number(overLimit(b)) || b.defines - a.defines || laterAttempt(a, b) || a.depth - b.depth || Number(b.notebook) - Number(a.notebook) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0),
  );
}

/** Negative when `a` is of a later attempt than `b`; 0 when either has none or they are one attempt. */
const laterAttempt = (a: Candidate, b: Candidate): number =>
  a.attempt === undefined || b.attempt === undefined || a.attempt === b.attempt ? 0 : a.attempt > b.attempt ? -1 : 1;

/**
 * Whether a file at `segments` below a learner's folder is a candidate, by the rule above: what
 * the walk in pickSubmissionFile finds (a zip's index is searched by this instead of a walk).
 */
export function isCandidatePath(segments: string[]): boolean {
  return (
    segments.length > 0 &&
    segments.length - 1 <= MAX_DEPTH &&
    segments.every((s) => !s.startsWith('.') && !SKIPPED_DIRS.has(s)) &&
    SUBMISSION_EXTS.has(extname(segments[segments.length - 1]!).toLowerCase())
  );
}

/** A candidate as the ranking sees it, from its /-separated path and the start of its text. */
export function candidateOf(rel: string, text: string): Candidate {
  return { rel, depth: rel.split('/').length - 1, defines: countDefinitions(text), notebook: rel.toLowerCase().endsWith('.ipynb') };
}

/** The most characters of a name a note or a row shows whole (shownName). */
const SHOWN_NAME_MOST = 80;

/**
 * A learner's name of a file (or a zip's entry) as a note or a row shows it, one line: whole up to
 * 80 characters, else its first 48 and last 24 around an ellipsis, with its length ("a…z.py (65536
 * characters)"), enough to find it by its start and end. A zip of 64 KB names made notes of 192 KB
 * (three names in full) and rows holding a whole name (batch 36b). Cut at characters, not UTF-16 units.
 */
export function shownName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= SHOWN_NAME_MOST) return oneLine(name);
  return `${oneLine(chars.slice(0, 48).join(''))}…${oneLine(chars.slice(-24).join(''))} (${chars.length} characters)`;
}

/** Up to three names, one line each (shownName; `shown`: already so), and how many more: "a.py, b.py, c.py, and 2 more". */
function listed(names: readonly string[], shown = false): string {
  return joinSome(shown ? names : names.map((n) => shownName(n)), 3, ', ', ', and');
}

/**
 * The best candidate and, when there was a choice, a note for staff saying which won over which
 * and one for the learner's report (they may not know which of their files was graded).
 */
export function choose(cands: Candidate[], along?: { isModule: (c: Candidate) => boolean; said: string }): { best: Candidate; note?: string; learnerNote?: string } {
  const ranked = rankCandidates(cands);
  const best = ranked[0]!;
  if (ranked.length === 1) return { best };
  // The learner named these files: a line break in one ("b\n\nScore: 41/41 …") would start a line of
  // its own in the report and Gradescope's output, as if wlgrade wrote it. Names are one line each.
  const others = listed(ranked.slice(1).map((c) => c.shown ?? c.rel));
  // `along`: what the learner is told of the graded file's modules among the others (an LMS
  // learner's utils.py of a package folder the download could not keep), said after what is graded
  // and before the advice on the files passed over; a module is not one of those (batch 35: "not
  // utils.py. To have another file graded, submit that file alone. hw.py imports pkg.utils …
  // (your utils.py came alone)" read as two messages about one file).
  const passed = along ? ranked.slice(1).filter((c) => !along.isModule(c)) : ranked.slice(1);
  const passedOver = listed(passed.map((c) => c.shown ?? c.rel));
  const graded = shownName(best.shown ?? best.rel);
  const defines = best.defines === 2 ? 'defines both graded functions' : best.defines === 1 ? 'defines one of the two graded functions' : 'defines neither graded function';
  // Files passed over for their size are named with it, so neither staff nor the learner wonders
  // why the code they see in the notebook was not what was graded.
  const big = overLimit(best) ? [] : ranked.filter(overLimit);
  const sizes = listed(big.map((c) => `${shownName(c.shown ?? c.rel)} (${overSize(c.size!, kindOf(c))})`), true);
  const limit = big.length === 0 ? '' : `${big.length === 1 ? 'is' : 'are'} over the size limit (${MAX_FILE_BYTES.py / 2 ** 20} MiB for a .py, ${MAX_FILE_BYTES.ipynb / 2 ** 20} MiB for a .ipynb), never graded`;
  return {
    best,
    note: `picked ${shownName(best.staffRel ?? best.shown ?? best.rel)} (defines ${best.defines} of the 2 graded functions) over ${others}${big.length ? `; ${sizes} ${limit}` : ''}`,
    learnerNote:
      `Your submission holds ${ranked.length} Python files: this grades ${graded} (it ${defines})${passed.length ? `, not ${passedOver}` : ''}.` +
      `${big.length ? ` ${sizes} ${limit}.` : ''}${along ? ` ${along.said}` : ''}${passed.length ? ' To have another file graded, submit that file alone.' : ''}`,
  };
}

const GRADED_NAMES = ['compute_class_freqs', 'get_weighted_loss'];
/** A def's name in any letters Python takes for an identifier's (PEP 3131's categories, roughly). */
const ANY_DEF = /def\s+([\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]+)\s*\(/gu;

/**
 * Counts the graded functions a file's text defines (a notebook's JSON text works too), by the
 * names Python binds: NFKC-normalized (PEP 3131), so `def ｃompute_class_freqs` (a fullwidth c)
 * counts, as the runner grades it; a notebook's JSON may spell it `def \uff43ompute_class_freqs`.
 * Read as written, such a file lost the pick to a draft beside it (red team 34). ASCII text is
 * read as before.
 */
export function countDefinitions(text: string): number {
  if (/^[\x00-\x7f]*$/.test(text) && !text.includes('\\u')) {
    return GRADED_NAMES.filter((f) => new RegExp(`def\\s+${f}\\s*\\(`).test(text)).length;
  }
  const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const found = new Set<string>();
  for (const m of decoded.matchAll(ANY_DEF)) {
    const name = m[1]!.normalize('NFKC');
    if (GRADED_NAMES.includes(name)) found.add(name);
  }
  return found.size;
}

/**
 * What the ranking may read past the heads of one learner's files, all told: one notebook at its size
 * limit. Without it a learner's 5,000 entries of 10 MiB each were each read whole (review 34b).
 */
export const pastHeadBytes = (): number => MAX_FILE_BYTES.ipynb; // read when called: pick.ts and grade-submission.ts import each other

/** One learner's allowance of bytes the ranking reads past its files' heads (rankedText), counted down. */
export type PastHeads = { left: number };
export const pastHeads = (): PastHeads => ({ left: pastHeadBytes() });

/**
 * What the ranking reads of a file of `size` bytes named `name`, decoded as the runner reads it:
 * its first SCAN_BYTES, or, when those define fewer than both graded functions and the .py or
 * .ipynb goes on, all of it within its kind's size limit and what is left of the learner's `past`
 * allowance (charged). A notebook's image outputs above its code (3 MB of plots in its first cell)
 * hid both defs from the head, and a draft.py beside it that defines one was graded instead: 0 for
 * a learner whose notebook scores full marks (red team 34). Any other file (a Blackboard details
 * .txt): its head.
 */
export async function rankedText(name: string, size: number, read: (bytes: number) => Promise<Buffer>, past: PastHeads): Promise<string> {
  const head = decodeText(await read(SCAN_BYTES));
  const lower = name.toLowerCase();
  const kind = lower.endsWith('.ipynb') ? 'ipynb' : lower.endsWith('.py') ? 'py' : undefined;
  if (kind === undefined || size <= SCAN_BYTES || size > MAX_FILE_BYTES[kind] || size > past.left || countDefinitions(head) === 2) return head;
  past.left -= size;
  return decodeText(await read(size));
}

/** What the ranking reads of a file on disk (rankedText); the head once, the rest read after it. */
export async function readHead(path: string, past: PastHeads): Promise<string> {
  const fh = await open(path, 'r');
  try {
    let got = Buffer.alloc(0);
    const read = async (bytes: number) => {
      if (bytes <= got.length) return got.subarray(0, bytes);
      const buf = Buffer.alloc(bytes);
      got.copy(buf);
      let n = got.length;
      for (let more: number; n < bytes && (more = (await fh.read(buf, n, bytes - n, n)).bytesRead) > 0; ) n += more;
      got = buf.subarray(0, n);
      return got;
    };
    return await rankedText(path, (await fh.stat()).size, read, past);
  } finally {
    await fh.close();
  }
}

/**
 * A file's text by its byte-order mark, as the runner reads it: UTF-32 or UTF-16 ("Unicode" from
 * a Windows editor; JSON may be either), else UTF-8.
 */
export function decodeText(buf: Buffer): string {
  const bom = (...bytes: number[]) => startsWith(buf, bytes);
  if (bom(0xff, 0xfe, 0, 0) || bom(0, 0, 0xfe, 0xff)) {
    const le = buf[0] === 0xff;
    let out = '';
    for (let i = 4; i + 4 <= buf.length; i += 4) {
      const cp = le ? buf.readUInt32LE(i) : buf.readUInt32BE(i);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
    }
    return out;
  }
  if (bom(0xff, 0xfe)) return buf.subarray(2, buf.length - (buf.length % 2)).toString('utf16le');
  if (bom(0xfe, 0xff)) return Buffer.from(buf.subarray(2, buf.length - (buf.length % 2))).swap16().toString('utf16le');
  return buf.toString('utf8');
}

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/** Whether the bytes open with a byte-order mark decodeText reads: UTF-8's, UTF-16's or UTF-32's (either order). */
export function hasByteOrderMark(buf: Buffer): boolean {
  return [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0, 0, 0xfe, 0xff]].some((m) => startsWith(buf, m));
}

/** A file of `dir`, given by its /-separated relative path, as the ranking sees it. */
async function candidate(dir: string, rel: string, past: PastHeads): Promise<Candidate> {
  return candidateOf(rel, await readHead(join(dir, ...rel.split('/')), past));
}

export interface Picked {
  file: string;
  /** Set when there was a choice: which file won and which lost (for staff). */
  note?: string;
  /** Set when there was a choice: the same, said to the learner in their report. */
  learnerNote?: string;
}

/** The files a learner's folder or upload holds besides any .py/.ipynb: the first few by name, how many, and the first .zip wherever it is. */
export interface OtherFiles {
  names: string[];
  count: number;
  zip?: string;
}

/** Records one other file (`rel`, /-separated) in `others`, in the order a sorted walk meets them. */
export function noteOther(others: OtherFiles, rel: string): void {
  others.count++;
  if (others.names.length < 3) others.names.push(rel);
  if (others.zip === undefined && /\.zip$/i.test(rel)) others.zip = rel;
}

/** What `others` names, one line each: "a.txt, b.txt, c.txt and 2 more files" (a long name cut at 80 characters). */
export function heldFiles(others: OtherFiles): string {
  const shown = others.names.map((n) => oneLine(n.length > 80 ? `${n.slice(0, 80)}…` : n));
  const rest = others.count - shown.length;
  return joinWords(rest > 0 ? [...shown, counted(rest, 'more file')] : shown);
}

/**
 * The learner's submission in `dir`, or null when it holds no .py/.ipynb file. `specials`, when
 * given, gets each .py/.ipynb name that is a symlink or other special file (never followed), by
 * path relative to `dir`, so that a folder holding only such a link can say so.
 */
export async function pickSubmissionFile(
  dir: string,
  specials?: Array<{ rel: string; what: string }>,
  // The other files seen (the first few by name, how many, and the first .zip wherever it is), for a learner told what their upload holds.
  others?: OtherFiles,
): Promise<Picked | null> {
  const found: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      if (d === dir || !isUnreadable(err)) throw err; // the learner's folder itself: the caller says so; a bug or the machine's error goes up
      return; // a subfolder the grader may not read holds no submission it could grade
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      const p = join(d, e.name);
      // Symlinks are not followed: a learner folder must not lead the grader elsewhere.
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile() && SUBMISSION_EXTS.has(extname(e.name).toLowerCase())) found.push(p);
      else if (!e.isFile() && specials && SUBMISSION_EXTS.has(extname(e.name).toLowerCase())) {
        const what = e.isSymbolicLink() ? 'a symlink' : e.isFIFO() ? 'a FIFO' : e.isSocket() ? 'a socket' : 'a device';
        specials.push({ rel: relative(dir, p).split(sep).join('/'), what });
      } else if (others && e.isFile()) noteOther(others, relative(dir, p).split(sep).join('/'));
    }
  };
  await walk(dir, 0);
  if (found.length === 0) return null;
  // A few files at a time (thousands at once ran out of file descriptors, or took 800 MB of
  // buffers); a file that cannot be opened (a name that is not UTF-8, no permission) is no candidate.
  const cands: Candidate[] = [];
  const unreadable: string[] = [];
  const past = pastHeads();
  for (let i = 0; i < found.length; i += READ_AT_ONCE) {
    await Promise.all(
      found.slice(i, i + READ_AT_ONCE).map(async (p) => {
        const rel = relative(dir, p).split(sep).join('/');
        try {
          cands.push({ ...(await candidate(dir, rel, past)), size: (await stat(p)).size });
        } catch (err) {
          if (!isUnreadable(err)) throw err; // a bug, or the machine's (EMFILE, EIO): not this file's
          unreadable.push(rel);
        }
      }),
    );
  }
  if (cands.length === 0) {
    throw new GraderError('SUBMISSION_INVALID', `its files could not be opened (${listed(unreadable.sort())}); a file name that is not UTF-8 or a file without read permission does this: rename it or make it readable`);
  }
  const { best, note, learnerNote } = choose(cands);
  const file = join(dir, ...best.rel.split('/'));
  return note ? { file, note, ...(learnerNote ? { learnerNote } : {}) } : { file };
}

/**
 * `wlgrade check` without a file: the learner's own file in `dir` (not its subfolders), by the
 * same ranking; only a file that defines at least one graded function qualifies. Null when none.
 */
export async function pickOwnFile(dir: string): Promise<Picked | null> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && SUBMISSION_EXTS.has(extname(e.name).toLowerCase())).slice(0, MAX_FILES);
  // A file that cannot be opened is no candidate, as in pickSubmissionFile: a name that is not
  // UTF-8 (readdir hands back a spelling no open() finds) beside the learner's notebook stopped
  // `check` with a stack trace.
  const unreadable: string[] = [];
  const past = pastHeads();
  const cands = (
    await Promise.all(
      // With its size: a notebook over the size limit (made 51 MiB by its image outputs) won over the
      // learner's gradable .py of the same code (a notebook over a .py), and check said FILE_TOO_LARGE.
      files.map(async (e): Promise<Candidate | null> => {
        try {
          return { ...(await candidate(dir, e.name, past)), size: (await stat(join(dir, e.name))).size };
        } catch (err) {
          if (!isUnreadable(err)) throw err;
          unreadable.push(e.name);
          return null;
        }
      }),
    )
  ).filter((c): c is Candidate => c !== null);
  const ranked = rankCandidates(cands.filter((c) => c.defines > 0));
  const best = ranked[0];
  if (!best) {
    // Links are not followed without being named (a checkout's link may lead anywhere); a learner
    // whose solution.py is one was told no file here defines the functions.
    const links = entries.filter((e) => e.isSymbolicLink() && !e.name.startsWith('.') && SUBMISSION_EXTS.has(extname(e.name).toLowerCase())).map((e) => e.name);
    if (unreadable.length === 0 && links.length > 0) {
      const first = oneLine(links.sort()[0]!);
      throw new GraderError('USAGE', `No file given, and no .py or .ipynb file in this folder defines compute_class_freqs or get_weighted_loss; ${listed(links)} ${links.length === 1 ? 'is a symlink' : 'are symlinks'}, which wlgrade does not follow unless named: run "wlgrade check ${first}" to check the file it points to.`);
    }
    if (unreadable.length === 0) return null;
    throw new GraderError('USAGE', `No file given, and no readable .py or .ipynb file in this folder defines compute_class_freqs or get_weighted_loss; ${listed(unreadable.sort())} could not be opened (a file name that is not UTF-8 or a file without read permission does this): rename it or make it readable, or run "wlgrade check <your notebook or .py file>".`);
  }
  const file = join(dir, best.rel);
  const unopened = unreadable.length === 0 ? '' : `could not open ${listed(unreadable.sort())}`;
  if (ranked.length === 1) return unopened ? { file, note: unopened } : { file };
  // Every file passed over is counted: with four notebooks of the course's examples beside it, a
  // learner's own my_solution.py was left out of the list without a word.
  const over = listed(ranked.slice(1).map((c) => (overLimit(c) ? `${shownName(c.rel)} (${overSize(c.size!, kindOf(c))}: over the size limit, never graded)` : shownName(c.rel))), true);
  return { file, note: `picked ${shownName(best.rel)} over ${over}${unopened ? `; ${unopened}` : ''}` };
}
