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

  it("fix_sites takes the graded defs from that tree when the readers before it parsed the file: no parse of its own, the same sites; a decorated def, a lone CR, a def whose text first stops inside it parse as before", async () => {
    // fix_sites parsed the graded functions' text again after read_source's other readers had parsed
    // the whole file (_parse_once): ~13% of its time.
    const script = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
parses = [0]
real = ast.parse
def counted(*a, **k):
    parses[0] += 1
    return real(*a, **k)
out = []
for source in json.loads(sys.argv[2]):
    runner._PARSED.clear()
    alone = runner.fix_sites(source)  # nothing parsed before: its own parse of each def
    try:
        runner._parse_once(source)
    except SyntaxError:
        pass
    ast.parse = counted
    parses[0] = 0
    shared = runner.fix_sites(source)
    ast.parse = real
    out.append({"parses": parses[0], "same": shared == alone, "sites": len(alone)})
print(json.dumps(out))
`;
    const vec = sample('correct/vectorised.py');
    const sources = [
      vec,
      sample('correct/loop.py'),
      vec.replace('def get_weighted_loss', '@staticmethod\ndef get_weighted_loss'), // decorated: its text starts at `def`
      // A lone CR (a CRLF file, one line end of it a CR alone): the parser's lines are not the text's.
      vec.replace(/\n/g, '\r\n').replace('import numpy as np\r\n', 'import numpy as np\r'),
      // black's signature: the text first stops at the `):` at column 0, which does not parse.
      vec.replace('def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):', 'def get_weighted_loss(\n    pos_weights, neg_weights, epsilon=1e-7\n):'),
      vec + '\nthis is not python(\n', // the file does not parse: no tree to take
    ];
    expect(vec).toContain('def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):');
    expect(vec).toContain('import numpy as np\n');
    const r = await execa('python3', ['-c', script, PYTHON_DIR, JSON.stringify(sources)]);
    const got = JSON.parse(r.stdout) as { parses: number; same: boolean; sites: number }[];
    for (const g of got) expect(g.same).toBe(true);
    expect(got.map((g) => g.sites > 0)).toEqual([true, true, true, true, true, true]);
    // Both defs taken from the tree; the decorated one, the lone-CR file and the unparsed file parse
    // their own; black's: the first text fails, the longer one is taken from the tree.
    expect(got.map((g) => g.parses)).toEqual([0, 0, 1, 2, 1, 2]);
  });

  it('raises in every reader for a source that does not parse, as each did alone', async () => {
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(['def get_weighted_loss(a, b:\n    return 1\n'])]);
    const [got] = JSON.parse(r.stdout) as { parses: number; same: boolean; answers: string[] }[];
    expect(got!.same).toBe(true);
    expect(got!.answers.filter((a) => a === 'raised SyntaxError').length).toBeGreaterThanOrEqual(4);
  });
});
