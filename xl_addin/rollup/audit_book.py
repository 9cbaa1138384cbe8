"""Writing the audit workbook (``nianbao audit``): one row per report, the problem list, 内容雷同 pairs.

Owns: the sheets 审查结果 (机关, 年度, 格式, 结论, errors, warnings, file, kind, last year's report
used), 问题清单 (report, rule, severity, where in the report, as printed, expected, message),
内容雷同 and 上年报告 (last year's files that could
not be used). Headers, widths, frozen panes and filters for reading on screen; every cell is
written through ``xlsx.cells`` (a name or file name starting with ``=`` stays text); the file is
written atomically.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import SEVERITY_CN
from xl_addin.outputs import write_with
from xl_addin.rollup.audit import Audit
from xl_addin.source.positions import expected_text
from xl_addin.xlsx.cells import append

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BAD_FILL = PatternFill("solid", fgColor="F8CBAD")
WARN_FILL = PatternFill("solid", fgColor="FFF2CC")
WIDTHS = {"reports": [6, 30, 8, 14, 10, 7, 7, 36, 10, 30, 40],
          "problems": [6, 26, 30, 8, 6, 34, 30, 16, 70],
          "similar": [6, 40, 40, 10, 40],
          "notes": [6, 40, 70]}


def _sheet(wb: Workbook, key: str, title: str, header: list[str], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = M.AUDIT_BOOK["sheets"][key]
    append(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    append(ws, header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, w in enumerate(WIDTHS[key], 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A3"
    return ws


def _finish(ws) -> None:
    if ws.max_row >= 3:
        ws.auto_filter.ref = f"A2:{get_column_letter(ws.max_column)}{ws.max_row}"
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)


def build(result: Audit) -> Workbook:
    wb = Workbook()
    reports = result.reports
    counts = {k: result.count(M.AUDIT[k]) for k in ("passed", "failed", "unreadable")}
    ws = _sheet(wb, "reports", M.AUDIT_BOOK["reports_title"].format(n=len(result.audited), **counts),
                M.AUDIT_BOOK["reports_header"], first=True)
    for i, r in enumerate(reports, 1):
        last = r.last_year_file or (M.AUDIT_BOOK["no_last_year"] if result.last_year_files and not r.unreadable else "")
        append(ws, [i, r.org or "", r.year if r.year is not None else "", _format(r.format), r.conclusion,
                   r.errors, r.warnings, r.shown or r.file, r.kind, last, r.unreadable or r.same_as or ""])
        fill = (None if r.same_as else BAD_FILL if r.conclusion != M.AUDIT["passed"] else
                WARN_FILL if r.warnings else None)
        if fill:
            ws.cell(ws.max_row, 5).fill = fill
    _finish(ws)

    problems = [(r, p) for r in reports for p in r.problems]
    errors = sum(p.finding.severity == "error" for _, p in problems)
    ws = _sheet(wb, "problems", M.AUDIT_BOOK["problems_title"].format(n=len(problems), errors=errors,
                                                                     warnings=len(problems) - errors),
                M.AUDIT_BOOK["problems_header"])
    for i, (r, p) in enumerate(problems, 1):
        f = p.finding
        append(ws, [i, r.org or "", r.shown or r.name, f.rule, SEVERITY_CN[f.severity], p.where, p.printed,
                    expected_text(f), f.message])
        ws.cell(ws.max_row, 5).fill = BAD_FILL if f.severity == "error" else WARN_FILL
    _finish(ws)

    ws = _sheet(wb, "similar", M.AUDIT_BOOK["similar_title"], M.AUDIT_BOOK["similar_header"])
    shown = {r.file: r.shown or r.file for r in reports}
    for i, (a, b, share, note) in enumerate(result.similar, 1):
        append(ws, [i, shown.get(a, a), shown.get(b, b), share, note])
        ws.cell(ws.max_row, 4).number_format = "0%"       # as the roll-up and the message say it: 100%
    _finish(ws)
    if result.notes:
        ws = _sheet(wb, "notes", M.AUDIT_BOOK["notes_title"].format(n=len(result.notes)), M.AUDIT_BOOK["notes_header"])
        for i, f in enumerate(result.notes, 1):
            append(ws, [i, f.cell or "", f.message])
        _finish(ws)
    return wb


def _format(fmt: Any) -> str:

    try:
        return S.format_name(fmt) if fmt else ""
    except (S.UnknownFormat, TypeError, KeyError):
        return str(fmt)


def write(result: Audit, out: str | Path) -> Path:
    """Write the audit workbook (atomically: a temporary file beside it, then renamed)."""

    wb = build(result)
    return write_with(out, lambda tmp: wb.save(tmp))
