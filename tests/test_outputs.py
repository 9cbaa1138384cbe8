"""Nothing the user has is lost: every command that writes refuses an existing file unless --overwrite,
checks every output before writing anything, and says so in Chinese."""
from __future__ import annotations

import hashlib

import pytest

from tests.support.cli_helpers import run
from tests.support.xlsx_tools import SAMPLES

EXISTS = "{path}：文件已存在，为免覆盖已填写的内容，没有写入。请换一个文件名；确需替换时加 --overwrite"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path, capsys):
    book = tmp_path / "本机关.xlsx"
    assert run(capsys, "fill", SAMPLES["2021"], "-o", book)[0] == 0
    return book


@pytest.mark.parametrize("command", [
    ["template", "--format", "2021", "-o", "{out}"],
    ["fill", str(SAMPLES["2021"]), "-o", "{out}"],
    ["validate", str(SAMPLES["2021"]), "--annotate", "{out}"],
    ["roster-template", "-o", "{out}"],
])
def test_refuses_to_replace_an_existing_workbook(capsys, filled, command):
    before = digest(filled)
    code, out, err = run(capsys, *[a.format(out=filled) for a in command])
    assert (code, err) == (2, "无法处理：" + EXISTS.format(path=filled) + "\n")
    assert digest(filled) == before


def test_template_replaces_the_file_only_with_overwrite(capsys, filled):
    before = digest(filled)
    code, _, err = run(capsys, "template", "--format", "2021", "-o", filled, "--overwrite")
    assert (code, err) == (0, "")
    assert digest(filled) != before


def test_export_refuses_an_existing_json(capsys, filled, tmp_path):
    target = tmp_path / "data.json"
    target.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "export", filled, "-o", target)
    assert (code, err) == (2, "无法处理：" + EXISTS.format(path=target) + "\n")
    assert target.read_text(encoding="utf-8") == "{}"


def test_a_folder_given_as_output_is_named_a_folder(capsys, tmp_path):
    code, _, err = run(capsys, "template", "--format", "2021", "-o", tmp_path)
    assert code == 2
    assert err == f"无法处理：{tmp_path}：这是一个文件夹，请给出工作簿文件名（以 .xlsx 结尾），例如 {tmp_path}/报告.xlsx\n"


def test_report_checks_every_output_before_writing_any(capsys, tmp_path):
    docx = tmp_path / "r.docx"
    code, out, err = run(capsys, "report", SAMPLES["2021"], "-o", docx, "--html", tmp_path / "nowhere" / "x.html")
    assert code == 2 and out == ""
    assert err == f"无法处理：{tmp_path / 'nowhere' / 'x.html'}：所在文件夹不存在\n"
    assert not docx.exists()


def test_report_names_the_output_whose_suffix_is_wrong(capsys, tmp_path):
    page = tmp_path / "r.html"
    code, _, err = run(capsys, "report", SAMPLES["2021"], "-o", tmp_path / "r.docx", "--html", page, "--pdf", page)
    assert (code, err) == (2, f"无法处理：{page}：PDF文件名应以 .pdf 结尾\n")
    assert not (tmp_path / "r.docx").exists()
