"""内容雷同: how much of one narrative is the same text as another, and which reports of a roll-up are near-identical.

Owns: the measure (share of a text's character 8-grams, after normalising, that also occur in the
other text), the X-3 rule kind (a section of this year's narrative against last year's), and
``near_identical`` for the roll-up: pairs of offices whose narratives are near-identical among
thousands, without comparing every pair — an inverted index of each text's rarest shingles, and
only the pairs that meet in it checked exactly.

Normalising: full-width to half-width (NFKC), no spaces or punctuation, every digit or Chinese
numeral one placeholder (a copied text with this year's figures is still a copy), and the
office's own name and 本机关 name one placeholder (so is a copy with the name replaced).
The threshold and why are in ``docs/claims.md``; the schema's X-3 rule holds the value.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from xl_addin.check.text import narrative
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

K = 8                  # characters per shingle
NUMERAL = re.compile(r"[0-9零〇○一二两三四五六七八九十百千万亿]+")
DROP = re.compile(r"[\s\W_]+")
PLACEHOLDER_NUMBER, PLACEHOLDER_NAME = "#", "@"


def normalise(text: str, names: Iterable[str] = ()) -> str:
    t = DROP.sub("", unicodedata.normalize("NFKC", text))
    for name in sorted((DROP.sub("", unicodedata.normalize("NFKC", n)) for n in names if n and len(n) >= 2),
                       key=len, reverse=True):
        if name:
            t = t.replace(name, PLACEHOLDER_NAME)
    return NUMERAL.sub(PLACEHOLDER_NUMBER, t)


def shingles(text: str) -> frozenset[str]:
    """The character K-grams of a normalised text (the whole text when shorter)."""
    if len(text) <= K:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i:i + K] for i in range(len(text) - K + 1))


def containment(a: frozenset, b: frozenset) -> float:
    """The share of a's shingles that are also b's: how much of text a is identical text of b."""
    return len(a & b) / len(a) if a else 0.0


def similarity(a: frozenset, b: frozenset) -> float:
    """Near-identical both ways: the smaller of the two containments."""
    return min(containment(a, b), containment(b, a)) if a and b else 0.0


# ---------------------------------------------------------------- this year's narrative against last year's

def _names(data: Any) -> list[str]:
    basic = data.get("basic") if isinstance(data, dict) and isinstance(data.get("basic"), dict) else {}
    return [basic.get("org_name") or "", basic.get("self_name") or ""]


def section_shingles(data: Any, section: str, names: Iterable[str]) -> tuple[frozenset, int]:
    text = normalise(narrative.section_text(data, section), names)
    return shingles(text), len(text)


def similar_text_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """X-3: a section whose text is mostly last year's text (内容雷同), with the share of identical text."""
    last = data.get("last_year") if isinstance(data, dict) else None
    if not isinstance(last, dict):
        return
    names = _names(data)
    for section in rule["sections"]:
        if not isinstance(last.get(section), list):
            continue
        now, size = section_shingles(data, section, names)
        before, _ = section_shingles(last, section, names)
        if size < rule["min_chars"] or not before:
            continue
        share = containment(now, before)
        if share >= rule["threshold"]:
            yield Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(section), kind=rule["kind"],
                          message=rule["message"].format(section=S.title(schema, section), share=f"{share:.0%}"),
                          expected=rule["threshold"], actual=round(share, 3))


# ---------------------------------------------------------------- the roll-up: near-identical pairs among many

@dataclass(frozen=True)
class Pair:
    a: int              # indexes into the texts given, a < b
    b: int
    similarity: float   # the smaller share of identical text


SAMPLE = 8              # the index keeps the shingles that start with one character in SAMPLE (by code point)
@functools.cache
def _anchor() -> re.Pattern:
    """The sampled first characters (compiled when the roll-up first needs it: ~8 ms, not on every validate)."""
    return re.compile("[" + "".join(chr(c) for c in range(0x4E00, 0xA000, SAMPLE)) + "#@]")
COMMON = 16             # a shingle in more texts than this (or 0.5% of them) is boilerplate: it pairs texts with its first only
ESTIMATE = 0.6          # compare exactly when the sampled shingles shared reach this share of the threshold
MIN_SHARED = 3          # … and at least this many


def near_identical(texts: list[str], threshold: float, names: list[Iterable[str]] | None = None,
                   min_chars: int = 100) -> list[Pair]:
    """Pairs of texts whose similarity reaches the threshold, without comparing every pair.

    An inverted index of a sample of each text's shingles (those starting with one character in
    SAMPLE, so the same for every text): texts that share enough sampled shingles to come near the threshold are
    compared exactly. A shingle in very many texts (boilerplate) does not pair all of them, only
    each with the first, so the work grows with the number of texts, not with its square; a group
    of copies of one template still meets through that first text. ``names``: per text, its
    office's names, neutralised.
    """
    norm = [normalise(text, names[i] if names else ()) for i, text in enumerate(texts)]
    sampled = [list(dict.fromkeys(t[m.start():m.start() + K] for m in _anchor().finditer(t, 0, len(t) - K + 1)))
               if len(t) >= min_chars else [] for t in norm]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, hs in enumerate(sampled):
        for h in hs:
            postings[h].append(i)
    common = max(COMMON, len(texts) // 200)
    rare_met: dict[tuple[int, int], int] = defaultdict(int)    # shared shingles that few texts have
    first_met: dict[tuple[int, int], int] = defaultdict(int)   # shared boilerplate, counted for its first text
    for members in postings.values():
        if len(members) < 2:
            continue
        if len(members) > common:
            first = members[0]
            for m in members[1:]:
                first_met[first, m] += 1
        else:
            for k, a in enumerate(members):
                for b in members[k + 1:]:
                    rare_met[a, b] += 1
    need = ESTIMATE * threshold
    candidates = {pair for pair, n in rare_met.items() if n >= MIN_SHARED}
    candidates |= {pair for pair, n in first_met.items()
                   if n + rare_met.get(pair, 0) >= need * min(len(sampled[pair[0]]), len(sampled[pair[1]]))}
    sets: dict[int, frozenset] = {}
    out = []
    for a, b in sorted(candidates):
        for x in (a, b):
            if x not in sets:
                sets[x] = shingles(norm[x])
        s = similarity(sets[a], sets[b])
        if s >= threshold:
            out.append(Pair(a, b, round(s, 3)))
    return out


def threshold(fmt: str) -> float:
    """The share of identical text that makes two narratives near-identical: the format's X-3 rule
    (``similar_text``), the one value for X-3, the roll-up's C-10 and the audit's 内容雷同."""
    return next(r["threshold"] for r in S.load(fmt)["x-rules"] if r["kind"] == "similar_text")


def pairs(texts: dict[str, str]) -> list[tuple[str, str, float, str]]:
    """The hook of ``nianbao audit``: near-identical narratives among published reports, as
    (report, report, share of identical text, note); the threshold is the current format's X-3 rule."""
    names = list(texts)
    found = near_identical([texts[n] for n in names], threshold(S.FORMATS[-1]))
    return [(names[p.a], names[p.b], p.similarity, M.SIMILAR_NOTE.format(share=f"{p.similarity:.0%}"))
            for p in sorted(found, key=lambda p: -p.similarity)]
