"""Benchmark: the reviewer's reading rules (TX-21 to TX-27). Prints the time to validate a report whose
一、总体情况 has 200 paragraphs with every rule, against the same validation with the reading rules
switched off (the anchor, measured in the same run), and the machine's load.

    python bench/bench_reading.py [--runs 60]

The narrative is that of ``bench_claims`` (the samples' prose, or the claim corpus: numbers everywhere)
with a 导语 of its own; it is rebuilt each run with one paragraph changed (as a clerk re-checks after an
edit: the other paragraphs' readings are memoised), and once more cold (every cache cleared before each
validation: a report never seen). Times are CPU time of this process, in batches alternating between
the two settings.
"""
from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

READING_KINDS = ("period", "basis", "parts", "rates", "restated", "t2_claims", "year_label")
PREAMBLE = ("本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号）和国办公开办函〔2021〕30号要求编制。"
            "本报告所列数据统计期限为2021年1月1日至2021年12月31日。")


def clear() -> None:
    """Forget every reading memoised so far (a cold validation: a report never seen)."""
    from xl_addin.check.text import claims, located, quantities

    for cached in (quantities._paragraph, quantities._table_numbers, located._split, located._has, claims._read):
        cached.cache_clear()
    quantities._LAST.clear()


def timed(data: dict, runs: int, batches: int = 5, cold: bool = False) -> tuple[list[float], list[float]]:
    """CPU seconds of one validation with the reading rules, and without them, alternating by batch
    (``cold``: every cache cleared before each validation)."""
    from xl_addin.check import rules as R
    from xl_addin.check.validator import validate

    kinds = {k: R.KINDS[k] for k in READING_KINDS}
    off = {k: (lambda rule, data, schema: iter(())) for k in READING_KINDS}
    on_times: list[float] = []
    off_times: list[float] = []
    validate(data)
    n = 0
    for _ in range(batches):
        for setting, out in ((kinds, on_times), (off, off_times)):
            R.KINDS.update(setting)
            for _ in range(max(1, runs // batches)):
                d = copy.copy(data)
                d["s1"] = copy.deepcopy(data["s1"])
                d["s1"][0]["paragraphs"][0] += f"（{n}）"
                n += 1
                if cold:
                    clear()
                t = time.process_time()
                validate(d)
                out.append(time.process_time() - t)
    R.KINDS.update(kinds)
    return on_times, off_times


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=60)
    args = p.parse_args()
    from bench.bench_claims import narrative_report

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    for kind, cold in (("prose", False), ("corpus", False), ("prose", True)):
        data = narrative_report(kind)
        data["preamble"] = PREAMBLE
        on, off = timed(data, args.runs, cold=cold)
        print(f"validate a report with a 200-paragraph narrative ({kind}{', cold' if cold else ''}), CPU time: "
              f"with the reading rules median "
              f"{statistics.median(on) * 1000:.1f} ms (best {min(on) * 1000:.1f}), without them (anchor) median "
              f"{statistics.median(off) * 1000:.1f} ms (best {min(off) * 1000:.1f}); ratio of medians "
              f"{statistics.median(on) / statistics.median(off):.2f}, of bests {min(on) / min(off):.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("reading")
    main()
    footer()
