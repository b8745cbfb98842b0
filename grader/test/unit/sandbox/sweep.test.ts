/**
 * sweepRun (process mode): kills every process carrying a run's tag, including those a tagged
 * process forks while the sweep is scanning /proc.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_TAG_VAR, statOf, sweepRun } from '../../../src/sandbox/launch.js';

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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('sweepRun by session (process mode)', () => {
  it('reads the state and session of a /proc stat line whose command holds spaces and parentheses', () => {
    expect(statOf('4242 (a) b (c)) S 1 4242 4240 0 -1 4194560 0 0 0 0')).toEqual({ state: 'S', session: 4240 });
    expect(statOf('17 (python3) Z 1 17 17 0 -1')).toEqual({ state: 'Z', session: 17 });
  });

  it.skipIf(process.platform !== 'linux')("kills the run's session and its tagged processes, and nothing else", async () => {
    // A process of another session with no tag: neither a sweep without a session nor one of another session touches it.
    const bystander = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    // The run: a session of its own (detached), its leader's pid the session id.
    const run = spawn('sh', ['-c', 'sleep 30 & sleep 30'], { detached: true, stdio: 'ignore', env: {} });
    await new Promise((r) => setTimeout(r, 300));
    try {
      await sweepRun('no-such-tag');
      await sweepRun('no-such-tag', bystander.pid! + 1_000_000);
      expect(alive(bystander.pid!)).toBe(true);
      expect(alive(run.pid!)).toBe(true);
      await sweepRun('no-such-tag', run.pid!);
      await new Promise((r) => setTimeout(r, 100));
      expect(alive(bystander.pid!)).toBe(true);
      // Killed; a zombie until reaped, which only its parent (this process) does.
      const gone = await new Promise<boolean>((r) => {
        if (run.exitCode !== null || run.signalCode !== null) r(true);
        run.on('exit', () => r(true));
        setTimeout(() => r(false), 2_000);
      });
      expect(gone).toBe(true);
    } finally {
      for (const p of [bystander, run]) p.kill('SIGKILL');
    }
  });

  it.skipIf(process.platform !== 'linux')('does not count a zombie of the session as killed: the scans stop while it waits to be reaped', async () => {
    // `true` ends at once and its parent (sleep, after the exec) never reaps it. Counted as killed,
    // such a zombie (or the run's leader, which the grader reaps when its event loop gets to it)
    // kept the sweep scanning /proc twenty times: seconds a cold run on a loaded machine.
    const run = spawn('sh', ['-c', 'true & exec sleep 30'], { detached: true, stdio: 'ignore', env: {} });
    await new Promise((r) => setTimeout(r, 300));
    try {
      const killed = await sweepRun('no-such-tag', run.pid!);
      expect(killed).toBeGreaterThanOrEqual(1);
      expect(killed).toBeLessThanOrEqual(3);
    } finally {
      run.kill('SIGKILL');
    }
  });
});
