"""What every benchmark prints first and last: the machine's load and two anchors measured in the
same run, so that a figure taken on a loaded machine can be read against the machine's speed then.

- the CPU anchor: a fixed pure-Python workload (1.5 million loop steps; ≈ 60–80 ms on the 2-core
  development machine when it is quiet), median of 5;
- the process anchor: ``python -c pass`` started as a process, median of 5 (≈ 0.025–0.03 s quiet).

A figure divided by its anchor moves much less with the load than the figure itself.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time


def load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except (AttributeError, OSError):
        return "load average unknown"
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) on {os.cpu_count()} cores"


def _work() -> int:
    s = 0
    for i in range(1_500_000):
        s += i % 7
    return s


def cpu_anchor_ms(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()
        _work()
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000


def process_anchor_s(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def header(name: str) -> tuple[float, float]:
    """Print the bench's name, the load and both anchors; return (CPU anchor ms, process anchor s)."""
    cpu, proc = cpu_anchor_ms(), process_anchor_s()
    print(f"== bench {name}: {time.strftime('%Y-%m-%d %H:%M')}, {load()}")
    print(f"   anchors: pure-Python loop {cpu:.0f} ms CPU, `python -c pass` {proc:.3f} s wall")
    sys.stdout.flush()
    return cpu, proc


def footer() -> None:
    print(f"   at the end: {load()}")
    sys.stdout.flush()
