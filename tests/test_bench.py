"""The benchmark scripts run anywhere the package does (their figures are not checked here)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_workbook_benchmark_runs_without_nianbao_on_the_path():
    code = ("import runpy, shutil, sys; shutil.which = lambda *a, **k: None; "
            "sys.argv = ['bench_workbook.py', '--runs', '1', '--cli-runs', '1']; "
            "runpy.run_path('bench/bench_workbook.py', run_name='__main__')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert f"command: {sys.executable} -m xl_addin" in out.stdout
    assert "x anchor" in out.stdout and "python -c pass (anchor)" in out.stdout


@pytest.mark.slow
def test_the_locate_benchmark_runs():
    out = subprocess.run([sys.executable, "bench/bench_locate.py", "--paragraphs", "200", "--runs", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert "one per paragraph ( 200 findings)" in out.stdout, out.stderr


@pytest.mark.slow
def test_the_import_benchmark_times_the_real_pdf_without_libreoffice():
    from tests.support import real_reports as RR
    from tests.support.needs import need

    need(RR.available(), "the real reports in ../shared/reference/real-reports")
    code = ("import runpy, sys; import xl_addin.report.render as r; r.find_soffice = lambda *a, **k: None; "
            "sys.argv = ['bench_import.py', '--runs', '3', '--real-only']; "
            "runpy.run_path('bench/bench_import.py', run_name='__main__')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "pypdfium2 plain text (anchor)" in out.stdout and "import / plain text:" in out.stdout


@pytest.mark.slow
def test_the_import_benchmark_runs_without_libreoffice(tmp_path):
    code = ("import runpy, sys; from xl_addin.report import render; render.find_soffice = lambda: None; "
            "sys.argv = ['bench_import.py', '--n', '6', '--jobs', '1', '--runs', '1']; "
            "runpy.run_path('bench/bench_import.py', run_name='__main__')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "LibreOffice is not installed" in out.stdout
    assert "import of the ten-page report as Word (.docx) in-process: median" in out.stdout
    assert "reports: 0 PDF, 4 Word, 2 web pages" in out.stdout
    assert "`nianbao audit` of 6 reports" in out.stdout
    assert "anchors: pure-Python loop" in out.stdout and "load average" in out.stdout


def _make_bench_scripts() -> set[str]:
    import re

    text = (ROOT / "Makefile").read_text(encoding="utf-8")

    def recipe(name: str) -> str:
        body = text[text.index(f"\n{name}:"):]
        return body[:body.index("\n\n")]

    bench = recipe("bench")
    if "bench-server" in bench:
        bench += recipe("bench-server")
    return set(re.findall(r"bench/([a-z_]+\.py)", bench))


def test_make_bench_runs_every_bench_the_readme_quotes():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Benchmarks"):readme.index("## Project layout")]
    quoted = set(re.findall(r"\b((?:bench_[a-z_]+|load_server)\.py)", section))
    assert quoted and quoted <= _make_bench_scripts()
    server = (ROOT / "docs" / "server.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\b((?:bench_[a-z_]+|load_server)\.py)", server)) <= _make_bench_scripts()


def test_every_bench_prints_the_load_and_its_anchor():
    for script in sorted((ROOT / "bench").glob("*.py")):
        if script.name == "anchor.py":
            continue
        text = script.read_text(encoding="utf-8")
        assert "header(" in text and "footer()" in text, script.name
