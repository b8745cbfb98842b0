/**
 * runner._overwritten_unstarted (loss-overwrites-accumulator with no start, lines 35c) walked every other
 * statement of a loop's body for each assignment in it: a 450-statement body cost ~1 s (lines 36c item 8).
 * It tallies the body's reads once now: the nodes it walks grow with the body, not with its square.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
walked = [0]
real = runner._walk
def counted(root, AST):
    for x in real(root, AST):
        walked[0] += 1
        yield x
out = []
for n in (50, 200):
    lines = ["def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):", "    def weighted_loss(y_true, y_pred):", "        for i in range(len(pos_weights)):"]
    lines += ["            t%d = pos_weights[i] * y_true[:, i] + %d" % (k, k) for k in range(n)]
    lines += ["            loss = -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon))", "        return loss", "    return weighted_loss"]
    fn = ast.parse("\\n".join(lines)).body[0].body[0]
    loop = fn.body[0]
    owners = {id(st): fn for st in fn.body}
    runner._walk = counted
    walked[0] = 0
    got = runner._overwritten_unstarted(loop, {}, owners, None)
    runner._walk = real
    out.append({"walked": walked[0], "lines": got})
print(json.dumps(out))
`;

describe('runner._overwritten_unstarted: its cost', () => {
  it('walks a loop body a bounded number of times, not once per assignment in it', async () => {
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const [small, large] = JSON.parse(r.stdout) as { walked: number; lines: number[] }[];
    // Four times the statements: about four times the nodes walked (a walk per statement of every other gave ~16 times).
    expect(large!.walked / small!.walked).toBeLessThan(6);
    expect(small!.walked).toBeGreaterThan(0);
  });
});
