"""A bounded cost for one untrusted file: reading it in a child process with a memory ceiling, a CPU
limit and a wall-clock deadline.

Owns: ``run(fn, *args, file=…)``, which calls ``fn(*args)`` in a child process whose address space
may grow by ``memory_mb()`` and whose CPU time is capped (``resource``) for that call, waits for it
at most ``seconds()`` of wall-clock time, and turns every way the child can end into a result or an
``InputError`` (exit 2) naming the file and the limit: too slow (killed), out of memory
(MemoryError, or killed by the kernel), crashed (a parser in C that aborts). The child dies with
its parent (``PR_SET_PDEATHSIG``). The limits come from ``NIANBAO_FILE_SECONDS`` and
``NIANBAO_FILE_MEMORY_MB`` (defaults below).

On Linux, in a process with one thread (the CLI, a roll-up or audit worker), the child is a
**reading process kept between files** (``_Reader``): forked once, it reads one file at a time,
each with limits of its own counted from where the process stands, and is replaced after any
refusal other than the reader's own ``InputError``, when it has grown by ``RETIRE_MB`` or read
``RETIRE_FILES`` files. A fork per file costs ≈ 15 ms (the copies of the pages the reading touches)
and starts with empty caches; the kept process pays that once. Elsewhere (a server thread, off
Linux) each call gets a child of its own (forked, or spawned), and without ``resource`` (Windows)
only the wall-clock deadline applies. Also the readers' caps, each refused with a message naming it:
PDF pages, cells of a table once its spans are spread out (HTML, Word), cells on one line of a text
file, the XML of a Word document; a kept reading process gets the caller's values with each file.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from typing import Any, Callable

from xl_addin.errors import InputError

SECONDS = 25.0             # wall clock per file (a report takes well under a second)
MEMORY_MB = 320            # growth of the address space per file (a 60-page report needs under 80 MB)
PR_SET_PDEATHSIG = 1
# The readers' own caps (a published annual report is a few dozen pages with tables of a few hundred cells):
MAX_PDF_PAGES = 200
MAX_TABLE_CELLS = 20_000          # grid cells of one table once rowspan/colspan are spread out
MAX_LINE_CELLS = 500              # cells on one line of a text file (a table copied as text)
MAX_TEXT_CELLS = 100_000          # cell separators in a whole text file
MAX_DOCX_XML = 40 * 1024 * 1024   # the XML parts of a Word document, uncompressed
MAX_DOCX_XML_RATIO = 50           # uncompressed / compressed, for an XML part above 1 MB
CAPS = ("MAX_PDF_PAGES", "MAX_TABLE_CELLS", "MAX_LINE_CELLS", "MAX_TEXT_CELLS", "MAX_DOCX_XML", "MAX_DOCX_XML_RATIO")
RETIRE_MB = 64                    # a kept reading process is replaced once it has grown by this much…
RETIRE_FILES = 200                # …or read this many files (caches keyed by what it read)


def check_pages(n: int, file: str) -> None:
    if n > MAX_PDF_PAGES:
        raise InputError("budget.pages", file, n=n, limit=MAX_PDF_PAGES)


def check_table_cells(n: int, file: str) -> None:
    if n > MAX_TABLE_CELLS:
        raise InputError("budget.table_cells", file, limit=MAX_TABLE_CELLS)


def check_line_cells(n: int, file: str) -> None:
    if n > MAX_LINE_CELLS:
        raise InputError("budget.line_cells", file, n=n, limit=MAX_LINE_CELLS)


def seconds() -> float:
    return _env_number("NIANBAO_FILE_SECONDS", SECONDS)


def memory_mb() -> int:
    return int(_env_number("NIANBAO_FILE_MEMORY_MB", MEMORY_MB))


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere). Also: no C-level
    traceback dump (``faulthandler``) when a parser crashes here; the parent says what happened."""
    import faulthandler

    faulthandler.disable()
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _vm_bytes() -> int:
    """This process's current address space (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(extra_mb: int) -> None:
    """Let this process's address space grow by ``extra_mb`` at most (``RLIMIT_AS``)."""
    try:
        import resource
    except ImportError:
        return
    base = _vm_bytes()
    if base:
        cap = base + extra_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (ValueError, OSError):      # a hard limit already lower: keep it
            pass


def limit_cpu(seconds_: float) -> None:
    try:
        import resource
    except ImportError:
        return
    soft = max(1, int(seconds_))
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 2))
    except (ValueError, OSError):
        pass


def _outcome(fn: Callable, args: tuple) -> tuple:
    """``fn(*args)`` as a picklable outcome: ("ok", result), ("input", InputError), ("memory", None)
    or ("crash", what)."""
    try:
        return ("ok", fn(*args))
    except InputError as e:
        return ("input", e)
    except MemoryError:
        return ("memory", None)
    except RecursionError:
        return ("crash", "RecursionError")
    except BaseException as e:  # a bug or a parser's failure: the parent words it
        return ("crash", type(e).__name__)


def _send(conn, outcome: tuple) -> None:
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None) + outcome[2:])
    except Exception as e:         # the result cannot be sent (too large to pickle in the memory left)
        conn.send(("crash", type(e).__name__) + outcome[2:])


def _child(conn, fn: Callable, args: tuple, mem: int, secs: float) -> None:
    die_with_parent()
    limit_memory(mem)
    limit_cpu(secs)
    _send(conn, _outcome(fn, args))
    conn.close()


def context():
    """Fork on Linux when this process has no other thread (nothing to import again), else spawn."""
    import multiprocessing  # here: a command that reads no published report does not pay for it

    if _forks():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run(fn: Callable[..., Any], *args: Any, file: str) -> Any:
    """``fn(*args)`` within this file's budget; InputError (naming ``file`` and the limit) when over it.
    ``fn`` must be a module-level function and its result picklable."""
    secs, mem = seconds(), memory_mb()
    if _forks():                          # the kept reading process, forked once
        with _LOCK:
            kind, value = _kept(fn, args, file, mem, secs)
    else:
        kind, value = _fresh(fn, args, file, mem, secs)
    if kind == "ok":
        return value
    if kind == "input":
        raise value                       # the reader's own InputError, as it raised it
    if kind == "memory":
        raise InputError("budget.memory", file, mb=mem)
    raise InputError("budget.crash", file, reason=value)


def _fresh(fn: Callable, args: tuple, file: str, mem: int, secs: float) -> tuple:
    """One child process for this call alone."""
    ctx = context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sender, fn, args, mem, secs), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(secs):
            raise InputError("budget.time", file, seconds=f"{secs:g}")
        try:
            return receiver.recv()
        except (EOFError, OSError):
            child.join(5)
            raise _death(file, child.exitcode, mem, secs) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)


# ---------------------------------------------------------------- the reading process kept between files

_LOCK = threading.Lock()
_READER: _Reader | None = None


def _forks() -> bool:
    """Linux, and this process has no other thread: a child can be forked (and a reader kept)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class _Reader:
    """A forked process that reads the files this process gives it, one at a time (``_serve``)."""

    def __init__(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()

    def stop(self) -> int | None:
        """End the process; how it ended (its exit code, negative for a signal)."""
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        return self.process.exitcode


def _kept(fn: Callable, args: tuple, file: str, mem: int, secs: float) -> tuple:
    global _READER
    if _READER is None:                    # (a forked child starts without one: _forget_reader)
        _READER = _Reader()
    reader, _READER = _READER, None        # given back below only when it answered and may go on
    caps = {name: globals()[name] for name in CAPS}
    try:
        reader.conn.send((fn, args, mem, secs, caps))
        if not reader.conn.poll(secs):
            raise InputError("budget.time", file, seconds=f"{secs:g}")
        try:
            kind, value, retire = reader.conn.recv()
        except (EOFError, OSError):
            raise _death(file, reader.stop(), mem, secs) from None
    except BaseException:                  # too slow, dead, or this process interrupted: a new one next time
        reader.stop()
        raise
    if retire or kind not in ("ok", "input"):
        reader.stop()
    else:
        _READER = reader
    return kind, value


def _serve(conn) -> None:
    """The kept reading process: each file with its own limits, counted from where it stands. Ctrl-C
    is the parent's to handle (it stops this process): ignored here, so that an idle reader prints
    no traceback."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start, files = _vm_bytes(), 0
    while True:
        try:
            fn, args, mem, secs, caps = conn.recv()
        except (EOFError, OSError):
            return
        globals().update(caps)
        _limit_job(mem, secs)
        outcome = _outcome(fn, args)
        files += 1
        retire = outcome[0] not in ("ok", "input") or files >= RETIRE_FILES or \
            _vm_bytes() - start > RETIRE_MB * 1024 * 1024
        _send(conn, outcome + (retire,))
        if retire:
            return


def _limit_job(mem: int, secs: float) -> None:
    """This file's limits in a kept reading process: its address space may grow by ``mem`` MB and
    its CPU time by ``secs`` from where they stand (soft limits; the hard ones are left alone)."""
    try:
        import resource
    except ImportError:
        return
    used, vm = sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), _vm_bytes()
    limits = [(resource.RLIMIT_CPU, int(used) + max(1, int(secs)) + 1)]
    if vm:
        limits.append((resource.RLIMIT_AS, vm + mem * 1024 * 1024))
    for which, soft in limits:
        hard = resource.getrlimit(which)[1]
        try:
            resource.setrlimit(which, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
        except (ValueError, OSError):
            pass


def _forget_reader() -> None:
    """In a forked child (a roll-up worker, the reading process itself): the parent's reader is not
    this process's to use."""
    global _READER, _LOCK
    _READER, _LOCK = None, threading.Lock()


if hasattr(os, "register_at_fork"):          # not on Windows, where no reader is kept
    os.register_at_fork(after_in_child=_forget_reader)


def _death(file: str, code: int | None, mem: int, secs: float) -> InputError:
    """The refusal for a child that ended without an answer, from how it ended."""
    if code is not None and code < 0:
        sig = -code
        if sig == getattr(signal, "SIGXCPU", -1):
            return InputError("budget.time", file, seconds=f"{secs:g}")
        if sig in (signal.SIGKILL, getattr(signal, "SIGABRT", -1), getattr(signal, "SIGSEGV", -1)):
            # the kernel's OOM killer, an allocation that failed inside C code (abort), or a crash
            return InputError("budget.died", file, mb=mem, reason=signal.Signals(sig).name)
    return InputError("budget.crash", file, reason=f"退出码{code}")
