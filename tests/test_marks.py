"""The marks of 校验 are one policy (``workbook.marks``) rendered twice: ``validate --annotate``
(openpyxl) and the 校验 button (actions replayed as the VBA client applies them) leave the same
colours and the same 校验结果 rows on the same workbook, and the button reads the same marks from
the values a client posts as the annotation reads from the file."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.support.server_support import (
    SCRIPT_URL,
    AppClient,
    fill_hex,
    payload_of,
    replay,
    sample,
    with_error,
    write_workbook,
)
from xl_addin.check.step import check
from xl_addin.model.findings import Finding, Operand
from xl_addin.server import service
from xl_addin.workbook import marks as marking
from xl_addin.workbook import styles
from xl_addin.workbook.annotate import annotate

LEGEND = "填表说明"          # the first sheet shows the mark colours on purpose


@pytest.fixture(scope="module")
def client():
    c = AppClient()
    yield c
    c.close()


def workbook(client, tmp_path, case: str):
    """A filled workbook: with errors, of the 2019 format with a warning, or checked once by the button
    with a 说明 written on 校验结果 and saved (the marks of that check to clear)."""
    if case == "2019 warning":
        return write_workbook(tmp_path, sample("sample-2020-jiaxiang"))
    path = write_workbook(tmp_path, with_error(sample()))
    if case == "checked again":
        wb, _ = replay(path, client.post(SCRIPT_URL.format("validate"), json=payload_of(path)).json())
        wb["校验结果"]["F5"] = "已核实"
        wb["表三"]["E6"] = wb["表三"]["E6"].value - 5        # one error corrected
        path = tmp_path / "again.xlsx"
        wb.save(path)
    return path


CASES = ["errors", "2019 warning", "checked again"]


def fills(wb, like=None) -> dict[str, str | None]:
    """Each cell's fill (the cells of ``like``: the button's replay creates cells the file does not hold)."""
    return {f"{ws.title}!{c.coordinate}": fill_hex((wb if like is None else wb)[ws.title][c.coordinate])
            for ws in (like or wb).worksheets if ws.title not in (LEGEND, "校验结果") for row in ws.iter_rows() for c in row}


def marked(wb) -> dict[str, str]:
    shows = {v: k for k, v in styles.MARK.items()}
    return {k: shows[v] for k, v in fills(wb).items() if v in shows}


def rows(wb) -> list[list]:
    ws = wb["校验结果"]
    out = []
    for r in range(4, ws.max_row + 1):
        row = [ws.cell(r, c).value for c in range(1, 7)]
        if isinstance(row[2], str) and row[2].startswith("=HYPERLINK("):
            row[2] = row[2].rsplit('","', 1)[1][:-2]          # the link's text: the cell
        if any(v not in (None, "") for v in row):
            out.append(row)
    return out


def test_a_table_wide_warning_marks_every_cell_it_lists():
    findings = (Finding("W-3", "warning", "$.t4.review.total", "合计被改写", cell="表四!F6", kind="workbook",
                                operands={"$.t4.review.total": Operand(7, "表四!F6"), "$.t4.suit.total": Operand(3, "表四!K6")}),
                Finding("T4-1", "error", "$.t4.suit.total", "不平衡", cell="表四!K6"))

    class Checked:
        data, book = {"format": "2021"}, None

        def summary(self, form="line"):
            return "校验结论：不通过（错误 1 个，警告 1 个）"

    Checked.findings = findings
    marks = marking.of_check(Checked())
    assert [(m.sheet, m.ref, m.severity, m.note) for m in marks.marks] == [
        ("表四", "F6", "warning", "【W-3】合计被改写"),
        ("表四", "K6", "error", "【W-3】合计被改写\n【T4-1】不平衡")]
    assert marks.title == "校验结果　校验结论：不通过（错误 1 个，警告 1 个）" and marks.failed is True
    assert [r.values for r in marks.rows] == [("警告", "W-3", "表四!F6", "$.t4.review.total", "合计被改写", None),
                                              ("错误", "T4-1", "表四!K6", "$.t4.suit.total", "不平衡", None)]


@pytest.mark.parametrize("case", CASES)
def test_the_button_and_annotate_leave_the_same_marks(client, tmp_path, case):
    path = workbook(client, tmp_path, case)
    payload, checked = payload_of(path), check(str(path))
    assert marking.of_check(service.check_payload(payload)) == marking.of_check(checked)   # read alike
    r = client.post(SCRIPT_URL.format("validate"), json=payload)
    assert r.status_code == 200, r.text
    button, _ = replay(path, r.json())
    out = tmp_path / "标注.xlsx"
    annotate(path, checked, out)
    annotated = load_workbook(out)
    assert marked(button) == marked(annotated)
    assert bool(marked(button)) is (case != "checked again")      # corrected: the earlier marks are gone
    assert fills(button, like=annotated) == fills(annotated)
    assert rows(button) == rows(annotated) and rows(button)
    assert button["校验结果"]["A1"].value == annotated["校验结果"]["A1"].value
