/**
 * A zod schema compiled into plain JavaScript: `schema.parse` with the same results at a third of
 * its cost, for the parses a batch makes per learner (the run's records, the report before it is
 * written).
 *
 * zod 4 runs every node through a payload object, an issues array and its checks' machinery: a
 * report of ~40 cases cost ~0.17 ms, a `load` record with its function infos ~0.07 ms. Here each
 * node of the schema becomes one generated function (new Function, as zod's own object fast path
 * does) that returns the value zod would return, or FAIL where zod would report an issue; the node kinds are zod's own (`_zod.def.type`) and each is read as
 * zod 4's source reads it (node_modules/zod/v4/core/schemas.js): an object's present / optional /
 * defaulted keys and key order, `strictObject`'s unknown keys (`for...in`, as zod), a record's own
 * enumerable keys, `__proto__` skipped, defaults, transforms (run by zod's own node), the first
 * union option that passes, a discriminated union's tag. A check this file does not know, and any
 * node kind it does not know, is run by zod itself on that value, so the compiled function is
 * zod's answer node by node. When the compiled function says FAIL, `schema.parse` runs, so the
 * error thrown is zod's, with its wording and path.
 *
 * grader/test/unit/schema/fast-parse.test.ts holds the two to the same output (key order and
 * undefined keys included) on generated valid and invalid values of the record and report schemas.
 */
import { z } from 'zod';

const FAIL: unique symbol = Symbol('fail');
type Fast = (v: unknown) => unknown;

/** The parts of a node's or a check's `_zod.def` read here. */
interface Def {
  type?: string;
  coerce?: boolean;
  checks?: unknown[];
  element?: unknown;
  shape?: Record<string, unknown>;
  catchall?: unknown;
  keyType?: unknown;
  valueType?: unknown;
  innerType?: unknown;
  defaultValue?: unknown;
  in?: unknown;
  out?: unknown;
  options?: unknown[];
  discriminator?: string;
  unionFallback?: boolean;
  items?: unknown[];
  rest?: unknown;
  // checks
  check?: string;
  when?: (payload: Payload) => boolean;
  maximum?: number;
  minimum?: number;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
}

/** zod's internals as read here (zod 4's `_zod`). */
interface Internals {
  def: Def;
  traits: Set<string>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: Set<unknown>;
  propValues?: Record<string, Set<unknown>>;
  innerType?: z.ZodType;
  check?: (payload: Payload) => unknown;
  run: (payload: Payload, ctx: { async: false }) => Payload | Promise<Payload>;
}
interface Payload {
  value: unknown;
  issues: unknown[];
}
const zodOf = (s: unknown): Internals => (s as { _zod: Internals })._zod;
const CTX = { async: false } as const;

/** `schema` run by zod itself: its value, or FAIL on any issue. */
function byZod(schema: unknown): Fast {
  const run = zodOf(schema).run;
  return (v) => {
    const r = run({ value: v, issues: [] }, CTX);
    if (r instanceof Promise) throw new Error('fast-parse: an async schema');
    return r.issues.length ? FAIL : r.value;
  };
}

/** The `when` zod gives its length checks (a value with a length), read off a sample check. */
const LENGTH_WHEN = zodOf(zodOf(z.string().max(1)).def.checks![0]).def.when;

/** A check as zod runs it (runChecks): skipped when its `when` says so, failed on any issue; it may change the value (zod's overwrite). */
function general(ch: unknown): Fast {
  const c = zodOf(ch);
  return (v) => {
    const p: Payload = { value: v, issues: [] };
    if (c.def.when && !c.def.when(p)) return v;
    const r = c.check!(p);
    if (r instanceof Promise) throw new Error('fast-parse: an async check');
    return p.issues.length ? FAIL : p.value;
  };
}

/**
 * The generated source: one function a node (`f0` the schema itself), property names written as
 * literals, so V8 reads and builds each object with one shape rather than by a looked-up key.
 * `R` holds what the code refers to (zod's own checks and nodes, patterns, defaults).
 */
class Gen {
  readonly fns: string[] = [];
  readonly refs: unknown[] = [];
  private readonly names = new Map<unknown, string>();

  ref(x: unknown): string {
    this.refs.push(x);
    return `R[${this.refs.length - 1}]`;
  }

  /** The name of `schema`'s function, generated on first use (a recursive schema calls itself). */
  fn(schema: unknown): string {
    let name = this.names.get(schema);
    if (name) return name;
    name = `f${this.names.size}`;
    this.names.set(schema, name);
    // A node zod runs itself runs its checks too (zod's run).
    if (!isPlain(schema)) {
      this.fns.push(`function ${name}(v) {\n${this.byZod(schema)}\n}`);
      return name;
    }
    const checks = this.checks(schema);
    if (!checks) this.fns.push(`function ${name}(v) {\n${this.node(schema)}\n}`);
    else this.fns.push(`function ${name}_(v) {\n${this.node(schema)}\n}`, `function ${name}(v) {\nlet o = ${name}_(v);\nif (o === FAIL) return FAIL;\n${checks}\nreturn o;\n}`);
    return name;
  }

  /** zod's run: the node's checks on its value, in order. */
  private checks(schema: unknown): string {
    return (zodOf(schema).def.checks ?? []).map((ch) => this.check(ch)).join('\n');
  }

  private check(ch: unknown): string {
    const d = zodOf(ch).def;
    const plainWhen = d.when === undefined || d.when === LENGTH_WHEN;
    const slow = () => `o = ${this.ref(general(ch))}(o); if (o === FAIL) return FAIL;`;
    // zod counts a string's code points, which a string within `maximum` UTF-16 units is within too.
    if (plainWhen && d.check === 'max_length' && typeof d.maximum === 'number') return `if (o.length > ${d.maximum}) { ${slow()} }`;
    if (plainWhen && d.check === 'min_length' && typeof d.minimum === 'number')
      return `if (Array.isArray(o) ? o.length < ${d.minimum} : o.length < ${2 * d.minimum}) { ${slow()} }`;
    if (d.when === undefined && d.check === 'string_format' && d.format === 'regex' && d.pattern instanceof RegExp) {
      const re = this.ref(d.pattern);
      return `${re}.lastIndex = 0; if (!${re}.test(o)) return FAIL;`;
    }
    if (d.when === undefined && (d.check === 'greater_than' || d.check === 'less_than') && typeof d.value === 'number' && Number.isFinite(d.value)) {
      const op = d.check === 'greater_than' ? (d.inclusive ? '>=' : '>') : d.inclusive ? '<=' : '<';
      return `if (!(o ${op} ${d.value})) return FAIL;`;
    }
    if (d.when === undefined && d.check === 'number_format' && d.format === 'safeint') return 'if (!Number.isSafeInteger(o)) return FAIL;';
    return slow();
  }

  private byZod(schema: unknown): string {
    return `return ${this.ref(byZod(schema))}(v);`;
  }

  private node(schema: unknown): string {
    const s = zodOf(schema);
    const d = s.def;
    switch (d.type) {
      case 'string':
        return `return typeof v === 'string' ? v : FAIL;`;
      case 'number':
        return `return typeof v === 'number' && Number.isFinite(v) ? v : FAIL;`;
      case 'boolean':
        return `return typeof v === 'boolean' ? v : FAIL;`;
      case 'null':
        return `return v === null ? v : FAIL;`;
      case 'unknown':
      case 'any':
        return `return v;`;
      case 'literal':
      case 'enum': {
        const values = [...s.values!];
        // A set of strings compares as ===; anything else (NaN, -0) as the Set zod asks.
        if (values.length <= 8 && values.every((x) => typeof x === 'string')) return `return ${values.map((x) => `v === ${JSON.stringify(x)}`).join(' || ')} ? v : FAIL;`;
        return `return ${this.ref(s.values)}.has(v) ? v : FAIL;`;
      }
      case 'array': {
        const el = this.fn(d.element);
        return `if (!Array.isArray(v)) return FAIL;\nconst n = v.length, out = Array(n);\nfor (let i = 0; i < n; i++) { const r = ${el}(v[i]); if (r === FAIL) return FAIL; out[i] = r; }\nreturn out;`;
      }
      case 'object':
        return this.object(schema);
      case 'record':
        return this.record(schema);
      case 'optional': {
        const inner = this.fn(d.innerType);
        if (zodOf(d.innerType).optin !== 'defaulted') return `return v === undefined ? undefined : ${inner}(v);`;
        return `if (v !== undefined) return ${inner}(v);\nconst r = ${inner}(undefined);\nreturn r === FAIL ? undefined : r;`;
      }
      case 'nullable':
        return `return v === null ? null : ${this.fn(d.innerType)}(v);`;
      case 'default': {
        // defaultValue is a getter: a fresh copy each time, as zod hands it out.
        const def = this.ref(d);
        return `if (v === undefined) return ${def}.defaultValue;\nconst r = ${this.fn(d.innerType)}(v);\nreturn r === FAIL ? FAIL : r === undefined ? ${def}.defaultValue : r;`;
      }
      case 'pipe':
        return `const r = ${this.fn(d.in)}(v);\nreturn r === FAIL ? FAIL : ${this.fn(d.out)}(r);`;
      case 'lazy':
        return `return ${this.fn(s.innerType)}(v);`;
      case 'tuple': {
        // isPlain: no rest, no item that may be left out (zod's optional tail).
        const items = (d.items as unknown[]).map((x) => this.fn(x));
        return `if (!Array.isArray(v) || v.length !== ${items.length}) return FAIL;\n${items.map((f, i) => `const r${i} = ${f}(v[${i}]); if (r${i} === FAIL) return FAIL;`).join('\n')}\nreturn [${items.map((_, i) => `r${i}`).join(', ')}];`;
      }
      case 'union':
        if (d.discriminator !== undefined) return this.discriminated(schema);
        return `let r;\n${(d.options as unknown[]).map((o) => `r = ${this.fn(o)}(v); if (r !== FAIL) return r;`).join('\n')}\nreturn FAIL;`;
      default:
        // transform (zod's own node runs the function), and any kind not read here.
        return this.byZod(schema);
    }
  }

  private discriminated(schema: unknown): string {
    const d = zodOf(schema).def;
    if (d.unionFallback) return this.byZod(schema);
    const key = d.discriminator as string;
    const byTag = new Map<unknown, unknown>();
    for (const option of d.options as unknown[]) {
      // zod marks a tag two options share (only undefined may be) as no option's.
      for (const tag of zodOf(option).propValues?.[key] ?? []) byTag.set(tag, byTag.has(tag) ? null : option);
    }
    if (![...byTag.keys()].every((t) => typeof t === 'string')) return this.byZod(schema);
    const cases = [...byTag].filter(([, o]) => o !== null).map(([t, o]) => `case ${JSON.stringify(t)}: return ${this.fn(o)}(v);`);
    return `if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;\nswitch (v[${JSON.stringify(key)}]) {\n${cases.join('\n')}\ndefault: return FAIL;\n}`;
  }

  private object(schema: unknown): string {
    const d = zodOf(schema).def;
    const shape = d.shape as Record<string, unknown>;
    if (Object.getOwnPropertySymbols(shape).length) return this.byZod(schema);
    const strict = d.catchall !== undefined;
    if (strict && zodOf(d.catchall).def.type !== 'never') return this.byZod(schema);
    const all = Object.keys(shape);
    const out: string[] = ["if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;"];
    const build: string[] = [];
    all.forEach((k, i) => {
      if (k === '__proto__') return;
      const f = zodOf(shape[k]);
      const key = JSON.stringify(k);
      const optin = f.optin;
      const optional = f.optout === 'optional';
      // As zod's handlePropertyResult: present is `key in input`, inherited keys included.
      out.push(`const p${i} = ${key} in v;`);
      if (!optional || optin !== 'optional') out.push(`const r${i} = ${this.fn(shape[k])}(v[${key}]);`);
      else out.push(`const r${i} = p${i} ? ${this.fn(shape[k])}(v[${key}]) : undefined;`);
      if (optin !== undefined && optional) out.push(`if (r${i} === FAIL && p${i}) return FAIL;`);
      else out.push(`if (r${i} === FAIL) return FAIL;`);
      if (optin === undefined) out.push(`if (!p${i}) return FAIL;`);
      const keepUndefined = optin === 'defaulted' && !optional ? 'true' : `p${i}`;
      const skip = optin !== undefined && optional ? `r${i} !== FAIL && ` : '';
      build.push(`if (${skip}(r${i} !== undefined || ${keepUndefined})) o[${key}] = r${i};`);
    });
    if (strict) {
      const known = all.map((k) => `case ${JSON.stringify(k)}:`).join(' ');
      out.push(`for (const k in v) switch (k) { ${known} break; default: return FAIL; }`);
    }
    return [...out, 'const o = {};', ...build, 'return o;'].join('\n');
  }

  private record(schema: unknown): string {
    const d = zodOf(schema).def;
    const k = zodOf(d.keyType);
    // A key schema other than a bare z.string() (an enum's keys, a pattern) is left to zod.
    if (k.def.type !== 'string' || k.def.coerce || k.def.checks?.length || k.traits.has('$ZodCheck')) return this.byZod(schema);
    const value = this.fn(d.valueType);
    return `if (!isPlainObject(v)) return FAIL;\nconst o = {};\nfor (const k of Reflect.ownKeys(v)) {\nif (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(v, k)) continue;\nif (typeof k !== 'string') return FAIL;\nconst r = ${value}(v[k]);\nif (r === FAIL) return FAIL;\no[k] = r;\n}\nreturn o;`;
  }
}

/** zod's util.isPlainObject (a record's input test). */
function isPlainObject(o: unknown): boolean {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const ctor = (o as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prot = (ctor as { prototype?: unknown }).prototype;
  if (typeof prot !== 'object' || prot === null || Array.isArray(prot)) return false;
  return Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf');
}

/**
 * The node kinds compiled here, each with the zod core classes (`$Zod...` traits) whose parse is
 * the one read for it: a subclass that parses otherwise (z.xor's exclusive union, exactOptional,
 * a codec's pipe, a string format or z.int(), which are checks themselves) is left to zod.
 */
const PLAIN: Partial<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries({
    string: ['$ZodString'],
    number: ['$ZodNumber'],
    boolean: ['$ZodBoolean'],
    null: ['$ZodNull'],
    unknown: ['$ZodUnknown'],
    any: ['$ZodAny'],
    literal: ['$ZodLiteral'],
    enum: ['$ZodEnum'],
    array: ['$ZodArray'],
    tuple: ['$ZodTuple'],
    object: ['$ZodObject', '$ZodObjectJIT'],
    record: ['$ZodRecord'],
    optional: ['$ZodOptional'],
    nullable: ['$ZodNullable'],
    default: ['$ZodDefault'],
    pipe: ['$ZodPipe', '$ZodPreprocess'],
    lazy: ['$ZodLazy'],
    union: ['$ZodUnion', '$ZodDiscriminatedUnion'],
  }).map(([type, traits]) => [type, new Set(['$ZodType', ...traits])]),
);

function isPlain(schema: unknown): boolean {
  const s = zodOf(schema);
  const allowed = s.def.type === undefined ? undefined : PLAIN[s.def.type];
  if (!allowed || s.def.coerce) return false;
  for (const t of s.traits) if (t.startsWith('$') && !allowed.has(t)) return false;
  if (s.def.type === 'tuple') return !s.def.rest && (s.def.items as unknown[]).every((x) => zodOf(x).optin === undefined && zodOf(x).optout === undefined);
  return true;
}

/** `schema` compiled: zod's value, or FAIL where zod reports an issue. */
function compile(schema: unknown): Fast {
  const gen = new Gen();
  const top = gen.fn(schema);
  let make: (...args: unknown[]) => Fast;
  try {
    // The source is made from the schema's own definition alone: no learner or user text goes into it.
    make = new Function('FAIL', 'R', 'isPlainObject', `'use strict';\n${gen.fns.join('\n')}\nreturn ${top};`) as typeof make;
  } catch {
    // Code generation disallowed (node --disallow-code-generation-from-strings): zod's own parse.
    return byZod(schema);
  }
  return make(FAIL, gen.refs, isPlainObject);
}

/**
 * `schema.parse`, compiled: the same value for what zod accepts; for anything else zod's parse
 * runs and throws its own error.
 */
export function fastParser<T extends z.ZodType>(schema: T): (x: unknown) => z.output<T> {
  // Compiled at the first parse (a schema's z.lazy parts may name schemas declared after it), once
  // per schema however many parsers are made of it (parseGradeReport, readWritten's).
  return (x) => {
    const r = compiledOf(schema)(x);
    return r === FAIL ? schema.parse(x) : (r as z.output<T>);
  };
}

const compiled = new WeakMap<z.ZodType, Fast>();
function compiledOf(schema: z.ZodType): Fast {
  let fast = compiled.get(schema);
  if (!fast) compiled.set(schema, (fast = compile(schema)));
  return fast;
}

/** The compiled check alone: zod's value, or undefined where zod reports an issue (for tests). */
export function fastCheck<T extends z.ZodType>(schema: T): (x: unknown) => { value: z.output<T> } | undefined {
  let fast: Fast | undefined;
  return (x) => {
    const r = (fast ??= compile(schema))(x);
    return r === FAIL ? undefined : { value: r as z.output<T> };
  };
}
