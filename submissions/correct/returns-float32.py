"""Computes in float32 and returns np.float32(loss)."""
import numpy as np


def compute_class_freqs(labels):
    labels = labels.astype(np.float32)
    positive_frequencies = labels.mean(axis=0)
    negative_frequencies = (1 - labels).mean(axis=0)
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y = y_true.astype(np.float32)
        p = y_pred.astype(np.float32)
        eps = np.float32(epsilon)
        per_class = -np.mean(pos_weights.astype(np.float32) * y * np.log(p + eps)
                             + neg_weights.astype(np.float32) * (1 - y) * np.log(1 - p + eps), axis=0)
        return np.float32(np.sum(per_class))
    return weighted_loss
