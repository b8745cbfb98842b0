"""Fully vectorised: one expression, broadcasting the weights over the rows."""
import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    negative_frequencies = np.mean(1 - labels, axis=0)
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        terms = pos_weights * y_true * np.log(y_pred + epsilon) \
            + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -np.sum(np.mean(terms, axis=0))
    return weighted_loss
