"""Adding a button is one entry in ``buttons.BUTTONS`` plus its plan: the server script, the ribbons
of all three clients (the Office.js manifest and the task pane's bindings, WPS's ribbon.xml and the
button map its callback reads, the VBA workbook's customUI14.xml) and the table of buttons in
docs/server.md all follow from the list."""
from __future__ import annotations

import asyncio
import json
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from tests.support.server_support import AppClient
from xl_addin.server import buttons, plans, scripts, wps, xlsm

NEW = buttons.Button("check_names", "核对名称", "核对报告中的机关名称", "SpellingAndGrammar",
                     "核对正文中的机关名称是否都是本机关的。")
CUI_2009 = "{http://schemas.microsoft.com/office/2009/07/customui}"
CUI_2006 = "{http://schemas.microsoft.com/office/2006/01/customui}"
OFFICE = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
          "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}


@pytest.fixture(scope="module")
def client():
    """The in-process app, built (once per process) before a test adds its button: what it serves
    follows the list when a page is drawn."""
    c = AppClient()
    yield c
    c.close()


@pytest.fixture
def added(monkeypatch):
    """One more button, and its plan: an alert naming the workbook it was given."""
    def check_names(api: dict) -> plans.Plan:
        plan = plans.Plan()
        plan.alert(f"已核对：{api['book']['name']}")
        return plan

    monkeypatch.setattr(buttons, "BUTTONS", (*buttons.BUTTONS, NEW))
    monkeypatch.setattr(plans, "check_names", check_names, raising=False)
    return NEW


class FakeBook:
    """What a script touches of an xlwings remote book: the payload and the actions it answers."""

    class impl:
        api = {"book": {"name": "年报.xlsx"}, "sheets": []}
        actions: list = []

        @classmethod
        def append_json_action(cls, **action):
            cls.actions.append(action)


def test_a_new_button_gets_its_server_script_running_its_plan(added):
    made = scripts.scripts()
    assert list(made) == ["validate", "clear_marks", "generate_report", "generate_description", "check_names"]
    script = made["check_names"]
    from xlwings.server import custom_scripts_meta

    from xl_addin.server.app import exposed_scripts

    listed = sorted(m["function_name"] for m in custom_scripts_meta(exposed_scripts()))   # what the server lists
    assert listed == sorted(made)
    FakeBook.impl.actions = []
    asyncio.run(script(None, FakeBook()))          # xlwings-server passes the user first
    assert FakeBook.impl.actions == [{"func": "alert", "args": ["已核对：年报.xlsx", "政务公开年报", "ok", "info", ""]}]
    assert buttons.scripts()[-1] == "check_names"      # the scripts the server lets through


def test_a_new_button_is_on_the_vba_ribbon(added, tmp_path):
    root = ET.fromstring(buttons.custom_ui_xml().encode("utf-8"))
    button = root.findall(f".//{CUI_2009}button")[-1]
    assert (button.get("id"), button.get("label"), button.get("tag"), button.get("onAction"), button.get("imageMso")) == \
        ("GwnbCheckNames", "核对名称", "check_names", "GwnbButton", "SpellingAndGrammar")
    from openpyxl import Workbook

    out = xlsm.build_xlsm(Workbook(), tmp_path / "按钮版.xlsm", url="https://nianbao.example.gov.cn")
    with zipfile.ZipFile(out) as z:
        assert 'tag="check_names" onAction="GwnbButton"' in z.read(xlsm.CUSTOM_UI_PART).decode("utf-8")


def test_a_new_button_is_on_the_wps_ribbon_and_its_callback_runs_its_script(added):
    files = wps.addin_files("https://nianbao.example.gov.cn")
    root = ET.fromstring(files["ribbon.xml"])
    ids = [(b.get("id"), b.get("label"), b.get("onAction")) for b in root.iter(f"{CUI_2006}button")]
    assert ids[-2:] == [("GwnbCheckNames", "核对名称", wps.ON_ACTION), (buttons.SETTINGS_ID, "设置", wps.ON_ACTION)]
    config = json.loads(re.search(r"window\.GWNB_CONFIG = (\{.*\});", files["js/gwnb-config.js"].decode(), re.S).group(1))
    assert config["buttons"]["GwnbCheckNames"] == "check_names"       # GwnbOnAction's map: id -> script


def test_a_new_button_is_in_the_office_js_manifest_and_bound_by_the_task_pane(client, added):
    manifest = ET.fromstring(client.get("/manifest").content)
    page = client.get("/taskpane.html").text
    controls = manifest.findall(".//v:Control", OFFICE)
    new = next(c for c in controls if c.get("id") == "GwnbCheckNames")
    assert new.find(".//v:FunctionName", OFFICE).text == "gwnb-check-names"
    strings = {s.get("id"): s.get("DefaultValue") for s in manifest.iter() if s.tag.endswith("}String")}
    assert (strings["GwnbCheckNames.Label"], strings["GwnbCheckNames.Tooltip"]) == ("核对名称", "核对报告中的机关名称")
    listed = re.search(r'<script id="gwnb-buttons" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(listed)[-1] == ["gwnb-check-names", "check_names"]       # what ribbon.js binds


def test_a_new_button_is_in_the_docs_table(added):
    assert "| **核对名称** | 核对正文中的机关名称是否都是本机关的。 |" in buttons.docs_table().splitlines()
