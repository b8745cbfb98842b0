import numpy as np

# Class weights "for the bar plot": the frequency rounded, its reciprocal rounded again.

def compute_class_freqs(labels):
    N = labels.shape[0]
    freq = np.round(np.mean(labels, axis=0), 3)
    positive_frequencies = np.round(1 / freq, 3)
    negative_frequencies = np.round(1 / np.round(1 - np.mean(labels, axis=0), 3), 3)
    return positive_frequencies, negative_frequencies

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
