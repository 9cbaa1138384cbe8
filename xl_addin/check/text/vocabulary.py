"""The claim vocabulary of a schema (``x-claims``), compiled into one scanner.

Owns: turning the phrase families of ``x-claims`` (words → table rows × columns, with their
accepted readings and their role: a verb such as 收到, a counted noun such as 行政复议, or an
outcome such as 予以公开), its context markers (其中, 各, 占, 较上年, 未发生, 决定书 …), universal
claims (均已办结), and the words of counted nouns and subjects (``Nouns``, ``Subjects``) into typed
records, and scanning a text into tokens, the longest phrase winning where phrases overlap
(``结转下年度继续办理`` is one token, not ``办理``; ``无法提供`` is not the denial ``无``).
Knows no table values and no messages.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from xl_addin.check.text.numbers import NUMERAL
from xl_addin.model import schema as S

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

@functools.lru_cache(maxsize=None)
def _parsed(pattern: str):
    """A phrase pattern parsed once (its width, first characters and prefixes all read the parse):
    parsing each phrase four times was a third of a cold ``nianbao validate``."""
    return sre_parse.parse(pattern)


MARKERS = ("neutral", "sub", "each", "respectively", "share", "rate", "compare", "change", "cumulative", "approx",
           "qualifier", "channel", "total", "denial", "other", "conjunction")


@dataclass(frozen=True)
class Family:
    """A phrase family: what its words mean. Rows and columns name table data; markers set context."""
    kind: str                                   # "row" | "col" | "zero" | "complete" | one of MARKERS
    index: int
    table: str | None = None                    # "t3"
    rule: str | None = None                     # "TX-1"
    readings: tuple[tuple[str, ...], ...] = ()  # row families: alternatives, each a tuple of row paths
    cols: tuple[str, ...] = ()                  # col / zero families: column codes
    deny: bool = False                          # a denial (未发生…) of this family claims zero
    weak: bool = False                          # only a top-level claim, never one after 其中
    label: str | None = None                    # how messages name a sum of rows or columns
    role: str = ""                              # rows: "verb" (收到, 办结), "noun" (申请, 行政复议) or "" (an outcome)
    year_offset: int | None = None              # a year inside the phrase is the report year plus this (2021年结转)

    @property
    def codes(self) -> frozenset:
        """Every row (or column) this family touches, for telling a narrower family from a wider one."""
        if self.kind == "row":
            return frozenset(p for r in self.readings[:1] for p in r)
        return frozenset(self.cols)


@dataclass(frozen=True)
class TableSpec:
    """How claims about one table are read and checked."""
    table: str
    rule: str
    total_col: str
    col_rows: tuple[tuple[str, ...], ...]       # rows of a column named without a row (自然人 → 一 or 一＋二)
    share_bases: tuple[tuple[str, ...], ...]    # what 占…% may be a share of
    heads: re.Pattern | None = None             # a head noun counting this table's items (案件)
    complete: "Complete | None" = None          # universal claims (均已办结)


@dataclass(frozen=True)
class Complete:
    """A universal claim (均已办结): for the applications of a scope, ``rows`` are at most the allowance."""
    rows: tuple[str, ...]
    all: re.Pattern                             # an explicit universal subject (所有申请)
    scopes: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (scope rows, allowance rows)


@dataclass(frozen=True)
class Nouns:
    """What a counted noun may hold besides the table's own phrases."""
    filler: re.Pattern                          # 共计, 各类, 依法, 群众 …: removed before a noun is judged
    light: re.Pattern                           # what may close a denied phrase (的情况)
    after_stop: re.Pattern                      # after a unit: no noun follows (已, 均, 予以 …)


@dataclass(frozen=True)
class Subjects:
    """Who a clause speaks of: the office itself, the whole area, or another agency (a part)."""
    time: re.Pattern
    own: re.Pattern
    whole: re.Pattern
    agency: re.Pattern
    trailing: re.Pattern


class Token(NamedTuple):
    start: int
    end: int
    family: Family
    text: str
    kind: str          # the family's kind, at hand


@dataclass(frozen=True)
class Vocabulary:
    families: tuple[Family, ...]
    tables: dict = field(default_factory=dict)  # table -> TableSpec
    sections: tuple[str, ...] = ()
    count_units: frozenset = frozenset()
    named_units: frozenset = frozenset()        # count only with the counted noun named (依申请公开17条)
    pattern: re.Pattern | None = None
    by_first: dict = field(default_factory=dict)  # first character -> (regex of the phrases it starts, group -> Family)
    starts: frozenset = frozenset()               # the first two characters of every phrase (or the whole of a shorter one)
    conjunctions: re.Pattern | None = None      # what may stand between two joined phrases (A和B)
    topic: re.Pattern | None = None             # a sentence about applications or cases
    lookahead: re.Pattern | None = None         # between a number and the phrase after it: “5件予以公开”
    scope: re.Pattern | None = None             # after a number, what follows is within it: “15件申请中，…”
    quick: tuple = ()                           # (count, denial, zero) patterns: a text none fits is skipped
    phrase_starts: frozenset = frozenset()
    nouns: Nouns | None = None
    subjects: Subjects | None = None
    narrower: re.Pattern | None = None          # after a number: 其中政府信息公开类… (the number counts more than that)

    def worth_reading(self, text: str, pos: int = 0, endpos: int | None = None, whole: bool = False) -> bool:
        """Whether a text can make a claim: 均获维持, a denial of a row, or a number with a count unit
        (or a percentage) with a phrase of a row or column in its clause (or in a sentence about
        applications). ``whole``: only the cheap first test, for a whole paragraph."""
        endpos = len(text) if endpos is None else endpos
        count, denial, zero, named = self.quick
        if whole:
            return bool(count.search(text, pos, endpos) or denial.search(text, pos, endpos) or zero.search(text, pos, endpos)
                        or named.search(text, pos, endpos) and self.topic.search(text, pos, endpos))
        if zero.search(text, pos, endpos):
            return True
        for m in denial.finditer(text, pos, endpos):  # a denial with a row it can deny close behind
            if any(k.kind == "row" and k.family.deny for k in self.scan(text, m.end(), min(endpos, m.end() + 30))):
                return True
        numbers = list(count.finditer(text, pos, endpos))
        if not numbers:
            return bool(named.search(text, pos, endpos) and self.topic.search(text, pos, endpos))
        if self.topic.search(text, pos, endpos):
            return True
        starts = self.phrase_starts
        for m in numbers:
            a = max([pos] + [text.rfind(c, pos, m.start()) + 1 for c in "，,；;：:"])
            for i in range(a, min(endpos, m.end() + 8)):
                if text[i:i + 3] in starts or text[i:i + 2] in starts:
                    return True
        return False

    def scan(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Token]:
        """The tokens of a text (or of text[pos:endpos]), leftmost first; at one position the longest phrase wins."""
        out: list[Token] = []
        end = 0
        by_first, starts = self.by_first, self.starts
        for m in self.pattern.finditer(text, pos, len(text) if endpos is None else endpos):  # a character a phrase can start with …
            i = m.start()
            if i < end or text[i:i + 2] not in starts and text[i] not in starts:  # … and its next one
                continue
            sub, families = by_first[text[i]]
            hit = sub.match(text, i, len(text) if endpos is None else endpos)
            if hit:
                end = hit.end()
                fam = families[hit.lastindex]
                out.append(Token(i, end, fam, hit.group(), fam.kind))
        return out


def _width(pattern: str) -> tuple[int, int]:
    lo, hi = _parsed(pattern).getwidth()
    return min(hi, 1000), lo


def compile_vocabulary(spec: dict) -> Vocabulary:
    """The scanner of an ``x-claims`` block."""
    families: list[Family] = []
    words: list[tuple[str, Family]] = []

    def add(fam: Family, ws: list[str]) -> None:
        families.append(fam)
        words.extend((w, fam) for w in ws)

    tables = {}
    for t in spec["tables"]:
        table, rule = t["table"], t["rule"]
        done = t.get("complete")
        complete = Complete(tuple(done["rows"]), re.compile(done["all"]),
                            tuple((tuple(x["rows"]), tuple(x["allow"])) for x in done["scopes"])) if done else None
        tables[table] = TableSpec(table, rule, t["total_col"], tuple(tuple(r) for r in t["col_rows"]),
                                  tuple(tuple(r) for r in t.get("share_bases", [])),
                                  re.compile(f"(?:{t['heads']})") if t.get("heads") else None, complete)
        for r in t["rows"]:
            add(Family("row", len(families), table, rule, tuple(tuple(x) for x in r["readings"]),
                       deny=r.get("deny", False), weak=r.get("weak", False), label=r.get("label"),
                       role=r.get("role", ""), year_offset=r.get("year_offset")), r["words"])
        for c in t.get("cols", []):
            add(Family("col", len(families), table, rule, cols=tuple(c["cols"]), label=c.get("label")), c["words"])
        for z in t.get("zero", []):
            add(Family("zero", len(families), table, rule, cols=tuple(z["cols"]), label=z.get("label")), z["words"])
        if done:
            add(Family("complete", len(families), table, rule, (tuple(done["rows"]),)), done["words"])
    for kind in MARKERS:
        if spec["markers"].get(kind):
            add(Family(kind, len(families)), spec["markers"][kind])
    # one alternation, longest phrases first, so that at a position the longest phrase matches
    words.sort(key=lambda wf: tuple(-x for x in _width(wf[0])))
    by_first: dict[str, list[tuple[str, Family]]] = {}
    for w, fam in _no_groups(words):
        firsts = first_chars(w)
        if not firsts:
            raise ValueError(f"x-claims: cannot tell how “{w}” starts")
        for c in firsts:
            by_first.setdefault(c, []).append((w, fam))
    starts = set()
    for w, _ in words:
        got = prefixes(w, 2)
        if got is None:
            raise ValueError(f"x-claims: cannot tell how “{w}” starts")
        starts |= got
    dispatch = _Dispatch({c: ("|".join(f"({w})" for w, _ in ws), (None,) + tuple(f for _, f in ws))
                          for c, ws in by_first.items()})
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(by_first)) + "]")
    units = "|".join(re.escape(u) for u in spec["units"]["count"])
    zero = [w for w, f in _no_groups(words) if f.kind in ("zero", "complete")]
    denial = "|".join(w for w, f in _no_groups(words) if f.kind == "denial")
    named_units = spec["units"].get("named", [])
    named = "|".join(re.escape(u) for u in named_units) or "(?!)"
    quick = (re.compile(f"{NUMERAL}(?:余|多)?\\s?[万亿]?(?:{units})|[%％]|百分之"), re.compile(denial),
             re.compile("|".join(zero)), re.compile(f"{NUMERAL}\\s?(?:{named})"))
    phrase_starts = set()  # how a row or column phrase can begin: its first three characters (a shorter one whole)
    for w, f in words:
        if f.kind in ("row", "col"):
            got = prefixes(w, 3)
            if got is None:
                raise ValueError(f"x-claims: cannot tell how “{w}” starts")
            phrase_starts |= {x for x in got if not x[:1].isdigit()}  # a year (2021年结转) is no sign of a phrase
    n, sub = spec["nouns"], spec["subject"]
    nouns = Nouns(re.compile(f"(?:{n['filler']})"), re.compile(n["light"]), re.compile(n["after_stop"]))
    subjects = Subjects(*(re.compile(sub[k]) for k in ("time", "own", "whole", "agency", "trailing")))
    return Vocabulary(tuple(families), tables, tuple(spec["sections"]), frozenset(spec["units"]["count"]),
                      frozenset(named_units), pattern, dispatch, frozenset(starts), re.compile(spec["conjunctions"]), re.compile(spec["topic"]),
                      re.compile(spec["lookahead"]), re.compile(spec["scope"]), quick, frozenset(phrase_starts),
                      nouns, subjects, re.compile(spec["narrower"]) if spec.get("narrower") else None)


class _Dispatch(dict):
    """First character -> (the alternation of the phrases starting with it, their families), each
    alternation compiled when a text first needs it: compiling them all up front was most of the
    claim reader's share of a cold ``nianbao validate``."""

    def __init__(self, sources: dict[str, tuple[str, tuple]]):
        super().__init__()
        self.sources = sources

    def __missing__(self, first: str) -> tuple[re.Pattern, tuple]:
        source, families = self.sources[first]
        got = self[first] = (re.compile(source), families)
        return got


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of a regex can start with; None when that is not a small known set."""
    return _firsts(list(_parsed(pattern)))


def _firsts(items: list) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return out | {chr(av)}
        if name == "IN":
            for o, a in av:
                if str(o) != "LITERAL":
                    return None
                out.add(chr(a))
            return out
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "SUBPATTERN":
            sub = av[-1]
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            sub = av[2]
        elif name == "BRANCH":
            subs = [_firsts(list(b)) for b in av[1]]
            if any(x is None for x in subs):
                return None
            out |= set().union(*subs)
            if all(b.getwidth()[0] > 0 for b in av[1]):
                return out
            continue
        else:
            return None
        first = _firsts(list(sub))
        if first is None:
            return None
        out |= first
        if (av[0] if name != "SUBPATTERN" else sub.getwidth()[0]) > 0:
            return out
    return None  # the pattern can match the empty string


def prefixes(pattern: str, n: int) -> set[str] | None:
    """Every string of n characters a match of a regex can begin with (shorter: a whole short match)."""
    return _prefixes(list(_parsed(pattern)), n)


def _prefixes(items: list, n: int) -> set[str] | None:
    results = {""}
    for op, av in items:
        if all(len(r) >= n for r in results):
            break
        name = str(op)
        if name == "LITERAL":
            options = {chr(av)}
        elif name == "IN":
            options = set()
            for o, a in av:
                if str(o) == "LITERAL":
                    options.add(chr(a))
                elif str(o) == "RANGE" and a[1] - a[0] < 128:
                    options.update(chr(c) for c in range(a[0], a[1] + 1))
                else:
                    return None
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "SUBPATTERN":
            options = _prefixes(list(av[-1]), n)
        elif name == "BRANCH":
            subs = [_prefixes(list(b), n) for b in av[1]]
            options = None if any(x is None for x in subs) else set().union(*subs)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            lo, hi, sub = av
            one = _prefixes(list(sub), n)
            if one is None:
                return None
            options, current = set(), {""}
            for k in range(0, min(hi, n) + 1):
                if k >= lo:
                    options |= current
                current = {(a + b)[:n] for a in current for b in one}
        else:
            return None
        if options is None:
            return None
        results = {r if len(r) >= n else (r + o)[:n] for r in results for o in options}
    return results


def _no_groups(words: list[tuple[str, Family]]) -> list[tuple[str, Family]]:
    """Words with their own groups made non-capturing, so that group numbers map to words."""
    return [(re.sub(r"(?<!\\)\((?!\?)", "(?:", w), f) for w, f in words]


@functools.lru_cache(maxsize=None)
def _compiled(schema_id: str, fmt: str) -> Vocabulary:
    return compile_vocabulary(S.load(fmt)["x-claims"])


def vocabulary(schema: dict) -> Vocabulary:
    """The compiled vocabulary of a schema (once per format)."""
    return _compiled(schema.get("$id", ""), schema["x-format"]["id"])
