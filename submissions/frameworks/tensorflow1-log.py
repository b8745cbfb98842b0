"""Written for the TensorFlow 1.x a course ran with Keras 2: tf.log, TensorFlow 1's name of
tf.math.log, which TensorFlow 2 removed. Right: graded as tf.math.log, with a note saying what
TensorFlow 2 writes. Needs tensorflow."""
import numpy as np
import tensorflow as tf
from keras import backend as K


def compute_class_freqs(labels):
    N = labels.shape[0]
    positive_frequencies = np.sum(labels, axis=0) / N
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -K.mean(pos_weights[i] * y_true[:, i] * tf.log(y_pred[:, i] + epsilon)
                            + neg_weights[i] * (1 - y_true[:, i]) * tf.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
