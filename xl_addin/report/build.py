"""Public API of report generation, for the CLI and the web / Excel backends.

``build_docx(data, out)``, ``build_html(data)``, ``build_pdf(data, out)`` (LibreOffice, when
installed: ``pdf_available()``) and ``data_paragraph(data)`` (the 生成数据描述 button). All take
report data as read by ``inputs.read_report`` and raise ``InputError`` when it is not a report.
Paths are written atomically (a temporary file beside the target, then renamed), so a failed
run never leaves half a file behind; binary streams are written directly.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any, Union

from xl_addin.outputs import write_with
from xl_addin.report import content as C
from xl_addin.report import docx as docx_report
from xl_addin.report import html as html_report
from xl_addin.report import render

Target = Union[str, os.PathLike, IO[bytes]]


def build(data: Any) -> C.Report:
    """The report's content blocks (title, preamble, headings, paragraphs, tables)."""
    return C.build(data)


def data_paragraph(data: Any) -> str:
    """The 依申请公开 paragraph generated from 表三 and 表四 (the 生成数据描述 button)."""
    return C.data_paragraph(data)


def _is_path(out: Any) -> bool:
    return isinstance(out, (str, os.PathLike))


def build_docx(data: Any, out: Target, report: C.Report | None = None) -> None:
    """Write the report as DOCX to a path or a binary stream."""

    report = report or C.build(data)
    if _is_path(out):
        write_with(out, lambda tmp: docx_report.build_docx(data, tmp, report))
    else:
        docx_report.build_docx(data, out, report)


def build_html(data: Any, report: C.Report | None = None) -> str:
    """The report as one self-contained HTML page."""

    return html_report.build_html(data, report or C.build(data))


def pdf_available() -> bool:
    """Whether LibreOffice is installed, so that ``build_pdf`` can work."""

    return render.find_soffice() is not None


def build_pdf(data: Any, out: Target, report: C.Report | None = None, docx: str | os.PathLike | None = None) -> None:
    """Write the report as PDF (via LibreOffice, free fonts mapped to the official names).

    Renders ``docx`` when given (the DOCX just written for the same data), otherwise builds
    one. Raises ``render.RenderUnavailable`` (message in Chinese) when LibreOffice is missing
    and ``render.RenderError`` when the conversion fails.
    """

    if render.find_soffice() is None:
        raise render.RenderUnavailable(render.SOFFICE_MISSING)
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as tmp:
        source = Path(tmp) / ((Path(out).stem if _is_path(out) else "report") + ".docx")   # named in messages
        if docx is not None:
            shutil.copyfile(docx, source)
        else:
            build_docx(data, source, report)
        pdf = render.docx_to_pdf(source, tmp)
        if _is_path(out):
            write_with(out, lambda t: shutil.copyfile(pdf, t))
        else:
            out.write(pdf.read_bytes())
