/**
 * runner.fix_sites, batch 35: `for i in range(len(pos_weights))` whose body reads `rp[i]` with
 * `rp = pos_weights[::-1]` got a loop site saying it runs over the examples (rp, no weight
 * parameter, read as the data taking row i). A loop bounded by the weights' length (len(W),
 * W.shape[0] of a weight or of a weight converted whole) is a class loop, whatever its body reads.
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
    out.append([[s["kind"], s["line"], s.get("over")] for s in runner.fix_sites(source) if s["kind"] == "loop"])
print(json.dumps(out))
`;

const loss = (bind: string, iter: string, term: string, lib = 'np') =>
  `import numpy as np\nimport torch\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n` +
  `        ${bind}\n        loss = 0.0\n        for i in ${iter}:\n` +
  `            loss += -${lib}.mean(${term} * ${lib}.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * ${lib}.log(1 - y_pred[:, i] + epsilon))\n` +
  `        return loss\n    return weighted_loss\n`;

const loopsOf = async (sources: string[]) => JSON.parse((await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(sources)])).stdout) as unknown[][];

describe('runner.fix_sites: a loop over the weights is a class loop', () => {
  it.each([
    ['reversed weights read by the class (the reported case)', loss('rp = pos_weights[::-1]', 'range(len(pos_weights))', 'rp[i] * y_true[:, i]')],
    ['np.flip of the weights', loss('rp = np.flip(pos_weights)', 'range(len(pos_weights))', 'rp[i] * y_true[:, i]')],
    ['the bound as the weights\' shape', loss('rp = pos_weights[::-1]', 'range(pos_weights.shape[0])', 'rp[i] * y_true[:, i]')],
    ['with a start', loss('rp = pos_weights[::-1]', 'range(0, len(neg_weights))', 'rp[i] * y_true[:, i]')],
    ['the weights converted whole, bounded by their length (torch)', loss('pw = torch.as_tensor(pos_weights)', 'range(len(pw))', 'torch.flip(pw, [0])[i] * y_true[:, i]', 'torch')],
  ])('%s: no loop over the examples', async (_, source) => {
    expect(await loopsOf([source])).toEqual([[]]);
  });

  it.each([
    ['bounded by the examples, its body taking rows of reversed labels', loss('rl = y_true[::-1]', 'range(len(y_true))', 'pos_weights * rl[i]'), 7],
    ['bounded by the examples\' shape', loss('rp = pos_weights[::-1]', 'range(y_true.shape[0])', 'rp * y_true[i]'), 7],
    ['over the labels themselves', loss('rp = pos_weights[::-1]', 'y_true', 'rp * i'), 7],
  ])('%s: still a loop over the examples', async (_, source, line) => {
    expect(await loopsOf([source])).toEqual([[['loop', line, 'examples']]]);
  });
});
