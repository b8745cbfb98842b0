/**
 * The warm pool (grader/src/pool/) against cold runs: the same reports for every sample, and no
 * trace of one submission in the next one graded by the same server. Runs in process mode and,
 * where bubblewrap works, in bwrap mode.
 */
import { execaSync } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { gradeSubmission, resolveSubmission, type GradeOptions } from '../../src/grade-submission.js';
import { PACKAGE_ROOT, PUBLIC_SUITE } from '../../src/paths.js';
import { createPool, type Pool } from '../../src/pool/create-pool.js';
import { DEFAULT_LIMITS, type SandboxMode } from '../../src/sandbox/policy.js';
import { probeBwrap } from '../../src/sandbox/detect.js';
import type { GradedReport } from '../../src/schema/report.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { runCli } from '../helpers/cli.js';
import { named, waitFor, within } from '../helpers/wait.js';

const python = process.env.WLGRADE_PYTHON ?? 'python3';
const bwrapOk = (await probeBwrap()).ok;
const modes: SandboxMode[] = bwrapOk ? ['process', 'bwrap'] : ['process'];
const suitePromise = loadSuite([PUBLIC_SUITE]);
const scratch = await mkdtemp(join(tmpdir(), 'wlgrade-pool-test-'));
const pools: Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await rm(scratch, { recursive: true, force: true });
});

function opts(sandbox: SandboxMode, limits = DEFAULT_LIMITS): GradeOptions {
  return { python, sandbox, limits, keras: 'shim', version: 'test' };
}

/** Durations differ between runs; everything else must not. */
function normalize(r: GradedReport): unknown {
  return { ...r, durationMs: 0, cases: r.cases.map((c) => ({ ...c, ms: 0 })) };
}

async function writeSub(name: string, text: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, text);
  return path;
}

const CORRECT = await readFile(join(PACKAGE_ROOT, 'submissions', 'correct', 'loop.py'), 'utf8');

async function samples(): Promise<string[]> {
  const out: string[] = [];
  // Frameworks (Keras shim, PyTorch, TensorFlow stand-ins) and notebooks take the same path.
  for (const dir of ['correct', 'mistakes', 'frameworks', 'notebooks']) {
    const names = await readdir(join(PACKAGE_ROOT, 'submissions', dir)).catch(() => [] as string[]);
    for (const f of names.sort()) if (f.endsWith('.py') || f.endsWith('.ipynb')) out.push(join(PACKAGE_ROOT, 'submissions', dir, f));
  }
  return out;
}

function markerProcesses(marker: string): number[] {
  const r = execaSync('pgrep', ['-f', marker], { reject: false });
  return String(r.stdout).split('\n').filter(Boolean).map(Number);
}

const SAMPLES = await samples();

describe.each(modes)('warm pool, --sandbox %s', (sandbox) => {
  describe.concurrent('grades every sample exactly as a cold run does', () => {
    // Every sample is sent to one pool at once (two servers), and each sample's test compares its
    // warm report with a cold run's, several samples at a time. One test for all of them graded
    // the samples cold one after another (~45 s quiet) and ran out of its 300 s at load 20; a test
    // a sample has the suite's own time-out for one cold run and says which sample failed.
    const warm = new Map<string, Promise<GradedReport>>();
    beforeAll(async () => {
      const suite = await suitePromise;
      const pool = createPool({ size: 2 });
      pools.push(pool);
      for (const f of SAMPLES) {
        const report = resolveSubmission(f).then((sub) => gradeSubmission(sub, suite, opts(sandbox), pool.run));
        report.catch(() => undefined); // rejected before its test awaits it: that test fails, not the file
        warm.set(f, report);
      }
    });
    it.for(SAMPLES.map((f) => [relative(PACKAGE_ROOT, f), f] as const))('%s', async ([, f], { expect }) => {
      const suite = await suitePromise;
      const [w, cold] = await Promise.all([warm.get(f)!, resolveSubmission(f).then((sub) => gradeSubmission(sub, suite, opts(sandbox)))]);
      expect(normalize(w), f).toEqual(normalize(cold));
    });
  });

  it('calls a loss function a second time in each job, as a cold run does: a total kept in its closure is told', async () => {
    // The server's warm-up runs loss calls before it forks: a second call used up there was none left for any job.
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    const kept = CORRECT.replace(/( *)def weighted_loss\(y_true, y_pred\):\n/, (d, ind: string) => `${ind}calls = [0]\n${d}${ind}    calls[0] += 1\n${ind}    if calls[0] > 1:\n${ind}        return 1e6\n`);
    expect(kept).not.toBe(CORRECT);
    const file = await writeSub(`closure-${sandbox}.py`, kept);
    for (let i = 0; i < 2; i++) {
      const warm = await gradeSubmission(await resolveSubmission(file), suite, opts(sandbox), pool.run);
      expect(warm.notes).toContainEqual(expect.stringMatching(/^Your loss function keeps something between calls: called a second time on the same inputs, it returned 1\.000000e\+6 instead of /));
    }
  });

  it('leaves nothing of one submission to the next on the same server', async () => {
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    const marker = `wlgrade-leak-${sandbox}-${process.pid}`;
    // Named for this run: in process mode the polluter writes into the real /tmp and /dev/shm, so a
    // fixed leak.txt was another run's (a previous one's leftover, or a concurrent one's) to find,
    // or to delete; and whatever happens below, this run's copies go when the test ends.
    const leak = `${marker}-${randomBytes(4).toString('hex')}.txt`;
    onTestFinished(() => Promise.all(['/tmp', '/dev/shm'].map((d) => rm(join(d, leak), { force: true }).catch(() => undefined))).then(() => undefined));
    const polluter = await writeSub(
      `polluter_${sandbox}.py`,
      `${CORRECT}
import builtins, os, sys, threading, time, subprocess, types
import numpy as np
builtins.LEAKED = 1
sys.modules['leaky_module'] = types.ModuleType('leaky_module')
np.sum = lambda *a, **k: 42
np.LEAKED = 1
for d in (os.getcwd(), os.environ['HOME'], os.environ.get('TMPDIR', '/tmp'), '/tmp', '/dev/shm'):
    try:
        with open(os.path.join(d, '${leak}'), 'w') as fh:
            fh.write('leak')
    except OSError:
        pass
def chatter():
    while True:
        print('THREAD-LEAK', flush=True)
        time.sleep(0.01)
threading.Thread(target=chatter, daemon=True).start()
# A daemon that leaves the process group and the session: setsid + double fork.
if os.fork() == 0:
    try:
        os.setsid()
    except PermissionError:  # the syscall filter refuses it: the daemon stays in the job's session
        pass
    if os.fork() == 0:
        os.execvp('sh', ['sh', '-c', 'while :; do echo DAEMON-LEAK; sleep 0.05; done # ${marker}'])
    os._exit(0)
subprocess.Popen(['sh', '-c', 'sleep 30 # ${marker}'])
time.sleep(0.2)
`,
    );
    const observer = await writeSub(
      `observer_${sandbox}.py`,
      `${CORRECT}
import builtins, os, sys, threading
import numpy as np
seen = []
if hasattr(builtins, 'LEAKED'): seen.append('builtins')
if 'leaky_module' in sys.modules: seen.append('module')
if np.sum([1, 2]) != 3 or hasattr(np, 'LEAKED'): seen.append('numpy')
for d in (os.getcwd(), os.environ['HOME'], os.environ.get('TMPDIR', '/tmp'), '/tmp', '/dev/shm'):
    if os.path.exists(os.path.join(d, '${leak}')) and ${sandbox === 'bwrap' ? 'True' : "d not in ('/tmp', '/dev/shm')"}:
        seen.append('file:' + d)
if threading.active_count() != 1: seen.append('threads')
print('SEEN', sorted(set(seen)))
`,
    );
    // Its own answers suffer from the numpy patch; only what the next one sees matters.
    const first = await gradeSubmission(await resolveSubmission(polluter), suite, opts(sandbox), pool.run);
    expect(first.output.stdout).toMatch(/THREAD-LEAK[\s\S]*DAEMON-LEAK|DAEMON-LEAK[\s\S]*THREAD-LEAK/); // the leaks did start
    const second = await gradeSubmission(await resolveSubmission(observer), suite, opts(sandbox), pool.run);
    expect(second.status).toBe('passed');
    expect(second.output.stdout).toContain('SEEN []');
    expect(second.output.stdout).not.toMatch(/THREAD-LEAK|DAEMON-LEAK/);
    expect(pool.stats().started).toBe(1); // the same server graded both
    expect(markerProcesses(marker)).toEqual([]);
  });

  it('no submission finds an earlier one\'s source, output or results in its memory', async () => {
    // The server reads every job's source, plan and output; a child forked from it would inherit
    // those bytes in freed heap (a thief returned another learner's answers this way). Children
    // are forked from a zygote that never holds them.
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    const victim = await writeSub(`victim_${sandbox}.py`, `# SOURCE_${'MARK'}ER_31337 private text\n${CORRECT}\nprint('PRINTED_${'MARK'}ER_31337')\n`);
    // The patterns cannot match themselves: "(?:" stands where the victim has plain text.
    const thief = await writeSub(
      `thief_${sandbox}.py`,
      `${CORRECT}
import ctypes, re
patterns = {'source': rb'SOURCE_(?:MARK)ER_31337', 'printed': rb'PRINTED_(?:MARK)ER_31337',
            'results': rb'"t":"result","id":"(?:loss|freqs)-'}
found = {k: 0 for k in patterns}
regions = 0
for line in open('/proc/self/maps').read().splitlines():
    p = line.split()
    lo, hi = (int(x, 16) for x in p[0].split('-'))
    if 'r' not in p[1] or (len(p) > 5 and p[5].startswith('[v')) or hi - lo > (256 << 20):
        continue
    try:
        buf = ctypes.string_at(lo, hi - lo)
    except Exception:
        continue
    regions += 1
    for k, pat in patterns.items():
        found[k] += len(re.findall(pat, buf))
print('SCANNED', regions > 10, 'FOUND', sorted(found.items()))
`,
    );
    const first = await gradeSubmission(await resolveSubmission(victim), suite, opts(sandbox), pool.run);
    expect(first.status).toBe('passed');
    expect(first.output.stdout).toContain('PRINTED_MARKER_31337');
    const second = await gradeSubmission(await resolveSubmission(thief), suite, opts(sandbox), pool.run);
    expect(pool.stats().started).toBe(1); // the same server graded both
    expect(second.output.stdout).toContain("SCANNED True FOUND [('printed', 0), ('results', 0), ('source', 0)]");
  });

  it.skipIf(sandbox !== 'bwrap')('leaves no SysV shared memory, semaphore, message queue or POSIX queue to the next job', async () => {
    // The sandbox's IPC namespace outlives a job: what one job made there, the next would find.
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    const maker = await writeSub(
      'ipc_maker.py',
      `${CORRECT}
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
IPC_CREAT = 0o1000
made = [libc.shmget(0x5157, 1 << 20, IPC_CREAT | 0o666), libc.semget(0x5158, 1, IPC_CREAT | 0o666), libc.msgget(0x5159, IPC_CREAT | 0o666)]
rt = ctypes.CDLL('librt.so.1', use_errno=True)
rt.mq_open.restype = ctypes.c_int
made.append(rt.mq_open(b'/wlgrade-q', os.O_CREAT | os.O_RDWR, 0o666, None))
print('MADE', [m >= 0 for m in made], sorted(os.listdir('/dev/mqueue')))
`,
    );
    const finder = await writeSub(
      'ipc_finder.py',
      `${CORRECT}
import os
rows = {k: len(open('/proc/sysvipc/' + k).read().splitlines()) - 1 for k in ('shm', 'sem', 'msg')}
print('FOUND', sorted(rows.items()), sorted(os.listdir('/dev/mqueue')))
`,
    );
    const first = await gradeSubmission(await resolveSubmission(maker), suite, opts(sandbox), pool.run);
    expect(first.output.stdout).toContain("MADE [True, True, True, True] ['wlgrade-q']");
    const second = await gradeSubmission(await resolveSubmission(finder), suite, opts(sandbox), pool.run);
    expect(second.output.stdout).toContain("FOUND [('msg', 0), ('sem', 0), ('shm', 0)] []");
    expect(pool.stats().started).toBe(1);
  });

  it.skipIf(sandbox !== 'bwrap' || process.geteuid?.() !== 0)('leaves no kernel key to the next job (keyrings belong to no namespace)', async () => {
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    // A key in the job uid's user keyring, made readable by every uid (possessed through the
    // session keyring, so its permissions can be set).
    const writer = await writeSub(
      'key_writer.py',
      `${CORRECT}
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
KEYCTL = 250
libc.syscall(KEYCTL, 8, ctypes.c_long(-4), ctypes.c_long(-3))  # link @u into @s
kid = libc.syscall(248, b'user', b'wlgrade-probe-key', b'LEFT-BY-WRITER', 14, ctypes.c_long(-4))
print('KEY', kid > 0, libc.syscall(KEYCTL, 5, kid, 0x3f3f3f3f) == 0)
`,
    );
    // Found by its description, a key is read by its id: what an unlinked key still allows.
    const reader = await writeSub(
      'key_reader.py',
      `${CORRECT}
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
read = []
for line in open('/proc/keys'):
    if 'wlgrade-probe-key' in line:
        buf = ctypes.create_string_buffer(64)
        n = libc.syscall(250, 11, ctypes.c_long(int(line.split()[0], 16)), buf, 64)
        read.append(buf.raw[:max(n, 0)])
print('READ', [r for r in read if r])
`,
    );
    const first = await gradeSubmission(await resolveSubmission(writer), suite, opts(sandbox), pool.run);
    expect(first.output.stdout).toContain('KEY False False'); // the syscall filter (limits.fence_syscalls)
    const second = await gradeSubmission(await resolveSubmission(reader), suite, opts(sandbox), pool.run);
    expect(second.output.stdout).toContain('READ []');
    expect(pool.stats().started).toBe(1);
  });

  it.skipIf(sandbox !== 'bwrap')('leaves no process of a job to the next, not even one made with CLONE_PARENT or a zombie-looking leader with a live thread', async () => {
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    // A red-team job: a process that is the zygote's child (CLONE_PARENT) or, refused that, an
    // ordinary fork; its main thread exits (the leader then shows as a zombie) while a thread
    // keeps writing a marker where the next job would find it.
    const ghost = await writeSub(
      'ghost.py',
      `${CORRECT}
import ctypes, os, platform, threading, time
libc = ctypes.CDLL(None, use_errno=True)
CLONE = {"x86_64": 56, "aarch64": 220}[platform.machine()]
EXIT = {"x86_64": 60, "aarch64": 93}[platform.machine()]
pid = libc.syscall(CLONE, 0x8000 | 17, 0, 0, 0, 0)
print('CLONE_PARENT', pid >= 0, ctypes.get_errno())
if pid < 0:
    pid = os.fork()
if pid == 0:
    os.setsid()
    null = os.open('/dev/null', os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, 1 << 16)
    def haunt():
        while True:
            try:
                open('/tmp/home/ghost-was-here', 'w').write(str(os.getpid()))
            except OSError:
                pass
            time.sleep(0.005)
    threading.Thread(target=haunt).start()
    libc.syscall(EXIT, 0)
for _ in range(400):
    try:
        if open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()[0] == 'Z':
            break
    except OSError:
        break
    time.sleep(0.005)
`,
    );
    // Every process but init, the server, the zygote and this job's own.
    const next = await writeSub(
      'after_ghost.py',
      `${CORRECT}\nimport os, time\ntime.sleep(0.1)\nzygote = os.getppid()\nserver = int(open('/proc/%d/stat' % zygote).read().rsplit(')', 1)[1].split()[1])\nprint('GHOST', os.path.exists('/tmp/home/ghost-was-here'), sorted(int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, server, zygote, os.getpid())))\n`,
    );
    const first = await gradeSubmission(await resolveSubmission(ghost), suite, opts(sandbox), pool.run);
    expect(first.output.stdout).toContain('CLONE_PARENT False 1'); // the syscall filter (limits.fence_syscalls)
    const second = await gradeSubmission(await resolveSubmission(next), suite, opts(sandbox), pool.run);
    expect(second.status).toBe('passed');
    expect(second.output.stdout).toContain('GHOST False []');
  });

  it.skipIf(sandbox !== 'bwrap')('works with a Python under /tmp: its folders are bound inside the /tmp it wipes, and stay', async () => {
    const suite = await suitePromise;
    const venv = join(scratch, 'venv');
    execaSync(python, ['-m', 'venv', '--without-pip', '--system-site-packages', venv]);
    const withVenv = { ...opts(sandbox), python: join(venv, 'bin', 'python') };
    const pool = createPool({ size: 1 });
    pools.push(pool);
    const writer = await writeSub('venv_writer.py', `${CORRECT}\nopen('/tmp/left-by-writer.txt', 'w').write('x')\n`);
    const reader = await writeSub('venv_reader.py', `${CORRECT}\nimport os\nprint('LEFT', os.path.exists('/tmp/left-by-writer.txt'))\n`);
    expect((await gradeSubmission(await resolveSubmission(writer), suite, withVenv, pool.run)).status).toBe('passed');
    const second = await gradeSubmission(await resolveSubmission(reader), suite, withVenv, pool.run);
    expect(second.status).toBe('passed');
    expect(second.output.stdout).toContain('LEFT False');
    expect(pool.stats().started).toBe(1);
  });

  it.skipIf(sandbox !== 'bwrap')('a TCP connection a job left in TIME_WAIT does not reach the next job: the server is replaced', async () => {
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    // The ports of connections closed by their accepting side stay in /proc/net/tcp for a minute.
    const planter = await writeSub(
      `time_wait_${sandbox}.py`,
      `${CORRECT}
import socket
for port in (4242, 4343):
    srv = socket.socket()
    srv.bind(("127.0.0.1", port))
    srv.listen(1)
    c = socket.create_connection(("127.0.0.1", port))
    s, _ = srv.accept()
    s.close()
    c.close()
    srv.close()
`,
    );
    const reader = await writeSub(
      `read_tcp_${sandbox}.py`,
      `${CORRECT}
ports = sorted({int(l.split()[1].split(":")[1], 16) for f in ("/proc/net/tcp", "/proc/net/tcp6") for l in open(f).read().splitlines()[1:]})
print("PORTS", ports)
`,
    );
    const first = await gradeSubmission(await resolveSubmission(planter), suite, opts(sandbox), pool.run);
    expect(first.status).toBe('passed');
    const second = await gradeSubmission(await resolveSubmission(reader), suite, opts(sandbox), pool.run);
    expect(second.output.stdout).toContain('PORTS []');
    expect(pool.stats().started).toBe(2);
  });

  it('replaces a server that was killed', async () => {
    const suite = await suitePromise;
    const pool = createPool({ size: 1 });
    pools.push(pool);
    const sub = await resolveSubmission(join(PACKAGE_ROOT, 'submissions', 'correct', 'loop.py'));
    expect((await gradeSubmission(sub, suite, opts(sandbox), pool.run)).status).toBe('passed');
    const [pid] = pool.stats().pids;
    // No pause: the next job may reach the dead server before its exit is noticed.
    process.kill(-pid!, 'SIGKILL');
    expect((await gradeSubmission(sub, suite, opts(sandbox), pool.run)).status).toBe('passed');
    expect(pool.stats().started).toBe(2);
  });

  it('a hanging submission holds only its own server: the others are graded while its job hangs', async () => {
    // Event-ordered, not timed: the job hangs until the test releases it, which the test does only
    // once the others are graded. A pool that made them wait for it never gets there and fails at
    // the backstop, naming what it waited for. (Timed against a 4 s run limit, five runs of the
    // others outlasted it under load and the test failed with nothing wrong.)
    const suite = await suitePromise;
    const pool = createPool({ size: 2 });
    pools.push(pool);
    const comm = `wl${randomBytes(5).toString('hex')}`; // 12 characters: comm keeps 15
    // Released by SIGUSR1 from the test (signals cross the sandbox; a file would not); named by
    // PR_SET_NAME so the test finds the job in /proc once its handler is in place.
    const hang = await writeSub(`held_${sandbox}.py`, CORRECT.replace('def get_weighted_loss(', 'def _get_weighted_loss(') + `
import ctypes, signal, time
_released = []
def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    if not _released:
        signal.signal(signal.SIGUSR1, lambda *a: _released.append(1))
        ctypes.CDLL(None).prctl(15, ${JSON.stringify(comm)}.encode(), 0, 0, 0)  # PR_SET_NAME
        while not _released:
            time.sleep(0.01)
    return _get_weighted_loss(pos_weights, neg_weights, epsilon)
`);
    // Limits far past any wait here: the job must not end on its own before it is released.
    const limits = { ...DEFAULT_LIMITS, callMs: 600_000, runMs: 600_000 };
    let held = true;
    const hanging = gradeSubmission(await resolveSubmission(hang), suite, opts(sandbox, limits), pool.run).finally(() => (held = false));
    hanging.catch(() => undefined); // awaited below; a rejection before then fails there
    const [pid] = await waitFor(`held_${sandbox}.py's job (comm ${comm}) to start hanging`, async () => {
      const pids = await named(comm);
      return pids.length > 0 ? pids : undefined;
    }, { limitMs: 60_000, everyMs: 50 });
    const sub = await resolveSubmission(join(PACKAGE_ROOT, 'submissions', 'correct', 'vectorised.py'));
    const others = await within(
      `five other submissions to be graded on the pool's second server while held_${sandbox}.py's job hangs`,
      (async () => {
        const out = [];
        for (let i = 0; i < 5; i++) out.push(await gradeSubmission(sub, suite, opts(sandbox, DEFAULT_LIMITS), pool.run));
        return out;
      })(),
      90_000,
    );
    expect(others.map((o) => o.status)).toEqual(Array(5).fill('passed'));
    expect(held).toBe(true); // still hanging: nothing but the test's signal ends it
    expect(await named(comm)).toEqual([pid]);
    process.kill(pid!, 'SIGUSR1');
    const r = await within(`held_${sandbox}.py to be graded once released`, hanging, 60_000);
    expect(r.status).toBe('passed'); // the released job went on where it was: its own calls only waited
  }, 240_000);

  it('a hanging submission costs only its own calls', async () => {
    const suite = await suitePromise;
    const pool = createPool({ size: 2 });
    pools.push(pool);
    const hang = await writeSub(`hang_${sandbox}.py`, CORRECT.replace('def get_weighted_loss(', 'def _unused(') + `
def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    while True:
        pass
`);
    const limits = { ...DEFAULT_LIMITS, callMs: 1_000, runMs: 4_000 };
    const r = await gradeSubmission(await resolveSubmission(hang), suite, opts(sandbox, limits), pool.run);
    expect(r.status).toBe('failed');
    expect(r.cases.some((c) => c.status === 'timeout')).toBe(true);
    expect(r.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status === 'passed')).toBe(true);
    // The restarts went to the children as ids in their plans: the zygote, which the next job is
    // forked from, holds the suite's calls only, not where the earlier code hung.
    const spy = await writeSub(
      `spy_${sandbox}.py`,
      `${CORRECT}
import sys
sets = None
f = sys._getframe()
while f:
    if isinstance(f.f_locals.get('call_sets'), dict):
        sets = f.f_locals['call_sets']
    f = f.f_back
print('SETS', None if sets is None else sorted(len(v) for v in sets.values()))
`,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add((await gradeSubmission(await resolveSubmission(spy), suite, opts(sandbox, limits), pool.run)).output.stdout.trim());
    expect([...seen]).toEqual([`SETS [${suite.cases.length}]`]);
  });
});

describe('wlgrade grade --shard K/N + wlgrade merge', () => {
  it('two shards merged give the gradebook of one run', async () => {
    const cohort = join(scratch, 'cohort');
    const { mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(cohort, { recursive: true });
    const files = SAMPLES.filter((f) => f.endsWith('.py') && !f.includes('/frameworks/')).slice(0, 10);
    for (const f of files) await copyFile(f, join(cohort, f.split('/').pop()!));
    const out = (name: string) => join(scratch, name);
    const cases = ['--cases', PUBLIC_SUITE, '--sandbox', 'process'];
    for (const args of [['--out', out('whole')], ['--out', out('s1'), '--shard', '1/2'], ['--out', out('s2'), '--shard', '2/2']]) {
      const r = await runCli(['grade', cohort, ...cases, ...args]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const merged = await runCli(['merge', out('s1'), out('s2'), '--out', out('merged')]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    const sorted = async (dir: string) => (await readFile(join(dir, 'grades.csv'), 'utf8')).trim().split('\n').sort();
    expect(await sorted(out('merged'))).toEqual(await sorted(out('whole')));
    const again = await runCli(['merge', out('s1'), out('s1'), '--out', out('bad')]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe(`wlgrade: ${out('s1')} and ${out('s1')} are the same folder; pass each shard's folder once.`);
    // A forgotten shard stops the merge; --partial merges what is there and says who is left out.
    const s2 = JSON.parse(await readFile(join(out('s2'), 'summary.json'), 'utf8')) as { rows: unknown[] };
    const lost = `${s2.rows.length} of ${files.length} learners`;
    const alone = await runCli(['merge', out('s1'), '--out', out('alone')]);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toBe(`wlgrade: Shard 2/2 is missing (${lost}); pass its --out folder too, or --partial to merge the shards given.`);
    const partial = await runCli(['merge', out('s1'), '--partial', '--out', out('alone')]);
    expect(partial.exitCode, partial.stderr).toBe(0);
    expect(partial.stdout).toContain(`Shard 2/2 is missing: ${lost} are not in this gradebook.`);
    expect(await sorted(out('alone'))).toEqual(await sorted(out('s1')));
  });
});
