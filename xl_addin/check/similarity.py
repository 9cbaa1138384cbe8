"""内容雷同: how much of one narrative is the same text as another, and which reports of a roll-up are near-identical.

Owns: the measure (share of a text's character 8-grams, after normalising, that also occur in the
other text), the X-3 rule kind (a section of this year's narrative against last year's), and
``near_identical`` for the roll-up: pairs of offices whose narratives are near-identical among
thousands, without comparing every pair — one-permutation MinHash sketches of the 8-gram sets,
banded into an LSH index, and only the pairs that share a band checked exactly.

Normalising: full-width to half-width (NFKC), no spaces or punctuation, every digit or Chinese
numeral one placeholder (a copied text with this year's figures is still a copy), and the
office's own name and 本机关 name one placeholder (so is a copy with the name replaced).
The threshold and why are in ``docs/claims.md``; the schema's X-3 rule holds the value.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from xl_addin.check import narrative
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

K = 8                  # characters per shingle
BINS = 128             # one-permutation MinHash: bins of the hash space
BANDS, ROWS = 32, 4    # LSH: BANDS × ROWS = BINS
BIG_BUCKET = 64        # a bucket with more reports than this is one group: pairs to its first report only
NUMERAL = re.compile(r"[0-9零〇○一二两三四五六七八九十百千万亿]+")
DROP = re.compile(r"[\s\W_]+")
PLACEHOLDER_NUMBER, PLACEHOLDER_NAME = "#", "@"


def normalise(text: str, names: Iterable[str] = ()) -> str:
    t = unicodedata.normalize("NFKC", text)
    for name in sorted((n for n in names if n and len(n) >= 2), key=len, reverse=True):
        t = t.replace(unicodedata.normalize("NFKC", name), PLACEHOLDER_NAME)
    t = DROP.sub("", t)
    return NUMERAL.sub(PLACEHOLDER_NUMBER, t)


def shingles(text: str) -> frozenset[int]:
    """The hashed character K-grams of a normalised text (the whole text when shorter)."""
    data = text.encode("utf-32-le")
    if len(text) <= K:
        return frozenset([zlib.crc32(data)]) if text else frozenset()
    step = 4 * K
    return frozenset(zlib.crc32(data[i:i + step]) for i in range(0, len(data) - step + 4, 4))


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


def sketch(sh: frozenset) -> tuple[int, ...]:
    """One-permutation MinHash: the smallest hash in each of BINS bins (an empty bin borrows the next)."""
    mins = [None] * BINS
    for h in sh:
        i, v = h % BINS, h // BINS
        if mins[i] is None or v < mins[i]:
            mins[i] = v
    filled = [i for i, m in enumerate(mins) if m is not None]
    if not filled:
        return ()
    out = []
    for i in range(BINS):  # densify: an empty bin takes the next filled bin's value, marked by the distance
        if mins[i] is not None:
            out.append(mins[i])
        else:
            j = next((f for f in filled if f > i), filled[0])
            out.append(mins[j] * BINS + (j - i) % BINS)
    return tuple(out)


def near_identical(texts: list[str], threshold: float, names: list[Iterable[str]] | None = None,
                   min_chars: int = 100) -> list[Pair]:
    """Pairs of texts whose similarity reaches the threshold, found through LSH (no all-pairs loop).

    ``names``: per text, the names to neutralise (the office's own name and 本机关 name).
    """
    sets: list[frozenset] = []
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        t = normalise(text, names[i] if names else ())
        sh = shingles(t) if len(t) >= min_chars else frozenset()
        sets.append(sh)
        sk = sketch(sh) if sh else ()
        for band in range(BANDS if sk else 0):
            buckets[(band,) + sk[band * ROWS:(band + 1) * ROWS]].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        if len(members) > BIG_BUCKET:
            candidates.update((members[0], m) for m in members[1:])
        else:
            candidates.update((a, b) for k, a in enumerate(members) for b in members[k + 1:])
    out = []
    for a, b in sorted(candidates):
        s = similarity(sets[a], sets[b])
        if s >= threshold:
            out.append(Pair(a, b, round(s, 3)))
    return out
