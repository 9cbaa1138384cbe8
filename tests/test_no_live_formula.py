"""Nothing from an input becomes a formula in a workbook we write: names, file names, printed text
and 说明 that start with ``=`` (a DDE command, a HYPERLINK) are text in 审查.xlsx, 汇总.xlsx, the
annotated copy, an imported report's workbook and the button workbook. Read from the sheet XML."""
from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from tests.support.cli_helpers import run
from tests.support.server_support import sample, write_workbook
from xl_addin.xlsx.cells import append, put, put_at

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TXT = ROOT / "tests" / "golden" / "sample-report-2020-jiaxiang-office.txt"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LINK = '=HYPERLINK("http://evil.example/x","点此")'
DDE = "=cmd|' -C calc'!A0"
HOSTILE = (LINK, DDE, "=2+3", "=1+1")


def formulas(path: Path) -> list[str]:
    """The text of every ``<f>`` element of every sheet."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                out += [f.text or "" for f in ET.fromstring(z.read(name)).iter(f"{NS}f")]
    return out


def texts(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def assert_inert(path: Path, must_show: tuple[str, ...]) -> None:
    """No formula holds any hostile text, and each of ``must_show`` is in a cell as text."""
    bad = [f for f in formulas(path) if any(h.lstrip("=")[:12] in f for h in HOSTILE)]
    assert bad == []
    shown = "\n".join(texts(path))
    for text in must_show:
        assert text in shown, text


def hostile_report_text() -> str:
    """A published report whose title (so its 机关名称) and a printed table cell start with ``=``."""
    lines = SAMPLE_TXT.read_text(encoding="utf-8").split("\n")
    lines[0] = LINK + lines[0]
    at = lines.index("\t一、本年新收政府信息公开申请数量")
    lines[at + 1] = "\t=2+3"
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    (base / f"{DDE}.txt").write_text(hostile_report_text(), encoding="utf-8")
    return base


def test_the_audit_workbook_holds_names_file_names_and_printed_text_as_text(hostile_folder, tmp_path, capsys):
    out = tmp_path / "审查.xlsx"
    code, _, err = run(capsys, "audit", hostile_folder, "-o", out, "-j", 1)
    assert code in (0, 1), err
    assert_inert(out, (LINK, f"{DDE}.txt", "=2+3"))


def test_the_rollup_holds_a_returned_workbooks_name_and_file_name_as_text(tmp_path, capsys):
    folder = tmp_path / "returns"
    folder.mkdir()
    data = sample()
    data["basic"]["org_name"] = LINK
    write_workbook(folder, data, f"{DDE}.xlsx")
    other = sample()
    other["basic"]["org_name"] = DDE
    write_workbook(folder, other, "乡镇.xlsx")
    out = tmp_path / "汇总.xlsx"
    code, _, err = run(capsys, "collect", folder, "--year", data["basic"]["year"], "-o", out, "-j", 1)
    assert code in (0, 1), err
    assert_inert(out, (LINK, DDE, f"{DDE}.xlsx"))
    assert formulas(out)                 # the roll-up's own total formulas are still there


def test_the_annotated_copy_holds_the_users_explanations_as_text(tmp_path, capsys):
    data = sample()
    data["explanations"] = [{"rule": "=1+1", "path": LINK, "text": DDE}]
    src = tmp_path / "data.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "标注.xlsx"
    code, _, err = run(capsys, "validate", src, "--annotate", out)
    assert code in (0, 1), err
    assert_inert(out, ("=1+1", LINK, DDE))


def test_a_workbook_with_a_hostile_explanation_annotates_inertly(tmp_path, capsys):
    data = sample()
    data["explanations"] = [{"rule": "=1+1", "path": LINK, "text": DDE}]
    book = write_workbook(tmp_path, data)
    assert_inert(book, ("=1+1", LINK, DDE))          # the template itself writes them as text
    out = tmp_path / "标注.xlsx"
    code, _, err = run(capsys, "validate", book, "--annotate", out)
    assert code in (0, 1), err
    assert_inert(out, ("=1+1", LINK, DDE))


def test_an_imported_report_fills_its_hostile_name_as_text(hostile_folder, tmp_path, capsys):
    out = tmp_path / "导入.xlsx"
    code, _, err = run(capsys, "import", hostile_folder / f"{DDE}.txt", "-o", out)
    assert code in (0, 1), err
    assert_inert(out, (LINK,))


def test_the_button_workbook_keeps_a_token_starting_with_equals_as_text(tmp_path):
    from xl_addin.server.xlsm import add_config_sheet

    wb = openpyxl.Workbook()
    add_config_sheet(wb, "https://nianbao.example.gov.cn", token="=1+1abcdefg")
    path = tmp_path / "按钮.xlsx"
    wb.save(path)
    assert formulas(path) == []
    assert "=1+1abcdefg" in texts(path)


# ---------------------------------------------------------------- the one writer

@pytest.mark.parametrize("value", [LINK, DDE, "=SUM(A1:A3)", "+1+2", "@foo", "-cmd"])
def test_put_writes_any_string_as_text(tmp_path, value):
    wb = openpyxl.Workbook()
    put(wb.active["A1"], value)
    append(wb.active, ["x", value])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    assert formulas(path) == []
    assert openpyxl.load_workbook(path).active["A1"].value == value
    assert openpyxl.load_workbook(path).active["B2"].value == value


def test_put_keeps_numbers_and_cleans_what_a_cell_cannot_hold(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    put_at(ws, 1, 1, 12)
    put_at(ws, 1, 2, 1.5)
    put_at(ws, 1, 3, "a\x01b\x0bc")
    put_at(ws, 1, 4, "x" * 40000)
    put_at(ws, 1, 5, "乡镇年报.txt".encode("gbk").decode("utf-8", "surrogateescape"))   # a GBK file name
    path = tmp_path / "x.xlsx"
    wb.save(path)
    row = [c.value for c in openpyxl.load_workbook(path).active[1]]
    assert row[:3] == [12, 1.5, "abc"]
    assert len(row[3]) == 32767 and row[3].endswith("……")
    assert row[4] == "乡镇年报.txt"


def test_no_module_writes_a_cell_value_but_through_the_writer():
    """``ws.append(...)`` and ``ws.cell(row, col, value)`` would make "=…" a formula: only xlsx/cells writes."""
    offenders = []
    for path in (ROOT / "xl_addin").rglob("*.py"):
        if path.name == "cells.py" and path.parent.name == "xlsx":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name, owner = node.func.attr, ast.unparse(node.func.value)
                if name == "append" and re.fullmatch(r"(ws|sheet|worksheet|wb\.active)", owner):
                    offenders.append(f"{path.name}:{node.lineno}")
                if name == "cell" and (len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
