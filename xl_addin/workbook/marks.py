"""What 校验 puts on a workbook, as data: the one marking policy, rendered twice.

Owns: the marks of the 校验 button and of ``validate --annotate`` (and what 清除标记 leaves): which
cells get their template fill back (every cell a 校验 may have marked: the data cells, the outline
rows in use, the cells an earlier 校验 listed on 校验结果), which cells are marked (the worst
severity per cell, errors red and warnings yellow; a workbook finding about several cells, one W-3
for a table, marks each), the note on each marked cell, the rows of 校验结果 (one per finding with
the clerk's 说明 kept, then the 说明 no finding matches any more) and its title (the verdict,
``CheckResult.summary()``). Computed from a checked report and the schema's layout; rendered with
openpyxl by ``annotate`` and as the button's actions by ``server.plans``; neither knows the layout.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.model.findings import ERROR, SEVERITY_CN, WARNING, Finding
from xl_addin.workbook.reader import WorkbookRead
from xl_addin.workbook.styles import COLOURS, MARK

AUTHOR = "nianbao"                   # the author of the notes 校验 leaves (and takes away again)


class Checked(Protocol):
    """A checked report (``check.step.CheckResult``)."""
    data: dict
    book: WorkbookRead | None
    findings: tuple[Finding, ...]

    def summary(self, form: str = ...) -> str: ...


@dataclass(frozen=True)
class Fill:
    """A cell given a fill: ``colour`` as six hex digits."""
    sheet: str
    ref: str
    colour: str


@dataclass(frozen=True)
class Mark:
    """A cell marked for its findings: the worst severity's colour and a note listing them."""
    sheet: str
    ref: str
    severity: str
    notes: tuple[str, ...]           # 【T3-1】… one per finding at the cell

    @property
    def colour(self) -> str:
        return MARK[self.severity]

    @property
    def note(self) -> str:
        return "\n".join(self.notes)


@dataclass(frozen=True)
class Row:
    """A row of 校验结果 (级别, 规则, 单元格, 数据位置, 问题, 说明); ``severity`` None: a 说明 alone."""
    severity: str | None
    rule: str | None
    cell: str | None
    path: str | None
    message: str | None
    said: str | None

    @property
    def values(self) -> tuple:
        level = SEVERITY_CN[self.severity] if self.severity else None
        return level, self.rule, self.cell, self.path, self.message, self.said


@dataclass(frozen=True)
class Marks:
    restore: tuple[Fill, ...]        # first: template fills back where a 校验 may have marked
    marks: tuple[Mark, ...]          # then: the cells of this check's findings
    sheet: str                       # 校验结果
    title: str                       # its first cell
    failed: bool                     # the title in the error colour
    top: int                         # its first row and column of results
    left: int
    width: int
    rows: tuple[Row, ...]
    height: int                      # rows written from ``top``: ours, then empty ones over an earlier 校验's


def of_check(checked: Checked) -> Marks:
    """What 校验 leaves on the workbook ``checked`` was read from."""
    schema = S.for_data(checked.data)
    sh = L.sheet(schema, kind="results")
    said = {(e.get("rule"), e.get("path")): e.get("text") for e in _explanations(checked.data)}
    rows = [Row(f.severity, f.rule, f.cell if f.cell and "!" in f.cell else None, f.path, f.message,
                said.pop((f.rule, f.path), None)) for f in checked.findings]
    rows += [Row(None, rule, None, path, None, text) for (rule, path), text in said.items()]
    errors = sum(f.severity == ERROR for f in checked.findings)
    return _marks(checked, schema, sh, _marked(checked.findings), sh["name"] + "　" + checked.summary(), bool(errors),
                  rows)


def cleared(checked: Checked) -> Marks:
    """What 清除标记 leaves: template fills back, 校验结果 empty but for the rows that carry a 说明."""
    schema = S.for_data(checked.data)
    sh = L.sheet(schema, kind="results")
    rows = [Row(None, e.get("rule"), None, e.get("path"), None, e.get("text")) for e in _explanations(checked.data)]
    return _marks(checked, schema, sh, (), sh["name"], False, rows)


def _marks(checked: Checked, schema: dict, sh: dict, marks: tuple[Mark, ...], title: str, failed: bool,
           rows: list[Row]) -> Marks:
    top, left = L.origin(sh)
    book = checked.book
    earlier = max(0, book.extent.get(sh["name"], 0) - top + 1) if book is not None else 0
    return Marks(_restore(schema, checked.data, book), marks, sh["name"], title, failed, top, left, len(sh["columns"]),
                 tuple(rows), max(len(rows), earlier))


def _explanations(data: Any) -> list[dict]:
    e = data.get("explanations") if isinstance(data, dict) else None
    return [x for x in e if isinstance(x, dict)] if isinstance(e, list) else []


def _marked(findings: tuple[Finding, ...]) -> tuple[Mark, ...]:
    at: dict[str, list[Finding]] = {}
    for f in findings:
        # a workbook finding about several cells (one W-3 for a table) lists them as its operands
        cells = [f.cell] + ([o.cell for o in f.operands.values()] if f.kind == "workbook" else [])
        for where in dict.fromkeys(c for c in cells if c and "!" in c):
            at.setdefault(where, []).append(f)
    out = []
    for where, fs in at.items():
        sheet, ref = where.rsplit("!", 1)
        worst = ERROR if any(f.severity == ERROR for f in fs) else WARNING
        out.append(Mark(sheet, ref, worst, tuple(f"【{f.rule}】{f.message}" for f in fs)))
    return tuple(out)


def _restore(schema: dict, data: dict, book: WorkbookRead | None) -> tuple[Fill, ...]:
    """The template fill of every cell a 校验 may have marked, in the layout's order."""
    totals = {t.cell for t in F.totals(schema).values()}
    fills: dict[tuple[str, str], str] = {}

    def put(where: str) -> None:
        sheet, ref = where.rsplit("!", 1)
        L.parse_ref(ref)                                  # a cell reference, or ValueError
        fills[(sheet, ref)] = COLOURS["total" if where in totals else "input"][0]

    for where in L.cell_map(schema).values():
        put(where)
    extent = book.extent if book is not None else {}
    for sh in L.sheets(schema):
        if sh["kind"] == "outline":
            top, left = L.origin(sh)
            for r in range(top, max(top + sh["rows"], extent.get(sh["name"], 0) + 1)):
                for c in (left, left + 1):
                    fills[(sh["name"], L.ref(r, c))] = COLOURS["input"][0]
    for cell, path in book.listed if book is not None else ():     # the cells an earlier 校验 listed
        if not (cell and "!" in cell) and path:
            try:
                cell = L.cell_of(schema, path, data)
            except Exception:      # a 数据位置 the clerk edited: no cell
                cell = None
        if cell and "!" in cell:
            try:
                put(cell)
            except (AttributeError, ValueError):
                continue
    return tuple(Fill(sheet, ref, colour) for (sheet, ref), colour in fills.items())
