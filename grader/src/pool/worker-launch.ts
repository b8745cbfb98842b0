/**
 * How a long-lived pool server is started for each sandbox mode. Under bwrap every server gets a
 * sandbox of its own, built by the same bwrapArgs as a cold run (no submission bound: code
 * arrives over the control pipe), with /tmp, /dev/shm and /dev/mqueue as the job scratch it wipes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEIGHT_PROBE } from '../../../reference/loss.js';
import { PYTHON_DIR } from '../paths.js';
import { bwrapArgs, SANDBOX_HOME, SANDBOX_PYTHON_DIR } from '../sandbox/bwrap.js';
import { pythonInfo, requireBwrap } from '../sandbox/detect.js';
import { RUN_TAG_VAR, sandboxFences } from '../sandbox/launch.js';
import { sandboxEnv, type Limits, type SandboxMode } from '../sandbox/policy.js';

export interface WorkerLaunch {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Where the server writes each job's submission (the plan's path is rewritten to it). */
  submissionDir: string;
  /** Process mode: the tag in every descendant's environment, for the sweep after a worker dies. */
  runTag: string | null;
  /** Process mode: the worker's own temp dir, removed when it is gone. */
  tempDir: string | null;
}

export interface WorkerLaunchInput {
  python: string;
  limits: Limits;
  preload: string[];
  keras: 'shim' | 'real';
}

const SERVER = 'pool_server.py';

export async function buildWorkerLaunch(mode: SandboxMode, input: WorkerLaunchInput): Promise<WorkerLaunch> {
  if (mode === 'process') {
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-pool-'));
    const home = join(dir, 'home');
    await mkdir(home);
    const runTag = randomBytes(12).toString('hex');
    // weightProbe: the one every job's plan carries (collectAttempts), for the warm-up's class-weight reader.
    const config = { base: dir, wipe: [], pidns: false, preload: input.preload, keras: input.keras, weightProbe: WEIGHT_PROBE };
    return {
      file: input.python,
      args: ['-B', join(PYTHON_DIR, SERVER), JSON.stringify(config)],
      cwd: home,
      env: { ...sandboxEnv(home, process.env), [RUN_TAG_VAR]: runTag },
      submissionDir: join(dir, 'sub'),
      runTag,
      tempDir: dir,
    };
  }
  const probe = await requireBwrap();
  const py = await pythonInfo(input.python);
  // POSIX message queues live in the sandbox's IPC namespace (bwrap.ts mounts them on
  // /dev/mqueue), so the next job would see them: wiped like the files. SysV objects go too (pool_server.py).
  const config = { base: '/tmp', wipe: ['/tmp', '/dev/shm', '/dev/mqueue'], pidns: true, preload: input.preload, keras: input.keras, weightProbe: WEIGHT_PROBE };
  const args = bwrapArgs({
    python: py,
    runnerDir: PYTHON_DIR,
    submissions: [],
    ...sandboxFences(input.limits),
    env: sandboxEnv(SANDBOX_HOME, process.env),
    rootless: probe.rootless,
    asPid1: probe.asPid1,
    command: [py.executable, '-B', `${SANDBOX_PYTHON_DIR}/${SERVER}`, JSON.stringify(config)],
  });
  return {
    file: probe.bwrap,
    args,
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    submissionDir: '/tmp/sub',
    runTag: null,
    tempDir: null,
  };
}
