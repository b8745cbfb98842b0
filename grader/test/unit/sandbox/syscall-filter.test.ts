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
  for (let pc = 0, steps = 0; steps < 100; steps++) {
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

describe('syscall_filter', () => {
  it('refuses the key calls, namespaces, io_uring, ptrace, CLONE_PARENT and clone3 on every machine it knows, and nothing else', async () => {
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
      expect(m.refused).toHaveLength(11);
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
});
