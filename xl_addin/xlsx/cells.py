"""Writing a value into a workbook cell so that nothing from an input ever becomes a formula.

Owns: the one way every workbook we produce (审查.xlsx, 汇总.xlsx, the annotated copy, a filled
template, the roll-up's report sheets) writes a cell whose value may come from a user's file:
an office's name, a file name, printed text, a message quoting them. openpyxl turns any string
that starts with ``=`` into a formula (``=HYPERLINK(…)`` a link, ``=cmd|' /C calc'!A0`` a DDE
command); ``put`` stores every string as a string (``t="inlineStr"``, never ``<f>``), numbers as
numbers, shows a GBK file name as Chinese, and drops the control characters a cell cannot hold. Our own formulas (the template's
totals and checks, the results sheet's links) are written by their builders, never through here.
The buttons' clients write values as if typed (Excel's and WPS's ``Range.Value``, Office.js
``values``): ``typed_as_text`` gives them text that stays text there.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as ILLEGAL  # what a cell cannot hold

from xl_addin import display

EXCEL_MAX_CHARS = 32767                 # the most characters an Excel cell holds
TRUNCATED = "……"
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: Any, limit: int = EXCEL_MAX_CHARS) -> str:
    """``value`` as cell text: a GBK file name decoded (``display.text``), control characters and
    undecodable bytes dropped, at most ``limit`` characters."""
    text = _SURROGATE.sub("\ufffd", ILLEGAL.sub("", display.text(value)))
    if len(text) > limit:
        text = text[:limit - len(TRUNCATED)] + TRUNCATED
    return text


def put(cell, value: Any) -> Any:
    """Write ``value`` into an openpyxl ``cell``: None empties it, numbers, booleans and dates stay
    what they are, anything else is written as text (never a formula, whatever it starts with)."""
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, (bool, int, float, dt.date, dt.datetime, dt.time)):
        cell.value = value
    else:
        cell.value = clean_text(value)
        cell.data_type = "s"              # after the assignment: openpyxl made "=…" a formula
    return cell


FORMULA_STARTS = ("=", "+", "-", "@")   # what Excel and WPS take typed input for a formula by


def typed_as_text(value: Any) -> Any:
    """``value`` for a client that writes it as if typed: text that a spreadsheet would take for a
    formula (starting with = + - @) gets a leading apostrophe, which keeps it text and is not shown;
    anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def put_at(ws, row: int, column: int, value: Any):
    """``put`` into the cell at (row, column) of ``ws``; the cell."""
    return put(ws.cell(row=row, column=column), value)


def append(ws, values: Iterable[Any]) -> int:
    """Write ``values`` as the next row of ``ws`` (like ``ws.append``, through ``put``); its row number."""
    row = ws._current_row + 1             # where openpyxl's own append would write
    for column, value in enumerate(values, start=1):
        put_at(ws, row, column, value)
    return row
