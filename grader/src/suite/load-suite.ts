/**
 * YAML case files -> a validated Suite with concrete inputs. Every problem is reported as
 * `file:line: case "id", field "path": what is wrong. What to do.` and stops the run.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { computeClassFreqs } from '../../../reference/loss.js';
import { GraderError } from '../errors.js';
import { readCaseFiles } from './case-files.js';
import {
  CaseSchema,
  DEFAULT_EPSILON,
  SuiteSchema,
  type CaseSpec,
  type FloatDType,
  type InputFramework,
  type LabelDType,
  type SuiteFile,
  type Tolerance,
} from '../schema/suite.js';
import type { GradedFunction } from '../../../reference/mistakes/index.js';
import { generateInputs } from './generate.js';
import { counted, joinWords } from '../join-words.js';
import { nearest } from '../edit-distance.js';

export interface LossInputs {
  fn: 'weighted_loss';
  yTrue: number[][];
  yPred: number[][];
  posWeights: number[];
  negWeights: number[];
  epsilon: number;
  /** epsilon_arg: omitted: the call leaves epsilon out (reference/loss.ts's LossInputs). */
  epsilonOmitted?: boolean;
  /** Set by the grader on a loss computed in float32, for its diagnosis (reference/loss.ts's LossInputs). */
  float32?: boolean;
}
export interface FreqInputs {
  fn: 'compute_class_freqs';
  labels: number[][];
}
export type CaseInputs = LossInputs | FreqInputs;

/** A case ready to run: defaults applied, inputs concrete (and rounded to float32 where asked). */
export interface Case {
  id: string;
  function: GradedFunction;
  suite: string;
  description: string;
  tags: string[];
  points: number;
  visibility: 'public' | 'hidden';
  dtype: FloatDType;
  labelDtype: LabelDType;
  epsilonArg: 'positional' | 'keyword' | 'omitted';
  /** What the learner's function receives: numpy arrays or tensors ('auto': by the submission's imports). */
  framework: InputFramework;
  /** Whether the case or its suite sets `framework`; if not, PyTorch code may get tensors instead (runner.run_call_or_torch). */
  frameworkChosen: boolean;
  tolerance: Tolerance;
  message: string | undefined;
  source: { file: string; line: number };
  inputs: CaseInputs;
}

export interface Suite {
  files: string[];
  names: string[];
  cases: Case[];
  /** The course's helper modules the case files declare (`helpers:`), all files' together, each once. */
  helpers?: string[];
}

interface Problem {
  /** The field the problem is on, by its dotted path in the case (y_true, y_pred.0.1). */
  field: string;
  line: number;
  text: string;
}

export { caseFileName, readCaseFiles } from './case-files.js';

/** Loads and merges case files; case ids must be unique across them. */
export async function loadSuite(paths: string[], cwd = process.cwd()): Promise<Suite> {
  return suiteFromTexts(await readCaseFiles(paths, cwd));
}

/** Parses and merges case files already read. Pure. */
export function suiteFromTexts(files: { display: string; text: string }[]): Suite {
  const suite: Suite = { files: [], names: [], cases: [] };
  const seen = new Map<string, Case>();
  for (const { display, text } of files) {
    // The same file twice would otherwise be told that every case id clashes with itself.
    if (suite.files.includes(display)) {
      throw new GraderError('CASES_INVALID', `${display} is given twice to --cases. Pass each case file once.`);
    }
    const loaded = parseSuite(text, display);
    // Reports group cases by suite name (JUnit's testsuites, `suites` in JSON): two files of one
    // name would read as one suite there.
    const other = suite.names.indexOf(loaded.name);
    if (other >= 0) {
      const line = text.split('\n').findIndex((l) => /^suite\s*:/.test(l)) + 1 || 1;
      throw new GraderError(
        'CASES_INVALID',
        `${display}:${line}: the suite name "${loaded.name}" is also that of ${suite.files[other]}, and reports group cases by suite name. Give this file a "suite:" name of its own.`,
      );
    }
    suite.files.push(display);
    suite.names.push(loaded.name);
    const helpers = loaded.helpers.filter((h) => !suite.helpers?.includes(h));
    if (helpers.length > 0) suite.helpers = [...(suite.helpers ?? []), ...helpers];
    for (const c of loaded.cases) {
      const prev = seen.get(c.id);
      if (prev) {
        throw new GraderError(
          'CASES_INVALID',
          `${display}:${c.source.line}: case "${c.id}" has the same id as ${prev.source.file}:${prev.source.line}. Case ids must be unique across all case files: rename one.`,
        );
      }
      seen.set(c.id, c);
      suite.cases.push(c);
    }
  }
  return suite;
}

/**
 * The document as plain data, its aliases and merge keys expanded. yaml's toJS throws on a merge
 * key whose source is not a mapping (`<<: 3`), on an alias inside the node it names (`- &c {<<: *c}`),
 * and on aliases that expand past 100 copies (an exponential "billion laughs" file): each was a
 * stack trace (red team 17). They are told as case-file errors, with the line where one is found.
 */
function expand(doc: Document, file: string, lineOf: (offset: number) => number): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    let cycle: number | undefined;
    let merge: number | undefined;
    visit(doc, {
      Alias(_, node, path) {
        const target = node.resolve(doc);
        if (target && path.includes(target as never) && cycle === undefined && node.range) cycle = lineOf(node.range[0]);
      },
      Pair(_, pair) {
        // With merge: true, yaml reads a `<<` key as a Scalar holding Symbol('<<').
        if (merge !== undefined || !isScalar(pair.key) || (pair.key.source ?? String(pair.key.value)) !== '<<') return;
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        const bad = sources.find((v) => !isMap(isAlias(v) ? v.resolve(doc) : v));
        if (bad !== undefined) merge = lineOf((isScalar(bad) || isAlias(bad) || isMap(bad) || isSeq(bad)) && bad.range ? bad.range[0] : (pair.key.range?.[0] ?? 0));
      },
    });
    if (cycle !== undefined) {
      throw new GraderError('CASES_INVALID', `${file}:${cycle}: this alias is inside the node its anchor names, so it never ends. Put what the cases share under a top-level key of its own (x-base: &base ...) and merge that (<<: *base).`);
    }
    if (merge !== undefined || /merge/i.test(message)) {
      throw new GraderError('CASES_INVALID', `${file}${merge !== undefined ? `:${merge}` : ''}: a merge key (<<) takes a mapping, an alias of one (<<: *base) or a list of them. Merge an anchored mapping of the shared fields.`);
    }
    throw new GraderError('CASES_INVALID', `${file}: its aliases (*name) expand to more than 100 copies (${firstLine(message)}). Write the repeated data out, or share it through fewer aliases.`);
  }
}

/** Parses one case file's text. Pure: `file` only labels the messages. */
export function parseSuite(text: string, file: string): { name: string; cases: Case[]; helpers: string[] } {
  const lc = new LineCounter();
  // merge: YAML's "<<: *base" merge keys, the usual way to share a case's fields between cases.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
  const lineOf = (offset: number) => lc.linePos(offset).line;
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    if (e.code === 'MULTIPLE_DOCS') {
      throw new GraderError('CASES_INVALID', `${file}:${lineOf(e.pos[0])}: a second YAML document starts here ("---"), but a case file holds one suite. Put each suite in its own file and pass each with --cases, or delete the "---" line.`);
    }
    throw new GraderError('CASES_INVALID', `${file}:${lineOf(e.pos[0])}: invalid YAML: ${firstLine(e.message)}. Fix the syntax (indentation, quotes, colons) on that line.`);
  }
  const raw = expand(doc, file, lineOf);
  // Top-level keys starting "x-" hold what the cases share through anchors (x-base: &base ...),
  // as in Compose and OpenAPI files; they are not suite fields.
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const k of Object.keys(raw)) if (k.startsWith('x-')) delete (raw as Record<string, unknown>)[k];
  }
  const parsed = SuiteSchema.safeParse(raw);
  // Every problem of the file in one run: a case that fits the schema on its own is still checked
  // whole (its shapes, weights, id) when another case, a field of it that feeds no input (points:
  // -1), or a top-level key (visibilty:) does not. A TA fixing a file met its problems one kind at a
  // time (a misspelt field, then a shape, then an id twice).
  const problems: string[] = [];
  let data: SuiteFile | undefined;
  let kept: number[] = [];
  const unknownOf = new Map<number, z.core.$ZodIssue>();
  if (parsed.success) {
    data = parsed.data;
    kept = data.cases.map((_, i) => i);
  } else {
    // A key that is a slip for a field the mapping then lacks (generate: {shap: …}) is told once, as
    // that field ("did you mean"), not also as "generate.shape is required".
    const slipped = new Set<string>();
    for (const i of parsed.error.issues) {
      if (i.code !== 'unrecognized_keys') continue;
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
      // (the fields meant are absent from their mapping: a type issue there is "is required")
      for (const field of meantFields(i.keys, path, raw).values()) slipped.add(JSON.stringify([...path, field]));
    }
    const issues = parsed.error.issues.filter((i) => !(i.code === 'invalid_type' && slipped.has(JSON.stringify(i.path))));
    // A case's unknown keys are told after its own checks: one that is a slip for a field the case
    // then lacks (y_treu: for y_true) is told once, as that field, not also as "y_true is required".
    for (const i of issues) {
      const index = i.path.length === 2 && i.path[0] === 'cases' && i.code === 'unrecognized_keys' ? i.path[1] : undefined;
      if (typeof index === 'number') unknownOf.set(index, i);
      else problems.push(describeIssue(i, doc, raw, file, lineOf));
    }
    const rest = checkCasesAlone(raw, issues);
    kept = rest.kept;
    data = rest.data;
  }
  const name = data?.suite ?? file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  const cases: Case[] = [];
  data?.cases.forEach((spec, k) => {
    const index = kept[k]!;
    const line = nodeLine(doc, ['cases', index], lineOf) ?? 1;
    const found: Problem[] = [];
    const c = buildCase(spec, data, name, { file, line }, (field, text) =>
      found.push({ field, line: nodeLine(doc, ['cases', index, ...field.split('.')], lineOf) ?? line, text: `field "${field}": ${text}` }),
    );
    const unknown = unknownOf.get(index);
    const meant = unknown?.code === 'unrecognized_keys' ? slips(unknown.keys, valueAt(raw, ['cases', index]), found.map((p) => p.field)) : new Map<string, string>();
    for (const p of found) if (![...meant.values()].includes(p.field)) problems.push(`${file}:${p.line}: case "${spec.id}", ${p.text}`);
    for (const [key, field] of meant) {
      problems.push(`${file}:${keyLine(doc, ['cases', index], key, lineOf) ?? line}: case "${spec.id}": unknown field "${key}": did you mean "${field}"? Rename it.`);
    }
    if (unknown?.code === 'unrecognized_keys') {
      const rest = unknown.keys.filter((k) => !meant.has(k));
      if (rest.length > 0) problems.push(describeIssue({ ...unknown, keys: rest }, doc, raw, file, lineOf));
      unknownOf.delete(index);
    }
    if (c) cases.push(c);
  });
  // Cases not checked whole: their unknown keys as they are.
  for (const i of unknownOf.values()) problems.push(describeIssue(i, doc, raw, file, lineOf));
  // Ids told twice here too (suiteFromTexts tells ids two files share), with the file's other
  // problems, whether or not the cases are otherwise right.
  const ids = new Map<string, number>();
  const listed = (raw as { cases?: unknown } | null)?.cases;
  for (let index = 0; index < (Array.isArray(listed) ? listed.length : 0); index++) {
    const id = caseId(raw, index);
    if (id === undefined) continue;
    const line = nodeLine(doc, ['cases', index], lineOf) ?? 1;
    const twin = ids.get(id);
    if (twin !== undefined) problems.push(`${file}:${line}: case "${id}" has the same id as ${file}:${twin}. Case ids must be unique across all case files: rename one.`);
    else ids.set(id, line);
  }
  if (problems.length > 0) {
    // In the file's order, whatever found them; at most 8, and how many more.
    const lineOfProblem = (p: string) => Number(/^(\d+):/.exec(p.slice(file.length + 1))?.[1] ?? 0);
    const sorted = problems.map((p, i) => [p, i] as const).sort((a, b) => lineOfProblem(a[0]) - lineOfProblem(b[0]) || a[1] - b[1]).map(([p]) => p);
    const more = sorted.length > 8 ? [`and ${sorted.length - 8} more problem${sorted.length === 9 ? '' : 's'} in ${file}.`] : [];
    throw new GraderError('CASES_INVALID', [...sorted.slice(0, 8), ...more].join('\n'));
  }
  return { name, cases, helpers: data?.helpers ?? [] };
}

/**
 * The unknown keys of a case (`c`, as the file has it) that are a slip for a field the case lacks
 * and its checks then found a problem with (`fields`: "y_true is required", "give both pos_weights
 * and neg_weights"), each key to that field; a key whose field is there too is only unknown.
 */
function slips(keys: readonly string[], c: unknown, fields: string[]): Map<string, string> {
  const has = (k: string) => c !== null && typeof c === 'object' && Object.hasOwn(c, k);
  return slipsAmong(keys, [...new Set(fields)].filter((f) => !f.includes('.') && !has(f)));
}

/** Each key to the closest of `fields` one slip away (closest), each field given to one key at most, in the keys' order. */
function slipsAmong(keys: readonly string[], fields: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of keys) {
    const field = closest(key, fields.filter((f) => ![...out.values()].includes(f)));
    if (field) out.set(key, field);
  }
  return out;
}

/** A case's fields that feed none of its inputs: a case wrong only there is still checked whole without them. */
const SIDE_FIELDS = new Set(['description', 'tags', 'points', 'visibility', 'dtype', 'label_dtype', 'epsilon', 'epsilon_arg', 'tolerance', 'message', 'framework']);

/**
 * The cases of a file that failed the schema that can still be checked whole: each case on its own
 * (CaseSchema), whatever the top level holds (its defaults taken when it is wrong itself), and a
 * case wrong only in fields that feed no input (or with unknown ones) checked without those fields.
 * A case whose id, function or inputs are wrong is not: dropping them would invent problems.
 */
function checkCasesAlone(raw: unknown, issues: z.core.$ZodIssue[]): { kept: number[]; data: SuiteFile | undefined } {
  const top = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const cases = top?.cases;
  if (!top || !Array.isArray(cases)) return { kept: [], data: undefined };
  const kept: number[] = [];
  const specs: CaseSpec[] = [];
  cases.forEach((c: unknown, index) => {
    const own = issues.filter((i) => i.path[0] === 'cases' && i.path[1] === index);
    const drop = new Set<string>();
    for (const i of own) {
      if (i.path.length === 2 && i.code === 'unrecognized_keys') i.keys.forEach((k) => drop.add(k));
      else if (typeof i.path[2] === 'string' && SIDE_FIELDS.has(i.path[2])) drop.add(i.path[2]);
      else return;
    }
    if (c === null || typeof c !== 'object' || Array.isArray(c)) return;
    const spec = CaseSchema.safeParse(Object.fromEntries(Object.entries(c).filter(([k]) => !drop.has(k))));
    if (!spec.success) return;
    kept.push(index);
    specs.push(spec.data);
  });
  if (kept.length === 0) return { kept, data: undefined };
  const FileSchema = SuiteSchema.omit({ cases: true });
  const { cases: _, ...settings } = top;
  const file = FileSchema.safeParse(settings);
  return { kept, data: { ...(file.success ? file.data : FileSchema.parse({})), cases: specs } };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '');
}

/** The line of `key` itself in the mapping at `path` (its value may start on the next line). */
function keyLine(doc: Document, path: (string | number)[], key: string | undefined, lineOf: (o: number) => number): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (key === undefined || !isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  const range = isScalar(pair?.key) ? pair.key.range : undefined;
  return range ? lineOf(range[0]) : undefined;
}

function nodeLine(doc: Document, path: (string | number)[], lineOf: (o: number) => number): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lineOf(node.range[0]);
  }
  return undefined;
}

function describeIssue(
  given: z.core.$ZodIssue,
  doc: Document,
  raw: unknown,
  file: string,
  lineOf: (o: number) => number,
): string {
  const issue = unwrapUnion(given);
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (path.length === 0 && issue.code !== 'unrecognized_keys') return `${file}:1: ${rootProblem(raw)}`;
  // An unknown key is reported on its own line, not on the line where its object starts.
  const keyPath = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
  const line = (issue.code === 'unrecognized_keys' ? keyLine(doc, path, issue.keys[0], lineOf) : undefined) ?? nodeLine(doc, keyPath, lineOf) ?? 1;
  let where = '';
  let fieldPath = path;
  if (path[0] === 'cases' && typeof path[1] === 'number') {
    const id = caseId(raw, path[1]);
    where = id ? `case "${id}"` : `case #${path[1] + 1}`;
    fieldPath = path.slice(2);
  }
  const subject = [where, fieldPath.length ? `field "${fieldPath.join('.')}"` : ''].filter(Boolean).join(', ');
  const lead = `${file}:${line}: ${subject ? subject + ': ' : ''}`;
  if (issue.code === 'unrecognized_keys') {
    // A slip for a field of that mapping (visibilty:, tolerence:, shap:) is told as the field meant,
    // on the key's own line; the other keys together, as before.
    const meant = meantFields(issue.keys, path, raw);
    const told = [...meant].map(([key, field]) => `${file}:${keyLine(doc, path, key, lineOf) ?? line}: ${subject ? subject + ': ' : ''}unknown field "${key}": did you mean "${field}"? Rename it.`);
    const rest = issue.keys.filter((k) => !meant.has(k));
    if (rest.length === 0) return told.join('\n');
    const restLine = keyLine(doc, path, rest[0], lineOf) ?? line;
    const keys = rest.map((k) => `"${k}"`).join(', ');
    const anchors = path.length === 0 ? '; a top-level key that only holds anchors for the cases must start with "x-" (x-shared:)' : '';
    return [...told, `${file}:${restLine}: ${subject ? subject + ': ' : ''}unknown field${rest.length > 1 ? 's' : ''} ${keys}. Check the spelling (README.md lists the fields)${anchors}.`].join('\n');
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${lead}is required. Add it (README.md, "Case format").`;
  if (issue.code === 'too_small' && issue.origin === 'array' && Number(issue.minimum) === 1) {
    const last = path[path.length - 1];
    const item = last === 'cases' ? 'case' : typeof last === 'number' ? 'value' : ['labels', 'y_true', 'y_pred'].includes(String(last)) ? 'row' : 'entry';
    return `${lead}is an empty list. Give at least one ${item}.`;
  }
  return `${lead}${plainProblem(issue, valueAt(raw, path), path)}. ${deletable(path) ? 'Fix the value, or delete the field to use its default.' : 'Fix the value (README.md, "Case format", says what each field takes).'}`;
}

const entries = (n: number) => counted(n, 'entry', 'entries');

/** The value at `path` in the parsed file (undefined where there is none). */
function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let v = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** A value as the file has it, short: "two", -1, .nan, a list of 3. */
function shown(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null) return 'empty';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** zod's type names as a YAML writer knows them. */
const KIND: Record<string, string> = { number: 'a number', int: 'a whole number', string: 'text', array: 'a list', object: 'a mapping', boolean: 'true or false' };
const kind = (t: string) => KIND[t] ?? t;

/** A pattern the schema gives no wording of its own, said in words (tags). */
const PATTERNS: Record<string, string> = { '^[a-z0-9-]+$': 'lower-case letters, digits and "-" only' };

/**
 * What is wrong, in plain words and with the value the file has: zod's own ("Too small: expected
 * number to be >=0", "Invalid option: expected one of "float32"|"float64"") named neither the value
 * nor, for a misspelt option, the one meant.
 */
function plainProblem(issue: z.core.$ZodIssue, value: unknown, path: (string | number)[]): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${kind(String(issue.expected))}, but is ${shown(value)}`;
    case 'invalid_union': {
      const { literals, kinds } = unionChoices(issue, path);
      const choices = joinWords([...literals, ...kinds], 'or');
      if (!choices) return issue.message;
      const meant = typeof value === 'string' ? closest(value, literals) : undefined;
      if (literals.length > 0 && typeof value === 'string') return `is ${shown(value)}, but must be ${choices}${meant ? ` (did you mean ${meant}?)` : ''}`;
      return `must be ${choices}, but is ${shown(value)}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'array' && Array.isArray(value)) {
        return `has ${entries(value.length)}, but ${small ? 'needs at least' : 'takes at most'} ${bound}`;
      }
      if (issue.origin === 'number' || issue.origin === 'int') {
        const sign = small ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
        return `is ${shown(value)}, but must be ${sign} ${bound}`;
      }
      return issue.message;
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const meant = typeof value === 'string' ? closest(value, options) : undefined;
      return `is ${shown(value)}, but must be one of ${options.join(', ')}${meant ? ` (did you mean ${meant}?)` : ''}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex' && 'pattern' in issue && typeof issue.pattern === 'string') {
        const words = PATTERNS[issue.pattern.replace(/^\/|\/$/g, '')];
        if (words) return `is ${shown(value)}, but must use ${words}`;
      }
      return `is ${shown(value)}: ${issue.message}`;
    default:
      return issue.message;
  }
}

/** The option a misspelt value meant (one edit away, two in a long name, or another letter case), if one is. */
function closest(value: string, options: string[]): string | undefined {
  // One slip (two in a long name): float16 is no misspelt float32, and is not told it is.
  return nearest(value, options, (option) => (option.length >= 10 ? 2 : 1));
}

/**
 * The unknown keys of the mapping at `path` that are one slip (two in a long name) from a field the
 * suite schema allows there and the mapping lacks, each key to that field: a key whose field is
 * there too is only unknown (renaming it would give the field twice).
 */
function meantFields(keys: readonly string[], path: (string | number)[], raw: unknown): Map<string, string> {
  const at = valueAt(raw, path);
  const has = (k: string) => at !== null && typeof at === 'object' && Object.hasOwn(at, k);
  return slipsAmong(keys, schemaFields(SuiteSchema, path).filter((f) => !has(f)));
}

/** The field names the schema allows in the mapping at `path` (all branches' of a union), or none. */
export function schemaFields(schema: z.core.$ZodType, path: readonly (string | number)[]): string[] {
  const def = schema._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; options?: z.core.$ZodType[] };
  if (def.innerType) return schemaFields(def.innerType, path);
  if (def.type === 'pipe' && def.in) return schemaFields(def.in, path);
  if (def.type === 'union' && def.options) return [...new Set(def.options.flatMap((o) => schemaFields(o, path)))];
  const [head, ...rest] = path;
  if (def.type === 'object' && def.shape) {
    if (head === undefined) return Object.keys(def.shape);
    const next = typeof head === 'string' && Object.hasOwn(def.shape, head) ? def.shape[head] : undefined;
    return next ? schemaFields(next, rest) : [];
  }
  if (def.type === 'array' && def.element && typeof head === 'number') return schemaFields(def.element, rest);
  return [];
}

/**
 * zod reports a value that fits no branch of a union (y_pred: a matrix or {constant: p}) as
 * "Invalid input" with each branch's issues: the branch the value has the type of says what is
 * wrong (a NaN at y_pred.0.1), so that issue is reported, at its full path.
 */
function unwrapUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  // A literal or enum branch the value is not (weights: Random against 'frequencies') fails with
  // invalid_value: no more a fit than a branch of another type (review 29: that branch was taken, and
  // its one literal told as every choice, "must be one of frequencies").
  const typeMismatch = (i: z.core.$ZodIssue) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value');
  const fitting = issue.errors.find((branch) => branch.length > 0 && !branch.every(typeMismatch));
  if (fitting) {
    const first = fitting[0]!;
    return unwrapUnion({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue);
  }
  return issue;
}

/**
 * What a value that fits no branch of a union could have been: each branch's literals (frequencies,
 * random) and each other branch's type, a mapping with its keys ("a mapping {pos, neg}").
 */
function unionChoices(issue: z.core.$ZodIssue, path: (string | number)[]): { literals: string[]; kinds: string[] } {
  if (issue.code !== 'invalid_union') return { literals: [], kinds: [] };
  const literals = new Set<string>();
  const kinds = new Set<string>();
  for (const i of issue.errors.flat()) {
    if (i.path.length !== 0) continue;
    if (i.code === 'invalid_value') for (const v of i.values) literals.add(String(v));
    if (i.code === 'invalid_type') {
      const keys = i.expected === 'object' ? mappingKeys(schemaAt(SuiteSchema, path)) : undefined;
      kinds.add(keys ? `${kind('object')} {${keys.join(', ')}}` : kind(String(i.expected)));
    }
  }
  return { literals: [...literals], kinds: [...kinds] };
}

/** A zod schema's definition, as far as walking a path needs it. */
interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
}
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The schema at `path` in `root` (through lists, optional and default wrappers), if one is found. */
function schemaAt(root: unknown, path: (string | number)[]): Def | undefined {
  let def = defOf(root);
  for (const p of path) {
    while (def && def.innerType) def = defOf(def.innerType);
    if (!def) return undefined;
    if (typeof p === 'number') def = def.element ? defOf(def.element) : undefined;
    else def = def.shape?.[p] ? defOf(def.shape[p]) : undefined;
  }
  while (def && def.innerType) def = defOf(def.innerType);
  return def;
}

/** The keys of the mapping branch of a union (for weights: pos, neg). */
function mappingKeys(def: Def | undefined): string[] | undefined {
  const options = def?.type === 'union' ? (def.options ?? []).map(defOf) : [];
  const mapping = options.find((o) => o?.type === 'object' && o.shape);
  return mapping?.shape ? Object.keys(mapping.shape) : undefined;
}


/** What a file that is no mapping at all is told (empty, a bare list of cases, a scalar). */
function rootProblem(raw: unknown): string {
  const what = raw === null || raw === undefined ? 'the file is empty' : Array.isArray(raw) ? 'the file is a YAML list' : `the file is a single ${typeof raw} value`;
  return `${what}, not a suite. A case file is a mapping with a "cases:" list of cases (README.md, "Case format"): put "cases:" on the first line and the cases under it.`;
}

/** Fields with a default, or optional, that can be deleted; not required ones, nor one entry of a list. */
const DELETABLE = new Set(['suite', 'description', 'visibility', 'framework', 'defaults', 'points', 'dtype', 'label_dtype', 'epsilon', 'epsilon_arg', 'tolerance', 'tags', 'message', 'positive_rate', 'predictions', 'weights', 'rtol', 'atol']);
function deletable(path: (string | number)[]): boolean {
  const last = path[path.length - 1];
  return typeof last === 'string' && DELETABLE.has(last) && !path.some((p, i) => typeof p === 'number' && i > 1);
}

function caseId(raw: unknown, index: number): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const cases = (raw as { cases?: unknown }).cases;
  if (!Array.isArray(cases)) return undefined;
  const c: unknown = cases[index];
  const id = typeof c === 'object' && c !== null ? (c as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

const round32 = (m: number[][]) => m.map((r) => r.map(Math.fround));

function buildCase(
  spec: CaseSpec,
  file: SuiteFile,
  suiteName: string,
  source: { file: string; line: number },
  problem: (field: string, text: string) => void,
): Case | undefined {
  const dtype = spec.dtype ?? file.defaults.dtype;
  const labelDtype = spec.label_dtype ?? dtype;
  const tolerance = { ...file.defaults.tolerance, ...spec.tolerance };
  const base = {
    id: spec.id,
    function: spec.function,
    suite: suiteName,
    description: spec.description ?? '',
    tags: spec.tags,
    points: spec.points ?? file.defaults.points,
    visibility: spec.visibility ?? file.visibility,
    dtype,
    labelDtype,
    epsilonArg: spec.epsilon_arg,
    framework: spec.framework ?? file.framework ?? 'numpy',
    frameworkChosen: spec.framework !== undefined || file.framework !== undefined,
    tolerance,
    message: spec.message,
    source,
  };
  const explicit = ['labels', 'y_true', 'y_pred', 'pos_weights', 'neg_weights'].filter((k) => spec[k as keyof CaseSpec] !== undefined);
  if (spec.generate && explicit.length > 0) {
    problem(explicit[0]!, 'a case has either "generate" or explicit arrays, not both. Delete one of them.');
    return undefined;
  }
  const before = { n: 0 };
  const bad = (field: string, text: string) => {
    before.n++;
    problem(field, text);
  };
  // A generator's per-class lists must match its class count: the generator would read past a
  // short positive_rate (that class never positive) and lay too few weights on the classes.
  if (spec.generate) {
    const { shape, positive_rate: rate, weights } = spec.generate;
    const classes = shape[1];
    if (Array.isArray(rate) && rate.length !== classes) {
      bad('generate.positive_rate', `has ${rate.length} rates; generate.shape has ${classes} classes. Give one rate per class, or one number for all of them.`);
    }
    if (typeof weights === 'object') {
      for (const side of ['pos', 'neg'] as const) {
        const w = weights[side];
        if (w.length !== classes) bad(`generate.weights.${side}`, `has ${w.length} weights; generate.shape has ${classes} classes. Give one weight per class.`);
      }
    }
    if (before.n > 0) return undefined;
  }
  const gen = spec.generate ? generateInputs(spec.generate) : undefined;

  if (spec.function === 'compute_class_freqs') {
    for (const k of ['y_true', 'y_pred', 'pos_weights', 'neg_weights'] as const) {
      if (spec[k] !== undefined) bad(k, 'compute_class_freqs takes only "labels". Delete this field.');
    }
    if (spec.epsilon_arg !== 'positional') bad('epsilon_arg', 'only weighted_loss cases take epsilon. Delete this field.');
    if (spec.epsilon !== DEFAULT_EPSILON) bad('epsilon', 'only weighted_loss cases take epsilon. Delete this field.');
    const labels = gen?.labels ?? spec.labels;
    if (!labels) {
      bad('labels', 'is required: give an N×C 0/1 matrix, or a "generate" block.');
      return undefined;
    }
    checkMatrix(labels, 'labels', bad, true);
    if (before.n > 0) return undefined;
    return { ...base, inputs: { fn: 'compute_class_freqs', labels } };
  }

  if (spec.labels !== undefined) bad('labels', 'weighted_loss cases name the labels "y_true". Rename the field.');
  if (spec.epsilon_arg === 'omitted' && spec.epsilon !== DEFAULT_EPSILON) {
    bad('epsilon', `is ${spec.epsilon}, but epsilon_arg: omitted calls get_weighted_loss without it, so its default ${DEFAULT_EPSILON} is what is graded. Delete this field, or pass it (epsilon_arg: positional or keyword).`);
  }
  const yTrue = gen?.labels ?? spec.y_true;
  if (!yTrue) {
    bad('y_true', 'is required: give an N×C 0/1 matrix, or a "generate" block.');
    return undefined;
  }
  let yPred: number[][] | undefined;
  if (gen) yPred = gen.yPred;
  else if (Array.isArray(spec.y_pred)) yPred = spec.y_pred;
  else if (spec.y_pred) {
    const v = spec.y_pred.constant;
    yPred = yTrue.map((r) => r.map(() => v));
  }
  if (!yPred) {
    bad('y_pred', 'is required: an N×C matrix of predictions in [0, 1], or {constant: 0.7}.');
    return undefined;
  }
  checkMatrix(yTrue, 'y_true', bad, true);
  checkMatrix(yPred, 'y_pred', bad, false);
  const n = yTrue.length;
  const c = yTrue[0]!.length;
  if (yPred.length !== n || yPred.some((r) => r.length !== c)) {
    bad('y_pred', `is ${yPred.length}×${yPred[0]!.length}, but it must have the shape of y_true, ${n}×${c} (one row per example, one column per class).`);
  }
  let posWeights = gen?.posWeights ?? spec.pos_weights;
  let negWeights = gen?.negWeights ?? spec.neg_weights;
  if ((posWeights === undefined) !== (negWeights === undefined)) {
    bad(posWeights ? 'neg_weights' : 'pos_weights', 'give both pos_weights and neg_weights, or neither (then both come from the frequencies of y_true).');
  }
  if (!posWeights || !negWeights) {
    const f = computeClassFreqs(yTrue);
    posWeights = f.neg;
    negWeights = f.pos;
  }
  if (posWeights.length !== c) bad('pos_weights', `has ${entries(posWeights.length)}; y_true has ${c} classes. Give one weight per class.`);
  if (negWeights.length !== c) bad('neg_weights', `has ${entries(negWeights.length)}; y_true has ${c} classes. Give one weight per class.`);
  if (before.n > 0) return undefined;
  const f32 = dtype === 'float32';
  return {
    ...base,
    inputs: {
      fn: 'weighted_loss',
      yTrue,
      yPred: f32 ? round32(yPred) : yPred,
      posWeights: f32 ? posWeights.map(Math.fround) : posWeights,
      negWeights: f32 ? negWeights.map(Math.fround) : negWeights,
      epsilon: spec.epsilon,
      epsilonOmitted: spec.epsilon_arg === 'omitted',
    },
  };
}

function checkMatrix(m: number[][], field: string, bad: (f: string, t: string) => void, binary: boolean): void {
  const c = m[0]!.length;
  const ragged = m.findIndex((r) => r.length !== c);
  if (ragged >= 0) {
    bad(`${field}.${ragged}`, `row ${ragged + 1} has ${entries(m[ragged]!.length)}, row 1 has ${c}. Every row needs one entry per class.`);
    return;
  }
  // The first wrong entry, by its row and column (and so on its own line when rows are lines).
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < c; j++) {
      const v = m[i]![j]!;
      if (binary ? v !== 0 && v !== 1 : v < 0 || v > 1) {
        const where = `row ${i + 1}, column ${j + 1}`;
        bad(`${field}.${i}.${j}`, binary ? `${where} is ${v}, but labels must be 0 or 1. Fix that entry.` : `${where} is ${v}, but predictions must be in [0, 1]. Fix that entry.`);
        return;
      }
    }
  }
}
