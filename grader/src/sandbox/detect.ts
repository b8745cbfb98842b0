/**
 * What this machine can do, probed once per grader process and cached: whether bubblewrap can
 * start a sandbox here, and where a given Python keeps its runtime (so the sandbox can show it
 * exactly that, read-only).
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { GraderError } from '../errors.js';

export type BwrapProbe = { ok: true; bwrap: string; rootless: boolean } | { ok: false; reason: string };

/** The bwrap binary: $WLGRADE_BWRAP is read in commands/ and passed here; this is the default. */
export const DEFAULT_BWRAP = 'bwrap';

const probes = new Map<string, Promise<BwrapProbe>>();

/**
 * Runs a trivial sandbox with the same namespaces a grading run uses. Cached per binary, so a
 * batch of a thousand submissions probes once.
 */
export function probeBwrap(bwrap: string = DEFAULT_BWRAP): Promise<BwrapProbe> {
  let p = probes.get(bwrap);
  if (!p) {
    p = doProbe(bwrap);
    probes.set(bwrap, p);
  }
  return p;
}

async function doProbe(bwrap: string): Promise<BwrapProbe> {
  if (process.platform !== 'linux') return { ok: false, reason: `bwrap needs Linux (this is ${process.platform})` };
  const rootless = process.geteuid?.() !== 0;
  const args = [
    ...(rootless ? ['--unshare-user', '--uid', '65534', '--gid', '65534'] : ['--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID']),
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--die-with-parent',
    '--new-session',
    '--ro-bind', '/', '/',
    '--proc', '/proc',
    '--dev', '/dev',
    '--perms', '1777', '--size', '1048576', '--tmpfs', '/tmp',
    '--clearenv',
    '--', 'true',
  ];
  const r = await execa(bwrap, args, { reject: false, timeout: 10_000, stdin: 'ignore', extendEnv: false, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  if (r.failed && r.code === 'ENOENT') return { ok: false, reason: 'bwrap is not installed (apt-get install bubblewrap)' };
  if (r.exitCode === 0) return { ok: true, bwrap, rootless };
  const why = String(r.stderr).trim().split('\n').pop() || r.shortMessage || 'unknown error';
  const hint = /user namespace|Operation not permitted|setting up uid map/i.test(why)
    ? ' (unprivileged user namespaces are disabled here: run as root, or enable kernel.unprivileged_userns_clone / allow them in the container runtime)'
    : '';
  return { ok: false, reason: `bwrap cannot start a sandbox here: ${why}${hint}` };
}

/** Where a Python interpreter and its packages are, as reported by the interpreter itself. */
export const PythonInfoSchema = z.strictObject({
  /** The real interpreter binary (a pyenv/asdf shim is a shell script that needs $HOME: skip it). */
  executable: z.string(),
  prefix: z.string(),
  basePrefix: z.string(),
  execPrefix: z.string(),
  /** Every absolute directory or zip on sys.path, site-packages included, and numpy's own folder. */
  paths: z.array(z.string()),
});
export type PythonInfo = z.infer<typeof PythonInfoSchema>;

const INFO_SCRIPT = `
import sys, os, json, site
paths = [p for p in sys.path if p and os.path.isabs(p)]
try:
    paths += site.getsitepackages()
except Exception:
    pass
if site.ENABLE_USER_SITE:
    paths.append(site.getusersitepackages())
try:
    # Where numpy lives, found without importing it (an import costs ~0.1 s per check).
    import importlib.util
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

const infos = new Map<string, Promise<PythonInfo>>();

/**
 * Asks the python (outside any sandbox, with the grader's environment so shims resolve) where
 * it lives. Cached per python. A python that cannot be started or does not answer is a user
 * error (PYTHON_NOT_FOUND) with one sentence.
 *
 * The executable is kept as the path Python reports, not its realpath: a venv's bin/python is a
 * symlink to the base interpreter, and only the symlink's path makes Python find the venv.
 */
export function pythonInfo(python: string): Promise<PythonInfo> {
  let p = infos.get(python);
  if (!p) {
    p = (async () => {
      const r = await execa(python, ['-c', INFO_SCRIPT], { reject: false, timeout: 30_000, stdin: 'ignore' });
      if (r.failed && (r.code === 'ENOENT' || r.code === 'EACCES')) {
        throw new GraderError('PYTHON_NOT_FOUND', `Could not start "${python}" (${r.code}). Install Python 3.8+ with numpy, or pass --python <path>.`);
      }
      const parsed = r.exitCode === 0 ? PythonInfoSchema.safeParse(safeJson(String(r.stdout))) : null;
      if (!parsed?.success) {
        const last = String(r.stderr).trim().split('\n').pop() ?? '';
        throw new GraderError('PYTHON_NOT_FOUND', `"${python}" did not run as a Python 3 interpreter (${r.exitCode === undefined ? r.shortMessage : `exit code ${r.exitCode}`}${last ? `: ${last}` : ''}). Pass --python <path> to Python 3.8+ with numpy.`);
      }
      return parsed.data;
    })();
    p.catch(() => infos.delete(python));
    infos.set(python, p);
  }
  return p;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A working bwrap, or the probe's verdict as a user error, for code that needs bwrap. */
export async function requireBwrap(bin = DEFAULT_BWRAP) {
  const probe = await probeBwrap(bin);
  if (!probe.ok) throw new GraderError('SANDBOX_UNAVAILABLE', `The bwrap sandbox is not available: ${probe.reason}. Use --sandbox process to grade with weaker isolation.`);
  return probe;
}

/** Paths that exist, for optional system binds. */
export const existing = (paths: string[]): string[] => paths.filter((p) => existsSync(p));
