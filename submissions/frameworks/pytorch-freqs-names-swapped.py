"""PyTorch: compute_class_freqs returns (positive_frequencies, negative_frequencies) in order, but
computes the mean of the labels into negative_frequencies: freqs-swapped, whose fix says the values
are each other's, not to change the return's order. Needs torch."""
import torch


def compute_class_freqs(labels):
    labels = torch.as_tensor(labels, dtype=torch.float64)
    negative_frequencies = labels.mean(dim=0)
    positive_frequencies = 1 - negative_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_pred = torch.as_tensor(y_pred)
        y_true = torch.as_tensor(y_true, dtype=y_pred.dtype)
        pw = torch.as_tensor(pos_weights, dtype=y_pred.dtype)
        nw = torch.as_tensor(neg_weights, dtype=y_pred.dtype)
        terms = pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon)
        return -terms.mean(dim=0).sum()
    return weighted_loss
