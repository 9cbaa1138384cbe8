"""The claim reader: the clauses of the narrative → claims about cells of 表三 and 表四.

Owns: turning the clauses of the sections named in ``x-claims`` (一 and 六; see ``clauses`` for
how a clause is read) into claims — a number, a denial (未发生), a universal claim (均已办结) or
均获维持, with every reading of the tables the wording allows — and the numbers it saw but could
not map (unchecked, with the reason). The counted noun decides: a count of 诉求 or 部门 is no
claim; an outcome word (同意公开) wins over the verb after it (答复); a counted noun of 表四
(相关案件) wins over a verb of 表三 (办理). Context decides: a comparison, a change, a cumulative
figure, an approximate number or a count of other things is no claim; a subset (按时, 在线, 在法定期限内)
and a part another agency accounts for (其中区自然资源局…) are checked as at most their whole;
其中 scopes a claim under the one before it; a column named alone (自然人) takes its row from the
sentence; 各 and 分别 distribute; 占…% is a share. Comparing claims with the tables lives in
``claim_check``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import product
from typing import Any, NamedTuple

from xl_addin.check.text import narrative
from xl_addin.check.text.clauses import Clause, paragraph
from xl_addin.check.text.vocabulary import Token, Vocabulary, vocabulary
from xl_addin.model import schema as S


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
    # "count" (=) | "at_most" (a part: ≤ its whole) | "none" (a denial) | "zero" (均获维持)
    # | "share" (占…%) | "complete" (均已办结: the rows ≤ an allowance in ``bases``)
    kind: str
    table: str
    section: str
    path: str                      # dotted path of the paragraph or heading
    sentence: str
    clause: str                    # the clause holding the number
    written: str                   # the number (or the words) as written
    value: float | int
    readings: tuple                # Readings: any one agreeing with the table is enough
    bases: tuple = ()              # share: what the percentage may be a share of; complete: the allowances
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
    basic = data.get("basic") if isinstance(data.get("basic"), dict) else {}
    year, org = basic.get("year"), basic.get("org_name")
    return _read(schema["x-format"]["id"], texts, year if isinstance(year, int) else None,
                 S.compact(org) if isinstance(org, str) else "")


def clauses(data: Any, schema: dict) -> tuple[tuple[str, str, Clause], ...]:
    """Every clause of the narrative read for claims, as (section, path, clause): for rules built on the clause model."""
    v = vocabulary(schema)
    basic = data.get("basic") if isinstance(data.get("basic"), dict) else {}
    year = basic.get("year") if isinstance(basic.get("year"), int) else None
    org = S.compact(basic["org_name"]) if isinstance(basic.get("org_name"), str) else ""
    return tuple((t.section, t.path, c) for s in v.sections for t in narrative.walk(data, s)
                 if v.worth_reading(t.text, whole=True) for c in paragraph(v, t.text, year, org))


@functools.lru_cache(maxsize=64)
def _read(fmt: str, texts: tuple, year: int | None, org: str = "") -> Claims:
    v = vocabulary(S.load(fmt))
    claims: list[Claim] = []
    unchecked: list[Unchecked] = []
    for section, path, text in texts:
        if v.worth_reading(text, whole=True):
            _Paragraph(v, section, path, text, paragraph(v, text, year, org), claims, unchecked).read()
    return Claims(tuple(claims), tuple(unchecked))


def quote(sentence: str, clause: str) -> str:
    """What a message quotes: a short sentence whole, else the clause (with the one before a very short clause)."""
    s = sentence.strip().rstrip("。！？!?；;，,")
    c = clause.strip().rstrip("。！？!?；;，,")
    if len(s) <= 30 or not c or c not in s:
        return s
    i = s.index(c)
    if len(c) < 8 and i > 0:
        head = re.split(r"[，,；;：:]", s[:i].rstrip("，,；;：:"))[-1]
        return s[i - len(head) - 1:i] + c if head else c
    return c


class _Paragraph:
    """Turns the clauses of one heading or paragraph into claims; sub-claims take context from earlier ones."""

    def __init__(self, v: Vocabulary, section: str, path: str, text: str, items: list[Clause], claims: list,
                 unchecked: list) -> None:
        self.v, self.section, self.path, self.text, self.items = v, section, path, text, items
        self.claims, self.unchecked = claims, unchecked
        self.parent: dict[str, _Parent] = {}          # the last whole claim of each table
        self.last: dict[str, tuple[Claim, bool, int]] = {}  # the last claim of each table: (claim, a part?, sentence)
        self.pending: list = []                       # 分别: the phrases still waiting for their numbers
        self.recent: tuple[Claim, int, Clause] | None = None  # the last claim, where its clause begins, the clause
        self.counted: tuple[Claim | None, int] | None = None  # the last count of the paragraph (its claim, if any) and sentence

    def _skip(self, c: Clause, written: str, reason: str, word: str = "") -> None:
        self.unchecked.append(Unchecked(self.section, self.path, c.sentence.strip(), written, reason, word))

    def _claim(self, kind: str, table: str, c: Clause, written: str, value: Any, readings: tuple[Reading, ...],
               bases: tuple[Reading, ...] = (), decimals: int = 0, part: bool = False) -> Claim:
        claim = Claim(kind, table, self.section, self.path, c.sentence.strip(), c.text, written, value, readings,
                      bases, decimals)
        self.claims.append(claim)
        self.last[table] = (claim, part, c.sentence_index)
        self.recent = (claim, c.start, c)
        if kind in ("count", "at_most") and c.kind == "number":
            self.counted = (claim if kind == "count" and not part else None, c.sentence_index)
        return claim

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

    def _phrases(self, c: Clause) -> tuple[list[Token], list[Token]] | None:
        """The rows and columns a number counts; None when they belong to both tables and nothing decides."""
        rows, cols = list(c.rows), list(c.cols)
        tables = {k.family.table for k in rows + cols}
        if len(tables) > 1:
            # the counted noun decides: 办理相关案件 is about 表四, 申请行政复议 too
            nouns = {k.family.table for k in rows if k.family.role == "noun" and not k.family.weak}
            keep = nouns if len(nouns) == 1 else {k.family.table for k in rows + cols if not k.family.weak}
            if len(keep) != 1:
                return None
            rows = [k for k in rows if k.family.table in keep]
            cols = [k for k in cols if k.family.table in keep]
        # an outcome (同意公开) wins over the verb beside it (答复); a counted noun (上年结转) over a verb;
        # a verb (新收) over the weak noun (申请)
        for pick in (lambda k: k.family.role == "", lambda k: k.family.role == "noun" and not k.family.weak,
                     lambda k: not k.family.weak):
            chosen = [k for k in rows if pick(k)]
            if chosen:
                rows = chosen
                break
        return self._chain(rows), self._chain(cols)

    # ------------------------------------------------------------ reading
    def read(self) -> None:
        si = None
        for c in self.items:
            if c.sentence_index != si:
                si, self.pending = c.sentence_index, []
            if c.kind == "number":
                self.pending = self._number(c)
            elif c.kind == "denial":
                self._denial(c)
            elif c.kind == "zero":
                self._zero(c)
            elif c.kind == "all":
                self._all(c)
            else:
                self._complete(c)

    def _number(self, c: Clause) -> list:
        n, pending = c.number, self.pending
        if c.quoted:
            return pending  # a slogan (“三个一”)
        counts = n.unit in self.v.count_units or n.unit in self.v.named_units and c.noun_kind == "claim"
        if counts:
            self.counted = (None, c.sentence_index)  # until this number makes a whole claim
        if not (counts or n.is_percent or self._bare_count(c)):
            if c.rows or c.cols:
                self._skip(c, n.text, "unit", n.unit)
            return pending
        if not c.topical and not pending and not n.is_percent and not (c.rows or c.cols) and not c.after:
            return pending  # a count of something else in a sentence that is not about applications or cases
        topical = c.topical or bool(c.rows or c.cols)
        if c.blocked:
            if topical:
                self._skip(c, n.text, *c.blocked[0])
            return []
        if c.noun_kind == "other":
            if topical:
                self._skip(c, n.text, "noun", c.noun)
            return []
        if n.is_percent:
            self._share(c)
            return pending
        picked = self._phrases(c)
        if picked is None:
            self._skip(c, n.text, "ambiguous")
            return []
        rows, cols = picked
        if not rows and not cols and c.after:
            rows, cols = [k for k in c.after if k.kind == "row"], [k for k in c.after if k.kind == "col"]
        if not rows and not cols and pending:
            self._count(c, pending[0])
            return pending[1:]
        if not rows and not cols:
            if topical:
                self._skip(c, n.text, "no_family")
            return pending
        if rows and rows[0].family.weak and (c.scope == "sub" or cols) and not c.qualifiers:
            rows = []  # a weak phrase (“信息公开申请”) never scopes a sub-claim
            if not cols:
                self._skip(c, n.text, "no_family")
                return pending
        group = rows if len(rows) > 1 else cols if len(cols) > 1 else []
        if c.listing and group:
            parts = [[k] + (cols if group is rows else rows) for k in group]
            if c.listing.family.kind == "each":
                for p in parts:
                    self._count(c, p)
                return []
            self._count(c, parts[0])
            return parts[1:]
        self._count(c, rows + cols)
        return []

    def _bare_count(self, c: Clause) -> bool:
        """A number without its unit right after an outcome, among counts (部分公开67，占4.61%；不予公开81件)."""
        n = c.number
        outcomes = [k for k in c.rows if k.family.role == ""]
        if n.unit or not outcomes or self.text[outcomes[-1].end:n.start].strip() not in ("", "为"):
            return False
        return self.text[n.end:n.end + 1] in ("，", ",", "；", ";", "。") and bool(self.v.quick[0].search(c.sentence))

    def _subset(self, c: Clause) -> bool:
        """A part of its whole: a qualifier (按时, 在线, 在法定期限内) or another agency as the subject —
        except a list of channels with 共计/各类 (通过邮寄、网络提交的各类申请共计83件), which is the whole."""
        if c.scope == "part":
            return True
        quals = [k for k in c.qualifiers if k.kind == "qualifier"]
        channels = [k for k in c.qualifiers if k.kind == "channel"]
        return bool(quals) or (bool(channels) and not (c.total and len(channels) > 1))

    def _count(self, c: Clause, phrases: list[Token]) -> None:
        table = phrases[0].family.table
        rows = [k for k in phrases if k.kind == "row"]
        cols = [k for k in phrases if k.kind == "col"]
        is_sub = c.scope != "whole"
        parent = self.parent.get(table)
        inherit = bool(parent) and (parent.sentence == c.sentence_index or is_sub)
        readings = self._readings(rows, cols, table, parent, inherit, is_sub)
        part = self._subset(c)
        self._claim("at_most" if part else "count", table, c, c.number.text, c.number.value, readings, part=part or is_sub)
        if not is_sub and not part:
            self.parent[table] = _Parent(readings, c.sentence_index)

    def _share(self, c: Clause) -> None:
        n, seg = c.number, list(c.rows) + list(c.cols)
        toks = self.v.scan(self.text, c.start, c.end)
        if any(k.kind == "rate" for k in toks if k.end <= n.start) or self.text[n.end:n.end + 1] == "率":
            return self._skip(c, n.text, "rate")
        shares = [k for k in toks if k.kind == "share" and k.end <= n.start]
        if not shares:
            return self._skip(c, n.text, "rate")
        if c.qualifiers or c.scope == "part":  # 网络申请占60%: a share of a part the tables do not hold
            return self._skip(c, n.text, "qualifier", c.qualifiers[0].text if c.qualifiers else c.subject)
        share = shares[-1]
        num = [k for k in seg if k.end <= share.start]
        base = [k for k in seg if k.start >= share.end]
        recent = self.recent if self.recent and self.recent[1] >= c.part_start else None
        if recent and recent[0].kind == "at_most" and not (c.rows or c.cols):  # 网络申请3件，占43%: a share of a part
            part = recent[2]
            return self._skip(c, n.text, "qualifier", part.qualifiers[0].text if part.qualifiers else part.subject)
        recent = recent if recent and recent[0].kind == "count" else None
        if num and all(k.kind == "row" and k.family.weak for k in num):
            num = []  # 申请占60%: the weak noun names no part
        if num:
            table = num[-1].family.table
            numerator = self._readings([k for k in num if k.kind == "row"][-1:],
                                       [k for k in num if k.kind == "col"][-1:], table, None, False, False)
        elif recent:  # 予以公开17件，占37%: the count just before, in the same part of the sentence
            numerator, table = recent[0].readings, recent[0].table
        else:
            return self._skip(c, n.text, "no_family")
        spec = self.v.tables[table]
        if base and {k.family.table for k in base} == {table}:
            bases = self._readings([k for k in base if k.kind == "row"][-1:],
                                   [k for k in base if k.kind == "col"][-1:], table, None, False, False)
        else:
            alts = [(r.rows, spec.total_col) for r in numerator if r.cols != (spec.total_col,)]
            alts += [(b, col) for b in spec.share_bases for col in {numerator[0].cols, (spec.total_col,)}]
            bases = tuple(Reading(table, rows, cols if isinstance(cols, tuple) else (cols,))
                          for rows, cols in dict.fromkeys(alts))
        bases = tuple(b for b in bases if b.cells not in {r.cells for r in numerator})
        self._claim("share", table, c, n.text, n.value, numerator, bases, n.decimals)

    def _denial(self, c: Clause) -> None:
        rows, cols = list(c.rows), list(c.cols)
        if not rows:  # 无被纠错和败诉: the columns, for every row they apply to
            if len({k.family.table for k in cols}) != 1:
                return
            table = cols[0].family.table
            readings = self._readings([], cols, table, None, False, False)
            union = tuple(dict.fromkeys(p for x in readings for p in x.rows))
            self._claim("none", table, c, self.text[c.word.start:cols[-1].end], 0, (Reading(table, union, readings[0].cols),))
            return
        if len({k.family.table for k in rows}) > 1:  # 未发生申请行政复议的情况: the weak 申请 is the verb
            rows = [k for k in rows if not k.family.weak]
        if len({k.family.table for k in rows}) > 1:  # 未收到行政复议申请: 表三 or 表四? neither
            return
        if any(not k.family.weak for k in rows):
            rows = [k for k in rows if not k.family.weak]
        rows = rows[:1] + [k for i, k in enumerate(rows[1:], 1)
                           if self.v.conjunctions.match(self.text[rows[i - 1].end:k.start])]
        table = rows[0].family.table
        readings = self._readings(rows, [k for k in cols if k.family.table == table], table, None, False, False)
        union = tuple(dict.fromkeys(p for x in readings for p in x.rows)) if len(rows) > 1 else None
        if union:  # 未发生行政复议、行政诉讼: none of them
            readings = (Reading(table, union, readings[0].cols),)
        written = self.text[c.word.start:max(k.end for k in rows + cols)]
        self._claim("none", table, c, written, 0, readings)

    def _zero(self, c: Clause) -> None:
        z = c.word
        table = z.family.table
        scope = self._chain([k for k in c.rows if k.family.table == table])
        spec = self.v.tables[table]
        if scope:
            rows = tuple(dict.fromkeys(p for k in scope for p in k.family.readings[0]))
            label = scope[0].family.label if len(scope) == 1 else None
            readings = (Reading(table, rows, z.family.cols, label),)
        elif table in self.parent:
            readings = tuple(Reading(table, r.rows, z.family.cols, r.row_label) for r in self.parent[table].readings)
        else:
            readings = tuple(Reading(table, r, z.family.cols) for r in spec.col_rows)
        self._claim("zero", table, c, z.text, 0, readings)

    def _all(self, c: Clause) -> None:
        """共收到8份申请，均为自然人申请: the column holds the whole count just stated."""
        col = c.cols[0]
        table = col.family.table
        last = self.last.get(table)
        total = (self.v.tables[table].total_col,)
        if not last or last[1] or last[0].kind != "count" or last[2] != c.sentence_index or \
                any(r.cols != total for r in last[0].readings):
            return
        whole = last[0]
        readings = tuple(Reading(table, r.rows, col.family.cols, r.row_label, col.family.label) for r in whole.readings)
        self._claim("count", table, c, f"{whole.written}（{c.word.text}{col.text}）", whole.value, readings, part=True)

    def _complete(self, c: Clause) -> None:
        """均已办结: nothing of the scope is carried over (or, for this year's applications, no more than came in from last year)."""
        z = c.word
        table = z.family.table
        spec = self.v.tables[table]
        done = spec.complete
        total = (spec.total_col,)
        if done.all.search(self.text, c.start, z.start):
            allow = [a for _, a in done.scopes if not a]
        else:
            # the count just before in the sentence: not a part (其中在线申请2件), not 信访件 (no claim), not 答复 (a tautology)
            whole = self.counted[0] if self.counted and self.counted[1] == c.sentence_index else None
            if whole is None or whole.table != table:
                return
            allow = [a for rows, a in done.scopes for r in whole.readings
                     if set(r.rows) == set(rows) and r.cols == total]
        if not allow:
            return
        readings = (Reading(table, done.rows, total),)
        self._claim("complete", table, c, z.text, 0, readings, tuple(Reading(table, a, total) for a in dict.fromkeys(allow)))
