"""Parts above their whole in one sentence (TX-23): 「主动公开政府信息61条，其中A 20条，B 30条，C 26条」.

Owns: finding a whole and its listed parts in one sentence — a quantity followed by 其中 (or
``在主动公开的61条政府信息中，…``) and the quantities after it, until the list ends (a ；
unless the list opened with 其中：, a clause opening with 另/同时/累计…, another year, a nested
其中) — and the finding when the parts add up to more than the whole. A partial list (parts
below the whole) is silent; so is a list whose units differ from the whole's (money converted),
whose parts may overlap (channels: 网站/微信…, 涉及…), that distributes one number (各) or
holds an approximation, and a whole about applications or cases (TX-1/TX-2 read those).
"""
from __future__ import annotations

import re
from itertools import groupby
from typing import Any, Iterator, NamedTuple

from xl_addin.check.text.located import span_quote
from xl_addin.check.text.quantities import Lexicon, Quantity, lexicon, read
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

THEN_PARTS = re.compile(r"[^，,；;：:。！？\d０-９]{0,12}?[，,]?\s*其中\s*([：:])?\s*[，,]?")
SCOPE_OPEN = re.compile(r"\s*(?:在|从)([^，,。；;：:\d０-９]{2,16}?)中\s*([，,：:])")
SCOPE_END = re.compile(r"\s*[^，,；;：:。\d０-９]{0,16}?中\s*([，,：:])")
CLAUSE_START = re.compile(r"[，,；;：:]\s*")
YEAR_START = re.compile(r"\s*(?:19|20)\d{2}\s*年")
BAD_WHOLE = {"approx", "each", "respectively", "compare", "change", "denial", "future"}


class Listing(NamedTuple):
    whole: Quantity
    parts: tuple[Quantity, ...]
    start: int          # where the whole's clause starts in the sentence (for the quote)


def scale(lex: Lexicon, q: Quantity, whole: Quantity) -> float | None:
    """A part's value in the whole's unit; None when the units differ (money converts)."""
    if q.unit == whole.unit:
        return q.value
    if q.unit in lex.money and whole.unit in lex.money:
        return q.value * lex.money[q.unit] / lex.money[whole.unit]
    return None


def listings(lex: Lexicon, qs: list[Quantity]) -> Iterator[Listing]:
    """The wholes of one sentence with the parts listed after them."""
    sentence = qs[0].sentence
    for i, w in enumerate(qs):
        if w.unit == "%" or w.flags & BAD_WHOLE or w.part and _in_brackets(sentence, w.start):
            continue
        nxt = qs[i + 1].start if i + 1 < len(qs) else len(sentence)
        m = THEN_PARTS.match(sentence, w.end)
        colon = False
        if m and m.end() <= nxt:
            colon = bool(m.group(1))
        else:
            m = SCOPE_END.match(sentence, w.end)
            if not (m and m.end() <= nxt and "在" in sentence[clause_start(sentence, w.start):w.start]):
                continue
            colon = m.group(1) in "：:"
        parts = _parts(lex, sentence, w, qs[i + 1:], m.end(), colon)
        if parts:
            yield Listing(w, tuple(parts), clause_start(sentence, w.start))


def clause_start(sentence: str, pos: int) -> int:
    return max([0] + [m.end() for m in CLAUSE_START.finditer(sentence, 0, pos)])


def _in_brackets(sentence: str, pos: int) -> bool:
    head = sentence[:pos]
    return head.count("（") + head.count("(") > head.count("）") + head.count(")")


def _parts(lex: Lexicon, sentence: str, whole: Quantity, rest: list[Quantity], begin: int, colon: bool) -> list[Quantity]:
    """The parts after 其中 until the list ends; [] when the list cannot be summed."""
    parts: list[Quantity] = []
    prev = begin
    for q in rest:
        between = sentence[prev:q.start]
        if (not colon and re.search(r"[；;]", between)) or re.search(r"其中|另有|此外", between) and parts:
            break
        if any(lex.stops.match(sentence, c.end()) or YEAR_START.match(sentence, c.end())
               for c in CLAUSE_START.finditer(sentence, prev, q.start)):
            break
        if q.flags & {"compare", "change", "cumulative", "future"}:
            break
        prev = q.end
        if q.unit == "%" or _in_brackets(sentence, q.start):
            continue                       # a share of a part, or a part of a part
        if q.flags & {"approx", "each", "denial"} or scale(lex, q, whole) is None:
            return []
        label = sentence[max(begin, clause_start(sentence, q.start)):q.start]
        if lex.overlapping.search(label) or lex.overlapping.search(q.scope):
            return []
        parts.append(q)
    return parts


def carried(lex: Lexicon, before: list[Quantity], qs: list[Quantity]) -> Listing | None:
    """「…公开政府信息50条。在主动公开的信息中，A 4条，B 10条…」: the parts of the sentence before's whole."""
    sentence = qs[0].sentence
    m = SCOPE_OPEN.match(sentence)
    counts = [q for q in before if q.unit != "%" and not q.part and not q.flags & BAD_WHOLE]
    if not m or not counts or counts[-1].path != qs[0].path:
        return None
    whole, noun = counts[-1], re.sub(r"^(?:这些|上述|以上|前述)", "", m.group(1).rsplit("的", 1)[-1])
    if len(noun) < 2 or not (whole.noun.endswith(noun) or noun.endswith(whole.noun) and whole.noun):
        return None
    parts = _parts(lex, sentence, whole, qs, m.end(), m.group(2) in "：:")
    return Listing(whole, tuple(parts), -1) if parts else None


def parts_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-23: the parts listed in one sentence (or after 「在…中，」 opening the next) are not more than their whole."""
    lex = lexicon(schema["x-format"]["id"])
    before: list[Quantity] = []
    for _, group in groupby(read(data, schema), key=lambda q: q.sentence_id):
        qs = list(group)
        found = list(listings(lex, qs)) if len(qs) > 1 else []
        got = carried(lex, before, qs)
        before = qs
        for listing in found + ([got] if got else []):
            w = listing.whole
            if lex.skipped(w) or any(lex.skipped(p) for p in listing.parts):
                continue
            total = sum(scale(lex, p, w) for p in listing.parts)
            if total <= w.value + 1e-9:
                continue
            last = listing.parts[-1]
            if listing.start < 0:   # the whole stands in the sentence before
                quote = span_quote(w.sentence, clause_start(w.sentence, w.start), w.end, 40) + "。" + \
                    span_quote(last.sentence, 0, last.end, 60)
            else:
                quote = span_quote(w.sentence, listing.start, last.end)
            terms = "＋".join(M.num(p.value) + ("" if p.unit == w.unit else p.unit) for p in listing.parts)
            message = rule["message"].format(where=S.title(schema, last.section), quote=quote, total=M.num(round(total, 6)),
                                             unit=w.unit, terms=terms, whole=w.written.replace(" ", ""))
            yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(last.path), kind=rule["kind"],
                          message=message, expected=w.value, actual=round(total, 6), imbalance=round(w.value - total, 6))
