"""xl_addin.render: LibreOffice DOCX -> PDF with mapped free fonts, poppler helpers.

Tests that need LibreOffice skip when it is missing, and run when it is
installed; set NIANBAO_REQUIRE_RENDER=1 to make a missing LibreOffice a failure
instead (CI after scripts/install-system-deps.sh).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document

from tests.support.needs import need
from xl_addin.report import render

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "xl_addin" / "report" / "assets" / "base.docx"

# PostScript names in the PDF of the stand-ins mapped by fonts.conf. The Noto CJK
# collections share one CFF table, whose name is the Japanese one whatever face
# (SC) fontconfig picked.
EXPECTED_FONT = re.compile(r"^(FandolFang-Regular|GBZenKai-Medium|NotoSerifCJK\w*-\w+|NotoSansCJK\w*-\w+)")


def _need(tool_found: bool, what: str) -> None:
    need(tool_found, what)


@pytest.fixture(scope="module")
def soffice():
    _need(render.find_soffice() is not None, "LibreOffice (soffice)")
    _need(shutil.which("pdffonts") is not None, "poppler-utils")
    return render.find_soffice()


def _sample_docx(path: Path, text_rows: int = 12) -> Path:
    doc = Document(str(BASE))
    styles = doc.styles
    title = doc.paragraphs[0]
    title.style = styles["NB Title"]
    title.add_run("某某市人民政府2024年政府信息公开工作年度报告")
    body = styles["NB Body"]
    doc.add_paragraph("一、总体情况", style=styles["NB Heading 1"])
    doc.add_paragraph("（一）主动公开", style=styles["NB Heading 2"])
    doc.add_paragraph("1.规范公开内容", style=styles["NB Heading 3"])
    for _ in range(text_rows):
        doc.add_paragraph("全市各级行政机关主动公开政府信息12345条，其中政策文件678件。", style=body)
    doc.add_paragraph("表1 主动公开政府信息情况", style=styles["NB Table Caption"])
    table = doc.add_table(rows=4, cols=3)
    table.style = styles["NB Table"]
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            p = cell.paragraphs[0]
            p.style = styles["NB Table Text"]
            p.add_run(f"信息{r}-{c}")
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def fontconfig():
    _need(shutil.which("fc-match") is not None, "fontconfig (fc-match)")


@pytest.fixture(scope="module")
def rendered(soffice, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    docx = _sample_docx(tmp / "sample.docx", text_rows=30)
    return render.docx_to_pdf(docx, tmp / "out")


# -- without LibreOffice ----------------------------------------------------------


def test_raises_render_unavailable_in_chinese_when_soffice_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(render, "find_soffice", lambda: None)
    with pytest.raises(render.RenderUnavailable) as info:
        render.docx_to_pdf(tmp_path / "x.docx", tmp_path)
    assert str(info.value) == "未找到 LibreOffice，无法生成 PDF（请安装 libreoffice-writer）"


def test_find_soffice_prefers_the_soffice_environment_variable(monkeypatch, tmp_path):
    fake = tmp_path / "my-soffice"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SOFFICE", str(fake))
    assert render.find_soffice() == str(fake)


def test_find_soffice_returns_none_when_nothing_is_installed(monkeypatch):
    monkeypatch.delenv("SOFFICE", raising=False)
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    monkeypatch.setattr(render.os, "access", lambda path, mode: False)
    assert render.find_soffice() is None


def test_parses_font_names_from_pdffonts_output_without_subset_prefix(monkeypatch):
    output = (
        "name                                 type              encoding         emb sub uni object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
        "BAAAAA+NotoSerifCJKjp-Regular-VKana  Type 1            Builtin          yes yes yes     36  0\n"
        "CAAAAA+FandolFang-Regular            Type 1            Builtin          yes yes yes     31  0\n"
        "DAAAAA+FandolFang-Regular            Type 1            Builtin          yes yes yes     40  0\n"
        "Helvetica                            Type 1            WinAnsi          no  no  no      12  0\n"
    )
    monkeypatch.setattr(render, "_run_poppler", lambda tool, args, timeout=60: output)
    assert render.pdf_fonts("x.pdf") == [
        "FandolFang-Regular",
        "Helvetica",
        "NotoSerifCJKjp-Regular-VKana",
    ]


def test_raises_render_unavailable_when_poppler_is_missing(monkeypatch):
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    with pytest.raises(render.RenderUnavailable, match="poppler-utils"):
        render.pdf_page_count("x.pdf")


def test_fonts_conf_is_shipped_next_to_the_module():
    text = render.FONTS_CONF.read_text(encoding="utf-8")
    assert "<include" in text and "/etc/fonts/fonts.conf" in text
    for name in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"):
        assert f"<string>{name}</string>" in text


# -- fontconfig --------------------------------------------------------------------


@pytest.mark.parametrize(
    "official,free",
    [
        ("仿宋_GB2312", "FandolFang"),
        ("仿宋", "FandolFang"),
        ("方正小标宋简体", "Noto Serif CJK SC"),
        ("小标宋", "Noto Serif CJK SC"),
        ("宋体", "Noto Serif CJK SC"),
        ("黑体", "Noto Sans CJK SC"),
        ("楷体_GB2312", "AR PL KaitiM GB"),
        ("楷体", "AR PL KaitiM GB"),
    ],
)
def test_fonts_conf_maps_official_font_to_free_font(official, free, fontconfig):
    env = dict(os.environ, FONTCONFIG_FILE=str(render.FONTS_CONF))
    out = subprocess.run(
        ["fc-match", "-f", "%{family[0]}", official], env=env, capture_output=True, text=True
    )
    assert out.stderr == ""
    assert out.stdout == free


# -- with LibreOffice --------------------------------------------------------------


def test_converts_docx_to_pdf_named_after_the_docx(rendered):
    assert rendered.name == "sample.pdf"
    assert rendered.read_bytes().startswith(b"%PDF")


def test_pdf_uses_only_the_mapped_free_fonts(rendered):
    fonts = render.pdf_fonts(rendered)
    assert any(f.startswith("FandolFang") for f in fonts)  # body 仿宋_GB2312
    assert any(f.startswith("GBZenKai") for f in fonts)  # heading 2 楷体_GB2312
    assert any(f.startswith("NotoSansCJK") for f in fonts)  # heading 1 黑体
    assert any(f.startswith("NotoSerifCJK") for f in fonts)  # title, table, footer
    unexpected = [f for f in fonts if not EXPECTED_FONT.match(f)]
    assert not unexpected


def test_counts_pages_of_a_multi_page_report(rendered):
    assert render.pdf_page_count(rendered) >= 2


def test_renders_requested_pages_to_png(rendered, tmp_path):
    pngs = render.pdf_to_png(rendered, tmp_path / "png" / "page", 1, 2, dpi=30)
    assert [p.name for p in pngs] == ["page-1.png", "page-2.png"]
    for p in pngs:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_concurrent_conversions_do_not_clash(soffice, tmp_path):
    docs = [_sample_docx(tmp_path / f"doc{i}.docx", text_rows=2) for i in range(2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda d: render.docx_to_pdf(d, tmp_path / "out"), docs))
    assert [p.name for p in pdfs] == ["doc0.pdf", "doc1.pdf"]
    assert all(render.pdf_page_count(p) == 1 for p in pdfs)


def test_raises_file_not_found_for_a_missing_input(soffice, tmp_path):
    with pytest.raises(FileNotFoundError):
        render.docx_to_pdf(tmp_path / "missing.docx", tmp_path)
