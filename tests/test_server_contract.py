"""One contract, every client: the workbook with a typed-over total and an unbalanced 表三
(``tests/support/client_books.py``, saved by LibreOffice when it is installed, as a spreadsheet
program saves it) gives the same findings, cell by cell and rule by rule, through the VBA
client's payload, the web page and ``nianbao validate --json``. The WPS and Office.js add-ins are
held to the same ``nianbao validate --json`` by tests/js (make test runs both)."""
from __future__ import annotations

import re

import pytest

from tests.support import client_books
from tests.support.needs import need
from tests.support.server_support import SCRIPT_URL, AppClient, cli_json, payload_of, replay
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.model.layout import parse_ref
from xl_addin.workbook import styles


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    stored, _ = client_books.saved(client_books.write_books(folder / "written", ("checked",)), folder / "saved")
    return stored["checked"]


@pytest.fixture(scope="module")
def client():
    c = AppClient()
    yield c
    c.close()


def _rows_of_results(wb) -> list[tuple[str, str]]:
    sh = L.sheet(S.load("2021"), kind="results")
    top, left = L.origin(sh)
    ws = wb[sh["name"]]
    rows = []
    for r in range(top, ws.max_row + 1):
        rule, link = ws.cell(r, left + 1).value, ws.cell(r, left + 2).value
        if rule:
            m = re.fullmatch(r"""=HYPERLINK\("#'[^']+'![A-Z]+[0-9]+","([^"]+)"\)""", link or "")
            rows.append((rule, m.group(1) if m else None))
    return rows


@pytest.mark.slow
def test_the_vba_payload_the_web_page_and_validate_find_the_same(checked, client):
    expected = [(f["rule"], f["cell"]) for f in cli_json(checked)["findings"]]
    assert ("W-2", client_books.typed_over_cell()) in expected
    assert [c for rule, c in expected if rule == "T3-1"]

    answer = client.post(SCRIPT_URL.format("validate"), json=payload_of(checked)).json()
    wb, result = replay(checked, answer)
    assert _rows_of_results(wb) == expected
    marked = {f"{ws.title}!{c.coordinate}" for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row
              if c.fill is not None and c.fill.fill_type == "solid"
              and str(c.fill.fgColor.rgb)[-6:] in (styles.MARK["error"], styles.MARK["warning"])}
    assert marked == {cell for _, cell in expected}
    assert [a["prompt"] for a in result.alerts] == [
        "校验不通过：发现错误 3 个、警告 1 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。"]

    page = client.post("/api/check", files={"workbook": ("年报.xlsx", checked.read_bytes(),
                                                          "application/octet-stream")})
    assert page.status_code == 200
    assert [(f["rule"], f["cell"]) for f in page.json()["findings"]] == expected


@pytest.fixture(scope="module")
def divzero(tmp_path_factory):
    folder = tmp_path_factory.mktemp("divzero")
    stored, recalculated = client_books.saved(client_books.write_books(folder / "written", ("divzero",)),
                                              folder / "saved")
    need(recalculated, "LibreOffice (soffice), which gives the formula its saved #DIV/0! result,")
    return stored["divzero"]


@pytest.mark.slow
@pytest.mark.libreoffice
def test_an_error_value_gives_the_same_findings_through_the_vba_payload_as_validate(divzero, client):
    """The VBA client sends an error cell as its text ("#DIV/0!"): it is read as the error value it is,
    and a total that shows it because a term does keeps its formula, as in the file."""
    expected = [(f["rule"], f["cell"], f["message"]) for f in cli_json(divzero)["findings"]]
    cell = client_books.div_zero_cell()
    assert ("W-1", cell) in [(rule, c) for rule, c, _ in expected]
    assert [m for rule, c, m in expected if c == cell] == [
        "（一）予以公开（自然人）填写的错误值#DIV/0!不是数字，已按未填写处理；请只填写阿拉伯数字，没有的填0"]
    assert [rule for rule, c, m in expected if "错误值#DIV/0!" in m] == ["W-1", "W-4", "W-4", "W-4"]
    payload = payload_of(divzero)
    sheet, ref = cell.split("!")
    row, col = parse_ref(ref)
    assert next(s for s in payload["sheets"] if s["name"] == sheet)["values"][row - 1][col - 1] == "#DIV/0!"
    answer = client.post(SCRIPT_URL.format("validate"), json=payload).json()
    wb, _ = replay(divzero, answer)
    assert [(rule, c) for rule, c in _rows_of_results(wb)] == [(rule, c) for rule, c, _ in expected]
    sh = L.sheet(S.load("2021"), kind="results")
    top, left = L.origin(sh)
    messages = [wb[sh["name"]].cell(r, left + 4).value for r in range(top, top + len(expected))]
    assert messages == [m for _, _, m in expected]
