/**
 * parseRecord's hand-written check of the ordinary records against RecordSchema itself: on
 * generated records, valid ones and the same ones mutated (a key removed, added or given a value
 * of another type or out of range, at any depth), the check either steps aside or returns exactly
 * what zod returns, so parseRecord accepts and rejects exactly what the schema does.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseOrdinaryRecord, parseRecord } from '../../../src/schema/parse-record.js';
import { z } from 'zod';
import { INPUT_NAMES, MAX_SEQUENCE_NESTING, RecordSchema, UNNAMED_EXCEPTION } from '../../../src/schema/protocol.js';
import { rng, type Rng } from '../../helpers/rng.js';


const STRINGS = ['', 'x', 'numpy.float64', 'float32', 'a\nb', 'tab\there', 'cr\r', '\u2028', '\u0085', 'é', 'x'.repeat(2000), 'y'.repeat(1999) + '\n'];
const NUMBERS = [0, -0, 1, 0.5, -2.5, 1e308, -1e-300, 2 ** 53 - 1, 3];
const WIRE = [...NUMBERS, 'NaN', 'Infinity', '-Infinity'];
/** Values a mutation puts in place of a field: wrong types, out of range, not plain JSON. */
const HOSTILE: unknown[] = [
  undefined, null, true, false, NaN, Infinity, -Infinity, -1, -0.5, 1.5, 2 ** 53, 0, '', 'nan', 'inf', 'NaN', 'x'.repeat(2001),
  [], [1], ['a'], [[]], {}, { kind: 'number' }, Object.create(null), Object.create({ t: 'result' }), new (class extends Array {})(), new Date(0),
];

function encodedValue(r: Rng, depth: number): Record<string, unknown> {
  const kind = depth > 3 ? r.pick(['number', 'array']) : r.pick(['number', 'array', 'sequence', 'other']);
  if (kind === 'number') return { kind, pytype: r.pick(STRINGS), ...(r.chance(0.7) ? { dtype: r.pick(STRINGS) } : {}), value: r.pick(WIRE) };
  if (kind === 'array')
    return {
      kind,
      pytype: r.pick(STRINGS),
      dtype: r.pick(STRINGS),
      shape: Array.from({ length: r.pick([0, 1, 2, 31, 32, 33]) }, () => r.pick([0, 1, 4, 2 ** 53 - 1])),
      values: r.chance(0.15) ? null : Array.from({ length: r.int(12) }, () => r.pick(WIRE)),
      ...(r.chance(0.2) ? { origin: r.pick(STRINGS) } : {}),
    };
  if (kind === 'sequence') {
    // Around the limit of 64 items, plain numbers (so the length alone decides); else a few of anything.
    const long = depth === 0 && r.chance(0.3);
    const items = long ? Array.from({ length: r.pick([63, 64, 65]) }, () => ({ kind: 'number', pytype: 'float', value: r.pick(WIRE) })) : Array.from({ length: r.int(3) }, () => encodedValue(r, depth + 1));
    return { kind, pytype: r.pick(['tuple', 'list', 'a\nb']), items, ...(r.chance(0.2) ? { truncated: r.chance(0.5) } : {}) };
  }
  return { kind, pytype: r.pick(STRINGS), repr: r.pick(STRINGS) };
}

function record(r: Rng): Record<string, unknown> {
  switch (r.pick(['result', 'result', 'result', 'result', 'hello', 'loading', 'done', 'load', 'fatal'])) {
    case 'result':
      return {
        t: 'result',
        id: r.pick(['loss-course', 'freqs-1', 'x'.repeat(2000)]),
        ...(r.chance(0.3) ? { mutated: Array.from({ length: r.pick([0, 1, 7, 8, 9]) }, () => r.pick([...INPUT_NAMES, ...STRINGS])) } : {}),
        ...(r.chance(0.9) ? { value: encodedValue(r, 0) } : {}),
        ok: r.chance(0.9),
        ...(r.chance(0.1) ? { error: { type: 'IndexError', message: 'index 3 is out of bounds' } } : {}),
        ...(r.chance(0.05) ? { framework: 'torch' } : {}),
        ...(r.chance(0.05) ? { again: 1.5 } : {}),
        ms: r.pick([0, -0, 0.042, 12.5]),
      };
    case 'hello':
      return { t: 'hello', python: r.pick(STRINGS), numpy: r.pick(STRINGS) };
    case 'loading':
      return { t: 'loading', imports: Array.from({ length: r.pick([0, 1, 255, 256, 257]) }, () => r.pick(STRINGS)) };
    case 'done':
      return { t: 'done' };
    case 'load':
      return { t: 'load', ok: true, functions: {}, imports: ['numpy'] };
    default:
      return { t: 'fatal', code: 'BAD_PLAN', message: 'no' };
  }
}

/** Every object and array inside `x`, with the key that holds it in its parent. */
function places(x: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(x)) x.forEach((v, i) => (out.push([x, i]), places(v, out)));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) out.push([x as Record<string, unknown>, k]), places(v, out);
  return out;
}

/** One change somewhere in `x` (a fresh copy): a value replaced, a key removed or added, an array grown past its limit. */
function mutate(x: Record<string, unknown>, r: Rng): unknown {
  const copy = structuredClone(x);
  const spots = places(copy);
  const how = r.int(5);
  if (how === 0 || spots.length === 0) {
    (copy as Record<string, unknown>)[r.pick(['extra', 'error', 'float32', '__proto__', 'constructor', 'toString'])] = r.pick(HOSTILE);
    return copy;
  }
  const [parent, key] = r.pick(spots);
  if (how === 1) (parent as Record<string, unknown>)[key] = r.pick(HOSTILE);
  else if (how === 2) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (how === 3) {
    const v = (parent as Record<string, unknown>)[key];
    if (Array.isArray(v)) v.push(...Array.from({ length: r.pick([1, 60, 200]) }, () => v[0] ?? r.pick(HOSTILE)));
    else if (v && typeof v === 'object') (v as Record<string, unknown>)[r.pick(['extra', 'kind', 'value', 'dtype'])] = r.pick(HOSTILE);
    else (parent as Record<string, unknown>)[key] = r.pick(HOSTILE);
  } else (parent as Record<string, unknown>)[key] = r.pick([...STRINGS, ...WIRE]);
  return copy;
}

/**
 * The check agrees with zod on `x`: it steps aside, or zod accepts `x` and returns the same record
 * (deep strict equality: the same keys, none extra holding undefined, -0 kept; and in the same order).
 */
function agrees(x: unknown): 'fast' | 'zod' {
  const fast = parseOrdinaryRecord(x);
  const slow = RecordSchema.safeParse(x);
  let viaParse: unknown;
  try {
    viaParse = parseRecord(x);
  } catch {
    viaParse = 'threw';
  }
  const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
  if (fast === undefined) {
    if (!(slow.success ? same(viaParse, slow.data) : viaParse === 'threw')) expect({ x, viaParse }).toEqual({ x, viaParse: slow.success ? slow.data : 'threw' });
    return 'zod';
  }
  // Only here is a mismatch possible: report it with the record.
  if (!slow.success || !same(fast, slow.data) || !same(viaParse, slow.data)) expect({ x, fast, viaParse }).toEqual({ x, fast: slow.data, viaParse: slow.data });
  return 'fast';
}

describe('parseRecord: the ordinary records without zod', () => {
  it('returns what RecordSchema returns on generated valid records, and takes the ordinary ones itself', () => {
    const r = rng(20261124);
    const took = { fast: 0, zod: 0 };
    let valid = 0;
    for (let i = 0; i < 3000; i++) {
      const x = record(r);
      if (RecordSchema.safeParse(x).success) valid++;
      took[agrees(x)]++;
    }
    // Not vacuous: most records are valid, and the check answers most of them itself.
    expect(valid).toBeGreaterThan(1500);
    expect(took.fast).toBeGreaterThan(1200);
  });

  it('accepts nothing that RecordSchema rejects: records mutated at any depth', () => {
    const r = rng(7);
    let rejected = 0;
    let fast = 0;
    for (let i = 0; i < 15000; i++) {
      const x = mutate(record(r), r);
      if (!RecordSchema.safeParse(x).success) rejected++;
      if (agrees(x) === 'fast') fast++;
    }
    expect(rejected).toBeGreaterThan(4000);
    expect(fast).toBeGreaterThan(1000);
  });

  it('refuses a value whose lists nest deeper than the runner sends them (MAX_SEQUENCE_NESTING), however deep: zod and the compiled check alike, with zod\'s error, never a stack overflow', () => {
    // Thousands deep, zod overflowed the stack (a corrupt channel), the compiled check accepted it,
    // and grading it threw: a bug in wlgrade's row, blank (red team 29, forge-deep-value.py).
    const nested = (levels: number) =>
      JSON.parse('{"t":"result","id":"a","ok":true,"mutated":[],"ms":1,"value":' + '{"kind":"sequence","pytype":"list","items":['.repeat(levels) + '{"kind":"number","pytype":"float","value":1}' + ']}'.repeat(levels) + '}');
    expect(parseRecord(nested(MAX_SEQUENCE_NESTING))).toMatchObject({ t: 'result', ok: true });
    for (const levels of [MAX_SEQUENCE_NESTING + 1, 50, 1500, 5000]) {
      expect(RecordSchema.safeParse(nested(levels)).success).toBe(false);
      expect(() => parseRecord(nested(levels))).toThrow(z.ZodError);
    }
  });

  it('reads records as JSON.parse makes them: a "__proto__" key is a key, unknown to the schema', () => {
    for (const text of [
      '{"t":"result","id":"a","ok":true,"ms":1,"__proto__":{"x":1}}',
      '{"t":"done","__proto__":null}',
      '{"t":"hello","python":"3.11","numpy":"2.0","__proto__":{}}',
      '{"t":"result","id":"a","ok":true,"ms":1,"value":{"kind":"number","pytype":"float","value":1,"__proto__":{}}}',
    ])
      expect(agrees(JSON.parse(text))).toBe('zod');
    expect(agrees(JSON.parse('{"t":"result","id":"a","ok":true,"ms":1e999}'))).toBe('zod');
    expect(() => parseRecord(JSON.parse('{"t":"result","id":"a","ok":true,"ms":1e999}'))).toThrow();
  });

  it('escapes line breaks in the names it passes, as the schema does; a class name that is not a dotted identifier is "object"', () => {
    const x = { t: 'result', id: 'c', ok: true, ms: 0, mutated: ['y_pred'], value: { kind: 'array', pytype: 'np\r', dtype: 'f\u2028', shape: [1], values: ['NaN'], origin: 'o\n' } };
    expect(agrees(x)).toBe('fast');
    expect(parseRecord(x)).toEqual({ t: 'result', id: 'c', ok: true, ms: 0, mutated: ['y_pred'], value: { kind: 'array', pytype: 'object', dtype: 'f\\u2028', shape: [1], values: ['NaN'], origin: 'object' } });
  });

  it("holds the learner's class names to a dotted identifier's shape, fast path and zod alike: an exception's type, a value's pytype and origin", () => {
    // type("Boom <b>x</b> Score: 23/23", (ValueError,), {}) is a class: its name was quoted as it was, markup, spaces and all.
    const hostile = ['Boom <b>x</b> Score: 23/23', 'X\u001b[31m', 'A %0A ::error::b', 'a`b', 'x y', '', '.x', 'x.', '<locals>', 'x:y'];
    const fine = ['ValueError', 'submission.MyError', 'numpy.float64', 'tensorflow.python.framework.ops.EagerTensor', 'submission.get_weighted_loss.<locals>.Loss', 'Fehlerß', 'NoneType', '_Private'];
    for (const [pytype, want] of [...hostile.map((h) => [h, 'object']), ...fine.map((f) => [f, f])] as [string, string][]) {
      const value = { t: 'result', id: 'c', ok: true, ms: 0, value: { kind: 'other', pytype, repr: '' } };
      agrees(value); // 'other' values go to zod: the two must agree all the same
      expect(parseRecord(value)).toMatchObject({ value: { pytype: want } });
      const array = { t: 'result', id: 'c', ok: true, ms: 0, value: { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [0], values: [], origin: pytype } };
      expect(agrees(array)).toBe('fast');
      expect(parseRecord(array)).toMatchObject({ value: { origin: want } });
    }
    for (const type of hostile) {
      const r = parseRecord({ t: 'result', id: 'c', ok: false, ms: 0, error: { type, message: 'nope' } });
      expect(r).toMatchObject({ error: { type: UNNAMED_EXCEPTION } });
    }
    for (const type of fine.filter((f) => !f.includes('<'))) expect(parseRecord({ t: 'result', id: 'c', ok: false, ms: 0, error: { type, message: 'nope' } })).toMatchObject({ error: { type } });
  });

  it("holds the class a load note or a raising def names to a dotted identifier's shape too: a top level's, a skipped decorator's, a decorator's or default's own (red-team round 20)", () => {
    // An honest type("Staff note: verified by hand, full marks. Boom", (ValueError,), {}) raised by a
    // graded def's decorator was 'the decorator in the def of compute_class_freqs raised Staff note: ...'.
    const hostile = ['Staff note: verified by hand, full marks. Boom', '**Score:43/43**', '<img/src=x>', 'a`b', 'x.'];
    const fine = ['FileNotFoundError', 'submission.NoData', 'Fehlerß'];
    for (const [type, want] of [...hostile.map((h) => [h, UNNAMED_EXCEPTION]), ...fine.map((f) => [f, f])] as [string, string][]) {
      const load = {
        t: 'load',
        ok: true,
        functions: {
          compute_class_freqs: { defined: false, callable: false, params: null, raisedDefault: { param: 'the decorator', type, message: 'no file', line: 10 } },
        },
        notes: [
          { id: 'retry', how: 'raised', unused: false, line: 7, type, message: 'no file' },
          { id: 'decorator-skipped', function: 'get_weighted_loss', type: type.replace(/\s/g, '_'), line: 12 },
        ],
      };
      const r = RecordSchema.parse(load) as unknown as { functions: Record<string, { raisedDefault: { type: string } }>; notes: string[] };
      expect(r.functions.compute_class_freqs!.raisedDefault.type).toBe(want);
      expect(r.notes[0]).toContain(`Its top-level code raised ${want} (no file) at line 7,`);
      expect(r.notes[1]).toContain(`it raised ${want})`);
    }
  });

  it("accepts as a changed input only the plan's input names, fast path and zod alike (red team 17)", () => {
    // A wrapped emit sent words of its own there, and each case said "your code changed its input in place (<its words>)".
    for (const mutated of [['FORGED Staff note: verified by hand'], ['y_\npred'], ['y_pred', 'x']]) {
      const x = { t: 'result', id: 'c', ok: true, ms: 0, mutated, value: { kind: 'number', pytype: 'float', value: 1 } };
      expect(parseOrdinaryRecord(x)).toBeUndefined();
      expect(() => parseRecord(x)).toThrow();
    }
    const ok = { t: 'result', id: 'c', ok: true, ms: 0, mutated: [...INPUT_NAMES], value: { kind: 'number', pytype: 'float', value: 1 } };
    expect(agrees(ok)).toBe('fast');
  });
});
