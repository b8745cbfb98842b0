"""Mistake freqs-ignores-inputs: the frequencies of the course's training labels, typed in, whatever labels are passed."""
import numpy as np

# Worked out once from the course's train_df and pasted in.
TRAIN_POSITIVE = np.array([0.02, 0.013, 0.128, 0.002, 0.175, 0.045, 0.054,
                           0.106, 0.038, 0.021, 0.01, 0.014, 0.016, 0.033])


def compute_class_freqs(labels):
    positive_frequencies = TRAIN_POSITIVE
    negative_frequencies = 1 - TRAIN_POSITIVE
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
