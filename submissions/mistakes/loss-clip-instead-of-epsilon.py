"""Mistake loss-clip-instead-of-epsilon: clips predictions to [epsilon, 1 - epsilon] (the Keras
convention) instead of adding epsilon inside the log.

Within tolerance of the assignment's formula when epsilon is tiny (the default 1e-7), but a
different function for epsilon = 0.1 or 1, which the public suite passes.
"""
import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        p = np.clip(y_pred, epsilon, 1 - epsilon)
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(p[:, i])
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - p[:, i]))
        return loss
    return weighted_loss
