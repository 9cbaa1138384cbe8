"""A number cell written with its unit (「251000元」, 「2笔」, 「75394432.52元」): what it says, in the
field's own unit.

Owns: the units a numeric field may be written with (the schema's ``x-units``: each unit's size in
a common base, e.g. 元 1 and 万元 10000; the field's own unit is ``x-unit-is``, or what its unit
field (``x-unit``) says, or the unit written), reading a cell's text into an ``Amount`` (a cell
holding several quantities, 「2笔 984361元」, is read by the one whose unit the field takes), and the
wording of the S-2 finding every route gives for such a cell. No I/O.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from xl_addin.model import schema as S

_QUANTITY = re.compile(r"([-+]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*([^\s0-9.,+\-]+)")


@dataclass(frozen=True)
class Amount:
    written: str                 # the cell as written
    number: int | float          # the number as written
    unit: str                    # the unit as written
    value: int | float           # in the field's own unit
    field_unit: str | None       # the field's own unit (None for counts)


@functools.lru_cache(maxsize=None)
def units(fmt: str, path: str) -> tuple[tuple[tuple[str, float], ...], str | None, str | None]:
    """((unit, size) longest first, the field's fixed unit, the path of its unit field)."""
    node = S.subschema(S.load(fmt), path) or {}
    table = node.get("x-units") or {}
    return (tuple(sorted(table.items(), key=lambda kv: -len(kv[0]))), node.get("x-unit-is"), node.get("x-unit"))


def _clean(number: float) -> int | float:
    number = round(number, 6)
    return int(number) if float(number).is_integer() else number


def read(text: str, fmt: str, path: str, unit_value: str | None = None) -> Amount | None:
    """The amount a numeric field's text says with its unit, or None when it says none (a plain
    number, a word, a unit the field does not take, a fraction in a count)."""
    table, fixed, unit_field = units(fmt, path)
    if not table or not isinstance(text, str):
        return None
    sizes = dict(table)
    t = unicodedata.normalize("NFKC", text).strip()
    found = []
    for m in _QUANTITY.finditer(t):
        unit = next((u for u, _ in table if m.group(2).startswith(u)), None)
        if unit is not None:
            found.append((m.group(1), unit))
    if len(found) != 1:
        return None
    digits, unit = found[0]
    number = float(digits.replace(",", ""))
    target = fixed or ((unit_value if unit_value in sizes else unit) if unit_field else None)
    value = number * sizes[unit] / sizes[target] if target else number
    value = _clean(value)
    node = S.subschema(S.load(fmt), path) or {}
    if "integer" in S.types(node) and not float(value).is_integer():
        return None
    return Amount(text, _clean(number), unit, value, target)


def shown(a: Amount) -> str:
    """How the amount was read, for the S-2 message: 「25.1万元」, 「2」."""
    return f"{_number_text(a.value)}{a.field_unit or ''}"


def _number_text(v: int | float) -> str:
    return f"{v:f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)
