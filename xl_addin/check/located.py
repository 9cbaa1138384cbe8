"""The report's texts as a reviewer reads them: where each sentence is, and what a message quotes.

Owns: the texts the reading rules look at — the 导语 (only when the report gives its own; the
generated one is right by construction) and the outline sections — each with its data path (the
paragraph, which the workbook and the audit locate) and the name a message gives its place
(``导语``, ``一、总体情况``); a sentence's comparable form (NFKC, no blanks, Chinese numerals of
dates as digits); and the excerpt a message quotes. Shared by the rules of ``preamble`` and the
other text-reading rules; knows no rule.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator, NamedTuple

from xl_addin.check import narrative
from xl_addin.check.numbers import CN, chinese_value
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


def texts(data: Any, schema: dict, sections: tuple[str, ...] = ("s1", "s5", "s6"),
          preamble: bool = True) -> Iterator[tuple[str, str, str, str]]:
    """(path, where, section, text) of the 导语 written by the report and of the outline sections."""
    if preamble and isinstance(data, dict) and isinstance(data.get(PREAMBLE), str) and data[PREAMBLE].strip():
        yield PREAMBLE, S.title(schema, PREAMBLE), PREAMBLE, data[PREAMBLE]
    for section in sections:
        where = S.title(schema, section)
        for t in narrative.walk(data, section):
            yield t.path, where, section, t.text


def sentences(data: Any, schema: dict, sections: tuple[str, ...] = ("s1", "s5", "s6"),
              preamble: bool = True) -> Iterator[Sentence]:
    """Every sentence of those texts."""
    for path, where, section, text in texts(data, schema, sections, preamble):
        for a, b in narrative.sentences(text):
            s = text[a:b]
            yield Sentence(path, where, section, s, squeeze(s))


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
