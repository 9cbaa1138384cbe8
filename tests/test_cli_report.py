"""`nianbao report`: DOCX (+ HTML, + PDF where LibreOffice is installed), refusal on errors, exit codes."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli_helpers import run, write
from tests.support.rule_cases import qingshan_2020, qingshan_2021
from xl_addin.cli import main
from xl_addin.report import render

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples/sample-2020-jiaxiang.json"


def broken(tmp_path):
    d = qingshan_2021()
    d["t3"]["new"]["total"] = 99
    return write(tmp_path, d)


def test_writes_the_docx_and_the_html_and_lists_the_warnings(capsys, tmp_path):
    docx, html = tmp_path / "报告.docx", tmp_path / "报告.html"
    code, out, err = run(capsys, "report", SAMPLE, "-o", docx, "--html", html)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"已生成Word文档：{docx}",
        f"已生成网页：{html}",
        "有 1 个警告，不影响生成，请逐条核实：",
        "警告  $.t2.procurement.amount_unit  【T2-7】采购总金额未注明单位，请填写“元”或“万元”",
    ]
    assert docx.read_bytes()[:2] == b"PK"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_refuses_a_report_with_errors_and_lists_them(capsys, tmp_path):
    docx = tmp_path / "报告.docx"
    code, out, _ = run(capsys, "report", broken(tmp_path), "-o", docx)
    assert code == 1
    assert not docx.exists()
    assert "错误  $.t3.new.total  【T3-3】一、本年新收政府信息公开申请数量：各类申请人之和为51，总计填写为99，相差48" in out
    assert out.rstrip().endswith("报告未生成：有 2 个错误。请改正后重新生成，或加 --force 强制生成。")


def test_force_renders_a_report_with_errors_and_says_so(capsys, tmp_path):
    docx = tmp_path / "报告.docx"
    code, out, _ = run(capsys, "report", broken(tmp_path), "-o", docx, "--force")
    assert code == 0 and docx.is_file()
    lines = out.splitlines()
    assert lines[:2] == [f"已生成Word文档：{docx}", "注意：报告有 2 个错误，已按 --force 强制生成，发布前请改正。"]
    assert lines[2].startswith("错误  $.t3.total.total  【T3-1】")


def test_says_clearly_when_no_pdf_can_be_made_without_libreoffice(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "find_soffice", lambda: None)
    docx, pdf = tmp_path / "报告.docx", tmp_path / "报告.pdf"
    code, out, err = run(capsys, "report", write(tmp_path, qingshan_2021()), "-o", docx, "--pdf", pdf)
    assert code == 2
    assert docx.is_file() and not pdf.exists()
    assert err == ("未生成 PDF：未找到 LibreOffice，无法生成 PDF（请安装 libreoffice-writer）。"
                   "其他文件已生成；安装 LibreOffice 后可加 --pdf 重新生成。\n")


@pytest.mark.parametrize("args,message", [
    (["-o", "{src}"], "{src}：输出文件不能与输入文件相同"),
    (["-o", "{tmp}/a.docx", "--html", "{tmp}/a.txt"], "{tmp}/a.txt：网页文件名应以 .html 结尾"),
    (["-o", "{tmp}/nowhere/a.docx"], "{tmp}/nowhere/a.docx：所在文件夹不存在"),
])
def test_bad_output_names_are_input_errors(capsys, tmp_path, args, message):
    src = write(tmp_path, qingshan_2021())
    fill = {"src": src, "tmp": tmp_path}
    code, out, err = run(capsys, "report", src, *[a.format(**fill) for a in args])
    assert code == 2 and out == ""
    assert err == f"无法处理：{message.format(**fill)}\n"


def test_never_writes_over_the_input(capsys, tmp_path):
    src = write(tmp_path, qingshan_2021(), "data.docx")   # a JSON file that happens to end in .docx
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    code, _, err = run(capsys, "report", src, "-o", src)
    assert code == 2 and err == f"无法处理：{src}：输出文件不能与输入文件相同\n"
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_unreadable_input_exits_2_without_traceback(capsys, tmp_path):
    src = write(tmp_path, "{not json")
    code, out, err = run(capsys, "report", src, "-o", tmp_path / "a.docx")
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"无法处理：{src}：不是有效的JSON")


def test_missing_output_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["report", str(SAMPLE)])
    assert e.value.code == 2
    assert "nianbao report：参数错误" in capsys.readouterr().err


def test_importing_the_cli_does_not_import_the_heavy_libraries():
    code = ("import sys, xl_addin.cli; "
            "print(sorted(m for m in ('docx', 'openpyxl', 'jsonschema', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_report_from_a_workbook_generates_the_blank_application_paragraph_and_leaks_no_hint(capsys, tmp_path):
    from tests.support.report_text import docx_items, norm
    from xl_addin.model import schema
    from xl_addin.report import content
    from xl_addin.workbook import template as workbook

    d = qingshan_2021()
    next(n for n in d["s1"] if "依申请公开" in n["heading"])["paragraphs"] = []
    src = tmp_path / "青山市.xlsx"
    src.write_bytes(workbook.fill_bytes(d)[0])
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    docx = tmp_path / "报告.docx"
    code, out, _ = run(capsys, "report", src, "-o", docx)
    assert code == 0, out
    text = "".join(docx_items(docx.read_bytes()))
    assert norm(content.data_paragraph(d)) in text
    assert not [h for h in content.hints(schema.load("2021")) if norm(h) in text]
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_cross_year_errors_refuse_the_report_when_last_year_is_given(tmp_path, capsys):
    from xl_addin.cli import main

    root = Path(__file__).resolve().parent.parent / "examples"
    out = tmp_path / "报告.docx"
    last = tmp_path / "上年.json"
    last.write_text(json.dumps(qingshan_2020(), ensure_ascii=False), encoding="utf-8")
    code = main(["report", str(root / "sample-2021-qingshan.json"), "-o", str(out), "--last-year", str(last)])
    printed = capsys.readouterr().out
    assert code == 1
    assert not out.exists()
    assert "错误  $.t3.carry.total  【X-1】总计列：本年“二、上年结转政府信息公开申请数量”为4，上年报告“四、结转下年度继续办理”为0，相差4" in printed
