"""Which action types each xlwings client applies, read from the installed client sources.

The VBA client (``xlwings/addin/Remote.bas``) runs ``Application.Run action("func"), wb,
action``: every ``Sub <name>(wb As Workbook, action As Dictionary)`` is an action. The Office.js
client (``xlwings_server/static/js/custom-scripts/index.js``) dispatches through its ``funcs``
object. The tests check ``scripts.ALLOWED_ACTIONS`` against the intersection and every answer
against ``ALLOWED_ACTIONS``.
"""
from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path


def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def vba_actions() -> frozenset[str]:
    source = (_package_dir("xlwings") / "addin" / "Remote.bas").read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r"^Sub (\w+)\(wb As Workbook, action As Dictionary\)", source, re.M))


def officejs_actions() -> frozenset[str]:
    source = (_package_dir("xlwings_server") / "static" / "js" / "custom-scripts" / "index.js").read_text(
        encoding="utf-8")
    body = source[source.index("let funcs = {"):]
    body = body[: body.index("};")]
    return frozenset(re.findall(r"^\s+(\w+):", body, re.M))
