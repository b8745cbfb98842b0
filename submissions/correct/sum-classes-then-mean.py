"""Correct: each example's terms summed over the classes (axis 1), then the mean over the examples.
mean_n(sum_c L) is sum_c(mean_n L), the assignment's loss: an axis 1 that is no loss-wrong-axis (learners 36)."""
import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels == 1, axis=0)
    negative_frequencies = np.mean(labels == 0, axis=0)
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        L = -(pos_weights * y_true * np.log(y_pred + epsilon)
              + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))
        return np.mean(np.sum(L, axis=1))
    return weighted_loss
