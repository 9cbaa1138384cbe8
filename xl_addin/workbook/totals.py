"""Checking a workbook's totals against the sums the reader recomputes from the inputs.

Owns: W-2 (a total typed over with another value), W-3 (typed over with the same sum; one finding
per table when several of its totals were, as when a table is pasted as values over its formulas)
and W-4 (a saved result that differs; at the cells holding numbers as text when those explain it;
worded as the error of a term when the total shows an error value that one of its terms shows).
Called by ``reader`` once every input is read; ``r`` is the reader's state (its findings, the cells
each path was read from, the numbers it read from text).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from xl_addin.model import catalogue
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding, Operand
from xl_addin.workbook.values import EMPTY, Unreadable, number_value, show
from xl_addin.xlsx.package import ErrorValue


def json_safe(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.time, dt.datetime, dt.timedelta)):
        return v.isoformat() if hasattr(v, "isoformat") else str(v)
    return v


def check(r: Any, data: dict, totals: dict, cells: dict) -> None:
    """Recompute every total from the inputs; flag totals typed over or saved with another result."""
    schema = r.schema

    def value(path: str) -> Any:
        v = S.get(data, path)
        return None if v is S.MISSING else v

    computed = F.recompute(schema, value)
    w3: list[tuple[str, str, Any, dict]] = []
    for path, t in totals.items():
        if path not in cells:
            continue
        sheet, row, col = cells[path]
        where = f"{sheet}!{L.ref(row, col)}"
        cell = r.grids[sheet].get((row, col), EMPTY)
        expected = computed[path]
        name = S.label(r.schema, path)
        exp = M.num(expected)
        if cell.type == "f":
            text = str(cell.value)
            cached = cell.cached if isinstance(cell.cached, (int, float)) and not isinstance(cell.cached, bool) else None
            shown = cell.cached
            if F.same_formula(text, t.formula):
                if shown is not None and (cached is None or abs(cached - expected) > 1e-9):
                    carried = _errors_among_terms(r, totals, path) if isinstance(shown, ErrorValue) else []
                    if carried:
                        message = M.WORKBOOK_ERROR_CARRIED.format(name=name, shown=show(shown), cells="、".join(carried),
                                                                  expected=exp)
                        r.findings.append(Finding(rule="W-4", severity=catalogue.finding_type("W-4").severity,
                                                  path=S.json_path(path), cell=where, kind="workbook", actual=str(shown),
                                                  expected=expected, message=message))
                    elif not _texts_left_out(r, totals, path, where, cached, expected):
                        r.finding("W-4", path, where, name=name, cached=show(shown) if cached is None else M.num(cached),
                                  expected=exp, _actual=json_safe(shown))
            else:
                typed = M.WORKBOOK_TYPED["formula"].format(value=text if text.startswith("=") else "=" + text)
                if cached is None and shown is None:
                    w3.append((path, where, expected, dict(name=name, typed=typed, result=M.WORKBOOK_RESULT["unknown"],
                                                           expected=exp, _actual=text)))
                elif cached is not None and abs(cached - expected) <= 1e-9:
                    w3.append((path, where, expected, dict(name=name, typed=typed, result=M.WORKBOOK_RESULT["same"],
                                                           expected=exp, _actual=text)))
                else:
                    r.finding("W-2", path, where, name=name, typed=typed, expected=exp, _actual=json_safe(shown))
        else:
            v = number_value(cell)
            if v is None:
                typed, same = M.WORKBOOK_TYPED["blank"], expected == 0
            elif isinstance(v, Unreadable):
                typed, same = M.WORKBOOK_TYPED["text"].format(value=v.raw), False
            else:
                typed, same = M.WORKBOOK_TYPED["number"].format(value=M.num(v)), abs(v - expected) <= 1e-9
            if same:
                w3.append((path, where, expected, dict(name=name, typed=typed, result=M.WORKBOOK_RESULT["same"],
                                                       expected=exp, _actual=json_safe(cell.value))))
            else:
                r.finding("W-2", path, where, name=name, typed=typed, expected=exp, _actual=json_safe(cell.value))
        S.put(data, path, expected)
    _typed_over_alike(r, w3)


def _typed_over_alike(r: Any, w3: list[tuple[str, str, Any, dict]]) -> None:
    """W-3: one finding per total, or one per sheet listing its cells when several totals of a
    table were typed over (a table pasted as values over its formulas)."""
    by_sheet: dict[str, list[tuple[str, str, Any, dict]]] = {}
    for item in w3:
        by_sheet.setdefault(item[1].split("!")[0], []).append(item)
    for sheet, items in by_sheet.items():
        if len(items) == 1:
            path, where, _, fields = items[0]
            r.finding("W-3", path, where, **fields)
            continue
        same = all(f["result"] == M.WORKBOOK_RESULT["same"] for *_, f in items)
        path, where = items[0][0], items[0][1]
        message = M.WORKBOOK_W3_TABLE.format(sheet=sheet, n=len(items), cells="、".join(i[1].split("!")[1] for i in items),
                                             result=M.WORKBOOK_RESULT["same" if same else "some_unknown"].lstrip("，"))
        r.findings.append(Finding(rule="W-3", severity=catalogue.finding_type("W-3").severity, path=S.json_path(path), cell=where,
                                  kind="workbook", message=message,
                                  operands={S.json_path(p): Operand(v, c) for p, c, v, _ in items}))


def _inputs(totals: dict, path: str) -> list[str]:
    """The input paths a total sums, through the totals among its terms, in order, each once."""
    found: list[str] = []
    todo = [path]
    while todo:
        p = todo.pop()
        if p in totals:
            todo.extend(reversed(totals[p].terms))
        elif p not in found:
            found.append(p)
    return found


def _errors_among_terms(r: Any, totals: dict, path: str) -> list[str]:
    """The cells among a total's terms (through the totals it sums) that show an error value: a
    spreadsheet's total shows the error of any of its terms, and recalculating does not change it."""
    found: list[str] = []
    for p in _inputs(totals, path):
        if p in r.cells:
            sheet, ref = r.cells[p].rsplit("!", 1)
            cell = r.grids[sheet].get(L.parse_ref(ref), EMPTY)
            if isinstance(cell.cached if cell.type == "f" else cell.value, ErrorValue):
                found.append(r.cells[p])
    return found


def _texts_left_out(r: Any, totals: dict, path: str, where: str, cached: Any, expected: float) -> bool:
    """A saved total short by exactly the numbers typed as text among its terms (spreadsheets' SUM
    skips text): W-4 at each such cell instead of at the total. False when that does not explain it."""
    leaves = [p for p in _inputs(totals, path) if p in r.texts]
    if cached is None or not leaves or abs(expected - sum(r.texts[p][1] for p in leaves) - cached) > 1e-9:
        return False
    reported = {f.path for f in r.findings if f.rule == "W-4"}
    for p in leaves:
        if S.json_path(p) in reported:
            continue
        text, number = r.texts[p]
        r.findings.append(Finding(rule="W-4", severity=catalogue.finding_type("W-4").severity, path=S.json_path(p), cell=r.cells[p],
                                  kind="workbook", actual=text, expected=number,
                                  message=M.WORKBOOK_TEXT_NUMBER.format(name=S.label(r.schema, p), value=show(text),
                                                                        number=M.num(number), total=where,
                                                                        cached=M.num(cached), expected=M.num(expected))))
    return True
