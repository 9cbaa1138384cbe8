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
            "sys.argv = ['bench_import.py', '--runs', '3']; runpy.run_path('bench/bench_import.py', run_name='__main__')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "pypdfium2 plain text (anchor)" in out.stdout and "import / plain text:" in out.stdout
    assert "LibreOffice is not installed: the 10-page PDF and the audit folder are skipped" in out.stdout
