"""The one registry of input kinds: which files are report data, workbooks or published reports.

Owns: every kind of file the product reads (``KINDS``: its name, the suffixes it goes by, whether it
is a published report and which reader turns it into a ``Document``), the route a file takes
(``route``: by its suffix, else by its first bytes), the file checks before any reader sees a
published report (missing, empty, over ``MAX_BYTES``), telling what a published report really is
from its bytes whatever its name (``sniff``: PDF, Word, web page, text; a legacy .doc or an
encrypted Office file is refused with a hint) and loading it (``load``). ``validate``, ``report``,
``import``, ``audit`` and ``distribute``/``collect --last-year-dir`` all ask this module, so a
suffix that one command reads every command reads.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from xl_addin.errors import InputError
from xl_addin.source.document import Document
from xl_addin.source.plain_text import decode
from xl_addin.xlsx import filecheck

MAX_BYTES = 20 * 1024 * 1024            # a published report is well under this, even with images


@dataclass(frozen=True)
class Kind:
    name: str                       # data | workbook | pdf | docx | html | txt
    suffixes: tuple[str, ...]       # lower case, with the dot
    published: bool = False         # a published report (read as published by ``source.published``)
    reader: str = ""                # the module of ``xl_addin.source`` that reads it into a Document


KINDS = (
    Kind("data", (".json",)),
    Kind("workbook", (".xlsx", ".xlsm")),
    Kind("pdf", (".pdf",), True, "pdf"),
    Kind("docx", (".docx", ".doc", ".wps"), True, "docx_text"),
    Kind("html", (".html", ".htm", ".shtml", ".xhtml"), True, "html_text"),
    Kind("txt", (".txt", ".text"), True, "plain_text"),
)
BY_NAME = {k.name: k for k in KINDS}
PUBLISHED_SUFFIXES = tuple(s for k in KINDS if k.published for s in k.suffixes)
WORKBOOK_SUFFIXES = BY_NAME["workbook"].suffixes


def by_suffix(path: str | Path) -> Kind | None:
    suffix = Path(path).suffix.lower()
    return next((k for k in KINDS if suffix in k.suffixes), None)


def is_published(path: str | Path) -> bool:
    """Whether a file is read as a published report (PDF, Word, web page, text)."""
    return route(path) == "published"


def route(path: str | Path) -> str:
    """data | workbook | published: by the file's suffix, else by its first bytes (a JSON object or
    nothing readable: data, so that the data reader words the problem)."""
    kind = by_suffix(path)
    if kind is not None:
        return "published" if kind.published else kind.name
    if filecheck.is_workbook(path):
        return "workbook"
    head = filecheck.head(path, 1024)
    if not head or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return "data"
    if head.startswith(b"%PDF") or head.startswith(b"PK\x03\x04") or _text_like(head):
        return "published"
    return "data"


def _text_like(head: bytes) -> bool:
    """Text in UTF-8 or GB18030 (a character cut at the end of the sample is no matter)."""
    for enc in ("utf-8", "gb18030"):
        for cut in range(4):
            try:
                text = head[:len(head) - cut].decode(enc)
            except UnicodeDecodeError:
                continue
            return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)
    return False


def is_report_file(path: Path) -> bool:
    """A file of a folder that may hold a report: a workbook or a published report (lock and hidden files not)."""
    return path.is_file() and not path.name.startswith(("~$", ".")) and \
        path.suffix.lower() in WORKBOOK_SUFFIXES + PUBLISHED_SUFFIXES


# ---------------------------------------------------------------- published reports

def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        if not p.exists():
            raise InputError("import.missing", p)
        if not p.is_file():
            raise InputError("import.not_file", p)
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError("import.too_big", p, size=_size(size), limit=_size(MAX_BYTES))
        data = p.read_bytes()
    except OSError as e:
        raise InputError("import.unreadable", p, reason=e.strerror or type(e).__name__) from None
    if not data:
        raise InputError("import.empty", p)
    return data


def sniff(data: bytes, file: str) -> str:
    """pdf | docx | html | txt from the bytes (the name is not trusted); InputError for anything else."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"       # the Word reader refuses other zips (workbooks) with their own message
    if data.startswith(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"):
        encrypted = "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data
        raise InputError("import.office_encrypted" if encrypted else "import.doc", file)
    sample = data[:8192]
    try:
        text = decode(sample, file)
    except InputError:
        raise InputError("import.unknown_kind", file) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
    if controls > len(text) // 50 + 1 or text.count("\ufffd") > len(text) // 20 + 1:
        raise InputError("import.unknown_kind", file)
    low = text.lower()
    if re.search(r"<(?:!doctype\s+html|html|body|p|div|table|br|h[1-6])[\s>/]", low):
        return "html"
    return "txt"


def load(path: str | Path) -> Document:
    """The file's text as a Document, whichever kind of published report it is."""
    data = read_bytes(path)
    kind = BY_NAME[sniff(data, str(path))]
    reader = importlib.import_module(f"xl_addin.source.{kind.reader}")
    return reader.read(data, str(path))
