"""Mistake freqs-wrong-axis, a second way: labels.mean(1), the array's own method, in a course file whose loss uses K."""
import numpy as np
from keras import backend as K


def compute_class_freqs(labels):
    ### START CODE HERE (REPLACE INSTANCES OF 'None' with your code) ###
    positive_frequencies = labels.mean(1)
    negative_frequencies = 1 - positive_frequencies
    ### END CODE HERE ###
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        # initialize loss to zero
        loss = 0.0
        ### START CODE HERE (REPLACE INSTANCES OF 'None' with your code) ###
        for i in range(len(pos_weights)):
            # for each class, add average weighted loss for that class
            loss += -(K.mean(pos_weights[i] * y_true[:, i] * K.log(y_pred[:, i] + epsilon) +
                             neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[:, i] + epsilon)))
        return loss
        ### END CODE HERE ###
    return weighted_loss
