"""Reading cells out of an .xlsx package with the standard library: the little the reader needs.

Owns: sheet names and their parts, custom document properties, shared strings, the date number
formats, and for each cell its value, its formula and the result cached with it (which openpyxl
cannot give in one pass). Parts are parsed with ElementTree's C parser, a row at a time, after
``filecheck`` has refused any DTD or entity. See bench/bench_workbook.py: openpyxl's read-only
load alone (stylesheet, a dimension scan per sheet) takes longer than this whole reader.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any
from xml.etree import ElementTree as ET

CUSTOM_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
SHARED_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

# Built-in number formats that show dates or times (ECMA-376 18.8.30): 14-22 and 45-47 as openpyxl
# has them, and the CJK date ids 27-36 and 50-58 (openpyxl reads those as plain numbers); 46 is a duration.
DATE_IDS = frozenset(range(14, 23)) | frozenset(range(27, 37)) | frozenset(range(45, 48)) | frozenset(range(50, 59))
DURATION_IDS = frozenset({46})
# How openpyxl (``openpyxl.styles.numbers.is_date_format``) decides that a format code shows a date:
# in the first section, outside quoted literals and bracketed locale/colour codes ([h], [mm], [ss]
# stay), a d, m, h, y or s that is neither escaped by a backslash nor a padding argument (_).
_LITERALS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
DATE, DURATION = "date", "duration"
WHOLE_PART = 2 * 1024 * 1024   # sheets up to this size are parsed in one go (faster); larger ones row by row
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


class ErrorValue(str):
    """A cell error such as ``#VALUE!``."""


@dataclass(frozen=True)
class Cell:
    value: Any              # str, int, float, bool, datetime, ErrorValue; the formula text for "f"
    type: str               # "n" number, "s" text, "b" bool, "e" error, "d" date, "f" formula
    cached: Any = None      # a formula's saved result (None when the file has none)


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def is_date_format(code: str | None) -> bool:
    """Whether a number format code shows a date or a time (openpyxl's rule: ``0.0E+0`` does not)."""
    if code is None:
        return False
    return _DATE_LETTER.search(_LITERALS.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    """Whether a date format shows elapsed time (``[h]:mm:ss``): its value is a duration."""
    return code is not None and _DURATION.search(code.split(";")[0]) is not None


class Package:
    """An opened workbook package: ``sheets`` maps sheet names to their parts."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.names = set(zf.namelist())
        root = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = self._rels("xl/workbook.xml")
        self.sheets: dict[str, str] = {}
        self.date1904 = False
        for el in root.iter():
            name = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
            if name == "workbookPr":
                self.date1904 = el.get("date1904") in ("1", "true")
            elif name == "sheet":
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                if rid in rels:
                    self.sheets[el.get("name")] = rels[rid][0]
        self._strings: list[str] | None = None
        self._dates: dict[int, str] | None = None
        self.by_type = {t: p for p, t in rels.values()}

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (target part, type) for a part."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        out = {}
        if rels_part in self.names:
            for rel in ET.fromstring(self.zf.read(rels_part)):
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External":
                    continue
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                out[rel.get("Id")] = (path, rel.get("Type", ""))
        return out

    def custom_properties(self) -> dict[str, str]:
        part = next((p for p, t in self._rels("").values() if t == CUSTOM_TYPE), "docProps/custom.xml")
        if part not in self.names:
            return {}
        out = {}
        for prop in ET.fromstring(self.zf.read(part)):
            name = prop.get("name")
            if name and len(prop):
                out[name] = (prop[0].text or "").strip()
        return out

    # -- shared strings and styles, parsed once when first needed

    def strings(self) -> list[str]:
        if self._strings is None:
            part = self.by_type.get(SHARED_TYPE, "xl/sharedStrings.xml")
            self._strings = _parse_strings(self.zf, part) if part in self.names else []
        return self._strings

    def date_styles(self) -> dict[int, str]:
        """Cell format index (``s``) -> DATE or DURATION, for the formats that show dates or times."""
        if self._dates is None:
            part = self.by_type.get(STYLES_TYPE, "xl/styles.xml")
            self._dates = _parse_date_styles(self.zf, part) if part in self.names else {}
        return self._dates

    def to_date(self, serial: float, kind: str = DATE) -> dt.datetime | dt.time | dt.timedelta | None:
        """A serial number shown as a date, as openpyxl converts it: a time of day below 1, a
        duration for ``[h]:mm`` formats; None when it is no date at all."""
        try:
            if kind == DURATION:
                return _millis(dt.timedelta(days=serial))
            day, fraction = divmod(serial, 1)
            diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
            if 0 <= serial < 1 and diff.days == 0:
                minutes, seconds = divmod(diff.seconds, 60)
                return dt.time(minutes // 60, minutes % 60, seconds, diff.microseconds)
            if not self.date1904 and 0 < serial < 60:
                day += 1  # Excel's 1900 leap-year bug: serials before 1900-03-01 are one day off
            return (dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)) + dt.timedelta(days=day) + diff
        except (OverflowError, ValueError):
            return None

    # -- cells

    def cells(self, sheet: str, max_row: int | None = None, max_col: int | None = None) -> dict[tuple[int, int], Cell]:
        """Every non-empty cell of a sheet up to ``max_row``/``max_col``: (row, col) -> Cell."""
        return _SheetParser(self, max_row, max_col).parse(self.sheets[sheet])


def _parse_strings(zf: zipfile.ZipFile, part: str) -> list[str]:
    """The shared string table: each ``<si>``'s text, runs joined, phonetic runs left out."""
    out: list[str] = []
    ns = None
    with zf.open(part) as f:
        for _, el in ET.iterparse(f, events=("end",)):
            tag = el.tag
            if ns is None:
                ns = tag[:tag.index("}") + 1] if tag.startswith("{") else ""
            if tag == ns + "si":
                out.append(_inline(el, ns))
                el.clear()
    return out


def _millis(td: dt.timedelta) -> dt.timedelta:
    """A duration rounded to the millisecond, as openpyxl gives it."""
    if td.microseconds:
        td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
    return td


def _parse_date_styles(zf: zipfile.ZipFile, part: str) -> dict[int, str]:
    """Cell format index (``s`` attribute) -> DATE or DURATION for the formats that display dates or times.

    A custom format (``numFmts``) wins over a built-in id; its code decides as in openpyxl.
    """
    root = ET.fromstring(zf.read(part))
    custom = {}
    xfs: list[int] = []
    for el in root:
        name = el.tag.rsplit("}", 1)[-1]
        if name == "numFmts":
            for nf in el:
                try:
                    custom[int(nf.get("numFmtId"))] = nf.get("formatCode", "")
                except (TypeError, ValueError):
                    continue
        elif name == "cellXfs":
            for xf in el:
                try:
                    xfs.append(int(xf.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)
    out: dict[int, str] = {}
    for i, fid in enumerate(xfs):
        if fid in custom:
            if is_date_format(custom[fid]):
                out[i] = DURATION if is_duration_format(custom[fid]) else DATE
        elif fid in DATE_IDS:
            out[i] = DURATION if fid in DURATION_IDS else DATE
    return out


class _SheetParser:
    """One streaming pass over a worksheet part (ElementTree's C parser, a row at a time), keeping
    formulas and their cached results; stops after ``max_row``."""

    def __init__(self, pkg: Package, max_row: int | None, max_col: int | None):
        self.pkg, self.max_row, self.max_col = pkg, max_row, max_col
        self.out: dict[tuple[int, int], Cell] = {}
        self.shared: dict[str, tuple[str, tuple[int, int]]] = {}
        self.followers: list[tuple[tuple[int, int], str]] = []

    def parse(self, part: str) -> dict[tuple[int, int], Cell]:
        row_no = 0
        for ns, el in self._rows(part):
            if el.tag != ns + "row":
                continue
            r = el.get("r")
            row_no = int(r) if r else row_no + 1
            if self.max_row is not None and row_no > self.max_row:
                break
            self._row(el, row_no, ns)
        for rc, si in self.followers:
            if si in self.shared and rc in self.out:
                text, origin = self.shared[si]
                self.out[rc] = replace(self.out[rc], value=_translate(text, origin, rc))
        return self.out

    def _rows(self, part: str):
        """(namespace, row element) in order: a small part parsed whole, a big one streamed and freed."""
        zf = self.pkg.zf
        if zf.getinfo(part).file_size <= WHOLE_PART:
            root = ET.fromstring(zf.read(part))
            ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
            data = root.find(ns + "sheetData")
            for el in data if data is not None else ():
                yield ns, el
            return
        ns = None
        with zf.open(part) as f:
            for _, el in ET.iterparse(f, events=("end",)):
                if ns is None:
                    ns = el.tag[:el.tag.index("}") + 1] if el.tag.startswith("{") else ""
                if el.tag == ns + "row":
                    yield ns, el
                    el.clear()

    def _row(self, row, row_no: int, ns: str) -> None:
        col = 0
        c_tag, v_tag, f_tag, is_tag = ns + "c", ns + "v", ns + "f", ns + "is"
        for c in row:
            if c.tag != c_tag:
                continue
            ref = c.get("r")
            m = _CELL_REF.fullmatch(ref) if ref else None
            col = col_number(m.group(1)) if m else col + 1
            if self.max_col is not None and col > self.max_col:
                continue
            rc = (row_no, col)
            t = c.get("t", "n")
            f = c.find(f_tag)
            if t == "inlineStr":
                node = c.find(is_tag)
                value = _inline(node, ns) if node is not None else None
            else:
                value = self._value(t, c.findtext(v_tag), c.get("s"))
            if f is not None:
                formula = f.text or ""
                if f.get("t") == "shared":
                    si = f.get("si")
                    if formula:
                        self.shared[si] = (formula, rc)
                    else:
                        self.followers.append((rc, si))
                self.out[rc] = Cell("=" + formula, "f", value)
            elif value is not None:
                if isinstance(value, (dt.datetime, dt.time, dt.timedelta)):
                    kind = "d"
                elif t in ("b", "e"):
                    kind = t
                else:
                    kind = "n" if isinstance(value, (int, float)) else "s"
                self.out[rc] = Cell(value, kind)

    def _value(self, t: str, v: str | None, s: str | None) -> Any:
        if v is None or (v == "" and t not in ("str", "s")):
            return None
        if t == "s":
            strings = self.pkg.strings()
            try:
                return strings[int(v)]
            except (ValueError, IndexError):
                raise ValueError(f"shared string {v!r} out of range") from None
        if t == "str":
            return v
        if t == "b":
            return v.strip() in ("1", "true")
        if t == "e":
            return ErrorValue(v)
        if t == "d":
            try:
                return dt.datetime.fromisoformat(v.rstrip("Z"))
            except ValueError:
                return v
        try:
            n = float(v)
        except ValueError:
            return v
        kind = self.pkg.date_styles().get(int(s) if s and s.isdigit() else 0)
        if kind is not None:
            d = self.pkg.to_date(n, kind)
            if d is not None:
                return d
        return int(n) if n.is_integer() and abs(n) < 2 ** 53 else n


def _inline(node, ns: str) -> str:
    """The text of an inline string (``<is>``): its runs, without phonetic (``rPh``) text."""
    parts = []
    for child in node:
        if child.tag == ns + "t":
            parts.append(child.text or "")
        elif child.tag == ns + "r":
            parts.append(child.findtext(ns + "t") or "")
    return "".join(parts)


def _translate(text: str, origin: tuple[int, int], dest: tuple[int, int]) -> str:
    """A shared formula as written at a follower cell (openpyxl's translator, imported only here)."""
    # Imported here on purpose: a shared formula is rare, and the reader's cold start must not load openpyxl.
    from openpyxl.formula.translate import Translator
    from openpyxl.utils import get_column_letter

    src = f"{get_column_letter(origin[1])}{origin[0]}"
    dst = f"{get_column_letter(dest[1])}{dest[0]}"
    try:
        return Translator("=" + text, origin=src).translate_formula(dst)
    except Exception:  # a formula the translator does not understand: compare it as written
        return "=" + text
