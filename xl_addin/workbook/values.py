"""Cell values of a filled workbook as the report needs them: numbers and texts, or why not.

Owns: what counts as an unambiguous number written as text (" 12 ", "１２", "1,234"), how a
value is shown to a clerk in a message, and the ``Unreadable`` marker the reader turns into W-1/W-6.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from xl_addin.model import messages as M
from xl_addin.xlsx.package import Cell, ErrorValue

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
SPACE = re.compile(r"\s+")
_MINUS = str.maketrans({"\u2212": "-"})  # the minus sign; full-width forms go through NFKC


class Unreadable:
    """A cell value that is not what the field needs (the raw value is kept for the message)."""

    def __init__(self, rule: str, raw: Any, formula: str | None = None):
        self.rule, self.raw, self.formula = rule, raw, formula


# ---------------------------------------------------------------- cell values

EMPTY = Cell(None, "n")


def parse_number(text: str) -> int | float | None:
    """A number written as text: spaces, full-width digits and thousands separators are fine."""
    t = unicodedata.normalize("NFKC", text).translate(_MINUS).strip()
    if _GROUPED.fullmatch(t):
        t = t.replace(",", "")
    if not _NUMBER.fullmatch(t):
        return None
    return int(t) if "." not in t else float(t)


def elapsed(td: dt.timedelta) -> str:
    """A duration as a ``[h]:mm:ss`` format shows it: ``27:30:00``."""
    seconds = round(td.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def show(raw: Any) -> str:
    if isinstance(raw, ErrorValue):
        return "错误值" + raw
    if isinstance(raw, (dt.datetime, dt.date)):
        return "日期" + (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat()
    if isinstance(raw, dt.time):
        return "时间" + raw.isoformat(timespec="seconds")
    if isinstance(raw, dt.timedelta):
        return "时间" + elapsed(raw)
    return M.show(raw)


def _clean_number(v: int | float) -> int | float | Unreadable:
    if isinstance(v, float):
        if not math.isfinite(v):
            return Unreadable("W-1", str(v))
        if v.is_integer():
            return int(v)
    return v


def shown(cell: Cell) -> Any:
    """What a cell shows: its value, or a formula's saved result (W-6 when the file saved none)."""
    if cell.type == "f":
        return Unreadable("W-6", None, str(cell.value)) if cell.cached is None else cell.cached
    return cell.value


def number_value(cell: Cell) -> int | float | None | Unreadable:
    """An input cell of a numeric field: a number, None when blank, or why it cannot be read."""
    v = shown(cell)
    if isinstance(v, Unreadable):
        return v
    if v is None:
        return None
    if isinstance(v, ErrorValue):
        return Unreadable("W-1", v)
    if isinstance(v, bool) or isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return Unreadable("W-1", v)
    if isinstance(v, (int, float)):
        return _clean_number(v)
    if isinstance(v, str):
        if not v.strip():
            return None
        n = parse_number(v)
        return Unreadable("W-1", v) if n is None else _clean_number(n)
    return Unreadable("W-1", str(v))


def text_value(cell: Cell) -> str | None | Unreadable:
    """An input cell of a text field: stripped text, None when blank."""
    v = shown(cell)
    if isinstance(v, Unreadable):
        return v
    if v is None:
        return None
    if isinstance(v, bool):
        v = "TRUE" if v else "FALSE"
    elif isinstance(v, dt.datetime):
        v = v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    elif isinstance(v, (dt.date, dt.time)):
        v = v.isoformat()
    elif isinstance(v, dt.timedelta):
        v = elapsed(v)
    elif isinstance(v, float) and v.is_integer():
        v = str(int(v))
    elif not isinstance(v, str):
        v = str(v)
    v = v.strip()
    return v or None


