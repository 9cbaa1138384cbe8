"""The report's fixed wording filled in from 基本信息: the preamble the format's template prints.

Owns: filling ``x-report.preamble`` from a report's 基本信息 (a contact item whose field is blank
left out of its bracket, a sentence that still needs a blank field left out), so that the report
generator prints it and the import of a published report can tell a printed preamble that is
exactly the template's from one written by hand. Also the key an office's name is matched
by everywhere (``office_key``). Pure: no files, no documents.
"""
from __future__ import annotations

import re
import string
import unicodedata
from typing import Any

from xl_addin.model import messages as M

# Leading and trailing blanks a clerk may type, including the full-width space.
BLANKS = " \t\r\n\u3000\u00a0"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def office_key(name: Any) -> str:
    """The matching key of an office name: NFKC (full-width to half-width), no whitespace at all."""
    if not isinstance(name, str):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def clean(text: Any) -> str:
    """A clerk's text without leading/trailing blanks (the styles do the indent) and without
    control characters, which XML cannot hold (Excel's _x000B_ line breaks and the like)."""
    return _CONTROL.sub("", text).strip(BLANKS) if isinstance(text, str) else ""


def fields(text: str) -> set[str]:
    """The ``str.format`` fields a template uses."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return clean(value)
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return M.num(int(value) if isinstance(value, float) and value.is_integer() else value)


def generated_preamble(data: Any, schema: dict) -> str:
    """The preamble from 基本信息 and the format's template.

    A contact item whose field is blank (``电话：{phone}``) is left out of its bracket; a
    sentence that still needs a blank field (the download sentence without a website) is
    left out entirely, so the preamble never prints a placeholder.
    """
    b = data.get("basic") if isinstance(data, dict) else None
    b = b if isinstance(b, dict) else {}
    values = {k: _shown(v) for k, v in b.items()}
    values["self_name"] = clean(b.get("self_name")) or schema["x-report"]["self_name_default"]
    values["contact"] = clean(b.get("contact")) or clean(b.get("org_name"))
    missing = {f for f in fields(schema["x-report"]["preamble"]) if not values.get(f)}

    def bracket(m: re.Match) -> str:
        items = [i for i in m.group(1).split("，") if not (fields(i) & missing)]
        return f"（{'，'.join(items)}）" if items else ""

    text = re.sub(r"（([^（）]*\{\w+\}[^（）]*)）", bracket, schema["x-report"]["preamble"])
    sentences = [s + "。" for s in text.split("。") if s]
    kept = [s for s in sentences if not (fields(s) & missing)]
    return "".join(kept).format(**{k: values.get(k, "") for k in fields(text)})
