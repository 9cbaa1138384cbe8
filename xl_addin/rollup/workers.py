"""Running one function over many files on worker processes, with a context installed in each
worker and a progress callback; a dead worker never stops a run.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

CONTEXT: dict[str, Any] = {}


def _init(context: dict) -> None:
    CONTEXT.clear()
    CONTEXT.update(context)


def parallel(fn: Callable[[Any], Any], items: list, jobs: int | None = None, context: dict | None = None,
             advance: Callable[[int], None] | None = None) -> list:
    """``fn`` over ``items`` on ``jobs`` worker processes (``context`` installed in each by ``_init``),
    results in order. Few items, or one job, run in this process. Should a worker die (a crash in
    a parser, memory), the items it had not finished are done here: a run never stops on one file."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    out: list = []

    def here(rest: list) -> None:
        _init(context or {})
        for item in rest:
            out.append(fn(item))
            if advance:
                advance(1)

    if jobs == 1 or len(items) <= 2:
        here(items)
        return out

    jobs = min(jobs, len(items))
    chunk = max(1, min(16, len(items) // (jobs * 8)))
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(context or {},)) as pool:
            for r in pool.map(fn, items, chunksize=chunk):
                out.append(r)
                if advance:
                    advance(1)
    except BrokenProcessPool:
        here(items[len(out):])
    return out
