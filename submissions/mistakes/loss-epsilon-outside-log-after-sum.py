"""Mistake loss-epsilon-outside-log, once after both terms: the bracket of np.log(1 - y_pred[:, i] + epsilon)
slipped to np.log(1 - y_pred[:, i]) + epsilon, and the first log has no epsilon either, so epsilon is added
once to each example's two terms instead of inside the logs (learners 36)."""
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
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i])
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]) + epsilon)
        return loss
    return weighted_loss
