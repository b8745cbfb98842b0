/**
 * runner.fix_sites reads every node of the graded functions two or three times (the bindings, the
 * loops over the examples, the visit), and ast.py's pure-Python walk (ast.walk,
 * ast.iter_child_nodes: two generators per node) was about half of its time; a function parsed
 * from its own text then had every node's line shifted by a walk of its own. It walks with
 * runner._walk / _child_nodes now (the same nodes in the same order, ast's walk never called), and
 * parses a function at its own lines (empty lines ahead) when few lines come before it, shifting
 * as before after many: the same sites either way (CRLF line ends included).
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, PYTHON_DIR } from '../../src/paths.js';

/** The runner imported, and ast's walks counted (`walked`) once put in place of ast's own. */
const COUNTED = `import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
walked = [0]
real_walk, real_children = ast.walk, ast.iter_child_nodes
def counted_walk(node):
    walked[0] += 1
    return real_walk(node)
def counted_children(node):
    walked[0] += 1
    return real_children(node)
`;

const SCRIPT = `${COUNTED}out = []
for source in json.loads(sys.argv[2]):
    tree = ast.parse(source)
    same_walk = [id(n) for n in real_walk(tree)] == [id(n) for n in runner._walk(tree, ast.AST)]
    same_children = all(list(real_children(n)) == runner._child_nodes(n, ast.AST) for n in real_walk(tree))
    ast.walk, ast.iter_child_nodes = counted_walk, counted_children
    walked[0] = 0
    sites = runner.fix_sites(source)
    ast.walk, ast.iter_child_nodes = real_walk, real_children
    # The same function after many lines (shifted by a walk) and after a few (parsed at its lines),
    # with each kind of line end: the sites move by exactly the lines put ahead.
    moved = {}
    for ahead, end in ((3, "\\n"), (2500, "\\n"), (3, "\\r\\n"), (2500, "\\r\\n")):
        text = ("x = 0" + end) * ahead + source.replace("\\n", end)
        moved["%d%r" % (ahead, end)] = [dict(s, line=s["line"] - ahead) for s in runner.fix_sites(text)] == sites
    out.append({"walks": walked[0], "sameWalk": same_walk, "sameChildren": same_children, "sites": len(sites), "moved": moved})
print(json.dumps(out))
`;

const sample = (p: string) => readFileSync(join(PACKAGE_ROOT, 'submissions', p), 'utf8');

describe('runner.fix_sites: its own walk of the graded functions', () => {
  it("finds the same sites without ast's walk, at any line of the file", async () => {
    const sources = [
      sample('correct/loop.py'),
      sample('correct/vectorised.py'),
      // A loop over the examples, a division by the count, a helper it calls, a literal weight index.
      'import numpy as np\ndef helper(v):\n    return np.sum(v, axis=0)\ndef compute_class_freqs(labels):\n    N = labels.shape[0]\n    return helper(labels) / N, helper(1 - labels) / N\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        loss = 0.0\n        for n in range(len(y_true)):\n            loss += -(pos_weights[0] * y_true[n] * np.log(y_pred[n] + epsilon)).sum()\n        return loss / y_true.shape[0]\n    return weighted_loss\n',
    ];
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(sources)]);
    const got = JSON.parse(r.stdout) as { walks: number; sameWalk: boolean; sameChildren: boolean; sites: number; moved: Record<string, boolean> }[];
    for (const g of got) {
      expect(g.sameWalk).toBe(true);
      expect(g.sameChildren).toBe(true);
      expect(g.sites).toBeGreaterThan(0); // the sources do have sites: the comparison reads something
      expect(g.walks).toBe(0);
      expect(Object.values(g.moved)).toEqual([true, true, true, true]);
    }
  });

  it("lists each node's children once: the list is kept on the node, the same nodes in ast's order, a name's id or a constant's value never read as one", async () => {
    // fix_sites and its rules walk the same functions several times (the names' assignments, the
    // visit, each rule's own walk), and each walk listed every node's children again.
    const script = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
out = []
for source in json.loads(sys.argv[2]):
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    first = [runner._child_nodes(n, ast.AST) for n in nodes]
    out.append({"nodes": len(nodes),
                "same": all(list(ast.iter_child_nodes(n)) == k for n, k in zip(nodes, first)),
                "kept": all(runner._child_nodes(n, ast.AST) is k for n, k in zip(nodes, first)),
                "walk": [id(n) for n in runner._walk(tree, ast.AST)] == [id(n) for n in nodes]})
print(json.dumps(out))
`;
    const odd = 'async def f(x: "int" = 1, *a, k=2, **kw) -> None:  # type: ignore\n    global g\n    from . import m as n\n    async with a as (b, c):\n        pass\n    match x:\n        case {"k": 1, **rest}: pass\n        case P(1, y=2) | None: pass\n        case [1, *others] as z: pass\n    try:\n        yield f"{x!r:>{k}}"\n    except E as e:\n        del x[1:2, ...]\n    y: int = [i async for i in a if not i] or {j: -j for j in b}\n    lambda q=3: q @ q\n';
    const r = await execa('python3', ['-c', script, PYTHON_DIR, JSON.stringify([sample('correct/loop.py'), sample('correct/vectorised.py'), odd])]);
    const got = JSON.parse(r.stdout) as { nodes: number; same: boolean; kept: boolean; walk: boolean }[];
    for (const g of got) {
      expect(g.nodes).toBeGreaterThan(50);
      expect(g).toMatchObject({ same: true, kept: true, walk: true });
    }
  });

  it("skips the visit's rules only for kinds no rule tests: no isinstance(node, ...) or kind comparison of the visit names one of _SITE_LEAVES", async () => {
    // The visit skips its rules for names, constants, contexts and operators (_SITE_LEAVES): a rule added
    // there that tests `node` for one of those kinds would never run. Read from runner.py's own text.
    const script = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
tree = ast.parse(open(sys.argv[1] + "/runner.py", encoding="utf-8").read())
fix = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "fix_sites")
visit = next(n for n in ast.walk(fix) if isinstance(n, ast.FunctionDef) and n.name == "visit")
loop = next(n for n in ast.walk(visit) if isinstance(n, ast.While))
def kinds(e):
    if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "ast":
        return {e.attr}
    if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*[kinds(x) for x in e.elts])
    if isinstance(e, ast.Constant) and isinstance(e.value, str):
        return {e.value}
    if isinstance(e, ast.Name) and e.id != "_SITE_LEAVES" and isinstance(getattr(runner, e.id, None), (frozenset, tuple, set)):
        return set(getattr(runner, e.id))
    if isinstance(e, ast.BinOp):
        return kinds(e.left) | kinds(e.right)
    return set()
named = set()
for n in ast.walk(loop):
    if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_isinstance" and getattr(n.args[0], "id", None) == "node":
        named |= kinds(n.args[1])
    if isinstance(n, ast.Compare) and getattr(n.left, "id", None) == "kind":
        for c in n.comparators:
            named |= kinds(c)
print(json.dumps({"named": sorted(named), "leaves": sorted(runner._SITE_LEAVES)}))
`;
    const r = await execa('python3', ['-c', script, PYTHON_DIR]);
    const got = JSON.parse(r.stdout) as { named: string[]; leaves: string[] };
    // The reading does find the visit's kinds (calls, products, loops, returns), and skips none of them.
    expect(got.named).toEqual(expect.arrayContaining(['Call', 'BinOp', 'For', 'Return', 'Subscript', 'Assign']));
    expect(got.leaves).toEqual(expect.arrayContaining(['Name', 'Constant', 'Load', 'Add']));
    expect(got.named.filter((k) => got.leaves.includes(k))).toEqual([]);
  });

  it('walks each graded function (and each helper) once for its plain names\' assignments, which the bindings, the zero starts and the class counts share', async () => {
    const script = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import runner
real = runner._walk
roots = {}
def counted(root, AST):
    if isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef)):
        roots[root.name] = roots.get(root.name, 0) + 1
    return real(root, AST)
runner._walk = counted
out = []
for source in json.loads(sys.argv[2]):
    roots.clear()
    sites = runner.fix_sites(source)
    out.append({"roots": roots.copy(), "sites": len(sites)})
print(json.dumps(out))
`;
    const helper = 'import numpy as np\ndef terms(w, y, p, e):\n    n = len(y)\n    return w * y * np.log(p + e) / n\ndef compute_class_freqs(labels):\n    N = labels.shape[0]\n    return np.sum(labels, axis=0) / N, np.sum(1 - labels, axis=0) / N\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        loss = 0.0\n        for i in range(len(pos_weights)):\n            loss += -np.sum(terms(pos_weights[i], y_true[:, i], y_pred[:, i], epsilon))\n        return loss\n    return weighted_loss\n';
    const r = await execa('python3', ['-c', script, PYTHON_DIR, JSON.stringify([sample('correct/loop.py'), sample('mistakes/loss-overwrites-accumulator.py'), helper])]);
    const got = JSON.parse(r.stdout) as { roots: Record<string, number>; sites: number }[];
    expect(got.map((g) => g.sites > 0)).toEqual([true, true, true]);
    expect(got.map((g) => g.roots)).toEqual([
      { compute_class_freqs: 1, get_weighted_loss: 1 },
      { compute_class_freqs: 1, get_weighted_loss: 1 },
      { compute_class_freqs: 1, get_weighted_loss: 1, terms: 1 },
    ]);
  });

  it("reads each name's bindings once: a name bound a hundred times, then as many loops and products over it, costs no read of every binding per use", async () => {
    // _LossRoles.binding listed a name's bindings (each read with plain) on every call: stop_kind
    // asked once per loop and trace once per product, with no step counted, so B bindings and L
    // loops cost B * L reads past the 0.05 s budget.
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
real = runner._LossRoles.plain
calls = [0]
def counted(e):  # plain is a staticmethod (mend 31b: helpers read roles without an instance)
    calls[0] += 1
    return real(e)
runner._LossRoles.plain = staticmethod(counted)
out = []
for source in json.loads(sys.argv[2]):
    calls[0] = 0
    sites = runner.fix_sites(source, max_sites=1000)  # 100 weights and 100 swapped: past the 200 a function may give
    out.append({"plain": calls[0], "sites": [s["kind"] for s in sites]})
print(json.dumps(out))
`;
    const many = (b: number, l: number) => ['import numpy as np', 'def compute_class_freqs(labels):', '    return labels.mean(0), 1 - labels.mean(0)',
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):', '    n = pos_weights', '    w = neg_weights',
      ...Array<string>(b).fill('    n = n[0]'), ...Array<string>(b).fill('    w = np.asarray(w)'),
      ...Array<string>(l).fill('    for i in range(n): pass'),
      '    def weighted_loss(y_true, y_pred):',
      ...Array<string>(l).fill('        w * y_true'),
      '        return 0.0', '    return weighted_loss', ''].join('\n');
    const sizes: [number, number][] = [[50, 50], [100, 100]];
    const r = await execa('python3', ['-c', script, PYTHON_DIR, JSON.stringify(sizes.map(([b, l]) => many(b, l)))]);
    const got = JSON.parse(r.stdout) as { plain: number; sites: string[] }[];
    // The readers did read them: the products put neg_weights on the positive term (y_true).
    for (const g of got) expect(g.sites).toContain('swapped');
    // Linear in the source (B * L reads before: 5,302 for 50 and 50, 20,602 for 100 and 100).
    for (const [i, [b, l]] of sizes.entries()) expect(got[i]!.plain).toBeLessThan(20 * (b + l));
  });

  it("reads a rebound name's bindings once for all the `1 - name` of the loss (the complement reader): linear in the source", async () => {
    // _complemented_weights asked each `1 - x` whether x is the weight parameter rebound to its own
    // complement, listing all of x's bindings each time, no step counted: B bindings and M
    // complements cost B * M (1,200 and 1,500: ~0.3 s). Counted here: the bindings listed.
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
listed = [0]
class Counted(dict):
    def get(self, key, default=None):
        got = dict.get(self, key, default)
        if key == "x":
            listed[0] += len(got or ())
        return got
init = runner._LossRoles.__init__
def counted_init(self, *a, **k):
    init(self, *a, **k)
    self.bound = Counted(self.bound)
runner._LossRoles.__init__ = counted_init
out = []
for source in json.loads(sys.argv[2]):
    listed[0] = 0
    sites = runner.fix_sites(source)
    out.append({"listed": listed[0], "sites": [s["kind"] for s in sites]})
print(json.dumps(out))
`;
    const many = (b: number, m: number) => ['import numpy as np', 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
      '    def weighted_loss(y_true, y_pred):', ...Array<string>(b).fill('        x = y_true'),
      `        s = ${Array<string>(m).fill('(1 - x)').join(' + ')}`,
      '        return np.sum((1 - pos_weights) * y_true * np.log(y_pred + s))', '    return weighted_loss', ''].join('\n');
    const sizes: [number, number][] = [[100, 100], [200, 200]];
    const r = await execa('python3', ['-c', script, PYTHON_DIR, JSON.stringify(sizes.map(([b, m]) => many(b, m)))]);
    const got = JSON.parse(r.stdout) as { listed: number; sites: string[] }[];
    for (const g of got) expect(g.sites).toContain('complement'); // the reader did run: 1 - pos_weights is one
    // Each binding listed a few times at most (B * M before: 10,000 and 40,000).
    for (const [i, [b, m]] of sizes.entries()) expect(got[i]!.listed).toBeLessThan(20 * (b + m));
  });

  it("keeps a walk read to its end on its root, and the loss's other readers walk with it: the same nodes in ast's order, ast's walk never called", async () => {
    // unread_weights (twice), clips_predictions, calls_clipping_bce and adds_epsilon each walked the
    // graded def with ast.walk (two generators per node), and fix_sites then walked it again; a
    // walk read to its end is now kept on its root (`_wl_walk`), and a walk stopped early keeps nothing.
    const script = `${COUNTED}out = []
for source in json.loads(sys.argv[2]):
    runner.forget_parses()
    tree = runner._parse_once(source)
    ast.walk, ast.iter_child_nodes = counted_walk, counted_children
    walked[0] = 0
    read = [runner.unread_weights(source), runner.clips_predictions(source), runner.calls_clipping_bce(source), runner.adds_epsilon(source)]
    ast.walk, ast.iter_child_nodes = real_walk, real_children
    defs = [n for n in real_walk(tree) if isinstance(n, ast.FunctionDef)]
    fresh = ast.parse(source)
    stopped = [n for n in real_walk(fresh) if isinstance(n, ast.FunctionDef)]
    for d in stopped:
        next(iter(runner._walk(d, ast.AST)))  # read one node, then dropped
    out.append({"walks": walked[0], "read": [r is not None for r in read],
                "first": all([id(n) for n in runner._walk(d, ast.AST)] == [id(n) for n in real_walk(d)] for d in defs),
                "kept": all(hasattr(d, "_wl_walk") and d not in d._wl_walk for d in defs),
                "again": all([id(n) for n in runner._walk(d, ast.AST)] == [id(n) for n in real_walk(d)] for d in defs),
                "stopped": [hasattr(d, "_wl_walk") for d in stopped]})
print(json.dumps(out))
`;
    const clipped = 'import numpy as np\nfrom keras import backend as K\ndef get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        p = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())\n        return -K.mean(pos_weights * y_true * K.log(p) + neg_weights * (1 - y_true) * K.log(1 - p))\n    return weighted_loss\n';
    const r = await execa('python3', ['-c', script, PYTHON_DIR, JSON.stringify([sample('correct/loop.py'), sample('correct/vectorised.py'), sample('mistakes/loss-no-epsilon.py'), clipped])]);
    const got = JSON.parse(r.stdout) as { walks: number; read: boolean[]; first: boolean; kept: boolean; again: boolean; stopped: boolean[] }[];
    for (const g of got) {
      expect(g.read).toEqual([false, true, true, true]); // no unread weights; the other three found the def
      expect(g.walks).toBe(0);
      expect(g).toMatchObject({ first: true, kept: true, again: true });
      expect(g.stopped.length).toBeGreaterThan(0);
      expect(g.stopped.every((k) => !k)).toBe(true);
    }
  });
});
