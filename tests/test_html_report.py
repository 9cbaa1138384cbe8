"""The report as one self-contained HTML page: golden content, spans as in the official tables, pasteable."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.support.report_text import golden_lines, golden_tables, html_items, html_tables, missing_in_order, through_workbook
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.report import build as R


@pytest.fixture(scope="module", params=["json", "workbook"])
def golden_page(request, tmp_path_factory) -> str:
    data = sample_2020()
    if request.param == "workbook":
        data = through_workbook(data, tmp_path_factory.mktemp("wb"))
    return R.build_html(data)


@pytest.fixture(scope="module")
def page_2021() -> str:
    return R.build_html(qingshan_2021())


def test_contains_every_line_of_the_sample_report_in_order(golden_page):
    assert missing_in_order(golden_lines(), html_items(golden_page)) == []


def test_tables_match_the_sample_report_cell_for_cell(golden_page):
    # HTML has no cell for the continuation of a row span: the sample's empty cells drop out.
    expected = [[[c for c in row if c] for row in t] for t in golden_tables()]
    assert html_tables(golden_page) == expected


class _Spans(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = [tag, int(a.get("rowspan", 1)), int(a.get("colspan", 1)), ""]
            self.tables[-1][-1].append(self.cell)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[3] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None


def spans(page):
    p = _Spans()
    p.feed(page)
    return p.tables


def test_table_three_has_the_official_row_and_column_spans(page_2021):
    t3 = spans(page_2021)[1]
    assert t3[0] == [["th", 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"],
                     ["th", 1, 7, "申请人情况"]]
    assert t3[1] == [["th", 2, 1, "自然人"], ["th", 1, 5, "法人或其他组织"], ["th", 2, 1, "总计"]]
    assert [c[3] for c in t3[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t3[5][:2] == [["td", 22, 1, "三、本年度办理结果"], ["td", 1, 2, "（一）予以公开"]]
    assert t3[23][:2] == [["td", 3, 1, "（六）其他处理"], ["td", 1, 1, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]]
    # every row covers the 10 grid columns once the row spans from above are counted
    covered = [0] * len(t3)
    for r, row in enumerate(t3):
        for _, rs, cs, _ in row:
            for dr in range(rs):
                covered[r + dr] += cs
    assert covered == [10] * len(t3)


def test_table_four_has_the_official_header_spans(page_2021):
    t4 = spans(page_2021)[2]
    assert [(c[1], c[2], c[3]) for c in t4[0]] == [(1, 5, "行政复议"), (1, 10, "行政诉讼")]
    assert [(c[1], c[2]) for c in t4[1]] == [(2, 1)] * 5 + [(1, 5)] * 2
    assert len(t4[2]) == 10 and len(t4[3]) == 15


def test_header_rows_are_a_table_head(page_2021):
    heads = re.findall(r"<table[^>]*>.*?</table>", page_2021, re.S)
    assert ["<thead>" in t for t in heads] == [False, True, True]
    assert heads[1].count("<tr>", 0, heads[1].index("</thead>")) == 3


def test_page_is_self_contained_with_inline_styles_only(page_2021):
    assert page_2021.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert '<meta charset="utf-8">' in page_2021
    for banned in ("<link", "<script", "<style", "src=", "url(", "http://", "https://", "class=\"nb-"):
        assert banned not in page_2021
    tags = re.findall(r"<(h[1-5]|p|table|td|th)\b([^>]*)>", page_2021)
    assert tags and all("style=" in attrs for _, attrs in tags)


def test_title_is_the_first_heading_broken_after_the_agency_name():
    page = R.build_html(sample_2020())
    assert "<title>嘉祥县人民政府办公室2020年政府信息公开工作年度报告</title>" in page
    assert re.search(r"<h1 [^>]*>嘉祥县人民政府办公室<br>2020年政府信息公开工作年度报告</h1>", page)


def test_heading_levels_map_to_html_headings():
    page = R.build_html(sample_2020())
    assert re.search(r"<h2 [^>]*>一、总体情况</h2>", page)
    assert re.search(r"<h3 [^>]*>（一）主动公开情况。</h3>", page)
    assert re.search(r"<h4 [^>]*>1、决策公开</h4>", page)


def test_text_is_escaped():
    d = qingshan_2021()
    d["s5"][0]["paragraphs"] = ["<script>alert(1)</script> & “引号”"]
    page = R.build_html(d)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号”" in page


def test_page_ends_with_the_right_aligned_signature_and_publication_date(page_2021):
    tail = re.findall(r'<p style="([^"]*)">([^<]*)</p>', page_2021)[-2:]
    assert [text for _, text in tail] == ["青山市人民政府", "2022年3月25日"]
    (org_style, _), (date_style, _) = tail
    assert "text-align:right" in org_style and "padding-right:2em" in org_style and "margin:1.9em 0 0" in org_style
    assert "text-align:right" in date_style and "padding-right:0.5em" in date_style and "text-indent:0" in date_style
