"""Benchmark: building one report in-process (the sample report, 2019 format), target ≤ 150 ms.

Prints the median of repeated builds: the content blocks, the DOCX (written to memory) and the
HTML page, after one warm-up build (imports, the base document read from disk).
Run: ``.venv/bin/python bench/bench_report.py [--runs N]``.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

from xl_addin.report import build as R
from xl_addin.report import content

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-2020-jiaxiang.json"
TARGET_MS = 150


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    runs = ap.parse_args().runs
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    R.build_docx(data, io.BytesIO())                       # warm-up

    blocks_ms = timed(lambda: content.build(data), runs)
    docx_ms = timed(lambda: R.build_docx(data, io.BytesIO()), runs)
    html_ms = timed(lambda: R.build_html(data), runs)
    print(f"sample report (嘉祥县人民政府办公室2020), median of {runs} runs:")
    print(f"  content blocks      {blocks_ms:7.1f} ms")
    print(f"  DOCX (in memory)    {docx_ms:7.1f} ms   target ≤ {TARGET_MS} ms: {'ok' if docx_ms <= TARGET_MS else 'SLOW'}")
    print(f"  HTML                {html_ms:7.1f} ms")
    return 0 if docx_ms <= TARGET_MS else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("report")
    code = main()
    footer()
    sys.exit(code)
