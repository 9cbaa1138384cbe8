"""The 导语 read as a reviewer reads it: the statistics period (TX-21) and the legal basis cited (TX-22).

Sentence shapes are those of real published reports (the development set and others): the
template's own wording, 「自…起至…止」, PDF text with spaces between digits, Chinese numerals, a
period given as a year, a 2019 department report covering 9月1日–12月31日 after 机构改革, a 2025
report citing the 2019 format notice.
"""
from __future__ import annotations

import copy
import datetime as dt

import pytest

from tests.support.real_reports import DATA_NAMES, FOLDER, needs_real_reports, report
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.check.validator import validate

TODAY = dt.date(2026, 11, 29)
OURS = ("TX-21", "TX-22")


def with_text(year: int, preamble: str | None, s1: str | None = None) -> dict:
    """The bundled 2021 sample (or the 2020 one for 2019–2020) as the report of ``year`` with this 导语."""
    d = copy.deepcopy(qingshan_2021() if year >= 2021 else sample_2020())
    d["basic"]["year"] = year
    d["basic"]["publish_date"] = None
    d["preamble"] = preamble
    if s1 is not None:
        d["s1"][0]["paragraphs"] = [s1]
    return d


def ours(data: dict) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in validate(data, today=TODAY) if f.rule in OURS]


# ---------------------------------------------------------------- the statistics period

SILENT_PERIODS = [
    (2020, "本报告中使用数据统计期限为2020年1月1日至12月31日。"),                       # the template
    (2024, "报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。"),              # a PDF's text
    (2020, "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。"),
    (2025, "本报告的统计数据时间段为2025年1月1日至2025年12月31日。"),
    (2023, "本报告所列数据统计期限自二〇二三年一月一日起至二〇二三年十二月三十一日止。"),
    (2022, "本报告所列数据统计时间为2022.1.1—2022.12.31。"),
    (2023, "本报告统计期限为2023年度。"),
    (2023, "本报告所列数据统计时间为2023年1月至12月。"),
    (2024, "本报告所列数据统计期限为2024年1月1日至2024年12月31日，相关数据截至2025年1月10日。"),
    (2024, "如对本报告有任何疑问，请与区政府办公室联系（电话：0591-23161007）。"),     # no period stated
]


@pytest.mark.parametrize("year,preamble", SILENT_PERIODS)
def test_a_whole_year_period_is_silent(year, preamble):
    assert ours(with_text(year, preamble)) == []


FLAGGED_PERIODS = [
    (2024, "本报告中所列数据的统计期限为2023年1月1日至2023年12月31日。",
     "导语中“本报告中所列数据的统计期限为2023年1月1日至2023年12月31日”的统计期限是2023年1月1日至2023年12月31日，"
     "不是报告年度：2024年度报告的统计期限应为2024年1月1日至12月31日（可能沿用了其他年度报告的导语）"),
    (2022, "本报告所列数据统计期限自二〇二一年一月一日起至二〇二一年十二月三十一日止。",
     "导语中“本报告所列数据统计期限自二〇二一年一月一日起至二〇二一年十二月三十一日止”的统计期限是2021年1月1日至2021年12月31日，"
     "不是报告年度：2022年度报告的统计期限应为2022年1月1日至12月31日（可能沿用了其他年度报告的导语）"),
    (2023, "本报告中使用数据统计期限为2022年1月1日至12月31日。",
     "导语中“本报告中使用数据统计期限为2022年1月1日至12月31日”的统计期限是2022年1月1日至2022年12月31日，"
     "不是报告年度：2023年度报告的统计期限应为2023年1月1日至12月31日（可能沿用了其他年度报告的导语）"),
    (2024, "本报告统计期限为2023年度。",
     "导语中“本报告统计期限为2023年度”的统计期限是2023年度，"
     "不是报告年度：2024年度报告的统计期限应为2024年1月1日至12月31日（可能沿用了其他年度报告的导语）"),
    (2024, "本报告所列数据统计时间为2023年1月至12月。",
     "导语中“本报告所列数据统计时间为2023年1月至12月”的统计期限是2023年1月1日至2023年12月31日，"
     "不是报告年度：2024年度报告的统计期限应为2024年1月1日至12月31日（可能沿用了其他年度报告的导语）"),
    (2024, "本报告数据统计截至2023年12月31日。",
     "导语中“本报告数据统计截至2023年12月31日”的统计期限是截至2023年12月31日，"
     "不是报告年度：2024年度报告的统计期限应为2024年1月1日至12月31日（可能沿用了其他年度报告的导语）"),
    (2019, "本报告中所列数据的统计期限为2019年9月1日至2019年12月31日。",
     "导语中“本报告中所列数据的统计期限为2019年9月1日至2019年12月31日”的统计期限2019年9月1日至2019年12月31日不是全年"
     "（2019年1月1日至12月31日），报告中也没有说明原因（如机构改革、新组建）；请核实统计期限，或写明不足全年的原因"),
]


@pytest.mark.parametrize("year,preamble,message", FLAGGED_PERIODS)
def test_a_period_of_another_year_or_part_of_the_year_is_a_warning(year, preamble, message):
    assert ours(with_text(year, preamble)) == [("TX-21", "$.preamble", message)]


@pytest.mark.parametrize("reason", [
    "我局自2019年8月份机构改革以来，认真贯彻落实《中华人民共和国政府信息公开条例》。",   # the real 2019 report's 一
    "我局于2019年9月1日正式挂牌成立，当年即开展政府信息公开工作。",
])
def test_part_of_the_year_with_a_stated_reason_is_silent(reason):
    period = "本报告中所列数据的统计期限为2019年9月1日至2019年12月31日。"
    assert ours(with_text(2019, period, s1=reason)) == []


def test_the_reason_may_stand_in_the_preamble_itself():
    text = "因机构改革，我局于2019年9月组建。本报告中所列数据的统计期限为2019年9月1日至2019年12月31日。"
    assert ours(with_text(2019, text)) == []


def test_a_period_sentence_in_the_narrative_is_read_only_when_it_speaks_of_the_report():
    report_sentence = "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"
    other = "2024年1月1日至6月30日，经统计，全区政务新媒体共发布信息2000余条。"
    assert ours(with_text(2024, None, s1=other)) == []
    assert [r[:2] for r in ours(with_text(2024, None, s1=report_sentence))] == [("TX-21", "$.s1[0].paragraphs[0]")]


def test_the_generated_preamble_is_not_read():
    """No 导语 of its own: the report prints the template's, right by construction."""
    assert ours(with_text(2024, None)) == []


# ---------------------------------------------------------------- the legal basis

SILENT_BASIS = [
    (2024, "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）规定编制。"),
    (2024, "本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号）、《国务院办公厅政府信息与政务公开办公室关于印发"
           "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）等文件要求编制。"),
    (2019, "认真贯彻落实《中华人民共和国政府信息公开条例》、《福建省政府信息公开办法》和国办公开办函〔2019〕60号文件要求。"),
    (2020, "本报告是根据《中华人民共和国政府信息公开条例》（国务院令第711号）和《国务院办公厅政府信息与政务公开办公室关于政府信息"
           "公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求撰写。"),
    (2020, "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）、《国务院办公厅关于印发2020年政务公开工作要点的通知》"
           "（国办发〔2020〕17号）要求，区管委会办公室编制完成本报告。"),
    (2021, "根据《中华人民共和国政府信息公开条例》（2007年4月5日中华人民共和国国务院令第492号公布，2019年4月3日中华人民共和国"
           "国务院令第711号修订）编制本报告。"),
    (2022, "根据《条例》和国办公开办函〔2021〕30号要求编制本报告，原国办公开办函〔2019〕60号规定的格式同时废止。"),
    (2023, "根据《国务院办公厅关于印发〈优化营商环境条例〉的通知》（国务院令第722号）要求。"),
]


@pytest.mark.parametrize("year,preamble", SILENT_BASIS)
def test_a_basis_in_force_for_the_year_is_silent(year, preamble):
    assert ours(with_text(year, preamble)) == []


FLAGGED_BASIS = [
    (2023, "根据《中华人民共和国政府信息公开条例》（国务院令第４９２号）的规定，编制本报告。",
     "导语中“根据《中华人民共和国政府信息公开条例》（国务院令第４９２号）的规定，编制本报告”引用的是2008年施行的"
     "《中华人民共和国政府信息公开条例》（国务院令第492号），该条例已于2019年修订（国务院令第711号，2019年5月15日起施行），"
     "2023年度报告应依据修订后的条例"),
    (2022, "本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）和国办公开办函〔2019〕60号编制。",
     "导语中“本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）和国办公开办函〔2019〕60号编制”引用的"
     "国办公开办函〔2019〕60号是2019、2020年度报告的格式依据，已被替代；2022年度报告的格式依据是《国务院办公厅政府信息与政务公开"
     "办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"),
    (2019, "根据国务院办公厅政府信息与政务公开办公室《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。",
     "导语中“根据国务院办公厅政府信息与政务公开办公室《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制”"
     "引用的国办公开办函〔2021〕30号自2021年度报告起才适用；2019年度报告的格式依据是《国务院办公厅政府信息与政务公开办公室关于"
     "政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"),
    (2020, "根据国办公开办函［2021］30号要求编制。",
     "导语中“根据国办公开办函［2021］30号要求编制”引用的国办公开办函〔2021〕30号自2021年度报告起才适用；2020年度报告的格式依据是"
     "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"),
]


@pytest.mark.parametrize("year,preamble,message", FLAGGED_BASIS)
def test_a_superseded_or_not_yet_issued_basis_is_a_warning(year, preamble, message):
    assert ours(with_text(year, preamble)) == [("TX-22", "$.preamble", message)]


def test_a_citation_in_the_narrative_is_located_at_its_paragraph():
    s1 = "我局认真贯彻落实《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号文件要求，不断完善工作机制。"
    found = ours(with_text(2023, None, s1=s1))
    assert [f[:2] for f in found] == [("TX-22", "$.s1[0].paragraphs[0]")]
    assert found[0][2].startswith("一、总体情况中“我局认真贯彻落实《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号文件要求，"
                                  "不断完善工作机制”引用的国办公开办函〔2019〕60号是2019、2020年度报告的格式依据")


def test_the_finding_sits_on_the_preamble_cell():
    data = with_text(2024, "本报告中所列数据的统计期限为2023年1月1日至2023年12月31日。")
    (f,) = [f for f in validate(data, today=TODAY) if f.rule == "TX-21"]
    assert f.cell == "基本信息!B14" and f.severity == "warning"


# ---------------------------------------------------------------- the development set

@needs_real_reports
@pytest.mark.parametrize("name", DATA_NAMES)
def test_the_real_reports_get_only_their_true_preamble_findings(name):
    """README rows hold: no TX finding on their 导语 except the 2025 report's superseded 60号 (issue 22 names it)."""
    found = ours(report(name))
    if name == "pingtan-tzcj-2025":
        assert found == [("TX-22", "$.preamble",
                          "导语中“根据《中华人民共和国政府信息公开条例》和国务院办公厅公开办《关于政府信息公开工作年度报告有关事项的通知》"
                          "（国办公开办函〔2019〕60号）要求”引用的国办公开办函〔2019〕60号是2019、2020年度报告的格式依据，已被替代；"
                          "2025年度报告的格式依据是《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告"
                          "格式〉的通知》（国办公开办函〔2021〕30号）")]
    else:
        assert found == []


@needs_real_reports
def test_the_real_2019_report_is_silent_because_it_says_why_its_period_is_short():
    data = report("pingtan-gzj-2019")
    assert "2019年9月1日至2019年12月31日" in data["preamble"] and ours(data) == []
    for section in ("s1", "s5"):
        for node in data[section]:
            node["paragraphs"] = [p.replace("机构改革", "工作") for p in node["paragraphs"]]
    assert [f[0] for f in ours(data)] == ["TX-21"]


@needs_real_reports
def test_a_real_web_page_with_a_correct_preamble_is_silent():
    from xl_addin.check.step import check

    result = check(FOLDER / "pingtan-2024.html", today=TODAY)
    assert "统计期限为2024年1月1日至2024年12月31日" in result.data["preamble"]
    assert [f for f in result.findings if f.rule in OURS] == []
