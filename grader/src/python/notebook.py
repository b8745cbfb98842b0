"""Jupyter notebooks (nbformat 4) -> one Python source to load, and a map back to cells.

What runs is what defines the graded functions: imports, function and class definitions,
simple constant assignments, functions made by assignment (`f = lambda ...`, `f =
functools.partial(g, 2)`) that a graded name or kept code needs, and any other assignment
(`EPS = np.float64(1e-7)`) whose name the graded functions need and whose value reads only names
defined by then, in a try block (a failure leaves the name undefined, with the reason in FAILED).
Everything else at the top level of a code cell (training loops,
data loading, plotting, prints) is left out, and IPython magics (`%...`, `%%...` cells) and
shell escapes (`!...`) never run (but a `%%writefile NAME.py` cell that a later cell imports,
%runs or execs runs in place of that import, and `import NAME` finds a module of what it bound:
_written_then_imported, written_module; a %%timeit cell's code, which IPython runs inside a
function, defines nothing: _SCOPED_CELL_MAGIC; stacked cell magics run as IPython runs them:
_magic_chain). Imports are wrapped so a module that is not installed (the
course's `util` helper, a plotting library) binds a placeholder instead of stopping the load;
the runner reports the import as missing when a graded function actually uses it.

Cells are numbered from 1 among all cells, markdown included, top to bottom: the position a
learner counts in the notebook. Execution counts (`In [12]`) are not used: they change on every
run and are missing in unexecuted notebooks.
"""
import ast
import bisect
import builtins
import collections
import json
import os
import posixpath
import re
import sys

# The generated import wrappers find the placeholder factory here, whatever name the runner
# imported this file under.
sys.modules.setdefault("wlgrade_notebook", sys.modules[__name__])

# Cells with a syntax error are left out, unless they define one of these: then the learner
# must see the error, since grading cannot go on without the function.
GRADED = ("compute_class_freqs", "get_weighted_loss")

# What parsing code can raise: a SyntaxError, or, on code nested thousands deep (crafted, never
# written), the parser's MemoryError or RecursionError.
PARSE_ERRORS = (SyntaxError, MemoryError, RecursionError)
# Cell magics whose body is Python run in the notebook's namespace: %%time, %%capture and %%prun
# (IPython's ExecutionMagics, capture.CapturingMagics), and memory_profiler's %%memit, which runs
# its setup line and body with exec(code, shell.user_ns). %%timeit compiles its cell (and the setup
# on its own line) into the body of a function, `def inner(_it, _timer):`, and runs that: what the
# cell defines is that function's local and never reaches the notebook.
_PYTHON_CELL_MAGICS = ("time", "timeit", "capture", "prun", "memit")
_SCOPED_CELL_MAGIC = "timeit"
# The ones that hand their body to IPython's transform_cell (or run_cell) first, so a body that
# starts with another %% line is that cell magic's run (get_ipython().run_cell_magic(...)): %%capture
# over %%timeit times the cell in a function; %%time over %%writefile writes the file. %%memit
# exec()s its body as it is: a %% or ! line in it is a SyntaxError there.
_WRAPPING_CELL_MAGICS = ("time", "timeit", "capture", "prun")
_CELL_MAGIC_LINE = re.compile(r"%%([\w.-]*)")
_MAGIC_LINE = re.compile(r"^(\s*)(?:[!%]|[\w.,\s\[\]]+=\s*[!%])")
_HELP_LINE = re.compile(r"^(\s*)(?:\?\??[\w.]+|[\w.]+\?\??)\s*$")  # name? or ?name (and ??): IPython help


class MissingModule:
    """Stands for a module whose import failed. Any use raises the import's ModuleNotFoundError."""

    def __init__(self, exc, bound_name, beside=False):
        object.__setattr__(self, "_wlgrade_exc", exc)
        object.__setattr__(self, "_wlgrade_name", bound_name)
        # beside: a name a kept if sets next to the failed import (EPS = 1e-7), not one it imports.
        object.__setattr__(self, "_wlgrade_beside", beside)

    def _wlgrade_raise(self):
        exc = object.__getattribute__(self, "_wlgrade_exc")
        module = getattr(exc, "name", None) or object.__getattribute__(self, "_wlgrade_name")
        bound = object.__getattribute__(self, "_wlgrade_name")
        fix = ("install %s" % module if isinstance(exc, ModuleNotFoundError) and getattr(exc, "name", None) else
               "fix that import")
        if object.__getattribute__(self, "_wlgrade_beside"):
            raise ModuleNotFoundError("%s (%s was never set: it is set in the same if block as that import, which failed; "
                                      "%s, or set %s outside that block)" % (exc, bound, fix, bound), name=module)
        why = ("it is not installed for this Python; install it, or stop using %s in the graded functions" % bound
               if isinstance(exc, ModuleNotFoundError) else
               "fix that import, or stop using %s in the graded functions" % bound)
        raise ModuleNotFoundError("%s (the import of %s failed: %s)" % (exc, bound, why), name=module)

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        self._wlgrade_raise()

    def __call__(self, *args, **kwargs):
        self._wlgrade_raise()

    def __repr__(self):
        return "<missing module %s>" % object.__getattribute__(self, "_wlgrade_name")


def _missing_operator(self, *_args):
    self._wlgrade_raise()


# A name a kept `if USE_JAX:` binds beside a failed import (EPS = 1e-7) is a placeholder too, and one
# used as a number (a default epsilon=EPS, y_pred + EPS) raised "unsupported operand type(s) for +:
# 'float' and 'MissingModule'": the placeholder's class, not the module. Operators and conversions
# now raise the import's error, as any other use does (numpy's object loops call the reflected one).
for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "divmod"):
    setattr(MissingModule, "__%s__" % _op, _missing_operator)
    setattr(MissingModule, "__r%s__" % _op, _missing_operator)
for _op in ("lt", "le", "gt", "ge", "neg", "pos", "abs", "float", "int", "index", "complex", "round"):
    setattr(MissingModule, "__%s__" % _op, _missing_operator)
del _op


def display(*objs, **kwargs):
    """IPython's display() as a notebook's text output shows it: each object's repr on a line of
    its own (options such as display_id or clear change nothing in text)."""
    for obj in objs:
        print(repr(obj))


def ipython_builtins():
    """Makes display() a builtin, as the IPython kernel does (InteractiveShell.init_builtins), so a
    graded function that displays a value while the learner debugged it runs as it did in Jupyter,
    not with NameError. Only in the process that loads a notebook; a name the notebook binds wins."""
    if not hasattr(builtins, "display"):
        builtins.display = display


def placeholder(exc, bound_name, beside=False):
    if bound_name == "display" and str(getattr(exc, "name", None) or "").split(".")[0] == "IPython":
        # from IPython.display import display, on a grading Python without IPython: Jupyter always
        # has it, and display is its builtin there anyway (ipython_builtins).
        return display
    return MissingModule(exc, bound_name, beside)


def missing_import_error(obj):
    """The original ImportError behind a placeholder, or None for anything else."""
    if _isinstance_missing(obj):
        return object.__getattribute__(obj, "_wlgrade_exc")
    return None


def _isinstance_missing(obj):
    return type(obj) is MissingModule


def extract(path):
    """Returns (source, cell_of_line, notes). Raises ValueError with one sentence for an unusable notebook."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        if not raw.strip():
            raise ValueError("the notebook file is empty (%d bytes, nothing in it): open the notebook in Jupyter, "
                             "save it (File > Save) and resubmit the .ipynb file." % len(raw))
        nb = json.loads(raw)  # bytes: UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32
    except UnicodeDecodeError:
        raise ValueError("not a Jupyter notebook: it is not UTF-8 text; save it again from Jupyter "
                         "(File > Save) and resubmit the .ipynb file.")
    except json.JSONDecodeError as exc:
        other = _not_json_kind(raw) or _trailing_comma(exc)
        if other:
            raise ValueError(other)
        raise ValueError("not a valid Jupyter notebook: its JSON is broken at line %d, column %d (%s); "
                         "open it in Jupyter, save it again (or download it again) and resubmit."
                         % (exc.lineno, exc.colno, exc.msg))
    except RecursionError:
        # Jupyter never nests more than a few levels; thousands of brackets are a crafted file.
        raise ValueError("not a Jupyter notebook: its JSON is nested far deeper than any notebook; "
                         "resubmit the .ipynb file saved by Jupyter.")
    if not isinstance(nb, dict):
        raise ValueError("not a Jupyter notebook: its JSON is not an object with cells; resubmit the .ipynb "
                         "file saved by Jupyter.")
    kernel = _kernel_language(nb.get("metadata"))
    fmt = nb.get("nbformat")
    if fmt == 3 and isinstance(nb.get("worksheets"), list):
        # IPython 1-3's format, which Jupyter still opens (it upgrades the file as it reads it).
        nb = {"nbformat": 4, "cells": _cells_of_v3(nb["worksheets"])}
    elif fmt != 4:
        if isinstance(fmt, int) and not isinstance(fmt, bool):
            raise ValueError("this is an nbformat %d notebook, and wlgrade reads nbformat 3 and 4 (IPython 1 and later); "
                             "open it in a current Jupyter and save it, or convert it with "
                             "\"jupyter nbconvert --to notebook --nbformat 4\"." % fmt)
        raise ValueError("not a Jupyter notebook: it has no nbformat version; resubmit the .ipynb file "
                         "saved by Jupyter.")
    if not isinstance(nb.get("cells"), list):
        raise ValueError("not a valid Jupyter notebook: it has no list of cells; resubmit the .ipynb file "
                         "saved by Jupyter.")
    _refuse_surrogates(nb["cells"])
    source, cell_of_line, notes = _extract_cells(nb["cells"])
    if kernel is not None:
        notes.insert(0, {"id": "kernel", "language": kernel} if kernel else {"id": "kernel"})
    return source, cell_of_line, notes


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(cells):
    """JSON may spell a lone UTF-16 surrogate ("\\ud800"), which no Python source can hold: compiling
    a cell with one raised UnicodeEncodeError, whose raw message ("'utf-8' codec can't encode
    character ...") was the notebook's whole problem (red team 34). Only a crafted file has one
    (Jupyter cannot save it, nor run such a cell): one sentence that names the cell and its line."""
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = _cell_source(cell)
        found = _SURROGATE.search(src) if src is not None else None
        if found is not None:
            line = len(python_lines(src[:found.start()] + "x"))
            raise ValueError("not a valid Jupyter notebook: cell %d, line %d, holds a lone surrogate (\\u%04x), "
                             "half of a UTF-16 pair and no character, which Python cannot run (nor can Jupyter); "
                             "delete it or retype the character there, and resubmit the .ipynb file."
                             % (index, line, ord(found.group())))


# Kernels of other languages, by their kernelspec name when the notebook names no language (IRkernel
# is "ir"; IJulia's are "julia-1.10"...): a Python kernel's name can be anything (an environment's).
_KERNEL_NAMES = (("ir", "R"), ("julia", "Julia"), ("scala", "Scala"), ("xcpp", "C++"), ("evcxr", "Rust"),
                 ("gophernotes", "Go"), ("ijava", "Java"), ("java", "Java"), ("bash", "Bash"), ("octave", "Octave"),
                 ("matlab", "MATLAB"), ("sas", "SAS"), ("javascript", "JavaScript"), ("tslab", "TypeScript"))
_LANGUAGE_SHOWN = {"r": "R", "julia": "Julia", "scala": "Scala", "c++": "C++", "rust": "Rust", "go": "Go",
                   "java": "Java", "bash": "Bash", "octave": "Octave", "matlab": "MATLAB", "sas": "SAS",
                   "javascript": "JavaScript", "typescript": "TypeScript", "ruby": "Ruby", "sql": "SQL"}


def _kernel_language(metadata):
    """The language of a notebook saved with a kernel that is not Python's (metadata.kernelspec.language,
    language_info.name, or a known kernelspec name), as the note shows it ("R"); "" for another language
    whose name is not shown as written (not a short plain word); None for Python or no kernel named."""
    if not isinstance(metadata, dict):
        return None
    spec = metadata.get("kernelspec") if isinstance(metadata.get("kernelspec"), dict) else {}
    info = metadata.get("language_info") if isinstance(metadata.get("language_info"), dict) else {}
    language = next((x for x in (spec.get("language"), info.get("name"), metadata.get("language"))
                     if isinstance(x, str) and x.strip()), None)
    if language is None:
        name = spec.get("name")
        if not isinstance(name, str):
            return None
        name = name.strip().lower()
        return next((shown for key, shown in _KERNEL_NAMES if name == key or name.startswith(key + "-")), None)
    language = language.strip()
    low = language.lower()
    if low.startswith(("python", "ipython", "pypy")) or low in ("py", "py3", "cython"):
        return None
    if low in _LANGUAGE_SHOWN:
        return _LANGUAGE_SHOWN[low]
    return language if re.fullmatch(r"[A-Za-z][A-Za-z0-9.+#-]{0,29}", language) else ""


def _trailing_comma(exc):
    """One sentence for JSON broken by a comma before a closing bracket ('"nbformat_minor": 5,\n}'),
    as a text editor leaves it after a cell or a key is deleted by hand: Jupyter cannot open such a
    file either, so "save it again from Jupyter" would not help; the comma's own line and column say
    what to delete. None for any other break."""
    doc, pos = getattr(exc, "doc", None), getattr(exc, "pos", None)
    if not isinstance(doc, str) or not isinstance(pos, int) or not 0 <= pos < len(doc) or doc[pos] not in "}]":
        return None
    before = len(doc[:pos].rstrip(" \t\r\n"))
    if before == 0 or doc[before - 1] != ",":
        return None
    comma = before - 1
    line = doc.count("\n", 0, comma) + 1
    column = comma - (doc.rfind("\n", 0, comma) + 1) + 1
    return ("not a valid Jupyter notebook: its JSON has a comma before a closing %s at line %d, column %d, "
            "which JSON does not allow (Jupyter cannot open the file either); delete that comma in a text "
            "editor and resubmit." % (doc[pos], line, column))


def _not_json_kind(raw):
    """What a file that is no JSON at all is instead, as one sentence, when it is something a
    learner uploads by mistake: the notebook's web page (a browser's Save Page As of the Jupyter or
    Coursera tab). None for anything else (a truncated notebook: its line and column say where; a
    script renamed to .ipynb never gets here: runner._misnamed grades it as the .py it is)."""
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if head.startswith(b"<") and (b"<html" in head or b"<!doctype" in head or b"<head" in head):
        return ("not a Jupyter notebook: it is a web page (HTML), as a browser saves the notebook's page; "
                "in Jupyter use File > Download (Download as > Notebook (.ipynb)) and resubmit that file.")
    return None


def _cells_of_v3(worksheets):
    """An nbformat 3 notebook's cells as nbformat 4 has them, as Jupyter upgrades them (nbformat's
    v4.convert.upgrade): every worksheet's cells in order; a code cell's `input` is its source and
    its `prompt_number` its execution count; a heading cell is a markdown cell of '#' * level."""
    cells = []
    for sheet in worksheets:
        for cell in (sheet.get("cells") if isinstance(sheet, dict) else None) or []:
            if not isinstance(cell, dict):
                cells.append(cell)
            elif cell.get("cell_type") == "code":
                cells.append({"cell_type": "code", "source": cell.get("input", ""), "execution_count": cell.get("prompt_number")})
            elif cell.get("cell_type") == "heading":
                level = cell.get("level") if isinstance(cell.get("level"), int) else 1
                text = _cell_source(cell)
                cells.append({"cell_type": "markdown", "source": "#" * max(1, min(level, 6)) + " " + (text or "")})
            else:
                cells.append(cell)
    return cells


def _in_file(note):
    """A note about the one cell a whole .py was filtered as: its places are the file."""
    def place(where):
        return {"file": True} if where == {"cells": [1]} else where
    if "where" in note:
        note = dict(note, where=place(note["where"]))
    if "groups" in note:
        note = dict(note, groups=[dict(g, where=place(g["where"])) for g in note["groups"]])
    return note


def extract_py(source, pieces=None):
    """A .py file whose top level failed, filtered like one notebook cell: (source, line_of, notes).
    line_of maps a line of the filtered source back to its line in the file. With `pieces`
    (split_py: a file Python cannot parse), each piece is a cell of its own, so a piece with a
    SyntaxError is left out as a notebook's cell would be; the notes then name lines, not cells."""
    if pieces is None:
        text, cell_of_line, notes = _extract_cells([{"cell_type": "code", "source": source}], notebook=False)
        notes = [_in_file(n) for n in notes]
    else:
        # Each piece is padded with blank lines to where it starts, so a line in a piece's cell
        # is its line in the file.
        cells = [{"cell_type": "code", "source": "\n" * (first - 1) + text} for first, text, _ in pieces]
        _LABELS.update({i: _line_span(first, text) for i, (first, text, _) in enumerate(pieces, start=1)})
        try:
            text, cell_of_line, notes = _extract_cells(cells, notebook=False)
        finally:
            _LABELS.clear()

    def line_of(line):
        mapped = cell_of_line(line)
        return mapped[1] if mapped else None

    return text, line_of, notes


def split_py(source, most=2000, padding=1 << 25):
    """A .py file that Python cannot parse, cut into top-level pieces that can be parsed alone,
    and the ones that cannot: [(first line, text, parses)], in file order. A piece starts at a
    line that starts a top-level statement (no indent, not a comment, not else/elif/except/
    finally, not a closing bracket, not after a backslash); a piece that does not parse alone
    is joined to the ones after it (a decorator and its def, a call whose arguments start at
    column 0, a string with unindented lines) until they parse together, while more lines could
    still end their error (_parse_verdict). A piece that parses with none of the next few, or
    whose error no line after it ends, is left as it is: the SyntaxError is in it. None when the file
    has more than `most` pieces (not written by hand), or when its pieces stand so far down
    that the blank lines extract_py pads them with (each is a cell whose lines are the file's)
    come to more than `padding` lines: that work grows with pieces times lines, and a file of
    blank lines with its pieces at the end stalled the load past its time limit."""
    lines = python_lines(source)
    strings = _string_lines(source)
    starts = []
    for i, line in enumerate(lines):
        if not line or line[0] in " \t#)]}" or _CONTINUES.match(line) or i + 1 in strings:
            continue
        if i > 0 and lines[i - 1].endswith("\\"):
            continue
        starts.append(i)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    if len(starts) > most:
        return None
    bounds = starts + [len(lines)]
    chunks = [(bounds[k], "\n".join(lines[bounds[k]:bounds[k + 1]]) + "\n") for k in range(len(starts))]
    out = []
    i = 0
    # Characters parsed: a crafted file is not worth more. Pieces are joined only while what
    # they make is incomplete (below), so a hand-written file costs little more than its length.
    budget = (2 * len(source) if _INCOMPLETE else 8 * len(source)) + (1 << 20)
    while i < len(chunks):
        joined = None
        for j in range(i, min(len(chunks), i + 40)):
            text = "".join(t for _, t in chunks[i:j + 1])
            budget -= len(text)
            if budget < 0:
                return None
            verdict = _parse_verdict(text)
            if verdict is True:
                joined = j
                break
            if verdict is False:
                break  # an error no further line can end: joining more pieces only repeats it
        if joined is not None:
            out.append((chunks[i][0] + 1, text, True))
            i = joined + 1
        else:
            out.append((chunks[i][0] + 1, chunks[i][1], False))
            i += 1
    if sum(first - 1 for first, _, _ in out) > padding:
        return None
    return out


_CONTINUES = re.compile(r"(?:else|elif|except|finally)\b")


# The string-ending patterns of Python 3.11's tokenize module (Single, Double, Single3, Double3), and
# a one-line string or its start continued by a backslash (its ContStr), keyed by the quote.
_STRING_END = {"'": re.compile(r"[^'\\]*(?:\\.[^'\\]*)*'"), '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"')}
_TRIPLE_END = {"'": re.compile(r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*" + "'" * 3),
               '"': re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*' + '"' * 3)}
_ONE_LINE_STRING = {"'": re.compile(r"'[^\n'\\]*(?:\\.[^\n'\\]*)*(?:'|\\\r?\n)"),
                    '"': re.compile(r'"[^\n"\\]*(?:\\.[^\n"\\]*)*(?:"|\\\r?\n)')}
# A string that opens and closes on its line, as tokenize reads one (three quotes first; a quote
# followed by two more opens three).
_LINE_STRING = ("'''" + r"[^'\\\n]*(?:(?:\\.|'(?!''))[^'\\\n]*)*" + "'''" + "|"
                + '"""' + r'[^"\\\n]*(?:(?:\\.|"(?!""))[^"\\\n]*)*' + '"""' + "|"
                + r"'(?!'')[^\n'\\]*(?:\\.[^\n'\\]*)*'" + "|"
                + r'"(?!"")[^\n"\\]*(?:\\.[^\n"\\]*)*"')
_LINE_STRINGS = re.compile(_LINE_STRING)
# Code and the strings that close on its line, up to what tokenize reads otherwise: a comment, a
# line continued by a backslash, the line's end, a quote whose string does not close on the line.
_CODE_RUN = re.compile(r"(?:[^#'" + '"' + r"\\\n]+|\\(?!\r?\n)|" + _LINE_STRING + ")*")
_LEADING = re.compile(r"[ \t\f]*")


def _string_lines(source, starts=None):
    """The lines (1-based) inside a string that spans lines, after its first: a docstring's
    unindented text starts no statement. Read as Python 3.11's tokenize module reads them, up to
    where it gives up (an unclosed string); at an indentation it cannot match, it reads on from
    the next line, so a string further down (an old attempt kept in triple quotes) is still one,
    not code. Only what decides where strings run is followed (comments, quotes, brackets, line
    continuations, indentation), by regular expressions over whole lines: tokenize made a Python
    object per token, ~6-12 s for a crafted 2 MB file of short tokens or lines. `starts`, a list
    when given, gets (line, column) of each line that starts a statement (not a continuation)."""
    inside = set()
    parts = source.split("\n")  # lines as io.StringIO.readline gives them: broken at \n only
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    parenlev = continued = needcont = 0
    indents = [0]
    # A string running on from an earlier line: (its end pattern, its first line). needcont, that a
    # backslash must continue it, is tokenize's own flag: set by a quoted string continued with a
    # backslash, cleared only when a string that runs on ends, so a triple-quoted string after a
    # broken one is held to it too.
    string = None
    for lnum, line in enumerate(lines, 1):
        pos = 0
        if string is not None:
            end, first = string
            m = end.match(line)
            if m:
                pos = m.end()
                inside.update(range(first + 1, lnum + 1))
                string = None
                needcont = 0
            elif needcont and line[-2:] != "\\\n" and line[-3:] != "\\\r\n":
                string = None  # not a string after all (tokenize's ERRORTOKEN): the line is skipped
                continue
            else:
                continue
        elif parenlev == 0 and not continued:  # a new statement: its indentation
            pos = _LEADING.match(line).end()
            if pos == len(line):
                break  # whitespace with no line end: the end of the file
            if line[pos] in "#\r\n":
                continue  # a blank line or a comment
            lead = line[:pos]
            column = pos
            if "\t" in lead or "\f" in lead:
                column = 0
                for ch in lead:
                    column = 0 if ch == "\f" else (column // 8 + 1) * 8 if ch == "\t" else column + 1
            if column > indents[-1]:
                indents.append(column)
            unmatched = False
            while column < indents[-1]:
                if column not in indents:
                    unmatched = True
                    break
                indents.pop()
            if unmatched:
                # tokenize's IndentationError, which started a fresh tokenizer on the next line
                # (this line's own text is not read).
                parenlev = continued = needcont = 0
                indents = [0]
                continue
            if starts is not None:
                starts.append((lnum, column))
        else:
            continued = 0
        while True:
            run = _CODE_RUN.match(line, pos)
            code = run.group()
            if code:
                if "'" in code or '"' in code:
                    code = _LINE_STRINGS.sub("", code)  # brackets inside strings are no brackets
                parenlev += (code.count("(") + code.count("[") + code.count("{")
                             - code.count(")") - code.count("]") - code.count("}"))
            at = run.end()
            found = line[at:at + 1]
            if found in ("", "#", "\n"):
                break  # the line's end, or a comment that runs to it
            if found == "\\":
                continued = 1  # a backslash and the line's end
                break
            if line.startswith(found * 3, at):
                string = (_TRIPLE_END[found], lnum)  # three quotes that do not close on this line
                break
            if _ONE_LINE_STRING[found].match(line, at) is None:
                pos = at + 1  # an unclosed quote (tokenize's ERRORTOKEN): the line reads on after it
                continue
            string = (_STRING_END[found], lnum)  # a quoted string continued by a backslash
            needcont = 1
            break
    return inside


def _parses(text):
    try:
        ast.parse(text)
    except (*PARSE_ERRORS, ValueError):
        return False
    return True


def _incomplete_flag():
    """compile()'s flags that parse as ast.parse does, but call an error more lines could end (an
    unclosed bracket or string, a decorator or a `def ...:` at the end) "incomplete input", as
    the interactive prompt reads it; None on a Python without the flag (3.9 and older)."""
    import codeop

    flag = getattr(codeop, "PyCF_ALLOW_INCOMPLETE_INPUT", None)
    return None if flag is None else ast.PyCF_ONLY_AST | flag


_INCOMPLETE = _incomplete_flag()


def _parse_verdict(text):
    """True when `text` parses; None when it does not but more lines could make it parse (or this
    Python cannot tell); False when its error stays whatever follows (`print(1 foo`, an
    unindent that matches nothing, `x = 1 +` and a line break), so no later piece can join it.
    One parse."""
    if _INCOMPLETE is None:
        return True if _parses(text) else None
    try:
        compile(text, "<piece>", "exec", _INCOMPLETE, dont_inherit=True)
    except SyntaxError as exc:  # IndentationError and TabError too
        return None if getattr(exc, "msg", None) == "incomplete input" else False
    except (MemoryError, RecursionError, ValueError):  # nested too deeply, a NUL byte: more lines only add to it
        return False
    return True


def _line_span(first, text):
    """The lines a piece stands for, without the blank lines that end it: (first, last)."""
    lines = python_lines(text)
    last = first + max(len(lines), 1) - 1
    while last > first and not lines[last - first].strip():
        last -= 1
    return first, last


# While extract_py grades a .py cut into pieces: cell -> the lines it stands for, for the notes.
_LABELS = {}


# Names that left-out top-level code assigns (`N_CLASSES = len(train_df.columns)`), from the last
# extraction: name -> (cell, line). A graded function that reads one fails with NameError, and the
# runner says where the name was assigned and why that code did not run.
DROPPED = {}


# Graded functions defined in a cell left out for a SyntaxError: name -> (cell, line, message, the
# text of that line: a Markdown fence or a sentence pasted with the code is told as such).
SYNTAX = {}


# Modules a %%writefile cell writes outside the notebook's folder, where the later cell's import of
# them does not look: module -> (the file as written, the writing cell) (_written_then_imported).
OUTSIDE = {}


# Modules a %%writefile line below its cell's first line was to write (the cell stops there, and
# the file is never written): module -> (cell, line) (_stopping_magic).
STOPPED_WRITES = {}


# Cells whose text runs as plain Python, where a magic or shell line is a SyntaxError that Jupyter's
# own cells would not raise: cell -> "writefile" (the file a later cell imports) or "memit" (its exec).
RAW_CELLS = {}


# Definitions left out because what they read when made (a default `epsilon=EPS`, a decorator)
# is not defined yet at that point, as a fresh kernel run top to bottom would fail on them:
# name -> (cell, line, the name read, (cell, line) where the notebook defines it later, or None).
UNREADY = {}


# Graded functions written where they never run: a Markdown or Raw cell, or a code cell whose
# cell magic is not Python (%%writefile writes the code to a file): name -> [(cell, line, how)].
ELSEWHERE = {}


# The graded defs of Raw and Markdown cells, with their text: name -> [(cell, line, the def's lines,
# dedented, "raw" or "markdown", whether it stands between Markdown's ``` fences)];
# runner tells a complete one next to the placeholders of the def that runs (a learner who finished
# the exercise in a cell Jupyter never runs).
RAW_DEFS = {}


# Graded functions a code cell holds only in comments, which never reach the source the runner
# reads: a def commented out line by line (# def get_weighted_loss(...), set aside while it does
# not work), or a cell of comments alone that names one (# get_weighted_loss: TODO, the work not
# begun): name -> [(cell, line, "def" or "todo")] (runner.commented_defs).
COMMENTED = {}


# Assignments left out because a name their value reads is bound only further down (K =
# tf.keras.backend above `import tensorflow as tf`): name -> (the name read, (cell, line) of it).
EARLY = {}


# Of those, the ones that ran after all because a graded function needs them, and raised:
# name -> "TypeError: ..." (assign_failed).
MAIN_GUARDED = set()  # names DROPPED holds because a .py binds them only under if __name__ == "__main__":
FAILED = {}


# Every code cell the last extraction parsed, dropped code included: (cell, text, tree). The
# weight assignments (`pos_weights = freq_neg`) live in code that never runs.
TREES = []


# Each code cell's execution count as saved (the [n] Jupyter shows beside it), when it is a
# number: cell -> count. A notebook run out of order may have last defined a function in a cell
# above the one that defines it last top to bottom (runner.redefinition_notes).
EXECUTION_COUNT = {}


# The code cells the last extraction left out for their SyntaxError: cell -> text (a NameError for
# `np` whose import sits in one is told so: runner.alias_hint).
SYNTAX_LEFT = {}


def _extract_cells(cells, notebook=True):
    try:
        return _extract_cells_split(cells, notebook)
    finally:
        _forget_split()


def _extract_cells_split(cells, notebook=True):
    EXECUTION_COUNT.clear()
    SYNTAX_LEFT.clear()
    del SKIPPED_DECORATORS[:]
    MAIN_GUARDED.clear()
    OWN_DECORATORS.clear()
    del KEPT_PREVIOUS[:]
    CLASS_FAILED.clear()
    _FAILING.clear()
    OWN_DEFS.clear()
    del ARGPARSE_DEFAULTS[:]
    OWN_ERRORS.clear()
    DROPPED.clear()
    FAILED.clear()
    OWN_FAILED.clear()
    SYNTAX.clear()
    RAW_CELLS.clear()
    OUTSIDE.clear()
    STOPPED_WRITES.clear()
    UNREADY.clear()
    EARLY.clear()
    ELSEWHERE.clear()
    RAW_DEFS.clear()
    COMMENTED.clear()
    del TREES[:]

    out_lines = []  # (text, (cell, line) or None)
    kept = []  # (node, mapped lines, cell) in notebook order
    notes = []
    skipped_magic = []  # cells with magic or shell lines left out, the rest of the cell used
    magic_cells = []  # cells a magic runs as something other than Python (%%bash): not used at all (_stack_fact)
    scoped_cells = []  # %%timeit cells that define something, which stays inside %%timeit's function (_stack_fact)
    cython_cells = []  # %%cython cells of plain Python, run as Python
    stopped = []  # cells stopped by a cell magic below their first line: {cell, line, magic}
    extensions = set()  # IPython extensions a %load_ext (or %reload_ext) line loaded in the cells read so far
    unloaded = []  # cells whose magic's extension no cell above loads: {cell, magic, extension}
    skipped_code = []
    skipped_syntax = []
    first_syntax = None  # the first left-out cell's error: its line and message
    code_cells = 0
    # Names defined so far by what is kept: a constant built from a name the notebook computed in
    # a left-out cell (pos_weights = freq_neg) is left out too, instead of failing with NameError.
    bound = set(dir(builtins))
    # Left-out assignments that could run (`EPS = np.float64(1e-7)`, `EPS = CFG['eps']`: every
    # name they read is defined by then): run after all if the graded functions need their names.
    candidates = []  # (position in kept, node, mapped lines, cell)
    maybe = set()
    left_out = []  # (cell, node): every left-out statement but docstrings
    first_bound = {}  # name -> (cell, line) where kept code first binds it
    early = []  # (name, names its value read that were not bound yet, (cell, line))
    imported = set()  # names kept imports bind: a placeholder when the module is missing
    left_bound = set()  # names left-out code binds (data loading, loops, `with` blocks)
    touched = set()  # names left-out code may change (config['eps'] = 1e-7, parser.add_argument(..))
    written = _written_then_imported(cells)  # %%writefile cells a later cell imports from
    OUTSIDE.update({module: (file, index) for index, (module, file, _, how) in sorted(written["outside"].items(), reverse=True) if how is None})
    written_names = {}  # module -> the names its %%writefile cells above bind (run in place)
    for index, cell in enumerate(cells, start=1):
        if isinstance(cell, dict) and cell.get("cell_type") in ("markdown", "raw"):
            _note_elsewhere(cell, index, cell["cell_type"])
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code_cells += 1
        count = cell.get("execution_count")
        if isinstance(count, int) and not isinstance(count, bool):
            EXECUTION_COUNT[index] = count
        src = _cell_source(cell)
        if src is None:
            continue
        lines = python_lines(src)
        # Raw: the cell's text runs as Python as it is, its magic-looking lines a SyntaxError, as
        # in a file a %%writefile cell writes (an import, %run or exec reads it as plain Python)
        # or in %%memit's exec.
        raw = index in written["cells"]
        _note_commented(lines, index)
        chain = _magic_chain(lines)
        before = frozenset(extensions)
        extensions.update(m.group(1) for m in _LOAD_EXT.finditer("\n".join(lines)))
        if chain:
            # The innermost magic of the cell's stack (%%capture over %%timeit) is what runs the
            # body; the %% lines are blanked so line numbers stay those of the cell.
            magic = chain[-1][1]
            stack = dict({"cell": index}, **_stack_fact(chain, lines))
            extension = _EXTENSION_MAGICS.get(magic)
            if extension and not any(e in before for e in extension):
                # memory_profiler's magic exists once `%load_ext memory_profiler` ran above (Cython's
                # once `%load_ext Cython` did): without it IPython stops the cell (UsageError: Cell
                # magic `%%memit` not found).
                unloaded.append(dict(stack, extension=extension[0]))
                _note_elsewhere(cell, index, "unloaded " + _stack_token(stack))
                continue
            if magic == "cython" and index not in written["cells"]:
                # Cython compiles the cell as a module and imports all its names into the notebook:
                # plain Python is Cython, and runs here as Python (a note says so); Cython's own
                # syntax (cdef, cimport) the grader cannot compile, and the cell is not run.
                body = [("" if at in {a for a, _ in chain} else l) for at, l in enumerate(lines)]
                if not _parses("\n".join(body) + "\n"):
                    magic_cells.append(stack)
                    _note_elsewhere(cell, index, "magic " + _stack_token(stack))
                    continue
                cython_cells.append(index)
            elif magic not in _PYTHON_CELL_MAGICS and index not in written["cells"]:
                # %%writefile, %%bash, %%html …: the text is not the notebook's Python (a graded def
                # in it is named with the reason, ELSEWHERE); its comments are no commented-out code.
                # A file written outside the folder that a later import does not reach: its own
                # note (written-outside) says so.
                outside = written["outside"].get(index)
                if not outside:
                    magic_cells.append(stack)
                _note_elsewhere(cell, index, "outside%s %s" % ("-" + outside[3] if outside[3] else "", outside[1]) if outside else "magic " + _stack_token(stack))
                continue
            body = list(lines)
            for at, _ in chain:
                body[at] = ""
            if magic == "memit":
                body[chain[-1][0]] = _memit_setup(lines[chain[-1][0]])  # run in the notebook too
            if magic == _SCOPED_CELL_MAGIC:
                # Nothing it defines stays: the cell is not run, and a graded def in it is named
                # with the reason (ELSEWHERE) when no other cell defines that function.
                _note_elsewhere(cell, index, "magic " + _stack_token(stack))
                if _binds_any(body):
                    scoped_cells.append(stack)
                elif any(l.strip() and not l.lstrip().startswith("#") for l in body):
                    left_out.append((index, ast.Pass()))  # a call timed: top-level code left out
                continue
            if index not in written["cells"]:
                if magic != "cython":
                    skipped_magic.append(index)
            else:
                # Its module's imports are this cell's from here on, even if it does not parse
                # (then `from sol import f` binds nothing, and the SyntaxError is the problem).
                written_names.setdefault(written["writes"][index][0], set())
            raw = raw or magic == "memit"
            lines = body
        if raw:
            RAW_CELLS[index] = "writefile" if index in written["cells"] else "memit"
        clean, had_magic = lines, False
        text = "\n".join(clean) + "\n"
        try:
            tree = ast.parse(text)
        except PARSE_ERRORS:
            stop = None if raw else _stopping_magic(lines)
            if stop is not None:
                # A cell magic below the cell's first line: IPython runs it as a line magic of that
                # name, which does not exist, and the cell stops there (UsageError).
                at, name = stop
                stopped.append({"cell": index, "line": at + 1, "magic": name})
                target = _WRITEFILE.match(lines[at].strip())
                if target and not target.group(1).startswith("/") and not posixpath.normpath(target.group(1)).startswith(".."):
                    STOPPED_WRITES.setdefault(posixpath.normpath(target.group(1)).replace("/", "."), (index, at + 1))
                for start, graded_name in graded_defs(text):
                    if text.count("\n", 0, start) > at:
                        ELSEWHERE.setdefault(graded_name, []).append((index, text.count("\n", 0, start) + 1, "stopped " + name))
                lines = lines[:at] + [""] * (len(lines) - at)
                clean = lines
            # Only a cell that is not plain Python can hold magics: stripping them from valid code
            # could hit a line that merely starts with `%` inside a bracketed expression.
            if not raw:
                clean, had_magic = _strip_magics(lines)
            if notebook and not had_magic and not raw:
                clean, had_magic = _automagic(clean)
            text = "\n".join(clean) + "\n"
            tree = None
        if had_magic:
            skipped_magic.append(index)
        try:
            tree = tree or ast.parse(text)
        except PARSE_ERRORS as exc:
            # Left out, as Jupyter runs each cell on its own: the other cells still define what
            # they define. A graded function defined here is then missing unless another cell
            # defines it, and the problem says why (SYNTAX; runner.function_info).
            line = getattr(exc, "lineno", None) or 1
            message = str(exc.msg) if isinstance(exc, SyntaxError) else "the code is nested too deeply to parse"
            at = text.split("\n")
            bad = at[line - 1].strip()[:200] if 0 < line <= len(at) else ""
            # [ \t]*, not \s*: \s* at each line start would run over every blank line after it, again
            # for each line (a .py's piece is padded with blank lines to where it starts, extract_py).
            graded = [graded_name for _, graded_name in graded_defs(text, call=False)]
            for name in graded:
                SYNTAX[name] = (index, line, message[:300], bad)
            # A graded function's cell has its problem (or a syntax-elsewhere note) to say where,
            # and a .py's SYNTAX_ERROR problem names its line: only another cell needs its own.
            if first_syntax is None and not graded and not _LABELS:
                first_syntax = {"cell": index, "line": line, "message": message[:300]}
            skipped_syntax.append(index)
            if notebook:
                SYNTAX_LEFT[index] = text
            continue
        TREES.append((index, text, tree))
        # A %%writefile cell run in place of an import is the module's code, where __name__ is
        # the module's: its `if __name__ == "__main__":` block does not run, as in a .py.
        main_runs = notebook and not (index in written["writes"] and index not in written["as_main"])
        for node, body, k, dedent, container in _statements(tree.body, main_runs):
            if _loads_written(node, written_names) is None:
                # `from sol import f`, of the module a %%writefile cell above wrote, run in its
                # place as that cell's code: its names are bound there already (the grader has no
                # such file to import).
                continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _kept(node):
                # A default or annotation may read what left-out code above binds (the notebook's
                # data): the def is made all the same (_defer_defaults). Anything else it reads
                # must be defined by then, as in a fresh kernel.
                unready = sorted((_load_time_reads(node) - ((_signature_reads(node) | _decorator_reads(node)) & left_bound)) - bound - maybe)
                if unready:
                    # Jupyter would raise NameError here: the definition does not exist after it.
                    left_out.append((index, node))
                    for name in _defined_names(node):
                        UNREADY[name] = (index, node.lineno, unready[0], None)
                    continue
            if _sets_item(node, bound, imported):
                # config['eps'] = 1e-7, cfg.lr = 0.1: a constant put into a kept dict or object,
                # kept in its place as the constants are (guarded: the object may not take it).
                kept.append((node, _in_try(_dedent(_segment(node, body, k, text, clean, index), dedent),
                                           (index, node.lineno), "Exception", ["pass"]), index))
                continue
            if not _kept(node) or not _names_ready(node, bound):
                # A docstring is nothing left out, nor a `pass` that stands for a magic line, nor
                # the line of a block whose statements follow it (_statements): those are left
                # out, or not, each on its own.
                if not _is_docstring(node) and not isinstance(node, ast.Pass) and not container:
                    left_out.append((index, node))
                guard = isinstance(node, ast.If) and _is_main_guard(node.test) and not main_runs
                for name, line in _binds(node).items():  # `with open(p) as f:`, `for c in cols:` too
                    DROPPED[name] = (index, line)
                    left_bound.add(name)
                    if guard:  # a .py's main guard: its names are not bound when the file is imported
                        MAIN_GUARDED.add(name)
                    else:
                        MAIN_GUARDED.discard(name)
                touched.update(_mutates(node))
                for name in _defined_names(node):
                    DROPPED[name] = (index, node.lineno)
                runs = _may_run(node) and _configuring_call(node) not in imported
                waiting = _value_reads(node.value) - bound - maybe if runs else None
                if waiting:  # reads a name not bound yet: remembered, for the NameError (EARLY)
                    for name in _defined_names(node):
                        early.append((name, sorted(waiting), (index, node.lineno)))
                elif waiting is not None:  # could run: a candidate, if a graded function needs it
                    mapped = _guard_assignment(node, _dedent(_segment(node, body, k, text, clean, index), dedent), (index, node.lineno))
                    candidates.append((len(kept), node, mapped, index))
                    maybe.update(_defined_names(node))
                continue
            for name in _defined_names(node):
                DROPPED.pop(name, None)
            mapped = _segment(node, body, k, text, clean, index)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # A default or annotation that reads what left-out code computes from the
                # notebook's data (pos_weights=freq_neg, n=len(train_df)) or a module the grader
                # lacks (labels: pd.DataFrame): the def is still made when that value cannot be
                # (_defer_defaults: at the parser's columns, so before any dedent).
                # Any other default that can raise (epsilon=1/0, a helper's call) is deferred too,
                # but its error, unless the grader's lack of data, modules or environment caused
                # it (deferred), is the learner's: the def fails there, as in Jupyter.
                reads = _signature_reads(node)
                data = (reads & (maybe | left_bound)) - bound | (reads & touched)
                if data or (reads & imported) or any(not _cannot_raise(expr) for expr, _, _ in _signature_parts(node)):
                    mapped = _defer_defaults(node, mapped, data | (reads & imported), data)
                # A decorator that reads the notebook's data or a missing module's placeholder
                # (@my_timer(train_df), @register(CLASSES), @tf.function(input_signature=[..
                # len(labels)..])): applied when it can be; when that raises, the function is made
                # undecorated, and a note says so (_guard_decorators).
                deco = _decorator_reads(node)
                deco_data = (deco & (maybe | left_bound)) - bound | (deco & touched)
                # A graded def's decorator that may raise for a reason of its own (@deco(1, 2) with
                # deco taking one argument) fails that def only, as a default does (deferred).
                # A helper's too: that helper is then not defined, and a graded function calling
                # it fails saying why (runner.raised_defaults), while the other is graded.
                own = bool(node.decorator_list)
                if deco_data or (deco & imported) or own:
                    mapped = _guard_decorators(node, mapped, deco_data, deco_data | (deco & imported), own)
            mapped = _dedent(mapped, dedent)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mapped = _wrap_import(node, mapped, (index, node.lineno))
            elif isinstance(node, ast.If) and _if_imports(node):
                # if USE_JAX: import jax.numpy as jnp; EPS = 1e-7: a module the grader lacks
                # leaves what the if binds as placeholders, as a failed top-level import does, so
                # only a graded function that uses them fails, saying which module is missing.
                # A name the if sets beside the import (EPS = 1e-7) is told as never set, not as an import.
                imported_here = {n for s in _if_imports(node) for n in _bound_names(s)}
                mapped = _in_try(mapped, (index, node.lineno), "ImportError",
                                 ["%s = __import__('wlgrade_notebook').placeholder(__wlgrade_exc, %r%s)"
                                  % (n, n, "" if n in imported_here else ", True")
                                  for n in sorted(_defined_names(node))])
            guarded = False
            if (isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and not _is_function_assignment(node)
                    and (_value_reads(node.value) & imported) and not _multiline_strings(node)):
                # A constant read from an imported module (config = wandb.config, K =
                # tf.keras.backend): the module may be missing, its placeholder raising when read, as
                # a left-out assignment the graded functions need may fail (_guard_assignment).
                mapped = _guard_assignment(node, mapped, (index, node.lineno))
                guarded = True
            if isinstance(node, ast.ClassDef):
                # A class runs its body when it is made: one that reads the notebook's data, a
                # module the grader lacks or a name not bound yet (class CFG: df = pd.read_csv(..),
                # class DS(Dataset): tfm = A.Compose(..)) is made guarded, as a left-out assignment
                # the graded functions need is: if it raises, its name stays undefined with the
                # reason, and only a graded function that uses it fails (runner.error_info).
                reads = _load_time_reads(node)
                if ((reads - bound) or (reads & imported)) and not _multiline_strings(node):
                    # Each statement of its body that reads anything is guarded too (class CFG:
                    # train = pd.read_csv(..); EPS = 1e-7): the class is made with what can be, an
                    # attribute that could not be raises its error when used (unavailable), and a
                    # graded function that reads CFG.EPS or is Trainer's staticmethod is graded.
                    # The whole class is guarded as a left-out assignment is: what its bases or
                    # decorators raise, or a statement of its own error, leaves it undefined.
                    mapped = _guard_class(node, _guard_class_body(node, mapped, maybe | left_bound | touched | imported), index)
                    guarded = True
                elif _class_may_raise(node) and not _multiline_strings(node):
                    # A class whose body raises an error of the learner's own (raise ValueError(..),
                    # 1 / 0, a method default that raises): in Jupyter that cell fails and the class
                    # does not exist; the rest of the load goes on, and a graded function that uses
                    # the class is told which line raised what (class_failed, runner.error_info).
                    mapped = _guard_class(node, mapped, index)
            kept.append((node, mapped, index))
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imported.update(_defined_names(node))
            elif isinstance(node, ast.If):
                imported.update(*(_defined_names(s) for s in _if_imports(node)))
            for name in _defined_names(node) - bound:
                first_bound[name] = (index, node.lineno)
            for name in _defined_names(node):
                UNREADY.pop(name, None)  # defined again, fine, further down: that one counts
            if guarded:  # may stay undefined: what reads it is treated as reading data
                maybe.update(_defined_names(node))
                bound.difference_update(_defined_names(node))
                for name in _defined_names(node):
                    DROPPED[name] = (index, node.lineno)
            else:
                bound.update(_defined_names(node))
        if index in written["writes"]:
            # The module `import sol` finds is made here, of what the cell bound, as the file
            # written would be when imported (a later cell redefining a name does not change it).
            module = written["writes"][index][0]
            names = written_names.setdefault(module, set())
            names.update(*(_defined_names(node) | set(_binds(node)) for node, _, _, _, _ in _statements(tree.body, main_runs)
                           if not (isinstance(node, ast.If) and _is_main_guard(node.test))))
            make = "__import__('wlgrade_notebook').written_module(%r, globals(), %r)" % (module, tuple(sorted(names)))
            kept.append((ast.Pass(), [(make, (index, max(len(clean), 1)))], index))

    for name, (index, line, read, _) in list(UNREADY.items()):
        later = first_bound.get(read)
        UNREADY[name] = (index, line, read, later if later is not None and later > (index, line) else None)
    for name, waiting, at in early:
        later = [(first_bound[w], w) for w in waiting if w in first_bound and first_bound[w] > at]
        if name in DROPPED and later:
            at_later, read = min(later)
            EARLY[name] = (read, at_later)
    chosen = _needed_assignments(kept, candidates)
    if chosen:
        before = {}  # position in kept -> the chosen candidates that go just before it
        for at, node, mapped, index in candidates:
            if id(node) in chosen:
                before.setdefault(at, []).append((node, mapped, index))
        kept = [e for i, entry in enumerate(kept) for e in before.get(i, []) + [entry]] + before.get(len(kept), [])
    skipped_code = sorted({index for index, node in left_out if id(node) not in chosen})

    # A function made by an assignment (compute_class_freqs = lambda labels: ..., loss =
    # partial(_loss, eps)) is kept when a graded function's name is assigned or kept code reads
    # the name; any other is left out with the rest of the top-level code.
    needed = set(GRADED)
    for node, _, _ in kept:
        if not isinstance(node, (ast.Import, ast.ImportFrom)) and not _is_function_assignment(node):
            needed.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
    made = [entry for entry in kept if _is_function_assignment(entry[0])]
    chosen = set()
    grew = True
    while grew:
        grew = False
        for entry in made:
            if id(entry) not in chosen and _defined_names(entry[0]) & needed:
                chosen.add(id(entry))
                needed.update(n.id for n in ast.walk(entry[0].value) if isinstance(n, ast.Name))
                grew = True
    unchosen = [entry for entry in made if id(entry) not in chosen]
    if unchosen:
        kept = [entry for entry in kept if not any(entry is u for u in unchosen)]
        still = set().union(*(_defined_names(node) for node, _, _ in kept))
        for node, _, index in unchosen:
            skipped_code.append(index)
            for name in _defined_names(node) - still:
                DROPPED[name] = (index, node.lineno)
        skipped_code = sorted(set(skipped_code))

    # Imports that neither the graded functions (and what they call) nor the load itself need
    # (pandas, plotting, the training cells' Keras layers, ImageDataGenerator in the course's own
    # get_train_generator) are left out: they cannot matter to the graded functions, and
    # importing them can cost seconds (TensorFlow) or fail (the course's `util`).
    used = _needed_names(kept)
    NEEDED.clear()
    NEEDED.update(used)
    unused_imports = {}  # cell -> the modules of its imports left out
    for node, mapped, index in kept:
        names = _bound_names(node) if isinstance(node, (ast.Import, ast.ImportFrom)) else None
        if names is not None and "*" not in [a.name for a in node.names] and not used.intersection(names):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else ["." * node.level + (node.module or "")]
            unused_imports.setdefault(index, []).extend(m for m in modules if m not in unused_imports.get(index, []))
            continue
        if names is not None and "*" not in [a.name for a in node.names] and not used.issuperset(names):
            # import numpy as np, pandas as pd, util (from keras.layers import Dense, Flatten): the
            # names nothing graded needs are left out of it, as a statement of their own would be.
            # Jupyter binds np before pandas fails; run whole here, pandas' failure read as the
            # graded functions' ("your graded functions use it": IMPORT_ERROR, a blank).
            needed = _only_names(node, used)
            mapped = _wrap_import(needed, [(ast.unparse(needed), (index, node.lineno))], (index, node.lineno))
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names if _alias_name(node, a) not in used]
            else:  # `from numpy import log, exp`, exp left out: numpy.exp (`from . import x`: .x)
                base = "." * node.level + (node.module or "")
                modules = [base + ("" if base.endswith(".") else ".") + a.name for a in node.names if _alias_name(node, a) not in used]
            unused_imports.setdefault(index, []).extend(m for m in modules if m not in unused_imports.get(index, []))
        out_lines.extend(mapped)

    if code_cells == 0:
        raise ValueError("the notebook has no code cells, so there is nothing to grade; write your functions in "
                         "code cells (not markdown) and save the notebook.")
    # Facts, not sentences: the grader words them (grader/src/schema/load-note.ts). Learner code
    # runs in this process and can reach what the runner sends; a sentence it sent would be read as
    # the grader's (red-team round 16), a fact can only be worded as the grader words it.
    if skipped_magic:
        notes.append({"id": "magic-lines", "where": _cells(sorted(set(skipped_magic)))})
    if magic_cells:
        notes.append({"id": "magic-cells", "where": _cells([m["cell"] for m in magic_cells]), "magics": magic_cells[:100]})
    if scoped_cells:
        notes.append({"id": "timeit-cells", "where": _cells([m["cell"] for m in scoped_cells]), "magics": scoped_cells[:100]})
    if cython_cells:
        notes.append({"id": "cython-cells", "where": _cells(cython_cells)})
    # A writing cell left out for its SyntaxError was not run: its own note says so.
    ran_written = [(index, w) for index, w in sorted(written["writes"].items()) if index not in skipped_syntax]
    if ran_written:
        notes.append({"id": "written-modules", "groups": [dict({"file": file, "where": _cell(index), "loaded": loaded},
                                                               **({"unsure": True} if index in written["unsure"] else {}),
                                                               **({"absolute": True} if written["unsure"].get(index) == "absolute" else {}),
                                                               **({"host": written["host"]} if written["host"] and index in written["unsure"] else {}))
                                                          for index, (_, file, loaded) in ran_written]})
    if written["outside"]:
        notes.append({"id": "written-outside", "groups": [dict({"file": file, "module": module, "where": _cell(index), "loaded": loaded},
                                                               **({"how": how} if how else {}))
                                                          for index, (module, file, loaded, how) in sorted(written["outside"].items())]})
    if stopped:
        notes.append({"id": "cell-magic-not-first", "groups": stopped[:100]})
    if unloaded:
        notes.append({"id": "magic-not-loaded", "groups": unloaded[:100]})
    if skipped_code:
        notes.append({"id": "top-level-left-out", "where": _cells(skipped_code)})
    if unused_imports:
        notes.append({"id": "unused-imports",
                      "groups": [{"modules": list(mods), "where": _cell(index)} for index, mods in sorted(unused_imports.items())]})
    if skipped_syntax:
        notes.append(dict({"id": "syntax-left-out", "where": _cells(skipped_syntax)},
                          **({"first": first_syntax} if first_syntax else {})))
    for name, (index, line, message, _) in sorted(SYNTAX.items()):
        if name in bound:  # another cell defines it: that one is graded
            # A .py cut into pieces (extract_py) names its lines, a notebook the cell.
            notes.append({"id": "syntax-elsewhere", "name": name, "where": _cell(index), "line": line, "message": message})

    source = "".join(l + "\n" for l, _ in out_lines)
    where = [m for _, m in out_lines]

    def cell_of_line(line):
        if isinstance(line, int) and 1 <= line <= len(where):
            return where[line - 1]
        return None

    return source, cell_of_line, notes


_GRADED_DEF = re.compile(r"^[ \t]*def[ \t]+(%s)[ \t]*\(" % "|".join(GRADED), re.M)
_ANY_DEF = re.compile(r"^[ \t]*def[ \t]+(\w+)[ \t]*\(", re.M)
_ANY_DEF_NAME = re.compile(r"^[ \t]*def\s+(\w+)", re.M)


def _nfkc(text):
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def graded_defs(text, call=True):
    """The graded defs in text as Python binds their names: [(offset of the line, name)]. A name
    spelt with letters Python folds (PEP 3131's NFKC: `def ｃompute_class_freqs`, a fullwidth c)
    defines the graded function, as the runner reads it (runner._py_name); read as written, a cell
    that never runs holding such a def, or a SyntaxError's cell, went unnamed (red team 34). ASCII
    text is read exactly as before. call=False: the def line need not go on with `(` (a def a
    SyntaxError cut short, `def compute_class_freqs:`)."""
    if text.isascii():
        if call:
            return [(m.start(), m.group(1)) for m in _GRADED_DEF.finditer(text)]
        return [(m.start(), m.group(1)) for m in re.finditer(r"^[ \t]*def\s+(%s)\b" % "|".join(GRADED), text, re.M)]
    found = []
    for m in (_ANY_DEF if call else _ANY_DEF_NAME).finditer(text):
        name = _nfkc(m.group(1))
        if name in GRADED:
            found.append((m.start(), name))
    return found


def _cell_source(cell):
    """A cell's text (nbformat keeps it as one string or a list of lines), or None when it is neither."""
    src = cell.get("source", "")
    if isinstance(src, list):
        src = "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else None


# %%file is IPython's other name for %%writefile.
_WRITEFILE = re.compile(r"^%%(?:writefile|file)(?:[ \t]+-a)?[ \t]+['\"]?([\w./-]+)\.py['\"]?[ \t]*$")


def _written_then_imported(cells):
    """The code cells whose %%writefile NAME.py a later code cell loads into the notebook with
    `from NAME import ...`, `import NAME` (as ...), `%run NAME.py` or exec(open('NAME.py').read()) (the functions written to a
    module, then imported to test them): {"cells": {cell}, "writes": {cell: (module, file name,
    the first cell loading it)}}. In Jupyter that
    cell's code is what the import binds; the grader has no such file, so the cell runs in its
    place (_extract_cells_split): a `from NAME import` of the names as they are is left out, any
    other import finds a module of what the cell bound (written_module). A %%writefile nothing
    imports stays a cell that is not run, its graded defs named where they are (ELSEWHERE).
    Where files are and where `import` looks is followed line by line, top to bottom (_Folders): a
    file is written in the working folder of the moment (the notebook's, until a %cd, %pushd,
    %popd or os.chdir above moves it), and an import looks in the working folder of its moment and
    in the folders sys.path changes above it added (_path_events). When none of them holds the
    file, "outside" holds it as {cell: (module, file name, the loading cell, None for an import,
    "run" or "exec" for a %run or exec of its path)}, not run; when one
    might, but the grader cannot tell (a folder it cannot read, such as
    sys.path.append(str(Path.cwd().parent)); an absolute path, where the notebook's own folder is
    unknown), it is run in place and "unsure" names it ({cell: "change" or "absolute"}). %run and
    exec name the file by its path, from the working folder."""
    written_at = {}  # where a file is (_Folders.resolve), or its name as written when unknown -> [(cell, file name as written)]
    by_name = {}  # a file's name (sol.py) -> written_at's keys of that name: what an import of ...sol may find
    shown = {}  # cell -> its file name as the %%writefile line writes it
    unplaced = set()  # written_at's keys the grader could not place (~/sol.py): their name as written
    # "as_main": the writing cells a later cell runs as a script (%run without -n, exec of the file's
    # text in the notebook): __name__ is "__main__" there, so its `if __name__ == "__main__":` block
    # runs; an import (or %run -n) binds __name__ to the module's name, and the block does not.
    found = {"cells": set(), "writes": {}, "as_main": set(), "outside": {}, "unsure": {}, "host": None}
    folders = _Folders()
    code = []  # every code cell's text, read once a def's body imports something (reached)
    seen = {}  # "words" and "defined": how often each word of the code appears, and after def or class (reached)

    def reached(name):
        # An import in a def's (or class's) body runs once the def is called: a graded function
        # is, and so is one any cell calls or names (a test cell, a graded function calling it);
        # one no cell names but its def runs nowhere (notebooks 31).
        if name in GRADED:
            return True
        if not seen:
            # Named more often than defined: each word of the code counted once, for every def
            # asked about (a scan of the code per def was quadratic: 8,000 such defs took minutes).
            # The same counts as \bname\b and \b(?:def|class)[ \t]+name\b give, name a word.
            if not code:
                code.append("\n".join(_cell_source(c) or "" for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"))
            seen["words"] = collections.Counter(re.findall(r"\w+", code[0]))
            seen["defined"] = collections.Counter(m.group(1) for m in re.finditer(r"\b(?:def|class)[ \t]+(?=(\w+))", code[0]))
        return seen["words"][name] > seen["defined"][name]

    def loaded(at, module, index, script, unsure):
        # Every cell that wrote that file so far (%%writefile -a appends) runs in place of the load.
        for a, _ in written_at.get(at, ()):
            found["cells"].add(a)
            found["outside"].pop(a, None)
            found["writes"].setdefault(a, (module, shown[a], index))
            if script:
                found["as_main"].add(a)
            if unsure and found["writes"][a][2] == index:
                found["unsure"][a] = unsure
            elif not unsure:
                found["unsure"].pop(a, None)

    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = _cell_source(cell)
        if not src:
            continue
        # Lines as Python breaks them: the patterns below end a line at \n, and a notebook saved
        # on Windows can hold \r\n (or \r) in its cells.
        lines = python_lines(src)
        src = "\n".join(lines)
        chain = _magic_chain(lines)  # %%writefile, or %%capture (%%time ...) over it
        m = _WRITEFILE.match(lines[chain[-1][0]].strip()) if chain else None
        if m:
            shown[index] = m.group(1) + ".py"  # as written: /content/drive/MyDrive/sol.py
            if len(shown[index]) > 200:  # the note's limit for a name (load-note.ts token)
                shown[index] = "..." + shown[index][-197:]
            at = folders.resolve(m.group(1) + ".py")
            key = at if at is not None else _file_key(m.group(1) + ".py")
            if at is None:
                unplaced.add(key)
            if key not in written_at:
                by_name.setdefault(posixpath.basename(key), []).append(key)
            written_at.setdefault(key, []).append((index, shown[index]))
            continue
        if chain and chain[-1][1] not in _PYTHON_CELL_MAGICS:
            continue  # %%bash's `cd ..` is another process's
        automagic = src.strip() if len(lines) == 1 or not "".join(lines[1:]).strip() else ""
        for _, kind, value in _path_events(src, automagic, reached):
            if kind == "change":
                folders.change(value)
                continue
            # What the cell loads (a module it imports, a file it %runs or execs), looked up among
            # the files written above: in the folders where that load looks, at that line.
            load, key, script = value[:3]
            if load == "path":
                # %run and exec open the file by its path from the working folder, as Jupyter
                # would: a file of that name written in another folder is not found (as an import
                # from there would not), unless the grader cannot place one of the two.
                at = folders.resolve(key)
                name = _file_key(key)
                how_loaded = value[3]  # "run" or "exec": the written-outside note says which
                for k in list(written_at):
                    if k != at and posixpath.basename(k) != posixpath.basename(name):
                        continue
                    if k == at:
                        how = "yes"
                    elif at is None or k in unplaced or k.startswith("?") or at.startswith("?"):
                        how = "change"
                    elif k.startswith("/") and not at.startswith("/"):
                        how = "absolute"  # the notebook's own folder, unknown, may be the file's
                    elif at.startswith("/") and not k.startswith("/"):
                        how = "change"
                    else:
                        how = "no"
                    if how == "no":
                        for a, _ in written_at[k]:
                            if a not in found["cells"]:
                                found["outside"].setdefault(a, (posixpath.basename(name)[:-3], shown[a], index, how_loaded))
                    else:
                        loaded(k, name[:-3].replace("/", "."), index, script, None if how == "yes" else how)
                continue
            file = key.replace(".", "/") + ".py"
            reach = folders.reach(file, by_name.get(posixpath.basename(file), ()))
            for at, how in reach:
                if how == "no":
                    for a, _ in written_at.get(at, ()):
                        if a not in found["cells"]:
                            found["outside"].setdefault(a, (key, shown[a], index, None))
                else:
                    loaded(at, key, index, script, None if how == "yes" else how)
    if found["unsure"]:
        # Written for Google Colab (drive.mount, /content paths), where a fresh kernel starts in
        # /content, or for Kaggle (/kaggle/input, /kaggle/working), where it starts in
        # /kaggle/working: the 'cannot tell' note says so, and what to do there (notebooks 31).
        if not code:
            code.append("\n".join(_cell_source(c) or "" for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"))
        if re.search(r"google\.colab|(?<![\w.])/content(?:/|\b)", code[0]):
            found["host"] = "colab"
        elif re.search(r"(?<![\w.])/kaggle/(?:working|input)\b", code[0]):
            found["host"] = "kaggle"
    return found


class _Folders(object):
    """Where a notebook's kernel is, for its %%writefile and import lines: the working folder
    (relative to the notebook's folder, absolute, or "?N" for the Nth one the grader could not read:
    os.chdir(ROOT), %cd with no folder), the ones
    %pushd saved and the one before the last %cd, and the folders sys.path changes added (each as
    the working folder then made it: Python's import makes a relative sys.path entry absolute when
    it first looks there, most often in the cell that added it; None for one the grader cannot read)."""

    def __init__(self):
        self.cwd = "."
        self.previous = "."
        self.stack = []
        self.path = {}  # the folders sys.path changes added, in order (a dict: each once)
        self.unread = 0  # working folders the grader could not read so far, each named "?N" (_unread)

    def resolve(self, path, base=False):
        """A path as the working folder makes it: normalised, relative to the notebook's folder or
        absolute; None when it depends on what the grader cannot read."""
        base = self.cwd if base is False else base
        if path.startswith("~"):
            return None
        if path.startswith("/"):
            return "/" + _file_key(path)
        if base is None:
            return None
        if base.startswith("?"):
            # A working folder the grader could not read (os.chdir(ROOT)): a file written there and
            # imported from there is found; one further up or down it cannot place.
            return None if ".." in path.split("/") else posixpath.normpath(posixpath.join(base, path))
        return posixpath.normpath(posixpath.join(base, path))

    def change(self, event):
        kind, target = event
        if kind == "path":  # sys.path.append(...), insert, extend, +=, a slice assignment
            if not target:
                self.path[None] = True
            else:
                self.path.update((self.resolve(t), True) for t in target)
        elif kind == "popd":
            if self.stack:
                self.previous, self.cwd = self.cwd, self.stack.pop()
        else:  # cd, pushd, os.chdir: the new working folder, "-" the one before
            if kind == "pushd":
                self.stack.append(self.cwd)
            new = self.previous if target == "-" else self.resolve(target) if target is not None else None
            if new is None:
                self.unread += 1
                new = "?%d" % self.unread
            self.previous, self.cwd = self.cwd, new

    def reach(self, file, places):
        """For each place a file of that name was written (`places`), whether an
        import now finds it: "yes" (a folder it looks in holds it), "no", or why the grader cannot
        tell: "absolute" (the file's absolute path against the notebook's folder, which it does not
        know) or "change" (a working folder or sys.path folder it could not read)."""
        out = []
        for at in places:
            if not (at == file or at.endswith("/" + file)):
                continue
            how = "no"
            for folder in [self.cwd] + list(self.path):
                if folder is None or folder.startswith("?") or at.startswith("?"):
                    if self.resolve(file, folder) == at:
                        how = "yes"
                        break
                    how = "change" if how == "no" else how
                elif self.resolve(file, folder) == at:
                    how = "yes"
                    break
                elif folder.startswith("/") != at.startswith("/"):
                    how = ("absolute" if at.startswith("/") else "change") if how == "no" else how
            out.append((at, how))
        return out


# A line that changes where `import` looks: sys.path's list (group 1: what follows `sys.path`, a
# call of append, insert or extend, +=, or an assignment to it or a slice of it), or the working
# folder (os.chdir, IPython's %cd / %pushd / %popd, `cd` alone in a cell by automagic).
_SYS_PATH = r"sys\.path((?:\.(?:append|insert|extend)[ \t]*\(|[ \t]*(?:\[[^\]\n]*\][ \t]*)?(?:\+=|=(?!=))).*)$"
_PATH_CHANGE = re.compile(r"^[ \t]*" + _SYS_PATH +
                          r"|^[ \t]*os\.chdir[ \t]*\((.*)$"
                          r"|^[ \t]*%(cd|pushd|popd)\b[ \t]*(.*)$", re.M)
# The same change after other code on its line: a `;` (import os; os.chdir('data')) or a one-line
# block's colon (if IN_COLAB: os.chdir('data')); group 1 is what stands before it (_inline_body).
_INLINE_CHANGE = re.compile(r"^[ \t]*([^\n]*?[:;])[ \t]*(?:" + _SYS_PATH + r"|os\.chdir[ \t]*\((.*)$)", re.M)


def _path_targets(rest):
    """The folders a change of sys.path adds, from the text after `sys.path` to the line's end
    (.append(p), .insert(i, p), .extend([...]), += [...], [:0] = [...], = [...] + sys.path), each
    read as _chdir_target reads a folder; [] when one cannot be read (a name, an f-string, a
    choice: os.path.join(ROOT, 'lib') is no 'lib' of the notebook's) or the line is no such
    change Python can parse. Only its own statement is read: `sys.path += ['lib']; print('..')`
    adds 'lib'."""
    try:
        body = ast.parse("sys.path" + rest).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    stmt = body[0] if body else None
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and not stmt.value.keywords:
        call, n = stmt.value, len(stmt.value.args)
        verb = call.func.attr if isinstance(call.func, ast.Attribute) and _is_sys_path(call.func.value) else None
        if (verb, n) in (("append", 1), ("insert", 2)):
            values = [_path_value(call.args[-1])]
        else:
            values = _path_items(call.args[0]) if (verb, n) == ("extend", 1) else None
    elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add) and _is_sys_path(stmt.target):
        values = _path_items(stmt.value)  # sys.path += [...]: list.extend
    elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Subscript) and _is_sys_path(target.value):
            # sys.path[:0] = [...] puts the list in (a slice takes a list); sys.path[0] = p one folder.
            values = _path_items(stmt.value) if isinstance(target.slice, ast.Slice) else [_path_value(stmt.value)]
        else:
            values = _path_items(stmt.value) if _is_sys_path(target) else None
    else:
        values = None
    return [] if values is None or None in values else [v or "." for v in values]


def _is_sys_path(node):
    return isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name) and node.value.id == "sys"


def _path_items(node, depth=0):
    """The folders a list of them (what extend, += or a slice assignment takes) adds to sys.path,
    in order, each as _path_value reads it (None for one it cannot); sys.path itself, or a slice of
    it, adds none ([...] + sys.path, [...] + sys.path[1:]); None when the list cannot be read (a
    name, a comprehension, a choice, a sum of more lists than anyone writes by hand)."""
    if depth > 20:
        return None
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_path_value(e) for e in node.elts]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _path_items(node.left, depth + 1), _path_items(node.right, depth + 1)
        return None if left is None or right is None else left + right
    if _is_sys_path(node) or (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) and _is_sys_path(node.value)):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 1000:
        return list(dict.fromkeys(node.value))  # a string is a list of its characters: extend('..') adds '.' (twice)
    return None


def _call_after(rest):
    """The call f(...) whose arguments `rest` (the text after a call's parenthesis, to the line's
    end) starts with, or None."""
    for end in [len(rest)] + [i + 1 for i in range(len(rest) - 1, -1, -1) if rest[i] == ")"][:20]:
        try:
            node = ast.parse("f(" + rest[:end], mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        return node if isinstance(node, ast.Call) else None
    return None


def _chdir_target(rest):
    """The folder os.chdir(...) moves to, from the text after its parenthesis: a string, or
    os.path.join / abspath / normpath / dirname / str / Path of what can be read (dirname of
    abspath('__file__') is the working folder itself, as in a notebook; dirname of the working folder,
    os.path.dirname(os.getcwd()), its parent); None for anything that
    reads a name or an f-string (os.chdir(os.path.join(BASE_DIR, 'work'))), which the grader cannot
    read (notebooks 31: every string in it was joined, so BASE_DIR's 'work' was taken for a folder
    of the notebook's)."""
    node = _call_after(rest)
    if node is None or len(node.args) != 1 or node.keywords:
        return None
    value = _path_value(node.args[0])
    return None if value is None else (value or ".")


def _path_value(node, depth=0):
    """A path expression's value as far as the grader can read it ("" for the working folder), or None."""
    if depth > 20:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):  # Path('..') / 'data'
        left, right = _path_value(node.left, depth + 1), _path_value(node.right, depth + 1)
        return None if left is None or right is None else posixpath.join(left, right)
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
    if name in ("getcwd", "cwd") and not node.args:
        return ""
    args = [_path_value(a, depth + 1) for a in node.args]
    if None in args or not args:
        return None
    if name == "join":
        return posixpath.join(*args)
    if len(args) != 1:
        return None
    if name in ("abspath", "normpath", "realpath", "str", "Path", "PurePath", "resolve"):
        return args[0]
    if name == "dirname":
        # The working folder read as "" (os.getcwd(), abspath('.')), or a folder above it: its dirname
        # is its parent (os.chdir(os.path.dirname(os.getcwd())) is os.chdir('..')), not the folder itself.
        folder = posixpath.normpath(args[0] or ".")
        if folder == "." or folder == ".." or folder.endswith("/.."):
            return ".." if folder == "." else folder + "/.."
        return posixpath.dirname(args[0])
    return None


def _inline_body(before):
    """What a change of folder written after `before` on its line is to the cell (_RUNS): after a
    one-line if, for, while, else or except "maybe", after a with, try or class "runs" (a class's
    body runs when the class statement does), after a def "never" (its body, which runs only once
    called: an import there loads when the def is reached, as in the multi-line form); after a lambda None, as after anything that is not a
    statement's end (a string, a comment, a dict's colon); after a `;` it runs as its line does
    ("runs")."""
    code = _LINE_STRINGS.sub("", before)
    if "#" in code or "'" in code or '"' in code or re.search(r"\blambda\b", code):
        return None
    m = _BLOCK.match(code.lstrip(" \t\f"))
    if m and not (m.group(1) in ("match", "case") and not code.rstrip().endswith(":")):  # match = 3; is a name
        return _BODY.get(m.group(1), "maybe")
    return "runs" if code.rstrip().endswith(";") else None
# A statement that opens a block, and what its body is to a change of folder written in it: a
# def's body runs only when called ("never", as far as the cell goes), a branch's or a loop's
# maybe, or more than once ("maybe"), a with's, try's or finally's once, in order ("runs"), and so
# does a class's: Python runs it when the class statement runs (class Config: import sol; a
# method's body, a def's, is "never").
_BLOCK = re.compile(r"(?:async[ \t]+)?(def|class|if|elif|else|for|while|except|match|case|with|try|finally)\b")
_BODY = {"def": "never", "class": "runs", "with": "runs", "try": "runs", "finally": "runs"}
_RUNS = ("runs", "maybe", "never")  # from surest to least: a block inside another is the lesser
_ONE_LINE_DEF = re.compile(r"[ \t\f]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)")  # its name, for _path_events' reached


def _run_state(src):
    """Whether each line of a cell runs when the cell does, as a change of folder on it would
    (_path_events): a function of the line (1-based) giving "runs" (the cell's top level, or the
    body of a with, try or finally there), "maybe" (under an if, else, for, while, except or case;
    a line continuing a statement), "never" (a def's body, a method's too; inside a string that spans
    lines, as a help text in triple quotes that shows %cd data)."""
    starts = []
    inside = _string_lines(src + "\n", starts)
    lines = src.split("\n")
    state = {}
    owners = {}  # line -> the name of the outermost def or class whose body holds it
    stack = []  # the blocks open at a line: (column of their statement, what their body is, the def's or class's name)
    for lnum, column in starts:
        while stack and stack[-1][0] >= column:
            stack.pop()
        here = stack[-1][1] if stack else "runs"
        state[lnum] = here
        owner = next((b[2] for b in stack if b[2]), None)
        if owner:
            owners[lnum] = owner
        text = lines[lnum - 1].lstrip(" \t\f")
        m = _BLOCK.match(text)
        # match and case are keywords only in a statement of their own (match = 3 is a name).
        if m and (m.group(1) not in ("match", "case") or text.split("#")[0].rstrip().endswith(":")):
            body = _BODY.get(m.group(1), "maybe")
            name = re.match(r"(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", text) if m.group(1) in ("def", "class") else None
            stack.append((column, max(here, body, key=_RUNS.index), name.group(1) if name else None))
    firsts = sorted(state)

    def at(lnum):
        if lnum in inside:
            return "never"
        if lnum in state:
            return state[lnum]
        k = bisect.bisect(firsts, lnum)
        return "never" if k and state[firsts[k - 1]] == "never" else "maybe"

    def owner(lnum):
        """The outermost def or class whose body holds the line (a statement's first line), or None."""
        return None if lnum in inside else owners.get(lnum)
    at.owner = owner
    return at


def _path_events(src, automagic="", reached=None):
    """A cell's lines that change where files are written and imported from, and its loads, in
    the cell's order: [(offset, "change", (kind, target)) or (offset, "load", _loads_of's entry)].
    A change's kind is "path" (target: the folders it adds, _path_targets; [] when one cannot be
    read: a variable, a call on Path.cwd()), "cd", "pushd" (target: the folder, None when unreadable: no
    argument, ~, $name, a variable) or "popd". `automagic`: the cell's one line, when it is one
    (`cd ..` typed without its %). `reached(name)`: whether the def or class `name` is called or
    named anywhere, so an import in its body runs (None: no import in a body runs)."""
    out = []
    if automagic and re.match(r"(?:cd|pushd|popd)\b", automagic):
        src = "%" + automagic
    runs = _run_state(src)
    # (offset, what the statement's body is to a change after a one-line header, or None, then the
    # match's groups as _PATH_CHANGE has them): a change at a line's start, and one after a `;` or
    # a one-line block's colon (if IN_COLAB: os.chdir('data')).
    found = [(m.start(), None) + m.groups() for m in _PATH_CHANGE.finditer(src)]
    for m in _INLINE_CHANGE.finditer(src):
        body = _inline_body(m.group(1))
        if body is not None:
            found.append((m.start(), body, m.group(2), m.group(3), None, None))
    found.sort(key=lambda e: e[0])
    lnum, counted = 1, 0  # the line of the match, counted on from the last one's (a cell of many is linear)
    for start, body, path, chdir, magic, argument in found:
        lnum += src.count("\n", counted, start)
        counted = start
        state = runs(lnum) if body is None else max(runs(lnum), body, key=_RUNS.index)
        if state == "never":
            continue  # in a def never called here, or in a string: moves nothing
        if state == "maybe":
            # It may run or not, or more than once: where the kernel is (or what sys.path holds)
            # after it, the grader cannot tell.
            out.append((start, "change", ("path", []) if path is not None else ("cd", None)))
            continue
        if path is not None:
            out.append((start, "change", ("path", _path_targets(path))))
        elif chdir is not None:
            out.append((start, "change", ("cd", _chdir_target(chdir))))
        else:
            words = [w for w in argument.split() if not (w.startswith("-") and w != "-")]
            bare = words[0].strip("'\"") if words else None
            target = None if bare is None or "$" in bare or "{" in bare else bare
            out.append((start, "change", (magic, target)))

    def ran(lnum, name=None):
        # An import runs where a change of folder would, and in a def's body once the def is
        # called: one in a string, or in a def (a method: its class) nothing calls or names
        # (`reached`), loads nothing; one in a class's own body runs with the class statement; one
        # under an if or a loop may, and counts. `name`: the one-line def whose body holds it (def
        # load(): import sol).
        if name is not None and (reached is None or not reached(name)):
            return False
        return runs(lnum) != "never" or (runs.owner(lnum) is not None and reached is not None and reached(runs.owner(lnum)))

    lnum, counted = 1, 0
    for offset, entry in sorted(_loads_at(src), key=lambda e: e[0]):
        lnum += src.count("\n", counted, offset)
        counted = offset
        if ran(lnum):
            out.append((offset, "load", entry))
    lnum, counted = 1, 0
    for m in _INLINE_LOAD.finditer(src):
        # import numpy as np; from sol import *, if IN_COLAB: import sol, try: import sol,
        # def load(): import sol: loads where the statement may run, as on a line of its own (not
        # in a string, nor in a def nothing reaches).
        lnum += src.count("\n", counted, m.start())
        counted = m.start()
        body = _inline_body(m.group(1))
        header = _ONE_LINE_DEF.match(m.group(1)) if body == "never" else None
        if body is None or (body == "never" and header is None) or not ran(lnum, header.group(1) if header else None):
            continue
        if m.group(2) is not None:
            out.append((m.start(), "load", ("module", m.group(2), False)))
        else:
            out.extend((m.start(), "load", ("module", name, False)) for name in _import_names(m.group(3)))
    return sorted(out, key=lambda e: e[0])


# What loads a file into the notebook, line by line: `from sol import ...`; `import sol`, `import sol
# as s`, `import numpy as np, sol`; `%run [-n ...] sol.py`; exec(open('sol.py').read()), as %run does
# it by hand.
_FROM_LINE = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import\b", re.M)
_IMPORT_LINE = re.compile(r"^[ \t]*import[ \t]+([\w. \t,]+?)[ \t]*(?:[;#].*)?$", re.M)
_IMPORT_NAME = re.compile(r"[ \t]*([\w.]+)(?:[ \t]+as[ \t]+\w+)?[ \t]*$")
_RUN_LINE = re.compile(r"^[ \t]*%run((?:[ \t]+-\w+)*)[ \t]+['\"]?([^'\"\s]+)['\"]?[ \t]*$", re.M)
_INLINE_LOAD = re.compile(r"^[ \t]*([^\n]*?[:;])[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w. \t,]+?)[ \t]*(?:[;#].*)?$)", re.M)
_EXEC_LINE = re.compile(r"^[ \t]*exec\(\s*open\(\s*[rb]?['\"]([^'\"\n]+)['\"](?:\s*,\s*['\"]r['\"])?\s*\)\.read\(\)\s*\)", re.M)


def _import_names(text):
    """The modules `import a, b.c as d` names, from the text after `import`: [] when a part is no
    dotted name (with its alias)."""
    names = [_IMPORT_NAME.match(part) for part in text.split(",")]
    return [n.group(1) for n in names] if all(names) else []


def _file_key(path):
    """A file's name as _written_then_imported keys it: normalised (./sol.py and sub/../sol.py are
    sol.py), an absolute one without its leading /."""
    return posixpath.normpath(path).lstrip("/")


def _loads_at(src):
    """What a cell loads, each with its offset in the cell: ("module", name, False) for each
    import, ("path", the file's path as written, as a script, "run" or "exec") for each %run (a
    script unless -n) and exec(open(...).read()) (always one)."""
    out = [(m.start(), ("module", m.group(1), False)) for m in _FROM_LINE.finditer(src)]
    for m in _IMPORT_LINE.finditer(src):
        out.extend((m.start(), ("module", name, False)) for name in _import_names(m.group(1)))
    out.extend((m.start(), ("path", m.group(2), "-n" not in m.group(1).split(), "run")) for m in _RUN_LINE.finditer(src))
    out.extend((m.start(), ("path", m.group(1), True, "exec")) for m in _EXEC_LINE.finditer(src))
    return out


def written_module(name, namespace, names):
    """Makes `import NAME` (`import sol as s`, `from sol import f as g`) of a %%writefile NAME.py
    cell's module find it: a module holding what that cell, run in place above, bound (`names`,
    taken from the notebook's `namespace` as they stand at the import), put in sys.modules, with
    its packages for a dotted name. A real module already imported stays, as in Jupyter, where an
    import finds it before any file; one made here by an earlier load of the same process is
    replaced."""
    import types
    old = sys.modules.get(name)
    if old is not None and not getattr(old, "__wlgrade_written__", False):
        return
    module = types.ModuleType(name)
    module.__file__ = name.replace(".", "/") + ".py"
    module.__wlgrade_written__ = True
    for n in names:
        if n in namespace:
            setattr(module, n, namespace[n])
    sys.modules[name] = module
    while "." in name:
        parent_name, _, leaf = name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent is None:
            parent = types.ModuleType(parent_name)
            parent.__path__ = []
            parent.__wlgrade_written__ = True
            sys.modules[parent_name] = parent
        if getattr(parent, "__wlgrade_written__", False):
            setattr(parent, leaf, module)
        module, name = parent, parent_name


# `%load_ext memory_profiler` (or %reload_ext), as a line of its own: the extension it loads.
_LOAD_EXT = re.compile(r"^[ \t]*%(?:re)?load_ext[ \t]+([\w.]+)[ \t]*$", re.M)


def _memit_setup(line):
    """The setup statement on a %%memit line, which memory_profiler runs with exec() in the
    notebook's namespace before the body: what follows the magic's options (-r3, -t 10, -i 0.1,
    -c, -o, -q; IPython's parse_options), joined by spaces as parse_options joins it; "" for none."""
    words = line.split()[1:]
    while words and words[0].startswith("-") and len(words[0]) > 1 and words[0] != "--":
        option = words.pop(0)
        for k, ch in enumerate(option[1:], start=2):
            if ch in "rti":  # takes a value: the rest of the word, else the next word
                if k == len(option) and words:
                    words.pop(0)
                break
    return " ".join(words)


def _stopping_magic(lines):
    """The first line of a cell (not inside a string) that starts with %% at the top level (no
    indentation), which stops the cell in IPython: (index, magic name, at most 40 characters), or
    None. IPython reads such a line as a line magic whose name starts with % (inputtransformer2's
    EscapedCommand: `%%time` is run_line_magic('%time', '')), and there is none: UsageError "Line
    magic function `%%time` not found.", and the cell stops there. The cell's own leading magics
    (_magic_chain) are blanked before this is asked."""
    candidates = [i for i, l in enumerate(lines) if l.startswith("%%")]
    if not candidates:
        return None
    inside = _string_lines("\n".join(lines) + "\n")
    for i in candidates:
        if i + 1 not in inside:
            return i, _CELL_MAGIC_LINE.match(lines[i]).group(1)[:40] or "%"
    return None


def _magic_chain(lines):
    """A cell's leading cell magics as IPython runs them: [(line index, magic name)], outermost
    first; [] when the cell does not start with %%. IPython drops a cell's leading blank lines and
    takes a first line that starts with %% for a cell magic (inputtransformer2.cell_magic), whose
    body is the lines after it; a magic in _WRAPPING_CELL_MAGICS transforms that body as a cell of
    its own, so a %% line opening it is the next magic of the stack."""
    chain = []
    at = 0
    while True:
        at = next((i for i in range(at, len(lines)) if lines[i].strip()), None)
        if at is None:
            return chain
        m = _CELL_MAGIC_LINE.match(lines[at].lstrip())
        if m is None:
            return chain
        chain.append((at, m.group(1)))
        if m.group(1) not in _WRAPPING_CELL_MAGICS:
            return chain
        at += 1


# Cell magics an IPython extension defines: run only once a %load_ext of one of these names ran
# above (the first is the one to suggest); without it IPython stops the cell (UsageError).
_EXTENSION_MAGICS = {"memit": ("memory_profiler",), "cython": ("Cython", "cython")}
# %%script's options that take a value (IPython's script magic: --out NAME, --err NAME, --proc NAME).
_SCRIPT_VALUED = ("--out", "--err", "--proc")


def _stack_fact(chain, lines):
    """What a cell's magic stack (_magic_chain) is, for a note: {"cell"?, "magic": the innermost,
    the one that runs the body, "under": the first line's when it is another, "line": the
    innermost's line in the cell then}. %%script's magic is "script:PROGRAM" (%%script python3,
    %%script --bg /usr/bin/env bash: "script:bash"), the program that runs the cell."""
    at, magic = chain[-1]
    magic = (magic or "%")[:40]
    if magic == "script":
        words = lines[at].split()[1:]
        while words and words[0].startswith("-"):
            words = words[2:] if words[0] in _SCRIPT_VALUED else words[1:]
        program = [posixpath.basename(w) for w in words[:2]]
        if program[:1] == ["env"]:
            program = program[1:]
        name = re.sub(r"[^\w.-]", "", program[0])[:40] if program else ""
        magic = "script:" + name if name else "script"
    fact = {"magic": magic}
    if len(chain) > 1:
        fact.update({"under": (chain[0][1] or "%")[:40], "line": at + 1})
    return fact


def _stack_token(fact):
    """A _stack_fact as one token for a function's scope ("notebook-magic capture,timeit@2")."""
    return ("%s,%s@%d" % (fact["under"], fact["magic"], fact["line"])) if "under" in fact else fact["magic"]


def _binds_any(lines):
    """Whether a cell's lines, its %% lines blanked, define what a notebook cell would keep (a def,
    a class, an import, a constant), were they run at the top level."""
    text = "\n".join(_strip_magics(lines)[0]) + "\n"
    try:
        tree = ast.parse(text)
    except PARSE_ERRORS:
        return bool(graded_defs(text))
    return any(_kept(node) and not _is_docstring(node) for node, _, _, _, _ in _statements(tree.body, True))


def _loads_written(node, written_names):
    """The modules of a %%writefile cell above (written_names) that an import statement loads:
    [] for none (or not an import), None for a `from NAME import ...` that only rebinds the names
    the cell bound, in place, under their own names (left out), else the list of them (the import
    runs, and finds the module written_module made)."""
    if isinstance(node, ast.ImportFrom):
        if node.level or node.module not in written_names:
            return []
        return None if all(a.asname in (None, a.name) for a in node.names) else [node.module]
    if isinstance(node, ast.Import):
        return sorted({a.name for a in node.names if a.name in written_names})
    return []


def _note_elsewhere(cell, index, how):
    """Records the graded defs a cell that never runs holds (see ELSEWHERE)."""
    src = _cell_source(cell)
    if src is None:
        return
    for start, name in graded_defs(src):
        line = src.count("\n", 0, start) + 1
        ELSEWHERE.setdefault(name, []).append((index, line, how))
        if how in ("raw", "markdown"):
            # A Markdown cell too: code pasted there, between ``` fences or not, is text as well
            # (notebooks 31); fenced when an odd number of fence lines stand above the def.
            lines = python_lines(src)
            fenced = how == "markdown" and sum(1 for l in lines[:line - 1] if _FENCE.match(l)) % 2 == 1
            RAW_DEFS.setdefault(name, []).append((index, line, _def_text(lines[line - 1:]), how, fenced))


_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)")  # a Markdown code fence line (CommonMark: at most 3 spaces in)


def _def_text(lines):
    """A def's lines from its first (the def line, then the lines below it indented further or
    blank), dedented by the def's indentation."""
    first = lines[0]
    indent = len(first) - len(first.lstrip(" \t"))
    out = [first[indent:]]
    for l in lines[1:]:
        if l.strip() and len(l) - len(l.lstrip(" \t")) <= indent:
            break
        out.append(l[indent:])
    return "\n".join(out) + "\n"


_COMMENTED_DEF = re.compile(r"^[ \t]*#+[ \t]*(?:async[ \t]+)?def[ \t]+(%s)[ \t]*\(" % "|".join(GRADED))
_NAMES_GRADED = re.compile(r"\b(%s)\b" % "|".join(GRADED))
# A comment saying the work is still to do: TODO, FIXME, TBD, "not written yet", "implement later".
_TO_DO = re.compile(r"\b(?:to-?do|fixme|tbd)\b|\bnot (?:yet )?(?:done|written|implemented|finished|started)\b"
                    r"|\b(?:write|implement|finish|do) (?:it |this |that )?later\b", re.I)


def commented_graded(lines):
    """The graded functions `lines` (a cell's, or a .py's) hold only in comments: (line, name,
    "def") for a def commented out, (line, name, "todo") for a comment naming one where nothing
    else is code, or that says it is still to do. Commented-out defs first."""
    # Both kinds name a graded function on their line: a cell that names none holds neither, and
    # most cells hold a `#` (the course's comments), where the regexes ran over every line.
    # A def's name is read as Python would bind it once uncommented (NFKC: `# def ｃompute_class_freqs`).
    if not any("#" in l and (not l.isascii() or any(name in l for name in GRADED)) for l in lines):
        return []
    only_comments = all(not l.strip() or l.lstrip().startswith("#") for l in lines)
    defs, todos = [], []
    for number, line in enumerate(lines, start=1):
        m = _COMMENTED_DEF.match(line if line.isascii() else _nfkc(line))
        if m is not None:
            defs.append((number, m.group(1), "def"))
        elif line.lstrip().startswith("#") and (only_comments or _TO_DO.search(line)):
            todos.extend((number, name, "todo") for name in sorted(set(_NAMES_GRADED.findall(line))))
    return defs + todos


def _note_commented(lines, index):
    """Records the graded functions a code cell holds only in comments (see COMMENTED)."""
    for number, name, how in commented_graded(lines):
        COMMENTED.setdefault(name, []).append((index, number, how))


def _cells(numbers):
    """Where some cells are, as a note says it: {"cells": [...]}, or for the pieces of a .py the
    lines they stand for, neighbouring pieces as one span: {"lines": [[first, last], ...]}."""
    if _LABELS:
        spans = []
        for n in numbers:
            first, last = _LABELS[n]
            if spans and spans[-1][2] == n - 1:
                spans[-1] = (spans[-1][0], last, n)
            else:
                spans.append((first, last, n))
        return {"lines": [[first, last] for first, last, _ in spans]}
    return {"cells": list(numbers)}


def _cell(number):
    return {"lines": [list(_LABELS[number])]} if number in _LABELS else {"cells": [number]}


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def python_lines(text):
    """The text's lines as Python counts them: broken at \\n, \\r\\n and \\r only.
    str.splitlines also breaks at \\f, \\v, U+2028 and other separators, which Python source keeps
    inside a line (a pasted comment with U+2028 is one line to Python, two to splitlines)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


_LINES_WITH_ENDS = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_split_text = [None, []]  # the last text split, and its lines


def _forget_split():
    """Drops the text source_segment last split and its lines, at the end of each pass that quotes
    (the extraction, weight_assignments): not kept through the learner's calls (22 MB for a file
    of 8 MB)."""
    _split_text[:] = [None, []]


def source_segment(text, node):
    """ast.get_source_segment(text, node) or "", with the text split into lines once (by a C
    regex) for all the statements of one text: get_source_segment splits it in Python at each
    call, and a cell of 1,000 lines of `a = 1; b = 2` (each such statement is quoted) took 30 s
    to extract, 3,000 lines minutes: the load's time (red team 23)."""
    if _split_text[0] is not text:
        _split_text[:] = [text, _LINES_WITH_ENDS.findall(text)]
    lines = _split_text[1]
    first, last = node.lineno - 1, node.end_lineno - 1
    if node.end_col_offset is None or not 0 <= first <= last < len(lines):
        return ""
    if first == last:
        return lines[first].encode("utf-8")[node.col_offset:node.end_col_offset].decode("utf-8")
    head = lines[first].encode("utf-8")[node.col_offset:].decode("utf-8")
    tail = lines[last].encode("utf-8")[:node.end_col_offset].decode("utf-8")
    return "".join([head] + lines[first + 1:last] + [tail])


def _segment(node, body, k, text, clean, index):
    """A top-level statement's lines, each with its (cell, line): its own lines, or only its text
    when it shares a line with another statement (`a = 1; b = 2`)."""
    prev_end = body[k - 1].end_lineno if k > 0 else 0
    next_start = body[k + 1].lineno if k + 1 < len(body) else None
    first_line = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    if prev_end == first_line or next_start == node.end_lineno:
        seg_lines = python_lines(source_segment(text, node))
        first_line = node.lineno
    else:
        seg_lines = clean[first_line - 1:node.end_lineno]
    if seg_lines and seg_lines[-1].rstrip().endswith("\\"):
        # The statement ends here (the parser says so): a backslash continues it only into blank
        # lines, and would join it to whatever follows it in the rebuilt source (an `except:` line).
        seg_lines = seg_lines[:-1] + [seg_lines[-1].rstrip()[:-1].rstrip()]
    return [(l, (index, first_line + i)) for i, l in enumerate(seg_lines)]


# Methods that fill a configuration object (parser.add_argument('--eps', type=float, default=1e-7),
# config.update(eps=1e-7)): a left-out call of one, on a name, with simple arguments, may run if
# the graded functions need that name (argparse's defaults: epsilon=args.eps).
_CONFIGURING = frozenset(("add_argument", "set_defaults", "update", "setdefault"))


def _configuring_call(node):
    """The receiver's name of `name.<configuring method>(<simple arguments>)` as a statement, or None."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    call = node.value
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in _CONFIGURING and isinstance(call.func.value, ast.Name)):
        return None
    if not all(_simple_value(a) for a in call.args) or not all(_simple_value(k.value) for k in call.keywords):
        return None
    return call.func.value.id


def _made_names(node):
    """The names a left-out statement that may run makes: what it binds, or the object a
    configuring call fills (_configuring_call), which it then counts as making."""
    receiver = _configuring_call(node)
    return {receiver} if receiver is not None else _defined_names(node)


def _may_run(node):
    """A left-out assignment that may run if needed: plain names as targets, and no string spanning
    lines (its lines are indented into a try block, which would change such a string); or a call
    that fills a configuration object (_configuring_call)."""
    if _configuring_call(node) is not None:
        pass
    elif isinstance(node, ast.Assign):
        if not all(_simple_target(t) for t in node.targets):
            return False
    elif not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
        return False
    return not any(isinstance(n, (ast.Constant, ast.JoinedStr)) and n.end_lineno != n.lineno
                   for n in ast.walk(node.value))


def _value_reads(v):
    """The names an expression reads from outside it (a comprehension's or lambda's own names are not)."""
    # One walk of the expression (three were ~18% of a notebook's extraction): the same sets.
    own, loaded = set(), set()
    for n in ast.walk(v):
        if isinstance(n, ast.Name):
            (loaded if isinstance(n.ctx, ast.Load) else own).add(n.id)
        elif isinstance(n, ast.Lambda):
            a = n.args
            own.update(x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x is not None)
    return loaded - own


def _load_time_reads(node):
    """The names a kept statement reads when the file loads: a def's decorators, defaults and
    annotations (its body reads later), a class's bases and body, an assignment's value."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return _decorator_reads(node) | _signature_reads(node)
    if isinstance(node, ast.ClassDef):
        parts = node.decorator_list + node.bases + [k.value for k in node.keywords]
        inner = set().union(*(_load_time_reads(s) for s in node.body))
        return inner.union(*(_value_reads(p) for p in parts))
    if isinstance(node, ast.Try):
        return set().union(*(_load_time_reads(s) for s in node.body + node.orelse + node.finalbody))
    if isinstance(node, ast.If):
        tests = {n.id for i in ast.walk(node) if isinstance(i, ast.If) for n in ast.walk(i.test) if isinstance(n, ast.Name)}
        return tests.union(*(_load_time_reads(s) for s in _if_statements(node)))
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        return _reads_when_made(node.value) if _is_function_assignment(node) else _value_reads(node.value)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return set()
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _free_names(fn):
    """The names a function or lambda reads that it does not bind itself (parameters, local
    assignments, imports, nested definitions): those come from an enclosing function or the module.
    A nested function's free names are read in the scope that holds it."""
    a = fn.args
    own = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x is not None}
    declared = set()
    loads = set()
    stack = list(fn.body) if isinstance(fn.body, list) else [fn.body]
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if not isinstance(n, ast.Lambda):
                own.add(n.name)
                stack.extend(n.decorator_list)
            stack.extend(n.args.defaults + [d for d in n.args.kw_defaults if d is not None])
            loads |= _free_names(n)
            continue
        if isinstance(n, ast.ClassDef):
            own.add(n.name)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            declared.update(n.names)
        elif isinstance(n, ast.Name):
            (loads if isinstance(n.ctx, ast.Load) else own).add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            own.update(_bound_names(n))
        elif isinstance(n, ast.ExceptHandler) and n.name:
            own.add(n.name)
        stack.extend(ast.iter_child_nodes(n))
    return loads - (own - declared)


def _reads(node):
    """The module names a kept statement reads, at load or when called: a function's own
    parameters and locals are not (get_weighted_loss's parameter pos_weights is not the notebook's
    global pos_weights)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return _free_names(node) | _load_time_reads(node)
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _reach(kept, candidates=()):
    """What the kept code needs, from what the file reads when it loads (decorators, defaults,
    constants' values, class bodies) and from the graded functions, transitively through the kept
    definitions (and the candidates: left-out assignments that may run) that define what they read.
    Returns (the names needed, the ids of the candidates chosen). A helper the graded functions
    never reach (the course's get_train_generator) counts only for what it reads at load time. One
    pass over a worklist of names: each statement is read once."""
    makers = {}  # name -> [(node, is a candidate)]
    for node, _, _ in kept:
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            for name in _defined_names(node):
                makers.setdefault(name, []).append((node, False))
    for _, node, _, _ in candidates:
        for name in _made_names(node):
            makers.setdefault(name, []).append((node, True))
    seen = set(GRADED).union(*(_load_time_reads(node) for node, _, _ in kept))
    todo = list(seen)
    chosen = set()
    read = set()
    while todo:
        for node, candidate in makers.get(todo.pop(), ()):
            if id(node) in read:
                continue
            read.add(id(node))
            if candidate:
                chosen.add(id(node))
                names = _value_reads(node.value)
            else:
                names = _reads(node)
            for name in names - seen:
                seen.add(name)
                todo.append(name)
    return seen, chosen


def _needed_names(kept):
    """The names the kept code needs (_reach): an import binding none of them is not run."""
    return _reach(kept)[0]


def _needed_assignments(kept, candidates):
    """The candidates (left-out assignments that may run) whose names the file needs (_reach),
    as their nodes' ids."""
    return _reach(kept, candidates)[1] if candidates else set()


def _in_try(mapped, where, caught, handler):
    """`try: <mapped lines> / except <caught> as __wlgrade_exc: <handler lines>`; the lines added
    map to `where`."""
    return ([("try:", where)] + [("    " + l, m) for l, m in mapped]
            + [("except %s as __wlgrade_exc:" % caught, where)] + [("    " + h, where) for h in handler])


def _signature_reads(node):
    """The names a def's defaults and annotations read when it is made (its decorators not
    included: a decorator is called on the function, and its value cannot be deferred)."""
    a = node.args
    parts = a.defaults + [d for d in a.kw_defaults if d is not None]
    parts += [x.annotation for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]
              if x is not None and x.annotation is not None]
    parts += [node.returns] if node.returns is not None else []
    return set().union(*(_value_reads(p) for p in parts))


def _signature_parts(node):
    """A def's defaults and annotations, each with the parameter it belongs to (None: the return
    annotation) and whether it is an annotation."""
    a = node.args
    positional = a.posonlyargs + a.args
    parts = [(d, p.arg, False) for p, d in zip(positional[len(positional) - len(a.defaults):], a.defaults)]
    parts += [(d, p.arg, False) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
    parts += [(x.annotation, x.arg, True) for x in positional + a.kwonlyargs + [a.vararg, a.kwarg]
              if x is not None and x.annotation is not None]
    if node.returns is not None:
        parts.append((node.returns, None, True))
    return parts


_DEFER = "__import__('wlgrade_notebook').deferred(lambda: ("


def _defer_defaults(node, mapped, names, data=None):
    """The def with each default or annotation that reads one of `names` (what left-out code binds
    from the notebook's data, or a missing module's placeholder), or that calls something, written as
    deferred(lambda: (<it>), 'param'): evaluated when the def is made, as Jupyter does, and if that
    raises, a value that raises the same error when the function uses it (_Deferred). The cases
    pass every argument, so a default there only for the notebook's own calls costs nothing, and
    one the function does rely on fails its cases with the error the name gives (the runner says
    where the name comes from). The text is only added to within lines: line numbers hold, and the
    def stays at the top level, where the source readers look for it."""
    first = mapped[0][1][1] if mapped else node.lineno
    lines = [l.encode("utf-8") for l, _ in mapped]
    edits = []  # (line index, byte column, text), applied from the last
    for expr, param, annotation in _signature_parts(node):
        if not (_value_reads(expr) & names or not _cannot_raise(expr)) or expr.end_lineno is None or _binds_walrus(expr):
            continue
        what = ("%s's annotation" % param if param else "the return annotation") if annotation else param
        start, end = expr.lineno - first, expr.end_lineno - first
        if not (0 <= start < len(lines) and 0 <= end < len(lines)):
            return mapped  # not where the parser says (cannot happen for a def's own lines)
        edits.append((start, expr.col_offset, _DEFER))
        # Whether it reads what left-out code binds (the notebook's data): then any error it raises
        # is the grader's lack of that data; else only the kinds _environmental names are.
        edits.append((end, expr.end_col_offset, "), %r, %r)" % (what, bool(_value_reads(expr) & (names if data is None else data)))))
    for at, col, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[at] = lines[at][:col] + text.encode("utf-8") + lines[at][col:]
    return [(l.decode("utf-8"), m) for l, (_, m) in zip(lines, mapped)]


def _decorator_reads(node):
    """The names a def's decorators read when it is made."""
    return set().union(*(_value_reads(d) for d in node.decorator_list))


_DECORATE = "__import__('wlgrade_notebook').decorate(lambda: ("


def _binds_walrus(expr):
    """Whether an expression binds a name with := (@(timer := make_timer()), eps=(EPS := 1e-7)):
    in the module when written as it is, in the lambda's own scope once wrapped in one, so the
    module would lack the name (red-team round 20: a correct loss reading EPS scored 6/23). Such an
    expression is left as written (it raises as it would in Jupyter)."""
    return any(isinstance(n, ast.NamedExpr) for n in ast.walk(expr))


def _guard_decorators(node, mapped, data, names, own=False):
    """The def with each decorator that reads one of `names` written as
    @decorate(lambda: (<it>), 'function', line, data): the decorator when it can be made and
    applied, and when that raises for want of the data or a module (decorate), none: the function is
    graded as written below it, and a note says which decorator was skipped. Within lines, as
    _defer_defaults edits: line numbers hold."""
    first = mapped[0][1][1] if mapped else node.lineno
    lines = [l.encode("utf-8") for l, _ in mapped]
    edits = []
    top = True
    for d in node.decorator_list:
        if not (_value_reads(d) & names or own) or d.end_lineno is None or _binds_walrus(d):
            continue
        start, end = d.lineno - first, d.end_lineno - first
        if not (0 <= start < len(lines) and 0 <= end < len(lines)):
            return mapped
        edits.append((start, d.col_offset, _DECORATE))
        at = mapped[start][1]  # (cell, line) as the learner sees it
        edits.append((end, d.end_col_offset, "), %r, (%d, %d), %r, %r)" % (node.name, at[0], at[1], bool(_value_reads(d) & data), top)))
        top = False
    for at, col, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[at] = lines[at][:col] + text.encode("utf-8") + lines[at][col:]
    return [(l.decode("utf-8"), m) for l, (_, m) in zip(lines, mapped)]


SKIPPED_DECORATORS = []  # (function name, (cell, line) of the decorator, exception type name)
# The names the graded functions reach, and the load itself reads (_reach): a skipped decorator of a
# def outside them (an @interact plot helper, ipywidgets missing) changes nothing graded, and is
# not told (runner.skipped_decorator_notes).
NEEDED = set()


def decorate(thunk, name, where, data=True, top=False):
    """A decorator that reads the notebook's data (_guard_decorators): made and applied when it
    can be; when either raises, for want of the data (it reads it) or of a module or file, the
    function is left undecorated and the skip recorded (the runner's note). Its own errors (a
    decorator that reads only present names and raises TypeError) are the learner's: the def fails.
    As in Python, the decorator expression is evaluated here, when the @ line runs (every decorator
    of the def top to bottom, then its defaults), and applied later, bottom to top (apply): a
    decorator that sets what a default or another decorator reads (@configure(eps=1e-7) over
    epsilon=CONFIG['eps']) gives what Python gives. Once one raised the learner's own error, Python
    evaluates and applies no more of that def's decorators (_FAILING); `top` is the def's first
    guarded decorator, whose apply runs last."""
    made, failed = None, None
    skipped = name in _FAILING
    if not skipped:
        try:
            made = thunk()
        except BaseException as exc:  # a decorator's sys.exit too: the learner's (exited)
            if getattr(type(exc), "_wlgrade_stop", False):
                raise
            failed = exc
            if not (data or _environmental(exc)):
                _FAILING[name] = True

    def apply(f):
        try:
            if skipped or (failed is None and name in _FAILING):
                return f  # this def already failed at another of its decorators: as Python, no more apply
            exc = failed
            if exc is None:
                try:
                    return made(f)
                except BaseException as raised:  # a decorator's sys.exit too: the learner's (exited)
                    if getattr(type(raised), "_wlgrade_stop", False):
                        raise
                    exc = raised
            exc.__traceback__ = None
            if not (data or _environmental(exc)):
                _FAILING[name] = True
                try:
                    previous = thunk.__globals__.get(name, _UNBOUND)
                except BaseException:
                    previous = _UNBOUND
                if previous is not _UNBOUND:
                    # In Jupyter the def statement fails before it binds its name: the name keeps
                    # what an earlier cell (or line) bound, which is what is graded, with a note
                    # (runner.kept_previous_notes).
                    KEPT_PREVIOUS.append((name, where, exc, previous))
                    return previous
                # The runner takes the def out and says why (runner.raised_defaults): a graded
                # def as a problem, a helper in the error of a graded function that calls it.
                OWN_DECORATORS[name] = (f, where, exc)
                return f
            SKIPPED_DECORATORS.append((name, where, type(exc).__name__))
            return f
        finally:
            if top:
                _FAILING.pop(name, None)
    return apply


_FAILING = {}  # def's name -> True from the decorator that raised the learner's own error to its def's top decorator


OWN_DECORATORS = {}  # def's name -> (the function, (cell, line), error): its decorator raised the learner's own error
KEPT_PREVIOUS = []  # (def's name, (cell, line), error, the earlier binding kept): its decorator raised, an earlier def stands
_UNBOUND = object()
OWN_DEFS = {}  # helper's name -> (where, what raised, error type, message): taken out as its def failed (runner.raised_defaults)


def _calls(expr):
    """Whether an expression calls something (pos_weights=load_weights()[0]): what it calls may
    read the notebook's data when it runs, which no name in the expression shows."""
    return any(isinstance(n, ast.Call) for n in ast.walk(expr))


def _cannot_raise(expr):
    """A default or annotation that cannot raise when the def is made, given that its names are
    defined (a constant, a name, a dotted name, -1e-7, a tuple of those)."""
    if isinstance(expr, (ast.Constant, ast.Name)):
        return True
    if isinstance(expr, ast.Attribute):
        return _cannot_raise(expr.value)
    if isinstance(expr, ast.UnaryOp):
        return isinstance(expr.operand, ast.Constant) and isinstance(expr.operand.value, (int, float, complex))
    if isinstance(expr, (ast.Tuple, ast.List)):
        return all(_cannot_raise(e) for e in expr.elts)
    return False


def _environmental(exc):
    """An error the grader's sandbox causes, not the learner's code: a file or module it does not
    have, a name left-out code binds, an environment variable of the learner's machine."""
    if isinstance(exc, (OSError, ImportError)):
        return True
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None)
        return name in DROPPED or (name in FAILED and name not in OWN_FAILED)
    if isinstance(exc, KeyError):  # os.environ['EPS']: the innermost frame is os's mapping
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        return tb is not None and tb.tb_frame.f_code.co_filename in (os.__file__, "<frozen os>")
    return False


def deferred(thunk, what, data=True):
    """A default's or annotation's value (_defer_defaults), or a _Deferred when it cannot be computed.
    One that reads no data and raised an error of the learner's own (1/0, a helper's TypeError) is
    marked so: the runner then treats the def as failed, as Jupyter does (runner.raised_defaults)."""
    try:
        return thunk()
    except BaseException as exc:  # a helper's sys.exit too: the learner's (exited)
        if getattr(type(exc), "_wlgrade_stop", False):
            raise
        own = not data and not _environmental(exc)
        line = None
        tb = exc.__traceback__
        while tb is not None:  # the def's line: the lambda's frame, the outermost one of the file
            if tb.tb_frame.f_code.co_name == "<lambda>":
                line = tb.tb_lineno
                break
            tb = tb.tb_next
        exc.__traceback__ = None
        value = _Deferred(what, exc)
        if own:
            OWN_ERRORS[id(value)] = (value, line)
        return value


OWN_ERRORS = {}  # id of a _Deferred -> (it, line): a default that raised the learner's own error


class _Deferred(object):
    """A default the grader could not compute (it reads the notebook's data or a missing module).
    Any use of it raises the error computing it raised: the NameError of a name left-out code
    binds, which the runner explains (where the name is assigned, and why it could not be)."""
    __slots__ = ("_wlgrade_what", "_wlgrade_exc")

    def __init__(self, what, exc):
        object.__setattr__(self, "_wlgrade_what", what)
        object.__setattr__(self, "_wlgrade_exc", exc)

    def _fail(self, *args, **kwargs):
        exc = object.__getattribute__(self, "_wlgrade_exc")
        try:  # for the runner's message (error_info): which default, and where its def is
            exc._wlgrade_default = object.__getattribute__(self, "_wlgrade_what")
        except Exception:
            pass
        raise exc.with_traceback(None)

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        object.__getattribute__(self, "_fail")()

    def __repr__(self):
        return "<default of %s: not computed by the grader>" % object.__getattribute__(self, "_wlgrade_what")

    __array_ufunc__ = None  # numpy defers to the reflected operators below, which raise
    __hash__ = object.__hash__
    __call__ = __len__ = __iter__ = __bool__ = __float__ = __int__ = __index__ = __array__ = _fail
    __getitem__ = __setitem__ = __contains__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _fail
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _fail
    __neg__ = __pos__ = __abs__ = __and__ = __rand__ = __or__ = __ror__ = __invert__ = __round__ = _fail


def _guard_assignment(node, mapped, where):
    """try: <assignment> / except Exception: recorded (assign_failed). Left-out code run only
    because a graded function needs its name may need data the grader does not have: then the
    name stays undefined, and a function that reads it says why (runner.error_info). An argparse
    `args = parser.parse_args()` that exits (a required argument: the grader's command line is not
    the learner's) binds the arguments' defaults instead (parsed_defaults)."""
    names = sorted(_defined_names(node))
    guarded = _in_try(mapped, where, "Exception", ["__import__('wlgrade_notebook').assign_failed(__wlgrade_exc, %r)" % (names,)])
    parse = _parse_args_call(node)
    handler = []
    if parse is not None:
        parser, known, order = parse
        handler = ["except SystemExit as __wlgrade_exc:",
                   "    __import__('wlgrade_notebook').parsed_defaults(__import__('builtins').globals(), %r, %s, __wlgrade_exc, %r, %r)"
                   % (order, parser, known, where)]
    # SystemExit (parse_args(['--bad']), a helper's sys.exit), KeyboardInterrupt or GeneratorExit
    # raised by hand: the learner's own, as an Exception is, and the definitions-only load goes on
    # (the grader's own stop, TopLevelTimeout, goes through: exited re-raises it).
    handler += ["except BaseException as __wlgrade_exc:",
                "    __import__('wlgrade_notebook').exited(__wlgrade_exc, %r)" % (names,)]
    return guarded + [(h, where) for h in handler]


def _parse_args_call(node):
    """(the parser's name, whether parse_known_args, the names bound in order) for `args = parser.parse_args()` (or
    `args, rest = parser.parse_known_args()`), reading the command line; else None."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call)):
        return None
    f = node.value.func
    if not (isinstance(f, ast.Attribute) and f.attr in ("parse_args", "parse_known_args") and isinstance(f.value, ast.Name)):
        return None
    if len(node.value.args) > 1 or _gives_own_list(node.value):
        return None  # parses a list of its own: an exit there is the learner's
    known = f.attr == "parse_known_args"
    target = node.targets[0]
    if known and isinstance(target, (ast.Tuple, ast.List)) and len(target.elts) == 2 and all(isinstance(e, ast.Name) for e in target.elts):
        return f.value.id, known, [e.id for e in target.elts]
    if not known and isinstance(target, ast.Name):
        return f.value.id, known, [target.id]
    return None


def _gives_own_list(call):
    """Whether a parse_args call (parse_known_args ...) gives it a list of its own (parse_args(['--bad']),
    args=[...]): its first argument or its args= does not read the command line (_reads_argv).
    runner._parses_own_list uses it too, so the argparse exit it words as the grader's empty
    command line is the parse this file gives its defaults."""
    given = call.args[:1] + [k.value for k in call.keywords if k.arg == "args"]
    return any(not _reads_argv(e) for e in given)


def _reads_argv(e):
    """Whether parse_args's argument reads the command line as no argument does: None, sys.argv or a
    slice of it (parse_args(sys.argv[1:]))."""
    if isinstance(e, ast.Constant) and e.value is None:
        return True
    while isinstance(e, ast.Subscript):
        e = e.value
    return (isinstance(e, ast.Attribute) and e.attr == "argv" and isinstance(e.value, ast.Name) and e.value.id == "sys") \
        or (isinstance(e, ast.Name) and e.id == "argv")


ARGPARSE_DEFAULTS = []  # (cell, line) of a parse_args that exited and was given its defaults


def parsed_defaults(namespace, names, parser, exc, known, where):
    """What `parser.parse_args()` gives when the command line has what it requires: every
    argument's default (a string default converted by its type, as argparse does), bound to
    `names` in `namespace`. Anything that is not an argparse parser, or fails, leaves the names
    undefined with the exit as the reason (assign_failed)."""
    try:
        import argparse
        if not isinstance(parser, argparse.ArgumentParser):
            # Not exc itself: a SystemExit is no Exception, and would end the load from here.
            raise TypeError("not an argparse parser")
        ns = argparse.Namespace()
        for action in parser._actions:
            if action.dest is argparse.SUPPRESS or action.default is argparse.SUPPRESS or hasattr(ns, action.dest):
                continue
            value = action.default
            if isinstance(value, str):
                value = parser._get_value(action, value)
            setattr(ns, action.dest, value)
        for key, value in parser._defaults.items():
            if not hasattr(ns, key):
                setattr(ns, key, value)
        values = (ns, []) if known else (ns,)
    except Exception:
        assign_failed(SystemExit("parse_args() exited (%s)" % (exc.code,)), names)
        return
    for name, value in zip(names, values):
        namespace[name] = value
    ARGPARSE_DEFAULTS.append(where)


def _class_may_raise(node):
    """Whether making a class can raise (its body runs then): anything but defs whose defaults
    cannot raise, docstrings, pass and constants. Decorators, bases and keywords too."""
    if node.decorator_list or node.keywords or not all(isinstance(b, (ast.Name, ast.Attribute)) for b in node.bases):
        return True
    for stmt in node.body:
        if isinstance(stmt, ast.Pass) or _is_docstring(stmt):
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if stmt.decorator_list or not all(_cannot_raise(e) for e, _, _ in _signature_parts(stmt)):
                return True
            continue
        if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets) and _cannot_raise(stmt.value):
            continue
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and _cannot_raise(stmt.annotation) \
                and (stmt.value is None or _cannot_raise(stmt.value)):
            continue
        return True
    return False


def _guard_class(node, mapped, index):
    """try: <the class> / except BaseException: class_failed(..)."""
    return _in_try(mapped, (index, node.lineno), "BaseException",
                   ["__import__('wlgrade_notebook').class_failed(__wlgrade_exc, %r, %r)" % (sorted(_defined_names(node)), (index, node.lineno))])


CLASS_FAILED = {}  # class name -> ((cell, line) of the class, the module source's line in its body that raised, or None): class_failed


def class_failed(exc, names, where):
    """A class made guarded for its own errors (_class_may_raise) raised: its names stay undefined
    with the reason, as a guarded assignment's (assign_failed, exited); the grader's own stop
    (TopLevelTimeout) is raised again."""
    if getattr(type(exc), "_wlgrade_stop", False):
        raise exc
    own = not _environmental(exc)
    line = None
    try:  # the line of the class body that raised: the class's own frame, the innermost one (a
        # statement's guard that raised it again, unavailable, is met first, at the guard's line)
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_name in names:
                line = tb.tb_lineno
            tb = tb.tb_next
    except Exception:
        line = None
    if isinstance(exc, Exception):
        assign_failed(exc, names)
        exc.__traceback__ = None
    else:
        exited(exc, names)
    for name in names:
        CLASS_FAILED[name] = (where, line)
        if own:
            OWN_FAILED.add(name)


def _guard_class_body(node, mapped, data=frozenset()):
    """A class's lines with each statement of its body that reads a name (not a def, a class or a
    docstring) written as try: <it> / except Exception: <its names> = unavailable(<the error>),
    at its own indentation. A statement that shares a line with another is left as it is. One that
    reads none of `data` (what left-out code binds or changes, imports) and raises an error of the
    learner's own (raise ValueError(..)) fails the class, as in Python (unavailable)."""
    at = {}
    for i, (_, m) in enumerate(mapped):
        at.setdefault(m[1], i)
    body = node.body
    edits = []  # (first index, last index, statement)
    for k, stmt in enumerate(body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)) or _is_docstring(stmt):
            continue
        if not any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) for n in ast.walk(stmt)):
            continue  # EPS = 1e-7 cannot fail
        if (k > 0 and body[k - 1].end_lineno == stmt.lineno) or (k + 1 < len(body) and body[k + 1].lineno == stmt.end_lineno):
            continue
        first, last = at.get(stmt.lineno), at.get(stmt.end_lineno)
        if first is None or last is None or last < first:
            return mapped
        edits.append((first, last, stmt))
    out = list(mapped)
    for first, last, stmt in reversed(edits):
        text, where = out[first]
        indent = text[:len(text) - len(text.lstrip())]
        names = sorted(_defined_names(stmt)) if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else []
        reads = bool(_value_reads(stmt) & data)
        handler = (["%s = __import__('wlgrade_notebook').unavailable(__wlgrade_exc, %r)" % (n, reads) for n in names]
                   or ["__import__('wlgrade_notebook').unavailable(__wlgrade_exc, %r)" % reads])
        block = [(indent + "try:", where)] + [("    " + l if l.strip() else l, m) for l, m in out[first:last + 1]]
        block += [(indent + "except BaseException as __wlgrade_exc:", where)] + [(indent + "    " + h, where) for h in handler]
        out[first:last + 1] = block
    return out


def unavailable(exc, data=True):
    """A class attribute whose statement raised (_guard_class_body): using it raises that error.
    The grader's own stop (TopLevelTimeout) is raised again, and so is an error of the learner's own
    (a statement that reads no data raised what is not the grader's lack): the class fails there."""
    if getattr(type(exc), "_wlgrade_stop", False) or not (data or _environmental(exc)):
        raise exc
    exc.__traceback__ = None
    return _Deferred(None, exc)


OWN_FAILED = set()  # of FAILED, the names whose assignment raised a BaseException of the learner's (exited)


def _argparse_message(exc):
    """The message argparse's error() printed before it exited ('unrecognized arguments: --bad'), or None."""
    try:
        import argparse
        tb = exc.__traceback__
        while tb is not None:
            f = tb.tb_frame
            if f.f_code.co_filename == argparse.__file__ and f.f_code.co_name == "error":
                message = f.f_locals.get("message")
                return message.split("\n")[0][:200] if type(message) is str else None
            tb = tb.tb_next
    except Exception:
        pass
    return None


def exited(exc, names):
    """A guarded assignment that raised a BaseException that is not an Exception (_guard_assignment):
    the learner's (a parse_args given a list it rejects, sys.exit in a helper), recorded as
    assign_failed records an error; the grader's own stop (TopLevelTimeout) is raised again."""
    if getattr(type(exc), "_wlgrade_stop", False):
        raise exc
    try:
        said = str(exc).split("\n")[0]
    except Exception:
        said = ""
    text = "%s: %s" % (type(exc).__name__, said) if said else type(exc).__name__
    if isinstance(exc, SystemExit):
        message = _argparse_message(exc)
        text = "SystemExit: %s (%s)" % (exc.code, "argparse: " + message if message else "sys.exit")
    exc.__traceback__ = None
    assign_failed(RuntimeError(text), names)
    for name in names:
        FAILED[name] = text[:300]
        OWN_FAILED.add(name)


def assign_failed(exc, names):
    """Called by a guarded assignment that raised: its names are left undefined, with the reason
    (for a NameError on a name an earlier guarded assignment failed to define, that one's reason)."""
    text = FAILED.get(getattr(exc, "name", None)) if isinstance(exc, NameError) else None
    if text is None and isinstance(exc, ModuleNotFoundError) and getattr(exc, "name", None):
        text = "ModuleNotFoundError: No module named %r" % exc.name  # a placeholder's long message, shortened
    text = text or "%s: %s" % (type(exc).__name__, exc)
    for name in names:
        FAILED[name] = text[:300]


def _strip_magics(lines):
    """Replaces magic, shell and help lines by `pass` at their indentation, so line numbers hold."""
    out = []
    had = False
    for l in lines:
        m = _MAGIC_LINE.match(l) or _HELP_LINE.match(l)
        if m and not _is_python_comparison(l):
            out.append(m.group(1) + "pass")
            had = True
        else:
            out.append(l)
    return out, had


# Line magics and shell aliases a learner types without their % (`pip install -q seaborn`, `ls data/`,
# `cd ..`): IPython's automagic runs them, but only in a cell of that one line (InteractiveShell.
# transform_cell prefilters a cell only when it is one line); in a longer cell the line is a
# SyntaxError in Jupyter too.
_AUTOMAGIC = re.compile(r"^(\s*)(?:pip|conda|mamba|ls|ll|cd|pwd|cat|cp|mv|mkdir|rm|rmdir|env|matplotlib|load_ext|"
                        r"reload_ext|autoreload|run|who|whos|history|reset|config|xmode|precision|load|less|"
                        r"more|man|clear|bookmark|pushd|popd|dhist)(?:\s+\S.*)?$")


def _automagic(lines):
    """A cell whose only line (blank lines above it aside, none below) is a magic typed without its %
    (_AUTOMAGIC), as `pass`; else the lines as they are. Returns (lines, whether it was one)."""
    filled = [i for i, l in enumerate(lines) if l.strip()]
    if len(filled) != 1 or filled[0] != len(lines) - 1:  # blank lines after it make it two lines to IPython
        return lines, False
    m = _AUTOMAGIC.match(lines[filled[0]])
    if m is None:
        return lines, False
    return lines[:filled[0]] + [m.group(1) + "pass"] + lines[filled[0] + 1:], True


def _is_python_comparison(line):
    """`x != y` and `a = b % c` look like magics to the pattern; they parse as Python."""
    s = line.strip()
    if s.startswith("!") or s.startswith("%"):
        return False
    try:
        ast.parse(s)
        return True
    except PARSE_ERRORS:
        return False


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _kept(node):
    if isinstance(node, ast.ImportFrom) and node.module == "__future__":
        return False  # only legal at the very top of a file; cells are joined
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, ast.Assign):
        return (all(_simple_target(t) for t in node.targets) and _simple_value(node.value)) or _is_function_assignment(node)
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name) and (node.value is None or _simple_value(node.value))
    if isinstance(node, ast.AugAssign):
        # EPS = 1e-8 then EPS *= 10: left out, the constant would keep its first value.
        return isinstance(node.target, ast.Name) and _simple_value(node.value)
    if isinstance(node, ast.Try):
        # try: import x / except ImportError: ...  is an import too.
        parts = node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body]
        return all(_kept(s) or isinstance(s, ast.Pass) for s in parts)
    if isinstance(node, ast.If):
        # if USE_TORCH: import torch; def f(..) / else: def f(..): a choice between imports,
        # definitions and constants, made on a test of simple values (what _names_ready checks is
        # bound), is kept whole and its test run, as Python would. A main guard is not (_statements).
        return (not _is_main_guard(node.test) and _simple_test(node.test)
                and all(_kept(s) or isinstance(s, ast.Pass) for s in node.body + node.orelse))
    return False


def _simple_test(v, depth=0):
    """An if's test made of simple values (_simple_value) compared or combined: USE_TF, not DEBUG,
    MODE == "numpy", sys.version_info >= (3, 8) and True; no call, so nothing of the file's runs."""
    if depth > 20:
        return False
    if isinstance(v, ast.BoolOp):
        return all(_simple_test(x, depth + 1) for x in v.values)
    if isinstance(v, ast.UnaryOp):
        return _simple_test(v.operand, depth + 1)
    if isinstance(v, ast.Compare):
        return all(_simple_test(x, depth + 1) for x in [v.left] + v.comparators)
    return _simple_value(v, depth)


def _if_imports(node):
    """The imports among a kept if's statements."""
    return [s for s in _if_statements(node) if isinstance(s, (ast.Import, ast.ImportFrom))]


def _if_statements(node):
    """The statements of a kept if's branches, an elif's included."""
    for s in node.body + node.orelse:
        if isinstance(s, ast.If):
            yield from _if_statements(s)
        else:
            yield s


def _names_ready(node, bound):
    """Assignments only: every name the value reads is already defined."""
    if isinstance(node, ast.Try):
        return all(_names_ready(s, bound) for s in node.body + node.orelse + node.finalbody)
    if isinstance(node, ast.If):
        # Its test, then each branch in order: what a branch binds counts for its later statements
        # (if BACKEND == "torch": import torch; xp = torch).
        if not all(n.id in bound for n in ast.walk(node.test) if isinstance(n, ast.Name)):
            return False
        for branch in (node.body, node.orelse):
            seen = set(bound)
            for s in branch:
                if not _names_ready(s, seen):
                    return False
                seen |= _defined_names(s)
        return True
    if isinstance(node, ast.AugAssign):  # reads its target too
        return all(n.id in bound for n in ast.walk(node) if isinstance(n, ast.Name))
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
        return True
    if _is_function_assignment(node):
        return _reads_when_made(node.value) <= bound
    return all(n.id in bound for n in ast.walk(node.value) if isinstance(n, ast.Name))


def _defined_names(node):
    out = set()
    for n in ast.walk(node) if isinstance(node, ast.Try) else _if_statements(node) if isinstance(node, ast.If) and _kept(node) else [node]:
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            out.update(_bound_names(n))
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name)
        elif isinstance(n, ast.Assign):
            out.update(t.id for tgt in n.targets for t in ast.walk(tgt) if isinstance(t, ast.Name))
        elif isinstance(n, (ast.AnnAssign, ast.AugAssign)) and isinstance(n.target, ast.Name):
            out.add(n.target.id)
    return out


def _statements(body, notebook):
    """A cell's top-level statements as (node, the body it is in, its index there, indentation to
    remove). A `with` block at the top level (with strategy.scope():, with tf.device(..):) is left
    out as other top-level code is, but what it defines is module-level, as in Jupyter: each
    statement in it follows the block as a top-level statement of its own, dedented (unless it
    holds a string spanning lines, which dedenting would change), kept or left out as such. The same in a notebook for the body of an
    `if __name__ == "__main__":`, which Jupyter always runs (its kernel's module is __main__); a
    .py is imported as `submission`, where that block does not run."""
    out = []
    for k, node in enumerate(body):
        if isinstance(node, (ast.With, ast.AsyncWith)) or (notebook and isinstance(node, ast.If) and _is_main_guard(node.test)):
            # Its statements in turn, as if at the top level: imports, defs and constants kept,
            # the rest left out. The block itself is left out (what its own line binds is
            # recorded), but named in the notes only through its statements left out.
            inner = [(s, node.body, j, s.col_offset, False) for j, s in enumerate(node.body) if not _multiline_strings(s)]
            whole = len(inner) == len(node.body) and not (isinstance(node, ast.If) and node.orelse)
            out.append((node, body, k, 0, whole))
            out.extend(inner)
        elif isinstance(node, _TRY_NODES) and not _kept(node):
            # try: <defs> except Exception as e: print(e), a cell wrapped so an error does not stop
            # a Run All: in Jupyter the try's body (and its else and finally) runs at the top level
            # and defines what it defines. Its statements follow as top-level ones, as a with
            # block's do; the handlers are left-out code (a try of imports, defs and constants
            # alone is kept whole: _kept).
            inner = [(s, part, j, s.col_offset, False) for part in (node.body, node.orelse, node.finalbody)
                     for j, s in enumerate(part) if not _multiline_strings(s)]
            out.append((node, body, k, 0, False))
            out.extend(inner)
        else:
            out.append((node, body, k, 0, False))
    return out


_TRY_NODES = (ast.Try,) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def _dedent(mapped, by):
    """A statement's lines moved `by` columns left (a line that is not indented that far, inside
    brackets or a docstring, stays as it is)."""
    return [(l[by:] if not l[:by].strip() else l, m) for l, m in mapped] if by else mapped


def _is_main_guard(test):
    """`__name__ == "__main__"`, either way round."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return (any(isinstance(x, ast.Name) and x.id == "__name__" for x in sides)
            and any(isinstance(x, ast.Constant) and x.value == "__main__" for x in sides))


def _sets_item(node, bound, modules):
    """`name[key] = value` or `name.attr = value` with a simple key and value (_simple_value) that
    read only bound names, `name` bound too and not an import (setting a module's attribute, as
    `torch.backends.cudnn.benchmark = True` does, would import it)."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and _simple_value(node.value)):
        return False
    t = node.targets[0]
    if isinstance(t, ast.Subscript):
        if not _simple_value(t.slice):
            return False
        parts = [t.slice, node.value]
    elif isinstance(t, ast.Attribute):
        parts = [node.value]
    else:
        return False
    return (isinstance(t.value, ast.Name) and t.value.id in bound and t.value.id not in modules and not _multiline_strings(node)
            and all(n.id in bound for p in parts for n in ast.walk(p) if isinstance(n, ast.Name)))


def _mutates(node):
    """The names a top-level statement may change without binding them: the object of an item or
    attribute it assigns or deletes (config['eps'] = 1e-7, cfg.lr += 0.1) or of a method it calls
    (parser.add_argument(..), classes.append(..)); not inside a function, class or lambda."""
    out = set()
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        target = None
        if isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(n.ctx, (ast.Store, ast.Del)):
            target = n.value
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            target = n.func.value
        while isinstance(target, (ast.Subscript, ast.Attribute)):
            target = target.value
        if isinstance(target, ast.Name):
            out.add(target.id)
        todo.extend(ast.iter_child_nodes(n))
    return out


def _multiline_strings(node):
    """Whether a statement holds a string spanning lines other than a docstring: indented into a
    try block, such a string would change."""
    docs = set()
    for n in ast.walk(node):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)) and n.body and _is_docstring(n.body[0]):
            docs.add(id(n.body[0].value))
    return any(isinstance(n, (ast.Constant, ast.JoinedStr)) and n.end_lineno != n.lineno and id(n) not in docs
               for n in ast.walk(node))


def _binds(node):
    """{name: line} of every name a top-level statement binds when it runs, last binding first
    come: assignment targets, `for` and `with ... as` names, except handlers' names, imports,
    defs and classes, in the blocks of an if, for, while, with or try as well (not inside a
    function, class, lambda or comprehension, whose names are their own)."""
    out = {}
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out[n.id] = n.lineno
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out.update((b, n.lineno) for b in _bound_names(n))
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out[n.name] = n.lineno
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out[n.name] = n.lineno
            continue
        if isinstance(n, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        todo.extend(ast.iter_child_nodes(n))
    return out


def _simple_target(t):
    if isinstance(t, ast.Name):
        return True
    return isinstance(t, (ast.Tuple, ast.List)) and all(_simple_target(e) for e in t.elts)


def _simple_value(v, depth=0):
    if depth > 20:
        return False
    if isinstance(v, (ast.Constant, ast.Name)):
        return True
    if isinstance(v, ast.Attribute):  # np.float32, math.pi
        return _simple_value(v.value, depth + 1)
    if isinstance(v, ast.UnaryOp):
        return _simple_value(v.operand, depth + 1)
    if isinstance(v, ast.BinOp):
        return _simple_value(v.left, depth + 1) and _simple_value(v.right, depth + 1)
    if isinstance(v, (ast.Tuple, ast.List, ast.Set)):
        return all(_simple_value(e, depth + 1) for e in v.elts)
    if isinstance(v, ast.Dict):
        return all(k is None or _simple_value(k, depth + 1) for k in v.keys) and all(
            _simple_value(e, depth + 1) for e in v.values)
    return False


# Calls that make a function out of a function without running it: functools.partial(f, 2),
# np.vectorize(f), tf.function(f), jax.jit(f), functools.lru_cache(f).
_WRAPPERS = frozenset(("partial", "lru_cache", "cache", "vectorize", "jit", "function"))


def _is_function_assignment(node):
    """`name = lambda ...` or `name = partial(f, ...)` (_WRAPPERS): an assignment that defines a
    function, like a def, and runs no code of the notebook's (only a lambda's defaults and the
    wrapper's arguments are evaluated, and those must be simple values). A plain `name = f` is a
    simple value already."""
    return (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets)
            and _makes_function(node.value))


def _makes_function(v, depth=0):
    if depth > 10:
        return False
    if isinstance(v, ast.Lambda):
        return all(_simple_value(d) or _makes_function(d, depth + 1) for d in _lambda_defaults(v))
    if not isinstance(v, ast.Call):
        return False
    f = v.func
    if isinstance(f, ast.Attribute) and _simple_value(f):
        name = f.attr  # functools.partial, np.vectorize, tf.function
    elif isinstance(f, ast.Name) and f.id != "function":
        name = f.id  # partial, after from functools import partial
    else:
        return False
    parts = [a for a in v.args] + [k.value for k in v.keywords]
    return (name in _WRAPPERS and all(not isinstance(a, ast.Starred) for a in v.args)
            and all(k.arg is not None for k in v.keywords)
            and all(_simple_value(p) or _makes_function(p, depth + 1) for p in parts))


def _lambda_defaults(v):
    return v.args.defaults + [d for d in v.args.kw_defaults if d is not None]


def _reads_when_made(v):
    """The names a _makes_function value reads when the assignment runs: a lambda's body reads
    its names only when it is called."""
    if isinstance(v, ast.Lambda):
        parts = _lambda_defaults(v)
    elif isinstance(v, ast.Call):
        parts = [v.func] + v.args + [k.value for k in v.keywords]
    else:
        return {n.id for n in ast.walk(v) if isinstance(n, ast.Name)}
    return set().union(*(_reads_when_made(p) for p in parts))


def _bound_names(node):
    if isinstance(node, ast.Import):
        return [a.asname or a.name.split(".")[0] for a in node.names]
    return [a.asname or a.name for a in node.names if a.name != "*"]


def _alias_name(node, alias):
    """The name one alias of the import `node` binds (numpy for import numpy.linalg)."""
    return alias.asname or (alias.name.split(".")[0] if isinstance(node, ast.Import) else alias.name)


def _only_names(node, used):
    """A copy of the import `node` with only its aliases whose bound name is in `used`."""
    keep = [a for a in node.names if _alias_name(node, a) in used]
    if isinstance(node, ast.ImportFrom):
        return ast.ImportFrom(module=node.module, names=keep, level=node.level)
    return ast.Import(names=keep)


# A `from X import *` that failed binds a placeholder under this prefix (its names are unknown).
STAR_PREFIX = "__wlgrade_star_"


def _wrap_import(node, mapped, where):
    """try: <import> / except ImportError: each bound name = a placeholder. All lines map to the import.
    A star import (the course's `from public_tests import *`) binds one placeholder under a name of
    its own: missing_module_use reports it only if a graded function uses a name nothing defines."""
    names = _bound_names(node) or ["%s%d_%d" % (STAR_PREFIX, where[0], where[1])]
    # An import in the middle of a `;` line keeps its own text only, so dedent is safe.
    return _in_try(mapped, where, "ImportError",
                   ["%s = __import__('wlgrade_notebook').placeholder(__wlgrade_exc, %r)" % (n, n) for n in names])


def missing_module_use(namespace, roots, filename):
    """Whether the graded functions (or functions of the file they call) use a module that is missing.

    Returns None, or (ImportError, line or None, usage or None). A placeholder from a failed
    import gives the original error (its traceback points at the import); `tf.<anything but
    keras>` on the shim's stand-in `tensorflow` gives a new one at the line of use, and the usage
    (`tf.reduce_mean`) that needs it. Checked once after loading, so "pip install X" is one clear
    problem instead of an error in every case.
    """
    import inspect
    import textwrap

    shim = sys.modules.get("wlgrade_keras_shim")
    tf_stub = getattr(shim, "_tensorflow", None) if shim is not None else None
    absent = object()
    seen = set()
    stack = [namespace.get(r) for r in roots]
    while stack:
        fn = stack.pop()
        if type(fn) is MissingModule:  # the graded name itself comes from the failed import
            return object.__getattribute__(fn, "_wlgrade_exc"), None, None
        code = getattr(fn, "__code__", None)
        if code is None or code.co_filename != filename or id(code) in seen:
            continue
        seen.add(id(code))
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
        except (OSError, TypeError, SyntaxError):
            continue
        top = tree.body[0] if tree.body else None
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # What its calls run: the body. A default or annotation that names the module was
            # read when the def was made (deferred), and is not what it computes with.
            nodes = [n for stmt in top.body for n in ast.walk(stmt)]
        else:
            nodes = ast.walk(tree)
        for node in nodes:
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                obj = namespace.get(node.id, absent)
                if type(obj) is MissingModule:
                    return object.__getattribute__(obj, "_wlgrade_exc"), None, None
                if callable(obj) and getattr(obj, "__code__", None) is not None:
                    stack.append(obj)
            elif (tf_stub is not None and isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                  and namespace.get(node.value.id, absent) is tf_stub and node.attr != "keras"):
                exc = ModuleNotFoundError(
                    "No module named 'tensorflow': %s.%s needs TensorFlow" % (node.value.id, node.attr),
                    name="tensorflow")
                return exc, code.co_firstlineno + node.lineno - 1, "%s.%s" % (node.value.id, node.attr)
    return None


def failed_star_import(namespace):
    """(cell, line, module) of the first `from X import *` that failed (the course's `from
    public_tests import *`), or None. A NameError in a graded function then says the name may
    have been meant to come from there, or is a typo (runner.error_info): only the function that
    reads the name fails, the other one is graded."""
    stars = sorted(k for k, v in namespace.items() if k.startswith(STAR_PREFIX) and type(v) is MissingModule)
    if not stars:
        return None
    exc = object.__getattribute__(namespace[stars[0]], "_wlgrade_exc")
    cell, line = (int(x) for x in stars[0][len(STAR_PREFIX):].split("_"))
    return (cell, line, getattr(exc, "name", None) or "?")


# The course's names for the class weights, and the usual variations.
_WEIGHT_NAME = {
    "pos": re.compile(r"^(?:pos(?:itive)?_?(?:class_?)?weights?|w_?pos|weights?_?pos)$", re.I),
    "neg": re.compile(r"^(?:neg(?:ative)?_?(?:class_?)?weights?|w_?neg|weights?_?neg)$", re.I),
}
# What a weight expression may use besides the two frequency names: arithmetic, numbers and a
# few numpy conversions (`np.array(freq_neg)`, `freq_neg.copy()`, `1 - freq_pos`).
_SAFE_ATTRS = {"array", "asarray", "copy", "astype", "float32", "float64", "T", "ravel", "flatten"}
_SAFE_NODES = (ast.Expression, ast.Name, ast.Load, ast.Constant, ast.BinOp, ast.UnaryOp, ast.Call,
               ast.keyword, ast.Attribute, ast.Subscript, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)


def _top_statements(body):
    """Top-level statements, and those inside top-level if / try / with blocks (a main guard)."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _top_statements(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            yield from _top_statements(node.body + node.orelse + node.finalbody)
        elif isinstance(node, ast.With):
            yield from _top_statements(node.body)
        else:
            yield node


def _is_freqs_call(value):
    if not isinstance(value, ast.Call):
        return False
    f = value.func
    return (isinstance(f, ast.Name) and f.id == GRADED[0]) or (isinstance(f, ast.Attribute) and f.attr == GRADED[0])


def _type_is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v):
    return isinstance(v, (int, float))


# The largest integer (in bits) a weight expression may build from its numbers: a weight is a
# float, and a power of a power of an integer (((9 ** 8) ** 8) ** 8 ..., each exponent <= 8) grows
# as 8^depth, one C call that nothing can stop.
_INT_BITS_MAX = 4096


# The most AST nodes a weight expression may have: a weight is a short line (`freq_neg`, `1 -
# freq_pos`, `freqs[1] / (freqs[0] + 1e-7)`); a longer one is no weight to judge, and refusing it
# before any per-node work keeps each line's check bounded (red team 26).
_WEIGHT_NODES_MAX = 200


def _int_bits(nodes):
    """For each numbers-only subexpression among `nodes` (ast.walk's order: parents before
    children), an upper bound on the bits of the integer it computes, by id(node); a node that
    computes no integer (a float, an array, a name's value) is absent. Computed once, children
    first, without recursion: each node is looked at once however deep the expression."""
    bits = {}
    for n in reversed(nodes):
        if isinstance(n, ast.Constant):
            if _type_is_int(n.value) or isinstance(n.value, bool):
                bits[id(n)] = abs(n.value).bit_length()
        elif isinstance(n, ast.UnaryOp):
            if id(n.operand) in bits:
                bits[id(n)] = bits[id(n.operand)]
        elif isinstance(n, ast.BinOp):
            left, right = bits.get(id(n.left)), bits.get(id(n.right))
            if left is None or right is None or isinstance(n.op, ast.Div):
                continue
            if isinstance(n.op, ast.Pow):
                e = n.right.value if isinstance(n.right, ast.Constant) and _type_is_int(n.right.value) else None
                if e is not None and e >= 0:  # a negative power is a float
                    bits[id(n)] = max(left * e, 1)
            elif isinstance(n.op, ast.Mult):
                bits[id(n)] = left + right
            else:
                bits[id(n)] = max(left, right) + 1
    return bits


def _makes_sequence(n, names):
    """True when the subexpression is a Python list or tuple: the pair bound to one name (`freqs`),
    `list(...)`, or a sum of such."""
    if isinstance(n, ast.Name):
        return isinstance(names.get(n.id), tuple)
    if isinstance(n, ast.Call):
        return isinstance(n.func, ast.Name) and n.func.id == "list"
    if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
        return _makes_sequence(n.left, names) or _makes_sequence(n.right, names)
    return False


def _safe_weight_expr(expr, names):
    nodes = []
    for n in ast.walk(ast.Expression(expr)):
        nodes.append(n)
        if len(nodes) > _WEIGHT_NODES_MAX:
            return False
    bits = _int_bits(nodes)
    for n in nodes:
        if not isinstance(n, _SAFE_NODES):
            return False
        if isinstance(n, ast.Name) and n.id not in names and n.id not in ("np", "numpy", "float", "list"):
            return False
        if isinstance(n, ast.Attribute) and n.attr not in _SAFE_ATTRS:
            return False
        if isinstance(n, ast.Constant) and not _is_number(n.value):
            return False
        if isinstance(n, ast.Subscript) and not (isinstance(n.slice, ast.Constant) and _type_is_int(n.slice.value)):
            return False  # freqs[1], nothing else
        # 10 ** 10 ** 10 would compute a huge integer for as long as the run is allowed.
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) and not (
                isinstance(n.right, ast.Constant) and _is_number(n.right.value) and abs(n.right.value) <= 8):
            return False
        # The weights are evaluated at load, inside the run's time but outside any call's, in the
        # learner's process: a weight line under a main guard (code that never runs) that built a
        # huge integer or list stopped the load at the run's limit, 0 points for correct functions
        # and a message blaming the top level (red team 23). Such a line is no weight to judge.
        if isinstance(n, (ast.BinOp, ast.UnaryOp)) and bits.get(id(n), 0) > _INT_BITS_MAX:
            return False
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult) and (
                _makes_sequence(n.left, names) or _makes_sequence(n.right, names)):
            return False  # list(freq_pos) * 10 ** 8: a list of a billion floats
    return True


# How many weight lines, the last first, weight_assignments evaluates to find its four.
_WEIGHT_EVALS = 64


def weight_assignments(trees, probe, np):
    """The class weights a notebook or script derives from compute_class_freqs' result
    (`freq_pos, freq_neg = compute_class_freqs(...)`, then `pos_weights = freq_neg`; or `freqs =
    compute_class_freqs(...)`, then `pos_weights = freqs[1]`), each evaluated with the frequency
    names bound to the plan's probe vectors. That code never
    runs as written (it reads the training labels); only the weight expression is evaluated,
    and only when it is arithmetic on those names. The grader compares the values with the
    course's convention; nothing here knows what they should be. Returns a list of
    {"role": "pos" or "neg", "name", "text", "line", "cell"?, "value"}."""
    out = []
    candidates = []  # (role, name, expression, the frequency names' values, cell, text, statement)
    freqs = None
    for cell, text, tree in trees:
        for node in _top_statements(tree.body):
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target, value = node.targets[0], node.value
            if _is_freqs_call(value):
                # `freq_pos, freq_neg = ...` binds the two vectors; `freqs = ...` the pair (freqs[1]).
                pos, neg = np.array(probe["pos"], dtype=float), np.array(probe["neg"], dtype=float)
                if isinstance(target, ast.Name):
                    freqs = {target.id: (pos, neg)}
                elif isinstance(target, (ast.Tuple, ast.List)) and len(target.elts) == 2 \
                        and all(isinstance(t, ast.Name) for t in target.elts):
                    freqs = {target.elts[0].id: pos, target.elts[1].id: neg}
                else:
                    freqs = None
                continue
            if freqs is None:
                continue
            pairs = [(target, value)]
            if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
                    and len(target.elts) == len(value.elts):
                pairs = list(zip(target.elts, value.elts))
            for t, v in pairs:
                if not isinstance(t, ast.Name):
                    continue
                role = next((r for r, rx in _WEIGHT_NAME.items() if rx.match(t.id)), None)
                if role is not None:
                    candidates.append((role, t.id, v, freqs, cell, text, node))
    # Only the last four are kept, so only the last ones are evaluated and quoted, from the end:
    # each eval compiles, and ast.get_source_segment split the whole text in Python at each call
    # (half a second a line in a file of 1 MB; source_segment splits it once), so a file of 2,000
    # weight lines took minutes (the load's time: red team 23). At most _WEIGHT_EVALS of them, for
    # lines whose value is not judged (a division by a zero probe). Lines are checked from the end
    # too, each check bounded (_WEIGHT_NODES_MAX): checking each node's whole subtree on every line
    # took time quadratic in a line's length, and a file of long weight lines took the load's time
    # (red team 26); parsing the file already costs more than checking it now.
    evals = 0
    try:
        for role, name, v, freqs, cell, text, node in reversed(candidates):
            if not _safe_weight_expr(v, freqs):
                continue
            evals += 1
            if evals > _WEIGHT_EVALS:
                break
            got = _weight_value(v, freqs, np, len(probe["pos"]))
            if got is None:
                continue
            seg = source_segment(text, node).split("\n")[0][:160]
            rec = {"role": role, "name": name, "text": seg, "line": node.lineno, "value": got}
            if cell is not None:
                rec["cell"] = cell
            out.insert(0, rec)
            if len(out) == 4:
                break
    finally:
        _forget_split()
    return out


def _weight_value(expr, freqs, np, size):
    """One weight expression evaluated on the probe frequencies: a list of `size` finite floats, or
    None when it is not judged. The probe's made-up frequencies are not the learner's, so an
    expression may divide by zero on them (`freq_neg / (1 - freq_pos - freq_neg)`) or give
    anything else (NaN, a complex or object array, a huge one): those say nothing about the
    convention, and numpy's warnings about them are not the learner's output either."""
    import warnings

    env = dict(freqs, __builtins__={}, np=np, numpy=np, float=float, list=list)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            got = eval(compile(ast.Expression(expr), "<weights>", "eval"), env)
            # list(freq_pos): the weights as a Python list of the frequencies, which Keras takes too.
            if type(got) is list and got and all(isinstance(x, (float, np.floating)) for x in got):
                got = np.array(got, dtype=np.float64)
            if type(got) is float or isinstance(got, np.floating):
                got = np.array([got])
            if not isinstance(got, np.ndarray) or got.dtype.kind not in "fiu" or got.size != size:
                return None
            got = np.ndarray.ravel(np.ndarray.astype(got, np.float64))
            if not np.isfinite(got).all():
                return None
            return [float(x) for x in got.tolist()]
    except Exception:
        return None
