"""Untrusted files cannot hurt: every case of the hostile corpus (``tests/support/hostile.py``, built
by code) is read by a real ``nianbao`` in a subprocess within 30 s and 1 GB, and ends as exit 2 with
a Chinese reason (never exit 3, never a traceback); an ``audit`` of a folder holding all of them and
good reports finishes, lists each hostile file as 无法读取 with its reason and each good report with
its verdict, within 1 GB for the whole run."""
from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support import hostile as H
from tests.support import rollup_cases as RC
from tests.support.measure import measure
from tests.support.server_support import sample, write_workbook
from xl_addin.report import build as R
from xl_addin.xlsx.package import Package

pytestmark = pytest.mark.slow          # real processes, files of up to 20 MB

SECONDS, MEGABYTES = 30, 1024
NIANBAO = [sys.executable, "-m", "xl_addin"]
GOLDEN_TXT = Path(__file__).resolve().parent / "golden" / "sample-report-2020-jiaxiang-office.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: H.write(case, folder) for case in H.CASES}


def within_budget(m) -> None:
    assert m.code is not None, f"killed at the timeout: {m}"
    assert m.seconds <= SECONDS, str(m)
    assert m.tree_mb <= MEGABYTES and m.process_mb <= MEGABYTES, str(m)
    assert "Traceback" not in m.err and "程序内部错误" not in m.err, str(m)


@pytest.mark.parametrize("case", H.CASES, ids=[c.name for c in H.CASES])
def test_each_hostile_file_is_refused_in_bounded_time_and_memory(corpus, case, tmp_path):
    m = measure([*NIANBAO, "import", str(corpus[case.name]), "-o", str(tmp_path / "out.json")], timeout=SECONDS * 3)
    within_budget(m)
    assert m.code == 2, str(m)                                  # bad input: exit 2, never 3
    assert m.err.startswith(f"无法处理：{corpus[case.name]}："), m.err
    assert case.expect in m.err, m.err


def test_a_workbook_with_a_million_empty_rows_is_annotated_in_bounded_time_and_memory(tmp_path):
    book = write_workbook(tmp_path, sample())
    raw = book.read_bytes()
    part = Package(zipfile.ZipFile(io.BytesIO(raw))).sheets["表三"]
    fat = tmp_path / "百万行.xlsx"
    fat.write_bytes(H.million_rows(raw, part))
    out = tmp_path / "标注.xlsx"
    m = measure([*NIANBAO, "validate", str(fat), "--annotate", str(out)], timeout=SECONDS * 3)
    within_budget(m)
    assert m.code == 0, str(m)
    assert openpyxl.load_workbook(out)["表三"].max_row < 100


@pytest.fixture(scope="module")
def audited(corpus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit")
    for name, path in corpus.items():
        (folder / name).write_bytes(path.read_bytes())
    clean = RC.report("2021", "青山镇人民政府", "乡镇人民政府", 2021, seed=3)
    (folder / "青山镇.html").write_text(R.build_html(clean), encoding="utf-8")
    R.build_docx(RC.report("2021", "白水县人民政府", "县级以上人民政府", 2021, seed=9), folder / "白水县.docx")
    (folder / "嘉祥县.txt").write_bytes(GOLDEN_TXT.read_bytes())
    gbk = "嘉祥县办公室年报.txt".encode("gbk")                       # a name from a Windows archive
    with open(os.fsencode(folder) + b"/" + gbk, "wb") as f:
        f.write(GOLDEN_TXT.read_bytes())
    out = folder.parent / f"{folder.name}-审查.xlsx"
    m = measure([*NIANBAO, "audit", str(folder), "-o", str(out), "-j", "2"], timeout=600)
    return m, out, folder


def test_an_audit_of_hostile_and_good_reports_finishes_within_1_gb(audited):
    m, out, _ = audited
    assert m.code in (0, 1), str(m)
    assert m.tree_mb <= MEGABYTES and m.process_mb <= MEGABYTES, str(m)
    assert "Traceback" not in m.err, m.err
    assert out.exists()


def test_the_audit_lists_hostile_files_as_unreadable_with_their_reason(audited):
    _, out, _ = audited
    rows = {r[7].rsplit("/", 1)[-1]: r for r in openpyxl.load_workbook(out)["审查结果"].iter_rows(min_row=3, values_only=True)}
    for case in H.CASES:
        row = rows[case.name]
        assert row[4] == "无法读取", row
        assert row[10] and case.expect in row[10], row
    verdicts = {name: (rows[name][1], rows[name][4]) for name in ("青山镇.html", "白水县.docx", "嘉祥县.txt", "嘉祥县办公室年报.txt")}
    assert verdicts["青山镇.html"] == ("青山镇人民政府", "通过")
    assert verdicts["白水县.docx"][0] == "白水县人民政府" and verdicts["白水县.docx"][1] in ("通过", "不通过")
    # one office's report twice (one with a GBK name): audited once, the other listed as the same report
    assert sorted([verdicts["嘉祥县.txt"], verdicts["嘉祥县办公室年报.txt"]]) == [
        ("嘉祥县人民政府办公室", "同一报告"), ("嘉祥县人民政府办公室", "通过")]
