"""PDFs drawn the way real producers draw them read exactly: sizes as drawn, tables over page breaks.

Every PDF here is typeset in the test (``tests/support/pdf_layout.py``, no LibreOffice): WPS 文字
draws text with a font operand of ≈300 and a text matrix of ≈0.05 (PDFium's own size is then 20
times the size on the page); tables break across pages with the last row left open (no bottom
rule), the header drawn again on the next page, group labels one character per line.
"""
from __future__ import annotations

import pytest

from tests.support import pdf_layout as PL
from tests.support.pdf_maker import Page, pdf_bytes
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.source import pdf
from xl_addin.source import pdf_tables as PT
from xl_addin.source.document import Cell, Table
from xl_addin.source.published import parse

STYLES = {
    "wps-scaled-text": PL.Style(scale=0.05),
    "scaled-0.04": PL.Style(scale=0.04),
    "open-row-at-break": PL.Style(scale=0.05, open_break=True, break_before=14),
    "header-repeated": PL.Style(scale=0.05, repeat_header=True, break_before=14),
    "label-one-char-per-line": PL.Style(scale=0.05, vertical_groups=True, break_before=14),
    "all-at-once": PL.Style(scale=0.04, open_break=True, repeat_header=True, vertical_groups=True, break_before=9),
}


def _import(data: dict, style: PL.Style):
    return parse(pdf.read(PL.typeset(data, style), "报告.pdf"), "报告.pdf")


@pytest.mark.parametrize("base", [qingshan_2021, sample_2020], ids=["2021", "2019"])
@pytest.mark.parametrize("name", list(STYLES))
def test_a_pdf_drawn_as_real_producers_draw_imports_exactly(name, base):
    got = _import(base(), STYLES[name])
    assert got.findings == ()
    assert got.data == base()


def test_the_size_of_text_is_what_is_drawn_not_the_font_operand():
    page = Page()
    page.text(72, 700, "一、总体情况", size=16, scale=0.05)     # /F1 320 Tf 0.05 0 0 0.05 72 700 Tm
    page.text(72, 660, "规章 12", size=16)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes([page]))
    chars, angle = pdf._chars(doc[0].get_textpage())
    assert angle == 0
    assert {round(c.size) for c in chars} == {16}
    assert all(c.x1 - c.x0 <= 16.5 for c in chars)


def test_a_box_out_of_proportion_is_replaced_by_the_glyph_grown_to_its_size():
    assert pdf._sane_box(100.0, 108.0, 700.0, 712.0, 16.0, "规") == (96.0, 112.0, 698.0, 714.0)
    assert pdf._sane_box(100.0, 104.0, 700.0, 712.0, 16.0, "1") == (98.0, 106.0, 698.0, 714.0)


def _grid(open_bottom: bool):
    """Two columns, rules at 700, 680, 660 (and 640 unless the last row is open); text in each row."""
    segs = [PT.Seg(100, 640, 100, 700), PT.Seg(200, 640, 200, 700), PT.Seg(300, 640, 300, 700)]
    for y in (700, 680, 660) + (() if open_bottom else (640,)):
        segs.append(PT.Seg(100, y, 300, y))
    chars = []
    for y, (label, value) in zip((690, 670, 650), (("规", "1"), ("章", "2"), ("其", "3"))):
        chars += [PT.char(label, 140, y - 5, 150, y + 5, "", 10), PT.char(value, 245, y - 5, 250, y + 5, "", 10)]
    return segs, chars


def test_the_last_row_before_a_page_break_stays_in_its_table_without_a_bottom_rule():
    closed = PT.ruled_tables(*_grid(open_bottom=False))[0].table
    opened = PT.ruled_tables(*_grid(open_bottom=True))[0].table
    assert [[c.text for c in row] for row in opened.rows()] == [[c.text for c in row] for row in closed.rows()]
    assert [[c.text for c in row] for row in opened.rows()] == [["规", "1"], ["章", "2"], ["其", "3"]]
    assert opened.open_bottom and not closed.open_bottom


def test_table_parts_on_two_pages_join_into_one_table():
    header = [Cell("信息内容", 0, 0), Cell("本年制发件数", 0, 1)]
    first = Table(header + [Cell("规章", 1, 0), Cell("2", 1, 1), Cell("行政规范性", 2, 0), Cell("", 2, 1)],
                  edges=(100.0, 200.0, 300.0), open_bottom=True)
    second = Table([Cell("文件", 0, 0), Cell("12", 0, 1), Cell("行政许可", 1, 0), Cell("3", 1, 1)],
                   edges=(100.5, 199.0, 300.0), open_top=True)
    joined = PT.join_parts(first, second)
    assert [[c.text for c in row] for row in joined.rows()] == [
        ["信息内容", "本年制发件数"], ["规章", "2"], ["行政规范性\n文件", "12"], ["行政许可", "3"]]
    repeated = Table(header + [Cell("行政许可", 1, 0), Cell("3", 1, 1)], edges=(100.0, 200.0, 300.0))
    closed = Table(header + [Cell("规章", 1, 0), Cell("2", 1, 1)], edges=(100.0, 200.0, 300.0))
    assert [[c.text for c in row] for row in PT.join_parts(closed, repeated).rows()] == [
        ["信息内容", "本年制发件数"], ["规章", "2"], ["行政许可", "3"]]
    assert PT.join_parts(closed, Table(header, edges=(100.0, 250.0, 300.0))) is None


def test_the_left_edge_of_the_text_is_its_leftmost_common_start():
    lines = [pdf.Line([PT.char("字", x, 700 - 30 * k, x + 16, 716 - 30 * k, "", 16)], 1)
             for k, x in enumerate([104, 72, 104, 104, 72, 104, 104, 104])]
    assert pdf._metrics(lines).left == 72
