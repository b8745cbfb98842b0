"""Converts everything to float64 first, then computes per class with explicit sums."""
import numpy as np


def compute_class_freqs(labels):
    labels = np.asarray(labels, dtype=np.float64)
    n = labels.shape[0]
    positive_frequencies = labels.sum(axis=0) / n
    negative_frequencies = (n - labels.sum(axis=0)) / n
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    pos_weights = np.asarray(pos_weights, dtype=np.float64)
    neg_weights = np.asarray(neg_weights, dtype=np.float64)

    def weighted_loss(y_true, y_pred):
        y = np.asarray(y_true, dtype=np.float64)
        p = np.asarray(y_pred, dtype=np.float64)
        n = y.shape[0]
        total = 0.0
        for c in range(y.shape[1]):
            pos = pos_weights[c] * y[:, c] * np.log(p[:, c] + epsilon)
            neg = neg_weights[c] * (1.0 - y[:, c]) * np.log(1.0 - p[:, c] + epsilon)
            total -= (pos.sum() + neg.sum()) / n
        return total
    return weighted_loss
