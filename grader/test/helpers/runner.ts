/** Calls one function of the Python runner (grader/src/python/runner.py) on each of several sources, in one Python. */
import { execa } from 'execa';
import { expect } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import type { MistakeId } from '../../../reference/mistakes/index.js';
import { siteOf } from '../../src/grade/sites.js';
import { FunctionInfoSchema, type FunctionInfo } from '../../src/schema/protocol.js';

/** `runner.<fn>(source)` for each source, as JSON: one Python start for the lot. */
export async function runnerOnEach(fn: string, sources: string[]): Promise<unknown[]> {
  const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
print(json.dumps([runner.${fn}(s) for s in json.loads(sys.stdin.read())]))`;
  const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify(sources) });
  return JSON.parse(stdout) as unknown[];
}

type Raw = { f: 'loss' | 'freqs'; line: number } & Record<string, unknown>;

/** runner.fix_sites on each source, as serve() hands them to the grader: per graded function, checked by the schema. */
export async function functionsOf(sources: string[]): Promise<Record<string, FunctionInfo>[]> {
  const all = (await runnerOnEach('fix_sites', sources)) as (Raw[] | null)[];
  return all.map((sites) => {
    // What Python sent, unchecked until the schema parses it, as the grader's serve() does.
    const raw: Record<string, { defined: true; callable: true; params: null; sites: unknown[] }> = {};
    for (const { f, ...site } of sites ?? []) {
      const name = f === 'loss' ? 'get_weighted_loss' : 'compute_class_freqs';
      (raw[name] ??= { defined: true, callable: true, params: null, sites: [] }).sites.push(site);
    }
    return Object.fromEntries(Object.entries(raw).map(([name, info]) => [name, FunctionInfoSchema.parse(info)]));
  });
}

/** The trimmed text of each line `id`'s site names in each source, or undefined for no site. */
export async function shownLines(rows: [string, MistakeId, string][]): Promise<[string, string[] | undefined][]> {
  const fs = await functionsOf(rows.map(([, , src]) => src));
  return rows.map(([name, id, src], i) => {
    const at = siteOf(id, fs[i]);
    const lines = src.split('\n');
    return [name, at ? (at.lines ?? [at]).map((l) => lines[l.line - 1]!.trim()) : undefined];
  });
}

/** A row of a where-is-the-mistake table: its name, the mistake, the source, and the trimmed lines its site names (undefined: none). */
export type SiteRow = [name: string, id: MistakeId, src: string, want: string[] | undefined];

/** Asserts that `id`'s site in each row's source names exactly the lines the row wants (shownLines, one Python for the lot). */
export async function expectSiteLines(rows: SiteRow[]): Promise<void> {
  const got = await shownLines(rows.map(([name, id, src]) => [name, id, src]));
  expect(got).toEqual(rows.map(([name, , , want]) => [name, want]));
}

/** The imports the site tables' sources start with: every framework a row may spell its loss in. */
export const SITES_HEAD = 'import numpy as np\nimport tensorflow as tf\nimport torch\nfrom keras import backend as K\n\n\n';

/**
 * A source whose get_weighted_loss(`head`) returns weighted_loss(`inner`) with `body` (lines
 * indented by 8), after `before` (top-level code: helpers the body calls).
 */
export function lossSource(body: string[], o: { head?: string | undefined; inner?: string | undefined; before?: string | undefined } = {}): string {
  const { head = 'pos_weights, neg_weights, epsilon=1e-7', inner = 'y_true, y_pred', before = '' } = o;
  return `${SITES_HEAD}${before}def get_weighted_loss(${head}):\n    def weighted_loss(${inner}):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;
}

/** A source for fix_sites with the learner's modules beside it: `foreign` and `sources` as runner._foreign_defs gives them. */
export type ForeignJob = {
  source: string;
  foreign?: Record<string, Record<string, [file: string, def: string, line: number]>>;
  sources?: Record<string, string>;
};

/**
 * The trimmed `file:line: text` lines `id`'s site names in each row's job (the graded file as `hw.py`),
 * or undefined: runner.fix_sites read with the helpers a module beside the file defines, one Python for the lot.
 */
export async function foreignSiteLines(rows: Array<[name: string, id: MistakeId, job: ForeignJob]>): Promise<Array<[string, string[] | undefined]>> {
  const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
out = []
for j in json.loads(sys.stdin.read()):
    foreign = dict(j.get("foreign") or {}, sources=j.get("sources") or {}) if j.get("sources") else None
    out.append(runner.fix_sites(j["source"], foreign=foreign))
print(json.dumps(out))`;
  const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify(rows.map(([, , job]) => job)) });
  const all = (JSON.parse(stdout) as (Raw[] | null)[]).map((sites) => {
    const raw: Record<string, { defined: true; callable: true; params: null; sites: unknown[] }> = {};
    for (const { f, ...site } of sites ?? []) (raw[f === 'loss' ? 'get_weighted_loss' : 'compute_class_freqs'] ??= { defined: true, callable: true, params: null, sites: [] }).sites.push(site);
    return Object.fromEntries(Object.entries(raw).map(([name, info]) => [name, FunctionInfoSchema.parse(info)]));
  });
  return rows.map(([name, id, job], i) => {
    const at = siteOf(id, all[i]);
    if (!at) return [name, undefined];
    const text = at.file === undefined ? job.source : job.sources?.[at.file] ?? '';
    return [name, (at.lines ?? [at]).map((l) => `${at.file ?? 'hw.py'}:${l.line}: ${text.split('\n')[l.line - 1]!.trim()}`)];
  });
}
