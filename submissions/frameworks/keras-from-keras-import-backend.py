"""Keras 2 backend, `from keras import backend as K`: the course's own style. Needs no framework:
wlgrade's Keras shim supplies K when Keras/TensorFlow are missing (or lack K.mean, as Keras 3)."""
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
            loss += K.mean(-(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon)
                             + neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)))
        return loss
    return weighted_loss


if __name__ == "__main__":
    # The course's test cell: never runs under wlgrade (the module is not __main__).
    y_true = K.constant(np.array([[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]]))
    L = get_weighted_loss(np.array([0.25, 0.25, 0.5]), np.array([0.75, 0.75, 0.5]), 1)
    print(L(y_true, K.ones(shape=(4, 3)) * 0.7).eval())
