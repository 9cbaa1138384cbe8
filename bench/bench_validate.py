"""Benchmark: validating one report's JSON data in-process (median of N runs). Prints its figures."""
from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(n: int = 200) -> None:
    from xl_addin.check.validator import validate

    for name in ("sample-2020-jiaxiang.json", "sample-2021-qingshan.json"):
        data = json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
        validate(data, today=dt.date.today())  # warm caches (schema load, cell map)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            validate(data)
            times.append(time.perf_counter() - t)
        print(f"validate {name}: median {statistics.median(times) * 1000:.2f} ms, "
              f"p95 {sorted(times)[int(n * 0.95)] * 1000:.2f} ms over {n} runs")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("validate")
    main()
    footer()
