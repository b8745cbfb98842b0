/**
 * sweepRun (process mode): kills every process carrying a run's tag, including those a tagged
 * process forks while the sweep is scanning /proc.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_TAG_VAR, sweepRun } from '../../../src/sandbox/launch.js';

function tagged(tag: string): number[] {
  const needle = Buffer.from(`${RUN_TAG_VAR}=${tag}\0`);
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((n) => {
    try {
      return readFileSync(`/proc/${n}/environ`).includes(needle) ? [Number(n)] : [];
    } catch {
      return [];
    }
  });
}

describe.skipIf(process.platform !== 'linux')('sweepRun', () => {
  it('leaves no tagged process, not even one forked while it scanned', { timeout: 30_000 }, async () => {
    const tag = randomBytes(8).toString('hex');
    // A shell that starts a sleeping child every few milliseconds, in its own session (detached,
    // as a daemon). Not a Python: a pyenv shim would add short-lived tagged helper processes.
    const child = spawn('/bin/sh', ['-c', 'while :; do sleep 30 & sleep 0.005; done'], { env: { ...process.env, [RUN_TAG_VAR]: tag }, stdio: 'ignore', detached: true });
    child.unref();
    // Until it has a few children (a loaded machine may take a second to start them). The count is
    // the one the loop saw: read again, a `sleep 0.005` that just ended made it one less.
    try {
      let seen = 0;
      for (let waited = 0; (seen = tagged(tag).length) < 4 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toBeGreaterThanOrEqual(4);
      const killed = await sweepRun(tag);
      await new Promise((r) => setTimeout(r, 100));
      expect(killed).toBeGreaterThan(1);
      expect(tagged(tag)).toEqual([]);
    } finally {
      // A failed assertion must not leave the forker running (it did: thousands of sleeps, a core busy).
      for (const pid of tagged(tag)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    }
  });
});
