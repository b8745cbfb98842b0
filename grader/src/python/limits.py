"""wlgrade limits: fences the runner process before any learner code runs.

Called by runner.py right after it reads the plan. Applies the plan's resource limits with
setrlimit (they are inherited by everything the learner starts) and, when the runner starts as
root inside bwrap, switches to an unprivileged uid picked for this run. Soft and hard limits are
set together (hard = soft, CPU aside) so learner code cannot raise them again.

What each limit does when it trips (the grader classifies the outcome):
  RLIMIT_CPU    SIGXCPU at the soft limit, SIGKILL one second later.
  RLIMIT_AS     allocations fail: numpy and Python raise MemoryError (graded as an error).
  RLIMIT_NPROC  fork/clone fail with EAGAIN (BlockingIOError). The kernel counts every process of
                the uid, and does not enforce it at all for root (uid 0): see docs/sandbox.md.
  RLIMIT_FSIZE  SIGXFSZ, which Python ignores, so the write raises OSError(EFBIG) instead.
  RLIMIT_NOFILE open() fails with EMFILE (OSError).
"""
import os
import sys

try:
    import resource
except ImportError:  # Windows: no rlimits; the grader's wall-time limits and process kill remain
    resource = None

MIB = 1024 * 1024


def _set(which, soft, hard=None):
    hard = soft if hard is None else hard
    cur_soft, cur_hard = resource.getrlimit(which)
    if cur_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, cur_hard), min(hard, cur_hard)
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        # On Linux every limit must hold: grading does not go on unfenced. macOS refuses some
        # (RLIMIT_AS notably); there the limits it accepts apply, as docs/sandbox.md says.
        if sys.platform.startswith("linux"):
            raise


def _processes_of(uid):
    """Processes (not threads) this uid has now, as /proc shows them."""
    n = 0
    try:
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    if os.stat("/proc/" + name).st_uid == uid:
                        n += 1
                except OSError:
                    pass
    except OSError:
        pass
    return n


def apply(spec):
    """Applies the plan's `limits`. On Linux, raises if a limit cannot be set: grading must not go on unfenced."""
    if not spec or resource is None:
        return
    _set(resource.RLIMIT_CPU, spec["cpuSeconds"], spec["cpuSeconds"] + 1)
    _set(resource.RLIMIT_AS, spec["memoryMb"] * MIB)
    _set(resource.RLIMIT_FSIZE, spec["fileSizeMb"] * MIB)
    _set(resource.RLIMIT_NOFILE, spec["openFiles"])
    _set(resource.RLIMIT_CORE, 0)
    uid = spec.get("uid")
    nproc = spec["processes"]
    if spec.get("countExisting"):
        nproc += _processes_of(os.getuid())
    _set(resource.RLIMIT_NPROC, nproc)
    if uid is not None and os.geteuid() == 0:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        if os.geteuid() == 0 or os.getuid() == 0:
            raise RuntimeError("could not drop root")
        fresh_keyrings()
        home = os.environ.get("HOME")
        if home:
            os.makedirs(home, exist_ok=True)
            os.chdir(home)


# keyctl(2): its syscall number per architecture, and the operations used.
_KEYCTL = {"x86_64": 250, "aarch64": 219, "i686": 288, "i386": 288, "armv7l": 311, "ppc64le": 311, "s390x": 280, "riscv64": 219}
_KEYCTL_GET_KEYRING_ID, _KEYCTL_JOIN_SESSION_KEYRING, _KEYCTL_CLEAR, _KEYCTL_READ, _KEYCTL_INVALIDATE = 0, 1, 7, 11, 21
_KEY_SPEC_USER_KEYRING, _KEY_SPEC_USER_SESSION_KEYRING = -4, -5


def _keyctl():
    """keyctl(op, *args) through libc's syscall(); None without keyrings, ctypes or a known
    syscall number for this machine."""
    if not os.path.exists("/proc/keys"):
        return None
    try:
        import ctypes
        import platform

        nr = _KEYCTL.get(platform.machine())
        if nr is None:
            return None
        libc = ctypes.CDLL(None, use_errno=True)
    except Exception:
        return None
    return lambda op, *args: libc.syscall(nr, op, *(ctypes.c_long(a) if isinstance(a, int) else a for a in args))


def fresh_keyrings():
    """Kernel keyrings belong to no namespace: what a submission adds to its uid's user keyring
    stays in the kernel after it ends, and a later submission given the same uid would read it;
    the session keyring is the grader's own, inherited. So, once switched to the run's uid and
    before any learner code: a new anonymous session keyring. Only after a uid switch: in
    process mode it would be the grader user's own session.
    The uid's own keyrings are not touched here: looking one up creates it, for good, and every
    run has a uid of its own; what a job leaves in them is removed after it
    (pool_server.Server.clear_keys)."""
    keyctl = _keyctl()
    if keyctl is not None:
        try:
            keyctl(_KEYCTL_JOIN_SESSION_KEYRING, None)
        except Exception:
            pass


def clear_user_keyrings():
    """Invalidates what the calling uid's user and user-session keyrings hold (an unlinked key
    lives on, readable by its id, until the kernel collects it) and empties them. Looking a
    keyring up creates it: callers check first that the uid owns keys (/proc/key-users)."""
    keyctl = _keyctl()
    if keyctl is None:
        return
    import array
    import ctypes

    try:
        for spec in (_KEY_SPEC_USER_KEYRING, _KEY_SPEC_USER_SESSION_KEYRING):
            ring = keyctl(_KEYCTL_GET_KEYRING_ID, spec, 0)
            if ring < 0:
                continue
            buf = ctypes.create_string_buffer(1 << 16)
            n = keyctl(_KEYCTL_READ, ring, buf, len(buf))
            if n > 0:
                for key in array.array("i", buf.raw[:min(n, len(buf)) // 4 * 4]):
                    keyctl(_KEYCTL_INVALIDATE, key)
            keyctl(_KEYCTL_CLEAR, ring)
    except Exception:
        pass


def guard():
    """Forks once: the parent only waits and passes on how the child ended; the child returns and
    runs the grading. Learner code then sees the guard as its parent, so os.kill(os.getppid(), 9)
    ends this run (the grader sees a crash) instead of killing the grader in process mode."""
    if not hasattr(os, "fork"):  # Windows: no guard
        return
    pid = os.fork()
    if pid == 0:
        return
    for fd in (0, 3):
        try:
            os.close(fd)
        except OSError:
            pass
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(70)
    if os.WIFSIGNALED(status):
        import signal

        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)
