"""Tables on a PDF page rebuilt from positions (source/pdf_tables.py), page by page as drawn.

Each test draws a small page as records (ruling lines as ``Seg``, characters as ``Char`` with their
boxes, PDF coordinates: y grows upwards) and reads it; one draws the page as a real PDF
(tests/support/pdf_maker.py) and reads it with the PDF reader. Rules drawn in pieces, cells
spanning rows or columns where a rule is missing, rows open at a page break, two tables on a page,
table parts joined across pages, tables drawn without lines.
"""
from __future__ import annotations

from tests.support.pdf_maker import Page, pdf_bytes
from xl_addin.source import pdf
from xl_addin.source import pdf_tables as PT
from xl_addin.source.document import Cell, Table

SIZE = 10.0


def word(text: str, x: float, y: float, size: float = SIZE, spacing: float = 0.0) -> list[PT.Char]:
    """The characters of ``text`` from ``x`` centred on ``y``: CJK 1 em wide, Latin and digits ½ em,
    ``spacing`` pt between characters."""
    out = []
    for ch in text:
        w = size if ord(ch) >= 0x2E80 else size / 2
        out.append(PT.char(ch, x, y - size / 2, x + w, y + size / 2, "", size))
        x += w + spacing
    return out


def ruling(xs: list[float], ys: list[float], below: float = 0.0, above: float = 0.0) -> list[PT.Seg]:
    """A full grid: vertical lines at ``xs`` (running ``below``/``above`` pt past the first and last
    rule), horizontal rules at ``ys`` (top first)."""
    segs = [PT.Seg(x, ys[-1] - below, x, ys[0] + above) for x in xs]
    return segs + [PT.Seg(xs[0], y, xs[-1], y) for y in ys]


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows()]


def spans(table: Table) -> list[tuple]:
    return sorted((c.text, c.row, c.col, c.rs, c.cs) for c in table.cells)


# ---------------------------------------------------------------- ruled tables

def test_a_ruled_grid_reads_cell_by_cell_top_to_bottom():
    chars = word("信息内容", 105, 690) + word("件数", 205, 690) + word("规章", 105, 670) + word("12", 245, 670)
    (region,) = PT.ruled_tables(ruling([100, 200, 300], [700, 680, 660]), chars)
    assert texts(region.table) == [["信息内容", "件数"], ["规章", "12"]]
    assert region.table.edges == (100, 200, 300) and region.top == 700
    assert region.used == set(range(len(chars)))
    assert not region.table.open_top and not region.table.open_bottom


def test_rules_drawn_in_pieces_at_slightly_different_heights_are_one_rule():
    pieces = [PT.Seg(100, 700, 150, 700), PT.Seg(151.5, 701, 300, 701), PT.Seg(100, 680, 300, 680)]
    assert PT._merge(pieces, True) == [PT.Seg(100, 680, 300, 680), PT.Seg(100, 700.5, 300, 700.5)]
    assert PT._merge([PT.Seg(100, 700, 150, 700), PT.Seg(155, 700, 300, 700)], True) == [
        PT.Seg(100, 700, 150, 700), PT.Seg(155, 700, 300, 700)]           # a gap of 5 pt is a gap
    assert PT._merge([PT.Seg(200, 660, 200, 681), PT.Seg(201, 682, 201, 700)], False) == [PT.Seg(200.5, 660, 200.5, 700)]


def test_a_label_without_the_rule_below_it_is_one_cell_over_two_rows():
    segs = ruling([100, 200, 300], [700, 680, 660, 640])
    segs.remove(PT.Seg(100, 680, 300, 680))
    segs.append(PT.Seg(200, 680, 300, 680))              # the rule at 680 only under the numbers
    chars = (word("行政规范性", 105, 685) + word("文件", 105, 675) + word("3", 245, 690) + word("4", 245, 670)
             + word("合计", 105, 650) + word("7", 245, 650))
    (region,) = PT.ruled_tables(segs, chars)
    assert spans(region.table) == [("3", 0, 1, 1, 1), ("4", 1, 1, 1, 1), ("7", 2, 1, 1, 1),
                                   ("合计", 2, 0, 1, 1), ("行政规范性\n文件", 0, 0, 2, 1)]


def test_a_header_without_the_rule_between_its_columns_is_one_cell_over_two_columns():
    segs = ruling([100, 200, 300], [700, 680, 660])
    segs.remove(PT.Seg(200, 660, 200, 700))
    segs.append(PT.Seg(200, 660, 200, 680))              # the middle line only below the header
    chars = word("申请人情况", 170, 690) + word("自然人", 105, 670) + word("法人", 205, 670)
    (region,) = PT.ruled_tables(segs, chars)
    assert spans(region.table) == [("法人", 1, 1, 1, 1), ("申请人情况", 0, 0, 1, 2), ("自然人", 1, 0, 1, 1)]


def test_a_row_across_both_columns_in_the_middle_of_a_table_is_one_cell():
    """The middle column line is drawn in two pieces, above and below the row that spans it."""
    segs = ruling([100, 200, 300], [700, 680, 660, 640])
    segs.remove(PT.Seg(200, 640, 200, 700))
    segs += [PT.Seg(200, 680, 200, 700), PT.Seg(200, 640, 200, 660)]
    chars = word("规章", 105, 690) + word("2", 245, 690) + word("以下为规范性文件", 110, 670) + word("文件", 105, 650)
    (region,) = PT.ruled_tables(segs, chars)
    assert region.table.edges == (100, 200, 300)
    assert texts(region.table) == [["规章", "2"], ["以下为规范性文件"], ["文件", ""]]


def test_two_tables_on_a_page_are_read_apart():
    upper = ruling([100, 200, 300], [700, 680])
    lower = ruling([100, 250, 400], [500, 480, 460])
    chars = word("甲", 105, 690) + word("乙", 205, 690) + word("丙", 105, 490) + word("丁", 255, 470) + word("正文", 100, 600)
    regions = sorted(PT.ruled_tables(upper + lower, chars), key=lambda r: -r.top)
    assert [(texts(r.table), r.table.edges, r.top) for r in regions] == [
        ([["甲", "乙"]], (100, 200, 300), 700), ([["丙", ""], ["", "丁"]], (100, 250, 400), 500)]
    assert set().union(*(r.used for r in regions)) == set(range(4))       # 正文 is no table's


def test_column_lines_running_on_below_the_last_rule_close_a_row_only_where_text_stands():
    chars = word("规章", 105, 690) + word("2", 245, 690)
    empty = PT.ruled_tables(ruling([100, 200, 300], [700, 680], below=20), chars)[0].table
    assert texts(empty) == [["规章", "2"]] and not empty.open_bottom
    cut = PT.ruled_tables(ruling([100, 200, 300], [700, 680], below=20), chars + word("规范", 105, 670))[0].table
    assert texts(cut) == [["规章", "2"], ["规范", ""]] and cut.open_bottom and not cut.open_top


def test_the_first_row_of_a_page_without_its_top_rule_is_kept():
    """The row cut at the break goes on at the top of the next page, its top rule not drawn (WPS)."""
    chars = word("文件", 105, 710) + word("12", 245, 710) + word("许可", 105, 690) + word("3", 245, 690)
    (region,) = PT.ruled_tables(ruling([100, 200, 300], [700, 680], above=20), chars)
    assert texts(region.table) == [["文件", "12"], ["许可", "3"]]
    assert region.table.open_top and not region.table.open_bottom and region.top == 720


def test_a_cells_lines_read_top_to_bottom_and_latin_words_keep_their_space():
    chars = word("PDF", 100, 700) + word("A4", 122, 700) + word("规章", 100, 680) + word("规范", 125, 680)
    assert PT.cell_text(list(reversed(chars))) == "PDF A4\n规章规范"


def test_a_ruled_table_drawn_in_a_real_pdf_reads_with_its_spanned_cell():
    page = Page()
    page.text(100, 760, "二、主动公开政府信息情况", size=12)
    page.text(100, 730, "本机关本年度主动公开的规章和规范性文件如下表。", size=12)
    for x in (100, 250, 350):
        page.line(x, 640, x, 700)
    for y in (700, 640):
        page.line(100, y, 350, y)
    page.line(250, 670, 350, 670)                          # no rule under the label: it spans both rows
    page.text(105, 666, "行政规范性文件", size=12)
    page.text(290, 682, "12", size=12)
    page.text(290, 652, "3", size=12)
    (table,) = [b for b in pdf.read(pdf_bytes([page]), "表.pdf").blocks if isinstance(b, Table)]
    assert spans(table) == [("12", 0, 1, 1, 1), ("3", 1, 1, 1, 1), ("行政规范性文件", 0, 0, 2, 1)]


# ---------------------------------------------------------------- parts of one table on two pages

HEADER = [Cell("信息内容", 0, 0), Cell("本年制发件数", 0, 1)]


def test_parts_join_only_when_their_columns_line_up_within_3_pt():
    first = Table(HEADER + [Cell("规章", 1, 0), Cell("2", 1, 1)], edges=(100.0, 200.0, 300.0))
    second = Table([Cell("规范性文件", 0, 0), Cell("12", 0, 1)], edges=(100.0, 202.0, 300.0))
    assert texts(PT.join_parts(first, second)) == [["信息内容", "本年制发件数"], ["规章", "2"], ["规范性文件", "12"]]
    assert PT.join_parts(first, Table(second.cells, edges=(100.0, 205.0, 300.0))) is None


def test_blank_rows_alike_at_the_top_of_both_parts_are_not_a_repeated_header():
    first = Table([Cell("", 0, 0), Cell("", 0, 1), Cell("规章", 1, 0), Cell("2", 1, 1)], edges=(100.0, 200.0, 300.0))
    second = Table([Cell("", 0, 0), Cell("", 0, 1), Cell("许可", 1, 0), Cell("3", 1, 1)], edges=(100.0, 200.0, 300.0))
    assert texts(PT.join_parts(first, second)) == [["", ""], ["规章", "2"], ["", ""], ["许可", "3"]]


# ---------------------------------------------------------------- tables drawn without lines

def test_a_line_splits_into_cells_at_gaps_of_more_than_1_6_em():
    assert PT.gap_cells(word("规章 ", 100, 700) + word("12", 145, 700)) == ["规章", "12"]     # 2 em after the space
    assert PT.gap_cells(word("规章", 100, 700) + word("12", 130, 700)) == ["规章12"]         # 1 em


def test_a_table_without_lines_takes_its_columns_from_where_its_numbers_stand():
    """Numbers of different widths right-aligned in two columns (one drawn letter-spaced), a label
    wrapped over two lines beside its numbers, a group label to the left of its row labels, a
    letter-spaced label and a letter-spaced note, and a title line above: one row per line of numbers."""
    lines = [                                   # numbers right-aligned at 265 and 345
        word("政府信息公开情况", 100, 760),
        word("单位：件", 300, 740, spacing=4),
        word("规章", 160, 720) + word("2", 260, 720) + word("14", 335, 720),
        word("行政规范性", 160, 705),
        word("法规", 100, 700) + word("12", 255, 700) + word("140", 330, 700),
        word("文件", 160, 695),
        word("合计", 160, 680, spacing=4) + word("14", 255, 680) + word("154", 324, 680, spacing=2.2),
    ]
    table = PT.unruled_table(lines)
    assert texts(table) == [["政府信息公开情况"], ["单位：件"], ["", "规章", "2", "14"], ["法规", "行政规范性文件", "12", "140"],
                            ["", "合计", "14", "154"]]
