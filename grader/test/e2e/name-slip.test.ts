/**
 * A NameError inside the loss for a name one slip from one of the factory's (`neg_weight` where the
 * parameter is `neg_weights`: n12 of learner 32's cohort). Python gives no "did you mean" there (the
 * name lives in the enclosing get_weighted_loss, which the loss never reads), and printed only
 * "name 'neg_weight' is not defined". The grader names the one close name of the enclosing
 * functions' parameters and locals and the module's globals, and none when there are two.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const FREQS = 'def compute_class_freqs(labels):\n    p = np.sum(labels, axis=0) / labels.shape[0]\n    return p, 1 - p\n';
const loss = (imports: string, body: string[], params = 'pos_weights, neg_weights, epsilon=1e-7') =>
  `import numpy as np\n${imports}\n\n${FREQS}\n\ndef get_weighted_loss(${params}):\n` +
  `    def weighted_loss(y_true, y_pred):\n${body.map((l) => `        ${l}\n`).join('')}    return weighted_loss\n`;

const check = scratchSubmissions('name-slip');

/** The distinct messages of the loss cases. */
async function lossMessages(name: string, contents: string): Promise<string[]> {
  const { report } = await check(name, contents);
  return [...new Set(report.cases.filter((c) => c.function === 'weighted_loss').map((c) => c.message.replace(/ on \d+ examples? × \d+ classe?s?/, '')))];
}

const NUMPY = [
  'loss = 0.0',
  'for i in range(len(pos_weights)):',
  '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
  '                     + neg_weight[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
  'return loss',
];
const TORCH = [
  'y_true = torch.as_tensor(y_true)',
  'y_pred = torch.as_tensor(y_pred)',
  'pw = torch.as_tensor(pos_weight)',
  'nw = torch.as_tensor(neg_weights)',
  'l = -(pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon))',
  'return l.mean(0).sum().item()',
];

describe('a NameError one slip from a name of the factory', () => {
  it('numpy, neg_weight for the parameter neg_weights (n12): did you mean neg_weights', async () => {
    expect(await lossMessages('n12.py', loss('', NUMPY))).toEqual([
      "Your weighted_loss raised NameError (line 14): name 'neg_weight' is not defined; did you mean neg_weights (get_weighted_loss's parameter)?",
    ]);
  });

  it('PyTorch, pos_weight for the parameter pos_weights', async () => {
    const [m, ...rest] = await lossMessages('torch_slip.py', loss('import torch', TORCH));
    expect(rest).toEqual([]);
    expect(m).toMatch(/name 'pos_weight' is not defined; did you mean pos_weights \(get_weighted_loss's parameter\)\?$/);
  });

  it("a local of the factory's (eps = epsilon, read as esp)", async () => {
    const body = NUMPY.map((l) => l.replace(/\+ epsilon\)/g, '+ esp)').replace('neg_weight[', 'neg_weights['));
    const src = loss('', body).replace('    def weighted_loss', '    eps = epsilon\n    def weighted_loss');
    const [m] = await lossMessages('local_slip.py', src);
    expect(m).toMatch(/name 'esp' is not defined; did you mean eps \(get_weighted_loss's variable\)\?$/);
  });

  it('two names as close (w_c: w_a or w_b?): no guess', async () => {
    const body = NUMPY.map((l) => l.replace('pos_weights[i]', 'w_a[i]').replace('neg_weight[i]', 'w_c[i]').replace('len(pos_weights)', 'len(w_a)'));
    const [m] = await lossMessages('two.py', loss('', body, 'w_a, w_b, epsilon=1e-7'));
    expect(m).toMatch(/name 'w_c' is not defined$/);
  });

  // Read-through 32: a name the factory has but never assigned before the loss runs (a free variable
  // "not associated with a value") is no slip: a local one letter off (wt) is not what was meant.
  it('a free variable of the factory not yet assigned: no guess', async () => {
    const body = NUMPY.map((l) => l.replace('neg_weight[i]', 'wts[i]'));
    const src = loss('', body)
      .replace('    def weighted_loss', '    wt = neg_weights\n    def weighted_loss')
      .replace('    return weighted_loss\n', '    return weighted_loss\n    wts = neg_weights\n');
    const [m, ...rest] = await lossMessages('free.py', src);
    expect(rest).toEqual([]);
    expect(m).toMatch(/free variable 'wts'/);
    expect(m).not.toMatch(/did you mean/);
  });

  it('a name far from every name: no guess', async () => {
    const body = NUMPY.map((l) => l.replace('neg_weight[i]', 'negative_w[i]'));
    const [m] = await lossMessages('far.py', loss('', body));
    expect(m).toMatch(/name 'negative_w' is not defined$/);
  });
});

// learners 34: the parameters renamed (pos_weight, neg_weight) and the body reading pos_weights, which
// the file's own top-level code assigns but the grader does not run: the NameError said only that the
// assignment is not run, not the parameter one letter away that the body meant.
describe('a NameError for a name top-level code assigns, one slip from a parameter', () => {
  const src =
    loss('', NUMPY.map((l) => l.replace('neg_weight[i]', 'neg_weights[i]')), 'pos_weight, neg_weight, epsilon=1e-7') +
    "\nfreq_pos, freq_neg = compute_class_freqs(np.load('train_labels.npy'))\npos_weights = freq_neg\nneg_weights = freq_pos\n";
  it('says the parameter it meant, then that the assignment is not run', async () => {
    const [m, ...rest] = await lossMessages('renamed.py', src);
    expect(rest).toEqual([]);
    expect(m).toBe(
      "Your weighted_loss raised NameError (line 12): name 'pos_weights' is not defined; did you mean pos_weight (get_weighted_loss's parameter)? Your pos_weights is assigned at renamed.py, line 19 from what the grader does not have (FileNotFoundError: [Errno 2] No such file or directory: 'train_labels.npy').",
    );
  });
});
