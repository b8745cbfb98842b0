/**
 * `wlgrade … | head`: the reader goes away before wlgrade has printed everything. What is left
 * is dropped, with no Node stack and no "bug" exit, and the command still finishes its work.
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheEnv, CLI, ROOT } from '../helpers/cli.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-pipe-'));
  // Far more than a pipe holds (64 KiB), so wlgrade is still writing when `head` exits.
  await writeFile(join(dir, 'big.yaml'), 'suite: big\ncases:\n  - id: big\n    function: weighted_loss\n    generate: { seed: 1, shape: [20000, 14] }\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `node cli.js args | head -1` in bash; the pipeline reports wlgrade's own exit code. */
async function throughHead(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = await execa('bash', ['-c', `${quoted} 2>"$ERR" | head -1; exit "\${PIPESTATUS[0]}"`], {
    cwd: ROOT,
    env: { NO_COLOR: '1', ERR: join(dir, 'stderr.txt'), ...cacheEnv() },
    reject: false,
    timeout: 60_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: await readFile(join(dir, 'stderr.txt'), 'utf8') };
}

describe('output into a pipe closed early', () => {
  it('cases show … | head -1: the first line, then a quiet exit 0', async () => {
    const r = await throughHead(['cases', 'show', 'big', '--cases', join(dir, 'big.yaml')]);
    expect(r.stdout).toBe('id: big');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  }, 90_000);
});
