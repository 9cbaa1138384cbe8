"""docs/server.md's curl examples work as written: the minimal button body gets the answer the guide
shows, and the body the guide's snippet builds from a real workbook is answered as the VBA client's."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.support.server_support import ROOT, SCRIPT_URL, AppClient, sample, write_workbook

GUIDE = (ROOT / "docs" / "server.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client():
    c = AppClient()
    yield c
    c.close()


def _block(start: str, end: str) -> str:
    m = re.search(re.escape(start) + r"\n(.*?)\n" + re.escape(end) + r"\n", GUIDE, re.S)
    assert m, start
    return m.group(1)


def test_the_minimal_body_of_the_guide_gets_the_answer_it_shows(client):
    body = json.loads(_block("cat > body.json <<'JSON'", "JSON"))
    answer = client.post(SCRIPT_URL.format("validate"), json=body).json()
    (alert,) = [a for a in answer["actions"] if a["func"] == "alert"]
    shown = re.search(r'答复：`\{"actions":\[\{"func":"alert","args":\["([^"]+)"', GUIDE).group(1)
    assert alert["args"][0] == shown


def test_the_guides_snippet_builds_the_body_the_buttons_send(client, tmp_path):
    path = write_workbook(tmp_path, sample())
    snippet = _block(".venv/bin/python - 年报.xlsx <<'PY'", "PY")
    subprocess.run([sys.executable, "-", path.name], input=snippet, text=True, cwd=tmp_path, check=True, timeout=120)
    body = json.loads((tmp_path / "body.json").read_text(encoding="utf-8"))
    assert set(body) == {"client", "version", "book", "names", "sheets"}
    answer = client.post(SCRIPT_URL.format("validate"), json=body).json()
    assert [a["args"][0] for a in answer["actions"] if a["func"] == "alert"] == ["校验通过：没有发现错误或警告。"]
