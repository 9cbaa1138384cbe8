"""The workbooks every client is checked with (the JS add-in tests and the Python contract test).

The 2021 sample filled into its template by ``nianbao fill``'s code, in four variants:
``checked`` (5 more new applications from natural persons, and so in their row total: 表三 no
longer balances; and the total 商业企业 of 表三 typed over with a wrong number), ``clean`` (the
sample), ``nodesc`` (the sample without the 依申请公开 paragraph) and ``divzero`` (an input cell
of 表三 holding a formula that divides by zero, so it and the totals above it show ``#DIV/0!``
once a spreadsheet program has calculated them). ``saved`` recalculates them with LibreOffice
when it is installed, so formula cells carry the result a spreadsheet program saves with them.
"""
from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import openpyxl

from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.workbook import template

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-2021-qingshan.json"
TYPED_OVER = ("t3.total.biz", 7)          # a total typed over with a number that is not the sum
DIV_ZERO = ("t3.open.nat", "=1/0")        # an input whose formula divides by zero: #DIV/0! up to its totals


def cases() -> dict[str, dict]:
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    checked = copy.deepcopy(base)
    checked["t3"]["new"]["nat"] += 5
    checked["t3"]["new"]["total"] += 5       # the row total, as the template's formula computes it
    nodesc = copy.deepcopy(base)
    nodesc["s1"][2]["paragraphs"] = []
    return {"checked": checked, "clean": base, "nodesc": nodesc, "divzero": copy.deepcopy(base)}


def typed_over_cell(fmt: str = "2021") -> str:
    return F.totals(S.load(fmt))[TYPED_OVER[0]].cell


def div_zero_cell(fmt: str = "2021") -> str:
    return L.cell_map(S.load(fmt))[DIV_ZERO[0]]


def write_books(folder: Path, names: tuple[str, ...] | None = None) -> dict[str, Path]:
    """The workbooks (all of them, or those named) as files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in cases().items():
        if names is not None and name not in names:
            continue
        raw = template.fill_bytes(data)[0]
        if name in ("checked", "divzero"):
            wb = openpyxl.load_workbook(io.BytesIO(raw))
            where, value = ((typed_over_cell(data["format"]), TYPED_OVER[1]) if name == "checked"
                            else (div_zero_cell(data["format"]), DIV_ZERO[1]))
            sheet, ref = where.rsplit("!", 1)
            wb[sheet][ref].value = value
            buf = io.BytesIO()
            wb.save(buf)
            raw = buf.getvalue()
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(raw)
    return paths


def saved(paths: dict[str, Path], folder: Path) -> tuple[dict[str, Path], bool]:
    """The workbooks as LibreOffice recalculates and saves them (or as they are, without LibreOffice)."""
    from xl_addin.report.render import RenderUnavailable
    from xl_addin.report.render.calc import recalculate

    try:
        out = recalculate(list(paths.values()), folder)
    except RenderUnavailable:
        return dict(paths), False
    return dict(zip(paths, out)), True
