/**
 * Paths on the command line -> one BatchItem per learner. The rules (docs/staff.md, "Layouts"):
 *
 * - Every path is a *container* of submissions: a folder, or a .zip export (extracted; a single
 *   wrapper folder at its root, as Gradescope exports have, is stepped into).
 * - Inside a container, each entry is one learner:
 *     alice.py / alice.ipynb -> learner "alice" (extension stripped)
 *     alice/                 -> learner "alice", file picked by pick.ts
 *     alice.zip              -> learner "alice", unzipped, file picked by pick.ts
 *     alice.docx             -> learner "alice", an error row (not a Python file)
 *   Hidden entries, __MACOSX and LMS index files (.yml, .yaml, .csv, .json, .html, .md) are skipped.
 * - A Gradescope export's submission_metadata.yml names the learners: submission_123 becomes its
 *   submitter's email (else SID, else name); a group submission gives one row per member.
 * - A .py/.ipynb path given directly is one learner named after the file.
 * - Two entries that give the same learner (alice.py and alice/, or Alice.py and alice.py: ids
 *   that differ only in letter case) stop the batch: the gradebook could not say which one
 *   counts. So do two ids that would write the same result file (learnerSlug).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { GraderError } from '../errors.js';
import { escapeLineBreaks as oneLine } from '../report/escape.js';
import { pickSubmissionFile, SKIPPED_DIRS, SUBMISSION_EXTS } from './pick.js';
import { extractZip } from './zip.js';

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
  note?: string;
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
 * while "José Ñ" and "josé ñ" still meet as one learner (discoverSubmissions).
 */
export function learnerSlug(learner: string): string {
  const ascii = !/[^\u0000-\u007f]/.test(learner);
  if (ascii) return learner.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, 120) || '_';
  const nfc = learner.normalize('NFC');
  const safe = clip(nfc.replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_').replace(/^[.]+/, '_'), 120, SLUG_BYTES);
  return safe === nfc ? safe : `${safe}-${createHash('sha256').update(nfc.toLowerCase(), 'utf8').digest('hex').slice(0, 8)}`;
}

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

/** Ids that name one learner: equal but for letter case or Unicode normal form. */
const sameLearner = (a: string, b: string): boolean => a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();

/**
 * Why two items cannot both be in the batch: they claim one learner, or two learners' ids would
 * write one result file (ids are compared case-insensitively: macOS and Windows file names are).
 */
function clashMessage(a: BatchItem, b: BatchItem): string {
  const [ida, idb, sa, sb] = [a.learner, b.learner, a.source, b.source].map(oneLine);
  const todo = 'rename or remove one so each learner has exactly one.';
  if (a.learner === b.learner) return `Two submissions claim learner "${idb}": ${sa} and ${sb}; ${todo}`;
  if (sameLearner(a.learner, b.learner)) return `Two submissions claim learner "${idb}" ("${ida}" in ${sa}, "${idb}" in ${sb}: ids that differ only in letter case, or in how an accent is encoded, are one learner); ${todo}`;
  return (
    `Learners "${ida}" (${sa}) and "${idb}" (${sb}) would share the result file results/${oneLine(learnerSlug(b.learner))}.json ` +
    '(in file names, characters other than letters, digits, ".", "_" and "-" become "_", and letter case is ignored); rename one of them.'
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
  /** Where zips are extracted (inside --out, so nothing is written elsewhere). */
  scratch: string;
  cwd?: string;
}

export async function discoverSubmissions(paths: string[], opts: DiscoverOptions): Promise<BatchItem[]> {
  const cwd = opts.cwd ?? process.cwd();
  const items: BatchItem[] = [];
  let zips = 0;
  const unzip = async (zipPath: string, display: string) => {
    const dest = await mkdtemp(join(opts.scratch, `zip${zips++}-`));
    await extractZip(zipPath, dest, display);
    return dest;
  };
  const show = (p: string) => relative(cwd, p).split(sep).join('/') || '.';

  const fromFolder = async (learner: string, dir: string, label: (f: string) => string, source: string): Promise<BatchItem> => {
    let picked;
    try {
      picked = await pickSubmissionFile(dir);
    } catch (err) {
      // One learner's unreadable folder is that learner's error row, not the end of the batch.
      const why = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
      return { learner, source, error: `${oneLine(source)}: ${oneLine(why)}.` };
    }
    if (!picked) return { learner, source, error: `${oneLine(source)} holds no .py or .ipynb file; the learner must hand in their notebook or Python file.` };
    const item: BatchItem = { learner, source: label(picked.file), file: picked.file, displayName: basename(picked.file) };
    if (picked.note) item.note = picked.note;
    return item;
  };

  const fromContainer = async (dir: string, label: (f: string) => string): Promise<BatchItem[]> => {
    const out: BatchItem[] = [];
    const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name));
    const meta = entries.some((e) => e.isFile() && e.name === 'submission_metadata.yml')
      ? parseGradescopeMetadata(await readFile(join(dir, 'submission_metadata.yml'), 'utf8'))
      : new Map<string, Submitter[]>();
    // submission_123 -> one item per submitter, named by their email (SID, name); the rest as they are.
    const named = (item: BatchItem, entry: string): BatchItem[] => {
      const who = meta.get(entry) ?? meta.get(stem(entry));
      if (!who) return [item];
      return who.map((s) => {
        const note = `Gradescope ${stem(entry)}: ${[s.name, s.sid ? `SID ${s.sid}` : undefined, s.email].filter(Boolean).join(', ')}${who.length > 1 ? ` (group of ${who.length})` : ''}`;
        return { ...item, learner: submitterId(s), note: item.note ? `${note}. ${item.note}` : note };
      });
    };
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      const ext = extname(e.name).toLowerCase();
      if (e.isDirectory()) {
        out.push(...named(await fromFolder(e.name, p, label, label(p)), e.name));
      } else if (!e.isFile()) {
        continue; // symlinks, sockets: never followed
      } else if (SUBMISSION_EXTS.has(ext)) {
        out.push(...named({ learner: stem(e.name), source: label(p), file: p, displayName: e.name }, e.name));
      } else if (ext === '.zip') {
        try {
          const dest = await unzip(p, label(p));
          out.push(...named(await fromFolder(stem(e.name), dest, (f) => `${label(p)}:${relative(dest, f).split(sep).join('/')}`, label(p)), e.name));
        } catch (err) {
          // One learner's bad archive is that learner's error row, not the end of the batch.
          if (err instanceof GraderError) out.push({ learner: stem(e.name), source: label(p), error: err.message });
          else throw err;
        }
      } else if (!INDEX_EXTS.has(ext)) {
        out.push({ learner: stem(e.name), source: label(p), error: `${oneLine(label(p))} is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.` });
      }
    }
    return out;
  };

  for (const given of paths) {
    const abs = resolve(cwd, given);
    let s;
    try {
      s = await stat(abs);
    } catch {
      throw new GraderError('SUBMISSION_NOT_FOUND', `${oneLine(given)} does not exist; pass folders, .zip exports or .py/.ipynb files to grade.`);
    }
    const ext = extname(abs).toLowerCase();
    if (s.isDirectory()) {
      items.push(...(await fromContainer(abs, show)));
    } else if (ext === '.zip') {
      let root = await unzip(abs, given);
      // Gradescope and some LMSs wrap the export in one folder: step into it.
      for (;;) {
        const top = (await readdir(root, { withFileTypes: true })).filter((e) => !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name));
        if (top.length === 1 && top[0]!.isDirectory()) root = join(root, top[0]!.name);
        else break;
      }
      const base = root;
      items.push(...(await fromContainer(root, (f) => `${given}:${relative(base, f).split(sep).join('/')}`)));
    } else if (SUBMISSION_EXTS.has(ext)) {
      items.push({ learner: stem(basename(abs)), source: show(abs), file: abs, displayName: basename(abs) });
    } else {
      items.push({ learner: stem(basename(abs)), source: show(abs), error: `${oneLine(given)} is not a .py, .ipynb or .zip file; wlgrade grades Python files and Jupyter notebooks.` });
    }
  }

  if (items.length === 0) {
    throw new GraderError(
      'BATCH_INVALID',
      `No submissions found in ${paths.map(oneLine).join(', ')}: expected .py or .ipynb files, one folder per learner, or a .zip export.`,
    );
  }
  const seen = new Map<string, BatchItem>();
  for (const it of items) {
    const key = learnerSlug(it.learner).toLowerCase();
    const prev = seen.get(key);
    if (prev) throw new GraderError('BATCH_INVALID', clashMessage(prev, it));
    seen.set(key, it);
  }
  return items.sort((a, b) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0));
}
