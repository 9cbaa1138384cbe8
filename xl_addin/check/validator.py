"""Validating report data: the schema's structure and its ``x-rules``, as one list of findings.

Owns: choosing the schema for a report, turning jsonschema errors into findings with Chinese
messages, attaching last year's data for the cross-year rules, and locating every finding in
the standard workbook. Reading files lives in ``io``; rule kinds live in ``rules``.
"""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from jsonschema import ValidationError

from xl_addin.check import rules as R
from xl_addin.model import catalogue
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding, errors_first

STRUCTURE = catalogue.finding_type("S-1")   # a finding of the data's shape (types, required, unknown keys)


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


def validate(data: Any, last_year: dict | None = None, today: dt.date | None = None) -> list[Finding]:
    """All findings for one report, errors first; ``last_year`` is last year's full report data."""
    schema = S.for_data(data)
    if last_year is not None:
        data = copy.copy(data)
        data["last_year"] = last_year_section(last_year)
    token = R.TODAY.set(today)
    try:
        errors = list(R.ReportValidator(S.compiled(schema["x-format"]["id"])).iter_errors(data))
    finally:
        R.TODAY.reset(token)
    findings = [getattr(e, "finding", None) or schema_finding(schema, e) for e in errors]
    locate = L.locator(schema, data)  # once: it counts the outline rows
    return errors_first(f.at(locate) for f in findings)


# ---------------------------------------------------------------- structural errors

def _type_template(node: dict) -> str:
    types = S.types(node)
    if "integer" in types:
        return "type_count" if node.get("minimum") == 0 else "type_signed"
    if "number" in types:
        return "type_amount"
    if "string" in types:
        return "type_text"
    return "type"


def schema_finding(schema: dict, e: ValidationError) -> Finding:
    """A jsonschema error as a finding: rule id from the failing subschema's ``x-rule-id``."""
    dotted = ".".join(str(p) for p in e.absolute_path)
    node = e.schema if isinstance(e.schema, dict) else {}
    name = S.label(schema, dotted) if dotted else "年报数据"
    value = M.show(e.instance)
    kw = e.validator
    if kw == "required":
        # jsonschema reports each missing property as its own error: "'s1' is a required property"
        key = e.message.split(" is a required property")[0].strip("'\"")
        sub = f"{dotted}.{key}" if dotted else key
        return Finding(rule=STRUCTURE.id, severity=STRUCTURE.severity, path=S.json_path(sub), kind="schema",
                       message=M.SCHEMA["required"].format(name=S.label(schema, sub)))
    if kw == "additionalProperties":
        props = node.get("properties", {})
        extra = [k for k in e.instance if k not in props] if isinstance(e.instance, dict) else []
        return Finding(rule=STRUCTURE.id, severity=STRUCTURE.severity, path=S.json_path(dotted), kind="schema",
                       message=M.SCHEMA["additionalProperties"].format(key="、".join(extra), parent=name))
    if kw == "type":
        template = _type_template(node)
    elif kw == "pattern":
        template = f"pattern_{dotted.split('.')[-1]}" if f"pattern_{dotted.split('.')[-1]}" in M.SCHEMA else "pattern"
    elif kw == "minimum" and e.validator_value:
        template = "minimum_limit"
    elif kw in M.SCHEMA:
        template = kw
    else:
        template = "other"
    message = M.SCHEMA[template].format(
        name=name, value=value, limit=e.validator_value, expected=e.validator_value,
        choices="、".join(str(c) for c in e.validator_value if c is not None) if isinstance(e.validator_value, list) else "",
        detail=e.message)
    return Finding(rule=node.get("x-rule-id", STRUCTURE.id), severity=STRUCTURE.severity, path=S.json_path(dotted), kind="schema",
                   message=message, actual=e.instance if not isinstance(e.instance, (dict, list)) else None)
