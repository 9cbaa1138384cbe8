"""An input that cannot be read is an ``InputError`` that is data (kind, file, sheet, cell, details)
rendered at the edge from one catalogue (``xl_addin/input_errors.py``): the whole sentence, the
sentence without its file (for a list with a file column), or under the name the user knows the
file by; nothing takes a message apart to find the file again."""
from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

from xl_addin import input_errors as catalogue
from xl_addin.errors import InputError, LastYearMismatch

PACKAGE = Path(__file__).resolve().parents[1] / "xl_addin"


def test_an_error_is_its_kind_file_sheet_cell_and_details():
    e = InputError("xlsx.label", "/tmp/nianbao-upload-x/upload.xlsx", sheet="表三", cell="表三!E6",
                   expected="（一）自然人", actual="空白")
    assert (e.kind, e.file, e.sheet, e.cell, e.detail) == (
        "xlsx.label", "/tmp/nianbao-upload-x/upload.xlsx", "表三", "表三!E6", {"expected": "（一）自然人", "actual": "空白"})
    assert e.message == ("/tmp/nianbao-upload-x/upload.xlsx：表三!E6应为“（一）自然人”，实际为空白；"
                         "表格结构被改动（可能插入、删除或移动了行列），无法按模板读取")
    assert e.reason == "表三!E6应为“（一）自然人”，实际为空白；表格结构被改动（可能插入、删除或移动了行列），无法按模板读取"
    assert e.text(file="乡镇年报.xlsx") == "乡镇年报.xlsx：" + e.reason          # the name the user uploaded
    assert str(e) == e.message


def test_an_error_without_a_file_says_no_file():
    assert InputError("data.unknown_format", fmt="2030", formats="2019、2021").message == \
        "未知的报告格式“2030”，支持的格式为：2019、2021"
    assert InputError("cli.empty_name").message == "没有给出文件名（文件名为空），请指定要处理的文件"


def test_a_detail_may_be_called_kind():
    e = InputError("output.suffix", "data.csv", kind="年报数据", suffix=".json")
    assert e.message == "data.csv：年报数据文件名应以 .json 结尾" and e.kind == "output.suffix"


def test_a_gbk_file_name_is_shown_as_chinese():
    name = "乡镇.pdf".encode("gbk").decode("utf-8", "surrogateescape")
    assert InputError("import.pdf_damaged", name).message == "乡镇.pdf：PDF文件已损坏或不完整，无法读取"


def test_an_error_crosses_a_process_boundary_whole():
    e = LastYearMismatch("last_year.embedded", "年报.xlsx", hint="；加 --force-last-year", sheet="上年数据",
                         cell="上年数据!B3", where="上年数据!B3", last_year=2019, year=2021, expected=2020)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is LastYearMismatch
    assert (back.kind, back.file, back.sheet, back.cell, back.hint, back.message) == \
        (e.kind, e.file, e.sheet, e.cell, e.hint, e.message)


def test_an_unknown_kind_fails_where_it_is_raised():
    with pytest.raises(KeyError):
        InputError("xlsx.no_such_kind", "年报.xlsx")


def _raised_kinds() -> set[str]:
    """Every kind named where an InputError is made (a literal first argument)."""
    kinds = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("InputError", "LastYearMismatch") \
                    and node.args and isinstance(node.args[0], ast.Constant):
                kinds.add(node.args[0].value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "fail" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                kinds.add(f"xlsx.{node.args[0].value}")
    return kinds


def test_every_kind_raised_is_in_the_catalogue_and_names_its_file_first_or_not_at_all():
    kinds = _raised_kinds()
    assert len(kinds) > 80
    assert [k for k in sorted(kinds) if _missing(k)] == []
    for group in catalogue.GROUPS.values():
        for text in group.values():
            assert "{file}" not in text or text.startswith("{file}："), text


def _missing(kind: str) -> bool:
    try:
        catalogue.template(kind)
    except KeyError:
        return True
    return False


def test_nothing_takes_a_message_apart():
    taken = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\be\.message(?:\[|\.(?:replace|startswith|split|partition|removeprefix)\b)", text):
            taken.append(f"{path.relative_to(PACKAGE)}:{text[:m.start()].count(chr(10)) + 1}")
    assert taken == []
