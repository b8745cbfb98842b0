"""Mistake loss-weights-reversed: pos_weights[::-1] and neg_weights[::-1], each class weighted with the class at the other end (class i with class C - 1 - i)."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        wp = np.asarray(pos_weights[::-1])
        wn = np.asarray(neg_weights[::-1])
        loss = wp * y_true * np.log(y_pred + epsilon) + wn * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -np.sum(np.mean(loss, axis=0))
    return weighted_loss
