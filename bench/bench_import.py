"""Benchmark: ``nianbao import`` of a real published PDF side by side with pypdfium2's plain text
extraction of the same file; ``nianbao import`` of one 10-page PDF, the PDF text libraries on the
same PDF, and ``nianbao audit`` of 200 published reports on 2 worker processes.

The real PDF is ``huaian-2024.pdf`` of the development set (``../shared/reference/real-reports``,
or ``--pdf FILE``): a 6-page report made with WPS 文字. The two are timed in alternation, round
after round, so that the machine's load weighs on both alike; the median of the rounds' ratios is
the figure (target: import ≤ 3 × plain text). This part needs no LibreOffice.

The PDFs are made by ``nianbao report --pdf`` (LibreOffice needed; without it the PDF figures are
left out and the audit folder holds Word documents and web pages only); generating the reports is
timed apart. The same report imported as Word and as a web page is timed too. The audit folder
mixes PDF, Word and web-page reports of 200 offices (a few distinct PDFs copied under every
office's name, a Word document and a page per office made from
random consistent data), with last year's reports of half of them for the cross-year rules.

    .venv/bin/python bench/bench_import.py [--pdf FILE] [--real-only] [--n 200] [--jobs 2] [--runs 7] [--keep DIR]
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REAL_PDF = ROOT.parent / "shared" / "reference" / "real-reports" / "huaian-2024.pdf"
YEAR = 2024
DISTINCT_PDFS = 8


def ten_page_data() -> dict:
    """The 2020 sample with its narrative extended to fill ten pages."""
    from tests.support.rule_cases import sample_2020

    data = sample_2020()
    extra = data["s1"][2]["paragraphs"][:2]
    data["s1"].append({"level": 1, "heading": "（八）其他工作", "paragraphs": extra * 2})
    return data


def best(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def bench_real(pdf: Path, runs: int) -> float:
    """Import of a real PDF against pypdfium2's plain text of it, in alternation; returns the ratio."""
    import pypdfium2 as pdfium

    from xl_addin.source.published import read_published

    def plain():
        doc = pdfium.PdfDocument(str(pdf))
        try:
            for page in doc:
                page.get_textpage().get_text_range()
        finally:
            doc.close()

    def full():
        read_published(pdf)

    plain()
    full()                                  # warm: modules imported, files cached
    times: dict[str, list[float]] = {"plain": [], "import": []}
    for _ in range(runs):
        for name, fn in (("plain", plain), ("import", full)):
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    plain_ms, import_ms = (statistics.median(times[k]) * 1000 for k in ("plain", "import"))
    pages = len(pdfium.PdfDocument(str(pdf)))
    print(f"{pdf.name} ({pages} pages), {runs} rounds side by side:")
    print(f"  pypdfium2 plain text (anchor): median {plain_ms:.0f} ms, best {min(times['plain']) * 1000:.0f} ms")
    print(f"  nianbao import (whole report data): median {import_ms:.0f} ms, best {min(times['import']) * 1000:.0f} ms")
    # each round's two times were taken one after the other, under the same load: the median of
    # the rounds' ratios is the figure, with the ratios of the medians and of the best times beside it
    ratio = statistics.median(i / p for i, p in zip(times["import"], times["plain"]))
    print(f"  import / plain text: {ratio:.1f} x median of the rounds' ratios (target <= 3 x); "
          f"ratio of the medians {import_ms / plain_ms:.1f} x, of the best times "
          f"{min(times['import']) / min(times['plain']):.1f} x")
    return ratio


def bench_pdf(folder: Path, runs: int) -> None:
    from xl_addin.report import build as R
    from xl_addin.report import render
    from xl_addin.source.published import read_published

    pdf = folder / "ten-pages.pdf"
    t = time.perf_counter()
    R.build_pdf(ten_page_data(), pdf)
    pages = render.pdf_page_count(pdf)
    print(f"made a {pages}-page PDF with LibreOffice in {time.perf_counter() - t:.1f} s (not timed below)")
    cold = subprocess.run([sys.executable, "-c", "import time,sys; t=time.perf_counter(); "
                           "from xl_addin.source.published import read_published; read_published(sys.argv[1]); "
                           "print(time.perf_counter()-t)", str(pdf)], capture_output=True, text=True, cwd=ROOT)
    median, low = best(lambda: read_published(pdf), runs)
    print(f"import of the {pages}-page PDF in-process: median {median * 1000:.0f} ms, best {low * 1000:.0f} ms "
          f"(first call in a fresh process, module imports included: {float(cold.stdout or 'nan') * 1000:.0f} ms)")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xl_addin", "import", str(pdf), "-o", str(folder / "ten.json")],
                   capture_output=True, cwd=ROOT, check=True)
    print(f"`nianbao import` of it, whole command: {time.perf_counter() - t:.2f} s")
    libraries(pdf, runs)


def bench_word_and_page(folder: Path, runs: int) -> None:
    """The same ten-page report imported as Word and as a web page (no LibreOffice needed)."""
    from xl_addin.report import build as R
    from xl_addin.source.published import read_published

    data = ten_page_data()
    docx, page = folder / "ten-pages.docx", folder / "ten-pages.html"
    R.build_docx(data, docx)
    page.write_text(R.build_html(data), encoding="utf-8")
    for label, path in (("Word (.docx)", docx), ("web page (.html)", page)):
        read_published(path)
        median, low = best(lambda path=path: read_published(path), runs)
        print(f"import of the ten-page report as {label} in-process: median {median * 1000:.0f} ms, best {low * 1000:.0f} ms")


def libraries(pdf: Path, runs: int) -> None:
    """Text with positions from each PDF library that is installed, on the same PDF."""
    def fium():
        import pypdfium2 as pdfium
        doc = pdfium.PdfDocument(str(pdf))
        for page in doc:
            tp = page.get_textpage()
            tp.get_text_range()
            for i in range(tp.count_chars()):
                tp.get_charbox(i, loose=True)

    def pypdf_text():
        import pypdf
        parts = []
        for page in pypdf.PdfReader(str(pdf)).pages:
            page.extract_text(visitor_text=lambda text, cm, tm, fd, fs: parts.append((text, tm[4], tm[5])))

    def plumber():
        import pdfplumber
        with pdfplumber.open(str(pdf)) as doc:
            for page in doc.pages:
                page.extract_words()
                _ = (page.lines, page.rects)

    for name, module, fn in (("pypdfium2 (chars with boxes)", "pypdfium2", fium),
                             ("pypdf (text runs with positions)", "pypdf", pypdf_text),
                             ("pdfplumber (words, lines, rects)", "pdfplumber", plumber)):
        if importlib.util.find_spec(module) is None:
            print(f"  {name}: not installed")
            continue
        fn()
        median, low = best(fn, max(3, runs // 2))
        print(f"  {name}: median {median * 1000:.0f} ms, best {low * 1000:.0f} ms")


def make_reports(folder: Path, n: int, pdf: bool = True) -> tuple[Path, Path]:
    from tests.support import rollup_cases as RC
    from xl_addin.report import build as R

    this, last = folder / "reports", folder / "last"
    this.mkdir()
    last.mkdir()
    kinds = ("县级以上人民政府部门", "乡镇人民政府", "街道办事处")
    t = time.perf_counter()
    pdfs = []
    for v in range(DISTINCT_PDFS if pdf else 0):
        data = RC.report("2021", f"基准审查机关PDF{v}号", kinds[v % 3], YEAR, seed=v)
        if v % 4 == 3:
            data["t3"]["new"]["nat"] += 1      # one in four breaks 一+二=三+四
        R.build_pdf(data, this / f"pdf{v}.pdf")
        pdfs.append(this / f"pdf{v}.pdf")
    made_pdf = time.perf_counter() - t
    for i in range(n):
        name = f"基准审查机关{i:03d}号"
        kind = i % 5
        if kind in (0, 1) and pdfs:             # two in five published as PDF
            # a copy of one of the PDFs, made a file of its own by a comment after %%EOF (byte-identical
            # copies of one office's report would be audited once)
            (this / f"{name}.pdf").write_bytes(pdfs[i % len(pdfs)].read_bytes() + f"\n% {name}\n".encode())
            continue
        previous = RC.report("2021", name, kinds[i % 3], YEAR - 1, seed=5000 + i)
        data = RC.report("2021", name, kinds[i % 3], YEAR, seed=100 + i, carry=RC.carry_of(previous))
        if kind in (1, 2) and not pdfs or kind == 2:   # without LibreOffice: 60 % Word, 40 % web pages
            (this / f"{name}.html").write_text(R.build_html(data), encoding="utf-8")
        else:
            R.build_docx(data, this / f"{name}.docx")
        if i % 2 == 0:
            R.build_docx(previous, last / f"{name}-{YEAR - 1}.docx")
    for p in pdfs:
        p.unlink()
    print(f"made {n} reports in {time.perf_counter() - t:.1f} s ({DISTINCT_PDFS} PDFs with LibreOffice in "
          f"{made_pdf:.1f} s; not timed below)")
    return this, last


def bench_audit(folder: Path, n: int, jobs: int, pdf: bool = True) -> None:
    this, last = make_reports(folder, n, pdf)
    kinds = {k: len(list(this.glob(f"*.{k}"))) for k in ("pdf", "docx", "html")}
    print(f"reports: {kinds['pdf']} PDF, {kinds['docx']} Word, {kinds['html']} web pages")
    out = folder / "审查.xlsx"
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "xl_addin", "audit", str(this), "-o", str(out), "--last-year-dir",
                           str(last), "-j", str(jobs)], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    print(proc.stdout.splitlines()[0] if proc.stdout else proc.stderr)
    print(f"`nianbao audit` of {n} reports (+{len(list(last.iterdir()))} of last year) on {jobs} processes: "
          f"{wall:.1f} s wall ({wall / n * 1000:.0f} ms per report)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--pdf", type=Path, default=REAL_PDF, help="the real PDF to time (default: huaian-2024.pdf)")
    ap.add_argument("--real-only", action="store_true", help="only the real PDF against plain text")
    args = ap.parse_args()
    from xl_addin.report import render

    if args.pdf.is_file():
        bench_real(args.pdf, max(args.runs, 3))
    else:
        print(f"{args.pdf}: not found (the development set lives in ../shared/reference/real-reports)")
    if args.real_only:
        return 0

    pdf = render.find_soffice() is not None
    if not pdf:
        print("LibreOffice is not installed (scripts/install-system-deps.sh): no PDF can be made, so the PDF figures "
              "are left out and the audit folder has Word documents and web pages only")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="nianbao-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if pdf:
            bench_pdf(folder, args.runs)
        bench_word_and_page(folder, args.runs)
        bench_audit(folder, args.n, args.jobs, pdf)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("import")
    code = main()
    footer()
    sys.exit(code)
