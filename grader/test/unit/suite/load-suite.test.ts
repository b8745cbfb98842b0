import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { GraderError } from '../../../src/errors.js';
import { parseSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';

function problem(text: string): string {
  try {
    parseSuite(text, 'cases/x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(GraderError);
    return (e as GraderError).message;
  }
  throw new Error('expected the suite to be rejected');
}

const head = 'suite: x\ncases:\n';

describe('parseSuite', () => {
  it('loads the public suite with its defaults applied and inputs made concrete', () => {
    const { name, cases } = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml');
    expect(name).toBe('public');
    const toy = cases.find((c) => c.id === 'loss-course-preds-0.7')!;
    expect(toy).toMatchObject({ function: 'weighted_loss', points: 1, visibility: 'public', dtype: 'float64', tolerance: { rtol: 1e-5, atol: 1e-6 } });
    expect(toy.inputs).toEqual({
      fn: 'weighted_loss',
      yTrue: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]],
      yPred: Array.from({ length: 4 }, () => [0.7, 0.7, 0.7]),
      posWeights: [0.25, 0.25, 0.5],
      negWeights: [0.75, 0.75, 0.5],
      epsilon: 1e-7,
    });
    expect(cases.find((c) => c.id === 'loss-exact-0-1-float32')!.tolerance).toEqual({ rtol: 3e-2, atol: 1e-6 });
  });

  it('rounds float32 cases to float32 and derives course weights when none are given', () => {
    const { cases } = parseSuite(`${head}  - id: a\n    function: weighted_loss\n    dtype: float32\n    y_true: [[1, 0], [1, 1], [0, 0]]\n    y_pred: [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]\n`, 'x.yaml');
    const inputs = cases[0]!.inputs;
    if (inputs.fn !== 'weighted_loss') throw new Error('wrong kind');
    expect(inputs.yPred[0]![0]).toBe(Math.fround(0.1));
    expect(inputs.posWeights).toEqual([Math.fround(1 / 3), Math.fround(2 / 3)]);
    expect(inputs.negWeights).toEqual([Math.fround(2 / 3), Math.fround(1 / 3)]);
  });

  it('generates the same arrays from the same seed', () => {
    const text = `${head}  - id: g\n    function: weighted_loss\n    generate: { seed: 9, shape: [6, 3], predictions: exact-0-1 }\n`;
    const a = parseSuite(text, 'x.yaml').cases[0]!.inputs;
    const b = parseSuite(text, 'x.yaml').cases[0]!.inputs;
    expect(a).toEqual(b);
    if (a.fn !== 'weighted_loss') throw new Error('wrong kind');
    expect(a.yPred.flat()).toContain(0);
    expect(a.yPred.flat()).toContain(1);
  });

  it.each([
    ['bad YAML', `${head}  - id: a\n    labels: [[1, 0]\n`, /^cases\/x\.yaml:\d: invalid YAML: /],
    ['an unknown field, on its line', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    pionts: 2\n`, 'cases/x.yaml:6: case "a": unknown field "pionts". Check the spelling'],
    ['a bad value', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    points: -1\n`, 'cases/x.yaml:6: case "a", field "points": Too small: expected number to be >=0. Fix the value'],
    ['a wrong function name', `${head}  - id: a\n    function: weighted_los\n`, 'cases/x.yaml:4: case "a", field "function": Invalid option'],
    ['a missing field', `${head}  - function: compute_class_freqs\n    labels: [[1]]\n`, 'cases/x.yaml:3: case #1, field "id": is required.'],
    ['non-binary labels', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1, 2]]\n`, 'cases/x.yaml:5: case "a", field "labels": labels must be 0 or 1.'],
    ['a shape mismatch', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_pred: [[0.5]]\n`, 'cases/x.yaml:6: case "a", field "y_pred": must have the shape of y_true, 1×2.'],
    ['weights of the wrong length', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_pred: [[0.5, 0.5]]\n    pos_weights: [1]\n    neg_weights: [1, 1]\n`, 'cases/x.yaml:7: case "a", field "pos_weights": has 1 entries; y_true has 2 classes.'],
    ['generate and explicit arrays together', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    generate: { seed: 1, shape: [2, 2] }\n`, 'cases/x.yaml:5: case "a", field "labels": a case has either "generate" or explicit arrays, not both.'],
    ['a generator with fewer positive rates than classes', `${head}  - id: a\n    function: compute_class_freqs\n    generate:\n      seed: 1\n      shape: [5, 3]\n      positive_rate: [0.5, 0.5]\n`, 'cases/x.yaml:8: case "a", field "generate.positive_rate": has 2 rates; generate.shape has 3 classes. Give one rate per class, or one number for all of them.'],
    ['a generator with more positive rates than classes', `${head}  - id: a\n    function: weighted_loss\n    generate: { seed: 1, shape: [5, 2], positive_rate: [0.1, 0.5, 0.9] }\n`, 'cases/x.yaml:5: case "a", field "generate.positive_rate": has 3 rates; generate.shape has 2 classes.'],
    ['generated weights of the wrong length', `${head}  - id: a\n    function: weighted_loss\n    generate:\n      seed: 1\n      shape: [5, 3]\n      weights:\n        pos: [1, 1]\n        neg: [1, 1, 1]\n`, 'cases/x.yaml:9: case "a", field "generate.weights.pos": has 2 weights; generate.shape has 3 classes. Give one weight per class.'],
    ['predictions outside [0, 1]', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1]]\n    y_pred: [[1.5]]\n`, 'cases/x.yaml:6: case "a", field "y_pred": predictions must be in [0, 1].'],
  ])('rejects %s with file:line and the case', (_, text, expected) => {
    const msg = problem(text);
    if (typeof expected === 'string') expect(msg).toContain(expected);
    else expect(msg).toMatch(expected);
  });

  it('rejects duplicate case ids across files', async () => {
    const { loadSuite } = await import('../../../src/suite/load-suite.js');
    await expect(loadSuite([PUBLIC_SUITE, PUBLIC_SUITE], join(PUBLIC_SUITE, '..', '..'))).rejects.toThrow(
      /cases\/public\.yaml:\d+: case "freqs-course-example" has the same id as cases\/public\.yaml:\d+\. Case ids must be unique/,
    );
  });

  it("names a case file relative to the folder it is run from, wlgrade's own relative to its install, any other by its absolute path", async () => {
    const { readCaseFiles } = await import('../../../src/suite/load-suite.js');
    const root = join(PUBLIC_SUITE, '..', '..');
    expect((await readCaseFiles([PUBLIC_SUITE], root))[0]!.display).toBe(join('cases', 'public.yaml'));
    const elsewhere = await mkdtemp(join(tmpdir(), 'wlgrade-cwd-'));
    // Run elsewhere, the bundled suite does not show where wlgrade is installed (Classroom's test_code).
    expect((await readCaseFiles([PUBLIC_SUITE], elsewhere))[0]!.display).toBe(join('cases', 'public.yaml'));
    const own = join(elsewhere, 'mine.yaml');
    await writeFile(own, await readFile(PUBLIC_SUITE, 'utf8'));
    expect((await readCaseFiles([own], tmpdir()))[0]!.display).toBe(relative(tmpdir(), own));
    expect((await readCaseFiles([own], root))[0]!.display).toBe(resolve(own));
  });
});
