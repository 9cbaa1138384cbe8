"""The pieces of the import, case by case: printed values, dates, titles, page furniture, labels,
headings, encodings and sections (input -> expected)."""
from __future__ import annotations

import pytest

from xl_addin.model import schema as S
from xl_addin.source import basic as B
from xl_addin.source import labels as LB
from xl_addin.source import outline as O
from xl_addin.source.document import Para, Run, is_page_number, value
from xl_addin.source.plain_text import read as read_txt
from xl_addin.source.published import find_sections, parse


@pytest.mark.parametrize("printed,expected", [
    ("0", 0), (" 12 ", 12), ("１２", 12), ("1,234", 1234), ("1，234", 1234), ("１，２３４", 1234), ("123.45", 123.45),
    ("－3", -3), ("-3", -3), ("", None), ("\u3000", None), ("251000元", "251000元"), ("—", "—"), ("2件", "2件"),
    ("12,34", "12,34"),
])
def test_a_printed_cell_is_a_number_only_when_it_is_one(printed, expected):
    assert value(printed) == expected
    assert type(value(printed)) is type(expected)


@pytest.mark.parametrize("text,expected", [
    ("2022-01-25", "2022-01-25"), ("2022年1月25日", "2022-01-25"), ("2022.1.25", "2022-01-25"),
    ("2022/01/25", "2022-01-25"), ("二〇二二年一月二十五日", "2022-01-25"), ("二○二二年三月十日", "2022-03-10"),
    ("发布时间：2022-01-20 10:00", "2022-01-20"), ("2022年13月1日", None), ("统计期限为2020年", None),
])
def test_dates_are_read_in_every_printed_form(text, expected):
    assert B.parse_date(text) == expected


@pytest.mark.parametrize("title,org,year", [
    ("嘉祥县人民政府办公室2020年政府信息公开工作年度报告", "嘉祥县人民政府办公室", 2020),
    ("2023年青山市生态环境局政府信息公开工作年度报告", "青山市生态环境局", 2023),
    ("青山镇人民政府2022年度政府信息公开工作年度报告", "青山镇人民政府", 2022),
    ("青山区人民政府关于2021年政府信息公开工作年度报告", "青山区人民政府", 2021),
    ("青山县水利局二〇二二年政府信息公开工作年度报告", "青山县水利局", 2022),
])
def test_the_agency_and_year_come_from_the_title(title, org, year):
    assert B.title_fields(title) == (org, year)


@pytest.mark.parametrize("name,org_type", [
    ("青山市人民政府", "县级以上人民政府"), ("青山市人民政府办公室", "县级以上人民政府部门"),
    ("青山县水利局", "县级以上人民政府部门"), ("青山镇人民政府", "乡镇人民政府"), ("青山乡人民政府", "乡镇人民政府"),
    ("青山街道办事处", "街道办事处"),
])
def test_the_agency_type_is_inferred_from_the_name(name, org_type):
    assert B.org_type(name, S.load("2021")) == org_type


@pytest.mark.parametrize("text,bare,expected", [
    ("- 3 -", False, True), ("—3—", False, True), ("— 12 —", False, True), ("第3页", False, True),
    ("第 3 页 共 9 页", False, True), ("3/9", False, True), ("3", False, False), ("3", True, True),
    ("2020年", True, False), ("0", False, False),
])
def test_page_numbers_are_recognised_and_bare_numbers_only_at_a_page_edge(text, bare, expected):
    assert is_page_number(text, bare=bare) is expected


T3 = LB.catalogue("2021")["t3"]


@pytest.mark.parametrize("printed,path,exact", [
    ("2.其他法律行政法规禁止公开", "t3.deny_2", True),
    ("2、其他法律行政法规禁止公开", "t3.deny_2", True),         # 1、 and 1. are the same numbering
    ("2．其他法律行政法规\n禁止公开", "t3.deny_2", True),      # broken over lines, full-width point
    ("3.危及\"三安全一稳定\"", "t3.deny_3", True),             # straight quotes
    ("2.其他法律行政止公开", "t3.deny_2", False),              # a typo: approximate, reported
    ("（二）部分公开", "t3.partial", False),                   # the note left out
    ("行政许可", None, None),                                 # not a row of 表三
])
def test_a_printed_label_matches_its_row_exactly_or_approximately(printed, path, exact):
    m = LB.match_row(printed, T3.rows, T3.rows)
    assert (m.row.path if m else None) == path
    if m:
        assert m.exact is exact


STYLED = O.Styles("body", frozenset())


@pytest.mark.parametrize("text,expected", [
    ("（一）主动公开情况", (1, "（一）主动公开情况", "")),
    ("（一）主动公开情况。", (1, "（一）主动公开情况。", "")),
    ("（一）主动公开情况。2024年，主动公开政府信息1060条。", (1, "（一）主动公开情况。", "2024年，主动公开政府信息1060条。")),
    ("2、建立健全日常调度机制", (2, "2、建立健全日常调度机制", "")),
    ("1.决策公开", (2, "1.决策公开", "")),
    ("（1）会议公开", (3, "（1）会议公开", "")),
    ("1、加强政务公开工作组织领导，及时调整完善领导小组。", None),
    ("2020年，主动公开政府信息1060条。", None),
    ("一是进一步提升规范性文件公开质量。", None),
])
def test_a_numbered_line_is_a_heading_a_run_in_heading_or_a_paragraph(text, expected):
    assert O.split_heading(Para(text, (Run(text, "body"),)), STYLED) == expected


def test_a_numbered_line_in_the_body_style_is_a_paragraph_where_that_level_has_styled_headings():
    styles = O.Styles("body", frozenset({1}))
    text = "（二）落实上级年度政务公开工作要点情况。严格落实工作要点，按期完成各项任务。"
    assert O.split_heading(Para(text, (Run(text, "body"),)), styles) is None
    styled = Para(text, (Run("（二）落实上级年度政务公开工作要点情况。", "kai"), Run(text[20:], "body")))
    assert O.split_heading(styled, styles) == (1, "（二）落实上级年度政务公开工作要点情况。", text[20:])


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_a_text_file_is_read_in_its_encoding(encoding):
    text = "青山市人民政府2021年政府信息公开工作年度报告\n一、总体情况\n"
    doc = read_txt(text.encode(encoding), "报告.txt")
    assert [b.text for b in doc.blocks if b.text] == ["青山市人民政府2021年政府信息公开工作年度报告", "一、总体情况"]


def test_a_gbk_web_page_is_decoded_by_its_declared_charset():
    from xl_addin.source.html_text import read

    page = '<html><head><meta charset="gbk"></head><body><p>青山市人民政府</p></body></html>'.encode("gbk")
    assert read(page, "报告.html").blocks[0].text == "青山市人民政府"


def _paras(*texts):
    return [Para(t, (Run(t),)) for t in texts]


def test_section_headings_are_found_in_order_with_their_variants_kept():
    blocks = _paras("青山市人民政府2021年政府信息公开工作年度报告", "一、工作基本情况", "正文。",
                    "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量",
                    "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况",
                    "五、政府信息公开工作存在的主要问题及改进情况", "六、其他需要报告的事项")
    found = find_sections(blocks, 1)
    assert {n: (i, h) for n, (i, h, _) in found.items()} == {
        1: (1, "一、工作基本情况"), 2: (3, "二、主动公开政府信息情况"), 3: (4, "三、收到和处理政府信息公开申请情况"),
        4: (7, "四、政府信息公开行政复议、行政诉讼情况"), 5: (8, "五、政府信息公开工作存在的主要问题及改进情况"),
        6: (9, "六、其他需要报告的事项")}


def test_a_run_in_section_heading_is_split_from_its_text():
    blocks = _paras("青山市人民政府2021年政府信息公开工作年度报告", "一、总体情况。2021年，我市深入贯彻落实条例，以公开促落实。",
                    "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    found = find_sections(blocks, 1)
    assert found[1] == (1, "一、总体情况。", "2021年，我市深入贯彻落实条例，以公开促落实。")


def test_page_chrome_of_a_web_page_is_left_out_and_gives_the_publication_date():
    from xl_addin.source.document import Document

    doc = Document("html", _paras(
        "首页 > 政务公开 > 政府信息公开工作年度报告", "青山县水利局2020年政府信息公开工作年度报告",
        "发布时间：2022-01-20 来源：青山县水利局",
        "青山县水利局2021年政府信息公开工作年度报告", "一、总体情况", "全年主动公开政府信息120条。",
        "五、存在的主要问题及改进情况", "宣传力度不够。", "六、其他需要报告的事项", "无。",
        "主办单位：青山县人民政府办公室 网站标识码：1234567890"))
    data = parse(doc, "page.html").data
    assert data["basic"]["publish_date"] == "2022-01-20"
    assert (data["basic"]["org_name"], data["basic"]["year"]) == ("青山县水利局", 2021)   # not the 2020 link above it
    assert data["s6"] == [{"level": 0, "heading": "", "paragraphs": ["无。"]}]


def test_where_a_section_numbers_plain_paragraphs_a_short_first_sentence_is_no_run_in_heading():
    paras = _paras("（一）依据《政府信息公开信息处理费管理办法》，本机关2020年没有收取信息处理费。",
                   "（二）落实上级年度政务公开工作要点情况。严格落实工作要点，按期完成各项任务。")
    assert O.parse(paras, O.Styles("", frozenset())) == [
        {"level": 0, "heading": "", "paragraphs": [p.text for p in paras]}]


def test_run_in_headings_are_split_where_no_sibling_is_a_plain_paragraph():
    paras = _paras("（一）主动公开情况。2021年，主动公开政府信息1060条。", "（二）依申请公开情况。全年受理申请5件。")
    assert O.parse(paras, O.Styles("", frozenset())) == [
        {"level": 1, "heading": "（一）主动公开情况。", "paragraphs": ["2021年，主动公开政府信息1060条。"]},
        {"level": 1, "heading": "（二）依申请公开情况。", "paragraphs": ["全年受理申请5件。"]}]
