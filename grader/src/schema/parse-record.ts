/**
 * Parses one runner record (untrusted JSON, already through JSON.parse) into a RunnerRecord.
 *
 * RecordSchema says what a record is. Running it through zod costs ~10 µs per record, and a
 * submission sends ~45 of them (one per call), ~0.4 ms of the grader's time per submission in a
 * batch. So the ordinary records (hello, loading, a result whose value is a number, an array or a
 * sequence of them, done) are checked here by hand first. This check only ever accepts: it returns
 * what zod would return for a record zod accepts, and for anything else (an error, an unknown or
 * missing key, a value out of range, an object that is not a plain JSON object) it steps aside
 * and the schema decides (compiled by fast-parse.ts, which gives zod's results and zod's own
 * errors). So exactly the records the schema accepts are accepted.
 * grader/test/unit/schema/parse-record.test.ts holds the two to that on generated records, valid
 * and mutated.
 */
import { escapeLineBreaks } from '../report/escape.js';
import { fastParser } from './fast-parse.js';
import { INPUT_NAMES, MAX_SEQUENCE_NESTING, RecordSchema, typeName, UNNAMED_TYPE, type EncodedValue, type InputName, type RunnerRecord, type WireNumber } from './protocol.js';

/** The schema's `short` strings: at most this many UTF-16 units. */
const SHORT = 2_000;
/** Nesting of sequences: the schema's (deeper ones, never sent by the runner, go to zod, which refuses them). */
const MAX_DEPTH = MAX_SEQUENCE_NESTING;

/** A record zod accepts, as zod returns it; undefined: let zod decide. */
export function parseOrdinaryRecord(x: unknown): RunnerRecord | undefined {
  if (!isPlainObject(x)) return undefined;
  switch (x.t) {
    case 'result':
      return result(x);
    case 'hello':
      return onlyKeys(x, HELLO_KEYS) && isShort(x.python) && isShort(x.numpy) ? { t: 'hello', python: escapeLineBreaks(x.python), numpy: escapeLineBreaks(x.numpy) } : undefined;
    case 'loading': {
      if (!onlyKeys(x, LOADING_KEYS)) return undefined;
      const imports = names(x.imports, 256);
      return imports ? { t: 'loading', imports } : undefined;
    }
    case 'done':
      return onlyKeys(x, DONE_KEYS) ? { t: 'done' } : undefined;
    default:
      return undefined;
  }
}

/**
 * RecordSchema.parse, with the ordinary records checked without zod and the rest (the `load`
 * record above all: its function infos, sites and notes) by the schema compiled (fast-parse.ts):
 * same results, and zod's own errors for a record the schema refuses.
 */
export function parseRecord(x: unknown): RunnerRecord {
  return parseOrdinaryRecord(x) ?? parseAnyRecord(x);
}
const parseAnyRecord = fastParser(RecordSchema);

const HELLO_KEYS = new Set(['t', 'python', 'numpy']);
const LOADING_KEYS = new Set(['t', 'imports']);
const DONE_KEYS = new Set(['t']);
/** The result keys handled here: a record with `error`, `float32`, `framework` or `again` goes to zod. */
const RESULT_KEYS = new Set(['t', 'id', 'ok', 'value', 'mutated', 'ms']);
const NUMBER_KEYS = new Set(['kind', 'pytype', 'dtype', 'value']);
const ARRAY_KEYS = new Set(['kind', 'pytype', 'dtype', 'shape', 'values', 'origin']);
const SEQUENCE_KEYS = new Set(['kind', 'pytype', 'items', 'truncated']);

function result(x: Record<string, unknown>): RunnerRecord | undefined {
  if (!onlyKeys(x, RESULT_KEYS)) return undefined;
  const { id, ok, ms } = x;
  if (!isShort(id) || typeof ok !== 'boolean' || !isFiniteNumber(ms) || ms < 0) return undefined;
  let value: EncodedValue | undefined;
  if ('value' in x) {
    value = encoded(x.value, 0);
    if (!value) return undefined;
  }
  let mutated: InputName[] = [];
  if ('mutated' in x) {
    const m = inputNames(x.mutated);
    if (!m) return undefined;
    mutated = m;
  }
  // Keys in the schema's order, as zod builds its output.
  return value ? { t: 'result', id, ok, value, mutated, ms } : { t: 'result', id, ok, mutated, ms };
}

function encoded(v: unknown, depth: number): EncodedValue | undefined {
  if (!isPlainObject(v) || !isShort(v.pytype)) return undefined;
  const pytype = typeName(v.pytype, UNNAMED_TYPE);
  switch (v.kind) {
    case 'number': {
      if (!onlyKeys(v, NUMBER_KEYS) || !isWireNumber(v.value)) return undefined;
      if (!('dtype' in v)) return { kind: 'number', pytype, value: v.value };
      return isShort(v.dtype) ? { kind: 'number', pytype, dtype: escapeLineBreaks(v.dtype), value: v.value } : undefined;
    }
    case 'array': {
      if (!onlyKeys(v, ARRAY_KEYS) || !isShort(v.dtype)) return undefined;
      const shape = shapeOf(v.shape);
      const values = v.values === null ? null : wireNumbers(v.values);
      if (!shape || values === undefined) return undefined;
      const dtype = escapeLineBreaks(v.dtype);
      if (!('origin' in v)) return { kind: 'array', pytype, dtype, shape, values };
      return isShort(v.origin) ? { kind: 'array', pytype, dtype, shape, values, origin: typeName(v.origin, UNNAMED_TYPE) } : undefined;
    }
    case 'sequence': {
      if (depth >= MAX_DEPTH || !onlyKeys(v, SEQUENCE_KEYS) || !isPlainArray(v.items) || v.items.length > 64) return undefined;
      const items: EncodedValue[] = [];
      for (let i = 0; i < v.items.length; i++) {
        const item = encoded(v.items[i], depth + 1);
        if (!item) return undefined;
        items.push(item);
      }
      if (!('truncated' in v)) return { kind: 'sequence', pytype, items };
      return typeof v.truncated === 'boolean' ? { kind: 'sequence', pytype, items, truncated: v.truncated } : undefined;
    }
    default:
      return undefined;
  }
}

/** A JSON object: nothing inherited but Object.prototype's (zod reads inherited keys too). */
function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/** A JSON array: an Array, not a subclass. */
function isPlainArray(x: unknown): x is unknown[] {
  return Array.isArray(x) && Object.getPrototypeOf(x) === Array.prototype;
}

/** Every own key of `x` is one of `keys` (a key holding undefined, which zod reads as absent, fails its field's check). */
function onlyKeys(x: Record<string, unknown>, keys: Set<string>): boolean {
  for (const k of Object.keys(x)) if (!keys.has(k)) return false;
  return true;
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isShort = (x: unknown): x is string => typeof x === 'string' && x.length <= SHORT;
const isWireNumber = (x: unknown): x is WireNumber => isFiniteNumber(x) || x === 'NaN' || x === 'Infinity' || x === '-Infinity';

/** At most `max` short strings, each shown with its line breaks escaped (the schema's `name`). */
function names(x: unknown, max: number): string[] | undefined {
  if (!isPlainArray(x) || x.length > max) return undefined;
  const out: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const s = x[i];
    if (!isShort(s)) return undefined;
    out.push(escapeLineBreaks(s));
  }
  return out;
}

/** At most 8 of the plan's input names (the schema's InputNameSchema). */
function inputNames(x: unknown): InputName[] | undefined {
  if (!isPlainArray(x) || x.length > 8) return undefined;
  for (let i = 0; i < x.length; i++) if (!INPUT.has(x[i] as string)) return undefined;
  return [...(x as InputName[])];
}
const INPUT = new Set<string>(INPUT_NAMES);

/** At most 32 sizes, each a safe integer ≥ 0 (zod's int()). */
function shapeOf(x: unknown): number[] | undefined {
  if (!isPlainArray(x) || x.length > 32) return undefined;
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const n = x[i];
    if (!Number.isSafeInteger(n) || (n as number) < 0) return undefined;
    out.push(n as number);
  }
  return out;
}

function wireNumbers(x: unknown): WireNumber[] | undefined {
  if (!isPlainArray(x)) return undefined;
  const out: WireNumber[] = [];
  for (let i = 0; i < x.length; i++) {
    const n = x[i];
    if (!isWireNumber(n)) return undefined;
    out.push(n);
  }
  return out;
}
