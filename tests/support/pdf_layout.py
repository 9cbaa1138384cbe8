"""A report typeset onto PDF pages by hand, the way real producers draw them, for the PDF reader's tests.

``typeset(data, Style(...))`` lays the report's blocks (``report.content``) out on A4 pages with
``pdf_maker``: the title centred, paragraphs wrapped with a two-character first-line indent,
tables ruled cell by cell and broken across pages, page numbers 「- n -」 at the foot. The
``Style`` says how the producer draws: ``scale`` (the text matrix of every run: 0.05 is WPS 文字's
font operand of ≈300), ``open_break`` (the last row before a page break has no bottom rule),
``repeat_header`` (a table's header rows drawn again on the next page), ``vertical_groups`` (a
group label such as 「三、本年度办理结果」 drawn one character per line in a narrow column), and
``break_before`` (a page break forced before that row of 表三, so each mechanism is exercised).
"""
from __future__ import annotations

from dataclasses import dataclass

from tests.support.pdf_maker import Page, advance, pdf_bytes
from xl_addin.report import content as C

TOP, BOTTOM, LEFT, RIGHT = 770.0, 72.0, 72.0, 523.0
BODY, LEADING = 16.0, 28.0
CELL, CELL_LEADING, PAD = 10.5, 13.0, 4.0


@dataclass(frozen=True)
class Style:
    scale: float = 1.0
    open_break: bool = False
    repeat_header: bool = False
    vertical_groups: bool = False
    break_before: int | None = None      # grid row of 表三 before which a new page starts


class _Doc:
    def __init__(self, style: Style):
        self.style = style
        self.pages: list[Page] = []
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        page = Page()
        self.pages.append(page)
        n = str(len(self.pages))
        label = f"- {n} -"
        page.text((595 - _width(label, 14)) / 2, 40, label, 14, self.style.scale)
        self.y = TOP

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def text(self, x: float, y: float, s: str, size: float) -> None:
        self.page.text(x, y, s, size, self.style.scale)

    def line_space(self, need: float) -> None:
        if self.y - need < BOTTOM:
            self.new_page()


def _width(s: str, size: float) -> float:
    return sum(advance(c) for c in s) * size / 1000


def _wrap(s: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    lines, cur, room = [], "", width - first_indent
    for ch in s:
        # 禁则: closing punctuation never starts a line (it hangs in the margin, as Word and WPS do)
        if cur and _width(cur + ch, size) > room and ch not in "。，、；：？！）」”’》":
            lines.append(cur)
            cur, room = "", width
        cur += ch
    return lines + ([cur] if cur else [])


def _paragraph(doc: _Doc, text: str, indent: bool = True, align: str = "") -> None:
    width = RIGHT - LEFT
    first = 2 * BODY if indent else 0.0
    for k, line in enumerate(_wrap(text, width, BODY, first)):
        doc.line_space(LEADING)
        doc.y -= LEADING
        if align == "center":
            x = LEFT + (width - _width(line, BODY)) / 2
        elif align == "right":
            x = RIGHT - _width(line, BODY)
        else:
            x = LEFT + (first if k == 0 else 0)
        doc.text(x, doc.y + 6, line, BODY)


def _cell_lines(cell: C.Cell, width: float, vertical: bool) -> list[str]:
    if vertical:
        return [ch for ch in cell.text if ch.strip()]
    if cell.kind == "data":
        return [cell.text]                      # a value is not broken (it runs into the padding)
    out = []
    for part in cell.text.split("\n"):
        out += _wrap(part, width - 2 * PAD, CELL) or [""]
    return out


def _table(doc: _Doc, table: C.Table) -> None:
    style = doc.style
    total = sum(table.col_widths)
    xs = [LEFT]
    for w in table.col_widths:
        xs.append(xs[-1] + w / total * (RIGHT - LEFT))
    rows = table.rows()

    def vertical(c: C.Cell) -> bool:
        return style.vertical_groups and c.kind == "label" and c.rs > 2

    heights = []
    for r, row in enumerate(rows):
        need = 1
        for c in row:
            if c.rs == 1 and not vertical(c):
                need = max(need, len(_cell_lines(c, xs[c.col + c.cs] - xs[c.col], False)))
        heights.append(need * CELL_LEADING + 2 * PAD)
    # where each grid row lands: (page index, top y, bottom y)
    at: dict[int, tuple[int, float, float]] = {}
    header = list(range(table.header_rows))
    r = 0
    while r < len(rows):
        h = heights[r]
        forced = table.name == "t3" and style.break_before == r and at and at[r - 1][0] == len(doc.pages) - 1
        if doc.y - h < BOTTOM or forced:
            doc.new_page()
            if style.repeat_header and r > table.header_rows:
                _draw_rows(doc, table, rows, header, heights, xs, {}, last_open=False)
        at[r] = (len(doc.pages) - 1, doc.y, doc.y - h)
        doc.y -= h
        r += 1
    by_page: dict[int, list[int]] = {}
    for r, (p, _, _) in at.items():
        by_page.setdefault(p, []).append(r)
    for p, page_rows in by_page.items():
        _draw_part(doc.pages[p], table, rows, page_rows, at, xs, style, vertical,
                   last_open=style.open_break and p != max(by_page))
    doc.y -= LEADING / 2


def _draw_rows(doc, table, rows, which, heights, xs, _unused, last_open):
    """Header rows drawn again at the top of a new page."""
    if not which:
        return
    at = {}
    for r in which:
        at[r] = (len(doc.pages) - 1, doc.y, doc.y - heights[r])
        doc.y -= heights[r]
    _draw_part(doc.page, table, rows, which, at, xs, doc.style, lambda c: False, last_open)


def _draw_part(page: Page, table: C.Table, rows, page_rows: list[int], at: dict, xs: list[float], style: Style,
               vertical, last_open: bool) -> None:
    first, last = page_rows[0], page_rows[-1]
    for row in rows:
        for c in row:
            span = [r for r in range(c.row, c.row + c.rs) if r in page_rows]
            if not span:
                continue
            top, bottom = at[span[0]][1], at[span[-1]][2]
            x0, x1 = xs[c.col], xs[c.col + c.cs]
            page.line(x0, bottom, x0, top)
            page.line(x1, bottom, x1, top)
            if span[0] == c.row or span[0] == first:
                page.line(x0, top, x1, top)
            ends_here = span[-1] == c.row + c.rs - 1
            if (ends_here or span[-1] == last) and not (last_open and span[-1] == last):
                page.line(x0, bottom, x1, bottom)
            lines = _cell_lines(c, x1 - x0, vertical(c))
            if vertical(c) and c.rs > len(span):        # a label one character per line, shared over the pages
                share = round(len(lines) * len(span) / c.rs)
                before = round(len(lines) * sum(1 for r in range(c.row, span[0])) / c.rs)
                lines = lines[before:before + share] if span[-1] != c.row + c.rs - 1 else lines[before:]
            elif span[0] != c.row:
                lines = []                               # the rest of a merged cell: its text was drawn above
            y = (top + bottom) / 2 + len(lines) * CELL_LEADING / 2 - CELL
            for line in lines:
                x = x0 + PAD if c.kind == "label" and not vertical(c) else (x0 + x1 - _width(line, CELL)) / 2
                page.text(x, y, line, CELL, style.scale)
                y -= CELL_LEADING


def typeset(data: dict, style: Style = Style()) -> bytes:
    """The report as a PDF drawn in ``style``."""
    report = C.build(data)
    doc = _Doc(style)
    for b in report.blocks:
        if isinstance(b, C.Title):
            for line in b.lines:
                doc.y -= 40
                doc.text((595 - _width(line, 22)) / 2, doc.y, line, 22)
            doc.y -= 20
        elif isinstance(b, C.Heading):
            _paragraph(doc, b.text, indent=True)
        elif isinstance(b, C.Paragraph):
            _paragraph(doc, b.text)
        elif isinstance(b, C.Table):
            doc.line_space(3 * LEADING)
            _table(doc, b)
        elif isinstance(b, C.Signature):
            doc.y -= LEADING
            for line in b.lines:
                _paragraph(doc, line, indent=False, align="right")
    return pdf_bytes(doc.pages)
