"""xl_addin.content: the report's blocks (title, preamble, sections, tables) and the data sentences."""
from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.report_text import golden_lines, norm
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.check.validator import validate
from xl_addin.errors import InputError
from xl_addin.model import schema as S
from xl_addin.report import content as C

SAMPLE_PREAMBLE = golden_lines()[2]
QINGSHAN_DATA_PARAGRAPH = (
    "2021年，我市新收政府信息公开申请51件，上年结转政府信息公开申请4件。"
    "本年度办结46件，其中予以公开17件，部分公开7件，不予公开8件，无法提供5件，不予处理6件，其他处理3件；"
    "结转下年度继续办理9件。全年因政府信息公开被申请行政复议5件，被提起行政诉讼6件。")


def blocks(data):
    return list(C.build(data).blocks)


def texts(data, kind):
    return [b.text for b in blocks(data) if isinstance(b, kind)]


def s1_node(data, heading_part):
    return next(n for n in data["s1"] if heading_part in n["heading"])


# ---------------------------------------------------------------- title and preamble

def test_title_is_broken_after_the_agency_name_when_too_long_for_one_line():
    title = blocks(sample_2020())[0]
    assert title.lines == ("嘉祥县人民政府办公室", "2020年政府信息公开工作年度报告")
    assert title.text == "嘉祥县人民政府办公室2020年政府信息公开工作年度报告"


def test_short_title_stays_on_one_line():
    d = sample_2020()
    d["basic"]["org_name"] = "某某镇"
    assert blocks(d)[0].lines == ("某某镇2020年政府信息公开工作年度报告",)


def test_title_with_an_agency_name_longer_than_a_line_is_left_to_wrap():
    d = sample_2020()
    d["basic"]["org_name"] = "某某省某某市某某县某某镇人民政府党政综合办公室"
    assert blocks(d)[0].lines == ("某某省某某市某某县某某镇人民政府党政综合办公室2020年政府信息公开工作年度报告",)


def test_generated_preamble_reproduces_the_sample_report_exactly():
    d = sample_2020()
    assert d["preamble"] is None
    assert texts(d, C.Paragraph)[0] == SAMPLE_PREAMBLE


def test_preamble_of_2021_format_cites_the_2021_notice():
    pre = texts(qingshan_2021(), C.Paragraph)[0]
    assert "（国办公开办函〔2021〕30号）" in pre
    assert pre.endswith("如对本报告有任何疑问，请与青山市人民政府办公室联系（地址：青山市人民路1号，电话：0123-4567890，邮编：123456）。")


def test_preamble_leaves_out_blank_contact_items_and_the_download_sentence_without_a_website():
    d = sample_2020()
    d["basic"].update(phone=None, website="", postcode="  ")
    pre = texts(d, C.Paragraph)[0]
    assert "下载" not in pre and "None" not in pre and "{" not in pre
    assert pre.endswith("本报告中使用数据统计期限为2020年1月1日至12月31日。"
                        "如对本报告有任何疑问，请与嘉祥县人民政府办公室联系（地址：嘉祥县呈祥大道99号）。")


def test_preamble_says_this_agency_and_names_it_as_contact_when_self_name_and_contact_are_blank():
    d = sample_2020()
    d["basic"].update(self_name=None, contact=None)
    pre = texts(d, C.Paragraph)[0]
    assert "结合本机关政府信息公开工作有关统计数据撰写" in pre
    assert "请与嘉祥县人民政府办公室联系" in pre


def test_preamble_written_in_the_workbook_wins_and_keeps_its_line_breaks_as_paragraphs():
    d = sample_2020()
    d["preamble"] = "　　第一段导语。\n\n第二段导语。  "
    paragraphs = [b for b in blocks(d) if isinstance(b, C.Paragraph) and b.role == "preamble"]
    assert [p.text for p in paragraphs] == ["第一段导语。", "第二段导语。"]


# ---------------------------------------------------------------- sections

def test_sections_appear_in_official_order_with_outline_heading_levels():
    heads = [(b.level, b.text) for b in blocks(sample_2020()) if isinstance(b, C.Heading)]
    assert [t for lvl, t in heads if lvl == 1] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert (2, "（一）主动公开情况。") in heads and (3, "1、决策公开") in heads


def test_tables_follow_the_headings_of_sections_two_three_and_four():
    bs = blocks(qingshan_2021())
    for name, heading in (("t2", "二、主动公开政府信息情况"), ("t3", "三、收到和处理政府信息公开申请情况"),
                          ("t4", "四、政府信息公开行政复议、行政诉讼情况")):
        i = next(i for i, b in enumerate(bs) if isinstance(b, C.Table) and b.name == name)
        assert bs[i - 1] == C.Heading(heading, 1)
        assert bs[i].caption == heading


def test_level_three_outline_heading_is_a_fourth_level_heading():
    d = sample_2020()
    d["s5"].append({"level": 3, "heading": "（1）培训", "paragraphs": ["正文"]})
    assert C.Heading("（1）培训", 4) in blocks(d)


def test_workbook_hints_never_reach_the_report():
    d = sample_2020()
    schema = S.load("2019")
    hint_texts = sorted(C.hints(schema))
    assert "（本年度存在的主要问题，以及对上一年度报告所提问题的改进情况）" in hint_texts
    d["s5"] = [{"level": 0, "heading": "", "paragraphs": [hint_texts[0], "改进情况。"]}]
    d["s1"].append({"level": 1, "heading": "（八）其他", "paragraphs": list(hint_texts)})
    all_text = "".join(C.plain_text(C.build(d)))
    assert not [h for h in hint_texts if h in all_text]
    assert "改进情况。" in all_text


def test_blank_paragraphs_and_control_characters_are_dropped():
    d = sample_2020()
    d["s5"] = [{"level": 0, "heading": "", "paragraphs": ["", "　　", "甲\x0b乙\x00。"]}]
    bs = blocks(d)
    i = bs.index(C.Heading("五、存在的主要问题及改进情况", 1))
    assert bs[i + 1:i + 3] == [C.Paragraph("甲乙。"), C.Heading("六、其他需要报告的事项", 1)]


# ---------------------------------------------------------------- data sentences

def test_data_paragraph_states_the_table_three_and_four_figures():
    assert C.data_paragraph(qingshan_2021()) == QINGSHAN_DATA_PARAGRAPH


def test_data_paragraph_leaves_out_outcomes_without_cases_and_says_when_there_was_no_appeal():
    assert C.data_paragraph(sample_2020()) == (
        "2020年，我办新收政府信息公开申请5件，上年结转政府信息公开申请0件。本年度办结5件，其中予以公开5件；"
        "结转下年度继续办理0件。全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。")


def test_data_paragraph_for_a_year_without_applications():
    d = sample_2020()
    for row in d["t3"].values():
        for col in row:
            row[col] = 0
    assert C.data_paragraph(d) == ("2020年，我办未收到政府信息公开申请，也没有上年结转的申请。"
                                   "全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。")


def test_blank_application_paragraph_is_generated_from_the_tables():
    d = qingshan_2021()
    s1_node(d, "依申请公开")["paragraphs"] = ["", "（收到、办理和答复政府信息公开申请的情况；本段留空则按表三、表四自动生成）"]
    bs = blocks(d)
    i = bs.index(C.Heading("（二）依申请公开", 2))
    assert bs[i + 1] == C.Paragraph(QINGSHAN_DATA_PARAGRAPH, "generated")
    assert isinstance(bs[i + 2], C.Heading)


def test_application_paragraph_written_by_the_clerk_is_kept():
    d = qingshan_2021()
    own = s1_node(d, "依申请公开")["paragraphs"]
    assert texts(d, C.Paragraph)[3:5] == own
    assert not [b for b in blocks(d) if isinstance(b, C.Paragraph) and b.role == "generated"]


@pytest.mark.parametrize("base", [sample_2020, qingshan_2021], ids=["2019", "2021"])
def test_generated_paragraph_passes_the_text_checks(base):
    d = base()
    s1_node(d, "依申请公开")["paragraphs"] = [C.data_paragraph(d)]
    assert [f.text() for f in validate(d) if f.rule in ("TX-1", "TX-2")] == []


def test_text_checks_do_flag_a_wrong_number_in_a_generated_style_paragraph():
    d = qingshan_2021()
    s1_node(d, "依申请公开")["paragraphs"] = [C.data_paragraph(d).replace("办结46件", "办结45件")]
    assert [f.rule for f in validate(d) if f.rule.startswith("TX")] == ["TX-1"]


counts = st.integers(min_value=0, max_value=10**6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_paragraph_never_contradicts_the_tables(draw):
    d = qingshan_2021() if draw.draw(st.booleans()) else sample_2020()
    for row in d["t3"].values():
        row["total"] = draw.draw(counts)
    for row in d["t4"].values():
        row["total"] = draw.draw(st.integers(min_value=0, max_value=50))
    s1_node(d, "依申请公开")["paragraphs"] = [C.data_paragraph(d)]
    assert [f.text() for f in validate(d) if f.rule in ("TX-1", "TX-2")] == []


def test_fee_sentence_opens_section_six_of_a_2021_report():
    bs = blocks(qingshan_2021())
    i = bs.index(C.Heading("六、其他需要报告的事项", 1))
    assert bs[i + 1] == C.Paragraph(
        "2021年，青山市人民政府发出信息处理费收费通知2件，总金额300元，实际收取信息处理费100元。", "fees")


def test_fee_sentence_is_left_out_while_a_fee_figure_is_blank():
    d = qingshan_2021()
    d["fees"]["collected"] = None
    assert not [b for b in blocks(d) if isinstance(b, C.Paragraph) and b.role == "fees"]


def test_2019_format_has_no_fee_sentence():
    assert not [b for b in blocks(sample_2020()) if isinstance(b, C.Paragraph) and b.role == "fees"]


# ---------------------------------------------------------------- tables

def table(data, name):
    return next(b for b in blocks(data) if isinstance(b, C.Table) and b.name == name)


def anchored(t):
    return {c.text: (c.row, c.col, c.rs, c.cs) for c in t.cells if c.kind != "data" and c.text}


def test_table_three_has_the_official_merged_header_and_row_groups():
    t = table(qingshan_2021(), "t3")
    a = anchored(t)
    assert (t.n_rows, t.n_cols, t.header_rows) == (28, 10, 3)
    assert a["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (0, 0, 3, 3)
    assert a["申请人情况"] == (0, 3, 1, 7)
    assert a["自然人"] == (1, 3, 2, 1) and a["法人或其他组织"] == (1, 4, 1, 5) and a["总计"] == (1, 9, 2, 1)
    assert a["三、本年度办理结果"] == (5, 0, 22, 1)
    assert a["（三）不予公开"] == (7, 1, 8, 1) and a["（四）无法提供"] == (15, 1, 3, 1)
    assert a["（五）不予处理"] == (18, 1, 5, 1) and a["（六）其他处理"] == (23, 1, 3, 1)
    assert a["四、结转下年度继续办理"] == (27, 0, 1, 3)


def test_table_four_has_the_official_three_row_header():
    t = table(sample_2020(), "t4")
    a = anchored(t)
    assert (t.n_rows, t.n_cols, t.header_rows) == (4, 15, 3)
    assert a["行政复议"] == (0, 0, 1, 5) and a["行政诉讼"] == (0, 5, 1, 10)
    assert a["未经复议直接起诉"] == (1, 5, 1, 5) and a["复议后起诉"] == (1, 10, 1, 5)
    assert [(c.row, c.rs) for c in t.cells if c.text == "结果维持"] == [(1, 2), (2, 1), (2, 1)]


def test_table_two_amounts_carry_their_unit():
    cells = {c.text for c in table(qingshan_2021(), "t2").cells}
    assert {"本年收费金额（单位：万元）", "123.45"} <= cells


def test_procurement_amount_header_gets_the_unit_only_when_one_is_given():
    d = sample_2020()
    assert "采购总金额" in {c.text for c in table(d, "t2").cells}
    d["t2"]["procurement"]["amount_unit"] = "元"
    assert "采购总金额（单位：元）" in {c.text for c in table(d, "t2").cells}


@pytest.mark.parametrize("value,printed", [(0, "0"), (1396218, "1396218"), (1396218.0, "1396218"),
                                          (123.45, "123.45"), (0.5, "0.5"), (-3, "-3"), (None, "")])
def test_table_values_are_printed_plainly(value, printed):
    d = sample_2020()
    d["t2"]["procurement"]["amount"] = value
    cell = next(c for c in table(d, "t2").cells if c.path == "t2.procurement.amount")
    assert cell.text == printed


def test_table_column_widths_fill_the_type_area_in_proportion():
    t = table(sample_2020(), "t3")
    assert len(t.col_widths) == 10 and sum(t.col_widths) == 156


# ---------------------------------------------------------------- robustness

def test_data_that_is_not_a_report_is_an_input_error():
    with pytest.raises(InputError):
        C.build({"basic": {}})


junk = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["basic", "preamble", "s1", "s5", "s6", "t2", "t3", "t4", "fees"]), junk)
def test_builds_whatever_a_section_holds(section, value):
    d = qingshan_2021()
    d[section] = value
    report = C.build(d)
    assert report.blocks and all(isinstance(t, str) for t in C.plain_text(report))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.fixed_dictionaries({"level": junk, "heading": junk,
                                       "paragraphs": st.one_of(junk, st.lists(junk, max_size=3))}), max_size=4))
def test_builds_whatever_an_outline_holds(nodes):
    d = copy.deepcopy(sample_2020())
    d["s1"] = nodes
    assert norm("".join(C.plain_text(C.build(d))))


# ---------------------------------------------------------------- issue 13: name, 落款, fee sentence

def test_title_and_signature_use_the_agency_name_without_inner_spaces():
    d = qingshan_2021()
    d["basic"]["org_name"] = "青山市 人民政府"
    report = C.build(d)
    assert report.title == "青山市人民政府2021年政府信息公开工作年度报告" and report.org_name == "青山市人民政府"
    assert report.blocks[-1].org == "青山市人民政府"


def test_report_ends_with_the_signature_and_the_publication_date_placed_as_gbt_9704_says():
    sig = blocks(qingshan_2021())[-1]
    # 署名 right-indented 2 characters; the date below it starts 2 characters to the right of the name
    assert sig == C.Signature("青山市人民政府", "2022年3月25日", 2, 0.5)


def test_a_date_longer_than_the_name_is_right_indented_two_characters_and_moves_the_name():
    d = qingshan_2021()
    d["basic"]["org_name"] = "某某镇"
    assert blocks(d)[-1] == C.Signature("某某镇", "2022年3月25日", 7.5, 2)


def test_no_signature_without_a_publication_date():
    assert not [b for b in blocks(sample_2020()) if isinstance(b, C.Signature)]


def test_fee_sentence_is_not_generated_when_the_clerk_wrote_the_fee_paragraph():
    d = qingshan_2021()
    own = "2021年，我市共发出信息处理费收费通知2件，涉及金额300元，实际收取100元。"
    d["s6"][0]["paragraphs"].insert(0, own)
    paragraphs = texts(d, C.Paragraph)
    assert own in paragraphs and not [b for b in blocks(d) if isinstance(b, C.Paragraph) and b.role == "fees"]
