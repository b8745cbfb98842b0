import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importedModules, MAX_SIBLING_BYTES, MAX_SIBLINGS, siblingNotes, siblingsFromFiles, siblingsOf } from '../../src/siblings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-siblings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('importedModules, top-level names', () => {
  it.each([
    ['import utils', ['utils']],
    ['import os, utils as u, pkg.sub', ['os', 'utils', 'pkg', 'pkg.sub']],
    // Names after import are read too (one more candidate file, read only if it is there).
    ['from helpers import safe_log\nfrom . import x', ['helpers', 'helpers.safe_log', 'safe_log', 'x']],
    ['def f():\n    import helpers\n', ['helpers']],
    // A notebook's JSON text: the line's \n is two characters there.
    ['{"source": ["from utils import helper\\n", "import numpy as np\\n"]}', ['utils', 'utils.helper', 'helper', 'numpy']],
    // One cell's source as one string: each line after the first starts right after a `\n`.
    ['{"source": "import numpy as np\\nfrom helpers import safe_log\\nimport utils"}', ['numpy', 'helpers', 'helpers.safe_log', 'safe_log', 'utils']],
  ])('%j names %j', (text, names) => {
    expect([...importedModules(text)].sort()).toEqual([...names].sort());
  });
});

describe('importedModules (a package in a subfolder, stop 33\'s gap 2)', () => {
  it.each([
    // Names after import are candidates too (read only if such a file is there).
    ['from pkg.utils import x', undefined, ['pkg', 'pkg.utils', 'pkg.utils.x', 'x']],
    ['import pkg.sub.mod as m, os', undefined, ['pkg', 'pkg.sub', 'pkg.sub.mod', 'os']],
    ['from solution import *', undefined, ['solution']],
    // A list in parentheses over lines, with comments, and in a notebook's JSON (red team 34: only pkg was read).
    ['from pkg import (\n    utils,\n)', undefined, ['pkg', 'pkg.utils']],
    ['from pkg import (\n    utils,  # the logs\n    logs as l\n)\nx = f(1)', undefined, ['pkg', 'pkg.utils', 'pkg.logs']],
    ['{"source": ["from pkg import (\\n",\n "    utils,\\n",\n "    logs)\\n"]}', undefined, ['pkg', 'pkg.utils', 'pkg.logs']],
    ['from pkg import utils, logs as l', undefined, ['pkg', 'pkg.utils', 'pkg.logs', 'utils', 'logs']],
    // Relative imports resolve against the importing module's package; at the top level, none.
    ['from .logs import f\nfrom . import deep\nfrom ..top import g', 'pkg.sub', ['pkg.sub', 'pkg.sub.logs', 'pkg.sub.logs.f', 'pkg.sub.deep', 'pkg', 'pkg.top', 'pkg.top.g', 'f', 'deep', 'g']],
    ['from .logs import f', undefined, ['f']],
    ['from ...far import f', 'pkg', ['f']],
    // Deeper than four names: none of it.
    ['import a.b.c.d.e', undefined, []],
  ])('%j (in %s) names %j', (text, pkg, names) => {
    expect([...importedModules(text, pkg)].sort()).toEqual([...names].sort());
  });
});

describe('siblingsOf, packages', () => {
  it('reads a package folder\'s modules the file imports, through relative imports too, with or without __init__.py', async () => {
    await mkdir(join(dir, 'pkg', 'sub'), { recursive: true });
    await writeFile(join(dir, 'pkg', 'utils.py'), 'from .logs import safe_log\n');
    await writeFile(join(dir, 'pkg', 'logs.py'), 'x = 1\n');
    await writeFile(join(dir, 'pkg', 'other.py'), 'y = 1\n');
    await writeFile(join(dir, 'pkg', 'sub', 'deep.py'), 'z = 1\n');
    const src = Buffer.from('from pkg.utils import safe_log\nimport pkg.sub.deep\n');
    const got = () => siblingsOf(join(dir, 'hw.py'), src).map((s) => [s.module, s.name, s.package ?? false]);
    // In the order reached: pkg (a folder with no __init__.py: nothing to read), pkg.utils, pkg.sub.deep, then pkg.logs through pkg.utils.
    expect(got()).toEqual([
      ['pkg.utils', 'pkg/utils.py', false],
      ['pkg.sub.deep', 'pkg/sub/deep.py', false],
      ['pkg.logs', 'pkg/logs.py', false],
    ]);
    await writeFile(join(dir, 'pkg', '__init__.py'), 'from . import logs\n');
    expect(got().map((r) => r[1]).sort()).toEqual(['pkg/__init__.py', 'pkg/logs.py', 'pkg/sub/deep.py', 'pkg/utils.py']);
    expect(got().find((r) => r[1] === 'pkg/__init__.py')).toEqual(['pkg', 'pkg/__init__.py', true]);
  });

  it('takes a module\'s .py over a folder of its name without __init__.py, at any depth, as Python does (red team 34)', async () => {
    await mkdir(join(dir, 'pkg', 'utils'), { recursive: true });
    await mkdir(join(dir, 'pkg', 'sub', 'logs'), { recursive: true });
    await writeFile(join(dir, 'pkg', 'utils.py'), 'x = 1\n');
    await writeFile(join(dir, 'pkg', 'sub', 'logs.py'), 'y = 1\n');
    // A folder with __init__.py is a package, and comes first.
    await mkdir(join(dir, 'pkg', 'init'));
    await writeFile(join(dir, 'pkg', 'init', '__init__.py'), 'z = 1\n');
    await writeFile(join(dir, 'pkg', 'init.py'), 'w = 1\n');
    const src = Buffer.from('import pkg.utils, pkg.sub.logs, pkg.init\n');
    expect(siblingsOf(join(dir, 'hw.py'), src).map((s) => [s.module, s.name, s.package ?? false])).toEqual([
      ['pkg.utils', 'pkg/utils.py', false],
      ['pkg.sub.logs', 'pkg/sub/logs.py', false],
      ['pkg.init', 'pkg/init/__init__.py', true],
    ]);
  });

  it('never through a linked folder, nor a folder named as a package wlgrade knows', async () => {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'utils.py'), 'secret = 1\n');
    await symlink(join(dir, 'real'), join(dir, 'pkg'));
    await mkdir(join(dir, 'numpy'));
    await writeFile(join(dir, 'numpy', 'linalg.py'), 'x = 1\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from('from pkg.utils import secret\nimport numpy.linalg\n'))).toEqual([]);
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

  // The folder is listed only when a module the file imports has a `<name>.py` there (lstat):
  // the answers are those of the listing.
  it.each([
    ['imports no module of the folder (a cohort of files beside it)', 'import numpy as np\nimport math\n', []],
    ['imports a name whose <name>.py is a folder', 'import pkg\n', []],
    ['imports a name too long for a file name', `import ${'a'.repeat(300)}\n`, []],
    ['imports the graded file only', 'import hw\n', []],
    ['imports through a name whose file is there', 'import numpy\nfrom helpers import f\n', ['helpers.py', 'logs.py']],
  ])('%s', async (_what, source, names) => {
    for (let i = 0; i < 50; i++) await writeFile(join(dir, `learner_${i}.py`), 'import numpy\n');
    await mkdir(join(dir, 'pkg.py'));
    await writeFile(join(dir, 'helpers.py'), 'import logs\n');
    await writeFile(join(dir, 'logs.py'), 'x = 1\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from(source)).map((s) => s.name)).toEqual(names);
  });

  it('never follows a link, nor imports the graded file itself', async () => {
    await writeFile(join(dir, 'elsewhere.txt'), 'secret = 1\n');
    await symlink(join(dir, 'elsewhere.txt'), join(dir, 'utils.py'));
    await writeFile(join(dir, 'hw.py'), 'import utils\nimport hw\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from('import utils\nimport hw\n'))).toEqual([]);
  });
});

describe('the limits and the flat files of an LMS download', () => {
  it('reads at most MAX_SIBLINGS modules, in the order they were reached', async () => {
    // hw.py imports m0, each mI imports m(I+1): a chain of 33 modules.
    for (let i = 0; i <= MAX_SIBLINGS; i++) await writeFile(join(dir, `m${i}.py`), `import m${i + 1}\n`);
    const got = siblingsOf(join(dir, 'hw.py'), Buffer.from('import m0\n')).map((s) => s.module);
    expect(got).toEqual(Array.from({ length: MAX_SIBLINGS }, (_, i) => `m${i}`));
  });

  it('reads no module past MAX_SIBLING_BYTES in all, and still those that fit after it', async () => {
    await writeFile(join(dir, 'big.py'), Buffer.alloc(MAX_SIBLING_BYTES - 10, 0x20));
    await writeFile(join(dir, 'over.py'), Buffer.alloc(100, 0x20));
    await writeFile(join(dir, 'small.py'), 'x = 1\n');
    expect(siblingsOf(join(dir, 'hw.py'), Buffer.from('import big, over, small\n')).map((s) => [s.module, s.bytes.length])).toEqual([
      ['big', MAX_SIBLING_BYTES - 10],
      ['small', 6],
    ]);
  });

  it('siblingsFromFiles reads the files by the names the learner gave them, and only those imported', async () => {
    await writeFile(join(dir, 'smithjohn_12345_678902_utils.py'), 'import logs\n');
    await writeFile(join(dir, 'smithjohn_12345_678903_logs.py'), 'y = 2\n');
    await writeFile(join(dir, 'smithjohn_12345_678904_other.py'), 'z = 3\n');
    const given = [
      { name: 'utils.py', path: join(dir, 'smithjohn_12345_678902_utils.py') },
      { name: 'logs.py', path: join(dir, 'smithjohn_12345_678903_logs.py') },
      { name: 'other.py', path: join(dir, 'smithjohn_12345_678904_other.py') },
      { name: 'numpy.py', path: join(dir, 'smithjohn_12345_678903_logs.py') },
    ];
    expect(siblingsFromFiles(given, Buffer.from('import utils, numpy\n')).map((s) => [s.module, s.name, s.bytes.toString()])).toEqual([
      ['utils', 'utils.py', 'import logs\n'],
      ['logs', 'logs.py', 'y = 2\n'],
    ]);
  });
});

describe('siblingNotes', () => {
  const sib = (module: string) => ({ module, name: `${module}.py`, bytes: Buffer.alloc(0) });
  it.each([
    ['no facts (the file never loaded)', undefined, []],
    ['only those that ran; a module not sent is never named', { ran: ['helpers', 'evil'], shadowed: [] }, ['hw.py imports helpers.py, a file of yours beside it, which ran with it.']],
    ['a shadowed one, by its kind', { ran: [], shadowed: [{ module: 'code', by: 'python' as const }, { module: 'limits', by: 'grader' as const }] }, [
      "Your code.py is not imported: Python's own module code has that name; rename it (and the imports of it).",
      'Your limits.py is not imported: the grader has a module of its own named limits; rename it (and the imports of it).',
    ]],
    ['the graded functions a sibling defines', { ran: ['solution'], shadowed: [], defines: [{ function: 'get_weighted_loss' as const, module: 'solution' }] }, [
      'hw.py imports solution.py, a file of yours beside it, which ran with it.',
      "get_weighted_loss comes from solution.py, which hw.py imports: what this report says of it is about solution.py's code, and a line it points at in it is solution.py's.",
    ]],
  ])('%s', (_what, facts, notes) => {
    expect(siblingNotes('hw.py', ['helpers', 'code', 'limits', 'solution'].map(sib), facts)).toEqual(notes);
  });
});
