/**
 * The Python probe (probes.ts pythonInfoCommand: where the interpreter lives, for the sandbox's
 * binds) runs outside any sandbox, as wlgrade's user, in the folder wlgrade was started in, and
 * `python -c` puts that folder first on sys.path. `wlgrade check` run in a learner's folder (a
 * cloned repository, a CI job in the learner's repository) imported the learner's json.py there
 * before any sandbox existed (red team 32): the probe takes its modules from Python's own library.
 * So does validate's question whether a sample's package is installed (hasModuleCommand), whose
 * `import importlib.util` took an importlib.py from the folder on a Python that does not import
 * importlib at start (Debian's /usr/bin/python3; here python3 -S, which does not either).
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasModuleCommand, pythonInfoCommand, pythonPathOutside, type ProbeAt } from '../../src/probes.js';

let dir: string;
let hostile: string;
let empty: string;
let marker: string;
let bare: string;
let extra: string;

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
  await writeFile(join(hostile, 'wlgrade_only_here.py'), '');
  // Imported by Python's start-up itself (site), before the probe's first line, from its path.
  for (const name of ['sitecustomize', 'usercustomize', 'wlgrade_pkg/__init__']) {
    await mkdir(join(hostile, 'wlgrade_pkg'), { recursive: true });
    await writeFile(join(hostile, `${name}.py`), `open(${JSON.stringify(marker)}, "a").write(${JSON.stringify(name)} + "\\n")\n`);
  }
  extra = join(dir, 'extra');
  await mkdir(extra);
  await symlink(hostile, join(dir, 'link'));
  // A Python with no importlib imported at start, as Debian's is.
  bare = join(dir, 'python-no-site');
  await writeFile(bare, '#!/bin/sh\nexec python3 -S "$@"\n');
  await chmod(bare, 0o755);
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

it("asks whether a package is installed without running a module of the folder, nor counting one found there", async () => {
  const ask = async (python: string, name: string) => {
    const cmd = hasModuleCommand(python, name);
    const r = await execa(cmd.file, cmd.args, { cwd: hostile, reject: false });
    expect(existsSync(marker) ? 'imported from the folder' : 'nothing imported', r.stderr).toBe('nothing imported');
    return r.exitCode;
  };
  for (const python of ['python3', bare]) {
    expect(await ask(python, 'json')).toBe(0);
    expect(await ask(python, 'wlgrade_madeup_module')).toBe(1);
    // The sandbox's Python never has this folder on its path: a module only the folder has is no package.
    expect(await ask(python, 'wlgrade_only_here')).toBe(1);
  }
});

// PYTHONPATH="$PYTHONPATH:/opt/course" with PYTHONPATH unset gives ":/opt/course", whose empty entry
// Python turns into the absolute current folder (not ''): the probe's '' filter kept it, and
// Python's start-up imported that folder's sitecustomize.py / usercustomize.py before the probe's
// first line (review 32b). Every spelling of the folder is left out, in the probe's env and its path.
const spellings = () => [`${delimiter}${extra}`, `.${delimiter}${extra}`, `./${delimiter}${extra}`, `${hostile}${delimiter}${extra}`, `${extra}${delimiter}${hostile}/`, `wlgrade_pkg/..${delimiter}${extra}`, `${join(dir, 'link')}${delimiter}${extra}`];

it.each([0, 1, 2, 3, 4, 5, 6])('with the current folder on PYTHONPATH (spelling %i: empty entry, ., ./, absolute, absolute/, relative, a symlink to it) the probe imports nothing from it and sees what it sees elsewhere', async (i) => {
  const pythonPath = spellings()[i]!;
  const at: ProbeAt = { env: { ...process.env, PYTHONPATH: pythonPath }, cwd: hostile };
  const cmd = pythonInfoCommand('python3', at);
  const there = await execa(cmd.file, cmd.args, { cwd: hostile, env: cmd.env ?? at.env, extendEnv: false, reject: false });
  expect(existsSync(marker) ? `imported from the folder: ${await readFile(marker, 'utf8')}` : 'nothing imported', there.stderr).toBe('nothing imported');
  expect(there.exitCode, there.stderr).toBe(0);
  const clean: ProbeAt = { env: { ...process.env, PYTHONPATH: extra }, cwd: empty };
  const ref = pythonInfoCommand('python3', clean);
  const elsewhere = await execa(ref.file, ref.args, { cwd: empty, env: ref.env ?? clean.env, extendEnv: false });
  expect(JSON.parse(there.stdout)).toEqual(JSON.parse(elsewhere.stdout));
  expect((JSON.parse(there.stdout) as { paths: string[] }).paths).toContain(extra);
});

it('asked about a dotted name with the current folder on PYTHONPATH, runs no parent package of the folder and counts none', async () => {
  for (const pythonPath of spellings()) {
    for (const name of ['wlgrade_pkg.sub', 'wlgrade_only_here', 'json']) {
      const at: ProbeAt = { env: { ...process.env, PYTHONPATH: pythonPath }, cwd: hostile };
      const cmd = hasModuleCommand('python3', name, at);
      const r = await execa(cmd.file, cmd.args, { cwd: hostile, env: cmd.env ?? at.env, extendEnv: false, reject: false });
      expect(existsSync(marker) ? `imported from the folder: ${await readFile(marker, 'utf8')}` : 'nothing imported', `${pythonPath} ${name}`).toBe('nothing imported');
      expect([pythonPath, name, r.exitCode]).toEqual([pythonPath, name, name === 'json' ? 0 : 1]);
    }
  }
});

it.each([
  [`${delimiter}/opt`, '/work', '/opt'],
  [`/opt${delimiter}${delimiter}/srv`, '/work', `/opt${delimiter}/srv`],
  [`.${delimiter}lib${delimiter}/work${delimiter}/work/${delimiter}/work/lib`, '/work', '/work/lib'],
  ['', '/work', ''],
])('pythonPathOutside(%j, %j) is %j', (value, cwd, want) => {
  expect(pythonPathOutside(value, cwd)).toBe(want);
});
