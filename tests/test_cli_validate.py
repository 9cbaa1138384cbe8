"""`nianbao validate` on JSON data: readable Chinese output, --json, and exit codes 0/1/2 with no traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli_helpers import run, write
from tests.support.rule_cases import qingshan_2020, qingshan_2021, sample_2020

ROOT = Path(__file__).resolve().parent.parent


def test_sample_passes_with_the_unit_warning(capsys):
    code, out, _ = run(capsys, "validate", ROOT / "examples/sample-2020-jiaxiang.json")
    assert code == 0
    assert "结论：通过（错误 0 个，警告 1 个）" in out
    assert "警告  $.t2.procurement.amount_unit  【T2-7】采购总金额未注明单位，请填写“元”或“万元”" in out


def test_json_output_lists_findings_as_records(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", ROOT / "examples/sample-2021-qingshan.json",
                       "--last-year", write(tmp_path, qingshan_2020(), "上年.json"), "--json")
    assert code == 1
    report = json.loads(out)
    assert (report["errors"], report["warnings"]) == (3, 0)
    first = report["findings"][0]
    assert {k: first[k] for k in ("rule", "severity", "path", "cell", "expected", "actual", "imbalance")} == {
        "rule": "X-1", "severity": "error", "path": "$.t3.carry.nat", "cell": "表三!E7",
        "expected": 0, "actual": 3, "imbalance": -3}


@pytest.mark.parametrize("value, message", [
    ("12", "二、上年结转政府信息公开申请数量（自然人）应填写非负整数，实际为“12”"),
    (-1, "二、上年结转政府信息公开申请数量（自然人）不能为负数，实际为-1"),
    (2.5, "二、上年结转政府信息公开申请数量（自然人）应填写非负整数，实际为2.5"),
    (True, "二、上年结转政府信息公开申请数量（自然人）应填写非负整数，实际为逻辑值TRUE"),
])
def test_bad_count_is_an_error_with_chinese_message(capsys, tmp_path, value, message):
    data = qingshan_2021()
    data["t3"]["carry"]["nat"] = value
    code, out, err = run(capsys, "validate", write(tmp_path, data))
    assert code == 1
    assert f"错误  $.t3.carry.nat  【T3-4】{message}" in out
    assert err == ""


def test_missing_table_is_an_error(capsys, tmp_path):
    data = sample_2020()
    del data["t3"]
    code, out, _ = run(capsys, "validate", write(tmp_path, data))
    assert code == 1
    assert "错误  $.t3  【S-1】缺少三、收到和处理政府信息公开申请情况" in out


def test_future_report_year_is_an_error(capsys, tmp_path):
    data = qingshan_2021()
    data["basic"]["year"] = 2035
    data["basic"]["publish_date"] = None
    code, out, _ = run(capsys, "validate", write(tmp_path, data))
    assert code == 1
    assert "【TX-4】报告年度2035晚于当前年度" in out


@pytest.mark.parametrize("content, message", [
    ('{"format": "2021", "basic": ', "data.json：不是有效的JSON（第1行第29列附近有错误）"),
    ('[1, 2]', "data.json：内容不是一份年报数据（应为JSON对象）"),
    ('{"basic": {}}', "data.json：缺少“format”（报告格式），无法判断使用哪种年报格式"),
    ('{"format": "2008"}', "data.json：未知的报告格式“2008”，支持的格式为：2019、2021"),
    ('{"format": "2021", "t3": {"new": {"nat": NaN}}}', "data.json：不是有效的JSON（不支持的数值 NaN）"),
])
def test_unreadable_input_exits_2_with_chinese_message(capsys, tmp_path, content, message):
    path = write(tmp_path, content)
    code, out, err = run(capsys, "validate", path)
    assert code == 2
    assert out == ""
    assert err.strip() == f"无法处理：{tmp_path}/{message}"


def test_missing_file_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "validate", tmp_path / "nope.json")
    assert (code, err.strip()) == (2, f"无法处理：{tmp_path}/nope.json：找不到文件")


def test_input_file_is_not_modified(capsys, tmp_path):
    path = write(tmp_path, qingshan_2021())
    before = path.read_bytes()
    run(capsys, "validate", path, "--json")
    assert path.read_bytes() == before


def test_real_process_prints_no_traceback(tmp_path):
    path = write(tmp_path, '{"format": "2021", "t3": [')
    proc = subprocess.run([sys.executable, "-m", "xl_addin", "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "不是有效的JSON" in proc.stderr


def test_unexpected_failure_prints_a_chinese_message_not_a_traceback(capsys, monkeypatch, tmp_path):
    import xl_addin.check.step as V

    def boom(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)
    monkeypatch.setattr(V, "validate", boom)
    code, out, err = run(capsys, "validate", write(tmp_path, qingshan_2021()))
    assert code == 3
    assert err.strip() == ("程序内部错误（ZeroDivisionError：division by zero）。请把这条信息和所用文件发给维护人员；"
                           "设置环境变量 NIANBAO_DEBUG=1 后重新运行可显示详细信息。")


@pytest.mark.parametrize("args", [["validate", ""], ["validate", " "], ["report", "", "-o", "报告.docx"],
                                  ["export", "", "-o", "-"], ["validate", "data.json", "--last-year", ""]])
def test_an_empty_file_name_is_said_to_be_empty(tmp_path, capsys, args):
    write(tmp_path, qingshan_2021())
    code, out, err = run(capsys, *[str(tmp_path / a) if a == "data.json" else a for a in args])
    assert (code, out) == (2, "")
    assert err == "无法处理：没有给出文件名（文件名为空），请指定要处理的文件\n"


def test_a_gbk_encoded_file_name_is_shown_in_chinese(tmp_path, capsys):
    # a folder of returns unzipped on Linux from a Windows zip: the names are GBK bytes
    good = os.fsdecode(os.fsencode(tmp_path) + b"/" + "青山镇年报.json".encode("gbk"))
    Path(good).write_text(json.dumps(qingshan_2021(), ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "validate", good, "--json")
    assert code == 0 and json.loads(out)["file"] == f"{tmp_path}/青山镇年报.json"
    code, out, _ = run(capsys, "validate", good)
    assert out.startswith(f"文件：{tmp_path}/青山镇年报.json\n")
    bad = os.fsdecode(os.fsencode(tmp_path) + b"/" + "石门镇.xlsx".encode("gbk"))
    Path(bad).write_bytes(b"not a workbook at all, just text\n")
    code, out, err = run(capsys, "validate", bad)
    assert code == 2 and err == (f"无法处理：{tmp_path}/石门镇.xlsx：这是文本文件（可能是CSV），不是Excel工作簿；"
                                 "请使用县里下发的标准工作簿（.xlsx）填写\n")
