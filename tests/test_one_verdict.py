"""One verdict whatever the route: the same report as data, as a web page, as DOCX, as PDF and as the
workbook ``nianbao import -o X.xlsx`` makes validates to the same (rule, path) set.

Subjects: the bundled samples, the samples as real reports print them (a blank 总计 column, a wrong
total, amounts with units in cells, a 2021 report's （六）其他处理 as one row, text around a table),
and every report of the real development set (read from ``../shared``). The import's own notes
(I-*) say how a document was read, not what the report says, so the routes are compared on the
rest; a route of our own rendering must not need any I-* note at all.
"""
from __future__ import annotations

import copy
import json

import openpyxl
import pytest

from tests.support import pdf_layout as PL
from tests.support import real_reports as RR
from tests.support.cli_helpers import run
from tests.support.needs import need, need_soffice
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.check.step import check
from xl_addin.check.validator import validate
from xl_addin.report import build as R
from xl_addin.source.published import read_published


def _legacy(d: dict) -> None:
    rows = [d["t3"].pop(k) for k in ("other_1", "other_2", "other_3")]
    d["t3"]["other"] = {col: sum(r[col] for r in rows) for col in rows[0]}


def _blank_totals(d: dict) -> None:
    for row in d["t3"].values():
        row["total"] = None


VARIANTS = {
    "blank-total-column": (qingshan_2021, _blank_totals),
    "wrong-total": (qingshan_2021, lambda d: d["t4"]["review"].update(total=0)),
    "amount-with-unit": (qingshan_2021, lambda d: d["t2"]["fees"].update(amount="251000元")),
    "count-with-unit": (qingshan_2021, lambda d: d["t3"]["new"].update(nat="40件")),
    "procurement-units": (sample_2020, lambda d: d["t2"]["procurement"].update(items="2笔", amount="2笔 984361元",
                                                                                amount_unit=None)),
    "one-row-other": (qingshan_2021, _legacy),
    "text-around-a-table": (qingshan_2021, lambda d: d.update(notes={"t2": ["本年度主动公开政府信息情况见下表，数据截至12月31日。"]})),
}


def _subject(name: str) -> dict:
    if name == "sample-2021":
        return qingshan_2021()
    if name == "sample-2019":
        return sample_2020()
    if name in VARIANTS:
        base, change = VARIANTS[name]
        d = copy.deepcopy(base())
        change(d)
        return d
    need(RR.available(), "the real reports in ../shared/reference/real-reports")
    return read_published(RR.by_name(name).path).data


SUBJECTS = ["sample-2021", "sample-2019", *VARIANTS, *RR.names()]


def verdict(findings) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in findings if not f.rule.startswith("I-")}


def _renderings(data: dict, folder, pdf: bool) -> dict:
    html = folder / "报告.html"
    html.write_text(R.build_html(data), encoding="utf-8")
    docx = folder / "报告.docx"
    R.build_docx(data, docx)
    typeset = folder / "报告-wps.pdf"
    typeset.write_bytes(PL.typeset(data, PL.Style(scale=0.05, open_break=True, repeat_header=True)))
    out = {"html": html, "docx": docx, "pdf-wps": typeset}
    if pdf:
        out["pdf"] = folder / "报告.pdf"
        R.build_pdf(data, out["pdf"], docx=docx)
    return out


def _assert_one_verdict(tmp_path, capsys, data: dict, pdf: bool) -> None:
    expected = verdict(validate(data))
    for route, path in _renderings(data, tmp_path, pdf).items():
        got = check(path)
        assert verdict(got.findings) == expected, route
        assert [f for f in got.findings if f.rule.startswith("I-") and f.rule != "I-7"] == [], route
    book = tmp_path / "导入.xlsx"
    code, _, err = run(capsys, "import", tmp_path / "报告.html", "-o", book)
    assert code == 0, err
    assert verdict(check(book).findings) == expected


@pytest.mark.parametrize("name", SUBJECTS)
def test_every_rendering_of_a_report_validates_to_the_same_findings(tmp_path, capsys, name):
    _assert_one_verdict(tmp_path, capsys, _subject(name), pdf=False)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("name", ["sample-2021", "blank-total-column", "amount-with-unit", "one-row-other",
                                  "huaian-2024.pdf"])
def test_the_pdf_libreoffice_makes_validates_to_the_same_findings(tmp_path, capsys, name):
    need_soffice()
    _assert_one_verdict(tmp_path, capsys, _subject(name), pdf=True)


def test_a_blank_published_cell_stays_blank_in_the_workbook(tmp_path, capsys):
    data = _subject("blank-total-column")
    page = tmp_path / "报告.html"
    page.write_text(R.build_html(data), encoding="utf-8")
    book = tmp_path / "导入.xlsx"
    assert run(capsys, "import", page, "-o", book)[0] == 0
    from xl_addin.model import layout as L
    from xl_addin.model import schema as S

    wb = openpyxl.load_workbook(book)
    cells = L.cell_map(S.load("2021"))
    totals = [cells[f"t3.{row}.total"] for row in data["t3"]]
    values = [wb[ref.split("!")[0]][ref.split("!")[1]].value for ref in totals]
    assert values == [None] * len(totals)          # no =SUM() put in place of a blank


def test_an_amount_with_its_unit_is_read_and_reported_at_its_cell_on_every_route(tmp_path, capsys):
    data = _subject("amount-with-unit")
    message = "行政事业性收费（本年收费金额（单位：万元））写的是“251000元”，已按25.1万元读取，请核对；数字栏只填阿拉伯数字"
    assert [(f.rule, f.path, f.message) for f in validate(data) if f.rule == "S-2"] == [
        ("S-2", "$.t2.fees.amount", message)]
    for path in _renderings(data, tmp_path, pdf=False).values():
        assert [(f.rule, f.path, f.message) for f in check(path).findings if f.rule == "S-2"] == [
            ("S-2", "$.t2.fees.amount", message)]
    book = tmp_path / "导入.xlsx"
    run(capsys, "import", tmp_path / "报告.html", "-o", book)
    got = check(book)
    assert [(f.rule, f.cell, f.message) for f in got.findings if f.rule == "S-2"] == [("S-2", "表二!C16", message)]
    assert got.data["t2"]["fees"]["amount"] == 25.1


def test_a_one_row_other_processing_is_kept_and_reported_on_every_route(tmp_path, capsys):
    data = _subject("one-row-other")
    for path in list(_renderings(data, tmp_path, pdf=False).values()):
        got = check(path)
        assert got.data["t3"]["other"] == data["t3"]["other"]
        assert ("T3-6", "$.t3.other") in verdict(got.findings)
    book = tmp_path / "导入.xlsx"
    run(capsys, "import", tmp_path / "报告.html", "-o", book)
    got = check(book)
    assert got.data["t3"]["other"] == data["t3"]["other"] and "other_1" not in got.data["t3"]
    assert ("T3-6", "$.t3.other") in verdict(got.findings)


def test_text_around_a_table_is_kept_and_noted_once(tmp_path):
    data = _subject("text-around-a-table")
    for path in _renderings(data, tmp_path, pdf=False).values():
        got = read_published(path)
        assert got.data["notes"] == data["notes"]
        assert [(f.rule, f.path, f.message) for f in got.findings] == [
            ("I-7", "$.notes.t2", "表二前后有1段说明文字（“本年度主动公开政府信息情况见下表，数据截至12月31日。”…），"
                                  "官方格式中没有位置，已作为说明保留，未作为表格的行读取")]
    assert json.loads(json.dumps(data))["notes"]["t2"][0].startswith("本年度")
