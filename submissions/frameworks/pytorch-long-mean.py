"""PyTorch, with .mean() of the labels as given: an int64 label matrix becomes a LongTensor, which torch.mean refuses (freqs-integer-division)."""
import torch


def compute_class_freqs(labels):
    labels = torch.as_tensor(labels)
    positive_frequencies = labels.mean(dim=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    pw = torch.as_tensor(pos_weights)
    nw = torch.as_tensor(neg_weights)

    def weighted_loss(y_true, y_pred):
        y_true = torch.as_tensor(y_true)
        y_pred = torch.as_tensor(y_pred)
        terms = pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon)
        return -terms.mean(dim=0).sum()
    return weighted_loss
