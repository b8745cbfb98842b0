"""Mistake freqs-no-axis, a second way: one mean over the whole matrix, returned as Python floats."""
import numpy as np

def compute_class_freqs(labels):
    # frequency of positives over the whole dataset
    positive_frequencies = float(np.mean(labels))
    negative_frequencies = 1.0 - positive_frequencies
    return positive_frequencies, negative_frequencies

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = -np.mean(pos_weights * y_true * np.log(y_pred + epsilon)
                        + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0)
        return np.sum(loss)
    return weighted_loss
