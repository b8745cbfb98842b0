"""wlgrade pool server: a warm Python that grades one submission at a time in a fresh fork of itself.

Started by grader/src/pool/worker.ts, directly (--sandbox process) or as the command of its own
bwrap sandbox (--sandbox bwrap). It imports numpy, the runner and optionally PyTorch once; then,
for every job, it writes the submission it was sent into a private folder, forks, and the child
runs exactly the cold runner's per-submission logic (runner.serve: limits, uid switch, load,
calls). The parent never runs learner code: it only relays the child's bytes, and after the
child ends it kills everything the job left behind and wipes every folder the job could write,
so the next job starts from the same warm state. Jobs are sequential; when the state cannot be
proven clean the server exits and the grader starts a new one.

The children are not forked from this process but from its *zygote*: a fork of it made once,
warm, before any job, that never receives a job's bytes. This process reads each submission,
its plan and its output, and freed memory keeps old bytes: a child forked from here could read
the earlier learners' sources and results out of its own copy of the heap (and return a stolen
answer). The zygote gets only "fork" requests carrying the job's pipe descriptors (SCM_RIGHTS)
and the suites' inputs; the child reads its own plan from a pipe after the fork.

Channels. fd 0: control lines from the grader (JSON: job, kill, exit). fd 3: frames to the
grader, `<u32 job><u8 kind><u32 length>` + payload; the payload of REC/OUT/ERR is raw bytes of
the child's record channel, stdout and stderr (per-job pipes, so bytes of a job can never be
attributed to another); EXIT, READY and FATAL carry JSON. The child closes 0 and 3 before any
learner code, and this process is made non-dumpable so learner code cannot open its descriptors
through /proc or ptrace it.

Argument 1 is a JSON config: {"base": folder for sub/ and home/, "wipe": folders whose whole
content belongs to jobs (bwrap: /tmp, /dev/shm), "pidns": true when alone in a PID namespace,
"preload": ["torch", ...], "keras": "shim" or "real" (the plan's keras: the
shim is imported ahead only for "shim" jobs)}.
"""
import os
import sys
import json
import signal
import select
import struct
import base64
import shutil
import stat
import socket
import time
import gc
import types
import array
import fcntl

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
import runner  # noqa: E402  private references (os.write, json.dumps) taken now, before any learner code
# Imported here, so every job's child finds it in sys.modules (runner.serve imports it, then drops it).
import limits  # noqa: E402
from limits import PR_SET_CHILD_SUBREAPER, PR_SET_DUMPABLE, PR_SET_PDEATHSIG, _libc, prctl  # noqa: E402

REC, OUT, ERR, EXIT, READY, FATAL = 1, 2, 3, 4, 5, 6
_HEAD = struct.Struct("<IBI")
_FRAMES = 3
_CTL = 0



def frame(job, kind, payload):
    return _HEAD.pack(job, kind, len(payload)) + payload


def write_all(data):
    while data:
        n = os.write(_FRAMES, data)
        data = data[n:]


def send(job, kind, payload):
    write_all(frame(job, kind, payload))


# How often a quiet job's pipes are read (see Server.relay_job), and the read size.
DRAIN_S = 0.02
CHUNK = 1 << 16


def send_json(job, kind, obj):
    send(job, kind, json.dumps(obj, separators=(",", ":")).encode("utf-8"))


def malloc_trim():
    """Gives the heap's free pages back to the system (glibc): every fork copies the page table
    entries of what is mapped, and every child's exit tears them down, so less mapped memory
    makes each submission cheaper (about 0.2 ms here)."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except Exception:  # not glibc: nothing to trim
        pass


# The small-object pools' free blocks, filled in the zygote (fill_pools): kept for its lifetime.
_FILLERS = []


def pool_free_blocks():
    """[(block size, free blocks)] of pymalloc's size classes, from sys._debugmallocstats (which
    writes to C's stderr); None when that cannot be read (another allocator, another Python)."""
    try:
        fd = os.memfd_create("wlgrade-pools")  # a file of any size, in memory, with no name
    except (OSError, AttributeError):
        return None
    try:
        saved = os.dup(2)
        try:
            os.dup2(fd, 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        os.lseek(fd, 0, os.SEEK_SET)
        text = read_to_end(fd).decode("ascii", "replace")
    except (OSError, AttributeError):
        return None
    finally:
        os.close(fd)
    # "class  size  num pools  blocks in use  avail blocks"
    rows = [line.split() for line in text.split("\n")]
    return [(int(f[1]), int(f[4])) for f in rows if len(f) == 5 and all(x.isdigit() for x in f)] or None


# The most fill_pools keeps, in bytes, over a zygote's life: a suite's inputs evicted (CALL_SETS)
# free their blocks, and each fill takes them again; past this, new suites' blocks stay free.
FILL_MOST = 8 << 20
_FILLED = [0]  # bytes kept so far


def fill_pools():
    """Takes every free block of the zygote's partly used small-object pools (pymalloc), so that a
    job's new objects go to pools of their own rather than into pages it shares with the zygote.

    pymalloc gives a new object a free block of a pool already in use for its size class first.
    Those pools sit on pages that hold the zygote's objects, so each page a job's new objects land
    on there is copied (a copy-on-write fault, ~2.4 us here); once none is free, new pools are
    carved for the job, where its objects lie together. The fillers are zero bytes (and floats for
    the 32-byte class), made here, never a job's, and kept (_FILLERS) for the zygote's lifetime, up
    to FILL_MOST bytes. A few passes: the fill's own temporaries take blocks too. Never raises:
    a zygote that could not fill its pools forks as before."""
    try:
        for _ in range(3):
            if FILL_MOST - _FILLED[0] < 48:  # full: no stats read, and no list kept for nothing
                return
            free = pool_free_blocks()
            if not free or not any(n for size, n in free if size >= 32):
                return
            room = FILL_MOST - _FILLED[0]
            fillers = [free]  # freed, even the counts would leave free blocks again
            for size, n in free:
                n = min(n, room // size)
                # bytes(k) is a (33 + k)-byte object, in the class of `size` when 33 + k is in
                # (size - 16, size]; a float is 24 bytes (the 32-byte class; some may come from
                # floats' own free list). 16 bytes: no object is that small.
                if size >= 48:
                    fillers.extend(bytes(size - 33) for _ in range(n))
                elif size == 32:
                    fillers.extend(float(k) for k in range(n))
                else:
                    continue
                room -= size * n
            _FILLED[0] = FILL_MOST - room
            _FILLERS.append(fillers)
            if room < 48:
                return
    except Exception:  # an optimisation only
        return


class Control:
    """Control lines from the grader, read without blocking the relay loop."""

    def __init__(self):
        self.parts = []  # the unfinished line, as read: joined once its end arrives
        self.eof = False
        self.queue = []

    def pump(self):
        try:
            chunk = os.read(_CTL, 1 << 20)
        except BlockingIOError:
            return
        if not chunk:
            self.eof = True
            return
        # Only the new chunk is searched, and the line is joined once: a job of tens of MB (a
        # large notebook, base64) arrives in thousands of pipe-sized chunks, and appending each to
        # one buffer and searching it all again took seconds.
        self.parts.append(chunk)
        if b"\n" not in chunk:
            return
        lines = b"".join(self.parts).split(b"\n")
        self.parts = [lines.pop()] if lines[-1] else []
        for line in lines:
            if line.strip():
                self.queue.append(json.loads(line))

    def next(self):
        """The next message, blocking until one arrives; None at end of input."""
        while not self.queue and not self.eof:
            select.select([_CTL], [], [])
            self.pump()
        return self.queue.pop(0) if self.queue else None


CALL_SETS = 4  # call lists kept, oldest evicted first (worker.ts mirrors this)


class Server:
    def __init__(self, cfg):
        self.base = cfg["base"]
        self.sub = os.path.join(self.base, "sub")
        self.home = os.path.join(self.base, "home")
        self.wipe_roots = [d for d in cfg.get("wipe", []) if os.path.isdir(d)]
        if self.base not in self.wipe_roots:
            self.wipe_roots.append(self.base)
        # Each root's mode, put back before every wipe: without root the roots belong to the
        # job's uid, and one chmod("/tmp", 0o311) hid every later learner's file from the wipe.
        self.root_modes = {r: os.stat(r).st_mode & 0o7777 for r in self.wipe_roots}
        # Read-only binds under a wiped folder (a Python or a PYTHONPATH folder under /tmp), and
        # the folders bwrap made to hold them: part of the sandbox, not of any job.
        self.mounts = {m for m in mount_points() if any(under(m, r) and m != r for r in self.wipe_roots)}
        self.holders = {a for m in self.mounts for a in ancestors(m)}
        # The wipe skips those by path, so it also checks they are still the same folders: without
        # root the holders belong to the job's uid, and a job renamed one (the bind moved along
        # with it) and made a folder of its own at the bind's path, which the wipe kept and later
        # jobs imported from (PYTHONPATH under /tmp).
        self.identities = {p: identity(p) for p in self.mounts | self.holders}
        # What each kept folder carries besides its content (folder_marks), as the server first
        # saw it: put back after every job (marks_restored). Without root the folders belong to
        # the job's uid, which can set ACLs, times and inode flags on them, and a job left data
        # there for the next to read (the roots and holders now; sub/ and home/ at their first
        # prepare()).
        self.marks = {p: folder_marks(p) for p in self.wipe_roots + sorted(self.holders)}
        self.pidns = bool(cfg.get("pidns"))
        self.ctl = Control()
        self.me = os.getpid()
        self.zygote = None  # Zygote, started by main() before the first job

    # -- per-job folders -------------------------------------------------------------------

    def prepare(self, uid):
        os.makedirs(self.sub, mode=0o755, exist_ok=True)
        os.chmod(self.sub, 0o755)
        os.makedirs(self.home, exist_ok=True)
        # A job that switches to its own uid must be able to write its HOME; the folder is empty
        # and this process is the only other one in the namespace.
        os.chmod(self.home, 0o777 if uid is not None else 0o700)
        for folder in (self.sub, self.home):
            if folder not in self.marks:
                self.marks[folder] = folder_marks(folder)

    def remove_all(self):
        self.empty_roots(set())

    def empty_roots(self, keep):
        """Empties every wiped root, each with its mode put back first. Returns what stayed."""
        for root in self.wipe_roots:
            try:
                os.chmod(root, self.root_modes[root])
            except OSError:
                pass
        return [p for root in self.wipe_roots for p in self.empty(root, keep)]

    def empty(self, folder, keep):
        """Removes what `folder` holds but the sandbox's own binds, the folders that hold them
        (emptied around them) and `keep` (emptied). Returns what could not be removed: a folder
        that cannot be listed counts, so a job that hides files makes its state unclean."""
        if folder in keep:
            # Without root these folders are the job's to replace: a dangling symlink at /tmp/home
            # made the next job's prepare() fail and took the server down before its child ran
            # (a correct learner graded "error"). Anything but a real folder is removed, and unclean.
            try:
                st = os.lstat(folder)
            except OSError:
                st = None
            if st is not None and not stat.S_ISDIR(st.st_mode):  # a symlink, a file, a FIFO ...
                remove(folder)
                return [folder]
            try:
                os.chmod(folder, 0o700)  # prepare() sets the job's mode again
            except OSError:
                pass
        try:
            # scandir, not listdir: each entry's type comes with its name (d_type), so a file is
            # unlinked with no stat first (a stat or three per entry before).
            with os.scandir(folder) as it:
                entries = list(it)
        except FileNotFoundError:
            return []
        except OSError:
            return [folder]
        left = []
        for entry in entries:
            path = entry.path
            if path in self.mounts:
                continue
            if path in keep or path in self.holders:
                left += self.empty(path, keep)
                continue
            if not entry.is_dir(follow_symlinks=False):
                try:
                    os.unlink(path)
                    continue  # gone: the job's processes are too (sweep), so nothing makes it again
                except FileNotFoundError:
                    continue
                except OSError:
                    pass  # remove() below tries its ways, and the check says what stayed
            remove(path)
            if os.path.lexists(path):
                left.append(path)
        # The folder stays, so what it carries would too: a job left "the answer is 42" in a
        # user.* extended attribute on /tmp, and numbers in an ACL's entries, in the folder's
        # times and in its inode flags, for the next to read. Put back last: emptying it changes
        # its times.
        if not marks_restored(folder, self.marks.get(folder)):
            left.append(folder)
        return left

    def wipe(self):
        """Removes everything a job could have written. Returns what could not be removed, or
        the binds and their folders that are no longer the sandbox's own (nothing is removed
        then: the server is replaced, sandbox and all)."""
        moved = sorted(p for p, known in self.identities.items() if identity(p) != known)
        return moved or self.empty_roots({self.sub, self.home})

    # -- processes ---------------------------------------------------------------------------

    def as_job_uid(self, uid, then):
        """Runs `then` with the job's uid as this process's effective uid: without CAP_KILL or
        CAP_DAC_OVERRIDE (bwrap keeps only SETUID/SETGID) only that uid can signal the job's
        processes and remove its files. The real and saved uids stay 0, so the job's processes
        cannot signal this process meanwhile. (A fork switched wholly to the job's uid could be
        killed by them before it acted: a job spinning on ns_last_pid did, and survived.) A job
        without a uid of its own runs as this process: `then` runs as it is."""
        if uid is None:
            then()
            return
        os.setresuid(-1, uid, -1)
        try:
            then()
        finally:
            os.setresuid(-1, 0, -1)
            # Any change of credentials clears the parent-death signal, and under bwrap --as-pid-1
            # it is what ends this sandbox when the grader (bwrap's parent) dies: without it a
            # server past its first job, and the job it ran, outlived a killed grader.
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    def kill_job(self, pid, uid):
        targets = ([pid] if pid is not None else []) + (self.others() if self.pidns else [])
        self.as_job_uid(uid, lambda: kill_each(targets))

    def others(self):
        """Every process but this one, the zygote and the namespace's init (PID namespace only),
        zombies included: a thread-group leader that exited while its other threads run shows
        as a zombie (a red-team job hid that way, kept running and read later jobs' sources), and
        a true zombie of ours is reaped by the sweep, so one that stays is a job's leftover."""
        mine = (1, self.me, self.zygote.pid if self.zygote else -1)
        return [int(name) for name in os.listdir("/proc") if name.isdigit() and int(name) not in mine]

    def remove_ipc(self, uid):
        """Removes the SysV shared memory, semaphores and message queues the job made: they live
        in the sandbox's IPC namespace, which outlives the job, so the next job would find them
        (a channel between learners) and their memory would stay in use. Only their owner or
        creator may remove them: the job's uid. False when some are left."""
        if not self.pidns or not sysv_objects():  # process mode: the host's namespace, not ours
            return True
        self.as_job_uid(uid, remove_sysv)
        return not sysv_objects()

    def no_sockets_left(self):
        """True when the sandbox's network namespace holds no TCP socket. A closed connection stays
        in the kernel for a minute (TIME_WAIT), after its processes are gone, and the next job
        reads it in /proc/net/tcp: a red-team job left ports that spelled a message. No call
        empties that table without privileges, so a job that leaves one has the server replaced,
        network namespace and all. Process mode shares the host's: nothing of ours to check.

        Counted in /proc/net/sockstat(6), whose TCP `inuse` (hashed sockets, orphans in FIN_WAIT
        included) and `tw` (TIME_WAIT) are this namespace's own: reading /proc/net/tcp walks the
        kernel's whole connection table whatever the namespace holds, ~3.5 ms per read on a
        24 GiB machine, which cost the pool a quarter of its rate."""
        if not self.pidns:
            return True
        for name, fields in (("sockstat", ("inuse", "tw")), ("sockstat6", ("inuse",))):
            try:
                with open("/proc/net/" + name) as fh:
                    text = fh.read()
            except OSError:  # no IPv6 here
                continue
            for line in text.splitlines():
                words = line.split()
                if words and words[0] in ("TCP:", "TCP6:"):
                    counts = dict(zip(words[1::2], words[2::2]))
                    if any(counts.get(f, "0") != "0" for f in fields):
                        return False
        return True

    def sweep(self, pid, uid):
        """Kills everything the job started. Returns False when something survived."""
        first = [pid] if pid is not None else []
        for attempt in range(50):
            # What is left in the namespace (one /proc scan; most jobs leave nothing), and orphans
            # of the job, reparented to this process (a child subreaper).
            alive = self.others() if self.pidns else []
            kids = [k for k in children(self.me) if not self.zygote or k != self.zygote.pid]
            targets = sorted(set(first + alive + kids))
            first = []
            if targets:
                self.as_job_uid(uid, lambda: kill_each(targets))
            for k in kids:  # SIGKILLed ones go at once; never wait on one that was not
                try:
                    os.waitpid(k, os.WNOHANG)
                except ChildProcessError:
                    pass
            reap()
            if not alive and not kids:
                return True
            time.sleep(0.001 * attempt)  # a moment for the killed to go
        return False

    # -- one job -----------------------------------------------------------------------------

    def run_job(self, msg):
        jid = msg["id"]
        plan = msg["plan"]
        uid = (plan.get("limits") or {}).get("uid")
        self.prepare(uid)
        name = os.path.basename(msg["name"]) or "submission.py"
        path = os.path.join(self.sub, name)
        remove(path)
        # A new file, never one a job left there (a FIFO would block this write forever).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(base64.b64decode(msg["source"]))
        os.chmod(path, 0o644)
        plan["submission"] = path  # the child reads its source from there (runner.load_source)

        plan_r, plan_w = os.pipe()
        rec_r, rec_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        sent = self.zygote.fork(msg.get("callsKey"), [plan_r, rec_w, out_w, err_w])
        for fd in (plan_r, rec_w, out_w, err_w):
            os.close(fd)
        if sent:
            # Written while the zygote forks: the pipe holds a plan (a few hundred bytes) before
            # the child reads it, and a larger one is read as it is written. If the child or the
            # zygote is gone, the write fails at once (no reader is left) and the exit says why.
            data = json.dumps(plan, separators=(",", ":")).encode("utf-8")
            try:
                while data:
                    data = data[os.write(plan_w, data):]
            except OSError:
                pass
        os.close(plan_w)
        kinds = {rec_r: REC, out_r: OUT, err_r: ERR}
        if not sent:  # the zygote is gone: no child ran
            for fd in list(kinds):
                os.close(fd)
            send_json(jid, EXIT, {"code": None, "signal": signal.SIGKILL, "clean": False, "left": ["the zygote"]})
            return False
        # A job that runs as a uid of its own cannot kill this server, so its bytes may wait in
        # the pipes (quiet relay); a job of this server's uid (process mode, rootless bwrap)
        # could kill it and take unsent bytes with it, so everything is sent as it comes.
        self.job_pid = None  # until the zygote's answer is read (relay_job, kill_job)
        status = self.relay_job(jid, uid, kinds, quiet=uid is not None and os.geteuid() == 0)
        clean = self.sweep(self.job_pid, uid) and self.zygote.alive() and self.remove_ipc(uid) and self.no_sockets_left()
        # Everything still buffered in the pipes: the writers are gone now.
        out = []
        for fd in list(kinds):
            while fd in kinds:
                out.append(relay(jid, fd, kinds))
        exit_info = {"code": None, "signal": None}
        if os.WIFSIGNALED(status):
            exit_info["signal"] = os.WTERMSIG(status)
        else:
            exit_info["code"] = os.WEXITSTATUS(status)
        left = self.wipe()
        if left and uid is not None and self.pidns:
            # Folders the job's uid made private (mode 0700): only that uid can empty them.
            self.as_job_uid(uid, self.remove_all)
            left = self.wipe()
        exit_info["clean"] = clean and not left
        if left:
            exit_info["left"] = left[:5]
        out.append(frame(jid, EXIT, json.dumps(exit_info, separators=(",", ":")).encode("utf-8")))
        write_all(b"".join(out))
        return exit_info["clean"]

    def relay_job(self, jid, uid, kinds, quiet):
        """Relays the job's pipes to the grader until the child exits; returns its wait status.

        Eager relay wakes on every write of the child and sends it on at once. A job writes a
        record per call within milliseconds, and each wake-up costs a context switch here and
        one in the grader (with an inter-processor interrupt on a VM), per record. Quiet relay
        does not watch the pipes: it wakes when the child exits, on a control message, and every
        DRAIN_S to send what has accumulated, so a short job costs one wake-up on each side.
        The grader sees nothing of this but timing: its limits are seconds, DRAIN_S is 20 ms. A
        job whose drain reads half a pipe or more (it may have been kept waiting on a full pipe:
        a large result, a flood of output) gets eager relay until its pipes stay empty for
        DRAIN_S, so big outputs are not throttled to a buffer per DRAIN_S. A short read is no
        end: the job may write more slowly than this loop reads, and a pipe is full when its 16
        pages are taken, not its 64 KiB (print's 8 KB writes of whole lines leave pages partly
        empty: 64,448 bytes). Going quiet again on a read shorter than CHUNK held a steady 8 MiB
        output to one buffer per DRAIN_S (~3 MB/s). Records (a few hundred bytes a call) come
        nowhere near half a pipe in DRAIN_S: a job that only writes records stays quiet."""
        eager = not quiet
        # A full pipe holds more than half its capacity: a write starts a new page only when its
        # tail does not fit in the last one, so two pages in a row hold more than a page.
        full = pipe_size(next(iter(kinds)), CHUNK) // 2 if quiet and kinds else CHUNK
        next_drain = time.monotonic() + DRAIN_S
        exited = self.zygote.sock.fileno()  # readable when the zygote reports the child's exit
        while True:
            fds = ([_CTL] if not self.ctl.eof else []) + [exited]
            if eager:
                fds += list(kinds)
            # Eager for a quiet job: woken by its writes, but also by DRAIN_S of silence (quiet again).
            timeout = None if not quiet else max(0.0, next_drain - time.monotonic())
            ready, _, _ = select.select(fds, [], [], timeout)
            if _CTL in ready:
                self.ctl.pump()
                if self.ctl.eof:  # the grader is gone: nobody wants this job's answer
                    if self.job_pid is None:
                        self.job_pid = self.zygote.child_pid()
                    self.kill_job(self.job_pid, uid)
                for m in [m for m in self.ctl.queue if m.get("op") == "kill"]:
                    self.ctl.queue.remove(m)
                    if m.get("id") == jid:
                        if self.job_pid is None:
                            self.job_pid = self.zygote.child_pid()
                        self.kill_job(self.job_pid, uid)
            drained = False
            if not eager and time.monotonic() >= next_drain:
                ready = [fd for fd in ready if fd not in kinds]  # the exit, if it came with the timer
                ready += select.select(list(kinds), [], [], 0)[0] if kinds else []
                next_drain = time.monotonic() + DRAIN_S
                drained = True
            parts = [relay(jid, fd, kinds) for fd in ready if fd in kinds]
            if parts:
                write_all(b"".join(parts))
            if quiet:
                if drained:
                    # The job may have waited on a full pipe, and more is coming: eager.
                    eager = any(len(p) - _HEAD.size >= full for p in parts)
                elif eager and any(parts):
                    next_drain = time.monotonic() + DRAIN_S
                elif eager and time.monotonic() >= next_drain:
                    eager = False  # DRAIN_S without a byte: the stream has ended
                    next_drain = time.monotonic() + DRAIN_S
            if exited in ready:
                # The zygote answers a fork with the child's pid, then with its wait status. No
                # answer: the zygote died (killed with the job): the child is reported as killed.
                reply = self.zygote.reply()
                if reply is not None and "pid" in reply:
                    self.job_pid = reply["pid"]
                    continue
                return reply["status"] if reply is not None else signal.SIGKILL

    def serve_forever(self):
        while True:
            msg = self.ctl.next()
            if msg is None or msg.get("op") == "exit":
                return 0
            if msg.get("op") == "calls":
                # A suite's inputs, sent once and used by every job that names its key: they
                # live in the zygote, which every child is forked from.
                if not self.zygote.calls(msg["key"], msg["calls"]):
                    return 0
                continue
            if msg.get("op") != "job":
                continue
            if not self.run_job(msg):
                return 0  # not provably clean: the grader starts a fresh server


class Zygote:
    """The server's handle on its zygote: a warm fork made before any job, from which every job's
    child is forked, so that no child starts with a copy of memory that held another job's bytes.

    The zygote's memory holds the warm imports, the suites' inputs and, of each job, a few
    descriptor numbers: it never reads a plan, a source or a result. Messages on a SEQPACKET
    socket pair: "calls" (the inputs follow on a pipe passed with it), "fork" (the job's plan
    pipe and its record, stdout and stderr pipes); the zygote answers a fork with the child's pid,
    then with its wait status when it exits."""

    def __init__(self, home):
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            self.sock.close()
            zygote_main(theirs, home)  # never returns
        theirs.close()
        self.pid = pid

    def _send(self, obj, fds):
        data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
        try:
            self.sock.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
            return True
        except OSError:
            return False

    def _recv(self):
        try:
            data = self.sock.recv(4096)
        except OSError:
            return None
        return json.loads(data) if data else None

    def calls(self, key, calls):
        """Sends a suite's inputs; False when the zygote is gone."""
        r, w = os.pipe()
        ok = self._send({"op": "calls", "key": key}, [r])
        os.close(r)
        data = json.dumps(calls, separators=(",", ":")).encode("utf-8")
        try:
            while ok and data:
                data = data[os.write(w, data):]
        except OSError:
            ok = False
        os.close(w)
        return ok and (self._recv() or {}).get("ok") is True

    def fork(self, calls_key, fds):
        """Asks for a job's child; False when the zygote is gone. Its pid is read by child_pid."""
        return self._send({"op": "fork", "callsKey": calls_key}, fds)

    def child_pid(self):
        """Waits for the pid of the child just forked (None: the zygote is gone)."""
        reply = self._recv()
        return reply.get("pid") if reply else None

    def reply(self):
        """The zygote's next answer: {"pid": …} after a fork, {"status": …} when the child has
        exited; None when the zygote is gone."""
        return self._recv()

    def alive(self):
        """Running and ready: not exited, and not stopped (a job of the same uid once had the
        kernel SIGSTOP it through a descriptor's owner; the next job then waited on it until its
        time ran out). A stopped zygote makes the job's state unclean and the server is replaced."""
        try:
            if os.waitpid(self.pid, os.WNOHANG)[0] != 0:
                return False
        except ChildProcessError:
            return False
        try:
            with open("/proc/%d/stat" % self.pid, "rb") as fh:
                state = fh.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True  # no /proc (not Linux): waitpid's answer stands
        return state not in (b"T", b"t", b"Z", b"X")


def zygote_main(sock, home):
    """The zygote's loop. It holds none of the server's channels: a job's child gets its own
    pipes, and the control and frame descriptors here are /dev/null."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, _CTL)
        os.dup2(null, _FRAMES)
        os.close(null)
        # Orphans of a job go to the server, which sweeps them (it is the subreaper).
        prctl(PR_SET_CHILD_SUBREAPER, 0)
        limits.fix_protected_ids()  # the jobs' ancestors, when they cannot change (bwrap --as-pid-1)
        fill_pools()
        gc.freeze()
        call_sets = {}  # key -> calls, insertion-ordered
        fd_size = array.array("i").itemsize
        room = socket.CMSG_SPACE(8 * fd_size)
        # A fork write-protects every page of this process, and until the child exits each page
        # this process writes is copied (the child shares them all): between the fork and the
        # wait it only closes, sends and waits, with names bound here and the replies spelled as
        # bytes (json.dumps touched the encoder's objects: ~40 copied pages a job).
        fork, close, waitpid, send = os.fork, os.close, os.waitpid, sock.send
        while True:
            data, anc, _flags, _addr = sock.recvmsg(4096, room)
            if not data:
                break
            fds = array.array("i")
            for level, kind, payload in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds.frombytes(payload[:len(payload) - len(payload) % fd_size])
            msg = json.loads(data)
            if msg.get("op") == "calls":
                raw = read_to_end(fds[0])
                os.close(fds[0])
                # The grader mirrors this eviction (worker.ts, CALL_SETS).
                call_sets[msg["key"]] = with_templates(json.loads(raw))
                while len(call_sets) > CALL_SETS:
                    del call_sets[next(iter(call_sets))]
                del raw
                # Like the imports: never collected in the children, so their pages stay shared.
                gc.freeze()
                malloc_trim()
                fill_pools()
                gc.freeze()
                sock.send(b'{"ok":true}')
                continue
            if msg.get("op") != "fork" or len(fds) != 4:
                for fd in fds:
                    os.close(fd)
                continue
            plan_r, rec_w, out_w, err_w = fds
            pid = fork()
            if pid == 0:
                sock.close()
                plan = json.loads(read_to_end(plan_r))
                os.close(plan_r)
                if msg.get("callsKey") is not None:
                    calls = call_sets[msg["callsKey"]]
                    wanted = plan.pop("callIds", None)  # a restart: some of the suite's calls
                    if wanted is not None:
                        by_id = {c["id"]: c for c in calls}
                        calls = [by_id[i] for i in wanted if i in by_id]
                    plan["calls"] = calls
                child(plan, home, rec_w, out_w, err_w)
            for fd in fds:
                close(fd)
            send(b'{"pid":%d}' % pid)
            send(b'{"status":%d}' % waitpid(pid, 0)[1])
    except BaseException:
        pass
    os._exit(0)


def read_to_end(fd):
    parts = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)


def with_templates(calls):
    """Builds every input array of a suite once, here: each call then gets a copy of its template
    (runner.make_array), which costs far less in a forked child than building it from JSON numbers,
    and the mutation check compares with bytes taken here once.
    Arguments the runner cannot build are left as they are, so the child reports them as a cold
    run would."""
    import numpy as np

    for call in calls:
        args = call.get("args") if isinstance(call, dict) else None
        if not isinstance(args, dict):
            continue
        for spec in args.values():
            if isinstance(spec, dict) and "data" in spec:
                try:
                    template, pristine = runner.make_array(np, spec)
                    template.setflags(write=False)
                    spec["template"], spec["pristine"] = template, pristine
                except Exception:
                    continue
                del spec["data"]
    return calls


def warm_up(np):
    """Runs the runner's per-call path (make_array, run_call, encode, emit) and the numpy calls a
    typical submission makes, on made-up inputs, before the server forks anything.

    CPython 3.11 rewrites a function's bytecode in place during its first calls (specialisation),
    and numpy fills its dispatch caches on first use. Done in every child, each of those writes
    copies a page of this server's memory: warmed here once, a job copies about 50 pages (~8%)
    fewer. The inputs are invented, never the suite's, so no expected value is ever computed in
    this process; nothing of this is kept (the module is not in sys.modules, the records go to
    /dev/null)."""
    import types

    # The numpy calls of a typical submission, on other arithmetic: this file is readable inside
    # the sandbox, and a submission that rebuilt these functions from it scored full marks while
    # they computed the answer. Neither computes anything the suite expects.
    def freqs(labels):
        pos = np.sum(labels, axis=0) / (labels.shape[0] + 1)
        return pos, np.mean(2 - labels, axis=0)

    def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
        def weighted_loss(y_true, y_pred):
            loss = 0.0
            for i in range(len(pos_weights)):
                loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + 2)
                                 + neg_weights[i] * (2 - y_true[:, i]) * np.log(3 - y_pred[:, i] + epsilon))
            whole = -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + 2)
                                    + neg_weights * (2 - y_true) * np.log(3 - y_pred + epsilon), axis=0))
            return loss if loss < whole else whole

        return weighted_loss

    mod = types.ModuleType("wlgrade_warm_up")
    mod.compute_class_freqs = freqs
    mod.get_weighted_loss = get_weighted_loss

    def spec(rows, cols, make):
        """A made-up (rows, cols) input, or (cols,) when rows is None."""
        data = [make(r, c) for r in range(rows or 1) for c in range(cols)]
        shape = [rows, cols] if rows else [cols]
        template, pristine = runner.make_array(np, {"data": data, "dtype": "float64", "shape": shape})
        return {"template": template, "pristine": pristine}

    calls = []
    for n, c in ((4, 3), (12, 5), (40, 14)):
        labels = spec(n, c, lambda r, k: float((r + k) % 3 == 0))
        weights = spec(None, c, lambda r, k: (k + 1) / (c + 2))
        preds = spec(n, c, lambda r, k: 0.05 + 0.9 * ((r * 7 + k * 3) % 11) / 10)
        calls.append({"id": "warm", "fn": "compute_class_freqs", "args": {"labels": labels}})
        for mode in ("default", "positional", "keyword"):
            calls.append({"id": "warm", "fn": "weighted_loss", "args": {
                "pos_weights": weights, "neg_weights": weights, "y_true": labels, "y_pred": preds,
                "epsilon": 1e-7, "epsilon_arg": mode}})
    null = os.open(os.devnull, os.O_WRONLY)
    chan, runner._chan = runner._chan, null
    try:
        for _ in range(10):  # past CPython's warm-up count of 8 calls
            for call in calls:
                value, mutated = runner.run_call(np, mod, call)
                # What learners return: a tuple of arrays, numpy scalars of both widths, a float,
                # a 0-d array.
                for v in (value, float(np.sum(value[0] if isinstance(value, tuple) else value)),
                          np.float32(0.5), np.array(0.25)):
                    runner.emit({"t": "result", "id": call["id"], "ok": True, "mutated": mutated,
                                 "value": runner.encode(v, np, [10000]), "ms": 0.0})
    finally:
        runner._chan = chan
        os.close(null)


# A made-up submission for warm_readers, with the constructs the readers look for (a loop over the
# examples, a helper, a division, an indexed weight, a clip, a logits call, a template's markers,
# None placeholders, class weights derived from the frequencies). Its arithmetic is wrong on
# purpose, like warm_up's: this file is readable inside the sandbox.
_WARM_SOURCE = """import numpy as np
def helper(v):
    return np.sum(v, axis=0)
def compute_class_freqs(labels):
    N = labels.shape[0]
    ### START CODE HERE
    pos = None
    ### END CODE HERE
    return helper(labels) / (N + 1), np.mean(2 - labels, axis=1)
def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        p = np.clip(y_pred, epsilon, 1 - epsilon)
        for n in range(len(y_true)):
            loss += -(pos_weights[0] * y_true[n] * np.log(p[n] + 2)).sum()
        z = tf.nn.weighted_cross_entropy_with_logits(labels=y_true, logits=y_pred, pos_weight=3)
        b = keras.losses.binary_crossentropy(y_pred, y_true)
        return loss / y_true.shape[1] + z + b
    return weighted_loss
freq_pos, freq_neg = compute_class_freqs(np.ones((2, 2)))
pos_weights = freq_pos / 2
neg_weights = np.array(freq_neg)
"""


def warm_readers(probe, np):
    """Runs the readers every job runs after the load (runner.read_source, the one list of them) on
    a made-up source, before the server forks anything: their first runs in a process specialise
    their bytecode and allocate, which in every job copied ~150 pages of this server (~0.6 ms a
    job). `probe` is the weight probe every job's plan carries (the server's config has it from the
    same constant): without it the class-weight reader returns at once, and jobs ran it cold.
    Keeps nothing: the records are thrown away, the shared tree dropped as serve drops it, and
    sys.path (class_weights puts the runner's folder on it, as in a job) restored."""
    plan = {"kind": "py", "weightProbe": probe}
    path = list(sys.path)
    # The graded functions as a job's module holds them (code of the submission's file name, never
    # run here): the readers of the graded definition (_loss_definition by graded_lines) read nothing
    # without them, and calls_clipping_bce ran cold in every job.
    code = compile(_WARM_SOURCE, runner.Sub.filename, "exec")
    graded = {c.co_name: types.FunctionType(c, {}) for c in code.co_consts
              if isinstance(c, types.CodeType) and c.co_name in ("compute_class_freqs", "get_weighted_loss")}
    for _ in range(10):  # past CPython's warm-up count of 8 calls
        try:
            functions = {"compute_class_freqs": {}, "get_weighted_loss": {}}
            runner.read_source(_WARM_SOURCE, functions, types.SimpleNamespace(**graded), plan=plan, np=np)
        except Exception:  # a warm-up never stops the server: a job's own run reports any error
            pass
        runner.forget_parses()
    sys.path[:] = path


def relay(jid, fd, kinds):
    """Reads what one of the job's pipes holds; returns it as a frame (b"" at its end)."""
    try:
        data = os.read(fd, CHUNK)
    except BlockingIOError:
        return b""
    if data:
        return frame(jid, kinds[fd], data)
    os.close(fd)
    del kinds[fd]
    return b""


def pipe_size(fd, default):
    """A pipe's capacity (64 KiB unless the user has used up its pipe pages, then 8 KiB)."""
    try:
        return fcntl.fcntl(fd, getattr(fcntl, "F_GETPIPE_SZ", 1032))
    except OSError:
        return default


def sysv_objects():
    """The SysV IPC objects of this IPC namespace: (kind, id)."""
    out = []
    for kind in ("shm", "sem", "msg"):
        try:
            with open("/proc/sysvipc/" + kind) as fh:
                rows = fh.read().splitlines()[1:]
        except OSError:
            continue
        out += [(kind, int(r.split()[1])) for r in rows if len(r.split()) > 1]
    return out


def remove_sysv():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    IPC_RMID = 0
    for kind, ident in sysv_objects():
        if kind == "shm":
            libc.shmctl(ident, IPC_RMID, None)
        elif kind == "sem":
            libc.semctl(ident, 0, IPC_RMID)
        else:
            libc.msgctl(ident, IPC_RMID, None)


def under(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def ancestors(path):
    out = []
    while True:
        parent = os.path.dirname(path)
        if parent == path:
            return out
        out.append(parent)
        path = parent


# The inode flags (chattr): FS_IOC_GETFLAGS and FS_IOC_SETFLAGS, _IOR/_IOW('f', 1/2, long) on the
# machines whose ioctl numbers put the direction in the top two bits (x86, arm, riscv, s390);
# elsewhere the call fails and the flags are not compared.
_LONG = struct.calcsize("l")
_GETFLAGS = (2 << 30) | (_LONG << 16) | (ord("f") << 8) | 1
_SETFLAGS = (1 << 30) | (_LONG << 16) | (ord("f") << 8) | 2

# Extended attributes an unprivileged owner can set (trusted.* and security.* need capabilities):
# its own user.* ones, and the ACLs, which are system.posix_acl_access/_default.
_OWNER_XATTRS = ("user.", "system.posix_acl_")


def _flags_ioctl(path, request, flags=0):
    """FS_IOC_GETFLAGS / FS_IOC_SETFLAGS on a folder, through the C library (fcntl is not imported
    here: a job's child would find it in sys.modules, and a cold run's does not). The flags, or
    None where the file system has none (mqueue) or this machine's ioctl number is not the one
    above."""
    import ctypes

    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        value = ctypes.c_int(flags)  # the kernel reads and writes an int, whatever the number says
        if _libc().ioctl(fd, ctypes.c_ulong(request), ctypes.byref(value)) != 0:
            return None
        return value.value
    except Exception:  # no C library to call
        return None
    finally:
        os.close(fd)


def inode_flags(path):
    return _flags_ioctl(path, _GETFLAGS)


def set_inode_flags(path, flags):
    _flags_ioctl(path, _SETFLAGS, flags)


def owner_xattrs(path):
    """The folder's extended attributes its owner may set, {name: value}; {} where there are none."""
    out = {}
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError:  # no xattr support here: nothing a job could have set
        return out
    for name in names:
        if name.startswith(_OWNER_XATTRS):
            try:
                out[name] = os.getxattr(path, name, follow_symlinks=False)
            except OSError:
                out[name] = None
    return out


def folder_marks(path):
    """What a folder carries besides its content and mode, which its owner can set: the extended
    attributes of owner_xattrs (ACLs included), its access and modification times, its inode flags.
    None when it is not a folder."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not os.path.isdir(path) or os.path.islink(path):
        return None
    return {"xattrs": owner_xattrs(path), "times": (st.st_atime_ns, st.st_mtime_ns), "flags": inode_flags(path)}


def marks_restored(path, want):
    """Puts back the folder's marks as `want` (folder_marks) holds them; without a record, removes
    its owner's extended attributes. False when they could not all be put back."""
    if want is None:
        want = {"xattrs": {}, "times": None, "flags": None}
    # Each mark is read once, put back only where it differs from `want`, and read again only
    # where it was put back: a mark read equal to `want` is the state itself, not a hint of it
    # (nothing is skipped on a sign a job could forge, such as times), and the job's processes
    # are gone by now (sweep), so none changes it between the read and the verdict.
    now = owner_xattrs(path)
    if now != want["xattrs"]:
        for name, value in now.items():
            try:
                if name not in want["xattrs"]:
                    os.removexattr(path, name, follow_symlinks=False)
                elif value != want["xattrs"][name]:
                    os.setxattr(path, name, want["xattrs"][name], follow_symlinks=False)
            except OSError:
                pass
        if owner_xattrs(path) != want["xattrs"]:
            return False
    if want["flags"] is not None and inode_flags(path) != want["flags"]:
        set_inode_flags(path, want["flags"])
        if inode_flags(path) != want["flags"]:
            return False
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if want["times"] is not None and (st.st_atime_ns, st.st_mtime_ns) != tuple(want["times"]):
        try:
            os.utime(path, ns=want["times"], follow_symlinks=False)
            st = os.lstat(path)
        except OSError:
            return False
        return (st.st_atime_ns, st.st_mtime_ns) == tuple(want["times"])
    return True


def identity(path):
    """(device, inode) of the path itself (a symlink is not followed), or None when it is gone."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def mount_points():
    """This process's mount points (/proc/self/mountinfo, field 5, octal escapes decoded)."""
    import re

    out = []
    try:
        with open("/proc/self/mountinfo", "rb") as fh:
            for line in fh:
                fields = line.split()
                if len(fields) > 4:
                    out.append(os.fsdecode(re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), fields[4])))
    except OSError:
        pass
    return out


def remove(path):
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, onerror=_unlock)
        else:
            os.unlink(path)
    except Exception:  # whatever a job left, the wipe goes on; what stays makes the state unclean
        pass


def _unlock(_func, path, _exc):
    """A folder the learner made unreadable or read-only: make it and its parent usable and
    remove it again (rmtree's failing call may be os.open, which takes flags, so it is not
    simply repeated: a mode-000 folder crashed the server that way)."""
    try:
        os.chmod(os.path.dirname(path), 0o700)
        if not os.path.islink(path):
            os.chmod(path, 0o700)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except Exception:
        pass


def kill_each(pids):
    """SIGKILL to each process and its group (what the caller may signal; the rest is left)."""
    for k in pids:
        for kill in (os.killpg, os.kill):
            try:
                kill(k, signal.SIGKILL)
            except OSError:
                pass


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        out = []
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open("/proc/%s/stat" % name, "rb") as fh:
                        if int(fh.read().rsplit(b")", 1)[1].split()[1]) == pid:
                            out.append(int(name))
                except (OSError, IndexError, ValueError):
                    pass
        return out


def reap():
    while True:
        try:
            got, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if got == 0:
            return


def child(plan, home, rec_w, out_w, err_w):
    """The forked child: the same process state as a cold runner that has imported numpy."""
    try:
        os.setsid()  # its own session and process group: the kill reaches what it starts
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(rec_w, 3)
        # The control and frame channels and every other descriptor of the server go away.
        os.closerange(4, 1 << 20)
        os.chdir(home)
        sys.modules.pop("runner", None)  # a cold run has no module of that name either
        runner._chan = os.dup(3)  # off the well-known number, non-inheritable, as in runner.main
        os.close(3)
        exit_now = runner.exit_now  # bound before serve: learner code could replace the module's name
        exit_now(runner.serve_reporting(plan))
    except BaseException:
        try:
            import traceback

            os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        finally:
            os._exit(70)


def linecache_clear():
    import linecache

    linecache.clearcache()


def warm_state(cfg, np):
    """Brings this process to the state every job starts from: what a cold runner imports before
    learner code, the Keras shim for "shim" servers, the preloads, the warmed call path; then
    freezes it. Returns the modules preloaded. A job's child imports nothing of its own before
    the submission does (grader/test/unit/pool/warm-state.test.ts)."""
    # What every job imports before learner code, imported once here; the child's own imports then
    # find them in sys.modules, ending in the same state as a cold runner.
    import ast  # noqa: F401  runner.imported_modules
    b"x".decode("utf-8-sig")  # runner.load_source's codec: its module is imported once here, not per job (~0.9 ms)
    try:
        import notebook  # noqa: F401  runner.missing_module_error; the runner's folder is on sys.path in a cold run too
        import inspect

        inspect.getsource(runner.wire)  # compiles tokenize's regular expressions once, into re's cache
        linecache_clear()
    except Exception:
        pass
    if cfg.get("keras") == "shim":
        shim_dir = os.path.join(_HERE, "shim")
        sys.path.insert(0, shim_dir)
        try:
            import wlgrade_keras_shim  # noqa: F401
        except ImportError:
            pass
        sys.path.remove(shim_dir)  # runner.serve puts it back, as in a cold run
    preloaded = []
    for name in cfg.get("preload", []):
        try:
            __import__(name)
            preloaded.append(name)
        except Exception as exc:  # reported; the job's own import will fail the same way
            sys.stderr.write("wlgrade pool: could not preload %s: %s\n" % (name, exc))
    warm_up(np)
    warm_readers(cfg.get("weightProbe"), np)
    limits.warm_up()
    runner.numpy_ahead(np)  # last: what each job's serve finds in numpy before learner code
    # Objects that exist now are never collected in the children: their pages stay shared.
    gc.collect()
    gc.freeze()
    malloc_trim()
    return preloaded


class NumpyMissing(Exception):
    """numpy could not be imported (prepare): main's NUMPY_MISSING, with its type and message."""


def prepare(cfg):
    """The server's state before its first job, made in main's order: numpy imported, then
    warm_state. The tests that check what a job finds call this, so a step added here is in what
    they see. numpy is left as learner code would find it at the start of a cold run: NumPy 1.x's
    removed names are put back in each job's serve (runner.install_numpy_aliases, after the
    frameworks' import, as in a cold run), from what runner.numpy_ahead found here."""
    try:
        import numpy as np
    except Exception as exc:  # ImportError, or a numpy that cannot load
        raise NumpyMissing("%s: %s" % (type(exc).__name__, exc)) from None
    return np, warm_state(cfg, np)


def main():
    cfg = json.loads(sys.argv[1])
    os.set_blocking(_CTL, False)
    # Learner code runs as this uid in the rootless sandbox and in process mode: it must not be
    # able to read this process's memory or descriptors. Orphans of a job become our children.
    prctl(PR_SET_DUMPABLE, 0)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with the grader (process mode) or bwrap
    subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1)
    sys.dont_write_bytecode = True
    try:
        np, preloaded = prepare(cfg)
    except NumpyMissing as exc:
        send_json(0, FATAL, {"code": "NUMPY_MISSING", "message": str(exc)})
        return 3
    server = Server(cfg)
    if server.wipe():
        send_json(0, FATAL, {"code": "DIRTY", "message": "the scratch folders are not empty and cannot be cleared"})
        return 3
    server.zygote = Zygote(server.home)
    send_json(0, READY, {"python": sys.version.split()[0], "numpy": np.__version__, "preloaded": preloaded,
                         "subreaper": subreaper})
    return server.serve_forever()


if __name__ == "__main__":
    os._exit(main())
