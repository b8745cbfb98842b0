/**
 * How the Python side is started for each sandbox mode: the command, its working directory and
 * environment, and where the runner and the submission are as the process sees them.
 */
import { join } from 'node:path';
import { RUNNER_PY } from '../paths.js';
import { sandboxEnv, type Limits, type SandboxMode } from './policy.js';

export interface LaunchSpec {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The submission's path inside the sandbox. */
  submissionPath: string;
}

export interface LaunchInput {
  python: string;
  /** A private temp dir: `sub/` holds the submission copy, `home/` is the learner's cwd and HOME. */
  dir: string;
  submission: string;
  limits: Limits;
}

export function buildLaunch(mode: SandboxMode, input: LaunchInput): LaunchSpec {
  const home = join(input.dir, 'home');
  switch (mode) {
    case 'process':
      return {
        file: input.python,
        args: ['-B', RUNNER_PY],
        cwd: home,
        env: sandboxEnv(home, process.env),
        submissionPath: input.submission,
      };
    case 'bwrap':
      throw new Error('bwrap mode is not implemented yet'); // TODO(#4)
  }
}
