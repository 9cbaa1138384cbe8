"""The official labels a published report prints, derived from the schema, and matching printed text to them.

Owns: for each format, the catalogue of tables 二/三/四 as printed (each data row's label, its
columns in printed order, the group label above it, the legacy rows a report may still print),
the header, caption and group texts, the six section headings, the texts that tell one format
from the other; normalising printed text for comparison (NFKC, blanks, 「1、」/「1.」/「1．」,
quotes) and matching a printed label exactly or approximately. Everything comes from the
schema's ``x-layout`` and titles: no label is written here.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.source.document import nfkc, squeeze

# Numbering at the start of a label or heading: 一、 （一） (一) 1、 1. 1． （1） ①
NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|[0-9]+[、.．]"
                       r"|[(（][0-9]+[)）]|[①-⑳])")
NUMBERING_ANYWHERE = re.compile(r"[0-9]+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、")   # in normalised text
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "〝": '"', "〞": '"'})
APPROX_MIN = 0.6        # similarity below this is not a match at all
APPROX_SURE = 0.8       # similarity from which a label may match out of the expected order


@functools.lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Printed text reduced for comparison: NFKC, no blanks, one numbering style, one quote style,
    no trailing punctuation."""
    t = squeeze(nfkc(text)).translate(_QUOTES)
    t = re.sub(r"^([0-9]+)[、.．]", r"\1.", t)
    t = re.sub(r"^([一二三四五六七八九十]+)[.．]", r"\1、", t)
    return t.rstrip("。.:：;；,，")


@functools.lru_cache(maxsize=8192)
def body(text: str) -> str:
    """A normalised label without its numbering."""
    return NUMBERING.sub("", norm(text))


@functools.lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class RowSpec:
    table: str                  # t2 | t3 | t4
    path: str                   # t3.new; t4 for 表四's single unlabelled row
    label: str                  # the official label as printed ("" for an unlabelled row)
    cols: tuple[str, ...]       # data paths of the printed value cells, left to right
    group: str = ""             # the group label printed beside it (（三）不予公开)
    legacy: bool = False        # a row of the other format the schema still accepts (2021 （六）其他处理)


@dataclass
class TableSpec:
    table: str
    section: str                            # the official section heading (= the table's caption)
    rows: list[RowSpec]                     # in printed order, legacy rows last
    texts: set[str] = field(default_factory=set)     # normalised header and caption texts
    units: dict[str, str] = field(default_factory=dict)   # normalised header text -> path of its unit
    groups: dict[str, RowSpec | None] = field(default_factory=dict)   # normalised group label -> legacy row


@dataclass(frozen=True)
class Match:
    row: RowSpec
    exact: bool
    score: float


def _column_paths(schema: dict, spec: dict) -> tuple[str, ...]:
    return tuple(c["data"] for c in L.expand_row(schema, spec) if "data" in c)


@functools.lru_cache(maxsize=None)
def catalogue(fmt: str) -> dict[str, TableSpec]:
    """table -> TableSpec for one format, from the schema's table sheets."""
    schema = S.load(fmt)
    out: dict[str, TableSpec] = {}
    for sh in L.sheets(schema):
        if sh["kind"] != "table":
            continue
        table = sh["table"]
        spec = TableSpec(table, sh.get("caption") or "", [])
        open_groups: list[tuple[str, int]] = []      # (text, rows left)
        for grid_row in sh["grid"]:
            kind = grid_row.get("kind")
            open_groups = [(t, n - 1) for t, n in open_groups if n > 1]
            labels, label_paths = [], []
            for cell in grid_row.get("cells", []):
                if "label" in cell:
                    labels.append(S.title(schema, cell["label"]))
                    label_paths.append(cell["label"])
                elif cell.get("text"):
                    if kind in ("header", "caption"):
                        spec.texts.add(norm(cell["text"]))
                        if cell.get("unit"):
                            spec.units[norm(cell["text"])] = cell["unit"]
                    else:
                        open_groups.append((cell["text"], cell.get("rs", 1)))
                        spec.groups[norm(cell["text"])] = None
            cols = _column_paths(schema, grid_row)
            if not cols:
                continue
            data = grid_row.get("data")
            path = data if isinstance(data, str) else label_paths[-1] if label_paths else table
            group = "".join(t for t, _ in open_groups[-1:])
            spec.rows.append(RowSpec(table, path, labels[-1] if labels else "", cols, group))
        by_label = {norm(r.label): r for r in spec.rows}
        template = next((r for r in spec.rows if r.label), None)
        tnode = S.subschema(schema, table) or {}
        for key, node in tnode.get("properties", {}).items():
            node = S.subschema(schema, f"{table}.{key}") or {}
            if not node.get("x-legacy") or template is None:
                continue
            cols = tuple(f"{table}.{key}.{c.rsplit('.', 1)[-1]}" for c in template.cols)
            row = RowSpec(table, f"{table}.{key}", node.get("title", key), cols, legacy=True)
            if norm(row.label) in spec.groups:
                spec.groups[norm(row.label)] = row
            elif norm(row.label) not in by_label:
                spec.rows.append(row)
        out[table] = spec
    return out


@functools.lru_cache(maxsize=None)
def sections(fmt: str) -> tuple[tuple[str, str], ...]:
    """(official heading, data path) of the six sections, in order: s1, t2, t3, t4, s5, s6."""
    schema = S.load(fmt)
    out = []
    for heading in schema["x-layout"]["sections"]:
        path = ""
        for sh in L.sheets(schema):
            if sh.get("caption") == heading or sh["name"] == heading:
                path = sh.get("table") or sh.get("path") or ""
        out.append((heading, path))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def distinctive(fmt: str) -> frozenset[str]:
    """Normalised table texts (labels, headers, captions) printed in this format and not in the other."""
    def texts(f: str) -> set[str]:
        out = set()
        for spec in catalogue(f).values():
            out |= spec.texts | set(spec.groups)
            out |= {norm(r.label) for r in spec.rows if r.label and not r.legacy}
        return out

    mine = texts(fmt)
    for other in S.FORMATS:
        if other != fmt:
            mine -= texts(other)
    return frozenset(mine)


def match_row(text: str, candidates: list[RowSpec], expected: list[RowSpec], approximate: bool = True) -> Match | None:
    """The row a printed label names: exact (after ``norm``), else the closest label.

    ``expected``: the rows that should come next, in order; a label of similarity between
    ``APPROX_MIN`` and ``APPROX_SURE`` only matches one of the next two of them.
    """
    printed = norm(text)
    if not printed:
        return None
    for row in candidates:
        if row.label and norm(row.label) == printed:
            return Match(row, True, 1.0)
    if not approximate:
        return None
    pb = body(text)
    best: Match | None = None
    soon = {r.path for r in expected[:2]}
    for row in candidates:
        if not row.label:
            continue
        rb = body(row.label)
        if len(pb) < 3 or (len(pb) < len(rb) // 2 and not (rb.startswith(pb) and len(pb) >= 4)):
            continue                            # a fragment is no label, unless it is a label's long beginning
        score = similarity(pb, rb)
        if rb and (pb.startswith(rb) or rb.startswith(pb)) and min(len(pb), len(rb)) >= 2:
            score = max(score, 0.85)
        if score < APPROX_MIN or (score < APPROX_SURE and row.path not in soon):
            continue
        if row.path in soon:
            score += 0.01
        if best is None or score > best.score:
            best = Match(row, False, score)
    return best


def continues(printed: str, piece: str, label: str) -> bool:
    """Whether ``piece`` carries a label printed so far as ``printed`` on towards the full ``label``."""
    so_far, joined, full = norm(printed), norm(printed + piece), norm(label)
    return len(joined) > len(so_far) and full.startswith(joined) and full != so_far


def group_piece(text: str, spec: TableSpec) -> bool:
    """Whether a text is a piece of a group label (「（三）不」「予公开」「年度办」), or two pieces run
    together, as a narrow merged cell breaks when a table is copied as text."""
    t = norm(text)
    if len(t) < 2:
        return False
    groups = [g for g in spec.groups if len(g) > len(t) // 2]
    if any(t in g for g in groups):
        return True
    return any(t[:i] in g and t[i:] in h for i in range(1, len(t)) for g in groups for h in groups)


def split_group_piece(text: str, spec: TableSpec) -> str | None:
    """A label printed after a piece of a group label, as one cell (「（三）不 4.保护第三方合法权益」):
    the label without the piece, or None."""
    t = norm(text)
    for m in NUMBERING_ANYWHERE.finditer(t):
        if m.start() and group_piece(t[:m.start()], spec):
            return t[m.start():]
    return None


def match_group(text: str, spec: TableSpec) -> tuple[str, RowSpec | None] | None:
    """A printed group label (（三）不予公开): its normalised text and the legacy row it may be."""
    printed = norm(text)
    if printed in spec.groups:
        return printed, spec.groups[printed]
    return None


def unit_of(text: str, spec: TableSpec, schema: dict) -> tuple[str, str] | None:
    """(unit path, unit) from a header printed with its unit, e.g. 「采购总金额（单位：元）」."""
    printed = norm(text)
    for pattern, path in _unit_patterns(schema["x-report"].get("unit_suffix", ""), tuple(spec.units.items())):
        m = pattern.fullmatch(printed)
        if m:
            return path, m.group(1)
    return None


@functools.lru_cache(maxsize=None)
def _unit_patterns(suffix: str, units: tuple) -> list[tuple[re.Pattern, str]]:
    suffix = norm(suffix)
    if "{unit}" not in suffix:
        return []
    before, after = suffix.split("{unit}", 1)
    return [(re.compile(re.escape(header + before) + r"(.+?)" + re.escape(after)), path) for header, path in units]


def is_header(text: str, spec: TableSpec, approximate: bool = True) -> bool:
    """A header or caption text of the table, or one an OCR tool renamed (数据1, 列2, Column3)."""
    t = norm(text)
    if t in spec.texts:
        return True
    if re.fullmatch(r"(数据|列|栏|字段|column|col|field)[0-9]{1,2}", t, re.I):
        return True
    return approximate and any(similarity(t, h) >= 0.8 for h in spec.texts if len(h) >= 3)
