"""Mistake loss-wrong-axis: the mean over axis 1 (each example's classes), then the sum over the examples."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        losses = -(pos_weights * y_true * np.log(y_pred + epsilon)
                   + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))
        return np.sum(np.mean(losses, axis=1))
    return weighted_loss
