"""Annotated copies: the marks of a check (``marks.of_check``: errors red, warnings yellow, each with
a comment, 校验结果 filled) rendered with openpyxl onto a copy; the user's file is never written.
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
from xl_addin.outputs import write_bytes
from xl_addin.workbook import marks as marking
from xl_addin.workbook.marks import Checked
from xl_addin.workbook.styles import COLOURS, FONT, MARK, fit_row, solid
from xl_addin.workbook.template import fill_bytes
from xl_addin.xlsx import filecheck
from xl_addin.xlsx.cells import put
from xl_addin.xlsx.trim import used_range


def annotate(source: str | Path | bytes, checked: Checked, out: str | Path) -> None:
    """Write a copy of a workbook with the marks of ``checked`` (``marks.of_check``): earlier marks
    cleared, each finding's cell filled red (errors) or yellow (warnings) with a note, 校验结果
    filled. ``source`` is never written: the copy goes to ``out``.
    """
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    shown = source if not isinstance(source, bytes) else "工作簿"
    raw = used_range(raw, str(shown))        # openpyxl models every cell: only the used range of each sheet
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(raw))
    except Exception as e:  # the reader accepted the file; openpyxl may still choke on a part it models
        raise InputError("xlsx.bad_xml", shown, reason=type(e).__name__) from None
    marks = marking.of_check(checked)
    _render(wb, marks)
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    write_bytes(out, buf.getvalue())


def annotate_report(source: str | Path, checked: Checked, out: str | Path) -> None:
    """``validate --annotate``: mark a copy of the workbook (a JSON report is filled into a template first)."""

    if checked.book is None:
        raw, _ = fill_bytes(checked.data)
    else:
        raw = filecheck.read_bytes(source)
        filecheck.open_package(raw, source)
    annotate(raw, checked, out)


def _render(wb, marks: marking.Marks) -> None:
    """The marks with openpyxl: a fill given back only where a mark shows, notes as comments."""
    shows = set(MARK.values())
    restore = {(f.sheet, f.ref): f.colour for f in marks.restore}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                colour = restore.get((ws.title, c.coordinate))
                rgb = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                if colour and isinstance(rgb, str) and rgb[-6:] in shows:
                    c.fill = solid(colour)
                if c.comment is not None and c.comment.author == marking.AUTHOR:
                    c.comment = None
    for m in marks.marks:
        if m.sheet not in wb.sheetnames:
            continue
        cell = wb[m.sheet][m.ref]
        if not hasattr(cell, "column"):       # inside a merged range
            continue
        cell.fill = solid(m.colour)
        comment = Comment(m.note, marking.AUTHOR)
        comment.width, comment.height = 360, min(60 + 40 * len(m.notes), 400)
        cell.comment = comment
    ws = wb[marks.sheet] if marks.sheet in wb.sheetnames else wb.create_sheet(marks.sheet)
    _fill_results(ws, marks)


def _fill_results(ws, marks: marking.Marks) -> None:
    top, left = marks.top, marks.left
    title = ws.cell(1, 1)
    title.value = marks.title
    title.font = Font(name=FONT, size=14, bold=True, color=COLOURS["error"][1] if marks.failed else None)
    last = max(ws.max_row, top + marks.height - 1)
    for i in range(last - top + 1):
        r = top + i
        row = marks.rows[i] if i < len(marks.rows) else None
        values = row.values if row is not None else (None,) * marks.width
        for j in range(marks.width):
            c = put(ws.cell(r, left + j), values[j])     # 说明 and its rule/path come from the user's file
            if j < marks.width - 1:
                c.style = "nb_cell" if "nb_cell" in ws.parent.named_styles else "Normal"
            else:
                c.protection = Protection(locked=False)
                c.fill = solid(COLOURS["input"][0])
            c.hyperlink = None
        if row is not None and row.severity:
            ws.cell(r, left).fill = solid(MARK[row.severity])
        if row is not None and row.cell:
            sheet, ref = row.cell.rsplit("!", 1)
            link = ws.cell(r, left + 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{ref}")
            link.font = Font(name=FONT, color="0563C1", underline="single")
        for j, width in ((4, 80), (5, 40)):
            if values[j]:
                fit_row(ws, r, values[j], width)
