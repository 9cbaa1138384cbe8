"""Expanding the schema's rules: a rule with ``foreach`` becomes one rule per value (no I/O).

Shared by the rule engine (``check.rules``), the workbook formulas and the layout's check rows,
so that none of them needs the other.
"""
from __future__ import annotations

from typing import Any, Iterator


def expand(rule: dict) -> Iterator[dict]:
    """A rule with ``foreach`` becomes one rule per value, with ``{var}`` substituted."""
    if "foreach" not in rule:
        yield rule
        return
    (var, values), = rule["foreach"].items()

    def sub(x: Any, v: str) -> Any:
        if isinstance(x, str):
            return x.replace("{" + var + "}", v)
        if isinstance(x, list):
            return [sub(i, v) for i in x]
        if isinstance(x, dict):
            return {k: sub(i, v) for k, i in x.items()}
        return x

    for v in values:
        r = {k: sub(x, v) for k, x in rule.items() if k != "foreach"}
        r["_var"] = var
        yield r


_EXPANDED: dict[int, tuple[list[dict], list[dict]]] = {}


def expanded(rules: list[dict]) -> list[dict]:
    """The rules with ``foreach`` expanded, computed once per rules list."""
    hit = _EXPANDED.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = _EXPANDED[id(rules)] = (rules, [r for rule in rules for r in expand(rule)])
    return hit[1]
