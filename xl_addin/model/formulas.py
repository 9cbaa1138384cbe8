"""Spreadsheet formulas derived from the schema's rules, shared by the workbook writer and reader.

Owns: which data points are derived totals (one ``SUM`` formula per ``total`` cell of a ``sum``
rule, the first rule wins where two target the same cell), the terms the reader recomputes them
from, the check formulas of ``equation`` rules, and how formula text is compared.
Pure Python: no openpyxl here.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.model.expand import expand


@dataclass(frozen=True)
class Total:
    """A derived total: the cell holds ``formula``; the reader recomputes it as the sum of ``terms``."""
    path: str
    cell: str              # "表三!E29"
    terms: tuple[str, ...]  # data paths placed in the workbook (totals may be terms of other totals)
    formula: str           # "=SUM(E8:E28)"
    rule: str              # the sum rule's id


def _cells(schema: dict) -> dict[str, str]:
    return L.cell_map(schema)


def data_path(path: str) -> str:
    """A rule operand as a data path: ``-last.t2.x`` -> ``last_year.t2.x``."""
    p = path.lstrip("-")
    return "last_year." + p[5:] if p.startswith("last.") else p


def split_cell(cell: str) -> tuple[str, int, int]:
    sheet, ref = cell.rsplit("!", 1)
    row, col = L.parse_ref(ref)
    return sheet, row, col


def _ranges(coords: list[tuple[int, int]]) -> list[str]:
    """Cells of one sheet as compact references: vertical runs, then horizontal runs, then singles."""
    todo = sorted(set(coords), key=lambda rc: (rc[1], rc[0]))
    out: list[str] = []
    singles: list[tuple[int, int]] = []
    i = 0
    while i < len(todo):
        j = i
        while j + 1 < len(todo) and todo[j + 1][1] == todo[i][1] and todo[j + 1][0] == todo[j][0] + 1:
            j += 1
        if j > i:
            out.append(f"{L.ref(*todo[i])}:{L.ref(*todo[j])}")
        else:
            singles.append(todo[i])
        i = j + 1
    singles.sort()
    i = 0
    while i < len(singles):
        j = i
        while j + 1 < len(singles) and singles[j + 1][0] == singles[i][0] and singles[j + 1][1] == singles[j][1] + 1:
            j += 1
        out.append(f"{L.ref(*singles[i])}:{L.ref(*singles[j])}" if j > i else L.ref(*singles[i]))
        i = j + 1
    return out


def refs(cells: list[str], home: str) -> list[str]:
    """References to cells as written in a formula on sheet ``home`` (other sheets quoted)."""
    by_sheet: dict[str, list[tuple[int, int]]] = {}
    order: list[str] = []
    for c in cells:
        sheet, row, col = split_cell(c)
        if sheet not in by_sheet:
            order.append(sheet)
        by_sheet.setdefault(sheet, []).append((row, col))
    out = []
    for sheet in order:
        prefix = "" if sheet == home else f"'{sheet}'!"
        out += [prefix + r for r in _ranges(by_sheet[sheet])]
    return out


@functools.lru_cache(maxsize=None)
def _totals(fmt: str) -> dict[str, Total]:

    schema = S.load(fmt)
    cells = _cells(schema)
    out: dict[str, Total] = {}
    for rule in schema["x-rules"]:
        if rule["kind"] != "sum":
            continue
        for r in expand(rule):
            total = r["total"]
            if total not in cells or total in out:
                continue
            terms = tuple(t for t in r["terms"] if t in cells)
            home = split_cell(cells[total])[0]
            formula = "=SUM(" + ",".join(refs([cells[t] for t in terms], home)) + ")"
            out[total] = Total(total, cells[total], terms, formula, r["id"])
    return out


def totals(schema: dict) -> dict[str, Total]:
    """Every derived total of a format, keyed by data path, in rule order."""
    return _totals(schema["x-format"]["id"])


def recompute(schema: dict, value: "callable") -> dict[str, float | int]:
    """Each total recomputed from the inputs: ``value(path)`` gives an input's number (None counts 0)."""
    tots = totals(schema)
    done: dict[str, float | int] = {}

    def get(path: str, stack: tuple[str, ...] = ()) -> float | int:
        if path in done:
            return done[path]
        if path not in tots:
            v = value(path)
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0
        if path in stack:  # a cycle in the schema: the template would show a circular reference
            raise ValueError(f"circular totals: {' -> '.join(stack + (path,))}")
        s = sum(get(t, stack + (path,)) for t in tots[path].terms)
        if isinstance(s, float):
            s = round(s, 9)
            if s.is_integer():
                s = int(s)
        done[path] = s
        return s

    for p in tots:
        get(p)
    return done


@dataclass(frozen=True)
class CheckCell:
    """The check cell of one expanded ``equation`` rule: Σ left − Σ right, 0 when balanced."""
    rule: dict
    cell: str        # "表三!E32"
    at: str          # the cell the rule reports at, "表三!E29"
    formula: str


def check_formula(schema: dict, rule: dict, home: str) -> str:
    """``=ROUND(SUM(left)-SUM(right),6)``; rules that skip blanks show "" until every operand is a number."""
    cells = _cells(schema)
    pos: list[str] = []
    neg: list[str] = []
    for side, sign in ((rule["left"], 1), (rule["right"], -1)):
        for term in side:
            c = cells.get(data_path(term))
            if c is None:
                continue
            (pos if (sign if not term.startswith("-") else -sign) > 0 else neg).append(c)
    expr = "SUM(" + ",".join(refs(pos, home)) + ")" if pos else "0"
    if neg:
        expr += "-SUM(" + ",".join(refs(neg, home)) + ")"
    expr = f"ROUND({expr},6)"
    if rule["missing"] == "skip":
        every = refs(pos + neg, home)
        expr = f'IF(COUNT({",".join(every)})<{len(pos) + len(neg)},"",{expr})'
    return "=" + expr


def checks(schema: dict, sh: dict) -> list[tuple[L.CheckRow, list[CheckCell]]]:
    """The check rows of a table sheet with one formula per check cell."""
    cells = _cells(schema)
    out = []
    for row in L.check_rows(schema, sh):
        cc = [CheckCell(rule, f"{sh['name']}!{L.ref(row.row, col)}", cells[rule["at"]],
                        check_formula(schema, rule, sh["name"])) for col, rule in row.cells]
        out.append((row, cc))
    return out


_NOISE = re.compile(r"[\s$]")


def same_formula(a: str, b: str) -> bool:
    """Formula texts equal up to case, spaces, ``$`` anchors and the ``_xlfn.`` prefix."""
    def norm(f: str) -> str:
        f = f.lstrip("=")
        return _NOISE.sub("", f).upper().replace("_XLFN.", "")
    return norm(a) == norm(b)
