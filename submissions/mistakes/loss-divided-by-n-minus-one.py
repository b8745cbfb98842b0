"""Mistake: divides each class's sum over the examples by N - 1 instead of N."""
import numpy as np


def compute_class_freqs(labels):
    N = len(labels)
    pos = np.sum(labels, axis=0) / N
    return pos, 1 - pos


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        N = y_true.shape[0]
        L = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)
        # unbiased average (like the sample variance)
        return -np.sum(np.sum(L, axis=0) / (N - 1))
    return weighted_loss
