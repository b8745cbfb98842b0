/**
 * pool_server.Control: the grader's control lines, read in pipe-sized chunks. A line may span
 * thousands of chunks (a large notebook, base64) and a chunk may hold several lines.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';

describe('pool_server.Control', () => {
  it('reassembles lines across chunks, several per chunk, and keeps an unfinished one', async () => {
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import pool_server
big = json.dumps({"op": "job", "source": "x" * 200000}) + "\\n"
stream = (json.dumps({"op": "a"}) + "\\n" + big + json.dumps({"op": "b"}) + "\\n\\n" + '{"op": "c"').encode()
chunks = [stream[i:i + 4096] for i in range(0, len(stream), 4096)] + [b'}\\n', b""]
pool_server.os.read = lambda fd, n: chunks.pop(0)
ctl = pool_server.Control()
while not ctl.eof:
    ctl.pump()
print(json.dumps([m["op"] for m in ctl.queue]), len(ctl.queue[1]["source"]), ctl.parts)
`;
    const { stdout } = await execa('python3', ['-c', script, PYTHON_DIR]);
    expect(stdout.trim()).toBe('["a", "job", "b", "c"] 200000 []');
  });
});

describe('pool_server.Zygote.alive', () => {
  it('is false for a stopped zygote (a job had the kernel SIGSTOP it), true again once it runs', async () => {
    const script = `
import os, signal, sys, time
sys.path.insert(0, sys.argv[1])
import pool_server
pid = os.fork()
if pid == 0:
    time.sleep(30)
    os._exit(0)
z = pool_server.Zygote.__new__(pool_server.Zygote)
z.pid = pid
print("running", z.alive())
os.kill(pid, signal.SIGSTOP)
time.sleep(0.2)
print("stopped", z.alive())
os.kill(pid, signal.SIGCONT)
time.sleep(0.2)
print("continued", z.alive())
os.kill(pid, signal.SIGKILL)
time.sleep(0.2)
print("killed", z.alive())
`;
    const { stdout } = await execa('python3', ['-c', script, PYTHON_DIR]);
    expect(stdout.trim().split('\n')).toEqual(['running True', 'stopped False', 'continued True', 'killed False']);
  });
});

describe('pool_server: the wipe against a job of the same uid', () => {
  it('puts each root\'s mode back, counts an unlistable folder as unclean, and survives rmtree\'s os.open failures', async () => {
    const script = `
import os, stat, sys, tempfile
sys.path.insert(0, sys.argv[1])
import pool_server
base = tempfile.mkdtemp()
os.chmod(base, 0o755)
srv = pool_server.Server({"base": base, "wipe": [], "pidns": False})
os.chmod(base, 0o311)  # what a job of the same uid did to /tmp
srv.wipe()
print("mode", oct(os.stat(base).st_mode & 0o7777))
real = os.scandir  # how empty() lists a folder (6f6b848: was os.listdir)
os.scandir = lambda p: (_ for _ in ()).throw(PermissionError(13, "denied")) if p == base else real(p)
print("unlistable", srv.wipe() == [base])
os.scandir = real
d = os.path.join(base, "locked")
os.makedirs(os.path.join(d, "inner"))
pool_server._unlock(os.open, d, None)  # the call rmtree makes for a folder it cannot open
print("unlocked", not os.path.exists(d))
`;
    const { stdout } = await execa('python3', ['-c', script, PYTHON_DIR], { timeout: 20_000 });
    expect(stdout.trim().split('\n')).toEqual(['mode 0o755', 'unlistable True', 'unlocked True']);
  });
});
