"""Checking a workbook file before any spreadsheet parser touches it.

Owns: the documented limits (file size, number of zip members, total uncompressed size,
compression ratio), telling an .xlsx from an .xls or WPS .et, an OpenDocument spreadsheet, an
encrypted workbook, a CSV, HTML or PDF file, a Word document or a damaged zip, and refusing XML parts that declare a DTD or entities
(billion laughs, external entities). Every refusal is an ``InputError`` (exit 2) naming the file.
The file is read once into memory and never written.
"""
from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

from xl_addin.errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024          # a report workbook is well under 1 MB
MAX_MEMBERS = 2000                          # zip entries
MAX_UNCOMPRESSED = 100 * 1024 * 1024        # sum of the declared uncompressed sizes
MAX_RATIO = 100                             # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024                   # small members may compress as well as they like
MAX_PROLOG = 64 * 1024                      # bytes read before an XML part's root element

CFB_MAGIC = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def fail(key: str, file: str | Path, **fields) -> InputError:
    """The refusal ``xlsx.<key>`` of ``file`` (``sheet``/``cell`` among the fields are its sheet and cell)."""
    return InputError(f"xlsx.{key}", file, **fields)


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, after the existence and size checks."""
    p = Path(path)
    try:
        if not p.exists():
            raise fail("missing", p)
        if not p.is_file():
            raise fail("not_file", p)
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail("too_big", p, size=_size(size), limit=_size(MAX_FILE_BYTES))
        with open(p, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise fail("unreadable", p, reason=e.strerror or type(e).__name__) from None
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        raise fail("too_big", p, size=_size(len(data)), limit=_size(MAX_FILE_BYTES))
    if not data:
        raise fail("empty", p)
    return data


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xlsb", ".et", ".ods")


def head(path: str | Path, n: int = 8) -> bytes:
    """The first bytes of a file (empty when it cannot be read)."""
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def is_workbook(path: str | Path) -> bool:
    """A workbook by its name, or by its first bytes (a zip or an OLE file) whatever its name."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    return sniff(head(path)) in ("zip", "cfb")


def sniff(data: bytes) -> str:
    """What a file looks like from its bytes: zip, cfb, pdf, html, text or binary."""
    head = data[:8]
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head == CFB_MAGIC:
        return "cfb"
    if head.startswith(b"%PDF"):
        return "pdf"
    sample = data[:4096]
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            if enc == "utf-16" and sample[:2] not in (b"\xff\xfe", b"\xfe\xff"):
                continue
            text = codecs.getincrementaldecoder(enc)().decode(sample, final=False)
        except UnicodeError:
            continue
        low = text.lstrip().lower()
        if low.startswith(("<!doctype html", "<html", "<table", "<?xml")) or "<html" in low[:512]:
            return "html"
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n")
        if controls <= len(text) // 100:
            return "text"
    return "binary"


def _cfb_kind(data: bytes) -> str:
    """An OLE compound file: encrypted OOXML (EncryptionInfo + EncryptedPackage streams) or legacy."""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"
    return "xls"


def _decode(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="ignore")
    if raw[1:2] == b"\x00":
        return raw.decode("utf-16-le", errors="ignore")
    if raw[:1] == b"\x00":
        return raw.decode("utf-16-be", errors="ignore")
    return raw.decode("utf-8", errors="ignore")


def check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str | Path) -> None:
    """Refuse an XML part whose prolog (the text before the root element) declares a DTD or entities.

    A DOCTYPE can only appear before the root element, so reading up to it is enough.
    """
    raw = b""
    with zf.open(info) as f:
        while True:
            chunk = f.read(4096 if raw else 512)
            raw += chunk
            verdict = _scan_prolog(_decode(raw))
            if verdict == "dtd":
                raise fail("dtd", file, part=info.filename)
            if verdict == "ok" or not chunk:
                return
            if len(raw) > MAX_PROLOG:
                raise fail("bad_xml", file, reason=f"“{info.filename}”的XML文件头异常")


def _scan_prolog(text: str) -> str:
    """"ok" once the root element starts, "dtd" on a declaration, "more" when the text ends first."""
    i, n = 0, len(text)
    if text.startswith("\ufeff"):
        i = 1
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch != "<":
            return "ok"  # not XML at all: the parser will say so
        if text.startswith("<?", i):
            j = text.find("?>", i + 2)
            if j < 0:
                return "more"
            i = j + 2
        elif text.startswith("<!--", i):
            j = text.find("-->", i + 4)
            if j < 0:
                return "more"
            i = j + 3
        elif text.startswith("<!", i):
            return "dtd" if i + 2 < n else "more"
        else:
            return "ok" if i + 1 < n else "more"
    return "more"


def open_package(data: bytes, file: str | Path) -> zipfile.ZipFile:
    """The workbook's zip after every check; InputError with a Chinese message otherwise."""
    kind = sniff(data)
    if kind == "cfb":
        cfb = _cfb_kind(data)
        raise fail("et" if cfb == "xls" and Path(str(file)).suffix.lower() in (".et", ".ett") else cfb, file)
    if kind in ("pdf", "html"):
        raise fail(kind, file)
    if kind == "text":
        raise fail("csv", file)
    if kind != "zip":
        raise fail("not_xlsx", file)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise fail("bad_zip", file) from None
    if len(infos) > MAX_MEMBERS:
        raise fail("too_many_parts", file, count=len(infos), limit=MAX_MEMBERS)
    names = {i.filename for i in infos}
    if "mimetype" in names and "[Content_Types].xml" not in names:   # OpenDocument: .ods, .odt …
        try:
            mime = zf.read("mimetype")[:100]
        except Exception:  # a damaged member: not ours to read anyway
            mime = b""
        raise fail("ods" if mime.startswith(b"application/vnd.oasis.opendocument.spreadsheet") else "odf", file)
    if "word/document.xml" in names:
        raise fail("docx", file)
    if "ppt/presentation.xml" in names:
        raise fail("pptx", file)
    if "xl/workbook.bin" in names:
        raise fail("xlsb", file)
    for part in ("[Content_Types].xml", "xl/workbook.xml"):
        if part not in names:
            raise fail("no_workbook", file, part=part)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise fail("zip_encrypted", file)
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise fail("bomb_total", file, size=f"超过{_size(MAX_UNCOMPRESSED)}", limit=_size(MAX_UNCOMPRESSED))
        if info.file_size > RATIO_FLOOR:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise fail("bomb_ratio", file, part=info.filename, ratio=int(ratio), limit=MAX_RATIO)
    try:
        for info in infos:
            if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size:
                check_prolog(zf, info, file)
    except InputError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        raise fail("bad_zip", file) from None
    except Exception as e:  # zlib.error and friends from a damaged member
        raise fail("bad_zip", file) from e
    return zf
