"""Benchmark: locating findings stays linear — a 2,000-paragraph narrative, one finding per paragraph.

Validates (in-process, rules + placing every finding on its workbook cell) the 2021 sample with
section 一 grown to N paragraphs, once with a malformed date in every paragraph (one TX-4 finding
each) and once without, and prints both medians and their ratio. A quadratic locator (scanning
every outline row per finding, as before ``model.layout.locator``) made this 1–2 s against 66–83 ms.

Usage: python bench/bench_locate.py [--paragraphs 2000] [--runs 11]
Target (README): with findings ≤ 3 × without.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_addin.check.validator import validate  # noqa: E402

TARGET = 3.0


def report(paragraphs: int, bad: bool) -> dict:
    data = json.loads((ROOT / "examples" / "sample-2021-qingshan.json").read_text(encoding="utf-8"))
    text = "本年度召开专题会议{i}次，于2021年13月完成整改。" if bad else "本年度召开专题会议{i}次，于2021年12月完成整改。"
    data["s1"] = copy.deepcopy(data["s1"])
    data["s1"][0]["paragraphs"] = [text.format(i=i) for i in range(paragraphs)]
    return data


def timed(variants: list[dict], runs: int) -> list[tuple[float, int]]:
    """Median time and finding count of each variant, runs interleaved (a change in the machine's
    load then weighs on every variant alike)."""
    today = dt.date(2022, 6, 1)
    found = [len(validate(d, today=today)) for d in variants]     # warm caches
    times: list[list[float]] = [[] for _ in variants]
    for _ in range(runs):
        for i, d in enumerate(variants):
            gc.collect()
            t = time.perf_counter()
            validate(d, today=today)
            times[i].append(time.perf_counter() - t)
    return [(statistics.median(ts), n) for ts, n in zip(times, found)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    (clean, n_clean), (with_findings, n_found) = timed([report(args.paragraphs, bad=False),
                                                        report(args.paragraphs, bad=True)], args.runs)
    ratio = with_findings / clean
    print(f"validate + locate, {args.paragraphs} paragraphs, median of {args.runs} runs")
    print(f"  without findings ({n_clean:>4} findings)  {clean * 1000:8.1f} ms")
    print(f"  one per paragraph ({n_found:>4} findings)  {with_findings * 1000:8.1f} ms")
    print(f"  ratio {ratio:.2f} (target ≤ {TARGET:g}: {'met' if ratio <= TARGET else 'NOT met'})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("locate")
    code = main()
    footer()
    sys.exit(code)
