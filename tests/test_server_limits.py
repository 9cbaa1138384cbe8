"""The server before and around the token, on a real ``nianbao serve`` over raw sockets: a body is
never read without the token, headers and uploads have deadlines, connections are bounded, a
malformed button request is a 400 in Chinese (never a 500 or a traceback)."""
from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from tests.support.needs import need
from tests.support.server_support import SCRIPT_URL, ServerProcess, payload_of, sample, write_workbook
from xl_addin.server.guards import BAD_PAYLOAD, TOKEN_REQUIRED, TOO_SLOW, payload_problem
from xl_addin.server.protocol import BUSY

TOKEN = "county-IT-token-2024"
HEADER_TIMEOUT, BODY_TIMEOUT, MAX_CONNECTIONS = 2, 2, 8


@pytest.fixture(scope="module")
def server():
    s = ServerProcess(env={"NIANBAO_TOKEN": TOKEN, "NIANBAO_WORKERS": "1", "NIANBAO_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
                           "NIANBAO_BODY_TIMEOUT": str(BODY_TIMEOUT), "NIANBAO_MAX_CONNECTIONS": str(MAX_CONNECTIONS)})
    yield s
    s.stop()


def connect(server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=30)


def answer(sock: socket.socket) -> tuple[int, dict | None, float]:
    """(status, JSON body or None, seconds waited) of the next answer on ``sock``."""
    t0 = time.monotonic()
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    waited = time.monotonic() - t0
    if not data:
        return 0, None, waited
    head, _, body = data.partition(b"\r\n\r\n")
    try:
        parsed = json.loads(body.decode("utf-8")) if body else None
    except ValueError:
        parsed = None
    return int(head.split(b" ", 2)[1]), parsed, waited


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def rss_mb(server) -> float:
    status = Path(f"/proc/{server.proc.pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def upload_head(path: str = "/api/check", length: int = 19 * 1024 * 1024, token: str | None = None) -> bytes:
    auth = f"Authorization: {token}\r\n" if token else ""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=zz\r\n"
            f"{auth}Content-Length: {length}\r\n\r\n").encode()


def healthy(server) -> bool:
    with connect(server) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return answer(s)[0] == 200


@pytest.mark.slow
def test_a_body_without_the_token_is_refused_before_a_byte_of_it_is_read(server):
    with connect(server) as s:
        s.sendall(upload_head())                           # 19 MB announced, none sent
        status, body, waited = answer(s)
    assert (status, body) == (401, {"detail": TOKEN_REQUIRED})
    assert waited < 2
    before = rss_mb(server)
    socks = []
    for _ in range(40):                                   # 40 uploads of 4 MB each, without the token
        s = connect(server)
        s.settimeout(0.5)
        s.sendall(upload_head())
        try:
            s.sendall(b"x" * 4 * 1024 * 1024)
        except OSError:
            pass                                           # refused and closed while we were sending
        socks.append(s)
    time.sleep(1)
    grown = rss_mb(server) - before
    for s in socks:
        s.close()
    assert grown < 40, f"server grew by {grown:.0f} MB"
    assert healthy(server)


@pytest.mark.slow
def test_request_headers_have_a_deadline(server):
    with connect(server) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")      # never finished
        status, _, waited = answer(s)
    assert status == 0 and HEADER_TIMEOUT - 0.5 < waited < HEADER_TIMEOUT + 3


@pytest.mark.slow
def test_idle_connections_are_closed_and_the_service_stays_up(server):
    socks = [connect(server) for _ in range(300)]
    time.sleep(HEADER_TIMEOUT + 2)
    closed = 0
    for s in socks:
        s.settimeout(0.5)
        try:
            closed += s.recv(1) == b""
        except OSError:
            closed += 1
        s.close()
    assert closed == 300
    assert healthy(server)


@pytest.mark.slow
def test_a_stalled_upload_is_ended_with_408_in_chinese(server):
    with connect(server) as s:
        s.sendall(upload_head(length=1000, token=TOKEN) + b"--zz")
        status, body, waited = answer(s)
    assert (status, body) == (408, {"detail": TOO_SLOW})
    assert BODY_TIMEOUT - 0.5 < waited < BODY_TIMEOUT + 3


@pytest.mark.slow
def test_connections_beyond_the_limit_are_told_the_server_is_busy(server):
    held = []
    for _ in range(MAX_CONNECTIONS):
        s = connect(server)
        s.sendall(upload_head(length=1000, token=TOKEN))      # uploads in progress
        held.append(s)
    time.sleep(0.3)
    with connect(server) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status, body, _ = answer(s)
    for s in held:
        s.close()
    assert (status, body) == (503, {"detail": BUSY})
    time.sleep(0.5)
    assert healthy(server)


@pytest.mark.slow
@pytest.mark.parametrize("body, detail", [
    (b"{not json", "不是有效的JSON"),
    (b"[1, 2", "不是有效的JSON"),
    (b'{"book": 5}', "缺少或不正确：client"),
    ("\u6c49".encode("gbk"), "不是有效的JSON"),
])
def test_a_malformed_button_request_is_400_in_chinese_after_the_token(server, body, detail):
    head = (f"POST {SCRIPT_URL.format('validate')} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n").encode()
    with connect(server) as s:
        s.sendall(head + b"\r\n" + body)
        assert answer(s)[:2] == (401, {"detail": TOKEN_REQUIRED})
    with connect(server) as s:
        s.sendall(head + f"Authorization: {TOKEN}\r\n\r\n".encode() + body)
        assert answer(s)[:2] == (400, {"detail": BAD_PAYLOAD.format(detail=detail)})
    assert "Traceback" not in server.output()


def test_a_real_button_payload_has_the_shape_the_gate_wants(tmp_path):
    payload = payload_of(write_workbook(tmp_path, sample()))
    assert payload_problem(json.dumps(payload).encode()) is None
    for change, detail in ((lambda p: p["book"].pop("name"), "缺少或不正确：book.name"),
                           (lambda p: p["book"].update(active_sheet_index=99), "缺少或不正确：book.active_sheet_index"),
                           (lambda p: p["sheets"][0].update(values="x"), "缺少或不正确：sheets.values"),
                           (lambda p: p.update(sheets=[]), "缺少或不正确：book.active_sheet_index")):
        bad = json.loads(json.dumps(payload))
        change(bad)
        assert payload_problem(json.dumps(bad).encode()) == detail


def test_serve_starts_uvicorn_with_the_limits(monkeypatch, tmp_path, capsys):
    import uvicorn

    from xl_addin.cli import main
    from xl_addin.server import protocol

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    for key in ("NIANBAO_HEADER_TIMEOUT", "NIANBAO_MAX_CONNECTIONS", "NIANBAO_TOKEN", "NIANBAO_CONFIG", "NIANBAO_PORT",
                "NIANBAO_WORKERS"):
        monkeypatch.setenv(key, "")           # recorded, so that what serve sets is undone after the test
        monkeypatch.delenv(key)
    monkeypatch.setenv("NIANBAO_MAX_CONNECTIONS", "77")
    monkeypatch.setenv("NIANBAO_HEADER_TIMEOUT", "7")
    monkeypatch.setenv("NIANBAO_STORE_DIR", str(tmp_path))
    from tests.support.server_support import free_port

    assert main(["serve", "--port", str(free_port()), "--workers", "1"]) == 0
    assert seen["limit_concurrency"] == 77 and seen["timeout_keep_alive"] == protocol.KEEP_ALIVE
    assert seen["http"] is protocol.protocol() and seen["http"].header_timeout == 7
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert soft == min(protocol.OPEN_FILES, hard) or soft > protocol.OPEN_FILES


async def _ok(scope, receive, send):
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})


@pytest.mark.parametrize("kind", ["h11", "httptools"])
def test_both_http_protocols_close_connections_whose_headers_are_late(kind, monkeypatch):
    import threading

    import uvicorn

    from tests.support.server_support import free_port
    from xl_addin.server import protocol

    cls = protocol.H11WithHeaderDeadline if kind == "h11" else protocol.HttpToolsWithHeaderDeadline
    need(cls, "httptools (installed with xlwings-server)")
    monkeypatch.setattr(cls, "header_timeout", 1.0)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(_ok, host="127.0.0.1", port=port, http=cls, log_level="error",
                                           limit_concurrency=3))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")                  # never finished
            t0 = time.monotonic()
            assert s.recv(10) == b"" and 0.8 < time.monotonic() - t0 < 4
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert s.recv(100).startswith(b"HTTP/1.1 200")
        held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            status, body, _ = answer(s)
        for h in held:
            h.close()
        assert (status, body) == (503, {"detail": BUSY})
    finally:
        server.should_exit = True
        thread.join(10)
