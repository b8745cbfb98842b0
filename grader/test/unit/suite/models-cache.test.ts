/**
 * grade's cache of the mistake models' values (models-cache.ts): a batch of the same suite and
 * build reads back what an earlier one computed and computes none of it again (counted, not timed),
 * with the same diagnoses; a corrupt, cut-short or other suite's file is ignored and written again.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnose, modelsComputed, type DiagnosisInput } from '../../../src/grade/diagnose.js';
import { expectedFor, modelledViews } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { loadSuite, type Suite } from '../../../src/suite/load-suite.js';
import { loadModels, modelsCacheFile, modelsCacheKey, parseModels, renderModels, saveModels } from '../../../src/suite/models-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-models-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// Loaded again for each batch: the diagnosis keeps model values per case object, and a batch of a
// new process has new case objects.
const freshSuite = () => loadSuite([PUBLIC_SUITE]);

/**
 * A learner who sums over the examples (the loss N times the expected, on each loss case's float32
 * view, as a float32 loss is diagnosed) and divides the frequencies by the classes' count.
 */
function answers(suite: Suite): DiagnosisInput[] {
  return suite.cases.map((c): DiagnosisInput => {
    const expected = expectedFor(c);
    if (expected.fn === 'weighted_loss' && c.inputs.fn === 'weighted_loss') {
      const n = c.inputs.yTrue.length;
      return { case: modelledViews(c).at(-1)!, expected, passed: n === 1, observation: { kind: 'scalar', value: expected.loss * n } };
    }
    if (expected.fn !== 'compute_class_freqs' || c.inputs.fn !== 'compute_class_freqs') throw new Error('a case of another function');
    const n = c.inputs.labels.length;
    const k = c.inputs.labels[0]!.length;
    const scale = (xs: number[]) => xs.map((x) => (x * n) / k);
    const wrong = { pos: scale(expected.freqs.pos), neg: scale(expected.freqs.neg) };
    return { case: c, expected, passed: n === k, observation: { kind: 'freqs', ...wrong } };
  });
}

/** One batch: the cache read, the diagnosis, the cache written; what it computed and found. */
async function batch(cacheDir = dir) {
  const suite = await freshSuite();
  const loaded = loadModels(cacheDir, suite);
  const before = modelsComputed();
  const found = diagnose(answers(suite));
  const computed = modelsComputed() - before;
  const written = await saveModels(cacheDir, suite, loaded);
  return { suite, loaded, computed, written, mistakes: found.mistakes.map((m) => [m.id, m.confidence, m.message]) };
}

describe('the models cache', () => {
  it('is read back by the next batch of the same suite and build, which computes no model again and finds the same', async () => {
    const first = await batch();
    expect(first.mistakes.map(([id]) => id)).toEqual(expect.arrayContaining(['loss-sum-not-mean']));
    expect(first.loaded.sets).toBe(0);
    expect(first.computed).toBeGreaterThan(100);
    expect(first.written).toBe(true);
    expect(await readdir(dir)).toEqual([`models-${modelsCacheKey(first.suite)}.json`]);

    const second = await batch();
    expect(second.loaded.sets).toBeGreaterThan(100);
    expect(second.computed).toBe(0);
    expect(second.mistakes).toEqual(first.mistakes);
  });

  it.each([
    ['a corrupt file', () => '{"format": 1, "key": '],
    ['a file of another build', (text: string) => text.replace(/"key":"[0-9a-f]+"/, `"key":"${'0'.repeat(64)}"`)],
    ['a file with a value that is no model value', (text: string) => text.replace(/\[(-?[0-9.e+-]+),/, '[{"pos": 1},')],
    ['a file of another suite', (text: string) => text.replace(/"cases":\[\{/, '"cases":[{},{')],
  ])('ignores %s, computes the values again and writes the file over', async (_, spoil) => {
    await batch();
    const suite = await freshSuite();
    const file = modelsCacheFile(dir, suite);
    const good = await readFile(file, 'utf8');
    const bad = spoil(good);
    expect(bad).not.toBe(good);
    await writeFile(file, bad);
    const again = await batch();
    expect(again.loaded.sets).toBe(0);
    expect(again.computed).toBeGreaterThan(100);
    expect(again.written).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(good);
  });

  it('keys the file by the suite and the build', async () => {
    const suite = await freshSuite();
    const other = await freshSuite();
    const c = other.cases.find((x) => x.inputs.fn === 'weighted_loss')!;
    if (c.inputs.fn !== 'weighted_loss') throw new Error('no loss case');
    c.inputs = { ...c.inputs, epsilon: c.inputs.epsilon * 2 };
    expect(modelsCacheKey(suite)).toBe(modelsCacheKey(await freshSuite()));
    expect(modelsCacheKey(other)).not.toBe(modelsCacheKey(suite));
    expect(modelsCacheKey(suite, 'another-build')).not.toBe(modelsCacheKey(suite));
  });

  it('keeps every number as it was: NaN, the infinities and -0 too', () => {
    const store = [new Map([['a', [NaN, Infinity, -Infinity, -0, 0, 0.1 + 0.2, { error: 'IndexError' as const, detail: 'index 3 is out of bounds' }, { pos: [NaN, -0, 1e-300], neg: [Infinity, 5e-324, 1] }]]]), new Map()];
    const back = parseModels(renderModels(store, 'k'), 'k', 2);
    expect(back).toEqual(store);
    expect(Object.is(back[0]!.get('a')![3], -0)).toBe(true);
    expect(Object.is((back[0]!.get('a')![7] as { pos: number[] }).pos[1], -0)).toBe(true);
    expect(() => parseModels(renderModels(store, 'k'), 'k', 3)).toThrow();
  });

  it('says false when the file cannot be written, and the batch is graded all the same', async () => {
    const notADir = join(dir, 'file');
    await writeFile(notADir, 'x');
    const b = await batch(notADir);
    expect(b.written).toBe(false);
    expect(b.mistakes.map(([id]) => id)).toEqual(expect.arrayContaining(['loss-sum-not-mean']));
  });
});
