"""A real ``nianbao serve`` process on loopback, over HTTP: the buttons' payloads, the token,
the size limit and the download links, as the Excel clients and browsers meet them."""
from __future__ import annotations

import re

import httpx
import pytest

from tests.support.server_support import (
    SCRIPT_URL,
    ServerProcess,
    cli_json,
    fill_hex,
    payload_of,
    replay,
    sample,
    with_error,
    write_workbook,
)
from xl_addin.server.scripts import ALLOWED_ACTIONS
from xl_addin.workbook import styles

pytestmark = pytest.mark.slow   # a real nianbao serve process on loopback

TOKEN = "county-IT-token-2024"


@pytest.fixture(scope="module")
def server():
    s = ServerProcess(env={"NIANBAO_TOKEN": TOKEN, "NIANBAO_MAX_UPLOAD_MB": "1", "NIANBAO_RETENTION_MINUTES": "30"})
    yield s
    s.stop()


def post(server, script: str, payload: dict, token: str | None = TOKEN) -> httpx.Response:
    headers = {"Authorization": token} if token else {}
    return httpx.post(server.base + SCRIPT_URL.format(script), json=payload, headers=headers, timeout=60)


def test_validate_over_http_marks_the_workbook_like_the_cli(server, tmp_path):
    path = write_workbook(tmp_path, with_error(sample()))
    r = post(server, "validate", payload_of(path))
    assert r.status_code == 200, r.text
    assert {a["func"] for a in r.json()["actions"]} <= ALLOWED_ACTIONS
    wb, res = replay(path, r.json())
    assert fill_hex(wb["表三"]["E29"]) == styles.MARK["error"]
    assert fill_hex(wb["一、总体情况"]["B8"]) == styles.MARK["warning"]
    assert [a["prompt"] for a in res.alerts] == [
        "校验不通过：发现错误 2 个、警告 1 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。"]
    rows = [(wb["校验结果"].cell(r, 2).value, wb["校验结果"].cell(r, 4).value, wb["校验结果"].cell(r, 5).value)
            for r in range(4, 4 + 3)]
    assert rows == [(f["rule"], f["path"], f["message"]) for f in cli_json(path)["findings"]]


def test_without_the_token_the_server_refuses(server, tmp_path):
    path = write_workbook(tmp_path, sample())
    for token in (None, "wrong-token-123"):
        r = post(server, "validate", payload_of(path), token=token)
        assert r.status_code == 401
        assert r.json()["detail"].startswith("访问口令不正确或未填写，服务器拒绝了请求。")
        r = httpx.post(server.base + "/api/check", files={"workbook": (path.name, path.read_bytes())},
                       headers={"Authorization": token} if token else {}, timeout=60)
        assert r.status_code == 401


def test_generate_report_link_downloads_the_docx(server, tmp_path):
    path = write_workbook(tmp_path, sample())
    r = post(server, "generate_report", payload_of(path))
    assert r.status_code == 200, r.text
    wb, res = replay(path, r.json())
    m = re.fullmatch(r'=HYPERLINK\("([^"]+)","下载 Word 报告"\)', wb["校验结果"]["E1"].value)
    url = m.group(1)
    assert url.startswith(server.base + "/files/")
    assert "链接30分钟内有效" in res.alerts[0]["prompt"]
    got = httpx.get(url, timeout=30)                   # a link clicked in Excel carries no token
    assert got.status_code == 200 and got.content[:2] == b"PK"
    assert list((server.store / url.split("/")[-2]).iterdir())


def test_an_oversized_upload_is_refused(server):
    r = httpx.post(server.base + "/api/check", files={"workbook": ("大.xlsx", b"PK" + b"0" * (1024 * 1024 + 10))},
                   headers={"Authorization": TOKEN}, timeout=60)
    assert r.status_code == 413
    assert r.json() == {"detail": "上传的文件太大（超过1MB），服务器拒绝处理。请确认选择的是年报工作簿；"
                                  "如确需处理更大的文件，请联系县级信息化管理员。"}


def test_the_page_manifest_and_office_js_are_served_locally(server):
    assert "政府信息公开工作年度报告" in httpx.get(server.base + "/", timeout=10).text
    manifest = httpx.get(server.base + "/manifest", timeout=10).text
    assert "<FunctionName>gwnb-validate</FunctionName>" in manifest and 'DefaultValue="政务公开年报"' in manifest
    taskpane = httpx.get(server.base + "/taskpane.html", timeout=10).text
    office = re.search(r'src="([^"]*office\.js)"', taskpane).group(1)
    assert office.startswith("/static/") and httpx.get(server.base + office, timeout=10).status_code == 200


def test_the_load_script_completes_without_failures():
    """bench/load_server.py, bounded and small here (the README's figures come from its defaults)."""
    import subprocess
    import sys

    from tests.support.server_support import ROOT

    r = subprocess.run([sys.executable, str(ROOT / "bench" / "load_server.py"), "--requests", "20",
                        "--concurrency", "10", "--deadline", "120"], capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok 20, failures 0" in r.stdout
