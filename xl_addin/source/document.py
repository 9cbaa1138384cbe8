"""The text of a published report as read from its file, before any report structure is known.

Owns: the records every reader (PDF, DOCX, HTML, text) produces and the parser of published
reports consumes: paragraphs with their style runs and alignment, tables as placed cells (row,
column, spans), and the page furniture every kind may carry (page numbers such as 「- 3 -」 or
「—3—」, running heads) with the helpers that drop it. No report labels here.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Union

# Blank characters a published text may carry, including the ideographic and no-break spaces.
BLANKS = " \t\r\n\u3000\u00a0\u200b\ufeff"
_SPACE_RUN = re.compile(r"[ \t\r\n\u3000\u00a0\u200b\ufeff]+")

# A line that is only a page number: 「- 3 -」 「—3—」 「第3页」 「第 3 页 共 9 页」 「3/9」; a bare 「3」 only
# where a page ends or begins (``bare=True``), since a table pasted one cell per line has lines like it.
_DASHES = "-－—–‒―~～·•"
PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}]+\s*[0-9０-９]{{1,3}}\s*[{_DASHES}]+"
    r"|第\s*[0-9０-９]{1,3}\s*页(?:\s*[，,/]?\s*共\s*[0-9０-９]{1,3}\s*页)?"
    r"|[0-9０-９]{1,3}\s*[/／]\s*[0-9０-９]{1,3}"
    r"|(?:page|Page|PAGE)\s*[0-9]{1,3}(?:\s*(?:of|/)\s*[0-9]{1,3})?)$")
BARE_NUMBER = re.compile(r"^[0-9０-９]{1,3}$")


# Buttons and links that web pages put around a report (share, print, versions, downloads): a
# paragraph made only of these is page chrome, whatever kind of file carried it.
CHROME_WORDS = tuple(sorted((
    "微信", "微博", "QQ空间", "QQ", "全真版", "文字版", "文件下载", "附件下载", "下载附件", "附件", "下载", "打印本页", "打印",
    "关闭窗口", "关闭", "分享到", "分享", "收藏", "我要纠错", "纠错", "返回顶部", "返回", "字号", "字体", "大", "中", "小",
    "默认", "扫一扫", "在手机打开当前页", "用手机扫描二维码", "保存", "放大", "缩小", "朗读", "无障碍", "长者模式", "适老化",
    "繁体", "简体", "繁", "简", "上一篇", "下一篇", "视力保护色", "阅读模式", "【", "】", "[", "]", "|", "/", "：", ":", "·",
), key=len, reverse=True))
_CHROME_WORDS = re.compile("|".join(re.escape(w) for w in CHROME_WORDS))


def chrome_only(text: str) -> bool:
    """Whether a paragraph holds nothing but page chrome (「微信 微博 QQ空间」, 「附件下载」, 「【打印】【关闭】」)."""
    t = squeeze(text)
    return bool(t) and len(t) <= 40 and not _CHROME_WORDS.sub("", t)


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph in one style (font, weight, paragraph style: whatever the kind knows)."""
    text: str
    style: str = ""


@dataclass
class Para:
    """One paragraph (or one line of a plain text) of the report."""
    text: str
    runs: tuple[Run, ...] = ()
    align: str = ""            # "" | "center" | "right"
    page: int | None = None
    tag: str = ""              # structural hint from the file: "h1"…"h6", "title"

    def style_at_start(self) -> str:
        for r in self.runs:
            if r.text.strip(BLANKS):
                return r.style
        return ""


@dataclass(frozen=True)
class Cell:
    """One cell of a table as laid out in the file (0-based grid row and column, with spans)."""
    text: str
    row: int
    col: int
    rs: int = 1
    cs: int = 1


@dataclass
class Table:
    cells: list[Cell]
    page: int | None = None
    edges: tuple[float, ...] = ()      # a PDF table's column edges (x), to join its parts across pages
    open_top: bool = False             # a PDF table part whose first row has no top rule
    open_bottom: bool = False          # … whose last row has no bottom rule (cut at a page break)

    def rows(self) -> list[list[Cell]]:
        """The cells anchored in each grid row, left to right (a cell spanning rows appears once)."""
        n = max((c.row for c in self.cells), default=-1) + 1
        out: list[list[Cell]] = [[] for _ in range(n)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row].append(c)
        return out


Block = Union[Para, Table]


@dataclass
class Document:
    kind: str                                  # pdf | docx | html | txt
    blocks: list[Block] = field(default_factory=list)
    meta: dict = field(default_factory=dict)   # e.g. the web page's 发布日期


def squeeze(text: str) -> str:
    """Text with every blank removed (labels broken over lines, PDF spacing)."""
    return _SPACE_RUN.sub("", text)


def tidy(text: str) -> str:
    """A paragraph's text: blanks at the ends removed, inner runs of blanks kept as one space."""
    return _SPACE_RUN.sub(" ", text).strip(BLANKS)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def is_page_number(text: str, bare: bool = False) -> bool:
    t = text.strip(BLANKS)
    return bool(PAGE_NUMBER.match(t) or (bare and BARE_NUMBER.match(t)))


def shape(text: str) -> str:
    """A line with its digits blurred, so that 「第3页」 and 「第4页」 count as the same running head."""
    return re.sub(r"[0-9０-９]+", "#", squeeze(text))


def drop_furniture(blocks: list[Block]) -> list[Block]:
    """Blocks without page numbers and without running heads pasted into a text.

    A line of 10 to 60 characters repeated three or more times (digits blurred, so 「第3页」 and
    「第4页」 are one shape) is taken as a running head. (PDF pages are handled by ``pdf``,
    which knows where each page begins and ends.)
    """
    counts = Counter(shape(b.text) for b in blocks if isinstance(b, Para) and 10 <= len(squeeze(b.text)) <= 60)
    heads = {s for s, n in counts.items() if n >= 3}
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Para):
            if not squeeze(b.text) or is_page_number(b.text) or shape(b.text) in heads:
                continue
        out.append(b)
    return out


# ---------------------------------------------------------------- printed values

_INT = re.compile(r"[-+]?[0-9]+")
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)\.[0-9]+")
_SEVERAL = re.compile(r"[0-9][ \t\u3000\u00a0]+[-+]?[0-9]")
_PLACEHOLDER = re.compile(r"^[-—–－~～/／\\×xX*＊无空]+$")


def value(text: str) -> Any:
    """A printed cell as data: None when blank, a number when it is one, else the text as printed."""
    t = text.strip(BLANKS)
    if not t:
        return None
    if _SEVERAL.search(nfkc(t)):
        return re.sub(r"\s+", " ", t)      # 「72 64 178」: several numbers, never one number 7264178
    n = squeeze(nfkc(t)).replace("−", "-").replace("，", ",")
    if _INT.fullmatch(n):
        return int(n)
    if _GROUPED.fullmatch(n):
        return int(n.replace(",", ""))
    if _DECIMAL.fullmatch(n):
        return float(n.replace(",", ""))
    return re.sub(r"\s+", " ", t)


def value_like(text: str) -> bool:
    """Could this printed cell be a value: a number, a number with a unit (「251000元」「2件」), a dash.
    A label that starts with its number (「1.属于国家秘密」) is not."""
    t = squeeze(nfkc(text))
    if not t:
        return False
    if isinstance(value(t), (int, float)) or _PLACEHOLDER.match(t):
        return True
    words = sum(1 for ch in t if "\u4e00" <= ch <= "\u9fff")
    return any(ch.isdigit() for ch in t) and words <= 3
