"""TensorFlow ops (tf.math.log, tf.reduce_mean) on the numpy inputs; returns a tf.Tensor. Needs TensorFlow."""
import tensorflow as tf


def compute_class_freqs(labels):
    labels = tf.cast(labels, tf.float64)
    positive_frequencies = tf.reduce_mean(labels, axis=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies.numpy(), negative_frequencies.numpy()


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = tf.cast(y_true, y_pred.dtype)
        pos = tf.cast(pos_weights, y_pred.dtype)
        neg = tf.cast(neg_weights, y_pred.dtype)
        terms = pos * y_true * tf.math.log(y_pred + epsilon) + neg * (1 - y_true) * tf.math.log(1 - y_pred + epsilon)
        return -tf.reduce_sum(tf.reduce_mean(terms, axis=0))
    return weighted_loss
