/**
 * limits.key_filter: the seccomp program that fails the kernel's key calls. The adversarial suite
 * runs it on this machine; here it runs in a small classic-BPF interpreter for every architecture
 * in its table, so a wrong jump or number on a machine we do not have is caught too.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';

const ALLOW = 0x7fff0000;
const DENY_EPERM = 0x00050001;

/** Runs the program on seccomp_data {nr, arch}; only the instructions key_filter uses. */
function run(program: Buffer, nr: number, arch: number): number {
  const data = Buffer.alloc(64);
  data.writeInt32LE(nr, 0);
  data.writeUInt32LE(arch, 4);
  let acc = 0;
  for (let pc = 0, steps = 0; steps < 100; steps++) {
    const at = pc * 8;
    if (at + 8 > program.length) throw new Error(`ran off the end at ${pc}`);
    const [code, jt, jf, k] = [program.readUInt16LE(at), program[at + 2]!, program[at + 3]!, program.readUInt32LE(at + 4)];
    if (code === 0x20) acc = data.readUInt32LE(k); // ld w abs
    else if (code === 0x15) pc += acc === k ? jt : jf; // jeq k
    else if (code === 0x35) pc += acc >= k ? jt : jf; // jge k
    else if (code === 0x06) return k; // ret k
    else throw new Error(`unexpected instruction ${code.toString(16)} at ${pc}`);
    pc++;
  }
  throw new Error('no return');
}

describe('key_filter', () => {
  it('fails add_key, request_key and keyctl with EPERM on every machine it knows, and nothing else', async () => {
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import limits
print(json.dumps({m: [a, list(n), limits.key_filter(m).hex()] for m, (a, n) in limits._KEY_SYSCALLS.items()}))
print(limits.key_filter("mips64"))
`;
    const { stdout } = await execa('python3', ['-c', script]);
    const [table, unknown] = stdout.split('\n');
    expect(unknown).toBe('None');
    const machines = JSON.parse(table!) as Record<string, [number, number[], string]>;
    expect(Object.keys(machines)).toEqual(expect.arrayContaining(['x86_64', 'aarch64', 'riscv64', 'ppc64le', 's390x', 'armv7l', 'i686']));
    for (const [machine, [arch, numbers, hex]] of Object.entries(machines)) {
      const program = Buffer.from(hex, 'hex');
      for (const nr of numbers) expect(run(program, nr, arch), `${machine} ${nr}`).toBe(DENY_EPERM);
      for (let nr = 0; nr < 460; nr++) if (!numbers.includes(nr)) expect(run(program, nr, arch), `${machine} ${nr}`).toBe(ALLOW);
      // Another architecture's entry (int 0x80 on x86_64, compat on arm64): every call fails.
      expect(run(program, 20, (arch ^ 0x80000000) >>> 0)).toBe(DENY_EPERM);
      expect(run(program, 20, 0x40000003 === arch ? 0xc000003e : 0x40000003)).toBe(DENY_EPERM);
      // x32 shares x86_64's audit value; its calls carry bit 30.
      if (machine === 'x86_64') for (const nr of [0, 39, 250]) expect(run(program, nr | 0x40000000, arch)).toBe(DENY_EPERM);
    }
  });
});
