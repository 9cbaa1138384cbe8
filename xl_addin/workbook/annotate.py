"""Annotated copies: a workbook with each finding's cell marked (errors red, warnings yellow, each with
a comment) and 校验结果 filled; the user's file is never written.
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.hyperlink import Hyperlink

from xl_addin.errors import InputError
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import ERROR, count
from xl_addin.outputs import write_bytes
from xl_addin.workbook.styles import COLOURS, FONT, MARK, fit_row, solid
from xl_addin.workbook.template import fill_bytes
from xl_addin.xlsx import filecheck
from xl_addin.xlsx.cells import put
from xl_addin.xlsx.trim import used_range


def annotate(source: str | Path | bytes, findings: list, out: str | Path, fmt: str, explanations: list | None = None) -> None:
    """Write a copy of a workbook with each finding's cell marked and 校验结果 filled.

    Errors are filled red and warnings yellow, each with a comment; earlier marks are cleared
    first. ``source`` is never written: the copy goes to ``out``.
    """

    schema = S.load(fmt)
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    shown = source if not isinstance(source, bytes) else "工作簿"
    raw = used_range(raw, str(shown))        # openpyxl models every cell: only the used range of each sheet
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(raw))
    except Exception as e:  # the reader accepted the file; openpyxl may still choke on a part it models
        raise InputError(M.XLSX["bad_xml"].format(file=shown, reason=type(e).__name__)) from None
    marks = {v for v in MARK.values()}
    totals = {t.cell for t in F.totals(schema).values()}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                rgb = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                if isinstance(rgb, str) and rgb[-6:] in marks:
                    c.fill = solid(COLOURS["total" if f"{ws.title}!{c.coordinate}" in totals else "input"][0])
                if c.comment is not None and c.comment.author == "nianbao":
                    c.comment = None
    notes: dict[str, list] = {}
    for f in findings:
        # a workbook finding about several cells (one W-3 for a table) lists them as its operands
        cells = [f.cell] + ([o.cell for o in f.operands.values() if o.cell] if f.kind == "workbook" else [])
        for where in dict.fromkeys(c for c in cells if c):
            notes.setdefault(where, []).append(f)
    for where, fs in notes.items():
        sheet, ref = where.rsplit("!", 1)
        if sheet not in wb.sheetnames:
            continue
        cell = wb[sheet][ref]
        if not hasattr(cell, "column"):
            continue
        worst = ERROR if any(f.severity == ERROR for f in fs) else "warning"
        cell.fill = solid(MARK[worst])
        text = "\n".join(f"【{f.rule}】{f.message}" for f in fs)
        comment = Comment(text, "nianbao")
        comment.width, comment.height = 360, min(60 + 40 * len(fs), 400)
        cell.comment = comment
    sh = L.sheet(schema, kind="results")
    ws = wb[sh["name"]] if sh["name"] in wb.sheetnames else wb.create_sheet(sh["name"])
    _fill_results(ws, sh, findings, explanations or [], count(findings))
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    write_bytes(out, buf.getvalue())


def annotate_report(source: str | Path, data: dict, book: dict | None, findings: list, out: str | Path) -> None:
    """``validate --annotate``: mark a copy of the workbook (a JSON report is filled into a template first)."""

    fmt = S.for_data(data)["x-format"]["id"]
    if book is None:
        raw, _ = fill_bytes(data)
    else:
        raw = filecheck.read_bytes(source)
        filecheck.open_package(raw, source)
    annotate(raw, findings, out, fmt, data.get("explanations") if isinstance(data.get("explanations"), list) else None)


def _fill_results(ws, sh: dict, findings: list, explanations: list, counts: tuple[int, int]) -> None:
    top, left = L.origin(sh)
    ui = M.WORKBOOK_UI
    errors, warnings = counts
    verdict = ui["verdict_bad"] if errors else ui["verdict_ok"]
    summary = ws.cell(1, 1)
    summary.value = sh["name"] + "　" + ui["summary"].format(verdict=verdict, errors=errors, warnings=warnings)
    summary.font = Font(name=FONT, size=14, bold=True, color=COLOURS["error"][1] if errors else None)
    said = {(e.get("rule"), e.get("path")): e.get("text") for e in explanations if isinstance(e, dict)}
    rows = []
    for f in findings:
        rows.append((ui["severity"][f.severity], f.rule, f.cell, f.path, f.message, said.pop((f.rule, f.path), None), f.severity))
    for (rule, path), text in said.items():
        rows.append((None, rule, None, path, None, text, None))
    last = max(ws.max_row, top + len(rows))
    for i in range(last - top + 1):
        r = top + i
        values = rows[i] if i < len(rows) else (None,) * 7
        for j in range(6):
            c = put(ws.cell(r, left + j), values[j])     # 说明 and its rule/path come from the user's file
            if j < 5:
                c.style = "nb_cell" if "nb_cell" in ws.parent.named_styles else "Normal"
            else:
                c.protection = Protection(locked=False)
                c.fill = solid(COLOURS["input"][0])
            c.hyperlink = None
        if values[6]:
            ws.cell(r, left).fill = solid(MARK[values[6]])
        if values[2]:
            sheet, ref = values[2].rsplit("!", 1)
            link = ws.cell(r, left + 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{ref}")
            link.font = Font(name=FONT, color="0563C1", underline="single")
        for j, width in ((4, 80), (5, 40)):
            if values[j]:
                fit_row(ws, r, values[j], width)
