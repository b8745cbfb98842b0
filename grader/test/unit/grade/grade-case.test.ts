import { describe, expect, it } from 'vitest';
import { caseShape, fmt, gradeCase, returnedKindGist } from '../../../src/grade/grade-case.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { parseSuite, type Case } from '../../../src/suite/load-suite.js';
import { tinyCases } from '../../helpers/suites.js';

const [lossCase, freqCase] = tinyCases();

const L = (expectedFor(lossCase) as { loss: number }).loss;
const ok = (value: EncodedValue, mutated: string[] = []): CallOutcome => ({ status: 'ok', value, mutated, ms: 1 });
const num = (v: number, pytype = 'float'): EncodedValue => ({ kind: 'number', pytype, value: v });
const arr = (shape: number[], values: number[], dtype = 'float64'): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype, shape, values });
/** weighted_loss raising `type: message` at line 9 of sub.py, whose text is `source` (the traceback's last line). */
const raisedAt = (type: string, message: string, source: string): CallOutcome => ({
  status: 'error',
  error: { type, message, line: 9, traceback: `sub.py, line 9, in weighted_loss\n    ${source}` },
  mutated: [],
  ms: 1,
});

describe('gradeCase: the loss', () => {
  it.each([
    ['a Python float', num(L), 'passed', []],
    ['a numpy float32 scalar', num(Math.fround(L), 'numpy.float32'), 'passed', []],
    ['a 0-d array', arr([], [L]), 'passed', []],
    ['a size-1 array, with a note', arr([1], [L]), 'passed', ['array of shape (1,) holding one value', 'accepted, but a plain number is expected']],
    ['a list of one number ([loss]), with a note', { kind: 'sequence', pytype: 'list', items: [num(L)] } as EncodedValue, 'passed', ['a list holding one number', 'accepted, but a plain number is expected']],
    ['a list of one 0-d tensor ([loss]), with a note', { kind: 'sequence', pytype: 'list', items: [{ ...arr([], [L]), origin: 'torch.Tensor' }] } as EncodedValue, 'passed', ['a list holding one number', 'accepted, but a plain number is expected']],
    ['a wrong number', num(L * 2), 'failed', []],
    ['a list of one wrong number', { kind: 'sequence', pytype: 'list', items: [num(L * 2)] } as EncodedValue, 'failed', []],
    ['a list of two numbers', { kind: 'sequence', pytype: 'list', items: [num(L), num(0)] } as EncodedValue, 'failed', []],
    ['NaN', num(NaN), 'failed', []],
    ['None', { kind: 'other', pytype: 'NoneType', repr: 'None' } as EncodedValue, 'failed', []],
  ] as const)('%s', (_, value, status, notes) => {
    const v = gradeCase(lossCase, ok(value), expectedFor(lossCase));
    expect(v.status).toBe(status);
    for (const n of notes) expect(v.notes.join(' ')).toContain(n);
  });

  it('None says a return is missing; another wrong type does not', () => {
    const none = gradeCase(lossCase, ok({ kind: 'other', pytype: 'NoneType', repr: 'None' }), expectedFor(lossCase));
    expect(none.message).toContain('Your loss returned None; it must return one number');
    expect(none.message).toContain('ends without a `return` gives None');
    const str = gradeCase(lossCase, ok({ kind: 'other', pytype: 'str', repr: "'x'" }), expectedFor(lossCase));
    expect(str.message).not.toContain('`return`');
  });

  it('a per-class vector fails as loss-not-scalar and says its sum is right', () => {
    const v = gradeCase(lossCase, ok(arr([3], [L / 2, L / 4, L / 4])), expectedFor(lossCase));
    expect(v.status).toBe('failed');
    expect(v.signatures).toEqual(['loss-not-scalar']);
    expect(v.message).toContain('shape (3,), one value per class, instead of one number');
    expect(v.message).toContain('is the expected loss: add the values up before returning');
  });

  it('a list of per-class numbers (appended, never added up) is read as that vector: loss-not-scalar, its sum said (sweep 20)', () => {
    const v = gradeCase(lossCase, ok({ kind: 'sequence', pytype: 'list', items: [num(L / 2), num(L / 4), num(L / 4)] } as EncodedValue), expectedFor(lossCase));
    expect(v).toMatchObject({ status: 'failed', signatures: ['loss-not-scalar'], reduced: L });
    expect(v.message).toMatch(/^Your loss returned a list of 3 items, one value per class, instead of one number; expected [^;]+\. Its sum, [^,]+, is the expected loss: add the values up before returning\.$/);
  });

  it('a right value with mutated inputs fails on its own count', () => {
    const v = gradeCase(lossCase, ok(num(L), ['y_pred']), expectedFor(lossCase));
    expect(v).toMatchObject({ status: 'failed', valueCorrect: true, signatures: ['loss-mutates-input'] });
    expect(v.message).toContain('The value is right, but your code changed its input in place (y_pred)');
  });

  it.each([
    [{ status: 'timeout', ms: 10_000 } as CallOutcome, 'timeout', 'did not return within 10 s'],
    [{ status: 'crash', detail: 'killed by signal SIGKILL' } as CallOutcome, 'error', 'The Python process ended during this case (killed by signal SIGKILL)'],
    [{ status: 'error', error: { type: 'ValueError', message: 'bad\nmore', line: 7, traceback: '' }, mutated: [], ms: 1 } as CallOutcome, 'error', 'raised ValueError (line 7) on 2 examples × 3 classes: bad'],
    [{ status: 'error', error: { type: 'ValueError', message: 'bad', line: 7, cell: 3, traceback: '' }, mutated: [], ms: 1 } as CallOutcome, 'error', 'raised ValueError (cell 3, line 7) on 2 examples × 3 classes: bad'],
    // A cell with no line is no place to quote: no "(cell 3, line undefined)".
    [{ status: 'error', error: { type: 'ValueError', message: 'bad', cell: 3, traceback: '' }, mutated: [], ms: 1 } as CallOutcome, 'error', 'raised ValueError on 2 examples × 3 classes: bad'],
  ])('outcome %j', (outcome, status, text) => {
    const v = gradeCase(lossCase, outcome, expectedFor(lossCase));
    expect(v.status).toBe(status);
    expect(v.message).toContain(text);
  });
});

describe('gradeCase: Keras 3 without the Keras 2 backend functions (--keras real)', () => {
  const attr = (message: string): CallOutcome => ({ status: 'error', error: { type: 'AttributeError', message, traceback: '' }, mutated: [], ms: 1 });
  it('says K.mean is gone in Keras 3 and what to write instead', () => {
    const v = gradeCase(lossCase, attr("module 'keras.backend' has no attribute 'mean'"), expectedFor(lossCase));
    expect(v.message).toContain(
      "has no attribute 'mean'. Keras 3 has no K.mean or the other Keras 2 backend math functions: write keras.ops.mean (or numpy); graded with --keras shim (the default), the Keras 2 backend functions docs/keras-shim.md lists work as in the course",
    );
  });
  it('stays out of other AttributeErrors', () => {
    expect(gradeCase(lossCase, attr("'list' object has no attribute 'shape'"), expectedFor(lossCase)).message).not.toContain('Keras 3');
  });
  // Framework 29: K.get_session is no math function (keras.ops.get_session does not exist), and
  // Keras 2's losses.Reduction enum is gone: each is told what Keras 3 writes instead.
  it.each([
    ["module 'keras.backend' has no attribute 'get_session'", "has no attribute 'get_session'. Keras 3 (like TensorFlow 2) has no sessions: it computes as each line runs, so return the tensor the loss computes (the grader reads its value)"],
    ["module 'keras._tf_keras.keras.backend' has no attribute 'get_session'", 'Keras 3 (like TensorFlow 2) has no sessions'],
    ["module 'keras.losses' has no attribute 'Reduction'", "has no attribute 'Reduction'. Keras 3 has no losses.Reduction (Keras 2's enum): pass the reduction as a string, reduction='none' (or 'sum', 'sum_over_batch_size')"],
    ["module 'keras.api.losses' has no attribute 'Reduction'", "Keras 3 has no losses.Reduction (Keras 2's enum)"],
    // Keras 2 backend functions keras.ops has under another name (checked on Keras 3.15.1), and graph ones it has not at all.
    ["module 'keras.backend' has no attribute 'pow'", 'Keras 3 has no K.pow or the other Keras 2 backend math functions: write keras.ops.power (or numpy)'],
    ["module 'keras.backend' has no attribute 'flatten'", 'write keras.ops.ravel (or numpy)'],
    ["module 'keras.backend' has no attribute 'gather'", 'write keras.ops.take (or numpy)'],
    ["module 'keras.backend' has no attribute 'constant'", 'write keras.ops.convert_to_tensor (or numpy)'],
    ["module 'keras.backend' has no attribute 'placeholder'", "Keras 3 has no K.placeholder, a Keras 2 graph function: compute on the tensors the loss is given and return the result"],
  ])('%s: says what Keras 3 writes', (message, text) => {
    const msg = gradeCase(lossCase, attr(message), expectedFor(lossCase)).message;
    expect(msg).toContain(text);
    expect(msg).not.toMatch(/keras\.ops\.(get_session|pow|flatten|gather|constant|placeholder)\b/);
  });
});

describe('gradeCase: a loss function with a third required parameter', () => {
  const typeError = (message: string, during?: 'get_weighted_loss'): CallOutcome => ({ status: 'error', error: { type: 'TypeError', message, traceback: '', ...(during ? { during } : {}) }, mutated: [], ms: 1 });
  it('says Keras calls it with (y_true, y_pred) only and where epsilon comes from', () => {
    const v = gradeCase(lossCase, typeError("get_weighted_loss.<locals>.weighted_loss() missing 1 required positional argument: 'epsilon'"), expectedFor(lossCase));
    expect(v.message).toContain("missing 1 required positional argument: 'epsilon'. The function get_weighted_loss returns is called as weighted_loss(y_true, y_pred)");
  });
  it('not for get_weighted_loss itself, nor for compute_class_freqs', () => {
    const m = "get_weighted_loss() missing 1 required positional argument: 'neg_weights'";
    expect(gradeCase(lossCase, typeError(m, 'get_weighted_loss'), expectedFor(lossCase)).message).not.toContain('as Keras calls a loss');
    expect(gradeCase(freqCase, typeError("compute_class_freqs() missing 1 required positional argument: 'n'"), expectedFor(freqCase)).message).not.toContain('as Keras calls a loss');
  });
});

describe('gradeCase: code that raised, with the cause Python does not name', () => {
  const raised = (type: string, message: string, extra: Partial<{ during: 'get_weighted_loss'; traceback: string; line: number }> = {}): CallOutcome => ({
    status: 'error',
    error: { type, message, traceback: '', ...extra },
    mutated: [],
    ms: 1,
  });
  it('get_weighted_loss that calls its loss (return weighted_loss()) is told to return the function itself', () => {
    const m = "get_weighted_loss.<locals>.weighted_loss() missing 2 required positional arguments: 'y_true' and 'y_pred'";
    expect(gradeCase(lossCase, raised('TypeError', m, { during: 'get_weighted_loss' }), expectedFor(lossCase)).message).toContain(
      '. get_weighted_loss calls weighted_loss instead of returning it: end get_weighted_loss with return weighted_loss (the function itself, no parentheses)',
    );
  });
  it('get_weighted_loss that calls its loss on y_true, y_pred (return weighted_loss(y_true, y_pred)) is told where those names exist', () => {
    const v = gradeCase(lossCase, raised('NameError', "name 'y_true' is not defined", { during: 'get_weighted_loss' }), expectedFor(lossCase));
    expect(v.message).toContain('. y_true and y_pred exist only inside the loss function that get_weighted_loss defines: use them there, and end get_weighted_loss with return weighted_loss (the function itself, not a call of it)');
    // Raised inside the loss, the same NameError is another story.
    expect(gradeCase(lossCase, raised('NameError', "name 'y_true' is not defined"), expectedFor(lossCase)).message).not.toContain('exist only inside');
  });
  it('a RecursionError names the function that calls itself, and a helper named like K.log as hiding it', () => {
    const tb = (name: string, line: number, code: string) => Array(4).fill(`s.py, line ${line}, in ${name}\n    ${code}`).join('\n');
    const log = raised('RecursionError', 'maximum recursion depth exceeded', { traceback: tb('log', 13, 'return log(x + epsilon)'), line: 13 });
    expect(gradeCase(lossCase, log, expectedFor(lossCase)).message).toContain(
      '. Your function log calls itself (line 13), again and again: inside it, log is your own function, not the log you meant (K.log, np.log)',
    );
    const self = raised('RecursionError', 'maximum recursion depth exceeded', { traceback: tb('compute_class_freqs', 7, 'return compute_class_freqs(labels)'), line: 7 });
    expect(gradeCase(freqCase, self, expectedFor(freqCase)).message).toContain('. compute_class_freqs calls itself (line 7) again and again, with nothing that stops it');
  });
  it('an in-place division of integer counts (counts /= N) says the array cannot hold fractions', () => {
    const m = "Cannot cast ufunc 'divide' output from dtype('float64') to dtype('int64') with casting rule 'same_kind'";
    expect(gradeCase(freqCase, raised('UFuncTypeError', m), expectedFor(freqCase)).message).toContain(
      '. An in-place /= writes its result back into the array, which holds integers (int64) and cannot store fractions: write x = x / y (a new float array) instead of x /= y',
    );
  });
});

describe('gradeCase: an error raised inside a tf.function', () => {
  // TensorFlow's message as a @tf.function loss raises it: the real error is its last line, the learner's line inside.
  const message =
    'in user code:\n\n    File "sub.py", line 17, in weighted_loss  *\n        loss += K.mean(-(pos_weights[i] * y_true[:, i]))\n    File "/usr/lib/python3/site-packages/keras/src/backend.py", line 2990, in mean\n        return tf.reduce_mean(x)\n\n    TypeError: Input \'y\' of \'Mul\' Op has type float64 that does not match type int64 of argument \'x\'.\n';
  it('says the error itself, at the learner\'s line, with the dtype hint, not "in user code:"', () => {
    const v = gradeCase(lossCase, { status: 'error', error: { type: 'TypeError', message, traceback: '' }, mutated: [], ms: 1 }, expectedFor(lossCase));
    expect(v.message).toContain("raised TypeError (line 17) on 2 examples × 3 classes: Input 'y' of 'Mul' Op has type float64 that does not match type int64 of argument 'x'.");
    expect(v.message).toContain("integer labels must be cast to the predictions' float dtype first");
    expect(v.message).not.toContain('in user code');
    expect(v.signatures).toEqual(['loss-mixed-dtypes']);
  });

  it("TensorFlow's division of a float64 tensor by a float32 count (x / tf.cast(n, tf.float32)) is a dtype clash too (learner 26)", () => {
    const message = '`x` and `y` must have the same dtype, got tf.float64 != tf.float32.';
    const v = gradeCase(lossCase, { status: 'error', error: { type: 'TypeError', message, traceback: '' }, mutated: [], ms: 1 }, expectedFor(lossCase));
    expect(v.message).toContain('A float32 tensor met a float64 one, and the framework does not convert between them');
    expect(v.signatures).toEqual(['loss-mixed-dtypes']);
  });

  it("compute_class_freqs' count divided by another integer dtype (tf.math.count_nonzero's int64 / tf.shape's int32) is told to cast both to float, not to cast labels to the predictions' dtype (stop 33, framework cohort)", () => {
    const message = '`x` and `y` must have the same dtype, got tf.int64 != tf.int32.';
    const v = gradeCase(freqCase, { status: 'error', error: { type: 'TypeError', message, traceback: '', line: 6 }, mutated: [], ms: 1 }, expectedFor(freqCase));
    expect(v.message).toContain('An int32 tensor met an int64 one, and the framework does not convert between them: cast both sides to one float dtype first (tf.cast(x, tf.float64) for each), so the frequencies are fractions.');
    expect(v.message).not.toContain('predictions');
    expect(v.signatures).toEqual([]);
  });

  it('takes no line the learner wrote too long to be one (red-team round 11: 400 nines were Infinity, and the report could not be written)', () => {
    // Any exception's message may start "in user code:"; raised from code of another file name, the runner gives no line.
    const forged = `in user code:\n\n    File "sub.py", line ${'9'.repeat(400)}, in weighted_loss\n\n    TypeError: boom`;
    const v = gradeCase(lossCase, { status: 'error', error: { type: 'TypeError', message: forged, traceback: '' }, mutated: [], ms: 1 }, expectedFor(lossCase));
    expect(v.location).toEqual({});
    expect(v.message).toContain('raised TypeError on 2 examples × 3 classes: boom');
  });
});

describe('gradeCase: raise NotImplementedError (the template)', () => {
  it('says the function is not written yet, with no empty message after the colon', () => {
    const outcome: CallOutcome = { status: 'error', error: { type: 'NotImplementedError', message: '', line: 7, traceback: '' }, mutated: [], ms: 1 };
    expect(gradeCase(freqCase, outcome, expectedFor(freqCase)).message).toBe(
      'Your compute_class_freqs raised NotImplementedError (line 7) on 2 examples × 3 classes: compute_class_freqs is not written yet (it still raises NotImplementedError, as a template does): replace that raise with the function\'s code',
    );
  });
  it("does not say 'not written yet' twice when the learner's own message says it (sweep 20)", () => {
    const outcome: CallOutcome = { status: 'error', error: { type: 'NotImplementedError', message: 'compute_class_freqs is not written yet', line: 7, traceback: '' }, mutated: [], ms: 1 };
    const m = gradeCase(freqCase, outcome, expectedFor(freqCase)).message;
    expect(m).toBe(
      "Your compute_class_freqs raised NotImplementedError (line 7) on 2 examples × 3 classes: compute_class_freqs is not written yet. It still raises NotImplementedError, as an unfinished template does: replace that raise with compute_class_freqs's code",
    );
    expect(m.split('not written yet').length - 1).toBe(1);
  });
});

describe('gradeCase: a NotImplementedError that TensorFlow raised, not the template (framework28)', () => {
  // np.log or np.mean on the tensors a @tf.function (or TensorFlow 1's graph mode) gives the loss:
  // TensorFlow raises NotImplementedError, and the report told the learner to "replace that raise"
  // at a line with no raise on it.
  const symbolic = "Cannot convert a symbolic tf.Tensor (add:0) to a numpy array. This error may indicate that you're trying to pass a Tensor to a NumPy call, which is not supported";
  it('explains numpy on a symbolic tensor, and says nothing of a template', () => {
    const m = gradeCase(lossCase, raisedAt('NotImplementedError', symbolic, 'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)'), expectedFor(lossCase)).message;
    expect(m).not.toContain('template');
    expect(m).toContain('Inside a @tf.function (a compiled graph) or TensorFlow 1\'s graph mode, a tensor has no values yet, so numpy cannot compute on it: use TensorFlow\'s functions (tf.math.log, tf.reduce_mean, or K.log, K.mean) in place of numpy\'s, or remove @tf.function');
  });
  it('names no template for a NotImplementedError raised at a line without a raise (a library\'s)', () => {
    const m = gradeCase(lossCase, raisedAt('NotImplementedError', 'Could not run an operator with these arguments', 'return torch.log(y_pred).sum()'), expectedFor(lossCase)).message;
    expect(m).not.toContain('template');
    // The learner's own raise still is the template's.
    const own = gradeCase(lossCase, raisedAt('NotImplementedError', 'TODO', 'raise NotImplementedError("TODO")'), expectedFor(lossCase)).message;
    expect(own).toContain('as an unfinished template does');
  });
});

describe('gradeCase: torch.from_numpy given a tensor (framework28)', () => {
  // A suite with framework: torch or auto passes tensors, as a PyTorch training loop does; a loss
  // written for the course's numpy arrays with torch.from_numpy failed with PyTorch's bare
  // "expected np.ndarray (got Tensor)".
  const [torchCase] = parseSuite(
    'suite: t\nframework: auto\ncases:\n  - id: l\n    function: weighted_loss\n    y_true: [[1, 0], [0, 1]]\n    y_pred: [[0.8, 0.3], [0.2, 0.7]]\n    pos_weights: [1, 2]\n    neg_weights: [0.5, 0.25]\n',
    't.yaml',
  ).cases as [Case];
  const fromNumpy = (message: string, c: Case) => gradeCase(c, raisedAt('TypeError', message, 'yt = torch.from_numpy(y_true)'), expectedFor(c)).message;
  it('says the case passes tensors and torch.as_tensor takes either', () => {
    expect(fromNumpy('expected np.ndarray (got Tensor)', torchCase)).toContain(
      'expected np.ndarray (got Tensor). torch.from_numpy takes numpy arrays only, and this case passes torch tensors, as a PyTorch training loop does: torch.as_tensor(x) takes either',
    );
    // Not on a case of numpy arrays (the learner made the tensor), nor for another TypeError.
    expect(fromNumpy('expected np.ndarray (got Tensor)', lossCase)).not.toContain('as_tensor');
    expect(fromNumpy('expected np.ndarray (got list)', torchCase)).not.toContain('as_tensor');
  });
});

describe('gradeCase: @tf.function on get_weighted_loss itself (sweep 20)', () => {
  it('says where the decorator belongs', () => {
    const message =
      'To be compatible with tf.function, Python functions must return zero or more Tensors or ExtensionTypes or None values; in compilation of <function get_weighted_loss at 0x7ff4af341c60>, found return value of type function, which is not a Tensor or ExtensionType.';
    const outcome: CallOutcome = { status: 'error', error: { type: 'TypeError', message, traceback: '', during: 'get_weighted_loss' }, mutated: [], ms: 1 };
    expect(gradeCase(lossCase, outcome, expectedFor(lossCase)).message).toMatch(
      /which is not a Tensor or ExtensionType\. @tf\.function compiles get_weighted_loss, which returns a Python function, and a compiled function may return only tensors: put @tf\.function on the inner weighted_loss instead, or leave it out$/,
    );
  });
});

describe('gradeCase: a graded function written with yield (sweep 20)', () => {
  it('says a generator is what yield gives, and to return instead', () => {
    const gen = { kind: 'other', pytype: 'generator', repr: '<generator object compute_class_freqs at 0x7f>' } as EncodedValue;
    const m = gradeCase(freqCase, { status: 'ok', value: gen, mutated: [], ms: 1 }, expectedFor(freqCase)).message;
    expect(m).toMatch(/^compute_class_freqs returned a generator; it must return a pair \(positive_frequencies, negative_frequencies\), expected .*\. A function with yield in it returns a generator, not the values: use return instead of yield\.$/);
    expect(gradeCase(lossCase, { status: 'ok', value: gen, mutated: [], ms: 1 }, expectedFor(lossCase)).message).toContain('use return instead of yield');
  });
});

describe('gradeCase: get_weighted_loss that returned no function (sweep 20)', () => {
  const returned = (type: string): CallOutcome => ({ status: 'error', error: { type: 'NotAFunction', message: `get_weighted_loss returned ${type}, not a function: it must return the inner weighted_loss function`, traceback: '' }, mutated: [], ms: 1 });
  it.each([['float'], ['float64'], ['Tensor'], ['EagerTensor']])('a %s: the value it computed, and where the loss goes', (type) => {
    expect(gradeCase(lossCase, returned(type), expectedFor(lossCase)).message).toBe(
      `get_weighted_loss returned ${type === 'EagerTensor' ? 'an' : 'a'} ${type}, not a function: a value it computed, where it must return the loss function itself. Define def weighted_loss(y_true, y_pred): inside get_weighted_loss and end with return weighted_loss (the function, not a call of it); Keras calls that function on each batch.`,
    );
  });
  it('a tuple: the function alone', () => {
    expect(gradeCase(lossCase, returned('tuple'), expectedFor(lossCase)).message).toBe('get_weighted_loss returned a tuple, not a function: return the inner weighted_loss function alone (return weighted_loss), not together with other values.');
  });
  it('another type, or a sentence the runner did not word: as it was', () => {
    expect(gradeCase(lossCase, returned('dict'), expectedFor(lossCase)).message).toBe('get_weighted_loss returned a dict, not a function: it must return the inner weighted_loss function.');
    const other: CallOutcome = { status: 'error', error: { type: 'NotAFunction', message: 'get_weighted_loss did not return a function: it must return the inner weighted_loss function', traceback: '' }, mutated: [], ms: 1 };
    expect(gradeCase(lossCase, other, expectedFor(lossCase)).message).toBe('get_weighted_loss did not return a function: it must return the inner weighted_loss function.');
  });
});

describe('gradeCase: a debugging stop left in a graded function (sweep 20)', () => {
  const raised = (type: string, message: string): CallOutcome => ({ status: 'error', error: { type, message, line: 7, traceback: '' }, mutated: [], ms: 1 });
  it.each([['None'], ['0'], ['']])('exit() (SystemExit %j): says what it does instead of its code', (code) => {
    expect(gradeCase(freqCase, raised('SystemExit', code), expectedFor(freqCase)).message).toBe(
      'Your compute_class_freqs raised SystemExit (line 7) on 2 examples × 3 classes: compute_class_freqs called exit(), quit() or sys.exit(), which ends the program where a graded function must return its result: remove that call',
    );
  });
  it("sys.exit('stop') keeps the learner's words", () => {
    expect(gradeCase(lossCase, raised('SystemExit', 'stop'), expectedFor(lossCase)).message).toMatch(/raised SystemExit \(line 7\) on 2 examples × 3 classes: stop\. weighted_loss called exit\(\)/);
  });
  it('input(): says why it fails when graded', () => {
    expect(gradeCase(freqCase, raised('EOFError', 'EOF when reading a line'), expectedFor(freqCase)).message).toContain(
      "EOF when reading a line. compute_class_freqs calls input(), which waits for someone to type, and nobody does when it is graded: compute the value from the function's arguments instead",
    );
  });
});

describe('gradeCase: errors of a framework learner (sweep 15b)', () => {
  const raised = (type: string, message: string): CallOutcome => ({ status: 'error', error: { type, message, line: 10, traceback: '' }, mutated: [], ms: 1 });
  it.each([
    ['.cuda() on a machine without CUDA', 'AssertionError', 'Torch not compiled with CUDA enabled', "Torch not compiled with CUDA enabled. Your code is graded on a CPU, without CUDA: keep the tensors where they come (no .cuda() or .to('cuda') in the graded functions), or pick the device as torch.device('cuda' if torch.cuda.is_available() else 'cpu')"],
    ['.to("cuda") with no driver', 'RuntimeError', 'Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver', 'Your code is graded on a CPU, without CUDA'],
    // A Mac learner's Apple GPU, and Intel's (framework 29): PyTorch's words only, before.
    ['.to("mps") (Apple)', 'RuntimeError', 'PyTorch is not linked with support for mps devices', "PyTorch is not linked with support for mps devices. Your code is graded on a CPU, without Apple's MPS: keep the tensors where they come (no .to('mps') in the graded functions), or pick the device as torch.device('mps' if torch.backends.mps.is_available() else 'cpu')"],
    ['.to("xpu") (Intel)', 'AssertionError', 'Torch not compiled with XPU enabled', "Torch not compiled with XPU enabled. Your code is graded on a CPU, without Intel's XPU: keep the tensors where they come (no .to('xpu') in the graded functions), or pick the device as torch.device('xpu' if torch.xpu.is_available() else 'cpu')"],
  ])('%s: says what to write', (_, type, message, text) => {
    expect(gradeCase(lossCase, raised(type, message), expectedFor(lossCase)).message).toContain(text);
  });
});

describe('gradeCase: numpy\'s MemoryError', () => {
  it('says the grader limits memory, as a sentence of its own after numpy\'s', () => {
    const outcome: CallOutcome = { status: 'error', error: { type: 'MemoryError', message: 'Unable to allocate 93.9 GiB for an array with shape (30000, 30000, 14) and data type float64', traceback: '' }, mutated: [], ms: 1 };
    expect(gradeCase(freqCase, outcome, expectedFor(freqCase)).message).toContain('data type float64. Your code ran out of memory (the grader limits it)');
  });
});

describe('gradeCase: ~ on float labels', () => {
  it('says ~ is the bitwise NOT and what counts the negatives', () => {
    const outcome: CallOutcome = { status: 'error', error: { type: 'TypeError', message: "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''", traceback: '' }, mutated: [], ms: 1 };
    expect(gradeCase(freqCase, outcome, expectedFor(freqCase)).message).toContain(
      ". ~ is the bitwise NOT, which numpy refuses on floats (and on integers gives -x - 1, not 1 - x): for the negatives use 1 - labels or labels == 0",
    );
  });
});

describe('gradeCase: np.bincount of float labels (learners 34)', () => {
  it.each([
    ["Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'", 'counts = np.bincount(labels[:, j], minlength=2)', 'float64'],
    ["Cannot cast array data from dtype('float32') to dtype('int64') according to the rule 'safe'", 'pos[j] = np.bincount(labels[:, j])[1] / N', 'float32'],
  ])('says np.bincount counts integers and the labels are floats: %s', (message, source, dtype) => {
    expect(gradeCase(freqCase, raisedAt('TypeError', message, source), expectedFor(freqCase)).message).toContain(
      `${message}. np.bincount counts non-negative integers, and these labels are floats (${dtype}): cast them first, np.bincount(labels[:, j].astype(int), minlength=2), or count the ones directly, np.sum(labels, axis=0)`,
    );
  });
  it('says nothing of np.bincount for the same error raised elsewhere', () => {
    const message = "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'";
    expect(gradeCase(freqCase, raisedAt('TypeError', message, 'idx = np.take(labels, cols)'), expectedFor(freqCase)).message).not.toContain('bincount');
  });
});

describe('gradeCase: math.log given an array', () => {
  const scalarError = (message: string, source: string) => raisedAt('TypeError', message, source);
  it.each([
    // numpy 2's wording, then numpy 1's.
    ['only 0-dimensional arrays can be converted to Python scalars', 'loss += -np.mean(pw[i] * y_true[:, i] * math.log(y_pred[:, i] + epsilon))', 'math.log', 'np.log'],
    ['only length-1 arrays can be converted to Python scalars', 's = w * y * math.exp(-p) + math.sqrt(q)', 'math.exp', 'np.exp'],
  ])('names the math function and its numpy counterpart (%s)', (message, source, fn, np) => {
    expect(gradeCase(lossCase, scalarError(message, source), expectedFor(lossCase)).message).toContain(
      `${message}. ${fn} takes a single number, and here it is given an array (a whole column): use ${np}, which works on every element of an array`,
    );
  });
  it('says nothing of math where the line that raised has no math. call (float(y_pred[:, i]))', () => {
    const v = gradeCase(lossCase, scalarError('only 0-dimensional arrays can be converted to Python scalars', 'loss += float(y_pred[:, i])'), expectedFor(lossCase));
    expect(v.message).not.toContain('math.');
  });
});

describe('gradeCase: math.log given 0 (sweep 15a)', () => {
  const domainError = (source: string) => raisedAt('ValueError', 'math domain error', source);
  it.each([
    ['total += pos_weights[c] * math.log(y_pred[n, c])', 'log'],
    ['s += w * y * math.log10(1 - p)', 'log10'],
    ['s += w * y * log(p)', 'log'],
  ])('says which log refuses 0 and what the formula takes (%s)', (source, fn) => {
    expect(gradeCase(lossCase, domainError(source), expectedFor(lossCase)).message).toContain(
      `math domain error. math.${fn} raises this for the log of 0 or of a negative number: one of the logs here took 0 or less (a prediction of exactly 0 or 1 with no epsilon inside that log, or epsilon subtracted), which the formula's math.${fn}(p + epsilon) and math.${fn}(1 - p + epsilon) never do`,
    );
  });
  it('says nothing of logs for a math domain error elsewhere (math.sqrt of a negative number)', () => {
    expect(gradeCase(lossCase, domainError('s += math.sqrt(q)'), expectedFor(lossCase)).message).not.toContain('math.sqrt(p');
    expect(gradeCase(lossCase, domainError('s += math.sqrt(q)'), expectedFor(lossCase)).message).not.toContain('logs here');
  });
});

describe('gradeCase: a class sliced off the labels but not the weights (sweep 15a)', () => {
  // lossCase: 2 examples × 3 classes.
  const broadcast = (shapes: string): CallOutcome => ({
    status: 'error',
    error: { type: 'ValueError', message: `operands could not be broadcast together with shapes ${shapes} `, line: 9, traceback: '' },
    mutated: [],
    ms: 1,
  });
  it.each(['(3,) (2,2)', '(2,2) (3,)'])('says which lengths clash and what to keep (%s)', (shapes) => {
    expect(gradeCase(lossCase, broadcast(shapes), expectedFor(lossCase)).message).toContain(
      'The weights have 3 values, one per class, and the array next to them 2 columns: a class was sliced off y_true or y_pred ([:, 1:] or [:, :-1]) but not off the weights. Every class counts: use y_true and y_pred whole',
    );
  });
  it('says nothing of it for other shapes (a column next to the weights)', () => {
    expect(gradeCase(lossCase, broadcast('(2,) (3,)'), expectedFor(lossCase)).message).not.toContain('sliced off');
  });
});

describe('gradeCase: epsilon passed by keyword', () => {
  const keywordCase: Case = { ...lossCase, epsilonArg: 'keyword' };
  const typeError = (message: string): CallOutcome => ({ status: 'error', error: { type: 'TypeError', message, traceback: '' }, mutated: [], ms: 1 });
  it('tells a learner whose parameter is named eps to name it epsilon', () => {
    const v = gradeCase(keywordCase, typeError("get_weighted_loss() got an unexpected keyword argument 'epsilon'"), expectedFor(keywordCase));
    expect(v.message).toContain("got an unexpected keyword argument 'epsilon'. This case calls get_weighted_loss(pos_weights, neg_weights, epsilon=...), as the assignment's signature allows: name the third parameter epsilon");
  });
  it('says nothing of the kind for another TypeError, or a case that passes epsilon by position', () => {
    expect(gradeCase(keywordCase, typeError('unsupported operand'), expectedFor(keywordCase)).message).not.toContain('name the third parameter');
    expect(gradeCase(lossCase, typeError("got an unexpected keyword argument 'epsilon'"), expectedFor(lossCase)).message).not.toContain('name the third parameter');
  });
});

describe('gradeCase: arrays of different lengths in one class term', () => {
  // lossCase: 2 examples × 3 classes.
  const raised = (type: string, message: string): CallOutcome => ({ status: 'error', error: { type, message, line: 9, traceback: '' }, mutated: [], ms: 1 });
  it.each([
    ['numpy', 'ValueError', 'operands could not be broadcast together with shapes (3,) (2,) ', 'A vector of 2 values (one per example'],
    ['TensorFlow', 'InvalidArgumentError', '{{function_node __wrapped__Mul}} Incompatible shapes: [2] vs. [3] [Op:Mul] name: ', 'A vector of 2 values (one per example'],
    ['PyTorch', 'RuntimeError', 'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0', 'met one of 3 values (one per class'],
    ['numpy, a column and the whole matrix', 'ValueError', 'operands could not be broadcast together with shapes (2,) (2,3) ', 'met the whole 2×3 matrix (like y_pred without [:, i])'],
  ])('%s: names the lengths and loss-mixed-indexing', (_, type, message, text) => {
    const v = gradeCase(lossCase, raised(type, message), expectedFor(lossCase));
    expect(v.status).toBe('error');
    expect(v.message).toContain(text);
    expect(v.message).toMatch(/\S\. A (vector|column) of 2 values/); // one sentence after the error, no double space
    expect(v.signatures).toEqual(['loss-mixed-indexing']);
  });
  it.each([
    ['TensorFlow', 'InvalidArgumentError', 'cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a float tensor [Op:Mul] name: ', 'A float32 tensor met a float64 one'],
    ['PyTorch', 'RuntimeError', 'expected scalar type Double but found Float', 'A float32 tensor met a float64 one'],
    ['TensorFlow, integer labels', 'InvalidArgumentError', 'cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a int64 tensor [Op:Mul] name: ', 'An int64 tensor met a float64 one, and the framework does not convert between them: integer labels must be cast'],
  ])('%s: float32 and float64 tensors in one expression are loss-mixed-dtypes, and said so', (_, type, message, text) => {
    const v = gradeCase(lossCase, raised(type, message), expectedFor(lossCase));
    expect(v.message).toContain(text);
    // The cast in the framework that raised it (frameworks 35).
    expect(v.message).toContain(type === 'RuntimeError' ? 'y_true.to(y_pred.dtype)' : 'tf.cast(y_true, y_pred.dtype)');
    expect(v.signatures).toEqual(['loss-mixed-dtypes']);
    // compute_class_freqs gets the sentence, not the loss's mistake; it has no predictions to cast labels to.
    const f = gradeCase(freqCase, raised(type, message), expectedFor(freqCase));
    expect(f.message).toContain(text.replace(/: integer labels must be cast$/, ': cast both sides to one float dtype first'));
    expect(f.signatures).toEqual([]);
  });
  it('vectorised code whose per-example vector is a mean over axis 1 is told about the axis too, not only about indexing for class i', () => {
    const at = (line: string) => raisedAt('ValueError', 'operands could not be broadcast together with shapes (3,) (2,) ', line);
    // pos = np.mean(y_true * np.log(y_pred + epsilon), axis=1): 2 values, one per example.
    const flat = gradeCase(lossCase, at('return -np.sum(pos_weights * pos + neg_weights * neg)'), expectedFor(lossCase));
    expect(flat.message).toContain('A vector of 2 values (one per example: a column like y_true[:, i], or a mean or sum over axis 1)');
    expect(flat.message).toContain('without a loop, reduce over axis 0 (the examples) only');
    expect(flat.signatures).toEqual(['loss-mixed-indexing']);
    // A line that indexes for class i keeps the loop's sentence.
    const loop = gradeCase(lossCase, at('loss += -np.mean(pos_weights * y_true[:, i] * np.log(y_pred[:, i] + epsilon))'), expectedFor(lossCase));
    expect(loop.message).toContain('index every array for class i');
    expect(loop.message).not.toContain('axis 1');
  });
  it('vectorised code whose per-example vector meets a weight matrix is told the classes were averaged away, not only to index for class i (sweep 16a: np.mean(np.where(y_true == 1, pos_weights, neg_weights) * bce), bce a mean over axis -1)', () => {
    const at = (line: string) => raisedAt('ValueError', 'operands could not be broadcast together with shapes (2,3) (2,) ', line);
    const flat = gradeCase(lossCase, at('return np.mean(weights * bce)'), expectedFor(lossCase));
    expect(flat.message).toContain('A vector of 2 values (one per example: a column like y_true[:, i], or a mean or sum over the classes, axis 1 or -1) met a whole 2×3 matrix');
    expect(flat.message).toContain('without a loop, keep the classes apart until the weights are applied');
    expect(flat.signatures).toEqual(['loss-mixed-indexing']);
    const loop = gradeCase(lossCase, at('loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred + epsilon))'), expectedFor(lossCase));
    expect(loop.message).toContain('A column of 2 values (one per example, like y_true[:, i]) met the whole 2×3 matrix (like y_pred without [:, i])');
    expect(loop.message).not.toContain('keep the classes apart');
  });
  it('a per-element weight matrix passed to a Keras loss as sample_weight is explained as Keras averaging over the classes first, not as a class index left out', () => {
    const message = '{{function_node __wrapped__Mul}} Incompatible shapes: [2] vs. [2,3] [Op:Mul] name: ';
    const v = gradeCase(lossCase, raisedAt('InvalidArgumentError', message, 'return bce(y_true, y_pred, sample_weight=w)'), expectedFor(lossCase));
    expect(v.message).toContain('first averages over the last axis, the classes, to one value per example (2 values), and only then applies sample_weight');
    expect(v.message).not.toContain('index every array');
    expect(v.signatures).toEqual([]);
  });
  it('stays quiet for lengths that are not N and C, other errors, and compute_class_freqs', () => {
    const quiet = [
      gradeCase(lossCase, raised('ValueError', 'operands could not be broadcast together with shapes (5,) (7,) '), expectedFor(lossCase)),
      gradeCase(lossCase, raised('ValueError', 'could not convert string to float'), expectedFor(lossCase)),
      gradeCase(freqCase, raised('ValueError', 'operands could not be broadcast together with shapes (3,) (2,) '), expectedFor(freqCase)),
    ];
    for (const v of quiet) {
      expect(v.signatures).toEqual([]);
      expect(v.message).not.toContain('index every array');
    }
  });
});

describe('gradeCase: the frequencies', () => {
  const pair = (a: EncodedValue, b: EncodedValue): EncodedValue => ({ kind: 'sequence', pytype: 'tuple', items: [a, b] });
  it.each([
    ['a tuple of arrays', pair(arr([3], [0.5, 0, 1]), arr([3], [0.5, 1, 0])), 'passed', ''],
    ['Python lists, with a note', pair({ kind: 'sequence', pytype: 'list', items: [num(0.5), num(0), num(1)] }, { kind: 'sequence', pytype: 'list', items: [num(0.5), num(1), num(0)] }), 'passed', 'Python lists'],
    // [torch.mean(labels[:, i]) for i in …]: each item a 0-d tensor, read as its number (framework28).
    ['lists of 0-d tensors, with a note', pair({ kind: 'sequence', pytype: 'list', items: [0.5, 0, 1].map((x) => ({ ...arr([], [x]), origin: 'torch.Tensor' }) as EncodedValue) }, { kind: 'sequence', pytype: 'list', items: [0.5, 1, 0].map((x) => ({ ...arr([], [x], 'float32'), origin: 'tensorflow.Tensor' }) as EncodedValue) }), 'passed', 'Python lists'],
    ['one (2, C) array, with a note', arr([2, 3], [0.5, 0, 1, 0.5, 1, 0]), 'passed', 'one array of shape (2, C)'],
    ['integer arrays', pair(arr([3], [0, 0, 1], 'int64'), arr([3], [0, 1, 0], 'int64')), 'failed', 'are integers (int64)'],
    ['the wrong shape', pair(arr([2], [0.5, 1]), arr([2], [0.5, 0])), 'failed', 'have shape (2,); expected (3,)'],
    ['right values with an extra axis (keepdims, np.matrix)', pair(arr([1, 3], [0.5, 0, 1]), arr([1, 3], [0.5, 1, 0])), 'failed', 'have shape (1, 3); expected (3,), one value per class; the values themselves are right, but the extra axis of length 1'],
    ['wrong values with an extra axis', pair(arr([3, 1], [0.5, 0.5, 1]), arr([3, 1], [0.5, 1, 0])), 'failed', 'expected (3,), one value per class; the extra axis of length 1 (what keepdims=True'],
    ['one array only', arr([3], [0.5, 0, 1]), 'failed', 'it must return a pair'],
    ['a single number each (np.mean without an axis)', pair(arr([], [0.5]), arr([], [0.5])), 'failed', 'have shape (); expected (3,), one value per class; a single number each is what a mean or sum over the whole matrix gives (np.mean(labels) without an axis): reduce over the examples only, axis=0'],
  ] as const)('%s', (_, value, status, text) => {
    const v = gradeCase(freqCase, ok(value), expectedFor(freqCase));
    expect(v.status).toBe(status);
    expect(v.message + v.notes.join(' ')).toContain(text);
  });
});

describe('gradeCase: frequencies returned as one row per class (sweep 19)', () => {
  const tuple = (...items: EncodedValue[]): EncodedValue => ({ kind: 'sequence', pytype: 'tuple', items });
  const [twoClasses] = parseSuite('suite: t\ncases:\n  - id: f2\n    function: compute_class_freqs\n    labels: [[1, 0], [1, 1], [0, 0], [0, 0]]\n', 't.yaml').cases as [Case];
  it('says how to make the pair of a (C, 2) array or a list of (pos, neg) per class, and that its columns are right', () => {
    for (const value of [arr([3, 2], [0.5, 0.5, 0, 1, 1, 0]), { kind: 'sequence', pytype: 'list', items: [tuple(num(0.5), num(0.5)), tuple(num(0), num(1)), tuple(num(1), num(0))] } as EncodedValue]) {
      const v = gradeCase(freqCase, ok(value), expectedFor(freqCase));
      expect(v.status).toBe('failed');
      expect(v.message).toContain('one row per class, its positive and negative frequency side by side');
      expect(v.message).toContain('return the pair instead: return pos, neg, or the columns arr[:, 0], arr[:, 1] (arr.T unpacks as the pair)');
      expect(v.message).toContain('Its columns are the expected frequencies');
      // The values are right: no formula mistake to diagnose.
      expect(v.valueCorrect).toBe(true);
      expect(v.observation).toEqual({ kind: 'none' });
    }
  });
  it('quotes wrong columns and gives them to the diagnosis as the pair they stand for', () => {
    const v = gradeCase(freqCase, ok(arr([3, 2], [0.5, 0.5, 1, 0, 0, 1])), expectedFor(freqCase));
    expect(v.message).toContain('Its columns are positive [0.5, 1, 0] and negative [0.5, 0, 1]; expected positive [0.5, 0, 1]');
    expect(v.observation).toEqual({ kind: 'freqs', pos: [0.5, 1, 0], neg: [0.5, 0, 1] });
  });
  it('on two classes, takes a (2, 2) array as rows per class when only that reading is right, and as the pair when that one is', () => {
    // pos [0.5, 0.25], neg [0.5, 0.75]
    const perClass = gradeCase(twoClasses, ok(arr([2, 2], [0.5, 0.5, 0.25, 0.75])), expectedFor(twoClasses));
    expect(perClass.message).toContain('one row per class');
    expect(perClass.valueCorrect).toBe(true);
    const asPair = gradeCase(twoClasses, ok(arr([2, 2], [0.5, 0.25, 0.5, 0.75])), expectedFor(twoClasses));
    expect(asPair.status).toBe('passed');
  });
});

describe('gradeCase: a loss of one value per example, per class, or both (learner 21)', () => {
  // lossCase: 2 examples, 3 classes. Values that do not add up to the loss, so the shape tells what is left to do.
  it.each([
    ['(N,)', [2], [0.4, 0.9], 'shape (2,), one value per example, instead of one number', 'The mean over the examples is missing: average those values.', ': the mean over the examples is missing'],
    ['(C,)', [3], [0.4, 0.9, 0.1], 'shape (3,), one value per class, instead of one number', 'The sum over the classes is missing: add those values up.', ': the sum over the classes is missing'],
    ['(N, C)', [2, 3], [0.4, 0.9, 0.1, 0.2, 0.3, 0.4], 'shape (2, 3), one value per example and class, instead of one number', "The reduction is missing: the mean over the examples (axis 0) of each class's terms, then the sum over the classes.", ': the reduction is missing'],
  ])('a loss of shape %s says what each value is and what reduction is missing, in the message and the evidence', (_, shape, values, says, then, evidence) => {
    const v = gradeCase(lossCase, ok(arr(shape, values)), expectedFor(lossCase));
    expect(v.status).toBe('failed');
    expect(v.signatures).toEqual(['loss-not-scalar']);
    expect(v.message).toContain(says);
    expect(v.message).toContain(then);
    expect(v.formEvidence).toMatch(new RegExp(`is expected${evidence.replace(/[()]/g, '\\$&')}$`));
    expect(v.message).not.toMatch(/\) \(/); // no parenthesis after the shape's
  });
  it('says when the per-example values average to the loss (np.sum(L, axis=1): each example summed over the classes)', () => {
    const v = gradeCase(lossCase, ok(arr([2], [L / 2, 1.5 * L])), expectedFor(lossCase));
    expect(v.message).toContain(`Their mean, ${fmt(L)}, is the expected loss: average the values before returning.`);
    expect(returnedKindGist(v.message)).toBe('Your loss returned an array, one value per example, instead of one number. Their mean is the expected loss: average the values before returning.');
  });
  it('a loss of shape (1,) is accepted with a note', () => {
    const v = gradeCase(lossCase, ok(arr([1], [L])), expectedFor(lossCase));
    expect(v.status).toBe('passed');
    expect(v.notes.join(' ')).toContain('array of shape (1,) holding one value; it was accepted');
  });
  it('says neither when the examples are as many as the classes, where the shape cannot tell them apart', () => {
    const [square] = parseSuite(
      `suite: sq
cases:
  - id: s
    function: weighted_loss
    y_true: [[1, 0], [0, 1]]
    y_pred: [[0.8, 0.3], [0.2, 0.7]]
    pos_weights: [1, 2]
    neg_weights: [0.5, 0.25]
`,
      'sq.yaml',
    ).cases as [Case];
    const v = gradeCase(square, ok(arr([2], [0.4, 0.9])), expectedFor(square));
    expect(v.message).toContain('shape (2,) instead of one number');
    expect(v.message).not.toMatch(/per class|per example/);
  });
});

describe('gradeCase: a loss returned with extras ((loss, per_class))', () => {
  const tuple = (...items: EncodedValue[]): EncodedValue => ({ kind: 'sequence', pytype: 'tuple', items });
  const num = (value: number): EncodedValue => ({ kind: 'number', pytype: 'float', value });
  it.each([
    ['a right loss and its per-class terms', tuple(num(L), arr([3], [L, 0, 0])), L, 'is the expected loss: return it alone'],
    ['a 0-d tensor and a list', tuple(arr([], [L]), tuple(num(1), num(2))), L, 'is the expected loss: return it alone'],
    ['a wrong loss and its per-class terms', tuple(num(2 * L), arr([3], [2 * L, 0, 0])), 2 * L, 'is not the expected loss either'],
  ] as const)('%s: loss-not-scalar, its first item diagnosed', (_, value, first, says) => {
    const v = gradeCase(lossCase, ok(value), expectedFor(lossCase));
    expect(v).toMatchObject({ status: 'failed', signatures: ['loss-not-scalar'], reduced: first });
    expect(v.message).toBe(`Your loss returned a tuple of 2 items; it must return one number (expected ${fmt(L)}). Its first item, ${fmt(first)}, ${says}.`);
    expect(returnedKindGist(v.message)).toBe(`Your loss returned a tuple of several items; it must return one number. Its first item ${says}.`);
  });
  it('a pair that does not start with one number is only described', () => {
    const value = tuple(arr([3], [L, 0, 0]), num(L));
    const v = gradeCase(lossCase, ok(value), expectedFor(lossCase));
    expect(v.message).toBe(`Your loss returned a tuple of 2 items; it must return one number (expected ${fmt(L)}).`);
    expect(v.signatures).toEqual([]);
    expect(v.reduced).toBeUndefined();
  });
  it('plain numbers, one per class ([l0, l1, l2]), are several values as a (C,) array is: loss-not-scalar, told per class, their sum diagnosed (learner 21)', () => {
    const list: EncodedValue = { kind: 'sequence', pytype: 'list', items: [num(L / 2), num(L / 4), num(L / 4)] };
    const v = gradeCase(lossCase, ok(list), expectedFor(lossCase));
    expect(v.message).toBe(`Your loss returned a list of 3 items, one value per class, instead of one number; expected ${fmt(L)}. Its sum, ${fmt(L)}, is the expected loss: add the values up before returning.`);
    expect(v.signatures).toEqual(['loss-not-scalar']);
    expect(v.reduced).toBeCloseTo(L, 12);
    expect(v.formEvidence).toBe(`your loss returned a list of 3 items, one value per class, where one number, ${fmt(L)}, is expected: the sum over the classes is missing`);
    // An empty list is no value at all: only described.
    const empty = gradeCase(lossCase, ok({ kind: 'sequence', pytype: 'list', items: [] }), expectedFor(lossCase));
    expect(empty.signatures).toEqual([]);
  });
});

describe('gradeCase: integer frequencies', () => {
  // freqCase: labels [[1, 0, 1], [0, 0, 1]]: positive [0.5, 0, 1], negative [0.5, 1, 0].
  const pair = (a: EncodedValue, b: EncodedValue): EncodedValue => ({ kind: 'sequence', pytype: 'tuple', items: [a, b] });
  it('the fractions rounded down (tf.reduce_mean of integer labels, //) are freqs-integer-division', () => {
    const v = gradeCase(freqCase, ok(pair(arr([3], [0, 0, 1], 'int64'), arr([3], [0, 1, 0], 'int64'))), expectedFor(freqCase));
    expect(v.status).toBe('failed');
    expect(v.signatures).toEqual(['freqs-integer-division']);
    // The hint quotes the values, as a model's evidence does (the case's name alone showed nothing to check).
    expect(v.formEvidence).toBe('you returned positive [0, 0, 1] (int64) where [0.5, 0, 1] is expected, each fraction rounded down');
  });
  it('the positives rounded down and the negatives taken as 1 - them (negative_frequencies = 1 - positive_frequencies) are freqs-integer-division', () => {
    // tf.reduce_mean of integer labels gives positive [0, 0, 1]; 1 - that is [1, 1, 0], not the floored negatives [0, 1, 0].
    const v = gradeCase(freqCase, ok(pair(arr([3], [0, 0, 1], 'int64'), arr([3], [1, 1, 0], 'int64'))), expectedFor(freqCase));
    expect(v.status).toBe('failed');
    expect(v.signatures).toEqual(['freqs-integer-division']);
  });
  it.each([
    ['an int64 array', arr([3], [0, 1, 0], 'int64')],
    // statistics.mean(1 - col) of each numpy int64 column, in a np.array or a list (correct 33).
    ['a list of numpy int64', { kind: 'sequence', pytype: 'list', items: [0, 1, 0].map((x) => ({ kind: 'number', pytype: 'numpy.int64', dtype: 'int64', value: x })) } as EncodedValue],
  ] as const)('the negatives alone rounded down, the positives right, are freqs-integer-division: %s', (_, negatives) => {
    const v = gradeCase(freqCase, ok(pair(arr([3], [0.5, 0, 1]), negatives)), expectedFor(freqCase));
    expect([v.status, v.signatures, v.formEvidence]).toEqual(['failed', ['freqs-integer-division'], expect.stringMatching(/^you returned negative \[0, 1, 0\].* where \[0\.5, 1, 0\] is expected, each fraction rounded down$/)]);
    // Right negatives of an integer dtype (a column of all 0s or 1s) name nothing.
    expect(gradeCase(freqCase, ok(pair(arr([3], [0.5, 0, 1]), arr([3], [0.5, 1, 0]))), expectedFor(freqCase)).signatures).toEqual([]);
  });
  it.each([
    ['both of one dtype, said once', arr([3], [0, 0, 1], 'int64'), arr([3], [0, 1, 0], 'int64'), 'Your positive and negative frequencies are integers (int64); fractions need a float dtype; expected'],
    ['of two dtypes, each', arr([3], [0, 0, 1], 'int64'), arr([3], [0, 1, 0], 'int32'), 'Your positive frequencies are integers (int64); fractions need a float dtype; your negative frequencies are integers (int32); fractions need a float dtype; expected'],
    ['one of them', arr([3], [0, 0, 1], 'int64'), arr([3], [0.5, 1, 0]), 'Your positive frequencies are integers (int64); fractions need a float dtype; expected'],
  ] as const)('integer frequencies: %s', (_, p, n, text) => {
    expect(gradeCase(freqCase, ok(pair(p, n)), expectedFor(freqCase)).message).toContain(text);
  });
  it('integer counts (np.sum without / N, negatives 1 - the counts) are not told to take a float dtype: no dtype makes them fractions', () => {
    for (const [p, n] of [
      [arr([3], [3, 3, 2], 'int64'), arr([3], [-2, -2, -1], 'int64')],
      [arr([3], [3, 3, 2], 'int64'), arr([3], [1, 1, 2], 'int64')],
      [arr([3], [0, 0, 1], 'int64'), arr([3], [4, 3, 2], 'int64')],
    ] as const) {
      const v = gradeCase(freqCase, ok(pair(p, n)), expectedFor(freqCase));
      expect(v.status).toBe('failed');
      expect(v.message).not.toContain('float dtype');
      expect(v.message).toMatch(/frequencies are integers \(int64\) outside \[0, 1\], so not fractions of the examples/);
    }
  });
  it.each([
    // statistics.mean of a column of numpy int64 labels returns an int64 (sweep 16a); a count // N in a list, a Python int.
    ['numpy integers (statistics.mean of int64 labels)', (v: number) => ({ kind: 'number', pytype: 'numpy.int64', dtype: 'int64', value: v }) as EncodedValue],
    ['Python ints (count // N appended to a list)', (v: number) => num(v, 'int')],
  ] as const)('lists of %s, the fractions rounded down, are freqs-integer-division', (_, item) => {
    const list = (vs: number[]): EncodedValue => ({ kind: 'sequence', pytype: 'list', items: vs.map(item) });
    const v = gradeCase(freqCase, ok(pair(list([0, 0, 1]), list([1, 1, 0]))), expectedFor(freqCase));
    expect(v.status).toBe('failed');
    expect(v.signatures).toEqual(['freqs-integer-division']);
    // Lists of floats that are wrong in another way are not.
    expect(gradeCase(freqCase, ok(pair({ kind: 'sequence', pytype: 'list', items: [num(0), num(0), num(1)] }, { kind: 'sequence', pytype: 'list', items: [num(1), num(1), num(0)] })), expectedFor(freqCase)).signatures).toEqual([]);
  });
  it('lists of 0-d int tensors (tf.reduce_mean of each int64 column), the fractions rounded down, are freqs-integer-division', () => {
    const list = (vs: number[]): EncodedValue => ({ kind: 'sequence', pytype: 'list', items: vs.map((x) => ({ ...arr([], [x], 'int64'), origin: 'tensorflow.Tensor' }) as EncodedValue) });
    const v = gradeCase(freqCase, ok(pair(list([0, 0, 1]), list([1, 1, 0]))), expectedFor(freqCase));
    expect(v.status).toBe('failed');
    expect(v.signatures).toEqual(['freqs-integer-division']);
  });
  it('integers that are not the fractions rounded down are only said to be integers', () => {
    const v = gradeCase(freqCase, ok(pair(arr([3], [1, 0, 2], 'int64'), arr([3], [1, 2, 0], 'int64'))), expectedFor(freqCase));
    expect(v.message).toContain('are integers (int64)');
    expect(v.signatures).toEqual([]);
  });
});

describe('gradeCase: values that hold no plain numbers are described as what they are', () => {
  const odd = (shape: number[], dtype: string): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype, shape, values: null });
  const other = (pytype: string, repr = ''): EncodedValue => ({ kind: 'other', pytype, repr });
  // The runner sends no values for an array of complex numbers, bytes or records: not because it is large.
  it.each([
    ['a 0-d complex array', odd([], 'complex128'), 'a 0-d complex128 array', []],
    ['a bytes array', odd([1], '|S1'), 'a numpy array of shape (1,) holding bytes (dtype |S1)', []],
    ['a 0-d string array', odd([], '<U3'), 'a 0-d array of strings (dtype <U3)', []],
    ['a structured array', odd([1], "[('a', '<f8'), ('b', '<f8')]"), "a numpy array of shape (1,) holding records (structured dtype [('a', '<f8'), ('b', '<f8')])", []],
    ['an object array', odd([2], 'object'), 'a numpy array of shape (2,) holding Python objects (dtype object)', []],
    ['a float array too large to send', odd([1000, 1000], 'float64'), 'a numpy array of shape (1000, 1000) and dtype float64, too large to read', ['loss-not-scalar']],
    ['a bytes value', other('bytes'), 'a bytes value', []],
    ['a complex number', other('complex'), 'a complex number', []],
    ['a numpy complex scalar', other('numpy.complex128'), 'a complex number (numpy.complex128)', []],
    ['an int beyond any float', other('int'), 'an int too large for a float', []],
    ['a str', other('str', "'0.5'"), "a str ('0.5')", []],
    ['an ellipsis', other('ellipsis'), 'an ellipsis', []],
  ] as const)('%s', (_, value, what, signatures) => {
    const v = gradeCase(lossCase, ok(value), expectedFor(lossCase));
    expect(v).toMatchObject({ status: 'failed', actual: what, signatures });
    expect(v.message).toBe(`Your loss returned ${what}; it must return one number (expected ${fmt(L)}).`);
  });

  it('an item of the frequencies pair, named by its place', () => {
    const v = gradeCase(freqCase, ok({ kind: 'sequence', pytype: 'tuple', items: [arr([3], [0.5, 0, 1]), odd([], 'complex128')] }), expectedFor(freqCase));
    expect(v.status).toBe('failed');
    expect(v.message).toMatch(/^compute_class_freqs returned a pair whose second item is a 0-d complex128 array; each item must be an array of 3 frequencies/);
  });
});

describe('gradeCase: a name NumPy removed', () => {
  const raised = (message: string, type = 'AttributeError'): CallOutcome => ({ status: 'error', error: { type, message, line: 5, traceback: '' }, mutated: [], ms: 1 });
  // NumPy's own message for np.float has its fix on later lines, which the case's sentence leaves out.
  const npFloat =
    "module 'numpy' has no attribute 'float'.\n`np.float` was a deprecated alias for the builtin `float`. To avoid this error in existing code, use `float` by itself.";
  it.each([
    // The runner puts these back (numpy-aliases.ts): the hint is for a run where that failed, worded from the same table.
    ['np.float (1.24)', npFloat, "has no attribute 'float'. np.float was only another name for Python's float, and NumPy 1.24 removed it: write float instead"],
    ['np.unicode (1.24)', "module 'numpy' has no attribute 'unicode'", "np.unicode was only another name for Python's str, and NumPy 1.24 removed it: write str instead"],
    ['np.product (2.0, no replacement named)', "module 'numpy' has no attribute 'product'", "has no attribute 'product'. np.product was removed in NumPy 2.0: write np.prod instead"],
    ['np.in1d (2.4)', "module 'numpy' has no attribute 'in1d'", 'np.in1d was removed in NumPy 2.4: write np.isin instead'],
    // Not put back (no alias names what it named): numpy-names.json's last release, and its replacement when known.
    ['np.msort (not put back)', "module 'numpy' has no attribute 'msort'", "has no attribute 'msort'. NumPy 1.26 was the last release with np.msort: write np.sort(a, axis=0) instead"],
    ['np.typeDict (not put back)', "module 'numpy' has no attribute 'typeDict'", 'NumPy 1.23 was the last release with np.typeDict: write np.sctypeDict instead'],
    ['np.alen (two replacements)', "module 'numpy' has no attribute 'alen'", 'NumPy 1.22 was the last release with np.alen: write len(a) or a.shape[0] instead'],
    ['np.pmt (nothing replaces it)', "module 'numpy' has no attribute 'pmt'", "has no attribute 'pmt'. NumPy 1.26 was the last release with np.pmt, and NumPy names nothing in its place: compute it without np.pmt"],
  ])('%s: says what to write instead', (_what, message, hint) => {
    expect(gradeCase(freqCase, raised(message), expectedFor(freqCase)).message).toContain(hint);
    expect(gradeCase(lossCase, raised(message), expectedFor(lossCase)).message).toContain(hint);
  });
  it('says nothing for an attribute numpy never had, or another module', () => {
    expect(gradeCase(freqCase, raised("module 'numpy' has no attribute 'summ'"), expectedFor(freqCase)).message).not.toContain('NumPy');
    // A name the newest release has (np.trapezoid on NumPy 1.26): this machine's NumPy is older, nothing removed it.
    expect(gradeCase(freqCase, raised("module 'numpy' has no attribute 'trapezoid'"), expectedFor(freqCase)).message).not.toContain('NumPy');
    expect(gradeCase(freqCase, raised("module 'torch' has no attribute 'float'"), expectedFor(freqCase)).message).not.toContain('NumPy');
    expect(gradeCase(freqCase, raised("module 'numpy' has no attribute 'float'", 'NameError'), expectedFor(freqCase)).message).not.toContain('NumPy');
  });
});

describe('gradeCase: .numpy() inside a @tf.function (sweep 13b)', () => {
  const raised = (message: string): CallOutcome => ({ status: 'error', error: { type: 'AttributeError', message, line: 17, traceback: '' }, mutated: [], ms: 1 });
  it.each([
    ["'SymbolicTensor' object has no attribute 'numpy'"], // TensorFlow 2.16+
    ["'Tensor' object has no attribute 'numpy'"], // earlier TensorFlow 2
  ])('%s: says graph tensors have no value, and to return the tensor', (message) => {
    const msg = gradeCase(lossCase, raised(message), expectedFor(lossCase)).message;
    expect(msg).toContain(`${message}. Inside a @tf.function (a compiled graph) a tensor has no value yet, so it has no .numpy(): return the tensor itself (the grader converts it), or remove @tf.function`);
  });
  it('says nothing for another missing attribute', () => {
    expect(gradeCase(lossCase, raised("'Tensor' object has no attribute 'item'"), expectedFor(lossCase)).message).not.toContain('@tf.function');
    expect(gradeCase(lossCase, raised("'numpy.ndarray' object has no attribute 'numpy'"), expectedFor(lossCase)).message).not.toContain('@tf.function');
  });
});

describe('gradeCase: torch.mean on integer labels', () => {
  const raised = (message: string): CallOutcome => ({ status: 'error', error: { type: 'RuntimeError', message, line: 6, traceback: '' }, mutated: [], ms: 1 });
  it('says to make the labels floats, or divide a sum', () => {
    const msg = gradeCase(freqCase, raised('mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long'), expectedFor(freqCase)).message;
    expect(msg).toContain('Got: Long. torch.mean averages floats only and the labels are integers: labels.float().mean(dim=0), or torch.sum(labels, dim=0) / labels.shape[0]');
    expect(gradeCase(freqCase, raised('mean(): something else'), expectedFor(freqCase)).message).not.toContain('torch.mean averages');
  });
});

describe('gradeCase: the output limit', () => {
  it('says the prints add up over the calls, and names the function to take them out of', () => {
    const limit: CallOutcome = { status: 'output-limit' };
    expect(gradeCase(lossCase, limit, expectedFor(lossCase)).message).toBe(
      'Your code printed so much, added up over the calls so far, that grading stopped it during this case: remove the print calls from get_weighted_loss and the loss it returns.',
    );
    expect(gradeCase(freqCase, limit, expectedFor(freqCase)).message).toMatch(/remove the print calls from compute_class_freqs\.$/);
  });
});

describe('gradeCase: weights made a column', () => {
  it('says the (C, 1) weights line up with the examples and must stay 1-D', () => {
    const { n, c: k } = { n: lossCase.inputs.fn === 'weighted_loss' ? lossCase.inputs.yTrue.length : 0, c: lossCase.inputs.fn === 'weighted_loss' ? lossCase.inputs.yTrue[0]!.length : 0 };
    const raised = (message: string): CallOutcome => ({ status: 'error', error: { type: 'ValueError', message, line: 15, traceback: '' }, mutated: [], ms: 1 });
    const msg = gradeCase(lossCase, raised(`operands could not be broadcast together with shapes (${k},1) (${n},${k}) `), expectedFor(lossCase)).message;
    expect(msg).toContain(`The (${k}, 1) array is one value per class made a column`);
    expect(msg).toContain(`keep the weights 1-D, shape (${k},)`);
    expect(gradeCase(lossCase, raised(`operands could not be broadcast together with shapes (${n},2) (${n},${k}) `), expectedFor(lossCase)).message).not.toContain('made a column');
  });
});

describe('gradeCase: a single number each on a case of one example or one class (sweep 19)', () => {
  const [oneRow, oneColumn] = parseSuite(
    `suite: t
cases:
  - id: row
    function: compute_class_freqs
    labels: [[0, 1, 1, 0]]
  - id: column
    function: compute_class_freqs
    labels: [[1], [0], [1]]
`,
    't.yaml',
  ).cases as [Case, Case];
  const pair = (a: EncodedValue, b: EncodedValue): EncodedValue => ({ kind: 'sequence', pytype: 'tuple', items: [a, b] });
  it('says a mean over axis 0 of labels made 1-D gives that too (np.squeeze), not only a mean without an axis', () => {
    // np.squeeze(labels).mean(axis=0) on [[0, 1, 1, 0]]: the mean of the one row, 0.5.
    const row = gradeCase(oneRow, ok(pair(arr([], [0.5]), arr([], [0.5]))), expectedFor(oneRow));
    expect(row.status).toBe('failed');
    expect(row.message).toContain("on this case's single example, a mean over axis 0 of labels made 1-D gives one too (a squeeze, a flatten or labels[0] drops the axis of length 1): keep labels 2-D, (N, C)");
    const column = gradeCase(oneColumn, ok(pair(arr([], [2 / 3]), arr([], [1 / 3]))), expectedFor(oneColumn));
    expect(column.message).toContain("on this case's single class, a mean over axis 0 of labels made 1-D gives one too");
    // learners 34: `np.sum(labels, axis=0, keepdims=True) / N` then `.squeeze()` of the (1, 1) result,
    // labels kept 2-D, was told only to keep the labels 2-D.
    expect(column.message).toContain("and so does a .squeeze() or .item() of the result, (1,) here: keep labels 2-D, (N, C), and return the result of the mean over axis 0 as it is, 1-D");
    expect(row.message).not.toContain('of the result');
    // A case of several rows and columns keeps the plain advice.
    const plain = gradeCase(freqCase, ok(pair(arr([], [0.5]), arr([], [0.5]))), expectedFor(freqCase));
    expect(plain.message).not.toContain('made 1-D');
  });
});

describe('gradeCase: frequencies of one value per example (sweep 19)', () => {
  const pair = (a: EncodedValue, b: EncodedValue): EncodedValue => ({ kind: 'sequence', pytype: 'tuple', items: [a, b] });
  it('says the length is the number of examples: a reduction over axis 1', () => {
    // freqCase is 2 examples × 3 classes; np.sum(labels, axis=1) gives [2, 1].
    const v = gradeCase(freqCase, ok(pair(arr([2], [2, 1]), arr([2], [1, 2]))), expectedFor(freqCase));
    expect(v.status).toBe('failed');
    expect(v.message).toContain("have shape (2,); expected (3,), one value per class; 2 values is one per example (this case has 2 examples and 3 classes): a mean or sum over axis 1, each example's labels, where axis 0, the examples of each class, belongs");
    // Another wrong length says nothing of the kind.
    expect(gradeCase(freqCase, ok(pair(arr([4], [1, 1, 1, 1]), arr([4], [0, 0, 0, 0]))), expectedFor(freqCase)).message).not.toContain('one per example');
  });

  it('counts one example and one value in the singular', () => {
    // 1 example x 4 classes, np.sum(labels, axis=1): one value.
    const [oneRow] = parseSuite('suite: t\ncases:\n  - id: row\n    function: compute_class_freqs\n    labels: [[0, 1, 1, 0]]\n', 't.yaml').cases as [Case];
    const v = gradeCase(oneRow, ok(pair(arr([1], [2]), arr([1], [2]))), expectedFor(oneRow));
    expect(v.message).toContain('1 value is one per example (this case has 1 example and 4 classes)');
  });
});

describe('gradeCase: .numpy() on the numpy arrays the grader passes (wording 34)', () => {
  const raisedBy = (message: string): CallOutcome => ({ status: 'error', error: { type: 'AttributeError', message, traceback: '' }, mutated: [], ms: 1 });
  it('says .numpy() is a tensor\'s and the inputs are arrays, for labels and for the loss', () => {
    const freqs = gradeCase(freqCase, raisedBy("'numpy.ndarray' object has no attribute 'numpy'"), expectedFor(freqCase));
    expect(freqs.message).toContain("'numpy.ndarray' object has no attribute 'numpy'. .numpy() is a TensorFlow or PyTorch tensor's method, and the grader passes labels as numpy arrays, which have none: drop .numpy(), or write np.asarray(x), which takes an array or a tensor");
    const loss = gradeCase(lossCase, raisedBy("'numpy.float64' object has no attribute 'numpy'"), expectedFor(lossCase));
    expect(loss.message).toContain('the grader passes y_true and y_pred as numpy arrays');
    // Another attribute, or .numpy() on a symbolic tensor (graphNumpyHint's), says nothing of it.
    expect(gradeCase(freqCase, raisedBy("'numpy.ndarray' object has no attribute 'append'"), expectedFor(freqCase)).message).not.toContain('.numpy()');
    expect(gradeCase(lossCase, raisedBy("'SymbolicTensor' object has no attribute 'numpy'"), expectedFor(lossCase)).message).not.toContain('numpy arrays');
  });
});

describe('gradeCase: code written for a pandas DataFrame given a numpy array (sweep 19)', () => {
  const raisedBy = (message: string): CallOutcome => ({ status: 'error', error: { type: 'AttributeError', message, traceback: '' }, mutated: [], ms: 1 });
  it('says the attribute is a DataFrame\'s and the input an array, for labels and for the loss', () => {
    const freqs = gradeCase(freqCase, raisedBy("'numpy.ndarray' object has no attribute 'values'"), expectedFor(freqCase));
    expect(freqs.message).toContain(".values is a pandas DataFrame's, and labels is a numpy array, N × C, as the course's train_generator.labels is, not a DataFrame: use the array as it is (np.asarray(x) takes either)");
    const loss = gradeCase(lossCase, raisedBy("'numpy.ndarray' object has no attribute 'iloc'"), expectedFor(lossCase));
    expect(loss.message).toContain('.iloc is a pandas DataFrame\'s, and y_true and y_pred are arrays (Keras passes tensors)');
    // An attribute numpy arrays lack for other reasons says nothing of pandas.
    expect(gradeCase(freqCase, raisedBy("'numpy.ndarray' object has no attribute 'append'"), expectedFor(freqCase)).message).not.toContain('pandas');
  });
});

describe('gradeCase: TensorFlow 1 names that TensorFlow 2 removed (framework 29)', () => {
  const raised = (message: string, type = 'AttributeError'): CallOutcome => ({ status: 'error', error: { type, message, line: 14, traceback: '' }, mutated: [], ms: 1 });
  // TensorFlow 2's message names the attribute only; older course code and forum answers use TF 1's names.
  it.each([
    ['tf.log', "module 'tensorflow' has no attribute 'log'", "tf.log is TensorFlow 1's name, which TensorFlow 2 removed: write tf.math.log"],
    ['tf.log1p', "module 'tensorflow' has no attribute 'log1p'", "tf.log1p is TensorFlow 1's name, which TensorFlow 2 removed: write tf.math.log1p"],
    ['tf.to_float', "module 'tensorflow' has no attribute 'to_float'", "tf.to_float is TensorFlow 1's name, which TensorFlow 2 removed: write tf.cast(x, tf.float32)"],
    ['tf.div', "module 'tensorflow' has no attribute 'div'", "tf.div is TensorFlow 1's name, which TensorFlow 2 removed: write tf.math.divide (or /)"],
    ['tf.Session', "module 'tensorflow' has no attribute 'Session'", "tf.Session is TensorFlow 1's, which TensorFlow 2 removed: TensorFlow 2 computes as each line runs (eager execution), so no session, placeholder or initializer is needed: return the tensor the loss computes (the grader reads its value)"],
    ['tf.placeholder', "module 'tensorflow' has no attribute 'placeholder'", "tf.placeholder is TensorFlow 1's, which TensorFlow 2 removed"],
    ['keep_dims', "Got an unexpected keyword argument 'keep_dims'", "keep_dims is TensorFlow 1's name for it: TensorFlow 2's reductions (tf.reduce_sum, tf.reduce_mean) take keepdims", 'TypeError'],
    ['reduction_indices', "Got an unexpected keyword argument 'reduction_indices'", "reduction_indices is TensorFlow 1's name for it: TensorFlow 2's reductions (tf.reduce_sum, tf.reduce_mean) take axis", 'TypeError'],
  ])('%s: says what TensorFlow 2 calls it', (_what, message, hint, type = 'AttributeError') => {
    expect(gradeCase(lossCase, raised(message, type), expectedFor(lossCase)).message).toContain(`${message}. ${hint}`);
  });
  it('says nothing for a name TensorFlow 1 never had, another module, or another error', () => {
    for (const [message, type] of [["module 'tensorflow' has no attribute 'reduce_meen'", 'AttributeError'], ["module 'numpy' has no attribute 'log1p'", 'AttributeError'], ["module 'tensorflow' has no attribute 'log'", 'NameError']] as const)
      expect(gradeCase(lossCase, raised(message, type), expectedFor(lossCase)).message).not.toContain('TensorFlow 1');
  });
});

describe('gradeCase: .item() or float() of a loss that is still one value per class (framework 29)', () => {
  const raised = (message: string, type: string): CallOutcome => ({ status: 'error', error: { type, message, line: 18, traceback: '' }, mutated: [], ms: 1 });
  const { n, c } = caseShape(lossCase);
  it.each([
    ['torch .item()', `a Tensor with ${c} elements cannot be converted to Scalar`, 'RuntimeError', 'one value per class'],
    ['numpy .item()', 'can only convert an array of size 1 to a Python scalar', 'ValueError', undefined],
    ['torch .item() of the whole matrix', `a Tensor with ${n * c} elements cannot be converted to Scalar`, 'RuntimeError', 'one value per example and class'],
    ['float() of a torch tensor', 'only one element tensors can be converted to Python scalars', 'ValueError', undefined],
    ['float() of a numpy array (or a TensorFlow tensor)', 'only 0-dimensional arrays can be converted to Python scalars', 'TypeError', undefined],
  ])('%s: says the loss is not one number yet', (_what, message, type, what) => {
    const msg = gradeCase(lossCase, raised(message, type), expectedFor(lossCase)).message;
    expect(msg).toContain(`${message}. .item() and float() take a single value, and the loss here is still ${what ?? 'an array'}: reduce it to one number first (the mean over the examples, axis 0, then the sum over the classes), then convert`);
  });
  it("says nothing in compute_class_freqs, nor for math.log given an array (that hint's own)", () => {
    expect(gradeCase(freqCase, raised('a Tensor with 3 elements cannot be converted to Scalar', 'RuntimeError'), expectedFor(freqCase)).message).not.toContain('.item()');
    const math: CallOutcome = { status: 'error', error: { type: 'TypeError', message: 'only 0-dimensional arrays can be converted to Python scalars', line: 18, traceback: 'f.py, line 18, in weighted_loss\n    loss += math.log(y_pred[:, i] + epsilon)' }, mutated: [], ms: 1 };
    const msg = gradeCase(lossCase, math, expectedFor(lossCase)).message;
    expect(msg).toContain('math.log takes a single number');
    expect(msg).not.toContain('.item()');
  });
});

describe('gradeCase: tensors passed where numpy or a conversion met them (framework 29)', () => {
  // framework: torch / auto passes tensors; numpy's np.sum hands one to the tensor's own sum(),
  // which refuses axis=, and tf.convert_to_tensor(x, dtype=...) refuses a tensor of another dtype.
  const [autoCase] = parseSuite(
    'suite: t\nframework: auto\ncases:\n  - id: f\n    function: compute_class_freqs\n    labels: [[1, 0], [0, 1], [1, 1]]\n',
    't.yaml',
  ).cases as [Case];
  const said = (c: Case, type: string, message: string, source: string) => gradeCase(c, raisedAt(type, message, source), expectedFor(c)).message;
  it('np.sum / np.mean of a torch tensor: the tensor method refuses axis', () => {
    expect(said(autoCase, 'TypeError', "sum() got an unexpected keyword argument 'axis'", 'pos = np.sum(labels, axis=0) / N')).toContain(
      "sum() got an unexpected keyword argument 'axis'. This case passes torch tensors, as a PyTorch training loop does, and np.sum hands a tensor to the tensor's own sum(), which takes dim, not axis: write torch.sum(x, dim=0), or make it a numpy array first (np.asarray(x))",
    );
    expect(said(autoCase, 'TypeError', "mean() got an unexpected keyword argument 'axis'", 'return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)')).toContain('np.mean hands a tensor');
    // Not on a case of numpy arrays, nor where no numpy call raised it.
    expect(said(freqCase, 'TypeError', "sum() got an unexpected keyword argument 'axis'", 'pos = np.sum(labels, axis=0) / N')).not.toContain('torch tensors');
    expect(said(autoCase, 'TypeError', "sum() got an unexpected keyword argument 'axis'", 'pos = labels.sum(axis=0)')).not.toContain('torch tensors');
  });
  it('tf.convert_to_tensor of a tensor with another dtype: tf.cast, and no tensor printout in the sentence', () => {
    const message = 'Tensor conversion requested dtype float32 for Tensor with dtype float64: <tf.Tensor: shape=(4, 3), dtype=float64, numpy=\narray([[1., 1., 1.],\n       [0., 1., 0.]])>';
    const msg = said(autoCase, 'ValueError', message, 'labels = tf.convert_to_tensor(labels, dtype=tf.float32)');
    expect(msg).toContain(
      'Tensor conversion requested dtype float32 for Tensor with dtype float64. tf.convert_to_tensor (and tf.constant) give a tensor they are handed back as it is and refuse to change its dtype: write tf.cast(x, tf.float32), which converts tensors and arrays alike',
    );
    expect(msg).not.toContain('<tf.Tensor');
  });
  it("tf.constant of a tensor with another dtype (TypeError): TensorFlow's words without the tensor's printout, and tf.cast", () => {
    // TensorFlow 2 puts the tensor's printout, many lines of it, inside its sentence (frameworks 34).
    const message = 'Expected tensor [[0. 1. 1.]\n [1. 0. 0.]\n [0. 0. 1.]] with dtype tf.float64, but got dtype tf.float32.';
    const msg = said(autoCase, 'TypeError', message, 'y_true = tf.constant(y_true, dtype=tf.float64)');
    expect(msg).toContain(
      'Expected tensor with dtype tf.float64, but got dtype tf.float32. tf.convert_to_tensor (and tf.constant) give a tensor they are handed back as it is and refuse to change its dtype: write tf.cast(x, tf.float64), which converts tensors and arrays alike',
    );
    expect(msg).not.toContain('[[0.');
    // A printout past the runner's 4,000 characters loses the dtypes: still no printout.
    const cut = said(autoCase, 'TypeError', 'Expected tensor [[0. 1. 1.]\n [1. 0. 0.', 'y_true = tf.constant(y_true, dtype=tf.float64)');
    expect(cut).toContain('Expected tensor with another dtype. tf.convert_to_tensor (and tf.constant) give a tensor they are handed back as it is and refuse to change its dtype: write tf.cast(x, dtype), which converts tensors and arrays alike');
    expect(cut).not.toContain('[[0.');
  });
});

describe("gradeCase: pos_weight= given to PyTorch's binary_cross_entropy (framework 29)", () => {
  const raised = (message: string): CallOutcome => ({ status: 'error', error: { type: 'TypeError', message, line: 17, traceback: '' }, mutated: [], ms: 1 });
  const HINT =
    "pos_weight is binary_cross_entropy_with_logits's (BCEWithLogitsLoss's), which takes logits, scores before a sigmoid, and y_pred holds probabilities: write the two logs yourself, pos_weights * y_true * log(y_pred + epsilon) and neg_weights * (1 - y_true) * log(1 - y_pred + epsilon) (binary_cross_entropy's weight= takes a weight per element, but floors each log at -100 in place of epsilon)";
  it.each([
    ["binary_cross_entropy() got an unexpected keyword argument 'pos_weight'"],
    // nn.BCELoss(pos_weight=...): its base class's __init__ says it (PyTorch 2.x).
    ["_WeightedLoss.__init__() got an unexpected keyword argument 'pos_weight'"],
  ])('%s: says whose pos_weight is, and what to write', (message) => {
    expect(gradeCase(lossCase, raised(message), expectedFor(lossCase)).message).toContain(`${message}. ${HINT}`);
  });
  it("says nothing for another function's pos_weight", () => {
    expect(gradeCase(lossCase, raised("mean() got an unexpected keyword argument 'pos_weight'"), expectedFor(lossCase)).message).not.toContain('BCEWithLogitsLoss');
  });
});
