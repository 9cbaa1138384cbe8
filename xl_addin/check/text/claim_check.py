"""Claims against the tables: the ``claims`` rule kind (TX-1 表三, TX-2 表四) and the unchecked list.

Owns: the value of a reading (a blank total is the sum of its parts, from the schema's ``sum``
rules, and the message says so), the comparison of each claim with every reading it allows (a
percentage within its printed precision), and the finding: the sentence quoted, the number as
written, what the table says and its cells. A claim whose cells are blank, or a share of
nothing, is not a finding but an unchecked claim.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Iterator, NamedTuple

from xl_addin.check.text.claims import Claim, Reading, Unchecked, read
from xl_addin.check.text.vocabulary import vocabulary
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.expand import expanded
from xl_addin.model.findings import Finding, Operand

EPS = 1e-9


@functools.lru_cache(maxsize=None)
def _sum_terms(fmt: str) -> dict[str, tuple[str, ...]]:
    """total path -> its terms, from the schema's ``sum`` rules (the first rule naming a total wins)."""
    out: dict[str, tuple[str, ...]] = {}
    for r in expanded(S.load(fmt)["x-rules"]):
        if r["kind"] == "sum" and not r["total"].startswith(("last.", "-")):
            out.setdefault(r["total"], tuple(r["terms"]))
    return out


def _number(v: Any) -> float | int | None:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


class Value(NamedTuple):
    """What the table says for a reading: the sum of its filled cells, and whether every cell was filled."""
    value: float | int | None      # None: nothing filled (or a count with a fraction)
    cells: tuple[str, ...]
    blank: bool                    # a blank total was summed from its parts
    complete: bool                 # every cell filled: the value is the table's, not only a lower bound


def cell_value(data: Any, fmt: str, path: str) -> Value:
    """One cell; a blank total is the sum of its parts (complete only when every part is filled)."""
    v = S.get(data, path)
    if v is S.MISSING:  # a row of the other format (2019's single （六） in a 2021 report): nothing there
        legacy = (S.subschema(S.load(fmt), path.rsplit(".", 1)[0]) or {}).get("x-legacy")
        return Value(0, (), False, True) if legacy and isinstance(S.get(data, path.split(".")[0]), dict) else \
            Value(None, (path,), False, False)
    if isinstance(v, float) and not v.is_integer():
        return Value(None, (path,), False, False)  # a count with a fraction: the schema check reports it
    if _number(v) is not None:
        return Value(v, (path,), False, True)
    terms = _sum_terms(fmt).get(path)
    if not terms:
        return Value(None, (path,), False, False)
    values = [_number(S.get(data, t)) for t in terms]
    if any(isinstance(x, float) and not x.is_integer() for x in values) or all(x is None for x in values):
        return Value(None, (path,), False, False)
    return Value(sum(x or 0 for x in values), terms, True, all(x is not None for x in values))


def reading_value(data: Any, fmt: str, r: Reading, memo: dict | None = None) -> Value:
    """The sum of a reading's cells; with blank cells, the sum of the filled ones (a lower bound)."""
    total, cells, blank, complete, any_value = 0, [], False, True, False
    for c in r.cells:
        got = memo.get(c) if memo is not None else None
        if got is None:
            got = cell_value(data, fmt, c)
            if memo is not None:
                memo[c] = got
        if got.value is None:
            complete = False
            continue
        any_value = True
        total, blank, complete = total + got.value, blank or got.blank, complete and got.complete
        cells += got.cells
    if not any_value and r.cells:
        return Value(None, r.cells, False, False)
    return Value(total, tuple(cells) if complete else r.cells, blank, complete)


# ---------------------------------------------------------------- naming

def _row_name(schema: dict, r: Reading) -> str:
    if r.row_label:
        return r.row_label
    named = [f.label for f in vocabulary(schema).families
             if f.kind == "row" and f.label and f.readings and set(f.readings[0]) == set(r.rows)]
    if named:
        return named[0]
    if len(r.rows) == 1:
        t = S.title(schema, r.rows[0])
        return S.short(schema, r.rows[0]) if t[:1].isdigit() else t
    shorts = [S.short(schema, p) for p in r.rows]
    groups = {re.sub(r"[0-9]+\..*$", "", s) for s in shorts}
    if len(groups) == 1 and groups != {""}:
        return groups.pop() + "合计"
    return "＋".join(shorts)


def reading_name(schema: dict, r: Reading, total_col: str) -> str:
    rows = _row_name(schema, r)
    if r.cols == (total_col,):
        return rows if len(r.rows) > 1 else f"{rows}（{S.title(schema, r.cells[0])}）"
    cols = r.col_label or "＋".join(S.title(schema, f"{r.rows[0]}.{c}") for c in r.cols)
    return f"{rows}（{cols}）"


def cells_text(schema: dict, paths: tuple[str, ...]) -> str:
    """Where cells are: ``表三!J7``, runs as ranges (``表三!C7:H7``, ``表四!H6:J6、M6:O6``)."""
    cmap = L.cell_map(schema)
    refs = [cmap[p] for p in dict.fromkeys(paths) if p in cmap]
    if not refs:
        return ""
    sheets = list(dict.fromkeys(x.split("!")[0] for x in refs))
    out = []
    for sheet in sheets:
        rc = sorted({L.parse_ref(x.split("!")[1]) for x in refs if x.split("!")[0] == sheet})
        rows, cols = {r for r, _ in rc}, {c for _, c in rc}
        if len(rc) > 1 and len(rc) == (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1):  # a full block
            out.append(f"{sheet}!{L.ref(min(rows), min(cols))}:{L.ref(max(rows), max(cols))}")
            continue
        by_row = _runs(rc, lambda a, b: a[0] == b[0] and b[1] == a[1] + 1)
        by_col = _runs(sorted(rc, key=lambda x: (x[1], x[0])), lambda a, b: a[1] == b[1] and b[0] == a[0] + 1)
        runs = by_row if len(by_row) <= len(by_col) else by_col
        text = "、".join(L.ref(*r[0]) + (f":{L.ref(*r[-1])}" if len(r) > 1 else "") for r in runs)
        out.append(f"{sheet}!{text}")
    return "、".join(out)


def _runs(cells: list, adjacent) -> list[list]:
    runs: list[list] = []
    for c in cells:
        if runs and adjacent(runs[-1][-1], c):
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _says(schema: dict, r: Reading, got: Value, total_col: str) -> str:
    template = M.CLAIMS["reading" if got.complete and not got.blank else "blank" if got.complete else "partial"]
    return template.format(name=reading_name(schema, r, total_col), value=M.num(got.value), cells=cells_text(schema, got.cells))


# ---------------------------------------------------------------- checking

def _contradicts(claim: Claim, got: Value) -> bool:
    """Whether what the table says of one reading rules the claim out (blank cells count as unknown, not 0)."""
    if got.value is None:
        return False
    if claim.kind == "at_most":
        return got.complete and claim.value > got.value + EPS
    if got.complete:
        return abs(got.value - claim.value) > EPS
    return got.value > claim.value + EPS  # the filled cells alone already exceed it


def check(claim: Claim, data: Any, schema: dict, rule: dict, total_col: str, memo: dict | None = None) -> Finding | Unchecked | None:
    """A finding when every reading of the claim is ruled out by the table; Unchecked when none can be computed."""
    fmt = schema["x-format"]["id"]
    values = [(r, reading_value(data, fmt, r, memo)) for r in claim.readings]
    known = [(r, got) for r, got in values if got.value is not None]
    if claim.kind == "share":
        return _check_share(claim, data, schema, rule, [(r, got) for r, got in known if got.complete], total_col)
    if claim.kind == "complete":
        return _check_complete(claim, data, schema, rule, known, total_col, memo)
    if not any(got.complete for _, got in known) and not any(_contradicts(claim, got) for _, got in known):
        return Unchecked(claim.section, claim.path, claim.sentence, claim.written, "blank")
    if not all(_contradicts(claim, got) for _, got in values):
        return None
    return _finding(claim, data, schema, rule, known, total_col, claim.kind)


def _finding(claim: Claim, data: Any, schema: dict, rule: dict, known: list, total_col: str, template: str,
             extra: list | None = None) -> Finding:
    table = L.sheet(schema, table=claim.table)["name"]
    says = M.CLAIMS["or"].join(_says(schema, r, got, total_col) for r, got in known)
    if extra:
        says += "；" + "；".join(_says(schema, r, got, total_col) for r, got in extra)
    expected = known[0][1].value
    message = M.CLAIMS[template].format(section=S.title(schema, claim.section), quote=claim.quote, written=claim.written,
                                        table=table, says=says)
    cells = tuple(c for _, got in known + (extra or []) for c in got.cells)
    return Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(claim.path), kind=rule["kind"], message=message,
                   expected=expected, actual=claim.value, imbalance=expected - claim.value, operands=_operands(data, cells))


def _check_complete(claim: Claim, data: Any, schema: dict, rule: dict, known: list, total_col: str,
                    memo: dict | None) -> Finding | Unchecked | None:
    """均已办结: the carried-over rows are at most an allowance (0, or 上年结转 for this year's applications)."""
    fmt = schema["x-format"]["id"]
    if not known:
        return Unchecked(claim.section, claim.path, claim.sentence, claim.written, "blank")
    got = known[0][1]
    allowances = [(b, reading_value(data, fmt, b, memo)) for b in claim.bases]
    if all(a.complete and got.value > a.value + EPS for _, a in allowances):
        return _finding(claim, data, schema, rule, known, total_col, "complete", [x for x in allowances if x[0].cells][:1])
    if got.complete and any(a.complete and got.value <= a.value + EPS for _, a in allowances):
        return None
    return Unchecked(claim.section, claim.path, claim.sentence, claim.written, "blank")


def _check_share(claim: Claim, data: Any, schema: dict, rule: dict, known: list, total_col: str) -> Finding | Unchecked | None:
    fmt = schema["x-format"]["id"]
    if not known:
        return Unchecked(claim.section, claim.path, claim.sentence, claim.written, "blank")
    bases = [(b, reading_value(data, fmt, b)) for b in claim.bases]
    bases = [x for x in bases if x[1].value and x[1].complete]
    if not bases:
        return Unchecked(claim.section, claim.path, claim.sentence, claim.written, "base")
    tolerance = 10 ** -claim.decimals + EPS
    pairs = [(n, b) for n in known for b in bases]
    if any(abs(100 * n[1].value / b[1].value - claim.value) < tolerance for n, b in pairs):
        return None
    n, b = pairs[0]
    computed = 100 * n[1].value / b[1].value
    table = L.sheet(schema, table=claim.table)["name"]
    says = M.CLAIMS["share_parts"].format(numerator=_says(schema, n[0], n[1], total_col), base=_says(schema, b[0], b[1], total_col))
    message = M.CLAIMS["share"].format(section=S.title(schema, claim.section), quote=claim.quote, written=claim.written,
                                       table=table, computed=M.num(round(computed, claim.decimals + 1)) + "%", says=says)
    return Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(claim.path), kind=rule["kind"], message=message,
                   expected=round(computed, claim.decimals + 1), actual=claim.value,
                   imbalance=round(computed - claim.value, claim.decimals + 1), operands=_operands(data, n[1].cells + b[1].cells))


def _operands(data: Any, cells: tuple[str, ...]) -> dict[str, list]:
    out = {}
    for p in dict.fromkeys(cells):
        v = S.get(data, p)
        out[S.json_path(p)] = Operand(None if v is S.MISSING else v)
    return out


def claims_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-1 / TX-2: every claim of the narrative about the rule's table agrees with it."""
    total_col, memo = _total_col(schema, rule["table"]), {}
    for claim in read(data, schema).claims:
        if claim.table == rule["table"]:
            result = check(claim, data, schema, rule, total_col, memo)
            if isinstance(result, Finding):
                yield result


def _total_col(schema: dict, table: str) -> str:
    return vocabulary(schema).tables[table].total_col


def unchecked(data: Any, schema: dict) -> list[dict]:
    """What the claim reader saw but did not verify, for ``validate --json`` (``unchecked_claims``)."""
    got = read(data, schema)
    rules = {r["table"]: r for r in schema["x-rules"] if r["kind"] == "claims"}
    items = list(got.unchecked)
    for claim in got.claims:
        if claim.table in rules:
            result = check(claim, data, schema, rules[claim.table], _total_col(schema, claim.table))
            if isinstance(result, Unchecked):
                items.append(result)
    return [{"path": S.json_path(u.path), "section": S.title(schema, u.section), "sentence": u.sentence,
             "number": u.written, "reason": M.CLAIMS_UNCHECKED[u.reason].format(word=u.word)} for u in items]
