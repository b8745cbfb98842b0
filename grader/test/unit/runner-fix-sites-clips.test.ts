/**
 * runner.fix_sites and runner.clips_predictions read a clip of the predictions from one list of
 * clip calls (_CLIP_CALLS) and one test of a bound that bounds nothing (_trivial_bound). Before,
 * _log_side lacked the in-place clamp_ / clip_, so a log of `(1 - y_pred).clamp_(eps, 1)` said no
 * term and a weight on it was never found swapped; and _clip_sites took True / False as bounds
 * (clips_predictions, rightly, as 1 and 0), so `torch.clamp(y_pred, False, True)` got a clip site.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
out = []
for source in json.loads(sys.argv[2]):
    out.append([[s["kind"], s["line"]] for s in runner.fix_sites(source) if s["kind"] in ("clip", "swapped")])
print(json.dumps(out))
`;

const loss = (p: string, negative: string) =>
  'import torch\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
  `        p = ${p}\n        return -torch.sum(pos_weights * y_true * torch.log(p + epsilon) + ${negative})\n    return weighted_loss\n`;

const sitesOf = async (sources: string[]) =>
  JSON.parse((await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(sources)])).stdout) as [string, number][][];

describe('runner.fix_sites: clips of the predictions', () => {
  it.each([
    ['a clamp by 0 and 1 written as False and True bounds nothing', loss('torch.clamp(y_pred, False, True)', 'neg_weights * (1 - y_true) * torch.log(1 - p + epsilon)'), []],
    ['a clamp by epsilon is a clip', loss('torch.clamp(y_pred, epsilon, 1 - epsilon)', 'neg_weights * (1 - y_true) * torch.log(1 - p + epsilon)'), [['clip', 4]]],
    ['an in-place clamp keeps the log of 1 - y_pred the negative term: pos_weights on it is swapped', loss('y_pred', 'pos_weights * torch.log((1 - y_pred).clamp_(epsilon, 1))'), [['clip', 5], ['swapped', 5]]],
    ['… and neg_weights on it is right', loss('y_pred', 'neg_weights * torch.log((1 - y_pred).clamp_(epsilon, 1))'), [['clip', 5]]],
  ])('%s', async (_, source, want) => {
    expect(await sitesOf([source])).toEqual([want]);
  });
});
