"""oxml.grid_table: a whole merged table written as one piece of XML (the report builder's tables)."""
from __future__ import annotations

import pytest
from docx import Document
from docx.shared import Mm
from lxml import etree

from xl_addin.report import oxml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# 甲 spans two rows; 乙 spans two columns; the second row holds 1 and an empty cell.
CELLS = [(0, 0, 2, 1, "甲", None), (0, 1, 1, 2, "乙<&>", "left"), (1, 1, 1, 1, "1", None), (1, 2, 1, 1, "", None)]


def table(**kw):
    args = dict(table_style="T", paragraph_style="P", header_rows=1, keep_together=True, min_row_height=Mm(6))
    args.update(kw)
    return oxml.grid_table(2, [Mm(10), Mm(20), Mm(30)], CELLS, **args)


def rows(tbl):
    return tbl.findall(f"{W}tr")


def test_writes_one_tc_per_anchor_and_per_continued_row_span():
    assert [len(r.findall(f"{W}tc")) for r in rows(table())] == [2, 3]


def test_row_span_is_a_vmerge_restart_then_continue():
    first, second = rows(table())
    assert first.find(f"{W}tc/{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
    cont = second.find(f"{W}tc/{W}tcPr/{W}vMerge")
    assert cont is not None and cont.get(f"{W}val") is None
    assert second.find(f"{W}tc").find(f"{W}p/{W}r") is None   # a continued cell holds no text


def test_column_span_is_a_grid_span_with_the_summed_width():
    tc = rows(table())[0].findall(f"{W}tc")[1]
    assert tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    assert tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w") == str(1134 + 1701)


def test_grid_and_table_width_are_fixed():
    tbl = table()
    assert [g.get(f"{W}w") for g in tbl.find(f"{W}tblGrid")] == ["567", "1134", "1701"]
    assert tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w") == "3402"
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"


def test_header_rows_repeat_and_no_row_splits():
    tr = [r.find(f"{W}trPr") for r in rows(table())]
    assert [t.find(f"{W}tblHeader") is not None for t in tr] == [True, False]
    assert all(t.find(f"{W}cantSplit") is not None for t in tr)
    assert [t.find(f"{W}trHeight").get(f"{W}hRule") for t in tr] == ["atLeast", "atLeast"]


def test_keep_together_marks_every_paragraph_but_the_last_rows():
    first, second = rows(table())
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in first.iter(f"{W}p"))
    assert not any(p.find(f"{W}pPr/{W}keepNext") is not None for p in second.iter(f"{W}p"))
    assert not list(table(keep_together=False).iter(f"{W}keepNext"))


def test_styles_alignment_and_escaping():
    xml = etree.tostring(table(), encoding="unicode")
    assert '<w:tblStyle w:val="T"/>' in xml and xml.count('<w:pStyle w:val="P"/>') == 5
    assert "乙&lt;&amp;&gt;" in xml and xml.count('<w:jc w:val="left"/>') == 1
    assert xml.count('<w:vAlign w:val="center"/>') == 5


def test_rejects_an_unknown_alignment():
    with pytest.raises(ValueError):
        oxml.grid_table(1, [Mm(10)], [(0, 0, 1, 1, "x", "middle")])


def test_python_docx_reads_the_merged_table():
    doc = Document()
    doc.element.body._insert_tbl(table())
    t = doc.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["甲", "乙<&>", "乙<&>"]
    assert [c.text for c in t.rows[1].cells] == ["甲", "1", ""]
