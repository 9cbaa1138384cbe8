"""Collecting returns that are not .xlsx workbooks: matched to their office and reported, never 未报送."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl

from tests.support import rollup_cases as RC
from tests.support import xlsx_tools as XT
from xl_addin.rollup import collect

OFFICES = ["青山县教育局", "青山县民政局", "城关镇人民政府", "石门镇人民政府", "河口乡人民政府"]
RESAVE = "请在Excel或WPS中另存为.xlsx后重新报送"


def _roster(path: Path) -> Path:
    return RC.filled_roster(path, [(name, "乡镇人民政府" if "镇" in name or "乡" in name else "县级以上人民政府部门")
                                   for name in OFFICES])


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def test_a_return_in_another_spreadsheet_format_is_matched_to_its_office_and_reported(tmp_path):
    ret = tmp_path / "收回"
    ret.mkdir()
    legacy = XT.cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"})
    (ret / "青山县教育局.xls").write_bytes(legacy)
    (ret / "青山县民政局.ods").write_bytes(_ods())
    (ret / "城关镇人民政府.et").write_bytes(legacy)
    (ret / "石门镇人民政府.xlsb").write_bytes(legacy)
    result = collect.collect(ret, 2021, roster_path=_roster(tmp_path / "名单.xlsx"), jobs=1)
    rows = {r.name: r for r in result.rows}
    assert {n: (r.state, r.conclusion) for n, r in rows.items()} == {
        "青山县教育局": ("submitted", "unusable"), "青山县民政局": ("submitted", "unusable"),
        "城关镇人民政府": ("submitted", "unusable"), "石门镇人民政府": ("submitted", "unusable"),
        "河口乡人民政府": ("missing", "missing")}
    assert [(p.file, p.finding.rule, p.finding.message) for p in result.problems if p.finding.rule == "C-1"] == [
        ("青山县教育局.xls", "C-1", f"文件无法读取：这是旧版Excel 97-2003工作簿（.xls），{RESAVE}"),
        ("青山县民政局.ods", "C-1", f"文件无法读取：这是OpenDocument电子表格（.ods），{RESAVE}"),
        ("城关镇人民政府.et", "C-1", f"文件无法读取：这是WPS表格文件（.et），{RESAVE}"),
        ("石门镇人民政府.xlsb", "C-1", f"文件无法读取：这是Excel二进制工作簿（.xlsb），{RESAVE}")]
    assert result.ignored == ()


def test_gbk_encoded_file_names_are_shown_in_chinese_in_the_rollup(tmp_path):
    ret = tmp_path / "收回"
    ret.mkdir()
    name = "石门镇人民政府.xls".encode("gbk")
    Path(os.fsdecode(os.fsencode(ret) + b"/" + name)).write_bytes(XT.cfb({"Workbook": b"\x09\x08\x10\x00"}))
    out = tmp_path / "汇总.xlsx"
    result = collect.collect(ret, 2021, out_path=out, roster_path=_roster(tmp_path / "名单.xlsx"), jobs=1)
    row = next(r for r in result.rows if r.name == "石门镇人民政府")
    assert (row.state, [f.name for f in row.files]) == ("submitted", ["石门镇人民政府.xls"])
    files = [c.value for c in openpyxl.load_workbook(out)["报送情况"]["D"] if c.value]
    assert "石门镇人民政府.xls" in files
