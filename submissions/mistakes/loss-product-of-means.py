"""Mistake loss-product-of-means: each term's labels and logs averaged apart, then multiplied (mean(y) · mean(log p))."""
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
            pos = pos_weights[i] * np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + epsilon))
            neg = neg_weights[i] * np.mean(1 - y_true[:, i]) * np.mean(np.log(1 - y_pred[:, i] + epsilon))
            loss += -(pos + neg)
        return loss
    return weighted_loss
