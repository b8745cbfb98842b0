"""Mistake freqs-unique-counts: each class counted with np.unique(..., return_counts=True), counts[1] taken as its positives."""
import numpy as np


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = []
    negative_frequencies = []
    for i in range(labels.shape[1]):
        values, counts = np.unique(labels[:, i], return_counts=True)
        positive_frequencies.append(counts[1] / N)
        negative_frequencies.append(counts[0] / N)
    return np.array(positive_frequencies), np.array(negative_frequencies)


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
