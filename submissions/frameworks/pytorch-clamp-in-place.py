"""PyTorch: y_pred.clamp_(epsilon, 1 - epsilon) in place, then the logs without epsilon: clipping where epsilon belongs, and the caller's tensor changed (two mistakes). Needs torch."""
import torch

def compute_class_freqs(labels):
    labels = torch.as_tensor(labels, dtype=torch.float64)
    positive_frequencies = labels.mean(dim=0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies, negative_frequencies

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_pred.clamp_(epsilon, 1 - epsilon)
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -torch.mean(pos_weights[i] * y_true[:, i] * torch.log(y_pred[:, i])
                                + neg_weights[i] * (1 - y_true[:, i]) * torch.log(1 - y_pred[:, i]))
        return loss
    return weighted_loss
