"""Benchmark: ``nianbao collect`` over 1,000 returned workbooks on 2 worker processes.

Generation is timed apart from collection. A few distinct reports (one in twenty with errors)
are filled once each with a placeholder office name; every other workbook is a copy whose
sheet XML has the placeholder replaced by that office's name (strings are written inline, as
character references), which is much faster than filling 1,000 templates and gives
workbooks that the reader cannot tell from filled ones. A roster of all offices is written too.

    .venv/bin/python bench/bench_collect.py [--n 1000 | --sizes 100,1000,5000] [--jobs 2] [--keep DIR]

With ``--sizes`` it collects each size in turn and compares the CPU time per workbook (the roll-up
must stay linear: 5,000 offices within 1.2× of 100); it then times the roster name check (TX-7)
for one workbook against rosters of 100, 1,000 and 5,000 offices.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEAR = 2024
VARIANTS = 20
PLACEHOLDER = "基准测试机关{:04d}号"   # every name has the same length in UTF-8


def office(i: int) -> str:
    return PLACEHOLDER.format(i)


def variant_bytes(v: int) -> bytes:
    from tests.support import rollup_cases as RC
    from xl_addin.workbook import template

    kinds = ("县级以上人民政府部门", "乡镇人民政府", "街道办事处")
    data = RC.report("2021", office(9999 - v), kinds[v % 3], YEAR, seed=v)
    if v % 20 == 19:  # one report in twenty breaks 一+二=三+四
        data["t3"]["new"]["nat"] += 1
    payload, _ = template.fill_bytes(data)
    return payload


def _forms(text: str) -> list[bytes]:
    """How a string can appear in the XML: as UTF-8, or with non-ASCII as character references."""
    return [text.encode(), "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text).encode()]


def renamed(payload: bytes, old: str, new: str) -> bytes:
    """The workbook with every occurrence of one cell text replaced (sheets and shared strings)."""
    src = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    hits = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith(("xl/worksheets/", "xl/sharedStrings")):
                for a, b in zip(_forms(old), _forms(new)):
                    hits += data.count(a)
                    data = data.replace(a, b)
            dst.writestr(info, data, compresslevel=1)
    assert hits, f"{old} not found in the workbook"
    return out.getvalue()


def write_roster(path: Path, n: int) -> None:
    import openpyxl

    from xl_addin.rollup import roster

    roster.template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["名单"]
    for i in range(n):
        ws.cell(4 + i, 1, office(i))
        ws.cell(4 + i, 2, "乡镇人民政府")
    wb.save(path)


def generate(folder: Path, n: int) -> Path:
    variants = [variant_bytes(v) for v in range(VARIANTS)]
    for i in range(n):
        v = i % VARIANTS
        (folder / f"{office(i)}.xlsx").write_bytes(renamed(variants[v], office(9999 - v), office(i)))
    roster_path = folder.parent / "名单.xlsx"
    write_roster(roster_path, n)
    return roster_path


def collect_once(base: Path, n: int, jobs: int) -> float:
    """Generate ``n`` returns and collect them; print the figures; the CPU time per workbook (s)."""
    from xl_addin.rollup import book as rollup_book
    from xl_addin.rollup import collect

    folder = base / f"returned-{n}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    t = time.perf_counter()
    roster_path = generate(folder, n)
    gen = time.perf_counter() - t
    print(f"generated {n} filled workbooks + roster in {gen:.1f} s (not timed below)")

    out = base / f"汇总-{n}.xlsx"
    if out.exists():
        out.unlink()
    t0, c0 = time.perf_counter(), os.times()
    result = collect.collect(folder, YEAR, None, roster_path=roster_path, jobs=jobs)
    t1 = time.perf_counter()
    rollup_book.write(result, out)
    t2, c2 = time.perf_counter(), os.times()
    wall = t2 - t0
    cpu = (c2.user - c0.user) + (c2.system - c0.system) + (c2.children_user - c0.children_user) + (
        c2.children_system - c0.children_system)
    print(f"collect: {n} workbooks on {jobs} worker processes ({os.cpu_count()} cores): "
          f"wall {wall:.1f} s, {wall / n * 1000:.1f} ms per workbook")
    print(f"  read + validate + match + sum {t1 - t0:.1f} s, write the roll-up {t2 - t1:.1f} s; "
          f"CPU {cpu:.1f} s in all ({cpu / n * 1000:.1f} ms per workbook)")
    print(f"  passed {len(result.passed)}, failed {result.count(conclusion='failed')}, "
          f"findings {len(result.problems)}, roll-up {out.stat().st_size // 1024} KB")
    shutil.rmtree(folder, ignore_errors=True)
    return cpu / n


def one_workbook(base: Path) -> None:
    """Reading and validating one of the generated workbooks in-process."""
    from xl_addin.check.validator import validate
    from xl_addin.workbook import reader

    sample = base / "one.xlsx"
    sample.write_bytes(renamed(variant_bytes(0), office(9999), office(0)))
    reader.read(sample)
    k = 20
    t = time.perf_counter()
    for _ in range(k):
        data, _ = reader.read(sample)
    read_ms = (time.perf_counter() - t) / k * 1000
    t = time.perf_counter()
    for _ in range(k):
        validate(data)
    val_ms = (time.perf_counter() - t) / k * 1000
    print(f"one workbook in-process: read {read_ms:.1f} ms, validate {val_ms:.1f} ms")


def roster_check(sizes: list[int], runs: int = 30) -> None:
    """TX-7 with the roster (``check.text.names.roster_names``) for one workbook, by roster size: with the
    index built once per run (what ``collect`` does) and, for comparison, from the names each time."""
    from tests.support import rollup_cases as RC
    from xl_addin.check.text.names import RosterIndex, roster_names
    from xl_addin.model import schema as S

    data = RC.report("2021", office(0), "乡镇人民政府", YEAR, seed=1)
    schema = S.load("2021")
    for n in sizes:
        names = [office(i) for i in range(n)]
        index = RosterIndex.of(names)
        t = time.process_time()
        for _ in range(runs):
            roster_names(data, schema, index)
        once = (time.process_time() - t) / runs * 1000
        t = time.process_time()
        for _ in range(max(3, runs // 5)):
            roster_names(data, schema, names)
        each = (time.process_time() - t) / max(3, runs // 5) * 1000
        print(f"roster name check (TX-7), roster of {n:>5}: {once:.2f} ms per workbook with the index built once "
              f"(index from the names on every call: {each:.2f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="offices (one collect run)")
    ap.add_argument("--sizes", help="several runs, e.g. 100,1000,5000: CPU per workbook compared")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep the files")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [args.n]

    from bench.anchor import footer, header

    header("collect")
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        per = {n: collect_once(base, n, args.jobs) for n in sizes}
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            print(f"CPU per workbook: {', '.join(f'{n}: {per[n] * 1000:.1f} ms' for n in sizes)}; "
                  f"{large} / {small} offices: {per[large] / per[small]:.2f} (target <= 1.2)")
        one_workbook(base)
        roster_check(sorted({100, 1000, 5000, *sizes}))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    footer()


if __name__ == "__main__":
    main()
