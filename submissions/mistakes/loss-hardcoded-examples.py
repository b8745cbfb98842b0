"""Known mistake: loss-hardcoded-examples. The mean over the examples is written as a division by
the course example's batch size (4), so every other batch size gets the wrong loss."""
import numpy as np

N_EXAMPLES = 4


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = np.sum(1 - labels, axis=0) / N
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            term = pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) \
                + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon)
            loss += -np.sum(term) / N_EXAMPLES
        return loss
    return weighted_loss
