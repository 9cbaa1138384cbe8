"""Distributing templates: one prefilled workbook per office on a roster, last year's figures carried over.

Owns: the format a run uses (the year's own; another is refused), reading last year's returned
workbooks of a folder (any format) and prefilling 上年数据 from them, and writing the workbooks
(existing files are never overwritten).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from xl_addin.check.validator import last_year_section
from xl_addin.errors import InputError
from xl_addin.model import layout as L
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding
from xl_addin.outputs import write_bytes
from xl_addin.rollup import folders, roster
from xl_addin.rollup.examine import problem
from xl_addin.rollup.last_year import read_last_year as read_reports
from xl_addin.rollup.last_year import report_files
from xl_addin.rollup.workers import parallel
from xl_addin.workbook import template


@dataclass(frozen=True)
class Distributed:
    """What ``distribute`` wrote: the workbooks, and what it found about last year's."""
    files: tuple[Path, ...]
    prefilled: tuple[str, ...]           # offices whose 上年数据 was prefilled
    no_last_year: tuple[str, ...]        # offices without a usable workbook of last year
    notes: tuple[Finding, ...]           # C-8 (no last-year workbook) and last year's unusable files
    last_year_files: int = 0


def last_year_fields(fmt: str) -> list[str]:
    """The 上年数据 paths a template of this format has cells for."""
    return [p for p in L.cell_map(S.load(fmt)) if p.startswith("last_year.")]


def prefill_last_year(fmt: str, last: dict) -> dict:
    """Last year's figures for this year's 上年数据 sheet, from last year's full report (either format)."""
    section = {"last_year": last_year_section(last)}
    out: dict = {}
    for path in last_year_fields(fmt):
        v = S.get(section, path)
        if v is not S.MISSING and v is not None and not isinstance(v, (dict, list)):
            S.put(out, path, v)
    return out.get("last_year", {})


def read_last_year(folder: Path, year: int, jobs: int | None, advance=None) -> tuple[dict, list[Finding], int]:
    """key -> last year's full report, from a folder of last year's returned workbooks (any format)
    and published reports (PDF, Word, web pages, text: ``rollup.last_year``)."""

    return read_reports(folder, year, jobs, advance)


def check_format(year: int, fmt: str | None) -> str:
    """The format of a run: the year's own unless given; a format the year cannot use, or a year
    no format covers (before the first, after next year), is refused."""
    S.check_report_year(year)
    if fmt is None:
        return S.format_for_year(year)
    if fmt not in S.FORMATS:
        raise InputError("data.unknown_format", fmt=fmt, formats="、".join(S.FORMATS))
    if S.format_for_year(year) != fmt:
        raise InputError("fill.format_year", year=year, expected=S.format_name(S.format_for_year(year)), actual=S.format_name(fmt))
    return fmt


def _fill_one(item: tuple[dict, str]) -> str:
    """Fill one template with an office's prefilled data and write it (runs in a worker)."""

    data, target = item
    payload, _ = template.fill_bytes(data)
    write_bytes(target, payload)
    return target


def distribute(roster_path: str | Path, year: int, out_dir: str | Path, fmt: str | None = None,
               last_year_dir: str | Path | None = None, jobs: int | None = None,
               progress: Callable[[int, str], Callable[[int], None]] | None = None) -> Distributed:
    """One prefilled workbook per roster office in ``out_dir`` (created; existing files never overwritten)."""
    fmt = check_format(year, fmt)
    offices = roster.read(roster_path)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("rollup.file_not_folder", out)
    names: dict[str, str] = {}
    targets = []
    for o in offices:
        stem = folders.safe_filename(o.name)
        if stem.lower() in names:  # two names that differ only in characters a file name cannot hold
            stem = f"{stem}_{o.cell.split('!')[-1]}"
        names[stem.lower()] = o.name
        targets.append(out / f"{stem}.xlsx")
    clash = [t.name for t in targets if t.exists()]
    if clash:
        shown = "、".join(clash[:5]) + (f"等{len(clash)}个文件" if len(clash) > 5 else "")
        raise InputError("rollup.clash", out, shown=shown)
    last: dict = {}
    notes: list[Finding] = []
    n_last = 0
    if last_year_dir is not None:
        folder = folders.folder(last_year_dir, "上年工作簿文件夹")
        count = len(report_files(folder))
        advance = progress(count, "读取上年工作簿") if progress else None
        last, notes, n_last = read_last_year(folder, year - 1, jobs, advance)
    out.mkdir(parents=True, exist_ok=True)
    prefilled, no_last = [], []
    items = []
    for o, target in zip(offices, targets):
        data = {"format": fmt, "basic": {**o.basic(), "org_name": o.name, "year": year}}
        if last_year_dir is not None:
            if o.key in last:
                section = prefill_last_year(fmt, last[o.key])
                if section:
                    data["last_year"] = section
                prefilled.append(o.name)
            else:
                notes.append(problem("C-8", o.cell, org=o.name, year=year - 1))
                no_last.append(o.name)
        items.append((data, str(target)))
    advance = progress(len(items), "生成工作簿") if progress else None
    parallel(_fill_one, items, jobs, None, advance)
    return Distributed(files=tuple(targets), prefilled=tuple(prefilled), no_last_year=tuple(no_last),
                       notes=tuple(notes), last_year_files=n_last)
