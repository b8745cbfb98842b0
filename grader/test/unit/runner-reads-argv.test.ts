/**
 * Which parse_args call reads the command line (no argument, None, sys.argv or a slice of it) is
 * decided once, by notebook._gives_own_list (each argument through _reads_argv): the notebook
 * loader gives such a parse its defaults (_parse_args_call), and runner._parses_own_list words its
 * exit as the grader's empty command line. runner had its own copy of that check; the two must not
 * drift, so runner reads notebook's.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import ast, json, linecache, sys
sys.path.insert(0, sys.argv[1])
import runner, notebook
asked = []
real = notebook._reads_argv
def spy(e):
    asked.append(ast.unparse(e))
    return real(e)
notebook._reads_argv = spy
out = []
for arg in json.loads(sys.argv[2]):
    call = "parser.parse_args(%s)" % arg
    source = "import sys\\nargs = %s\\n" % call
    runner.Sub.filename = "<argv-test>"
    linecache.cache[runner.Sub.filename] = (len(source), None, source.splitlines(True), runner.Sub.filename)
    del asked[:]
    own = runner._parses_own_list(2)
    runner_asked = list(asked)
    defaults = notebook._parse_args_call(ast.parse(source).body[1]) is not None
    out.append({"arg": arg, "own": own, "defaults": defaults, "asked": runner_asked})
print(json.dumps(out))
`;

describe('runner and notebook: one check of a parse_args that reads the command line', () => {
  it("runner._parses_own_list asks notebook._reads_argv, and the two sides agree on every form", async () => {
    const args = ['', 'None', 'sys.argv', 'sys.argv[1:]', 'args=sys.argv[1:]', 'argv', "['--bad']", 'args=["--data", "x"]', 'my_list', 'sys.argv[1:] + ["--x"]'];
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, JSON.stringify(args)]);
    const got = JSON.parse(r.stdout) as { arg: string; own: boolean; defaults: boolean; asked: string[] }[];
    // Every call given an argument is judged by notebook's function, not a copy of runner's own.
    for (const g of got) expect(g.asked.length, g.arg).toBe(g.arg === '' ? 0 : 1);
    // A parse the loader gives its defaults is never the learner's own list, and the reverse.
    for (const g of got) expect(g.own, g.arg).toBe(!g.defaults);
    expect(got.filter((g) => g.own).map((g) => g.arg)).toEqual(["['--bad']", 'args=["--data", "x"]', 'my_list', 'sys.argv[1:] + ["--x"]']);
  });
});
