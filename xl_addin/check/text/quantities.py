"""The counted quantities of the narrative, read as clauses: verb, counted noun, number, unit, scope, year, qualifiers.

Owns: turning each number of the sections named in ``x-reading`` into a ``Quantity`` — what is
counted (the noun between the clause's verb and the number, or the one after the unit:
``在主动公开的61条政府信息中``; an elided noun taken from the clause before with the same verb:
``发布…公文类政府信息，全年共发布36条``), the verb's class (``公开`` for 主动公开/发布/公布), the
words before the verb (who or through what: the scope), the year the sentence or clause is dated
by (a leading ``2023年，``), whether it is a part of another quantity (after 其中, within
``在…中``, in brackets) and its qualifiers (a comparison, a change, a cumulative or approximate
figure, a plan, a denial, 各/分别). The vocabulary is data (``x-reading``); the reading rules
(``parts``, ``rates``, ``restated``, ``t2_claims``, ``year_label``) read quantities, never text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterator

from xl_addin.check.text import clauses, narrative, numbers
from xl_addin.check.text.located import arabic_dates
from xl_addin.check.text.vocabulary import vocabulary
from xl_addin.model import schema as S

CLAUSE = "，,；;：:"
BLANKS = re.compile(r"\s+")
OPENING = r"[\u4e00-\u9fff]{0,6}(?:坚持|认真|深入|继续|持续|围绕|按照|紧紧|严格)"  # 2024年我局坚持…
LEADING_YEAR = re.compile(r"^\s*(?:在|于)?\s*((?:19|20)\d{2})\s*年\s*(度)?\s*"
                          rf"(?=[，,、]|全年|以来|上半年|下半年|期间|内|里|我|本|全|共|{OPENING})")
CLAUSE_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*度?\s*[，,]")
AFTER_NOUN = re.compile(r"[^\s，,。；;：:、中的（）()“”\"《》]{2,16}")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|〈[^〉]*〉")
BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")


@dataclass(frozen=True)
class Quantity:
    """One number of the narrative with what it counts."""
    path: str                  # data path of the paragraph (``s1.2.paragraphs.0``)
    section: str               # ``s1``
    order: tuple               # (paragraph path, number within it): which quantity, in reading order
    sentence: str              # the sentence as written
    sentence_id: tuple         # (paragraph path, sentence within it)
    start: int                 # the number's span within the sentence (with its unit)
    end: int
    written: str               # ``61条``
    value: float | int
    unit: str                  # ``条``, ``万元``, ``%``
    decimals: int
    verb: str                  # the verb's class (``公开``), "" when none
    verb_word: str             # the verb as written (``主动公开``)
    noun: str                  # the counted noun (``政府信息``), "" when none
    scope: str                 # the clause's words before the verb (who, through what), without time words
    year: int | None           # the year the sentence or clause is dated by; None: undated (the report year)
    part: bool                 # a part of another quantity (其中, 在…中, brackets, 含)
    flags: frozenset           # compare change cumulative approx future denial each respectively inherited
    years_before: tuple = ()   # every year its sentence names before it (2023年12月, 2023年政府决算 …)
    paragraph: str = ""        # the paragraph it stands in, and where its sentence starts there
    offset: int = 0
    reader: tuple = ()         # (format, report year, office): how the claim reader reads the paragraph

    @property
    def table(self) -> bool:
        """Whether the claim reader's clause model reads it as a figure of 表三/表四 (TX-1/TX-2 check it)."""
        return bool(self.reader) and self.offset + self.start in _table_numbers(*self.reader, self.paragraph)

    @property
    def is_count(self) -> bool:
        return self.unit not in ("%",) and not self.is_money

    @property
    def is_money(self) -> bool:
        return self.unit.endswith("元")

    @property
    def plain(self) -> bool:
        """A figure of its own: not compared, changed, cumulative, approximate, planned, denied or distributed."""
        return not (self.flags & {"compare", "change", "cumulative", "approx", "future", "denial", "each", "respectively"})


@dataclass(frozen=True)
class Lexicon:
    sections: tuple[str, ...]
    count_units: frozenset
    money: dict
    verbs: re.Pattern          # every verb word, longest first
    verb_class: dict           # word -> class
    fillers: re.Pattern        # at either end of a noun
    markers: dict              # kind -> compiled pattern
    skip_nouns: tuple[str, ...]    # counted by 表三/表四 (TX-1, TX-2 read them)
    skip_verbs: tuple[str, ...]
    overlapping: re.Pattern    # parts that may overlap (channels, 涉及): no partition of their whole
    wide: re.Pattern           # a wider scope than the reporting body (全县, 各部门)
    self_words: tuple[str, ...]    # the body speaking of itself (我局, 本机关)
    narrowing: re.Pattern      # a heading or scope that narrows what is counted (重点领域, 新媒体)
    stops: re.Pattern          # a clause opening with these ends a list of parts
    quick: re.Pattern          # a text without a match holds no quantity

    def skipped(self, q: Quantity) -> bool:
        """Whether a quantity is about applications or cases: the claim reader's (TX-1/TX-2) — as its clause
        model reads it, or by the schema's ``skip_nouns``/``skip_verbs`` where it does not read the sentence."""
        return q.table or q.verb in self.skip_verbs or any(w in q.noun for w in self.skip_nouns)


@functools.lru_cache(maxsize=None)
def lexicon(fmt: str) -> Lexicon:
    spec = S.load(fmt)["x-reading"]
    words = sorted({w: c for c, ws in spec["verbs"].items() for w in ws}.items(), key=lambda wc: -len(wc[0]))
    units = sorted(list(spec["units"]["count"]) + list(spec["units"]["money"]), key=len, reverse=True)
    fillers = "|".join(re.escape(w) for w in sorted(spec["fillers"], key=len, reverse=True))
    return Lexicon(tuple(spec["sections"]), frozenset(spec["units"]["count"]), dict(spec["units"]["money"]),
                   re.compile("".join(f"(?<!{re.escape(h)})" for h in spec["compound_heads"])   # 信息公开 is a noun
                              + "(?:" + "|".join(re.escape(w) for w, _ in words) + ")"), dict(words),
                   re.compile(f"^(?:{fillers}|[、和及与：:的])+|(?:{fillers}|[、和及与：:的])+$"),
                   {k: re.compile("|".join(ws)) for k, ws in spec["markers"].items()}, tuple(spec["skip_nouns"]),
                   tuple(spec["skip_verbs"]), _alternation(spec["overlapping"]), _alternation(spec["wide"]),
                   tuple(spec["self_words"]), _alternation(spec["narrowing"]),
                   re.compile("^(?:" + "|".join(spec["stops"]) + ")"),
                   re.compile(f"{numbers.NUMERAL}\\s?(?:余|多)?\\s?(?:" + "|".join(re.escape(u) for u in units) + r")|[%％]|百分之"))


def _alternation(words: list[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def squeeze(text: str) -> str:
    return BLANKS.sub("", text)


def clean_noun(lex: Lexicon, text: str) -> str:
    """The counted noun without fillers (共, 全年, 各类 …) and joining marks (、 的) at either end."""
    return lex.fillers.sub("", squeeze(text) if BLANKS.search(text) else text)


def read(data: Any, schema: dict) -> tuple[Quantity, ...]:
    """Every quantity of the report's narrative, those the claim reader's clause model reads as figures of
    表三/表四 marked ``table`` (one reading per report: the rules asking in turn get the same tuple)."""
    fmt = schema["x-format"]["id"]
    lex = lexicon(fmt)
    basic = data.get("basic") if isinstance(data, dict) and isinstance(data.get("basic"), dict) else {}
    year = basic.get("year") if isinstance(basic.get("year"), int) else None
    org = S.compact(basic["org_name"]) if isinstance(basic.get("org_name"), str) else ""
    key = (fmt, year, org) + tuple(_fingerprint(data, s) for s in lex.sections)
    if _LAST and _LAST[0] == key:
        return _LAST[1]
    qs = tuple(q for section, node, j, text in _texts(data, lex.sections)
               for q in _paragraph(fmt, section, node, j, text, year, org))
    _LAST[:] = [key, qs]
    return qs


def _fingerprint(data: Any, section: str) -> tuple:
    """A section's headings and paragraphs as they stand (the same strings compare at once): the cache key."""
    nodes = data.get(section) if isinstance(data, dict) else None
    if not isinstance(nodes, list):
        return (repr(nodes),)
    return tuple((n.get("heading"), tuple(n.get("paragraphs") or ())) if isinstance(n, dict) else repr(n) for n in nodes)


_LAST: list = []                         # the last report read: (key, quantities)


def _texts(data: Any, sections: tuple[str, ...]) -> Iterator[tuple[str, int, int, str]]:
    """(section, node, paragraph or -1 for the heading, text) of the outline sections, in reading order
    (``narrative.walk`` without building each path: most paragraphs are looked up, not read)."""
    for section in sections:
        nodes = data.get(section) if isinstance(data, dict) else None
        for i, node in enumerate(nodes if isinstance(nodes, list) else ()):
            if not isinstance(node, dict):
                continue
            h = node.get("heading")
            if isinstance(h, str) and h:
                yield section, i, -1, h
            paragraphs = node.get("paragraphs")
            for j, p in enumerate(paragraphs if isinstance(paragraphs, list) else ()):
                if isinstance(p, str) and p:
                    yield section, i, j, p


@functools.lru_cache(maxsize=4096)
def _paragraph(fmt: str, section: str, node: int, j: int, text: str, year: int | None, org: str) -> tuple[Quantity, ...]:
    """The quantities of one heading (j = -1) or paragraph (memoised: editing one paragraph reads that one again)."""
    lex = lexicon(fmt)
    if not lex.quick.search(text):
        return ()
    path = f"{section}.{node}.heading" if j < 0 else f"{section}.{node}.paragraphs.{j}"
    out: list[Quantity] = []
    for sid, (a, b) in enumerate(narrative.sentences(text)):
        if lex.quick.search(text, a, b):
            out += sentence_quantities(lex, section, path, text[a:b], (path, sid), len(out),
                                       dict(paragraph=text, offset=a, reader=(fmt, year, org)))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _table_numbers(fmt: str, year: int | None, org: str, text: str) -> frozenset[int]:
    """Where the claim reader's clause model reads a number as a figure of 表三/表四 (applications, cases):
    a number with a row or column phrase, or in a sentence about them, whose counted noun is not another thing."""
    v = vocabulary(S.load(fmt))
    if not v.worth_reading(text, whole=True):
        return frozenset()
    return frozenset(c.number.start for c in clauses.paragraph(v, text, year, org)
                     if c.kind == "number" and c.noun_kind != "other" and (c.rows or c.cols or c.after or c.topical))


def _masked(sentence: str) -> str:
    """The sentence with quoted words and titles blanked (a slogan's “三个一” counts nothing), same length."""
    return QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)


def sentence_quantities(lex: Lexicon, section: str, path: str, sentence: str, sid: tuple, order: int,
                        where: dict | None = None) -> list[Quantity]:
    """The quantities of one sentence, left to right (read without blanks: PDF text spaces its digits)."""
    if BLANKS.search(sentence):
        keep = [i for i, c in enumerate(sentence) if not c.isspace()]
        text = "".join(sentence[i] for i in keep)
    else:
        keep, text = range(len(sentence)), sentence
    masked = _masked(text)
    if "〇" in masked or "○" in masked or "零" in masked:
        dated = arabic_dates(masked)
        masked = dated if len(dated) == len(masked) else masked
    found = [n for n in numbers.find(masked) if n.unit in lex.count_units or n.unit in lex.money or n.is_percent]
    if not found:
        return []
    brackets = [(m.start(), m.end()) for m in BRACKETS.finditer(masked)]
    marks = [i for i, c in enumerate(masked) if c in CLAUSE]
    year_at = []
    for i in [-1] + marks:
        m = (LEADING_YEAR if i < 0 else CLAUSE_YEAR).match(masked, i + 1) or _year_then_verb(lex, masked, i + 1)
        if m:
            year_at.append((i + 1, int(m.group(1))))
    scope_whole = _scope_whole(masked, found)
    named = [(m.start(), int(m.group(1))) for m in YEAR_NAMED.finditer(masked)]
    out: list[Quantity] = []
    prev_end = 0
    for k, n in enumerate(found):
        cs = max([0] + [i + 1 for i in marks if i < n.start])
        seg = masked[max(cs, prev_end):n.start]
        verb_word, verb, noun, scope = _clause_parts(lex, seg, masked[cs:n.start])
        flags = set(_flags(lex, masked, cs, n))
        if not noun and n.unit in lex.count_units:
            after = AFTER_NOUN.match(masked, n.end)
            noun = clean_noun(lex, after.group(0)) if after else ""
        if not noun and verb:
            noun = _elided(lex, masked, marks, cs, verb)
            if noun:
                flags.add("inherited")
        year = next((y for at, y in reversed(year_at) if at <= n.start), None)
        part = (any(a < n.start < b for a, b in brackets) or bool(lex.markers["part"].search(masked, 0, n.start))
                or (scope_whole is not None and n.start > scope_whole))
        a, b = keep[n.start], keep[n.end - 1] + 1
        out.append(Quantity(path, section, (path, order + k), sentence, sid, a, b, sentence[a:b], n.value, n.unit, n.decimals,
                            verb, verb_word, noun, scope, year, part, frozenset(flags),
                            years_before=tuple(y for at, y in named if at < n.start), **(where or {})))
        prev_end = n.end
    return out


YEAR_NAMED = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
YEAR_HEAD = re.compile(r"(?:在|于)?((?:19|20)\d{2})年度?(?:共|全年|累计|新)?")


def _year_then_verb(lex: Lexicon, masked: str, pos: int) -> re.Match | None:
    """``2020年制发规范性文件10件``: a year right before the verb dates the clause (not ``2023年政府决算``)."""
    m = YEAR_HEAD.match(masked, pos)
    return m if m and lex.verbs.match(masked, m.end()) else None


def _elided(lex: Lexicon, masked: str, marks: list[int], cs: int, verb: str) -> str:
    """``发布…公文类政府信息，全年共发布36条``: the noun of the clause before, when its verb is the same."""
    before = [i for i in marks if i < cs - 1]
    start = before[-1] + 1 if before else 0
    clause = masked[start:cs - 1]
    verbs = [v for v in lex.verbs.finditer(clause) if lex.verb_class[v.group(0)] == verb]
    if not verbs or numbers.find(clause[verbs[-1].end():]):
        return ""
    return clean_noun(lex, clause[verbs[-1].end():])


def _scope_whole(masked: str, found: list) -> int | None:
    """``在主动公开的61条政府信息中，…``: where the whole's scope phrase ends (what follows is its parts)."""
    for n in found:
        head = masked.rfind("在", 0, n.start)
        tail = masked.find("中", n.end)
        if head >= 0 and tail > 0 and tail - n.end <= 16 and n.start - head <= 16 \
                and not any(c in masked[head:tail] for c in CLAUSE) and masked[tail + 1:tail + 2] in ("，", ",", "：", ":"):
            return tail
    return None


def _clause_parts(lex: Lexicon, seg: str, clause: str) -> tuple[str, str, str, str]:
    """(verb as written, its class, the counted noun, the scope) of the words before a number."""
    verbs = list(lex.verbs.finditer(seg))
    if verbs:
        v = verbs[-1]
        return v.group(0), lex.verb_class[v.group(0)], clean_noun(lex, seg[v.end():]), clean_noun(lex, seg[:v.start()])
    verbs = list(lex.verbs.finditer(clause))
    if verbs:  # 其中A10条、B20条: the verb stands before the first part
        v = verbs[-1]
        return v.group(0), lex.verb_class[v.group(0)], clean_noun(lex, seg), clean_noun(lex, clause[:v.start()])
    return "", "", clean_noun(lex, seg), ""


def _flags(lex: Lexicon, masked: str, cs: int, n: numbers.Number) -> list[str]:
    """The qualifiers of a number: markers in its clause before it, and an approximation next to it."""
    before = masked[cs:n.start]
    out = [k for k in ("compare", "change", "cumulative", "future", "denial", "each", "respectively")
           if lex.markers[k].search(before)]
    after = masked[n.end:n.end + 3]
    if n.approx or lex.markers["approx"].search(before[-3:]) or re.match(r"(?:以上|左右|多)", after):
        out.append("approx")
    if re.match(r"\s*(?:以上|左右)", after):
        out.append("approx")
    return out
