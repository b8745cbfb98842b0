/**
 * limits.fix_protected_ids: under bwrap --as-pid-1 a job's only ancestor below the namespace's init
 * is the pool's zygote, so the ids its syscall filter protects (and the program naming them) are
 * made once by the zygote instead of read from /proc and packed in every job. The program a job
 * installs must be the one it would have made itself; anywhere the ancestors can change, jobs read
 * them as before.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';

/**
 * This process plays the zygote (fix_protected_ids with os.getppid() answering 1, as under bwrap
 * --as-pid-1); each case forks a job that takes its program (_job_program), counting its /proc
 * reads, and makes the program from scratch as a job did before (syscall_filter of _protected_ids).
 */
const SCRIPT = `
import os, sys, json, platform, threading, builtins
sys.path.insert(0, sys.argv[1])
import limits
machine = platform.machine()
def fix(ppid):
    real = limits.os.getppid
    limits.os.getppid = lambda: ppid
    try:
        limits.fix_protected_ids()
    finally:
        limits.os.getppid = real
    return bool(limits._FIXED)
def job(setsid=True, grandchild=False):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        if grandchild and os.fork():
            os.wait()
            os._exit(0)
        if setsid:
            os.setsid()
        reads = []
        real_open, real_listdir = builtins.open, os.listdir
        builtins.open = lambda p, *a, **k: (reads.append(p), real_open(p, *a, **k))[1]
        limits.os.listdir = lambda p: (reads.append(p), real_listdir(p))[1]
        taken = limits._job_program(machine)
        builtins.open, limits.os.listdir = real_open, real_listdir
        made = limits.syscall_filter(machine, limits._protected_ids())
        os.write(w, json.dumps({"same": taken == made, "reads": len(reads)}).encode())
        os._exit(0)
    os.close(w)
    out = json.loads(os.read(r, 4096) or b"null")
    os.waitpid(pid, 0)
    os.close(r)
    return out
out = {"fixed": fix(1), "job": job(), "own group": job(setsid=False), "grandchild": job(grandchild=True)}
out["not under init"] = fix(os.getppid())
stop = threading.Event()
t = threading.Thread(target=stop.wait)
t.start()
out["with a thread"] = fix(1)
stop.set()
t.join()
print(json.dumps(out))
`;

describe.skipIf(process.platform !== 'linux')('limits.fix_protected_ids', () => {
  it("gives a zygote under the namespace's init one program for its jobs, the one each would make, with no /proc read in the job", async () => {
    const r = await execa(PY, ['-c', SCRIPT, PYTHON_DIR]);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(out).toEqual({
      fixed: true,
      // A job of the zygote, in its own session (pool_server.child): the zygote's program, no read.
      job: { same: true, reads: 0 },
      // Still in a group the program protects, or not the zygote's child: made from /proc as before.
      'own group': { same: true, reads: expect.any(Number) },
      grandchild: { same: true, reads: expect.any(Number) },
      // The ancestors could change (a server or the grader above the zygote, a thread of its own).
      'not under init': false,
      'with a thread': false,
    });
    expect((out['own group'] as { reads: number }).reads).toBeGreaterThan(0);
    expect((out.grandchild as { reads: number }).reads).toBeGreaterThan(0);
  });
});
