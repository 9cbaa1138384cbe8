"""Validating report data: the schema's structure and its ``x-rules``, as one list of findings.

Owns: choosing the schema for a report, attaching last year's data for the cross-year rules,
running the rules (jsonschema only when ``precheck`` finds a structural problem for ``structure``
to word), one structural finding per data point, and locating every finding in the standard
workbook. Rule kinds live in ``rules``.
"""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from xl_addin.check import precheck
from xl_addin.check import rules as R
from xl_addin.model import amounts, catalogue
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding, errors_first


def last_year_section(last: dict) -> dict:
    """The parts of last year's full report that the cross-year rules read (either format)."""
    out: dict[str, Any] = {"year": S.get(last, "basic.year"), "format": last.get("format")}
    if isinstance(last.get("t2"), dict):
        out["t2"] = {row: {c: v for c, v in cols.items() if not isinstance(v, str)}
                     for row, cols in last["t2"].items() if isinstance(cols, dict)}
    carry = S.get(last, "t3.carry_next")
    if isinstance(carry, dict):
        out["t3"] = {"carry_next": dict(carry)}
    for section in ("s1", "s5", "s6"):  # the narrative, for 内容雷同
        if isinstance(last.get(section), list):
            out[section] = last[section]
    return {k: v for k, v in out.items() if v is not None}


def with_units_read(data: dict, schema: dict) -> tuple[dict, list[Finding]]:
    """The data with every table number written with its unit (「251000元」, 「2笔」) read in the
    field's own unit, and one S-2 warning at each such cell saying what was written and how it was
    read. Every route (data, workbook, published report) gives the same finding at the same cell."""
    fmt = schema["x-format"]["id"]
    out, findings = data, []
    for section in ("t2", "t3", "t4"):
        for path, v in _leaves(data.get(section), section):
            if not isinstance(v, str) or not S.is_numeric(fmt, path):
                continue
            _, _, unit_field = amounts.units(fmt, path)
            unit = S.get(data, unit_field) if unit_field else None
            got = amounts.read(v, fmt, path, unit if isinstance(unit, str) else None)
            if got is None:
                continue
            if out is data:
                out = copy.copy(data)
                for name in ("t2", "t3", "t4"):
                    if isinstance(data.get(name), dict):
                        out[name] = copy.deepcopy(data[name])
            S.put(out, path, got.value)
            if unit_field and S.get(out, unit_field) in (None, S.MISSING):
                S.put(out, unit_field, got.field_unit)
            findings.append(Finding(rule="S-2", severity=catalogue.finding_type("S-2").severity, path=S.json_path(path),
                                    kind="unit", actual=v, expected=got.value,
                                    message=catalogue.message("S-2", name=S.label(schema, path), written=v.strip(),
                                                              read=amounts.shown(got))))
    return out, findings


def _leaves(node: Any, prefix: str) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, f"{prefix}.{k}")]
    return [(prefix, node)]


def validate(data: Any, last_year: dict | None = None, today: dt.date | None = None) -> list[Finding]:
    """All findings for one report, errors first; ``last_year`` is last year's full report data."""
    schema = S.for_data(data)
    data, unit_findings = with_units_read(data, schema) if isinstance(data, dict) else (data, [])
    if last_year is not None:
        data = copy.copy(data)
        data["last_year"] = last_year_section(last_year)
    fmt = schema["x-format"]["id"]
    token = R.TODAY.set(today)
    try:
        if precheck.passes(fmt, data):      # the usual case: no structural problem, no jsonschema
            compiled = S.compiled(fmt)
            findings = list(R.evaluate(compiled["x-rules"], data, compiled))
        else:
            # Deferred on purpose (the one heavy import outside cli/): jsonschema only words
            # structural problems, and importing it would double a cold `nianbao validate`.
            from xl_addin.check import structure
            findings = structure.findings(schema, data)
    finally:
        R.TODAY.reset(token)
    cell_of = L.locator(schema, data)          # built once: outline rows counted once per report
    return errors_first(f.at(cell_of) for f in unit_findings + one_per_value(findings))


def one_per_value(findings: list[Finding]) -> list[Finding]:
    """One structural finding per data point: a blank 机关类型 fails both its type and its choices."""
    seen: set[str] = set()
    out = []
    for f in findings:
        if f.kind == "schema":
            if f.path in seen:
                continue
            seen.add(f.path)
        out.append(f)
    return out
