"""Tables on a PDF page, rebuilt from positions: ruling lines first, column gaps when there are none.

Owns: turning a page's drawn lines (thin path objects and the edges of stroked paths) into table
grids (rows and columns between the lines, cells merged where a separating line is missing),
placing characters in those cells, and, for a table drawn without lines, splitting text lines at
wide gaps into cells. Works on plain records (``Char``, ``Seg``) so it can be tested without a PDF.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

from xl_addin.source.document import Cell, Table, value

SNAP = 2.5          # pt: lines this close are the same line
THIN = 2.5          # pt: a path object this thin is a ruling line


class Char(NamedTuple):
    """One character with its box (PDF coordinates: y grows upwards) and centre (a tuple: there are many)."""
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    style: str = ""
    size: float = 0.0
    cx: float = 0.0
    cy: float = 0.0


def char(text: str, x0: float, y0: float, x1: float, y1: float, style: str = "", size: float = 0.0) -> Char:
    return Char(text, x0, y0, x1, y1, style, size, (x0 + x1) / 2, (y0 + y1) / 2)


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
    """Lines on the same coordinate (within ``SNAP``) whose extents touch or overlap, joined into one."""
    at = (lambda s: s.y0) if horizontal else (lambda s: s.x0)
    groups: list[list[Seg]] = []
    for s in sorted(segs, key=at):
        if groups and at(s) - at(groups[-1][0]) <= SNAP:
            groups[-1].append(s)
        else:
            groups.append([s])
    out: list[Seg] = []
    for group in groups:
        pos = sum(at(s) for s in group) / len(group)
        spans = sorted(((s.x0, s.x1) if horizontal else (s.y0, s.y1)) for s in group)
        merged: list[list[float]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1] + SNAP:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        for lo, hi in merged:
            out.append(Seg(lo, pos, hi, pos) if horizontal else Seg(pos, lo, pos, hi))
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


def _open_edges(ys: list[float], vs: list[Seg], xs: list[float], chars: list[Char]) -> list[float]:
    """Row edges with the open rows at a page break: where the column lines run on below the last
    rule (the last row on a page drawn without its bottom rule, as WPS does) or above the first
    (the first row of the next page without its top rule), and characters stand there, the end of
    the column lines closes the row."""
    lo, hi = min(v.y0 for v in vs), max(v.y1 for v in vs)

    def holds(a: float, b: float) -> bool:
        return any(xs[0] <= c.cx <= xs[-1] and a < c.cy < b for c in chars)

    if lo < ys[-1] - SNAP and holds(lo, ys[-1]):
        ys = ys + [lo]
    if hi > ys[0] + SNAP and holds(ys[0], hi):
        ys = [hi] + ys
    return ys


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
        if prev is not None and ch.text[:1].isascii() and ch.text[:1].isalnum() and prev.text[-1:].isascii() \
                and prev.text[-1:].isalnum() and ch.x0 - prev.x1 > 0.25 * max(ch.size, prev.size, 1.0):
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
        ruled = (ys[0], ys[-1])
        ys = _open_edges(ys, v_group, xs, chars)
        nr, nc = len(ys) - 1, len(xs) - 1
        parent = {(i, j): (i, j) for i in range(nr) for j in range(nc)}

        def find(k, parent=parent):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        at_x = [[v for v in v_group if abs(v.x0 - x) <= SNAP] for x in xs]      # the lines on each edge, once
        at_y = [[h for h in h_group if abs(h.y0 - y) <= SNAP] for y in ys]
        for i in range(nr):
            ymid = (ys[i] + ys[i + 1]) / 2
            for j in range(nc - 1):
                if not _has_v(at_x[j + 1], xs[j + 1], ymid):
                    parent[find((i, j + 1))] = find((i, j))
        for j in range(nc):
            xmid = (xs[j] + xs[j + 1]) / 2
            for i in range(nr - 1):
                if not _has_h(at_y[i + 1], ys[i + 1], xmid):
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
        neg_ys = [-y for y in ys]
        for k, ch in enumerate(chars):
            if not (x_lo <= ch.cx <= x_hi and y_lo <= ch.cy <= y_hi):
                continue
            i = min(bisect.bisect_left(neg_ys, -ch.cy) - 1, nr - 1)     # ys run top to bottom
            j = min(bisect.bisect_right(xs, ch.cx) - 1, nc - 1)
            if i < 0 or j < 0:
                continue
            inside.setdefault(find((i, j)), []).append(ch)
            used.add(k)
        cells = [Cell(cell_text(inside.get(root, [])), b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1)
                 for root, b in spans.items()]
        table = Table(cells, edges=tuple(xs), open_top=ys[0] != ruled[0], open_bottom=ys[-1] != ruled[1])
        regions.append(Region(table, ys[0], used))
    return regions


def join_parts(first: Table, second: Table, tolerance: float = 3.0) -> Table | None:
    """One table from its parts on two pages, or None when they are not one table (other columns).

    The second part's leading rows that repeat the first part's header are dropped; a row cut by
    the page break (the first part open at the bottom, the second open at the top) is one row again.
    """
    if not first.edges or len(first.edges) != len(second.edges) or any(
            abs(a - b) > tolerance for a, b in zip(first.edges, second.edges)):
        return None
    top = first.rows()
    rows = second.rows()
    texts = lambda row: [c.text for c in row]  # noqa: E731
    k = 0
    while k < len(rows) and k < len(top) and texts(rows[k]) == texts(top[k]):
        k += 1
    if not any(t.strip() for row in rows[:k] for t in texts(row)):
        k = 0                                   # only blank rows alike: no header repeated
    skip = min((c.row for c in second.cells if c.row >= k), default=k)
    last = max((c.row for c in first.cells), default=-1)
    cells = list(first.cells)
    offset = last + 1 - skip
    if k == 0 and first.open_bottom and second.open_top and rows:
        ends = {c.col: i for i, c in enumerate(cells) if c.row + c.rs - 1 == last}
        for c in rows[0]:
            if c.col in ends:
                i = ends[c.col]
                cells[i] = Cell((cells[i].text + "\n" + c.text).strip("\n"), cells[i].row, cells[i].col, cells[i].rs,
                                cells[i].cs)
        skip, offset = 1, last
        cells += [Cell(c.text, c.row + offset, c.col, c.rs, c.cs) for c in rows[0] if c.col not in ends]
    cells += [Cell(c.text, c.row + offset, c.col, c.rs, c.cs) for c in second.cells if c.row >= skip]
    return Table(cells, first.page, first.edges, first.open_top, second.open_bottom)


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


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    cy: float
    size: float


def _words(chars: list[Char], gap_em: float = 1.2) -> list[_Word]:
    out, cur = [], []
    chars = [c for c in chars if c.text.strip()]
    for ch in chars + [None]:
        if ch is None or (cur and ch.x0 - cur[-1].x1 > gap_em * max(ch.size, cur[-1].size, 1.0)):
            kept = [c for c in cur if c.text != " "]
            if kept:
                out.append(_Word(join_line(kept), kept[0].x0, kept[-1].x1, sum(c.cy for c in kept) / len(kept),
                                 max(c.size for c in kept)))
            cur = []
        if ch is not None:
            cur.append(ch)
    return out


def _groups(values: list[float], tol: float) -> list[list[float]]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return out


def unruled_table(lines: list[list[Char]]) -> Table:
    """A table drawn without lines: value columns from where the numbers stand, one row per line of
    numbers, and each label line given to the row of numbers nearest to it (labels wrapped over
    several lines, centred on their numbers, come together again)."""

    def number(text: str) -> bool:
        return isinstance(value(text), (int, float))

    words = [w for chars in lines for w in _words(chars)]
    vals = [w for w in words if number(w.text)]
    if not vals:
        return Table([Cell(w.text, r, c) for r, chars in enumerate(lines) for c, w in enumerate(_words(chars))])
    size = sorted(w.size for w in words)[len(words) // 2] or 10.0
    cols = [sum(g) / len(g) for g in _groups([(w.x0 + w.x1) / 2 for w in vals], 0.9 * size)]
    rows = [sum(g) / len(g) for g in _groups([w.cy for w in vals], 0.4 * size)]
    value_left = min(w.x0 for w in vals) - 0.5 * size
    # left of the numbers, a narrower gap already separates columns (a group label beside its row label)
    label_chars = [[c for c in chars if any(w.x0 - 0.1 <= c.x0 and c.x1 <= w.x1 + 0.1 for w in left)]
                   for chars, left in ((chars, [w for w in _words(chars) if w.x1 <= value_left]) for chars in lines)]
    words = [w for w in words if w.x1 > value_left] + [w for chars in label_chars for w in _words(chars, 0.5)]
    label_cols = [g[0] for g in _groups(sorted(w.x0 for w in words if w.x1 <= value_left), 1.0 * size)]
    rows_desc = sorted(rows, reverse=True)
    grid: dict[tuple[int, int], list[_Word]] = {}
    loose: list[tuple[float, _Word]] = []
    for w in words:
        r = min(range(len(rows_desc)), key=lambda i: abs(rows_desc[i] - w.cy))
        if abs(rows_desc[r] - w.cy) > 1.6 * size or (w.x1 > value_left and not number(w.text)):
            loose.append((w.cy, w))
            continue
        if w.x1 <= value_left:
            c = max([i for i, x in enumerate(label_cols) if x <= w.x0 + 0.5 * size] or [0])
        else:
            c = len(label_cols) + min(range(len(cols)), key=lambda i: abs(cols[i] - (w.x0 + w.x1) / 2))
        grid.setdefault((r, c), []).append(w)
    n_cols = len(label_cols) + len(cols)
    entries: list[tuple[float, list[str]]] = []
    for r, y in enumerate(rows_desc):
        texts = []
        for c in range(n_cols):
            ws = sorted(grid.get((r, c), []), key=lambda w: (-round(w.cy), w.x0))
            texts.append("".join(w.text for w in ws))
        entries.append((y, texts))
    for y, w in loose:
        entries.append((y, [w.text]))
    entries.sort(key=lambda e: -e[0])
    cells = [Cell(text, r, c) for r, (_, texts) in enumerate(entries) for c, text in enumerate(texts)
             if text or c >= len(texts) - len(cols) or len(texts) > 1]
    return Table(cells)
