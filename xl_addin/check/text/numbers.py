"""Numbers in running Chinese text, in every way a report writes them.

Owns: finding the numbers of a sentence with their unit — half- and full-width digits, thousands
separators (``1,234`` ``１，２３４``), decimals, percentages (``33.9%`` ``３３．９％`` ``百分之十``),
Chinese numerals (``十七`` ``一百零五`` ``两`` ``二〇二一`` ``1.2万``) — and reading their value; ``20余件`` and ``3000 多件``
(a space before 余/多 too) are approximate.
A Chinese numeral counts only when a unit follows it (``十七件``), so ``一是``, ``十九大``,
``（二）`` and ``统一`` are not numbers. Knows no report vocabulary.
"""
from __future__ import annotations

import re
from typing import NamedTuple

FULL_WIDTH = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE = {"万": 10_000, "亿": 100_000_000}
CN = "".join(DIGITS) + "".join(SMALL) + "".join(LARGE)
NUMERAL = "[0-9０-９" + CN + "]"  # a character that can end a numeral

# Units, longest first so that 人次 and 万元 win over 次 and 元.
UNITS = ("个工作日", "工作日", "人次", "万元", "百分点", "件", "个", "次", "起", "宗", "例", "份", "条", "篇", "期",
         "场", "项", "元", "年", "月", "日", "天", "人", "家", "户", "批", "名", "万", "亿", "%")
_UNIT = "|".join(re.escape(u) for u in UNITS)
_ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?![0-9０-９])(?:[.．][0-9０-９]+)?"
NUMBER = re.compile(
    rf"(?=[0-9０-９{CN}百])(?P<pct>百分之)?(?:(?P<ar>{_ARABIC})|(?P<cn>[{CN}]+))"
    rf"(?:\s?(?P<approx>余|多))?\s?(?P<mult>[万亿](?=[件个次起宗例份条篇项元人]|$))?(?P<unit>{_UNIT}|[%％])?")


class Number(NamedTuple):
    """A number as written in a text, with its unit (``""`` when none follows)."""
    start: int
    end: int              # end of the unit
    text: str             # as written: ``１７件``, ``十七件``, ``33.9%``
    value: float | int
    unit: str             # ``件``, ``%``, ``万元`` …
    decimals: int         # digits printed after the decimal point
    approx: bool          # ``20余件``, ``20多件``

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def chinese_value(s: str) -> int | None:
    """The value of a Chinese numeral (``十七`` 17, ``一百零五`` 105, ``两`` 2, ``二〇二一`` 2021)."""
    if not s:
        return None
    if all(c in DIGITS for c in s):  # read digit by digit: 二〇二一, 一五
        return int("".join(str(DIGITS[c]) for c in s))
    total, section, digit = 0, 0, None
    for c in s:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in SMALL:
            section += (1 if digit is None else digit) * SMALL[c]
            digit = None
        elif c in LARGE:
            section += digit or 0
            if section == 0:
                return None
            total += section * LARGE[c]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def find(text: str, pos: int = 0, endpos: int | None = None) -> list[Number]:
    """Every number of a text (or of text[pos:endpos]) with its unit; a Chinese numeral only with a unit or 百分之."""
    out = []
    for m in NUMBER.finditer(text, pos, len(text) if endpos is None else endpos):
        unit = m.group("unit") or ""
        unit = "%" if unit in ("%", "％") or m.group("pct") else unit
        if m.group("cn") is not None:
            if not unit or unit in ("万", "亿") or m.group("approx") and not unit:
                continue
            value = chinese_value(m.group("cn"))
            if value is None:
                continue
            decimals = 0
        else:
            raw = m.group("ar").translate(FULL_WIDTH).replace(",", "")
            value = float(raw) if "." in raw else int(raw)
            decimals = len(raw.split(".")[1]) if "." in raw else 0
        if m.group("mult"):
            value = value * LARGE[m.group("mult")]
            value = int(value) if float(value).is_integer() else value
        end = m.end()
        out.append(Number(m.start(), end, text[m.start():end], value, unit, decimals, bool(m.group("approx"))))
    return out
