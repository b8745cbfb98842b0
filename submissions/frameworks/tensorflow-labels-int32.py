"""TensorFlow: the labels cast to int32 in the loss, where they meet float predictions; TensorFlow refuses the mix (loss-mixed-dtypes). Needs TensorFlow."""
import tensorflow as tf

def compute_class_freqs(labels):
    labels = tf.cast(labels, tf.float32)
    positive_frequencies = tf.reduce_mean(labels, axis=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = tf.cast(y_true, tf.float32)
        y_pred = tf.cast(y_pred, tf.float32)
        pw = tf.constant(pos_weights, dtype=tf.float32)
        nw = tf.constant(neg_weights, dtype=tf.float32)
        labels = tf.cast(y_true, tf.int32)
        L = -(pw * labels * tf.math.log(y_pred + epsilon) + nw * (1 - labels) * tf.math.log(1 - y_pred + epsilon))
        return tf.reduce_sum(tf.reduce_mean(L, axis=0))
    return weighted_loss
