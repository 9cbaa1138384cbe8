"""Reading a published report's web page (.html) into a ``Document``.

Owns: decoding the page (byte-order mark, the declared ``charset``, else UTF-8, else GB18030, as
Chinese government sites still serve GBK pages), parsing it with lxml's HTML parser (tolerant of
the broken markup CMS editors produce), and walking it into paragraphs (block elements and
``<br>`` start a new one; runs keep their heading tag, bold and font as a style) and tables
(``rowspan``/``colspan`` placed on a grid). Tables used for page layout (holding other tables or
long text) are read as ordinary content. Scripts, styles and forms are skipped; the page's
``PubDate``-style meta date is kept.
"""
from __future__ import annotations

import codecs
import re

from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.source import budget
from xl_addin.source.document import Cell, Document, Para, Run, Table, tidy
from xl_addin.source.plain_text import decode

BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "blockquote",
         "pre", "center", "dd", "dt", "dl", "header", "footer", "main", "aside", "form", "hr", "address",
         "figure", "figcaption", "caption", "tr", "body", "html", "nav"}
SKIP = {"script", "style", "noscript", "template", "head", "title", "select", "option", "button", "textarea",
        "iframe", "object", "svg", "input"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "date")


def _encoding(data: bytes) -> str | None:
    """The charset the page declares, if Python knows it as a text encoding (``undefined`` is not)."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    if name in ("gb2312", "gbk", "gb18030", "x-gbk"):
        return "gb18030"
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return name if info._is_text_encoding and info.name != "undefined" else None


def _style_of(el) -> tuple[str, bool, str, str]:
    """(heading tag, bold, font, alignment) an element sets itself."""
    tag = el.tag if isinstance(el.tag, str) else ""
    style = (el.get("style") or "").lower()
    bold = tag in ("strong", "b") or bool(re.search(r"font-weight\s*:\s*(bold|[6-9]00)", style))
    font = ""
    m = re.search(r"font-family\s*:\s*([^;]+)", style)
    if m:
        font = m.group(1).split(",")[0].strip(" '\"")
    face = el.get("face")
    if tag == "font" and face:
        font = face.split(",")[0].strip()
    align = ""
    m = re.search(r"text-align\s*:\s*(center|right)", style)
    if m:
        align = m.group(1)
    elif (el.get("align") or "").lower() in ("center", "right"):
        align = el.get("align").lower()
    elif tag == "center":
        align = "center"
    return (tag if tag in HEADINGS else "", bold, font, align)


class _Walker:
    def __init__(self):
        self.blocks: list = []
        self.runs: list[Run] = []
        self.align = ""
        self.tag = ""

    def flush(self, blank: bool = False) -> None:
        """End the current paragraph; ``blank``: an empty block element leaves a blank paragraph (a
        blank cell of a table pasted one cell per line), consecutive blanks as one."""
        text = tidy("".join(r.text for r in self.runs))
        if text:
            self.blocks.append(Para(text, tuple(self.runs), self.align, None, self.tag))
        elif blank and self.blocks and not (isinstance(self.blocks[-1], Para) and not self.blocks[-1].text):
            self.blocks.append(Para(""))
        self.runs, self.align, self.tag = [], "", ""

    def add(self, text: str | None, ctx: tuple) -> None:
        if not text:
            return
        heading, bold, font, align = ctx
        if not self.runs or not tidy("".join(r.text for r in self.runs)):
            self.align, self.tag = align, heading
        self.runs.append(Run(text, f"{heading}|{'b' if bold else ''}|{font}"))

    def walk(self, el, ctx: tuple) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP:
            self.add(el.tail, ctx)
            return
        if tag == "table" and not _is_layout(el):
            self.flush()
            self.blocks.append(_table(el))
            self.add(el.tail, ctx)
            return
        own = _style_of(el)
        inner = (own[0] or ctx[0], own[1] or ctx[1], own[2] or ctx[2], own[3] or ctx[3])
        block = tag in BLOCK or tag in ("table", "td", "th", "tbody", "thead", "tfoot")
        if block:
            self.flush()
        if tag == "br":
            self.flush()
        else:
            self.add(el.text, inner)
            for child in el:
                self.walk(child, inner)
        if block:
            self.flush(blank=tag in ("p", "div", "li") and len(el) == 0)
        self.add(el.tail, ctx)


def _is_layout(table) -> bool:
    """A table that lays out the page rather than holding figures: it holds tables or long text."""
    if table.find(".//table") is not None:
        return True
    rows = table.findall(".//tr")
    return any(len(tidy(cell.text_content())) > 300 for row in rows for cell in row
               if isinstance(cell.tag, str) and cell.tag in ("td", "th")) and max((len(r) for r in rows), default=0) <= 2


def _table(table) -> Table:
    cells = []
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(table.iter("tr")):
        col = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while (r, col) in taken:
                col += 1
            rs = _span(td.get("rowspan"))
            cs = _span(td.get("colspan"))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, col + dc))
            walker = _Walker()
            walker.walk(td, ("", False, "", ""))
            walker.flush()
            text = "\n".join(b.text for b in walker.blocks if isinstance(b, Para))
            cells.append(Cell(text, r, col, rs, cs))
            col += cs
    return Table(cells)


def _span(value: str | None) -> int:
    text = (value or "").strip()
    return max(1, min(int(text), 100)) if text.isdigit() else 1


def _check_spans(root, file: str) -> None:
    """Refuse a table whose cells, spread over their rowspan and colspan, pass the budget's cap."""
    for table in root.iter("table"):
        spread = sum(_span(td.get("rowspan")) * _span(td.get("colspan")) for td in table.iter("td", "th"))
        budget.check_table_cells(spread, file)


def read(data: bytes, file: str) -> Document:
    """The page's paragraphs and tables in reading order."""
    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(data, file, _encoding(data)))
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as e:  # lxml's ParserError / ValueError on an empty or odd document
        raise InputError("import.not_report", file, reason=M.IMPORT["no_title"]) from e
    meta = {}
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").lower()
        if name in _DATE_META and m.get("content"):
            meta["date"] = m.get("content")
            break
    _check_spans(root, file)
    body = root.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else root, ("", False, "", ""))
    walker.flush()
    return Document("html", walker.blocks, meta)
