"""A workbook held as cell values in memory (what an Excel or WPS client posts), read like a package.

Owns: turning the values a client sends (one 2-D list per sheet; dates as ISO text; ``""`` for
an empty cell; an error cell as its text, ``"#DIV/0!"``) into the ``Cell`` records the workbook
reader reads from a file, so that a button click is read by the same reader as a file, without
writing and re-parsing a workbook.

Every client sends an error cell as the text the cell shows: Office.js ``Range.values`` does, the
VBA client's JSON encoder (``WebHelpers.ConvertToJson``) maps CVErr codes to it, and the WPS
add-in reads ``Range.Text`` for a cell whose ``Value2`` is a CVErr code. Such a text becomes an
``ErrorValue``, as in a file. (Typing ``#N/A`` into a cell makes it an error value in Excel and
WPS too; only a cell formatted as text could hold the same characters as text.)
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping, Sequence

from xl_addin.model.layout import parse_ref
from xl_addin.xlsx.package import Cell, ErrorValue

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$")
# What a spreadsheet shows for an error value (Excel's ErrorCellValue kinds, ET's XlCVError).
ERROR_TEXTS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                         "#SPILL!", "#CALC!", "#FIELD!", "#CONNECT!", "#BLOCKED!", "#UNKNOWN!", "#BUSY!",
                         "#EXTERNAL!", "#PYTHON!"})


def wire_value(v: Any) -> Any:
    """A cell value as the Excel clients send it -> the value the file reader would give."""
    if v == "":
        return None                                   # Office.js sends "" for an empty cell
    if isinstance(v, str):
        if v in ERROR_TEXTS:
            return ErrorValue(v)
        m = _ISO.match(v)                             # both clients send dates as ...T..:..:...000Z
        if m:
            y, mo, d, h, mi, s = map(int, m.groups())
            try:
                return dt.datetime(y, mo, d, h, mi, s)
            except ValueError:
                return v
    return v


def _cell(v: Any) -> Cell | None:
    v = wire_value(v)
    if v is None:
        return None
    if isinstance(v, bool):
        return Cell(v, "b")
    if isinstance(v, (int, float)):
        return Cell(int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53 else v, "n")
    if isinstance(v, dt.datetime):
        return Cell(v, "d")
    if isinstance(v, ErrorValue):
        return Cell(v, "e")
    return Cell(str(v), "s")                          # a text that starts with "=" is text, not a formula


class GridPackage:
    """The package interface the reader uses (``sheets``, ``names``, ``cells``, ``custom_properties``)
    over sheet values; ``formulas`` (``sheet!A1`` -> ``=…``) put formulas where the client sent their
    results, which become the formulas' saved results (as in a file Excel saved)."""

    def __init__(self, sheets: Mapping[str, Sequence[Sequence[Any]]], formulas: Mapping[str, str] | None = None):
        self._values = sheets
        self.sheets = {name: name for name in sheets}
        self.names = set(self.sheets.values())
        self._formulas: dict[str, dict[tuple[int, int], str]] = {}
        for where, formula in (formulas or {}).items():
            sheet, ref = where.rsplit("!", 1)
            self._formulas.setdefault(sheet, {})[parse_ref(ref)] = formula

    def custom_properties(self) -> dict[str, str]:
        return {}                                     # clients send values only: the stamp identifies

    def cells(self, sheet: str, max_row: int | None = None, max_col: int | None = None) -> dict[tuple[int, int], Cell]:
        out: dict[tuple[int, int], Cell] = {}
        rows = self._values[sheet] or []
        for r, row in enumerate(rows[:max_row] if max_row is not None else rows, start=1):
            for c, v in enumerate((row or [])[:max_col] if max_col is not None else (row or []), start=1):
                cell = _cell(v)
                if cell is not None:
                    out[(r, c)] = cell
        for (r, c), formula in self._formulas.get(sheet, {}).items():
            if (max_row is None or r <= max_row) and (max_col is None or c <= max_col):
                shown = out.get((r, c))            # what the client showed: the formula's saved result
                out[(r, c)] = Cell(formula, "f", shown.value if shown is not None else None)
        return out
