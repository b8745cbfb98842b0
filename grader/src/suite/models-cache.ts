/**
 * `wlgrade grade`'s cache of the mistake models' values. A batch computes each case's values per
 * candidate once (diagnose.ts), ~2 s of Node's CPU over the first ~100 submissions of the bench's
 * cohort, the same ~6,600 sets every batch of the same suite. They depend only on the case's inputs
 * and the grader's code, so they are kept as JSON beside the suite cache, keyed by the suite's hash
 * (its cases, hashSuite) and the grader's build (buildVersion, which hashes the reference models'
 * code too), read back at the next batch's start and written at its end when it computed new ones.
 * A file that does not parse or does not fit the suite is ignored and written again.
 *
 * The values never enter a sandbox (they are Node's), and only a batch whose learners run in bwrap
 * reads or writes them: learners run with `--sandbox process` could write the cache folder. The
 * values only choose which mistakes a report names, never a case's points or status.
 */
import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassFreqs, ModelValue } from '../../../reference/loss.js';
import { hashSuite } from '../batch/hash.js';
import { readCacheFile, writeCacheFile } from '../cache-file.js';
import { seedModels, storedModels, type ModelStore } from '../grade/diagnose.js';
import { modelledViews } from '../grade/grade-suite.js';
import { buildVersion } from '../version.js';
import type { Case, Suite } from './load-suite.js';

/** Bump when the stored form changes. */
const FORMAT = 1;

/**
 * A larger file than this is not read (readCacheFile) and is replaced or removed at the batch's end.
 * The bundled suites store ~2.5 MB after the bench's cohort of 300 files (docs/performance.md, stop
 * 36) and 2.56 MB after grading all 147 samples; a forged file of 256 MB cost each batch 15 s and
 * 2.4 GB before this cap (review 36b).
 */
export const MODELS_MAX_BYTES = 32 * 2 ** 20;

/** A writer killed between its temporary file and the rename leaves the former: removed when this old. */
const STALE_TMP_MS = 60 * 60 * 1000;

/** The cache's key: the stored form, the grader's build, the suite's cases. */
export function modelsCacheKey(suite: Suite, build = buildVersion()): string {
  return createHash('sha256').update(JSON.stringify([FORMAT, build, hashSuite(suite)])).digest('hex');
}

/** The cache file of key `key` in `dir` (removeStaleTemps reads its temporary files' names after it). */
const fileOfKey = (dir: string, key: string): string => join(dir, `models-${key}.json`);

export const modelsCacheFile = (dir: string, suite: Suite): string => fileOfKey(dir, modelsCacheKey(suite));

/** A number as JSON holds it: NaN, the infinities and -0 by name (JSON has no word for them). */
type Num = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';
type Stored = Num | { error: 'IndexError'; detail: string } | { pos: Num[]; neg: Num[] };

const enc = (x: number): Num => (Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : Object.is(x, -0) ? '-0' : x);
const NAMED: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
function dec(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x in NAMED) return NAMED[x]!;
  throw new Error('not a number');
}

function encode(v: ModelValue | ClassFreqs): Stored {
  if (typeof v === 'number') return enc(v);
  if ('error' in v) return { error: v.error, detail: v.detail };
  return { pos: v.pos.map(enc), neg: v.neg.map(enc) };
}

/**
 * Whether `v` is a value a model gives on case `c`: a number or an IndexError for a loss case, class
 * frequencies (pos and neg, lists of numbers: of C, N, 1 or a fixed count's length, not always the
 * same for both) or an IndexError for a frequencies case.
 * A value of another kind would be compared with the learner's all the same and could name a
 * mistake the learner did not make.
 */
function fitsCase(c: Case, v: ModelValue | ClassFreqs): boolean {
  if (typeof v === 'object' && 'error' in v) return true;
  if (c.inputs.fn === 'weighted_loss') return typeof v === 'number';
  return typeof v === 'object';
}

function decode(x: unknown): ModelValue | ClassFreqs {
  if (typeof x !== 'object' || x === null) return dec(x);
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o).sort().join();
  if (keys === 'detail,error' && o.error === 'IndexError' && typeof o.detail === 'string') return { error: 'IndexError', detail: o.detail };
  if (keys === 'neg,pos' && Array.isArray(o.pos) && Array.isArray(o.neg)) return { pos: o.pos.map(dec), neg: o.neg.map(dec) };
  throw new Error('not a model value');
}

/** The store in `text` for a suite of `count` modelled cases under `key`; throws when it is anything else. */
export function parseModels(text: string, key: string, count: number): ModelStore {
  const doc = JSON.parse(text) as unknown;
  if (typeof doc !== 'object' || doc === null) throw new Error('not an object');
  const { format, key: k, cases } = doc as Record<string, unknown>;
  if (format !== FORMAT || k !== key || !Array.isArray(cases) || cases.length !== count) throw new Error('another suite or build');
  return cases.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error('not a case entry');
    const m = new Map<string, (ModelValue | ClassFreqs)[]>();
    for (const [cand, values] of Object.entries(entry)) {
      if (!Array.isArray(values)) throw new Error('not a list of values');
      m.set(cand, values.map(decode));
    }
    return m;
  });
}

/** The store as the cache file holds it. */
export function renderModels(store: ModelStore, key: string): string {
  return JSON.stringify({ format: FORMAT, key, cases: store.map((m) => Object.fromEntries([...m].map(([cand, values]) => [cand, values.map(encode)]))) });
}

/** What loadModels read, for saveModels. */
export interface LoadedModels {
  file: string;
  key: string;
  /** The candidates' value sets the file held that the batch kept (0: none, or it was not read). */
  sets: number;
  /** The file holds something the batch did not keep (it did not fit, or had unknown candidates): written over, or removed. */
  spoilt: boolean;
}

const setsIn = (store: ModelStore) => store.reduce((t, m) => t + m.size, 0);

/** Every case the diagnosis models for `suite`, in the order the file stores them: each case, and a loss case's float32 view after it. */
const modelled = (suite: Suite) => suite.cases.flatMap(modelledViews);

/**
 * Seeds the diagnosis with the values in `dir` for `suite`, when a file there fits; returns what
 * `saveModels` needs at the batch's end. A missing, unreadable or corrupt file seeds nothing.
 */
export function loadModels(dir: string, suite: Suite): LoadedModels {
  const key = modelsCacheKey(suite);
  const file = fileOfKey(dir, key);
  const text = readCacheFile(file, MODELS_MAX_BYTES);
  if (text === undefined) return { file, key, sets: 0, spoilt: present(file) };
  try {
    const cases = modelled(suite);
    const store = parseModels(text, key, cases.length);
    if (!store.every((m, i) => [...m.values()].every((values) => values.every((v) => fitsCase(cases[i]!, v))))) throw new Error('a value of the wrong kind');
    const sets = seedModels(cases, store);
    return { file, key, sets, spoilt: sets < setsIn(store) };
  } catch {
    // corrupt, cut short, another suite's or holding values no model gives: computed again, and
    // written over (or removed) at the end
    return { file, key, sets: 0, spoilt: true };
  }
}

/** Whether anything is at `file` (a file too large to read, a symlink, a FIFO). */
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes the models cache's temporary files in `dir` (`models-<key>.json.<pid>.<random>.tmp`,
 * writeCacheFile) older than STALE_TMP_MS: a writer killed before its rename leaves one, which no
 * one reads. Only regular files are removed (rm unlinks a name, never what a symlink points to);
 * a younger one may be another batch's write in progress. Failures are no matter.
 */
export async function removeStaleTemps(dir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  try {
    for (const name of await readdir(dir)) {
      if (!/^models-[0-9a-f]{64}\.json\.[0-9]+\.[0-9a-f]+\.tmp$/.test(name)) continue;
      const path = join(dir, name);
      try {
        const st = await lstat(path);
        if (!st.isFile() || now - st.mtimeMs < STALE_TMP_MS) continue;
        await rm(path);
        removed++;
      } catch {
        // gone already, or not ours to remove
      }
    }
  } catch {
    // no folder: nothing left behind
  }
  return removed;
}

/**
 * Writes every value known for `suite`'s cases when the batch added any to what the file held, or
 * the file held something the batch did not keep (then, with nothing to write, it is removed).
 * Stale temporary files are removed first. Returns false when the file could not be written.
 */
export async function saveModels(dir: string, suite: Suite, loaded: LoadedModels): Promise<boolean> {
  const store = storedModels(modelled(suite));
  const sets = setsIn(store);
  if (sets <= loaded.sets && !loaded.spoilt) return true;
  await removeStaleTemps(dir);
  if (sets === 0) return rm(loaded.file, { force: true }).then(() => true, () => false);
  return writeCacheFile(dir, loaded.file, renderModels(store, loaded.key));
}
