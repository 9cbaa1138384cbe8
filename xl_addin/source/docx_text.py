"""Reading a published report's Word document (.docx) into a ``Document``.

Owns: the body of a .docx in reading order through python-docx: paragraphs split at line
breaks, each with its runs' styles (paragraph style, East Asian font, bold, size) and alignment
(direct or from the style), outline level as a heading hint, and tables as placed cells with
their ``gridSpan``/``vMerge`` spans. Headers and footers (running heads, page numbers) are not
part of the body. Checks the zip before python-docx sees it (member count, total size,
compression ratio); a damaged or encrypted document is an ``InputError`` (exit 2).
"""
from __future__ import annotations

import io
import zipfile

from xl_addin.errors import InputError
from xl_addin.source import budget
from xl_addin.source.document import Cell, Document, Para, Run, Table, tidy

MAX_MEMBERS = 5000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ALIGN = {"center": "center", "right": "right", "end": "right"}


def _check_zip(data: bytes, file: str) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
        raise InputError("import.bad_docx", file, reason="不是有效的压缩包") from e
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        raise InputError("import.workbook", file)
    if "word/document.xml" not in names:
        raise InputError("import.unknown_kind", file)
    total = xml = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (len(infos) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or info.flag_bits & 0x1
                or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO)):
            raise InputError("import.bad_docx", file, reason="压缩包内容异常，可能是恶意构造的文件")
        if info.filename.lower().endswith((".xml", ".rels")):          # what python-docx parses: a lower cap
            xml += info.file_size
            if xml > budget.MAX_DOCX_XML:
                limit = f"{budget.MAX_DOCX_XML / 2**20:g}MB"
                raise InputError("budget.docx_xml", file, size=f"超过{limit}", limit=limit)
            if info.file_size > RATIO_FLOOR and ratio > budget.MAX_DOCX_XML_RATIO:
                raise InputError("import.bad_docx", file, reason=f"{info.filename}的压缩比为{int(ratio)}:1，"
                                 f"超过上限{budget.MAX_DOCX_XML_RATIO}:1，可能是恶意构造的文件")


class _Styles:
    """Paragraph alignment and heading level of a style, following ``basedOn``."""

    def __init__(self, doc):
        self.by_id = {}
        for s in doc.styles.element.findall(f"{W}style"):
            self.by_id[s.get(f"{W}styleId")] = s
        self._cache: dict[tuple, str | None] = {}

    def _find(self, style_id: str | None, path: str) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            s = self.by_id.get(style_id)
            if s is None:
                return None
            el = s.find(path)
            if el is not None:
                return el.get(f"{W}val")
            based = s.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None

    def get(self, style_id: str | None, what: str) -> str | None:
        key = (style_id, what)
        if key not in self._cache:
            path = {"jc": f"{W}pPr/{W}jc", "outline": f"{W}pPr/{W}outlineLvl", "font": f"{W}rPr/{W}rFonts",
                    "b": f"{W}rPr/{W}b", "sz": f"{W}rPr/{W}sz"}[what]
            if what == "font":
                val = None
                sid, seen = style_id, set()
                while sid and sid not in seen and val is None:
                    seen.add(sid)
                    s = self.by_id.get(sid)
                    el = s.find(path) if s is not None else None
                    if el is not None:
                        val = el.get(f"{W}eastAsia") or el.get(f"{W}ascii")
                    based = s.find(f"{W}basedOn") if s is not None else None
                    sid = based.get(f"{W}val") if based is not None else None
                self._cache[key] = val
            else:
                self._cache[key] = self._find(style_id, path)
        return self._cache[key]


def _val(el, path: str, attr: str = "val") -> str | None:
    found = el.find(path)
    return None if found is None else found.get(f"{W}{attr}", "true")


def _run_style(r, pstyle: str | None, styles: _Styles) -> str:
    font = None
    fonts = r.find(f"{W}rPr/{W}rFonts")
    if fonts is not None:
        font = fonts.get(f"{W}eastAsia") or fonts.get(f"{W}ascii")
    font = font or styles.get(pstyle, "font") or ""
    bold = _val(r, f"{W}rPr/{W}b")
    if bold is None:
        bold = styles.get(pstyle, "b")
    bold = bold not in (None, "0", "false")
    size = _val(r, f"{W}rPr/{W}sz") or styles.get(pstyle, "sz") or ""
    return f"{pstyle or ''}|{font}|{'b' if bold else ''}|{size}"


def _paragraphs(p, styles: _Styles) -> list[Para]:
    """One ``w:p`` as one or more paragraphs (a manual line break starts a new one)."""
    pstyle = _val(p, f"{W}pPr/{W}pStyle")
    jc = _val(p, f"{W}pPr/{W}jc") or styles.get(pstyle, "jc") or ""
    level = _val(p, f"{W}pPr/{W}outlineLvl") or styles.get(pstyle, "outline")
    tag = f"h{int(level) + 1}" if level is not None and level.isdigit() and int(level) < 9 else ""
    out: list[list[Run]] = [[]]
    for r in p.iter(f"{W}r"):
        style = _run_style(r, pstyle, styles)
        for child in r:
            if child.tag == f"{W}t":
                out[-1].append(Run(child.text or "", style))
            elif child.tag == f"{W}tab":
                out[-1].append(Run("\t", style))
            elif child.tag in (f"{W}br", f"{W}cr"):
                out.append([])
    paras = []
    for runs in out:
        text = tidy("".join(r.text for r in runs))
        if text:
            paras.append(Para(text, tuple(runs), _ALIGN.get(jc, ""), None, tag))
    return paras


def _cell_text(tc) -> str:
    lines = []
    for p in tc.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        lines.append(text)
    return "\n".join(lines).strip()


def _table(tbl) -> Table:
    """A ``w:tbl`` as placed cells: column spans from ``gridSpan``, row spans from ``vMerge``."""
    cells: list[list] = []          # [text, row, col, rs, cs]
    open_at: dict[int, list] = {}   # grid column -> the cell a vMerge continues
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        col = _count(_val(tr, f"{W}trPr/{W}gridBefore"), 0)
        for tc in tr.findall(f"{W}tc"):
            span = max(1, _count(_val(tc, f"{W}tcPr/{W}gridSpan"), 1))
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(f"{W}val") != "restart" and col in open_at:
                open_at[col][3] += 1
            else:
                cell = [_cell_text(tc), r, col, 1, span]
                cells.append(cell)
                if vmerge is not None:
                    open_at[col] = cell
                else:
                    open_at.pop(col, None)
            col += span
    return Table([Cell(t, r, c, rs, cs) for t, r, c, rs, cs in cells])


def _count(value: str | None, default: int, cap: int = 100) -> int:
    """A ``gridSpan``/``gridBefore`` count: ``default`` when it is not a number (``"abc"``), at most ``cap``."""
    text = (value or "").strip()
    return min(int(text), cap) if text.isdigit() else default


def _checked(table: Table, file: str) -> Table:
    budget.check_table_cells(sum(c.rs * c.cs for c in table.cells), file)
    return table


def read(data: bytes, file: str) -> Document:
    """The body of a .docx as paragraphs and tables in reading order."""
    _check_zip(data, file)
    try:
        import docx

        doc = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as e:  # python-docx raises many kinds on a damaged package
        raise InputError("import.bad_docx", file, reason=type(e).__name__) from None
    styles = _Styles(doc)
    blocks: list = []
    for el in doc.element.body.iterchildren():
        if el.tag == f"{W}p":
            blocks.extend(_paragraphs(el, styles))
        elif el.tag == f"{W}tbl":
            blocks.append(_checked(_table(el), file))
        elif el.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs and tables
            for inner in el.iter(f"{W}p", f"{W}tbl"):
                if inner.tag == f"{W}tbl":
                    blocks.append(_checked(_table(inner), file))
                elif not any(a.tag == f"{W}tbl" for a in inner.iterancestors()):
                    blocks.extend(_paragraphs(inner, styles))
    return Document("docx", blocks)
