"""Reading a report from a file the user gave us: JSON data or a filled workbook.

Owns: every check that turns a bad file into an ``InputError`` (exit 2) with a Chinese message
naming the file. Never writes to the input.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InputError

MAX_JSON_BYTES = 10 * 1024 * 1024


def _reject_constant(name: str) -> Any:
    raise ValueError(f"不支持的数值 {name}")


def read_json(path: str | Path) -> Any:
    """Load JSON data; InputError for a missing, oversized, non-UTF-8 or malformed file."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}：找不到文件")
    if p.stat().st_size > MAX_JSON_BYTES:
        raise InputError(f"{p}：文件过大（超过{MAX_JSON_BYTES // 1024 // 1024}MB），不是年报数据")
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}：文件不是UTF-8编码的文本，无法读取") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise InputError(f"{p}：不是有效的JSON（第{e.lineno}行第{e.colno}列附近有错误）") from None
    except (ValueError, RecursionError) as e:
        raise InputError(f"{p}：不是有效的JSON（{e}）") from None


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xltx")


def read_report(path: str | Path) -> tuple[dict, dict | None]:
    """(report data, workbook info or None) from a JSON file or a workbook."""
    if is_workbook(path):
        from . import workbook  # heavy: openpyxl
        return workbook.read(path)
    data = read_json(path)
    from .validator import schema_for
    schema_for(data, str(path))  # InputError unless it declares a known format
    return data, None
