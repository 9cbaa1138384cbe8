"""What the schema says to sum and show in a roll-up: the summable numbers, unit fields, key figures,
the 办理结果 groups, and the cell-by-cell sum of many reports (no I/O).
"""
from __future__ import annotations

from typing import Any

from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.expand import expand

AMOUNT_UNITS = {"元": 1, "万元": 10000}   # for summing 2019-format amounts written in different units


def summable(fmt: Any) -> list[str]:
    """Every numeric data point of the tables and fields, in workbook order (basic/last year excluded)."""
    if fmt not in S.FORMATS:
        return []
    return list(_summable(fmt))


_CACHE: dict[tuple[str, str], tuple] = {}


def _summable(fmt: str) -> tuple:
    hit = _CACHE.get(("sum", fmt))
    if hit is None:
        schema = S.load(fmt)
        hit = tuple(p for p in L.cell_map(schema) if not p.startswith(("basic.", "last_year.", "preamble"))
                    and S.is_numeric(fmt, p))
        _CACHE[("sum", fmt)] = hit
    return hit


def unit_paths(fmt: Any) -> list[str]:
    """Unit fields (``t2.procurement.amount_unit``): an amount's sibling ``<name>_unit``."""
    if fmt not in S.FORMATS:
        return []
    hit = _CACHE.get(("unit", fmt))
    if hit is None:
        hit = _CACHE[("unit", fmt)] = tuple(p for p in L.cell_map(S.load(fmt))
                                            if p.endswith("_unit") and p[:-5] in _summable(fmt))
    return list(hit)


def key_figures(fmt: str) -> list[str]:
    """The figures shown side by side in 明细: every table-2 cell, then each row total of the other tables.

    A row total is the ``total`` of a ``sum`` rule whose terms lie in the same row (T3-3, T4-1…).
    """
    schema = S.load(fmt)
    row_totals = set()
    for rule in schema["x-rules"]:
        for r in expand(rule):
            if r["kind"] != "sum":
                continue
            row = r["total"].rsplit(".", 1)[0]
            if all(t.lstrip("-").rsplit(".", 1)[0] == row for t in r["terms"]):
                row_totals.add(r["total"])
    order = _summable(fmt)
    first_table = order[0].split(".")[0] if order else ""
    return [p for p in order if p.split(".")[0] == first_table or p in row_totals]


def outcome_groups(fmt: str) -> list[tuple[str, list[str]]]:
    """(name, paths) of the 办理结果 groups (予以公开 … 其他处理), from the schema's ``x-report``."""
    para = (S.load(fmt).get("x-report") or {}).get("data_paragraph") or {}
    groups = []
    for o in para.get("outcomes", []):
        name = o["text"].split("{")[0]
        groups.append((name, list(o["sum"])))
    return groups


def add_up(reports: list[dict], fmt: str) -> dict:
    """The cell-by-cell sum of the reports' numbers (blank counts as 0); amounts kept in one unit."""
    total: dict = {}
    units = {p: {S.get(r, p) for r in reports} - {S.MISSING} for p in unit_paths(fmt)}
    target = {p: (next(iter(u)) if len(u) == 1 else min(AMOUNT_UNITS, key=AMOUNT_UNITS.get)) for p, u in units.items()}
    for path in _summable(fmt):
        unit_path = path + "_unit"
        s: float = 0
        for r in reports:
            v = S.get(r, path)
            if v is S.MISSING or v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
                continue
            if unit_path in target and target[unit_path] is not None:
                have = S.get(r, unit_path)
                factor = AMOUNT_UNITS.get(have if have in AMOUNT_UNITS else target[unit_path], 1)
                v = v * factor / AMOUNT_UNITS[target[unit_path]]
            s += v
        if isinstance(s, float):
            s = round(s, 6)
            if s.is_integer() and S.is_integer(fmt, path):
                s = int(s)
        S.put(total, path, s)
    for p, unit in target.items():
        if reports:
            S.put(total, p, unit)
    return total


def numbers_of(data: dict) -> dict:
    """The parts of a report the roll-up needs: format, 基本信息 and every summable number."""
    out = {"format": data.get("format"), "basic": data.get("basic")}
    for path in summable(data.get("format")) + unit_paths(data.get("format")):
        v = S.get(data, path)
        if v is not S.MISSING:
            S.put(out, path, v)
    return out


def rollup_basic(fmt: str, year: int, name: str | None) -> dict:
    """基本信息 of the roll-up report: the given name (or “（汇总）”), the year, the first 机关类型 (a government)."""
    kinds = (S.subschema(S.load(fmt), "basic.org_type") or {}).get("enum", [])
    return {"org_name": name or M.ROLLUP_NAME, "year": year, "org_type": kinds[0] if kinds else None}
