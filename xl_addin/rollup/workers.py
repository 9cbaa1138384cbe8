"""Running one function over many files on worker processes, with a context installed in each
worker and a progress callback; a dead worker never stops a run.

Each worker takes one file at a time. A worker that dies on a file (killed for memory, crashed in a
parser written in C) or that passes the per-file deadline is killed and replaced; that file's
result is ``on_death(item, reason)`` (the caller's 无法读取 / C-1 record) and the run goes on. A
file is never tried again, and never in this process. Workers die with this process
(``PR_SET_PDEATHSIG``) and may not grow by more than ``WORKER_MEMORY_MB``.
"""
from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable

from xl_addin.model import messages as M
from xl_addin.source import budget

CONTEXT: dict[str, Any] = {}
WORKER_MEMORY_MB = 1536          # a worker's own ceiling (files are read in a child with their own budget)
POLL = 0.5                       # seconds between looks at the workers' deadlines


def _init(context: dict) -> None:
    CONTEXT.clear()
    CONTEXT.update(context)


def deadline() -> float:
    """Seconds one file may take in a worker: reading it (``budget.seconds()``) and checking it."""
    return budget.seconds() * 3 + 30


def death_reason(exitcode: int | None, timed_out: bool) -> str:
    """Why a worker ended without an answer, in Chinese (for the file's 无法读取 / C-1 reason)."""
    if timed_out:
        return M.WORKER_DIED["time"].format(seconds=f"{deadline():g}")
    if exitcode is not None and exitcode < 0:
        try:
            import signal
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(exitcode)
        return M.WORKER_DIED["killed"].format(signal=name)
    return M.WORKER_DIED["exited"].format(code=exitcode)


def _serve(conn, fn: Callable[[Any], Any], context: dict, memory_mb: int) -> None:
    """A worker: install the context, then answer (index, item) with (index, "ok"|"error", value)."""
    budget.die_with_parent()
    budget.limit_memory(memory_mb)
    _init(context)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        try:
            outcome: tuple = (index, "ok", fn(item))
        except BaseException as e:  # fn never raises by contract; a bug still must not stop the run
            outcome = (index, "error", type(e).__name__)
        try:
            conn.send(outcome)
        except Exception as e:
            conn.send((index, "error", type(e).__name__))


@dataclass
class _Worker:
    process: Any
    conn: Any
    index: int | None = None
    since: float = 0.0


def parallel(fn: Callable[[Any], Any], items: list, jobs: int | None = None, context: dict | None = None,
             advance: Callable[[int], None] | None = None,
             on_death: Callable[[Any, str], Any] | None = None) -> list:
    """``fn`` over ``items`` on ``jobs`` worker processes (``context`` installed in each), results in
    order. Few items, or one job, run in this process. A file whose worker dies or passes the
    deadline gets ``on_death(item, reason)``; without ``on_death`` that is a RuntimeError."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(items) <= 2:
        _init(context or {})
        out = []
        for item in items:
            out.append(fn(item))
            if advance:
                advance(1)
        return out

    def dead(index: int, reason: str) -> Any:
        if on_death is None:
            raise RuntimeError(f"worker process ended without an answer: {reason}")
        return on_death(items[index], reason)

    ctx = budget.context()
    results: list = [None] * len(items)
    queue = deque(range(len(items)))
    limit = deadline()

    def start() -> _Worker:
        mine, theirs = ctx.Pipe()
        p = ctx.Process(target=_serve, args=(theirs, fn, context or {}, WORKER_MEMORY_MB))   # not daemonic: may fork
        p.start()
        theirs.close()
        return _Worker(p, mine)

    def give(w: _Worker) -> None:
        w.index = None
        if queue:
            w.index = queue.popleft()
            w.since = time.monotonic()
            w.conn.send((w.index, items[w.index]))

    def stop(w: _Worker) -> None:
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()

    workers = [start() for _ in range(min(jobs, len(items)))]
    try:
        for w in workers:
            give(w)
        while any(w.index is not None for w in workers):
            busy = [w for w in workers if w.index is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL))
            now = time.monotonic()
            for k, w in enumerate(workers):
                if w.index is None:
                    continue
                answer = None
                if w.conn in ready:
                    try:
                        answer = w.conn.recv()
                    except (EOFError, OSError):
                        answer = None
                if answer is not None:
                    index, kind, value = answer
                    results[index] = value if kind == "ok" else dead(index, M.WORKER_DIED["error"].format(error=value))
                elif w.conn in ready or w.process.sentinel in ready or not w.process.is_alive() or now - w.since > limit:
                    timed_out = not (w.conn in ready or w.process.sentinel in ready or not w.process.is_alive())
                    if not timed_out:
                        w.process.join(10)          # its exit code (a crashing process may still be dumping core)
                    stop(w)
                    results[w.index] = dead(w.index, death_reason(w.process.exitcode, timed_out))
                    w.index = None
                    if queue:
                        w = workers[k] = start()
                else:
                    continue
                if advance:
                    advance(1)
                give(w)
    finally:
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in workers:
            w.process.join(2)
            stop(w)
    return results
