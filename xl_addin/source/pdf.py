"""Reading a published report's PDF into a ``Document``: paragraphs, tables and their styles.

Owns: the PDF text layer through pypdfium2 (PDFium; Apache-2.0/BSD, chosen over pdfplumber and
pypdf by measurement, see ``docs/import.md``): characters with their boxes, fonts and sizes, the
ruling lines drawn on each page, lines of text and paragraphs rebuilt from positions (first-line
indent, short last line, centred and right-aligned lines), tables (``pdf_tables``), and page
furniture (page numbers, running heads) dropped. A PDF without a text layer, an encrypted or a
damaged PDF is an ``InputError`` (exit 2) naming the file.
"""
from __future__ import annotations

import ctypes
import functools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from xl_addin.errors import InputError
from xl_addin.model import messages as M
from xl_addin.source import budget
from xl_addin.source import pdf_tables as PT
from xl_addin.source.document import Document, Para, Run, Table, is_page_number, shape, tidy
from xl_addin.source.pdf_tables import Char, Seg

MIN_TEXT_CHARS = 40         # fewer characters than this on all pages: no usable text layer
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_SECTION_LIKE = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")


@dataclass
class Line:
    chars: list[Char]
    page: int

    @functools.cached_property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @functools.cached_property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @functools.cached_property
    def top(self) -> float:
        return max(c.y1 for c in self.chars)

    @functools.cached_property
    def bottom(self) -> float:
        return min(c.y0 for c in self.chars)

    @functools.cached_property
    def size(self) -> float:
        return statistics.median(c.size for c in self.chars)

    @functools.cached_property
    def text(self) -> str:
        return PT.join_line(self.chars)

    def runs(self) -> list[Run]:
        out: list[Run] = []
        for ch in self.chars:
            if out and out[-1].style == ch.style:
                out[-1] = Run(out[-1].text + ch.text, ch.style)
            else:
                out.append(Run(ch.text, ch.style))
        return out


# ---------------------------------------------------------------- PDFium access

def _open(data: bytes, file: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower() or getattr(e, "err_code", None) == 4:
            raise InputError(M.IMPORT["pdf_encrypted"].format(file=file)) from None
        raise InputError(M.IMPORT["pdf_damaged"].format(file=file)) from None


def _angle(textpage, chars_seen: int) -> int:
    """The direction most characters of the page run in, in degrees (0, 90, 180, 270): a landscape
    table drawn turned on a portrait page runs at 90 or 270."""
    import math

    import pypdfium2.raw as R

    raw = textpage.raw
    n = textpage.count_chars()
    votes: Counter = Counter()
    for i in range(0, n, max(1, n // 200)):
        a = R.FPDFText_GetCharAngle(raw, i)
        if a >= 0 and not R.FPDFText_IsGenerated(raw, i):
            votes[round(math.degrees(a) / 90) % 4 * 90] += 1
    return votes.most_common(1)[0][0] if votes else 0


def _turn(x: float, y: float, angle: int, w: float, h: float) -> tuple[float, float]:
    """A point of a ``w`` × ``h`` page turned back by ``angle`` degrees (PDFium measures them
    clockwise), so that text running at that angle runs left to right on a page starting at (0, 0)."""
    return {0: (x, y), 90: (h - y, x), 180: (w - x, h - y), 270: (y, w - x)}[angle]


def upright(chars: list[Char], segs: list[Seg], angle: int, size: tuple[float, float] = (0.0, 0.0)
            ) -> tuple[list[Char], list[Seg]]:
    """Characters and ruling lines of a page whose text runs at ``angle``, turned upright."""
    if not angle:
        return chars, segs
    w, h = size
    out = []
    for c in chars:
        (ax, ay), (bx, by) = _turn(c.x0, c.y0, angle, w, h), _turn(c.x1, c.y1, angle, w, h)
        out.append(PT.char(c.text, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), c.style, c.size))
    turned = []
    for s in segs:
        (ax, ay), (bx, by) = _turn(s.x0, s.y0, angle, w, h), _turn(s.x1, s.y1, angle, w, h)
        turned.append(Seg(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return out, turned


def _chars(textpage) -> list[Char]:
    """The page's characters with loose boxes, font (name, bold) and size; generated spaces and
    line breaks left out (spaces are put back from the gaps, see ``pdf_tables.join_line``)."""
    import pypdfium2.raw as R

    raw = textpage.raw
    n = textpage.count_chars()
    text = textpage.get_text_range() if n else ""
    rect = R.FS_RECTF()
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    styles: dict[tuple, str] = {}
    out = []
    get_box, get_info, get_size = R.FPDFText_GetLooseCharBox, R.FPDFText_GetFontInfo, R.FPDFText_GetFontSize
    get_weight, generated = R.FPDFText_GetFontWeight, R.FPDFText_IsGenerated
    same = len(text) == n
    for i in range(n):
        ch = text[i] if same else chr(R.FPDFText_GetUnicode(raw, i))
        if ch in "\r\n\x00\ufffe\uffff" or generated(raw, i):
            continue
        get_box(raw, i, rect)
        get_info(raw, i, buf, 128, ctypes.byref(flags))
        size = get_size(raw, i)
        key = (buf.value, get_weight(raw, i) >= 600, round(size))
        style = styles.get(key)
        if style is None:
            name = _SUBSET.sub("", key[0].decode("latin-1", "replace"))
            bold = key[1] or "bold" in name.lower()
            style = styles[key] = f"{name}{'|b' if bold else ''}|{key[2]}"
        out.append(PT.char(ch, rect.left, rect.bottom, rect.right, rect.top, style, size))
    return out


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _segments(page) -> list[Seg]:
    """Ruling lines: thin path objects, and the axis-parallel edges of stroked paths."""
    import pypdfium2.raw as R

    out: list[Seg] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fm = R.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()

    def walk(count, get, m, depth):
        for k in range(count):
            obj = get(k)
            kind = R.FPDFPageObj_GetType(obj)
            if kind == R.FPDF_PAGEOBJ_FORM and depth < 4:
                R.FPDFPageObj_GetMatrix(obj, fm)
                inner = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
                both = tuple(_compose(inner, m))
                walk(R.FPDFFormObj_CountObjects(obj), lambda i, o=obj: R.FPDFFormObj_GetObject(o, i), both, depth + 1)
                continue
            if kind != R.FPDF_PAGEOBJ_PATH:
                continue
            R.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            (x0, y0), (x1, y1) = _apply(m, left.value, bottom.value), _apply(m, right.value, top.value)
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
            if x1 - x0 <= PT.THIN and y1 - y0 > PT.THIN:
                out.append(Seg((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
            elif y1 - y0 <= PT.THIN and x1 - x0 > PT.THIN:
                out.append(Seg(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
            elif x1 - x0 > PT.THIN and y1 - y0 > PT.THIN:
                R.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
                if stroke.value:
                    _edges(obj, m, out, x, y, fm)

    walk(R.FPDFPage_CountObjects(page.raw), lambda i: R.FPDFPage_GetObject(page.raw, i), (1, 0, 0, 1, 0, 0), 0)
    return out


def _compose(inner, outer):
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _edges(obj, m, out: list[Seg], x, y, fm) -> None:
    import pypdfium2.raw as R

    R.FPDFPageObj_GetMatrix(obj, fm)
    full = _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m)
    points = []
    for k in range(min(R.FPDFPath_CountSegments(obj), 400)):
        seg = R.FPDFPath_GetPathSegment(obj, k)
        R.FPDFPathSegment_GetPoint(seg, x, y)
        kind = R.FPDFPathSegment_GetType(seg)
        p = _apply(full, x.value, y.value)
        if kind == R.FPDF_SEGMENT_MOVETO or not points:
            points.append([p])
        else:
            points[-1].append(p)
        if R.FPDFPathSegment_GetClose(seg):
            points[-1].append(points[-1][0])
    for run in points:
        for (xa, ya), (xb, yb) in zip(run, run[1:]):
            if abs(ya - yb) <= 0.5 and abs(xa - xb) > PT.THIN:
                out.append(Seg(min(xa, xb), ya, max(xa, xb), ya))
            elif abs(xa - xb) <= 0.5 and abs(ya - yb) > PT.THIN:
                out.append(Seg(xa, min(ya, yb), xa, max(ya, yb)))


def _has_images(page) -> bool:
    import pypdfium2.raw as R

    raw = page.raw
    return any(R.FPDFPageObj_GetType(R.FPDFPage_GetObject(raw, k)) == R.FPDF_PAGEOBJ_IMAGE
               for k in range(R.FPDFPage_CountObjects(raw)))


# ---------------------------------------------------------------- lines and tables without lines

def lines_of(chars: list[Char], page: int) -> list[Line]:
    """Characters grouped into text lines (top to bottom), each sorted left to right."""
    out: list[Line] = []
    for ch in sorted(chars, key=lambda c: (-round(c.cy, 0), c.x0)):
        if ch.text == " " and (not out or out[-1].chars[-1].text == " "):
            continue
        placed = False
        for line in reversed(out[-3:]):
            ref = line.chars[0]
            if abs(ref.cy - ch.cy) <= 0.45 * max(ref.y1 - ref.y0, ch.y1 - ch.y0, 1):
                line.chars.append(ch)
                placed = True
                break
        if not placed:
            out.append(Line([ch], page))
    for line in out:
        line.chars.sort(key=lambda c: c.x0)
        while line.chars and line.chars[-1].text == " ":
            line.chars.pop()
        while line.chars and line.chars[0].text == " ":
            line.chars.pop(0)
    return [line for line in out if line.chars]


def _gap_tables(lines: list[Line], body: float) -> list[tuple[int, int, Table]]:
    """Runs of lines that look like a table drawn without lines: (first, last index, table).

    A line with wide gaps between its words is a table line. Around and between table lines,
    lines in the table's font size (tables are set smaller than the body) belong to it too:
    headers, wrapped labels, a label printed below its numbers.
    """
    gapped = [len(PT.gap_cells(line.chars, 1.2)) >= 2 for line in lines]
    out = []
    i = 0
    while i < len(lines):
        if not gapped[i]:
            i += 1
            continue
        size = lines[i].size
        small = [abs(line.size - size) <= 0.15 * size and line.size < 0.9 * (body or 1e9) for line in lines]
        first = i
        while first > 0 and small[first - 1] and not gapped[first - 1]:
            first -= 1
        j = i
        while j + 1 < len(lines) and (gapped[j + 1] or small[j + 1] or (
                j + 2 < len(lines) and gapped[j + 2] and len(lines[j + 1].chars) <= 30
                and not _SECTION_LIKE.match(lines[j + 1].text))):
            j += 1
        if j > first:  # one gapped line alone is not a table
            out.append((first, j, PT.unruled_table([line.chars for line in lines[first:j + 1]])))
        i = j + 1
    return out


def _body_size(lines: list[Line]) -> float:
    """The font size most characters are set in (the body text; tables have fewer characters)."""
    sizes: Counter = Counter()
    for line in lines:
        sizes[round(line.size)] += len(line.chars)
    return sizes.most_common(1)[0][0] if sizes else 0.0


# ---------------------------------------------------------------- paragraphs

@dataclass
class _Metrics:
    left: float
    right: float
    size: float


def _metrics(lines: list[Line]) -> _Metrics:
    size = Counter(round(line.size) for line in lines).most_common(1)[0][0] if lines else 12
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0] if lines else 0
    rights = [round(line.x1) for line in lines]
    right = max(Counter(rights).most_common(3))[0] if rights else 0
    return _Metrics(left, max(right, left + 1), size)


def _align(line: Line, m: _Metrics) -> str:
    size = max(line.size, 1)
    indent, slack = line.x0 - m.left, m.right - line.x1
    if indent > 1.5 * size and slack > 1.5 * size and abs(indent - slack) < 1.2 * size:
        return "center"
    if slack < 1.0 * size and indent > 8 * size:
        return "right"
    return ""


def paragraphs(items: list, m: _Metrics) -> list:
    """Lines (and tables, in reading order) joined into paragraphs."""
    out: list = []
    cur: list[Line] = []
    cur_align = ""

    def close():
        nonlocal cur
        if cur:
            text = ""
            runs: list[Run] = []
            for line in cur:
                t = line.text
                if text and text[-1:].isascii() and text[-1:].isalpha() and t[:1].isascii() and t[:1].isalpha():
                    text += " "
                    runs.append(Run(" ", runs[-1].style if runs else ""))
                text += t
                runs.extend(line.runs())
            out.append(Para(tidy(text), tuple(runs), cur_align, cur[0].page))
        cur = []

    prev: Line | None = None
    for item in items:
        if isinstance(item, Table):
            close()
            out.append(item)
            prev = None
            continue
        line = item
        align = _align(line, m)
        size = max(line.size, 1)
        new = (prev is None or align != cur_align or (align and abs(line.size - prev.size) > 0.5)
               or (not align and (line.x0 - m.left > 0.8 * size or m.right - prev.x1 > 1.5 * size
                                  or abs(line.size - prev.size) > 1.5))
               or (align == "right")
               or (line.page == prev.page and prev.bottom - line.top > 1.6 * size))
        if new:
            close()
            cur_align = align
        cur.append(line)
        prev = line
    close()
    return out


# ---------------------------------------------------------------- the document

def _readable(ch: str) -> bool:
    """A character a Chinese report prints: CJK, ASCII, full-width forms and the usual punctuation
    (a font without a Unicode map gives private-use or unrelated characters instead)."""
    o = ord(ch)
    return (0x20 <= o < 0x7F or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
            or 0x2000 <= o <= 0x206F or 0x3400 <= o <= 0x4DBF or o in (0xA0, 0xB7, 0xD7))


def _furniture(pages: list[list]) -> set[int]:
    """ids of the lines that are page numbers or running heads/feet (first or last lines of pages)."""

    edge = []
    for items in pages:
        lines = [x for x in items if isinstance(x, Line)]
        edge += [(id(x), shape(x.text)) for x in lines[:2] + lines[-2:]]
    counts = Counter(shape for _, shape in set(edge))
    heads = {shape for shape, n in counts.items() if shape and n >= max(2, len(pages) // 2)} if len(pages) >= 2 else set()
    drop = {i for i, shape in edge if shape in heads}
    for items in pages:
        lines = [x for x in items if isinstance(x, Line)]
        ends = {id(x) for x in lines[:1] + lines[-1:]}
        drop |= {id(x) for x in lines if is_page_number(x.text, bare=id(x) in ends)}
    return drop


def read(data: bytes, file: str) -> Document:
    """The PDF's paragraphs and tables in reading order; InputError for an unreadable PDF."""
    from pypdfium2 import PdfiumError

    pdf = _open(data, file)
    try:
        budget.check_pages(len(pdf), file)
        pages: list[list] = []
        n_chars = readable = 0
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            chars = _chars(textpage)
            n_chars += sum(1 for c in chars if c.text.strip())
            readable += sum(1 for c in chars if _readable(c.text))
            chars, segs = upright(chars, _segments(page) if chars else [], _angle(textpage, len(chars)), page.get_size())
            regions = PT.ruled_tables(segs, chars) if chars else []
            used = set().union(*(r.used for r in regions)) if regions else set()
            lines = lines_of([c for k, c in enumerate(chars) if k not in used], index + 1)
            placed: list[tuple[float, object]] = [(line.top, line) for line in lines]
            for r in regions:
                r.table.page = index + 1
                placed.append((r.top + 0.01, r.table))
            placed.sort(key=lambda p: -p[0])
            pages.append([p[1] for p in placed])
        if n_chars < MIN_TEXT_CHARS:
            raise InputError(M.IMPORT["pdf_no_text"].format(file=file))
        if readable < 0.5 * n_chars:
            raise InputError(M.IMPORT["pdf_garbled"].format(file=file))
        drop = _furniture(pages)
        body = _body_size([x for items in pages for x in items if isinstance(x, Line)])
        items: list = []
        for page_items in pages:
            page_items = [x for x in page_items if id(x) not in drop]
            page_lines = [x for x in page_items if isinstance(x, Line)]
            for first, last, table in reversed(_gap_tables(page_lines, body)):
                a, b = page_items.index(page_lines[first]), page_items.index(page_lines[last])
                page_items[a:b + 1] = [table]
            items += page_items
        blocks = paragraphs(items, _metrics([x for x in items if isinstance(x, Line)]))
        return Document("pdf", blocks)
    except PdfiumError:              # a page that cannot be loaded (a broken page tree)
        raise InputError(M.IMPORT["pdf_damaged"].format(file=file)) from None
    finally:
        pdf.close()
