"""Written for the NumPy 1.x of a course's environment: np.float, np.int and np.float_, which only
named Python's float and int and np.float64, and which NumPy 1.24 and 2.0 removed. Right: graded as
those names ran there, with a note naming each and what to write for current NumPy."""
import numpy as np


def compute_class_freqs(labels):
    labels = labels.astype(np.float)
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = np.float_(0.0)
        for i in range(np.int(len(pos_weights))):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
