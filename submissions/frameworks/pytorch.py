"""PyTorch: torch ops on tensors; takes numpy arrays or tensors (torch.as_tensor), returns a 0-d tensor. Needs torch."""
import torch


def compute_class_freqs(labels):
    labels = torch.as_tensor(labels, dtype=torch.float64)
    positive_frequencies = labels.mean(dim=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_pred = torch.as_tensor(y_pred)
        y_true = torch.as_tensor(y_true).to(y_pred.dtype)
        pos = torch.as_tensor(pos_weights).to(y_pred.dtype)
        neg = torch.as_tensor(neg_weights).to(y_pred.dtype)
        loss = torch.zeros((), dtype=y_pred.dtype)
        for i in range(y_true.shape[1]):
            loss = loss - torch.mean(pos[i] * y_true[:, i] * torch.log(y_pred[:, i] + epsilon)
                                     + neg[i] * (1 - y_true[:, i]) * torch.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
