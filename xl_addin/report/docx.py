"""The report as a DOCX: the content blocks laid out on the style-only base document.

Owns: mapping content blocks to the base document's styles (``xl_addin/report/assets/base.docx``,
made by ``tools/make_base_docx.py``: A4, GB/T 9704-2012 margins, 「— N —」 page numbers) and
placing the official tables (merged cells, header rows repeated on every page, rows that do
not split, a table kept on one page when it fits, its own 五号 宋体 style). Raw-XML workarounds
come from ``oxml``; the wording comes from ``content``.

python-docx speed traps avoided (design-notes §4): paragraph styles are set by id, not by name
or object (which scans every style); run text is added without python-docx's per-character
parsing; each table is written whole by ``oxml.grid_table`` instead of cell by cell with
``merge()``, which rebuilds the cell grid on every call. Building the sample report takes
about 40 ms (``bench/bench_report.py``).
"""
from __future__ import annotations

import functools
import io
import os
from pathlib import Path
from typing import IO, Any, Union

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm

from xl_addin.report import content as C
from xl_addin.report import oxml

BASE_DOCX = Path(__file__).resolve().parent / "assets" / "base.docx"

# Style ids of the base document (names "NB Title", "NB Body" … see tools/make_base_docx.py).
TITLE, BODY, TABLE_TEXT, TABLE = "NBTitle", "NBBody", "NBTableText", "NBTable"
ROW_HEIGHT = Mm(6)          # table rows at least this high: the official tables are not cramped
HEADING = {1: "NBHeading1", 2: "NBHeading2", 3: "NBHeading3", 4: "NBHeading3"}

Target = Union[str, os.PathLike, IO[bytes]]


@functools.lru_cache(maxsize=1)
def _base_bytes() -> bytes:
    return BASE_DOCX.read_bytes()


def _styled(paragraph, style_id: str):
    """Set a paragraph style by id: python-docx's ``paragraph.style =`` scans every style."""
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def _add_paragraph(doc, style_id: str, text: str = ""):
    p = _styled(doc.add_paragraph(), style_id)
    if text:
        p._p.add_r().add_t(text)    # Run.text would parse the text character by character
    return p


def _title(doc, block: C.Title) -> None:
    # The base document's body holds one empty paragraph: it becomes the title.
    p = _styled(doc.paragraphs[0], TITLE) if doc.paragraphs else _add_paragraph(doc, TITLE)
    run = p.add_run(block.lines[0])
    for line in block.lines[1:]:
        run.add_break()
        run = p.add_run(line)


def _type_area_width(doc) -> int:
    s = doc.sections[0]
    return s.page_width - s.left_margin - s.right_margin


def _table(doc, block: C.Table, width: int) -> None:
    """Append one official table: merged cells, header rows repeated, rows kept whole."""
    total = sum(block.col_widths)
    widths = [Emu(int(width * w / total)) for w in block.col_widths]
    cells = [(c.row, c.col, c.rs, c.cs, c.text, "left" if c.kind == "label" and c.rs == 1 else None)
             for c in block.cells]
    tbl = oxml.grid_table(block.n_rows, widths, cells, table_style=TABLE, paragraph_style=TABLE_TEXT,
                          header_rows=block.header_rows, min_row_height=ROW_HEIGHT, keep_together=True)
    doc.element.body._insert_tbl(tbl)


def render(report: C.Report):
    """A python-docx Document of the report (not saved)."""
    doc = Document(io.BytesIO(_base_bytes()))
    width = _type_area_width(doc)
    for block in report.blocks:
        if isinstance(block, C.Title):
            _title(doc, block)
        elif isinstance(block, C.Heading):
            _add_paragraph(doc, HEADING[block.level], block.text)
        elif isinstance(block, C.Paragraph):
            p = _add_paragraph(doc, BODY, block.text)
            if block.role == "signature":   # 落款: right-aligned, no first-line indent
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.paragraph_format.first_line_indent = 0
        elif isinstance(block, C.Table):
            _table(doc, block, width)
    props = doc.core_properties
    props.title = report.title
    props.author = report.org_name
    return doc


def build_docx(data: Any, out: Target, report: C.Report | None = None) -> None:
    """Write the report of ``data`` as DOCX to a path or a binary stream."""
    doc = render(report or C.build(data))
    doc.save(out if not isinstance(out, os.PathLike) else os.fspath(out))
