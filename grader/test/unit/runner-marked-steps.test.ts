/**
 * runner._marked_steps: a definitions-only load (a notebook's, a .py's without its top level) runs
 * in steps, each ending at a top-level statement that can run the file's own code, with a mark
 * record before it, so a load that ends the process there names the statement (DEFINITIONS_ENDED's
 * file:line). A file with no such statement runs in one exec, as before; run in steps, a module
 * ends the same as run whole.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
def view(ns):  # what a module holds, without objects' addresses: values, and functions' annotations
    return {k: (type(v).__name__, repr(v) if isinstance(v, (int, float, str, tuple, list, type(None))) else repr(getattr(v, "__annotations__", None)))
            for k, v in ns.items() if k != "__builtins__"}
out = []
for source in json.loads(sys.stdin.read()):
    runner._MARKS_LEFT[0] = runner._MARKS_MAX  # each source as the first load of an attempt
    steps = runner._marked_steps(source)
    whole, parts = {}, {}
    exec(compile(source, runner.Sub.filename, "exec", dont_inherit=True), whole)
    for _, code in steps or []:
        exec(code, parts)
    same = steps is None or (view(whole) == view(parts) and whole.get("__doc__") == parts.get("__doc__"))
    out.append({"marks": None if steps is None else [place for place, _ in steps if place is not None], "same": same})
print(json.dumps(out))`;

async function marks(sources: string[]): Promise<{ marks: { line?: number }[] | null; same: boolean }[]> {
  const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR], { input: JSON.stringify(sources) });
  return JSON.parse(stdout) as { marks: { line?: number }[] | null; same: boolean }[];
}

describe('runner._marked_steps', () => {
  it('marks each top-level statement that can run the file\'s code, and nothing in a file of imports, plain defs and constants', async () => {
    // As the notebook extractor writes a notebook's imports, and a list opening on a literal.
    const plain = 'try:\n    import numpy as np\nexcept ImportError as __wlgrade_exc:\n    np = None\nL = [\n    "a",\n]\n' + '"""Doc."""\nimport os\nfrom math import pi as PI\nEPS = 1e-7\nN: int = -3\nT = (1, "a", None)\n\ndef f(x, eps=1e-7, *, k=EPS, n: int = 2) -> float:\n    return os.getpid()\n';
    const active = [
      'import os\n\ndef f(x, stop=os.getpid()):\n    return x\n', // a default that calls
      'def deco(fn):\n    return fn\n\n\n@deco\ndef g():\n    pass\n', // a decorator: its first @
      'X = 1\nclass C:\n    y = X\n', // a class body
      'import os\nY = os.getcwd()\nZ = [1, 2]\n', // an assignment of a call
      // A later step compiled with the file's __future__ flags (else list[undefined] raises NameError), and no docstring of its own.
      'from __future__ import annotations\nW = str(1)\ndef h(x: list[undefined]) -> int:\n    return 1\n"late string"\nV = len("ab")\n',
    ];
    const got = await marks([plain, ...active]);
    expect(got[0]).toEqual({ marks: null, same: true });
    // Parsed (a line may run code), the same file gives no mark either: its statements run no code.
    expect((await marks([plain + 'Q = 2 * 3\n']))[0]!.marks).toEqual([{ line: 17 }]);
    expect(got.slice(1).map((g) => g.marks)).toEqual([[{ line: 3 }], [{ line: 5 }], [{ line: 2 }], [{ line: 2 }], [{ line: 2 }, { line: 3 }, { line: 6 }]]);
    expect(got.every((g) => g.same)).toBe(true);
  });

  it('sends at most _MARKS_MAX marks an attempt (run-submission MAX_MARKS refuses more): a file with more statements that run code runs whole, unmarked', async () => {
    const calls = (n: number) => 'import os\n' + 'X = os.getpid()\n'.repeat(n);
    const [most, more] = await marks([calls(1000), calls(1001)]);
    expect(most!.marks).toHaveLength(1000);
    expect(more).toEqual({ marks: null, same: true });
    // Over all of an attempt's loads: a .py's definitions-only load runs again after its top level
    // when it failed the first time (a default that raises), and the two sent 1,200 marks.
    const script = `
import sys
sys.path.insert(0, sys.argv[1])
import runner
sent = []
runner.emit = sent.append
runner.Sub.line_of = lambda line: line  # a .py graded from its definitions
source = "import os\\n" + "X = os.getpid()\\n" * 600 + "def f(x=1 / 0):\\n    return x\\n"
print([runner.load_submission({"kind": "py", "submission": "/x.py"}, source)[1]["type"] for _ in range(2)], sum(r["t"] == "mark" for r in sent))`;
    const { stdout } = await execa('python3', ['-c', script, PYTHON_DIR]);
    expect(stdout.trim()).toBe("['ZeroDivisionError', 'ZeroDivisionError'] 601");
  });
});
