"""The roll-up's narrative checks: offices with near-identical narratives (C-10, the 内容雷同 sheet),
and a narrative that names another office on the roster as itself (TX-7)."""
from __future__ import annotations

import openpyxl
import pytest

from tests.support import rollup_cases as RC
from xl_addin.rollup import collect
from xl_addin.workbook import template

pytestmark = pytest.mark.slow   # writes and collects five workbooks

YEAR, FMT, STREET = 2021, "2021", "街道办事处"
NAMES = ["东城街道办事处", "西城街道办事处", "南湖街道办事处", "北岭街道办事处", "柳林街道办事处"]


@pytest.fixture(scope="module")
def rolled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("returned")
    reports = [RC.report(FMT, n, STREET, YEAR, seed=50 + i) for i, n in enumerate(NAMES)]
    # 西城 copies 东城's narrative, with its own name; 南湖 speaks of itself as 北岭 in one sentence
    for s in ("s1", "s5", "s6"):
        reports[1][s] = [{**node, "paragraphs": [p.replace(NAMES[0], NAMES[1]) for p in node["paragraphs"]]}
                         for node in reports[0][s]]
    reports[2]["s1"][1]["paragraphs"].insert(0, f"2021年，{NAMES[3]}深入贯彻落实《中华人民共和国政府信息公开条例》。")
    for d in reports:
        (folder / f"{d['basic']['org_name']}.xlsx").write_bytes(template.fill_bytes(d)[0])
    base = tmp_path_factory.mktemp("out")
    names = base / "名单.xlsx"
    RC.filled_roster(names, NAMES, kind=STREET)
    out = base / "汇总.xlsx"
    result = collect.collect(folder, YEAR, out, roster_path=names, jobs=1)
    return result, out


def test_collect_lists_the_offices_with_near_identical_narratives_in_the_problem_list(rolled):
    result, _ = rolled
    c10 = [(p.office.name, p.file, p.finding.rule, p.finding.severity, p.finding.message)
           for p in result.problems if p.finding.rule == "C-10"]
    share = f"{result.similar[0].share:.0%}"
    assert c10 == [
        (NAMES[0], f"{NAMES[0]}.xlsx", "C-10", "warning",
         f"正文与“{NAMES[1]}”（{NAMES[1]}.xlsx）的年报相同的文字占{share}，内容雷同，请核实是否照抄"),
        (NAMES[1], f"{NAMES[1]}.xlsx", "C-10", "warning",
         f"正文与“{NAMES[0]}”（{NAMES[0]}.xlsx）的年报相同的文字占{share}，内容雷同，请核实是否照抄"),
    ]
    assert result.similar[0].share >= 0.95


def test_the_rollup_workbook_has_a_sheet_of_the_pairs(rolled):
    result, out = rolled
    wb = openpyxl.load_workbook(out, data_only=True)
    rows = [r for r in wb["内容雷同"].iter_rows(values_only=True) if any(v is not None for v in r)]
    assert rows[0] == (f"{YEAR}年度年报正文内容雷同的机关（共1对；相同文字占60%以上，数字和机关名称不计差别）",) + (None,) * 5
    assert rows[1] == ("序号", "机关名称", "文件", "机关名称", "文件", "相同文字占比")
    assert rows[2] == (1, NAMES[0], f"{NAMES[0]}.xlsx", NAMES[1], f"{NAMES[1]}.xlsx", f"{result.similar[0].share:.0%}")
    assert len(rows) == 3


def test_collect_flags_a_narrative_naming_another_office_on_the_roster_as_itself(rolled):
    result, _ = rolled
    tx7 = [(p.office.name, p.finding.cell, p.finding.actual) for p in result.problems if p.finding.rule == "TX-7"]
    assert tx7 == [(NAMES[2], "一、总体情况!B5", NAMES[3])]


def test_independent_narratives_give_no_pair(rolled):
    result, _ = rolled
    assert [(p.office_a, p.office_b) for p in result.similar] == [(NAMES[0], NAMES[1])]
