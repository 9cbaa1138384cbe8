"""A fast structural pre-check derived from a report schema, so that jsonschema stays off the usual path.

Owns: compiling a format's schema (``$ref`` inlined) into plain Python predicates that answer one
question exactly as jsonschema (draft 2020-12) would: does the data pass every structural keyword?
(``x-rules`` are not structure: the validator runs them either way.) When it does, which is the
usual case, the validator runs the rules without importing jsonschema (≈130 ms of a cold
``nianbao validate``); when it does not, jsonschema runs for the Chinese wording of each problem
(``structure``). A keyword this module does not know compiles to "cannot tell", which sends the
data to jsonschema: a mistake here can only cost time, never a finding.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Callable

from xl_addin.model import schema as S

Check = Callable[[Any], bool]

# keywords that never make data invalid (annotations, our x- keywords, definitions)
ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples", "format",
               "deprecated", "readOnly", "writeOnly", "then", "else"}


def _never(_: Any) -> bool:
    return False


def _always(_: Any) -> bool:
    return True


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


TYPES: dict[str, Check] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": _number,
    "integer": lambda v: _number(v) and (isinstance(v, int) or v.is_integer()),   # 12.0 is an integer
}


def _equal(a: Any, b: Any) -> bool:
    """jsonschema's equality: booleans are not numbers, containers compare item by item."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if a != b:
        return False
    return type(a) is type(b) or (_number(a) and _number(b))


def _type(value: Any, node: dict) -> Check:
    checks = [TYPES.get(t, _never) for t in ([value] if isinstance(value, str) else value)]
    return lambda v: any(c(v) for c in checks)


def _properties(value: dict, node: dict) -> Check:
    subs = {k: compile_node(s) for k, s in value.items()}
    return lambda v: not isinstance(v, dict) or all(subs[k](v[k]) for k in subs if k in v)


def _additional(value: Any, node: dict) -> Check:
    if "patternProperties" in node:
        return _never
    known = set(node.get("properties", {}))
    sub = compile_node(value)
    return lambda v: not isinstance(v, dict) or all(sub(v[k]) for k in v if k not in known)


def _required(value: list, node: dict) -> Check:
    return lambda v: not isinstance(v, dict) or all(k in v for k in value)


def _items(value: Any, node: dict) -> Check:
    if "prefixItems" in node:
        return _never
    sub = compile_node(value)
    return lambda v: not isinstance(v, list) or all(sub(x) for x in v)


def _enum(value: list, node: dict) -> Check:
    return lambda v: any(_equal(v, e) for e in value)


def _const(value: Any, node: dict) -> Check:
    return lambda v: _equal(v, value)


def _minimum(value: float, node: dict) -> Check:
    return lambda v: not _number(v) or v >= value


def _maximum(value: float, node: dict) -> Check:
    return lambda v: not _number(v) or v <= value


def _min_length(value: int, node: dict) -> Check:
    return lambda v: not isinstance(v, str) or len(v) >= value


def _max_length(value: int, node: dict) -> Check:
    return lambda v: not isinstance(v, str) or len(v) <= value


def _pattern(value: str, node: dict) -> Check:
    rx = re.compile(value)
    return lambda v: not isinstance(v, str) or rx.search(v) is not None


def _if(value: Any, node: dict) -> Check:
    cond, then, other = compile_node(value), compile_node(node.get("then", True)), compile_node(node.get("else", True))
    return lambda v: then(v) if cond(v) else other(v)


def _not(value: Any, node: dict) -> Check:
    sub = compile_node(value)
    return lambda v: not sub(v)


def _all_of(value: list, node: dict) -> Check:
    subs = [compile_node(s) for s in value]
    return lambda v: all(s(v) for s in subs)


def _any_of(value: list, node: dict) -> Check:
    subs = [compile_node(s) for s in value]
    return lambda v: any(s(v) for s in subs)


def _one_of(value: list, node: dict) -> Check:
    subs = [compile_node(s) for s in value]
    return lambda v: sum(1 for s in subs if s(v)) == 1


KEYWORDS: dict[str, Callable[[Any, dict], Check]] = {
    "type": _type, "properties": _properties, "additionalProperties": _additional, "required": _required,
    "items": _items, "enum": _enum, "const": _const, "minimum": _minimum, "maximum": _maximum,
    "minLength": _min_length, "maxLength": _max_length, "pattern": _pattern, "if": _if, "not": _not,
    "allOf": _all_of, "anyOf": _any_of, "oneOf": _one_of,
}


def compile_node(node: Any) -> Check:
    """A predicate for one (``$ref``-free) subschema; unknown keywords make it answer False."""
    if node is True:
        return _always
    if node is False or not isinstance(node, dict):
        return _never
    checks = []
    for key, value in node.items():
        if key in ANNOTATIONS or key.startswith("x-"):
            continue
        make = KEYWORDS.get(key)
        if make is None:            # "$ref", "patternProperties", "dependentRequired" …: ask jsonschema
            return _never
        checks.append(make(value, node))
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(c(v) for c in checks)


@functools.lru_cache(maxsize=None)
def _checker(fmt: str) -> Check:
    return compile_node(S.compiled(fmt))


def passes(fmt: str, data: Any) -> bool:
    """True when jsonschema would find no structural problem in ``data`` (the rules aside)."""
    try:
        return _checker(fmt)(data)
    except RecursionError:
        return False
