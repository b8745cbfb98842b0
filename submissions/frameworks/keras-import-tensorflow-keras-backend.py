"""Keras 2 backend, `import tensorflow.keras.backend as K`, with K.sum(..., keepdims) and K.shape."""
import tensorflow.keras.backend as K


def compute_class_freqs(labels):
    n = K.cast(K.shape(labels)[0], "float64")
    positive_frequencies = K.sum(K.cast(labels, "float64"), axis=0) / n
    negative_frequencies = 1 - positive_frequencies
    return K.get_value(positive_frequencies), K.get_value(negative_frequencies)


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        terms = pos_weights * y_true * K.log(y_pred + epsilon) + neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon)
        return -K.sum(K.mean(terms, axis=0, keepdims=True))
    return weighted_loss
