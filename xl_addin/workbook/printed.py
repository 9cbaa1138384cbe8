"""What a published report printed that the standard workbook has no cell for, kept on one more sheet.

Owns: the sheet 「原报告另记」 of a workbook made from a published report (``nianbao import -o
X.xlsx``, ``PROP_SOURCE``): one row per data point the official layout cannot hold — a row of the
other format the report printed (a 2021 report's （六）其他处理 as one row, ``x-legacy``), a section
heading worded otherwise (``headings``), the text printed around a table (``notes``) — with its
label, data path and value; and reading those rows back, so that the workbook gives the same data
and the same findings as the report itself. The rows a legacy row stands for (those under its
group label) are dropped when they were all left blank.
"""
from __future__ import annotations

from typing import Any

from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S

KEPT = ("headings", "notes")            # top-level data the layout has no sheet for, kept as printed


def legacy_paths(schema: dict) -> dict[str, str]:
    """path of each legacy row (``x-legacy``) -> its title."""
    out = {}
    for table in ("t2", "t3", "t4"):
        node = S.subschema(schema, table) or {}
        for key in node.get("properties", {}):
            sub = S.subschema(schema, f"{table}.{key}") or {}
            if sub.get("x-legacy"):
                out[f"{table}.{key}"] = sub.get("title", key)
    return out


def _leaves(node: Any, prefix: str) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, f"{prefix}.{k}")]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, f"{prefix}.{i}")]
    return [(prefix, node)]


def rows(schema: dict, data: dict) -> list[tuple[str, str, Any]]:
    """(label, data path, value) of every printed data point the layout has no cell for."""
    out = []
    for path, title in legacy_paths(schema).items():
        for leaf, v in _leaves(S.get(data, path), path) if isinstance(S.get(data, path), dict) else ():
            out.append((f"{title}（{S.title(schema, leaf)}）", leaf, v))
    for key in KEPT:
        for leaf, v in _leaves(data.get(key), key) if data.get(key) else ():
            out.append((M.WORKBOOK_PRINTED["labels"].get(key, key), leaf, v))
    return out


def write(wb: Any, schema: dict, data: dict, text: Any) -> list[str]:
    """The sheet, when there is anything to keep; returns the data paths written. ``text(cell, value,
    style)`` writes a text as text (never a formula)."""
    kept = rows(schema, data)
    if not kept:
        return []
    ws = wb.create_sheet(M.WORKBOOK_PRINTED["sheet"])
    ws.cell(1, 1).value = M.WORKBOOK_PRINTED["note"]
    for col, head in enumerate(M.WORKBOOK_PRINTED["header"], start=1):
        ws.cell(2, col).value = head
    for r, (label, path, v) in enumerate(kept, start=3):
        text(ws.cell(r, 1), label, "nb_label")
        text(ws.cell(r, 2), path, "nb_label")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            ws.cell(r, 3).value = v
        else:
            text(ws.cell(r, 3), v, "nb_input_text")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 60
    return [path for _, path, _ in kept]


def allowed(schema: dict, path: str) -> bool:
    """Whether a path on the sheet is one it may hold (nothing else of the data is taken from it)."""
    head = path.split(".")[0]
    return head in KEPT or any(path.startswith(p + ".") for p in legacy_paths(schema))


def read_back(schema: dict, data: dict, values: list[tuple[str, Any]]) -> None:
    """Put the sheet's (path, value) rows into the data; the rows a legacy row stands for go when blank."""
    for path, v in values:
        if not allowed(schema, path):
            continue
        parts = path.split(".")
        node: Any = data
        for k, part in enumerate(parts[:-1]):
            nxt_is_index = parts[k + 1].isdigit()
            if isinstance(node, list):
                idx = int(part)
                while len(node) <= idx:
                    node.append([] if nxt_is_index else {})
                node = node[idx]
            else:
                node = node.setdefault(part, [] if nxt_is_index else {})
        last = parts[-1]
        if isinstance(node, list):
            idx = int(last)
            while len(node) <= idx:
                node.append(None)
            node[idx] = v
        elif isinstance(node, dict):
            node[last] = v
    for path, title in legacy_paths(schema).items():
        if isinstance(S.get(data, path), dict):
            for row in _replaced(schema, path.split(".")[0], title):
                values_of = S.get(data, row)
                if isinstance(values_of, dict) and all(x is None for x in values_of.values()):
                    data[path.split(".")[0]].pop(row.split(".", 1)[1], None)


def _replaced(schema: dict, table: str, title: str) -> list[str]:
    """The rows printed under the group label ``title`` in the table's layout."""
    for sh in L.sheets(schema):
        if sh.get("table") != table:
            continue
        placed = L.grid(schema, sh)
        group = next((p for p in placed if p.text == title and p.rs > 1), None)
        if group is None:
            return []
        rows = {p.data.rsplit(".", 1)[0] for p in placed
                if p.data and group.row <= p.row < group.row + group.rs}
        return sorted(rows)
    return []
