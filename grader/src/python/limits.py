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
    """Applies the plan's `limits`, then the syscall filter (fence_key_calls). On Linux, raises if
    a limit or the filter cannot be set: grading must not go on unfenced."""
    if spec and resource is not None:
        _limit(spec)
    fence_key_calls()


def _limit(spec):
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
        home = os.environ.get("HOME")
        if home:
            os.makedirs(home, exist_ok=True)
            os.chdir(home)


# The kernel's key management calls (add_key, request_key, keyctl) per architecture, and the
# seccomp audit value of that architecture. Names as platform.machine() gives them.
_KEY_SYSCALLS = {
    "x86_64": (0xC000003E, (248, 249, 250)),
    "aarch64": (0xC00000B7, (217, 218, 219)),
    "riscv64": (0xC00000F3, (217, 218, 219)),
    "ppc64le": (0xC0000015, (269, 270, 271)),
    "s390x": (0x80000016, (278, 279, 280)),
    "armv7l": (0x40000028, (309, 310, 311)),
    "armv6l": (0x40000028, (309, 310, 311)),
    "i686": (0x40000003, (286, 287, 288)),
    "i586": (0x40000003, (286, 287, 288)),
    "i386": (0x40000003, (286, 287, 288)),
}
_X32_BIT = 0x40000000  # x86_64's x32 calls: the same numbers with this bit set
_KEYCTL_JOIN_SESSION_KEYRING = 1
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


def key_filter(machine):
    """The seccomp program (classic BPF, as bytes) that fails the key management calls with
    EPERM, and every call made through another architecture's entry (32-bit int 0x80 or x32 on
    x86_64, 32-bit compat on arm64) the same way. None for a machine missing from the table."""
    import struct

    if machine not in _KEY_SYSCALLS:
        return None
    arch, numbers = _KEY_SYSCALLS[machine]
    ld_w, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
    tests = ([(jge, _X32_BIT)] if machine == "x86_64" else []) + [(jeq, n) for n in numbers]
    prog = [(ld_w, 0, 0, 4), None, (ld_w, 0, 0, 0)]  # arch (offset 4), then the call's number
    for op, k in tests:
        prog.append((op, len(tests) - len(prog) + 3, 0, k))  # jump to `deny` when it matches
    prog += [(ret, 0, 0, allow), (ret, 0, 0, deny)]
    prog[1] = (jeq, 0, len(prog) - 3, arch)  # another architecture: straight to `deny`
    return b"".join(struct.pack("=HBBI", *i) for i in prog)


def fence_key_calls():
    """Kernel keyrings belong to no namespace: a key a submission adds to its uid's keyrings
    stays in the kernel after it ends, where a later submission given the same uid (or, in
    process mode, any process of the grader's user) would read it; and the inherited session
    keyring is the grader's own. So no learner code may use keys at all: a seccomp filter fails
    the three key calls with EPERM (Docker's default profile blocks them too). no_new_privs
    comes with it, as the kernel requires: nothing the learner runs gains privileges by exec.
    The run first joins a new session keyring of its own, so the grader's is not even named
    in /proc/keys. Raises on Linux when the filter cannot be
    installed: grading does not go on unfenced."""
    if not sys.platform.startswith("linux"):
        return
    import platform

    program = key_filter(platform.machine())
    if program is None:
        raise RuntimeError("wlgrade has no syscall filter for this machine (%s)" % platform.machine())
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    keyctl = _KEY_SYSCALLS[platform.machine()][1][2]
    libc.syscall(keyctl, _KEYCTL_JOIN_SESSION_KEYRING, None)  # fails harmlessly without keyrings

    class Filter(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    prog = Filter(len(program) // 8, program)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.prctl(
        _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0
    ) != 0:
        raise OSError(ctypes.get_errno(), "could not install the syscall filter: " + os.strerror(ctypes.get_errno()))


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
