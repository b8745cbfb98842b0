/**
 * runner.install_siblings served the folders it makes (a learner's folder without __init__.py)
 * before its check that a submodule's parent is the learner's: a learner's json/sub/x.py was
 * imported as json.sub.x under Python's own json (red team 34). A made folder is now the learner's
 * only under the learner's own package; at the top level and under their own folders it still is.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
plan = {"siblings": [{"module": "json.sub.x", "name": "json/sub/x.py", "source": "X = 1\\n"},
                     {"module": "mine.sub.y", "name": "mine/sub/y.py", "source": "Y = 2\\n"}]}
runner.install_siblings(plan)
out = {}
try:
    import json.sub.x
    out["json"] = "served under Python's json: %r" % (json.sub.x.X,)
except ImportError as e:
    out["json"] = type(e).__name__
import mine.sub.y
out["mine"] = mine.sub.y.Y
print(json.dumps(out))
`;

describe("runner.install_siblings: a learner's folder named as a module Python has", () => {
  it("is never served under Python's module; the learner's own folders still are", async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    expect(JSON.parse(stdout)).toEqual({ json: 'ModuleNotFoundError', mine: 2 });
  });
});
