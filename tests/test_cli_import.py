"""``nianbao import``: outputs, the findings it prints, exit codes."""
from __future__ import annotations

import json

import pytest

from tests.support import import_corpus as IC
from tests.support.cli_helpers import run
from tests.support.rule_cases import qingshan_2021
from xl_addin.report import build as R


@pytest.fixture
def report_html(tmp_path):
    path = tmp_path / "报告.html"
    path.write_text(R.build_html(qingshan_2021()), encoding="utf-8")
    return path


def test_import_writes_the_report_data_as_json(tmp_path, capsys, report_html):
    out = tmp_path / "data.json"
    code, stdout, err = run(capsys, "import", report_html, "-o", out)
    assert code == 0 and stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == qingshan_2021()
    assert err.splitlines() == [f"文件：{report_html}（网页）", "机关：青山市人民政府　年度：2021　格式：2021年格式",
                                f"已导入：{out}", f"下一步：nianbao validate {report_html} 校验报告中的勾稽关系和表文一致性"
                                "（直接校验原报告，导入时的提示也一并列出）"]


def test_import_without_an_output_prints_the_data(capsys, report_html):
    code, stdout, _ = run(capsys, "import", report_html)
    assert code == 0
    assert json.loads(stdout) == qingshan_2021()


def test_import_to_a_workbook_fills_the_standard_template(tmp_path, capsys, report_html):
    out = tmp_path / "报告.xlsx"
    code, _, _ = run(capsys, "import", report_html, "-o", out)
    assert code == 0
    code, stdout, _ = run(capsys, "export", out, "-o", "-")
    data = json.loads(stdout)
    assert (data["t3"], data["t4"], data["basic"]) == (qingshan_2021()["t3"], qingshan_2021()["t4"], qingshan_2021()["basic"])


def test_an_approximate_label_is_printed_as_a_warning_with_the_label_as_printed(tmp_path, capsys):
    case = next(c for c in IC.CASES if c.name == "label-typo")
    path = IC.write(case, "docx", tmp_path)
    code, _, err = run(capsys, "import", path, "-o", tmp_path / "data.json")
    assert code == 0
    assert ("警告  $.t3.deny_2  【I-1】表三的行标签“2.其他法律行政止公开”与官方格式的“2.其他法律行政法规禁止公开”"
            "不完全相同，已按“2.其他法律行政法规禁止公开”读取，请核对") in err.splitlines()


def test_a_row_with_too_few_values_is_an_error_exit_1(tmp_path, capsys):
    text = IC.to_txt(*IC.blocks_of(IC.Case("short", qingshan_2021, ("txt",), table_style="pipe")))
    text = text.replace("四、结转下年度继续办理|6|2|0|0|1|0|9", "四、结转下年度继续办理|6|2|0")
    path = tmp_path / "报告.txt"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "import", path, "-o", tmp_path / "data.json")
    assert code == 1
    assert ("错误  $.t3.carry_next  【I-2】表三“四、结转下年度继续办理”一行读到3个数据，应为7个；缺少的按未填写处理，"
            "多出的未导入，请核对原报告") in err.splitlines()
    data = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))
    assert data["t3"]["carry_next"] == {"nat": 6, "biz": 2, "sci": 0, "npo": None, "law": None, "oth": None, "total": None}


@pytest.mark.parametrize("args,message", [
    (["--format", "2019"], "{file}：这是2021年格式的报告，本次需要的是2019年试行格式"),
    (["-o", "data.csv"], "data.csv：年报数据文件名应以 .json 结尾"),
])
def test_bad_arguments_are_exit_2(tmp_path, capsys, report_html, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "import", report_html, *args)
    assert code == 2
    assert err.strip() == "无法处理：" + message.format(file=report_html)


def test_the_output_may_not_be_the_input(tmp_path, capsys):
    path = tmp_path / "报告.json"
    path.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "import", path, "-o", path)
    assert code == 2
    assert err.strip() == f"无法处理：{path}：输出文件不能与输入文件相同"


def test_validate_checks_a_published_report_directly(tmp_path, capsys):
    """The one check step reads published reports too: a web page with 表四 行政复议 总计 typed as 0."""
    data = qingshan_2021()
    data["t4"]["review"]["total"] = 0
    page = tmp_path / "报告.html"
    page.write_text(R.build_html(data), encoding="utf-8")
    code, out, err = run(capsys, "validate", page, "--json")
    assert code == 1 and err == ""
    found = [(f["rule"], f["path"], f["actual"]) for f in json.loads(out)["findings"]]
    assert ("T4-1", "$.t4.review.total", 0) in found


def test_a_published_report_serves_as_last_years_data(tmp_path, capsys):
    """2021 checked against the 2020 report as published (a web page): X-1 as against its data file."""
    from tests.support.rule_cases import EXAMPLES, qingshan_2020

    last_data = qingshan_2020()
    last = tmp_path / "上年报告.html"
    last.write_text(R.build_html(last_data), encoding="utf-8")
    last_json = tmp_path / "上年.json"
    last_json.write_text(json.dumps(last_data, ensure_ascii=False), encoding="utf-8")
    this = EXAMPLES / "sample-2021-qingshan.json"
    code, out, _ = run(capsys, "validate", this, "--last-year", last, "--json")
    by_page = sorted((f["rule"], f["path"]) for f in json.loads(out)["findings"])
    code_json, out_json, _ = run(capsys, "validate", this, "--last-year", last_json, "--json")
    assert (code, by_page) == (code_json, sorted((f["rule"], f["path"]) for f in json.loads(out_json)["findings"]))
    assert ("X-1", "$.t3.carry.total") in by_page
