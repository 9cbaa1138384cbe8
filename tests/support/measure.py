"""Running a command in a subprocess and measuring what it cost: wall time, the peak memory of its
whole process tree (the sum of every process's RSS, sampled every 20 ms) and the peak of its largest
single process (exact, ``ru_maxrss`` of the waited-for descendants, reported by a small wrapper).

``python tests/support/measure.py REPORT.json -- CMD …`` is the wrapper: it runs CMD, waits for it
and writes {"code", "max_process_kb"} to REPORT.json.
"""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Measured:
    code: int | None            # None: killed at the timeout
    seconds: float
    tree_mb: float              # peak of the summed RSS of the process tree (sampled)
    process_mb: float           # peak RSS of the largest single process (exact)
    out: str
    err: str

    def __str__(self) -> str:
        return (f"exit {self.code}, {self.seconds:.1f} s, tree {self.tree_mb:.0f} MB, "
                f"largest process {self.process_mb:.0f} MB; {self.err.strip()[-300:]}")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and all its descendants now."""
    kids, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
        todo += kids.get(p, [])
    return total


def measure(args: list[str], timeout: float, env: dict | None = None, cwd: Path = ROOT) -> Measured:
    """Run ``args`` (a command line) under the wrapper; never raises on the command's failure."""
    with tempfile.TemporaryDirectory(prefix="nianbao-measure-") as tmp:
        report = Path(tmp) / "report.json"
        full_env = {**os.environ, **(env or {})}
        full_env.pop("NIANBAO_DEBUG", None)
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(report), "--", *args], cwd=cwd,
                                env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        peak = 0
        running = True

        def sample() -> None:
            nonlocal peak
            while running:
                peak = max(peak, tree_rss(proc.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        running = False
        sampler.join()
        seconds = time.monotonic() - t0
        got = json.loads(report.read_text()) if report.exists() else {"code": None, "max_process_kb": 0}
    return Measured(got["code"], seconds, peak / 2**20, got["max_process_kb"] / 1024,
                    out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def _wrapper(argv: list[str]) -> int:
    report, cmd = argv[0], argv[argv.index("--") + 1:]
    code = subprocess.call(cmd)
    Path(report).write_text(json.dumps({"code": code, "max_process_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
    return 0


if __name__ == "__main__":
    sys.exit(_wrapper(sys.argv[1:]))
