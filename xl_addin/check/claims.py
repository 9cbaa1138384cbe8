"""The claim reader: sentences of the narrative → claims about cells of 表三 and 表四.

Owns: reading every sentence of the sections named in ``x-claims`` (一 and 六) into claims — a
number (or a denial such as 未发生, or 均获维持) and the table data it speaks of, with every
reading the wording allows — and the numbers it saw but could not map (unchecked, with the
reason). Context decides: a comparison with an earlier year, a change, a cumulative figure, an
approximate number, a count of other things (决定书, 文件) or a subset (按时, 在线) is not a claim;
其中 scopes a claim under the one before it; a column named alone (自然人) takes its row from the
sentence; 各 and 分别 distribute; 占…% is a share. Comparing claims with the tables lives in
``claim_check``; the vocabulary in ``vocabulary``.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from itertools import product
from typing import Any, NamedTuple

from xl_addin.check import narrative, numbers
from xl_addin.check.vocabulary import Token, Vocabulary, vocabulary
from xl_addin.model import schema as S

YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})\s?年")
CLAUSE = "，,；;：:"
PART = "；;"
MARKS = {m: re.compile(f"[{m}]") for m in (CLAUSE, PART)}
ADJACENT = 2          # characters between a change/approx word or 各 and its number
DENIAL_REACH = 20     # “未发生因政府信息公开被申请行政复议”: how far a denial reaches


class Reading(NamedTuple):
    """One way to read a claim: the sum of rows × columns of a table."""
    table: str
    rows: tuple                    # row paths: ("t3.new", "t3.carry")
    cols: tuple                    # column codes: ("total",)
    row_label: str | None = None
    col_label: str | None = None

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(f"{r}.{c}" for r in self.rows for c in self.cols)


class Claim(NamedTuple):
    kind: str                      # "count" | "none" (a denial) | "zero" (均获维持) | "share" (占…%)
    table: str
    section: str
    path: str                      # dotted path of the paragraph or heading
    sentence: str
    clause: str                    # the clause holding the number
    written: str                   # the number (or the words) as written
    value: float | int
    readings: tuple                # Readings: any one agreeing with the table is enough
    bases: tuple = ()              # share: what the percentage may be a share of
    decimals: int = 0

    @property
    def quote(self) -> str:
        """What a message quotes: the sentence, or its clause when the sentence is long."""
        return quote(self.sentence, self.clause)


@dataclass(frozen=True)
class Unchecked:
    section: str
    path: str
    sentence: str
    written: str
    reason: str                    # a key of ``messages.CLAIMS_UNCHECKED``
    word: str = ""


@dataclass(frozen=True)
class Claims:
    claims: tuple[Claim, ...]
    unchecked: tuple[Unchecked, ...]


@dataclass
class _Parent:
    readings: tuple[Reading, ...]
    sentence: int


def read(data: Any, schema: dict) -> Claims:
    """The claims of a report's narrative (memoised on the texts, so TX-1 and TX-2 read once)."""
    v = vocabulary(schema)
    texts = tuple((t.section, t.path, t.text) for s in v.sections for t in narrative.walk(data, s))
    year = data.get("basic", {}).get("year") if isinstance(data.get("basic"), dict) else None
    return _read(schema["x-format"]["id"], texts, year if isinstance(year, int) else None)


@functools.lru_cache(maxsize=64)
def _read(fmt: str, texts: tuple, year: int | None) -> Claims:
    v = vocabulary(S.load(fmt))
    claims: list[Claim] = []
    unchecked: list[Unchecked] = []
    for section, path, text in texts:
        if v.worth_reading(text, whole=True):
            _Paragraph(v, section, path, text, year, claims, unchecked).read()
    return Claims(tuple(claims), tuple(unchecked))


def quote(sentence: str, clause: str) -> str:
    """What a message quotes: a short sentence whole, else the clause (with the one before a very short clause)."""
    s = sentence.strip().rstrip("。！？!?；;，,")
    if len(s) <= 30 or clause.strip() not in s:
        return s
    c = clause.strip().rstrip("。！？!?；;，,")
    i = s.index(c)
    if len(c) < 8 and i > 0:
        head = re.split(r"[，,；;：:]", s[:i].rstrip("，,；;：:"))[-1]
        return s[i - len(head) - 1:i] + c if head else c
    return c


class _Paragraph:
    """Reads one heading or paragraph; sub-claims and column claims take context from earlier ones."""

    def __init__(self, v: Vocabulary, section: str, path: str, text: str, year: int | None,
                 claims: list, unchecked: list) -> None:
        self.v, self.section, self.path, self.text, self.year = v, section, path, text, year
        self.claims, self.unchecked = claims, unchecked
        # only sentences that can make a claim are read (a number with a count unit, a denial, 均获维持 …)
        self.sentences = [(a, b) for a, b in narrative.sentences(text) if v.worth_reading(text, a, b)]
        self.tokens = [k for a, b in self.sentences for k in v.scan(text, a, b)]
        self.starts = [k.start for k in self.tokens]
        spans = [(k.start, k.end) for k in self.tokens]
        self.numbers = [n for a, b in self.sentences for n in numbers.find(text, a, b)
                        if not any(x <= n.start < y for x, y in spans)]
        self.parent: dict[str, _Parent] = {}
        self.marks = {m: [x.start() for x in MARKS[m].finditer(text)] for m in (CLAUSE, PART)}

    # ------------------------------------------------------------ helpers
    def _tokens(self, a: int, b: int, *kinds: str) -> list[Token]:
        """The tokens lying within [a, b), of the given kinds."""
        lo, hi = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        if kinds:
            return [k for k in self.tokens[lo:hi] if k.end <= b and k.kind in kinds]
        return [k for k in self.tokens[lo:hi] if k.end <= b]

    def _clause(self, pos: int, s0: int, s1: int, marks: str = CLAUSE) -> tuple[int, int]:
        at = self.marks[marks]
        k = bisect.bisect_left(at, pos)
        a = at[k - 1] + 1 if k and at[k - 1] >= s0 else s0
        b = at[k] if k < len(at) and at[k] < s1 else s1
        return a, b

    def _depth(self, s0: int, pos: int) -> int:
        seg = self.text[s0:pos]
        return seg.count("（") + seg.count("(") - seg.count("）") - seg.count(")")

    def _skip(self, sentence: str, written: str, reason: str, word: str = "") -> None:
        self.unchecked.append(Unchecked(self.section, self.path, sentence.strip(), written, reason, word))

    def _claim(self, kind: str, table: str, sentence: str, clause: str, written: str, value: Any,
               readings: tuple[Reading, ...], bases: tuple[Reading, ...] = (), decimals: int = 0) -> Claim:
        c = Claim(kind, table, self.section, self.path, sentence.strip(), clause, written, value, readings, bases, decimals)
        self.claims.append(c)
        return c

    # ------------------------------------------------------------ phrases → readings
    def _chain(self, toks: list[Token]) -> list[Token]:
        """The phrases a number speaks of: the nearest, joined ones (A和B), or the narrower of nested ones."""
        if not toks:
            return []
        chain = [toks[-1]]
        for k in reversed(toks[:-1]):
            between = self.text[k.end:chain[0].start]
            if self.v.conjunctions.match(between):
                chain.insert(0, k)
            elif len(chain) == 1 and k.family.codes < chain[0].family.codes:
                chain = [k]
            else:
                break
        return chain

    def _readings(self, rows: list[Token], cols: list[Token], table: str, parent: _Parent | None,
                  inherit: bool, is_sub: bool) -> tuple[Reading, ...]:
        spec = self.v.tables[table]
        if cols:
            col_codes = tuple(dict.fromkeys(c for k in cols for c in k.family.cols))
            col_label = cols[0].family.label if len(cols) == 1 else None
        elif is_sub and parent and parent.readings[0].cols != (spec.total_col,):
            col_codes, col_label = parent.readings[0].cols, parent.readings[0].col_label
        else:
            col_codes, col_label = (spec.total_col,), None
        if rows:
            alts = [tuple(dict.fromkeys(p for part in combo for p in part))
                    for combo in product(*(k.family.readings for k in rows))]
            label = rows[0].family.label if len(rows) == 1 else None
            return tuple(Reading(table, a, col_codes, label if a == rows[0].family.readings[0] else None, col_label)
                         for a in dict.fromkeys(alts))
        if parent and inherit:
            return tuple(Reading(table, r.rows, col_codes, r.row_label, col_label) for r in parent.readings)
        alts = ([r.rows for r in parent.readings] if parent else []) + list(spec.col_rows)
        return tuple(Reading(table, a, col_codes, None, col_label) for a in dict.fromkeys(alts))

    # ------------------------------------------------------------ reading
    def read(self) -> None:
        for si, (s0, s1) in enumerate(self.sentences):
            self._sentence(si, s0, s1)

    def _sentence(self, si: int, s0: int, s1: int) -> None:
        sentence = self.text[s0:s1]
        stoks = self._tokens(s0, s1)
        starts_sub = any(k.kind == "sub" and k.start - s0 <= 1 for k in stoks)
        if any(k.kind == "denial" for k in stoks):
            self._denials(s0, s1, sentence)
        topical = bool(self.v.topic.search(sentence))
        prev_end, pending, scoped = s0, [], False
        nums = [n for n in self.numbers if s0 <= n.start < s1]
        for i, n in enumerate(nums):
            cs, ce = self._clause(n.start, s0, s1)
            seg_start, prev_end = max(cs, prev_end), n.end
            next_start = nums[i + 1].start if i + 1 < len(nums) else s1
            seg = self._tokens(seg_start, n.start)
            if not (n.unit in self.v.count_units or n.is_percent):
                if any(k.kind in ("row", "col") for k in seg):
                    self._skip(sentence, n.text, "unit", n.unit)
                continue
            if not topical and not pending and not n.is_percent and not any(k.kind in ("row", "col") for k in seg) \
                    and not self._after(n, min(ce, next_start)):
                continue  # a count of something else in a sentence that is not about applications or cases
            ps, _ = self._clause(n.start, s0, s1, PART)
            is_sub = scoped or starts_sub or self._depth(s0, n.start) > 0 or any(k.kind == "sub" for k in self._tokens(ps, n.start))
            pending = self._number(si, s0, s1, sentence, n, cs, ce, seg, is_sub, min(ce, next_start), pending, topical)
            scoped = scoped or bool(self.v.scope.match(self.text, n.end))
        if any(k.kind == "zero" for k in stoks):
            self._zeros(si, s0, s1, sentence)

    def _after(self, n: numbers.Number, limit: int) -> list[Token]:
        """The phrase right after a number (“其中5件予以公开”), if any."""
        after = self._tokens(n.end, limit)
        if after and after[0].family.kind in ("row", "col") and self.v.lookahead.match(self.text[n.end:after[0].start]):
            return after[:1]
        return []

    def _blocked(self, n: numbers.Number, cs: int, seg: list[Token], sentence: str, topical: bool) -> bool:
        """Whether context makes a number no claim (a comparison, a change, a count of other things …)."""
        kinds: dict[str, list[Token]] = {}
        for k in seg:
            kinds.setdefault(k.kind, []).append(k)
        before = self._tokens(cs, n.start) if cs < (seg[0].start if seg else n.start) else seg
        hit = None
        if "denial" in kinds:
            hit = ("denial", kinds["denial"][0].text)
        if hit is None:
            cmp = [k for k in before if k.kind == "compare"]
            if cmp:
                hit = ("compare", cmp[0].text)
            elif self.year is not None:
                rows = [(k.start, k.end) for k in before if k.kind == "row"]
                for m in YEAR.finditer(self.text, cs, n.start):
                    if int(m.group(1)) != self.year and not any(a <= m.start() < b for a, b in rows):
                        hit = ("compare", m.group(0))
                        break
        if hit is None:
            change = [k for k in kinds.get("change", ()) if n.start - k.end <= ADJACENT]
            cumulative = [k for k in before if k.kind == "cumulative"]
            approx = [k for k in kinds.get("approx", ()) if k.end == n.start] + \
                [k for k in self._tokens(n.end, n.end + 2, "approx") if k.start == n.end]
            for reason, hits in (("change", change), ("cumulative", cumulative), ("approx", approx),
                                 ("other", kinds.get("other")), ("qualifier", kinds.get("qualifier"))):
                if hits:
                    hit = (reason, hits[0].text)
                    break
            if hit is None and n.approx:
                hit = ("approx", n.text)
        if hit and topical:
            self._skip(sentence, n.text, *hit)
        return hit is not None

    def _number(self, si: int, s0: int, s1: int, sentence: str, n: numbers.Number, cs: int, ce: int,
                seg: list[Token], is_sub: bool, limit: int, pending: list, topical: bool) -> list:
        phrases = [k for k in seg if k.kind in ("row", "col")]
        topical = topical or bool(phrases)
        if self._blocked(n, cs, seg, sentence, topical):
            return []
        if n.is_percent:
            self._share(si, s0, sentence, n, cs, ce, seg)
            return pending
        if not phrases:
            phrases = self._after(n, limit)
        if not phrases and pending:
            fam_tokens, rest = pending[0], pending[1:]
            self._count(si, sentence, n, self.text[cs:ce], fam_tokens, is_sub)
            return rest
        if not phrases:
            if topical:
                self._skip(sentence, n.text, "no_family")
            return pending
        tables = {k.family.table for k in phrases}
        if len(tables) > 1:
            self._skip(sentence, n.text, "ambiguous")
            return []
        rows = [k for k in phrases if k.kind == "row"]
        if any(not k.family.weak for k in rows):
            rows = [k for k in rows if not k.family.weak]
        rows = self._chain(rows)
        cols = self._chain([k for k in phrases if k.kind == "col"])
        if rows and rows[0].family.weak and (is_sub or cols):  # a weak phrase (“信息公开申请”) never scopes a sub-claim
            rows = []
            if not cols:
                self._skip(sentence, n.text, "no_family")
                return pending
        last = max(k.end for k in rows + cols)
        markers = self._tokens(last, n.start)
        distributive = [k for k in markers if k.kind in ("each", "respectively")]
        group = rows if len(rows) > 1 else cols if len(cols) > 1 else []
        if distributive and group:
            parts = [[k] + ([c for c in cols] if group is rows else [r for r in rows]) for k in group]
            if distributive[0].family.kind == "each":
                for p in parts:
                    self._count(si, sentence, n, self.text[cs:ce], p, is_sub)
                return []
            self._count(si, sentence, n, self.text[cs:ce], parts[0], is_sub)
            return parts[1:]
        self._count(si, sentence, n, self.text[cs:ce], rows + cols, is_sub)
        return []

    def _count(self, si: int, sentence: str, n: numbers.Number, clause: str, phrases: list[Token], is_sub: bool) -> None:
        table = phrases[0].family.table
        rows = [k for k in phrases if k.kind == "row"]
        cols = [k for k in phrases if k.kind == "col"]
        parent = self.parent.get(table)
        inherit = bool(parent) and (parent.sentence == si or is_sub)
        readings = self._readings(rows, cols, table, parent, inherit, is_sub)
        c = self._claim("count", table, sentence, clause, n.text, n.value, readings)
        if not is_sub:
            self.parent[table] = _Parent(c.readings, si)

    def _share(self, si: int, s0: int, sentence: str, n: numbers.Number, cs: int, ce: int, seg: list[Token]) -> None:
        clause = self.text[cs:ce]
        if any(k.kind == "rate" for k in seg) or self.text[n.end:n.end + 1] == "率":
            return self._skip(sentence, n.text, "rate")
        shares = [k for k in seg if k.kind == "share"]
        if not shares:
            return self._skip(sentence, n.text, "rate")
        share = shares[-1]
        num = [k for k in seg if k.kind in ("row", "col") and k.end <= share.start]
        base = [k for k in seg if k.kind in ("row", "col") and k.start >= share.end]
        earlier = [c for c in self.claims if c.path == self.path and c.kind == "count" and c.sentence == sentence.strip()]
        if num:
            table = num[-1].family.table
            numerator = self._readings([k for k in num if k.kind == "row"][-1:],
                                       [k for k in num if k.kind == "col"][-1:], table, None, False, False)
        elif earlier:
            numerator, table = earlier[-1].readings, earlier[-1].table
        else:
            return self._skip(sentence, n.text, "no_family")
        spec = self.v.tables[table]
        if base and {k.family.table for k in base} == {table}:
            bases = self._readings([k for k in base if k.kind == "row"][-1:],
                                   [k for k in base if k.kind == "col"][-1:], table, None, False, False)
        else:
            alts = [(r.rows, spec.total_col) for r in numerator if r.cols != (spec.total_col,)]
            alts += [(b, c) for b in spec.share_bases for c in {numerator[0].cols, (spec.total_col,)}]
            bases = tuple(Reading(table, rows, cols if isinstance(cols, tuple) else (cols,))
                          for rows, cols in dict.fromkeys(alts))
        bases = tuple(b for b in bases if b.cells not in {r.cells for r in numerator})
        self._claim("share", table, sentence, clause, n.text, n.value, numerator, bases, n.decimals)

    def _denials(self, s0: int, s1: int, sentence: str) -> None:
        for d in self._tokens(s0, s1, "denial"):
            cs, ce = self._clause(d.start, s0, s1)
            if any(d.end <= n.start < ce for n in self.numbers):
                continue
            rows: list[Token] = []
            cols: list[Token] = []
            for k in self._tokens(d.end, ce):
                kind = k.kind
                if kind == "row" and k.family.deny and (rows or k.start - d.end <= DENIAL_REACH):
                    rows.append(k)
                elif kind == "col" and rows:
                    cols.append(k)
                elif kind not in ("row", "col", "each", "respectively", "sub", "neutral"):
                    break
            if any(not k.family.weak for k in rows):
                rows = [k for k in rows if not k.family.weak]
            if len({k.family.table for k in rows}) > 1:  # 未收到行政复议申请: 表三 or 表四? neither
                continue
            rows = rows[:1] + [k for i, k in enumerate(rows[1:], 1)
                               if self.v.conjunctions.match(self.text[rows[i - 1].end:k.start])]
            for table in dict.fromkeys(k.family.table for k in rows):
                r = [k for k in rows if k.family.table == table]
                readings = self._readings(r, [k for k in cols if k.family.table == table], table, None, False, False)
                union = tuple(dict.fromkeys(p for x in readings for p in x.rows)) if len(r) > 1 else None
                if union:  # 未发生行政复议、行政诉讼: none of them
                    readings = (Reading(table, union, readings[0].cols),)
                self._claim("none", table, sentence, self.text[cs:ce], self.text[d.start:r[-1].end], 0, readings)

    def _zeros(self, si: int, s0: int, s1: int, sentence: str) -> None:
        for z in self._tokens(s0, s1, "zero"):
            table = z.family.table
            cs, ce = self._clause(z.start, s0, s1)
            scope = self._chain([k for k in self._tokens(s0, z.start, "row") if k.family.table == table])
            spec = self.v.tables[table]
            if scope:
                rows = tuple(dict.fromkeys(p for k in scope for p in k.family.readings[0]))
                label = scope[0].family.label if len(scope) == 1 else None
                readings = (Reading(table, rows, z.family.cols, label),)
            elif table in self.parent:
                readings = tuple(Reading(table, r.rows, z.family.cols, r.row_label) for r in self.parent[table].readings)
            else:
                readings = tuple(Reading(table, r, z.family.cols) for r in spec.col_rows)
            self._claim("zero", table, sentence, self.text[cs:ce], z.text, 0, readings)
