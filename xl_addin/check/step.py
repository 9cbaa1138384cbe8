"""The one read -> validate -> locate step, used by ``nianbao validate``/``report``, the server's
buttons and web page, and the roll-up.

Owns: reading a source (a JSON data file, a workbook, a published report, or data already read by
a caller such as the server from an Excel payload), reading last year's report (any of those) for the cross-year rules, running
the validator, and placing every finding on the cell it was read from (the reader's own W-*
findings first). Returns a ``CheckResult``; raises ``InputError`` (exit 2) for unreadable input.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xl_addin.check.validator import validate
from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.model.findings import ERROR, Finding, count, errors_first
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


@dataclass(frozen=True)
class CheckResult:
    file: str
    data: dict
    book: WorkbookRead | None
    findings: tuple[Finding, ...]

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


def read(source: str | Path, fmt: str | None = None) -> Read:
    """Read a JSON data file, a workbook or a published report (PDF, Word, web page, text)."""
    if kinds.is_published(source):
        # Imported here on purpose: the PDF and Word readers are heavy and most checks never need them.
        from xl_addin.source.published import read_published

        imported = read_published(source, fmt)
        return Read(str(source), imported.data, None, tuple(imported.findings))
    data, book = read_report(source, fmt)
    return Read(str(source), data, book)


def last_year_data(source: str | Path | dict | None) -> dict | None:
    """Last year's full report data from a file (JSON, workbook or published report) or as given."""
    if source is None or isinstance(source, dict):
        return source
    last = read(source).data
    if not isinstance(last, dict) or "format" not in last:
        raise InputError(M.LAST_YEAR_NOT_REPORT.format(file=source))
    return last


def check(source: str | Path | Read, last_year: str | Path | dict | None = None, fmt: str | None = None,
          today: dt.date | None = None) -> CheckResult:
    """Read (unless already read), validate and locate one report."""
    got = source if isinstance(source, Read) else read(source, fmt)
    last = last_year_data(last_year)
    noted = {f.path for f in got.findings if f.rule.startswith("I-")}
    # a blank the import already explains (机关类型 the name does not say: I-6) is not also a structural error
    findings: list[Any] = list(got.findings) + [f for f in validate(got.data, last_year=last, today=today)
                                                if not (f.kind == "schema" and f.path in noted)]
    if got.book is not None:
        findings = got.book.locate(list(got.book.findings) + findings)
    return CheckResult(got.file, got.data, got.book, tuple(errors_first(findings)))
