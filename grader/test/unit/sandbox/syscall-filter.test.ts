/**
 * limits.syscall_filter: the seccomp program every run installs before learner code. The
 * adversarial suite runs it on this machine; here it runs in a small classic-BPF interpreter for
 * every machine in its table, so a wrong jump or number on a machine we do not have is caught too.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';

const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const ENOSYS = 0x00050026;

/** Runs the program on seccomp_data {nr, arch, args}; only the instructions syscall_filter uses. */
function run(program: Buffer, nr: number, arch: number, args: bigint[] = [], bigEndian = false): number {
  const data = Buffer.alloc(64);
  data.writeInt32LE(nr, 0);
  data.writeUInt32LE(arch, 4);
  args.forEach((a, i) => (bigEndian ? data.writeBigUInt64BE(a, 16 + 8 * i) : data.writeBigUInt64LE(a, 16 + 8 * i)));
  let acc = 0;
  for (let pc = 0, steps = 0; steps < 5000; steps++) {
    const at = pc * 8;
    if (at + 8 > program.length) throw new Error(`ran off the end at ${pc}`);
    const [code, jt, jf, k] = [program.readUInt16LE(at), program[at + 2]!, program[at + 3]!, program.readUInt32LE(at + 4)];
    // seccomp_data fields are in the machine's byte order; the program's words are host order (LE here).
    if (code === 0x20) acc = bigEndian && k >= 16 ? data.readUInt32BE(k) : data.readUInt32LE(k); // ld w abs
    else if (code === 0x15) pc += acc === k ? jt : jf; // jeq k
    else if (code === 0x35) pc += acc >= k ? jt : jf; // jge k
    else if (code === 0x45) pc += (acc & k) !== 0 ? jt : jf; // jset k
    else if (code === 0x06) return k; // ret k
    else throw new Error(`unexpected instruction ${code.toString(16)} at ${pc}`);
    pc++;
  }
  throw new Error('no return');
}

interface Machine {
  arch: number;
  flagsAt: number;
  clone: number;
  clone3: number;
  refused: number[];
  hex: string;
}

/** bpf, perf_event_open, userfaultfd and fanotify_init in each architecture's syscall table (arch/x86/entry/syscalls, include/uapi/asm-generic/unistd.h, arch/{powerpc,s390,arm}/kernel/syscalls). */
const DOCKER_REFUSED: Record<string, number[]> = {
  x86_64: [321, 298, 323, 300],
  aarch64: [280, 241, 282, 262],
  riscv64: [280, 241, 282, 262],
  ppc64le: [361, 319, 364, 323],
  s390x: [351, 331, 355, 332],
  armv7l: [386, 364, 388, 367],
  armv6l: [386, 364, 388, 367],
  i686: [357, 336, 374, 338],
  i586: [357, 336, 374, 338],
  i386: [357, 336, 374, 338],
};

describe('syscall_filter', () => {
  it('refuses the key calls, namespaces, io_uring, ptrace, pidfd_send_signal, setsid, bpf, perf_event_open, userfaultfd, fanotify_init, CLONE_PARENT and clone3 on every machine it knows, and nothing else', async () => {
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import limits
print(json.dumps({m: {"arch": a, "flagsAt": f, "clone": c, "clone3": c3, "refused": list(r), "hex": limits.syscall_filter(m).hex()} for m, (a, f, c, c3, r) in limits._SYSCALLS.items()}))
print(limits.syscall_filter("mips64"))
`;
    const { stdout } = await execa('python3', ['-c', script]);
    const [table, unknown] = stdout.split('\n');
    expect(unknown).toBe('None');
    const machines = JSON.parse(table!) as Record<string, Machine>;
    expect(Object.keys(machines)).toEqual(expect.arrayContaining(['x86_64', 'aarch64', 'riscv64', 'ppc64le', 's390x', 'armv7l', 'i686']));
    const THREAD = 0x3d0f00n; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
    const FORK = 0x1200011n; // CLONE_CHILD_SETTID|CHILD_CLEARTID|SIGCHLD
    for (const [machine, m] of Object.entries(machines)) {
      const program = Buffer.from(m.hex, 'hex');
      const be = machine === 's390x';
      const clone = (flags: bigint) => run(program, m.clone, m.arch, m.flagsAt === 28 ? [0n, flags] : [flags], be);
      expect(m.refused).toHaveLength(17);
      // bpf, perf_event_open, userfaultfd, fanotify_init (batch 36b), as each kernel's syscall table numbers them.
      expect(m.refused.slice(13), machine).toEqual(DOCKER_REFUSED[machine]);
      for (const nr of m.refused) expect(run(program, nr, m.arch), `${machine} ${nr}`).toBe(EPERM);
      expect(run(program, m.clone3, m.arch), `${machine} clone3`).toBe(ENOSYS);
      expect(clone(THREAD), `${machine} thread`).toBe(ALLOW);
      expect(clone(FORK), `${machine} fork`).toBe(ALLOW);
      for (const flag of [0x8000n, 0x10000000n, 0x20000000n, 0x40000000n, 0x20000n]) expect(clone(FORK | flag), `${machine} clone ${flag.toString(16)}`).toBe(EPERM);
      for (let nr = 0; nr < 460; nr++) {
        if (!m.refused.includes(nr) && nr !== m.clone3 && nr !== m.clone) expect(run(program, nr, m.arch), `${machine} ${nr}`).toBe(ALLOW);
      }
      // Another architecture's entry (int 0x80 on x86_64, compat on arm64): every call fails.
      expect(run(program, 20, (m.arch ^ 0x80000000) >>> 0)).toBe(EPERM);
      expect(run(program, 20, m.arch === 0x40000003 ? 0xc000003e : 0x40000003)).toBe(EPERM);
      // x32 shares x86_64's audit value; its calls carry bit 30.
      if (machine === 'x86_64') for (const nr of [0, 39, 250]) expect(run(program, nr | 0x40000000, m.arch)).toBe(EPERM);
    }
  });

  it('refuses the pid calls on protected pids, tids and groups (low word only) and setpriority/ioprio_set beyond the caller, on every machine', async () => {
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import limits
print(json.dumps({m: {"arch": limits._SYSCALLS[m][0], "pid": list(p), "prio": pr, "io": io, "fcntl": list(limits._OWNER_CALLS[m][0]), "ioctl": limits._OWNER_CALLS[m][1], "hex": limits.syscall_filter(m, [4242, -77, -1]).hex()} for m, (p, pr, io) in limits._PID_CALLS.items()}))
`;
    const { stdout } = await execa('python3', ['-c', script]);
    const machines = JSON.parse(stdout) as Record<string, { arch: number; pid: number[]; prio: number; io: number; fcntl: number[]; ioctl: number; hex: string }>;
    expect(Object.keys(machines).sort()).toEqual(['aarch64', 'armv6l', 'armv7l', 'i386', 'i586', 'i686', 'ppc64le', 'riscv64', 's390x', 'x86_64']);
    for (const [machine, m] of Object.entries(machines)) {
      const program = Buffer.from(m.hex, 'hex');
      const be = machine === 's390x';
      const call = (nr: number, ...args: bigint[]) => run(program, nr, m.arch, args, be);
      expect(m.pid).toHaveLength(11);
      for (const nr of m.pid) {
        expect(call(nr, 4242n), `${machine} ${nr} protected pid`).toBe(EPERM);
        // The kernel reads a 32-bit pid: high bits set by a raw syscall do not hide it.
        expect(call(nr, 0xdead00001092n), `${machine} ${nr} high bits`).toBe(EPERM);
        expect(call(nr, 0xffffffffffffffb3n), `${machine} ${nr} -77`).toBe(EPERM);
        expect(call(nr, 0xffffffffffffffffn), `${machine} ${nr} -1`).toBe(EPERM);
        expect(call(nr, 4243n), `${machine} ${nr} another pid`).toBe(ALLOW);
        expect(call(nr, 0n), `${machine} ${nr} self`).toBe(ALLOW);
      }
      expect(call(m.prio, 0n, 0n, 5n), `${machine} nice self`).toBe(ALLOW);
      expect(call(m.prio, 1n, 0n, 5n), `${machine} nice own group`).toBe(ALLOW);
      expect(call(m.prio, 0n, 4243n, 5n), `${machine} nice another`).toBe(EPERM);
      expect(call(m.prio, 2n, 0n, 5n), `${machine} nice the user`).toBe(EPERM);
      expect(call(m.io, 1n, 0n, 0n), `${machine} ioprio self`).toBe(ALLOW);
      expect(call(m.io, 3n, 0n, 0n), `${machine} ioprio the user`).toBe(EPERM);
      expect(call(m.io, 1n, 7n, 0n), `${machine} ioprio another`).toBe(EPERM);
      // A descriptor's owner (whom the kernel signals on I/O): F_SETOWN, F_SETSIG, F_SETOWN_EX, FIOSETOWN, SIOCSPGRP.
      for (const nr of m.fcntl) {
        for (const cmd of [8n, 10n, 15n]) expect(call(nr, 3n, cmd, 4242n), `${machine} fcntl ${cmd}`).toBe(EPERM);
        for (const cmd of [0n, 1n, 2n, 3n, 4n, 9n, 1030n]) expect(call(nr, 3n, cmd, 0n), `${machine} fcntl ${cmd}`).toBe(ALLOW);
      }
      for (const cmd of [0x8901n, 0x8902n]) expect(call(m.ioctl, 3n, cmd, 0n), `${machine} ioctl ${cmd}`).toBe(EPERM);
      for (const cmd of [0x5401n, 0x541bn, 0x5421n]) expect(call(m.ioctl, 3n, cmd, 0n), `${machine} ioctl ${cmd}`).toBe(ALLOW);
    }
  });

  it.skipIf(process.platform !== 'linux')('installed, stops the run signalling, limiting or reprioritising its ancestors (root or not), not its own children', async () => {
    const script = `
import os, resource, signal, sys, time
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import limits
def attempt(name, f):
    try:
        f()
        print(name, "ok")
    except PermissionError:
        print(name, "EPERM")
    except OSError as e:
        print(name, "errno", e.errno)
pid = os.fork()
if pid == 0:
    os.setsid()
    limits.fence_syscalls()
    parent = os.getppid()
    attempt("kill-parent", lambda: os.kill(parent, 0))
    attempt("kill-all", lambda: os.kill(-1, 0))
    attempt("kill-parent-group", lambda: os.killpg(os.getpgid(parent), 0))
    attempt("prlimit-parent", lambda: resource.prlimit(parent, resource.RLIMIT_CORE))
    attempt("nice-parent", lambda: os.setpriority(os.PRIO_PROCESS, parent, os.getpriority(os.PRIO_PROCESS, parent)))
    attempt("nice-user", lambda: os.setpriority(os.PRIO_USER, os.getuid(), 0))
    attempt("affinity-parent", lambda: os.sched_setaffinity(parent, os.sched_getaffinity(parent)))
    attempt("pidfd-parent", lambda: signal.pidfd_send_signal(os.open("/proc/%d" % parent, os.O_RDONLY), 0))
    attempt("nice-self", lambda: os.setpriority(os.PRIO_PROCESS, 0, os.getpriority(os.PRIO_PROCESS, 0)))
    import fcntl, socket
    pr, pw = os.pipe()
    attempt("fcntl-setown", lambda: fcntl.fcntl(pr, fcntl.F_SETOWN, parent))
    attempt("fcntl-setsig", lambda: fcntl.fcntl(pr, 10, signal.SIGSTOP))
    attempt("fcntl-getfl", lambda: fcntl.fcntl(pr, fcntl.F_GETFL))
    sa, sb = socket.socketpair()
    attempt("ioctl-fiosetown", lambda: fcntl.ioctl(sa, 0x8901, parent.to_bytes(4, "little")))
    r, w = os.pipe()
    g = os.fork()
    if g == 0:  # not a session leader, so only the filter can refuse setsid
        try:
            os.setsid()
            os.write(w, b"ok")
        except PermissionError:
            os.write(w, b"EPERM")
        os._exit(0)
    os.waitpid(g, 0)
    print("setsid", os.read(r, 16).decode())
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    attempt("kill-own-child", lambda: os.kill(child, signal.SIGKILL))
    os.waitpid(child, 0)
    sys.stdout.flush()
    os._exit(0)
os.waitpid(pid, 0)
`;
    const { stdout } = await execa('python3', ['-c', script]);
    expect(stdout.trim().split('\n')).toEqual([
      'kill-parent EPERM',
      'kill-all EPERM',
      'kill-parent-group EPERM',
      'prlimit-parent EPERM',
      'nice-parent EPERM',
      'nice-user EPERM',
      'affinity-parent EPERM',
      'pidfd-parent EPERM',
      'nice-self ok',
      'fcntl-setown EPERM',
      'fcntl-setsig EPERM',
      'fcntl-getfl ok',
      'ioctl-fiosetown EPERM',
      'setsid EPERM',
      'kill-own-child ok',
    ]);
  });
});
