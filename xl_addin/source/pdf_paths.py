"""The ruling lines a PDF page draws, through PDFium: what table grids are made of.

Owns: walking a page's objects (and the objects of its forms, with their matrices) for path
objects, and turning them into horizontal and vertical ``Seg`` records: a thin path object is a
line, and a stroked path's axis-parallel edges are lines. Everything else (text, images) is
skipped without a look beyond its type (a WPS page has one text object per glyph).
"""
from __future__ import annotations

import ctypes
import functools

from xl_addin.source import pdf_tables as PT
from xl_addin.source.pdf_tables import Seg


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def segments(page) -> list[Seg]:
    """Ruling lines: thin path objects, and the axis-parallel edges of stroked paths."""
    import pypdfium2.raw as R

    out: list[Seg] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fm = R.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()

    get_type, form, path = _object_type(), R.FPDF_PAGEOBJ_FORM, R.FPDF_PAGEOBJ_PATH

    def walk(count, get, owner, m, depth):
        for k in range(count):
            obj = get(owner, k)
            kind = get_type(obj)
            if kind == path:
                pass
            elif kind == form and depth < 4:
                R.FPDFPageObj_GetMatrix(obj, fm)
                inner = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
                both = tuple(_compose(inner, m))
                walk(R.FPDFFormObj_CountObjects(obj), R.FPDFFormObj_GetObject, obj, both, depth + 1)
                continue
            else:
                continue                # a text or image object: most objects of a page
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

    walk(R.FPDFPage_CountObjects(page.raw), R.FPDFPage_GetObject, page.raw, (1, 0, 0, 1, 0, 0), 0)
    return out


@functools.lru_cache(maxsize=1)
def _object_type():
    """``FPDFPageObj_GetType`` without converting its argument (a page has an object per glyph:
    thousands of calls)."""
    import pypdfium2.raw as R

    f = R.FPDFPageObj_GetType
    return ctypes.cast(f, ctypes.CFUNCTYPE(f.restype, ctypes.c_void_p))


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
