/**
 * Frameworks 35's cohort (learners writing the assignment with TensorFlow and PyTorch): what a
 * dtype clash's sentences tell them. A TensorFlow learner whose labels were cast to int32 was told
 * "tf.cast(y_true, y_pred.dtype), or y_true.to(y_pred.dtype) in PyTorch", and a PyTorch learner
 * the TensorFlow call first; the error's own text says which framework raised it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { fixInFramework } from '../../../src/grade/fix-in-framework.js';
import { LOSS_MODELS } from '../../../src/grade/diagnose.js';
import { fixedExampleCount, type Observed } from '../../../src/grade/fixed-denominator.js';
import { gradeCase } from '../../../src/grade/grade-case.js';
import { CASES_DIR, PUBLIC_SUITE } from '../../../src/paths.js';
import { expectedFor, float32Note } from '../../../src/grade/grade-suite.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { parseSuite, type Case } from '../../../src/suite/load-suite.js';

const [lossCase, freqCase] = parseSuite(
  `suite: t
cases:
  - id: l
    function: weighted_loss
    y_true: [[1, 0, 1], [0, 1, 1]]
    y_pred: [[0.8, 0.3, 0.6], [0.2, 0.7, 0.9]]
  - id: f
    function: compute_class_freqs
    labels: [[1, 0, 1], [0, 0, 1]]
`,
  't.yaml',
).cases as [Case, Case];

const raised = (type: string, message: string): CallOutcome => ({ status: 'error', error: { type, message, traceback: '' }, mutated: [], ms: 1 });

/** Each framework's own refusal, as it words it, for the three kinds of clash. */
const TF = {
  labels: ['InvalidArgumentError', 'cannot compute Mul as input #1(zero-based) was expected to be a float tensor but is a int32 tensor [Op:Mul] name: '],
  widths: ['InvalidArgumentError', 'cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a float tensor [Op:Mul] name: '],
  graph: ['TypeError', "Input 'y' of 'Mul' Op has type float64 that does not match type int64 of argument 'x'."],
  division: ['TypeError', '`x` and `y` must have the same dtype, got tf.float64 != tf.float32.'],
} as const;
const TORCH = {
  labels: ['RuntimeError', 'expected scalar type Float but found Long'],
  widths: ['RuntimeError', 'expected scalar type Double but found Float'],
} as const;

describe('frameworks 35: a dtype clash is told in the framework that raised it', () => {
  it.each(Object.entries(TF))('TensorFlow (%s): tf.cast, and no PyTorch call', (_, [type, message]) => {
    for (const c of [lossCase, freqCase]) {
      const v = gradeCase(c, raised(type, message), expectedFor(c));
      expect(v.message).toContain('and the framework does not convert between them');
      expect(v.message).toMatch(/tf\.cast\(/);
      expect(v.message).not.toMatch(/PyTorch|\.to\(|\.double\(\)/);
    }
  });

  it.each(Object.entries(TORCH))('PyTorch (%s): .to(...) or .double(), and no TensorFlow call', (_, [type, message]) => {
    for (const c of [lossCase, freqCase]) {
      const v = gradeCase(c, raised(type, message), expectedFor(c));
      expect(v.message).toContain('and the framework does not convert between them');
      expect(v.message).toMatch(/\.to\(y_pred\.dtype\)|\.double\(\)/);
      expect(v.message).not.toMatch(/tf\.|TensorFlow/);
    }
  });

  it('says the whole sentence for each kind, in each framework', () => {
    const say = (c: Case, [type, message]: readonly [string, string]) => gradeCase(c, raised(type, message), expectedFor(c)).message.replace(/^.*?name: ?\.? ?|^.*?(?:\.|Long|Float) (?=An? )/s, '');
    expect(say(lossCase, TF.labels)).toBe("An int32 tensor met a float32 one, and the framework does not convert between them: integer labels must be cast to the predictions' float dtype first (tf.cast(y_true, y_pred.dtype)).");
    expect(say(lossCase, TORCH.labels)).toBe("An int64 tensor met a float32 one, and the framework does not convert between them: integer labels must be cast to the predictions' float dtype first (y_true.to(y_pred.dtype)).");
    expect(say(lossCase, TF.widths)).toBe('A float32 tensor met a float64 one, and the framework does not convert between them: cast every input to one float dtype first (tf.cast(y_true, y_pred.dtype), and the weights likewise), or cast none.');
    expect(say(lossCase, TORCH.widths)).toBe('A float32 tensor met a float64 one, and the framework does not convert between them: cast every input to one float dtype first (y_true.to(y_pred.dtype), and the weights likewise), or cast none.');
    expect(say(freqCase, TF.labels)).toBe('An int32 tensor met a float32 one, and the framework does not convert between them: cast both sides to one float dtype first (tf.cast(x, tf.float64) for each), so the frequencies are fractions.');
    expect(say(freqCase, TORCH.labels)).toBe('An int64 tensor met a float32 one, and the framework does not convert between them: cast both sides to one float dtype first (x.double() for each), so the frequencies are fractions.');
  });
});

describe('frameworks 35: the float32 re-run\'s note after integer labels met float predictions', () => {
  // tf.convert_to_tensor(y_true) keeps the suite's int64 labels; y_pred stays float64: nothing was cast to float32.
  const intLabels = parseSuite(
    ['suite: i', 'cases:', '  - id: loss-int', '    function: weighted_loss', '    label_dtype: int64', '    y_true: [[1, 0], [0, 1]]', '    y_pred: [[0.8, 0.3], [0.2, 0.6]]'].join('\n'),
    'i.yaml',
  ).cases[0]!;
  const note = (message: string) =>
    float32Note([{ c: intLabels, outcome: { status: 'ok', value: { kind: 'number', pytype: 'numpy.float32', dtype: 'float32', value: 1 }, mutated: [], ms: 1, float32: { type: 'InvalidArgumentError', message } } }])[0]!;

  it('does not tell code that cast nothing to float32 to stop casting one input to tf.float32', () => {
    const n = note('cannot compute Mul as input #1(zero-based) was expected to be a int64 tensor but is a double tensor [Op:Mul] name: ');
    expect(n).toContain("on the suite's float64 inputs and integer labels it raised InvalidArgumentError");
    expect(n).not.toContain('instead of casting one of them to tf.float32');
    expect(n).toMatch(/To make the loss work on inputs of any dtype, cast them to one: y_true = tf\.cast\(y_true, y_pred\.dtype\), and the weights as tf\.cast\(pos_weights, y_pred\.dtype\), so integer labels meet the predictions as floats\.$/);
  });

  it('keeps the float32 advice where float32 is one side of the clash', () => {
    expect(note('cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a float tensor [Op:Mul] name: ')).toContain('instead of casting one of them to tf.float32.');
    expect(note('cannot compute Mul as input #1(zero-based) was expected to be a int64 tensor but is a float tensor [Op:Mul] name: ')).toContain('instead of casting one of them to tf.float32.');
  });
});

describe('frameworks 35: freqs-bitwise-not\'s boolean NOT in the learner\'s framework', () => {
  const fix = MISTAKES['freqs-bitwise-not'].fix;
  it.each([
    ['torch', '~labels.bool()'],
    ['tensorflow', '~tf.cast(labels, tf.bool)'],
  ] as const)('%s: %s, not numpy\'s astype, which its tensors lack', (framework, call) => {
    const said = fixInFramework(fix, framework);
    expect(said).toBe(`Count the negatives with 1 - labels or labels == 0 (or ~ on a boolean tensor: ${call}).`);
  });
  it('numpy and the Keras shim\'s arrays keep astype', () => {
    expect(fixInFramework(fix, 'numpy')).toBe(fix);
    expect(fixInFramework(fix, 'keras')).toBe(fix);
  });
});

describe("frameworks 35: TensorFlow's division by tf.shape's int32 count", () => {
  it('is told to cast the count, not that integer labels must be cast (a loss whose labels were floats)', () => {
    // tf.reduce_sum(L, axis=0) / tf.shape(y_true)[0]: float32 over int32.
    const v = gradeCase(lossCase, raised('TypeError', '`x` and `y` must have the same dtype, got tf.float32 != tf.int32.'), expectedFor(lossCase));
    // No line quoted (no traceback): the count unnamed, tf.shape's cast (wording 36 names the line's count).
    expect(v.message).toContain(
      'You divide a float tensor by a count, an int32 tensor, and TensorFlow does not convert between dtypes: cast the count first, tf.cast(tf.shape(y_true)[0], y_pred.dtype).',
    );
    expect(v.signatures).toEqual(['loss-mixed-dtypes']);
  });
  it('a division of two float widths keeps the float sentence', () => {
    const v = gradeCase(lossCase, raised(...TF.division), expectedFor(lossCase));
    expect(v.message).toContain('A float32 tensor met a float64 one, and the framework does not convert between them: cast every input');
  });
});

describe('frameworks 35: the device sentence ends as a sentence', () => {
  it.each([
    ['AssertionError', 'Torch not compiled with CUDA enabled', "torch.device('cuda' if torch.cuda.is_available() else 'cpu')."],
    ['RuntimeError', 'PyTorch is not linked with support for mps devices', "torch.device('mps' if torch.backends.mps.is_available() else 'cpu')."],
  ])('%s: %s', (type, message, end) => {
    expect(gradeCase(lossCase, raised(type, message), expectedFor(lossCase)).message.endsWith(end)).toBe(true);
  });
});

describe('frameworks 35: a fixed count of examples in a float32 loss (tf.reduce_sum(L, axis=0) / 4 after tf.cast to float32)', () => {
  const both = [PUBLIC_SUITE, join(CASES_DIR, 'hidden.yaml')].flatMap((f) => parseSuite(readFileSync(f, 'utf8'), f).cases).filter((c) => c.function === 'weighted_loss');
  const nOf = (c: Case) => (c.inputs.fn === 'weighted_loss' ? c.inputs.yTrue.length : 0);
  /** Expected × N / 4, off by `drift(c)` of it: float32's drift where a case's tolerance allows for one (near-0-1 predictions). */
  const answers = (drift: (c: Case) => number): Observed[] =>
    both.map((c) => {
      const e = expectedFor(c);
      const expected = e.fn === 'weighted_loss' ? e.loss : NaN;
      const value = ((expected * nOf(c)) / 4) * (1 + drift(c));
      return { c, expected: e, observation: { kind: 'scalar', value }, passed: Math.abs(value - expected) <= 1e-9 * Math.abs(expected) };
    });
  const loose = (c: Case) => c.tolerance.rtol > 1e-5;

  it('the suites have a loose case to drift on', () => expect(both.filter(loose).length).toBeGreaterThan(0));

  it("is named when a case's value drifts within that case's own tolerance", () => {
    const found = fixedExampleCount(answers((c) => (loose(c) ? 0.4 * c.tolerance.rtol : 0)), LOSS_MODELS);
    expect(found.map((m) => m.id)).toEqual(['loss-hardcoded-examples']);
    expect(found[0]!.evidence).toMatch(/your loss is the expected one times N \/ 4, whatever the number of examples N/);
  });

  it("is not named past that tolerance, nor on a tight case's drift", () => {
    expect(fixedExampleCount(answers((c) => (loose(c) ? 3 * c.tolerance.rtol : 0)), LOSS_MODELS)).toEqual([]);
    const tight = both.find((c) => !loose(c) && nOf(c) !== 4)!;
    expect(fixedExampleCount(answers((c) => (c === tight ? 1e-4 : 0)), LOSS_MODELS)).toEqual([]);
  });
});
