"""The claim reader (TX-1 表三, TX-2 表四): every pattern of issue 11, wrong numbers flagged, right ones silent.

Base report: the composed 2021 report (新收51 = 自然人40 + 法人或其他组织11, 上年结转4, 办结46, 予以公开17,
结转下年度9; 行政复议5 = 维持2 纠正1 其他1 尚未审结1, 直接起诉3, 复议后起诉3). Each case puts one text in
一、总体情况（二）and pins the finding: rule, workbook cell of the paragraph, table value, number written, message.
"""
from __future__ import annotations

import copy

import pytest

from tests.support.claim_corpus import entries, score
from tests.support.rule_cases import qingshan_2021
from xl_addin.check.text.claims import read
from xl_addin.check.validator import validate
from xl_addin.model import schema as S

AT = "一、总体情况!B8"          # the cell of s1[2].paragraphs[0]
PATH = "$.s1[2].paragraphs[0]"


def report(text: str, heading: str = "（二）依申请公开", **cells) -> dict:
    d = qingshan_2021()
    d["s1"][2] = {"level": 1, "heading": heading, "paragraphs": [text]}
    for path, value in cells.items():
        S.put(d, path.replace("__", "."), value)
    return d


def tx(d: dict) -> list[tuple]:
    """The claim reader's findings (TX-1 表三, TX-2 表四; 表二 figures are TX-26's)."""
    return [(f.rule, f.cell, f.expected, f.actual, f.message) for f in validate(d) if f.rule in ("TX-1", "TX-2")]


T3 = "一、总体情况中“{q}”写为{w}，与表三不一致（{s}）"
T4 = "一、总体情况中“{q}”写为{w}，与表四不一致（{s}）"
DONE = "（七）总计（总计）为46，见表三!K29"

# id: (right text, wrong text, (rule, table value, number written, message) of the wrong one, table edits)
CASES = {
    "other_verb_banli": ("全年共办理政府信息公开申请46件。", "全年共办理政府信息公开申请45件。",
                         ("TX-1", 46, 45, T3.format(q="全年共办理政府信息公开申请45件", w="45件", s=DONE)), {}),
    "carry_next_shunyan": ("另有9件申请顺延到下年度办理。", "另有8件申请顺延到下年度办理。",
                           ("TX-1", 9, 8, T3.format(q="另有8件申请顺延到下年度办理", w="8件",
                                                   s="四、结转下年度继续办理（总计）为9，见表三!K30")), {}),
    "carry_next_xiayinian": ("结转下一年度继续办理9件。", "结转下一年度继续办理10件。",
                             ("TX-1", 9, 10, T3.format(q="结转下一年度继续办理10件", w="10件",
                                                      s="四、结转下年度继续办理（总计）为9，见表三!K30")), {}),
    "carry_last_year": ("上年度结转申请4件，已全部办结。", "上年度结转申请3件，已全部办结。",
                        ("TX-1", 4, 3, T3.format(q="上年度结转申请3件，已全部办结", w="3件",
                                                s="二、上年结转政府信息公开申请数量（总计）为4，见表三!K7")), {}),
    "natural_persons": ("全年新收政府信息公开申请51件，其中自然人申请40件。", "全年新收政府信息公开申请51件，其中自然人申请41件。",
                        ("TX-1", 40, 41, T3.format(q="全年新收政府信息公开申请51件，其中自然人申请41件", w="41件",
                                                  s="一、本年新收政府信息公开申请数量（自然人）为40，见表三!E6")), {}),
    "legal_persons_with_carry": ("法人或其他组织申请12件。", "法人或其他组织申请13件。",
                                 ("TX-1", 11, 13, T3.format(q="法人或其他组织申请13件", w="13件",
                                                           s="一、本年新收政府信息公开申请数量（法人或其他组织）为11，见表三!F6:J6；"
                                                             "或第一项＋第二项（法人或其他组织）为12，见表三!F6:J7")), {}),
    "upheld_within_review": ("全年被申请行政复议5件，其中结果维持2件。", "全年被申请行政复议5件，其中结果维持3件。",
                             ("TX-2", 2, 3, T4.format(q="全年被申请行政复议5件，其中结果维持3件", w="3件",
                                                     s="行政复议（结果维持）为2，见表四!B6")), {}),
    "litigation_without_xingzheng": ("全年因政府信息公开引发诉讼6件。", "全年因政府信息公开引发诉讼5件。",
                                     ("TX-2", 6, 5, T4.format(q="全年因政府信息公开引发诉讼5件", w="5件",
                                                             s="行政诉讼为6，见表四!K6、P6")), {}),
    "related_cases": ("全年发生政府信息公开相关案件11件。", "全年发生政府信息公开相关案件10件。",
                      ("TX-2", 11, 10, T4.format(q="全年发生政府信息公开相关案件10件", w="10件",
                                                s="行政复议和行政诉讼为11，见表四!F6、K6、P6")), {}),
    "full_width_digits": ("全年新收政府信息公开申请５１件。", "全年新收政府信息公开申请１７件。",
                          ("TX-1", 51, 17, T3.format(q="全年新收政府信息公开申请１７件", w="１７件",
                                                    s="一、本年新收政府信息公开申请数量（总计）为51，见表三!K6")), {}),
    "chinese_numerals": ("全年新收政府信息公开申请五十一件。", "全年新收政府信息公开申请十七件。",
                         ("TX-1", 51, 17, T3.format(q="全年新收政府信息公开申请十七件", w="十七件",
                                                   s="一、本年新收政府信息公开申请数量（总计）为51，见表三!K6")), {}),
    "percentage": ("全年办结46件，其中予以公开17件，占37.0%。", "全年办结46件，其中予以公开17件，占33.9%。",
                   ("TX-1", 36.96, 33.9, "一、总体情况中“全年办结46件，其中予以公开17件，占33.9%”写为33.9%，按表三计算为36.96%"
                                         "（（一）予以公开（总计）为17，见表三!K8；（七）总计（总计）为46，见表三!K29）"), {}),
    "denial_of_cases": ("全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。",
                        "全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。",
                        ("TX-2", 11, 0, "一、总体情况中“全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况”称没有"
                                        "（未发生因政府信息公开被申请行政复议、提起行政诉讼），与表四不一致"
                                        "（行政复议和行政诉讼为11，见表四!F6、K6、P6）"),
                        {"t4__review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
                         "t4__direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
                         "t4__after": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}}),
    "run_in_heading_as_body_text": ("（二）依申请公开情况。全年共受理政府信息公开申请51件。",
                                    "（二）依申请公开情况。全年共受理政府信息公开申请50件。",
                                    ("TX-1", 51, 50, T3.format(q="全年共受理政府信息公开申请50件", w="50件",
                                                              s="一、本年新收政府信息公开申请数量（总计）为51，见表三!K6；"
                                                                "或第一项＋第二项为55，见表三!K6:K7")), {}),
    "run_in_heading_without_stop": ("（二）依申请公开工作情况 全年新收申请51件，办结46件。", "（二）依申请公开工作情况 全年新收申请51件，办结47件。",
                                    ("TX-1", 46, 47, T3.format(q="（二）依申请公开工作情况 全年新收申请51件，办结47件", w="47件", s=DONE)), {}),
}


def _apply_edits(d: dict, edits: dict) -> dict:
    for path, value in edits.items():
        S.put(d, path.replace("__", "."), copy.deepcopy(value))
    return d


@pytest.mark.parametrize("case", sorted(CASES))
def test_flags_the_wrong_number_at_the_narrative_cell(case):
    _, wrong, (rule, expected, actual, message), edits = CASES[case]
    if case == "denial_of_cases":
        edits = {}  # the sample's 表四 has 11 cases: the denial is wrong
    assert tx(_apply_edits(report(wrong), edits)) == [(rule, AT, expected, actual, message)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_stays_silent_on_the_right_number(case):
    right, _, _, edits = CASES[case]
    assert tx(_apply_edits(report(right), edits)) == []


@pytest.mark.parametrize("heading", ["（二）依申请办理情况", "（二）收到和处理政府信息公开申请情况", "（二）依申请公开"])
def test_reads_the_paragraph_under_any_heading_variant(heading):
    d = report("全年新收政府信息公开申请52件。", heading=heading)
    assert [(f.rule, f.cell, f.actual) for f in validate(d) if f.rule.startswith("TX")] == [("TX-1", AT, 52)]


def test_reads_a_number_in_the_run_in_heading_itself():
    d = qingshan_2021()
    d["s1"][2] = {"level": 1, "heading": "（二）依申请公开：全年新收政府信息公开申请52件", "paragraphs": []}
    assert [(f.rule, f.cell, f.path, f.actual) for f in validate(d) if f.rule.startswith("TX")] == [
        ("TX-1", "一、总体情况!B7", "$.s1[2].heading", 52)]


# ---------------------------------------------------------------- false alarms of the old reader

@pytest.mark.parametrize("text", [
    "主动公开行政复议决定书3件。",
    "较上年受理12件增长了325%。",
    "与上年相比，受理数量增加了39件。",
    "本年度受理申请51件，较上年的12件增加39件，同比增长325%。",
    "制发规范性文件8件，召开专题会议3次。",
    "全年受理政府信息公开申请51件，其中在线申请30件，信函申请21件。",  # parts, each at most the whole
])
def test_counts_of_other_things_and_comparisons_are_not_claims(text):
    assert tx(report(text)) == []


def test_under_the_active_disclosure_heading_a_decision_count_is_not_a_case_count():
    d = qingshan_2021()
    d["s1"][1]["paragraphs"] = ["全年主动公开政府信息3256条，主动公开行政复议决定书12件。"]
    assert tx(d) == []


SCOPED = {"t4__direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
          "t4__after": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}}


def test_a_scoped_claim_is_compared_with_its_scope_only():
    # 行政复议 has a corrected and a pending case; the sentence only speaks of direct suits
    d = _apply_edits(report("未经复议直接起诉的行政诉讼1件，均获维持。"), SCOPED)
    assert tx(d) == []


def test_a_scoped_claim_is_flagged_when_its_scope_disagrees():
    d = _apply_edits(report("未经复议直接起诉的行政诉讼1件，均获维持。"),
                     {"t4__direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}})
    assert tx(d) == [("TX-2", AT, 1, 0, "一、总体情况中“未经复议直接起诉的行政诉讼1件，均获维持”称“均获维持”，与表四不一致"
                                         "（未经复议直接起诉（结果纠正＋其他结果＋尚未审结）为1，见表四!H6:J6）")]


def test_a_blank_total_is_compared_with_the_sum_of_its_parts_and_says_so():
    d = report("全年新收政府信息公开申请52件。", t3__new__total=None)
    assert tx(d) == [("TX-1", AT, 51, 52, T3.format(
        q="全年新收政府信息公开申请52件", w="52件",
        s="一、本年新收政府信息公开申请数量（总计）未填写，按各项之和为51，见表三!E6:J6"))]
    assert tx(report("全年新收政府信息公开申请51件。", t3__new__total=None)) == []


def test_a_percentage_within_its_printed_precision_is_silent():
    for text in ("予以公开17件，占37%。", "予以公开17件，占36.9%。", "予以公开17件，占36.96%。", "予以公开17件，占办结总数的37%。"):
        assert tx(report(text)) == [], text


def test_a_denial_of_applications_contradicted_by_the_table_is_flagged():
    assert [(f.rule, f.expected, f.actual) for f in validate(report("本年度未收到政府信息公开申请。")) if f.rule == "TX-1"] == [
        ("TX-1", 51, 0)]


def test_the_samples_give_no_text_finding():
    from tests.support.rule_cases import sample_2020
    for d in (sample_2020(), qingshan_2021()):
        assert [f.text() for f in validate(d) if f.rule.startswith("TX")] == []


def test_section_six_is_read_too():
    d = qingshan_2021()
    d["s6"] = [{"level": 0, "heading": "", "paragraphs": ["本年度共受理政府信息公开申请50件。"]}]
    assert [(f.rule, f.path, f.cell) for f in validate(d) if f.rule == "TX-1"] == [
        ("TX-1", "$.s6[0].paragraphs[0]", "六、其他需要报告的事项!B8")]


# ---------------------------------------------------------------- the labelled corpus

def test_corpus_has_at_least_200_sentences_covering_both_tables():
    items = entries()
    assert len(items) >= 200
    tables = {c["cells"][0][:2] for i in items for c in i["claims"]}
    kinds = {c["kind"] for i in items for c in i["claims"]}
    assert tables == {"t3", "t4"} and kinds == {"count", "at_most", "none", "zero", "share", "complete"}
    assert sum(not i["claims"] for i in items) >= 50  # sentences that make no claim


def test_reader_is_fully_precise_and_recalls_95_percent_of_the_corpus():
    s = score()
    assert s.false == []
    assert s.recall >= 0.95


def test_reading_is_memoised_per_text():
    d = report("全年新收政府信息公开申请51件。")
    schema = S.load("2021")
    assert read(d, schema) is read(copy.deepcopy(d), schema)


# ---------------------------------------------------------------- what was not checked, for a reviewer

def test_validate_json_lists_the_numbers_it_could_not_check(capsys, tmp_path):
    import json

    from tests.support.cli_helpers import run, write
    text = "全年新收政府信息公开申请51件，较上年增加12件，受理群众诉求30件，答复约50件。"
    code, out, _ = run(capsys, "validate", write(tmp_path, report(text)), "--json")
    got = json.loads(out)
    assert code == 0 and [f for f in got["findings"] if f["rule"].startswith("TX")] == []
    assert got["unchecked_claims"] == [
        {"path": PATH, "section": "一、总体情况", "sentence": text, "number": "12件", "reason": "与上年或其他年度比较（较上年），不是本年度的数字"},
        {"path": PATH, "section": "一、总体情况", "sentence": text, "number": "30件", "reason": "计数的是“群众诉求”，不是申请或案件"},
        {"path": PATH, "section": "一、总体情况", "sentence": text, "number": "50件", "reason": "约数（约）"},
    ]


def test_a_claim_about_a_blank_table_is_unchecked_not_a_finding():
    from xl_addin.check.text.claim_check import unchecked
    d = report("全年被申请行政复议5件。")
    d["t4"]["review"] = {k: None for k in d["t4"]["review"]}
    assert tx(d) == []
    assert [(u["number"], u["reason"]) for u in unchecked(d, S.load("2021"))] == [("5件", "表格中对应的单元格未填写")]


def test_prose_about_other_work_makes_no_claim():
    """Narratives in the style of real reports, without the paragraph on applications, make no claim."""
    import random

    from tests.support import narratives as N
    rng = random.Random(21)
    schema = S.load("2021")
    for i in range(150):
        n = N.narrative(rng, N.office(rng, i))
        d = qingshan_2021()
        d.update(N.as_outline({k: [(t, x) for t, x in v if t != "request"] for k, v in n.items()}))
        assert read(d, schema).claims == (), N.text(n)
