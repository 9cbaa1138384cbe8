"""The standard workbook: writing templates, filling them with report data, annotating copies.

Owns: every openpyxl write. Sheets, labels and cells come from the schema's ``x-layout``
(through ``layout``), totals and check formulas from its ``x-rules`` (through ``formulas``);
this module adds styles, protection, data validation, conditional formatting, print setup, the
template stamp (custom document properties, and visibly on 填表说明) and byte-stable output.
Reading a workbook lives in ``reader``; nothing here opens a user's file for writing.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.merge import MergedCellRange

from xl_addin.errors import InputError
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import ERROR, count
from xl_addin.workbook import reader
from xl_addin.workbook.reader import PROP_FORMAT, PROP_HASH, PROP_VERSION
from xl_addin.xlsx import filecheck

TEMPLATE_DIR = S.resource_dir("workbook_templates")
TEMPLATE_NAME = "年报模板-{fmt}.xlsx"

STAMP_TIME = dt.datetime(2021, 9, 29)   # fixed core-property and zip timestamps: byte-stable output
ZIP_TIME = (2021, 9, 29, 0, 0, 0)
EXCEL_MAX_CHARS = 32767

FONT = "宋体"
COLOURS = {  # fill, font colour
    "input": ("DDEBF7", None),
    "total": ("D9D9D9", None),
    "check": ("E2EFDA", None),
    "bad": ("FFC7CE", "9C0006"),
    "warn": ("FFEB9C", "9C5700"),
    "error": ("FFC7CE", "9C0006"),
    "warning": ("FFEB9C", "9C5700"),
}
MARK = {"error": "FFC7CE", "warning": "FFEB9C"}
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _named_styles() -> list[NamedStyle]:
    def ns(name: str, *, bold=False, size=11, colour=None, italic=False, fill=None, border=True, h="left", v="center",
           wrap=True, locked=True, fmt="General") -> NamedStyle:
        s = NamedStyle(name=name)
        s.font = Font(name=FONT, size=size, bold=bold, italic=italic, color=colour)
        if fill:
            s.fill = _fill(fill)
        if border:
            s.border = BOX
        s.alignment = Alignment(horizontal=h, vertical=v, wrap_text=wrap)
        s.protection = Protection(locked=locked)
        s.number_format = fmt
        return s

    return [
        ns("nb_title", bold=True, size=14, border=False, wrap=False),
        ns("nb_note", size=10, colour="595959", border=False),
        ns("nb_caption", bold=True, h="center"),
        ns("nb_header", bold=True, h="center"),
        ns("nb_label"),
        ns("nb_group", h="center"),
        ns("nb_input", fill=COLOURS["input"][0], h="right", locked=False, wrap=False),
        ns("nb_input_text", fill=COLOURS["input"][0], locked=False, fmt="@"),
        ns("nb_total", fill=COLOURS["total"][0], h="right", bold=True, wrap=False),
        ns("nb_check", fill=COLOURS["check"][0], h="right", wrap=False),
        ns("nb_check_label", size=10),
        ns("nb_hint", size=10, colour="7F7F7F", italic=True),
        ns("nb_text", border=False),
        ns("nb_cell"),
    ]


def _width(text: str) -> int:
    """Display width in Excel column units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _fit(ws, row: int, text: str, width: float) -> None:
    """Give a row enough height for wrapped text (Excel does not autofit rows on open)."""
    lines = sum(max(1, math.ceil(_width(part) / max(width - 1, 1))) for part in str(text).split("\n"))
    if lines > 1:
        need = 15 * lines + 3
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, need)


# ---------------------------------------------------------------- building a workbook

@dataclass
class _Build:
    schema: dict
    wb: Workbook
    data: dict | None
    prefill: dict
    notes: list[str] = field(default_factory=list)
    dv: dict = field(default_factory=dict)   # (sheet, kind, key) -> DataValidation

    @property
    def fmt(self) -> str:
        return self.schema["x-format"]["id"]

    def value(self, path: str) -> Any:
        if self.data is None:
            return self.prefill.get(path)
        v = S.get(self.data, path)
        return None if v is S.MISSING else v


def _text(b: _Build, cell, text: Any, style: str) -> None:
    """Write text as text (never as a formula, whatever it starts with)."""
    cell.style = style
    if text is None or text == "":
        return
    s = str(text)
    clean = ILLEGAL_CHARACTERS_RE.sub("", s)
    if clean != s:
        b.notes.append(M.FILL["text_cleaned"].format(cell=f"{cell.parent.title}!{cell.coordinate}"))
    if len(clean) > EXCEL_MAX_CHARS:
        raise InputError(M.FILL["too_long"].format(path=f"{cell.parent.title}!{cell.coordinate}", n=len(clean),
                                                   limit=EXCEL_MAX_CHARS))
    cell.value = clean
    cell.data_type = "s"


def _types(node: dict) -> list[str]:
    t = node.get("type", [])
    return [t] if isinstance(t, str) else list(t)


def _validation(b: _Build, ws, path: str, cell_ref: str) -> None:
    """Data validation for one input cell from its subschema: whole numbers, decimals or a list."""
    node = S.subschema(b.schema, path) or {}
    types = _types(node)
    ui = M.WORKBOOK_UI["dv"]
    if "enum" in node:
        choices = [c for c in node["enum"] if c is not None]
        key = ("list", ",".join(choices))
        make = lambda: DataValidation(type="list", formula1='"' + ",".join(choices) + '"', error=ui["list"])  # noqa: E731
    elif "integer" in types:
        lo = node.get("minimum")
        key = ("whole", lo)
        if lo is None:
            make = lambda: DataValidation(type="whole", operator="between", formula1="-999999999",  # noqa: E731
                                          formula2="999999999", error=ui["signed"])
        else:
            make = lambda: DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(lo),  # noqa: E731
                                          error=ui["count"].format(minimum=lo))
    elif "number" in types:
        key = ("decimal", node.get("minimum", 0))
        make = lambda: DataValidation(type="decimal", operator="greaterThanOrEqual",  # noqa: E731
                                      formula1=str(node.get("minimum", 0)), error=ui["amount"])
    else:
        return
    _add_dv(b, ws, key, make, cell_ref)


def _add_dv(b: _Build, ws, key: tuple, make, cell_ref: str) -> None:
    k = (ws.title,) + key
    if k not in b.dv:
        dv = make()
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.errorTitle = M.WORKBOOK_UI["dv_title"]
        ws.add_data_validation(dv)
        b.dv[k] = dv
    b.dv[k].add(cell_ref)


def _is_text(b: _Build, path: str) -> bool:
    types = _types(S.subschema(b.schema, path) or {})
    return not ("integer" in types or "number" in types)


def _input(b: _Build, ws, row: int, col: int, path: str) -> None:
    """An input cell: unlocked, coloured, validated, holding the data's value when filling."""
    cell = ws.cell(row, col)
    value = b.value(path)
    if _is_text(b, path):
        _text(b, cell, value, "nb_input_text")
    else:
        cell.style = "nb_input"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        elif isinstance(value, str):
            _text(b, cell, value, "nb_input")   # a wrong type in the data stays visible
        elif value is not None:
            b.notes.append(M.FILL["bad_value"].format(cell=f"{ws.title}!{cell.coordinate}", name=S.label(b.schema, path),
                                                      value=M.show(value)))
    _validation(b, ws, path, cell.coordinate)


def _merge(ws, row: int, col: int, rs: int, cs: int, style: str | None = None) -> None:
    """Merge a range; every cell of it keeps the style (borders) it is given here.

    openpyxl's ``merge_cells`` restyles the range's edges cell by cell, which is most of the time
    of building a template; registering the range directly writes the same ``<mergeCell>``.
    """
    if rs > 1 or cs > 1:
        ws.merged_cells.add(MergedCellRange(ws, f"{L.ref(row, col)}:{L.ref(row + rs - 1, col + cs - 1)}"))
        if style:
            for r in range(row, row + rs):
                for c in range(col, col + cs):
                    if (r, c) != (row, col):
                        ws.cell(r, c).style = style


def _page(ws, landscape: bool, title_rows: str | None = None, area: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    if area:
        ws.print_area = area


def _protect(ws, rows: bool = False) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False   # allowed: widening columns
    ws.protection.formatRows = False      # allowed: taller rows
    if rows:
        ws.protection.insertRows = False
        ws.protection.deleteRows = False


def _head(ws, sh: dict, title: str, width: int, note_at: tuple[int, int] = (2, 1)) -> None:
    """The sheet's title in A1 and its note (row 2, or beside the title when row 2 is the header)."""
    ws.cell(1, 1).style = "nb_title"
    ws.cell(1, 1).value = title
    if sh.get("note"):
        r, c0 = note_at
        c = ws.cell(r, c0)
        c.style = "nb_note"
        c.value = sh["note"]
        _merge(ws, r, c0, 1, width - c0 + 1)


def _column_style(ws, col: int, style: str) -> None:
    """A whole column styled (and so unlocked, for an input style): empty cells take the column's style."""
    named = next(s for s in ws.parent._named_styles if s.name == style)
    dim = ws.column_dimensions[L.col_letter(col)]
    dim.font, dim.alignment, dim.protection, dim.number_format = named.font, named.alignment, named.protection, named.number_format
    if named.fill is not None and named.fill.fill_type:
        dim.fill = named.fill


def _columns(ws, widths: list[float], first: int = 1) -> None:
    for i, w in enumerate(widths):
        ws.column_dimensions[L.col_letter(first + i)].width = w


def _form(b: _Build, ws, sh: dict) -> None:
    top, col = L.origin(sh)
    _head(ws, sh, sh["name"], 3, (2, 1) if top > 3 else (1, 2))
    for i, text in enumerate(sh["columns"]):
        ws.cell(top - 1, col - 1 + i).style = "nb_header"
        ws.cell(top - 1, col - 1 + i).value = text
    _fields(b, ws, L.form_cells(sh))
    _columns(ws, [30, 50, 56])
    _page(ws, False, f"{top - 1}:{top - 1}")
    _protect(ws)


def _fields(b: _Build, ws, cells: dict[str, tuple[int, int]]) -> None:
    """Labelled input fields: label one column left of the value, the schema's description right of it."""
    for path, (r, c) in cells.items():
        parent = path.rsplit(".", 1)[0] if "." in path else ""
        required = path.rsplit(".", 1)[-1] in (S.subschema(b.schema, parent) or {}).get("required", []) if parent else False
        label = ws.cell(r, c - 1)
        label.style = "nb_label"
        label.value = S.label(b.schema, path) + (M.WORKBOOK_UI["required_mark"] if required else "")
        _input(b, ws, r, c, path)
        hint = ws.cell(r, c + 1)
        hint.style = "nb_hint"
        hint.value = (S.subschema(b.schema, path) or {}).get("description")
        _fit(ws, r, hint.value or "", 56)
        if _is_text(b, path) and isinstance(ws.cell(r, c).value, str):
            _fit(ws, r, ws.cell(r, c).value, 50)


def _outline_rows(b: _Build, sh: dict) -> list[tuple[int, str, str]]:
    """(level, content, hint) per row: the data's outline, or the prefilled headings with hints."""
    if b.data is not None:
        return [(level, text, "") for _, level, text in L.outline_rows(S.get(b.data, sh["path"]))]
    rows = []
    for node in sh.get("prefill", []):
        if node.get("level") or node.get("heading"):
            rows.append((node["level"], node.get("heading", ""), ""))
        rows.append((0, "", node.get("hint", "")))
    return rows


def _outline(b: _Build, ws, sh: dict) -> None:
    _head(ws, sh, S.title(b.schema, sh["path"]), 3)
    if sh.get("fields"):
        _fields(b, ws, L.form_cells(sh, "fields", "fields_origin"))
    top, left = L.origin(sh)
    for i, text in enumerate(sh["columns"]):
        ws.cell(top - 1, left + i).style = "nb_header"
        ws.cell(top - 1, left + i).value = text
    rows = _outline_rows(b, sh)
    levels = [L.LEVEL_NAMES[k] for k in (1, 2, 3, 0)]
    # whole columns are input (column styles): no need to write empty cells, and rows can be added
    _column_style(ws, left, "nb_input_text")
    _column_style(ws, left + 1, "nb_input_text")
    _column_style(ws, left + 2, "nb_hint")
    for i, (level, text, hint) in enumerate(rows):
        r = top + i
        _text(b, ws.cell(r, left), L.LEVEL_NAMES.get(level, level), "nb_input_text")
        _text(b, ws.cell(r, left + 1), text, "nb_input_text")
        _text(b, ws.cell(r, left + 2), hint, "nb_hint")
        _fit(ws, r, text or hint, 90 if text else 40)
    rng = f"{L.ref(top, left)}:{L.ref(top + max(sh['rows'], len(rows) + 20) - 1, left)}"
    _add_dv(b, ws, ("level",), lambda: DataValidation(type="list", formula1='"' + ",".join(levels) + '"',
                                                      error=M.WORKBOOK_UI["dv"]["level"]), rng)
    _columns(ws, [12, 90, 40], left)
    _page(ws, False, f"{top - 1}:{top - 1}")
    _protect(ws, rows=True)


def _table(b: _Build, ws, sh: dict) -> None:
    schema = b.schema
    placed = L.grid(schema, sh)
    top, left = L.origin(sh)
    nrows, ncols = L.grid_size(schema, sh)
    totals = F.totals(schema)
    for r, text, style in ((1, sh["caption"], "nb_title"), (2, sh.get("note"), "nb_note")):
        if text:
            c = ws.cell(r, left)
            c.style = style
            c.value = text
            _merge(ws, r, left, 1, ncols)
    for p in placed:
        if p.data and p.data in totals:
            c = ws.cell(p.row, p.col)
            c.style = "nb_total"
            c.value = totals[p.data].formula
            _merge(ws, p.row, p.col, p.rs, p.cs, "nb_total")
        elif p.data:
            _input(b, ws, p.row, p.col, p.data)
            _merge(ws, p.row, p.col, p.rs, p.cs, ws.cell(p.row, p.col).style)
        else:
            style = {"caption": "nb_caption", "header": "nb_header"}.get(p.kind, "nb_group" if p.rs > 1 else "nb_label")
            c = ws.cell(p.row, p.col)
            _text(b, c, p.text, style)
            _merge(ws, p.row, p.col, p.rs, p.cs, style)
            if p.rs == 1:
                _fit(ws, p.row, p.text, sum(sh["col_widths"][p.col - left + i] for i in range(p.cs)))
    for r in range(top, top + nrows):
        ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, 18)
    for path, (r, c) in L.table_fields(schema, sh).items():
        label = ws.cell(r, c - 1)
        label.style = "nb_label"
        label.value = S.title(schema, path)
        _input(b, ws, r, c, path)
    for row, cells in F.checks(schema, sh):
        lab = ws.cell(row.row, row.label_col)
        lab.style = "nb_check_label"
        lab.value = row.label
        _merge(ws, row.row, row.label_col, 1, row.label_cs, "nb_check_label")
        width = sum((sh["col_widths"][row.label_col - left + i] for i in range(row.label_cs)))
        _fit(ws, row.row, row.label, width)
        look = "bad" if row.severity == "error" else "warn"
        fill, colour = COLOURS[look]
        for cc in cells:
            _, r, c = F.split_cell(cc.cell)
            cell = ws.cell(r, c)
            cell.style = "nb_check"
            cell.value = cc.formula
            a = f"${L.col_letter(c)}${r}"
            test = f"AND(ISNUMBER({a}),{a}<>0)"
            style = dict(fill=_fill(fill), font=Font(color=colour, bold=True))
            ws.conditional_formatting.add(cell.coordinate, FormulaRule(formula=[test], **style))
            ws.conditional_formatting.add(cc.at.split("!")[1], FormulaRule(formula=[test], **style))
    _columns(ws, sh["col_widths"], left)
    if left > 1:
        _columns(ws, [2] * (left - 1))
    heads = 0
    for spec in sh["grid"]:
        if spec.get("kind") != "header":
            break
        heads += 1
    if heads:
        first_data = min(p.col for p in placed if p.data)
        ws.freeze_panes = L.ref(top + heads, first_data)
    _page(ws, sh.get("orientation") == "landscape", f"{top}:{top + heads - 1}" if heads else None,
          f"{L.ref(1, left)}:{L.ref(top + nrows - 1, left + ncols - 1)}")
    _protect(ws)


def _results(b: _Build, ws, sh: dict) -> None:
    _head(ws, sh, sh["name"], len(sh["columns"]))
    top, left = L.origin(sh)
    for i, text in enumerate(sh["columns"]):
        ws.cell(top - 1, left + i).style = "nb_header"
        ws.cell(top - 1, left + i).value = text
    rows = []
    if b.data is not None and isinstance(b.data.get("explanations"), list):
        rows = [e for e in b.data["explanations"] if isinstance(e, dict)]
    _column_style(ws, left + 5, "nb_input_text")
    for i, e in enumerate(rows):
        values = [None, e.get("rule"), None, e.get("path"), None, e.get("text")]
        for j, v in enumerate(values):
            _text(b, ws.cell(top + i, left + j), v, "nb_input_text" if j == len(values) - 1 else "nb_cell")
    _columns(ws, [8, 8, 24, 30, 80, 40], left)
    _page(ws, True, f"{top - 1}:{top - 1}")
    _protect(ws, rows=True)


def _instructions(b: _Build, ws, sh: dict) -> None:
    schema = b.schema
    fx = schema["x-format"]
    names = dict(format_name=fx["name"], format_id=fx["id"], template_version=fx["template_version"],
                 schema_hash=S.schema_hash(fx["id"]))
    ws.cell(1, 1).style = "nb_title"
    ws.cell(1, 1).value = sh["title"].format(**names)
    r0, c0 = L.parse_ref(sh["stamp"])
    ws.cell(r0, c0).style = "nb_note"
    ws.cell(r0, c0).value = sh["stamp_text"].format(**names)
    _merge(ws, r0, c0, 1, 3)
    width = 112
    _columns(ws, [12, 12, 88])
    row = r0 + 2

    def heading(text: str) -> None:
        nonlocal row
        c = ws.cell(row, 1)
        c.style = "nb_caption"
        c.alignment = Alignment(horizontal="left")
        c.border = Border()
        c.value = text
        row += 1

    def para(text: str, col: int = 1, span: int = 3, style: str = "nb_text") -> None:
        c = ws.cell(row, col)
        c.style = style
        c.value = text
        _merge(ws, row, col, 1, span)
        _fit(ws, row, text, width if col == 1 else 100)

    heading(sh["headings"]["how"])
    for i, text in enumerate(sh["paragraphs"], 1):
        para(f"{i}. " + text.format(**names))
        row += 1
    row += 1
    heading(sh["headings"]["legend"])
    for item in sh["legend"]:
        fill, colour = COLOURS[item["style"]]
        sample = ws.cell(row, 1)
        sample.style = "nb_cell"
        sample.fill = _fill(fill)
        if item["style"] in ("bad", "warn"):
            sample.font = Font(name=FONT, color=colour, bold=True)
            sample.value = 1
        para(item["text"], 2, 2)
        row += 1
    row += 1
    heading(sh["headings"]["sheets"])
    for other in L.sheets(schema):
        if other["kind"] == "instructions":
            continue
        what = other.get("caption") or (S.title(schema, other["path"]) if other.get("path") else None) or other.get("note", "")
        c = ws.cell(row, 1)
        c.style = "nb_cell"
        c.value = other["name"]
        _merge(ws, row, 1, 1, 2, "nb_cell")
        para(what if what != other["name"] else other.get("note", ""), 3, 1, "nb_cell")
        row += 1
    row += 1
    heading(sh["headings"]["rules"])
    for i, text in enumerate(sh["rule_columns"]):
        ws.cell(row, 1 + i).style = "nb_header"
        ws.cell(row, 1 + i).value = text
    row += 1
    seen = set()
    sev = M.WORKBOOK_UI["severity"]
    rules = [(r["id"], r["severity"], r["description"]) for r in schema["x-rules"]]
    rules += [(rid, s, d) for rid, (s, d, _) in M.WORKBOOK_RULES.items()]
    for rid, severity, text in rules:
        if (rid, text) in seen:
            continue
        seen.add((rid, text))
        for j, v in enumerate((rid, sev[severity])):
            ws.cell(row, 1 + j).style = "nb_cell"
            ws.cell(row, 1 + j).value = v
        para(text, 3, 1, "nb_cell")
        row += 1
    _page(ws, False)
    _protect(ws)


BUILDERS = {"instructions": _instructions, "form": _form, "outline": _outline, "table": _table, "results": _results}


def build(fmt: str, data: dict | None = None, org: str | None = None, year: int | None = None) -> tuple[Workbook, list[str]]:
    """A template (``data`` None; ``org``/``year`` prefilled) or a template filled with report data.

    Returns the workbook and notes for the user (values that could not be placed, totals in the
    data that differ from the sums the workbook computes).
    """
    schema = S.load(fmt)
    wb = Workbook()
    wb.remove(wb.active)
    for style in _named_styles():
        wb.add_named_style(style)
    prefill = {"basic.org_name": org, "basic.year": year}
    b = _Build(schema, wb, data, {k: v for k, v in prefill.items() if v is not None})
    for sh in L.sheets(schema):
        ws = wb.create_sheet(sh["name"])
        ws.sheet_view.showGridLines = sh["kind"] != "instructions"
        BUILDERS[sh["kind"]](b, ws, sh)
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True
    wb.calculation.calcMode = "auto"
    wb.security = WorkbookProtection(lockStructure=True)
    fx = schema["x-format"]
    for name, value in ((PROP_FORMAT, fx["id"]), (PROP_VERSION, fx["template_version"]), (PROP_HASH, S.schema_hash(fmt))):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.properties.creator = "nianbao"
    wb.properties.lastModifiedBy = "nianbao"
    wb.properties.title = schema["title"]
    wb.properties.version = fx["template_version"]
    wb.properties.created = wb.properties.modified = STAMP_TIME
    if data is not None:
        b.notes += _fill_notes(schema, data)
    return wb, b.notes


def _fill_notes(schema: dict, data: dict) -> list[str]:
    """Totals in the data that differ from what the workbook computes, and values with no cell."""
    notes = []
    cells = L.cell_map(schema)
    tots = F.totals(schema)

    def num(path: str) -> Any:
        v = S.get(data, path)
        return None if v is S.MISSING else v

    computed = F.recompute(schema, num)
    for path, t in tots.items():
        v = num(path)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v - computed[path]) > 1e-9:
            notes.append(M.FILL["total_differs"].format(cell=t.cell, name=S.label(schema, path), actual=M.num(v),
                                                        expected=M.num(computed[path])))
    for section in ("basic", "t2", "t3", "t4", "fees", "last_year"):
        for path in _leaves(data.get(section), section):
            if path not in cells and S.get(data, path) is not None and path != "last_year.format":
                notes.append(M.FILL["not_placed"].format(name=S.label(schema, path), path=path,
                                                         format_name=S.format_name(schema["x-format"]["id"])))
    return notes


def _leaves(node: Any, prefix: str) -> list[str]:
    if not isinstance(node, dict):
        return [prefix] if node is not None and prefix.count(".") else []
    out = []
    for k, v in node.items():
        out += _leaves(v, f"{prefix}.{k}")
    return out


# ---------------------------------------------------------------- byte-stable output

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CHAR_REF = re.compile(rb"&#(\d+);")


def _literal(match: re.Match) -> bytes:
    n = int(match.group(1))
    return chr(n).encode("utf-8") if n >= 128 else match.group(0)


def _utf8(xml: bytes) -> bytes:
    """openpyxl writes every non-ASCII character as ``&#NNNNN;``: write it as UTF-8 instead
    (a third of the size for Chinese text, and faster to parse). Only for parts in UTF-8."""
    if xml.startswith(b"<?xml"):
        decl = xml[:xml.index(b"?>")].lower()
        if b"encoding" in decl and b"utf-8" not in decl:
            return xml
    return _CHAR_REF.sub(_literal, xml)


def to_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes with fixed timestamps: the same input gives the same bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    stamp = STAMP_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            if info.filename.endswith(".xml"):
                data = _utf8(data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data, compresslevel=6)
    return out.getvalue()


def write(path: str | Path, payload: bytes) -> None:
    """Write an output file beside the inputs (never over one: callers check); Chinese errors."""
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise InputError(M.FILL["output_suffix"].format(path=p, suffix=".xlsx"))
    if not p.parent.is_dir():
        raise InputError(M.FILL["no_dir"].format(path=p))
    tmp = p.with_name(p.name + ".tmp")
    try:
        tmp.write_bytes(payload)
        tmp.replace(p)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise InputError(M.FILL["cannot_write"].format(path=p)) from None


def template_bytes(fmt: str, org: str | None = None, year: int | None = None) -> bytes:
    return to_bytes(build(fmt, org=org, year=year)[0])


def fill_bytes(data: dict) -> tuple[bytes, list[str]]:
    """A template of the data's format filled with the data; the notes say what did not fit."""

    schema = S.for_data(data)
    wb, notes = build(schema["x-format"]["id"], data=data)
    return to_bytes(wb), notes


def committed_template(fmt: str) -> Path:
    return TEMPLATE_DIR / TEMPLATE_NAME.format(fmt=fmt)


# ---------------------------------------------------------------- annotating a copy

def annotate(source: str | Path | bytes, findings: list, out: str | Path, fmt: str, explanations: list | None = None) -> None:
    """Write a copy of a workbook with each finding's cell marked and 校验结果 filled.

    Errors are filled red and warnings yellow, each with a comment; earlier marks are cleared
    first. ``source`` is never written: the copy goes to ``out``.
    """

    schema = S.load(fmt)
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(raw))
    except Exception as e:  # the reader accepted the file; openpyxl may still choke on a part it models
        raise InputError(M.XLSX["bad_xml"].format(file=source if not isinstance(source, bytes) else "工作簿",
                                                  reason=type(e).__name__)) from None
    marks = {v for v in MARK.values()}
    totals = {t.cell for t in F.totals(schema).values()}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                rgb = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                if isinstance(rgb, str) and rgb[-6:] in marks:
                    c.fill = _fill(COLOURS["total" if f"{ws.title}!{c.coordinate}" in totals else "input"][0])
                if c.comment is not None and c.comment.author == "nianbao":
                    c.comment = None
    notes: dict[str, list] = {}
    for f in findings:
        if f.cell:
            notes.setdefault(f.cell, []).append(f)
    for where, fs in notes.items():
        sheet, ref = where.rsplit("!", 1)
        if sheet not in wb.sheetnames:
            continue
        cell = wb[sheet][ref]
        if not hasattr(cell, "column"):
            continue
        worst = ERROR if any(f.severity == ERROR for f in fs) else "warning"
        cell.fill = _fill(MARK[worst])
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
    write(out, buf.getvalue())


def annotate_report(source: str | Path, data: dict, book: dict | None, findings: list, out: str | Path) -> None:
    """``validate --annotate``: mark a copy of the workbook (a JSON report is filled into a template first)."""

    if Path(out).resolve() == Path(source).resolve():
        raise InputError(M.FILL["same_as_input"].format(path=out))
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
            c = ws.cell(r, left + j)
            c.value = values[j]
            if j < 5:
                c.style = "nb_cell" if "nb_cell" in ws.parent.named_styles else "Normal"
            else:
                c.protection = Protection(locked=False)
                c.fill = _fill(COLOURS["input"][0])
            c.hyperlink = None
        if values[6]:
            ws.cell(r, left).fill = _fill(MARK[values[6]])
        if values[2]:
            sheet, ref = values[2].rsplit("!", 1)
            link = ws.cell(r, left + 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{ref}")
            link.font = Font(name=FONT, color="0563C1", underline="single")
        for j, width in ((4, 80), (5, 40)):
            if values[j]:
                _fit(ws, r, values[j], width)


# ---------------------------------------------------------------- kept for callers of the first API

def read(path: str | Path, expected_format: str | None = None) -> tuple[dict, dict]:
    """Read a filled workbook: see ``reader.read``."""
    return reader.read(path, expected_format)


def relocate(findings: list, book: dict) -> list:
    """Merge the reader's findings with the validator's and place them: see ``reader.relocate``."""
    return reader.relocate(findings, book)
