"""The loss as a frozen dataclass with __call__, type hints throughout; get_weighted_loss returns
an instance, which Keras calls as it calls a function."""
from dataclasses import dataclass

import numpy as np


def compute_class_freqs(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    positive_frequencies = labels.mean(0)
    return positive_frequencies, 1 - positive_frequencies


@dataclass(frozen=True)
class WeightedBCE:
    pos_weights: np.ndarray
    neg_weights: np.ndarray
    epsilon: float = 1e-7

    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        terms = (self.pos_weights * y_true * np.log(y_pred + self.epsilon)
                 + self.neg_weights * (1 - y_true) * np.log(1 - y_pred + self.epsilon))
        return float(-np.sum(np.mean(terms, axis=0)))


def get_weighted_loss(pos_weights, neg_weights, epsilon: float = 1e-7) -> WeightedBCE:
    return WeightedBCE(np.asarray(pos_weights), np.asarray(neg_weights), epsilon)
