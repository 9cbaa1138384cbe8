"""Report data for many offices, random but consistent: every report generated here validates clean.

Used by the roll-up tests and by ``bench/bench_collect.py``. Tables are derived from the schema
(the T3-2 terms are the outcome rows, the T3-3 terms the applicant columns), so both formats work.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from tests.support import narratives
from xl_addin.model import layout as L
from xl_addin.model import schema as S

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BASE = {"2019": "sample-2020-jiaxiang.json", "2021": "sample-2021-qingshan.json"}
GOVERNMENTS = ("县级以上人民政府",)


def filled_roster(path: Path, rows, kind: str | None = None) -> Path:
    """The roster template at ``path`` with ``rows`` filled below its header (the roster schema's layout).

    A row is an office name or a tuple of values in column order (name, type, contact, phone, …);
    ``kind`` fills the type of rows given as a bare name.
    """
    import openpyxl

    from xl_addin.rollup import roster

    roster.template(path)
    top, left = L.parse_ref(roster.spec()["x-layout"]["header"])
    wb = openpyxl.load_workbook(path)
    ws = wb[roster.spec()["x-layout"]["sheet"]]
    for i, row in enumerate(rows):
        values = (row, kind) if isinstance(row, str) else row
        for j, value in enumerate(values):
            if value is not None:
                ws.cell(top + 1 + i, left + j, value)
    wb.save(path)
    return path


def _rule(fmt: str, rule_id: str) -> dict:
    return next(r for r in S.load(fmt)["x-rules"] if r["id"] == rule_id)


def t3_shape(fmt: str) -> tuple[list[str], list[str]]:
    """(outcome rows placed in the workbook, applicant columns without 总计)."""
    cells = L.cell_map(S.load(fmt))
    rows = [t.split(".")[1] for t in _rule(fmt, "T3-2")["terms"] if t.replace("{col}", "nat") in cells]
    cols = [t.split(".")[2] for t in _rule(fmt, "T3-3")["terms"]]
    return rows, cols


def random_t3(rng: random.Random, fmt: str, carry: dict | None = None) -> dict:
    """A table 3 that balances every rule; ``carry`` (last year's 结转下年度) fixes 二、上年结转."""
    rows, cols = t3_shape(fmt)
    t3: dict = {r: {} for r in ["new", "carry", *rows, "total", "carry_next"]}
    for c in cols:
        busy = rng.random() < (0.7 if c == "nat" else 0.25)
        for r in rows:
            t3[r][c] = rng.choice([0, 0, 0, 1, 2, 3, 5]) if busy else 0
        total = sum(t3[r][c] for r in rows)
        carry_in = (carry or {}).get(c)
        carry_in = carry_in if isinstance(carry_in, int) else rng.choice([0, 0, 1, 2])
        carry_next = rng.choice([0, 0, 1, 2]) if busy else 0
        new = total + carry_next - carry_in
        if new < 0:
            t3[rows[0]][c] += -new
            total += -new
            new = 0
        t3["new"][c], t3["carry"][c], t3["total"][c], t3["carry_next"][c] = new, carry_in, total, carry_next
    for r in t3:
        t3[r]["total"] = sum(t3[r][c] for c in cols)
    return t3


def random_t4(rng: random.Random) -> dict:
    t4 = {}
    for row in ("review", "direct", "after"):
        cells = {k: rng.choice([0, 0, 0, 1, 2]) for k in ("upheld", "corrected", "other", "pending")}
        cells["total"] = sum(cells.values())
        t4[row] = cells
    return t4


def report(fmt: str, name: str, org_type: str, year: int, seed: int, carry: dict | None = None,
           valid: dict | None = None) -> dict:
    """A clean report of one office. ``valid``: last year's 现行有效件数 by t2 row (2021 format)."""
    rng = random.Random(seed)
    data = json.loads((EXAMPLES / BASE[fmt]).read_text(encoding="utf-8"))
    data["basic"].update(org_name=name, self_name=None, year=year, org_type=org_type,
                         contact=name, publish_date=f"{year + 1}-01-20")
    data["t3"] = random_t3(rng, fmt, carry)
    data["t4"] = random_t4(rng)
    t2 = data["t2"]
    if fmt == "2021":
        for row in ("rules", "normative"):
            made, repealed = (rng.randint(0, 6), rng.randint(0, 3)) if row == "normative" or org_type in GOVERNMENTS \
                else (0, 0)
            base = (valid or {}).get(row, rng.randint(repealed, 40) if made else 0)
            t2[row] = {"made": made, "repealed": repealed, "valid": max(base + made - repealed, 0)}
        for row in ("license", "penalty", "coercion"):
            t2[row] = {"decisions": rng.randint(0, 300)}
        t2["fees"] = {"amount": round(rng.uniform(0, 50), 2)}
        notices = rng.randint(1, 3)
        data["fees"] = {"notices": notices, "notice_amount": 100 * notices, "collected": 100 * rng.randint(0, notices)}
    else:
        t2["procurement"]["amount_unit"] = "元"
    # the office's own narrative (offices do not copy each other: no 内容雷同), quoting no figure of
    # 表三/表四, so that random tables do not contradict it; the 依申请公开 paragraph is generated
    own = narratives.narrative(rng, {"org": name, "self": "本机关", "place": name[:2]}, year)
    outline = narratives.as_outline({k: [(t, x) for t, x in v if t != "request"] for k, v in own.items()})
    data["s1"] = [n for n in data["s1"] if "依申请公开" in n["heading"]] + outline["s1"]
    for n in data["s1"]:
        if "依申请公开" in n["heading"]:
            n["paragraphs"] = []
    data["s5"], data["s6"] = outline["s5"], outline["s6"]
    if "fees" in data:  # the report states the fee figures itself, only where 六 has no fee paragraph of its own
        for n in data["s6"]:
            n["paragraphs"] = [t for t in n["paragraphs"] if "信息处理费" not in t]
        data["s6"] = [n for n in data["s6"] if n["paragraphs"] or n["heading"]]
    data.pop("last_year", None)
    return data


def carry_of(data: dict) -> dict:
    return dict(data["t3"]["carry_next"])


def summable(data: dict, fmt: str) -> dict[str, float]:
    """Every numeric input and total of tables 二–四 and the fees, as path -> value (for sums in tests)."""
    out = {}
    for path in L.cell_map(S.load(fmt)):
        if path.split(".")[0] in ("t2", "t3", "t4", "fees"):
            v = S.get(data, path)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[path] = v
    return out
