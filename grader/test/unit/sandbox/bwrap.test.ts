import { describe, expect, it } from 'vitest';
import { bwrapArgs, type BwrapOptions } from '../../../src/sandbox/bwrap.js';
import { describeExit, exitFromStatus } from '../../../src/sandbox/launch.js';

const makeOptions = (o: Partial<BwrapOptions> = {}): BwrapOptions => ({
  python: { executable: '/opt/py/bin/python3', prefix: '/opt/py', basePrefix: '/opt/py', execPrefix: '/opt/py', paths: ['/opt/py/lib/python3.11', '/usr/lib/python3/dist-packages'] },
  runnerDir: '/srv/wlgrade/grader/src/python',
  submissions: ['/tmp/wlgrade-x/sub/hw.py'],
  hide: ['/srv/wlgrade'],
  env: { PATH: '/usr/bin', HOME: '/tmp/home' },
  tmpMb: 64,
  rootless: false,
  asPid1: true,
  command: ['/opt/py/bin/python3', '-B', '/wlgrade/python/runner.py'],
  ...o,
});

const pairs = (a: string[], flag: string) => a.flatMap((x, i) => (x === flag ? [`${a[i + 1]} ${a[i + 2]}`] : []));

describe('bwrapArgs', () => {
  it('fences network, pids and the session, clears the env and ends with the command', () => {
    const a = bwrapArgs(makeOptions());
    for (const f of ['--unshare-net', '--unshare-pid', '--die-with-parent', '--new-session', '--clearenv']) expect(a).toContain(f);
    expect(a.slice(a.indexOf('--') + 1)).toEqual(['/opt/py/bin/python3', '-B', '/wlgrade/python/runner.py']);
    expect(pairs(a, '--setenv')).toEqual(['PATH /usr/bin', 'HOME /tmp/home']);
  });

  it("keeps only PATH's entries the sandbox shows: the host's other folders are not told to learner code (red team 34)", () => {
    const env = { PATH: '/root/.cargo/bin:/opt/py/bin:/usr/local/bin:/srv/wlgrade/node_modules/.bin:bin::/usr/bin:/usr/bin/:/tmp/x/bin', HOME: '/tmp/home' };
    expect(pairs(bwrapArgs(makeOptions({ env })), '--setenv')).toEqual(['PATH /opt/py/bin:/usr/local/bin:/usr/bin', 'HOME /tmp/home']);
    expect(pairs(bwrapArgs(makeOptions({ env: { PATH: '/root/bin:/home/ta/.local/bin' } })), '--setenv')).toEqual(['PATH /usr/bin:/bin']);
  });

  it.each([true, false])('--as-pid-1 only where the probe found it (%s): without root, bwrap\'s own init would be the learner\'s to write', (asPid1) => {
    expect(bwrapArgs(makeOptions({ asPid1 })).includes('--as-pid-1')).toBe(asPid1);
  });

  it.each([true, false])('makes the root and /dev read-only after every mount (rootless: %s): only /tmp and a capped /dev/shm are writable', (rootless) => {
    const a = bwrapArgs(makeOptions({ rootless }));
    const end = a.indexOf('--clearenv');
    expect(a.slice(end - 4, end)).toEqual(['--remount-ro', '/dev', '--remount-ro', '/']);
    // Nothing is mounted after the remounts.
    const mountFlags = new Set(['--ro-bind-try', '--bind', '--tmpfs', '--dir', '--dev', '--proc', '--mqueue', '--symlink']);
    expect(a.slice(end - 4).some((x) => mountFlags.has(x))).toBe(false);
    const tmpfs = a.flatMap((x, i) => (x === '--tmpfs' ? [`${a[i - 1]} ${a[i + 1]}`] : []));
    expect(tmpfs).toContain(`${64 * 1024 * 1024} /dev/shm`);
    expect(tmpfs).toContain(`${64 * 1024 * 1024} /tmp`);
    expect(a.indexOf('/dev/shm')).toBeGreaterThan(a.indexOf('--dev'));
    // The namespaces' own sysctls (pid_max of the PID namespace) are not the learner's to change.
    expect(pairs(a, '--ro-bind')).toContain('/proc/sys /proc/sys');
    expect(a.indexOf('/proc/sys')).toBeGreaterThan(a.indexOf('--proc'));
  });

  it('masks a hidden folder under a broad bind with a tiny tmpfs, read-only like the root', () => {
    const a = bwrapArgs(makeOptions({ rootless: true, hide: ['/usr/share'] }));
    const at = a.findIndex((x, i) => x === '--tmpfs' && a[i + 1] === '/usr/share');
    expect(at).toBeGreaterThan(0);
    expect(a.slice(at - 2, at)).toEqual(['--size', '4096']);
    expect(pairs(a, '--remount-ro').length).toBeGreaterThan(0);
    expect(a.indexOf('/usr/share', at + 2)).toBeGreaterThan(at);
    expect(a[a.indexOf('/usr/share', at + 2) - 1]).toBe('--remount-ro');
  });

  it('binds the runner and the submission at fixed paths, the python once, nothing of the grader', () => {
    const binds = pairs(bwrapArgs(makeOptions()), '--ro-bind-try');
    expect(binds).toContain('/srv/wlgrade/grader/src/python /wlgrade/python');
    expect(binds).toContain('/tmp/wlgrade-x/sub/hw.py /submission/hw.py');
    expect(binds).toContain('/opt/py /opt/py');
    expect(binds).not.toContain('/opt/py/lib/python3.11 /opt/py/lib/python3.11'); // under /opt/py
    expect(binds.filter((b) => b.startsWith('/srv/wlgrade ') || b.startsWith('/tmp/wlgrade-x '))).toEqual([]);
  });

  it('binds no Python path entry that holds a hidden folder (PYTHONPATH=. in the course folder), but one inside it', () => {
    const python = { ...makeOptions().python, paths: ['/opt/py/lib/python3.11', '/home/ta/course', '/home/ta/course/venv/lib/python3.11/site-packages', '/home'] };
    const binds = pairs(bwrapArgs(makeOptions({ python, hide: ['/srv/wlgrade', '/home/ta/course'] })), '--ro-bind-try');
    expect(binds.filter((b) => b.startsWith('/home/ta/course ') || b.startsWith('/home '))).toEqual([]);
    expect(binds).toContain('/home/ta/course/venv/lib/python3.11/site-packages /home/ta/course/venv/lib/python3.11/site-packages');
  });

  it('mounts the IPC namespace\'s message queues, so that a pool server can remove a job\'s', () => {
    const a = bwrapArgs(makeOptions());
    expect(a.indexOf('--mqueue')).toBeGreaterThan(a.indexOf('--dev')); // inside the new /dev
    expect(a[a.indexOf('--mqueue') + 1]).toBe('/dev/mqueue');
  });

  it('as root: drops capabilities but the uid switch; rootless: a user namespace as nobody', () => {
    expect(bwrapArgs(makeOptions()).slice(0, 6)).toEqual(['--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID']);
    expect(bwrapArgs(makeOptions({ rootless: true })).slice(0, 5)).toEqual(['--unshare-user', '--uid', '65534', '--gid', '65534']);
  });
});

describe('describeExit', () => {
  it.each([
    [0, null, false, { detail: 'exit code 0', cause: 'exit' }],
    [null, 'SIGXCPU', false, { detail: 'killed by signal SIGXCPU', cause: 'cpu' }],
    [137, null, true, { detail: 'killed by signal SIGKILL', cause: 'killed' }],
    [152, null, true, { detail: 'killed by signal SIGXCPU', cause: 'cpu' }],
    [153, null, true, { detail: 'killed by signal SIGXFSZ', cause: 'file-size' }],
    [137, null, false, { detail: 'exit code 137', cause: 'exit' }],
    [130, null, true, { detail: 'killed by signal SIGINT', cause: 'signal' }],
    [158, null, true, { detail: 'killed by signal 30', cause: 'signal' }],
  ] as const)('code %s signal %s wrapped %s', (code, signal, wrapped, want) => {
    expect(describeExit(code, signal, wrapped)).toEqual(want);
  });
});

describe('exitFromStatus (the runner guard\'s word on its status pipe, behind bwrap)', () => {
  it.each([
    ['exit 137\n', { detail: 'exit code 137', cause: 'exit' }],
    ['exit 0\n', { detail: 'exit code 0', cause: 'exit' }],
    ['signal 9\n', { detail: 'killed by signal SIGKILL', cause: 'killed' }],
    ['signal 24\n', { detail: 'killed by signal SIGXCPU', cause: 'cpu' }],
    ['signal 30\n', { detail: 'killed by signal 30', cause: 'signal' }],
    // Nothing, or anything else (the guard killed before it wrote): the exit code's guess stands.
    ['', undefined],
    ['exit 256\n', undefined],
    ['signal 0\n', undefined],
    ['exit 1', undefined],
    ['exit 1\nexit 2\n', undefined],
  ] as const)('%j', (text, want) => {
    expect(exitFromStatus(text)).toEqual(want);
  });
});
