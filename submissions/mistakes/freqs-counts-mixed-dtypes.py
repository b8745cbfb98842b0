"""Mistake freqs-counts, a third way: float counts (labels.sum of float labels) beside int64 counts (np.count_nonzero)."""
import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = labels.sum(axis=0)
    negative_frequencies = np.count_nonzero(labels == 0, axis=0)
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
