/**
 * The e2e helper runCli: a wlgrade run that does not end is killed and fails its test with the
 * command and the limit, not an exit code of -1 read as the CLI's; check's cache goes to a folder
 * of the test file's own, not the runner's ~/.cache/wlgrade.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cacheEnv, ROOT, runCli } from '../helpers/cli.js';

it('a run past its limit throws, naming the command, the limit and what it wrote', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-cli-helper-'));
  try {
    // A preload that blocks Node's main thread for good: the run cannot end on any machine.
    const hang = join(dir, 'hang.cjs');
    await writeFile(hang, "process.stderr.write('stuck\\n');\nAtomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n");
    await expect(runCli(['--version'], { env: { NODE_OPTIONS: `--require ${hang}` }, timeoutMs: 2_000 })).rejects.toThrow(
      'wlgrade --version did not finish within 2 s and was killed (a loaded machine, or a hang); stderr so far: "stuck", stdout: ""',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("check's cache goes to the test file's own folder, not the runner's HOME", async () => {
  const home = await mkdtemp(join(tmpdir(), 'wlgrade-cli-helper-home-'));
  try {
    const r = await runCli(['check', '--sandbox', 'process', join(ROOT, 'submissions', 'correct', 'loop.py')], { env: { HOME: home } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(home, '.cache'))).toBe(false);
    expect((await readdir(join(cacheEnv().XDG_CACHE_HOME, 'wlgrade'))).length).toBeGreaterThan(0);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
