/**
 * The CLI's entry starts the sandbox and Python probes before the rest of the grader loads
 * (probes.ts); detect.ts then takes those runs instead of starting its own. A probe started
 * early must be used exactly once, and only for the command and options that need it.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, pythonInfoCommand, pythonKey, startEarlyProbes } from '../../src/probes.js';
import { probeBwrap, pythonInfo } from '../../src/sandbox/detect.js';

let dir: string;
let counter: string;
let python: string;
const runs = async () => (await readFile(counter, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-probes-'));
  counter = join(dir, 'runs');
  // A python3 that counts its starts.
  python = join(dir, 'counting-python');
  await writeFile(python, `#!/bin/sh\necho run >> "${counter}"\nexec python3 "$@"\n`);
  await chmod(python, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('early probes', () => {
  it('are taken once by the first probe of the same key, then probes run afresh', async () => {
    startEarlyProbes(['check', 'hw.py', '--python', python, '--sandbox', 'bwrap'], process.env);
    const first = await probe(pythonKey(python), pythonInfoCommand(python));
    expect(first.exitCode).toBe(0);
    expect(await runs()).toBe(1); // the early run, not a second one
    await probe(pythonKey(python), pythonInfoCommand(python));
    expect(await runs()).toBe(2);
  });

  it('feed pythonInfo, which reports the real interpreter behind the wrapper', async () => {
    const before = await runs();
    startEarlyProbes(['grade', 'subs/', `--python=${python}`], process.env);
    const info = await pythonInfo(python);
    expect(info.executable).not.toBe(python);
    expect(await runs()).toBe(before + 1); // the run startEarlyProbes started; pythonInfo started none
  });

  it('use $WLGRADE_PYTHON when --python is not given, as the commands do', async () => {
    const before = await runs();
    startEarlyProbes(['check', 'hw.py'], { ...process.env, WLGRADE_PYTHON: python });
    await probe(pythonKey(python), pythonInfoCommand(python));
    expect(await runs()).toBe(before + 1);
  });

  it('are not started for other commands', async () => {
    const before = await runs();
    startEarlyProbes(['merge', 'a', 'b', '--python', python], process.env);
    startEarlyProbes(['validate', '--python', python], process.env);
    startEarlyProbes(['--version'], process.env);
    await new Promise((r) => setTimeout(r, 300));
    expect(await runs()).toBe(before);
  });

  it('do not start the Python probe under --sandbox process, which runs the Python as given', async () => {
    const before = await runs();
    startEarlyProbes(['check', 'hw.py', '--sandbox=process', '--python', python], process.env);
    await new Promise((r) => setTimeout(r, 300));
    expect(await runs()).toBe(before);
  });

  it('report a program that cannot be started as its spawn error', async () => {
    const missing = join(dir, 'no-such-python');
    startEarlyProbes(['check', 'hw.py', '--python', missing], process.env);
    const r = await probe(pythonKey(missing), pythonInfoCommand(missing));
    expect(r.errorCode).toBe('ENOENT');
    await expect(pythonInfo(missing)).rejects.toThrow(/Could not start .*no-such-python.* \(ENOENT\)/);
  });
});

describe('the bwrap probe', () => {
  const real = probeBwrap();

  it('asks for --as-pid-1 (bwrap ≥ 0.8), so the sandbox\'s init is wlgrade\'s own, non-dumpable process', async (ctx) => {
    const r = await real;
    if (!r.ok) return ctx.skip();
    expect(r.asPid1).toBe(true);
  });

  it('falls back to bwrap\'s own init on a bwrap that has no --as-pid-1, and still works', async (ctx) => {
    if (!(await real).ok) return ctx.skip();
    // bwrap 0.5-0.7 as it answers an option it does not know.
    const old = join(dir, 'bwrap-0.7');
    await writeFile(old, `#!/bin/sh\nfor a in "$@"; do [ "$a" = --as-pid-1 ] && { echo "bwrap: Unknown option --as-pid-1" >&2; exit 1; }; done\nexec bwrap "$@"\n`);
    await chmod(old, 0o755);
    expect(await probeBwrap(old)).toEqual({ ok: true, bwrap: old, rootless: process.geteuid?.() !== 0, asPid1: false });
  });
});
