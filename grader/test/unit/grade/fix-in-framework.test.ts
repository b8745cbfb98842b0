/**
 * Fixes in the learner's framework: the catalogue's numpy / Keras-backend wording becomes
 * PyTorch's, TensorFlow's or Keras's for code that imports them, for every mistake.
 */
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { fixFramework, fixInFramework } from '../../../src/grade/fix-in-framework.js';

/** Every fix a hint can tell: each mistake's own, and each variant's that has one. */
const FIXES = Object.values(MISTAKES).flatMap((m) => [
  [m.id, m.fix, m.id] as const,
  ...(m.variantFixes ?? []).flatMap((fix, i) => (fix === undefined ? [] : [[`${m.id} (${m.variants?.[i]})`, fix, m.id] as const])),
]);
/** The list of every framework's log loss-log-base's catalogue fix keeps for the staff (a learner is told their framework's one). */
const EVERY_LOG = 'np.log, K.log, tf.math.log or torch.log';

describe('fixFramework', () => {
  it('takes the framework from the top-level modules imported, PyTorch first, then Keras, then TensorFlow', () => {
    expect(fixFramework(['numpy', 'torch.nn'])).toBe('torch');
    expect(fixFramework(['keras.backend', 'numpy', 'tensorflow'])).toBe('keras');
    expect(fixFramework(['tensorflow'])).toBe('tensorflow');
    expect(fixFramework(['numpy', 'torchvision_like'])).toBe('numpy');
    // Keras 3's ops alone (the runner names it keras.ops): ops.mean, as Keras 3 has no K.mean (sweep 13b).
    expect(fixFramework(['keras.ops', 'numpy'])).toBe('keras-ops');
    // Next to `import keras` (keras.losses.binary_crossentropy) too: a Keras 3 learner (sweep 15b); a backend import says K.
    expect(fixFramework(['keras.ops', 'keras'])).toBe('keras-ops');
    expect(fixFramework(['keras.ops', 'keras.backend'])).toBe('keras');
    expect(fixFramework(['keras'])).toBe('keras');
  });
});

describe('fixInFramework: plain Python with math.log (sweep 15a)', () => {
  it('a function computing with math alone is told in plain Python; with numpy too, in numpy', () => {
    expect(fixFramework(['math'])).toBe('python');
    expect(fixFramework(['math', 'numpy'])).toBe('numpy');
    expect(fixFramework(['math', 'torch'])).toBe('torch');
  });

  // weights-averaged-apart is about Keras's binary_crossentropy and mixed-dtypes about tensors, which a math.log loop never has.
  it.each(FIXES.filter(([, , id]) => MISTAKES[id].fn === 'weighted_loss' && id !== 'loss-weights-averaged-apart' && id !== 'loss-mixed-dtypes'))('%s: no numpy call or axis in the loss fix', (_id, fix) => {
    expect(fixInFramework(fix, 'python')).not.toMatch(/\b(np|K|tf|torch)\.|\baxis\b/);
  });

  it('writes the formula one element at a time, inside the loops, and the mean as a division by N', () => {
    expect(fixInFramework(MISTAKES['loss-one-minus-log'].fix, 'python')).toBe('Subtract inside the log: the negative term is (1 - y_true[n][i]) * math.log(1 - y_pred[n][i] + epsilon).');
    expect(fixInFramework(MISTAKES['loss-sum-not-mean'].fix, 'python')).toBe("Take the mean over the examples (each class's sum over the examples divided by N = len(y_true)), then add the classes up.");
    expect(fixInFramework(MISTAKES['loss-extra-epsilon'].fix, 'python')).toBe('Add the epsilon argument once and nothing else: math.log(y_pred[n][i] + epsilon) and math.log(1 - y_pred[n][i] + epsilon).');
    expect(fixInFramework(MISTAKES['loss-log-base'].fix, 'python')).toBe('Use the natural logarithm: math.log.');
    // A row n of a loop over the examples: each element of it, with its class's weight.
    expect(fixInFramework(MISTAKES['loss-weights-by-example'].fix, 'python')).toContain(
      'for row n, pos_weights[i] * y_true[n][i] * math.log(y_pred[n][i] + epsilon) + neg_weights[i] * (1 - y_true[n][i]) * math.log(1 - y_pred[n][i] + epsilon), each class with its own weight',
    );
  });

  it('leaves the prose about columns and labels as it is', () => {
    const did = MISTAKES['loss-swapped-terms'].did;
    expect(fixInFramework(did, 'python')).toBe(did);
  });
});

describe('fixInFramework: what a rewrite must not merge (sweep 15a)', () => {
  it('keeps two different things joined by "or" and the space before "..."', () => {
    expect(fixInFramework(MISTAKES['freqs-bitwise-not'].fix, 'torch')).toContain('1 - labels or labels == 0');
    expect(fixInFramework(MISTAKES['loss-overwrites-accumulator'].fix, 'torch')).toBe('Start with loss = 0 and add each class: loss += ....');
  });
});

describe('fixInFramework: the grader\'s advice on flat arrays (sweep 15b)', () => {
  const extraAxis = 'return 1-D arrays, e.g. np.mean(labels, axis=0) on a plain array, or np.ravel(...)';
  it.each([
    ['torch', 'return 1-D arrays, e.g. torch.mean(labels, dim=0) on a plain array, or torch.ravel(...)'],
    ['tensorflow', 'return 1-D arrays, e.g. tf.reduce_mean(labels, axis=0) on a plain array, or tf.reshape(..., [-1])'],
    ['keras', 'return 1-D arrays, e.g. K.mean(labels, axis=0) on a plain array, or K.flatten(...)'],
    ['keras-ops', 'return 1-D arrays, e.g. ops.mean(labels, axis=0) on a plain array, or ops.ravel(...)'],
  ] as const)('names %s\'s flattening call', (framework, said) => {
    expect(fixInFramework(extraAxis, framework)).toBe(said);
  });
});

describe('fixInFramework', () => {
  it.each(FIXES)('%s: no numpy or K call is left in the PyTorch, TensorFlow or Keras fix', (_id, fix) => {
    const rest = (f: string) => f.replace(EVERY_LOG, '');
    expect(rest(fixInFramework(fix, 'torch'))).not.toMatch(/\b(np|K|tf)\.|axis[= ]0/);
    expect(rest(fixInFramework(fix, 'tensorflow'))).not.toMatch(/\b(np|K|torch)\./);
    expect(rest(fixInFramework(fix, 'keras'))).not.toMatch(/\b(np|torch)\./);
    expect(rest(fixInFramework(fix, 'keras-ops'))).not.toMatch(/\b(np|K|torch)\.(?!epsilon\(\))/);
    // numpy keeps its own calls and loses the Keras twins (np.mean / K.mean, "or K.sum(K.mean(...))").
    expect(fixInFramework(fix, 'numpy')).not.toMatch(/\bK\.(mean|sum)\b/);
    // A library function's variant is told in every framework: a numpy learner is sent to no PyTorch call.
    expect(rest(fixInFramework(fix, 'numpy'))).not.toMatch(/\btorch\./);
  });

  it('a numpy learner is told the numpy call alone', () => {
    expect(fixInFramework(MISTAKES['loss-not-scalar'].fix, 'numpy')).toBe(
      "Return one number, not a tuple or an array: the mean over the examples (axis 0) of each class's terms, then the sum over the classes, np.sum(np.mean(L, axis=0)).",
    );
    expect(fixInFramework(MISTAKES['loss-sum-not-mean'].fix, 'numpy')).toBe('Take the mean over the examples (np.mean over axis 0), then add the classes up.');
    // The list of every framework's log is the framework's one (wording 36).
    expect(fixInFramework(MISTAKES['loss-log-base'].fix, 'numpy')).toBe('Use the natural logarithm: np.log.');
  });

  it('says each call once, with its own axis argument', () => {
    expect(fixInFramework(MISTAKES['loss-not-scalar'].fix, 'torch')).toBe(
      "Return one number, not a tuple or an array: the mean over the examples (dim 0) of each class's terms, then the sum over the classes, torch.sum(torch.mean(L, dim=0)).",
    );
    expect(fixInFramework(MISTAKES['loss-sum-not-mean'].fix, 'tensorflow')).toBe('Take the mean over the examples (tf.reduce_mean over axis 0), then add the classes up.');
    expect(fixInFramework(MISTAKES['loss-wrong-axis'].fix, 'keras')).toBe('Average over the examples first, K.mean(L, axis=0), then sum the per-class values: K.sum(K.mean(L, axis=0)).');
    expect(fixInFramework(MISTAKES['freqs-integer-division'].fix, 'torch')).toContain('with PyTorch, make the labels floats first: labels.float()');
    expect(fixInFramework(MISTAKES['loss-log-base'].fix, 'torch')).toBe('Use the natural logarithm: torch.log.');
    expect(fixInFramework(MISTAKES['loss-sum-not-mean'].fix, 'keras-ops')).toBe('Take the mean over the examples (ops.mean over axis 0), then add the classes up.');
    expect(fixInFramework(MISTAKES['loss-wrong-axis'].fix, 'keras-ops')).toBe('Average over the examples first, ops.mean(L, axis=0), then sum the per-class values: ops.sum(ops.mean(L, axis=0)).');
    // Keras 3's ops cast with ops.cast and name dtypes as strings (learner 27: it was told tf.cast).
    expect(fixInFramework(MISTAKES['loss-mixed-dtypes'].fix, 'keras-ops')).toContain('y_true = ops.cast(y_true, y_pred.dtype), and the weights likewise');
    expect(fixInFramework(MISTAKES['loss-mixed-dtypes'].did, 'keras-ops')).toContain(`(y_true = ops.cast(y_true, 'float64'))`);
  });
});

describe('fixInFramework on what each mistake says the learner did (the story)', () => {
  const DIDS = Object.values(MISTAKES).map((m) => [m.id, m.did] as const);
  it.each(DIDS)('%s: no numpy call for PyTorch, TensorFlow or Keras, and PyTorch\'s dims where numpy has axes', (_id, did) => {
    expect(fixInFramework(did, 'torch')).not.toMatch(/\bnp\.|\baxis[= ]\d/);
    expect(fixInFramework(did, 'tensorflow')).not.toMatch(/\bnp\.(mean|sum|log)\b/);
    expect(fixInFramework(did, 'keras')).not.toMatch(/\bnp\.(mean|sum|log)\b/);
    // The catalogue's words are numpy's, but for K.epsilon(), which numpy code has none of (wording 35).
    if (!did.includes('K.epsilon()')) expect(fixInFramework(did, 'numpy')).toBe(did);
    expect(fixInFramework(did, 'numpy')).not.toMatch(/\bK\./);
  });
  it('words the axes of freqs-wrong-axis and the reductions of freqs-no-axis for PyTorch and TensorFlow (sweep 14b)', () => {
    expect(fixInFramework(MISTAKES['freqs-wrong-axis'].did, 'torch')).toBe("you average over dim 1, each example's labels, instead of dim 0, each class over the examples");
    expect(fixInFramework(MISTAKES['freqs-no-axis'].did, 'tensorflow')).toContain('(tf.reduce_mean(labels) or tf.reduce_sum(labels) / N)');
  });
});

describe('fixInFramework: a write into an input in PyTorch (framework 30)', () => {
  it("names PyTorch's in-place methods and the conversions that hand back the caller's tensor; numpy keeps its words", () => {
    expect(fixInFramework(MISTAKES['loss-mutates-input'].did, 'torch')).toBe('your code changes its input tensors in place (for example y_pred += epsilon, or y_pred.add_(epsilon))');
    expect(fixInFramework(MISTAKES['loss-mutates-input'].fix, 'torch')).toBe(
      "Compute on new tensors (y_pred + epsilon, torch.log(y_pred + epsilon)) instead of modifying y_true, y_pred or the weights in place (+=, or a method ending in _: add_, log_, clamp_): torch.as_tensor and torch.from_numpy, and x.to(dtype) or x.float() when x already has that dtype, give back the caller's own data, not a copy.",
    );
    expect(fixInFramework(MISTAKES['freqs-mutates-input'].fix, 'torch')).toContain('instead of modifying labels in place (+=, or a method ending in _: add_, div_');
    expect(fixInFramework(MISTAKES['loss-mutates-input'].fix, 'numpy')).toBe(MISTAKES['loss-mutates-input'].fix);
  });
});

describe('fixInFramework on the hints\' variant labels (code of the model)', () => {
  const LABELS = Object.values(MISTAKES).flatMap((m) => (m.variants ?? []).map((label) => [m.id, label] as const));
  it.each(LABELS)('%s: "%s" names no numpy call for PyTorch, and its reductions in PyTorch terms', (_id, label) => {
    const torch = fixInFramework(label, 'torch');
    expect(torch).not.toMatch(/\bnp\.|axis=/);
    if (/\bnp\.(mean|sum)\(/.test(label)) expect(torch).toMatch(/\btorch\.(mean|sum)\(/);
  });
  it('words TensorFlow\'s where it has the call (tf.maximum, tf.reduce_mean(labels, axis=1))', () => {
    expect(fixInFramework("each log's argument floored at epsilon: log(max(y_pred, epsilon)), as np.maximum does", 'tensorflow')).toBe("each log's argument floored at epsilon: log(max(y_pred, epsilon)), as tf.maximum does");
    expect(fixInFramework('np.mean(labels, axis=1)', 'tensorflow')).toBe('tf.reduce_mean(labels, axis=1)');
    expect(fixInFramework('np.mean(labels, axis=1)', 'torch')).toBe('torch.mean(labels, dim=1)');
  });
});
