"""Mistake loss-weights-by-example: a loop over the examples with the weights indexed by the example,
pos_weights[n], where the weights are per class (IndexError once n reaches the number of classes)."""
import numpy as np

def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        N = y_true.shape[0]
        for n in range(N):
            loss += -np.sum(pos_weights[n] * y_true[n] * np.log(y_pred[n] + epsilon)
                            + neg_weights[n] * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon))
        return loss / N
    return weighted_loss
