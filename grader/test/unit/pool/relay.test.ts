/**
 * pool_server.Server.relay_job's quiet relay (a job of its own uid, bwrap as root): a job that only
 * writes records is read once per DRAIN_S and at its exit, never per write; a job that streams a
 * large output is relayed as it writes, not one pipe buffer per DRAIN_S. Counted from the loop's own
 * select calls and reads (select and relay wrapped), with a forked writer in place of the zygote's
 * child and a pidfd as the zygote's "exited" socket: counts, not wall-clock time.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';

const SCRIPT = `
import os, sys, time, json, types
import select as real_select
sys.path.insert(0, sys.argv[1])
import pool_server as ps
kind = sys.argv[2]
events = []
kinds = {}
class Select:
    @staticmethod
    def select(r, w, x, t=None):
        out = real_select.select(r, w, x, t)
        events.append(("select", t, bool(set(r) & set(kinds)), bool(set(out[0]) & set(kinds))))
        return out
real_relay = ps.relay
def relay(jid, fd, k):
    f = real_relay(jid, fd, k)
    events.append(("read", len(f)))
    return f
sent = []
ps.select = Select
ps.relay = relay
ps.write_all = sent.append
fds = {ps.REC: os.pipe(), ps.OUT: os.pipe(), ps.ERR: os.pipe()}
pid = os.fork()
if pid == 0:
    for r, _ in fds.values():
        os.close(r)
    if kind == "stream":  # ~8 MiB printed as print flushes 1 KB lines (8,032-byte writes), steadily
        piece = (b"y" * 1003 + b"\\n") * 8
        for _ in range((8 << 20) // len(piece)):
            os.write(fds[ps.OUT][1], piece)
            time.sleep(0.0005)
    else:  # a job's records: 41 calls of 300 bytes, a few ms apart (several DRAIN_S in all)
        for _ in range(41):
            os.write(fds[ps.REC][1], b"r" * 300)
            time.sleep(0.003)
    os._exit(0)
for k, (r, w) in fds.items():
    os.close(w)
    kinds[r] = k
pidfd = os.pidfd_open(pid)
srv = ps.Server.__new__(ps.Server)
srv.ctl = types.SimpleNamespace(eof=True)
srv.zygote = types.SimpleNamespace(sock=types.SimpleNamespace(fileno=lambda: pidfd),
                                   reply=lambda: {"status": os.waitpid(pid, 0)[1]})
srv.job_pid = pid
status = srv.relay_job(7, 1000, kinds, quiet=True)
while kinds:  # what run_job sends once the child has exited
    for fd in list(kinds):
        sent.append(real_relay(7, fd, kinds))
data = b"".join(sent)
got, i = {}, 0
while i < len(data):
    job, k, n = ps._HEAD.unpack_from(data, i)
    got[k] = got.get(k, 0) + n
    i += ps._HEAD.size + n
waits = [e for e in events if e[0] == "select" and e[1] != 0]
polls = [j for j, e in enumerate(events) if e[0] == "select" and e[1] == 0]
print(json.dumps({"status": status, "bytes": {str(k): v for k, v in got.items()}, "wakeups": len(waits),
                  "watched": sum(1 for e in waits if e[2]), "drains": len(polls),
                  "timedReads": sum(1 for j in polls if events[j][3])}))
`;

type Counts = {
  status: number;
  bytes: Record<string, number>;
  wakeups: number;
  watched: number;
  drains: number;
  /** drains that found bytes: bytes that waited for the timer, not for a wake-up on their write */
  timedReads: number;
};

async function relayJob(kind: 'stream' | 'records'): Promise<Counts> {
  const { stdout } = await execa(PY, ['-c', SCRIPT, PYTHON_DIR, kind], { timeout: 60_000 });
  return JSON.parse(stdout) as Counts;
}

describe('pool_server.Server.relay_job, quiet', () => {
  it('relays a steady 8 MiB output as it is written: its bytes wait for the timer once, not once per pipe', async () => {
    const c = await relayJob('stream');
    expect({ status: c.status, bytes: c.bytes }).toEqual({ status: 0, bytes: { '2': 1044 * 8032 } });
    // Before: only a read of CHUNK (65,536 bytes) made the loop eager, and such writes fill the
    // pipe's 16 pages with 64,256: every byte waited for a drain, ~130 of them, one pipe per 20 ms
    // (~3 MB/s). Now the first drain goes eager (more only if the writer stalls past DRAIN_S).
    expect(c.timedReads).toBeGreaterThanOrEqual(1);
    expect(c.timedReads).toBeLessThanOrEqual(5);
  });

  it('reads a job that writes only records at its drains and its exit, never on its writes', async () => {
    const c = await relayJob('records');
    expect({ status: c.status, bytes: c.bytes, watched: c.watched }).toEqual({ status: 0, bytes: { '1': 41 * 300 }, watched: 0 });
    // One wake-up per DRAIN_S and one at the exit (the same one when they coincide).
    expect(c.wakeups).toBeGreaterThanOrEqual(c.drains);
    expect(c.wakeups).toBeLessThanOrEqual(c.drains + 1);
  });
});
