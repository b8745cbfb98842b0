/**
 * grade's cache of the mistake models' values (models-cache.ts): a batch of the same suite and
 * build reads back what an earlier one computed and computes none of it again (counted, not timed),
 * with the same diagnoses; a corrupt, cut-short or other suite's file is ignored and written again.
 */
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnose, modelsComputed, type DiagnosisInput } from '../../../src/grade/diagnose.js';
import { expectedFor, modelledViews } from '../../../src/grade/grade-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { loadSuite, type Suite } from '../../../src/suite/load-suite.js';
import { loadModels, MODELS_MAX_BYTES, modelsCacheFile, modelsCacheKey, parseModels, renderModels, saveModels } from '../../../src/suite/models-cache.js';

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

/** A learner whose every answer is right: the diagnosis computes no model. */
function rightAnswers(suite: Suite): DiagnosisInput[] {
  return suite.cases.map((c): DiagnosisInput => {
    const expected = expectedFor(c);
    const observation = expected.fn === 'weighted_loss' ? { kind: 'scalar' as const, value: expected.loss } : { kind: 'freqs' as const, ...expected.freqs };
    return { case: c, expected, passed: true, observation };
  });
}

/** One batch: the cache read, the diagnosis, the cache written; what it computed and found. */
async function batch(cacheDir = dir, learner = answers) {
  const suite = await freshSuite();
  const loaded = loadModels(cacheDir, suite);
  const before = modelsComputed();
  const found = diagnose(learner(suite));
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

  /** The cache file's document, and the first loss and frequencies case entries that hold values. */
  async function filled() {
    await batch();
    const suite = await freshSuite();
    const file = modelsCacheFile(dir, suite);
    const good = await readFile(file, 'utf8');
    const fns = suite.cases.flatMap(modelledViews).map((c) => c.inputs.fn);
    const doc = JSON.parse(good) as { cases: Record<string, unknown[]>[] };
    const at = (fn: string) => doc.cases.findIndex((m, i) => fns[i] === fn && Object.keys(m).length > 0);
    return { file, good, doc, loss: at('weighted_loss'), freqs: at('compute_class_freqs') };
  }

  it.each([
    ['a candidate no diagnosis builds, holding many values', (cases: Record<string, unknown[]>[], loss: number) => (cases[loss]!.x = new Array<number>(200_000).fill(0))],
    ['a loss candidate on a frequencies case', (cases: Record<string, unknown[]>[], _: number, freqs: number) => (cases[freqs]!['loss-sum-not-mean'] = [{ pos: [1], neg: [1] }])],
    ['a frequencies candidate on a loss case', (cases: Record<string, unknown[]>[], loss: number) => (cases[loss]!['freqs-swapped'] = [1, 2])],
  ])('seeds none of %s and writes the file again without it', async (_, add) => {
    const { file, good, doc, loss, freqs } = await filled();
    add(doc.cases, loss, freqs);
    await writeFile(file, JSON.stringify(doc));
    const again = await batch();
    expect(again.computed).toBe(0);
    expect(again.loaded.sets).toBeGreaterThan(100);
    expect(again.written).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(good);
  });

  it.each([
    ['frequencies for a loss case', (cases: Record<string, unknown[]>[], loss: number) => (Object.values(cases[loss]!)[0]![0] = { pos: [1], neg: [1] })],
    ['a number for a frequencies case', (cases: Record<string, unknown[]>[], _: number, freqs: number) => (Object.values(cases[freqs]!)[0]![0] = 0.5)],
  ])('ignores a file holding %s (a value no model gives there), computes the values again and writes it over', async (_, spoil) => {
    const { file, good, doc, loss, freqs } = await filled();
    spoil(doc.cases, loss, freqs);
    await writeFile(file, JSON.stringify(doc));
    const again = await batch();
    expect(again.loaded.sets).toBe(0);
    expect(again.computed).toBeGreaterThan(100);
    expect(await readFile(file, 'utf8')).toBe(good);
  });

  it('ignores a file larger than its cap, however well formed, and writes it over', async () => {
    const { file, good } = await filled();
    expect(good.length * 4).toBeLessThan(MODELS_MAX_BYTES);
    await writeFile(file, good + ' '.repeat(MODELS_MAX_BYTES - good.length + 1));
    const again = await batch();
    expect(again.loaded.sets).toBe(0);
    expect(again.written).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(good);
  });

  it('removes a file that does not fit when the batch has nothing to write in its place', async () => {
    const { file } = await filled();
    await writeFile(file, '{"format": 1, "key": ');
    const again = await batch(dir, rightAnswers);
    expect(again.computed).toBe(0);
    expect(again.written).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the temporary files a killed writer left, an hour old or more, when it writes, and nothing else', async () => {
    const suite = await freshSuite();
    const base = `models-${modelsCacheKey(suite)}.json`;
    const old = [`${base}.4242.a1b2c3d4e5f6.tmp`, `models-${'0'.repeat(64)}.json.7.00ff00ff00ff.tmp`];
    const kept = [`${base}.4243.0123456789ab.tmp`, 'suite-x.json.1.abcdef.tmp', `${base}.tmp`];
    const hours = (h: number) => new Date(Date.now() - h * 3600_000);
    for (const name of [...old, ...kept]) await writeFile(join(dir, name), 'half');
    for (const name of [...old, ...kept.slice(1)]) await utimes(join(dir, name), hours(2), hours(2));
    await utimes(join(dir, kept[0]!), hours(0.5), hours(0.5));
    const b = await batch();
    expect(b.written).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([base, ...kept].sort());
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
