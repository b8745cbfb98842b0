/**
 * runner.fix_sites parsed the graded functions' text (up to 200,000 characters) before its budget
 * was checked, and ast.parse costs up to ~7 µs a token on one long expression: a 190 KB tuple took
 * 1.3 s, a chain of comparisons 0.4 s, only to give up on the walk's node cap after. It now counts
 * the text's tokens first (only once the text passes max_tokens characters) and parses none past
 * max_tokens (max_nodes by default). Counted here: the texts ast.parse is given, not the time.
 * Such a helper gives no site; the functions that call it keep theirs (a budget per function).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
real = ast.parse
parsed = []
def counted(text, *a, **k):
    parsed.append(len(text))
    return real(text, *a, **k)
ast.parse = counted
out = []
for source in json.loads(sys.stdin.read()):
    del parsed[:]
    try:
        r = [[s["kind"], s["line"]] for s in runner.fix_sites(source) if s["f"] == "loss" and s["kind"] == "reduction"]
    except Exception as e:  # RecursionError, MemoryError, TimeoutError: no site
        r = "%s: %s" % (type(e).__name__, e)
    out.append({"sites": r, "longest": max(parsed or [0])})
print(json.dumps(out))
`;

/** A loss that sums, and calls a helper holding `body` (one expression). */
const withHelper = (body: string) =>
  `import numpy as np\n\n\ndef table():\n    return ${body}\n\n\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        t = table()\n        return -np.sum(pos_weights * y_true * np.log(y_pred + epsilon))\n    return weighted_loss\n`;

describe('runner.fix_sites: the text it parses is capped by its tokens, counted first', () => {
  it("parses no helper of one huge expression (a tuple, a chain of comparisons or subscripts): no site of the helper's, and no text of that size parsed", async () => {
    const sources = [
      withHelper(`(${'1,'.repeat(90_000)})`),
      withHelper(`0${' < 1'.repeat(38_000)}`),
      withHelper(`[0]${'[0]'.repeat(60_000)}`),
      // Long but sparse: 40,000 characters of comments in the helper are 2,000 tokens, parsed as before.
      withHelper(`1${'\n    # a comment that the learner left here\n'.repeat(1000)}`),
    ];
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR], { input: JSON.stringify(sources) });
    const [tuple, chain, subscripts, sparse] = JSON.parse(stdout) as { sites: [string, number][] | string; longest: number }[];
    // The helper gives no site; the loss, read on its own budget (runner-fix-sites-budget.test.ts), keeps its sum.
    const sum = (k: number) => [['reduction', sources[k]!.split('\n').findIndex((l) => l.includes('return -np.sum')) + 1]];
    for (const [k, huge] of [tuple!, chain!, subscripts!].entries()) {
      expect(huge.sites).toEqual(sum(k));
      expect(huge.longest).toBeLessThan(1000); // the loss's own def (parsed first), never the helper
    }
    expect(sparse!.sites).toEqual(sum(3));
    expect(sparse!.longest).toBeGreaterThan(40_000);
  });
});
