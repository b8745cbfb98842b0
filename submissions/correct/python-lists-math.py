"""Pure Python: the labels read as lists of rows, math.log in loops over the examples and the
classes, no numpy. Returns Python lists and a float (the lists are accepted with a note)."""
import math


def compute_class_freqs(labels):
    rows = [list(r) for r in labels]
    n = len(rows)
    positive_frequencies = [sum(r[j] for r in rows) / n for j in range(len(rows[0]))]
    negative_frequencies = [1 - f for f in positive_frequencies]
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        n = len(y_true)
        total = 0.0
        for j in range(len(pos_weights)):
            s = 0.0
            for i in range(n):
                y, p = float(y_true[i][j]), float(y_pred[i][j])
                s += pos_weights[j] * y * math.log(p + epsilon) + neg_weights[j] * (1 - y) * math.log(1 - p + epsilon)
            total -= s / n
        return total
    return weighted_loss
