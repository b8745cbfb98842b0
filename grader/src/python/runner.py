"""wlgrade runner: loads one learner submission and calls its functions on the plan's inputs.

Protocol (grader/src/schema/protocol.ts): the plan arrives as JSON on stdin; records leave as
JSON lines on file descriptor 3, which is moved to a private descriptor before any learner code
runs. The learner's own stdout/stderr stay on 1 and 2. The plan never holds expected values:
this process only computes and describes what the learner's code returns, and the grader
validates every record outside it.

Runs on any Python 3.8+ with numpy; nothing else is imported unless the submission does.
"""
import re
import sys
import os
import json
import time
import types
import inspect
import linecache
import traceback
from itertools import chain as _chain

_HERE = os.path.dirname(os.path.abspath(__file__))
# What parsing code can raise (notebook.PARSE_ERRORS; that module is imported only when needed).
PARSE_ERRORS = (SyntaxError, MemoryError, RecursionError)

# Private references taken before learner code runs: a submission that patches builtins, os or
# json cannot change how this file writes its records.
_write = os.write
# One encoder for every record (json.dumps would build a new one per call).
_encode = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode
_perf = time.perf_counter
_isinstance = isinstance
_type = type
_float = float
_len = len
_MEMBER_DESCRIPTOR = types.MemberDescriptorType  # bound before learner code could rebind types' names
_MODULES = sys.modules  # the interpreter's own dict: learner code may rebind sys.modules to an object of its own
_sum = sum
# The real streams' flush and the exit (exit_now): a submission can replace sys.stdout with an
# object whose flush never returns, or os._exit (the grader also kills a process that outlives
# its "done" record).
_FLUSH = (sys.stdout.flush, sys.stderr.flush)
_EXIT = os._exit

_chan = -1
_prefix = ""  # the plan's per-run token and a space (see PlanSchema.token)
# The process that serves the plan (set by serve). A process learner code forked (os.fork without
# os._exit, a worker that returns) runs on through this file with the same channel: its records
# would arrive among the runner's own, and the duplicates corrupt the channel (its cases "not
# graded"), or not, by timing. Such a process ends at its first record instead (emit).
_OWNER = [None]
_getpid = os.getpid

import signal as _signal_module  # noqa: E402

_setitimer = _signal_module.setitimer
_set_handler = _signal_module.signal
_SIGALRM = _signal_module.SIGALRM
_ITIMER_REAL = _signal_module.ITIMER_REAL
_settrace = sys.settrace
_setprofile = sys.setprofile
_addaudithook = sys.addaudithook

# Audit events by which code installs a function that CPython then calls from the frames that
# run after it, each handed to it: a tracer or profiler (sys.settrace, sys.setprofile; threading's
# run them in every new thread; 3.12's *_all_threads in every thread), a sys.monitoring callback
# (3.12+), another audit hook. Learner code installing one ran it inside the runner's own frames
# as it built its records (red-team round 15: a profile hook added a note of its own wording to
# the load record). Refused from the first line of learner code on (refuse_hooks); the load
# watchdog's own tracer is let through (_OWN_TRACE).
_HOOK_EVENTS = frozenset(("sys.settrace", "sys.setprofile", "sys._settraceallthreads", "sys._setprofileallthreads",
                          "sys.monitoring.register_callback", "sys.addaudithook"))
_OWN_TRACE = [False]  # True: the runner's own call; "drop": CPython's one dropping of the watchdog's tracer
HOOK_REFUSED = ("a tracer, profiler or debugger (sys.settrace, sys.setprofile, breakpoint(), pdb, sys.monitoring, "
                "sys.addaudithook) cannot be installed while wlgrade grades: remove that call from the graded file")


def refuse_hooks():
    """Installs the runner's audit hook, which refuses _HOOK_EVENTS (a RuntimeError where the call
    was made; sys.addaudithook then adds nothing, as its documentation says). An audit hook cannot
    be removed, and this one comes before any the learner could add."""

    def audit(event, args, refused=_HOOK_EVENTS, own=_OWN_TRACE, error=RuntimeError, message=HOOK_REFUSED):
        if event in refused:
            if own[0] is True:
                return
            if own[0] == "drop" and event == "sys.settrace":
                own[0] = False  # CPython dropping the watchdog's tracer that raised: once
                return
            raise error(message)

    _addaudithook(audit)


def own_settrace(function):
    """sys.settrace for the runner itself (the load watchdog), past refuse_hooks. Clearing it
    (None) clears a profiler too."""
    _OWN_TRACE[0] = True
    try:
        _settrace(function)
        if function is None:
            _setprofile(None)
    finally:
        _OWN_TRACE[0] = False


class TopLevelTimeout(BaseException):
    """Raised into a .py's top-level code that is still running when its load time is up (a
    training loop, a `while True:`): the file is then loaded again with only its definitions, as a
    notebook is (retry_definitions_only), instead of using up the whole run. A BaseException, so
    the learner's `except Exception:` around the loop does not swallow it."""
    _wlgrade_stop = True  # the definitions-only load's guards (notebook.exited) let it through


# The error type of a record the runner could not encode (emit): a bug in wlgrade, which the
# grader reports as one (grade-suite.ts), never as the learner's.
INTERNAL_ERROR = "WlgradeInternalError"

# Error types the grader words itself (a SyntaxError is a SYNTAX_ERROR problem with its line, a
# KerasFunctionMissing a KERAS_UNSUPPORTED one, NotAFunction and UnreadableResult the runner's own
# sentences, shown whole). A learner's own class of one of these names is not that error: a red
# team raised `class NotAFunction(Exception)` with a message of many lines (a fake score, workflow
# commands) that reports then showed as the grader's. Classes, taken before any learner code.
_OWN_TYPES = {name: obj for name, obj in vars(__import__("builtins")).items()
              if _isinstance(obj, type) and issubclass(obj, BaseException)}
_RUNNER_TYPES = ("NotAFunction", "UnreadableResult", "KerasFunctionMissing", INTERNAL_ERROR)
_OWN_TYPES["TopLevelTimeout"] = TopLevelTimeout


def type_name(exc):
    """The exception's class name, as `submission.<name>` when the class only borrows the name of
    one the grader words itself (_OWN_TYPES, _RUNNER_TYPES)."""
    cls = _type(exc)
    name = safe_str(cls.__name__)[:200]
    own = _OWN_TYPES.get(name)
    if own is not None and cls is not own and _library_subclass(cls, own):
        return name  # numpy's MemoryError (_ArrayMemoryError, named MemoryError) is one
    if (own is not None and cls is not own) or (own is None and name in _RUNNER_TYPES):
        return "submission." + name
    return name


def _library_subclass(cls, own):
    """A library's subclass of a built-in exception under the built-in's name (numpy raises
    _ArrayMemoryError, whose __name__ is MemoryError, for an array too large to allocate): not a
    learner's class borrowing the name, which the submission's module defines."""
    try:
        return (own.__module__ == "builtins" and issubclass(cls, own)
                and str(getattr(cls, "__module__", "")).split(".")[0] not in ("submission", "__main__", "builtins", ""))
    except BaseException:
        return False


def emit(rec):
    """Writes one record on the private channel. Partial writes are resumed. In a process learner
    code forked, which has no records of its own to send, it ends that process (_OWNER)."""
    if _OWNER[0] is not None and _getpid() != _OWNER[0]:
        _EXIT(0)
    try:
        text = _encode(rec)
    except Exception as exc:  # ValueError (a NaN), TypeError (an object), RecursionError, OverflowError
        text = _encode(unencodable(rec, exc))
    data = (_prefix + text + "\n").encode("utf-8")
    try:
        while data:
            n = _write(_chan, data)
            data = data[n:]
    except OSError:  # EBADF: learner code closed it (os.closerange(3, ...)); EPIPE: the grader is gone
        channel_lost()


CHANNEL_LOST = (b"wlgrade: the code closed a file descriptor the grader uses (os.close, os.closerange or os.dup2 on "
                b"one above 2 it did not open): leave those alone.\n")


def channel_lost():
    """The record channel no longer takes writes: one sentence on stderr instead of the runner's
    traceback (which the learner was shown as their own code's output), and the end of the run."""
    try:
        _write(2, CHANNEL_LOST)
    except OSError:
        pass
    exit_now(1)


# True once serve has sent its hello record. From then on a failure of the runner's own (an
# exception no handler of serve caught: a bug in wlgrade) goes to the grader as an "internal"
# record (serve_reporting); before it, Python's traceback and exit code 1 say it, as they say a
# Python that cannot run this side at all (python-errors.ts pythonSideError).
_HELLO_SENT = [False]


def serve_reporting(plan):
    """serve, for runner.main and the pool's children: an exception that escapes it is the
    runner's own failure, sent as {"t": "internal", "message", "traceback"} (the grader reports a
    bug in wlgrade for this file, graded again, never the file's 0), then exit code 70. The grader
    no longer takes a traceback on stderr and exit code 1 for the runner's crash: learner code
    prints the same text and calls os._exit(1) (red team 28). An exception the file's own code
    raised into the runner's frames (a signal handler, a thread, a timer: KeyboardInterrupt,
    SystemExit, MemoryError, or a traceback through the file) is the file's doing: one sentence on
    stderr and exit code 1, which the grader counts as the file's own exit."""
    try:
        return serve(plan)
    except BaseException as exc:
        if not _HELLO_SENT[0]:
            raise
        if _raised_by_file(exc):
            try:
                _write(2, b"wlgrade: an exception the code raised outside a graded call (from a signal handler, a thread "
                          b"or a timer it started) ended the run: remove that code.\n")
            except OSError:
                pass
            return 1
        try:
            frames = "".join(traceback.format_exception(_type(exc), exc, exc.__traceback__))
            emit({"t": "internal", "message": ("wlgrade's runner failed (%s: %s)" % (_type(exc).__name__, safe_str(exc)[:300]))[:2000],
                  "traceback": frames[-8000:]})
        except BaseException:
            pass
        return 70


def _raised_by_file(exc):
    """Whether an exception that escaped serve is the file's doing rather than the runner's: one a
    signal or the memory limit raises wherever the interpreter is (the file's handler or threads
    choose when), or one whose traceback runs through the file's own code."""
    if _isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
        return True
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == Sub.filename:
            return True
        tb = tb.tb_next
    return False


def unencodable(rec, exc):
    """What goes out instead of a load or result record that is not JSON: the same record kind,
    failed with INTERNAL_ERROR, the exception and this file's frames. Everything in a record is
    the runner's own description of the learner's code, so a record that does not encode is the
    runner's bug; the grader says so instead of grading on. Other records hold only strings."""
    kind = rec.get("t") if _isinstance(rec, dict) else None
    if kind not in ("load", "result"):
        raise exc
    # Where emit was called from, then where encoding failed.
    frames = traceback.format_stack(limit=4)[:-1] + traceback.format_exception(_type(exc), exc, exc.__traceback__)
    error = {"type": INTERNAL_ERROR,
             "message": ("wlgrade's runner could not encode its %s record (%s: %s)"
                         % (kind, _type(exc).__name__, safe_str(exc)[:300])),
             "traceback": "".join(frames)[-8000:]}
    if kind == "load":
        return {"t": "load", "ok": False, "error": error, "imports": [], "notes": []}
    ms = rec.get("ms")
    return {"t": "result", "id": str(rec.get("id"))[:2000], "ok": False, "error": error, "mutated": [],
            "ms": ms if _type(ms) is float and 0 <= ms < 1e300 else 0.0}


def wire(x):
    """A float on the wire: JSON has no NaN or infinities."""
    x = _float(x)
    if x != x:
        return "NaN"
    if x == _float("inf"):
        return "Infinity"
    if x == _float("-inf"):
        return "-Infinity"
    return x


class Sub:
    """Where the learner's code lives, for tracebacks: file name, and the notebook cell map if any."""

    filename = "<submission>"
    cell_of_line = None  # callable(line) -> (cell, line in cell), for notebooks

    line_of = None  # callable(line) -> line in the file, for a .py graded from its definitions only
    dropped = {}  # name -> where left-out top-level code assigns it (notebook.DROPPED, located)
    encoding_error = None  # (line, encoding, Python's message): a PEP 263 declaration Python cannot read the file by
    wide_error = None  # (line, sentence): a .py with UTF-16's or UTF-32's byte-order mark whose bytes are not that encoding
    wide = None  # "UTF-16" or "UTF-32": the encoding a .py with that byte-order mark was read by
    export_lines = None  # a notebook saved as .py (# In[3]:, # %%): its lines, for export_mark

    @classmethod
    def where(cls, line):
        if line is None:
            return {}
        if cls.line_of is not None:
            mapped = cls.line_of(line)
            return {"line": mapped} if mapped is not None else {}
        if cls.cell_of_line is not None:
            mapped = cls.cell_of_line(line)
            if mapped is not None:
                return {"cell": mapped[0], "line": mapped[1]}
            return {}
        return {"line": line}


def install_warning_locations():
    """Warnings raised in the learner's code (numpy's "divide by zero encountered in log") name the
    line as Python compiled it: in a notebook that is a line of all its cells joined, in a .py
    graded from its definitions a line of the filtered source. Point them at the cell and line
    (or the file's line) the learner can find, as tracebacks do."""
    import warnings

    original = warnings.formatwarning

    def formatwarning(message, category, filename, lineno, line=None):
        if filename == Sub.filename and (Sub.cell_of_line is not None or Sub.line_of is not None):
            loc = Sub.where(lineno)
            if loc:
                where = "%s, %s" % (Sub.filename, describe_location(loc)) if "cell" in loc else "%s:%d" % (Sub.filename, loc["line"])
                text = "%s: %s: %s\n" % (where, category.__name__, message)
                src = line if line is not None else linecache.getline(filename, lineno)
                return text + ("  %s\n" % src.strip() if src and src.strip() else "")
        return original(message, category, filename, lineno, line)

    warnings.formatwarning = formatwarning


_QUIET_RETRACING = [False]


def quiet_retracing():
    """TensorFlow warns "5 out of the last 6 calls to <function …> triggered tf.function retracing"
    when a @tf.function is called on arrays of new shapes: what the grader's cases are, one shape
    each, and never what Keras's batches of one shape do. The report showed it as the learner's
    own warning. That message alone is dropped, once TensorFlow is imported (it imported logging);
    its other warnings stay."""
    if _QUIET_RETRACING[0] or "tensorflow" not in sys.modules:
        return
    _QUIET_RETRACING[0] = True
    try:  # learner code may have replaced logging in sys.modules (red team 29): never the run's end
        import logging

        class Retracing(logging.Filter):
            def filter(self, record):
                try:
                    return "triggered tf.function retracing" not in record.getMessage()
                except Exception:
                    return True

        logging.getLogger("tensorflow").addFilter(Retracing())
    except BaseException:
        pass


def describe_location(loc):
    if "cell" in loc:
        return "cell %d, line %d" % (loc["cell"], loc["line"])
    if "line" in loc:
        mark = export_mark(loc["line"])
        # "sub.py, line 18, cell In [3]": no parentheses, as the sentences around it often have theirs.
        return "%s, line %d%s" % (Sub.filename, loc["line"], ", %s" % mark if mark else "")
    return Sub.filename


_NBCONVERT_CELL = re.compile(r"^# In\[([0-9]{1,6})\]:[ \t]*$")
_JUPYTEXT_CELL = re.compile(r"^# %%(?:[ \t]|$)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def export_lines(source):
    """The lines of a notebook saved as .py (nbconvert's `# In[3]:`, Jupytext's `# %%`), else None."""
    if "# In[" not in source and "# %%" not in source:
        return None
    lines = _LINE_BREAK.split(source)
    if not any(l.startswith("# In[") or _JUPYTEXT_CELL.match(l) for l in lines):
        return None
    return lines


def export_mark(line):
    """The cell holding `line` of a notebook saved as .py, as the report's Node side words it
    (grade/sites.ts exportedCell, which this follows): 'cell In [3]' for nbconvert's markers (none
    for `# In[ ]:`, never run), 'cell 4' for Jupytext's counted from 1; None for a plain .py. The
    load notes and the messages the runner writes ('args is assigned at sub.py, line 10, cell In
    [3])') then name the cell as the problems and case errors do (load 21)."""
    try:
        file = Sub.export_lines
        if not file or _type(line) is not int or not 1 <= line <= _len(file):
            return None
        above = file[:line]
        if any(l.startswith("# In[") for l in above):
            for l in reversed(above):
                if l.startswith("# In["):
                    m = _NBCONVERT_CELL.match(l)
                    return "cell In [%d]" % int(m.group(1)) if m else None
        markers = sum(1 for l in above if _JUPYTEXT_CELL.match(l))
        if markers == 0:
            return None
        first = next(i for i, l in enumerate(file) if _JUPYTEXT_CELL.match(l))
        k = 0
        if file[0].strip() == "# ---":
            end = next((j for j in range(1, _len(file)) if file[j].strip() == "# ---"), -1)
            k = 0 if end == -1 else end + 1
        lead = any(l.strip() for l in file[k:first])
        return "cell %d" % (markers + (1 if lead else 0))
    except BaseException:  # a hint must never stop grading
        return None


def marked_notes(notes):
    """The notes of a notebook saved as .py, each line of the file given its cell (mark), as the
    report gives a problem's or an error's line."""
    if not Sub.export_lines or Sub.cell_of_line is not None:
        return notes
    out = []
    for n in notes:
        try:
            if _type(n) is dict and _type(n.get("line")) is int and "cell" not in n and n.get("id") in _MARKED_NOTES:
                n = dict(n)
                mark = export_mark(n["line"])
                if mark:
                    n["mark"] = mark
                kept = n.get("kept")
                if _type(kept) is dict and "cell" not in kept:
                    mark = export_mark(kept.get("line"))
                    if mark:
                        n["kept"] = dict(kept, mark=mark)
        except BaseException:  # a hint must never stop grading
            pass
        out.append(n)
    return out


_MARKED_NOTES = ("retry", "argparse-defaults", "decorator-skipped", "decorator-kept-previous", "numpy-aliases", "tf1-aliases")


def error_info(exc, tb=None):
    """Describes an exception from learner code: type, message, and the learner's own frames. Never
    raises: learner code makes the exception, and a `name` or `filename` property that raises (or
    a placeholder holding something that is no exception at all) must not end the run, which the
    report would blame on os._exit or a crash."""
    try:
        info = _error_info(exc, tb)
        # The protocol takes 4,000 characters: the learner's message is cut there, but the hints
        # added after it (where a name is assigned, which default reads it) came on top, and a
        # long name made the record a corrupt channel, every case "Not graded" (red team 19).
        if _len(info["message"]) > 4000:
            info["message"] = info["message"][:3999] + "\u2026"
        return info
    except BaseException:
        try:
            name = type_name(exc)
        except BaseException:
            name = "Exception"
        return {"type": name, "message": safe_str(exc)[:4000], "traceback": ""}


def _tf_spot(line):
    """A line TensorFlow names in its message, as the learner finds it: "cell 3, line 4", "line 12"."""
    loc = Sub.where(line)
    return ("cell %d, line %d" % (loc["cell"], loc["line"]) if "cell" in loc
            else "line %d" % loc["line"] if "line" in loc else "a line the grader added")


def _error_info(exc, tb=None):
    tb = tb if tb is not None else exc.__traceback__
    frames = [f for f in traceback.extract_tb(tb) if f.filename == Sub.filename]
    info = {"type": type_name(exc), "message": safe_str(exc)[:4000]}
    unbound = _unbound_name(exc)
    if unbound is not None:
        frames = _unbound_frames(frames, tb, unbound)
    if _HERE in info["message"]:  # the grader's own module's path (an import of `limits`): never shown
        info["message"] = _OWN_PATH.sub("", info["message"])
    if _SIBLING_FILES:  # raised in a module of the learner's beside the file: where, there (the frames are the file's only)
        own = [f for f in traceback.extract_tb(tb) if f.filename == Sub.filename or f.filename in _SIBLING_FILES]
        if own and own[-1].filename in _SIBLING_FILES and _type(own[-1].lineno) is int:
            info["message"] += " (raised in %s, line %d)" % (own[-1].filename, own[-1].lineno)
            if own[-1].lineno >= 1:  # a mistake named at the line that raised is told there (grade-suite RAISED_AT)
                info["sibling"] = {"file": own[-1].filename, "line": own[-1].lineno}
    try:  # a default the grader could not compute, used by the function (notebook._Deferred)
        default = exc.__dict__.get("_wlgrade_default")
    except Exception:
        default = None
    if _type(default) is str and str.isidentifier(default):  # the exception is the learner's: a str, not a subclass
        if _isinstance(exc, NameError):
            info["message"] += " (the default value of %s reads it, and the cases do not pass %s)" % (default, default)
        else:  # config['eps'] set by a line the grader leaves out
            info["message"] += (" (computing the default value of %s, which the cases do not pass, from what the grader "
                                "does not run: only imports, definitions and constants are)" % default)
    missing = getattr(exc, "name", None) if _isinstance(exc, NameError) else None  # .name: Python 3.10+
    if _isinstance(missing, str):
        missing = str.__str__(missing)  # a learner's str subclass: its methods do not run here
        spot = Sub.dropped.get(missing)
        nb = sys.modules.get("wlgrade_notebook")
        made = getattr(nb, "CLASS_FAILED", {}).get(missing) if nb is not None else None
        if made is not None:  # a class that raised when made: the line of its body that raised, else its own
            (cell, line), raised_at = made
            at = Sub.where(raised_at) if raised_at is not None else {}
            spot = at if "line" in at else (spot or _cell_line(cell, line))
        failed = nb.FAILED.get(missing) if spot is not None and nb is not None else None
        kind = "notebook" if Sub.cell_of_line is not None else "file"
        own = "a graded function must work from its own arguments, not from your %s's data" % kind
        helper = getattr(nb, "OWN_DEFS", {}).get(missing) if nb is not None else None
        if helper is not None:
            where, what, kind, said = helper
            info["message"] += (
                "; the def of %s at %s raised %s%s in %s: run top to bottom, that def raises there, so %s is "
                "not defined: fix %s" % (missing, describe_location(where), kind, " (%s)" % said if said else "",
                                         what, missing, "that decorator" if what == "the decorator" else "that default"))
        elif failed is not None and missing in getattr(nb, "OWN_FAILED", ()):
            info["message"] += (
                "; %s is %s at %s, which raised %s: fix that line so it runs"
                % (missing, "a class whose body stops" if made is not None else "assigned", describe_location(spot), failed))
        elif failed is not None:
            info["message"] += _slip_first(missing, tb, (
                "; %s is assigned at %s from what the grader does not have (%s): %s"
                % (missing, describe_location(spot), failed, own)), own)
        elif spot is not None and nb is not None and missing in nb.EARLY:
            read, at = nb.EARLY[missing]
            info["message"] += (
                "; %s is assigned at %s from %s, which the %s binds only further down (%s): run top to bottom, "
                "that line fails, so move it below (or the import above)"
                % (missing, describe_location(spot), read, kind, describe_location(_cell_line(*at))))
        elif spot is not None and nb is not None and missing in getattr(nb, "MAIN_GUARDED", ()):
            # In a notebook, the %%writefile cell of a module a later cell imports (notebook.main_runs).
            info["message"] += (
                "; %s is assigned at %s under if __name__ == \"__main__\":, which runs when you run the file, not "
                "when it is imported, as %s: %s" % (missing, describe_location(spot), "your notebook imports the file that cell "
                                                    "writes" if kind == "notebook" else "the grader imports it", own))
        elif spot is not None:
            info["message"] += _slip_first(missing, tb, (
                "; %s is assigned at %s by top-level code the grader does not run (data loading, training, "
                "calls on your data): %s" % (missing, describe_location(spot), own)), own)
        elif missing in _COURSE_DATA:
            info["message"] += "; %s is the course notebook's data, which the grader does not have: %s" % (
                missing, _own_arguments(tb) or "a graded function must work from its own arguments")
        else:
            mod = sys.modules.get("submission")
            star = nb.failed_star_import(mod.__dict__) if nb is not None and mod is not None else None
            # np or K left to `from util import *`: the import to write says more than "copy what
            # your functions need from util", which names no line to copy.
            if star is not None and missing not in _ALIASES:
                cell, line, module = star
                at = "cell %d, line %d" % (cell, line) if kind == "notebook" else "line %d" % line
                info["message"] += (
                    "; nothing in your %s defines %s: a typo, or a name that `from %s import *` (%s), which "
                    "could not be imported here, was meant to provide (copy what your functions need from it "
                    "into your %s)" % (kind, missing, module, at, kind))
            else:
                info["message"] += alias_hint(missing, kind) or _py2_hint(missing) or close_in_scope(missing, tb)
    if unbound is not None:
        info["message"] += _unbound_hint(unbound, tb)
    if _isinstance(exc, SyntaxError) and exc.filename == Sub.filename and exc.lineno:
        info.update(Sub.where(exc.lineno))
        info["message"] = safe_str(exc.msg)
        text = safe_str(exc.text or "").rstrip()
        info["traceback"] = ("%s\n    %s" % (describe_location(Sub.where(exc.lineno)), text.strip()))[:8000]
        return info
    if frames:
        info.update(Sub.where(frames[-1].lineno))
    elif info["message"].startswith("in user code:"):
        # Raised inside a tf.function: no frame of the file, TensorFlow names its line in the
        # message. That line is one of the source as compiled (a notebook's cells joined, a .py's
        # definitions): where() gives the cell and line the learner can find, or nothing.
        # The message's own numbers are rewritten so (grade-case.ts tfUserCode) reads no other.
        spot = re.compile(r'File "%s", line (\d{1,7}), in ' % re.escape(Sub.filename))
        found = spot.findall(info["message"])
        if found:
            info.update(Sub.where(int(found[-1])))
            info["message"] = spot.sub(lambda m: 'File "%s", %s, in ' % (Sub.filename, _tf_spot(int(m.group(1)))), info["message"])
    lines = []
    # The frames of the learner's modules beside the file too (`own`, above), each at its file's line:
    # the line that raised is the last one shown, as in a traceback of one file.
    for f in (own if _SIBLING_FILES and own else frames)[-4:]:
        at = describe_location(Sub.where(f.lineno)) if f.filename == Sub.filename else "%s, line %d" % (f.filename, f.lineno)
        lines.append("%s, in %s" % (at, f.name))
        if f.line:
            lines.append("    " + f.line.strip())
    info["traceback"] = "\n".join(lines)[:8000]
    if _isinstance(exc, ModuleNotFoundError) and getattr(exc, "name", None) and not _on_start_path(safe_str(exc.name)):
        info["module"] = safe_str(exc.name)[:200]
        info.update(_import_origin(info["module"], tb))
    return info


def _site_dirs():
    """This Python's installed-package folders, read when the runner starts, before learner code runs."""
    try:
        import site
        dirs = list(site.getsitepackages()) + [site.getusersitepackages()]
    except BaseException:  # a Python built without site's helpers (a venv's old site.py)
        dirs = [d for d in sys.path if d.endswith(("site-packages", "dist-packages"))]
    return tuple(os.path.join(_realpath(d), "") for d in dirs if d)


_realpath = os.path.realpath  # as it was before learner code ran (which could replace os.path's)
_SITE_DIRS = _site_dirs()


_listdir = os.listdir
_isdir = os.path.isdir
_BUILTIN_MODULES = frozenset(sys.builtin_module_names)


def _start_path():
    """sys.path as the runner started, before learner code ran, less wlgrade's own folders (runner.py's,
    the shim's: `import notebook` is not the grader's notebook.py)."""
    here = os.path.join(_realpath(_HERE), "")
    return tuple(p for p in sys.path if p and not os.path.join(_realpath(p), "").startswith(here))


_START_PATH = _start_path()


def _suffixes():
    try:
        import importlib.machinery
        return tuple(importlib.machinery.all_suffixes())
    except BaseException:  # no importlib.machinery: the plain source and bytecode suffixes
        return (".py", ".pyc")


_MODULE_SUFFIXES = _suffixes()
# The import system's finders as the runner started (the machine's own, a sitecustomize's too),
# before learner code could add one; PathFinder's folders are read directly (_on_start_path).
_START_FINDERS = tuple(sys.meta_path)


def _path_finder():
    try:
        import importlib.machinery
        return importlib.machinery.PathFinder
    except BaseException:
        return None


_PathFinder = _path_finder()


def _on_start_path(module):
    """Whether this Python has `module` (dotted: each part a folder below the one before) in its
    library or installed packages, read from the folders themselves, with no code of the module run.
    A ModuleNotFoundError for one it has is the file's own doing, not a package missing from the
    machine: None put in sys.modules under the package's name, a finder or sys.path of its own."""
    parts = module.split(".")
    for finder in _START_FINDERS:
        if finder is _PathFinder:
            break  # the folders of sys.path: read below, as they are
        try:
            found = finder.find_spec(parts[0], None)
        except ImportError:
            return False  # a finder of the machine's own that hides it (a sitecustomize's): not there
        except BaseException:  # a finder that cannot answer for a top-level name
            continue
        if found is not None:
            return _len(parts) == 1
    if parts[0] in _BUILTIN_MODULES:
        return len(parts) == 1
    dirs = _START_PATH
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        below = []
        for d in dirs:
            try:
                names = _listdir(d)
            except (OSError, TypeError, ValueError):  # a zip on sys.path, a folder gone or unreadable
                continue
            for n in names:
                if n == part and _isdir(os.path.join(d, n)):
                    if last:
                        return True
                    below.append(os.path.join(d, n))
                elif last and n.startswith(part + ".") and n[len(part):] in _MODULE_SUFFIXES:
                    return True
        if not below:
            return False
        dirs = below
    return False


def _module_spec_type():
    try:
        import importlib.machinery
        return importlib.machinery.ModuleSpec
    except BaseException:
        return None


_ModuleSpec = _module_spec_type()


def _installed_module(mod):
    """Whether `mod` was loaded by the import system from a file of this Python's library or installed
    packages (its spec's origin under the start path), not made by the file (types.ModuleType put in
    sys.modules), whose missing names say nothing of what the machine has installed."""
    try:
        spec = object.__getattribute__(mod, "__dict__").get("__spec__")
        origin = spec.origin if _ModuleSpec is not None and _type(spec) is _ModuleSpec else None
        if _type(origin) is not str:
            return False
        path = _realpath(origin)
    except BaseException:  # a module whose __dict__ or spec is not what the import system makes
        return False
    return any(path.startswith(os.path.join(_realpath(d), "")) for d in _START_PATH)


# Modules of Python's own library that only another platform's Python has: sys.stdlib_module_names
# lists every platform's, so `import winreg` (or asyncio.windows_events, which imports _overlapped)
# read as "a module of Python's own library this Python lacks", the machine's, blank on every run
# on Linux, whatever staff install (red team 30).
_PLATFORM_ONLY = {
    "win32": ("_msi", "_overlapped", "_winapi", "_wmi", "msilib", "msvcrt", "nt", "winreg", "winsound"),
    "darwin": ("_scproxy",),
}
_ELSEWHERE = frozenset(m for plat, mods in _PLATFORM_ONLY.items() if not sys.platform.startswith(plat) for m in mods)


def _stdlib_lacked(module):
    """Whether `module` is of this platform's Python library (_ELSEWHERE left out) and this Python
    lacks its top-level module itself: a submodule missing from one it has (os.madeup, json.madeup)
    is a name it lacks, not a part of the library the machine lacks. Also import_facts.py's rule."""
    top = module.split(".")[0]
    return top not in _ELSEWHERE and top in getattr(sys, "stdlib_module_names", ()) and not _on_start_path(top)


def _import_origin(module, tb):
    """What says a missing module is the machine's, not the file's (grade-suite.ts importProblem):
    "stdlib" when it is a module of Python's own library that this Python lacks (tkinter without Tk;
    not one only another platform's Python has, _ELSEWHERE, whoever imported it),
    "within" the installed package whose own code imported it (tensorflow asking for a dependency
    that is not there), from the first frame after the file's last that lies in an installed-package
    folder: a folder of the learner's own named site-packages is none of those, and a frame's code
    must be what that folder's file compiles to (_code_in_file)."""
    out = {}
    top = module.split(".")[0]
    if top in _ELSEWHERE:
        # Whoever imported it (the file, or an installed package's code for another platform, as
        # click._winconsole imports msvcrt), no machine of this kind can have it: the file's.
        return out
    if _stdlib_lacked(module):
        out["stdlib"] = True
    codes = []  # the traceback's code objects, walked here (extract_tb heeds a sys.tracebacklimit learner code sets)
    while tb is not None and _len(codes) < 1000:
        codes.append(tb.tb_frame.f_code)
        tb = tb.tb_next
    last = max([i for i, c in enumerate(codes) if c.co_filename == Sub.filename] or [-1])
    first = None
    for i, code in enumerate(codes[last + 1:], last + 1):
        name = code.co_filename
        path = _realpath(name) if _type(name) is str and name and not name.startswith("<") else ""
        site_dir = next((d for d in _SITE_DIRS if path.startswith(d)), None)
        if site_dir is not None:
            top = re.match(r"[A-Za-z_][A-Za-z0-9_]*", path[len(site_dir):])
            # Code compiled under an installed file's name (compile(src, ".../numpy/__init__.py")) is not that file's.
            if top is not None and _code_in_file(code, path):
                first = (i, top.group(0)[:200])
            break
    # The package's own code names the module it imports (import absl, "tensorflow" given to a lazy
    # loader): one that only imports what its caller passes (importlib.import_module(name)) was
    # handed the file's own name, which is no dependency the package lacks.
    if first is not None and any(_names_module(c, module) for c in codes[first[0]:]):
        out["within"] = first[1]
    return out


# `from TOP`, `import TOP`, or TOP later in an import's list (`import os, TOP`, `import numpy as np, TOP`).
_IMPORT_WORDS = "(?:^|[\\s;])(?:from\\s+%s\\b|import\\s+(?:[\\w.]+(?:\\s+as\\s+\\w+)?\\s*,\\s*)*%s\\b)|[\"']%s(?:[\"'.])"


def _names_module(code, module):
    """Whether the installed file `code` runs from (a frame of the package's, _import_origin) names
    `module`'s top-level name in an import statement or a string: read from the file on disk."""
    path = code.co_filename
    if _type(path) is not str or not path or path.startswith("<") or not any(_realpath(path).startswith(d) for d in _SITE_DIRS):
        return False
    top = re.escape(module.split(".")[0])
    try:
        with _open(path, "rb") as fh:
            text = fh.read(4_000_000).decode("utf-8", "replace")
    except BaseException:  # gone or unreadable: nothing to show it
        return False
    return re.search(_IMPORT_WORDS % (top, top, top), text, re.M) is not None


_compile = compile
_open = open
_CodeType = types.CodeType


def _code_in_file(code, path):
    """Whether `code` is one the file at `path` compiles to, as it is on disk (same name, first line
    and bytecode): learner code can give compile() any file name, and its frames then claim that file."""
    try:
        with _open(path, "rb") as fh:
            stack = [_compile(fh.read(), path, "exec", dont_inherit=True)]
    except BaseException:  # not Python source (a .pyc alone), gone or unreadable: nothing to show it
        return False
    while stack:
        c = stack.pop()
        if c.co_name == code.co_name and c.co_firstlineno == code.co_firstlineno and c.co_code == code.co_code:
            return True
        stack.extend(k for k in c.co_consts if _type(k) is _CodeType)
    return False


# The course notebook's own data, which a graded function reads by mistake instead of its arguments
# (`np.sum(train_generator.labels, axis=0)`, `freq_neg[i]` inside the loss): a NameError for one of
# them, with nothing in the submission defining it, says so and which arguments to use.
_COURSE_DATA = frozenset(("train_generator", "valid_generator", "test_generator", "train_df", "valid_df", "test_df",
                          "freq_pos", "freq_neg", "pos_contribution", "neg_contribution"))


def _and(names):
    return names[0] if _len(names) == 1 else "%s and %s" % (", ".join(names[:-1]), names[-1])


def _params(code):
    return [n for n in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount] if n != "self"]


def _own_arguments(tb):
    """What the function that raised has instead of the notebook's data: "use weighted_loss's y_true
    and y_pred and get_weighted_loss's pos_weights, neg_weights and epsilon", from the innermost
    frame of the submission's and, for a nested function, the submission's function that defines
    it. '' when that is top-level code or takes nothing."""
    try:
        code = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == Sub.filename:
                code = tb.tb_frame.f_code
            tb = tb.tb_next
        if code is None or code.co_name.startswith("<"):
            return ""
        groups = [(code.co_name, _params(code))]
        mod = sys.modules.get("submission")
        if code.co_freevars and mod is not None:
            for value in list(mod.__dict__.values()):
                outer = value.__code__ if _type(value) is types.FunctionType else None
                if outer is not None and outer.co_filename == Sub.filename and any(c is code for c in outer.co_consts):
                    groups.append((outer.co_name, _params(outer)))
                    break
        said = ["%s's %s" % (name, _and(params)) for name, params in groups if params]
        return "use %s instead" % " and ".join(said) if said else ""
    except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
        return ""


# The names code conventionally gives a module, and the import that gives it: a NameError for one
# of them is most often that import written without its alias (`import numpy`), or left out.
_ALIASES = {
    "np": ("numpy", "import numpy as np"),
    "pd": ("pandas", "import pandas as pd"),
    "tf": ("tensorflow", "import tensorflow as tf"),
    "K": ("keras.backend", "from keras import backend as K"),
    "plt": ("matplotlib.pyplot", "import matplotlib.pyplot as plt"),
    "torch": ("torch", "import torch"),
    "F": ("torch.nn.functional", "import torch.nn.functional as F"),
    "nn": ("torch.nn", "import torch.nn as nn"),
    "ops": ("keras.ops", "from keras import ops"),
}


def _slip_first(missing, tb, said, own):
    """`said` ("; pos_weights is assigned at ... the grader does not run ...: `own`") after the
    parameter one slip from `missing` that the code meant, when there is one (learners 34: `def
    get_weighted_loss(pos_weight, neg_weight, ...)` reading pos_weights, which the file's own
    data-loading code assigns): "; did you mean pos_weight (get_weighted_loss's parameter)? Your
    pos_weights is assigned at ...", without `own`, which the parameter says (the report keeps a
    message's first 300 characters). A slip to a variable or a global is no such case: `said`."""
    slip = close_in_scope(missing, tb)
    if not slip.endswith("'s parameter)?") or not said.startswith("; %s " % missing):
        return said
    tail = ": " + own
    return "%s Your %s." % (slip, said[2:-_len(tail)] if said.endswith(tail) else said[2:])


# Python 2's builtins that Python 3 dropped, and what to write instead (learners 36: `for i in
# xrange(len(pos_weights))` in a loss otherwise right). A NameError for one says so.
_PY2_NAMES = {
    "xrange": "write range instead",
    "raw_input": "write input instead",
    "unicode": "write str instead",
    "basestring": "write str instead",
    "unichr": "write chr instead",
    "long": "write int instead",
    "reduce": "write `from functools import reduce` above your functions",
}


def _py2_hint(missing):
    fix = _PY2_NAMES.get(missing)
    return "; %s is Python 2's, which Python 3 does not have: %s" % (missing, fix) if fix else ""


_UNBOUND = re.compile(r"local variable '([A-Za-z_][A-Za-z_0-9]{0,199})'")
# The instructions that read a function's local by name (3.10-3.13); one of them raises UnboundLocalError.
_LOCAL_LOADS = ("LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_FAST_AND_CLEAR", "LOAD_FAST_LOAD_FAST", "DELETE_FAST")


def _unbound_name(exc):
    """The local an UnboundLocalError of the file's is about (Python sets no .name on it), or None."""
    if not _isinstance(exc, UnboundLocalError):
        return None
    found = _UNBOUND.search(safe_str(exc)[:400])
    return found.group(1) if found else None


def _unbound_site(tb):
    """(code, instructions, index of the one that raised) of the file's last frame in `tb`, or None."""
    import dis

    last = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == Sub.filename:
            last = tb
        tb = tb.tb_next
    if last is None:
        return None
    code = last.tb_frame.f_code
    ins = list(dis.get_instructions(code))[:100000]
    at = next((k for k, i in enumerate(ins) if i.offset == last.tb_lasti), None)
    return None if at is None else (code, ins, at)


def _unbound_frames(frames, tb, name):
    """`frames` with the last one at the line that reads `name`. CPython 3.11 quickens a function
    after ~8 calls into superinstructions (STORE_FAST__LOAD_FAST, LOAD_CONST__LOAD_FAST) whose
    second half raising UnboundLocalError reports the first half's line: `loss += ...` unstarted was
    told at its loop's `for` line from the 8th case on, one mistake at two lines. The instruction
    that raised is read from the deoptimised bytecode: when it does not read `name` and the next one
    does, that one raised."""
    try:
        site = _unbound_site(tb)
        if site is None or not frames:
            return frames
        _code, ins, at = site
        here = ins[at]
        if (here.opname in _LOCAL_LOADS and name in (here.argval if _type(here.argval) is tuple else (here.argval,))) or at + 1 >= _len(ins):
            return frames
        nxt = ins[at + 1]
        if nxt.opname not in _LOCAL_LOADS or nxt.argval != name:
            return frames
        line = nxt.positions.lineno if getattr(nxt, "positions", None) is not None else None
        last = frames[-1]
        if _type(line) is not int or line == last.lineno:
            return frames
        return frames[:-1] + [traceback.FrameSummary(last.filename, line, last.name)]
    except Exception:  # a hint must never stop grading
        return frames


def _unbound_hint(name, tb):
    """Why `name` has no value where the function reads it: an assignment in the function that hides
    the enclosing function's (or the file's) name of the same spelling (`pos_weights =
    K.constant(pos_weights)` inside the loss), or an accumulator added to before its start (`loss +=`
    with the template's `loss = 0.0` deleted). '' when neither can be told."""
    try:
        site = _unbound_site(tb)
        if site is None:
            return ""
        code, ins, _at = site
        stores = [k for k, i in enumerate(ins) if i.opname == "STORE_FAST" and i.argval == name]
        if not stores:
            return ""
        fn = code.co_name
        outer = None
        mod = sys.modules.get("submission")

        def chain(c, depth):
            # The function of the file whose nested defs lead to `code`, outermost first.
            if c is code:
                return [c]
            if depth > 50:
                return None
            for k in c.co_consts:
                if _type(k) is _CodeType:
                    found = chain(k, depth + 1)
                    if found is not None:
                        return [c] + found
            return None

        if mod is not None:
            for value in list(mod.__dict__.values())[:10000]:
                if _type(value) is types.FunctionType and value.__code__.co_filename == Sub.filename:
                    found = chain(value.__code__, 0)
                    if found is not None:
                        for c in reversed(found[:-1]):
                            argc = c.co_argcount + c.co_kwonlyargcount
                            if name in c.co_varnames[:argc]:
                                outer = "%s's parameter %s" % (c.co_name, name)
                                break
                            if name in c.co_varnames or name in c.co_cellvars:
                                outer = "%s's %s" % (c.co_name, name)
                                break
                        break
            if outer is None and name in mod.__dict__:
                outer = "your file's %s" % name
        if outer is not None:
            line = ins[stores[0]].positions.lineno if getattr(ins[stores[0]], "positions", None) is not None else None
            # "line 14" or "cell 3, line 4", not the file's name: an LMS export's long one would push the
            # fix past the 300 characters the report keeps.
            at = " (%s)" % _tf_spot(line) if _type(line) is int else ""
            # Short: the report keeps a message's first 300 characters, Python's own takes ~90.
            return "; %s assigns %s%s, so %s in it is its own, not %s: name the new value otherwise" % (
                fn, name, at, name, outer)

        def augmented(k):
            op = ins[k - 1] if k > 0 else None
            return op is not None and (op.opname.startswith("INPLACE_") or (op.opname == "BINARY_OP" and str(op.argrepr).endswith("=")))

        if all(augmented(k) for k in stores):
            return ("; %s is added to before anything is assigned to it in %s: give it its start before the loop, %s = 0.0"
                    % (name, fn, name))
        return "; %s reads %s here before any line of it has assigned %s a value: assign it first" % (fn, name, name)
    except Exception:  # a hint must never stop grading
        return ""


def close_in_scope(missing, tb):
    """For a NameError Python gives no "did you mean" for (a name of the enclosing factory's, which
    the loss never reads, so no closure holds it: `neg_weight` for get_weighted_loss's neg_weights):
    "; did you mean neg_weights (get_weighted_loss's parameter)?" when exactly one name of the
    function that raised, the functions it is nested in, or the module is one letter away or the
    plural or singular of `missing`. '' otherwise (none, or more than one)."""
    try:  # a hint must never stop grading
        code = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == Sub.filename:
                code = tb.tb_frame.f_code
            tb = tb.tb_next
        names = {}  # name -> what it is, the first scope from inside out that has it
        mod = sys.modules.get("submission")

        def chain(outer, seen):
            # The code objects from `outer` down to `code`, through nested defs' co_consts.
            if outer is code:
                return [outer]
            if seen[0] > 5000:
                return None
            for k in outer.co_consts:
                if _type(k) is _CodeType:
                    seen[0] += 1
                    found = chain(k, seen)
                    if found is not None:
                        return [outer] + found
            return None

        scopes = [code] if code is not None and not code.co_name.startswith("<") else []
        if code is not None and mod is not None:
            seen = [0]
            for value in list(mod.__dict__.values()):
                outer = value.__code__ if _type(value) is types.FunctionType else None
                found = chain(outer, seen) if outer is not None and outer.co_filename == Sub.filename else None
                if found is not None:
                    scopes = [c for c in reversed(found) if not c.co_name.startswith("<")]
                    break
        for c in scopes:
            argc = c.co_argcount + c.co_kwonlyargcount + bool(c.co_flags & 4) + bool(c.co_flags & 8)
            for i, n in enumerate(c.co_varnames + c.co_cellvars):
                names.setdefault(n, "%s's %s" % (c.co_name, "parameter" if i < argc else "variable"))
        if mod is not None:
            for n in list(mod.__dict__)[:10000]:
                if _type(n) is str:
                    names.setdefault(str.__str__(n), "a name of your file")

        def slip(n):
            return (n != missing and not n.startswith("__") and _len(n) <= 200
                    and (_one_edit(missing, n) or n == missing + "es" or missing == n + "es"))

        if missing in names:
            return ""  # a name the scope has, not yet assigned ("cannot access free variable"): no slip
        found = [n for n in names if slip(n)] if _len(missing) >= 3 else []
        if _len(found) != 1:
            return ""
        return "; did you mean %s (%s)?" % (found[0], names[found[0]])
    except BaseException:
        return ""


def alias_hint(missing, kind):
    """For a NameError on `np` (or `pd`, `K` ...): the import to write, and where the submission
    imports that module under another name, if it does. '' for any other name."""
    if missing not in _ALIASES:
        return ""
    module, fix = _ALIASES[missing]
    # "torch is the module's own name", not "torch is the usual name for torch".
    usual = "%s is the module's own name" % missing if missing == module else "%s is the usual name for %s" % (missing, module)
    top = "to a cell above your functions" if kind == "notebook" else "to the top of your file"
    try:  # a hint must never stop grading (the trees can be the learner's: wlgrade_notebook.TREES)
        spot = _import_under_other_name(module)
        if spot is not None:
            bound, where, inside = spot
            at = describe_location(where)
            if bound != missing:
                return ("; %s, which your %s imports as %s (%s): write `%s` there"
                        % (usual, kind, bound, at, fix))
            # Under that very name, where it binds nothing the graded functions see: "write
            # `import numpy as np` there" named the line that already says so.
            if inside[0] == "main" and kind != "notebook":  # a notebook's __name__ is '__main__'
                why = "only under `if __name__ == '__main__':` (%s), which does not run when the grader imports your %s" % (at, kind)
            elif inside[0] == "def":
                why = "only inside %s() (%s), where the name is that function's own" % (inside[1], at)
            elif inside[0] == "class":
                why = "only in the body of class %s (%s), where the name is %s.%s" % (inside[1], at, inside[1], missing)
            else:
                why = "at %s, a line that had not run when your functions were called" % at
            return "; %s, which your %s imports %s: move `%s` %s" % (usual, kind, why, fix, top)
        left = _left_for_syntax(module)
        if left is not None:
            return ("; %s, which your notebook imports in cell %d, a cell left out for its SyntaxError (see the note): "
                    "fix that cell, or add `%s` %s" % (usual, left, fix, top))
    except Exception:
        pass
    return ("; %s, and your %s never imports it under that name: add `%s` above "
            "your functions" % (usual, kind, fix))


def _left_for_syntax(module):
    """The first notebook cell left out for its SyntaxError (wlgrade_notebook.SYNTAX_LEFT) whose text
    has an import of `module` at a line's start, or None."""
    nb = sys.modules.get("wlgrade_notebook")
    left = getattr(nb, "SYNTAX_LEFT", None) or {}
    last = module.rpartition(".")
    pattern = re.compile(r"^[ \t]*(?:import[ \t]+%s\b|from[ \t]+%s[ \t]+import[ \t]+%s\b)"
                         % (re.escape(module), re.escape(last[0] or module), re.escape(last[2])), re.M)
    for cell in sorted(left):
        if _isinstance(left[cell], str) and pattern.search(left[cell][:1 << 20]):
            return cell
    return None


def _import_under_other_name(module):
    """(the name bound, location, where it sits) of the first import of `module` in the submission,
    every cell included (a notebook's unused imports do not run), breadth first: one at the top level
    before one nested. Where it sits: ("top",), ("main",) under `if __name__ == '__main__':`, ("def",
    name) or ("class", name), the outermost. None if there is none."""
    import ast

    nb = sys.modules.get("wlgrade_notebook")
    if nb is not None and nb.TREES:
        trees = [(cell, tree) for cell, _text, tree in nb.TREES]
    else:
        entry = linecache.cache.get(Sub.filename)
        trees = [(None, ast.parse("".join(entry[2])))] if entry else []
    notebook = Sub.cell_of_line is not None
    for cell, tree in trees:
        inside = {}  # id(statement) -> where it sits, for the statements under a def, class or main guard
        for node in _statements(tree):
            here = inside.get(id(node), ("top",))
            if here == ("top",):
                if _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    here = ("def", node.name)
                elif _isinstance(node, ast.ClassDef):
                    here = ("class", node.name)
                elif _isinstance(node, ast.If) and _is_main_guard(node.test):
                    here = ("main",)
            for field in _STATEMENT_FIELDS:
                block = getattr(node, field, None)
                if _type(block) is list and here != ("top",) and node is not tree:
                    for child in block:
                        inside[id(child)] = here
            if _isinstance(node, ast.Import):
                found = [(a.asname or a.name.split(".")[0]) for a in node.names if a.name == module]
            elif _isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found = [(a.asname or a.name) for a in node.names if "%s.%s" % (node.module, a.name) == module]
            else:
                continue
            if found:
                where = {"cell": cell, "line": node.lineno} if notebook and cell is not None else {"line": node.lineno}
                return found[0], where, inside.get(id(node), ("top",))
    return None



def safe_str(exc):
    """str(exc) as a plain str. str() returns what __str__ does, which may be a str subclass of the
    learner's, and the runner slices, concatenates and tests what it gets: a subclass whose
    __getitem__ returned a set made the record unencodable, which the grader reports as a bug in
    wlgrade (red team 19). str.__str__ copies a subclass's characters into a plain str, in C."""
    try:
        text = str(exc)
        return text if _type(text) is str else str.__str__(text)
    except BaseException:  # a hostile __str__
        return "<unprintable %s>" % str.__str__(_type(exc).__name__)


# ----------------------------------------------------------------------------------------
# Values returned by learner code, described as plain data
# ----------------------------------------------------------------------------------------

# How many characters the items of a result's lists and tuples may take in its record, arrays'
# values aside (budget[0] counts those). A list holds at most 64 items and nests 4 deep, so 64**4
# leaves: a loss returning [[[[0.5] * 64] * 64] * 64] * 64 (honest code, no forging) made a 67 MB
# record line, over the channel's 8 MiB, and every case read "the grader could not read the
# Python side's answers (they were overwritten or corrupted)" (red team 19).
SEQUENCE_CHARS = 2000000


def encode(v, np, budget, depth=0):
    """The value as plain data. `budget` ([n]) is how many array values the whole result may
    still send: a tuple of many references to one large array counts each time. Its second slot,
    added here, is how many characters the items of its lists and tuples may still take
    (SEQUENCE_CHARS): past it a sequence is sent truncated."""
    if _len(budget) < 2:
        budget.append(SEQUENCE_CHARS)
    t = _type(v)
    if t is bool or t is np.bool_:
        return {"kind": "other", "pytype": "bool", "repr": "True" if v else "False"}
    if t is float:
        return {"kind": "number", "pytype": "float", "value": wire(v)}
    if t is int:
        try:
            x = _float(v)
        except OverflowError:  # 10 ** 400: no float holds it
            return {"kind": "other", "pytype": "int", "repr": ""}
        return {"kind": "number", "pytype": "int", "value": x}
    if t in _NP_SCALARS(np):
        if t is np.complex64 or t is np.complex128:
            return {"kind": "other", "pytype": "numpy." + t.__name__, "repr": ""}
        return {"kind": "number", "pytype": "numpy." + t.__name__, "dtype": dtype_name(np.dtype(t)), "value": wire(v)}
    exact = _stdlib_number(v, t)
    if exact is not None:
        return {"kind": "number", "pytype": exact[0], "value": wire(exact[1])}
    origin = None
    arr = None
    stdlib_array = sys.modules.get("array")
    if stdlib_array is not None and t is stdlib_array.array:
        # An array.array (the exact type: a subclass's methods are the learner's) is read through
        # the buffer protocol, in C.
        arr, origin = np.asarray(v), "array.array"
    elif _isinstance(v, np.ndarray):
        # A plain-ndarray view of a subclass: C-level, so no learner method runs.
        arr = np.ndarray.view(v, np.ndarray)
        if t is not np.ndarray:
            origin = (safe_str(getattr(t, "__module__", "?")) + "." + safe_str(getattr(t, "__name__", "?")))[:200]
    else:
        arr, origin = framework_array(v, np)
        # A framework's conversion is learner-reachable (a torch.Tensor subclass's detach, cpu or
        # numpy, its __torch_function__, a tf.Variable subclass's numpy): what it returns is read
        # only as the plain ndarray it must be. An object claiming shape (10 ** 100,) made a
        # record the grader refused, every case "Not graded" instead of failed (red team 19).
        if arr is not None:
            arr = np.ndarray.view(arr, np.ndarray) if issubclass(_type(arr), np.ndarray) else None
            if arr is None:
                return {"kind": "other", "pytype": origin, "repr": ""}
    if arr is not None:
        return encode_array(arr, np, budget, origin)
    if _isinstance(v, (tuple, list)) and depth < 4:
        # A tuple subclass (a namedtuple, torch.Size) is a tuple: it unpacks like one. Its items
        # are read through the base type (C-level), so no method of a learner's subclass runs.
        base = tuple if _isinstance(v, tuple) else list
        items = []
        head = base.__getitem__(v, slice(0, 64))
        for i, x in enumerate(head):
            # Each item may take an even share of what is left, so the outer items are all sent
            # (a pair stays a pair) and the deepest lists are the ones cut short.
            left = budget[1]
            share = left // (_len(head) - i)
            if share <= 0:
                break
            sub = [budget[0], share]
            item = encode(x, np, sub, depth + 1)
            budget[0] = sub[0]
            # Its characters on the wire, roughly: what a nested sequence's items took, and its own.
            cost = 48 + _len(item.get("pytype", "")) + _len(item.get("repr", "")) + _len(item.get("dtype", ""))
            budget[1] = left - (share - sub[1]) - cost
            items.append(item)
        out = {"kind": "sequence", "pytype": base.__name__, "items": items}
        if base.__len__(v) > _len(items):
            out["truncated"] = True
        return out
    # A class's __module__ and __qualname__ are any object the learner sets (a str subclass whose
    # + and slicing return what it likes): read as plain strs.
    name = safe_str(getattr(t, "__module__", "?")) + "." + safe_str(getattr(t, "__qualname__", "?"))
    if name.startswith("builtins."):
        name = name[len("builtins."):]
    rep = ""
    if v is None:
        rep = "None"
    elif t is str:
        # repr spells a character it cannot print as up to 10 ("\\U000e0000"): 200 of them made
        # 2,002 characters, over the protocol's 2,000 for a repr, and the record a corrupt channel
        # (every case "Not graded") for a loss that returned a string (red team 19).
        rep = repr(v[:200])
        if _len(rep) > 1000:
            rep = rep[:999] + "\u2026"
    return {"kind": "other", "pytype": name[:200], "repr": rep}


# A Fraction wider than this many bits is no result a loss or a frequency gives; its float is not
# computed (a division of two huge ints takes time).
_FRACTION_BITS = 4096


def _stdlib_number(v, t):
    """A fractions.Fraction or a decimal.Decimal, the standard library's exact numbers, as
    (pytype, float), or None: a loop over Python lists may keep exact frequencies as Fractions, or
    sum a loss in Decimal (correct 31). Only the exact types are read, and no method of theirs is
    called a learner could have replaced: a Fraction's two ints through its slots' C descriptors
    (Fraction is a Python class; its attributes can be reassigned), a Decimal through the C
    module's immutable type. A Decimal sNaN, which float() refuses, or a Fraction too wide, is None."""
    fractions = sys.modules.get("fractions")
    if fractions is not None and t is getattr(fractions, "Fraction", None):
        slots = [t.__dict__.get("_numerator"), t.__dict__.get("_denominator")]
        if not all(_type(s) is _MEMBER_DESCRIPTOR for s in slots):
            return None
        try:
            num, den = (s.__get__(v) for s in slots)
        except Exception:
            return None
        if _type(num) is not int or _type(den) is not int or den <= 0 or num.bit_length() > _FRACTION_BITS or den.bit_length() > _FRACTION_BITS:
            return None
        try:
            return "fractions.Fraction", num / den
        except OverflowError:
            return None
    c_decimal = sys.modules.get("_decimal")
    if c_decimal is not None and t is getattr(c_decimal, "Decimal", None) and _type(t.__dict__.get("__float__")).__name__ == "wrapper_descriptor":
        try:
            return "decimal.Decimal", _float(v)
        except (ValueError, OverflowError):
            return None
    return None


def _object_numbers(items, np):
    """An object array's items as floats when each is a plain number (a float, an int, a numpy
    scalar that is not complex, a Fraction or a Decimal: _stdlib_number), else None. A bool, a
    str or anything of the learner's makes the array unreadable, as before."""
    out = []
    scalars = _NP_SCALARS(np)
    for x in items:
        t = _type(x)
        if t is float:
            out.append(x)
        elif t is int or (t in scalars and t is not np.complex64 and t is not np.complex128):
            try:
                out.append(_float(x))
            except OverflowError:
                return None
        else:
            exact = _stdlib_number(x, t)
            if exact is None:
                return None
            out.append(exact[1])
    return out


_SCALARS = None


def _NP_SCALARS(np):
    global _SCALARS
    if _SCALARS is None:
        names = ["float16", "float32", "float64", "longdouble", "int8", "int16", "int32", "int64",
                 "uint8", "uint16", "uint32", "uint64", "complex64", "complex128"]
        _SCALARS = frozenset(getattr(np, n) for n in names if hasattr(np, n))
    return _SCALARS


_TORCH_NARROW_FLOATS = ("bfloat16", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz")


def framework_array(v, np):
    """TensorFlow, PyTorch and JAX results, as numpy arrays. Only looks at frameworks already imported."""
    mods = sys.modules
    torch = mods.get("torch")
    if torch is not None and _isinstance(v, torch.Tensor):
        t = v.detach().cpu()
        # numpy has no bfloat16 (nor float8): torch's numpy() refuses it. float32 holds each value
        # exactly. Compared by identity: a learner's subclass may make dtype anything.
        dt = getattr(t, "dtype", None)
        if dt is not None and any(dt is getattr(torch, n, None) for n in _TORCH_NARROW_FLOATS):
            t = t.float()
        return t.numpy(), "torch.Tensor"
    tf = mods.get("tensorflow")
    if tf is not None:
        try:
            is_tf = _isinstance(v, (tf.Tensor, tf.Variable))
        except Exception:
            is_tf = False
        if is_tf:
            out = v.numpy() if tf.executing_eagerly() else _graph_value(tf, v)
            return _numpy_floats(np.asarray(out), np), "tensorflow.Tensor"
    jax = mods.get("jax")
    if jax is not None and hasattr(jax, "Array") and _isinstance(v, jax.Array):
        return _numpy_floats(np.asarray(v), np), "jax.Array"
    shim = mods.get("wlgrade_keras_shim")
    if shim is not None and _isinstance(v, getattr(shim, "Variable", ())):
        return np.ndarray.view(np.asarray(v.value), np.ndarray), "keras.Variable"
    # Keras 3's keras.Variable is no tf.Variable nor torch tensor: its value is the backend's
    # (correct 31). Read from the module's dict: the shim's keras stand-in answers other names itself.
    keras = mods.get("keras")
    kvar = keras.__dict__.get("Variable") if _isinstance(keras, types.ModuleType) else None
    if _isinstance(kvar, type) and _isinstance(v, kvar):
        inner = v.value
        if _isinstance(inner, np.ndarray):
            return inner, "keras.Variable"
        if not _isinstance(inner, kvar):
            arr, _ = framework_array(inner, np)
            if arr is not None:
                return arr, "keras.Variable"
    return None, None


def _graph_value(tf, v):
    """A symbolic tensor's value, in TensorFlow 1's graph mode (tf.compat.v1.disable_eager_execution()
    at the top of a file, as older course code has it): the graph the call built on the grader's
    inputs, which are constants in it, run in a session, its variables initialised."""
    v1 = tf.compat.v1
    graph = v.graph
    with v1.Session(graph=graph) as session:
        session.run(v1.variables_initializer(graph.get_collection(v1.GraphKeys.GLOBAL_VARIABLES)))
        return session.run(v)


def _numpy_floats(arr, np):
    """TensorFlow's and JAX's bfloat16 (and float8) arrays are ml_dtypes arrays, which numpy holds
    as raw bytes (kind 'V'): as float32, which holds each value exactly."""
    if _isinstance(arr, np.ndarray) and arr.dtype.kind == "V" and (arr.dtype.name == "bfloat16" or arr.dtype.name.startswith("float8")):
        return arr.astype(np.float32)
    return arr


_DTYPE_NAMES = {}


def dtype_name(dt):
    """str(dtype), cached: numpy builds the name in Python on every call."""
    name = _DTYPE_NAMES.get(dt)
    if name is None:
        name = str(dt)
        if _len(_DTYPE_NAMES) < 64:
            _DTYPE_NAMES[dt] = name
    return name


def encode_array(arr, np, budget, origin):
    if arr.ndim > 32:  # numpy allows 64 axes, the protocol 32
        return {"kind": "other", "pytype": "%s with %d axes" % (origin or "numpy.ndarray", arr.ndim), "repr": ""}
    kind = arr.dtype.kind
    # A non-numeric array is described by its dtype's name (complex128, |S1, a structured dtype's
    # fields, cut short); the grader reads what it holds from that.
    out = {"kind": "array", "pytype": "numpy.ndarray", "dtype": dtype_name(arr.dtype)[:200], "shape": [int(s) for s in arr.shape]}
    if origin:
        out["origin"] = origin
    if kind == "O" and arr.size <= budget[0]:
        # np.array of Fractions (or of plain numbers) is an object array: read when every item is
        # a plain number (correct 31), by the item's exact type, calling none of its methods.
        held = _object_numbers(np.ndarray.ravel(arr).tolist(), np)
        if held is not None:
            budget[0] -= arr.size
            out["values"] = [wire(x) for x in held]
            return out
    if kind not in "biuf":
        out["values"] = None
        return out
    if arr.size > budget[0]:
        out["values"] = None
        return out
    budget[0] -= arr.size
    flat = np.ndarray.ravel(arr.astype(np.float64))
    values = flat.tolist()
    # All finite (the usual case): the floats go out as they are; otherwise each is spelled out.
    out["values"] = values if _all_finite(values, flat, np) else [wire(x) for x in values]
    return out


# Up to this many values, _all_finite sums the list: a few µs less than numpy's isfinite and all
# (a ufunc, a temporary array and a reduction) on the small arrays a result usually is.
_SUM_CHECKED = 256


def _all_finite(values, flat, np):
    """Whether every value (flat's, as the list `values`) is finite. A small list is summed: the
    sum of finite floats is finite unless it overflows, and a NaN or an infinity makes it NaN or
    infinite; a sum that is not finite, or a longer list, is checked with numpy's isfinite, so an
    overflow is no NaN."""
    if _len(values) <= _SUM_CHECKED:
        total = _sum(values)
        if total - total == 0.0:
            return True
    return bool(np.isfinite(flat).all())


# ----------------------------------------------------------------------------------------
# Loading the submission
# ----------------------------------------------------------------------------------------

_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*\{")


def _misnamed(plan, raw):
    """The kind a file is, when its name says the other one: a notebook's JSON saved as .py (a
    notebook renamed, or "Save as" with the wrong name), or Python code saved as .ipynb. None when
    the name is right, or the content is neither."""
    brace = _JSON_START.match(raw) is not None  # no decoding first: a notebook may be megabytes of images
    if plan["kind"] == "py":
        if not brace:
            return None
        text = raw.decode("utf-8-sig", "replace")
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError, MemoryError):  # not JSON, or nested deeper than json reads (crafted)
            return None
        looks = _isinstance(doc, dict) and "nbformat" in doc and ("cells" in doc or "worksheets" in doc)
        return "ipynb" if looks else None
    if brace or raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # JSON, or a notebook saved as UTF-16
        return None
    text = raw.decode("utf-8-sig", "replace")
    try:
        compile(text, Sub.filename, "exec", 0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST: parsed, not run
    except Exception:
        return None
    return "py" if re.search(r"^(?:def|import|from)\s", text, re.M) else None


# What the runner says about how a file was loaded travels as facts ({"id": ..., and numbers,
# names, places}); the grader words them (grader/src/schema/load-note.ts). Learner code runs in this
# process and can reach every function and record here (red-team round 15 replaced emit; round 16
# sent a note of its own wording through it): a fact can only be worded as the grader words it.
_MISNAMED_NOTE = {"ipynb": {"id": "misnamed", "as": "ipynb"}, "py": {"id": "misnamed", "as": "py"}}


def declared_encoding(raw):
    """A .py decoded as its PEP 263 declaration says (`# -*- coding: shift_jis -*-` in its first
    two lines), as Python reads the file; None when it declares none or declares UTF-8 (the caller's
    own reading). Read as UTF-8 or Latin-1 instead, a Shift-JIS or Big5 file that Python runs had a
    SyntaxError (the second byte of 表 or 許 is a backslash, which escaped a closing quote: red team
    18) and exited 2. Python itself decides: the bytes are compiled as Python compiles a file. A
    declaration Python cannot read the file by (UTF-16 or UTF-32 declared in an ASCII file, UTF-7
    over code holding a '+', an unknown encoding, EBCDIC's cp037 over ASCII) is what Python stops
    at, while the file read as UTF-8 parses: Sub.encoding_error says so, and load_submission raises
    it as the file's SyntaxError (load 21). A UTF-7 file Python reads is read as UTF-7."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:  # an unknown encoding, or a UTF-8 BOM with another declared
        encoding, problem = None, str(exc)
    else:
        if encoding in ("utf-8", "utf-8-sig"):
            return None
        problem = None
    if problem is None:
        try:
            compile(raw, Sub.filename, "exec", 0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST: as Python reads it
            return raw.decode(encoding)
        except (SyntaxError, ValueError) as exc:
            problem = getattr(exc, "msg", None) or str(exc)
        except (MemoryError, RecursionError):
            return None
    try:  # read as UTF-8, does the file parse? Then the declaration is what Python stops at.
        compile(raw.decode("utf-8-sig"), Sub.filename, "exec", 0x400, dont_inherit=True)
    except BaseException:
        try:  # a file that does not parse either way: Python's reading, for the SyntaxError it has
            return raw.decode(encoding) if encoding is not None else None
        except (LookupError, UnicodeDecodeError, ValueError):
            return None
    first = raw.split(b"\n", 2)
    line = next((i + 1 for i, l in enumerate(first[:2]) if _CODING.match(l)), 1)
    said = _CODING.match(first[line - 1]) if line <= len(first) else None
    name = said.group(1).decode("ascii", "replace") if said else (encoding or "?")
    Sub.encoding_error = (line, name, str(problem).split("\n")[0][:300])
    return None


_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def install_siblings(plan):
    """The learner's own modules beside the graded file that it imports (plan["siblings"],
    grader/src/siblings.ts), importable by name from memory, as `python assignment.py` imports its
    folder's utils.py. The finder goes last on sys.meta_path: a sibling never stands in for a
    module the machine has (a learner's numpy.py) or for one of the grader's own. Installed once
    the set-up is done and hooks are refused (serve): a module the platform lacks that the standard
    library or a framework tries to import (_winapi, msvcrt) is then the learner's only when learner
    code imports it."""
    del _SIBLINGS_RAN[:]
    _SIBLING_FILES.clear()
    _GRADED_AS[0] = None
    siblings = plan.get("siblings") or []
    if not siblings:
        return
    _SIBLING_FILES.update(s["name"] for s in siblings)
    import importlib.util

    # A folder sent without __init__.py (its name ends with "/": `import data` of a folder data/): a
    # namespace package, no code of its own, as Python makes it.
    made = set(s["module"] for s in siblings if s["name"].endswith("/"))
    sources = {s["module"]: (s["name"], s["source"]) for s in siblings if s["module"] not in made}
    # Packages (a folder beside the file, pkg/utils.py): those sent with their __init__.py, and the
    # folders of a module sent that have none (namespace packages: no code of their own).
    packages = set(s["module"] for s in siblings if s.get("package"))
    for module in list(sources):
        parts = module.split(".")
        for k in range(1, _len(parts)):
            parent = ".".join(parts[:k])
            if parent not in sources:
                made.add(parent)
            packages.add(parent)

    class SiblingLoader:
        def create_module(self, spec):
            return None

        def exec_module(self, module):
            if module.__name__ in made:
                return
            name, source = sources[module.__name__]
            if module.__name__ not in _SIBLINGS_RAN:
                _SIBLINGS_RAN.append(module.__name__)  # what the report says ran with the file (sibling_facts)
            linecache.cache[name] = (_len(source), None, _PY_LINE.findall(source), name)
            module.__file__ = name
            try:
                code = compile(source, name, "exec", dont_inherit=True)
            except UnicodeEncodeError as exc:
                # A lone surrogate, which a UTF-16 file's unpaired half decodes to and no Python
                # source holds: Python's raw "'utf-8' codec can't encode ..." named no file (red team 34).
                at = exc.start if _isinstance(exc.start, int) and 0 <= exc.start < _len(source) else 0
                raise SyntaxError("a lone surrogate (\\u%04x), half of a UTF-16 pair and no character, which Python "
                                  "cannot run: delete it or retype the character there" % ord(source[at]),
                                  (name, source.count("\n", 0, at) + 1, 1, None)) from None
            exec(code, module.__dict__)

    loader = SiblingLoader()
    # A sibling importing the graded file back (helpers.py doing `from hw import EPS`): the module
    # being loaded, as when the file is imported as a module (`import hw`), partly run or not.
    own = plan.get("displayName") if plan.get("kind") == "py" else None
    own = own[:-3] if _isinstance(own, str) and own.endswith(".py") and own[:-3].isidentifier() and own[:-3] not in sources else None
    _GRADED_AS[0] = own

    absent = object()

    class GradedModule(types.ModuleType):
        """The graded module as its siblings import it back: its names, read at each use (a name
        its top level has not bound yet raises ImportError saying why)."""

        def __getattr__(self, attr):
            graded = sys.modules.get("submission")
            found = graded.__dict__.get(attr, absent) if graded is not None else absent
            if found is not absent:
                return found
            if attr.startswith("__") and attr.endswith("__"):
                raise AttributeError(attr)
            by = sys._getframe(1).f_code.co_filename
            by = by if by in _SIBLING_FILES else "a file of yours"
            raise ImportError("cannot import name %r from %s.py: %s imports %s.py back (a circular import), and %s.py "
                              "has not defined %s by then (its top level is still running, importing %s); define %s "
                              "above that import in %s.py, or in %s itself" % (attr, own, by, own, own, attr, by, attr, own, by),
                              name=own)

    class GradedLoader:
        def create_module(self, spec):
            return GradedModule(spec.name)

        def exec_module(self, module):
            module.__file__ = own + ".py"

    class SiblingFinder:
        def find_spec(self, fullname, path=None, target=None):
            if path is None and own is not None and fullname == own and sys.modules.get("submission") is not None:
                return importlib.util.spec_from_loader(fullname, GradedLoader(), origin=own + ".py")
            # A package's submodule is asked for with its package's path: the learner's package only.
            if fullname not in made and (fullname not in sources or (path is not None) != ("." in fullname)):
                return None
            # Under the learner's package only, never an installed one of that name: a folder the runner
            # made too (json/sub/x.py was json.sub.x under Python's own json, red team 34).
            if "." in fullname:
                parent = sys.modules.get(fullname.rpartition(".")[0])
                if getattr(getattr(parent, "__spec__", None), "loader", None) is not loader:
                    return None
            if fullname in made:
                return importlib.util.spec_from_loader(fullname, loader, is_package=True)
            return importlib.util.spec_from_loader(fullname, loader, origin=sources[fullname][0], is_package=fullname in packages)

    sys.meta_path.append(SiblingFinder())


# The graded file's module name as its siblings import it back (`hw` of hw.py), or None (install_siblings).
_GRADED_AS = [None]
# The plan's siblings the SiblingLoader executed, in that order (install_siblings empties it).
_SIBLINGS_RAN = []
# The plan's siblings' file names: an error raised in one names its line (_error_info).
_SIBLING_FILES = set()
# An exception's message naming a file of the grader's (an ImportError's "(/.../python/limits.py)"):
# the grader's own paths are never shown to learners.
_OWN_PATH = re.compile(r" ?\(?['\"]?" + re.escape(_HERE) + r"[^\s)'\"]*['\"]?\)?")


# Hints read from the graded file's text, wrong for a graded function a sibling defines (sibling_defs).
_FILE_HINTS = ("sites", "logits", "argumentOrder", "unreadWeights", "placeholders", "addsEpsilon", "clips", "crossentropy", "line", "cell")


def sibling_defs(plan, mod, functions):
    """The graded functions a sibling defines (`from solution import *` at the end of hw.py): the
    file's readers (fix_sites and the others) read the graded file's text, where a def of that name
    was replaced, so their hints are taken off such a function, and the report says where it comes from."""
    names = {s["name"]: s["module"] for s in plan.get("siblings") or []}
    out = []
    read = {}  # sibling's file -> the graded functions it defines by that name, whose sites are read there
    if not names:
        return out
    for name, info in functions.items():
        try:
            code = getattr(mod.__dict__.get(name), "__code__", None)  # a learner object's property runs here
        except BaseException:
            continue
        if _type(code) is types.CodeType and code.co_filename != Sub.filename and code.co_filename in names:
            for key in _FILE_HINTS:
                info.pop(key, None)
            out.append({"function": name, "module": names[code.co_filename]})
            source = next((s["source"] for s in plan.get("siblings") or [] if s["name"] == code.co_filename), None)
            # `from helpers import my_loss as get_weighted_loss`: my_loss, when it is that file's last top-level def of the name
            if _type(code.co_name) is str and _isinstance(source, str) and _top_def_at(source, code.co_name, code.co_firstlineno) is not None:
                read.setdefault(code.co_filename, {})[name] = code.co_name
    for file, graded in read.items():
        sibling_sites(plan, file, graded, functions, mod)
    return out


def sibling_sites(plan, file, graded, functions, mod=None):
    """Where a named mistake's fix goes in a graded function a sibling defines (sibling_defs):
    fix_sites read on that sibling's own source, each site with its file, the sibling's name, and
    its line there. `graded`: graded name -> the def's own name there (`from mylib import my_loss as
    get_weighted_loss`: my_loss). A reader that fails gives nothing."""
    source = next((s["source"] for s in plan.get("siblings") or [] if s["name"] == file), None)
    if not _isinstance(source, str):
        return
    try:
        names = {f: graded.get(name) for f, name in (("freqs", "compute_class_freqs"), ("loss", "get_weighted_loss"))}
        foreign = _foreign_defs(plan, mod, file) if mod is not None else None
        for site in fix_sites(source, names={f: n for f, n in names.items() if n is not None}, foreign=foreign) or []:
            name = "get_weighted_loss" if site.pop("f") == "loss" else "compute_class_freqs"
            if name in graded and name in functions:
                functions[name].setdefault("sites", []).append(dict({"file": file}, **site))
    except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
        for name in graded:
            functions.get(name, {}).pop("sites", None)


def _foreign_defs(plan, mod, main=""):
    """For fix_sites: the functions the graded file (`mod`) and each of the learner's modules beside it
    that ran bind at their top level that a module of the learner's defines (`from helpers import term`,
    `t = helpers.term`): {file: {name: (the def's file, its name, its first line)}}, "" (or `main`, a
    sibling read as the file) being the graded file, and their sources under "sources". The graded
    names are left to sibling_defs. None with no module of the learner's."""
    siblings = [s for s in (plan or {}).get("siblings") or [] if _isinstance(s.get("source"), str)]
    if not siblings:
        return None
    sources = {s["name"]: s["source"] for s in siblings}

    modules = {id(sys.modules.get(s["module"])) for s in siblings if s["module"] in _SIBLINGS_RAN}

    def bound(space, own, prefix="", depth=0):
        out = {}
        if _type(space) is not dict:
            return out
        for name, value in list(space.items())[:20000]:
            if _type(name) is not str or name in ("compute_class_freqs", "get_weighted_loss"):
                continue
            if _type(value) is types.ModuleType and id(value) in modules and depth == 0 and name.isidentifier():
                out.update(bound(value.__dict__, None, name + ".", 1))  # `import helpers`: helpers.term
                continue
            if _type(value) is not types.FunctionType:
                continue
            code = value.__code__
            if code.co_filename in sources and code.co_filename != own and _type(code.co_name) is str and code.co_name.isidentifier():
                out[prefix + name] = (code.co_filename, code.co_name, code.co_firstlineno)
        return out

    found = {"sources": sources, "": bound(getattr(mod, "__dict__", None), main or None)}
    for s in siblings:
        module = sys.modules.get(s["module"]) if s["module"] in _SIBLINGS_RAN else None
        if _type(module) is types.ModuleType and s["name"] != main:
            found[s["name"]] = bound(module.__dict__, None)  # its own defs too: fix_sites reads them by these names
    return found


def _dotted_call(func):
    """The name a call's function is looked up under in fix_sites' resolve: `term` for term(...), "hp.term"
    for hp.term(...) (_foreign_defs' key of `import helpers as hp`), else None."""
    import ast
    if _isinstance(func, ast.Name):
        return func.id
    if _isinstance(func, ast.Attribute) and _isinstance(func.value, ast.Name):
        return func.value.id + "." + func.attr
    return None


def _top_def_at(text, name, first):
    """The match of the last top-level def (or class) `name` of `text` (_SITE_DEF), when its code's first
    line is `first` (its `def` line, or the first of its decorators): the function that ran is that def. Else None."""
    found = [m for m in _SITE_DEF.finditer(text) if m.group(1) == name]
    if not found or _type(first) is not int or first < 1:
        return None
    line = text.count("\n", 0, found[-1].start()) + 1
    lines = text.split("\n", first)
    return found[-1] if first == line or (first < line and _len(lines) >= first and lines[first - 1].startswith("@")) else None


def _graded_defs(mod, source):
    """For fix_sites: the top-level defs of the graded file graded under another name
    (`get_weighted_loss = make_loss`: {"loss": "make_loss"}), each the def that the module's function is
    (its name, and its first line that of the name's last top-level def, decorators included)."""
    out = {}
    for f, name in (("freqs", "compute_class_freqs"), ("loss", "get_weighted_loss")):
        value = getattr(mod, "__dict__", {}).get(name)
        code = value.__code__ if _type(value) is types.FunctionType else None
        if code is None or code.co_filename != Sub.filename or code.co_name == name or _type(code.co_name) is not str or not code.co_name.isidentifier():
            continue
        if _top_def_at(source, code.co_name, code.co_firstlineno) is not None:
            out[f] = code.co_name
    return out


def sibling_facts(plan, imports, defines=()):
    """For the load record: the learner's modules beside the file that ran with it (install_siblings'
    loader executed them), and those it imports that another module of that name stood in for, as
    the finder is last on sys.meta_path: Python's own (code.py, types.py), the grader's own
    (limits.py, runner.py), or an installed package's. `imports`: the graded file's imports, read
    from its code (a name in a comment or a string is none); the siblings that ran add theirs."""
    siblings = plan.get("siblings") or []
    if not siblings:
        return None
    import importlib.util
    sources = {s["module"]: s["source"] for s in siblings}
    wanted = set(imports)
    for module in _SIBLINGS_RAN:
        try:
            wanted.update(imported_modules(sources[module]))
        except BaseException:  # a hint must never stop grading
            pass
    shadowed = []
    for module in sources:
        if module in _SIBLINGS_RAN or module not in wanted:
            continue
        if module in sys.stdlib_module_names or module in sys.builtin_module_names:
            by = "python"
        else:
            origin = None
            try:
                spec = importlib.util.find_spec(module) if module not in sys.modules else getattr(sys.modules[module], "__spec__", None)
                origin = getattr(spec, "origin", None) if spec is not None else None
            except BaseException:
                pass
            if not isinstance(origin, str) or getattr(spec, "loader", None).__class__.__name__ == "SiblingLoader":
                continue
            by = "grader" if origin.startswith(_HERE + os.sep) else "installed"
        shadowed.append({"module": module, "by": by})
    # A module named past the protocol's 200 characters (a file name may hold 252; an LMS zip's
    # more) ran as Python runs it, but is not named in the facts: the whole load record was refused
    # as a corrupt channel and the learner told their definitions wrote over it (red team 34).
    def said(module):
        return _len(module) <= _SIBLING_NAME_CHARS

    facts = {"ran": [m for m in _SIBLINGS_RAN if said(m)], "shadowed": [s for s in shadowed if said(s["module"])]}
    defines = [d for d in defines if said(d["module"])]
    if defines:
        facts["defines"] = defines
    return facts


_SIBLING_NAME_CHARS = 200  # protocol.ts siblingModule


def load_source(plan):
    path = plan["submission"]
    Sub.export_lines = None
    Sub.wide_error = None
    Sub.wide = None
    Sub.filename = plan["displayName"]
    with open(path, "rb") as fh:
        raw = fh.read()
    misnamed = _misnamed(plan, raw) if _len(raw) <= 64 * 1024 * 1024 else None
    if misnamed is not None:
        plan["kind"] = misnamed  # every later step (the .py retry, the notebook notes) goes by it
    if plan["kind"] == "ipynb":
        sys.path.insert(0, _HERE)
        import notebook as nb  # grader/src/python/notebook.py

        source, cell_of_line, notes = nb.extract(path)
        Sub.cell_of_line = cell_of_line
        Sub.dropped = {name: {"cell": cell, "line": line} for name, (cell, line) in nb.DROPPED.items()}
        return source, ([_MISNAMED_NOTE["ipynb"]] if misnamed else []) + notes
    if misnamed is not None:
        return raw.decode("utf-8-sig", "replace"), [_MISNAMED_NOTE["py"]]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        # Saved as "Unicode" by a Windows editor: UTF-16 (or UTF-32) with a byte-order mark. Graded
        # (the editor chose it), with a note: Python itself refuses such a .py, so the learner's own
        # `python file.py` does not run it.
        wide = "utf-32" if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "utf-16"
        try:
            source = raw.decode(wide)
        except UnicodeDecodeError as exc:
            # Read as UTF-8, then Latin-1, the file was "a NUL byte" at line 1 (red team 34): say
            # what is wrong, where. A lone surrogate (half of a UTF-16 pair) is no character, in
            # UTF-16 or UTF-32, and no Python source can hold one; else the bytes end mid-character.
            Sub.wide_error = wide_problem(raw, wide, exc)
            source = raw.decode(wide, "replace")
            Sub.export_lines = export_lines(source)
            return source, []
        else:
            Sub.export_lines = export_lines(source)  # a notebook saved as .py names its cells here too
            Sub.wide = wide.upper()
            return source, [{"id": "unicode-bom", "encoding": Sub.wide}]
    Sub.encoding_error = None
    declared = declared_encoding(raw)
    if declared is not None:
        Sub.export_lines = export_lines(declared)
        return declared, []
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        source = raw.decode("latin-1")
    Sub.export_lines = export_lines(source)
    return source, []


def wide_problem(raw, wide, exc):
    """(line, sentence) for a file whose byte-order mark says `wide` (utf-16, utf-32) and whose
    bytes from exc.start on are not: a lone surrogate, or a last character cut short."""
    start = exc.start if _isinstance(exc.start, int) and 0 <= exc.start <= _len(raw) else 0
    line = raw[:start].decode(wide, "replace").count("\n") + 1
    unit = 2 if wide == "utf-16" else 4
    bad = raw[start:start + unit]
    code = None
    if _len(bad) == unit:
        big = raw.startswith((b"\xfe\xff", b"\x00\x00\xfe\xff"))
        code = int.from_bytes(bad, "big" if big else "little")
    name = wide.upper()
    if code is not None and 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate (\\u%04x), half of a UTF-16 pair and no character, which Python cannot run" % code
    elif code is not None:
        what = "bytes that are no %s character (%s)" % (name, bad.hex(" "))
    else:
        what = "a last character cut short (the file ends %d byte%s into it)" % (_len(bad), "" if _len(bad) == 1 else "s")
    return line, ("the file is saved as %s (its byte-order mark says so), and this line holds %s: delete it or "
                  "retype the character there, and save the file as UTF-8" % (name, what))


def _notebook():
    """grader/src/python/notebook.py: the module a notebook's read registered (wlgrade_notebook),
    else imported from the runner's own folder (a .py, whose readers use its AST helpers too)."""
    nb = sys.modules.get("wlgrade_notebook")
    if nb is None:
        if _HERE not in sys.path:
            sys.path.insert(0, _HERE)
        import notebook as nb
    return nb


_ARGPARSE_EXIT = [False]  # the last load ended in argparse's exit (a parse_args the command line failed)


_PARSE_METHODS = ("parse_args", "parse_known_args", "parse_intermixed_args", "parse_known_intermixed_args")


def _parses_own_list(line):
    """Whether a parse_args call (parse_known_args ...) of the learner's source that spans `line`
    (the line its frame is at: a call spread over several lines is at any of them) gives it a list
    of its own (parse_args(['--bad']), args=[...]), read from the AST: not nothing, None or
    sys.argv (a slice of it), which read the command line (notebook._gives_own_list, which also
    decides which parse the notebook loader gives its defaults). Only the calls that span the line
    count."""
    import ast

    if line is None:
        return False
    try:
        tree = ast.parse("".join(linecache.getlines(Sub.filename)))
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    gives_own_list = _notebook()._gives_own_list
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _PARSE_METHODS):
            continue
        if not (node.lineno <= line <= (node.end_lineno or node.lineno)):
            continue
        if gives_own_list(node):
            return True
    return False


def _through_argparse(exc):
    """Whether an exception came out of the argparse module (its error() exits with status 2):
    "argv" when the parse read the command line (the grader's, not the learner's), else argparse's
    message when the learner's line gave parse_args a list of its own (parse_args(['--bad'])): the
    learner's mistake, which the message words as such; else False."""
    try:
        import argparse
        own = argparse.__file__
        tb = exc.__traceback__
        line = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == Sub.filename:
                line = tb.tb_lineno
            if tb.tb_frame.f_code.co_filename == own:
                if not _parses_own_list(line):
                    return "argv"
                while tb is not None and tb.tb_frame.f_code.co_name != "error":
                    tb = tb.tb_next
                message = tb.tb_frame.f_locals.get("message") if tb is not None else None
                return str.split(message, "\n")[0][:200] if _type(message) is str else "its arguments rejected"
            tb = tb.tb_next
    except BaseException:
        pass
    return False


def load_submission(plan, source):
    """Runs the submission's top level as module `submission`. Returns (module, error info or None)."""
    linecache.cache[Sub.filename] = (_len(source), None, _PY_LINE.findall(source), Sub.filename)
    mod = types.ModuleType("submission")
    mod.__file__ = plan["submission"]
    sys.modules["submission"] = mod
    if plan["kind"] == "ipynb" and sys.modules.get("wlgrade_notebook") is not None:
        sys.modules["wlgrade_notebook"].ipython_builtins()  # display(), as Jupyter's kernel gives it
    compiled = False
    encoded = None  # an encoding problem the message itself says how to fix (ErrorInfo.encoding): "line", or "file" (no line)
    try:
        try:
            if Sub.wide_error is not None:
                line, sentence = Sub.wide_error
                encoded = "line"
                raise SyntaxError(sentence, (Sub.filename, line, 1, ""))
            if Sub.encoding_error is not None:
                line, name, problem = Sub.encoding_error
                encoded = "line"
                raise SyntaxError("line %d declares the file's encoding as %s (PEP 263), but Python cannot read the file as %s (%s): "
                                  "delete that line if the file is saved as UTF-8, or save the file as %s"
                                  % (line, name, name, problem, name), (Sub.filename, line, 1, ""))
            code = compile(source, Sub.filename, "exec", dont_inherit=True)
        except (MemoryError, RecursionError):
            # CPython's parser gives up on an expression nested thousands deep (crafted, not written).
            raise SyntaxError("the code is nested too deeply for Python to parse; no solution needs "
                              "thousands of nested brackets or operators", (Sub.filename, 1, 1, ""))
        compiled = True
        steps = _marked_steps(source) if plan["kind"] == "ipynb" or Sub.line_of is not None else None
        if steps is None:
            exec(code, mod.__dict__)
        else:
            for place, step in steps:
                if place is not None:
                    emit(dict(place, t="mark"))
                exec(step, mod.__dict__)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: they end the load, not the grader
        if _isinstance(exc, (SyntaxError, ValueError)) and "\0" in source:
            line = source.count("\n", 0, source.index("\0")) + 1
            encoded = "line"
            if Sub.wide is not None:  # read as UTF-16 or UTF-32: a NUL character, not the NUL bytes every such file has
                what = "a NUL character (U+0000), which Python source cannot hold; delete it, and save the file as UTF-8"
            elif source.count("\0") * 4 >= _len(source):
                # Every other byte (or three in four) NUL: text saved as UTF-16 or UTF-32 without a byte-order mark.
                # The whole file's encoding, not a line's (review 36).
                what = ("NUL bytes between its characters, as UTF-16 or UTF-32 saved without a byte-order mark "
                        "writes text, which Python cannot read; save it again as plain UTF-8 text")
                encoded = "file"
            else:
                # One stray NUL byte: saving the file again keeps it; deleting the character is the fix (review 36b).
                what = "a NUL byte, which Python source cannot hold; delete that character (line %d)" % line
            exc = SyntaxError("the file contains " + what, (Sub.filename, line, 1, ""))
        info = error_info(exc)
        if encoded is not None and _isinstance(exc, SyntaxError) and not compiled:
            info["encoding"] = encoded
            if encoded == "file":
                info.pop("line", None)
                info.pop("cell", None)
        how = _isinstance(exc, SystemExit) and _through_argparse(exc)
        _ARGPARSE_EXIT[0] = how == "argv"
        if how and how != "argv":
            info["message"] = "argparse: %s (the arguments your code gives parse_args; exit status %s)" % (how, info["message"])
        if compiled and _isinstance(exc, SyntaxError):
            # The file parsed; its top level raised this (ast.literal_eval or eval of a bad string):
            # a crash like any other, not a file Python cannot read (ErrorInfo.raised).
            info["raised"] = True
        return mod, info
    return mod, None


def _inert(e):
    """Whether evaluating expression `e` runs no code of the file's: a literal, a name, a negated
    number, a tuple or list of those."""
    import ast

    if _isinstance(e, (ast.Constant, ast.Name)):
        return True
    if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.USub, ast.UAdd)):
        return _isinstance(e.operand, ast.Constant)
    if _isinstance(e, (ast.Tuple, ast.List)):
        return all(_inert(x) for x in e.elts)
    return False


def _runs_code(stmt):
    """Whether a top-level statement of a definitions-only load can run the file's own code: a def
    with a decorator, a default or an annotation that is not a literal or a name, a class (its
    body runs), an assignment of anything else, any other statement. Imports (installed modules),
    docstrings and constants do not."""
    import ast

    if _isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass, ast.Global)):
        return False
    if _isinstance(stmt, ast.Expr):
        return not _isinstance(stmt.value, ast.Constant)
    if _isinstance(stmt, ast.Try) and all(_isinstance(x, (ast.Import, ast.ImportFrom)) for x in stmt.body) and all(
            h.name == "__wlgrade_exc" for h in stmt.handlers) and not stmt.orelse and not stmt.finalbody:
        return False  # the notebook extractor's wrapper of an import (a placeholder when it fails)
    if _isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = stmt.args
        annotations = [x.annotation for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x is not None]
        values = a.defaults + [d for d in a.kw_defaults if d is not None] + [x for x in annotations if x is not None]
        return bool(stmt.decorator_list) or not all(_inert(v) for v in values + ([stmt.returns] if stmt.returns else []))
    if _isinstance(stmt, ast.Assign):
        return not _inert(stmt.value) or not all(_isinstance(t, ast.Name) for t in stmt.targets)
    if _isinstance(stmt, ast.AnnAssign):
        return not (_isinstance(stmt.target, ast.Name) and (stmt.value is None or _inert(stmt.value)) and _inert(stmt.annotation))
    return True


# The top-level lines (column 0) that start no statement running the file's own code: a blank
# line, a comment, an import (the notebook extractor's try/except ImportError around one too), a
# one-line def whose parameters hold no bracket (so its defaults are literals or names), a name
# bound to a literal (a list or tuple opening on a literal). Honest notebooks have no other, and
# their definitions-only load is not parsed for marks (the readers parse only the graded
# functions: fix_sites); a line let through that runs code costs only the mark's line.
_INERT_LINE = re.compile(r"""(?:[ \t\r\f#]|$|import\s|from\s|try:$|except ImportError as __wlgrade_exc:$|(?:async\s+)?def\s+\w+\s*\([^()\[\]{}\n]*\)\s*(?:->\s*\w+\s*)?:"""
                           r"""|\w+\s*=\s*[\[(]\s*(?:$|[-\d'"])|\w+\s*=\s*(?:-?[\w.]+(?:[eE][-+]?\d+)?|"[^"\n]*"|'[^'\n]*')\s*(?:#.*)?$)""", re.M)
_LINE_START = re.compile(r"\n[^ \t\r\f#\n]")  # a line that starts at column 0


def _may_run_code(source):
    """Whether a top-level line of `source` is not one _INERT_LINE lets through: one match per
    column-0 line (a search of the whole pattern at every character took ~3 times as long)."""
    if source[:1] not in ("", " ", "\t", "\r", "\f", "#", "\n") and not _INERT_LINE.match(source):
        return True
    match = _INERT_LINE.match
    return any(not match(source, m.start() + 1) for m in _LINE_START.finditer(source))


# Past this many characters a definitions-only load is not parsed for marks (pasted data: a parse of
# megabytes takes seconds); DEFINITIONS_ENDED then names the file only.
_MARKED_MAX_CHARS = 256 * 1024
# At most this many marks an attempt (run-submission.ts MAX_MARKS, which refuses more: a forged
# flood of 64 MiB of marks cost the grader a second of its time per attempt), over all its loads (a
# .py's definitions-only load may run twice, before and after its top level): a load whose marks
# would pass what is left runs whole, and DEFINITIONS_ENDED names the file only. serve resets it.
_MARKS_MAX = 1000
_MARKS_LEFT = [_MARKS_MAX]


def _marked_steps(source):
    """A definitions-only load (a notebook's, a .py's without its top level) ended the process
    with an exit code, or wrote over the record channel, in a default argument, a decorator or a
    class body: the grader names the statement (DEFINITIONS_ENDED, file:line) from a "mark" record
    the runner sends before each top-level statement that can run the file's own code (_runs_code).
    Returns [(Sub.where of its line or None, code)], the file's top level compiled in steps, each
    ending at such a statement; None when no statement runs code (the file runs in one exec, as
    before). The source is parsed only when a top-level line may run code (_may_run_code), into the
    readers' tree (_parse_once)."""
    import ast
    import __future__

    if _len(source) > _MARKED_MAX_CHARS or not _may_run_code(source):
        return None  # every top-level line a plain def, an import or a constant (most files): no parse
    try:
        tree = _parse_once(source)
    except BaseException:  # compile took it: a parser limit met differently; run it whole
        return None
    body = tree.body
    marks = sum(1 for stmt in body if _runs_code(stmt))
    if not 0 < marks <= _MARKS_LEFT[0]:
        return None
    flags = 0
    for stmt in body:
        if _isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
            for alias in stmt.names:
                flags |= getattr(getattr(__future__, alias.name, None), "compiler_flag", 0)
    steps, pending = [], []
    for stmt in body:
        pending.append(stmt)
        if _runs_code(stmt) or stmt is body[-1]:
            part = list(pending)
            if steps and _isinstance(part[0], ast.Expr) and _isinstance(part[0].value, ast.Constant) and _isinstance(part[0].value.value, str):
                # A string first in its step would be compiled as the module's docstring.
                part.insert(0, ast.copy_location(ast.Pass(), part[0]))
            try:
                code = compile(ast.Module(body=part, type_ignores=[]), Sub.filename, "exec", flags, dont_inherit=True)
            except BaseException:  # the compiler's limits, met differently on a piece: run it whole
                return None
            first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])  # a decorated def starts at its first @
            steps.append((Sub.where(first) if _runs_code(stmt) else None, code))
            pending = []
    _MARKS_LEFT[0] -= marks
    return steps


def still_running(seconds):
    """A TopLevelTimeout's message: the watchdog's stop, and a later attempt's word for it."""
    return "its top-level code was still running after %g s" % seconds


def arm_load_watchdog(seconds):
    """Stops a .py's top-level code after `seconds` by raising TopLevelTimeout into it. Not while
    an import runs (TensorFlow's takes seconds on a busy machine, and a half-imported module would
    break the definitions-only load): the alarm is then put off a little. The grader's own time
    limit still ends a process this cannot stop (a long call into C). Returns the disarm function."""
    if not seconds or seconds <= 0:
        return lambda: None

    message = still_running(seconds)
    armed = [True]

    def stop_next_line(frame, event, arg):
        # The next line the file runs after a stop raises too: one in a bare `except:` (or `except
        # BaseException:`) body leaves the try that swallowed the stop, where a loop of `try: ...
        # except: pass` had the top level run on until the whole run's limit (0 points). CPython
        # drops a trace function that raises; the alarm puts it back.
        if not armed[0]:
            return None
        if event == "line" and frame.f_code.co_filename == Sub.filename:
            # CPython drops it by sys.settrace's own path, which refuse_hooks would refuse (and
            # raise its RuntimeError in place of the stop): let that one call through, and no
            # other (an except: body must not get to install a hook of its own meanwhile).
            _OWN_TRACE[0] = "drop"
            raise TopLevelTimeout(message)
        return stop_next_line

    def on_alarm(signum, frame):
        f, learner = frame, False
        while f is not None:
            name = f.f_code.co_filename
            if name.startswith("<frozen importlib"):
                _setitimer(_ITIMER_REAL, 0.25)
                return
            learner = learner or name == Sub.filename
            f = f.f_back
        if learner and armed[0]:  # not once the load is over, in the runner's own code
            _setitimer(_ITIMER_REAL, 0.25)  # again, until the load ends
            own_settrace(stop_next_line)
            f = frame
            while f is not None:
                if f.f_code.co_filename == Sub.filename:
                    f.f_trace = stop_next_line
                f = f.f_back
            raise TopLevelTimeout(message)

    try:
        previous = _set_handler(_SIGALRM, on_alarm)
        _setitimer(_ITIMER_REAL, seconds)
    except (ValueError, OSError):  # not the main thread, or no SIGALRM
        return lambda: None

    def disarm():
        armed[0] = False  # a learner frame that lives on (a generator) keeps its f_trace: now a no-op
        _setitimer(_ITIMER_REAL, 0)
        own_settrace(None)  # and any profiler
        try:
            _set_handler(_SIGALRM, previous if previous is not None else _signal_module.SIG_DFL)
        except (ValueError, OSError, TypeError):
            pass
    return disarm


def load_extracted(plan, source, filtered, line_of, nb, keep=None):
    """Loads `filtered`, what notebook.extract_py kept of a .py's `source` (line_of maps its lines
    back to the file's), as module `submission`. The module, or None when that load fails too or
    `keep(module)` is false: the file's own lines and names stand again for the first error."""
    Sub.line_of = line_of
    Sub.dropped = {name: {"line": line} for name, (_cell, line) in nb.DROPPED.items()}
    if "keras" not in sys.modules and "tensorflow" not in sys.modules:
        # The training imports (ImageDataGenerator, DenseNet121) were left out with the code that
        # used them: if what is left uses only the backend, the stand-ins serve it, as they serve a
        # notebook (seconds of TensorFlow import saved).
        use_stand_ins(filtered, getattr(nb, "NEEDED", None))
    mod, err = load_submission(plan, filtered)
    if err is None and (keep is None or keep(mod)):
        return mod
    Sub.line_of = None
    Sub.dropped = {}
    linecache.cache[Sub.filename] = (_len(source), None, _PY_LINE.findall(source), Sub.filename)
    return None


def retry_definitions_only(plan, source, err, notes, export_line=None):
    """A .py whose top-level code fails (a script exported from a notebook: training, data loading,
    get_ipython() calls) is loaded again with only its imports, definitions and constants, as a
    notebook is. If that fails too, the first error stands."""
    sys.path.insert(0, _HERE)
    import notebook as nb

    try:
        filtered, line_of, more = nb.extract_py(source)
    except (ValueError, MemoryError, RecursionError):  # the parser's limits on a crafted file, too
        return sys.modules.get("submission"), err, source, notes
    first = dict(err)
    exited_in_argparse = _ARGPARSE_EXIT[0]
    mod = load_extracted(plan, source, filtered, line_of, nb)
    if mod is None:
        return sys.modules.get("submission"), err, source, notes
    # One note says what was left out: the extractor's own two (written for notebook cells, with
    # no line to show in a .py) would repeat it.
    unused_imports = any(n["id"] == "unused-imports" for n in more)
    more = [n for n in more if n["id"] not in _RETRY_REPEATS]
    note = {"id": "retry", "unused": unused_imports}
    if "line" in first:
        note["line"] = first["line"]
    if export_line is not None:
        note.update(how="export", line=export_line)
    elif first["type"] == "TopLevelOutput":
        note.update(how="output", printed=first["message"].rsplit(" than ", 1)[-1])
    elif first["type"] == "TopLevelEnded":
        note.update(how="ended")
    elif first["type"] == "TopLevelChannel":
        note.update(how="channel")
    elif first["type"] == "TopLevelTimeout":
        # A later attempt of the run (after a call that hung or crashed) skips the top level the
        # first one stopped (serve, plan topLevelStopped) and says what that stop was.
        note.update(how="timeout", seconds=(plan.get("topLevelStopped") or {}).get("seconds") or plan.get("loadSeconds") or 0)
    else:
        note.update(how="raised", type=first["type"], message=first["message"].split("\n")[0][:200])
        if first["type"] == "SystemExit" and exited_in_argparse:
            note["argparse"] = True
        elif first["type"] == "SystemExit" and "line" in first:
            try:  # which call ended it, written at that line of the top level, and what it skipped
                call, below = _exit_call(source, first["line"])
                if call is not None:
                    note["call"] = call
                if below:
                    note["below"] = below
            except BaseException:  # a hint must never stop grading
                pass
    return mod, None, filtered, notes + [note] + more


_EXIT_CALLS = {"exit": "exit()", "quit": "quit()", "sys.exit": "sys.exit()", "os._exit": "os._exit()"}


def _exit_call(source, line):
    """(the call that ended a .py's top level at `line`: exit(), quit(), sys.exit() or raise SystemExit,
    as the note words it, or None when the line holds none of them (a helper it calls exits); the
    graded functions the file defines below that line, which a run of the file never reaches)."""
    import ast

    tree = ast.parse(source)
    call = None
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) != line:
            continue
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id == "SystemExit":
                call = "raise SystemExit"
                break
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else (
                "%s.%s" % (f.value.id, f.attr) if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else None)
            if name in _EXIT_CALLS:
                call = _EXIT_CALLS[name]
                break
    below = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
             and n.name in _GRADED and n.lineno > line]
    return call, sorted(set(below))


_SYNTAX_TYPES = ("SyntaxError", "IndentationError", "TabError")


def retry_parseable_pieces(plan, source, err, notes):
    """A .py with a SyntaxError (IndentationError, TabError) anywhere cannot be imported at all,
    while the same line in a notebook costs only its cell. The file is cut into its top-level
    pieces (notebook.split_py) and loaded, as a notebook's cells are, from the pieces that parse:
    their imports, definitions and constants. Returns (module, source loaded, notes), or None when
    nothing parses or what is left fails to load too: then the SyntaxError stands (0 points)."""
    sys.path.insert(0, _HERE)
    import notebook as nb

    try:
        pieces = nb.split_py(source)
        if not pieces or not any(ok for _, _, ok in pieces):
            return None
        filtered, line_of, more = nb.extract_py(source, pieces)
    except (ValueError, MemoryError, RecursionError):  # the parser's limits on a crafted file, too
        return None
    # Nothing graded left (the error is in the only function there is): the SyntaxError is the whole story.
    mod = load_extracted(plan, source, filtered, line_of, nb, keep=lambda m: any(name in m.__dict__ for name in _GRADED))
    if mod is None:
        nb.SYNTAX.clear()
        return None
    return mod, filtered, notes + more


_FROM_IMPORT = re.compile(r"from\s+([\w.]+)\s+import\s+\(?([^#]*)")
_GRADED = ("compute_class_freqs", "get_weighted_loss")


def own_import(err):
    """The graded functions a failed `from solution import *` (or `from solution import
    compute_class_freqs`) was to bring: a module that is not there, the learner's own file not
    handed in. Read from the line the traceback ends at, where the load failed: {"module", "star",
    "names"}, or None (the report words the problem from it, grade-suite.ts importProblem)."""
    if err.get("type") != "ModuleNotFoundError":
        return None
    m = _FROM_IMPORT.match(err.get("traceback", "").split("\n")[-1].strip())
    if m is None:
        return None
    names = {re.split(r"\s+as\s+", n.strip())[0] for n in m.group(2).replace(")", "").split(",")}
    star = "*" in names
    wanted = [n for n in _GRADED if star or n in names]
    if not wanted:
        return None
    own = {"module": m.group(1), "star": star, "names": wanted}
    nb = sys.modules.get("wlgrade_notebook")
    outside = getattr(nb, "OUTSIDE", {}).get(m.group(1)) if nb is not None and Sub.cell_of_line is not None else None
    if outside is not None and _len(outside[0]) <= 200:  # %%writefile ../sol.py: the import does not find it (notebook.OUTSIDE); the schema takes 200 characters
        own["outside"] = {"file": outside[0], "cell": outside[1]}
    stopped = getattr(nb, "STOPPED_WRITES", {}).get(m.group(1)) if nb is not None and Sub.cell_of_line is not None else None
    if stopped is not None:  # a %%writefile below its cell's first line: never written (notebook.STOPPED_WRITES)
        own["stopped"] = {"cell": stopped[0], "line": stopped[1]}
    return own


def imports_graded(source, err):
    """The load failed at an import that was to supply the graded functions (own_import). Loading
    the definitions alone would only find them missing: the import is the problem."""
    own = own_import(err) if "line" in err else None
    if own is None:
        return False
    # A file that defines them itself (`from utils import *` for helpers) is graded from its definitions.
    defined = set(re.findall(r"^(?:async\s+)?def\s+(compute_class_freqs|get_weighted_loss)\b", source, re.M))
    return not set(own["names"]) <= defined


# A script nbconvert made from a notebook: its magics became top-level get_ipython() calls.
_EXPORT_IPYTHON = re.compile(r"^get_ipython\(\)", re.M)

# The extractor's notes that the retry's own note replaces.
_RETRY_REPEATS = ("top-level-left-out", "unused-imports")


def missing_module_error(plan, mod):
    """A graded function that uses a module whose import failed (notebook placeholders, the shim's
    stand-in tensorflow) cannot be graded. Returns (error, {function: error}): when every graded
    function the module defines needs a missing module, one load error ("install X" once rather than
    an error per case); when only some do, those functions' errors, and the others are graded."""
    shim = sys.modules.get("wlgrade_keras_shim")
    if shim is None and "wlgrade_notebook" not in sys.modules:
        return None, {}  # neither stand-ins nor placeholders (a notebook's, or a .py's loaded again) exist
    # Fast path (most submissions): nothing in the module is a placeholder or the stand-in tensorflow.
    tf_stub = getattr(shim, "_tensorflow", None) if shim is not None else None
    placeholder = getattr(sys.modules.get("wlgrade_notebook"), "MissingModule", None)
    if not any((tf_stub is not None and v is tf_stub) or (placeholder is not None and _type(v) is placeholder)
               for v in list(mod.__dict__.values())):
        return None, {}
    nb = _notebook()
    roots = ["get_weighted_loss" if fn == "weighted_loss" else fn for fn in plan["functions"]]
    per = {}
    for root in roots:
        try:
            found = nb.missing_module_use(mod.__dict__, [root], Sub.filename)
            if found is None:
                continue
            exc, line, usage = found
            info = failed_import_info(exc)
            if line is not None:
                info.update(Sub.where(line))
            if usage is not None:
                info["usage"] = usage
        except BaseException:  # a placeholder learner code made itself: its cases run, and say what they raise
            continue
        per[root] = info
    if not per:
        return None, {}
    defined = [r for r in roots if callable(mod.__dict__.get(r))]
    if len(per) >= len(defined):
        # One problem for the file, saying which graded functions need the module (importProblem).
        whole = dict(per[next(r for r in roots if r in per)])
        whole["usedBy"] = [r for r in roots if r in per]
        return whole, {}
    return None, per


def _import_alias(exc, module):
    """For `import nump as np` (the file's line where the import failed): np, so that the import the
    grader suggests keeps it. None for any other form (a plain import, a from-import, several modules)."""
    try:
        tb, line = exc.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == Sub.filename:
                line = tb.tb_lineno
            tb = tb.tb_next
        text = linecache.getline(Sub.filename, line) if line else ""
        for part in text.split(";"):
            m = _IMPORT_AS.match(part)
            if m and m.group(1) == module and _plain_name(m.group(2)):
                return m.group(2)
    except Exception:  # a hint must never stop grading
        pass
    return None


_IMPORT_AS = re.compile(r"^\s*import\s+([\w.]+)\s+as\s+(\w+)\s*(?:#.*)?$")
_CANNOT_IMPORT = re.compile(r"^cannot import name '([^']+)' from '([^']+)'")
_RELATIVE_IMPORT = re.compile(r"^from\s+(\.+[^\s.]*(?:\.[^\s.]+)*)\s+import\b")


def _relative_module(text):
    """The module of `from .utils import x` as ErrorInfoSchema's `relative` takes it (1 to 20 dots,
    then up to 16 identifiers, non-ASCII ones included, in at most 200 characters), else None: a
    value the schema refuses made the load record a corrupt channel, and the file scored 0
    (`from .módulo_ayuda import x`, refused by an ASCII-only pattern: records 30)."""
    rel = _RELATIVE_IMPORT.match(text)
    if rel is None or _len(rel.group(1)) > 200:
        return None
    module = rel.group(1)
    dots = _len(module) - _len(module.lstrip("."))
    parts = module[dots:].split(".") if module[dots:] else []
    if dots > 20 or _len(parts) > 16 or not all(str.isidentifier(p) for p in parts):
        return None
    return module


def failed_import_info(exc):
    """error_info for an import that failed, saying why: a module not installed (`module`), a name the
    installed module lacks (`module` and `absent`, with the module's version and its own hint, such
    as numpy 2's "np.float_ was removed ... use np.float64"), or a name the shim's stand-in for
    Keras/TensorFlow lacks (`from keras import ops`: that is Keras not installed)."""
    info = error_info(exc)
    if _isinstance(exc, ModuleNotFoundError) and info.get("module"):
        alias = _import_alias(exc, info["module"])
        if alias is not None:
            info["alias"] = alias
    if _isinstance(exc, ImportError) and not _isinstance(exc, ModuleNotFoundError) and safe_str(exc).startswith("attempted relative import"):
        # `from .utils import x`: the file is loaded alone, as a module of no package (grade-suite.ts relativeImportProblem).
        rel = _relative_module(info.get("traceback", "").split("\n")[-1].strip())
        if rel is not None:
            info["relative"] = rel
        return info
    m = _CANNOT_IMPORT.match(safe_str(exc)) if _isinstance(exc, ImportError) and not _isinstance(exc, ModuleNotFoundError) else None
    owner = sys.modules.get(m.group(2)) if m else None
    submodule = False
    if owner is None and "." in info.get("module", "") and not info.get("within"):
        # `import numpy.madeupx`: numpy is installed, the submodule is not in this version of it.
        # Not a package to install ("pip install numpy", which is there): a name it lacks.
        parent, _, name = info["module"].rpartition(".")
        owner = sys.modules.get(parent)
        try:
            package = owner is not None and "__path__" in object.__getattribute__(owner, "__dict__")
        except BaseException:  # a module whose __dict__ is not what the import system makes
            package = False
        if not package:
            return info
        submodule = True
        m = (None, name, parent)
    if owner is None:
        return info
    name, module = m[1], m[2]
    shim = sys.modules.get("wlgrade_keras_shim")
    if shim is not None and shim.is_stand_in(owner):
        info.update(type="ModuleNotFoundError", module=("%s.%s" % (module, name))[:200],
                    message="No module named '%s.%s' (%s is not installed: wlgrade's stand-in has only its backend)"
                    % (module, name, module.split(".")[0]))
        return info
    start = _NUMPY_AT_START[0] if _NUMPY_AT_START else None
    if (start is None or owner is not start["module"]) and not _installed_module(owner):
        return info  # a module the file made (types.ModuleType in sys.modules): its import is its own error
    # NumPy's own words for a name its 2.0 release removed, from its table as it was before learner
    # code ran. Asking the module again would quote whatever learner code made it say (a module of
    # its own in sys.modules, or numpy's table or __getattr__ replaced): "numpy has no float_ (...
    # run pip install <anything>)" in wlgrade's own sentence.
    if start is not None and owner is start["module"]:
        hint = ("`np.%s` was removed in the NumPy 2.0 release. %s" % (name, start["expired"][name]) if name in start["expired"]
                else "`np.%s` was removed in the NumPy %s release. %s" % ((name,) + start["former"][name]) if name in start["former"]
                else "")
        version = " " + start["version"]
        names = start["names"]
    else:
        hint = ""
        try:
            version = getattr(owner, "__version__", None)
        except BaseException:  # a property that raises
            version = None
        version = " " + version if _type(version) is str and _VERSION.match(version) else ""
        top = sys.modules.get(module.split(".")[0])
        if not version and "." in module and top is not None and _installed_module(top):
            # numpy.random has no __version__ of its own: its package's ("numpy.random (numpy 2.4.6)").
            try:
                tv = getattr(top, "__version__", None)
            except BaseException:
                tv = None
            version = " (%s %s)" % (module.split(".")[0], tv) if _type(tv) is str and _VERSION.match(tv) else ""
        try:
            names = [k for k, v in object.__getattribute__(owner, "__dict__").items()
                     if _type(k) is str and (not submodule or _isinstance(v, types.ModuleType))]
        except BaseException:  # a module whose __dict__ is not what the import system makes
            names = []
    for k in ("stdlib", "within") if submodule else ():
        info.pop(k, None)
    info.update(module=module[:200], absent=name[:200],
                message="%s%s has no %s%s%s" % (module, version, "submodule " if submodule else "", name, " (%s)" % hint if hint else ""))
    close = None if hint else close_name(name, names)
    if close is not None:
        info["close"] = close
    if submodule:
        info["submodule"] = True  # worded as the import written: import numpy.madeupx
    return info


def close_name(name, names):
    """The one name of `names` that `name` is a typing slip of (`arrray`, `arary`, `arrya` for
    array): one letter added, dropped, changed or two swapped, in a name of 4 letters or more, and
    not a difference of letter case alone (Keras 2 had `adam` beside `Adam`: another version's
    spelling, not a slip). None when there is none, or more than one (`flot`: float or flat?)."""
    if _len(name) < 4:
        return None
    found = [n for n in names if n != name and n.lower() != name.lower() and _one_edit(name, n)
             and not n.startswith("_") and _len(n) <= 200]
    return found[0] if _len(found) == 1 else None


def _one_edit(a, b):
    """Whether `a` becomes `b` by one insertion, deletion, substitution or swap of two neighbours."""
    la, lb = _len(a), _len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:] or (i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if la > lb else a[i:] == b[i + 1:]


# A version as packages write them (2.4.6, 2.1.0+cu121, 3.0.0rc1), and nothing else.
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+-]{0,38}$")

# numpy as the runner imported it, before any learner code: the module, its version and the table of
# names its 2.0 release removed with what replaces each (failed_import_info).
_NUMPY_AT_START = []


# remember_numpy's record and what install_numpy_aliases puts back, found once by a pool server in
# its warm numpy (numpy_ahead), with the key of the numpy they were found in: its module and how
# many names it holds. A job forked from that server has the same numpy until learner code runs, and
# takes them (both were computed again in every job, ~0.9 ms); anything else computes them.
_NUMPY_AHEAD = {}


def _numpy_key(np):
    return (id(np), _len(np.__dict__))


def numpy_ahead(np):
    """Finds, in `np` as it is now, what remember_numpy and install_numpy_aliases find at the start of
    a run, changing nothing (pool_server.warm_state, before any job)."""
    _NUMPY_AHEAD.clear()
    remember_numpy(np)
    record = _NUMPY_AT_START[0]
    del _NUMPY_AT_START[:]
    _NUMPY_AHEAD.update(key=_numpy_key(np), record=record, aliases=_aliases_to_put(np))


def remember_numpy(np):
    if _NUMPY_AHEAD and _NUMPY_AHEAD["key"] == _numpy_key(np):
        _NUMPY_AT_START[:] = [_NUMPY_AHEAD["record"]]
        return
    table = getattr(sys.modules.get("numpy._expired_attrs_2_0"), "__expired_attributes__", None)
    expired = {k: v for k, v in table.items() if _type(k) is str and _type(v) is str} if _isinstance(table, dict) else {}
    # The aliases NumPy 1.24 removed (np.float, np.int, ...): numpy's own words after its first line
    # ("module 'numpy' has no attribute 'float'."), up to its pointer to the 1.20 release note.
    former = getattr(np, "__former_attrs__", None)
    former = {k: ("1.24", v.split("\n")[1].strip()) for k, v in former.items()
              if _type(k) is str and _type(v) is str and _len(v.split("\n")) > 1} if _isinstance(former, dict) else {}
    for k, v in _NUMPY_REMOVED_BEFORE_2.items():
        former.setdefault(k, v)
    _NUMPY_AT_START[:] = [{"module": np, "version": str(np.__version__), "expired": expired, "former": former,
                           "names": [k for k in np.__dict__ if _type(k) is str]}]


# Names NumPy 1.x removed that neither of its own tables above keeps: another version's name, not a
# slip, though one letter from a name numpy has (asscalar: isscalar).
_NUMPY_REMOVED_BEFORE_2 = {
    "asscalar": ("1.23", "Use `a.item()` instead."),
    "loads": ("1.22", "Use `pickle.loads` instead."),  # release notes 1.22.0, expired deprecations
}


# The functions among the names put back below, made in a namespace of their own: learner code that
# calls np.asfarray reaches that namespace through __globals__, not the runner's module.
_ALIAS_FUNCTIONS = """
def asfarray(a, dtype=None):
    dtype = np.float64 if dtype is None or not np.issubdtype(dtype, np.inexact) else dtype
    return np.asarray(a, dtype=dtype)


def in1d(ar1, ar2, assume_unique=False, invert=False, kind=None):
    return np.isin(np.asarray(ar1).ravel(), ar2, assume_unique=assume_unique, invert=invert, kind=kind)


def asscalar(a):
    return a.item()


def tf1_cast(dtype):
    def cast(x, name=None):
        return tf.cast(x, dtype, name=name)
    return cast
"""


def _alias_functions(**names):
    """_ALIAS_FUNCTIONS made with `names` (np, tf) as their only globals."""
    ns = dict(names, __name__="wlgrade_aliases", __builtins__=__builtins__)
    exec(compile(_ALIAS_FUNCTIONS, "<wlgrade aliases>", "exec"), ns)
    return ns


# Names NumPy removed that only named what NumPy or Python still has (np.float was Python's float,
# np.float_ np.float64, np.NaN np.nan, np.product np.prod), as code written for the NumPy 1.x of a
# course's environment uses them. Each is put back, as it was, where this numpy lacks it, before
# learner code runs: a correct file written for NumPy 1.23 got 0 here on NumPy 2 (AttributeError
# in every case) and full marks on a machine with NumPy 1.23. Name: what it named, from numpy.
# Only these: a removed name with no such meaning (np.lookfor, np.safe_eval) stays missing, the
# import's IMPORT_ERROR for staff. The report names each one used (numpy_alias_notes); the
# sentences and the replacements to write are grader/src/numpy-aliases.ts's NUMPY_ALIASES.
_NUMPY_ALIASES = {
    "float": lambda np: float, "int": lambda np: int, "complex": lambda np: complex, "object": lambda np: object,
    "str": lambda np: str, "unicode": lambda np: str, "bool": lambda np: bool, "long": lambda np: int,
    "asscalar": lambda np: _alias_functions(np=np)["asscalar"],
    "float_": lambda np: np.float64, "complex_": lambda np: np.complex128, "cfloat": lambda np: np.complex128,
    "singlecomplex": lambda np: np.complex64, "longfloat": lambda np: np.longdouble,
    "longcomplex": lambda np: np.clongdouble, "clongfloat": lambda np: np.clongdouble,
    "string_": lambda np: np.bytes_, "unicode_": lambda np: np.str_,
    "Inf": lambda np: np.inf, "Infinity": lambda np: np.inf, "infty": lambda np: np.inf, "PINF": lambda np: np.inf,
    "NINF": lambda np: -np.inf, "NaN": lambda np: np.nan, "PZERO": lambda np: 0.0, "NZERO": lambda np: -0.0,
    "round_": lambda np: np.round, "alltrue": lambda np: np.all, "sometrue": lambda np: np.any,
    "product": lambda np: np.prod, "cumproduct": lambda np: np.cumprod, "asfarray": lambda np: _alias_functions(np=np)["asfarray"],
    "mat": lambda np: np.asmatrix, "issubclass_": lambda np: issubclass, "trapz": lambda np: np.trapezoid,
    "in1d": lambda np: _alias_functions(np=np)["in1d"],
    "math": lambda np: __import__("math"), "bool8": lambda np: np.bool_, "int0": lambda np: np.intp, "uint0": lambda np: np.uintp,
}

# The names install_numpy_aliases put back in this run: numpy_alias_notes names those the file uses.
_ALIASED = []


def install_numpy_aliases(np):
    """Puts back the _NUMPY_ALIASES this numpy lacks (serve, before learner code runs; a pool job
    puts back what its server found, numpy_ahead, the server's own numpy keeping none). _ALIASED
    keeps the names put back in this run."""
    ahead = _NUMPY_AHEAD["aliases"] if _NUMPY_AHEAD and _NUMPY_AHEAD["key"] == _numpy_key(np) else _aliases_to_put(np)
    for name, value in ahead:
        try:
            setattr(np, name, value)
        except Exception:
            continue
        if name not in _ALIASED:
            _ALIASED.append(name)


def _aliases_to_put(np):
    """The (name, value) of each _NUMPY_ALIASES name `np` lacks, as install_numpy_aliases puts them."""
    import warnings

    out = []
    for name, made in _NUMPY_ALIASES.items():
        if name in np.__dict__:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                getattr(np, name)  # one numpy's __getattr__ still gives (with a deprecation warning)
            continue
        except AttributeError:
            pass
        try:
            out.append((name, made(np)))
        except Exception:  # a numpy without what the alias named (np.trapezoid before 2.0 has trapz itself)
            continue
    return out


# numpy_alias_notes' cheap test, on every name _NUMPY_ALIASES may put back (the walk keeps those
# _ALIASED holds). Compiled here once: built from _ALIASED, which each run fills, its 34 names were
# compiled in every pool job (~0.6 ms, the job's one regular expression compiled after the fork).
# Not after tf, K, keras or torch (no numpy's receivers): `tf.math.log` would otherwise pass it for np.math, and
# every TensorFlow file take the second walk for no note.
_ALIAS_USE = re.compile(r"(?<!\btf)(?<!\bK)(?<!\bkeras)(?<!\btorch)\.(?:%s)\b|from\s+numpy\s+import" % "|".join(_NUMPY_ALIASES))


def _alias_uses(source, module, aliased):
    """{name: first line} of the names in `aliased` the source takes from `module`: `np.float` on a
    name bound by `import numpy (as np)`, or `from numpy import float_`."""
    import ast

    tree = _parse_once(source)
    bound = set()
    for node in ast.walk(tree):
        if _type(node) is ast.Import:
            bound.update(a.asname or a.name for a in node.names if a.name == module)
    uses = {}
    for node in ast.walk(tree):
        if _type(node) is ast.Attribute and node.attr in aliased and _type(node.value) is ast.Name and node.value.id in bound:
            found = [(node.attr, node.lineno)]
        elif _type(node) is ast.ImportFrom and node.module == module and not node.level:
            found = [(a.name, node.lineno) for a in node.names if a.name in aliased]
        else:
            continue
        for name, line in found:
            if name not in uses or line < uses[name]:
                uses[name] = line
    return uses


def _alias_note(note_id, uses):
    if not uses:
        return []
    names = sorted(uses, key=lambda n: (uses[n], n))
    return [dict({"id": note_id, "names": names[:40]}, **Sub.where(uses[names[0]]))]


def numpy_alias_notes(source):
    """The note naming the removed NumPy names (install_numpy_aliases) the source uses, and the
    TensorFlow 1 names (install_tf1_aliases); each with the first use's line."""
    notes = []
    if _ALIASED and _ALIAS_USE.search(source):  # cheap test first
        notes += _alias_note("numpy-aliases", _alias_uses(source, "numpy", set(_ALIASED)))
    if _TF1_ALIASED and _TF1_ALIAS_USE.search(source):
        notes += _alias_note("tf1-aliases", _alias_uses(source, "tensorflow", set(_TF1_ALIASED)))
    return notes


# TensorFlow 1's names of its math functions and casts, which TensorFlow 2 moved to tf.math or
# removed (tf.log, tf.to_float), as code written for a course's TensorFlow 1.x with Keras 2 uses
# them (the course notebook's own test takes K.get_session(): TensorFlow 1's graph mode). Each only
# named what TensorFlow 2 has; put back on the real tensorflow module after the file loads
# (install_tf1_aliases), as install_numpy_aliases does numpy's. Name: what it named.
_TF1_MATH = ("log", "log1p", "log_sigmoid", "count_nonzero", "reciprocal", "squared_difference", "expm1",
             "rsqrt", "rint", "ceil", "is_nan", "is_inf", "is_finite", "cumprod", "erf", "lgamma", "digamma")
_TF1_CASTS = {"to_float": "float32", "to_double": "float64", "to_int32": "int32", "to_int64": "int64"}
_TF1_ALIASED = []
# numpy_alias_notes' cheap test for these, compiled once as _ALIAS_USE is.
_TF1_ALIAS_USE = re.compile(r"\.(?:%s)\b|from\s+tensorflow\s+import" % "|".join((*_TF1_MATH, *_TF1_CASTS)))


def install_tf1_aliases():
    """Puts TensorFlow 1's _TF1_MATH and _TF1_CASTS names back on the tensorflow module the file
    imported, where it is TensorFlow 2's own (not the Keras shim's stand-in) and lacks them."""
    tf = sys.modules.get("tensorflow")
    if tf is None or not _installed_module(tf):
        return
    try:
        math = tf.math
    except Exception:  # a TensorFlow without it: nothing to put back
        return
    made = {name: (lambda name: lambda: getattr(math, name))(name) for name in _TF1_MATH}
    factory = _alias_functions(tf=tf)["tf1_cast"]
    for name, dtype in _TF1_CASTS.items():
        made[name] = (lambda dtype: lambda: factory(dtype))(dtype)
    for name, value in made.items():
        if name in tf.__dict__:
            continue
        try:
            getattr(tf, name)
            continue
        except AttributeError:
            pass
        try:
            setattr(tf, name, value())
        except Exception:  # tf.math without that function in this release
            continue
        if name not in _TF1_ALIASED:
            _TF1_ALIASED.append(name)


_KIND_NAMES = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL", "KEYWORD_ONLY", "VAR_KEYWORD")


def plain_params(obj):
    """The parameters of a plain Python function, read from its code object: what
    inspect.signature would say, without its machinery (a few hundred microseconds per call).
    None for anything else (partials, classes, builtins, wrapped or annotated signatures)."""
    if _type(obj) is not types.FunctionType or "__wrapped__" in obj.__dict__ or "__signature__" in obj.__dict__:
        return None
    code = obj.__code__
    names = code.co_varnames
    npos, nkw = code.co_argcount, code.co_kwonlyargcount
    nposonly = code.co_posonlyargcount
    defaults = obj.__defaults__ or ()
    kwdefaults = obj.__kwdefaults__ or {}
    first_default = npos - _len(defaults)
    params = []
    for i in range(npos):
        params.append({"name": names[i], "kind": _KIND_NAMES[0 if i < nposonly else 1], "hasDefault": i >= first_default})
    at = npos
    varargs = code.co_flags & inspect.CO_VARARGS
    if varargs:
        params.append({"name": names[npos + nkw], "kind": _KIND_NAMES[2], "hasDefault": False})
    for i in range(nkw):
        name = names[at + i]
        params.append({"name": name, "kind": _KIND_NAMES[3], "hasDefault": name in kwdefaults})
    if code.co_flags & inspect.CO_VARKEYWORDS:
        params.append({"name": names[npos + nkw + (1 if varargs else 0)], "kind": _KIND_NAMES[4], "hasDefault": False})
    return params[:64]


def _recorded(nb, attr, most):
    """The first `most` entries of one of notebook.py's lists of what the load did (nb may be None)."""
    return list(getattr(nb, attr, []) if nb is not None else [])[:most]


def _note_name(name):
    """Whether a def's name may go in a note as it is: an identifier of up to 200 characters."""
    return _type(name) is str and str.isidentifier(name) and len(name) <= 200


def _note_type(kind):
    """An exception class name as a note carries it: one token (printable, no spaces, 1 to 200
    characters), else "Exception". The class name is the learner's (type("My Odd Error", ...))."""
    return kind if str.isprintable(kind) and not any(str.isspace(c) for c in kind) and 0 < len(kind) <= 200 else "Exception"


def skipped_decorator_notes(nb):
    """A note per decorator the load applied no decorator for, as it needed the data or a module
    the grader lacks (notebook.decorate): the function it names, where, and what it raised. Only
    for a def the graded functions reach (notebook.NEEDED): the rest changes no grade."""
    out = []
    try:
        needed = getattr(nb, "NEEDED", None)
        for name, (cell, line), kind in _recorded(nb, "SKIPPED_DECORATORS", 20):
            if needed is not None and name not in needed:
                continue  # a def nothing graded reaches (an @interact helper): its decorator changes no grade
            if _note_name(name) and _type(kind) is str and _type(line) is int:
                out.append(dict({"id": "decorator-skipped", "function": name, "type": _note_type(kind)}, **_cell_line(cell, line)))
    except BaseException:  # a hint must never stop grading
        return []
    return out


def kept_previous_notes(nb):
    """A note per def whose decorator raised the learner's own error while an earlier binding of
    its name stood (notebook.decorate, KEPT_PREVIOUS): as in Jupyter, the failing def never binds
    the name, so the earlier one is graded. The function, where the decorator is, what it raised,
    and where the one kept is defined (when it is a def of the file)."""
    out = []
    try:
        for name, (cell, line), exc, previous in _recorded(nb, "KEPT_PREVIOUS", 20):
            if not (_note_name(name) and _type(line) is int):
                continue
            note = dict({"id": "decorator-kept-previous", "function": name, "type": _note_type(type_name(exc)),
                         "message": _first_line(exc)}, **_cell_line(cell, line))
            try:
                code = previous.__code__ if _type(previous) is types.FunctionType else None
                if code is not None and code.co_filename == Sub.filename:
                    spot = Sub.where(code.co_firstlineno)
                    if "line" in spot:
                        note["kept"] = spot
            except BaseException:  # a hint must never stop grading
                pass
            out.append(note)
    except BaseException:  # a hint must never stop grading
        return []
    return out


def argparse_default_notes(nb):
    """A note per `args = parser.parse_args()` that exited (a required argument the grader's empty
    command line lacks) and was given its arguments' defaults (notebook.parsed_defaults)."""
    out = []
    try:
        for cell, line in _recorded(nb, "ARGPARSE_DEFAULTS", 5):
            if _type(line) is int and _type(cell) is int:
                out.append(dict({"id": "argparse-defaults"}, **_cell_line(cell, line)))
    except BaseException:  # a hint must never stop grading
        return []
    return out


def _raised_helpers(mod, nb, own, decorators):
    """The helpers (defs not graded) whose decorator, default or annotation raised an error of the
    learner's own when the def was made: in Jupyter that def fails and the helper does not exist.
    Each is taken out of the module and recorded (notebook.OWN_DEFS), so a graded function that
    calls it fails with a NameError that says why (error_info), and the other is graded."""
    helpers = getattr(nb, "OWN_DEFS", None)
    if helpers is None:
        return
    for name, (f, (cell, line), exc) in list((decorators or {}).items()):
        try:
            if name in _GRADED or mod.__dict__.get(name) is not f:
                continue
            del mod.__dict__[name]
            helpers[name] = (_cell_line(cell, line), "the decorator", type_name(exc), _first_line(exc))
        except BaseException:  # a hint must never stop grading
            continue
    if not own:
        return
    for name, obj in list(mod.__dict__.items()):
        try:
            if name in _GRADED or _type(obj) is not types.FunctionType or obj.__code__.co_filename != Sub.filename:
                continue
            hit = _own_default_error(obj, own)
            if hit is None:
                continue
            line, exc, what = hit
            what = ("the return annotation" if what == "the return annotation"
                    else "the annotation of %s" % what[:-len("'s annotation")] if what.endswith("'s annotation")
                    else "the default value of %s" % what)
            where = Sub.where(line if line is not None else obj.__code__.co_firstlineno)
            if "line" not in where:
                continue
            del mod.__dict__[name]
            helpers[name] = (where, what[:260], type_name(exc), _first_line(exc))
        except BaseException:  # a hint must never stop grading (learner objects may raise anything)
            continue


def _first_line(exc):
    """The first line of a learner's error message, as the load problems quote it (300 characters at most)."""
    return safe_str(exc).split("\n")[0][:300]


def _own_default_error(obj, own):
    """(line, exception, what) of the first default or annotation of the function `obj` whose value
    is one of `own` (notebook.OWN_ERRORS: it raised the learner's own error when the def was made),
    or None. May raise: callers guard it."""
    values = list(obj.__defaults__ or ()) + list((obj.__kwdefaults__ or {}).values()) + list(obj.__annotations__.values())
    hit = next((own[id(v)] for v in values if id(v) in own and own[id(v)][0] is v), None)
    if hit is None:
        return None
    value, line = hit
    return line, object.__getattribute__(value, "_wlgrade_exc"), object.__getattribute__(value, "_wlgrade_what")


def raised_defaults(mod, nb):
    """The graded functions whose default or annotation raised an error of the learner's own when
    the def was made (epsilon=1/0, a helper's TypeError: notebook.deferred): in Jupyter, or run as
    a script, that def fails and the function does not exist. Each is taken out of the module;
    returns {name: {param, type, message, line (, cell)}}."""
    own = getattr(nb, "OWN_ERRORS", None) if nb is not None else None
    decorators = getattr(nb, "OWN_DECORATORS", None) if nb is not None else None
    if not own and not decorators:
        return {}
    out = {}
    _raised_helpers(mod, nb, own, decorators)
    for name in _GRADED:
        try:
            obj = mod.__dict__.get(name)
            deco = decorators.get(name) if decorators else None
            if deco is not None and deco[0] is obj:
                f, (cell, line), exc = deco
                out[name] = dict({"param": "the decorator", "type": type_name(exc), "message": _first_line(exc)},
                                 **_cell_line(cell, line))
                del mod.__dict__[name]
                continue
            if _type(obj) is not types.FunctionType or not own:
                continue
            hit = _own_default_error(obj, own)
            if hit is None:
                continue
            line, exc, what = hit
            base = what[:-len("'s annotation")] if _type(what) is str and what.endswith("'s annotation") else what
            if not (what == "the return annotation" or _note_name(base)):
                continue  # the schema's parameter name (a 300-letter one would corrupt the record): left deferred
            info = {"param": what, "type": type_name(exc), "message": _first_line(exc)}
            info.update(Sub.where(line) if line is not None else Sub.where(obj.__code__.co_firstlineno))
            if "line" not in info:
                continue
            del mod.__dict__[name]
            out[name] = info
        except BaseException:  # a hint must never stop grading (learner objects may raise anything)
            continue
    return out


def function_info(mod, name):
    obj = mod.__dict__.get(name)
    info = {"defined": obj is not None, "callable": callable(obj), "params": plain_params(obj)}
    if info["params"] is None:
        try:
            sig = inspect.signature(obj)
            info["params"] = [
                {"name": p.name, "kind": p.kind.name, "hasDefault": p.default is not inspect.Parameter.empty}
                for p in list(sig.parameters.values())[:64]
            ]
        except BaseException:  # not inspectable; a learner object's __getattr__ may raise anything, SystemExit too
            pass
    try:
        code = getattr(obj, "__code__", None)  # a learner object's property runs here
    except BaseException:
        code = None
    if _type(code) is types.CodeType and code.co_filename == Sub.filename:
        info.update(Sub.where(code.co_firstlineno))
        try:
            info["modules"] = function_modules(mod, obj)[:16]
        except BaseException:  # a hint must never stop grading; learner objects may raise anything (SystemExit too)
            pass
    nb = sys.modules.get("wlgrade_notebook")
    if obj is None and nb is not None and name in nb.SYNTAX:  # its cell was left out for a SyntaxError
        cell, line, message, text = nb.SYNTAX[name]
        info["syntax"] = {"cell": cell, "line": line, "message": message, "text": text}
        raw = getattr(nb, "RAW_CELLS", {}).get(cell)
        if raw is not None and Sub.cell_of_line is not None:  # a %%writefile or %%memit cell: plain Python
            info["syntax"]["raw"] = raw
        if Sub.cell_of_line is None:  # a piece of a .py (retry_parseable_pieces): the line is the file's
            del info["syntax"]["cell"]
    if obj is None and nb is not None and name in nb.UNREADY:  # its default or decorator reads a name defined later
        cell, line, read, later = nb.UNREADY[name]
        info["unready"] = {"name": read[:200], **_cell_line(cell, line)}
        if later is not None:
            info["unready"]["later"] = _cell_line(*later)
    return info


_ARRAY_MODULES = ("numpy", "torch", "tensorflow", "keras", "jax", "math")


def _nested_codes(code):
    """A code object and every one nested in it (its inner functions, lambdas, comprehensions)."""
    todo = [code]
    while todo:
        c = todo.pop()
        yield c
        todo.extend(k for k in c.co_consts if _isinstance(k, types.CodeType))


def function_modules(mod, obj):
    """The array modules a graded function computes with, as its code names them: the modules its
    global names refer to (`np`, `K`, `torch`; a Keras backend module counts as keras whatever
    package holds it), or the module of a function imported by name (`from numpy import mean`),
    through its nested functions and the submission's own helpers and classes it calls. A fix is
    written in these terms, not in those of whatever else the file imports (a course notebook
    imports Keras but computes the frequencies with numpy)."""
    found = set()
    seen = set()
    todo = [obj]
    while todo and _len(seen) < 64:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if _type(value) is types.FunctionType:
            codes = [value.__code__]
        elif _isinstance(value, type) and value.__module__ == mod.__name__:
            codes = [v.__code__ for v in list(value.__dict__.values()) if _type(v) is types.FunctionType]
        else:
            continue
        for code in (c for top in reversed(codes) if top.co_filename == Sub.filename for c in _nested_codes(top)):
            for name in code.co_names:
                target = mod.__dict__.get(name)
                if target is None:
                    continue
                if _isinstance(target, types.ModuleType):
                    dotted = target.__dict__.get("__name__")
                elif _type(target) is types.FunctionType and target.__code__.co_filename == Sub.filename:
                    todo.append(target)  # a helper of the submission's own
                    continue
                elif _isinstance(target, type) and target.__module__ == mod.__name__:
                    todo.append(target)
                    continue
                elif callable(target):  # np.mean, a ufunc, torch.log imported by name
                    dotted = getattr(target, "__module__", None)
                else:
                    continue
                parts = dotted.split(".") if _isinstance(dotted, str) else []
                top = "keras" if "keras" in parts else (parts[0] if parts else "")
                if top == "keras" and parts[-1] == "ops":
                    top = "keras.ops"  # Keras 3's ops (ops.mean), which has no K.mean: its fixes say ops.mean
                elif top == "keras" and parts[-1] == "keras" and "ops" in code.co_names and "backend" not in code.co_names:
                    # `import keras` and keras.ops.mean(...): the ops reached through the package
                    # are Keras 3's ops all the same (no K.mean there).
                    top = "keras.ops"
                if top in _ARRAY_MODULES or top == "keras.ops":
                    found.add(top)
    return sorted(found)


def _cell_line(cell, line):
    """A position the extractor gives as (cell, line), as the report shows it: a .py graded from
    its definitions is one cell, whose lines are the file's."""
    return {"cell": cell, "line": line} if Sub.cell_of_line is not None else {"line": line}


def template_placeholders(source, names, graded=None):
    """Lines of the exercise template's `None` placeholders left in the graded functions: between
    the template's "START CODE HERE" and "END CODE HERE" markers, an assignment of None
    (`N = None`, `loss += None`); an augmented assignment of None anywhere. {function: [lines]}.
    With `graded` ({name: graded_lines of the function graded under it}), each function's span is
    the def graded (_loss_definition's rule): a template def the module replaced by a def of the
    learner's (`compute_class_freqs = my_freqs`) never runs, and its placeholders are not the
    graded function's (red team 18)."""
    import ast

    assign_none = re.compile(r"^\s*[A-Za-z_][\w.\[\], :]*?\s*([-+*/]?)=\s*None\s*(#.*)?$")
    hits = []
    marked = []  # lines between the markers that name None some other way
    inside = False
    for number, text in enumerate(_PY_LINE.findall(source), start=1):
        upper = text.upper()
        if "START CODE HERE" in upper:
            inside = True
        elif "END CODE HERE" in upper:
            inside = False
        else:
            m = assign_none.match(text)
            if m and (inside or m.group(1)):
                hits.append(number)
            elif inside and "None" in text:
                marked.append(number)
    if not hits and not marked:
        return {}
    tree = _parse_once(source)
    if marked:
        # None computed with, where the template's None stood inside an expression
        # (`loss += -1 * K.mean(None)`, `np.log(None)`): an operand, or a positional argument.
        # `x is None`, `axis=None` and a default are code of the learner's (sweep 20).
        lines = set(marked)
        for node in ast.walk(tree):
            operands = ()
            if _isinstance(node, ast.BinOp):
                operands = (node.left, node.right)
            elif _isinstance(node, ast.UnaryOp):
                operands = (node.operand,)
            elif _isinstance(node, ast.Call):
                operands = node.args
            for o in operands:
                if _isinstance(o, ast.Constant) and o.value is None and o.lineno in lines:
                    hits.append(o.lineno)
        hits = sorted(set(hits))
        if not hits:
            return {}
    spans = {}
    if graded is not None:
        for name in names:
            node = _loss_definition(tree, graded.get(name) or [])
            if node is not None:
                spans[name] = (node.lineno, node.end_lineno)
    else:
        for node in tree.body:  # the last definition of a name wins, as when it runs
            if _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names:
                spans[node.name] = (node.lineno, node.end_lineno)
    out = {}
    for name, (first, last) in spans.items():
        lines = [n for n in hits if first <= n <= last]
        if lines:
            out[name] = lines
    return out


# `= None` as an assignment's whole value can be written: only blanks, `\` line breaks, parentheses
# and comments can stand between the two (a superset: `== None`, a keyword's `=None`, pass too).
_ASSIGNS_NONE = re.compile(r"=(?:[\s\\(]|#[^\r\n]*)*None\b")


def complete_def(text, name):
    """Whether `text`, a def of `name` (a Raw cell's, notebook.RAW_DEFS), is one the learner finished:
    it parses, and holds neither the template's placeholders nor a None it only computes with,
    and returns something other than None."""
    import ast

    try:
        tree = ast.parse(text)
        if template_placeholders(text, [name]) or unused_none_placeholders(text, [name]):
            return False
    except BaseException:  # a hint must never stop grading
        return False
    node = tree.body[0] if tree.body else None
    if not _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name != name:
        return False
    returns = [n for n in ast.walk(node) if _isinstance(n, ast.Return) and n.value is not None
               and not (_isinstance(n.value, ast.Constant) and n.value.value is None)]
    return bool(returns)


def unused_none_placeholders(source, names, graded=None):
    """Placeholders left in a graded function outside the template's markers (a file written
    without them, `positive_frequencies = None  # TODO`, sweep 20 t14): a name the function binds
    only to None and then computes with (an operand of arithmetic, `x += ...`, `x[i]`), which can
    only raise. {function: [(line of the None, the name)]}. A None used as a sentinel is tested
    (`if x is None:`, `if x:`, `x or y`) or bound to something else too, and is none of these.
    Most files hold a None (`axis=None`, a default), few bind a name to it: without an `= None`
    (parentheses, line breaks and comments between allowed) there is nothing to walk."""
    import ast

    if not _ASSIGNS_NONE.search(source):
        return {}
    tree = _parse_once(source)
    out = {}
    for name in names:
        node = _loss_definition(tree, graded.get(name) or []) if graded is not None else None
        if node is None:
            node = next((n for n in reversed(tree.body) if _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name), None)
        if node is None:
            continue
        nones = {}  # name -> line of its first `= None`
        other = set()  # names bound some other way, declared global or nonlocal, or tested
        computed = set()
        for n in ast.walk(node):
            if _isinstance(n, ast.Assign):
                for t in n.targets:
                    if _isinstance(t, ast.Name) and _isinstance(n.value, ast.Constant) and n.value.value is None:
                        nones.setdefault(t.id, n.lineno)
                    else:
                        other.update(x.id for x in ast.walk(t) if _isinstance(x, ast.Name))
            elif _isinstance(n, (ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension, ast.withitem, ast.NamedExpr, ast.Delete)):
                for t in ([n.target] if hasattr(n, "target") else getattr(n, "targets", None) or [getattr(n, "optional_vars", None)]):
                    if t is not None:
                        other.update(x.id for x in ast.walk(t) if _isinstance(x, ast.Name))
            elif _isinstance(n, (ast.Global, ast.Nonlocal)):
                other.update(n.names)
            elif _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):  # parameters are bound by the call
                args = n.args
                other.update(a.arg for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg] if a is not None)
            elif _isinstance(n, (ast.ExceptHandler,)) and n.name:
                other.add(n.name)
            # Tested: a sentinel, not a value computed with.
            if _isinstance(n, ast.Compare):
                other.update(x.id for x in [n.left] + n.comparators if _isinstance(x, ast.Name))
            elif _isinstance(n, (ast.If, ast.While, ast.IfExp, ast.Assert)):
                if _isinstance(n.test, ast.Name):
                    other.add(n.test.id)
            elif _isinstance(n, ast.BoolOp):
                other.update(x.id for x in n.values if _isinstance(x, ast.Name))
            elif _isinstance(n, ast.UnaryOp) and _isinstance(n.op, ast.Not) and _isinstance(n.operand, ast.Name):
                other.add(n.operand.id)
            # Computed with.
            if _isinstance(n, ast.BinOp):
                computed.update(x.id for x in (n.left, n.right) if _isinstance(x, ast.Name))
            elif _isinstance(n, ast.UnaryOp) and not _isinstance(n.op, ast.Not) and _isinstance(n.operand, ast.Name):
                computed.add(n.operand.id)
            elif _isinstance(n, ast.AugAssign):
                computed.update(x.id for x in (n.target, n.value) if _isinstance(x, ast.Name))
            elif _isinstance(n, ast.Subscript) and _isinstance(n.value, ast.Name):
                computed.add(n.value.id)
        found = sorted((line, var) for var, line in nones.items() if var in computed and var not in other)
        if found:
            out[name] = found
    return out


def _loss_definition(tree, lines=None):
    """The definition the source readers (logits_calls, unread_weights, clips_predictions,
    bce_order_calls) read the loss from, or None. With `lines` (graded_lines: where the function
    graded as get_weighted_loss starts), the def, at any depth and by any name, that starts at the
    first of them that one does: the graded one. A def the module replaced (`get_weighted_loss =
    _v2`, a later def in an `if`) is never run, and its calls blamed a mistake on code that never
    ran (red team 18). Without, the last top-level `def get_weighted_loss`."""
    import ast

    if lines is not None:
        starts = _def_starts(tree)
        return next((starts[line] for line in lines if line in starts), None)
    defs = [n for n in tree.body if _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "get_weighted_loss"]
    return defs[-1] if defs else None


# The last tree _def_starts read, and its defs by first line: (tree, starts).
_STARTS = []


def _def_starts(tree):
    """Every def in `tree` (at any depth) by the line it starts at, decorators included, the first
    one of a line kept: what _loss_definition finds the graded def in. It walked the whole tree on
    each call, and a job asks up to eight times of one tree (_parse_once's: the readers of the
    graded definitions, once per function), so the last tree's are kept, and dropped with it
    before the calls (_PARSED)."""
    import ast

    if _STARTS and _STARTS[0] is tree:
        return _STARTS[1]
    starts = {}
    for n in _statements(tree):
        if _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            starts.setdefault(min([n.lineno] + [d.lineno for d in n.decorator_list]), n)
    _STARTS[:] = [tree, starts]
    return starts


# The fields of a node that hold statements (a def, any block, an except clause, a match case).
_STATEMENT_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")  # in ast's own field order


def _statements(tree):
    """Every statement under `tree` (and the except clauses and match cases that hold them), breadth
    first, without visiting an expression: a def is a statement, and
    no expression holds one (a lambda is no def). ast.walk visited every node, and a file with a
    pasted literal of a million elements (red team 23: 7.2 MB of label lists) spent seconds there."""
    todo = [tree]
    for node in todo:
        yield node
        for field in _STATEMENT_FIELDS:
            block = getattr(node, field, None)
            if _type(block) is list:
                todo.extend(block)


def graded_lines(obj, most=8):
    """Where the graded function `obj` starts in the submission (its code's first line, decorators
    included), and each function it wraps (`__wrapped__`, which functools.wraps sets), innermost
    first: the def as written under a decorator's wrapper. The lines _loss_definition takes the
    graded def from; [] for an object whose code is not the file's (a class instance,
    functools.partial, a function made elsewhere)."""
    lines = []
    for _ in range(most):
        try:
            code = getattr(obj, "__code__", None)  # a learner object's property runs here
        except BaseException:
            code = None
        if _type(code) is types.CodeType and code.co_filename == Sub.filename:
            lines.append(code.co_firstlineno)
        try:
            obj = getattr(obj, "__wrapped__", None)
        except BaseException:
            obj = None
        if obj is None:
            break
    return lines[::-1]


# A float dtype other than float32 written into a cast (`tf.float64`, `torch.double`, `np.float16`, "float64"):
# next to Keras's float32 predictions, TensorFlow and PyTorch refuse the mix (loss-mixed-dtypes).
_FIXED_DTYPES = frozenset(("float64", "double", "float16", "half", "bfloat16", "longdouble", "float128", "DoubleTensor", "HalfTensor"))
_DTYPE_CASTS = frozenset(("cast", "astype", "to", "type", "constant", "convert_to_tensor", "tensor", "as_tensor", "Variable", "array", "asarray"))
_DTYPE_METHODS = frozenset(("double", "half", "bfloat16"))


def _fixed_dtype_cast(call):
    """Whether a call casts to a fixed float dtype other than float32 (the "fixedDtype" site):
    `tf.cast(x, tf.float64)`, `tf.cast(x, dtype="float64")`, `x.astype(np.float64)`, `x.to(torch.double)`,
    `x.double()`, `tf.constant(w, dtype=tf.float64)`. Not a cast to another value's dtype (`y_pred.dtype`),
    to float32, or a reduction's `dtype=` (np.sum(x, dtype=np.float64) is no tensor of its own)."""
    import ast

    name = _callee(call.func)
    method = _isinstance(call.func, ast.Attribute) and _call_subject(call)[0]
    if method and name in _DTYPE_METHODS and not call.args and not call.keywords:
        return True
    if name not in _DTYPE_CASTS:
        return False
    said = [k.value for k in call.keywords if k.arg == "dtype"]
    if name in ("cast", "astype", "to", "type"):
        said += list(call.args[(0 if method else 1):][:1])
    for d in said:
        word = d.attr if _isinstance(d, ast.Attribute) else d.id if _isinstance(d, ast.Name) else d.value if (
            _isinstance(d, ast.Constant) and _isinstance(d.value, str)) else None
        if word in _FIXED_DTYPES:
            return True
    return False

def _callee(func):
    """The name a call's function is written with: `F.binary_cross_entropy` -> binary_cross_entropy."""
    import ast

    return func.attr if _isinstance(func, ast.Attribute) else func.id if _isinstance(func, ast.Name) else ""


def _call_subject(call):
    """(method, subject, rest) for fix_sites's loss readers: whether a call is a method of a value
    (`y_pred.clip(lo, hi)`, `w.reshape(-1, 1)`; not a function of a module _SITE_MODULES names,
    `np.clip(y_pred, lo, hi)`, `K.mean(x)`, nor of a path into one, `tf.math.multiply(w, y)`), the
    value it works on (the receiver, or the first argument, or None) and the arguments after that
    value."""
    import ast

    func = call.func
    if _isinstance(func, ast.Attribute) and not (_isinstance(func.value, ast.Name) and func.value.id in _SITE_MODULES) \
            and not _module_path(func.value):
        return True, func.value, call.args
    return False, (call.args[0] if call.args else None), call.args[1:]


def _module_path(e):
    """Whether e is a dotted path into a module _SITE_MODULES names (`tf.math`, `torch.nn.functional`):
    what a call such as `tf.math.log(x)` is a function of, where `(y * log(p)).mean(0)` is a method of
    its receiver (whose first argument, 0, is an axis)."""
    import ast

    if not _isinstance(e, ast.Attribute):
        return False
    while _isinstance(e, ast.Attribute):
        e = e.value
    return _isinstance(e, ast.Name) and e.id in _SITE_MODULES


def _written(node):
    """A callee as the reports name it: its dotted name (`tf.nn.sigmoid_cross_entropy_with_logits`),
    or its last name when it is some other expression or longer than 80 characters. Never the
    source text itself: a segment can hold comments and strings, and the grader checks the name
    is one (schema/protocol.ts CALL; red team 17 sent words of its own there)."""
    import ast

    parts = []
    while _isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if _isinstance(node, ast.Name):
        parts.append(node.id)
        text = ".".join(reversed(parts))
        if _len(text) <= 80:
            return text
    return (parts[0] if parts else "")[:80]


def _value_names(node):
    """The names a value is computed from, as logits_calls and bce_order_calls trace y_true and
    y_pred: `tf.cast(y_true, y_pred.dtype)` is computed from y_true only (y_pred's .dtype, .shape,
    .device … say nothing of its values)."""
    import ast

    if _isinstance(node, ast.Attribute) and node.attr in ("dtype", "device", "shape", "ndim"):
        return
    if _isinstance(node, ast.Name):
        yield node.id
    for child in ast.iter_child_nodes(node):
        yield from _value_names(child)


_PARSED = {}


def _parse_once(source):
    """ast.parse(source), one tree per source text for the readers of the graded definitions that
    run after the load (template_placeholders, logits_calls, unread_weights, clips_predictions,
    bce_order_calls; fix_sites takes the graded defs from it when it is there): each parsed the
    whole file again, two to four times a job, though they only read the tree. A source that does
    not parse raises as ast.parse does, every time (nothing is kept)."""
    tree = _PARSED.get(source)
    if tree is None:
        import ast

        tree = ast.parse(source)
        _PARSED.clear()  # one source per job: the last one only
        _PARSED[source] = tree
    return tree



def forget_parses():
    """Drops the tree _parse_once shares and _def_starts' defs of it: not kept for the learner's
    calls, which a large file's tree would leave with that much less memory (serve, and the pool
    server's warm-up)."""
    _PARSED.clear()
    del _STARTS[:]

def logits_calls(source, lines=None):
    """Calls in get_weighted_loss (the graded definition: _loss_definition) that take logits, made on y_pred itself:
    `tf.nn.weighted_cross_entropy_with_logits(labels=y_true, logits=y_pred)`,
    `F.binary_cross_entropy_with_logits(yp, yt)` with `yp = torch.as_tensor(y_pred)`,
    `nn.BCEWithLogitsLoss(...)(y_pred, y_true)`, `binary_crossentropy(y_true, y_pred, from_logits=True)`.
    y_pred already holds probabilities: these apply a sigmoid to it. A value derived through a log
    (`logits = log(p / (1 - p))`) is logits and is not counted. [(line, the callee as written)]."""
    import ast

    takes_logits = re.compile(r"(?:_with_logits|WithLogitsLoss)$")
    outer = _loss_definition(_parse_once(source), lines)
    if outer is None:
        return []
    callee = _callee

    def derived_by_log(value):
        return any(_isinstance(n, ast.Call) and re.search(r"log|logit", callee(n.func), re.I) for n in ast.walk(value))

    def from_logits(call):
        return any(k.arg == "from_logits" and _isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords)

    # Names bound to a loss object that takes logits, anywhere in it: crit = nn.BCEWithLogitsLoss(...),
    # bce = tf.keras.losses.BinaryCrossentropy(from_logits=True).
    losses = {t.id: _written(n.value.func) if takes_logits.search(callee(n.value.func)) else "%s(..., from_logits=True)" % _written(n.value.func)
              for n in ast.walk(outer) if _isinstance(n, ast.Assign) and _isinstance(n.value, ast.Call)
              and (takes_logits.search(callee(n.value.func)) or from_logits(n.value)) for t in n.targets if _isinstance(t, ast.Name)}
    out = []
    for inner in [n for n in ast.walk(outer) if n is not outer and _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]:
        params = [a.arg for a in inner.args.posonlyargs + inner.args.args]
        if _len(params) < 2:
            continue
        tainted = {params[1]}  # y_pred, and what is only converted from it (a cast, a tensor)
        body = sorted((n for n in ast.walk(inner) if _isinstance(n, (ast.Assign, ast.Call))), key=lambda n: (n.lineno, n.col_offset))
        for node in body:
            if _isinstance(node, ast.Assign):
                names = set(_value_names(node.value))
                for target in node.targets:
                    if not _isinstance(target, ast.Name):
                        continue
                    if names & tainted and not derived_by_log(node.value):
                        tainted.add(target.id)
                continue
            name = callee(node.func)
            logits = bool(takes_logits.search(name)) or name in losses or (
                _isinstance(node.func, ast.Call) and (bool(takes_logits.search(callee(node.func.func))) or from_logits(node.func))) or from_logits(node)
            if not logits:
                continue
            args = list(node.args) + [k.value for k in node.keywords]
            if any(not derived_by_log(a) and any(n in tainted for n in _value_names(a)) for a in args):
                written = _written(node.func if not _isinstance(node.func, ast.Call) else node.func.func) or name
                if name in losses and _isinstance(node.func, ast.Name):
                    written = "%s (%s)" % (name, losses[name])
                elif not takes_logits.search(name) and (not _isinstance(node.func, ast.Call) or from_logits(node.func)):
                    written += "(..., from_logits=True)"
                if (node.lineno, written) not in out:
                    out.append((node.lineno, written))
    return out[:5]


def unread_weights(source, lines=None):
    """The weight parameters (the first two of get_weighted_loss, the graded definition: _loss_definition) whose values
    its code never reads: no use at all, or only `len(pos_weights)` or `pos_weights.shape`. A loss
    that loops over len(pos_weights) and multiplies by weights typed into the code (`pw = [0.98,
    ...]`) gives the same loss whatever weights it is passed. [(the parameter's name)], with the
    definition's line: (line, names)."""
    import ast

    outer = _loss_definition(_parse_once(source), lines)
    if outer is None:
        return None
    params = [a.arg for a in outer.args.posonlyargs + outer.args.args][:2]
    if _len(params) < 2:
        return None
    sized = set()  # loads that only measure the weights: len(w), w.shape, np.shape(w)
    for node in _walk(outer, ast.AST):
        if _isinstance(node, ast.Call) and _callee(node.func) in ("len", "shape") and node.args and _isinstance(node.args[0], ast.Name):
            sized.add(id(node.args[0]))
        elif _isinstance(node, ast.Attribute) and node.attr in ("shape", "size", "ndim") and _isinstance(node.value, ast.Name):
            sized.add(id(node.value))
    read = {n.id for n in _walk(outer, ast.AST) if _isinstance(n, ast.Name) and _isinstance(n.ctx, ast.Load) and id(n) not in sized}
    unread = [p for p in params if p not in read]
    return (outer.lineno, unread) if unread else None


def calls_clipping_bce(source, lines=None):
    """Whether get_weighted_loss (_loss_definition) calls a framework's binary cross-entropy that clips
    (Keras) or floors its logs (PyTorch) itself (_clipping_bce: not from logits, not a def of the file's
    own): with clips_predictions true, whether the clip is the library's or the file's own code's (a
    plain K.clip, whose hint names no library). None when there is no such definition."""
    import ast

    tree = _parse_once(source)
    outer = _loss_definition(tree, lines)
    if outer is None:
        return None
    own = None  # read only for a cross-entropy's name, as clips_predictions does
    for node in _walk(outer, ast.AST):
        if _isinstance(node, ast.Call) and _callee(node.func) in _CLIPPING_BCE:
            if own is None:
                own = {_py_name(m.group(1)) for m in _SITE_DEF.finditer(source)}
            if _clipping_bce(node, own):
                return True
    return False


def clips_predictions(source, lines=None):
    """Whether get_weighted_loss (the graded definition: _loss_definition) keeps its logs finite by clipping: a call
    that bounds a value by something other than 0 or 1 (`K.clip(y_pred, K.epsilon(), 1 -
    K.epsilon())`, `tf.clip_by_value`, `np.clip`, `torch.clamp`, `y_pred.clamp(min=eps)`,
    `np.maximum(y_pred, eps)`, `max(p, eps)`), or a framework's binary cross-entropy, which clips
    (Keras) or floors its logs (PyTorch) itself (_clipping_bce: not from logits, not a def of the
    file's own). `K.clip(y_pred, 0, 1)` bounds nothing the logs need and does not count. None when
    there is no such definition."""
    import ast

    tree = _parse_once(source)
    outer = _loss_definition(tree, lines)
    if outer is None:
        return None
    # The array modules by name (_SITE_MODULES), and any the file imports under a name of its own
    # (`import tensorflow.experimental.numpy as xnp`): their functions take the value first.
    modules = _SITE_MODULES | {(a.asname or a.name).split(".")[0] for n in tree.body if _isinstance(n, ast.Import) for a in n.names}
    own = None  # the file's top-level defs, as fix_sites's spans: read only for a cross-entropy's name (a whole-file scan)

    for node in _walk(outer, ast.AST):
        if not _isinstance(node, ast.Call):
            continue
        name = _callee(node.func)
        if name in _CLIPPING_BCE:
            if own is None:
                own = {_py_name(m.group(1)) for m in _SITE_DEF.finditer(source)}  # as Python binds them, as fix_sites's spans
            if _clipping_bce(node, own):
                return True
        if name not in _CLIP_CALLS and name not in ("max", "min"):
            continue
        args = list(node.args) + [k.value for k in node.keywords if k.arg not in ("axis", "dim", "keepdims", "keepdim", "out")]
        bounds = sum(1 for a in args if not _trivial_bound(a))
        # A function (K.clip(y_pred, lo, hi), max(p, eps)) takes the value first; a method
        # (y_pred.clamp(lo, hi)) takes only the bounds.
        function = _isinstance(node.func, ast.Name) or (_isinstance(node.func, ast.Attribute) and (
            _isinstance(node.func.value, ast.Attribute) or (_isinstance(node.func.value, ast.Name) and node.func.value.id in modules)))
        if bounds >= (2 if function else 1):
            return True
    return False



# Builtins a loss may call by a bare name that add nothing to its predictions (adds_epsilon).
_PLAIN_BUILTINS = frozenset(("len", "range", "float", "int", "abs", "sum", "zip", "enumerate", "list", "tuple", "print", "isinstance", "min", "max", "round", "pow"))
# Where a bare name a loss calls may be imported from and still add nothing of the learner's (`from numpy import log`).
_PLAIN_SOURCES = ("numpy", "math", "torch", "tensorflow", "keras", "jax")


def adds_epsilon(source, lines=None):
    """Whether get_weighted_loss (the graded definition: _loss_definition) adds anything that keeps a
    log finite anywhere in its code: a `+` (or `+=`, `add(...)`) of a number, of a fixed epsilon
    (`K.epsilon()`, `np.finfo(float).eps`), of a name or attribute that says epsilon (`eps`,
    `self.EPSILON`), or of a name the file or the loss binds to a number. In float32, a loss with no
    epsilon and one with a fixed 1e-7 both give inf or NaN on a prediction of exactly 1 (1 + 1e-7 is 1
    there), so the cases cannot tell loss-no-epsilon from loss-epsilon-ignored: the source can. False
    only when the loss adds none anywhere and calls no function of the file's own (a helper, a class,
    a name not imported from numpy / math / a framework), which could add one unseen; None when there is
    no such definition or it calls one."""
    import ast

    tree = _parse_once(source)
    outer = _loss_definition(tree, lines)
    if outer is None:
        return None
    plain = set(_PLAIN_BUILTINS)
    numbers, fixed = set(), set()
    # The file's top level and the loss only: a walk of the whole file would cost a notebook's pasted data.
    nodes = list(_walk(outer, ast.AST))  # the loss's nodes, walked once for the four readings below (in ast.walk's order)
    for n in list(tree.body) + nodes:
        if _isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] in _PLAIN_SOURCES:
            plain.update(a.asname or a.name for a in n.names)
        elif _isinstance(n, ast.Assign) and _fixed_epsilon(n.value):
            fixed.update(t.id for t in n.targets if _isinstance(t, ast.Name))
        elif _isinstance(n, ast.Assign) and _isinstance(n.value, ast.Constant) and _type(n.value.value) in (int, float):
            numbers.update(t.id for t in n.targets if _isinstance(t, ast.Name))
    # The epsilon parameter, and names bound to it (e = epsilon), a name for a fixed one or not.
    args = outer.args
    params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if _len(params) >= 3:
        fixed.add(params[2])
    for _ in range(2):
        for n in nodes:
            if _isinstance(n, ast.Assign) and _isinstance(n.value, ast.Name) and n.value.id in fixed:
                fixed.update(t.id for t in n.targets if _isinstance(t, ast.Name))
    # Names the loss binds itself (inner defs, lambdas, assignments) are read where they are: calls to them are no helper's.
    own = set()
    for n in nodes:
        if n is not outer:
            own.update(_bound_names(n) if _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.With)) else ())

    def keeps_finite(e):
        while _isinstance(e, ast.UnaryOp):
            e = e.operand
        if _fixed_epsilon(e) or (_isinstance(e, ast.Constant) and _type(e.value) in (int, float)):
            return True
        if _isinstance(e, ast.Name):
            return "eps" in e.id.lower() or e.id in fixed or (e.id in numbers and e.id not in own)
        return _isinstance(e, ast.Attribute) and "eps" in e.attr.lower()

    # A loss object of a class of the file's own that the factory constructs (return WeightedLoss(pos_weights,
    # neg_weights, epsilon)): its methods are read as the loss's own, when its bases are no class of the file
    # (tf.keras.losses.Loss and nn.Module add nothing to the predictions; learners 36b).
    classes = {n.name: n for n in tree.body if _isinstance(n, ast.ClassDef)}
    tops = {n.name for n in tree.body if _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))} | set(classes)
    read_classes = set()

    def loss_class(name):
        c = classes.get(name)
        if c is None or name in own or _len(read_classes) >= 4:
            return None
        if any(_isinstance(b, ast.Name) and b.id in tops for b in c.bases):
            return None
        return c

    i = 0
    while i < _len(nodes):
        node = nodes[i]
        i += 1
        if _len(nodes) > 20000:
            return None
        if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Add):
            if keeps_finite(node.left) or keeps_finite(node.right):
                return True
        elif _isinstance(node, ast.AugAssign) and _isinstance(node.op, ast.Add):
            if keeps_finite(node.value):
                return True
        elif _isinstance(node, ast.Call):
            parts = _sum_parts(node)
            if parts is not None and parts[2] and (keeps_finite(parts[0]) or keeps_finite(parts[1])):
                return True
            if _isinstance(node.func, ast.Name) and node.func.id not in plain and node.func.id not in own:
                c = loss_class(node.func.id)
                if c is None:
                    if node.func.id == "super" and read_classes:
                        continue  # super().__init__(...) in a class read here: its base is no class of the file
                    return None
                if node.func.id not in read_classes:
                    read_classes.add(node.func.id)
                    added = list(_walk(c, ast.AST))
                    for n in added:
                        if _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.With)):
                            own.update(_bound_names(n))
                    own.discard(node.func.id)
                    nodes.extend(added)
                continue
            if _isinstance(node.func, ast.Attribute) and _isinstance(node.func.value, ast.Name) and node.func.value.id == "self" \
                    and not (read_classes and node.func.attr in _ATTRIBUTE_SETTERS):
                return None
    return False


def bce_order_calls(source, lines=None):
    """Calls in get_weighted_loss (the graded definition: _loss_definition) to a framework's binary cross-entropy with
    the labels and the predictions in the other framework's order: PyTorch's
    `F.binary_cross_entropy(input, target)` and `nn.BCELoss()(input, target)` take the predictions
    first, Keras's `binary_crossentropy(y_true, y_pred)` (K., keras.losses., tf.keras.losses.) and
    `BinaryCrossentropy()(y_true, y_pred)` the labels first. They are found under another name too:
    an import alias (`from torch.nn.functional import binary_cross_entropy as bce`), a loss object
    made in the file (`criterion = nn.BCELoss()`), and a helper that passes its two parameters on
    (`bce = lambda t, p: F.binary_cross_entropy(p, t)`, a def), which takes them in the order it
    passes them. An argument counts as the labels or the predictions when it is computed from y_true
    or from y_pred only (a cast, a column; `y_pred.dtype` and `.shape` do not count).
    [(line, the callee as written, "predictions" or "labels": what that callee takes first)]."""
    import ast

    tree = _parse_once(source)  # the loss's helpers are found in the whole file
    outer = _loss_definition(tree, lines)
    if outer is None:
        return []
    callee = _callee
    known = {"binary_cross_entropy": "predictions", "BCELoss": "predictions",
             "binary_crossentropy": "labels", "BinaryCrossentropy": "labels"}
    # Import aliases anywhere in the file: `from torch.nn.functional import binary_cross_entropy as bce`.
    aliases = {a.asname: a.name for n in ast.walk(tree) if _isinstance(n, ast.ImportFrom)
               for a in n.names if a.asname and a.name in known}

    def first_taken(name):
        return known.get(aliases.get(name, name))

    segment = _written

    # Names bound to a loss object, in the file or the loss (crit = nn.BCELoss(...), bce = tf.keras.losses.BinaryCrossentropy()).
    objects = {t.id: (first_taken(callee(n.value.func)), segment(n.value.func))
               for n in ast.walk(tree) if _isinstance(n, ast.Assign) and _isinstance(n.value, ast.Call)
               and first_taken(callee(n.value.func)) for t in n.targets if _isinstance(t, ast.Name)}

    def known_call(node):
        """(what the callee takes first, the callee as written) for a call to a binary cross-entropy, or None."""
        name = callee(node.func)
        if _isinstance(node.func, ast.Call):  # nn.BCELoss(weight=w)(input, target)
            taken = first_taken(callee(node.func.func))
            return (taken, segment(node.func.func)) if taken else None
        if name in objects:
            return objects[name][0], "%s (%s)" % (name, objects[name][1])
        if name in wrappers and _isinstance(node.func, ast.Name):
            return wrappers[name]
        taken = first_taken(name)
        if taken and name in aliases and _isinstance(node.func, ast.Name):
            return taken, "%s (%s)" % (name, aliases[name])
        return (taken, segment(node.func)) if taken else None

    # Helpers that pass their first two parameters on to a binary cross-entropy: bce = lambda t, p:
    # F.binary_cross_entropy(p, t) takes the labels first. Named lambdas and defs, in the file or
    # the loss; they are read as callees, not as the loss.
    wrappers = {}
    helpers = [(t.id, n.value) for n in ast.walk(tree) if _isinstance(n, ast.Assign) and _isinstance(n.value, ast.Lambda)
               for t in n.targets if _isinstance(t, ast.Name)]
    helpers += [(n.name, n) for n in ast.walk(tree) if _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and n is not outer and n.name not in ("weighted_loss", "get_weighted_loss", "compute_class_freqs")]
    for _ in range(2):  # a helper of a helper
        for name, fn in helpers:
            params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            if _len(params) < 2:
                continue
            for call in (n for n in ast.walk(fn) if _isinstance(n, ast.Call) and _len(n.args) >= 2):
                found = known_call(call) if callee(call.func) != name else None
                order = [a.id if _isinstance(a, ast.Name) else None for a in call.args[:2]]
                if found and order in (params[:2], params[1::-1]):
                    other = "labels" if found[0] == "predictions" else "predictions"
                    wrappers[name] = (found[0] if order == params[:2] else other, "%s (%s)" % (name, found[1].split(" (")[-1].rstrip(")")))
                    break
    helper_nodes = {id(fn) for name, fn in helpers if name in wrappers}

    out = []
    for inner in [n for n in ast.walk(outer) if n is not outer and _isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                  and id(n) not in helper_nodes]:
        params = [a.arg for a in inner.args.posonlyargs + inner.args.args]
        if _len(params) < 2:
            continue
        side = {params[0]: "labels", params[1]: "predictions"}
        body = sorted((n for n in ast.walk(inner) if _isinstance(n, (ast.Assign, ast.Call))), key=lambda n: (n.lineno, n.col_offset))

        def side_of(value):
            found = {side[n] for n in _value_names(value) if n in side}
            return found.pop() if _len(found) == 1 else None

        for node in body:
            if _isinstance(node, ast.Assign):
                which = side_of(node.value)
                for target in node.targets:
                    if _isinstance(target, ast.Name):
                        if which:
                            side[target.id] = which
                        else:
                            side.pop(target.id, None)
                continue
            found = known_call(node)
            if not found or _len(node.args) < 2:
                continue
            taken, written = found
            first, second = side_of(node.args[0]), side_of(node.args[1])
            if first and second and first != second and first != taken:
                if (node.lineno, written, taken) not in out:
                    out.append((node.lineno, written, taken))
    return out[:5]


_SITE_REDUCTIONS = {"sum": "sum", "reduce_sum": "sum", "nansum": "sum", "mean": "mean", "reduce_mean": "mean",
                    "nanmean": "mean", "average": "mean"}
_SITE_LOGS = ("log", "log10", "log2", "log1p")
# Calls that bound a value (K.clip, tf.clip_by_value, torch.clamp, y_pred.clamp_(...), np.maximum), for
# clips_predictions and fix_sites's loss readers; clips_predictions also takes builtin max / min.
_CLIP_CALLS = frozenset(("clip", "clip_by_value", "clamp", "clamp_", "clip_", "maximum", "minimum"))
# The framework cross-entropies that clip the predictions (Keras's) or floor each log at -100 (PyTorch's):
# _clipping_bce, which clips_predictions and fix_sites's clip sites both read.
_CLIPPING_BCE = frozenset(("binary_crossentropy", "binary_cross_entropy", "BCELoss", "BinaryCrossentropy"))


def _clipping_bce(node, own):
    """Whether a call is a library's cross-entropy that clips its predictions itself (K.binary_crossentropy,
    BinaryCrossentropy) or floors its logs (F.binary_cross_entropy): one of _CLIPPING_BCE, not a def of
    the file's own (`own`, the names it defines, called by a plain name) and not told from_logits (a
    value other than a literal false: from logits, it clips nothing)."""
    import ast

    name = _callee(node.func)
    return name in _CLIPPING_BCE and (_isinstance(node.func, ast.Attribute) or name not in own) and not any(
        k.arg == "from_logits" and not (_isinstance(k.value, ast.Constant) and not k.value.value) for k in node.keywords)


# The names array modules go by, whose functions take the value first (`np.clip(y_pred, lo, hi)`, not a
# method of a value): NumPy, TensorFlow (its NumPy too), Keras, PyTorch, JAX, CuPy, SciPy, math.
_SITE_MODULES = frozenset(("K", "tf", "np", "torch", "keras", "ops", "backend", "math", "F", "jnp", "numpy", "tnp",
                           "tensorflow", "jax", "cp", "cupy", "scipy", "onp"))


def _trivial_bound(e):
    """A clip's bound that bounds nothing the logs need: None, 0 or 1 (True and False too)."""
    import ast

    return _isinstance(e, ast.Constant) and (e.value is None or (_type(e.value) in (int, float, bool) and e.value in (0, 1)))


def _reduction_call(e):
    """A call of a sum or mean (np.sum, .mean(), tf.reduce_sum ...) or np.count_nonzero."""
    import ast

    return _isinstance(e, ast.Call) and (_callee(e.func) in _SITE_REDUCTIONS or _callee(e.func) == "count_nonzero")


def _examples_count(e):
    """len(X), X.shape[0] (np.shape(X)[0], X.size()[0]), X.size(0) (PyTorch's), np.size(X, 0) or X.size:
    a count of examples (or of entries), never a class count (X.shape[1], X.shape[-1])."""
    import ast

    return (_isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and e.func.id == "len") or \
        (_isinstance(e, (ast.Subscript, ast.Call)) and _shape_dim(e)[1] == 0) or \
        (_isinstance(e, ast.Attribute) and e.attr == "size")


def _entries_count(e):
    """X.size, np.size(X) (no axis), tf.size(X), X.numel(): every entry of a matrix, N·C, no count of
    examples or of classes (a frequency's wrong denominator)."""
    import ast

    if _isinstance(e, ast.Attribute):
        return e.attr == "size"
    if _isinstance(e, ast.Call) and not e.keywords:
        name = _callee(e.func)
        module = _isinstance(e.func, ast.Attribute) and _isinstance(e.func.value, ast.Name) and e.func.value.id in _SITE_MODULES
        return (name == "size" and module and _len(e.args) == 1) or (name == "numel" and not module and not e.args)
    return False


# Fields the grammar gives a string, a number or a constant, never a node: _child_nodes reads them no
# more (a Name's id, a Constant's value, an Attribute's attr, any type_comment). A field not listed
# is read as before, so a Python whose grammar adds fields loses nothing.
_NO_NODE_FIELDS = {"Name": ("id",), "Constant": ("value", "kind"), "Attribute": ("attr",), "arg": ("arg",),
                   "keyword": ("arg",), "alias": ("name", "asname"), "FunctionDef": ("name",), "AsyncFunctionDef": ("name",),
                   "ClassDef": ("name",), "ImportFrom": ("module", "level"), "Global": ("names",), "Nonlocal": ("names",),
                   "ExceptHandler": ("name",), "comprehension": ("is_async",), "AnnAssign": ("simple",),
                   "FormattedValue": ("conversion",), "MatchSingleton": ("value",), "MatchAs": ("name",),
                   "MatchStar": ("name",), "MatchMapping": ("rest",), "MatchClass": ("kwd_attrs",)}
_NODE_FIELDS = {}  # a node class -> the fields _child_nodes reads, in the grammar's order


def _child_nodes(node, AST):
    """ast.iter_child_nodes(node) as a list (`AST`: ast.AST, the one class every caller passes): the
    same nodes in the same order, without its two nested generators per node. Made once per node and
    kept on it (`_wl_kids`; the trees are never changed once parsed, and ast.dump and compile read
    only the grammar's fields), so callers read it and never change it: fix_sites and its rules walk
    the same functions several times (the names' assignments, the visit, each rule's own walk)."""
    kids = getattr(node, "_wl_kids", None)
    if kids is not None:
        return kids
    cls = _type(node)
    fields = _NODE_FIELDS.get(cls)
    if fields is None:
        skip = _NO_NODE_FIELDS.get(cls.__name__, ()) + ("type_comment",)
        fields = _NODE_FIELDS[cls] = tuple(name for name in cls._fields if name not in skip)
    out = []
    for name in fields:
        try:
            field = getattr(node, name)
        except AttributeError:
            continue
        if _isinstance(field, AST):
            out.append(field)
        elif _isinstance(field, list):
            for item in field:
                if _isinstance(item, AST):
                    out.append(item)
    node._wl_kids = out
    return out


def _abs_aside(call, subject, root, aside, of_preds, epsilon, fixed_at):
    """Whether an absolute value in the loss is none of loss-absolute-value's (an abs where the minus
    belongs): one inside a log's argument (np.log(np.abs(1 - p) + eps), a safe_log helper), a print or
    an assert, one of what holds the predictions outside any log (np.abs(y_true - y_pred), 1 - y_pred),
    or of epsilon alone (np.abs(epsilon))."""
    import ast

    if not aside:
        inside = set()
        for n in _walk(root, ast.AST):
            if _isinstance(n, ast.Assert) or _isinstance(n, ast.Call) and (
                    _callee(n.func) in _SITE_LOGS or _isinstance(n.func, ast.Name) and n.func.id == "print"):
                for a in (n.test, n.msg) if _isinstance(n, ast.Assert) else (*n.args, *(k.value for k in n.keywords)):
                    if a is not None:
                        inside.update(id(m) for m in _walk(a, ast.AST))
        aside.append(inside)
    if id(call) in aside[0]:
        return True
    if _isinstance(subject, ast.Name) and (subject.id == epsilon or subject.id in fixed_at or subject.id in ("eps", "epsilon")) \
            or _fixed_epsilon(subject):
        return True
    todo = [subject]
    while todo:
        e = todo.pop()
        if of_preds(e):
            return True
        if not (_isinstance(e, ast.Call) and _callee(e.func) in _SITE_LOGS):
            todo.extend(_child_nodes(e, ast.AST))
    return False


def _walk(root, AST):
    """ast.walk(root): every node under root, root first, breadth first in the same order. A walk
    read to its end keeps its order on root (`_wl_walk`, root itself left out, so no cycle), and
    the later walks of root read that list: fix_sites and its rules walk the same functions and
    loops again and again, and a list costs far less to read than a generator (the trees are never
    changed, and every node of a walk read to its end has its _child_nodes list kept: a walk is
    made of those lists alone). A walk stopped early (a budget, a first match) keeps nothing."""
    done = getattr(root, "_wl_walk", None)
    if done is not None:
        return _chain((root,), done)
    return _first_walk(root, AST)


def _first_walk(root, AST):
    """_walk's first walk of root, breadth first, which keeps its order on root when read to its end."""
    todo = [root]
    i = 0
    while i < _len(todo):
        node = todo[i]
        i += 1
        kids = getattr(node, "_wl_kids", None)  # _child_nodes' list, kept on the node once made
        todo.extend(_child_nodes(node, AST) if kids is None else kids)
        yield node
    del todo[0]
    root._wl_walk = todo


# Calls that bind an attribute of a loss written as a class: torch's self.register_buffer("pw", w),
# self.register_parameter("pw", nn.Parameter(w)), and setattr(self, "pw", w).
_ATTRIBUTE_SETTERS = frozenset(("register_buffer", "register_parameter", "setattr"))


def _name_assigns(fn, limit=5000, others=None):
    """The assignments to one plain name (`N = len(labels)`, `loss = 0`) among a function's first
    `limit` nodes, each with its place in the walk: [(k, node)]. One walk that _site_bindings,
    _started and _class_names share (fix_sites reads them all on the loss), each reading as far as
    its own limit, and _LossRoles: given a list `others`, the walk also puts there every other node
    that binds a name (an unpacking, +=, a loop's or comprehension's target, a def's parameters,
    `with ... as`, walrus, an import), so a name bound anywhere else is known to be."""
    import ast

    # By the node's own class (a parsed tree's nodes are of ast's classes, never of subclasses): three
    # isinstance calls a node cost a third of this walk.
    binders = frozenset((ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension, ast.NamedExpr,
                         ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.withitem, ast.ExceptHandler, ast.Import,
                         ast.ImportFrom, ast.Global, ast.Nonlocal))
    Assign, Name, Call = ast.Assign, ast.Name, ast.Call
    out = []
    for k, node in enumerate(_walk(fn, ast.AST)):
        if k > limit:
            if others is not None:
                others.append((k, None))  # the walk stopped short: names may be bound further on
            break
        cls = _type(node)
        if cls is Assign and _len(node.targets) == 1 and _type(node.targets[0]) is Name:
            out.append((k, node))
        elif others is not None and cls in binders:
            others.append((k, node))
        elif others is not None and cls is Call and _callee(node.func) in _ATTRIBUTE_SETTERS:
            others.append((k, node))  # self.register_buffer("pw", w): an attribute bound by a call
    return out


def _site_bindings(assigns, limit=2000):
    """What the plain names a function assigns once hold, for _inverts: "examples" (`N =
    len(labels)`, `n = labels.shape[0]`) or "counted" (a sum or mean, `cnt = np.sum(labels,
    axis=0)`, or arithmetic on one, `neg_cnt = N - cnt`). A name assigned twice, or to anything
    else, holds neither. Read in line order, so a name counts once it is bound; bounded:
    `assigns` is _name_assigns(fn), read to its `limit`th node."""
    assigns = [node for k, node in assigns if k <= limit]
    assigns.sort(key=lambda a: a.lineno)
    held, twice = {}, set()

    def kind(e):
        if _examples_count(e):
            return "examples"
        return "counted" if _holds_count(e, held) else None

    for a in assigns:
        name = a.targets[0].id
        if name in held or name in twice:
            held.pop(name, None)
            twice.add(name)
            continue
        found = kind(a.value)
        if found:
            held[name] = found
        else:
            twice.add(name)
    return held


def _holds_count(e, held, depth=0):
    """Whether e is a sum or mean, a name _site_bindings saw bound to one, or +, - or * on one
    (`N - cnt`, `2 * (n - n_pos)`), at most 4 operators deep."""
    import ast

    if _reduction_call(e) or (_isinstance(e, ast.Name) and held.get(e.id) == "counted"):
        return True
    return depth < 4 and _isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Add, ast.Sub, ast.Mult)) and (
        _holds_count(e.left, held, depth + 1) or _holds_count(e.right, held, depth + 1))


# Methods and calls that leave a count a count: `pos.astype(np.float64)`, `float(pos)`, `np.asarray(pos)`.
_COUNT_METHODS = ("astype", "copy", "ravel", "flatten", "reshape", "squeeze", "item")
_COUNT_CALLS = ("float", "int", "array", "asarray", "asanyarray", "float64", "float32", "double")
# Calls that scale what they sum (np.sum(np.divide(labels, N), axis=0)): a sum of one is no count.
_SCALES = frozenset(("divide", "true_divide", "floor_divide", "div", "multiply", "mul", "power", "reciprocal"))
# A tensor's methods that convert it and keep its values (`cnt.float()`, `cnt.to(device)`, `cnt.numpy()`), for _undivided.
_TENSOR_CONVERSIONS = ("float", "double", "to", "type", "numpy", "detach", "cpu")
# Calls that make a tensor of the labels, values kept (`torch.as_tensor(labels)`, `tf.cast(labels, tf.float32)`,
# `labels.long()`), for _undivided: a sum of such a tensor still counts.
_LABEL_CONVERSIONS = ("as_tensor", "tensor", "from_numpy", "convert_to_tensor", "constant", "cast", "astype", "long", "int",
                      "half", "asarray", "array")


def _count_numerator(e, held):
    """Whether a numerator holds a count (_holds_count), maybe wrapped: `pos[:]` and `counts[i]`
    read pos and counts, `pos.astype(np.float64)` and `pos.copy()` their receiver, `float(pos)`
    and `np.asarray(pos)` their argument; at most 4 wrappers deep, only the nodes at hand (no walk)."""
    import ast

    for _ in range(5):
        if _holds_count(e, held):
            return True
        if _isinstance(e, ast.Subscript):
            e = e.value
        elif _isinstance(e, ast.Call) and _isinstance(e.func, ast.Attribute) and e.func.attr in _COUNT_METHODS \
                and not (_isinstance(e.func.value, ast.Name) and e.func.value.id in ("np", "numpy")):
            e = e.func.value
        elif _isinstance(e, ast.Call) and _len(e.args) >= 1 and (
                (_isinstance(e.func, ast.Name) and e.func.id in _COUNT_CALLS)
                or (_isinstance(e.func, ast.Attribute) and e.func.attr in _COUNT_CALLS
                    and _isinstance(e.func.value, ast.Name) and e.func.value.id in ("np", "numpy"))):
            e = e.args[0]
        else:
            return False
    return False


def _inverts(num, den, held=None):
    """Whether num / den takes a reciprocal of frequencies or counts (class weights where the
    frequencies belong): a number over anything but a count of examples (`1 / pos`, `1 /
    np.mean(labels, axis=0)`; not `1 / len(labels)`, `1.0 / labels.shape[0]`, nor `1 / N` with `N =
    len(labels)` in `held`, _site_bindings'), or anything over a sum or mean, maybe times a number
    (`N / np.sum(labels, axis=0)`, `N / (2 * np.sum(...))`), or anything but counts over a name
    that holds one or arithmetic on one (`N / cnt` after `cnt = np.sum(labels, axis=0)`, `N / (N -
    cnt)`, `N / (N - np.sum(labels, axis=0))`, `n / (2 * (n - n_pos))`).
    Only the nodes at hand are read (no walk: deep nesting)."""
    import ast

    held = held or {}
    reduction = _reduction_call
    if _isinstance(den, ast.BinOp) and _isinstance(den.op, ast.Mult) and (reduction(den.left) or reduction(den.right)):
        return True
    if reduction(den):
        return True
    # cnt / (cnt + neg) is a share, a frequency: only a numerator that is no count takes a reciprocal.
    if not _count_numerator(num, held) and _holds_count(den, held):
        return True
    if not (_isinstance(num, ast.Constant) and _type(num.value) in (int, float)):
        return False
    return not _is_examples(den, held)


# A top-level def, or a class (a loss written as a class whose __call__ / forward / call the factory returns).
_SITE_DEF = re.compile(r"^(?:(?:async[ \t]+)?def|class)[ \t]+(\w+)", re.M)
# A class a notebook's cell defines, guarded by the extraction (notebook._guard_class: `try:` and the
# class indented under it, `except BaseException` after): read as a top-level one.
_SITE_GUARDED = re.compile(r"^try:[ \t]*\r?\n([ \t]+)class[ \t]+(\w+)", re.M)
_SITE_TOP = re.compile(r"\n(?=[^ \t\r\n#])")
# A loop variable a site names (Site.var): an ASCII identifier of at most 40 characters.
_SITE_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}\Z")
_SITE_LOOPS = ("For", "AsyncFor", "While", "ListComp", "GeneratorExp", "SetComp", "DictComp")

# The nodes fix_sites' visit reads no rule on (the rules read them from the node above: a BinOp's op, a
# Call's func): names, constants, expression contexts and operators, two nodes in three of a function.
# A rule of the visit that reads such a node by itself takes its kind out of this set (runner-fix-sites-walk
# fails when a test of the visit on `node` or `kind` names one of them).
_SITE_LEAVES = frozenset(("Name", "Constant", "Load", "Store", "Del", "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow",
                          "LShift", "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv", "And", "Or", "Invert", "Not", "UAdd",
                          "USub", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn"))


def _is_mean(e, value=None, depth=0):
    """Whether `e` is a mean call (np.mean, K.mean, tf.reduce_mean, x.mean()), or one minus one, written
    or in a name bound once to one (`mean_y = np.mean(y_true[:, i])`; `value`: a name's one value, or None)."""
    import ast

    if _isinstance(e, ast.Name) and value is not None and depth < 4:
        v = value(e.id)
        return v is not None and _is_mean(v, value, depth + 1)
    if _one_minus(e) is not None and depth < 4:
        return _is_mean(_one_minus(e), value, depth + 1)  # 1 - frac of frac = np.mean(y_true): the mean of 1 - y_true
    return _isinstance(e, ast.Call) and _SITE_REDUCTIONS.get(_callee(e.func)) == "mean"


def _mean_products(products, value=None):
    """The lines of the loss's products with two means or more among their factors (`pos_weights[i] *
    np.mean(y_true[:, i]) * np.mean(np.log(y_pred[:, i] + eps))`, `w * y_true.mean(axis=0) *
    np.log(p).mean(axis=0)`, or names bound once to them, `pos_weights[i] * mean_y * mean_log`):
    loss-product-of-means, where one mean of the product belongs. At the product's line. [line]"""
    out = []
    for x, factors in _outer_products(products):
        means = [fac for fac in factors if _is_mean(fac, value)]
        if _len(means) >= 2 and x.lineno not in out:
            out.append(x.lineno)
    return out


def _mean_inside(arg, value=None):
    """Whether a log's argument takes a mean (np.mean, K.mean, tf.reduce_mean, torch.mean, x.mean()),
    written there or in a name bound once to one (`p_mean = np.mean(y_pred[:, i])`; `value`: a name's
    one value): `np.log(np.mean(y_pred[:, i]) + epsilon)`, the mean inside the log where it belongs
    around it (loss-log-of-mean). Not a mean in a function the argument calls (no def is read)."""
    import ast

    return any(_is_mean(n, value) for n in _walk(arg, ast.AST) if _isinstance(n, (ast.Call, ast.Name)))


def _weight_index(index):
    """How the loss indexes a weight, for its "weight" site: "literal" (pos_weights[0]: the first
    class's, loss-first-class-weights), "shifted" (pos_weights[i - 1], pos_weights[i + 1]: a name one
    class off, loss-class-index-off-by-one), "reversed" (pos_weights[::-1], pos_weights[C - 1 - i]:
    loss-weights-reversed, _reversed_index) or "other"."""
    import ast

    if _isinstance(index, ast.Constant):
        return "literal"
    if (_isinstance(index, ast.BinOp) and _isinstance(index.op, (ast.Add, ast.Sub)) and _isinstance(index.left, ast.Name)
            and _isinstance(index.right, ast.Constant) and _type(index.right.value) is int and index.right.value == 1):
        return "shifted"
    if _reversed_index(index):
        return "reversed"
    return "other"


def _forward(index):
    """{"forward": True} for an index one class forward (`i + 1`, a shifted _weight_index read with +):
    its last class reads past the end (IndexError), where `i - 1` reads the last class; {} otherwise."""
    import ast

    return {"forward": True} if _isinstance(index, ast.BinOp) and _isinstance(index.op, ast.Add) else {}


def _two_or_more(v):
    """A written int of at least 2 (a fixed count of classes)."""
    import ast

    return _isinstance(v, ast.Constant) and _type(v.value) is int and v.value >= 2


def _helper_fixed_loop(loop, params, constant):
    """Whether a for loop of a helper of the loss runs over a fixed count of classes: `range(K)` or
    `range(0, K)`, K a literal of at least 2 or a name `constant` says is its module's constant of
    one, whose body takes a column of one of the helper's parameters at the loop's variable
    (`y[:, i]`, `p[..., i]`, `y.T[i]`; at most 2,000 nodes read)."""
    import ast

    it, target = loop.iter, loop.target
    if not (_isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords
            and (_len(it.args) == 1 or _len(it.args) == 2 and _int_const(it.args[0]) == 0) and _isinstance(target, ast.Name)):
        return False
    count = it.args[-1]
    if not (_two_or_more(count) or _isinstance(count, ast.Name) and count.id not in params and constant(count)):
        return False
    # A guarded fixed loop (`for i in range(64): if i >= y.shape[1]: break`) stops at the columns' count:
    # its first statement breaks or returns once i reaches y.shape[...], len(...), or a name not a constant (review 36b).
    first = loop.body[0] if loop.body else None
    if _isinstance(first, ast.If) and first.body and _isinstance(first.body[0], (ast.Break, ast.Return)) and _isinstance(first.test, ast.Compare) \
            and _len(first.test.ops) == 1 and _len(first.test.comparators) == 1:
        left, op, right = first.test.left, first.test.ops[0], first.test.comparators[0]
        if _isinstance(op, (ast.Lt, ast.LtE)):
            left, right, op = right, left, (ast.GtE() if _isinstance(op, ast.LtE) else ast.Gt())
        counted = lambda e: (_isinstance(e, ast.Subscript) and _isinstance(e.value, ast.Attribute) and e.value.attr == "shape"
                             or _isinstance(e, ast.Call) and _callee(e.func) == "len"
                             or _isinstance(e, ast.Name) and e.id != target.id and not constant(e))
        if _isinstance(left, ast.Name) and left.id == target.id and _isinstance(op, ast.GtE) and counted(right):
            return False
    for k, node in enumerate(n for st in loop.body for n in _walk(st, ast.AST)):
        if k > 2000:
            return False
        if not _isinstance(node, ast.Subscript):
            continue
        index = _subscript_index(node)
        of = node.value
        if _isinstance(index, ast.Tuple) and _len(index.elts) == 2:
            index = index.elts[1]
        else:
            of = _rows_of_transpose(of)
        if _isinstance(index, ast.Name) and index.id == target.id and _isinstance(of, ast.Name) and of.id in params:
            return True
    return False


def _shifted_by(index):
    """A shifted read's flags (_weight_index "shifted": `i + 1`, `i - 1`): _forward's, and "var", the class
    variable it shifts (`c` of `pos_weights[c + 1]`), for the fix to say, when an ASCII name (_SITE_VAR)."""
    name = getattr(index.left, "id", None)
    return dict(_forward(index), **({"var": name} if _type(name) is str and _SITE_VAR.match(name) else {}))


def _unread_value(root, node):
    """Whether node is the whole value of an assignment to names the function never reads (`share =
    K.mean(y_true[:, i])` left unused): its value cannot reach the return (review 36b). At most 20,000 nodes read."""
    import ast

    targets = None
    for k, x in enumerate(_walk(root, ast.AST)):
        if k > 20000:
            return False
        if _isinstance(x, ast.Assign) and x.value is node:
            targets = x.targets
            break
    if not targets or not all(_isinstance(t, ast.Name) for t in targets):
        return False
    # Past its nodes _reads is unsure and says read, as this did (20,001: the same node count).
    return not any(_reads([root], t.id, ast.AST, 20001) for t in targets)


def _reversed_order(v):
    """Whether a value bound to a name reads the classes from the end, as an index of the weights: an index
    _reversed_index reads (`j = C - 1 - i`), or a reversed list of the classes (`list(range(C))[::-1]`,
    `np.arange(C)[::-1]`, `list(reversed(range(C)))`, `range(C - 1, -1, -1)`) (review 36b)."""
    import ast

    if v is None:
        return False
    if _isinstance(v, ast.Call) and _callee(v.func) in ("list", "array", "asarray", "tensor", "constant") and _len(v.args) == 1:
        v = v.args[0]
    ranged = lambda e: _isinstance(e, ast.Call) and _callee(e.func) in ("range", "arange") or (
        _isinstance(e, ast.Call) and _callee(e.func) in ("list", "array", "asarray") and _len(e.args) == 1 and ranged(e.args[0]))
    if _isinstance(v, ast.Subscript) and _isinstance(_subscript_index(v), ast.Slice):
        return _reversed_index(_subscript_index(v)) and ranged(v.value)
    if _isinstance(v, ast.Call) and _callee(v.func) == "reversed" and _len(v.args) == 1:
        return ranged(v.args[0])
    if _isinstance(v, ast.Call) and _callee(v.func) in ("range", "arange") and _len(v.args) == 3:
        return _int_const(v.args[2]) == -1 and _int_const(v.args[1]) == -1
    return not _isinstance(v, ast.Slice) and _reversed_index(v)


def _terms_out_of_step(root, weight_reads, flip_reads):
    """For a loss whose columns are read from the end, each term (the product a weight read is a factor of,
    up to the sum of terms) read on its own: None when no weight read shares a term with such a column read
    (read the loss as a whole), else (the ids of reversed weight sites to keep: in a term whose columns are in
    order), [(line, weight's name or None)] of the column reads from the end in a term whose weight is in order)."""
    import ast

    parents = {}
    for k, node in enumerate(_walk(root, ast.AST)):
        if k > 20000:
            return None
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node

    def term(node):
        while True:
            up = parents.get(id(node))
            if up is None or _isinstance(up, ast.stmt):
                return node
            if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Mult) and not (_isinstance(up, ast.BinOp) and _isinstance(up.op, ast.Mult)):
                return node
            node = up

    by_term = {}
    for site, node in weight_reads:
        by_term.setdefault(id(term(node)), ([], []))[0].append((site, node))
    shared = False
    for role, node in flip_reads:
        t = id(term(node))
        if t in by_term:
            by_term[t][1].append(node)
            shared = True
    if not shared:
        return None
    keep, lines = set(), []
    for weights, cols in by_term.values():
        if not cols:
            keep.update(id(site) for site, _ in weights if site.get("index") == "reversed")
            continue
        ordered = [node for site, node in weights if site.get("index") != "reversed"]
        if ordered:
            name = _converted_name(ordered[0].value)
            for line in sorted({c.lineno for c in cols}):
                if (line, name) not in lines:
                    lines.append((line, name if name in ("pos_weights", "neg_weights") else None))
    return keep, lines


def _reversed_index(index):
    """Whether a weight's subscript reads the classes from the end (loss-weights-reversed):
    `[::-1]`, `[-1 - i]`, `[-i - 1]`, `[-(i + 1)]`, `[C - 1 - i]`, `[C - i - 1]`, `[C - (i + 1)]`
    (C any expression: n_classes, len(pos_weights)), i a name."""
    import ast

    one = lambda e: _int_const(e) == 1
    name = lambda e: _isinstance(e, ast.Name)
    plus_one = lambda e: _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Add) and (name(e.left) and one(e.right) or one(e.left) and name(e.right))
    minus = lambda e: _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Sub)
    if _isinstance(index, ast.Slice):
        return index.lower is None and index.upper is None and index.step is not None and _int_const(index.step) == -1
    if _isinstance(index, ast.UnaryOp) and _isinstance(index.op, ast.USub):
        return plus_one(index.operand)  # -(i + 1)
    if not minus(index):
        return False
    left, right = index.left, index.right
    if name(right):  # -1 - i, C - 1 - i
        return _int_const(left) == -1 or minus(left) and one(left.right) and _int_const(left.left) != 0
    if one(right):  # -i - 1, C - i - 1
        return (_isinstance(left, ast.UnaryOp) and _isinstance(left.op, ast.USub) and name(left.operand)) or minus(left) and name(left.right)
    return plus_one(right)  # C - (i + 1)


def _classes_flipped(call):
    """Whether a call reverses the columns (the classes) of what it flips: np.flip(a) (every axis),
    np.flip(a, axis=1), np.fliplr(a), torch.flip(a, [1]), a.flip(-1), tf.reverse(a, [-1]), K.reverse(a, axes=1); not
    np.flipud(a) nor a flip of axis 0 alone (the rows: the examples)."""
    import ast

    name = _callee(call.func)
    if name == "fliplr":
        return True
    if name not in ("flip", "reverse"):
        return False
    rest = _call_subject(call)[2]
    axis = next((kw.value for kw in call.keywords if kw.arg in ("axis", "axes", "dims", "dim")), rest[0] if rest else None)  # K.reverse(x, axes=1)
    if axis is None:
        return name == "flip"  # np.flip(a): every axis (torch's and tf's flips take theirs)
    axes = axis.elts if _isinstance(axis, (ast.List, ast.Tuple)) else [axis]
    return any(_int_const(a) in (1, -1) for a in axes)


_META_READS = frozenset(("shape", "dtype", "size", "ndim", "device"))


def _shifted_reads(root, cols, weights, helpers=(), limit=20000):
    """For fix_sites' loss-class-index-off-by-one sites: `cols` and `weights` are the (site, node) of the
    columns (y_true[:, i - 1]) and weights (pos_weights[i - 1]) read one class off in the function `root`.
    Returns (paired, aside), sets of the sites' ids: `paired`, a column and a weight read one off together,
    factors of the same statement or of one that reads the names their statements bind (`w = pos_weights[i - 1]`,
    `y = y_true[:, i - 1]`, `loss += w * y * np.log(p)`: the class read one off throughout, right); `aside`, a
    column that never reaches the loss's terms (`assert y_true[:, i - 1].shape == ...` or
    `prev = y_true[:, i - 1] if i > 0 else None` never read: its .shape, a name no product, log,
    cross-entropy or helper (`helpers`) reads). Past `limit` nodes, None: which are paired is unknown."""
    import ast

    unit = {}  # id(node) -> the statement whose own expressions hold it
    binds, readers, termy = {}, {}, set()  # id(stmt) -> names it binds; name -> its reading statements; ids of statements with a term
    meta = set()  # ids of the values whose .shape (or dtype, size) alone is read
    count = 0
    for st in _walk(root, ast.AST):
        if not _isinstance(st, ast.stmt):
            continue
        bound = []
        for t in (st.targets if _isinstance(st, ast.Assign) else [st.target] if _isinstance(st, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)) else []):
            bound.extend(n.id for n in _walk(t, ast.AST) if _isinstance(n, ast.Name))
        binds[id(st)] = bound
        for child in _child_nodes(st, ast.AST):
            if not _isinstance(child, ast.expr):
                continue  # a body's statements, a handler, a def's arguments: their own statements
            for n in _walk(child, ast.AST):
                count += 1
                if count > limit:
                    return None
                unit[id(n)] = st
                if _isinstance(n, ast.Name) and _isinstance(n.ctx, ast.Load):
                    readers.setdefault(n.id, []).append(st)
                elif _isinstance(n, ast.Attribute) and n.attr in _META_READS:
                    meta.add(id(n.value))
                elif (_isinstance(n, ast.BinOp) and _isinstance(n.op, ast.Mult)) or (_isinstance(n, ast.Call) and (
                        _callee(n.func) in _SITE_LOGS or "entropy" in _callee(n.func).lower() or _callee(n.func) in ("BCELoss", "xlogy", "multiply", "mul")
                        or _dotted_call(n.func) in helpers)):
                    termy.add(id(st))

    def reach(node, depth):
        """The statements node's value reaches: its own, then those reading the names each binds (`depth` steps)."""
        st = unit.get(id(node))
        if st is None:
            return []
        got, todo = [st], [st]
        for _ in range(depth):
            todo = [r for s in todo for name in binds.get(id(s), ()) for r in readers.get(name, ()) if r not in got]
            got.extend(todo)
        return got

    aside = {id(site) for site, node in cols if id(node) in meta or not any(id(st) in termy for st in reach(node, 3))}
    near = {id(site): {id(st) for st in reach(node, 1)} for site, node in cols + weights}
    paired = set()
    for c, _ in cols:
        for w, _ in weights:
            if id(c) not in aside and near[id(c)] & near[id(w)]:
                paired.update((id(c), id(w)))
    return paired, aside


def _rows_of_transpose(e):
    """What `e` transposes, when it is a 2-D matrix's transpose whose rows are its columns (`y_true.T`, `y.mT`,
    `np.transpose(y_pred)`, `tf.transpose(y)`, `K.transpose(y)`, `y.transpose()`, `y.t()`, `torch.t(y)`,
    `y.transpose(0, 1)`, `y.permute(1, 0)`, `np.transpose(y, (1, 0))`); else None."""
    import ast

    if _isinstance(e, ast.Attribute) and e.attr in ("T", "mT"):
        return e.value
    if _isinstance(e, ast.Call) and not e.keywords and _callee(e.func) in ("transpose", "t", "permute"):
        method, subject, rest = _call_subject(e)
        # y.transpose(0, 1), y.permute(1, 0), np.transpose(y, (1, 0)): the two axes of a matrix swapped.
        axes = rest[0].elts if _len(rest) == 1 and _isinstance(rest[0], (ast.Tuple, ast.List)) else rest
        swapped = _len(axes) == 2 and {_int_const(a) for a in axes} in ({0, 1}, {-1, -2}, {0, -1})
        return subject if (not rest or swapped) and (not method or not e.args or swapped) and (rest or _callee(e.func) != "permute") else None
    return None


def _from_zero(it):
    """Whether a loop's iterable counts from 0 by one: range(C), range(0, C), np.arange(C) (_scoped_from_zero)."""
    import ast

    if not (_isinstance(it, ast.Call) and _callee(it.func) in ("range", "arange") and not it.keywords):
        return False
    return _len(it.args) == 1 or (_len(it.args) >= 2 and _int_const(it.args[0]) == 0 and (_len(it.args) == 2 or _int_const(it.args[2]) == 1))


def _zero_bindings(target, it, out):
    """Each plain name a loop's `target` binds from `it` -> whether it counts from 0 (_scoped_from_zero),
    appended to `out` as (name, bool); `it` None: a binding of no known count."""
    import ast

    if _isinstance(target, ast.Name):
        out.append((target.id, _from_zero(it)))
    elif _isinstance(target, (ast.Tuple, ast.List)):
        if _isinstance(it, ast.Call) and _callee(it.func) == "enumerate" and _isinstance(it.func, ast.Name) and _len(target.elts) == 2 \
                and _len(it.args) == 1 and all(kw.arg == "start" and _int_const(kw.value) == 0 for kw in it.keywords):
            first = target.elts[0]
            if _isinstance(first, ast.Name):
                out.append((first.id, True))
            _zero_bindings(target.elts[1], None, out)
        elif _isinstance(it, ast.Call) and _callee(it.func) == "zip" and _isinstance(it.func, ast.Name) and _len(target.elts) == _len(it.args):
            for t, a in zip(target.elts, it.args):
                _zero_bindings(t, a, out)
        else:
            for t in target.elts:
                _zero_bindings(t, None, out)
    elif _isinstance(target, ast.Starred):
        _zero_bindings(target.value, None, out)


def _binding_found(node, found):
    """A binding `node` makes, into `found` as _zero_bindings does: a for loop's or comprehension's target,
    an assignment's, a parameter, a with's `as`."""
    import ast

    if _isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        _zero_bindings(node.target, node.iter, found)
    elif _isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
        for t in (node.targets if _isinstance(node, ast.Assign) else [node.target]):
            _zero_bindings(t, None, found)
    elif _isinstance(node, ast.arg):
        found.append((node.arg, False))
    elif _isinstance(node, (ast.With, ast.AsyncWith)):
        for w in node.items:
            if w.optional_vars is not None:
                _zero_bindings(w.optional_vars, None, found)


def _scoped_from_zero(root, reads, limit=20000):
    """The ids of those `reads` ([(a node, the name it indexes by)]) whose name, where the node reads it,
    counts classes from 0: the binding in scope there (a for loop or comprehension over range(C), range(0, C),
    np.arange(C), the first name of one over enumerate(...) from 0, or paired by zip with such a range;
    not a parameter, `i = c + 1`, range(1, C + 1), enumerate(..., start=1)), not every one of
    the function (lines 36b: a `lambda i:`, a comprehension's own i or a `while` loop's `i = 0` elsewhere
    turned off a class loop's y_true[:, i - 1]). The innermost for loop (its body, not its iterable) or
    comprehension around the node that binds the name says, unless that loop's body binds it again; a
    def or lambda whose parameter it is: no; none of them: every binding of the name in the function
    around the node, outside the scopes in it (its nested defs, lambdas and comprehensions). Past `limit`
    nodes, none."""
    import ast

    parents, stack, n = {}, [root], 0
    while stack:
        node = stack.pop()
        n += 1
        if n > limit:
            return set()
        for child in _child_nodes(node, ast.AST):
            parents[id(child)] = node
            stack.append(child)
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp, ast.ClassDef)

    memo = {}  # (id(scope or loop), name) -> what own_bindings or the loop's rebinding found: each walked once

    def own_bindings(scope, name):
        """name -> its bindings (from zero or not) in `scope`'s own statements, nested scopes left out."""
        if (id(scope), name) not in memo:
            memo[(id(scope), name)] = scope_bindings(scope, name)
        return memo[(id(scope), name)]

    def scope_bindings(scope, name):
        found, todo = [], list(_child_nodes(scope, ast.AST))
        if _isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo = [st for st in (scope.body if _isinstance(scope.body, list) else [scope.body])]
            params = scope.args.posonlyargs + scope.args.args + scope.args.kwonlyargs
            found.extend((a.arg, False) for a in params)
        while todo:
            node = todo.pop()
            if _isinstance(node, scopes):
                if _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found.append((node.name, False))
                continue
            _binding_found(node, found)
            todo.extend(_child_nodes(node, ast.AST))
        return [zero for bound, zero in found if bound == name]

    def zero_at(node, name):
        child, up = node, parents.get(id(node))
        while up is not None:
            if _isinstance(up, (ast.For, ast.AsyncFor)) and child is not up.iter:
                bound = []
                _zero_bindings(up.target, up.iter, bound)
                mine = [zero for b, zero in bound if b == name]
                if mine:
                    if (id(up), name) not in memo:
                        memo[(id(up), name)] = any(b == name for st in up.body for b, _ in _rebinds(st, scopes))
                    return mine[-1] and not memo[(id(up), name)]
            elif _isinstance(up, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
                gens = up.generators[:up.generators.index(child)] if child in up.generators else up.generators
                for gen in reversed(gens):
                    bound = []
                    _zero_bindings(gen.target, gen.iter, bound)
                    mine = [zero for b, zero in bound if b == name]
                    if mine:
                        return mine[-1]
            elif _isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                found = own_bindings(up, name)
                return _len(found) > 0 and all(found)
            child, up = up, parents.get(id(up))
        found = own_bindings(root, name)
        return _len(found) > 0 and all(found)

    return {id(node) for node, name in reads if zero_at(node, name)}


def _rebinds(node, scopes):
    """The (name, from zero) bindings `node` and the nodes in it make, outside the scopes in it (a loop body's `i = i + 1`)."""
    import ast

    found, todo = [], [node]
    while todo:
        n = todo.pop()
        if _isinstance(n, scopes):
            continue
        _binding_found(n, found)
        todo.extend(_child_nodes(n, ast.AST))
    return found


def _reads_class(body, var, weights, roles):
    """Whether a loop's body (or a comprehension's element: [elt]) takes a weight, or a column of the
    labels or predictions, at its variable itself (`pos_weights[i]`, `y_true[:, i]`): at index C when
    the loop runs to C (range(1, C + 1)), where a body that reads every class at i - 1 is right. Reads
    at most 2,000 nodes (nested such loops read theirs again): past them, no."""
    import ast

    read = 0
    for st in body:
        for n in _walk(st, ast.AST):
            read += 1
            if read > 2000:
                return False
            if not _isinstance(n, ast.Subscript):
                continue
            k = _subscript_index(n)
            at = k.elts[1] if _isinstance(k, ast.Tuple) and _len(k.elts) == 2 and _isinstance(k.elts[0], ast.Slice) else k
            if not (_isinstance(at, ast.Name) and at.id == var):
                continue
            name = _converted_name(n.value)
            if name in weights or (roles is not None and name is not None and roles.role(name) in ("P", "N", "y", "p")):
                return True
    return False


def _converted_name(e):
    """The name `e` is, or converts without changing its values (`np.asarray(pos_weights)`,
    `torch.tensor(pw, dtype=...)`, `pw.astype(float)`: _ROLE_KEEPS, up to three deep), or None."""
    import ast

    for _ in range(4):
        if _isinstance(e, ast.Name):
            return e.id
        if not (_isinstance(e, ast.Call) and _callee(e.func) in _ROLE_KEEPS):
            return None
        e = _call_subject(e)[1]
    return None


def _reversed_in_place(call, name, assigns, weights):
    """Whether `call` reverses a weight rebound under its own name: `pw = tf.reverse(pw, [0])` (or
    torch.flip, np.flip) where the one other binding of pw converts a weight (`pw =
    tf.constant(pos_weights, dtype=...)`), which _weight_vectors leaves out as a name bound twice
    (loss-weights-reversed, lines 35c). `assigns`: _name_assigns' [(k, node)]."""
    if name is None:
        return False
    bound = [a for _, a in assigns if a.targets[0].id == name]
    here = [a for a in bound if a.value is call]
    rest = [a for a in bound if a.value is not call]
    return _len(here) == 1 and _len(rest) == 1 and _converted_name(rest[0].value) in weights and rest[0].lineno < here[0].lineno


def _subscript_index(sub):
    """What a Subscript indexes with: its slice, unwrapped from the ast.Index that Python before 3.9
    puts around a plain index."""
    return sub.slice.value if _type(sub.slice).__name__ == "Index" else sub.slice


def _int_const(e):
    """The int a literal writes, maybe negated (`1`, `-1`), or None (a name, a bool, a float, `+1`)."""
    import ast

    sign = 1
    if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, ast.USub):
        sign, e = -1, e.operand
    return sign * e.value if _isinstance(e, ast.Constant) and _type(e.value) is int else None


def _shape_dim(e):
    """(X, k) for `X.shape[k]`, `np.shape(X)[k]`, `X.size()[k]`, PyTorch's `X.size(k)` / `X.size(dim=k)` or
    numpy's `np.size(X, k)`, k a literal int (_int_const) or None; (None, None) for anything else."""
    import ast

    if _isinstance(e, ast.Call) and _callee(e.func) == "size":
        # X.shape[k] by another name: torch's y_true.size(0) / .size(dim=0), numpy's np.size(X, k).
        method, subject, _ = _call_subject(e)
        if method and _len(e.args) + _len(e.keywords) == 1 and (e.args or e.keywords[0].arg == "dim"):
            return subject, _int_const(e.args[0] if e.args else e.keywords[0].value)
        if not method and _len(e.args) == 2 and not e.keywords:
            return subject, _int_const(e.args[1])
        return None, None
    if not _isinstance(e, ast.Subscript):
        return None, None
    of = _shape_of(e.value)
    return (of, _int_const(_subscript_index(e))) if of is not None else (None, None)


def _shape_of(v):
    """X for a shape: `X.shape`, `np.shape(X)` / `tf.shape(X)` / `K.int_shape(X)`, torch's `X.size()`; else None."""
    import ast

    if _isinstance(v, ast.Attribute) and v.attr == "shape":
        return v.value
    if _isinstance(v, ast.Call) and _callee(v.func) in ("shape", "int_shape") and _len(v.args) == 1:
        return v.args[0]  # np.shape(X), tf.shape(X), K.int_shape(X)
    if _isinstance(v, ast.Call) and _callee(v.func) == "size" and not v.args and not v.keywords and _call_subject(v)[0]:
        return v.func.value  # X.size(), a method of X (not a module's size function)
    if _isinstance(v, ast.Call) and _isinstance(v.func, ast.Attribute) and v.func.attr == "get_shape" and not v.args and not v.keywords:
        return v.func.value  # TensorFlow's X.get_shape()
    return None


# PyTorch's binary cross-entropy, which reduces over every element unless told reduction='none'.
_BCE_REDUCING = frozenset(("binary_cross_entropy", "binary_cross_entropy_with_logits", "BCELoss", "BCEWithLogitsLoss", "BinaryCrossentropy"))


def _bce_reduction(call):
    """What a call of PyTorch's binary cross-entropy (a function, or a loss object made), or a Keras
    BinaryCrossentropy loss object made, reduces with: "mean" (reduction='mean', PyTorch's default;
    Keras's 'sum_over_batch_size', its default, 'auto' in Keras 2), "sum", or None ('none', or a
    value the source does not spell out)."""
    import ast

    for k in call.keywords:
        if k.arg == "reduction":
            v = k.value.value if _isinstance(k.value, ast.Constant) else None
            return {"mean": "mean", "sum": "sum", "sum_over_batch_size": "mean", "auto": "mean"}.get(v) if _type(v) is str else None
        if k.arg is None or k.arg in ("size_average", "reduce"):
            return None  # **kwargs, or PyTorch's deprecated switches: unknown
    return "mean"


def _weight_vectors(roles, weights):
    """The names the loss binds once to a weight parameter converted whole, for fix_sites: `pw =
    torch.as_tensor(pos_weights)`, `nw = np.asarray(neg_weights, dtype=np.float32)`, `pos =
    tf.cast(pos_weights, y_pred.dtype)`, `pw, nw = ...` (through calls that keep a value,
    _ROLE_KEEPS; a name bound to one of these, too). Not an element (`wp = pos_weights[i]`), nor a
    name bound twice (_LossRoles.binding)."""
    import ast

    out, memo = set(), {}

    def vector(name, depth=0):
        if name in weights or name in out:
            return True
        if name in memo or depth > 6:
            return memo.get(name, False)
        memo[name] = False  # a cycle is no weight
        b = roles.binding(name)
        e = b[1] if b is not None else None
        for _ in range(6):
            if _isinstance(e, ast.Call) and _callee(e.func) in _ROLE_KEEPS:
                e = _call_subject(e)[1]
            else:
                break
        memo[name] = _isinstance(e, ast.Name) and e.id != name and vector(e.id, depth + 1)
        return memo[name]

    for name in [n for n in roles.bound]:
        if vector(name):
            out.add(name)
    return out - weights


def _row_means(loop, var, roles, limit=5000):
    """loss-wrong-axis's lines in a loop over the examples (lines 36c): each mean over no axis (np.mean,
    K.mean, tf.reduce_mean, torch.mean, x.mean()) of what reads the labels' or predictions' row at the
    loop's variable (y_true[n], y_pred[n, :]), which averages that example's classes where their sum
    belongs. Bounded: the loop's first `limit` nodes."""
    import ast

    def row(x):
        if not (_isinstance(x, ast.Subscript) and roles.role(roles.plain(x.value)) in ("y", "p")):
            return False
        k = _subscript_index(x)
        k = k.elts[0] if _isinstance(k, ast.Tuple) and _len(k.elts) == 2 and _isinstance(k.elts[1], ast.Slice) \
            and k.elts[1].lower is None and k.elts[1].upper is None else k
        return _isinstance(k, ast.Name) and k.id == var

    out = []
    for k, x in enumerate(_walk(loop, ast.AST)):
        if k > limit:
            return []
        if _isinstance(x, ast.Call) and _callee(x.func) in ("mean", "reduce_mean", "nanmean") and _reduction_axis(x) == "none":
            subject = _call_subject(x)[1]
            inside = list(_walk(subject, ast.AST)) if subject is not None else []
            # The weights taken whole (pos_weights * y_true[n]): a weight by the example (pos_weights[n]) is another mistake's.
            by_example = any(_isinstance(n, ast.Subscript) and roles.role(roles.plain(n.value)) in ("P", "N") for n in inside)
            if any(row(n) for n in inside) and not by_example and x.lineno not in out:
                out.append(x.lineno)
    return out


def _over_examples(loop, weights):
    """Whether a for loop of the loss runs over the examples (rows), for fix_sites: its iterable is
    range(len(X)) / range(X.shape[0]) (or with a start), X, zip(X, Y) or enumerate(X) of inputs
    that are not the weights, or its body takes X[n] / X[n, ...] by its variable. A bounded walk."""
    import ast

    def data(node):
        return _isinstance(node, ast.Name) and node.id not in weights

    def rows_of(node):  # len(X), X.shape[0], np.shape(X)[0]
        if _isinstance(node, ast.Call) and _isinstance(node.func, ast.Name) and node.func.id == "len" and _len(node.args) == 1:
            return data(node.args[0])
        of, k = _shape_dim(node)
        return k == 0 and data(of)

    def classes_of(node):  # len(W), W.shape[0] of a weight: the classes, whatever the body reads
        if _isinstance(node, ast.Call) and _isinstance(node.func, ast.Name) and node.func.id == "len" and _len(node.args) == 1:
            node = node.args[0]
        else:
            of, k = _shape_dim(node)
            node = of if k == 0 else None
        return _isinstance(node, ast.Name) and node.id in weights

    it = loop.iter
    if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name):
        if it.func.id == "range" and 1 <= _len(it.args) <= 2 and rows_of(it.args[-1]):
            return True
        # range(len(pos_weights)) is a class loop: `rp[i]` of `rp = pos_weights[::-1]` in its body
        # (a name no weight parameter) is no row of the examples (batch 35).
        if it.func.id == "range" and 1 <= _len(it.args) <= 2 and classes_of(it.args[-1]):
            return False
        if it.func.id in ("zip", "enumerate") and it.args and all(data(a) for a in it.args):
            return True
    if data(it):
        return True
    target = loop.target.id if _isinstance(loop.target, ast.Name) else None
    if target is None:
        return False
    for k, node in enumerate(_walk(ast.Module(body=loop.body, type_ignores=[]), ast.AST)):
        if k > 5000:
            return False
        if _isinstance(node, ast.Subscript) and data(node.value):
            index = _subscript_index(node)
            first = index.elts[0] if _isinstance(index, ast.Tuple) and index.elts else index
            if _isinstance(first, ast.Name) and first.id == target:
                return True
    return False


def _one_short(e, floats=False):
    """e is X - 1 (X no literal): the end of a range or slice that stops one short; with `floats`, a
    count that may be one short by X - 1.0 too (a divisor, where a float is no error)."""
    import ast

    return _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Sub) and _isinstance(e.right, ast.Constant) \
        and e.right.value == 1 and (_type(e.right.value) is int or (floats and _type(e.right.value) is float)) \
        and not _isinstance(e.left, ast.Constant)


def _tail_returns(body, out, depth=0):
    """The returns a function's body ends on (its last statement, or the last of each branch of an
    if, try or with it ends on), as ids into `out`: a guard's early `return` is none of them."""
    import ast

    last = body[-1] if body else None
    if depth > 40 or last is None:
        return out
    if _isinstance(last, ast.Return):
        out.add(id(last))
    elif _isinstance(last, ast.If):
        _tail_returns(last.body, out, depth + 1)
        _tail_returns(last.orelse, out, depth + 1)
    elif _isinstance(last, (ast.With, ast.AsyncWith)):
        _tail_returns(last.body, out, depth + 1)
    elif _isinstance(last, ast.Try):
        _tail_returns(last.orelse or last.body, out, depth + 1)
        for h in last.handlers:
            _tail_returns(h.body, out, depth + 1)
    return out


def _rounds_to_integers(call):
    """A rounding call with no decimals but 0 (np.round(p), round(p), y_pred.round(), torch.round(p,
    decimals=0)): it makes a prediction 0 or 1, where round(p, 4) keeps it a probability."""
    import ast

    method = _call_subject(call)[0]
    digits = [k.value for k in call.keywords if k.arg in ("decimals", "ndigits")] + list(call.args[0 if method else 1:][:1])
    return all(_isinstance(d, ast.Constant) and d.value in (0, None) and _type(d.value) is not float for d in digits)


def _minus_one(e):
    """e is -1 (a slice's end that drops the last)."""
    import ast

    return _isinstance(e, ast.UnaryOp) and _isinstance(e.op, ast.USub) and _isinstance(e.operand, ast.Constant) \
        and e.operand.value == 1 and _type(e.operand.value) is int


def _one_minus(e):
    """X for `1 - X` (the negative term's labels or predictions), or None."""
    import ast

    return e.right if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Sub) and _isinstance(e.left, ast.Constant) \
        and e.left.value == 1 else None


def _all_slice(x):
    """x is `:`, a whole axis."""
    import ast

    return _isinstance(x, ast.Slice) and x.lower is None and x.upper is None and x.step is None


# Methods that write into their receiver (besides torch's trailing-underscore ones, `y_pred.add_(eps)`),
# and numpy functions that write into their first argument (`np.copyto(labels, ...)`).
_INPLACE_METHODS = frozenset(("fill", "sort", "put", "itemset", "resize"))
_INPLACE_FUNCS = frozenset(("copyto", "put", "place", "putmask", "fill_diagonal"))
# A sigmoid by name: tf.sigmoid, tf.math.sigmoid, torch.sigmoid, K.sigmoid, scipy.special.expit, nn.Sigmoid().
_SIGMOID_CALLS = frozenset(("sigmoid", "expit", "Sigmoid"))
# Calls that round the predictions to 0 or 1 (loss-thresholded-predictions).
_ROUND_CALLS = frozenset(("round", "rint", "around"))
# The nodes _input_writes and _freqs_class_names read, kept as fix_sites's walk meets them.
_WRITERS = frozenset(("FunctionDef", "AsyncFunctionDef", "Lambda", "Assign", "AugAssign", "Call"))


# Conversions that hand back the array they are given when it needs none (_input_writes): a write
# into what they return is a write into the caller's array.
_SHARED_CONVERSIONS = frozenset(("as_tensor", "from_numpy", "asarray", "asanyarray", "ascontiguousarray"))
_SHARED_METHODS = frozenset(("to", "float", "double", "cpu", "detach", "view", "view_as", "reshape", "numpy", "contiguous", "type_as"))


def _input_writes(nodes):
    """The lines where a function (and the defs in it) writes into one of its parameters, as
    fix_sites's "mutates": `labels[:] = ...`, `labels /= N`, `y_true[y_true == 0] = ...`, an
    `out=labels`, `y_pred.add_(eps)` / `.clamp_(...)`, `np.copyto(labels, ...)`, or the same through a
    plain alias (`y = labels`). A parameter (or alias) rebound by a plain `=` is a new array from
    that line on: its writes after it are none. `nodes`: the function's defs, assignments and calls,
    as fix_sites's walk met them (no walk of its own)."""
    import ast

    params = set()
    for node in nodes:
        if _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            params.update(p.arg for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg not in ("self", "cls"))
    # name -> [(line, the value bound)], in line order
    binds = {}
    for node in nodes:
        if _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Name):
            binds.setdefault(node.targets[0].id, []).append((node.lineno, node.value))
    for b in binds.values():
        b.sort(key=lambda x: x[0])

    def shared(v, depth=0):
        """What a value shares its memory with, when it can be the array it converts: a plain name, or
        `torch.as_tensor(y_pred)`, `torch.from_numpy(x)`, `np.asarray(labels, dtype=float)`, `y.float()`,
        `y.to(dtype)`, `y.view(-1)` (each the same array when no conversion is needed, as for the
        suite's float64 inputs), or such conversions nested (`torch.from_numpy(np.asarray(y_pred))`);
        None for a copy (`torch.tensor(x)`, `x.clone()`, `x.astype(float)`)."""
        if _isinstance(v, ast.Name):
            return v
        if not _isinstance(v, ast.Call) or depth > 8:
            return None
        method, subject, _ = _call_subject(v)
        name = _callee(v.func)
        if (not method and name in _SHARED_CONVERSIONS) or (method and name in _SHARED_METHODS):
            return shared(subject, depth + 1)
        return None

    def held(e, line, depth=0):
        """e is a parameter, or an alias of one (through conversions that can share its memory), at `line`."""
        if not _isinstance(e, ast.Name) or depth > 8:
            return False
        before = [(at, v) for at, v in binds.get(e.id, ()) if at < line]
        if not before:
            return e.id in params
        at, v = before[-1]
        return held(shared(v), at, depth + 1)

    def base(e):
        while _isinstance(e, (ast.Subscript, ast.Attribute)) and not (_isinstance(e, ast.Attribute) and e.attr in ("T", "mT")):
            e = e.value
        return e

    out = []
    for node in nodes:
        line = getattr(node, "lineno", 0)
        if _isinstance(node, ast.Assign):
            hit = any(_isinstance(t, ast.Subscript) and held(base(t), line) for t in node.targets)
        elif _isinstance(node, ast.AugAssign):
            t = node.target
            hit = held(t if _isinstance(t, ast.Name) else base(t) if _isinstance(t, ast.Subscript) else None, line)
        elif _isinstance(node, ast.Call):
            outs = [k.value for k in node.keywords if k.arg == "out"]
            outs = [e for o in outs for e in (o.elts if _isinstance(o, ast.Tuple) else [o])]
            name = _callee(node.func)
            method = _call_subject(node)[0]
            hit = any(held(e, line) for e in outs) or (
                method and (name in _INPLACE_METHODS or (name.endswith("_") and not name.startswith("_"))) and held(node.func.value, line)) or (
                not method and _isinstance(node.func, ast.Attribute) and name in _INPLACE_FUNCS and node.args and held(node.args[0], line))
        else:
            hit = False
        if hit:
            out.append(line)
    return sorted(set(out))


def _sigmoid_expr(e):
    """`1 / (1 + exp(-x))` or `exp(x) / (1 + exp(x))`, any exp (np.exp, tf.exp, math.exp)."""
    import ast

    if not (_isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Div) and _isinstance(e.right, ast.BinOp) and _isinstance(e.right.op, ast.Add)):
        return False
    one = lambda x: _isinstance(x, ast.Constant) and x.value == 1  # noqa: E731
    exp = lambda x: _isinstance(x, ast.Call) and _callee(x.func) == "exp"  # noqa: E731
    terms = (e.right.left, e.right.right)
    return (one(e.left) or exp(e.left)) and _len([x for x in terms if one(x)]) == 1 and _len([x for x in terms if exp(x)]) == 1


def _sigmoid_def(fn):
    """A def of the file's that returns a sigmoid (`def sigmoid(x): return 1 / (1 + np.exp(-x))`)."""
    import ast

    return _isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and _len(fn.body) <= 3 and any(
        _isinstance(st, ast.Return) and _sigmoid_expr(st.value) for st in fn.body)


def _freqs_class_names(nodes):
    """Names compute_class_freqs binds to a number of classes: the second of `N, C = labels.shape`
    (any shape _shape_of reads: np.shape(labels), K.int_shape(labels), labels.size()), or `C =
    labels.shape[1]` / `len(labels[0])`. `nodes`: as _input_writes's."""
    import ast

    out = set()
    for node in nodes:
        if not (_isinstance(node, ast.Assign) and _len(node.targets) == 1):
            continue
        t, v = node.targets[0], node.value
        if _isinstance(t, ast.Tuple) and _len(t.elts) == 2 and _isinstance(t.elts[1], ast.Name) and _shape_of(v) is not None:
            out.add(t.elts[1].id)
        elif _isinstance(t, ast.Name) and _freqs_class_count(v):
            out.add(t.id)
    return out


def _freqs_short_classes(nodes, labels):
    """freqs-skips-class's lines (lines 36c): a loop over the columns that stops one class short or starts
    at the second, range(C - 1), range(labels.shape[1] - 1), range(1, C) (C a name _freqs_class_names
    reads, or a count _freqs_class_count does), and a slice of the labels' columns leaving one out
    (labels[:, 1:], labels[:, :-1]). `nodes`: the frequencies' nodes (the visit's), `labels` its first parameter."""
    import ast

    classes = _freqs_class_names(nodes)

    def count(e):
        return _freqs_class_count(e) or (_isinstance(e, ast.Name) and e.id in classes)

    out = []
    for node in nodes:
        it = node.iter if _isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) else None
        if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords and 1 <= _len(it.args) <= 2:
            stop = it.args[-1]
            if (_one_short(stop) and count(stop.left) and (_len(it.args) == 1 or _int_const(it.args[0]) == 0)) or (
                    _len(it.args) == 2 and _int_const(it.args[0]) == 1 and count(stop)):
                out.append(it.lineno)
        if labels is not None and _isinstance(node, ast.Subscript) and _isinstance(node.value, ast.Name) and node.value.id == labels:
            k = _subscript_index(node)
            cut = k.elts[1] if _isinstance(k, ast.Tuple) and _len(k.elts) == 2 and _isinstance(k.elts[0], ast.Slice) \
                and k.elts[0].lower is None and k.elts[0].upper is None else None
            if _isinstance(cut, ast.Slice) and cut.step is None and (
                    (cut.lower is None and cut.upper is not None and _minus_one(cut.upper))
                    or (cut.upper is None and _int_const(cut.lower) == 1)):
                out.append(node.lineno)
    return sorted(set(out))


def _freqs_typed_in(nodes):
    """freqs-ignores-inputs' lines (lines 36c): frequencies typed in, a literal list or tuple of two or more
    numbers, one of them a fraction strictly between 0 and 1 ([0.2, 0.4], np.array([...]), torch.tensor([...]),
    tf.constant([...])), that a return gives or an assignment binds (alone, or one of a returned pair)."""
    import ast

    def number(e):
        e = e.operand if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.USub, ast.UAdd)) else e
        return _isinstance(e, ast.Constant) and _type(e.value) in (int, float)

    def typed(e):
        if _isinstance(e, ast.Call) and e.args and _callee(e.func) in ("array", "asarray", "tensor", "as_tensor", "constant", "convert_to_tensor", "Tensor", "variable", "Variable"):
            e = e.args[0]
        return _isinstance(e, (ast.List, ast.Tuple)) and _len(e.elts) >= 2 and all(number(x) for x in e.elts) \
            and any(_isinstance(x, ast.Constant) and _type(x.value) is float and 0 < x.value < 1 for x in e.elts)

    out = []
    for node in nodes:
        v = node.value if _isinstance(node, (ast.Return, ast.Assign)) else None
        for e in (v.elts if _isinstance(v, ast.Tuple) and not typed(v) else [v]) if v is not None else ():
            if typed(e):
                out.append(e.lineno)
    return sorted(set(out))


def _mod_one_floors(nodes):
    """freqs-integer-division's lines for a fraction rounded by hand (lines 36c): x - x % 1, x - np.mod(x, 1),
    x - np.fmod(x, 1), torch.remainder / tf.math.floormod of 1: the whole part kept, the fraction dropped."""
    import ast

    def mod_one(e):
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Mod):
            return _int_const(e.right) == 1 or (_isinstance(e.right, ast.Constant) and e.right.value == 1.0 and _type(e.right.value) is float)
        if _isinstance(e, ast.Call) and _callee(e.func) in ("mod", "fmod", "remainder", "floormod") and _len(rest := _call_subject(e)[2]) >= 1:
            one = rest[0]
            return _isinstance(one, ast.Constant) and _type(one.value) in (int, float) and one.value == 1
        return False

    return sorted({node.lineno for node in nodes if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Sub) and mod_one(node.right)})


def _class_count_divisors(nodes):
    """freqs-wrong-denominator's `N =` lines (lines 36c): a name bound once to the number of classes (N =
    labels.shape[1], len(labels[0])) and read only as a divisor (`/ N`, `/= N`): where N is bound, as
    N = labels.shape[0] - 1 is."""
    import ast

    bound, divisors, reads = {}, set(), {}
    for node in nodes:
        if _isinstance(node, ast.Assign):
            for t in node.targets:
                for n in _walk(t, ast.AST):
                    if _isinstance(n, ast.Name) and not _isinstance(n.ctx, ast.Load):
                        bound.setdefault(n.id, []).append(node if t is n and _len(node.targets) == 1 else None)
        elif _isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension, ast.NamedExpr)):
            t = node.target
            for n in _walk(t, ast.AST):
                if _isinstance(n, ast.Name) and not _isinstance(n.ctx, ast.Load):
                    bound.setdefault(n.id, []).append(None)
        if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Div) and _isinstance(node.right, ast.Name):
            divisors.add(id(node.right))
        elif _isinstance(node, ast.AugAssign) and _isinstance(node.op, ast.Div) and _isinstance(node.value, ast.Name):
            divisors.add(id(node.value))
        elif _isinstance(node, ast.Name) and _isinstance(node.ctx, ast.Load):
            reads.setdefault(node.id, []).append(node)
    out = []
    for name, at in bound.items():
        used = reads.get(name, [])
        if _len(at) == 1 and at[0] is not None and _freqs_class_count(at[0].value) and used and all(id(n) in divisors for n in used):
            out.append(at[0].lineno)
    return sorted(out)


def _freqs_class_count(e):
    """X.shape[1] / X.shape[-1], len(X[0]), len(X.T): a number of classes (a name holding one is
    _freqs_class_names')."""
    import ast

    if _isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and e.func.id == "len" and _len(e.args) == 1:
        a = e.args[0]
        return (_isinstance(a, ast.Subscript) and _int_const(_subscript_index(a)) == 0) or (_isinstance(a, ast.Attribute) and a.attr == "T")
    if _isinstance(e, (ast.Subscript, ast.Call)):
        return _shape_dim(e)[1] in (1, -1)
    return False


def _transposed(e):
    """`X.T`, `np.transpose(X)`, `X.transpose()` with no axes given: a 2-D array's axes swapped."""
    import ast

    if _isinstance(e, ast.Attribute) and e.attr in ("T", "mT"):
        return True
    return _isinstance(e, ast.Call) and _callee(e.func) == "transpose" and not e.keywords and _len(e.args) <= (0 if _call_subject(e)[0] else 1)


def _is_examples(e, held):
    """e is a count of examples: len(X), X.shape[0], X.size (_examples_count), or a name _site_bindings holds as one."""
    import ast

    return _examples_count(e) or (_isinstance(e, ast.Name) and held.get(e.id) == "examples")


def _class_count(e, weights, held, classes=()):
    """len(w) / w.shape[0] of a weight parameter, len(X[0]) (a row's length), X.shape[1] / X.shape[-1] /
    np.shape(X)[1], or a name _site_bindings does not hold as a count of examples: a number of classes,
    not of rows."""
    import ast

    if _isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and e.func.id == "len" and _len(e.args) == 1:
        row = e.args[0]
        if _isinstance(row, ast.Subscript) and _isinstance(row.value, ast.Name) and row.value.id not in weights \
                and _int_const(_subscript_index(row)) == 0:
            return True  # len(y_true[0]): a row's length, the number of classes
        return _isinstance(row, ast.Name) and row.id in weights
    if _isinstance(e, (ast.Subscript, ast.Call)):
        of, k = _shape_dim(e)
        return of is not None and (k in (1, -1) or (k == 0 and _isinstance(of, ast.Name) and of.id in weights))
    # A name: one bound to a class count (classes, _class_names'), or none held as a count of rows.
    return _isinstance(e, ast.Name) and e.id not in weights and (e.id in classes or held.get(e.id) != "examples")


def _shape_classes(binders, assigns):
    """C of `N, C = y_true.shape` (np.shape(y_pred)): the second of two names unpacked from the labels' or
    predictions' shape, bound nowhere else, a number of classes (`/ (N * C)`: loss-mean-over-classes)."""
    import ast

    out, seen = set(), {}
    for _, b in (binders or ()):
        if _isinstance(b, ast.Assign) and _len(b.targets) == 1 and _isinstance(b.targets[0], ast.Tuple):
            for t in b.targets[0].elts:
                if _isinstance(t, ast.Name):
                    seen[t.id] = seen.get(t.id, 0) + 1
            v, elts = b.value, b.targets[0].elts
            of = v.value if _isinstance(v, ast.Attribute) and v.attr == "shape" else \
                v.args[0] if _isinstance(v, ast.Call) and _callee(v.func) == "shape" and _len(v.args) == 1 else None
            if _len(elts) == 2 and _isinstance(elts[1], ast.Name) and _isinstance(of, ast.Name) \
                    and (of.id in _LABEL_NAMES or of.id in _PREDICTION_NAMES):
                out.add(elts[1].id)
    single = {a.targets[0].id for _, a in assigns}
    return {n for n in out if seen.get(n) == 1 and n not in single}


def _class_names(assigns, weights, limit=5000):
    """Plain names a function binds to a number of classes (`num_classes = len(pos_weights)`,
    `C = y_true.shape[1]`), for _class_count: len() of a weight is no count of examples.
    `assigns`: _name_assigns(fn), read to its `limit`th node."""
    import ast

    out = set()
    for k, node in assigns:
        if k <= limit and not _isinstance(node.value, ast.Name) and _class_count(node.value, weights, {}, ()):
            out.add(node.targets[0].id)
    return out


def _einsum_axis(call):
    """The axis an einsum sums over, written as a literal spec of operands that all have the same
    indices and an output that keeps the others in order: `np.einsum("ij->j", t)` 0, `"ij->i"` 1,
    `"ij,ij->j"` (a product summed over axis 0) 0, `"ij->"` "none"; None for anything else (a
    matrix product, a transpose, several axes summed but not all, `...`)."""
    import ast

    if not call.args or not _isinstance(call.args[0], ast.Constant) or _type(call.args[0].value) is not str:
        return None
    spec = call.args[0].value.replace(" ", "")
    if spec.count("->") != 1 or _len(spec) > 40:
        return None
    left, right = spec.split("->")
    inputs = left.split(",")
    if _len(inputs) != _len(call.args) - 1 or _len(set(inputs)) != 1:
        return None
    indices = inputs[0]
    if not indices.isalpha() or (right and not right.isalpha()) or _len(set(indices)) != _len(indices):
        return None
    kept = [c for c in indices if c in right]
    if kept != list(right):
        return None  # a letter not in the input, or the kept ones reordered
    dropped = [k for k, c in enumerate(indices) if c not in right]
    if not dropped:
        return None
    if not right:
        return "none"
    return dropped[0] if _len(dropped) == 1 and dropped[0] <= 8 else None


def _counts_classes(e, weights, classes, depth=0):
    """Whether a divisor is a number of classes for sure (for a division's "classes"): len(w) or
    w.shape[0] of a weight parameter, X.shape[1] / X.shape[-1] / np.shape(X)[1], or a name
    _class_names binds to one, maybe converted (`float(len(pos_weights))`, `tf.cast(C, tf.float32)`), or
    a product with one (`N * C`). Unlike _class_count, a name it does not know is none."""
    import ast

    for _ in range(3):
        if _isinstance(e, ast.Call) and _callee(e.func) in ("float", "int", "cast", "float32", "float64") and e.args:
            e = _call_subject(e)[1]
        else:
            break
    if _isinstance(e, ast.Name):
        return e.id in classes
    if _entries_count(e):
        # y_true.size, np.size(y_pred), y_true.numel(): N·C, every entry (of the labels' or predictions' name, not
        # a column's). PyTorch's y_true.size(1) is no entries count: its shape's (_shape_dim), read below.
        whole = e.value if _isinstance(e, ast.Attribute) else e.args[0] if e.args else e.func.value
        return _isinstance(whole, ast.Name) and (whole.id in _LABEL_NAMES or whole.id in _PREDICTION_NAMES)
    if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Mult):
        # N * C, y_true.shape[0] * y_true.shape[1]: every entry, the classes among them. Read 4 products
        # deep at most: a learner's a * b * c * ... of 1,000 factors would raise RecursionError and drop every site.
        return depth < 4 and (_counts_classes(e.left, weights, classes, depth + 1) or _counts_classes(e.right, weights, classes, depth + 1))
    return e is not None and _class_count(e, weights, {}, ())


def _column_subscript(e):
    """Whether e takes one column of a matrix, one class: `y_true[:, i]`, `y_pred[..., c]`, `X[:, 0]`,
    or as an N×1 matrix `y_true[:, i:i + 1]` (a Keras loss object's input), (not `w[:, None]`, which
    makes a column of a vector)."""
    import ast

    if not _isinstance(e, ast.Subscript):
        return False
    second = _after_whole_axis(e)
    if _isinstance(second, ast.Slice):
        # i:i + 1 (or 1 + i), one column wide.
        lo, hi = second.lower, second.upper
        return second.step is None and lo is not None and _isinstance(hi, ast.BinOp) and _isinstance(hi.op, ast.Add) and any(
            _isinstance(one, ast.Constant) and one.value == 1 and _type(one.value) is int and ast.dump(other) == ast.dump(lo)
            for one, other in ((hi.right, hi.left), (hi.left, hi.right)))
    return second is not None and not _new_axis(second)


def _after_whole_axis(sub):
    """For a Subscript `x[:, k]` or `x[..., k]` (two indices, the first a whole axis): k; else None."""
    import ast

    index = _subscript_index(sub)
    if not (_isinstance(index, ast.Tuple) and _len(index.elts) == 2):
        return None
    first, second = index.elts
    return second if _all_slice(first) or (_isinstance(first, ast.Constant) and first.value is Ellipsis) else None


def _new_axis(e):
    """e is `None` or `np.newaxis` as an index: a new axis."""
    import ast

    return (_isinstance(e, ast.Constant) and e.value is None) or (_isinstance(e, ast.Attribute) and e.attr == "newaxis")


# What a reduction's value is read through, for _of_column: not into another reduction (its own
# values), a comprehension or a literal list (the per-class values it gathers), nor a nested def.
_COLUMN_STOPS = ("ListComp", "GeneratorExp", "SetComp", "DictComp", "List", "Tuple", "Set", "Lambda")


def _of_column(call, names, limit=400):
    """Whether a reduction reduces one class's values (its mean or sum is over the examples, whatever
    its axis says): the value it works on (a method's receiver, else its arguments) takes a column
    (_column_subscript) or reads a name bound to one (`names`), outside any other reduction,
    comprehension or list it holds (np.mean([np.mean(y_true[:, i] ...) for i ...]) averages the
    classes). A bounded walk: past `limit` nodes, none."""
    import ast

    method, subject, rest = _call_subject(call)
    return _of_value_column(subject if method else list(call.args), names, limit)


def _of_value_column(value, names, limit=400):
    """_of_column's walk of a value (or a list of them)."""
    import ast

    todo = list(value) if _isinstance(value, list) else [value]
    k = 0
    while todo:
        x = todo.pop()
        k += 1
        if k > limit or x is None:
            return False
        if _column_subscript(x) or (_isinstance(x, ast.Name) and x.id in names):
            return True
        if _reduction_call(x) or _type(x).__name__ in _COLUMN_STOPS:
            continue
        todo.extend(_child_nodes(x, ast.AST))
    return False


_DOT_CALLS = frozenset(("dot", "inner", "vdot", "tensordot", "matmul"))


def _dot_of_columns(node, columns):
    """Whether `node` is a dot product of two of one class's columns (each operand takes a column or reads
    a name bound to one, _of_value_column): `np.dot(y_true[:, i], np.log(y_pred[:, i] + eps))`,
    `y_true[:, i] @ log_p`, `np.inner`, `np.vdot`, `torch.dot`, `a.dot(b)`, `tf.tensordot(a, b, 1)`
    (`axes=1`, torch's `dims=1`): a sum over the examples. A product of matrices (y_true.T @ ...), none."""
    import ast

    if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.MatMult):
        pair = [node.left, node.right]
    elif _isinstance(node, ast.Call) and _callee(node.func) in _DOT_CALLS:
        method, subject, rest = _call_subject(node)
        pair = [subject] + list(rest) if method else list(node.args)
        if _callee(node.func) == "tensordot":
            axes = [k.value for k in node.keywords if k.arg in ("axes", "dims")] + pair[2:3]
            if not axes or _int_const(axes[0]) != 1:
                return False
            pair = pair[:2]
        elif node.keywords:
            return False
    else:
        return False
    return _len(pair) == 2 and all(x is not None and _of_value_column(x, columns) for x in pair)


def _object_on_columns(root, made, assigns, columns):
    """Whether the loss object call `made` makes (`bce = tf.keras.losses.BinaryCrossentropy(...)`,
    bound once to a plain name) is called, each time in `root`, on one class's column (_of_column):
    its reduction is then over the examples. A name read other than as a call's callee (`f = bce`,
    passed, returned) may be called elsewhere on anything: not so."""
    import ast

    names = [a.targets[0].id for _, a in assigns if a.value is made]
    if _len(names) != 1 or _len([1 for _, a in assigns if a.targets[0].id == names[0]]) != 1:
        return False
    calls, reads = [], 0
    for n in ast.walk(root):
        if _isinstance(n, ast.Call) and _isinstance(n.func, ast.Name) and n.func.id == names[0]:
            calls.append(n)
        elif _isinstance(n, ast.Name) and n.id == names[0] and _isinstance(n.ctx, ast.Load):
            reads += 1  # the callees above are counted here too
    return _len(calls) > 0 and reads == _len(calls) and all(_of_column(c, columns) for c in calls)


def _column_names(assigns, others):
    """Plain names bound to one column of a matrix (`y = y_true[:, i]`, maybe converted: plain
    `.astype(float)` and the like; `yt, yp = y_true[:, i], y_pred[:, i]`; the targets of `for yt, yp in
    zip(y_true.T, y_pred.T)` and `for col in y_true.T`), for _of_column. `others`: _name_assigns'
    other bindings (the loss's own definition only), or None."""
    import ast

    def column(v):
        for _ in range(4):
            if _column_subscript(v):
                return True
            if _isinstance(v, ast.Call) and _callee(v.func) in _ROLE_KEEPS:
                v = _call_subject(v)[1]
            else:
                return False
        return False

    def transposed(v):
        return _isinstance(v, ast.Attribute) and v.attr == "T"

    out = set()
    for k, node in assigns:
        if column(node.value):
            out.add(node.targets[0].id)
    # A name computed from one class's values holds that class's values too (`w = pos_weights[i] * y +
    # neg_weights[i] * (1 - y)` after `y = y_true[:, i]`): bound only so, a few steps deep.
    bound = {}
    for k, node in assigns:
        bound.setdefault(node.targets[0].id, []).append(node.value)
    for _ in range(3):
        more = {name for name, values in bound.items() if name not in out and all(_of_value_column(v, out) for v in values)}
        if not more:
            break
        out |= more
    for k, node in others or ():
        if _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Tuple) \
                and _isinstance(node.value, ast.Tuple) and _len(node.value.elts) == _len(node.targets[0].elts):
            out.update(t.id for t, v in zip(node.targets[0].elts, node.value.elts) if _isinstance(t, ast.Name) and column(v))
        elif _isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            it, target = node.iter, node.target
            if transposed(it) and _isinstance(target, ast.Name):
                out.add(target.id)
            elif _isinstance(it, ast.Call) and _callee(it.func) == "zip" and _isinstance(it.func, ast.Name) \
                    and _isinstance(target, ast.Tuple) and _len(target.elts) == _len(it.args):
                out.update(t.id for t, v in zip(target.elts, it.args) if _isinstance(t, ast.Name) and transposed(v))
    return out


def _instance_state(e, root):
    """Whether e reads an attribute of a method's instance (self.epsilon, float(self.eps), cls.EPS): a
    method of a class in root, its first parameter's attribute, as written or converted by a call of it
    alone. A loss object's state, set by its constructor from what it was given, not a fixed value."""
    import ast

    for _ in range(3):
        if _isinstance(e, ast.Call) and _len(e.args) == 1 and not e.keywords:
            e = e.args[0]
    if not (_isinstance(e, ast.Attribute) and _isinstance(e.value, ast.Name)):
        return False
    k = 0
    for c in _walk(root, ast.AST):
        k += 1
        if k > 20000:
            return False
        if not _isinstance(c, ast.ClassDef):
            continue
        for st in c.body:
            if _isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params = st.args.posonlyargs + st.args.args
                if params and params[0].arg == e.value.id:
                    return True
    return False


def _reads(nodes, name, AST, limit=5000):
    """Whether any of nodes reads the plain name (a bounded walk)."""
    import ast

    k = 0
    for root in nodes:
        for node in _walk(root, AST):
            k += 1
            if k > limit:
                return True  # unsure: as if read
            if _isinstance(node, ast.Name) and node.id == name and not _isinstance(node.ctx, ast.Store):
                return True
    return False


def _overwrites(loop, starts):
    """The lines in a for loop's body (not in nested defs or loops) that assign a plain name with
    `=` from a value that does not read it, where the name was started before the loop (`loss = 0`,
    `total = np.zeros(...)`: `starts`, name -> line) and nothing else in the loop reads it: an
    accumulator overwritten, where `+=` belongs."""
    import ast

    out = []
    todo = list(loop.body)
    while todo:
        st = todo.pop()
        if _isinstance(st, (ast.If, ast.With, ast.Try)):
            todo.extend(getattr(st, "body", []) + getattr(st, "orelse", []))
            continue
        if not (_isinstance(st, ast.Assign) and _len(st.targets) == 1 and _isinstance(st.targets[0], ast.Name)):
            continue
        name = st.targets[0].id
        if name not in starts or starts[name] >= loop.lineno or _reads([st.value], name, ast.AST):
            continue
        others = [n for n in loop.body if n is not st]
        if not _reads(others + [loop.iter], name, ast.AST):
            out.append(st.lineno)
    return out


def _class_term(loop, value, roles):
    """Whether a value set in a class loop is one class's term, for _overwritten_unstarted: it reads the
    loop's target (or a name the loop sets from it) and the labels or predictions (a "y" or "p" role;
    without roles, their usual names) or a log (or a name the loop sets from those). `n =
    y_true.shape[0]`, `C = i + 1` and `loss = total` (total += ...) are none. Names the loop sets by
    `+=`, or from themselves, are sums over the classes, not terms. At most 2,000 nodes a value read."""
    import ast

    logs = ("log", "log10", "log2", "log1p", "binary_crossentropy", "binary_cross_entropy")
    data = lambda n: (roles.role(n) if roles is not None else None) in ("y", "p") or n in _LABEL_NAMES or n in _PREDICTION_NAMES  # noqa: E731

    def read(e):
        names, logged = set(), False
        for k, x in enumerate(_walk(e, ast.AST)):
            if k > 2000:
                break
            if _isinstance(x, ast.Name) and _isinstance(x.ctx, ast.Load):
                names.add(x.id)
            elif _isinstance(x, ast.Call) and _callee(x.func) in logs:
                logged = True
        return names, logged

    pairs = []  # (name, what its value reads) for the loop's plain `name = value` not reading name
    for st in _walk(loop, ast.AST):
        if _len(pairs) > 200:
            break
        if _isinstance(st, ast.Assign) and st is not loop:
            targets = [t for t in st.targets if _isinstance(t, ast.Name)] + [
                x for t in st.targets if _isinstance(t, ast.Tuple) for x in t.elts if _isinstance(x, ast.Name)]
            got = read(st.value)
            pairs += [(t.id, got) for t in targets if t.id not in got[0]]
    per_class = {x.id for x in _walk(loop.target, ast.AST) if _isinstance(x, ast.Name)}
    terms = set()
    for _ in range(6):
        grew = False
        for name, (names, logged) in pairs:
            if name not in per_class and names & per_class:
                per_class.add(name)
                grew = True
            if name not in terms and (logged or names & terms or any(data(n) for n in names)):
                terms.add(name)
                grew = True
        if not grew:
            break
    names, logged = read(value)
    return bool(names & per_class) and (logged or bool(names & terms) or any(data(n) for n in names))


def _overwritten_unstarted(loop, starts, owners, roles=None):
    """The lines in a loop of a function's own body that assign a plain name (as _overwrites reads
    them) bound nowhere before the loop and read nowhere else in it, which a return after the loop
    reads: `for i in range(C): loss = -torch.mean(...)` then `return loss`, no `loss = 0` first, so
    only the last class counts (loss-overwrites-accumulator, lines 35c). A loop that breaks (a
    search) is none, and so is a name started at zero (_overwrites' case)."""
    import ast

    # owners: each statement of a def's own body (the function read, or one within it) -> that def, which fix_sites'
    # visit fills as it meets the defs (a def comes before its loops).
    body = getattr(owners.get(id(loop)), "body", None)
    if not _isinstance(body, list) or loop not in body or loop.orelse or any(_isinstance(x, ast.Break) for x in _walk(loop, ast.AST)):
        return []
    at = body.index(loop)
    after = [st for st in body[at + 1:] if _isinstance(st, ast.Return) and st.value is not None]

    def tally(nodes):
        """(the number of nodes, name -> how many times it is read) of nodes' walks: each node walked once."""
        size, reads = 0, {}
        for root in nodes:
            for x in _walk(root, ast.AST):
                size += 1
                if _isinstance(x, ast.Name) and not _isinstance(x.ctx, ast.Store):
                    reads[x.id] = reads.get(x.id, 0) + 1
        return size, reads

    # Read once, not once per assignment (lines 36c: a 450-statement body cost a walk of every other
    # statement per statement). _reads' answers kept: read, or past its 5,000 nodes (unsure, as read).
    before = {x.id for b in body[:at] for x in _walk(b, ast.AST) if _isinstance(x, ast.Name)}
    whole = tally(loop.body + [loop.iter, loop.target])
    ends = [tally([r.value]) for r in after]
    out = []
    for st in loop.body:
        if not (_isinstance(st, ast.Assign) and _len(st.targets) == 1 and _isinstance(st.targets[0], ast.Name)):
            continue
        name = st.targets[0].id
        if name in starts or _reads([st.value], name, ast.AST):
            continue
        own = tally([st])
        read_elsewhere = whole[1].get(name, 0) - own[1].get(name, 0) > 0 or whole[0] - own[0] > 5000
        if name not in before and not read_elsewhere \
                and any(reads.get(name, 0) > 0 or size > 5000 for size, reads in ends) and _class_term(loop, st.value, roles):
            out.append(st.lineno)
    return out


def _started(assigns, limit=5000):
    """Plain names a function sets to zero before a loop: `loss = 0`, `0.0`, `np.zeros(...)`,
    `torch.zeros_like(...)`, `tf.constant(0.0)` -> the line (the first such).
    `assigns`: _name_assigns(fn), read to its `limit`th node."""
    import ast

    out = {}
    for k, node in assigns:
        if k <= limit:
            v = node.value
            zero = _number_is(v, 0) or (
                _isinstance(v, ast.Call) and _callee(v.func) in ("zeros", "zeros_like", "constant", "tensor", "float32", "float64", "float")
                and (_callee(v.func) in ("zeros", "zeros_like") or (v.args and _isinstance(v.args[0], ast.Constant) and v.args[0].value == 0)))
            if zero and node.targets[0].id not in out:
                out[node.targets[0].id] = node.lineno
    return out


# Floor division as a call: np.floor_divide, tf.math.floordiv, torch.floor_divide (and torch.div's rounding_mode).
_FLOOR_CALLS = frozenset(("floor_divide", "floordiv", "floor_div"))
_INT_DTYPES = frozenset(("int", "int8", "int16", "int32", "int64", "uint8", "long", "short", "intc", "int_"))


def _dtype_word(e):
    """What a dtype argument says: "int" (int, np.int32, tf.int64, 'int32', torch.long) or "float" (float, tf.float32, 'float32'), or None."""
    import ast

    word = e.attr if _isinstance(e, ast.Attribute) else e.id if _isinstance(e, ast.Name) else \
        e.value if _isinstance(e, ast.Constant) and _isinstance(e.value, str) else None
    if word is None:
        return None
    word = word.lower()
    return "int" if word in _INT_DTYPES else "float" if "float" in word or word in ("double", "half", "bfloat16") else None


def _float_cast(e, values, depth=0):
    """Whether e is made floats for sure: a cast, astype or conversion to a float dtype
    (`tf.cast(labels, tf.float32)`, `K.cast(labels, 'float32')`, `labels.astype(float)`,
    `t.float()`), arithmetic with a float literal (`labels * 1.0`), or a name `values` (name ->
    its one binding's value) holds as one."""
    import ast

    if depth > 6:
        return False
    if _isinstance(e, ast.Name):
        v = values.get(e.id)
        return v is not None and _float_cast(v, values, depth + 1)
    if _isinstance(e, ast.BinOp):
        return any(_isinstance(x, ast.Constant) and _type(x.value) is float for x in (e.left, e.right)) or \
            _float_cast(e.left, values, depth + 1) or _float_cast(e.right, values, depth + 1)
    if _isinstance(e, ast.Call):
        name = _callee(e.func)
        if name in ("float", "double", "float32", "float64", "half"):
            return True
        words = [_dtype_word(x) for x in list(e.args) + [k.value for k in e.keywords if k.arg in ("dtype", None)]]
        # A cast to a dtype it does not spell (K.floatx(), y_pred.dtype) is taken as one to floats: no
        # learner casts the labels to keep them integers.
        return "float" in words or (name in ("cast", "astype", "to", "type") and "int" not in words and (_len(e.args) + _len(e.keywords)) >= 1)
    return False


def _integer_mean(call, values):
    """A mean that keeps its input's integer dtype, of an input not made floats (_float_cast):
    tf.reduce_mean (tf.math's), the Keras backend's mean (K.mean, keras.backend.mean,
    tf.keras.backend.mean) and statistics.mean; numpy's, torch's and keras.ops' means give floats
    (or raise)."""
    import ast

    name = _callee(call.func)
    if not _isinstance(call.func, ast.Attribute) or not call.args or _float_cast(call.args[0], values):
        return False
    owner = call.func.value
    owner = owner.attr if _isinstance(owner, ast.Attribute) else owner.id if _isinstance(owner, ast.Name) else ""
    return name == "reduce_mean" or (name == "mean" and owner in ("K", "backend", "statistics"))


def _labels_only(e, roles, depth=0):
    """Whether e is the labels and numbers alone (`y_true`, `y_true[:, i]`, `1 - y_true[:, i]`): a mean
    of it keeps integer labels integers; not a term that multiplies them by a weight or a log
    (`K.mean(pos_weights * y_true * K.log(y_pred))` averages floats)."""
    import ast

    if depth > 8:
        return False
    if _isinstance(e, ast.Name):
        return roles.role(e.id) == "y"
    if _isinstance(e, ast.Constant):
        return _type(e.value) in (int, bool)
    if _isinstance(e, ast.Subscript):
        return _labels_only(e.value, roles, depth + 1)
    if _isinstance(e, ast.UnaryOp):
        return _labels_only(e.operand, roles, depth + 1)
    if _isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Add, ast.Sub, ast.Mult)):
        return _labels_only(e.left, roles, depth + 1) and _labels_only(e.right, roles, depth + 1)
    return False


def _int_cast_of_fraction(call):
    """An integer cast of a fraction computed in it: `(np.sum(labels, axis=0) / N).astype(int)`,
    `tf.cast(pos / n, tf.int32)`, `(t.sum(0) / n).long()`, or the fraction rounded down by
    `np.floor(...)`: the value cast holds a division (`/`, np.divide, np.true_divide)."""
    import ast

    name = _callee(call.func)
    method, subject, rest = _call_subject(call)
    if name in ("long", "int") and method and not rest:
        pass
    elif name in ("floor", "trunc", "fix") and not method and not rest:
        pass  # np.floor(np.sum(labels, axis=0) / N), math.floor(...): rounded down as `//` does
    elif name in ("astype", "cast", "type", "to", "array", "asarray") and subject is not None:
        if "int" not in [_dtype_word(x) for x in list(rest) + [k.value for k in call.keywords if k.arg == "dtype"]]:
            return False
    else:
        return False
    k = 0
    for node in (_walk(subject, ast.AST) if subject is not None else ()):
        k += 1
        if k > 400:
            return False
        if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Div) or \
                _isinstance(node, ast.Call) and _callee(node.func) in ("divide", "true_divide", "div"):
            return True
    return False


def _sum_parts(e):
    """(left, right, whether added) for a sum or difference a log's argument is made of: `a + b`,
    `a - b`, or the same as a call (`ops.add(a, b)`, `tf.add`, `tf.math.subtract`, `torch.add`,
    `np.add`, a tensor's `a.add(b)`); None for anything else."""
    import ast

    if _isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Add, ast.Sub)):
        return e.left, e.right, _isinstance(e.op, ast.Add)
    if _isinstance(e, ast.Call) and _callee(e.func) in ("add", "subtract", "sub") and not e.keywords:
        _, subject, rest = _call_subject(e)
        if subject is not None and _len(rest) == 1 and not _isinstance(subject, ast.Starred) and not _isinstance(rest[0], ast.Starred):
            return subject, rest[0], _callee(e.func) == "add"
    return None


def _subtracts_epsilon(e, epsilon):
    """A log's argument that subtracts an epsilon: `1 - y_pred - eps`, `1 - (y_pred + eps)`,
    `1 - y_pred.add(eps)`; the epsilon the parameter (`epsilon`, its name) or a fixed one."""
    import ast

    def eps(x):
        return _fixed_epsilon(x) or (epsilon is not None and _isinstance(x, ast.Name) and x.id == epsilon)

    parts, steps = _sum_parts(e), 0
    while parts is not None and steps < 64:
        left, right, plus = parts
        if not plus:
            if eps(right):
                return True
            inner, depth = _sum_parts(right), 0
            while inner is not None and depth < 64:  # the subtracted sum's addends: y_pred + eps
                if inner[2] and (eps(inner[1]) or (_sum_parts(inner[0]) is None and eps(inner[0]))):
                    return True
                inner, depth = _sum_parts(inner[0]), depth + 1
        parts, steps = _sum_parts(left), steps + 1
    return False


def _weight_inside(e, weight_read):
    """A log's argument with a weight among the factors and addends it is made of (`pos_weights[i] *
    y_pred[:, i] + epsilon`, `(1 - y_pred) * nw + eps`): `weight_read` tells a weight."""
    import ast

    stack, seen = [e], 0
    while stack and seen < 64:
        x = stack.pop()
        seen += 1
        if weight_read(x):
            return True
        if _isinstance(x, ast.BinOp) and _isinstance(x.op, (ast.Mult, ast.Add, ast.Sub, ast.Div)):
            stack += [x.left, x.right]
        elif (parts := _sum_parts(x)) is not None:
            stack += [parts[0], parts[1]]
    return False


def _number_is(e, value):
    """e is the number `value` written out (an int or float literal; True is no 1)."""
    import ast

    return _isinstance(e, ast.Constant) and _type(e.value) in (int, float) and e.value == value


def _rounding_of(e, value_of, depth=0):
    """The rounding a returned loss goes through, or None: `round(float(loss), 3)`, `np.round(loss, 2)`,
    `torch.round(loss, decimals=3)`, `np.round(loss * 1000) / 1000`, `float(f"{loss:.3f}")`, under a
    conversion (`float(...)`, `.item()`), a minus, or in a name bound once to one (value_of)."""
    import ast

    if depth > 4:
        return None
    if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.USub, ast.UAdd)):
        return _rounding_of(e.operand, value_of, depth + 1)
    if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Div) and _isinstance(e.right, ast.Constant):
        return _rounding_of(e.left, value_of, depth + 1)  # np.round(loss * 1000) / 1000
    if _isinstance(e, ast.Name):
        bound = value_of(e.id)
        return _rounding_of(bound, value_of, depth + 1) if bound is not None else None
    if not _isinstance(e, ast.Call):
        return None
    name = _callee(e.func)
    if name in _ROUND_CALLS:
        return e
    if name in ("float", "float32", "float64", "item", "numpy", "squeeze") and not e.keywords:
        inner = e.func.value if _isinstance(e.func, ast.Attribute) and not e.args else (e.args[0] if _len(e.args) == 1 else None)
        if _isinstance(inner, ast.JoinedStr) and any(_isinstance(v, ast.FormattedValue) and v.format_spec is not None for v in inner.values):
            return e  # float(f"{loss:.3f}")
        return _rounding_of(inner, value_of, depth + 1) if inner is not None else None
    return None


def _one_or_log_one(e):
    """1 or 1.0, or a log of it (`np.log(1)`, `math.log(1.0)`): what `1 - log(p)` takes a log from."""
    import ast

    if _isinstance(e, ast.Call) and _callee(e.func) in ("log", "log10", "log2") and _len(e.args) == 1 and not e.keywords:
        e = e.args[0]
    return _number_is(e, 1)


def _squares(node):
    """A square in the loss: `x ** 2`, `np.square(x)`, `K.square`, `x.square()`, `torch.pow(x, 2)`,
    `np.power(x, 2)`, `x.pow(2)` (a squared error where the logs belong)."""
    import ast

    if _isinstance(node, ast.BinOp):
        return _isinstance(node.op, ast.Pow) and _number_is(node.right, 2)
    name = _callee(node.func)
    if name not in ("square", "pow", "power") or node.keywords:
        return False
    _, subject, rest = _call_subject(node)
    if subject is None or _isinstance(subject, ast.Starred):
        return False
    return _len(rest) == 0 if name == "square" else _len(rest) == 1 and _number_is(rest[0], 2)


def _fixed_epsilon(e):
    """A log's addend that is a fixed epsilon, not the parameter: a number, K.epsilon(),
    np.finfo(float).eps, sys.float_info.epsilon."""
    import ast

    if _isinstance(e, ast.Constant):
        return _type(e.value) in (int, float) and 0 < e.value < 1e-2
    if _isinstance(e, ast.Call) and _callee(e.func) == "epsilon" and not e.args:
        return True
    if _isinstance(e, ast.Attribute) and e.attr == "epsilon" and _isinstance(e.value, ast.Attribute) and e.value.attr == "float_info":
        return True  # sys.float_info.epsilon, np.finfo(float).eps's value
    return _isinstance(e, ast.Attribute) and e.attr == "eps" and _isinstance(e.value, ast.Call) and _callee(e.value.func) == "finfo"


def _bound_names(node):
    """The plain names one of _name_assigns' `others` binds: a target's names, a def's or lambda's
    parameters and name, an import's, `global` / `nonlocal`'s, an except's."""
    import ast

    if _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = node.args
        out = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs] + [x.arg for x in (a.vararg, a.kwarg) if x]
        return out + ([node.name] if not _isinstance(node, ast.Lambda) else [])
    if _isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in node.names]
    if _isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if _isinstance(node, ast.ExceptHandler):
        return [node.name] if node.name else []
    targets = node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None), getattr(node, "optional_vars", None)]
    out = []
    for t in targets:
        k = 0
        for n in (_walk(t, ast.AST) if t is not None else ()):
            k += 1
            if k > 200:
                break
            if _isinstance(n, ast.Name):
                out.append(n.id)
    return out


def _fixed_names(assigns, binders, epsilon, source, limit=5000):
    """The plain names a loss function (or its helper) reads as a fixed epsilon: a name bound once in
    it, by `=`, to one (`eps = K.epsilon()`, `eps = keras.backend.epsilon()`) -> {name: that line};
    and a reader for a name not bound in it at all, a module constant written once at column 0
    (`EPS = 1e-7`): 0, no line of the function's to change, or None. Never the epsilon parameter.
    `assigns` and `binders` (the `others` list) are _name_assigns' of the function; at most four
    module constants looked up, each by one regex scan of the source."""
    import ast

    if any(node is None for _, node in binders):
        return {}, lambda name: None  # the walk stopped short: names may be bound further on
    count, bound = {}, set()
    for k, node in assigns:
        count[node.targets[0].id] = count.get(node.targets[0].id, 0) + 1
    for k, node in binders:
        bound.update(_bound_names(node))
    out = {}
    for k, node in assigns:
        name = node.targets[0].id
        if k <= limit and count[name] == 1 and name not in bound and name != epsilon and _fixed_epsilon(node.value):
            out[name] = node.lineno
    bound.update(count)
    module, looked = {}, [0]

    def of_module(name):
        if name in module:
            return module[name]
        module[name] = None
        if name in bound or name == epsilon or looked[0] >= 4:
            return None
        looked[0] += 1
        found = re.findall(r"(?m)^%s[ \t]*(?::[^=\n]*)?=(?!=)([^\n]*)" % re.escape(name), source)
        if _len(found) == 1:
            text = found[0].split("#")[0].strip()
            try:
                value = ast.parse(text, mode="eval").body if _len(text) <= 80 else None
            except PARSE_ERRORS:
                value = None
            if value is not None and _fixed_epsilon(value):
                module[name] = 0
        return module[name]

    return out, of_module


def _own_epsilons(fn, calls, assigns, binders, epsilon, top_def, factory):
    """The lines where the loss takes a fixed epsilon through a function's own (loss-epsilon-ignored):
    a call of a def or lambda of the loss's, or of a top-level def (`top_def`: name -> the def or
    None), whose parameter with a fixed default (`eps=1e-7`, `epsilon=K.epsilon()`) its body reads
    is left to that default or given a fixed one (`term(y, p, w)`, `partial(_wbce, pos_weights=...)`,
    `helper(y, p, 1e-7)`); any call given a fixed epsilon by a keyword that names one
    (`eps=K.epsilon()`); and, in the factory (`factory`), the returned loss's own such default
    (`def weighted_loss(y_true, y_pred, epsilon=1e-7)`: Keras passes two arguments). `calls`: the
    function's calls, from fix_sites's visit; `assigns` and `binders`: _name_assigns'."""
    import ast

    local = {}
    for k, node in binders:
        if _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not fn:
            local.setdefault(node.name, []).append(node)
    for k, node in assigns:
        if _isinstance(node.value, ast.Lambda):
            local.setdefault(node.targets[0].id, []).append(node.value)

    def resolve(name):
        defs = local.get(name)
        if defs:
            return defs[0] if _len(defs) == 1 else None
        found = top_def(name)
        return found if _isinstance(found, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else None

    def init_of(cls):
        """A class's __init__, whose parameters a construction `Cls(...)` fills after self."""
        inits = [st for st in cls.body if _isinstance(st, ast.FunctionDef) and st.name == "__init__"]
        return inits[-1] if inits else None

    memo = {}

    def defaulted(f):
        """[(position or None for a keyword-only one, name, default)] of f's parameters with a fixed default its body reads."""
        if id(f) in memo:
            return memo[id(f)]
        a = f.args
        pos = a.posonlyargs + a.args
        body = [f.body] if _isinstance(f, ast.Lambda) else f.body
        first = _len(pos) - _len(a.defaults)
        found = [(j, p.arg, d) for j, (p, d) in enumerate(zip(pos[first:], a.defaults), first)]
        found += [(None, p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
        memo[id(f)] = got = [(j, n, d) for j, n, d in found if _fixed_epsilon(d) and _reads(body, n, ast.AST, 2000)]
        return got

    def leaves(call, f, skip):
        """Whether `call` (its arguments after `skip` of them) leaves one of f's defaulted parameters to its default."""
        if any(_isinstance(x, ast.Starred) for x in call.args) or any(k.arg is None for k in call.keywords):
            return False
        given = _len(call.args) - skip
        return any(not any(k.arg == name for k in call.keywords) and (j is None or j >= given) for j, name, _ in defaulted(f))

    out = []
    for node in calls:
        if _callee(node.func) == "partial" and node.args and _isinstance(node.args[0], ast.Name):
            f, skip = resolve(node.args[0].id), 1
        elif _isinstance(node.func, ast.Name):
            f, skip = resolve(node.func.id), 0
        else:
            f, skip = None, 0
        if _isinstance(f, ast.ClassDef):
            # WeightedLoss(pos_weights, neg_weights): its __init__'s parameters after self.
            f, skip = (init_of(f), skip - 1) if skip == 0 else (None, skip)
        if f is not None and leaves(node, f, skip):
            out.append(node.lineno)
            continue
        for k in node.keywords:
            if k.arg and ("eps" in k.arg.lower() or k.arg == epsilon) and _fixed_epsilon(k.value):
                out.append(k.value.lineno)
        if f is not None:
            # A fixed epsilon given by its place to a parameter named for one: helper(y, p, w, 1e-7).
            a = f.args
            for j, p in enumerate(a.posonlyargs + a.args):
                if "eps" in p.arg.lower() and 0 <= j + skip < _len(node.args) and _fixed_epsilon(node.args[j + skip]):
                    out.append(node.args[j + skip].lineno)
    if factory and _isinstance(fn, ast.ClassDef):
        # A loss written as a class: its __call__ / forward / call's own default (Keras passes two arguments).
        for st in fn.body:
            if _isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and st.name in ("__call__", "forward", "call"):
                out += [d.lineno for _, _, d in defaulted(st)]
    elif factory:
        for st in fn.body:
            if _isinstance(st, ast.Return) and st.value is not None:
                v = st.value
                f = v if _isinstance(v, ast.Lambda) else resolve(v.id) if _isinstance(v, ast.Name) and v.id in local else None
                if f is not None:
                    out += [d.lineno for _, _, d in defaulted(f)]
    return sorted(set(out))


# Calls that leave a weight, label or prediction what it was: a conversion, a copy or a clip (`K.constant(pos_weights)`,
# `tf.cast(y_true, tf.float32)`, `y_true.astype(float)`, `torch.as_tensor(w)`, `K.clip(y_pred, eps, 1 - eps)`), for _LossRoles.plain.
# np.maximum / np.minimum bound a value too, but by either argument: no conversion of one.
_ROLE_KEEPS = frozenset(("constant", "convert_to_tensor", "tensor", "as_tensor", "from_numpy", "array", "asarray",
                         "asanyarray", "cast", "float32", "float64", "float", "double", "astype", "to", "type", "copy",
                         "clone", "detach", "numpy", "squeeze", "flatten", "ravel", "identity", "Variable",
                         "variable", "cuda", "cpu", "Parameter")) | (_CLIP_CALLS - {"maximum", "minimum"})
# Calls that reduce or clip a term and keep its side: K.mean(y * K.log(p)), K.clip(y_pred, eps, 1 - eps).
_SIDE_KEEPS = frozenset(("sum", "mean", "reduce_sum", "reduce_mean", "nansum", "nanmean", "average")) | _CLIP_CALLS
_TRANSPOSES = frozenset(("transpose", "permute", "swapaxes", "moveaxis", "rollaxis", "einsum", "t", "movedim",
                         "swapdims", "matrix_transpose"))


# The node kinds fix_sites keeps for those readers (a set lookup skips the rest: names, loads, constants).
_FACTORY_READS = frozenset(("BinOp", "UnaryOp", "For", "AsyncFor", "ListComp", "GeneratorExp", "SetComp", "Attribute",
                            "Call", "Subscript"))


def _name_role(name):
    """What a weight's name says it holds: "P" (pos_weights, w_pos, wp), "N" (neg_weights, wn) or None."""
    low = name.lower().rsplit(".", 1)[-1]  # self.pos_weights: its attribute's name
    pos, neg = "pos" in low, "neg" in low
    if pos != neg:
        return "P" if pos else "N"
    return "P" if low in ("wp", "w_p", "pw", "p_w") else "N" if low in ("wn", "w_n", "nw", "n_w") else None


def _self_attribute(e):
    """"self.pw" for `self.pw` (an attribute a loss written as a class keeps), else None."""
    import ast

    return "self." + e.attr if _isinstance(e, ast.Attribute) and _isinstance(e.value, ast.Name) and e.value.id == "self" else None


def _first_return(fn):
    """The first `return` among a def's own statements (not in a block): the one that runs; None."""
    import ast

    return next((st for st in fn.body if _isinstance(st, ast.Return)), None)


def _returned_constructions(factory, assigns, others):
    """The calls get_weighted_loss may return its loss by, as an instance of a class (fix_sites reads
    the class as the loss's own definition; _LossRoles, its construction's arguments): the value of
    its first `return` among its own statements when that is a call (`return WeightedLoss(pos_weights,
    neg_weights, epsilon)`, `return losses.Weighted(...)`, `return make()(...)`), or, for a name
    returned, every call it is bound to when each of its bindings is an `=` to one (`fn = _Loss(...)`,
    and another in an `if`: either may run). A name bound any other way too (a lambda, a loop), or
    a walk cut short: none. `assigns`, `others`: _name_assigns(factory)'s."""
    import ast

    first = _first_return(factory)
    v = first.value if first is not None else None
    if _isinstance(v, ast.Name):
        if any(node is None for k, node in others) or any(v.id in _bound_names(node) for k, node in others):
            return []
        values = [node.value for k, node in assigns if node.targets[0].id == v.id]
        # At most four: more is no one loss to read (and each is resolved on its own).
        return values if 0 < _len(values) <= 4 and all(_isinstance(x, ast.Call) for x in values) else []
    return [v] if _isinstance(v, ast.Call) else []


class _LossRoles:
    """What the plain names of get_weighted_loss hold, read from where they are bound (one walk's
    assignments: _name_assigns): the factory's first two parameters are the positive ("P") and the
    negative ("N") weights by their place, the returned function's two the labels ("y") and the
    predictions ("p"); a name bound once to one of them, maybe indexed or converted (`wp =
    neg_weights[i]`, `w_pos, w_neg = neg_weights, pos_weights`, `for w in pos_weights`, `y =
    y_true[:, i]`), holds the same; rebinding a name to a conversion of itself (`y_true =
    K.cast(y_true, 'float32')`) keeps it. A name bound any other way, or twice, holds nothing:
    no guess."""

    def __init__(self, factory, assigns, others, made=None):
        import ast

        self.bound = {}  # name -> [(line, value expr, or a role for a parameter, or None: unknown)]
        self.memo = {}
        self.single = {}  # name -> binding(name)
        self.short = False
        self.steps = 0
        self.inputs = []  # the loss's (returned function's, __call__'s, forward's) labels and predictions: [(name, "y" or "p", its def's line)]

        # Where each of __init__'s own statements is (its def, its place): an attribute set there more
        # than once holds its last value once the loss is called (binding).
        inits = {}
        for n in _statements(factory):
            if _isinstance(n, ast.FunctionDef) and n.name == "__init__":
                inits.update((id(st), (id(n), j)) for j, st in enumerate(n.body))
        self.at = {}  # name -> [inits' place of each binding, or None], as self.bound's

        def bind(name, line, value, node=None):
            self.bound.setdefault(name, []).append((line, value))
            self.at.setdefault(name, []).append(inits.get(id(node)) if node is not None else None)

        # A loss written as a class: the factory returns an instance (`return WeightedLoss(pos_weights,
        # neg_weights, epsilon)`) of a class of its own or of the file's (`factory` is then that class,
        # and `made` (the factory, its construction call)). Its __init__'s parameters hold what the
        # call gives them, its attributes (`self.pw = pos_weights`) what they are set to, and its
        # __call__ / forward / call takes the labels and the predictions after self. For a factory,
        # `made` is the one construction it returns (_returned_constructions), or None.
        returned, call = None, None
        if _isinstance(factory, ast.ClassDef):
            outer, call = made
            params = outer.args.posonlyargs + outer.args.args
            for j, a in enumerate(params[:2]):
                bind(a.arg, a.lineno, ("P", "N")[j])
        else:
            params = factory.args.posonlyargs + factory.args.args
            call = made
            first = _first_return(factory)
            if call is None and first is not None and _isinstance(first.value, (ast.Name, ast.Lambda)):
                returned = first.value
        for k, node in assigns:
            bind(node.targets[0].id, node.lineno, node.value)
        for k, node in others:
            if node is None:
                self.short = True
            elif _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                args = node.args.posonlyargs + node.args.args
                names = [a.arg for a in args + node.args.kwonlyargs] + [a.arg for a in (node.args.vararg, node.args.kwarg) if a]
                mine = node is returned or (_isinstance(returned, ast.Name) and getattr(node, "name", None) == returned.id)
                method = getattr(node, "name", None) if call is not None else None
                for j, name in enumerate(names):
                    if node is factory and j < 2 and j < _len(args):
                        bind(name, getattr(args[j], "lineno", node.lineno), ("P", "N")[j])
                    elif node is factory:
                        bind(name, node.lineno, None)
                    elif mine and j < 2 and j < _len(args):
                        bind(name, node.lineno, ("y", "p")[j])
                        self.inputs.append((name, ("y", "p")[j], node.lineno))
                    elif method in ("__call__", "forward", "call") and 1 <= j < 3 and j < _len(args):
                        bind(name, node.lineno, ("y", "p")[j - 1])
                        self.inputs.append((name, ("y", "p")[j - 1], node.lineno))
                    elif method == "__init__" and 1 <= j < _len(args) and j - 1 < _len(call.args) \
                            and not any(_isinstance(x, ast.Starred) for x in call.args[:j]):
                        bind(name, call.args[j - 1].lineno, call.args[j - 1])  # what the construction passes it
                    elif method == "__init__" and any(kw.arg == name for kw in call.keywords):
                        given = [kw.value for kw in call.keywords if kw.arg == name][0]
                        bind(name, given.lineno, given)
                    else:
                        bind(name, node.lineno, None)
                if not _isinstance(node, ast.Lambda) and node is not factory:
                    bind(node.name, node.lineno, None)
            elif _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Tuple) \
                    and _isinstance(node.value, ast.Tuple) and _len(node.value.elts) == _len(node.targets[0].elts):
                for t, v in zip(node.targets[0].elts, node.value.elts):
                    if _isinstance(t, ast.Name):
                        bind(t.id, node.lineno, v)
                    elif _self_attribute(t):
                        bind(_self_attribute(t), node.lineno, v, node)
                    else:
                        self._unknown(t, node.lineno, bind)
            elif _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _self_attribute(node.targets[0]):
                bind(_self_attribute(node.targets[0]), node.lineno, node.value, node)  # self.pw = pos_weights
            elif _isinstance(node, ast.Call):
                # self.register_buffer("pw", w), setattr(self, "pw", w): _name_assigns' _ATTRIBUTE_SETTERS.
                args = node.args[1:] if _callee(node.func) == "setattr" and node.args and _isinstance(node.args[0], ast.Name) \
                    and node.args[0].id == "self" else node.args if _self_attribute(node.func) else []
                if _len(args) >= 2 and _isinstance(args[0], ast.Constant) and _isinstance(args[0].value, str):
                    bind("self." + args[0].value, node.lineno, args[1])
            elif _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Tuple) \
                    and _shape_of(node.value) is not None and not any(_isinstance(t, ast.Starred) for t in node.targets[0].elts):
                # n_examples, n_classes = y_true.shape (np.shape(y_true), y_true.size()): each its dimension.
                for k, t in enumerate(node.targets[0].elts):
                    if _isinstance(t, ast.Name):
                        dim = ast.Subscript(value=node.value, slice=ast.Constant(value=k), ctx=ast.Load())
                        bind(t.id, node.lineno, ast.copy_location(dim, node.value))
                    else:
                        self._unknown(t, node.lineno, bind)
            elif _isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                self._each(node.target, node.iter, getattr(node, "lineno", node.iter.lineno), bind)
            else:
                for t in (node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None), getattr(node, "optional_vars", None)]):
                    self._unknown(t, getattr(node, "lineno", 0), bind, node)
                if _isinstance(node, ast.ExceptHandler) and node.name:
                    bind(node.name, node.lineno, None)
                for a in getattr(node, "names", []) or []:
                    bind(a if _isinstance(a, str) else (a.asname or a.name).split(".")[0], getattr(node, "lineno", 0), None)

    def _each(self, target, it, line, bind, depth=0):
        """Binds a loop's target to an element of what it iterates: `for w in pos_weights`, each name of
        `for wp, wn in zip(pos_weights, neg_weights)`, and the values of `for i, (wp, wn) in
        enumerate(zip(...))` (i, the index, holds nothing); any other target holds nothing."""
        import ast

        call = _callee(it.func) if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and not it.keywords else None
        tuple_ = _isinstance(target, ast.Tuple)
        if call == "enumerate" and _len(it.args) == 1 and tuple_ and _len(target.elts) == 2 and depth < 4:
            self._unknown(target.elts[0], line, bind)
            self._each(target.elts[1], it.args[0], line, bind, depth + 1)
        elif call == "zip" and tuple_ and _len(target.elts) == _len(it.args):
            for t, v in zip(target.elts, it.args):
                if _isinstance(t, ast.Name):
                    bind(t.id, it.lineno, ("each", v))
                else:
                    self._unknown(t, it.lineno, bind)
        elif _isinstance(target, ast.Name) and call != "zip":
            bind(target.id, line, ("each", it))  # an element of it
        else:
            self._unknown(target, it.lineno, bind)

    def spend(self, n=1):
        """Count the readers' steps (_side, _log_side, the loops' bodies): a term that names a term that
        names ... is read within a bound, or not at all. Steps, never time: the same file gets the same
        sites however loaded the machine (50,000 steps: ~50 ms on a quiet one)."""
        self.steps += n
        if self.steps > 50000:
            raise TimeoutError("fix_sites: the loss's terms are too tangled")

    def _unknown(self, t, line, bind, node=None):
        """Every name a target binds, as holding nothing; an attribute of self too (`self.pw *= 2`,
        `self.pw[0] = 1`, `for self.w in ...`), as a plain name's `pw *= 2` is: its value is no
        longer the one its `=` gave it."""
        import ast

        for n in (_walk(t, ast.AST) if t is not None else ()):
            if _isinstance(n, ast.Name):
                bind(n.id, line, None)
        while _isinstance(t, (ast.Subscript, ast.Starred)):
            t = t.value
        if t is not None and _self_attribute(t):
            bind(_self_attribute(t), line, None, node)

    @staticmethod
    def plain(e):
        """The name under a plain use of a value (`neg_weights[i]`, `K.constant(w)`, `y_true.astype(float)`), or None."""
        import ast

        for _ in range(6):
            if _isinstance(e, ast.Name):
                return e.id
            if _self_attribute(e):
                return _self_attribute(e)
            if _isinstance(e, ast.Subscript):
                e = e.value
            elif _isinstance(e, ast.Attribute) and e.attr == "T":  # y_true.T: the labels still (fix_sites reads no rows then)
                e = e.value
            elif _isinstance(e, ast.Call) and _callee(e.func) in _ROLE_KEEPS:
                e = _call_subject(e)[1]
                if e is None:
                    return None
            else:
                return None
        return None

    def binding(self, name):
        """A name's one binding that is not a conversion of itself: (line, value), or None; for an
        attribute set only by __init__'s own statements (`self.pw = None`, later `self.pw =
        pos_weights`), the last of them, which the loss reads. Kept per name: the readers ask for a
        name bound thousands of times once per product or loop."""
        if name in self.single:
            return self.single[name]
        self.spend()
        found = [(at, (line, v)) for (line, v), at in zip(self.bound.get(name, []), self.at.get(name, []))
                 if not (v is not None and not _isinstance(v, (str, tuple)) and self.plain(v) == name)]
        places = {at[0] if at is not None else None for at, _ in found}
        if self.short or not found or (_len(found) > 1 and (None in places or _len(places) != 1)):
            got = None
        else:
            got = max(found, key=lambda f: f[0][1] if f[0] is not None else 0)[1]
        self.single[name] = got
        return got

    def trace(self, name, depth=0):
        """(role by place, role the names say, [lines where a name says the other]) for a weight
        name, or None: the chain of single bindings back to the factory's parameter."""
        b = self.binding(name) if depth < 12 else None
        if b is None:
            return None
        line, v = b
        if v in ("P", "N"):
            said = _name_role(name)
            return v, said or v, [line] if said and said != v else []
        if _isinstance(v, tuple) and v and v[0] == "each":
            v = v[1]
        if v is None or _isinstance(v, str):
            return None
        src = self.plain(v)
        got = self.trace(src, depth + 1) if src is not None and src != name else None
        if got is None:
            return None
        origin, apparent, flips = got
        said = _name_role(name)
        if said and said != apparent:
            return origin, said, flips + [line]
        return origin, apparent, flips

    def role(self, name, depth=0):
        """"P", "N", "y", "p" or None."""
        if name in self.memo:
            return self.memo[name]
        self.memo[name] = None  # a cycle holds nothing
        b = self.binding(name) if depth < 12 else None
        got = None
        if b is not None:
            v = b[1]
            if v in ("P", "N", "y", "p"):
                got = v
            elif v is not None and not _isinstance(v, str):
                src = self.plain(v[1] if _isinstance(v, tuple) else v)
                got = self.role(src, depth + 1) if src is not None else None
        self.memo[name] = got
        return got

    def value(self, name):
        """The expression a name is bound to once (for a term kept in a name: `pos_term = y * K.log(p)`), or None."""
        b = self.binding(name)
        return b[1] if b is not None and b[1] is not None and not _isinstance(b[1], (str, tuple)) else None


def _factors(e, inside=None):
    """The factors of a product: `a * b`, `-(a * b)`, the numerator of `a * b / n`, `np.multiply(a, b)`.
    `inside`, a set, gets the ids of the nodes that belong to e's product: those it splits, its
    factors, and what a multiply it keeps whole multiplies (`np.multiply(a, b, out=c)`,
    `np.multiply(a)`), so that _swapped_weights reads each product once, whole."""
    import ast

    out, todo = [], [e]
    while todo and _len(out) < 64:
        x = todo.pop()
        if inside is not None:
            inside.add(id(x))
        if _isinstance(x, ast.BinOp) and _isinstance(x.op, ast.Mult):
            todo += [x.right, x.left]
        elif _isinstance(x, ast.BinOp) and _isinstance(x.op, ast.Div):
            todo.append(x.left)
        elif _isinstance(x, ast.UnaryOp) and _isinstance(x.op, (ast.USub, ast.UAdd)):
            todo.append(x.operand)
        elif _isinstance(x, ast.Call) and _callee(x.func) in ("multiply", "mul"):
            _, subject, rest = _call_subject(x)
            parts = ([subject] if subject is not None else []) + list(rest)
            if _len(parts) == 2 and not x.keywords:
                todo += parts[::-1]
            else:
                out.append(x)
                if inside is not None:
                    inside.update(id(c) for c in x.args)
                    if _isinstance(x.func, ast.Attribute):
                        inside.add(id(x.func.value))
        else:
            out.append(x)
    if inside is not None:
        inside.update(id(x) for x in todo)  # past 64 factors: the rest is still this product's
    return out


def _side(e, roles, depth=0):
    """Which term of the loss a factor belongs to: "P" (y_true, log(y_pred + eps)) or "N" (1 - y_true,
    log(1 - y_pred + eps)); None when it says neither, "?" when its factors disagree."""
    import ast

    roles.spend()
    if depth > 8:
        return None
    if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.USub, ast.UAdd)):
        return _side(e.operand, roles, depth + 1)
    if _isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Mult, ast.Div)) or (_isinstance(e, ast.Call) and _callee(e.func) in ("multiply", "mul")):
        sides = {_side(x, roles, depth + 1) for x in _factors(e)} - {None}
        return sides.pop() if _len(sides) == 1 else ("?" if sides else None)
    if _one_minus(e) is not None:
        name = roles.plain(e.right)
        return "N" if name is not None and roles.role(name) == "y" else None
    if _isinstance(e, ast.Compare) and _len(e.ops) == 1 and _isinstance(e.ops[0], ast.Eq) and _isinstance(e.comparators[0], ast.Constant) \
            and e.comparators[0].value in (0, 1) and roles.plain(e.left) is not None and roles.role(roles.plain(e.left)) == "y":
        return "P" if e.comparators[0].value == 1 else "N"
    if _isinstance(e, ast.Call):
        name = _callee(e.func)
        arg = _call_subject(e)[1]
        if name in ("log", "log10", "log2") and arg is not None:
            return _log_side(arg, roles, depth + 1)
        if (name in _SIDE_KEEPS or name in _ROLE_KEEPS) and arg is not None:
            return _side(arg, roles, depth + 1)
        return None
    if _isinstance(e, ast.Subscript):
        return _side(e.value, roles, depth + 1)
    if _isinstance(e, ast.Name):
        if roles.role(e.id) == "y":
            return "P"
        v = roles.value(e.id)
        return _side(v, roles, depth + 1) if v is not None else None
    return None


def _log_side(e, roles, depth):
    """Which term a log's argument makes: y_pred (+ eps) "P", 1 - y_pred (+ eps) "N"."""
    import ast

    roles.spend()
    if depth > 8:
        return None
    if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Add):
        found = {_log_side(e.left, roles, depth + 1), _log_side(e.right, roles, depth + 1)} - {None}
        return found.pop() if _len(found) == 1 else None
    if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Sub):
        if _one_minus(e) is not None:
            name = roles.plain(e.right)
            return "N" if name is not None and roles.role(name) == "p" else None
        return _log_side(e.left, roles, depth + 1)
    if _isinstance(e, ast.Call) and _callee(e.func) in _CLIP_CALLS:
        arg = _call_subject(e)[1]
        return _log_side(arg, roles, depth + 1) if arg is not None else None
    name = roles.plain(e)
    if name is not None and roles.role(name) == "p":
        return "P"
    if _isinstance(e, ast.Name):
        v = roles.value(e.id)
        return _log_side(v, roles, depth + 1) if v is not None else None
    return None


def _swapped_weights(products, roles):
    """The lines to change for weights on the other term than theirs (loss-swapped-weights): each
    product of the loss whose labels and log say one term ("P": y_true and log(y_pred)) and whose one
    weight factor comes from the other parameter by its place. Its line is where the names first say
    the other weight: the signature (`def get_weighted_loss(neg_weights, pos_weights, ...)`), an
    unpacking or an assignment (`w_pos, w_neg = neg_weights, pos_weights`, `wp = neg_weights[i]`), or,
    when no name says so, the use itself (`neg_weights[i] * y_true[:, i] * np.log(...)`). Silent ([]):
    a product whose weight went through names that say the other weight more than once, or none."""
    out = []
    for x, factors in _outer_products(products):  # in the visit's order: a product before the products inside it
        weights, sides = [], set()
        for fac in factors:
            name = roles.plain(fac)
            role = roles.role(name) if name is not None else None
            if role in ("P", "N"):
                weights.append((fac, name))
            else:
                sides.add(_side(fac, roles))
        sides.discard(None)
        if _len(weights) != 1 or _len(sides) != 1 or "?" in sides:
            continue
        side = sides.pop()
        fac, name = weights[0]
        got = roles.trace(name)
        if got is None:
            continue
        origin, apparent, flips = got
        if origin == side:
            continue
        flips = flips + ([fac.lineno] if apparent != side else [])
        if _len(flips) != 1:
            return []
        if flips[0] not in out:  # both terms' weights on one line: one site
            out.append(flips[0])
    return out


# Parameter names that say the predictions, or the labels: a loss whose first is one of the first set
# and second one of the second (PyTorch's forward(self, input, target), weighted_loss(y_pred, y_true))
# takes the labels under a predictions' name, as the grader calls it (y_true first).
_PREDICTION_NAMES = frozenset(("y_pred", "ypred", "y_preds", "pred", "preds", "prediction", "predictions", "y_hat", "yhat",
                               "output", "outputs", "input", "inputs", "logits", "probs", "y_prob", "y_probs", "y_score", "scores"))
_LABEL_NAMES = frozenset(("y_true", "ytrue", "true", "label", "labels", "target", "targets", "y", "gt", "truth", "y_label", "y_labels"))


def _reversed_inputs(roles):
    """(labels' name, predictions' name, the def's line) when the loss's two inputs are named in the
    other order (`def forward(self, y_pred, y_true)`: y_pred gets the labels), else None."""
    named = {role: (name, line) for name, role, line in roles.inputs}
    if _len(roles.inputs) != 2 or set(named) != {"y", "p"}:
        return None
    (labels, line), (preds, _) = named["y"], named["p"]
    return (labels, preds, line) if labels in _PREDICTION_NAMES and preds in _LABEL_NAMES else None


class _RolesByName:
    """_LossRoles read by the inputs' names rather than their places: the labels' parameter as the
    predictions and the other way round (for a loss whose inputs are named in the other order)."""

    _SWAP = {"y": "p", "p": "y"}

    def __init__(self, roles):
        self._roles = roles

    def role(self, name, depth=0):
        got = self._roles.role(name, depth)
        return self._SWAP.get(got, got)

    def __getattr__(self, attr):
        return getattr(self._roles, attr)


def _term_labels(products, roles, uses=None):
    """The lines of the loss's terms whose label factor does not go with their log: a product with
    one log of a known side (log(y_pred + eps) "P", log(1 - y_pred + eps) "N") and one label factor
    of the other side (`y_true[:, i] * np.log(1 - y_pred[:, i] + eps)`: loss-swapped-terms,
    "mismatched"), or a weight, a log and no label factor at all (`neg_weights[i] * np.log(1 -
    y_pred[:, i] + eps)`: loss-missing-label-factor, "unlabelled"). At the log's line. Products
    inside a `where` (np.where(y_true == 1, ...)) pick their examples by the labels: none there.
    A weighted log that is the whole value of a name (`neg = neg_weights * np.log(1 - p + eps)`) gets
    its label factor where the name is used: read there (`uses`: name -> [(Name node, its parent)]),
    each use a factor of a product (`(1 - y_true) * neg`: labelled; `y_true * neg`: "mismatched") or
    a term of a sum (`y_true * pos + neg`: "unlabelled"), at the use's line; used any other way
    (passed, returned, bound again), or bound more than once: no line. [(line, kind)]."""
    import ast

    def logged(e):
        """The log call a name (or a column of one: `lp[:, i]`) is bound to once, or None."""
        for _ in range(3):
            if not _isinstance(e, ast.Subscript):
                break
            e = e.value
        v = roles.value(e.id) if _isinstance(e, ast.Name) else None
        return v if _isinstance(v, ast.Call) and _callee(v.func) in ("log", "log10", "log2") else None

    def read(factors, skip=None):
        """(logs [(call, or a name bound once to one; side)], label sides, a weight among them, a factor that says no term)."""
        logs, labels, weighted, unknown = [], set(), False, False
        for fac in factors:
            if fac is skip:
                continue
            name = roles.plain(fac)
            if name is not None and roles.role(name) in ("P", "N"):
                weighted = True
            elif _isinstance(fac, ast.Call) and _callee(fac.func) in ("log", "log10", "log2"):
                arg = _call_subject(fac)[1]
                logs.append((fac, _log_side(arg, roles, 0) if arg is not None else None))
            elif _isinstance(fac, (ast.Name, ast.Subscript)) and logged(fac) is not None:
                # A log kept in a name bound once (`lp = np.log(y_pred + eps)`, read whole or by its column
                # `lp[:, i]`), read at its use: both terms may share it (loss-same-log-both-terms), and the
                # term to change is the use's line.
                arg = _call_subject(logged(fac))[1]
                logs.append((fac, _log_side(arg, roles, 0) if arg is not None else None))
            elif not _isinstance(fac, ast.Constant):
                side = _side(fac, roles)
                labels.add(side)
                unknown = unknown or side is None  # a factor that says no term (1 - y_pred, a mask): maybe the label
        labels.discard(None)
        return logs, labels, weighted, unknown

    out = []
    product_of = {}  # id(factor) -> the factors of the outermost product it is one of
    kept = []  # [(name, log side)]: weighted logs kept whole in a name, read where it is used
    named = None
    for x, factors in _outer_products(products):  # in the visit's order: a product before the products inside it
        for fac in factors:
            product_of[id(fac)] = factors
        logs, labels, weighted, unknown = read(factors)
        if _len(logs) != 1 or logs[0][1] is None or "?" in labels:
            continue
        fac, side = logs[0]
        if _len(labels) == 1 and side not in labels:
            out.append((fac.lineno, "mismatched"))
        elif not labels and weighted and not unknown:
            if named is None:
                named = {id(v): name for name, bound in roles.bound.items() for _, v in bound
                         if v is not None and not _isinstance(v, (str, tuple))}
            if id(x) not in named:
                out.append((fac.lineno, "unlabelled"))
            elif uses is not None and roles.value(named[id(x)]) is x:
                kept.append((named[id(x)], side))
    for name, side in kept:
        found = []
        for use, parent in uses.get(name, ()):
            if id(use) in product_of:
                logs, labels, weighted, unknown = read(product_of[id(use)], use)
                if logs or "?" in labels:
                    found = None
                elif _len(labels) == 1 and side not in labels:
                    found.append((use.lineno, "mismatched"))
                elif not labels and not unknown:
                    found.append((use.lineno, "unlabelled"))
            elif _isinstance(parent, ast.BinOp) and _isinstance(parent.op, (ast.Add, ast.Sub)) or \
                    _isinstance(parent, ast.AugAssign) and _isinstance(parent.op, (ast.Add, ast.Sub)) and parent.value is use:
                found.append((use.lineno, "unlabelled"))  # a term of the sum as it is: y_true * pos + neg
            else:
                found = None  # np.mean(neg), f(neg), t = neg: no telling where its label goes
            if found is None:
                break
        for site in found or ():
            if site not in out:
                out.append(site)
    return out


def _whole_terms(products, calls, roles):
    """The lines where one weight multiplies both terms of the loss (loss-same-weight-both-terms):
    a product of exactly one weight (`pos_weights[i]`) and one other factor that holds both terms,
    a sum of a "P" and an "N" term (`y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)`) written
    there or kept in a name bound once; or a PyTorch cross-entropy given one weight as its
    `weight=` (`F.binary_cross_entropy(p, y, weight=pos_weights[i])`, nn.BCELoss(weight=...)),
    which multiplies every element. A weight made of both (`w = pos_weights * y + neg_weights * (1 -
    y)`) is none. [line]."""
    import ast

    def one_weight(e):
        name = roles.plain(e)
        return name is not None and roles.role(name) in ("P", "N")

    def both(e, depth=0):
        while _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.USub, ast.UAdd)):
            e = e.operand
        if _isinstance(e, ast.Name) and depth < 4:
            v = roles.value(e.id)
            return v is not None and both(v, depth + 1)
        if not (_isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Add, ast.Sub))):
            return False
        return {_side(e.left, roles), _side(e.right, roles)} == {"P", "N"}

    out = []
    for x, every in _outer_products(products):
        factors = [fac for fac in every if not _isinstance(fac, ast.Constant)]
        if _len(factors) == 2:
            for w, other in (factors, factors[::-1]):
                if one_weight(w) and both(other) and x.lineno not in out:
                    out.append(x.lineno)
                    break
    for c in calls:
        if _callee(c.func) in ("binary_cross_entropy", "binary_cross_entropy_with_logits", "BCELoss", "BCEWithLogitsLoss"):
            if any(k.arg == "weight" and one_weight(k.value) for k in c.keywords) and c.lineno not in out:
                out.append(c.lineno)
    return out


def _complemented_weights(ones, roles):
    """The lines where the loss takes a weight from one (loss-complement-weights: `1 - pos_weights[i]`,
    `(1.0 - neg_weights)`, `1 - pw` of `pw = K.constant(pos_weights)`, `pos_weights = 1 - pos_weights`):
    each `1 - X` of the visit (`ones`) whose X is a weight by _LossRoles, or the weight parameter
    itself rebound only to its own complement. [line]."""
    import ast

    out, known = {}, {}  # lines (in order); name -> whether a weight: each name's bindings read once, however many `1 - X` name it
    for e in ones:
        name = roles.plain(_one_minus(e))
        if name is None:
            continue
        if name not in known:
            weight = roles.role(name) in ("P", "N")
            if not weight:  # pos_weights = 1 - pos_weights: the parameter, and its own complement, nothing else
                bound = [v for _, v in roles.bound.get(name, [])]
                roles.spend(_len(bound))
                given = [v for v in bound if v in ("P", "N")]
                weight = _len(given) == 1 and all(v in ("P", "N") or (_isinstance(v, ast.BinOp) and _one_minus(v) is not None
                                                                      and roles.plain(_one_minus(v)) == name) for v in bound)
            known[name] = weight
        if known[name] and e.lineno not in out:
            out[e.lineno] = None
    return list(out)


def _outer_products(products, within=None):
    """The loss's outermost products, each with its factors, in the visit's order (a product before the
    products inside it, which are read as part of it: what it holds, even past a multiply kept whole,
    belongs to it): (product, factors). `within`: a set of node ids; only the products in it."""
    inner = set()
    for x in products:
        if within is not None and id(x) not in within:
            continue
        if id(x) in inner:
            _factors(x, inner)
            continue
        yield x, _factors(x, inner)


def _lone_logs(products, roles, named):
    """The loss's outermost products with one log factor (log, log10, log2), in the visit's order (a
    product before the products inside it, which are read as part of it): (its factors, that log).
    named: a name bound once to a log counts as one (the factor is then that name)."""
    import ast

    def is_log(fac):
        if named and _isinstance(fac, ast.Name):
            fac = roles.value(fac.id)
        return _isinstance(fac, ast.Call) and _callee(fac.func) in ("log", "log10", "log2")

    for x, factors in _outer_products(products):
        logs = [fac for fac in factors if is_log(fac)]
        if _len(logs) == 1:
            yield factors, logs[0]


def _predicted_labels(products, roles):
    """The lines of the loss's label factors that are the predictions (loss-prediction-as-label): a
    term, a product with one log (or a name bound once to one), another of whose factors is y_pred or
    1 - y_pred (a column, a conversion, a name bound once to one, `q = 1 - y_pred` too) outside the log:
    `neg_weights[i] * (1 - y_pred[:, i]) * np.log(1 - y_pred[:, i] + eps)`, `neg_weights * q * np.log(q + eps)`,
    at that factor. [line]."""
    def predictions(e, depth=0):
        """y_pred or 1 - y_pred (a column, a conversion), or a name bound once to one (`q = 1 - y_pred`, four deep)."""
        name = roles.plain(_one_minus(e) or e)
        if name is None:
            return False
        if roles.role(name) == "p":
            return True
        v = roles.value(name) if depth < 4 else None
        return v is not None and predictions(v, depth + 1)

    out = {}  # lines, in order
    for factors, log in _lone_logs(products, roles, True):
        for fac in factors:
            if fac is not log and predictions(fac):
                out[fac.lineno] = None
    return list(out)


def _term_sides(products, roles):
    """The loss's terms as _term_labels reads them: each outermost product with one log of a known
    side, written in it (_lone_logs), [(the log's line, "P" or "N")] (fix_sites keeps them as "lone"
    sites when every log of the loss is one of them, all of one side: the term a missing one goes beside)."""
    out = []
    for _, log in _lone_logs(products, roles, False):
        arg = _call_subject(log)[1]
        side = _log_side(arg, roles, 0) if arg is not None else None
        if side in ("P", "N"):
            out.append((log.lineno, side))
    return out


def _log_sides(roles):
    """A reader of the sides of the logs an expression holds ("P", "N", or "?" for a log of neither),
    read through names bound once (four deep), each log's side read once (_log_side counts its steps)
    and each name's once, for _reduced_apart and _averaged_terms: sides(e) -> set. Past 20,000 nodes
    read in all it raises OverflowError (the callers then give no site)."""
    import ast

    memo, logs, walked = {}, {}, [0]

    def sides(e, depth=0):
        """The sides of the logs e holds: "P", "N", or "?" for a log of neither."""
        found, todo = set(), [e]
        while todo:
            x = todo.pop()
            walked[0] += 1
            if walked[0] > 20000:
                raise OverflowError
            if _isinstance(x, ast.Call) and _callee(x.func) in ("log", "log10", "log2"):
                if id(x) not in logs:
                    arg = _call_subject(x)[1]
                    side = _log_side(arg, roles, 0) if arg is not None else None
                    logs[id(x)] = side if side in ("P", "N") else "?"
                found.add(logs[id(x)])
            elif _isinstance(x, ast.Name) and _isinstance(x.ctx, ast.Load):
                if x.id not in memo:
                    memo[x.id] = set()  # a cycle holds nothing
                    v = roles.value(x.id) if depth < 4 else None
                    memo[x.id] = sides(v, depth + 1) if v is not None else set()
                found |= memo[x.id]
            else:
                todo.extend(_child_nodes(x, ast.AST))
        return found

    return sides


_DIVIDE_CALLS = frozenset(("divide", "true_divide", "truediv", "div", "div_"))


def _divided_operand(node):
    """(What `node` divides, the divisor) when it divides by other than a `/` (for _reduced_apart): the other
    factor of a product with a reciprocal (`x * (1 / N)`, `(1. / N) * x`, `x * N ** -1`), or the dividend of
    a library's division (`np.divide(x, N)`, `tf.math.divide(x, N)`, `torch.div(x, N)`, `x.div(N)`). Else None."""
    import ast

    def reciprocal(e):
        """The divisor of a reciprocal (`1 / N`, `N ** -1`), or None."""
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Div) and _isinstance(e.left, ast.Constant) and _type(e.left.value) in (int, float):
            return e.right
        return e.left if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Pow) and _int_const(e.right) == -1 else None

    if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Mult):
        for a, b in ((node.left, node.right), (node.right, node.left)):
            if reciprocal(b) is not None and reciprocal(a) is None:
                return a, reciprocal(b)
        return None
    if _isinstance(node, ast.Call) and _callee(node.func) in _DIVIDE_CALLS and not node.keywords:
        method, subject, rest = _call_subject(node)
        return (subject, rest[0]) if subject is not None and _len(rest) == 1 else None
    return None


def _reduced_apart(calls, roles, reduced=None, divided=frozenset(), divided_nodes=()):
    """The line where the loss reduces its two terms apart (loss-mixed-reduction: `loss += -(np.mean(pos_w
    * y * np.log(p + eps)) + np.sum(neg_w * (1 - y) * np.log(1 - p + eps)))`): the reductions whose
    operand holds logs of one term only (read through names bound once), those of both terms all on
    one line. On several lines (`pos_loss = np.sum(..., axis=0)`, then `neg_loss = np.mean(..., axis=0)`),
    one of them may be right: when one term is averaged over the examples (a mean over axis 0, or of a
    class's column: `reduced`, id(call) -> its "reduction" site) and the other never is, the other's
    reductions, when they are on one line that reduces nothing of the first and none is divided (a sum
    over the examples `/ N`, or kept in a name `/=`'d: `divided`, their ids and names). [line], or [] (no telling
    which, or the terms not reduced apart). Bounded on its own (no share of _LossRoles' steps, whose
    excess drops the function's sites): past 20,000 nodes read (nested reductions read again), none."""
    import ast

    sides = _log_sides(roles)

    one_sided = []  # [(line, side, the call)]: the reductions of one term's logs
    for c in calls:
        name = _callee(c.func)
        if name not in _SITE_REDUCTIONS:
            continue
        subject = _call_subject(c)[1]
        try:
            got = sides(subject) if subject is not None else set()
        except OverflowError:
            return []
        if _len(got) == 1 and got <= {"P", "N"}:
            one_sided.append((c.lineno, got.pop(), c))
    lines = {line for line, _, _ in one_sided}
    if {side for _, side, _ in one_sided} != {"P", "N"}:
        return []
    if _len(lines) == 1:
        return list(lines)
    site = lambda c: (reduced or {}).get(id(c), {})  # noqa: E731
    averaged = {side for _, side, c in one_sided
                if site(c).get("op") == "mean" and (site(c).get("axis") == 0 or (site(c).get("axis") == "none" and site(c).get("column")))}
    if _len(averaged) != 1:
        return []
    wrong = {line for line, side, _ in one_sided if side not in averaged}
    right = {line for line, side, _ in one_sided if side in averaged}
    calls_wrong = [c for _, side, c in one_sided if side not in averaged]
    kept = {id(v) for name in divided if _isinstance(name, str) for _, v in roles.bound.get(name, [])}
    # The terms of what is divided, through names bound to them: (pos_loss + neg_loss * N) / N, total / N with
    # total = pos_loss + ..., -pos_loss * (1 / N), np.divide(pos_loss, N) divide pos_loss's sum too.
    todo, names, read = list(divided_nodes), set(), 0
    while todo and read < 2000:
        e = todo.pop()
        read += 1
        kept.add(id(e))
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Add, ast.Sub, ast.Mult)):
            todo += [e.left, e.right]
        elif _isinstance(e, ast.UnaryOp):
            todo.append(e.operand)
        elif _isinstance(e, ast.Name) and e.id not in names:
            names.add(e.id)
            todo += [v for _, v in roles.bound.get(e.id, []) if v is not None]
    if any(id(c) in divided or id(c) in kept for c in calls_wrong):
        return []
    return list(wrong) if _len(wrong) == 1 and not wrong & right else []


# Calls that gather values into one array along a new (or the first) axis: a mean of np.stack([pos, neg]) averages the two.
_GATHER_CALLS = frozenset(("array", "asarray", "stack", "tensor", "as_tensor", "convert_to_tensor", "constant", "concatenate",
                           "concat", "cat", "hstack", "vstack"))


def _averaged_terms(by_two, means, products, roles):
    """The sites where the loss averages its two terms (loss-terms-averaged): a division by 2 of what
    holds logs of both terms (`(pos + neg) / 2`, `-np.mean(terms) / 2` with terms = pos + neg), or a
    `1 / 2` bound once to a name (or written in place) that multiplies such a sum (`(pos + neg) * half`);
    a mean, over no axis or the first, of a list or stack of exactly two values, one holding logs of the
    positive term only and the other of the negative only (`np.mean([pos_loss, neg_loss])`, the list
    maybe in a name bound once). Read through names bound once. `by_two`: [(site, the division)];
    `means`: [(site, the values averaged)]. Any other division or mean (`np.mean(y_pred) / 100`,
    `np.mean(L) * C`) is none: a wrong line is worse than none. Bounded on its own: past 20,000 nodes
    read, none. [site]."""
    import ast

    sides = _log_sides(roles)

    out = []
    try:
        for site, node in by_two:
            if sides(node.left) == {"P", "N"}:
                out.append(site)
            elif _isinstance(node.left, ast.Constant) and node.left.value == 1:
                # 1 / 2 as a factor of the two terms' sum, in place or in a name bound once to it.
                half = lambda e: e is node or (_isinstance(e, ast.Name) and roles.value(e.id) is node)  # noqa: E731
                if any(_isinstance(x, ast.BinOp) and _isinstance(x.op, ast.Mult) and any(
                        half(a) and not half(b) and sides(b) == {"P", "N"} for a, b in ((x.left, x.right), (x.right, x.left))) for x in products):
                    out.append(site)
        for site, elts in means:
            if _len(elts) == 2 and not any(_isinstance(x, ast.Starred) for x in elts) \
                    and sorted(tuple(sorted(sides(x))) for x in elts) == [("N",), ("P",)]:
                out.append(site)
    except OverflowError:
        return []
    return out


def _loop_forms(root, logs, weights, classes):
    """The form of the loop each of a loss's logs is a term of, for loss-sign's fix: "comprehension"
    (`sum(np.mean(...) for i in range(len(pos_weights)))`), or "accumulated": a for loop over the
    classes (range(len(pos_weights)), range(y_true.shape[1]), range(C) with C bound to a class count,
    or an iterable that names a weight: zip(pos_weights, neg_weights)) whose body adds into a name
    (`loss += ...`). A while loop, a loop over the examples or anything unsure: none (the catalogue's
    fix, which says both forms). `logs`: [(site, the log call)]; one walk of root. {id(site): form}."""
    import ast

    comps = (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)
    inner, todo = {}, [(root, None)]  # id(node) -> its innermost loop
    while todo:
        node, loop = todo.pop()
        inner[id(node)] = loop
        here = node if _isinstance(node, (ast.For, ast.AsyncFor, ast.While) + comps) else loop
        for child in _child_nodes(node, ast.AST):
            todo.append((child, loop if _isinstance(node, (ast.For, ast.AsyncFor)) and child is node.iter else here))

    def over_classes(it):
        if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and _len(it.args) in (1, 2) \
                and not it.keywords and (_len(it.args) == 1 or (_isinstance(it.args[0], ast.Constant) and it.args[0].value == 0)):
            n = it.args[-1]
            return (n.id in classes) if _isinstance(n, ast.Name) else _class_count(n, weights, {}, classes)
        return any(_isinstance(x, ast.Name) and x.id in weights for x in _walk(it, ast.AST))

    def accumulates(loop):
        return any(_isinstance(x, ast.AugAssign) and _isinstance(x.op, (ast.Add, ast.Sub)) and _isinstance(x.target, ast.Name)
                   for st in loop.body for x in _walk(st, ast.AST))

    out, kinds = {}, {}
    for site, call in logs:
        loop = inner.get(id(call))
        if _isinstance(loop, comps):
            out[id(site)] = "comprehension"
        elif _isinstance(loop, (ast.For, ast.AsyncFor)):
            if id(loop) not in kinds:  # each loop read once, whatever number of logs it holds
                kinds[id(loop)] = over_classes(loop.iter) and accumulates(loop)
            if kinds[id(loop)]:
                out[id(site)] = "accumulated"
    return out


def _unindexed_terms(loops, products, roles):
    """The lines where a class loop's term takes its weight by the class and the whole labels or
    predictions (loss-missing-class-index): in a loop whose variable indexes a weight
    (`pos_weights[i]`), a product with that weight as a factor and the labels or the predictions
    parameter itself, not a column of it, as a factor or inside a factor's log (`pos_weights[i] *
    y_true * np.log(y_pred + eps)`). A name bound to a column (`y = y_true[:, i]`) is a column;
    what is read through an index, an attribute or another call (y_true.shape, len(y_true)) is not
    a term. [line]."""
    import ast

    reads = ("log", "log10", "log2", "log1p") + tuple(_CLIP_CALLS) + tuple(_ROLE_KEEPS)

    def whole(e):
        todo, n = [e], 0
        while todo:
            x = todo.pop()
            n += 1
            if n > 200:
                return False
            if _isinstance(x, ast.Name):
                b = roles.binding(x.id)
                if b is not None and b[1] in ("y", "p"):
                    return True
            elif _isinstance(x, (ast.Subscript, ast.Attribute, ast.Lambda)) or (_isinstance(x, ast.Call) and _callee(x.func) not in reads):
                continue
            elif _isinstance(x, ast.Call):
                todo.extend(x.args)
            else:
                todo.extend(_child_nodes(x, ast.AST))
        return False

    # Bounded on its own (no share of _LossRoles' steps, whose excess drops the function's sites): past 20,000
    # body nodes or loops times products, none.
    out, n = [], _len(loops) * _len(products)
    for target, it, body in loops:
        if not _isinstance(target, ast.Name):
            continue
        inside = set()
        for root in body:
            for node in _walk(root, ast.AST):
                inside.add(id(node))
                n += 1
                if n > 20000:
                    return []
        for x, factors in _outer_products(products, inside):
            by_class = False
            for fac in factors:
                name = roles.plain(fac.value) if _isinstance(fac, ast.Subscript) else None
                if name is not None and roles.role(name) in ("P", "N"):
                    index = _subscript_index(fac)
                    by_class = by_class or (_isinstance(index, ast.Name) and index.id == target.id)
            if by_class and any(whole(fac) for fac in factors) and x.lineno not in out:
                out.append(x.lineno)
    return out


def _mixed_terms(loops, products, roles, per_row=True):
    """The lines where a class loop's term mixes class i's column of the labels or predictions
    (`y_true[:, i]`, or a name bound to it) with what is not indexed for class i (loss-mixed-indexing):
    a weight vector taken whole (`pos_weights * y_true[:, i] * ...`: the weight's line, where its [i]
    goes), or a row i of the labels or predictions (`np.log(y_pred[i] + eps)`, or `p = y_pred[i]`:
    that line). A weight taken by the loop (`for i, (pw, nw) in enumerate(zip(...))`) or by an index
    (`w = pos_weights[i]`) is indexed. And anywhere, a weight vector taken whole times a reduction over
    the classes (`pos_weights * np.mean(terms, axis=1)`, or a name bound to one): the reduction's line,
    read only when `per_row` (the function has a reduction over axis 1 or -1). [line]."""
    import ast

    def bound_whole(name):
        """A name that holds a weight vector itself: the parameter, or names bound once to it, never through an index or a loop."""
        for _ in range(12):
            b = roles.binding(name) if name is not None else None
            if b is None:
                return False
            v = b[1]
            if v in ("P", "N"):
                return True
            if v is None or _isinstance(v, (str, tuple)) or any(_isinstance(x, ast.Subscript) for x in _walk(v, ast.AST)):
                return False
            name = roles.plain(v)
        return False

    def indexed_by(sub, var):
        """"column" for X[:, var], "row" for X[var] or X[var, :], of the labels or predictions; else None."""
        name = roles.plain(sub.value)
        if name is None or roles.role(name) not in ("y", "p"):
            return None
        index = _subscript_index(sub)
        if _isinstance(index, ast.Tuple) and _len(index.elts) == 2 and _all_slice(index.elts[0]) \
                and _isinstance(index.elts[1], ast.Name) and index.elts[1].id == var:
            return "column"
        first = index.elts[0] if _isinstance(index, ast.Tuple) and index.elts and all(_all_slice(x) for x in index.elts[1:]) else index
        return "row" if _isinstance(first, ast.Name) and first.id == var else None

    def read(fac, var):
        """(whether fac holds class var's column, [lines of rows var in it])."""
        column, rows, n = False, [], 0
        for x in _walk(fac, ast.AST):
            n += 1
            roles.spend()
            if n > 200:
                break
            at = x
            if _isinstance(x, ast.Name) and _isinstance(x.ctx, ast.Load):
                b = roles.binding(x.id)
                if b is None or not _isinstance(b[1], ast.Subscript):
                    continue
                at, x = b[0], b[1]  # y = y_true[:, i]; p = y_pred[i]: the binding's line
            if _isinstance(x, ast.Subscript):
                got = indexed_by(x, var)
                column = column or got == "column"
                if got == "row":
                    rows.append(at if _isinstance(at, int) else x.lineno)
        return column, rows

    def per_example(fac):
        """The line of a reduction over the classes (axis 1 or -1: one value per example) that fac is, or
        that the name fac is bound to once (`per_row = np.mean(..., axis=1)`: that line); else None."""
        at = fac.lineno
        if _isinstance(fac, ast.Name):
            b = roles.binding(fac.id)
            if b is None or b[1] is None or _isinstance(b[1], (str, tuple)):
                return None
            at, fac = b
        if not (_isinstance(fac, ast.Call) and _callee(fac.func) in _SITE_REDUCTIONS):
            return None
        method, subject, rest = _call_subject(fac)
        axis = [k.value for k in fac.keywords if k.arg in ("axis", "dim")] or list(rest[:1])
        return at if axis and _int_const(axis[0]) in (1, -1) and not _transposed(subject) else None

    out, n = [], _len(loops) * _len(products)
    # Without a class loop: a weight vector taken whole times a reduction over the classes (`pos_weights *
    # np.mean(terms, axis=1)`): one value per example meets one per class, where the axis is.
    for x, factors in _outer_products(products if per_row else ()):
        if any(not _isinstance(fac, ast.Subscript) and bound_whole(roles.plain(fac)) for fac in factors):
            for fac in factors:
                roles.spend()
                line = per_example(fac)
                if line is not None and line not in out:
                    out.append(line)
    for target, it, body in loops:
        if not _isinstance(target, ast.Name) or n > 20000:
            continue
        inside, taken = set(), set()
        for root in body:
            for node in _walk(root, ast.AST):
                inside.add(id(node))
                n += 1
                if n > 20000:
                    return []
                if _isinstance(node, ast.Subscript):
                    k = _subscript_index(node)
                    got = indexed_by(node, target.id) if any(_isinstance(e, ast.Name) and e.id == target.id
                                                             for e in (k.elts if _isinstance(k, ast.Tuple) else (k,))) else None
                    if got is not None:
                        taken.add(got)
        if "column" not in taken:
            continue  # no class i's column in the loop (nor a name bound to one, bound in it): no term to mix
        for x, factors in _outer_products(products, inside):
            column, wrong = False, []
            whole = [fac for fac in factors if not _isinstance(fac, ast.Subscript) and bound_whole(roles.plain(fac))]
            if not whole and "row" not in taken:
                continue  # neither a weight taken whole nor a row i in the loop: nothing mixed
            for fac in factors:
                if any(fac is w for w in whole):
                    wrong.append(fac.lineno)
                    continue
                has, rows = read(fac, target.id)
                column, wrong = column or has, wrong + rows
            if column:
                out += [line for line in wrong if line not in out]
    return out


def _rows_not_columns(loops, spreads, roles, bounds=None):
    """The lines to change for a class indexed as a row (loss-rows-not-columns): in a loop over the
    classes (range(len(pos_weights)), range(y_true.shape[1]), enumerate(pos_weights), or a name bound
    to one of those), each `y_true[i]` / `y_pred[i, :]` that takes row i; in a loop over the examples
    (range(len(y_true)), range(y_true.shape[0]), enumerate(y_true)), each `pos_weights[n]` that takes
    the weight of class n; and a weight turned into a column (`pos_weights[:, None]`,
    `.reshape(-1, 1)`, `np.expand_dims(w, 1)`, `.unsqueeze(-1)`), which multiplies down the rows.
    `loops`: [(loop variable's target, iterable, body nodes)]; `spreads`: [(weight expression, line)].
    The caller reads none of them when the loss transposes or multiplies matrices (y_true.T[i] is a
    class, pos_weights[:, None] right for y_true.T or a matmul). `bounds` gets the line of each loop
    over the examples whose variable takes columns (y_true[:, i]) and no rows: a class loop with the
    examples' bound (loss-loops-over-examples). [(line, the loop's variable for a weight indexed by
    the example, else None)]."""
    import ast

    out = []

    def role_of(e):
        name = roles.plain(e)
        return roles.role(name) if name is not None else None

    def one_row(e):
        """Whether e takes one row of what it indexes (y_true[0], y_pred[n, :]): its length is the classes'."""
        if not _isinstance(e, ast.Subscript):
            return False
        index = _subscript_index(e)
        first = index.elts[0] if _isinstance(index, ast.Tuple) and index.elts else index
        return not _isinstance(first, ast.Slice)

    def stop_kind(e, depth=0):
        """"classes" or "examples" for a loop's bound, or None."""
        if _isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and e.func.id == "len" and _len(e.args) == 1:
            r = role_of(e.args[0])
            if one_row(e.args[0]):  # len(y_true[0]): one example's classes
                return "classes" if r in ("y", "p") else None
            return "classes" if r in ("P", "N") else "examples" if r in ("y", "p") else None
        if _isinstance(e, ast.Call) and depth < 4 and not e.keywords and (
                (_isinstance(e.func, ast.Name) and e.func.id == "int" and _len(e.args) == 1)
                or (_isinstance(e.func, ast.Attribute) and e.func.attr in ("numpy", "item") and not e.args)):
            # int(y_true.shape[0]), int(tf.shape(y_true)[0]), tf.shape(y_true)[0].numpy(): the count itself.
            return stop_kind(e.args[0] if _isinstance(e.func, ast.Name) else e.func.value, depth + 1)
        if _isinstance(e, (ast.Subscript, ast.Call)):  # X.shape[k], X.size(k)
            of, k = _shape_dim(e)
            r = role_of(of) if of is not None else None
            if of is not None and one_row(of):  # y_true[0].shape[0]: one example's classes
                return "classes" if r in ("y", "p") and k in (0, -1) else None
            if r in ("y", "p") and k is not None:
                # y_true.shape[-2]: a batch of rows' first axis counted from the end, the examples'.
                return "classes" if k in (1, -1) else "examples" if k in (0, -2) else None
            return "classes" if r in ("P", "N") and k in (0, -1) else None
        if _isinstance(e, ast.Name) and depth < 4:
            v = roles.value(e.id)
            return stop_kind(v, depth + 1) if v is not None else None
        return None

    def takes(sub, var):
        index = _subscript_index(sub)
        if _isinstance(index, ast.Tuple) and index.elts:
            rest = index.elts[1:]
            if not all(_all_slice(x) for x in rest):
                return False
            index = index.elts[0]
        return _isinstance(index, ast.Name) and index.id == var

    for target, it, body in loops:
        roles.spend()
        var, kind = None, None
        if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and 1 <= _len(it.args) <= 2 \
                and _isinstance(target, ast.Name):
            var, kind = target.id, stop_kind(it.args[-1])
        elif _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "enumerate" and _len(it.args) == 1 \
                and _isinstance(target, ast.Tuple) and target.elts and _isinstance(target.elts[0], ast.Name):
            of = it.args[0]
            # enumerate(zip(pos_weights, neg_weights)): its parts say.
            parts = of.args if _isinstance(of, ast.Call) and _isinstance(of.func, ast.Name) and of.func.id == "zip" else [of]
            found = {role_of(x) for x in parts} - {None}
            var = target.elts[0].id
            kind = "classes" if found and found <= {"P", "N"} else "examples" if found and found <= {"y", "p"} else None
        if kind is None:
            continue
        # enumerate(zip(y_true, y_pred)): the loop takes the rows itself.
        found, rows, columns = [], kind == "examples" and _isinstance(it, ast.Call) and it.func.id == "enumerate", False
        k = 0
        for root in body:
            for node in _walk(root, ast.AST):
                k += 1
                roles.spend()
                if k > 5000:
                    return []
                if not (_isinstance(node, ast.Subscript) and (_isinstance(node.value, ast.Name) or _self_attribute(node.value))):
                    continue
                role = roles.role(node.value.id if _isinstance(node.value, ast.Name) else _self_attribute(node.value))
                if role in ("y", "p") and takes(node, var):
                    rows = True
                    if kind == "classes":
                        found.append((node.lineno, None))
                elif role in ("y", "p"):
                    index = _subscript_index(node)
                    columns = columns or (_isinstance(index, ast.Tuple) and any(_isinstance(x, ast.Name) and x.id == var for x in index.elts[1:]))
                    # y_true[n, c]: one entry of row n, as y_true[n][c] is.
                    rows = rows or (kind == "examples" and _isinstance(index, ast.Tuple) and index.elts
                                    and _isinstance(index.elts[0], ast.Name) and index.elts[0].id == var)
                elif role in ("P", "N") and kind == "examples" and takes(node, var):
                    found.append((node.lineno, var))
        # Over the examples, a weight indexed by the loop's variable is the mistake only when that
        # variable takes rows (y_true[n]): y_true[:, i] there makes it a class loop with the wrong
        # bound (loss-loops-over-examples), whose weights are right.
        if kind == "classes" or (rows and not columns):
            out += found
        elif columns and not rows and bounds is not None:
            bounds.append(it.lineno)  # range(len(y_true)) taking columns: the bound is the mistake
    for e, line in spreads:
        if role_of(e) in ("P", "N"):
            out.append((line, None))
    return out


def _fixed_bounds(loops, roles):
    """The lines to change for a class loop over a fixed number of classes (loss-hardcoded-classes):
    a loop whose variable takes a class (`y_true[:, i]`, `y_pred[..., i]`, `pos_weights[i]`) over
    range(14), or over range(N_CLASSES) of a name the loss never binds (the notebook's global): the
    loop's line; over a name (or a class's attribute, `self.num_classes = 14`) the loss binds once
    to a number (`num_classes = 3`): that binding's.
    A count read from the arguments (len(pos_weights), y_true.shape[1], K.int_shape(y_true)[-1]) is
    none. `loops` and `roles` as _rows_not_columns takes them."""
    import ast

    out = []
    for target, it, body in loops:
        roles.spend()
        if not (_isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and 1 <= _len(it.args) <= 2
                and _isinstance(target, ast.Name)):
            continue
        bound, line = it.args[-1], None
        k = _int_const(bound)
        if k is not None:
            line = it.lineno if k >= 2 else None
        elif (_isinstance(bound, ast.Name) or _self_attribute(bound)) and not roles.short:
            name = bound.id if _isinstance(bound, ast.Name) else _self_attribute(bound)
            if name not in roles.bound:
                line = it.lineno if _isinstance(bound, ast.Name) else None  # an attribute set where the loss cannot see: no guess
            else:
                b = roles.binding(name)
                value = b[1] if b is not None and not _isinstance(b[1], (str, tuple)) and b[1] is not None else None
                line = b[0] if value is not None and (_int_const(value) or 0) >= 2 else None
        if line is None:
            continue
        var, n = target.id, 0
        for root in body:
            for node in _walk(root, ast.AST):
                n += 1
                roles.spend()
                if n > 5000:
                    return []
                if not _isinstance(node, ast.Subscript):
                    continue
                name = roles.plain(node.value)
                role = roles.role(name) if name is not None and (_isinstance(node.value, ast.Name) or _self_attribute(node.value)) else None
                index = _subscript_index(node)
                if role in ("y", "p") and _isinstance(index, ast.Tuple) and any(_isinstance(x, ast.Name) and x.id == var for x in index.elts[1:]) \
                        or role in ("P", "N") and _isinstance(index, ast.Name) and index.id == var:
                    out.append(line)
                    break
            else:
                continue
            break
    return out


_COLUMN_CALLS = frozenset(("reshape", "expand_dims", "unsqueeze"))


def _column_call(call, name):
    """The value a call makes a column of, or None: w.reshape(-1, 1), w.reshape((C, 1)),
    np.expand_dims(w, 1), w.unsqueeze(-1), tf.expand_dims(w, axis=-1) (`name`: its _callee)."""
    import ast

    _, arg, rest = _call_subject(call)
    if arg is None:
        return None
    if name == "reshape":
        shape = rest[0].elts if _len(rest) == 1 and _isinstance(rest[0], (ast.Tuple, ast.List)) else rest
        return arg if _len(shape) == 2 and _int_const(shape[1]) == 1 and not call.keywords else None
    axis = [k.value for k in call.keywords if k.arg in ("axis", "dim")] or list(rest[:1])
    return arg if _len(axis) == 1 and _int_const(axis[0]) in (1, -1) else None


def _column_index(sub):
    """Whether a Subscript makes a column: w[:, None], w[..., np.newaxis]."""
    second = _after_whole_axis(sub)
    return second is not None and _new_axis(second)


def _clip_sites(calls, roles):
    """The lines where the loss clips the predictions (loss-clip-and-epsilon, loss-clip-instead-of-epsilon):
    np.clip / K.clip / tf.clip_by_value / torch.clamp / y_pred.clamp(...) / np.maximum of y_pred (a
    name bound to it, a column of it, or 1 - y_pred) with a bound other than 0, 1 or None."""
    import ast

    out = []

    def predictions(e):
        name = roles.plain(_one_minus(e) or e)
        return name is not None and roles.role(name) == "p"

    for node in calls:
        _, subject, rest = _call_subject(node)
        args = ([subject] if subject is not None else []) + list(rest) + [k.value for k in node.keywords if k.arg not in ("out", "dtype", "name")]
        if _len(args) < 2:
            continue
        if _callee(node.func) in ("maximum", "minimum"):
            if _len(args) == 2 and any(predictions(a) and not _trivial_bound(b) for a, b in (args, args[::-1])):
                out.append(node.lineno)
        elif predictions(args[0]) and any(not _trivial_bound(b) for b in args[1:]):
            out.append(node.lineno)
    return out


def _int_storage(nodes, labels=None):
    """The (line, made like the labels) of compute_class_freqs's integer storage arrays (freqs-integer-division
    when no `//` or integer mean is there): `pos = np.zeros_like(labels[0])` (np.empty_like, np.ones_like,
    np.full_like; torch's, tf's alike) with no float dtype (True: like the labels, no dtype given), or
    `np.zeros(C, dtype=int)`, into which the code then stores a fraction by index (`pos[c] = np.mean(labels[:, c])`):
    the labels' integer dtype rounds each stored fraction down, whatever divides. Whole numbers stored are no
    fraction (`counts[c] += 1`, `pos[c] += labels[n, c]`, a row's `row[c]` of `for row in labels`).
    `nodes`: the function's nodes; `labels`: its labels parameter's name."""
    import ast

    made = {}  # name -> (line of its storage array, made like the labels with no dtype)
    for node in nodes:
        if not (_isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Name)
                and _isinstance(node.value, ast.Call)):
            continue
        call = node.value
        name = _callee(call.func)
        words = [_dtype_word(k.value) for k in call.keywords if k.arg == "dtype"]
        if name in ("zeros_like", "empty_like", "ones_like", "full_like"):
            if name == "full_like":
                words += [_dtype_word(a) for a in call.args[2:3]]
            else:
                words += [_dtype_word(a) for a in call.args[1:2]]
            if "float" in words or any(k.arg == "dtype" and _dtype_word(k.value) is None for k in call.keywords):
                continue
        elif name in ("zeros", "empty", "ones", "full"):
            words += [_dtype_word(a) for a in call.args[(2 if name == "full" else 1):(3 if name == "full" else 2)]]
            if "int" not in words:
                continue
        else:
            continue
        like = name.endswith("_like") and not any(k.arg == "dtype" for k in call.keywords) and _len(call.args) <= (2 if name == "full_like" else 1)
        made[node.targets[0].id] = (node.lineno, like)
    # The rows of the labels (`for row in labels`, `for n, row in enumerate(labels)`): their elements are labels.
    rows = set()
    for node in nodes if labels is not None else ():
        if _isinstance(node, (ast.For, ast.comprehension)) and _isinstance(node.iter, ast.Name) and node.iter.id == labels and _isinstance(node.target, ast.Name):
            rows.add(node.target.id)
        elif _isinstance(node, (ast.For, ast.comprehension)) and _isinstance(node.iter, ast.Call) and _callee(node.iter.func) == "enumerate" \
                and node.iter.args and _isinstance(node.iter.args[0], ast.Name) and node.iter.args[0].id == labels \
                and _isinstance(node.target, ast.Tuple) and _len(node.target.elts) == 2 and _isinstance(node.target.elts[1], ast.Name):
            rows.add(node.target.elts[1].id)

    # The labels' sizes, bound once: `N = labels.shape[0]`, `N, C = labels.shape`, `n = len(labels)` (review 36b).
    def size(e):
        if _isinstance(e, ast.Subscript):
            e = e.value
        return labels is not None and (_isinstance(e, ast.Attribute) and e.attr in ("shape", "size") and _isinstance(e.value, ast.Name) and e.value.id == labels
                                       or _isinstance(e, ast.Call) and _callee(e.func) in ("len", "shape") and _len(e.args) == 1
                                       and _isinstance(e.args[0], ast.Name) and e.args[0].id == labels)
    bound = {}
    for node in nodes:
        if _isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for t in (node.targets if _isinstance(node, ast.Assign) else [node.target]):
                for n in _walk(t, ast.AST):
                    if _isinstance(n, ast.Name):
                        bound[n.id] = bound.get(n.id, 0) + 1
        elif _isinstance(node, (ast.For, ast.comprehension)):
            for n in _walk(node.target, ast.AST):
                if _isinstance(n, ast.Name):
                    bound[n.id] = 2
    sizes = set()
    for node in nodes:
        if _isinstance(node, ast.Assign) and _len(node.targets) == 1 and size(node.value):
            t = node.targets[0]
            for n in ([t] if _isinstance(t, ast.Name) else t.elts if _isinstance(t, ast.Tuple) and _isinstance(node.value, ast.Attribute) else []):
                if _isinstance(n, ast.Name) and bound.get(n.id) == 1:
                    sizes.add(n.id)

    def counted(e):
        # The labels, a part of them, or a comparison: what a sum or count of them makes is whole.
        return _isinstance(e, ast.Compare) or _isinstance(e, ast.Name) and (e.id == labels or e.id in rows) \
            or _isinstance(e, ast.Subscript) and _isinstance(e.value, ast.Name) and (e.value.id == labels or e.value.id in rows)

    def whole(e, depth=0):
        """A whole number for sure: an int (or bool) literal, an element of the labels or of an integer array
        made here, a comparison, a size of the labels (a name bound once to labels.shape[0], len(labels)), a
        sum or count of the labels or of a comparison, or a sum, difference or product of those (`counts[c] + 1`)."""
        if depth > 20:
            return False
        if _isinstance(e, ast.Constant):
            return _type(e.value) in (int, bool)
        if _isinstance(e, ast.Compare):
            return True
        if _isinstance(e, ast.Name):
            return e.id in sizes
        if size(e) and not _isinstance(e, ast.Attribute):
            return True
        if _isinstance(e, ast.Call) and _callee(e.func) in ("sum", "count_nonzero") and not e.keywords:
            _, subject, rest = _call_subject(e)
            return subject is not None and not rest and counted(subject)
        if _isinstance(e, ast.Subscript) and _isinstance(e.value, ast.Name):
            return e.value.id == labels or e.value.id in rows or (e.value.id in made and e.value.id not in stored)
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Add, ast.Sub, ast.Mult)):
            return whole(e.left, depth + 1) and whole(e.right, depth + 1)
        if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.USub, ast.UAdd)):
            return whole(e.operand, depth + 1)
        if _isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and e.func.id in ("int", "bool") and _len(e.args) == 1:
            return True
        return False

    def fraction(e):
        # What is stored may be a fraction unless it is plainly a count (np.sum(labels[:, c]),
        # labels[:, c].sum(), np.count_nonzero(...), len(...)) with no division in it: counts stored into
        # an integer array are whole numbers it holds exactly (review 35b), as are whole numbers added (review 36).
        if whole(e):
            return False
        if not (_isinstance(e, ast.Call) and _callee(e.func) in ("sum", "nansum", "count_nonzero", "len", "count", "reduce_sum")):
            return True
        for k, x in enumerate(_walk(e, ast.AST)):
            if k > 500 or _isinstance(x, ast.BinOp) and _isinstance(x.op, ast.Div) or _isinstance(x, ast.Call) and _callee(x.func) in ("mean", "average", "reduce_mean"):
                return True
        return False

    stored, rebound = set(), set()
    writes = []  # (the array stored into by index, the statement)
    for node in nodes:
        if _isinstance(node, ast.Assign):
            for t in node.targets:
                if _isinstance(t, ast.Name) and t.id in made and made[t.id][0] != node.lineno:
                    rebound.add(t.id)  # pos = pos.astype(float) after it was made: no longer that array
        targets = node.targets if _isinstance(node, ast.Assign) else [node.target] if _isinstance(node, ast.AugAssign) else []
        for t in targets:
            if _isinstance(t, ast.Subscript) and _isinstance(t.value, ast.Name) and t.value.id in made and getattr(node, "value", None) is not None:
                writes.append((t.value.id, node))
    # An element of such an array is a whole number while that array is stored none but whole numbers:
    # `neg[c] = 1 - pos[c]` stores a fraction once pos does. Read again until no more arrays are found.
    for _ in range(_len(made) + 1):
        before = _len(stored)
        for name, node in writes:
            if name not in stored and (_isinstance(node, ast.AugAssign) and _isinstance(node.op, ast.Div) or fraction(node.value)):
                stored.add(name)
        if _len(stored) == before:
            break
    return sorted(made[n] for n in stored - rebound)


def _freqs_fixed_counts(fn, nodes):
    """The lines to change for compute_class_freqs on a fixed number of classes (freqs-hardcoded-classes):
    a loop `for c in range(K)` whose body takes the labels' column c (`labels[:, c]`), and each
    `np.zeros(K)` / `np.ones(K)` / `np.empty(K)` / `np.full(K, ...)` of the same K, where K is a
    literal of at least 2 or a name the function never binds (the notebook's N_CLASSES): their
    lines. A local name bound once to such a literal (`num_classes = 14`): that binding's line
    instead. A count read from the labels (labels.shape[1]) is none. `nodes`: fn's nodes, as
    fix_sites's visit met them (fn is walked once)."""
    import ast

    params = fn.args.posonlyargs + fn.args.args
    if not params:
        return []
    labels = params[0].arg
    stored = {}  # name -> [the value of each plain `name = value`, or None for any other binding]
    for node in nodes:
        if _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Name):
            stored.setdefault(node.targets[0].id, []).append(node)
        elif _isinstance(node, ast.Name) and not _isinstance(node.ctx, ast.Load):
            stored.setdefault(node.id, []).append(None)
        elif _isinstance(node, ast.arg):
            stored.setdefault(node.arg, []).append(None)
    for node in nodes:  # a plain assignment's own target was counted twice: once as the Assign, once as a Store
        if _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Name):
            stored[node.targets[0].id].remove(None)

    def fixed(e):
        """(key, line) for a fixed count: the literal's or the unbound name's own line, a local binding's line; else None."""
        k = _int_const(e)
        if k is not None:
            return (("literal", k), e.lineno) if k >= 2 else None
        if not _isinstance(e, ast.Name):
            return None
        bound = stored.get(e.id)
        if not bound:
            return ("name", e.id), e.lineno
        if _len(bound) == 1 and bound[0] is not None and (_int_const(bound[0].value) or 0) >= 2:
            return ("name", e.id), bound[0].lineno
        return None

    out, keys, filled = [], set(), set()
    for node in nodes:
        if not (_isinstance(node, (ast.For, ast.AsyncFor)) and _isinstance(node.target, ast.Name)
                and _isinstance(node.iter, ast.Call) and _isinstance(node.iter.func, ast.Name) and node.iter.func.id == "range"
                and 1 <= _len(node.iter.args) <= 2 and not node.iter.keywords):
            continue
        var = node.target.id
        inside = [x for root in node.body for x in _walk(root, ast.AST)]
        column = any(_isinstance(x, ast.Subscript) and _isinstance(x.value, ast.Name) and x.value.id == labels
                     and _isinstance(_after_whole_axis(x), ast.Name) and _after_whole_axis(x).id == var for x in inside)
        if not column:
            continue
        # The arrays this column loop fills by its variable (`pos[c] = ...`), whatever bounds it.
        filled.update(x.value.id for x in inside if _isinstance(x, ast.Subscript) and _isinstance(x.ctx, ast.Store)
                      and _isinstance(x.value, ast.Name) and _isinstance(_subscript_index(x), ast.Name) and _subscript_index(x).id == var)
        got = fixed(node.iter.args[-1])
        if got is not None:
            keys.add(got[0])
            line = node.lineno if got[1] == node.iter.args[-1].lineno else got[1]
            if line not in out:
                out.append(line)
    # An array of the fixed count: made for the fixed loop's count, or filled by a column loop of
    # the labels' own count (`np.zeros(14)` filled over range(labels.shape[1])). np.zeros((14,)) too.
    made = {id(n.value): n.targets[0].id for n in nodes if _isinstance(n, ast.Assign) and _len(n.targets) == 1 and _isinstance(n.targets[0], ast.Name)}
    for node in nodes:
        if (keys or filled) and _isinstance(node, ast.Call) and _callee(node.func) in ("zeros", "ones", "empty", "full") and node.args:
            k = node.args[0]
            k = k.elts[0] if _isinstance(k, ast.Tuple) and _len(k.elts) == 1 else k
            got = fixed(k)
            if got is not None and (got[0] in keys or made.get(id(node)) in filled):
                line = node.lineno if got[1] == k.lineno else got[1]
                if line not in out:
                    out.append(line)
    return sorted(out)


# Calls that gather a comprehension's values into one array (`np.array([...])`, `np.fromiter((...), float)`,
# `torch.stack([...])`), values kept: an array of counts is counts.
_COUNT_GATHERS = frozenset(("array", "asarray", "fromiter", "stack", "tensor", "as_tensor", "constant", "convert_to_tensor",
                            "list", "tuple", "hstack"))


def _mapped(e):
    """`map(f, it)` of one iterable as the generator it makes, `(f(x) for x in it)`, for
    _counted_comprehension (`list(map(np.sum, labels.T))`, `map(lambda c: np.sum(labels[:, c]), range(C))`:
    a lambda of one parameter gives its body); None for anything else."""
    import ast

    if not (_isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and e.func.id == "map" and _len(e.args) == 2
            and not e.keywords and not any(_isinstance(a, ast.Starred) for a in e.args)):
        return None
    f, it = e.args
    if _isinstance(f, ast.Lambda):
        a = f.args
        if a.posonlyargs or a.vararg or a.kwonlyargs or a.kwarg or a.defaults or _len(a.args) != 1:
            return None
        target, elt = ast.Name(id=a.args[0].arg, ctx=ast.Store()), f.body
    elif _isinstance(f, (ast.Name, ast.Attribute)):
        target = ast.Name(id="_wl_mapped", ctx=ast.Store())
        elt = ast.Call(func=f, args=[ast.Name(id="_wl_mapped", ctx=ast.Load())], keywords=[])
    else:
        return None
    gen = ast.GeneratorExp(elt=elt, generators=[ast.comprehension(target=target, iter=it, ifs=[], is_async=0)])
    return ast.fix_missing_locations(ast.copy_location(gen, e))


def _counted_comprehension(e, is_labels, count):
    """For _undivided: whether a list or generator comprehension, maybe gathered into an array
    (_COUNT_GATHERS), makes counts (freqs-counts), each value a count by `count` (count(e, loop_vars)):
    over the classes by their index (`[np.sum(labels[:, c]) for c in range(labels.shape[1])]`, the
    index allowed as one), over the labels' columns (`[col.sum() for col in labels.T]`, `zip(*labels)`:
    each column read as the labels, of which it is a part), or over a list of counts (`[N - p for p in
    pos]`: each element read as the list). One `for`, no `if`; None when e is no comprehension."""
    import ast
    import copy

    if _isinstance(e, ast.Call) and not _call_subject(e)[0] and _callee(e.func) in _COUNT_GATHERS and e.args \
            and (_isinstance(e.args[0], (ast.ListComp, ast.GeneratorExp)) or _mapped(e.args[0]) is not None):
        e = e.args[0]
    e = _mapped(e) or e
    if not _isinstance(e, (ast.ListComp, ast.GeneratorExp)):
        return None
    if _len(e.generators) != 1 or e.generators[0].ifs or e.generators[0].is_async:
        return False
    gen = e.generators[0]
    it, target = gen.iter, gen.target
    if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords:
        names = tuple(n.id for n in _walk(target, ast.AST) if _isinstance(n, ast.Name))
        return count(e.elt, names)
    if not _isinstance(target, ast.Name):
        return False
    # What each element stands for: the labels (of a transposed or unzipped labels), or the list iterated.
    whole = None
    if _isinstance(it, ast.Attribute) and it.attr == "T":
        whole = it.value
    elif _isinstance(it, ast.Call) and _call_subject(it)[0] and _callee(it.func) in ("t", "transpose") and not it.args and not it.keywords:
        whole = it.func.value
    elif _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "zip" and _len(it.args) == 1 \
            and _isinstance(it.args[0], ast.Starred) and not it.keywords:
        whole = it.args[0].value
    if whole is not None and not (_isinstance(whole, ast.Name) and is_labels(whole.id)):
        return False
    if whole is None and not _isinstance(it, ast.Name):
        return False
    stand_in = (whole if whole is not None else it).id
    for k, _ in enumerate(_walk(e.elt, ast.AST)):
        if k >= 200:
            return False  # a value too long to copy: no count
    elt = copy.deepcopy(e.elt)
    for n in _walk(elt, ast.AST):
        if _isinstance(n, ast.Name) and n.id == target.id:
            n.id = stand_in
    return count(elt, ())


def _n_minus_fraction(fn, bound, nodes=None):
    """The lines where compute_class_freqs takes a fraction from the count of examples
    (freqs-n-minus-positive, learners 34): `N - positive_frequencies` with the positives a division or
    a mean (`np.sum(labels, axis=0) / N`, `labels.mean(axis=0)`), written there or in a name bound once
    (`bound`: name -> its one value), and N a count of examples (`labels.shape[0]`, `len(labels)`, a name
    bound once to one). A count less a count (`N - np.sum(labels, axis=0)`: freqs-counts') is none.
    `nodes`: fn's nodes as fix_sites' visit listed them (its `met`), so that fn is not walked again."""
    import ast

    def through(e):
        return bound.get(e.id) if _isinstance(e, ast.Name) else e

    def fraction(e):
        e = through(e)
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Div):
            return True
        return _isinstance(e, ast.Call) and _callee(e.func) in ("mean", "average", "reduce_mean")

    lines, steps = [], 0
    for node in _walk(fn, ast.AST) if nodes is None else nodes:
        steps += 1
        if steps > 20000:
            return []
        if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Sub):
            count = through(node.left)
            if count is not None and _examples_count(count) and not _entries_count(count) and fraction(node.right) \
                    and node.lineno not in lines:
                lines.append(node.lineno)
    return lines


_COPY_METHODS = frozenset(("numpy", "detach", "cpu", "copy", "clone", "tolist"))


_FILLING_METHODS = frozenset(("append", "extend", "insert", "fill", "fill_", "copy_", "add_", "sub_", "mul_", "div_",
                              "zero_", "put", "itemset", "resize", "assign", "assign_add", "assign_sub", "update", "setdefault"))


def _copied_sides(fn, assigns, others, nodes=None):
    """The lines where compute_class_freqs makes its two frequencies the same way (freqs-same-both-sides,
    learners 34: a copied line not changed): its one return gives two names, each bound once, to the
    same expression (`negative_frequencies = np.sum(labels == 1, axis=0) / N` under the positives'
    identical line): both assignments; one name bound to the other (`neg = pos`, `neg = pos.copy()`,
    frameworks 34): that binding; one name returned twice (`return pos, pos`): the return. Each
    maybe converted (`pos.numpy()`, `np.asarray(neg)`, `t.detach().cpu()`). A name bound any other
    way too (`neg = 1 - neg`, `neg *= -1`, a loop's target, `neg[i] = ...`), filled by a method
    (`neg.append(...)`, `neg.fill_(0)`, np.copyto(neg, ...)), a name the expression reads rebound
    between the two lines (`labels = 1 - labels`), or a walk cut short: none. `nodes`: fn's nodes,
    as fix_sites's visit met them (a walk when given none)."""
    import ast

    returns = [st for st in fn.body if _isinstance(st, ast.Return)]
    if _len(returns) != 1 or not _isinstance(returns[0].value, (ast.Tuple, ast.List)) or _len(returns[0].value.elts) != 2:
        return []
    if any(node is None for k, node in others):
        return []

    def bare(e):
        # The value under conversions that keep it (a copy, a tensor's numpy(), np.asarray(x)).
        for _ in range(6):
            if not _isinstance(e, ast.Call) or e.keywords:
                break
            if not e.args and _isinstance(e.func, ast.Attribute) and e.func.attr in _COPY_METHODS:
                e = e.func.value
            elif _len(e.args) == 1 and _isinstance(e.func, ast.Attribute) and e.func.attr in ("asarray", "array"):
                e = e.args[0]
            else:
                break
        return e

    a, b = (bare(e) for e in returns[0].value.elts)
    if not (_isinstance(a, ast.Name) and _isinstance(b, ast.Name)):
        return []
    if a.id == b.id:
        return [returns[0].lineno]
    bound = {}
    for k, node in assigns:
        bound.setdefault(node.targets[0].id, []).append(node)
    elsewhere = set()  # names bound some other way too: neg *= -1, a loop's target, an unpacking
    for k, node in others:
        for t in (node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None)]):
            for n in (_walk(t, ast.AST) if t is not None else ()):
                if _isinstance(n, ast.Name):
                    elsewhere.add(n.id)
    first, second = bound.get(a.id, []), bound.get(b.id, [])
    if _len(first) != 1 or _len(second) != 1 or a.id in elsewhere or b.id in elsewhere:
        return []
    # Filled after it is made (`pos = np.zeros(C)` then `pos[i] = ...` or `pos.append(...)` in a
    # class loop): its binding is not its value.
    for node in (nodes if nodes is not None else _walk(fn, ast.AST)):
        if not _isinstance(node, ast.Call):
            continue
        f = node.func
        if _isinstance(f, ast.Attribute) and f.attr in _FILLING_METHODS and _isinstance(f.value, ast.Name) and f.value.id in (a.id, b.id):
            return []
        if _callee(f) in ("copyto", "put", "place", "putmask") and node.args and _isinstance(node.args[0], ast.Name) and node.args[0].id in (a.id, b.id):
            return []
    for made, copy, other in ((first[0], second[0], a.id), (second[0], first[0], b.id)):
        value = bare(copy.value)
        if _isinstance(value, ast.Name) and value.id == other and made.lineno < copy.lineno:
            return [copy.lineno]  # neg = pos: the name bound to the other
    if ast.dump(first[0].value) != ast.dump(second[0].value):
        return []
    # One expression, but a name it reads rebound between the two lines (`labels = 1 - labels`,
    # `labels -= 1`): two values, none.
    lo, hi = sorted((first[0].lineno, second[0].lineno))
    reads = {n.id for n in _walk(first[0].value, ast.AST) if _isinstance(n, ast.Name)}
    for k, node in assigns + others:
        if lo < getattr(node, "lineno", lo) < hi:
            targets = node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            if any(_isinstance(n, ast.Name) and n.id in reads for t in targets if t is not None for n in _walk(t, ast.AST)):
                return []
    return sorted({first[0].lineno, second[0].lineno})


_FREQ_KEEPS = frozenset(("mean", "sum", "average", "nanmean", "nansum", "count_nonzero", "reduce_mean", "reduce_sum",
                         "astype", "float", "double", "cast", "asarray", "array", "as_tensor", "tensor", "to", "type", "float32",
                         "float64", "numpy", "detach", "cpu", "copy", "clone", "convert_to_tensor", "constant"))


def _swapped_freqs(fn, assigns, others):
    """The lines where compute_class_freqs computes each frequency into the other's name
    (freqs-swapped, its return naming them in order: `positive_frequencies = np.mean(labels == 0,
    axis=0)`): its one `return pos, neg` (_named_in_order) of names each bound once, each read down
    through names bound once (never otherwise) to where it reads the labels (fn's first parameter) and
    which side it counts: the labels themselves or their 1s (`labels == 1`, `labels > 0.5`, `labels !=
    0`) the positives; `1 - labels`, `labels == 0`, `~labels`, logical_not(labels), `N - np.sum(labels,
    axis=0)` (N a count of examples) the negatives; a mean, sum, count, division or cast keeps the side.
    The line of the binding that reads the labels, for each name that counts the other side: both lines
    when both are computed swapped, one when the other is made from it (`neg = 1 - pos`). An array
    bound once and filled by one `pos[c] = ...` (a class loop's) is read through that fill, a column
    labels[:, c] as the labels (lines 36c). Anything not read for sure (a list appended to, an array
    filled twice, another name of the labels): none."""
    import ast

    params = fn.args.posonlyargs + fn.args.args if _isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    returns = [st for st in fn.body if _isinstance(st, ast.Return)]
    if not params or _len(returns) != 1 or not _named_in_order(returns[0].value):
        return []
    labels = params[0].arg
    if any(node is None for k, node in others):
        return []  # the walk stopped short: a name may be bound again further on
    bound, elsewhere = {}, {labels}
    for k, node in assigns:
        bound.setdefault(node.targets[0].id, []).append(node)
    for k, node in others:
        for t in (node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None)]):
            for n in (_walk(t, ast.AST) if _isinstance(t, ast.AST) else ()):
                if _isinstance(n, ast.Name) and not _isinstance(n.ctx, ast.Load):
                    elsewhere.add(n.id)  # a subscript target's array (Load) is read below
    # Filled in place (`pos.append(...)`, `pos[c] = ...` is a Subscript target: an other binder of no name).
    # An array bound once by name (pos = np.zeros(C)) and filled by one `pos[c] = ...` of a class loop is read
    # through that fill (lines 36c): its value is the side it counts, at the fill's line.
    fills = {}
    for k, node in others:
        if _isinstance(node, (ast.Assign, ast.AugAssign)):
            for t in (node.targets if _isinstance(node, ast.Assign) else [node.target]):
                if _isinstance(t, ast.Subscript) and _isinstance(t.value, ast.Name):
                    one_fill = _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(_subscript_index(t), ast.Name)
                    fills.setdefault(t.value.id, []).append(node if one_fill else None)
    filled = {name: nodes[0] for name, nodes in fills.items() if _len(nodes) == 1 and nodes[0] is not None and name not in elsewhere
              and _len(bound.get(name, [])) == 1 and _isinstance(bound[name][0].value, ast.Call)}
    elsewhere.update(name for name in fills if name not in filled)

    def one(v):
        return _isinstance(v, ast.Constant) and _type(v.value) in (int, float, bool) and v.value == 1

    def zero(v):
        return _isinstance(v, ast.Constant) and _type(v.value) in (int, float, bool) and v.value == 0

    def count(e, depth):
        """A count of examples: len(labels), labels.shape[0], or a name bound once to one."""
        if _isinstance(e, ast.Name) and depth < 6 and e.id not in elsewhere and _len(bound.get(e.id, [])) == 1:
            return count(bound[e.id][0].value, depth + 1)
        if _isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and e.func.id in ("int", "float") and _len(e.args) == 1:
            return count(e.args[0], depth + 1)
        return _examples_count(e) and not _entries_count(e)

    def column(e):
        """labels[:, c] (c a name) of labels filled into a class loop's array: the labels' own values."""
        k = _subscript_index(e) if _isinstance(e, ast.Subscript) else None
        return bool(filled) and k is not None and _isinstance(e.value, ast.Name) and e.value.id == labels and _isinstance(k, ast.Tuple) and _len(k.elts) == 2 \
            and _isinstance(k.elts[0], ast.Slice) and k.elts[0].lower is None and k.elts[0].upper is None and _isinstance(k.elts[1], ast.Name)

    def compared(e):
        """+1 / -1 for `labels == 1` / `labels == 0` and the like, None for any other comparison."""
        left = e.left
        while _isinstance(left, ast.Call) and _callee(left.func) in _FREQ_KEEPS and _callee(left.func) not in _SITE_REDUCTIONS:
            left = _call_subject(left)[1]  # torch.as_tensor(labels) == 0, labels.float() == 1
        if _len(e.ops) != 1 or not (_isinstance(left, ast.Name) and left.id == labels or column(left)):
            return None
        op, c = e.ops[0], e.comparators[0]
        if not (_isinstance(c, ast.Constant) and _type(c.value) in (int, float, bool)):
            return None
        v = c.value
        if _isinstance(op, (ast.Eq, ast.Is)):
            return 1 if v == 1 else -1 if v == 0 else None
        if _isinstance(op, (ast.NotEq, ast.IsNot)):
            return 1 if v == 0 else -1 if v == 1 else None
        if _isinstance(op, ast.Gt):
            return 1 if 0 <= v < 1 else None
        if _isinstance(op, ast.GtE):
            return 1 if 0 < v <= 1 else None
        if _isinstance(op, ast.Lt):
            return -1 if 0 < v <= 1 else None
        if _isinstance(op, ast.LtE):
            return -1 if 0 <= v < 1 else None
        return None

    def side(e, line, depth=0):
        """(+1 the positives / -1 the negatives, the line of the binding that reads the labels), or None."""
        if depth > 12:
            return None
        if column(e):
            return (1, line)
        if _isinstance(e, ast.Subscript) and _isinstance(e.value, ast.Name) and e.value.id in filled and _isinstance(_subscript_index(e), ast.Name):
            e = e.value  # neg[c] of neg filled in the loop: what neg holds
        if _isinstance(e, ast.Name) and e.id in filled:
            return side(filled[e.id].value, filled[e.id].lineno, depth + 1)
        if _isinstance(e, ast.Name):
            if e.id == labels:
                return (1, line)
            nodes = bound.get(e.id, [])
            if e.id in elsewhere or _len(nodes) != 1:
                return None
            return side(nodes[0].value, nodes[0].lineno, depth + 1)
        if _isinstance(e, ast.Compare):
            sign = compared(e)
            return (sign, line) if sign is not None else None
        if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.Invert, ast.Not)):
            inner = side(e.operand, line, depth + 1)
            return (-inner[0], inner[1]) if inner is not None else None
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Sub) and (one(e.left) or count(e.left, 0)):
            inner = side(e.right, line, depth + 1)
            return (-inner[0], inner[1]) if inner is not None else None
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Div):
            return side(e.left, line, depth + 1)  # a count over the examples: the same side
        if _isinstance(e, ast.Call):
            name = _callee(e.func)
            if name in ("equal", "eq", "not_equal", "ne") and not e.keywords and _len(e.args) + bool(_call_subject(e)[0]) == 2:
                # np.equal(labels, 0), K.equal(labels, 1), tf.not_equal(labels, 0), torch.eq(labels, 0), labels.eq(1)
                method, subject, rest = _call_subject(e)
                pair = [subject] + list(rest) if method else list(e.args)
                op = ast.Eq() if name in ("equal", "eq") else ast.NotEq()
                sign = compared(ast.Compare(left=pair[0], ops=[op], comparators=[pair[1]])) if _len(pair) == 2 else None
                return (sign, line) if sign is not None else None
            if name == "logical_not" and _len(e.args) == 1:
                inner = side(e.args[0], line, depth + 1)
                return (-inner[0], inner[1]) if inner is not None else None
            if name in _FREQ_KEEPS:
                subject = _call_subject(e)[1]
                return side(subject, line, depth + 1) if subject is not None else None
        return None

    # The labels rebound (`labels = torch.as_tensor(labels, ...)`): only as themselves, converted; any
    # other binding (`labels = 1 - labels`, `labels -= 1`, a loop's target) leaves no side sure.
    if any(labels == n.id for k, node in others if not _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
           for t in (node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None)])
           for n in (_walk(t, ast.AST) if _isinstance(t, ast.AST) else ()) if _isinstance(n, ast.Name)):
        return []
    for node in bound.get(labels, []):
        kept = node.value
        while _isinstance(kept, ast.Call) and _callee(kept.func) in _FREQ_KEEPS and _callee(kept.func) not in _SITE_REDUCTIONS:
            kept = _call_subject(kept)[1]
        if not (_isinstance(kept, ast.Name) and kept.id == labels):
            return []
    a, b = returns[0].value.elts
    lines = set()
    for name, want in ((a, 1), (b, -1)):
        got = side(name, returns[0].lineno)
        if got is None:
            return []  # a side not read for sure: neither is told
        if got[0] != want:
            lines.add(got[1])
    return sorted(lines)


def _undivided(fn, assigns, others, held):
    """The lines where compute_class_freqs makes a frequency it returns as a count, never divided
    (freqs-counts): its one return gives two values, and each that is a count (np.sum(labels,
    axis=0), labels.sum(dim=0), np.count_nonzero(...), maybe converted, or a count of examples minus
    one: N - np.sum(labels, axis=0)), itself or through names bound once (`pos = np.sum(labels,
    axis=0)`, `pos = counts`), is named where it is made: the return's value, or the returned name's
    assignment (where `/ N` goes). A value with any other arithmetic (`np.sum(...) * inv`, `/ N`),
    a name bound twice or divided in place (`pos /= N`), a sum of an array the function rebinds
    (`labels /= N` first), a mean: none."""
    import ast

    if any(node is None for k, node in others):
        return []
    bound = {}
    for k, node in assigns:
        bound.setdefault(node.targets[0].id, []).append(node)
    elsewhere = set()  # names bound some other way too: pos /= N, a loop's target, an unpacking
    for k, node in others:
        for t in (node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None)]):
            for n in (_walk(t, ast.AST) if t is not None else ()):
                if _isinstance(n, ast.Name):
                    elsewhere.add(n.id)

    def value_of(name):
        nodes = bound.get(name, [])
        return nodes[0] if _len(nodes) == 1 and name not in elsewhere else None

    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]

    def labels_as_passed(name, depth=0):
        # The labels parameter itself, or a name bound once to it converted whole (labels =
        # torch.as_tensor(labels), y = tf.cast(labels, tf.float32), labels.float()): counts of it are counts.
        node = value_of(name)
        if node is None:
            return name in params[:1] and name not in bound and name not in elsewhere
        e = node.value
        for _ in range(6):
            if not _isinstance(e, ast.Call):
                break
            method, subject = _call_subject(e)[:2]
            name_ = _callee(e.func)
            if not (name_ in _LABEL_CONVERSIONS or method and name_ in _TENSOR_CONVERSIONS or not method and name_ in _COUNT_CALLS):
                return False
            e = subject
        if not _isinstance(e, ast.Name) or depth > 6:
            return False
        return e.id in params[:1] if e.id == name else labels_as_passed(e.id, depth + 1)

    def count(e, depth=0, loop_vars=()):
        if depth > 6:
            return False
        made = _counted_comprehension(e, labels_as_passed, lambda x, names: count(x, depth + 1, names))
        if made is not None:
            return made
        if _isinstance(e, ast.Call):
            name = _callee(e.func)
            if _SITE_REDUCTIONS.get(name) == "sum" or name == "count_nonzero":
                # Of the labels as passed: a sum of an array the function rebinds or divides in place
                # (labels /= N; lab = labels / N) may well be a fraction, and so may a sum of scaled
                # labels (np.sum(labels / N, axis=0), np.sum(np.divide(labels, N), axis=0)): only + and -.
                # A class loop's variable is allowed as an index only (np.sum(labels[:, c])).
                indexed = {id(n) for sub in _walk(e, ast.AST) if _isinstance(sub, ast.Subscript)
                           for n in _walk(sub.slice, ast.AST) if _isinstance(n, ast.Name) and n.id in loop_vars} if loop_vars else set()
                return not any((_isinstance(n, ast.Name) and (n.id in bound or n.id in elsewhere) and not labels_as_passed(n.id)
                                and id(n) not in indexed)
                               or (_isinstance(n, ast.BinOp) and not _isinstance(n.op, (ast.Add, ast.Sub)))
                               or (_isinstance(n, ast.Call) and _callee(n.func) in _SCALES) for n in _walk(e, ast.AST))
            method = _call_subject(e)[0]
            if method and (name in _COUNT_METHODS or name in _TENSOR_CONVERSIONS):
                return count(e.func.value, depth + 1, loop_vars)
            if not method and name in _COUNT_CALLS and _len(e.args) == 1:
                return count(e.args[0], depth + 1, loop_vars)
            return False
        if _isinstance(e, ast.BinOp) and _isinstance(e.op, ast.Sub):
            return _is_examples(e.left, held) and count(e.right, depth + 1, loop_vars)
        if _isinstance(e, ast.Name):
            node = value_of(e.id)
            return node is not None and count(node.value, depth + 1)
        return False

    returns = [st for st in fn.body if _isinstance(st, ast.Return)]
    if _len(returns) != 1 or not _isinstance(returns[0].value, (ast.Tuple, ast.List)) or _len(returns[0].value.elts) != 2:
        return []
    def converted_name(e):
        # The name a returned count converts, values kept (`pos.numpy()`, `np.asarray(pos)`,
        # `neg.astype(float)`): its assignment is where the count is made, as for `return pos, neg`.
        for _ in range(6):
            if not _isinstance(e, ast.Call):
                break
            method = _call_subject(e)[0]
            name = _callee(e.func)
            if method and (name in _COUNT_METHODS or name in _TENSOR_CONVERSIONS):
                e = e.func.value
            elif not method and name in _COUNT_CALLS and _len(e.args) == 1:
                e = e.args[0]
            else:
                break
        return e

    def appends(name):
        """The lines of `name.append(x)` when `name` is a list started empty (`pos = []`, `pos, neg = [], []`),
        filled only so, each in a for loop and each x a count (`pos.append(np.sum(labels[:, c]))`,
        the loop's variable as an index); else None."""
        empty = lambda v: (_isinstance(v, ast.List) and not v.elts) or (  # noqa: E731
            _isinstance(v, ast.Call) and _callee(v.func) == "list" and not v.args and not v.keywords)
        starts = [node.value for node in bound.get(name, [])]
        for k, node in others:
            if _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Tuple) \
                    and _isinstance(node.value, ast.Tuple) and _len(node.value.elts) == _len(node.targets[0].elts):
                starts += [v for t, v in zip(node.targets[0].elts, node.value.elts) if _isinstance(t, ast.Name) and t.id == name]
            elif any(_isinstance(n, ast.Name) and n.id == name for t in (node.targets if _isinstance(node, ast.Assign)
                     else [getattr(node, "target", None)]) if t is not None for n in _walk(t, ast.AST)):
                return None  # pos += ..., a loop's target, an unpacking of something else
        if _len(starts) != 1 or not empty(starts[0]):
            return None
        # Every use of the list, with the loop variables around it (iteratively: no recursion on deep nesting).
        lines, parents, todo = [], {}, [(fn, ())]
        returned = {id(n) for n in _walk(returns[0], ast.AST)}  # the return converts it (np.array(pos)): converted_name's
        while todo:
            node, loop_vars = todo.pop()
            if _len(parents) > 20000:
                return None
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
                inner = loop_vars
                if _isinstance(node, (ast.For, ast.AsyncFor)) and child in node.body:
                    inner = loop_vars + tuple(n.id for n in _walk(node.target, ast.AST) if _isinstance(n, ast.Name))
                if _isinstance(child, ast.Name) and child.id == name and _isinstance(child.ctx, ast.Load) and id(child) not in returned:
                    lines.append((node, inner))  # the use's parent: the .append attribute, or anything else
                todo.append((child, inner))
        out_lines = []
        for node, loop_vars in lines:
            call = parents.get(id(node))
            if not loop_vars or not _isinstance(node, ast.Attribute) or node.attr != "append" or not _isinstance(call, ast.Call) or call.func is not node \
                    or _len(call.args) != 1 or call.keywords or not count(call.args[0], 0, loop_vars):
                return None
            out_lines.append(call.lineno)
        return out_lines or None

    out = []
    for e in returns[0].value.elts:
        inner = converted_name(e)
        filled = appends(inner.id) if _isinstance(inner, ast.Name) else None
        if filled:
            out += filled
            continue
        if not count(e):
            continue
        node = value_of(inner.id) if _isinstance(inner, ast.Name) else None
        out.append(node.lineno if node is not None else e.lineno)
    return out


def _reduction_axis(call):
    """A reduction call's axis as written (`axis=0`, `dim=0`, `x.sum(0)`, `np.sum(x, 0)`): its int
    (_int_const), "none" when no axis is given (or `axis=None`), or None for any other (a name, a tuple)."""
    import ast

    method = _call_subject(call)[0]
    given = [k.value for k in call.keywords if k.arg in ("axis", "dim")]
    if not given and _len(call.args) > (0 if method else 1):
        given = [call.args[0 if method else 1]]
    if not given or (_isinstance(given[0], ast.Constant) and given[0].value is None):
        return "none"
    return _int_const(given[0])


def _sums_class_mean(calls, roles):
    """The lines where the loss takes the mean over the classes of its sums over the examples
    (loss-wrong-axis: the per-class sums averaged over the classes, the whole sum divided by C):
    `L.sum(0).mean()`, `np.mean(np.sum(L, axis=0))`, `torch.sum(L, dim=0).mean()`, `K.mean(K.sum(L,
    axis=0))`, the sums maybe negated and in a name bound once (`per_class = -L.sum(0)`, then
    `per_class.mean()`), a comprehension of each class's sum (`np.mean([np.sum(L[:, i]) for i in
    range(C)])`, a column's sum over no axis), or a list started empty that a class loop appends
    each class's sum to (`losses.append(-np.sum(L[:, i]))`, then `np.mean(losses)`): the mean's line
    and the sums' (both change: the mean over axis 0, then the sum). The sums must hold the loss's
    logs (read through names bound once): a mean of anything else, a mean over an axis, a sum over
    the classes or over no axis (but a column's), none; so is `np.average` (weighted), and a list
    filled any other way too. Bounded: past _log_sides' 20,000 nodes, none."""
    import ast

    sides = _log_sides(roles)

    def column(e):
        """Whether e reads a column (`L[:, i]`): its sum over no axis is a class's over its examples."""
        for n in _walk(e, ast.AST):
            index = _subscript_index(n) if _isinstance(n, ast.Subscript) else None
            if _isinstance(index, ast.Tuple) and index.elts and _isinstance(index.elts[0], ast.Slice) \
                    and index.elts[0].lower is None and index.elts[0].upper is None:
                return True
        return False

    def class_sum(e, any_column=False):
        """The sum call e is (a minus in front dropped) when it sums each class over its examples and holds the loss's logs."""
        while _isinstance(e, ast.UnaryOp) and _isinstance(e.op, ast.USub):
            e = e.operand
        if not (_isinstance(e, ast.Call) and _SITE_REDUCTIONS.get(_callee(e.func)) == "sum"):
            return None
        axis = _reduction_axis(e)
        summed = _call_subject(e)[1]
        if summed is None or not (axis in (0, -2) or any_column and axis == "none" and column(summed)):
            return None
        return e if sides(summed) & {"P", "N"} else None

    appended = {}  # name -> [the argument of each name.append(...)], or None when the list is touched by another method
    for c in calls:
        if _isinstance(c.func, ast.Attribute) and _isinstance(c.func.value, ast.Name):
            name = c.func.value.id
            if c.func.attr == "append" and _len(c.args) == 1 and not c.keywords:
                if appended.get(name, []) is not None:
                    appended.setdefault(name, []).append(c.args[0])
            else:
                appended[name] = None  # losses.extend(...), losses.insert(...): no list of the sums alone

    out = []
    try:
        for c in calls:
            name = _callee(c.func)
            if _SITE_REDUCTIONS.get(name) != "mean" or name == "average" or _reduction_axis(c) != "none":
                continue
            subject, listed = _call_subject(c)[1], None
            for _ in range(6):
                if _isinstance(subject, ast.UnaryOp) and _isinstance(subject.op, ast.USub):
                    subject = subject.operand  # -np.sum(L, axis=0): the sums negated
                elif _isinstance(subject, ast.Name):
                    listed, subject = subject.id, roles.value(subject.id)
                else:
                    break
            if _isinstance(subject, ast.Call) and _callee(subject.func) in _GATHER_CALLS and _len(subject.args) == 1:
                subject = subject.args[0]  # np.mean(np.array([...])), torch.stack([...]).mean()
            if _isinstance(subject, (ast.ListComp, ast.GeneratorExp)) and _len(subject.generators) == 1:
                # np.mean([np.sum(L[:, i]) for i in range(C)]): each class's sum over its examples.
                sums = [class_sum(subject.elt, True)]
            elif _isinstance(subject, ast.List) and not subject.elts and listed is not None and appended.get(listed):
                # losses = [] then losses.append(-np.sum(L[:, i])) in the class loop: each append's sum.
                sums = [class_sum(a, True) for a in appended[listed]]
            else:
                sums = [class_sum(subject)]
            if sums and all(x is not None for x in sums):
                out += [line for line in [c.lineno] + [x.lineno for x in sums] if line not in out]
    except OverflowError:
        return []
    return sorted(out)


def _reads_param(e, name, budget):
    """Whether e reads the name `name` anywhere in it (`y`, `y.float()`, `1 - y`), its nodes counted against
    `budget` ([nodes left], shared by a function's calls): past it, no."""
    import ast

    for x in _walk(e, ast.AST):
        budget[0] -= 1
        if budget[0] < 0:
            return False
        if _isinstance(x, ast.Name) and x.id == name:
            return True
    return False


def _label_stats_def(fn):
    """Whether `fn`, a helper's def, makes per-class statistics of its first parameter, as
    compute_class_freqs does (`def weights(y): pos = 1 - np.mean(y, axis=0); return pos, 1 - pos`):
    a sum, mean or count over axis 0 of that parameter, a return, and no log (a term's helper is no
    weight's). At most 2,000 nodes read: past them, no."""
    import ast

    if not _isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or not fn.args.args:
        return False
    first = fn.args.args[0].arg
    stat = returns = False
    budget = [4000]  # the reductions' subjects' nodes read in all (_reads_param)
    for k, n in enumerate(_walk(fn, ast.AST)):
        if k > 2000:
            return False
        if _isinstance(n, ast.Return) and n.value is not None:
            returns = True
        elif _isinstance(n, ast.Call):
            name = _callee(n.func)
            if name in _SITE_LOGS:
                return False
            if (name in _SITE_REDUCTIONS or name == "count_nonzero") and _reduction_axis(n) in (0, -2):
                subject = _call_subject(n)[1]
                stat = stat or (subject is not None and _reads_param(subject, first, budget))
    return stat and returns


def _label_stats_lines(fn):
    """The lines of a statistics helper (_label_stats_def) where it makes the labels' per-class
    statistics: each sum, mean or count over axis 0 of its first parameter (`pos = np.mean(y, axis=0)`),
    where the loss's recomputed weights are made (lines 36a). At most three lines and 2,000 nodes read;
    past them, none."""
    import ast

    if not _label_stats_def(fn):
        return []
    first = fn.args.args[0].arg
    lines = []
    budget = [4000]
    for k, n in enumerate(_walk(fn, ast.AST)):
        if k > 2000:
            return []
        if _isinstance(n, ast.Call) and (_callee(n.func) in _SITE_REDUCTIONS or _callee(n.func) == "count_nonzero") \
                and _reduction_axis(n) in (0, -2):
            subject = _call_subject(n)[1]
            if subject is not None and _reads_param(subject, first, budget) \
                    and n.lineno not in lines:
                lines.append(n.lineno)
    return sorted(lines) if _len(lines) <= 3 else []


def _recomputed_weights(assigns, binders, products, calls, roles, stats_helper=None, helper_lines=None):
    """The lines where the loss makes its weights from the labels it is given (loss-recomputes-weights)
    rather than using pos_weights and neg_weights: a factor of a term (a product that holds a log or
    the labels) that is, or is a name bound once to, what a per-class statistic of the labels gives
    (`pw = 1 - np.mean(y_true, axis=0)`, `nw = K.sum(y_true, axis=0) / N`, `y_true.float().mean(0)`,
    `tf.math.count_nonzero(y_true, axis=0)`, `np.mean(1 - y_true[:, i])` of a class's column,
    `pos_weights = N / np.sum(y_true, axis=0)` overwriting the parameter, or the names
    `compute_class_freqs(y_true)` unpacks into, or a helper's that makes such statistics,
    `stats_helper(name)`: `pw, nw = weights(y_true)`, told at that helper's own lines that make the
    statistics, `helper_lines(name)`, when it gives them), maybe through names bound once (`freq =
    np.mean(y_true, axis=0)`, `pw = 1 - freq`), or the same passed as a cross-entropy's `weight=` /
    `pos_weight=`: the line of that name's binding, or of the factor written in place. A statistic
    over the classes' axis (or over no axis of more than a column), of the predictions or the
    weights, of ones_like(...), and a name that holds a log (a term), none; so are the labels' counts
    that only divide (`/ np.sum(y_true, axis=0)`: not a factor). `assigns`, `binders`: the visit's
    walk's (_name_assigns), none of the function's own. Bounded: 50,000 nodes read by its readers in
    all, and _log_sides' own bound: past one, none."""
    import ast

    sides = _log_sides(roles)
    budget = [0]

    def walk(e):
        """e's nodes (_walk), each counted: past 50,000 in all, OverflowError (no site)."""
        for x in _walk(e, ast.AST):
            budget[0] += 1
            if budget[0] > 50000:
                raise OverflowError
            yield x

    def role_is(name, role, said):
        r = roles.role(name)
        return r == role or (r is None and name in said)

    def freqs_call(call):
        """compute_class_freqs(...), or a call of a helper that makes the labels' statistics (stats_helper),
        given the labels (and no predictions)."""
        name = _callee(call.func)
        if name == "compute_class_freqs":
            return True
        if stats_helper is None or not _isinstance(call.func, ast.Name) or call.keywords or not call.args:
            return False
        said = [n for a in call.args for n in names_in(a)]
        return any(role_is(n, "y", _LABEL_NAMES) for n in said) and not any(role_is(n, "p", _PREDICTION_NAMES) for n in said) \
            and stats_helper(name)

    def names_in(e):
        return [n.id for n in walk(e) if _isinstance(n, ast.Name)]

    # The plain names' assignments (the visit's one walk: _name_assigns), and the names
    # compute_class_freqs(...) is unpacked into; a name bound any other way too is bound more than once.
    assigned, unpacked = {}, {}
    for k, node in assigns:
        assigned.setdefault(node.targets[0].id, []).append(node)
    for k, node in binders or ():
        if node is None:
            return []  # the walk stopped short: a name may be bound again further on
        if _isinstance(node, ast.Assign) and _len(node.targets) == 1 and _isinstance(node.targets[0], (ast.Tuple, ast.List)) \
                and _isinstance(node.value, ast.Call) and freqs_call(node.value):
            for n in node.targets[0].elts:
                if _isinstance(n, ast.Name):
                    unpacked[n.id] = node.lineno
            continue
        # pw *= 2, pw, nw = ..., for pw in ...: a name bound so too has no one binding.
        targets = node.targets if _isinstance(node, ast.Assign) else [getattr(node, "target", None), getattr(node, "optional_vars", None)]
        for t in targets:
            for n in (_walk(t, ast.AST) if t is not None else ()):
                if _isinstance(n, ast.Name):
                    assigned.setdefault(n.id, []).append(None)

    def of_labels(e):
        return any(role_is(n, "y", _LABEL_NAMES) for n in names_in(e))

    def stat(e):
        """A per-class statistic of the labels: a sum, mean or count over axis 0 of what holds them (not the predictions)."""
        if not (_isinstance(e, ast.Call) and (_callee(e.func) in _SITE_REDUCTIONS or _callee(e.func) == "count_nonzero")):
            return False
        subject = _call_subject(e)[1]
        axis = _reduction_axis(e)
        if subject is None or not (axis in (0, -2) or axis == "none" and any(column_read(n) for n in walk(subject))):
            return False
        if any(_isinstance(n, ast.Call) and _callee(n.func) in ("ones_like", "zeros_like", "full_like", "log")
                                  for n in walk(subject)):
            return False
        names = names_in(subject)
        return any(role_is(n, "y", _LABEL_NAMES) for n in names) and not any(
            role_is(n, "p", _PREDICTION_NAMES) or roles.role(n) in ("P", "N") for n in names)

    def column_read(n):
        """A class's column of the labels (`y_true[:, i]`): its statistic over no axis is per class."""
        if not (_isinstance(n, ast.Subscript) and _isinstance(n.value, ast.Name) and role_is(n.value.id, "y", _LABEL_NAMES)):
            return False
        index = _subscript_index(n)
        return _isinstance(index, ast.Tuple) and _len(index.elts) == 2 and _isinstance(index.elts[0], ast.Slice) \
            and index.elts[0].lower is None and index.elts[0].upper is None and index.elts[0].step is None

    memo = {}
    # The line of the compute_class_freqs (or stats helper) call a name's weight comes from, through names
    # bound once (`fp, fn = compute_class_freqs(y_true)`, then `pos_weights = fn`): that call is the line
    # the fix removes, not the renaming (lines 36c). Names made by a statistic written out keep their own line.
    called = {}

    def made(e, depth=0, via=None):
        """Whether e holds a statistic of the labels, a call of compute_class_freqs on them, or a name made from one;
        `via` (a list) gets the line of each such call it holds, itself or through a name."""
        for k, x in enumerate(walk(e)):
            if k > 500:
                return False
            if stat(x):
                return True
            if _isinstance(x, ast.Call) and freqs_call(x) and any(of_labels(a) for a in x.args):
                if via is not None:
                    via.append(x.lineno)
                return True
            if _isinstance(x, ast.Name) and _isinstance(x.ctx, ast.Load) and depth < 4 and binding(x.id, depth + 1) is not None:
                if via is not None and x.id in called:
                    via.append(called[x.id])
                return True
        return False

    def binding(name, depth=0):
        """The line of the one binding that makes `name` a weight from the labels (no log, no predictions in it), or None:
        where it comes from compute_class_freqs's call through plain names, that call's line."""
        if name in unpacked:
            called[name] = unpacked[name]
            return unpacked[name]
        if name in memo:
            return memo[name]
        memo[name] = None  # a cycle makes nothing
        nodes = assigned.get(name, [])
        if _len(nodes) == 1 and nodes[0] is not None:
            v = nodes[0].value
            via = []
            if not sides(v) and not any(role_is(n, "p", _PREDICTION_NAMES) for n in names_in(v)) and made(v, depth, via):
                memo[name] = nodes[0].lineno
                if via and _len(set(via)) == 1:
                    memo[name] = called[name] = via[0]
        return memo[name]

    out = []

    read = {}  # id(factor) -> (whether it holds a log or the labels, weight_at's line): a chain's factors are read once

    def factor(f):
        if id(f) not in read:
            read[id(f)] = (bool(sides(f)) or of_labels(f), weight_at(f))
        return read[id(f)]

    def weight_at(f):
        name = _LossRoles.plain(f)
        if name is not None:
            return binding(name)
        if not sides(f) and not any(role_is(n, "p", _PREDICTION_NAMES) for n in names_in(f)) and made(f):
            return f.lineno  # (1 - np.mean(y_true, axis=0)) * y_true * ...: written in place
        return None

    try:
        for p in products:
            factors = _factors(p)
            if _len(factors) < 2 or not any(factor(f)[0] for f in factors):
                continue
            for f in factors:
                line = factor(f)[1]
                if line is not None and line not in out:
                    out.append(line)
        for c in calls:
            for kw in c.keywords:
                if kw.arg in ("weight", "pos_weight"):
                    line = weight_at(kw.value)
                    if line is not None and line not in out:
                        out.append(line)
    except OverflowError:
        return []
    if helper_lines is not None:
        # `pw, nw = _weights(y_true)`, `w = _weights(y_true)`: the helper's own lines that make the
        # statistics, where the weights are derived (helper_lines: none for a helper compute_class_freqs
        # calls too, or of another file: the call's line then).
        made_by = {}
        for k, node in list(assigns) + [b for b in binders or () if b[1] is not None]:
            v = getattr(node, "value", None)
            if _isinstance(node, ast.Assign) and _isinstance(v, ast.Call) and _isinstance(v.func, ast.Name) \
                    and v.func.id != "compute_class_freqs" and freqs_call(v):
                made_by[node.lineno] = v.func.id
        inside = []
        for line in out:
            lines = helper_lines(made_by[line]) if line in made_by else None
            inside += lines or [line]
        out = list(dict.fromkeys(inside))
    return sorted(out)


def _bce_reduces(call):
    """Whether a call is a library's cross-entropy that averages for you: Keras's binary_crossentropy
    from `losses` (`keras.losses.binary_crossentropy`, `tf.keras.losses.binary_crossentropy`: over the
    last axis, a column's examples), `BinaryCrossentropy()(y, p)`, PyTorch's `F.binary_cross_entropy`
    and `nn.BCELoss()(p, y)` unless given `reduction="none"` (or a `weight=`). Not the backend's
    `K.binary_crossentropy`, element-wise."""
    import ast

    func = call.func
    keywords = list(call.keywords)
    if _isinstance(func, ast.Call) and _callee(func.func) in ("BinaryCrossentropy", "BCELoss"):
        keywords += func.keywords  # BCELoss(reduction="none")(p, y)
        name = _callee(func.func)
    else:
        name = _callee(func)
        if name == "binary_crossentropy":
            path = func.value if _isinstance(func, ast.Attribute) else None
            if not (_isinstance(path, ast.Attribute) and path.attr == "losses" or _isinstance(path, ast.Name) and path.id == "losses"):
                return False
        elif name != "binary_cross_entropy":
            return False
    for k in keywords:
        if k.arg == "weight" or k.arg == "reduction" and not (_isinstance(k.value, ast.Constant) and k.value.value in ("mean", "sum", "sum_over_batch_size", "auto")):
            return False
    return name in ("binary_crossentropy", "binary_cross_entropy", "BinaryCrossentropy", "BCELoss")


def _weights_apart(products, roles):
    """The lines where the loss reduces the weights and the cross-entropy apart and multiplies the
    results (loss-weights-averaged-apart): a product of a mean or sum of the per-example weights (what
    holds a weight and the labels, no log: `w = pos_weights[i] * y_true[:, i] + neg_weights[i] * (1 -
    y_true[:, i])`), or those weights themselves, with a mean or sum of the cross-entropy (what holds its
    logs, or K.binary_crossentropy's, and no weight): `np.mean(w) * np.mean(bce)`, `np.sum(w) *
    np.sum(bce)`, `K.mean(w) * K.mean(K.binary_crossentropy(y, p))`, `np.mean(w * bce)` with `bce =
    -np.mean(...)`; or with a cross-entropy that averages for you (_bce_reduces: `w *
    keras.losses.binary_crossentropy(y_true[:, i], y_pred[:, i])`, `torch.mean(w) *
    F.binary_cross_entropy(p, y)`). Read through names bound once (four deep). A weight alone times a
    mean of a term (`pos_weights[i] * np.mean(y * np.log(p + eps))`, right), a product of the
    element-wise cross-entropy, or a mean of what holds both the weights and the logs, none. At the
    product's line, and at the reductions a name it multiplies is bound to (`bce = -np.mean(...)`,
    `w = tf.reduce_sum(...)`: the fix changes them too). Bounded: a value read is at most 500 nodes,
    and 50,000 in all; past either, it holds nothing for sure."""
    import ast

    memo, budget = {}, [0]

    def holds(e, depth=0):
        """What e holds, through names bound once: "w" a weight, "y" the labels, "log" a log or an
        element-wise cross-entropy, "bce" a cross-entropy that averages (at most 500 nodes a value)."""
        found = set()
        for k, x in enumerate(_walk(e, ast.AST)):
            budget[0] += 1
            if k > 500 or budget[0] > 50000:
                return {"?"}  # too long to read: neither side's for sure
            if _isinstance(x, ast.Name) and _isinstance(x.ctx, ast.Load):
                role = roles.role(x.id)
                if role in ("P", "N"):
                    found.add("w")
                elif role == "y" or role is None and x.id in _LABEL_NAMES:
                    found.add("y")
                elif role is None and depth < 4 and x.id not in memo:
                    memo[x.id] = set()  # a cycle holds nothing
                    v = roles.value(x.id)
                    memo[x.id] = holds(v, depth + 1) if v is not None else set()
                found |= memo.get(x.id, set())
            elif _isinstance(x, ast.Call):
                name = _callee(x.func)
                if name in ("log", "log10", "log2", "log1p", "binary_crossentropy", "binary_cross_entropy"):
                    found.add("bce" if _bce_reduces(x) else "log")
                elif _isinstance(x.func, ast.Call) and _bce_reduces(x):
                    found.add("bce")
        return found

    def resolved(e):
        """e, or what a name bound once (four deep) holds, a minus in front dropped (bce = -np.mean(...))."""
        for _ in range(8):
            if _isinstance(e, ast.UnaryOp) and _isinstance(e.op, (ast.USub, ast.UAdd)):
                e = e.operand
            elif _isinstance(e, ast.Name):
                e = roles.value(e.id)
            else:
                break
        return e

    def reduced(e):
        """What a mean or sum reduces (its subject), read through a name bound once to one; else None."""
        e = resolved(e)
        if _isinstance(e, ast.Call) and _callee(e.func) in _SITE_REDUCTIONS and _callee(e.func) != "average":
            return _call_subject(e)[1]
        return None

    out = []
    for p in products:
        if not (_isinstance(p, ast.BinOp) and _isinstance(p.op, ast.Mult) or _isinstance(p, ast.Call)):
            continue
        factors = _factors(p)
        if _len(factors) != 2:
            continue
        for a, b in (factors, factors[::-1]):
            # a: the per-example weights, reduced or not (a weight and the labels, no log); b: the
            # cross-entropy reduced (its logs, no weight), or a library's that averages for you.
            weights_of = reduced(a)
            got_a = holds(weights_of if weights_of is not None else a)
            if not (got_a >= {"w", "y"}) or got_a & {"log", "bce", "?"}:
                continue
            xent = resolved(b)
            if not (_isinstance(xent, ast.Call) and _bce_reduces(xent)):
                inside = reduced(b)
                got_b = holds(inside) if inside is not None else set()
                if "log" not in got_b or got_b & {"w", "?"}:
                    continue
            # The product's line, and where a name it multiplies was reduced (bce = -np.mean(...)): both change.
            for e in (p, resolved(a) if weights_of is not None else None, xent):
                if e is not None and getattr(e, "lineno", None) is not None and e.lineno not in out:
                    out.append(e.lineno)
            break
    return sorted(out)


def _sample_weighted_columns(calls, roles):
    """The lines of a Keras BinaryCrossentropy object called on one class's columns with a
    `sample_weight` (`bce(y_true[:, i], y_pred[:, i], sample_weight=w)`, the object made in the call or
    bound once to a name): on 1-D columns it averages the examples first (the last axis), so the weights
    multiply that mean, loss-weights-averaged-apart (lines 35c). A column kept 2-D (`y_true[:, i:i + 1]`,
    `y_true[:, [i]]`, `tf.expand_dims(...)`) gives one cross-entropy per example, right: none."""
    import ast

    def scalar(k):
        # A class number (i, 0, i - 1, -1): the column read 1-D. A list ([i]), a slice, None (a new axis),
        # an array or a call keep a second axis, or may: not one (review 36).
        if _isinstance(k, ast.Name):
            return True
        if _isinstance(k, ast.Constant):
            return _type(k.value) is int
        if _isinstance(k, ast.UnaryOp) and _isinstance(k.op, (ast.USub, ast.UAdd)):
            return scalar(k.operand)
        return _isinstance(k, ast.BinOp) and _isinstance(k.op, (ast.Add, ast.Sub, ast.Mult)) and scalar(k.left) and scalar(k.right)

    def column(e):
        k = _subscript_index(e) if _isinstance(e, ast.Subscript) else None
        return _isinstance(k, ast.Tuple) and _len(k.elts) == 2 and _isinstance(k.elts[0], ast.Slice) \
            and scalar(k.elts[1]) and roles.role(roles.plain(e.value) or "") in ("y", "p")

    out = []
    for c in calls:
        if not (c.args and any(k.arg == "sample_weight" for k in c.keywords)):
            continue
        made = c.func if _isinstance(c.func, ast.Call) else roles.value(c.func.id) if _isinstance(c.func, ast.Name) else None
        if _isinstance(made, ast.Call) and _callee(made.func) == "BinaryCrossentropy" and column(c.args[0]) and c.lineno not in out:
            out.append(c.lineno)
    return out


def _averaged_classes(products, roles):
    """The lines of a product of the per-class weights (pos_weights, a name that reads it, unindexed)
    with Keras's `losses.binary_crossentropy` of the whole matrices, which averages the last axis, the
    classes: one value per example meets one per class (loss-mixed-indexing, lines 35c). The backend's
    element-wise K.binary_crossentropy, or a class's columns, are none."""
    import ast

    def keras_bce(e):
        if not (_isinstance(e, ast.Call) and _callee(e.func) == "binary_crossentropy" and _len(e.args) >= 2 and _bce_reduces(e)):
            return False
        return all(_isinstance(a, ast.Name) and roles.role(a.id) in ("y", "p") for a in e.args[:2])

    def weighted(e, depth=0):
        for x in _walk(e, ast.AST):
            if _isinstance(x, ast.Subscript):
                return False  # a weight indexed, or a column: not the whole per-class vector
            if _isinstance(x, ast.Name) and _isinstance(x.ctx, ast.Load):
                if roles.role(x.id) in ("P", "N"):
                    return True
                v = roles.value(x.id) if depth < 4 else None
                if v is not None and weighted(v, depth + 1):
                    return True
        return False

    out = []
    for p in products:
        if not (_isinstance(p, ast.BinOp) and _isinstance(p.op, ast.Mult)):
            continue
        factors = _factors(p)
        if any(keras_bce(f) for f in factors) and any(weighted(f) for f in factors if not keras_bce(f)) and p.lineno not in out:
            out.append(p.lineno)
    return out


def _unweighted_bces(calls, products, roles):
    """The lines of a library's cross-entropy in a loss that weights nothing (loss-unweighted, lines
    35c): PyTorch's `F.binary_cross_entropy(p, y)` and `nn.BCELoss()(p, y)`, Keras's
    `binary_crossentropy` and `BinaryCrossentropy()(y, p)` (the object made in the call or bound once
    to a name), given no `weight=`, `pos_weight=` or `sample_weight=` (in the call or the object's
    making, nor by position), where no product of the loss reads a weight (`w * F.binary_cross_entropy(p, y,
    reduction="none")` with w from pos_weights is weighted: none). Read through names bound once (four deep)."""
    import ast

    weighting = ("weight", "pos_weight", "sample_weight")
    names = ("binary_cross_entropy", "binary_crossentropy", "BCELoss", "BinaryCrossentropy")

    def reads_weight(e, depth=0):
        for k, x in enumerate(_walk(e, ast.AST)):
            if k > 500:
                return True  # too long to read: maybe weighted
            if _isinstance(x, ast.Name) and _isinstance(x.ctx, ast.Load):
                if roles.role(x.id) in ("P", "N"):
                    return True
                v = roles.value(x.id) if depth < 4 else None
                if v is not None and reads_weight(v, depth + 1):
                    return True
        return False

    # A literal None in the weight's slot, by position or keyword (`weight=None`), is no weight (review 36b).
    none = lambda e: _isinstance(e, ast.Constant) and e.value is None
    given = lambda args, k: _len(args) > k and not none(args[k])
    found = []
    for c in calls:
        made = c.func if _isinstance(c.func, ast.Call) else roles.value(c.func.id) if _isinstance(c.func, ast.Name) else None
        # A weight given by position, by each API's signature (review 36): nn.BCELoss(weight, ...)'s first
        # argument, BinaryCrossentropy()(y_true, y_pred, sample_weight)'s third, F.binary_cross_entropy(input,
        # target, weight, ...)'s third. Keras's binary_crossentropy(y_true, y_pred, from_logits, ...) takes none.
        if _isinstance(made, ast.Call) and _callee(made.func) in ("BCELoss", "BinaryCrossentropy"):
            keywords = list(c.keywords) + list(made.keywords)
            placed = given(made.args, 0) if _callee(made.func) == "BCELoss" else given(c.args, 2)
        elif _callee(c.func) in names[:2]:
            keywords = list(c.keywords)
            placed = _callee(c.func) == "binary_cross_entropy" and given(c.args, 2)
        else:
            continue
        starred = any(_isinstance(a, ast.Starred) for a in c.args)
        if _len(c.args) >= 1 and not placed and not starred and not any(k.arg in weighting and not none(k.value) or k.arg is None for k in keywords) and c.lineno not in found:
            found.append(c.lineno)
    if not found or _len(products) > 200:
        return []
    for p in products:
        if any(reads_weight(f) for f in _factors(p)):
            return []
    return found


# Integer (and bool) dtypes a cast can name: next to float predictions, TensorFlow and PyTorch refuse
# the mix (loss-mixed-dtypes), and a cast of the labels to one is where the predictions' dtype goes.
_INT_DTYPES = frozenset(("int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "long", "short",
                         "bool", "bool_", "int_", "intc", "LongTensor", "IntTensor", "ShortTensor", "ByteTensor", "BoolTensor"))
_INT_METHODS = frozenset(("long", "int", "short", "byte", "bool"))


def _dtype_sites(calls, roles):
    """[(line, kind)] for loss-mixed-dtypes beyond _fixed_dtype_cast's casts to a fixed float dtype:
    "intCast", a cast of the loss's labels, predictions or weights to an integer or bool dtype
    (`tf.cast(y_true, tf.int32)`, `K.cast(y_true, "int64")`, `y_true.astype(int)`, `y_true.long()`,
    `y_true.to(torch.int64)`); "float64", what makes them float64 without naming a width: the numpy
    `float` (`y_true.astype(float)`, `np.array(pos_weights, dtype=float)`, `torch.tensor(w,
    dtype=float)`, `x.to(float)`), or a TensorFlow tensor made from the weights with no dtype
    (`tf.constant(pos_weights)`, `tf.convert_to_tensor(neg_weights)`, `tf.Variable(w)`: the course's
    weights are numpy float64, and such a tensor keeps it). Not `tf.cast(x, float)` or
    `tf.constant(w, dtype=float)` (TensorFlow's float is float32), `K.constant(w)` (Keras's floatx), a
    PyTorch tensor of the weights (PyTorch promotes it), nor a cast of anything else (a count, an
    index: `tf.cast(tf.shape(y_true)[0], tf.int32)`)."""
    import ast

    def of_inputs(e):
        name = _LossRoles.plain(e) if e is not None else None
        if name is None:
            return False
        role = roles.role(name)
        return role in ("y", "p", "P", "N") or role is None and (name in _LABEL_NAMES or name in _PREDICTION_NAMES)

    def word(d):
        return d.attr if _isinstance(d, ast.Attribute) else d.id if _isinstance(d, ast.Name) else d.value if (
            _isinstance(d, ast.Constant) and _isinstance(d.value, str)) else None

    def module(call):
        f = call.func
        while _isinstance(f, ast.Attribute):
            f = f.value
        return f.id if _isinstance(f, ast.Name) else None

    out = []
    for c in calls:
        name = _callee(c.func)
        method, subject, rest = _call_subject(c)
        said = [k.value for k in c.keywords if k.arg == "dtype"]
        if name in ("cast", "astype", "to", "type"):
            said += list(c.args[(0 if method else 1):][:1])
        words = [word(d) for d in said]
        tf_side = module(c) in ("tf", "K", "keras", "backend", "tensorflow", "ops") and not method
        kind = None
        if method and name in _INT_METHODS and not c.args and not c.keywords:
            kind = "intCast"
        elif name in ("cast", "astype", "to", "type", "array", "asarray", "tensor", "as_tensor", "constant", "convert_to_tensor") \
                and any(w in _INT_DTYPES for w in words):
            kind = "intCast"
        elif not tf_side and name in ("astype", "to", "array", "asarray", "tensor", "as_tensor") and "float" in words \
                and _isinstance(said[words.index("float")], ast.Name):
            kind = "float64"  # the builtin float: numpy's and PyTorch's float64
        elif tf_side and module(c) in ("tf", "tensorflow") and name in ("constant", "convert_to_tensor", "Variable") and not said \
                and not any(k.arg == "dtype" for k in c.keywords) and _len(c.args) == 1:
            name_ = _LossRoles.plain(c.args[0])
            if name_ is not None and roles.role(name_) in ("P", "N"):
                kind = "float64"
        if kind is not None and of_inputs(subject):
            out.append((c.lineno, kind))
    return out


# A token for fix_sites's count before it parses: a string or a comment counts once, a word or a
# punctuation character each (never more tokens than characters).
_SITE_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|#[^\n]*|\w+|[^\w\s]')


def _named_in_order(value):
    """`return positive_frequencies, negative_frequencies` (pos, neg; pos_freq, neg_freq): two names
    whose words say positive, then negative. Frequencies in the wrong order from such a return were
    bound to the other names where they are computed, not returned in the wrong order."""
    import ast
    if not (_isinstance(value, ast.Tuple) and len(value.elts) == 2 and all(_isinstance(e, ast.Name) for e in value.elts)):
        return False
    first, second = (e.id.lower() for e in value.elts)
    return "pos" in first and "neg" not in first and "neg" in second and "pos" not in second


def _swapped_pair(call, value_of):
    """`return as_pair(negative, positive)`: a call given the two frequencies whose own arguments show them in
    the other order (freqs-swapped's line, review 36): two names whose words say negative, then positive, or a
    first that is 1 minus the second (`1 - pos`, or a name bound once to it). `value_of`: name -> its one value."""
    import ast

    if not _isinstance(call, ast.Call) or call.keywords or _len(call.args) != 2 or any(_isinstance(a, ast.Starred) for a in call.args):
        return False
    first, second = call.args
    if _isinstance(first, ast.Name) and _isinstance(second, ast.Name):
        a, b = first.id.lower(), second.id.lower()
        if "neg" in a and "pos" not in a and "pos" in b and "neg" not in b:
            return True
    made = value_of(first.id) if _isinstance(first, ast.Name) else first
    return _isinstance(made, ast.BinOp) and _isinstance(made.op, ast.Sub) and _number_is(made.left, 1) \
        and ast.dump(made.right) == ast.dump(second)


_LABEL_COUNTS = frozenset(("sum", "reduce_sum", "nansum", "count_nonzero"))
_COUNT_KEEPS = frozenset(("maximum", "max", "clip", "clip_by_value", "clamp", "float", "cast", "astype", "to", "type",
                          "float32", "float64", "double", "asarray", "array", "as_tensor", "tensor", "constant"))


def _label_masked(e, role_of, value_of):
    """Whether a loss's mean takes the predictions selected by a mask of the labels (loss-per-term-mean's
    mean over its own examples, learners 34): `np.mean(np.log(y_pred[pos_mask, i] + eps))` with
    `pos_mask = y_true[:, i] == 1` (or `~pos_mask`), `np.log(p[y == 1] + eps).mean()`,
    `tf.boolean_mask(y_pred, y_true == 1)`. A mask is a comparison, its negation, or a name bound once to
    one, that reads a label's name; a mean of the whole arrays, or a sum of the masked ones, is none."""
    import ast

    def is_mask(m, depth=0):
        if depth > 4 or m is None:
            return False
        if _isinstance(m, ast.Name):
            return is_mask(value_of(m.id), depth + 1)
        if _isinstance(m, ast.UnaryOp) and _isinstance(m.op, (ast.Invert, ast.Not)):
            return is_mask(m.operand, depth + 1)
        if _isinstance(m, ast.Call) and _callee(m.func) == "logical_not" and m.args:
            return is_mask(m.args[0], depth + 1)
        if not _isinstance(m, ast.Compare):
            return False
        for n in [m.left] + list(m.comparators):
            for k in _walk(n, ast.AST):
                if _isinstance(k, ast.Name):
                    role = role_of(k.id)
                    if role == "y" or (role is None and k.id in _LABEL_NAMES):
                        return True
        return False

    steps = 0
    for n in _walk(e, ast.AST):
        steps += 1
        if steps > 200:
            return False
        if _isinstance(n, ast.Subscript):
            index = _subscript_index(n)
            parts = index.elts if _isinstance(index, ast.Tuple) else [index]
            if any(is_mask(x) for x in parts[:2]):
                return True
        elif _isinstance(n, ast.Call) and _callee(n.func) in ("boolean_mask", "masked_select") and _len(n.args) >= 2 and is_mask(n.args[1]):
            return True
    return False


def _label_count(e, role_of, value_of, depth=0):
    """Whether a loss's divisor counts the labels' ones or zeros (loss-per-term-mean's and
    loss-divided-by-positives's division): a sum or count of the labels and nothing of the predictions
    or logs (`np.sum(y)`, `np.sum(1 - y)`, `(y_true == 0).sum(dim=0)`, `np.count_nonzero(y)`,
    `len(y[y == 1])`), kept from zero or converted (`np.maximum(np.sum(y), 1)`, `n_pos + eps`,
    `float(...)`), the examples less such a count (`N - n_pos`), or a name bound once to one.
    `role_of(name)`: "y", "p", ... or None; `value_of(name)`: the expression it is bound to once, or
    None. A division by N, a literal or a helper's own divisor is none."""
    import ast

    if depth > 6 or e is None:
        return False
    if _isinstance(e, ast.Name):
        return _label_count(value_of(e.id), role_of, value_of, depth + 1)
    if _isinstance(e, ast.BinOp) and _isinstance(e.op, (ast.Add, ast.Sub)):
        return _label_count(e.left, role_of, value_of, depth + 1) or _label_count(e.right, role_of, value_of, depth + 1)
    if not _isinstance(e, ast.Call):
        return False
    name = _callee(e.func)
    method, subject, rest = _call_subject(e)
    if name in _COUNT_KEEPS:
        return any(_label_count(a, role_of, value_of, depth + 1) for a in [subject] + list(rest)[:2])
    if name == "len" and _isinstance(subject, ast.Subscript) and _isinstance(_subscript_index(subject), ast.Compare):
        subject = subject.value  # len(y[y == 1]): the ones of y
    elif name not in _LABEL_COUNTS:
        return False
    labels, steps = False, 0
    for n in _walk(subject, ast.AST) if subject is not None else ():
        steps += 1
        if steps > 200:
            return False
        if _isinstance(n, ast.Call) and _callee(n.func) in _SITE_LOGS:
            return False
        if _isinstance(n, ast.Name):
            role = role_of(n.id)
            if role == "p" or (role is None and n.id in _PREDICTION_NAMES):
                return False
            labels = labels or role == "y" or (role is None and n.id in _LABEL_NAMES)
    return labels


_BITWISE_NOTS = frozenset(("invert", "bitwise_not"))


def _bitwise_not(node, value_of=None):
    """A bitwise NOT in the frequencies of what may be integers (freqs-bitwise-not's construct): `~labels`,
    `~labels.astype(int)`, `np.invert(labels)`, `torch.bitwise_not(y)`, `tf.bitwise.invert(y)`. Not of
    what is boolean, where ~ is the logical not it is meant as: a comparison (`~(labels == 1)`), a cast
    to bool (`~labels.astype(bool)`, `.bool()`, `tf.cast(y, tf.bool)`), a logical call (`np.isnan`), or
    a name `value_of` says is bound once to one (`ones = labels == 1` ... `~ones`)."""
    import ast

    if _isinstance(node, ast.UnaryOp) and _isinstance(node.op, ast.Invert):
        operand = node.operand
    elif _isinstance(node, ast.Call) and _callee(node.func) in _BITWISE_NOTS and not node.keywords and _len(node.args) + (
            _call_subject(node)[0]) == 1:
        operand = _call_subject(node)[1]
    else:
        return False
    if _isinstance(operand, ast.Name) and value_of is not None and value_of(operand.id) is not None:
        operand = value_of(operand.id)
    if _isinstance(operand, (ast.Compare, ast.BoolOp)) or (_isinstance(operand, ast.UnaryOp) and _isinstance(operand.op, (ast.Not, ast.Invert))):
        return False
    if _isinstance(operand, ast.Constant):
        return False  # ~0: a number the learner writes, not the labels
    if _isinstance(operand, ast.Call):
        name = _callee(operand.func)
        said = [a for a in list(operand.args) + [k.value for k in operand.keywords]]
        if name == "bool" or name.startswith(("logical_", "is")) or any(
                (_isinstance(a, ast.Name) and a.id == "bool") or (_isinstance(a, ast.Attribute) and a.attr in ("bool", "bool_"))
                or (_isinstance(a, ast.Constant) and a.value in ("bool", "?")) for a in said):
            return False
    return True


def _skips_row(node, of_data, counts_rows):
    """Where a loss or compute_class_freqs leaves the first or last example out (loss-skips-example,
    freqs-skips-example): a slice over the examples' axis of the labels or predictions (`of_data`) that
    drops one, `y_true[1:]`, `labels[:-1, c]`, `y_pred[1:, i]`, `y[:N - 1]`; or a loop over `range(1, N)`,
    `range(N - 1)`, `range(0, len(labels) - 1)` of a count of the examples (`counts_rows`). The line of
    that slice or range with which it leaves out ("slice"; a range's "first" or "last" row), or None."""
    import ast

    def one_short(e):
        return _one_short(e) and counts_rows(e.left)

    if _isinstance(node, ast.Subscript):
        index = _subscript_index(node)
        cut = index.elts[0] if _isinstance(index, ast.Tuple) and index.elts else index
        # The slice first, the name's role after: most subscripts are no such slice.
        if _isinstance(cut, ast.Slice) and cut.step is None and (
                (_number_is(cut.lower, 1) and _type(cut.lower.value) is int and cut.upper is None)
                or (cut.lower is None or _number_is(cut.lower, 0)) and cut.upper is not None and (_minus_one(cut.upper) or one_short(cut.upper))) \
                and of_data(node.value):
            return node.lineno, "slice"
    if _isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        it = node.iter
        if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords and 1 <= _len(it.args) <= 2:
            start = it.args[0] if _len(it.args) == 2 else None
            if _number_is(start, 1) and _type(start.value) is int and counts_rows(it.args[1]):
                return it.lineno, "first"
            if (start is None or _number_is(start, 0)) and one_short(it.args[-1]):
                return it.lineno, "last"
    return None


def fix_sites(source, max_nodes=20000, max_sites=200, max_chars=200000, max_tokens=None, max_steps=150000, spent=None,
              names=None, foreign=None):
    """Where the constructs a mistake's fix touches are, in the graded functions: compute_class_freqs
    ("freqs") and get_weighted_loss with the loss it returns ("loss"), each with the file's own
    top-level helpers they call (two levels deep; a class's whole body: a loss written as a class
    whose __call__ or forward the factory returns). Kinds: a reduction (`np.sum`, `K.mean`,
    `tf.reduce_sum`, `.sum()`, builtin `sum`, `np.einsum("ij->j", ...)`: "sum" or "mean", and its
    axis when a literal int, or "none" when no axis is given; in the loss, whether it reduces one
    class's column, "column"); a log call (its name, and how many `+` its argument adds up);
    a return (whether inside a loop, and whether under an `if` within it: a search's early exit,
    not the return indented one level too far; the factory's own `return weighted_loss` is not
    one); a loop over the examples in the loss ("loop", over "examples": `for n in
    range(len(y_true))`, `range(y_true.shape[0])`, over `y_true` or `zip(y_true, y_pred)`, or a
    body that takes rows `y_true[n]` by its variable: the loop sums over the examples, so no
    reduction is the sum over them); a division (`/` or `//`, whether it divides by a weight, a
    literal or, in the loss, the number of classes; at the divisor's line); a
    weight parameter indexed (`pos_weights[0]`: by a literal, or by anything else); in the loss's own
    definition, a weight on the other term ("swapped": _swapped_weights, from _LossRoles) and a class
    taken as a row ("rows": _rows_not_columns); in compute_class_freqs's, a frequency returned as a
    count ("undivided": _undivided); in the loss's, a clip of the predictions ("clip": _clip_sites) and
    a class loop bounded by the examples ("bound"); in the loss's and its helpers', a fixed epsilon
    in a name a log adds, or a function's own epsilon default the loss leaves to it ("epsilon":
    _fixed_names, _own_epsilons). Cheap and
    bounded: a regex scan of the file, then a parse of those functions' text only (at most
    `max_chars` characters and `max_tokens` tokens, counted before it is parsed) and one pass over
    their nodes. Each function (the graded one, a helper, a class the factory returns) is read on
    its own budget: at most `max_nodes` nodes and its readers' 50,000 steps (_LossRoles.spend);
    one over it, or whose text is too long to parse, gives no site, and the others keep theirs (a
    pathological helper erased every pointer of the file). The file as a whole stops reading
    further functions past `max_steps` steps (nodes and readers' steps), keeping the sites of those
    read: bounded whatever the number of functions. The budgets count work, never time (a clock
    ran out under load and cost a file its line): the same file gets the same sites on any machine,
    and a file at the bounds costs ~0.15 s on a quiet one, the samples under 500 steps (~1.5 ms).
    `spent`, a dict, gets the steps taken ("steps") and, for each function left unread, the exception
    why ("unread": a guard test's, as a reader's bug otherwise only loses the lines). [{f, kind, line, ...}] with the source's lines.
    `names`: the top-level defs of `source` graded as compute_class_freqs ("freqs") and get_weighted_loss
    ("loss"), when the module binds those names to other defs (`get_weighted_loss = make_loss`: _graded_defs).
    `foreign` (_foreign_defs): the helpers the graded file and the learner's modules beside it call
    that one of those modules defines (`from helpers import term`): {file: {name: (its file, def name,
    first line)}} ("" the graded file), with their sources under "sources"; a site in one has its "file"."""
    import ast

    # Only the graded functions and their helpers are parsed, not the file: a notebook's or a
    # script's other code (data, plots, pasted arrays) costs a regex scan. A top-level def runs to
    # the next line that starts at column 0 with code; the last def of a name wins, as when it runs.
    # Names as Python binds them (_py_name): `def ｃompute_class_freqs` below a plain one is the one graded.
    named = (lambda n: n) if source.isascii() else _py_name
    spans = {named(m.group(1)): m.span() for m in _SITE_DEF.finditer(source)}
    guarded = set()
    if "try:" in source:
        for m in _SITE_GUARDED.finditer(source):
            name = named(m.group(2))
            if name not in spans or spans[name][0] < m.start(1):  # the last definition wins
                spans[name] = (m.start(1), m.end())
                guarded.add(name)
    parsed = [0]
    # ast.parse runs before the walk's budget, and costs up to ~7 µs a token on one long
    # expression (a 190 KB tuple: 1.3 s, a chain of 38,000 comparisons: 0.4 s): text of more tokens
    # than the walk may visit nodes (max_tokens, max_nodes by default) is not parsed. The count is
    # taken only once the text parsed passes that many characters (a token is at least one).
    max_tokens = max_nodes if max_tokens is None else max_tokens
    tokens, uncounted = [0], []
    top = {}
    foreign = foreign or {}
    sources = foreign.get("sources") or {}
    files = sorted(sources)  # a file's lines are read at (its place + 1) * _FOREIGN_LINES on
    here = [""]  # the file whose function is being read: where the names it calls are looked up

    def resolve(name):
        """The key `name`, called in the function being read, is defined under: a def of the graded
        file's (its name), one of a module of the learner's ((file, def name, first line)), or None."""
        got = (foreign.get(here[0]) or {}).get(name) if _type(name) is str else None
        if got is not None and _len(got) == 3 and got[0] in sources:
            return tuple(got)
        return name if here[0] == "" and name in spans else None

    def definition(name):
        key = resolve(name)
        if key is not None and key not in top:
            if _type(key) is tuple:
                parse_foreign(key)
            else:
                parse(name)
        return top.get(key) if key is not None else None

    def parse_foreign(key):
        """A def of a module of the learner's beside the file, its lines moved past the file's (_FOREIGN_LINES),
        when its last top-level def of that name is the function called (its first line, decorators included)."""
        file, name, first = key
        text = sources[file]
        top[key] = None
        found = _top_def_at(text, name, first)
        if found is None:
            return
        start = found.start()
        line = text.count("\n", 0, start) + 1
        stop = _SITE_TOP.search(text, found.end())
        while True:
            end = stop.start() + 1 if stop else _len(text)
            parsed[0] += end - start
            if parsed[0] > max_chars:
                raise TimeoutError("fix_sites: the graded functions are too long")
            tokens[0] += _len(_SITE_TOKENS.findall(text, start, end))
            if tokens[0] > max_tokens:
                raise TimeoutError("fix_sites: the graded functions hold too many tokens")
            try:
                tree = ast.parse(text[start:end])
                break
            except SyntaxError:
                if stop is None:
                    raise
                stop = _SITE_TOP.search(text, end)
        lead = line - 1 + (files.index(file) + 1) * _FOREIGN_LINES
        for node in _walk(tree, ast.AST):
            if hasattr(node, "lineno"):
                node.lineno += lead
        body = tree.body[0] if tree.body else None
        top[key] = body if _isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else None

    shared = []  # the whole file's tree the other readers parsed: its top-level statements by their first line

    def shared_def(line, start, end):
        """The def or class at `line` of the whole file's tree, when read_source's other readers have parsed
        it (_parse_once) and the text from `start` to `end` holds all of it: the nodes a parse of that text
        gives (the same text at the same lines; what follows the def up to the next line at column 0 can
        only be blank lines and comments), without parsing it again. None, and the text is parsed, for a
        decorated def (its text starts at `def`), a text that stops inside the def (the parse fails and the
        text runs on, as before), a file with a lone CR (its lines are not the parser's) or a future
        import that changes the grammar."""
        if not shared:
            tree = _PARSED.get(source)
            shared.append({st.lineno: st for st in tree.body if st.col_offset == 0}
                          if tree is not None and source.count("\r") == source.count("\r\n") and "barry_as_FLUFL" not in source else {})
        st = shared[0].get(line)
        if _type(st) not in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef) or st.decorator_list:
            return None
        last = line + source.count("\n", start, end - 1)  # the text's last line
        if getattr(st, "end_lineno", None) is None or st.end_lineno > last:
            return None
        return ast.Module(body=[st], type_ignores=[])

    def parse(name):
        """Parses `name`'s definition into `top` (definition's work: its text capped, its lines its own)."""
        start, head = spans[name]
        offset = source.count("\n", 0, start)
        found = _SITE_TOP.search(source, head)
        while True:
            end = found.start() + 1 if found else _len(source)
            parsed[0] += end - start
            if parsed[0] > max_chars:
                raise TimeoutError("fix_sites: the graded functions are too long")
            tokens[0] += end - start
            uncounted.append((start, end))
            if tokens[0] > max_tokens:
                for a, b in uncounted:
                    tokens[0] += _len(_SITE_TOKENS.findall(source, a, b)) - (b - a)
                del uncounted[:]
                if tokens[0] > max_tokens:
                    raise TimeoutError("fix_sites: the graded functions hold too many tokens")
            # A guarded class is indented: parsed as the body of an `if` on the line above (its `try:`).
            text, lead = ("if 1:\n" + source[start:end], offset - 1) if name in guarded else (source[start:end], offset)
            try:
                if lead <= 2000:
                    # Parsed at its own lines: the parser numbers them, no walk to shift each node's
                    # (an empty line costs the parser ~0.05 µs, a node's shift more than 1 µs).
                    tree = None if name in guarded else shared_def(offset + 1, start, end)
                    if tree is None:
                        tree = ast.parse("\n" * lead + text)
                else:
                    tree = ast.parse(text)
                    for node in _walk(tree, ast.AST):
                        if hasattr(node, "lineno"):
                            node.lineno += lead
                if name in guarded:
                    tree = tree.body[0]  # the if: its body is the class
                break
            except SyntaxError:
                # A line at column 0 inside the def: a signature's closing `):` as black writes
                # it, a docstring's line. The def runs on to the next such line (each attempt
                # counts towards max_chars, so a def that never parses stops there).
                if found is None:
                    raise
                found = _SITE_TOP.search(source, end)
        body = tree.body[0] if tree.body else None
        top[name] = body if _isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else None

    graded = dict({"freqs": "compute_class_freqs", "loss": "get_weighted_loss"}, **(names or {}))

    def graded_def(name):
        fn = read(definition, name)
        return None if _isinstance(fn, ast.ClassDef) else fn  # a class is read only as a helper

    # What a function's text too long to parse, or too tangled to read within its budget, raises:
    # that function gives no site (read), the others are read on.
    unread = (TimeoutError, RecursionError, SyntaxError, ValueError)

    def read(how, *args):
        try:
            return how(*args)
        except unread as e:
            told(e)
            return None

    def told(e):
        # what was left unread and why, for spent's caller (a guard test): a reader bug is otherwise invisible
        if spent is not None:
            spent.setdefault("unread", []).append(_type(e).__name__)

    def delegate_of(fn):
        """The helper a graded function hands its whole work to (`def compute_class_freqs(labels): return
        _freqs(labels)`, its parameters passed as they are): read as the function's own definition."""
        body = [st for st in fn.body if not (_isinstance(st, ast.Expr) and _isinstance(st.value, ast.Constant))] if fn is not None else []
        call = body[0].value if _len(body) == 1 and _isinstance(body[0], ast.Return) else None
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args] if fn is not None else []
        if not _isinstance(call, ast.Call) or call.keywords or not params or [getattr(a, "id", None) for a in call.args] != params:
            return None
        dotted = _dotted_call(call.func)
        if _isinstance(call.func, ast.Name) and resolve(dotted) is not None and dotted not in graded.values():
            return dotted
        # `return hp.freqs(labels)` after `import helpers as hp`: _foreign_defs' "hp.freqs" key
        if _isinstance(call.func, ast.Attribute) and dotted is not None and _type(resolve(dotted)) is tuple:
            return dotted
        return None

    loss = graded_def(graded["loss"])
    weights = outer_weights = set()
    epsilon = None  # the epsilon parameter's name, when the factory has a third
    if loss is not None:
        params = loss.args.posonlyargs + loss.args.args
        weights = outer_weights = {a.arg for a in params[:2]}
        epsilon = params[2].arg if _len(params) >= 3 else None
    out = []
    if epsilon is not None:
        # "default", the epsilon parameter's default value (loss-epsilon-default's one place to
        # change): defaults belong to the last parameters, so the third's is at 2 - (the first one's).
        defaults = loss.args.defaults
        at = 2 - (_len(params) - _len(defaults))
        if 0 <= at < _len(defaults):
            site = {"f": "loss", "kind": "default", "line": defaults[at].lineno}
            d = defaults[at]
            # The assignment's own default, typed as a number (epsilon=1e-7): a case that leaves
            # epsilon out fails for something else (withCaseMessage keeps its message out).
            if _isinstance(d, ast.Constant) and _type(d.value) is float and d.value == 1e-7:
                site["standard"] = True
            out.append(site)
    seen = [0]  # the nodes the current visit has met
    terms = []  # the loss's own terms, [(line, side)]: _term_sides, for the "lone" sites
    steps = [0]  # the file's steps: each visit's nodes and its readers' steps
    scaling = set()  # ids of divisions that scale a sum (1 / N * np.sum(...)): see _inverts

    def visit(root, f, factory):
        """One function's nodes, iteratively (no recursion on deep nesting): (node, in a loop, in the factory's own body)."""
        called = []
        seen[0] = 0
        first = _len(out)  # this visit's sites are out[first:]
        # One walk for the plain names' assignments, which the three readers share (each to its own limit).
        # The loss's own definition also keeps every other binding, the products and the loops, for _LossRoles.
        # compute_class_freqs, or the helper it hands its whole work to (freqs_by): read as its own definition.
        freqs = f == "freqs" and (root is top.get(graded["freqs"]) or (freqs_key is not None and root is top.get(freqs_key)))
        binders, products, loops, spreads, reshaped, clips, calls = ([] if factory or freqs or f == "loss" else None), [], [], [], False, [], []
        ranged, rows_alone = [], set()  # the skips sites of a range, with the row each leaves out; the rows read on their own ("first", "last")
        ones = []
        dots_divided = set()  # ids of the factors a `/` divides (np.dot(...) / N): no dot product's sum left (lines 36a)
        reduced, divided = {}, set()  # id(a reduction call) -> its "reduction" site; ids of what a `/` divides, names a `/=` does: for _reduced_apart
        divided_nodes = []  # what a division, np.divide or a product with 1 / N divides: its terms are divided too (_reduced_apart)
        by_two, means = [], []  # divisions by 2 and means of a list, for _averaged_terms
        term_sides = []  # the visit's _log_sides reader, made at its first 0.5 (the "halved" sites)
        looped_logs = []  # the loss's logs in a loop, for _loop_forms
        others = binders if factory or freqs else None
        if root is loss and f == "loss":
            assigns = loss_walk[0]
            binders.extend(loss_walk[1])
        else:
            assigns = _name_assigns(root, 5000 if f == "loss" else 2000, binders)
        held = _site_bindings(assigns)
        starts = _started(assigns) if f == "loss" else {}
        # _overwritten_unstarted's: each statement of a def's own body -> that def, filled as the visit meets
        # the defs (a def comes before the loops in it), so no other walk of root is made.
        loop_owners = {None: None}
        reversed_cols = set()  # the roles of columns read from the last class: a reversal of the weights with them is right
        flips = []  # (role, line) of each such read: without a reversal of the weights, loss-weights-reversed's lines
        flip_reads, weight_reads = [], []  # (role, node) of each column read from the end; (site, node) of each weight read

        def flipped_role(name):
            """The input a name is, flipped in place (`y_true = K.reverse(y_true, axes=1)`: its parameter's role),
            when its one other binding is that parameter's; roles.role says none for a name bound twice."""
            bound = roles.bound.get(name, []) if name is not None else []
            given = [v for _, v in bound if v in ("y", "p")]
            flipped = [v for _, v in bound if _isinstance(v, ast.Call) and _classes_flipped(v) and roles.plain(_call_subject(v)[1]) == name
                       or _isinstance(v, ast.Subscript) and roles.plain(v.value) == name and _isinstance(_subscript_index(v), ast.Tuple)
                       and _len(_subscript_index(v).elts) == 2 and _reversed_index(_subscript_index(v).elts[1])]
            return given[0] if _len(given) == 1 and _len(bound) == 1 + _len(flipped) else None
        shifted_cols, shifted_loops = [], set()  # (a column's "shifted" site at i - 1, i); the names of range(1, C + 1) loops' sites
        shifted_reads = ([], [])  # the (site, node) of the columns and of the weights read one class off, for _shifted_reads
        # The weights under the names the loss converts them to (pw = torch.as_tensor(pos_weights)):
        # len(pw) counts the classes, a loop over range(len(pw)) is no loop over the examples, pw[0] is a weight.
        roles = _LossRoles(root, assigns, others, (loss, made[id(root)][1]) if _isinstance(root, ast.ClassDef) else construction) if factory else None
        # A helper's own parameters, not the weights: the arrays whose columns it may read (y, p; lines 35d).
        helper_params = set() if factory or f != "loss" or not _isinstance(root, ast.FunctionDef) else \
            {a.arg for a in root.args.posonlyargs + root.args.args + root.args.kwonlyargs} - outer_weights
        if roles is not None:
            readers.append(roles)
        # Inputs named in the other order (forward(self, y_pred, y_true)): which is the labels is no sure thing.
        by_names = roles is not None and _reversed_inputs(roles) is not None
        weights = outer_weights | _weight_vectors(roles, outer_weights) if factory else outer_weights
        classes = _class_names(assigns, weights) | _shape_classes(binders, assigns) if f == "loss" else set()
        columns = _column_names(assigns, others) if f == "loss" or freqs else set()
        # A module's constants are its own: a helper of a module beside the file reads that module's (lines 36b).
        module_text = sources.get(here[0]) if here[0] else source
        module_text = module_text if _type(module_text) is str else ""
        fixed_at, of_module = _fixed_names(assigns, binders, epsilon, module_text) if f == "loss" else ({}, None)
        # Defs, assignments and calls met by the walk below, for _input_writes and _freqs_class_names;
        # divisions in the frequencies by a plain name, told "classes" once those names are known.
        writers, by_name = [] if freqs or factory else None, []
        met = [] if freqs else None  # the frequencies' nodes, for _freqs_fixed_counts
        picked = False
        uses = {} if factory else None  # name -> [(Name node read, its parent)], for _term_labels
        said = set()
        aside = []  # ids of the nodes in a log's argument, a print or an assert (_abs_aside), made once
        bound_once = []
        sigmoid_helper = not factory and _sigmoid_def(root)
        nested = {} if factory else None  # name -> [a def or a lambda the loss binds it to], for helper_read

        def values():
            """name -> its one `=` binding's value in this function (for _float_cast), made once."""
            if not bound_once:
                seen_names = {}
                for k, a in assigns:
                    seen_names.setdefault(a.targets[0].id, []).append(a.value)
                bound_once.append({n: v[0] for n, v in seen_names.items() if _len(v) == 1})
            return bound_once[0]

        def weight_read(e):
            """A weight vector or an element of one: `pos_weights`, `pw[i]`, `self.nw` (a name in `weights`)."""
            e = e.value if _isinstance(e, ast.Subscript) else e
            return (_self_attribute(e) or getattr(e, "id", None)) in weights if _isinstance(e, (ast.Name, ast.Attribute)) else False

        def weight_kept(e):
            """A weight read (weight_read), maybe converted: `np.asarray(pos_weights)`, `torch.tensor(pw)`."""
            if _isinstance(e, ast.Call) and _callee(e.func) in _ROLE_KEEPS:
                e = _call_subject(e)[1]
            return e is not None and weight_read(e)

        def weights_sum(den):
            """A divisor that is the weights' own sum: pos_weights[i] + neg_weights[i], a reduction of a weight
            vector (np.sum(pos_weights)), or a name bound once to either (loss-normalised-weights)."""
            if _isinstance(den, ast.Name):
                den = roles.value(den.id) if roles is not None else values().get(den.id)
            if _isinstance(den, ast.BinOp) and _isinstance(den.op, ast.Add):
                return weight_read(den.left) and weight_read(den.right)
            if _isinstance(den, ast.Call) and _callee(den.func) in _SITE_REDUCTIONS:
                method = _isinstance(den.func, ast.Attribute) and not (_isinstance(den.func.value, ast.Name) and den.func.value.id in _SITE_MODULES)
                subject = den.func.value if method else den.args[0] if den.args else None
                return subject is not None and weight_kept(subject) and not _isinstance(subject, ast.Subscript)
            return False

        def fixed_eps(e):
            """A log's addend that is a fixed epsilon: written as one, or a name that holds one (its binding's line is a site)."""
            if _fixed_epsilon(e):
                return True
            if not (of_module and _isinstance(e, ast.Name)):
                return False
            if e.id in fixed_at:
                if fixed_at[e.id] not in said:
                    said.add(fixed_at[e.id])
                    out.append({"f": f, "kind": "epsilon", "line": fixed_at[e.id], "form": "bound"})
                return True
            return of_module(e.id) is not None
        module_halves, bound_here, module_numbers, module_counts = {}, [], {}, {}

        def of_preds(e):
            """Whether e has the predictions' role: y_pred, a column or conversion of it (y_pred[:, i],
            np.asarray(y_pred)), a name bound once to one (_LossRoles); a name that says predictions
            (y_hat) where no binding says otherwise (and in a helper of the loss, which has no roles)."""
            name = _LossRoles.plain(e) if e is not None else None
            if name is None:
                return False
            role = roles.role(name) if roles is not None else None
            return role == "p" or (role is None and name in _PREDICTION_NAMES)

        unpacked = []

        def of_rows(e):
            """The labels or predictions whole, by name (the loss's roles, or the names that say them; in the
            frequencies, the function's first parameter or a name that says labels), not a row of them (`y_true[n]`)."""
            name = e.id if _isinstance(e, ast.Name) else _self_attribute(e)
            if name is None:
                return False
            role = roles.role(name) if roles is not None else None
            if f == "loss":
                bound = roles.value(name) if roles is not None else None
                said = role in ("y", "p") or (role is None and (name in _PREDICTION_NAMES or name in _LABEL_NAMES))
            else:
                bound = values().get(name)
                first = root.args.args[0].arg if _isinstance(root, ast.FunctionDef) and root.args.args else None
                said = name == first or name in _LABEL_NAMES
            if said and _isinstance(bound, ast.Subscript):
                index = _subscript_index(bound)
                lead = index.elts[0] if _isinstance(index, ast.Tuple) and index.elts else index
                return _isinstance(lead, ast.Slice) and lead.lower is None and lead.upper is None  # y = y_true[:, i]: every row
            return said

        def counts_rows(e):
            """A count of the examples: the loss's counts_examples, the frequencies' _is_examples, or N of
            `N, C = labels.shape` (np.shape(labels), y_true.shape), bound nowhere else."""
            if (counts_examples(e) if f == "loss" else _is_examples(e, held)):
                return True
            if not _isinstance(e, ast.Name) or e.id in values() or not binders:
                return False
            if not unpacked:
                # name -> the unpackings that bind it (`N, C = labels.shape`), gathered once for the function.
                unpacked.append({})
                for _, b in binders:
                    if _isinstance(b, ast.Assign) and _len(b.targets) == 1 and _isinstance(b.targets[0], ast.Tuple):
                        for t in b.targets[0].elts:
                            if _isinstance(t, ast.Name):
                                unpacked[0].setdefault(t.id, []).append(b)
            found = unpacked[0].get(e.id, [])
            if _len(found) != 1:
                return False
            a = found[0]
            first = a.targets[0].elts[0]
            shape = (_isinstance(a.value, ast.Attribute) and a.value.attr == "shape") or (
                _isinstance(a.value, ast.Call) and _callee(a.value.func) == "shape" and _len(a.value.args) == 1)
            of = a.value.value if _isinstance(a.value, ast.Attribute) else a.value.args[0] if shape else None
            return shape and _isinstance(first, ast.Name) and first.id == e.id and of_rows(of)

        def counts_examples(e, depth=0):
            """Whether e counts the loss's examples: len(X), X.shape[0] or X.size (_examples_count) of
            the labels or predictions (a role "y" or "p", or a name that says one where no binding says
            otherwise), or a name bound once to such a count (_site_bindings' "examples")."""
            if _isinstance(e, ast.Name):
                return held.get(e.id) == "examples" and depth < 4 and counts_examples(values().get(e.id), depth + 1)
            if not _examples_count(e):
                return False
            of = (e.args[0] if e.args else None) if _isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) else \
                e.value if _isinstance(e, ast.Attribute) else _shape_dim(e)[0]
            name = _LossRoles.plain(of) if of is not None else None
            if name is None:
                return False
            role = roles.role(name) if roles is not None else None
            return role in ("y", "p") or (role is None and (name in _PREDICTION_NAMES or name in _LABEL_NAMES))

        def examples_divisor(e, depth=0):
            """A loss divisor that counts the examples (counts_examples), maybe converted or kept from
            zero (`K.cast(K.shape(y_true)[0], "float32")`, `float(len(y_true))`), or a name bound once to one."""
            if e is None or depth > 4:
                return False
            if counts_examples(e):
                return True
            if _isinstance(e, ast.Name):
                return examples_divisor(values().get(e.id), depth + 1)
            if _isinstance(e, ast.Call) and _callee(e.func) in _COUNT_KEEPS:
                method, subject, rest = _call_subject(e)
                return any(examples_divisor(a, depth + 1) for a in [subject] + list(rest)[:1])
            return False

        def holds_mean(e, depth=0):
            """A dividend that holds a mean (`np.mean(...)`, `K.mean`, `tf.reduce_mean`, `x.mean()`), or a
            name bound once to one: a mean divided again by the examples (at most 200 nodes read)."""
            if e is None or depth > 4:
                return False
            if _isinstance(e, ast.Name):
                return holds_mean(values().get(e.id), depth + 1)
            steps = 0
            for n in _walk(e, ast.AST):
                steps += 1
                if steps > 200:
                    return False
                if _isinstance(n, ast.Call) and _callee(n.func) in ("mean", "reduce_mean", "nanmean", "average"):
                    return True
            return False

        def module_constant(e, found_before, test):
            """Whether e, a name bound nowhere in the function, is a constant of its module (module_text) written once
            at column 0 (`N_EXAMPLES = 4`, `THRESH = 0.5`) whose value passes test; found_before keeps the answers (at
            most 4 names looked up each), an answer of False set first so a constant naming itself ends."""
            if not bound_here:
                names = {a.targets[0].id for _, a in assigns}
                for _, b in (binders or ()):
                    names.update(_bound_names(b) if b is not None else ())
                bound_here.append(names)
            if e.id in bound_here[0] or e.id == epsilon:
                return False
            if e.id not in found_before:
                found_before[e.id] = False
                if _len(found_before) <= 4:
                    found = re.findall(r"(?m)^%s[ \t]*(?::[^=\n]*)?=(?!=)([^\n]*)" % re.escape(e.id), module_text)
                    text = found[0].split("#")[0].strip() if _len(found) == 1 else ""
                    try:
                        found_before[e.id] = 0 < _len(text) <= 40 and test(ast.parse(text, mode="eval").body)
                    except PARSE_ERRORS:
                        pass
            return found_before[e.id]

        def written_number(v):
            return _isinstance(v, ast.Constant) and _type(v.value) in (int, float) and v.value >= 2

        def written_half(v):
            return _isinstance(v, ast.Constant) and _type(v.value) is float and v.value == 0.5

        def fixed_number(e):
            """A number written into the code: a literal of 2 or more, a name bound once in the function to
            one, or, bound nowhere in the function, a module constant (module_constant)."""
            if _isinstance(e, ast.Constant):
                return written_number(e)
            if not _isinstance(e, ast.Name):
                return False
            if e.id in values():
                return written_number(values()[e.id])
            return module_constant(e, module_numbers, written_number)

        def half(e):
            """0.5, written or named: a name bound once in the function to it, or, bound nowhere in the
            function, a module constant (module_constant) that is 0.5 or names one."""
            if _isinstance(e, ast.Constant):
                return written_half(e)
            if not _isinstance(e, ast.Name):
                return False
            if e.id in values():
                return written_half(values()[e.id])
            return module_constant(e, module_halves, half)
        tails = set()  # ids of the returns a def of the loss ends on (_tail_returns)
        complemented = set()  # ids of the logs taken away from one (1 - np.log(...)), met before them
        # How many defs below root a node is: the loss's own def (or a class's method) 1, a def or lambda inside
        # it 2; a helper's own body 0. From `nesting` on, a function the loss calls: in the factory (or a class),
        # 2; in a helper that is the loss itself (functools.partial(_wbce, ...)), 1; in any other helper, 0.
        nesting = 2 if factory else 1 if _isinstance(root, ast.FunctionDef) and root.name in loss_helpers else 0
        stack = [(root, False, factory, False, 0)]
        Name, Load, own_defs = ast.Name, ast.Load, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        while stack:
            node, looped, own, guarded, depth = stack.pop()
            seen[0] += 1
            if seen[0] > max_nodes:
                raise TimeoutError("fix_sites: over budget")
            kind = _type(node).__name__
            if kind in _SITE_LEAVES:
                # No rule below reads a name, a constant, a context or an operator by itself (each reads them
                # from the node above): two nodes in three skip the rules, and are counted and listed as before.
                if met is not None:
                    met.append(node)
                for child in _child_nodes(node, ast.AST):  # a Name's ctx
                    stack.append((child, looped, own, guarded, depth))
                continue
            if kind == "FunctionDef" or kind == "AsyncFunctionDef":
                for st in node.body:
                    loop_owners[id(st)] = node
            if f == "loss" and kind in ("FunctionDef", "AsyncFunctionDef"):
                _tail_returns(node.body, tails)  # met before its returns (its children)
            if nested is not None and (kind in ("FunctionDef", "AsyncFunctionDef") and node is not root or kind == "Assign"):
                if kind != "Assign":
                    nested.setdefault(node.name, []).append(node)
                elif _len(node.targets) == 1 and _isinstance(node.targets[0], ast.Name) and _isinstance(node.value, ast.Lambda):
                    nested.setdefault(node.targets[0].id, []).append(node.value)  # term = lambda y, p, wp, wn: ...
            if met is not None:
                met.append(node)
            if f == "loss" and kind in ("BinOp", "Call") and (parts := _sum_parts(node)) is not None and not parts[2] and _one_or_log_one(parts[0]):
                complemented.add(id(parts[1]))  # 1 - np.log(p + eps), np.log(1) - np.log(...): the log taken from one
                if _isinstance(parts[1], ast.Name):
                    # 1 - log_p with log_p = np.log(p + eps): the log taken from one through a name, at this `1 -`
                    # (the name's own line may be a right term's log too).
                    bound = roles.value(parts[1].id) if roles is not None else values().get(parts[1].id)
                    if _isinstance(bound, ast.Call) and _callee(bound.func) in ("log", "log10", "log2"):
                        out.append({"f": f, "kind": "oneminus", "line": node.lineno})
            if f == "loss" and kind in ("BinOp", "Call") and _squares(node):
                out.append({"f": f, "kind": "squared", "line": node.lineno})  # (1 - y_pred) ** 2, np.square(y_true - y_pred)
            if writers is not None and kind in _WRITERS:
                writers.append(node)
            if factory and kind in _FACTORY_READS:
                # For _swapped_weights, _rows_not_columns and _clip_sites, read once the visit is done.
                if _isinstance(node, ast.BinOp) and _isinstance(node.op, (ast.Mult, ast.Div)) or \
                        _isinstance(node, ast.UnaryOp) and _isinstance(node.op, (ast.USub, ast.UAdd)):
                    products.append(node)
                elif _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.MatMult):
                    reshaped = True
                elif _isinstance(node, ast.BinOp) and _one_minus(node) is not None:
                    ones.append(node)  # 1 - X: for _complemented_weights
                elif _isinstance(node, (ast.For, ast.AsyncFor)):
                    loops.append((node.target, node.iter, node.body))
                elif _isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)) and _len(node.generators) == 1:
                    loops.append((node.generators[0].target, node.generators[0].iter, [node.elt] + node.generators[0].ifs))
                elif _isinstance(node, ast.Attribute) and node.attr in ("T", "mT", "H"):
                    reshaped = True
                elif _isinstance(node, ast.Call):
                    name = _callee(node.func)
                    if name in ("multiply", "mul"):
                        products.append(node)
                    elif name in _CLIP_CALLS:
                        clips.append(node)
                    elif name in _TRANSPOSES or name in ("dot", "matmul", "tensordot", "inner", "outer", "mm", "bmm", "vdot"):
                        reshaped = True
                    elif name in _COLUMN_CALLS:
                        column = _column_call(node, name)
                        if column is not None:
                            spreads.append((column, node.lineno))
                    elif name == "where":
                        picked = True  # terms chosen by the labels (np.where(y_true == 1, ...)): for _term_labels
                elif _isinstance(node, ast.Subscript) and _column_index(node):
                    spreads.append((node.value, node.lineno))
            if f == "freqs" and kind in ("UnaryOp", "Call") and _bitwise_not(node, values().get):
                out.append({"f": f, "kind": "bitwise", "line": node.lineno})  # ~labels on integers: -label - 1, not 1 - label
            if kind in ("Subscript", "For", "AsyncFor", "comprehension") and (skip := _skips_row(node, of_rows, counts_rows)) is not None:
                out.append({"f": f, "kind": "skips", "line": skip[0]})  # y_true[1:], range(1, N): an example left out
                if skip[1] != "slice":
                    ranged.append((out[-1], skip[1]))
            if kind == "Subscript" and of_rows(node.value):
                # labels[0], labels[-1], labels[N - 1]: a row read apart, as a running sum started from it is
                lead = _subscript_index(node)
                lead = lead.elts[0] if _isinstance(lead, ast.Tuple) and lead.elts else lead
                if _number_is(lead, 0) and _type(lead.value) is int:
                    rows_alone.add("first")
                elif _minus_one(lead) or (_one_short(lead) and counts_rows(lead.left)):
                    rows_alone.add("last")
            if f == "loss" and _isinstance(node, (ast.BinOp, ast.Call)):
                # x * (1 / N), N ** -1 * x, np.divide(x, N), torch.div(x, N), x.div(N): x divided, as `x / N` is (review 36).
                over = _divided_operand(node)
                if over is not None and not _counts_classes(over[1], weights, classes):
                    divided_nodes.append(over[0])
            if f == "loss":
                # A class loop or slice one short (range(len(pos_weights) - 1), w[:-1], y[:, :-1]).
                it = node.iter if _isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) else None
                if _isinstance(it, ast.Call) and _isinstance(it.func, ast.Name) and it.func.id == "range" and 1 <= _len(it.args) <= 2 \
                        and ((_one_short(it.args[-1]) and _class_count(it.args[-1].left, weights, held, classes)) or (
                            # range(1, len(pos_weights)): the first class left out.
                            _len(it.args) == 2 and _isinstance(it.args[0], ast.Constant) and _type(it.args[0].value) is int
                            and it.args[0].value == 1 and _class_count(it.args[1], weights, held, classes))):
                    out.append({"f": f, "kind": "short", "line": it.lineno})
                # range(1, len(pos_weights) + 1): a class loop one past the last class, its i one off the
                # classes numbered from 0 (loss-class-index-off-by-one; the IndexError at column C).
                # A comprehension is read at its node, with its element (`sum(... for i in range(1, C + 1))`).
                gen = node.generators[0] if _isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)) and _len(node.generators) == 1 else None
                ranged_over, target, body = (it, getattr(node, "target", None), getattr(node, "body", None)) if gen is None else (gen.iter, gen.target, [node.elt])
                if _isinstance(ranged_over, ast.Call) and _isinstance(ranged_over.func, ast.Name) and ranged_over.func.id == "range" \
                        and _len(ranged_over.args) == 2 and _int_const(ranged_over.args[0]) == 1 and _isinstance(ranged_over.args[1], ast.BinOp) \
                        and _isinstance(ranged_over.args[1].op, ast.Add) \
                        and any(_int_const(one) == 1 and _class_count(count, weights, held, classes) for count, one in
                                ((ranged_over.args[1].left, ranged_over.args[1].right), (ranged_over.args[1].right, ranged_over.args[1].left))) \
                        and _isinstance(target, ast.Name) and _reads_class(body or [], target.id, weights, roles):
                    out.append(dict({"f": f, "kind": "shifted", "line": ranged_over.lineno, "loop": True}, **({"var": target.id} if _SITE_VAR.match(target.id) else {})))
                    shifted_loops.add(target.id)
                if _isinstance(node, ast.Subscript) and (roles is not None or helper_params):
                    # y_true[:, i - 1], y_pred[:, i + 1]: the labels' or predictions' column one class off; in a
                    # helper of the loss's (no roles read), a column of one of its own parameters not a weight (lines 35d).
                    # A row of the transposed matrix is its column (y_true.T[i - 1], np.transpose(y_pred)[i + 1]: lines 36b).
                    k = _subscript_index(node)
                    col, of = (k.elts[1], node.value) if _isinstance(k, ast.Tuple) and _len(k.elts) == 2 and (
                        _isinstance(k.elts[0], ast.Slice) and k.elts[0].lower is None and k.elts[0].upper is None and k.elts[0].step is None
                        or _isinstance(k.elts[0], ast.Constant) and k.elts[0].value is Ellipsis) else \
                        (k, _rows_of_transpose(node.value)) if not _isinstance(k, ast.Tuple) else (None, None)
                    plain = (roles.plain(of) if roles is not None else of.id if _isinstance(of, ast.Name) else None) if of is not None else None
                    role = (roles.role(plain) if roles is not None else "y" if plain in helper_params else None) if plain is not None else None
                    if col is not None and not _isinstance(col, ast.Slice) and _weight_index(col) == "shifted" and role in ("y", "p"):
                        out.append(dict({"f": f, "kind": "shifted", "line": node.lineno}, **_shifted_by(col)))
                        shifted_reads[0].append((out[-1], node))
                        if _isinstance(col.op, ast.Sub):
                            shifted_cols.append((out[-1], col.left.id, node))  # at i - 1: one off only when i counts from 0
                    if col is not None and roles is not None and _reversed_index(col) and (role := role or flipped_role(plain)) in ("y", "p"):
                        reversed_cols.add(role)  # y_true[:, C - 1 - i], y_pred[:, ::-1], y_true.T[::-1]
                        flips.append((role, node.lineno))
                        flip_reads.append((role, node))
                if _isinstance(node, ast.Call) and roles is not None and _classes_flipped(node):
                    plain = roles.plain(_call_subject(node)[1])
                    role = (roles.role(plain) or flipped_role(plain)) if plain is not None else None
                    reversed_cols.add(role)  # np.flip(y_true, axis=1), K.reverse(y_pred, axes=1)
                    flips.append((role, node.lineno))
                if _isinstance(node, ast.Subscript):
                    k = _subscript_index(node)
                    cut = k.elts[1] if _isinstance(k, ast.Tuple) and _len(k.elts) == 2 else (
                        k if _isinstance(node.value, ast.Name) and node.value.id in weights else None)
                    if _isinstance(cut, ast.Slice) and cut.lower is None and cut.step is None and cut.upper is not None and (
                            _minus_one(cut.upper) or (_one_short(cut.upper) and _class_count(cut.upper.left, weights, held, classes))):
                        out.append({"f": f, "kind": "short", "line": node.lineno})
                if _isinstance(node, (ast.For, ast.AsyncFor)) and starts:
                    for line in _overwrites(node, starts):
                        out.append({"f": f, "kind": "overwrite", "line": line})
                if _isinstance(node, (ast.For, ast.AsyncFor)):
                    for line in _overwritten_unstarted(node, starts, loop_owners, roles):
                        out.append({"f": f, "kind": "overwrite", "line": line})
                # The predictions against 0.5, written or named (y_pred > 0.5, y_pred[:, i] >= THRESH with
                # THRESH = 0.5): loss-thresholded-predictions's line.
                if _isinstance(node, ast.Compare) and _len(node.ops) == 1 and _isinstance(node.ops[0], (ast.Gt, ast.GtE, ast.Lt, ast.LtE)) \
                        and any(half(a) and of_preds(b) for a, b in ((node.left, node.comparators[0]), (node.comparators[0], node.left))):
                    out.append({"f": f, "kind": "threshold", "line": node.lineno})
                # A written 0.5 times what holds both terms' logs (-0.5 * np.mean(pos ... + neg ...)):
                # the two terms averaged, loss-terms-averaged's line; a 0.5 elsewhere (a threshold) is none.
                # Read as a `/ 2` is (_averaged_terms): logs of both terms and of no other kind.
                if roles is not None and _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Mult):
                    for a, b in ((node.left, node.right), (node.right, node.left)):
                        a = a.operand if _isinstance(a, ast.UnaryOp) and _isinstance(a.op, (ast.USub, ast.UAdd)) else a
                        if _isinstance(a, ast.Constant) and _type(a.value) is float and a.value == 0.5:
                            if not term_sides:
                                term_sides.append(_log_sides(roles))
                            try:
                                both = term_sides[0](b) == {"P", "N"}
                            except OverflowError:
                                both = False
                            if both:
                                out.append({"f": f, "kind": "halved", "line": node.lineno})
                                break
                # A count of examples one short, as a divisor or kept in a name: / (N - 1), / (len(y_true) - 1.0),
                # n = len(y_true) - 1 (loss-divided-by-n-minus-one's line); of the labels or predictions, not
                # a helper's `len(v) - 1` (a sample variance of whatever it is given).
                short = node.right if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Div) else \
                    node.value if _isinstance(node, ast.Assign) else None
                # Converted, as TensorFlow's count must be (tf.cast(tf.shape(y_true)[0] - 1, tf.float32)), or
                # one less than a converted count (n - 1, n = tf.cast(tf.shape(y_true)[0], tf.float32)): lines 35c.
                for _ in range(4):
                    if not (_isinstance(short, ast.Call) and _callee(short.func) in _COUNT_KEEPS):
                        break
                    short = _call_subject(short)[1]
                if _one_short(short, True) and (counts_examples(short.left) or examples_divisor(short.left)):
                    out.append({"f": f, "kind": "count", "line": short.lineno})
                # epsilon = 1e-7, not epsilon = float(epsilon): the parameter replaced, not converted. Nor
                # epsilon = self.epsilon in a loss object's method: the instance's own, which its constructor
                # was given (learners 36b).
                if _isinstance(node, ast.Assign) and epsilon is not None and any(
                        _isinstance(t, ast.Name) and t.id == epsilon for t in node.targets) and not _reads([node.value], epsilon, ast.AST) \
                        and not _instance_state(node.value, root):
                    out.append({"f": f, "kind": "epsilon", "line": node.lineno, "form": "overwritten"})
            elif _isinstance(node, (ast.Assign, ast.BinOp)):
                # A count one short, as N or a divisor: N = len(labels) - 1, / (labels.shape[0] - 1), or of the
                # classes, N = labels.shape[1] - 1 (divided by, it is the wrong count whichever it counts).
                e = node.value if _isinstance(node, ast.Assign) else node.right if _isinstance(node.op, ast.Div) else None
                if _one_short(e, True) and (_is_examples(e.left, held) or _freqs_class_count(e.left)):
                    out.append({"f": f, "kind": "count", "line": e.lineno})
            if f == "loss" and _isinstance(node, ast.BinOp) and not sigmoid_helper and _sigmoid_expr(node):
                # p = 1 / (1 + np.exp(-y_pred)) in the loss or a helper of its (a helper that is a sigmoid,
                # `def sigmoid(x): return 1 / (1 + np.exp(-x))`, is named where it is called instead).
                out.append({"f": f, "kind": "sigmoid", "line": node.lineno})
            if f == "loss" and kind == "BinOp" and _isinstance(node.op, ast.Div):
                todo = [node.left]  # -w[i] * np.dot(a, b) / N: each factor of what is divided (a parent comes before its children)
                while todo and _len(dots_divided) < 1000:
                    x = todo.pop()
                    dots_divided.add(id(x))
                    if _isinstance(x, ast.UnaryOp):
                        todo.append(x.operand)
                    elif _isinstance(x, ast.BinOp) and _isinstance(x.op, ast.Mult):
                        todo += [x.left, x.right]
            if f == "loss" and kind in ("BinOp", "Call") and id(node) not in dots_divided and _dot_of_columns(node, columns):
                # np.dot(y_true[:, i], np.log(y_pred[:, i] + eps)), y @ log_p, torch.dot, tf.tensordot(a, b, 1): one
                # class's products summed over the examples, as np.sum(y_true[:, i] * ...) is (lines 36a).
                out.append({"f": f, "kind": "reduction", "line": node.lineno, "op": "sum", "axis": "none", "column": True, "dot": True})
            if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.Mult):
                # 1 / N * np.sum(labels, axis=0): a number over N scaling a sum is a frequency, not a
                # reciprocal (its division is visited after this node, its parent).
                for a, b in ((node.left, node.right), (node.right, node.left)):
                    if _isinstance(a, ast.BinOp) and _isinstance(a.op, ast.Div) and _isinstance(a.left, ast.Constant) and _reduction_call(b):
                        scaling.add(id(a))
            if _isinstance(node, ast.Call):
                name = _callee(node.func)
                if f == "loss":
                    calls.append(node)
                    if _clipping_bce(node, spans):
                        # A cross-entropy that clips its predictions itself (K.binary_crossentropy,
                        # BinaryCrossentropy) or floors its logs (F.binary_cross_entropy), a library's and
                        # not a def of the file's own: where the clip is.
                        out.append({"f": f, "kind": "clip", "line": node.lineno})
                    if _fixed_dtype_cast(node):
                        # y_true = tf.cast(y_true, tf.float64), w.double(), torch.tensor(w, dtype=torch.float64): a dtype
                        # fixed other than Keras's float32, where loss-mixed-dtypes's fix casts to y_pred.dtype.
                        out.append({"f": f, "kind": "fixedDtype", "line": node.lineno})
                if _isinstance(node.func, ast.Name) and resolve(name) is not None and name not in graded.values():
                    called.append(name)
                    if factory:
                        calls_to.setdefault(name, []).append((node, roles))  # for helper_terms
                elif _isinstance(node.func, ast.Attribute) and _isinstance(node.func.value, ast.Name) and foreign \
                        and resolve(node.func.value.id + "." + node.func.attr) is not None:
                    called.append(node.func.value.id + "." + node.func.attr)  # helpers.term(...): `import helpers` (_foreign_defs)
                elif name == "partial" and node.args and _isinstance(node.args[0], ast.Name) and resolve(node.args[0].id) is not None \
                        and node.args[0].id not in graded.values():
                    called.append(node.args[0].id)  # functools.partial(_wbce, ...): the loss is that helper
                    loss_helpers.add(node.args[0].id)
                if name in _SITE_REDUCTIONS or (name == "sum" and _isinstance(node.func, ast.Name)):
                    builtin = _isinstance(node.func, ast.Name) and name == "sum"
                    receiver = node.func.value if _isinstance(node.func, ast.Attribute) else None
                    while _isinstance(receiver, ast.Attribute):
                        receiver = receiver.value
                    # np.sum(x, 0) takes the axis second, x.sum(0) first; builtin sum(rows) has none to give.
                    method = receiver is not None and not (_isinstance(receiver, ast.Name) and receiver.id in _SITE_MODULES)
                    axis = [k.value for k in node.keywords if k.arg in ("axis", "dim")]
                    if not axis and not builtin and _len(node.args) >= (1 if method else 2):
                        axis = [node.args[0 if method else 1]]
                    site = {"f": f, "kind": "reduction", "line": node.lineno, "op": _SITE_REDUCTIONS.get(name, "sum")}
                    reduced[id(node)] = site
                    a = _int_const(axis[0]) if axis else None
                    subject = node.func.value if method else node.args[0] if node.args else None
                    if a in (0, 1, -1, -2) and _transposed(subject):
                        a = 1 - a % 2  # np.mean(labels.T, axis=0), np.sum(terms.T, axis=1): the other axis of the matrix
                    if builtin:
                        pass  # summed over what it iterates: rows, or a list the code built
                    elif not axis or (_isinstance(axis[0], ast.Constant) and axis[0].value is None):
                        site["axis"] = "none"
                    elif a is not None and -8 <= a <= 8:
                        site["axis"] = a
                    if (f == "loss" or freqs) and not builtin and _of_column(node, columns):
                        site["column"] = True  # np.mean(labels[:, i]) in a class loop: one class's frequency
                    if f == "loss" and subject is not None and not builtin and site.get("axis") in ("none", 0, -1) \
                            and _isinstance(subject, (ast.Name, ast.Attribute)) and weight_read(subject):
                        site["ofWeights"] = True  # np.mean(pos_weights): one number for every class's weight
                    if f == "loss" and name == "average" and not method:
                        # np.average(a, axis, weights), weights given (a keyword or third, not None): divided by their sum.
                        given = [k.value for k in node.keywords if k.arg == "weights"] + node.args[2:3]
                        if any(not (_isinstance(w, ast.Constant) and w.value is None) for w in given):
                            site["weighted"] = True
                    if f == "loss" and site["op"] == "mean" and not builtin and site.get("axis") is not None and subject is not None:
                        # np.mean([pos_loss, neg_loss]), torch.stack([a, b]).mean(): the values averaged (_averaged_terms),
                        # over no axis or the one they are gathered along (a list's first; np.stack(..., axis=-1)'s -1).
                        gathered = roles.value(subject.id) if roles is not None and _isinstance(subject, ast.Name) else subject
                        along = 0
                        if _isinstance(gathered, ast.Call) and _callee(gathered.func) in _GATHER_CALLS and not _isinstance(gathered.func, ast.Attribute) \
                                or _isinstance(gathered, ast.Call) and _isinstance(gathered.func, ast.Attribute) and _callee(gathered.func) in _GATHER_CALLS \
                                and _isinstance(gathered.func.value, ast.Name) and gathered.func.value.id in _SITE_MODULES:
                            if _callee(gathered.func) == "stack":
                                given = [k.value for k in gathered.keywords if k.arg in ("axis", "dim")] + gathered.args[1:2]
                                along = _int_const(given[0]) if given else 0
                            gathered = gathered.args[0] if gathered.args else None
                        if _isinstance(gathered, (ast.List, ast.Tuple)) and site["axis"] in ("none", along):
                            means.append((site, gathered.elts))
                    if f == "freqs" and site["op"] == "mean" and _integer_mean(node, values()):
                        site["integer"] = True
                    if f == "loss" and site["op"] == "mean" and roles is not None and subject is not None and _integer_mean(node, values()):
                        # K.mean(y_true[:, i]), tf.reduce_mean(y_true, axis=0): a mean of the labels, none of them cast
                        # to floats, which keeps integer labels integers (a log-of-mean or product-of-means loss's 0).
                        labels = [x for x in _walk(subject, ast.AST) if _isinstance(x, ast.Name) and roles.role(x.id) == "y"]
                        if labels and _labels_only(subject, roles) and not any(_float_cast(x, values()) for x in labels) \
                                and not _unread_value(root, node):
                            site["integer"] = True
                    if f == "freqs" and any(k.arg in ("keepdims", "keepdim") and _isinstance(k.value, ast.Constant) and k.value.value is True
                                            for k in node.keywords):
                        site["keepdims"] = True  # np.mean(labels, axis=0, keepdims=True): freqs-keepdims' (1, C)
                    if f == "loss" and site["op"] == "mean" and not builtin and subject is not None and _label_masked(
                            subject, (lambda n: roles.role(n)) if roles is not None else (lambda n: None),
                            lambda n: roles.value(n) if roles is not None else values().get(n)):
                        site["masked"] = True  # np.mean(np.log(y_pred[y_true == 1] + eps)): a term over its own examples
                    out.append(site)
                elif name in _BCE_REDUCING and f == "loss" and (op := _bce_reduction(node)) is not None:
                    # F.binary_cross_entropy(p, y, weight=w), nn.BCELoss(...): a mean (or with
                    # reduction='sum', a sum) over every element, the call's (the loss object's) own.
                    site = {"f": f, "kind": "reduction", "line": node.lineno, "op": op, "axis": "none"}
                    if _of_column(node, columns) or _object_on_columns(root, node, assigns, columns):
                        site["column"] = True  # F.binary_cross_entropy(y_pred[:, i], y_true[:, i]): over the examples
                    out.append(site)
                elif name == "einsum" and (axis := _einsum_axis(node)) is not None:
                    # np.einsum("ij->j", terms): a sum over axis 0, written as a contraction.
                    out.append({"f": f, "kind": "reduction", "line": node.lineno, "op": "sum", "axis": axis})
                elif (name in _FLOOR_CALLS or any(k.arg == "rounding_mode" and not (_isinstance(k.value, ast.Constant) and k.value.value is None)
                                                  for k in node.keywords)) and _len(rest := _call_subject(node)[2]) >= 1:
                    # np.floor_divide(a, n), tf.math.floordiv(a, n), torch.div(a, n, rounding_mode='floor'): a `//` by name.
                    den = rest[0]
                    named = den.value if _isinstance(den, ast.Subscript) else den
                    by = ("weight" if _isinstance(named, ast.Name) and named.id in weights else
                          "literal" if _isinstance(den, ast.Constant) else
                          "classes" if f == "loss" and _counts_classes(den, weights, classes) else "other")
                    out.append({"f": f, "kind": "division", "line": node.lineno, "op": "//", "by": by})
                elif f == "freqs" and _int_cast_of_fraction(node):
                    out.append({"f": f, "kind": "integer", "line": node.lineno})
                elif f == "loss" and name in _ROUND_CALLS and _rounds_to_integers(node) and of_preds(_call_subject(node)[1]):
                    # np.round(y_pred), K.round, torch.round, y_pred.round(), round(p) of a prediction: predictions
                    # made 0 or 1; not round(float(loss), 6), a rounding of anything else or to decimals.
                    out.append({"f": f, "kind": "threshold", "line": node.lineno})
                elif f == "loss" and name in _ROUND_CALLS and not of_preds(_call_subject(node)[1]):
                    # round(float(-K.mean(...)), 2) in a class loop: a class's value or a term rounded before
                    # they are added up (loss-rounded's lines when the returned loss is no rounding).
                    out.append({"f": f, "kind": "roundedPart", "line": node.lineno})
                elif f == "loss" and name in ("abs", "absolute", "fabs") and (subject := _call_subject(node)[1]) is not None \
                        and not _abs_aside(node, subject, root, aside, of_preds, epsilon, fixed_at):
                    # np.abs(loss), abs(np.mean(...)), torch.abs(total): where the minus belongs (loss-absolute-value's line).
                    out.append({"f": f, "kind": "absolute", "line": node.lineno})
                elif f == "loss" and (name in _SIGMOID_CALLS or (_isinstance(node.func, ast.Name) and resolve(name) is not None
                                                                 and name not in graded.values() and _sigmoid_def(read(definition, name)))):
                    # tf.sigmoid(y_pred), scipy.special.expit(y_pred), a helper `def sigmoid(x): return 1 / (1 + np.exp(-x))`.
                    out.append({"f": f, "kind": "sigmoid", "line": node.lineno})
                elif name in _SITE_LOGS and node.args:
                    adds, fixed = 0, False
                    parts = _sum_parts(node.args[0])
                    while parts is not None:
                        left, right, plus = parts
                        adds += plus
                        fixed = (plus and f == "loss" and fixed_eps(right)) or fixed
                        parts = _sum_parts(left)
                        if plus and parts is None:
                            # The leftmost addend: K.epsilon() + y_pred.
                            fixed = (f == "loss" and fixed_eps(left)) or fixed
                    site = {"f": f, "kind": "log", "line": node.lineno, "op": name, "adds": min(adds, 8)}
                    if fixed:  # only a loss's logs are read for a fixed epsilon (above)
                        site["fixed"] = True
                    if f == "loss" and _subtracts_epsilon(node.args[0], epsilon):
                        site["subtracts"] = True  # log(1 - (y_pred + epsilon)), log(1 - y_pred - epsilon)
                    if f == "loss" and _weight_inside(node.args[0], weight_read):
                        site["weightInside"] = True  # np.log(pos_weights[i] * y_pred[:, i] + epsilon)
                    if f == "loss" and _mean_inside(node.args[0], roles.value if roles is not None else None):
                        site["meanInside"] = True  # np.log(np.mean(y_pred[:, i]) + epsilon): loss-log-of-mean's
                    if roles is not None and not by_names and _log_side(node.args[0], _RolesByName(roles), 0) is not None:
                        # np.log(y_true[:, i] + epsilon), np.log(1 - y_true + eps): a log of the labels where
                        # the predictions belong (read as _log_side reads y_pred, the roles exchanged).
                        site["ofLabels"] = True
                    if id(node) in complemented:
                        site["complemented"] = True
                    if f == "loss" and looped:
                        site["loop"] = True  # a term of a loop (for, a comprehension): loss-sign's fix in its form
                        looped_logs.append((site, node))  # its loop's form: _loop_forms
                    if f == "loss" and depth >= nesting:
                        # A log in a function the loss calls (a helper of the file's, a def or lambda of its own):
                        # whether that call is in a loop is not read, so no form is told for it.
                        site["inner"] = True
                    out.append(site)
                elif f == "loss" and name in ("flip", "flipud", "reverse", "reversed") and (
                        _converted_name(_call_subject(node)[1]) in weights or _reversed_in_place(node, _converted_name(_call_subject(node)[1]), assigns, weights)):
                    # np.flip(pos_weights), pw.flip(0), tf.reverse(pw, [0]), reversed(pos_weights), np.flip(np.asarray(pos_weights)): loss-weights-reversed
                    out.append({"f": f, "kind": "weight", "line": node.lineno, "index": "reversed"})
            elif _isinstance(node, ast.Return) and not own and node.value is not None and not (freqs_by is not None and root is top.get(graded["freqs"])):
                site = {"f": f, "kind": "return", "line": node.lineno, "loop": looped}
                if looped and guarded:
                    site["guarded"] = True
                if f == "loss" and _isinstance(node.value, ast.UnaryOp) and _isinstance(node.value.op, ast.USub) \
                        and not _isinstance(node.value.operand, ast.Constant) and id(node) in tails:
                    # return -loss, a function's final return: a minus the loss may already have had (a loss
                    # negated twice); a guard's `return -1.0` (early, or of a number) negates no loss.
                    site["negated"] = True
                if f == "freqs" and _named_in_order(node.value):
                    site["named"] = True  # return pos, neg: values in the wrong order are names bound the other way
                out.append(site)
                rounding = _rounding_of(node.value, lambda n: roles.value(n) if roles is not None else values().get(n)) if f == "loss" else None
                if rounding is not None:
                    out.append({"f": f, "kind": "rounded", "line": rounding.lineno})  # loss-rounded's line
            elif _isinstance(node, (ast.For, ast.AsyncFor)) and f == "loss" and _over_examples(node, weights):
                out.append({"f": f, "kind": "loop", "line": node.lineno, "over": "examples"})
                if roles is not None and _isinstance(node.target, ast.Name):
                    for line in _row_means(node, node.target.id, roles):
                        out.append({"f": f, "kind": "rowMean", "line": line})  # np.mean(pos_weights * y_true[n] * ...): one example's classes averaged
            elif _isinstance(node, (ast.BinOp, ast.AugAssign)) and _isinstance(node.op, (ast.Div, ast.FloorDiv)):
                den = node.right if _isinstance(node, ast.BinOp) else node.value
                top_ = node.left if _isinstance(node, ast.BinOp) else None
                while _isinstance(top_, ast.UnaryOp):
                    top_ = top_.operand  # -np.sum(...) / N
                divided.add(id(top_) if top_ is not None else getattr(node.target, "id", None))
                if top_ is not None and f == "loss" and not _counts_classes(den, weights, classes):
                    divided_nodes.append(top_)  # (pos_loss + neg_loss * N) / N: each term of what is divided (not by the classes)
                if _isinstance(top_, ast.Name):
                    divided.add(top_.id)  # pos = pos / N, neg / len(y_true): the name's values divided, as `/=` does
                named = den.value if _isinstance(den, ast.Subscript) else den  # w, w[i]: no walk of the divisor (deep nesting)
                by = ("weight" if _isinstance(named, ast.Name) and named.id in weights else
                      "literal" if _isinstance(den, ast.Constant) else
                      "classes" if f == "loss" and _counts_classes(den, weights, classes) else
                      "classes" if f == "freqs" and _freqs_class_count(den) else "other")
                # The divisor's line: `np.mean(...long...)\n    / N` is changed where `/ N` is.
                site = {"f": f, "kind": "division", "line": den.lineno, "op": "//" if _isinstance(node.op, ast.FloorDiv) else "/", "by": by}
                if _isinstance(node, ast.BinOp) and id(node) not in scaling and _inverts(node.left, den, held):
                    site["inverts"] = True
                if f == "loss" and weight_kept(node.left if _isinstance(node, ast.BinOp) else node.target) and weights_sum(den):
                    site["normalises"] = True  # pos_weights[i] / (pos_weights[i] + neg_weights[i]), np.asarray(w) / np.sum(w)
                if f == "freqs" and by == "other" and _isinstance(den, ast.Name):
                    by_name.append((site, den.id))
                if f == "freqs" and by == "other" and _entries_count(den):
                    site["entries"] = True  # / labels.size, / np.size(labels): N·C, every entry of the labels
                if f == "loss" and by == "literal" and _isinstance(node, ast.BinOp) and _type(den.value) in (int, float) and den.value == 2:
                    by_two.append((site, node))  # / 2: the two terms averaged, when it divides their sum (_averaged_terms)
                if f == "loss" and by == "other" and _label_count(den, (lambda n: roles.role(n)) if roles is not None else (lambda n: None),
                                                                  lambda n: roles.value(n) if roles is not None else values().get(n)):
                    site["labelCount"] = True  # / np.sum(y), / n_pos: a count of the positives (or negatives)
                if f == "loss" and by == "other" and examples_divisor(den):
                    site["examples"] = True  # / N, / len(y_true), / K.cast(K.shape(y_true)[0], "float32")
                    if _isinstance(node, ast.BinOp) and holds_mean(node.left):
                        site["ofMean"] = True  # np.mean(...) / N: loss-divided-twice's
                if f == "loss" and by in ("literal", "other") and fixed_number(den):
                    site["fixedCount"] = True  # / 4, / N_EXAMPLES with N_EXAMPLES = 4: loss-hardcoded-examples'
                out.append(site)
            elif _isinstance(node, ast.Subscript) and f == "loss" and _converted_name(node.value) in weights:
                # pos_weights[i - 1], and a conversion's np.asarray(pos_weights)[::-1], torch.tensor(pw)[C - 1 - i];
                # not a conversion's other subscripts (np.asarray(pw)[None, :] is a whole-array loss's).
                how = _weight_index(_subscript_index(node))
                if how == "other" and roles is not None and _isinstance(_subscript_index(node), ast.Name) \
                        and _reversed_order(roles.value(_subscript_index(node).id)):
                    how = "reversed"  # j = C - 1 - i; pos_weights[j], order = list(range(C))[::-1]; pw[order] (review 36b)
                if how != "other" or _isinstance(node.value, ast.Name):
                    out.append(dict({"f": f, "kind": "weight", "line": node.lineno, "index": how}, **(_shifted_by(_subscript_index(node)) if how == "shifted" else {})))
                    weight_reads.append((out[-1], node))
                    if how == "shifted":
                        shifted_reads[1].append((out[-1], node))
            if helper_params and kind in ("For", "AsyncFor") and _helper_fixed_loop(node, helper_params, lambda e: module_constant(e, module_counts, _two_or_more)):
                # A helper's class loop over a fixed count: range(14), or range(N_CLASSES) of its own module's constant
                # (N_CLASSES = 14 in helpers.py beside the file), not the graded file's (lines 36b).
                out.append({"f": f, "kind": "hardcoded", "line": node.lineno})
            if _len(out) > max_sites:
                raise TimeoutError("fix_sites: too many sites")
            inner = looped or kind in _SITE_LOOPS
            # Under an if (or a try's handler) inside a loop: a return there is a deliberate exit.
            shield = False if kind in _SITE_LOOPS else guarded or (looped and kind in ("If", "ExceptHandler"))
            for child in _child_nodes(node, ast.AST):
                if made and id(child) in made and child is not root:
                    continue  # a class the factory returns, defined in a helper: read on its own, as the loss's
                cls = _type(child)  # a parsed node's class is ast's own (no subclass): no isinstance a child
                if uses is not None and cls is Name and _type(child.ctx) is Load:
                    uses.setdefault(child.id, []).append((child, node))
                if cls in own_defs:
                    stack.append((child, False, False, False, depth + 1))  # a nested def's own body: its returns count, its loops are its own
                elif kind in ("For", "AsyncFor") and child is node.iter:
                    stack.append((child, looped, own, guarded, depth))
                else:
                    stack.append((child, inner, own, shield, depth))
        # range(1, N) after acc = labels[0] (range(N - 1) beside labels[-1]): the row the loop leaves out
        # is read apart, a running sum started from it, so the loop skips nothing for sure.
        dropped = [id(site) for site, which in ranged if which in rows_alone]
        off = lambda s, kind: s["kind"] == kind and (s.get("index") == "shifted" if kind == "weight" else not s.get("loop"))  # noqa: E731
        forward = any((off(s, "shifted") or off(s, "weight")) and s.get("forward") for s in out[first:])
        if f == "loss" and shifted_reads[0]:
            # y_true[:, i - 1] beside pos_weights[i - 1] in one term: the class read one off throughout is right (index -1
            # is the last class: the classes taken in turn), and columns and weights off apart there say no side for sure:
            # neither is a line of loss-class-index-off-by-one. One read at i + 1 reads past the last class (its
            # IndexError): every shifted read is a line, the fix takes them all back to i (lines 36b). A column read
            # outside the terms (an assert of its shape under `if i > 0`) is not the loss's: no line either (review 36).
            found = _shifted_reads(root, shifted_reads[0], shifted_reads[1], called)
            if found is None:  # too long to follow: both kinds dropped when both are read, as before review 36
                dropped += [id(s) for s, _ in shifted_reads[0] + shifted_reads[1]] if shifted_reads[1] and not forward else []
            else:
                dropped += (set() if forward else found[0]) | found[1]
        flipped_weights = any(s["kind"] == "weight" and s.get("index") == "reversed" for s in out[first:])
        paired = _terms_out_of_step(root, weight_reads, flip_reads) if {"y", "p"} <= reversed_cols else None
        if paired is not None:
            # Each term read on its own (review 36b): pos_weights[j] (j = C - 1 - i) with y_true[:, C - 1 - i] is right
            # beside neg_weights[i] with (1 - y_true[:, C - 1 - i]): a term's weights in order against its columns from
            # the end is a flip at those columns' lines, naming the weight out of step; reversed weights with them, none.
            keep, lines = paired
            dropped += [id(s) for s in out[first:] if s["kind"] == "weight" and s.get("index") == "reversed" and id(s) not in keep]
            for line, weight in lines:
                out.append(dict({"f": f, "kind": "flipped", "line": line}, **({"inOrder": weight} if weight else {})))
        elif {"y", "p"} <= reversed_cols:
            # pos_weights[C - 1 - i] with y_true[:, C - 1 - i] and y_pred[:, C - 1 - i], np.flip of the weights and
            # of both inputs' columns: every class read from the end the same way, no loss-weights-reversed.
            dropped += [id(s) for s in out[first:] if s["kind"] == "weight" and s.get("index") == "reversed"]
            if not flipped_weights:
                # Both inputs' classes reversed (K.reverse(y_true, axes=1), y_pred[:, ::-1]) against weights in order:
                # class i's column meets class C - 1 - i's weights, each flip a line of loss-weights-reversed (lines 36b).
                for line in sorted({line for role, line in flips if role in ("y", "p")}):
                    out.append({"f": f, "kind": "flipped", "line": line})
        if shifted_cols:
            # y_true[:, i - 1] with i from enumerate(..., start=1), range(1, C + 1) or i = c + 1: the class itself,
            # unless its range(1, C + 1) loop is a line (a weight read at i): the columns change with the loop.
            # The binding of i where the column is read (_scoped_from_zero), not a `lambda i:` elsewhere (lines 36b).
            zero = _scoped_from_zero(root, [(node, name) for _, name, node in shifted_cols])
            dropped += [id(site) for site, name, node in shifted_cols if id(node) not in zero and name not in shifted_loops]
        if dropped:
            out[:] = [site for site in out if id(site) not in dropped]
        if looped_logs:
            forms = _loop_forms(root, looped_logs, weights, classes)
            for site, _ in looped_logs:
                if id(site) in forms:
                    site["form"] = forms[id(site)]  # loss-sign's fix in the loop's form
        if f == "loss":
            top_def = lambda name: read(definition, name) if resolve(name) is not None and name not in graded.values() else None  # noqa: E731
            for line in _own_epsilons(root, calls, assigns, binders, epsilon, top_def, factory):
                out.append({"f": f, "kind": "epsilon", "line": line})
        if freqs:
            for line in _undivided(root, assigns, others, held):
                out.append({"f": f, "kind": "undivided", "line": line})
            for line in _n_minus_fraction(root, values(), met):
                out.append({"f": f, "kind": "complement", "line": line})  # N - positive_frequencies
            for line in _copied_sides(root, assigns, others, met):
                out.append({"f": f, "kind": "copied", "line": line})  # both frequencies made by one expression
            for line in _swapped_freqs(root, assigns, others):
                out.append({"f": f, "kind": "swapped", "line": line})  # positive_frequencies = np.mean(labels == 0, axis=0)
            for line in _freqs_fixed_counts(root, met):
                out.append({"f": f, "kind": "hardcoded", "line": line})
            first_param = (root.args.posonlyargs + root.args.args)[:1] if _isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
            for line in _freqs_short_classes(met, first_param[0].arg if first_param else None):
                out.append({"f": f, "kind": "short", "line": line})  # range(C - 1), labels[:, 1:]: a class left out
            for line in _freqs_typed_in(met):
                out.append({"f": f, "kind": "typed", "line": line})  # return np.array([0.2, 0.4, 0.6]): not from the labels
            for line in _mod_one_floors(met):
                out.append({"f": f, "kind": "integer", "line": line})  # counts / N - (counts / N) % 1: rounded down by hand
            for line in _class_count_divisors(met):
                out.append({"f": f, "kind": "count", "line": line})  # N = labels.shape[1], then / N: where N is bound
            for line, like in _int_storage(met, first_param[0].arg if first_param else None):
                # pos = np.zeros_like(labels[0]) (likeLabels), np.zeros(C, dtype=int): filled by index
                out.append(dict({"f": f, "kind": "intStore", "line": line}, **({"likeLabels": True} if like else {})))
        if writers is not None:
            writers.sort(key=lambda n: getattr(n, "lineno", 0))
            for line in _input_writes(writers):
                out.append({"f": f, "kind": "mutates", "line": line})
            counts = _freqs_class_names(writers) if by_name else ()
            for site, name in by_name:
                if name in counts:
                    site["by"] = "classes"
        if factory:
            # A def (or a lambda bound to a name) of the loss's own, called once by its name and read nowhere
            # else (`def bce(y, p, wp, wn): ...`, then `bce(y_true[:, i], y_pred[:, i], neg_weights[i], ...)`):
            # its terms read with its parameters' roles (helper_read), as a helper of the file's is.
            for name, defs in nested.items():
                used = uses.get(name, [])
                if _len(defs) == 1 and _len(used) == 1 and _isinstance(used[0][1], ast.Call) and used[0][1].func is used[0][0]:
                    helper_read(defs[0], used[0][1], roles)
            for line in _swapped_weights(products, roles):
                out.append({"f": f, "kind": "swapped", "line": line})
            order = _reversed_inputs(roles)
            if order is not None:
                # forward(self, y_pred, y_true): the def's line (loss-swapped-arguments' fix), and each
                # term whose labels and log disagree by the names ("crossed": loss-swapped-terms beside it).
                out.append({"f": f, "kind": "order", "line": order[2]})
            if not picked:
                for line, kind in _term_labels(products, roles, uses):
                    site = {"f": f, "kind": kind, "line": line}
                    if kind == "mismatched" and order is not None and _SITE_VAR.match(order[0]) and _SITE_VAR.match(order[1]):
                        site["labels"], site["preds"] = order[0], order[1]  # its fix in the learner's names
                    out.append(site)
                if order is not None:
                    for line, kind in _term_labels(products, _RolesByName(roles), uses):
                        if kind == "mismatched":
                            out.append({"f": f, "kind": "crossed", "line": line})
            for line in _whole_terms(products, calls, roles):
                out.append({"f": f, "kind": "whole", "line": line})
            for line in _complemented_weights(ones, roles):
                out.append({"f": f, "kind": "complement", "line": line})
            if order is None:  # inputs named in the other order: which is the prediction is no sure thing
                for line in _predicted_labels(products, roles):
                    out.append({"f": f, "kind": "predicted", "line": line})
            terms.extend(_term_sides(products, roles))
            for line in _reduced_apart(calls, roles, reduced, divided, divided_nodes):
                out.append({"f": f, "kind": "apart", "line": line})
            for line in _sums_class_mean(calls, roles):
                out.append({"f": f, "kind": "classMean", "line": line})
            # A statistics helper the loss defines itself (`def _weights(y): ...` in get_weighted_loss): as a file's.
            # Read only when the loss calls one with its labels (no walk of its other defs).
            own_stats = {}

            def own_stat(name):
                if name not in own_stats:
                    defs = nested.get(name, [])
                    own_stats[name] = defs[0] if _len(defs) == 1 and _isinstance(defs[0], (ast.FunctionDef, ast.AsyncFunctionDef)) \
                        and defs[0] is not root and _label_stats_def(defs[0]) else None
                return own_stats[name]

            for line in _recomputed_weights(assigns, binders, products, calls, roles, lambda n: own_stat(n) is not None or stats_helper(n),
                                            lambda n: (_label_stats_lines(own_stat(n)) or None) if own_stat(n) is not None else helper_lines(n)):
                out.append({"f": f, "kind": "recomputed", "line": line})
            for line in _weights_apart(products, roles):
                out.append({"f": f, "kind": "weightsApart", "line": line})
            for line in _sample_weighted_columns(calls, roles):
                out.append({"f": f, "kind": "weightsApart", "line": line})
            for line in _averaged_classes(products, roles):
                out.append({"f": f, "kind": "mixed", "line": line})
            for line in _unweighted_bces(calls, products, roles):
                out.append({"f": f, "kind": "unweightedBce", "line": line})
            for line, dtype in _dtype_sites(calls, roles):
                out.append({"f": f, "kind": dtype, "line": line})
            for line in _mean_products(products, roles.value):
                out.append({"f": f, "kind": "meanProduct", "line": line})
            for site in _averaged_terms(by_two, means, products, roles):
                site["averages"] = True
            if not reshaped:
                for line in _unindexed_terms(loops, products, roles):
                    out.append({"f": f, "kind": "unindexed", "line": line})
                per_row = any(s["kind"] == "reduction" and s.get("axis") in (1, -1) for s in out)
                for line in _mixed_terms(loops, products, roles, per_row):
                    out.append({"f": f, "kind": "mixed", "line": line})
            if not reshaped:
                bounds = []
                for line, by_example in _rows_not_columns(loops, spreads, roles, bounds):
                    # pos_weights[n] in a loop over the examples: "over": "examples" (its fix is the whole
                    # vectors), and the loop's variable when a plain ASCII name, for the fix to say.
                    site = {"f": f, "kind": "rows", "line": line}
                    if by_example is not None:
                        site["over"] = "examples"
                        if _SITE_VAR.match(by_example):
                            site["var"] = by_example
                    out.append(site)
                for line in bounds:
                    out.append({"f": f, "kind": "bound", "line": line})
            for line in _clip_sites(clips, roles):
                out.append({"f": f, "kind": "clip", "line": line})
            for line in _fixed_bounds(loops, roles):
                out.append({"f": f, "kind": "hardcoded", "line": line})
        if _len(out) > max_sites:
            raise TimeoutError("fix_sites: too many sites")
        return called

    # A loss written as a class: the factory returns an instance of it (`return WeightedLoss(pos_weights,
    # neg_weights, epsilon)`, or a name bound to one: _returned_constructions). A class of the file's
    # (at the top level, in a class, returned by a helper, or under another name) is read as the loss's
    # own definition (_LossRoles: its attributes and its __call__ / forward / call): made, id -> (the
    # class, its construction). A class of the factory's own is read with it (`construction`).
    made, construction = {}, None
    if loss is not None:
        loss_walk = ([], [])  # _name_assigns(loss)'s assignments and other bindings, which visit reuses
        loss_walk[0].extend(_name_assigns(loss, 5000, loss_walk[1]))
        constructions = _returned_constructions(loss, *loss_walk)
        construction = constructions[0] if _len(constructions) == 1 else None
        inside, own_classes, values_of, looked = set(), {}, {}, [0]
        if constructions:
            for n in _statements(loss):
                inside.add(id(n))
                if _isinstance(n, ast.ClassDef):
                    own_classes.setdefault(n.name, []).append(n)
            for k, node in loss_walk[0]:
                values_of.setdefault(node.targets[0].id, []).append(node.value)

        def made_class(e, depth=0):
            """The ClassDef a construction's callee names, or None."""
            if depth > 4:
                return None
            if _isinstance(e, ast.Name):
                own, once = own_classes.get(e.id, []), values_of.get(e.id, [])
                if own or once:
                    # The factory's own class, or a name it binds once (`make = WeightedLoss`).
                    return own[0] if _len(own) == 1 and not once else made_class(once[0], depth + 1) if _len(once) == 1 and not own else None
                if resolve(e.id) is None or e.id in graded.values():
                    # A module-level name for a class (`Loss = WeightedLoss`), written once at column 0
                    # (at most four looked up, each a regex scan of the source).
                    looked[0] += 1
                    if looked[0] > 4:
                        return None
                    alias = re.findall(r"(?m)^%s[ \t]*=[ \t]*([A-Za-z_]\w*)[ \t]*(?:#[^\n]*)?$" % re.escape(e.id), source)
                    return made_class(ast.Name(id=alias[0]), depth + 1) if _len(alias) == 1 and alias[0] != e.id else None
                found = definition(e.id)
                return found if _isinstance(found, ast.ClassDef) else None
            if _isinstance(e, ast.Attribute):  # Losses.Weighted: a class in a class
                outer = made_class(e.value, depth + 1)
                inner = [st for st in outer.body if _isinstance(st, ast.ClassDef) and st.name == e.attr] if outer is not None else []
                return inner[-1] if inner else None
            if _isinstance(e, ast.Call) and _isinstance(e.func, ast.Name) and resolve(e.func.id) is not None and e.func.id not in graded.values():
                # make()(...): a helper that defines a class and returns it.
                helper = definition(e.func.id)
                first = _first_return(helper) if _isinstance(helper, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
                if first is not None and _isinstance(first.value, ast.Name):
                    own = [n for n in _statements(helper) if _isinstance(n, ast.ClassDef) and n.name == first.value.id]
                    return own[0] if _len(own) == 1 else None
            return None

        for call in constructions:
            cls = read(made_class, call.func)
            if cls is None or id(cls) in inside:
                continue
            if id(cls) in made and ast.dump(made[id(cls)][1]) != ast.dump(call):
                made[id(cls)] = (cls, None)  # one class built two ways: which arguments it holds is no one's
            elif id(cls) not in made:
                made[id(cls)] = (cls, call)
        made = {k: v for k, v in made.items() if v[1] is not None}

    freqs_by = read(delegate_of, graded_def(graded["freqs"]))  # its return is the helper's: no return site of its own
    # Its key, resolved once in the graded file's namespace (the name it is called by there, `_freqs` or
    # `hp.freqs`, may be unbound in the helper's own module, where the helper is read).
    freqs_key = resolve(freqs_by) if freqs_by is not None else None
    calls_to = {}  # helper name -> [(a call of it in the loss's own definition, that definition's readers)]

    def helper_terms(fn):
        """A helper of the file's the loss calls once (helper_read)."""
        found = calls_to.get(fn.name, [])
        if _len(found) != 1 or found[0][1] is None:
            return
        helper_read(fn, *found[0])

    def helper_read(fn, call, outer):
        """A helper the loss calls once, positionally, with its weights, labels and predictions, whole
        or indexed (`_terms(y_true, y_pred, pos_weights, neg_weights, epsilon)`, `bce(y_true[:, i],
        y_pred[:, i], neg_weights[i], pos_weights[i])`): its parameters hold what the call gives them
        (`outer`: the caller's readers), and its terms are read as the loss's (swapped, mismatched,
        unlabelled). `fn`: a def, or a lambda."""
        if _isinstance(fn, ast.Lambda):
            # Its expression as a def's one return: the same nodes, read as a def's.
            body = ast.Return(value=fn.body, lineno=fn.lineno, col_offset=0)
            fn = ast.FunctionDef(name="<lambda>", args=fn.args, body=[body], decorator_list=[], returns=None, type_comment=None,
                                 lineno=fn.lineno, col_offset=0)
        params = fn.args.posonlyargs + fn.args.args
        if call.keywords or any(_isinstance(a, ast.Starred) for a in call.args) or _len(call.args) > _len(params):
            return
        given = {}
        for a, arg in zip(params, call.args):
            plain = outer.plain(arg)
            given[a.arg] = outer.role(plain) if plain is not None else None
        if not ({"P", "N"} & set(given.values())) and {"y", "p"} <= set(given.values()) and _isinstance(fn, ast.FunctionDef):
            helper_weights(fn, params, call, given)
        if not {"P", "N"} <= set(given.values()) or not {"y", "p"} <= set(given.values()):
            return  # given no weights, labels and predictions: read as any helper
        _, _, roles, products = helper_roles(fn, params, call, given)
        for line in _swapped_weights(products, roles):
            out.append({"f": "loss", "kind": "swapped", "line": line})
        for line, kind in _term_labels(products, roles):
            out.append({"f": "loss", "kind": kind, "line": line})

    def helper_roles(fn, params, call, given):
        """A helper def the loss calls once (`call`), read with the roles its arguments have there (`given`:
        parameter -> "y", "p", "P", "N" or None): its assigns, the names bound otherwise, its _LossRoles (one of
        `readers`) with each parameter bound where the call gives it, and its products (the terms' candidates)."""
        others = []
        assigns = _name_assigns(fn, 2000, others)
        roles = _LossRoles(fn, assigns, others)
        readers.append(roles)
        lines = {a.arg: arg.lineno for a, arg in zip(params, call.args)}
        for a in params:
            roles.bound[a.arg] = [(lines.get(a.arg, fn.lineno), given.get(a.arg))]  # bound where the call gives it
            roles.at[a.arg] = [None]
        roles.memo.clear()
        roles.single.clear()
        products = [n for n in _walk(fn, ast.AST) if (_isinstance(n, ast.BinOp) and _isinstance(n.op, (ast.Mult, ast.Div))) or
                    (_isinstance(n, ast.UnaryOp) and _isinstance(n.op, (ast.USub, ast.UAdd))) or
                    (_isinstance(n, ast.Call) and _callee(n.func) in ("multiply", "mul"))]
        return assigns, others, roles, products

    def helper_lines(name):
        """A statistics helper's own lines that make the labels' statistics (_label_stats_lines), when it is a
        def of the graded file that compute_class_freqs does not call (its statistics are right there)."""
        if resolve(name) != name:
            return None
        freqs_fn = graded_def(graded["freqs"])
        for k, n in enumerate(_walk(freqs_fn, ast.AST) if freqs_fn is not None else ()):
            if k > 5000 or (_isinstance(n, ast.Call) and _isinstance(n.func, ast.Name) and n.func.id == name):
                return None
        return read(_label_stats_lines, read(definition, name)) or None

    def helper_weights(fn, params, call, given):
        """A helper the loss calls once with its labels and predictions and no weight (`_term(y_true, y_pred,
        epsilon)`): the weights it makes itself from the labels (`w = y.float().mean(dim=0)`), its own lines
        (_recomputed_weights with its parameters' roles; lines 36a)."""
        assigns, others, roles, products = helper_roles(fn, params, call, given)
        for line in _recomputed_weights(assigns, others, products, [], roles):
            out.append({"f": "loss", "kind": "recomputed", "line": line})

    def stats_helper(name):
        """A helper of the file's (or a module of the learner's) that makes the labels' per-class statistics (_label_stats_def)."""
        return name not in graded.values() and resolve(name) is not None and _label_stats_def(read(definition, name))

    readers = []  # each visit's _LossRoles, whose steps count towards the file's
    loss_helpers = set()  # helpers that are the loss itself (functools.partial(_wbce, ...)): their own body is the loss's
    unseen = False  # a function of the loss's left unread (over its budget, past the file's, too deep): its logs unknown
    for f, name in graded.items():
        root = graded_def(name)
        if root is None:
            continue
        done = {name}
        todo = [(root, 0, "")]
        seen_defs = set()
        while todo:
            if steps[0] > max_steps:
                unseen = unseen or f == "loss"
                todo = []  # the file's budget is spent: the functions read so far keep their sites
                break
            fn, depth, here[0] = todo.pop()
            seen_defs.add(id(fn))
            own = f == "loss" and (fn is root or (_isinstance(fn, ast.ClassDef) and id(fn) in made and depth == 1))
            mark, first = _len(out), _len(readers)
            try:
                helpers = visit(fn, f, own)
                if depth > 0 and not own and not (_isinstance(fn, ast.FunctionDef) and fn.name in loss_helpers) \
                        and not (freqs_key is not None and fn is top.get(freqs_key)):
                    for site in out[mark:]:
                        if site["kind"] == "return":
                            site["helper"] = True  # a helper's own return (`return np.mean(labels, axis=0)`), not the graded function's (lines 35d)
                elif depth == 0 and f == "freqs":
                    # The graded function's own `return _freqs(labels.T)`, a call of a def of the file that is not
                    # read as its definition: the values are made in that helper, no fix goes on this line (review 35).
                    # Unless the call's own arguments show the frequencies swapped (as_pair(negative, positive)): the
                    # mistake is on this line (review 36).
                    once = {}
                    for st in fn.body:
                        if _isinstance(st, ast.Assign) and _len(st.targets) == 1 and _isinstance(st.targets[0], ast.Name):
                            once[st.targets[0].id] = st.value if st.targets[0].id not in once else None
                    handed = {st.lineno for st in fn.body if _isinstance(st, ast.Return) and _isinstance(st.value, ast.Call)
                              and resolve(_dotted_call(st.value.func)) is not None and not _swapped_pair(st.value, once.get)}
                    for site in out[mark:]:
                        if site["kind"] == "return" and site["line"] in handed:
                            site["helper"] = True
                if f == "loss" and not own and depth == 1 and _isinstance(fn, ast.FunctionDef):
                    helper_terms(fn)
            except unread as e:
                told(e)
                del out[mark:]  # this function over its budget: none of its sites, nor its helpers
                helpers = []
                unseen = unseen or f == "loss"
            steps[0] += seen[0] + sum(r.steps for r in readers[first:])
            for helper in helpers:
                key = resolve(helper)  # in the namespace of the file that calls it
                if key not in done and depth < 2:
                    done.add(key)
                    if read(definition, helper) is not None:
                        todo.append((top[key], depth + 1, key[0] if _type(key) is tuple else here[0]))
                    else:
                        unseen = unseen or f == "loss"
                elif key not in done:
                    unseen = unseen or f == "loss"
            if not todo and f == "loss":
                # The classes the factory returns that no name it calls reached (Losses.Weighted, an alias, make()(...)).
                todo = [(cls, 1, "") for cls, _ in made.values() if id(cls) not in seen_defs]
    if spent is not None:
        spent["steps"] = steps[0]
    # The loss's terms (its own definition's), kept as "lone" when every log the loss and its helpers
    # take is in one of them and all are of one side: the term the missing one goes beside
    # (loss-missing-term). A log elsewhere (a helper's, one in no term, one of a function left unread)
    # may be the other term: none.
    # At most 3 (the lines a site names), and within the sites a function may give.
    if terms and not unseen and _len(terms) <= 3 and _len(out) + _len(terms) <= max_sites:
        logs = [s for s in out if s["f"] == "loss" and s["kind"] == "log"]
        if _len(logs) == _len(terms) and _len({side for _, side in terms}) == 1:
            out.extend({"f": "loss", "kind": "lone", "line": line} for line, _ in terms)
    out.sort(key=lambda s: (s["f"], s["line"], s["kind"]))
    for site in out:
        if site["line"] > _FOREIGN_LINES:  # a line of a module of the learner's (parse_foreign)
            at, site["line"] = divmod(site["line"], _FOREIGN_LINES)
            site["file"] = files[at - 1]
    return out


# Where fix_sites reads the lines of a module of the learner's beside the file: each past the last a
# graded file can have (MAX_SOURCE_LINE, protocol.ts), one such span per module.
_FOREIGN_LINES = 10 ** 8


def _is_main_guard(test):
    import ast

    return (_isinstance(test, ast.Compare) and _len(test.ops) == 1 and _isinstance(test.ops[0], ast.Eq)
            and {type(test.left).__name__, type(test.comparators[0]).__name__} == {"Name", "Constant"}
            and "__name__" in (getattr(test.left, "id", None), getattr(test.comparators[0], "id", None)))


def cell_magic_defs(original, name):
    """A notebook cell under %%time (or %%capture …) exported to a .py by nbconvert: the cell's
    code is a string, get_ipython().run_cell_magic('time', '', '...def name(...'), never run.
    The file's own lines (`original` is the file as handed in, before any retry)."""
    import ast

    if "run_cell_magic" not in original:
        return []
    try:
        tree = ast.parse(original)
    except PARSE_ERRORS:
        return []
    out = []
    for node in tree.body:
        call = node.value if _isinstance(node, ast.Expr) else None
        args = getattr(call, "args", [])
        if (getattr(getattr(call, "func", None), "attr", None) == "run_cell_magic" and _len(args) == 3
                and _isinstance(args[0], ast.Constant) and _isinstance(args[2], ast.Constant)
                and _isinstance(args[2].value, str) and any(n == name for _, n in _notebook().graded_defs(args[2].value, call=False))):
            out.append(dict(name=name, scope="cell-magic %s" % str(args[0].value)[:40], line=node.lineno))
    return out


def commented_defs(plan, original, name):
    """Where `name` is only in comments (notebook.commented_graded): a def commented out
    (scope 'commented-out'), else a to-do comment naming it (scope 'todo-comment'), with its
    place. A .py is read as handed in (`original`: the source a retry runs has lost its
    comments); a notebook's cells as the extraction read them, since the source the runner runs
    never holds their comments."""
    nb = _notebook()
    if plan["kind"] == "ipynb":
        found = [(how, dict(cell=cell, line=line)) for cell, line, how in nb.COMMENTED.get(name, [])]
    elif "#" in original:
        lines = nb.python_lines(original)
        found = [(how, dict(line=line)) for line, n, how in nb.commented_graded(lines) if n == name]
    else:
        found = []
    found.sort(key=lambda f: f[0] != "def")  # stable: the first commented-out def, else the first to-do
    return [dict(name=name, scope="commented-out" if how == "def" else "todo-comment", **place) for how, place in found[:1]]


def near_misses(mod, name, source, commented=()):
    """Where the learner may have meant `name`, which the module does not define: a def of that
    name that is not at the top level (inside `if __name__ == "__main__":`, another function, a
    class, an if block that did not run), and top-level functions with a close name (a typo, other
    capitals). Only run for a missing function, so the parse costs nothing in the usual case."""
    import ast
    import difflib

    out = []
    try:
        tree = ast.parse(source)
    except PARSE_ERRORS:
        tree = None

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            if _isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and child.name == name and scope:
                out.append(dict(name=name, scope=scope, **Sub.where(child.lineno)))
            if _isinstance(child, ast.If):
                inner = "main-guard" if _is_main_guard(child.test) else (scope or "if")
            elif _isinstance(child, ast.ClassDef):
                inner = "class " + child.name
                # Bound in the class's body (`compute_class_freqs = staticmethod(_f)`, a property):
                # an attribute of the class, which the grader never looks in; no misspelling.
                for stmt in child.body:
                    targets = stmt.targets if _isinstance(stmt, ast.Assign) else [stmt.target] if _isinstance(stmt, ast.AnnAssign) else []
                    if any(_isinstance(t, ast.Name) and t.id == name for t in targets):
                        out.append(dict(name=name, scope="class-attribute " + child.name[:200], **Sub.where(stmt.lineno)))
                        break
            elif _isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                inner = "function " + getattr(child, "name", "<lambda>")
            else:
                inner = scope
            visit(child, inner)

    if tree is not None:
        visit(tree, None)
        # `compute_class_freqs = None  # TODO`: the name is bound, to a placeholder (sweep 20).
        if mod.__dict__.get(name, 0) is None:
            for node in tree.body:
                targets = node.targets if _isinstance(node, ast.Assign) else [node.target] if _isinstance(node, ast.AnnAssign) else []
                value = getattr(node, "value", None)
                if _isinstance(value, ast.Constant) and value.value is None and any(_isinstance(t, ast.Name) and t.id == name for t in targets):
                    out.insert(0, dict(name=name, scope="placeholder", **Sub.where(node.lineno)))
                    break
    # The file put another object in its own place in sys.modules (`sys.modules[__name__] = M()`,
    # whose property or attribute hands the function out): the grader grades what the file's top
    # level binds, as Jupyter and the course's tests call it, so the name is missing, said so (it
    # read as a misspelling). The object is not asked for the name: its code is the learner's.
    stand_in = dict.get(_MODULES, "submission")
    if stand_in is not None and stand_in is not mod:
        line = None
        for node in ast.walk(tree) if tree is not None else ():
            targets = node.targets if _isinstance(node, ast.Assign) else []
            if any(_isinstance(t, ast.Subscript) and _isinstance(t.value, ast.Attribute) and t.value.attr == "modules" for t in targets):
                line = node.lineno
                break
        out.insert(0, dict(name=name, scope="module-replaced", **Sub.where(line)))
    # A module-level __getattr__ (PEP 562) of the file's own, which may hand out the name to
    # `import` and attribute access but defines nothing: the graded function is a name the file
    # binds, as Jupyter's cells and a learner's own tests call it, not one made up on request, so
    # it stays missing, said so (red team 34: it read as a misspelling). Not called: its code is
    # the learner's, and what it returns may change from one lookup to the next. Named only when
    # its code names the function, or reads a top-level dict with it as a key (a lazy import's
    # __getattr__ is no reason for a misspelt def).
    hook = mod.__dict__.get("__getattr__")
    hook_code = hook.__code__ if _type(hook) is types.FunctionType else None
    if hook_code is not None and hook_code.co_filename == Sub.filename and _names_in_code(mod, hook_code, name):
        out.append(dict(name=name, scope="module-getattr", **Sub.where(hook_code.co_firstlineno)))
    # The def commented out, as a learner does with a function that does not work yet, or a
    # comment where it belongs saying it is still to do (sweep 20): commented_defs.
    out.extend(commented[:1])
    functions = {}
    for key, value in list(mod.__dict__.items()):
        code = getattr(value, "__code__", None) if _type(value) is types.FunctionType else None
        if code is not None and code.co_filename == Sub.filename and _isinstance(key, str) and key.isidentifier() and not key.startswith("__"):
            functions[key] = code.co_firstlineno
    lowered = {k.lower(): k for k in functions}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=2, cutoff=0.75)
    for key in close:
        real = lowered[key]
        out.append(dict(name=real[:200], scope="similar", **Sub.where(functions[real])))
    return out[:5]


def _names_in_code(mod, code, name):
    """Whether a function's code (its nested ones too) names `name`: a string constant or a global,
    or a top-level plain dict it reads holds it as a key (`_T = {"compute_class_freqs": _f}`). Keys
    are compared only when they are plain strings: a learner's key object runs no code here."""
    for c in _nested_codes(code):
        if name in c.co_consts or name in c.co_names:
            return True
        for read in c.co_names:
            table = mod.__dict__.get(read)
            if _type(table) is dict and _len(table) <= 10000 and any(_type(k) is str and k == name for k in list(table)):
                return True
    return False


def _blank(text):
    """A file with no code: every line blank or a comment (an empty file saved by mistake, or the
    template's comments with the work left in another file)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in _PY_LINE.findall(text))


_FRAMEWORK_WORDS = ("torch", "tensorflow", "jax", "keras")


# A line as Python counts them (with its end): broken at \n, \r\n and \r only; str.splitlines
# also breaks at \f, \v and U+2028, which Python source keeps inside a line.
_PY_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_GRADED_DEF = re.compile(r"^(?:async[ \t]+)?def[ \t]+(compute_class_freqs|get_weighted_loss)\b", re.M)
# Any top-level def, for text that is not ASCII: a name Python reads as a graded one may be spelt
# with other letters (_py_name).
_ANY_DEF = re.compile(r"^(?:async[ \t]+)?def[ \t]+(\w+)", re.M)


def _py_name(name):
    """The name Python binds for an identifier as written: NFKC-normalized (PEP 3131), so `def
    ｃompute_class_freqs` (a fullwidth c) defines compute_class_freqs. Read as written, a second
    def so spelt was no redefinition and the pointers named the first, ungraded def's lines (red team 33)."""
    if name.isascii():
        return name
    import unicodedata

    return unicodedata.normalize("NFKC", name)

# The assignment's parameter names. A graded function that reads one of them as a global reads
# the file's own variable, not what the grader passes: the course notebook's test cell sets
# `epsilon = 1`, and a loss whose parameter was named `eps` but whose body said `epsilon` used 1 on
# every case, with nothing to say why.
_ASSIGNMENT_PARAMS = frozenset(("labels", "pos_weights", "neg_weights", "epsilon", "y_true", "y_pred"))


def shadowed_parameter_notes(mod, kind):
    """A note per assignment parameter name that a graded function's code (nested functions
    included) reads from the module's globals, where the module defines it."""
    notes = []
    for name in ("compute_class_freqs", "get_weighted_loss"):
        code = getattr(mod.__dict__.get(name), "__code__", None)
        if not _isinstance(code, types.CodeType) or code.co_filename != Sub.filename:
            continue
        read = set()
        for c in _nested_codes(code):
            if _ASSIGNMENT_PARAMS.isdisjoint(c.co_names):  # cheap test first: most code reads none
                continue
            import dis

            read.update(i.argval for i in dis.get_instructions(c)
                        if i.opname in ("LOAD_GLOBAL", "LOAD_NAME") and i.argval in _ASSIGNMENT_PARAMS)
        params = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
        if _len(params) > 256:
            # LoadNoteSchema's `params` holds at most 256: a longer list refused the whole load
            # record (a corrupt channel, 0 points: records 30). The note is a hint; it is left out.
            continue
        for g in sorted(g for g in read if g in mod.__dict__):
            value = mod.__dict__[g]
            note = {"id": "shadowed", "function": name, "name": g, "kind": kind, "params": [str(p) for p in params]}
            if _isinstance(value, (int, float)):
                note["value"] = safe_str(value)[:40]
            notes.append(note)
    return notes


def _is_data(value):
    """A list, a tuple or an array (a value with a shape that is not a module, class or function)."""
    if value is None:
        return False
    return _isinstance(value, (list, tuple)) or (
        not _isinstance(value, (type, types.ModuleType)) and not callable(value) and hasattr(value, "shape"))


def unread_labels_notes(mod, kind):
    """compute_class_freqs that never reads its first parameter (labels) and reads arrays from the
    module's globals instead (`train_labels`, the notebook's data): every case gets the file's
    labels, which freqs-ignores-inputs names without saying why. One note with those globals' names."""
    code = getattr(mod.__dict__.get("compute_class_freqs"), "__code__", None)
    if not _isinstance(code, types.CodeType) or code.co_filename != Sub.filename or code.co_argcount < 1:
        return []
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return []
    # A cheap test first: most code names no global array (co_names also holds attribute names,
    # which a module's dict rarely has).
    codes = list(_nested_codes(code))
    if not any(_is_data(mod.__dict__.get(n)) for c in codes for n in c.co_names if n not in _ASSIGNMENT_PARAMS):
        return []
    import dis

    param = code.co_varnames[0]
    arrays = []
    for c in codes:
        for i in dis.get_instructions(c):
            # Any load of the parameter (LOAD_FAST, a closure's LOAD_DEREF, 3.13's paired loads)
            # is a read; so is a call of locals() or vars(), which may read it by name.
            names = i.argval if _isinstance(i.argval, tuple) else (i.argval,)
            if i.opname.startswith("LOAD_") and param in names:
                return []
            if i.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                if i.argval in ("locals", "vars", "eval", "exec"):
                    return []
                value = mod.__dict__.get(i.argval)
                # An assignment's name (labels read as a global) has the shadowed note already.
                if i.argval not in arrays and i.argval not in _ASSIGNMENT_PARAMS and _is_data(value):
                    arrays.append(i.argval)
    # Names as LoadNoteSchema's identifier takes them (letters, digits, _): a name with a combining
    # mark or a middle dot, legal in Python, is left out rather than failing the load's record.
    arrays = [a for a in arrays if _plain_name(a)]
    if not arrays or not _plain_name(param):
        return []
    return [{"id": "unread-labels", "kind": kind, "param": str(param), "globals": [str(a) for a in arrays[:3]]}]


def _plain_name(name):
    """Whether a name is letters, digits and underscores only, not starting with a digit (up to 200)."""
    import unicodedata

    return (_isinstance(name, str) and 0 < _len(name) <= 200 and unicodedata.category(name[0])[0] != "N"
            and all(ch == "_" or unicodedata.category(ch)[0] in "LN" for ch in name))


def _graded_earlier(info, spots):
    """Whether the graded function (function_info: where its code starts) is one of the
    definitions a redefined note lists, not its last."""
    if not info or "line" not in info:
        return False
    return [info.get("cell"), info["line"]] in [list(s) for s in spots[:-1]]


# redefinition_notes reads copies as the same code (_same_code) only for so many of them, in a .py
# of at most so many bytes (a parse of its own): past that, the note says what it says of any copies.
_SAME_CODE_MAX_DEFS = 50
_SAME_CODE_MAX_BYTES = 128 * 1024


def _same_code(name, trees, count):
    """Whether the `count` top-level defs of `name` in `trees` are all the same code (ast.dump: comments
    and layout aside, decorators and defaults in): a copy pasted twice, where which one is graded
    makes no difference. False when the trees hold another number of them (a tree missing)."""
    import ast

    first, seen = None, 0
    for tree in trees:
        for node in getattr(tree, "body", ()):
            if _isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
                code = ast.dump(node)
                if first is None:
                    first = code
                elif code != first:
                    return False
                seen += 1
    return seen == count


def redefinition_notes(plan, source, pieces=False):
    """A graded function defined more than once (a notebook's first draft and a later fix, or a
    .py with an old copy left in): the last definition is graded, which the learner may not
    expect while reading the first. One note per such function, with where each one is. A .py
    graded from the `pieces` that parse (retry_parseable_pieces) counts the definitions in them:
    one in a piece left out for its SyntaxError was not graded, and its own note says so. Copies
    that are all the same code are marked `same` (_same_code): nothing to choose between."""
    if plan["kind"] == "ipynb" or pieces:
        nb = sys.modules.get("wlgrade_notebook")
        # A .py's pieces are padded to where they start (extract_py): their lines are the file's.
        cells = [(cell if not pieces else None, text) for cell, text, _tree in (nb.TREES if nb is not None else [])]

        def trees():
            return [tree for _cell, _text, tree in (nb.TREES if nb is not None else [])]
    else:
        cells = [(None, source)]

        def trees():  # parsed only for a redefinition, and not kept (the readers' tree is gone by now)
            import ast

            # A parse costs ~3 s a MB (red team 23's 2.7 MB of pasted copies ran into the load's limit):
            # a file that large is told as copies that may differ.
            return [ast.parse(source)] if _len(source) <= _SAME_CODE_MAX_BYTES else []
    found = {}  # name -> [(cell or None, line)]
    for cell, text in cells:
        # Lines counted from the previous def on, not from the text's start at every def: a file of
        # 4,000 pasted copies counted 2.7 MB 8,000 times (12 s, the load's limit; red team 23).
        line, at = 1, 0
        ascii_text = text.isascii()
        for m in (_GRADED_DEF if ascii_text else _ANY_DEF).finditer(text):  # top-level defs start at column 0
            name = m.group(1) if ascii_text else _py_name(m.group(1))
            if name not in ("compute_class_freqs", "get_weighted_loss"):
                continue
            line += text.count("\n", at, m.start())
            at = m.start()
            found.setdefault(name, []).append((cell, line))
    notes = []
    parsed = None
    for name in ("compute_class_freqs", "get_weighted_loss"):
        spots = found.get(name, [])
        if _len(spots) > 1:
            note = {"id": "redefined", "function": name, "kind": plan["kind"], "spots": [[cell, line] for cell, line in spots]}
            try:
                parsed = parsed if parsed is not None or _len(spots) > _SAME_CODE_MAX_DEFS else trees()
                if parsed is not None and _same_code(name, parsed, _len(spots)):
                    note["same"] = True
                    notes.append(note)  # which ran last makes no difference either
                    continue
            except Exception:  # unreadable: told as copies that may differ
                parsed = []
            counts = getattr(sys.modules.get("wlgrade_notebook"), "EXECUTION_COUNT", {}) if plan["kind"] == "ipynb" else {}
            if counts and all(cell in counts for cell, _ in spots):
                # The highest count was run last, unless another cell has it too: counts restart
                # with the kernel, so a tie is two sessions, and which one came later is unknown.
                top = max(counts[cell] for cell, _ in spots)
                at_top = set(cell for cell, _ in spots if counts[cell] == top)
                latest = min(at_top)
                last = spots[-1][0]
                if _len(at_top) == 1 and latest != last:
                    # Run out of order: the kernel holds the definition of the cell run last, which
                    # the learner tested; a fresh run top to bottom, as grading does, keeps the other.
                    note["ran"] = {"cell": latest, "count": counts[latest], "lastCell": last, "lastCount": counts[last]}
            elif counts and spots[-1][0] not in counts and any(cell in counts for cell, _ in spots):
                # The last definition's cell was never run (no execution count: added or pasted
                # after the last run), while an earlier one was: the kernel held that one, which
                # the learner tested; a fresh run top to bottom keeps the never-run one.
                ran = [cell for cell, _ in spots if cell in counts]
                top = max(counts[cell] for cell in ran)
                at_top = set(cell for cell in ran if counts[cell] == top)
                if _len(at_top) == 1:
                    latest = min(at_top)
                    note["ran"] = {"cell": latest, "count": counts[latest], "lastCell": spots[-1][0]}
            notes.append(note)
    return notes


_TOP_DEF = re.compile(r"(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)")  # a top-level def's or class's name (imported_modules)
_NAME_CHARS = 2000  # the protocol's longest name (protocol.ts `name`: a module the code imports)


def imported_modules(source, reached=None):
    """Top-level module names the submission imports (for framework detection). `reached`: for a
    notebook, the names its graded functions reach (notebook.NEEDED): an import in the body of a
    top-level def or class outside them is not counted, as the notebook's top-level imports that
    nothing graded needs are left out (a training helper that imports torch makes no numpy
    notebook a torch one, nor hands its functions torch tensors under `framework: auto`)."""
    if not any(w in source for w in _FRAMEWORK_WORDS):
        # No framework can be imported: skip the parse (a few ms per submission on the warm pool)
        # and list the plain `import x` / `from x import` lines; with `reached`, not those indented
        # under a top-level def or class it lacks, as the parse below leaves them out.
        found = set()
        owner = None  # the top-level def or class the line is in
        for line in source.splitlines():
            words = line.split()
            if reached is not None and words and line[0] not in " \t\f#":
                top = _TOP_DEF.match(line)
                owner = top.group(1) if top else None
            if len(words) < 2 or words[0] not in ("import", "from") or words[1].startswith("."):
                continue
            if owner is not None and owner not in reached and line[0] in " \t\f":
                continue
            rest = " ".join(words[1:])
            mods = [rest.split(" import ")[0]] if words[0] == "from" else [p.split()[0] for p in rest.split(",") if p.split()]
            found.update(m.split(".")[0] for m in mods)
        return sorted(n for n in found if n.isidentifier())[:256]
    import ast

    names = set()
    try:
        tree = ast.parse(source)
    except (*PARSE_ERRORS, ValueError):  # ValueError: a NUL byte, on Python 3.11.3 and older
        return []
    defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    if reached is not None:
        tree = ast.Module(body=[n for n in tree.body if not (_isinstance(n, defs) and n.name not in reached)], type_ignores=[])
    for node in _statements(tree):  # an import is a statement: a pasted literal's elements are not visited
        if _isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif _isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return sorted(names)[:256]


# ----------------------------------------------------------------------------------------
# Calls
# ----------------------------------------------------------------------------------------

class GraderCallError(Exception):
    """The learner's code returned something the next step cannot use (e.g. not a function)."""


def make_array(np, spec):
    """A fresh array for one call, and what it holds (dtype, shape, bytes) for the mutation check.
    The warm pool builds each input once (`template` and `pristine`, see pool_server.py) and
    hands every call its own copy; a cold run builds it from the plan's JSON."""
    template = spec.get("template")
    if template is not None:
        return np.ndarray.copy(template), spec["pristine"]
    arr = np.array(spec["data"], dtype=spec["dtype"]).reshape(spec["shape"])
    return arr, (arr.dtype, arr.shape, np.ndarray.tobytes(arr))


_EAGER = []


def _eager_class(np):
    """An ndarray with an eager tensor's `.numpy()` (a plain copy-free view back): what code written
    for TensorFlow eager tensors (`y_true.numpy()`) needs, without importing TensorFlow."""
    if not _EAGER:
        class EagerArray(np.ndarray):
            def numpy(self):
                return np.ndarray.view(self, np.ndarray)

        _EAGER.append(EagerArray)
    return _EAGER[0]


def to_framework(np, arr, framework):
    if framework == "numpy":
        return arr
    if framework == "eager":
        # A view: an in-place change still shows in the mutation check.
        return np.ndarray.view(arr, _eager_class(np))
    if framework == "torch":
        import torch

        # Shares memory with `arr`, so an in-place change on the tensor shows in the mutation check.
        return torch.from_numpy(arr)
    import tensorflow as tf

    return tf.constant(arr)


def weights_framework(framework):
    """What get_weighted_loss's pos_weights and neg_weights are handed as when y_true and y_pred are
    `framework`'s: numpy arrays beside TensorFlow tensors, as the course hands them (what
    compute_class_freqs returns, float64; TensorFlow converts a numpy array to the dtype of the
    tensor it meets, so they work beside Keras's float32 y_true and y_pred, where float64 tensors
    would make it refuse the float32 re-run, run_call_as_keras); torch tensors beside torch
    tensors, as a PyTorch training loop has them (numpy arrays there raise: an ndarray times a
    Tensor is a TypeError; PyTorch promotes float64 weights beside float32 inputs)."""
    return "numpy" if framework == "tensorflow" else framework


_AUTO_FRAMEWORK = ["numpy"]


def installed(name):
    """Whether a module can really be imported (the Keras shim's stand-ins do not count). Imports nothing."""
    if name in sys.modules and not getattr(sys.modules[name], "WLGRADE_STUB", False):
        return True
    shim = sys.modules.get("wlgrade_keras_shim")
    if shim is not None:
        return shim.real_spec(name) is not None
    import importlib.util

    return importlib.util.find_spec(name) is not None


_BACKEND_MODULES = ("keras.backend", "tensorflow.keras.backend")


def keras_backend_only(source, has=None, reached=None):
    """True when the submission uses Keras/TensorFlow only through the Keras backend API (`K.mean`,
    `tf.keras.backend.log` …). Such code gets the shim's stand-ins even where real Keras is installed:
    importing real Keras means importing TensorFlow (seconds, hundreds of MB) to compute a mean."""
    return _backend_reading(source, has, reached) is not None


def _backend_reading(source, has=None, reached=None, lacks=None):
    """keras_backend_only's reading: None when the code needs more of Keras/TensorFlow than the
    backend, else the dotted names it imports from Keras and never uses (`import keras.layers`, `from
    tensorflow.keras.layers import Dense`, the name bound never written again: a file's training
    imports left beside numpy or backend code), for placeholders (wlgrade_keras_shim.UNUSED). Such
    an import counts only when `has(name)` (the shim's real_has: the installed Keras holds it), so
    that one a real import fails still fails as written: a module `lacks(module)` says the installed
    Keras surely lacks (the shim's real_lacks_module: keras.engine under Keras 3, `from keras.layer
    import Dense`) fails on the stand-ins (No module named 'keras.layer', as real Keras says), without
    TensorFlow's seconds, the longest module on its way that Keras has served so that the error names
    the missing one; a name a module may lack (`from keras.layers import Densee`) takes the real import.
    `reached`: for a notebook, the names its graded functions reach (notebook.NEEDED): the body of
    a top-level def outside them never runs (a kept training helper's tf.reduce_mean), so it is not
    read, as imported_modules does not (a class's body runs when it is made: read whole)."""
    if "keras" not in source and "tensorflow" not in source:
        return None
    import ast

    try:
        tree = ast.parse(source)
    except PARSE_ERRORS:
        return None
    defs = (ast.FunctionDef, ast.AsyncFunctionDef)
    if reached is None:
        reached = _named_defs(tree)
    tree = ast.Module(body=[n for n in tree.body if not (_isinstance(n, defs) and n.name not in reached)], type_ignores=[])
    uses = False
    roots = {}  # local name -> the module path it is bound to ("tensorflow", "keras", "tensorflow.keras")
    unused = {}  # dotted name imported, never used -> the name it binds
    module_of = {}  # such a name -> the module its import loads (`from keras.layer import Dense`: keras.layer)
    bare = set()  # roots bound by such an import (`import keras.layers` binds keras): never used bare
    for node in ast.walk(tree):
        if _isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")[0]
                if top not in ("keras", "tensorflow"):
                    continue
                uses = True
                if a.name not in _BACKEND_MODULES and a.name not in ("keras", "tensorflow", "tensorflow.keras"):
                    # `import keras.layers`, `import keras.engine`: a module the stand-ins do not have.
                    # Used, or one the installed Keras lacks, it is not theirs (checked below).
                    unused[a.name] = a.asname or top
                    module_of[a.name] = a.name
                    if a.asname:
                        continue
                    bare.add(top)
                if a.name in _BACKEND_MODULES and a.asname:
                    continue
                roots[a.asname or top] = a.name if a.asname else top
        elif _isinstance(node, ast.ImportFrom) and node.module and not node.level:
            top = node.module.split(".")[0]
            if top not in ("keras", "tensorflow"):
                continue
            uses = True
            for a in node.names:
                full = node.module + "." + a.name
                if node.module in _BACKEND_MODULES or full in _BACKEND_MODULES:
                    continue
                if full in ("tensorflow.keras",):
                    roots[a.asname or a.name] = full
                    continue
                if a.name == "*":
                    return None  # binds names no one can list
                unused[full] = a.asname or a.name  # e.g. from keras.layers import Dense (checked below)
                module_of[full] = node.module
    if not uses:
        return None
    served = set()  # what gets a placeholder: the unused names Keras has, the modules on the way to one it lacks
    if unused:
        named = set(n.id for n in ast.walk(tree) if _isinstance(n, ast.Name))
        values = set(id(n.value) for n in ast.walk(tree) if _isinstance(n, ast.Attribute))  # keras in keras.backend
        for full, bound in unused.items():
            if full.split(".")[:2] != ["tensorflow", "keras"] and full.split(".")[0] != "keras":
                return None  # from tensorflow import math: TensorFlow itself, not its Keras
            if bound in roots:
                # `import keras.layers` binds keras: its uses go through .backend (below), never bare.
                if bound in bare and any(_isinstance(n, ast.Name) and n.id == bound and id(n) not in values
                                         for n in ast.walk(tree)):
                    return None
            elif bound in named:
                return None
            if has is None or lacks is None:
                shim = sys.modules.get("wlgrade_keras_shim")
                has = has or (shim.real_has if shim is not None else (lambda _name: False))
                lacks = lacks or (shim.real_lacks_module if shim is not None else (lambda _name: False))
            if has(full):
                served.add(full)
                continue
            module = module_of[full]
            if not lacks(module):
                return None
            parts = module.split(".")
            for end in range(_len(parts) - 1, 1, -1):  # keras.layers for keras.layers.core2: its error names core2
                if has(".".join(parts[:end])):
                    if ".".join(parts[:end]) in _BACKEND_MODULES:
                        return None  # the stand-ins' own backend, no package: the real import tells it
                    served.add(".".join(parts[:end]))
                    break
    # Every use of a bound root must go through .backend (tf.keras.backend.mean, keras.backend.log).
    for node in ast.walk(tree):
        if _isinstance(node, ast.Attribute) and _isinstance(node.value, ast.Name) and node.value.id in roots:
            path = roots[node.value.id] + "." + node.attr
            if not any(b == path or b.startswith(path + ".") for b in _BACKEND_MODULES):
                return None
            if path == "tensorflow.keras":
                continue
        if _isinstance(node, ast.Attribute) and _isinstance(node.value, ast.Attribute) and _isinstance(node.value.value, ast.Name):
            root = node.value.value.id
            if root in roots:
                path = roots[root] + "." + node.value.attr + "." + node.attr
                if not any(path == b or path.startswith(b + ".") for b in _BACKEND_MODULES):
                    return None
    return sorted(served)


def _named_defs(tree):
    """A .py's reach, as keras_backend_only reads it: the names of its top-level defs that can run,
    all but those nothing names (not graded, undecorated, their name in no other code, as a name or
    an attribute, and no string of the file: a training helper the file never calls, whose body
    never runs, nor one only such a def calls). Every other name is in it too (as notebook.NEEDED
    has them)."""
    import ast
    from collections import Counter

    defs = (ast.FunctionDef, ast.AsyncFunctionDef)
    strings = [n.value for n in ast.walk(tree) if _isinstance(n, ast.Constant) and _type(n.value) is str]
    def names(node):  # as names and as attributes (sys.modules[__name__].train)
        return Counter(x.id if _isinstance(x, ast.Name) else x.attr for x in ast.walk(node) if _isinstance(x, (ast.Name, ast.Attribute)))

    own = {}  # a candidate def's name -> the names in its own code
    for n in tree.body:
        if (_isinstance(n, defs) and not n.decorator_list and n.name not in _GRADED
                and not any(n.name in text for text in strings)):
            own[n.name] = names(n)
    everywhere = names(tree)
    dropped = set()
    grew = True
    while grew:  # a def only a dropped def names is dropped too
        grew = False
        for name in own:
            if name not in dropped and everywhere[name] - _sum(own[d][name] for d in dropped | {name}) <= 0:
                dropped.add(name)
                grew = True
    return (set(everywhere) | set(n.name for n in tree.body if _isinstance(n, defs))) - dropped


def use_stand_ins(source, reached=None):
    """Makes the Keras shim's stand-ins serve `source` when it uses Keras/TensorFlow only through
    the backend API (keras_backend_only; `reached`: a notebook's, as it takes), with placeholders
    for the Keras modules and names it imports and never uses (_backend_reading). Returns whether they do."""
    shim = sys.modules.get("wlgrade_keras_shim")
    if shim is None:
        return False
    unused = _backend_reading(source, reached=reached)
    if unused is None:
        return False
    shim.serve_unused(unused)
    shim.PREFER_STAND_INS = True
    return True


def auto_framework(imports):
    """framework: auto -> what the submission imports, if it is installed; numpy otherwise (Keras code
    written against `K` takes numpy arrays)."""
    if "torch" in imports and installed("torch"):
        return "torch"
    if "tensorflow" in imports and installed("tensorflow"):
        return "tensorflow"
    return "numpy"


def _stand_ins_serve():
    """Whether the Keras shim's stand-ins serve this code (use_stand_ins): its `import tensorflow`
    is theirs, and TensorFlow-mode calls get eager arrays, not tensors."""
    return getattr(sys.modules.get("wlgrade_keras_shim"), "PREFER_STAND_INS", False) is True


def frameworks_needed(plan, imports):
    """The frameworks whose tensors the plan's calls are handed (run_call): "torch", "tensorflow",
    in the order the calls first need them. A call served with numpy arrays, or with eager arrays
    (the stand-ins serve the code: use_stand_ins), needs none."""
    stand_ins = _stand_ins_serve()
    needed = []
    for call in plan.get("calls") or []:
        fw = call.get("framework", "numpy")
        if fw == "auto":
            fw = auto_framework(imports)
        if fw == "tensorflow" and stand_ins:
            continue
        if fw in ("torch", "tensorflow") and fw not in needed:
            needed.append(fw)
    return needed


def import_frameworks(np, needed):
    """Imports the frameworks the calls need (frameworks_needed) and makes one tensor of each (the
    first tf.constant also starts TensorFlow's eager context), before learner code runs: a cold
    TensorFlow import takes seconds, more on a busy machine, and inside the first call it counted
    against that call's time limit, so correct code timed out on it. Part of the grader's set-up,
    as numpy's import is (a warm pool's --preload finds the module in sys.modules). Returns None,
    or (framework, error text) for the first that does not import: the case file asks for tensors
    this Python cannot make, which is the grader's set-up to fix, not the learner's code."""
    for fw in needed:
        if not installed(fw):  # not the Keras shim's stand-in, whose tf.constant says it needs TensorFlow
            return fw, "ModuleNotFoundError: No module named '%s'" % fw
        try:
            to_framework(np, np.zeros(1), fw)
        except BaseException as exc:  # ImportError, or an installation that cannot load
            return fw, ("%s: %s" % (_type(exc).__name__, safe_str(exc)))[:1000]
    return None


def run_call(np, mod, call):
    """Calls the learner's function on fresh inputs. Returns (value, names of mutated inputs)."""
    fw = call.get("framework", "numpy")
    if fw == "auto":
        fw = _AUTO_FRAMEWORK[0]
    if fw == "tensorflow" and _stand_ins_serve():
        # The stand-ins serve this code (use_stand_ins): its `import tensorflow` is theirs, and so
        # would be the one here, which raised "tf.constant needs TensorFlow" as if the learner's
        # call had. Arrays with an eager tensor's .numpy() are what they take for TensorFlow's tensors.
        fw = "eager"
    args = call["args"]
    inputs = {}  # name -> (the array handed to the learner, its dtype, shape and bytes before the call)
    as_float32 = call.get("float32") is True  # y_true and y_pred as Keras hands them (run_call_as_keras)

    def fresh(name):
        arr, (dtype, shape, data) = make_array(np, args[name])
        if as_float32 and name in ("y_true", "y_pred"):
            arr = np.ndarray.astype(arr, "float32")
            dtype, shape, data = arr.dtype, arr.shape, np.ndarray.tobytes(arr)
        handed = ("numpy" if call.get("numpyWeights") else weights_framework(fw)) if name in ("pos_weights", "neg_weights") else fw
        # tf.constant copies and TF tensors are immutable: nothing to check; numpy arrays and torch
        # tensors share `arr`, so an in-place change shows in the mutation check below.
        if handed != "tensorflow":
            inputs[name] = (arr, dtype, shape, data)
        return to_framework(np, arr, handed)

    if call["fn"] == "compute_class_freqs":
        value = _closed(mod.__dict__["compute_class_freqs"](fresh("labels")))
    else:
        factory = mod.__dict__["get_weighted_loss"]
        pw, nw = fresh("pos_weights"), fresh("neg_weights")
        mode = args["epsilon_arg"]
        _IN_FACTORY[0] = True  # an exception now is get_weighted_loss's, not the loss's (main)
        if mode == "positional":
            loss_fn = factory(pw, nw, args["epsilon"])
        elif mode == "keyword":
            loss_fn = factory(pw, nw, epsilon=args["epsilon"])
        else:
            loss_fn = factory(pw, nw)
        _closed(loss_fn)
        _IN_FACTORY[0] = False
        if loss_fn is None:
            raise GraderCallError(
                "get_weighted_loss returned None, not a function: it must end with `return weighted_loss` "
                "(the inner function, not called)")
        if not callable(loss_fn):
            raise GraderCallError(
                "get_weighted_loss returned %s, not a function: it must return the inner weighted_loss function"
                % safe_str(_type(loss_fn).__name__)[:200]
            )
        y_true, y_pred = fresh("y_true"), fresh("y_pred")
        t0 = _perf()
        value = _closed(loss_fn(y_true, y_pred))
        # Called again only when that costs little (the call's time limit covers both), and once per
        # run: one second call shows a total kept in the closure, and each is a loss call more per
        # submission (a warm pool's rate) and the learner's prints twice.
        if _AGAIN_LEFT[0] > 0 and _perf() - t0 < 0.25:
            _AGAIN_LEFT[0] -= 1
            _AGAIN[0] = _called_again(np, loss_fn, value, args, fw, as_float32)
    mutated = []
    for name, (arr, dtype, shape, data) in inputs.items():
        try:
            # Byte equality (memcmp in C): any in-place change, NaN included, shows; the inputs
            # never hold NaN, so byte equality and value equality agree on an untouched array.
            same = arr.dtype == dtype and arr.shape == shape and np.ndarray.tobytes(arr) == data
        except Exception:
            same = False
        if not same:
            mutated.append(name)
    return value, mutated


_COROUTINE = types.CoroutineType


def _closed(value):
    """`value`, closed first when it is a coroutine (an `async def` called, never awaited): left to
    the garbage collector, Python warns "coroutine ... was never awaited" on stderr at the runner's
    own line, which the report showed as what the learner's code wrote (red team 33). Closing one
    that never started runs none of its code."""
    if _type(value) is _COROUTINE:
        _COROUTINE.close(value)
    return value


# Whether the running call is inside get_weighted_loss itself (making the loss function).
_IN_FACTORY = [False]

# The loss's value on a second call of the same loss function, when it differs from the first (_called_again).
_AGAIN = [None]
_AGAIN_LEFT = [1]  # second calls left in this run


def _plain_float(x):
    """float() of a one-value result; a torch tensor that requires grad is detached first, since
    converting it as it is makes PyTorch warn on stderr, which the report would show as the
    learner's (sweep 20: a loss returning loss with requires_grad=True)."""
    detach = getattr(x, "detach", None)
    return _float(detach() if callable(detach) else x)


def _called_again(np, loss_fn, first, args, fw, as_float32):
    """The loss function called a second time, on fresh copies of the same inputs: Keras calls the
    function get_weighted_loss returns once per batch, and one that keeps a total in its closure
    (a list, a nonlocal, an attribute) returns more each time. Returns the second value when both
    are single finite numbers and differ; None otherwise, and whatever the second call does (an
    error, an odd value), it changes nothing of the case."""
    try:
        if _type(first) is bool or not (isinstance(first, (int, float)) or tuple(getattr(first, "shape", (0,))) == ()):
            return None
        a = _plain_float(first)

        def copy(name):
            arr, _ = make_array(np, args[name])
            if as_float32:
                arr = np.ndarray.astype(arr, "float32")
            return to_framework(np, arr, fw)

        second = _closed(loss_fn(copy("y_true"), copy("y_pred")))
        if _type(second) is bool or not (isinstance(second, (int, float)) or tuple(getattr(second, "shape", (0,))) == ()):
            return None
        b = _plain_float(second)
        finite = all(x == x and abs(x) != float("inf") for x in (a, b))
        return b if finite and abs(a - b) > 1e-9 * max(1.0, abs(a)) else None
    except BaseException:  # noqa: BLE001  the first call's value stands
        return None


# Per graded function: the framework whose tensors it turned out to need (run_call_or_tensors).
_TENSORS_FOR = {}
# Whether the loss, on torch tensors, ran with the weights as numpy arrays (run_call_or_tensors).
_NUMPY_WEIGHTS = []


def _tensor_framework(exc, imports):
    """The tensors the code that raised `exc` on numpy arrays was written for ("torch", "eager"), or
    None. PyTorch: `torch.log(y_pred)` raises TypeError naming ndarray or Tensor, `y_true.float()`
    or `.dim()` AttributeError. TensorFlow: `y_true.numpy()` (an eager tensor's method) raises
    AttributeError: 'numpy.ndarray' object has no attribute 'numpy' (also from code that imports
    only Keras: the course's Keras runs on TensorFlow, whose tensors it gets)."""
    if not _isinstance(exc, (TypeError, AttributeError)):
        return None
    text = safe_str(exc)
    if ("tensorflow" in imports or "keras" in imports) and "has no attribute 'numpy'" in text:
        return "eager"
    if "torch" in imports and ("ndarray" in text or "Tensor" in text or "'dim'" in text) and installed("torch"):
        return "torch"
    return None


def run_call_or_tensors(np, mod, call, imports):
    """run_call, and once more with torch or TensorFlow tensors when numpy arrays (no suite or case
    chose them) reach a submission written for that framework (_tensor_framework). The retry's
    value stands if it runs; otherwise the first error does. Returns (value, mutated, the
    framework when the inputs were tensors, else None)."""
    fn = call["fn"]
    if fn == "compute_class_freqs" and call.get("framework") == "auto" and _AUTO_FRAMEWORK[0] != "numpy":
        return _freqs_or_arrays(np, mod, call)
    if not call.get("tensorFallback") or call.get("framework") != "numpy" or not ({"torch", "tensorflow", "keras"} & set(imports)):
        return run_call(np, mod, call) + (None,)
    if fn in _TENSORS_FOR:
        return run_call(np, mod, dict(call, framework=_TENSORS_FOR[fn], numpyWeights=bool(_NUMPY_WEIGHTS))) + (_TENSORS_FOR[fn],)
    try:
        return run_call(np, mod, call) + (None,)
    except BaseException as exc:
        framework = _tensor_framework(exc, imports)
        if framework is None:
            raise
        try:
            value, mutated = run_call(np, mod, dict(call, framework=framework))
        except BaseException:
            # A loss that takes torch tensors and computes in numpy (y_true.cpu().numpy()) beside the
            # numpy weights its own compute_class_freqs returns: torch weights make its products
            # tensors again, which np.mean refuses. Once more with the weights as numpy arrays.
            if framework != "torch" or fn != "weighted_loss":
                raise exc
            try:
                value, mutated = run_call(np, mod, dict(call, framework=framework, numpyWeights=True))
            except BaseException:
                raise exc
            _NUMPY_WEIGHTS.append(True)
        _TENSORS_FOR[fn] = framework
        return value, mutated, framework


# Whether compute_class_freqs, handed a framework's tensors under `framework: auto`, turned out to need numpy arrays (_freqs_or_arrays).
_ARRAYS_FOR = []


def _freqs_or_arrays(np, mod, call):
    """compute_class_freqs under a suite's `framework: auto`, which hands it the tensors of the
    framework the file imports, and once more with numpy arrays when it raises on them (`np.mean(labels,
    axis=0)` on a torch tensor: "mean() got an unexpected keyword argument 'axis'"; `labels.astype(float)`;
    torch's mean of integer labels; `tf.convert_to_tensor(labels, dtype=tf.float64)`, a ValueError on an
    int64 tensor, which converts the course's numpy labels): the course hands the frequencies numpy labels
    from its data generator, whatever framework the loss is written in, so a numpy compute_class_freqs
    beside a torch loss is right. Any Exception (not the run's own limits, BaseExceptions): code that runs on
    the arrays is right for the course whatever the tensors made it raise. The retry's value stands if
    it runs (later cases go straight to numpy arrays); otherwise the first error does. An explicit
    `framework: torch` or `tensorflow` stays strict: its author says the course hands tensors there.
    Returns (value, mutated, "numpy" when the arrays were numpy, else None)."""
    if _ARRAYS_FOR:
        return run_call(np, mod, dict(call, framework="numpy")) + ("numpy",)
    try:
        return run_call(np, mod, call) + (None,)
    except Exception as exc:  # noqa: BLE001  the retry decides; its failure re-raises this one
        try:
            value, mutated = run_call(np, mod, dict(call, framework="numpy"))
        except BaseException:
            raise exc
        _ARRAYS_FOR.append(True)
        return value, mutated, "numpy"


# A framework's refusal to combine tensors of two dtypes (grade-case.ts dtypeClash reads the same):
# TensorFlow eager ("cannot compute Mul as input #1(zero-based) was expected to be a double tensor
# but is a float tensor") and in a graph ("Input 'y' of 'Mul' Op has type float64 that does not
# match type float32 of argument 'x'"), its Python division (`x / n`, TensorFlow 2.1x's truediv:
# "`x` and `y` must have the same dtype, got tf.float64 != tf.float32"), PyTorch ("expected scalar
# type Float but found Double").
_DTYPE_CLASH = re.compile(r"expected to be an? \w+ tensor but is an? \w+ tensor|expected scalar type \w+ but found \w+"
                          r"|has type \w+ that does not match type \w+ of argument|must have the same dtype, got tf\.\w+ != tf\.\w+")


def run_call_as_keras(np, mod, call, imports):
    """run_call_or_tensors, and once more with y_true and y_pred as float32 when the loss raised a
    dtype clash on inputs that are not both float32. Keras hands a loss float32 tensors for both
    (it casts y_true to y_pred's dtype), so a loss that casts only one of them (tf.cast(y_pred,
    tf.float32), tf.constant(pos_weights, dtype=tf.float32)) works in the course and fails only on
    the suite's float64 arrays or integer labels. The re-run's value stands, or its error when that
    is another error (what the course would show); a clash again, one Keras would not resolve
    either, leaves the first error. Returns (value, mutated, framework, the first error as
    {type, message} when the value or the error is the re-run's, else None); raises what the call
    raised otherwise, the re-run's error as a _Float32Error."""
    try:
        return run_call_or_tensors(np, mod, call, imports) + (None,)
    except BaseException as exc:
        args = call.get("args") or {}
        both32 = all((args.get(k) or {}).get("dtype") == "float32" for k in ("y_true", "y_pred"))
        text = safe_str(exc)
        if call["fn"] != "weighted_loss" or _IN_FACTORY[0] or both32 or not _DTYPE_CLASH.search(text):
            raise
        try:
            kind = type_name(exc)[:200]
        except BaseException:  # a hostile class name
            kind = "Exception"
        first, first_info = exc, {"type": kind, "message": text[:1000]}
    _IN_FACTORY[0] = False
    try:
        return run_call_or_tensors(np, mod, dict(call, float32=True), imports) + (first_info,)
    except BaseException as exc:
        if _DTYPE_CLASH.search(safe_str(exc)) or _IN_FACTORY[0]:
            _IN_FACTORY[0] = False  # the first error was the loss's own
            raise first
        raise _Float32Error(exc, first_info)


class _Float32Error(Exception):
    """What the float32 re-run (run_call_as_keras) raised, with the first error it replaces."""

    def __init__(self, exc, first):
        Exception.__init__(self)
        self.exc, self.first = exc, first


def main():
    global _chan
    # Descriptors the grader's own parent left open (a CI log, a jobserver pipe, a supervisor's
    # socket: Node passes on what it inherited, and bwrap does not close them) are not learner
    # code's to write: all but stdin, stdout, stderr and the record channel are closed, as a pool
    # job's are. A red team appended to a host file that no bind showed through fd 30.
    # With --status-fd 4 (behind bwrap), fd 4 is the pipe on which the guard says how this process
    # ended (limits.guard): kept for it, and closed in the process that runs the plan.
    status_fd = 4 if sys.argv[1:3] == ["--status-fd", "4"] else None
    os.closerange(5 if status_fd else 4, 1 << 20)  # the pool child's bound (pool_server.child); close_range(2) where there is one
    # A parent that only waits, so learner code killing its parent ends this run, not the grader.
    import limits as _limits

    _limits.guard(status_fd)
    # Move the record channel off fd 3 and make it non-inheritable, so learner code and its
    # subprocesses do not find it at the well-known number.
    _chan = os.dup(3)
    os.close(3)
    return serve_reporting(json.loads(sys.stdin.read()))


def read_source(source, functions, mod, plan=None, np=None, original=None):
    """The readers every job runs after the load, on the submission's source (template_placeholders,
    unused_none_placeholders, logits_calls, unread_weights, clips_predictions, adds_epsilon, bce_order_calls,
    fix_sites): what they find goes into `functions`' records, for the defs
    module `mod` holds under the graded names. Returns the class weights the file derives
    (class_weights on `original`, the source as handed in, with the plan's weight probe; [] with no
    plan). The one place they are listed: serve runs them, and the pool server's warm-up
    (pool_server.warm_readers) runs them on a made-up source with a job's weight probe, so a reader
    added here is warmed too. A reader that fails gives nothing."""
    if "None" in source:  # cheap test first
        try:
            graded_at = {name: graded_lines(mod.__dict__.get(name)) for name in functions}
            marked = template_placeholders(source, list(functions), graded_at) if "CODE HERE" in source else {}
            for name, lines in marked.items():
                functions[name]["placeholders"] = [Sub.where(line) for line in lines[:20]]
            for name, found in unused_none_placeholders(source, list(functions), graded_at).items():
                spots = functions[name].setdefault("placeholders", [])
                spots.extend(dict(Sub.where(line), name=var[:200]) for line, var in found
                             if line not in marked.get(name, []) and Sub.where(line))
                del spots[20:]
                if not spots:
                    del functions[name]["placeholders"]
        except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
            pass
    # The readers below read the def graded as get_weighted_loss, not one the module replaced.
    try:
        graded = graded_lines(mod.__dict__.get("get_weighted_loss"))
    except BaseException:  # a hint must never stop grading
        graded = []
    if "logits" in source or "LogitsLoss" in source:  # cheap test first
        try:
            calls = logits_calls(source, graded)
            if calls and "get_weighted_loss" in functions:
                spots = [dict(call=text, **Sub.where(line)) for line, text in calls]
                functions["get_weighted_loss"]["logits"] = [spot for spot in spots if "line" in spot]
        except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
            pass
    if "get_weighted_loss" in functions:
        try:
            unread = unread_weights(source, graded)
            if unread is not None:
                spot = Sub.where(unread[0])
                if "line" in spot:
                    functions["get_weighted_loss"]["unreadWeights"] = dict(names=unread[1], **spot)
        except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
            pass
        try:
            clips = clips_predictions(source, graded)
            # Which clip: a library's cross-entropy, or the file's own (no cross-entropy named: no walk).
            bce = clips and ("binary_cross" in source or "BCELoss" in source or "BinaryCrossentropy" in source) and calls_clipping_bce(source, graded)
            if clips is not None:
                functions["get_weighted_loss"]["clips"] = clips
                if clips:
                    functions["get_weighted_loss"]["crossentropy"] = bce is True
        except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
            pass
        try:
            added = adds_epsilon(source, graded)
            if added is not None:
                functions["get_weighted_loss"]["addsEpsilon"] = added
        except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
            pass
    if "binary_cross" in source or "BCELoss" in source or "BinaryCrossentropy" in source:  # cheap test first
        try:
            calls = bce_order_calls(source, graded)
            if calls and "get_weighted_loss" in functions:
                spots = [dict(call=text, first=taken, **Sub.where(line)) for line, text, taken in calls]
                functions["get_weighted_loss"]["argumentOrder"] = [spot for spot in spots if "line" in spot]
        except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
            pass
    try:  # where a named mistake's fix goes (fix_sites): a reader that fails or runs over gives no site
        for site in fix_sites(source, names=_graded_defs(mod, source), foreign=_foreign_defs(plan, mod)) or []:
            name = "get_weighted_loss" if site.pop("f") == "loss" else "compute_class_freqs"
            # A line of a module of the learner's beside the file is that file's (no notebook cell).
            spot = {"line": site.pop("line")} if "file" in site else Sub.where(site.pop("line"))
            if name in functions and "line" in spot:
                functions[name].setdefault("sites", []).append(dict(site, **spot))
    except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
        for info in functions.values():
            info.pop("sites", None)
    return class_weights(plan, np, source if original is None else original) if plan is not None else []


def serve(plan):
    """Everything after the plan is read: limits, numpy, the submission, the calls. The warm pool's
    forked children (pool_server.py) call this directly, with `_chan` already set."""
    global _prefix
    _OWNER[0] = _getpid()
    _AGAIN_LEFT[0] = 1  # the pool's warm-up (pool_server.warm_up) ran calls in the server this copies
    _HELLO_SENT[0] = False  # and sent the warm-up's hello
    _MARKS_LEFT[0] = _MARKS_MAX
    if plan.get("token"):
        _prefix = plan["token"] + " "
        plan["token"] = None
    # Resource limits and the uid switch, before numpy and any learner code (limits.py).
    import limits as _limits

    _limits.apply(plan.get("limits"))
    del sys.modules["limits"]  # a learner module named `limits` must not get ours
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdin = open(os.devnull)
    sys.argv = [plan.get("displayName", "submission")]
    sys.dont_write_bytecode = True

    try:
        import numpy as np
    except Exception as exc:  # ImportError, or a numpy that cannot load
        emit({"t": "fatal", "code": "NUMPY_MISSING", "message": "%s: %s" % (_type(exc).__name__, exc)})
        return 3
    emit({"t": "hello", "python": sys.version.split()[0], "numpy": np.__version__})
    _HELLO_SENT[0] = True
    remember_numpy(np)

    # The submission's folder is not put on sys.path: the sandbox shows no other file, and a file
    # named like a module it imports (a learner's util.py doing `import util`) would import itself.
    # The learner's modules beside it that it imports come in the plan (install_siblings).
    if plan.get("keras", "shim") == "shim":
        sys.path.insert(0, os.path.join(_HERE, "shim"))
        try:
            import wlgrade_keras_shim  # noqa: F401  installs the Keras 2 backend API where it is missing
        except ImportError:
            pass

    try:
        source, notes = load_source(plan)
    except ValueError as exc:  # notebook.extract: not JSON, not nbformat 4, no code
        emit({"t": "fatal", "code": "NOTEBOOK_INVALID", "message": str(exc)[:2000]})
        return 3
    install_warning_locations()
    original = source
    # A notebook's imports as far as its graded functions reach (read before any learner code runs).
    extracted = sys.modules.get("wlgrade_notebook") if plan["kind"] == "ipynb" else None
    imports = imported_modules(source, getattr(extracted, "NEEDED", None))
    long_imports = [m for m in imports if _len(m) > _NAME_CHARS]
    if long_imports:
        # Python's names have no length limit, the protocol's (a module name of 2,000 characters)
        # does: a record holding one was a corrupt channel and no case was graded (load 21).
        # Such a module is left out of the lists the load sends (it still runs as written).
        imports = [m for m in imports if _len(m) <= _NAME_CHARS]
        notes = notes + [{"id": "long-imports", "count": _len(long_imports)}]
    written_for = imports  # what the code was written against, stand-ins or not (run_call_or_tensors)
    shim = sys.modules.get("wlgrade_keras_shim")  # taken before learner code runs
    if shim is not None:
        _OWN_TYPES["KerasFunctionMissing"] = shim.KerasFunctionMissing
    if use_stand_ins(source, getattr(extracted, "NEEDED", None)):
        imports = [m for m in imports if m not in ("keras", "tensorflow")]  # numpy inputs for `auto`
    needed = frameworks_needed(plan, imports)
    if needed:  # the import has its own time limit, which the grader starts on this record
        emit({"t": "setup", "frameworks": needed})
    t0 = _perf()
    failed = import_frameworks(np, needed)
    setup_ms = (_perf() - t0) * 1000.0
    if failed is not None:
        emit({"t": "fatal", "code": "FRAMEWORK_MISSING", "framework": failed[0], "message": failed[1]})
        return 3
    install_numpy_aliases(np)
    refuse_hooks()  # learner code runs from here on
    # Only now: a sibling named as a module this platform lacks (_winapi.py, msvcrt.py, org.py),
    # which the standard library and the frameworks try to import and do without, ran during the
    # set-up's framework import, before refuse_hooks (and could make that import fail).
    install_siblings(plan)
    # The frameworks' import is the grader's set-up: the grader adds it to the run's time limit.
    emit({"t": "loading", "imports": imports[:256], "setupMs": setup_ms})
    export = _EXPORT_IPYTHON.search(source) if plan["kind"] == "py" else None
    if export is not None:
        try:  # a file Python cannot parse gets the script's SyntaxError, with its line, as any .py does
            compile(source, Sub.filename, "exec", 0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
        except Exception:
            export = None
    err = syntax_err = None
    stopped = plan.get("topLevelStopped") if plan["kind"] == "py" and export is None else None
    if export is None and stopped:
        # An earlier attempt of this run stopped the top level (a training loop) and graded the
        # definitions; this one, which runs the calls left after a call that hung or crashed, goes
        # straight to them. Run again, the loop took half of the time left at every restart, and
        # the cases after the restart went ungraded for lack of time.
        if stopped.get("printed"):
            first_err = {"type": "TopLevelOutput", "message": "its top-level code printed more than %g MiB"
                         % (stopped["printed"] / 1048576.0), "traceback": ""}
        elif stopped.get("ended") == "channel":
            # The first attempt's top level wrote over the record channel: this attempt loads the
            # definitions alone.
            first_err = {"type": "TopLevelChannel", "message": "its top-level code wrote over the record channel", "traceback": ""}
        elif stopped.get("ended"):
            # The first attempt's top level ended the process (os._exit(), a crash in what it ran):
            # nothing of it came back, so this attempt loads the definitions alone.
            first_err = {"type": "TopLevelEnded", "message": "its top-level code ended the Python process", "traceback": ""}
        else:
            first_err = {"type": "TopLevelTimeout", "message": still_running(stopped.get("seconds") or 0), "traceback": ""}
        if stopped.get("line"):
            first_err["line"] = stopped["line"]
        mod, err, filtered, retried = retry_definitions_only(plan, source, first_err, notes)
        if err is None:
            source, notes = filtered, retried
        else:
            stopped = None  # not served from its definitions alone after all: run it as the first attempt did
    elif export is not None:
        # An nbconvert export: run top to bottom it would stop at its first get_ipython(), after
        # importing everything above it (seconds, for the course's Keras imports). Graded at once
        # from its definitions, as its notebook is; run as a script only if that fails.
        line = source.count("\n", 0, export.start()) + 1
        first_err = {"type": "NameError", "message": "name 'get_ipython' is not defined", "line": line, "traceback": ""}
        mod, err, filtered, retried = retry_definitions_only(plan, source, first_err, notes, export_line=line)
        if err is None:
            source, notes = filtered, retried
    if (export is None and not stopped) or err is not None:
        disarm = arm_load_watchdog(plan.get("loadSeconds")) if plan["kind"] == "py" else (lambda: None)
        try:
            mod, err = load_submission(plan, source)
        finally:
            disarm()
        first_err = err
        if (err is not None and plan["kind"] == "py" and (err["type"] not in _SYNTAX_TYPES or err.get("raised"))
                and not imports_graded(source, err)):
            mod, err, source, notes = retry_definitions_only(plan, source, err, notes)
            if err is None and first_err["type"] == "TopLevelTimeout":
                stopped = {"seconds": plan.get("loadSeconds") or 0}
                if "line" in first_err:
                    stopped["line"] = first_err["line"]
        elif (err is not None and plan["kind"] == "py" and err["type"] in _SYNTAX_TYPES and not err.get("raised") and "\0" not in source
              and err.get("line") is not None and Sub.encoding_error is None and Sub.wide_error is None):
            pieces = retry_parseable_pieces(plan, source, err, notes)
            if pieces is not None:
                syntax_err, (mod, source, notes), err = err, pieces, None
    if shim is not None:
        shim.patch_loaded()  # real Keras 3 imported by the submission: give K the functions it lacks
    try:
        install_tf1_aliases()  # TensorFlow 2 imported by the submission: tf.log and the other TensorFlow 1 names
    except Exception:
        pass
    missing = {}
    if err is None:
        err, missing = missing_module_error(plan, mod)
        same = [(m.get("module"), m.get("line")) for m in missing.values()]
        if first_err is not None and (first_err.get("module") in [m for m, _ in same]
                                      or (first_err.get("line") is not None and first_err.get("line") in [n for _, n in same])):
            # The function's import problem says it; the retry's note would repeat it as if it cost nothing.
            notes = [n for n in notes if not (n["id"] == "retry" and n["how"] == "raised")]
    _AUTO_FRAMEWORK[0] = auto_framework(imports)
    if err is not None:
        own = own_import(err)
        failed = {"t": "load", "ok": False, "error": dict(err, ownImport=own) if own else err, "imports": written_for[:256], "notes": marked_notes(notes)}
        facts = sibling_facts(plan, written_for)
        if facts is not None:
            failed["siblings"] = facts
        emit(failed)
        return 0
    functions = {}
    nb = sys.modules.get("wlgrade_notebook")  # registered by notebook.py when a notebook was read
    raised = raised_defaults(mod, nb)
    helpers = getattr(nb, "OWN_DEFS", None) if nb is not None else None
    said_first = str(first_err.get("message") or "").split("\n")[0][:300] if first_err is not None else None
    if helpers and first_err is not None and any(first_err.get("type") == kind and (first_err.get("line") == where.get("line") or said_first == said)
                                                 for where, _what, kind, said in helpers.values()):
        # The top level raised at a helper's def (or in what its default calls, with the same error):
        # the error of the function calling it says so; the
        # retry's note would call it left-out code that costs nothing.
        notes = [n for n in notes if not (n["id"] == "retry" and n["how"] == "raised")]
    for fn in plan["functions"]:
        name = "get_weighted_loss" if fn == "weighted_loss" else fn
        functions[name] = function_info(mod, name)
        if name in raised:
            functions[name]["raisedDefault"] = raised[name]
            if first_err is not None and first_err.get("type") == raised[name]["type"]:
                # The top level raised there, at the def: the retry's note would call it left-out code.
                notes = [n for n in notes if not (n["id"] == "retry" and n["how"] == "raised")]
        unrun = [dict(name=name, scope="notebook-" + how if how.startswith(("magic ", "outside ", "outside-run ", "outside-exec ", "stopped ", "unloaded ")) else how + "-cell", cell=cell, line=line)
                 for cell, line, how in (nb.ELSEWHERE.get(name, []) if nb is not None and plan["kind"] == "ipynb" else [])]
        if name in missing:
            functions[name]["missing"] = missing[name]
            if unrun:  # written in a cell that never runs (%%writefile), then imported from that file
                functions[name]["near"] = unrun[:5]
        if not functions[name]["defined"]:
            try:
                if plan["kind"] == "py" and _blank(original):  # nothing to look near: say the file is empty
                    near = [dict(name=name, scope="empty-file")]
                else:
                    near = (unrun + (cell_magic_defs(original, name) if plan["kind"] == "py" else []) + near_misses(mod, name, source, commented_defs(plan, original, name)))[:5]
            except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
                near = []
            if near:
                functions[name]["near"] = near
    weights = read_source(source, functions, mod, plan=plan, np=np, original=original)
    defines = sibling_defs(plan, mod, functions)
    if nb is not None and plan["kind"] == "ipynb":
        for name, info in functions.items():
            if info.get("placeholders") and nb.RAW_DEFS.get(name):
                done = next(((cell, line, how, fenced) for cell, line, text, how, fenced in nb.RAW_DEFS[name] if complete_def(text, name)), None)
                if done is not None:
                    info["rawDef"] = dict(cell=done[0], line=done[1], **({"kind": "markdown"} if done[2] == "markdown" else {}),
                                          **({"fenced": True} if done[3] else {}))
    if first_err is not None and nb is not None and any(
            first_err.get("message", "").startswith("name '%s' is not defined" % read) for _, _, read, _ in nb.UNREADY.values()):
        # The definition's own problem says what failed and what it costs; the retry's note would not.
        notes = [n for n in notes if not (n["id"] == "retry" and n["how"] == "raised")]
    try:
        alias_notes = numpy_alias_notes(source)
    except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
        alias_notes = []
    # The readers above shared one tree (_parse_once, class_weights too); not kept for the calls.
    forget_parses()
    kept = kept_previous_notes(nb)
    if kept and first_err is not None and any(first_err.get("type") == n["type"] and str(first_err.get("message") or "").split("\n")[0][:300] == n["message"]
                                              for n in kept):
        # The top level raised at that decorator: the kept-previous note says what it costs.
        notes = [n for n in notes if not (n["id"] == "retry" and n["how"] == "raised")]
    notes = notes + skipped_decorator_notes(nb) + argparse_default_notes(nb) + kept + alias_notes
    kept_names = set(n["function"] for n in kept)
    # A note saying the last definition is graded is left out when the graded function is an earlier
    # one: `import sol; get_weighted_loss = sol.get_weighted_loss` after a draft cell binds the
    # %%writefile cell's def above that draft (notebook.written_module).
    notes = notes + [n for n in redefinition_notes(plan, original, pieces=syntax_err is not None)
                     if n["function"] not in kept_names and not _graded_earlier(functions.get(n["function"]), n["spots"])]
    try:
        notes += shadowed_parameter_notes(mod, "notebook" if plan["kind"] == "ipynb" else "file")
        notes += unread_labels_notes(mod, "notebook" if plan["kind"] == "ipynb" else "file")
    except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
        pass
    try:
        within_protocol(functions, notes, weights)
    except BaseException:  # never the load's end: the record goes as it is
        pass
    loaded = {"t": "load", "ok": True, "functions": functions, "imports": written_for[:256], "notes": marked_notes(notes), "weights": weights}
    if stopped:
        loaded["topLevelStopped"] = stopped  # the grader passes it to the run's later attempts
    if syntax_err is not None:  # graded from the pieces that parse: the report still shows the error
        loaded["syntaxError"] = syntax_err
    facts = sibling_facts(plan, written_for, defines)
    if facts is not None:
        loaded["siblings"] = facts
    emit(loaded)

    limit = plan["maxResultElements"]
    # No record marks a call's start: the grader knows the calls run in the plan's order, one
    # after the other, so the running call is always the one after the last result.
    for call in plan["calls"]:
        quiet_retracing()
        t0 = _perf()
        rec = {"t": "result", "id": call["id"]}
        _AGAIN[0] = None
        ran_before = _len(_SIBLINGS_RAN)
        try:
            value, mutated, retried, first = run_call_as_keras(np, mod, call, written_for)
            if _AGAIN[0] is not None:
                rec["again"] = _AGAIN[0]
            if retried:
                rec["framework"] = "tensorflow" if retried == "eager" else retried
            if first:
                rec["float32"] = first
            rec["mutated"] = mutated
            try:
                rec["value"] = encode(value, np, [limit])
                rec["ok"] = True
            except BaseException as exc:
                rec["ok"] = False
                rec["error"] = {"type": "UnreadableResult", "message": "the returned %s could not be read: %s"
                                % (safe_str(_type(value).__name__), safe_str(exc)[:500]), "traceback": ""}
        except GraderCallError as exc:
            rec["ok"] = False
            rec["error"] = {"type": "NotAFunction", "message": str(exc), "traceback": ""}
        except _Float32Error as again:
            rec["ok"] = False
            rec["error"] = error_info(again.exc)
            rec["float32"] = again.first
        except BaseException as exc:  # SystemExit too: a call that exits has failed, not ended grading
            rec["ok"] = False
            rec["error"] = error_info(exc)
            if _IN_FACTORY[0]:
                rec["error"]["during"] = "get_weighted_loss"
        _IN_FACTORY[0] = False
        rec["ms"] = (_perf() - t0) * 1000.0
        if _len(_SIBLINGS_RAN) > ran_before:  # `import helpers` inside the function: imported by this call
            # As sibling_facts: a name past protocol.ts siblingModule's 200 characters made the record corrupted.
            rec["ran"] = [m for m in _SIBLINGS_RAN[ran_before:] if _len(m) <= _SIBLING_NAME_CHARS][:32]
        emit(rec)
    emit({"t": "done"})
    return 0


GRADED_FREQS = "compute_class_freqs"

# The facts a hint takes from the learner's names (parameters, globals, callees), which the
# protocol takes as identifiers of at most 200 characters (or names of 2,000), and the notes'
# fields that hold such names (the unused imports' groups: their modules, one token each).
_NAMED_HINTS = ("logits", "argumentOrder", "unreadWeights", "unready", "near")
_NOTE_NAMES = ("function", "name", "names", "params", "groups", "param", "globals")


def _fits(value, most):
    """Whether every str in `value` (dicts and lists of them) has at most `most` characters."""
    stack = [value]
    while stack:
        v = stack.pop()
        if _isinstance(v, str):
            if _len(v) > most:
                return False
        elif _isinstance(v, dict):
            stack.extend(v.values())
        elif _isinstance(v, (list, tuple)):
            stack.extend(v)
    return True


def within_protocol(functions, notes, weights):
    """Leaves out, in place, the hints and notes whose names are longer than the protocol takes.
    Python's names have no length limit, and honest code named a weight parameter in 254
    characters: its unread-weights hint failed the schema, the load record was a corrupt channel
    and no case of either function was graded (red team 19). A hint left out costs nothing; a
    signature whose names are longer still is sent as one that cannot be read."""
    for info in functions.values():
        for key in _NAMED_HINTS:
            if key in info and not _fits(info[key], 200):
                del info[key]
        if info.get("params") and not _fits(info["params"], 2000):
            info["params"] = None
    notes[:] = [n for n in notes if _fits([n.get(k) for k in _NOTE_NAMES if _isinstance(n, dict)], 200)]
    weights[:] = [w for w in weights if _fits(w, 2000)]


def class_weights(plan, np, source):
    """The notebook's or script's own `pos_weights = ...` / `neg_weights = ...`, evaluated on the
    plan's probe frequencies (notebook.weight_assignments). A cheap test first: a file that never
    calls compute_class_freqs besides defining it has none."""
    probe = plan.get("weightProbe")
    if not probe:
        return []
    try:
        if plan["kind"] == "ipynb":
            nb = sys.modules["wlgrade_notebook"]
            trees = nb.TREES
            if sum(text.count(GRADED_FREQS + "(") for _, text, _ in trees) < 2:
                return []
        else:
            if source.count(GRADED_FREQS + "(") < 2:
                return []
            sys.path.insert(0, _HERE)
            import notebook as nb

            # The readers' tree (the graded source is this one unless the load retried another):
            # a second parse of a 7 MB file of pasted data took seconds of the load (red team 23).
            trees = [(None, source, _parse_once(source))]
        return nb.weight_assignments(trees, probe, np)
    except BaseException:  # a hint must never stop grading (learner code may raise SystemExit too)
        return []



def exit_now(code):
    """Flushes what the learner printed and exits without interpreter teardown: learner atexit
    hooks and __del__ methods do not run after "done". Shared with the pool's forked children."""
    for flush in _FLUSH:
        try:
            flush()
        except BaseException:
            pass
    _EXIT(code)


if __name__ == "__main__":
    (lambda finish: finish(main()))(exit_now)  # bound before learner code could replace the name
