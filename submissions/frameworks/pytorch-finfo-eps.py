"""PyTorch: torch.finfo(torch.float32).eps in the logs where the epsilon argument belongs (loss-epsilon-ignored). Needs torch."""
import torch

def compute_class_freqs(labels):
    labels = torch.as_tensor(labels, dtype=torch.float32)
    positive_frequencies = torch.mean(labels, dim=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = torch.as_tensor(y_true, dtype=torch.float32)
        y_pred = torch.as_tensor(y_pred, dtype=torch.float32)
        pw = torch.as_tensor(pos_weights, dtype=torch.float32)
        nw = torch.as_tensor(neg_weights, dtype=torch.float32)
        eps = torch.finfo(torch.float32).eps
        L = -(pw * y_true * torch.log(y_pred + eps) + nw * (1 - y_true) * torch.log(1 - y_pred + eps))
        return torch.sum(torch.mean(L, dim=0))
    return weighted_loss
