import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importedNames, siblingsOf } from '../../src/siblings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('importedNames', () => {
  it.each([
    ['import utils', ['utils']],
    ['import os, utils as u, pkg.sub', ['os', 'utils', 'pkg']],
    // Names after import are read too (one more candidate file, read only if it is there).
    ['from helpers import safe_log\nfrom . import x', ['helpers', 'safe_log', 'x']],
    ['def f():\n    import helpers\n', ['helpers']],
    // A notebook's JSON text: the line's \n is two characters there.
    ['{"source": ["from utils import helper\\n", "import numpy as np\\n"]}', ['utils', 'helper', 'numpy']],
    // One cell's source as one string: each line after the first starts right after a `\n`.
    ['{"source": "import numpy as np\\nfrom helpers import safe_log\\nimport utils"}', ['numpy', 'helpers', 'safe_log', 'utils']],
  ])('%j names %j', (text, names) => {
    expect([...importedNames(text)].sort()).toEqual([...names].sort());
  });
});

describe('siblingsOf', () => {
  it('reads the modules the file imports, through one another, and nothing else of the folder', async () => {
    await writeFile(join(dir, 'hw.py'), 'from helpers import f\n');
    await writeFile(join(dir, 'helpers.py'), 'import logs\n');
    await writeFile(join(dir, 'logs.py'), 'x = 1\n');
    await writeFile(join(dir, 'other.py'), 'y = 2\n');
    await writeFile(join(dir, 'not-a-module.py'), 'import helpers\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from('from helpers import f\n')).map((s) => [s.module, s.name, s.bytes.toString()])).toEqual([
      ['helpers', 'helpers.py', 'import logs\n'],
      ['logs', 'logs.py', 'x = 1\n'],
    ]);
  });

  it('never reads a file named as a package wlgrade knows (numpy.py)', async () => {
    await writeFile(join(dir, 'numpy.py'), 'x = 1\n');
    await writeFile(join(dir, 'utils.py'), 'y = 1\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from('import numpy\nimport utils\n')).map((s) => s.name)).toEqual(['utils.py']);
  });

  it('never follows a link, nor imports the graded file itself', async () => {
    await writeFile(join(dir, 'elsewhere.txt'), 'secret = 1\n');
    await symlink(join(dir, 'elsewhere.txt'), join(dir, 'utils.py'));
    await writeFile(join(dir, 'hw.py'), 'import utils\nimport hw\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from('import utils\nimport hw\n'))).toEqual([]);
  });
});
