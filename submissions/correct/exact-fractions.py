"""Exact frequencies: each class's count over N kept as a fractions.Fraction in a Python list
(accepted with a note, as a list of floats is); the loss in numpy."""
from fractions import Fraction

import numpy as np


def compute_class_freqs(labels):
    n = len(labels)
    positive_frequencies = [Fraction(int(sum(row[j] for row in labels)), n) for j in range(len(labels[0]))]
    negative_frequencies = [1 - f for f in positive_frequencies]
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    pos_weights = np.asarray(pos_weights, dtype=np.float64)
    neg_weights = np.asarray(neg_weights, dtype=np.float64)

    def weighted_loss(y_true, y_pred):
        terms = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -np.sum(np.mean(terms, axis=0))
    return weighted_loss
