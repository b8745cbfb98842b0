/**
 * The Python probe (probes.ts pythonInfoCommand: where the interpreter lives, for the sandbox's
 * binds) runs outside any sandbox, as wlgrade's user, in the folder wlgrade was started in, and
 * `python -c` puts that folder first on sys.path. `wlgrade check` run in a learner's folder (a
 * cloned repository, a CI job in the learner's repository) imported the learner's json.py there
 * before any sandbox existed (red team 32): the probe takes its modules from Python's own library.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pythonInfoCommand } from '../../src/probes.js';

let dir: string;
let hostile: string;
let empty: string;
let marker: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-probe-cwd-'));
  hostile = join(dir, 'learner');
  empty = join(dir, 'empty');
  marker = join(dir, 'ran');
  await mkdir(hostile);
  await mkdir(empty);
  // A module named after every top-level module of Python's library (3.10+ lists them; older
  // Pythons get the ones the probe reads), each leaving its name in the marker file when imported.
  const names = (await execa('python3', ['-c', "import sys; print('\\n'.join(getattr(sys, 'stdlib_module_names', ['json', 'importlib', 'site', 'sysconfig', 'os', 're'])))"])).stdout.split('\n');
  for (const name of names.filter((n) => /^[A-Za-z_]\w*$/.test(n))) {
    await writeFile(join(hostile, `${name}.py`), `open(${JSON.stringify(marker)}, "a").write(${JSON.stringify(name)} + "\\n")\n`);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it("runs none of the modules in the folder it is started in, and says what it says from an empty folder", async () => {
  const cmd = pythonInfoCommand('python3');
  const there = await execa(cmd.file, cmd.args, { cwd: hostile, reject: false });
  expect(existsSync(marker) ? 'imported from the folder' : 'nothing imported', there.stderr).toBe('nothing imported');
  expect(there.exitCode, there.stderr).toBe(0);
  const elsewhere = await execa(cmd.file, cmd.args, { cwd: empty });
  expect(JSON.parse(there.stdout)).toEqual(JSON.parse(elsewhere.stdout));
});
