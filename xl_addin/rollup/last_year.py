"""Last year's reports of a folder, whatever their kind, by office: for 上年数据 and the cross-year rules.

Owns: which files of a folder are reports (returned workbooks, and published reports: PDF, Word,
web pages, text), reading each in a worker (a workbook as ``examine`` reads it, a published
report through ``source.published``) without validating it, and keeping one report per office:
byte-identical copies are one file, and one report published in several forms (PDF, Word, web
page, text) is one report — the newer file, on a tie the PDF (``one_report``); two different
reports of one office are C-5, neither used. A file that cannot be used becomes a C-* note; it
never stops the run.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Sequence

from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.model.findings import Finding
from xl_addin.rollup import folders, roster
from xl_addin.rollup.examine import Examined, dead, digest, problem
from xl_addin.rollup.workers import CONTEXT, parallel
from xl_addin.source import kinds
from xl_addin.source.published import read_published
from xl_addin.source.read import read_report

# the forms one report is published in (input kinds), the one that stands for the others first on equal dates
FORMS = {"pdf": 0, "docx": 1, "html": 2, "txt": 3}


def _form(path: str) -> int | None:
    kind = kinds.by_suffix(path)
    return FORMS.get(kind.name) if kind else None


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def one_report(files: Sequence[Any]) -> tuple[Any, list] | None:
    """(the file that stands for them, the others) when the files of one office (each with ``file``
    and ``digest``) are one report: byte-identical copies, or the same report published in
    different forms (PDF, Word, web page, text; each form once) — the newer file, on a tie the
    PDF. None when they are different reports (two workbooks, two PDFs that differ …)."""
    def rank(f: Any) -> tuple:
        return _mtime(f.file), -(9 if _form(f.file) is None else _form(f.file)), f.file

    distinct: dict[str, Any] = {}
    for f in files:
        key = f.digest or f.file
        if key not in distinct or rank(f) > rank(distinct[key]):
            distinct[key] = f
    kept = list(distinct.values())
    forms = [_form(f.file) for f in kept]
    if len(kept) > 1 and (None in forms or len(set(forms)) < len(forms)):
        return None
    primary = max(kept, key=rank)
    return primary, [f for f in files if f is not primary]


def shown_with_forms(primary: Any, others: Sequence[Any]) -> str:
    """The name of the file used, saying which other files are the same report."""
    if not others:
        return primary.name
    return M.SAME_REPORT["used"].format(file=primary.name, others="、".join(o.name for o in others))


def report_files(folder: Path, recursive: bool = False) -> list[Path]:
    """Workbooks and published reports in a folder, sorted; lock files and hidden files skipped."""
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted((p for p in found if kinds.is_report_file(p)), key=lambda p: str(p))


def read_one(path: str, context: dict | None = None) -> Examined:
    """One of last year's reports, read and not validated; never raises."""
    ctx = context if context is not None else CONTEXT
    p = Path(path)
    out = Examined(file=str(p), name=p.name)
    try:
        out = out.but(digest=digest(p))
        if kinds.is_published(p):
            data = read_published(p).data
        elif folders.is_rollup(p):
            return out.but(problem=problem("C-9", p.name))
        else:
            data, _ = read_report(p)
    except InputError as e:
        return out.but(problem=problem("C-1", p.name, reason=e.reason))     # the file has its own column
    except Exception:  # a file must never stop the run
        return out.but(problem=problem("C-1", p.name, reason=M.ROLLUP_BROKEN))
    basic = data.get("basic") or {}
    org = basic.get("org_name")
    out = out.but(org=org, key=roster.key(org), year=basic.get("year"), format=data.get("format"))
    if not out.key:
        return out.but(problem=problem("C-7", p.name))
    if ctx.get("year") is not None and out.year != ctx["year"]:
        return out.but(problem=problem("C-2", p.name, actual=M.show(out.year), year=ctx["year"]))
    return out.but(usable=True, data=data)


def _read_in_context(path: str) -> Examined:
    return read_one(path)


def read_reports(folder: Path, year: int | None, jobs: int | None = None, advance: Callable[[int], None] | None = None
                 ) -> tuple[dict[tuple[str, Any], tuple[dict, str]], list[Finding], int]:
    """((office key, report year) -> (last year's full report, the file used as shown), notes about
    unusable or duplicate files, number of files read). ``year``: the year the reports must be of
    (None: any; each office's reports are then kept per year)."""
    files = report_files(folder)
    results = parallel(_read_in_context, [str(p) for p in files], jobs, {"year": year}, advance, on_death=dead)
    found: dict[tuple[str, Any], list[Examined]] = {}
    notes: list[Finding] = []
    for r in results:
        if r.problem:
            notes.append(r.problem)
        else:
            found.setdefault((r.key, r.year), []).append(r)
    last: dict[tuple[str, Any], tuple[dict, str]] = {}
    for k, rs in found.items():
        one = one_report(rs)
        if one is None:
            names = "、".join(r.name for r in rs)
            notes.append(problem("C-5", names, org=rs[0].org, n=len(rs), files=names))
        else:
            last[k] = (one[0].data, shown_with_forms(*one))
    return last, notes, len(files)


def read_last_year(folder: Path, year: int, jobs: int | None = None,
                   advance: Callable[[int], None] | None = None) -> tuple[dict[str, dict], list[Finding], int]:
    """(office key -> last year's full report, notes about unusable or duplicate files, files read)."""
    last, notes, n = read_reports(folder, year, jobs, advance)
    return {k: data for (k, _), (data, _) in last.items()}, notes, n
