"""Reading a report from a file the user gave us: JSON data or a filled workbook.

Owns: every check that turns a bad file into an ``InputError`` (exit 2) with a Chinese message
naming the file. Never writes to the input.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xl_addin.errors import InputError
from xl_addin.model import schema as S
from xl_addin.workbook import reader
from xl_addin.xlsx import filecheck

MAX_JSON_BYTES = 10 * 1024 * 1024


def _reject_constant(name: str) -> Any:
    raise ValueError(f"不支持的数值 {name}")


def read_json(path: str | Path) -> Any:
    """Load JSON data; InputError for a missing, oversized, non-UTF-8 or malformed file."""
    p = Path(path)
    if not p.is_file():
        raise InputError("data.missing", p)
    if p.stat().st_size > MAX_JSON_BYTES:
        raise InputError("data.too_big", p, mb=MAX_JSON_BYTES // 1024 // 1024)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("data.not_utf8", p) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise InputError("data.bad_json", p, line=e.lineno, column=e.colno) from None
    except (ValueError, RecursionError) as e:
        raise InputError("data.bad_json_value", p, reason=str(e)) from None


def read_report(path: str | Path, fmt: str | None = None) -> tuple[dict, dict | None]:
    """(report data, workbook info or None) from a JSON file or a workbook.

    ``fmt``: the format the caller needs; a report of the other format is an InputError.
    """
    if filecheck.is_workbook(path):
        return reader.read(path, fmt)
    data = read_json(path)
    schema = S.for_data(data, str(path))  # InputError unless it declares a known format
    actual = schema["x-format"]["id"]
    if fmt and actual != fmt:
        raise InputError("data.wrong_format", path, actual=S.format_name(actual), expected=S.format_name(fmt))
    return data, None
