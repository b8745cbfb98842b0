"""PyTorch, the class weights per element through BCELoss's weight argument (pos_weights * y_true + neg_weights * (1 - y_true)), the per-class means added up: right apart from the -100 log floor that replaces epsilon. Needs torch."""
import torch
import torch.nn.functional as F


def compute_class_freqs(labels):
    labels = torch.as_tensor(labels, dtype=torch.float64)
    pos = labels.mean(dim=0)
    return pos, 1 - pos


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        y_pred = torch.as_tensor(y_pred)
        y_true = torch.as_tensor(y_true).to(y_pred.dtype)
        pw = torch.as_tensor(pos_weights).to(y_pred.dtype)
        nw = torch.as_tensor(neg_weights).to(y_pred.dtype)
        w = pw * y_true + nw * (1 - y_true)
        per = F.binary_cross_entropy(y_pred, y_true, weight=w, reduction='none')
        return per.mean(dim=0).sum()
    return weighted_loss
