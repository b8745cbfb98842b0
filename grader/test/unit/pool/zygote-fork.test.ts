/**
 * The zygote's side of a job's fork (pool_server.zygote_main). A fork write-protects every page of
 * the zygote, and until the child exits each page the zygote writes is copied, since the child
 * shares them all: what the zygote runs between the fork and its wait costs a copied page per
 * object it touches, in every job. Counted with the zygote's own minor faults (getrusage), not timed.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';
import { ASK_JOB_PY } from '../../helpers/zygote.js';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';

/**
 * A warm server's zygote (warm_state, then zygote_main in a fork, as Zygote starts it) asked for 20
 * jobs whose child exits at once (pool_server.child stubbed); os.fork and os.waitpid are wrapped
 * in the zygote to write its minor faults between the two to a pipe. Prints the replies the zygote
 * sent for the last job and the fault counts.
 */
const SCRIPT = `
import os, sys, json, socket, array, resource
sys.path.insert(0, sys.argv[1])
import numpy as np
import pool_server
pool_server.warm_state({"keras": "shim"}, np)
faults = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_minflt
rep_r, rep_w = os.pipe()
real_fork, real_wait = os.fork, os.waitpid
at = [0]
def fork():
    pid = real_fork()
    if pid:
        at[0] = faults()
    return pid
def waitpid(pid, options):
    os.write(rep_w, b"%d\\n" % (faults() - at[0]))
    return real_wait(pid, options)
def child(plan, home, *fds):
    os._exit(0)
pool_server.child = child
ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
pool_server.os.fork, pool_server.os.waitpid = fork, waitpid
zygote = real_fork()
if zygote == 0:
    ours.close()
    pool_server.zygote_main(theirs, "/tmp")
pool_server.os.fork, pool_server.os.waitpid = real_fork, real_wait
theirs.close()
counts, replies = [], []
${ASK_JOB_PY}
for _ in range(20):
    replies = ask_job(ours)
    counts.append(int(os.read(rep_r, 100)))
ours.close()
real_wait(zygote, 0)
print(json.dumps({"replies": [sorted(r) for r in replies], "status": replies[1]["status"], "faults": sorted(counts)[len(counts) // 2]}))
`;

describe("the zygote's fork of a job", () => {
  it('touches few pages between the fork and the wait (each one a copy in every job)', async () => {
    const r = await execa(PY, ['-c', SCRIPT, PYTHON_DIR], { env: { OPENBLAS_NUM_THREADS: '1' } });
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { replies: string[][]; status: number; faults: number };
    // The server reads the child's pid, then its wait status (Zygote.reply).
    expect(out.replies).toEqual([['pid'], ['status']]);
    expect(out.status).toBe(0);
    // The wrappers' own calls included: ~30 here; ~75 when the replies went through json.dumps and
    // each call looked its function up in the os module.
    expect(out.faults).toBeLessThan(50);
  });
});
