/**
 * runner.py's readers of the graded definitions find the def graded in the tree _parse_once shares
 * (_loss_definition: the def that starts where the graded function's code does). Each of them walked
 * the whole tree for it, up to eight walks a job; the defs by first line are kept for the last tree
 * now (_def_starts). Checked by what is computed: one walk of the whole tree for all the readers, and
 * the answers they give when each walks on its own.
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
walks = 0
real = ast.walk
def counted(node):
    global walks
    if isinstance(node, ast.Module) and sys._getframe(1).f_code.co_name in ("_loss_definition", "_def_starts"):
        walks += 1  # the graded def looked for (other readers walk the tree for other things)
    return real(node)
ast.walk = counted
real_statements = runner._statements
def counted_statements(node):
    global walks
    if isinstance(node, ast.Module):
        walks += 1  # _def_starts' walk of the tree's statements (red team 23: not of every node)
    return real_statements(node)
runner._statements = counted_statements
NAMES = ["compute_class_freqs", "get_weighted_loss"]
def answers(source, fresh):
    tree = ast.parse(source)
    starts = {n.name: [n.lineno] for n in real(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    graded = {name: starts.get(name, []) for name in NAMES}
    loss = graded["get_weighted_loss"]
    calls = [
        lambda: runner.template_placeholders(source, NAMES, graded),
        lambda: runner.unused_none_placeholders(source, NAMES, graded),
        lambda: runner.logits_calls(source, loss),
        lambda: runner.unread_weights(source, loss),
        lambda: runner.clips_predictions(source, loss),
        lambda: runner.bce_order_calls(source, loss),
    ]
    out = []
    for call in calls:
        if fresh:
            del getattr(runner, "_STARTS", [])[:]  # each reader finds the def on its own, as before
        try:
            out.append(repr(call()))
        except BaseException as e:
            out.append("raised " + type(e).__name__)
    return out
result = []
for source in json.loads(sys.argv[2]):
    del getattr(runner, "_STARTS", [])[:]
    runner._PARSED.clear()
    walks = 0
    shared = answers(source, False)
    once = walks
    result.append({"walks": once, "same": shared == answers(source, True), "answers": shared})
print(json.dumps(result))
`;

const sample = (p: string) => readFileSync(join(PACKAGE_ROOT, 'submissions', p), 'utf8');

describe('runner: the graded def found once per tree', () => {
  it('walks the shared tree once for all the readers, with the answers each gives walking on its own', async () => {
    const sources = [
      // The template's markers and a None placeholder in both functions: every reader runs.
      'import numpy as np\ndef compute_class_freqs(labels):\n    ### START CODE HERE\n    N = None\n    p = N + 1\n    ### END CODE HERE\n    return p, p\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        ### START CODE HERE\n        loss = None\n        loss += np.mean(np.clip(y_pred, epsilon, 1))\n        ### END CODE HERE\n        return loss\n    return weighted_loss\n',
      sample('mistakes/loss-clip-instead-of-epsilon.py'),
      sample('correct/loop.py'),
      // Decorated and nested defs, one replaced by a later one: the def graded is the one at the line given.
      'import functools\ndef deco(f):\n    @functools.wraps(f)\n    def w(*a):\n        return f(*a)\n    return w\n\n@deco\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return -(y_true * __import__("numpy").log(y_pred + epsilon)).mean()\n    return weighted_loss\n\nif True:\n    def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n        x = None\n        return lambda y_true, y_pred: x * pos_weights\n',
    ];
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(sources)]);
    const got = JSON.parse(r.stdout) as { walks: number; same: boolean; answers: string[] }[];
    expect(got.map((g) => g.same)).toEqual([true, true, true, true]);
    expect(got.map((g) => g.walks)).toEqual([1, 1, 1, 1]);
    // The readers did find the graded defs: the placeholders in both functions of the first source,
    // and the clip of the second (in place of ε).
    expect(got[0]!.answers[0]).toMatch(/compute_class_freqs.*get_weighted_loss/);
    expect(got[1]!.answers[4]).toBe('True');
  });
});
