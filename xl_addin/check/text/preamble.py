"""What the 导语 states about the report itself: its statistics period (TX-21) and its legal basis (TX-22).

Owns: finding the sentence that gives the statistics period (统计期限/统计时间/数据时间段 … with
a date range, a year, or 截至 a date) and comparing it with the report year — another year is
a warning (a preamble copied from last year's report); part of the year is a warning unless the
report says why (机构改革, 新组建 … near a date: the schema's ``reasons``); and the citations of
the 条例 (国务院令第N号: the 2008 第492号 was replaced by 第711号) and of the format notices
(each format's ``x-format.notice``, in force for the years of that format's TX-6 rule: a 2021 or
later report citing 国办公开办函〔2019〕60号, a 2019 report citing the 2021 notice). Read from the
导语 the report wrote and from the narrative (some reports state them in 一); the generated 导语
is right by construction. A citation is silent when the right one is cited too.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Any, Iterator, NamedTuple

from xl_addin.check.text.located import Sentence, arabic_dates, excerpt, sentences, squeeze
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding

# ---------------------------------------------------------------- the statistics period

PERIOD_WORDS = re.compile(r"(?:统计|数据)[^。；;]{0,40}?(?:[0-9０-９]|[〇○零一二]{2}|年度)")   # else no period stated
STAT = re.compile(r"统计|数据(?:的)?(?:时间|期限|期间|区间|时段|范围)")
_DATE = r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号])?|(\d{4})[./](\d{1,2})[./](\d{1,2})"
DATE = re.compile(_DATE)
JOIN = re.compile(r"(?:起|开始)?(?:至|到|—+|–|-|~|～|－|一)(?:至)?")
UNTIL = re.compile(r"(?:截至|截止|截止到|截止至)$")
WHOLE_YEAR = re.compile(r"(\d{4})年(?:度|全年|全年度)")
NEAR = 30              # characters between the 统计 word and the period it introduces
REPORT_WORD = re.compile(r"报告|年报")
TIME_WORD = re.compile(r"\d{4}年|\d{1,2}月|以来|之后|以后|后")


class Day(NamedTuple):
    year: int | None
    month: int
    day: int

    def text(self, year: int) -> str:
        return f"{self.year or year}年{self.month}月{self.day}日"


class Period(NamedTuple):
    """A statistics period as stated: first and last day (the first None for 截至…), or a whole year."""
    start: Day | None
    end: Day | None
    whole: int | None = None     # 统计期限为2023年度
    key: str = ""                # the words quoted


def _day(m: re.Match, last: bool = False) -> Day:
    """A date as written; a month without its day is its first day (``last``: its last day, 12月 → 12月31日)."""
    g = m.groups()
    if g[3]:
        return Day(int(g[3]), int(g[4]), int(g[5]))
    month = int(g[1])
    day = int(g[2]) if g[2] else (calendar.monthrange(int(g[0]) if g[0] else 2001, month)[1] if last and 1 <= month <= 12 else 1)
    return Day(int(g[0]) if g[0] else None, month, day)


def periods(norm: str) -> Iterator[Period]:
    """The statistics periods a (squeezed) sentence states, each introduced by a 统计/数据 word close before it."""
    text = arabic_dates(norm)
    stats = [m.end() for m in STAT.finditer(text)]
    if not stats:
        return
    dates = list(DATE.finditer(text))
    used = set()
    for i, m in enumerate(dates):
        if i in used or not any(0 <= m.start() - s <= NEAR for s in stats):
            continue
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if nxt is not None and JOIN.fullmatch(text[m.end():nxt.start()]):
            used.add(i + 1)
            start, end = _day(m), _day(nxt, last=True)
            start = start if start.year else Day(end.year, start.month, start.day)
            end = end if end.year else Day(start.year, end.month, end.day)
            yield Period(start, end, key=text[m.start():nxt.end()])
        elif UNTIL.search(text[max(0, m.start() - 4):m.start()]) and _day(m).year:
            yield Period(None, _day(m), key=text[max(0, m.start() - 2):m.end()])
    if not dates:
        for m in WHOLE_YEAR.finditer(text):
            if any(0 <= m.start() - s <= NEAR for s in stats):
                yield Period(None, None, int(m.group(1)), key=m.group(0))


def _period_text(p: Period, year: int) -> str:
    if p.whole is not None:
        return f"{p.whole}年度"
    if p.start is None:
        return "截至" + p.end.text(year)
    return f"{p.start.text(year)}至{p.end.text(year)}"


def _years(p: Period) -> set[int]:
    if p.whole is not None:
        return {p.whole}
    return {d.year for d in (p.start, p.end) if d is not None and d.year is not None}


def _whole_year(p: Period) -> bool:
    if p.whole is not None:
        return True
    starts = p.start is None or (p.start.month, p.start.day) == (1, 1)
    return starts and (p.end.month, p.end.day) == (12, 31)


def _real(p: Period) -> bool:
    for d in (p.start, p.end):
        if d is not None:
            try:
                dt.date(d.year or 2000, d.month, d.day)
            except ValueError:
                return False  # TX-4 reports an impossible date
    return True


def _explained(all_sentences: list[Sentence], reasons: list[str]) -> bool:
    """Whether the report says why its period is short: a reason word (机构改革, 组建 …) beside a date."""
    return any(r in s.norm and TIME_WORD.search(s.norm) for s in all_sentences for r in reasons)


def _explained_anywhere(data: Any, schema: dict, reasons: list[str]) -> bool:
    return _explained(list(sentences(data, schema, keywords=re.compile("|".join(map(re.escape, reasons))))), reasons)


def period_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-21: the statistics period is the report year's 1月1日 to 12月31日."""
    year = S.get(data, "basic.year")
    if not isinstance(year, int) or isinstance(year, bool):
        return
    every = list(sentences(data, schema, keywords=PERIOD_WORDS))
    explained = None
    seen = set()
    for s in every:
        if s.section != "preamble" and not REPORT_WORD.search(s.norm):
            continue  # in the narrative, only a sentence about the report itself
        for p in periods(s.norm):
            if not _real(p) or (s.path, p.key) in seen:
                continue
            seen.add((s.path, p.key))
            fields = dict(where=s.where, quote=excerpt(s.text, p.key), period=_period_text(p, year), year=year)
            if p.start is None and p.whole is None:
                # 截至 a date: only an earlier year is sure (数据截至次年1月 is when the figures were taken)
                if p.end.year < year:
                    yield _finding(rule, s, rule["messages"]["year"].format(**fields), p, year)
                continue
            if _years(p) - {year}:
                yield _finding(rule, s, rule["messages"]["year"].format(**fields), p, year)
            elif not _whole_year(p):
                if explained is None:
                    explained = _explained_anywhere(data, schema, rule["reasons"])
                if not explained:
                    yield _finding(rule, s, rule["messages"]["partial"].format(**fields), p, year)


def _finding(rule: dict, s: Sentence, message: str, p: Period, year: int) -> Finding:
    return Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(s.path), kind=rule["kind"],
                   message=message, expected=f"{year}年1月1日至{year}年12月31日", actual=_period_text(p, year))


# ---------------------------------------------------------------- the legal basis

CITATION_WORDS = re.compile(r"令\s*第|国令|办函|年度报告有关事项|年度报告格式")   # else neither is cited
REGULATION = re.compile(r"国(?:务院)?令(?:第)?(\d+)号")
NOTICE = re.compile(r"国办公开办函[〔\[【(<〈]?(\d{4})[〕\]】)>〉]?(?:第)?(\d+)号")
ISSUER = re.compile(r"国务院办公厅|国办")
QUOTES = re.compile(r"[《》〈〉<>“”\"'「」]")


class Citation(NamedTuple):
    sentence: Sentence
    what: str          # "regulation" | a format id (its notice)
    number: str        # 492; the notice's number as written
    key: str


@functools.lru_cache(maxsize=None)
def _notice_numbers() -> dict[tuple[str, str], str]:
    """(year, number) of each format's notice → the format."""
    out = {}
    for fmt in S.FORMATS:
        m = NOTICE.search(squeeze(S.load(fmt)["x-format"]["notice"]["number"]))
        out[(m.group(1), m.group(2))] = fmt
    return out


def citations(s: Sentence) -> Iterator[Citation]:
    """The 条例 and format notices one sentence cites (a notice by its number, or by its title after 国务院办公厅)."""
    norm = arabic_dates(s.norm)
    for m in REGULATION.finditer(norm):
        yield Citation(s, "regulation", m.group(1), m.group(0))
    numbers = _notice_numbers()
    found = set()
    for m in NOTICE.finditer(norm):
        fmt = numbers.get((m.group(1), m.group(2)))
        if fmt and fmt not in found:
            found.add(fmt)
            yield Citation(s, fmt, m.group(0), m.group(0))
    bare = QUOTES.sub("", norm)
    for fmt in S.FORMATS:
        title = QUOTES.sub("", squeeze(S.load(fmt)["x-format"]["notice"]["title"]))
        i = bare.find(title)
        if fmt not in found and i >= 0 and ISSUER.search(bare[max(0, i - 40):i]):
            found.add(fmt)
            yield Citation(s, fmt, S.load(fmt)["x-format"]["notice"]["number"], title)


def _years_text(fmt: str) -> str:
    first, last = S.years(fmt)
    if last == float("inf"):
        return f"{first}年度起"
    return "、".join(str(y) for y in range(first, int(last) + 1)) if last - first < 3 else f"{first}—{int(last)}"


def basis_rule(rule: dict, data: Any, schema: dict) -> Iterator[Finding]:
    """TX-22: the 条例 and the format notice cited are the ones in force for the report year."""
    year = S.get(data, "basic.year")
    if not isinstance(year, int) or isinstance(year, bool):
        return
    cited = [c for s in sentences(data, schema, keywords=CITATION_WORDS) for c in citations(s)]
    if not cited:
        return
    regulation = rule["regulation"]
    numbers = {c.number for c in cited if c.what == "regulation"}
    in_force = S.format_for_year(year)
    formats = {c.what for c in cited if c.what != "regulation"}
    seen = set()
    for c in cited:
        s = c.sentence
        if (s.path, c.what, c.number) in seen:
            continue
        seen.add((s.path, c.what, c.number))
        quote = excerpt(s.text, c.key)
        if c.what == "regulation":
            if c.number in regulation["superseded"] and regulation["current"] not in numbers:
                message = rule["messages"]["regulation"].format(where=s.where, quote=quote, number=c.number, year=year)
                yield _cited(rule, s, message, f"国务院令第{c.number}号", f"国务院令第{regulation['current']}号")
            continue
        if in_force is None or c.what == in_force or in_force in formats:
            continue
        notice = S.load(c.what)["x-format"]["notice"]["number"]
        current = S.load(in_force)["x-format"]["basis"]
        first, last = S.years(c.what)
        key = "early" if first > year else "superseded"
        message = rule["messages"][key].format(where=s.where, quote=quote, notice=notice, years=_years_text(c.what),
                                               first=first, year=year, current=current)
        yield _cited(rule, s, message, notice, S.load(in_force)["x-format"]["notice"]["number"])


def _cited(rule: dict, s: Sentence, message: str, actual: str, expected: str) -> Finding:
    return Finding(rule=rule["id"], severity=rule["severity"], path=S.json_path(s.path), kind=rule["kind"],
                   message=message, expected=expected, actual=actual)
