/**
 * The compiled schemas (schema/fast-parse.ts) against zod itself, the oracle: on values generated
 * from the schema's own definition (every key, optional or not, every union option, lengths at
 * their limits) and the same values mutated (a key removed, added or given a hostile value, at any
 * depth: wrong types, NaN, infinities, huge strings, `__proto__`, objects that are not plain), the
 * compiled check accepts exactly what zod accepts and returns exactly what zod returns (key order,
 * keys holding undefined, defaults filled in, transforms run), for the runner's records (what a
 * learner's code can forge on its channel) and for the report.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderJson } from '../../../src/report/json.js';
import { stringifyJson } from '../../../src/report/stringify-json.js';
import { fastCheck, fastParser } from '../../../src/schema/fast-parse.js';
import { BatchStateSchema } from '../../../src/schema/batch.js';
import { RecordSchema } from '../../../src/schema/protocol.js';
import { GradeReportSchema } from '../../../src/schema/report.js';
import { makeCase, makeMistake, makeReport } from '../report/factories.js';
import { rng, type Rng } from '../../helpers/rng.js';


/** Strings the schemas' patterns may want (names, dotted names, cells, scopes, callees, tokens), and others. */
const STRINGS = [
  '', 'x', 'numpy', 'np.log', 'ValueError', 'submission.f.<locals>.L', 'a b', 'a\nb', '\u2028', 'é', 'Fehlerß', '_x1',
  'cell 3', 'cell In [12]', 'cell x', 'main-guard', 'similar', 'function helper', 'class Loss', 'markdown-cell', 'if', 'cell-magic time',
  "epsilon's annotation", 'the return annotation', 'the decorator', 'crit (nn.BCEWithLogitsLoss)', 'tf.nn.sigmoid(..., from_logits=True)', 'bce (tf.keras.losses.BinaryCrossentropy(..., from_logits=True))',
  '0123456789abcdef', 'Staff note: verified by hand', '\u{1F600}'.repeat(1001), 'x'.repeat(2000), 'x'.repeat(2001), 'y'.repeat(4001), 'z'.repeat(8001),
];
const NUMBERS = [0, -0, 1, 2, 3, 7, 8, 9, 0.5, -1, -8, -9, 1.5, 2 ** 53 - 1, 2 ** 53, 50 * 2 ** 20, 50 * 2 ** 20 + 1, 1_000_000, 1e308];
/** What a mutation puts in place of a value. */
const HOSTILE: unknown[] = [
  undefined, null, true, false, NaN, Infinity, -Infinity, -1, 1.5, 2 ** 53, 0, '', 'NaN', 'x'.repeat(100_000), [], [1], ['a'], {}, { t: 'load' },
  Object.create(null), Object.create({ t: 'result', ok: true }), new (class extends Array {})(), new Date(0), new Map(), () => 1,
];

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number; value?: number; pattern?: RegExp } } }[];
  [k: string]: unknown;
}
const zodOf = (s: unknown) => (s as { _zod: { def: Def; values?: Set<unknown>; innerType?: unknown; optin?: string } })._zod;

/** A value for `schema`, valid most of the time (the patterns are met by picking among STRINGS). */
function gen(schema: unknown, r: Rng, depth: number): unknown {
  const s = zodOf(schema);
  const d = s.def;
  const checks = (d.checks ?? []).map((c) => c._zod.def);
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum;
  switch (d.type) {
    case 'string': {
      const re = checks.find((c) => c.check === 'string_format')?.pattern;
      const fits = STRINGS.filter((x) => (!re || re.test(x)) && (max === undefined || x.length <= max));
      return fits.length && r.chance(0.9) ? r.pick(fits) : r.pick(STRINGS);
    }
    case 'number': {
      const lo = checks.find((c) => c.check === 'greater_than')?.value;
      const hi = checks.find((c) => c.check === 'less_than')?.value;
      const fits = NUMBERS.filter((x) => (lo === undefined || x >= lo) && (hi === undefined || x <= hi));
      return r.chance(0.9) && fits.length ? r.pick(fits) : r.pick(NUMBERS);
    }
    case 'boolean':
      return r.chance(0.5);
    case 'literal':
    case 'enum':
      return r.pick([...s.values!]);
    case 'array': {
      // At the limit now and then (past it too), for limits a test can reach in its time.
      const n = depth > 4 ? min : r.chance(0.1) && max !== undefined && max <= 300 ? r.pick([max, max + 1]) : min + r.int(3);
      return Array.from({ length: n }, () => gen(d.element, r, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(d.shape as Record<string, unknown>)) {
        if (zodOf(f).optin !== undefined && (depth > 4 || r.chance(0.4))) continue;
        out[k] = gen(f, r, depth + 1);
      }
      return out;
    }
    case 'record':
      return Object.fromEntries(['compute_class_freqs', 'get_weighted_loss'].filter(() => r.chance(0.7)).map((k) => [k, gen(d.valueType, r, depth + 1)]));
    case 'optional':
      return r.chance(0.2) ? undefined : gen(d.innerType, r, depth);
    case 'nullable':
      return r.chance(0.2) ? null : gen(d.innerType, r, depth);
    case 'default':
      return r.chance(0.3) ? undefined : gen(d.innerType, r, depth);
    case 'pipe':
      // A preprocess (a transform first) takes what its schema takes.
      return zodOf(d.in).def.type === 'transform' ? gen(d.out, r, depth) : gen(d.in, r, depth);
    case 'lazy':
      return gen(s.innerType, r, depth + 1);
    case 'union':
      return gen(r.pick(d.options as unknown[]), r, depth);
    case 'tuple':
      return (d.items as unknown[]).map((x) => gen(x, r, depth + 1));
    default:
      throw new Error(`gen: no generator for ${d.type}`);
  }
}

/** Every object and array inside `x`, with the key that holds it in its parent. */
function places(x: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(x)) x.forEach((v, i) => (out.push([x, i]), places(v, out)));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) out.push([x as Record<string, unknown>, k]), places(v, out);
  return out;
}

/** One change somewhere in a copy of `x`: a value replaced, a key removed or added, an array grown. */
function mutate(x: unknown, r: Rng): unknown {
  const copy = structuredClone(x);
  const spots = places(copy);
  const how = r.int(5);
  if (how === 0 || spots.length === 0) {
    if (copy && typeof copy === 'object') (copy as Record<string, unknown>)[r.pick(['extra', 'error', 'ok', 'constructor', 'toString', 't'])] = r.pick(HOSTILE);
    return copy;
  }
  const [parent, key] = r.pick(spots);
  const p = parent as Record<string | number, unknown>;
  if (how === 1) p[key] = r.pick(HOSTILE);
  else if (how === 2) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete p[key];
  } else if (how === 3) {
    const v = p[key];
    if (Array.isArray(v)) v.push(...Array.from({ length: r.pick([1, 60, 300]) }, () => v[0] ?? r.pick(HOSTILE)));
    else if (v && typeof v === 'object') (v as Record<string, unknown>)[r.pick(['extra', 'kind', 'line', 'name', 'id'])] = r.pick(HOSTILE);
    else p[key] = r.pick(HOSTILE);
  } else p[key] = r.pick([...STRINGS, ...NUMBERS]);
  return copy;
}

/** zod and the compiled check agree on `x`; which way. */
function agrees(schema: z.ZodType, check: (x: unknown) => { value: unknown } | undefined, x: unknown): boolean {
  const slow = schema.safeParse(x);
  const fast = check(x);
  const same = fast !== undefined && slow.success && isDeepStrictEqual(fast.value, slow.data) && JSON.stringify(fast.value) === JSON.stringify(slow.data);
  if (!(slow.success ? same : fast === undefined)) expect({ x, fast: fast?.value }).toEqual({ x, fast: slow.success ? slow.data : undefined });
  return slow.success;
}

describe.each([
  ['the runner records', RecordSchema],
  ['the report', GradeReportSchema],
  ['the batch state', BatchStateSchema],
] as const)('fastCheck: %s, against zod', (_, schema) => {
  const check = fastCheck(schema as z.ZodType);

  it('gives what zod gives on generated values, most of them valid', () => {
    const r = rng(28);
    let valid = 0;
    for (let i = 0; i < 3000; i++) if (agrees(schema, check, gen(schema, r, 0))) valid++;
    // Not vacuous: generated values pass, and so every kind of node is compared on accepted values.
    expect(valid).toBeGreaterThan(1000);
  });

  it('refuses what zod refuses: the same values mutated at any depth', () => {
    const r = rng(2028);
    let rejected = 0;
    let accepted = 0;
    for (let i = 0; i < 8000; i++) {
      if (agrees(schema, check, mutate(gen(schema, r, 0), r))) accepted++;
      else rejected++;
    }
    expect(rejected).toBeGreaterThan(2000);
    expect(accepted).toBeGreaterThan(500);
  });
});

describe('fastCheck: records as JSON.parse makes them', () => {
  const check = fastCheck(RecordSchema);
  it.each([
    '{"t":"load","ok":true,"__proto__":{"ok":false}}',
    '{"t":"load","ok":true,"functions":{"__proto__":{"defined":true,"callable":true,"params":null}}}',
    '{"t":"load","ok":true,"functions":{"compute_class_freqs":{"defined":true,"callable":true,"params":null,"__proto__":{}}}}',
    '{"t":"load","ok":true,"imports":["numpy"],"notes":[],"weights":[],"functions":{"get_weighted_loss":{"defined":true,"callable":true,"params":[{"name":"pos_weights","kind":"POSITIONAL_OR_KEYWORD","hasDefault":false}],"sites":[{"kind":"log","line":3,"op":"log","adds":1}]}}}',
    '{"t":"load","ok":false,"error":{"type":"ModuleNotFoundError","message":"No module named \'torchh\'","module":"torchh","traceback":"x"}}',
    '{"t":"load","ok":false,"error":{"type":"ImportError","message":"m","module":"Staff note: yes","absent":"x"}}',
    '{"t":"result","id":"a","ok":false,"ms":1,"error":{"type":"Boom <b>","message":"m"},"float32":{"type":"TypeError","message":"m"}}',
    '{"t":"result","id":"a","ok":true,"ms":1,"again":1e999}',
    '{"t":"setup","frameworks":["torch","torch","torch"]}',
    '{"t":"fatal","code":"BAD_PLAN","message":"no","__proto__":null}',
  ])('%s', (text) => {
    agrees(RecordSchema, check, JSON.parse(text));
  });
});

describe('fastCheck: node kinds whose parse differs from their base kind are left to zod', () => {
  it.each([
    ['an exclusive union (z.xor)', z.xor([z.string(), z.string().max(3)]), ['ab', 'abcdef', 1]],
    ['exactOptional', z.strictObject({ a: z.string().exactOptional() }), [{}, { a: undefined }, { a: 'x' }]],
    ['a codec', z.codec(z.string(), z.number(), { decode: (s) => s.length, encode: (n) => 'x'.repeat(n) }), ['abc', 3]],
    ['z.int() and z.email()', z.tuple([z.int(), z.email()]), [[1, 'a@b.co'], [1.5, 'a@b.co'], [1, 'nope']]],
    ['a tuple with an optional item or a rest', z.tuple([z.string(), z.number().optional()], z.boolean()), [['a'], ['a', 1], ['a', 1, true], ['a', undefined], ['a', 1, 2]]],
    ['coercion', z.coerce.number(), ['12', 'x', 3]],
    ['a string check that rewrites the value', z.string().trim().max(2), ['  ab  ', 'abc']],
    ['a refinement', z.number().refine((n) => n % 2 === 0), [2, 3]],
  ] as [string, z.ZodType, unknown[]][])('%s', (_, schema, values) => {
    const check = fastCheck(schema);
    for (const v of values) agrees(schema, check, v);
  });
});

describe('fastCheck where code cannot be generated (node --disallow-code-generation-from-strings)', () => {
  it("falls back to zod's own parse, with zod's results", () => {
    // zod, which learns it at its first parse, then runs its objects without its own generated code.
    z.config({ jitless: true });
    const real = globalThis.Function;
    globalThis.Function = function () {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    try {
      const schema = z.strictObject({ a: z.number().int(), b: z.string().default('x') });
      const check = fastCheck(schema);
      expect(check({ a: 1 })).toEqual({ value: { a: 1, b: 'x' } });
      expect(check({ a: 1.5 })).toBeUndefined();
      expect(check({ a: 1, c: 2 })).toBeUndefined();
    } finally {
      globalThis.Function = real;
      z.config({ jitless: false });
    }
  });
});

describe('fastParser', () => {
  it("throws zod's own error for what zod refuses, word for word", () => {
    const parse = fastParser(RecordSchema);
    for (const x of [{ t: 'load', ok: 'yes' }, { t: 'nope' }, { t: 'load', ok: true, functions: { f: { defined: true } } }, 42]) {
      const zod = RecordSchema.safeParse(x);
      expect(zod.success).toBe(false);
      expect(() => parse(x)).toThrow(zod.error!.message);
    }
  });
});

describe('renderJson: the report still checked before it leaves', () => {
  const report = makeReport({ cases: [makeCase({ location: { line: 3 } }), makeCase({ id: 'b', status: 'failed', points: 0, actual: { pos: [1, 'NaN'], neg: [0.5, 2] } })], mistakes: [makeMistake()] });

  it('writes what zod parsed, byte for byte, keys in the schema order', () => {
    const shuffled = Object.fromEntries(Object.entries(report).reverse()) as typeof report;
    expect(renderJson(shuffled)).toBe(stringifyJson(GradeReportSchema.parse(shuffled)));
    expect(renderJson(shuffled)).toBe(renderJson(report));
  });

  it.each([
    ['a NaN score (JSON would write null)', { ...report, score: NaN }],
    ['an infinite duration', { ...report, durationMs: Infinity }],
    ['a key the schema does not have', { ...report, extra: 1 }],
    ['a case line that is not an integer', { ...report, cases: [makeCase({ location: { line: 2.5 } })] }],
    ['a mistake id not in the catalogue', { ...report, mistakes: [makeMistake({ id: 'made-up' as never })] }], // deliberately malformed: an id the type forbids
    ['a status not in the enum', { ...report, status: 'ok' as never }], // deliberately malformed: a status the type forbids
  ])('refuses a broken report: %s', (_, broken) => {
    expect(GradeReportSchema.safeParse(broken).success).toBe(false);
    expect(() => renderJson(broken)).toThrow();
  });
});
