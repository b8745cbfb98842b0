"""Keras 3: keras.ops in a keras.losses.Loss subclass, registered (register_keras_serializable) with get_config, as model.save needs. Needs keras and tensorflow."""
import keras
import numpy as np
from keras import ops


def compute_class_freqs(labels):
    positive_frequencies = np.mean(labels, axis=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


@keras.saving.register_keras_serializable(package="course")
class WeightedLoss(keras.losses.Loss):
    def __init__(self, pos_weights, neg_weights, epsilon=1e-7, name="weighted_loss", **kwargs):
        super().__init__(name=name, **kwargs)
        self.pos_weights = np.asarray(pos_weights, dtype="float32")
        self.neg_weights = np.asarray(neg_weights, dtype="float32")
        self.epsilon = epsilon

    def call(self, y_true, y_pred):
        y_true = ops.cast(y_true, "float32")
        y_pred = ops.cast(y_pred, "float32")
        loss = -(self.pos_weights * y_true * ops.log(y_pred + self.epsilon)
                 + self.neg_weights * (1 - y_true) * ops.log(1 - y_pred + self.epsilon))
        return ops.sum(ops.mean(loss, axis=0))

    def get_config(self):
        config = super().get_config()
        config.update({"pos_weights": self.pos_weights.tolist(), "neg_weights": self.neg_weights.tolist(), "epsilon": self.epsilon})
        return config


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    return WeightedLoss(pos_weights, neg_weights, epsilon)
