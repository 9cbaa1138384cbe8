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
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from xl_addin.errors import InputError
from xl_addin.source import budget
from xl_addin.source import pdf_tables as PT
from xl_addin.source.document import Document, Para, Run, Table, is_page_number, shape, tidy
from xl_addin.source.pdf_paths import segments
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
            raise InputError("import.pdf_encrypted", file) from None
        raise InputError("import.pdf_damaged", file) from None


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


def _chars(textpage) -> tuple[list[Char], int]:
    """The page's characters with their boxes, font (name, bold) and size as drawn, and the
    direction most of them run in (0, 90, 180, 270 degrees: a landscape table drawn turned on a
    portrait page runs at 90 or 270); generated spaces and line breaks left out (spaces are put
    back from the gaps, see ``pdf_tables.join_line``).

    The size is the font operand times the scale of the character's text matrix (WPS 文字 draws
    with an operand of ≈300 and a matrix of ≈0.05: PDFium's own font size is then ≈20 times the
    size on the page). A loose box out of proportion with that size (some producers' fonts give
    boxes hundreds of points wide) is replaced by the tight glyph box widened to the size.
    """
    import pypdfium2.raw as R

    raw = textpage.raw
    n = textpage.count_chars()
    text = textpage.get_text_range() if n else ""
    rect = R.FS_RECTF()
    matrix = R.FS_MATRIX()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    styles: dict[tuple, str] = {}
    # (font, box height) -> (style, size as drawn, angle, largest sane box): the size, weight and
    # text matrix are looked up once per kind of glyph, not once per character
    drawn: dict[tuple, tuple[str, float, int, float]] = {}
    out = []
    get_box, generated, get_info = R.FPDFText_GetLooseCharBox, R.FPDFText_IsGenerated, R.FPDFText_GetFontInfo
    get_size, flags_ref = R.FPDFText_GetFontSize, ctypes.byref(flags)
    votes: dict[tuple, int] = {}
    same = len(text) == n
    for i in range(n):
        ch = text[i] if same else chr(R.FPDFText_GetUnicode(raw, i))
        if ch in "\r\n\x00\ufffe\uffff" or (ch == " " and generated(raw, i)):
            continue                        # a space or line break PDFium inferred
        get_box(raw, i, rect)
        x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        get_info(raw, i, buf, 128, flags_ref)
        key = (buf.value, int((y1 - y0) * 10))     # a font's glyphs of one drawn size share the box height
        known = drawn.get(key)
        if known is None:
            size, angle = get_size(raw, i), 0
            if R.FPDFText_GetMatrix(raw, i, matrix):
                size *= drawn_scale(matrix.a, matrix.b, matrix.c, matrix.d)
                # PDFium measures angles clockwise; the matrix turns counter-clockwise
                angle = round(-math.degrees(math.atan2(matrix.b, matrix.a)) / 90) % 4 * 90
            skey = (key[0], R.FPDFText_GetFontWeight(raw, i) >= 600, round(size))
            style = styles.get(skey)
            if style is None:
                name = _SUBSET.sub("", skey[0].decode("latin-1", "replace"))
                bold = skey[1] or "bold" in name.lower()
                style = styles[skey] = f"{name}{'|b' if bold else ''}|{skey[2]}"
            known = drawn[key] = (style, size, angle, 2.5 * size if size > 0 else float("inf"))
            votes[key] = 0
        style, size, angle, limit = known
        votes[key] += 1
        if x1 - x0 > limit or y1 - y0 > limit:
            R.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
            x0, x1, y0, y1 = _sane_box(left.value, right.value, bottom.value, top.value, size, ch)
        out.append(Char(ch, x0, y0, x1, y1, style, size, (x0 + x1) / 2, (y0 + y1) / 2))
    by_angle: Counter = Counter()
    for key, n in votes.items():
        by_angle[drawn[key][2]] += n
    return out, (by_angle.most_common(1)[0][0] if by_angle else 0)


def drawn_scale(a: float, b: float, c: float, d: float) -> float:
    """How much a text matrix (with the page's transformation) scales a font's height: the length
    of its y axis, so that turned text (90°, 270°) is measured the same as upright text."""
    return math.hypot(c, d) or math.sqrt(abs(a * d - b * c)) or 1.0


def _sane_box(x0: float, x1: float, y0: float, y1: float, size: float, ch: str) -> tuple[float, float, float, float]:
    """A tight glyph box grown to the character's advance and line height: full-width characters
    one em wide, others half (a 「、」 or 「1」 has a tight box much narrower than its place)."""
    width = size if ord(ch[:1] or " ") >= 0x2E80 else 0.5 * size
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if x1 - x0 < width:
        x0, x1 = cx - width / 2, cx + width / 2
    if y1 - y0 < size:
        y0, y1 = cy - size / 2, cy + size / 2
    return x0, x1, y0, y1


# ---------------------------------------------------------------- lines and tables without lines

def lines_of(chars: list[Char], page: int) -> list[Line]:
    """Characters grouped into text lines (top to bottom), each sorted left to right."""
    out: list[Line] = []
    for ch in sorted(chars, key=lambda c: (-round(c.cy, 0), c.x0)):
        if ch.text == " " and (not out or out[-1].chars[-1].text == " "):
            continue
        placed = False
        height = ch.y1 - ch.y0
        for line in reversed(out[-3:]):
            ref = line.chars[0]
            tall = ref.y1 - ref.y0
            tall = height if height > tall else tall
            if abs(ref.cy - ch.cy) <= 0.45 * (tall if tall > 1 else 1):
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
    gapped = [_has_gap(line.chars, 1.2) for line in lines]
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


def _has_gap(chars: list[Char], gap_em: float) -> bool:
    """Whether a line has a gap wide enough to split it into two cells (``pdf_tables.gap_cells``)."""
    seen = False
    prev = None
    for ch in chars:
        if prev is not None and ch.x0 - prev.x1 > gap_em * max(ch.size, prev.size, 1.0) and seen:
            return any(c.text != " " for c in chars[chars.index(ch):])
        if ch.text != " ":
            seen = True
        prev = ch
    return False


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
    # the text's left edge: the leftmost x many lines start at (when most paragraphs are one or two
    # lines long, more lines start at the first-line indent than at the margin)
    lefts = Counter(round(line.x0) for line in lines)
    common = [x for x, n in lefts.items() if n >= max(2, 0.1 * len(lines))]
    left = min(common) if common else (lefts.most_common(1)[0][0] if lines else 0)
    rights = [round(line.x1) for line in lines]
    # the right margin: the rightmost of the usual line ends, not a line whose last punctuation mark
    # hangs past the margin (禁则) nor one of a few lines set wider
    common_rights = [x for x, n in Counter(rights).most_common(3) if n >= max(2, 0.1 * len(rights))]
    right = max(common_rights) if common_rights else (max(Counter(rights).most_common(3))[0] if rights else 0)
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

# A character a Chinese report prints: CJK, ASCII, full-width forms and the usual punctuation (a
# font without a Unicode map gives private-use or unrelated characters instead).
_READABLE = re.compile("[\u0021-\u007e\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\u3400-\u4dbf"
                       "\u00a0\u00b7\u00d7]")


def _furniture(pages: list[list]) -> set[int]:
    """ids of the lines that are page numbers or running heads/feet: a line repeated at the same
    edge (the top two or the bottom two lines) of many pages (a title at the top of the first page
    and the same name in the signature at the foot of the last are no running head)."""
    drop: set[int] = set()
    if len(pages) >= 2:
        for edge_of in (lambda lines: lines[:2], lambda lines: lines[-2:]):
            edge = []
            for page, items in enumerate(pages):
                lines = [x for x in items if isinstance(x, Line)]
                edge += [(id(x), page, shape(x.text)) for x in edge_of(lines)]
            counts = Counter(sh for sh in {(page, sh) for _, page, sh in edge} for sh in [sh[1]])
            heads = {sh for sh, n in counts.items() if sum(ch.isalnum() for ch in sh) >= 2
                     and n >= max(2, len(pages) // 2)}
            drop |= {i for i, _, sh in edge if sh in heads}
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
            chars, angle = _chars(textpage)
            letters = "".join(c.text for c in chars)
            n_chars += len(letters) - letters.count(" ")
            readable += len(_READABLE.findall(letters))
            chars, segs = upright(chars, segments(page) if chars else [], angle, page.get_size())
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
            raise InputError("import.pdf_no_text", file)
        if readable < 0.5 * n_chars:
            raise InputError("import.pdf_garbled", file)
        drop = _furniture(pages)
        body = _body_size([x for items in pages for x in items if isinstance(x, Line)])
        items: list = []
        for page_items in pages:
            page_items = [x for x in page_items if id(x) not in drop]
            page_lines = [x for x in page_items if isinstance(x, Line)]
            for first, last, table in reversed(_gap_tables(page_lines, body)):
                a, b = page_items.index(page_lines[first]), page_items.index(page_lines[last])
                page_items[a:b + 1] = [table]
            joined = PT.join_parts(items[-1], page_items[0]) if (
                items and page_items and isinstance(items[-1], Table) and isinstance(page_items[0], Table)) else None
            if joined is not None:      # a table going on over the page break: one table
                items[-1] = joined
                page_items = page_items[1:]
            items += page_items
        blocks = paragraphs(items, _metrics([x for x in items if isinstance(x, Line)]))
        return Document("pdf", blocks)
    except PdfiumError:              # a page that cannot be loaded (a broken page tree)
        raise InputError("import.pdf_damaged", file) from None
    finally:
        pdf.close()
