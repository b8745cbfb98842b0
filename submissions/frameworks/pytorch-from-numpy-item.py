"""PyTorch: the inputs through torch.from_numpy as float32 tensors, the loss returned as a Python
float with .item(): right (a float32 loss is within the float32 cases' tolerance). Needs torch."""
import numpy as np
import torch


def compute_class_freqs(labels):
    labels = torch.from_numpy(np.asarray(labels, dtype=np.float64))
    positive_frequencies = labels.sum(dim=0) / labels.shape[0]
    return positive_frequencies.numpy(), (1 - positive_frequencies).numpy()


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    pw = torch.from_numpy(np.asarray(pos_weights, dtype=np.float32))
    nw = torch.from_numpy(np.asarray(neg_weights, dtype=np.float32))

    def weighted_loss(y_true, y_pred):
        yp = torch.from_numpy(np.asarray(y_pred, dtype=np.float32))
        yt = torch.from_numpy(np.asarray(y_true, dtype=np.float32))
        terms = pw * yt * torch.log(yp + epsilon) + nw * (1 - yt) * torch.log(1 - yp + epsilon)
        return (-terms.mean(dim=0).sum()).item()
    return weighted_loss
