/**
 * The bubblewrap command line for one sandboxed Python process. Pure: no I/O except `lstat`
 * on the system paths, so a warm worker pool can build the same sandbox for a long-lived worker.
 *
 * The sandbox sees: the Python runtime and its packages (read-only, at their own paths), the
 * system libraries under /usr and /lib*, a few files of /etc that the dynamic loader and numpy
 * need, the runner at /wlgrade/python, the submission at /submission/<name>, a private tmpfs
 * /tmp holding HOME, a private /proc and /dev. No network (only its own loopback), no view of
 * other processes, no grader environment.
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, posix } from 'node:path';
import type { PythonInfo } from './detect.js';

/** Where the runner's folder (grader/src/python) appears inside the sandbox. */
export const SANDBOX_PYTHON_DIR = '/wlgrade/python';
export const SANDBOX_SUBMISSION_DIR = '/submission';
export const SANDBOX_HOME = '/tmp/home';

export interface BwrapOptions {
  /** The interpreter and its package paths (detect.ts `pythonInfo`). */
  python: PythonInfo;
  /** The runner's folder on the host (paths.ts PYTHON_DIR), shown at /wlgrade/python. */
  runnerDir: string;
  /** Host files shown read-only at /submission/<base name>; none for a pool worker that gets code later. */
  submissions: string[];
  /** Extra read-only binds, host path -> sandbox path. */
  extraBinds?: Array<{ src: string; dest: string }>;
  /**
   * Host paths that must stay invisible even when they sit under a bound folder (the grader's
   * install, the grader user's home, the cases): masked with an empty tmpfs or /dev/null.
   */
  hide: string[];
  /** The complete environment inside (everything else is cleared). */
  env: Record<string, string>;
  /** Size of the private /tmp (MiB): files the learner writes live in memory. */
  tmpMb: number;
  /** Not root: bwrap needs a user namespace, and the learner is uid 65534 inside it. */
  rootless: boolean;
  /**
   * bwrap ≥ 0.8 `--as-pid-1`: the command is the sandbox's init, not bwrap's own reaper. Without
   * root that reaper runs as the learner's uid, dumpable and unfiltered: learner code could write
   * its memory through /proc/1/mem. The runner's guard and the pool server (both non-dumpable)
   * take its place.
   */
  asPid1: boolean;
  /** The command inside the sandbox, e.g. [python.executable, '-B', '/wlgrade/python/wlgrade_run.py']. */
  command: string[];
  /** Working directory inside (default: HOME). */
  cwd?: string;
}

/** System folders a dynamically linked CPython + numpy (+ BLAS alternatives) needs. */
const SYSTEM_DIRS = ['/usr', '/lib', '/lib32', '/lib64', '/libx32', '/bin', '/sbin'];
const SYSTEM_FILES = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/alternatives', // Debian's libblas.so.3 / liblapack.so.3 for a system numpy
  '/etc/localtime',
  '/etc/passwd', // getpwuid; holds no secrets on a modern system
  '/etc/group',
  '/etc/nsswitch.conf',
];

const under = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');

/**
 * `pythonPath` (PYTHONPATH) without the absolute entries bwrapArgs does not bind: one that holds a
 * hidden folder (the course folder with the submissions or --out in it), unless a system folder
 * bound whole covers it. For a check run outside the sandbox that must read the path the sandbox
 * shows (import-facts.ts). Relative entries stay: both resolve them in an empty folder of their own.
 */
export function shownPythonPath(pythonPath: string, hide: string[]): string {
  return pythonPath
    .split(':')
    .filter((p) => {
      if (!posix.isAbsolute(p)) return true;
      let real = posix.normalize(p);
      try {
        real = realpathSync(real);
      } catch {
        // not there: nothing to find in it either way
      }
      const holds = (x: string) => hide.some((h) => under(h, x));
      return !(holds(posix.normalize(p)) || holds(real)) || SYSTEM_DIRS.some((d) => under(real, d));
    })
    .join(':');
}

export function bwrapArgs(o: BwrapOptions): string[] {
  const a: string[] = [];
  // Namespaces. As root no user namespace is needed (and CI containers often forbid one); the
  // runner drops to an unprivileged uid itself (limits.py) and bwrap keeps only the two
  // capabilities that takes. Without root, bwrap needs the user namespace and maps us to nobody.
  if (o.rootless) a.push('--unshare-user', '--uid', '65534', '--gid', '65534');
  else a.push('--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID');
  a.push('--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--hostname', 'sandbox');
  a.push('--die-with-parent', '--new-session');
  if (o.asPid1) a.push('--as-pid-1');

  const bound: string[] = [];
  const made = new Set<string>(['/', '/tmp']);
  const bind = (src: string, dest = src) => {
    // bwrap creates missing parents as 0700 root dirs, which the unprivileged uid cannot cross.
    for (let d = posix.dirname(dest); !made.has(d) && !bound.some((b) => under(d, b)); d = posix.dirname(d)) {
      made.add(d);
      ancestors.push(d);
    }
    a.push(...ancestors.reverse().flatMap((d) => ['--perms', '0755', '--dir', d]));
    ancestors.length = 0;
    a.push('--ro-bind-try', src, dest);
    bound.push(dest);
  };
  const ancestors: string[] = [];
  const links: string[] = [];
  for (const d of SYSTEM_DIRS) {
    const link = symlinkTarget(d);
    if (link !== null) {
      a.push('--symlink', link, d); // Debian 12: /bin -> usr/bin
      links.push(d);
    }
    else if (exists(d)) bind(d);
  }
  for (const f of SYSTEM_FILES) if (exists(f)) bind(f);
  // The IPC namespace's POSIX message queues, visible so that a pool server can remove them.
  a.push('--proc', '/proc', '--dev', '/dev', '--mqueue', '/dev/mqueue');
  // The sysctls of the sandbox's own namespaces (kernel.pid_max of its PID namespace, the IPC
  // limits) are writable to the learner's uid without root, and a pool worker keeps them: a job
  // set pid_max so low that later jobs could not start a thread. Read-only.
  a.push('--ro-bind', '/proc/sys', '/proc/sys');
  // /dev is a tmpfs of its own with no size limit: shared memory gets a capped one, and /dev itself
  // is made read-only with the root below.
  for (const dir of ['/dev/shm', '/tmp']) a.push('--perms', '1777', '--size', String(o.tmpMb * 1024 * 1024), '--tmpfs', dir);
  a.push('--perms', '0777', '--dir', SANDBOX_HOME);

  // Mask what must not be seen through a broad bind (e.g. a global npm install under /usr).
  const masked: string[] = [];
  for (const h of o.hide) {
    if (!bound.some((b) => under(h, b) && h !== b) || !exists(h)) continue;
    masked.push(h);
    // An empty folder, tiny and (below) read-only: without root a mask is the learner's to fill.
    if (isDir(h)) a.push('--size', '4096', '--tmpfs', h);
    else a.push('--ro-bind', '/dev/null', h);
  }

  // The interpreter's own folders, after the masks so a venv inside a hidden folder stays usable.
  const py = o.python;
  const pyPaths = [py.prefix, py.basePrefix, py.execPrefix, ...py.paths, posix.dirname(py.executable)];
  const systemBinds = bound.length;
  for (const p of dedupe(pyPaths)) {
    if (!posix.isAbsolute(p) || p === '/') continue;
    // A path entry that holds a hidden folder (PYTHONPATH=. in the course folder, next to the
    // hidden cases and the submissions) would show it again: such an entry is not bound. One
    // inside a hidden folder (a venv in the current folder) is.
    if (o.hide.some((h) => under(h, p))) continue;
    if (bound.slice(systemBinds).some((b) => under(p, b))) continue; // its folder is bound already
    if (bound.slice(0, systemBinds).some((b) => under(p, b)) && !masked.some((m) => under(p, m))) continue;
    bind(p);
  }
  for (const b of o.extraBinds ?? []) bind(b.src, b.dest);
  bind(o.runnerDir, SANDBOX_PYTHON_DIR);
  for (const s of o.submissions) bind(s, `${SANDBOX_SUBMISSION_DIR}/${basename(s)}`);

  // Without root the sandbox's root and /dev tmpfs belong to the learner's own uid: it renamed
  // /wlgrade and planted modules every later job of a pool worker imported, and filled memory no
  // limit counted. Read-only, as the binds in them already are; /tmp and /dev/shm stay writable.
  for (const h of masked) if (isDir(h)) a.push('--remount-ro', h);
  a.push('--remount-ro', '/dev', '--remount-ro', '/');
  a.push('--clearenv');
  const seen = (p: string) => (bound.some((b) => under(p, b)) && !masked.some((m) => under(p, m))) || links.some((l) => under(p, l));
  for (const [k, v] of Object.entries(o.env)) a.push('--setenv', k, k === 'PATH' ? sandboxPath(v, seen) : v);
  a.push('--chdir', o.cwd ?? SANDBOX_HOME);
  a.push('--', ...o.command);
  return a;
}

/**
 * PATH inside the sandbox: the grader's, without the entries the sandbox does not show. They named
 * nothing a run could start, but told every learner's printout the host's folders (/root/.cargo/bin,
 * a pyenv's shims, a staff member's ~/bin: red team 34). Absolute entries under a bound folder
 * stay, in their order, once each; none left, /usr/bin:/bin.
 */
export function sandboxPath(path: string, seen: (p: string) => boolean): string {
  const entries = path.split(':').filter((p) => posix.isAbsolute(p)).map((p) => posix.normalize(p).replace(/(?<=.)\/+$/, ''));
  const kept = [...new Set(entries.filter(seen))];
  return kept.length > 0 ? kept.join(':') : '/usr/bin:/bin';
}

function dedupe(xs: string[]): string[] {
  // Shorter paths first, so a folder's children are skipped once it is bound.
  return [...new Set(xs.map((x) => posix.normalize(x)))].sort((x, y) => x.length - y.length);
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function symlinkTarget(p: string): string | null {
  try {
    return lstatSync(p).isSymbolicLink() ? readlinkSync(p) : null;
  } catch {
    return null;
  }
}
