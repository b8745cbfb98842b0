/**
 * Correct answers in the standard library's own number and array types (correct 31): a loop over
 * Python lists that keeps exact frequencies as fractions.Fraction, a loss summed in
 * decimal.Decimal, frequencies in an array.array. Each is one number (or one array of numbers) with
 * the right value, and scored 0 with "it must return one number" or "each item must be an array of
 * frequencies", and so did the Fractions in a numpy array (dtype object), what a learner told "numpy arrays
 * are expected" writes next. They are read as the numbers they hold, with a note that a float or a numpy array
 * is what is expected, as a Python list is. A subclass (whose methods are the learner's) is still
 * not read: the runner calls no learner code to read a result.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const scratch = scratchSubmissions('stdlib-numbers');

const NP_FREQS = `def compute_class_freqs(labels):
    p = np.mean(labels, axis=0)
    return p, 1 - p
`;
const NP_LOSS = `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))
    return weighted_loss
`;
// The loss as exact types would hold it: the float sum, converted at the end.
const lossAs = (wrap: string) => NP_LOSS.replace('return -np.sum(', `return ${wrap}(repr(float(-np.sum(`).replace(', axis=0))\n', ', axis=0)))))\n');

const FRACTION_FREQS = `def compute_class_freqs(labels):
    n = len(labels)
    pos = [Fraction(int(sum(row[j] for row in labels)), n) for j in range(len(labels[0]))]
    return pos, [1 - f for f in pos]
`;
const ARRAY_FREQS = `def compute_class_freqs(labels):
    n = len(labels)
    pos = array("d", (sum(float(r[j]) for r in labels) / n for j in range(len(labels[0]))))
    return pos, array("d", (1.0 - x for x in pos))
`;

describe('results in the standard library\'s number types', () => {
  it.each([
    ['fraction_freqs.py', `import numpy as np\nfrom fractions import Fraction\n${FRACTION_FREQS}${NP_LOSS}`, 'Your frequencies are Python lists; they were accepted, but numpy arrays are expected.'],
    ['array_freqs.py', `import numpy as np\nfrom array import array\n${ARRAY_FREQS}${NP_LOSS}`, 'Your frequencies are array.array values; they were accepted, but numpy arrays are expected.'],
    // What a learner told "numpy arrays are expected" writes next: np.array of the Fractions, an object array.
    ['fraction_array_freqs.py', `import numpy as np\nfrom fractions import Fraction\n${FRACTION_FREQS.replace('return pos, [1 - f for f in pos]', 'pos = np.array(pos)\n    return pos, 1 - pos')}${NP_LOSS}`, 'Your frequencies are numpy arrays of Python objects (dtype object); they were accepted, but float arrays are expected.'],
    ['decimal_loss.py', `import numpy as np\nfrom decimal import Decimal\n${NP_FREQS}${lossAs('Decimal')}`, 'Your loss returned a decimal.Decimal; it was accepted, but a plain number (a float) is expected.'],
    ['fraction_loss.py', `import numpy as np\nfrom fractions import Fraction\n${NP_FREQS}${lossAs('Fraction')}`, 'Your loss returned a fractions.Fraction; it was accepted, but a plain number (a float) is expected.'],
  ])('%s: full marks, no mistake, one note', async (name, src, note) => {
    const { exitCode, report } = await scratch(name, src);
    expect(report.problems).toEqual([]);
    expect(report.mistakes).toEqual([]);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.message])).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(exitCode).toBe(0);
    // Said once, in the report's notes, not under each case (wording 36b).
    expect(report.cases.flatMap((c) => c.notes)).toEqual([]);
    expect(report.notes.filter((n) => n === note)).toEqual([note]);
  });

  it('an object array holding anything but plain numbers is still not read', async () => {
    const src = `import numpy as np\n${NP_FREQS.replace('return p, 1 - p', 'return np.array([*p[:-1], str(p[-1])], dtype=object), 1 - p')}${NP_LOSS}`;
    const { report } = await scratch('object_str.py', src);
    const freqs = report.cases.filter((c) => c.function === 'compute_class_freqs');
    expect(freqs.every((c) => c.status === 'failed' && c.message.includes('holding Python objects (dtype object)'))).toBe(true);
  });

  it('a subclass of Decimal, whose methods are the learner\'s, is not read as a number', async () => {
    const src = `import numpy as np\nfrom decimal import Decimal\nclass D(Decimal):\n    pass\n${NP_FREQS}${lossAs('D')}`;
    const { report } = await scratch('decimal_subclass.py', src);
    const losses = report.cases.filter((c) => c.function === 'weighted_loss');
    expect(losses.every((c) => c.status === 'failed' && c.message.startsWith('Your loss returned a submission.D;'))).toBe(true);
  });
});
