"""The report's content as an ordered list of blocks, shared by the DOCX and HTML renderers.

Owns: turning report data plus its schema into the title, the preamble, the six section
headings, the outline headings and paragraphs, and the three official tables as placed grids
(row and column spans, formatted values, header rows); the generated 依申请公开 paragraph
(``data_paragraph``), the 2021 fee sentence (where the clerk wrote no fee paragraph) and the 落款. All wording comes from the schema
(``x-report``, ``x-layout``); nothing here knows a cell address or a font.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterator, Union

from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.wording import clean, generated_preamble
from xl_addin.model.wording import fields as _fields
from xl_addin.source.basic import fee_values

# The title is broken after the agency's name when it does not fit on one line of the
# type area: 156 mm at 2号 (22 pt) takes 20 full-width characters (GB/T 9704: 回行时词意完整).
TITLE_LINE_CHARS = 20


# ---------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Title:
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int          # 1 "一、"  2 "（一）"  3 "1、"  4 "（1）"


@dataclass(frozen=True)
class Paragraph:
    text: str
    role: str = "body"  # body | preamble | generated (from the tables) | fees


@dataclass(frozen=True)
class Cell:
    """An anchored cell of a table grid (0-based row/col within the table)."""
    row: int
    col: int
    rs: int
    cs: int
    text: str
    kind: str           # caption | header | label | data
    path: str | None = None


@dataclass(frozen=True)
class Table:
    name: str                       # the data table: t2, t3, t4
    caption: str                    # the official caption (= the section heading)
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]         # row by row, left to right
    header_rows: int                # leading header rows, repeated on every page
    col_widths: tuple[float, ...]   # relative widths, one per grid column

    def rows(self) -> list[list[Cell]]:
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return out


@dataclass(frozen=True)
class Signature:
    """The 落款 (GB/T 9704-2012 7.3.5.2): the agency's name and, below it, the publication date,
    right-aligned after one blank line; indents are from the right margin in body characters."""
    org: str
    date: str | None
    org_indent: float
    date_indent: float

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.org, self.date) if self.date else (self.org,)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


Block = Union[Title, Heading, Paragraph, Table, Signature]


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs: the blocks in order and a few facts about the report."""
    title: str
    org_name: str
    year: Any
    fmt: str
    blocks: tuple[Block, ...] = ()


# ---------------------------------------------------------------- small helpers

def split_paragraphs(text: Any) -> list[str]:
    """One cell may hold several paragraphs (Alt+Enter in Excel): one entry per non-blank line."""
    return [p for p in (clean(line) for line in clean(text).splitlines()) if p]


def fmt_value(value: Any) -> str:
    """A table value as printed: integers plain, amounts without trailing zeros, blank as empty."""
    if value is None or value is S.MISSING:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return M.num(int(value) if isinstance(value, float) and value.is_integer() else value)
    return clean(str(value))


def _number(data: Any, path: str) -> float | int:
    """A numeric data point, blank or unusable counted as 0 (the rules' ``zero`` policy)."""
    v = S.get(data, path)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return 0
    return v


def _sum(data: Any, paths: list[str]) -> float | int:
    return sum(_number(data, p) for p in paths)


def _fill(template: str, values: dict[str, Any]) -> str:
    return template.format(**{k: (M.num(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                              for k, v in values.items()})


def _width(text: str) -> float:
    """Printed width in full-width characters (ASCII letters and digits are half width)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def basic(data: Any) -> dict:
    b = data.get("basic") if isinstance(data, dict) else None
    return b if isinstance(b, dict) else {}


def org_name(data: Any) -> str:
    """The agency's name as published: without blanks inside it (the TX-9 warning says so)."""
    return S.compact(clean(basic(data).get("org_name")))


def _self_name(data: Any) -> str:
    return clean(basic(data).get("self_name")) or org_name(data)


def hints(schema: dict) -> set[str]:
    """The workbook's prefilled hint texts: never printed in the report."""
    out = set()
    for sh in L.sheets(schema):
        for node in sh.get("prefill", []):
            if node.get("hint"):
                out.add(clean(node["hint"]))
    return out


# ---------------------------------------------------------------- title and preamble

def title_text(data: Any, schema: dict) -> str:
    return schema["x-report"]["title"].format(org_name=org_name(data), year=fmt_value(basic(data).get("year")))


def title_lines(data: Any, schema: dict) -> tuple[str, ...]:
    """The title, broken after the agency's name when it does not fit on one line."""
    text = title_text(data, schema)
    org = org_name(data)
    rest = text[len(org):]
    if (_width(text) > TITLE_LINE_CHARS and org and text.startswith(org)
            and _width(org) <= TITLE_LINE_CHARS and _width(rest) <= TITLE_LINE_CHARS):
        return org, rest
    return (text,)




def preamble(data: Any, schema: dict) -> list[str]:
    """The preamble paragraphs: the workbook's own text when given, otherwise generated."""
    own = split_paragraphs(data.get("preamble") if isinstance(data, dict) else None)
    return own or [generated_preamble(data, schema)]


# ---------------------------------------------------------------- data sentences

def data_paragraph(data: Any, schema: dict | None = None) -> str:
    """The 生成数据描述 paragraph for 一（二）依申请公开, from 表三 and 表四.

    States 新收, 上年结转, 办结 by outcome (outcomes with no case are left out), 结转下年度,
    and the 行政复议 / 行政诉讼 counts, in the words the TX-1/TX-2 checks read, so the
    paragraph never contradicts the tables.
    """
    if schema is None:
        schema = S.for_data(data)
    spec = schema["x-report"]["data_paragraph"]
    v = {name: _sum(data, paths) for name, paths in spec["values"].items()}
    v["year"] = fmt_value(basic(data).get("year"))
    v["self_name"] = _self_name(data)
    parts = []
    if v["new"] or v["carry"] or v["done"] or v["carry_next"]:
        parts.append(_fill(spec["received"], v))
        items = []
        for item in spec["outcomes"]:
            n = _sum(data, item["sum"])
            if n:
                items.append(_fill(item["text"], {"n": n}))
        v["outcomes"] = spec["outcomes_lead"] + spec["outcomes_sep"].join(items) if items else ""
        parts.append(_fill(spec["handled"], v))
    else:
        parts.append(_fill(spec["none_received"], v))
    parts.append(_fill(spec["appeals"] if v["review"] or v["litigation"] else spec["no_appeals"], v))
    return "".join(parts)


def fee_sentence(data: Any, schema: dict) -> str | None:
    """2021 format: the 信息处理费 sentence for section 六, when its three figures are filled."""
    template = schema["x-report"].get("fee_sentence")
    fees = data.get("fees") if isinstance(data, dict) else None
    if not template or not isinstance(fees, dict):
        return None
    values = {k: fees.get(k) for k in _fields(template) if k not in ("year", "org_name")}
    if any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in values.values()):
        return None
    return _fill(template, {**values, "year": fmt_value(basic(data).get("year")), "org_name": org_name(data)})


def fees_stated(texts: list[str], data: Any, schema: dict) -> bool:
    """Whether the clerk's own text of 六 already states every 信息处理费 figure, as the figures are
    read back from a published report (``source.basic.fee_values``): only then is the format's fee
    sentence left out. A sentence that only mentions the fee (「本年度未收取信息处理费。」) states
    one figure at most, so the format's sentence is printed as well."""
    fees = data.get("fees") if isinstance(data, dict) else None
    if not isinstance(fees, dict):
        return False
    found, _ = fee_values(texts, schema, none_as_zero=False)
    return bool(found) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and isinstance(fees.get(k), (int, float))
        and abs(v - fees[k]) < 1e-9 for k, v in found.items())


def signature(data: Any, schema: dict) -> Signature | None:
    """The 落款 when the report has a valid 发布日期 (wording: ``x-report.signature``): the name
    right-indented two characters, the date below starting two characters further right; a date
    longer than the name is right-indented two characters and moves the name left."""
    spec = schema["x-report"].get("signature")
    raw = basic(data).get("publish_date")
    try:
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw) else None
    except ValueError:
        day = None
    org = org_name(data)
    if not spec or day is None or not org:
        return None
    values = {"org_name": org, "year": day.year, "month": day.month, "day": day.day}
    org_line, date = (clean(t.format(**values)) for t in spec["lines"])
    org_indent, date_indent = 2.0, _width(org_line) - _width(date)
    if _width(date) > _width(org_line):
        date_indent, org_indent = 2.0, 2 + _width(date) + 2 - _width(org_line)
    return Signature(org_line, date, org_indent, date_indent)


# ---------------------------------------------------------------- outline sections

def _is_blank(text: Any, skip: set[str]) -> bool:
    return not clean(text) or clean(text) in skip


def outline_blocks(data: Any, schema: dict, section: str, generate: dict | None = None) -> Iterator[Block]:
    """Headings and paragraphs of an outline section (一, 五, 六), hints left out.

    ``generate`` is the ``data_paragraph`` spec when this section holds the 依申请公开
    heading: its paragraphs, when all blank, become the generated data paragraph.
    """
    skip = hints(schema)
    nodes = S.get(data, section)
    for node in nodes if isinstance(nodes, list) else []:
        if not isinstance(node, dict):
            continue
        level = node.get("level") if isinstance(node.get("level"), int) else 0
        heading = clean(node.get("heading"))
        raw_paragraphs = node.get("paragraphs")
        if not isinstance(raw_paragraphs, list):
            raw_paragraphs = [raw_paragraphs]
        paragraphs = [p for raw in raw_paragraphs if not _is_blank(raw, skip) for p in split_paragraphs(raw)]
        if heading and heading not in skip:
            if level >= 1:
                yield Heading(heading, min(level, 3) + 1)
            else:
                paragraphs.insert(0, heading)
        if generate and not paragraphs and level >= 1 and generate["heading"] in heading:
            yield Paragraph(data_paragraph(data, schema), "generated")
            continue
        for p in paragraphs:
            yield Paragraph(p)


# ---------------------------------------------------------------- tables

def _header_text(cell: dict, data: Any, schema: dict) -> str:
    text = cell.get("text") or ""
    unit = cell.get("unit")
    if unit:
        value = clean(S.get(data, unit)) if isinstance(S.get(data, unit), str) else ""
        if value:
            text += schema["x-report"]["unit_suffix"].format(unit=value)
    return text


def table(data: Any, schema: dict, sheet: dict) -> Table:
    """One official table as a placed grid, values filled in and formatted."""
    top, left = L.origin(sheet)
    placed = L.grid(schema, sheet)
    # grid() drops the extra keys of a grid cell (the unit of a header); walk the spec in step.
    specs = [c for row in sheet["grid"] for c in L.expand_row(schema, row)]
    cells = []
    for p, spec in zip(placed, specs):
        if p.data:
            text, kind = fmt_value(S.get(data, p.data)), "data"
        elif p.kind in ("header", "caption"):
            text, kind = _header_text(spec, data, schema), p.kind
        else:
            text, kind = p.text or "", "label"
        cells.append(Cell(p.row - top, p.col - left, p.rs, p.cs, text, kind, p.data))
    for path, title in _legacy_rows(data, schema, sheet["table"]):
        cells = _one_row(cells, data, path, title)
    n_rows = max(c.row + c.rs for c in cells)
    n_cols = max(c.col + c.cs for c in cells)
    header_rows = 0
    for row in sheet["grid"]:
        if row.get("kind") != "header":
            break
        header_rows += 1
    widths = schema["x-report"].get("col_widths", {}).get(sheet["table"]) or sheet.get("col_widths") or [1] * n_cols
    widths = tuple(float(w) for w in widths)
    return Table(sheet["table"], sheet.get("caption") or "", n_rows, n_cols, tuple(cells), header_rows, widths)


def _legacy_rows(data: Any, schema: dict, table: str) -> list[tuple[str, str]]:
    """(path, title) of the rows of the other format the data holds instead of this format's own
    (a 2021 report that printed （六）其他处理 as one row, as 2019 did): printed as the report had them."""
    node = S.subschema(schema, table) or {}
    out = []
    for key in node.get("properties", {}):
        sub = S.subschema(schema, f"{table}.{key}") or {}
        if sub.get("x-legacy") and isinstance(S.get(data, f"{table}.{key}"), dict):
            out.append((f"{table}.{key}", sub.get("title", key)))
    return out


def _one_row(cells: list[Cell], data: Any, path: str, title: str) -> list[Cell]:
    """The rows under the group label ``title`` printed as one row holding ``path``'s values, when
    none of those rows has a value of its own."""
    group = next((c for c in cells if c.kind == "label" and c.text == title and c.rs > 1), None)
    if group is None:
        return cells
    rows = range(group.row, group.row + group.rs)
    inside = [c for c in cells if c.row in rows and c is not group]
    if any(c.path and S.get(data, c.path) not in (None, S.MISSING) for c in inside):
        return cells
    first = [c for c in inside if c.row == group.row]
    label_end = max((c.col + c.cs for c in first if c.kind == "label"), default=group.col + group.cs)
    out = []
    for c in cells:
        if c is group:
            out.append(Cell(c.row, c.col, 1, label_end - c.col, c.text, "label"))
        elif c.row in rows:
            if c.row == group.row and c.kind == "data" and c.path:
                own = f"{path}.{c.path.rsplit('.', 1)[1]}"
                out.append(Cell(c.row, c.col, 1, c.cs, fmt_value(S.get(data, own)), "data", own))
        elif c.row > group.row:
            out.append(Cell(c.row - group.rs + 1, c.col, c.rs, c.cs, c.text, c.kind, c.path))
        elif c.row + c.rs > group.row + 1:      # a group around it loses the rows that went
            gone = min(c.row + c.rs, group.row + group.rs) - (group.row + 1)
            out.append(Cell(c.row, c.col, c.rs - gone, c.cs, c.text, c.kind, c.path))
        else:
            out.append(c)
    return out


# ---------------------------------------------------------------- the whole report

def section_heading(data: Any, schema: dict, heading: str, sheet: dict | None) -> str:
    """A section's heading: the wording the published report used (``headings``), else the official one."""
    kept = data.get("headings") if isinstance(data, dict) else None
    key = (sheet.get("table") or sheet.get("path")) if sheet else None
    return (clean(kept.get(key)) if isinstance(kept, dict) and key else "") or heading


def _sheet_for(schema: dict, heading: str) -> dict | None:
    for sh in L.sheets(schema):
        if sh.get("caption") == heading or sh["name"] == heading:
            return sh
    return None


def build(data: Any, schema: dict | None = None) -> Report:
    """The report's blocks, in reading order. ``data`` must be a report (see ``model.schema.for_data``)."""
    if schema is None:
        schema = S.for_data(data)
    xr = schema["x-report"]
    b = basic(data)
    blocks: list[Block] = []
    blocks.append(Title(title_lines(data, schema)))
    blocks.extend(Paragraph(p, "preamble") for p in preamble(data, schema))
    spec = xr.get("data_paragraph")
    for heading in schema["x-layout"]["sections"]:
        sh = _sheet_for(schema, heading)
        blocks.append(Heading(section_heading(data, schema, heading, sh), 1))
        if sh is None:
            continue
        if sh["kind"] == "table":
            blocks.append(table(data, schema, sh))
            notes = (data.get("notes") or {}).get(sh["table"]) if isinstance(data.get("notes"), dict) else None
            blocks.extend(Paragraph(clean(n)) for n in notes or () if clean(n))   # the report's text about the table
        elif sh["kind"] == "outline":
            generate = spec if spec and spec["section"] == sh["path"] else None
            section = list(outline_blocks(data, schema, sh["path"], generate))
            if sh["path"] == xr.get("fee_section"):
                fee = fee_sentence(data, schema)
                if fee and not fees_stated([b.text for b in section if isinstance(b, Paragraph)], data, schema):
                    blocks.append(Paragraph(fee, "fees"))
            blocks.extend(section)
    sig = signature(data, schema)
    if sig is not None:
        blocks.append(sig)
    return Report(title=title_text(data, schema), org_name=org_name(data), year=b.get("year"),
                  fmt=schema["x-format"]["id"], blocks=tuple(blocks))


def plain_text(report: Report) -> list[str]:
    """The report as lines of text in reading order (tables cell by cell, row by row)."""
    out: list[str] = []
    for b in report.blocks:
        if isinstance(b, Table):
            out.extend(c.text for c in b.cells)
        elif isinstance(b, Signature):
            out.extend(b.lines)
        else:
            out.append(b.text)
    return out
