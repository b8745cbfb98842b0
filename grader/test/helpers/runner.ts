/** Calls one function of the Python runner (grader/src/python/runner.py) on each of several sources, in one Python. */
import { execa } from 'execa';
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
