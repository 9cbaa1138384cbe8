"""One registry of input kinds (``source.kinds``): every command reads the same files the same way.

``validate``, ``report``, ``import``, ``audit`` and ``distribute --last-year-dir`` take a published
report under any of its usual names (.html, .htm, .shtml, .txt, .text …); a file with an unknown
suffix goes by its bytes; and ``import``'s next-step hint names a command that keeps the import's
own findings.
"""
from __future__ import annotations

import json

import openpyxl
import pytest

from tests.support import import_corpus as IC
from tests.support.cli_helpers import run
from tests.support.rule_cases import qingshan_2021
from xl_addin.report import build as R
from xl_addin.source import kinds
from xl_addin.workbook import reader

TEXT_SUFFIXES = [".txt", ".text"]
PAGE_SUFFIXES = [".html", ".htm", ".shtml", ".xhtml"]


def _published(tmp_path, suffix: str, data: dict | None = None, name: str = "报告"):
    data = data or qingshan_2021()
    path = tmp_path / f"{name}{suffix}"
    if suffix in TEXT_SUFFIXES:
        case = IC.Case("plain", lambda: data, ("txt",))
        path.write_text(IC.to_txt(*IC.blocks_of(case)), encoding="utf-8")
    else:
        path.write_text(R.build_html(data), encoding="utf-8")
    return path


def test_the_registry_lists_every_published_suffix_once():
    assert set(kinds.PUBLISHED_SUFFIXES) >= {".pdf", ".docx", ".html", ".htm", ".shtml", ".txt", ".text"}
    assert len(kinds.PUBLISHED_SUFFIXES) == len(set(kinds.PUBLISHED_SUFFIXES))
    assert not set(kinds.PUBLISHED_SUFFIXES) & set(kinds.WORKBOOK_SUFFIXES)


@pytest.mark.parametrize("suffix", PAGE_SUFFIXES + TEXT_SUFFIXES)
def test_validate_reads_a_published_report_under_every_name(tmp_path, capsys, suffix):
    path = _published(tmp_path, suffix)
    data_file = tmp_path / "data.json"
    data_file.write_text(json.dumps(qingshan_2021(), ensure_ascii=False), encoding="utf-8")
    code, stdout, err = run(capsys, "validate", path, "--json")
    expected_code, expected, _ = run(capsys, "validate", data_file, "--json")
    assert err == "" and code == expected_code
    assert [(f["rule"], f["path"]) for f in json.loads(stdout)["findings"]] == \
        [(f["rule"], f["path"]) for f in json.loads(expected)["findings"]]


@pytest.mark.parametrize("suffix", [".shtml", ".text"])
def test_report_and_import_read_the_same_names(tmp_path, capsys, suffix):
    path = _published(tmp_path, suffix)
    code, _, err = run(capsys, "report", path, "-o", tmp_path / "out.docx")
    assert code == 0, err
    code, stdout, _ = run(capsys, "import", path)
    assert code == 0 and json.loads(stdout)["t3"] == qingshan_2021()["t3"]


def test_a_file_without_a_known_suffix_goes_by_its_bytes(tmp_path):
    page = tmp_path / "报告.asp"
    page.write_text(R.build_html(qingshan_2021()), encoding="utf-8")
    data = tmp_path / "数据.dat"
    data.write_text(json.dumps(qingshan_2021()), encoding="utf-8")
    assert (kinds.route(page), kinds.route(data)) == ("published", "data")
    assert kinds.route(tmp_path / "a.shtml") == "published" and kinds.route(tmp_path / "b.xlsm") == "workbook"


def test_import_points_to_validating_the_published_file_itself(tmp_path, capsys):
    path = _published(tmp_path, ".shtml")
    out = tmp_path / "报告.xlsx"
    code, _, err = run(capsys, "import", path, "-o", out)
    assert code == 0
    assert err.splitlines()[-1] == (f"下一步：nianbao validate {path} 校验报告中的勾稽关系和表文一致性"
                                    "（直接校验原报告，导入时的提示也一并列出）")


def test_audit_reads_every_published_name_in_a_folder(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    _published(folder, ".shtml", name="甲")
    _published(folder, ".text", name="乙")
    _published(folder, ".htm", name="丙")
    out = tmp_path / "审查.xlsx"
    code, _, err = run(capsys, "audit", folder, "-o", out)
    assert code in (0, 1), err
    ws = openpyxl.load_workbook(out).worksheets[0]
    files = {str(c) for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert {"甲.shtml", "乙.text", "丙.htm"} <= {f.split("/")[-1] for f in files}


def test_last_year_dir_reads_every_published_name(tmp_path, capsys):
    from tests.support import rollup_cases as RC

    offices = [("青山县教育局", "县级以上人民政府部门"), ("青山县水利局", "县级以上人民政府部门")]
    path = RC.filled_roster(tmp_path / "名单.xlsx", offices)
    last_dir = tmp_path / "2021"
    last_dir.mkdir()
    last = {name: RC.report("2021", name, kind, 2021, seed=i) for i, (name, kind) in enumerate(offices)}
    _published(last_dir, ".shtml", last["青山县教育局"], name="教育局")
    _published(last_dir, ".text", last["青山县水利局"], name="水利局")
    out = tmp_path / "分发"
    code, stdout, err = run(capsys, "distribute", path, "--year", 2022, "--last-year-dir", last_dir, "-o", out)
    assert code == 0, err
    for name, _ in offices:
        data, _ = reader.read(out / f"{name}.xlsx")
        assert data["last_year"]["t3"]["carry_next"] == last[name]["t3"]["carry_next"]
