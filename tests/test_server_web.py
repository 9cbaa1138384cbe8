"""The web page and the downloads, in process: upload, findings, downloads; token, size limit,
expiring unguessable links, and no way out of the report store."""
from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from tests.support.server_support import SCRIPT_URL, AppClient, cli_json, fill_hex, payload_of, sample, settings, with_error, write_workbook
from xl_addin.server import context
from xl_addin.server.web import WEB_DIR
from xl_addin.workbook import styles

TOKEN_REFUSED = ("访问口令不正确或未填写，服务器拒绝了请求。加载项请点“设置”填写县级信息化管理员提供的访问口令；"
                 "网页请在“访问口令”处填写；按钮版工作簿请向管理员索取新的工作簿。")


@pytest.fixture(scope="module")
def client():
    c = AppClient()
    yield c
    c.close()


def upload(client, path: Path, name: str | None = None, headers: dict | None = None):
    return client.post("/api/check", files={"workbook": (name or path.name, path.read_bytes())}, headers=headers or {})


# ---------------------------------------------------------------- the page

def test_the_page_is_chinese_and_loads_nothing_from_elsewhere(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in r.text and "开始检查" in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    for f in WEB_DIR.iterdir():
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", f.read_text(encoding="utf-8"), re.I), f.name
    assert client.get("/web/app.js").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok"}


def test_info_tells_the_page_the_limits(client):
    assert client.get("/api/info").json() == {"token_required": False, "max_upload_mb": 20.0, "retention_minutes": 120.0}


# ---------------------------------------------------------------- checking an upload

def test_an_upload_with_errors_lists_the_cli_findings_and_offers_the_marked_workbook(client, tmp_path):
    path = write_workbook(tmp_path, with_error(sample()), "青山市年报.xlsx")
    original = path.read_bytes()
    r = upload(client, path)
    assert r.status_code == 200, r.text
    body = r.json()
    expected = cli_json(path)["findings"]
    assert [(f["rule"], f["cell"], f["message"]) for f in body["findings"]] == \
        [(f["rule"], f["cell"], f["message"]) for f in expected]
    assert body["findings"][0]["severity_cn"] == "错误"
    assert body["summary"] == "不通过：发现错误 2 个、警告 1 个，请按下表改正后重新上传检查。"
    assert body["advice"] == "有 2 个错误，暂不生成报告。请按上表改正工作簿后重新上传，即可下载 Word 报告和网页版报告。"
    assert set(body["downloads"]) == {"xlsx"}
    assert body["downloads"]["xlsx"]["name"] == "青山市年报（已标注）.xlsx"
    marked = client.get("/" + body["downloads"]["xlsx"]["url"])
    assert marked.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(marked.content))
    assert fill_hex(wb["表三"]["E29"]) == styles.MARK["error"]
    assert path.read_bytes() == original


def test_a_clean_upload_offers_the_word_and_html_reports(client, tmp_path):
    import docx

    path = write_workbook(tmp_path, sample())
    body = upload(client, path).json()
    assert body["summary"] == "通过：没有发现错误或警告。"
    assert body["retention"] == "2小时"
    assert set(body["downloads"]) == {"xlsx", "docx", "html"}
    assert body["downloads"]["docx"]["name"] == "青山市人民政府2021年政府信息公开工作年度报告.docx"
    r = client.get("/" + body["downloads"]["docx"]["url"])
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "青山市人民政府" in "".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    html = client.get("/" + body["downloads"]["html"]["url"])
    assert html.headers["content-type"].startswith("text/html") and "attachment" in html.headers["content-disposition"]


@pytest.mark.parametrize("name, content, status, detail", [
    ("年报.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, 400,
     "只能处理 Excel 工作簿（.xlsx 或 .xlsm 文件）。用 WPS 或旧版 Excel 填写的，请先“另存为” Excel 工作簿（.xlsx）后再上传。"),
    ("说明.txt", "你好".encode(), 400,
     "只能处理 Excel 工作簿（.xlsx 或 .xlsm 文件）。用 WPS 或旧版 Excel 填写的，请先“另存为” Excel 工作簿（.xlsx）后再上传。"),
])
def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(client, name, content, status, detail):
    r = client.post("/api/check", files={"workbook": (name, content)})
    assert (r.status_code, r.json()) == (status, {"detail": detail})


def test_a_damaged_workbook_is_explained_with_its_own_name(client):
    r = client.post("/api/check", files={"workbook": ("坏文件.xlsx", b"PK\x03\x04 not really")})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("坏文件.xlsx：")
    assert "upload" not in r.json()["detail"]


def test_no_file_is_explained(client):
    r = client.post("/api/check", data={"x": "1"})
    assert (r.status_code, r.json()) == (400, {"detail": "请先选择要检查的年报工作簿。"})


# ---------------------------------------------------------------- the token

def test_with_a_token_requests_without_it_are_refused(client, tmp_path):
    path = write_workbook(tmp_path, sample())
    with settings(token="s3cret-Token_42"):
        assert client.get("/api/info").json()["token_required"] is True
        for headers in ({}, {"Authorization": "wrong"}):
            r = upload(client, path, headers=headers)
            assert (r.status_code, r.json()) == (401, {"detail": TOKEN_REFUSED})
            r = client.post(SCRIPT_URL.format("validate"), json=payload_of(path), headers=headers)
            assert r.status_code == 401 and r.json() == {"detail": TOKEN_REFUSED}
        token = "s3cret-Token_42"
        assert upload(client, path, headers={"Authorization": token}).status_code == 200
        r = client.post(SCRIPT_URL.format("validate"), json=payload_of(path), headers={"Authorization": "Bearer " + token})
        assert r.status_code == 200
        assert client.get("/").status_code == 200           # the page and the manifest stay public
        assert client.get("/manifest").status_code == 200


# ---------------------------------------------------------------- size limit

TOO_LARGE = "上传的文件太大（超过0.05MB），服务器拒绝处理。请确认选择的是年报工作簿；如确需处理更大的文件，请联系县级信息化管理员。"


def test_an_oversized_upload_is_refused_in_chinese(client, tmp_path):
    big = b"PK" + b"x" * 60_000
    with settings(max_upload_mb=0.05):
        r = client.post("/api/check", files={"workbook": ("大.xlsx", big)})
        assert (r.status_code, r.json()) == (413, {"detail": TOO_LARGE})

        async def chunks():                # no Content-Length: counted while reading
            for _ in range(10):
                yield b"y" * 8000

        r = client.post(SCRIPT_URL.format("validate"), content=chunks(), headers={"Content-Type": "application/json"})
        assert (r.status_code, r.json()) == (413, {"detail": TOO_LARGE})


# ---------------------------------------------------------------- links

def _entry(client, tmp_path) -> tuple[str, str]:
    body = upload(client, write_workbook(tmp_path, sample())).json()
    url = body["downloads"]["docx"]["url"]
    return url, url.split("/")[1]


def test_download_links_are_unguessable(client, tmp_path):
    ids = {_entry(client, tmp_path)[1] for _ in range(3)}
    assert len(ids) == 3
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", i) for i in ids)       # 192 random bits each


def test_download_links_expire(client, tmp_path):
    url, entry = _entry(client, tmp_path)
    store = context.runtime().store
    assert client.get("/" + url).status_code == 200
    real = store.clock
    try:
        store.clock = lambda: real() + store.retention_seconds + 1
        r = client.get("/" + url)
        assert r.status_code == 404 and "下载链接已过期或不存在" in r.text
        assert not (store.root / entry).exists()
    finally:
        store.clock = real


@pytest.mark.parametrize("path", [
    "/files/{id}/meta.json", "/files/{id}/..%2Fmeta.json", "/files/{id}/report.docx", "/files/..%2F..%2Fetc/passwd",
    "/files/{id}%2F..%2F..%2Fsecret/docx", "/files/%2e%2e/docx", "/files/{id}/../../secret", "/files/../secret",
    "/files/{id}/xlsm", "/web/../../secret", "/static/../secret", "/files/{id}/%2e%2e%2f%2e%2e%2fsecret",
])
@pytest.mark.slow  # many requests
def test_no_request_reads_a_file_outside_the_store(client, tmp_path, path):
    url, entry = _entry(client, tmp_path)
    store = context.runtime().store.root
    secret = store.parent / "secret"
    secret.write_text("机密", encoding="utf-8")
    try:
        r = client.get(path.format(id=entry))
        assert r.status_code == 404
        assert "机密" not in r.text
    finally:
        secret.unlink()
