"""Damaged input is exit 2 with a Chinese reason, never exit 3: a broken PDF page tree, a Word
``gridSpan="abc"``, ``<meta charset="undefined">``, spans and lines built to blow up, GBK file
names in an audit, a full disk (said to be a full disk, no traceback)."""
from __future__ import annotations

import errno
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support import hostile as H
from tests.support.cli_helpers import run
from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.outputs import write_with
from xl_addin.source import budget
from xl_addin.source.published import read_published

GOLDEN_TXT = Path(__file__).resolve().parent / "golden" / "sample-report-2020-jiaxiang-office.txt"


@pytest.mark.parametrize("name, make, message", [
    ("树.pdf", H.broken_page_tree, "{file}：PDF文件已损坏或不完整，无法读取"),
    ("页.pdf", lambda: H.many_pages(budget.MAX_PDF_PAGES + 1),
     "{file}：PDF共有201页，超过上限200页，不像一份年度报告，无法读取"),
    ("跨.docx", H.huge_spans, "{file}：表格过大（合并单元格展开后超过20000格），不像年度报告的表格，无法读取"),
    ("跨.html", lambda: H.span_table(3, 3), "{file}：表格过大（合并单元格展开后超过20000格），不像年度报告的表格，无法读取"),
    ("线.txt", lambda: H.pipes(600), "{file}：文本中有一行分成了601格，超过上限500格，不像年度报告的表格，无法读取"),
    ("格.txt", lambda: H.wide_rows(2 * 1024 * 1024), "{file}：文本中的表格分隔符过多（超过100000个），不像一份年度报告，无法读取"),
])
def test_a_file_built_to_blow_up_is_refused_naming_the_limit(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(InputError) as e:
        read_published(path)
    assert e.value.message == message.format(file=path)


@pytest.mark.parametrize("name, make", [("格.docx", H.grid_span_abc), ("码.html", H.charset_undefined)])
def test_a_malformed_value_inside_a_file_is_read_past(tmp_path, name, make, capsys):
    path = tmp_path / name
    path.write_bytes(make())
    code, _, err = run(capsys, "import", path, "-o", tmp_path / "out.json")
    assert code == 2
    assert err == (f"无法处理：{path}：没有找到政府信息公开工作年度报告的内容（只找到“一、总体情况”、“二、主动公开政府信息情况”，"
                   "缺少其他章节和表格），不是年度报告，无法导入\n")


def test_a_docx_whose_xml_passes_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_DOCX_XML", 64 * 1024)
    path = tmp_path / "大.docx"
    path.write_bytes(H.docx(H.para("一、总体情况").encode() * 5000))
    with pytest.raises(InputError) as e:
        read_published(path)
    assert e.value.message == f"{path}：Word文档中的文字内容过大（解压后超过0.0625MB，上限0.0625MB），不像一份年度报告，无法读取"


def test_gbk_file_names_in_an_audit_are_shown_as_chinese(tmp_path, capsys):
    folder = tmp_path / "报告"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/" + "嘉祥县年报.txt".encode("gbk"), "wb") as f:
        f.write(GOLDEN_TXT.read_bytes())
    out = tmp_path / "审查.xlsx"
    code, stdout, err = run(capsys, "audit", folder, "-o", out, "-j", 1)
    assert code in (0, 1), err
    rows = list(openpyxl.load_workbook(out)["审查结果"].iter_rows(min_row=3, values_only=True))
    assert rows[0][7] == "嘉祥县年报.txt" and rows[0][4] == "通过"      # its path within the folder audited
    problems = list(openpyxl.load_workbook(out)["问题清单"].iter_rows(min_row=3, values_only=True))
    assert {r[2] for r in problems} == {"嘉祥县年报.txt"}


class FullDisk(io.RawIOBase):
    """A file on a full disk: the first kilobyte goes through, then every write fails with ENOSPC."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.n = 0

    def writable(self):
        return True

    def write(self, b):
        self.n += len(b)
        if self.n > 1024:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.f.write(b)

    def close(self):
        self.f.close()
        super().close()


def test_a_full_disk_is_said_to_be_a_full_disk_without_a_traceback(tmp_path):
    """As openpyxl and python-docx fail: a zip half written whose own close fails again later."""
    target = tmp_path / "审查.xlsx"
    target.write_bytes(b"the earlier file")

    def write(tmp: str) -> None:
        z = zipfile.ZipFile(FullDisk(tmp), "w", zipfile.ZIP_STORED)
        z.writestr("xl/workbook.xml", b"x" * 100_000)

    with pytest.raises(InputError) as e:            # pytest fails the test on an unraisable exception too
        write_with(target, write)
    assert e.value.message == f"{target}：磁盘空间不足，无法写入（文件没有生成，原有文件未改动）；请清理磁盘或换一个位置后重试"
    assert target.read_bytes() == b"the earlier file"
    assert [p.name for p in tmp_path.iterdir()] == ["审查.xlsx"]


def test_a_full_disk_elsewhere_is_said_to_be_a_full_disk(tmp_path, capsys, monkeypatch):
    from xl_addin.cli import workbook as W

    def full(*args, **kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.tmp"))

    monkeypatch.setattr(W, "cmd_fill", full)
    code, _, err = run(capsys, "fill", tmp_path / "a.json", "-o", tmp_path / "a.xlsx")
    assert code == 2
    assert err == f"无法处理：{M.DISK_FULL.format(file=tmp_path / 'x.tmp')}\n"
