"""This year's figures under another year's date (TX-27): 「2023年，在主动公开的61条政府信息中，…」 in a 2024 report.

Owns: two readings of a statement dated another year (a sentence or clause opening with
``2023年，``; a year that qualifies a noun — 「公开了2024年政府预算、2023年政府决算」 — dates no
statement). A figure dated another year with the counted noun, verb and number of a statement of
the report year is a warning naming both years (last year's sentence left in with this year's
number). A sentence of 一、总体情况 that opens with the year before the report year and states
figures, without comparing (较上年, 同比, 增长 …), accumulating (以来, 累计) or planning, in a
paragraph that never names the report year, is a warning too: that section reports the year's
work. Everything else dated another year — comparisons, last year's 决算, cumulative figures — is
silent.
"""
from __future__ import annotations

import re
from itertools import groupby
from typing import Any, Iterator

from xl_addin.check.text.located import excerpt
from xl_addin.check.text.quantities import Lexicon, Quantity, lexicon, read
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

CONTEXT = ("compare", "change", "cumulative", "future")
CONTEXT_FLAGS = frozenset(CONTEXT)
OPENS_WITH_YEAR = re.compile(r"\s*(?:19|20)\d{2}\s*年度?\s*(?:[，,]|全年)")   # 2023年，… (not 2023年12月，…: an event)


def _quiet(lex: Lexicon, sentence: str) -> bool:
    """A sentence that neither compares, changes, accumulates nor plans (anywhere in it)."""
    return not any(lex.markers[k].search(sentence) for k in CONTEXT)


def _mentions(text: str, year: int) -> bool:
    return bool(re.search(rf"(?<!\d){year}\s*年", text))


def year_label_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-27: a statement of the report year's figures is not dated another year."""
    year = S.get(data, "basic.year")
    if not isinstance(year, int) or isinstance(year, bool):
        return
    lex = lexicon(schema["x-format"]["id"])
    qs = [q for q in read(data, schema) if q.is_count and not q.flags & CONTEXT_FLAGS]
    this_year: dict[tuple, Quantity] = {}
    for q in qs:
        if q.year in (None, year) and q.verb and q.noun:
            this_year.setdefault((q.verb, q.noun, q.unit, q.value), q)
    flagged: set[tuple] = set()
    for q in qs:
        if q.year in (None, year) or not q.verb or not q.noun:
            continue
        same = this_year.get((q.verb, q.noun, q.unit, q.value))
        if same is None or same.order == q.order or q.value < rule["least"] or not _quiet(lex, q.sentence) \
                or _mentions(q.sentence, year):
            continue
        flagged.add(q.sentence_id)
        message = rule["messages"]["same"].format(
            where=S.title(schema, q.section), quote=excerpt(q.sentence, q.written), other=q.year, year=year,
            written=q.written.replace(" ", ""), quote0=excerpt(same.sentence, same.written))
        yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(q.path), kind=rule["kind"],
                      message=message, expected=year, actual=q.year)
    yield from _leftovers(rule, data, schema, lex, qs, year, flagged)


def _leftovers(rule: dict, data: Any, schema: dict, lex: Lexicon, qs: list[Quantity], year: int,
               flagged: set[tuple]) -> Iterator[Finding]:
    """Sentences of the section on the year's work opening with last year, stating figures of their own."""
    section = rule["work_section"]
    for sid, group in groupby(qs, key=lambda q: q.sentence_id):
        got = [q for q in group if q.section == section and q.year == year - 1 and q.verb]
        if not got or sid in flagged:
            continue
        q = got[0]
        paragraph = S.get(data, q.path)
        if not OPENS_WITH_YEAR.match(q.sentence, 0) or not _quiet(lex, q.sentence) \
                or not isinstance(paragraph, str) or _mentions(paragraph, year):
            continue
        message = rule["messages"]["section"].format(where=S.title(schema, q.section), quote=excerpt(q.sentence, q.written),
                                                     other=q.year, year=year)
        yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(q.path), kind=rule["kind"],
                      message=message, expected=year, actual=q.year)
