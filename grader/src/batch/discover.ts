/**
 * Paths on the command line -> one BatchItem per learner. The rules (docs/staff.md, "Layouts"):
 *
 * - Every path is a *container* of submissions: a folder, or a .zip export (read from its index;
 *   a single wrapper folder at its root, as Gradescope exports have, is stepped into).
 * - Inside a container, each entry is one learner:
 *     alice.py / alice.ipynb -> learner "alice" (extension stripped)
 *     alice/                 -> learner "alice", file picked by pick.ts
 *     alice.zip              -> learner "alice", file picked by pick.ts's rule inside it
 *     alice.docx             -> learner "alice", an error row (not a Python file)
 *     a symlink, FIFO, …     -> an error row (never followed or opened)
 *   Hidden entries, __MACOSX and LMS index files (.yml, .yaml, .csv, .json, .html, .md) are skipped,
 *   and so is the batch's own output in a folder graded (its --out, a folder with batch-state.json).
 * - From a zip, only the file graded is unpacked, each learner's within MAX_FILE_BYTES and all of
 *   them within one UnpackBudget; whatever goes wrong with one learner's entries (too large, two
 *   of one name, a `..` name, a bad entry) is that learner's error row. Only an archive that cannot
 *   be read at all, or a `..` entry outside every learner folder, stops the batch.
 * - A Gradescope export's submission_metadata.yml names the learners: submission_123 becomes its
 *   submitter's email (else SID, else name); a group submission gives one row per member.
 * - A Canvas, Moodle, Blackboard or Brightspace submissions download (every graded entry named the
 *   LMS's way: lastfirst_<user id>_<sub id>_<file>, Full Name_<id>_assignsubmission_file_,
 *   Assignment_<username>_attempt_<date>_<file>, <id>-<id> - Full Name - <date> - <file>) is one
 *   learner per LMS id (lmsLayout; Brightspace's download has the learner's name only), file
 *   picked by pick.ts's rule.
 * - A .py/.ipynb path given directly is one learner named after the file.
 * - Two entries that give the same learner (alice.py and alice/, or Alice.py and alice.py: ids
 *   that differ only in letter case) are that learner's error row: the gradebook could not say
 *   which one counts. Two ids that would write the same result file (learnerSlug) are an error
 *   row each. The rest of the batch is graded.
 */
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import nodePath, { basename, dirname, extname, join, resolve, type PlatformPath } from 'node:path';
import { makeDirs } from '../make-dirs.js';
import { fsReason, GraderError, isMachineError, isSetupError, machineStop, undecodedName } from '../errors.js';
import { MAX_FILE_BYTES, otherKindMessage, sizeProblem } from '../grade-submission.js';
import { escapeLineBreaks as oneLine, unseen } from '../report/escape.js';
import { CANVAS_ANONYMOUS_ID } from '../report/lms-csv.js';
import { candidateOf, choose, decodeText, heldFiles, shownName, isCandidatePath, MAX_DEPTH, MAX_FILES, noteOther, pickSubmissionFile, pastHeads, rankedText, readHead, SKIPPED_DIRS, SUBMISSION_EXTS, type Candidate, type OtherFiles, type PastHeads } from './pick.js';
import { STATE_FILE } from './store.js';
import { importedModules, MAX_SIBLING_BYTES, MAX_SIBLINGS, moduleOf, packageOf } from '../siblings.js';
import { formatSize, unreadable, UnpackBudget, ZIP_LIMITS, ZipArchive, zipSlipMessage, type ZipEntry, type ZipLimits } from './zip.js';

export interface BatchItem {
  learner: string;
  /** Where it came from, for the gradebook: "subs/alice.py", "export.zip:submission_1/a.py". */
  source: string;
  /** The file to grade (absolute); absent on error rows. */
  file?: string;
  /** The name the learner knows the file by. */
  displayName?: string;
  /** Why this learner cannot be graded, in one sentence. */
  error?: string;
  /** The code of `error` when it is the learner's doing and counts 0 (rowWorth): a file over the size limit. */
  problem?: 'FILE_TOO_LARGE';
  /**
   * The entry holds no Python at all (a .docx, a folder or zip with no .py/.ipynb): beside a
   * learner's entry over the size limit it changes nothing, as it would not in one folder with it
   * (errorsTogether).
   */
  noCode?: true;
  /** Why this file was picked when the learner handed in several (for staff). */
  note?: string;
  /** The same, for the learner's report. */
  learnerNote?: string;
  /** The file was unpacked from a zip into a folder the batch removes: reports name `source` instead. */
  unpacked?: boolean;
  /**
   * The learner id's letter case tells learners apart (Brightspace names learners by name, as
   * written in their accounts: "Jane Doe" and "jane doe" are two people). Such learners are not
   * one learner's entries to withoutClashes, and their result files get a hash (`slug`).
   */
  caseKept?: true;
  /** The result file's name (results/<slug>.json), when not learnerSlug(learner): see caseKept. */
  slug?: string;
  /** Not wanted (DiscoverOptions.wanted): listed, not looked into. */
  skipped?: boolean;
  /**
   * Why the learner id may be someone else's, for staff to check before grades go anywhere: a
   * Canvas entry name that reads as two users (canvasReadings) with nothing in the download to
   * tell which.
   */
  doubt?: string;
  /**
   * The Gradescope submission (`submission_123`) whose submission_metadata.yml named this learner.
   * Two submissions that name one learner are two hand-ins, whatever their bytes: the metadata may
   * give two learners one id (a name, with no email or SID).
   */
  gradescope?: string;
  /** The file's sha256, when discovery compared it with another file of the same learner id. */
  sha256?: string;
  /**
   * The file lies in the learner's own folder (their folder, their zip, a Gradescope submission),
   * so the modules beside it that it imports are theirs too (siblings.ts); not in a folder of
   * many learners' files, where the file beside it is another learner's.
   */
  ownFolder?: true;
  /**
   * The file was named directly (`grade path/to/hw.py`): the modules beside it that it imports are
   * read as `check` reads them (grade-submission.ts ownFolderOnly: none when another file there
   * defines a graded function, a folder of many learners' files).
   */
  named?: true;
  /**
   * The learner's other files of an LMS download's flat form that the graded file imports, by the
   * name the learner gave each and where it is (Canvas renames `utils.py`
   * `smithjohn_12345_678902_utils.py`): read as siblings.ts's siblingsFromFiles.
   */
  siblingFiles?: Array<{ name: string; path: string }>;
}

/** Python's own packages (a dotted import of theirs, `import importlib.util`, is no learner's folder), os.path's os, and those earlier Pythons had. */
const STDLIB_PACKAGES = new Set(['asyncio', 'collections', 'concurrent', 'ctypes', 'curses', 'dbm', 'distutils', 'email', 'encodings', 'ensurepip', 'html', 'http', 'idlelib', 'importlib', 'json', 'lib2to3', 'logging', 'multiprocessing', 'os', 'pydoc_data', 're', 'sqlite3', 'test', 'tkinter', 'tomllib', 'turtledemo', 'unittest', 'urllib', 'venv', 'wsgiref', 'xml', 'xmlrpc', 'zoneinfo']);

/**
 * For a learner of an LMS download's flat files whose `shown` file imports `module` (pkg.utils) of a
 * package folder they handed in as files (`file`, their utils.py, uploaded alone: the LMS keeps no
 * folders): staff's sentence, for the row's note (no trailing period: the note's parts are joined
 * with '. '), and the learner's, for their report.
 */
export function flatPackageNotes(learner: string, shown: string, module: string, file: string): [string, string] {
  const top = module.split('.')[0]!;
  const path = `${module.replaceAll('.', '/')}.py`;
  return [
    `${oneLine(learner)}'s ${shown} imports ${module} from a package folder ${top}/ of theirs, which this LMS download cannot hold (it keeps each uploaded file without its folder: their ${file} came alone), so ${module} is not imported; ask them to upload one .zip of their folder (${shown} beside ${top}/), then grade again`,
    `${shown} imports ${module} from your package folder ${top}/, but the files you upload are kept without their folders (your ${file} came alone), so ${module} could not be imported: upload one .zip of your work's folder (${shown} beside ${top}/), or put what you use from ${path} in ${shown}.`,
  ];
}

/** What the ranking reads of a zip entry (pick.ts rankedText): its head, and the rest after it in the same pass. */
async function rankedOnce(zip: ZipArchive, entry: ZipEntry, name: string, past: PastHeads): Promise<string> {
  const r = zip.reader(entry);
  try {
    return await rankedText(name, entry.size, r.read, past);
  } finally {
    r.close();
  }
}

/** Index/metadata files LMS exports put next to submissions. */
const INDEX_EXTS = new Set(['.yml', '.yaml', '.csv', '.json', '.html', '.htm', '.md']);

/**
 * A learner id as a file name (results/<slug>.json). Letters and digits of any script, combining
 * marks, `.`, `_` and `-` are kept (in NFC, the form macOS and Windows give a typed name); any
 * other run of characters becomes `_`, as does a leading `.`. An ASCII id keeps exactly the rule
 * it always had, so re-runs and scripts find results/alice_uni.edu.json where it was. A non-ASCII
 * id that lost a character on the way (a space, an emoji, its end past 120 characters) gets `-`
 * and 8 hex digits of the SHA-256 of its lower-case form, so "李 娜" and "李_娜" get two files
 * while "José Ñ" and "josé ñ" still meet as one learner (discoverSubmissions). A slug that is a
 * Windows device name before its first dot (`CON`, `nul`, `com1.x`: a file Windows will not create
 * or copy, whatever its extension) gets the hash too, before that dot, so results/ copies whole to
 * any disk.
 */
export function learnerSlug(learner: string): string {
  const ascii = !/[^\u0000-\u007f]/.test(learner);
  const nfc = learner.normalize('NFC');
  const hash = (): string => createHash('sha256').update(nfc.toLowerCase(), 'utf8').digest('hex').slice(0, 8);
  // A device name takes the hash before its first dot, where Windows reads the name ("LPT9-….smith").
  const device = (safe: string): string => safe.replace(/^[^.]*/, (base) => `${base}-${hash()}`);
  if (ascii) {
    const safe = learner.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, 120) || '_';
    return WINDOWS_DEVICE.test(safe) ? device(safe) : safe;
  }
  const safe = clip(nfc.replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_').replace(/^[.]+/, '_'), 120, SLUG_BYTES);
  if (WINDOWS_DEVICE.test(safe)) return device(safe);
  return safe === nfc ? safe : `${safe}-${hash()}`;
}

/** Windows's reserved device names, matched on a file name's part before its first dot, in any case. */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i;

/**
 * A result file's name as the broadest disk may read it: macOS's APFS and HFS+ ignore letter case
 * and Unicode normal form, Windows's NTFS compares names upper-cased ('ς' and 'σ' are both 'Σ', 'ı'
 * is 'I'), ZFS may fold compatibility forms. Names equal here may be one file on some disk, though
 * distinct on Linux's: compatibility-normalised, then upper- and lower-cased (a full case fold:
 * 'straße' and 'STRASSE', 'οδος' and 'ΟΔΟΣ' meet).
 */
export const fileKey = (name: string): string => name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');

/**
 * UTF-8 bytes of a slug before its hash: with `-` and the hash, `.json` and writeAtomic's
 * `.<pid>.tmp`, a file name stays under the 255 bytes file systems allow (a CJK character is 3).
 */
const SLUG_BYTES = 180;

/** The first characters of `s` (whole code points) within `units` UTF-16 units and `bytes` UTF-8 bytes. */
function clip(s: string, units: number, bytes: number): string {
  let out = '';
  let size = 0;
  for (const ch of s) {
    size += Buffer.byteLength(ch, 'utf8');
    if (size > bytes || out.length + ch.length > units) break;
    out += ch;
  }
  return out;
}

/**
 * What ids that name one learner share: they are equal but for letter case, Unicode normal form,
 * and characters no one sees: default-ignorable ones (zero-width spaces and joiners, direction
 * marks, soft hyphens) are dropped, any kind of space is a space, and spaces at the ends go. Red
 * team 16 handed in "alice\u200b.py" next to alice.py: two rows of "alice" in grades.csv, one with
 * the other's marks, that no one reading it could tell apart.
 */
const learnerKey = (id: string): string =>
  id.normalize('NFC').replace(/\p{Default_Ignorable_Code_Point}/gu, '').replace(/\p{Zs}/gu, ' ').trim().toLowerCase();
const sameLearner = (a: string, b: string): boolean => learnerKey(a) === learnerKey(b);

/**
 * learnerKey with letter case kept: what names one learner in a download that names learners as
 * their LMS account spells them (Brightspace). The LMS writes one account's name the same way in
 * each of its folders; Unicode form and invisible characters can differ in transit (a zip made
 * again on macOS writes NFD), letter case cannot, so names that differ in case are two accounts.
 */
export const caseKeptKey = (id: string): string =>
  id.normalize('NFC').replace(/\p{Default_Ignorable_Code_Point}/gu, '').replace(/\p{Zs}/gu, ' ').trim();

// unseen (report/escape.ts) spells out the characters learnerKey drops or makes a space.
export { unseen } from '../report/escape.js';

/**
 * Why two items cannot both be in the batch: they claim one learner, or two learners' ids would
 * write one result file (ids are compared case-insensitively: macOS and Windows file names are).
 */
function clashMessage(a: BatchItem, b: BatchItem, file = learnerSlug(b.learner)): string {
  const [ida, idb, sa, sb] = [a.learner, b.learner, a.source, b.source].map((x) => oneLine(unseen(x)));
  const todo = 'rename or remove one so each learner has exactly one, and grade again.';
  if (a.gradescope !== undefined && b.gradescope !== undefined && a.gradescope !== b.gradescope && sameLearner(a.learner, b.learner)) {
    const same = a.sha256 !== undefined && a.sha256 === b.sha256 ? ', and their files are byte-identical (copied work, or one learner\'s two hand-ins)' : '';
    return (
      `Gradescope submissions ${oneLine(a.gradescope)} (${sa}) and ${oneLine(b.gradescope)} (${sb}) both name learner "${idb}" in submission_metadata.yml${same}; ` +
      'they may be two learners the metadata does not tell apart (one name, with no email or SID) or one learner who handed in twice, so neither is graded: find whose each is on Gradescope and grade them apart (wlgrade check FILE).'
    );
  }
  if (a.learner === b.learner) return `Two submissions claim learner "${idb}": ${sa} and ${sb}; ${todo}`;
  if (sameLearner(a.learner, b.learner)) return `Two submissions claim learner "${idb}" ("${ida}" in ${sa}, "${idb}" in ${sb}: ids that differ only in letter case, in how an accent is encoded, or in characters no one sees (a zero-width space, a direction mark, another kind of space) are one learner); ${todo}`;
  return (
    `Learners "${ida}" (${sa}) and "${idb}" (${sb}) would share the result file results/${oneLine(file)}.json ` +
    (a.slug === undefined && b.slug === undefined
      ? '(in file names, characters other than letters, digits, ".", "_" and "-" become "_", and letter case is ignored); rename one of them and grade again.'
      : '(a learner whose name differs from another\'s only in letter case has a file named by the name and a hash of it, which the other\'s name spells out); rename one of them and grade again.')
  );
}

export function stem(name: string): string {
  const ext = extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

/** One submitter of a Gradescope submission, from submission_metadata.yml. */
export interface Submitter {
  name?: string;
  sid?: string;
  email?: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined);

/**
 * Gradescope's submission_metadata.yml ("Export Submissions"): submission folder -> submitters.
 * Its keys carry Ruby's leading colons (`:submitters:`, `:email:`); both spellings are read. A
 * file that is not that shape gives an empty map (the folders keep their own names).
 */
export function parseGradescopeMetadata(yamlText: string): Map<string, Submitter[]> {
  const out = new Map<string, Submitter[]>();
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch {
    return out;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return out;
  const field = (o: unknown, k: string): unknown => (o && typeof o === 'object' ? ((o as Record<string, unknown>)[`:${k}`] ?? (o as Record<string, unknown>)[k]) : undefined);
  for (const [folder, record] of Object.entries(doc as Record<string, unknown>)) {
    const list = field(record, 'submitters');
    if (!Array.isArray(list)) continue;
    const submitters = list.map((x) => ({ name: text(field(x, 'name')), sid: text(field(x, 'sid')), email: text(field(x, 'email')) })).filter((x) => x.name || x.sid || x.email);
    if (submitters.length) out.set(folder, submitters.map((x) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as Submitter));
  }
  return out;
}

/** The learner id a submitter gets: the email (what LMS gradebooks match on), else the SID, else the name. */
export const submitterId = (s: Submitter): string => s.email ?? s.sid ?? s.name ?? 'unknown';

export interface DiscoverOptions {
  /** Where zips are unpacked (inside --out, so nothing is written elsewhere). */
  scratch: string;
  cwd?: string;
  /** Caps on archives and on what the batch unpacks; ZIP_LIMITS where not given. */
  limits?: Partial<ZipLimits>;
  /**
   * The learners to be graded (`--shard K/N`): an entry none of whose learners is wanted is
   * listed (the shard's record of the whole cohort needs every id) but neither unpacked nor read.
   */
  wanted?: (learner: string) => boolean;
  /** The batch's --out folder: never a learner, when it is inside a folder graded. */
  out?: string;
  /** Given a bug in wlgrade met reading one learner's files, whole (its stack): that learner's row holds its first line, and the others are read. */
  onBug?: (learner: string, text: string) => void;
}

const METADATA = 'submission_metadata.yml';

/** Entries that are no learner: hidden ones, __MACOSX, __pycache__ … */
const hidden = (name: string) => name.startsWith('.') || SKIPPED_DIRS.has(name);

/** An entry at the top of a container, as discovery sees it: from readdir, or from a zip's index. */
interface Slot {
  name: string;
  kind: 'dir' | 'file' | 'special';
  /** For a special entry: "a symlink", "a FIFO", … */
  what?: string;
}

/**
 * A folder of submissions, on disk or inside a zip: its top entries, and how each kind of entry
 * becomes a learner's BatchItem. fromContainer applies the layout rules to either.
 */
interface Container {
  slots: Slot[];
  /** The gradebook's `source` for the top entry `name`. */
  label: (name: string) => string;
  metadata: () => Promise<string>;
  /** A learner folder; the item's learner is `name`. */
  folder: (name: string) => Promise<BatchItem>;
  /** A .py/.ipynb file; the item's learner is stem(name). `shown`: the name the learner gave it, when the entry's name says more (an LMS download's). */
  file: (name: string, shown?: string) => Promise<BatchItem>;
  /** A learner's own .zip; the item's learner is stem(name). */
  zip: (name: string) => Promise<BatchItem>;
  /** The start of a top-level file, decoded (pick.ts readHead), to rank a learner's files; past: that learner's allowance. */
  head: (name: string, past: PastHeads) => Promise<string>;
  /** A top-level file's size in bytes: a file over the size limit ranks last (pick.ts). */
  size: (name: string) => Promise<number>;
}

/** A learner's entry in an LMS's download: a file (its name as the learner gave it) or a folder. */
interface LmsEntry {
  name: string;
  file: string;
  dir: boolean;
}

/**
 * The submission downloads of LMSs whose file names carry the learner, read as one learner per
 * LMS id, the id the same LMS's gradebook export holds (so `export lms` matches it):
 * - Canvas's "Download Submissions" of an assignment graded anonymously: `[LATE_]anon_<anonymous
 *   id>_<attachment id>_<file name>`; learner `anon_<anonymous id>`, which no gradebook holds.
 * - Canvas's "Download Submissions": one flat folder of `lastfirst_[LATE_]<user id>_<submission
 *   id>_<file name>`, several files per learner when they uploaded several; learner `<user id>`,
 *   the gradebook's `ID` column. The name part may hold underscores (`o_brien`): the first
 *   `_<digits>_<digits>_` after it is Canvas's, whatever the learner named their file.
 * - Moodle's "Download all submissions": `Full Name_<participant id>_assignsubmission_file_`
 *   folders (or files with that prefix); learner `Participant <id>`, the `Identifier` column of
 *   Moodle's grading worksheet.
 * - Blackboard's "Download Assignment": `Assignment_<username>_attempt_<date>_<file name>` (and
 *   a `.txt` of each attempt's details); learner `<username>`, the Grade Center's `Username`.
 * - Brightspace's "Download": `<id>-<id> - First Last - <date> - <file name>` files, or one
 *   `<id>-<id> - First Last - <date>` folder per submission; learner `First Last`, which its grades
 *   export's First Name and Last Name columns hold (`export lms --match "First Name+Last Name"`).
 * A container is read so only when every graded entry in it is named so.
 */
/** The assignment name every Blackboard entry starts with: the longest prefix, cut at an underscore, that all of `befores` continue after with `_`. */
function commonStem(befores: string[]): string {
  let stem = befores[0] ?? '';
  for (const x of befores) {
    while (stem && !x.startsWith(`${stem}_`)) {
      const cut = stem.lastIndexOf('_');
      stem = cut < 0 ? '' : stem.slice(0, cut);
    }
  }
  return stem;
}

/** `word` in `text` as a whole word: not inside a longer name, login or email (`doe` is not in `j_doe`). */
function holdsWord(text: string, word: string): boolean {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^\\p{L}\\p{N}_.@-])${esc}(?![\\p{L}\\p{N}_.@-])`, 'u').test(text);
}

/**
 * Blackboard's assignment name, `<assignment>_<username>` being what precedes `_attempt_`. Both may
 * hold underscores, so the name all entries share (commonStem) can run into the usernames when
 * they all start alike (`HW_1_j_doe`, `HW_1_j_smith`: "HW_1_j"). Every shorter cut at an
 * underscore is then a candidate, and Blackboard's details files (`<assignment>_<username>_attempt_
 * <date>.txt`, `details`: the part before `_attempt_` -> the file's text) decide: the candidate whose
 * username or assignment name they hold as a whole word in the most files, the longer username on a
 * tie. Without a details file that names either, the shared name stands.
 */
function blackboardStem(befores: string[], details?: ReadonlyMap<string, string>): { stem: string; open: boolean } {
  const first = befores[0]!;
  const shared = new Set(befores).size > 1 ? commonStem(befores) : first.slice(0, Math.max(0, first.lastIndexOf('_')));
  const cands: string[] = [];
  for (let c = shared; c; c = c.includes('_') ? c.slice(0, c.lastIndexOf('_')) : '') cands.push(c);
  if (cands.length <= 1) return { stem: shared, open: false };
  if (!details) return { stem: shared, open: true };
  let best = { stem: shared, votes: 0 };
  for (const c of cands) {
    let votes = 0;
    for (const [before, text] of details) if (before.startsWith(`${c}_`) && (holdsWord(text, before.slice(c.length + 1)) || holdsWord(text, c))) votes++;
    if (votes > 0 && votes >= best.votes) best = { stem: c, votes };
  }
  return { stem: best.stem, open: best.votes === 0 };
}

interface Layout {
  lms: string;
  pattern: RegExp;
  dirs: boolean;
  /** The group holding the file name, which a file's entry must have and a folder's must not (Brightspace). */
  fileGroup?: number;
  /**
   * What all the names have in common that `learner` needs (Blackboard's assignment name), and
   * whether it is still open: other readings exist, which Blackboard's details files could settle.
   */
  prepare: (ms: RegExpExecArray[], details?: ReadonlyMap<string, string>) => { ctx: string; open?: boolean };
  learner: (m: RegExpExecArray, ctx: string) => string;
  file: (m: RegExpExecArray) => string;
  who: (m: RegExpExecArray, ctx: string) => string;
  /** The attempt an entry is of, as a key that sorts by time (Blackboard's date), when the download can hold several. */
  attempt?: (m: RegExpExecArray) => string;
  /** That attempt in words, after a file's name ("hw.py of attempt …"): files of one name in several attempts are told apart so. */
  attemptWords?: (m: RegExpExecArray) => string;
}

/**
 * A Brightspace (D2L) entry: `<id>-<id> - <First Last> - <date> - <file>` for a file, the same
 * without ` - <file>` for a submission's folder. The date is written in the course's locale
 * (`Mar 29, 2018 1205 PM`, `12 March, 2019 1205 PM`): it is found by its shape, a day, a month
 * name, a year and a time, and the name is what precedes the first ` - ` followed by one.
 */
/**
 * A Brightspace download's date as a key that sorts by time (`2026-03-29 12:10`), for a learner's
 * several submissions: English month names (`Mar 29, 2026 1210 PM`, `29 March, 2026 1210 PM`,
 * 12- or 24-hour time). Another locale's month names give none, and the files are ranked as before.
 */
export function brightspaceDateKey(date: string): string | undefined {
  const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
  const m = /^(?:(\p{L}+)\.? (\d{1,2})|(\d{1,2})\.? (\p{L}+)\.?),? (\d{4}),? (\d{1,2}):?(\d{2})(?: ?([AaPp])\.?[Mm]\.?)?$/u.exec(date.trim());
  if (!m) return undefined;
  const name = (m[1] ?? m[4]!).toLowerCase();
  const month = name.length >= 3 ? MONTHS.findIndex((full) => full.startsWith(name)) : -1;
  if (month < 0) return undefined;
  const day = Number(m[2] ?? m[3]);
  let hour = Number(m[6]);
  const minute = Number(m[7]);
  if (m[8]) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (m[8].toLowerCase() === 'p' ? 12 : 0);
  }
  if (day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${m[5]}-${two(month + 1)}-${two(day)} ${two(hour)}:${two(minute)}`;
}

/**
 * `<id>-<id> - <name> - <date>[ - <file>]`. Older D2L downloads (and tools written for them, such as
 * d2lmf, which splits `<id> - <name> - Sep 29, 2015 4:17 PM`) give the submission one number.
 */
const BRIGHTSPACE = /^(?=.*$)(\d+)(?:-(\d+))? - (.+?) - ((?:\p{L}+\.? \d{1,2}|\d{1,2}\.? \p{L}+\.?),? \d{4},? \d{1,4}(?::\d{2})?(?: ?[AaPp]\.?[Mm]\.?)?)(?: - (.+))?$/u;

/**
 * A Blackboard entry: `<assignment>_<username>_attempt_<date>[_<file>]` (`.txt` for the attempt's
 * details). Lazy, as Moodle's: the file name after the date is the learner's and may hold
 * `_attempt_<date>` of its own.
 */
const BLACKBOARD = /^(?=.*$)(.+?)_attempt_(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_?(.*)$/;

/**
 * A Canvas entry of an assignment with anonymous grading: `[LATE_]anon_<anonymous id>_<attachment
 * id>_<file>` (the anonymous id as export lms knows it: CANVAS_ANONYMOUS_ID).
 */
const CANVAS_ANON = new RegExp(`^(?=.*$)(?:LATE_)?anon_(${CANVAS_ANONYMOUS_ID})_(\\d+)_(.+)$`);

/*
 * Every layout's pattern opens with `(?=.*$)`: the name is one line (no \n, \r, U+2028 or U+2029),
 * which each pattern needed anyway (`.` and its other parts match none of them), read once. Without
 * it a name with a line break after many would-be starts was tried from each of them to the break:
 * quadratic in one entry's name (red team 36: a 64 KB zip entry `x_1_1_1…_1\u2028.py` held the
 * grader's thread 9 s in Canvas's pattern, one `1 - a - Jan 1, 2024 1 - …` 12 s in Brightspace's,
 * every pattern being tried on every entry, before any learner was graded).
 */
const LMS_LAYOUTS: Layout[] = [
  // First: its names are the most specific (a Canvas-like `_1_2_` may be in a file name here).
  {
    // Brightspace's download names the learner only by their name (the ids are the submission's):
    // `export lms` matches it on the grades export's first and last names (--match).
    lms: 'Brightspace',
    pattern: BRIGHTSPACE,
    dirs: true,
    fileGroup: 5,
    prepare: () => ({ ctx: '' }),
    learner: (m) => m[3]!.trim(),
    file: (m) => m[5] ?? '',
    who: (m) => `Brightspace submission ${m[2] === undefined ? m[1] : `${m[1]}-${m[2]}`} of ${m[3]!.trim()}, ${m[4]}`,
    // The download holds every submission of a learner; the latest is the one they meant.
    attempt: (m) => brightspaceDateKey(m[4]!) ?? '',
    // Brightspace speaks of submissions, not attempts, and dates them as the course's locale does.
    attemptWords: (m) => `the submission of ${m[4]}`,
  },
  {
    // Canvas with anonymous grading (content_zipper.rb: no name, `anon_<anonymous id>` for the user
    // id, `LATE_` before it): before ordinary Canvas, which read `anon_12345_678_hw.py` as user 12345
    // and `anon_Ab3xZ_678_2024_hw.py` as user 678. No gradebook export holds the anonymous id.
    lms: 'Canvas anonymous',
    pattern: CANVAS_ANON,
    dirs: false,
    prepare: () => ({ ctx: '' }),
    learner: (m) => `anon_${m[1]}`,
    file: (m) => m[3]!,
    who: (m) => `Canvas anonymous submission anon_${m[1]}${m[0].startsWith('LATE_') ? ', late' : ''}`,
  },
  { lms: 'Canvas', pattern: /^(?=.*$).+?_(?:LATE_)?(\d+)_(\d+)_(.+)$/, dirs: false, prepare: () => ({ ctx: '' }), learner: (m) => m[1]!, file: (m) => m[3]!, who: (m) => `Canvas user ${m[1]}` },
  {
    lms: 'Moodle',
    // Lazy: the learner's own file name follows the prefix and may spell one of its own
    // (`x_777_assignsubmission_file_.ipynb`), which a greedy match took for Moodle's, grading that
    // file as participant 777's. Moodle writes a name's underscores as spaces, so the first is its own.
    pattern: /^(?=.*$)(.+?)_(\d+)_assign(?:submission|feedback)_[a-z]+_(.*)$/,
    dirs: true,
    prepare: () => ({ ctx: '' }),
    learner: (m) => `Participant ${m[2]}`,
    file: (m) => m[3]!,
    who: (m) => `Moodle participant ${m[2]}: ${m[1]}`,
  },
  {
    // Usernames in any letter case are one account (learnerKey, as for every layout but
    // Brightspace's): Blackboard Learn stores them in lowercase (help.blackboard.com, Create Users).
    // `<assignment>_<username>_attempt_<date>`: `_attempt_` ends the username; both it and the
    // assignment name may hold underscores, so where the username starts is blackboardStem's to say.
    lms: 'Blackboard',
    pattern: BLACKBOARD,
    dirs: false,
    prepare: (ms, details) => {
      const { stem, open } = blackboardStem(ms.map((m) => m[1]!), details);
      return { ctx: stem, open };
    },
    learner: (m, stem) => (stem && m[1]!.startsWith(`${stem}_`) ? m[1]!.slice(stem.length + 1) : m[1]!),
    file: (m) => m[3]!,
    who: (m, stem) => `Blackboard user ${stem && m[1]!.startsWith(`${stem}_`) ? m[1]!.slice(stem.length + 1) : m[1]!}, attempt ${m[2]}`,
    // "All attempt files" gives every attempt; the Grade Center grades the last one by default.
    attempt: (m) => m[2]!,
    attemptWords: (m) => `attempt ${m[2]}`,
  },
];

/**
 * The downloads grade reads by their names (LMS_LAYOUTS, one name per LMS: Canvas's anonymous
 * grading is Canvas's), then Gradescope's export (submission_metadata.yml), for grade's --help.
 */
export const DOWNLOAD_LAYOUTS: readonly string[] = [...new Set(LMS_LAYOUTS.map((l) => l.lms.replace(/ anonymous$/, ''))), 'Gradescope'];

/**
 * Every way to read a Canvas entry name as `<name>_[LATE_]<user id>_<attachment id>_<file>`: Canvas
 * writes its name part with `_<digits>_` rewritten as `-<digits>-`, so a name part never holds one,
 * but a name that ends in `_<digits>` ("john_99", where learners may edit their names) runs into the
 * user id, and `john_99_12345_678_hw.py` reads both as user 99 and as user 12345. Earliest first.
 */
export interface CanvasReading {
  /** The user id. */
  id: string;
  /** The attachment id Canvas puts after it. */
  att: string;
  file: string;
  /** The name part before `_[LATE_]<user id>`. */
  prefix: string;
}

export function canvasReadings(name: string): CanvasReading[] {
  // A name part never holds `_<digits>_`, so a reading starts before the end of the name's first
  // one: at that `_<digits>_` itself, at its closing `_`, or 5 before it when `_LATE_` leads there.
  // Only those places are tried. Trying every `_` with the whole pattern (its file part runs to the
  // end of the name) was quadratic in one entry's name: a 64 KB zip entry named `x_1_1_1…_f.py`
  // took 4 s of the grader's thread (red team 35).
  const first = /_\d+_/.exec(name);
  if (!first) return [];
  const end = first.index + first[0].length;
  const at = /_(?:LATE_)?(\d+)_(\d+)_(.+)$/y;
  const out: CanvasReading[] = [];
  for (const i of new Set([first.index - 5, first.index, end - 1])) {
    if (i < 1) continue;
    at.lastIndex = i;
    const m = at.exec(name);
    if (!m) continue;
    const prefix = name.slice(0, i);
    // `_LATE_` is Canvas's own, not the end of a name: `x_LATE_99_1_f.py` is user 99 once, not twice.
    if (!prefix.endsWith('_LATE')) out.push({ id: m[1]!, att: m[2]!, file: m[3]!, prefix });
  }
  return out;
}

/**
 * What the readings of a download's entries that read one way only say of Canvas's ids there
 * (canvasMayRead), gathered once: each user id's name parts, the attachment ids, and their
 * shortest and longest lengths. Weighing each doubtful entry against every settled one was
 * quadratic: a MOOC's download of tens of thousands of attachments, mostly doubtful, took minutes.
 */
export interface CanvasSettled {
  /** user id -> the name parts read before it */
  prefixes: Map<string, Set<string>>;
  atts: Set<string>;
  /** The shortest and longest attachment id, in digits (Infinity and -Infinity when none). */
  minAtt: number;
  maxAtt: number;
}

export function canvasSettled(settled: Iterable<CanvasReading>): CanvasSettled {
  const out: CanvasSettled = { prefixes: new Map(), atts: new Set(), minAtt: Infinity, maxAtt: -Infinity };
  for (const { id, att, prefix } of settled) {
    const ps = out.prefixes.get(id);
    if (ps) ps.add(prefix);
    else out.prefixes.set(id, new Set([prefix]));
    out.atts.add(att);
    out.minAtt = Math.min(out.minAtt, att.length);
    out.maxAtt = Math.max(out.maxAtt, att.length);
  }
  return out;
}

/**
 * Whether `r`, an entry's next reading (canvasReadings), can be Canvas's own given `settled`, the
 * readings of the download's entries that read one way only (canvasSettled). Canvas writes its ids as integers (no
 * leading zero); a user has one name in a download; an attachment id is one file's; and a
 * download's attachment ids are of one sequence over the weeks learners upload, so of a similar
 * size: an attachment id more than a digit shorter or longer than all the others is a learner's
 * own file name (`2024_hw.py`, `01_loss.ipynb`), not Canvas's. The reading a red-team learner
 * named "john_99" makes (user 555, attachment 7001) is Canvas's, and passes all of these.
 */
export function canvasMayRead(r: CanvasReading, settled: CanvasSettled): boolean {
  if (/^0/.test(r.id) || /^0/.test(r.att)) return false;
  const ps = settled.prefixes.get(r.id);
  // Another name part read before this user id (one that is not r's own).
  if (ps && (ps.size > 1 || !ps.has(r.prefix))) return false;
  if (settled.atts.has(r.att)) return false;
  if (settled.atts.size === 0) return true;
  return r.att.length >= settled.minAtt - 1 && r.att.length <= settled.maxAtt + 1;
}

/**
 * Which reading of each Canvas entry stands (entry name -> its user id and file), where the
 * earliest would not: one user id read from entries of two name parts is one learner's name running
 * into the id (canvasReadings). That learner's entries all have a next reading (the id after theirs);
 * when the entries of exactly one of those name parts do, they are read at it. A red-team learner
 * named "john_99" had their file graded as user 99's, over user 99's own. When several name parts'
 * entries could be read on (user 99's own file named `2024_hw.py`), nothing tells which: they stay.
 */
function canvasOverrides(names: string[]): Map<string, { id: string; file: string }> {
  const readings = new Map(names.map((n) => [n, canvasReadings(n)] as const));
  // user id (first reading) -> name part -> that name part's entries
  const byId = new Map<string, Map<string, string[]>>();
  for (const [n, rs] of readings) {
    if (!rs[0]) continue;
    const parts = byId.get(rs[0].id) ?? new Map<string, string[]>();
    const entries = parts.get(rs[0].prefix);
    if (entries) entries.push(n);
    else parts.set(rs[0].prefix, [n]);
    byId.set(rs[0].id, parts);
  }
  const out = new Map<string, { id: string; file: string }>();
  for (const parts of byId.values()) {
    if (parts.size < 2) continue;
    const runOn = [...parts.values()].filter((entries) => entries.every((n) => readings.get(n)!.length > 1));
    if (runOn.length !== 1) continue;
    for (const n of runOn[0]!) out.set(n, { id: readings.get(n)![1]!.id, file: readings.get(n)![1]!.file });
  }
  return out;
}

export interface LmsLayout {
  /** LMS learner id -> their entries. */
  learners: Map<string, LmsEntry[]>;
  /** The learner an entry name belongs to, or null. */
  ownerOf: (name: string) => string | null;
  /** How the gradebook's note names the learner ("Canvas user 12345"). */
  who: (name: string) => string;
  /** The attempt an entry is of (a key that sorts by time), for downloads that hold several (Blackboard). */
  attempt: (name: string) => string | undefined;
  /** That attempt in words ("attempt 2026-11-03-11-00-00", "the submission of Mar 29, 2026 1210 PM"). */
  attemptWords: (name: string) => string | undefined;
  /** Why the learner an entry name was read as may be someone else (BatchItem.doubt), or undefined. */
  doubt: (name: string) => string | undefined;
  /** Blackboard's details files could tell where usernames start (blackboardStem): `details` lists them. */
  open?: boolean;
  /** Ids that differ only in letter case are different learners here (BatchItem.caseKept). */
  caseKept?: boolean;
}

/** Blackboard's details files among `slots` (`…_attempt_<date>.txt`), to settle where usernames start. */
export function blackboardDetails(slots: ReadonlyArray<{ name: string; kind: string }>): string[] {
  return slots.filter((s) => s.kind === 'file' && BLACKBOARD.test(s.name) && BLACKBOARD.exec(s.name)![3]!.toLowerCase() === '.txt').map((s) => s.name);
}

/**
 * The LMS download layout `slots` are in, or null when they are not all named so. `details`:
 * Blackboard's details files' texts by file name (blackboardDetails), when `open` asked for them.
 */
export function lmsLayout(slots: ReadonlyArray<{ name: string; kind: string }>, details?: ReadonlyMap<string, string>): LmsLayout | null {
  const gradedFile = (s: { name: string; kind: string }) => s.kind === 'file' && (SUBMISSION_EXTS.has(extname(s.name).toLowerCase()) || extname(s.name).toLowerCase() === '.zip');
  const graded = slots.filter((s) => s.kind === 'dir' || gradedFile(s));
  if (graded.length === 0) return null;
  for (const L of LMS_LAYOUTS) {
    if (!L.dirs && graded.some((s) => s.kind === 'dir')) continue;
    const ms = graded.map((s) => {
      const m = L.pattern.exec(s.name);
      return m && (L.fileGroup === undefined || (s.kind === 'dir') === (m[L.fileGroup] === undefined)) ? m : null;
    });
    if (ms.some((m) => m === null)) continue;
    const byBefore = details && new Map([...details].flatMap(([name, text]) => { const m = L.pattern.exec(name); return m ? [[m[1]!, text] as const] : []; }));
    const { ctx, open } = L.prepare(ms as RegExpExecArray[], byBefore);
    // Read over every entry: a learner's other uploads (a .docx) are read as their graded entries are.
    const overrides = L.lms === 'Canvas' ? canvasOverrides(slots.map((s) => s.name)) : new Map<string, { id: string; file: string }>();
    // What the entries that read one way only say of Canvas's ids here, to weigh another reading (canvasMayRead).
    const settled = canvasSettled(L.lms === 'Canvas' ? slots.map((s) => canvasReadings(s.name)).filter((rs) => rs.length === 1).map((rs) => rs[0]!) : []);
    const idOf = (name: string, m: RegExpExecArray) => overrides.get(name)?.id ?? L.learner(m, ctx);
    // Ids that name one learner (sameLearner: letter case, Unicode form) are one learner's entries,
    // under one spelling (NFC first, then the first in code-point order), as one id's are. Brightspace
    // names its learners by their accounts' names, written alike in each of one learner's folders
    // but for Unicode form (an NFD "José" from a zip made again on macOS): there letter case tells
    // two accounts apart (caseKeptKey), and "Jane Doe" and "jane doe" were graded as one learner.
    const caseKept = L.lms === 'Brightspace';
    const idKey = caseKept ? caseKeptKey : learnerKey;
    const spelling = new Map<string, string>();
    const nfcFirst = (a: string, b: string) => Number(a !== a.normalize('NFC')) - Number(b !== b.normalize('NFC')) || (a < b ? -1 : a > b ? 1 : 0);
    for (const id of graded.map((s, i) => idOf(s.name, ms[i]!)).sort(nfcFirst)) if (!spelling.has(idKey(id))) spelling.set(idKey(id), id);
    // Canvas's anonymous ids are base58, where case tells ids apart (`anon_Ab3xZ` is not `anon_ab3xZ`):
    // never merged, so two such learners are an error row (withoutClashes), not one learner's files.
    const canonical = (id: string) => (L.lms === 'Canvas anonymous' ? id : (spelling.get(idKey(id)) ?? id));
    const learners = new Map<string, LmsEntry[]>();
    graded.forEach((s, i) => {
      const m = ms[i]!;
      const id = canonical(idOf(s.name, m));
      const entry = { name: s.name, file: overrides.get(s.name)?.file ?? L.file(m), dir: s.kind === 'dir' };
      const entries = learners.get(id);
      if (entries) entries.push(entry);
      else learners.set(id, [entry]);
    });
    return {
      learners,
      ownerOf: (name) => {
        const m = L.pattern.exec(name);
        return m ? canonical(overrides.get(name)?.id ?? L.learner(m, ctx)) : null;
      },
      who: (name) => {
        const m = L.pattern.exec(name);
        const over = overrides.get(name);
        return over ? `${L.lms} user ${over.id}` : m ? L.who(m, ctx) : L.lms;
      },
      attempt: (name) => {
        const m = L.pattern.exec(name);
        return m && L.attempt ? L.attempt(m) : undefined;
      },
      attemptWords: (name) => {
        const m = L.pattern.exec(name);
        return m && L.attemptWords ? L.attemptWords(m) : undefined;
      },
      doubt: (name) => {
        if (L.lms !== 'Canvas' || overrides.has(name)) return undefined;
        // A name part ending in `_<digits>` runs into the user id; no entry of the other user here
        // says which reading stands (canvasOverrides), so the earliest was taken. Said only when the
        // other reading can be Canvas's given the other entries (a file of the learner's own named
        // `01_loss.ipynb` or `2024_hw.py` made every such entry a doubt).
        const [first, next] = canvasReadings(name);
        if (!first || !next || !canvasMayRead(next, settled)) return undefined;
        return `${name} was graded as Canvas user ${first.id}, but it also reads as user ${next.id}'s (a learner whose Canvas name ends in "_${first.id}"); check in Canvas whose it is before the grades go anywhere`;
      },
      ...(open ? { open } : {}),
      ...(caseKept ? { caseKept } : {}),
    };
  }
  return null;
}

/** What a file that is neither regular nor a folder is, for its error row. It is never opened or followed. */
function specialKind(e: Pick<Dirent, 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'>): string {
  if (e.isSymbolicLink()) return 'a symlink';
  if (e.isFIFO()) return 'a FIFO';
  if (e.isSocket()) return 'a socket';
  if (e.isBlockDevice() || e.isCharacterDevice()) return 'a device';
  return 'of an unknown type';
}

const notRegular = (source: string, what: string) =>
  `${oneLine(source)} is not a regular file (${what}); wlgrade does not follow or open it: put the learner's file itself there.`;

/** A learner's entry that could not be extracted, as their row; the machine's error (a full or read-only scratch disk) is thrown, for ownBoundary to stop the batch. */
const cannotExtract = (source: string, e: unknown) => {
  if (isMachineError(e)) throw e;
  return `Cannot extract ${shownName(source)} (${oneLine(fsReason(e))}); unzip it yourself and pass the folder.`;
};

const twoEntries = (source: string, rel: string) =>
  `${oneLine(source)} holds more than one entry named ${oneLine(rel)}, so which one the learner meant is unclear; unzip the archive yourself, keep one, and pass the folder.`;

/** A zip's index as folders: the entries at each path, and the unsafe ones under the folder their name starts in. */
interface ZipNode {
  children: Map<string, ZipNode>;
  here: ZipEntry[];
  unsafe: ZipEntry[];
  /** An unsafe entry in this folder or below it. */
  slip?: ZipEntry;
}

function treeOf(entries: ZipEntry[]): ZipNode {
  const root: ZipNode = { children: new Map(), here: [], unsafe: [] };
  for (const e of entries) {
    let n = root;
    if (e.unsafe) root.slip ??= e;
    for (const s of e.path) {
      let c = n.children.get(s);
      if (!c) n.children.set(s, (c = { children: new Map(), here: [], unsafe: [] }));
      n = c;
      if (e.unsafe) n.slip ??= e;
    }
    (e.unsafe ? n.unsafe : n.here).push(e);
  }
  return root;
}

function slotsOf(n: ZipNode): Slot[] {
  return [...n.children].map(([name, c]): Slot => {
    if (c.children.size > 0 || c.unsafe.length > 0 || c.here.some((e) => e.kind === 'dir')) return { name, kind: 'dir' };
    const first = c.here[0]!;
    return first.kind === 'special' ? { name, kind: 'special', what: first.what! } : { name, kind: 'file' };
  });
}

/** The candidate files below `n` (isCandidatePath), by path relative to `n`; only as deep as a candidate can be. */
function candidatesBelow(n: ZipNode, at: string[] = [], out = new Map<string, ZipEntry[]>()): Map<string, ZipEntry[]> {
  for (const [name, c] of n.children) {
    const path = [...at, name];
    const files = c.here.filter((e) => e.kind === 'file');
    if (files.length > 0 && isCandidatePath(path)) out.set(path.join('/'), files);
    if (path.length <= MAX_DEPTH && !hidden(name)) candidatesBelow(c, path, out);
  }
  return out;
}

/** The first special entry (a symlink …) below `n` where a candidate could be, by path relative to `n`, or undefined. */
function specialBelow(n: ZipNode, at: string[] = []): { rel: string; what: string } | undefined {
  for (const [name, c] of [...n.children].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const path = [...at, name];
    const special = c.here.find((e) => e.kind === 'special');
    if (special && isCandidatePath(path)) return { rel: path.join('/'), what: special.what! };
    const deeper = path.length <= MAX_DEPTH && !hidden(name) ? specialBelow(c, path) : undefined;
    if (deeper) return deeper;
  }
  return undefined;
}

/** The files below `n` that are no candidate, as pickSubmissionFile's walk records them on disk (sorted, as deep, no hidden entry). */
function othersBelow(n: ZipNode, at: string[] = [], others: OtherFiles = { names: [], count: 0 }): OtherFiles {
  for (const [name, c] of [...n.children].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (hidden(name)) continue;
    const path = [...at, name];
    if (c.here.some((e) => e.kind === 'file') && !isCandidatePath(path)) noteOther(others, path.join('/'));
    if (path.length <= MAX_DEPTH) othersBelow(c, path, others);
  }
  return others;
}

/**
 * Why a learner's folder or archive (`source`) yields no file: none is there (naming the first
 * few files it does hold, so staff see at once whether it was an essay or a zip), or the
 * learner's .py/.ipynb is a symlink or other special entry, which is never followed or graded.
 */
const noSubmission = (source: string, special?: { rel: string; what: string }, others?: OtherFiles) =>
  special
    ? `${oneLine(source)} holds ${oneLine(special.rel)} as ${special.what}, not as a file, and wlgrade never follows or grades ${special.what === 'a symlink' ? 'links' : 'such entries'}: the learner must hand in the file itself.`
    : others && others.count > 0
      ? `${oneLine(source)} holds ${heldFiles(others)}, but no .py or .ipynb file${others.zip === undefined ? '' : ` (a .zip inside a learner's folder is not opened: unzip ${oneLine(others.zip)} and grade again)`}; the learner must hand in their notebook or Python file.`
      : `${oneLine(source)} holds no .py or .ipynb file; the learner must hand in their notebook or Python file.`;

/** Paths in the order a sorted depth-first walk meets them. */
function byPath(a: string, b: string): number {
  const [x, y] = [a.split('/'), b.split('/')];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/** Entries holdsGradable reads at most (a MOOC's results/ holds one per learner): past them a folder is taken to hold something to grade. */
const OWN_OUTPUT_ENTRIES = 1_000_000;

/**
 * Whether the folder `dir` holds, where a learner's file is looked for (pick.ts: at most MAX_DEPTH
 * folders down, no hidden entry or SKIPPED_DIRS on the way), a file the batch would grade or open
 * (.py, .ipynb, .zip; links and other entries of such a name too). wlgrade's output
 * (results/*.json, grades.csv, summary.json, batch-state.json, and the hidden scratch folder
 * zips are unpacked to while a batch runs) never does. Links are not followed; a folder too large
 * to read through is taken to hold one.
 */
export async function holdsGradable(dir: string): Promise<boolean> {
  let seen = 0;
  const walk = async (at: string, depth: number): Promise<boolean> => {
    const entries = (await readdir(at, { withFileTypes: true }).catch(() => [])).filter((e) => !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name));
    seen += entries.length;
    if (seen > OWN_OUTPUT_ENTRIES) return true;
    for (const e of entries) {
      const ext = extname(e.name).toLowerCase();
      if (SUBMISSION_EXTS.has(ext) || ext === '.zip') return true;
    }
    if (depth >= MAX_DEPTH) return false;
    for (const e of entries) if (e.isDirectory() && (await walk(join(at, e.name), depth + 1))) return true;
    return false;
  };
  return walk(dir, 0);
}

/**
 * The gradebook's `source` for `p` inside the export `root` given on the command line: the
 * export's own name and the path in it, '/'-separated ('subs/erin/deep/hw.ipynb'). A filesystem
 * root ('/', 'C:\\') has no name: it is written as its path, no separator doubled ('/alice.py',
 * 'C:/alice.py', never '//alice.py'). `path` is node:path's, or win32's in tests.
 */
export function sourceName(root: string, p: string, path: PlatformPath = nodePath): string {
  const rest = path.relative(root, p).split(path.sep).filter(Boolean);
  const top = path.basename(root);
  if (top) return [top, ...rest].join('/');
  return `${path.parse(root).root.replace(/[\\/]+$/, '')}/${rest.join('/')}`;
}

/**
 * A source as a gradebook records it, for one written before sourceName: no '/' doubled. merge
 * reads shards graded by older builds ('//alice.py' when grade ran in '/').
 */
export const normalSource = (source: string): string => source.replace(/\/{2,}/g, '/');

export async function discoverSubmissions(paths: string[], opts: DiscoverOptions): Promise<BatchItem[]> {
  try {
    return await discoverAll(paths, opts);
  } catch (e) {
    // The machine's error outside any learner's boundary (the export's own zip, the scratch folder).
    if (isMachineError(e)) throw machineStop(e, `reading ${paths.map(oneLine).join(', ')}`);
    throw e;
  }
}

async function discoverAll(paths: string[], opts: DiscoverOptions): Promise<BatchItem[]> {
  const cwd = opts.cwd ?? process.cwd();
  const limits: ZipLimits = { ...ZIP_LIMITS, ...opts.limits };
  // One budget for everything the batch unpacks, so learners' archives together cannot fill the disk.
  const budget = await UnpackBudget.forDisk(opts.scratch, limits);
  const items: BatchItem[] = [];
  let zips = 0;
  const scratchDir = () => mkdtemp(join(opts.scratch, `zip${zips++}-`));
  // Sources name the export (the folder, zip or file given) by its own name and what is inside it
  // by its path there, not by the path given: shards of one batch graded on machines that give the
  // export as ./a/export.zip and /srv/export.zip record the same gradebook (merge).
  let root = cwd;
  const show = (p: string) => sourceName(root, p);

  const fromFolder = async (learner: string, dir: string): Promise<BatchItem> => {
    const source = show(dir);
    let picked;
    const specials: Array<{ rel: string; what: string }> = [];
    const others: OtherFiles = { names: [], count: 0 };
    try {
      picked = await pickSubmissionFile(dir, specials, others);
    } catch (err) {
      // A bug (not a file system error nor a GraderError) goes to the learner's boundary: its stack
      // to onBug and "please report it" (review 35: "export/submission_12: boom." told neither).
      if (!(err instanceof GraderError) && typeof (err as NodeJS.ErrnoException | undefined)?.errno !== 'number') throw err; // Node's ERR_* (a TypeError with a code) is a bug too
      if (isMachineError(err)) throw err; // the machine's (EMFILE, EIO): the boundary stops the batch
      // One learner's unreadable folder is that learner's error row, not the end of the batch.
      const why = err instanceof GraderError ? err.message : ((err as NodeJS.ErrnoException).code ?? String(err));
      return { learner, source, error: undecodedName(oneLine(source), err) ?? `${oneLine(source)}: ${oneLine(why)}.` };
    }
    if (!picked) return { learner, source, error: noSubmission(source, specials[0], others), ...(specials.length === 0 ? { noCode: true as const } : {}) };
    const item: BatchItem = { learner, source: show(picked.file), file: picked.file, displayName: basename(picked.file), ownFolder: true };
    if (picked.note) item.note = picked.note;
    if (picked.learnerNote) item.learnerNote = picked.learnerNote;
    return item;
  };

  /**
   * Writes one file of a zip to `dest` (at its path in the archive), within the size limit and the
   * budget. `shown` is the file's name as the learner gave it (an LMS download's entry names the
   * learner and the date too): the size row names the file as run-batch names one on disk.
   */
  const unpackFile = async (zip: ZipArchive, entry: ZipEntry, dest: string, learner: string, source: string, shown?: string): Promise<BatchItem> => {
    const name = entry.path[entry.path.length - 1]!;
    const tooLarge = sizeProblem(shown ?? name, name, entry.size);
    if (tooLarge) return { learner, source, error: tooLarge, problem: 'FILE_TOO_LARGE' };
    if (!budget.take(entry.size)) return { learner, source, error: budget.refusal(source, entry.size) };
    const file = join(dest, ...entry.path);
    try {
      await zip.extract(entry, dest, file);
    } catch (err) {
      budget.give(entry.size);
      return { learner, source, error: cannotExtract(source, err) };
    }
    return { learner, source, file, displayName: name, unpacked: true };
  };

  /**
   * A learner folder inside a zip (`node`; `source` names it): the file pickSubmissionFile would
   * pick, found from the index and the first bytes of each candidate, and only that file unpacked.
   */
  const pickInZip = async (zip: ZipArchive, node: ZipNode, learner: string, source: string, label: (rel: string) => string, dest: string, shownZip = zip.display): Promise<BatchItem> => {
    const fail = (error: string): BatchItem => ({ learner, source, error });
    // Named by the row's source, as its other errors are ('export.zip:bob contains the entry
    // "export/bob/../../x.py"'): the learner's part of the export, and the entry as the archive
    // holds it, for zip -d. The path given is the batch's (merge compares shards' rows).
    if (node.slip) return fail(zipSlipMessage(source, node.slip.name));
    if (node.here.some((e) => e.kind !== 'dir')) return fail(twoEntries(shownZip, node.here[0]!.path.join('/')));
    const cands = candidatesBelow(node);
    if (cands.size === 0) {
      const special = specialBelow(node);
      return { ...fail(noSubmission(source, special, othersBelow(node))), ...(special ? {} : { noCode: true as const }) };
    }
    const dup = [...cands].find(([, es]) => es.length > 1);
    if (dup) return fail(twoEntries(source, dup[0]));
    const ranked: Candidate[] = [];
    const past = pastHeads();
    try {
      for (const rel of [...cands.keys()].sort(byPath).slice(0, MAX_FILES)) {
        const entry = cands.get(rel)![0]!;
        ranked.push({ ...candidateOf(rel, await rankedOnce(zip, entry, rel, past)), size: entry.size });
      }
    } catch (err) {
      return fail(cannotExtract(source, err));
    }
    const { best, note, learnerNote } = choose(ranked);
    const item = await unpackFile(zip, cands.get(best.rel)![0]!, dest, learner, label(best.rel));
    if (item.file !== undefined && !item.error) {
      await unpackSiblings(zip, cands, best.rel, dest, item.file);
      item.ownFolder = true;
    }
    if (note && !item.error) item.note = note;
    if (learnerNote && !item.error) item.learnerNote = learnerNote;
    return item;
  };

  /**
   * The learner's modules beside their file in a zip (`rel`, unpacked to `file`) that it imports,
   * directly or through one of them (siblings.ts's rule), unpacked beside it within the budget, so
   * the batch reads them as from a folder on disk. One that does not unpack is left out: the
   * import then fails as for a file not handed in.
   */
  const unpackSiblings = async (zip: ZipArchive, cands: Map<string, ZipEntry[]>, rel: string, dest: string, file: string): Promise<void> => {
    const at = rel.slice(0, rel.lastIndexOf('/') + 1);
    // Most learners' zips hold one .py beside the graded file (or in a package folder under it) or none: then nothing can be imported, and the file is not read again.
    const candidate = (k: string) => k !== rel && k.startsWith(at) && k.endsWith('.py') && moduleOf(k.slice(at.length).split('/')[0]!.replace(/(\.py)?$/, '.py')) !== undefined;
    if (![...cands.keys()].some(candidate)) return;
    let left = MAX_SIBLING_BYTES;
    // The folders under the file's that hold a module (data/ of data/loader.py): one without
    // __init__.py imported by itself (`import data`) is a namespace package, made on disk for siblingsOf.
    const folders = new Set<string>();
    for (const k of cands.keys()) {
      if (!candidate(k)) continue;
      const parts = k.slice(at.length).split('/');
      for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    }
    // Only names of a file in the zip are queued (a helper of 200,000 `import` names: red team 34).
    const has = (module: string) => [`${at}${module.replaceAll('.', '/')}/__init__.py`, `${at}${module.replaceAll('.', '/')}.py`].some((k) => cands.has(k)) || folders.has(module.replaceAll('.', '/'));
    await walkImports(file, has, async (module) => {
      // As Python finds it: a package's __init__.py (pkg/, pkg/sub/), else a module's .py (siblings.ts siblingsOf).
      if (moduleOf(`${module.split('.')[0]}.py`) === undefined) return undefined;
      const path = module.replaceAll('.', '/');
      const key = [`${at}${path}/__init__.py`, `${at}${path}.py`].find((k) => cands.has(k) && k !== rel);
      if (key === undefined && folders.has(path)) {
        // Else a folder: made beside the file, empty (its modules the file imports are unpacked into it).
        await makeDirs(join(dirname(file), ...path.split('/'))).catch(() => undefined);
        return null;
      }
      const entry = key === undefined ? undefined : cands.get(key)?.[0];
      if (entry === undefined || entry.size > left || !budget.take(entry.size)) return undefined;
      left -= entry.size;
      const out = join(dest, ...entry.path);
      try {
        await zip.extract(entry, dest, out);
        return out;
      } catch {
        budget.give(entry.size);
        return null;
      }
    });
  };

  /**
   * The learner's modules that `file` imports, directly or through one another (siblings.ts's
   * rule), each once, at most MAX_SIBLINGS: `take(module)` gives the file it put a module of the
   * learner's at, null for one it tried and could not, or undefined for none of theirs. Only names
   * `has` (a file of that name is there) are queued: a helper of 200,000 `import` names ended the
   * whole batch (`queue.push(...names)`: RangeError, red team 34), and each was awaited in turn.
   */
  const walkImports = async (file: string, has: (module: string) => boolean, take: (module: string) => Promise<string | null | undefined>): Promise<void> => {
    const queue = [...importedModules(decodeText(await readFile(file).catch(() => Buffer.alloc(0))))].filter(has);
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < MAX_SIBLINGS) {
      const module = queue.shift()!;
      if (seen.has(module)) continue;
      const got = await take(module);
      if (got === undefined) continue;
      seen.add(module);
      if (got === null) continue;
      const pkg = packageOf(module, basename(got) === '__init__.py');
      for (const name of importedModules(decodeText(await readFile(got).catch(() => Buffer.alloc(0))), pkg)) if (has(name) && !seen.has(name)) queue.push(name);
    }
  };

  /** A learner's own archive (alice.zip): the whole archive is their folder. */
  const fromLearnerZip = async (learner: string, zipPath: string, source: string): Promise<BatchItem> => {
    let zip: ZipArchive;
    try {
      zip = await ZipArchive.open(zipPath, source, limits);
    } catch (err) {
      // One learner's bad archive is that learner's error row, not the end of the batch.
      if (err instanceof GraderError) return { learner, source, error: err.message };
      throw err;
    }
    try {
      return await pickInZip(zip, treeOf(zip.entries), learner, source, (rel) => `${source}:${rel}`, await scratchDir());
    } finally {
      zip.close();
    }
  };

  // A batch's own output folder in the folder it grades (grade . --out results, or an earlier
  // run's --out beside the learners) is no learner: it was an error row "results holds no .py or
  // .ipynb file" in the gradebook. It is known by being --out, or by wlgrade's batch-state.json,
  // and by holding nothing to grade: a learner's upload may hold a batch-state.json too (any name
  // is the learner's to choose), and such a learner was left out of the batch without a row.
  const ownOutput = async (dir: string, e: Dirent): Promise<boolean> => {
    if (!e.isDirectory()) return false;
    const path = join(dir, e.name);
    const named = opts.out !== undefined && resolve(path) === resolve(opts.out);
    if (!named && !(await stat(join(path, STATE_FILE)).then((st) => st.isFile(), () => false))) return false;
    return !(await holdsGradable(path));
  };

  const diskContainer = async (dir: string): Promise<Container> => {
    const at = (name: string) => join(dir, name);
    const entries = await readdir(dir, { withFileTypes: true });
    const own = await Promise.all(entries.map((e) => ownOutput(dir, e)));
    return {
      // Dirents are lstat's view: a symlink is a symlink, never what it points to.
      slots: entries.filter((_, k) => !own[k]).map((e) =>
        e.isDirectory() ? { name: e.name, kind: 'dir' } : e.isFile() ? { name: e.name, kind: 'file' } : { name: e.name, kind: 'special', what: specialKind(e) },
      ),
      label: (name) => show(at(name)),
      metadata: () => readFile(at(METADATA), 'utf8'),
      folder: (name) => fromFolder(name, at(name)),
      file: async (name, shown) => ({ learner: stem(name), source: show(at(name)), file: at(name), displayName: shown ?? name }),
      zip: (name) => fromLearnerZip(stem(name), at(name), show(at(name))),
      head: (name, past) => readHead(at(name), past),
      size: async (name) => (await stat(at(name))).size,
    };
  };

  /** An export zip given on the command line; a single wrapper folder at its root is stepped into. */
  const zipContainer = async (zip: ZipArchive, given: string, shown: string): Promise<Container> => {
    let root = treeOf(zip.entries);
    for (;;) {
      // A `..` entry outside every learner folder belongs to no one: the archive is refused.
      if (root.unsafe[0]) throw new GraderError('SUBMISSION_INVALID', zipSlipMessage(given, root.unsafe[0].name));
      const top = slotsOf(root).filter((s) => !hidden(s.name));
      if (top.length !== 1 || top[0]!.kind !== 'dir') break;
      root = root.children.get(top[0]!.name)!;
    }
    const dest = await scratchDir();
    const label = (rel: string) => `${shown}:${rel}`;
    const here = (name: string) => root.children.get(name)!.here;
    return {
      slots: slotsOf(root),
      label,
      metadata: async () => {
        const entry = here(METADATA)[0]!;
        let text: Buffer;
        try {
          text = await zip.head(entry, limits.maxMetadataBytes + 1);
        } catch (e) {
          throw unreadable(given, e);
        }
        if (text.length > limits.maxMetadataBytes) {
          throw new GraderError('SUBMISSION_INVALID', `${oneLine(label(METADATA))} is over ${formatSize(limits.maxMetadataBytes)}, more than any Gradescope metadata file; check the export, or unzip it and pass the folder.`);
        }
        return text.toString('utf8');
      },
      folder: (name) => pickInZip(zip, root.children.get(name)!, name, label(name), (rel) => label(`${name}/${rel}`), dest, shown),
      file: async (name, learnerName) => (here(name).length > 1 ? { learner: stem(name), source: label(name), error: twoEntries(shown, name) } : unpackFile(zip, here(name)[0]!, dest, stem(name), label(name), learnerName)),
      zip: async (name) => {
        const learner = stem(name);
        const source = label(name);
        const [entry, ...more] = here(name);
        if (more.length > 0) return { learner, source, error: twoEntries(shown, name) };
        // yauzl reads a zip from a file: the learner's is copied out, read, and removed.
        if (entry!.size > limits.maxLearnerZipBytes) {
          return { learner, source, error: `${oneLine(source)} is ${formatSize(entry!.size)}; wlgrade copies a learner's own .zip out of an export only up to ${formatSize(limits.maxLearnerZipBytes)}: unzip the export yourself and pass the folder.` };
        }
        if (!budget.take(entry!.size)) return { learner, source, error: budget.refusal(source, entry!.size) };
        const copy = join(dest, ...entry!.path);
        try {
          try {
            await zip.extract(entry!, dest, copy);
          } catch (err) {
            return { learner, source, error: cannotExtract(source, err) };
          }
          return await fromLearnerZip(learner, copy, source);
        } finally {
          await rm(copy, { force: true }).catch(() => undefined);
          budget.give(entry!.size);
        }
      },
      head: (name, past) => rankedOnce(zip, here(name)[0]!, name, past),
      size: async (name) => here(name)[0]!.size,
    };
  };

  /**
   * A learner with several folders in an LMS download (Brightspace: one per submission): each
   * folder's file, picked as in any folder, and the best of those by the same rule.
   */
  const fromFolders = async (c: Container, layout: LmsLayout, learner: string, dirs: LmsEntry[]): Promise<BatchItem> => {
    const items: Array<{ dir: LmsEntry; item: BatchItem }> = [];
    for (const dir of [...dirs].sort((a, b) => (a.name < b.name ? -1 : 1))) items.push({ dir, item: await c.folder(dir.name) });
    const cands: Array<{ cand: Candidate; dir: LmsEntry; item: BatchItem }> = [];
    // Each file as the notes name it: its path inside its submission's folder, and when another
    // folder's file has that path, which submission it is of ("hw.py of the submission of Mar 29,
    // 2026 1210 PM"), as the flat form's notes say; not the folder's name, which repeats the
    // learner's name and date the staff note starts with (staff 31).
    const inner = ({ dir, item }: { dir: LmsEntry; item: BatchItem }) => {
      const folder = `${c.label(dir.name)}/`;
      return item.source.startsWith(folder) ? item.source.slice(folder.length) : (item.displayName ?? basename(item.file!));
    };
    const ok = items.filter(({ item }) => item.error === undefined && item.file !== undefined);
    const shared = new Set(ok.map(inner).filter((rel, i, all) => all.indexOf(rel) !== i));
    const past = pastHeads();
    for (const x of ok) {
      const { dir, item } = x;
      try {
        const attempt = layout.attempt(dir.name);
        const cand = { ...candidateOf(`${dir.name}/${item.displayName ?? basename(item.file!)}`, await readHead(item.file!, past)), size: (await stat(item.file!)).size };
        const rel = inner(x);
        const words = shared.has(rel) ? layout.attemptWords(dir.name) : undefined;
        const shown = words ? `${rel} of ${words}` : shared.has(rel) ? cand.rel : rel;
        cands.push({ cand: { ...cand, shown, ...(shown !== rel ? { staffRel: rel } : {}), ...(attempt ? { attempt } : {}) }, dir, item });
      } catch {
        // a file that cannot be read is no candidate
      }
    }
    if (cands.length === 0) {
      const { dir, item } = items[0]!;
      return { ...item, learner, note: layout.who(dir.name) };
    }
    const chosen = choose(cands.map((x) => x.cand));
    const won = cands.find((x) => x.cand === chosen.best)!;
    const who = layout.who(won.dir.name);
    const note = [who, won.item.note, cands.length > 1 ? chosen.note : undefined].filter(Boolean).join('. ');
    const learnerNote = cands.length > 1 ? chosen.learnerNote : won.item.learnerNote;
    return { ...won.item, learner, note, ...(learnerNote ? { learnerNote } : {}) };
  };

  /**
   * The learner's other files of an LMS download's flat form that their graded file (`pick`, at
   * `file`) imports, directly or through one another, by the names the learner gave them
   * (siblings.ts's rule: Canvas's `smithjohn_12345_678902_utils.py` is their `utils.py`): each
   * module of the graded file's attempt when the download has attempts, else the last uploaded;
   * from a zip, those are unpacked (within the budget). run-batch reads them again as it grades.
   */
  const lmsSiblings = async (c: Container, layout: LmsLayout, pick: LmsEntry, code: LmsEntry[], file: string): Promise<{ files: Array<{ name: string; path: string }>; lost?: { module: string; file: string } }> => {
    const byModule = new Map<string, LmsEntry>();
    const attempt = layout.attempt(pick.name);
    for (const f of [...code].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const module = f === pick || !f.file ? undefined : moduleOf(f.file);
      if (module === undefined || f.file === pick.file) continue;
      if (attempt !== undefined && layout.attempt(f.name) !== attempt) continue;
      byModule.set(module, f);
    }
    if (byModule.size === 0) return { files: [] };
    const out: Array<{ name: string; path: string }> = [];
    await walkImports(file, (module) => byModule.has(module), async (module) => {
      const f = byModule.get(module);
      if (f === undefined) return undefined;
      const got = await c.file(f.name, f.file);
      if (got.file === undefined || got.error !== undefined) return null;
      out.push({ name: f.file, path: got.file });
      return got.file;
    });
    // `import pkg.utils` (or `from pkg.utils import f`) with the learner's utils.py uploaded alone:
    // their package folder pkg/, which an upload of files cannot carry (the LMS keeps no folders).
    const text = decodeText(await readFile(file).catch(() => Buffer.alloc(0)));
    for (const module of importedModules(text, undefined, false)) {
      const parts = module.split('.');
      if (parts.length < 2 || byModule.has(parts[0]!) || moduleOf(`${parts[0]}.py`) === undefined || STDLIB_PACKAGES.has(parts[0]!)) continue;
      const f = byModule.get(parts.at(-1)!);
      if (f !== undefined) return { files: out, lost: { module, file: f.file } };
    }
    return { files: out };
  };

  /** One learner of an LMS download: their folder, or their file, or the best of their files by the picking rule. */
  const fromLms = async (c: Container, layout: LmsLayout, learner: string, entries: LmsEntry[]): Promise<BatchItem> => {
    if (opts.wanted && !opts.wanted(learner)) return { learner, source: c.label(entries[0]!.name), skipped: true };
    // Moodle gives a learner a folder per submission plugin: the files one, not the online text.
    const dirs = entries.filter((e) => e.dir);
    const folder = dirs.find((e) => /_assignsubmission_file_$/.test(e.name)) ?? (dirs.length === 1 ? dirs[0] : undefined);
    if (!folder && dirs.length > 1) return fromFolders(c, layout, learner, dirs);
    if (folder) {
      const item = await c.folder(folder.name);
      const note = layout.who(folder.name);
      return { ...item, learner, note: item.note ? `${note}. ${item.note}` : note };
    }
    const code = entries.filter((f) => SUBMISSION_EXTS.has(extname(f.name).toLowerCase()));
    let pick = code[0] ?? entries[0]!;
    let picked: { note?: string; learnerNote?: string } = {};
    let ranked: Candidate[] = [];
    if (code.length > 1) {
      const cands: Array<{ cand: Candidate; entry: LmsEntry }> = [];
      // Attempts can hold files of one name (hw.py each time): such files are told apart by attempt,
      // in words: choose() puts what a file defines in parentheses after its name.
      const shared = new Set(code.filter((f, i) => code.findIndex((g) => g.file === f.file) !== i).map((f) => f.file));
      const past = pastHeads();
      for (const f of code) {
        try {
          const attempt = layout.attempt(f.name);
          const words = layout.attemptWords(f.name);
          const rel = attempt && words && shared.has(f.file) ? `${f.file} of ${words}` : f.file;
          // The staff note starts with the winner's entry (layout.who), which names its attempt.
          cands.push({ cand: { ...candidateOf(f.file, await c.head(f.name, past)), size: await c.size(f.name), rel, ...(rel !== f.file ? { staffRel: f.file } : {}), ...(attempt ? { attempt } : {}) }, entry: f });
        } catch {
          // a file that cannot be read is no candidate
        }
      }
      if (cands.length > 0) {
        ranked = cands.map((x) => x.cand);
        const chosen = choose(ranked);
        pick = cands.find((x) => x.cand === chosen.best)?.entry ?? pick;
        picked = chosen;
      }
    }
    const item = SUBMISSION_EXTS.has(extname(pick.name).toLowerCase()) ? await c.file(pick.name, pick.file || undefined) : await c.zip(pick.name);
    let lost: string[] = [];
    let lostFile: string | undefined;
    if (item.file !== undefined && item.error === undefined && SUBMISSION_EXTS.has(extname(pick.name).toLowerCase())) {
      const found = await lmsSiblings(c, layout, pick, code, item.file);
      if (found.files.length > 0) item.siblingFiles = found.files;
      if (found.lost) {
        lost = flatPackageNotes(learner, oneLine(pick.file || basename(item.file)), found.lost.module, oneLine(found.lost.file));
        lostFile = found.lost.file;
      }
    }
    const note = layout.who(pick.name);
    const doubt = entries.map((e) => layout.doubt(e.name)).find((d) => d !== undefined);
    // One message for the learner: what is graded, then the package's files the download lost
    // (their utils.py is no other submission), then, if other files were passed over, how to have one graded.
    const learnerNote = lost.length > 0 && ranked.length > 1 ? choose(ranked, { isModule: (c) => (c.staffRel ?? c.rel) === lostFile, said: lost[1]! }).learnerNote! : [picked.learnerNote, lost[1]].filter(Boolean).join(' ');
    return {
      ...item,
      learner,
      ...(doubt ? { doubt } : {}),
      ...(item.error === undefined && item.file !== undefined && pick.file ? { displayName: pick.file } : {}),
      note: [note, doubt, picked.note, lost[0]].filter(Boolean).join('. '),
      ...(learnerNote && item.error === undefined ? { learnerNote } : {}),
    };
  };

  /**
   * One learner's discovery (their folder, file or zip, an LMS learner's files): a throw there is
   * that learner's row and the others are read (batch 35), as in runBatch. A setup error and the
   * machine's own error (isMachineError: a full disk, too many open files, a read-only or failing
   * disk, which every learner after would meet) end the batch, the latter in one sentence.
   */
  const ownBoundary = async (learner: string, source: string, work: () => Promise<BatchItem[]>): Promise<BatchItem[]> => {
    try {
      return await work();
    } catch (e) {
      if (isSetupError(e)) throw e;
      if (isMachineError(e)) throw machineStop(e, `reading ${oneLine(source)}`);
      if (e instanceof GraderError) return [{ learner, source, error: e.message }];
      const message = e instanceof Error ? e.message : String(e);
      const stack = e instanceof Error ? e.stack : undefined;
      opts.onBug?.(learner, !stack || stack.includes(message) ? (stack ?? message) : `${message}\n${stack}`);
      return [{ learner, source, error: `wlgrade failed reading this submission (${oneLine(message.split('\n', 1)[0]!)}); please report it with the file (the whole error is on grade's standard error).` }];
    }
  };

  const fromContainer = async (c: Container): Promise<BatchItem[]> => {
    const out: BatchItem[] = [];
    const slots = c.slots.filter((s) => !hidden(s.name));
    let layout = lmsLayout(slots);
    if (layout?.open) {
      // Blackboard usernames that all start alike: the attempts' details files say where they start.
      const details = new Map<string, string>();
      for (const name of blackboardDetails(slots)) details.set(name, await c.head(name, pastHeads()).catch(() => '')); // a .txt: its head alone
      if (details.size > 0) layout = lmsLayout(slots, details);
    }
    if (layout) {
      for (const [learner, entries] of [...layout.learners].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const lms = layout;
        const item = (await ownBoundary(learner, c.label(entries[0]!.name), async () => [await fromLms(c, lms, learner, entries)]))[0]!;
        out.push(layout.caseKept ? { ...item, caseKept: true } : item);
      }
      // A learner's other uploads (a .docx next to their .py) are theirs, not learners.
      for (const s of slots) {
        const owner = layout.ownerOf(s.name);
        if (owner !== null && layout.learners.has(owner)) continue;
        if (s.kind === 'file' && INDEX_EXTS.has(extname(s.name).toLowerCase())) continue;
        const why = s.kind === 'special' ? notRegular(c.label(s.name), s.what!) : otherKindMessage(c.label(s.name));
        // A Brightspace name as its account spells it, as its graded entries' are: "Jane Doe" (a .docx
        // only) and "jane doe" (another account's hw.py) were one clash row (review 32b).
        out.push({ learner: owner ?? stem(s.name), source: c.label(s.name), error: why, ...(s.kind === 'special' ? {} : { noCode: true as const }), ...(owner !== null && layout.caseKept ? { caseKept: true as const } : {}) });
      }
      return out;
    }
    const meta = slots.some((s) => s.kind === 'file' && s.name === METADATA) ? parseGradescopeMetadata(await c.metadata()) : new Map<string, Submitter[]>();
    // submission_123 -> one item per submitter, named by their email (SID, name); the rest as they are.
    const named = (item: BatchItem, entry: string): BatchItem[] => {
      const who = meta.get(entry) ?? meta.get(stem(entry));
      if (!who) return [item];
      return who.map((s) => {
        const note = `Gradescope ${stem(entry)}: ${[s.name, s.sid ? `SID ${s.sid}` : undefined, s.email].filter(Boolean).join(', ')}${who.length > 1 ? ` (group of ${who.length})` : ''}`;
        return { ...item, learner: submitterId(s), gradescope: stem(entry), note: item.note ? `${note}. ${item.note}` : note };
      });
    };
    for (const s of slots.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const ext = extname(s.name).toLowerCase();
      const graded = s.kind === 'dir' || (s.kind === 'file' && (SUBMISSION_EXTS.has(ext) || ext === '.zip'));
      if (graded && opts.wanted) {
        // Another shard's learners: their ids only (a folder's learner is its name, a file's its stem).
        const own = s.kind === 'dir' ? s.name : stem(s.name);
        const ids = (meta.get(s.name) ?? meta.get(stem(s.name)))?.map(submitterId) ?? [own];
        if (!ids.some(opts.wanted)) {
          out.push(...named({ learner: own, source: c.label(s.name), skipped: true }, s.name));
          continue;
        }
      }
      // Named after the boundary: a learner whose reading met a bug is a row per group member, with the Gradescope note.
      const own = async (read: () => Promise<BatchItem>) => (await ownBoundary(s.kind === 'dir' ? s.name : stem(s.name), c.label(s.name), async () => [await read()])).flatMap((item) => named(item, s.name));
      if (s.kind === 'dir') {
        out.push(...(await own(() => c.folder(s.name))));
      } else if (INDEX_EXTS.has(ext)) {
        continue;
      } else if (s.kind === 'special') {
        // Never followed or opened (a FIFO would block the batch), but never silently dropped either.
        out.push(...named({ learner: stem(s.name), source: c.label(s.name), error: notRegular(c.label(s.name), s.what!) }, s.name));
      } else if (SUBMISSION_EXTS.has(ext)) {
        out.push(...(await own(() => c.file(s.name))));
      } else if (ext === '.zip') {
        out.push(...(await own(() => c.zip(s.name))));
      } else {
        out.push({ learner: stem(s.name), source: c.label(s.name), error: otherKindMessage(c.label(s.name)), noCode: true });
      }
    }
    return out;
  };

  // One export given twice (grade . ., or ./subs and subs/) is graded once.
  const givenOnce = new Set<string>();
  for (const given of paths) {
    const abs = resolve(cwd, given);
    const real = await realpath(abs).catch(() => abs);
    if (givenOnce.has(real)) continue;
    givenOnce.add(real);
    root = abs;
    let s;
    try {
      s = await stat(abs);
    } catch {
      throw new GraderError('SUBMISSION_NOT_FOUND', `${oneLine(given)} does not exist; pass folders, .zip exports or .py/.ipynb files to grade.`);
    }
    const ext = extname(abs).toLowerCase();
    if (s.isDirectory()) {
      // A loop, not push(...learners): a folder of ~120,000 learners overflowed the stack (red team 34).
      for (const item of await fromContainer(await diskContainer(abs))) items.push(item);
    } else if (!s.isFile()) {
      items.push({ learner: stem(basename(abs)), source: show(abs), error: notRegular(show(abs), specialKind(s)) });
    } else if (ext === '.zip') {
      const zip = await ZipArchive.open(abs, given, limits);
      try {
        for (const item of await fromContainer(await zipContainer(zip, given, show(abs)))) items.push(item);
      } finally {
        zip.close();
      }
    } else if (SUBMISSION_EXTS.has(ext)) {
      items.push({ learner: stem(basename(abs)), source: show(abs), file: abs, displayName: basename(abs), named: true });
    } else {
      items.push({ learner: stem(basename(abs)), source: show(abs), error: `${oneLine(show(abs))} is not a .py, .ipynb or .zip file; wlgrade grades Python files and Jupyter notebooks.` });
    }
  }

  if (items.length === 0) {
    throw new GraderError(
      'BATCH_INVALID',
      `No submissions found in ${paths.map(oneLine).join(', ')}: expected .py or .ipynb files, one folder per learner, or a .zip export.`,
    );
  }
  return withoutClashes(errorsTogether(await sameBytesOnce(await sizedWhenShared(await onceEach(items))))).sort((a, b) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0));
}

/**
 * Items of one file on disk reached twice, by one learner id (grade subs subs/alice.py: the
 * folder's alice.py and the file given), are one submission, not two that claim the learner: the
 * first is kept. Files unpacked from zips are each their own copy, and are left as they are.
 */
async function onceEach(items: BatchItem[]): Promise<BatchItem[]> {
  // Only a learner with two files on disk can have one of them twice: the others' real paths (a
  // realpath each, one after another, for every learner of a batch) tell nothing.
  const onDisk = (it: BatchItem): it is BatchItem & { file: string } => it.file !== undefined && !it.unpacked;
  const files = new Map<string, number>();
  for (const it of items) if (onDisk(it)) files.set(learnerKey(it.learner), (files.get(learnerKey(it.learner)) ?? 0) + 1);
  const seen = new Set<string>();
  const out: BatchItem[] = [];
  for (const it of items) {
    if (onDisk(it) && files.get(learnerKey(it.learner))! > 1) {
      const key = `${learnerKey(it.learner)}\u0000${await realpath(it.file).catch(() => it.file)}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(it);
  }
  return out;
}

/**
 * A learner's file on disk over the size limit, when the learner has another entry: its
 * FILE_TOO_LARGE row now, not when the batch reaches it (run-batch, which says the same for a file
 * alone), so that its entries are weighed as error entries (errorsTogether). The same 11 MiB hw.py
 * given through the export's folder and its zip was a clash row "Two submissions claim learner",
 * blank, where the zip's copy alone is 0; so was a folder holding notes.docx beside an 11 MiB
 * alice.py, where one folder holding both is 0.
 */
async function sizedWhenShared(items: BatchItem[]): Promise<BatchItem[]> {
  const count = new Map<string, number>();
  for (const it of items) count.set(learnerKey(it.learner), (count.get(learnerKey(it.learner)) ?? 0) + 1);
  return Promise.all(
    items.map(async (it) => {
      if (it.file === undefined || it.error !== undefined || it.unpacked || count.get(learnerKey(it.learner))! < 2) return it;
      const size = await stat(it.file).then((s) => s.size, () => undefined);
      const tooLarge = size === undefined ? null : sizeProblem(it.displayName ?? basename(it.file), it.file, size);
      if (!tooLarge) return it;
      const { file: _file, displayName: _shown, note: _note, learnerNote: _learnerNote, ...rest } = it;
      return { ...rest, error: tooLarge, problem: 'FILE_TOO_LARGE' as const };
    }),
  );
}

/**
 * Items of one learner whose files hold the same bytes (a folder and the zip of the same LMS
 * download, both given; one file copied to two paths) are one submission, graded once: the first
 * is kept, and its staff note names every source. "One learner" is caseKeptKey's (Unicode form and
 * invisible characters aside, as a zip made again on macOS spells a name); ids that differ in
 * letter case, and files whose bytes differ, still claim the learner twice (withoutClashes).
 */
async function sameBytesOnce(items: BatchItem[]): Promise<BatchItem[]> {
  // Read for every learner id with two files; one submission only when its Gradescope submission is
  // the same too (the export given as its folder and its zip): two Gradescope submissions whose
  // metadata names one learner may be two learners, whom identical bytes must not make one row.
  const same = (it: BatchItem, k: string) => `${k}\u0000${it.gradescope ?? ''}`;
  const key = (it: BatchItem): string | undefined => (it.file === undefined || it.error !== undefined ? undefined : caseKeptKey(it.learner));
  const count = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k !== undefined) count.set(k, (count.get(k) ?? 0) + 1);
  }
  const first = new Map<string, number>(); // key + sha256 -> index in `out`
  const also = new Map<number, string[]>(); // index in `out` -> the sources it stands for
  const out: BatchItem[] = [];
  for (const it of items) {
    const k = key(it);
    // Only a learner with two files is read here; a file over the largest size graded is left to
    // the clash rule (and its own size error), not read whole.
    const bytes = k !== undefined && count.get(k)! > 1 ? await readCapped(it.file!) : undefined;
    if (bytes !== undefined) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const id = `${same(it, k!)}\u0000${sha256}`;
      const at = first.get(id);
      if (at !== undefined) {
        also.get(at)!.push(it.source);
        continue;
      }
      first.set(id, out.length);
      also.set(out.length, [it.source]);
      out.push({ ...it, sha256 });
      continue;
    }
    out.push(it);
  }
  for (const [at, sources] of also) {
    if (sources.length < 2) continue;
    const it = out[at]!;
    const said = `Handed in ${sources.length} times with byte-identical files (${sources.map((s) => oneLine(unseen(s))).join(', ')}): graded once`;
    out[at] = { ...it, note: it.note ? `${it.note}. ${said}` : said };
  }
  return out;
}

/**
 * One learner's entries that are all error rows (a folder and a zip of theirs that both hold no
 * Python file) are one row naming every problem: nothing of theirs is graded whichever counts, so
 * the clash rule's "rename or remove one" sent staff to remove an entry, only to meet the other's
 * problem on the next run. "One learner" is withoutClashes' (learnerKey; letter case kept where it
 * tells learners apart), within one Gradescope submission (two that name one learner may be two).
 * Entries of a learner that has a gradable one are left to the clash rule. The row is the first
 * entry's (caseKept, doubt, the Gradescope submission kept: without caseKept, a Brightspace learner's
 * row met a case-distinct account's as one learner), each problem named by its entry's source (a
 * size row says "hw.py is 11 MiB", not which entry), and FILE_TOO_LARGE, 0, when that is an entry's
 * problem and every other entry's too or holds no Python (noCode: a .docx, a folder of notes, which
 * would change nothing in one folder with the file); another problem (a symlink, a broken zip)
 * leaves the row blank, as it would alone.
 */
function errorsTogether(items: BatchItem[]): BatchItem[] {
  const key = (it: BatchItem) => `${learnerKey(it.learner)}\u0000${it.caseKept ? caseKeptKey(it.learner) : ''}\u0000${it.gradescope ?? ''}`;
  const by = new Map<string, BatchItem[]>();
  for (const it of items) {
    const group = by.get(key(it));
    if (group) group.push(it);
    else by.set(key(it), [it]);
  }
  const done = new Set<string>();
  const out: BatchItem[] = [];
  for (const it of items) {
    const group = by.get(key(it))!;
    if (group.length < 2 || group.some((x) => x.error === undefined)) {
      out.push(it);
      continue;
    }
    if (done.has(key(it))) continue;
    done.add(key(it));
    // One hand-in reached twice (the export given as its folder and its zip, as sameBytesOnce reads
    // gradable ones) is one entry: "handed in 2 entries" of bob's one .docx (review 32b).
    const handIns = new Map<string, BatchItem[]>();
    for (const x of group) {
      const same = handIns.get(handIn(x));
      if (same) same.push(x);
      else handIns.set(handIn(x), [x]);
    }
    const given = [...handIns.values()].filter((xs) => xs.length > 1).map((xs) => `${xs.length} times as one entry (${xs.map((x) => oneLine(unseen(x.source))).join(', ')})`);
    const note = [it.note, given.length > 0 ? `Given ${given.join(' and ')}: counted once` : undefined].filter(Boolean).join('. ');
    const { problem: _problem, noCode: _noCode, skipped: _skipped, doubt: _doubt, note: _note, ...first } = it;
    const doubt = group.find((x) => x.doubt !== undefined)?.doubt;
    if (handIns.size === 1) {
      out.push({ ...it, ...(note ? { note } : {}), ...(doubt !== undefined ? { doubt } : {}) });
      continue;
    }
    const entries = [...handIns.values()].map((xs) => xs[0]!);
    const named = (x: BatchItem): string => (x.error!.includes(oneLine(x.source)) ? x.error! : `${oneLine(x.source)}: ${x.error!}`);
    const error = `Learner "${oneLine(unseen(it.learner))}" handed in ${entries.length} entries and none can be graded: ${entries.map(named).join(' ')}`;
    out.push({
      ...first,
      error,
      ...(note ? { note } : {}),
      // 0 when the learner's only Python is over the size limit: entries that hold none beside it
      // (a .docx, a folder of notes) change nothing, as they would not in one folder with it.
      ...(group.some((x) => x.problem === 'FILE_TOO_LARGE') && group.every((x) => x.problem === 'FILE_TOO_LARGE' || x.noCode) ? { problem: 'FILE_TOO_LARGE' as const } : {}),
      ...(group.every((x) => x.skipped) ? { skipped: true } : {}),
      ...(doubt !== undefined ? { doubt } : {}),
    });
  }
  return out;
}

/**
 * An error entry as one hand-in: where it is inside the export it came from (its source without the
 * export's name: `sub/bob.docx` and `sub.zip:bob.docx` are `bob.docx`), its problem, and its message
 * with its source left out. The same hand-in reached through the export's folder and its zip is one.
 */
const handIn = (x: BatchItem): string =>
  [x.source.replace(/^[^/:]*[/:]/, ''), x.problem ?? '', (x.error ?? '').split(oneLine(x.source)).join('\u0001')].join('\u0000');

/** A file's bytes, or undefined when it cannot be read or is over the largest size graded. */
async function readCapped(file: string): Promise<Buffer | undefined> {
  try {
    // Its own kind's limit (10 MiB for a .py, 50 MiB for a notebook: review 31c), the larger for another name.
    const ext = extname(file).toLowerCase();
    const cap = ext === '.py' ? MAX_FILE_BYTES.py : MAX_FILE_BYTES.ipynb;
    if ((await stat(file)).size > cap) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * Items that claim one learner, or whose learners would write one result file, are not graded:
 * the gradebook could not say which counts. One learner's two entries become that learner's
 * error row; two learners' ids that meet in one file name, an error row each. The rest of the
 * batch is graded (two students of an LMS whose names differ by an apostrophe used to stop it).
 */
function withoutClashes(items: BatchItem[]): BatchItem[] {
  const out: BatchItem[] = [];
  const at = new Map<string, number>(); // result file name -> index in `out` of the first item
  const one = new Map<string, number>(); // learnerKey -> the same: ids no one can tell apart, whose files differ
  const clashed = new Set<number>();
  const failed = (it: BatchItem, error: string): BatchItem => ({
    learner: it.learner,
    source: it.source,
    error,
    ...(it.skipped ? { skipped: true } : {}),
  });
  // Two learners whose ids differ only in letter case where case tells learners apart (caseKept):
  // each gets a result file of its own, the slug and a hash of the id as written.
  const own = (x: BatchItem): BatchItem => ({ ...x, slug: `${learnerSlug(x.learner)}-${createHash('sha256').update(caseKeptKey(x.learner), 'utf8').digest('hex').slice(0, 8)}` });
  for (const it of items) {
    const key = learnerSlug(it.learner).toLowerCase();
    const first = at.get(key) ?? one.get(learnerKey(it.learner));
    const prior = first === undefined ? undefined : out[first]!;
    if (prior?.caseKept && it.caseKept && !clashed.has(first!) && caseKeptKey(prior.learner) !== caseKeptKey(it.learner)) {
      const mine = own(it);
      if (at.has(mine.slug!.toLowerCase())) {
        out.push(failed(it, clashMessage(out[at.get(mine.slug!.toLowerCase())!]!, mine, mine.slug)));
        continue;
      }
      if (prior.slug === undefined) {
        out[first!] = own(prior);
        at.set(out[first!]!.slug!.toLowerCase(), first!);
      }
      at.set(mine.slug!.toLowerCase(), out.length);
      out.push(mine);
      continue;
    }
    if (first === undefined) {
      at.set(key, out.length);
      one.set(learnerKey(it.learner), out.length);
      out.push(it);
      continue;
    }
    const prev = out[first]!;
    const message = clashMessage(prev, it);
    if (!clashed.has(first)) out[first] = failed(prev, message); // its row says its first clash
    clashed.add(first);
    if (!sameLearner(prev.learner, it.learner)) out.push(failed(it, message));
  }
  // Learners whose result files differ on Linux's disk but may be one file on another (fileKey:
  // 'straße' and 'STRASSE', 'οδος' and 'ΟΔΟΣ', on macOS or Windows) each get the slug and a hash of
  // the id as written, as case-distinct Brightspace learners do; names equal but for simple letter
  // case are the clashes above (their rows say so).
  const byFold = new Map<string, number[]>();
  out.forEach((x, k) => {
    if (x.error !== undefined || x.slug !== undefined) return;
    const fold = fileKey(learnerSlug(x.learner));
    byFold.set(fold, [...(byFold.get(fold) ?? []), k]);
  });
  for (const ks of byFold.values()) {
    const lower = ks.map((k) => learnerSlug(out[k]!.learner).toLowerCase());
    if (new Set(lower).size < 2) continue;
    ks.forEach((k, i) => {
      if (lower.indexOf(lower[i]!) === lower.lastIndexOf(lower[i]!)) out[k] = own(out[k]!);
    });
  }
  // A hashed slug is given to the first of two case-distinct learners only when the second comes,
  // after other learners' ids took their files: "Jane Doe-01332c87" (its plain slug) came before
  // Jane Doe and jane doe, and Jane Doe's hashed slug was that file. Any two items left writing
  // one result file are each an error row, as other clashes are.
  const byFile = new Map<string, number[]>();
  out.forEach((x, k) => {
    if (x.error !== undefined) return;
    const file = fileKey(x.slug ?? learnerSlug(x.learner));
    const had = byFile.get(file);
    if (had) had.push(k);
    else byFile.set(file, [k]);
  });
  for (const ks of byFile.values()) {
    if (ks.length < 2) continue;
    const [a, b] = [out[ks[0]!]!, out[ks[1]!]!];
    const message = clashMessage(a, b, b.slug ?? learnerSlug(b.learner));
    for (const k of ks) out[k] = failed(out[k]!, message);
  }
  return out;
}
