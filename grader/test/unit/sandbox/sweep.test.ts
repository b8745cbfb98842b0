/**
 * sweepRun (process mode): kills every process carrying a run's tag, including those a tagged
 * process forks while the sweep is scanning /proc.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_TAG_VAR, statOf, sweepRun } from '../../../src/sandbox/launch.js';
import { waitFor, within } from '../../helpers/wait.js';

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
      const seen = await waitFor('four tagged processes of the forking shell', () => tagged(tag).length >= 4 && tagged(tag).length, { limitMs: 20_000, everyMs: 50, seen: () => `${tagged(tag).length}` });
      expect(seen).toBeGreaterThanOrEqual(4);
      const killed = await sweepRun(tag);
      expect(killed).toBeGreaterThan(1);
      // A SIGKILLed process leaves /proc when the kernel has torn it down, which a loaded machine
      // can take longer than a fixed 100 ms to do (the test failed so once); one the sweep missed
      // (forked after it) would keep forking and never leave.
      await waitFor('the swept processes to leave /proc', () => tagged(tag).length === 0, { limitMs: 10_000, everyMs: 20, seen: () => `${tagged(tag).length} tagged: ${tagged(tag).join(' ')}` });
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

/** The processes of /proc with their parent, state and session (a zombie included). */
function processes(): { pid: number; ppid: number; state: string; session: number | null }[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((n) => {
    try {
      const stat = readFileSync(`/proc/${n}/stat`, 'latin1');
      return [{ pid: Number(n), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), ...statOf(stat) }];
    } catch {
      return [];
    }
  });
}
const inSession = (sid: number) => processes().filter((p) => p.session === sid);
const show = (ps: { pid: number; state: string }[]) => JSON.stringify(ps.map((p) => `${p.pid} ${p.state}`));

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
    const exited = new Promise<boolean>((r) => run.on('exit', () => r(true)));
    try {
      // Its background sleep started (a fixed 300 ms was not always enough at load 20). Two live
      // processes or more: a shell that execs its last command is that sleep itself.
      await waitFor("the run's shell and a sleep it started, in its session", () => inSession(run.pid!).filter((p) => p.state !== 'Z').length >= 2, { seen: () => show(inSession(run.pid!)) });
      await sweepRun('no-such-tag');
      await sweepRun('no-such-tag', bystander.pid! + 1_000_000);
      expect(alive(bystander.pid!)).toBe(true);
      expect(alive(run.pid!)).toBe(true);
      await sweepRun('no-such-tag', run.pid!);
      // Killed; the leader a zombie until reaped, which only its parent (this process) does: its
      // exit event, not a clock (2 s was one).
      expect(await within("the run's leader to exit after the sweep", exited)).toBe(true);
      expect(alive(bystander.pid!)).toBe(true);
      // The sweep returns once two scans found nothing left to kill: what is left of the session is zombies.
      expect(show(inSession(run.pid!).filter((p) => p.state !== 'Z'))).toBe('[]');
    } finally {
      for (const p of [bystander, run]) p.kill('SIGKILL');
    }
  });

  it.skipIf(process.platform !== 'linux')('does not count a zombie of the session as killed: the scans stop while it waits to be reaped', async () => {
    // Counted as killed, a zombie (the run's leader, which the grader reaps when its event loop
    // gets to it, or an unreaped child) kept the sweep scanning /proc twenty times: seconds a
    // cold run on a loaded machine. A session whose only process is a zombie: `setsid true` makes
    // a session of its own and ends at once, and its parent (in the spawned session, exec'd into
    // sleep) never reaps it. A live leader was in the swept session before: at load 20 a killed
    // one was still there, not yet dead, at the next scans, each counting it again (4 > 3).
    const run = spawn('sh', ['-c', 'setsid true & exec sleep 30'], { detached: true, stdio: 'ignore', env: {} });
    try {
      const zombie = await waitFor(
        'the zombie of `setsid true`, a session of its own, child of the run',
        () => processes().find((p) => p.ppid === run.pid && p.state === 'Z' && p.session === p.pid),
        { seen: () => show(processes().filter((p) => p.ppid === run.pid)) },
      );
      expect(await sweepRun('no-such-tag', zombie.pid)).toBe(0);
      expect(alive(run.pid!)).toBe(true); // its parent, of another session, untouched
    } finally {
      run.kill('SIGKILL');
    }
  });
});
