"""The report's texts as a reviewer reads them: where each sentence is, and what a message quotes.

Owns: the texts the reading rules look at — the 导语 (only when the report gives its own; the
generated one is right by construction) and the outline sections — each with its data path (the
paragraph, which the workbook and the audit locate) and the name a message gives its place
(``导语``, ``一、总体情况``); a sentence's comparable form (NFKC, no blanks, Chinese numerals of
dates as digits); and the excerpt a message quotes. Shared by the rules of ``preamble`` and the
other text-reading rules; knows no rule.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Iterator, NamedTuple

from xl_addin.check.text import narrative
from xl_addin.check.text.numbers import CN, chinese_value
from xl_addin.model import layout as L
from xl_addin.model import schema as S

PREAMBLE = "preamble"
CLAUSE_MARKS = re.compile(r"[，,；;：:]")
_BLANKS = re.compile(r"\s+")
_CN_DATE = re.compile(f"([{CN}]+)(?=[年月日号])")


class Sentence(NamedTuple):
    """One sentence of a report text, with its place."""
    path: str          # data path of the paragraph (``preamble``, ``s1.2.paragraphs.0``)
    where: str         # the place as a message names it: ``导语``, ``一、总体情况``
    section: str       # ``preamble``, ``s1`` …
    text: str          # the sentence as written
    norm: str          # comparable form (``squeeze``)


def squeeze(text: str) -> str:
    """NFKC, no blanks: ``2024 年 1 月`` → ``2024年1月``, ``（２０２４）`` → ``(2024)``."""
    return _BLANKS.sub("", unicodedata.normalize("NFKC", text))


def arabic_dates(text: str) -> str:
    """Chinese numerals before 年/月/日 as digits: ``二〇二四年十二月三十一日`` → ``2024年12月31日``."""
    def sub(m: re.Match) -> str:
        value = chinese_value(m.group(1))
        return m.group(1) if value is None else str(value)
    return _CN_DATE.sub(sub, text)


def texts(data: Any, schema: dict, sections: tuple[str, ...] = ("s1", "s5", "s6"), preamble: bool = True,
          keywords: re.Pattern | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(path, where, section, text) of the 导语 written by the report and of the outline sections (with
    ``keywords``, only the texts it finds something in: the paths of the others are never built)."""
    if not isinstance(data, dict):
        return
    pre = data.get(PREAMBLE)
    if preamble and isinstance(pre, str) and pre.strip() and (keywords is None or _has(keywords, pre)):
        yield PREAMBLE, S.title(schema, PREAMBLE), PREAMBLE, pre
    for section in sections:
        nodes = data.get(section)
        if not isinstance(nodes, list):
            continue
        for i, node in enumerate(nodes):
            if not isinstance(node, dict):
                continue
            h = node.get("heading")
            if isinstance(h, str) and h and (keywords is None or _has(keywords, h)):
                yield f"{section}.{i}.heading", S.title(schema, section), section, h
            paragraphs = node.get("paragraphs")
            for j, p in enumerate(paragraphs if isinstance(paragraphs, list) else ()):
                if isinstance(p, str) and p and (keywords is None or _has(keywords, p)):
                    yield f"{section}.{i}.paragraphs.{j}", S.title(schema, section), section, p


def sentences(data: Any, schema: dict, sections: tuple[str, ...] = ("s1", "s5", "s6"),
              preamble: bool = True, keywords: re.Pattern | None = None) -> Iterator[Sentence]:
    """Every sentence of those texts (with ``keywords``, only of the texts it finds something in)."""
    for path, where, section, text in texts(data, schema, sections, preamble, keywords):
        for s, norm in _split(text):
            yield Sentence(path, where, section, s, norm)


@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[tuple[str, str], ...]:
    """A text's sentences with their comparable form (memoised: most texts are the same from one check to the next)."""
    return tuple((text[a:b], squeeze(text[a:b])) for a, b in narrative.sentences(text))


@functools.lru_cache(maxsize=8192)
def _has(keywords: re.Pattern, text: str) -> bool:
    return keywords.search(text) is not None


def excerpt(sentence: str, key: str, limit: int = 60) -> str:
    """What a message quotes: the sentence when short, else the clauses around ``key`` (compared squeezed)."""
    s = sentence.strip().rstrip("。！？!?；;，,")
    if len(s) <= limit:
        return s
    clauses = [c for c in CLAUSE_MARKS.split(s) if c.strip()]
    k = squeeze(key)
    for i, c in enumerate(clauses):
        if k and k in squeeze(c):
            got = c.strip()
            if len(got) < 12 and i > 0:
                got = clauses[i - 1].strip() + "，" + got
            return got
    return s[:limit] + "……"


def cells_text(schema: dict, paths: list[str] | tuple[str, ...]) -> str:
    """Where data points sit in the workbook, for a message: ``表二!C6``, ``表三!K29、K6``."""
    cmap = L.cell_map(schema)
    refs = [cmap[p] for p in dict.fromkeys(paths) if p in cmap]
    out: list[str] = []
    for r in refs:
        sheet, cell = r.split("!")
        out.append(cell if out and out[-1].startswith(sheet + "!") or any(o.startswith(sheet + "!") for o in out) else r)
    return "、".join(out)


def span_quote(sentence: str, start: int, end: int, limit: int = 90) -> str:
    """A sentence's words from ``start`` to ``end`` (clause boundaries), shortened in the middle when long."""
    s = sentence[start:end].strip().strip("，,；;：:。")
    if len(s) <= limit:
        return s
    return s[:limit // 2].rstrip("，,；;：:") + "……" + s[-(limit // 2):].lstrip("，,；;：:")
