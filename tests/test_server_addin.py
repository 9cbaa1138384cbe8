"""The Excel side: the Office.js manifest, the VBA variant (.xlsm) with its custom ribbon, the
exported VBA source, and the server's commands (``nianbao serve`` / ``addin-*``)."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from tests.support.server_support import ROOT, SCRIPT_URL, AppClient, fill_hex, payload_of, replay
from xl_addin.server import buttons, xlsm
from xl_addin.server.versions import manifest_version
from xl_addin.workbook import styles, template

CUI = "{http://schemas.microsoft.com/office/2009/07/customui}"
VBA_DIR = ROOT / "xl_addin" / "server" / "vba"
PROJECT = ROOT / "xl_addin" / "server" / "project"


def nianbao(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xl_addin", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or ROOT, timeout=120)


# ---------------------------------------------------------------- the buttons, one list for both clients

def test_the_buttons_are_exactly_the_server_scripts():
    from xl_addin.server import scripts

    assert list(scripts.scripts()) == ["validate", "clear_marks", "generate_report", "generate_description"]
    assert [b.label for b in buttons.BUTTONS] == ["校验", "清除标记", "生成报告", "生成数据描述"]


def test_the_vba_ribbon_is_drawn_from_the_buttons(tmp_path):
    assert not (VBA_DIR / "customUI14.xml").exists()            # no copy of the list to go stale
    xlsm.export_vba(tmp_path)                                     # nianbao addin-vba
    written = (tmp_path / "customUI14.xml").read_text(encoding="utf-8")
    assert written == buttons.custom_ui_xml()
    root = ET.fromstring(written.encode("utf-8"))
    tab = root.find(f"{CUI}ribbon/{CUI}tabs/{CUI}tab")
    assert tab.get("label") == "政务公开年报"
    controls = tab.findall(f"{CUI}group/{CUI}button")
    assert [c.get("tag") for c in controls] == ["validate", "clear_marks", "generate_report", "generate_description"]
    assert {c.get("onAction") for c in controls} == {"GwnbButton"}
    assert [c.get("label") for c in controls] == ["校验", "清除标记", "生成报告", "生成数据描述"]


def _zh(codes: str) -> str:
    return "".join(chr(int(c, 16)) for c in codes.split())


def test_the_vba_callback_is_generic_ascii_and_speaks_chinese():
    source = (VBA_DIR / "GwnbButtons.bas").read_text(encoding="ascii")      # fails on any non-ASCII byte
    assert "Public Sub GwnbButton(control As IRibbonControl)" in source
    assert 'RunServerPython baseUrl & "/xlwings/custom-scripts-call/" & control.Tag' in source
    messages = [_zh(m) for m in re.findall(r'Zh\("([0-9A-F ]+)"\)', source)]
    assert messages == ["工作簿缺少服务器地址（隐藏的 xlwings.conf 工作表中的 GWNB_URL），请联系县级信息化管理员。",
                        "按钮运行出错：", "无法连接年报服务器，或服务器在",
                        "秒内没有答复。请检查网络，稍后重试；仍不行请联系县级信息化管理员。",
                        "年报服务器返回错误（HTTP ", "），请稍后重试；如仍出错，请联系县级信息化管理员。", "政务公开年报"]


def test_the_office_js_ribbon_binds_the_buttons_the_task_pane_lists():
    ribbon = (PROJECT / "static" / "js" / "ribbon.js").read_text(encoding="utf-8")
    assert "Office.actions.associate(functionName, runScript(scriptName))" in ribbon
    assert not re.search(r"associate\(\"gwnb-", ribbon)            # no button of its own: the page's list
    assert buttons.bindings() == {"gwnb-validate": "validate", "gwnb-clear-marks": "clear_marks",
                                  "gwnb-generate-report": "generate_report",
                                  "gwnb-generate-description": "generate_description"}


@pytest.mark.slow  # starts the server package in a subprocess
def test_addin_manifest_writes_the_chinese_ribbon(tmp_path):
    out = tmp_path / "manifest.xml"
    r = nianbao("addin-manifest", "--url", "https://nianbao.example.gov.cn", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"已生成加载项清单：{out}"
    root = ET.parse(out).getroot()
    ns = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
          "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
          "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0"}
    assert root.find("o:DefaultSettings/o:SourceLocation", ns).get("DefaultValue") == \
        "https://nianbao.example.gov.cn/taskpane.html"
    names = [e.text for e in root.iter("{%s}FunctionName" % ns["v"])]
    assert names == [b.function_name for b in buttons.BUTTONS]
    strings = {e.get("id"): e.get("DefaultValue") for e in root.iter("{%s}String" % ns["bt"])}
    assert strings["GwnbTab.TabLabel"] == "政务公开年报"
    assert [strings[f"{b.control_id}.Label"] for b in buttons.BUTTONS] == ["校验", "清除标记", "生成报告", "生成数据描述"]
    text = out.read_text(encoding="utf-8")
    assert "xlwings.org" not in text and "https://nianbao.example.gov.cn/static/images/icons/nianbao-32.png" in text
    # the version follows the package's, so a new release replaces a cached manifest; nothing unused
    assert root.find("o:Version", ns).text == manifest_version(version("nianbao"))
    assert re.fullmatch(r"\d{1,5}(\.\d{1,5}){3}", root.find("o:Version", ns).text)
    points = [e.get("{http://www.w3.org/2001/XMLSchema-instance}type") for e in root.iter("{%s}ExtensionPoint" % ns["v"])]
    assert points == ["PrimaryCommandSurface"]
    assert "Functions." not in text and "custom-functions" not in text and "Namespace" not in text
    assert [r.get("resid") for r in root.iter("{%s}Runtime" % ns["v"])] == ["Taskpane.Url"]


@pytest.mark.parametrize("package, manifest", [("0.1.0", "0.1.0.0"), ("2.10", "2.10.0.0"), ("1.2.3rc1", "1.2.3.0"),
                                               ("1.2.3.dev4+g1234", "1.2.3.0"), ("1.2.3.4.5", "1.2.3.4"),
                                               ("2024.123456.1", "2024.99999.1.0")])
def test_the_manifest_version_is_the_package_version_in_offices_form(package, manifest):
    assert manifest_version(package) == manifest


def test_addin_manifest_needs_an_address(tmp_path):
    r = nianbao("addin-manifest", "-o", tmp_path / "m.xml")
    assert r.returncode == 2
    assert r.stderr.strip() == ("无法处理：请用 --url 指定服务器的地址，例如 nianbao addin-manifest --url "
                                "https://nianbao.example.gov.cn")


# ---------------------------------------------------------------- the .xlsm

def _xlsm(tmp_path, *extra) -> Path:
    out = tmp_path / "年报模板-按钮版.xlsm"
    r = nianbao("addin-xlsm", out, "--url", "https://nianbao.example.gov.cn/", "--token", "county-token-1",
                "--year", "2021", *extra)
    assert r.returncode == 0, r.stderr
    return out


def _rels(z: zipfile.ZipFile, part: str) -> list[dict]:
    return [dict(e.attrib) for e in ET.fromstring(z.read(part))]


@pytest.mark.slow  # builds the VBA project
def test_the_xlsm_carries_the_ribbon_and_its_relationship(tmp_path):
    out = _xlsm(tmp_path)
    with zipfile.ZipFile(out) as z:
        assert z.read("customUI/customUI14.xml").decode("utf-8") == buttons.custom_ui_xml()
        rel = [r for r in _rels(z, "_rels/.rels") if r["Type"] == xlsm.CUSTOM_UI_REL]
        assert [r["Target"] for r in rel] == ["customUI/customUI14.xml"]
        types = z.read("[Content_Types].xml").decode("utf-8")
        assert xlsm.XLSM_MAIN_CT in types and xlsm.XLSX_MAIN_CT not in types
        assert [r["Target"] for r in _rels(z, "xl/_rels/workbook.xml.rels") if r["Type"] == xlsm.VBA_REL] == \
            ["vbaProject.bin"]
        assert z.read("xl/vbaProject.bin").startswith(b"\xd0\xcf\x11\xe0")      # an OLE compound file
    wb = openpyxl.load_workbook(out, keep_vba=True)
    conf = wb[xlsm.CONF_SHEET]
    assert conf.sheet_state == "veryHidden"
    assert [(r[0].value, r[1].value) for r in conf.iter_rows()] == [
        ("GWNB_URL", "https://nianbao.example.gov.cn"), ("AUTH", "county-token-1"), ("TIMEOUT", "120000"),
        ("EXCLUDE", "xlwings.conf")]
    wb.save(tmp_path / "resaved.xlsm")              # openpyxl keeps the part but drops the relationship:
    with zipfile.ZipFile(tmp_path / "resaved.xlsm") as z:  # never let it rewrite a distributed .xlsm
        assert not [r for r in _rels(z, "_rels/.rels") if r["Type"] == xlsm.CUSTOM_UI_REL]


def test_the_xlsm_takes_a_vba_project_made_once_in_excel(tmp_path):
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"vba" * 100       # an OLE file as Excel writes it
    (tmp_path / "vbaProject.bin").write_bytes(fake)
    out = _xlsm(tmp_path, "--vba-project", tmp_path / "vbaProject.bin")
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/vbaProject.bin") == fake
        assert [r["Target"] for r in _rels(z, "xl/_rels/workbook.xml.rels") if r["Type"] == xlsm.VBA_REL] == \
            ["vbaProject.bin"]
        assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in \
            z.read("[Content_Types].xml").decode("utf-8")
        assert b'codeName="ThisWorkbook"' in z.read("xl/workbook.xml")
        assert [r["Target"] for r in _rels(z, "_rels/.rels") if r["Type"] == xlsm.CUSTOM_UI_REL] == \
            ["customUI/customUI14.xml"]
    assert xlsm.read_vba_project(out) == fake                     # taken back out of an .xlsm


def test_a_bad_vba_project_is_explained(tmp_path):
    (tmp_path / "x.bin").write_bytes(b"not ole")
    r = nianbao("addin-xlsm", tmp_path / "a.xlsm", "--url", "https://h.example", "--vba-project", tmp_path / "x.bin")
    assert r.returncode == 2
    assert r.stderr.strip() == f"无法处理：{tmp_path / 'x.bin'}：不是 vbaProject.bin，也不是含有宏的 .xlsm 工作簿"


@pytest.mark.slow  # builds the VBA project
def test_the_xlsm_is_read_and_checked_like_the_template(tmp_path):
    out = _xlsm(tmp_path)
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(template.template_bytes("2021", year=2021))
    a, b = nianbao("validate", out, "--json"), nianbao("validate", plain, "--json")
    import json
    fa, fb = json.loads(a.stdout)["findings"], json.loads(b.stdout)["findings"]
    assert [(f["rule"], f["cell"], f["message"]) for f in fa] == [(f["rule"], f["cell"], f["message"]) for f in fb]
    client = AppClient()
    try:         # RunServerPython sends the conf sheet as [[]] (EXCLUDE); positions stay those of Excel
        r = client.post(SCRIPT_URL.format("validate"), json=payload_of(out, exclude=[xlsm.CONF_SHEET]))
        wb, res = replay(out, r.json())
        assert res.alerts[0]["prompt"].startswith("校验不通过：")
        assert fill_hex(wb["基本信息"]["B3"]) == styles.MARK["error"]      # 机关名称 not filled
        assert wb[xlsm.CONF_SHEET]["B1"].value == "https://nianbao.example.gov.cn"
    finally:
        client.close()


def test_addin_vba_exports_the_modules_of_the_server_xlwings_version(tmp_path):
    r = nianbao("addin-vba", tmp_path / "vba")
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "vba").iterdir())
    assert names == sorted(["GwnbButtons.bas", "xlwings.bas", "Dictionary.cls", "Remote.bas", "IWebAuthenticator.cls",
                            "WebClient.cls", "WebRequest.cls", "WebResponse.cls", "WebHelpers.bas",
                            "LICENSE-xlwings.txt", "customUI14.xml"])
    module = (tmp_path / "vba" / "xlwings.bas").read_text(encoding="utf-8", errors="replace")
    assert f'Public Const XLWINGS_VERSION As String = "{version("xlwings")}"' in module


def test_addin_vba_refuses_a_folder_with_files_like_addin_wps(tmp_path):
    folder = tmp_path / "vba"
    folder.mkdir()
    mine = folder / "GwnbButtons.bas"
    mine.write_text("' my reviewed copy", encoding="utf-8")
    r = nianbao("addin-vba", folder)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"无法处理：{folder}：文件夹不是空的，请指定一个新文件夹，或加 --overwrite 替换其中的文件\n"
    assert mine.read_text(encoding="utf-8") == "' my reviewed copy"
    r = nianbao("addin-vba", folder, "--overwrite")
    assert r.returncode == 0, r.stderr
    assert mine.read_bytes() == (VBA_DIR / "GwnbButtons.bas").read_bytes()
    missing = tmp_path / "nope" / "vba"
    r = nianbao("addin-vba", missing)
    assert (r.returncode, r.stderr) == (2, f"无法处理：{missing}：所在文件夹不存在\n")


# ---------------------------------------------------------------- the command line

def test_help_imports_no_server_package_nor_openpyxl():
    # (how fast it is, is measured by bench/bench_cold.py, not asserted here)
    code = ("import sys; from xl_addin.cli import build_parser; build_parser(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'xlwings', 'xlwings_server', 'fastapi', "
            "'uvicorn', 'starlette', 'openpyxl', 'httpx', 'jsonschema', 'docx'}))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.strip() == "[]"


def test_serve_explains_a_port_in_use():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = nianbao("serve", "--port", port)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"无法处理：端口 {port} 已被占用（可能服务已经在运行），请换一个端口："
                                f"nianbao serve --port 8001")
    assert "Traceback" not in r.stderr


def test_serve_explains_a_bad_config_file(tmp_path):
    f = tmp_path / "server.env"
    f.write_text("NIANBAO_PORT=abc\n", encoding="utf-8")
    r = nianbao("serve", "--config", f)
    assert (r.returncode, r.stderr.strip()) == (2, "无法处理：配置项 NIANBAO_PORT 应为整数，实际为“abc”")
