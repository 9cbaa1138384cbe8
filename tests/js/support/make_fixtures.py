"""Fixtures for the JavaScript add-in tests (tests/js): real workbooks written by nianbao's own
code, their cells as JSON for the fake ET and Office.js workbooks, what ``nianbao validate --json``
says about each, and the add-in files exactly as the commands write them.

    python tests/js/support/make_fixtures.py OUT_DIR     # writes OUT_DIR/fixtures.json and files

Workbooks: ``tests/support/client_books.py`` (``checked`` with a typed-over total and an
unbalanced 表三, ``clean``, ``nodesc`` without the 依申请公开 paragraph, ``divzero`` with a
``#DIV/0!`` input and totals). A cell is ``[row, col, value, formula, number format, fill, error]``:
an error cell's value is the text it shows (``#DIV/0!``) and ``error`` is true.

Each is recalculated and saved by LibreOffice when it is installed, so every formula cell
carries the result a spreadsheet program saves with it (Excel, WPS and LibreOffice all do);
``nianbao validate --json`` reads that same saved file. Without LibreOffice the formula cells
have no saved result (``recalculated: false``), as in a file written by openpyxl.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from tests.support.client_books import cases, div_zero_cell, saved, typed_over_cell, write_books  # noqa: E402
from xl_addin.model import layout as L  # noqa: E402
from xl_addin.model import schema as S  # noqa: E402
from xl_addin.model.findings import SEVERITY_CN  # noqa: E402
from xl_addin.workbook import styles  # noqa: E402

MANIFEST_URL = "https://nianbao.example.gov.cn"
EPOCH = dt.datetime(1899, 12, 30)


def nianbao(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xl_addin", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=300)


def _json_value(v):
    if isinstance(v, dt.datetime):
        return (v - EPOCH).total_seconds() / 86400
    if isinstance(v, dt.date):
        return (dt.datetime(v.year, v.month, v.day) - EPOCH).days
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    return str(v)


def _fill(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or not isinstance(fill.fgColor.rgb, str):
        return None
    return fill.fgColor.rgb[-6:].upper()


ALLOW = {"AllowFormattingCells": "formatCells", "AllowFormattingColumns": "formatColumns",
         "AllowFormattingRows": "formatRows", "AllowInsertingColumns": "insertColumns",
         "AllowInsertingRows": "insertRows", "AllowInsertingHyperlinks": "insertHyperlinks",
         "AllowDeletingColumns": "deleteColumns", "AllowDeletingRows": "deleteRows", "AllowSorting": "sort",
         "AllowFiltering": "autoFilter", "AllowUsingPivotTables": "pivotTables"}


def cells_json(source: Path, stored: Path) -> dict:
    """The workbook as a spreadsheet program holds it: formulas and formats of ``source``,
    the values (formula results included) of ``stored``."""
    formulas = openpyxl.load_workbook(source)
    values = openpyxl.load_workbook(stored, data_only=True)
    sheets = []
    for ws in formulas.worksheets:
        vs = values[ws.title]
        cells = []
        for (r, c), cell in sorted(ws._cells.items()):
            formula = cell.value if isinstance(cell.value, str) and cell.value.startswith("=") else None
            value = _json_value(vs.cell(r, c).value)
            fill, fmt = _fill(cell), cell.number_format
            if value is None and formula is None and fill is None and fmt == "General":
                continue
            cells.append([r, c, value, formula, fmt, fill, vs.cell(r, c).data_type == "e"])
        columns = {}                    # whole-column styles: an empty cell there shows the column's fill
        for dim in ws.column_dimensions.values():
            fill = _fill(dim)
            if fill or dim.number_format != "General":
                for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                    columns[str(c)] = [fill, dim.number_format]
        p = ws.protection
        sheets.append({"name": ws.title, "protected": bool(p.sheet), "drawing": bool(p.objects),
                       "scenarios": bool(p.scenarios),
                       "protection": {k: not bool(getattr(p, v)) for k, v in ALLOW.items()}, "cells": cells,
                       "columns": columns})
    return {"name": source.name, "active": formulas.worksheets.index(formulas.active), "sheets": sheets}


def description(data: dict, source: Path) -> dict:
    """Where 生成数据描述 writes (docs/server.md: the row below the 依申请公开 heading) and what."""
    from xl_addin.report import build as report

    schema = S.load(data["format"])
    spec = schema["x-report"]["data_paragraph"]
    sh = next(s for s in L.sheets(schema) if s["kind"] == "outline" and s["path"] == spec["section"])
    top, left = L.origin(sh)
    ws = openpyxl.load_workbook(source)[sh["name"]]
    heading = next(r for r in range(top, ws.max_row + 1) if spec["heading"] in str(ws.cell(r, left + 1).value or ""))
    return {"sheet": sh["name"], "row": heading + 1, "levelColumn": left, "textColumn": left + 1,
            "level": L.LEVEL_NAMES[0], "text": report.data_paragraph(data), "heading": spec["heading"]}


def addin_files(out: Path) -> dict:
    """The add-ins' files as the commands write them."""
    from xl_addin.server import buttons, xlsm

    wps_dir = out / "wps"
    r = nianbao("addin-wps", "--url", MANIFEST_URL, "-o", wps_dir)
    assert r.returncode == 0, r.stderr
    manifest = out / "manifest.xml"
    r = nianbao("addin-manifest", "--url", MANIFEST_URL, "-o", manifest)
    assert r.returncode == 0, r.stderr
    book = out / "按钮版.xlsm"
    r = nianbao("addin-xlsm", book, "--url", MANIFEST_URL, "--year", "2021")
    assert r.returncode == 0, r.stderr
    custom_ui = out / "customUI14.xml"
    with zipfile.ZipFile(book) as z:
        custom_ui.write_bytes(z.read(xlsm.CUSTOM_UI_PART))
    return {"wps": str(wps_dir / "online"), "wpsOffline": str(wps_dir / "offline"), "manifest": str(manifest),
            "customUI": str(custom_ui), "vbaModule": str(xlsm.VBA_DIR / "GwnbButtons.bas"),
            "vbaCallback": buttons.VBA_CALLBACK, "staticJs": str(ROOT / "xl_addin" / "server" / "project" / "static" / "js")}


def main(out: Path) -> None:
    from xl_addin.server import configure

    configure()                            # the licence setting xlwings wants before it is imported
    from xl_addin.server.scripts import EMITTED_ACTIONS

    out.mkdir(parents=True, exist_ok=True)
    data = cases()
    books = write_books(out / "books")
    stored, recalc = saved(books, out / "saved")
    schema = S.load("2021")
    results = L.sheet(schema, kind="results")
    top, left = L.origin(results)
    fixture = {
        "recalculated": recalc,
        "books": {}, "validate": {},
        "marks": dict(styles.MARK), "legendSheet": L.sheets(schema)[0]["name"],
        "results": {"sheet": results["name"], "top": top, "left": left, "columns": len(results["columns"])},
        "severity": SEVERITY_CN,
        "typedOver": typed_over_cell(),
        "divZero": div_zero_cell(),
        "description": description(data["nodesc"], books["nodesc"]),
        "emittedActions": sorted(EMITTED_ACTIONS),
        "files": addin_files(out),
    }
    for name in data:
        fixture["books"][name] = cells_json(books[name], stored[name])
        r = nianbao("validate", stored[name], "--json")
        assert r.returncode in (0, 1), r.stderr
        fixture["validate"][name] = json.loads(r.stdout)
    (out / "fixtures.json").write_text(json.dumps(fixture, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
