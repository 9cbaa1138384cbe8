"""Structural problems worded for a clerk: the full jsonschema validation of a report.

Owns: the ``x-rules`` jsonschema keyword (each rule finding carried as a ValidationError), the
extended validator, checking a schema against the extended metaschema, and turning jsonschema's
errors into findings with Chinese messages. Importing jsonschema costs about 130 ms, so the
validator comes here only when ``precheck`` says the data has a structural problem to word.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Iterator

from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import SchemaError

from xl_addin.check.rules import evaluate
from xl_addin.model import catalogue
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

STRUCTURE = catalogue.finding_type("S-1")   # a finding of the data's shape (types, required, unknown keys)


def x_rules(validator: Any, rules: list[dict], instance: Any, schema: dict) -> Iterator[ValidationError]:
    """The ``x-rules`` keyword: each finding becomes a ValidationError carrying it as ``.finding``."""
    if not isinstance(instance, dict):
        return
    for f in evaluate(rules, instance, schema):
        parts = [int(p) if p.isdigit() else p for p in S.split(S.from_json_path(f.path))]
        err = ValidationError(f.message, validator="x-rules", path=deque(parts))
        err.finding = f
        yield err


def required(validator: Any, keys: list[str], instance: Any, schema: dict) -> Iterator[ValidationError]:
    """``required`` as jsonschema words it, one error per missing key, carrying the key as ``.missing``
    (so that nobody reads it back out of the English message)."""
    if not validator.is_type(instance, "object"):
        return
    for key in keys:
        if key not in instance:
            err = ValidationError(f"{key!r} is a required property")
            err.missing = key
            yield err


ReportValidator = validators.extend(Draft202012Validator, {"x-rules": x_rules, "required": required})


def check_schema(schema: dict) -> None:
    """Raise ``jsonschema.SchemaError`` unless the schema passes the extended metaschema."""
    v = Draft202012Validator(S.metaschema())
    err = next(iter(sorted(v.iter_errors(schema), key=lambda e: e.path)), None)
    if err is not None:
        raise SchemaError.create_from(err)


def findings(schema: dict, data: Any) -> list[Finding]:
    """Every finding of a report, structural ones worded from jsonschema's errors, in its order."""
    errors = ReportValidator(S.compiled(schema["x-format"]["id"])).iter_errors(data)
    return [getattr(e, "finding", None) or schema_finding(schema, e) for e in errors]


def _type_template(node: dict) -> str:
    types = S.types(node)
    if "integer" in types:
        minimum = node.get("minimum")
        return "type_signed" if minimum is None else "type_count" if minimum == 0 else "type_min"
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
        key = e.missing          # one error per missing property (``required`` above)
        sub = f"{dotted}.{key}" if dotted else key
        return Finding(rule=STRUCTURE.id, severity=STRUCTURE.severity, path=S.json_path(sub), kind="schema",
                       message=M.SCHEMA["required"].format(name=S.label(schema, sub)))
    if kw == "additionalProperties":
        props = node.get("properties", {})
        extra = [k for k in e.instance if k not in props] if isinstance(e.instance, dict) else []
        return Finding(rule=STRUCTURE.id, severity=STRUCTURE.severity, path=S.json_path(dotted), kind="schema",
                       message=M.SCHEMA["additionalProperties"].format(key="、".join(extra), parent=name))
    if kw in ("type", "enum", "minLength") and e.instance is None:
        template = "blank"
    elif kw == "type":
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
        name=name, value=value, limit=node.get("minimum") if template == "type_min" else e.validator_value,
        expected=e.validator_value,
        choices="、".join(str(c) for c in e.validator_value if c is not None) if isinstance(e.validator_value, list) else "",
        detail=e.message)
    return Finding(rule=node.get("x-rule-id", STRUCTURE.id), severity=STRUCTURE.severity, path=S.json_path(dotted),
                   kind="schema",
                   message=message, actual=e.instance if not isinstance(e.instance, (dict, list)) else None)
