"""Mistake loss-weights-averaged-apart, over the whole matrix: the weights and the cross-entropy each averaged over every example and class, then multiplied, np.mean(w) * np.mean(bce) (learner 26)."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        w = pos_weights * y_true + neg_weights * (1 - y_true)
        bce = -(y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon))
        return np.mean(w) * np.mean(bce)
    return weighted_loss
