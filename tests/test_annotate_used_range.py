"""The annotate path reads only the used range of each sheet: a workbook padded with a huge number
of empty formatted rows is annotated like the same workbook without them (raw XML asserted)."""
from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from tests.support import hostile as H
from tests.support.server_support import sample, with_error, write_workbook
from xl_addin.errors import InputError
from xl_addin.workbook.annotate import annotate
from xl_addin.xlsx import trim
from xl_addin.xlsx.package import Package
from xl_addin.xlsx.trim import trim_sheet

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(rows: str, merges: str = "") -> bytes:
    return (f'<?xml version="1.0"?><worksheet {NS}><dimension ref="A1:Z100000"/><sheetData>{rows}</sheetData>'
            f'{merges}</worksheet>').encode()


def test_empty_cells_below_and_right_of_the_last_value_are_dropped():
    xml = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/><c r="D1" s="2"/></row>'
                '<row r="2"><c r="A2" s="3"/><c r="C2"><f>A1</f><v>1</v></c></row>'
                '<row r="3" spans="1:3"><c r="A3" s="1"/></row>'
                + "".join(f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(4, 50)))
    out = trim_sheet(xml).decode()
    assert re.findall(r'<c r="([A-Z]+\d+)"', out) == ["A1", "B1", "A2", "C2"]
    assert '<row r="3"' not in out and '<dimension ref="A1:C2"/>' in out
    assert '<c r="C2"><f>A1</f><v>1</v></c>' in out               # what holds something is untouched


def test_merged_ranges_and_inline_strings_count_as_used():
    xml = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>'
                '<row r="4"><c r="E4" s="5"/></row><row r="9"><c r="A9" s="5"/></row>',
                '<mergeCells count="1"><mergeCell ref="A1:E4"/></mergeCells>')
    out = trim_sheet(xml).decode()
    assert re.findall(r'<c r="([A-Z]+\d+)"', out) == ["A1", "E4"]


def test_rows_out_of_order_keep_every_value():
    xml = sheet('<row r="5"><c r="A5"><v>5</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>'
                '<row r="7"><c r="A7" s="1"/></row>')
    out = trim_sheet(xml).decode()
    assert re.findall(r'<c r="([A-Z]+\d+)"', out) == ["A5", "B2"]


def test_a_sheet_with_too_many_cells_holding_something_is_refused(monkeypatch):
    monkeypatch.setattr(trim, "MAX_CELLS", 3)
    xml = sheet("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 6)))
    with pytest.raises(InputError) as e:
        trim_sheet(xml, "年报.xlsx", "表三")
    assert e.value.message == "年报.xlsx：工作表中有内容的单元格太多（“表三”工作表有4个，上限3个），无法生成标注副本"


def test_a_workbook_padded_with_empty_rows_is_annotated_like_the_original(tmp_path):
    from xl_addin.check.step import check

    path = write_workbook(tmp_path, with_error(sample()))
    raw = path.read_bytes()
    part = Package(zipfile.ZipFile(io.BytesIO(raw))).sheets["表三"]
    fat = H.million_rows(raw, part, 100_000)    # 100,000 empty formatted rows after the last row
    assert len(zipfile.ZipFile(io.BytesIO(fat)).read(part)) > 5_000_000
    checked = check(str(path))
    out_thin, out_fat = tmp_path / "thin.xlsx", tmp_path / "fat.xlsx"
    annotate(raw, checked, out_thin)
    annotate(fat, checked, out_fat)
    thin, big = openpyxl.load_workbook(out_thin), openpyxl.load_workbook(out_fat)
    for ws in thin.worksheets:
        other = big[ws.title]
        assert (other.max_row, other.max_column) == (ws.max_row, ws.max_column), ws.title
        assert [[c.value for c in r] for r in other.iter_rows()] == [[c.value for c in r] for r in ws.iter_rows()]
