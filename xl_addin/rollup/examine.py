"""Reading, checking and validating one returned workbook for a roll-up run (in a worker process).

Owns: the ``Examined`` record of one file, the ``C-*`` findings about a file (``problem``), and
which files are usable: readable, naming an office, of the run's year and format, not a roll-up.
The check itself is ``check.step.check``, the step ``nianbao validate`` runs.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from xl_addin import display
from xl_addin.check.step import Read, check
from xl_addin.check.text.names import roster_names
from xl_addin.check.text.narrative import section_text
from xl_addin.errors import InputError
from xl_addin.model import catalogue
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import Finding
from xl_addin.rollup import roster
from xl_addin.rollup.figures import numbers_of
from xl_addin.rollup.folders import is_rollup
from xl_addin.rollup.workers import CONTEXT, parallel
from xl_addin.source.read import read_report


@dataclass(frozen=True)
class Examined:
    """What became of one file: who sent it, whether it is usable, its findings (picklable)."""
    file: str
    name: str
    org: str | None = None
    key: str = ""
    year: Any = None
    format: Any = None
    version: str | None = None
    data: dict | None = None
    findings: tuple[Finding, ...] = ()
    problem: Finding | None = None
    usable: bool = False
    narrative: str = ""                 # 一、五、六 as one text, for 内容雷同 between offices
    names: tuple[str, ...] = ()         # the office's own names, neutral when comparing narratives
    digest: str = ""                    # content hash: byte-identical copies are one return

    def but(self, **changes: Any) -> "Examined":
        return replace(self, **changes)


def digest(path: str | Path) -> str:
    """The file's content hash: byte-identical copies are one file."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 16), b""):
                h.update(block)
    except OSError:         # reading it will say why
        return ""
    return h.hexdigest()


def problem(rule: str, where: str | None = None, **fields: Any) -> Finding:
    """A ``C-*`` finding about a file or an office, its sentence from the finding catalogue."""
    return Finding(rule=rule, severity=catalogue.finding_type(rule).severity, path="",
                   message=catalogue.message(rule, **fields), cell=where, kind="rollup")


def examine(path: str, context: dict | None = None) -> Examined:
    """Read, check and validate one returned workbook; never raises (a file must never stop a run)."""
    ctx = context if context is not None else CONTEXT
    p = Path(path)
    out = Examined(file=str(p), name=display.text(p.name))
    try:
        out = out.but(digest=digest(p))
        if is_rollup(p):
            return out.but(problem=problem("C-9", p.name))
        try:
            data, book = read_report(p)
        except InputError as e:
            return out.but(problem=problem("C-1", p.name, reason=_reason(e, p)))
        basic = data.get("basic") if isinstance(data.get("basic"), dict) else {}
        org = basic.get("org_name")
        out = out.but(org=org.strip() if isinstance(org, str) else None, key=roster.key(org), year=basic.get("year"),
                      format=data.get("format"), version=book.template_version if book is not None else None)
        if not out.key:
            return out.but(problem=problem("C-7", p.name))
        year, fmt = ctx["year"], ctx["format"]
        if out.year != year:
            return out.but(problem=problem("C-2", p.name, actual=M.show(out.year), year=year))
        if fmt is not None and out.format != fmt:
            return out.but(problem=problem("C-3", p.name, actual=_format_name(out.format), year=year,
                                           expected=_format_name(fmt)))
        if not ctx.get("validate", True):  # last year's workbooks: the whole report, for the cross-year rules
            return out.but(usable=True, data=data)
        try:   # last year's matched by office and year; the workbook's own 上年数据 may be of another year
            result = check(Read(str(p), data, book), last_year=(ctx.get("last") or {}).get(out.key))
        except InputError as e:
            return out.but(problem=problem("C-1", p.name, reason=_reason(e, p)))
        schema = S.load(out.format)
        locate = L.locator(schema, data)
        copied = tuple(f.at(locate) for f in roster_names(data, schema, ctx.get("roster") or ()))
        narrative = "\n".join(section_text(data, s) for s in ("s1", "s5", "s6"))
        return out.but(usable=True, data=numbers_of(data), findings=tuple(result.findings) + copied,
                       narrative=narrative, names=(out.org or "", basic.get("self_name") or ""))
    except Exception:  # a file must never stop the run
        return out.but(problem=problem("C-1", p.name, reason=M.ROLLUP_BROKEN), usable=False)


def _format_name(fmt: Any) -> str:
    try:
        return S.format_name(fmt)
    except (S.UnknownFormat, TypeError):
        return f"未知格式{M.show(fmt)}"


def _reason(e: InputError, path: Path) -> str:
    """Why a workbook cannot be used, without the file (it has its own column); for a spreadsheet in
    another format, what it is and to save it again as .xlsx."""
    kind = M.ROLLUP_RESAVE.get(path.suffix.lower())
    return M.ROLLUP_RESAVE_HOW.format(kind=kind) if kind else e.reason


def _examine_in_context(path: str) -> Examined:
    return examine(path)


def dead(path: str, reason: str) -> Examined:
    """A file whose worker died on it (or ran out of time): C-1 with the reason, never tried again."""
    p = Path(path)
    return Examined(file=str(p), name=display.text(p.name), problem=problem("C-1", p.name, reason=reason))


def run_all(paths: list[Path], context: dict, jobs: int | None = None,
            advance: Callable[[int], None] | None = None) -> list[Examined]:
    """``examine`` every file; results in the order of ``paths``."""
    return parallel(_examine_in_context, [str(p) for p in paths], jobs, context, advance, on_death=dead)
