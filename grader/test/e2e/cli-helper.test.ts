/**
 * The e2e helper runCli: a wlgrade run that does not end is killed and fails its test with the
 * command and the limit, not an exit code of -1 read as the CLI's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

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
