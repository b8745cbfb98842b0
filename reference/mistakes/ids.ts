/** Stable mistake ids: reports, gradebooks and manifests use them, so never rename one. */
export const MISTAKE_IDS = [
  'loss-no-epsilon',
  'loss-epsilon-outside-log',
  'loss-epsilon-one-term',
  'loss-epsilon-ignored',
  'loss-sum-not-mean',
  'loss-mean-over-classes',
  'loss-swapped-weights',
  'loss-unweighted',
  'loss-recomputes-weights',
  'loss-sign',
  'loss-log-base',
  'loss-swapped-terms',
  'loss-swapped-arguments',
  'loss-hardcoded-classes',
  'loss-overwrites-accumulator',
  'loss-rows-not-columns',
  'loss-not-scalar',
  'loss-mutates-input',
  'freqs-wrong-axis',
  'freqs-wrong-denominator',
  'freqs-counts',
  'freqs-integer-division',
  'freqs-swapped',
  'freqs-mutates-input',
] as const;

export type MistakeId = (typeof MISTAKE_IDS)[number];
