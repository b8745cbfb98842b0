"""Mistake loss-normalised-weights: np.average with the weights, which divides by their sum instead of N."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        bce = -(y_true * np.log(y_pred + epsilon) + (1 - y_true) * np.log(1 - y_pred + epsilon))
        w = pos_weights * y_true + neg_weights * (1 - y_true)
        return np.sum(np.average(bce, weights=w, axis=0))
    return weighted_loss
