"""Auditing published reports: every report of a folder imported, validated and listed in one workbook.

Owns: which files are audited (published reports in the folders and files given), importing and
validating each in a worker process (``source.published`` then ``check.step.check``, with last
year's report of the same office for the cross-year rules when ``--last-year-dir`` has it), each
report's 结论 (通过 / 不通过 / 无法读取), where every problem is in the report as a reader would
look for it (「表三 第一项 自然人列」, the paragraph) with the value as printed, and the 内容雷同
pairs (``check.similarity``). Writing the workbook lives in ``audit_book``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from xl_addin.check import similarity
from xl_addin.check.step import Read, check
from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import ERROR, Finding
from xl_addin.rollup import folders, roster
from xl_addin.rollup.last_year import read_reports, report_files
from xl_addin.rollup.workers import CONTEXT, parallel
from xl_addin.source import kinds
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

    @property
    def errors(self) -> int:
        return sum(p.finding.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def conclusion(self) -> str:
        if self.unreadable:
            return M.AUDIT["unreadable"]
        return M.AUDIT["failed"] if self.errors else M.AUDIT["passed"]


@dataclass
class Audit:
    reports: list[Audited]
    similar: list = field(default_factory=list)   # 内容雷同 pairs: (report, report, share, note)
    last_year_files: int = 0
    notes: list[Finding] = field(default_factory=list)

    def count(self, conclusion: str) -> int:
        return sum(r.conclusion == conclusion for r in self.reports)


# ---------------------------------------------------------------- where a problem is

def _table_sheet(schema: dict, table: str) -> str:
    for sh in schema["x-layout"]["sheets"]:
        if sh.get("table") == table:
            return sh["name"]
    return table


def where(schema: dict, path: str, data: dict | None = None) -> str:
    """A data path as a reader finds it in the report: 「表三 第一项 自然人列」, 「一、总体情况 （二）… 第1段」."""
    dotted = S.from_json_path(path) if path.startswith("$") else path
    parts = dotted.split(".") if dotted else []
    if not parts:
        return M.AUDIT["whole_report"]
    head = parts[0]
    if head in ("t2", "t3", "t4"):
        out = [_table_sheet(schema, head)]
        if len(parts) >= 2:
            out.append(S.short(schema, ".".join(parts[:2])))
        if len(parts) >= 3:
            out.append(S.title(schema, dotted) + (M.AUDIT["column"] if head == "t3" else ""))
        return " ".join(out)
    if head in ("s1", "s5", "s6"):
        out = [S.title(schema, head)]
        if len(parts) >= 2 and parts[1].isdigit():
            heading = S.get(data or {}, f"{head}.{parts[1]}.heading")
            out.append(heading if isinstance(heading, str) and heading else M.AUDIT["node"].format(n=int(parts[1]) + 1))
        if len(parts) >= 4 and parts[2] == "paragraphs" and parts[3].isdigit():
            out.append(M.AUDIT["paragraph"].format(n=int(parts[3]) + 1))
        return " ".join(out)
    if head == "headings" and len(parts) == 2:
        return M.AUDIT["heading"].format(section=S.title(schema, dotted))
    if head in ("basic", "fees", "last_year") and len(parts) >= 2:
        return f"{S.title(schema, head)} {S.title(schema, dotted)}"
    return S.label(schema, dotted)


def printed(finding: Finding, data: dict) -> str:
    """What the report prints at the finding's place (a value, a heading, a paragraph's opening)."""
    if finding.kind == "import" and finding.actual is not None:
        return str(finding.actual)
    dotted = S.from_json_path(finding.path) if finding.path.startswith("$") else finding.path
    value = S.get(data, dotted) if dotted else S.MISSING
    if isinstance(value, dict) and "heading" in value:
        value = value.get("heading") or " ".join(value.get("paragraphs") or [])
    if value is S.MISSING or isinstance(value, (dict, list)):
        return ""
    if value is None:
        return M.AUDIT["blank"]
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "……"


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
    out = Audited(file=str(p), name=p.name)
    try:
        imported = read_published(p)
    except InputError as e:
        return _but(out, unreadable=e.message[len(f"{p}："):] if e.message.startswith(f"{p}：") else e.message)
    except Exception:
        return _but(out, unreadable=M.AUDIT["broken"])
    data = imported.data
    basic = data.get("basic") or {}
    out = _but(out, kind=M.IMPORT_KINDS.get(imported.kind, imported.kind), org=basic.get("org_name"),
               year=basic.get("year"), format=data.get("format"), narrative=_narrative(data))
    try:
        last, last_file = (ctx.get("last") or {}).get(roster.key(out.org), (None, None))
        if last is not None and isinstance(out.year, int) and (last.get("basic") or {}).get("year") != out.year - 1:
            last, last_file = None, None
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
            raise InputError(M.AUDIT["missing"].format(path=p))
    seen, unique = set(), []
    for p in out:
        r = p.resolve()
        if r not in seen and r not in skip:
            seen.add(r)
            unique.append(p)
    return unique


def similar_pairs(reports: list[Audited]) -> list:
    """内容雷同 pairs among the reports' narratives (``check.similarity.pairs``)."""
    return list(similarity.pairs({r.file: r.narrative for r in reports if r.narrative}))


def audit(sources: list[str | Path], last_year_dir: str | Path | None = None, jobs: int | None = None,
          progress: Callable[[int, str], Callable[[int], None]] | None = None,
          exclude: list[Path] = ()) -> Audit:
    """Audit every published report in ``sources``; last year's reports (any kind) for the cross-year rules."""
    paths = report_paths(sources, list(exclude))
    if not paths:
        raise InputError(M.AUDIT["none"].format(sources="、".join(str(s) for s in sources)))
    last: dict = {}
    notes: list[Finding] = []
    n_last = 0
    if last_year_dir is not None:

        folder = folders.folder(last_year_dir, M.AUDIT["last_year_dir"])
        advance = progress(len(report_files(folder)), M.AUDIT["progress_last"]) if progress else None
        last, notes, n_last = read_reports(folder, None, jobs, advance)
    advance = progress(len(paths), M.AUDIT["progress"]) if progress else None
    reports = parallel(_examine_in_context, [str(p) for p in paths], jobs, {"last": last}, advance, on_death=_dead)
    return Audit(reports, similar_pairs(reports), n_last, notes)
