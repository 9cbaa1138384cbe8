"""Every real published report of the development set (``../shared/reference/real-reports/``) imports
with every table cell as its ``.tables.json``/``.data.json`` says and validates as the set's README
says. Read from ``../shared``: skipped on a machine without it, a failure in CI.

A cell written with its unit (「2笔」, 「984361元」) is compared by what it says in the field's unit
(``model.amounts``), as the validator reads it.
"""
from __future__ import annotations

import pytest

from tests.support import real_reports as RR
from tests.support.needs import need
from xl_addin.check.step import check
from xl_addin.model import amounts
from xl_addin.source.published import read_published


def _real(name: str) -> RR.Real:
    need(RR.available(), "the real reports in ../shared/reference/real-reports")
    return RR.by_name(name)


def _as_read(fmt: str, path: str, v):
    got = amounts.read(v, fmt, path) if isinstance(v, str) else None
    return got.value if got else v


def _cell(data: dict, fmt: str, path: str):
    from xl_addin.model import schema as S

    got = S.get(data, path)
    return _as_read(fmt, path, None if got is S.MISSING else got)


def _wrong(real: RR.Real) -> dict:
    fmt, expected = RR.expected_cells(real)
    data = read_published(real.path).data
    assert data["format"] == fmt
    return {p: (_cell(data, fmt, p), want) for p, want in expected.items()
            if _cell(data, fmt, p) != want and not (p.endswith("amount_unit") and want == _unit_of(data, p))}


@pytest.mark.parametrize("name", RR.names())
def test_every_table_cell_is_read_as_published(name):
    assert _wrong(_real(name)) == {}


def _unit_of(data: dict, path: str):
    """The unit an amount was written with, for a truth file that gives it in the unit field."""
    from xl_addin.model import schema as S

    amount = S.get(data, path[: -len("_unit")])
    got = amounts.read(amount, data["format"], path[: -len("_unit")]) if isinstance(amount, str) else None
    return got.field_unit if got else None


def _verdict(name: str):
    return check(_real(name).path)


def _rules(result, prefix: str = "") -> list[tuple[str, str]]:
    return sorted((f.rule, f.path) for f in result.findings if f.rule.startswith(prefix))


def test_huaian_a_wps_pdf_reads_whole_and_passes():
    result = _verdict("huaian-2024.pdf")
    assert result.errors == 0
    assert not [f for f in result.findings if f.rule in ("TX-1", "TX-2") or f.rule.startswith("I-")]
    data = result.data
    for section in ("s1", "s5", "s6"):
        assert data[section] and all(node["paragraphs"] for node in data[section])
    assert [n["heading"] for n in data["s1"] if n["heading"]] == [
        "（一）主动公开情况。", "（二）依申请公开情况。", "（三）政府信息管理情况。", "（四）政府信息公开平台建设情况。",
        "（五）政府信息公开监督保障情况。"]
    assert "headings" not in data          # the six headings are the official ones
    assert data["basic"]["org_type"] == "县级以上人民政府" and data["fees"]["collected"] == 3940


def test_huaian_imports_with_exit_0_and_no_error(tmp_path, capsys):
    from tests.support.cli_helpers import run

    code, _, err = run(capsys, "import", _real("huaian-2024.pdf").path, "-o", tmp_path / "data.json")
    assert code == 0 and "错误" not in err


def test_pingtan_a_management_committee_page_passes_without_any_text_finding():
    result = _verdict("pingtan-2024.html")
    assert result.errors == 0
    assert _rules(result, "TX") == []
    basic = result.data["basic"]
    assert basic["org_type"] == "县级以上人民政府"          # a 管委会's zone is no 部门: no 1月31日 deadline
    assert not any(w in (result.data.get("preamble") or "") for w in ("微信", "全真版", "文字版", "文件下载"))
    assert all("附件下载" not in p for node in result.data["s6"] for p in node["paragraphs"])


def test_pingtan_gaj_the_double_booked_application_is_a_t3_1_error():
    for name in ("pingtan-gaj-2021.html", "pingtan-gaj-2021.page.txt"):
        result = _verdict(name)
        assert [r for r in _rules(result) if not r[0].startswith(("TX", "I-"))] == [
            ("T3-1", "$.t3.total.nat"), ("T3-1", "$.t3.total.total")]


@pytest.mark.parametrize("name", ["pingtan-gaj-2021.html", "pingtan-gaj-2021.page.txt"])
def test_pingtan_gaj_a_denied_correction_is_no_text_finding(name):
    assert _rules(_verdict(name), "TX") == []


@pytest.mark.parametrize("name", ["pingtan-czj-2020.page.txt", "pingtan-gwh-2020.page.txt", "pingtan-gzj-2019.page.txt"])
def test_crawled_2019_format_pages_have_no_error_and_no_text_finding(name):
    result = _verdict(name)
    assert result.errors == 0 and _rules(result, "TX") == []


def test_pingtan_czj_units_in_cells_are_read_with_their_unit_and_noted():
    result = _verdict("pingtan-czj-2020.page.txt")
    assert result.data["t2"]["procurement"] == {"items": "2笔", "amount": "984361元", "amount_unit": None}  # as printed
    assert [(f.rule, f.path, f.message) for f in result.findings if f.rule == "S-2"] == [
        ("S-2", "$.t2.procurement.items", "政府集中采购（采购项目数量）写的是“2笔”，已按2读取，请核对；数字栏只填阿拉伯数字"),
        ("S-2", "$.t2.procurement.amount", "政府集中采购（采购总金额）写的是“984361元”，已按984361元读取，请核对；数字栏只填阿拉伯数字")]


def test_pingtan_hzs_has_no_error():
    assert _verdict("pingtan-hzs-2023.page.txt").errors == 0


def test_pingtan_hzs_all_applicants_are_no_text_finding():
    assert _rules(_verdict("pingtan-hzs-2023.page.txt"), "TX") == []


def test_pingtan_tzcj_gets_the_deadline_and_its_superseded_format_notice_and_nothing_else():
    """Published after 1月31日 (TX-8), and its 2025 导语 cites the 2019 format notice 60号 (TX-22: issue 22
    names this very report); nothing else on its text."""
    result = _verdict("pingtan-tzcj-2025.page.txt")
    assert result.errors == 0
    assert sorted(_rules(result, "TX")) == [("TX-22", "$.preamble"), ("TX-8", "$.basic.publish_date")]


def test_the_development_set_is_read_cell_for_cell():
    """The measured accuracy recorded in docs/import.md: every cell of every file."""
    need(RR.available(), "the real reports in ../shared/reference/real-reports")
    total = sum(len(RR.expected_cells(r)[1]) for r in RR.reports())
    wrong = sum(len(_wrong(r)) for r in RR.reports())
    assert total >= 1700 and wrong == 0
