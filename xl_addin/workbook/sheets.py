"""Building each sheet of the standard workbook from the schema's ``x-layout``: 填表说明, the forms,
the narrative outlines, the tables (labels, input cells, total formulas, data validation, check
rows with conditional formatting) and 校验结果; with protection and print setup.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from xl_addin.errors import InputError
from xl_addin.model import catalogue
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import SEVERITY_CN
from xl_addin.workbook.styles import COLOURS, FONT, fit_row, solid
from xl_addin.xlsx.cells import EXCEL_MAX_CHARS, ILLEGAL, put


@dataclass
class Build:
    schema: dict
    wb: Workbook
    data: dict | None
    prefill: dict
    notes: list[str] = field(default_factory=list)
    dv: dict = field(default_factory=dict)   # (sheet, kind, key) -> DataValidation
    as_printed: bool = False                 # a published report: totals as printed (blank stays blank), no formulas

    @property
    def fmt(self) -> str:
        return self.schema["x-format"]["id"]

    @functools.cached_property
    def published(self) -> dict[str, int | float]:
        """Totals the data gives differently from the sum of their parts: kept as printed.

        A report published with 行政复议 总计 0 (parts 11) must stay wrong in the workbook, so that
        reading it reports the typed-over total (W-2) at that cell instead of hiding the error.
        """
        if self.data is None:
            return {}

        def number(path: str):
            v = S.get(self.data, path)
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

        computed = F.recompute(self.schema, number)
        return {path: v for path in F.totals(self.schema)
                if (v := number(path)) is not None and abs(v - computed[path]) > 1e-9}

    def value(self, path: str) -> Any:
        if self.data is None:
            return self.prefill.get(path)
        v = S.get(self.data, path)
        return None if v is S.MISSING else v


def _text(b: Build, cell, text: Any, style: str) -> None:
    """Write text as text (never as a formula, whatever it starts with)."""
    cell.style = style
    if text is None or text == "":
        return
    s = str(text)
    clean = ILLEGAL.sub("", s)
    if clean != s:
        b.notes.append(M.FILL["text_cleaned"].format(cell=f"{cell.parent.title}!{cell.coordinate}"))
    if len(clean) > EXCEL_MAX_CHARS:
        raise InputError("fill.too_long", sheet=cell.parent.title, cell=f"{cell.parent.title}!{cell.coordinate}",
                         n=len(clean), limit=EXCEL_MAX_CHARS)
    put(cell, clean)


def _validation(b: Build, ws, path: str, cell_ref: str) -> None:
    """Data validation for one input cell from its subschema: whole numbers, decimals or a list."""
    node = S.subschema(b.schema, path) or {}
    types = S.types(node)
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


def _add_dv(b: Build, ws, key: tuple, make, cell_ref: str) -> None:
    k = (ws.title,) + key
    if k not in b.dv:
        dv = make()
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.errorTitle = M.WORKBOOK_UI["dv_title"]
        ws.add_data_validation(dv)
        b.dv[k] = dv
    b.dv[k].add(cell_ref)


def _is_text(b: Build, path: str) -> bool:
    return not S.is_numeric(b.fmt, path)


def _input(b: Build, ws, row: int, col: int, path: str) -> None:
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


def _form(b: Build, ws, sh: dict) -> None:
    top, col = L.origin(sh)
    _head(ws, sh, sh["name"], 3, (2, 1) if top > 3 else (1, 2))
    for i, text in enumerate(sh["columns"]):
        ws.cell(top - 1, col - 1 + i).style = "nb_header"
        ws.cell(top - 1, col - 1 + i).value = text
    _fields(b, ws, L.form_cells(sh))
    _columns(ws, [30, 50, 56])
    _page(ws, False, f"{top - 1}:{top - 1}")
    _protect(ws)


def _fields(b: Build, ws, cells: dict[str, tuple[int, int]]) -> None:
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
        fit_row(ws, r, hint.value or "", 56)
        if _is_text(b, path) and isinstance(ws.cell(r, c).value, str):
            fit_row(ws, r, ws.cell(r, c).value, 50)


def _outline_rows(b: Build, sh: dict) -> list[tuple[int, str, str]]:
    """(level, content, hint) per row: the data's outline, or the prefilled headings with hints."""
    if b.data is not None:
        return [(level, text, "") for _, level, text in L.outline_rows(S.get(b.data, sh["path"]))]
    rows = []
    for node in sh.get("prefill", []):
        if node.get("level") or node.get("heading"):
            rows.append((node["level"], node.get("heading", ""), ""))
        rows.append((0, "", node.get("hint", "")))
    return rows


def _outline(b: Build, ws, sh: dict) -> None:
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
        fit_row(ws, r, text or hint, 90 if text else 40)
    rng = f"{L.ref(top, left)}:{L.ref(top + max(sh['rows'], len(rows) + 20) - 1, left)}"
    _add_dv(b, ws, ("level",), lambda: DataValidation(type="list", formula1='"' + ",".join(levels) + '"',
                                                      error=M.WORKBOOK_UI["dv"]["level"]), rng)
    _columns(ws, [12, 90, 40], left)
    _page(ws, False, f"{top - 1}:{top - 1}")
    _protect(ws, rows=True)


def _table(b: Build, ws, sh: dict) -> None:
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
        if p.data and p.data in totals and b.as_printed:
            _input(b, ws, p.row, p.col, p.data)  # as the report printed it: a number, a text, or blank
            _merge(ws, p.row, p.col, p.rs, p.cs, ws.cell(p.row, p.col).style)
        elif p.data and p.data in totals:
            c = ws.cell(p.row, p.col)
            c.style = "nb_total"
            c.value = b.published.get(p.data, totals[p.data].formula)
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
                fit_row(ws, p.row, p.text, sum(sh["col_widths"][p.col - left + i] for i in range(p.cs)))
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
        fit_row(ws, row.row, row.label, width)
        look = "bad" if row.severity == "error" else "warn"
        fill, colour = COLOURS[look]
        for cc in cells:
            _, r, c = F.split_cell(cc.cell)
            cell = ws.cell(r, c)
            cell.style = "nb_check"
            cell.value = cc.formula
            a = f"${L.col_letter(c)}${r}"
            test = f"AND(ISNUMBER({a}),{a}<>0)"
            style = dict(fill=solid(fill), font=Font(color=colour, bold=True))
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


def _results(b: Build, ws, sh: dict) -> None:
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


def _instructions(b: Build, ws, sh: dict) -> None:
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
        fit_row(ws, row, text, width if col == 1 else 100)

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
        sample.fill = solid(fill)
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
    sev = SEVERITY_CN
    rules = [(r["id"], r["severity"], r["description"]) for r in schema["x-rules"]]
    rules += [(t.id, t.severity, t.title) for t in catalogue.catalogue(b.fmt).values() if t.scope == "workbook"]
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
