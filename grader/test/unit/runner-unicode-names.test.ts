/**
 * Python binds an identifier NFKC-normalized (PEP 3131): `def ｃompute_class_freqs` (a fullwidth c)
 * defines compute_class_freqs. The runner's text scans read names as written, so such a def below a
 * plain one was no redefinition (no note) and fix_sites pointed at the first, ungraded def's lines
 * (red team 33: "at line 6", the correct copy, for the counts the second one returned).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import runner
out = []
for source in json.loads(sys.argv[2]):
    out.append({
        "notes": runner.redefinition_notes({"kind": "py"}, source),
        "freqs": sorted({s["line"] for s in runner.fix_sites(source) if s["f"] == "freqs"}),
    })
print(json.dumps(out))
`;

const RIGHT = 'def compute_class_freqs(labels):\n    n = labels.shape[0]\n    return np.sum(labels, axis=0) / n, np.sum(1 - labels, axis=0) / n\n';
const COUNTS = (name: string) => `def ${name}(labels):\n    pos = np.sum(labels, axis=0)\n    return pos, labels.shape[0] - pos\n`;

describe('runner: graded names as Python binds them', () => {
  it.each([
    ['a fullwidth first letter', 'ｃompute_class_freqs'],
    ['a fullwidth letter inside the name', 'compute_class_ｆreqs'],
    ['a mathematical letter', '𝐜ompute_class_freqs'],
  ])('%s: the second def is the graded one, named as a redefinition and pointed at', async (_, name) => {
    const source = `import numpy as np\n\n${RIGHT}\n\n${COUNTS(name)}`;
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify([source])]);
    const [got] = JSON.parse(r.stdout) as { notes: unknown[]; freqs: number[] }[];
    expect(got!.notes).toEqual([{ id: 'redefined', function: 'compute_class_freqs', kind: 'py', spots: [[null, 3], [null, 8]] }]);
    expect(got!.freqs.length).toBeGreaterThan(0);
    expect(got!.freqs.every((l) => l >= 8)).toBe(true);
  });

  it('an ASCII file reads as before; a name that only looks alike (a Cyrillic с, not normalized) is another function', async () => {
    const plain = `import numpy as np\n\n${RIGHT}\n\n${COUNTS('compute_class_freqs')}`;
    const cyrillic = `import numpy as np\n\n${RIGHT}\n\n${COUNTS('\u0441ompute_class_freqs')}`;
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify([plain, cyrillic])]);
    const [a, b] = JSON.parse(r.stdout) as { notes: unknown[]; freqs: number[] }[];
    expect(a!.notes).toEqual([{ id: 'redefined', function: 'compute_class_freqs', kind: 'py', spots: [[null, 3], [null, 8]] }]);
    expect(a!.freqs.every((l) => l >= 8)).toBe(true);
    expect(b!.notes).toEqual([]);
    expect(b!.freqs.every((l) => l < 8)).toBe(true);
  });
});
