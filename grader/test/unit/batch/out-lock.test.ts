/**
 * One run at a time into an --out folder (batch/out-lock.ts): a live run's lock refuses the next
 * run in one sentence naming it; a lock whose run is gone (killed with SIGKILL, a reboot, a pid
 * given since to another process) never blocks. Real processes, not a faked liveness check.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { busyWarning, LOCK_PREFIX, lockOut, SYSTEM_LOCK_DEPS, type LockHolder } from '../../../src/batch/out-lock.js';
import { GraderError } from '../../../src/errors.js';
import { within } from '../../helpers/wait.js';

let dir: string;
let child: ChildProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-out-lock-'));
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
  child = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A process that stays up until killed: the run holding the folder. */
async function sleeper(): Promise<ChildProcess & { pid: number }> {
  child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); process.stdout.write("up\\n")'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await within('the sleeper to start', new Promise((r) => child!.stdout!.once('data', r)));
  return child as ChildProcess & { pid: number };
}

/** Takes `dir` as the process `pid` of this machine would (its own start time, boot and host). */
function lockAs(pid: number, command = 'wlgrade grade') {
  return lockOut(dir, 'results', command, { ...SYSTEM_LOCK_DEPS, pid, now: () => new Date('2026-11-26T06:50:12.345Z') });
}

const locks = async () => (await readdir(dir)).filter((n) => n.startsWith(LOCK_PREFIX));
const refusal = (f: () => unknown): GraderError => {
  try {
    f();
  } catch (e) {
    if (e instanceof GraderError) return e;
    throw e;
  }
  throw new Error('lockOut did not refuse');
};

describe('lockOut', () => {
  it('a second run into a folder a live run holds is refused in one sentence naming that run, its pid and what to do, and leaves no lock of its own', async () => {
    const first = await sleeper();
    lockAs(first.pid);
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade merge'));
    expect(e.code).toBe('OUTPUT_IN_USE');
    expect(e.message).toBe(
      `--out results is in use by a wlgrade grade run (pid ${first.pid} on this machine since 2026-11-26 06:50:12 UTC), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; wait for it to end (or stop it: kill ${first.pid}) and run this command again, or choose another --out.`,
    );
    expect(await locks()).toHaveLength(1);
  });

  it('a lock left by a run killed with SIGKILL does not block the next run, which removes it', async () => {
    const first = await sleeper();
    lockAs(first.pid);
    const gone = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await within('the sleeper to die', gone);
    const mine = lockOut(dir, 'results', 'wlgrade grade');
    expect(await locks()).toEqual([mine.file.slice(dir.length + 1)]);
    mine.release();
    expect(await locks()).toEqual([]);
  });

  it('a lock of a pid that another process has since (its start time differs), or of an earlier boot, does not block', async () => {
    const first = await sleeper();
    const held = lockAs(first.pid);
    const h = JSON.parse(await readFile(held.file, 'utf8')) as LockHolder;
    await writeFile(held.file, JSON.stringify({ ...h, start: `${Number(h.start) + 1}` }));
    lockOut(dir, 'results', 'wlgrade grade').release();
    lockAs(first.pid);
    await writeFile(held.file, JSON.stringify({ ...h, boot: 'another-boot' }));
    lockOut(dir, 'results', 'wlgrade grade').release();
    expect(await locks()).toEqual([]);
  });

  it("another machine's lock (an --out on a shared disk) refuses, naming the file to delete if that run is gone", async () => {
    const file = join(dir, `${LOCK_PREFIX}0000-77`);
    await writeFile(file, JSON.stringify({ pid: 77, host: 'node-b', boot: 'b', start: '5', command: 'wlgrade grade', since: '2026-11-26T05:00:00.000Z' }));
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade grade'));
    expect(e.message).toBe(
      `--out results is in use by a wlgrade grade run (pid 77 on node-b since 2026-11-26 05:00:00 UTC), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; wait for it to end and run this command again, or choose another --out; if that run is gone (killed, or its machine went down), delete ${file} and run this command again.`,
    );
  });

  it("a container's lock on this machine (its own host name, this boot: a docker-killed run's) refuses, saying it is a container's and naming the file to delete once it stopped (review 32b)", async () => {
    const file = join(dir, `${LOCK_PREFIX}0000-1`);
    await writeFile(file, JSON.stringify({ pid: 1, host: 'c0ffee123456', boot: SYSTEM_LOCK_DEPS.boot, start: '5', pidns: '4026532999', command: 'wlgrade grade', since: '2026-11-26T05:00:00.000Z' }));
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade grade'));
    expect(e.message).toBe(
      `--out results is in use by a wlgrade grade run (pid 1 on c0ffee123456, a container on this machine since 2026-11-26 05:00:00 UTC), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; wait for it to end and run this command again, or choose another --out; if that run is gone (killed, or its container stopped), delete ${file} and run this command again.`,
    );
    expect(await locks()).toEqual([`${LOCK_PREFIX}0000-1`]);
  });

  it('a file of that name that is no lock (not our JSON) is left alone and does not block; released locks go, once', async () => {
    await writeFile(join(dir, `${LOCK_PREFIX}notes`), 'hello');
    const mine = lockOut(dir, 'results', 'wlgrade grade');
    mine.release();
    mine.release();
    expect(await locks()).toEqual([`${LOCK_PREFIX}notes`]);
  });

  it("a live run in another container of the same host name (another PID namespace, the same pid) is refused as another machine's, and its lock stays (red team 32b)", async () => {
    // Two containers with one fixed hostname on one machine share the boot id, and each wlgrade
    // may be pid 7 in its own: the second run's lock had the first's file name and replaced it.
    const first = await sleeper();
    const as = (pidns: string) => ({ ...SYSTEM_LOCK_DEPS, pid: first.pid, pidns, now: () => new Date('2026-11-26T06:50:12.345Z') });
    lockOut(dir, 'results', 'wlgrade grade', as('pid:[4026531836]'));
    const held = await locks();
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade merge', as('pid:[4026532999]')));
    expect(e.message).toBe(
      `--out results is in use by a wlgrade grade run (pid ${first.pid} in another container's PID namespace on ${SYSTEM_LOCK_DEPS.host} since 2026-11-26 06:50:12 UTC), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; wait for it to end and run this command again, or choose another --out; if that run is gone (killed, or its container stopped), delete ${join(dir, held[0]!)} and run this command again.`,
    );
    expect([held.length, await locks()]).toEqual([1, held]);
  });

  it('a FIFO of a lock\'s name (a crafted --out) is no lock: it is never opened to wait for a writer, and the run takes the folder (red team 32b)', () => {
    // readFileSync waited on it for ever: `wlgrade grade` hung before its first learner, saying
    // nothing. In a child process (dist/, npm run build first), so a hang here ends the child, not the test run.
    execFileSync('mkfifo', [join(dir, `${LOCK_PREFIX}fifo`)]);
    const lockJs = pathToFileURL(join(__dirname, '../../../../dist/grader/src/batch/out-lock.js')).href;
    const script = `const { lockOut } = await import(${JSON.stringify(lockJs)}); lockOut(${JSON.stringify(dir)}, 'results', 'wlgrade grade').release(); console.log('taken');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect([r.signal, r.stdout, r.stderr]).toEqual([null, 'taken\n', '']);
  });

  it('reads the host name, boot id, PID namespace and machine id on first use, once, not when the module is imported (every check imports it, for busyWarning, and never locks)', () => {
    // In a child process (dist/, npm run build first), with node:fs's and node:os's readers
    // wrapped before the import (syncBuiltinESMExports: the module's named imports see the wrappers).
    const lockJs = pathToFileURL(join(__dirname, '../../../../dist/grader/src/batch/out-lock.js')).href;
    const script = `
import fs from 'node:fs';
import os from 'node:os';
import { syncBuiltinESMExports } from 'node:module';
const read = [];
const watched = ['/proc/sys/kernel/random/boot_id', '/proc/self/ns/pid', '/etc/machine-id'];
for (const [mod, name] of [[fs, 'readFileSync'], [fs, 'readlinkSync'], [os, 'hostname']]) {
  const real = mod[name];
  mod[name] = (...a) => {
    if (name === 'hostname' || watched.includes(String(a[0]))) read.push(name === 'hostname' ? 'hostname' : String(a[0]));
    return real(...a);
  };
}
syncBuiltinESMExports();
const { SYSTEM_LOCK_DEPS: d } = await import(${JSON.stringify(lockJs)});
const atImport = read.splice(0);
const first = [d.boot, d.pidns, d.machine, d.host];
const onFirstUse = read.splice(0);
const again = [d.boot, d.pidns, d.machine, d.host];
console.log(JSON.stringify({ atImport, onFirstUse, again: read, same: JSON.stringify(first) === JSON.stringify(again) }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ atImport: [], onFirstUse: ['/proc/sys/kernel/random/boot_id', '/proc/self/ns/pid', '/etc/machine-id', 'hostname'], again: [], same: true });
  });

  it('without /proc (macOS: a pid exists, its start time cannot be read) a lock whose pid is taken is not called a live run to kill: the sentence says how to check and names the file to delete', async () => {
    const mac = { ...SYSTEM_LOCK_DEPS, boot: '', pidns: '', procMounted: () => false, now: () => new Date('2026-11-26T06:50:12.345Z') };
    const alive = (...pids: number[]) => (pid: number) => (pids.includes(pid) ? '' : undefined);
    // A pid that no longer exists is stale there too: removed, the next run proceeds.
    const gone = lockOut(dir, 'results', 'wlgrade grade', { ...mac, pid: 555, processStart: alive(555) });
    process.off('exit', gone.release);
    lockOut(dir, 'results', 'wlgrade grade', { ...mac, pid: 999, processStart: alive(999) }).release();
    expect(await locks()).toEqual([]);
    const old = lockOut(dir, 'results', 'wlgrade grade', { ...mac, pid: 4321, processStart: alive(4321) });
    process.off('exit', old.release);
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade merge', { ...mac, pid: 999, processStart: alive(4321, 999) }));
    expect(e.message).toBe(
      `--out results is in use by a wlgrade grade run (pid 4321 on this machine since 2026-11-26 06:50:12 UTC), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; this system cannot tell whether pid 4321 is still that run or another process given that pid since: if \`ps -p 4321\` shows no wlgrade, delete ${old.file} and run this command again; otherwise wait for it to end, or choose another --out.`,
    );
    expect(await locks()).toEqual([old.file.slice(dir.length + 1)]);
  });

  it("with /proc mounted hidepid (another user's pid: its start time hidden, `ps` shows this user nothing) the sentence does not say to delete the lock if `ps -p` shows no wlgrade: it says the process is hidden and to ask its owner or root (tidy 33)", async () => {
    const hidepid = { ...SYSTEM_LOCK_DEPS, procMounted: () => true, processStart: (pid: number) => (pid === 4321 ? '' : SYSTEM_LOCK_DEPS.processStart(pid)), now: () => new Date('2026-11-26T06:50:12.345Z') };
    const theirs = lockOut(dir, 'results', 'wlgrade grade', { ...hidepid, pid: 4321 });
    process.off('exit', theirs.release);
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade grade', hidepid));
    expect(e.message).toBe(
      `--out results is in use by a wlgrade grade run (pid 4321 on this machine since 2026-11-26 06:50:12 UTC), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; pid 4321 is another user's process, which /proc, mounted hidepid, hides from this user, so wlgrade cannot tell whether it is still that run or another process given that pid since, and \`ps\` does not show it: ask its owner or root whether pid 4321 is a wlgrade run; if not, delete ${theirs.file} and run this command again; otherwise wait for it to end, or choose another --out.`,
    );
    expect(busyWarning(dir, '--results results', hidepid)).toBe(
      `--results results holds the lock of a wlgrade grade run (pid 4321 on this machine since 2026-11-26 06:50:12 UTC), which may still be writing there, so what is read there may be an earlier run's results or part of this one's; run this command again when that run ends (pid 4321 is another user's process, which /proc, mounted hidepid, hides from this user: if its owner or root finds that run gone, delete ${theirs.file}).`,
    );
    expect(await locks()).toEqual([theirs.file.slice(dir.length + 1)]);
  });

  it("a stale lock this user may not delete (another user's, in a sticky-bit --out) is refused in one sentence naming the file, not a crash (review 32b)", async () => {
    const dead = { ...SYSTEM_LOCK_DEPS, pid: 999_999_9, now: () => new Date('2026-11-26T06:00:00.000Z') };
    const theirs = lockOut(dir, 'results', 'wlgrade grade', { ...dead, processStart: () => '1' });
    process.off('exit', theirs.release);
    const eperm = () => {
      throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
    };
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade grade', { ...SYSTEM_LOCK_DEPS, remove: eperm }));
    expect(e.message).toBe(
      `--out results holds the lock file ${theirs.file} of a wlgrade grade run that has ended (pid 9999999 on this machine since 2026-11-26 06:00:00 UTC), and this user cannot delete it (in a folder with the sticky bit only the file's owner or root may); have its owner or root delete ${theirs.file} and run this command again, or choose another --out.`,
    );
    expect(await locks()).toEqual([theirs.file.slice(dir.length + 1)]);
  });

  it('a lock file that cannot be written (a full disk, a quota, a read-only mount) is one sentence naming the folder and the reason, not a crash, and takes no lock (lock 32)', async () => {
    // writeFileSync's ENOSPC went up raw: "a bug in wlgrade" (exit 3) before the first learner.
    const full = (path: string) => {
      throw Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC' });
    };
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade grade', { ...SYSTEM_LOCK_DEPS, writeLock: full }));
    expect([e.code, e.message]).toEqual([
      'OUTPUT_UNWRITABLE',
      'Cannot write the lock file .wlgrade-lock-* into the output folder results (ENOSPC: no space left on the disk); free space there or fix its permissions (or choose another --out), and run this command again.',
    ]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a lock file that cannot be deleted when the run ends (--out remounted read-only: EROFS) is one warning line naming the file, not a crash, and release() stays idempotent (tidy 33)', () => {
    // rmSync's EROFS went up from release() (the finally of grade and merge, or the exit handler)
    // with a stack: "a bug in wlgrade" at the end of a run whose reports were all written.
    const erofs = (path: string) => {
      throw Object.assign(new Error(`EROFS: read-only file system, unlink '${path}'`), { code: 'EROFS' });
    };
    const said: string[] = [];
    const mine = lockOut(dir, 'results', 'wlgrade grade', { ...SYSTEM_LOCK_DEPS, removeOwn: erofs, warn: (l) => said.push(l) });
    expect(() => mine.release()).not.toThrow();
    mine.release();
    expect(said).toEqual([`wlgrade: warning: could not delete the lock file ${mine.file} (EROFS: a read-only file system); the next run into results on this machine removes it, or delete it yourself.`]);
    expect(process.listeners('exit')).not.toContain(mine.release);
  });

  it('a lock of this host name from an earlier boot, in another PID namespace (a compose container with a fixed hostname, restarted after the machine rebooted), does not block: it is removed (lock 32)', async () => {
    // The namespace check came first: that lock refused every run into the folder for good.
    const file = join(dir, `${LOCK_PREFIX}0000-7`);
    await writeFile(file, JSON.stringify({ pid: 7, host: 'grader', boot: 'boot-before', start: '5', pidns: 'pid:[4026532999]', command: 'wlgrade grade', since: '2026-11-25T05:00:00.000Z' }));
    const now = { ...SYSTEM_LOCK_DEPS, host: 'grader', boot: 'boot-now', pidns: 'pid:[4026533111]', pid: 7 };
    const mine = lockOut(dir, 'results', 'wlgrade grade', now);
    expect(await locks()).toEqual([mine.file.slice(dir.length + 1)]);
    mine.release();
  });

  it("two machines of one host name on a shared --out (each in the top-level PID namespace, whose id is the same everywhere): the other's live lock, of another boot and machine id, is refused as another machine's and stays; one of this machine id, or with no machine id to compare, is this machine's earlier boot and goes (lock 32)", async () => {
    // The boot ids differ, so the lock was taken for one of this machine's earlier boot and deleted.
    const at = (boot: string, machine: string, pid: number) => ({ ...SYSTEM_LOCK_DEPS, host: 'node', boot, machine, pidns: 'pid:[4026531836]', pid, processStart: () => '5', now: () => new Date('2026-11-26T06:00:00.000Z') });
    const theirs = lockOut(dir, 'results', 'wlgrade grade', at('boot-b', 'machine-b', 77));
    process.off('exit', theirs.release);
    const e = refusal(() => lockOut(dir, 'results', 'wlgrade grade', at('boot-a', 'machine-a', 77)));
    expect(e.message).toBe(
      `--out results is in use by a wlgrade grade run (pid 77 on another machine also named node since 2026-11-26 06:00:00 UTC), and two runs writing into one --out would mix their reports, grades.csv and batch-state.json; wait for it to end and run this command again, or choose another --out; if that run is gone (killed, or its machine went down), delete ${theirs.file} and run this command again.`,
    );
    expect(await locks()).toEqual([theirs.file.slice(dir.length + 1)]);
    for (const machine of ['machine-b', '']) {
      const mine = lockOut(dir, 'results', 'wlgrade grade', at(`boot-${machine}-now`, machine, 78));
      expect(await locks()).toEqual([mine.file.slice(dir.length + 1)]);
      mine.release();
      process.off('exit', lockOut(dir, 'results', 'wlgrade grade', at('boot-b', 'machine-b', 77)).release);
    }
  });
});

describe('busyWarning (export lms --results, merge\'s shard folders: folders read, not written)', () => {
  it('warns in one line while a live run holds the folder, leaves a stale lock alone, and says nothing once the folder is free (review 32b)', async () => {
    expect(busyWarning(dir, '--results results')).toBeUndefined();
    const first = await sleeper();
    const held = lockAs(first.pid);
    process.off('exit', held.release);
    expect(busyWarning(dir, '--results results')).toBe(
      `--results results is being written by a wlgrade grade run (pid ${first.pid} on this machine since 2026-11-26 06:50:12 UTC), so what is read there may be an earlier run's results or part of this one's; run this command again when that run ends.`,
    );
    const gone = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await within('the sleeper to die', gone);
    expect(busyWarning(dir, '--results results')).toBeUndefined();
    expect(await locks()).toEqual([held.file.slice(dir.length + 1)]); // a reader removes nothing
  });

  it("warns about another machine's lock, which cannot be checked, naming the file to delete if that run is gone", async () => {
    const file = join(dir, `${LOCK_PREFIX}0000-77`);
    await writeFile(file, JSON.stringify({ pid: 77, host: 'node-b', boot: 'b', start: '5', command: 'wlgrade grade', since: '2026-11-26T05:00:00.000Z' }));
    expect(busyWarning(dir, 'shard folder out1')).toBe(
      `shard folder out1 holds the lock of a wlgrade grade run (pid 77 on node-b since 2026-11-26 05:00:00 UTC), which may still be writing there, so what is read there may be an earlier run's results or part of this one's; run this command again when that run ends (if it is gone, delete ${file}).`,
    );
    expect(busyWarning(join(dir, 'no-such-folder'), 'x')).toBeUndefined();
  });

  it("names a live lock of another machine of this host name (a shared --out; their machine ids differ) as that machine's, not as a run on this one (tidy 33)", async () => {
    // It said "pid 77 on node" on the machine named node: read as this machine's run.
    const file = join(dir, `${LOCK_PREFIX}0000-77`);
    await writeFile(file, JSON.stringify({ pid: 77, host: 'node', boot: 'boot-b', start: '5', pidns: 'pid:[4026531836]', machine: 'machine-b', command: 'wlgrade grade', since: '2026-11-26T05:00:00.000Z' }));
    expect(busyWarning(dir, 'shard folder out1', { ...SYSTEM_LOCK_DEPS, host: 'node', boot: 'boot-a', pidns: 'pid:[4026531836]', machine: 'machine-a' })).toBe(
      `shard folder out1 holds the lock of a wlgrade grade run (pid 77 on another machine also named node since 2026-11-26 05:00:00 UTC), which may still be writing there, so what is read there may be an earlier run's results or part of this one's; run this command again when that run ends (if it is gone, delete ${file}).`,
    );
  });

  it('says nothing of a lock of this host name from an earlier boot in another PID namespace (a restarted compose container\'s), whose run cannot be alive (lock 32)', async () => {
    await writeFile(join(dir, `${LOCK_PREFIX}0000-7`), JSON.stringify({ pid: 7, host: 'grader', boot: 'boot-before', start: '5', pidns: 'pid:[4026532999]', command: 'wlgrade grade', since: '2026-11-25T05:00:00.000Z' }));
    expect(busyWarning(dir, 'shard folder out1', { ...SYSTEM_LOCK_DEPS, host: 'grader', boot: 'boot-now', pidns: 'pid:[4026533111]' })).toBeUndefined();
  });
});
