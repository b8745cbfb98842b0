/**
 * A loss built on a function that takes logits (sweep 9: tf.nn.weighted_cross_entropy_with_logits,
 * F.binary_cross_entropy_with_logits copied from an answer about class weights): the sigmoid it
 * applies to y_pred is named from the source, with the line, although no model reproduces the
 * values (those functions weight the two terms their own way).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson } from '../helpers/cli.js';

const FREQS = `import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    return positive_frequencies, 1 - positive_frequencies


def sigmoid_cross_entropy_with_logits(labels, logits):
    # TensorFlow's formula, in numpy
    return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))

`;

async function check(name: string, loss: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'wlgrade-logits-')), name);
  writeFileSync(file, FREQS + loss);
  return (await checkJson(file)).report;
}

describe('a loss that calls a function taking logits on y_pred', () => {
  it('is named loss-sigmoid-on-probabilities, with the call and its line, when no model explains the values', async () => {
    const report = await check(
      'logits.py',
      `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_pred = np.asarray(y_pred, dtype=float)
        ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
        return np.sum(np.mean(pos_weights / neg_weights * y_true * ce + (1 - y_true) * ce, axis=0))
    return weighted_loss
`,
    );
    const m = report.mistakes.find((x) => x.id === 'loss-sigmoid-on-probabilities');
    expect(m?.message).toBe(
      "It looks like you apply a sigmoid to y_pred as if it were logits, but the model's outputs are already probabilities: get_weighted_loss calls sigmoid_cross_entropy_with_logits on y_pred (logits.py, line 16), which takes logits, scores before a sigmoid, and applies the sigmoid itself; it also weights the two terms its own way.",
    );
    // loss-sigmoid-on-probabilities has a site rule (sites 29b): its location quotes the line, as every such mistake's does.
    expect(m?.location).toEqual({ line: 16, text: 'ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)' });
    expect(report.cases.filter((c) => c.status === 'failed').every((c) => c.mistakes.includes('loss-sigmoid-on-probabilities'))).toBe(true);
  });

  it('is the one mistake, not also loss-no-epsilon, when the course weights are applied to its result (sweep 13b: tf.nn.sigmoid_cross_entropy_with_logits, BCEWithLogitsLoss)', async () => {
    const report = await check(
      'weighted.py',
      `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
        w = pos_weights * y_true + neg_weights * (1 - y_true)
        return np.sum(np.mean(w * ce, axis=0))
    return weighted_loss
`,
    );
    // The values are a sigmoid on y_pred with no epsilon, exactly; a logits function never takes
    // epsilon, and "log(0) = -inf at a prediction of 0 or 1" is not what this loss does.
    expect(report.mistakes.map((m) => m.id)).toEqual(['loss-sigmoid-on-probabilities']);
    const m = report.mistakes[0]!;
    expect(m.message).toBe(
      "It looks like you apply a sigmoid to y_pred as if it were logits, but the model's outputs are already probabilities: get_weighted_loss calls sigmoid_cross_entropy_with_logits on y_pred (weighted.py, line 15), which takes logits, scores before a sigmoid, and applies the sigmoid itself, with no epsilon: your losses are what a sigmoid on y_pred gives.",
    );
    expect(m.location).toEqual({ line: 15, text: 'ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)' });
    const failed = report.cases.filter((c) => c.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => c.mistakes.includes('loss-sigmoid-on-probabilities') && !c.mistakes.includes('loss-no-epsilon'))).toBe(true);
  });

  it('is not named for logits made from the probabilities (a log of the odds), nor for a correct loss', async () => {
    const odds = await check(
      'odds.py',
      `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        logits = np.log(y_pred + epsilon) - np.log(1 - y_pred + epsilon)
        ce = sigmoid_cross_entropy_with_logits(labels=y_true, logits=logits)
        return np.sum(np.mean(pos_weights * y_true * ce + neg_weights * (1 - y_true) * ce, axis=0))
    return weighted_loss
`,
    );
    expect(odds.mistakes.map((m) => m.id)).not.toContain('loss-sigmoid-on-probabilities');
    const unused = await check(
      'unused.py',
      `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        if False:
            sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
        L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -np.sum(np.mean(L, axis=0))
    return weighted_loss
`,
    );
    expect(unused.status).toBe('passed');
    expect(unused.mistakes).toEqual([]);
  });
});
