/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites): the line its fix changes, shown
 * only when the graded functions' source pins one line. Run on the sample mistakes, on code written
 * with helpers, in loops and with the Keras backend, and on sources that leave the line unsure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { exportedCell, SITE_RULES, SITE_TEXT_MAX, siteOf, siteText, sourceLines, withSiteText } from '../../../src/grade/sites.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import type { FunctionInfo } from '../../../src/schema/protocol.js';
import { functionsOf } from '../../helpers/runner.js';

const lineText = (source: string, line: number) => source.split('\n')[line - 1]!.trim();

const FREQS = `import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    return positive_frequencies, 1 - positive_frequencies

`;

describe('sites on the sample mistakes (submissions/mistakes, the manifest)', () => {
  const manifest = parse(readFileSync(join(PACKAGE_ROOT, 'submissions', 'manifest.yaml'), 'utf8')) as { samples: { file: string; mistakes: MistakeId[] }[] };
  const samples = manifest.samples.filter((s) => s.file.startsWith('mistakes/') && s.file.endsWith('.py'));
  const sources = samples.map((s) => readFileSync(join(PACKAGE_ROOT, 'submissions', s.file), 'utf8'));

  it('pins the line the fix changes on every sample whose construct is on one line, checked by hand', async () => {
    const functions = await functionsOf(sources);
    const pinned: Record<string, string | string[]> = {};
    samples.forEach((s, i) => {
      for (const id of s.mistakes) {
        const at = siteOf(id, functions[i]);
        if (at) pinned[`${s.file} ${id}`] = at.lines ? at.lines.map((l) => lineText(sources[i]!, l.line)) : lineText(sources[i]!, at.line);
      }
    });
    expect(pinned).toEqual({
      'mistakes/freqs-counts-mixed-dtypes.py freqs-counts': [
        'positive_frequencies = labels.sum(axis=0)',
        'negative_frequencies = np.count_nonzero(labels == 0, axis=0)',
      ],
      'mistakes/freqs-counts-one-minus.py freqs-counts': 'positive_frequencies = np.sum(labels, axis=0)',
      // Both frequencies made as counts and returned undivided: both lines.
      'mistakes/freqs-counts.py freqs-counts': ['positive_frequencies = np.sum(labels, axis=0)', 'negative_frequencies = np.sum(1 - labels, axis=0)'],
      // A fix that changes every construct of its kind, on two lines: both named, in order.
      'mistakes/freqs-integer-division.py freqs-integer-division': ['positive_frequencies = np.sum(labels, axis=0) // N', 'negative_frequencies = np.sum(1 - labels, axis=0) // N'],
      'mistakes/loss-epsilon-outside-log.py loss-epsilon-outside-log': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * (np.log(y_pred[:, i]) + epsilon)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * (np.log(1 - y_pred[:, i]) + epsilon))',
      ],
      // Learners 36: epsilon once after both terms, neither log with one inside: both logs' lines.
      'mistakes/loss-epsilon-outside-log-after-sum.py loss-epsilon-outside-log': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i])',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]) + epsilon)',
      ],
      'mistakes/loss-epsilon-subtracted.py loss-epsilon-subtracted': '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - (y_pred[:, i] + epsilon)))',
      'mistakes/loss-weights-in-log.py loss-weights-in-log': [
        'loss += -np.mean(y_true[:, i] * np.log(pos_weights[i] * y_pred[:, i] + epsilon)',
        '+ (1 - y_true[:, i]) * np.log(neg_weights[i] * (1 - y_pred[:, i]) + epsilon))',
      ],
      'mistakes/loss-one-minus-log.py loss-one-minus-log': '+ neg_weights[i] * (1 - y_true[:, i]) * (1 - np.log(y_pred[:, i] + epsilon)))',
      'mistakes/loss-squared-error.py loss-squared-error': [
        'loss += np.mean(pos_weights[i] * y_true[:, i] * (1 - y_pred[:, i]) ** 2',
        '+ neg_weights[i] * (1 - y_true[:, i]) * y_pred[:, i] ** 2)',
      ],
      'mistakes/loss-per-term-mean.py loss-per-term-mean': [
        'pos_part = np.sum(pos_weights[i] * y * np.log(p + epsilon)) / np.sum(y)',
        'neg_part = np.sum(neg_weights[i] * (1 - y) * np.log(1 - p + epsilon)) / np.sum(1 - y)',
      ],
      'mistakes/loss-extra-epsilon.py loss-extra-epsilon': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon + 1e-7)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon + 1e-7))',
      ],
      'mistakes/loss-first-class-weights.py loss-first-class-weights': [
        'loss += -np.mean(pos_weights[0] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ neg_weights[0] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      'mistakes/loss-log-base.py loss-log-base': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log10(y_pred[:, i] + epsilon)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log10(1 - y_pred[:, i] + epsilon))',
      ],
      // A fixed 1e-7 in each log where the epsilon parameter belongs: both.
      'mistakes/loss-epsilon-ignored.py loss-epsilon-ignored': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + 1e-7)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + 1e-7))',
      ],
      'mistakes/loss-no-epsilon.py loss-no-epsilon': ['loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i])', '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))'],
      // Each weight on the other term: both lines of the sum.
      // The loss's inputs named in the other order: the def (sites-31).
      'mistakes/loss-swapped-arguments.py loss-swapped-arguments': 'def weighted_loss(y_pred, y_true):',
      'mistakes/loss-swapped-weights.py loss-swapped-weights': [
        'loss += -np.mean(neg_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ pos_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      // The threshold that makes the predictions 0 or 1 (learner 31).
      'mistakes/loss-thresholded-predictions.py loss-thresholded-predictions': 'y_hat = (y_pred > 0.5).astype(float)',
      // The two terms' mean, where they are added (learner 32).
      'mistakes/loss-terms-averaged.py loss-terms-averaged': 'loss += np.mean([pos_loss, neg_loss])',
      'mistakes/loss-rounded.py loss-rounded': 'return round(float(loss), 3)',
      // y_true[i] and y_pred[i] in the class loop: both lines.
      'mistakes/loss-rows-not-columns.py loss-rows-not-columns': [
        'loss += -np.mean(pos_weights[i] * y_true[i] * np.log(y_pred[i] + epsilon)',
        '+ neg_weights[i] * (1 - y_true[i]) * np.log(1 - y_pred[i] + epsilon))',
      ],
      // pos_weights[n] and neg_weights[n] in the loop over the examples: both lines.
      // The weights left out, or the negative term's weighted by 1 - pos_weights[i]: each term's line (stop 30).
      // learners 34: the one-minus variant at its `(1 - w)`, where the fix goes, not both terms.
      'mistakes/loss-unweighted-one-minus.py loss-unweighted': '+ (1 - w) * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      'mistakes/loss-unweighted.py loss-unweighted': [
        'loss += -np.mean(y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      'mistakes/loss-weights-by-example.py loss-weights-by-example': [
        'loss += -np.sum(pos_weights[n] * y_true[n] * np.log(y_pred[n] + epsilon)',
        '+ neg_weights[n] * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon))',
      ],
      'mistakes/loss-reciprocal-weights.py loss-reciprocal-weights': [
        'pos_term = y_true[:, i] * np.log(y_pred[:, i] + epsilon) / pos_weights[i]',
        'neg_term = (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon) / neg_weights[i]',
      ],
      // Each reciprocal (N / count, 1 / freq) undone: both lines.
      'mistakes/freqs-class-weights.py freqs-class-weights': ['positive_frequencies = N / (2 * np.sum(labels == 1, axis=0))', 'negative_frequencies = N / (2 * np.sum(labels == 0, axis=0))'],
      'mistakes/freqs-class-weights-rounded-first.py freqs-class-weights': ['positive_frequencies = np.round(1 / freq, 3)', 'negative_frequencies = np.round(1 / np.round(1 - np.mean(labels, axis=0), 3), 3)'],
      // The clip goes; instead of epsilon, each log without one gains it too.
      // The absolute value taken where the minus belongs (learner 33).
      'mistakes/loss-absolute-value.py loss-absolute-value': 'return np.abs(loss)',
      'mistakes/loss-clip-and-epsilon.py loss-clip-and-epsilon': 'p = np.clip(y_pred, 1e-7, 1 - 1e-7)',
      'mistakes/loss-clip-instead-of-epsilon.py loss-clip-instead-of-epsilon': [
        'p = np.clip(y_pred, epsilon, 1 - epsilon)',
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(p[:, i])',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - p[:, i]))',
      ],
      'mistakes/freqs-no-axis-float.py freqs-no-axis': 'positive_frequencies = float(np.mean(labels))',
      'mistakes/freqs-no-axis.py freqs-no-axis': 'positive_frequencies = np.mean(labels)',
      // The fixed count where the arrays are made and where the loop runs (review 30).
      'mistakes/freqs-hardcoded-classes.py freqs-hardcoded-classes': ['positive_frequencies = np.zeros(NUM_CLASSES)', 'for c in range(NUM_CLASSES):'],
      // The reciprocal where the complement belongs (learner 30).
      'mistakes/freqs-negative-reciprocal.py freqs-negative-reciprocal': 'negative_frequencies = 1 / positive_frequencies',
      // The copied line and the line it copies (learners 34: it had no line).
      'mistakes/freqs-same-both-sides.py freqs-same-both-sides': ['positive_frequencies = np.sum(labels == 1, axis=0) / N', 'negative_frequencies = np.sum(labels == 1, axis=0) / N'],
      // The reduction that keeps the axis of length 1 (learners 34: it had no line).
      'mistakes/freqs-keepdims.py freqs-keepdims': 'positive_frequencies = np.mean(labels, axis=0, keepdims=True)',
      // The fraction taken from the count of examples (learners 34: it had no line).
      'mistakes/freqs-n-minus-positive.py freqs-n-minus-positive': 'negative_frequencies = N - positive_frequencies',
      // The write into the argument (sites 29b), through an alias (p = y_pred) too; the helper sigmoid's call.
      'mistakes/freqs-mutates-input.py freqs-mutates-input': "labels /= labels.shape[0]  # changes the caller's array",
      'mistakes/loss-mutates-input.py loss-mutates-input': "p += epsilon  # changes the caller's array",
      'mistakes/loss-sigmoid-on-probabilities.py loss-sigmoid-on-probabilities': 'probs = sigmoid(y_pred)',
      'mistakes/freqs-swapped.py freqs-swapped': 'return negative_frequencies, positive_frequencies',
      'mistakes/freqs-wrong-axis-method.py freqs-wrong-axis': 'positive_frequencies = labels.mean(1)',
      'mistakes/freqs-wrong-axis.py freqs-wrong-axis': 'positive_frequencies = np.mean(labels, axis=1)',
      'mistakes/freqs-wrong-denominator.py freqs-wrong-denominator': 'positive_frequencies = np.sum(labels, axis=0) / labels.shape[1]',
      // The divisor's line, not the line the long expression starts on.
      'mistakes/loss-divided-twice.py loss-divided-twice': '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)) / N',
      // The division by the class's count of positives (learner 30).
      'mistakes/loss-divided-by-n-minus-one.py loss-divided-by-n-minus-one': 'return -np.sum(np.sum(L, axis=0) / (N - 1))',
      'mistakes/loss-divided-by-positives.py loss-divided-by-positives': 'loss += -class_sum / n_pos',
      'mistakes/loss-epsilon-default.py loss-epsilon-default': 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-5):',
      'mistakes/loss-epsilon-one-term.py loss-epsilon-one-term': '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))',
      'mistakes/loss-hardcoded-classes.py loss-hardcoded-classes': 'for i in range(3):',
      'mistakes/loss-hardcoded-examples.py loss-hardcoded-examples': 'loss += -np.sum(term) / N_EXAMPLES',
      'mistakes/loss-labels-in-log.py loss-labels-in-log': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_true[:, i] + epsilon)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_true[:, i] + epsilon))',
      ],
      // The mean that divides by the weights' sum (review 30).
      'mistakes/loss-normalised-weights.py loss-normalised-weights': 'return np.sum(np.average(bce, weights=w, axis=0))',
      // The one weight times the whole cross-entropy (review 30).
      'mistakes/loss-same-weight-both-terms.py loss-same-weight-both-terms': 'loss += -np.mean(pos_weights[i] * bce)',
      // Each term of the class loop that takes the whole matrices, where [:, i] goes (review 30).
      'mistakes/loss-missing-class-index.py loss-missing-class-index': ['loss += -np.mean(pos_weights[i] * y_true * np.log(y_pred + epsilon)', '+ neg_weights[i] * (1 - y_true) * np.log(1 - y_pred + epsilon))'],
      // The cast to a fixed float64, where the cast to y_pred.dtype goes (pointers2).
      'mistakes/loss-mixed-dtypes.py loss-mixed-dtypes': 'y_true = tf.cast(y_true, tf.float64)',
      // The weights taken whole beside column i, where their [i] goes (pointers 32b).
      'mistakes/loss-mixed-indexing.py loss-mixed-indexing': [
        'loss += -np.mean(pos_weights * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ neg_weights * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      // The slice or the loop that leaves the first example out (pointers 32b).
      'mistakes/loss-skips-example.py loss-skips-example': 'y, p = y_true[1:, i], y_pred[1:, i]',
      // The slice that leaves the first class out (lines 36c).
      'mistakes/freqs-skips-class.py freqs-skips-class': 'positive_frequencies = np.mean(labels[:, 1:], axis=0)',
      'mistakes/freqs-skips-example.py freqs-skips-example': 'for n in range(1, N):',
      // The bitwise NOT of the integer labels (pointers 32b).
      'mistakes/freqs-bitwise-not.py freqs-bitwise-not': 'negative_frequencies = np.sum(~labels.astype(int), axis=0) / N  # "not" the labels',
      'mistakes/loss-mean-over-classes.py loss-mean-over-classes': 'return -np.mean(pos_weights * y_true * np.log(y_pred + epsilon)',
      // Each term whose label factor is the other's, at its log; the weighted log with no label factor (learner 30).
      'mistakes/loss-swapped-terms.py loss-swapped-terms': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(1 - y_pred[:, i] + epsilon)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(y_pred[:, i] + epsilon))',
      ],
      // The label factors exchanged, each weight with its log: each term's line, as for the terms swapped (model 34).
      'mistakes/loss-swapped-labels.py loss-swapped-labels': [
        'loss += -np.mean(pos_weights[i] * (1 - y_true[:, i]) * np.log(y_pred[:, i] + epsilon)',
        '+ neg_weights[i] * y_true[:, i] * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      // Each product of two means (model 34).
      'mistakes/loss-product-of-means.py loss-product-of-means': [
        'pos = pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + epsilon))',
        'neg = neg_weights[i] * np.mean(1 - y_true[:, i]) * np.mean(np.log(1 - y_pred[:, i] + epsilon))',
      ],
      // Each log that takes a mean (model 34).
      'mistakes/loss-log-of-mean.py loss-log-of-mean': [
        'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(np.mean(y_pred[:, i]) + epsilon)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - np.mean(y_pred[:, i]) + epsilon))',
      ],
      // Each weight indexed one class off (model 34).
      'mistakes/loss-class-index-off-by-one.py loss-class-index-off-by-one': [
        'loss += -np.mean(pos_weights[i - 1] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ neg_weights[i - 1] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      // Each weight read from the end (reversed 34).
      'mistakes/loss-weights-reversed.py loss-weights-reversed': ['wp = np.asarray(pos_weights[::-1])', 'wn = np.asarray(neg_weights[::-1])'],
      'mistakes/loss-missing-label-factor.py loss-missing-label-factor': '+ neg_weights[i] * np.log(1 - y_pred[:, i] + epsilon))',
      // The term that took the other's label factor, or the other's log: that term's line.
      'mistakes/loss-same-label-both-terms.py loss-same-label-both-terms': '+ neg_weights[i] * y_true[:, i] * np.log(1 - y_pred[:, i] + epsilon))',
      'mistakes/loss-same-log-both-terms.py loss-same-log-both-terms': '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(y_pred[:, i] + epsilon))',
      'mistakes/loss-not-scalar-list.py loss-not-scalar': 'return losses',
      'mistakes/loss-not-scalar.py loss-not-scalar': 'return -np.mean(pos_weights * y_true * np.log(y_pred + epsilon)',
      'mistakes/loss-return-in-loop.py loss-return-in-loop': 'return loss',
      // A minus sign missing, on both terms or one: the terms it goes in front of (stop 30).
      'mistakes/loss-sign-one-term.py loss-sign-one-term': [
        'loss += np.mean(-pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      // Negated twice, on the terms and at the return: the return's minus goes (learner 31).
      'mistakes/loss-sign-negated-twice.py loss-sign': 'return -loss',
      'mistakes/loss-sign.py loss-sign': [
        'loss += np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      'mistakes/loss-skips-class.py loss-skips-class': 'for i in range(len(pos_weights) - 1):',
      'mistakes/loss-loops-over-examples.py loss-loops-over-examples': 'for i in range(len(y_true)):',
      'mistakes/loss-overwrites-accumulator.py loss-overwrites-accumulator': 'loss = -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      'mistakes/loss-sum-not-mean.py loss-sum-not-mean': 'loss += -np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      'mistakes/loss-wrong-axis.py loss-wrong-axis': 'return np.sum(np.mean(losses, axis=1))',
      // The weights made from the labels: both bindings (pointers 34).
      'mistakes/loss-recomputes-weights.py loss-recomputes-weights': ['w_p = np.mean(1 - y_true, axis=0)', 'w_n = np.mean(y_true, axis=0)'],
      // The weights and the cross-entropy reduced apart: the product, and the mean the cross-entropy was bound to (pointers 34).
      'mistakes/loss-weights-averaged-apart-matrix.py loss-weights-averaged-apart': 'return np.mean(w) * np.mean(bce)',
      'mistakes/loss-weights-averaged-apart.py loss-weights-averaged-apart': [
        'bce = -np.mean(y * np.log(p + epsilon) + (1 - y) * np.log(1 - p + epsilon))',
        'loss += np.mean(w * bce)',
      ],
      // Each weight taken from one; the prediction as the negative label; the one term the other goes beside (pointers 32).
      'mistakes/loss-complement-weights.py loss-complement-weights': [
        'loss += -np.mean((1 - pos_weights[i]) * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
        '+ (1 - neg_weights[i]) * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      ],
      'mistakes/loss-prediction-as-label.py loss-prediction-as-label': '+ neg_weights[i] * (1 - y_pred[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
      'mistakes/loss-missing-term.py loss-missing-term': 'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))',
    });
  });
});

describe('runner.fix_sites and the rules, per construct kind', () => {
  it('a reduction: sum, mean, their axis; in a helper the loss calls; .sum() and K.sum and tf.reduce_sum', async () => {
    const helper = `${FREQS}def class_terms(w_pos, w_neg, y, p, eps):
    return -(w_pos * y * np.log(p + eps) + w_neg * (1 - y) * np.log(1 - p + eps))


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        per_example = class_terms(pos_weights, neg_weights, y_true, y_pred, epsilon)
        return per_example.sum(0).sum()
    return weighted_loss
`;
    const keras = `import numpy as np
from keras import backend as K


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -(pos_weights[i] * K.sum(y_true[:, i] * K.log(y_pred[:, i] + epsilon))
                      + neg_weights[i] * K.mean((1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)))
        return loss
    return weighted_loss
`;
    const tf = `import tensorflow as tf


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        terms = -(pos_weights * y_true * tf.math.log(y_pred + epsilon) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon))
        per_class = tf.reduce_sum(terms, axis=0)
        return tf.reduce_sum(per_class)
    return weighted_loss
`;
    const [h, k, t] = await functionsOf([helper, keras, tf]);
    // The helper's two logs are the loss's: found through the call, at the helper's lines.
    expect(h!.get_weighted_loss!.sites!.filter((s) => s.kind === 'log').map((s) => s.line)).toEqual([9, 9]);
    const reductions = h!.get_weighted_loss!.sites!.filter((s) => s.kind === 'reduction');
    expect(reductions).toHaveLength(2);
    expect(reductions).toEqual(expect.arrayContaining([
      { kind: 'reduction', line: 15, op: 'sum', axis: 0 },
      { kind: 'reduction', line: 15, op: 'sum', axis: 'none' },
    ]));
    expect(lineText(helper, siteOf('loss-sum-not-mean', h)!.line)).toBe('return per_example.sum(0).sum()');
    // Keras backend in a loop: K.sum is the one sum (the negative term's K.mean is right).
    expect(lineText(keras, siteOf('loss-sum-not-mean', k)!.line)).toContain('K.sum(y_true[:, i]');
    // Two sums on two lines, one over axis 0 (the examples): that one, for sure.
    expect(lineText(tf, siteOf('loss-sum-not-mean', t)!.line)).toBe('per_class = tf.reduce_sum(terms, axis=0)');
  });

  it('a log: the one without epsilon, the one with a second epsilon, log10', async () => {
    const one = (pos: string, neg: string) =>
      `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            pos = pos_weights[i] * y_true[:, i] * ${pos}
            neg = neg_weights[i] * (1 - y_true[:, i]) * ${neg}
            loss += -np.mean(pos + neg)
        return loss
    return weighted_loss
`;
    const sources = [
      one('np.log(y_pred[:, i] + epsilon)', 'np.log(1 - y_pred[:, i])'),
      one('np.log(y_pred[:, i] + epsilon)', 'np.log(1 - y_pred[:, i] + epsilon + 1e-7)'),
      one('np.log10(y_pred[:, i] + epsilon)', 'np.log(1 - y_pred[:, i] + epsilon)'),
    ];
    const [a, b, c] = await functionsOf(sources);
    expect(lineText(sources[0]!, siteOf('loss-epsilon-one-term', a)!.line)).toBe('neg = neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i])');
    expect(lineText(sources[1]!, siteOf('loss-extra-epsilon', b)!.line)).toContain('epsilon + 1e-7');
    expect(lineText(sources[2]!, siteOf('loss-log-base', c)!.line)).toContain('np.log10');
    // The loss's other mistakes have no construct on one line here.
    expect(siteOf('loss-no-epsilon', b)).toBeUndefined();
  });

  it('a return: in the loop over classes, not the factory\'s own `return weighted_loss`; the frequencies\' return', async () => {
    const source = `import numpy as np


def compute_class_freqs(labels):
    pos = np.mean(labels, axis=0)
    return 1 - pos, pos


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        total = 0
        for i in range(len(pos_weights)):
            total += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))
            return total
    return weighted_loss
`;
    const [f] = await functionsOf([source]);
    expect(siteOf('loss-return-in-loop', f)).toEqual({ line: 14 });
    expect(siteOf('freqs-swapped', f)).toEqual({ line: 6 });
    expect(siteOf('loss-not-scalar', f)).toEqual({ line: 14 });
  });

  it('a division: // in the frequencies, / N twice, by a weight', async () => {
    const source = `import numpy as np


def compute_class_freqs(labels):
    n = labels.shape[0]
    pos = np.sum(labels, axis=0) // n
    return pos, 1 - pos


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        n = y_true.shape[0]
        terms = y_true * np.log(y_pred + epsilon) / pos_weights + (1 - y_true) * np.log(1 - y_pred + epsilon) * neg_weights
        return -np.sum(np.mean(terms, axis=0) / n)
    return weighted_loss
`;
    const [f] = await functionsOf([source]);
    expect(siteOf('freqs-integer-division', f)).toEqual({ line: 6 });
    expect(siteOf('loss-divided-twice', f)).toEqual({ line: 14 });
    expect(siteOf('loss-reciprocal-weights', f)).toEqual({ line: 13 });
  });

  it('class weights where the frequencies belong: the reciprocals (1 / freq, N / count), not a division by N or a sum scaled by 1 / N', async () => {
    const freqs = (...body: string[]) => `import numpy as np


def compute_class_freqs(labels):
${body.map((l) => `    ${l}`).join('\n')}
`;
    const sources = [
      // 1: both reciprocals on the return's line.
      freqs('return 1 / np.mean(labels, axis=0), 1 / (1 - np.mean(labels, axis=0))'),
      // 2: 1 / pos and 1 / neg on their own lines: both named.
      freqs('pos = np.mean(labels, axis=0)', 'w_pos = 1 / pos', 'w_neg = 1.0 / (1 - pos)', 'return w_pos, w_neg'),
      // 3: N over the counts, scikit-learn's balanced N / (2 * count) too.
      freqs('N = labels.shape[0]', 'pos = N / np.sum(labels, axis=0)', 'neg = N / (2 * np.sum(1 - labels, axis=0))', 'return pos, neg'),
      // 4: the frequencies divided by N are right; only the reciprocal after them is the mistake.
      freqs('N = labels.shape[0]', 'pos = np.sum(labels, axis=0) / N', 'neg = np.sum(labels == 0, axis=0) / len(labels)', 'return 1 / pos, 1 / neg'),
      // 5: 1 / N (a count of examples) times the sum is a frequency, not a reciprocal.
      freqs('pos = 1 / len(labels) * np.sum(labels, axis=0)', 'neg = 1.0 / labels.shape[0] * np.sum(1 - labels, axis=0)', 'return 1 / pos, 1 / neg'),
      // 5b: a number over N (any name) scaling a sum, on either side, is a frequency too.
      freqs('N = labels.shape[0]', 'pos = 1 / N * np.sum(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0) * (1.0 / N)', 'return 1 / pos, 1 / neg'),
      // 6: frequencies only: no reciprocal, no line.
      freqs('N = labels.shape[0]', 'pos = np.sum(labels, axis=0) / N', 'return pos, 1 - pos'),
      // 7: N over a count kept in a name (two lines), and over the names and calls arithmetic on it makes.
      freqs('N = labels.shape[0]', 'cnt = np.sum(labels, axis=0)', 'neg_cnt = N - cnt', 'pos = N / cnt', 'neg = N / neg_cnt', 'return pos, neg'),
      freqs('N = len(labels)', 'cnt = labels.sum(axis=0)', 'return N / cnt, N / (N - np.sum(labels, axis=0))'),
      // 8: 1 / N on its own line (N a count of examples) scaling the sums is no reciprocal; the one after is.
      freqs('N = len(labels)', 'inv = 1 / N', 'pos = inv * np.sum(labels, axis=0)', 'neg = inv * np.sum(1 - labels, axis=0)', 'return 1 / pos, 1 / neg'),
      // 8b: scikit-learn's balanced weights per column, the count nested in the divisor: both lines.
      freqs('pos, neg = [], []', 'for c in range(labels.shape[1]):', '    n = len(labels)', '    n_pos = labels[:, c].sum()', '    pos.append(n / (2 * n_pos))', '    neg.append(n / (2 * (n - n_pos)))', 'return np.array(pos), np.array(neg)'),
      // 9: a count over counts is a share (a frequency), not a reciprocal: no line.
      freqs('cnt = np.sum(labels, axis=0)', 'neg_cnt = np.sum(1 - labels, axis=0)', 'return cnt / (cnt + neg_cnt), neg_cnt / (cnt + neg_cnt)'),
      // 9b: the count wrapped in the numerator (a method's receiver, a slice, an index, float() or
      // np.asarray()'s argument) is still a count: a share, no line (both were named).
      freqs('pos = np.sum(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0)', 'total = pos + neg', 'positive_frequencies = pos.astype(np.float64) / total', 'negative_frequencies = neg[:] / total', 'return positive_frequencies, negative_frequencies'),
      freqs('counts = np.sum(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0)', 'total = counts + neg', 'return np.asarray(counts) / total, np.array(neg).copy() / total'),
      freqs('pos, neg = [], []', 'for c in range(labels.shape[1]):', '    n_pos = labels[:, c].sum()', '    n_neg = (1 - labels[:, c]).sum()', '    total = n_pos + n_neg', '    pos.append(float(n_pos) / total)', '    neg.append(float(n_neg) / total)', 'return np.array(pos), np.array(neg)'),
      freqs('counts = np.sum(labels, axis=0)', 'total = counts + np.sum(1 - labels, axis=0)', 'return counts[:] / total, (total - counts)[:] / total'),
      // 9c: a wrapped number over a count is still a reciprocal.
      freqs('cnt = np.sum(labels, axis=0)', 'total = cnt + np.sum(1 - labels, axis=0)', 'return float(len(labels)) / cnt, np.asarray(1.0) / total'),
    ];
    const fs = await functionsOf(sources);
    const shown = fs.map((f, i) => {
      const at = siteOf('freqs-class-weights', f);
      return at ? (at.lines ?? [at]).map((l) => lineText(sources[i]!, l.line)) : undefined;
    });
    expect(shown).toEqual([
      ['return 1 / np.mean(labels, axis=0), 1 / (1 - np.mean(labels, axis=0))'],
      ['w_pos = 1 / pos', 'w_neg = 1.0 / (1 - pos)'],
      ['pos = N / np.sum(labels, axis=0)', 'neg = N / (2 * np.sum(1 - labels, axis=0))'],
      ['return 1 / pos, 1 / neg'],
      ['return 1 / pos, 1 / neg'],
      ['return 1 / pos, 1 / neg'],
      undefined,
      ['pos = N / cnt', 'neg = N / neg_cnt'],
      ['return N / cnt, N / (N - np.sum(labels, axis=0))'],
      ['return 1 / pos, 1 / neg'],
      ['pos.append(n / (2 * n_pos))', 'neg.append(n / (2 * (n - n_pos)))'],
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      ['return float(len(labels)) / cnt, np.asarray(1.0) / total'],
    ]);
  });

  it('a weight indexed by a literal: pos_weights[0] on one line', async () => {
    const source = `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            w = (pos_weights[0], neg_weights[0])
            loss += -np.mean(w[0] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + w[1] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
`;
    const [f] = await functionsOf([source]);
    expect(siteOf('loss-first-class-weights', f)).toEqual({ line: 12 });
  });

  it('two candidate lines and no rule to choose: no site (two sums, neither over axis 0); a class column\'s mean is no candidate (the division by the class count is)', async () => {
    const loss = (body: string) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
${body}
    return weighted_loss
`;
    const sources = [
      loss('        pos = np.sum(pos_weights * y_true * np.log(y_pred + epsilon))\n        neg = np.sum(neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))\n        return -(pos + neg)'),
      loss('        loss = 0.0\n        for i in range(len(pos_weights)):\n            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))\n        return loss / len(pos_weights)'),
    ];
    const [a, b] = await functionsOf(sources);
    expect(siteOf('loss-sum-not-mean', a)).toBeUndefined();
    expect(siteOf('loss-mean-over-classes', b)).toEqual({ line: 13 }); // return loss / len(pos_weights)
  });

  it('a fix over every construct of its kind: 2-3 lines of one cell named together; 4 lines, or lines in two cells, none', async () => {
    const logs = (k: number) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
${Array.from({ length: k }, (_, j) => `        t${j} = np.log(y_pred + ${j})`).join('\n')}
        return -np.mean(pos_weights * y_true * np.log(y_pred) + neg_weights * (1 - y_true) * np.log(1 - y_pred))
    return weighted_loss
`;
    // Each t<j> line's log adds something; the return's two logs do not: one line (the return) holds both.
    const [one] = await functionsOf([logs(1)]);
    expect(siteOf('loss-no-epsilon', one)).toEqual({ line: 11 });
    const split = (n: number) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
${Array.from({ length: n }, (_, j) => `        t${j} = np.log(y_pred[:, ${j}])`).join('\n')}
        return -np.sum(t0)
    return weighted_loss
`;
    const [two, three, four] = await functionsOf([split(2), split(3), split(4)]);
    expect(siteOf('loss-no-epsilon', two)).toEqual({ line: 10, lines: [{ line: 10 }, { line: 11 }] });
    expect(siteOf('loss-no-epsilon', three)).toEqual({ line: 10, lines: [{ line: 10 }, { line: 11 }, { line: 12 }] });
    expect(siteOf('loss-no-epsilon', four)).toBeUndefined();
    // A rule that must pick one of them gets none, whatever their count.
    expect(siteOf('loss-epsilon-one-term', two)).toBeUndefined();
    // Two cells: a helper's log in one, the loss's in another.
    const cells: Record<string, FunctionInfo> = {
      get_weighted_loss: { defined: true, callable: true, params: null, sites: [{ kind: 'log', op: 'log', adds: 0, line: 3, cell: 4 }, { kind: 'log', op: 'log', adds: 0, line: 6, cell: 5 }] },
    };
    expect(siteOf('loss-no-epsilon', cells)).toBeUndefined();
    cells.get_weighted_loss!.sites![0]!.cell = 5;
    expect(siteOf('loss-no-epsilon', cells)).toEqual({ line: 3, cell: 5, lines: [{ line: 3 }, { line: 6 }] });
  });

  it('a loss that sums over the examples with a loop: no reduction is that sum, so no line (a class loop keeps its sum\'s line)', async () => {
    const loss = (loop: string, row: string) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        N = y_true.shape[0]
        ${loop}
            per_class = -(pos_weights * ${row.replace(/Y/g, 'y_true')} * np.log(${row.replace(/Y/g, 'y_pred')} + epsilon))
            loss += np.sum(per_class)
        return loss
    return weighted_loss
`;
    const sources = [
      loss('for n in range(y_true.shape[0]):', 'Y[n]'),
      loss('for n in range(len(y_pred)):', 'Y[n]'),
      loss('for n in range(N):', 'Y[n, :]'),
      loss('for yt, yp in zip(y_true, y_pred):', 'Y[0]'),
      loss('for row in y_true:', 'Y[0]'),
      // Over the classes: the sum of each column is the sum over the examples, at its line.
      loss('for i in range(len(pos_weights)):', 'Y[:, i]'),
      loss('for i in range(y_true.shape[1]):', 'Y[:, i]'),
    ];
    const functions = await functionsOf(sources);
    expect(functions.map((f) => siteOf('loss-sum-not-mean', f)?.line)).toEqual([undefined, undefined, undefined, undefined, undefined, 14, 14]);
  });

  it('a return under an if in a loop (a helper\'s search) is no candidate; one directly in a loop is', async () => {
    const source = (helperBody: string) => `${FREQS}def first_index(values, target):
${helperBody}
    return -1


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(max(first_index(list(pos_weights), None), 0), len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))
            return loss
    return weighted_loss
`;
    const [search, early, direct] = await functionsOf([
      source('    for k, v in enumerate(values):\n        if v == target:\n            return k'),
      source('    for k, v in enumerate(values):\n        try:\n            float(v)\n        except TypeError:\n            return k'),
      source('    for k, v in enumerate(values):\n        return k'),
    ]);
    expect(siteOf('loss-return-in-loop', search)).toEqual({ line: 20 });
    expect(siteOf('loss-return-in-loop', early)).toEqual({ line: 22 });
    expect(siteOf('loss-return-in-loop', direct)).toBeUndefined(); // two returns straight in a loop: equally plausible
  });

  it('a class loop or slice one short, an accumulator overwritten, a fixed epsilon, N one short: the spellings that point and the right code that does not', async () => {
    const loss = (...body: string[]) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
${body.map((l) => `    ${l}`).join('\n')}
`;
    const freqs = (...body: string[]) => `import numpy as np


def compute_class_freqs(labels):
${body.map((l) => `    ${l}`).join('\n')}
`;
    const term = 'pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';
    // [mistake, source, the lines it must point at (undefined: none)]
    const table: [MistakeId, string, string[] | undefined][] = [
      // loss-skips-class: range(... - 1) over the classes, however the count is spelled; slices that drop the last class.
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for i in range(len(pos_weights) - 1):', `        loss += -np.mean(${term})`, '    return loss', 'return weighted_loss'), ['for i in range(len(pos_weights) - 1):']],
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    num_classes = len(pos_weights)', '    for i in range(num_classes - 1):', `        loss += -K.mean(${term})`, '    return loss', 'return weighted_loss'), ['for i in range(num_classes - 1):']],
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for i in range(0, y_true.shape[1] - 1):', `        loss += -torch.mean(${term})`, '    return loss', 'return weighted_loss'), ['for i in range(0, y_true.shape[1] - 1):']],
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', `    return sum(-tf.reduce_mean(${term}) for i in range(tf.shape(y_true)[-1] - 1))`, 'return weighted_loss'), [`return sum(-tf.reduce_mean(${term}) for i in range(tf.shape(y_true)[-1] - 1))`]],
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', '    t, p = y_true[:, :-1], y_pred[:, :-1]', '    return -np.sum(np.mean(pos_weights[:-1] * t * np.log(p + epsilon) + neg_weights[:-1] * (1 - t) * np.log(1 - p + epsilon), axis=0))', 'return weighted_loss'), undefined],
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', '    t, p = y_true[:, :-1], y_pred[:, :-1]', '    return -np.sum(np.mean(pos_weights * t * np.log(p + epsilon), axis=0))', 'return weighted_loss'), ['t, p = y_true[:, :-1], y_pred[:, :-1]']],
      // Right: every class; a loop over the examples one short is no class loop.
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for i in range(len(pos_weights)):', `        loss += -np.mean(${term})`, '    return loss', 'return weighted_loss'), undefined],
      ['loss-skips-class', loss('def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for n in range(len(y_true) - 1):', '        loss += 1', '    for i in range(y_true.shape[0] - 1):', '        loss += 1', '    return loss', 'return weighted_loss'), undefined],
      // loss-overwrites-accumulator: `=` in the class loop to the name started at zero, not read there.
      ['loss-overwrites-accumulator', loss('def weighted_loss(y_true, y_pred):', '    loss = 0', '    for i in range(len(pos_weights)):', `        loss = -np.mean(${term})`, '    return loss', 'return weighted_loss'), [`loss = -np.mean(${term})`]],
      ['loss-overwrites-accumulator', loss('def weighted_loss(y_true, y_pred):', '    total = K.zeros(())', '    for i in range(len(pos_weights)):', '        if True:', `            total = K.mean(-(${term}))`, '    return total', 'return weighted_loss'), [`total = K.mean(-(${term}))`]],
      ['loss-overwrites-accumulator', loss('def weighted_loss(y_true, y_pred):', '    loss = torch.tensor(0.0)', '    for i in range(len(pos_weights)):', `        loss = -torch.mean(${term})`, '    return loss', 'return weighted_loss'), [`loss = -torch.mean(${term})`]],
      // Right: loss = loss + ..., +=, a per-class term assigned then added, a name read in the loop.
      ['loss-overwrites-accumulator', loss('def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for i in range(len(pos_weights)):', `        loss = loss - np.mean(${term})`, '    return loss', 'return weighted_loss'), undefined],
      ['loss-overwrites-accumulator', loss('def weighted_loss(y_true, y_pred):', '    loss = 0.0', '    for i in range(len(pos_weights)):', `        term = -np.mean(${term})`, '        loss += term', '    return loss', 'return weighted_loss'), undefined],
      ['loss-overwrites-accumulator', loss('def weighted_loss(y_true, y_pred):', '    loss, term = 0.0, 0', '    prev = 0', '    for i in range(len(pos_weights)):', `        prev = -np.mean(${term})`, '        loss += prev', '    return loss', 'return weighted_loss'), undefined],
      // loss-epsilon-default: the third parameter's default, on the signature's line or its own (a
      // signature as black writes it, its `):` at column 0, where fix_sites cut the def and raised).
      ['loss-epsilon-default', `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-5):\n    def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n`, ['def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-5):']],
      ['loss-epsilon-default', `${FREQS}def get_weighted_loss(\n    pos_weights,\n    neg_weights=None,\n    eps: float = 1e-8,\n    verbose=False,\n):\n    def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n`, ['eps: float = 1e-8,']],
      // No default to change (none, or epsilon keyword-only): no line.
      ['loss-epsilon-default', `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon):\n    def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n`, undefined],
      ['loss-epsilon-default', `${FREQS}def get_weighted_loss(pos_weights, neg_weights, *, epsilon=1e-5):\n    def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n`, undefined],
      // loss-epsilon-ignored: a fixed epsilon in each log (a number, K.epsilon(), np.finfo(float).eps), or the parameter reassigned.
      ['loss-epsilon-ignored', loss('def weighted_loss(y_true, y_pred):', '    return -K.sum(K.mean(pos_weights * y_true * K.log(y_pred + K.epsilon())', '                         + neg_weights * (1 - y_true) * K.log(1 - y_pred + K.epsilon()), axis=0))', 'return weighted_loss'), ['return -K.sum(K.mean(pos_weights * y_true * K.log(y_pred + K.epsilon())', '+ neg_weights * (1 - y_true) * K.log(1 - y_pred + K.epsilon()), axis=0))']],
      ['loss-epsilon-ignored', loss('def weighted_loss(y_true, y_pred):', '    pos = pos_weights * y_true * np.log(y_pred + np.finfo(float).eps)', '    neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + 1e-7)', '    return -np.sum(np.mean(pos + neg, axis=0))', 'return weighted_loss'), ['pos = pos_weights * y_true * np.log(y_pred + np.finfo(float).eps)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + 1e-7)']],
      ['loss-epsilon-ignored', loss('epsilon = 1e-7', 'def weighted_loss(y_true, y_pred):', '    pos = pos_weights * y_true * np.log(y_pred + epsilon)', '    neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', '    return -np.sum(np.mean(pos + neg, axis=0))', 'return weighted_loss'), ['epsilon = 1e-7']],
      // The parameter converted (epsilon = float(epsilon)) is no fixed value: the fixed logs are named.
      ['loss-epsilon-ignored', loss('epsilon = float(epsilon)', 'def weighted_loss(y_true, y_pred):', '    pos = pos_weights * y_true * np.log(y_pred + 1e-7)', '    neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + 1e-7)', '    return -np.sum(np.mean(pos + neg, axis=0))', 'return weighted_loss'), ['pos = pos_weights * y_true * np.log(y_pred + 1e-7)', 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + 1e-7)']],
      // Right: the parameter in each log: none.
      ['loss-epsilon-ignored', loss('def weighted_loss(y_true, y_pred):', '    pos = pos_weights * y_true * np.log(y_pred + epsilon)', '    neg = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)', '    return -np.sum(np.mean(pos + neg, axis=0))', 'return weighted_loss'), undefined],
      // freqs-wrong-denominator: a count of examples one short, as N (before two divisions by N) or as the divisor.
      ['freqs-wrong-denominator', freqs('N = len(labels) - 1', 'pos = np.sum(labels, axis=0) / N', 'neg = np.sum(1 - labels, axis=0) / N', 'return pos, neg'), ['N = len(labels) - 1']],
      ['freqs-wrong-denominator', freqs('n = labels.shape[0]', 'pos = np.sum(labels, axis=0) / (n - 1)', 'return pos, 1 - pos'), ['pos = np.sum(labels, axis=0) / (n - 1)']],
      ['freqs-wrong-denominator', freqs('N = labels.shape[0] - 1', 'pos = labels.sum(axis=0) / N', 'neg = (1 - labels).sum(axis=0) / N', 'return pos, neg'), ['N = labels.shape[0] - 1']],
      // Right denominators over two lines: no count one short, two divisions, none.
      ['freqs-wrong-denominator', freqs('N = len(labels)', 'pos = np.sum(labels, axis=0) / N', 'neg = np.sum(1 - labels, axis=0) / N', 'return pos, neg'), undefined],
    ];
    const fs = await functionsOf(table.map(([, src]) => src));
    const shown = table.map(([id, src], i) => {
      const at = siteOf(id, fs[i]);
      return at ? (at.lines ?? [at]).map((l) => lineText(src, l.line)) : undefined;
    });
    expect(shown).toEqual(table.map(([, , want]) => want));
  });

  it('weights on the other term: the uses, or where the names first say the other weight (signature, unpacking, assignment); silent when the names cannot say', async () => {
    const loss = (...body: string[]) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
${body.map((l) => `    ${l}`).join('\n')}
`;
    const named = (head: string, ...body: string[]) => `${FREQS}def get_weighted_loss(${head}):
${body.map((l) => `    ${l}`).join('\n')}
`;
    const inner = (...body: string[]) => ['def weighted_loss(y_true, y_pred):', ...body.map((l) => `    ${l}`), 'return weighted_loss'];
    const right = 'wp * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + wn * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)';
    const table: [string, string, string[] | undefined][] = [
      // Vectorised, both terms on one line: that line.
      ['numpy, one line', loss(...inner('return -np.sum(np.mean(neg_weights * y_true * np.log(y_pred + epsilon) + pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))')),
        ['return -np.sum(np.mean(neg_weights * y_true * np.log(y_pred + epsilon) + pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']],
      // Intermediate names that say the right weight, bound to the wrong one: the assignments, not the (right-looking) use.
      ['wp = neg_weights[i]', loss(...inner('loss = 0.0', 'for i in range(len(pos_weights)):', '    wp = neg_weights[i]', '    wn = pos_weights[i]', `    loss += -np.mean(${right})`, 'return loss')),
        ['wp = neg_weights[i]', 'wn = pos_weights[i]']],
      ['an unpacking', loss('w_pos, w_neg = neg_weights, pos_weights', ...inner('return -K.sum(K.mean(w_pos * y_true * K.log(y_pred + epsilon) + w_neg * (1 - y_true) * K.log(1 - y_pred + epsilon), axis=0))')),
        ['w_pos, w_neg = neg_weights, pos_weights']],
      // The parameters' names swapped in the signature (the first is the positive weights whatever its name).
      ['the signature', named('neg_weights, pos_weights, epsilon=1e-7', ...inner('return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))')),
        ['def get_weighted_loss(neg_weights, pos_weights, epsilon=1e-7):']],
      // Names with no side (a, b) bound to the weights: the uses.
      ['Keras, each term in a name', loss(...inner('loss = 0.0', 'for i in range(len(pos_weights)):', '    a = neg_weights[i]', '    pos_loss = K.mean(a * y_true[:, i] * K.log(y_pred[:, i] + epsilon))', '    neg_loss = K.mean(pos_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon))', '    loss += -(pos_loss + neg_loss)', 'return loss')),
        ['pos_loss = K.mean(a * y_true[:, i] * K.log(y_pred[:, i] + epsilon))', 'neg_loss = K.mean(pos_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon))']],
      // torch: the unweighted terms kept in names, weighted on one line; weights converted first.
      ['torch, terms in names', loss(...inner('pw = torch.as_tensor(pos_weights)', 'nw = torch.as_tensor(neg_weights)', 'pos_term = y_true * torch.log(y_pred + epsilon)', 'neg_term = (1 - y_true) * torch.log(1 - y_pred + epsilon)', 'return -torch.sum(torch.mean(nw * pos_term + pw * neg_term, dim=0))')),
        ['return -torch.sum(torch.mean(nw * pos_term + pw * neg_term, dim=0))']],
      // A loop over zip of the weights: its target names the weights the other way round.
      ['a zip loop', loss(...inner('loss = 0.0', 'for wp, wn, yt, yp in zip(neg_weights, pos_weights, y_true.T, y_pred.T):', '    loss += -np.mean(wp * yt * np.log(yp + epsilon) + wn * (1 - yt) * np.log(1 - yp + epsilon))', 'return loss')),
        ['for wp, wn, yt, yp in zip(neg_weights, pos_weights, y_true.T, y_pred.T):']],
      // A per-example weight map built with the weights the other way round: its line.
      ['a weight map', loss(...inner('w = neg_weights * y_true + pos_weights * (1 - y_true)', 'return -np.sum(np.mean(w * (y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))')),
        ['w = neg_weights * y_true + pos_weights * (1 - y_true)']],
      // Right code: none.
      ['right, vectorised', loss(...inner('return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))')), undefined],
      ['right, a weight map', loss(...inner('w = pos_weights * y_true + neg_weights * (1 - y_true)', 'return -np.sum(np.mean(w * (y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0))')), undefined],
      // Names that say the other weight but used on the right term, and a signature swapped twice over: right values, none.
      ['names the other way, used right', loss(...inner('loss = 0.0', 'for i in range(len(pos_weights)):', '    wn = pos_weights[i]', '    wp = neg_weights[i]', '    loss += -np.mean(wn * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + wp * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss')), undefined],
      ['signature and uses both swapped', named('neg_weights, pos_weights, epsilon=1e-7', ...inner('return -np.sum(np.mean(neg_weights * y_true * np.log(y_pred + epsilon) + pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))')), undefined],
      // Wrong values, but the names say the other weight three times along the way (the signature, wp = neg_weights[i],
      // wp on the negative term): which one to change is unsure.
      ['three places say the other weight', named('neg_weights, pos_weights, epsilon=1e-7', ...inner('loss = 0.0', 'for i in range(len(pos_weights)):', '    wp = neg_weights[i]', '    wn = pos_weights[i]', '    loss += -np.mean(wn * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + wp * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss')), undefined],
      // A name bound twice, a weight that is arithmetic on both, a helper taking the weights: no line.
      ['a name bound twice', loss(...inner('a = neg_weights', 'a = pos_weights', 'return -np.sum(np.mean(a * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))')),
        undefined],
      ['a helper', `${FREQS}def term(w, y, p, e):\n    return w * y * np.log(p + e)\n\n\n` + loss(...inner('return -np.sum(np.mean(term(neg_weights, y_true, y_pred, epsilon) + term(pos_weights, 1 - y_true, 1 - y_pred, epsilon), axis=0))')).slice(FREQS.length), undefined],
    ];
    const fs = await functionsOf(table.map(([, src]) => src));
    const shown = table.map(([name, src], i) => {
      const at = siteOf('loss-swapped-weights', fs[i]);
      return [name, at ? (at.lines ?? [at]).map((l) => lineText(src, l.line)) : undefined];
    });
    expect(shown).toEqual(table.map(([name, , want]) => [name, want]));
  });

  it('a class taken as a row: y_true[i] in a class loop, pos_weights[n] over the examples, a weight made a column; silent on transposes, a loop with the wrong bound (which loss-loops-over-examples points at), right code', async () => {
    const loss = (...body: string[]) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
${body.map((l) => `        ${l}`).join('\n')}
    return weighted_loss
`;
    const rowTerm = (v: string, w = v) => `pos_weights[${w}] * y_true[${v}] * np.log(y_pred[${v}] + epsilon) + neg_weights[${w}] * (1 - y_true[${v}]) * np.log(1 - y_pred[${v}] + epsilon)`;
    const table: [string, string, string[] | undefined][] = [
      ['y_true.shape[1], rows as [i, :], K', loss('loss = 0.0', 'for i in range(y_true.shape[1]):', '    yt = y_true[i, :]', '    yp = y_pred[i, :]', '    loss += -K.mean(pos_weights[i] * yt * K.log(yp + epsilon) + neg_weights[i] * (1 - yt) * K.log(1 - yp + epsilon))', 'return loss'),
        ['yt = y_true[i, :]', 'yp = y_pred[i, :]']],
      ['a count of classes in a name, a comprehension', loss('C = len(pos_weights)', `return sum(-np.mean(${rowTerm('c')}) for c in range(C))`), [`return sum(-np.mean(${rowTerm('c')}) for c in range(C))`]],
      ['enumerate(zip(weights))', loss('loss = 0.0', 'for i, (wp, wn) in enumerate(zip(pos_weights, neg_weights)):', '    loss += -torch.mean(wp * y_true[i] * torch.log(y_pred[i] + epsilon) + wn * (1 - y_true[i]) * torch.log(1 - y_pred[i] + epsilon))', 'return loss'),
        ['loss += -torch.mean(wp * y_true[i] * torch.log(y_pred[i] + epsilon) + wn * (1 - y_true[i]) * torch.log(1 - y_pred[i] + epsilon))']],
      // One example's length is the classes' (len(y_true[0]), y_pred[0].shape[0]): a class loop, whose rows are the
      // mistake, not its weights (right, on lines of their own).
      ['len(y_true[0]), weights in names', loss('loss = 0.0', 'for i in range(len(y_true[0])):', '    w_p = pos_weights[i]', '    w_n = neg_weights[i]', '    loss += -np.mean(w_p * y_true[i] * np.log(y_pred[i] + epsilon) + w_n * (1 - y_true[i]) * np.log(1 - y_pred[i] + epsilon))', 'return loss'),
        ['loss += -np.mean(w_p * y_true[i] * np.log(y_pred[i] + epsilon) + w_n * (1 - y_true[i]) * np.log(1 - y_pred[i] + epsilon))']],
      ['y_pred[0].shape[0]', loss('loss = 0.0', 'for c in range(y_pred[0].shape[0]):', '    wp = pos_weights[c]', `    loss += -np.mean(wp * y_true[c] * np.log(y_pred[c] + epsilon))`, 'return loss'),
        ['loss += -np.mean(wp * y_true[c] * np.log(y_pred[c] + epsilon))']],
      // Over the examples, rows taken right, the weights indexed by the example.
      ['pos_weights[n] over the examples', loss('loss = 0.0', 'for n in range(len(y_true)):', `    loss += -np.sum(${rowTerm('n')})`, 'return loss / len(y_true)'), [`loss += -np.sum(${rowTerm('n')})`]],
      // A weight made a column, multiplying down the rows.
      ['pos_weights[:, None]', loss('pw, nw = pos_weights[:, None], neg_weights[:, np.newaxis]', 'return -np.sum(np.mean(pw * y_true * np.log(y_pred + epsilon) + nw * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))'),
        ['pw, nw = pos_weights[:, None], neg_weights[:, np.newaxis]']],
      ['reshape and unsqueeze', loss('pw = pos_weights.reshape(-1, 1)', 'nw = torch.unsqueeze(torch.as_tensor(neg_weights), 1)', 'return -torch.sum(torch.mean(pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon), dim=0))'),
        ['pw = pos_weights.reshape(-1, 1)', 'nw = torch.unsqueeze(torch.as_tensor(neg_weights), 1)']],
      // Right: columns; the transposed labels' rows; a column weight for y_true.T or a matmul; the whole weights over the examples.
      ['columns', loss('loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss'), undefined],
      ['y_true.T[i]', loss('yt, yp = y_true.T, y_pred.T', 'loss = 0.0', 'for i in range(len(pos_weights)):', '    loss += -np.mean(pos_weights[i] * yt[i] * np.log(yp[i] + epsilon) + neg_weights[i] * (1 - yt[i]) * np.log(1 - yp[i] + epsilon))', 'return loss'), undefined],
      ['a column weight on y_true.T', loss('return -np.sum(np.mean(pos_weights[:, None] * y_true.T * np.log(y_pred.T + epsilon) + neg_weights[:, None] * (1 - y_true.T) * np.log(1 - y_pred.T + epsilon), axis=1))'), undefined],
      ['a matmul', loss('return -np.sum(np.mean(y_true * np.log(y_pred + epsilon), axis=0) @ pos_weights[:, None] + np.mean((1 - y_true) * np.log(1 - y_pred + epsilon), axis=0) @ neg_weights[:, None])'), undefined],
      ['the whole weights over the examples', loss('loss = 0.0', 'for n in range(y_true.shape[0]):', '    loss += -np.sum(pos_weights * y_true[n] * np.log(y_pred[n] + epsilon) + neg_weights * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon))', 'return loss / y_true.shape[0]'), undefined],
      // range(len(y_true)) taking columns: a class loop with the wrong bound (loss-loops-over-examples); its weights are right.
      ['a class loop over len(y_true)', loss('loss = 0.0', 'for i in range(len(y_true)):', '    loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))', 'return loss'), undefined],
      // A bound that says nothing (a global n): none.
      ['range(n) of a global', loss('loss = 0.0', 'for i in range(n):', `    loss += -np.mean(${rowTerm('i')})`, 'return loss'), undefined],
    ];
    const fs = await functionsOf(table.map(([, src]) => src));
    const shown = table.map(([name, src], i) => {
      const at = siteOf('loss-rows-not-columns', fs[i]);
      return [name, at ? (at.lines ?? [at]).map((l) => lineText(src, l.line)) : undefined];
    });
    expect(shown).toEqual(table.map(([name, , want]) => [name, want]));
    // loss-loops-over-examples points at the loop whose examples' bound takes columns, and at the
    // weights a loop over the examples takes by the example (its same IndexError), and only there.
    const bound = (name: string) => {
      const i = table.findIndex(([n]) => n === name);
      const at = siteOf('loss-loops-over-examples', fs[i]);
      return at ? lineText(table[i]![1], at.line) : undefined;
    };
    const told: Record<string, string> = { 'a class loop over len(y_true)': 'for i in range(len(y_true)):', 'pos_weights[n] over the examples': `loss += -np.sum(${rowTerm('n')})` };
    expect(table.map(([name]) => [name, bound(name)])).toEqual(table.map(([name]) => [name, told[name]]));
    const more = [
      loss('loss = 0.0', 'N = y_true.shape[0]', 'for c in range(N):', '    y, p = y_true[:, c], y_pred[:, c]', '    loss += -K.mean(pos_weights[c] * y * K.log(p + epsilon) + neg_weights[c] * (1 - y) * K.log(1 - p + epsilon))', 'return loss'),
      loss(`return sum(-np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)) for i in range(y_pred.shape[0]))`),
      // Two such loops: none; a loop over the examples taking rows and cells ([n, i]): none.
      loss('a = 0.0', 'for i in range(len(y_true)):', '    a += np.mean(y_true[:, i])', 'for j in range(len(y_true)):', '    a += np.mean(y_pred[:, j])', 'return a'),
      loss('loss = 0.0', 'for n in range(len(y_true)):', '    for i in range(len(pos_weights)):', '        loss += -pos_weights[i] * y_true[n, i] * np.log(y_pred[n, i] + epsilon)', 'return loss / len(y_true)'),
    ];
    const mf = await functionsOf(more);
    expect(mf.map((f, i) => {
      const at = siteOf('loss-loops-over-examples', f);
      return at ? lineText(more[i]!, at.line) : undefined;
    })).toEqual(['for c in range(N):', `return sum(-np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)) for i in range(y_pred.shape[0]))`, undefined, undefined]);
  });

  it('counts where the frequencies belong: each returned value made as a count and never divided, where it is made; silent on any division or rebinding', async () => {
    const freqs = (...body: string[]) => `import numpy as np


def compute_class_freqs(labels):
${body.map((l) => `    ${l}`).join('\n')}
`;
    const table: [string, string, string[] | undefined][] = [
      // One of the two a count: that one (the other line, a right division, is not named).
      ['positives only', freqs('N = labels.shape[0]', 'pos = np.sum(labels, axis=0)', 'neg = np.sum(labels == 0, axis=0) / N', 'return pos, neg'), ['pos = np.sum(labels, axis=0)']],
      ['negatives as N minus the count', freqs('N = len(labels)', 'pos = np.sum(labels, axis=0) / N', 'neg = N - np.sum(labels, axis=0)', 'return pos, neg'), ['neg = N - np.sum(labels, axis=0)']],
      // torch methods, converted: both lines.
      ['torch .sum(dim=0), .float()', freqs('pos = labels.sum(dim=0).float()', 'neg = (1 - labels).sum(dim=0).float()', 'return pos, neg'), ['pos = labels.sum(dim=0).float()', 'neg = (1 - labels).sum(dim=0).float()']],
      // Through a name: the returned names' lines, where `/ N` goes (not the shared count's).
      ['a shared count', freqs('counts = np.count_nonzero(labels, axis=0)', 'pos = counts', 'neg = labels.shape[0] - counts', 'return pos, neg'), ['pos = counts', 'neg = labels.shape[0] - counts']],
      ['in the return', freqs('return np.sum(labels, axis=0), np.sum(1 - labels, axis=0)'), ['return np.sum(labels, axis=0), np.sum(1 - labels, axis=0)']],
      // Right code: divided on the line, later in place, in the return, scaled by 1 / N, a mean; the labels divided first.
      ['divided', freqs('N = labels.shape[0]', 'pos = np.sum(labels, axis=0) / N', 'neg = np.sum(1 - labels, axis=0) / N', 'return pos, neg'), undefined],
      ['divided in place', freqs('pos = np.sum(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0)', 'pos /= len(labels)', 'neg /= len(labels)', 'return pos, neg'), undefined],
      ['divided in the return', freqs('N = labels.shape[0]', 'pos = np.sum(labels, axis=0)', 'neg = np.sum(1 - labels, axis=0)', 'return pos / N, neg / N'), undefined],
      ['rebound', freqs('pos = np.sum(labels, axis=0)', 'pos = pos / len(labels)', 'return pos, 1 - pos'), undefined],
      ['scaled by a name', freqs('inv = 1 / len(labels)', 'pos = np.sum(labels, axis=0) * inv', 'neg = np.sum(1 - labels, axis=0) * inv', 'return pos, neg'), undefined],
      ['labels divided first', freqs('labels = labels / labels.shape[0]', 'pos = np.sum(labels, axis=0)', 'return pos, 1 - pos'), undefined],
      ['a mean', freqs('pos = np.mean(labels, axis=0)', 'return pos, 1 - pos'), undefined],
      // A sum of the labels scaled inside it is a frequency, right: only the other value, a count, is named.
      ['the labels divided inside the sum', freqs('pos = np.sum(labels / labels.shape[0], axis=0)', 'neg = np.sum(1 - labels, axis=0)', 'return pos, neg'), ['neg = np.sum(1 - labels, axis=0)']],
      ['np.divide inside the sum', freqs('pos = np.sum(np.divide(labels, len(labels)), axis=0)', 'neg = np.sum(1 - labels, axis=0)', 'return pos, neg'), ['neg = np.sum(1 - labels, axis=0)']],
      ['scaled by 1 / N inside the sum', freqs('return np.sum(labels * (1 / len(labels)), axis=0), (1 - labels).sum(0)'), ['return np.sum(labels * (1 / len(labels)), axis=0), (1 - labels).sum(0)']],
    ];
    const fs = await functionsOf(table.map(([, src]) => src));
    const shown = table.map(([name, src], i) => {
      const at = siteOf('freqs-counts', fs[i]);
      return [name, at ? (at.lines ?? [at]).map((l) => lineText(src, l.line)) : undefined];
    });
    expect(shown).toEqual(table.map(([name, , want]) => [name, want]));
    // No value fix_sites reads as a count (a helper's sum): the one line of the sums and divisions, as before.
    const helper = `import numpy as np


def count(x):
    return np.sum(x, axis=0)


def compute_class_freqs(labels):
    return count(labels), count(1 - labels)
`;
    const [h] = await functionsOf([helper]);
    expect(siteOf('freqs-counts', h)).toEqual({ line: 5 });
  });

  it('a clip of the predictions: K.clip, tf.clip_by_value, torch.clamp as a method, np.maximum, of y_pred or 1 - y_pred; not a clip to [0, 1], of the labels or of a log', async () => {
    const loss = (...body: string[]) => `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
${body.map((l) => `        ${l}`).join('\n')}
    return weighted_loss
`;
    const logs = (p: string, q: string, eps = '') => `return -K.sum(K.mean(pos_weights * y_true * K.log(${p}${eps}) + neg_weights * (1 - y_true) * K.log(${q}${eps}), axis=0))`;
    const table: [MistakeId, string, string[] | undefined][] = [
      ['loss-clip-and-epsilon', loss('y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())', logs('y_pred', '1 - y_pred', ' + epsilon')), ['y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())']],
      ['loss-clip-and-epsilon', loss('p = tf.clip_by_value(y_pred, epsilon, 1.0 - epsilon)', logs('p', '1 - p', ' + epsilon')), ['p = tf.clip_by_value(y_pred, epsilon, 1.0 - epsilon)']],
      ['loss-clip-and-epsilon', loss('p = y_pred.clamp(min=epsilon, max=1 - epsilon)', logs('p', '1 - p', ' + epsilon')), ['p = y_pred.clamp(min=epsilon, max=1 - epsilon)']],
      // Each side clipped on its own line: both.
      ['loss-clip-and-epsilon', loss('p = np.maximum(y_pred, epsilon)', 'q = np.maximum(1 - y_pred, epsilon)', logs('p', 'q', ' + epsilon')), ['p = np.maximum(y_pred, epsilon)', 'q = np.maximum(1 - y_pred, epsilon)']],
      // Instead of epsilon: the clip and the logs without one (here one line).
      ['loss-clip-instead-of-epsilon', loss('y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())', logs('y_pred', '1 - y_pred')), ['y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())', logs('y_pred', '1 - y_pred')]],
      // Not a clip of the predictions: to [0, 1], of the labels, of a log's value.
      ['loss-clip-and-epsilon', loss('p = np.clip(y_pred, 0, 1)', logs('p', '1 - p', ' + epsilon')), undefined],
      ['loss-clip-and-epsilon', loss('t = np.clip(y_true, 0.05, 0.95)', 'return -np.sum(np.mean(pos_weights * t * np.log(y_pred + epsilon), axis=0))'), undefined],
      ['loss-clip-and-epsilon', loss('return -np.sum(np.mean(pos_weights * y_true * np.clip(np.log(y_pred + epsilon), -100, 0), axis=0))'), undefined],
    ];
    const fs = await functionsOf(table.map(([, src]) => src));
    const shown = table.map(([id, src], i) => {
      const at = siteOf(id, fs[i]);
      return at ? (at.lines ?? [at]).map((l) => lineText(src, l.line)) : undefined;
    });
    expect(shown).toEqual(table.map(([, , want]) => want));
  });

  it('every rule names a graded function and a mistake of it', () => {
    for (const [id, rule] of Object.entries(SITE_RULES)) expect(id.startsWith(rule!.fn === 'compute_class_freqs' ? 'freqs-' : 'loss-')).toBe(true);
  });
});

describe('runner.fix_sites on hostile sources', () => {
  it('a loop bound no number indexes (shape[-\'1\'], a typo Python parses) costs no site: the loss\'s readers of loops skip it', async () => {
    const source = `${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(y_true.shape[-'1']):
            loss += -np.mean(pos_weights[i] * y_true[i] * np.log(y_pred[i]))
        return loss
    return weighted_loss
`;
    const [f] = await functionsOf([source]);
    expect(lineText(source, siteOf('loss-no-epsilon', f)!.line)).toBe('loss += -np.mean(pos_weights[i] * y_true[i] * np.log(y_pred[i]))');
    expect(siteOf('loss-rows-not-columns', f)).toBeUndefined(); // the bound says nothing
  });
  it('reads only the graded functions of a huge file, cheaply, and gives up (no site) on deep or huge graded code', async () => {
    const base = readFileSync(join(PACKAGE_ROOT, 'submissions', 'mistakes', 'loss-sum-not-mean.py'), 'utf8');
    const pasted = `DATA = [${'0.5, '.repeat(400_000)}]\n${Array.from({ length: 5000 }, (_, i) => `def f${i}(x):\n    return np.sum(x) / 2\n`).join('')}`;
    const deep = `def get_weighted_loss(p, n, e=1e-7):\n    def w(yt, yp):\n        return ${'np.sum('.repeat(90)}yp${')'.repeat(90)}\n    return w\n`;
    const long = `def get_weighted_loss(p, n, e=1e-7):\n    def w(yt, yp):\n        return 0${' + np.sum(yp) / 2'.repeat(20_000)}\n    return w\n`;
    // Its cost in steps (nodes met and readers' steps: fix_sites' `spent`, whose budgets count steps,
    // not time): counted, never timed.
    const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(join(PACKAGE_ROOT, 'grader', 'src', 'python'))})
import runner
out = []
for s in json.loads(sys.stdin.read()):
    spent = {}
    try:
        r = runner.fix_sites(s, spent=spent)
        out.append([None if r is None else len(r), spent.get("steps", 0)])
    except Exception as e:
        out.append([type(e).__name__, spent.get("steps", 0)])
print(json.dumps(out))`;
    const { execa } = await import('execa');
    const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify([base, pasted + base, deep, long]) });
    const [[, baseSteps], [huge, hugeSteps], [nested], [tooLong, tooLongSteps]] = JSON.parse(stdout) as [[unknown, number], [unknown, number], [unknown, number], [unknown, number]];
    expect(huge).toBe(9); // the sample's own sites (its epsilon's default one): the pasted data and other defs are not read
    expect(hugeSteps).toBe(baseSteps); // nor walked: the 5,000 pasted defs and the 400,000 values cost no step
    expect(nested).toBe(92); // 90 sums, the return and e's default: read without recursion
    expect(tooLong).toBe(0); // a graded function too long to parse gives no site (the others, none here, would keep theirs)
    expect(tooLongSteps).toBeLessThan(baseSteps); // and is not walked
  });
});

describe('exportedCell: the cell of a notebook saved as .py, from its markers', () => {
  const jupytext = ['# ---', '# jupyter:', '#   jupytext: {}', '# ---', '', '# %% [markdown]', '# # Title', '', '# %%', 'import numpy as np', '', '# %%', 'def f():', '    return 1'];
  const nbconvert = ['#!/usr/bin/env python', '# coding: utf-8', '', '# # Title', '', '# In[1]:', '', '', 'import numpy as np', '', '', '# In[12]:', '', '', 'def f():', '    return 1', '', '', '# In[ ]:', '', '', 'def g():', '    return 2'];
  it.each([
    ['jupytext: the markdown cell counts, the header does not', jupytext, 14, 'cell 3'],
    ['jupytext: the first code cell', jupytext, 10, 'cell 2'],
    ['jupytext: code before the first marker is a cell', ['import numpy as np', '', '# %%', 'def f():', '    return 1'], 5, 'cell 2'],
    ['nbconvert: the execution count Jupyter shows', nbconvert, 16, 'cell In [12]'],
    ['nbconvert: a cell never run says nothing', nbconvert, 23, undefined],
    ['a plain .py', ['import numpy as np', '', 'def f():', '    return 1'], 4, undefined],
    ['jupytext: a line above every marker, with none before it', ['# %%', 'x = 1'], 1, 'cell 1'],
  ] as [string, string[], number, string | undefined][])('%s', (_, file, line, want) => {
    expect(exportedCell(file, line)).toBe(want);
  });
});

describe('withSiteText: the line read from the file, its range checked', () => {
  const mistake = (location: { line: number; cell?: number; text?: string; lines?: { line: number; text?: string }[] }) => ({ id: 'loss-sum-not-mean', cases: ['c1'], location });
  it('adds the trimmed line of a .py, or of a notebook cell; drops a line past the file or a cell that is not code', () => {
    const py = sourceLines('import numpy as np\n\n    return np.sum(loss)   \n', 'py');
    expect(withSiteText([mistake({ line: 3 })], py)[0]!.location).toEqual({ line: 3, text: 'return np.sum(loss)' });
    expect(withSiteText([mistake({ line: 4 })], py)[0]!.location).toBeUndefined(); // the trailing newline's empty line
    expect(withSiteText([mistake({ line: 99 })], py)[0]!.location).toBeUndefined();
    const nb = sourceLines(JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'markdown', source: '# x' }, { cell_type: 'code', source: ['import numpy as np\n', 'loss = np.sum(x)'] }] }), 'ipynb');
    expect(withSiteText([mistake({ line: 2, cell: 2 })], nb)[0]!.location).toEqual({ line: 2, cell: 2, text: 'loss = np.sum(x)' });
    expect(withSiteText([mistake({ line: 1, cell: 1 })], nb)[0]!.location).toBeUndefined();
    expect(withSiteText([mistake({ line: 1, cell: 3 })], nb)[0]!.location).toBeUndefined();
    expect(withSiteText([mistake({ line: 1 })], null)[0]!.location).toBeUndefined();
  });
  it('reads the line that raised for freqs-unique-counts (no site rule), and none for a mistake neither places (learners 34)', () => {
    const py = sourceLines('import numpy as np\n        positive_frequencies.append(counts[1] / N)\n', 'py');
    const at = (id: string) => withSiteText([{ id, cases: ['c1'], location: { line: 2 } }], py)[0]!.location;
    expect(at('freqs-unique-counts')).toEqual({ line: 2, text: 'positive_frequencies.append(counts[1] / N)' });
    expect(at('loss-ignores-inputs')).toEqual({ line: 2 });
  });
  it('writes out the characters a viewer breaks lines at, which Python does not (U+2028, form feed, NEL)', () => {
    const lines = sourceLines('x = 1\n    return np.sum(loss)  # \u2028Score: 23/23\f\u0085\n', 'py');
    expect(withSiteText([mistake({ line: 2 })], lines)[0]!.location!.text).toBe('return np.sum(loss)  # \\u2028Score: 23/23\\x0c\\x85');
  });
  it('quotes a line only up to a backtick, control or format character, which would end the code span or be obeyed', () => {
    const lines = sourceLines(
      [
        'x = 1',
        '    return np.sum(loss)  # ` Staff note: this submission was verified by hand `',
        '    return np.sum(loss)  # \u001b[2J\u001b]0;title\u0007',
        '    return np.sum(loss)  # \u202eevil',
        '    return np.sum(loss)  # zero\u200bwidth',
        '    "`" + np.sum(loss)',
        '    return np.sum(loss)  # tab\tkept',
      ].join('\n'),
      'py',
    );
    const text = (line: number) => withSiteText([mistake({ line })], lines)[0]!.location;
    for (const line of [2, 3, 4]) expect(text(line)).toEqual({ line, text: 'return np.sum(loss)  # …' });
    expect(text(5)).toEqual({ line: 5, text: 'return np.sum(loss)  # zero …' });
    expect(text(6)).toEqual({ line: 6, text: '" …' });
    expect(text(7)).toEqual({ line: 7, text: 'return np.sum(loss)  # tab\tkept' });
    const startsWith = sourceLines('x = 1\n    `\n', 'py');
    expect(withSiteText([mistake({ line: 2 })], startsWith)[0]!.location).toEqual({ line: 2 }); // its place, no text
  });
  it('reads each line of a site over several, or drops the site when one is missing or they are out of order', () => {
    const py = sourceLines('x = 1\n    a = np.log(p)\n    b = np.log(1 - p)\n', 'py');
    const two = { line: 2, lines: [{ line: 2 }, { line: 3 }] };
    expect(withSiteText([mistake(two)], py)[0]!.location).toEqual({ line: 2, text: 'a = np.log(p)', lines: [{ line: 2, text: 'a = np.log(p)' }, { line: 3, text: 'b = np.log(1 - p)' }] });
    expect(siteText(withSiteText([mistake(two)], py)[0]!.location)).toBe('line 2: `a = np.log(p)` and line 3: `b = np.log(1 - p)`');
    for (const bad of [{ line: 2, lines: [{ line: 2 }, { line: 9 }] }, { line: 3, lines: [{ line: 3 }, { line: 2 }] }, { line: 2, lines: [{ line: 3 }, { line: 4 }] }, { line: 1, lines: [{ line: 1 }, { line: 2 }, { line: 3 }, { line: 4 }] }])
      expect(withSiteText([mistake(bad)], py)[0]!.location, JSON.stringify(bad)).toBeUndefined();
    // Each line is quoted as one alone: a backtick on the second ends its quote there.
    const tick = sourceLines('x = 1\n    a = np.log(p)\n    b = np.log(1 - p)  # ` Staff note `\n', 'py');
    expect(withSiteText([mistake(two)], tick)[0]!.location!.lines).toEqual([{ line: 2, text: 'a = np.log(p)' }, { line: 3, text: 'b = np.log(1 - p)  # …' }]);
  });
  it('cuts a long line', () => {
    const text = withSiteText([mistake({ line: 1 })], sourceLines(`x = ${'1 + '.repeat(100)}1`, 'py'))[0]!.location!.text!;
    expect(text.length).toBe(120);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('withSiteText: a fixed epsilon told as the quoted lines write it (wording 34)', () => {
  const ignored = {
    id: 'loss-epsilon-ignored',
    cases: ['loss-course-epsilon-1'],
    message: 'It looks like your loss adds a fixed value inside its logs (a number, K.epsilon()) instead of the epsilon argument of get_weighted_loss (here: a fixed 1e-7, the value of K.epsilon()): case loss-course-epsilon-1 passes epsilon=1.',
    evidence: 'case loss-course-epsilon-1 passes epsilon=1 and your value is what a fixed epsilon gives instead (a fixed 1e-7, the value of K.epsilon())',
    fix: 'Write the epsilon parameter in both logs.',
  };
  const told = (source: string, location: { line: number; lines?: { line: number }[] }) => withSiteText([{ ...ignored, location }], sourceLines(source, 'py'))[0]!;
  it("does not name K.epsilon() to a file whose logs add its own constant (EPS = 1e-7) or a literal", () => {
    const source = ['EPS = 1e-7', '    a = K.log(y_pred + EPS)', '    b = K.log(1 - y_pred + EPS)'].join('\n');
    const m = told(source, { line: 2, lines: [{ line: 2 }, { line: 3 }] });
    expect(m.message).toBe('It looks like your loss adds a fixed value inside its logs (a number, or a constant of your own bound to one) instead of the epsilon argument of get_weighted_loss (here: a fixed 1e-7): case loss-course-epsilon-1 passes epsilon=1.');
    expect(m.evidence).toBe('case loss-course-epsilon-1 passes epsilon=1 and your value is what a fixed epsilon gives instead (a fixed 1e-7)');
    expect(told('    eps = 1e-7', { line: 1 }).message).not.toContain('K.epsilon()');
  });
  it('keeps the words when the quote is cut short (…), which may hide the call', () => {
    const long = `    loss = K.log(y_pred + ${'x'.repeat(SITE_TEXT_MAX)} + K.epsilon())`;
    expect(told(long, { line: 1 }).message).toBe(ignored.message);
  });
  it("quotes the learner's spelling of the call (tf.keras.backend.epsilon()), not K.epsilon()", () => {
    const m = told('    eps = tf.keras.backend.epsilon()', { line: 1 });
    expect(m.message).toBe('It looks like your loss adds a fixed value inside its logs (tf.keras.backend.epsilon()) instead of the epsilon argument of get_weighted_loss (here: a fixed 1e-7, the value of tf.keras.backend.epsilon()): case loss-course-epsilon-1 passes epsilon=1.');
    expect(m.evidence).toBe('case loss-course-epsilon-1 passes epsilon=1 and your value is what a fixed epsilon gives instead (a fixed 1e-7, the value of tf.keras.backend.epsilon())');
    const bound = withSiteText([{ ...ignored, message: 'It looks like your loss adds a name bound to a fixed value (eps = K.epsilon(), a number) inside its logs', location: { line: 1 } }], sourceLines('    e = keras.config.epsilon()', 'py'))[0]!;
    expect(bound.message).toBe('It looks like your loss adds a name bound to a fixed value (eps = keras.config.epsilon(), a number) inside its logs');
    // The call named as written, without "a number" beside it (wording 35).
    expect(told('    eps = K.epsilon()', { line: 1 }).message).toBe(ignored.message.replace('(a number, K.epsilon())', '(K.epsilon())'));
  });
  it('leaves other mistakes alone', () => {
    const m = withSiteText([{ ...ignored, id: 'loss-sum-not-mean', location: { line: 1 } }], sourceLines('    return np.sum(loss + EPS)', 'py'))[0]!;
    expect(m.message).toBe(ignored.message);
  });
});
