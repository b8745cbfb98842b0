/**
 * A mistake's story and fix in the learner's own framework, pure. The catalogue writes what the
 * learner did, its labelled variants and its fixes in numpy and Keras backend terms
 * (`np.mean(L, axis=0)`, `K.mean`, "over axis 1"); a learner who imports Keras, PyTorch or
 * TensorFlow gets the same text in those terms (`K.mean(L, axis=0)`, `torch.mean(L, dim=0)`,
 * `tf.reduce_mean(L, axis=0)`). Only calls are rewritten (`np.log(`; the list of every
 * framework's log becomes the framework's one, oneLog), then a fix that now says the same thing
 * twice ("A or A", "A / A") says it once.
 */
export type FixFramework = 'numpy' | 'keras' | 'keras-ops' | 'torch' | 'tensorflow' | 'python';

/** The framework a submission's fixes are written in, from the modules it imports. */
export function fixFramework(imports: readonly string[]): FixFramework {
  const top = new Set(imports.map((m) => m.split('.')[0]));
  if (top.has('torch')) return 'torch';
  // Plain Python: math.log in loops over the examples and classes, no array module. Its fixes say
  // math.log(y_pred[n][i] + epsilon) and "divided by N", not np.log or np.mean over axis 0.
  if (top.has('math') && !['numpy', 'keras', 'tensorflow', 'jax'].some((m) => top.has(m))) return 'python';
  // Keras 3's ops (`from keras import ops`: ops.mean; Keras 3 has no K.mean), as the runner names
  // it, also next to `import keras` for keras.losses: only a backend import says K.
  if (top.has('keras')) return imports.includes('keras.ops') && !imports.some((m) => /^keras\.backend\b/.test(m)) ? 'keras-ops' : 'keras';
  if (top.has('tensorflow')) return 'tensorflow';
  return 'numpy';
}

/**
 * The grader's notes on coarse arithmetic (rounding, float16) and flat arrays, in the framework's
 * names: `round` its rounding call, `half` its float16, `ravel` its call that flattens (`...` the
 * argument).
 */
function precisionAndShape(round: string, half: string, ravel: string): Array<[RegExp, string]> {
  return [
    [/\(np\.round, round\)/g, `(${round}, round)`],
    [/\bnp\.round or round\b/g, `${round} or round`],
    [/\bfloat16 \(np\.float16(?:, torch\.half)?\)/g, `float16 (${half})`],
    [/\bnp\.ravel\(\.\.\.\)/g, ravel],
  ];
}

/** np.average(L, weights=w), which the framework has no call for, as the division it is. */
function weightedAverage(sum: string, axis: 'axis' | 'dim'): Array<[RegExp, string]> {
  return [
    [/\bnp\.average\(L, weights=w, axis=0\)/g, `${sum}(w * L, ${axis}=0) / ${sum}(w, ${axis}=0)`],
    [/\bnp\.average\(L, weights=w\)/g, `${sum}(w * L) / ${sum}(w)`],
  ];
}

/** A class's mean over the examples, as a loop over them computes it. */
const PY_MEAN = 'sum(L[n][i] for n in range(N)) / N';
const PY_FREQ = 'sum(row[j] for row in labels) / len(labels) for each class j';

/**
 * freqs-integer-division's cast, which the catalogue writes for TensorFlow and Keras both: numpy
 * and plain Python code has no cast to make (true division is the fix), the others one each.
 */
const CAST_LABELS = /with TensorFlow or Keras, cast the labels first: tf\.cast\(labels, tf\.float32\) or K\.cast\(labels, 'float32'\)/g;
const NO_CAST: [RegExp, string] = [new RegExp(`; ${CAST_LABELS.source}`, 'g'), ''];
/** freqs-integer-division's story, whose numpy words name statistics.mean: the library's own mean of integer labels rounds down too. */
const INT_MEAN = /\(statistics\.mean of a column of numpy integers rounds down the same way\)/g;
const intMean = (mean: string): [RegExp, string] => [INT_MEAN, `(${mean} of integer labels rounds down the same way)`];
/** That aside in any framework's words, with the space before it. */
const INT_MEAN_ASIDE = / \((?:statistics\.mean of a column of numpy integers|[\w.]+ of integer labels) rounds down the same way\)/g;

/**
 * freqs-integer-division's story without its aside on a mean that keeps integers integers, for
 * code whose frequencies take no such mean: a `//` in numpy was told of statistics.mean, a
 * library it never called (learners 34).
 */
export function withoutIntegerMean(text: string): string {
  return text.replace(INT_MEAN_ASIDE, '');
}

/**
 * loss-log-base's list of every framework's natural log, which the catalogue keeps for the staff:
 * a learner is told the one log of their file's framework (wording 36), `log` its name.
 */
const oneLog = (log: string): [RegExp, string] => [/\bnp\.log, K\.log, tf\.math\.log or torch\.log\b/g, log];

/**
 * loss-unweighted at a library's cross-entropy given no weights (sites.ts): the per-term form, and
 * each library's own way to weight (wording 36): PyTorch's weight= (one weight per element), and
 * Keras's reason to write the terms (its losses average over the classes before any sample_weight).
 */
export const LIBRARY_BCE_UNWEIGHTED =
  "Your loss calls a library's cross-entropy with no weights: weight each term yourself, -(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), then the mean over axis 0 and the sum over the classes.";
const TORCH_BCE_WEIGHTED: [RegExp, string] = [
  new RegExp(`^${LIBRARY_BCE_UNWEIGHTED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'g'),
  "PyTorch's binary_cross_entropy (F.binary_cross_entropy, nn.BCELoss) takes the weights as weight=, one per element: pass weight=pos_weights * y_true + neg_weights * (1 - y_true) with reduction='none', so the positive term is weighted by pos_weights[i] and the negative one by neg_weights[i], then take the mean over dim 0 and the sum over the classes.",
];
const KERAS_BCE_WEIGHTED: [RegExp, string] = [
  /^Your loss calls a library's cross-entropy with no weights: weight each term yourself,/g,
  "Keras's cross-entropies take no weight per class (BinaryCrossentropy and keras.losses.binary_crossentropy average over the classes before any sample_weight is applied): write the weighted terms yourself,",
];

/** What PyTorch hands back instead of a copy, which a write then changes in the caller's data. */
const SHARED_DATA = "torch.as_tensor and torch.from_numpy, and x.to(dtype) or x.float() when x already has that dtype, give back the caller's own data, not a copy.";

/**
 * loss-swapped-arguments' fix for code that is no Keras loss (numpy, plain Python): the grader calls
 * it, labels first, as Keras does when the course trains with it; "Keras calls the loss" told a
 * numpy learner of a caller their code never meets (wording 32).
 */
const PLAIN_CALLER: [RegExp, string] = [
  /^Keras calls the loss as weighted_loss\(y_true, y_pred\): labels first, predictions second\./g,
  'The grader calls your loss as the assignment does, weighted_loss(y_true, y_pred): labels first, predictions second, the order Keras uses when the course trains with it.',
];

/**
 * The catalogue's and the sites' words for a fixed 1e-7 ("a number, K.epsilon()", "the value of
 * K.epsilon()", a clip "(K.epsilon())") without K.epsilon(): code that imports no Keras or
 * TensorFlow has no K.epsilon(), and a PyTorch learner who typed 1e-7 was told of it (frameworks
 * 32). Keras and TensorFlow keep them, unless the lines quoted add a number of their own
 * (sites.ts epsilonAsWritten reads the same table): one sentence for a typed 1e-7 in numpy, Keras
 * or PyTorch alike (wording 35: numpy was told "a number such as 1e-7", Keras "a number, or a
 * constant of your own bound to one").
 */
export const NO_K_EPSILON: ReadonlyArray<readonly [RegExp, string]> = [
  [/\(a number, K\.epsilon\(\)\)/g, '(a number, or a constant of your own bound to one)'],
  [/, the value of K\.epsilon\(\)/g, ''],
  [/\ba fixed 1e-7 \(K\.epsilon\(\)\)/g, 'a fixed 1e-7'],
  [/\(eps = K\.epsilon\(\), a number\)/g, '(eps = 1e-7, a number)'],
  [/\(log\(y_pred \+ epsilon \+ K\.epsilon\(\)\), a literal such as 1e-7, /g, '(log(y_pred + epsilon + 1e-7), '],
  [/\[1e-7, 1 - 1e-7\] \(K\.epsilon\(\)\)/g, '[1e-7, 1 - 1e-7]'],
  [/ or with K\.epsilon\(\)\)/g, ' or to [1e-7, 1 - 1e-7])'],
  [/uses a fixed value instead: K\.epsilon\(\), a literal,/g, 'uses a fixed value instead: a literal,'],
];

/** freqs-keepdims' np.matrix, which only numpy has: tensors keep a dimension by keepdims alone. */
const NO_MATRIX: Array<[RegExp, string]> = [
  [/, or labels as an np\.matrix\)/g, ')'],
  [/; with labels as an np\.matrix, take np\.asarray\(labels\) first/g, ''],
];

/** freqs-bitwise-not's boolean NOT, numpy's astype, which tensors lack (frameworks 35): `call` the framework's own cast. */
const boolNot = (call: string): [RegExp, string] => [/\(or ~ on a boolean array: ~labels\.astype\(bool\)\)/g, `(or ~ on a boolean tensor: ${call})`];

const RULES: Record<FixFramework, ReadonlyArray<readonly [RegExp, string]>> = {
  // numpy's own fixes: the catalogue's Keras twin of a numpy call is noise to a numpy learner.
  numpy: [
    oneLog('np.log'),
    PLAIN_CALLER,
    NO_CAST,
    ...NO_K_EPSILON,
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'np.$1'],
    [/(np\.sum\(np\.mean\(L, axis=0\)\)) or K\.sum\(K\.mean\(L, axis=0\)\)/g, '$1'],
  ],
  python: [
    PLAIN_CALLER,
    NO_CAST,
    ...NO_K_EPSILON,
    [/\bnp\.round or round\b/g, 'round'],
    oneLog('math.log'),
    [/\bnp\.mean \/ K\.mean over axis 0/g, "each class's sum over the examples divided by N = len(y_true)"],
    [/Use either np\.mean over the examples or np\.sum divided by N, not both\./g, "Divide each class's sum over the examples by N = len(y_true) once, not twice."],
    [/, np\.sum\(np\.mean\(L, axis=0\)\) or K\.sum\(K\.mean\(L, axis=0\)\)/g, `: a float, the sum over the classes i of ${PY_MEAN}`],
    [/the mean over the examples \(axis 0\)/g, 'the mean over the examples'],
    [/over the examples only \(axis 0\)/g, 'over the examples only (divided by N)'],
    [/-np\.sum\(np\.mean\(L, axis=0\)\)/g, `minus the sum over the classes i of ${PY_MEAN}`],
    [/np\.sum\(np\.mean\(L, axis=0\)\)/g, `the sum over the classes i of ${PY_MEAN}`],
    [/np\.mean\(L, axis=0\)/g, `${PY_MEAN} for each class i`],
    [/np\.mean\(pos_term \+ neg_term, axis=0\)/g, 'the sum of pos_term + neg_term over the examples n, divided by N'],
    [/np\.mean over axis 0 \(or divide both sums by N = y_true\.shape\[0\]\)/g, 'divide both sums by N = len(y_true)'],
    [/loss \+= -np\.mean\(pos term \+ neg term\)/g, 'loss += -(pos term + neg term) / N'],
    [/then the mean over axis 0 and the sum/g, "then each class's sum over the examples divided by N, added up over the classes"],
    [/\(np\.mean, axis 0\)/g, '(divided by N)'],
    [/\(np\.sum, no mean\)/g, '(not divided by N)'],
    [/\bnp\.abs \/ abs\b/g, 'abs'],
    [/\bnp\.abs \(or abs\)|\bnp\.abs or abs\b/g, 'abs'],
    [/np\.mean\(labels, axis=0\) or np\.sum\(labels, axis=0\) \/ labels\.shape\[0\]/g, PY_FREQ],
    [/np\.sum\(labels, axis=0\) \/ labels\.shape\[0\]/g, PY_FREQ],
    [/np\.mean\(labels, axis=0\)/g, PY_FREQ],
    [/\blabels\.shape\[0\]/g, 'len(labels)'],
    [/\blabels\.shape\[1\]/g, 'len(labels[0])'],
    [/\by_true\.shape\[0\]/g, 'len(y_true)'],
    [/\by_true\.shape\[1\]/g, 'len(y_true[0])'],
    // One number at a time: math.log takes no column, so in a formula each element is y[n][i]
    // (the prose about columns, y_true[:, i], stays as it is).
    [/\bnp\.(log10|log2|log)\b/g, 'math.$1'],
    [/\bmath\.log\((1 - )?y_pred(?:\[:, i\]|\[n\])? \+/g, 'math.log($1y_pred[n][i] +'],
    [/\by_true(?:\[:, i\]|\[n\])? \* math\.log/g, 'y_true[n][i] * math.log'],
    [/\(1 - y_true(?:\[:, i\]|\[n\])?\) \* math\.log/g, '(1 - y_true[n][i]) * math.log'],
    [/\b(pos_weights|neg_weights) \*(?= \(?(?:1 - )?y_true\[n\])/g, '$1[i] *'],
  ],
  keras: [
    oneLog('K.log'),
    KERAS_BCE_WEIGHTED,
    ...NO_MATRIX,
    intMean('K.mean'),
    [CAST_LABELS, "cast the labels first: K.cast(labels, 'float32')"],
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'K.$1'],
    [/\bnp\.(mean|sum|log)\(/g, 'K.$1('],
    [/\bnp\.(mean|sum) (over|divided)/g, 'K.$1 $2'],
    ...weightedAverage('K.sum', 'axis'),
    [/\bnp\.abs\b/g, 'K.abs'],
    [/\bnp\.(mean|sum), /g, 'K.$1, '],
    ...precisionAndShape('K.round', "K.cast(x, 'float16')", 'K.flatten(...)'),
  ],
  'keras-ops': [
    oneLog('ops.log'),
    KERAS_BCE_WEIGHTED,
    ...NO_MATRIX,
    intMean('ops.mean'),
    [CAST_LABELS, "cast the labels first: ops.cast(labels, 'float32')"],
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'ops.$1'],
    [/\b(?:np|K)\.(mean|sum|log)\(/g, 'ops.$1('],
    [/\b(?:np|K)\.(mean|sum) (over|divided)/g, 'ops.$1 $2'],
    [/\bK\.cast\(/g, 'ops.cast('],
    // TensorFlow's casts, which the grader's dtype advice writes: Keras 3 code casts with ops.
    [/\btf\.(cast|shape)\(/g, 'ops.$1('],
    [/ \(PyTorch: y_true\.to\(y_pred\.dtype\)\)/g, ''],
    [/\btf\.(float16|float32|float64)\b/g, "'$1'"],
    ...weightedAverage('ops.sum', 'axis'),
    [/\bnp\.abs\b/g, 'ops.abs'],
    [/\bnp\.(mean|sum), /g, 'ops.$1, '],
    ...precisionAndShape('ops.round', "ops.cast(x, 'float16')", 'ops.ravel(...)'),
  ],
  torch: [
    oneLog('torch.log'),
    TORCH_BCE_WEIGHTED,
    ...NO_MATRIX,
    ...NO_K_EPSILON,
    // loss-swapped-arguments: Keras calls no PyTorch loss, and PyTorch's own losses take the predictions first.
    [
      /^Keras calls the loss as weighted_loss\(y_true, y_pred\): labels first, predictions second\./g,
      "The grader calls your loss as the assignment does, labels first and predictions second: weighted_loss(y_true, y_pred), or forward(self, y_true, y_pred) for an nn.Module (not the order of PyTorch's own losses, which take the predictions first).",
    ],
    // A write into an input: PyTorch's in-place methods, and the conversions that share memory
    // (torch.as_tensor of a float64 array is that array), which a learner takes for copies.
    [/\bchanges its input arrays in place \(for example y_pred \+= epsilon\)/g, 'changes its input tensors in place (for example y_pred += epsilon, or y_pred.add_(epsilon))'],
    [/\bchanges the labels array in place\b/g, 'changes the labels tensor in place'],
    [
      /^Compute on new arrays \(y_pred \+ epsilon\) instead of modifying y_true, y_pred or the weights in place\.$/g,
      `Compute on new tensors (y_pred + epsilon, torch.log(y_pred + epsilon)) instead of modifying y_true, y_pred or the weights in place (+=, or a method ending in _: add_, log_, clamp_): ${SHARED_DATA}`,
    ],
    [/^Compute on new arrays instead of modifying labels in place\.$/g, `Compute on new tensors instead of modifying labels in place (+=, or a method ending in _: add_, div_): ${SHARED_DATA}`],
    [/y_true = tf\.cast\(y_true, y_pred\.dtype\) \(PyTorch: (y_true\.to\(y_pred\.dtype\))\)/g, 'y_true = $1'],
    [CAST_LABELS, 'with PyTorch, make the labels floats first: labels.float()'],
    boolNot('~labels.bool()'),
    // PyTorch's mean does not round integer labels down: it raises (the mistake named from that error).
    [
      new RegExp(`integer arrays, so every fraction is rounded down to 0 or 1 ${INT_MEAN.source}`, 'g'),
      'integer tensors where fractions need floats: // rounds every fraction down to 0 or 1, and torch.mean refuses integer tensors ("could not infer output dtype")',
    ],
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'torch.$1'],
    [/\b(?:np|K)\.(mean|sum|log)\(([^()]*), axis=(\d)\)/g, 'torch.$1($2, dim=$3)'],
    [/\bnp\.(log10|log2|maximum|nan_to_num|nansum|nanmean|where|unique|bincount)\b/g, 'torch.$1'],
    // numpy's masked arrays have no PyTorch call of that name: the label says what they do.
    [/\bnp\.ma\.log\b/g, 'a masked log'],
    [/\b(?:np|K)\.(mean|sum|log)\(/g, 'torch.$1('],
    [/\b(?:np|K)\.(mean|sum) (over|divided)/g, 'torch.$1 $2'],
    ...weightedAverage('torch.sum', 'dim'),
    [/\bnp\.abs\b/g, 'torch.abs'],
    [/\bnp\.finfo\(float\)\.eps\b/g, 'torch.finfo(torch.float64).eps'],
    [/\bnp\.finfo\(np\.float32\)\.eps\b/g, 'torch.finfo(torch.float32).eps'],
    [/\bnp\.(mean|sum), axis (\d)/g, 'torch.$1, dim $2'],
    [/\bnp\.(mean|sum), /g, 'torch.$1, '],
    [/\(axis=(\d)\)/g, '(dim=$1)'],
    // "over axis 1, each example's labels, instead of axis 0": PyTorch's reductions take dim.
    [/\baxis (\d)\b/g, 'dim $1'],
    [/\baxis=(\d)\b/g, 'dim=$1'],
    [/\bwithout an axis\b/g, 'without a dim'],
    [/\bkeepdims=True\b/g, 'keepdim=True'],
    [/\bwithout keepdims\b/g, 'without keepdim'],
    ...precisionAndShape('torch.round', 'torch.half', 'torch.ravel(...)'),
  ],
  tensorflow: [
    oneLog('tf.math.log'),
    KERAS_BCE_WEIGHTED,
    ...NO_MATRIX,
    intMean('tf.reduce_mean'),
    [/ \(PyTorch: y_true\.to\(y_pred\.dtype\)\)/g, ''],
    [CAST_LABELS, 'cast the labels first: tf.cast(labels, tf.float32)'],
    boolNot('~tf.cast(labels, tf.bool)'),
    [/\bnp\.(mean|sum) \/ K\.\1\b/g, 'tf.reduce_$1'],
    [/\b(?:np|K)\.(mean|sum)\(/g, 'tf.reduce_$1('],
    [/\b(?:np|K)\.log\(/g, 'tf.math.log('],
    [/\bnp\.(maximum|where)\b/g, 'tf.$1'],
    [/\b(?:np|K)\.(mean|sum) (over|divided)/g, 'tf.reduce_$1 $2'],
    ...weightedAverage('tf.reduce_sum', 'axis'),
    [/\bnp\.abs\b/g, 'tf.abs'],
    [/\bnp\.(mean|sum), /g, 'tf.reduce_$1, '],
    ...precisionAndShape('tf.round', 'tf.float16', 'tf.reshape(..., [-1])'),
  ],
};

export function fixInFramework(fix: string, framework: FixFramework): string {
  let text = fix;
  for (const [pattern, replacement] of RULES[framework]) text = text.replace(pattern, replacement);
  // Nothing rewritten, nothing to tidy: the catalogue's own spacing stays (labels[:, :-1]).
  if (text === fix) return fix;
  // "torch.mean / torch.mean over dim 0", "A or A": once.
  // Only a call or a dotted name is said twice by a rewrite ("1 - labels or labels == 0" is two
  // things), and "loss += ..." keeps its space.
  return text.replace(/(\S*[.(]\S*(?:\([^()]*(?:\([^()]*\))?[^()]*\))?) (?:\/|or) \1(?=[\s.,;:)]|$)/g, '$1').replace(/ +([,;:)]|\.(?!\.))/g, '$1');
}
