/**
 * What this machine can do, probed once per grader process and cached: whether bubblewrap can
 * start a sandbox here, and where a given Python keeps its runtime (so the sandbox can show it
 * exactly that, read-only).
 */
import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { GraderError } from '../errors.js';
import { bwrapKey, bwrapProbeCommand, DEFAULT_BWRAP, probe, pythonInfoCommand, pythonKey, runProbe } from '../probes.js';
import { pythonStartError } from './python-errors.js';

export type BwrapProbe = { ok: true; bwrap: string; rootless: boolean; asPid1: boolean } | { ok: false; reason: string };

/** The bwrap binary, looked up on PATH (no variable or option names another; the functions below take one for tests). */
export { DEFAULT_BWRAP };

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
  let asPid1 = true;
  let r = await probe(bwrapKey(bwrap), bwrapProbeCommand(bwrap, rootless));
  if (r.exitCode !== 0 && /--as-pid-1/.test(r.stderr)) {
    // bwrap < 0.8 has no --as-pid-1: its own init stays (see BwrapOptions.asPid1).
    asPid1 = false;
    r = await runProbe(bwrapProbeCommand(bwrap, rootless, false));
  }
  if (r.errorCode === 'ENOENT') return { ok: false, reason: 'bwrap is not installed (apt-get install bubblewrap)' };
  if (r.exitCode === 0 && !r.timedOut) return { ok: true, bwrap, rootless, asPid1 };
  const why = r.stderr.trim().split('\n').pop() || (r.timedOut ? 'it did not finish within 10 s' : r.errorCode) || `exit code ${r.exitCode}`;
  const hint = /user namespace|Operation not permitted|setting up uid map/i.test(why)
    ? ' (unprivileged user namespaces are disabled here: run as root, or enable kernel.unprivileged_userns_clone / allow them in the container runtime)'
    : '';
  return { ok: false, reason: `bwrap cannot start a sandbox here: ${why}${hint}` };
}

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
      const r = await probe(pythonKey(python), pythonInfoCommand(python));
      if (r.errorCode === 'ENOENT' || r.errorCode === 'EACCES') throw pythonStartError(python, r.errorCode);
      const parsed = r.exitCode === 0 && !r.timedOut ? PythonInfoSchema.safeParse(safeJson(r.stdout)) : null;
      if (!parsed?.success) {
        const last = r.stderr.trim().split('\n').pop() ?? '';
        const how = r.timedOut ? 'it did not answer within 30 s' : r.errorCode ? `it could not be started: ${r.errorCode}` : `exit code ${r.exitCode}`;
        throw new GraderError('PYTHON_NOT_FOUND', `"${python}" did not run as a Python 3 interpreter (${how}${last ? `: ${last}` : ''}). Pass --python <path> to Python 3.8+ with numpy.`);
      }
      return parsed.data;
    })();
    p.catch(() => infos.delete(python));
    infos.set(python, p);
  }
  return p;
}

/** Whether two descriptions would build the same sandbox: every field of the schema, paths in order. */
export function samePythonInfo(a: PythonInfo, b: PythonInfo): boolean {
  return isDeepStrictEqual(a, b);
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
