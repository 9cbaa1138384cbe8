"""Small PDFs written by hand, drawn the way real report producers draw them.

A ``Page`` collects text runs and ruling lines; ``pdf_bytes`` writes them with one CID font
(Identity-H, a ToUnicode map whose codes are the characters' own code points, widths 1 em for
Chinese and 0.5 em for Latin), so that any Chinese text can be drawn without embedding a font.
Each run states its own font operand and text matrix scale: ``text(x, y, "…", size=16)`` draws
as most producers do (``/F1 16 Tf 1 0 0 1 x y Tm``); ``scale=0.05`` draws as WPS 文字 does
(``/F1 320 Tf 0.05 0 0 0.05 x y Tm``: the same 16 pt on the page, a font operand 20 times larger).
Used by the tests of the PDF reader's geometry (tables split across pages, open rows, labels one
character per line).
"""
from __future__ import annotations

from dataclasses import dataclass, field

WIDE, NARROW = 1000, 500


def advance(ch: str) -> int:
    return NARROW if ord(ch) < 0x2E80 else WIDE


@dataclass
class Page:
    width: float = 595.0
    height: float = 842.0
    ops: list[str] = field(default_factory=list)
    chars: set[str] = field(default_factory=set)

    def text(self, x: float, y: float, s: str, size: float = 12.0, scale: float = 1.0) -> float:
        """Draw ``s`` with its baseline at (x, y), ``size`` pt high on the page; returns its width.
        ``scale`` < 1 draws it as WPS does: font operand size/scale, text matrix scale."""
        operand = size / scale
        hexes = "".join(f"{ord(c):04X}" for c in s)
        self.chars |= set(s)
        self.ops.append(f"BT /F1 {operand:g} Tf {scale:g} 0 0 {scale:g} {x:.2f} {y:.2f} Tm <{hexes}> Tj ET")
        return sum(advance(c) for c in s) * size / 1000

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.5) -> None:
        self.ops.append(f"{width:g} w {x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S")

    def grid(self, xs: list[float], ys: list[float], open_bottom: bool = False, open_top: bool = False) -> None:
        """A ruled grid: vertical lines at ``xs`` from the top to the bottom of ``ys`` (top first),
        horizontal lines at ``ys``; ``open_bottom``/``open_top`` leave the last/first one out (a
        row cut at a page break, as WPS draws it)."""
        top, bottom = ys[0], ys[-1]
        for x in xs:
            self.line(x, bottom, x, top)
        for k, y in enumerate(ys):
            if (k == len(ys) - 1 and open_bottom) or (k == 0 and open_top):
                continue
            self.line(xs[0], y, xs[-1], y)


def _widths(chars: set[str]) -> str:
    return " ".join(f"{ord(c)} [{advance(c)}]" for c in sorted(chars))


def _tounicode(chars: set[str]) -> str:
    entries = sorted(chars)
    out = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
           "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
           "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    for k in range(0, len(entries), 100):
        chunk = entries[k:k + 100]
        out.append(f"{len(chunk)} beginbfchar")
        out += [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk]
        out.append("endbfchar")
    out += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(out)


def pdf_bytes(pages: list[Page]) -> bytes:
    """The pages as one PDF file."""
    chars = set().union(*(p.chars for p in pages)) or {" "}
    n = len(pages)
    font, descendant, descriptor, tounicode = 3, 4, 5, 6
    first_page = 7
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{' '.join(f'{first_page + 2 * k} 0 R' for k in range(n))}] /Count {n} >>".encode(),
        font: (f"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
               f"/DescendantFonts [{descendant} 0 R] /ToUnicode {tounicode} 0 R >>").encode(),
        descendant: (f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity "
                     f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                     f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{_widths(chars)}] >>").encode(),
        descriptor: (b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] "
                     b"/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>"),
    }
    cmap = _tounicode(chars).encode()
    objects[tounicode] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    for k, page in enumerate(pages):
        content = "\n".join(page.ops).encode()
        objects[first_page + 2 * k] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page.width:g} {page.height:g}] "
                                       f"/Contents {first_page + 2 * k + 1} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
                                       ).encode()
        objects[first_page + 2 * k + 1] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    out = b"%PDF-1.7\n"
    offsets = {}
    for i in sorted(objects):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objects[i] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return out
