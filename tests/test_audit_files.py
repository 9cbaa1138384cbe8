"""Which file is which in ``nianbao audit`` and ``collect``: the path within the folder audited in
问题清单, one office's report published in two forms (or copied) counted once — in last year's folder
too, where the cross-year check is then made —, X-3's figures as percentages, and positions in the
report (not JSON paths) when ``validate`` reads a published report."""
from __future__ import annotations

import copy
import json
import os
import shutil

import openpyxl
import pytest

from tests.support import rollup_cases as RC
from tests.support.cli_helpers import run
from tests.support.needs import need_soffice
from tests.support.rule_cases import qingshan_2021
from xl_addin.report import build as R
from xl_addin.rollup import collect
from xl_addin.workbook import template

ORG = "青山市人民政府"
GOV = "县级以上人民政府"


def _rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]


def _with_error(data: dict) -> dict:
    d = copy.deepcopy(data)
    d["t4"]["review"]["total"] += 1          # T4-1: 行政复议 总计 ≠ the sum of its results
    return d


def _docx(data, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    R.build_docx(data, path)
    return path


def _html(data, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(R.build_html(data), encoding="utf-8")
    return path


def _aged(path, seconds_ago: int):
    t = path.stat().st_mtime - seconds_ago
    os.utime(path, (t, t))
    return path


def test_the_problem_list_shows_the_path_within_the_folder(tmp_path, capsys):
    town_a = RC.report("2021", "甲镇人民政府", "乡镇人民政府", 2021, seed=1)
    town_b = RC.report("2021", "乙镇人民政府", "乡镇人民政府", 2021, seed=2)
    _docx(_with_error(town_a), tmp_path / "收回" / "甲镇" / "报告.docx")
    _docx(_with_error(town_b), tmp_path / "收回" / "乙镇" / "报告.docx")
    out = tmp_path / "审查.xlsx"
    run(capsys, "audit", tmp_path / "收回", "-o", out)
    files = {(r[1], r[2]) for r in _rows(out, "问题清单") if r[3] == "T4-1"}
    assert files == {("甲镇人民政府", "甲镇/报告.docx"), ("乙镇人民政府", "乙镇/报告.docx")}
    assert {r[7] for r in _rows(out, "审查结果")} == {"甲镇/报告.docx", "乙镇/报告.docx"}


def test_two_folders_given_keep_their_names_in_the_paths(tmp_path, capsys):
    _docx(_with_error(RC.report("2021", "甲镇人民政府", "乡镇人民政府", 2021, seed=1)), tmp_path / "一批" / "报告.docx")
    _docx(_with_error(RC.report("2021", "乙镇人民政府", "乡镇人民政府", 2021, seed=2)), tmp_path / "二批" / "报告.docx")
    out = tmp_path / "审查.xlsx"
    run(capsys, "audit", tmp_path / "一批", tmp_path / "二批", "-o", out)
    assert {r[2] for r in _rows(out, "问题清单")} == {"一批/报告.docx", "二批/报告.docx"}


@pytest.fixture()
def last_year_in_two_forms(tmp_path):
    """Last year's report of 青山市人民政府 as Word and as a web page (the page newer), and this
    year's report whose 上年结转 disagrees with it (X-1)."""
    previous = RC.report("2019", ORG, GOV, 2020, seed=7)
    this = RC.report("2021", ORG, GOV, 2021, seed=8, carry=RC.carry_of(previous))
    this["t3"]["carry"]["nat"] += 1
    this["t3"]["new"]["nat"] -= 1 if this["t3"]["new"]["nat"] else 0
    _aged(_docx(previous, tmp_path / "2020" / "青山市2020.docx"), 3600)
    _html(previous, tmp_path / "2020" / "青山市2020.html")
    _docx(this, tmp_path / "2021" / "青山市2021.docx")
    return tmp_path


def test_last_years_report_in_two_forms_is_one_report_and_the_cross_year_check_is_made(last_year_in_two_forms, capsys):
    base = last_year_in_two_forms
    out = base / "审查.xlsx"
    code, stdout, _ = run(capsys, "audit", base / "2021", "-o", out, "--last-year-dir", base / "2020")
    assert "其中1份找到了上年报告，已做跨年度核对。" in stdout
    (row,) = _rows(out, "审查结果")
    assert row[9] == "青山市2020.html（青山市2020.docx是同一份报告，未重复使用）"
    assert any(r[3] == "X-1" for r in _rows(out, "问题清单"))
    assert "上年报告" not in openpyxl.load_workbook(out).sheetnames      # no unusable file, no C-5


def test_on_equal_dates_the_pdf_stands_for_the_report(tmp_path):
    from xl_addin.rollup.examine import Examined
    from xl_addin.rollup.last_year import one_report

    files = []
    for name in ("报告.docx", "报告.pdf", "报告.html"):
        (tmp_path / name).write_bytes(name.encode())
        os.utime(tmp_path / name, (1_700_000_000, 1_700_000_000))
        files.append(Examined(file=str(tmp_path / name), name=name, digest=name))
    primary, others = one_report(files)
    assert primary.name == "报告.pdf" and [o.name for o in others] == ["报告.docx", "报告.html"]
    assert one_report(files + [Examined(file=str(tmp_path / "另一份.pdf"), name="另一份.pdf", digest="x")]) is None


def test_this_years_report_in_two_forms_is_audited_once(last_year_in_two_forms, capsys):
    base = last_year_in_two_forms
    out = base / "审查.xlsx"
    code, stdout, _ = run(capsys, "audit", base / "2020", "-o", out)
    assert stdout.splitlines()[:2] == ["已审查1份报告：通过1份，不通过0份，无法读取0份。",
                                       "另有1个文件与其他文件是同一份报告（副本或另一种形式），未重复审查。"]
    rows = {r[7]: r for r in _rows(out, "审查结果")}
    assert rows["青山市2020.html"][4] == "通过"
    assert (rows["青山市2020.docx"][4], rows["青山市2020.docx"][10]) == (
        "同一报告", "与青山市2020.html是同一份报告（同一份报告的另一种形式），以青山市2020.html为准，未重复审查")
    assert _rows(out, "内容雷同") == []                    # the two forms are not 内容雷同 of each other
    assert code == 0


def test_a_byte_identical_copy_is_audited_once(tmp_path, capsys):
    report = _docx(_with_error(RC.report("2021", "甲镇人民政府", "乡镇人民政府", 2021, seed=1)), tmp_path / "收回" / "报告.docx")
    _aged(report, 60)
    shutil.copy(report, tmp_path / "收回" / "报告（1）.docx")
    out = tmp_path / "审查.xlsx"
    code, stdout, _ = run(capsys, "audit", tmp_path / "收回", "-o", out)
    assert stdout.startswith("已审查1份报告：通过0份，不通过1份，无法读取0份。")
    assert len([r for r in _rows(out, "问题清单") if r[3] == "T4-1"]) == 1
    copy_row = next(r for r in _rows(out, "审查结果") if r[4] == "同一报告")
    assert (copy_row[7], copy_row[10]) == ("报告.docx", "与报告（1）.docx是同一份报告（内容完全相同的副本），以报告（1）.docx为准，未重复审查")


def test_x3_shows_its_figures_as_percentages(tmp_path, capsys):
    previous = RC.report("2019", ORG, GOV, 2020, seed=7)
    this = RC.report("2021", ORG, GOV, 2021, seed=8, carry=RC.carry_of(previous))
    for section in ("s1", "s5", "s6"):
        this[section] = copy.deepcopy(previous[section])
    _docx(previous, tmp_path / "2020" / "青山市2020.docx")
    _docx(this, tmp_path / "2021" / "青山市2021.docx")
    out = tmp_path / "审查.xlsx"
    run(capsys, "audit", tmp_path / "2021", "-o", out, "--last-year-dir", tmp_path / "2020")
    x3 = [r for r in _rows(out, "问题清单") if r[3] == "X-3"]
    assert x3 and all(r[6] == "100%" and r[7] == "低于60%" for r in x3)


def test_the_similarity_sheet_shows_shares_as_percentages(tmp_path, capsys):
    a = RC.report("2021", "甲镇人民政府", "乡镇人民政府", 2021, seed=1)
    b = RC.report("2021", "乙镇人民政府", "乡镇人民政府", 2021, seed=2)
    for section in ("s1", "s5", "s6"):
        b[section] = json.loads(json.dumps(a[section], ensure_ascii=False).replace("甲镇", "乙镇"))
    _docx(a, tmp_path / "收回" / "甲镇.docx")
    _docx(b, tmp_path / "收回" / "乙镇.docx")
    out = tmp_path / "审查.xlsx"
    run(capsys, "audit", tmp_path / "收回", "-o", out)
    ws = openpyxl.load_workbook(out)["内容雷同"]
    assert {ws["B3"].value, ws["C3"].value} == {"甲镇.docx", "乙镇.docx"}
    assert ws["D3"].value >= 0.6 and ws["D3"].number_format == "0%"


def test_validate_prints_positions_in_a_published_report_and_paths_only_in_json(tmp_path, capsys):
    page = _html(_with_error(qingshan_2021()), tmp_path / "报告.html")
    code, out, _ = run(capsys, "validate", page)
    assert code == 1
    assert "错误  表四 行政复议 总计  【T4-1】" in out
    assert "$." not in out
    code, out, _ = run(capsys, "validate", page, "--json")
    (f,) = [f for f in json.loads(out)["findings"] if f["rule"] == "T4-1"]
    assert (f["path"], f["position"]) == ("$.t4.review.total", "表四 行政复议 总计")


def test_a_byte_identical_duplicate_return_is_counted_once(tmp_path):
    folder = tmp_path / "收回"
    folder.mkdir()
    data = RC.report("2021", "甲镇人民政府", "乡镇人民政府", 2021, seed=1)
    payload, _ = template.fill_bytes(data)
    (folder / "甲镇.xlsx").write_bytes(payload)
    (folder / "甲镇（副本）.xlsx").write_bytes(payload)
    other, _ = template.fill_bytes(RC.report("2021", "乙镇人民政府", "乡镇人民政府", 2021, seed=2))
    (folder / "乙镇.xlsx").write_bytes(other)
    result = collect.collect(folder, 2021)
    row = next(r for r in result.rows if r.name == "甲镇人民政府")
    assert (row.conclusion, row.note) == ("passed", "已汇总；另有内容完全相同的文件甲镇（副本）.xlsx，按一份计")
    assert [f.name for f in row.files] == ["甲镇.xlsx", "甲镇（副本）.xlsx"]
    assert result.total["t3"]["new"]["total"] == data["t3"]["new"]["total"] + RC.report(
        "2021", "乙镇人民政府", "乡镇人民政府", 2021, seed=2)["t3"]["new"]["total"]
    assert not [p for p in result.problems if p.finding.rule == "C-5"]


def test_two_different_returns_of_one_office_are_still_a_duplicate(tmp_path):
    folder = tmp_path / "收回"
    folder.mkdir()
    for seed, name in ((1, "甲镇.xlsx"), (3, "甲镇-改.xlsx")):
        payload, _ = template.fill_bytes(RC.report("2021", "甲镇人民政府", "乡镇人民政府", 2021, seed=seed))
        (folder / name).write_bytes(payload)
    result = collect.collect(folder, 2021)
    assert result.rows[0].conclusion == "duplicate"


@pytest.mark.libreoffice
@pytest.mark.slow
def test_last_years_pdf_and_word_are_one_report(tmp_path, capsys):
    need_soffice()
    previous = RC.report("2019", ORG, GOV, 2020, seed=7)
    this = RC.report("2021", ORG, GOV, 2021, seed=8, carry=RC.carry_of(previous))
    (tmp_path / "2020").mkdir()
    R.build_pdf(previous, tmp_path / "2020" / "青山市2020.pdf")
    _docx(previous, tmp_path / "2020" / "青山市2020.docx")
    os.utime(tmp_path / "2020" / "青山市2020.pdf", (1_700_000_000, 1_700_000_000))
    os.utime(tmp_path / "2020" / "青山市2020.docx", (1_700_000_000, 1_700_000_000))
    _docx(this, tmp_path / "2021" / "青山市2021.docx")
    out = tmp_path / "审查.xlsx"
    code, stdout, _ = run(capsys, "audit", tmp_path / "2021", "-o", out, "--last-year-dir", tmp_path / "2020")
    (row,) = _rows(out, "审查结果")
    assert row[9] == "青山市2020.pdf（青山市2020.docx是同一份报告，未重复使用）"
    assert code == 0
