"""CORS for the offline WPS add-in (its page is a file:// page: ``Origin: null``): exactly the
button endpoints, exactly POST with Authorization and Content-Type, the token rules unchanged,
every other origin and path as before. In process, and once against a real ``nianbao serve``."""
from __future__ import annotations

import httpx
import pytest

from tests.support.server_support import SCRIPT_URL, AppClient, ServerProcess, payload_of, sample, settings, write_workbook

TOKEN = "county-token-7"
TOKEN_REFUSED = ("访问口令不正确或未填写，服务器拒绝了请求。加载项请点“设置”填写县级信息化管理员提供的访问口令；"
                 "网页请在“访问口令”处填写；按钮版工作簿请向管理员索取新的工作簿。")
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}


@pytest.fixture(scope="module")
def client():
    c = AppClient()
    yield c
    c.close()


@pytest.mark.parametrize("origin", ["null", "file://"])
def test_answers_the_add_in_preflight_to_a_button(client, origin):
    r = client.request("OPTIONS", SCRIPT_URL.format("validate"), headers={"Origin": origin, **PREFLIGHT})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == origin
    assert r.headers["access-control-allow-methods"] == "POST"
    assert r.headers["access-control-allow-headers"] == "authorization, content-type"
    assert "access-control-allow-credentials" not in r.headers


def test_refuses_a_preflight_for_other_methods_or_headers(client):
    for extra in ({"Access-Control-Request-Method": "DELETE"},
                  {"Access-Control-Request-Headers": "authorization,x-secret"}):
        r = client.request("OPTIONS", SCRIPT_URL.format("validate"), headers={"Origin": "null", **PREFLIGHT, **extra})
        assert r.status_code == 403
        assert "access-control-allow-origin" not in r.headers


def test_gives_other_origins_and_other_paths_nothing(client):
    r = client.request("OPTIONS", SCRIPT_URL.format("validate"), headers={"Origin": "https://evil.example", **PREFLIGHT})
    assert "access-control-allow-origin" not in r.headers
    for path in ("/api/check", "/files/x/docx", "/wps/index.html"):
        r = client.request("OPTIONS", path, headers={"Origin": "null", **PREFLIGHT})
        assert "access-control-allow-origin" not in r.headers, path


def test_keeps_the_token_rules_for_the_add_in(client, tmp_path):
    body = payload_of(write_workbook(tmp_path, sample()))
    with settings(token=TOKEN):
        refused = client.post(SCRIPT_URL.format("validate"), json=body, headers={"Origin": "null"})
        assert refused.status_code == 401
        assert refused.headers["access-control-allow-origin"] == "null"      # so the add-in can read why
        assert refused.json() == {"detail": TOKEN_REFUSED}
        ok = client.post(SCRIPT_URL.format("validate"), json=body, headers={"Origin": "null", "Authorization": TOKEN})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "null"
        assert [a["args"][0] for a in ok.json()["actions"] if a["func"] == "alert"] == ["校验通过：没有发现错误或警告。"]
        other = client.post(SCRIPT_URL.format("validate"), json=body,
                            headers={"Origin": "https://evil.example", "Authorization": TOKEN})
        assert "access-control-allow-origin" not in other.headers


def test_labels_the_chinese_refusals_before_the_app(client):
    r = client.post(SCRIPT_URL.format("_nope"), json={}, headers={"Origin": "null"})
    assert r.status_code == 404
    assert r.headers["access-control-allow-origin"] == "null"


@pytest.mark.slow
def test_a_real_server_answers_the_preflight_and_refuses_without_the_token(tmp_path):
    server = ServerProcess(env={"NIANBAO_TOKEN": TOKEN})
    try:
        url = server.base + SCRIPT_URL.format("validate")
        pre = httpx.request("OPTIONS", url, headers={"Origin": "null", **PREFLIGHT}, timeout=30)
        assert (pre.status_code, pre.headers["access-control-allow-origin"]) == (204, "null")
        body = payload_of(write_workbook(tmp_path, sample()))
        no = httpx.post(url, json=body, headers={"Origin": "null"}, timeout=60)
        assert (no.status_code, no.json()["detail"]) == (401, TOKEN_REFUSED)
        yes = httpx.post(url, json=body, headers={"Origin": "null", "Authorization": TOKEN}, timeout=60)
        assert yes.status_code == 200 and yes.headers["access-control-allow-origin"] == "null"
    finally:
        server.stop()
