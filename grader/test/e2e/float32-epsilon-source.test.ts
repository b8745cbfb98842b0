/**
 * A float32 loss with no epsilon and one with a fixed 1e-7 give the same inf or NaN on a prediction
 * of exactly 1 (1 + 1e-7 is 1 in float32), so the cases cannot tell loss-no-epsilon from
 * loss-epsilon-ignored: the loss's source does (runner.adds_epsilon, the log sites). Framework losses
 * (torch, tf, the Keras backend) of both kinds, numpy float64 ones unchanged, and a loss whose logs a
 * helper of the file's own takes keeps the cases' honest ambiguity. Skipped by name where a framework
 * is not installed.
 */
import { describe, expect, it } from 'vitest';
import { checkJson, scratchSubmissions } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';

const HAS_TORCH = hasModule('torch');
const HAS_TF = hasModule('tensorflow');

const FREQS = 'import numpy as np\n\ndef compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n';
const LOG = { torch: 'torch.log', tf: 'tf.math.log', K: 'K.log' } as const;
/** A float32 loss in `ns`'s terms, its logs' arguments `pos` and `neg`. */
const loss = (ns: keyof typeof LOG, pos: string, neg: string) => {
  const head = { torch: 'import torch\n', tf: 'import tensorflow as tf\n', K: 'from keras import backend as K\n' }[ns];
  const cast = { torch: (x: string) => `torch.as_tensor(${x}, dtype=torch.float32)`, tf: (x: string) => `tf.cast(${x}, tf.float32)`, K: (x: string) => `K.cast(${x}, 'float32')` }[ns];
  const reduce = { torch: ['torch.sum', 'torch.mean', 'dim'], tf: ['tf.reduce_sum', 'tf.reduce_mean', 'axis'], K: ['K.sum', 'K.mean', 'axis'] }[ns];
  return (
    head +
    FREQS +
    'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n' +
    `        y_true = ${cast('y_true')}\n        y_pred = ${cast('y_pred')}\n` +
    `        pw = ${cast('pos_weights')}\n        nw = ${cast('neg_weights')}\n` +
    `        return ${reduce[0]}(${reduce[1]}(-(pw * y_true * ${LOG[ns]}(${pos}) + nw * (1 - y_true) * ${LOG[ns]}(${neg})), ${reduce[2]}=0))\n` +
    '    return weighted_loss\n'
  );
};
const told = async (report: Awaited<ReturnType<typeof checkJson>>['report']) => report.mistakes.map((m) => [m.id, m.confidence, m.location?.line, m.message.startsWith('These cases cannot tell')]);

describe('float32 framework losses: no epsilon or a fixed one, told from the source', () => {
  const check = scratchSubmissions('float32-epsilon');
  // The Keras backend needs neither (the shim's stand-ins serve it).
  for (const [ns, installed] of [['torch', HAS_TORCH], ['tf', HAS_TF], ['K', true]] as const) {
    it.skipIf(!installed)(`${ns}: a loss that forgot epsilon is loss-no-epsilon, not "cannot tell"`, async () => {
      const { report } = await check(`${ns}-none.py`, loss(ns, 'y_pred', '1 - y_pred'));
      expect(await told(report)).toEqual([['loss-no-epsilon', 'full', 14, false]]);
    });

    it.skipIf(!installed)(`${ns}: a literal 1e-7 or a constant of the file's in the logs is loss-epsilon-ignored`, async () => {
      for (const eps of ['1e-7', 'EPS']) {
        const src = loss(ns, `y_pred + ${eps}`, `1 - y_pred + ${eps}`).replace('def get_weighted_loss', 'EPS = 1e-7\n\ndef get_weighted_loss');
        const { report } = await check(`${ns}-fixed.py`, src);
        expect(await told(report)).toEqual([['loss-epsilon-ignored', 'full', expect.any(Number), false]]);
      }
    });
  }

  it.skipIf(!HAS_TORCH)('the logs taken in a helper of the file, which could add an epsilon unseen: the cases\' ambiguity stays', async () => {
    const src = loss('torch', 'y_pred', '1 - y_pred').replace(/torch\.log\(/g, 'safe_log(').replace('def get_weighted_loss', 'def safe_log(x):\n    return torch.log(x)\n\ndef get_weighted_loss');
    const { report } = await check('torch-helper.py', src);
    expect((await told(report)).filter(([id]) => id === 'loss-no-epsilon' || id === 'loss-epsilon-ignored').map(([id, , , ambiguous]) => [id, ambiguous])).toEqual([
      ['loss-no-epsilon', true],
      ['loss-epsilon-ignored', true],
    ]);
  });

  it('numpy float64 samples are told as before', async () => {
    for (const id of ['loss-no-epsilon', 'loss-epsilon-ignored']) {
      const { report } = await checkJson(`submissions/mistakes/${id}.py`, ['--sandbox', 'process']);
      expect(report.mistakes.map((m) => [m.id, m.confidence])).toEqual([[id, 'full']]);
    }
  });
});
