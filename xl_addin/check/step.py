"""The one read -> validate -> locate step, used by ``nianbao validate``/``report``, the server's
buttons and web page, and the roll-up.

Owns: reading a source (a JSON data file, a workbook, a published report, or data already read by
a caller such as the server from an Excel payload), reading last year's report (any of those) for the cross-year rules, running
the validator, and placing every finding on the cell it was read from (the reader's own W-*
findings first); refusing a last year that is not this office's report of the year before (another
机关名称, another year, the same file; or a 上年数据 sheet of another year) unless forced.
Returns a ``CheckResult``; raises ``InputError`` (exit 2) for unreadable input, ``LastYearMismatch``
(an ``InputError``) for a wrong last year.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xl_addin import display
from xl_addin.check.validator import validate
from xl_addin.errors import InputError, LastYearMismatch
from xl_addin.model import layout as L
from xl_addin.model import messages as M
from xl_addin.model import schema as S
from xl_addin.model.findings import ERROR, Finding, count, errors_first
from xl_addin.model.wording import office_key
from xl_addin.source import kinds
from xl_addin.source.read import read_report
from xl_addin.workbook.reader import WorkbookRead


@dataclass(frozen=True)
class Read:
    """Report data already read from a source, with the workbook's cell map when it was one, and
    the findings of reading it (a published report's import findings, I-*)."""
    file: str
    data: dict
    book: WorkbookRead | None = None
    findings: tuple[Finding, ...] = ()
    published: bool = False             # a published report (PDF, Word, web page, text) read as published


@dataclass(frozen=True)
class CheckResult:
    file: str
    data: dict
    book: WorkbookRead | None
    findings: tuple[Finding, ...]
    published: bool = False

    @property
    def errors(self) -> int:
        return count(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(self.findings)[1]

    @property
    def passed(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    @property
    def located(self) -> bool:
        """True when findings point at workbook cells (the source was a workbook)."""
        return self.book is not None

    def summary(self, form: str = "line") -> str:
        """The one verdict sentence: ``line`` 校验结论：不通过（错误 2 个，警告 1 个） (the CLI, the title of
        校验结果); its short forms ``alert`` (the 校验 button) and ``web`` (the web page)."""
        errors, warnings = self.errors, self.warnings
        if form == "line":
            return M.VERDICT["line"].format(verdict=M.FAILED if errors else M.PASSED, errors=errors, warnings=warnings)
        case = "failed" if errors else "warnings" if warnings else "clean"
        return M.VERDICT[form][case].format(errors=errors, warnings=warnings)

    def to_dict(self, form: str = "line") -> dict:
        """The one JSON shape of a check (``validate --json``, the web page's answer): the file, the
        format, the counts, the verdict (``summary(form)``), each finding as ``Finding.to_dict()`` (for
        a published report with its position as a reader finds it, as the audit words it) and the
        numbers of the narrative that were not checked."""
        # Imported here on purpose: only the JSON of a check needs the claim reader's list and positions.
        from xl_addin.check.text.claim_check import unchecked
        from xl_addin.source.positions import where

        schema = S.for_data(self.data)
        records = [f.to_dict() for f in self.findings]
        if self.published:
            for record, f in zip(records, self.findings):
                record["position"] = where(schema, f.path, self.data)
        return {"file": display.text(self.file), "format": self.data.get("format"), "errors": self.errors,
                "warnings": self.warnings, "summary": self.summary(form), "findings": records,
                "unchecked_claims": unchecked(self.data, schema)}


def read(source: str | Path, fmt: str | None = None) -> Read:
    """Read a JSON data file, a workbook or a published report (PDF, Word, web page, text)."""
    if kinds.is_published(source):
        # Imported here on purpose: the PDF and Word readers are heavy and most checks never need them.
        from xl_addin.source.published import read_published

        imported = read_published(source, fmt)
        return Read(str(source), imported.data, None, tuple(imported.findings), published=True)
    data, book = read_report(source, fmt)
    return Read(str(source), data, book)


def last_year_data(source: str | Path | dict | None) -> dict | None:
    """Last year's full report data from a file (JSON, workbook or published report) or as given."""
    if source is None or isinstance(source, dict):
        return source
    last = read(source).data
    if not isinstance(last, dict) or "format" not in last:
        raise InputError("data.not_last_year", source)
    return last


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _shown(value: Any) -> str:
    return M.LAST_YEAR["blank"] if value is None or value == "" else str(value)


def check_last_year(got: Read, last: dict, last_file: str | Path | None) -> None:
    """Refuse last year's report unless it is the same office's (机关名称, blanks and full-width
    aside) of the year before: ``LastYearMismatch`` naming both. A blank name or year is not compared."""
    basic = got.data.get("basic") if isinstance(got.data.get("basic"), dict) else {}
    last_basic = last.get("basic") if isinstance(last.get("basic"), dict) else {}
    org, last_org = basic.get("org_name"), last_basic.get("org_name")
    year, last_year = _year(basic.get("year")), _year(last_basic.get("year"))
    why = []
    same = last_file is not None and Path(got.file).exists() and Path(last_file).exists() and \
        Path(got.file).resolve() == Path(last_file).resolve()
    if same:
        why.append(M.LAST_YEAR["same_file"])
    if office_key(org) and office_key(last_org) and office_key(org) != office_key(last_org):
        why.append(M.LAST_YEAR["other_org"])
    if year is not None and last_year is not None and last_year != year - 1:
        why.append(M.LAST_YEAR["wrong_year"].format(expected=year - 1))
    if why:
        expected = year - 1 if year is not None else _shown(None)
        raise LastYearMismatch("last_year.mismatch", last_file, hint=M.LAST_YEAR["force"], last_org=_shown(last_org),
                               last_year=_shown(last_basic.get("year")), org=_shown(org), year=_shown(basic.get("year")),
                               why="，".join(why), expected=expected)


def check_embedded_last_year(got: Read) -> None:
    """Refuse a 上年数据 (``last_year``) that the clerk dated another year than the one before."""
    data = got.data
    section = data.get("last_year") if isinstance(data.get("last_year"), dict) else {}
    year, last_year = _year(S.get(data, "basic.year")), _year(section.get("year"))
    if year is None or last_year is None or last_year == year - 1:
        return
    schema = S.for_data(data)
    cell = L.cell_map(schema).get("last_year.year", "")
    sheet = cell.split("!")[0] if cell else S.title(schema, "last_year")
    where = cell if got.book is not None and cell else f"“{S.title(schema, 'last_year')}”"
    raise LastYearMismatch("last_year.embedded", got.file, hint=M.LAST_YEAR["force_embedded"], sheet=sheet,
                           cell=cell if got.book is not None and cell else None, where=where, last_year=last_year,
                           year=year, expected=year - 1)


def check(source: str | Path | Read, last_year: str | Path | dict | None = None, fmt: str | None = None,
          today: dt.date | None = None, force_last_year: bool = False) -> CheckResult:
    """Read (unless already read), validate and locate one report. Last year's report (given, or the
    workbook's own 上年数据) must be this office's of the year before unless ``force_last_year``."""
    got = source if isinstance(source, Read) else read(source, fmt)
    last = last_year_data(last_year)
    if not force_last_year:
        if last is not None:
            check_last_year(got, last, None if isinstance(last_year, dict) else last_year)
        else:
            check_embedded_last_year(got)
    noted = {f.path for f in got.findings if f.rule.startswith("I-")}
    # a blank the import already explains (机关类型 the name does not say: I-6) is not also a structural error
    findings: list[Any] = list(got.findings) + [f for f in validate(got.data, last_year=last, today=today)
                                                if not (f.kind == "schema" and f.path in noted)]
    if got.book is not None:
        findings = got.book.locate(list(got.book.findings) + findings)
    return CheckResult(got.file, got.data, got.book, tuple(errors_first(findings)), got.published)
