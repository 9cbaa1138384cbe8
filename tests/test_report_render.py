"""The report DOCX rendered by LibreOffice with the repo's fontconfig: fonts, pages, approved images.

Needs LibreOffice and poppler-utils (``scripts/install-system-deps.sh``): skipped where they
are missing, failed instead when ``CI=true`` (or ``NIANBAO_REQUIRE_RENDER=1``).

PDFs and PNGs (``pdftoppm -r 50``) of page 1 and of the page holding 表三 are written to
``artifacts/report/``; the PNGs are compared with the approved ones in ``tests/baselines/``
by mean absolute pixel difference (grey levels 0–255). To approve new images after an
intended change of the layout: ``NIANBAO_UPDATE_BASELINES=1 .venv/bin/python -m pytest
tests/test_report_render.py``, look at them, and commit them.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.needs import need
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.report import build as R
from xl_addin.report import render

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "report"
BASELINES = Path(__file__).resolve().parent / "baselines"
UPDATE = os.environ.get("NIANBAO_UPDATE_BASELINES") == "1"
TOLERANCE = 0.5           # mean absolute difference in grey levels: one changed digit is ~0.01, a word that reflows a paragraph ~2.2
DPI = 50

# PostScript names of the free stand-ins that fonts.conf maps the official fonts to (the Noto CJK
# collections carry the Japanese name whichever face, SC here, fontconfig picked).
STAND_INS = {
    "仿宋_GB2312": "FandolFang-Regular",
    "楷体_GB2312": "GBZenKai-Medium",
    "黑体": "NotoSansCJKjp-Regular",
    "方正小标宋简体 / 宋体": "NotoSerifCJKjp-Regular",
}


def _require(found, what: str) -> None:
    need(found, what)


@pytest.fixture(scope="module")
def pdfs() -> dict[str, Path]:
    _require(render.find_soffice(), "LibreOffice (soffice)")
    _require(all(shutil.which(t) for t in ("pdffonts", "pdfinfo", "pdftoppm", "pdftotext")), "poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, data in (("report-2020", sample_2020()), ("report-2021", qingshan_2021())):
        docx = ARTIFACTS / f"{name}.docx"
        R.build_docx(data, docx)
        out[name] = render.docx_to_pdf(docx, ARTIFACTS)
    return out


def page_texts(pdf: Path) -> list[str]:
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for i in range(1, render.pdf_page_count(pdf) + 1)]


def table_three_page(pdf: Path) -> int:
    pages = [i for i, text in enumerate(page_texts(pdf), 1) if "本列数据的勾稽关系为" in text]
    assert len(pages) == 1, pages
    return pages[0]


@pytest.mark.parametrize("name", ["report-2020", "report-2021"])
def test_pdf_uses_only_the_free_fonts_mapped_to_the_official_names(pdfs, name):
    fonts = render.pdf_fonts(pdfs[name])
    families = {re.sub(r"-VKana$", "", f) for f in fonts}
    assert families == set(STAND_INS.values()), fonts    # no DejaVu or other fallback for CJK text


@pytest.mark.parametrize("name,pages", [("report-2020", range(8, 11)), ("report-2021", range(4, 7))])
def test_page_count_is_in_the_expected_range(pdfs, name, pages):
    assert render.pdf_page_count(pdfs[name]) in pages


@pytest.mark.parametrize("name", ["report-2020", "report-2021"])
def test_table_three_is_kept_whole_on_one_page_with_its_heading(pdfs, name):
    page = page_texts(pdfs[name])[table_three_page(pdfs[name]) - 1]
    for text in ("三、收到和处理政府信息公开申请情况", "申请人情况", "一、本年新收政府信息公开申请数量", "（七）总计",
                 "四、结转下年度继续办理"):
        assert text in page


def test_page_numbers_are_printed_between_dashes(pdfs):
    texts = page_texts(pdfs["report-2021"])
    assert [re.findall(r"—\s*(\d+)\s*—", t) for t in texts] == [[str(i)] for i in range(1, len(texts) + 1)]


def _compare(png: Path, baseline: Path) -> float:
    from PIL import Image, ImageChops, ImageStat

    if UPDATE:
        BASELINES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, baseline)
    assert baseline.is_file(), f"no approved image {baseline.name}: run with NIANBAO_UPDATE_BASELINES=1"
    got, want = Image.open(png).convert("L"), Image.open(baseline).convert("L")
    assert got.size == want.size, f"{png.name}: size {got.size}, approved {want.size}"
    diff = ImageChops.difference(got, want)
    mean = ImageStat.Stat(diff).mean[0]
    if mean:
        ImageChops.invert(diff).save(png.with_name(png.stem + "-diff.png"))
    return mean


@pytest.mark.parametrize("page", ["page1", "table3"])
def test_rendered_page_matches_the_approved_baseline(pdfs, page):
    pdf = pdfs["report-2020"]
    number = 1 if page == "page1" else table_three_page(pdf)
    prefix = ARTIFACTS / f"report-2020-{page}"
    png, = render.pdf_to_png(pdf, prefix, number, dpi=DPI)
    png = png.rename(prefix.with_suffix(".png"))
    mean = _compare(png, BASELINES / png.name)
    assert mean <= TOLERANCE, f"{png.name} differs from the approved image by {mean:.2f} grey levels on average"
