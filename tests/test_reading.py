"""What a careful reviewer catches by reading (TX-23 to TX-27, T2-3 for 2019), flagged and silent.

Sentence shapes are those of real published reports (the development set's, and the shapes issue 22
quotes from other real reports): parts listed after 其中 or 在…中, 办结率 and 占…%, a figure stated
twice, 表二 figures in the text, last year's sentence left in. Each rule has its flagged shapes with the
message pinned and its silent ones: a partial list, units that differ, channels that overlap, a rounded
share, a repeated equal figure, another scope, a point in time other than the year end, other years' own
figures.
"""
from __future__ import annotations

import copy
import datetime as dt

import pytest

from tests.support.real_reports import FOLDER, needs_real_reports, report
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.check.validator import validate

TODAY = dt.date(2026, 11, 29)
READING = ("TX-23", "TX-24", "TX-25", "TX-26", "TX-27")


def narrative(*paragraphs: str, year: int = 2021, headings: tuple[str, ...] = (), fmt: str = "2021") -> dict:
    """The bundled sample of a format with its 一 replaced by these paragraphs (one node each)."""
    d = copy.deepcopy(qingshan_2021() if fmt == "2021" else sample_2020())
    d["basic"]["year"] = year
    d["basic"]["publish_date"] = None
    d["s1"] = [{"level": 1 if i < len(headings) and headings[i] else 0, "heading": headings[i] if i < len(headings) else "",
                "paragraphs": [p]} for i, p in enumerate(paragraphs)]
    d["s6"] = [{"level": 0, "heading": "", "paragraphs": ["无其他需要报告的事项。"]}]
    return d


def found(d: dict, rules: tuple[str, ...] = READING) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in validate(d, today=TODAY) if f.rule in rules]


# ---------------------------------------------------------------- TX-23 parts above their whole

def test_parts_above_their_whole_are_a_warning():
    d = narrative("2021年，我区主动公开政府信息61条，其中：减税降费20条，稳岗就业30条，其他应主动公开的政府信息26条。")
    assert found(d) == [("TX-23", "$.s1[0].paragraphs[0]",
                         "一、总体情况中“我区主动公开政府信息61条，其中：减税降费20条，稳岗就业30条，其他应主动公开的政府信息26条”"
                         "所列各项合计76条（20＋30＋26），多于总数61条；请核实总数和各项数字")]


@pytest.mark.parametrize("text,total", [
    ("在主动公开的61条政府信息中，政策文件30条，工作动态25条，其他21条。", "76条（30＋25＋21），多于总数61条"),
    ("全年拨付专项经费1.2万元，其中培训经费8000元，宣传经费5000元。", "13000元（8000＋5000），多于总数1.2万元"),
    ("全年发布政策解读20篇，其中图解30篇。", "30篇（30），多于总数20篇"),
    ("全年主动公开政府信息 61 条，其中政策文件 40 条、其他 30 条。", "70条（40＋30），多于总数61条"),
])
def test_parts_above_their_whole_in_other_shapes(text, total):
    (got,) = found(narrative(text))
    assert got[0] == "TX-23" and total in got[2]


def test_parts_after_a_scope_opening_the_next_sentence_belong_to_the_whole_before():
    """A real 2023 department report: 主动在门户网站公开政府信息50条。…在主动公开的信息中，政策法规类的信息4条，… (= 50)."""
    text = ("2021年,我局认真梳理,主动在门户网站公开政府信息50条。全年政务信息公开工作运行正常。在主动公开的信息中,"
            "政策法规类的信息{a}条,业务工作类的信息10条,信息公开30条,统计数据信息6条。")
    assert found(narrative(text.format(a=4))) == []
    assert found(narrative(text.format(a=14))) == [("TX-23", "$.s1[0].paragraphs[0]",
                                                   "一、总体情况中“主动在门户网站公开政府信息50条。在主动公开的信息中,政策法规类的"
                                                   "信息14条,业务工作类的信息10条,信息公开30条,统计数据信息6条”所列各项合计60条（14＋10＋30＋6），"
                                                   "多于总数50条；请核实总数和各项数字")]
    other = "2021年,我局主动在门户网站公开政府信息50条。在开展的培训中,线上培训40条,线下培训30条。"
    assert found(narrative(other), ("TX-23",)) == []


@pytest.mark.parametrize("text", [
    "2021年，主动公开政府信息61条，其中：减税降费5条，稳岗就业8条。",                      # a partial list
    "全年主动公开政府信息3256条，其中政策文件312件，政策解读86篇。",                       # units differ
    "区办公室通过政府门户网站主动公开应主动公开的政府信息，全年公开公文类政府信息共31条，其中政策、规范性文件类信息3条，"
    "重大建设项目类信息1条，国土资源城乡建设环保能源类信息1条，安全生产、应急管理类信息7条，其他应主动公开的政府信息19条。",
    "在主动公开的24条政府信息中，行政法规、规章和规范性文件7条，机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名5条，"
    "财务预算、决算信息0条,其他应公开的政府信息中机关党建3条，工作动态8条，聘请中介机构备选库相关工作1条。",
    "全年主动公开政府信息100条，其中通过门户网站发布80条，通过微信公众号发布60条。",       # channels overlap
    "全年主动公开政府信息100条，其中政策文件60条（含规范性文件50条），其他40条。",          # a part of a part
    "全年主动公开政府信息100条，其中政策文件60条，其他30条；发布政策解读20篇，回应关切30条。",  # the list ends at ；
    "全年主动公开政府信息100条，其中政策文件60条，其他30条，另有转载信息20条。",
    "市政府网站主动公开各类政府信息 5500 余条，其中政策文件3000条，其他3000条。",         # an approximate whole
    "政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 47 件。",  # 表四's (TX-2)
    "全年主动公开政府信息100条，其中政策文件、工作动态各60条。",                            # 各 distributes one number
])
def test_a_list_that_is_not_a_partition_or_not_over_its_whole_is_silent(text):
    assert found(narrative(text), ("TX-23",)) == []


# ---------------------------------------------------------------- TX-24 rates and shares

def test_a_completion_rate_of_100_with_applications_carried_over_is_a_warning():
    d = narrative("全年新收政府信息公开申请51件，上年结转4件，办结46件，依申请公开办结率100%。")
    assert found(d, ("TX-24",)) == [("TX-24", "$.s1[0].paragraphs[0]",
                                    "一、总体情况中“全年新收政府信息公开申请51件，上年结转4件，办结46件，依申请公开办结率100%”写为100%，"
                                    "按表三计算为83.6%（（七）总计46件÷（本年新收＋上年结转）55件，见表三!K29、K6、K7）")]


def test_the_rate_agrees_with_the_table_to_its_printed_digits():
    d = narrative("依申请公开办结率83.6%。", "全年申请办结率84%。", "全年申请办结率83%。")
    assert [f[1] for f in found(d, ("TX-24",))] == []
    d = narrative("全年申请办结率100%。")
    d["t3"]["total"]["total"], d["t3"]["carry_next"]["total"] = 55, 0
    assert found(d, ("TX-24",)) == []


@pytest.mark.parametrize("text", [
    "依申请公开按时办结率100%。",                             # another rate
    "办理人大代表建议和政协提案共54件，办结率100%。",          # a rate of something else
    "在省办2024年四个季度政务新媒体检查抽查中，合格率均为 100%。",
    "全年主动公开政府信息3256条，同比增长20%。",
])
def test_other_rates_are_not_read(text):
    assert found(narrative(text), ("TX-24",)) == []


def test_a_share_its_own_numbers_contradict_is_a_warning():
    d = narrative("全年主动公开政府信息300条，其中政策文件100条，占34%。")
    assert found(d, ("TX-24",)) == [("TX-24", "$.s1[0].paragraphs[0]",
                                    "一、总体情况中“其中政策文件100条，占34%”写为34%，按本句的数字计算为33.3%（100条÷300条）")]


@pytest.mark.parametrize("share", ["占33%", "占33.3%", "占33.33%", "占比33.3%", "占总数的33.3%"])
def test_a_rounded_share_is_silent(share):
    assert found(narrative(f"全年主动公开政府信息300条，其中政策文件100条，{share}。"), ("TX-24",)) == []


# ---------------------------------------------------------------- TX-25 one quantity stated twice

def test_one_quantity_stated_twice_with_two_numbers_is_a_warning():
    d = narrative("2021年，我市全年主动公开政府信息3256条。", "全年共主动公开政府信息3265条，政策解读86篇。",
                  headings=("", "（一）主动公开情况"))
    assert found(d) == [("TX-25", "$.s1[1].paragraphs[0]",
                         "一、总体情况中“全年共主动公开政府信息3265条，政策解读86篇”写为3265条，而一、总体情况中“2021年，我市全年主动公开"
                         "政府信息3256条”写为3256条：同一数量（主动公开政府信息）前后两个数字不一致；请核实")]


@pytest.mark.parametrize("second", [
    "全年共主动公开政府信息3256条。",                                   # the same figure again
    "通过政务微博主动公开政府信息500条。",                               # another channel
    "围绕优化营商环境，主动公开政府信息300条。",                          # a context clause narrows it
    "全年主动公开政府信息约3000条。",                                   # an approximation
    "其中主动公开政府信息300条。",                                      # a part
    "2020年，主动公开政府信息3000条。",                                 # another year's figure
])
def test_a_second_statement_that_is_not_the_same_quantity_is_silent(second):
    assert found(narrative("全年主动公开政府信息3256条。", second), ("TX-25",)) == []


def test_meetings_and_trainings_are_held_again_and_are_not_one_quantity():
    d = narrative("本年度召开专题会议3次，研究部署政务公开工作。", "本年度召开专题会议5次，研究解决群众反映的问题。",
                  "组织业务培训2次。", "组织业务培训4次，覆盖全体工作人员。")
    assert found(d, ("TX-25",)) == []


def test_a_heading_that_narrows_the_topic_makes_another_quantity():
    d = narrative("全年主动公开政府信息3256条。", "全年主动公开政府信息300条。", headings=("", "（三）重点领域信息公开"))
    assert found(d, ("TX-25",)) == []


def test_the_same_documents_of_another_issuer_are_another_quantity():
    """The real 2020 report: 区办公室 公开公文类政府信息共31条; later 发布…区管委会及区管委会办公室公文类政府信息，全年共发布36条.
    The second counts the documents of 管委会 and its office, the first the office's own: two scopes, no finding."""
    d = narrative("区办公室通过政府门户网站主动公开应主动公开的政府信息，全年公开公文类政府信息共31条。",
                  "在政府门户网站“最新文件”栏目发布应主动公开的区管委会及区管委会办公室公文类政府信息，全年共发布36条，发布平潭要闻1063条。",
                  year=2020, fmt="2019")
    assert found(d) == []
    d = narrative("全年公开公文类政府信息共31条。", "全年公开公文类政府信息36条。", year=2020, fmt="2019")
    assert [f[0] for f in found(d)] == ["TX-25"]


# ---------------------------------------------------------------- TX-26 表二 in the text

@pytest.mark.parametrize("text,message", [
    ("动态更新本年度制发的规范性文件77件，并同步做好全真版上传等工作。",
     "一、总体情况中“动态更新本年度制发的规范性文件77件，并同步做好全真版上传等工作”写为77件，与表二不一致（行政规范性文件（本年制发件数）为12，见表二!C6）"),
    ("我市现行有效规范性文件60件。",
     "一、总体情况中“我市现行有效规范性文件60件”写为60件，与表二不一致（行政规范性文件（现行有效件数）为88，见表二!E6）"),
    ("全年作出行政处罚决定1100件。",
     "一、总体情况中“全年作出行政处罚决定1100件”写为1100件，与表二不一致（行政处罚（本年处理决定数量）为420，见表二!C12）"),
    ("本年度宣布废止规章2件。", "一、总体情况中“本年度宣布废止规章2件”写为2件，与表二不一致（规章（本年废止件数）为1，见表二!D5）"),
    ("全年收取行政事业性收费18651.06万元。",
     "一、总体情况中“全年收取行政事业性收费18651.06万元”写为18651.06万元，与表二不一致（行政事业性收费（本年收费金额（单位：万元））为123.45，见表二!C16）"),
])
def test_a_table_2_figure_the_table_contradicts_is_a_warning(text, message):
    assert found(narrative(text)) == [("TX-26", "$.s1[0].paragraphs[0]", message)]


def test_the_finding_names_the_cell_and_sits_on_the_paragraph():
    (f,) = [f for f in validate(narrative("动态更新本年度制发的规范性文件77件。"), today=TODAY) if f.rule == "TX-26"]
    assert (f.cell, f.expected, f.actual, {k: v.cell for k, v in f.operands.items()}) == (
        "一、总体情况!B4", 12, 77, {"$.t2.normative.made": "表二!C6"})


def test_the_2019_format_reads_its_own_table_2():
    d = narrative("全年制发规范性文件5件。", year=2020, fmt="2019")
    d["t2"]["normative"]["made"] = 3
    assert found(d) == [("TX-26", "$.s1[0].paragraphs[0]",
                         "一、总体情况中“全年制发规范性文件5件”写为5件，与表二不一致（规范性文件（本年新制作数量）为3，见表二!C6）")]


@pytest.mark.parametrize("text", [
    "动态更新发布本年度制发行政规范性文件12件，并同步做好全真版上传等工作。",   # agrees
    "集中发布现行有效行政规范性文件500件。",                                  # a point in time, not the year end
    "截至6月底，现行有效规范性文件60件。",
    "全县各部门共制发规范性文件77件。",                                       # a wider scope
    "以市政府办名义制发规范性文件5件。",                                      # one issuer of several
    "全年新增公开市政府规章 1 件、市政府及市政府办政策性文件 11 件。",          # 公开 is not 制发; 政策性文件 is another noun
    "全年收取行政事业性收费1234500元。",                                      # = 123.45万元
    "2020年制发规范性文件10件。",                                            # another year
    "制发规范性文件约10件。",                                                # an approximation
    "其中涉企规范性文件5件。",                                               # a part
    "受理行政许可申请5000件。",                                              # applications, not decisions
])
def test_table_2_figures_that_are_not_the_year_end_figure_are_silent(text):
    assert found(narrative(text), ("TX-26",)) == []


def test_a_blank_table_2_cell_is_not_compared():
    d = narrative("动态更新本年度制发的规范性文件77件。")
    d["t2"]["normative"]["made"] = None
    assert found(d, ("TX-26",)) == []


# ---------------------------------------------------------------- TX-27 this year's figures under another year

def test_last_years_sentence_with_this_years_number_is_a_warning_naming_both_years():
    d = narrative("2024年，我区坚持以习近平新时代中国特色社会主义思想为指导，其中主动公开政府信息61条。",
                  "2023年，在主动公开的61条政府信息中，其中：减税降费5条，稳岗就业8条。", year=2024)
    assert found(d) == [("TX-27", "$.s1[1].paragraphs[0]",
                         "一、总体情况中“2023年，在主动公开的61条政府信息中，其中：减税降费5条，稳岗就业8条”写的是2023年，但61条与本年度"
                         "（2024年）“2024年，我区坚持以习近平新时代中国特色社会主义思想为指导，其中主动公开政府信息61条”的数字相同，"
                         "可能是上年报告中的句子未改年份；请核实年份和数字")]


def test_a_sentence_of_last_year_in_the_section_on_this_years_work_is_a_warning():
    d = narrative("2023年，我市主动公开政府信息55条，发布政策解读10篇。", year=2024)
    assert found(d) == [("TX-27", "$.s1[0].paragraphs[0]",
                         "一、总体情况中“2023年，我市主动公开政府信息55条，发布政策解读10篇”写的是2023年的数字，但这一部分报告的是2024年度的工作，"
                         "可能是上年报告中的句子未更新；请核实年份和数字")]


def test_a_small_number_of_another_year_meets_this_years_by_chance():
    d = narrative("2024年，我局全年制发规范性文件2件。", year=2024)
    d["s6"] = [{"level": 0, "heading": "", "paragraphs": ["2023年，我局制发规范性文件2件。"]}]
    assert found(d, ("TX-27",)) == []
    d["s6"] = [{"level": 0, "heading": "", "paragraphs": ["2023年，我局主动公开政府信息61条。"]}]
    d["s1"][0]["paragraphs"] = ["2024年，我局全年主动公开政府信息61条。"]
    assert [f[:2] for f in found(d, ("TX-27",))] == [("TX-27", "$.s6[0].paragraphs[0]")]


@pytest.mark.parametrize("text", [
    "公开了2024年政府预算、2023年政府决算等信息共20条。",                  # other years' own documents
    "2023年主动公开政府信息55条，较上年增长10%。",                         # a comparison
    "与2023年相比，主动公开政府信息增加6条。",
    "2019年以来，累计公开政府信息5000条。",                                # cumulative
    "2023年，我市主动公开政府信息55条；2024年，主动公开政府信息61条。",    # the paragraph names the report year
    "2025年，将继续加大公开力度，计划发布政策解读100篇。",                  # a plan
    "2023年12月，我局制发规范性文件2件，已于2024年1月起施行。",
])
def test_other_years_own_figures_are_silent(text):
    assert found(narrative(text, year=2024), ("TX-27",)) == []


# ---------------------------------------------------------------- T2-3 for the 2019 format

def test_regulations_made_by_a_government_with_that_power_are_silent_in_2019():
    d = sample_2020()
    d["basic"]["org_type"] = "县级以上人民政府"
    d["t2"]["rules"].update(made=1, published=1, total=1)
    assert [f for f in validate(d, today=TODAY) if f.rule == "T2-3"] == []


# ---------------------------------------------------------------- the development set

@needs_real_reports
@pytest.mark.parametrize("name", ["pingtan-czj-2020", "pingtan-gaj-2021", "pingtan-gwh-2020", "pingtan-gzj-2019",
                                  "pingtan-hzs-2023", "pingtan-tzcj-2025"])
def test_the_real_reports_get_no_reading_finding(name):
    """README rows hold: gwh-2020's 31 and 36 are two scopes (see above); gzj-2019's 24 = 7+5+0+3+8+1."""
    assert found(report(name)) == []


@needs_real_reports
def test_a_real_web_page_whose_text_states_its_table_2_figure_is_silent():
    from xl_addin.check.step import check

    result = check(FOLDER / "pingtan-2024.html", today=TODAY)
    assert result.data["t2"]["normative"]["made"] == 62
    assert any("本年度制发行政规范性文件62件" in p for n in result.data["s1"] for p in n["paragraphs"])
    assert [f for f in result.findings if f.rule in READING] == []


def test_a_dated_event_of_another_year_is_neither_a_second_statement_nor_last_years_sentence():
    d = narrative("全年主动公开政府信息120条。", "2023年12月，我局主动公开政府信息10条。", year=2024)
    assert found(d) == []
