"""PyTorch: the loss as an nn.Module whose forward the factory's object runs, the weights as buffers (they follow .to(device)). Needs torch."""
import torch
from torch import nn


def compute_class_freqs(labels):
    labels = torch.as_tensor(labels, dtype=torch.float64)
    positive_frequencies = labels.mean(dim=0)
    return positive_frequencies.numpy(), (1 - positive_frequencies).numpy()


class WeightedBCELoss(nn.Module):
    def __init__(self, pos_weights, neg_weights, epsilon=1e-7):
        super().__init__()
        self.register_buffer("pos_weights", torch.as_tensor(pos_weights, dtype=torch.float32))
        self.register_buffer("neg_weights", torch.as_tensor(neg_weights, dtype=torch.float32))
        self.epsilon = epsilon

    def forward(self, y_true, y_pred):
        y_true = torch.as_tensor(y_true, dtype=torch.float32)
        y_pred = torch.as_tensor(y_pred, dtype=torch.float32)
        loss = -(self.pos_weights * y_true * torch.log(y_pred + self.epsilon)
                 + self.neg_weights * (1 - y_true) * torch.log(1 - y_pred + self.epsilon))
        return loss.mean(dim=0).sum()


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    return WeightedBCELoss(pos_weights, neg_weights, epsilon)
