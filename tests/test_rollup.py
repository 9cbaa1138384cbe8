"""End to end: a roster of 20 offices -> distribute -> 17 returned workbooks -> collect.

Some returned workbooks carry planted problems (errors, a warning, last year's format, a file
of last year, a duplicate, a corrupt file, an office not on the roster); the roll-up must give
every office the right status, list exactly the planted findings, and sum exactly the offices
that passed (sums computed here from the generated data, independently of the tool). The county
(tests/support/county.py) is built once per test run by the session fixture ``county``
(tests/conftest.py), so these tests run in ``make test-fast``.
"""
from __future__ import annotations

import functools
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.support import rollup_cases as RC
from tests.support.county import CELLS, DEPT, FMT, NAMES, OFF_ROSTER, PASSED, SCHEMA, YEAR, digests, run
from tests.support.needs import need_soffice
from xl_addin.check.validator import validate
from xl_addin.model import formulas as F
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.rollup import book as rollup_book
from xl_addin.rollup import collect, distribute, figures, folders
from xl_addin.workbook import reader


@functools.cache
def opened(path: Path, data_only: bool = False) -> openpyxl.Workbook:
    """A workbook of the county, opened once per run (with its formulas, or the values cached in
    them): the tests only read it."""
    return openpyxl.load_workbook(path, data_only=data_only)


def sheet_rows(path: Path, sheet: str, header: str) -> list[dict]:
    """The rows of a roll-up sheet below its header row (the row whose first cell is ``header``)."""
    wb = opened(path, data_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == header)
    keys = rows[top]
    return [dict(zip(keys, r)) for r in rows[top + 1:] if any(v is not None for v in r)]


# ---------------------------------------------------------------- distribute

def test_distribute_writes_one_prefilled_workbook_per_office(county):
    code, out, err = county["distributed"]
    assert code == 0 and err == ""
    assert sorted(p.name for p in county["dist"].iterdir()) == sorted(f"{n}.xlsx" for n in NAMES)
    assert out.splitlines() == [
        f"已为20个机关生成{YEAR}年度工作簿：{county['dist']}",
        "上年数据：读取上年工作簿17个，为17个机关预填了上年数据。",
        "未找到上年工作簿、未预填上年数据的机关3个：青山县自然资源局、东城街道办事处、西城街道办事处",
        "请把各机关的工作簿发给对应机关填写；收回后放在一个文件夹中，运行 nianbao collect 汇总。",
    ]
    data, book = reader.read(county["dist"] / "青山县教育局.xlsx")
    assert data["format"] == FMT and book.template_version == SCHEMA["x-format"]["template_version"]
    assert {k: data["basic"][k] for k in ("org_name", "year", "org_type", "contact", "phone")} == {
        "org_name": "青山县教育局", "year": YEAR, "org_type": DEPT, "contact": "联系人2", "phone": "0123-4567002"}
    last = county["last"][2]
    assert data["last_year"]["year"] == YEAR - 1
    assert data["last_year"]["t3"]["carry_next"] == last["t3"]["carry_next"]
    assert "last_year" not in reader.read(county["dist"] / "青山县自然资源局.xlsx")[0]


def test_distribute_prefills_this_formats_last_year_fields_from_either_format():
    last = RC.report(FMT, "某局", DEPT, 2022, seed=5)
    assert distribute.prefill_last_year(FMT, last) == {
        "year": 2022, "t3": {"carry_next": last["t3"]["carry_next"]},
        "t2": {"rules": {"valid": last["t2"]["rules"]["valid"]}, "normative": {"valid": last["t2"]["normative"]["valid"]}}}
    old = RC.report("2019", "某局", DEPT, 2020, seed=5)  # 2019 format: no 现行有效件数
    assert distribute.prefill_last_year(FMT, old) == {"year": 2020, "t3": {"carry_next": old["t3"]["carry_next"]}}


def test_distribute_refuses_a_format_the_year_cannot_use(county, tmp_path):
    code, _, err = run("distribute", county["roster"], "--year", YEAR, "--format", "2019", "-o", tmp_path / "x")
    assert code == 2
    assert err == "无法处理：2021年度报告应使用2021年格式，不能使用2019年试行格式的模板\n"
    assert not (tmp_path / "x").exists()


def test_distribute_never_overwrites(county):
    code, _, err = run("distribute", county["roster"], "--year", YEAR, "-o", county["dist"])
    assert code == 2
    assert err.startswith(f"无法处理：{county['dist']}：输出文件夹中已有")
    assert err.rstrip().endswith("为免覆盖，请指定一个新的输出文件夹")


# ---------------------------------------------------------------- collect: statuses

def test_collect_exits_1_and_prints_a_one_screen_summary(county):
    code, out, err = county["collected"]
    assert code == 1 and err == ""  # stderr is not a terminal here: no progress bar
    lines = out.splitlines()
    assert len(lines) <= 25
    assert lines[:9] == [
        f"{YEAR}年度报送情况（{county['ret']}）：读取工作簿19个",
        "  名单20个机关：已报送17个，未报送3个",
        "  通过10个（已汇总），不通过3个，重复报送1个，不可用3个",
        "  问题清单：错误13条，警告2条",
        "  上年工作簿17个，其中17个机关的用于跨年度核对",
        "未报送：东城街道办事处、西城街道办事处、南湖街道办事处",
        "不通过：青山县交通运输局（2个错误）、青山县农业农村局（1个错误）、青山县卫生健康局（2个错误）",
        "重复报送（均未汇总）：城关镇人民政府",
        "无法使用的文件4个：",
    ]
    assert "  石门镇人民政府.xlsx：【C-1】文件无法读取：文件已损坏或不完整（不是有效的.xlsx压缩包），请重新保存或重新发送" in lines
    assert "不是Excel工作簿、已忽略的文件1个：说明.txt" in lines
    assert lines[-1] == f"汇总工作簿：{county['out']}（报送情况、问题清单、汇总、明细、图表、内容雷同，其后为汇总数据的标准年报各表）"


def test_every_office_has_the_right_status(county):
    rows = sheet_rows(county["out"], "报送情况", "序号")
    got = [(r["机关名称"], r["报送状态"], r["结论"]) for r in rows]
    expected = [(n, "已报送", "通过") for n in NAMES[:10]] + [(n, "已报送", "不通过") for n in NAMES[10:13]] + [
        (NAMES[13], "已报送", "不可用"), (NAMES[14], "已报送", "重复报送"), (NAMES[15], "已报送", "不可用"),
        (NAMES[16], "已报送", "不可用")] + [(n, "未报送", "未报送") for n in NAMES[17:]] + [
        (OFF_ROSTER, "名单外", "未汇总")]
    assert got == expected
    by = {r["机关名称"]: r for r in rows}
    assert by["青山县教育局"]["文件"] == "青山县教育局.xlsx"
    assert by["青山县教育局"]["模板版本"] == SCHEMA["x-format"]["template_version"]
    # matched although typed with an ideographic space, which TX-9 points out
    assert (by["青山县教育局"]["错误"], by["青山县教育局"]["警告"], by["青山县教育局"]["说明"]) == (0, 1, "已汇总；有1个警告，请核实")
    assert (by["青山县住房和城乡建设局"]["警告"], by["青山县住房和城乡建设局"]["说明"]) == (1, "已汇总；有1个警告，请核实")
    assert by["青山县交通运输局"]["说明"] == "有2个错误，未汇总"
    assert by["城关镇人民政府"]["文件"] == "城关镇人民政府.xlsx、城关镇人民政府（更正）.xlsx"
    assert by["河口乡人民政府"]["说明"] == f"报告年度为{YEAR - 1}，本次汇总的是{YEAR}年度，未汇总"
    assert by["南湖街道办事处"]["说明"] == "“南湖街道办事处”未报送工作簿"
    assert (by["南湖街道办事处"]["联系人"], by["南湖街道办事处"]["电话"], by["南湖街道办事处"]["邮箱"]) == (
        "联系人19", "0123-4567019", None)  # who to chase
    assert by[OFF_ROSTER]["联系人"] is None


# ---------------------------------------------------------------- collect: 问题清单

def test_the_problem_list_holds_exactly_the_planted_findings(county):
    rows = sheet_rows(county["out"], "问题清单", "序号")
    got = [(r["机关名称"], r["文件"], r["位置"], r["规则"], r["类别"]) for r in rows]
    n = NAMES
    expected = [
        (n[2], f"{n[2]}.xlsx", CELLS["basic.org_name"], "TX-9", "警告"),
        (n[9], f"{n[9]}.xlsx", CELLS["t2.rules.made"], "T2-3", "警告"),
        (n[10], f"{n[10]}.xlsx", CELLS["t3.total.nat"], "T3-1", "错误"),
        (n[10], f"{n[10]}.xlsx", CELLS["t3.total.total"], "T3-1", "错误"),
        (n[11], f"{n[11]}.xlsx", CELLS["t4.review.upheld"], "W-1", "错误"),
        (n[12], f"{n[12]}.xlsx", CELLS["t3.carry.nat"], "X-1", "错误"),
        (n[12], f"{n[12]}.xlsx", CELLS["t3.carry.total"], "X-1", "错误"),
        (n[13], f"{n[13]}.xlsx", None, "C-3", "错误"),
        (n[14], f"{n[14]}.xlsx、{n[14]}（更正）.xlsx", None, "C-5", "错误"),
        (n[15], f"{n[15]}.xlsx", None, "C-1", "错误"),
        (n[16], f"{n[16]}.xlsx", None, "C-2", "错误"),
        (n[17], None, "名单!A21", "C-6", "错误"),
        (n[18], None, "名单!A22", "C-6", "错误"),
        (n[19], None, "名单!A23", "C-6", "错误"),
        (OFF_ROSTER, f"{OFF_ROSTER}.xlsx", None, "C-4", "错误"),
    ]
    assert got == expected
    assert [r["序号"] for r in rows] == list(range(1, len(expected) + 1))
    messages = {r["规则"]: r["问题"] for r in rows}
    assert messages["C-1"] == "文件无法读取：文件已损坏或不完整（不是有效的.xlsx压缩包），请重新保存或重新发送"
    assert messages["C-2"] == "报告年度为2020，本次汇总的是2021年度，未汇总"
    assert messages["C-3"] == "使用的是2019年试行格式，2021年度应使用2021年格式，未汇总"
    assert messages["C-4"] == "“青山县气象局”不在报送名单中，未汇总"
    assert messages["C-5"] == ("“城关镇人民政府”报送了2份工作簿（城关镇人民政府.xlsx、城关镇人民政府（更正）.xlsx），"
                               "均未汇总，请与该机关核实后只保留一份")
    assert messages["C-6"] == "“南湖街道办事处”未报送工作簿"
    assert messages["W-1"].startswith("行政复议（结果维持）填写的“两件”不是数字")
    assert messages["T2-3"] == "规章本年制发件数为1，县级以上人民政府部门没有规章制定权，应为0"
    assert messages["TX-9"] == ("机关名称“青山县\u3000教育局”中有空格，报告的标题和落款按“青山县教育局”生成，"
                                "汇总时也按此匹配；请删除名称中的空格")


def test_the_sheet_title_counts_the_problems(county):
    wb = opened(county["out"], data_only=True)
    assert wb["问题清单"]["A1"].value == f"{YEAR}年度报送工作簿问题清单（共15条：错误13条，警告2条）"
    assert wb["报送情况"]["A2"].value == (
        "应报送20个机关：已报送17个，未报送3个；通过10个（已汇总），不通过3个，重复报送1个，不可用3个。"
        "共读取工作簿19个。另有名单外机关的工作簿1个、无法识别的文件0个，见表末。")


# ---------------------------------------------------------------- collect: the sums

def expected_sums(county) -> dict[str, float]:
    sums: dict[str, float] = {}
    for i in PASSED:
        for path, v in RC.summable(county["data"][i], FMT).items():
            sums[path] = sums.get(path, 0) + v
    return {p: round(v, 6) for p, v in sums.items()}


def test_the_rolled_up_tables_equal_the_independent_sums(county):
    sums = expected_sums(county)
    assert sums["t3.new.total"] > 0 and isinstance(sums["t2.fees.amount"], float)
    wb = opened(county["out"], data_only=True)
    for path, v in sums.items():
        sheet, ref = CELLS[path].split("!")
        got = wb[sheet][ref].value
        assert isinstance(got, (int, float)) and got == pytest.approx(v), (path, got, v)
    assert wb["基本信息"][CELLS["basic.org_name"].split("!")[1]].value == "（汇总）"


def test_every_total_cell_holds_its_formula_and_a_cached_number(county):
    sums = expected_sums(county)
    formulas = opened(county["out"])
    values = opened(county["out"], data_only=True)
    totals = F.totals(SCHEMA)
    assert len(totals) == 34
    for path, t in totals.items():
        sheet, ref = t.cell.split("!")
        assert formulas[sheet][ref].value == t.formula
        assert values[sheet][ref].value == pytest.approx(sums[path]), path
    checked = 0
    for sheet in values.sheetnames:  # no formula anywhere without its result
        for row in formulas[sheet].iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    got = values[sheet][c.coordinate].value
                    if c.value.startswith('=IF(COUNT('):  # a cross-year check: blank without 上年数据
                        assert got is None, f"{sheet}!{c.coordinate}"
                    else:
                        assert isinstance(got, (int, float)), f"{sheet}!{c.coordinate}"
                    checked += 1
    assert checked > len(totals)  # the 勾稽关系 check cells too


def test_the_total_sheet_lays_out_tables_2_to_4_as_the_template(county):
    sums = expected_sums(county)
    ws = opened(county["out"], data_only=True)["汇总"]
    numbers = [c.value for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, (int, float))]
    order = [p for sh in L.sheets(SCHEMA) if sh["kind"] == "table" for p in
             sorted((p for p in CELLS if CELLS[p].split("!")[0] == sh["name"]),
                    key=lambda p: L.parse_ref(CELLS[p].split("!")[1]))]
    assert numbers == pytest.approx([sums[p] for p in order])
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"第二十条第（一）项", S.title(SCHEMA, "t3.deny_3"), "申请人情况", "复议后起诉"} <= texts


def test_the_rollup_is_itself_a_valid_report_workbook(county):
    data, book = reader.read(county["out"])
    findings = book.locate(list(book.findings) + validate(data))
    # a roll-up carries the summed tables; its narrative is written by the county (TX-5 says so)
    assert [f.text() for f in findings if f.rule != "TX-5"] == []
    assert {(f.rule, f.severity, f.path) for f in findings} == {
        ("TX-5", "warning", "$.s1"), ("TX-5", "warning", "$.s5")}
    sums = expected_sums(county)
    assert RC.summable(data, FMT) == pytest.approx(sums)


def test_the_detail_sheet_shows_each_office_and_the_total(county):
    rows = sheet_rows(county["out"], "明细", "序号")
    shown = figures.key_figures(FMT)
    head = S.label(SCHEMA, "t3.new.total")
    assert [r["机关名称"] for r in rows[:-1]] == NAMES[:13]  # offices with one usable file
    assert rows[0][head] == county["data"][0]["t3"]["new"]["total"]
    total = rows[-1]
    assert total["机关名称"] == "合计（通过校验的10个机关）"
    sums = expected_sums(county)
    assert [total[S.label(SCHEMA, p)] for p in shown] == pytest.approx([sums[p] for p in shown])


def test_the_chart_sheet_has_two_charts_over_values(county):
    wb = opened(county["out"])
    ws = wb["图表"]
    assert len(ws._charts) == 2
    assert [c.value for c in ws[1]][:7] == ["机关名称", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
    names = [ws.cell(r, 1).value for r in range(2, 12)]
    assert sorted(names) == sorted(NAMES[:10])


def test_inputs_are_never_modified(county):
    assert digests(county["ret"]) == county["before"]


def test_the_rollup_replaces_an_earlier_rollup_but_no_other_file(county, tmp_path):
    target = tmp_path / "汇总.xlsx"
    shutil.copy(county["out"], target)
    assert folders.is_rollup(target)
    code, _, err = run("collect", county["ret"], "--year", YEAR, "-o", target)
    assert code == 1 and err == ""
    other = county["ret"] / f"{NAMES[0]}.xlsx"
    code, _, err = run("collect", county["ret"], "--year", YEAR, "-o", other)
    assert code == 2
    assert err == f"无法处理：{other}：文件已存在，为免覆盖已填写的内容，没有写入。请换一个文件名；确需替换时加 --overwrite\n"


def test_collect_exits_0_when_every_office_passed(county, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in NAMES[:2]:
        shutil.copy(county["ret"] / f"{name}.xlsx", folder)
    path = tmp_path / "名单.xlsx"
    RC.filled_roster(path, NAMES[:2])
    code, out, err = run("collect", folder, "--year", YEAR, "--roster", path, "-o", tmp_path / "汇总.xlsx")
    assert (code, err) == (0, "")
    assert "  通过2个（已汇总），不通过0个，重复报送0个，不可用0个" in out.splitlines()


def test_an_empty_folder_is_said_so(tmp_path):
    (tmp_path / "in").mkdir()
    code, out, _ = run("collect", tmp_path / "in", "--year", YEAR, "-o", tmp_path / "汇总.xlsx")
    assert code == 1
    assert out.splitlines()[1] == "  文件夹中没有找到Excel工作簿（.xlsx、.xlsm）"


def test_without_a_roster_every_office_found_is_listed(county, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (NAMES[0], NAMES[10], OFF_ROSTER):
        shutil.copy(county["ret"] / f"{name}.xlsx", folder)
    shutil.copy(county["out"], folder / "去年的汇总.xlsx")  # a roll-up in the folder is skipped
    result = collect.collect(folder, YEAR, tmp_path / "汇总.xlsx", jobs=1)
    assert [(r.name, r.state, r.conclusion) for r in result.rows] == [
        (NAMES[10], "submitted", "failed"), (NAMES[0], "submitted", "passed"), (OFF_ROSTER, "submitted", "passed"),
        ("（无法识别）", "unknown", "unusable")]
    skipped = result.rows[-1].files[0].problem
    assert (skipped.rule, skipped.message) == ("C-9", "这是一份汇总工作簿，不是机关报送的年报，已跳过")
    assert not any(p.finding.rule in ("C-4", "C-6") for p in result.problems)


# ---------------------------------------------------------------- LibreOffice

def _need_soffice():
    need_soffice()


@pytest.mark.libreoffice
def test_libreoffice_opens_the_rollup_and_computes_the_same_totals(county, tmp_path):
    _need_soffice()
    from xl_addin.report.render.calc import recalculate

    (again,) = recalculate([county["out"]], tmp_path / "calc")
    wb = openpyxl.load_workbook(again, data_only=True)
    assert wb.sheetnames[:5] == ["报送情况", "问题清单", "汇总", "明细", "图表"]
    sums = expected_sums(county)
    for path, t in F.totals(SCHEMA).items():
        sheet, ref = t.cell.split("!")
        assert wb[sheet][ref].value == pytest.approx(sums[path]), path
    ours = opened(county["out"], data_only=True)
    formulas = opened(county["out"])
    compared = 0
    for sheet in formulas.sheetnames:  # every cached value we wrote is what Calc computes
        for row in formulas[sheet].iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    calc = wb[sheet][c.coordinate].value
                    assert (ours[sheet][c.coordinate].value or 0) == pytest.approx(calc or 0), f"{sheet}!{c.coordinate}"
                    compared += 1
    assert compared > 40
    rows = sheet_rows(again, "报送情况", "序号")
    assert [r["结论"] for r in rows][:10] == ["通过"] * 10


# ---------------------------------------------------------------- pieces

def test_cached_values_are_written_into_formula_cells():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"], ws["A2"], ws["A3"] = 1, "=SUM(A1)", '=IF(A1>0,"",1)'
    buf = io.BytesIO()
    wb.save(buf)
    patched = rollup_book.cache_values(buf.getvalue(), {"表!A2": 1, "表!A3": ""})
    values = openpyxl.load_workbook(io.BytesIO(patched), data_only=True)["表"]
    formulas = openpyxl.load_workbook(io.BytesIO(patched))["表"]
    assert (values["A2"].value, formulas["A2"].value) == (1, "=SUM(A1)")
    assert values["A3"].value in ("", None) and formulas["A3"].value == '=IF(A1>0,"",1)'


def test_amounts_in_different_units_are_summed_in_one():
    reports = [{"t2": {"procurement": {"items": 1, "amount": 2.5, "amount_unit": "万元"}}},
               {"t2": {"procurement": {"items": 2, "amount": 5000, "amount_unit": "元"}}}]
    total = figures.add_up(reports, "2019")
    assert total["t2"]["procurement"] == {"items": 3, "amount": 30000, "amount_unit": "元"}


def test_file_names_are_safe_on_windows():
    assert folders.safe_filename('某局/办公室:*?"<>|.') == "某局_办公室_______"
    assert folders.safe_filename("...") == "_"
