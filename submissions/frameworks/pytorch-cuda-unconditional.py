"""PyTorch: .cuda() on every tensor, unconditionally: graded on a CPU, every loss case raises with a sentence on picking the device. Needs torch."""
import torch

def compute_class_freqs(labels):
    labels = torch.tensor(labels).float()
    positive_frequencies = labels.mean(0)
    negative_frequencies = 1 - positive_frequencies
    return positive_frequencies.numpy(), negative_frequencies.numpy()

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_true = torch.tensor(y_true).float().cuda()
        y_pred = torch.tensor(y_pred).float().cuda()
        pw = torch.tensor(pos_weights).float().cuda()
        nw = torch.tensor(neg_weights).float().cuda()
        loss = -(pw * y_true * torch.log(y_pred + epsilon) + nw * (1 - y_true) * torch.log(1 - y_pred + epsilon))
        return torch.sum(torch.mean(loss, 0)).item()
    return weighted_loss
