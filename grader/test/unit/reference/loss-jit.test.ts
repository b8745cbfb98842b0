/**
 * lossWithSpec evaluates every mistake model on every case at the start of a batch. V8 compiles it
 * to optimised code, and sent that code back to be compiled again each time it met an input array
 * of another element kind (integer weights, then fractional ones): ~10 compilations of this large
 * function per batch, a quarter of the compiler's work. It now reads its inputs through
 * Float64Arrays, whatever kind of array the case holds. Checked on V8's own optimisation status
 * (a separate node with --allow-natives-syntax, on an esbuild bundle of reference/loss.ts).
 */
import { build } from 'esbuild';
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/paths.js';

const PROBE = `
const { lossWithSpec, CORRECT_LOSS } = await import(process.argv[2]);
const yTrue = [[0, 1], [1, 0], [1, 1]];
const yPred = [[0.2, 0.7], [0.9, 0.1], [0.6, 0.8]];
const integers = { yTrue, yPred, posWeights: [1, 2], negWeights: [3, 1], epsilon: 1e-7 };
const fractions = { yTrue, yPred, posWeights: [0.25, 0.75], negWeights: [0.75, 0.25], epsilon: 1e-7 };
const spec = { ...CORRECT_LOSS };
%PrepareFunctionForOptimization(lossWithSpec);
for (let i = 0; i < 20; i++) lossWithSpec(integers, spec);
%OptimizeFunctionOnNextCall(lossWithSpec);
lossWithSpec(integers, spec);
const optimised = () => (%GetOptimizationStatus(lossWithSpec) & 16) !== 0;
const first = optimised();
const value = lossWithSpec(fractions, spec);
console.log(JSON.stringify({ first, afterFractions: optimised(), value }));
`;

describe('lossWithSpec in V8', () => {
  it('keeps its optimised code when the weights change from integers to fractions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-jit-'));
    try {
      await build({ entryPoints: [join(PACKAGE_ROOT, 'reference', 'loss.ts')], bundle: true, format: 'esm', outfile: join(dir, 'loss.mjs'), logLevel: 'silent' });
      await writeFile(join(dir, 'probe.mjs'), PROBE);
      const r = await execa(process.execPath, ['--allow-natives-syntax', join(dir, 'probe.mjs'), join(dir, 'loss.mjs')]);
      const out = JSON.parse(r.stdout) as { first: boolean; afterFractions: boolean; value: number };
      expect(out.value).toBeCloseTo(0.26087, 4);
      expect(out).toMatchObject({ first: true, afterFractions: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
