"""Mistake loss-clip-and-epsilon: clips the predictions with K.epsilon()-style bounds, then also
adds epsilon inside the logs (a defensive habit from Keras code)."""
import numpy as np


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        p = np.clip(y_pred, 1e-7, 1 - 1e-7)
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(p[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - p[:, i] + epsilon))
        return loss
    return weighted_loss
