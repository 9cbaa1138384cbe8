"""Last year's reports of a folder, whatever their kind, by office: for 上年数据 and the cross-year rules.

Owns: which files of a folder are reports (returned workbooks, and published reports: PDF, Word,
web pages, text), reading each in a worker (a workbook as ``examine`` reads it, a published
report through ``source.published``) without validating it, and keeping one report per office
(two of the same office: C-5, neither used). A file that cannot be used becomes a C-* note;
it never stops the run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.model.findings import Finding
from xl_addin.rollup import folders, roster
from xl_addin.rollup.examine import Examined, dead, problem
from xl_addin.rollup.workers import CONTEXT, parallel
from xl_addin.source import kinds
from xl_addin.source.published import read_published
from xl_addin.source.read import read_report


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
        if kinds.is_published(p):
            data = read_published(p).data
        elif folders.is_rollup(p):
            return out.but(problem=problem("C-9", p.name))
        else:
            data, _ = read_report(p)
    except InputError as e:
        return out.but(problem=problem("C-1", p.name, reason=_reason(e.message, p)))
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


def _reason(message: str, path: Path) -> str:
    for prefix in (f"{path}：", f"{path.name}："):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _read_in_context(path: str) -> Examined:
    return read_one(path)


def read_reports(folder: Path, year: int | None, jobs: int | None = None, advance: Callable[[int], None] | None = None
                 ) -> tuple[dict[str, tuple[dict, str]], list[Finding], int]:
    """(office key -> (last year's full report, its file name), notes about unusable or duplicate
    files, number of files read). ``year``: the year the reports must be of (None: any)."""
    files = report_files(folder)
    results = parallel(_read_in_context, [str(p) for p in files], jobs, {"year": year}, advance, on_death=dead)
    found: dict[str, list[Examined]] = {}
    notes: list[Finding] = []
    for r in results:
        if r.problem:
            notes.append(r.problem)
        else:
            found.setdefault(r.key, []).append(r)
    last: dict[str, tuple[dict, str]] = {}
    for key, rs in found.items():
        if len(rs) > 1:
            names = "、".join(r.name for r in rs)
            notes.append(problem("C-5", names, org=rs[0].org, n=len(rs), files=names))
        else:
            last[key] = (rs[0].data, rs[0].name)
    return last, notes, len(files)


def read_last_year(folder: Path, year: int, jobs: int | None = None,
                   advance: Callable[[int], None] | None = None) -> tuple[dict[str, dict], list[Finding], int]:
    """(office key -> last year's full report, notes about unusable or duplicate files, files read)."""
    last, notes, n = read_reports(folder, year, jobs, advance)
    return {k: data for k, (data, _) in last.items()}, notes, n
