"""What a published report says, and only that: 机关类型 from the agency's name (never a guess),
page chrome dropped, a statement that no fees arose read as 0."""
from __future__ import annotations

import pytest

from tests.support.rule_cases import qingshan_2021
from xl_addin.check.step import check
from xl_addin.model import schema as S
from xl_addin.report import build as R
from xl_addin.source import basic as B
from xl_addin.source.document import chrome_only


@pytest.mark.parametrize("name,org_type", [
    ("平潭综合实验区", "县级以上人民政府"), ("平潭综合实验区管委会", "县级以上人民政府"),
    ("某某经济技术开发区管理委员会", "县级以上人民政府"), ("青山县", "县级以上人民政府"),
    ("平潭综合实验区管委会办公室", "县级以上人民政府部门"), ("平潭综合实验区投资促进局", "县级以上人民政府部门"),
    ("青山县发展和改革委员会", "县级以上人民政府部门"), ("青山县政务服务中心", "县级以上人民政府部门"),
    ("青山镇", "乡镇人民政府"), ("青山街道", "街道办事处"),
    ("青山县融媒体", None), ("青山", None), (None, None),
])
def test_the_agency_type_is_what_its_name_says_or_blank(name, org_type):
    assert B.org_type(name, S.load("2021")) == org_type


def test_an_agency_whose_type_its_name_does_not_say_is_left_blank_and_no_deadline_is_checked(tmp_path):
    data = qingshan_2021()
    data["basic"].update(org_name="青山县融媒体", publish_date="2022-03-25")
    page = tmp_path / "报告.html"
    page.write_text(R.build_html(data).replace("青山市人民政府", "青山县融媒体"), encoding="utf-8")
    result = check(page)
    assert result.data["basic"]["org_type"] is None
    assert [(f.rule, f.path, f.message) for f in result.findings if f.path == "$.basic.org_type"] == [
        ("I-6", "$.basic.org_type", "从机关名称“青山县融媒体”看不出机关类型，未填写；按机关类型检查的规则（发布期限、规章制定权）"
                                     "未检查，请在工作簿中选择机关类型")]
    assert not [f for f in result.findings if f.rule in ("TX-8", "T2-3")]


@pytest.mark.parametrize("text,chrome", [
    ("微信 微博 QQ空间", True), ("全真版", True), ("文件下载", True), ("附件下载", True), ("【打印】【关闭】", True),
    ("字号：大 中 小", True), ("附件：2023年政府信息公开工作年度报告（文字版）", False), ("无其他需要报告的事项。", False),
])
def test_page_chrome_is_told_from_report_text(text, chrome):
    assert chrome_only(text) is chrome


@pytest.mark.parametrize("text", ["2021年，无收取信息处理费情况。", "本年度没有产生信息公开处理费。",
                                  "2025年度我局无收取信息公开处理费。", "全年未收取任何政府信息公开信息处理费。"])
def test_a_statement_that_no_fees_arose_reads_as_zero_fees(text):
    values, _ = B.fee_values([text], S.load("2021"))
    assert values == {"notices": 0, "notice_amount": 0, "collected": 0}


def test_fees_collected_are_read_through_the_words_between():
    values, _ = B.fee_values(["2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 3940 元。"],
                             S.load("2021"))
    assert values == {"notices": None, "notice_amount": None, "collected": 3940}
