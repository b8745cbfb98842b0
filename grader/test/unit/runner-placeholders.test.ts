/**
 * runner.template_placeholders: the exercise template's `None` placeholders left in a graded
 * function, between "START CODE HERE" and "END CODE HERE". Assignments of None (`N = None`,
 * `loss += None`), and (sweep 20) None left inside an expression the learner began filling in
 * (`loss += -1 * K.mean(None)`, `np.log(None)`); not None the learner's code uses on purpose.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

async function placeholders(sources: string[]): Promise<unknown[]> {
  const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
print(json.dumps([runner.template_placeholders(s, ["compute_class_freqs", "get_weighted_loss"]) for s in json.loads(sys.stdin.read())]))`;
  const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify(sources) });
  return JSON.parse(stdout) as unknown[];
}

const loss = (line: string) =>
  [
    'import numpy as np',
    'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
    '    def weighted_loss(y_true, y_pred):',
    '        loss = 0.0',
    "        ### START CODE HERE (REPLACE INSTANCES OF 'None' with your code) ###",
    '        for i in range(len(pos_weights)):',
    `            ${line}`,
    '        return loss',
    '        ### END CODE HERE ###',
    '    return weighted_loss',
    '',
  ].join('\n');

describe('template_placeholders', () => {
  it('None left inside an expression between the markers: an operand or a positional argument (sweep 20)', async () => {
    expect(
      await placeholders([
        loss('loss += -1 * K.mean(None)'),
        loss('loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(None))'),
        loss('loss += None'),
      ]),
    ).toEqual([{ get_weighted_loss: [7] }, { get_weighted_loss: [7] }, { get_weighted_loss: [7] }]);
  });
  it('None the code uses on purpose is no placeholder', async () => {
    expect(
      await placeholders([
        loss('loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon), axis=None)'),
        loss('loss += 0 if y_pred is None else -np.mean(y_true[:, i] * np.log(y_pred[:, i] + epsilon))  # None'),
      ]),
    ).toEqual([{}, {}]);
  });

  it('outside the markers: a name the function binds only to None and computes with; not a sentinel (sweep 20 t14)', async () => {
    const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
print(json.dumps([runner.unused_none_placeholders(s, ["compute_class_freqs", "get_weighted_loss"]) for s in json.loads(sys.stdin.read())]))`;
    const freqs = (...body: string[]) => ['def compute_class_freqs(labels):', ...body.map((l) => `    ${l}`), ''].join('\n');
    const sources = [
      freqs('N = labels.shape[0]', 'pos = None  # TODO', 'neg = 1 - pos', 'return pos, neg'),
      freqs('pos = None', 'pos += labels.sum(axis=0)', 'return pos, 1 - pos'),
      freqs('pos = None', 'total = pos[0]', 'return pos, total'),
      // Sentinels: tested, or bound to something else too, or never computed with.
      freqs('best = None', 'for row in labels:', '    if best is None or row.sum() > best.sum():', '        best = row', 'return best, 1 - best'),
      freqs('prev = None', 'out = 0', 'for row in labels:', '    if prev:', '        out = out + prev', '    prev = 1', 'return out, 1 - out'),
      freqs('pos = None', 'pos = labels.mean(axis=0)', 'return pos, 1 - pos'),
      freqs('extra = None', 'pos = labels.mean(axis=0)', 'return pos, extra'),
      freqs('pos = None', 'for pos in [labels.mean(axis=0)]:', '    pass', 'return pos, 1 - pos'),
      freqs('if labels.size == 0:', '    labels = None', 'pos = labels[0]', 'return pos, 1 - pos'),
      // Every way `= None` can be spelt reaches the walk (the source's cheap test lets them all by).
      freqs('pos = ( # TODO', '    None)', 'return pos, 1 - pos'),
      freqs('pos = \\', '    None', 'return pos, 1 - pos'),
      freqs('pos=((None))', 'return pos, 1 - pos'),
      freqs('pos: object = None', 'return labels, labels'),
    ];
    const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify(sources) });
    expect(JSON.parse(stdout)).toEqual([
      { compute_class_freqs: [[3, 'pos']] },
      { compute_class_freqs: [[2, 'pos']] },
      { compute_class_freqs: [[2, 'pos']] },
      {},
      {},
      {},
      {},
      {},
      {},
      { compute_class_freqs: [[2, 'pos']] },
      { compute_class_freqs: [[2, 'pos']] },
      { compute_class_freqs: [[2, 'pos']] },
      {},
    ]);
  });
});
