"""The narrative read as a reviewer reads it (issue 17): every row of the issue's table, as sentences of
that shape — the flagged variant with its exact message, and the silent ones.

Base report: the composed 2021 report (新收51, 上年结转4, 办结46, 予以公开17, 部分公开7, 不予公开8,
无法提供5, 结转下年度9; 行政复议5 = 维持2 纠正1 其他1 尚未审结1, 行政诉讼6; 实际收取信息处理费100元).
Each text goes into 一、总体情况（二）unless it is about fees (六).
"""
from __future__ import annotations

import copy

import pytest

from tests.support.rule_cases import qingshan_2021
from xl_addin.check.validator import validate
from xl_addin.model import schema as S

AT = "一、总体情况!B8"
NEW = "一、本年新收政府信息公开申请数量（总计）为51，见表三!K6；或第一项＋第二项为55，见表三!K6:K7"
DONE = "（七）总计（总计）为46，见表三!K29"
T4ALL = "行政复议和行政诉讼为11，见表四!F6、K6、P6"


def report(text: str, **cells) -> dict:
    d = qingshan_2021()
    d["s1"][2] = {"level": 1, "heading": "（二）依申请公开", "paragraphs": [text]}
    for path, value in cells.items():
        S.put(d, path.replace("__", "."), copy.deepcopy(value))
    return d


def tx(d: dict) -> list[tuple]:
    return [(f.rule, f.cell, f.message) for f in validate(d) if f.rule.startswith("TX")]


def flagged(rule: str, quote: str, written: str, says: str, table: str = "表三", how: str = "count") -> tuple:
    if how == "count":
        return rule, AT, f"一、总体情况中“{quote}”写为{written}，与{table}不一致（{says}）"
    if how == "at_most":
        return rule, AT, f"一、总体情况中“{quote}”写为{written}，是总数的一部分，却多于{table}中的总数（{says}）"
    return rule, AT, f"一、总体情况中“{quote}”称{how}，与{table}不一致（{says}）"


SILENT = {
    # 1. the counted noun decides: 诉求, 问题, 事项, 来电 are not applications
    "appeals": "全年收到群众诉求348件，受理各类群众诉求259起。",
    "problems": "共办理群众反映的问题45个，办理人大代表建议12件。",
    "hotline": "12345热线平台受理市民来电诉求3200件。",
    # 2. departments joined to a platform, windows, townships
    "departments": "统一受理平台接入53个部门。",
    "windows": "网上受理系统覆盖全市28个乡镇，设置受理窗口12个。",
    # 3. a slogan in quotes
    "slogan": "坚持第一时间登记受理、第一时间审核、第一时间答复的“三个一”工作机制。",
    "slogan_2": "推行“两个免于提交”，实现受理“一次办”。",
    # 4. outcome words bind to their row (this report: 予以公开17, 部分公开7, 不予公开8, 结转9)
    "outcomes": "同意公开答复 17 件，部分公开答复 7 件，不予公开答复 8件，转下一年度办理答复的有 9 件。",
    "outcomes_2": "予以公开答复17件，区分处理后部分公开答复7件。",
    # 5. a denial of something else
    "no_correction_received": "目前未收到该申请人提交的补正，结转下年度办理。",
    "no_materials": "截至年底仍未收到申请人的补正材料，也未收到申请人缴纳的信息处理费。",
    "no_complaint": "未接到关于不予公开政府信息的电话咨询。",
    "wrongful_denial": "全年没有应公开而不予公开的情况。",
    # 6. 无 inside a word
    "no_difference": "坚持无差别受理、同标准办理。",
    "seamless": "实行无缝衔接受理，无纸化办理。",
    # 7. every applicant
    "all_applicants": "收到公民、法人和其他组织政府信息公开申请51件。",
    "all_applicants_2": "共受理公民、法人或者其他组织提出的政府信息公开申请51件。",
    # 8. another agency's part, with or without 其中
    "agency_part": "全市共收到申请51件，其中市自然资源局收到申请25件。",
    "agency_parts_listed": "市自然资源和规划局受理申请20件，市住房和城乡建设局受理申请15件。",
    # 9. 及时/依法 are adverbs
    "timely": "依法依规及时办结46件。",
    # 10. channels: a list with 共计/各类 is the whole; one channel is a part
    "channels_whole": "通过邮寄、网络提交的各类政府信息公开申请共计51件。",
    "channel_part": "通过网络提交申请30件，信函申请21件。",
    # 11. a subset within its whole
    "within_deadline": "在法定期限内答复46件，其中当场答复4件。",
    "on_time": "按时办结40件，延期答复6件。",
    # 12. 分别 with a repeated head noun
    "respectively": "行政复议案件、行政诉讼案件分别为5件、6件。",
    "respectively_2": "行政复议申请和行政诉讼案件分别为5件和6件。",
    # 13. approximations, across spaces
    "about": "答复约 3000 件。",
    "more_than": "答复 3000 余件，受理 50 件左右。",
    "nearly": "全年办结近 50 件。",
    # 14. the noun next to the number decides the table
    "related_cases": "依法做好行政复议、行政诉讼案件的应诉工作，全县共办理相关案件11件。",
    # 15. the denial of an outcome row (silent when the row is 0: below with edits)
    # 16. universal claims that are tautologies or about timeliness
    "answered_in_time": "答复46件（含上年度结转申请4件，另有9件顺延到下年度答复），均在法定期限内予以答复。",
    "carried_all_done": "上年结转4件，已全部办结。",
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_a_correct_or_irrelevant_sentence_is_silent(case):
    assert tx(report(SILENT[case])) == []


FLAGGED = {
    # 1. the same frames, counting applications
    "applications_not_appeals": ("全年收到政府信息公开申请52件。", [
        flagged("TX-1", "全年收到政府信息公开申请52件", "52件", NEW)]),
    "platform_counting_applications": ("统一受理平台共受理申请53件。", [
        flagged("TX-1", "统一受理平台共受理申请53件", "53件", NEW)]),
    # 3. the slogan is not a count, the figure beside it is
    "slogan_with_a_count": ("坚持“三个一”工作机制，全年受理申请52件。", [
        flagged("TX-1", "坚持“三个一”工作机制，全年受理申请52件", "52件", NEW)]),
    # 4. each outcome against its own row
    "outcome_open": ("同意公开答复 9 件，部分公开答复 7 件。", [
        flagged("TX-1", "同意公开答复 9 件，部分公开答复 7 件", "9 件", "（一）予以公开（总计）为17，见表三!K8")]),
    "outcome_carry_next": ("转下一年度办理答复的有 1 件。", [
        flagged("TX-1", "转下一年度办理答复的有 1 件", "1 件", "四、结转下年度继续办理（总计）为9，见表三!K30")]),
    # 5./6. a denial that does govern applications
    "denial_of_applications": ("本年度无政府信息公开申请。", [
        flagged("TX-1", "本年度无政府信息公开申请", "", NEW, how="没有（无政府信息公开申请）")]),
    # 7. every applicant: against 总计, not the organisation columns
    "all_applicants_wrong": ("收到公民、法人和其他组织政府信息公开申请50件。", [
        flagged("TX-1", "收到公民、法人和其他组织政府信息公开申请50件", "50件", NEW)]),
    # 8. a part larger than its whole; the office itself is the whole
    "agency_part_too_big": ("其中市自然资源局收到申请60件。", [
        flagged("TX-1", "其中市自然资源局收到申请60件", "60件", NEW, how="at_most")]),
    "own_office_is_the_whole": ("青山市人民政府共收到申请50件。", [
        flagged("TX-1", "青山市人民政府共收到申请50件", "50件", NEW)]),
    # 9. 及时 does not make a subset
    "timely_wrong": ("依法依规及时办结45件。", [flagged("TX-1", "依法依规及时办结45件", "45件", DONE)]),
    # 10. the whole over a list of channels
    "channels_whole_wrong": ("通过邮寄、网络提交的各类政府信息公开申请共计83件。", [
        flagged("TX-1", "通过邮寄、网络提交的各类政府信息公开申请共计83件", "83件", NEW)]),
    "channel_part_too_big": ("通过网络提交申请60件。", [
        flagged("TX-1", "通过网络提交申请60件", "60件", NEW, how="at_most")]),
    # 11. a subset larger than its whole
    "within_deadline_too_many": ("在法定期限内答复47件。", [
        flagged("TX-1", "在法定期限内答复47件", "47件", DONE, how="at_most")]),
    # 12. 分别 pairs the lists in order
    "respectively_swapped": ("行政复议案件、行政诉讼案件分别为6件、5件。", [
        flagged("TX-2", "行政复议案件、行政诉讼案件分别为6件、5件", "6件", "行政复议（总计）为5，见表四!F6", "表四"),
        flagged("TX-2", "行政复议案件、行政诉讼案件分别为6件、5件", "5件", "行政诉讼为6，见表四!K6、P6", "表四")]),
    # 13. an exact figure is checked
    "exact_answer": ("答复 45 件。", [flagged("TX-1", "答复 45 件", "45 件", DONE)]),
    # 14. 办理相关案件 is about 表四
    "related_cases_wrong": ("依法做好行政复议、行政诉讼案件的应诉工作，全县共办理相关案件10件。", [
        flagged("TX-2", "全县共办理相关案件10件", "10件", T4ALL, "表四")]),
    # 15. a denial of a 表三 outcome row
    "no_denials": ("全年未发生不予公开的情况。", [
        flagged("TX-1", "全年未发生不予公开的情况", "", "（三）不予公开合计为8，见表三!K10:K17", how="没有（未发生不予公开）")]),
    "no_unable": ("没有无法提供的情况。", [
        flagged("TX-1", "没有无法提供的情况", "", "（四）无法提供合计为5，见表三!K18:K20", how="没有（没有无法提供）")]),
    # 16. universal claims against 结转下年度
    "all_done": ("所有申请均已按要求办理完成。", [
        flagged("TX-1", "所有申请均已按要求办理完成", "", "四、结转下年度继续办理（总计）为9，见表三!K30", how="“均已按要求办理完成”")]),
    "received_all_done": ("全年新收政府信息公开申请51件，均已办结。", [
        flagged("TX-1", "全年新收政府信息公开申请51件，均已办结", "", "四、结转下年度继续办理（总计）为9，见表三!K30；"
                "二、上年结转政府信息公开申请数量（总计）为4，见表三!K7", how="“均已办结”")]),
}


@pytest.mark.parametrize("case", sorted(FLAGGED))
def test_a_contradicting_sentence_is_flagged_with_its_message(case):
    text, expected = FLAGGED[case]
    assert tx(report(text)) == expected


ZERO_DENY = {f"t3__deny_{i}__{c}": 0 for i in range(1, 9) for c in ("nat", "total")}
NO_CARRY = {"t3__carry_next": {c: 0 for c in ("nat", "biz", "sci", "npo", "law", "oth", "total")},
            "t3__total": {"nat": 43, "biz": 7, "sci": 1, "npo": 1, "law": 2, "oth": 1, "total": 55},
            "t3__other_3": {"nat": 7, "biz": 2, "sci": 0, "npo": 0, "law": 1, "oth": 0, "total": 10}}


@pytest.mark.parametrize("text, cells", [
    ("全年未发生不予公开的情况。", ZERO_DENY),
    ("所有申请均已按要求办理完成。", NO_CARRY),
    ("全年新收政府信息公开申请51件，均已办结。", NO_CARRY),
])
def test_denials_and_universal_claims_agreeing_with_the_table_are_silent(text, cells):
    assert tx(report(text, **cells)) == []


def test_a_universal_claim_for_this_years_applications_allows_what_came_from_last_year():
    # 9 carried into next year, 4 carried in from last year: “the 51 new ones are all done” cannot hold
    cells = {"t3__carry__total": 9, "t3__carry__nat": 8}
    assert tx(report("全年新收政府信息公开申请51件，均已办结。", **cells)) == []


# ---------------------------------------------------------------- 6. blank cells

def test_a_claim_is_compared_with_the_filled_cells_when_they_already_contradict_it():
    review = {"upheld": None, "corrected": None, "other": None, "pending": 2, "total": None}
    assert tx(report("全年被申请行政复议5件，均获维持。", t4__review=review)) == [
        ("TX-2", AT, "一、总体情况中“全年被申请行政复议5件，均获维持”称“均获维持”，与表四不一致"
                     "（行政复议（结果纠正＋其他结果＋尚未审结）中已填写的单元格之和已为2（其余未填写），见表四!C6:E6）")]
    upheld = {"upheld": 7, "corrected": None, "other": None, "pending": None, "total": None}
    assert tx(report("全年被申请行政复议5件。", t4__review=upheld)) == [
        ("TX-2", AT, "一、总体情况中“全年被申请行政复议5件”写为5件，与表四不一致"
                     "（行政复议（总计）中已填写的单元格之和已为7（其余未填写），见表四!F6）")]


def test_filled_cells_that_do_not_contradict_leave_the_claim_unchecked():
    review = {"upheld": 3, "corrected": None, "other": None, "pending": 0, "total": None}
    assert tx(report("全年被申请行政复议5件，均获维持。", t4__review=review)) == []


# ---------------------------------------------------------------- 5. fees (2021 format)

def fees_report(text: str, **fees) -> dict:
    d = qingshan_2021()
    d["s6"] = [{"level": 0, "heading": "", "paragraphs": [text]}]
    d["fees"].update(fees)
    return d


SIX = "六、其他需要报告的事项!B8"


@pytest.mark.parametrize("text, fees", [
    ("2021年，全年收取信息处理费100元。", {}),
    ("2021年，青山市人民政府发出信息处理费收费通知2件，总金额300元，实际收取信息处理费100元。", {}),
    ("严格落实《政府信息公开信息处理费管理办法》，实际收取政府信息公开信息处理费0.01万元。", {}),
    ("2021年，无收取信息处理费情况。", {"collected": 0}),
    ("按照规定的按件、按量收费标准，本年度没有产生信息公开处理费。", {"collected": 0}),
    ("依据《政府信息公开信息处理费管理办法》，本机关未向申请人收取任何信息处理费。", {"collected": 0}),
    ("对3件申请减免信息处理费共计300元。", {}),
])
def test_section_six_agreeing_with_the_fee_figures_is_silent(text, fees):
    assert tx(fees_report(text, **fees)) == []


@pytest.mark.parametrize("text, fees, message", [
    ("2021年，无收取信息处理费情况。", {},
     "六、其他需要报告的事项中“2021年，无收取信息处理费情况”称没有收取信息处理费，但实际收取的总金额（元）为100"),
    ("本年度没有产生信息公开处理费。", {"collected": 30.5},
     "六、其他需要报告的事项中“本年度没有产生信息公开处理费”称没有收取信息处理费，但实际收取的总金额（元）为30.5"),
    ("2021年，收取信息处理费120元。", {"collected": 0},
     "六、其他需要报告的事项中“2021年，收取信息处理费120元”写为120元，与实际收取的总金额（元）0不一致"),
    ("实际收取信息处理费0.1万元。", {},
     "六、其他需要报告的事项中“实际收取信息处理费0.1万元”写为0.1万元，与实际收取的总金额（元）100不一致"),
])
def test_section_six_contradicting_the_fee_figures_is_flagged(text, fees, message):
    assert tx(fees_report(text, **fees)) == [("TX-3", SIX, message)]


def test_a_blank_fee_figure_leaves_the_text_to_the_blank_rule():
    got = tx(fees_report("2021年，收取信息处理费120元。", collected=None))
    assert got == [("TX-3", "六、其他需要报告的事项!B5", "实际收取的总金额（元）未填写，第六部分应报告信息处理费情况，没有的请填0")]


def test_six_stating_no_fee_but_not_the_notices_is_one_finding_not_two():
    d = fees_report("2021年，无收取信息处理费情况。", notices=None, notice_amount=None, collected=0)
    assert d["t3"]["other_2"]["total"] > 0      # 表三: an applicant did not pay a notice, so one was issued
    assert [(f.rule, f.path, f.message) for f in validate(d) if f.rule.startswith("TX")] == [
        ("TX-3", "$.fees.notices", "发出收费通知的件数、收费通知的总金额（元）未填写，第六部分应报告信息处理费情况，没有的请填0")]


@pytest.mark.parametrize("text", ["2021年，无收取信息处理费情况。", "本年度没有产生信息公开处理费。", "本机关未收取任何信息处理费。"])
def test_six_stating_no_fee_arose_reports_the_fees_when_no_notice_was_issued(text):
    d = fees_report(text, notices=None, notice_amount=None, collected=None)
    d["t3"]["other_2"] = {k: 0 for k in d["t3"]["other_2"]}
    assert [f for f in validate(d) if f.rule == "TX-3"] == []


def test_six_stating_an_amount_still_needs_the_blank_figures():
    d = fees_report("2021年，收取信息处理费0元，本年度没有产生信息公开处理费。", notices=None, notice_amount=None, collected=0)
    d["t3"]["other_2"] = {k: 0 for k in d["t3"]["other_2"]}
    assert [f.path for f in validate(d) if f.rule == "TX-3"] == ["$.fees.notices"]


# ---------------------------------------------------------------- phrasings of other published reports

@pytest.mark.parametrize("text, expected", [
    ("2020年结转政府信息公开申请5件。", [flagged("TX-1", "2020年结转政府信息公开申请5件", "5件",
                                           "二、上年结转政府信息公开申请数量（总计）为4，见表三!K7")]),
    ("2021年以来，共受理政府信息公开申请52件。", [flagged("TX-1", "2021年以来，共受理政府信息公开申请52件", "52件", NEW)]),
    ("共收到依申请公开52条，均按要求完成答复。", [
        flagged("TX-1", "共收到依申请公开52条，均按要求完成答复", "52条", NEW),
        flagged("TX-1", "共收到依申请公开52条，均按要求完成答复", "", "四、结转下年度继续办理（总计）为9，见表三!K30；"
                "二、上年结转政府信息公开申请数量（总计）为4，见表三!K7", how="“均按要求完成答复”")]),
    ("共收到政府信息公开申请51件，均为自然人申请。", [
        flagged("TX-1", "共收到政府信息公开申请51件，均为自然人申请", "51件（均为自然人）",
                "一、本年新收政府信息公开申请数量（自然人）为40，见表三!E6；或第一项＋第二项（自然人）为43，见表三!E6:E7")]),
    ("涉及复议5件，诉讼6件，无被纠错和败诉。", [
        flagged("TX-2", "涉及复议5件，诉讼6件，无被纠错和败诉", "", "行政复议和行政诉讼（结果纠正）为2，见表四!C6、H6、M6",
                "表四", how="没有（无被纠错和败诉）")]),
    ("予以公开17件，部分公开8，不予公开8件。", [
        flagged("TX-1", "予以公开17件，部分公开8，不予公开8件", "8",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）（总计）为7，见表三!K9")]),
])
def test_phrasings_of_other_reports_are_read(text, expected):
    assert tx(report(text)) == expected


@pytest.mark.parametrize("text", [
    "2019年结转政府信息公开申请5件。",                        # another year's carry-over: not this table's
    "2018年以来，共受理政府信息公开申请520件。",                # cumulative
    "依申请公开信息数182条，不予公开信息数95条。",              # counts of information, not requests
    "县长信箱共受理有效信件180件，已办结180件。",              # the letters, twice
    "12345热线受理来电3200件，办结3200件。",
    "2024年，我镇依申请公开请求51件，其中网络平台收到30件，线下邮件收到21件，都妥善答复。",
    "依申请公开受理量为51件，按期答复46件。",
])
def test_phrasings_of_other_reports_that_agree_or_count_other_things_are_silent(text):
    assert tx(report(text)) == []


def test_a_universal_claim_speaks_of_the_count_just_before_it():
    # the letters are all done, not the applications of the sentence before
    assert tx(report("全年受理政府信息公开申请51件。收到各类信访件120件，均已办结。")) == []
    assert tx(report("全年受理政府信息公开申请51件，其中网上申请30件，均已办结。")) == []


# ---------------------------------------------------------------- prose around the figures (written for these tests)

PROSE = [
    "全年共收到政府信息公开申请51件，较上年增长20%，办结46件。",
    "近三年来，共受理政府信息公开申请150件。",
    "2021年1月至12月，共受理申请51件。",
    "自2019年新条例施行以来，累计受理申请200件。",
    "截至12月31日，共受理申请51件，办结46件，9件正在办理中。",
    "受理的51件申请中，自然人申请40件，法人或其他组织申请11件。",
    "其中，网上申请40件，当面申请11件。",
    "答复申请人46人次。",
    "组织开展政府信息公开培训3次，参训人员120人次。",
    "办理人大代表建议和政协提案56件，办结率100%。",
    "收到各类信访件120件，均已按时办结。",
    "对申请人提出的46件申请，均在法定期限内作出答复。",
    "未发生因政府信息公开工作被追究责任的情况。",
    "全年未收到针对本机关的政府信息公开行政复议申请。",
    "本机关收到的政府信息公开申请均已办结。",
    "本年度共有3个部门收到申请。",
    "全市54个部门、12个乡镇街道均设立了政府信息公开申请受理点。",
    "依申请公开工作实现“一站式”受理，全年受理时间压缩至5个工作日。",
    "全年收到群众来信120件，办结118件，办结率98%。",
    "在线受理系统全年运行365天。",
    "全年共收到申请51件，比上年的43件增加8件。",
    "受理申请人咨询200余次。",
    "全年受理依申请公开51件，涉及土地征收、房屋拆迁等领域。",
    "申请内容主要涉及征地补偿20件、规划许可15件。",
    "2020年受理申请43件，2021年受理51件。",
    "办理行政复议案件12件，其中涉及政府信息公开的5件。",
    "县政府作为复议机关共受理行政复议案件20件。",
    "全年因政府信息公开被申请行政复议5件、被提起行政诉讼6件，目前均在审理中。",
    "行政复议5件中，维持2件，纠正1件，其他结果1件，尚未审结1件。",
    "法院审结行政诉讼案件4件。",
    "收到补正材料12份。",
    "共发出补正告知书8份，延期答复告知书3份。",
    "受理的申请中，有3件申请人撤回申请。",
    "全年共收到申请51件，同比持平。",
    "全年接待现场查阅群众30人次。",
    "依申请公开受理窗口共接待来访群众100余人。",
    "严格执行“一事一答复”，全年共受理51件。",
    "全年共处理政府信息公开申请46件，处理率90.2%。",
    "上年度结转的4件申请已于今年1月全部办结。",
    "部分公开7件，涉及第三方合法权益的内容作了区分处理。",
    "因申请内容不明确告知补正5件。",
    "其中1件因申请人逾期不补正终止办理。",
    "召开依申请公开办理会商会议12次，研究疑难申请8件。",
    "全年新收政府信息公开申请51件，上年结转4件，合计55件。",
    "本年度共办结政府信息公开申请46件，办结率83.6%。",
    "申请人主要为自然人，共40件，占78.4%。",
    "从申请方式看，网络申请占60%，信函申请占40%。",
    "从申请内容看，涉及房屋征收的申请占比最高，达35%。",
    "全年政府信息公开申请量较去年下降15%。",
    "全年累计接收申请51件，均已登记。",
    "所有申请均已在法定期限内答复。",
    "全部申请均按时答复，无超期答复情况。",
    "未发生因政府信息公开被追责的情况。",
    "没有出现违规收费的情况。",
    "本年度无需要报告的其他事项。",
    "无政府信息公开工作考核情况需要说明。",
    "我局严格执行答复“三审”制度，未出现答复错误。",
    "未收到群众对政府信息公开工作的投诉。",
    "未发生泄密事件。",
    "全年未收到申请人对答复不满意的反馈。",
    "对于无法提供的申请，均告知申请人理由。",
    "对不予公开的申请，均说明了不予公开的理由和依据。",
    "2022年度结转的9件申请将于2022年内办结。",
    "2021年度共受理申请51件（含上年度结转4件的，实际新收51件）。",
    "全年共开展政务公开培训4期，培训人员200余人次。",
    "发布政策解读86篇，其中图解32篇、视频解读12个。",
    "主动回应社会关切12次。",
    "收到人大代表建议25件、政协委员提案30件，均已按时办结。",
    "处理12345热线工单3500件，办结率100%。",
    "在政府信息公开申请办理中，坚持“一案一审”。",
    "受理的申请主要集中在征地拆迁、社会保障等领域。",
    "其中，涉及征地拆迁的18件，涉及社会保障的10件。",
    "行政复议机关共受理行政复议申请20件，其中涉及政府信息公开的3件。",
    "全年共发生行政应诉案件30件，其中政府信息公开类5件。",
    "因政府信息公开被申请行政复议5件，复议机关维持2件，纠正1件，其他结果1件，尚在审理1件。",
    "行政诉讼6件中，法院判决驳回诉讼请求3件。",
    "本年度未发生被纠错后拒不整改的情况。",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_around_the_figures_that_agrees_or_counts_other_things_is_silent(text):
    assert tx(report(text)) == []


def test_a_denial_of_a_result_column_is_checked():
    assert tx(report("全年无行政复议被纠错案件。")) == [flagged(
        "TX-2", "全年无行政复议被纠错案件", "", "行政复议（结果纠正）为1，见表四!C6", "表四", how="没有（无行政复议被纠错）")]


# ---------------------------------------------------------------- the clause model as records (for rules built on it)

def test_the_clause_model_exposes_subject_counted_noun_number_qualifiers_scope_and_year():
    from xl_addin.check.text.claims import clauses
    d = report("2021年，全市共收到政府信息公开申请51件，其中市自然资源局在法定期限内答复20件；收到群众诉求348件。")
    got = [(c.kind, c.number.text, c.subject, c.subject_kind, c.noun, c.noun_kind, [k.text for k in c.qualifiers], c.scope, c.year)
           for _, path, c in clauses(d, S.load("2021")) if path == "s1.2.paragraphs.0" and c.number.unit == "件"]
    assert got == [
        ("number", "51件", "全市", "whole", "", "claim", [], "whole", 2021),
        ("number", "20件", "市自然资源局", "agency", "", "", ["在法定期限内"], "part", None),
        ("number", "348件", "", "", "群众诉求", "other", [], "whole", None),
    ]
