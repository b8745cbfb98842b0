/**
 * The mistakes told from the loss's source (runner.py: logits_calls, unread_weights,
 * clips_predictions, bce_order_calls) read the definition that is graded as get_weighted_loss,
 * wherever and however it is written (red team 18). They read the last top-level
 * `def get_weighted_loss`: a def the module then replaced (`get_weighted_loss = other`) never ran,
 * yet its calls were blamed with its line (a sigmoid on the predictions, weights never read,
 * "full" confidence, hiding what the graded code does), while a graded def inside an `if` or
 * under a functools.wraps decorator was read in its wrapper or not at all.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const check = scratchSubmissions('graded-def');

const HEAD = `import functools
import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    return positive_frequencies, 1 - positive_frequencies


def sigmoid_cross_entropy_with_logits(labels, logits):
    return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))

`;
/** Line 1 of a snippet appended to HEAD is this line of the file. */
const AT = HEAD.split('\n').length;

/** A loss no mistake model explains: sigmoid cross-entropy on y_pred, weighted its own way (logits.test.ts). */
const LOGITS_BODY = `        ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
        return np.sum(np.mean(pos_weights / neg_weights * y_true * ce + (1 - y_true) * ce, axis=0))`;

/** The right loss raised to a power: wrong on every case, and no model of the catalogue gives it. */
const POWERED = `def powered(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon)
                                + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))
        return loss ** 1.1
    return weighted_loss

`;

const located = (report: { mistakes: { id: string; location?: unknown }[] }) => report.mistakes.filter((m) => m.location !== undefined).map((m) => [m.id, m.location]);

describe('the source readers read the graded get_weighted_loss', () => {
  it.each([
    [
      'a logits call',
      `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${LOGITS_BODY}\n    return weighted_loss\n`,
    ],
    ['weights never read', 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n'],
  ])('a def replaced by another function (get_weighted_loss = powered) is not read: %s in it is not blamed', async (_, decoy) => {
    const { report } = await check('replaced.py', `${HEAD}${POWERED}${decoy}\n\nget_weighted_loss = powered\n`);
    expect(report.cases.filter((c) => c.function === 'weighted_loss').every((c) => c.status === 'failed')).toBe(true);
    expect(located(report)).toEqual([]);
    expect(report.mistakes.map((m) => m.id)).not.toContain('loss-sigmoid-on-probabilities');
    expect(report.mistakes.map((m) => m.id)).not.toContain('loss-unweighted');
  });

  it('a def inside an if block is read (its logits call named, with its line)', async () => {
    const { report } = await check(
      'nested.py',
      `${HEAD}USE_NUMPY = True\nif USE_NUMPY:\n    def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n        def weighted_loss(y_true, y_pred):\n${LOGITS_BODY.replace(/^/gm, '    ')}\n        return weighted_loss\n`,
    );
    expect(located(report)).toEqual([['loss-sigmoid-on-probabilities', { line: AT + 4, text: 'ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)' }]]);
  });

  it('a def under a functools.wraps decorator is read as written, not its wrapper', async () => {
    const { report } = await check(
      'wrapped.py',
      `${HEAD}def logged(f):\n    @functools.wraps(f)\n    def inner(*args, **kwargs):\n        return f(*args, **kwargs)\n    return inner\n\n\n@logged\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${LOGITS_BODY}\n    return weighted_loss\n`,
    );
    expect(located(report)).toEqual([['loss-sigmoid-on-probabilities', { line: AT + 10, text: 'ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)' }]]);
  });

  it('a graded function the file did not define as a def (functools.partial) gets no reading of another def', async () => {
    const { report } = await check(
      'partial.py',
      `${HEAD}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n${LOGITS_BODY}\n    return weighted_loss\n\n\n${POWERED}get_weighted_loss = functools.partial(powered)\n`,
    );
    expect(located(report)).toEqual([]);
  });
});
