/**
 * `check` compiles the YAML parser only when its suite cache misses (suite/case-files.ts): the
 * modules a check loads before it grades, followed through their static imports from
 * program-check.ts, hold none of yaml, which only a dynamic import (load-suite.ts, on a miss or
 * with WLGRADE_NO_CACHE=1) reaches. Measured on the bundle's own module graph, as the build makes it.
 */
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishZodOnly } from '../../../../scripts/english-zod.mjs';
import { PACKAGE_ROOT } from '../../../src/paths.js';

async function graph() {
  const r = await esbuild.build({
    entryPoints: [join(PACKAGE_ROOT, 'grader', 'src', 'program-check.ts')],
    outdir: join(PACKAGE_ROOT, 'out-lazy-yaml'),
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [englishZodOnly as esbuild.Plugin],
  });
  const outputs = r.metafile.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint?.endsWith('program-check.ts'))!;
  /** The outputs reached from the entry through imports of the given kinds. */
  const reached = (kinds: string[]) => {
    const seen = new Set([entry]);
    for (const o of seen) for (const i of outputs[o]!.imports) if (kinds.includes(i.kind) && i.path in outputs) seen.add(i.path);
    return new Set([...seen].flatMap((o) => Object.keys(outputs[o]!.inputs)));
  };
  return { eager: reached(['import-statement']), all: reached(['import-statement', 'dynamic-import']) };
}

const fromYaml = (inputs: Set<string>) => [...inputs].filter((i) => /node_modules\/yaml\//.test(i));

describe("check's modules", () => {
  it('load no YAML parser before grading; a dynamic import reaches it for a cache miss', async () => {
    const { eager, all } = await graph();
    expect([...eager].some((i) => i.endsWith('suite-cache.ts'))).toBe(true);
    expect(fromYaml(eager)).toEqual([]);
    expect(fromYaml(all).length).toBeGreaterThan(0);
  });
});
