"""Mistake loss-reciprocal-weights: divides by the weights (inverse frequency once more) instead of multiplying."""
import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    negative_frequencies = np.mean(1 - labels, axis=0)
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            pos_term = y_true[:, i] * np.log(y_pred[:, i] + epsilon) / pos_weights[i]
            neg_term = (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon) / neg_weights[i]
            loss += -np.mean(pos_term + neg_term)
        return loss
    return weighted_loss
