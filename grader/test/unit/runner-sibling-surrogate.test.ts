/**
 * runner.install_siblings: a learner's helpers.py saved as UTF-16 with an unpaired half (the grader
 * reads a byte-order mark's UTF-16, batch/pick.ts decodeText, and keeps such a half as a lone
 * surrogate) failed its import with Python's raw "UnicodeEncodeError: 'utf-8' codec can't encode
 * character '\ud800' in position 8", which named no file. A SyntaxError of that file and line now,
 * in one sentence (red team 34; a notebook's cell: notebook.extract).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
runner.install_siblings({"siblings": [{"module": "helpers", "name": "helpers.py", "source": "x = 1\\n# \\ud800\\nf = len\\n"},
                                      {"module": "logs", "name": "logs.py", "source": "g = 2\\n"}]})
out = []
for name in ("helpers", "logs"):
    try:
        __import__(name)
        out.append("imported")
    except BaseException as exc:
        out.append([type(exc).__name__, exc.msg, exc.filename, exc.lineno] if isinstance(exc, SyntaxError) else [type(exc).__name__, str(exc)])
print(json.dumps(out))
`;

describe('runner.install_siblings: a lone surrogate in a sibling', () => {
  it("is that file's SyntaxError at its line, in words; the other sibling still imports", async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    expect(JSON.parse(stdout)).toEqual([
      ['SyntaxError', 'a lone surrogate (\\ud800), half of a UTF-16 pair and no character, which Python cannot run: delete it or retype the character there', 'helpers.py', 2],
      'imported',
    ]);
  });
});
