"""The ribbon scripts, in process: payloads built from real filled template workbooks are posted
to the real endpoints, the answers replayed onto the workbook with openpyxl, and the colours,
the 校验结果 rows and the alerts asserted; the findings equal ``nianbao validate --json``."""
from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import pytest

from tests.support.action_sets import officejs_actions, vba_actions
from tests.support.server_support import (
    SCRIPT_URL,
    AppClient,
    cli_json,
    fill_hex,
    payload_of,
    replay,
    sample,
    saved,
    with_error,
    write_workbook,
)
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.server import buttons, plans, service
from xl_addin.server.scripts import ALLOWED_ACTIONS, EMITTED_ACTIONS
from xl_addin.workbook import styles, template

RED, YELLOW = styles.MARK["error"], styles.MARK["warning"]
INPUT, TOTAL = styles.COLOURS["input"][0], styles.COLOURS["total"][0]
ERROR_ALERT = "校验不通过：发现错误 2 个、警告 1 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。"


@pytest.fixture(scope="module")
def client():
    c = AppClient()
    yield c
    c.close()


def call(client, script: str, path, **kw) -> dict:
    r = client.post(SCRIPT_URL.format(script), json=payload_of(path, **kw))
    assert r.status_code == 200, r.text
    answer = r.json()
    assert {a["func"] for a in answer["actions"]} <= EMITTED_ACTIONS     # what the JS add-ins apply
    return answer


def results(wb, fmt: str = "2021") -> list[tuple]:
    """The 校验结果 rows as (级别, 规则, 单元格 shown by the link, 数据位置, 问题, 说明)."""
    sh = L.sheet(S.load(fmt), kind="results")
    top, left = L.origin(sh)
    ws = wb[sh["name"]]
    rows = []
    for r in range(top, ws.max_row + 1):
        row = [ws.cell(r, left + j).value for j in range(6)]
        if not any(v not in (None, "") for v in row):
            continue
        link = row[2]
        if isinstance(link, str):
            m = re.fullmatch(r"""=HYPERLINK\("#'([^']+)'!([A-Z]+[0-9]+)","([^"]+)"\)""", link)
            assert m, link
            assert m.group(3) == f"{m.group(1)}!{m.group(2)}"
            link = m.group(3)
        rows.append((row[0], row[1], link, row[3], row[4], row[5]))
    return rows


def cli_rows(path) -> list[tuple]:
    out = cli_json(path)
    sev = {"error": "错误", "warning": "警告"}
    return [(sev[f["severity"]], f["rule"], f["cell"], f["path"], f["message"], None) for f in out["findings"]]


# ---------------------------------------------------------------- the action set

def test_keeps_to_the_actions_both_clients_apply():
    vba, js = vba_actions(), officejs_actions()
    assert vba and js and vba <= js          # the VBA client's set is the smaller one
    assert ALLOWED_ACTIONS == vba & js


def test_emits_only_actions_every_client_applies():
    assert EMITTED_ACTIONS <= ALLOWED_ACTIONS     # the JS add-ins apply EMITTED_ACTIONS (tests/js core.test.js)


def test_exposes_exactly_the_button_scripts(client):
    meta = client.get("/xlwings/custom-scripts-meta").json()
    assert sorted(m["function_name"] for m in meta) == sorted(b.script for b in buttons.BUTTONS)


# ---------------------------------------------------------------- 校验

def test_marks_errors_red_and_warnings_yellow(client, tmp_path):
    path = write_workbook(tmp_path, with_error(sample()))
    answer = call(client, "validate", path)
    wb, res = replay(path, answer)
    assert fill_hex(wb["表三"]["E29"]) == RED            # T3-1 自然人列
    assert fill_hex(wb["表三"]["K29"]) == RED            # T3-1 总计列
    assert fill_hex(wb["一、总体情况"]["B8"]) == YELLOW   # TX-1: the paragraph contradicts 表三
    assert fill_hex(wb["表三"]["E7"]) == INPUT            # untouched input
    assert fill_hex(wb["表三"]["F29"]) == TOTAL           # untouched total
    assert [a["prompt"] for a in res.alerts] == [ERROR_ALERT]
    assert res.alerts[0]["title"] == "政务公开年报" and res.alerts[0]["mode"] == "critical"
    assert wb.active.title == "校验结果"
    assert wb["校验结果"]["A1"].value == "校验结果　校验结论：不通过（错误 2 个，警告 1 个）"


def test_lists_the_findings_with_links_to_their_cells(client, tmp_path):
    path = write_workbook(tmp_path, with_error(sample()))
    wb, _ = replay(path, call(client, "validate", path))
    assert results(wb)[0] == (
        "错误", "T3-1", "表三!E29", "$.t3.total.nat",
        "自然人列：第一项(45)+第二项(3)=48，应等于第三项（七）总计(37)+第四项(6)=43，相差5", None)
    assert wb["校验结果"]["C4"].value == """=HYPERLINK("#'表三'!E29","表三!E29")"""


@pytest.mark.parametrize("name, data", [
    ("通过", lambda: sample()),
    ("有错误", lambda: with_error(sample())),
    ("2019年格式有警告", lambda: sample("sample-2020-jiaxiang")),
])
def test_finds_what_the_cli_finds(client, tmp_path, name, data):
    d = data()
    path = write_workbook(tmp_path, d)
    wb, _ = replay(path, call(client, "validate", path))
    assert results(wb, d["format"]) == cli_rows(path)


def test_reads_totals_that_excel_computed_like_the_file(tmp_path):
    """Excel sends a total's result, not its formula: the same findings as for the file."""
    path = write_workbook(tmp_path, with_error(sample()))
    payload = payload_of(path)
    checked = service.check_file(path)
    sheet = next(s for s in payload["sheets"] if s["name"] == "表三")
    r, c = L.parse_ref("E29")
    sheet["values"][r - 1][c - 1] = checked.data["t3"]["total"]["nat"]     # what Excel computed
    assert [f.to_dict() for f in service.check_payload(payload).findings] == [f.to_dict() for f in checked.findings]
    sheet["values"][r - 1][c - 1] = 999                                    # a total typed over
    typed = [f for f in service.check_payload(payload).findings if f.rule == "W-2"]
    assert [(f.cell, f.severity) for f in typed] == [("表三!E29", "error")]


def test_passes_a_clean_workbook(client, tmp_path):
    path = write_workbook(tmp_path, sample())
    wb, res = replay(path, call(client, "validate", path))
    assert [a["prompt"] for a in res.alerts] == ["校验通过：没有发现错误或警告。"]
    assert results(wb) == []
    assert wb["校验结果"]["A1"].value == "校验结果　校验结论：通过（错误 0 个，警告 0 个）"
    marks = {RED, YELLOW}
    assert not [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row
                if fill_hex(c) in marks]          # (填表说明, the first sheet, shows the colours as a legend)


def test_keeps_a_written_explanation_when_checking_again(client, tmp_path):
    path = write_workbook(tmp_path, with_error(sample()))
    wb, _ = replay(path, call(client, "validate", path))
    warning_row = 4 + [r[0] for r in results(wb)].index("警告")
    wb["校验结果"].cell(warning_row, 6).value = "年报正文按年初口径统计"
    again = saved(wb, tmp_path / "again.xlsx")
    wb2, _ = replay(again, call(client, "validate", again))
    assert [r[5] for r in results(wb2) if r[0] == "警告"] == ["年报正文按年初口径统计"]


@pytest.mark.parametrize("button", ["validate", "clear_marks"])
def test_a_written_explanation_that_looks_like_a_formula_stays_text(client, tmp_path, button):
    """A 说明 the clerk wrote as text, 「=HYPERLINK(…)」, is sent back with an apostrophe: the client
    writes values as if typed, and the host would make it a live formula."""
    path = write_workbook(tmp_path, with_error(sample()))
    wb, _ = replay(path, call(client, "validate", path))
    warning_row = 4 + [r[0] for r in results(wb)].index("警告")
    said = '=HYPERLINK("http://example.invalid/","已核实")'
    cell = wb["校验结果"].cell(warning_row, 6)
    cell.value = said
    cell.data_type = "s"
    again = saved(wb, tmp_path / "again.xlsx")
    answer = call(client, button, again)
    sent = [v for a in answer["actions"] if a["func"] == "setValues" for row in a["values"] for v in row]
    assert "'" + said in sent and said not in sent
    wb2, _ = replay(again, answer)
    kept = [c for row in wb2["校验结果"].iter_rows() for c in row if c.value == said]
    assert [(c.column, c.data_type) for c in kept] == [(6, "s")]


# ---------------------------------------------------------------- 清除标记

def test_restores_the_template_colours_and_clears_the_results(client, tmp_path):
    path = write_workbook(tmp_path, with_error(sample()))
    original = replay(path, {"actions": []})[0]
    wb, _ = replay(path, call(client, "validate", path))
    wb["校验结果"].cell(6, 6).value = "已核实"
    marked = saved(wb, tmp_path / "marked.xlsx")
    cleared, res = replay(marked, call(client, "clear_marks", marked))
    assert [a["prompt"] for a in res.alerts] == ["已清除校验标记，“校验结果”工作表已清空（填写的“说明”保留）。"]
    changed = [f"{ws.title}!{c.coordinate}" for ws in original.worksheets for row in ws.iter_rows() for c in row
               if ws.title != "校验结果" and fill_hex(c) != fill_hex(cleared[ws.title][c.coordinate])]
    assert changed == []
    assert results(cleared) == [(None, "TX-1", None, "$.s1[2].paragraphs[0]", None, "已核实")]
    assert cleared["校验结果"]["A1"].value == "校验结果"


# ---------------------------------------------------------------- 生成报告

def test_returns_download_links_for_the_reports(client, tmp_path):
    import docx

    path = write_workbook(tmp_path, sample())
    wb, res = replay(path, call(client, "generate_report", path))
    docx_cell, html_cell = wb["校验结果"]["E1"].value, wb["校验结果"]["F1"].value
    m = re.fullmatch(r'=HYPERLINK\("(http://testserver/files/([A-Za-z0-9_-]{32})/docx)","下载 Word 报告"\)', docx_cell)
    assert m, docx_cell
    assert html_cell == f'=HYPERLINK("http://testserver/files/{m.group(2)}/html","下载网页版报告")'
    assert res.alerts[0]["prompt"] == (
        "报告已生成。请到“校验结果”工作表第1行点击“下载 Word 报告”或“下载网页版报告”下载，链接2小时内有效。\n"
        f"Word 报告地址：{m.group(1)}")
    r = client.get(m.group(1))
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "青山市人民政府2021年政府信息公开工作年度报告" in text.replace("\n", "")
    page = client.get(f"/files/{m.group(2)}/html")
    assert page.status_code == 200 and "青山市人民政府" in page.text


def test_refuses_a_report_with_errors(client, tmp_path):
    path = write_workbook(tmp_path, with_error(sample()))
    answer = call(client, "generate_report", path)
    assert [a["func"] for a in answer["actions"]] == ["alert"]
    assert answer["actions"][0]["args"][0] == (
        "报告未生成：有 2 个错误。请先点“校验”查看标红的单元格并改正，再点“生成报告”。")


# ---------------------------------------------------------------- 生成数据描述

def _without_paragraph(data: dict) -> dict:
    d = copy.deepcopy(data)
    d["s1"][2]["paragraphs"] = []
    return d


def test_inserts_the_generated_paragraph_below_the_heading(client, tmp_path):
    from xl_addin.report import build as report

    data = _without_paragraph(sample())
    path = write_workbook(tmp_path, data)
    wb, res = replay(path, call(client, "generate_description", path))
    ws = wb["一、总体情况"]
    assert ws["B7"].value == "（二）依申请公开"
    assert (ws["A8"].value, ws["B8"].value) == ("正文", report.data_paragraph(data))
    assert ws["B9"].value == "（三）政府信息管理"        # the next heading moved down, nothing lost
    assert res.alerts[0]["prompt"] == (
        "已根据表三、表四生成“（二）依申请公开”的文字，插入在“一、总体情况”工作表第8行，请核对修改；"
        "原有的文字下移到第9行，未作改动，不再需要的请删除。")
    again = saved(wb, tmp_path / "again.xlsx")
    _, res2 = replay(again, call(client, "generate_description", again))
    assert res2.alerts[0]["prompt"] == "“一、总体情况”工作表第8行的文字已与表三、表四一致，无需更新。"


def test_writes_the_paragraph_into_the_empty_row_of_a_blank_template(client, tmp_path):
    path = tmp_path / "模板.xlsx"
    path.write_bytes(template.template_bytes("2021", org="青山市人民政府", year=2021))
    wb, res = replay(path, call(client, "generate_description", path))
    ws = wb["一、总体情况"]
    heading = next(r for r in range(4, 30) if ws.cell(r, 2).value == "（二）依申请公开")
    assert ws.cell(heading + 1, 2).value.startswith("2021年")
    assert res.alerts[0]["prompt"].startswith("已根据表三、表四生成“（二）依申请公开”的文字，写在“一、总体情况”工作表第")


# ---------------------------------------------------------------- errors the clerk sees

def test_explains_a_workbook_that_is_not_a_template(client, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "随便什么"
    path = saved(wb, tmp_path / "别的表.xlsx")
    answer = call(client, "validate", path)
    assert [a["func"] for a in answer["actions"]] == ["alert"]
    assert answer["actions"][0]["args"][0].startswith("无法校验：别的表.xlsx：")
    assert answer["actions"][0]["args"][3] == "critical"


def test_answers_an_unknown_script_in_chinese(client, tmp_path):
    r = client.post(SCRIPT_URL.format("_check"), json={})
    assert r.status_code == 404
    assert r.json() == {"detail": "服务器没有“_check”这个功能。请向县级信息化管理员索取新版工作簿或加载项。"}


def test_explains_an_outdated_vba_client(client, tmp_path):
    path = write_workbook(tmp_path, sample())
    r = client.post(SCRIPT_URL.format("validate"), json=payload_of(path, version="0.30.0"))
    assert r.status_code == 400
    assert r.text == ("工作簿中的 xlwings 程序版本（0.30.0）与服务器（0.37.8）不一致，按钮无法使用。"
                      "请向县级信息化管理员索取新版工作簿，或改用网页校验。")


def test_plans_only_with_colours_never_none():
    plan = plans.Plan()
    plan.color("表三", "E7", "ddebf7")
    assert plan.ops == [("color", "表三", "E7", "#DDEBF7")]


@pytest.mark.slow  # concurrent requests
def test_concurrent_requests_each_get_their_own_alert(client, tmp_path):
    """The scripts run in worker threads: each answer must carry its own alert and marks only."""
    import asyncio

    good, bad = write_workbook(tmp_path, sample(), "好.xlsx"), write_workbook(tmp_path, with_error(sample()), "坏.xlsx")
    bodies = [payload_of(good if i % 2 else bad) for i in range(12)]

    async def all_at_once():
        return await asyncio.gather(*(client.client.post(SCRIPT_URL.format("validate"), json=b) for b in bodies))

    answers = client.loop.run_until_complete(all_at_once())
    for i, r in enumerate(answers):
        alerts = [a["args"][0] for a in r.json()["actions"] if a["func"] == "alert"]
        assert alerts == (["校验通过：没有发现错误或警告。"] if i % 2 else [ERROR_ALERT])


def test_the_button_and_the_cli_give_identical_findings_with_last_years_data(tmp_path):
    """One check step: last year's figures on 上年数据 (X-1), a typed-over total (W-2) and an
    unbalanced 表三 give the same findings, at the same cells, through the button as through the CLI."""
    import openpyxl

    from xl_addin.check.step import check

    d = with_error(sample())
    d["last_year"] = {"year": d["basic"]["year"] - 1,
                      "t3": {"carry_next": {k: v + 2 for k, v in d["t3"]["carry"].items()}}}
    path = write_workbook(tmp_path, d)
    wb = openpyxl.load_workbook(path)
    wb["表三"]["K6"] = 999                                    # a total typed over with a number
    path = saved(wb, tmp_path / "改过.xlsx")
    cli = check(path)
    button = service.check_payload(payload_of(path))
    as_rows = lambda fs: [(f.rule, f.severity, f.cell, f.path, f.message) for f in fs]  # noqa: E731
    assert as_rows(button.findings) == as_rows(cli.findings)
    rules = {f.rule for f in cli.findings}
    assert {"X-1", "W-2", "T3-1"} <= rules


@pytest.mark.libreoffice
def test_a_typed_over_row_total_in_a_saved_workbook_is_found_by_the_button_as_by_the_cli(tmp_path):
    """Excel saved the workbook: the grand total's formula holds a result computed with the typed-over
    row total. The file gives W-2 at the row total and W-4 at the grand total; so must the button."""
    import openpyxl

    from tests.support.needs import need_soffice
    from xl_addin.check.step import check
    from xl_addin.report.render.calc import recalculate

    need_soffice()
    path = write_workbook(tmp_path, sample())
    wb = openpyxl.load_workbook(path)
    wb["表三"]["K9"] = 999
    typed = saved(wb, tmp_path / "改过.xlsx")
    (calculated,) = recalculate([typed], tmp_path / "calc")
    cli = check(calculated)
    button = service.check_payload(payload_of(Path(calculated)))
    as_rows = lambda fs: [(f.rule, f.severity, f.cell, f.message) for f in fs]  # noqa: E731
    assert as_rows(button.findings) == as_rows(cli.findings)
    assert ("W-2", "表三!K9") in {(f.rule, f.cell) for f in cli.findings}
    assert ("W-4", "warning", "表三!K29") in {(f.rule, f.severity, f.cell) for f in cli.findings}
