"""Mistake loss-mixed-reduction: the positive term averaged over the examples, the negative term summed."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        pos_term = np.mean(pos_weights * y_true * np.log(y_pred + epsilon), axis=0)
        neg_term = neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -(np.sum(pos_term) + np.sum(neg_term))
    return weighted_loss
