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
  RLIMIT_RTPRIO, RLIMIT_NICE  0: no real-time scheduling and no priority above the default, whatever
                the grader's user may have (see _limit).
  RLIMIT_MEMLOCK 0: mlock/mlockall/mmap(MAP_LOCKED)/SHM_LOCK fail (EPERM/EAGAIN/ENOMEM), so no run
                pins memory the machine then cannot page out (see _limit).
"""
import os
import struct
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
    # The grader's user may be allowed real-time scheduling or a raised priority (an audio group's
    # limits.conf: rtprio 95, nice -19), which every run inherited: a job could make itself
    # SCHED_FIFO, or raise its autogroup's priority, and take the CPU from the learners graded
    # beside it, whose calls then ran out of time (red team 33). The syscall filter only keeps
    # such calls off the run's ancestors. 0: nothing above the default, for the run and all it starts.
    # Linux's limits (macOS has neither): lowering a limit is always allowed.
    # RLIMIT_MEMLOCK likewise (red team 34): a user given `memlock unlimited` (RDMA, audio, a
    # container's default) let every process of a run pin its whole address space (mlockall),
    # memory the machine could no longer page out under the other learners' runs. Nothing the
    # assignment needs locks memory; 0 refuses mlock, mlockall, MAP_LOCKED and SHM_LOCK.
    for which in ("RLIMIT_RTPRIO", "RLIMIT_NICE", "RLIMIT_MEMLOCK"):
        if hasattr(resource, which):
            _set(getattr(resource, which), 0)
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
# (unshare, setns), io_uring (io_uring_setup, _enter, _register: its requests pass no filter),
# reading or steering another process (ptrace, process_vm_readv, process_vm_writev),
# pidfd_send_signal (its target is behind a descriptor, which a /proc/<pid> folder also is),
# setsid: every process of a run stays in the run's one session, so the scheduler's autogroup
# shares the CPU per run (60 processes in 60 sessions of their own took most of the CPU and other
# learners' cold TensorFlow imports timed out); and, as Docker's default profile refuses them, bpf,
# perf_event_open, userfaultfd and fanotify_init (kernel attack surface no grading needs; perf
# events also read other processes' timings). keyctl stays third: fence_syscalls reads it there.
_SYSCALLS = {
    "x86_64": (0xC000003E, 16, 56, 435, (248, 249, 250, 272, 308, 425, 426, 427, 101, 310, 311, 424, 112, 321, 298, 323, 300)),
    "aarch64": (0xC00000B7, 16, 220, 435, (217, 218, 219, 97, 268, 425, 426, 427, 117, 270, 271, 424, 157, 280, 241, 282, 262)),
    "riscv64": (0xC00000F3, 16, 220, 435, (217, 218, 219, 97, 268, 425, 426, 427, 117, 270, 271, 424, 157, 280, 241, 282, 262)),
    "ppc64le": (0xC0000015, 16, 120, 435, (269, 270, 271, 282, 350, 425, 426, 427, 26, 351, 352, 424, 66, 361, 319, 364, 323)),
    # s390x: clone(stack, flags, ...), and big-endian: the low word of the second argument.
    "s390x": (0x80000016, 28, 120, 435, (278, 279, 280, 303, 339, 425, 426, 427, 26, 340, 341, 424, 66, 351, 331, 355, 332)),
    "armv7l": (0x40000028, 16, 120, 435, (309, 310, 311, 337, 375, 425, 426, 427, 26, 376, 377, 424, 66, 386, 364, 388, 367)),
    "armv6l": (0x40000028, 16, 120, 435, (309, 310, 311, 337, 375, 425, 426, 427, 26, 376, 377, 424, 66, 386, 364, 388, 367)),
    "i686": (0x40000003, 16, 120, 435, (286, 287, 288, 310, 346, 425, 426, 427, 26, 347, 348, 424, 66, 357, 336, 374, 338)),
    "i586": (0x40000003, 16, 120, 435, (286, 287, 288, 310, 346, 425, 426, 427, 26, 347, 348, 424, 66, 357, 336, 374, 338)),
    "i386": (0x40000003, 16, 120, 435, (286, 287, 288, 310, 346, 425, 426, 427, 26, 347, 348, 424, 66, 357, 336, 374, 338)),
}
# The calls that act on another process named by its pid in their first argument (kill, tkill,
# tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_open, prlimit64, sched_setaffinity,
# sched_setscheduler, sched_setparam, sched_setattr), then setpriority and ioprio_set (which, who).
# Without root the runner shares its uid with the pool's zygote and server (and, in process mode,
# the grader), so the kernel lets it stop them, lower their limits or their priority: later
# learners' jobs then failed. The filter refuses these calls on the run's ancestors (see
# _protected_ids); on its own processes they work as usual.
_PID_CALLS = {
    "x86_64": ((62, 200, 234, 129, 297, 434, 302, 203, 144, 142, 314), 141, 251),
    "aarch64": ((129, 130, 131, 138, 240, 434, 261, 122, 119, 118, 274), 140, 30),
    "riscv64": ((129, 130, 131, 138, 240, 434, 261, 122, 119, 118, 274), 140, 30),
    "ppc64le": ((37, 208, 250, 177, 322, 434, 325, 222, 156, 154, 355), 97, 273),
    "s390x": ((37, 237, 241, 178, 330, 434, 334, 239, 156, 154, 345), 97, 282),
    "armv7l": ((37, 238, 268, 178, 363, 434, 369, 241, 156, 154, 380), 97, 314),
    "armv6l": ((37, 238, 268, 178, 363, 434, 369, 241, 156, 154, 380), 97, 314),
    "i686": ((37, 238, 270, 178, 335, 434, 340, 241, 156, 154, 351), 97, 289),
    "i586": ((37, 238, 270, 178, 335, 434, 340, 241, 156, 154, 351), 97, 289),
    "i386": ((37, 238, 270, 178, 335, 434, 340, 241, 156, 154, 351), 97, 289),
}
# fcntl (and fcntl64 on 32-bit machines) and ioctl: setting a descriptor's owner asks the kernel to
# signal that process on I/O, a signal the pid rules above never see. A red-team job made a pipe
# SIGSTOP the pool's zygote when the sweep closed it (the next learner timed out) and, in process
# mode, SIGKILL the grader. Refused: fcntl F_SETOWN (8), F_SETSIG (10), F_SETOWN_EX (15); ioctl
# FIOSETOWN (0x8901) and SIOCSPGRP (0x8902). The numbers are the same on every machine here.
_OWNER_CALLS = {
    "x86_64": ((72,), 16),
    "aarch64": ((25,), 29),
    "riscv64": ((25,), 29),
    "ppc64le": ((55,), 54),
    "s390x": ((55,), 54),
    "armv7l": ((55, 221), 54),
    "armv6l": ((55, 221), 54),
    "i686": ((55, 221), 54),
    "i586": ((55, 221), 54),
    "i386": ((55, 221), 54),
}
_F_OWNER_CMDS = (8, 10, 15)
_IOCTL_OWNER_CMDS = (0x8901, 0x8902)
_X32_BIT = 0x40000000  # x86_64's x32 calls: the same numbers with this bit set
# clone flags refused: CLONE_PARENT (the new process would be a sibling of the runner, outside
# what the pool server sweeps) and every new namespace (NEWNS, NEWCGROUP, NEWUTS, NEWIPC,
# NEWUSER, NEWPID, NEWNET). Threads and fork set none of them.
_CLONE_REFUSED = 0x8000 | 0x20000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
_EPERM, _ENOSYS = 1, 38
_KEYCTL_JOIN_SESSION_KEYRING = 1
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
# At most this many protected pids, tids and process groups (two instructions each).
_MAX_PROTECTED = 1000


def syscall_filter(machine, protected=()):
    """The seccomp program (classic BPF, as bytes) for this machine, or None for one missing from
    the table. clone3 fails with ENOSYS, so the C library falls back to clone, whose flags the
    filter can read (clone3's are behind a pointer); every call made through another
    architecture's entry (32-bit int 0x80 or x32 on x86_64, 32-bit compat on arm64) fails too.
    `protected`: the 32-bit values (pids, tids, negated process groups, -1 for "every process")
    that the calls of _PID_CALLS may not name; setpriority and ioprio_set may only name the
    caller or its process group (who = 0), never a whole user."""
    if machine not in _SYSCALLS:
        return None
    head = _FILTER_HEADS.get(machine)
    if head is None:
        head = _FILTER_HEADS[machine] = _filter_head(machine)
    # The pid block's tail: per protected value "jeq value, +0, +1; return EPERM", then allow. Only
    # this part depends on the run's ancestors; the rest is the same for every run of a machine.
    values = list(dict.fromkeys(v & 0xFFFFFFFF for v in protected))[:_MAX_PROTECTED]
    return head + b"".join([_PACK(0x15, 0, 1, value) + _RET_EPERM for value in values]) + _RET_ALLOW


# One classic BPF instruction (code, jump if true, jump if false, k) in the kernel's layout, and the
# two returns the pid block's tail packs in every job.
_PACK = struct.Struct("=HBBI").pack
_RET_EPERM, _RET_ALLOW = _PACK(0x06, 0, 0, 0x00050000 | _EPERM), _PACK(0x06, 0, 0, 0x7FFF0000)


# machine -> the program up to the pid block's load of its first argument (_filter_head): made
# once per process (the pool server makes it ahead, limits.warm_up), not in every job (~0.2 ms).
_FILTER_HEADS = {}


def _filter_head(machine):
    """syscall_filter's program up to and including the pid block's first instruction: all of it
    that does not depend on the protected values, whose instructions follow it (the jumps into
    the pid block land on its first instruction and nothing jumps past it)."""
    arch, flags_at, clone, clone3, refused = _SYSCALLS[machine]
    pid_calls, setpriority, ioprio_set = _PID_CALLS[machine]
    big_endian = machine == "s390x"
    arg = lambda i: 16 + 8 * i + (4 if big_endian else 0)  # the low word of argument i
    ld_w, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, eperm, enosys = (ret, None, None, 0x7FFF0000), (ret, None, None, 0x00050000 | _EPERM), (ret, None, None, 0x00050000 | _ENOSYS)
    # (code, jump if true, jump if false, k): a jump names a label, resolved below; None goes on.
    # Jumps only go forward: the shared returns follow the dispatch, and each block after them
    # ends in returns of its own.
    prog = [(ld_w, None, None, 4), (jeq, None, "eperm", arch), (ld_w, None, None, 0)]
    if machine == "x86_64":
        prog.append((jge, "eperm", None, _X32_BIT))
    prog += [(jeq, "eperm", None, n) for n in refused]
    prog += [(jeq, "enosys", None, clone3), (jeq, "clone", None, clone)]
    prog += [(jeq, "pid", None, n) for n in pid_calls]
    prog += [(jeq, "setpriority", None, setpriority), (jeq, "ioprio", None, ioprio_set)]
    fcntls, ioctl = _OWNER_CALLS[machine]
    prog += [(jeq, "fcntl", None, n) for n in fcntls] + [(jeq, "ioctl", None, ioctl)]
    labels = {"allow": len(prog), "eperm": len(prog) + 1, "enosys": len(prog) + 2}
    prog += [allow, eperm, enosys]
    # clone: refused flags
    labels["clone"] = len(prog)
    prog += [(ld_w, None, None, flags_at), (jset, None, "ok", _CLONE_REFUSED), eperm]
    labels["ok"] = len(prog)
    prog.append(allow)
    # setpriority(which, who, prio) and ioprio_set(which, who, prio): who 0 (the caller), and
    # `which` below its USER value: PRIO_PROCESS (0) or PRIO_PGRP (1); IOPRIO_WHO_PROCESS (1) or
    # IOPRIO_WHO_PGRP (2).
    for label, user in (("setpriority", 2), ("ioprio", 3)):
        labels[label] = len(prog)
        prog += [(ld_w, None, None, arg(1)), (jeq, None, label + "-no", 0), (ld_w, None, None, arg(0)), (jge, label + "-no", None, user), allow]
        labels[label + "-no"] = len(prog)
        prog.append(eperm)
    # fcntl and ioctl: no command that gives a descriptor an owner to signal.
    for label, commands in (("fcntl", _F_OWNER_CMDS), ("ioctl", _IOCTL_OWNER_CMDS)):
        labels[label] = len(prog)
        prog.append((ld_w, None, None, arg(1)))
        for command in commands:
            prog += [(jeq, None, "+1", command), eperm]
        prog.append(allow)
    # The pid calls: the first argument's low word (the kernel reads a 32-bit pid) is no protected value.
    labels["pid"] = len(prog)
    prog.append((ld_w, None, None, arg(0)))

    def offset(to, at):
        if to is None:
            return 0
        return 1 if to == "+1" else labels[to] - at - 1

    return b"".join(_PACK(code, offset(jt, i), offset(jf, i), k) for i, (code, jt, jf, k) in enumerate(prog))


def _protected_ids():
    """What the run's learner code must not signal, limit or reprioritise: every ancestor (the
    pool's zygote and server, the cold runner's guard, bwrap's init; in process mode the grader
    itself), each of their threads and process groups, and -1 (kill's "every process I may
    signal"). Read from /proc before the filter is installed."""
    own_group = -os.getpgid(0)  # the run's own process group stays its to signal
    return [i for i in _ancestor_ids(os.getppid()) if i != own_group]


def _ancestor_ids(pid):
    """-1, 1, and `pid` and its ancestors below PID 1, each with its threads and process group."""
    ids = [0xFFFFFFFF, 1]
    seen = set()
    while pid > 1 and pid not in seen and len(ids) < _MAX_PROTECTED:
        seen.add(pid)
        ids.append(pid)
        try:
            ids.extend(int(t) for t in os.listdir("/proc/%d/task" % pid) if t.isdigit())
        except OSError:
            pass
        try:
            ids.append(-os.getpgid(pid))
        except OSError:
            pass
        try:
            with open("/proc/%d/stat" % pid, "rb") as fh:
                pid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return ids


# (zygote pid, its children's protected ids, their program) when fix_protected_ids applies.
_FIXED = []


def fix_protected_ids():
    """Called by the pool's zygote before it forks any job. When its parent is PID 1 (bwrap
    --as-pid-1: the server is the sandbox's init), a job's ancestors below init are the zygote
    alone, and the ids its filter protects (the zygote's pid, its one thread, its process group;
    init; -1) stay the same while the zygote lives: it starts no thread and never changes its
    group, and init's death ends the namespace. They and their program are then made once here,
    and a job takes them (_job_program) instead of reading /proc and packing them (~0.35 ms and
    ~60 copied pages a job). Anywhere else ancestors' threads come and go (the grader's, in process
    mode), and every run reads them as before."""
    del _FIXED[:]
    if not sys.platform.startswith("linux") or os.getppid() != 1:
        return
    import platform

    me = os.getpid()
    try:
        if os.listdir("/proc/%d/task" % me) != [str(me)]:  # a thread (a library's, in C too) could end and its id be reused
            return
    except OSError:
        return
    ids = _ancestor_ids(me)
    _FIXED.append((me, ids, syscall_filter(platform.machine(), ids)))


def _job_program(machine):
    """The syscall filter for this run: its zygote's (fix_protected_ids) when this process is a
    child of that zygote and not in one of the groups it protects, else made from /proc now."""
    if _FIXED:
        zygote, ids, program = _FIXED[0]
        if os.getppid() == zygote and -os.getpgid(0) not in ids:
            return program
    return syscall_filter(machine, _protected_ids())


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

    program = _job_program(platform.machine())
    if program is None:
        raise RuntimeError("wlgrade has no syscall filter for this machine (%s)" % platform.machine())
    import ctypes

    libc = _libc()
    keyctl = _SYSCALLS[platform.machine()][4][2]
    libc.syscall(keyctl, _KEYCTL_JOIN_SESSION_KEYRING, None)  # fails harmlessly without keyrings

    prog = _filter_type()(len(program) // 8, program)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.prctl(
        _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0
    ) != 0:
        raise OSError(ctypes.get_errno(), "could not install the syscall filter: " + os.strerror(ctypes.get_errno()))


_FILTER_TYPE = []


def _filter_type():
    """The kernel's sock_fprog as a ctypes structure, made once: a ctypes class costs ~0.1 ms and
    ~30 copied pages when each pool job makes its own (pool_server.warm_state makes it ahead)."""
    if not _FILTER_TYPE:
        import ctypes

        class Filter(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

        _FILTER_TYPE.append(Filter)
    return _FILTER_TYPE[0]


def warm_up():
    """Runs what fence_syscalls computes before it installs anything, in a process that forks the
    runs (the pool server): the filter's type, the /proc walk of _protected_ids and the program's
    assembly (on made-up ids), so that CPython 3.11's specialisation of their bytecode and the
    allocations of their first runs happen once there, not as copied pages in every job. Installs
    nothing and keeps nothing but the type."""
    import platform

    _filter_type()
    for _ in range(10):  # past CPython's warm-up count of 8 calls
        _protected_ids()
        syscall_filter(platform.machine(), [0xFFFFFFFF, 1, 2, 3, -2])


PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
_LIBC = []


def _libc():
    """The C library through ctypes, loaded once (the pool server calls prctl after every euid
    switch of a job's clean-up; its children inherit it)."""
    if not _LIBC:
        import ctypes

        _LIBC.append(ctypes.CDLL(None, use_errno=True))
    return _LIBC[0]


def prctl(option, value):
    """prctl(2) with one argument; False where it fails or there is none (not Linux, no ctypes).
    Shared with the pool server."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return _libc().prctl(option, value, 0, 0, 0) == 0
    except Exception:
        return False


def guard(status_fd=None):
    """Forks once: the parent only waits and passes on how the child ended; the child returns and
    runs the grading. With `status_fd` (a pipe to the grader: runner.py --status-fd), the parent
    also writes there how the child ended as waitpid saw it ("exit N" or "signal N"): behind bwrap
    the exit code of 128 + N is how a death by signal N reaches the grader, and os._exit(137) in
    learner code reads the same. The child closes it before any learner code runs, so only this
    parent, which learner code cannot reach (below), can write it. Learner code then sees the guard as its parent, so os.kill(os.getppid(), 9)
    ends this run (the grader sees a crash) instead of killing the grader in process mode.

    The guard has no syscall filter and, without root, the learner's uid: it is made non-dumpable,
    or learner code could write its memory through /proc/<ppid>/mem (no syscall the filter sees)
    and have it start an unfiltered process. Under bwrap --as-pid-1 it is the sandbox's init
    (bwrap's own init is dumpable): it reaps orphans, and ends the sandbox when the child ends with
    the status bwrap's init would give (128 + signal; an init cannot kill itself with a signal)."""
    if not hasattr(os, "fork"):  # Windows: no guard
        return
    prctl(PR_SET_DUMPABLE, 0)  # before the fork: the child (learner code) inherits it, like a pool job
    pid = os.fork()
    if pid == 0:
        if status_fd is not None:
            os.close(status_fd)
        return
    init = os.getpid() == 1
    # Python's SIGINT handler would raise KeyboardInterrupt here: the child shares this process
    # group, and kill(0, SIGINT) from learner code ended the guard (the sandbox's init) and the run.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in (0, 3):
        try:
            os.close(fd)
        except OSError:
            pass
    while True:
        try:
            got, status = os.waitpid(-1 if init else pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(70)
        if got == pid:
            break
    if status_fd is not None:
        try:
            os.write(status_fd, b"signal %d\n" % os.WTERMSIG(status) if os.WIFSIGNALED(status)
                     else b"exit %d\n" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70))
        except OSError:
            pass
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if init:
            os._exit(128 + sig)
        try:
            signal.signal(sig, signal.SIG_DFL)
        except OSError:
            pass  # SIGKILL and SIGSTOP have no handler to reset: their default stands (it raised, exit code 1 and a traceback)
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)
