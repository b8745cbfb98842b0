"""Mistake loss-unweighted, the complement way: the negative term weighted by 1 - pos_weights[i]
instead of neg_weights[i], which is never read. It equals neg_weights[i] wherever the two weights add
up to 1, as the course's frequencies do (pos_weights = freq_neg, neg_weights = freq_pos), so the
course's own test passes; weights that do not add up to 1 show it (learner 26)."""
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
            w = pos_weights[i]
            loss += -np.mean(w * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + (1 - w) * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
