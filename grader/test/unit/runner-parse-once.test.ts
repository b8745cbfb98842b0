/**
 * runner.py's readers of the graded definitions after the load (template_placeholders,
 * logits_calls, unread_weights, clips_predictions, bce_order_calls) each parsed the whole file
 * again, two to four times a job. They share one tree per source now (_parse_once): one parse for
 * all of them, the same answers as each parsing on its own, and a source that does not parse
 * raises in each of them as before.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
parses = 0
real = ast.parse
def counted(*a, **k):
    global parses
    parses += 1
    return real(*a, **k)
ast.parse = counted
READERS = ("template_placeholders", "logits_calls", "unread_weights", "clips_predictions", "bce_order_calls")
def answers(source, fresh):
    out = []
    for name in READERS:
        if fresh:
            getattr(runner, '_PARSED', {}).clear()  # each reader parses on its own, as before
        try:
            r = runner.template_placeholders(source, ["get_weighted_loss"], None) if name == "template_placeholders" else getattr(runner, name)(source, None)
            out.append(repr(r))
        except BaseException as e:
            out.append("raised " + type(e).__name__)
    return out
result = []
for source in json.loads(sys.argv[2]):
    getattr(runner, '_PARSED', {}).clear()
    parses = 0
    shared = answers(source, False)
    once = parses
    result.append({"parses": once, "same": shared == answers(source, True), "answers": shared})
print(json.dumps(result))
`;

const sample = (p: string) => readFileSync(join(PACKAGE_ROOT, 'submissions', p), 'utf8');

describe('runner: one parse for the source readers', () => {
  it('parses a source once for all five readers, with the answers each gives parsing on its own', async () => {
    const sources = [
      // A loss that clips its predictions (clips_predictions answers True).
      'import numpy as np\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        p = np.clip(y_pred, epsilon, 1 - epsilon)\n        return -np.mean(pos_weights * y_true * np.log(p) + neg_weights * (1 - y_true) * np.log(1 - p))\n    return weighted_loss\n',
      sample('correct/loop.py'),
      // A loss that never reads the weights it is given (unread_weights answers).
      'import numpy as np\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return -np.mean(y_true * np.log(y_pred + epsilon))\n    return weighted_loss\n',
      // The course template's markers, so template_placeholders reads the tree too.
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    ### START CODE HERE\n    x = None\n    ### END CODE HERE\n    return None\n',
    ];
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(sources)]);
    const got = JSON.parse(r.stdout) as { parses: number; same: boolean; answers: string[] }[];
    expect(got.map((g) => g.parses)).toEqual([1, 1, 1, 1]);
    expect(got.map((g) => g.same)).toEqual([true, true, true, true]);
    expect(got[0]!.answers[3]).toBe('True'); // clip-based clips: the readers did read the tree
    expect(got[2]!.answers[2]).toMatch(/pos_weights|neg_weights/);
  });

  it('raises in every reader for a source that does not parse, as each did alone', async () => {
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(['def get_weighted_loss(a, b:\n    return 1\n'])]);
    const [got] = JSON.parse(r.stdout) as { parses: number; same: boolean; answers: string[] }[];
    expect(got!.same).toBe(true);
    expect(got!.answers.filter((a) => a === 'raised SyntaxError').length).toBeGreaterThanOrEqual(4);
  });
});
