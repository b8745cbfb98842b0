"""TensorFlow: tf.convert_to_tensor keeps int64 labels beside float64 predictions; right as Keras calls it (float32), the integer-label cases run again so, with a note. Needs TensorFlow."""
import numpy as np
import tensorflow as tf

def compute_class_freqs(labels):
    labels = tf.constant(labels)
    positive_frequencies = tf.reduce_mean(tf.cast(labels, tf.float64), axis=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies.numpy(), negative_frequencies.numpy()

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = tf.convert_to_tensor(y_true)
        y_pred = tf.convert_to_tensor(y_pred)
        loss = tf.zeros([], dtype=y_pred.dtype)
        for i in range(len(pos_weights)):
            loss -= tf.reduce_mean(pos_weights[i] * y_true[:, i] * tf.math.log(y_pred[:, i] + epsilon)
                                   + neg_weights[i] * (1 - y_true[:, i]) * tf.math.log(1 - y_pred[:, i] + epsilon))
        return loss.numpy()
    return weighted_loss
