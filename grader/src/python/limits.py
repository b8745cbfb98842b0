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
    """Applies the plan's `limits`, then the syscall filter (fence_syscalls). On Linux, raises if
    a limit or the filter cannot be set: grading must not go on unfenced."""
    if spec and resource is not None:
        _limit(spec)
    fence_syscalls()


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


# The calls the syscall filter refuses, per machine (names as platform.machine() gives them):
# the seccomp audit value of the architecture; where clone's flags are in seccomp_data (the low
# word of its flags argument); clone and clone3; and the calls failed with EPERM whatever their
# arguments: the kernel's key calls (add_key, request_key, keyctl), new or joined namespaces
# (unshare, setns), io_uring (io_uring_setup, _enter, _register: its requests pass no filter), and
# reading or steering another process (ptrace, process_vm_readv, process_vm_writev).
_SYSCALLS = {
    "x86_64": (0xC000003E, 16, 56, 435, (248, 249, 250, 272, 308, 425, 426, 427, 101, 310, 311)),
    "aarch64": (0xC00000B7, 16, 220, 435, (217, 218, 219, 97, 268, 425, 426, 427, 117, 270, 271)),
    "riscv64": (0xC00000F3, 16, 220, 435, (217, 218, 219, 97, 268, 425, 426, 427, 117, 270, 271)),
    "ppc64le": (0xC0000015, 16, 120, 435, (269, 270, 271, 282, 350, 425, 426, 427, 26, 351, 352)),
    # s390x: clone(stack, flags, ...), and big-endian: the low word of the second argument.
    "s390x": (0x80000016, 28, 120, 435, (278, 279, 280, 303, 339, 425, 426, 427, 26, 340, 341)),
    "armv7l": (0x40000028, 16, 120, 435, (309, 310, 311, 337, 375, 425, 426, 427, 26, 376, 377)),
    "armv6l": (0x40000028, 16, 120, 435, (309, 310, 311, 337, 375, 425, 426, 427, 26, 376, 377)),
    "i686": (0x40000003, 16, 120, 435, (286, 287, 288, 310, 346, 425, 426, 427, 26, 347, 348)),
    "i586": (0x40000003, 16, 120, 435, (286, 287, 288, 310, 346, 425, 426, 427, 26, 347, 348)),
    "i386": (0x40000003, 16, 120, 435, (286, 287, 288, 310, 346, 425, 426, 427, 26, 347, 348)),
}
_X32_BIT = 0x40000000  # x86_64's x32 calls: the same numbers with this bit set
# clone flags refused: CLONE_PARENT (the new process would be a sibling of the runner, outside
# what the pool server sweeps) and every new namespace (NEWNS, NEWCGROUP, NEWUTS, NEWIPC,
# NEWUSER, NEWPID, NEWNET). Threads and fork set none of them.
_CLONE_REFUSED = 0x8000 | 0x20000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
_EPERM, _ENOSYS = 1, 38
_KEYCTL_JOIN_SESSION_KEYRING = 1
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


def syscall_filter(machine):
    """The seccomp program (classic BPF, as bytes) for this machine, or None for one missing from
    the table. clone3 fails with ENOSYS, so the C library falls back to clone, whose flags the
    filter can read (clone3's are behind a pointer); every call made through another
    architecture's entry (32-bit int 0x80 or x32 on x86_64, 32-bit compat on arm64) fails too."""
    import struct

    if machine not in _SYSCALLS:
        return None
    arch, flags_at, clone, clone3, refused = _SYSCALLS[machine]
    ld_w, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    # (code, jump if true, jump if false, k): a jump names a label, resolved below; None goes on.
    prog = [(ld_w, None, None, 4), (jeq, None, "eperm", arch), (ld_w, None, None, 0)]
    if machine == "x86_64":
        prog.append((jge, "eperm", None, _X32_BIT))
    prog += [(jeq, "eperm", None, n) for n in refused]
    prog += [(jeq, "enosys", None, clone3), (jeq, None, "allow", clone),
             (ld_w, None, None, flags_at), (jset, "eperm", "allow", _CLONE_REFUSED)]
    labels = {"allow": len(prog), "eperm": len(prog) + 1, "enosys": len(prog) + 2}
    prog += [(ret, None, None, 0x7FFF0000), (ret, None, None, 0x00050000 | _EPERM), (ret, None, None, 0x00050000 | _ENOSYS)]
    offset = lambda to, at: 0 if to is None else labels[to] - at - 1
    return b"".join(struct.pack("=HBBI", code, offset(jt, i), offset(jf, i), k) for i, (code, jt, jf, k) in enumerate(prog))


def fence_syscalls():
    """Installs the syscall filter (syscall_filter) before any learner code, in every mode.
    Kernel keyrings belong to no namespace: a key a submission adds to its uid's keyrings stays
    in the kernel after it ends, where a later submission given the same uid (or, in process
    mode, any process of the grader's user) would read it. A process made with CLONE_PARENT is
    the child of the runner's parent, not of the runner: in the warm pool, of the zygote, where
    the server's sweep did not look for it, and it read later learners' submissions. New
    namespaces and io_uring only widen what a submission can reach of the kernel, and ptrace
    would let it steer another process of its uid. Docker's default profile refuses the same.
    no_new_privs comes with the filter, as the kernel requires: nothing the learner runs gains
    privileges by exec. The run first joins a new session keyring of its own, so the grader's is
    not even named in /proc/keys. Raises on Linux when the filter cannot be installed: grading
    does not go on unfenced."""
    if not sys.platform.startswith("linux"):
        return
    import platform

    program = syscall_filter(platform.machine())
    if program is None:
        raise RuntimeError("wlgrade has no syscall filter for this machine (%s)" % platform.machine())
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    keyctl = _SYSCALLS[platform.machine()][4][2]
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
