"""The VBA project of ``nianbao addin-xlsm``, built without Windows: oletools' olevba reads every
module and its code back, RunServerPython is in it, the document modules match the sheets, and
LibreOffice (a second, independent reader) imports every module from the file."""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.support.needs import need_soffice
from tests.support.server_support import ROOT
from xl_addin.errors import InputError
from xl_addin.report.render.calc import profile
from xl_addin.server import xlsm
from xl_addin.workbook import template

MODULES = ["GwnbButtons", "xlwings", "Dictionary", "Remote", "IWebAuthenticator", "WebClient", "WebRequest",
           "WebResponse", "WebHelpers"]
HEADER = re.compile(r"^(VERSION 1\.0 CLASS|BEGIN|\s+MultiUse = .*|END|Attribute VB_\w+ = .*)$")


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlsm") / "年报模板-按钮版.xlsm"
    wb, _ = template.build("2021", year=2021)
    xlsm.build_xlsm(wb, out, url="https://h.example.gov.cn", token="county-token-7")
    return out


@pytest.mark.slow
def test_the_command_writes_the_complete_workbook_and_names_its_modules(tmp_path):
    out = tmp_path / "年报模板-按钮版.xlsm"
    r = subprocess.run([sys.executable, "-m", "xl_addin", "addin-xlsm", str(out), "--url", "https://h.example.gov.cn",
                        "--token", "county-token-7", "--year", "2021"], capture_output=True, text=True,
                       encoding="utf-8", cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [f"已生成宏工作簿：{out}", "宏工程中的模块：" + "、".join(MODULES),
                                     "注意：访问口令已明文写入工作簿中隐藏的 xlwings.conf 工作表，拿到这个工作簿的人都能看到，"
                                     "工作簿交回时也随之带回；请只在单位内部分发。"]
    assert list(macros(out))[-len(MODULES):] == MODULES


def body(code: str) -> str:
    """A module's code without its attribute header, with one kind of line ending."""
    lines = code.replace("\r\n", "\n").split("\n")
    while lines and HEADER.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines).rstrip()


def macros(path: Path) -> dict[str, str]:
    """Module name -> code, as oletools' olevba extracts them (its pyparsing use warns on import)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

        parser = VBA_Parser(str(path))
        try:
            return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
        finally:
            parser.close()


def test_olevba_reads_every_module_and_its_code_back(book):
    found = macros(book)
    sources = {name: source for name, source, _ in xlsm.vba_modules()}
    assert [m for m in found if m in sources] == MODULES
    for name in MODULES:
        assert body(found[name]) == body(sources[name]), name
    assert "Function RunServerPython(" in found["Remote"]
    assert 'RunServerPython baseUrl & "/xlwings/custom-scripts-call/" & control.Tag' in found["GwnbButtons"]
    assert "RunRemotePython" not in found["GwnbButtons"]
    assert "GwnbRefused myResponse" in found["Remote"]                # a refusal in Chinese (test_server_vba.py)


def test_has_the_document_modules_excel_would_make_for_every_sheet(book):
    found = macros(book)
    with zipfile.ZipFile(book) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        sheets = re.findall(r"<sheet [^>]*name=\"([^\"]+)\"", workbook)
    documents = [m for m in found if m not in MODULES]
    assert documents == ["ThisWorkbook"] + [f"Sheet{i}" for i in range(1, len(sheets) + 1)]
    assert all(body(found[d]) == "" for d in documents)
    assert 'codeName="ThisWorkbook"' in workbook
    assert sheets[-1] == xlsm.CONF_SHEET


def test_refuses_a_module_that_is_not_ascii(tmp_path, monkeypatch):
    (tmp_path / "GwnbButtons.bas").write_text('Attribute VB_Name = "GwnbButtons"\r\nMsgBox "校验"\r\n', encoding="utf-8")
    monkeypatch.setattr(xlsm, "VBA_DIR", tmp_path)
    with pytest.raises(InputError) as e:
        xlsm.vba_modules()
    assert e.value.message == ("VBA 模块 GwnbButtons.bas 含有非 ASCII 字符，VBA 工程按代码页 1252 保存，会损坏中文；"
                               "请改用 ChrW 或由服务器提供文字")


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_opens_the_workbook_and_imports_every_module(book, tmp_path):
    soffice = need_soffice()
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as prof:
        r = subprocess.run([soffice, f"-env:UserInstallation={profile(prof)}", "--headless", "--norestore",
                            "--nolockcheck", "--convert-to", "ods", "--outdir", str(tmp_path), str(book)],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180)
    ods = tmp_path / (book.stem + ".ods")
    assert r.returncode == 0 and ods.is_file(), r.stderr
    with zipfile.ZipFile(ods) as z:
        names = z.namelist()
        imported = {Path(n).stem for n in names if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")}
        assert set(MODULES) <= imported
        assert "RunServerPython" in z.read("Basic/VBAProject/Remote.xml").decode("utf-8")
        content = z.read("content.xml").decode("utf-8")
    with zipfile.ZipFile(book) as z:
        sheets = re.findall(r"<sheet [^>]*name=\"([^\"]+)\"", z.read("xl/workbook.xml").decode("utf-8"))
    assert re.findall(r'<table:table table:name="([^"]+)"', content) == sheets
