"""Collecting the workbooks offices return: the roll-up run.

Owns: ``collect`` (read and validate every returned workbook in parallel — ``examine`` — match it to
the roster by 机关名称, decide each office's status, sum the offices that passed) and the records of
a run (``OfficeRow``, ``Problem``, ``Collected``). Writing the roll-up workbook lives in ``book``,
the roster in ``roster``, distributing templates in ``distribute``.

Policy, in one place:
- a file is *usable* when it can be read, names an office, is of the collection's year and format
  and is not itself a roll-up; only usable files are validated;
- files are matched to offices by the 机关名称 in their 基本信息 (``roster.key``), never by file
  name; only a file that names no office (unreadable, 机关名称 blank) is shown against the office
  whose name is its file name, so that the office can be asked to send it again;
- byte-identical copies of one return are one return (the copies listed, not counted again);
- an office with two or more different usable files is 重复报送: every file is listed, none is summed;
- only offices that passed (exactly one usable file, no errors; warnings allowed) are summed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from xl_addin.check.text.names import RosterIndex
from xl_addin.model import messages as M
from xl_addin.model.findings import ERROR, WARNING, Finding
from xl_addin.rollup import book as rollup_book
from xl_addin.rollup import folders
from xl_addin.rollup import roster as RO
from xl_addin.rollup.distribute import check_format, read_last_year
from xl_addin.rollup.examine import Examined, problem, run_all
from xl_addin.rollup.figures import add_up, rollup_basic
from xl_addin.rollup.last_year import report_files
from xl_addin.rollup.similar import SimilarPair, find_similar

# ---------------------------------------------------------------- collect

@dataclass(frozen=True)
class OfficeRow:
    """One line of 报送情况: an office (or an unattributable file) and what became of its files."""
    name: str
    key: str
    state: str                          # key of messages.STATE: submitted, missing, off_roster, unknown
    conclusion: str                     # key of messages.CONCLUSION: passed, failed, duplicate, unusable …
    files: tuple[Examined, ...] = ()
    roster_cell: str | None = None
    note: str = ""
    problem: Finding | None = None      # the office's own C-* finding (C-5, C-6)
    office: Any = None                  # the roster's ``Office`` (contact details), if on the roster

    @property
    def usable(self) -> list[Examined]:
        return [f for f in self.files if f.usable]

    @property
    def errors(self) -> int:
        return sum(d.severity == ERROR for f in self.files for d in f.findings)

    @property
    def warnings(self) -> int:
        return sum(d.severity == WARNING for f in self.files for d in f.findings)

    @property
    def passed(self) -> bool:
        return self.conclusion == "passed"


@dataclass(frozen=True)
class Problem:
    """One line of 问题清单."""
    office: OfficeRow
    file: str | None
    finding: Finding


@dataclass(frozen=True)
class Collected:
    """A roll-up run: every office's line, 问题清单, the summed data and what was read."""
    year: int
    format: str
    rows: tuple[OfficeRow, ...]
    problems: tuple[Problem, ...]
    roster: tuple | None = None                  # the roster's offices (``roster.Office``), if a roster was given
    total: dict = field(default_factory=dict)    # the summed report data (format, basic, tables)
    folder: Path | None = None
    ignored: tuple[Path, ...] = ()               # files in the folder that are not workbooks
    files: int = 0
    last_year_files: int = 0                     # workbooks in --last-year-dir
    last_year_used: int = 0                      # offices whose last year's report was found there
    output: Path | None = None
    similar: tuple[SimilarPair, ...] = ()        # near-identical narratives

    def count(self, conclusion: str | None = None, state: str | None = None) -> int:
        return sum((conclusion is None or r.conclusion == conclusion) and (state is None or r.state == state)
                   for r in self.rows)

    @property
    def passed(self) -> list[OfficeRow]:
        return [r for r in self.rows if r.passed]

    @property
    def offices(self) -> list[OfficeRow]:
        """The rows that are offices to report on (the roster's, or every office found)."""
        return [r for r in self.rows if r.state in ("submitted", "missing")]

    @property
    def complete(self) -> bool:
        """Every office passed and every file was usable: nothing for the county office to chase."""
        return bool(self.rows) and all(r.passed for r in self.rows)


def collect(folder: str | Path, year: int, out_path: str | Path | None = None, roster_path: str | Path | None = None,
            last_year_dir: str | Path | None = None, fmt: str | None = None, name: str | None = None,
            jobs: int | None = None, progress: Callable[[int, str], Callable[[int], None]] | None = None,
            overwrite: bool = False) -> Collected:
    """Read, check and validate every workbook in ``folder``; write the roll-up to ``out_path``."""
    fmt = check_format(year, fmt)
    src = folders.folder(folder, "报送工作簿所在的文件夹")
    offices = RO.read(roster_path) if roster_path is not None else None
    out = Path(out_path) if out_path is not None else None
    if out is not None:
        folders.rollup_output(out, overwrite)
    exclude = [p for p in (out, Path(roster_path) if roster_path else None) if p is not None]
    books, others = folders.workbook_files(src, exclude)

    last: dict = {}
    n_last = 0
    if last_year_dir is not None:
        ly = folders.folder(last_year_dir, "上年工作簿文件夹")
        advance = progress(len(report_files(ly)), "读取上年工作簿") if progress else None
        last, _, n_last = read_last_year(ly, year - 1, jobs, advance)
    advance = progress(len(books), "读取并校验工作簿") if progress else None
    context = {"year": year, "format": fmt, "last": last, "roster": RosterIndex.of(o.name for o in offices or [])}
    results = run_all(books, context, jobs, advance)
    result = classify(results, offices, year, fmt)
    pairs, similar = find_similar(list(result.rows), fmt)
    result = replace(result, similar=tuple(pairs),
                     problems=result.problems + tuple(Problem(row, file, finding) for row, file, finding in similar),
                     folder=src, ignored=tuple(others), files=len(books), last_year_files=n_last,
                     last_year_used=len(last),
                     total={"format": fmt, "basic": rollup_basic(fmt, year, name),
                            **add_up([r.usable[0].data for r in result.passed], fmt)})
    if out is not None:
        result = replace(result, output=out)
        rollup_book.write(result, out)
    return result


def classify(results: list[Examined], offices: list | None, year: int, fmt: str) -> Collected:
    """Match files to offices and decide every office's status (see the module docstring)."""
    rows: dict[str, OfficeRow] = {}
    for o in offices or []:
        rows[o.key] = OfficeRow(name=o.name, key=o.key, state="missing", conclusion="missing", roster_cell=o.cell,
                                office=o)
    files: dict[str, list[Examined]] = {k: [] for k in rows}
    by_stem = {RO.key(folders.safe_filename(o.name)): o.key for o in offices or []}
    extra: list[OfficeRow] = []
    for r in results:
        k = r.key
        if not k:  # unreadable, no name or a roll-up: attributed by file name unless a roll-up
            owner = by_stem.get(RO.key(Path(r.name).stem))
            if owner and r.problem.rule in ("C-1", "C-7"):
                files[owner].append(r)
            else:
                extra.append(OfficeRow(name=M.ROLLUP_UNKNOWN, key="", state="unknown", conclusion="unusable",
                                       files=(r,)))
            continue
        if k not in rows:
            if offices is not None:
                if not r.problem:
                    r = r.but(usable=False, problem=problem("C-4", r.name, org=r.org))
                extra.append(OfficeRow(name=r.org, key=k, state="off_roster", conclusion="not_summed", files=(r,)))
                continue
            rows[k], files[k] = OfficeRow(name=r.org, key=k, state="missing", conclusion="missing"), []
        files[k].append(r)
    ordered = [replace(row, files=tuple(files[k])) for k, row in rows.items()]
    if offices is None:
        ordered.sort(key=lambda row: row.name)
    decided = [decide(row) for row in ordered + extra]
    problems: list[Problem] = []
    for row in decided:
        if row.problem:
            problems.append(Problem(row, row.problem.cell if row.state != "missing" else None, row.problem))
        for f in row.files:
            if f.problem:
                problems.append(Problem(row, f.name, f.problem))
            problems.extend(Problem(row, f.name, d) for d in f.findings)
    return Collected(year=year, format=fmt, rows=tuple(decided), problems=tuple(problems),
                     roster=tuple(offices) if offices is not None else None)


def decide(row: OfficeRow) -> OfficeRow:
    """An office's line with its 报送状态, 结论 and 说明 decided from its files."""
    if row.state in ("off_roster", "unknown"):
        return replace(row, note="；".join(f.problem.message for f in row.files if f.problem))
    if not row.files:
        found = problem("C-6", row.roster_cell, org=row.name)
        return replace(row, state="missing", conclusion="missing", problem=found, note=found.message)
    files, copies = _copies(row.files)
    row = replace(row, state="submitted", files=files)
    usable = row.usable
    if len(usable) > 1:
        names = "、".join(f.name for f in usable)
        found = problem("C-5", names, org=row.name, n=len(usable), files=names)
        return replace(row, conclusion="duplicate", problem=found, note=found.message)
    if usable:
        errors = sum(d.severity == ERROR for d in usable[0].findings)
        warnings = len(usable[0].findings) - errors
        note = M.ROLLUP_NOTE["failed" if errors else "passed_warnings" if warnings else "passed"].format(
            errors=errors, warnings=warnings)
        if copies:
            note += "；" + M.SAME_REPORT["return_copy"].format(others="、".join(f.name for f in copies))
        return replace(row, conclusion="failed" if errors else "passed", note=note)
    return replace(row, conclusion="unusable", note="；".join(f.problem.message for f in row.files))


def _copies(files: tuple[Examined, ...]) -> tuple[tuple[Examined, ...], list[Examined]]:
    """Byte-identical copies among an office's usable files: kept in the list, no longer usable
    (neither counted nor summed again). The files and the copies."""
    first: dict[str, Examined] = {}
    copies: list[Examined] = []
    out = []
    for f in files:
        if f.usable and f.digest and f.digest in first:
            f = f.but(usable=False, findings=(), data=None, narrative="")
            copies.append(f)
        elif f.usable and f.digest:
            first[f.digest] = f
        out.append(f)
    return tuple(out), copies
