/**
 * How the Python side is started for each sandbox mode: the command, its working directory and
 * environment, and where the runner and the submission are as the process sees them.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { GraderError } from '../errors.js';
import { PACKAGE_ROOT, PYTHON_DIR, RUNNER_ENTRY, RUNNER_ENTRY_NAME } from '../paths.js';
import type { PlanLimits } from '../schema/protocol.js';
import { bwrapArgs, SANDBOX_HOME, SANDBOX_PYTHON_DIR, SANDBOX_SUBMISSION_DIR } from './bwrap.js';
import { pythonInfo, requireBwrap, samePythonInfo, type PythonInfo } from './detect.js';
import { sandboxEnv, type Limits, type SandboxMode } from './policy.js';

export interface LaunchSpec {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The submission's path inside the sandbox. */
  submissionPath: string;
  /** The limits the runner applies to itself before any learner code (limits.py). */
  planLimits: PlanLimits;
  /**
   * True when a wrapper (bwrap) stands between us and Python: an exit code of 128+N then means
   * Python was killed by signal N, or that it called os._exit(128+N). The runner's guard then
   * says which on fd 4 (runner.py --status-fd, limits.guard; exitFromStatus).
   */
  wrapped: boolean;
  /**
   * A random value in the learner's environment (WLGRADE_RUN). In process mode it finds
   * processes that left the process group (setsid) so they can be killed after the run.
   */
  runTag: string;
  /**
   * Set when the sandbox was built from a guessed description of the Python (LaunchInput's
   * pythonGuess) rather than this run's probe: resolves true when the probe gives the same
   * description, so the run stands; false when it does not, and the run must be made again with a
   * launch built afresh. Throws what the probe throws (a Python that cannot be started).
   */
  confirm?: () => Promise<boolean>;
}

export interface LaunchInput {
  python: string;
  /** A private temp dir: `sub/` holds the submission copy, `home/` is the learner's cwd and HOME. */
  dir: string;
  submission: string;
  limits: Limits;
  /**
   * A description of `python` from an earlier run (check's cache, python-info-cache.ts): under
   * bwrap the sandbox is built from it at once, not after this run's probe (on a pyenv or asdf
   * shim, most of a check's start), and the launch's `confirm` says whether the probe agrees.
   */
  pythonGuess?: PythonInfo;
}

/** The variable that carries the run tag; see LaunchSpec.runTag. */
export const RUN_TAG_VAR = 'WLGRADE_RUN';

/**
 * The limits the runner applies to itself, per mode; the warm pool's jobs get the same.
 * Process mode as root keeps our uid (the interpreter may live under /root): RLIMIT_NPROC is then
 * not enforced by the kernel (docs/sandbox.md). bwrap as root has no user namespace: the runner
 * switches to a uid picked per run, so RLIMIT_NPROC counts only this run's processes, no root
 * file is readable, and the pool server (uid 0 without CAP_KILL) can kill exactly that run.
 */
export function planLimitsFor(mode: SandboxMode, l: Limits): PlanLimits {
  const root = process.geteuid?.() === 0;
  const base = { cpuSeconds: l.cpuSeconds, memoryMb: l.memoryMb, processes: l.processes, fileSizeMb: l.fileSizeMb, openFiles: l.openFiles };
  return mode === 'process'
    ? { ...base, uid: null, countExisting: !root }
    : { ...base, uid: root ? randomInt(200_000, 1_200_000) : null, countExisting: false };
}

/**
 * Paths of this command that no sandbox may show, besides the fixed ones: `grade`'s --out (every
 * learner's results, with the expected values), its input folders and zips (the other learners'
 * files), the case files, Gradescope's results folder. A folder on the Python's path that holds
 * one (PYTHONPATH set to the course folder) is then not bound. Set by the command before any
 * sandbox or pool starts.
 */
const commandHidden: string[] = [];

export function hideFromSandboxes(paths: string[]): void {
  for (const p of paths) {
    let real = resolve(p);
    try {
      real = realpathSync(real);
    } catch {
      // not there (yet): its resolved path
    }
    if (!commandHidden.includes(real)) commandHidden.push(real);
  }
}

/** The paths every sandbox hides (sandboxFences), for a check outside it that must see what it sees (import-facts.ts). */
export const sandboxHidden = (): string[] => [PACKAGE_ROOT, homedir(), process.cwd(), ...commandHidden];

/** What every sandbox hides and how large its private /tmp is (cold runs and pool workers alike). */
export function sandboxFences(l: Limits): { hide: string[]; tmpMb: number } {
  return { hide: sandboxHidden(), tmpMb: Math.max(64, l.fileSizeMb * 4) };
}

export async function buildLaunch(mode: SandboxMode, input: LaunchInput): Promise<LaunchSpec> {
  const runTag = randomBytes(12).toString('hex');
  const planLimits = planLimitsFor(mode, input.limits);
  switch (mode) {
    case 'process': {
      const home = join(input.dir, 'home');
      return {
        file: input.python,
        args: ['-B', RUNNER_ENTRY],
        cwd: home,
        env: { ...sandboxEnv(home, process.env), [RUN_TAG_VAR]: runTag },
        submissionPath: input.submission,
        planLimits,
        wrapped: false,
        runTag,
      };
    }
    case 'bwrap': {
      const probe = await requireBwrap();
      const guess = input.pythonGuess;
      const py = guess ?? (await pythonInfo(input.python));
      const env = { ...sandboxEnv(SANDBOX_HOME, process.env), [RUN_TAG_VAR]: runTag };
      const args = bwrapArgs({
        python: py,
        runnerDir: PYTHON_DIR,
        submissions: [input.submission],
        ...sandboxFences(input.limits),
        env,
        rootless: probe.rootless,
        asPid1: probe.asPid1,
        // fd 4: where the runner's guard says how Python ended (exitFromStatus).
        command: [py.executable, '-B', `${SANDBOX_PYTHON_DIR}/${RUNNER_ENTRY_NAME}`, '--status-fd', '4'],
      });
      return {
        file: probe.bwrap,
        args,
        cwd: input.dir,
        // bwrap itself runs with a minimal environment; --clearenv/--setenv set the learner's.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        submissionPath: `${SANDBOX_SUBMISSION_DIR}/${basename(input.submission)}`,
        planLimits,
        wrapped: true,
        runTag,
        ...(guess ? { confirm: async () => samePythonInfo(guess, await pythonInfo(input.python)) } : {}),
      };
    }
  }
}

/**
 * Why the Python process ended, as far as the exit status tells; 'lost': the warm pool's worker
 * running it ended (pool/worker.ts), which says nothing of what the run's own process did.
 */
export type CrashCause = 'exit' | 'cpu' | 'file-size' | 'killed' | 'signal' | 'lost';

const SIGNAL_NAMES: Record<number, NodeJS.Signals> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ', 31: 'SIGSYS' };

/**
 * The exit status in words. Behind bwrap, "exit code 128+N" is how a death by signal N reaches us
 * (bwrap exits with its child's status); a learner calling os._exit(137) looks the same: this is
 * the guess when the runner's guard said nothing on its status pipe (exitFromStatus).
 */
export function describeExit(code: number | null, signal: NodeJS.Signals | null, wrapped: boolean): { detail: string; cause: CrashCause } {
  let sig: string | null = signal;
  if (!sig && wrapped && code !== null && code > 128 && code < 160) sig = SIGNAL_NAMES[code - 128] ?? String(code - 128);
  if (!sig) return { detail: `exit code ${code}`, cause: 'exit' };
  const cause: CrashCause = sig === 'SIGXCPU' ? 'cpu' : sig === 'SIGXFSZ' ? 'file-size' : sig === 'SIGKILL' ? 'killed' : 'signal';
  return { detail: `killed by signal ${sig}`, cause };
}

/**
 * The exit status as the runner's guard reported it on its status pipe ("exit N" or "signal N",
 * from waitpid: limits.guard), in words; undefined when it said nothing readable (killed itself,
 * by the grader's kill on a time-out). Only the guard holds that pipe: its child closes it before
 * any learner code runs, so an os._exit(137) is told from a death by SIGKILL behind bwrap.
 */
export function exitFromStatus(text: string): { detail: string; cause: CrashCause } | undefined {
  const m = /^(exit|signal) (\d{1,3})\n$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (m[1] === 'exit') return n <= 255 ? describeExit(n, null, false) : undefined;
  return n >= 1 && n < 65 ? describeExit(null, (SIGNAL_NAMES[n] ?? String(n)) as NodeJS.Signals, false) : undefined;
}

/**
 * Kills every process whose environment holds this run's tag (Linux /proc; elsewhere nothing).
 * Scans again while a scan killed something: a tagged process alive during a scan may have forked
 * after /proc was listed (a daemonizing double fork), and its child is found by the next scan.
 * It stops after two scans in a row find nothing, not one: a process in the middle of execve has
 * no environment to read for that instant, and a full test run once saw a daemon slip through a
 * single empty scan that way. A process that replaced its environment (execve with a clean env)
 * and left the run's process group (setpgid) is found by its session: the run is started in a
 * session of its own (`session`, its first process's pid), and the syscall filter refuses setsid,
 * so every process of the run stays in it; a session cannot be joined from outside.
 */
export async function sweepRun(tag: string, session?: number): Promise<number> {
  let total = 0;
  let empty = 0;
  for (let pass = 0; pass < 20 && empty < 2; pass++) {
    const killed = await sweepOnce(tag, session);
    total += killed;
    empty = killed === 0 ? empty + 1 : 0;
  }
  return total;
}

/**
 * A /proc/<pid>/stat line's state and session id (the first and fourth fields after the command,
 * which may hold spaces and parentheses).
 */
export function statOf(stat: string): { state: string; session: number | null } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const sid = Number(fields[3]);
  return { state: fields[0] ?? '', session: Number.isInteger(sid) && sid > 0 ? sid : null };
}

async function sweepOnce(tag: string, session?: number): Promise<number> {
  const { readdir, readFile } = await import('node:fs/promises');
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return 0;
  }
  const needle = Buffer.from(`${RUN_TAG_VAR}=${tag}\0`);
  let killed = 0;
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      // Only with a session given: no session matches every process.
      const stat = session !== undefined ? statOf(await readFile(`/proc/${name}/stat`, 'latin1')) : null;
      const inSession = stat !== null && stat.session !== null && stat.session === session;
      if (inSession && (stat.state === 'Z' || stat.state === 'X')) {
        // Killed already and not yet reaped (the run's first process is the grader's to reap),
        // or a thread group whose leader ended while its threads run: the kill ends those, and
        // is not counted, so the scans do not go on while the grader has not reaped it.
        process.kill(Number(name), 'SIGKILL');
      } else if (inSession || (await readFile(`/proc/${name}/environ`)).includes(needle)) {
        process.kill(Number(name), 'SIGKILL');
        killed++;
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}
