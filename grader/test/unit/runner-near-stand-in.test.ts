/**
 * runner.near_misses for a graded function the file's top level does not bind (red team 35): a
 * stand-in object the file put in its own place in sys.modules is named at that line
 * ('module-replaced'), a name set in a class's body at its line ('class-attribute X'); a file that
 * only deletes its module from sys.modules put nothing in its place, and keeps the other hints.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys, types
sys.path.insert(0, sys.argv[1])
import runner
runner.Sub.filename = "hw.py"
sources = {
    "stand-in": "import sys, types\\ndef _f(labels):\\n    return 0\\nsys.modules[__name__] = types.SimpleNamespace(compute_class_freqs=_f)\\n",
    "deleted": "import sys\\ndef compute_class_freq(labels):\\n    return 0\\ndel sys.modules[__name__]\\n",
    "class": "def _f(labels):\\n    return 0\\nclass Solution:\\n    x = 1\\n    compute_class_freqs = staticmethod(_f)\\n",
}
out = {}
for key, source in sources.items():
    mod = types.ModuleType("submission")
    sys.modules["submission"] = mod
    exec(compile(source, "hw.py", "exec"), mod.__dict__)
    out[key] = [(n["scope"], n.get("line")) for n in runner.near_misses(mod, "compute_class_freqs", source)]
print(json.dumps(out))
`;

describe('runner.near_misses: where a graded function went instead of the top level', () => {
  it('names a stand-in in sys.modules and a class body at their lines, and nothing of the kind when the module was only deleted', async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    expect(JSON.parse(stdout)).toEqual({
      'stand-in': [['module-replaced', 4]],
      deleted: [['similar', 2]],
      class: [['class-attribute Solution', 5]],
    });
  });
});
