"""TensorFlow, casting y_pred to float32 and leaving y_true as given: right in the course, where Keras
passes both as float32 tensors. On the suite's float64 inputs TensorFlow will not multiply them, so
those cases run again with float32 y_true and y_pred, full marks and a note. Needs TensorFlow."""
import numpy as np
import tensorflow as tf


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = tf.convert_to_tensor(y_true)
        y_pred = tf.cast(y_pred, tf.float32)
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -tf.reduce_mean(pos_weights[i] * y_true[:, i] * tf.math.log(y_pred[:, i] + epsilon)
                                    + neg_weights[i] * (1 - y_true[:, i]) * tf.math.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
