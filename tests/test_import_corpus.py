"""Perturbed published reports (``tests/support/import_corpus.py``) import exactly as published.

Each case is printed as DOCX, HTML, plain text and (with LibreOffice) PDF; the imported data must
equal the case's expected data, and the findings must be exactly the expected ones (an
approximate label is always reported, with the label as printed).
"""
from __future__ import annotations

import pytest

from tests.support import import_corpus as IC
from tests.support.needs import need_soffice
from xl_addin.source.published import read_published


def _check(case: IC.Case, kind: str, folder) -> None:
    imported = read_published(IC.write(case, kind, folder))
    assert imported.data == IC.expected(case)
    got = [(f.rule, f.path, f.message) for f in imported.findings]
    assert len(got) == len(case.findings), got
    for rule, path, fragment in case.findings:
        assert any(r == rule and p == path and fragment in m for r, p, m in got), (rule, path, fragment, got)


@pytest.mark.parametrize("case,kind", IC.corpus(("docx", "html", "txt")),
                         ids=[f"{c.name}-{k}" for c, k in IC.corpus(("docx", "html", "txt"))])
def test_a_perturbed_published_report_imports_exactly(tmp_path, case, kind):
    _check(case, kind, tmp_path)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c, _ in IC.corpus(("pdf",))], ids=[c.name for c, _ in IC.corpus(("pdf",))])
def test_a_perturbed_published_pdf_imports_exactly(tmp_path, case):
    need_soffice()
    _check(case, "pdf", tmp_path)


def test_the_corpus_covers_every_variant_the_issue_lists():
    names = {c.name for c in IC.CASES}
    assert {"label-typo", "numbering-dun", "legacy-other-row", "split-table", "cells-one-per-line",
            "cells-joined-by-bar", "ocr-headers", "blank-total-column", "full-width-digits", "run-in-headings",
            "kept-heading", "wrong-total-kept", "text-in-number-cell"} <= names
    assert {k for c in IC.CASES for k in c.kinds} == {"docx", "html", "txt", "pdf"}
