"""Mistake loss-weights-averaged-apart: each class's weights and cross-entropy averaged over the examples apart, then multiplied (what w * keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i]) computes)."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            y = y_true[:, i]
            p = y_pred[:, i]
            w = pos_weights[i] * y + neg_weights[i] * (1 - y)
            # the cross-entropy of the column, already averaged over the examples
            bce = -np.mean(y * np.log(p + epsilon) + (1 - y) * np.log(1 - p + epsilon))
            loss += np.mean(w * bce)
        return loss
    return weighted_loss
