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
import { join } from 'node:path';
import type { ClassFreqs, ModelValue } from '../../../reference/loss.js';
import { hashSuite } from '../batch/hash.js';
import { readCacheFile, writeCacheFile } from '../cache-file.js';
import { seedModels, storedModels, type ModelStore } from '../grade/diagnose.js';
import { modelledViews } from '../grade/grade-suite.js';
import { buildVersion } from '../version.js';
import type { Suite } from './load-suite.js';

/** Bump when the stored form changes. */
const FORMAT = 1;

/** The bench's suites store ~5 MB; a larger file than this is not read (readCacheFile). */
const MAX_BYTES = 256 * 2 ** 20;

/** The cache's key: the stored form, the grader's build, the suite's cases. */
export function modelsCacheKey(suite: Suite, build = buildVersion()): string {
  return createHash('sha256').update(JSON.stringify([FORMAT, build, hashSuite(suite)])).digest('hex');
}

export const modelsCacheFile = (dir: string, suite: Suite): string => join(dir, `models-${modelsCacheKey(suite)}.json`);

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
  /** The candidates' value sets the file held (0: none, or it was not read). */
  sets: number;
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
  const file = join(dir, `models-${key}.json`);
  const text = readCacheFile(file, MAX_BYTES);
  let sets = 0;
  if (text !== undefined) {
    try {
      const cases = modelled(suite);
      const store = parseModels(text, key, cases.length);
      seedModels(cases, store);
      sets = setsIn(store);
    } catch {
      // corrupt, cut short or another suite's: computed again, and written over at the end
    }
  }
  return { file, key, sets };
}

/**
 * Writes every value known for `suite`'s cases when the batch added any to what the file held.
 * Returns false when the file could not be written.
 */
export async function saveModels(dir: string, suite: Suite, loaded: LoadedModels): Promise<boolean> {
  const store = storedModels(modelled(suite));
  if (setsIn(store) <= loaded.sets) return true;
  return writeCacheFile(dir, loaded.file, renderModels(store, loaded.key));
}
