"""Benchmark: reading and validating one filled workbook, and the CLI's wall times.

Prints the median (and best) of N in-process runs of reader + validator on the filled sample
workbooks, the same for openpyxl's read-only load alone (the approach the reader does not use,
for comparison), and the wall time of cold ``nianbao --help`` and ``nianbao validate FILE.xlsx``
processes with their ratio to ``python -c pass`` measured in the same run (the anchor: the
machine's load changes every absolute figure) and the load average. Without ``nianbao`` on PATH
it runs ``python -m xl_addin``.

Usage: python bench/bench_workbook.py [--runs 50] [--cli-runs 7]
Targets (README): read + validate <= 30 ms; cold ``nianbao --help`` and ``nianbao validate FILE.xlsx`` <= 0.3 s.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = {"2019": ROOT / "examples" / "sample-2020-jiaxiang.json", "2021": ROOT / "examples" / "sample-2021-qingshan.json"}


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm caches (schema, layout)
    times = []
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, min(times) * 1000


def wall(cmd: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def command() -> list[str]:
    """How to start ``nianbao``: the script beside this Python, on PATH, or ``python -m xl_addin``."""
    found = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or shutil.which("nianbao")
    return [found] if found else [sys.executable, "-m", "xl_addin"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--cli-runs", type=int, default=7)
    args = ap.parse_args()

    from openpyxl import load_workbook

    from xl_addin.check import validator
    from xl_addin.workbook import reader, template

    tmp = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    try:
        print(f"in-process, median (best) of {args.runs} runs")
        files = {}
        for fmt, src in SAMPLES.items():
            raw, _ = template.fill_bytes(json.loads(src.read_text(encoding="utf-8")))
            path = tmp / f"sample-{fmt}.xlsx"
            path.write_bytes(raw)
            files[fmt] = path

            def read_validate(p=path):
                data, book = reader.read(p)
                return book.locate(list(book.findings) + validator.validate(data))

            data, _ = reader.read(path)
            rows = [
                ("read + validate", lambda: read_validate()),
                ("  read only", lambda p=path: reader.read(p)),
                ("  validate only", lambda d=data: validator.validate(d)),
                ("  (openpyxl read-only load, no cell read)", lambda r=raw: load_workbook(io.BytesIO(r), read_only=True)),
            ]
            for label, fn in rows:
                med, best = timed(fn, args.runs)
                print(f"  {fmt} {label:<44} {med:7.1f} ms  ({best:.1f})")
        nianbao = command()
        print(f"cold processes, wall time, median (best) of {args.cli_runs} runs; command: {' '.join(nianbao)}")
        print(f"  load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        anchor, _ = wall([sys.executable, "-c", "pass"], args.cli_runs)
        print(f"  {'python -c pass (anchor)':<47} {anchor:7.3f} s")
        for label, cmd, target in (("nianbao --help", [*nianbao, "--help"], 0.3),
                                   ("nianbao validate sample-2019.xlsx", [*nianbao, "validate", str(files["2019"])], 0.3),
                                   ("nianbao validate sample-2021.xlsx", [*nianbao, "validate", str(files["2021"])], 0.3)):
            med, best = wall(cmd, args.cli_runs)
            verdict = "met" if med <= target else "NOT met"
            print(f"  {label:<47} {med:7.3f} s   ({best:.3f})  {med / anchor:4.1f} x anchor  (target <= {target:g} s: {verdict})")
        print(f"  load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("workbook")
    code = main()
    footer()
    sys.exit(code)
