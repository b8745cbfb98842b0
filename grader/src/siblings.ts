/**
 * A learner's own modules beside the graded file: `assignment.py` doing `from utils import helper`
 * with the learner's `utils.py` next to it, as `python assignment.py` would import it. They are
 * learner code: their bytes are read here and sent in the run's plan, and the runner imports them
 * from memory inside the sandbox (runner.py `install_siblings`), after every module the machine has;
 * a file named as a package wlgrade knows (`numpy.py`, pip-names.json) is never read. Only the graded file's own folder is read,
 * with its package folders (`pkg/utils.py`, real folders only), and only the modules it imports, directly or through another sibling; the
 * callers say which folders are the learner's own (a folder of many learners' files is not).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { countDefinitions, decodeText } from './batch/pick.js';
import { joinWords } from './join-words.js';
import { escapeLineBreaks as oneLine } from './report/escape.js';
import { PIP_NAMES } from './pip-names.js';
import type { SiblingFacts } from './schema/protocol.js';

/**
 * One of the learner's modules: its name as imported (`utils`, `pkg.utils`), the file's name
 * (`utils.py`, `pkg/utils.py`, a package's `pkg/__init__.py`, a folder's without one `data/`: a
 * namespace package, of no code, which the runner makes), and its bytes (none for a folder).
 */
export interface Sibling {
  module: string;
  name: string;
  bytes: Buffer;
  /** A package (its `__init__.py`): its submodules are imported from its folder. */
  package?: true;
}

/** At most this many modules and bytes in all (a helper file is a few kilobytes). */
export const MAX_SIBLINGS = 32;
export const MAX_SIBLING_BYTES = 2 * 2 ** 20;

const MODULE_FILE = /^([A-Za-z_][A-Za-z0-9_]*)\.py$/;

/** How deep a package's modules are read (`a.b.c.d`: four names). */
const MAX_PACKAGE_DEPTH = 4;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The package a learner's module reads its relative imports against (importedModules' `pkg`): a
 * package's own name (its __init__.py), a module's without its last part, none for a top-level one.
 */
export function packageOf(module: string, isPackage: boolean): string | undefined {
  if (isPackage) return module;
  return module.includes('.') ? module.slice(0, module.lastIndexOf('.')) : undefined;
}

/**
 * The modules, dotted, a source may import, for a learner's packages (`pkg/utils.py`): each module
 * after `import` and after `from`, with its packages (`import a.b.c`: a, a.b, a.b.c), and a
 * from-import's names as submodules (`from pkg import utils`: pkg.utils). `pkg`, the package of a
 * module of one (`pkg.mod` is in `pkg`; a package's `__init__.py` is its own), resolves its relative
 * imports (`from .utils import x`: pkg.utils; `from . import utils`). With `fromNames` false, a
 * from-import's names are left out (`from pkg import utils`: pkg only). Read from the text, not parsed:
 * a name in a comment or a string is one more candidate, read only if it is there; names are taken
 * NFKC-normalized, as Python binds them.
 */
export function importedModules(source: string, pkg?: string, fromNames = true): Set<string> {
  const out = new Set<string>();
  // A notebook's JSON spells a line break `\n`, glued to the next line's `from` (`np\nfrom utils`),
  // and may spell any other character `\uXXXX` (json.dump's ensure_ascii; one past U+FFFF as a
  // surrogate pair): `from \uff48elpers import f` is the cell's `from ｈelpers import f` (siblings 35).
  const text = source.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\[nrt]/g, ' ');
  const add = (dotted: string) => {
    // Python binds each name NFKC-normalized (PEP 3131): `import ｕtils` (a fullwidth u) imports utils.py.
    const parts = dotted.split('.').map((p) => p.normalize('NFKC'));
    if (parts.length > MAX_PACKAGE_DEPTH || !parts.every((p) => IDENT.test(p))) return;
    for (let k = 1; k <= parts.length; k++) out.add(parts.slice(0, k).join('.'));
  };
  // Each repeat is bounded: V8's backtracking stack grows with a group's repeats, and a crafted
  // `import a, a, a, ...` of 3 million names (or `import a.a.a...`, 9 MB) threw RangeError (Maximum
  // call stack size exceeded) out of siblingsOf, before a batch's per-learner try (siblings 35).
  // A longer name has more than MAX_PACKAGE_DEPTH parts (never a module here), a longer list's rest is left unread.
  const read = (id: string, flags: string) => {
    const dotted = `${id}(?:\\.${id}){0,7}`;
    const names = `${id}(?:[ \\t]+as[ \\t]+${id})?(?:[ \\t]*,[ \\t]*${id}(?:[ \\t]+as[ \\t]+${id})?){0,255}`;
    // A list in parentheses runs to its `)`, over lines too (`from pkg import (\n    utils,\n    logs)`),
    // comments and a notebook's quotes between its lines left out.
    // `from <dots><name> import` or `from <dots> import`, each run of blanks read one way only: the
    // pattern had `[ \t]+` then an optional name then `[ \t]+`, and a `from` followed by a long run
    // of blanks was tried at every split of it (red team 35: 40,000 spaces took 2.4 s of the
    // grader's own thread, and a 10 MiB file of them days). Now a name or bare dots take the blanks
    // after them, and neither (`from  import`, matched and skipped) two blanks already read: the
    // same matches as before.
    for (const m of text.matchAll(new RegExp(`\\bfrom[ \\t]+(?:(\\.*)(${dotted})[ \\t]+|(\\.+)[ \\t]+|(?<=[ \\t][ \\t]))import\\b[ \\t]*(?:\\(([^()]{0,4000})|(${names}))?`, flags))) {
      const [, dotsBefore = '', name = '', bare = '', grouped, plain = ''] = m;
      const dots = dotsBefore || bare;
      const list = grouped === undefined ? plain : grouped.replace(/#[^\n]*/g, '').replace(/["\s]+/g, ' ');
      let base = name;
      if (dots) {
        // Relative: against the importing module's package, one level up per dot after the first.
        const up = pkg?.split('.') ?? [];
        if (!pkg || dots.length - 1 >= up.length) continue;
        base = [...up.slice(0, up.length - (dots.length - 1)), ...(name ? [name] : [])].join('.');
      }
      if (!base) continue;
      add(base);
      // `fromNames` false: the modules named as such only (`from pkg import utils` may import a name of pkg).
      if (fromNames) for (const part of list.split(',')) if (part.trim()) add(`${base}.${part.trim().split(/[ \t]/)[0]!}`);
    }
    for (const m of text.matchAll(new RegExp(`\\bimport[ \\t]+(${dotted}(?:[ \\t]+as[ \\t]+${id})?(?:[ \\t]*,[ \\t]*${dotted}(?:[ \\t]+as[ \\t]+${id})?){0,255})`, flags))) {
      for (const part of m[1]!.split(',')) add(part.trim().split(/[ \t]/)[0]!);
    }
  };
  read('[A-Za-z_]\\w*', 'g');
  // Text with other letters is read again for such names (`from ｈelpers import f`, red team 34).
  if (!/^[\x00-\x7f]*$/.test(text)) read('[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}]*', 'gu');
  return out;
}

/** A regular file's bytes, never through a link (O_NOFOLLOW) and never past `max`; null otherwise. */
function readOwn(path: string, max: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > max) return null;
    const buf = Buffer.alloc(st.size);
    let n = 0;
    for (let got: number; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += got;
    return buf.subarray(0, n);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The module a file of the learner's name gives (`utils.py` -> `utils`), or undefined: not a module name, or a package wlgrade knows (numpy.py: the package is meant, installed or not). */
export function moduleOf(name: string): string | undefined {
  const m = MODULE_FILE.exec(name);
  return m && !Object.hasOwn(PIP_NAMES, m[1]!) ? m[1]! : undefined;
}

/**
 * The learner's modules beside `file` (its folder's `<name>.py` regular files, links never
 * followed) that `bytes`, the graded file's, imports, directly or through one of them; within
 * MAX_SIBLINGS and MAX_SIBLING_BYTES, in the order they were reached. A folder that cannot be read
 * gives none.
 */
export function siblingsOf(file: string, bytes: Buffer): Sibling[] {
  const dir = dirname(file);
  const own = basename(file);
  // Every sibling is reached from a module the file itself imports: when no `<name>.py` or folder
  // of those is there (a name per lstat, never followed), the folder is not listed. Most files
  // import only numpy, and `check` in a folder of a whole cohort's files (the bench's 1,000) listed it all.
  // Past 64 names the folder is listed once instead (a crafted file of thousands of names).
  const first = (m: string) => m.split('.')[0]!;
  const imported = [...importedModules(decodeText(bytes))];
  const heads = new Set(imported.map(first));
  if (heads.size <= 64 && ![...heads].some((m) => moduleOf(`${m}.py`) !== undefined && (mayBeThere(join(dir, `${m}.py`)) || mayBeThere(join(dir, m))))) return [];
  const files = new Map<string, Found>();
  const folders = new Set<string>();
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const module = moduleOf(e.name);
      if (module !== undefined && e.isFile() && e.name !== own) files.set(module, { name: e.name, path: join(dir, e.name) });
      // A package: a real folder (never a link) named as a module, not as a package wlgrade knows.
      else if (e.isDirectory() && IDENT.test(e.name) && !Object.hasOwn(PIP_NAMES, e.name)) folders.add(e.name);
    }
  } catch {
    return [];
  }
  if (files.size === 0 && folders.size === 0) return [];
  // A package folder's entries, each folder listed once (at most MAX_LISTINGS): a name per lstat
  // took 86 s for 200,000 `import pkg.mN` beside an empty pkg/ (red team 34), all of check and grade.
  const listings = new Map<string, Listing | null>();
  const listing = (rel: string): Listing | null => {
    const known = listings.get(rel);
    if (known !== undefined || listings.has(rel)) return known ?? null;
    if (listings.size >= MAX_LISTINGS) return null;
    let got: Listing | null = { files: new Set(), folders: new Set() };
    try {
      for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
        if (e.isFile()) got.files.add(e.name);
        else if (e.isDirectory()) got.folders.add(e.name);
      }
    } catch {
      got = null;
    }
    listings.set(rel, got);
    return got;
  };
  const find = (module: string): Found | undefined => {
    const parts = module.split('.');
    if (!folders.has(parts[0]!)) return parts.length === 1 ? files.get(module) : undefined;
    // Every folder on the way a real one (never a link: the listing's file types are lstat's).
    for (let k = 2; k < parts.length; k++) if (listing(parts.slice(0, k - 1).join('/'))?.folders.has(parts[k - 1]!) !== true) return undefined;
    const rel = parts.join('/');
    const last = parts.at(-1)!;
    const up = parts.length === 1 ? null : listing(parts.slice(0, -1).join('/'));
    const folder = parts.length === 1 || up?.folders.has(last) === true;
    const file = parts.length === 1 ? files.get(module) : up?.files.has(`${last}.py`) ? { name: `${rel}.py`, path: join(dir, `${rel}.py`) } : undefined;
    // As Python's path finder does in each folder, at any depth: a package's __init__.py, else a
    // module's .py (pkg/utils.py beside a folder pkg/utils/ without one), else a folder without
    // one (a namespace package, made by the runner).
    if (folder && listing(rel)?.files.has('__init__.py')) return { name: `${rel}/__init__.py`, path: join(dir, rel, '__init__.py'), package: true };
    return file ?? (folder ? { name: `${rel}/`, path: null, package: true } : undefined);
  };
  const found = new Map<string, Found | undefined>();
  const findOnce = (module: string) => {
    if (!found.has(module)) found.set(module, find(module));
    return found.get(module);
  };
  return siblingsFrom(imported, findOnce, (module) => findOnce(module) !== undefined);
}

/** At most this many package folders are listed for one file (a real one has a few). */
const MAX_LISTINGS = 64;
/** A package folder's regular files and real folders (links are neither), by name. */
type Listing = { files: Set<string>; folders: Set<string> };

/** False only when nothing is at `path` (ENOENT); any other answer (a name too long, a folder not searchable) leaves it to the listing. */
function mayBeThere(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

/** What a module is: its file's name and path (null: a folder with no `__init__.py`), and whether it is a package. */
type Found = { name: string; path: string | null; package?: true };

const OTHER_FILE = /\.(?:py|ipynb)$/i;

/**
 * For `check` and Gradescope, which read the file's folder as the learner's own: another file there,
 * not the graded one nor one of `siblings`, that defines a graded function (`subs/bob.py` beside
 * `subs/alice.py`): the folder holds other learners' files, and its modules are none of the learner's,
 * as `grade subs/` reads them. Its name, or undefined. At most 200 files of 1 MiB are read.
 */
export function otherSubmissionBeside(file: string, siblings: readonly Sibling[]): string | undefined {
  const own = new Set([basename(file), ...siblings.map((s) => s.name)]);
  let names: string[];
  try {
    names = readdirSync(dirname(file), { withFileTypes: true }).filter((e) => e.isFile() && OTHER_FILE.test(e.name) && !own.has(e.name)).map((e) => e.name);
  } catch {
    return undefined;
  }
  for (const name of names.sort().slice(0, 200)) {
    const read = readOwn(join(dirname(file), name), 2 ** 20);
    // As Python binds the names (countDefinitions: NFKC), so `def ｃompute_class_freqs` is one too (red team 34).
    if (read !== null && countDefinitions(decodeText(read)) > 0) return name;
  }
  return undefined;
}

/**
 * The same from files named apart from where they lie: an LMS download's flat files of one
 * learner (Canvas's `smithjohn_12345_678902_utils.py` is the learner's `utils.py`), given by the
 * name the learner gave each and its path.
 */
export function siblingsFromFiles(given: ReadonlyArray<{ name: string; path: string }>, bytes: Buffer): Sibling[] {
  const files = new Map<string, Found>();
  for (const f of given) {
    const module = moduleOf(f.name);
    if (module !== undefined) files.set(module, f);
  }
  if (files.size === 0) return [];
  return siblingsFrom(importedModules(decodeText(bytes)), (module) => files.get(module), (module) => files.has(module));
}

/** From `imported`, the graded file's imported modules: `find`, where a module is; `has`, a cheap test of whether it may be there (only those are queued). */
function siblingsFrom(imported: Iterable<string>, find: (module: string) => Found | undefined, has: (module: string) => boolean): Sibling[] {
  const out: Sibling[] = [];
  let left = MAX_SIBLING_BYTES;
  // Only names of a module here are queued: a helper of 200,000 `import` names ended check and the
  // whole batch (`queue.push(...names)`: RangeError, red team 34).
  const queue = [...imported].filter(has);
  const seen = new Set<string>();
  // A moving index: shift() moved the whole queue each time.
  for (let at = 0; at < queue.length && out.length < MAX_SIBLINGS; at++) {
    const module = queue[at]!;
    if (seen.has(module)) continue;
    const f = find(module);
    if (f === undefined) continue;
    seen.add(module);
    if (f.path === null) {
      // A folder without __init__.py: a namespace package, of no code, which the runner makes. Sent
      // when imported by itself (`import data` of a folder data/); a module of it sent makes it too.
      out.push({ module, name: f.name, bytes: Buffer.alloc(0), package: true });
      continue;
    }
    const read = readOwn(f.path, left);
    if (read === null) continue;
    left -= read.length;
    out.push({ module, name: f.name, bytes: read, ...(f.package ? { package: true as const } : {}) });
    for (const m of importedModules(decodeText(read), packageOf(module, f.package === true))) if (has(m) && !seen.has(m)) queue.push(m);
  }
  // A folder a module sent lies in is made for it: only one imported by itself is left to say.
  return out.filter((s) => s.bytes.length > 0 || !s.name.endsWith('/') || !out.some((o) => o.module.startsWith(`${s.module}.`)));
}

/** What stood in for a sibling the code imports (SiblingFactsSchema's `by`), as the learner is told it. */
const SHADOWED_BY = {
  python: (m: string) => `Python's own module ${m} has that name`,
  grader: (m: string) => `the grader has a module of its own named ${m}`,
  installed: (m: string) => `an installed package named ${m} comes first`,
} as const;

/**
 * The report's notes on the siblings sent with `displayName` (runner.sibling_facts's `facts`): those
 * that ran with it, and one sentence for each that another module of its name stood in for. No
 * facts (a run that never loaded the file): nothing is said.
 */
export function siblingNotes(displayName: string, siblings: readonly Sibling[], facts: SiblingFacts | undefined): string[] {
  if (facts === undefined) return [];
  const byModule = new Map(siblings.map((s) => [s.module, oneLine(s.name)]));
  const notes: string[] = [];
  const ran = [...new Set(facts.ran)].flatMap((m) => byModule.get(m) ?? []);
  if (ran.length > 0) notes.push(`${displayName} imports ${joinWords(ran)}, ${ran.length === 1 ? 'a file' : 'files'} of yours beside it, which ran with it.`);
  for (const { module, by } of facts.shadowed) {
    const name = byModule.get(module);
    // A folder without __init__.py (`csv/` of data files beside `import csv`) is no module the learner wrote: Python's own coming first is what they meant.
    if (name !== undefined && !name.endsWith('/') && !facts.ran.includes(module)) notes.push(`Your ${name} is not imported: ${SHADOWED_BY[by](module)}; rename it (and the imports of it).`);
  }
  for (const [module, name] of byModule) {
    const fns = (facts.defines ?? []).filter((d) => d.module === module).map((d) => d.function);
    if (fns.length === 0) continue;
    const [what, them] = fns.length === 1 ? [`${fns[0]} comes`, 'it'] : [`${joinWords(fns)} come`, 'them'];
    notes.push(`${what} from ${name}, which ${displayName} imports: what this report says of ${them} is about ${name}'s code, and a line it points at in ${them} is ${name}'s.`);
  }
  return notes;
}
