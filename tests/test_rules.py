"""Every rule id trips on one minimal change, with its finding pinned (rule, severity, path, values, message)."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.support.rule_cases import BASES, CASES
from xl_addin.check.validator import validate
from xl_addin.model import schema as S

TODAY = dt.date(2026, 11, 29)


def findings_of(fmt, change, last):
    data = change(BASES[fmt]())
    return validate(data, last_year=last(data) if last else None, today=TODAY)


def as_tuple(f):
    return (f.rule, f.severity, f.path, f.expected, f.actual, f.message)


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_bundled_examples_have_no_errors(fmt):
    found = [as_tuple(f) for f in validate(BASES[fmt](), today=TODAY)]
    if fmt == "2019":  # the sample report's 采购总金额 has no unit
        assert found == [("T2-7", "warning", "$.t2.procurement.amount_unit", None, None,
                          "采购总金额未注明单位，请填写“元”或“万元”")]
    else:
        assert found == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_minimal_change_trips_rule(name):
    fmt, change, last, expected = CASES[name]
    base = {(f.rule, f.path) for f in validate(BASES[fmt](), today=TODAY)}
    found = findings_of(fmt, change, last)
    rules = {e[0] for e in expected} or {name.split()[0]}
    new = [as_tuple(f) for f in found if (f.rule, f.path) not in base and f.rule in rules]
    assert new == expected


def test_every_rule_id_has_a_tripping_case():
    ids = {r["id"] for fmt in S.FORMATS for r in S.load(fmt)["x-rules"]}
    tripped = {e[0] for _, _, _, exp in CASES.values() for e in exp} | {"T2-7"}
    assert ids - tripped == set()
    assert ids >= {"T3-1", "T3-2", "T3-3", "T3-4", "T3-6", "T4-1", "T4-2", "T4-3", "T4-4", "T2-1", "T2-2", "T2-3",
                   "T2-4", "T2-5", "T2-6", "T2-7", "TX-1", "TX-2", "TX-3", "TX-4", "TX-5", "TX-6", "TX-8", "X-1"}


def test_finding_records_operands_with_their_cells():
    fmt, change, last, _ = CASES["T3-1"]
    f = next(f for f in findings_of(fmt, change, last) if f.path == "$.t3.total.nat")
    assert f.cell == "表三!E29"
    assert f.imbalance == -1
    assert f.operands == {"$.t3.new.nat": (40, "表三!E6"), "$.t3.carry.nat": (3, "表三!E7"),
                          "$.t3.total.nat": (37, "表三!E29"), "$.t3.carry_next.nat": (7, "表三!E30")}


def test_cross_year_rules_are_skipped_without_last_year():
    fmt, change, _, _ = CASES["X-1"]
    assert [f for f in findings_of(fmt, change, None) if f.rule.startswith("X")] == []


def test_cross_year_finding_points_at_last_year_sheet():
    fmt, change, last, _ = CASES["X-1"]
    f = next(f for f in findings_of(fmt, change, last) if f.rule == "X-1")
    assert f.operands["$.last_year.t3.carry_next.nat"] == (0, "上年数据!B4")


def test_consistent_consecutive_years_give_no_cross_year_findings():
    this = BASES["2021"]()
    last = BASES["2021"]()
    last["basic"]["year"] = 2020
    last["t3"]["carry_next"] = dict(this["t3"]["carry"])
    last["t2"]["rules"]["valid"] = 14
    last["t2"]["normative"]["valid"] = 79
    for section in ("s1", "s5", "s6"):  # last year's own words (the same words would be 内容雷同, X-3)
        last[section] = BASES["2019"]()[section]
    assert validate(this, last_year=last, today=TODAY) == []


def test_blank_total_is_counted_as_zero_and_reported():
    data = BASES["2021"]()
    data["t4"]["review"]["total"] = None
    found = {(f.rule, f.severity, f.path) for f in validate(data, today=TODAY)}
    assert ("T4-4", "warning", "$.t4.review.total") in found
    assert ("T4-1", "error", "$.t4.review.total") in found


def test_unfilled_table_is_one_error_not_a_warning_per_cell():
    data = BASES["2021"]()
    data["t4"] = {row: {col: None for col in cols} for row, cols in data["t4"].items()}
    found = [as_tuple(f) for f in validate(data, today=TODAY) if f.rule.startswith("T4")]
    assert found == [("T4-4", "error", "$.t4", None, None,
                      "“四、政府信息公开行政复议、行政诉讼情况”整张表未填写，请逐格填写，没有的填0")]


def test_each_missing_section_is_named():
    data = BASES["2019"]()
    del data["s1"], data["s5"], data["s6"]
    found = [(f.path, f.message) for f in validate(data, today=TODAY) if f.rule == "S-1"]
    assert found == [("$.s1", "缺少一、总体情况"), ("$.s5", "缺少五、存在的主要问题及改进情况"),
                     ("$.s6", "缺少六、其他需要报告的事项")]


def test_year_before_the_official_formats_is_one_finding():
    data = BASES["2019"]()
    data["basic"]["year"] = 2000
    found = [as_tuple(f) for f in validate(data, today=TODAY) if f.rule != "T2-7"]
    assert found == [("TX-4", "error", "$.basic.year", None, 2000, "报告年度不能小于2019，实际为2000")]


def test_publish_date_in_another_shape_is_reported_once_by_the_schema():
    data = BASES["2021"]()
    data["basic"]["publish_date"] = "2022/1/5"
    found = [as_tuple(f) for f in validate(data, today=TODAY)]
    assert found == [("S-1", "error", "$.basic.publish_date", None, "2022/1/5",
                      "发布日期的格式应为YYYY-MM-DD，实际为“2022/1/5”")]


FRACTIONS = {  # a count cell holding 2.5, and the one finding it must give
    "t3.carry.sci": ("T3-4", "二、上年结转政府信息公开申请数量（科研机构）应填写非负整数，实际为2.5"),
    "t2.rules.made": ("T2-1", "规章（本年制发件数）应填写非负整数，实际为2.5"),
    "t4.review.upheld": ("T4-4", "行政复议（结果维持）应填写非负整数，实际为2.5"),
}


@pytest.mark.parametrize("path, route", [(p, "data") for p in sorted(FRACTIONS)] + [
    ("t3.carry.sci", "workbook as saved by Excel"), ("t4.review.upheld", "workbook without results")])
def test_a_fractional_count_is_reported_exactly_once(path, route, tmp_path):
    """The schema check says it (the count rule); the sums it takes part in skip it instead of adding
    2.5 and reporting their totals as wrong too; a workbook's total of it is not reported again."""
    from tests.support import xlsx_tools as XT
    from xl_addin.check.step import check
    from xl_addin.model import layout as L
    from xl_addin.workbook import template

    data = BASES["2021"]()
    S.put(data, path, 2.5)
    if route == "data":
        found = [(f.rule, f.severity, f.path, f.message) for f in validate(data, today=TODAY)]
        assert found == [(FRACTIONS[path][0], "error", S.json_path(path), FRACTIONS[path][1])]
        return
    book = tmp_path / "年报.xlsx"
    if route == "workbook as saved by Excel":   # every total recalculated: the 总计 of the row is fractional too
        _recalculate(data)
        book.write_bytes(template.fill_bytes(data)[0])
    else:
        cell = L.cell_map(S.load("2021"))[path]
        book.write_bytes(XT.edit_cells(template.fill_bytes(BASES["2021"]())[0], {cell: 2.5}))
    found = [(f.rule, f.cell, f.message) for f in check(book).findings]
    assert found == [(FRACTIONS[path][0], L.cell_map(S.load("2021"))[path], FRACTIONS[path][1])]


def _recalculate(data: dict) -> None:
    """Every derived total as the sum of its terms, as Excel computes them (totals of totals too)."""
    from xl_addin.model import formulas as F

    totals = F.totals(S.load(data["format"])).values()
    for _ in totals:
        for t in totals:
            S.put(data, t.path, sum(v for x in t.terms if isinstance(v := S.get(data, x), (int, float))))


def test_generated_paragraph_heading_may_stay_empty():
    data = BASES["2021"]()
    data["s1"][2]["paragraphs"] = []  # （二）依申请公开: the report generates it from the tables
    assert [f for f in validate(data, today=TODAY) if f.rule == "TX-5"] == []


def test_a_blank_report_year_is_said_to_be_blank():
    data = BASES["2021"]()
    data["basic"]["year"] = None
    found = [as_tuple(f) for f in validate(data, today=TODAY) if f.path == "$.basic.year"]
    assert found == [("TX-4", "error", "$.basic.year", None, None, "报告年度未填写")]


def test_a_year_that_is_no_integer_is_not_said_to_be_possibly_negative():
    data = BASES["2021"]()
    data["basic"]["year"] = "二〇二一"
    found = [as_tuple(f) for f in validate(data, today=TODAY) if f.path == "$.basic.year"]
    assert found == [("TX-4", "error", "$.basic.year", None, "二〇二一", "报告年度应填写不小于2019的整数，实际为“二〇二一”")]


def test_a_blank_org_type_is_one_finding():
    data = BASES["2021"]()
    data["basic"]["org_type"] = None
    found = [as_tuple(f) for f in validate(data, today=TODAY) if f.path == "$.basic.org_type"]
    assert found == [("S-1", "error", "$.basic.org_type", None, None, "机关类型未填写")]


def test_an_agency_name_with_inner_spaces_is_a_warning_saying_how_it_is_used():
    data = BASES["2021"]()
    data["basic"]["org_name"] = "青山市 人民政府"
    found = [as_tuple(f) for f in validate(data, today=TODAY)]
    assert found == [("TX-9", "warning", "$.basic.org_name", "青山市人民政府", "青山市 人民政府",
                      "机关名称“青山市 人民政府”中有空格，报告的标题和落款按“青山市人民政府”生成，汇总时也按此匹配；请删除名称中的空格")]


def test_findings_are_located_with_one_locator_per_report(monkeypatch):
    # bench/bench_locate.py times it; here: the outline rows are counted once, not once per finding
    from xl_addin.check import validator
    from xl_addin.model import layout as L

    built = []
    real = L.locator
    monkeypatch.setattr(validator.L, "locator", lambda *a, **k: built.append(1) or real(*a, **k))
    data = BASES["2021"]()
    data["s1"][0]["paragraphs"] = [f"第{i}段，于2021年13月完成。" for i in range(50)]
    assert len([f for f in validate(data, today=TODAY) if f.rule == "TX-4"]) == 50
    assert len(built) == 1
