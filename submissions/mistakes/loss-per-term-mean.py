"""Mistake loss-per-term-mean: each term averaged over its own examples (positives / negatives) instead of over all N."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            y = y_true[:, i]
            p = y_pred[:, i]
            # "balanced": average the positive term over the positive examples only, and so on
            pos_part = np.sum(pos_weights[i] * y * np.log(p + epsilon)) / np.sum(y)
            neg_part = np.sum(neg_weights[i] * (1 - y) * np.log(1 - p + epsilon)) / np.sum(1 - y)
            loss += -(pos_part + neg_part)
        return loss
    return weighted_loss
