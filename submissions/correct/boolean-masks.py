"""Correct: the labels as booleans, ~ for the negatives (on booleans ~ is NOT, unlike freqs-bitwise-not's
~ on integers), and the negative term as np.log1p(epsilon - y_pred), which is log(1 - y_pred + epsilon)
(learners 36)."""
import numpy as np


def compute_class_freqs(labels):
    positive = labels.astype(bool)
    N = labels.shape[0]
    return positive.sum(axis=0) / N, (~positive).sum(axis=0) / N


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        pos = y_true.astype(bool)
        neg = ~pos
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * pos[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * neg[:, i] * np.log1p(epsilon - y_pred[:, i]))
        return loss
    return weighted_loss
