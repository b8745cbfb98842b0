"""Mistake loss-divided-by-positives: each class's summed terms (the negative term's too) divided by its number of positive examples instead of N."""
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
            n_pos = np.sum(y)  # normalise by the number of positives, as detection losses do
            class_sum = np.sum(pos_weights[i] * y * np.log(p + epsilon) + neg_weights[i] * (1 - y) * np.log(1 - p + epsilon))
            loss += -class_sum / n_pos
        return loss
    return weighted_loss
