"""The standard workbook as a whole: a template of a format (optionally with 机关名称 and year), or a
template filled with report data; the template stamp (custom document properties) and the notes
on what the data says differently from the workbook (totals, values with no cell).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.protection import WorkbookProtection

from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.workbook import printed
from xl_addin.workbook.reader import PROP_FORMAT, PROP_HASH, PROP_SOURCE, PROP_VERSION, SOURCE_PUBLISHED
from xl_addin.workbook.sheets import BUILDERS, Build, _text
from xl_addin.workbook.styles import named_styles
from xl_addin.workbook.writer import STAMP_TIME, to_bytes

TEMPLATE_DIR = S.resource_dir("workbook_templates")
TEMPLATE_NAME = "年报模板-{fmt}.xlsx"


def build(fmt: str, data: dict | None = None, org: str | None = None, year: int | None = None,
          as_printed: bool = False) -> tuple[Workbook, list[str]]:
    """A template (``data`` None; ``org``/``year`` prefilled) or a template filled with report data.

    ``as_printed``: the data is a published report read as published; its totals are written as
    printed (a blank total stays blank, a wrong one stays wrong) instead of formulas, and the
    workbook says so (``PROP_SOURCE``), so that reading it back gives the same data and the same
    findings as the report itself. Returns the workbook and notes for the user (values that could
    not be placed, totals in the data that differ from the sums the workbook computes).
    """
    schema = S.load(fmt)
    wb = Workbook()
    wb.remove(wb.active)
    for style in named_styles():
        wb.add_named_style(style)
    prefill = {"basic.org_name": org, "basic.year": year}
    b = Build(schema, wb, data, {k: v for k, v in prefill.items() if v is not None}, as_printed=as_printed)
    for sh in L.sheets(schema):
        ws = wb.create_sheet(sh["name"])
        ws.sheet_view.showGridLines = sh["kind"] != "instructions"
        BUILDERS[sh["kind"]](b, ws, sh)
    kept = printed.write(wb, schema, data, lambda cell, v, style: _text(b, cell, v, style)) if as_printed and data else []
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True
    wb.calculation.calcMode = "auto"
    wb.security = WorkbookProtection(lockStructure=True)
    fx = schema["x-format"]
    props = [(PROP_FORMAT, fx["id"]), (PROP_VERSION, fx["template_version"]), (PROP_HASH, S.schema_hash(fmt))]
    for name, value in props + ([(PROP_SOURCE, SOURCE_PUBLISHED)] if as_printed else []):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.properties.creator = "nianbao"
    wb.properties.lastModifiedBy = "nianbao"
    wb.properties.title = schema["title"]
    wb.properties.version = fx["template_version"]
    wb.properties.created = wb.properties.modified = STAMP_TIME
    if data is not None:
        b.notes += _fill_notes(schema, data, as_printed, set(kept))
    return wb, b.notes


def _fill_notes(schema: dict, data: dict, as_printed: bool = False, kept: set[str] = frozenset()) -> list[str]:
    """Totals in the data that differ from what the workbook computes (unless kept as printed),
    and values with no cell."""
    notes = []
    cells = L.cell_map(schema)
    tots = F.totals(schema)

    def num(path: str) -> Any:
        v = S.get(data, path)
        return None if v is S.MISSING else v

    computed = F.recompute(schema, num)
    for path, t in tots.items() if not as_printed else ():
        v = num(path)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v - computed[path]) > 1e-9:
            notes.append(M.FILL["total_differs"].format(cell=t.cell, name=S.label(schema, path), actual=M.num(v),
                                                        expected=M.num(computed[path])))
    for section in ("basic", "t2", "t3", "t4", "fees", "last_year"):
        for path in _leaves(data.get(section), section):
            if path not in cells and path not in kept and S.get(data, path) is not None and path != "last_year.format":
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


def template_bytes(fmt: str, org: str | None = None, year: int | None = None) -> bytes:
    return to_bytes(build(fmt, org=org, year=year)[0])


def fill_bytes(data: dict, as_printed: bool = False) -> tuple[bytes, list[str]]:
    """A template of the data's format filled with the data; the notes say what did not fit.
    ``as_printed``: a published report's data, totals kept as printed (see ``build``)."""

    schema = S.for_data(data)
    wb, notes = build(schema["x-format"]["id"], data=data, as_printed=as_printed)
    return to_bytes(wb), notes


def committed_template(fmt: str) -> Path:
    return TEMPLATE_DIR / TEMPLATE_NAME.format(fmt=fmt)
