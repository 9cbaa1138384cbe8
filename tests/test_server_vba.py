"""The VBA module of the button workbook (.xlsm) as the clerk lives with it: what a refused or failed
call says (the server's own Chinese sentence under the tab's Chinese title, run for real in
LibreOffice Basic on the answers the server gives a VBA client), every sheet-protection option
put back as it was, and where the access token is kept."""
from __future__ import annotations

import json
import re

import openpyxl
import pytest

from tests.support import basic
from tests.support.needs import need_soffice
from tests.support.server_support import ROOT, SCRIPT_URL, AppClient, payload_of, sample, settings, write_workbook
from xl_addin.errors import InputError
from xl_addin.server import xlsm
from xl_addin.server.app import SERVER_ERROR
from xl_addin.server.guards import TOKEN_REQUIRED
from xl_addin.workbook import template

SOURCE = (ROOT / "xl_addin" / "server" / "vba" / "GwnbButtons.bas").read_text(encoding="ascii")
# VBA-Web's WebClient (the xlwings VBA client's transport) sends these with every call.
VBA_HEADERS = {"User-Agent": "VBA-Web v4.1.6 (https://github.com/VBA-tools/VBA-Web)", "Accept": "application/json"}
# Worksheet.Protect's options after Password (Excel's object model), and what Protection holds.
PROTECT_OPTIONS = ["DrawingObjects", "Contents", "Scenarios", "UserInterfaceOnly", "AllowFormattingCells",
                   "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns", "AllowInsertingRows",
                   "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting",
                   "AllowFiltering", "AllowUsingPivotTables"]
HTTP_ERROR = "年报服务器返回错误（HTTP {status}），请稍后重试；如仍出错，请联系县级信息化管理员。"


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    """(status, body) of what the server answers a VBA client that is refused or fails."""
    book = write_workbook(tmp_path_factory.mktemp("vba"), sample())
    client = AppClient()
    out = {}
    try:
        with settings(token="county-token-7"):
            out["no token"] = client.post(SCRIPT_URL.format("validate"), json=payload_of(book), headers=VBA_HEADERS)
            out["wrong token"] = client.post(SCRIPT_URL.format("validate"), json=payload_of(book),
                                             headers={**VBA_HEADERS, "Authorization": "not-the-token"})
        with settings(max_upload_mb=0.01):
            out["too large"] = client.post(SCRIPT_URL.format("validate"), json=payload_of(book), headers=VBA_HEADERS)
        out["unknown script"] = client.post(SCRIPT_URL.format("publish"), json=payload_of(book), headers=VBA_HEADERS)
        out["old workbook"] = client.post(SCRIPT_URL.format("validate"), json=payload_of(book, version="0.30.0"),
                                          headers=VBA_HEADERS)
    finally:
        client.close()
    return {k: (r.status_code, r.text) for k, r in out.items()}


def test_the_server_answers_a_refused_vba_client_with_a_chinese_sentence(answers):
    assert answers["no token"][0] == 401 and json.loads(answers["no token"][1]) == {"detail": TOKEN_REQUIRED}
    assert answers["wrong token"][0] == 401
    assert json.loads(answers["too large"][1])["detail"].startswith("上传的文件太大（超过0.01MB）")
    assert answers["too large"][0] == 413
    assert answers["unknown script"][0] == 404
    assert json.loads(answers["unknown script"][1]) == {"detail": "服务器没有“publish”这个功能。请向县级信息化管理员索取新版工作簿或加载项。"}
    assert answers["old workbook"][0] == 400
    assert answers["old workbook"][1].startswith("工作簿中的 xlwings 程序版本（0.30.0）与服务器")


@pytest.mark.slow
@pytest.mark.libreoffice
def test_the_vba_module_shows_the_servers_sentence_under_a_chinese_title(answers):
    """GwnbRefusalText run in LibreOffice Basic (VBA mode) on the server's answers: what the clerk reads."""
    cases = [(*answers[k], None) for k in ("no token", "wrong token", "too large", "unknown script", "old workbook")]
    cases += [(500, SERVER_ERROR, SERVER_ERROR),                                   # app.py's answer to a crash
              (502, "<html><body>502 Bad Gateway</body></html>", HTTP_ERROR.format(status=502)),   # a proxy's
              (413, "<html>413 Request Entity Too Large</html>", HTTP_ERROR.format(status=413)),   # nginx's
              (408, "", "无法连接年报服务器，或服务器在120秒内没有答复。请检查网络，稍后重试；仍不行请联系县级信息化管理员。")]
    code = basic.procedures(SOURCE, ["GwnbRefusalText", "GwnbTitle", "JsonDetail", "HasChinese", "Zh"])
    calls = ["GwnbTitle()"] + [f"GwnbRefusalText({status}, {basic.text(body)}, 120000)" for status, body, _ in cases]
    shown = basic.run(need_soffice(), code, calls)
    assert shown[0] == "政务公开年报"
    expected = [TOKEN_REQUIRED, TOKEN_REQUIRED, json.loads(answers["too large"][1])["detail"],
                "服务器没有“publish”这个功能。请向县级信息化管理员索取新版工作簿或加载项。", answers["old workbook"][1]]
    assert shown[1:] == expected + [e for _, _, e in cases[5:]]


def test_every_message_box_of_the_module_has_the_chinese_title():
    boxes = re.findall(r"^\s*MsgBox .*?(?<!_)$", SOURCE.replace(" _\n", " "), re.M)
    assert len(boxes) == 3
    assert all(b.rstrip().endswith("GwnbTitle()") for b in boxes), boxes


def test_remote_calls_the_module_where_it_showed_the_raw_answer_under_error():
    modules = {name: source for name, source, _ in xlsm.vba_modules()}
    remote = modules["Remote"]
    assert 'vbCritical, "Error"' not in remote.split("Function RunServerPython(")[1].split("End Function")[0]
    assert "        GwnbRefused myResponse\r\n" in remote
    assert "Public Sub GwnbRefused(response As WebResponse)" in modules["GwnbButtons"]
    with pytest.raises(InputError) as e:
        xlsm.patch_remote(remote)                                   # xlwings changed: said, not silently kept
    assert e.value.message.startswith("xlwings 的 Remote.bas 与本程序预期的不同")


def test_addin_vba_exports_remote_as_it_is_in_the_workbook(tmp_path):
    xlsm.export_vba(tmp_path)
    exported = (tmp_path / "Remote.bas").read_bytes().decode("ascii")
    assert exported == dict((n, s) for n, s, _ in xlsm.vba_modules())["Remote"]


def test_every_protection_option_is_put_back_as_it_was():
    saved = re.search(r"states\.Add Array\((.*?)\)\s*\n\s*End With", SOURCE.replace(" _\n", " "), re.S).group(1)
    order = [m.strip() for m in saved.split(",")]
    assert order[0] == "ws.Name"
    kept = {m.split(".")[-1]: i for i, m in enumerate(order) if i}
    assert set(kept) == {"ProtectDrawingObjects", "ProtectScenarios", "EnableSelection"} | {
        o for o in PROTECT_OPTIONS if o.startswith("Allow")}
    call = re.search(r"\.Protect (.*?)\n\s*\.EnableSelection = s\((\d+)\)", SOURCE.replace(" _\n", " "), re.S)
    given = dict(re.findall(r"(\w+):=(\S+?)(?:,|$)", call.group(1).strip()))
    assert set(given) == set(PROTECT_OPTIONS) - {"UserInterfaceOnly"}
    assert given["Contents"] == "True"
    for option, value in given.items():                             # each from the slot it was saved in
        if option != "Contents":
            name = {"DrawingObjects": "ProtectDrawingObjects", "Scenarios": "ProtectScenarios"}.get(option, option)
            assert value == f"s({kept[name]})", option
    assert call.group(2) == str(kept["EnableSelection"])


def test_without_a_token_the_workbook_carries_none_and_xlwings_reads_the_users_config(tmp_path):
    wb, _ = template.build("2021", year=2021)
    xlsm.add_config_sheet(wb, "https://h.example.gov.cn")
    assert [(r[0].value, r[1].value) for r in wb[xlsm.CONF_SHEET].iter_rows()] == [
        ("GWNB_URL", "https://h.example.gov.cn"), ("TIMEOUT", "120000"), ("EXCLUDE", "xlwings.conf")]
    wb, _ = template.build("2021", year=2021)
    xlsm.add_config_sheet(wb, "https://h.example.gov.cn", "county-token-7")
    assert ("AUTH", "county-token-7") in [(r[0].value, r[1].value) for r in wb[xlsm.CONF_SHEET].iter_rows()]


@pytest.mark.parametrize("token", ["T", "1234567", "口令口令口令口令", "has space 12"])
def test_a_token_the_server_would_refuse_is_refused(tmp_path, token):
    wb, _ = template.build("2021", year=2021)
    with pytest.raises(InputError) as e:
        xlsm.build_xlsm(wb, tmp_path / "a.xlsm", url="https://h.example.gov.cn", token=token)
    assert e.value.message == ("--token 给的访问口令服务器不会接受：口令应为至少8个字符的英文字母、数字或符号（不能有汉字和空格），"
                               "并与服务器配置的 NIANBAO_TOKEN 相同。")
    assert not (tmp_path / "a.xlsm").exists()


def test_the_workbook_built_with_a_token_is_readable_by_anyone_who_has_it(tmp_path):
    """What docs/server.md says plainly: the token is plain text in the file."""
    wb, _ = template.build("2021", year=2021)
    out = xlsm.build_xlsm(wb, tmp_path / "a.xlsm", url="https://h.example.gov.cn", token="county-token-7",
                          vba_project=b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    conf = openpyxl.load_workbook(out)[xlsm.CONF_SHEET]
    assert conf.sheet_state == "veryHidden" and ("AUTH", "county-token-7") in [
        (r[0].value, r[1].value) for r in conf.iter_rows()]
