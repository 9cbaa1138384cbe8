"""Reading a filled standard workbook back into report data, headless, never writing the file.

Owns: identifying the template (custom document properties, else the stamp on 填表说明),
checking that every sheet and fixed label is where the schema's layout puts it, reading input
cells (unambiguous text noise such as " 12 " or "１２" is read as 12), recomputing every total
from the inputs, comparing the totals' formulas and cached results, and the workbook findings
W-1 … W-6 (``model.catalogue``; the totals' W-2…W-4 in ``totals``). A file that cannot be read raises ``InputError``
(exit 2); a file read with findings returns them in ``WorkbookRead.findings``. Cells come from
``xlsx`` (one pass per sheet that keeps formulas and their cached results); see the README for
why not openpyxl read-only here.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping
from xml.etree.ElementTree import ParseError

from xl_addin.errors import InputError
from xl_addin.model import amounts, catalogue
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding, errors_first
from xl_addin.workbook import printed
from xl_addin.workbook.totals import check as check_totals
from xl_addin.workbook.totals import json_safe
from xl_addin.workbook.values import EMPTY, SPACE, Unreadable, number_value, parse_number, show, text_value
from xl_addin.xlsx import filecheck
from xl_addin.xlsx.package import Cell, Package

# custom document properties that identify a template (written by ``workbook``)
PROP_FORMAT, PROP_VERSION, PROP_HASH = "nianbao_format", "nianbao_template_version", "nianbao_schema_hash"
# a workbook made from a published report (``nianbao import -o X.xlsx``): its totals are the printed values
PROP_SOURCE, SOURCE_PUBLISHED = "nianbao_source", "published"

@dataclass(frozen=True)
class WorkbookRead:
    """What reading a workbook found besides the report data: where each data point was read."""
    file: str
    format: str
    template_version: str | None
    schema_hash: str | None
    findings: tuple[Finding, ...]          # the reader's own findings (W-*), located
    cells: dict[str, str]                  # dotted data path -> "sheet!cell" it was read from
    unreadable: frozenset[str]             # data paths whose cell could not be read (W-1, W-6)
    totals: frozenset[str]                 # data paths of totals the reader recomputed
    # what an earlier 校验 left, for the marks (``workbook.marks``): the last row holding a value in
    # each sheet read, and each 校验结果 row's 单元格 and 数据位置
    extent: Mapping[str, int] = field(default_factory=dict)
    listed: tuple[tuple[str | None, str | None], ...] = ()

    def locate(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings placed where this workbook holds each data point, errors first.

        A structural or blank finding at a cell the reader could not read (W-1, W-6) is dropped:
        the W finding already says what is in the cell. So is a type finding at a total the reader
        computed (e.g. 5.5 from a 2.5 typed in a count): the input's own finding says it.
        """
        out = []
        for f in findings:
            dotted = S.from_json_path(f.path)
            if not f.rule.startswith("W-") and f.kind in ("blank", "required", "schema") and (
                    dotted in self.unreadable or f.kind == "schema" and dotted in self.totals):
                continue
            out.append(f.at(lambda p: self.cells.get(S.from_json_path(p)), keep=True))
        return errors_first(out)


# ---------------------------------------------------------------- reading

class _Reader:
    def __init__(self, pkg: Any, file: str, expected: str | None):
        self.file = file
        self.pkg = pkg             # an ``xlsx.package.Package`` or anything with its interface
        try:
            props = self.pkg.custom_properties()
        except (SyntaxError, ValueError, KeyError, zipfile.BadZipFile, EOFError, OSError) as e:
            raise filecheck.fail("bad_xml", file, reason=_reason(e)) from None
        self.props = props
        self.schema = self._identify(props, expected)
        self.fmt = self.schema["x-format"]["id"]
        self.as_printed = props.get(PROP_SOURCE) == SOURCE_PUBLISHED
        self.findings: list[Finding] = []
        self.cells: dict[str, str] = {}
        self.unreadable: list[str] = []
        self.texts: dict[str, tuple[str, int | float]] = {}   # numbers typed as text: path -> (text, number)
        self.units: dict[str, tuple[str, str, str]] = {}       # unit path -> (unit, amount path, text) from "251000元"
        self.grids: dict[str, dict[tuple[int, int], Cell]] = {}

    # -- identity

    def _identify(self, props: dict, expected: str | None) -> dict:
        fmt, version = props.get(PROP_FORMAT), props.get(PROP_VERSION)
        if not fmt:
            fmt, version = self._stamp()
        if not fmt:
            raise filecheck.fail("no_stamp", self.file)
        if fmt not in S.FORMATS:
            raise filecheck.fail("unknown_format", self.file, fmt=fmt, formats="、".join(S.FORMATS))
        schema = S.load(fmt)
        want = schema["x-format"]["template_version"]
        if version != want:
            raise filecheck.fail("old_version", self.file, actual=version or "未知", expected=want,
                                 format_name=S.format_name(fmt))
        if expected and expected != fmt:
            raise filecheck.fail("wrong_format", self.file, actual=S.format_name(fmt), expected=S.format_name(expected))
        return schema

    def _stamp(self) -> tuple[str | None, str | None]:
        """The visible stamp on 填表说明, for a workbook whose custom properties were lost."""
        for fmt in S.FORMATS:
            sh = L.sheet(S.load(fmt), kind="instructions")
            actual = self.sheet_name(sh["name"])
            if actual is None or "stamp" not in sh:
                continue
            r, c = L.parse_ref(sh["stamp"])
            text = self.pkg.cells(actual, r, c).get((r, c), EMPTY).value
            if not isinstance(text, str):
                continue
            pattern = re.escape(sh["stamp_text"])
            for name in ("template_version", "format_name", "format_id", "schema_hash"):
                pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>.+?)")
            m = re.fullmatch(pattern, text.strip())
            if m:
                return m.group("format_id"), m.group("template_version")
        return None, None

    # -- sheets and cells

    def sheet_name(self, name: str) -> str | None:
        """The workbook's name for a template sheet: the same name, or the one sheet whose name
        differs only by blanks (「表四 」 renamed with a trailing space)."""
        if name in self.pkg.sheets:
            return name
        alike = [n for n in self.pkg.sheets if SPACE.sub("", n) == SPACE.sub("", name)]
        return alike[0] if len(alike) == 1 else None

    def sheet(self, sh: dict, max_row: int | None, max_col: int) -> dict[tuple[int, int], Cell] | None:
        actual = self.sheet_name(sh["name"])
        if actual is None:
            if sh.get("optional") or sh["kind"] in ("instructions", "results"):
                return None
            raise filecheck.fail("missing_sheet", self.file, sheet=sh["name"],
                                 sheets="、".join(f"“{n}”" if n != n.strip() else n for n in self.pkg.sheets))
        if self.pkg.sheets[actual] not in self.pkg.names:
            raise filecheck.fail("bad_xml", self.file, reason=f"缺少工作表“{sh['name']}”的内容")
        try:
            grid = self.pkg.cells(actual, max_row, max_col)
        except ParseError as e:
            line, column = e.position
            raise filecheck.fail("bad_sheet", self.file, sheet=sh["name"], line=line, column=column + 1) from None
        self.grids[sh["name"]] = grid
        return grid

    def check_label(self, sh: dict, grid: dict, row: int, col: int, expected: str) -> None:
        actual = grid.get((row, col), EMPTY).value
        norm = lambda s: SPACE.sub("", str(s)).replace(M.WORKBOOK_UI["required_mark"], "")  # noqa: E731
        if actual is None or norm(actual) != norm(expected):
            raise filecheck.fail("label", self.file, cell=f"{sh['name']}!{L.ref(row, col)}", expected=expected,
                                 actual="空白" if actual is None else f"“{actual}”")

    # -- findings

    def finding(self, rule: str, path: str, cell: str, **fields: Any) -> None:
        severity = catalogue.finding_type(rule).severity
        actual = fields.pop("_actual", None)
        expected = fields.get("expected")
        self.findings.append(Finding(rule=rule, severity=severity, path=S.json_path(path), cell=cell, kind="workbook",
                                     message=catalogue.message(rule, **fields), actual=actual,
                                     expected=expected if not isinstance(expected, str) else None))

    def value(self, path: str, sheet: str, row: int, col: int, grid: dict) -> Any:
        """Read one input cell of a data path, recording its location and any W finding."""
        cell = grid.get((row, col), EMPTY)
        where = f"{sheet}!{L.ref(row, col)}"
        self.cells[path] = where
        v = number_value(cell) if S.is_numeric(self.fmt, path) else text_value(cell)
        got = amounts.read(v.raw, self.fmt, path) if isinstance(v, Unreadable) and isinstance(v.raw, str) else None
        if got is not None:             # "251000元", "2笔": read with its unit (S-2, as on every route)
            self.finding("S-2", path, where, name=_label(self.fmt, path), written=v.raw.strip(), read=amounts.shown(got),
                         _actual=v.raw)
            unit_path = amounts.units(self.fmt, path)[2]
            if unit_path:               # the unit for the unit cell (checked in _units)
                self.units[unit_path] = (got.field_unit, path, v.raw)
            return got.value
        if isinstance(v, Unreadable):
            self.unreadable.append(path)
            name = _label(self.fmt, path)
            if v.rule == "W-6":
                self.finding("W-6", path, where, name=name, formula=v.formula, _actual=v.formula)
            else:
                zero = M.WORKBOOK_ZERO if path.split(".")[0] in ("t2", "t3", "t4") else ""
                self.finding("W-1", path, where, name=name, value=show(v.raw), zero=zero, _actual=json_safe(v.raw))
            return None
        raw = cell.cached if cell.type == "f" else cell.value
        if isinstance(raw, str) and isinstance(v, (int, float)):
            self.texts[path] = (raw, v)
        return v


def _reason(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}{'：' + text[:80] if text else ''}"


def read_bytes(raw: bytes, file: str, expected_format: str | None = None) -> tuple[dict, WorkbookRead]:
    """(report data, book) from a workbook's bytes; ``book`` holds the findings and cell locations."""
    zf = filecheck.open_package(raw, file)
    try:
        pkg = Package(zf)
    except (SyntaxError, ValueError, KeyError, zipfile.BadZipFile, EOFError, OSError) as e:
        raise filecheck.fail("bad_xml", file, reason=_reason(e)) from None
    return read_package(pkg, file, expected_format)


def read_package(pkg: Any, file: str, expected_format: str | None = None) -> tuple[dict, WorkbookRead]:
    """(report data, book) from an opened package (a file's, or cell values a client sent)."""
    r = _Reader(pkg, file, expected_format)
    try:
        return _read(r)
    except InputError:
        raise
    except (zipfile.BadZipFile, EOFError) as e:
        raise filecheck.fail("bad_zip", file) from e
    except (SyntaxError, ValueError, KeyError, OSError) as e:  # a damaged sheet part
        raise filecheck.fail("bad_xml", file, reason=_reason(e)) from None


def read(path: str | Path, expected_format: str | None = None) -> tuple[dict, WorkbookRead]:
    """Read a filled workbook: (report data, book). InputError (exit 2) when it is not one."""
    return read_bytes(filecheck.read_bytes(path), str(path), expected_format)


@functools.lru_cache(maxsize=None)
def _geometry(fmt: str, name: str) -> tuple:
    """A table sheet's placed grid, size and fields (computed once per format)."""
    schema = S.load(fmt)
    sh = L.sheet(schema, name=name)
    return tuple(L.grid(schema, sh)), L.grid_size(schema, sh), L.table_fields(schema, sh)


@functools.lru_cache(maxsize=None)
def _label(fmt: str, path: str) -> str:
    return S.label(S.load(fmt), path)


def _read(r: _Reader) -> tuple[dict, WorkbookRead]:
    schema = r.schema
    # 1. one pass over each sheet, checking the fixed labels; 2. cached results of formula cells
    grids: dict[str, dict | None] = {}
    for sh in L.sheets(schema):
        kind = sh["kind"]
        if kind == "table":
            top, left = L.origin(sh)
            placed, (nrows, ncols), fields = _geometry(r.fmt, sh["name"])
            grid = r.sheet(sh, max([top + nrows - 1] + [rc[0] for rc in fields.values()]), left + ncols - 1)
            for p in placed:
                if p.text is not None and not p.data:
                    r.check_label(sh, grid, p.row, p.col, p.text)
            for path, (row, col) in fields.items():
                r.check_label(sh, grid, row, col - 1, S.title(schema, path))
        elif kind == "form":
            cells = L.form_cells(sh)
            grid = r.sheet(sh, max(rc[0] for rc in cells.values()), max(rc[1] for rc in cells.values()))
            for path, (row, col) in cells.items() if grid is not None else ():
                r.check_label(sh, grid, row, col - 1, S.label(schema, path))
        elif kind == "outline":
            top, left = L.origin(sh)
            grid = r.sheet(sh, None, left + 1)
            for path, (row, col) in L.form_cells(sh, "fields", "fields_origin").items():
                r.check_label(sh, grid, row, col - 1, S.label(schema, path))
        elif kind == "results":
            top, left = L.origin(sh)
            grid = r.sheet(sh, None, left + 5)
        else:
            continue
        grids[sh["name"]] = grid
    # 3. the values, in the layout's order
    data: dict[str, Any] = {"format": r.fmt}
    listed: tuple = ()
    totals = F.totals(schema)
    total_cells: dict[str, tuple[str, int, int]] = {}
    last_year: dict[str, Any] = {}
    for sh in L.sheets(schema):
        grid = grids.get(sh["name"])
        if grid is None:
            continue
        name, kind = sh["name"], sh["kind"]
        if kind == "table":
            placed, _, fields = _geometry(r.fmt, name)
            for p in placed:
                if p.data in totals and not r.as_printed:
                    total_cells[p.data] = (name, p.row, p.col)
                    r.cells[p.data] = f"{name}!{L.ref(p.row, p.col)}"
                elif p.data:
                    S.put(data, p.data, r.value(p.data, name, p.row, p.col, grid))
            for path, (row, col) in fields.items():
                S.put(data, path, r.value(path, name, row, col, grid))
        elif kind == "form":
            target = last_year if sh.get("optional") else data
            for path, (row, col) in L.form_cells(sh).items():
                S.put(target, path, r.value(path, name, row, col, grid))
        elif kind == "outline":
            for path, (row, col) in L.form_cells(sh, "fields", "fields_origin").items():
                S.put(data, path, r.value(path, name, row, col, grid))
            data[sh["path"]] = _outline(r, sh, grid)
        elif kind == "results":
            ex = _explanations(r, sh, grid)
            if ex:
                data["explanations"] = ex
            listed = _listed(sh, grid)
    # last year's data only when any of it is filled (the sheet is optional)
    ly = last_year.get("last_year")
    if isinstance(ly, dict) and any(v is not None for v in _values(ly)):
        data["last_year"] = ly
    else:
        r.cells = {k: v for k, v in r.cells.items() if not k.startswith("last_year.")}
        r.unreadable = [p for p in r.unreadable if not p.startswith("last_year.")]
        r.findings = [f for f in r.findings if not f.path.startswith("$.last_year")]
    _units(r, data)
    if r.as_printed:
        _printed(r, data)
    check_totals(r, data, totals, total_cells)
    book = WorkbookRead(file=r.file, format=r.fmt, template_version=r.props.get(PROP_VERSION),
                        schema_hash=r.props.get(PROP_HASH), findings=tuple(r.findings), cells=dict(r.cells),
                        unreadable=frozenset(r.unreadable), totals=frozenset(total_cells),
                        extent={n: max((rc[0] for rc in g), default=0) for n, g in grids.items() if g is not None},
                        listed=listed)
    return _order(schema, data), book


def _units(r: _Reader, data: dict) -> None:
    """An amount typed with its unit ("251000元") fills a blank unit cell; a unit cell that says
    otherwise makes the amount unreadable (W-1)."""
    for unit_path, (unit, path, text) in r.units.items():
        typed = S.get(data, unit_path)
        if typed in (None, S.MISSING):
            S.put(data, unit_path, unit)
        elif typed != unit:             # the unit cell says another unit: the amount in that unit
            got = amounts.read(text, r.fmt, path, typed)
            S.put(data, path, got.value if got else None)


def _printed(r: _Reader, data: dict) -> None:
    """A workbook made from a published report: what its 「原报告另记」 sheet keeps (``printed``)."""
    name = r.sheet_name(M.WORKBOOK_PRINTED["sheet"])
    if name is None:
        return
    grid = r.pkg.cells(name, None, 3)
    rows = []
    for row in sorted({rc[0] for rc in grid if rc[0] >= 3}):
        path = text_value(grid.get((row, 2), EMPTY))
        cell = grid.get((row, 3), EMPTY)
        raw = cell.cached if cell.type == "f" else cell.value
        if isinstance(path, str) and not isinstance(raw, (dt.date, dt.time, dt.timedelta)):
            v = text_value(cell) if isinstance(raw, str) else raw
            rows.append((path, None if isinstance(v, Unreadable) else v))
    printed.read_back(r.schema, data, rows)


def _values(node: Any) -> list:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _values(v)]
    return [node]


def _outline(r: _Reader, sh: dict, grid: dict) -> list[dict]:
    """Rows of an outline sheet back into nodes {level, heading, paragraphs}; empty rows are skipped."""
    top, left = L.origin(sh)
    path = sh["path"]
    nodes: list[dict] = []
    last = max([rc[0] for rc in grid] + [top - 1])
    for row in range(top, last + 1):
        content = grid.get((row, left + 1), EMPTY)
        where = f"{sh['name']}!{L.ref(row, left + 1)}"
        text = text_value(content)
        if isinstance(text, Unreadable):
            r.finding("W-6", f"{path}.{len(nodes)}", where, name=S.title(r.schema, path), formula=text.formula,
                      _actual=text.formula)
            continue
        if not text:
            continue
        level = _level(r, sh, grid, row, left, len(nodes))
        if level > 0:
            nodes.append({"level": level, "heading": "".join(s.strip() for s in text.splitlines()), "paragraphs": []})
            r.cells[f"{path}.{len(nodes) - 1}.heading"] = where
            continue
        if not nodes:
            nodes.append({"level": 0, "heading": "", "paragraphs": []})
        node = nodes[-1]
        for line in text.splitlines():
            line = line.strip()
            if line:
                r.cells[f"{path}.{len(nodes) - 1}.paragraphs.{len(node['paragraphs'])}"] = where
                node["paragraphs"].append(line)
    return nodes


def _level(r: _Reader, sh: dict, grid: dict, row: int, col: int, index: int) -> int:
    cell = grid.get((row, col), EMPTY)
    raw = cell.cached if cell.type == "f" else cell.value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0
    if isinstance(raw, str):
        key = SPACE.sub("", raw)
        if key in L.LEVEL_BY_NAME:
            return L.LEVEL_BY_NAME[key]
        n = parse_number(key)
    else:
        n = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    if n is not None and n in L.LEVEL_NAMES:
        return int(n)
    r.finding("W-5", f"{sh['path']}.{index}", f"{sh['name']}!{L.ref(row, col)}", value=show(raw), _actual=json_safe(raw))
    return 0


def _explanations(r: _Reader, sh: dict, grid: dict) -> list[dict]:
    """The 说明 a clerk wrote next to findings on 校验结果: {rule, path, text}."""
    top, left = L.origin(sh)
    out = []
    last = max([rc[0] for rc in grid] + [top - 1])
    for row in range(top, last + 1):
        text = text_value(grid.get((row, left + 5), EMPTY))
        if not text or isinstance(text, Unreadable):
            continue
        rule = text_value(grid.get((row, left + 1), EMPTY))
        where = text_value(grid.get((row, left + 3), EMPTY))
        out.append({"rule": rule if isinstance(rule, str) else "",
                    "path": where if isinstance(where, str) else None, "text": text})
    return out


def _listed(sh: dict, grid: dict) -> tuple[tuple[str | None, str | None], ...]:
    """Each 校验结果 row's 单元格 (the link as shown) and 数据位置, as an earlier 校验 wrote them."""
    top, left = L.origin(sh)
    out = []
    for row in range(top, max([rc[0] for rc in grid] + [top - 1]) + 1):
        cell, where = (text_value(grid.get((row, left + j), EMPTY)) for j in (2, 3))
        cell, where = (v if isinstance(v, str) else None for v in (cell, where))
        if cell or where:
            out.append((cell, where))
    return tuple(out)


def _order(schema: dict, data: dict) -> dict:
    """Top-level keys in the schema's order (as in the sample data)."""
    keys = list(schema["properties"])
    return {k: data[k] for k in sorted(data, key=lambda k: keys.index(k) if k in keys else len(keys))}


