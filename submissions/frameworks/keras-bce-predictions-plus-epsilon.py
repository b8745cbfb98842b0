import numpy as np
from keras import backend as K

def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):

    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            w = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 - y_true[:, i])
            loss += K.mean(w * K.binary_crossentropy(y_true[:, i], y_pred[:, i] + epsilon))
        return loss
    return weighted_loss

