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
      epsilonOmitted: false,
    });
    // A case that calls get_weighted_loss without epsilon says so in its inputs: a model of a learner's own default uses it there.
    expect(cases.find((c) => c.id === 'loss-epsilon-default')!.inputs).toMatchObject({ epsilon: 1e-7, epsilonOmitted: true });
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
    ['an unknown field, on its line', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    pionts: 2\n`, 'cases/x.yaml:6: case "a": unknown field "pionts": did you mean "points"? Rename it.'],
    ['a bad value', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    points: -1\n`, 'cases/x.yaml:6: case "a", field "points": is -1, but must be ≥ 0. Fix the value'],
    ['a wrong function name', `${head}  - id: a\n    function: weighted_los\n`, 'cases/x.yaml:4: case "a", field "function": is "weighted_los", but must be one of compute_class_freqs, weighted_loss (did you mean weighted_loss?). Fix the value'],
    ['a missing field', `${head}  - function: compute_class_freqs\n    labels: [[1]]\n`, 'cases/x.yaml:3: case #1, field "id": is required.'],
    ['non-binary labels, at their row and column', `${head}  - id: a\n    function: compute_class_freqs\n    labels:\n      - [1, 0]\n      - [0, 2]\n`, 'cases/x.yaml:7: case "a", field "labels.1.1": row 2, column 2 is 2, but labels must be 0 or 1. Fix that entry.'],
    ['rows of different lengths, at the first one that differs', `${head}  - id: a\n    function: compute_class_freqs\n    labels:\n      - [1, 0]\n      - [0, 1, 1]\n`, 'cases/x.yaml:7: case "a", field "labels.1": row 2 has 3 entries, row 1 has 2. Every row needs one entry per class.'],
    // Review 29: "row 2 has 1 entries".
    ['a row of one entry among longer ones, in the singular', `${head}  - id: a\n    function: compute_class_freqs\n    labels:\n      - [1, 0]\n      - [1]\n`, 'cases/x.yaml:7: case "a", field "labels.1": row 2 has 1 entry, row 1 has 2. Every row needs one entry per class.'],
    ['a shape mismatch', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_pred: [[0.5]]\n`, 'cases/x.yaml:6: case "a", field "y_pred": is 1×1, but it must have the shape of y_true, 1×2 (one row per example, one column per class).'],
    ['weights of the wrong length', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_pred: [[0.5, 0.5]]\n    pos_weights: [1]\n    neg_weights: [1, 1]\n`, 'cases/x.yaml:7: case "a", field "pos_weights": has 1 entry; y_true has 2 classes. Give one weight per class.'],
    ['generate and explicit arrays together', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    generate: { seed: 1, shape: [2, 2] }\n`, 'cases/x.yaml:5: case "a", field "labels": a case has either "generate" or explicit arrays, not both.'],
    ['a generator with fewer positive rates than classes', `${head}  - id: a\n    function: compute_class_freqs\n    generate:\n      seed: 1\n      shape: [5, 3]\n      positive_rate: [0.5, 0.5]\n`, 'cases/x.yaml:8: case "a", field "generate.positive_rate": has 2 rates; generate.shape has 3 classes. Give one rate per class, or one number for all of them.'],
    ['a generator with more positive rates than classes', `${head}  - id: a\n    function: weighted_loss\n    generate: { seed: 1, shape: [5, 2], positive_rate: [0.1, 0.5, 0.9] }\n`, 'cases/x.yaml:5: case "a", field "generate.positive_rate": has 3 rates; generate.shape has 2 classes.'],
    ['generated weights of the wrong length', `${head}  - id: a\n    function: weighted_loss\n    generate:\n      seed: 1\n      shape: [5, 3]\n      weights:\n        pos: [1, 1]\n        neg: [1, 1, 1]\n`, 'cases/x.yaml:9: case "a", field "generate.weights.pos": has 2 weights; generate.shape has 3 classes. Give one weight per class.'],
    ['a NaN in a prediction matrix, at its entry', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1, 0], [0, 1]]\n    y_pred:\n      - [0.5, 0.5]\n      - [0.5, .nan]\n`, 'cases/x.yaml:8: case "a", field "y_pred.1.1": must be a number, but is .nan. Fix the value (README.md'],
    ['predictions neither a matrix nor a constant', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_pred: half\n`, 'cases/x.yaml:6: case "a", field "y_pred": must be a list or a mapping {constant}, but is "half". Fix the value (README.md'],
    // Staff 29: zod's own words named neither the value nor the option meant.
    ['a value above its bound, with the value', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1]]\n    y_pred: [[0.5]]\n    epsilon: 11\n`, 'cases/x.yaml:7: case "a", field "epsilon": is 11, but must be ≤ 10. Fix the value, or delete the field to use its default.'],
    ['an option that is not one, with no guess when none is a slip away', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    dtype: float16\n`, 'cases/x.yaml:6: case "a", field "dtype": is "float16", but must be one of float32, float64. Fix the value'],
    ['a misspelt option, with the one meant', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    visibility: hiden\n`, 'cases/x.yaml:6: case "a", field "visibility": is "hiden", but must be one of public, hidden (did you mean hidden?). Fix the value'],
    ['an option with two letters swapped, with the one meant', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    visibility: hdiden\n`, 'cases/x.yaml:6: case "a", field "visibility": is "hdiden", but must be one of public, hidden (did you mean hidden?). Fix the value'],
    ['a seed that is not a whole number', `${head}  - id: a\n    function: compute_class_freqs\n    generate: { seed: 1.5, shape: [3, 2] }\n`, 'cases/x.yaml:5: case "a", field "generate.seed": must be a whole number, but is 1.5. Fix the value'],
    ['a shape of one number', `${head}  - id: a\n    function: compute_class_freqs\n    generate: { seed: 1, shape: [3] }\n`, 'cases/x.yaml:5: case "a", field "generate.shape": has 1 entry, but needs at least 2. Fix the value'],
    ['a tag in capitals', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    tags: [Epsilon]\n`, 'cases/x.yaml:6: case "a", field "tags.0": is "Epsilon", but must use lower-case letters, digits and "-" only. Fix the value'],
    ['cases as one mapping, not a list', 'suite: x\ncases:\n  id: a\n  function: compute_class_freqs\n', 'cases/x.yaml:3: field "cases": must be a list, but is a mapping. Fix the value'],
    ['an empty matrix', `${head}  - id: a\n    function: compute_class_freqs\n    labels: []\n`, 'cases/x.yaml:5: case "a", field "labels": is an empty list. Give at least one row.'],
    ['no cases', 'suite: x\ncases: []\n', 'cases/x.yaml:2: field "cases": is an empty list. Give at least one case.'],
    ['an empty file', '', 'cases/x.yaml:1: the file is empty, not a suite. A case file is a mapping with a "cases:" list of cases'],
    ['a bare list of cases', '- id: a\n  function: compute_class_freqs\n', 'cases/x.yaml:1: the file is a YAML list, not a suite.'],
    ['two YAML documents', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n---\nsuite: y\n`, 'cases/x.yaml:6: a second YAML document starts here ("---"), but a case file holds one suite. Put each suite in its own file'],
    ['an epsilon that epsilon_arg: omitted never passes, at its line', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1], [0]]\n    y_pred: [[0.5], [0.5]]\n    epsilon: 0.1\n    epsilon_arg: omitted\n`, 'cases/x.yaml:7: case "a", field "epsilon": is 0.1, but epsilon_arg: omitted calls get_weighted_loss without it, so its default 1e-7 is what is graded.'],
    ['an epsilon on a compute_class_freqs case, at its line', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    epsilon: 0.5\n`, 'cases/x.yaml:6: case "a", field "epsilon": only weighted_loss cases take epsilon. Delete this field.'],
    ['predictions outside [0, 1]', `${head}  - id: a\n    function: weighted_loss\n    y_true: [[1]]\n    y_pred: [[1.5]]\n`, 'cases/x.yaml:6: case "a", field "y_pred.0.0": row 1, column 1 is 1.5, but predictions must be in [0, 1]. Fix that entry.'],
  ])('rejects %s with file:line and the case', (_, text, expected) => {
    const msg = problem(text);
    if (typeof expected === 'string') expect(msg).toContain(expected);
    else expect(msg).toMatch(expected);
  });

  it('tells every problem of a file in one run, in the file\'s order: a misspelt field, a shape and an id twice (staff 29)', () => {
    const text = `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n    tolerence: { rtol: 0.1 }\n  - id: b\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_pred: [[0.5]]\n  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n`;
    expect(problem(text).split('\n')).toEqual([
      'cases/x.yaml:6: case "a": unknown field "tolerence": did you mean "tolerance"? Rename it.',
      'cases/x.yaml:10: case "b", field "y_pred": is 1×1, but it must have the shape of y_true, 1×2 (one row per example, one column per class).',
      'cases/x.yaml:11: case "a" has the same id as cases/x.yaml:3. Case ids must be unique across all case files: rename one.',
    ]);
  });

  it('says a misspelt key of a field the case then lacks once, as the field meant, not also that the field is required (staff review 29)', () => {
    const text =
      `${head}  - id: a\n    function: weighted_loss\n    y_treu: [[1, 0]]\n    y_pred: [[0.5, 0.5]]\n` +
      `  - id: b\n    function: compute_class_freqs\n    lables: [[1]]\n    colour: red\n` +
      `  - id: c\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_pred: [[0.5, 0.5]]\n    pos_wieghts: [1, 1]\n    neg_weights: [1, 1]\n` +
      // y_true is there: y_treu is only an unknown field, and nothing is missing.
      `  - id: d\n    function: weighted_loss\n    y_true: [[1, 0]]\n    y_treu: [[1, 0]]\n    y_pred: [[0.5, 0.5]]\n` +
      // Too far from any field: an unknown field, and y_pred is still required.
      `  - id: e\n    function: weighted_loss\n    y_true: [[1, 0]]\n    predictions: [[0.5, 0.5]]\n`;
    expect(problem(text).split('\n')).toEqual([
      'cases/x.yaml:5: case "a": unknown field "y_treu": did you mean "y_true"? Rename it.',
      'cases/x.yaml:9: case "b": unknown field "lables": did you mean "labels"? Rename it.',
      'cases/x.yaml:10: case "b": unknown field "colour". Check the spelling (README.md lists the fields).',
      'cases/x.yaml:15: case "c": unknown field "pos_wieghts": did you mean "pos_weights"? Rename it.',
      'cases/x.yaml:20: case "d": unknown field "y_treu". Check the spelling (README.md lists the fields).',
      'cases/x.yaml:22: case "e", field "y_pred": is required: an N×C matrix of predictions in [0, 1], or {constant: 0.7}.',
      'cases/x.yaml:25: case "e": unknown field "predictions". Check the spelling (README.md lists the fields).',
    ]);
  });

  it('says "did you mean" for a slip in any mapping, top level and nested, on the key\'s own line, and the field it stands for is not also "required" (staff 30)', () => {
    const text =
      `suite: x\nvisibilty: hidden\ndefualts:\n  points: 2\ncolour: red\ncases:\n` +
      `  - id: a\n    function: weighted_loss\n    generate:\n      seed: 1\n      shap: [5, 2]\n    tolerance: { rtol: 0.1, atoll: 0.1 }\n    pionts: 2\n`;
    expect(problem(text).split('\n')).toEqual([
      'cases/x.yaml:2: unknown field "visibilty": did you mean "visibility"? Rename it.',
      'cases/x.yaml:3: unknown field "defualts": did you mean "defaults"? Rename it.',
      'cases/x.yaml:5: unknown field "colour". Check the spelling (README.md lists the fields); a top-level key that only holds anchors for the cases must start with "x-" (x-shared:).',
      'cases/x.yaml:11: case "a", field "generate": unknown field "shap": did you mean "shape"? Rename it.',
      'cases/x.yaml:12: case "a", field "tolerance": unknown field "atoll": did you mean "atol"? Rename it.',
      'cases/x.yaml:13: case "a": unknown field "pionts": did you mean "points"? Rename it.',
    ]);
  });

  // Review 29: a failed literal branch (invalid_value) was taken as the branch that fits, and its one
  // literal stated as every choice: "is \"Random\", but must be one of frequencies".
  it.each([
    ['a weights option in capitals', 'Random', 'field "generate.weights": is "Random", but must be frequencies, random or a mapping {pos, neg} (did you mean random?). Fix the value'],
    ['a number for weights', '3', 'field "generate.weights": must be frequencies, random or a mapping {pos, neg}, but is 3. Fix the value'],
    ['a list for weights', '[1, 1]', 'field "generate.weights": must be frequencies, random or a mapping {pos, neg}, but is a list of 2. Fix the value'],
    ['a weights mapping without neg', '{pos: [1, 2]}', 'cases/x.yaml:8: case "a", field "generate.weights.neg": is required.'],
  ])('names every choice of a union of options and a mapping, or the mapping\'s own problem: %s', (_, weights, expected) => {
    const msg = problem(`${head}  - id: a\n    function: weighted_loss\n    generate:\n      seed: 1\n      shape: [5, 2]\n      weights: ${weights}\n`);
    expect(msg).toContain(expected);
    expect(msg).not.toContain('must be one of frequencies');
  });

  it('checks every case whole whatever the top level holds: a misspelt top-level key hid a ragged row (review 29)', () => {
    const text = `suite: x\nvisibilty: hidden\ncases:\n  - id: a\n    function: compute_class_freqs\n    labels:\n      - [1, 0]\n      - [1, 1, 1]\n  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n`;
    expect(problem(text).split('\n')).toEqual([
      'cases/x.yaml:2: unknown field "visibilty": did you mean "visibility"? Rename it.',
      'cases/x.yaml:8: case "a", field "labels.1": row 2 has 3 entries, row 1 has 2. Every row needs one entry per class.',
      'cases/x.yaml:9: case "a" has the same id as cases/x.yaml:4. Case ids must be unique across all case files: rename one.',
    ]);
  });

  it('checks a case whole when only a field that feeds no input is wrong: points: -1 hid wrong-length weights (review 29)', () => {
    const text = `${head}  - id: a\n    function: weighted_loss\n    points: -1\n    y_true: [[1, 0]]\n    y_pred: [[0.5, 0.5]]\n    pos_weights: [1]\n    neg_weights: [1, 1]\n`;
    expect(problem(text).split('\n')).toEqual([
      'cases/x.yaml:5: case "a", field "points": is -1, but must be ≥ 0. Fix the value, or delete the field to use its default.',
      'cases/x.yaml:8: case "a", field "pos_weights": has 1 entry; y_true has 2 classes. Give one weight per class.',
    ]);
    // A wrong input is not dropped to check the rest: that would tell "y_pred is required", which it is not.
    const nan = `${head}  - id: a\n    function: weighted_loss\n    points: -1\n    y_true: [[1, 0]]\n    y_pred: [[0.5, .nan]]\n`;
    expect(problem(nan).split('\n')).toHaveLength(2);
  });

  it('says how many problems there are past the eight it tells', () => {
    const bad = Array.from({ length: 10 }, (_, i) => `  - id: c${i}\n    function: compute_class_freqs\n    labels: [[1]]\n    points: -1\n`).join('');
    const lines = problem(`${head}${bad}`).split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[8]).toBe('and 2 more problems in cases/x.yaml.');
  });

  it.each([
    ['a required field', `${head}  - id: a\n    function: weighted_los\n`],
    ['a bad id', `${head}  - id: A b\n    function: compute_class_freqs\n    labels: [[1]]\n`],
    ['one entry of a matrix', `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1, "0"]]\n`],
  ])('never tells to delete %s "to use its default" (it has none)', (_, text) => {
    const msg = problem(text);
    expect(msg).not.toContain('delete the field');
    expect(msg).toContain('Fix the value');
  });

  it('reads YAML merge keys, so cases can share fields through an anchor', () => {
    const { cases } = parseSuite(
      `${head}  - &base\n    id: a\n    function: weighted_loss\n    y_true: [[1, 0], [0, 1]]\n    y_pred: { constant: 0.5 }\n  - <<: *base\n    id: b\n    y_pred: { constant: 0.25 }\n`,
      'x.yaml',
    );
    expect(cases.map((c) => [c.id, c.function, c.inputs.fn === 'weighted_loss' && c.inputs.yPred[1]])).toEqual([
      ['a', 'weighted_loss', [0.5, 0.5]],
      ['b', 'weighted_loss', [0.25, 0.25]],
    ]);
  });

  it('ignores top-level keys starting "x-", where shared anchors are kept, and still refuses other unknown ones (staff 17)', () => {
    const shared = 'x-shared:\n  base: &base { function: weighted_loss, y_true: [[1, 0], [0, 1]], y_pred: { constant: 0.5 } }\n';
    const { cases } = parseSuite(`${shared}${head}  - <<: *base\n    id: a\n`, 'x.yaml');
    expect(cases.map((c) => [c.id, c.function])).toEqual([['a', 'weighted_loss']]);
    // Said as an unknown field on its own line, not as "the file is a single object value, not a suite".
    expect(() => parseSuite(`${head}  - <<: *base\n    id: a\n`.replace(head, `suite: x\n${shared.replace('x-shared', 'shared')}cases:\n`), 'x.yaml')).toThrow(
      'x.yaml:2: unknown field "shared". Check the spelling (README.md lists the fields); a top-level key that only holds anchors for the cases must start with "x-" (x-shared:).',
    );
  });

  it.each([
    ['a case merging itself', `${head}  - &c\n    id: a\n    <<: *c\n`, 'x.yaml:5: this alias is inside the node its anchor names'],
    ['a merge of a number', `${head}  - <<: 3\n    id: a\n`, 'x.yaml:3: a merge key (<<) takes a mapping'],
    ['a merge of a list holding a number', `${head}  - <<: [3]\n    id: a\n`, 'x.yaml:3: a merge key (<<) takes a mapping'],
    ['aliases expanding 10,000 times', `x-a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nx-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n${head}  - id: a\n`, 'x.yaml: its aliases (*name) expand to more than 100 copies'],
  ])('tells %s as a case-file error, not a stack trace (red team 17)', (_, text, start) => {
    // yaml's toJS threw its own Error or ReferenceError, and check, grade and validate printed the stack.
    let thrown: unknown;
    try {
      parseSuite(text, 'x.yaml');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(GraderError);
    expect((thrown as GraderError).code).toBe('CASES_INVALID');
    expect((thrown as GraderError).message.startsWith(start)).toBe(true);
  });

  it('says a case file given twice is given twice, not that its ids clash with themselves', async () => {
    const { loadSuite } = await import('../../../src/suite/load-suite.js');
    const root = join(PUBLIC_SUITE, '..', '..');
    await expect(loadSuite([PUBLIC_SUITE, join(root, 'cases', '.', 'public.yaml')], root)).rejects.toThrow(
      new GraderError('CASES_INVALID', `${join('cases', 'public.yaml')} is given twice to --cases. Pass each case file once.`),
    );
  });

  it('rejects two files of one suite name, which reports would show as one suite', async () => {
    const { suiteFromTexts } = await import('../../../src/suite/load-suite.js');
    const one = `${head}  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n`;
    const two = `# a copy\n${head}  - id: b\n    function: compute_class_freqs\n    labels: [[1]]\n`;
    expect(() => suiteFromTexts([{ display: 'hidden.yaml', text: one }, { display: 'mine.yaml', text: two }])).toThrow(
      new GraderError('CASES_INVALID', 'mine.yaml:2: the suite name "x" is also that of hidden.yaml, and reports group cases by suite name. Give this file a "suite:" name of its own.'),
    );
    // With no "suite:", the name is the file's: two hidden.yaml in two folders clash on line 1.
    const bare = 'cases:\n  - id: c\n    function: compute_class_freqs\n    labels: [[1]]\n';
    expect(() => suiteFromTexts([{ display: 'a/hidden.yaml', text: bare }, { display: 'b/hidden.yaml', text: bare.replace('id: c', 'id: d') }])).toThrow(
      'b/hidden.yaml:1: the suite name "hidden" is also that of a/hidden.yaml',
    );
  });

  it("reads the course's helper modules (helpers:), all files' together, each once, and rejects one that is no module name", async () => {
    const { suiteFromTexts } = await import('../../../src/suite/load-suite.js');
    const one = `suite: a\nhelpers: [util, public_tests]\ncases:\n  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n`;
    const two = `suite: b\nhelpers: [w1_unittest, util]\ncases:\n  - id: b\n    function: compute_class_freqs\n    labels: [[1]]\n`;
    const none = `suite: c\ncases:\n  - id: c\n    function: compute_class_freqs\n    labels: [[1]]\n`;
    expect(suiteFromTexts([{ display: 'a.yaml', text: one }, { display: 'b.yaml', text: two }, { display: 'c.yaml', text: none }]).helpers).toEqual(['util', 'public_tests', 'w1_unittest']);
    expect(suiteFromTexts([{ display: 'c.yaml', text: none }]).helpers).toBeUndefined();
    expect(problem(`suite: x\nhelpers: [util, my-helpers.py]\ncases:\n  - id: a\n    function: compute_class_freqs\n    labels: [[1]]\n`)).toMatch(/^cases\/x\.yaml:2: field "helpers\.1": .*expected a module name such as util or public_tests/);
  });

  it('rejects duplicate case ids across files', async () => {
    const { suiteFromTexts } = await import('../../../src/suite/load-suite.js');
    const text = readFileSync(PUBLIC_SUITE, 'utf8');
    const copy = text.replace(/^suite: public$/m, 'suite: my-copy');
    expect(() => suiteFromTexts([{ display: 'cases/public.yaml', text }, { display: 'my-copy.yaml', text: copy }])).toThrow(
      /^my-copy\.yaml:\d+: case "freqs-course-example" has the same id as cases\/public\.yaml:\d+\. Case ids must be unique/,
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
