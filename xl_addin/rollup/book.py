"""Writing the roll-up workbook (汇总.xlsx) of a ``collect`` run.

Sheets, in order: 报送情况 (every office and what became of its files), 问题清单 (every finding with
its office, file and ``sheet!cell``), 汇总 (tables 二–四 summed over the offices that passed, laid
out by ``layout.grid`` exactly as in the template), 明细 (each office's key figures side by side),
图表 (applications by outcome per office; offices by conclusion), then the standard template's
own sheets filled with the same sums, so that the roll-up is itself a valid report workbook.

No formula is left without its cached value: the template's total and check formulas stay (the
report sheets remain a live template), and the value of each, computed here from the sums, is
stored with it, as Excel would after calculating; so readers that do not calculate (pandas,
``openpyxl(data_only=True)``, our own reader) see numbers. The roll-up's own sheets hold values
only. The file is written to a temporary name beside the target and moved into place.
"""
from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from openpyxl.chart import BarChart, Reference
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from xl_addin.check.text.similarity import threshold
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import SEVERITY_CN
from xl_addin.outputs import write_bytes
from xl_addin.rollup.figures import key_figures, outcome_groups
from xl_addin.rollup.folders import ROLLUP_PROPERTY
from xl_addin.rollup.roster import columns
from xl_addin.workbook import template
from xl_addin.workbook.styles import FONT
from xl_addin.xlsx.cells import put_at

TXT = M.ROLLUP_BOOK
MAX_CHART_OFFICES = 30
ROW_CM = 0.5      # the height of a default row (15 pt) in cm, for placing charts below one another

FILL = {"passed": "E2EFDA", "failed": "FCE4D6", "duplicate": "FFF2CC", "unusable": "FFF2CC",
        "missing": "EDEDED", "not_summed": "FFF2CC", "error": "FFC7CE", "header": "D9E1F2"}


def add_styles(wb) -> None:
    """Named styles for the roll-up sheets: assigning a named style is cheap, assigning style
    objects cell by cell is not (openpyxl hashes each one; 50,000 cells took 17 s)."""


    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def ns(name, *, bold=False, size=11, colour=None, fill=None, border=True, align=wrap):
        st = NamedStyle(name=name)
        st.font = Font(name=FONT, bold=bold, size=size, color=colour)
        if fill:
            st.fill = PatternFill("solid", fgColor=FILL[fill])
        if border:
            st.border = box
        st.alignment = align
        return st

    styles = [ns("rb_title", bold=True, size=14, border=False, align=Alignment(vertical="center")),
              ns("rb_note", colour="595959", border=False),
              ns("rb_header", bold=True, fill="header", align=center),
              ns("rb_text"), ns("rb_center", align=center), ns("rb_total", bold=True, align=center),
              ns("rb_total_label", bold=True)]
    styles += [ns(f"rb_{k}", fill=k, align=center) for k in FILL if k != "header"]
    have = set(wb.named_styles)
    for st in styles:
        if st.name not in have:
            wb.add_named_style(st)


def _page(ws, title_row: int | None = None, fit_width: bool = True, title_cols: str | None = None) -> None:
    """A4 landscape; one page wide unless the sheet is too wide to read that way; repeated headers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if title_row:
        ws.print_title_rows = f"{title_row}:{title_row}"
    if title_cols:
        ws.print_title_cols = title_cols


def _units(text: str) -> int:
    """Display width of a text in column-width units (a CJK character is about two)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _fit(ws, row: int, text: Any, width: float) -> None:
    """Make a row tall enough for a wrapped text in a column (or merged columns) ``width`` wide."""
    if not isinstance(text, str) or not text:
        return
    lines = sum(max(1, math.ceil(_units(part) / max(width - 1, 1))) for part in text.split("\n"))
    height = 15 * lines + 3
    if height > (ws.row_dimensions[row].height or 15):
        ws.row_dimensions[row].height = height


def _put(ws, row: int, col: int, value: Any, style: str):
    c = put_at(ws, row, col, value)          # text stays text: names and file names come from the files
    c.style = style
    return c


def _header(ws, row: int, titles: list[str], widths: list[int] | None = None) -> None:
    for j, t in enumerate(titles, start=1):
        _put(ws, row, j, t, "rb_header")
        if widths:
            ws.column_dimensions[L.col_letter(j)].width = widths[j - 1]


def _title(ws, text: str, width: int, note: str | None = None) -> int:
    """Title (and note) rows; returns the first free row."""
    _put(ws, 1, 1, text, "rb_title")
    ws.row_dimensions[1].height = 24
    if note:
        _put(ws, 2, 1, note, "rb_note")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.row_dimensions[2].height = 32
        return 4
    return 3


# ---------------------------------------------------------------- 报送情况

def status_sheet(ws, result) -> None:
    head = TXT["status_header"]
    counts = {k: result.count(conclusion=k) for k in M.CONCLUSION}
    offices = result.offices
    note = TXT["status_summary"].format(
        offices=len(offices), submitted=sum(r.state == "submitted" for r in offices),
        missing=counts["missing"], passed=counts["passed"], failed=counts["failed"],
        duplicate=counts["duplicate"], unusable=sum(r.conclusion == "unusable" for r in offices), files=result.files)
    off_roster, unknown = result.count(state="off_roster"), result.count(state="unknown")
    if off_roster or unknown:
        note += TXT["status_extra"].format(off_roster=off_roster, unknown=unknown)

    contacts = [(prop, node) for prop, node in columns() if node.get("x-contact")] if result.roster is not None else []
    head = head + [node["title"] for _, node in contacts]
    top = _title(ws, TXT["status_title"].format(year=result.year), len(head), note)
    widths = [6, 34, 10, 40, 12, 8, 8, 10, 60] + [node.get("x-width", 16) for _, node in contacts]
    _header(ws, top, head, widths)
    wide = {head.index(t) + 1 for t in ("机关名称", "文件", "说明")}
    verdict = head.index("结论") + 1
    r = top
    for i, row in enumerate(result.rows, start=1):
        r += 1
        versions = sorted({f.version for f in row.files if f.version})
        values = [i, row.name, M.STATE[row.state], "、".join(f.name for f in row.files),
                  "、".join(versions), row.errors, row.warnings, M.CONCLUSION[row.conclusion], row.note]
        values += [row.office.get(prop) if row.office else None for prop, _ in contacts]
        for j, v in enumerate(values, start=1):
            _put(ws, r, j, v, f"rb_{row.conclusion}" if j == verdict else "rb_text" if j in wide else "rb_center")
            if j in wide:
                _fit(ws, r, v, widths[j - 1])
    _page(ws, top)
    ws.freeze_panes = ws.cell(top + 1, 3)
    ws.auto_filter.ref = f"A{top}:{L.col_letter(len(head))}{max(r, top)}"


# ---------------------------------------------------------------- 问题清单

def problems_sheet(ws, result) -> None:
    head = TXT["problems_header"]
    errors = sum(p.finding.severity == "error" for p in result.problems)
    top = _title(ws, TXT["problems_title"].format(year=result.year, n=len(result.problems), errors=errors,
                                                  warnings=len(result.problems) - errors), len(head))
    widths = [6, 30, 30, 24, 8, 8, 90]
    _header(ws, top, head, widths)
    wide = {head.index(t) + 1 for t in ("机关名称", "文件", "问题")}
    kind = head.index("类别") + 1
    r = top
    for i, p in enumerate(result.problems, start=1):
        r += 1
        f = p.finding
        where = f.cell if f.kind != "rollup" else (f.cell if f.cell and "!" in f.cell else "")
        values = [i, p.office.name, p.file or "", where or (f.path if f.kind != "rollup" else ""), f.rule,
                  SEVERITY_CN.get(f.severity, f.severity), f.message]
        for j, v in enumerate(values, start=1):
            style = "rb_error" if j == kind and f.severity == "error" else "rb_text" if j in wide else "rb_center"
            _put(ws, r, j, v, style)
            if j in wide:
                _fit(ws, r, v, widths[j - 1])
    _page(ws, top)
    ws.freeze_panes = ws.cell(top + 1, 3)
    ws.auto_filter.ref = f"A{top}:{L.col_letter(len(head))}{max(r, top)}"


# ---------------------------------------------------------------- 内容雷同

def similar_sheet(ws, result) -> None:
    head = TXT["similar_header"]
    top = _title(ws, TXT["similar_title"].format(year=result.year, n=len(result.similar),
                                                 threshold=f"{threshold(result.format):.0%}"), len(head),
                 None if result.similar else TXT["similar_none"])
    widths = [6, 30, 30, 30, 30, 12]
    _header(ws, top, head, widths)
    for i, p in enumerate(result.similar, start=1):
        for j, v in enumerate([i, p.office_a, p.file_a, p.office_b, p.file_b, f"{p.share:.0%}"], start=1):
            _put(ws, top + i, j, v, "rb_text" if j in (2, 3, 4, 5) else "rb_center")
    _page(ws, top)
    ws.freeze_panes = ws.cell(top + 1, 3)


# ---------------------------------------------------------------- 汇总 (the template's table grids)

def table_sheets(schema: dict) -> list[dict]:
    return [sh for sh in L.sheets(schema) if sh["kind"] == "table"]


def total_sheet(ws, result) -> dict[str, str]:
    """Tables 二–四 stacked, each placed by ``layout.grid`` as in the template; returns path -> cell."""
    schema = S.load(result.format)
    _put(ws, 1, 1, TXT["total_title"].format(year=result.year, passed=len(result.passed),
                                             format=S.format_name(result.format)), "rb_title")
    data_sheets = [sh["name"] for sh in L.sheets(schema)]
    _put(ws, 2, 1, TXT["total_note"].format(first=data_sheets[0], last=data_sheets[-1]), "rb_note")
    cells: dict[str, str] = {}
    widths: dict[int, float] = {}
    for sh in table_sheets(schema):
        left = L.origin(sh)[1]
        for j, w in enumerate(sh.get("col_widths", [])):
            widths[left + j] = max(widths.get(left + j, 0), w)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(widths))
    cursor = 4
    for sh in table_sheets(schema):
        top, left = L.origin(sh)
        _put(ws, cursor, left, sh.get("caption") or S.title(schema, sh["table"]), "rb_title")
        shift = cursor + 1 - top
        for p in L.grid(schema, sh):
            r = p.row + shift
            style = "rb_center" if p.data or p.kind in ("header", "caption") else "rb_text"
            if p.kind in ("header", "caption"):
                style = "rb_header"
            for dr in range(p.rs):
                for dc in range(p.cs):
                    ws.cell(r + dr, p.col + dc).style = style
            if p.rs > 1 or p.cs > 1:
                ws.merge_cells(start_row=r, start_column=p.col, end_row=r + p.rs - 1, end_column=p.col + p.cs - 1)
            if p.data:
                put_at(ws, r, p.col, _value(result.total, p.data))
                cells[p.data] = f"{ws.title}!{L.ref(r, p.col)}"
            else:
                put_at(ws, r, p.col, p.text)
                if p.rs == 1:
                    _fit(ws, r, p.text, sum(widths.get(p.col + k, 9) for k in range(p.cs)))
        rows, _ = L.grid_size(schema, sh)
        for path, (r, col) in L.table_fields(schema, sh).items():
            _put(ws, r + shift, col - 1, S.title(schema, path), "rb_text")
            _put(ws, r + shift, col, _value(result.total, path), "rb_center")
            cells[path] = f"{ws.title}!{L.ref(r + shift, col)}"
        cursor = cursor + 1 + rows + 1 + len(L.table_fields(schema, sh)) + 1
    for col, w in widths.items():
        ws.column_dimensions[L.col_letter(col)].width = w
    _page(ws)
    return cells


def _value(data: dict, path: str) -> Any:
    v = S.get(data, path)
    return None if v is S.MISSING else v


# ---------------------------------------------------------------- 明细

def detail_sheet(ws, result) -> dict[str, str]:
    """One row per office with a single usable file, its key figures side by side, then the 合计 row."""

    schema = S.load(result.format)
    figures = key_figures(result.format)
    fixed = TXT["detail_header"]
    head = fixed + [S.label(schema, p) for p in figures]
    top = _title(ws, TXT["detail_title"].format(year=result.year), len(head))
    _header(ws, top, head, [6, 30, 10] + [12] * len(figures))
    ws.row_dimensions[top].height = 96
    rows = [row for row in result.rows if len(row.usable) == 1]
    r = top
    for i, row in enumerate(rows, start=1):
        r += 1
        data = row.usable[0].data
        _put(ws, r, 1, i, "rb_center")
        _put(ws, r, 2, row.name, "rb_text")
        _put(ws, r, 3, M.CONCLUSION[row.conclusion], f"rb_{row.conclusion}")
        for j, p in enumerate(figures, start=len(fixed) + 1):
            _put(ws, r, j, _value(data, p), "rb_center")
    r += 1
    _put(ws, r, 2, TXT["detail_total"].format(n=len(result.passed)), "rb_total_label")
    cells = {}
    for j, p in enumerate(figures, start=len(fixed) + 1):
        _put(ws, r, j, _value(result.total, p), "rb_total")
        cells[p] = f"{ws.title}!{L.ref(r, j)}"
    _page(ws, top, fit_width=False, title_cols="A:C")
    ws.freeze_panes = ws.cell(top + 1, 4)
    ws.auto_filter.ref = f"A{top}:{L.col_letter(len(head))}{max(r - 1, top)}"
    return cells


# ---------------------------------------------------------------- 图表

def charts_sheet(ws, result) -> None:
    """A stacked bar of applications by outcome per office (passed offices, the busiest first) and a
    column chart of offices by conclusion, one below the other to the right of their data (values)."""



    groups = outcome_groups(result.format)
    offices = sorted(result.passed, key=lambda row: -sum(_n(row.usable[0].data, p) for _, ps in groups for p in ps))
    shown = offices[:MAX_CHART_OFFICES]
    anchor_col = L.col_letter(len(groups) + 3 if groups else 4)
    r0, chart_row = 1, 1
    if groups and shown:
        title = TXT["chart_outcomes"] if len(offices) <= MAX_CHART_OFFICES else \
            TXT["chart_outcomes_top"].format(n=MAX_CHART_OFFICES)
        _header(ws, r0, [TXT["chart_office"]] + [g for g, _ in groups], [30] + [10] * len(groups))
        for i, row in enumerate(shown, start=1):
            data = row.usable[0].data
            _put(ws, r0 + i, 1, row.name, "rb_text")
            for j, (_, paths) in enumerate(groups, start=2):
                _put(ws, r0 + i, j, sum(_n(data, p) for p in paths), "rb_center")
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = title
        chart.height, chart.width = max(7.5, 0.6 * len(shown) + 3), 22
        chart.add_data(Reference(ws, min_col=2, max_col=1 + len(groups), min_row=r0, max_row=r0 + len(shown)),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=r0 + 1, max_row=r0 + len(shown)))
        chart.x_axis.scaling.orientation = "maxMin"  # the busiest office on top
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        ws.add_chart(chart, f"{anchor_col}{chart_row}")
        r0 += len(shown) + 3
        chart_row += math.ceil(chart.height / ROW_CM) + 2
    kinds = [k for k in M.CONCLUSION if result.count(conclusion=k)]
    if kinds:
        _header(ws, r0, [TXT["chart_conclusion"], TXT["chart_count"]])
        for i, k in enumerate(kinds, start=1):
            _put(ws, r0 + i, 1, M.CONCLUSION[k], f"rb_{k}")
            _put(ws, r0 + i, 2, result.count(conclusion=k), "rb_center")
        chart = BarChart()
        chart.type = "col"
        chart.title = TXT["chart_status"]
        chart.legend = None
        chart.add_data(Reference(ws, min_col=2, min_row=r0, max_row=r0 + len(kinds)), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=r0 + 1, max_row=r0 + len(kinds)))
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.height, chart.width = 7.5, 14
        ws.add_chart(chart, f"{anchor_col}{max(chart_row, r0)}")
    _page(ws, fit_width=True)


def _n(data: dict, path: str) -> float:
    v = S.get(data, path)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0


# ---------------------------------------------------------------- the report sheets and the file

def formula_values(result) -> dict[str, Any]:
    """``sheet!cell`` -> the value of every formula the template puts on its sheets, for the sums:
    totals (recomputed from the summed inputs) and the check cells of ``equation`` rules."""

    schema = S.load(result.format)
    data = result.total

    def value(path: str) -> Any:
        v = S.get(data, path)
        return None if v is S.MISSING else v

    out: dict[str, Any] = {t.cell: v for t, v in
                           ((F.totals(schema)[p], v) for p, v in F.recompute(schema, value).items())}
    cells = L.cell_map(schema)
    for sh in table_sheets(schema):
        for _, checks in F.checks(schema, sh):
            for cc in checks:
                rule = cc.rule
                terms = [(t, s) for side, s in ((rule["left"], 1), (rule["right"], -1)) for t in side
                         if F.data_path(t) in cells]
                nums = [(value(F.data_path(t)), -s if t.startswith("-") else s) for t, s in terms]
                if rule.get("missing") == "skip" and any(not _is_number(v) for v, _ in nums):
                    out[cc.cell] = ""
                else:
                    out[cc.cell] = _tidy(sum(v * s for v, s in nums if _is_number(v)))
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _tidy(v: float) -> float | int:
    if isinstance(v, float):
        v = round(v, 6)
        if v.is_integer():
            return int(v)
    return v


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>', re.S)


def cache_values(payload: bytes, values: dict[str, Any]) -> bytes:
    """Write the cached result of every formula cell named in ``values`` into the saved workbook.

    openpyxl saves a formula with an empty ``<v>``; readers that do not calculate (pandas,
    ``openpyxl(data_only=True)``, our reader's typed-over check) then see nothing. We know each
    result, so we store it, as Excel would have. Only our own openpyxl output is patched.
    """
    src = zipfile.ZipFile(io.BytesIO(payload))
    parts = _sheet_parts(src)
    by_part: dict[str, dict[str, Any]] = {}
    for where, v in values.items():
        sheet, ref = where.rsplit("!", 1)
        if sheet in parts:
            by_part.setdefault(parts[sheet], {})[ref] = v

    def patch(xml: bytes, cells: dict[str, Any]) -> bytes:
        def repl(m: re.Match) -> bytes:
            ref = m.group(1).decode()
            if ref not in cells:
                return m.group(0)
            v = cells[ref]
            attrs = re.sub(rb'\s+t="[^"]*"', b"", m.group(2))
            if isinstance(v, str):
                attrs += b' t="str"'
                text = escape(v).encode()
            else:
                text = repr(v).encode() if isinstance(v, float) else str(v).encode()
            return b'<c r="' + m.group(1) + b'"' + attrs + b"><f>" + m.group(3) + b"</f><v>" + text + b"</v></c>"
        return _FORMULA_CELL.sub(repl, xml)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in by_part:
                data = patch(data, by_part[info.filename])
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part name (``xl/worksheets/sheet3.xml``), from workbook.xml and its rels."""

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
    out = {}
    for sh in book.findall("m:sheets/m:sheet", ns):
        t = target.get(sh.get(f"{{{ns['r']}}}id"), "")
        out[sh.get("name")] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    return out


def write(result, out: Path) -> Path:
    """Write the roll-up workbook to ``out`` (atomically: ``outputs.write_bytes``)."""
    wb, _ = template.build(result.format, data=result.total)
    wb.security = None  # the roll-up is for reading: sheets may be moved, hidden or deleted
    add_styles(wb)
    names = TXT["sheets"]
    for i, (key, fn) in enumerate((("status", status_sheet), ("problems", problems_sheet), ("total", total_sheet),
                                   ("detail", detail_sheet), ("charts", charts_sheet), ("similar", similar_sheet))):
        ws = wb.create_sheet(names[key], index=i)
        fn(ws, result)
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.worksheets[0]
    wb.custom_doc_props.append(StringProperty(name=ROLLUP_PROPERTY, value=str(result.year)))
    buf = io.BytesIO()
    wb.save(buf)
    payload = cache_values(buf.getvalue(), formula_values(result))
    return write_bytes(out, payload)
