"""Reading text back out of the golden sample, a DOCX and an HTML page, for the golden tests.

Normalisation: every whitespace character (including the full-width space, tabs and line
breaks) is removed, so a title broken over two lines and the sample's stray spaces in table
cells ('　　0') compare equal to our output.
"""
from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree

# The published text of the sample report (a copy of shared/reference/, kept with the tests).
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "sample-report-2020-jiaxiang-office.txt"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WS = re.compile(r"\s+")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")   # an artefact of the DOCX-to-text conversion


def norm(text: str) -> str:
    return _WS.sub("", text)


def golden_text() -> str:
    return GOLDEN.read_text(encoding="utf-8")


def golden_lines(text: str | None = None) -> list[str]:
    """Every non-empty line of the sample report, normalised, in order."""
    text = golden_text() if text is None else text
    return [n for n in (norm(_BOOKMARK.sub("", line)) for line in text.splitlines()) if n]


def golden_tables(text: str | None = None) -> list[list[list[str]]]:
    """The sample's tables: rows of cells (normalised; '' for the continuation of a merged cell).

    In the text a cell starts with a tab, a line without a tab right after a cell continues it
    (a header broken over two lines), and a blank line ends a row; a line without a tab after
    a blank line ends the table.
    """
    text = golden_text() if text is None else text
    tables, rows, row, blank = [], [], [], False
    for line in text.splitlines():
        if line.startswith("\t"):
            if blank and row:
                rows.append(row)
                row = []
            row.append(norm(line))
            blank = False
        elif not line.strip():
            blank = True
        elif row and not blank:
            row[-1] += norm(line)
        else:
            if row:
                rows.append(row)
                row = []
            if rows:
                tables.append(rows)
                rows = []
            blank = False
    if row:
        rows.append(row)
    if rows:
        tables.append(rows)
    return tables


# ---------------------------------------------------------------- DOCX

def docx_body(docx: bytes | str | Path):
    raw = docx if isinstance(docx, bytes) else Path(docx).read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def is_continuation(tc) -> bool:
    vm = tc.find(f"{W}tcPr/{W}vMerge")
    return vm is not None and vm.get(f"{W}val", "continue") == "continue"


def docx_tables(docx) -> list[list[list[str]]]:
    """Every table as rows of cells (one entry per ``w:tc``; '' for a vertical continuation)."""
    return [[[norm(_text(tc)) for tc in tr.findall(f"{W}tc")] for tr in tbl.findall(f"{W}tr")]
            for tbl in docx_body(docx).findall(f"{W}tbl")]


def docx_items(docx) -> list[str]:
    """Paragraph texts and table cell texts in document order; merged cells once."""
    out = []
    for el in docx_body(docx):
        if el.tag == f"{W}p":
            out.append(norm(_text(el)))
        elif el.tag == f"{W}tbl":
            for tc in el.iter(f"{W}tc"):
                if not is_continuation(tc):
                    out.append(norm(_text(tc)))
    return [i for i in out if i]


# ---------------------------------------------------------------- HTML

class _Collector(HTMLParser):
    BLOCKS = {"h1", "h2", "h3", "h4", "h5", "p", "td", "th"}

    def __init__(self):
        super().__init__()
        self.items: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.stack: list[str] = []
        self.buf: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in self.BLOCKS:
            self.buf = []

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self.buf is not None:
            text = norm("".join(self.buf))
            if tag in ("td", "th"):
                self.tables[-1][-1].append(text)
            if text:
                self.items.append(text)
            self.buf = None

    def handle_data(self, data):
        if self.buf is not None:
            self.buf.append(data)


def html_items(page: str) -> list[str]:
    c = _Collector()
    c.feed(page)
    return c.items


def html_tables(page: str) -> list[list[list[str]]]:
    c = _Collector()
    c.feed(page)
    return c.tables


# ---------------------------------------------------------------- comparing

def missing_in_order(lines: list[str], items: list[str]) -> list[str]:
    """The lines that cannot be found, in order, in the concatenated items ([] when all are)."""
    text = "".join(items)
    pos, missing = 0, []
    for line in lines:
        i = text.find(line, pos)
        if i < 0:
            missing.append(line)
        else:
            pos = i + len(line)
    return missing


# ---------------------------------------------------------------- the workbook route

def through_workbook(data: dict, folder: Path) -> dict:
    """Fill the standard workbook with ``data``, save it, and read it back (as a clerk's file is read)."""
    from xl_addin.workbook import reader, template

    raw, _ = template.fill_bytes(data)
    path = Path(folder) / "sample.xlsx"
    path.write_bytes(raw)
    read, _ = reader.read(path)
    return read


def write_published(data: dict, path: Path) -> Path:
    """The report written at ``path`` as its suffix says: Word (.docx), a web page (.html, .htm,
    .shtml) or a PDF (.pdf, through LibreOffice: the caller checks it is installed)."""
    from xl_addin.report import build as R

    suffix = path.suffix.lower()
    if suffix == ".docx":
        R.build_docx(data, path)
    elif suffix in (".html", ".htm", ".shtml"):
        path.write_text(R.build_html(data), encoding="utf-8")
    elif suffix == ".pdf":
        R.build_pdf(data, path)
    else:
        raise ValueError(f"no published form for {suffix}")
    return path
