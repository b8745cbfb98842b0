"""Mistake loss-mixed-dtypes: y_true cast to float64 while y_pred stays as given. Keras passes float32
tensors, so in the course TensorFlow will not multiply them; here every float32 case raises."""
import numpy as np
import tensorflow as tf


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = tf.cast(y_true, tf.float64)
        y_pred = tf.convert_to_tensor(y_pred)
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -tf.reduce_mean(pos_weights[i] * y_true[:, i] * tf.math.log(y_pred[:, i] + epsilon)
                                    + neg_weights[i] * (1 - y_true[:, i]) * tf.math.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
