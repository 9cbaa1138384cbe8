"""Round trip on our own output: sample data -> ``nianbao report`` DOCX, HTML, PDF -> ``nianbao import``.

The imported data must equal the data the report was made from: 基本信息, every cell of tables
二–四, the narrative outlines with their headings, and no import findings. PDF needs LibreOffice.
"""
from __future__ import annotations

import pytest

from tests.support.needs import need, need_soffice
from tests.support.report_text import write_published
from tests.support.rule_cases import qingshan_2021, sample_2020
from xl_addin.report import build as R
from xl_addin.source.published import read_published

SAMPLES = {"2020-jiaxiang": sample_2020, "2021-qingshan": qingshan_2021}


def _written(tmp_path, name: str, kind: str):
    data = SAMPLES[name]()
    if kind == "pdf":
        need_soffice()
    return data, write_published(data, tmp_path / f"{name}.{kind}")


def _assert_same(imported, data):
    assert imported.data["basic"] == data["basic"]
    for table in ("t2", "t3", "t4"):
        assert imported.data[table] == data[table], table          # cell for cell
    for section in ("s1", "s5", "s6"):
        assert imported.data[section] == data[section], section    # headings and paragraphs, as printed
    assert imported.data == data
    assert imported.findings == ()


@pytest.mark.parametrize("kind", ["docx", "html"])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_report_we_wrote_imports_as_the_data_it_was_made_from(tmp_path, name, kind):
    data, path = _written(tmp_path, name, kind)
    _assert_same(read_published(path), data)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_pdf_we_wrote_imports_as_the_data_it_was_made_from(tmp_path, name):
    data, path = _written(tmp_path, name, "pdf")
    _assert_same(read_published(path), data)


def test_a_kept_heading_wording_is_printed_instead_of_the_official_one(tmp_path):
    data = sample_2020()
    data["headings"] = {"s5": "五、政府信息公开工作存在的主要问题及改进情况"}
    html = R.build_html(data)
    assert "五、政府信息公开工作存在的主要问题及改进情况" in html
    assert "五、存在的主要问题及改进情况" not in html


def test_a_report_with_a_publication_date_closes_with_the_agency_and_the_date():
    assert R.build(qingshan_2021()).blocks[-1].lines == ("青山市人民政府", "2022年3月25日")


def test_the_real_published_sample_text_imports_as_its_transcribed_data():
    """The 嘉祥县 2020 report as published (a Word-to-text copy: one cell per line, the title broken
    mid-word, a converter's bookmark) imports as the data transcribed from it."""
    from pathlib import Path

    golden = Path(__file__).resolve().parent / "golden" / "sample-report-2020-jiaxiang-office.txt"
    imported = read_published(golden)
    assert imported.data == sample_2020()
    assert imported.findings == ()


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_text_of_a_pdf_saved_as_txt_imports_as_the_data(tmp_path, name):
    """A report's PDF copied to text (``pdftotext -layout``: tables as columns of spaces, lines
    hard-wrapped, page numbers and form feeds) still imports as its data."""
    import shutil
    import subprocess

    need(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    data, pdf = _written(tmp_path, name, "pdf")
    txt = tmp_path / f"{name}.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(txt)], check=True)
    _assert_same(read_published(txt), data)
