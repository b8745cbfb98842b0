/**
 * One writer per --out folder. Two `wlgrade grade` runs (or a grade and a `merge`) into one --out
 * interleaved their reports, grades.csv, summary.json and batch-state.json: each run's state file
 * listed only its own learners, and whichever finished last wrote the gradebook. The second run is
 * refused in one sentence naming the run that holds the folder.
 *
 * Node has no flock, and a lock file alone goes stale when its run is killed outright (SIGKILL,
 * out of memory, a power cut). So each run writes a file of its own, `.wlgrade-lock-<host>-<pid>`
 * (written whole under another name, then renamed into place, so it is never read half written),
 * naming its pid, machine, boot and process start time, and then looks at the others' files: one
 * whose process is gone (or was started by another boot, or is another process that has since
 * been given the pid: its start time differs) is removed, any other refuses this run. No run ever
 * removes a live run's file, so there is no take-over race; two runs started at the same instant
 * may each see the other and both be refused, never both proceed. A file of another machine (an
 * --out on a shared disk) cannot be checked from here: the sentence names the file to delete if
 * that run is gone.
 */
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readRegularFileSync } from '../read-regular.js';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fsReason, GraderError } from '../errors.js';
import { escapeLineBreaks as oneLine, terminalLine } from '../report/escape.js';

/** The lock files' names start so (hidden: discovery never takes one for a learner's). */
export const LOCK_PREFIX = '.wlgrade-lock-';

/** A lock file is one line of JSON (a command and a host name): anything larger is not one. */
const MAX_LOCK_BYTES = 64 * 1024;

/** What a lock file holds. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The kernel's boot id (Linux), so a lock from before a reboot is stale whatever its pid. */
  boot: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not the run. */
  start: string;
  /**
   * The PID namespace (Linux, `pid:[4026531836]`; '' elsewhere): containers of one host name (a
   * fixed `hostname:`) on one machine share the boot id, and their pids mean other processes.
   */
  pidns?: string;
  /**
   * /etc/machine-id ('' when unreadable): a lock of this host name and another boot is this
   * machine's from before a reboot only if this agrees, not a machine of the same name's.
   */
  machine?: string;
  command: string;
  /** When the run took the folder (ISO 8601). */
  since: string;
}

/** How this module sees processes; tests pass their own. */
export interface LockDeps {
  pid: number;
  host: string;
  /** The start time of process `pid` ('' when it cannot be read); undefined when it does not exist. */
  processStart: (pid: number) => string | undefined;
  boot: string;
  /** This process's PID namespace ('' when unknown). */
  pidns?: string;
  /** This machine's /etc/machine-id ('' when unreadable). */
  machine?: string;
  /** Deletes a stale lock file; throws as rmSync does (EPERM: another user's, in a sticky-bit folder). */
  remove?: (path: string) => void;
  /** Writes the lock file `file` whole (under another name, then renamed); throws as writeFileSync does. */
  writeLock?: (file: string, text: string) => void;
  /** Deletes this run's own lock file when it ends; throws as rmSync does (EROFS: --out remounted read-only). */
  removeOwn?: (file: string) => void;
  /** Whether /proc is mounted here (default: /proc/self/stat exists); without it, as on macOS, no start time is ever read. */
  procMounted?: () => boolean;
  /** Where release() says, in one line, that it could not delete the lock file (default: standard error). */
  warn?: (line: string) => void;
  now: () => Date;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces and ')': read after the last.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    // No /proc (macOS): whether the pid exists at all. EPERM: another user's process has it.
    try {
      process.kill(pid, 0);
      return '';
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM' ? '' : undefined;
    }
  }
}

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

function machineId(): string {
  try {
    return readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {
    return '';
  }
}

/** `read`'s value, read on the first call only. */
function once<T>(read: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: read() }).v;
}

const system = { host: once(hostname), boot: once(bootId), pidns: once(pidNamespace), machine: once(machineId) };

/**
 * This process and machine. The host name, boot id, PID namespace and machine id are read on first
 * use, not when the module loads: every `check` imports it (commands/common.ts' busyWarning) and
 * never takes a lock. A spread ({ ...SYSTEM_LOCK_DEPS, pid }) reads them all.
 */
export const SYSTEM_LOCK_DEPS: LockDeps = {
  pid: process.pid,
  get host() {
    return system.host();
  },
  processStart: procStart,
  get boot() {
    return system.boot();
  },
  get pidns() {
    return system.pidns();
  },
  get machine() {
    return system.machine();
  },
  now: () => new Date(),
};

/** Written whole under another name, then renamed into place, so it is never read half written. */
function writeWhole(file: string, text: string): void {
  const part = join(dirname(file), `.wlgrade-lockpart-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(part, text, { flag: 'wx' });
    // Replaces a file of the same name: a run of this pid on this machine, which is no longer this one.
    renameSync(part, file);
  } catch (e) {
    rmSync(part, { force: true });
    throw e;
  }
}

const hostTag = (host: string) => createHash('sha256').update(host, 'utf8').digest('hex').slice(0, 8);

function parseHolder(text: string): LockHolder | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockHolder>;
    if (typeof o.pid !== 'number' || typeof o.host !== 'string' || typeof o.boot !== 'string' || typeof o.start !== 'string') return undefined;
    return { pid: o.pid, host: o.host, boot: o.boot, start: o.start, ...(typeof o.pidns === 'string' ? { pidns: o.pidns } : {}), ...(typeof o.machine === 'string' ? { machine: o.machine } : {}), command: typeof o.command === 'string' ? o.command : 'wlgrade', since: typeof o.since === 'string' ? o.since : '' };
  } catch {
    return undefined;
  }
}

/**
 * Whether the run that wrote `h` (a lock of this machine) is still running: 'unknown' when its pid
 * exists but a start time cannot be compared (no /proc: macOS), so a process given that pid since
 * cannot be told from the run.
 */
function running(h: LockHolder, deps: LockDeps): 'yes' | 'no' | 'unknown' {
  const start = deps.processStart(h.pid);
  if (start === undefined) return 'no';
  if (h.start === '' || start === '') return 'unknown';
  return start === h.start ? 'yes' : 'no';
}

/** The locks in `dir` but `mine`, by name: files this module wrote, each with what it holds. */
function locksIn(dir: string, mine?: string): Array<{ path: string; h: LockHolder }> {
  const found: Array<{ path: string; h: LockHolder }> = [];
  for (const other of readdirSync(dir).filter((n) => n.startsWith(LOCK_PREFIX) && n !== mine).sort()) {
    const path = join(dir, other);
    let text: string;
    try {
      // Opened without blocking, a regular file of a lock's size only: a FIFO of a lock's name (a
      // crafted --out) held the run for ever, waiting for a writer, before its first learner.
      const read = readRegularFileSync(path, MAX_LOCK_BYTES);
      if (!read.ok) continue; // not a lock this module wrote
      text = read.bytes.toString('utf8');
    } catch {
      continue; // removed meanwhile: its run ended
    }
    const h = parseHolder(text);
    if (h !== undefined) found.push({ path, h }); // else not a lock this module wrote
  }
  return found;
}

/** Another PID namespace of this host name (a container): its pid cannot be checked from here. */
const otherNamespace = (h: LockHolder, pidns: string) => h.pidns !== undefined && h.pidns !== '' && pidns !== '' && h.pidns !== pidns;

/** Both machine ids known, and they differ. */
const otherMachine = (h: LockHolder, machine: string) => h.machine !== undefined && h.machine !== '' && machine !== '' && h.machine !== machine;

/**
 * Whose lock `h` is, seen from here: 'earlier-boot' (this machine's, from before a reboot: its run
 * cannot be alive, in whatever PID namespace), 'here' (this boot and PID namespace: its pid can be
 * checked), else 'elsewhere' (another machine or container: it cannot be checked from here).
 */
function whose(h: LockHolder, deps: LockDeps): 'earlier-boot' | 'here' | 'elsewhere' {
  if (h.host !== deps.host) return 'elsewhere';
  if (h.boot !== '' && deps.boot !== '' && h.boot !== deps.boot) {
    // Before the namespace check: a compose container with a fixed hostname, restarted after a
    // reboot, is in a new PID namespace, and its old lock refused every run for good. But two
    // machines of one host name on a shared disk differ in boot id too (and the top-level PID
    // namespace id is the same on every Linux host): their machine ids, when both known, tell.
    return otherMachine(h, deps.machine ?? '') ? 'elsewhere' : 'earlier-boot';
  }
  return otherNamespace(h, deps.pidns ?? '') ? 'elsewhere' : 'here';
}

/**
 * For a command that only reads a grade's --out (export lms --results, merge's shard folders):
 * the one-line warning when a run may be writing there now (a live lock, or one that cannot be
 * checked from here), or undefined. Stale locks are left alone: this command writes nothing there.
 */
export function busyWarning(dir: string, shown: string, deps: LockDeps = SYSTEM_LOCK_DEPS): string | undefined {
  let locks: Array<{ path: string; h: LockHolder }>;
  try {
    locks = locksIn(dir);
  } catch {
    return undefined; // not a readable folder: the command's own reading says so
  }
  for (const { path, h } of locks) {
    const seen = whose(h, deps);
    if (seen === 'earlier-boot') continue;
    const here = seen === 'here';
    const state = here ? running(h, deps) : 'unknown';
    if (state === 'no') continue;
    // A lock of this host name from another machine or container said "pid 77 on node" on node
    // itself, which read as this machine's run: worded as lockOut words it.
    const where = here ? `pid ${h.pid} on this machine` : elsewhereText(h, deps);
    const run = `a ${oneLine(h.command)} run (${where}${sinceText(h)})`;
    return state === 'yes'
      ? `${oneLine(shown)} is being written by ${run}, so what is read there may be an earlier run's results or part of this one's; run this command again when that run ends.`
      : `${oneLine(shown)} holds the lock of ${run}, which may still be writing there, so what is read there may be an earlier run's results or part of this one's; run this command again when that run ends (${here && procHidden(deps) ? `pid ${h.pid} is ${HIDDEN}: if its owner or root finds that run gone, delete ${oneLine(path)}` : `if it is gone, delete ${oneLine(path)}`}).`;
  }
  return undefined;
}

/** The run's hold on an --out folder; release() removes its lock file (also called on exit). */
export interface OutLock {
  file: string;
  release: () => void;
}

/**
 * Takes --out `out` (which exists) for `command` ("wlgrade grade"), or throws the sentence that
 * names the run holding it. Stale locks (their run ended without removing them) are removed.
 */
export function lockOut(out: string, shown: string, command: string, deps: LockDeps = SYSTEM_LOCK_DEPS): OutLock {
  const pidns = deps.pidns ?? '';
  const machine = deps.machine ?? '';
  const me: LockHolder = { pid: deps.pid, host: deps.host, boot: deps.boot, start: deps.processStart(deps.pid) ?? '', pidns, machine, command, since: deps.now().toISOString() };
  // The namespace is in the name too: two containers of one host name, each wlgrade their pid 7,
  // wrote one file name, and the second run's rename replaced the first's live lock. So is the
  // machine id, for two machines of one host name (the top-level namespace's id is everywhere one).
  const name = `${LOCK_PREFIX}${hostTag([deps.host, pidns, machine].join('\u0000'))}-${deps.pid}`;
  const file = join(out, name);
  try {
    (deps.writeLock ?? writeWhole)(file, JSON.stringify(me) + '\n');
  } catch (e) {
    // A full disk, a quota or a read-only mount (ENOSPC, EDQUOT, EROFS) went up raw: "a bug in
    // wlgrade" (exit 3). prepareOut's probe file is empty, so a full disk passes it and fails here.
    throw new GraderError(
      'OUTPUT_UNWRITABLE',
      `Cannot write the lock file ${LOCK_PREFIX}* into the output folder ${oneLine(shown)} (${fsReason(e)}); free space there or fix its permissions (or choose another --out), and run this command again.`,
    );
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      (deps.removeOwn ?? ((f: string) => rmSync(f, { force: true })))(file);
    } catch (e) {
      // An --out remounted read-only while the run went on (EROFS), or its folder's permissions
      // changed: rmSync's error went up with a stack as "a bug in wlgrade", at the very end of a
      // run whose reports were written, or from the exit handler. The lock is stale once this run
      // has ended, and the next run into --out on this machine removes it itself.
      (deps.warn ?? warnOnStderr)(
        `wlgrade: warning: could not delete the lock file ${oneLine(file)} (${fsReason(e)}); the next run into ${oneLine(shown)} on this machine removes it, or delete it yourself.`,
      );
    }
  };
  // A run that ends by process.exit (Ctrl-C, SIGTERM) or a thrown error still removes its file.
  process.on('exit', release);
  for (const { path, h } of locksIn(out, name)) {
    const seen = whose(h, deps);
    if (seen !== 'elsewhere') {
      const state = seen === 'earlier-boot' ? 'no' : running(h, deps);
      if (state === 'no') {
        try {
          (deps.remove ?? ((f: string) => rmSync(f, { force: true })))(path);
        } catch (e) {
          // A stale lock of another user in a sticky-bit --out (a course's shared folder, mode
          // 1777): rmSync's EPERM crashed every run as "a bug in wlgrade".
          release();
          // rmSync reports a sticky folder's EPERM as ENOTDIR (it retries the file as a folder).
          const code = (e as NodeJS.ErrnoException).code ?? 'an error';
          const why = ['EPERM', 'EACCES', 'ENOTDIR'].includes(code) ? "in a folder with the sticky bit only the file's owner or root may" : code;
          throw new GraderError(
            'OUTPUT_IN_USE',
            `--out ${oneLine(shown)} holds the lock file ${oneLine(path)} of a ${oneLine(h.command)} run that has ended (pid ${h.pid} on this machine${sinceText(h)}), and this user cannot delete it (${why}); have its owner or root delete ${oneLine(path)} and run this command again, or choose another --out.`,
          );
        }
        continue;
      }
      release();
      if (state === 'unknown') {
        // Not "kill <pid>": that pid may well be an unrelated process by now. With /proc mounted
        // hidepid, `ps -p` shows this user no other user's process: the macOS advice ("if ps
        // shows no wlgrade, delete it") had them delete a live run's lock.
        const todo = procHidden(deps)
          ? `pid ${h.pid} is ${HIDDEN}, so wlgrade cannot tell whether it is still that run or another process given that pid since, and \`ps\` does not show it: ask its owner or root whether pid ${h.pid} is a wlgrade run; if not, delete ${oneLine(path)} and run this command again; otherwise wait for it to end, or choose another --out.`
          : `this system cannot tell whether pid ${h.pid} is still that run or another process given that pid since: if \`ps -p ${h.pid}\` shows no wlgrade, delete ${oneLine(path)} and run this command again; otherwise wait for it to end, or choose another --out.`;
        throw new GraderError('OUTPUT_IN_USE', inUse(shown, h, `pid ${h.pid} on this machine`, todo));
      }
      throw new GraderError('OUTPUT_IN_USE', inUse(shown, h, `pid ${h.pid} on this machine`, `wait for it to end (or stop it: kill ${h.pid}) and run this command again, or choose another --out.`));
    }
    release();
    throw new GraderError(
      'OUTPUT_IN_USE',
      inUse(shown, h, elsewhereText(h, deps), `wait for it to end and run this command again, or choose another --out; if that run is gone (${ofContainer(h, deps) ? 'killed, or its container stopped' : 'killed, or its machine went down'}), delete ${oneLine(path)} and run this command again.`),
    );
  }
  return { file, release };
}

/**
 * Whether a pid of this machine whose start time could not be read is hidden by /proc's hidepid
 * (another user's process, /proc mounted hidepid=1 or 2) rather than on a system without /proc.
 */
const procHidden = (deps: LockDeps) => (deps.procMounted ?? (() => existsSync('/proc/self/stat')))();

/** Why a pid whose start time cannot be read is so, with /proc mounted hidepid. */
const HIDDEN = "another user's process, which /proc, mounted hidepid, hides from this user";

/** The same boot id: a container on this machine (its own host name, or its own PID namespace). */
const ofContainer = (h: LockHolder, deps: LockDeps) => h.boot !== '' && h.boot === deps.boot;

/**
 * Where the run of a lock that cannot be checked from here is: a container on this machine, whose
 * lock stays after a `docker kill` until deleted (said rather than "its machine"), another machine
 * of this host name (their machine ids differ: "pid 77 on node" read as this machine's run on
 * node), or another machine. No brackets: the sentences put it in brackets of their own.
 */
function elsewhereText(h: LockHolder, deps: LockDeps): string {
  const host = oneLine(h.host);
  if (ofContainer(h, deps)) return h.host === deps.host ? `pid ${h.pid} in another container's PID namespace on ${host}` : `pid ${h.pid} on ${host}, a container on this machine`;
  if (h.host === deps.host && otherMachine(h, deps.machine ?? '')) return `pid ${h.pid} on another machine also named ${host}`;
  return `pid ${h.pid} on ${host}`;
}

/** The default LockDeps.warn: one line on standard error, terminal-safe. */
const warnOnStderr = (line: string) => void process.stderr.write(terminalLine(line) + '\n');

const sinceText = (h: LockHolder) => (h.since ? ` since ${oneLine(h.since).replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : '');

function inUse(shown: string, h: LockHolder, where: string, todo: string): string {
  return `--out ${oneLine(shown)} is in use by a ${oneLine(h.command)} run (${where}${sinceText(h)}), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; ${todo}`;
}
