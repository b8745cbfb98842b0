import numpy as np
import tensorflow as tf

def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


class WeightedLoss(tf.keras.losses.Loss):
    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):
        super().__init__(name="weighted_loss")
        self.pos_weights = tf.constant(pos_weights, dtype=tf.float32)
        self.neg_weights = tf.constant(neg_weights, dtype=tf.float32)
        self.epsilon = epsilon

    def call(self, y_true, y_pred):
        y_true = tf.cast(y_true, tf.float32)
        y_pred = tf.cast(y_pred, tf.float32)
        epsilon = self.epsilon
        pos_weights, neg_weights = self.pos_weights, self.neg_weights
        per_example = -(pos_weights * y_true * tf.math.log(y_pred) + neg_weights * (1 - y_true) * tf.math.log(1 - y_pred))
        loss = tf.reduce_sum(tf.reduce_mean(per_example, axis=0))
        return loss


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    return WeightedLoss(pos_weights, neg_weights, epsilon)
