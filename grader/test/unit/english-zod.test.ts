/**
 * The bundle carries zod's English locale alone (scripts/english-zod.mjs: the other ~50 were a sixth
 * of what Node compiled before a `check` could start). What zod says must not change: a program
 * bundled with the plugin and without it gives the same messages for the kinds of problems the
 * grader's schemas report, and the built bundle (when there is one) holds no other locale.
 */
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishZodOnly } from '../../../scripts/english-zod.mjs';
import { PACKAGE_ROOT } from '../../src/paths.js';

const PROBE = `
import { z } from 'zod';
const schema = z.object({
  name: z.string().min(2),
  points: z.number().int().positive(),
  kind: z.enum(['scalar', 'freqs']),
  values: z.array(z.number()).max(1),
  at: z.union([z.literal('a'), z.literal('b')]),
}).strict();
const bad = [
  { name: 1, points: -1.5, kind: 'x', values: [1, 2], at: 'c', extra: true },
  { name: 'x', points: 'p', kind: null, values: 'v', at: 3 },
  null,
];
export const messages = bad.map((b) => schema.safeParse(b).error.issues.map((i) => [i.path.join('.'), i.code, i.message]));
export const locales = Object.keys(z.locales).sort();
export const coreLocales = Object.keys(z.core.locales ?? {}).sort();
`;

async function run(plugins: esbuild.Plugin[]): Promise<{ messages: unknown; locales: string[]; coreLocales: string[]; size: number }> {
  const out = await esbuild.build({
    stdin: { contents: PROBE, resolveDir: PACKAGE_ROOT, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  const code = out.outputFiles[0]!.text;
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { messages: unknown; locales: string[]; coreLocales: string[] };
  return { ...mod, size: code.length };
}

describe('the bundle keeps English alone of zod’s locales', () => {
  it('gives the same messages as zod with every locale', async () => {
    const [full, english] = await Promise.all([run([]), run([englishZodOnly as esbuild.Plugin])]);
    expect(full.locales).toContain('fr'); // the probe does see zod's locales when they are all there
    expect(english.messages).toEqual(full.messages);
    expect(english.locales).toEqual(['en']);
    expect(english.coreLocales).toEqual(['en']);
    expect(english.size).toBeLessThan(full.size - 200_000);
  });

  it("names no folder of the machine it is built on (the build's fingerprint, which merge compares, is the same in any checkout)", async () => {
    // The plugin's module was named by its absolute path, which esbuild writes in a comment
    // (// zod-english-locales:/home/.../node_modules/zod/v4/locales/en.js): two checkouts of one
    // commit built bundles of other bytes, other chunk names, and buildVersion()s merge refused.
    const out = await esbuild.build({
      stdin: { contents: PROBE, resolveDir: PACKAGE_ROOT, loader: 'js' },
      absWorkingDir: PACKAGE_ROOT,
      outdir: join(PACKAGE_ROOT, 'dist', 'probe'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: true,
      write: false,
      logLevel: 'silent',
      plugins: [englishZodOnly as esbuild.Plugin],
    });
    expect(out.outputFiles.map((f) => f.path.slice(f.path.lastIndexOf('.')))).toEqual(['.map', '.js']);
    expect(out.outputFiles[1]!.text).toContain('zod-english-locales:');
    for (const f of out.outputFiles) expect(f.text, f.path).not.toContain(PACKAGE_ROOT);
  });

  // Built without esbuild (WLGRADE_NO_BUNDLE), nothing is bundled: skipped, and said so.
  it.skipIf(process.env['WLGRADE_NO_BUNDLE'] === '1')('the built bundle holds no locale but English', () => {
    const dir = join(PACKAGE_ROOT, 'dist', 'grader', 'src', 'bundle');
    if (!existsSync(dir)) throw new Error(`${dir} is missing: run "npm run build" first (npm test does).`);
    const locales = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/zod\/v4\/locales\/([\w-]+)\.js/g)) locales.add(m[1]!);
    }
    expect([...locales]).toEqual(['en']);
  });
});
