/**
 * runner.function_info reads a plain function's parameters from its code object instead of
 * inspect.signature (much cheaper in a forked pool child). It must say exactly what
 * inspect.signature says, and fall back to it for everything that is not a plain function.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const DEFINITIONS = String.raw`
import functools
def a(labels): pass
def b(pos_weights, neg_weights, epsilon=1e-7): pass
def c(pos_weights, neg_weights, *args, epsilon=1e-7, **kw): pass
def d(x, /, y, *, z, w=2): pass
def e(*args): pass
def f(**kw): pass
def g(p, q=1, *rest, r, s=3, **more): x = 1; y = 2; return x + y
def h(u, v) -> float: return u
lam = lambda y_true, y_pred, eps=1e-7: 0
def _wrapped(a, b=2): pass
@functools.wraps(_wrapped)
def wrapper(*args, **kwargs): pass
part = functools.partial(b, 1)
class K:
    def __init__(self, w): pass
    def __call__(self, y_true, y_pred): pass
def signed(a): pass
import inspect as _i
signed.__signature__ = _i.Signature([_i.Parameter("only", _i.Parameter.POSITIONAL_OR_KEYWORD)])
`;
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'lam', 'wrapper', 'part', 'K', 'signed', 'len', 'missing'];

describe('function_info parameters', () => {
  it('match inspect.signature for plain functions, wrappers, partials, classes and builtins', async () => {
    const script = `
import sys, json, types, inspect
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
mod = types.ModuleType("submission")
exec(compile(${JSON.stringify(DEFINITIONS)}, "<submission>", "exec"), mod.__dict__)
mod.__dict__["len"] = len
out = {}
for name in ${JSON.stringify(NAMES)}:
    got = runner.function_info(mod, name)["params"]
    obj = mod.__dict__.get(name)
    try:
        want = [{"name": p.name, "kind": p.kind.name, "hasDefault": p.default is not inspect.Parameter.empty}
                for p in inspect.signature(obj).parameters.values()]
    except (TypeError, ValueError):
        want = None
    out[name] = {"got": got, "want": want, "fast": runner.plain_params(obj) is not None}
print(json.dumps(out))`;
    const r = await execa('python3', ['-c', script]);
    const out = JSON.parse(r.stdout) as Record<string, { got: unknown; want: unknown; fast: boolean }>;
    for (const name of NAMES) expect(out[name]!.got, name).toEqual(out[name]!.want);
    // The fast path really is taken for plain functions and lambdas, and not for the rest.
    expect(Object.entries(out).filter(([, v]) => v.fast).map(([k]) => k)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'lam']);
    expect(out['g']!.got).toEqual([
      { name: 'p', kind: 'POSITIONAL_OR_KEYWORD', hasDefault: false },
      { name: 'q', kind: 'POSITIONAL_OR_KEYWORD', hasDefault: true },
      { name: 'rest', kind: 'VAR_POSITIONAL', hasDefault: false },
      { name: 'r', kind: 'KEYWORD_ONLY', hasDefault: false },
      { name: 's', kind: 'KEYWORD_ONLY', hasDefault: true },
      { name: 'more', kind: 'VAR_KEYWORD', hasDefault: false },
    ]);
  });
});
