"""The county of the roll-up tests: a roster of 20 offices, last year's workbooks of 17 of them,
``nianbao distribute``, 17 returned workbooks with planted problems (errors, a warning, last year's
format, a file of last year, a duplicate, a corrupt file, an office not on the roster) and
``nianbao collect``.

Built once per test run (the session fixture ``county`` in tests/conftest.py): in a plain run in
the test process; under xdist by one process started as soon as a worker has collected a test that
needs it (``python -m tests.support.county FOLDER``), in the run's temporary folder that every worker
shares, while the workers run other tests — each worker then reads what it wrote
(``county.json``). Every test reads the county and none changes it.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

from tests.support import rollup_cases as RC
from tests.support import xlsx_tools as XT
from xl_addin.cli import main
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.workbook import reader, template

YEAR = 2021
FMT = "2021"
DEPT, TOWN, STREET = "县级以上人民政府部门", "乡镇人民政府", "街道办事处"
OFFICES = [
    ("青山县人民政府办公室", DEPT), ("青山县发展和改革局", DEPT), ("青山县教育局", DEPT), ("青山县公安局", DEPT),
    ("青山县民政局", DEPT), ("青山县司法局", DEPT), ("青山县财政局", DEPT), ("青山县人力资源和社会保障局", DEPT),
    ("青山县自然资源局", DEPT), ("青山县住房和城乡建设局", DEPT), ("青山县交通运输局", DEPT), ("青山县农业农村局", DEPT),
    ("青山县卫生健康局", DEPT), ("青山县市场监督管理局", DEPT), ("城关镇人民政府", TOWN), ("石门镇人民政府", TOWN),
    ("河口乡人民政府", TOWN), ("东城街道办事处", STREET), ("西城街道办事处", STREET), ("南湖街道办事处", STREET),
]
NAMES = [n for n, _ in OFFICES]
NO_LAST_YEAR = {8, 17, 18}          # offices without a workbook of last year
PASSED = list(range(10))            # 0–8 clean, 9 with a warning
OFF_ROSTER = "青山县气象局"
SCHEMA = S.load(FMT)
CELLS = L.cell_map(SCHEMA)


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def write_roster(path: Path) -> Path:
    return RC.filled_roster(path, [(name, kind, f"联系人{i}", f"0123-45670{i:02d}") for i, (name, kind) in enumerate(OFFICES)])


def build(base: Path) -> dict:
    """The county in ``base``: the roster, last year's workbooks, the distributed ones, the returned ones
    (with the planted problems) and the roll-up, with what ``distribute`` and ``collect`` printed."""
    roster_path = write_roster(base / "名单.xlsx")
    last_dir = base / "2020"
    last_dir.mkdir()
    last = {}
    for i, (name, kind) in enumerate(OFFICES):
        if i in NO_LAST_YEAR:
            continue
        last[i] = RC.report("2019", name, kind, YEAR - 1, seed=1000 + i)
        (last_dir / f"{name}.xlsx").write_bytes(template.fill_bytes(last[i])[0])

    dist = base / "分发"
    distributed = run("distribute", roster_path, "--year", YEAR, "--last-year-dir", last_dir, "-o", dist, "-j", 2)

    ret = base / "收回"
    ret.mkdir()
    data = {}

    def returned(i: int, seed: int, fmt: str = FMT) -> dict:
        """What office i sends back: the distributed workbook's 基本信息 and 上年数据, plus its tables."""
        got, _ = reader.read(dist / f"{NAMES[i]}.xlsx")
        d = RC.report(fmt, NAMES[i], OFFICES[i][1], YEAR, seed=seed,
                      carry=RC.carry_of(last[i]) if i in last else None)
        d["basic"] = {**d["basic"], **got["basic"], "publish_date": f"{YEAR + 1}-01-20"}
        if "last_year" in got and fmt == FMT:
            d["last_year"] = got["last_year"]
        return d

    def save(d: dict, name: str) -> bytes:
        payload = template.fill_bytes(d)[0]
        (ret / name).write_bytes(payload)
        return payload

    for i in range(10):
        d = data[i] = returned(i, seed=i)
        if i == 2:  # typed with an ideographic space: still matched by name
            d["basic"]["org_name"] = "青山县\u3000教育局"
        if i == 9:  # a warning only: a department has no power to make 规章
            d["t2"]["rules"] = {"made": 1, "repealed": 0, "valid": 0}
        save(d, f"{NAMES[i]}.xlsx")
    d = data[10] = returned(10, seed=10)           # 一+二 ≠ 三+四 in the 自然人 column
    d["t3"]["new"]["nat"] += 1
    d["t3"]["new"]["total"] += 1
    save(d, f"{NAMES[10]}.xlsx")
    d = data[11] = returned(11, seed=11)           # “两件” typed into a number cell
    raw = template.fill_bytes(d)[0]
    (ret / f"{NAMES[11]}.xlsx").write_bytes(XT.edit_cells(raw, {CELLS["t4.review.upheld"]: "两件"}))
    d = data[12] = returned(12, seed=12)           # 上年结转 ≠ last year's 结转下年度
    for row in ("carry", "carry_next"):
        d["t3"][row]["nat"] += 1
        d["t3"][row]["total"] += 1
    save(d, f"{NAMES[12]}.xlsx")
    save(returned(13, seed=13, fmt="2019"), f"{NAMES[13]}.xlsx")    # last year's format
    save(returned(14, seed=14), f"{NAMES[14]}.xlsx")                # sent twice
    save(returned(14, seed=114), f"{NAMES[14]}（更正）.xlsx")
    corrupt = template.fill_bytes(returned(15, seed=15))[0]
    (ret / f"{NAMES[15]}.xlsx").write_bytes(corrupt[: len(corrupt) // 2])
    shutil.copy(last_dir / f"{NAMES[16]}.xlsx", ret / f"{NAMES[16]}.xlsx")  # last year's workbook again
    save(RC.report(FMT, OFF_ROSTER, DEPT, YEAR, seed=99), f"{OFF_ROSTER}.xlsx")
    (ret / "说明.txt").write_text("请查收", encoding="utf-8")
    before = digests(ret)

    out = base / "汇总.xlsx"
    collected = run("collect", ret, "--year", YEAR, "--roster", roster_path, "--last-year-dir", last_dir,
                    "-o", out, "-j", 2)
    record = {"base": base, "roster": roster_path, "last": last, "dist": dist, "distributed": distributed,
              "ret": ret, "data": data, "out": out, "collected": collected, "before": before}
    done = base / RESULT
    done.with_suffix(".tmp").write_text(json.dumps(record, ensure_ascii=False, default=str), encoding="utf-8")
    done.with_suffix(".tmp").replace(done)      # whole or not at all: a worker may be waiting for it
    return load(base)


RESULT, FAILED = "county.json", "county.failed"
PATHS = ("base", "roster", "dist", "ret", "out")


def digests(folder: Path) -> dict[str, str]:
    """The files of a folder by name, as content hashes (to show later that none was changed)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def load(base: Path) -> dict:
    """The county as ``build`` recorded it: paths as paths, the offices' data by office number."""
    record = json.loads((base / RESULT).read_text(encoding="utf-8"))
    return {**record, **{k: Path(record[k]) for k in PATHS},
            "last": {int(i): d for i, d in record["last"].items()},
            "data": {int(i): d for i, d in record["data"].items()},
            "distributed": tuple(record["distributed"]), "collected": tuple(record["collected"])}


def wait_for(base: Path, timeout: float = 600.0) -> dict:
    """The county another process builds in ``base``: its record once written; RuntimeError with
    the builder's output if it failed or did not finish in ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not (base / RESULT).exists():
        if (base / FAILED).exists() or time.monotonic() > end:
            log = base.parent / "build.log"
            raise RuntimeError("the county was not built:\n" + (log.read_text(encoding="utf-8", errors="replace")
                                                                 if log.exists() else "(no output)"))
        time.sleep(0.05)
    return load(base)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))      # stopped: say so to the waiting workers
    target = Path(sys.argv[1])
    target.mkdir(parents=True)
    try:
        build(target)
    except BaseException:
        traceback.print_exc()
        (target / FAILED).write_text("failed", encoding="utf-8")
        raise SystemExit(1) from None
