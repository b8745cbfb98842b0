/**
 * A sandbox built from a guessed description of the Python (LaunchInput.pythonGuess: check's
 * memory of the last run) does not wait for the Python's probe, and says how to learn whether the
 * guess held (LaunchSpec.confirm). A launch given no guess is the probe's; runSubmission gives the
 * guess to its first launch only, so the launch built after a wrong guess is the probe's.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBwrap, pythonInfo, type PythonInfo } from '../../../src/sandbox/detect.js';
import { buildLaunch } from '../../../src/sandbox/launch.js';
import { runSubmission } from '../../../src/sandbox/run-submission.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';

let dir: string;
let gate: string;
let real: PythonInfo;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-guess-'));
  gate = join(dir, 'go');
  real = await pythonInfo('python3');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A python3 whose answers wait until the test opens the gate (a slow pyenv shim, made certain). */
async function gatedPython(name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\nwhile [ ! -e "${gate}" ]; do sleep 0.02; done\nexec python3 "$@"\n`);
  await chmod(path, 0o755);
  return path;
}

const launchOf = (python: string, pythonGuess?: PythonInfo) => buildLaunch('bwrap', { python, dir, submission: join(dir, 'sub.py'), limits: DEFAULT_LIMITS, ...(pythonGuess ? { pythonGuess } : {}) });
const bwrap = await probeBwrap();

describe.skipIf(!bwrap.ok)('a launch from a guessed Python', () => {
  it('is built before the probe answers, and confirmed by the same answer', async () => {
    await rm(gate, { force: true });
    const python = await gatedPython('same-python');
    const probe = pythonInfo(python); // under way, held at the gate
    const launch = await launchOf(python, real);
    expect(launch.args).toContain(real.executable);
    expect(launch.confirm).toBeDefined(); // built while the probe is held: it did not wait
    await writeFile(gate, '');
    await probe;
    expect(await launch.confirm!()).toBe(true);
  });

  it('is refuted by another answer; the next launch is built from the probe, with nothing to confirm', async () => {
    await writeFile(gate, '');
    const python = await gatedPython('other-python');
    const stale: PythonInfo = { ...real, executable: '/nonexistent/bin/python3' };
    const guessed = await launchOf(python, stale);
    expect(guessed.args).toContain(stale.executable);
    expect(await guessed.confirm!()).toBe(false);
    const again = await launchOf(python);
    expect(again.confirm).toBeUndefined();
    expect(again.args).toContain(real.executable);
    expect(again.args).not.toContain(stale.executable);
  });

  it('throws what the probe throws when the Python cannot be started', async () => {
    const python = join(dir, 'missing-python');
    const launch = await launchOf(python, real);
    await expect(launch.confirm!()).rejects.toMatchObject({ code: 'PYTHON_NOT_FOUND' });
  });

  it("runSubmission builds its first launch from RunOptions.pythonGuess, and the run made again after a wrong guess from the probe's", async () => {
    await writeFile(gate, '');
    const bytes = Buffer.from('import numpy as np\n\ndef compute_class_freqs(labels):\n    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)\n');
    const sub = { path: join(dir, 'hw.py'), kind: 'py' as const, displayName: 'hw.py', bytes };
    const opts = { python: 'python3', sandbox: 'bwrap' as const, limits: DEFAULT_LIMITS, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const plain = await runSubmission(sub, [], opts);
    expect(plain.load.ok).toBe(true);
    // Gone, or a program that ends at once: were the guess given to the second launch too, that run would fail the same way.
    for (const executable of ['/nonexistent/bin/python3', '/bin/true']) {
      const guessed = await runSubmission(sub, [], { ...opts, pythonGuess: { ...real, executable } });
      expect([guessed.load, guessed.python]).toEqual([plain.load, plain.python]);
    }
  });
});
