"""Tables 二, 三 and 四 of a published report, read as published.

Owns: turning the blocks of one table section (real tables, lines of cells joined by 「|」,
one cell per line) into a stream of printed cells, recognising each printed row by its label
(exactly, or approximately with a warning naming the label as printed), skipping header,
caption and group rows wherever they repeat (tables split across pages), and reading the values
as printed: a blank cell stays blank (``None``), a number is a number (full-width digits and
thousands separators read), anything else stays the text it is, so the validator reports it;
wrong totals are kept. Findings ``I-1`` … ``I-4`` say what could not be read exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xl_addin.model import catalogue
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding
from xl_addin.source import labels as LB
from xl_addin.source import runs
from xl_addin.source.document import BLANKS, Para, Table, squeeze, value, value_like
from xl_addin.source.plain_text import split_cells


@dataclass
class Tok:
    text: str
    row: int            # printed row id: the cells of one table row share it; a paragraph is its own row
    glued: bool = False  # a value cut from running text (it may hold several numbers run together)


def stream(blocks: list, where: tuple[str, str] | None = None) -> list[Tok]:
    """The printed cells of a section, row by row; a cell spanning rows appears in its first row; a
    paragraph holding a row (cells joined by 「|」 or tabs) gives its cells; with ``where`` (format,
    table), a paragraph of cells run together by single blanks or nothing at all (text copied from
    a PDF viewer, a crawled page) is cut at the table's own printed texts (``runs.segment``)."""
    out: list[Tok] = []
    row_id = 0
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows():
                row_id += 1
                out.extend(Tok(c.text, row_id) for c in row)
        elif isinstance(b, Para):
            row_id += 1
            cells = split_cells(b.text) if b.text else None   # a row pasted as 「规章|2|1|15」
            pieces = runs.segment(b.text, *where) if cells is None and where and b.text else None
            if pieces:
                for k, piece in enumerate(pieces):
                    if piece.kind == "known" and k:
                        row_id += 1         # each printed label or header starts a row of its own
                    out.append(Tok(piece.text, row_id, piece.kind == "value"))
                continue
            out.extend(Tok(text, row_id) for text in (cells if cells is not None else [b.text]))
    return out


@dataclass
class _Pending:
    row: LB.RowSpec
    match: LB.Match
    printed: str
    row_id: int
    values: list[Tok] = field(default_factory=list)
    stream: bool = False


@dataclass
class Parsed:
    values: dict[str, Any] = field(default_factory=dict)    # data path -> value
    findings: list[Finding] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)           # row paths read, in order
    hits: int = 0                                           # labels and headers recognised
    notes: list[str] = field(default_factory=list)          # paragraphs printed around the table, as printed


def _table_name(spec: LB.TableSpec) -> str:
    return M.IMPORT_TABLE_NAMES.get(spec.table, spec.section)


class _Parser:
    def __init__(self, spec: LB.TableSpec, schema: dict, narrative: str = ""):
        self.spec, self.schema, self.narrative = spec, schema, narrative
        self.fmt = schema["x-format"]["id"]
        self.out = Parsed()
        self.expected = [r for r in spec.rows if not r.legacy]
        self.pending: _Pending | None = None
        self.unlabelled = [r for r in spec.rows if not r.label]
        self.orphans: list[tuple[str, Finding]] = []
        self.last: tuple[LB.RowSpec, str, Finding | None] | None = None   # the row read last, as printed

    # -------------------------------------------------------------- rows

    def finish(self) -> None:
        p, self.pending = self.pending, None
        if p is None:
            return
        need = len(p.row.cols)
        vals = list(p.values)
        if len(vals) > need:   # blank cells around the values (row separators, empty merged cells)
            while len(vals) > need and not vals[-1].text.strip(BLANKS):
                vals.pop()
            while len(vals) > need and not vals[0].text.strip(BLANKS):
                vals.pop(0)
        name = _table_name(self.spec)
        label = p.row.label or name
        if not vals and p.row.legacy:
            return
        if len(vals) < need and any(v.glued for v in vals):
            vals = self._unglue(p, vals, name, label)
        if p.row.path in self.out.rows:
            self.out.findings.append(self._finding("I-4", p.row.path, table=name, label=label))
            return
        if len(vals) != need:
            self.out.findings.append(self._finding("I-2", p.row.path, len(vals), need, table=name, label=label,
                                                   n=len(vals), need=need, printed=p.printed))
        for k, path in enumerate(p.row.cols):
            self.out.values[path] = value(vals[k].text) if k < len(vals) else None
        self.out.rows.append(p.row.path)
        if p.row in self.expected:
            self.expected = self.expected[self.expected.index(p.row) + 1:]
        approximate = None
        if not p.match.exact:
            approximate = self._finding("I-1", p.row.path, p.printed, p.row.label, table=name,
                                        printed=p.printed, label=p.row.label)
            self.out.findings.append(approximate)
        self.last = (p.row, p.printed, approximate)

    def _unglue(self, p: _Pending, vals: list[Tok], name: str, label: str) -> list[Tok]:
        """A row whose numbers ran together, cut into its cells (``runs.resolve``); I-8 when the
        cut needed more than the digits, or could not be told."""
        got = runs.resolve([v.text for v in vals], [v.glued for v in vals], self.fmt, p.row.cols, label, self.narrative)
        if got is None:
            return vals
        cells, decided = got
        if decided:
            printed = " ".join(v.text for v in vals)
            if any(c is None for c in cells):
                how = M.IMPORT_UNGLUE["blank"].format(
                    cells="、".join(S.title(self.schema, path) for path, c in zip(p.row.cols, cells) if c is None))
            else:
                how = M.IMPORT_UNGLUE["read"].format(values="、".join(cells))
            self.out.findings.append(self._finding("I-8", p.row.path, printed, None, table=name, label=label,
                                                   printed=printed, how=how))
        return [Tok(c or "", p.row_id) for c in cells]

    def _finding(self, rule: str, path: str, actual: Any = None, expected: Any = None,
                 **fields) -> Finding:
        return Finding(rule=rule, severity=catalogue.finding_type(rule).severity, path=S.json_path(path),
                       kind="import", actual=actual, expected=expected, message=catalogue.message(rule, **fields))

    def start(self, row: LB.RowSpec, match: LB.Match, tok: Tok) -> None:
        self.finish()
        self.pending = _Pending(row, match, tok.text.replace("\n", ""), tok.row)

    # -------------------------------------------------------------- tokens

    def _header(self, tok: Tok) -> None:
        self.out.hits += 1
        if self.pending is not None and tok.row != self.pending.row_id:
            self.finish()

    def _labels(self, tok: Tok) -> bool:
        """Handle a cell that is a label, group label, header or unit; False when it is none of them.
        Exact matches first (a label may start with its number: 「3.其他」); approximate ones only
        for a cell that cannot be a value."""
        text, p = tok.text, self.pending
        read = set(self.out.rows)
        candidates = [r for r in self.spec.rows if r.path not in read]
        match = LB.match_row(text, candidates, self.expected, approximate=False)
        rest = None if match else LB.split_group_piece(text, self.spec)
        if rest:    # 「（三）不 4.保护第三方合法权益」: a piece of the group label, then the row label
            match = LB.match_row(rest, candidates, self.expected, approximate=False)
            tok = Tok(rest, tok.row) if match else tok
        if match:
            self.out.hits += 1
            self.start(match.row, match, tok)
            return True
        group = LB.match_group(text, self.spec)
        if group:
            self.out.hits += 1
            legacy = group[1]
            if legacy is not None and legacy.path not in self.out.rows:
                self.start(legacy, LB.Match(legacy, True, 1.0), tok)
            elif p is not None and tok.row != p.row_id:
                self.finish()
            return True
        unit = LB.unit_of(text, self.spec, self.schema)
        if unit:
            self.out.hits += 1
            self.out.values[unit[0]] = unit[1]
            return True
        if LB.is_header(text, self.spec, approximate=False):
            self._header(tok)
            return True
        if value_like(text):
            return False
        if self._continues(tok) or self._completes_orphans(text):
            return True
        if LB.group_piece(text, self.spec) and not (p is not None and tok.row == p.row_id):
            return True     # a piece of a group label on a line of its own, never a value
        in_values = p is not None and tok.row == p.row_id and bool(p.values)
        match = None if in_values else LB.match_row(text, candidates, self.expected)
        if match:
            self.out.hits += 1
            self.start(match.row, match, tok)
            return True
        if not in_values and LB.is_header(text, self.spec):
            self._header(tok)
            return True
        return False

    def feed(self, tok: Tok) -> None:
        text = tok.text
        blank = not squeeze(text)
        if not blank and self._labels(tok):
            return
        if not blank and prose(text) and not value_like(text) and not self._piece_of_table_text(text):
            self.finish()                       # a paragraph around the table: never a row's value
            self._orphan(text, text)
            return
        p = self.pending
        if p is not None:
            if tok.row == p.row_id:              # a cell of the label's own printed row
                p.values.append(tok)
                return
            if (not p.values or p.stream or all(v.glued for v in p.values)) and len(p.values) < len(p.row.cols):
                p.stream = True                 # values follow the label one per line (or cut from text)
                p.values.append(tok)
                return
            self.finish()
        if blank:
            return
        if value_like(text):
            open_rows = [r for r in self.unlabelled if r.path not in self.out.rows]
            if open_rows:
                self.start(open_rows[0], LB.Match(open_rows[0], True, 1.0), Tok("", tok.row))
                self.pending.values.append(tok)
                self.pending.stream = True
                return
        if not value_like(text) and len(squeeze(text)) >= 2 and self.out.rows:
            self._orphan(text, text)

    def _piece_of_table_text(self, text: str) -> bool:
        """A piece of one of the table's own texts (a caption or label broken over lines)."""
        t = LB.norm(text)
        own = self.spec.texts | set(self.spec.groups) | {LB.norm(r.label) for r in self.spec.rows if r.label}
        return len(t) >= 4 and any(t in h for h in own)

    def _continues(self, tok: Tok) -> bool:
        """A piece of the current (or last) row's label wrapped onto another line: the label as
        printed grows, and a label that is complete again is no longer approximate."""
        piece = tok.text.replace("\n", "")
        p = self.pending
        if p is not None and p.row.label and tok.row != p.row_id:
            if LB.continues(p.printed, piece, p.row.label):
                p.printed += piece
                if LB.norm(p.printed) == LB.norm(p.row.label):
                    p.match = LB.Match(p.row, True, 1.0)
                return True
            return False
        if self.last is not None and self.last[0].label and LB.continues(self.last[1], piece, self.last[0].label):
            row, printed, approximate = self.last
            self.last = (row, printed + piece, approximate)
            if LB.norm(printed + piece) == LB.norm(row.label) and approximate in self.out.findings:
                self.out.findings.remove(approximate)
            return True
        return False

    def _completes_orphans(self, text: str) -> bool:
        """Whether this text completes, with the unrecognised texts before it, a group label or
        header printed one piece per row (a narrow merged cell); their I-3 findings are withdrawn."""
        for k in range(len(self.orphans)):
            joined = "".join(t for t, _ in self.orphans[k:]) + squeeze(text)
            if LB.match_group(joined, self.spec) or LB.is_header(joined, self.spec, approximate=False):
                for _, f in self.orphans[k:]:
                    if f in self.out.findings:
                        self.out.findings.remove(f)
                self.orphans = []
                return True
        return False

    def _orphan(self, text: str, whole: str = "") -> None:
        """An unrecognised text: a paragraph of prose printed around the table is kept as a note;
        anything else is reported (I-3) and kept a while in case later pieces complete it. A piece
        of a group label is no news: skipped silently."""
        if LB.group_piece(text, self.spec) or all(LB.is_header(w, self.spec) for w in text.split()):
            return      # a piece of a group label, or a header row whose cells ran together
        if prose(whole or text) and not self._piece_of_table_text(whole or text):
            self.out.notes.append((whole or text).strip(BLANKS))
            return
        finding = self._finding("I-3", self.spec.table, squeeze(text), table=_table_name(self.spec),
                                printed=squeeze(text)[:40])
        self.orphans = (self.orphans + [(squeeze(text), finding)])[-4:]
        self.out.findings.append(finding)


_SENTENCE = re.compile(r"[，。；！？,;!?]")


def prose(text: str) -> bool:
    """A paragraph of running text (a sentence: long, with its commas and full stops), not a cell."""
    t = squeeze(text)
    return len(t) >= 30 or (len(t) >= 12 and bool(_SENTENCE.search(t.rstrip("。"))))


def parse(blocks: list, spec: LB.TableSpec, schema: dict, narrative: str = "") -> Parsed:
    """The values of one table as printed, with the findings about what could not be read exactly.
    ``narrative``: the report's own text, to tell numbers that ran together apart."""
    parser = _Parser(spec, schema, narrative)
    for tok in stream(blocks, (schema["x-format"]["id"], spec.table)):
        parser.feed(tok)
    parser.finish()
    if parser.out.rows:
        for path in spec.units.values():
            parser.out.values.setdefault(path, None)
    return parser.out
