"""Helpers for the server tests: the in-process app, a real server process, workbooks and payloads.

The XLWINGS_* environment is set (``xl_addin.server.configure``) when this module is imported,
before anything imports xlwings. xlwings-server builds one app per process, so the in-process
app is built once and its settings are swapped per test through ``context``.
"""
from __future__ import annotations

import asyncio
import copy
import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORE = Path(tempfile.mkdtemp(prefix="nianbao-test-store-"))
os.environ.setdefault("NIANBAO_STORE_DIR", str(STORE))

from xl_addin.server import configure

configure()

import httpx  # noqa: E402
import openpyxl  # noqa: E402

from tests.support.payload import build_payload
from tests.support.replay import replay_actions
from xl_addin.workbook import template

SCRIPT_URL = "/xlwings/custom-scripts-call/{}"
EXAMPLES = ROOT / "examples"


def sample(name: str = "sample-2021-qingshan") -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def with_error(data: dict) -> dict:
    """The 2021 sample with 5 more new applications from natural persons (and so in the row total):
    T3-1 and TX-1 errors, totals consistent as a clerk's workbook computes them."""
    d = copy.deepcopy(data)
    d["t3"]["new"]["nat"] += 5
    d["t3"]["new"]["total"] += 5       # the row total, as the template's formula computes it
    return d


def write_workbook(tmp_path: Path, data: dict, name: str = "年报.xlsx") -> Path:
    """A real filled template workbook (``nianbao fill``'s code)."""
    payload, _ = template.fill_bytes(data)
    path = tmp_path / name
    path.write_bytes(payload)
    return path


def load(path: Path):
    """The workbook as the Excel client sees it: cached values only (like Range.Value)."""
    return openpyxl.load_workbook(path, data_only=True)


def payload_of(path: Path, **kw) -> dict:
    return build_payload(load(path), book_name=path.name, **kw)


def cli_json(path: Path) -> dict:
    """``nianbao validate FILE --json`` in a subprocess, as the user runs it."""
    r = subprocess.run([sys.executable, "-m", "xl_addin", "validate", str(path), "--json"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


# ---------------------------------------------------------------- in-process app

_APP = None


def app():
    global _APP
    if _APP is None:
        from xl_addin.server import create_app
        _APP = create_app()
    return _APP


class AppClient:
    """A synchronous client for the in-process ASGI app (httpx.ASGITransport on its own loop)."""

    def __init__(self, base_url: str = "http://testserver"):
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app()), base_url=base_url, timeout=60)

    def request(self, method: str, url: str, **kw) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kw))

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> httpx.Response:
        return self.request("POST", url, **kw)

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@contextmanager
def settings(**changes):
    """Run with changed server settings (token, retention, upload limit …) in the in-process app."""
    from xl_addin.server import context

    app()
    rt = context.runtime()
    old_settings, old_retention = rt.settings, rt.store.retention_seconds
    rt.settings = dataclasses.replace(old_settings, **changes)
    rt.store.retention_seconds = rt.settings.retention_seconds
    try:
        yield rt
    finally:
        rt.settings, rt.store.retention_seconds = old_settings, old_retention


# ---------------------------------------------------------------- a real server process

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``nianbao serve`` on 127.0.0.1 and a free port, stopped by ``stop()``."""

    def __init__(self, env: dict | None = None, store: Path | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.store = store or Path(tempfile.mkdtemp(prefix="nianbao-test-server-"))
        full = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "XLWINGS_"))}
        full.update({"NIANBAO_STORE_DIR": str(self.store), "PYTHONUNBUFFERED": "1"}, **(env or {}))
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "xl_addin", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=full, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                out = self.output()
                self.stop()
                raise RuntimeError("server exited early:\n" + out)
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                out = self.output()
                self.stop()
                raise RuntimeError("server did not come up:\n" + out)
            time.sleep(0.1)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()
        shutil.rmtree(self.store, ignore_errors=True)


# ---------------------------------------------------------------- reading results back

def fill_hex(cell) -> str | None:
    """A cell's solid fill as "FFC7CE", None without one."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.fgColor.rgb
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def replay(path: Path, response: dict):
    """Apply a script's answer to the workbook file the way the VBA client applies it; (wb, result)."""
    wb = openpyxl.load_workbook(path)
    return wb, replay_actions(wb, response)


def saved(wb, path: Path) -> Path:
    wb.save(path)
    return path
