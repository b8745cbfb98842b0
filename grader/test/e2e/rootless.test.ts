/**
 * The sandbox as a user without root sees it: CI runs as root, where the learner gets a uid of its
 * own and cannot touch the sandbox's init, the runner's guard, the pool server or the folders bwrap
 * made. Without root all of them run as the learner's uid (65534 in a user namespace), so these
 * tests run the real CLI as nobody (setpriv), with a world-readable copy of wlgrade and of numpy
 * under /tmp (a PYTHONPATH under /tmp: the folders bwrap makes to hold its bind belong to the job).
 * Skipped, with the reason, where that cannot be set up (not root, no setpriv, no Python nobody can
 * run, no unprivileged user namespaces).
 */
import { execa } from 'execa';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { ROOT } from '../helpers/cli.js';

const NOBODY = ['--reuid', '65534', '--regid', '65534', '--clear-groups'];
const asNobody = (cmd: string[], env: Record<string, string>, timeout = 120_000) =>
  execa('setpriv', [...NOBODY, 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...cmd], { reject: false, timeout, cwd: '/' });

interface Setup {
  dir: string;
  cli: string;
  python: string;
  env: Record<string, string>;
}

/** Copies (hard links where it can) what the CLI needs into a folder nobody can read. */
async function setUp(): Promise<Setup | string> {
  if (process.geteuid?.() !== 0) return 'not root: the other tests already run without root';
  if ((await execa('setpriv', ['--version'], { reject: false })).exitCode !== 0) return 'setpriv is not installed';
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-rootless-'));
  await chmod(dir, 0o755);
  const app = join(dir, 'app');
  await mkdir(join(app, 'grader', 'src'), { recursive: true });
  const copy = async (from: string, to: string) => {
    if ((await execa('cp', ['-al', from, to], { reject: false })).exitCode !== 0) await execa('cp', ['-a', from, to]);
  };
  for (const name of ['package.json', 'dist', 'node_modules', 'cases', 'reference']) await copy(join(ROOT, name), join(app, name));
  await copy(join(ROOT, 'grader', 'src', 'python'), join(app, 'grader', 'src', 'python'));
  // numpy, from the Python the other tests use, for an interpreter nobody may run.
  const found = await execa('python3', ['-c', 'import numpy, os, sys; print(os.path.dirname(numpy.__path__[0])); print("%d.%d" % sys.version_info[:2]); print(os.path.realpath(sys.executable))'], { reject: false });
  if (found.exitCode !== 0) return 'python3 has no numpy';
  const [site, version, own] = String(found.stdout).trim().split('\n');
  const packages = join(dir, 'site');
  await mkdir(packages);
  for (const name of ['numpy', 'numpy.libs']) {
    if ((await execa('test', ['-e', join(site!, name)], { reject: false })).exitCode === 0) await copy(join(site!, name), join(packages, name));
  }
  await execa('chmod', ['-R', 'a+rX', dir]);
  // nobody's own HOME, removed with the rest: HOME=/tmp put check's cache in /tmp/.cache/wlgrade,
  // shared with every other run on the machine (and left behind).
  const home = join(dir, 'home');
  await mkdir(home, { mode: 0o700 });
  await chown(home, 65534, 65534);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CACHE_HOME: join(home, '.cache'), NO_COLOR: '1', PYTHONPATH: packages };
  let python = '';
  for (const candidate of [own!, `/usr/bin/python${version}`, `/usr/local/bin/python${version}`]) {
    if ((await asNobody([candidate, '-c', 'import numpy'], env, 30_000)).exitCode === 0) {
      python = candidate;
      break;
    }
  }
  if (!python) return `no Python ${version} that nobody may run imports the copied numpy`;
  const probe = await asNobody(['bwrap', '--unshare-user', '--unshare-pid', '--ro-bind', '/', '/', '--', 'true'], env, 30_000);
  if (probe.exitCode !== 0) return `bwrap cannot start without root here: ${String(probe.stderr).trim()}`;
  return { dir, cli: join(app, 'dist', 'grader', 'src', 'cli.js'), python, env };
}

/** Refuses a write handle on the memory of pid 1 and of its parent, or its freqs cases fail. */
const PROBE_INIT = `
import os
OPENED = []
for pid in (1, os.getppid()):
    try:
        os.close(os.open("/proc/%d/mem" % pid, os.O_RDWR))
        OPENED.append(pid)
    except OSError:
        pass


def compute_class_freqs(labels):
    if OPENED:
        raise RuntimeError("opened the memory of pid %s for writing" % OPENED)
    p = labels.mean(axis=0)
    return p, 1 - p
`;

/** Sends SIGINT to its own process group, which holds the guard (the sandbox's init) too. */
const INTERRUPT_GROUP = `
import os, signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)  # not this process: the others of its group
os.kill(0, signal.SIGINT)
time.sleep(1)
signal.signal(signal.SIGINT, signal.default_int_handler)


def compute_class_freqs(labels):
    p = labels.mean(axis=0)
    return p, 1 - p
`;

/** Renames the folder that holds the PYTHONPATH bind, plants a module at the bind's path and hides the real bind inside it. */
const RENAME_HOLDER = (packages: string) => `
import os
SITE = ${JSON.stringify(packages)}
try:
    os.rename(os.path.dirname(SITE), "/tmp/.moved")
    os.makedirs(SITE)
    with open(os.path.join(SITE, "wl_planted.py"), "w") as fh:
        fh.write("X = 1\\n")
    os.rename("/tmp/.moved", os.path.join(SITE, ".old"))
except OSError:
    pass


def compute_class_freqs(labels):
    return None
`;

/** Leaves extended attributes, an ACL and times on the folders the pool server keeps, for the next job to read. */
const LEAVE_XATTRS = `
import os, struct
# The only uid mapped in the sandbox's user namespace is the job's own: the named entry is that.
ACL = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in
    [(1, 7, 0xFFFFFFFF), (2, 5, 65534), (4, 5, 0xFFFFFFFF), (0x10, 5, 0xFFFFFFFF), (0x20, 5, 0xFFFFFFFF)])
for folder in ("/tmp", "/dev/shm", os.path.expanduser("~")):
    for name, value in (("user.wl", b"the answer is 42"), ("system.posix_acl_default", ACL)):
        try:
            os.setxattr(folder, name, value)
        except OSError:
            pass
    try:
        os.utime(folder, ns=(42 * 10**9, 42 * 10**9))
    except OSError:
        pass


def compute_class_freqs(labels):
    return None
`;

/** Replaces HOME with a dangling symlink: the next job's server could not prepare its folder. */
const SWAP_HOME = `
import os
home = os.path.expanduser("~")
try:
    os.chdir("/")
    os.rename(home, "/tmp/.old-home")
    os.symlink("/nonexistent/home", home)
except OSError:
    pass


def compute_class_freqs(labels):
    return None
`;

/** A later learner: fails if it can import what the one before planted. */
const VICTIM = `
try:
    import wl_planted
    PLANTED = True
except ImportError:
    PLANTED = False


import os
LEFT = []
for folder in ("/tmp", "/dev/shm", os.path.expanduser("~")):
    try:
        LEFT += [(folder, n) for n in os.listxattr(folder) if n.startswith(("user.", "system.posix_acl_"))]
        if os.stat(folder).st_mtime_ns == 42 * 10**9:
            LEFT.append((folder, "mtime 42"))
    except OSError:
        pass


def compute_class_freqs(labels):
    if PLANTED:
        raise RuntimeError("imported a module planted by an earlier job")
    if LEFT:
        raise RuntimeError("found what an earlier job left: %s" % LEFT)
    p = labels.mean(axis=0)
    return p, 1 - p
`;

let setup: Setup | string = 'not set up';
beforeAll(async () => {
  setup = await setUp();
  if (typeof setup === 'string') console.warn(`rootless: skipping (${setup})`);
}, 180_000);
afterAll(async () => {
  if (typeof setup !== 'string') await rm(setup.dir, { recursive: true, force: true });
});

/** Every compute_class_freqs case of the report passed (and there are some); `who` names it in a failure. */
function freqsAllPassed(report: unknown, who = ''): void {
  const cases = GradeReportSchema.parse(report).cases.filter((c) => c.function === 'compute_class_freqs');
  expect(cases.length).toBeGreaterThan(0);
  for (const c of cases) expect(c.status, `${who}${c.id}: ${c.message}`).toBe('passed');
}

/** `wlgrade check --json` as nobody on `source`, written to a file of the setup's folder. */
async function checkAsNobody(s: Setup, name: string, source: string): Promise<unknown> {
  const file = join(s.dir, name);
  await writeFile(file, source);
  await chmod(file, 0o644);
  const r = await asNobody(['node', s.cli, 'check', '--json', '--python', s.python, file], s.env);
  return JSON.parse(String(r.stdout));
}

describe('without root (rootless bwrap, as nobody)', () => {
  it('check: learner code cannot write the memory of the sandbox\'s init or of its parent (neither has a syscall filter)', async (ctx) => {
    if (typeof setup === 'string') return ctx.skip();
    freqsAllPassed(await checkAsNobody(setup, 'probe_init.py', PROBE_INIT));
    // check cached the suite in nobody's HOME of this setup, not in a folder other runs share.
    expect(await readdir(join(setup.dir, 'home', '.cache', 'wlgrade'))).not.toEqual([]);
  });

  it('check: a SIGINT to the run\'s own process group does not end the guard (the sandbox\'s init)', async (ctx) => {
    if (typeof setup === 'string') return ctx.skip();
    freqsAllPassed(await checkAsNobody(setup, 'interrupt.py', INTERRUPT_GROUP));
  });

  it("check: the guard's status pipe, which learner code sharing its uid cannot reach, says how Python ended: os._exit(137) in a default argument is the file's exit (a 0), a status forged at /proc/<ppid>/fd/4 before a SIGKILL is not read", async (ctx) => {
    // Rows 29: the pipe was tested as root only, where the learner has a uid of its own; here only the
    // guard's being non-dumpable keeps learner code out of its descriptors.
    if (typeof setup === 'string') return ctx.skip();
    const fixture = (name: string) => readFile(join(ROOT, 'grader', 'test', 'adversarial', 'fixtures', name), 'utf8');
    const exited = GradeReportSchema.parse(await checkAsNobody(setup, 'exit_137.py', (await fixture('exit-signal-code.py')).replaceAll('{{CODE}}', '137')));
    expect([exited.problems.map((p) => p.code), exited.score]).toEqual([['DEFINITIONS_ENDED'], 0]);
    expect(exited.problems[0]!.message).toContain('ended the Python process (exit code 137)');
    const forged = GradeReportSchema.parse(await checkAsNobody(setup, 'forge_status.py', await fixture('forge-exit-status.py')));
    expect(forged.output.stdout).toContain('WROTE []');
    expect(forged.problems[0]!.message).toContain('killed by signal SIGKILL');
    expect(forged.problems[0]!.message).not.toContain('exit code 3');
  });

  it("process mode: a call that locks folders of its run (chmod 0 under HOME, on the copy's folder and on HOME's parent) and ends its process does not stop the next attempt's empty HOME (check: a bug, exit 3; grade --no-pool: a blank row), and no temp folder is left", async (ctx) => {
    if (typeof setup === 'string') return ctx.skip();
    const tmp = join(setup.dir, 'tmp-process');
    await mkdir(tmp, { mode: 0o777 });
    await chmod(tmp, 0o777);
    const env = { ...setup.env, TMPDIR: tmp, WLGRADE_NO_CACHE: '1' };
    const source = await readFile(join(ROOT, 'grader', 'test', 'adversarial', 'fixtures', 'lock-home.py'), 'utf8');
    const file = join(setup.dir, 'lock_home.py');
    await writeFile(file, source);
    await chmod(file, 0o644);
    /** Each freqs case ran in an attempt of its own and ended it; the loss cases passed. */
    const ranEveryAttempt = (report: unknown) => {
      const r = GradeReportSchema.parse(report);
      const freqs = r.cases.filter((c) => c.function === 'compute_class_freqs');
      expect(freqs.length).toBeGreaterThan(1);
      for (const c of freqs) expect(c.message, c.id).toMatch(/^The Python process ended during this case \(exit code 1\)/);
      expect(r.cases.filter((c) => c.function !== 'compute_class_freqs').every((c) => c.status === 'passed')).toBe(true);
    };
    const checked = await asNobody(['node', setup.cli, 'check', '--json', '--sandbox', 'process', '--python', setup.python, file], env);
    expect(checked.exitCode, String(checked.stderr)).toBe(1);
    ranEveryAttempt(JSON.parse(String(checked.stdout)));
    expect(await readdir(tmp)).toEqual([]);
    const batch = join(setup.dir, 'batch-process');
    const out = join(setup.dir, 'out-process');
    await mkdir(batch);
    await writeFile(join(batch, 'lock_home.py'), source);
    await execa('chmod', ['-R', 'a+rwX', batch]);
    await mkdir(out, { mode: 0o777 });
    await chmod(out, 0o777);
    const graded = await asNobody(['node', setup.cli, 'grade', batch, '--out', out, '--jobs', '1', '--no-pool', '--sandbox', 'process', '--python', setup.python], env);
    expect(graded.exitCode, String(graded.stderr)).not.toBe(2);
    ranEveryAttempt(JSON.parse(await readFile(join(out, 'results', 'lock_home.json'), 'utf8')));
    expect(await readdir(tmp)).toEqual([]);
  });

  it('grade on the warm pool: the same; a job that swaps the folder holding a bind for its own cannot plant modules for the next, nor leave extended attributes, ACLs, times or a symlinked HOME', async (ctx) => {
    if (typeof setup === 'string') return ctx.skip();
    const batch = join(setup.dir, 'batch');
    const out = join(setup.dir, 'out');
    await mkdir(batch);
    await writeFile(join(batch, 'a_rename.py'), RENAME_HOLDER(setup.env.PYTHONPATH!));
    await writeFile(join(batch, 'b_probe.py'), PROBE_INIT);
    await writeFile(join(batch, 'c_victim.py'), VICTIM);
    await writeFile(join(batch, 'd_xattrs.py'), LEAVE_XATTRS);
    await writeFile(join(batch, 'e_victim.py'), VICTIM);
    await writeFile(join(batch, 'f_home.py'), SWAP_HOME);
    await writeFile(join(batch, 'g_victim.py'), VICTIM);
    await execa('chmod', ['-R', 'a+rwX', batch]);
    await mkdir(out, { mode: 0o777 });
    await chmod(out, 0o777);
    const r = await asNobody(['node', setup.cli, 'grade', batch, '--out', out, '--jobs', '1', '--python', setup.python], setup.env);
    expect(r.exitCode, String(r.stderr)).not.toBe(2);
    for (const learner of ['c_victim', 'e_victim', 'g_victim', 'b_probe']) {
      freqsAllPassed(JSON.parse(await readFile(join(out, 'results', `${learner}.json`), 'utf8')), `${learner} `);
    }
  });
});
