/** Learners' correct files for e2e tests that vary only in how compute_class_freqs gets its mean. */

/** A correct get_weighted_loss (each class's weighted log-loss, its mean over the batch, summed), as learners write it. */
export const CORRECT_LOSS = `def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        t = pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -np.sum(np.mean(t, axis=0))
    return weighted_loss
`;

/** A correct file: `imports` (numpy as np among them), compute_class_freqs whose body is `freqs` (one line each), then CORRECT_LOSS. */
export const correctWith = (imports: string, freqs: readonly string[]): string =>
  `${imports}\n\n\ndef compute_class_freqs(labels):\n${freqs.map((l) => `    ${l}`).join('\n')}\n\n\n${CORRECT_LOSS}`;
