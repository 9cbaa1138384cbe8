"""The claim vocabulary of a schema (``x-claims``), compiled into one scanner.

Owns: turning the phrase families of ``x-claims`` (words → table rows × columns, with their
accepted readings) and its context markers (其中, 各, 占, 较上年, 未发生, 决定书 …) into typed
records, and scanning a text into tokens, the longest phrase winning where phrases overlap
(``结转下年度继续办理`` is one token, not ``办理``; ``无法提供`` is not the denial ``无``).
Knows no table values and no messages.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

MARKERS = ("neutral", "sub", "each", "respectively", "share", "rate", "compare", "change", "cumulative", "approx",
           "qualifier", "denial", "other", "conjunction")


@dataclass(frozen=True)
class Family:
    """A phrase family: what its words mean. Rows and columns name table data; markers set context."""
    kind: str                                   # "row" | "col" | "zero" | one of MARKERS
    index: int
    table: str | None = None                    # "t3"
    rule: str | None = None                     # "TX-1"
    readings: tuple[tuple[str, ...], ...] = ()  # row families: alternatives, each a tuple of row paths
    cols: tuple[str, ...] = ()                  # col / zero families: column codes
    deny: bool = False                          # a denial (未发生…) of this family claims zero
    weak: bool = False                          # only a top-level claim, never one after 其中
    label: str | None = None                    # how messages name a sum of rows or columns

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


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    family: Family
    text: str


@dataclass(frozen=True)
class Vocabulary:
    families: tuple[Family, ...]
    tables: dict = field(default_factory=dict)  # table -> TableSpec
    sections: tuple[str, ...] = ()
    count_units: frozenset = frozenset()
    pattern: re.Pattern | None = None
    by_group: tuple = ()                        # regex group index -> Family
    conjunctions: re.Pattern | None = None      # what may stand between two joined phrases (A和B)
    topic: re.Pattern | None = None             # a sentence about applications or cases

    def scan(self, text: str) -> list[Token]:
        """The tokens of a text, leftmost first; at one position the longest phrase wins."""
        out = []
        for m in self.pattern.finditer(text):
            fam = self.by_group[m.lastindex]
            out.append(Token(m.start(), m.end(), fam, m.group()))
        return out


def _width(pattern: str) -> tuple[int, int]:
    lo, hi = sre_parse.parse(pattern).getwidth()
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
        tables[table] = TableSpec(table, rule, t["total_col"], tuple(tuple(r) for r in t["col_rows"]),
                                  tuple(tuple(r) for r in t.get("share_bases", [])))
        for r in t["rows"]:
            add(Family("row", len(families), table, rule, tuple(tuple(x) for x in r["readings"]),
                       deny=r.get("deny", False), weak=r.get("weak", False), label=r.get("label")), r["words"])
        for c in t.get("cols", []):
            add(Family("col", len(families), table, rule, cols=tuple(c["cols"]), label=c.get("label")), c["words"])
        for z in t.get("zero", []):
            add(Family("zero", len(families), table, rule, cols=tuple(z["cols"]), label=z.get("label")), z["words"])
    for kind in MARKERS:
        if spec["markers"].get(kind):
            add(Family(kind, len(families)), spec["markers"][kind])
    # one alternation, longest phrases first, so that at a position the longest phrase matches
    words.sort(key=lambda wf: tuple(-x for x in _width(wf[0])))
    pattern = re.compile("|".join(f"({w})" for w, _ in _no_groups(words)))
    by_group = (None,) + tuple(f for _, f in words)
    return Vocabulary(tuple(families), tables, tuple(spec["sections"]), frozenset(spec["units"]["count"]),
                      pattern, by_group, re.compile(spec["conjunctions"]), re.compile(spec["topic"]))


def _no_groups(words: list[tuple[str, Family]]) -> list[tuple[str, Family]]:
    """Words with their own groups made non-capturing, so that group numbers map to words."""
    return [(re.sub(r"(?<!\\)\((?!\?)", "(?:", w), f) for w, f in words]


@functools.lru_cache(maxsize=None)
def _compiled(schema_id: str, fmt: str) -> Vocabulary:
    from xl_addin.model import schema as S
    return compile_vocabulary(S.load(fmt)["x-claims"])


def vocabulary(schema: dict) -> Vocabulary:
    """The compiled vocabulary of a schema (once per format)."""
    return _compiled(schema.get("$id", ""), schema["x-format"]["id"])
