/**
 * runner.own_import on a notebook's `from <module> import *` of a file a %%writefile cell writes
 * outside the notebook's folder (notebook.OUTSIDE): the error it describes must pass
 * ErrorInfoSchema. The notebook reader takes Python's Unicode \w in the file's name; the schema's
 * `outside.file` took ASCII only, so an honest `%%writefile ../ayuda_ñ.py` refused the whole load
 * record (a corrupt channel, 0 points).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import { ErrorInfoSchema } from '../../src/schema/protocol.js';

const SCRIPT = `
import json, sys, types
sys.path.insert(0, sys.argv[1])
import runner
runner.Sub.cell_of_line = lambda line: (2, line)
out = []
for module in ("ayuda", "ayuda_ñ", "módulo.ayuda"):
    sys.modules["wlgrade_notebook"] = types.SimpleNamespace(OUTSIDE={module: ("../%s.py" % module.replace(".", "/"), 1)}, STOPPED_WRITES={})
    err = {"type": "ModuleNotFoundError", "message": "No module named '%s'" % module, "line": 2,
           "traceback": "cell 2, line 2, in <module>\\n    from %s import *" % module}
    out.append(dict(err, ownImport=runner.own_import(err)))
print(json.dumps(out))
`;

describe('runner.own_import: a %%writefile outside the folder, named with non-ASCII letters', () => {
  it('describes the import as ErrorInfoSchema takes it, the file named as written', async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const errors = JSON.parse(stdout) as unknown[];
    const parsed = errors.map((e) => ErrorInfoSchema.safeParse(e));
    expect(parsed.map((p) => p.success)).toEqual([true, true, true]);
    expect(parsed.map((p) => p.data?.ownImport?.outside?.file)).toEqual(['../ayuda.py', '../ayuda_ñ.py', '../módulo/ayuda.py']);
  });
});
