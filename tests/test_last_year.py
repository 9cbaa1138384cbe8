"""Last year's report must be the same office's report of the year before: ``--last-year`` of
``validate`` and ``report``, the workbook's own 上年数据 (CLI and buttons), and a returned workbook in
``collect``. Another office, another year or the same file is refused with a message naming both
(exit 2) unless ``--force-last-year``; a wrong last year would otherwise give false X-1 errors."""
from __future__ import annotations

import copy

import pytest

from tests.support.cli_helpers import run, write
from tests.support.rule_cases import EXAMPLES, qingshan_2020, qingshan_2021, sample_2020
from tests.support.server_support import SCRIPT_URL, AppClient, payload_of, replay, write_workbook
from xl_addin.check.step import check
from xl_addin.errors import LastYearMismatch
from xl_addin.rollup import examine

THIS = EXAMPLES / "sample-2021-qingshan.json"
HINT = "；确属本机关上年的报告（如机关更名）时，加 --force-last-year 照常核对"


def test_another_offices_report_is_refused_naming_both(capsys):
    last = EXAMPLES / "sample-2020-jiaxiang.json"
    code, out, err = run(capsys, "validate", THIS, "--last-year", last)
    assert (code, out) == (2, "")
    assert err == (f"无法处理：{last}：不能作为上年报告：它是“嘉祥县人民政府办公室”2020年度的报告，"
                   "本报告是“青山市人民政府”2021年度的报告（机关名称不同）。请换用“青山市人民政府”2020年度的报告"
                   f"{HINT}\n")


def test_the_same_file_is_refused(capsys):
    code, _, err = run(capsys, "validate", THIS, "--last-year", THIS)
    assert code == 2
    assert ("它是“青山市人民政府”2021年度的报告，本报告是“青山市人民政府”2021年度的报告"
            "（与本报告是同一个文件，上年报告应为2020年度）") in err


def test_a_report_of_another_year_is_refused(capsys, tmp_path):
    last = qingshan_2020()
    last["basic"]["year"] = 2019
    code, _, err = run(capsys, "validate", THIS, "--last-year", write(tmp_path, last, "上年.json"))
    assert code == 2
    assert "它是“青山市人民政府”2019年度的报告，本报告是“青山市人民政府”2021年度的报告（上年报告应为2020年度）" in err


def test_blanks_and_full_width_forms_in_the_name_are_the_same_office(capsys, tmp_path):
    last = qingshan_2020()
    last["basic"]["org_name"] = "青山市　人民政府"
    code, out, _ = run(capsys, "validate", THIS, "--last-year", write(tmp_path, last, "上年.json"))
    assert code == 1                       # checked: X-1 against last year's 结转
    assert "【X-1】总计列" in out


def test_force_last_year_checks_against_it_anyway(capsys):
    code, out, _ = run(capsys, "validate", THIS, "--last-year", EXAMPLES / "sample-2020-jiaxiang.json",
                       "--force-last-year")
    assert code == 1
    assert "【X-1】总计列：本年“二、上年结转政府信息公开申请数量”为4，上年报告“四、结转下年度继续办理”为0，相差4" in out


def test_report_refuses_another_offices_last_year_before_writing(capsys, tmp_path):
    out = tmp_path / "报告.docx"
    code, _, err = run(capsys, "report", THIS, "-o", out, "--last-year", EXAMPLES / "sample-2020-jiaxiang.json")
    assert code == 2
    assert "不能作为上年报告" in err and "（机关名称不同）" in err
    assert not out.exists()


def test_a_published_last_year_of_another_office_is_refused(capsys, tmp_path):
    from xl_addin.report import build as R

    page = tmp_path / "上年报告.html"
    page.write_text(R.build_html(sample_2020()), encoding="utf-8")
    code, _, err = run(capsys, "validate", THIS, "--last-year", page)
    assert code == 2
    assert f"{page}：不能作为上年报告：它是“嘉祥县人民政府办公室”2020年度的报告" in err


# ---------------------------------------------------------------- the workbook's own 上年数据

def _with_last_year(year: int) -> dict:
    data = qingshan_2021()
    data["last_year"] = {"year": year, "t3": {"carry_next": copy.deepcopy(data["t3"]["carry"])}}
    return data


def test_a_workbook_whose_last_year_data_is_of_another_year_is_refused(capsys, tmp_path):
    path = write_workbook(tmp_path, _with_last_year(2021))
    code, _, err = run(capsys, "validate", path)
    assert code == 2
    assert err == (f"无法处理：{path}：上年数据!B3（上年报告年度）填写的是2021，本报告是2021年度的报告，"
                   "上年数据应为2020年度的数据。请改正上年报告年度和上年数据，或清空“上年数据”工作表"
                   "；确需照此核对时，加 --force-last-year\n")
    code, out, _ = run(capsys, "validate", path, "--force-last-year")
    assert code == 0 and "结论：通过" in out


def test_a_workbook_with_last_year_data_of_the_year_before_passes(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", write_workbook(tmp_path, _with_last_year(2020)))
    assert code == 0 and "结论：通过" in out


def test_the_check_step_raises_a_last_year_mismatch_for_every_caller():
    with pytest.raises(LastYearMismatch):
        check(THIS, last_year=sample_2020())
    assert check(THIS, last_year=qingshan_2020()).errors == 3      # X-1 in three columns


@pytest.fixture(scope="module")
def client():
    c = AppClient()
    yield c
    c.close()


def _alerts(client, script: str, path) -> tuple[list[str], dict]:
    r = client.post(SCRIPT_URL.format(script), json=payload_of(path))
    assert r.status_code == 200, r.text
    answer = r.json()
    return [a["args"][0] for a in answer["actions"] if a["func"] == "alert"], answer


def test_the_validate_button_refuses_last_year_data_of_another_year(client, tmp_path):
    path = write_workbook(tmp_path, _with_last_year(2019))
    alerts, answer = _alerts(client, "validate", path)
    assert [a["func"] for a in answer["actions"]] == ["alert"]          # nothing marked
    assert alerts == ["上年数据与本报告不符，未处理：年报.xlsx：上年数据!B3（上年报告年度）填写的是2019，本报告是2021年度的报告，"
                      "上年数据应为2020年度的数据。请改正上年报告年度和上年数据，或清空“上年数据”工作表。"]
    alerts, _ = _alerts(client, "generate_report", path)
    assert alerts[0].startswith("上年数据与本报告不符，未处理：")


def test_the_description_button_does_not_need_last_year(client, tmp_path):
    data = _with_last_year(2019)
    data["s1"][2]["paragraphs"] = []
    path = write_workbook(tmp_path, data)
    alerts, answer = _alerts(client, "generate_description", path)
    wb, _ = replay(path, answer)
    assert alerts[0].startswith("已根据表三、表四生成“（二）依申请公开”的文字")


def test_collect_lists_a_return_with_last_year_data_of_another_year_as_unusable(tmp_path):
    path = write_workbook(tmp_path, _with_last_year(2021), "青山市人民政府.xlsx")
    got = examine.examine(str(path), {"year": 2021, "format": "2021", "last": {}, "roster": []})
    assert not got.usable
    assert (got.problem.rule, got.problem.message) == (
        "C-1", "文件无法读取：上年数据!B3（上年报告年度）填写的是2021，本报告是2021年度的报告，"
               "上年数据应为2020年度的数据。请改正上年报告年度和上年数据，或清空“上年数据”工作表")
