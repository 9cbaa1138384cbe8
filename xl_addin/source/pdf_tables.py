"""Tables on a PDF page, rebuilt from positions: ruling lines first, column gaps when there are none.

Owns: turning a page's drawn lines (thin path objects and the edges of stroked paths) into table
grids (rows and columns between the lines, cells merged where a separating line is missing),
placing characters in those cells, and, for a table drawn without lines, splitting text lines at
wide gaps into cells. Works on plain records (``Char``, ``Seg``) so it can be tested without a PDF.
"""
from __future__ import annotations

from dataclasses import dataclass

from xl_addin.source.document import Cell, Table

SNAP = 2.5          # pt: lines this close are the same line
THIN = 2.5          # pt: a path object this thin is a ruling line


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    y0: float           # PDF coordinates: y grows upwards
    x1: float
    y1: float
    style: str = ""
    size: float = 0.0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Seg:
    """A horizontal (``y0 == y1``) or vertical (``x0 == x1``) ruling line."""
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) < abs(self.x1 - self.x0)


@dataclass
class Region:
    table: Table
    top: float          # y of the table's top edge (for ordering blocks on the page)
    used: set           # indices of the characters placed in the table


def _merge(segs: list[Seg], horizontal: bool) -> list[Seg]:
    """Collinear, touching or overlapping lines joined into one."""
    key = (lambda s: (s.y0, s.x0)) if horizontal else (lambda s: (s.x0, s.y0))
    out: list[Seg] = []
    for s in sorted(segs, key=key):
        if out:
            p = out[-1]
            if horizontal and abs(p.y0 - s.y0) <= SNAP and s.x0 <= p.x1 + SNAP:
                p.x1 = max(p.x1, s.x1)
                continue
            if not horizontal and abs(p.x0 - s.x0) <= SNAP and s.y0 <= p.y1 + SNAP:
                p.y1 = max(p.y1, s.y1)
                continue
        out.append(Seg(s.x0, s.y0, s.x1, s.y1))
    return out


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _components(hs: list[Seg], vs: list[Seg]) -> list[tuple[list[Seg], list[Seg]]]:
    """Groups of lines that touch each other: one group per table."""
    n = len(hs) + len(vs)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.x0 - SNAP <= v.x0 <= h.x1 + SNAP and v.y0 - SNAP <= h.y0 <= v.y1 + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _has_v(vs: list[Seg], x: float, y: float) -> bool:
    return any(abs(v.x0 - x) <= SNAP and v.y0 - SNAP <= y <= v.y1 + SNAP for v in vs)


def _has_h(hs: list[Seg], y: float, x: float) -> bool:
    return any(abs(h.y0 - y) <= SNAP and h.x0 - SNAP <= x <= h.x1 + SNAP for h in hs)


def cell_text(chars: list[Char]) -> str:
    """Characters of one cell as text: lines top to bottom joined by newlines, left to right within."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: -c.cy):
        if lines and abs(lines[-1][0].cy - ch.cy) <= max(ch.y1 - ch.y0, 1) * 0.5:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return "\n".join(join_line(sorted(line, key=lambda c: c.x0)) for line in lines)


def join_line(chars: list[Char]) -> str:
    """A line's characters as text; a space only where the file has one or between two Latin words."""
    out = []
    prev = None
    for ch in chars:
        if prev is not None and ch.text != " " and prev.text != " ":
            gap = ch.x0 - prev.x1
            size = max(ch.size, prev.size, 1.0)
            if gap > 0.25 * size and prev.text[-1:].isascii() and prev.text[-1:].isalnum() \
                    and ch.text[:1].isascii() and ch.text[:1].isalnum():
                out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


def ruled_tables(segs: list[Seg], chars: list[Char]) -> list[Region]:
    """Tables drawn with lines, each as a grid of merged cells holding the characters inside them."""
    hs = _merge([s for s in segs if s.horizontal], True)
    vs = _merge([s for s in segs if not s.horizontal], False)
    regions = []
    for h_group, v_group in _components(hs, vs):
        xs = _cluster([v.x0 for v in v_group])
        ys = sorted(_cluster([h.y0 for h in h_group]), reverse=True)  # top to bottom
        if len(xs) < 2 or len(ys) < 2:
            continue
        nr, nc = len(ys) - 1, len(xs) - 1
        parent = {(i, j): (i, j) for i in range(nr) for j in range(nc)}

        def find(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for i in range(nr):
            ymid = (ys[i] + ys[i + 1]) / 2
            for j in range(nc - 1):
                if not _has_v(v_group, xs[j + 1], ymid):
                    parent[find((i, j + 1))] = find((i, j))
        for j in range(nc):
            xmid = (xs[j] + xs[j + 1]) / 2
            for i in range(nr - 1):
                if not _has_h(h_group, ys[i + 1], xmid):
                    parent[find((i + 1, j))] = find((i, j))
        spans: dict[tuple, list[int]] = {}
        for (i, j) in parent:
            r = find((i, j))
            box = spans.setdefault(r, [i, j, i, j])
            box[0], box[1] = min(box[0], i), min(box[1], j)
            box[2], box[3] = max(box[2], i), max(box[3], j)
        inside: dict[tuple, list[Char]] = {}
        used = set()
        x_lo, x_hi, y_lo, y_hi = xs[0], xs[-1], ys[-1], ys[0]
        for k, ch in enumerate(chars):
            if not (x_lo <= ch.cx <= x_hi and y_lo <= ch.cy <= y_hi):
                continue
            i = next((i for i in range(nr) if ys[i + 1] <= ch.cy <= ys[i]), None)
            j = next((j for j in range(nc) if xs[j] <= ch.cx <= xs[j + 1]), None)
            if i is None or j is None:
                continue
            inside.setdefault(find((i, j)), []).append(ch)
            used.add(k)
        cells = [Cell(cell_text(inside.get(root, [])), b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1)
                 for root, b in spans.items()]
        regions.append(Region(Table(cells), ys[0], used))
    return regions


def gap_cells(chars: list[Char], gap_em: float = 1.6) -> list[str]:
    """A text line split into cells where the gap between characters is wide (a table without lines)."""
    cells: list[list[Char]] = [[]]
    prev = None
    for ch in chars:
        if prev is not None and ch.x0 - prev.x1 > gap_em * max(ch.size, prev.size, 1.0):
            cells.append([])
        if ch.text != " ":
            cells[-1].append(ch)
        prev = ch
    return [join_line(c) for c in cells if c]
