"""Auditing published reports: every report of a folder imported, validated and listed in one workbook.

Owns: which files are audited (published reports in the folders and files given), importing and
validating each in a worker process (``source.published`` then ``check.step.check``, with last
year's report of the same office for the cross-year rules when ``--last-year-dir`` has it), each
report's 结论 (通过 / 不通过 / 无法读取), where every problem is in the report as a reader would
look for it (``source.positions``: 「表三 第一项 自然人列」, the paragraph) with the value as printed,
one report counted once (copies, and one office's report published as PDF and Word), and the
内容雷同 pairs (``check.text.similarity``). Writing the workbook lives in ``audit_book``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from xl_addin.check.step import Read, check
from xl_addin.check.text import similarity
from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import ERROR, Finding
from xl_addin.rollup import folders, roster
from xl_addin.rollup.examine import digest
from xl_addin.rollup.last_year import one_report, read_reports, report_files
from xl_addin.rollup.workers import CONTEXT, parallel
from xl_addin.source import kinds
from xl_addin.source.positions import printed, where
from xl_addin.source.published import read_published

TEXT_FOR_SIMILARITY = 20000      # characters of narrative kept per report for the 内容雷同 check


@dataclass(frozen=True)
class Problem:
    """One finding of one report, located as a reader finds it in the published text."""
    finding: Finding
    where: str
    printed: str


@dataclass(frozen=True)
class Audited:
    """What became of one report (picklable): who published it, its problems, or why it is unreadable."""
    file: str
    name: str
    kind: str = ""
    org: str | None = None
    year: Any = None
    format: str | None = None
    problems: tuple[Problem, ...] = ()
    unreadable: str | None = None
    last_year_file: str | None = None
    narrative: str = ""
    shown: str = ""                     # the file as listed: its path within the folder audited
    digest: str = ""                    # content hash: byte-identical copies are one report
    same_as: str | None = None          # another file is the same report (a copy, another form): why not audited

    @property
    def errors(self) -> int:
        return sum(p.finding.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def conclusion(self) -> str:
        if self.same_as:
            return M.SAME_REPORT["conclusion"]
        if self.unreadable:
            return M.AUDIT["unreadable"]
        return M.AUDIT["failed"] if self.errors else M.AUDIT["passed"]


@dataclass(frozen=True)
class Audit:
    """An audit run: every report (copies and other forms listed, not audited again), the 内容雷同
    pairs, and what was read of last year's reports."""
    reports: tuple[Audited, ...]
    similar: tuple[tuple[str, str, float, str], ...] = ()   # 内容雷同 pairs: (report, report, share, note)
    last_year_files: int = 0
    notes: tuple[Finding, ...] = ()

    def count(self, conclusion: str) -> int:
        return sum(r.conclusion == conclusion for r in self.reports)

    @property
    def audited(self) -> list[Audited]:
        """The reports audited: every file but copies and other forms of a report listed once."""
        return [r for r in self.reports if not r.same_as]


# ---------------------------------------------------------------- one report (in a worker)

def _narrative(data: dict) -> str:
    parts = []
    for section in ("s1", "s5", "s6"):
        for node in data.get(section) or []:
            parts.append(node.get("heading") or "")
            parts.extend(node.get("paragraphs") or [])
    return "\n".join(p for p in parts if p)[:TEXT_FOR_SIMILARITY]


def examine(path: str, context: dict | None = None) -> Audited:
    """Import, validate and locate one published report; never raises (a file never stops the run)."""

    ctx = context if context is not None else CONTEXT
    p = Path(path)
    out = Audited(file=str(p), name=p.name, digest=digest(p))
    try:
        imported = read_published(p)
    except InputError as e:
        return _but(out, unreadable=e.reason)          # the file has its own column
    except Exception:
        return _but(out, unreadable=M.AUDIT["broken"])
    data = imported.data
    basic = data.get("basic") or {}
    out = _but(out, kind=M.IMPORT_KINDS.get(imported.kind, imported.kind), org=basic.get("org_name"),
               year=basic.get("year"), format=data.get("format"), narrative=_narrative(data))
    try:
        key = (roster.key(out.org), out.year - 1) if isinstance(out.year, int) else None
        last, last_file = (ctx.get("last") or {}).get(key, (None, None))
        result = check(Read(str(p), data), last_year=last)
        findings = list(imported.findings) + list(result.findings)
    except Exception:
        return _but(out, unreadable=M.AUDIT["broken"])
    schema = S.load(data["format"])
    problems = tuple(Problem(f, where(schema, f.path, data), printed(f, data))
                     for f in sorted(findings, key=lambda f: f.severity != ERROR))
    return _but(out, problems=problems, last_year_file=last_file)


def _but(a: Audited, **changes: Any) -> Audited:

    return replace(a, **changes)


def _examine_in_context(path: str) -> Audited:
    return examine(path)


def _dead(path: str, reason: str) -> Audited:
    """A report whose worker died on it (or ran out of time): 无法读取, never tried again."""
    return Audited(file=path, name=Path(path).name, unreadable=reason)


# ---------------------------------------------------------------- the run

def shown_paths(paths: list[Path], sources: list[str | Path]) -> dict[str, str]:
    """Each file as the lists show it: its path within the folder given (with that folder's name
    first when several were given), so that two 报告.pdf of different folders are told apart; a
    file given by itself as given."""
    folders_given = [Path(s) for s in sources if Path(s).is_dir()]
    out = {}
    for p in paths:
        shown = str(p)
        for f in folders_given:
            try:
                rel = p.relative_to(f)
            except ValueError:
                continue
            shown = str(Path(f.resolve().name) / rel) if len(folders_given) > 1 else str(rel)
            break
        out[str(p)] = shown
    return out


def one_per_report(reports: list[Audited]) -> list[Audited]:
    """Byte-identical copies and one office's report published in several forms (PDF, Word, web
    page) are one report: the newer file, on a tie the PDF, is audited; the others are listed as
    the same report without their problems (``last_year.one_report``)."""
    groups: dict[tuple, list[Audited]] = {}
    for r in reports:
        if r.unreadable is None and roster.key(r.org):
            groups.setdefault((roster.key(r.org), r.year), []).append(r)
        elif r.digest:
            groups.setdefault(("", r.digest), []).append(r)       # unreadable copies: one too
    same: dict[str, Audited] = {}
    for group in groups.values():
        one = one_report(group) if len(group) > 1 else None
        if one is None:
            continue
        primary, others = one
        for o in others:
            how = M.SAME_REPORT["copy"] if o.digest == primary.digest else M.SAME_REPORT["form"]
            same[o.file] = _but(o, same_as=M.SAME_REPORT["audited"].format(file=primary.shown or primary.name, how=how),
                                problems=(), narrative="")
    return [same.get(r.file, r) for r in reports]


def report_paths(sources: list[str | Path], exclude: list[Path] = ()) -> list[Path]:
    """Published reports among the files and folders given (folders searched with their subfolders)."""
    skip = {Path(p).resolve() for p in exclude}
    out: list[Path] = []
    for s in sources:
        p = Path(s)
        if p.is_dir():
            out += sorted((f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in kinds.PUBLISHED_SUFFIXES
                           and not f.name.startswith(("~$", "."))), key=lambda f: str(f))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError("rollup.missing", p)
    seen, unique = set(), []
    for p in out:
        r = p.resolve()
        if r not in seen and r not in skip:
            seen.add(r)
            unique.append(p)
    return unique


def similar_pairs(reports: list[Audited]) -> list:
    """内容雷同 pairs among the reports' narratives (``check.text.similarity.pairs``)."""
    return list(similarity.pairs({r.file: r.narrative for r in reports if r.narrative and not r.same_as}))


def audit(sources: list[str | Path], last_year_dir: str | Path | None = None, jobs: int | None = None,
          progress: Callable[[int, str], Callable[[int], None]] | None = None,
          exclude: list[Path] = ()) -> Audit:
    """Audit every published report in ``sources``; last year's reports (any kind) for the cross-year rules."""
    paths = report_paths(sources, list(exclude))
    if not paths:
        raise InputError("rollup.no_reports", sources="、".join(str(s) for s in sources))
    last: dict = {}
    notes: list[Finding] = []
    n_last = 0
    if last_year_dir is not None:

        folder = folders.folder(last_year_dir, M.AUDIT["last_year_dir"])
        advance = progress(len(report_files(folder)), M.AUDIT["progress_last"]) if progress else None
        last, notes, n_last = read_reports(folder, None, jobs, advance)
    advance = progress(len(paths), M.AUDIT["progress"]) if progress else None
    reports = parallel(_examine_in_context, [str(p) for p in paths], jobs, {"last": last}, advance, on_death=_dead)
    shown = shown_paths(paths, sources)
    reports = one_per_report([_but(r, shown=shown.get(r.file, r.name)) for r in reports])
    return Audit(tuple(reports), tuple(similar_pairs(reports)), n_last, tuple(notes))
