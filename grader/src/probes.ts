/**
 * The two probes the grader runs before any sandbox: does bwrap start a sandbox here, and where
 * does a Python keep its runtime. Their commands live here, in a module that imports nothing but
 * node:child_process, node:fs and node:path, so the CLI's entry can start them before it loads everything else
 * (cli.ts): `wlgrade check` then waits for neither Node's module loading nor the probes alone,
 * but for the longer of the two. sandbox/detect.ts interprets the results.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, resolve } from 'node:path';

/** What a probe process did, in the terms detect.ts needs. */
export interface ProbeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The spawn error's code (ENOENT, EACCES …) when the program could not be started. */
  errorCode?: string;
  timedOut: boolean;
}

export interface ProbeCommand {
  file: string;
  args: string[];
  /** Undefined: the grader's own environment (so pyenv/asdf shims resolve). */
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** The bwrap the grader uses unless told otherwise (sandbox/detect.ts re-exports it). */
export const DEFAULT_BWRAP = 'bwrap';

/** Runs a trivial sandbox with the namespaces a grading run uses. */
export function bwrapProbeCommand(bwrap: string, rootless: boolean, asPid1 = true): ProbeCommand {
  const args = [
    ...(rootless ? ['--unshare-user', '--uid', '65534', '--gid', '65534'] : ['--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID']),
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--die-with-parent',
    '--new-session',
    ...(asPid1 ? ['--as-pid-1'] : []),
    '--ro-bind', '/', '/',
    '--proc', '/proc',
    '--dev', '/dev',
    '--perms', '1777', '--size', '1048576', '--tmpfs', '/tmp',
    '--clearenv',
    '--', 'true',
  ];
  return { file: bwrap, args, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: 10_000 };
}

/**
 * The first lines of every `python -c` wlgrade runs outside the sandbox: `modules` imported from
 * Python's own library only. `python -c` puts the folder wlgrade was started in first on sys.path
 * (''), and that folder may be a learner's (check run in a cloned repository or in the learner's
 * own CI job): a json.py there ran as wlgrade's user, outside any sandbox, and on a Python that does
 * not import importlib at start (Debian's) an importlib.py did too (red team 32). '' stays off the
 * path afterwards: the sandbox's Python runs a script and never has it there.
 */
const fromOwnLibrary = (modules: string) => `
import sys, os
try:
    _cwd = os.path.realpath(os.getcwd())
except OSError:
    _cwd = None
# The folder in any spelling: '' (python -c), '.', a relative entry, or the absolute folder an empty
# PYTHONPATH entry becomes (PYTHONPATH=":/opt", the "$PYTHONPATH:/x" idiom with it unset).
_path = [p for p in sys.path if p and os.path.isabs(p) and os.path.realpath(p) != _cwd]
_std = getattr(sys, "_stdlib_dir", None) or os.path.dirname(os.__file__)
sys.path[:] = [_std, os.path.join(_std, "lib-dynload")]
try:
    import ${modules}
finally:
    sys.path[:] = _path
`;

const INFO_SCRIPT = `${fromOwnLibrary('json, site, importlib.util')}paths = [p for p in sys.path if p and os.path.isabs(p)]
try:
    paths += site.getsitepackages()
except Exception:
    pass
if site.ENABLE_USER_SITE:
    paths.append(site.getusersitepackages())
try:
    # Where numpy lives, found without importing it (an import costs ~0.1 s per check).
    spec = importlib.util.find_spec("numpy")
    if spec is not None and spec.origin:
        paths.append(os.path.dirname(os.path.dirname(os.path.realpath(spec.origin))))
except Exception:
    pass
seen = []
for p in paths:
    for q in (p, os.path.realpath(p)):
        if os.path.exists(q) and q not in seen:
            seen.append(q)
print(json.dumps({"executable": os.path.abspath(sys.executable), "prefix": sys.prefix,
                  "basePrefix": sys.base_prefix, "execPrefix": sys.exec_prefix, "paths": seen}))
`;

/** The environment and folder a probe runs in (the grader's own unless a test says otherwise). */
export interface ProbeAt {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const here = (): ProbeAt => ({ env: process.env, cwd: process.cwd() });

/**
 * PYTHONPATH without the folder the probe runs in, in any spelling: an empty entry (Python makes it
 * that folder, absolute), '.', any relative entry, the folder itself. Python imports sitecustomize
 * and usercustomize from its path at start-up, before the probe's first line: with
 * PYTHONPATH=":/opt" a learner's folder's sitecustomize.py ran outside any sandbox (review 32b).
 */
export function pythonPathOutside(value: string, cwd: string): string {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const folder = real(cwd);
  return value
    .split(delimiter)
    .filter((p) => p !== '' && isAbsolute(p) && real(p) !== folder)
    .join(delimiter);
}

/** The probe's environment: the grader's, PYTHONPATH without the current folder (undefined: unchanged). */
function probeEnv(at: ProbeAt): NodeJS.ProcessEnv | undefined {
  if (at.env.PYTHONPATH === undefined) return at.env === process.env ? undefined : at.env;
  const env: NodeJS.ProcessEnv = { ...at.env, PYTHONPATH: pythonPathOutside(at.env.PYTHONPATH, at.cwd) };
  if (env.PYTHONPATH === '') delete env.PYTHONPATH;
  return env;
}

/** Asks a Python, outside any sandbox, where it lives (detect.ts PythonInfoSchema). */
export function pythonInfoCommand(python: string, at: ProbeAt = here()): ProbeCommand {
  return { file: python, args: ['-c', INFO_SCRIPT], env: probeEnv(at), timeoutMs: 30_000 };
}

/**
 * Asks a Python, outside any sandbox, whether it can import `name` (exit code 0), without importing
 * it; a dotted name's parents are imported (find_spec does), from the path without the current folder.
 */
export function hasModuleCommand(python: string, name: string, at: ProbeAt = here()): ProbeCommand {
  const code = `${fromOwnLibrary('importlib.util')}sys.exit(0 if importlib.util.find_spec(${JSON.stringify(name)}) else 1)\n`;
  return { file: python, args: ['-c', code], env: probeEnv(at), timeoutMs: 30_000 };
}

export function runProbe(cmd: ProbeCommand): Promise<ProbeRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let errorCode: string | undefined;
    const child = spawn(cmd.file, cmd.args, { env: cmd.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, cmd.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (e: NodeJS.ErrnoException) => {
      errorCode = e.code ?? e.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr, ...(errorCode ? { errorCode } : {}), timedOut });
    });
  });
}

/** Probes started by the CLI's entry, by key; each is taken once. */
const started = new Map<string, Promise<ProbeRun>>();

export const bwrapKey = (bwrap: string) => `bwrap\0${bwrap}`;
export const pythonKey = (python: string) => `python\0${python}`;

/** Runs the probe, or takes the run the CLI's entry started for the same key. */
export function probe(key: string, cmd: ProbeCommand): Promise<ProbeRun> {
  const early = started.get(key);
  if (early) {
    started.delete(key);
    return early;
  }
  return runProbe(cmd);
}

/**
 * The Python command from --python, $WLGRADE_PYTHON or python3. A path with a slash is made
 * absolute here: the sandbox starts Python from another folder, where `venv/bin/python` would not
 * be found. A bare name is looked up on PATH as given.
 */
export function pythonCommand(given: string | undefined, env: NodeJS.ProcessEnv): string {
  const python = given ?? env.WLGRADE_PYTHON ?? 'python3';
  return python.includes('/') ? resolve(python) : python;
}

/**
 * Called by the CLI's entry with its arguments, before the rest loads: starts the probes that
 * `check` and `grade` will ask for. Only what the arguments make certain is started (the
 * Python given by --python, $WLGRADE_PYTHON or python3; bwrap unless --sandbox process).
 */
export function startEarlyProbes(argv: string[], env: NodeJS.ProcessEnv): void {
  const command = argv.find((a) => !a.startsWith('-'));
  if (command !== 'check' && command !== 'grade') return;
  const value = (name: string): string | undefined => {
    let found: string | undefined;
    argv.forEach((a, i) => {
      if (a === name && i + 1 < argv.length) found = argv[i + 1];
      else if (a.startsWith(name + '=')) found = a.slice(name.length + 1);
    });
    return found;
  };
  if (argv.includes('--')) return; // anything after -- is not an option: let the parser decide
  const python = pythonCommand(value('--python'), env);
  const sandbox = value('--sandbox');
  const rootless = process.geteuid?.() !== 0;
  if (process.platform === 'linux' && sandbox !== 'process') {
    started.set(bwrapKey(DEFAULT_BWRAP), runProbe(bwrapProbeCommand(DEFAULT_BWRAP, rootless)));
  }
  // The Python's whereabouts are needed under bwrap (the default). Process mode runs the Python
  // as given (a wrapper script stays in effect), so it needs no probe.
  if (sandbox !== 'process') started.set(pythonKey(python), runProbe(pythonInfoCommand(python)));
}
