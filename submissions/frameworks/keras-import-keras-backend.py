"""Keras 2 backend, `import keras.backend as K`, vectorised: K.mean over the examples, K.sum over the classes."""
import keras.backend as K


def compute_class_freqs(labels):
    labels = K.cast(labels, K.floatx())
    positive_frequencies = K.mean(labels, axis=0)
    negative_frequencies = K.mean(1 - labels, axis=0)
    return K.eval(positive_frequencies), K.eval(negative_frequencies)


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        per_class = K.mean(-(pos_weights * y_true * K.log(y_pred + epsilon)
                             + neg_weights * (1 - y_true) * K.log(1 - y_pred + epsilon)), axis=0)
        return K.sum(per_class)
    return weighted_loss
