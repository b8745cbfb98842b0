/**
 * The files wlgrade writes and reads back (summary.json, results/<learner>.json, batch-state.json)
 * are read strictly, by the schema of this wlgrade: a field, mistake id or problem code it does not
 * know is not skipped, since merge writes again what it read and would drop it without a word.
 * Every earlier format stays readable (fields added since are optional or nullable). What a newer
 * wlgrade added is therefore refused by an older one, and this says so: the file's own
 * `tool.version`, or a `schemaVersion` above the reader's, names a newer writer, and the sentence
 * says to upgrade instead of calling the file "not a wlgrade summary". README, "Files wlgrade reads back".
 */
import type { z } from 'zod';
import { fastParser } from '../schema/fast-parse.js';
import { VERSION } from '../version.js';

/** A version's leading numbers (0.10.2-rc.1+abc -> [0, 10, 2]); null when it has none. */
function numbersOf(version: string): number[] | null {
  const m = /^(\d+(?:\.\d+)*)/.exec(version);
  return m ? m[1]!.split('.').map(Number) : null;
}

/** Whether version `a` is above `b` by its numbers (0.10.0 > 0.9.9; a pre-release or build tag is not compared). */
export function versionAbove(a: string, b: string): boolean {
  const [x, y] = [numbersOf(a), numbersOf(b)];
  if (!x || !y) return false;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/**
 * Who wrote `doc`, a file this wlgrade could not read, when that was a newer wlgrade: its
 * `tool.version` when above this one's, else, for a `schemaVersion` above `known` (the reader's),
 * 'a newer version'. Null for anything else (a file of another tool, damaged, or older).
 */
export function newerWriter(doc: unknown, known: number, ours: string = VERSION): string | null {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const { tool, schemaVersion } = doc as { tool?: unknown; schemaVersion?: unknown };
  const t = tool !== null && typeof tool === 'object' ? (tool as { name?: unknown; version?: unknown }) : undefined;
  const version = t?.name === 'wlgrade' && typeof t.version === 'string' ? t.version : undefined;
  // Another tool's file, or one damaged past telling.
  if (tool !== undefined && version === undefined) return null;
  if (version !== undefined && versionAbove(version, ours)) return version;
  return typeof schemaVersion === 'number' && schemaVersion > known ? 'a newer version' : null;
}

/** The sentence for `what` (a path as shown), written by `writer` (newerWriter), that this wlgrade cannot read. */
export function newerWriterMessage(what: string, writer: string, ours: string = VERSION): string {
  const by = writer === 'a newer version' ? 'a newer version of wlgrade' : `wlgrade ${writer}`;
  const to = writer === 'a newer version' ? 'the version that wrote it' : writer;
  return `${what} was written by ${by}, in a format this wlgrade (${ours}) cannot read: upgrade wlgrade to ${to} or later and run the command again.`;
}

/** A schema of a file wlgrade writes and reads back: its own schemaVersion is a literal. */
type WrittenSchema<T> = z.ZodType<T> & { shape: { schemaVersion: { value: number } } };

/**
 * `text` (null: it could not be read) read back with `schema`: its data, or, when it is not that,
 * the parsed document and the newer wlgrade that wrote it (newerWriter; null when none did).
 */
export function readWritten<T>(schema: WrittenSchema<T>, text: string | null): { ok: true; data: T } | { ok: false; doc: unknown; newer: string | null } {
  let doc: unknown = null;
  try {
    if (text !== null) doc = JSON.parse(text);
  } catch {
    // not JSON: not a wlgrade file
  }
  try {
    // fastParser: zod's result at a third of its cost (a batch reads a report back per learner it reuses).
    return { ok: true, data: fastParser(schema)(doc) as T };
  } catch {
    return { ok: false, doc, newer: newerWriter(doc, schema.shape.schemaVersion.value) };
  }
}

