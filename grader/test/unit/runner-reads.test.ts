/**
 * What the runner reads of a file before any learner code runs (whether a .py is a notebook saved
 * under that name, which modules it imports) must not raise on crafted content: an exception
 * there ended the runner, and the learner was shown its stack trace as their own code's output
 * and told to remove os._exit calls.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
braces = ('{"a": ' * 100000 + '1' + '}' * 100000 + '\n').encode()
print(json.dumps({
    "misnamed": runner._misnamed({"kind": "py"}, braces),
    "imports": runner.imported_modules("import torch\nx = 1\0\n"),
}))
`;

/** The interpreters to try: this machine's python3, and older ones where present (ast.parse raised ValueError for a NUL byte before 3.11.4). */
async function pythons(): Promise<string[]> {
  const found: string[] = [];
  for (const p of ['python3', 'python3.10', 'python3.9', 'python3.8']) {
    const r = await execa(p, ['-c', 'import sys; print(sys.version_info >= (3, 8))'], { reject: false });
    if (r.exitCode === 0 && r.stdout.trim() === 'True') found.push(p);
  }
  return found;
}

describe("the runner's readings of a file before learner code", () => {
  it('take JSON nested deeper than json reads for no notebook, and a NUL byte for no imports, on every Python at hand', async () => {
    const list = await pythons();
    expect(list).toContain('python3');
    for (const python of list) {
      const r = await execa(python, ['-c', SCRIPT, PYTHON_DIR], { reject: false });
      expect(r.stderr, python).not.toMatch(/Traceback/);
      expect(JSON.parse(r.stdout), python).toEqual({ misnamed: null, imports: [] });
    }
  }, 60_000);
});
