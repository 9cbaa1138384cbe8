"""Where every data point lives in the standard workbook, computed from the schema's ``x-layout``.

Owns: expanding a table ``grid`` (rows of label/text/data cells with row and column spans)
into placed cells, the form and outline sheet geometry, and the map data path -> ``表三!E7``.
Pure Python: no openpyxl here, so the validator can locate findings for JSON input too.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from xl_addin.model import schema as S
from xl_addin.model.expand import expand

LEVEL_NAMES = {0: "正文", 1: "一级标题", 2: "二级标题", 3: "三级标题"}
LEVEL_BY_NAME = {v: k for k, v in LEVEL_NAMES.items()}


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(ref: str) -> tuple[int, int]:
    """``"B3"`` -> (row 3, column 2)."""
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    return int(m.group(2)), col_number(m.group(1))


def ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


@dataclass(frozen=True)
class Placed:
    """One cell of an official table, placed on the sheet (1-based row/col)."""
    row: int
    col: int
    rs: int
    cs: int
    text: str | None = None      # fixed header/caption text or an official row label
    data: str | None = None      # data path for an input or total cell
    kind: str = "body"           # caption | header | label | body data


def sheets(schema: dict) -> list[dict]:
    return schema["x-layout"]["sheets"]


def sheet(schema: dict, kind: str | None = None, name: str | None = None, table: str | None = None) -> dict:
    for sh in sheets(schema):
        if (name is None or sh["name"] == name) and (kind is None or sh["kind"] == kind) and (
                table is None or sh.get("table") == table):
            return sh
    raise KeyError(name or kind or table)


def expand_row(schema: dict, spec: dict) -> list[dict]:
    """A grid row's cells with the ``data`` shorthand expanded to one cell per column."""
    cells = []
    for c in spec.get("cells", []):
        if "label" in c:
            c = {**c, "text": S.title(schema, c["label"]), "kind": "label"}
        cells.append(c)
    data = spec.get("data")
    for row_path in ([data] if isinstance(data, str) else data or []):
        node = S.subschema(schema, row_path)
        for col in spec.get("cols") or node["properties"]:
            sub = S.subschema(schema, f"{row_path}.{col}")
            if S.node_numeric(sub):
                cells.append({"data": f"{row_path}.{col}"})
    return cells


def grid(schema: dict, sh: dict) -> list[Placed]:
    """Place a table sheet's grid, starting at its origin, honouring row and column spans."""
    top, left = origin(sh)
    taken: set[tuple[int, int]] = set()
    out = []
    for i, spec in enumerate(sh["grid"]):
        r = top + i
        c = left
        for cell in expand_row(schema, spec):
            while (r, c) in taken:
                c += 1
            rs, cs = cell.get("rs", 1), cell.get("cs", 1)
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            kind = "data" if "data" in cell else cell.get("kind") or spec.get("kind", "label")
            out.append(Placed(r, c, rs, cs, cell.get("text"), cell.get("data"), kind))
            c += cs
    return out


def origin(sh: dict, key: str = "origin") -> tuple[int, int]:
    """(row, column) of a sheet's anchor cell, ``origin`` or another key such as ``fields_origin``."""
    return parse_ref(sh[key])


def grid_size(schema: dict, sh: dict) -> tuple[int, int]:
    """(rows, columns) of a table grid."""
    placed = grid(schema, sh)
    top, left = origin(sh)
    rows = max(p.row + p.rs for p in placed) - top
    cols = max(p.col + p.cs for p in placed) - left
    return rows, cols


def form_cells(sh: dict, key: str = "fields", at: str = "origin") -> dict[str, tuple[int, int]]:
    """A form's fields: path -> (row, value column); the label sits one column to the left."""
    if not sh.get(key):
        return {}
    top, col = origin(sh, at)
    return {path: (top + i, col) for i, path in enumerate(sh[key])}


def table_fields(schema: dict, sh: dict) -> dict[str, tuple[int, int]]:
    """Extra input fields printed below a table grid (e.g. the 采购总金额 unit)."""
    if not sh.get("fields"):
        return {}
    top, left = origin(sh)
    rows, _ = grid_size(schema, sh)
    return {path: (top + rows + 1 + i, left + 1) for i, path in enumerate(sh["fields"])}


def outline_rows(nodes: Any) -> Iterator[tuple[str, int, str]]:
    """Outline nodes as sheet rows: (dotted path suffix, level, text), one row per heading or paragraph."""
    for i, node in enumerate(nodes if isinstance(nodes, list) else []):
        if not isinstance(node, dict):
            continue
        level = node.get("level", 0)
        if level or node.get("heading"):
            yield f"{i}.heading", level if isinstance(level, int) else 0, node.get("heading") or ""
        for j, p in enumerate(node.get("paragraphs") or []):
            yield f"{i}.paragraphs.{j}", 0, p


@functools.lru_cache(maxsize=None)
def _static_cells(fmt: str) -> dict[str, str]:
    schema = S.load(fmt)
    out: dict[str, str] = {}
    for sh in sheets(schema):
        if sh["kind"] == "table":
            for p in grid(schema, sh):
                if p.data:
                    out[p.data] = f"{sh['name']}!{ref(p.row, p.col)}"
            for path, (r, c) in table_fields(schema, sh).items():
                out[path] = f"{sh['name']}!{ref(r, c)}"
        for path, (r, c) in (form_cells(sh).items() if sh["kind"] == "form" else ()):
            out[path] = f"{sh['name']}!{ref(r, c)}"
        for path, (r, c) in form_cells(sh, "fields", "fields_origin").items() if sh["kind"] == "outline" else ():
            out[path] = f"{sh['name']}!{ref(r, c)}"
    return out


def cell_map(schema: dict) -> dict[str, str]:
    """Data path -> ``sheet!cell`` for every fixed data point of a format."""
    return _static_cells(schema["x-format"]["id"])


def _prefixes(path: str) -> Iterator[str]:
    parts = path.split(".")
    for n in range(1, len(parts) + 1):
        yield ".".join(parts[:n])


@functools.lru_cache(maxsize=None)
def _first_cells(fmt: str) -> dict[str, str]:
    """Every prefix of a fixed data path (a row, a table) -> the first cell under it."""
    out: dict[str, str] = {}
    for path, cell in _static_cells(fmt).items():
        for prefix in _prefixes(path):
            out.setdefault(prefix, cell)
    return out


def locator(schema: dict, data: Any = None) -> Callable[[str], str | None]:
    """A function from a data path (dotted or JSON path) to its workbook cell, for one report.

    Outline rows are counted once here, so locating many findings stays linear in their number.
    """
    static, first = cell_map(schema), _first_cells(schema["x-format"]["id"])
    outlines: dict[str, tuple[dict[str, str], str]] = {}
    for sh in sheets(schema):
        if sh["kind"] == "outline" and data is not None:
            top, left = origin(sh)
            rows: dict[str, str] = {}
            for k, (sub, _, _) in enumerate(outline_rows(S.get(data, sh["path"]))):
                for prefix in _prefixes(sub):
                    rows.setdefault(prefix, f"{sh['name']}!{ref(top + k, left + 1)}")
            outlines[sh["path"]] = (rows, f"{sh['name']}!{ref(top, left + 1)}")

    def cell_of(path: str) -> str | None:
        path = S.from_json_path(path) if path.startswith("$") else path
        if path.startswith("last."):
            path = "last_year." + path[5:]
        if path in static:
            return static[path]
        head, _, rest = path.partition(".")
        if head in outlines:
            rows, top = outlines[head]
            return rows.get(rest, top)
        return first.get(path)       # a row or table path: its first cell

    return cell_of


def cell_of(schema: dict, path: str, data: Any = None) -> str | None:
    """The workbook cell of a data path; outline paths need the data to count rows."""
    return locator(schema, data)(path)


# ---------------------------------------------------------------- check rows below a table

@dataclass(frozen=True)
class CheckRow:
    """A row of check cells for one ``equation`` rule (``x-layout`` ``checks``), below a table."""
    rule_id: str
    severity: str
    row: int
    label: str
    label_col: int
    label_cs: int
    cells: tuple  # ((column, expanded rule), …)


def check_rows(schema: dict, sh: dict) -> list[CheckRow]:
    """Place a table sheet's ``checks``: below the grid and its fields, after one blank row.

    The expanded rules of one check share a row when their ``at`` cells are in distinct columns
    (``foreach`` col, e.g. T3-1); otherwise each gets its own row (``foreach`` row, e.g. T2-2).
    The label spans from the table's first column to the column before the first check cell.
    """

    if not sh.get("checks"):
        return []
    cells = cell_map(schema)
    top, left = origin(sh)
    nrows, _ = grid_size(schema, sh)
    fields = sh.get("fields") or []
    row = top + nrows + 1 + (len(fields) + 1 if fields else 0)
    out = []
    for spec in sh["checks"]:
        rule = next(r for r in schema["x-rules"] if r["id"] == spec["rule"] and r["kind"] == "equation")
        placed = []
        for r in expand(rule):
            sheet, at = cells[r["at"]].split("!")
            if sheet != sh["name"]:
                raise ValueError(f"check {spec['rule']}: {r['at']} is not on {sh['name']}")
            placed.append((*parse_ref(at), r))
        one_row = len({c for _, c, _ in placed}) == len(placed)
        for group in ([placed] if one_row else [[p] for p in placed]):
            first = min(c for _, c, _ in group)
            name = "" if one_row else S.title(schema, group[0][2]["at"].rsplit(".", 1)[0])
            out.append(CheckRow(rule["id"], rule["severity"], row, spec["label"].format(name=name),
                                left, first - left, tuple((c, r) for _, c, r in group)))
            row += 1
    return out
